/* oai replay: run a recorded SSE body through a detached stream and print
 * either the canonical trace (--trace) or what the streaming example of the
 * Python SDK's helpers.md prints (cli_display.h). */
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
#include "trace.h"

typedef struct feeder {
    FILE *f;
    size_t chunk;
    char *buf;
    int ended, read_error;
} feeder;

/* One read(2): a pipe's bytes are shown as soon as they arrive, not once N
 * piled up. */
static ssize_t read_chunk(feeder *fd)
{
    ssize_t n;
    do
        n = read(fileno(fd->f), fd->buf, fd->chunk);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        fd->read_error = 1;
    return n;
}

/* Feed the next chunk of the file, or the end of input. */
static int feed_next(void *ctx, oai_stream *s)
{
    feeder *fd = ctx;
    if (fd->ended)
        return 0;
    ssize_t n = read_chunk(fd);
    if (n > 0)
        return oai_stream_feed(s, fd->buf, (size_t)n) == OAI_OK;
    fd->ended = 1;
    oai_stream_feed_end(s);
    return 1;
}

/* The start of the body, through its first event (or to its end, or
 * 1 MiB), read as the chunks come: enough to tell the kind of stream. */
static char *read_head(feeder *fd, size_t *len)
{
    char *head = NULL;
    *len = 0;
    for (;;) {
        ssize_t n = read_chunk(fd);
        if (n <= 0) {
            fd->ended = 1;
            return head;
        }
        char *grown = realloc(head, *len + (size_t)n + 1);
        if (!grown) {
            free(head);
            return NULL;
        }
        head = grown;
        memcpy(head + *len, fd->buf, (size_t)n);
        *len += (size_t)n;
        head[*len] = '\0';
        if (*len >= (1u << 20) || chat_stream_trace_detect(head, *len, 0) >= 0)
            return head;
    }
}

/* Feed the head in pieces of the chunk size. */
static int feed_head(oai_stream *s, const feeder *fd, const char *head,
                     size_t len)
{
    for (size_t off = 0; off < len; off += fd->chunk) {
        size_t n = len - off < fd->chunk ? len - off : fd->chunk;
        if (oai_stream_feed(s, head + off, n) != OAI_OK)
            return -1;
    }
    return fd->ended && oai_stream_feed_end(s) != OAI_OK ? -1 : 0;
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
    ssize_t n = 1;
    while (!ended && !fd->ended && (n = read_chunk(fd)) > 0)
        ended = chat_stream_tracer_feed(tr, fd->buf, (size_t)n);
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
                "             whenever the trace was written; Assistants "
                "and Chat\n"
                "             Completions streams, told apart by their first "
                "event;\n"
                "             it reports stream errors)\n"
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
    feeder fd = {f, chunk, malloc(chunk), 0, 0};
    if (!fd.buf) {
        fprintf(stderr, "oai replay: out of memory\n");
        if (f != stdin)
            fclose(f);
        return CLI_EXIT_LOCAL;
    }
    /* --trace tells the kind of stream from its first event */
    char *head = NULL;
    size_t head_len = 0;
    if (trace_mode) {
        head = read_head(&fd, &head_len);
        if (!head && !fd.ended) {
            fprintf(stderr, "oai replay: out of memory\n");
            free(fd.buf);
            if (f != stdin)
                fclose(f);
            return CLI_EXIT_LOCAL;
        }
        if (chat_stream_trace_detect(head, head_len, 1) == 1) {
            int st = trace_chat(&fd, head, head_len);
            if (fd.read_error) {
                fprintf(stderr, "oai replay: %s: read error\n", path);
                st = CLI_EXIT_LOCAL;
            }
            free(head);
            free(fd.buf);
            if (f != stdin)
                fclose(f);
            return st;
        }
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
        if (feed_head(s, &fd, head, head_len) != 0) {
            fprintf(stderr, "oai replay: out of memory\n");
            status = CLI_EXIT_LOCAL;
        } else {
            trace_printer_run(&t, s, feed_next, &fd);
            status = t.write_failed ? CLI_EXIT_LOCAL : CLI_EXIT_OK;
        }
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
    free(head);
    free(fd.buf);
    if (f != stdin)
        fclose(f);
    return status;
}
