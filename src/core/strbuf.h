/* Internal: the library's growable byte buffer. It always keeps room for
 * a terminating NUL after `len` bytes, so text built in it is a C string
 * and binary content can be handed to parsers that want one. */
#ifndef OAI_CORE_STRBUF_H
#define OAI_CORE_STRBUF_H

#include <stddef.h>

#if defined(__GNUC__)
#define OAI__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define OAI__PRINTF(a, b)
#endif

/* Zero-initialise ({0}) for an empty buffer; p stays NULL until the first
 * byte is added. */
typedef struct oai__strbuf {
    char *p;
    size_t len, cap;
} oai__strbuf;

/* Append n bytes (and keep p NUL-terminated). OAI_OK or OAI_ENOMEM, the
 * buffer unchanged on failure. */
int oai__strbuf_add(oai__strbuf *b, const void *s, size_t n);
/* Append printf-style text. OAI_OK, OAI_ENOMEM or OAI_ERROR (bad format). */
int oai__strbuf_addf(oai__strbuf *b, const char *fmt, ...) OAI__PRINTF(2, 3);
/* Take the bytes out: returns p (the caller frees it with oai__free) and
 * leaves the buffer empty. */
char *oai__strbuf_take(oai__strbuf *b);
/* Release the memory and leave the buffer empty. */
void oai__strbuf_free(oai__strbuf *b);

#endif
