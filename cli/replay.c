/* oai replay: run a recorded SSE body through a detached stream and print
 * either the canonical trace (--trace) or what the streaming example of the
 * Python SDK's helpers.md prints. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_exit.h"
#include "commands.h"
#include "oai.h"
#include "trace.h"

typedef struct feeder {
    FILE *f;
    size_t chunk;
    char *buf;
    int ended, read_error;
} feeder;

/* Feed the next chunk of the file, or the end of input. */
static int feed_next(void *ctx, oai_stream *s)
{
    feeder *fd = ctx;
    if (fd->ended)
        return 0;
    size_t n = fread(fd->buf, 1, fd->chunk, fd->f);
    if (n > 0)
        return oai_stream_feed(s, fd->buf, n) == OAI_OK;
    if (ferror(fd->f))
        fd->read_error = 1;
    fd->ended = 1;
    oai_stream_feed_end(s);
    return 1;
}

/* The helpers.md example handler, with Python's print() line endings. */
static int h_text_created(const oai_text *t, void *ud)
{
    (void)t;
    (void)ud;
    fputs("\nassistant > ", stdout);
    return 0;
}

static int h_text_delta(const oai_text_delta *d, const oai_text *snap, void *ud)
{
    (void)snap;
    (void)ud;
    const char *v = oai_text_delta_value(d);
    if (v)
        fputs(v, stdout);
    fflush(stdout);
    return 0;
}

static int h_tool_call_created(const oai_tool_call *tc, void *ud)
{
    (void)ud;
    const char *type = oai_tool_call_type(tc);
    printf("\nassistant > %s\n\n", type ? type : "None");
    fflush(stdout);
    return 0;
}

static int h_tool_call_delta(const oai_json *delta, const oai_tool_call *snap, void *ud)
{
    (void)snap;
    (void)ud;
    const char *type = oai_json_string(oai_json_get(delta, "type"));
    if (!type || strcmp(type, "code_interpreter") != 0)
        return 0;
    const oai_json *ci = oai_json_get(delta, "code_interpreter");
    const char *input = oai_json_string(oai_json_get(ci, "input"));
    if (input && *input)
        fputs(input, stdout);
    const oai_json *outputs = oai_json_get(ci, "outputs");
    if (oai_json_size(outputs) > 0) {
        fputs("\n\noutput >\n", stdout);
        for (const oai_json *o = oai_json_first(outputs); o; o = oai_json_next(o)) {
            const char *ot = oai_json_string(oai_json_get(o, "type"));
            if (ot && strcmp(ot, "logs") == 0) {
                const char *logs = oai_json_string(oai_json_get(o, "logs"));
                printf("\n%s\n", logs ? logs : "None");
            }
        }
    }
    fflush(stdout);
    return 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: oai replay [--trace] [--chunk N] FILE.sse\n");
    return CLI_EXIT_USAGE;
}

int oai_cmd_replay(int argc, char **argv)
{
    int trace_mode = 0;
    size_t chunk = 65536;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--trace") == 0) {
            trace_mode = 1;
        } else if (strcmp(argv[i], "--chunk") == 0 && i + 1 < argc) {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(argv[++i], &end, 10);
            if (errno || *end || v == 0 || v > (1u << 30) || argv[i][0] == '-')
                return usage();
            chunk = (size_t)v;
        } else if (strcmp(argv[i], "--help") == 0) {
            printf("usage: oai replay [--trace] [--chunk N] FILE.sse\n"
                   "  --trace    print the canonical JSON-lines trace of every hook (exit 0\n"
                   "             whenever the trace was written; it reports stream errors)\n"
                   "  --chunk N  feed the file N bytes at a time (default 65536)\n"
                   "FILE may be - for standard input. Without --trace, prints the text and\n"
                   "code-interpreter activity as it streams; a broken stream exits 4.\n");
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage();
        } else if (!path) {
            path = argv[i];
        } else {
            return usage();
        }
    }
    if (!path)
        return usage();
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "oai replay: %s: %s\n", path, strerror(errno));
        return CLI_EXIT_LOCAL;
    }
    feeder fd = { f, chunk, malloc(chunk), 0, 0 };
    if (!fd.buf) {
        fprintf(stderr, "oai replay: out of memory\n");
        if (f != stdin)
            fclose(f);
        return CLI_EXIT_LOCAL;
    }
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    oai_trace t;
    if (trace_mode) {
        oai_trace_handler(&h, &t, stdout);
    } else {
        h.on_text_created = h_text_created;
        h.on_text_delta = h_text_delta;
        h.on_tool_call_created = h_tool_call_created;
        h.on_tool_call_delta = h_tool_call_delta;
    }
    oai_stream_options opts = OAI_STREAM_OPTIONS_INIT;
    opts.handler = &h;
    oai_stream *s = NULL;
    int rc = oai_stream_new(&s, &opts);
    int status = 0;
    if (rc != OAI_OK) {
        fprintf(stderr, "oai replay: %s\n", oai_strerror(rc));
        status = CLI_EXIT_LOCAL;
    } else if (trace_mode) {
        /* the trace itself reports how the stream ended */
        oai_trace_run(&t, s, feed_next, &fd);
        status = t.write_failed ? CLI_EXIT_LOCAL : CLI_EXIT_OK;
    } else {
        while ((rc = oai_stream_until_done(s)) == OAI_EAGAIN && feed_next(&fd, s))
            ;
        if (rc != OAI_OK) {
            fflush(stdout);
            cli_report("replay", path, rc, oai_stream_error(s));
            status = cli_exit_code(rc);
        }
    }
    if (fd.read_error) {
        fprintf(stderr, "oai replay: %s: read error\n", path);
        status = CLI_EXIT_LOCAL;
    }
    oai_stream_free(s);
    free(fd.buf);
    if (f != stdin)
        fclose(f);
    return status;
}
