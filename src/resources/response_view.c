/* Typed views of a Response object: its status, output, the text of its
 * messages, error, incomplete reason and usage. */
#include "oai/responses.h"

#include <string.h>

#include "core/alloc.h"
#include "core/json.h"
#include "core/strbuf.h"

const char *oai_responses_status(const oai_json *response)
{
    return oai_json_string(oai_json_get(response, "status"));
}

const oai_json *oai_responses_output(const oai_json *response)
{
    const oai_json *o = oai_json_get(response, "output");
    return cJSON_IsArray(oai__cj(o)) ? o : NULL;
}

/* `s` when it is equal to `want` (both non-NULL). */
static int is(const char *s, const char *want)
{
    return s && strcmp(s, want) == 0;
}

int oai_responses_output_text(char **out, const oai_json *response)
{
    if (out)
        *out = NULL;
    if (!out || !response)
        return OAI_EINVAL;
    oai__strbuf b = {0};
    int rc = OAI_OK;
    const cJSON *item, *part;
    cJSON_ArrayForEach(item, oai__cj(oai_responses_output(response)))
    {
        if (!is(cJSON_GetStringValue(cJSON_GetObjectItem(item, "type")),
                "message"))
            continue;
        cJSON_ArrayForEach(part, cJSON_GetObjectItem(item, "content"))
        {
            const char *text =
                cJSON_GetStringValue(cJSON_GetObjectItem(part, "text"));
            if (!rc && text &&
                is(cJSON_GetStringValue(cJSON_GetObjectItem(part, "type")),
                   "output_text"))
                rc = oai__strbuf_add(&b, text, strlen(text));
        }
    }
    /* no text at all is "", not NULL */
    if (!rc && !b.p && !(b.p = oai__strdup("")))
        rc = OAI_ENOMEM;
    if (rc) {
        oai__strbuf_free(&b);
        return OAI_ENOMEM;
    }
    *out = oai__strbuf_take(&b);
    return OAI_OK;
}

/* The member `key` when it is an object (not null, not absent). */
static const oai_json *object_member(const oai_json *response, const char *key)
{
    const oai_json *v = oai_json_get(response, key);
    return cJSON_IsObject(oai__cj(v)) ? v : NULL;
}

const oai_json *oai_responses_error(const oai_json *response)
{
    return object_member(response, "error");
}

const char *oai_responses_incomplete_reason(const oai_json *response)
{
    return oai_json_string(
        oai_json_get(object_member(response, "incomplete_details"), "reason"));
}

static int64_t count(const oai_json *usage, const char *path)
{
    return (int64_t)oai_json_number(oai_json_path(usage, path), 0);
}

int oai_responses_usage(oai_responses_usage_counts *out,
                        const oai_json *response)
{
    if (!out)
        return 0;
    memset(out, 0, sizeof *out);
    const oai_json *u = object_member(response, "usage");
    if (!u)
        return 0;
    out->input_tokens = count(u, "input_tokens");
    out->cached_tokens = count(u, "input_tokens_details.cached_tokens");
    out->output_tokens = count(u, "output_tokens");
    out->reasoning_tokens = count(u, "output_tokens_details.reasoning_tokens");
    out->total_tokens = count(u, "total_tokens");
    return 1;
}
