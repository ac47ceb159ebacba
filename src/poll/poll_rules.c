/* The rules of the poll loop (poll_rules.h): terminal states, the interval
 * chosen once (caller's value, else the first openai-poll-after-ms, else
 * 1000 ms), the helper headers, progress reports. */
#include "poll/poll_rules.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/json.h"
#include "resources/rest.h"

#define DEFAULT_INTERVAL_MS 1000

int oai__poll_options_take(oai_poll_options *o, oai_client *c,
                           const oai_poll_options *opts)
{
    oai_poll_options def = OAI_POLL_OPTIONS_INIT;
    *o = def;
    if (opts && (opts->version < 1 || opts->version > OAI_POLL_OPTIONS_VERSION))
        return oai__rest_invalid(c, "unsupported oai_poll_options version %u",
                                 opts->version);
    if (opts)
        *o = *opts;
    return OAI_OK;
}

int oai__poll_report_upload(const oai_poll_options *o, oai__error_store *err,
                            size_t index, const char *filename, uint64_t sent,
                            uint64_t total, int done)
{
    if (!o->progress)
        return OAI_OK;
    oai_poll_progress p;
    memset(&p, 0, sizeof p);
    p.phase = OAI_POLL_PHASE_UPLOAD;
    p.file_index = index;
    p.filename = filename;
    p.bytes_sent = sent;
    p.bytes_total = total;
    p.upload_done = done;
    if (o->progress(&p, o->user_data))
        return oai__error_set(err, OAI_ECANCELLED,
                              "cancelled by the progress callback");
    return OAI_OK;
}

int oai__poll_progress_stop(const oai_poll_options *o, unsigned polls,
                            const oai_json *obj, const oai_json *prev)
{
    if (!o->progress)
        return 0;
    oai_poll_progress p;
    memset(&p, 0, sizeof p);
    p.phase = OAI_POLL_PHASE_POLL;
    p.polls = polls;
    p.status = oai_json_string(oai_json_get(obj, "status"));
    p.object = obj;
    const char *was = oai_json_string(oai_json_get(prev, "status"));
    p.status_changed =
        !prev || !was != !p.status || (was && strcmp(was, p.status) != 0);
    return o->progress(&p, o->user_data) != 0;
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
    case OAI__POLL_RESPONSE:
        /* an unknown or missing status ends polling: never spin on it */
        return !status || (strcmp(status, "queued") != 0 &&
                           strcmp(status, "in_progress") != 0);
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
