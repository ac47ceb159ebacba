/* The deterministic "model" of the Responses API: the last user message picks a
 * scenario with the same "#scenario:<name> [args]" language as the Assistants
 * runs (docs/emulator.md), rendered in the event grammar of recorded streams.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resp_engine.h"
#include "scenario_util.h"
#include "util.h"

typedef struct gen {
    obj *resp;
    resp_state *st;
    int oi; /* output index of the next item */
    resp_pace pace;
    int keepalive; /* a keepalive event before every text delta, as long waits
                      get */
    long budget; /* max_output_tokens left (a word counts as a token), or -1 */
    int cut;     /* the budget ran out: the response ends incomplete */
} gen;

/* The pace of the next op: the first of a group waits a step, the others follow
 * at once. */
static resp_pace take_pace(gen *g, resp_pace dflt)
{
    resp_pace p = g->pace;
    g->pace = dflt;
    return p;
}

static cJSON *ev_new(const char *type, const char *item_id, int oi)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "type", type);
    if (item_id)
        cJSON_AddStringToObject(e, "item_id", item_id);
    cJSON_AddNumberToObject(e, "output_index", oi);
    return e;
}

/* Hosted-tool events name output_index before item_id, as recorded. */
static cJSON *tool_ev(const char *type, const char *item_id, int oi)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "type", type);
    cJSON_AddNumberToObject(e, "output_index", oi);
    cJSON_AddStringToObject(e, "item_id", item_id);
    return e;
}

static void item_event(gen *g, resp_pace pace, const char *type, int oi,
                       const cJSON *item)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "type", type);
    cJSON_AddNumberToObject(e, "output_index", oi);
    cJSON_AddItemToObject(e, "item", json_dup(item));
    resp_op_event(g->st, pace, e);
}

/* Word-sized pieces ("Hello", " world"): calls fn for each. */
static void split_words(const char *text,
                        void (*fn)(gen *, const char *, void *), gen *g,
                        void *ctx)
{
    char *piece;
    while ((piece = scenario_next_piece(&text)) != NULL) {
        fn(g, piece, ctx);
        free(piece);
    }
}

/* ---- messages ---- */

typedef struct part_ctx {
    const char *item_id;
    int oi;
    const char
        *delta_type; /* response.output_text.delta | response.refusal.delta */
} part_ctx;

static void text_piece(gen *g, const char *piece, void *ctx)
{
    part_ctx *c = ctx;
    if (g->keepalive) {
        cJSON *k = cJSON_CreateObject();
        cJSON_AddStringToObject(k, "type", "keepalive");
        resp_op_event(g->st, take_pace(g, RPACE_DELTA), k);
    }
    cJSON *e = ev_new(c->delta_type, c->item_id, c->oi);
    cJSON_AddNumberToObject(e, "content_index", 0);
    cJSON_AddStringToObject(e, "delta", piece);
    if (strcmp(c->delta_type, "response.output_text.delta") == 0)
        cJSON_AddArrayToObject(e, "logprobs");
    resp_op_event(g->st, take_pace(g, RPACE_DELTA), e);
}

static cJSON *message_item(const char *id, const char *status, cJSON *content)
{
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "id", id);
    cJSON_AddStringToObject(m, "type", "message");
    cJSON_AddStringToObject(m, "status", status);
    cJSON_AddItemToObject(m, "content",
                          content ? content : cJSON_CreateArray());
    cJSON_AddStringToObject(m, "role", "assistant");
    return m;
}

static cJSON *text_part(const char *text, const cJSON *annotations)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "type", "output_text");
    cJSON_AddItemToObject(p, "annotations",
                          annotations ? json_dup(annotations)
                                      : cJSON_CreateArray());
    cJSON_AddArrayToObject(p, "logprobs");
    cJSON_AddStringToObject(p, "text", text);
    return p;
}

static cJSON *refusal_part(const char *text)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "type", "refusal");
    cJSON_AddStringToObject(p, "refusal", text);
    return p;
}

static void content_part_event(gen *g, const char *type, const char *id, int oi,
                               cJSON *part)
{
    cJSON *e = ev_new(type, id, oi);
    cJSON_AddNumberToObject(e, "content_index", 0);
    cJSON_AddItemToObject(e, "part", part);
    resp_op_event(g->st, RPACE_NOW, e);
}

/* A message with one output_text (or refusal) part streamed word by word.
 * annotations: added (with output_text.annotation.added events) after the last
 * delta; may be NULL. item_status: the message's final status ("completed", or
 * "incomplete" when cut). */
static void message(gen *g, const char *text, const cJSON *annotations,
                    int refusal, const char *item_status)
{
    char *kept = NULL;
    if (g->budget >= 0) {
        /* max_output_tokens: keep the words within the budget */
        const char *p = text;
        char *piece;
        long n = 0;
        while (n < g->budget && (piece = scenario_next_piece(&p)) != NULL) {
            free(piece);
            n++;
        }
        g->budget -= n;
        if (*p) {
            kept = xmalloc((size_t)(p - text) + 1);
            memcpy(kept, text, (size_t)(p - text));
            kept[p - text] = '\0';
            text = kept;
            item_status = "incomplete";
            g->cut = 1;
        }
    }
    char id[64];
    make_id(id, sizeof id, "msg_", 48);
    int oi = g->oi++;
    cJSON *item = message_item(id, "in_progress", NULL);
    item_event(g, take_pace(g, RPACE_NOW), "response.output_item.added", oi,
               item);
    cJSON_Delete(item);
    content_part_event(g, "response.content_part.added", id, oi,
                       refusal ? refusal_part("") : text_part("", NULL));
    part_ctx c = {id, oi,
                  refusal ? "response.refusal.delta"
                          : "response.output_text.delta"};
    g->pace = RPACE_STEP;
    split_words(text, text_piece, g, &c);
    int ai = 0;
    const cJSON *a;
    cJSON_ArrayForEach(a, annotations)
    {
        cJSON *e = ev_new("response.output_text.annotation.added", id, oi);
        cJSON_AddNumberToObject(e, "content_index", 0);
        cJSON_AddNumberToObject(e, "annotation_index", ai++);
        cJSON_AddItemToObject(e, "annotation", json_dup(a));
        resp_op_event(g->st, RPACE_NOW, e);
    }
    cJSON *done =
        ev_new(refusal ? "response.refusal.done" : "response.output_text.done",
               id, oi);
    cJSON_AddNumberToObject(done, "content_index", 0);
    cJSON_AddStringToObject(done, refusal ? "refusal" : "text", text);
    if (!refusal)
        cJSON_AddArrayToObject(done, "logprobs");
    resp_op_event(g->st, RPACE_STEP, done);
    cJSON *part = refusal ? refusal_part(text) : text_part(text, annotations);
    content_part_event(g, "response.content_part.done", id, oi, json_dup(part));
    cJSON *content = cJSON_CreateArray();
    cJSON_AddItemToArray(content, part);
    item = message_item(id, item_status, content);
    item_event(g, RPACE_NOW, "response.output_item.done", oi, item);
    cJSON_Delete(item);
    g->pace = RPACE_STEP;
    free(kept);
}

static void incomplete(gen *g)
{
    cJSON *x = cJSON_CreateObject();
    cJSON_AddStringToObject(cJSON_AddObjectToObject(x, "incomplete_details"),
                            "reason", "max_output_tokens");
    resp_op_status(g->st, RPACE_STEP, "response.incomplete", "incomplete", x);
}

static void complete(gen *g)
{
    if (g->cut)
        incomplete(g);
    else
        resp_op_status(g->st, RPACE_STEP, "response.completed", "completed",
                       NULL);
}

/* ---- function calls ---- */

static const cJSON *function_tool(const cJSON *tools, const char *want, int nth)
{
    const cJSON *t;
    int k = 0;
    const cJSON *found[64];
    cJSON_ArrayForEach(t, tools)
    {
        const char *type = json_str(t, "type");
        const char *name = json_str(t, "name");
        if (!type || strcmp(type, "function") != 0 || !name || k >= 64)
            continue;
        if (want && strcmp(name, want) != 0)
            continue;
        found[k++] = t;
    }
    return k ? found[nth % k] : NULL;
}

static cJSON *call_item(const char *id, const char *status, const char *args,
                        const char *call_id, const char *name)
{
    cJSON *it = cJSON_CreateObject();
    cJSON_AddStringToObject(it, "id", id);
    cJSON_AddStringToObject(it, "type", "function_call");
    cJSON_AddStringToObject(it, "status", status);
    cJSON_AddStringToObject(it, "arguments", args);
    cJSON_AddStringToObject(it, "call_id", call_id);
    cJSON_AddStringToObject(it, "name", name);
    return it;
}

static void function_calls(gen *g, const char *want, int n)
{
    const cJSON *tools = cJSON_GetObjectItemCaseSensitive(g->resp->j, "tools");
    if (!function_tool(tools, want, 0)) {
        char msg[256];
        snprintf(msg, sizeof msg,
                 "No function tool%s%s%s is declared for this response.",
                 want ? " named '" : "", want ? want : "", want ? "'" : "");
        message(g, msg, NULL, 0, "completed");
        complete(g);
        return;
    }
    n = n < 1 ? 1 : n > 16 ? 16 : n;
    for (int i = 0; i < n; i++) {
        const cJSON *fn = function_tool(tools, want, i);
        const char *name = json_str(fn, "name");
        char id[64], call_id[48];
        make_id(id, sizeof id, "fc_", 48);
        make_id(call_id, sizeof call_id, "call_", 24);
        int oi = g->oi++;
        char *args = scenario_fake_arguments(fn);
        cJSON *item = call_item(id, "in_progress", "", call_id, name);
        item_event(g, take_pace(g, RPACE_NOW), "response.output_item.added", oi,
                   item);
        cJSON_Delete(item);
        size_t len = strlen(args);
        for (size_t off = 0; off < len; off += 8) {
            char piece[9];
            scenario_args_piece(args, off, piece);
            cJSON *e = ev_new("response.function_call_arguments.delta", id, oi);
            cJSON_AddStringToObject(e, "delta", piece);
            resp_op_event(g->st, off ? RPACE_DELTA : RPACE_STEP, e);
        }
        cJSON *done = ev_new("response.function_call_arguments.done", id, oi);
        cJSON_AddStringToObject(done, "arguments", args);
        resp_op_event(g->st, RPACE_DELTA, done);
        item = call_item(id, "completed", args, call_id, name);
        item_event(g, RPACE_NOW, "response.output_item.done", oi, item);
        cJSON_Delete(item);
        free(args);
    }
    complete(g);
}

/* ---- reasoning summary ---- */

static void summary_piece(gen *g, const char *piece, void *ctx)
{
    const char *id = ctx;
    cJSON *e = ev_new("response.reasoning_summary_text.delta", id, g->oi - 1);
    cJSON_AddNumberToObject(e, "summary_index", 0);
    cJSON_AddStringToObject(e, "delta", piece);
    resp_op_event(g->st, take_pace(g, RPACE_DELTA), e);
}

static cJSON *summary_part(const char *text)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "type", "summary_text");
    cJSON_AddStringToObject(p, "text", text);
    return p;
}

static void reasoning(gen *g, const char *summary)
{
    char id[64];
    make_id(id, sizeof id, "rs_", 48);
    int oi = g->oi++;
    cJSON *item = cJSON_CreateObject();
    cJSON_AddStringToObject(item, "id", id);
    cJSON_AddStringToObject(item, "type", "reasoning");
    if (g->st->encrypted_reasoning) {
        /* opaque; the done item carries a new one, as recorded */
        char enc[96];
        make_id(enc, sizeof enc, "gAAAAB", 80);
        cJSON_AddStringToObject(item, "encrypted_content", enc);
    }
    cJSON *sum = cJSON_AddArrayToObject(item, "summary");
    item_event(g, take_pace(g, RPACE_NOW), "response.output_item.added", oi,
               item);
    if (g->st->encrypted_reasoning) {
        char enc[96];
        make_id(enc, sizeof enc, "gAAAAB", 80);
        json_set(item, "encrypted_content", cJSON_CreateString(enc));
    }
    cJSON *e = ev_new("response.reasoning_summary_part.added", id, oi);
    cJSON_AddNumberToObject(e, "summary_index", 0);
    cJSON_AddItemToObject(e, "part", summary_part(""));
    resp_op_event(g->st, RPACE_NOW, e);
    g->pace = RPACE_STEP;
    split_words(summary, summary_piece, g, id);
    e = ev_new("response.reasoning_summary_text.done", id, oi);
    cJSON_AddNumberToObject(e, "summary_index", 0);
    cJSON_AddStringToObject(e, "text", summary);
    resp_op_event(g->st, RPACE_STEP, e);
    e = ev_new("response.reasoning_summary_part.done", id, oi);
    cJSON_AddNumberToObject(e, "summary_index", 0);
    cJSON_AddItemToObject(e, "part", summary_part(summary));
    resp_op_event(g->st, RPACE_NOW, e);
    cJSON_AddItemToArray(sum, summary_part(summary));
    item_event(g, RPACE_NOW, "response.output_item.done", oi, item);
    cJSON_Delete(item);
    g->pace = RPACE_STEP;
}

/* ---- hosted tools ---- */

/* added -> <prefix>.in_progress [-> between...] -> <prefix>.completed -> done
 */
static void hosted_call(gen *g, cJSON *added, cJSON *done, const char *prefix,
                        const char *const *between, int nb)
{
    int oi = g->oi++;
    const char *id = json_str(added, "id");
    item_event(g, take_pace(g, RPACE_NOW), "response.output_item.added", oi,
               added);
    char type[96];
    snprintf(type, sizeof type, "%s.in_progress", prefix);
    resp_op_event(g->st, RPACE_NOW, tool_ev(type, id, oi));
    for (int i = 0; i < nb; i++) {
        if (between[i][0] == '=') { /* a code delta */
            cJSON *e =
                tool_ev("response.code_interpreter_call_code.delta", id, oi);
            cJSON_AddStringToObject(e, "delta", between[i] + 1);
            resp_op_event(g->st, RPACE_DELTA, e);
        } else if (between[i][0] == '!') { /* the whole code */
            cJSON *e =
                tool_ev("response.code_interpreter_call_code.done", id, oi);
            cJSON_AddStringToObject(e, "code", between[i] + 1);
            resp_op_event(g->st, RPACE_DELTA, e);
        } else {
            snprintf(type, sizeof type, "%s.%s", prefix, between[i]);
            resp_op_event(g->st, RPACE_STEP, tool_ev(type, id, oi));
        }
    }
    snprintf(type, sizeof type, "%s.completed", prefix);
    resp_op_event(g->st, RPACE_STEP, tool_ev(type, id, oi));
    item_event(g, RPACE_NOW, "response.output_item.done", oi, done);
    cJSON_Delete(added);
    cJSON_Delete(done);
    g->pace = RPACE_STEP;
}

static void web_search(gen *g, const char *query)
{
    char id[64];
    make_id(id, sizeof id, "ws_", 48);
    cJSON *added = cJSON_CreateObject();
    cJSON_AddStringToObject(added, "id", id);
    cJSON_AddStringToObject(added, "type", "web_search_call");
    cJSON_AddStringToObject(added, "status", "in_progress");
    cJSON_AddStringToObject(cJSON_AddObjectToObject(added, "action"), "type",
                            "search");
    cJSON *done = json_dup(added);
    json_set(done, "status", cJSON_CreateString("completed"));
    cJSON_AddStringToObject(cJSON_GetObjectItemCaseSensitive(done, "action"),
                            "query", query);
    static const char *const between[] = {"searching"};
    hosted_call(g, added, done, "response.web_search_call", between, 1);
    const char *lead = "The emulator found one page: example.com.";
    cJSON *anns = cJSON_CreateArray();
    cJSON *a = cJSON_CreateObject();
    cJSON_AddStringToObject(a, "type", "url_citation");
    cJSON_AddNumberToObject(a, "end_index", (double)utf8_len(lead) - 1);
    cJSON_AddNumberToObject(a, "start_index",
                            (double)utf8_len("The emulator found one page: "));
    cJSON_AddStringToObject(a, "title", "Example Domain");
    cJSON_AddStringToObject(a, "url", "https://example.com/");
    cJSON_AddItemToArray(anns, a);
    message(g, lead, anns, 0, "completed");
    cJSON_Delete(anns);
    complete(g);
}

static void collect_vs_ids(const cJSON *tools, const char **ids, int *n,
                           int max)
{
    const cJSON *t;
    cJSON_ArrayForEach(t, tools)
    {
        const char *type = json_str(t, "type");
        if (!type || strcmp(type, "file_search") != 0)
            continue;
        const cJSON *v;
        cJSON_ArrayForEach(
            v, cJSON_GetObjectItemCaseSensitive(t, "vector_store_ids"))
        {
            if (cJSON_IsString(v) && *n < max)
                ids[(*n)++] = v->valuestring;
        }
    }
}

static void file_search(gen *g, const char *query)
{
    const char *vs_ids[32];
    int nvs = 0;
    collect_vs_ids(cJSON_GetObjectItemCaseSensitive(g->resp->j, "tools"),
                   vs_ids, &nvs, 32);
    char snippet[101];
    obj *file = scenario_pick_file(vs_ids, nvs, snippet, sizeof snippet);
    const char *file_id = file ? file->id : "file-emulated000000000000";
    const char *fname = file && json_str(file->j, "filename")
                            ? json_str(file->j, "filename")
                            : "emulated.txt";
    char id[64];
    make_id(id, sizeof id, "fs_", 48);
    cJSON *added = cJSON_CreateObject();
    cJSON_AddStringToObject(added, "id", id);
    cJSON_AddStringToObject(added, "type", "file_search_call");
    cJSON_AddStringToObject(added, "status", "in_progress");
    cJSON_AddArrayToObject(added, "queries");
    cJSON_AddNullToObject(added, "results");
    cJSON *done = json_dup(added);
    json_set(done, "status", cJSON_CreateString("completed"));
    cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(done, "queries"),
                         cJSON_CreateString(query));
    static const char *const between[] = {"searching"};
    hosted_call(g, added, done, "response.file_search_call", between, 1);
    char text[400];
    snprintf(text, sizeof text, "According to %s, the file says: %s.", fname,
             snippet);
    cJSON *anns = cJSON_CreateArray();
    cJSON *a = cJSON_CreateObject();
    cJSON_AddStringToObject(a, "type", "file_citation");
    cJSON_AddStringToObject(a, "file_id", file_id);
    cJSON_AddStringToObject(a, "filename", fname);
    cJSON_AddNumberToObject(a, "index", (double)utf8_len(text) - 1);
    cJSON_AddItemToArray(anns, a);
    message(g, text, anns, 0, "completed");
    cJSON_Delete(anns);
    complete(g);
}

static void code_interpreter(gen *g)
{
    static const char *const between[] = {
        "=import",     "= math",      "=\nprint",
        "=(math",      "=.sqrt(16))", "!import math\nprint(math.sqrt(16))",
        "interpreting"};
    char id[64], container[64];
    make_id(id, sizeof id, "ci_", 48);
    make_id(container, sizeof container, "cntr_", 48);
    cJSON *added = cJSON_CreateObject();
    cJSON_AddStringToObject(added, "id", id);
    cJSON_AddStringToObject(added, "type", "code_interpreter_call");
    cJSON_AddStringToObject(added, "status", "in_progress");
    cJSON_AddStringToObject(added, "code", "");
    cJSON_AddStringToObject(added, "container_id", container);
    cJSON_AddNullToObject(added, "outputs");
    cJSON *done = json_dup(added);
    json_set(done, "status", cJSON_CreateString("completed"));
    json_set(done, "code",
             cJSON_CreateString("import math\nprint(math.sqrt(16))"));
    hosted_call(g, added, done, "response.code_interpreter_call", between, 7);
    message(g, "The square root of 16 is 4.0.", NULL, 0, "completed");
    complete(g);
}

/* ---- endings other than completed ---- */

static void failed(gen *g, const char *code, const char *msg,
                   int with_error_event)
{
    if (with_error_event) {
        /* The nested shape the service sends, not the flat one of the spec. */
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "type", "error");
        cJSON *x = cJSON_AddObjectToObject(e, "error");
        cJSON_AddStringToObject(x, "type",
                                strcmp(code, "rate_limit_exceeded") == 0
                                    ? "tokens"
                                    : "server_error");
        cJSON_AddStringToObject(x, "code", code);
        cJSON_AddStringToObject(x, "message", msg);
        cJSON_AddNullToObject(x, "param");
        resp_op_event(g->st, take_pace(g, RPACE_STEP), e);
    }
    cJSON *f = cJSON_CreateObject();
    cJSON_AddItemToObject(f, "error", scenario_error_obj(code, msg));
    resp_op_status(g->st, with_error_event ? RPACE_NOW : RPACE_STEP,
                   "response.failed", "failed", f);
}

static void long_text(gen *g, long count)
{
    ebuf b = {0};
    for (long i = 0; i < count; i++)
        ebuf_printf(&b, "%sw%ld", i ? " " : "", i + 1);
    message(g, b.p ? b.p : "", NULL, 0, "completed");
    ebuf_free(&b);
    complete(g);
}

/* ---- the dispatcher ---- */

static void start(gen *g)
{
    if (g->st->background) {
        resp_op_status(g->st, RPACE_NOW, "response.created", "queued", NULL);
        resp_op_status(g->st, RPACE_NOW, "response.queued", "queued", NULL);
        resp_op_status(g->st, RPACE_STEP, "response.in_progress", "in_progress",
                       NULL);
    } else {
        resp_op_status(g->st, RPACE_NOW, "response.created", "in_progress",
                       NULL);
        resp_op_status(g->st, RPACE_NOW, "response.in_progress", "in_progress",
                       NULL);
    }
    g->pace = RPACE_STEP;
}

void resp_scenario_build(obj *resp, resp_state *st, const char *text,
                         const char *outputs)
{
    const cJSON *max =
        cJSON_GetObjectItemCaseSensitive(resp->j, "max_output_tokens");
    gen g = {resp,       st, 0,
             RPACE_STEP, 0,  cJSON_IsNumber(max) ? (long)max->valuedouble : -1,
             0};
    start(&g);
    scenario_cmd cmd;
    char reply[600];
    int is_cmd = scenario_parse(text, &cmd, reply, sizeof reply);
    if (outputs && !is_cmd) {
        char *thanks = xmalloc(strlen(outputs) + 64);
        sprintf(thanks, "Thanks! The tools returned: %s", outputs);
        message(&g, thanks, NULL, 0, "completed");
        free(thanks);
        complete(&g);
        return;
    }
    if (!is_cmd) {
        message(&g, reply, NULL, 0, "completed");
        complete(&g);
        return;
    }
    const char *name = cmd.name;
    const char *args = cmd.args;

    if (strcmp(name, "text") == 0) {
        message(&g, *args ? args : "OK.", NULL, 0, "completed");
        complete(&g);
    } else if (strcmp(name, "function") == 0 || strcmp(name, "parallel") == 0) {
        char fname[128];
        long count = scenario_function_args(&cmd, fname, sizeof fname);
        function_calls(&g, fname[0] ? fname : NULL, (int)count);
    } else if (strcmp(name, "reasoning") == 0) {
        reasoning(&g, "**Thinking it over**\n\nThe user wants a short answer, "
                      "so I will keep it brief.");
        message(&g, *args ? args : "Here is the short answer.", NULL, 0,
                "completed");
        complete(&g);
    } else if (strcmp(name, "web_search") == 0) {
        web_search(&g, *args ? args : "emulated query");
    } else if (strcmp(name, "file_search") == 0) {
        file_search(&g, *args ? args : "emulated query");
    } else if (strcmp(name, "code") == 0 ||
               strcmp(name, "code_interpreter") == 0) {
        code_interpreter(&g);
    } else if (strcmp(name, "refusal") == 0) {
        message(&g, "I'm sorry, but I can't help with that.", NULL, 1,
                "completed");
        complete(&g);
    } else if (strcmp(name, "incomplete") == 0) {
        message(&g, "This answer stops before it is", NULL, 0, "incomplete");
        incomplete(&g);
    } else if (strcmp(name, "fail") == 0 || strcmp(name, "failed") == 0 ||
               strcmp(name, "error") == 0) {
        char code[64];
        scenario_code_arg(&cmd, code, sizeof code);
        message(&g, "This stream breaks in the", NULL, 0, "incomplete");
        failed(&g, code,
               strcmp(code, "rate_limit_exceeded") == 0
                   ? "You exceeded your current quota, please check your plan "
                     "and billing details."
                   : "The server had an error while processing your request. "
                     "Sorry about that!",
               1);
    } else if (strcmp(name, "keepalive") == 0) {
        g.keepalive = 1;
        message(&g, "Still here after a long wait.", NULL, 0, "completed");
        complete(&g);
    } else if (strcmp(name, "long") == 0 || strcmp(name, "slow") == 0) {
        long_text(&g, scenario_long_args(&cmd, &st->delta_ms));
    } else {
        char msg[128];
        snprintf(msg, sizeof msg, "oai-emulator: unknown scenario '%s'.", name);
        failed(&g, "invalid_prompt", msg, 0);
    }
}
