/* oai replay of a Responses stream (replay_responses.h). */
#include "replay_responses.h"

#include <stdlib.h>
#include <string.h>

#include "cli_exit.h"
#include "oai.h"
#include "resp_stream_trace.h"

/* The whole body: head, then the rest of f. NULL on a read error or when
 * out of memory. */
static char *slurp(FILE *f, const char *head, size_t head_len, size_t *len)
{
    size_t cap = head_len + 65536, n = head_len;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    memcpy(buf, head, head_len);
    for (;;) {
        if (n == cap) {
            char *b = realloc(buf, cap *= 2);
            if (!b) {
                free(buf);
                return NULL;
            }
            buf = b;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static int trace(FILE *f, const char *path, const char *head, size_t head_len,
                 size_t chunk)
{
    size_t len = 0;
    char *buf = slurp(f, head, head_len, &len);
    if (!buf) {
        fprintf(stderr, "oai replay: %s: cannot read the stream\n", path);
        return CLI_EXIT_LOCAL;
    }
    size_t n = len / chunk + 1;
    size_t *cuts = malloc(n * sizeof *cuts);
    int rc = cuts ? 0 : -1;
    for (size_t i = 0; cuts && i < n; i++)
        cuts[i] = (i + 1) * chunk;
    if (!rc)
        rc = resp_stream_trace(stdout, buf, len, cuts, n, NULL);
    free(cuts);
    free(buf);
    if (rc || fflush(stdout) != 0) {
        fprintf(stderr, "oai replay: out of memory or write error\n");
        return CLI_EXIT_LOCAL;
    }
    return CLI_EXIT_OK;
}

/* ---- the human display --------------------------------------------------- */

static const char *type_of(const oai_json *item)
{
    const char *t = oai_json_string(oai_json_get(item, "type"));
    return t ? t : "";
}

static int put(const char *d, size_t len, const char *snap,
               const oai_response_change *c, void *ud)
{
    (void)snap;
    (void)c;
    fwrite(d, 1, len, ud);
    fflush(ud);
    return 0;
}

static int item_added(const oai_json *item, const oai_response_change *c,
                      void *ud)
{
    (void)c;
    const char *t = type_of(item);
    if (strcmp(t, "function_call") == 0)
        fprintf(ud, "\n> %s(", oai_json_string(oai_json_get(item, "name")));
    else if (strcmp(t, "reasoning") == 0)
        fputs("\n[reasoning] ", ud);
    else if (strcmp(t, "code_interpreter_call") == 0)
        fputs("\n[code_interpreter]\n", ud);
    else if (strcmp(t, "message") != 0)
        fprintf(ud, "\n[%s]", t);
    return 0;
}

static int item_done(const oai_json *item, const oai_response_change *c,
                     void *ud)
{
    (void)c;
    fputs(strcmp(type_of(item), "function_call") == 0 ? ")\n" : "\n", ud);
    return 0;
}

static int status(const oai_json *st, const oai_response_change *c, void *ud)
{
    fprintf(ud, "\n[%s %s]", type_of(c->item), oai_json_string(st));
    return 0;
}

static int ended(const oai_json *resp, void *ud)
{
    const char *st = oai_json_string(oai_json_get(resp, "status"));
    if (st && strcmp(st, "completed") != 0)
        fprintf(ud, "\n[response %s]\n", st);
    return 0;
}

static int display(FILE *f, const char *path, const char *head, size_t head_len,
                   size_t chunk)
{
    oai_response_handler h = OAI_RESPONSE_HANDLER_INIT;
    h.user_data = stdout;
    h.on_text_delta = put;
    h.on_refusal_delta = put;
    h.on_reasoning_summary_delta = put;
    h.on_reasoning_text_delta = put;
    h.on_function_call_arguments_delta = put;
    h.on_code_interpreter_code_delta = put;
    h.on_output_item_added = item_added;
    h.on_output_item_done = item_done;
    h.on_tool_call_status = status;
    h.on_incomplete = ended;
    h.on_failed = ended;
    oai_response_stream_options o = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    o.handler = &h;
    oai_response_stream *s = NULL;
    char *buf = malloc(chunk);
    if (!buf || oai_response_stream_new(&s, &o) != OAI_OK ||
        oai_response_stream_feed(s, head, head_len) != OAI_OK) {
        fprintf(stderr, "oai replay: out of memory\n");
        oai_response_stream_free(s);
        free(buf);
        return CLI_EXIT_LOCAL;
    }
    int rc, fed_end = 0;
    while ((rc = oai_response_stream_until_done(s)) == OAI_EAGAIN && !fed_end) {
        size_t n = fread(buf, 1, chunk, f);
        if (n > 0) {
            oai_response_stream_feed(s, buf, n);
        } else {
            fed_end = 1;
            oai_response_stream_feed_end(s);
        }
    }
    int st = CLI_EXIT_OK;
    fputs("\n", stdout);
    fflush(stdout);
    if (rc != OAI_OK) {
        cli_report("replay", path, rc, oai_response_stream_error(s));
        st = cli_exit_code(rc);
    }
    oai_response_stream_free(s);
    free(buf);
    return st;
}

int cli_replay_responses(FILE *f, const char *path, const char *head,
                         size_t head_len, size_t chunk, int trace_mode)
{
    return trace_mode ? trace(f, path, head, head_len, chunk)
                      : display(f, path, head, head_len, chunk);
}
