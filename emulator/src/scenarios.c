/* The deterministic "model": the last user message picks a scenario.
 * Syntax (documented in docs/emulator.md): a message starting with
 * "#scenario:<name> [args]"; anything else gets an echo text reply. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "run_engine.h"
#include "scenario_util.h"
#include "util.h"

/* ---- building blocks ---- */

static cJSON *text_delta(int index, const char *piece, cJSON *annotations)
{
    cJSON *d = cJSON_CreateObject();
    cJSON_AddNumberToObject(d, "index", index);
    cJSON_AddStringToObject(d, "type", "text");
    cJSON *t = cJSON_AddObjectToObject(d, "text");
    cJSON_AddStringToObject(t, "value", piece);
    cJSON_AddItemToObject(t, "annotations", annotations ? annotations : cJSON_CreateArray());
    return d;
}

/* Word-sized pieces: "Hello", " world", "!" style (leading spaces). */
static void add_text_deltas(run_state *st, int index, const char *text, op_pace first_pace)
{
    op_pace pace = first_pace;
    char *piece;
    while ((piece = scenario_next_piece(&text)) != NULL) {
        ops_add(st, OP_MSG_DELTA, pace, NULL, text_delta(index, piece, NULL));
        free(piece);
        pace = PACE_DELTA;
    }
}

static void start_run(run_state *st)
{
    ops_add(st, OP_RUN_STATUS, PACE_NOW, "queued", NULL);
    ops_add(st, OP_RUN_STATUS, PACE_STEP, "in_progress", NULL);
}

static void begin_message(run_state *st)
{
    ops_add(st, OP_STEP_CREATE, PACE_STEP, "message_creation", NULL);
    ops_add(st, OP_STEP_STATUS, PACE_NOW, "in_progress", NULL);
    ops_add(st, OP_MSG_CREATE, PACE_STEP, NULL, NULL);
    ops_add(st, OP_MSG_STATUS, PACE_NOW, "in_progress", NULL);
}

static void end_message_and_run(run_state *st)
{
    ops_add(st, OP_MSG_STATUS, PACE_STEP, "completed", NULL);
    ops_add(st, OP_STEP_STATUS, PACE_NOW, "completed", NULL);
    ops_add(st, OP_RUN_STATUS, PACE_STEP, "completed", NULL);
    ops_add(st, OP_DONE, PACE_NOW, NULL, NULL);
}

static void text_reply(run_state *st, const char *text)
{
    begin_message(st);
    add_text_deltas(st, 0, text, PACE_STEP);
    end_message_and_run(st);
}

/* ---- function calling ---- */

static void fake_value(cJSON *args, const char *name, const cJSON *schema)
{
    const cJSON *en = cJSON_GetObjectItemCaseSensitive(schema, "enum");
    if (cJSON_IsArray(en) && cJSON_GetArraySize(en) > 0) {
        cJSON_AddItemToObject(args, name, json_dup(cJSON_GetArrayItem(en, 0)));
        return;
    }
    const char *type = json_str(schema, "type");
    if (!type || strcmp(type, "string") == 0)
        cJSON_AddStringToObject(args, name, "emulated");
    else if (strcmp(type, "integer") == 0 || strcmp(type, "number") == 0)
        cJSON_AddNumberToObject(args, name, 42);
    else if (strcmp(type, "boolean") == 0)
        cJSON_AddBoolToObject(args, name, 1);
    else if (strcmp(type, "array") == 0)
        cJSON_AddArrayToObject(args, name);
    else
        cJSON_AddObjectToObject(args, name);
}

char *scenario_fake_arguments(const cJSON *fn)
{
    cJSON *args = cJSON_CreateObject();
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(fn, "parameters");
    const cJSON *prop;
    cJSON_ArrayForEach(prop, cJSON_GetObjectItemCaseSensitive(params, "properties"))
    {
        fake_value(args, prop->string, prop);
    }
    char *s = json_print(args);
    cJSON_Delete(args);
    return s;
}

static void function_calls(obj *run, run_state *st, const char *want_name, int n)
{
    const cJSON *tools = cJSON_GetObjectItemCaseSensitive(run->j, "tools");
    const cJSON *fns[128];
    int nf = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, tools)
    {
        const char *type = json_str(t, "type");
        const cJSON *fn = cJSON_GetObjectItemCaseSensitive(t, "function");
        if (!type || strcmp(type, "function") != 0 || !fn || nf >= 128)
            continue;
        if (want_name && strcmp(json_str(fn, "name") ? json_str(fn, "name") : "", want_name) != 0)
            continue;
        fns[nf++] = fn;
    }
    if (nf == 0) {
        char msg[256];
        snprintf(msg, sizeof msg, "No function tool%s%s%s is declared for this run.", want_name ? " named '" : "",
                 want_name ? want_name : "", want_name ? "'" : "");
        text_reply(st, msg);
        return;
    }
    if (n < 1)
        n = 1;
    if (n > 16)
        n = 16;
    ops_add(st, OP_STEP_CREATE, PACE_STEP, "tool_calls", NULL);
    ops_add(st, OP_STEP_STATUS, PACE_NOW, "in_progress", NULL);
    for (int i = 0; i < n; i++) {
        const cJSON *fn = fns[i % nf];
        char call_id[48];
        make_id(call_id, sizeof call_id, "call_", 24);
        cJSON *d = cJSON_CreateObject();
        cJSON_AddNumberToObject(d, "index", i);
        cJSON_AddStringToObject(d, "id", call_id);
        cJSON_AddStringToObject(d, "type", "function");
        cJSON *f = cJSON_AddObjectToObject(d, "function");
        cJSON_AddStringToObject(f, "name", json_str(fn, "name"));
        cJSON_AddStringToObject(f, "arguments", "");
        cJSON_AddNullToObject(f, "output");
        ops_add(st, OP_STEP_DELTA, i == 0 ? PACE_STEP : PACE_DELTA, NULL, d);
        char *args = scenario_fake_arguments(fn);
        size_t len = strlen(args);
        for (size_t off = 0; off < len; off += 8) {
            char piece[9];
            scenario_args_piece(args, off, piece);
            cJSON *a = cJSON_CreateObject();
            cJSON_AddNumberToObject(a, "index", i);
            cJSON_AddStringToObject(a, "type", "function");
            cJSON_AddStringToObject(cJSON_AddObjectToObject(a, "function"), "arguments", piece);
            ops_add(st, OP_STEP_DELTA, PACE_DELTA, NULL, a);
        }
        free(args);
    }
    ops_add(st, OP_REQUIRE_ACTION, PACE_STEP, NULL, NULL);
}

/* ---- code interpreter ---- */

/* A 1x1 PNG, enough for clients that download the image output. */
static const unsigned char png_1x1[] = {
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00,
    0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF,
    0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};

static void code_interpreter(run_state *st)
{
    static const char *code[] = {"import", " math", "\n", "print", "(", "math", ".", "sqrt", "(", "16", ")", ")"};
    obj *img = files_add("chart.png", "assistants_output", (const char *)png_1x1, sizeof png_1x1);
    char call_id[48];
    make_id(call_id, sizeof call_id, "call_", 24);
    ops_add(st, OP_STEP_CREATE, PACE_STEP, "tool_calls", NULL);
    ops_add(st, OP_STEP_STATUS, PACE_NOW, "in_progress", NULL);
    cJSON *d = cJSON_CreateObject();
    cJSON_AddNumberToObject(d, "index", 0);
    cJSON_AddStringToObject(d, "id", call_id);
    cJSON_AddStringToObject(d, "type", "code_interpreter");
    cJSON *ci = cJSON_AddObjectToObject(d, "code_interpreter");
    cJSON_AddStringToObject(ci, "input", "");
    cJSON_AddArrayToObject(ci, "outputs");
    ops_add(st, OP_STEP_DELTA, PACE_STEP, NULL, d);
    for (size_t i = 0; i < sizeof code / sizeof code[0]; i++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddNumberToObject(x, "index", 0);
        cJSON_AddStringToObject(x, "type", "code_interpreter");
        cJSON_AddStringToObject(cJSON_AddObjectToObject(x, "code_interpreter"), "input", code[i]);
        ops_add(st, OP_STEP_DELTA, PACE_DELTA, NULL, x);
    }
    cJSON *logs = cJSON_CreateObject();
    cJSON_AddNumberToObject(logs, "index", 0);
    cJSON_AddStringToObject(logs, "type", "code_interpreter");
    cJSON *out = cJSON_CreateObject();
    cJSON_AddNumberToObject(out, "index", 0);
    cJSON_AddStringToObject(out, "type", "logs");
    cJSON_AddStringToObject(out, "logs", "4.0\n");
    cJSON *outs = cJSON_AddArrayToObject(cJSON_AddObjectToObject(logs, "code_interpreter"), "outputs");
    cJSON_AddItemToArray(outs, out);
    ops_add(st, OP_STEP_DELTA, PACE_STEP, NULL, logs);
    cJSON *imgd = cJSON_CreateObject();
    cJSON_AddNumberToObject(imgd, "index", 0);
    cJSON_AddStringToObject(imgd, "type", "code_interpreter");
    cJSON *io = cJSON_CreateObject();
    cJSON_AddNumberToObject(io, "index", 1);
    cJSON_AddStringToObject(io, "type", "image");
    cJSON_AddStringToObject(cJSON_AddObjectToObject(io, "image"), "file_id", img->id);
    outs = cJSON_AddArrayToObject(cJSON_AddObjectToObject(imgd, "code_interpreter"), "outputs");
    cJSON_AddItemToArray(outs, io);
    ops_add(st, OP_STEP_DELTA, PACE_DELTA, NULL, imgd);
    ops_add(st, OP_STEP_STATUS, PACE_STEP, "completed", NULL);

    begin_message(st);
    cJSON *im = cJSON_CreateObject();
    cJSON_AddNumberToObject(im, "index", 0);
    cJSON_AddStringToObject(im, "type", "image_file");
    cJSON *imf = cJSON_AddObjectToObject(im, "image_file");
    cJSON_AddStringToObject(imf, "file_id", img->id);
    ops_add(st, OP_MSG_DELTA, PACE_STEP, NULL, im);
    add_text_deltas(st, 1, "The square root of 16 is 4.0; the chart is attached.", PACE_DELTA);
    end_message_and_run(st);
}

/* ---- file search ---- */

static void collect_vs_ids(const cJSON *holder, const char **ids, int *n, int max)
{
    const cJSON *fs = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(holder, "tool_resources"),
                                                       "file_search");
    const cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(fs, "vector_store_ids"))
    {
        if (cJSON_IsString(v) && *n < max)
            ids[(*n)++] = v->valuestring;
    }
}

obj *scenario_pick_file(const char *const *vs_ids, int nvs, char *snippet, size_t snippet_size)
{
    obj *file = NULL;
    for (int i = 0; i < nvs && !file; i++) {
        size_t n;
        obj **vfs = store_list(K_VSFILE, vs_ids[i], &n);
        for (size_t k = 0; k < n && !file; k++) {
            const char *stt = json_str(vfs[k]->j, "status");
            if (stt && strcmp(stt, "completed") == 0)
                file = store_get(K_FILE, vfs[k]->id);
        }
        free(vfs);
    }
    snprintf(snippet, snippet_size, "no indexed content");
    const file_data *fd = file ? files_data(file) : NULL;
    if (fd && fd->len && snippet_size > 1) {
        size_t k = fd->len < snippet_size - 1 ? fd->len : snippet_size - 1;
        memcpy(snippet, fd->data, k);
        snippet[k] = '\0';
        for (size_t i = 0; i < k; i++)
            if (snippet[i] == '\n' || snippet[i] == '\r' || (unsigned char)snippet[i] < 0x20)
                snippet[i] = ' ';
    }
    return file;
}

static void file_search(obj *run, run_state *st)
{
    const char *vs_ids[32];
    int nvs = 0;
    collect_vs_ids(run->j, vs_ids, &nvs, 32);
    obj *thread = store_get(K_THREAD, run->parent);
    if (thread)
        collect_vs_ids(thread->j, vs_ids, &nvs, 32);
    obj *asst = store_get(K_ASSISTANT, json_str(run->j, "assistant_id"));
    if (asst)
        collect_vs_ids(asst->j, vs_ids, &nvs, 32);
    char snippet[120];
    obj *file = scenario_pick_file(vs_ids, nvs, snippet, 101); /* the first 100 bytes */
    const char *file_id = file ? file->id : "file-emulated000000000000";
    const char *fname = file && json_str(file->j, "filename") ? json_str(file->j, "filename") : "emulated.txt";

    char call_id[48];
    make_id(call_id, sizeof call_id, "call_", 24);
    ops_add(st, OP_STEP_CREATE, PACE_STEP, "tool_calls", NULL);
    ops_add(st, OP_STEP_STATUS, PACE_NOW, "in_progress", NULL);
    cJSON *d = cJSON_CreateObject();
    cJSON_AddNumberToObject(d, "index", 0);
    cJSON_AddStringToObject(d, "id", call_id);
    cJSON_AddStringToObject(d, "type", "file_search");
    cJSON_AddObjectToObject(d, "file_search");
    ops_add(st, OP_STEP_DELTA, PACE_STEP, NULL, d);
    /* Results land in the step without an event, as in real streams. */
    cJSON *r = cJSON_CreateObject();
    cJSON_AddNumberToObject(r, "index", 0);
    cJSON *fs = cJSON_AddObjectToObject(r, "file_search");
    cJSON *ro = cJSON_AddObjectToObject(fs, "ranking_options");
    cJSON_AddStringToObject(ro, "ranker", "default_2024_08_21");
    cJSON_AddNumberToObject(ro, "score_threshold", 0.0);
    cJSON *results = cJSON_AddArrayToObject(fs, "results");
    cJSON *res = cJSON_CreateObject();
    cJSON_AddStringToObject(res, "file_id", file_id);
    cJSON_AddStringToObject(res, "file_name", fname);
    cJSON_AddNumberToObject(res, "score", 0.68);
    cJSON_AddObjectToObject(res, "attributes");
    cJSON *content = cJSON_AddArrayToObject(res, "content");
    cJSON *c0 = cJSON_CreateObject();
    cJSON_AddStringToObject(c0, "type", "text");
    cJSON_AddStringToObject(c0, "text", snippet);
    cJSON_AddItemToArray(content, c0);
    cJSON_AddItemToArray(results, res);
    ops_add(st, OP_STEP_DELTA, PACE_NOW, NULL, r);
    st->ops[st->nops - 1].silent = 1;
    ops_add(st, OP_STEP_STATUS, PACE_STEP, "completed", NULL);

    begin_message(st);
    char lead[200];
    snprintf(lead, sizeof lead, "According to %s, the file says: %s", fname, snippet);
    add_text_deltas(st, 0, lead, PACE_STEP);
    char marker[160];
    snprintf(marker, sizeof marker, "\xE3\x80\x90" "4:0\xE2\x80\xA0%s\xE3\x80\x91", fname);
    cJSON *ann = cJSON_CreateArray();
    cJSON *a = cJSON_CreateObject();
    cJSON_AddNumberToObject(a, "index", 0);
    cJSON_AddStringToObject(a, "type", "file_citation");
    cJSON_AddStringToObject(a, "text", marker);
    long start = utf8_len(lead);
    cJSON_AddNumberToObject(a, "start_index", (double)start);
    cJSON_AddNumberToObject(a, "end_index", (double)(start + utf8_len(marker)));
    cJSON *fc = cJSON_AddObjectToObject(a, "file_citation");
    cJSON_AddStringToObject(fc, "file_id", file_id);
    cJSON_AddItemToArray(ann, a);
    ops_add(st, OP_MSG_DELTA, PACE_DELTA, NULL, text_delta(0, marker, ann));
    ops_add(st, OP_MSG_DELTA, PACE_DELTA, NULL, text_delta(0, ".", NULL));
    end_message_and_run(st);
}

/* ---- the dispatcher ---- */

void scenario_build(obj *run, run_state *st, const char *text)
{
    start_run(st);
    scenario_cmd cmd;
    char reply[600];
    if (!scenario_parse(text, &cmd, reply, sizeof reply)) {
        text_reply(st, reply);
        return;
    }
    const char *name = cmd.name;
    const char *args = cmd.args;

    if (strcmp(name, "text") == 0) {
        text_reply(st, *args ? args : "OK.");
    } else if (strcmp(name, "function") == 0 || strcmp(name, "parallel") == 0) {
        char fname[128];
        long count = scenario_function_args(&cmd, fname, sizeof fname);
        function_calls(run, st, fname[0] ? fname : NULL, (int)count);
    } else if (strcmp(name, "code") == 0 || strcmp(name, "code_interpreter") == 0) {
        code_interpreter(st);
    } else if (strcmp(name, "file_search") == 0) {
        file_search(run, st);
    } else if (strcmp(name, "fail") == 0 || strcmp(name, "failed") == 0) {
        char code[64];
        scenario_code_arg(&cmd, code, sizeof code);
        cJSON *x = cJSON_CreateObject();
        cJSON_AddItemToObject(x, "last_error",
                              scenario_error_obj(code, strcmp(code, "rate_limit_exceeded") == 0
                                                  ? "You exceeded your current quota, please check your plan and "
                                                    "billing details."
                                                  : "Sorry, something went wrong."));
        ops_add(st, OP_RUN_STATUS, PACE_STEP, "failed", x);
        ops_add(st, OP_DONE, PACE_NOW, NULL, NULL);
    } else if (strcmp(name, "incomplete") == 0) {
        begin_message(st);
        add_text_deltas(st, 0, "This answer stops before it is", PACE_STEP);
        cJSON *mx = cJSON_CreateObject();
        cJSON_AddStringToObject(cJSON_AddObjectToObject(mx, "incomplete_details"), "reason", "max_tokens");
        ops_add(st, OP_MSG_STATUS, PACE_STEP, "incomplete", mx);
        ops_add(st, OP_STEP_STATUS, PACE_NOW, "completed", NULL);
        cJSON *rx = cJSON_CreateObject();
        cJSON_AddStringToObject(cJSON_AddObjectToObject(rx, "incomplete_details"), "reason", "max_completion_tokens");
        ops_add(st, OP_RUN_STATUS, PACE_STEP, "incomplete", rx);
        ops_add(st, OP_DONE, PACE_NOW, NULL, NULL);
    } else if (strcmp(name, "cancelled") == 0) {
        begin_message(st);
        add_text_deltas(st, 0, "This run will be cancelled", PACE_STEP);
        ops_add(st, OP_RUN_STATUS, PACE_STEP, "cancelling", NULL);
        cJSON *mx = cJSON_CreateObject();
        cJSON_AddStringToObject(cJSON_AddObjectToObject(mx, "incomplete_details"), "reason", "run_cancelled");
        ops_add(st, OP_MSG_STATUS, PACE_STEP, "incomplete", mx);
        ops_add(st, OP_STEP_STATUS, PACE_NOW, "cancelled", NULL);
        ops_add(st, OP_RUN_STATUS, PACE_STEP, "cancelled", NULL);
        ops_add(st, OP_DONE, PACE_NOW, NULL, NULL);
    } else if (strcmp(name, "expired") == 0) {
        ops_add(st, OP_STEP_CREATE, PACE_STEP, "message_creation", NULL);
        ops_add(st, OP_STEP_STATUS, PACE_NOW, "in_progress", NULL);
        ops_add(st, OP_STEP_STATUS, PACE_STEP, "expired", NULL);
        ops_add(st, OP_RUN_STATUS, PACE_NOW, "expired", NULL);
        ops_add(st, OP_DONE, PACE_NOW, NULL, NULL);
    } else if (strcmp(name, "error") == 0) {
        begin_message(st);
        add_text_deltas(st, 0, "This stream breaks in the", PACE_STEP);
        /* "bare": the ErrorObject itself as data (the OpenAPI ErrorEvent shape);
         * default: {"error":{...}} as the service sent it (semantics DEV-4) */
        ops_add(st, OP_ERROR_EVENT, PACE_DELTA, strncmp(args, "bare", 4) == 0 ? "bare" : NULL,
                cJSON_Parse("{\"message\":\"The server had an error processing your request. Sorry about that! "
                            "(emulated)\",\"type\":\"server_error\",\"param\":null,\"code\":null}"));
    } else if (strcmp(name, "long") == 0 || strcmp(name, "slow") == 0) {
        long count = scenario_long_args(&cmd, &st->delta_ms);
        begin_message(st);
        for (long i = 0; i < count; i++) {
            char piece[32];
            snprintf(piece, sizeof piece, "%sw%ld", i ? " " : "", i + 1);
            ops_add(st, OP_MSG_DELTA, i ? PACE_DELTA : PACE_STEP, NULL, text_delta(0, piece, NULL));
        }
        end_message_and_run(st);
    } else {
        char msg[128];
        snprintf(msg, sizeof msg, "oai-emulator: unknown scenario '%s'.", name);
        cJSON *x = cJSON_CreateObject();
        cJSON_AddItemToObject(x, "last_error", scenario_error_obj("invalid_prompt", msg));
        ops_add(st, OP_RUN_STATUS, PACE_STEP, "failed", x);
        ops_add(st, OP_DONE, PACE_NOW, NULL, NULL);
    }
}

void scenario_after_outputs(obj *run, run_state *st, const char *outputs_summary)
{
    (void)run;
    char *reply = xmalloc(strlen(outputs_summary) + 64);
    sprintf(reply, "Thanks! The tools returned: %s", outputs_summary);
    text_reply(st, reply);
    free(reply);
}
