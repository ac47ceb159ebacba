/* cli_out.c - one buffer per output, written with write(2) in batches. */
#include "cli_out.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

void cli_out_init(cli_out *o, FILE *f)
{
    o->f = f;
    o->len = 0;
    o->failed = 0;
    o->err = 0;
}

static void write_all(cli_out *o, const char *p, size_t n)
{
    if (o->failed)
        return;
    /* anything printed through stdio before stays in front */
    if (fflush(o->f) != 0) {
        o->failed = 1;
        o->err = errno;
        return;
    }
    int fd = fileno(o->f);
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            o->failed = 1;
            o->err = w < 0 ? errno : EIO;
            return;
        }
        p += w;
        n -= (size_t)w;
    }
}

void cli_out_write(cli_out *o, const char *s, size_t n)
{
    if (n > CLI_OUT_CAP - o->len) {
        cli_out_flush(o);
        if (n >= CLI_OUT_CAP) {
            write_all(o, s, n);
            return;
        }
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

int cli_out_flush(cli_out *o)
{
    if (o->len > 0)
        write_all(o, o->buf, o->len);
    o->len = 0;
    return o->failed ? -1 : 0;
}
