/* Building a transfer from a request spec (URL, method, body, limits and
 * the headers decided by openai_headers.c), and preparing its easy handle
 * for each attempt. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "http/engine.h"
#include "http/openai_headers.h"

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

/* Only http and https are spoken: another scheme fails now, before an
 * attempt (and its retries) is spent on it. Without a scheme libcurl
 * assumes http, as it always did. */
static int check_scheme(oai__error_store *e, const char *url)
{
    const char *sep = strstr(url, "://");
    size_t n = sep ? (size_t)(sep - url) : 0;
    if (!sep || (n == 4 && strncasecmp(url, "http", 4) == 0) ||
        (n == 5 && strncasecmp(url, "https", 5) == 0))
        return OAI_OK;
    return oai__error_set(e, OAI_EINVAL,
                          "unsupported URL scheme '%.*s' (want http or https)",
                          (int)n, url);
}

static int check_spec(oai__error_store *e, const oai__http_spec *spec)
{
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
    return OAI_OK;
}

/* The body of spec in x; returns its Content-Type through *ctype (NULL for
 * none or multipart, whose boundary libcurl writes). */
static int set_body(oai__xfer *x, const oai__http_spec *spec,
                    const char **ctype)
{
    oai__error_store *e = &x->c->err;
    *ctype = NULL;
    if (spec->json) {
        char *text = cJSON_PrintUnformatted(spec->json);
        if (!text)
            return oai__error_nomem(e);
        x->body_len = strlen(text);
        x->body = oai__strndup(text, x->body_len);
        cJSON_free(text);
        *ctype = "application/json";
    } else if (spec->body) {
        x->body = oai__strndup(spec->body, spec->body_len);
        x->body_len = spec->body_len;
        *ctype = spec->content_type ? spec->content_type
                                    : "application/octet-stream";
    } else if (spec->n_parts) {
        return oai__mime_copy(x, spec->parts, spec->n_parts);
    } else {
        return OAI_OK;
    }
    if (!x->body)
        return oai__error_nomem(e);
    x->has_body = 1;
    return OAI_OK;
}

int oai__xfer_build(oai__xfer *x, const oai__http_spec *spec)
{
    oai_client *c = x->c;
    oai__error_store *e = &c->err;
    const oai_request_options *o = spec->opts;
    int rc = check_spec(e, spec);
    if (rc)
        return rc;

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

    int has_body = spec->json || spec->body || spec->n_parts;
    const char *method =
        spec->method ? spec->method : (has_body ? "POST" : "GET");
    if (!*method || strpbrk(method, " \r\n\t"))
        return oai__error_set(e, OAI_EINVAL, "invalid HTTP method");
    x->method = oai__strdup(method);
    x->url = build_url(c->base_url, spec->path, spec->query);
    if (!x->method || !x->url)
        return oai__error_nomem(e);
    if (strpbrk(x->url, " \r\n\t"))
        return oai__error_set(
            e, OAI_EINVAL,
            "request path or query contains white space; escape it");
    rc = check_scheme(e, x->url);
    if (rc)
        return rc;

    x->easy = curl_easy_init();
    if (!x->easy)
        return oai__error_nomem(e);
    const char *ctype;
    rc = set_body(x, spec, &ctype);
    if (!rc)
        rc = oai__openai_headers(&x->hdrs, c, spec, ctype);
    if (rc)
        return rc;
    x->attempt_header = oai__hdrs_get(&x->hdrs, OAI__RETRY_COUNT_HEADER)
                            ? NULL
                            : OAI__RETRY_COUNT_HEADER;
    return OAI_OK;
}

static void set_method(oai__xfer *x, CURLcode *r)
{
    CURL *e = x->easy;
#define SET(opt, val)                                                          \
    if (*r == CURLE_OK)                                                        \
    *r = curl_easy_setopt(e, opt, val)
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
}

static long http_version(const oai_client *c)
{
    switch (c->http2) {
    case OAI_HTTP2_OFF:
        return CURL_HTTP_VERSION_1_1;
    case OAI_HTTP2_PRIOR_KNOWLEDGE:
        return CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE;
    default: /* h2 offered by ALPN over TLS; plain http stays HTTP/1.1 */
        return CURL_HTTP_VERSION_2TLS;
    }
}

/* libcurl before 8.0.0 breaks a prior-knowledge connection it reuses
 * ("Error in the HTTP2 framing layer", curl issue 10634): there, each such
 * request gets a connection of its own. */
static int prior_knowledge_reuse_broken(void)
{
    return curl_version_info(CURLVERSION_NOW)->version_num < 0x080000;
}

int oai__xfer_may_multiplex(const oai_client *c, const char *url)
{
    if (c->http2 == OAI_HTTP2_PRIOR_KNOWLEDGE)
        return !prior_knowledge_reuse_broken();
    return c->http2 == OAI_HTTP2_AUTO && strncasecmp(url, "https://", 8) == 0;
}

int oai__xfer_setup_easy(oai__xfer *x)
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

    if (x->attempt_header) {
        char v[32];
        snprintf(v, sizeof v, "%d", x->retries);
        if (oai__hdrs_set2(&x->hdrs, x->attempt_header, v))
            return OAI_ENOMEM;
    }
    int enomem;
    x->slist = oai__hdrs_slist(&x->hdrs, &enomem);
    if (enomem)
        return OAI_ENOMEM;
    if (x->n_parts) {
        int rc = oai__mime_build(x);
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
    SET(CURLOPT_HTTP_VERSION, http_version(c));
    /* a new transfer joins a connection still being set up, which may turn
     * out to multiplex, rather than opening one more; only where h2 may be
     * spoken, so an HTTP/1.1 transfer never waits for another's connection */
    if (oai__xfer_may_multiplex(c, x->url)) {
        SET(CURLOPT_PIPEWAIT, 1L);
    } else if (c->http2 == OAI_HTTP2_PRIOR_KNOWLEDGE) {
        SET(CURLOPT_FRESH_CONNECT, 1L);
        SET(CURLOPT_FORBID_REUSE, 1L);
    }
    SET(CURLOPT_FOLLOWLOCATION, 1L);
    SET(CURLOPT_MAXREDIRS, 20L);
    /* a redirect elsewhere than http(s) fails like such a base URL */
#if LIBCURL_VERSION_NUM >= 0x075500
    SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    SET(CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    /* The engine keeps the connect timeout where libcurl says when the
     * request goes out: libcurl's own would hold a timer of every transfer
     * in its timer tree for as long as the timeout lasts, connected or not,
     * and every socket action splays that tree. libcurl keeps it where it
     * cannot say (before 7.80). */
    x->connect_ms = 0;
#if LIBCURL_VERSION_NUM >= 0x075000
    if (r == CURLE_OK &&
        curl_easy_setopt(e, CURLOPT_PREREQDATA, (void *)x) == CURLE_OK &&
        curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, oai__xfer_on_prereq) ==
            CURLE_OK)
        x->connect_ms = c->connect_timeout_ms;
#endif
    if (!x->connect_ms)
        SET(CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
    SET(CURLOPT_TCP_KEEPALIVE, 1L);
    SET(CURLOPT_SSL_VERIFYPEER, c->tls_insecure ? 0L : 1L);
    SET(CURLOPT_SSL_VERIFYHOST, c->tls_insecure ? 0L : 2L);
    SET(CURLOPT_HTTPHEADER, x->slist);
    SET(CURLOPT_HEADERFUNCTION, oai__xfer_on_header);
    SET(CURLOPT_HEADERDATA, (void *)x);
    SET(CURLOPT_WRITEFUNCTION, oai__xfer_on_write);
    SET(CURLOPT_WRITEDATA, (void *)x);
    /* Upload progress keeps a long upload from looking idle, and tells
     * when the body is sent, so that libcurl's upload buffer (at least
     * 16 KiB) can go before the answer starts: over HTTP/2 every body
     * passes through one, over HTTP/1.1 a body too large to go with the
     * request headers. Once the body is sent a short upload's callback is
     * turned off: libcurl would call it on every read of the answer. */
    int mux = oai__xfer_may_multiplex(c, x->url) ||
              c->http2 == OAI_HTTP2_PRIOR_KNOWLEDGE;
    x->ul_watch = x->body_len && (mux || oai__xfer_long_upload(x))
                      ? OAI__UL_SENDING
                      : OAI__UL_NONE;
    if (x->ul_watch || oai__xfer_long_upload(x)) {
        SET(CURLOPT_XFERINFOFUNCTION, oai__xfer_on_progress);
        SET(CURLOPT_XFERINFODATA, (void *)x);
        SET(CURLOPT_NOPROGRESS, 0L);
    }
    SET(CURLOPT_ERRORBUFFER, x->curl_err);
    /* libcurl's receive buffer is per transfer (16 KiB by default); an
     * event stream arrives in small pieces (a delta event is a few hundred
     * bytes), and thousands of streams in flight make the buffer most of
     * their memory: libcurl's least, 1 KiB, where a large event only takes
     * more reads. Over HTTP/2, libcurl 7.88 holds a stream's share of the
     * connection's frames in it, and below 2 KiB the connection's reads
     * pause and resume (a sixth more CPU per event at 1,000 streams). */
    if (x->mode == OAI__XM_STREAM) {
        SET(CURLOPT_BUFFERSIZE, mux ? 2048L : 1024L);
        SET(CURLOPT_UPLOAD_BUFFERSIZE, OAI__UPLOAD_BUFFER);
    }
#undef SET
    set_method(x, &r);
    if (r == CURLE_OUT_OF_MEMORY)
        return OAI_ENOMEM;
    return r == CURLE_OK ? OAI_OK : OAI_ERROR;
}
