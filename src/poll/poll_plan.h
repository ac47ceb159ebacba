/* Internal: a polling helper call as data. Every helper of oai/poll.h and
 * every creation call of oai/poller.h is one oai__poll_call (which
 * operation, with which arguments); oai__poll_plan_build() checks it as
 * the helper documents and turns it into a plan: the files to upload
 * first, the optional creating request, and what to poll afterwards. The
 * poller (src/multi/multi_poller.c) runs plans; the blocking helpers run
 * the same pollers to completion, so both send the same requests.
 *
 * A new helper is one more operation: a row in poll_plan.c's table (its
 * builder: argument checks, creating request, what to poll, the request
 * flags - e.g. no OpenAI-Beta outside the Assistants API) and, when its
 * terminal states or poll path are new, one more oai__poll_kind (its
 * terminal rule in poll_rules.c, its path in oai__poll_plan_target()). */
#ifndef OAI_POLL_PLAN_H
#define OAI_POLL_PLAN_H

#include <cJSON.h>

#include "core/error.h"
#include "poll/poll_rules.h"
#include "poll/uploads.h"

typedef enum oai__poll_op {
    OAI__OP_RUNS_POLL,
    OAI__OP_RUNS_CREATE,
    OAI__OP_THREADS_CREATE_AND_RUN,
    OAI__OP_SUBMIT_TOOL_OUTPUTS,
    OAI__OP_VS_FILE_POLL,
    OAI__OP_VS_FILE_CREATE,
    OAI__OP_VS_FILE_UPLOAD,
    OAI__OP_BATCH_POLL,
    OAI__OP_BATCH_CREATE,
    OAI__OP_BATCH_UPLOAD,
    OAI__OP_RESPONSES_POLL,
    OAI__OP_RESPONSES_CREATE,
    OAI__OP_COUNT
} oai__poll_op;

/* The arguments of a helper call, borrowed; an operation reads the fields
 * its helper has. `params` is the run / file / batch / response
 * parameters or the tool outputs. */
typedef struct oai__poll_call {
    oai__poll_op op;
    const char *thread_id, *run_id, *vs_id, *file_id, *batch_id, *response_id;
    const oai_json *params;
    const char *const *include;
    const oai_upload *files;
    size_t n_files;
    const char *const *file_ids;
    size_t n_file_ids;
} oai__poll_call;

typedef struct oai__poll_plan {
    oai__poll_kind kind;
    /* upload-and-poll: these files go first; the creating body is made
     * from their ids (oai__poll_plan_uploaded) */
    int upload;
    oai__uploads uploads;
    cJSON *file_params; /* vector-store file: the params of the body */
    /* the creating POST (beta); create_path NULL: poll only */
    char *create_path;
    char *create_query; /* include[] of a run creation, or NULL */
    cJSON *create_body;
    /* what to poll: poll_path, or made from the created object */
    char *poll_path;
    char *thread_id; /* runs: the thread given (NULL: the run's own) */
    char *vs_id;     /* files, batches: the vector store */
    int get_request; /* runs, responses: the caller's request options
                        go with GETs */
} oai__poll_plan;

/* Check the call as its helper does (errors on the client: OAI_EINVAL,
 * OAI_EFILE, OAI_ENOMEM) and fill `p` (zeroed first; clear it with
 * oai__poll_plan_clear() whatever this returns). `o` are the options in
 * force (max_concurrency); `copy`: the plan keeps private copies of the
 * upload sources, else it borrows them. */
int oai__poll_plan_build(oai__poll_plan *p, oai_client *c,
                         const oai__poll_call *k, const oai_poll_options *o,
                         int copy);

/* Once the uploads succeeded (ids[i] of files[i]): the creating body and
 * the poll target. OAI_OK, or OAI_EINVAL / OAI_ENOMEM on `err`. */
int oai__poll_plan_uploaded(oai__poll_plan *p, oai_client *c,
                            oai__error_store *err, char *const *ids);

/* The path to poll once the creating request answered `created` (NULL
 * when there was none): sets p->poll_path. OAI_OK, OAI_EPROTOCOL (the
 * object lacks an id) or OAI_ENOMEM, detail on `err`. */
int oai__poll_plan_target(oai__poll_plan *p, oai_client *c,
                          oai__error_store *err, const oai_json *created);

void oai__poll_plan_clear(oai__poll_plan *p);

#endif
