/* Automatic resume of a response stream: when the connection of a
 * background response breaks, read on from the last sequence number with
 * GET /responses/{id}?stream=true&starting_after=N. The accumulator keeps
 * its snapshot and checks that the suffix is contiguous. */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "stream/resp_acc.h"
#include "stream/rstream.h"

#define DEFAULT_ATTEMPTS 5
#define DEFAULT_BACKOFF_MS 200
#define MAX_BACKOFF_MS 5000
#define DEFAULT_WINDOW_MS 300000

int oai__rstream_resume_options(struct oai__rstream *r,
                                const oai_response_stream_options *o)
{
    r->resume = OAI_RESPONSE_RESUME_AUTO;
    r->resume_max = DEFAULT_ATTEMPTS;
    r->resume_backoff_ms = DEFAULT_BACKOFF_MS;
    r->resume_window_ms = DEFAULT_WINDOW_MS;
    r->body_start_ms = oai__now_ms();
    if (!o || o->version < 2)
        return OAI_OK;
    if (o->resume < OAI_RESPONSE_RESUME_AUTO ||
        o->resume > OAI_RESPONSE_RESUME_OFF || o->resume_max_attempts < 0 ||
        o->resume_backoff_ms < 0 || o->resume_window_ms < 0)
        return OAI_EINVAL;
    r->resume = o->resume;
    if (o->resume_max_attempts)
        r->resume_max = o->resume_max_attempts;
    if (o->resume_backoff_ms)
        r->resume_backoff_ms = o->resume_backoff_ms;
    if (o->resume_window_ms)
        r->resume_window_ms = o->resume_window_ms;
    return OAI_OK;
}

void oai__rstream_set_background(oai_stream *s)
{
    if (s->resp->resume == OAI_RESPONSE_RESUME_AUTO)
        s->resp->resume = OAI_RESPONSE_RESUME_ON;
}

int oai__rstream_resumable(const oai_stream *s)
{
    const struct oai__rstream *r = s->resp;
    return r && r->resume == OAI_RESPONSE_RESUME_ON && s->src &&
           s->src->resume && s->state != OAI__ST_ENDED && !s->aborted &&
           (!s->src->established || s->src->established(s->src_ctx)) &&
           !s->chain_pending && !oai_response_accumulator_final(r->acc, NULL);
}

/* Only a broken connection is resumed: not an HTTP error status, not a
 * limit, not a malformed stream. */
static int breaks_connection(const oai_stream *s, int cause)
{
    if (cause == OAI_ITEROVER)
        return 1;
    return (cause == OAI_ETRANSPORT || cause == OAI_ETIMEOUT) &&
           !s->err.pub.http_status;
}

static long backoff(const struct oai__rstream *r)
{
    long d = r->resume_backoff_ms;
    for (int i = 1; i < r->resume_attempts && d < MAX_BACKOFF_MS; i++)
        d *= 2;
    return d < MAX_BACKOFF_MS ? d : MAX_BACKOFF_MS;
}

static int give_up(oai_stream *s, int code, const char *why, const char *cause)
{
    oai__error_set(&s->err, code,
                   "cannot resume the response stream: %s (after: %.200s)", why,
                   cause);
    return code;
}

int oai__rstream_resume(oai_stream *s, int cause)
{
    struct oai__rstream *r = s->resp;
    char before[256] = "the body ended before the terminal event";
    if (cause != OAI_ITEROVER)
        snprintf(before, sizeof before, "%s",
                 s->err.pub.message ? s->err.pub.message : "");
    if (!breaks_connection(s, cause))
        return cause;
    const char *id = oai_response_accumulator_response_id(r->acc);
    long long seq = oai_response_accumulator_last_sequence_number(r->acc);
    if (!id || seq < 0)
        return give_up(s, OAI_EPROTOCOL,
                       "its events carry no response id or sequence_number",
                       before);
    if (oai__now_ms() - r->body_start_ms > r->resume_window_ms)
        return give_up(s, OAI_ETIMEOUT,
                       "the response is older than the resume window", before);
    if (r->resume_attempts >= r->resume_max)
        return give_up(s, cause == OAI_ITEROVER ? OAI_ETRANSPORT : cause,
                       "no attempt left", before);
    r->resume_attempts++;
    oai__error_clear(&s->err);
    int rc = s->src->resume(s->src_ctx, id, seq, backoff(r), &s->err);
    if (rc)
        return rc;
    r->acc->resumed = 1;
    s->last_event_ms = oai__now_ms(); /* the stall timer starts again */
    oai_sse_parser_reset(s->sse);
    s->body_done = 0;
    s->end_seen_ms = 0;
    return OAI_OK;
}
