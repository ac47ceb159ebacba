/*
 * cmd_chat.c - `oai chat` (send a message, stream the reply) and `oai run`
 * (stream a run of a thread). Both print the stream as the helpers.md
 * example does (cli_display.h), as JSON lines (--events) or as bare text
 * (--text-only), and answer function calls with --tool commands in the
 * same stream.
 */
#include "cli_commands.h"
#include "cli_common.h"
#include "cli_display.h"
#include "cli_stream_opts.h"
#include "cli_tool.h"

#include <stdlib.h>
#include <string.h>

enum { SHOW_HUMAN, SHOW_EVENTS, SHOW_TEXT };

typedef struct chat_ctx {
    cli_display disp; /* first: the display hooks get this struct */
    oai_stream *s;
    const cli_list *tools;
    long tool_timeout_ms;
    int show;
    int report_thread; /* print the thread id once it is known */
    int failed;        /* exit code set by a hook that stopped the stream */
    int started;       /* on_end ran: the response had started */
    const char *cmd;
} chat_ctx;

#define COMMON_HELP                                                            \
    "  --tool NAME=COMMAND  answer calls of function NAME: COMMAND runs "      \
    "through\n"                                                                \
    "                       /bin/sh with the call's arguments JSON on stdin; " \
    "its\n"                                                                    \
    "                       stdout is submitted as the output and the run "    \
    "goes\n"                                                                   \
    "                       on in the same stream (repeatable)\n"              \
    "  --tool-timeout SEC   kill a --tool command after SEC seconds (default " \
    "60)\n"                                                                    \
    "  --stall-timeout SEC  end the run when no event arrived for SEC "        \
    "seconds,\n"                                                               \
    "                       even if the server keeps the connection alive\n"   \
    "                       (default 300; 0: wait as long as the server "      \
    "does)\n"                                                                  \
    "  --events             print every event as a JSON line\n"                \
    "                       {\"event\":NAME,\"data\":{...}} instead of the "   \
    "text\n"                                                                   \
    "  --text-only          print only the streamed text\n"                    \
    "  --json OBJECT        more run parameters, e.g. "                        \
    "'{\"instructions\":\"...\"}'\n\n"                                         \
    "Output: \"assistant > \" and the text as it streams, a line per tool "    \
    "call\n"                                                                   \
    "type, code interpreter input as it streams and \"output >\" with its "    \
    "logs\n"                                                                   \
    "and \"[image FILE_ID]\" lines, and \"function >\" / \"result >\" for "    \
    "calls\n"                                                                  \
    "answered by --tool.\n\n"                                                  \
    "Exit status: 0 the run completed, 1 API error, 2 usage, 3 connection "    \
    "or\n"                                                                     \
    "timeout, 4 broken stream, 5 the run ended failed, cancelled, expired "    \
    "or\n"                                                                     \
    "incomplete, 6 local error (a --tool command failed or is missing).\n\n"

static const char chat_help[] =
    "Usage: oai chat --assistant A [--thread T] [options] MESSAGE\n\n"
    "Sends MESSAGE as a user message and streams the assistant's run.\n"
    "Without --thread, one request creates a thread with the message and runs\n"
    "it (POST /threads/runs, streamed); the new thread's id is printed to\n"
    "stderr as 'thread: ID' so the conversation can go on with --thread ID.\n"
    "With --thread, the message is added to T, then a run is streamed.\n\n"
    "  --assistant A        the assistant (required)\n"
    "  --thread T           continue thread T\n" COMMON_HELP CLI_GLOBAL_HELP;

static const char run_help[] =
    "Usage: oai run --thread T --assistant A [options]\n\n"
    "Streams a new run of thread T (POST /threads/T/runs) with what the\n"
    "thread holds, without adding a message.\n\n"
    "  --assistant A        the assistant (required)\n"
    "  --thread T           the thread (required)\n" COMMON_HELP
        CLI_GLOBAL_HELP;

/* The run stopped in requires_action: answer every call, then submit the
 * outputs so the follow-up events arrive in this same stream. */
static int answer_run(chat_ctx *x, const oai_run *run)
{
    const oai_json *calls = oai_json_path(
        oai_run_json(run), "required_action.submit_tool_outputs.tool_calls");
    if (oai_json_size(calls) == 0) {
        fprintf(stderr,
                "oai %s: the run requires an action without tool calls\n",
                x->cmd);
        return CLI_EXIT_STREAM;
    }
    oai_json *outputs = NULL;
    if (oai_json_new_array(&outputs) != OAI_OK) {
        fprintf(stderr, "oai %s: out of memory\n", x->cmd);
        return CLI_EXIT_LOCAL;
    }
    cli_display_flush(&x->disp); /* everything so far, before the commands */
    int ex = CLI_EXIT_OK;
    for (const oai_json *c = oai_json_first(calls); c && ex == CLI_EXIT_OK;
         c = oai_json_next(c))
        ex = cli_tool_answer_call(outputs, "output", c, x->tools,
                                  x->tool_timeout_ms, x->cmd,
                                  x->show == SHOW_HUMAN ? &x->disp : NULL);
    if (ex == CLI_EXIT_OK) {
        int rc = oai_stream_submit_tool_outputs(x->s, outputs);
        if (rc != OAI_OK) {
            cli_report(x->cmd, "submit_tool_outputs", rc,
                       oai_stream_error(x->s));
            ex = cli_exit_code(rc);
        }
    }
    oai_json_free(outputs);
    return ex;
}

static int on_event(const oai_event *ev, void *ud)
{
    chat_ctx *x = ud;
    oai_event_type t = oai_event_type_of(ev);
    if (x->report_thread) {
        const char *tid = t == OAI_EVENT_THREAD_CREATED
                              ? oai_json_path_string(oai_event_json(ev), "id")
                              : oai_run_thread_id(oai_event_run(ev));
        if (tid != NULL) {
            fprintf(stderr, "thread: %s\n", tid);
            x->report_thread = 0;
        }
    }
    if (t == OAI_EVENT_RUN_REQUIRES_ACTION) {
        x->failed = answer_run(x, oai_event_run(ev));
        return x->failed != CLI_EXIT_OK;
    }
    return 0;
}

static void on_end(void *ud)
{
    ((chat_ctx *)ud)->started = 1;
}

/* One JSON line: {"event":NAME,"data":DATA}, compact, whatever the
 * server's layout of the data was. */
static int print_event(cli_display *d, const oai_event *ev)
{
    oai_json *o = NULL;
    const char *name = oai_event_name(ev);
    const oai_json *data = oai_event_json(ev);
    int rc = oai_json_new_object(&o);
    if (rc == OAI_OK)
        rc = name ? oai_json_set_string(o, "event", name)
                  : oai_json_set_null(o, "event");
    if (rc == OAI_OK)
        rc =
            data ? oai_json_set(o, "data", data) : oai_json_set_null(o, "data");
    char *text = rc == OAI_OK ? oai_json_serialize(o, 0) : NULL;
    oai_json_free(o);
    if (text == NULL)
        return CLI_EXIT_LOCAL;
    cli_display_put(d, text);
    cli_display_put(d, "\n");
    oai_free(text);
    return CLI_EXIT_OK;
}

/* Consumes every event buffered, in the chosen form; returns the library
 * code (OAI_EAGAIN: nothing more buffered yet). */
static int pull_buffered(chat_ctx *x)
{
    int rc;
    if (x->show == SHOW_HUMAN)
        return oai_stream_until_done(x->s);
    if (x->show == SHOW_TEXT) {
        const char *text;
        size_t len;
        while ((rc = oai_stream_next_text(&text, &len, x->s)) == OAI_OK)
            cli_display_write(&x->disp, text, len);
    } else {
        const oai_event *ev;
        while ((rc = oai_stream_next(&ev, x->s)) == OAI_OK)
            if (print_event(&x->disp, ev) != CLI_EXIT_OK) {
                x->failed = CLI_EXIT_LOCAL;
                fprintf(stderr, "oai %s: out of memory\n", x->cmd);
                oai_stream_abort(x->s);
            }
    }
    return rc == OAI_ITEROVER ? OAI_OK : rc;
}

/* Consumes the stream on the multi's loop: what a batch of events
 * produced is written at once, when no further event is buffered. */
static int drain(chat_ctx *x, oai_multi *m)
{
    int rc;
    for (;;) {
        oai_multi_perform(m, NULL);
        rc = pull_buffered(x);
        if (cli_display_flush(&x->disp) != 0 || rc != OAI_EAGAIN)
            return rc;
        /* a second at most: the stream checks its stall timeout when
         * pulled */
        oai_multi_wait(m, 1000);
    }
}

/* Exit status for how the run ended; reports anything but completed. */
static int run_outcome(chat_ctx *x)
{
    const oai_run *run = NULL;
    int rc = oai_stream_final_run(&run, x->s);
    if (rc != OAI_OK) {
        cli_report(x->cmd, "stream", rc, oai_stream_error(x->s));
        return CLI_EXIT_STREAM;
    }
    const char *status = oai_run_status(run);
    if (status != NULL && strcmp(status, "completed") == 0)
        return CLI_EXIT_OK;
    const oai_json *rj = oai_run_json(run);
    const char *code = oai_json_path_string(rj, "last_error.code");
    const char *msg = oai_json_path_string(rj, "last_error.message");
    const char *reason = oai_json_path_string(rj, "incomplete_details.reason");
    fprintf(stderr, "oai %s: run %s ended %s", x->cmd,
            oai_run_id(run) ? oai_run_id(run) : "?",
            status ? status : "without a status");
    if (code || msg)
        fprintf(stderr, ": %s%s%s", code ? code : "", code && msg ? ": " : "",
                msg ? msg : "");
    else if (reason)
        fprintf(stderr, ": %s", reason);
    fputc('\n', stderr);
    return CLI_EXIT_RUN;
}

/* Builds {"role":"user","content":text}. */
static int user_message(oai_json **out, const char *text)
{
    *out = NULL;
    if (oai_json_new_object(out) != OAI_OK ||
        oai_json_set_string(*out, "role", "user") ||
        oai_json_set_string(*out, "content", text)) {
        oai_json_free(*out);
        *out = NULL;
        return OAI_ENOMEM;
    }
    return OAI_OK;
}

/* Adds {"thread":{"messages":[msg]}} to the create-and-run parameters. */
static int thread_with(oai_json *params, const oai_json *msg)
{
    oai_json *thread = NULL, *msgs = NULL;
    int rc = oai_json_new_object(&thread);
    if (rc == OAI_OK)
        rc = oai_json_new_array(&msgs);
    if (rc == OAI_OK)
        rc = oai_json_append(msgs, msg);
    if (rc == OAI_OK)
        rc = oai_json_set(thread, "messages", msgs);
    if (rc == OAI_OK)
        rc = oai_json_set(params, "thread", thread);
    oai_json_free(msgs);
    oai_json_free(thread);
    return rc;
}

static int stream_command(int argc, char **argv, int is_chat)
{
    const char *cmd = is_chat ? "chat" : "run";
    const char *assistant = NULL, *thread = NULL;
    cli_stream_opts sopt = {0};
    cli_list pos = {NULL, 0};
    cli_global g;
    memset(&g, 0, sizeof(g));
    const cli_opt opts[] = {{"assistant", CLI_STR, &assistant},
                            {"thread", CLI_STR, &thread},
                            CLI_STREAM_OPT_ENTRIES(&sopt),
                            {NULL, CLI_FLAG, NULL}};
    oai_client *c = NULL;
    oai_multi *m = NULL;
    oai_json *params = NULL, *msg = NULL, *created = NULL;
    chat_ctx x;
    memset(&x, 0, sizeof(x));
    int ex = cli_parse(argc, argv, 1, opts, &pos, &g, cmd);
    if (ex != CLI_EXIT_OK)
        goto done;
    if (g.help) {
        ex = cli_help(is_chat ? chat_help : run_help);
        goto done;
    }
    ex = CLI_EXIT_USAGE;
    if (!cli_valid_id(assistant) || (thread != NULL && !cli_valid_id(thread)) ||
        (!is_chat && thread == NULL)) {
        fprintf(stderr,
                "oai %s: needs --assistant A%s with valid ids (try --help)\n",
                cmd, is_chat ? "" : " and --thread T");
        goto done;
    }
    if (pos.n != (is_chat ? 1u : 0u)) {
        fprintf(stderr, is_chat
                            ? "oai chat: needs exactly one MESSAGE (quote it)\n"
                            : "oai run: takes no positional arguments\n");
        goto done;
    }
    if ((ex = cli_stream_opts_check(&sopt, cmd)) != CLI_EXIT_OK)
        goto done;
    if ((ex = cli_json_object(&params, sopt.json, cmd)) != CLI_EXIT_OK)
        goto done;
    if ((ex = cli_client(&c, &g, cmd)) != CLI_EXIT_OK)
        goto done;
    ex = CLI_EXIT_LOCAL;
    if (oai_json_set_string(params, "assistant_id", assistant) != OAI_OK ||
        (is_chat && user_message(&msg, pos.items[0]) != OAI_OK) ||
        (is_chat && thread == NULL && thread_with(params, msg) != OAI_OK)) {
        fprintf(stderr, "oai %s: out of memory\n", cmd);
        goto done;
    }
    if (is_chat && thread != NULL) {
        int rc = oai_messages_create(&created, c, thread, msg, NULL);
        if (rc != OAI_OK) {
            ex = cli_fail(cmd, "add the message", rc, c);
            goto done;
        }
    }

    x.cmd = cmd;
    x.tools = &sopt.tools;
    x.tool_timeout_ms = sopt.tool_timeout_ms;
    x.show = sopt.events      ? SHOW_EVENTS
             : sopt.text_only ? SHOW_TEXT
                              : SHOW_HUMAN;
    x.report_thread = thread == NULL;
    cli_display_init(&x.disp, stdout);
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    if (x.show == SHOW_HUMAN)
        cli_display_handler(&h, &x.disp);
    h.user_data = &x;
    h.on_event = on_event;
    h.on_end = on_end;
    oai_stream_options so = OAI_STREAM_OPTIONS_INIT;
    so.handler = &h;
    so.stall_timeout_ms = sopt.stall_ms;
    const char *start = thread ? "stream a run" : "create a thread and run it";
    /* driven by a multi, the stream says when no event is buffered */
    int rc = oai_multi_new(&m, c, NULL);
    if (rc == OAI_OK)
        rc = thread ? oai_runs_stream(&x.s, c, thread, params, NULL, &so, NULL)
                    : oai_threads_create_and_run_stream(&x.s, c, params, &so,
                                                        NULL);
    if (rc != OAI_OK) {
        ex = cli_fail(cmd, start, rc, c);
        goto done;
    }
    rc = drain(&x, m);
    if (x.show != SHOW_EVENTS)
        cli_display_finish(&x.disp);
    if (cli_display_flush(&x.disp) != 0) {
        fprintf(stderr, "oai %s: write error: %s\n", cmd,
                strerror(x.disp.out.err));
        ex = CLI_EXIT_LOCAL;
    } else if (x.failed != CLI_EXIT_OK) {
        ex = x.failed; /* already reported */
    } else if (rc != OAI_OK && !x.started) {
        /* failed before the response started, as a blocking call would */
        cli_report(cmd, start, rc, oai_stream_error(x.s));
        ex = cli_exit_code(rc);
    } else if (rc != OAI_OK) {
        cli_report(cmd, "stream", rc, oai_stream_error(x.s));
        ex = cli_exit_code(rc);
    } else {
        ex = run_outcome(&x);
    }
done:
    oai_stream_free(x.s);
    oai_multi_free(m);
    oai_json_free(created);
    oai_json_free(msg);
    oai_json_free(params);
    oai_client_free(c);
    cli_list_clear(&sopt.tools);
    cli_list_clear(&pos);
    return ex;
}

int cmd_chat(int argc, char **argv)
{
    return stream_command(argc, argv, 1);
}

int cmd_run(int argc, char **argv)
{
    return stream_command(argc, argv, 0);
}
