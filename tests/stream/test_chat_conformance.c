/* Chat Completions conformance: every stream of the corpus manifest gives
 * its expected trace (lines equal as JSON; end lines by `end` and `kind`),
 * fed whole, re-split at chunk sizes, cut inside every multi-byte UTF-8
 * character and at random points. A split run must reproduce the whole
 * feed's trace byte for byte (the trace does not depend on the split); only
 * a difference is compared line by line, to explain it. By default chunk
 * sizes 1..8 and a sample up to 64 run; every size 1..64 with
 * OAI_CHAT_ALL_CHUNKS=1. */
#include "testutil.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef OAI_TRACE_VIA_STREAM /* the same matrix through the stream object */
#include "chat_stream_trace.h"
#define chat_trace_string chat_stream_trace_string
#else
#include "chat_trace.h"
#endif

static int n_streams, n_runs;

/* The next line of *cur (NUL-terminated in place), or NULL at the end. */
static char *take_line(char **cur)
{
    char *s = *cur;
    if (!s || !*s)
        return NULL;
    char *nl = strchr(s, '\n');
    *cur = nl ? nl + 1 : s + strlen(s);
    if (nl)
        *nl = '\0';
    return s;
}

/* Lines equal as JSON; an end line only by `end` and `kind`. */
static int same_line(const char *got, const char *want)
{
    cJSON *g = cJSON_Parse(got), *w = cJSON_Parse(want);
    int same = g && w;
    if (same && cJSON_GetObjectItem(w, "end")) {
        same = cJSON_Compare(cJSON_GetObjectItem(g, "end"), cJSON_GetObjectItem(w, "end"), 1) &&
               (!cJSON_GetObjectItem(w, "kind") ||
                cJSON_Compare(cJSON_GetObjectItem(g, "kind"), cJSON_GetObjectItem(w, "kind"), 1));
    } else if (same) {
        same = cJSON_Compare(g, w, 1);
    }
    cJSON_Delete(g);
    cJSON_Delete(w);
    return same;
}

/* NULL when `got` equals `want` as the trace document defines, else why. */
static const char *differs(const char *got, const char *want)
{
    static char why[700];
    char *g = strdup(got), *w = strdup(want), *gc = g, *wc = w, *gl, *wl;
    const char *res = NULL;
    for (int n = 1; !res; n++) {
        gl = take_line(&gc);
        wl = take_line(&wc);
        if (!gl && !wl)
            break;
        if (!gl || !wl || !same_line(gl, wl)) {
            snprintf(why, sizeof why, "line %d differs:\n  got  %.300s\n  want %.300s", n, gl ? gl : "(none)",
                     wl ? wl : "(none)");
            res = why;
        }
    }
    free(g);
    free(w);
    return res;
}

static char *run(const char *rel, const char *buf, size_t len, const size_t *cuts, size_t n, const char *want,
                 const char *how, const char *whole)
{
    char *got = chat_trace_string(buf, len, cuts, n);
    n_runs++;
    if (!got)
        fail_msg("%s (%s): the trace could not be printed", rel, how);
    if (whole && strcmp(got, whole) == 0) {
        free(got);
        return NULL;
    }
    const char *why = differs(got, want);
    if (why)
        fail_msg("%s (%s): %s", rel, how, why);
    if (whole)
        fail_msg("%s (%s): the trace differs from the whole feed's", rel, how);
    return got;
}

static size_t fixed_cuts(size_t *cuts, size_t len, size_t chunk)
{
    size_t n = 0;
    for (size_t c = chunk; c < len; c += chunk)
        cuts[n++] = c;
    return n;
}

static void check_stream(const char *rel, int all_chunks)
{
    char path[4096], exp[4096], how[64];
    snprintf(path, sizeof path, "%s/%s", OAI_CHAT_CORPUS_DIR, rel);
    snprintf(exp, sizeof exp, "%s/expected/%.*s.trace.jsonl", OAI_CHAT_CORPUS_DIR, (int)(strlen(rel) - 4), rel);
    size_t len, wlen;
    char *buf = tu_read_file(path, &len), *want = tu_read_file(exp, &wlen);
    if (!buf || !want)
        fail_msg("%s: cannot read the stream or %s", rel, exp);
    size_t *cuts = malloc((len + 2) * sizeof *cuts);
    char *whole = run(rel, buf, len, NULL, 0, want, "whole", NULL);
    for (size_t chunk = 1; chunk <= 64; chunk++) {
        if (!all_chunks && chunk > 8 && chunk % 9 != 0 && chunk != 64)
            continue;
        snprintf(how, sizeof how, "chunk %zu", chunk);
        run(rel, buf, len, cuts, fixed_cuts(cuts, len, chunk), want, how, whole);
    }
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)buf[i] >= 0xC0)
            cuts[n++] = i + 1;
    run(rel, buf, len, cuts, n, want, "cut inside every UTF-8 character", whole);
    unsigned seed = 2654435761u ^ (unsigned)len;
    for (int r = 0; r < 3; r++) {
        n = 0;
        for (size_t i = 1; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            if ((seed >> 16) % 89 == 0 || ((unsigned char)buf[i] >= 0x80 && (seed >> 8) % 3 == 0))
                cuts[n++] = i;
        }
        snprintf(how, sizeof how, "random split %d", r);
        run(rel, buf, len, cuts, n, want, how, whole);
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
    const char *all = getenv("OAI_CHAT_ALL_CHUNKS");
    const char *only = getenv("OAI_CHAT_ONLY"); /* a substring of the paths to run */
    char manifest[4096];
    snprintf(manifest, sizeof manifest, "%s/expected/MANIFEST.tsv", OAI_CHAT_CORPUS_DIR);
    size_t len;
    char *m = tu_read_file(manifest, &len);
    assert_non_null(m);
    char *cur = m, *line;
    while ((line = take_line(&cur))) {
        char *tab = strchr(line, '\t');
        if (!tab || strncmp(line, "path\t", 5) == 0)
            continue;
        *tab = '\0';
        /* every stream of this corpus is `exact`; a `lenient` one would need
         * the prefix comparison */
        assert_int_equal(strncmp(tab + 1, "exact\t", 6), 0);
        if (!only || strstr(line, only))
            check_stream(line, all && strcmp(all, "1") == 0);
    }
    free(m);
    printf("chat conformance: %d streams, %d runs\n", n_streams, n_runs);
    assert_true(only || n_streams >= 394);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(corpus)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
