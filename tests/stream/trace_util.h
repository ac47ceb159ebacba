/* Helpers shared by the stream tests: run bytes through a detached stream
 * with the canonical trace printer (trace/trace.c) and compare traces. */
#ifndef OAI_TEST_TRACE_UTIL_H
#define OAI_TEST_TRACE_UTIL_H

#include <stddef.h>

/* Trace of `len` bytes fed in pieces ending at the sorted offsets `cuts`
 * (n cuts; the rest goes last). Returns a malloc'd string. */
char *tt_trace(const char *buf, size_t len, const size_t *cuts, size_t n);
/* Compare two traces line by line as JSON values. Returns NULL when equal,
 * else a static description of the first difference. */
const char *tt_compare(const char *got, const char *want);

#endif
