/* Concurrent buffered requests on one engine (jobs.h): each job is a
 * transfer started with the engine's driver calls; this file only adds
 * "wait for any of these". */
#include "http/jobs.h"

#include "core/alloc.h"
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
        return oai__error_nomem(&c->err);
    int rc = oai__xfer_start(&j->x, c, spec, OAI__XM_BUFFER);
    if (rc) {
        oai__free(j);
        return rc;
    }
    *out = j;
    return OAI_OK;
}

int oai__http_job_done(const oai__http_job *j)
{
    return j && oai__xfer_done(j->x);
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

typedef struct job_set {
    oai__http_job *const *jobs;
    size_t n;
} job_set;

static int any_done(void *arg)
{
    const job_set *js = arg;
    return count_done(js->jobs, js->n) > 0;
}

size_t oai__http_jobs_wait(oai_client *c, oai__http_job *const *jobs, size_t n,
                           long timeout_ms)
{
    job_set js = {jobs, n};
    oai__engine_run_until(c, any_done, &js,
                          oai__now_ms() + (timeout_ms > 0 ? timeout_ms : 0));
    return count_done(jobs, n);
}

int oai__http_job_finish(oai__http_response *out, oai__error_store *err,
                         oai__http_job *j)
{
    oai__error_clear(err);
    return oai__xfer_take(out, err, j->x);
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
