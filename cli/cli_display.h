/*
 * cli_display.h - the human display of an assistant stream, as the
 * streaming example of the Python SDK's helpers.md prints it:
 * "assistant > " and the streamed text, a line per tool call type, code
 * interpreter input as it streams and "output >" with its logs. Shared by
 * `oai replay`, `oai chat` and `oai run`.
 */
#ifndef CLI_DISPLAY_H
#define CLI_DISPLAY_H

#include <oai.h>
#include <stdio.h>

#include "cli_out.h"

typedef struct cli_display {
    int last; /* last character written, 0 before any */
    cli_out out;
} cli_display;

/* Output goes to `out` in batches: see cli_display_flush(). */
void cli_display_init(cli_display *d, FILE *out);

/* Installs the display hooks in `h` and points h->user_data at `d`. A
 * caller that needs its own state in user_data embeds the cli_display as
 * the first member of its struct and sets user_data to that struct. */
void cli_display_handler(oai_assistant_handler *h, cli_display *d);

/* Appends `s` to the output (written at the next flush). */
void cli_display_put(cli_display *d, const char *s);

/* Appends n bytes of `s` (which may contain NUL bytes). */
void cli_display_write(cli_display *d, const char *s, size_t n);

/* Writes what the events processed so far produced. Call it whenever the
 * stream has no further complete event buffered and before anything else
 * is shown (stderr, a tool command), so output shows up as it streams.
 * Returns 0, or -1 once a write has failed. */
int cli_display_flush(cli_display *d);

/* Shows a function call answered locally and the output submitted. */
void cli_display_function(cli_display *d, const char *name, const char *args,
                          const char *output);

/* Ends the last line if the stream left it open, and flushes. */
void cli_display_finish(cli_display *d);

#endif /* CLI_DISPLAY_H */
