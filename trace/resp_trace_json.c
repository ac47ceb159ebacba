/* Pieces of a Responses trace line (resp_trace_json.h). */
#include "resp_trace_json.h"

#include <stdlib.h>
#include <string.h>

#include "json_write.h"

void resp_trace_put_string(FILE *f, const char *s)
{
    json_write_string(f, s, strlen(s));
}

void resp_trace_put_json(FILE *f, const oai_json *j)
{
    char *s = oai_json_serialize(j, 0);
    fputs(s ? s : "null", f);
    free(s);
}

void resp_trace_put_response(FILE *f, const oai_json *r)
{
    fputc('{', f);
    int first = 1;
    for (const oai_json *m = oai_json_first(r); m; m = oai_json_next(m)) {
        if (strcmp(oai_json_key(m), "output_text") == 0)
            continue;
        if (!first)
            fputc(',', f);
        first = 0;
        resp_trace_put_string(f, oai_json_key(m));
        fputc(':', f);
        resp_trace_put_json(f, m);
    }
    fputc('}', f);
}

size_t resp_trace_string_bytes(const oai_json *j)
{
    if (oai_json_is_string(j))
        return oai_json_string_len(j);
    size_t n = 0;
    for (const oai_json *c = oai_json_first(j); c; c = oai_json_next(c))
        n += resp_trace_string_bytes(c);
    return n;
}

long long resp_trace_grown(const oai_response_update *u)
{
    if (u->n_changes == 0)
        return 0;
    const oai_response_change *c = &u->changes[0];
    const oai_json *lp = oai_json_get(u->event, "logprobs");
    if (u->n_changes > 1 || c->kind != OAI_RESPONSE_CHANGE_TEXT_DELTA ||
        !c->delta || (lp && !(oai_json_is_array(lp) && !oai_json_first(lp))))
        return -1;
    return (long long)c->delta_len;
}
