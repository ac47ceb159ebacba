/* Request options kept beyond the call that passed them (request_copy.h). */
#include "resources/request_copy.h"

#include <string.h>

#include "core/alloc.h"
#include "oai/errors.h"

int oai__request_copy_init(oai__request_copy *dst,
                           const oai_request_options *src)
{
    memset(dst, 0, sizeof *dst);
    if (!src)
        return OAI_OK;
    dst->opts = *src;
    dst->opts.headers = NULL;
    if (!src->headers || !src->n_headers)
        return OAI_OK;
    dst->lines = oai__calloc(src->n_headers, sizeof *dst->lines);
    if (!dst->lines)
        return OAI_ENOMEM;
    dst->opts.headers = (const char *const *)dst->lines;
    /* a NULL line stays NULL: sending the request reports it */
    for (size_t i = 0; i < src->n_headers; i++)
        if (src->headers[i] && !(dst->lines[i] = oai__strdup(src->headers[i])))
            return OAI_ENOMEM;
    return OAI_OK;
}

void oai__request_copy_clear(oai__request_copy *c)
{
    if (c->lines)
        for (size_t i = 0; i < c->opts.n_headers; i++)
            oai__free(c->lines[i]);
    oai__free(c->lines);
    memset(c, 0, sizeof *c);
}
