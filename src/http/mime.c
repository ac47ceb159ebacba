/* Multipart forms of a transfer: the fields are copied once when the
 * transfer is built, and a fresh curl form is made from them for every
 * attempt (files are opened again and re-read on a retry). */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "http/engine.h"

/* Copy and check the multipart fields once; files must be readable now so
 * the caller gets OAI_EFILE before anything is sent. */
int oai__mime_copy(oai__xfer *x, const oai__http_part *parts, size_t n)
{
    oai__error_store *e = &x->c->err;
    x->parts = oai__calloc(n, sizeof *x->parts);
    if (!x->parts)
        return oai__error_nomem(e);
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
        const void *src[] = {p->name, p->data, p->file_path, p->filename,
                             p->content_type};
        const size_t len[] = {(size_t)-1, q->len, (size_t)-1, (size_t)-1,
                              (size_t)-1};
        const char **dst[] = {&q->name, &q->data, &q->path, &q->filename,
                              &q->ctype};
        if (!(q->strings =
                  oai__strpack(sizeof src / sizeof *src, src, len, dst)))
            return oai__error_nomem(e);
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

int oai__mime_build(oai__xfer *x)
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

void oai__mime_free(oai__xfer *x)
{
    curl_mime_free(x->mime);
    x->mime = NULL;
    for (size_t i = 0; i < x->n_parts; i++)
        oai__free(x->parts[i].strings);
    oai__free(x->parts);
    x->parts = NULL;
    x->n_parts = 0;
}
