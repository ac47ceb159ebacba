/* Shared helpers for the test programs (not part of the library). */
#ifndef OAI_TESTUTIL_H
#define OAI_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* Read a whole file into a NUL-terminated malloc'd buffer; NULL on error. */
char *tu_read_file(const char *path, size_t *len);
/* Join the corpus directory and a relative path into a static buffer. */
const char *tu_corpus_path(const char *rel);

/* A growable NUL-terminated text a test builds a stream in ({0} to start;
 * free(p) after). tu_text_put appends s; an allocation failure fails the
 * test. */
typedef struct tu_text {
    char *p;
    size_t len, cap;
} tu_text;
void tu_text_put(tu_text *t, const char *s);

#endif

/*
 * Allocation-failure injection through the public allocator hooks.
 * tu_failalloc_install() calls oai_global_init() with a counting allocator;
 * tu_failalloc_arm(k) makes the k-th allocation from now on fail (k >= 1;
 * 0 disarms). tu_failalloc_count() tells how many allocations were made
 * since the last arm, and tu_failalloc_live() how many blocks are live, so a
 * sweep can run an operation once to count, then fail each k in turn and
 * check nothing leaked.
 */
void tu_failalloc_install(void);
void tu_failalloc_arm(long k);
long tu_failalloc_count(void);
long tu_failalloc_live(void);
int tu_failalloc_failed(void);
/* The allocation-failure sweep: `life` is run once with nothing failing
 * (it must report 0 and leave nothing live), then once with each of its
 * allocations failing in turn. After each run nothing may stay live, and
 * the run must notice the failure: `life` returns how many failures its
 * calls reported, or a negative value when it could not even start (a
 * failed creation, noticed too). Prints `what` and the count; returns it. */
long tu_failalloc_sweep(int (*life)(void *ctx), void *ctx, const char *what);
/* The same over the bytes of the file at `path`: `life` gets them. */
long tu_failalloc_sweep_file(const char *path,
                             int (*life)(const char *buf, size_t len),
                             const char *what);
/* Live heap bytes of the library (as malloc_usable_size counts them), and
 * their peak since the last reset: the reset returns it and restarts it. */
size_t tu_failalloc_bytes(void);
size_t tu_failalloc_peak_reset(void);
/* Count, from now on, the live blocks of the usable size malloc gives a
 * request of n bytes (blocks allocated before are not counted): how many
 * buffers of a known size a library part holds. */
void tu_failalloc_watch_size(size_t n);
long tu_failalloc_watched_live(void);
long tu_failalloc_watched_made(void); /* such blocks allocated since */
