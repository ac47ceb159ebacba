/*
 * Every corpus stream through the real HTTP path (oai-emulator replaying
 * the recorded bytes), with the connection cut after N body bytes for a
 * deterministic sample of N (every N with OAI_HARDENING_EVERY_BYTE=1):
 *
 *   - a cut after the `[DONE]` event (or after a server error event) does
 *     not matter: the trace is the full one;
 *   - any other cut ends the stream with kind "transport", on_exception and
 *     on_end exactly once, and the events before it are exactly those whose
 *     bytes arrived complete: the trace of the same N bytes fed to a
 *     detached stream (so nothing is lost or reordered), which is also a
 *     prefix of the full trace.
 *
 * The same on a client driven by a multi for an eighth of the offsets.
 * Leaks are left to the ASan build of the suite.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../stream/trace_util.h"
#include "hard_common.h"

static tu_emu g_emu;
static hc_file *g_files;
static size_t g_nfiles;
static oai_client *g_client, *g_mclient;
static oai_multi *g_multi;
static long g_checked;

static int setup(void **state)
{
    (void)state;
    g_nfiles = hc_corpus_streams(&g_files);
    if (g_nfiles < 20 || hc_emu_replay(&g_emu, g_files, g_nfiles) != 0)
        return -1;
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test";
    o.base_url = g_emu.base_url;
    o.max_retries = 0;
    o.read_timeout_ms = 15000; /* a hang is a failure, not a CI timeout */
    if (oai_client_new(&g_client, &o, NULL, 0) != OAI_OK || oai_client_new(&g_mclient, &o, NULL, 0) != OAI_OK)
        return -1;
    return oai_multi_new(&g_multi, g_mclient, NULL) == OAI_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    oai_multi_free(g_multi);
    oai_client_free(g_mclient);
    oai_client_free(g_client);
    tu_emu_stop(&g_emu);
    hc_files_free(g_files, g_nfiles);
    return 0;
}

/* Where a detached stream fed byte by byte ends by itself: done_at is the
 * byte count at which `[DONE]` is taken, err_at the one at which an error
 * (a server error event, bad data) is raised; 0 when it never happens. */
static void find_ends(const hc_file *f, size_t *done_at, size_t *err_at)
{
    *done_at = *err_at = 0;
    oai_stream *s = NULL;
    assert_int_equal(oai_stream_new(&s, NULL), OAI_OK);
    for (size_t i = 0; i < f->len; i++) {
        assert_int_equal(oai_stream_feed(s, f->bytes + i, 1), OAI_OK);
        const oai_event *ev;
        int rc;
        while ((rc = oai_stream_next(&ev, s)) == OAI_OK)
            ;
        if (rc == OAI_ITEROVER) {
            *done_at = i + 1;
            break;
        }
        if (rc != OAI_EAGAIN) {
            *err_at = i + 1;
            break;
        }
    }
    oai_stream_free(s);
}

/* The byte offsets to cut at: all of them on request, else every offset
 * near the start, the end and each event boundary, plus a stride with a
 * per-file phase. */
static size_t *offsets(const hc_file *f, size_t idx, size_t *n)
{
    size_t len = f->len;
    char *want = calloc(len + 1, 1);
    const char *all = getenv("OAI_HARDENING_EVERY_BYTE");
    if (all && *all == '1') {
        memset(want, 1, len + 1);
    } else {
        for (size_t i = 0; i <= len && i <= 40; i++)
            want[i] = 1;
        for (size_t i = len > 12 ? len - 12 : 0; i <= len; i++)
            want[i] = 1;
        for (size_t i = 1; i < len; i++)
            if (f->bytes[i] == '\n' && f->bytes[i - 1] == '\n')
                for (size_t k = i - 1; k <= i + 1 && k <= len; k++)
                    want[k] = 1;
        size_t stride = 89;
        for (size_t i = idx % stride; i <= len; i += stride)
            want[i] = 1;
    }
    size_t *v = malloc((len + 1) * sizeof *v), k = 0;
    for (size_t i = 0; i <= len; i++)
        if (want[i])
            v[k++] = i;
    free(want);
    *n = k;
    return v;
}

/* The last occurrence of needle in hay, or NULL. */
static char *last_of(char *hay, const char *needle)
{
    char *r = NULL;
    for (char *p = hay; (p = strstr(p, needle)); p++)
        r = p;
    return r;
}

/* The trace a cut at n must give when no [DONE] or error came before it:
 * the detached trace of the first n bytes up to its end, then the
 * transport failure; the final accessors then report that error (null
 * snapshots) while the text deltas stay. A detached stream may report a
 * decode error for a partial last line at its end of input; the cut
 * replaces it. */
static char *cut_trace(const hc_file *f, size_t n)
{
    char *d = tt_trace(f->bytes, n, NULL, 0);
    assert_non_null(d);
    char *end = strstr(d, "{\"cb\":\"on_exception\"");
    if (!end)
        end = strstr(d, "{\"cb\":\"on_end\"}");
    char *fin = strstr(d, "{\"final\":");
    assert_non_null(end);
    assert_non_null(fin);
    char *text = last_of(fin, "\"text_deltas\":");
    char *err = last_of(fin, ",\"error\":");
    assert_non_null(text);
    assert_non_null(err);
    size_t cap = strlen(d) + 300;
    char *e = malloc(cap);
    int k = snprintf(e, cap,
                     "%.*s{\"cb\":\"on_exception\",\"error\":\"transport\"}\n{\"cb\":\"on_end\"}\n"
                     "{\"final\":{\"run\":null,\"messages\":null,\"run_steps\":null,%.*s,"
                     "\"error\":\"transport\"}}\n",
                     (int)(end - d), d, (int)(err - text), text);
    assert_true(k > 0 && (size_t)k < cap);
    free(d);
    return e;
}

/* The lines of got before its first on_exception / on_end / final line
 * must be the first lines of full. */
static void check_prefix(const char *got, const char *full, const char *what)
{
    size_t i = 0;
    while (got[i] && strncmp(got + i, "{\"cb\":\"on_exception\"", 20) != 0 &&
           strncmp(got + i, "{\"cb\":\"on_end\"}", 15) != 0 && strncmp(got + i, "{\"final\":", 9) != 0) {
        const char *nl = strchr(got + i, '\n');
        if (!nl)
            break;
        size_t l = (size_t)(nl - (got + i)) + 1;
        if (strncmp(got + i, full + i, l) != 0)
            fail_msg("%s: event line at byte %zu is not the full trace's", what, i);
        i += l;
    }
}

/* Cut f at the sampled offsets (every `every`-th of them) on client c,
 * driven by the multi m when not NULL. */
static void check_file(const hc_file *f, size_t idx, oai_client *c, oai_multi *m, size_t every)
{
    char what[700];
    int rc;
    char *full = tt_trace(f->bytes, f->len, NULL, 0);
    assert_non_null(full);
    char *http = hc_http_trace(c, m, f->name, NULL, NULL, &rc);
    if (!http)
        fail_msg("%s: stream request failed (%d)", f->rel, rc);
    const char *diff = tt_compare(http, full);
    if (diff)
        fail_msg("%s over HTTP: %s", f->rel, diff);
    char exp_path[1024];
    snprintf(exp_path, sizeof exp_path, "%s/expected/%.*s.trace.jsonl", OAI_CORPUS_DIR,
             (int)(strlen(f->rel) - 4), f->rel);
    char *expected = tu_read_file(exp_path, NULL);
    if (expected) {
        diff = tt_compare(http, expected);
        if (diff)
            fail_msg("%s over HTTP vs expected: %s", f->rel, diff);
        free(expected);
    }
    free(http);

    size_t done_at, err_at, n;
    find_ends(f, &done_at, &err_at);
    size_t *cuts = offsets(f, idx, &n);
    for (size_t i = 0; i < n; i += every) {
        size_t at = cuts[i];
        snprintf(what, sizeof what, "%s cut after %zu of %zu bytes", f->rel, at, f->len);
        char fault[64];
        snprintf(fault, sizeof fault, "cut-after=%zu", at);
        char *got = hc_http_trace(c, m, f->name, fault, NULL, &rc);
        if (!got)
            fail_msg("%s: the stream did not start (%d: %s)", what, rc,
                     oai_client_last_error(c)->message);
        char *want;
        if (done_at && at >= done_at)
            want = strdup(full);
        else if (err_at && at >= err_at)
            want = tt_trace(f->bytes, at, NULL, 0);
        else
            want = cut_trace(f, at);
        char kind[64];
        hc_final_error(got, kind, sizeof kind);
        if (hc_count_cb(got, "on_end") != 1)
            fail_msg("%s: on_end %d times", what, hc_count_cb(got, "on_end"));
        if (hc_count_cb(got, "on_exception") != (strcmp(kind, "null") != 0))
            fail_msg("%s: on_exception %d times, error %s", what, hc_count_cb(got, "on_exception"), kind);
        if (!(done_at && at >= done_at) && !(err_at && at >= err_at)) {
            if (strcmp(kind, "transport") != 0 || rc != OAI_ETRANSPORT)
                fail_msg("%s: ended with %s (%d), not transport", what, kind, rc);
        }
        check_prefix(got, full, what);
        if (strcmp(got, want) != 0) {
            diff = tt_compare(got, want);
            fail_msg("%s: %s", what, diff ? diff : "traces differ in formatting");
        }
        free(got);
        free(want);
        g_checked++;
    }
    free(cuts);
    free(full);
}

static void cut_at_every_sampled_byte(void **state)
{
    (void)state;
    g_checked = 0;
    for (size_t i = 0; i < g_nfiles; i++)
        check_file(&g_files[i], i, g_client, NULL, 1);
    printf("# %zu corpus streams, %ld cuts checked\n", g_nfiles, g_checked);
}

/* The non-blocking path (a client driven by a multi, the stream pulled
 * after each perform) on every eighth of the same offsets. */
static void cut_on_a_multi(void **state)
{
    (void)state;
    g_checked = 0;
    for (size_t i = 0; i < g_nfiles; i++)
        check_file(&g_files[i], i, g_mclient, g_multi, 8);
    printf("# %zu corpus streams on a multi, %ld cuts checked\n", g_nfiles, g_checked);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cut_at_every_sampled_byte),
        cmocka_unit_test(cut_on_a_multi),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
