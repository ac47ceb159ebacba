/* Internal allocation entry points: everything in liboai allocates here so
 * the caller's allocator (and the OOM-injection tests) see every byte. */
#ifndef OAI_CORE_ALLOC_H
#define OAI_CORE_ALLOC_H

#include <stddef.h>
#include "oai/common.h"

void *oai__malloc(size_t n);
void *oai__calloc(size_t count, size_t size);
void *oai__realloc(void *p, size_t n);
void oai__free(void *p);
char *oai__strdup(const char *s);
char *oai__strndup(const char *s, size_t n);
/* Growth helper: makes room for `need` bytes in *buf of capacity *cap,
 * doubling up to 64 KiB and growing by half beyond. Returns 0 or OAI_ENOMEM
 * (buffer untouched). */
int oai__grow(char **buf, size_t *cap, size_t need);
/* Array growth: makes room for one more element of `size` bytes after the
 * first `n` of the array whose pointer is at `array` (a T **), of
 * capacity *cap elements, doubling from 4 (most of a stream's lists hold
 * one to three entries, and a stream has several). Returns 0 or
 * OAI_ENOMEM (the array untouched). */
int oai__grow_array(void *array, size_t *cap, size_t n, size_t size);
/* The start of a public constructor `new(T **out, opts)`: clears *out
 * (`out` is that T **), checks that `out` is set and that the options'
 * version is right, initialises the library (its allocator is cJSON's
 * too) and returns a zeroed object of `size` bytes; NULL with *rc set to
 * OAI_EINVAL, OAI_ERROR or OAI_ENOMEM otherwise. */
void *oai__object_new(void *out, int version_ok, size_t size, int *rc);
/* A size option: `v`, or `dflt` for 0 (unset). */
static inline size_t oai__size_or(size_t v, size_t dflt)
{
    return v ? v : dflt;
}
/* Copies of n byte strings kept together in one block (oai__free it):
 * *dst[i] points at a NUL-terminated copy of src[i], len[i] bytes long
 * (len NULL or len[i] (size_t)-1: up to its NUL), or is NULL for a NULL
 * src[i]. NULL when out of memory (then *dst is untouched). */
void *oai__strpack(size_t n, const void *const *src, const size_t *len,
                   const char **const *dst);
/* Allocations that failed on the calling thread so far. libcurl and cJSON
 * do not always say that a failure was an allocation failure (a parse
 * error, a connection error); comparing this before and after tells. */
unsigned long oai__alloc_failures(void);
/* Initialises with defaults if the application did not; idempotent. */
int oai__ensure_global_init(void);

#endif
