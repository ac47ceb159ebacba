/*
 * The stream helpers of oai/run_stream.h: an oai_stream whose byte source
 * (stream/source.h) is an HTTP response of the client's engine, chained to
 * the follow-up response when tool outputs are submitted mid-stream.
 */
#include "oai/run_stream.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/json.h"
#include "http/client_impl.h"
#include "http/request.h"
#include "resources/rest.h"
#include "stream/source.h"

/* Bytes moved from the response to the SSE parser per read: the parser's
 * buffer grows to about this, per stream in flight. */
#define READ_CHUNK 4096

typedef struct http_source {
    oai_client *c;
    oai_stream *s;
    oai__http_stream *cur;  /* the body being read */
    oai__http_stream *next; /* the submit_tool_outputs response, once sent */
    int custom_handler;
    oai_request_options ropts; /* scalars of the caller's options, no headers */
    int established;           /* the first response started (2xx headers) */
    int rid_pending;           /* non-blocking: request id not read yet */
    oai__notify *notify;       /* a multi's readiness hook */
} http_source;

static void set_request_id(http_source *h)
{
    const char *id =
        h->cur ? oai__http_stream_header(h->cur, "x-request-id") : NULL;
    oai__stream_set_request_id(h->s, id, id ? strlen(id) : 0);
}

/* pump(): one bounded read (the idle timeout ends a silent wait, the stall
 * timeout a wait without events). On a client driven by a multi the read
 * does not wait at all and "nothing yet" is OAI_EAGAIN. */
static int src_pump(void *ctx, oai_stream *s, oai__error_store *err)
{
    http_source *h = ctx;
    if (!h->cur)
        return OAI_ITEROVER;
    size_t n = 0;
    int nb = h->c->nonblocking;
    long wait = nb ? 0 : oai__stream_stall_left(s);
    char buf[READ_CHUNK]; /* on the stack: not kept per stream */
    int rc = oai__http_stream_read(&n, h->cur, buf, sizeof buf, wait);
    if (rc == OAI_OK || oai__http_stream_established(h->cur)) {
        h->established = 1;
        if (h->rid_pending) {
            h->rid_pending = 0;
            set_request_id(h);
        }
    }
    if (rc == OAI_OK)
        return oai__stream_deliver(s, buf, n);
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

static int send_stream(oai__http_stream **out, oai_client *c, const char *path,
                       const char *query, const cJSON *body, const char *helper,
                       int custom_handler, const oai_request_options *ropts)
{
    char helper_hdr[128];
    snprintf(helper_hdr, sizeof helper_hdr, "X-Stainless-Stream-Helper: %s",
             helper);
    const char *headers[] = {
        helper_hdr,
        custom_handler ? "X-Stainless-Custom-Event-Handler: true"
                       : "X-Stainless-Custom-Event-Handler: false",
    };
    oai__http_spec spec = OAI__HTTP_SPEC_INIT;
    spec.method = "POST";
    spec.path = path;
    spec.query = query;
    spec.json = body;
    spec.headers = headers;
    spec.n_headers = 2;
    spec.beta = OAI__BETA_ON;
    spec.opts = ropts;
    /* a multi drives the client: return before the response starts */
    if (c->nonblocking)
        return oai__http_stream_start(out, c, &spec);
    return oai__http_stream_open(out, c, &spec);
}

/* {"tool_outputs": [...], "stream": true} */
static cJSON *tool_outputs_body(const cJSON *tool_outputs)
{
    cJSON *body = cJSON_CreateObject();
    cJSON *copy = cJSON_Duplicate(tool_outputs, 1);
    if (!body || !copy || !cJSON_AddItemToObject(body, "tool_outputs", copy)) {
        cJSON_Delete(copy);
        cJSON_Delete(body);
        return NULL;
    }
    if (!cJSON_AddTrueToObject(body, "stream")) {
        cJSON_Delete(body);
        return NULL;
    }
    return body;
}

static int src_submit(void *ctx, const cJSON *run, const cJSON *tool_outputs,
                      oai__error_store *err)
{
    http_source *h = ctx;
    if (h->next)
        return oai__error_set(
            err, OAI_EINVAL,
            "tool outputs were already submitted for this run");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(run, "id");
    const cJSON *tid = cJSON_GetObjectItemCaseSensitive(run, "thread_id");
    if (!cJSON_IsString(id) || !*id->valuestring || !cJSON_IsString(tid) ||
        !*tid->valuestring)
        return oai__error_set(err, OAI_EINVAL,
                              "the run has no id or thread_id");
    char *path = NULL;
    int rc =
        oai__rest_path(&path, h->c, "/threads/%s/runs/%s/submit_tool_outputs",
                       tid->valuestring, id->valuestring);
    cJSON *body = rc ? NULL : tool_outputs_body(tool_outputs);
    if (!rc && !body)
        rc = oai__error_set(oai__client_error(h->c), OAI_ENOMEM,
                            "out of memory");
    if (!rc)
        rc = send_stream(&h->next, h->c, path, NULL, body,
                         "threads.runs.submit_tool_outputs_stream",
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

static const oai__stream_source HTTP_SOURCE = {
    src_pump,    src_submit,      src_next_body, src_close,
    src_destroy, src_established, src_set_notify};

/* Create the stream first (options are checked before anything is sent),
 * then send the request and attach its response. */
static int start(oai_stream **out, oai_client *c, const char *path,
                 const char *query, const cJSON *body, const char *helper,
                 const oai_stream_options *sopts,
                 const oai_request_options *ropts)
{
    oai__error_store *e = oai__client_error(c);
    if (ropts && ropts->version != OAI_REQUEST_OPTIONS_VERSION)
        return oai__error_set(e, OAI_EINVAL,
                              "unsupported oai_request_options version");
    http_source *h = oai__calloc(1, sizeof *h);
    if (!h)
        return oai__error_set(e, OAI_ENOMEM, "out of memory");
    h->c = c;
    h->custom_handler = sopts && sopts->handler;
    oai_request_options ro = OAI_REQUEST_OPTIONS_INIT;
    if (ropts) {
        ro.max_retries = ropts->max_retries;
        ro.timeout_ms = ropts->timeout_ms;
        ro.read_timeout_ms = ropts->read_timeout_ms;
    }
    h->ropts = ro;
    oai_stream *s = NULL;
    int rc = oai__stream_new_source(&s, sopts, &HTTP_SOURCE, h);
    if (rc) {
        oai__free(h);
        if (rc == OAI_EINVAL)
            return oai__error_set(
                e, rc, "invalid stream options (version or handler version)");
        return oai__error_set(e, rc, "out of memory");
    }
    h->s = s;
    rc = send_stream(&h->cur, c, path, query, body, helper, h->custom_handler,
                     ropts);
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

/* A copy of params with "stream": true. */
static int stream_body(cJSON **out, oai_client *c, const oai_json *params)
{
    cJSON *body = cJSON_Duplicate(oai__cj(params), 1);
    cJSON *t = cJSON_CreateTrue();
    int ok = body && t;
    if (ok && cJSON_GetObjectItemCaseSensitive(body, "stream"))
        ok = cJSON_ReplaceItemInObjectCaseSensitive(body, "stream", t);
    else if (ok)
        ok = cJSON_AddItemToObject(body, "stream", t);
    if (!ok) {
        cJSON_Delete(t);
        cJSON_Delete(body);
        *out = NULL;
        return oai__rest_nomem(c);
    }
    *out = body;
    return OAI_OK;
}

static int begin(oai_stream **out, oai_client *c)
{
    if (out)
        *out = NULL;
    if (!c)
        return OAI_EINVAL;
    oai__error_clear(oai__client_error(c));
    if (!out)
        return oai__rest_invalid(c, "out must not be NULL");
    return OAI_OK;
}

int oai_runs_stream(oai_stream **out, oai_client *c, const char *thread_id,
                    const oai_json *params, const char *const *include,
                    const oai_stream_options *sopts,
                    const oai_request_options *opts)
{
    int rc = begin(out, c);
    if (!rc)
        rc = oai__rest_check_id(c, "thread_id", thread_id);
    if (!rc)
        rc = oai__rest_check_object(c, "params", params, 0);
    oai__strbuf q = {0};
    char *path = NULL;
    cJSON *body = NULL;
    if (!rc && oai__query_add_include(&q, include))
        rc = oai__rest_nomem(c);
    if (!rc)
        rc = oai__rest_path(&path, c, "/threads/%s/runs", thread_id);
    if (!rc)
        rc = stream_body(&body, c, params);
    if (!rc)
        rc = start(out, c, path, q.p, body, "threads.runs.create_and_stream",
                   sopts, opts);
    cJSON_Delete(body);
    oai__free(path);
    oai__strbuf_free(&q);
    return rc;
}

int oai_threads_create_and_run_stream(oai_stream **out, oai_client *c,
                                      const oai_json *params,
                                      const oai_stream_options *sopts,
                                      const oai_request_options *opts)
{
    int rc = begin(out, c);
    if (!rc)
        rc = oai__rest_check_object(c, "params", params, 0);
    cJSON *body = NULL;
    if (!rc)
        rc = stream_body(&body, c, params);
    if (!rc)
        rc = start(out, c, "/threads/runs", NULL, body,
                   "threads.create_and_run_stream", sopts, opts);
    cJSON_Delete(body);
    return rc;
}

int oai_runs_submit_tool_outputs_stream(oai_stream **out, oai_client *c,
                                        const char *thread_id,
                                        const char *run_id,
                                        const oai_json *tool_outputs,
                                        const oai_stream_options *sopts,
                                        const oai_request_options *opts)
{
    int rc = begin(out, c);
    if (!rc)
        rc = oai__rest_check_id(c, "thread_id", thread_id);
    if (!rc)
        rc = oai__rest_check_id(c, "run_id", run_id);
    if (!rc)
        rc = oai__rest_check_array(c, "tool_outputs", tool_outputs);
    char *path = NULL;
    cJSON *body = NULL;
    if (!rc)
        rc = oai__rest_path(&path, c, "/threads/%s/runs/%s/submit_tool_outputs",
                            thread_id, run_id);
    if (!rc && !(body = tool_outputs_body(oai__cj(tool_outputs))))
        rc = oai__rest_nomem(c);
    if (!rc)
        rc = start(out, c, path, NULL, body,
                   "threads.runs.submit_tool_outputs_stream", sopts, opts);
    cJSON_Delete(body);
    oai__free(path);
    return rc;
}
