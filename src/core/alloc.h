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
 * doubling. Returns 0 or OAI_ENOMEM (buffer untouched). */
int oai__grow(char **buf, size_t *cap, size_t need);
/* The same for an array of `size`-byte elements: `array` is the address of
 * its pointer (e.g. &v for `T *v`), *cap and `need` count elements, the
 * first allocation holds `first`. 0 or OAI_ENOMEM (array untouched). */
int oai__grow_array(void *array, size_t *cap, size_t need, size_t size,
                    size_t first);
/* Allocations that failed on the calling thread so far. libcurl and cJSON
 * do not always say that a failure was an allocation failure (a parse
 * error, a connection error); comparing this before and after tells. */
unsigned long oai__alloc_failures(void);
/* Initialises with defaults if the application did not; idempotent. */
int oai__ensure_global_init(void);

#endif
