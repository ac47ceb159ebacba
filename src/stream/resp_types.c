/* The Responses event-type table. Entries are in enum order, so a type's
 * entry is found by index and a name by one scan. */
#include "stream/resp_types.h"

#include <string.h>

#define R "response."
#define ITEM(n, op, it)                                                        \
    {                                                                          \
        R n, op, it, NULL, NULL, NULL, NULL, NULL                              \
    }
#define TEXT(n, op, it, list, ix, pt, field, payload)                          \
    {                                                                          \
        R n, op, it, list, ix, pt, field, payload                              \
    }
#define STATUS(n, it, word)                                                    \
    {                                                                          \
        R n, OAI__RESP_STATUS, it, NULL, NULL, NULL, word, NULL                \
    }
#define PASS(n)                                                                \
    {                                                                          \
        n, OAI__RESP_PASS, NULL, NULL, NULL, NULL, NULL, NULL                  \
    }

static const oai__resp_type table[] = {
    PASS(""),
    ITEM("created", OAI__RESP_LIFECYCLE, NULL),
    ITEM("queued", OAI__RESP_LIFECYCLE, NULL),
    ITEM("in_progress", OAI__RESP_LIFECYCLE, NULL),
    ITEM("completed", OAI__RESP_LIFECYCLE, NULL),
    ITEM("failed", OAI__RESP_LIFECYCLE, NULL),
    ITEM("incomplete", OAI__RESP_LIFECYCLE, NULL),
    ITEM("output_item.added", OAI__RESP_ITEM_ADDED, NULL),
    ITEM("output_item.done", OAI__RESP_ITEM_DONE, NULL),
    TEXT("content_part.added", OAI__RESP_PART_ADDED, NULL, "content",
         "content_index", NULL, NULL, "part"),
    TEXT("content_part.done", OAI__RESP_PART_DONE, NULL, "content",
         "content_index", NULL, NULL, "part"),
    TEXT("output_text.delta", OAI__RESP_APPEND, "message", "content",
         "content_index", "output_text", "text", "delta"),
    TEXT("output_text.done", OAI__RESP_SET, "message", "content",
         "content_index", "output_text", "text", "text"),
    TEXT("output_text.annotation.added", OAI__RESP_ANNOTATION, "message",
         "content", "content_index", "output_text", "annotations",
         "annotation"),
    TEXT("refusal.delta", OAI__RESP_APPEND, "message", "content",
         "content_index", "refusal", "refusal", "delta"),
    TEXT("refusal.done", OAI__RESP_SET, "message", "content", "content_index",
         "refusal", "refusal", "refusal"),
    TEXT("function_call_arguments.delta", OAI__RESP_APPEND, "function_call",
         NULL, NULL, NULL, "arguments", "delta"),
    TEXT("function_call_arguments.done", OAI__RESP_SET, "function_call", NULL,
         NULL, NULL, "arguments", "arguments"),
    TEXT("custom_tool_call_input.delta", OAI__RESP_APPEND, "custom_tool_call",
         NULL, NULL, NULL, "input", "delta"),
    TEXT("custom_tool_call_input.done", OAI__RESP_SET, "custom_tool_call", NULL,
         NULL, NULL, "input", "input"),
    TEXT("mcp_call_arguments.delta", OAI__RESP_APPEND, "mcp_call", NULL, NULL,
         NULL, "arguments", "delta"),
    TEXT("mcp_call_arguments.done", OAI__RESP_SET, "mcp_call", NULL, NULL, NULL,
         "arguments", "arguments"),
    TEXT("reasoning_summary_part.added", OAI__RESP_PART_ADDED, "reasoning",
         "summary", "summary_index", NULL, NULL, "part"),
    TEXT("reasoning_summary_part.done", OAI__RESP_PART_DONE, "reasoning",
         "summary", "summary_index", NULL, NULL, "part"),
    TEXT("reasoning_summary_text.delta", OAI__RESP_APPEND, "reasoning",
         "summary", "summary_index", NULL, "text", "delta"),
    TEXT("reasoning_summary_text.done", OAI__RESP_SET, "reasoning", "summary",
         "summary_index", NULL, "text", "text"),
    TEXT("reasoning_text.delta", OAI__RESP_APPEND, "reasoning", "content",
         "content_index", "reasoning_text", "text", "delta"),
    TEXT("reasoning_text.done", OAI__RESP_SET, "reasoning", "content",
         "content_index", "reasoning_text", "text", "text"),
    TEXT("code_interpreter_call_code.delta", OAI__RESP_APPEND,
         "code_interpreter_call", NULL, NULL, NULL, "code", "delta"),
    TEXT("code_interpreter_call_code.done", OAI__RESP_SET,
         "code_interpreter_call", NULL, NULL, NULL, "code", "code"),
    STATUS("code_interpreter_call.in_progress", "code_interpreter_call",
           "in_progress"),
    STATUS("code_interpreter_call.interpreting", "code_interpreter_call",
           "interpreting"),
    STATUS("code_interpreter_call.completed", "code_interpreter_call",
           "completed"),
    STATUS("file_search_call.in_progress", "file_search_call", "in_progress"),
    STATUS("file_search_call.searching", "file_search_call", "searching"),
    STATUS("file_search_call.completed", "file_search_call", "completed"),
    STATUS("web_search_call.in_progress", "web_search_call", "in_progress"),
    STATUS("web_search_call.searching", "web_search_call", "searching"),
    STATUS("web_search_call.completed", "web_search_call", "completed"),
    STATUS("image_generation_call.in_progress", "image_generation_call",
           "in_progress"),
    STATUS("image_generation_call.generating", "image_generation_call",
           "generating"),
    STATUS("image_generation_call.completed", "image_generation_call",
           "completed"),
    PASS(R "image_generation_call.partial_image"),
    STATUS("mcp_call.in_progress", "mcp_call", "in_progress"),
    STATUS("mcp_call.completed", "mcp_call", "completed"),
    STATUS("mcp_call.failed", "mcp_call", "failed"),
    PASS(R "mcp_list_tools.in_progress"),
    PASS(R "mcp_list_tools.completed"),
    PASS(R "mcp_list_tools.failed"),
    TEXT("shell_call_command.added", OAI__RESP_PART_ADDED, "shell_call",
         "action.commands", "command_index", NULL, NULL, "command"),
    TEXT("shell_call_command.delta", OAI__RESP_APPEND, "shell_call",
         "action.commands", "command_index", NULL, NULL, "delta"),
    TEXT("shell_call_command.done", OAI__RESP_PART_DONE, "shell_call",
         "action.commands", "command_index", NULL, NULL, "command"),
    TEXT("shell_call_output_content.delta", OAI__RESP_SHELL_OUT_APPEND,
         "shell_call_output", "output", "command_index", NULL, NULL, "delta"),
    TEXT("shell_call_output_content.done", OAI__RESP_SHELL_OUT_SET,
         "shell_call_output", "output", "command_index", NULL, NULL, "output"),
    PASS(R "audio.delta"),
    PASS(R "audio.done"),
    PASS(R "audio.transcript.delta"),
    PASS(R "audio.transcript.done"),
    PASS(R "compaction.compacting"),
    PASS("keepalive"),
    {"error", OAI__RESP_ERROR, NULL, NULL, NULL, NULL, NULL, NULL},
    PASS("[DONE]"),
};

_Static_assert(sizeof table / sizeof table[0] ==
                   OAI_RESPONSE_EVENT_DONE_SENTINEL + 1,
               "one table entry per event type, in enum order");

const oai__resp_type *oai__resp_type_info(oai_response_event_type t)
{
    if ((unsigned)t > OAI_RESPONSE_EVENT_DONE_SENTINEL)
        t = OAI_RESPONSE_EVENT_UNKNOWN;
    return &table[t];
}

const char *oai_response_event_type_name(oai_response_event_type t)
{
    return oai__resp_type_info(t)->name;
}

oai_response_event_type oai_response_event_type_from_name(const char *name)
{
    if (!name || !name[0])
        return OAI_RESPONSE_EVENT_UNKNOWN;
    for (size_t i = 1; i < sizeof table / sizeof table[0]; i++)
        if (table[i].name[0] == name[0] && strcmp(table[i].name, name) == 0)
            return (oai_response_event_type)i;
    return OAI_RESPONSE_EVENT_UNKNOWN;
}
