/* The API's member names, kept once (core/json_keys.h). */
#include "core/json_keys.h"

#include <pthread.h>
#include <string.h>

/* The names of the objects streams carry (Assistants runs, steps and
 * messages, Responses and their items, chat chunks, usage), sorted for
 * the reader. A name not here keeps its own allocation. */
static const char *const names[] = {
    "accepted_prediction_tokens",
    "action",
    "annotation",
    "annotation_index",
    "annotations",
    "approval_request_id",
    "arguments",
    "assistant_id",
    "attachments",
    "audio",
    "audio_tokens",
    "background",
    "bytes",
    "cached_tokens",
    "call_id",
    "cancelled_at",
    "choices",
    "code",
    "code_interpreter",
    "completed_at",
    "completion_tokens",
    "completion_tokens_details",
    "container_id",
    "content",
    "content_index",
    "conversation",
    "created",
    "created_at",
    "data",
    "delta",
    "description",
    "effort",
    "encrypted_content",
    "end_index",
    "end_time",
    "error",
    "expires_at",
    "failed_at",
    "file_citation",
    "file_id",
    "file_ids",
    "file_path",
    "file_search",
    "filename",
    "finish_reason",
    "format",
    "frequency_penalty",
    "function",
    "id",
    "image_file",
    "incomplete_at",
    "incomplete_details",
    "index",
    "input",
    "input_tokens",
    "input_tokens_details",
    "instructions",
    "item",
    "item_id",
    "last_error",
    "last_messages",
    "logprob",
    "logprobs",
    "max_completion_tokens",
    "max_output_tokens",
    "max_prompt_tokens",
    "max_tool_calls",
    "message",
    "message_creation",
    "message_id",
    "metadata",
    "model",
    "name",
    "obfuscation",
    "object",
    "output",
    "output_index",
    "output_tokens",
    "output_tokens_details",
    "parallel_tool_calls",
    "parameters",
    "part",
    "presence_penalty",
    "previous_response_id",
    "prompt",
    "prompt_cache_key",
    "prompt_cache_retention",
    "prompt_tokens",
    "prompt_tokens_details",
    "queries",
    "reasoning",
    "reasoning_effort",
    "reasoning_tokens",
    "refusal",
    "rejected_prediction_tokens",
    "required_action",
    "response",
    "response_format",
    "results",
    "role",
    "run_id",
    "safety_identifier",
    "seed",
    "sequence_number",
    "service_tier",
    "start_index",
    "start_time",
    "started_at",
    "status",
    "step_details",
    "store",
    "strict",
    "submit_tool_outputs",
    "summary",
    "summary_index",
    "system_fingerprint",
    "temperature",
    "text",
    "thread_id",
    "token",
    "tool_call_id",
    "tool_calls",
    "tool_choice",
    "tool_resources",
    "tools",
    "top_logprobs",
    "top_p",
    "total_tokens",
    "truncation",
    "truncation_strategy",
    "type",
    "usage",
    "user",
    "value",
    "verbosity",
};

enum { N_NAMES = sizeof names / sizeof *names, SLOTS = 512 };

/* An open-addressing table over the names: a parse looks up every member
 * name it made, so a hash and one comparison beat a binary search's seven.
 * slot_of[h] is a name's index + 1, 0 for an empty slot. */
static unsigned char slot_of[SLOTS];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

_Static_assert(N_NAMES < 255 && N_NAMES * 2 < SLOTS,
               "the table keeps the probes short and indexes in a byte");

static unsigned hash(const char *s)
{
    unsigned h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static void build_table(void)
{
    for (size_t i = 0; i < N_NAMES; i++) {
        unsigned h = hash(names[i]) % SLOTS;
        while (slot_of[h])
            h = (h + 1) % SLOTS;
        slot_of[h] = (unsigned char)(i + 1);
    }
}

static const char *shared(const char *name)
{
    for (unsigned h = hash(name) % SLOTS; slot_of[h]; h = (h + 1) % SLOTS) {
        const char *known = names[slot_of[h] - 1];
        if (strcmp(known, name) == 0)
            return known;
    }
    return NULL;
}

static void share(cJSON *first)
{
    for (cJSON *n = first; n; n = n->next) {
        const char *s;
        if (n->string && !(n->type & cJSON_StringIsConst) &&
            (s = shared(n->string))) {
            cJSON_free(n->string);
            n->string = (char *)s;
            n->type |= cJSON_StringIsConst;
        }
        if (n->child)
            share(n->child);
    }
}

void oai__json_share_keys(cJSON *root)
{
    if (!root)
        return;
    pthread_once(&table_once, build_table);
    share(root->child);
}
