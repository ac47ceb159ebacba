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

#endif
