/*
 * The library calls the spec-conformance test sends through Prism, as
 * tables: one entry per public call that sends a request, named after it.
 * A call's function makes the call with typical arguments and ignores its
 * result: Prism answers with the spec's example bodies, which the library
 * may rightly refuse; what the test checks is that every request sent was
 * valid. To cover a new endpoint, add an entry to the table of its area
 * (or a new table to prism_call_tables in test_prism.c).
 */
#ifndef OAI_TESTS_PRISM_CALLS_H
#define OAI_TESTS_PRISM_CALLS_H

#include <stddef.h>

#include "oai/client.h"
#include "oai/json.h"
#include "oai/multi.h"
#include "oai/poll.h"
#include "oai/pagination.h"

typedef struct prism_ctx {
    oai_client *c;           /* blocking client */
    oai_client *nb;          /* the non-blocking client of m */
    oai_multi *m;            /* drives nb */
    const char *upload_path; /* a small text file to upload */
} prism_ctx;

typedef struct prism_call {
    const char *name; /* the public function */
    void (*run)(prism_ctx *x);
} prism_call;

/* Each table ends with an entry whose name is NULL. */
extern const prism_call prism_calls_assistants[]; /* assistants, threads,
                                                      messages, runs, steps */
extern const prism_call prism_calls_files[];      /* files, vector stores,
                                                      their files, batches */
extern const prism_call prism_calls_poll[];   /* polling helpers, pollers */
extern const prism_call prism_calls_stream[]; /* stream helpers, generic
                                                 requests, multi */

/* Helpers for the tables. */
oai_json *prism_json(const char *text); /* parsed JSON (aborts on error) */
/* Reads a pager (at most 20 items), then frees it. */
void prism_drain(oai_pager *p);
/* Poll options: short interval, an overall deadline well below the test's
 * (Prism's example objects never reach a terminal status). */
const oai_poll_options *prism_poll_options(void);
/* List options: limit, order, after and before (copy to add more). */
const oai_list_options *prism_list_options(void);
/* A completion callback (oai_multi_done_fn) setting *(int *)user_data. */
void prism_done(const oai_multi_msg *msg, void *user_data);
/* Runs the multi until *done is set (by prism_done) and nothing is in
 * flight, at most 20 s. */
void prism_run_multi(oai_multi *m, const int *done);

#endif
