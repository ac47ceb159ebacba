/* The one place where resource calls hand a request to the transport. */
#include "resources/rest.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/json.h"
#include "http/request.h"

int oai__rest_send(oai_json **out, oai_client *c, const char *method,
                   const char *path, const char *query, const cJSON *body,
                   unsigned flags, const oai_request_options *ropts,
                   const char *const *headers, size_t n_headers,
                   const char *want_header, char **header_value)
{
    *out = NULL;
    if (header_value)
        *header_value = NULL;
    oai__http_spec spec = OAI__HTTP_SPEC_INIT;
    spec.method = method;
    spec.path = path;
    spec.query = query && *query ? query : NULL;
    spec.json = body;
    spec.headers = headers;
    spec.n_headers = n_headers;
    spec.opts = ropts;
    spec.beta = (flags & OAI__REST_BETA) ? OAI__BETA_ON : OAI__BETA_OFF;

    oai__http_response resp = {0};
    int rc = oai__http_request(&resp, c, &spec);
    if (!rc && !resp.json)
        rc = oai__error_set(oai__client_error(c), OAI_EPROTOCOL,
                            "%d response is not JSON (%zu bytes)", resp.status,
                            resp.body_len);
    if (!rc && want_header && header_value) {
        const char *v = oai__http_response_header(&resp, want_header);
        if (v && !(*header_value = oai__strdup(v)))
            rc = oai__rest_nomem(c);
    }
    if (!rc) {
        *out = oai__own(resp.json);
        resp.json = NULL;
    } else if (header_value) {
        oai__free(*header_value);
        *header_value = NULL;
    }
    oai__http_response_clear(&resp);
    return rc;
}

int oai__rest_simple(oai_json **out, oai_client *c, const char *method,
                     const char *path, const char *query, const oai_json *body,
                     unsigned flags, const oai_request_options *ropts)
{
    return oai__rest_send(out, c, method, path, query, oai__cj(body), flags,
                          ropts, NULL, 0, NULL, NULL);
}
