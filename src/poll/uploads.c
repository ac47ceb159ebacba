/* Concurrent uploads for upload-and-poll: a window of at most N jobs on
 * the client's engine; the calling thread drives them all. Results are
 * kept per input position so the outcome does not depend on completion
 * order (DEV-10 and the "lowest input position" error rule, §6.3). */
#include "poll/uploads.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/json.h"
#include "http/jobs.h"
#include "resources/rest.h"
#include "resources/upload.h"

/* How long one engine wait may last: bounds how late a cancel token set
 * from another thread, or the deadline, is noticed. */
#define SLICE_MS 50

typedef struct slot {
    oai__upload_form form;
    oai__http_job *job;
    uint64_t reported; /* bytes last reported to the progress callback */
    int finished;
    int rc;
    oai__error_store err;
} slot;

static int start(slot *s, oai__poll_ctx *x)
{
    oai__http_spec spec = OAI__HTTP_SPEC_INIT;
    spec.method = "POST";
    spec.path = "/files";
    spec.parts = s->form.parts;
    spec.n_parts = 2;
    spec.opts = x->o.request;
    int rc = oai__http_job_start(&s->job, x->c, &spec);
    if (rc) {
        s->finished = 1;
        s->rc = rc;
        oai__error_copy(&s->err, oai__client_error(x->c));
    }
    return rc;
}

/* Collect a finished job: its id, or its error. */
static void collect(slot *s, char **id, oai__poll_ctx *x)
{
    oai__http_response resp;
    s->rc = oai__http_job_finish(&resp, &s->err, s->job);
    if (!s->rc) {
        const char *v =
            oai_json_string(oai_json_get(oai__view(resp.json), "id"));
        if (!v || !*v)
            s->rc = oai__error_set(&s->err, OAI_EPROTOCOL,
                                   "the upload answer has no file `id`");
        else if (!(*id = oai__strdup(v)))
            s->rc = oai__error_set(&s->err, OAI_ENOMEM, "out of memory");
    }
    oai__http_response_clear(&resp);
    oai__http_job_free(s->job);
    s->job = NULL;
    s->finished = 1;
    (void)x;
}

static int report(slot *s, size_t i, oai__poll_ctx *x)
{
    uint64_t sent = s->finished ? s->form.size : oai__http_job_sent(s->job);
    if (sent > s->form.size)
        sent = s->form.size; /* the multipart framing counts too */
    if (sent == s->reported && !s->finished)
        return OAI_OK;
    s->reported = sent;
    return oai__poll_report_upload(x, i, s->form.filename, sent, s->form.size,
                                   s->finished && s->rc == OAI_OK);
}

static int deadline_passed(oai__poll_ctx *x)
{
    if (x->deadline_ms && oai__poll_now_ms() >= x->deadline_ms)
        return oai__error_set(oai__client_error(x->c), OAI_EPOLLTIMEOUT,
                              "uploads did not finish within max_wait_ms=%ld",
                              x->o.max_wait_ms);
    return OAI_OK;
}

int oai__upload_many(char **ids, oai__poll_ctx *x, const oai_upload *files,
                     size_t n, int max_concurrency)
{
    for (size_t i = 0; i < n; i++)
        ids[i] = NULL;
    if (max_concurrency <= 0)
        max_concurrency = 5;
    slot *slots = n ? oai__calloc(n, sizeof *slots) : NULL;
    if (n && !slots)
        return oai__rest_nomem(x->c);
    oai__http_job **jobs = n ? oai__calloc(n, sizeof *jobs) : NULL;
    if (n && !jobs) {
        oai__free(slots);
        return oai__rest_nomem(x->c);
    }

    int rc = OAI_OK;
    /* every source is checked before the first byte is sent */
    for (size_t i = 0; i < n && !rc; i++) {
        char what[32];
        snprintf(what, sizeof what, "files[%zu]", i);
        oai__error_clear(&slots[i].err);
        rc = oai__upload_form_init(&slots[i].form, x->c, &files[i],
                                   "assistants", what);
    }

    size_t next = 0, running = 0;
    while (!rc) {
        while (running < (size_t)max_concurrency && next < n) {
            if (start(&slots[next], x) == OAI_OK) {
                jobs[next] = slots[next].job;
                running++;
            }
            next++;
        }
        if (!running)
            break;
        oai__http_jobs_wait(x->c, jobs, n, SLICE_MS);
        for (size_t i = 0; i < next && !rc; i++) {
            slot *s = &slots[i];
            if (!s->job)
                continue;
            if (oai__http_job_done(s->job)) {
                collect(s, &ids[i], x);
                jobs[i] = NULL;
                running--;
            }
            rc = report(s, i, x);
        }
        if (!rc)
            rc = oai__poll_check_cancel(x);
        if (!rc)
            rc = deadline_passed(x);
    }

    /* stop whatever still runs (cancel, deadline, callback) */
    for (size_t i = 0; i < n; i++)
        oai__http_job_free(slots[i].job);

    if (!rc) {
        for (size_t i = 0; i < n; i++) {
            if (slots[i].rc) {
                oai__error_store *e = oai__client_error(x->c);
                oai__error_copy(e, &slots[i].err);
                char msg[sizeof e->message + 512];
                snprintf(msg, sizeof msg,
                         "upload of files[%zu] '%s' failed: %s", i,
                         slots[i].form.filename, slots[i].err.message);
                oai__strlcpy_utf8(e->message, sizeof e->message, msg,
                                  strlen(msg));
                e->pub.message = e->message;
                rc = slots[i].rc;
                break;
            }
        }
    }
    if (rc) {
        for (size_t i = 0; i < n; i++) {
            oai__free(ids[i]);
            ids[i] = NULL;
        }
    }
    oai__free(jobs);
    oai__free(slots);
    return rc;
}
