/* The API's member names, kept once (core/json_keys.h). */
#include "core/json_keys.h"

#include <stdlib.h>
#include <string.h>

/* Sorted by strcmp: the names of the objects streams carry (Assistants
 * runs, steps and messages, Responses and their items, chat chunks,
 * usage). A name not here keeps its own allocation. */
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

static int by_name(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

static const char *shared(const char *name)
{
    const char *const *hit = bsearch(name, names, sizeof names / sizeof *names,
                                     sizeof *names, by_name);
    return hit ? *hit : NULL;
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
    if (root)
        share(root->child);
}
