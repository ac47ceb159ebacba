/*
 * The library calls the spec-conformance test sends through Prism, as
 * tables: one entry per public call that sends a request, named after it.
 * An entry makes the call with typical arguments and leaves what it
 * returned in the context (out, pager, stream, poller, request, response);
 * prism_settle() then runs that object to its end and frees it. Results
 * are ignored: Prism answers with the spec's example bodies, which the
 * library may rightly refuse; the test checks that every request sent was
 * valid. To cover a new endpoint, add an entry to the table of its area
 * (or a new table to test_prism.c).
 */
#ifndef OAI_TESTS_PRISM_CALLS_H
#define OAI_TESTS_PRISM_CALLS_H

#include <stddef.h>

#include "oai/chat_stream.h"
#include "oai/client.h"
#include "oai/json.h"
#include "oai/multi.h"
#include "oai/pagination.h"
#include "oai/poll.h"
#include "oai/poller.h"
#include "oai/response_stream.h"

#define PRISM_ASST "asst_abc123"
#define PRISM_THREAD "thread_abc123"
#define PRISM_RUN "run_abc123"
#define PRISM_FILE "file-abc123"
#define PRISM_VS "vs_abc123"
#define PRISM_BATCH "vsfb_abc123"
#define PRISM_RESP "resp_abc123"
#define PRISM_CONV "conv_abc123"

typedef struct prism_ctx {
    oai_client *c;           /* blocking client */
    oai_client *nb;          /* the non-blocking client of m */
    oai_multi *m;            /* drives nb */
    const char *upload_path; /* a small text file to upload */
    /* What the last call returned, for prism_settle(). */
    oai_json *out;
    oai_pager *pager;
    oai_stream *stream;    /* on c: read to its end */
    oai_stream *nb_stream; /* on nb: added to m */
    oai_response_stream *rstream; /* on c: read to its end */
    oai_chat_stream *chat;    /* on c: read to its end */
    oai_chat_stream *nb_chat; /* on nb: added to m */
    oai_poller *poller;    /* added to m */
    oai_call *request;  /* started on m */
    oai_response *response;
    int done; /* set by prism_done */
    oai_json *param; /* from prism_param() */
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
extern const prism_call prism_calls_responses[]; /* responses, their
                                                    polls, conversations */
/* Response streams. Prism answers them with the spec's Response example,
 * which breaks the spec's own schema: the validator's lines about that
 * answer (`response.body`) are not about the request and are left out. */
extern const prism_call prism_calls_response_stream[];

/* `text` parsed (aborts on bad JSON), kept in x->param until settled. */
const oai_json *prism_param(prism_ctx *x, const char *text);
/* Poll options: short interval, an overall deadline well below the test's
 * (Prism's example objects never reach a terminal status). */
const oai_poll_options *prism_poll_options(void);
/* List options: limit, order, after and before (copy to add more). */
const oai_list_options *prism_list_options(void);
/* A completion callback (oai_multi_done_fn) setting x->done. */
void prism_done(const oai_multi_msg *msg, void *user_data);
/* Runs what the last call left in x to its end (the multi at most 20 s),
 * then frees it. */
void prism_settle(prism_ctx *x);

#endif
