/* The calls of oai/response_stream.h: which request starts a response
 * stream, and the follow-up request of its tool loop; the transport is
 * http/stream_source.h. */
#include "oai/response_stream.h"

#include "core/alloc.h"
#include "core/json.h"
#include "http/stream_source.h"
#include "resources/rest.h"

#define HELPER "responses.stream"

/* The follow-up of the tool loop: the stream built the whole body. */
static int follow_up(char **path, cJSON **body, const char **helper,
                     oai_client *c, const cJSON *request, const cJSON *unused)
{
    (void)unused;
    *helper = HELPER;
    *path = oai__strdup("/responses");
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

static int begin(oai_response_stream **out, oai_client *c)
{
    if (out)
        *out = NULL;
    if (!c)
        return OAI_EINVAL;
    oai__error_clear(oai__client_error(c));
    if (!out)
        return oai__rest_invalid(c, "out must not be NULL");
    return OAI_OK;
}

int oai_responses_stream(oai_response_stream **out, oai_client *c,
                         const oai_json *params,
                         const oai_response_stream_options *sopts,
                         const oai_request_options *opts)
{
    int rc = begin(out, c);
    if (!rc)
        rc = oai__rest_check_object(c, "params", params, 0);
    cJSON *body = NULL;
    if (!rc)
        rc = oai__rest_stream_body(&body, c, params);
    if (!rc) {
        oai__http_stream_call call = {"/responses", NULL,   body, HELPER,
                                      follow_up,    "POST", 1};
        rc = oai__http_response_stream_new((oai_stream **)(void *)out, c, &call,
                                           sopts, opts);
    }
    oai__json_delete(body);
    return rc;
}

int oai_responses_retrieve_stream(oai_response_stream **out, oai_client *c,
                                  const char *response_id,
                                  long long starting_after,
                                  const oai_response_stream_options *sopts,
                                  const oai_request_options *opts)
{
    int rc = begin(out, c);
    if (!rc)
        rc = oai__rest_check_id(c, "response_id", response_id);
    oai__strbuf q = {0};
    char *path = NULL;
    if (!rc && (oai__query_add(&q, "stream", "true") ||
                (starting_after >= 0 &&
                 oai__query_add_int(&q, "starting_after", starting_after))))
        rc = oai__rest_nomem(c);
    if (!rc)
        rc = oai__rest_path(&path, c, "/responses/%s", response_id);
    if (!rc) {
        oai__http_stream_call call = {path, q.p, NULL, HELPER, NULL, "GET", 0};
        rc = oai__http_response_stream_new((oai_stream **)(void *)out, c, &call,
                                           sopts, opts);
    }
    oai__free(path);
    oai__strbuf_free(&q);
    return rc;
}
