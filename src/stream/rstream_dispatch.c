/* The hooks of one Responses event: on_event, then the hook of the change
 * the accumulator recorded for it (an event records at most one). */
#include <string.h>

#include "core/json.h"
#include "stream/rstream.h"

#define CALL(name, ...) OAI__HOOK(s, h, name, __VA_ARGS__)

/* A delta hook: the delta and the accumulated string it went into. */
#define DELTA(name)                                                            \
    (c->kind == OAI_RESPONSE_CHANGE_TEXT_DELTA                                 \
         ? CALL(name, c->delta ? c->delta : "", c->delta_len,                  \
                oai__json_text(c->node), c)                                    \
         : OAI_OK)
#define DONE(name)                                                             \
    (c->kind == OAI_RESPONSE_CHANGE_TEXT_DONE                                  \
         ? CALL(name, oai__json_text(c->node), c)                              \
         : OAI_OK)

static int lifecycle(oai_stream *s, const oai_response_handler *h,
                     oai_response_event_type t, const oai_json *resp)
{
    switch (t) {
    case OAI_RESPONSE_EVENT_CREATED:
        return CALL(on_created, resp);
    case OAI_RESPONSE_EVENT_QUEUED:
        return CALL(on_queued, resp);
    case OAI_RESPONSE_EVENT_IN_PROGRESS:
        return CALL(on_in_progress, resp);
    case OAI_RESPONSE_EVENT_COMPLETED:
        return CALL(on_completed, resp);
    case OAI_RESPONSE_EVENT_INCOMPLETE:
        return CALL(on_incomplete, resp);
    default:
        return CALL(on_failed, resp);
    }
}

static int deliver(oai_stream *s, const oai_response_handler *h,
                   const oai_response_update *u, const oai_response_change *c)
{
    if (c->kind == OAI_RESPONSE_CHANGE_RESPONSE)
        return lifecycle(s, h, u->type, c->node);
    if (c->kind == OAI_RESPONSE_CHANGE_STATUS)
        return CALL(on_tool_call_status, c->node, c);
    switch (u->type) {
    case OAI_RESPONSE_EVENT_OUTPUT_ITEM_ADDED:
        return CALL(on_output_item_added, c->node, c);
    case OAI_RESPONSE_EVENT_OUTPUT_ITEM_DONE:
        return CALL(on_output_item_done, c->node, c);
    case OAI_RESPONSE_EVENT_CONTENT_PART_ADDED:
        return CALL(on_content_part_added, c->node, c);
    case OAI_RESPONSE_EVENT_CONTENT_PART_DONE:
        return CALL(on_content_part_done, c->node, c);
    case OAI_RESPONSE_EVENT_OUTPUT_TEXT_DELTA:
        return DELTA(on_text_delta);
    case OAI_RESPONSE_EVENT_OUTPUT_TEXT_DONE:
        return DONE(on_text_done);
    case OAI_RESPONSE_EVENT_OUTPUT_TEXT_ANNOTATION_ADDED:
        return CALL(on_annotation_added, c->node, c);
    case OAI_RESPONSE_EVENT_REFUSAL_DELTA:
        return DELTA(on_refusal_delta);
    case OAI_RESPONSE_EVENT_REFUSAL_DONE:
        return DONE(on_refusal_done);
    case OAI_RESPONSE_EVENT_FUNCTION_CALL_ARGUMENTS_DELTA:
        return DELTA(on_function_call_arguments_delta);
    case OAI_RESPONSE_EVENT_FUNCTION_CALL_ARGUMENTS_DONE:
        return DONE(on_function_call_arguments_done);
    case OAI_RESPONSE_EVENT_REASONING_SUMMARY_TEXT_DELTA:
        return DELTA(on_reasoning_summary_delta);
    case OAI_RESPONSE_EVENT_REASONING_SUMMARY_TEXT_DONE:
        return DONE(on_reasoning_summary_done);
    case OAI_RESPONSE_EVENT_REASONING_TEXT_DELTA:
        return DELTA(on_reasoning_text_delta);
    case OAI_RESPONSE_EVENT_REASONING_TEXT_DONE:
        return DONE(on_reasoning_text_done);
    case OAI_RESPONSE_EVENT_CODE_INTERPRETER_CALL_CODE_DELTA:
        return DELTA(on_code_interpreter_code_delta);
    case OAI_RESPONSE_EVENT_CODE_INTERPRETER_CALL_CODE_DONE:
        return DONE(on_code_interpreter_code_done);
    case OAI_RESPONSE_EVENT_MCP_CALL_ARGUMENTS_DELTA:
        return DELTA(on_mcp_call_arguments_delta);
    case OAI_RESPONSE_EVENT_MCP_CALL_ARGUMENTS_DONE:
        return DONE(on_mcp_call_arguments_done);
    default: /* reasoning summary parts, custom tools, shell: on_event */
        return OAI_OK;
    }
}

int oai__rstream_dispatch(oai_stream *s, const oai_response_update *u)
{
    const oai_response_handler *h = &s->resp->h;
    int rc = CALL(on_event, u);
    if (rc)
        return rc;
    if (u->type == OAI_RESPONSE_EVENT_IMAGE_GENERATION_CALL_PARTIAL_IMAGE)
        return CALL(on_image_generation_partial_image, u->event);
    for (size_t i = 0; i < u->n_changes; i++)
        if ((rc = deliver(s, h, u, &u->changes[i])) != OAI_OK)
            return rc;
    return OAI_OK;
}
