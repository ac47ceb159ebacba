/* The poll loop of semantics §6: immediate first GET, interval chosen once
 * (caller's value, else the first openai-poll-after-ms, else 1000 ms), a
 * cancellable wait between GETs, an optional overall deadline. */
#include "poll/poll_loop.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/json.h"
#include "http/request.h"
#include "poll/cancel.h"
#include "resources/rest.h"

#define DEFAULT_INTERVAL_MS 1000

int64_t oai__poll_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int oai__poll_begin(oai__poll_ctx *x, oai_client *c, const oai_poll_options *o)
{
    oai_poll_options def = OAI_POLL_OPTIONS_INIT;
    memset(x, 0, sizeof *x);
    x->c = c;
    if (!c)
        return OAI_EINVAL;
    if (o && (o->version < 1 || o->version > OAI_POLL_OPTIONS_VERSION))
        return oai__rest_invalid(c, "unsupported oai_poll_options version %u",
                                 o->version);
    x->o = o ? *o : def;
    if (x->o.max_wait_ms > 0)
        x->deadline_ms = oai__poll_now_ms() + x->o.max_wait_ms;
    return OAI_OK;
}

int oai__poll_check_cancel(oai__poll_ctx *x)
{
    if (x->o.cancel && oai_cancel_is_set(x->o.cancel))
        return oai__error_set(oai__client_error(x->c), OAI_ECANCELLED,
                              "polling cancelled");
    return OAI_OK;
}

int oai__poll_report_upload(oai__poll_ctx *x, size_t index,
                            const char *filename, uint64_t sent, uint64_t total,
                            int done)
{
    if (!x->o.progress)
        return OAI_OK;
    oai_poll_progress p;
    memset(&p, 0, sizeof p);
    p.phase = OAI_POLL_PHASE_UPLOAD;
    p.file_index = index;
    p.filename = filename;
    p.bytes_sent = sent;
    p.bytes_total = total;
    p.upload_done = done;
    if (x->o.progress(&p, x->o.user_data))
        return oai__error_set(oai__client_error(x->c), OAI_ECANCELLED,
                              "cancelled by the progress callback");
    return OAI_OK;
}

int oai__poll_progress_stop(const oai_poll_options *o, unsigned polls,
                            const oai_json *obj)
{
    if (!o->progress)
        return 0;
    oai_poll_progress p;
    memset(&p, 0, sizeof p);
    p.phase = OAI_POLL_PHASE_POLL;
    p.polls = polls;
    p.status = oai_json_string(oai_json_get(obj, "status"));
    p.object = obj;
    return o->progress(&p, o->user_data) != 0;
}

static int report_poll(oai__poll_ctx *x, unsigned polls, const oai_json *obj)
{
    if (oai__poll_progress_stop(&x->o, polls, obj))
        return oai__error_set(oai__client_error(x->c), OAI_ECANCELLED,
                              "cancelled by the progress callback");
    return OAI_OK;
}

int oai__poll_is_terminal(oai__poll_kind kind, const oai_json *obj)
{
    const char *status = oai_json_string(oai_json_get(obj, "status"));
    switch (kind) {
    case OAI__POLL_RUN: {
        static const char *const terminal[] = {"requires_action", "cancelled",
                                               "completed",       "failed",
                                               "expired",         "incomplete"};
        for (size_t i = 0; status && i < sizeof terminal / sizeof terminal[0];
             i++)
            if (!strcmp(status, terminal[i]))
                return 1;
        return 0; /* queued, in_progress, cancelling and unknown statuses */
    }
    case OAI__POLL_VS_FILE:
        return !status || strcmp(status, "in_progress") != 0;
    case OAI__POLL_BATCH:
        /* count-based (PY): whatever `status` says */
        return oai_json_number(oai_json_path(obj, "file_counts.in_progress"),
                               0) <= 0;
    }
    return 1;
}

int oai__poll_parse_after(const char *v, long *ms)
{
    if (!v)
        return 0;
    while (*v == ' ' || *v == '\t')
        v++;
    if (!isdigit((unsigned char)*v))
        return 0;
    errno = 0;
    char *end;
    long n = strtol(v, &end, 10);
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end || errno == ERANGE)
        return 0;
    *ms = n;
    return 1;
}

void oai__poll_hdrs_init(oai__poll_hdrs *h, const oai_poll_options *o)
{
    h->list[0] = "X-Stainless-Poll-Helper: true";
    h->list[1] = h->custom;
    h->n = 1;
    h->custom[0] = '\0';
    if (o->poll_interval_ms > 0) {
        snprintf(h->custom, sizeof h->custom,
                 "X-Stainless-Custom-Poll-Interval: %d", o->poll_interval_ms);
        h->n = 2;
    }
}

long oai__poll_choose_interval(const oai_poll_options *o, const char *after)
{
    long hdr;
    if (o->poll_interval_ms > 0)
        return o->poll_interval_ms;
    if (oai__poll_parse_after(after, &hdr))
        return hdr;
    return DEFAULT_INTERVAL_MS;
}

int oai__poll_timeout_error(oai__error_store *err, long max_wait_ms,
                            unsigned polls, const oai_json *last)
{
    const char *s = oai_json_string(oai_json_get(last, "status"));
    return oai__error_set(err, OAI_EPOLLTIMEOUT,
                          "polling did not finish within max_wait_ms=%ld (%u "
                          "polls, last status '%s')",
                          max_wait_ms, polls, s ? s : "(none)");
}

int oai__poll_until_done(oai_json **out, oai__poll_ctx *x, const char *path,
                         oai__poll_kind kind,
                         const oai_request_options *get_opts)
{
    oai__poll_hdrs h;
    oai__poll_hdrs_init(&h, &x->o);

    long interval = -1; /* chosen once, at the first non-terminal answer */
    unsigned polls = 0;
    oai_json *last = NULL;
    int rc;
    *out = NULL;
    for (;;) {
        if ((rc = oai__poll_check_cancel(x)))
            break;
        oai_json *obj = NULL;
        char *after = NULL;
        rc = oai__rest_send(
            &obj, x->c, "GET", path, NULL, NULL, 0, get_opts, h.list, h.n,
            interval < 0 ? "openai-poll-after-ms" : NULL, &after);
        if (rc) {
            oai_json_free(last);
            return rc; /* the request's own error ends polling */
        }
        polls++;
        oai_json_free(last);
        last = obj;
        rc = report_poll(x, polls, last);
        if (!rc && oai__poll_is_terminal(kind, last)) {
            oai__free(after);
            *out = last;
            return OAI_OK;
        }
        if (!rc && interval < 0)
            interval = oai__poll_choose_interval(&x->o, after);
        oai__free(after);
        if (rc)
            break;

        long wait = interval;
        if (x->deadline_ms) {
            int64_t left = x->deadline_ms - oai__poll_now_ms();
            if (left < wait)
                wait = left > 0 ? (long)left : 0;
        }
        if (oai__cancel_wait(x->o.cancel, wait)) {
            rc = oai__error_set(oai__client_error(x->c), OAI_ECANCELLED,
                                "polling cancelled");
            break;
        }
        if (x->deadline_ms && oai__poll_now_ms() >= x->deadline_ms) {
            rc = oai__poll_timeout_error(oai__client_error(x->c),
                                         x->o.max_wait_ms, polls, last);
            break;
        }
    }
    *out = last; /* cancelled or timed out: the last object seen */
    return rc;
}
