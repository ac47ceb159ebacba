/*
 * cmd_respond.c - `oai respond`: send a message to the Responses API and
 * stream the reply: text as it arrives, the reasoning summary, hosted-tool
 * activity, and function calls answered by --tool commands in the same
 * stream (or every event as a JSON line with --events).
 */
#include "cli_commands.h"
#include "cli_common.h"
#include "cli_display.h"
#include "cli_tool.h"

#include <stdlib.h>
#include <string.h>

#define CLI_STALL_TIMEOUT_MS 300000L

typedef struct respond_ctx {
    cli_display disp;
    oai_response_stream *s;
    const cli_list *tools;
    long tool_timeout_ms;
    int events;
    int failed; /* exit code set by a hook that stopped the stream */
} respond_ctx;

static const char respond_help[] =
    "Usage: oai respond [options] MESSAGE\n\n"
    "Sends MESSAGE to the Responses API (POST /responses, streamed) and\n"
    "prints the reply as it arrives: the text, the reasoning summary as\n"
    "\"[reasoning] ...\", hosted tools as \"[web_search_call searching]\" and\n"
    "the like, and \"function >\" / \"result >\" for calls answered by "
    "--tool.\n"
    "The response id is printed to stderr as 'response: ID' so the\n"
    "conversation can go on with --previous ID.\n\n"
    "  --model M            the model (default gpt-4.1)\n"
    "  --instructions T     system instructions\n"
    "  --tool NAME=COMMAND  declare function NAME and answer its calls:\n"
    "                       COMMAND runs through /bin/sh with the call's\n"
    "                       arguments JSON on stdin; its stdout is sent as\n"
    "                       the output and the reply goes on in the same\n"
    "                       stream (repeatable)\n"
    "  --tool-timeout SEC   kill a --tool command after SEC seconds (default "
    "60)\n"
    "  --previous ID        continue after response ID "
    "(previous_response_id)\n"
    "  --conversation ID    add to conversation ID\n"
    "  --background         run it as a background response; its stream\n"
    "                       resumes by itself when the connection breaks\n"
    "  --stall-timeout SEC  a stream without an event for SEC seconds is\n"
    "                       broken (default 300; 0: none)\n"
    "  --events             print every event as a JSON line\n"
    "                       {\"event\":TYPE,\"data\":{...}} instead\n\n"
    "Exit status: 0 the response completed, 1 API error, 2 usage, 3\n"
    "connection or timeout, 4 broken stream, 5 the response ended failed or\n"
    "incomplete, 6 local error (a --tool command failed or is "
    "missing).\n\n" CLI_GLOBAL_HELP;

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
    cli_display_write(&((respond_ctx *)ud)->disp, d, len);
    return 0;
}

static int item_added(const oai_json *item, const oai_response_change *c,
                      void *ud)
{
    (void)c;
    respond_ctx *x = ud;
    const char *t = type_of(item);
    if (strcmp(t, "reasoning") == 0)
        cli_display_put(&x->disp, "[reasoning] ");
    return 0;
}

static int item_done(const oai_json *item, const oai_response_change *c,
                     void *ud)
{
    (void)c;
    respond_ctx *x = ud;
    const char *t = type_of(item);
    if (strcmp(t, "reasoning") == 0 || strcmp(t, "message") == 0)
        cli_display_put(&x->disp, "\n");
    return 0;
}

static int tool_status(const oai_json *st, const oai_response_change *c,
                       void *ud)
{
    respond_ctx *x = ud;
    char line[160];
    snprintf(line, sizeof line, "[%s %s]\n", type_of(c->item),
             oai_json_string(st) ? oai_json_string(st) : "");
    cli_display_put(&x->disp, line);
    return 0;
}

/* Runs the --tool command of one function_call item and appends
 * {"call_id","output"} to outputs. */
static int answer_call(respond_ctx *x, oai_json *outputs, const oai_json *call)
{
    const char *id = oai_json_string(oai_json_get(call, "call_id"));
    const char *name = oai_json_string(oai_json_get(call, "name"));
    const char *args = oai_json_string(oai_json_get(call, "arguments"));
    if (id == NULL || name == NULL) {
        fprintf(stderr, "oai respond: a function call without call_id or "
                        "name\n");
        return CLI_EXIT_STREAM;
    }
    char *out = NULL;
    int ex = cli_tool_answer(&out, "respond", x->tools, name, args ? args : "",
                             x->tool_timeout_ms);
    if (ex != CLI_EXIT_OK)
        return ex;
    oai_json *o = NULL;
    if (oai_json_new_object(&o) != OAI_OK ||
        oai_json_set_string(o, "call_id", id) ||
        oai_json_set_string(o, "output", out) || oai_json_append(outputs, o)) {
        fprintf(stderr, "oai respond: out of memory\n");
        ex = CLI_EXIT_LOCAL;
    } else {
        cli_display_function(&x->disp, name, args ? args : "", out);
    }
    oai_json_free(o);
    free(out);
    return ex;
}

/* The response completed: answer its function calls, if any, in this
 * same stream. */
static int completed(const oai_json *resp, void *ud)
{
    respond_ctx *x = ud;
    const char *id = oai_json_string(oai_json_get(resp, "id"));
    if (id)
        fprintf(stderr, "response: %s\n", id);
    oai_json *outputs = NULL;
    if (oai_json_new_array(&outputs) != OAI_OK) {
        x->failed = CLI_EXIT_LOCAL;
        return 1;
    }
    cli_display_flush(&x->disp);
    int ex = CLI_EXIT_OK;
    for (const oai_json *it = oai_json_first(oai_json_get(resp, "output"));
         it && ex == CLI_EXIT_OK; it = oai_json_next(it))
        if (strcmp(type_of(it), "function_call") == 0)
            ex = answer_call(x, outputs, it);
    if (ex == CLI_EXIT_OK && oai_json_size(outputs) > 0) {
        int rc = oai_response_stream_submit_function_outputs(x->s, outputs);
        if (rc != OAI_OK) {
            cli_report("respond", "submit the function outputs", rc,
                       oai_response_stream_error(x->s));
            ex = cli_exit_code(rc);
        }
    }
    oai_json_free(outputs);
    x->failed = ex;
    return ex != CLI_EXIT_OK;
}

/* --events: one JSON line per event. */
static int print_event(respond_ctx *x, const oai_response_update *u)
{
    oai_json *o = NULL;
    int rc = oai_json_new_object(&o);
    if (rc == OAI_OK)
        rc = oai_json_set_string(o, "event", u->type_name);
    if (rc == OAI_OK)
        rc = oai_json_set(o, "data", u->event);
    char *text = rc == OAI_OK ? oai_json_serialize(o, 0) : NULL;
    oai_json_free(o);
    if (text == NULL)
        return CLI_EXIT_LOCAL;
    cli_display_put(&x->disp, text);
    cli_display_put(&x->disp, "\n");
    oai_free(text);
    return CLI_EXIT_OK;
}

static int consume(respond_ctx *x)
{
    if (!x->events)
        return oai_response_stream_until_done(x->s);
    const oai_response_update *u;
    int rc;
    while ((rc = oai_response_stream_next(&u, x->s)) == OAI_OK) {
        if (print_event(x, u) != CLI_EXIT_OK) {
            x->failed = CLI_EXIT_LOCAL;
            fprintf(stderr, "oai respond: out of memory\n");
            oai_response_stream_abort(x->s);
        }
        cli_display_flush(&x->disp);
    }
    return rc == OAI_ITEROVER ? OAI_OK : rc;
}

/* Exit status for how the response ended; reports anything but
 * completed. */
static int outcome(respond_ctx *x)
{
    const oai_json *fin = NULL;
    int rc = oai_response_stream_final_response(&fin, NULL, x->s);
    if (rc != OAI_OK) {
        cli_report("respond", "stream", rc, oai_response_stream_error(x->s));
        return CLI_EXIT_STREAM;
    }
    const char *status = oai_responses_status(fin);
    if (status && strcmp(status, "completed") == 0)
        return CLI_EXIT_OK;
    const char *msg = oai_json_path_string(fin, "error.message");
    const char *reason = oai_json_path_string(fin, "incomplete_details.reason");
    fprintf(stderr, "oai respond: response %s ended %s%s%s\n",
            oai_json_string(oai_json_get(fin, "id"))
                ? oai_json_string(oai_json_get(fin, "id"))
                : "?",
            status ? status : "without a status", msg || reason ? ": " : "",
            msg      ? msg
            : reason ? reason
                     : "");
    return CLI_EXIT_RUN;
}

/* {"type":"function","name":NAME,"parameters":{"type":"object"}} per
 * --tool. */
static int declare_tools(oai_json *params, const cli_list *tools)
{
    if (tools->n == 0)
        return OAI_OK;
    oai_json *arr = NULL;
    int rc = oai_json_new_array(&arr);
    for (size_t i = 0; rc == OAI_OK && i < tools->n; i++) {
        const char *eq = strchr(tools->items[i], '=');
        char name[128];
        snprintf(name, sizeof name, "%.*s",
                 (int)(eq ? (size_t)(eq - tools->items[i]) : 0),
                 tools->items[i]);
        char text[512];
        snprintf(text, sizeof text,
                 "{\"type\":\"function\",\"name\":\"%s\",\"parameters\":"
                 "{\"type\":\"object\",\"properties\":{}}}",
                 name);
        oai_json *t = NULL;
        rc = oai_json_parse_cstr(&t, text);
        if (rc == OAI_OK)
            rc = oai_json_append(arr, t);
        oai_json_free(t);
    }
    if (rc == OAI_OK)
        rc = oai_json_set(params, "tools", arr);
    oai_json_free(arr);
    return rc;
}

static int set_opt(oai_json *params, const char *key, const char *v)
{
    return v ? oai_json_set_string(params, key, v) : OAI_OK;
}

int cmd_respond(int argc, char **argv)
{
    const char *model = NULL, *instructions = NULL, *previous = NULL,
               *conversation = NULL, *tool_timeout = NULL,
               *stall_timeout = NULL;
    int events = 0, background = 0;
    cli_list tools = {NULL, 0}, pos = {NULL, 0};
    cli_global g;
    memset(&g, 0, sizeof(g));
    const cli_opt opts[] = {{"model", CLI_STR, &model},
                            {"instructions", CLI_STR, &instructions},
                            {"tool", CLI_LIST, &tools},
                            {"tool-timeout", CLI_STR, &tool_timeout},
                            {"previous", CLI_STR, &previous},
                            {"conversation", CLI_STR, &conversation},
                            {"background", CLI_FLAG, &background},
                            {"stall-timeout", CLI_STR, &stall_timeout},
                            {"events", CLI_FLAG, &events},
                            {NULL, CLI_FLAG, NULL}};
    oai_client *c = NULL;
    oai_json *params = NULL;
    respond_ctx x;
    memset(&x, 0, sizeof(x));
    const char *bad = NULL;
    int ex = cli_parse(argc, argv, 1, opts, &pos, &g, "respond");
    if (ex != CLI_EXIT_OK)
        goto done;
    if (g.help) {
        ex = cli_help(respond_help);
        goto done;
    }
    ex = CLI_EXIT_USAGE;
    if (pos.n != 1) {
        fprintf(stderr, "oai respond: needs exactly one MESSAGE (quote it)\n");
        goto done;
    }
    if ((previous && !cli_valid_id(previous)) ||
        (conversation && !cli_valid_id(conversation))) {
        fprintf(stderr, "oai respond: --previous and --conversation want "
                        "valid ids\n");
        goto done;
    }
    if (cli_tool_check(&tools, &bad) != 0) {
        fprintf(stderr, "oai respond: --tool wants NAME=COMMAND, got '%s'\n",
                bad);
        goto done;
    }
    x.tool_timeout_ms = 60000;
    if (tool_timeout != NULL &&
        cli_seconds_ms(tool_timeout, 0, &x.tool_timeout_ms) != 0) {
        fprintf(stderr, "oai respond: --tool-timeout wants seconds > 0\n");
        goto done;
    }
    long stall_ms = CLI_STALL_TIMEOUT_MS;
    if (stall_timeout != NULL &&
        cli_seconds_ms(stall_timeout, 1, &stall_ms) != 0) {
        fprintf(stderr, "oai respond: --stall-timeout wants seconds >= 0\n");
        goto done;
    }
    if ((ex = cli_client(&c, &g, "respond")) != CLI_EXIT_OK)
        goto done;
    ex = CLI_EXIT_LOCAL;
    if (oai_json_new_object(&params) != OAI_OK ||
        oai_json_set_string(params, "model", model ? model : "gpt-4.1") ||
        oai_json_set_string(params, "input", pos.items[0]) ||
        set_opt(params, "instructions", instructions) ||
        set_opt(params, "previous_response_id", previous) ||
        set_opt(params, "conversation", conversation) ||
        (background && oai_json_set_bool(params, "background", 1)) ||
        declare_tools(params, &tools)) {
        fprintf(stderr, "oai respond: out of memory\n");
        goto done;
    }
    x.tools = &tools;
    x.events = events;
    cli_display_init(&x.disp, stdout);
    oai_response_handler h = OAI_RESPONSE_HANDLER_INIT;
    h.user_data = &x;
    if (!events) {
        h.on_text_delta = put;
        h.on_refusal_delta = put;
        h.on_reasoning_summary_delta = put;
        h.on_output_item_added = item_added;
        h.on_output_item_done = item_done;
        h.on_tool_call_status = tool_status;
    }
    h.on_completed = completed;
    oai_response_stream_options so = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    so.handler = &h;
    so.stall_timeout_ms = stall_ms;
    int rc = oai_responses_stream(&x.s, c, params, &so, NULL);
    if (rc != OAI_OK) {
        ex = cli_fail("respond", "create the response", rc, c);
        goto done;
    }
    rc = consume(&x);
    if (!events)
        cli_display_finish(&x.disp);
    if (cli_display_flush(&x.disp) != 0) {
        fprintf(stderr, "oai respond: write error: %s\n",
                strerror(x.disp.out.err));
        ex = CLI_EXIT_LOCAL;
    } else if (x.failed != CLI_EXIT_OK) {
        ex = x.failed; /* already reported */
    } else if (rc != OAI_OK) {
        cli_report("respond", "stream", rc, oai_response_stream_error(x.s));
        ex = cli_exit_code(rc);
    } else {
        ex = outcome(&x);
    }
done:
    oai_response_stream_free(x.s);
    oai_json_free(params);
    oai_client_free(c);
    cli_list_clear(&tools);
    cli_list_clear(&pos);
    return ex;
}
