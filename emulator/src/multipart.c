/* Not libmicrohttpd's post processor: it reads only quoted parameters
 * (name="file"), and the .NET SDK sends name=purpose unquoted. */
#define _GNU_SOURCE /* memmem */
#include "multipart.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* Value of a parameter (name=value or name="value") inside a header value. */
static char *header_param(const char *h, size_t hl, const char *param)
{
    size_t pl = strlen(param);
    for (size_t i = 0; i + pl + 1 <= hl; i++) {
        if (strncasecmp(h + i, param, pl) != 0 || h[i + pl] != '=')
            continue;
        if (i > 0 && h[i - 1] != ' ' && h[i - 1] != ';' && h[i - 1] != '\t')
            continue;
        const char *v = h + i + pl + 1, *end = h + hl;
        ebuf out = {0};
        if (v < end && *v == '"') {
            v++;
            while (v < end && *v != '"') {
                if (*v == '\\' && v + 1 < end)
                    v++;
                ebuf_add(&out, v, 1);
                v++;
            }
        } else {
            while (v < end && *v != ';' && *v != ' ' && *v != '\r' && *v != '\n')
                ebuf_add(&out, v++, 1);
        }
        if (!out.p)
            ebuf_add(&out, "", 0);
        return out.p;
    }
    return NULL;
}

mp_form *mp_parse(const char *content_type, const char *body, size_t len, const char **why)
{
    *why = NULL;
    if (!content_type || strncasecmp(content_type, "multipart/form-data", 19) != 0) {
        *why = "Content-Type must be multipart/form-data";
        return NULL;
    }
    char *bnd = header_param(content_type, strlen(content_type), "boundary");
    if (!bnd || !*bnd) {
        free(bnd);
        *why = "multipart boundary missing";
        return NULL;
    }
    ebuf delim = {0};
    ebuf_adds(&delim, "--");
    ebuf_adds(&delim, bnd);
    free(bnd);

    mp_form *f = xcalloc(1, sizeof *f);
    const char *p = memmem(body, len, delim.p, delim.len);
    const char *end = body + len;
    if (!p) {
        *why = "multipart body has no boundary line";
        goto fail;
    }
    for (;;) {
        p += delim.len;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            break; /* closing delimiter */
        /* skip transport padding + CRLF */
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
            p += 2;
        else if (p < end && *p == '\n')
            p++;
        else {
            *why = "malformed multipart delimiter line";
            goto fail;
        }
        const char *hdr_end = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
        size_t sep = 4;
        if (!hdr_end) {
            hdr_end = memmem(p, (size_t)(end - p), "\n\n", 2);
            sep = 2;
        }
        if (!hdr_end) {
            *why = "multipart part without header end";
            goto fail;
        }
        mp_part part = {0};
        /* header lines */
        const char *h = p;
        while (h < hdr_end) {
            const char *eol = memchr(h, '\n', (size_t)(hdr_end - h));
            if (!eol)
                eol = hdr_end;
            size_t hl = (size_t)(eol - h);
            if (hl && h[hl - 1] == '\r')
                hl--;
            if (hl > 20 && strncasecmp(h, "content-disposition:", 20) == 0) {
                part.name = header_param(h + 20, hl - 20, "name");
                part.filename = header_param(h + 20, hl - 20, "filename");
            } else if (hl > 13 && strncasecmp(h, "content-type:", 13) == 0) {
                const char *v = h + 13;
                size_t vl = hl - 13;
                while (vl && *v == ' ') {
                    v++;
                    vl--;
                }
                part.content_type = xmalloc(vl + 1);
                memcpy(part.content_type, v, vl);
                part.content_type[vl] = '\0';
            }
            h = eol + 1;
        }
        const char *data = hdr_end + sep;
        ebuf crlfdelim = {0};
        ebuf_adds(&crlfdelim, "\r\n");
        ebuf_add(&crlfdelim, delim.p, delim.len);
        const char *next = memmem(data, (size_t)(end - data), crlfdelim.p, crlfdelim.len);
        size_t skip = 2;
        if (!next) {
            next = memmem(data, (size_t)(end - data), crlfdelim.p + 1, crlfdelim.len - 1);
            skip = 1;
        }
        ebuf_free(&crlfdelim);
        if (!next) {
            free(part.name);
            free(part.filename);
            free(part.content_type);
            *why = "multipart part is not terminated by the boundary";
            goto fail;
        }
        part.data = data;
        part.len = (size_t)(next - data);
        if (!part.name)
            part.name = xstrdup("");
        f->parts = xrealloc(f->parts, (f->n + 1) * sizeof *f->parts);
        f->parts[f->n++] = part;
        p = next + skip;
    }
    ebuf_free(&delim);
    return f;
fail:
    ebuf_free(&delim);
    mp_free(f);
    return NULL;
}

const mp_part *mp_get(const mp_form *f, const char *name)
{
    for (size_t i = 0; f && i < f->n; i++)
        if (strcmp(f->parts[i].name, name) == 0)
            return &f->parts[i];
    return NULL;
}

void mp_free(mp_form *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->parts[i].name);
        free(f->parts[i].filename);
        free(f->parts[i].content_type);
    }
    free(f->parts);
    free(f);
}
