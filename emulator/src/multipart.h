/* multipart/form-data parser for POST /files (RFC 7578). Works on the whole
 * body at once; part data points into the body buffer (not copied). */
#ifndef EMU_MULTIPART_H
#define EMU_MULTIPART_H

#include <stddef.h>

typedef struct mp_part {
    char *name;         /* form field name */
    char *filename;     /* NULL for plain fields */
    char *content_type; /* NULL when the part has none */
    const char *data;
    size_t len;
} mp_part;

typedef struct mp_form {
    mp_part *parts;
    size_t n;
} mp_form;

/* Parse; returns NULL (and a reason in *why) when the body is not valid
 * multipart for the given Content-Type header value. */
mp_form *mp_parse(const char *content_type, const char *body, size_t len, const char **why);
const mp_part *mp_get(const mp_form *f, const char *name);
void mp_free(mp_form *f);

#endif
