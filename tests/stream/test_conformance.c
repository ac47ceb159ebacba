/* Conformance: every .sse of the corpus (real/, fixtures-from-real/,
 * handwritten/, vectors/) gives its expected trace, fed whole, re-split at
 * every chunk size 1..64, at random points, and cut inside every multi-byte
 * UTF-8 character. */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "trace_util.h"

static int n_files, n_runs;

static void check_one(const char *rel, const char *path, const char *expected_path)
{
    size_t len, wlen;
    char *buf = tu_read_file(path, &len);
    char *want = tu_read_file(expected_path, &wlen);
    if (!buf || !want)
        fail_msg("%s: cannot read input or expected trace %s", rel, expected_path);
    size_t *cuts = malloc((len + 2) * sizeof *cuts);
    /* whole, then fixed chunk sizes */
    for (size_t chunk = 0; chunk <= 64; chunk++) {
        size_t n = 0;
        for (size_t c = chunk; chunk && c < len; c += chunk)
            cuts[n++] = c;
        char *got = tt_trace(buf, len, cuts, n);
        const char *why = tt_compare(got ? got : "", want);
        if (why)
            fail_msg("%s (chunk %zu): %s", rel, chunk, why);
        free(got);
        n_runs++;
    }
    /* every multi-byte character cut after its first byte */
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)buf[i] >= 0xC0)
            cuts[n++] = i + 1;
    char *got = tt_trace(buf, len, cuts, n);
    const char *why = tt_compare(got ? got : "", want);
    if (why)
        fail_msg("%s (cut inside UTF-8): %s", rel, why);
    free(got);
    /* random split points */
    unsigned seed = 12345u + (unsigned)len;
    for (int r = 0; r < 8; r++) {
        n = 0;
        for (size_t i = 1; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            if ((seed >> 16) % 23 == 0)
                cuts[n++] = i;
        }
        got = tt_trace(buf, len, cuts, n);
        why = tt_compare(got ? got : "", want);
        if (why)
            fail_msg("%s (random split %d): %s", rel, r, why);
        free(got);
        n_runs++;
    }
    free(cuts);
    free(buf);
    free(want);
    n_files++;
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static void walk(const char *rel_dir)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/%s", OAI_CORPUS_DIR, rel_dir);
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("cannot open %s", dir);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char rel[4096], path[8192];
        snprintf(rel, sizeof rel, "%s/%s", rel_dir, e->d_name);
        snprintf(path, sizeof path, "%s/%s", OAI_CORPUS_DIR, rel);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            walk(rel);
        } else if (ends_with(e->d_name, ".sse")) {
            char exp[8192];
            size_t stem = strlen(rel) - 4;
            if (strncmp(rel, "vectors/", 8) == 0)
                snprintf(exp, sizeof exp, "%s/%.*s.trace.jsonl", OAI_CORPUS_DIR, (int)stem, rel);
            else
                snprintf(exp, sizeof exp, "%s/expected/%.*s.trace.jsonl", OAI_CORPUS_DIR, (int)stem, rel);
            check_one(rel, path, exp);
        }
    }
    closedir(d);
}

static void corpus(void **state)
{
    (void)state;
    walk("real");
    walk("fixtures-from-real");
    walk("handwritten");
    walk("vectors");
    printf("conformance: %d streams, %d runs each passed\n", n_files, n_files ? n_runs / n_files : 0);
    assert_true(n_files >= 59);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(corpus) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
