/* Helpers shared by the hardening tests that replay corpus streams through
 * oai-emulator: the corpus list, a replay directory, traces over HTTP. */
#ifndef OAI_TESTS_HARD_COMMON_H
#define OAI_TESTS_HARD_COMMON_H

#include <stddef.h>

#include "emu.h"
#include "oai.h"

typedef struct hc_file {
    char path[1024]; /* absolute */
    char rel[512];   /* below the corpus directory, e.g. "real/x/y.sse" */
    char name[32];   /* its name in the replay directory, "NN.sse" */
    char *bytes;
    size_t len;
} hc_file;

/* Every .sse below corpus/real and corpus/fixtures-from-real, sorted by
 * path, loaded. Returns the count (0 on error). Free with hc_files_free. */
size_t hc_corpus_streams(hc_file **out);
void hc_files_free(hc_file *f, size_t n);

/* Start oai-emulator replaying `files` (symlinked as NN.sse into the
 * emulator's directory) without pacing. 0 or -1. */
int hc_emu_replay(tu_emu *e, const hc_file *files, size_t n);

/* Run one create-and-run stream of recording `name` with the fault `fault`
 * (NULL: none) and print its canonical trace (trace/trace.c). Stream options
 * `so` may be NULL. With a multi `m` over c (else NULL), the stream is
 * pulled after each perform. Returns the malloc'd trace, or NULL when the
 * request itself failed (*rc has the code either way). */
char *hc_http_trace(oai_client *c, oai_multi *m, const char *name, const char *fault,
                    const oai_stream_options *so, int *rc);

/* Count the lines of `trace` whose "cb" is `cb`. */
int hc_count_cb(const char *trace, const char *cb);
/* The "error" of the final line ("null" when none) into buf. */
const char *hc_final_error(const char *trace, char *buf, size_t cap);

#endif
