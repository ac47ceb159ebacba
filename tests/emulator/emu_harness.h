/* Test harness: start oai-emulator on an ephemeral port, talk HTTP to it. */
#ifndef EMU_HARNESS_H
#define EMU_HARNESS_H

#include <stddef.h>
#include <sys/types.h>
#include <cjson/cJSON.h>

#include "emu.h"

/* The emulator under test (tests/support/emu.h): base_url, port, dir (its
 * stdout and stderr files), log_path. */
typedef tu_emu emu_proc;

/* Start the emulator with fast timings (2 ms steps, 1 ms deltas, 30 ms file
 * processing) and extra args (NULL-terminated, may be NULL, may override
 * those). Fails the test on error. */
void emu_start(emu_proc *p, const char *const *args);
/* SIGTERM and wait (bounded); returns the exit status (or -1). */
int emu_stop(emu_proc *p);

typedef struct http_res {
    long status;
    char *body;
    size_t len;
    char *headers; /* raw response header block */
    int curl_code; /* CURLcode of the transfer */
} http_res;

/* One request. headers: NULL-terminated "Name: value" strings added to the defaults
 * (Authorization: Bearer sk-test, OpenAI-Beta, Content-Type for bodies). */
void emu_http(const emu_proc *p, const char *method, const char *path, const char *body,
              const char *const *headers, http_res *out);
void http_res_free(http_res *r);
/* Header value (case-insensitive name) copied into buf; NULL when absent. */
const char *http_header(const http_res *r, const char *name, char *buf, size_t n);

/* Request expecting `status`; returns the parsed JSON body (caller frees). */
cJSON *emu_call(const emu_proc *p, const char *method, const char *path, const char *body, long status);
/* printf-style body */
cJSON *emu_callf(const emu_proc *p, const char *method, const char *path, long status, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* SSE: event names of a stream body in order; *n receives the count. Free with free(). */
char **sse_names(const char *body, size_t *n);
void sse_names_free(char **names, size_t n);
/* The data of the i-th event named `name` (0-based), parsed; NULL if absent. */
cJSON *sse_data(const char *body, const char *name, int nth);
/* Event names with consecutive repeats collapsed, joined by ',' (malloc'd). */
char *sse_pattern(const char *body);

/* Read a whole file (malloc'd, NUL-terminated). */
char *read_all(const char *path, size_t *len);
/* Poll a resource until json[field] == value or timeout_ms; returns the last object. */
cJSON *emu_wait_field(const emu_proc *p, const char *path, const char *field, const char *value, int timeout_ms);
const char *jstr(const cJSON *o, const char *key);
double jnum(const cJSON *o, const char *key);



/* multipart POST /files (purpose + file); returns the response JSON, checks status. */
cJSON *emu_upload(const emu_proc *p, const char *filename, const char *content, size_t len, const char *purpose,
                  long status);
#endif
