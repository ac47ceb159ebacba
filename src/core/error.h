/* Internal: the storage behind an oai_error. The strings live in one heap
 * block owned by the store, so an object that never fails pays for none of
 * them. When that block cannot be allocated the store reports OAI_ENOMEM
 * instead of the error it was given (every setter, and the code the set
 * calls return, say so); reporting OAI_ENOMEM never allocates. A store
 * starts zeroed (calloc) and its owner calls oai__error_clear() before
 * freeing it. Stores are never copied by assignment: oai__error_copy(). */
#ifndef OAI_CORE_ERROR_H
#define OAI_CORE_ERROR_H

#include <stdarg.h>
#include <stddef.h>
#include "oai/errors.h"

/* Longest message and detail kept, in bytes with the NUL; longer ones are
 * cut on a UTF-8 boundary. */
#define OAI__ERROR_MESSAGE_CAP 1024
#define OAI__ERROR_DETAIL_CAP 128

typedef struct oai__error_store {
    oai_error pub;
    char *text; /* the block pub's strings point into; NULL when none is */
} oai__error_store;

/* Reset to "no error" (code 0, all strings NULL, retry_after_ms -1) and
 * free the strings: also what an owner calls before freeing the store. */
void oai__error_clear(oai__error_store *e);
/* Set code and a printf-style message (truncated at a UTF-8 boundary);
 * other fields are cleared. Returns the code now stored, `code` unless out
 * of memory, so callers can `return` it. */
int oai__error_set(oai__error_store *e, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
int oai__error_vset(oai__error_store *e, int code, const char *fmt, va_list ap);
/* Report an allocation failure: OAI_ENOMEM, "out of memory". Returns
 * OAI_ENOMEM. Never allocates. */
int oai__error_nomem(oai__error_store *e);
/* Setters for the detail fields; NULL or "" clears the field. Out of
 * memory they turn the error into OAI_ENOMEM, whose report has none. */
void oai__error_set_type(oai__error_store *e, const char *s);
void oai__error_set_api_code(oai__error_store *e, const char *s);
void oai__error_set_param(oai__error_store *e, const char *s);
void oai__error_set_request_id(oai__error_store *e, const char *s, size_t n);
/* Make dst an equal copy of src (dst's old strings are freed). */
void oai__error_copy(oai__error_store *dst, const oai__error_store *src);
/* Replace the message only, keeping code and details; NULL or "" keeps the
 * message. */
void oai__error_set_message(oai__error_store *e, const char *message);
/* Copy at most cap-1 bytes of s into dst without splitting a UTF-8 sequence. */
void oai__strlcpy_utf8(char *dst, size_t cap, const char *s, size_t n);

#endif
