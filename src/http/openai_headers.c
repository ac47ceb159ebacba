#include "http/openai_headers.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"

int oai__openai_path_is_beta(const char *path)
{
    while (*path == '/')
        path++;
    static const char *const roots[] = {"assistants", "threads",
                                        "vector_stores"};
    for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
        size_t n = strlen(roots[i]);
        if (strncmp(path, roots[i], n) == 0 &&
            (path[n] == '\0' || path[n] == '/' || path[n] == '?'))
            return 1;
    }
    return 0;
}

static int add_lines(oai__hdrs *h, oai_client *c, const char *const *lines,
                     size_t n, const char *what)
{
    if (n && !lines)
        return oai__error_set(&c->err, OAI_EINVAL, "%s: NULL header array",
                              what);
    for (size_t i = 0; i < n; i++) {
        int rc = oai__hdrs_set(h, lines[i]);
        if (rc == OAI_EINVAL)
            return oai__error_set(
                &c->err, rc,
                "%s: invalid header line (want \"Name: value\", no CR/LF)",
                what);
        if (rc)
            return oai__error_nomem(&c->err);
    }
    return OAI_OK;
}

/* Built by hand so the key is never run through a format string, and wiped
 * after use. */
static int set_authorization(oai__hdrs *h, const char *key)
{
    size_t kl = strlen(key);
    char *line = oai__malloc(kl + 23);
    if (!line)
        return OAI_ENOMEM;
    memcpy(line, "Authorization: Bearer ", 22);
    memcpy(line + 22, key, kl + 1);
    int rc = oai__hdrs_set(h, line);
    memset(line, 0, kl + 22);
    oai__free(line);
    return rc;
}

/* The X-Stainless-* headers that name the SDK helper sending the request. */
static int set_helper_headers(oai__hdrs *h, const oai__http_spec *spec)
{
    int rc = OAI_OK;
    if (spec->stream_helper) {
        rc =
            oai__hdrs_set2(h, "X-Stainless-Stream-Helper", spec->stream_helper);
        if (!rc)
            rc = oai__hdrs_set2(h, "X-Stainless-Custom-Event-Handler",
                                spec->custom_event_handler ? "true" : "false");
    }
    if (!rc && spec->poll_helper)
        rc = oai__hdrs_set(h, "X-Stainless-Poll-Helper: true");
    if (!rc && spec->poll_helper && spec->poll_interval_ms > 0) {
        char v[24];
        snprintf(v, sizeof v, "%d", spec->poll_interval_ms);
        rc = oai__hdrs_set2(h, "X-Stainless-Custom-Poll-Interval", v);
    }
    return rc;
}

int oai__openai_headers(oai__hdrs *h, oai_client *c, const oai__http_spec *spec,
                        const char *content_type)
{
    int rc = oai__hdrs_set(h, "Accept: application/json");
    if (!rc && content_type)
        rc = oai__hdrs_set2(h, "Content-Type", content_type);
    if (!rc && c->api_key[0])
        rc = set_authorization(h, c->api_key);
    if (!rc && oai__openai_path_is_beta(spec->path))
        rc = oai__hdrs_set(h, "OpenAI-Beta: assistants=v2");
    if (!rc && c->organization)
        rc = oai__hdrs_set2(h, "OpenAI-Organization", c->organization);
    if (!rc && c->project)
        rc = oai__hdrs_set2(h, "OpenAI-Project", c->project);
    if (!rc)
        rc = oai__hdrs_set2(h, "User-Agent", c->user_agent);
    /* libcurl would add Expect: 100-continue to larger bodies */
    if (!rc)
        rc = oai__hdrs_set(h, "Expect:");
    if (rc == OAI_EINVAL)
        return oai__error_set(
            &c->err, rc, "organization, project or key contains a line break");
    if (rc)
        return oai__error_nomem(&c->err);
    const oai_request_options *o = spec->opts;
    rc = add_lines(h, c, (const char *const *)c->default_headers,
                   c->n_default_headers, "client default headers");
    if (!rc && o)
        rc =
            add_lines(h, c, o->headers, o->n_headers, "request option headers");
    if (!rc)
        rc = add_lines(h, c, spec->headers, spec->n_headers, "request headers");
    if (rc)
        return rc;
    rc = set_helper_headers(h, spec);
    if (rc == OAI_EINVAL)
        return oai__error_set(&c->err, rc,
                              "the stream helper name contains a line break");
    return rc ? oai__error_nomem(&c->err) : OAI_OK;
}
