/* Internal: the storage behind an oai_error. Strings live in fixed buffers
 * inside the owning object, so reporting OAI_ENOMEM never allocates. */
#ifndef OAI_CORE_ERROR_H
#define OAI_CORE_ERROR_H

#include <stdarg.h>
#include <stddef.h>
#include "oai/errors.h"

typedef struct oai__error_store {
    oai_error pub;
    char message[1024];
    char type[128];
    char api_code[128];
    char param[128];
    char request_id[128];
} oai__error_store;

/* Reset to "no error" (code 0, all strings NULL, retry_after_ms -1). */
void oai__error_clear(oai__error_store *e);
/* Set code and a printf-style message (truncated at a UTF-8 boundary);
 * other fields are cleared. Returns `code` so callers can `return` it. */
int oai__error_set(oai__error_store *e, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
int oai__error_vset(oai__error_store *e, int code, const char *fmt, va_list ap);
/* Report an allocation failure: OAI_ENOMEM, "out of memory". Returns
 * OAI_ENOMEM. Never allocates. */
int oai__error_nomem(oai__error_store *e);
/* Setters for the detail fields; NULL or "" clears the field. */
void oai__error_set_type(oai__error_store *e, const char *s);
void oai__error_set_api_code(oai__error_store *e, const char *s);
void oai__error_set_param(oai__error_store *e, const char *s);
void oai__error_set_request_id(oai__error_store *e, const char *s, size_t n);
void oai__error_copy(oai__error_store *dst, const oai__error_store *src);
/* Copy at most cap-1 bytes of s into dst without splitting a UTF-8 sequence. */
void oai__strlcpy_utf8(char *dst, size_t cap, const char *s, size_t n);

#endif
