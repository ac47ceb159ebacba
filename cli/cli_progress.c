/* cli_progress.c - in-place bar on a terminal, plain lines otherwise. */
#include "cli_progress.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BAR_WIDTH 30

void cli_progress_init(cli_progress *p, FILE *out)
{
    memset(p, 0, sizeof(*p));
    p->out = out;
    p->last_done = p->last_total = -1;
    const char *mode = getenv("OAI_PROGRESS");
    if (mode != NULL && strcmp(mode, "bar") == 0)
        p->tty = 1;
    else if (mode != NULL && strcmp(mode, "plain") == 0)
        p->tty = 0;
    else
        p->tty = isatty(fileno(out));
}

void cli_progress_update(cli_progress *p, long done, long total,
                         const char *text)
{
    if (text == NULL)
        text = "";
    if (done == p->last_done && total == p->last_total &&
        strcmp(text, p->last_text) == 0)
        return;
    p->last_done = done;
    p->last_total = total;
    snprintf(p->last_text, sizeof(p->last_text), "%s", text);

    if (!p->tty) {
        if (total > 0)
            fprintf(p->out, "progress: %ld/%ld %s\n", done, total, text);
        else
            fprintf(p->out, "progress: %s\n", text);
        fflush(p->out);
        return;
    }
    char bar[BAR_WIDTH + 1];
    int fill = 0;
    if (total > 0) {
        long d = done < 0 ? 0 : (done > total ? total : done);
        fill = (int)(d * BAR_WIDTH / total);
    }
    for (int i = 0; i < BAR_WIDTH; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[BAR_WIDTH] = '\0';
    /* \033[K clears what a longer previous label left on the line. */
    if (total > 0)
        fprintf(p->out, "\r[%s] %3ld%% %ld/%ld %s\033[K", bar,
                done * 100 / total, done, total, text);
    else
        fprintf(p->out, "\r[%s] %s\033[K", bar, text);
    fflush(p->out);
    p->drawn = 1;
}

void cli_progress_end(cli_progress *p)
{
    if (p->tty && p->drawn) {
        fputc('\n', p->out);
        fflush(p->out);
    }
    p->drawn = 0;
}
