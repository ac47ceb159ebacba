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

/* The follow-up of the tool loop: the stream built the whole body. */
static int follow_up(char **path, cJSON **body, const char **helper,
                     oai_client *c, const cJSON *request, const cJSON *unused)
{
    (void)unused;
    *helper = HELPER;
    *path = oai__strdup(PATH);
    *body = cJSON_Duplicate(request, 1);
    if (!*path || !*body) {
        oai__free(*path);
        oai__json_delete(*body);
        *path = NULL;
        *body = NULL;
        return oai__rest_nomem(c);
    }
    return OAI_OK;
}

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
        oai__http_stream_call call = {PATH,      NULL,   body, HELPER,
                                      follow_up, "POST", 1,    NULL};
        rc = oai__http_chat_stream_new((oai_stream **)(void *)out, c, &call,
                                       sopts, opts);
    }
    oai__json_delete(body);
    return rc;
}
