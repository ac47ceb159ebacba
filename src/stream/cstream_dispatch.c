/* The hooks of one chat chunk: on_chunk, then one hook per helper event
 * the accumulator recorded for it. */
#include "core/json.h"
#include "stream/cstream.h"

#define CALL(name, ...) OAI__HOOK(s, h, name, __VA_ARGS__)

static const char *arguments_of(const oai_json *call)
{
    return oai__json_text(
        oai_json_get(oai_json_get(call, "function"), "arguments"));
}

static int deliver(oai_stream *s, const oai_chat_handler *h,
                   const oai_chat_change *c)
{
    const char *d = c->delta ? c->delta : "";
    switch (c->kind) {
    case OAI_CHAT_CHANGE_CONTENT_DELTA:
        return CALL(on_content_delta, d, c->delta_len, oai__json_text(c->node),
                    c);
    case OAI_CHAT_CHANGE_CONTENT_DONE:
        return CALL(on_content_done, oai__json_text(c->node), c);
    case OAI_CHAT_CHANGE_REFUSAL_DELTA:
        return CALL(on_refusal_delta, d, c->delta_len, oai__json_text(c->node),
                    c);
    case OAI_CHAT_CHANGE_REFUSAL_DONE:
        return CALL(on_refusal_done, oai__json_text(c->node), c);
    case OAI_CHAT_CHANGE_TOOL_ARGUMENTS_DELTA:
        return CALL(on_tool_call_arguments_delta, d, c->delta_len,
                    arguments_of(c->node), c);
    case OAI_CHAT_CHANGE_TOOL_ARGUMENTS_DONE:
        return CALL(on_tool_call_arguments_done, c->node, c);
    case OAI_CHAT_CHANGE_LOGPROBS_CONTENT_DELTA:
        return CALL(on_logprobs_content_delta, c->delta_node, c->node, c);
    case OAI_CHAT_CHANGE_LOGPROBS_CONTENT_DONE:
        return CALL(on_logprobs_content_done, NULL, c->node, c);
    case OAI_CHAT_CHANGE_LOGPROBS_REFUSAL_DELTA:
        return CALL(on_logprobs_refusal_delta, c->delta_node, c->node, c);
    case OAI_CHAT_CHANGE_LOGPROBS_REFUSAL_DONE:
        return CALL(on_logprobs_refusal_done, NULL, c->node, c);
    default: /* CHUNK and TOOL_CALL records are not helper events */
        return OAI_OK;
    }
}

int oai__cstream_dispatch(oai_stream *s, const oai_chat_update *u, size_t n)
{
    const oai_chat_handler *h = &s->chat->h;
    const oai_json *snap = oai_chat_accumulator_snapshot(s->chat->acc);
    int rc = CALL(on_chunk, u->chunk, snap, u);
    for (size_t i = 0; !rc && i < n; i++)
        rc = deliver(s, h, &u->changes[i]);
    return rc;
}
