/*
 * resp_trace_json.h - the pieces of a Responses trace line shared by the
 * printers (resp_stream_trace.c, and the accumulator printer of the tests).
 */
#ifndef RESP_TRACE_JSON_H
#define RESP_TRACE_JSON_H

#include <stddef.h>
#include <stdio.h>

#include "oai.h"

/* A JSON string literal / any value, compact. */
void resp_trace_put_string(FILE *f, const char *s);
void resp_trace_put_json(FILE *f, const oai_json *j);
/* The snapshot without the `output_text` some servers add: the trace
 * leaves that convenience out (it has its own accessor). */
void resp_trace_put_response(FILE *f, const oai_json *r);
/* UTF-8 bytes of every string value in j, recursively. */
size_t resp_trace_string_bytes(const oai_json *j);
/* String bytes an update added to its item when that is plain to see (a
 * text delta without logprobs, or no change at all), else -1. */
long long resp_trace_grown(const oai_response_update *u);

#endif
