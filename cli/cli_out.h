/*
 * cli_out.h - the output writer of the streaming commands (`oai replay`,
 * `oai chat`, `oai run`): what a batch of events produced goes out with
 * one write(2). The caller flushes whenever the stream has no further
 * complete event buffered (the pull call returned OAI_EAGAIN, or the
 * stream ended), so a terminal still sees each delta as it arrives while
 * a file or a pipe is not written once per delta.
 */
#ifndef CLI_OUT_H
#define CLI_OUT_H

#include <stddef.h>
#include <stdio.h>

#define CLI_OUT_CAP 65536

typedef struct cli_out {
    FILE *f; /* its descriptor is written; its stdio buffer flushed first */
    size_t len;
    int failed; /* a write failed (errno kept in err) */
    int err;
    char buf[CLI_OUT_CAP];
} cli_out;

void cli_out_init(cli_out *o, FILE *f);

/* Appends n bytes; writes only when the buffer is full. */
void cli_out_write(cli_out *o, const char *s, size_t n);

/* Writes what is buffered (one write(2) unless interrupted or partial).
 * Returns 0, or -1 once any write has failed. */
int cli_out_flush(cli_out *o);

#endif /* CLI_OUT_H */
