/* Internal: a polling helper call as data - the optional creating request
 * and what to poll afterwards - so the blocking helpers (oai/poll.h) and
 * the pollers of a multi (oai/poller.h) send the same requests, checked
 * the same way. */
#ifndef OAI_POLL_PLAN_H
#define OAI_POLL_PLAN_H

#include <cJSON.h>

#include "core/error.h"
#include "poll/poll_loop.h"

typedef struct oai__poll_plan {
    oai__poll_kind kind;
    /* the creating POST (beta); create_path NULL: poll only */
    char *create_path;
    char *create_query; /* include[] of a run creation, or NULL */
    cJSON *create_body;
    /* what to poll: poll_path, or made from the created object */
    char *poll_path;
    char *thread_id; /* runs: the thread given (NULL: the run's own) */
    char *vs_id;     /* batches: the vector store of the created batch */
    int get_request; /* runs: the caller's request options go with GETs */
} oai__poll_plan;

/* Builders: check the arguments as the blocking helper does (errors on
 * the client, OAI_EINVAL / OAI_ENOMEM) and fill `p` (zeroed first; clear
 * it with oai__poll_plan_clear() whatever they return). */
int oai__plan_runs_poll(oai__poll_plan *p, oai_client *c, const char *thread_id,
                        const char *run_id);
int oai__plan_runs_create(oai__poll_plan *p, oai_client *c,
                          const char *thread_id, const oai_json *params,
                          const char *const *include);
int oai__plan_threads_create_and_run(oai__poll_plan *p, oai_client *c,
                                     const oai_json *params);
int oai__plan_submit_tool_outputs(oai__poll_plan *p, oai_client *c,
                                  const char *thread_id, const char *run_id,
                                  const oai_json *tool_outputs);
int oai__plan_vs_file_poll(oai__poll_plan *p, oai_client *c, const char *vs_id,
                           const char *file_id);
int oai__plan_vs_file_create(oai__poll_plan *p, oai_client *c,
                             const char *vs_id, const char *file_id,
                             const oai_json *params);
int oai__plan_batch_poll(oai__poll_plan *p, oai_client *c, const char *vs_id,
                         const char *batch_id);
int oai__plan_batch_create(oai__poll_plan *p, oai_client *c, const char *vs_id,
                           const oai_json *params);

/* The path to poll once the creating request answered `created` (NULL
 * when there was none): sets p->poll_path. OAI_OK, OAI_EPROTOCOL (the
 * object lacks an id) or OAI_ENOMEM, detail on `err`. */
int oai__poll_plan_target(oai__poll_plan *p, oai_client *c,
                          oai__error_store *err, const oai_json *created);

/* The blocking run: create, then oai__poll_until_done(). */
int oai__poll_plan_run(oai_json **out, oai__poll_ctx *x, oai__poll_plan *p);

void oai__poll_plan_clear(oai__poll_plan *p);

#endif
