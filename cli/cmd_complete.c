/*
 * cmd_complete.c - `oai complete`: send a message to POST /chat/completions
 * (any compatible server through --base-url) and stream the reply as
 * `oai chat` does; --tool commands answer function calls in the same
 * stream (oai/chat_stream.h's tool loop).
 */
#include "cli_commands.h"
#include "cli_common.h"
#include "cli_display.h"
#include "cli_stream_opts.h"
#include "cli_tool.h"

#include <stdlib.h>
#include <string.h>

enum { SHOW_HUMAN, SHOW_EVENTS, SHOW_TEXT };

typedef struct complete_ctx {
    cli_display disp;
    oai_chat_stream *s;
    const cli_list *tools;
    long tool_timeout_ms;
    int show;
    int failed;   /* exit code set by a hook that stopped the stream */
    int started;  /* on_end ran: the response had started */
    int replying; /* "assistant > " was shown for this completion */
} complete_ctx;

static const char complete_help[] =
    "Usage: oai complete [options] MESSAGE\n\n"
    "Sends MESSAGE as a user message to POST /chat/completions with\n"
    "\"stream\": true and streams the reply. Works with any server that\n"
    "speaks the Chat Completions API (--base-url).\n\n"
    "  --model M            the model (default gpt-4o-mini)\n"
    "  --system T           a system message before MESSAGE\n"
    "  --tool NAME=COMMAND  declare function NAME and answer its calls: "
    "COMMAND\n"
    "                       runs through /bin/sh with the call's arguments "
    "JSON\n"
    "                       on stdin; its stdout is sent back as the `tool`\n"
    "                       message and the reply goes on in the same "
    "stream\n"
    "                       (repeatable)\n"
    "  --tool-timeout SEC   kill a --tool command after SEC seconds (default "
    "60)\n"
    "  --stall-timeout SEC  end the stream when no chunk arrived for SEC "
    "seconds\n"
    "                       (default 300; 0: wait as long as the server "
    "does)\n"
    "  --events             print every chunk as a JSON line\n"
    "                       {\"event\":\"chunk\",\"data\":{...}}\n"
    "  --text-only          print only the streamed text\n"
    "  --json OBJECT        more request parameters, e.g. "
    "'{\"temperature\":0}'\n\n"
    "Output: \"assistant > \" and the text as it streams, and \"function >\" "
    "/\n"
    "\"result >\" for calls answered by --tool.\n\n"
    "Exit status: 0 the reply ended, 1 API error, 2 usage, 3 connection or\n"
    "timeout, 4 broken stream, 6 local error (a --tool command failed or is\n"
    "missing).\n\n" CLI_GLOBAL_HELP;

/* The completion stopped for tool calls: answer each, then submit the
 * outputs so the follow-up reply arrives in this same stream. */
static int answer_calls(complete_ctx *x)
{
    const oai_json *calls =
        oai_json_path(oai_chat_stream_choice(x->s, 0), "message.tool_calls");
    oai_json *outputs = NULL;
    if (oai_json_new_array(&outputs) != OAI_OK) {
        fprintf(stderr, "oai complete: out of memory\n");
        return CLI_EXIT_LOCAL;
    }
    cli_display_flush(&x->disp); /* everything so far, before the commands */
    int ex = CLI_EXIT_OK;
    for (const oai_json *c = oai_json_first(calls); c && ex == CLI_EXIT_OK;
         c = oai_json_next(c))
        ex = cli_tool_answer_call(outputs, "content", c, x->tools,
                                  x->tool_timeout_ms, "complete",
                                  x->show == SHOW_HUMAN ? &x->disp : NULL);
    if (ex == CLI_EXIT_OK) {
        int rc = oai_chat_stream_submit_tool_outputs(x->s, outputs);
        if (rc != OAI_OK) {
            cli_report("complete", "submit the tool outputs", rc,
                       oai_chat_stream_error(x->s));
            ex = cli_exit_code(rc);
        }
    }
    oai_json_free(outputs);
    x->replying = 0;
    return ex;
}

/* 1 when this chunk finished choice 0 with tool calls. */
static int finishes_with_tools(const oai_json *chunk)
{
    for (const oai_json *c = oai_json_first(oai_json_get(chunk, "choices")); c;
         c = oai_json_next(c)) {
        const char *fr = oai_json_path_string(c, "finish_reason");
        if (oai_json_int(oai_json_get(c, "index"), -1) == 0 && fr &&
            strcmp(fr, "tool_calls") == 0)
            return 1;
    }
    return 0;
}

/* One JSON line: {"event":"chunk","data":CHUNK}. */
static int print_chunk(cli_display *d, const oai_json *chunk)
{
    oai_json *o = NULL;
    int rc = oai_json_new_object(&o);
    if (rc == OAI_OK)
        rc = oai_json_set_string(o, "event", "chunk");
    if (rc == OAI_OK)
        rc = oai_json_set(o, "data", chunk);
    char *text = rc == OAI_OK ? oai_json_serialize(o, 0) : NULL;
    oai_json_free(o);
    if (text == NULL)
        return CLI_EXIT_LOCAL;
    cli_display_put(d, text);
    cli_display_put(d, "\n");
    oai_free(text);
    return CLI_EXIT_OK;
}

static int on_chunk(const oai_json *chunk, const oai_json *snap,
                    const oai_chat_update *u, void *ud)
{
    (void)snap;
    (void)u;
    complete_ctx *x = ud;
    if (x->show == SHOW_EVENTS && print_chunk(&x->disp, chunk) != 0) {
        fprintf(stderr, "oai complete: out of memory\n");
        x->failed = CLI_EXIT_LOCAL;
        return 1;
    }
    if (finishes_with_tools(chunk)) {
        x->failed = answer_calls(x);
        return x->failed != CLI_EXIT_OK;
    }
    return 0;
}

static int on_content_delta(const char *d, size_t len, const char *snap,
                            const oai_chat_change *c, void *ud)
{
    (void)snap;
    complete_ctx *x = ud;
    if (c->choice != 0 || x->show == SHOW_EVENTS)
        return 0;
    if (x->show == SHOW_HUMAN && !x->replying) {
        cli_display_put(&x->disp, x->disp.last && x->disp.last != '\n'
                                      ? "\nassistant > "
                                      : "assistant > ");
        x->replying = 1;
    }
    cli_display_write(&x->disp, d, len);
    return 0;
}

static void on_end(void *ud)
{
    ((complete_ctx *)ud)->started = 1;
}

/* Consumes the stream on the multi's loop: what a batch of chunks
 * produced is written at once, when no further chunk is buffered. */
static int drain(complete_ctx *x, oai_multi *m)
{
    int rc;
    for (;;) {
        oai_multi_perform(m, NULL);
        rc = oai_chat_stream_until_done(x->s);
        if (cli_display_flush(&x->disp) != 0 || rc != OAI_EAGAIN)
            return rc;
        oai_multi_wait(m, 1000);
    }
}

/* Appends {"role":role,"content":text} to the array `msgs`. */
static int add_message(oai_json *msgs, const char *role, const char *text)
{
    oai_json *m = NULL;
    int rc = oai_json_new_object(&m);
    if (rc == OAI_OK)
        rc = oai_json_set_string(m, "role", role);
    if (rc == OAI_OK)
        rc = oai_json_set_string(m, "content", text);
    if (rc == OAI_OK)
        rc = oai_json_append(msgs, m);
    oai_json_free(m);
    return rc;
}

/* Declares a parameterless function per --tool, unless --json has tools. */
static int declare_tools(oai_json *params, const cli_list *tools)
{
    if (tools->n == 0 || oai_json_get(params, "tools"))
        return OAI_OK;
    oai_json *arr = NULL;
    int rc = oai_json_new_array(&arr);
    for (size_t i = 0; rc == OAI_OK && i < tools->n; i++) {
        const char *spec = tools->items[i];
        size_t n = strcspn(spec, "=");
        char text[512];
        snprintf(text, sizeof text,
                 "{\"type\":\"function\",\"function\":{\"name\":\"%.*s\","
                 "\"parameters\":{\"type\":\"object\",\"properties\":{}}}}",
                 (int)(n < 200 ? n : 200), spec);
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

static int build_params(oai_json *params, const char *model, const char *system,
                        const char *message, const cli_list *tools)
{
    oai_json *msgs = NULL;
    int rc = oai_json_get(params, "model")
                 ? OAI_OK
                 : oai_json_set_string(params, "model", model);
    if (rc == OAI_OK)
        rc = oai_json_new_array(&msgs);
    if (rc == OAI_OK && system)
        rc = add_message(msgs, "system", system);
    if (rc == OAI_OK)
        rc = add_message(msgs, "user", message);
    if (rc == OAI_OK)
        rc = oai_json_set(params, "messages", msgs);
    if (rc == OAI_OK)
        rc = declare_tools(params, tools);
    oai_json_free(msgs);
    return rc;
}

int cmd_complete(int argc, char **argv)
{
    const char *model = NULL, *system = NULL;
    cli_stream_opts sopt = {0};
    cli_list pos = {NULL, 0};
    cli_global g;
    memset(&g, 0, sizeof(g));
    const cli_opt opts[] = {{"model", CLI_STR, &model},
                            {"system", CLI_STR, &system},
                            CLI_STREAM_OPT_ENTRIES(&sopt),
                            {NULL, CLI_FLAG, NULL}};
    oai_client *c = NULL;
    oai_multi *m = NULL;
    oai_json *params = NULL;
    complete_ctx x;
    memset(&x, 0, sizeof(x));
    int ex = cli_parse(argc, argv, 1, opts, &pos, &g, "complete");
    if (ex != CLI_EXIT_OK)
        goto done;
    if (g.help) {
        ex = cli_help(complete_help);
        goto done;
    }
    ex = CLI_EXIT_USAGE;
    if (pos.n != 1) {
        fprintf(stderr, "oai complete: needs exactly one MESSAGE (quote it)\n");
        goto done;
    }
    if ((ex = cli_stream_opts_check(&sopt, "complete")) != CLI_EXIT_OK)
        goto done;
    if ((ex = cli_json_object(&params, sopt.json, "complete")) != CLI_EXIT_OK)
        goto done;
    if ((ex = cli_client(&c, &g, "complete")) != CLI_EXIT_OK)
        goto done;
    ex = CLI_EXIT_LOCAL;
    if (build_params(params, model ? model : "gpt-4o-mini", system,
                     pos.items[0], &sopt.tools) != OAI_OK) {
        fprintf(stderr, "oai complete: out of memory\n");
        goto done;
    }
    x.tools = &sopt.tools;
    x.tool_timeout_ms = sopt.tool_timeout_ms;
    x.show = sopt.events      ? SHOW_EVENTS
             : sopt.text_only ? SHOW_TEXT
                              : SHOW_HUMAN;
    cli_display_init(&x.disp, stdout);
    oai_chat_handler h = OAI_CHAT_HANDLER_INIT;
    h.user_data = &x;
    h.on_chunk = on_chunk;
    h.on_content_delta = on_content_delta;
    h.on_end = on_end;
    oai_chat_stream_options so = OAI_CHAT_STREAM_OPTIONS_INIT;
    so.handler = &h;
    so.stall_timeout_ms = sopt.stall_ms;
    /* driven by a multi, the stream says when no chunk is buffered */
    int rc = oai_multi_new(&m, c, NULL);
    if (rc == OAI_OK)
        rc = oai_chat_completions_stream(&x.s, c, params, &so, NULL);
    if (rc == OAI_OK)
        rc = oai_multi_add_chat_stream(m, x.s, NULL, NULL);
    if (rc != OAI_OK) {
        ex = cli_fail("complete", "create the completion", rc, c);
        goto done;
    }
    rc = drain(&x, m);
    if (x.show != SHOW_EVENTS)
        cli_display_finish(&x.disp);
    if (cli_display_flush(&x.disp) != 0) {
        fprintf(stderr, "oai complete: write error: %s\n",
                strerror(x.disp.out.err));
        ex = CLI_EXIT_LOCAL;
    } else if (x.failed != CLI_EXIT_OK) {
        ex = x.failed; /* already reported */
    } else if (rc != OAI_OK) {
        cli_report("complete", x.started ? "stream" : "create the completion",
                   rc, oai_chat_stream_error(x.s));
        ex = cli_exit_code(rc);
    } else {
        ex = CLI_EXIT_OK;
    }
done:
    oai_chat_stream_free(x.s);
    oai_multi_free(m);
    oai_json_free(params);
    oai_client_free(c);
    cli_list_clear(&sopt.tools);
    cli_list_clear(&pos);
    return ex;
}
