/*
 * The client's HTTP engine: transfers (one logical request across its
 * retries) driven by the client's curl multi handle. A blocking call runs
 * the engine until its transfer reaches the state it waits for; back-off
 * and our own timeouts (total, idle) are deadlines folded into the
 * curl_multi_poll timeout, so nothing ever sleeps and a future non-blocking
 * front end can drive the very same transfers.
 */
#include "http/engine.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "http/api_error.h"
#include "http/retry.h"

static int64_t now_ms(void)
{
    return oai__now_ms();
}

/* ---- deadlines -------------------------------------------------------------
 */

#define XFER_OF(node, field)                                                   \
    ((oai__xfer *)((char *)(node)-offsetof(oai__xfer, field)))

/* The earliest of a running attempt's own timeouts (total, idle), or -1. */
static int64_t run_deadline(const oai__xfer *x)
{
    int64_t d = -1;
    if ((x->mode == OAI__XM_BUFFER || !x->headers_done) && x->timeout_ms > 0)
        d = x->attempt_start + x->timeout_ms;
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
        oai__dheap_remove(&c->timers, &x->tnode);
        oai__dheap_set(&c->wakes, &x->wnode, x->wake_at);
        return;
    }
    oai__dheap_remove(&c->wakes, &x->wnode);
    int64_t d = x->state == OAI__XS_RUN ? run_deadline(x) : -1;
    if (d >= 0)
        oai__dheap_set(&c->timers, &x->tnode, d);
    else
        oai__dheap_remove(&c->timers, &x->tnode);
}

/* Bring the top of c->timers up to date; returns it (NULL: none). */
static oai__xfer *timers_top(oai_client *c)
{
    oai__dnode *d;
    while ((d = oai__dheap_top(&c->timers))) {
        oai__xfer *x = XFER_OF(d, tnode);
        int64_t due = run_deadline(x);
        if (due == d->key)
            return x;
        if (due < 0)
            oai__dheap_remove(&c->timers, d);
        else
            oai__dheap_set(&c->timers, d, due);
    }
    return NULL;
}

/* ---- libcurl callbacks ----------------------------------------------------
 */

static int header_block_has(const oai__xfer *x, const char *name)
{
    return oai__header_find(x->hbuf, x->hlen, name) != NULL;
}

static int append(char **buf, size_t *len, size_t *cap, const char *data,
                  size_t n)
{
    /* +1 keeps room for a terminating NUL */
    if (oai__grow(buf, cap, *len + n + 1))
        return OAI_ENOMEM;
    memcpy(*buf + *len, data, n);
    *len += n;
    (*buf)[*len] = '\0';
    return OAI_OK;
}

static void mark_headers_done(oai__xfer *x)
{
    long code = 0;
    curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
    x->status = (int)code;
    x->headers_done = 1;
}

static size_t on_header(char *buf, size_t size, size_t nitems, void *ud)
{
    oai__xfer *x = ud;
    size_t n = size * nitems;
    x->last_activity = now_ms();
    if (n >= 5 && memcmp(buf, "HTTP/", 5) == 0) {
        /* a new response (after 1xx or a redirect): start over */
        x->hlen = 0;
        if (x->headers_done) { /* the total timeout applies again */
            x->headers_done = 0;
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
        return n;
    }
    if (x->headers_done) /* trailers: not kept */
        return n;
    if (x->c && x->hlen + n > x->c->max_header_size) {
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
    if (append(&x->hbuf, &x->hlen, &x->hcap, buf, nl) ||
        append(&x->hbuf, &x->hlen, &x->hcap, ": ", 2) ||
        append(&x->hbuf, &x->hlen, &x->hcap, v, (size_t)(end - v)) ||
        append(&x->hbuf, &x->hlen, &x->hcap, "", 1)) {
        x->abort_code = OAI_ENOMEM;
        return 0;
    }
    return n;
}

static size_t on_write(char *ptr, size_t size, size_t nmemb, void *ud)
{
    oai__xfer *x = ud;
    size_t n = size * nmemb;
    x->last_activity = now_ms();
    if (!x->headers_done)
        mark_headers_done(x);
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
    if (x->c && x->blen - x->boff + n > x->c->max_response_size) {
        x->abort_code = OAI_ELIMIT;
        x->limit = x->mode == OAI__XM_STREAM && x->status < 400
                       ? "unread stream bytes exceed max_response_size"
                       : "response body exceeds max_response_size";
        x->limit_bytes = x->c->max_response_size;
        return 0;
    }
    if (append(&x->bbuf, &x->blen, &x->bcap, ptr, n)) {
        x->abort_code = OAI_ENOMEM;
        return 0;
    }
    if (x->notify && x->mode == OAI__XM_STREAM)
        x->notify->fn(x->notify);
    return n;
}

/* Upload progress counts as activity for the idle timeout, so a large
 * multipart upload is not mistaken for a stalled connection. */
static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow,
                       curl_off_t ultotal, curl_off_t ulnow)
{
    oai__xfer *x = ud;
    (void)dltotal;
    (void)ultotal;
    if (dlnow != x->seen_dl || ulnow != x->seen_ul) {
        x->seen_dl = dlnow;
        x->seen_ul = ulnow;
        x->last_activity = now_ms();
    }
    return 0;
}

/* ---- attempts --------------------------------------------------------------
 */

static int build_mime(oai__xfer *x);

static void set_done(oai__xfer *x, int code)
{
    x->state = OAI__XS_DONE;
    x->result = code;
    if (code && x->c)
        oai__client_scrub(x->c, &x->err);
    resched(x);
    if (x->notify)
        x->notify->fn(x->notify);
}

static int setup_easy(oai__xfer *x)
{
    oai_client *c = x->c;
    CURL *e = x->easy;
    unsigned long failures = oai__alloc_failures();
    curl_easy_reset(e);
    /* a reset that could not allocate leaves a handle whose transfer may
     * never complete */
    if (oai__alloc_failures() != failures)
        return OAI_ENOMEM;
    curl_slist_free_all(x->slist);
    x->slist = NULL;

    /* X-Stainless-Retry-Count per attempt, unless the caller set one */
    if (!x->retry_count_fixed) {
        char v[32];
        snprintf(v, sizeof v, "%d", x->retries);
        if (oai__hdrs_set2(&x->hdrs, "X-Stainless-Retry-Count", v))
            return OAI_ENOMEM;
    }
    int enomem;
    x->slist = oai__hdrs_slist(&x->hdrs, &enomem);
    if (enomem)
        return OAI_ENOMEM;
    if (x->n_parts) {
        int rc = build_mime(x);
        if (rc)
            return rc;
    }

    CURLcode r = CURLE_OK;
#define SET(opt, val)                                                          \
    if (r == CURLE_OK)                                                         \
    r = curl_easy_setopt(e, opt, val)
    SET(CURLOPT_URL, x->url);
    SET(CURLOPT_PRIVATE, (void *)x);
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
    SET(CURLOPT_FOLLOWLOCATION, 1L);
    SET(CURLOPT_MAXREDIRS, 20L);
    SET(CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
    SET(CURLOPT_TCP_KEEPALIVE, 1L);
    SET(CURLOPT_SSL_VERIFYPEER, c->tls_insecure ? 0L : 1L);
    SET(CURLOPT_SSL_VERIFYHOST, c->tls_insecure ? 0L : 2L);
    SET(CURLOPT_HTTPHEADER, x->slist);
    SET(CURLOPT_HEADERFUNCTION, on_header);
    SET(CURLOPT_HEADERDATA, (void *)x);
    SET(CURLOPT_WRITEFUNCTION, on_write);
    SET(CURLOPT_WRITEDATA, (void *)x);
    SET(CURLOPT_XFERINFOFUNCTION, on_progress);
    SET(CURLOPT_XFERINFODATA, (void *)x);
    SET(CURLOPT_NOPROGRESS, 0L);
    SET(CURLOPT_ERRORBUFFER, x->curl_err);
    /* libcurl's receive buffer is per transfer (16 KiB by default); an
     * event stream arrives in small pieces, and thousands of streams in
     * flight make the buffer most of their memory */
    if (x->mode == OAI__XM_STREAM)
        SET(CURLOPT_BUFFERSIZE, 4096L);
    if (x->mime) {
        SET(CURLOPT_MIMEPOST, x->mime);
        if (strcmp(x->method, "POST") != 0)
            SET(CURLOPT_CUSTOMREQUEST, x->method);
    } else if (strcmp(x->method, "GET") == 0) {
        SET(CURLOPT_HTTPGET, 1L);
    } else if (strcmp(x->method, "HEAD") == 0) {
        SET(CURLOPT_NOBODY, 1L);
    } else {
        if (x->has_body || strcmp(x->method, "POST") == 0) {
            SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)x->body_len);
            SET(CURLOPT_POSTFIELDS, x->body ? x->body : "");
        }
        if (strcmp(x->method, "POST") != 0)
            SET(CURLOPT_CUSTOMREQUEST, x->method);
    }
#undef SET
    if (r == CURLE_OUT_OF_MEMORY)
        return OAI_ENOMEM;
    return r == CURLE_OK ? OAI_OK : OAI_ERROR;
}

static void log_request(const oai__xfer *x)
{
    const oai_client *c = x->c;
    if (c->log_level < OAI_LOG_DEBUG)
        return;
    oai__log(c, OAI_LOG_DEBUG, "Request: %s %s (attempt %d)", x->method, x->url,
             x->retries + 1);
    for (size_t i = 0; i < x->hdrs.n; i++) {
        const char *line = x->hdrs.lines[i];
        if (oai__header_name_is(line, "Authorization") ||
            oai__header_name_is(line, "api-key")) {
            int nl = (int)(strchr(line, ':') - line);
            oai__log(c, OAI_LOG_DEBUG, "  %.*s: <redacted>", nl, line);
        } else if (strchr(line, ':')[1] != '\0') {
            oai__log(c, OAI_LOG_DEBUG, "  %s", line);
        }
    }
}

static int start_attempt(oai__xfer *x)
{
    x->status = 0;
    x->hlen = 0;
    x->blen = x->boff = 0;
    x->headers_done = 0;
    x->abort_code = 0;
    x->seen_dl = x->seen_ul = 0;
    x->curl_err[0] = '\0';
    x->alloc_mark = oai__alloc_failures();
    int rc = setup_easy(x);
    if (rc)
        return rc;
    log_request(x);
    CURLMcode m = curl_multi_add_handle(x->c->multi, x->easy);
    if (m != CURLM_OK)
        return m == CURLM_OUT_OF_MEMORY ? OAI_ENOMEM : OAI_ERROR;
    x->state = OAI__XS_RUN;
    x->attempt_start = x->last_activity = now_ms();
    resched(x);
    return OAI_OK;
}

static void schedule_retry(oai__xfer *x, int have_ra, double ra_ms)
{
    oai_client *c = x->c;
    double delay =
        oai__retry_delay_ms(x->retries, have_ra, ra_ms, oai__client_random(c));
    long d = (long)ceil(delay);
    if (c->retry_observer)
        c->retry_observer(x->retries, d, c->retry_observer_user_data);
    oai__log(c, OAI_LOG_INFO, "Retrying request to %s in %.3f seconds", x->url,
             d / 1000.0);
    x->retries++;
    x->state = OAI__XS_WAIT;
    x->wake_at = now_ms() + d;
    resched(x);
}

/* A stream whose 2xx headers arrived is committed: like the SDKs, failures
 * after that point surface while reading, they are not retried. */
static int can_retry(const oai__xfer *x)
{
    int committed = x->mode == OAI__XM_STREAM && x->headers_done &&
                    x->status > 0 && x->status < 400;
    return !x->delivered && !x->opened && !committed &&
           x->retries < x->max_retries;
}

/* "Connection error.", and for TLS failures what went wrong: a user who
 * meets a certificate that cannot be verified learns it, and that
 * tls_insecure exists for test servers. */
static void set_connection_error(oai__xfer *x, CURLcode res)
{
    const char *why = x->curl_err[0] ? x->curl_err : curl_easy_strerror(res);
    if (res == CURLE_PEER_FAILED_VERIFICATION || res == CURLE_SSL_ISSUER_ERROR)
        oai__error_set(
            &x->err, OAI_ETRANSPORT,
            "Connection error. The server's TLS certificate could not be "
            "verified (%s). Only for a test server with a self-signed "
            "certificate, set the client option tls_insecure.",
            why);
    else if (res == CURLE_SSL_CONNECT_ERROR || res == CURLE_SSL_CACERT_BADFILE)
        oai__error_set(&x->err, OAI_ETRANSPORT,
                       "Connection error. TLS failed (%s).", why);
    else
        oai__error_set(&x->err, OAI_ETRANSPORT, "Connection error.");
}

/* An attempt ended: completed by libcurl (res) or cut by our own timer. */
static void finish_attempt(oai__xfer *x, CURLcode res, int our_timeout)
{
    oai_client *c = x->c;
    curl_multi_remove_handle(c->multi, x->easy);
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
        oai__log(c, OAI_LOG_INFO, "%s %s failed: %s%s%s", x->method, x->url,
                 our_timeout ? "timed out" : curl_easy_strerror(res),
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
        if (can_retry(x)) {
            schedule_retry(x, 0, 0);
            return;
        }
        int code = timeout ? OAI_ETIMEOUT : OAI_ETRANSPORT;
        if (timeout)
            oai__error_set(&x->err, code, "Request timed out.");
        else
            set_connection_error(x, res);
        x->err.pub.transport_code =
            our_timeout ? (int)CURLE_OPERATION_TIMEDOUT : (int)res;
        set_done(x, code);
        return;
    }
    if (!x->headers_done)
        mark_headers_done(x);
    oai__log(c, OAI_LOG_INFO, "HTTP Request: %s %s \"%d\"", x->method, x->url,
             x->status);
    if (x->status >= 400) {
        double ra_ms = 0;
        int have_ra = oai__retry_after_parse(
            &ra_ms, oai__header_find(x->hbuf, x->hlen, "retry-after-ms"),
            oai__header_find(x->hbuf, x->hlen, "retry-after"), time(NULL));
        const char *should =
            oai__header_find(x->hbuf, x->hlen, "x-should-retry");
        if (oai__retry_status(x->status, should) && can_retry(x)) {
            schedule_retry(x, have_ra, ra_ms);
            return;
        }
        long hint = -1;
        if (have_ra && ra_ms >= 0 && ra_ms < 1e15)
            hint = (long)ra_ms;
        int code = oai__api_error_from_response(
            &x->err, x->status, x->bbuf, x->blen,
            oai__header_find(x->hbuf, x->hlen, "x-request-id"), hint);
        set_done(x, code);
        return;
    }
    set_done(x, OAI_OK);
}

/* ---- the engine loop -------------------------------------------------------
 */

static void check_timers(oai_client *c, int64_t now)
{
    oai__xfer *x;
    while ((x = timers_top(c)) && x->tnode.key <= now) {
        oai__dheap_remove(&c->timers, &x->tnode);
        finish_attempt(x, CURLE_OK, 1);
    }
}

static void start_due(oai_client *c, int64_t now)
{
    oai__dnode *d;
    while ((d = oai__dheap_top(&c->wakes)) && d->key <= now) {
        oai__xfer *x = XFER_OF(d, wnode);
        oai__dheap_remove(&c->wakes, d);
        int rc = start_attempt(x);
        if (rc) {
            oai__error_set(&x->err, rc, "could not start the request: %s",
                           oai_strerror(rc));
            set_done(x, rc);
        }
    }
}

static void tick(oai_client *c, int by_socket, curl_socket_t fd, int ev)
{
    int running = 0;
    start_due(c, now_ms());
    if (by_socket)
        curl_multi_socket_action(c->multi, fd, ev, &running);
    else
        curl_multi_perform(c->multi, &running);
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(c->multi, &left))) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        oai__xfer *x = NULL;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
        CURLcode res = msg->data.result;
        if (x && x->state == OAI__XS_RUN)
            finish_attempt(x, res, 0);
    }
    check_timers(c, now_ms());
    /* a retry due right now starts in this tick rather than after a poll */
    start_due(c, now_ms());
}

/* Blocking calls use curl_multi_perform even when an event loop drives
 * the handle with socket_action: it runs every transfer and keeps the
 * socket callbacks up to date, so the loop sees the same sockets after. */
void oai__engine_tick(oai_client *c)
{
    tick(c, 0, CURL_SOCKET_TIMEOUT, 0);
}

void oai__engine_tick_socket(oai_client *c, curl_socket_t fd, int ev_bitmask)
{
    tick(c, 1, fd, ev_bitmask);
}

static long own_timeout(oai_client *c, long t);

long oai__engine_timeout(oai_client *c)
{
    long ct = -1;
    curl_multi_timeout(c->multi, &ct);
    return own_timeout(c, ct >= 0 ? ct : -1);
}

long oai__engine_own_timeout(oai_client *c)
{
    return own_timeout(c, -1);
}

static long own_timeout(oai_client *c, long t)
{
    int64_t now = now_ms();
#define MIN_T(v)                                                               \
    do {                                                                       \
        int64_t v_ = (v);                                                      \
        long lv_ = v_ < 0 ? 0 : (v_ > 86400000 ? 86400000 : (long)v_);         \
        if (t < 0 || lv_ < t)                                                  \
            t = lv_;                                                           \
    } while (0)
    oai__dnode *w = oai__dheap_top(&c->wakes);
    if (w)
        MIN_T(w->key - now);
    oai__xfer *x = timers_top(c);
    if (x)
        MIN_T(x->tnode.key - now);
#undef MIN_T
    return t;
}

int oai__engine_run(oai_client *c, oai__xfer *x, int (*cond)(const oai__xfer *),
                    int64_t deadline)
{
    for (;;) {
        oai__engine_tick(c);
        if (cond(x))
            return 1;
        int64_t now = now_ms();
        if (deadline >= 0 && now >= deadline)
            return 0;
        long w = oai__engine_timeout(c);
        /* curl wakes us on socket activity; the cap only bounds a missed
         * timer and never adds latency */
        if (w < 0 || w > 1000)
            w = 1000;
        if (deadline >= 0 && deadline - now < w)
            w = (long)(deadline - now);
        curl_multi_poll(c->multi, NULL, 0, (int)w, NULL);
    }
}

/* ---- building a transfer from a spec ------------------------------------- */

static int path_is_beta(const char *path)
{
    while (*path == '/')
        path++;
    static const char *const roots[] = {"assistants", "threads",
                                        "vector_stores"};
    for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
        size_t n = strlen(roots[i]);
        if (strncmp(path, roots[i], n) == 0 &&
            (path[n] == '\0' || path[n] == '/' || path[n] == '?'))
            return 1;
    }
    return 0;
}

static char *build_url(const char *base, const char *path, const char *query)
{
    while (*path == '/')
        path++;
    size_t n =
        strlen(base) + strlen(path) + (query ? strlen(query) + 1 : 0) + 1;
    char *u = oai__malloc(n);
    if (!u)
        return NULL;
    if (query && *query)
        snprintf(u, n, "%s%s%c%s", base, path, strchr(path, '?') ? '&' : '?',
                 query);
    else
        snprintf(u, n, "%s%s", base, path);
    return u;
}

static int add_header_lines(oai__xfer *x, const char *const *lines, size_t n,
                            const char *what)
{
    if (n && !lines)
        return oai__error_set(&x->c->err, OAI_EINVAL, "%s: NULL header array",
                              what);
    for (size_t i = 0; i < n; i++) {
        int rc = oai__hdrs_set(&x->hdrs, lines[i]);
        if (rc == OAI_EINVAL)
            return oai__error_set(
                &x->c->err, rc,
                "%s: invalid header line (want \"Name: value\", no CR/LF)",
                what);
        if (rc)
            return oai__error_set(&x->c->err, rc, "out of memory");
    }
    return OAI_OK;
}

/* Copy and check the multipart fields once; files must be readable now so
 * the caller gets OAI_EFILE before anything is sent. */
static int copy_parts(oai__xfer *x, const oai__http_part *parts, size_t n)
{
    oai__error_store *e = &x->c->err;
    x->parts = oai__calloc(n, sizeof *x->parts);
    if (!x->parts)
        return oai__error_set(e, OAI_ENOMEM, "out of memory");
    x->n_parts = n;
    for (size_t i = 0; i < n; i++) {
        const oai__http_part *p = &parts[i];
        oai__xpart *q = &x->parts[i];
        if (!p->name || (!p->data == !p->file_path))
            return oai__error_set(e, OAI_EINVAL,
                                  "multipart part %zu: needs a name and "
                                  "exactly one of data / file_path",
                                  i);
        if (p->file_path) {
            FILE *f = fopen(p->file_path, "rb");
            if (!f)
                return oai__error_set(e, OAI_EFILE, "cannot read file '%s'",
                                      p->file_path);
            fclose(f);
        }
        q->len = p->data ? (p->data_len == (size_t)-1 ? strlen(p->data)
                                                      : p->data_len)
                         : 0;
        q->name = oai__strdup(p->name);
        q->data = p->data ? oai__strndup(p->data, q->len) : NULL;
        q->path = oai__strdup(p->file_path);
        q->filename = oai__strdup(p->filename);
        q->ctype = oai__strdup(p->content_type);
        if (!q->name || (p->data && !q->data) || (p->file_path && !q->path) ||
            (p->filename && !q->filename) || (p->content_type && !q->ctype))
            return oai__error_set(e, OAI_ENOMEM, "out of memory");
    }
    return OAI_OK;
}

static size_t part_read(char *buf, size_t size, size_t nitems, void *arg)
{
    oai__xpart *p = arg;
    size_t k = size * nitems;
    if (k > p->len - p->pos)
        k = p->len - p->pos;
    memcpy(buf, p->data + p->pos, k);
    p->pos += k;
    return k;
}

static int part_seek(void *arg, curl_off_t offset, int origin)
{
    oai__xpart *p = arg;
    if (origin != SEEK_SET || offset < 0 || (size_t)offset > p->len)
        return CURL_SEEKFUNC_CANTSEEK;
    p->pos = (size_t)offset;
    return CURL_SEEKFUNC_OK;
}

/* A fresh form for this attempt; files are opened again and re-read. */
static int build_mime(oai__xfer *x)
{
    curl_mime_free(x->mime);
    x->mime = curl_mime_init(x->easy);
    if (!x->mime)
        return OAI_ENOMEM;
    for (size_t i = 0; i < x->n_parts; i++) {
        oai__xpart *q = &x->parts[i];
        curl_mimepart *mp = curl_mime_addpart(x->mime);
        if (!mp)
            return OAI_ENOMEM;
        CURLcode r = curl_mime_name(mp, q->name);
        q->pos = 0;
        if (r == CURLE_OK && q->path)
            r = curl_mime_filedata(mp, q->path);
        else if (r == CURLE_OK)
            r = curl_mime_data_cb(mp, (curl_off_t)q->len, part_read, part_seek,
                                  NULL, q);
        if (r == CURLE_OK && q->filename)
            r = curl_mime_filename(mp, q->filename);
        if (r == CURLE_OK && q->ctype)
            r = curl_mime_type(mp, q->ctype);
        if (r != CURLE_OK)
            return r == CURLE_OUT_OF_MEMORY ? OAI_ENOMEM : OAI_EFILE;
    }
    return OAI_OK;
}

static int fill_xfer(oai__xfer *x, const oai__http_spec *spec)
{
    oai_client *c = x->c;
    oai__error_store *e = &c->err;
    const oai_request_options *o = spec->opts;
    if (!spec->path)
        return oai__error_set(e, OAI_EINVAL, "request path is NULL");
    if (o && o->version != OAI_REQUEST_OPTIONS_VERSION)
        return oai__error_set(e, OAI_EINVAL,
                              "unsupported oai_request_options version %u",
                              o->version);
    int nbodies =
        (spec->json != NULL) + (spec->body != NULL) + (spec->n_parts > 0);
    if (nbodies > 1)
        return oai__error_set(
            e, OAI_EINVAL,
            "a request has at most one body (json, raw or multipart)");
    if (spec->n_parts && !spec->parts)
        return oai__error_set(e, OAI_EINVAL, "multipart parts array is NULL");
    if (o && (o->timeout_ms < 0 || o->read_timeout_ms < 0 ||
              o->max_retries < OAI_RETRIES_DEFAULT))
        return oai__error_set(
            e, OAI_EINVAL,
            "negative timeout or retry count in request options");

    x->max_retries = c->max_retries;
    if (o && o->max_retries >= 0)
        x->max_retries = o->max_retries;
    if (spec->max_retries >= 0)
        x->max_retries = spec->max_retries;
    x->timeout_ms = o && o->timeout_ms > 0 ? o->timeout_ms : c->timeout_ms;
    x->idle_ms =
        o && o->read_timeout_ms > 0 ? o->read_timeout_ms : c->read_timeout_ms;
    x->sink = spec->sink;
    x->sink_user_data = spec->sink_user_data;

    const char *method =
        spec->method ? spec->method : (nbodies ? "POST" : "GET");
    if (!*method || strpbrk(method, " \r\n\t"))
        return oai__error_set(e, OAI_EINVAL, "invalid HTTP method");
    x->method = oai__strdup(method);
    x->url = build_url(c->base_url, spec->path, spec->query);
    if (!x->method || !x->url)
        return oai__error_set(e, OAI_ENOMEM, "out of memory");
    if (strpbrk(x->url, " \r\n\t"))
        return oai__error_set(
            e, OAI_EINVAL,
            "request path or query contains white space; escape it");

    x->easy = curl_easy_init();
    if (!x->easy)
        return oai__error_set(e, OAI_ENOMEM, "out of memory");

    /* library defaults */
    int rc = oai__hdrs_set(&x->hdrs, "Accept: application/json");
    if (!rc && spec->json) {
        char *text = cJSON_PrintUnformatted(spec->json);
        if (!text)
            return oai__error_set(e, OAI_ENOMEM, "out of memory");
        x->body_len = strlen(text);
        x->body = oai__strndup(text, x->body_len);
        cJSON_free(text);
        if (!x->body)
            return oai__error_set(e, OAI_ENOMEM, "out of memory");
        x->has_body = 1;
        rc = oai__hdrs_set(&x->hdrs, "Content-Type: application/json");
    } else if (!rc && spec->body) {
        x->body = oai__strndup(spec->body, spec->body_len);
        if (!x->body)
            return oai__error_set(e, OAI_ENOMEM, "out of memory");
        x->body_len = spec->body_len;
        x->has_body = 1;
        rc = oai__hdrs_set2(&x->hdrs, "Content-Type",
                            spec->content_type ? spec->content_type
                                               : "application/octet-stream");
    } else if (!rc && spec->n_parts) {
        rc = copy_parts(x, spec->parts, spec->n_parts);
        if (rc)
            return rc;
    }
    if (!rc && c->api_key[0]) {
        /* built by hand so the key is never run through a format string */
        size_t kl = strlen(c->api_key);
        char *line = oai__malloc(kl + 23);
        if (!line)
            return oai__error_set(e, OAI_ENOMEM, "out of memory");
        memcpy(line, "Authorization: Bearer ", 22);
        memcpy(line + 22, c->api_key, kl + 1);
        rc = oai__hdrs_set(&x->hdrs, line);
        memset(line, 0, kl + 22);
        oai__free(line);
    }
    int beta = spec->beta == OAI__BETA_ON ||
               (spec->beta == OAI__BETA_AUTO && path_is_beta(spec->path));
    if (!rc && beta)
        rc = oai__hdrs_set(&x->hdrs, "OpenAI-Beta: assistants=v2");
    if (!rc && c->organization)
        rc = oai__hdrs_set2(&x->hdrs, "OpenAI-Organization", c->organization);
    if (!rc && c->project)
        rc = oai__hdrs_set2(&x->hdrs, "OpenAI-Project", c->project);
    if (!rc)
        rc = oai__hdrs_set2(&x->hdrs, "User-Agent", c->user_agent);
    /* libcurl would add Expect: 100-continue to larger bodies */
    if (!rc)
        rc = oai__hdrs_set(&x->hdrs, "Expect:");
    if (rc == OAI_EINVAL)
        return oai__error_set(
            e, rc, "organization, project or key contains a line break");
    if (rc)
        return oai__error_set(e, rc, "out of memory");
    rc = add_header_lines(x, (const char *const *)c->default_headers,
                          c->n_default_headers, "client default headers");
    if (!rc && o)
        rc = add_header_lines(x, o->headers, o->n_headers,
                              "request option headers");
    if (!rc)
        rc = add_header_lines(x, spec->headers, spec->n_headers,
                              "request headers");
    if (rc)
        return rc;
    x->retry_count_fixed =
        oai__hdrs_get(&x->hdrs, "X-Stainless-Retry-Count") != NULL;
    return OAI_OK;
}

int oai__xfer_new(oai__xfer **out, oai_client *c, const oai__http_spec *spec,
                  int mode)
{
    *out = NULL;
    oai__xfer *x = oai__calloc(1, sizeof *x);
    if (!x)
        return oai__error_set(&c->err, OAI_ENOMEM, "out of memory");
    x->c = c;
    x->mode = mode;
    x->state = OAI__XS_WAIT;
    oai__error_clear(&x->err);
    int rc = fill_xfer(x, spec);
    /* room in the deadline heaps now, so no later tick has to allocate */
    if (!rc && (oai__dheap_reserve(&c->wakes, c->n_xfers + 1) ||
                oai__dheap_reserve(&c->timers, c->n_xfers + 1)))
        rc = oai__error_set(&c->err, OAI_ENOMEM, "out of memory");
    if (rc) {
        oai__xfer_free(x);
        return rc;
    }
    /* attach: the first attempt starts on the next engine tick */
    x->next = c->xfers;
    if (c->xfers)
        c->xfers->prev = x;
    c->xfers = x;
    c->n_xfers++;
    x->attached = 1;
    x->wake_at = now_ms();
    resched(x);
    *out = x;
    if (c->engine_kick) /* a multi re-arms its timer: a tick is due now */
        c->engine_kick(c->engine_kick_ud);
    return OAI_OK;
}

static void detach(oai__xfer *x)
{
    oai_client *c = x->c;
    if (!x->attached)
        return;
    if (x->state == OAI__XS_RUN)
        curl_multi_remove_handle(c->multi, x->easy);
    if (x->prev)
        x->prev->next = x->next;
    else
        c->xfers = x->next;
    if (x->next)
        x->next->prev = x->prev;
    x->next = x->prev = NULL;
    c->n_xfers--;
    oai__dheap_remove(&c->wakes, &x->wnode);
    oai__dheap_remove(&c->timers, &x->tnode);
    x->attached = 0;
    /* its deadlines are gone: a multi's level-2 timer must not stay armed
     * for them (the loop would never become idle) */
    if (c->engine_kick)
        c->engine_kick(c->engine_kick_ud);
}

void oai__xfer_free(oai__xfer *x)
{
    if (!x)
        return;
    if (x->c)
        detach(x);
    if (x->easy)
        curl_easy_cleanup(x->easy);
    curl_mime_free(x->mime);
    for (size_t i = 0; i < x->n_parts; i++) {
        oai__xpart *q = &x->parts[i];
        oai__free(q->name);
        oai__free(q->data);
        oai__free(q->path);
        oai__free(q->filename);
        oai__free(q->ctype);
    }
    oai__free(x->parts);
    curl_slist_free_all(x->slist);
    oai__hdrs_free(&x->hdrs);
    oai__free(x->url);
    oai__free(x->method);
    if (x->body)
        memset(x->body, 0, x->body_len);
    oai__free(x->body);
    oai__free(x->hbuf);
    oai__free(x->bbuf);
    oai__free(x);
}

void oai__engine_detach_all(oai_client *c)
{
    while (c->xfers) {
        oai__xfer *x = c->xfers;
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
    /* only the freeing client detaches them all */
    oai__dheap_free(&c->wakes);
    oai__dheap_free(&c->timers);
}
