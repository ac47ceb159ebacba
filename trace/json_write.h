/*
 * json_write.h - a JSON string literal written to a stream, escaped the
 * way Python's json.dumps(ensure_ascii=False) does. Shared by the trace
 * printer (compact lines) and the oai command (pretty output).
 */
#ifndef JSON_WRITE_H
#define JSON_WRITE_H

#include <stddef.h>
#include <stdio.h>

/* Writes `len` bytes of `s` as a quoted JSON string to `f`. */
void json_write_string(FILE *f, const char *s, size_t len);

#endif
