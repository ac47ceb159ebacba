/* Concurrent buffered requests on one engine (jobs.h). A job is a transfer
 * of engine.h; this file only adds "start without waiting" and "wait for
 * any of these" on top of the engine's tick and timeout. */
#include "http/jobs.h"

#include <string.h>

#include "core/alloc.h"
#include "core/json.h"
#include "http/engine.h"

struct oai__http_job {
    oai__xfer *x;
};

int oai__http_job_start(oai__http_job **out, oai_client *c,
                        const oai__http_spec *spec)
{
    *out = NULL;
    if (!c)
        return OAI_EINVAL;
    if (spec->sink)
        return oai__error_set(&c->err, OAI_EINVAL, "a job cannot have a sink");
    oai__http_job *j = oai__calloc(1, sizeof *j);
    if (!j)
        return oai__error_set(&c->err, OAI_ENOMEM, "out of memory");
    int rc = oai__xfer_new(&j->x, c, spec, OAI__XM_BUFFER);
    if (rc) {
        oai__free(j);
        return rc;
    }
    *out = j;
    return OAI_OK;
}

int oai__http_job_done(const oai__http_job *j)
{
    return j && j->x->state == OAI__XS_DONE;
}

uint64_t oai__http_job_sent(const oai__http_job *j)
{
    return j && j->x->seen_ul > 0 ? (uint64_t)j->x->seen_ul : 0;
}

static size_t count_done(oai__http_job *const *jobs, size_t n)
{
    size_t done = 0;
    for (size_t i = 0; i < n; i++)
        done += jobs[i] && oai__http_job_done(jobs[i]);
    return done;
}

size_t oai__http_jobs_wait(oai_client *c, oai__http_job *const *jobs, size_t n,
                           long timeout_ms)
{
    int64_t deadline = oai__now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
    for (;;) {
        oai__engine_tick(c);
        size_t done = count_done(jobs, n);
        int64_t now = oai__now_ms();
        if (done || now >= deadline)
            return done;
        long w = oai__engine_timeout(c);
        if (w < 0 || w > deadline - now)
            w = (long)(deadline - now);
        curl_multi_poll(c->multi, NULL, 0, (int)w, NULL);
    }
}

int oai__http_job_finish(oai__http_response *out, oai__error_store *err,
                         oai__http_job *j)
{
    memset(out, 0, sizeof *out);
    oai__error_clear(err);
    oai__xfer *x = j->x;
    if (x->state != OAI__XS_DONE)
        return oai__error_set(err, OAI_EINVAL, "the request has not finished");
    int nomem = 0;
    out->status = x->status;
    out->retries = x->retries;
    if (x->status > 0) {
        out->headers = x->hbuf;
        out->headers_len = x->hlen;
        x->hbuf = NULL;
        if (x->blen) {
            out->body = x->bbuf;
            out->body_len = x->blen;
            x->bbuf = NULL;
            out->json = oai__json_parse_nomem(out->body, out->body_len, &nomem);
        }
    }
    if (x->result)
        oai__error_copy(err, &x->err);
    else if (nomem)
        return oai__error_set(err, OAI_ENOMEM,
                              "out of memory while parsing the response");
    return x->result;
}

void oai__http_job_set_notify(oai__http_job *j, oai__notify *n)
{
    if (j)
        j->x->notify = n;
}

void oai__http_job_free(oai__http_job *j)
{
    if (!j)
        return;
    oai__xfer_free(j->x);
    oai__free(j);
}
