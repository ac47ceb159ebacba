/* The one place where resource calls hand a request to the transport. */
#include "resources/rest.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/json.h"

void oai__rest_spec(oai__http_spec *spec, const char *method, const char *path,
                    const char *query, const cJSON *body,
                    const oai_request_options *ropts)
{
    oai__http_spec init = OAI__HTTP_SPEC_INIT;
    *spec = init;
    spec->method = method;
    spec->path = path;
    spec->query = query && *query ? query : NULL;
    spec->json = body;
    spec->opts = ropts;
}

int oai__rest_answer(oai_json **out, oai__error_store *err,
                     oai__http_response *resp, int rc, const char *want_header,
                     char **header_value)
{
    *out = NULL;
    if (header_value)
        *header_value = NULL;
    if (!rc && !resp->json)
        rc = oai__error_set(err, OAI_EPROTOCOL,
                            "%d response is not JSON (%zu bytes)", resp->status,
                            resp->body_len);
    if (!rc && want_header && header_value) {
        const char *v = oai__http_response_header(resp, want_header);
        if (v && !(*header_value = oai__strdup(v)))
            rc = oai__error_nomem(err);
    }
    if (!rc) {
        *out = oai__own(resp->json);
        resp->json = NULL;
    }
    return rc;
}

int oai__rest_send(oai_json **out, oai_client *c, const char *method,
                   const char *path, const char *query, const cJSON *body,
                   const oai_request_options *ropts)
{
    oai__http_spec spec;
    oai__rest_spec(&spec, method, path, query, body, ropts);
    oai__http_response resp = {0};
    int rc = oai__http_request(&resp, c, &spec);
    rc = oai__rest_answer(out, oai__client_error(c), &resp, rc, NULL, NULL);
    oai__http_response_clear(&resp);
    return rc;
}
