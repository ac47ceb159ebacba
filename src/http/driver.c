/* The driver calls of engine.h over the engine: wait until a transfer
 * reaches a state, take its response. */
#include <string.h>

#include "core/json.h"
#include "http/engine.h"

int oai__xfer_done(const oai__xfer *x)
{
    return x->state == OAI__XS_DONE;
}

typedef struct xfer_cond {
    oai__xfer *x;
    int (*cond)(const oai__xfer *);
} xfer_cond;

static int xfer_cond_holds(void *arg)
{
    xfer_cond *xc = arg;
    return xc->cond(xc->x);
}

int oai__xfer_wait(oai__xfer *x, int (*cond)(const oai__xfer *),
                   int64_t deadline)
{
    if (!x->c) /* the client was freed: the transfer has ended */
        return cond(x);
    xfer_cond xc = {x, cond};
    return oai__engine_run_until(x->c, xfer_cond_holds, &xc, deadline);
}

int oai__xfer_take(oai__http_response *out, oai__error_store *err, oai__xfer *x)
{
    memset(out, 0, sizeof *out);
    if (x->state != OAI__XS_DONE)
        return oai__error_set(err, OAI_EINVAL, "the request has not finished");
    int nomem = 0;
    out->status = x->status;
    out->retries = x->retries;
    if (x->status > 0) {
        out->headers_len = x->hdr.len;
        out->headers = oai__strbuf_take(&x->hdr);
        if (x->body_in.len) {
            out->body_len = x->body_in.len;
            out->body = oai__strbuf_take(&x->body_in);
            out->json = oai__json_parse_nomem(out->body, out->body_len, &nomem);
        }
    }
    if (x->result)
        oai__error_copy(err, &x->err);
    else if (nomem)
        return oai__error_nomem(err);
    return x->result;
}
