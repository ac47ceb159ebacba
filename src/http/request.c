/* The internal request API of request.h: short compositions of the
 * engine's driver calls (start a transfer, wait until, take the
 * response). */
#include "http/request.h"

#include <string.h>

#include "core/alloc.h"
#include "core/json.h"
#include "http/engine.h"

/* A stream's receive buffer larger than this is released once drained. */

oai__error_store *oai__client_error(oai_client *c)
{
    return &c->err;
}

void oai__http_response_clear(oai__http_response *r)
{
    oai__free(r->body);
    oai__free(r->headers);
    cJSON_Delete(r->json);
    memset(r, 0, sizeof *r);
}

const char *oai__http_response_header(const oai__http_response *r,
                                      const char *name)
{
    return r ? oai__header_find(r->headers, r->headers_len, name) : NULL;
}

/* The checks a transfer starts with: without a client there is no place
 * for a message; with one, its last error is cleared first. `what` names
 * the output in the message. */
static int check_start(oai_client *c, const void *out,
                       const oai__http_spec *spec, const char *what)
{
    if (!c)
        return OAI_EINVAL;
    oai__error_clear(&c->err);
    if (!out || !spec)
        return oai__error_set(&c->err, OAI_EINVAL, "NULL %s or request spec",
                              what);
    return OAI_OK;
}

int oai__http_request(oai__http_response *out, oai_client *c,
                      const oai__http_spec *spec)
{
    if (out)
        memset(out, 0, sizeof *out);
    int rc = check_start(c, out, spec, "response");
    if (rc)
        return rc;
    oai__xfer *x;
    rc = oai__xfer_start(&x, c, spec, OAI__XM_BUFFER);
    if (rc)
        return rc;
    oai__xfer_wait(x, oai__xfer_done, -1);
    rc = oai__xfer_take(out, &c->err, x);
    oai__xfer_free(x);
    return rc;
}

int oai__http_json(cJSON **out, oai_client *c, const oai__http_spec *spec)
{
    if (out)
        *out = NULL;
    if (!c)
        return OAI_EINVAL;
    if (!out) {
        oai__error_clear(&c->err);
        return oai__error_set(&c->err, OAI_EINVAL, "NULL output pointer");
    }
    oai__http_response r;
    int rc = oai__http_request(&r, c, spec);
    if (rc == OAI_OK) {
        if (r.json) {
            *out = r.json;
            r.json = NULL;
        } else if (r.body_len == 0) {
            *out = cJSON_CreateNull();
            if (!*out)
                rc = oai__error_nomem(&c->err);
        } else {
            rc = oai__error_set(&c->err, OAI_EPROTOCOL,
                                "the response body is not valid JSON (HTTP %d)",
                                r.status);
            c->err.pub.http_status = r.status;
            const char *rid = oai__http_response_header(&r, "x-request-id");
            if (rid)
                oai__error_set_request_id(&c->err, rid, strlen(rid));
            rc = c->err.pub.code;
        }
    }
    oai__http_response_clear(&r);
    return rc;
}

int oai__http_raw_spec(oai__http_spec *spec, oai_client *c, const void *out,
                       const char *method, const char *path, const char *query,
                       const cJSON *body, const oai_request_options *opts)
{
    oai__error_clear(&c->err);
    if (!out || !method || !path)
        return oai__error_set(&c->err, OAI_EINVAL,
                              "out, method and path must not be NULL");
    oai__http_spec init = OAI__HTTP_SPEC_INIT;
    *spec = init;
    spec->method = method;
    spec->path = path;
    spec->query = query;
    spec->json = body;
    spec->opts = opts;
    return OAI_OK;
}

void *oai__http_raw_begin(oai__http_spec *spec, oai_client *c, const void *out,
                          size_t size, const char *method, const char *path,
                          const char *query, const cJSON *body,
                          const oai_request_options *opts, int *rc)
{
    *rc = oai__http_raw_spec(spec, c, out, method, path, query, body, opts);
    if (*rc)
        return NULL;
    void *result = oai__calloc(1, size);
    if (!result)
        *rc = oai__error_nomem(&c->err);
    return result;
}

/* ---- streams --------------------------------------------------------------
 */

struct oai__http_stream {
    oai__xfer *x;
    oai__error_store err; /* for failures the transfer does not describe */
};

static int stream_ready(const oai__xfer *x)
{
    return x->state == OAI__XS_DONE || oai__xfer_established(x);
}

int oai__http_stream_start(oai__http_stream **out, oai_client *c,
                           const oai__http_spec *spec)
{
    if (out)
        *out = NULL;
    int rc = check_start(c, out, spec, "stream");
    if (rc)
        return rc;
    if (spec->sink)
        return oai__error_set(&c->err, OAI_EINVAL,
                              "a stream request cannot have a sink");
    oai__http_stream *s = oai__calloc(1, sizeof *s);
    if (!s)
        return oai__error_nomem(&c->err);
    oai__error_clear(&s->err);
    rc = oai__xfer_start(&s->x, c, spec, OAI__XM_STREAM);
    if (rc) {
        oai__free(s);
        return rc;
    }
    *out = s;
    return OAI_OK;
}

int oai__http_stream_open(oai__http_stream **out, oai_client *c,
                          const oai__http_spec *spec)
{
    int rc = oai__http_stream_start(out, c, spec);
    if (rc)
        return rc;
    oai__http_stream *s = *out;
    oai__xfer_wait(s->x, stream_ready, -1);
    if (!oai__xfer_established(s->x)) {
        /* a failure after 2xx headers is reported by the reads instead */
        rc = s->x->result ? s->x->result : OAI_ERROR;
        oai__error_copy(&c->err, &s->x->err);
        oai__http_stream_close(s);
        *out = NULL;
        return rc;
    }
    s->x->opened = 1;
    return OAI_OK;
}

int oai__http_stream_established(const oai__http_stream *s)
{
    return s && oai__xfer_established(s->x);
}

void oai__http_stream_warm(const oai__http_stream *s, oai__warm *w)
{
    if (!s)
        return;
    oai__warm_add(w, s, sizeof s->x);
    oai__warm_add(w, s->x, offsetof(oai__xfer, link));
}

void oai__http_stream_set_notify(oai__http_stream *s, oai__notify *n)
{
    if (s)
        s->x->notify = n;
}

int oai__http_stream_status(const oai__http_stream *s)
{
    return s ? s->x->status : 0;
}

const char *oai__http_stream_header(const oai__http_stream *s, const char *name)
{
    return s ? oai__header_find(s->x->hdr.p, s->x->hdr.len, name) : NULL;
}

static int stream_has_data(const oai__xfer *x)
{
    return x->body_in.len || x->state == OAI__XS_DONE;
}

/* Run the engine until cond holds or wait_ms passed (< 0: no limit).
 * Returns 0 when the caller should answer OAI_EAGAIN. */
static int stream_wait(oai__xfer *x, int (*cond)(const oai__xfer *),
                       long wait_ms)
{
    if (wait_ms == 0 && x->c && oai__http_client_driven(x->c))
        return 0; /* the multi drives the engine */
    int64_t deadline = wait_ms < 0 ? -1 : oai__now_ms() + wait_ms;
    return oai__xfer_wait(x, cond, deadline);
}

/* Wait as oai__http_stream_take() says: OAI_OK when body bytes are
 * buffered, else what the take returns. */
static int readable(oai__xfer *x, long wait_ms)
{
    if (!x->opened) {
        /* started without waiting (oai__http_stream_start): until a 2xx
         * answer, buffered bytes belong to an error response or to an
         * attempt that may still be retried */
        if (!oai__xfer_established(x)) {
            if (x->state != OAI__XS_DONE &&
                !stream_wait(x, stream_ready, wait_ms))
                return x->c ? OAI_EAGAIN : OAI_ECANCELLED;
            if (!oai__xfer_established(x))
                return x->result ? x->result : OAI_ETRANSPORT;
        }
        x->opened = 1;
    }
    if (!x->body_in.len && x->state != OAI__XS_DONE) {
        if (!x->c) /* client freed: the engine marked it done already */
            return OAI_ECANCELLED;
        if (!stream_wait(x, stream_has_data, wait_ms))
            return OAI_EAGAIN;
    }
    if (x->body_in.len)
        return OAI_OK;
    return x->result == OAI_OK ? OAI_ITEROVER : x->result;
}

int oai__http_stream_take(oai__strbuf *out, oai__http_stream *s, long wait_ms)
{
    if (!s || !out || out->p)
        return OAI_EINVAL;
    oai__xfer *x = s->x;
    int rc = readable(x, wait_ms);
    if (rc)
        return rc;
    *out = x->body_in;
    x->body_in = (oai__strbuf){0};
    x->delivered = 1;
    return OAI_OK;
}

const oai__error_store *oai__http_stream_error(const oai__http_stream *s)
{
    return s->x->result ? &s->x->err : &s->err;
}

void oai__http_stream_close(oai__http_stream *s)
{
    if (!s)
        return;
    oai__xfer_free(s->x);
    oai__error_clear(&s->err);
    oai__free(s);
}

/* ---- helpers --------------------------------------------------------------
 */

char *oai__http_escape(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *o = oai__malloc(3 * n + 1), *p = o;
    if (!o)
        return NULL;
    for (const unsigned char *q = (const unsigned char *)s; *q; q++) {
        unsigned char ch = *q;
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
            (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' ||
            ch == '~') {
            *p++ = (char)ch;
        } else {
            *p++ = '%';
            *p++ = hex[ch >> 4];
            *p++ = hex[ch & 15];
        }
    }
    *p = '\0';
    return o;
}
