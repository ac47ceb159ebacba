/* Responses conformance: every stream listed in the corpus manifest gives
 * its expected trace, fed whole, re-split at fixed chunk sizes, cut inside
 * every multi-byte UTF-8 character and at random points. `exact` streams
 * must match line for line; `lenient` ones (edited fixtures the official
 * SDK rejects) must start with the expected event lines and end cleanly.
 * Chunk sizes 1..16 and a sample up to 64 run by default; every size 1..64
 * with OAI_RESP_ALL_CHUNKS=1. */
#include "testutil.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef OAI_TRACE_VIA_STREAM /* the same matrix through the stream object */
#include "resp_stream_trace.h"
#define resp_trace_string resp_stream_trace_string
#else
#include "resp_trace.h"
#endif

static int n_streams, n_runs;

/* Split a trace into its lines (cut in place at each LF); returns the
 * count. */
static size_t split(char *trace, char ***lines)
{
    size_t n = 0, cap = 64;
    *lines = malloc(cap * sizeof **lines);
    for (char *s = trace; *s;) {
        if (n == cap)
            *lines = realloc(*lines, (cap *= 2) * sizeof **lines);
        (*lines)[n++] = s;
        s += strcspn(s, "\n");
        if (*s)
            *s++ = '\0';
    }
    return n;
}

static int same_json(const char *a, const char *b, int end_only)
{
    cJSON *x = cJSON_Parse(a), *y = cJSON_Parse(b);
    int same;
    if (end_only)
        same = x && y && cJSON_Compare(cJSON_GetObjectItem(x, "end"), cJSON_GetObjectItem(y, "end"), 1);
    else
        same = x && y && cJSON_Compare(x, y, 1);
    cJSON_Delete(x);
    cJSON_Delete(y);
    return same;
}

/* NULL when `got` conforms to `want`, else a description. */
static const char *compare(const char *got_text, const char *want_text, int lenient)
{
    static char why[600];
    char *g = strdup(got_text ? got_text : ""), *w = strdup(want_text);
    char **gl, **wl;
    size_t ng = split(g, &gl), nw = split(w, &wl);
    const char *res = NULL;
    if (!ng || !nw) {
        res = "empty trace";
    } else if (lenient) {
        for (size_t i = 0; !res && i + 1 < nw; i++)
            if (i + 1 >= ng || !same_json(gl[i], wl[i], 0)) {
                snprintf(why, sizeof why, "line %zu: expected prefix differs:\n  got  %.200s\n  want %.200s",
                         i + 1, i + 1 < ng ? gl[i] : "(none)", wl[i]);
                res = why;
            }
        if (!res && !same_json(gl[ng - 1], "{\"end\":\"ok\"}", 1)) {
            snprintf(why, sizeof why, "lenient stream did not end cleanly: %.300s", gl[ng - 1]);
            res = why;
        }
    } else if (ng != nw) {
        snprintf(why, sizeof why, "%zu lines, want %zu; last got %.300s", ng, nw, gl[ng - 1]);
        res = why;
    } else {
        for (size_t i = 0; !res && i < ng; i++)
            if (!same_json(gl[i], wl[i], i + 1 == ng)) {
                snprintf(why, sizeof why, "line %zu differs:\n  got  %.250s\n  want %.250s", i + 1, gl[i], wl[i]);
                res = why;
            }
    }
    free(gl);
    free(wl);
    free(g);
    free(w);
    return res;
}

/* One run. The trace does not depend on the split, so once the whole
 * feed's trace conforms (`whole` NULL), later runs must reproduce it byte
 * for byte; only a difference is compared line by line, for the message. */
static char *run(const char *rel, const char *buf, size_t len, const size_t *cuts, size_t n, const char *want,
                 int lenient, const char *how, const char *whole)
{
    char *got = resp_trace_string(buf, len, cuts, n);
    n_runs++;
    if (whole && got && strcmp(got, whole) == 0) {
        free(got);
        return NULL;
    }
    const char *why = compare(got, want, lenient);
    if (why)
        fail_msg("%s (%s): %s", rel, how, why);
    if (whole)
        fail_msg("%s (%s): the trace differs from the whole feed's", rel, how);
    return got;
}

static void check_stream(const char *rel, int lenient, int all_chunks)
{
    char path[4096], exp[4096], how[64];
    snprintf(path, sizeof path, "%s/%s", OAI_RESPONSES_CORPUS_DIR, rel);
    snprintf(exp, sizeof exp, "%s/expected/%.*s.trace.jsonl", OAI_RESPONSES_CORPUS_DIR, (int)(strlen(rel) - 4), rel);
    size_t len, wlen;
    char *buf = tu_read_file(path, &len), *want = tu_read_file(exp, &wlen);
    if (!buf || !want)
        fail_msg("%s: cannot read the stream or %s", rel, exp);
    size_t *cuts = malloc((len + 2) * sizeof *cuts);
    char *whole = run(rel, buf, len, NULL, 0, want, lenient, "whole", NULL);
    for (size_t chunk = 1; chunk <= 64; chunk++) {
        if (!all_chunks && chunk > 16 && chunk % 7 != 0 && chunk != 64)
            continue;
        size_t n = 0;
        for (size_t c = chunk; c < len; c += chunk)
            cuts[n++] = c;
        snprintf(how, sizeof how, "chunk %zu", chunk);
        run(rel, buf, len, cuts, n, want, lenient, how, whole);
    }
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)buf[i] >= 0xC0)
            cuts[n++] = i + 1;
    run(rel, buf, len, cuts, n, want, lenient, "cut inside every UTF-8 character", whole);
    unsigned seed = 2654435761u ^ (unsigned)len;
    for (int r = 0; r < 4; r++) {
        n = 0;
        for (size_t i = 1; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            if ((seed >> 16) % 97 == 0 || ((unsigned char)buf[i] >= 0x80 && (seed >> 8) % 3 == 0))
                cuts[n++] = i;
        }
        snprintf(how, sizeof how, "random split %d", r);
        run(rel, buf, len, cuts, n, want, lenient, how, whole);
    }
    free(whole);
    free(cuts);
    free(buf);
    free(want);
    n_streams++;
}

static void corpus(void **state)
{
    (void)state;
    const char *all = getenv("OAI_RESP_ALL_CHUNKS");
    int all_chunks = all && strcmp(all, "1") == 0;
    char manifest[4096];
    snprintf(manifest, sizeof manifest, "%s/expected/MANIFEST.tsv", OAI_RESPONSES_CORPUS_DIR);
    size_t len;
    char *m = tu_read_file(manifest, &len);
    assert_non_null(m);
    char **lines;
    size_t n = split(m, &lines);
    int lenient_seen = 0;
    for (size_t i = 1; i < n; i++) { /* after the header */
        char *tab = strchr(lines[i], '\t');
        if (!tab)
            continue;
        *tab = '\0';
        int lenient = strncmp(tab + 1, "lenient", 7) == 0;
        lenient_seen += lenient;
        check_stream(lines[i], lenient, all_chunks);
    }
    free(lines);
    free(m);
    printf("responses conformance: %d streams (%d lenient), %d runs\n", n_streams, lenient_seen, n_runs);
    assert_true(n_streams >= 140);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(corpus) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
