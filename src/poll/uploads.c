/* The upload stage of the upload-and-poll pollers (uploads.h). */
#include "poll/uploads.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/json.h"
#include "http/jobs.h"
#include "poll/poll_rules.h"
#include "resources/rest.h"
#include "resources/upload.h"

#define DEFAULT_CONCURRENCY 5

struct oai__upload_slot {
    oai_upload src; /* the caller's, or its strings and bytes in `copy` */
    void *copy;
    oai__upload_form form; /* borrows from src */
    oai__http_job *job;
    uint64_t reported; /* bytes last reported to the progress callback */
    int finished;
    int rc;
    oai__error_store err;
    char *id;
};

/* A private copy of `u` into s->src. */
static int copy_source(oai__upload_slot *s, const oai_upload *u)
{
    s->src = *u;
    /* the bytes are read from the file when there is a path */
    const void *src[] = {u->path, u->filename, u->path ? NULL : u->data};
    const size_t len[] = {(size_t)-1, (size_t)-1, u->len};
    const char *data;
    const char **dst[] = {&s->src.path, &s->src.filename, &data};
    if (!(s->copy = oai__strpack(sizeof src / sizeof *src, src, len, dst)))
        return OAI_ENOMEM;
    s->src.data = data;
    return OAI_OK;
}

int oai__uploads_init(oai__uploads *u, oai_client *c, const oai_upload *files,
                      size_t n, int max_concurrency, int copy)
{
    memset(u, 0, sizeof *u);
    u->max =
        max_concurrency > 0 ? (size_t)max_concurrency : DEFAULT_CONCURRENCY;
    if (!n)
        return OAI_OK;
    u->slots = oai__calloc(n, sizeof *u->slots);
    if (!u->slots)
        return oai__rest_nomem(c);
    u->n = n;
    for (size_t i = 0; i < n; i++) {
        oai__upload_slot *s = &u->slots[i];
        oai__error_clear(&s->err);
        if (!copy)
            s->src = files[i];
        else if (copy_source(s, &files[i]))
            return oai__rest_nomem(c);
        char what[32];
        snprintf(what, sizeof what, "files[%zu]", i);
        int rc =
            oai__upload_form_init(&s->form, c, &s->src, "assistants", what);
        if (rc)
            return rc;
    }
    return OAI_OK;
}

static void start(oai__upload_slot *s, oai_client *c, oai__notify *hook,
                  const oai_poll_options *o)
{
    oai__http_spec spec = OAI__HTTP_SPEC_INIT;
    spec.method = "POST";
    spec.path = "/files";
    spec.parts = s->form.parts;
    spec.n_parts = 2;
    spec.opts = o->request;
    int rc = oai__http_job_start(&s->job, c, &spec);
    if (rc) {
        s->finished = 1;
        s->rc = rc;
        oai__error_copy(&s->err, oai__client_error(c));
    } else {
        oai__http_job_set_notify(s->job, hook);
    }
}

/* Collect a finished job: its id, or its error. */
static void collect(oai__upload_slot *s)
{
    oai__http_response resp;
    s->rc = oai__http_job_finish(&resp, &s->err, s->job);
    if (!s->rc) {
        const char *v =
            oai_json_string(oai_json_get(oai__view(resp.json), "id"));
        if (!v || !*v)
            s->rc = oai__error_set(&s->err, OAI_EPROTOCOL,
                                   "the upload answer has no file `id`");
        else if (!(s->id = oai__strdup(v)))
            s->rc = oai__error_nomem(&s->err);
    }
    oai__http_response_clear(&resp);
    oai__http_job_free(s->job);
    s->job = NULL;
    s->finished = 1;
}

static int report(oai__upload_slot *s, size_t i, const oai_poll_options *o,
                  oai__error_store *err)
{
    uint64_t sent = s->finished ? s->form.size : oai__http_job_sent(s->job);
    if (sent > s->form.size)
        sent = s->form.size; /* the multipart framing counts too */
    if (sent == s->reported && !s->finished)
        return OAI_OK;
    s->reported = sent;
    return oai__poll_report_upload(o, err, i, s->form.filename, sent,
                                   s->form.size,
                                   s->finished && s->rc == OAI_OK);
}

/* The error of the lowest failed position, naming the file; or OAI_OK. */
static int first_failure(oai__uploads *u, oai__error_store *err)
{
    for (size_t i = 0; i < u->n; i++) {
        oai__upload_slot *s = &u->slots[i];
        if (!s->rc)
            continue;
        oai__error_copy(err, &s->err);
        char msg[OAI__ERROR_MESSAGE_CAP];
        snprintf(msg, sizeof msg, "upload of files[%zu] '%s' failed: %s", i,
                 s->form.filename, s->err.pub.message);
        oai__error_set_message(err, msg);
        return s->rc;
    }
    return OAI_OK;
}

int oai__uploads_step(oai__uploads *u, oai_client *c, oai__notify *hook,
                      const oai_poll_options *o, oai__error_store *err)
{
    for (size_t i = 0; i < u->next; i++) {
        oai__upload_slot *s = &u->slots[i];
        if (!s->job)
            continue;
        if (oai__http_job_done(s->job)) {
            collect(s);
            u->running--;
        }
        int rc = report(s, i, o, err);
        if (rc)
            return rc;
    }
    while (u->running < u->max && u->next < u->n) {
        oai__upload_slot *s = &u->slots[u->next++];
        start(s, c, hook, o);
        u->running += s->job != NULL;
    }
    if (u->running)
        return OAI_EAGAIN;
    int rc = first_failure(u, err);
    if (rc || !u->n)
        return rc;
    if (!(u->ids = oai__calloc(u->n, sizeof *u->ids)))
        return oai__error_nomem(err);
    for (size_t i = 0; i < u->n; i++) {
        u->ids[i] = u->slots[i].id;
        u->slots[i].id = NULL;
    }
    return OAI_OK;
}

void oai__uploads_clear(oai__uploads *u)
{
    for (size_t i = 0; i < u->n; i++) {
        oai__upload_slot *s = &u->slots[i];
        oai__http_job_free(s->job);
        oai__free(s->id);
        oai__free(s->copy);
        oai__error_clear(&s->err);
        if (u->ids)
            oai__free(u->ids[i]);
    }
    oai__free(u->ids);
    oai__free(u->slots);
    memset(u, 0, sizeof *u);
}
