/* The call of oai/chat_stream.h: the request that starts a chat stream,
 * and the follow-up request of its tool loop; the transport is
 * http/stream_source.h. */
#include "oai/chat_stream.h"

#include "core/alloc.h"
#include "core/json.h"
#include "http/stream_source.h"
#include "resources/rest.h"

#define HELPER "chat.completions.stream"
#define PATH "/chat/completions"

int oai_chat_completions_stream(oai_chat_stream **out, oai_client *c,
                                const oai_json *params,
                                const oai_chat_stream_options *sopts,
                                const oai_request_options *opts)
{
    if (out)
        *out = NULL;
    if (!c)
        return OAI_EINVAL;
    oai__error_clear(oai__client_error(c));
    if (!out)
        return oai__rest_invalid(c, "out must not be NULL");
    int rc = oai__rest_check_object(c, "params", params, 0);
    if (!rc && !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(oai__cj(params),
                                                               "messages")))
        rc = oai__rest_invalid(c, "params.messages must be an array");
    cJSON *body = NULL;
    if (!rc)
        rc = oai__rest_stream_body(&body, c, params);
    if (!rc) {
        oai__http_stream_call call = {PATH, NULL,   body, HELPER,
                                      NULL, "POST", 1,    NULL};
        rc = oai__http_chat_stream_new((oai_stream **)(void *)out, c, &call,
                                       sopts, opts);
    }
    oai__json_delete(body);
    return rc;
}
