/* The poll loop, once: a poller is a state machine stepped by a multi -
 * upload the plan's files, send its creating request, then GET until a
 * terminal state (the rules of poll/poll_rules.h). Each request is a job
 * of the client's engine with the multi's readiness hook; the wait between
 * GETs, the upload progress period and the max_wait deadline are the
 * entry's timer, so nothing sleeps. The blocking helpers run the same
 * pollers on a private multi (poll_blocking.c). */
#include <string.h>

#include "core/alloc.h"
#include "core/json.h"
#include "http/client_impl.h"
#include "http/jobs.h"
#include "multi/multi_int.h"
#include "multi/poller_int.h"
#include "poll/cancel.h"
#include "resources/request_copy.h"
#include "resources/rest.h"

enum { P_NEW, P_UPLOAD, P_CREATE, P_GET, P_WAIT, P_DONE };

struct oai_poller {
    oai__mentry e; /* first */
    oai_client *c;
    oai__poll_plan plan;
    oai_poll_options o;    /* o.request points at req.opts when given */
    oai__request_copy req; /* the caller's request options */
    int state;
    oai__http_job *job;
    int64_t due;      /* P_WAIT: the next GET; P_UPLOAD: the next report */
    int64_t deadline; /* max_wait_ms, 0: none */
    long interval;    /* -1 until chosen */
    unsigned polls;
    oai_json *last;
    int result;
    oai__error_store err;
    oai__cancel_waiter waiter; /* wakes the multi when o.cancel is set */
};

static int cancelled(const oai_poller *p)
{
    return p->o.cancel && oai_cancel_is_set(p->o.cancel);
}

static void finish(oai_poller *p, int rc)
{
    if (rc != OAI_EPOLLTIMEOUT && rc != OAI_ECANCELLED && rc != OAI_OK) {
        oai_json_free(p->last); /* only a timeout or cancel keeps it */
        p->last = NULL;
    }
    oai__http_job_free(p->job);
    p->job = NULL;
    oai__uploads_clear(&p->plan.uploads);
    oai__cancel_unwatch(p->o.cancel, &p->waiter);
    p->state = P_DONE;
    p->result = rc;
    oai__multi_complete(&p->e, rc); /* may free p */
}

/* `poll_get`: a GET of the poll loop, which carries the poll helper's
 * headers. */
static int start_job(oai_poller *p, const char *method, const char *path,
                     const char *query, const cJSON *body,
                     const oai_request_options *ro, int poll_get)
{
    oai__http_spec spec;
    oai__rest_spec(&spec, method, path, query, body, ro);
    spec.poll_helper = poll_get;
    spec.poll_interval_ms = poll_get ? p->o.poll_interval_ms : 0;
    int rc = oai__http_job_start(&p->job, p->c, &spec);
    if (rc) {
        oai__error_copy(&p->err, oai__client_error(p->c));
        return rc;
    }
    oai__http_job_set_notify(p->job, &p->e.n);
    return OAI_OK;
}

/* The answer of the finished job; `want` names a header to copy. */
static int job_answer(oai_poller *p, oai_json **obj, const char *want,
                      char **value)
{
    oai__http_response hr;
    int rc = oai__http_job_finish(&hr, &p->err, p->job);
    rc = oai__rest_answer(obj, &p->err, &hr, rc, want, value);
    oai__http_response_clear(&hr);
    oai__http_job_free(p->job);
    p->job = NULL;
    return rc;
}

static void start_get(oai_poller *p)
{
    if (cancelled(p)) {
        finish(p, oai__error_set(&p->err, OAI_ECANCELLED, "polling cancelled"));
        return;
    }
    int rc = start_job(p, "GET", p->plan.poll_path, NULL, NULL,
                       p->plan.get_request ? p->o.request : NULL, 1);
    if (rc)
        finish(p, rc);
    else
        p->state = P_GET;
}

static void start_create(oai_poller *p)
{
    if (!p->plan.create_path) {
        start_get(p);
        return;
    }
    if (cancelled(p)) {
        finish(p, oai__error_set(&p->err, OAI_ECANCELLED, "polling cancelled"));
        return;
    }
    int rc = start_job(p, "POST", p->plan.create_path, p->plan.create_query,
                       p->plan.create_body, p->o.request, 0);
    if (rc)
        finish(p, rc);
    else
        p->state = P_CREATE;
}

/* P_UPLOAD: progress the uploads; once done, create with their ids. */
static void uploading(oai_poller *p, int64_t now)
{
    int rc = oai__uploads_step(&p->plan.uploads, p->c, &p->e.n, &p->o, &p->err);
    if (rc != OAI_OK && rc != OAI_EAGAIN) {
        finish(p, rc);
        return;
    }
    if (cancelled(p))
        rc = oai__error_set(&p->err, OAI_ECANCELLED, "polling cancelled");
    else if (p->deadline && now >= p->deadline)
        rc = oai__error_set(&p->err, OAI_EPOLLTIMEOUT,
                            "uploads did not finish within max_wait_ms=%ld",
                            (long)p->o.max_wait_ms);
    else if (rc == OAI_EAGAIN) {
        p->due = now + OAI__UPLOAD_REPORT_MS;
        return;
    } else {
        rc = oai__poll_plan_uploaded(&p->plan, p->c, &p->err,
                                     p->plan.uploads.ids);
    }
    if (rc) {
        finish(p, rc);
        return;
    }
    oai__uploads_clear(&p->plan.uploads);
    start_create(p);
}

static void start(oai_poller *p, int64_t now)
{
    if (cancelled(p))
        finish(p, oai__error_set(&p->err, OAI_ECANCELLED, "polling cancelled"));
    else if (p->plan.upload) {
        p->state = P_UPLOAD;
        uploading(p, now);
    } else {
        start_create(p);
    }
}

static void created(oai_poller *p)
{
    oai_json *obj = NULL;
    int rc = job_answer(p, &obj, NULL, NULL);
    if (!rc)
        rc = oai__poll_plan_target(&p->plan, p->c, &p->err, obj);
    oai_json_free(obj);
    if (rc)
        finish(p, rc);
    else
        start_get(p);
}

static void polled(oai_poller *p, int64_t now)
{
    oai_json *obj = NULL;
    char *after = NULL;
    int rc = job_answer(
        p, &obj, p->interval < 0 ? "openai-poll-after-ms" : NULL, &after);
    if (rc) {
        finish(p, rc); /* the request's own error ends polling */
        return;
    }
    p->polls++;
    int stop = oai__poll_reported(p->plan.kind, obj, p->last) &&
               oai__poll_progress_stop(&p->o, p->polls, obj);
    oai_json_free(p->last);
    p->last = obj;
    if (p->interval < 0)
        p->interval = oai__poll_choose_interval(&p->o, after);
    oai__free(after);
    if (stop)
        finish(p, oai__error_set(&p->err, OAI_ECANCELLED,
                                 "cancelled by the progress callback"));
    else if (oai__poll_is_terminal(p->plan.kind, obj))
        finish(p, OAI_OK);
    else {
        p->state = P_WAIT;
        p->due = now + p->interval;
    }
}

static void poller_step(oai__mentry *e, int64_t now)
{
    oai_poller *p = (oai_poller *)e;
    switch (p->state) {
    case P_NEW:
        start(p, now);
        return;
    case P_UPLOAD:
        uploading(p, now);
        return;
    case P_CREATE:
        if (oai__http_job_done(p->job))
            created(p);
        return;
    case P_GET:
        if (oai__http_job_done(p->job))
            polled(p, oai__now_ms());
        return;
    case P_WAIT:
        if (cancelled(p))
            finish(p, oai__error_set(&p->err, OAI_ECANCELLED,
                                     "polling cancelled"));
        else if (p->deadline && now >= p->deadline)
            finish(p, oai__poll_timeout_error(&p->err, p->o.max_wait_ms,
                                              p->polls, p->last));
        else if (now >= p->due)
            start_get(p);
        return;
    default:
        return;
    }
}

static int64_t poller_deadline(const oai__mentry *e)
{
    const oai_poller *p = (const oai_poller *)e;
    if (p->state != P_WAIT && p->state != P_UPLOAD)
        return -1; /* a request is in flight: its own hook wakes us */
    if (cancelled(p))
        return 0;
    if (p->deadline && p->deadline < p->due)
        return p->deadline;
    return p->due;
}

static const oai__mentry_vt poller_vt = {poller_step, poller_deadline};

/* ---- creation ---------------------------------------------------------- */

/* Keep the caller's request options: every request of the poller is sent
 * after the creating call returned. */
static int copy_request(oai_poller *p)
{
    if (!p->o.request)
        return OAI_OK;
    int rc = oai__request_copy_init(&p->req, p->o.request);
    p->o.request = &p->req.opts;
    return rc;
}

static void on_detach(oai__mentry *e)
{
    oai_poller *p = (oai_poller *)e;
    oai__cancel_unwatch(p->o.cancel, &p->waiter);
}

static void wake_multi(void *m)
{
    oai_multi_wakeup(m);
}

int oai__poller_new(oai_poller **out, oai_client *c, const oai__poll_call *k,
                    const oai_poll_options *opts, int copy)
{
    if (out)
        *out = NULL;
    if (!out || !c)
        return OAI_EINVAL;
    oai__error_clear(oai__client_error(c));
    oai_poll_options o;
    oai__poll_plan plan;
    int rc = oai__poll_options_take(&o, c, opts);
    if (rc)
        return rc;
    rc = oai__poll_plan_build(&plan, c, k, &o, copy);
    oai_poller *p = rc ? NULL : oai__calloc(1, sizeof *p);
    if (!p) {
        oai__poll_plan_clear(&plan);
        return rc ? rc : oai__rest_nomem(c);
    }
    p->c = c;
    p->plan = plan;
    p->o = o;
    p->interval = -1;
    p->e.on_detach = on_detach;
    p->waiter.wake = wake_multi;
    oai__error_clear(&p->err);
    if (copy_request(p)) {
        oai_poller_free(p);
        return oai__rest_nomem(c);
    }
    *out = p;
    return OAI_OK;
}

/* ---- on the multi ------------------------------------------------------ */

int oai_multi_add_poller(oai_multi *m, oai_poller *p, oai_multi_done_fn done,
                         void *user_data)
{
    if (!m || !p || p->e.m || p->state != P_NEW || oai__multi_client(m) != p->c)
        return OAI_EINVAL;
    if (p->o.max_wait_ms > 0)
        p->deadline = oai__now_ms() + p->o.max_wait_ms;
    /* a cancel token can be set at any time: make its wait end at once,
     * and wake the multi from the triggering thread */
    p->e.watch = p->o.cancel != NULL;
    oai__multi_attach(m, &p->e, &poller_vt, OAI_MULTI_POLLER, p, done,
                      user_data);
    p->waiter.ud = m;
    oai__cancel_watch(p->o.cancel, &p->waiter);
    return OAI_OK;
}

int oai_multi_remove_poller(oai_multi *m, oai_poller *p)
{
    if (!m || !p || p->e.m != m)
        return OAI_EINVAL;
    oai__multi_detach(&p->e);
    if (p->state != P_DONE) {
        oai__http_job_free(p->job); /* aborts the transfers */
        p->job = NULL;
        oai__uploads_clear(&p->plan.uploads);
        p->state = P_DONE;
        p->result = oai__error_set(&p->err, OAI_ECANCELLED,
                                   "the poller was removed from its multi");
    }
    return OAI_OK;
}

int oai_poller_result(const oai_json **out, const oai_poller *p)
{
    if (out)
        *out = NULL;
    if (!out || !p)
        return OAI_EINVAL;
    if (p->state != P_DONE)
        return OAI_ENOTREADY;
    *out = p->last;
    return p->result;
}

const oai_error *oai_poller_error(const oai_poller *p)
{
    return p ? &p->err.pub : NULL;
}

int oai__poller_take(oai_json **out, oai_poller *p)
{
    int rc = p->result;
    *out = p->last;
    p->last = NULL;
    if (rc)
        oai__error_copy(oai__client_error(p->c), &p->err);
    return rc;
}

unsigned oai_poller_polls(const oai_poller *p)
{
    return p ? p->polls : 0;
}

void oai_poller_free(oai_poller *p)
{
    if (!p)
        return;
    oai__multi_detach(&p->e);
    oai__cancel_unwatch(p->o.cancel, &p->waiter);
    oai__http_job_free(p->job);
    oai__poll_plan_clear(&p->plan);
    oai_json_free(p->last);
    oai__request_copy_clear(&p->req);
    oai__error_clear(&p->err);
    oai__free(p);
}
