/* The calls of oai/response_stream.h: which request starts a response
 * stream, and the follow-up request of its tool loop; the transport is
 * http/stream_source.h. */
#include "oai/response_stream.h"

#include "core/alloc.h"
#include "core/json.h"
#include "http/stream_source.h"
#include "resources/rest.h"
#include "stream/rstream.h"

#define HELPER "responses.stream"

/* The path and query of GET /responses/{id}?stream=true[&starting_after=N].
 */
static int retrieve_request(char **path, char **query, oai_client *c,
                            const char *id, long long after)
{
    oai__strbuf q = {0};
    *path = NULL;
    *query = NULL;
    if (oai__query_add(&q, "stream", "true") ||
        (after >= 0 && oai__query_add_int(&q, "starting_after", after))) {
        oai__strbuf_free(&q);
        return oai__rest_nomem(c);
    }
    int rc = oai__rest_path(path, c, "/responses/%s", id);
    if (rc)
        oai__strbuf_free(&q);
    else
        *query = q.p;
    return rc;
}

/* Automatic resume is on for a background response unless turned off,
 * and cannot be asked for a foreground one. */
static int check_resume(oai_client *c, const cJSON *params,
                        const oai_response_stream_options *sopts,
                        int *background)
{
    *background =
        cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "background"));
    if (sopts && sopts->version >= 2 &&
        sopts->resume == OAI_RESPONSE_RESUME_ON && !*background)
        return oai__rest_invalid(
            c, "a foreground response cannot be resumed: resume needs "
               "\"background\": true in the parameters");
    return OAI_OK;
}

static int begin(oai_response_stream **out, oai_client *c)
{
    if (out)
        *out = NULL;
    return oai__rest_stream_begin(c, out != NULL);
}

int oai_responses_stream(oai_response_stream **out, oai_client *c,
                         const oai_json *params,
                         const oai_response_stream_options *sopts,
                         const oai_request_options *opts)
{
    int rc = begin(out, c);
    if (!rc)
        rc = oai__rest_check_object(c, "params", params, 0);
    int background = 0;
    if (!rc)
        rc = check_resume(c, oai__cj(params), sopts, &background);
    cJSON *body = NULL;
    if (!rc)
        rc = oai__rest_stream_body(&body, c, params);
    if (!rc) {
        oai__http_stream_call call = {
            "/responses", NULL,   body, HELPER,
            NULL,         "POST", 1,    retrieve_request};
        rc = oai__http_response_stream_new((oai_stream **)(void *)out, c, &call,
                                           sopts, opts);
    }
    if (!rc && background)
        oai__rstream_set_background((oai_stream *)(void *)*out);
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
    char *path = NULL, *query = NULL;
    if (!rc)
        rc = retrieve_request(&path, &query, c, response_id, starting_after);
    if (!rc) {
        oai__http_stream_call call = {path, query, NULL, HELPER,
                                      NULL, "GET", 0,    retrieve_request};
        rc = oai__http_response_stream_new((oai_stream **)(void *)out, c, &call,
                                           sopts, opts);
    }
    if (!rc)
        oai__rstream_set_background((oai_stream *)(void *)*out);
    oai__free(path);
    oai__free(query);
    return rc;
}
