#include "replay.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <microhttpd.h>

#include "config.h"
#include "sched.h"
#include "util.h"

struct recording {
    char *name; /* file name without directory */
    char *bytes;
    size_t len;
};

static struct recording *recs;
static size_t nrecs, next_rec;

static int load_file(const char *path, const char *name)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "oai-emulator: cannot read %s\n", path);
        return -1;
    }
    ebuf b = {0};
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        ebuf_add(&b, tmp, n);
    fclose(f);
    recs = xrealloc(recs, (nrecs + 1) * sizeof *recs);
    recs[nrecs].name = xstrdup(name);
    recs[nrecs].bytes = b.p ? b.p : xstrdup("");
    recs[nrecs].len = b.len;
    nrecs++;
    return 0;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(((const struct recording *)a)->name, ((const struct recording *)b)->name);
}

int replay_load(const char *path)
{
    struct stat stt;
    if (stat(path, &stt) != 0) {
        fprintf(stderr, "oai-emulator: --replay %s: not found\n", path);
        return -1;
    }
    if (!S_ISDIR(stt.st_mode)) {
        const char *slash = strrchr(path, '/');
        return load_file(path, slash ? slash + 1 : path);
    }
    DIR *d = opendir(path);
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".sse") != 0)
            continue;
        char full[4096];
        snprintf(full, sizeof full, "%s/%s", path, e->d_name);
        if (load_file(full, e->d_name) < 0) {
            closedir(d);
            return -1;
        }
    }
    closedir(d);
    if (!nrecs) {
        fprintf(stderr, "oai-emulator: --replay %s: no .sse files\n", path);
        return -1;
    }
    qsort(recs, nrecs, sizeof *recs, cmp_name);
    return 0;
}

int replay_enabled(void)
{
    return nrecs > 0;
}

struct feeder {
    sse_stream *s;
    const struct recording *r;
    size_t off;
};

/* Feed one event (up to and including its blank line) per tick. */
static void feed(void *arg)
{
    struct feeder *fd = arg;
    if (fd->s->gone) {
        sse_unref(fd->s);
        free(fd);
        return;
    }
    const char *p = fd->r->bytes + fd->off, *end = fd->r->bytes + fd->r->len;
    const char *q = p;
    while (q < end) {
        if (*q == '\n' && q + 1 < end && q[1] == '\n') {
            q += 2;
            break;
        }
        if (*q == '\n' && q + 2 < end && q[1] == '\r' && q[2] == '\n') {
            q += 3;
            break;
        }
        q++;
    }
    sse_raw(fd->s, p, (size_t)(q - p));
    fd->off += (size_t)(q - p);
    if (fd->off >= fd->r->len) {
        sse_finish(fd->s);
        sse_unref(fd->s);
        free(fd);
        return;
    }
    sched_after(g_cfg.step_ms, feed, fd);
}

sse_stream *replay_stream(emu_req *rq, emu_resp *rs)
{
    const struct recording *r = NULL;
    const char *want = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "X-Emulator-Replay");
    if (want && *want) {
        for (size_t i = 0; i < nrecs && !r; i++)
            if (strcmp(recs[i].name, want) == 0)
                r = &recs[i];
        if (!r) {
            resp_error(rs, 404, "invalid_request_error", NULL, NULL, "No recording named '%s' is loaded.", want);
            return NULL;
        }
    } else {
        r = &recs[next_rec];
        next_rec = (next_rec + 1) % nrecs;
    }
    sse_stream *s = sse_new();
    struct feeder *fd = xcalloc(1, sizeof *fd);
    fd->s = s;
    fd->r = r;
    sse_ref(s);
    feed(fd);
    rs->status = 200;
    return s;
}

void replay_free(void)
{
    for (size_t i = 0; i < nrecs; i++) {
        free(recs[i].name);
        free(recs[i].bytes);
    }
    free(recs);
    recs = NULL;
    nrecs = 0;
}
