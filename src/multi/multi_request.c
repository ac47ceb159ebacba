/* oai_call: a plain request in flight on a multi. It is a job of the
 * client's engine (http/jobs.h) with the multi's readiness hook attached,
 * so the retry policy, headers and error model are those of every other
 * request. */
#include <string.h>

#include "core/alloc.h"
#include "core/json.h"
#include "http/client_impl.h"
#include "http/jobs.h"
#include "multi/multi_int.h"

struct oai_call {
    oai__mentry e;
    oai__http_job *job;
    int finished;
    int result;
    oai_response *resp;
    oai__error_store err;
};

static void request_step(oai__mentry *e, int64_t now)
{
    oai_call *r = (oai_call *)e;
    (void)now;
    if (r->finished || !oai__http_job_done(r->job))
        return;
    oai__http_response hr;
    int rc = oai__http_job_finish(&hr, &r->err, r->job);
    if (rc == OAI_OK && oai__response_take(&r->resp, &hr) != OAI_OK)
        rc = oai__error_nomem(&r->err);
    oai__http_response_clear(&hr);
    oai__http_job_free(r->job);
    r->job = NULL;
    r->finished = 1;
    r->result = rc;
    oai__multi_complete(e, rc);
}

static const oai__mentry_vt request_vt = {request_step, NULL};

int oai_multi_request(oai_call **out, oai_multi *m, const char *method,
                      const char *path, const char *query, const oai_json *body,
                      const oai_request_options *opts, oai_multi_done_fn done,
                      void *user_data)
{
    if (out)
        *out = NULL;
    if (!m)
        return OAI_EINVAL;
    oai_client *c = oai__multi_client(m);
    oai__http_spec spec;
    int rc;
    oai_call *r = oai__http_raw_begin(&spec, c, out, sizeof *r, method, path,
                                      query, oai__cj(body), opts, &rc);
    if (!r)
        return rc;
    oai__error_clear(&r->err);
    rc = oai__http_job_start(&r->job, c, &spec);
    if (rc) {
        oai__free(r);
        return rc;
    }
    oai__http_job_set_notify(r->job, &r->e.n);
    oai__multi_attach(m, &r->e, &request_vt, OAI_MULTI_CALL, r, done,
                      user_data);
    *out = r;
    return OAI_OK;
}

int oai_call_result(const oai_response **out, const oai_call *r)
{
    if (out)
        *out = NULL;
    if (!out || !r)
        return OAI_EINVAL;
    if (!r->finished)
        return OAI_ENOTREADY;
    if (r->result == OAI_OK)
        *out = r->resp;
    return r->result;
}

const oai_error *oai_call_error(const oai_call *r)
{
    return r ? &r->err.pub : NULL;
}

void oai_call_free(oai_call *r)
{
    if (!r)
        return;
    oai__multi_detach(&r->e);
    oai__http_job_free(r->job);
    oai_response_free(r->resp);
    oai__error_clear(&r->err);
    oai__free(r);
}
