/*
 * cli_progress.h - progress display for uploads and polling.
 *
 * On a terminal it redraws one line in place ("\r[#####.....]  3/5 label");
 * otherwise it prints a plain line each time the state changes, so logs
 * and pipes stay readable.
 */
#ifndef CLI_PROGRESS_H
#define CLI_PROGRESS_H

#include <stdio.h>

typedef struct cli_progress {
    FILE *out;
    int tty;   /* redraw in place */
    int drawn; /* a bar line is on screen and not yet terminated */
    long last_done, last_total;
    char last_text[128];
} cli_progress;

/* `out` is usually stderr; tty is decided with isatty() unless the
 * environment variable OAI_PROGRESS is "bar" or "plain". */
void cli_progress_init(cli_progress *p, FILE *out);

/* Shows done/total with a short label (status, file name...). total <= 0
 * means unknown: only the label and the count are shown. Repeated calls
 * with the same state print nothing in plain mode. */
void cli_progress_update(cli_progress *p, long done, long total,
                         const char *text);

/* Ends the bar line (terminal) so later output starts on a fresh line. */
void cli_progress_end(cli_progress *p);

#endif /* CLI_PROGRESS_H */
