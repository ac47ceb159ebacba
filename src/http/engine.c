/*
 * The client's HTTP engine: transfers (one logical request across its
 * retries) driven by the client's curl multi handle: attempts, retries
 * with back-off, the total and idle timeouts, and the loop. A blocking
 * call runs the engine until its transfer reaches the state it waits for
 * (driver.c); back-off and our own timeouts are deadlines folded into the
 * curl_multi_poll timeout, so nothing ever sleeps, and a non-blocking
 * driver (an oai_multi) runs the very same transfers.
 */
#include "http/engine.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/alloc.h"
#include "core/json.h"
#include "http/api_error.h"
#include "http/retry.h"

/* ---- deadlines -------------------------------------------------------------
 */

#define XFER_OF(node, field)                                                   \
    ((oai__xfer *)((char *)(node)-offsetof(oai__xfer, field)))

/* The earliest of a running attempt's own timeouts (connect, total, idle),
 * or -1. */
static int64_t run_deadline(const oai__xfer *x)
{
    int64_t d = -1;
    if (!oai__xfer_established(x) && x->timeout_ms > 0)
        d = x->attempt_start + x->timeout_ms;
    if (x->connect_ms > 0 && !x->connected &&
        (d < 0 || x->connect_from + x->connect_ms < d))
        d = x->connect_from + x->connect_ms;
    if (x->idle_ms > 0 && (d < 0 || x->last_activity + x->idle_ms < d))
        d = x->last_activity + x->idle_ms;
    return d;
}

/* File x's next deadline after its state changed. Activity only moves a
 * deadline later, so it does not come here: a stale, earlier key is put
 * right when it reaches the top. */
static void resched(oai__xfer *x)
{
    oai_client *c = x->c;
    if (!c || !x->attached)
        return;
    if (x->state == OAI__XS_WAIT) {
        oai__dheap_remove(&c->engine->timers, &x->tnode);
        oai__dheap_set(&c->engine->wakes, &x->wnode, x->wake_at);
        return;
    }
    oai__dheap_remove(&c->engine->wakes, &x->wnode);
    int64_t d = x->state == OAI__XS_RUN ? run_deadline(x) : -1;
    if (d >= 0)
        oai__dheap_set(&c->engine->timers, &x->tnode, d);
    else
        oai__dheap_remove(&c->engine->timers, &x->tnode);
}

/* The first transfer whose deadline has come by `now` (NULL: none). A key
 * is re-filed only once it is reached: activity moves deadlines later, and
 * checking every stale key at the top would cost a re-sift per event when
 * thousands of streams are all active. */
static oai__xfer *timers_due(oai_client *c, int64_t now)
{
    oai__dnode *d;
    while ((d = oai__dheap_top(&c->engine->timers)) && d->key <= now) {
        oai__xfer *x = XFER_OF(d, tnode);
        int64_t due = run_deadline(x);
        if (due == d->key)
            return x;
        if (due < 0)
            oai__dheap_remove(&c->engine->timers, d);
        else
            oai__dheap_set(&c->engine->timers, d, due);
    }
    return NULL;
}

/* ---- libcurl callbacks ----------------------------------------------------
 */

static int header_block_has(const oai__xfer *x, const char *name)
{
    return oai__header_find(x->hdr.p, x->hdr.len, name) != NULL;
}

int oai__xfer_established(const oai__xfer *x)
{
    return x->mode == OAI__XM_STREAM && x->headers_done && x->status > 0 &&
           x->status < 400 && !x->not_sse;
}

static void mark_headers_done(oai__xfer *x)
{
    long code = 0;
    curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
    x->status = (int)code;
    x->headers_done = 1;
    /* a stream answered with something else (a JSON object, an HTML page)
     * is read whole and reported, never handed to the event parser */
    if (x->mode == OAI__XM_STREAM && x->status > 0 && x->status < 400) {
        const char *ct = oai__header_find(x->hdr.p, x->hdr.len, "content-type");
        x->not_sse = ct && strncasecmp(ct, "text/event-stream", 17) != 0;
    }
    if (x->c)
        oai__h2_response(x->c->engine, x);
}

/* The time libcurl's callbacks note as activity (see curl_now). */
static int64_t callback_time(const oai__xfer *x)
{
    return x->c ? x->c->engine->curl_now : oai__now_ms();
}

size_t oai__xfer_on_header(char *buf, size_t size, size_t nitems, void *ud)
{
    oai__xfer *x = ud;
    size_t n = size * nitems;
    x->last_activity = callback_time(x);
    if (n >= 5 && memcmp(buf, "HTTP/", 5) == 0) {
        /* a new response (after 1xx or a redirect): start over */
        x->hdr.len = 0;
        if (x->headers_done) { /* the total timeout applies again */
            x->headers_done = 0;
            x->not_sse = 0;
            resched(x);
        }
        return n;
    }
    size_t l = n;
    while (l && (buf[l - 1] == '\r' || buf[l - 1] == '\n'))
        l--;
    if (l == 0) {
        long code = 0;
        curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
        int redirect =
            code >= 300 && code < 400 && header_block_has(x, "location");
        if (code >= 200 && !redirect && !x->headers_done)
            mark_headers_done(x);
        if (redirect && x->connect_ms > 0) { /* it may take a new connection */
            x->connected = 0;
            x->connect_from = x->last_activity;
            resched(x);
        }
        return n;
    }
    if (x->headers_done) /* trailers: not kept */
        return n;
    if (x->c && x->hdr.len + n > x->c->max_header_size) {
        x->abort_code = OAI_ELIMIT;
        x->limit = "response headers exceed max_header_size";
        x->limit_bytes = x->c->max_header_size;
        return 0;
    }
    /* store "name: value\0" with the value trimmed */
    const char *colon = memchr(buf, ':', l);
    if (!colon)
        return n;
    size_t nl = (size_t)(colon - buf);
    const char *v = colon + 1;
    const char *end = buf + l;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    if (oai__strbuf_add(&x->hdr, buf, nl) ||
        oai__strbuf_add(&x->hdr, ": ", 2) ||
        oai__strbuf_add(&x->hdr, v, (size_t)(end - v)) ||
        oai__strbuf_add(&x->hdr, "", 1)) {
        x->abort_code = OAI_ENOMEM;
        return 0;
    }
    return n;
}

/* A committed stream is never sent again (no retry follows its 2xx), so
 * once libcurl has sent the whole request body, our copy of it can go, and
 * so can libcurl's upload buffer: over HTTP/2 every body passes through
 * one, at least 16 KiB, the largest part of such a stream's memory. Setting
 * the option frees it (libcurl allocates another if it ever sends again). */
static void drop_sent_body(oai__xfer *x)
{
    curl_off_t sent = 0;
    if (curl_easy_getinfo(x->easy, CURLINFO_SIZE_UPLOAD_T, &sent) != CURLE_OK ||
        sent < (curl_off_t)x->body_len)
        return;
    memset(x->body, 0, x->body_len);
    oai__free(x->body);
    x->body = NULL;
    x->body_len = 0;
    curl_easy_setopt(x->easy, CURLOPT_UPLOAD_BUFFERSIZE, OAI__UPLOAD_BUFFER);
}

size_t oai__xfer_on_write(char *ptr, size_t size, size_t nmemb, void *ud)
{
    oai__xfer *x = ud;
    size_t n = size * nmemb;
    if (x->notify) /* read below, after the copy */
        oai__prefetch(x->notify, sizeof *x->notify);
    x->last_activity = callback_time(x);
    if (!x->headers_done)
        mark_headers_done(x);
    if (x->body && oai__xfer_established(x))
        drop_sent_body(x);
    if (x->sink && x->status > 0 && x->status < 400) {
        x->delivered = 1;
        int r = x->sink(ptr, n, x->sink_user_data);
        if (r) {
            x->abort_code = r < 0 ? r : OAI_EUSER;
            return 0;
        }
        return n;
    }
    /* a stream's buffer holds what its reader has not taken yet */
    if (x->c && x->body_in.len + n > x->c->max_response_size) {
        x->abort_code = OAI_ELIMIT;
        x->limit = x->mode == OAI__XM_STREAM && x->status < 400
                       ? "unread stream bytes exceed max_response_size"
                       : "response body exceeds max_response_size";
        x->limit_bytes = x->c->max_response_size;
        return 0;
    }
    if (oai__strbuf_add(&x->body_in, ptr, n)) {
        x->abort_code = OAI_ENOMEM;
        return 0;
    }
    if (x->notify && x->mode == OAI__XM_STREAM) {
        oai__warm_fetch(&x->notify->warm);
        x->notify->fn(x->notify);
    }
    return n;
}

int oai__xfer_on_prereq(void *ud, char *primary_ip, char *local_ip,
                        int primary_port, int local_port)
{
    oai__xfer *x = ud;
    (void)primary_ip;
    (void)local_ip;
    (void)primary_port;
    (void)local_port;
    x->connected = 1; /* the deadline moves later when it is reached */
    return 0;         /* CURL_PREREQFUNC_OK */
}

/* Upload progress counts as activity for the idle timeout, so a large
 * multipart upload is not mistaken for a stalled connection. */
int oai__xfer_on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow,
                          curl_off_t ultotal, curl_off_t ulnow)
{
    oai__xfer *x = ud;
    (void)dltotal;
    (void)ultotal;
    (void)dlnow; /* the write callback notes downloads */
    if (ulnow != x->seen_ul) {
        x->seen_ul = ulnow;
        x->last_activity = callback_time(x);
    }
    if (x->ul_watch == OAI__UL_SENDING && x->c &&
        ulnow >= (curl_off_t)x->body_len) {
        /* options are not changed from inside libcurl's callbacks */
        struct oai__engine *g = x->c->engine;
        x->ul_watch = OAI__UL_SENT;
        x->ul_next = g->ul_sent;
        g->ul_sent = x;
    }
    return 0;
}

/* A request sent whole no longer needs libcurl's upload buffer, and a
 * stream whose answer is slow to start (queued behind others at the
 * server) would hold it all that while: setting the buffer's size frees
 * it; libcurl allocates another if it ever sends again (a redirect that
 * repeats the POST). Our copy of the body stays until the answer is known
 * not to be retried. */
static void release_sent_uploads(struct oai__engine *g)
{
    while (g->ul_sent) {
        oai__xfer *x = g->ul_sent;
        g->ul_sent = x->ul_next;
        x->ul_next = NULL;
        x->ul_watch = OAI__UL_NONE;
        curl_easy_setopt(x->easy, CURLOPT_UPLOAD_BUFFERSIZE,
                         OAI__UPLOAD_BUFFER);
        if (!oai__xfer_long_upload(x))
            curl_easy_setopt(x->easy, CURLOPT_NOPROGRESS, 1L);
    }
}

static void unqueue_sent_upload(struct oai__engine *g, oai__xfer *x)
{
    if (x->ul_watch != OAI__UL_SENT)
        return;
    for (oai__xfer **p = &g->ul_sent; *p; p = &(*p)->ul_next)
        if (*p == x) {
            *p = x->ul_next;
            break;
        }
    x->ul_next = NULL;
    x->ul_watch = OAI__UL_NONE;
}

/* ---- attempts --------------------------------------------------------------
 */

static void set_done(oai__xfer *x, int code)
{
    x->state = OAI__XS_DONE;
    x->result = code;
    if (code && x->c)
        oai__error_redact(&x->err, x->c->api_key);
    resched(x);
    if (x->notify)
        x->notify->fn(x->notify);
}

static void log_request(const oai__xfer *x)
{
    const oai_client *c = x->c;
    if (c->log.level < OAI_LOG_DEBUG)
        return;
    oai__logf(&c->log, OAI_LOG_DEBUG, "Request: %s %s (attempt %d)", x->method,
              x->url, x->retries + 1);
    for (size_t i = 0; i < x->hdrs.n; i++) {
        const char *line = x->hdrs.lines[i];
        if (oai__header_name_is(line, "Authorization") ||
            oai__header_name_is(line, "api-key")) {
            int nl = (int)(strchr(line, ':') - line);
            oai__logf(&c->log, OAI_LOG_DEBUG, "  %.*s: <redacted>", nl, line);
        } else if (strchr(line, ':')[1] != '\0') {
            oai__logf(&c->log, OAI_LOG_DEBUG, "  %s", line);
        }
    }
}

static int start_attempt(oai__xfer *x)
{
    x->status = 0;
    x->hdr.len = 0;
    x->body_in.len = 0;
    x->headers_done = 0;
    x->not_sse = 0;
    x->abort_code = 0;
    x->seen_ul = 0;
    x->curl_err[0] = '\0';
    x->alloc_mark = oai__alloc_failures();
    unqueue_sent_upload(x->c->engine, x); /* from the last attempt */
    int rc = oai__xfer_setup_easy(x);
    if (rc)
        return rc;
    log_request(x);
    CURLMcode m = curl_multi_add_handle(x->c->engine->multi, x->easy);
    if (m != CURLM_OK)
        return m == CURLM_OUT_OF_MEMORY ? OAI_ENOMEM : OAI_ERROR;
    x->state = OAI__XS_RUN;
    oai__h2_joined(x->c->engine, x);
    x->attempt_start = x->last_activity = oai__now_ms();
    x->connect_from = x->attempt_start;
    x->connected = 0;
    resched(x);
    return OAI_OK;
}

static void schedule_retry(oai__xfer *x, int have_ra, double ra_ms)
{
    oai_client *c = x->c;
    struct oai__engine *g = c->engine;
    double delay =
        oai__retry_delay_ms(x->retries, have_ra, ra_ms, oai__rng_next(&g->rng));
    long d = (long)ceil(delay);
    if (g->retry_observer)
        g->retry_observer(x->retries, d, g->retry_observer_user_data);
    oai__logf(&c->log, OAI_LOG_INFO, "Retrying request to %s in %.3f seconds",
              x->url, d / 1000.0);
    x->retries++;
    x->state = OAI__XS_WAIT;
    x->wake_at = oai__now_ms() + d;
    resched(x);
}

/* A stream whose 2xx headers arrived is committed: like the SDKs, failures
 * after that point surface while reading, they are not retried. */
static int can_retry(const oai__xfer *x)
{
    return !x->delivered && !x->opened && !oai__xfer_established(x) &&
           x->retries < x->max_retries;
}

/* What went wrong, from libcurl's error buffer. A refused connection
 * names the address, port and the system's reason, which libcurl's text
 * ("Couldn't connect to server") leaves out. */
static void failure_cause(const oai__xfer *x, CURLcode res, char *out,
                          size_t cap)
{
    long os_errno = 0;
    curl_easy_getinfo(x->easy, CURLINFO_OS_ERRNO, &os_errno);
    /* "Failed to connect to <host> port <n> after <t> ms: <generic text>" */
    const char *after = strstr(x->curl_err, " after ");
    if (res == CURLE_COULDNT_CONNECT && os_errno && after)
        snprintf(out, cap, "%.*s: %s", (int)(after - x->curl_err), x->curl_err,
                 strerror((int)os_errno));
    else
        snprintf(out, cap, "%s",
                 x->curl_err[0] ? x->curl_err : curl_easy_strerror(res));
}

/* A failed attempt that will not be retried. TLS failures say what went
 * wrong: a user who meets a certificate that cannot be verified learns it,
 * and that tls_insecure exists for test servers. */
static int set_connection_error(oai__xfer *x, CURLcode res)
{
    char why[CURL_ERROR_SIZE + 64];
    failure_cause(x, res, why, sizeof why);
    if (res == CURLE_UNSUPPORTED_PROTOCOL)
        return oai__error_set(&x->err, OAI_EINVAL,
                              "unsupported URL scheme (%s)", why);
    if (res == CURLE_PEER_FAILED_VERIFICATION || res == CURLE_SSL_ISSUER_ERROR)
        return oai__error_set(
            &x->err, OAI_ETRANSPORT,
            "Connection error. The server's TLS certificate could not be "
            "verified (%s). Only for a test server with a self-signed "
            "certificate, set the client option tls_insecure.",
            why);
    if (res == CURLE_SSL_CONNECT_ERROR || res == CURLE_SSL_CACERT_BADFILE)
        return oai__error_set(&x->err, OAI_ETRANSPORT,
                              "Connection error. TLS failed (%s).", why);
    /* the response had started: its body is incomplete */
    if (x->headers_done && x->status > 0)
        return oai__error_set(
            &x->err, OAI_ETRANSPORT,
            "the server closed the connection in the middle of the response");
    return oai__error_set(&x->err, OAI_ETRANSPORT, "Connection error: %s", why);
}

/* A stream answered 2xx with a body that is not an event stream: say what
 * came instead, and the API error inside when the body is one. */
static int set_not_sse_error(oai__xfer *x)
{
    const char *ct = oai__header_find(x->hdr.p, x->hdr.len, "content-type");
    int n = (int)strcspn(ct, ";");
    cJSON *root = oai__json_parse(x->body_in.p, x->body_in.len);
    const cJSON *api = cJSON_GetObjectItemCaseSensitive(root, "error");
    const char *msg = cJSON_IsObject(api) ? oai__api_error_message(api) : NULL;
    if (msg)
        oai__error_set(&x->err, OAI_EPROTOCOL,
                       "expected text/event-stream, got %.*s: %s", n, ct, msg);
    else
        oai__error_set(&x->err, OAI_EPROTOCOL,
                       "expected text/event-stream, got %.*s", n, ct);
    if (msg)
        oai__api_error_fields(&x->err, api);
    cJSON_Delete(root);
    x->err.pub.http_status = x->status;
    const char *rid = oai__header_find(x->hdr.p, x->hdr.len, "x-request-id");
    if (rid)
        oai__error_set_request_id(&x->err, rid, strlen(rid));
    return x->err.pub.code; /* OAI_EPROTOCOL, unless out of memory */
}

/* An attempt ended: completed by libcurl (res) or cut by our own timer. */
static void finish_attempt(oai__xfer *x, CURLcode res, int our_timeout)
{
    oai_client *c = x->c;
    curl_multi_remove_handle(c->engine->multi, x->easy);
    oai__h2_left(c->engine, x);
    if (x->abort_code) {
        int code = x->abort_code;
        if (code == OAI_ENOMEM)
            oai__error_set(&x->err, code,
                           "out of memory while receiving the response");
        else if (code == OAI_ELIMIT)
            oai__error_set(&x->err, code, "%s (%zu bytes)", x->limit,
                           x->limit_bytes);
        else
            oai__error_set(&x->err, code,
                           "the response body was refused by its consumer");
        set_done(x, code);
        return;
    }
    if (res != CURLE_OK || our_timeout) {
        int timeout = our_timeout || res == CURLE_OPERATION_TIMEDOUT;
        oai__logf(&c->log, OAI_LOG_INFO, "%s %s failed: %s%s%s", x->method,
                  x->url, our_timeout ? "timed out" : curl_easy_strerror(res),
                  x->curl_err[0] ? ": " : "", x->curl_err);
        /* libcurl reports most failed allocations as some other failure (a
         * connection error, a transfer that stalls), and CURLE_OUT_OF_MEMORY
         * also for its own size limits: only the allocator can tell. Not
         * worth a retry. */
        if (oai__alloc_failures() != x->alloc_mark) {
            oai__error_set(&x->err, OAI_ENOMEM, "out of memory (libcurl: %s)",
                           our_timeout ? "timed out" : curl_easy_strerror(res));
            x->err.pub.transport_code =
                our_timeout ? (int)CURLE_OPERATION_TIMEDOUT : (int)res;
            set_done(x, OAI_ENOMEM);
            return;
        }
        /* no allocation failed: one of libcurl's own size limits, in
         * practice a header line over its 100 KB; a retry gets the same */
        if (res == CURLE_OUT_OF_MEMORY) {
            oai__error_set(&x->err, OAI_ELIMIT, "%s",
                           x->headers_done
                               ? "the response exceeds a size limit of libcurl"
                               : "a response header line exceeds libcurl's "
                                 "limit (100 KB)");
            x->err.pub.transport_code = (int)res;
            set_done(x, OAI_ELIMIT);
            return;
        }
        /* a scheme libcurl does not speak (a redirect to ftp://) fails
         * the same way every time */
        if (res != CURLE_UNSUPPORTED_PROTOCOL && can_retry(x)) {
            schedule_retry(x, 0, 0);
            return;
        }
        int code = OAI_ETIMEOUT;
        if (timeout)
            oai__error_set(&x->err, code, "Request timed out.");
        else
            code = set_connection_error(x, res);
        x->err.pub.transport_code =
            our_timeout ? (int)CURLE_OPERATION_TIMEDOUT : (int)res;
        set_done(x, code);
        return;
    }
    if (!x->headers_done)
        mark_headers_done(x);
    oai__logf(&c->log, OAI_LOG_INFO, "HTTP Request: %s %s \"%d\"", x->method,
              x->url, x->status);
    if (x->status >= 400) {
        double ra_ms = 0;
        int have_ra = oai__retry_after_parse(
            &ra_ms, oai__header_find(x->hdr.p, x->hdr.len, "retry-after-ms"),
            oai__header_find(x->hdr.p, x->hdr.len, "retry-after"), time(NULL));
        const char *should =
            oai__header_find(x->hdr.p, x->hdr.len, "x-should-retry");
        if (oai__retry_status(x->status, should) && can_retry(x)) {
            schedule_retry(x, have_ra, ra_ms);
            return;
        }
        long hint = -1;
        if (have_ra && ra_ms >= 0 && ra_ms < 1e15)
            hint = (long)ra_ms;
        int code = oai__api_error_from_response(
            &x->err, x->status, x->body_in.p, x->body_in.len,
            oai__header_find(x->hdr.p, x->hdr.len, "x-request-id"), hint);
        set_done(x, code);
        return;
    }
    set_done(x, x->not_sse ? set_not_sse_error(x) : OAI_OK);
}

/* ---- the engine loop -------------------------------------------------------
 */

static void check_timers(oai_client *c, int64_t now)
{
    oai__xfer *x;
    while ((x = timers_due(c, now))) {
        oai__dheap_remove(&c->engine->timers, &x->tnode);
        finish_attempt(x, CURLE_OK, 1);
    }
}

static void start_due(oai_client *c, int64_t now)
{
    oai__dnode *d;
    while ((d = oai__dheap_top(&c->engine->wakes)) && d->key <= now) {
        oai__xfer *x = XFER_OF(d, wnode);
        if (!oai__h2_may_start(c->engine, x))
            break; /* until a response or an end makes room */
        oai__dheap_remove(&c->engine->wakes, d);
        int rc = start_attempt(x);
        if (rc) {
            oai__error_set(&x->err, rc, "could not start the request: %s",
                           oai_strerror(rc));
            set_done(x, rc);
        }
    }
}

static int64_t tick(oai_client *c, int by_socket, curl_socket_t fd, int ev)
{
    struct oai__engine *g = c->engine;
    int running = 0;
    int64_t now = c->engine->curl_now = oai__now_ms();
    start_due(c, now);
    if (by_socket)
        curl_multi_socket_action(g->multi, fd, ev, &running);
    int64_t sweep = oai__h2_sweep_deadline(g);
    if (!by_socket || (sweep >= 0 && now >= sweep)) {
        curl_multi_perform(g->multi, &running);
        g->swept_at = now;
    }
    release_sent_uploads(g);
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(c->engine->multi, &left))) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        oai__xfer *x = NULL;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
        CURLcode res = msg->data.result;
        if (x && x->state == OAI__XS_RUN)
            finish_attempt(x, res, 0);
    }
    now = oai__now_ms();
    check_timers(c, now);
    /* a retry due right now starts in this tick rather than after a poll */
    start_due(c, now);
    return now;
}

/* Blocking calls use curl_multi_perform even when an event loop drives
 * the handle with socket_action: it runs every transfer and keeps the
 * socket callbacks up to date, so the loop sees the same sockets after. */
int64_t oai__engine_tick(oai_client *c)
{
    return tick(c, 0, CURL_SOCKET_TIMEOUT, 0);
}

int64_t oai__engine_tick_socket(oai_client *c, curl_socket_t fd, int ev_bitmask)
{
    return tick(c, 1, fd, ev_bitmask);
}

static long own_timeout(oai_client *c, long t, int64_t now);

long oai__engine_timeout(oai_client *c)
{
    long ct = -1;
    curl_multi_timeout(c->engine->multi, &ct);
    return own_timeout(c, ct >= 0 ? ct : -1, oai__now_ms());
}

long oai__engine_own_timeout(oai_client *c, int64_t now)
{
    return own_timeout(c, -1, now);
}

static long own_timeout(oai_client *c, long t, int64_t now)
{
#define MIN_T(v)                                                               \
    do {                                                                       \
        int64_t v_ = (v);                                                      \
        long lv_ = v_ < 0 ? 0 : (v_ > 86400000 ? 86400000 : (long)v_);         \
        if (t < 0 || lv_ < t)                                                  \
            t = lv_;                                                           \
    } while (0)
    oai__dnode *w = oai__dheap_top(&c->engine->wakes);
    if (w && oai__h2_may_start(c->engine, XFER_OF(w, wnode)))
        MIN_T(w->key - now);
    /* a stale key only wakes the loop early, where it is re-filed */
    timers_due(c, now);
    oai__dnode *d = oai__dheap_top(&c->engine->timers);
    if (d)
        MIN_T(d->key - now);
    int64_t sweep = oai__h2_sweep_deadline(c->engine);
    if (sweep >= 0)
        MIN_T(sweep - now);
#undef MIN_T
    return t;
}

int oai__engine_poll(oai_client *c, long timeout_ms)
{
    CURLMcode r = curl_multi_poll(c->engine->multi, NULL, 0,
                                  (int)(timeout_ms < 0 ? 0 : timeout_ms), NULL);
    return r == CURLM_OK ? OAI_OK : OAI_ERROR;
}

int oai__engine_wakeup(oai_client *c)
{
    return curl_multi_wakeup(c->engine->multi) == CURLM_OK ? OAI_OK : OAI_ERROR;
}

CURLM *oai__engine_curlm(oai_client *c)
{
    return c->engine->multi;
}

void oai__engine_set_driver(oai_client *c, void (*kick)(void *), void *ud)
{
    struct oai__engine *g = c->engine;
    g->driven = kick != NULL;
    g->kick = kick;
    g->kick_ud = kick ? ud : NULL;
}

int oai__http_client_driven(const oai_client *c)
{
    return c && c->engine->driven;
}

/* the driver tells when a transfer came or went: it re-arms its timer */
static void kick(struct oai__engine *g)
{
    if (g->kick)
        g->kick(g->kick_ud);
}

/* ---- transfers on the engine ---------------------------------------------
 */

int oai__engine_run_until(oai_client *c, int (*cond)(void *arg), void *arg,
                          int64_t deadline)
{
    for (;;) {
        oai__engine_tick(c);
        if (cond(arg))
            return 1;
        int64_t now = oai__now_ms();
        if (deadline >= 0 && now >= deadline)
            return 0;
        long w = oai__engine_timeout(c);
        /* curl wakes us on socket activity; the cap only bounds a missed
         * timer and never adds latency */
        if (w < 0 || w > 1000)
            w = 1000;
        if (deadline >= 0 && deadline - now < w)
            w = (long)(deadline - now);
        oai__engine_poll(c, w);
    }
}

int oai__xfer_start(oai__xfer **out, oai_client *c, const oai__http_spec *spec,
                    int mode)
{
    *out = NULL;
    struct oai__engine *g = c->engine;
    oai__xfer *x = oai__calloc(1, sizeof *x);
    if (!x)
        return oai__error_nomem(&c->err);
    x->c = c;
    x->mode = mode;
    x->state = OAI__XS_WAIT;
    oai__error_clear(&x->err);
    int rc = oai__xfer_build(x, spec);
    /* room in the deadline heaps now, so no later tick has to allocate */
    if (!rc && (oai__dheap_reserve(&g->wakes, g->n_xfers + 1) ||
                oai__dheap_reserve(&g->timers, g->n_xfers + 1)))
        rc = oai__error_nomem(&c->err);
    if (rc) {
        oai__xfer_free(x);
        return rc;
    }
    /* attach: the first attempt starts on the next engine tick */
    oai__dlist_push_front(&g->xfers, &x->link, x);
    g->n_xfers++;
    x->attached = 1;
    x->wake_at = oai__now_ms();
    resched(x);
    *out = x;
    kick(g); /* a tick is due now */
    return OAI_OK;
}

static void detach(oai__xfer *x)
{
    struct oai__engine *g = x->c->engine;
    if (!x->attached)
        return;
    if (x->state == OAI__XS_RUN) {
        curl_multi_remove_handle(g->multi, x->easy);
        oai__h2_left(g, x);
    }
    unqueue_sent_upload(g, x);
    oai__dlist_remove(&g->xfers, &x->link);
    g->n_xfers--;
    oai__dheap_remove(&g->wakes, &x->wnode);
    oai__dheap_remove(&g->timers, &x->tnode);
    x->attached = 0;
    /* its deadlines are gone: a multi's level-2 timer must not stay armed
     * for them (the loop would never become idle) */
    kick(g);
}

void oai__xfer_free(oai__xfer *x)
{
    if (!x)
        return;
    if (x->c)
        detach(x);
    if (x->easy)
        curl_easy_cleanup(x->easy);
    oai__mime_free(x);
    curl_slist_free_all(x->slist);
    oai__hdrs_free(&x->hdrs);
    oai__free(x->url);
    oai__free(x->method);
    if (x->body)
        memset(x->body, 0, x->body_len);
    oai__free(x->body);
    oai__strbuf_free(&x->hdr);
    oai__strbuf_free(&x->body_in);
    oai__error_clear(&x->err);
    oai__free(x);
}

/* ---- the engine's life ----------------------------------------------------
 */

int oai__engine_new(oai_client *c)
{
    struct oai__engine *g = oai__calloc(1, sizeof *g);
    if (!g)
        return OAI_ENOMEM;
    g->multi = curl_multi_init();
    if (!g->multi) {
        oai__free(g);
        return OAI_ENOMEM;
    }
    oai__h2_configure(g->multi);
    oai__rng_seed(&g->rng, (uint64_t)(uintptr_t)c);
    c->engine = g;
    return OAI_OK;
}

void oai__engine_free(oai_client *c)
{
    struct oai__engine *g = c->engine;
    if (!g)
        return;
    oai__xfer *x;
    while ((x = oai__dlist_first(&g->xfers))) {
        detach(x);
        if (x->state != OAI__XS_DONE) {
            oai__error_set(&x->err, OAI_ECANCELLED,
                           "the client was freed while the request was open");
            set_done(x, OAI_ECANCELLED);
        }
        /* the easy handle must not outlive the multi it belonged to */
        curl_easy_cleanup(x->easy);
        x->easy = NULL;
        x->c = NULL;
    }
    oai__dheap_free(&g->wakes);
    oai__dheap_free(&g->timers);
    curl_multi_cleanup(g->multi);
    oai__free(g);
    c->engine = NULL;
}

void oai__client_set_random(oai_client *c, oai__random_fn fn, void *user_data)
{
    c->engine->rng.fn = fn;
    c->engine->rng.user_data = user_data;
}

void oai__client_set_retry_observer(oai_client *c, oai__retry_observer fn,
                                    void *user_data)
{
    c->engine->retry_observer = fn;
    c->engine->retry_observer_user_data = user_data;
}
