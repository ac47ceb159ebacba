/* oai replay: run a recorded SSE body through a detached stream and print
 * either the canonical trace (--trace) or what the streaming example of the
 * Python SDK's helpers.md prints (cli_display.h). A Responses stream is
 * recognised by its first event and replayed by replay_responses.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_commands.h"
#include "cli_display.h"
#include "cli_exit.h"
#include "oai.h"
#include "chat_stream_trace.h"
#include "replay_responses.h"
#include "resp_stream_trace.h"
#include "trace.h"

typedef struct feeder {
    FILE *f;
    size_t chunk;
    char *buf;
    int ended, read_error;
    char *head; /* read to recognise the stream, fed first */
    size_t head_len;
} feeder;

/* Feed the next chunk of the file, or the end of input. One read(2): a
 * pipe's bytes are shown as soon as they arrive, not once N piled up. */
static int feed_next(void *ctx, oai_stream *s)
{
    feeder *fd = ctx;
    if (fd->ended)
        return 0;
    if (fd->head_len) {
        size_t n = fd->head_len;
        fd->head_len = 0;
        return oai_stream_feed(s, fd->head, n) == OAI_OK;
    }
    ssize_t n;
    do
        n = read(fileno(fd->f), fd->buf, fd->chunk);
    while (n < 0 && errno == EINTR);
    if (n > 0)
        return oai_stream_feed(s, fd->buf, (size_t)n) == OAI_OK;
    if (n < 0)
        fd->read_error = 1;
    fd->ended = 1;
    oai_stream_feed_end(s);
    return 1;
}

/* 1 if b holds a blank line (the end of an event). */
static int has_blank_line(const char *b, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (b[i] == '\n' &&
            (b[i + 1] == '\n' ||
             (b[i + 1] == '\r' && i + 2 < n && b[i + 2] == '\n')))
            return 1;
    return 0;
}

/* Read until the first event is complete or the input ends, so the kind of
 * stream can be told; NULL when out of memory. */
static char *read_head(FILE *f, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    while (b) {
        /* read(2), as feed_next: stdio would keep bytes past the head */
        ssize_t got;
        do
            got = read(fileno(f), b + n, cap - n);
        while (got < 0 && errno == EINTR);
        if (got <= 0)
            break;
        n += (size_t)got;
        if (has_blank_line(b, n))
            break;
        char *nb = n == cap ? realloc(b, cap *= 2) : b;
        if (!nb)
            free(b);
        b = nb;
    }
    *len = n;
    return b;
}

/* The trace of a Chat Completions stream that starts with `head`. */
static int trace_chat(feeder *fd, const char *head, size_t len)
{
    chat_stream_tracer *tr = chat_stream_tracer_new(stdout);
    if (!tr) {
        fprintf(stderr, "oai replay: out of memory\n");
        return CLI_EXIT_LOCAL;
    }
    int ended = 0;
    for (size_t off = 0; !ended && off < len; off += fd->chunk)
        ended = chat_stream_tracer_feed(
            tr, head + off, len - off < fd->chunk ? len - off : fd->chunk);
    while (!ended) {
        ssize_t n;
        do
            n = read(fileno(fd->f), fd->buf, fd->chunk);
        while (n < 0 && errno == EINTR);
        if (n < 0)
            fd->read_error = 1;
        if (n <= 0)
            break;
        ended = chat_stream_tracer_feed(tr, fd->buf, (size_t)n);
    }
    chat_stream_tracer_finish(tr);
    int failed = chat_stream_tracer_failed(tr) || fflush(stdout) != 0;
    chat_stream_tracer_free(tr);
    return failed ? CLI_EXIT_LOCAL : CLI_EXIT_OK;
}

static int usage(void)
{
    fprintf(stderr, "usage: oai replay [--trace] [--chunk N] FILE.sse\n");
    return CLI_EXIT_USAGE;
}

int cmd_replay(int argc, char **argv)
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
            printf(
                "usage: oai replay [--trace] [--chunk N] FILE.sse\n"
                "  --trace    print the canonical JSON-lines trace of every "
                "hook (exit 0\n"
                "             whenever the trace was written; it reports "
                "stream errors)\n"
                "  --chunk N  feed the file N bytes at a time (default 65536)\n"
                "FILE may be - for standard input. Without --trace, prints the "
                "text and\n"
                "code-interpreter activity as it streams; a broken stream "
                "exits 4.\n");
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
    feeder fd = {f, chunk, malloc(chunk), 0, 0, NULL, 0};
    fd.head = fd.buf ? read_head(f, &fd.head_len) : NULL;
    if (fd.head && resp_stream_trace_detect(fd.head, fd.head_len)) {
        int st = cli_replay_responses(f, path, fd.head, fd.head_len, chunk,
                                      trace_mode);
        free(fd.head);
        free(fd.buf);
        if (f != stdin)
            fclose(f);
        return st;
    }
    if (fd.head && trace_mode &&
        chat_stream_trace_detect(fd.head, fd.head_len, 1) == 1) {
        int st = trace_chat(&fd, fd.head, fd.head_len);
        if (fd.read_error) {
            fprintf(stderr, "oai replay: %s: read error\n", path);
            st = CLI_EXIT_LOCAL;
        }
        free(fd.head);
        free(fd.buf);
        if (f != stdin)
            fclose(f);
        return st;
    }
    if (!fd.buf || !fd.head) {
        free(fd.head);
        fprintf(stderr, "oai replay: out of memory\n");
        if (f != stdin)
            fclose(f);
        return CLI_EXIT_LOCAL;
    }
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    trace_printer t;
    cli_display disp;
    if (trace_mode) {
        trace_printer_attach(&h, &t, stdout);
    } else {
        cli_display_init(&disp, stdout);
        cli_display_handler(&h, &disp);
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
        trace_printer_run(&t, s, feed_next, &fd);
        status = t.write_failed ? CLI_EXIT_LOCAL : CLI_EXIT_OK;
    } else {
        /* every event the last chunk completed is shown before the next
         * read, which may wait */
        while ((rc = oai_stream_until_done(s)) == OAI_EAGAIN &&
               cli_display_flush(&disp) == 0 && feed_next(&fd, s))
            ;
        if (cli_display_flush(&disp) != 0) {
            fprintf(stderr, "oai replay: write error: %s\n",
                    strerror(disp.out.err));
            status = CLI_EXIT_LOCAL;
        } else if (rc != OAI_OK) {
            cli_report("replay", path, rc, oai_stream_error(s));
            status = cli_exit_code(rc);
        }
    }
    if (fd.read_error) {
        fprintf(stderr, "oai replay: %s: read error\n", path);
        status = CLI_EXIT_LOCAL;
    }
    oai_stream_free(s);
    free(fd.head);
    free(fd.buf);
    if (f != stdin)
        fclose(f);
    return status;
}
