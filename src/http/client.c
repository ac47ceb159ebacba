/* oai_client: configuration from options and environment, the per-client
 * error, and the public raw-request escape hatch. */
#include "http/client_impl.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/json.h"
#include "http/engine.h"
#include "http/request.h"

#define DEFAULT_BASE_URL "https://api.openai.com/v1"
#define DEFAULT_MAX_RETRIES 2
#define DEFAULT_CONNECT_TIMEOUT_MS 5000L
#define DEFAULT_TIMEOUT_MS 600000L
#define DEFAULT_MAX_HEADER_SIZE ((size_t)256 * 1024)
#define DEFAULT_MAX_RESPONSE_SIZE ((size_t)128 * 1024 * 1024)

static const char MISSING_KEY[] =
    "The api_key client option must be set either by passing api_key to the "
    "client or by setting the OPENAI_API_KEY environment variable";

/* ---- construction ---------------------------------------------------------
 */

/* An environment variable, with "" counting as unset. */
static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

static int log_level_from_env(void)
{
    const char *v = env("OPENAI_LOG");
    if (v && strcmp(v, "debug") == 0)
        return OAI_LOG_DEBUG;
    if (v && strcmp(v, "info") == 0)
        return OAI_LOG_INFO;
    return OAI_LOG_OFF;
}

static int fail(int code, const char *msg, char *errbuf, size_t errlen,
                int level, oai_log_fn fn, void *ud)
{
    if (errbuf && errlen)
        snprintf(errbuf, errlen, "%s", msg);
    if (level >= OAI_LOG_INFO)
        oai__log_emit(OAI_LOG_INFO, fn, ud, msg);
    return code;
}

static int dup_opt(char **dst, const char *s)
{
    if (!s)
        return OAI_OK;
    *dst = oai__strdup(s);
    return *dst ? OAI_OK : OAI_ENOMEM;
}

static int set_base_url(oai_client *c, const char *url)
{
    size_t n = strlen(url);
    int slash = n && url[n - 1] == '/';
    c->base_url = oai__malloc(n + 2);
    if (!c->base_url)
        return OAI_ENOMEM;
    memcpy(c->base_url, url, n);
    if (!slash)
        c->base_url[n++] = '/';
    c->base_url[n] = '\0';
    return OAI_OK;
}

int oai_client_new(oai_client **out, const oai_client_options *opts,
                   char *errbuf, size_t errbuf_len)
{
    if (errbuf && errbuf_len)
        errbuf[0] = '\0';
    if (!out)
        return fail(OAI_EINVAL, "out is NULL", errbuf, errbuf_len, 0, NULL,
                    NULL);
    *out = NULL;
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    if (opts) {
        if (opts->version < 1 || opts->version > OAI_CLIENT_OPTIONS_VERSION)
            return fail(OAI_EINVAL, "unsupported oai_client_options version",
                        errbuf, errbuf_len, 0, NULL, NULL);
        /* an older struct ends before the fields its version lacks: version
         * 1 before the size limits, version 2 before http2 */
        memcpy(&o, opts,
               opts->version == 1
                   ? offsetof(oai_client_options, max_header_size)
               : opts->version == 2 ? offsetof(oai_client_options, http2)
                                    : sizeof o);
    }
    int level =
        o.log_level != OAI_LOG_DEFAULT ? o.log_level : log_level_from_env();
    if (level < OAI_LOG_OFF || level > OAI_LOG_DEBUG)
        return fail(OAI_EINVAL, "invalid log_level", errbuf, errbuf_len, 0,
                    NULL, NULL);
#define FAIL(code, msg)                                                        \
    fail(code, msg, errbuf, errbuf_len, level, o.log_fn, o.log_user_data)
    const char *key = o.api_key ? o.api_key : getenv("OPENAI_API_KEY");
    if (!key)
        return FAIL(OAI_EINVAL, MISSING_KEY);
    if (strpbrk(key, "\r\n"))
        return FAIL(OAI_EINVAL, "the API key contains a line break");
    if (o.max_retries < OAI_RETRIES_DEFAULT)
        return FAIL(OAI_EINVAL,
                    "max_retries must be >= 0 (or OAI_RETRIES_DEFAULT)");
    if (o.connect_timeout_ms < 0 || o.timeout_ms < 0 || o.read_timeout_ms < 0)
        return FAIL(OAI_EINVAL, "timeouts must not be negative");
    if (o.http2 < OAI_HTTP2_AUTO || o.http2 > OAI_HTTP2_PRIOR_KNOWLEDGE)
        return FAIL(OAI_EINVAL, "invalid http2 (want OAI_HTTP2_AUTO, "
                                "OAI_HTTP2_OFF or OAI_HTTP2_PRIOR_KNOWLEDGE)");
    if (o.n_default_headers && !o.default_headers)
        return FAIL(OAI_EINVAL,
                    "default_headers is NULL but n_default_headers is not 0");
    for (size_t i = 0; i < o.n_default_headers; i++)
        if (!oai__header_line_valid(o.default_headers[i]))
            return FAIL(
                OAI_EINVAL,
                "invalid default header line (want \"Name: value\", no CR/LF)");
    if (oai__ensure_global_init() != OAI_OK)
        return FAIL(OAI_ERROR, "libcurl global initialisation failed");

    oai_client *c = oai__calloc(1, sizeof *c);
    if (!c)
        return FAIL(OAI_ENOMEM, "out of memory");
    oai__error_clear(&c->err);
    c->log.level = level;
    c->log.fn = o.log_fn;
    c->log.user_data = o.log_user_data;
    c->max_retries = o.max_retries >= 0 ? o.max_retries : DEFAULT_MAX_RETRIES;
    c->connect_timeout_ms = o.connect_timeout_ms ? o.connect_timeout_ms
                                                 : DEFAULT_CONNECT_TIMEOUT_MS;
    c->timeout_ms = o.timeout_ms ? o.timeout_ms : DEFAULT_TIMEOUT_MS;
    c->read_timeout_ms =
        o.read_timeout_ms ? o.read_timeout_ms : DEFAULT_TIMEOUT_MS;
    c->tls_insecure = o.tls_insecure;
    c->http2 = o.http2;
    c->max_header_size =
        o.max_header_size ? o.max_header_size : DEFAULT_MAX_HEADER_SIZE;
    c->max_response_size =
        o.max_response_size ? o.max_response_size : DEFAULT_MAX_RESPONSE_SIZE;

    const char *base =
        o.base_url && *o.base_url ? o.base_url : env("OPENAI_BASE_URL");
    const char *org = o.organization ? o.organization : env("OPENAI_ORG_ID");
    const char *project = o.project ? o.project : env("OPENAI_PROJECT_ID");
    int rc = dup_opt(&c->api_key, key);
    if (!rc)
        rc = set_base_url(c, base ? base : DEFAULT_BASE_URL);
    if (!rc && org && *org)
        rc = dup_opt(&c->organization, org);
    if (!rc && project && *project)
        rc = dup_opt(&c->project, project);
    if (!rc) {
        const char *sfx = o.user_agent_suffix && *o.user_agent_suffix
                              ? o.user_agent_suffix
                              : NULL;
        size_t n = strlen("OpenAI/C " OAI_VERSION_STR) +
                   (sfx ? strlen(sfx) + 1 : 0) + 1;
        c->user_agent = oai__malloc(n);
        if (c->user_agent)
            snprintf(c->user_agent, n, "OpenAI/C %s%s%s", OAI_VERSION_STR,
                     sfx ? " " : "", sfx ? sfx : "");
        else
            rc = OAI_ENOMEM;
    }
    if (!rc && o.n_default_headers) {
        c->default_headers =
            oai__calloc(o.n_default_headers, sizeof *c->default_headers);
        if (!c->default_headers)
            rc = OAI_ENOMEM;
        for (size_t i = 0; !rc && i < o.n_default_headers; i++) {
            c->default_headers[i] = oai__strdup(o.default_headers[i]);
            c->n_default_headers = i + 1;
            if (!c->default_headers[i])
                rc = OAI_ENOMEM;
        }
    }
    if (!rc && (strpbrk(c->base_url, " \r\n\t") ||
                (c->organization && strpbrk(c->organization, "\r\n")) ||
                (c->project && strpbrk(c->project, "\r\n")) ||
                strpbrk(c->user_agent, "\r\n"))) {
        oai_client_free(c);
        return FAIL(OAI_EINVAL,
                    "base URL, organization, project or user-agent suffix "
                    "contains white space or a line break");
    }
    if (!rc)
        rc = oai__engine_new(c);
    if (rc) {
        oai_client_free(c);
        return FAIL(rc, "out of memory");
    }
#undef FAIL
    c->log.secret = c->api_key;
    oai__logf(&c->log, OAI_LOG_DEBUG,
              "client: base_url=%s max_retries=%d connect_timeout=%ldms "
              "timeout=%ldms read_timeout=%ldms",
              c->base_url, c->max_retries, c->connect_timeout_ms, c->timeout_ms,
              c->read_timeout_ms);
    *out = c;
    return OAI_OK;
}

void oai_client_free(oai_client *c)
{
    if (!c)
        return;
    oai__engine_free(c);
    if (c->api_key) {
        memset(c->api_key, 0, strlen(c->api_key));
        oai__free(c->api_key);
    }
    oai__free(c->base_url);
    oai__free(c->organization);
    oai__free(c->project);
    oai__free(c->user_agent);
    for (size_t i = 0; i < c->n_default_headers; i++)
        oai__free(c->default_headers[i]);
    oai__free(c->default_headers);
    oai__error_clear(&c->err);
    oai__free(c);
}

const oai_error *oai_client_last_error(const oai_client *c)
{
    return c ? &c->err.pub : NULL;
}

const char *oai_client_base_url(const oai_client *c)
{
    return c ? c->base_url : NULL;
}

/* ---- raw requests ---------------------------------------------------------
 */

struct oai_response {
    oai__http_response r;
};

int oai_client_request(oai_response **out, oai_client *c, const char *method,
                       const char *path, const char *query,
                       const oai_json *body, const oai_request_options *opts)
{
    if (out)
        *out = NULL;
    if (!c)
        return OAI_EINVAL;
    oai__http_spec spec;
    int rc;
    oai_response *resp =
        oai__http_raw_begin(&spec, c, out, sizeof *resp, method, path, query,
                            oai__cj(body), opts, &rc);
    if (!resp)
        return rc;
    rc = oai__http_request(&resp->r, c, &spec);
    if (rc) {
        oai_response_free(resp);
        return rc;
    }
    *out = resp;
    return OAI_OK;
}

int oai__response_take(oai_response **out, oai__http_response *r)
{
    *out = oai__calloc(1, sizeof **out);
    if (!*out)
        return OAI_ENOMEM;
    (*out)->r = *r;
    memset(r, 0, sizeof *r);
    return OAI_OK;
}

int oai_response_status(const oai_response *r)
{
    return r ? r->r.status : 0;
}

const oai_json *oai_response_json(const oai_response *r)
{
    return r ? oai__view(r->r.json) : NULL;
}

const char *oai_response_body(const oai_response *r, size_t *len)
{
    if (len)
        *len = r ? r->r.body_len : 0;
    if (!r)
        return NULL;
    return r->r.body ? r->r.body : "";
}

const char *oai_response_header(const oai_response *r, const char *name)
{
    return r ? oai__http_response_header(&r->r, name) : NULL;
}

void oai_response_free(oai_response *r)
{
    if (!r)
        return;
    oai__http_response_clear(&r->r);
    oai__free(r);
}
