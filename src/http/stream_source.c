/* The HTTP byte source of a stream (stream_source.h). */
#include "http/stream_source.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/error.h"
#include "http/request.h"
#include "stream/cstream.h"
#include "stream/rstream.h"
#include "stream/source.h"
#include "stream/typed.h"

typedef struct http_source {
    /* what a pump reads first (src_warm) */
    oai_client *c;
    oai__http_stream *cur; /* the body being read */
    int established;       /* the first response started (2xx headers) */
    int rid_pending;       /* non-blocking: request id not read yet */

    oai_stream *s;
    oai__http_stream *next; /* the follow-up response, once sent */
    oai__http_submit_fn submit;
    oai__http_resume_fn resume;
    /* a typed stream builds its follow-up body whole: it goes to the path
     * and as the helper of the first request */
    char *follow_path;
    const char *helper;
    int custom_handler;
    oai_request_options ropts; /* scalars of the caller's options, no headers */
    oai__notify *notify;       /* a multi's readiness hook */
} http_source;

static void set_request_id(http_source *h)
{
    const char *id =
        h->cur ? oai__http_stream_header(h->cur, "x-request-id") : NULL;
    oai__stream_set_request_id(h->s, id, id ? strlen(id) : 0);
}

/* pump(): one bounded read (the idle timeout ends a silent wait, the stall
 * timeout a wait without events, the end grace a body left open after the
 * event that completes it). On a client driven by a multi the read
 * does not wait at all and "nothing yet" is OAI_EAGAIN. */
static int src_pump(void *ctx, oai_stream *s, oai__error_store *err)
{
    http_source *h = ctx;
    if (!h->cur)
        return OAI_ITEROVER;
    int nb = oai__http_client_driven(h->c);
    long wait = nb ? 0 : oai__stream_wait_left(s);
    /* the response's buffer itself goes to the parser: nothing is copied */
    oai__strbuf bytes = {0};
    int rc = oai__http_stream_take(&bytes, h->cur, wait);
    if (rc == OAI_OK || oai__http_stream_established(h->cur)) {
        h->established = 1;
        if (h->rid_pending) {
            h->rid_pending = 0;
            set_request_id(h);
        }
    }
    if (rc == OAI_OK)
        return oai__stream_deliver_buf(s, &bytes);
    if (rc == OAI_EAGAIN)
        return nb ? OAI_EAGAIN : OAI_OK;
    if (rc == OAI_ITEROVER)
        return OAI_ITEROVER;
    const oai__error_store *e = oai__http_stream_error(h->cur);
    if (e->pub.code == rc)
        oai__error_copy(err, e);
    else
        oai__error_set(err, rc, "%s", oai_strerror(rc));
    return rc;
}

static int send_stream(oai__http_stream **out, oai_client *c,
                       const char *method, const char *path, const char *query,
                       const cJSON *body, const char *helper,
                       int custom_handler, const oai_request_options *ropts)
{
    oai__http_spec spec;
    int rc = oai__http_raw_spec(&spec, c, out, method ? method : "POST", path,
                                query, body, ropts);
    if (rc)
        return rc;
    spec.stream_helper = helper;
    spec.custom_event_handler = custom_handler;
    /* a multi drives the client: return before the response starts */
    if (oai__http_client_driven(c))
        return oai__http_stream_start(out, c, &spec);
    return oai__http_stream_open(out, c, &spec);
}

static int src_submit(void *ctx, const cJSON *run, const cJSON *tool_outputs,
                      oai__error_store *err)
{
    http_source *h = ctx;
    if (h->next)
        return oai__error_set(
            err, OAI_EINVAL,
            "tool outputs were already submitted for this run");
    if (!h->submit && !h->follow_path)
        return oai__error_set(err, OAI_EINVAL,
                              "this stream cannot submit tool outputs");
    char *path = NULL;
    cJSON *body = NULL;
    const char *helper = h->helper;
    int rc = h->follow_path
                 ? send_stream(&h->next, h->c, "POST", h->follow_path, NULL,
                               run, helper, h->custom_handler, &h->ropts)
                 : h->submit(&path, &body, &helper, h->c, run, tool_outputs);
    if (!rc && !h->follow_path)
        rc = send_stream(&h->next, h->c, "POST", path, NULL, body, helper,
                         h->custom_handler, &h->ropts);
    if (!rc)
        oai__http_stream_set_notify(h->next, h->notify);
    if (rc)
        oai__error_copy(err, oai__client_error(h->c));
    cJSON_Delete(body);
    oai__free(path);
    return rc;
}

static int src_next_body(void *ctx, oai__error_store *err)
{
    http_source *h = ctx;
    if (!h->next)
        return oai__error_set(err, OAI_ETRANSPORT,
                              "no follow-up response to read");
    oai__http_stream_close(h->cur);
    h->cur = h->next;
    h->next = NULL;
    if (oai__http_stream_established(h->cur))
        set_request_id(h);
    else
        h->rid_pending = 1;
    return OAI_OK;
}

static void pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static int src_resume(void *ctx, const char *id, long long after, long delay_ms,
                      oai__error_store *err)
{
    http_source *h = ctx;
    if (!h->resume)
        return oai__error_set(err, OAI_EINVAL, "this stream cannot resume");
    char *path = NULL, *query = NULL;
    int rc = h->resume(&path, &query, h->c, id, after);
    oai__http_stream_close(h->cur);
    h->cur = NULL;
    if (!rc && !oai__http_client_driven(h->c) && delay_ms > 0)
        pause_ms(delay_ms);
    if (!rc)
        rc = send_stream(&h->cur, h->c, "GET", path, query, NULL,
                         "responses.stream", h->custom_handler, &h->ropts);
    if (!rc) {
        oai__http_stream_set_notify(h->cur, h->notify);
        if (oai__http_stream_established(h->cur))
            set_request_id(h);
        else
            h->rid_pending = 1;
    } else {
        oai__error_copy(err, oai__client_error(h->c));
    }
    oai__free(path);
    oai__free(query);
    return rc;
}

static void src_close(void *ctx)
{
    http_source *h = ctx;
    oai__http_stream_close(h->cur);
    oai__http_stream_close(h->next);
    h->cur = h->next = NULL;
}

static void src_destroy(void *ctx)
{
    src_close(ctx);
    oai__free(((http_source *)ctx)->follow_path);
    oai__free(ctx);
}

static int src_established(void *ctx)
{
    return ((http_source *)ctx)->established;
}

static void src_set_notify(void *ctx, oai__notify *n)
{
    http_source *h = ctx;
    h->notify = n;
    oai__http_stream_set_notify(h->cur, n);
    oai__http_stream_set_notify(h->next, n);
}

static void src_warm(const void *ctx, oai__warm *w)
{
    const http_source *h = ctx;
    oai__warm_add(w, h, offsetof(http_source, s));
    oai__http_stream_warm(h->cur, w);
}

static const oai__stream_source HTTP_SOURCE = {
    src_pump,        src_submit,     src_next_body, src_close, src_destroy,
    src_established, src_set_notify, src_resume,    src_warm};

/* Makes the stream around the source: an assistant, response or chat one. */
typedef int (*make_fn)(oai_stream **out, const void *sopts,
                       const oai__stream_source *src, void *ctx);

static int open_source(oai_stream **out, oai_client *c,
                       const oai__http_stream_call *call, make_fn make,
                       const void *sopts, int custom_handler,
                       const oai_request_options *ropts)
{
    oai__error_store *e = oai__client_error(c);
    if (ropts && ropts->version != OAI_REQUEST_OPTIONS_VERSION)
        return oai__error_set(e, OAI_EINVAL,
                              "unsupported oai_request_options version");
    http_source *h = oai__calloc(1, sizeof *h);
    if (!h)
        return oai__error_nomem(e);
    h->c = c;
    h->submit = call->submit;
    h->helper = call->helper;
    if (call->keep_body && !(h->follow_path = oai__strdup(call->path))) {
        oai__free(h);
        return oai__error_nomem(e);
    }
    h->resume = call->resume;
    h->custom_handler = custom_handler;
    oai_request_options ro = OAI_REQUEST_OPTIONS_INIT;
    if (ropts) {
        ro.max_retries = ropts->max_retries;
        ro.timeout_ms = ropts->timeout_ms;
        ro.read_timeout_ms = ropts->read_timeout_ms;
    }
    h->ropts = ro;
    oai_stream *s = NULL;
    int rc = make(&s, sopts, &HTTP_SOURCE, h);
    if (rc) {
        oai__free(h->follow_path);
        oai__free(h);
        if (rc == OAI_EINVAL)
            return oai__error_set(
                e, rc, "invalid stream options (version or handler version)");
        return oai__error_nomem(e);
    }
    h->s = s;
    if (call->keep_body && oai__typed_set_request(s, call->body)) {
        oai_stream_free(s);
        return oai__error_nomem(e);
    }
    rc = send_stream(&h->cur, c, call->method, call->path, call->query,
                     call->body, call->helper, h->custom_handler, ropts);
    if (rc) {
        oai_stream_free(s); /* never iterated: no hook runs */
        return rc;
    }
    if (oai__http_stream_established(h->cur)) {
        h->established = 1;
        set_request_id(h);
    } else {
        h->rid_pending = 1; /* non-blocking: headers come later */
    }
    *out = s;
    return OAI_OK;
}

/* The entry point of each kind of stream, for its options type O and its
 * constructor `make` (wrapped to take the options as const void *). */
#define HTTP_STREAM(name, O, make)                                             \
    static int name##_make(oai_stream **out, const void *sopts,                \
                           const oai__stream_source *src, void *ctx)           \
    {                                                                          \
        return make(out, sopts, src, ctx);                                     \
    }                                                                          \
    int name(oai_stream **out, oai_client *c,                                  \
             const oai__http_stream_call *call, const O *sopts,                \
             const oai_request_options *ropts)                                 \
    {                                                                          \
        return open_source(out, c, call, name##_make, sopts,                   \
                           sopts && sopts->handler, ropts);                    \
    }

HTTP_STREAM(oai__http_stream_new, oai_stream_options, oai__stream_new_source)
HTTP_STREAM(oai__http_response_stream_new, oai_response_stream_options,
            oai__rstream_new)
HTTP_STREAM(oai__http_chat_stream_new, oai_chat_stream_options,
            oai__cstream_new)
