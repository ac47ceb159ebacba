/*
 * Corpus streams written by oai-emulator in tiny pieces with pauses between
 * them (the real HTTP path, one TCP write per piece) give exactly the trace
 * of the unchunked replay and of the detached stream.
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
static oai_client *g_client;

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
    o.read_timeout_ms = 15000;
    return oai_client_new(&g_client, &o, NULL, 0) == OAI_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    oai_client_free(g_client);
    tu_emu_stop(&g_emu);
    hc_files_free(g_files, g_nfiles);
    return 0;
}

/* Pieces of `chunk` bytes with `delay_ms` between them, for every stream
 * of at most `max_len` bytes (at least `min_len`). */
static int run(size_t min_len, size_t max_len, int chunk, int delay_ms)
{
    int done = 0;
    char fault[96];
    snprintf(fault, sizeof fault, "chunk=%d;chunk-delay-ms=%d", chunk, delay_ms);
    for (size_t i = 0; i < g_nfiles; i++) {
        const hc_file *f = &g_files[i];
        if (f->len < min_len || f->len > max_len)
            continue;
        int rc, rc_plain;
        char *want = tt_trace(f->bytes, f->len, NULL, 0);
        char *plain = hc_http_trace(g_client, NULL, f->name, NULL, NULL, &rc_plain);
        char *got = hc_http_trace(g_client, NULL, f->name, fault, NULL, &rc);
        assert_non_null(want);
        if (!plain || !got)
            fail_msg("%s: the stream did not start", f->rel);
        assert_int_equal(rc, rc_plain);
        const char *diff = tt_compare(got, plain);
        if (diff)
            fail_msg("%s with %s vs unchunked: %s", f->rel, fault, diff);
        diff = tt_compare(got, want);
        if (diff)
            fail_msg("%s with %s vs detached: %s", f->rel, fault, diff);
        free(want);
        free(plain);
        free(got);
        done++;
    }
    printf("# %s: %d streams\n", fault, done);
    return done;
}

static void one_byte_pieces_with_pauses(void **state)
{
    (void)state;
    assert_true(run(0, 1500, 1, 1) >= 4);
}

static void small_pieces_with_pauses(void **state)
{
    (void)state;
    assert_true(run(5000, 6000, 3, 1) >= 2);
}

static void one_byte_pieces_every_stream(void **state)
{
    (void)state;
    assert_true(run(0, 1 << 20, 1, 0) >= 25);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_byte_pieces_with_pauses),
        cmocka_unit_test(small_pieces_with_pauses),
        cmocka_unit_test(one_byte_pieces_every_stream),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
