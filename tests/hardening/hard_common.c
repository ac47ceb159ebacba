#define _GNU_SOURCE
#include "hard_common.h"

#include <cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "trace.h"
#include "testutil.h"

typedef struct list {
    hc_file *v;
    size_t n, cap;
} list;

static void walk(list *l, const char *dir, const char *rel)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char full[1024], r[512];
        snprintf(full, sizeof full, "%s/%s", dir, e->d_name);
        snprintf(r, sizeof r, "%s/%s", rel, e->d_name);
        struct stat st;
        if (stat(full, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            walk(l, full, r);
            continue;
        }
        size_t k = strlen(e->d_name);
        if (k < 5 || strcmp(e->d_name + k - 4, ".sse") != 0)
            continue;
        if (l->n == l->cap) {
            l->cap = l->cap ? 2 * l->cap : 64;
            l->v = realloc(l->v, l->cap * sizeof *l->v);
        }
        hc_file *f = &l->v[l->n++];
        memset(f, 0, sizeof *f);
        snprintf(f->path, sizeof f->path, "%s", full);
        snprintf(f->rel, sizeof f->rel, "%s", r);
    }
    closedir(d);
}

static int by_rel(const void *a, const void *b)
{
    return strcmp(((const hc_file *)a)->rel, ((const hc_file *)b)->rel);
}

size_t hc_corpus_streams(hc_file **out)
{
    list l = {0};
    walk(&l, OAI_CORPUS_DIR "/real", "real");
    walk(&l, OAI_CORPUS_DIR "/fixtures-from-real", "fixtures-from-real");
    qsort(l.v, l.n, sizeof *l.v, by_rel);
    for (size_t i = 0; i < l.n; i++) {
        snprintf(l.v[i].name, sizeof l.v[i].name, "%02zu.sse", i);
        l.v[i].bytes = tu_read_file(l.v[i].path, &l.v[i].len);
        if (!l.v[i].bytes) {
            hc_files_free(l.v, l.n);
            return 0;
        }
    }
    *out = l.v;
    return l.n;
}

void hc_files_free(hc_file *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(f[i].bytes);
    free(f);
}

int hc_emu_replay(tu_emu *e, const hc_file *files, size_t n)
{
    /* recordings are picked by file name and names repeat across the
     * corpus, hence a directory of numbered links */
    static char dir[256];
    snprintf(dir, sizeof dir, "/tmp/oai-hardening-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    for (size_t i = 0; i < n; i++) {
        char link[512];
        snprintf(link, sizeof link, "%s/%s", dir, files[i].name);
        if (symlink(files[i].path, link) != 0)
            return -1;
    }
    const char *const args[] = {"--replay", dir, "--step-ms", "0", NULL};
    int rc = tu_emu_start(e, args);
    /* the recordings are loaded at start-up: the links can go now */
    for (size_t i = 0; i < n; i++) {
        char link[512];
        snprintf(link, sizeof link, "%s/%s", dir, files[i].name);
        unlink(link);
    }
    rmdir(dir);
    return rc;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

typedef struct pump {
    oai_multi *m;
    int64_t deadline;
} pump;

/* trace_printer_run's "more input" step on a multi: wait for activity, then
 * perform; gives up after the deadline so a hang fails the test. */
static int pump_multi(void *ctx, oai_stream *s)
{
    pump *p = ctx;
    (void)s;
    if (!p->m || now_ms() > p->deadline)
        return 0;
    oai_multi_wait(p->m, 200);
    oai_multi_perform(p->m, NULL);
    return 1;
}

char *hc_http_trace(oai_client *c, oai_multi *m, const char *name, const char *fault,
                    const oai_stream_options *so, int *rc)
{
    char h_replay[64], h_fault[256];
    snprintf(h_replay, sizeof h_replay, "X-Emulator-Replay: %s", name);
    snprintf(h_fault, sizeof h_fault, "X-Emulator-Fault: %s", fault ? fault : "");
    const char *hdrs[2] = {h_replay, h_fault};
    oai_request_options ro = OAI_REQUEST_OPTIONS_INIT;
    ro.headers = hdrs;
    ro.n_headers = fault ? 2 : 1;
    ro.max_retries = 0;

    char *out = NULL;
    size_t out_len = 0;
    FILE *f = open_memstream(&out, &out_len);
    if (!f) {
        *rc = OAI_ENOMEM;
        return NULL;
    }
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    trace_printer t;
    trace_printer_attach(&h, &t, f);
    oai_stream_options o = OAI_STREAM_OPTIONS_INIT;
    if (so)
        o = *so;
    o.handler = &h;
    oai_json *params = NULL;
    oai_json_parse_cstr(&params, "{\"assistant_id\":\"asst_replay\"}");
    oai_stream *s = NULL;
    *rc = oai_threads_create_and_run_stream(&s, c, params, &o, &ro);
    oai_json_free(params);
    if (*rc == OAI_OK) {
        pump p = {m, now_ms() + 20000};
        *rc = trace_printer_run(&t, s, pump_multi, &p);
        oai_stream_free(s);
    }
    fclose(f);
    if (!s) {
        free(out);
        return NULL;
    }
    return out;
}

int hc_count_cb(const char *trace, const char *cb)
{
    char pat[128];
    snprintf(pat, sizeof pat, "{\"cb\":\"%s\"", cb);
    int n = 0;
    for (const char *p = trace; (p = strstr(p, pat)); p += strlen(pat))
        if (p == trace || p[-1] == '\n')
            n++;
    return n;
}

const char *hc_final_error(const char *trace, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s", "?");
    const char *p = strstr(trace, "{\"final\":");
    if (!p)
        return buf;
    cJSON *j = cJSON_Parse(p);
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "final"), "error");
    if (cJSON_IsString(e))
        snprintf(buf, cap, "%s", e->valuestring);
    else if (cJSON_IsNull(e))
        snprintf(buf, cap, "null");
    cJSON_Delete(j);
    return buf;
}
