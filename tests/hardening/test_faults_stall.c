/*
 * Stalls through oai-emulator (stall-body-ms: the first events, then
 * silence) end a corpus stream at the configured time: the byte idle
 * timeout (read_timeout_ms) and the event stall timeout
 * (stall_timeout_ms). The events before the stall are a prefix of the full
 * trace, then on_timeout, on_exception (kind timeout) and on_end, once
 * each. The lower bound is tight, the upper one allows for a loaded
 * machine.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../stream/trace_util.h"
#include "hard_common.h"
#include "testserver.h"

static tu_emu g_emu;
static hc_file *g_files;
static size_t g_nfiles;

static int setup(void **state)
{
    (void)state;
    g_nfiles = hc_corpus_streams(&g_files);
    return g_nfiles >= 20 && hc_emu_replay(&g_emu, g_files, g_nfiles) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tu_emu_stop(&g_emu);
    hc_files_free(g_files, g_nfiles);
    return 0;
}

static oai_client *client(long read_timeout_ms)
{
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test";
    o.base_url = g_emu.base_url;
    o.max_retries = 0;
    o.read_timeout_ms = read_timeout_ms;
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    return c;
}

/* The longest stream of the corpus: its first write is a few events. */
static const hc_file *longest(void)
{
    const hc_file *f = &g_files[0];
    for (size_t i = 1; i < g_nfiles; i++)
        if (g_files[i].len > f->len)
            f = &g_files[i];
    return f;
}

static void check_timeout_trace(const hc_file *f, const char *got)
{
    char *full = tt_trace(f->bytes, f->len, NULL, 0);
    assert_non_null(full);
    const char *end = strstr(got, "{\"cb\":\"on_timeout\"}\n");
    assert_non_null(end);
    size_t events = (size_t)(end - got);
    assert_true(events > 0); /* something came before the stall */
    assert_memory_equal(got, full, events);
    assert_int_equal(hc_count_cb(got, "on_timeout"), 1);
    assert_int_equal(hc_count_cb(got, "on_exception"), 1);
    assert_int_equal(hc_count_cb(got, "on_end"), 1);
    assert_non_null(strstr(got, "{\"cb\":\"on_timeout\"}\n{\"cb\":\"on_exception\",\"error\":\"timeout\"}\n"
                                "{\"cb\":\"on_end\"}\n{\"final\":"));
    char kind[32];
    assert_string_equal(hc_final_error(got, kind, sizeof kind), "timeout");
    free(full);
}

static void idle_timeout(void **state)
{
    (void)state;
    const hc_file *f = longest();
    oai_client *c = client(500);
    int rc;
    int64_t t0 = ts_now_ms();
    char *got = hc_http_trace(c, NULL, f->name, "stall-body-ms=8000", NULL, &rc);
    int64_t took = ts_now_ms() - t0;
    printf("# read_timeout_ms 500: timed out after %lld ms\n", (long long)took);
    assert_non_null(got);
    assert_int_equal(rc, OAI_ETIMEOUT);
    check_timeout_trace(f, got);
    assert_true(took >= 490 && took < 3000);
    free(got);
    oai_client_free(c);
}

/* The idle timeout (10 s) is far away: the stall timeout (no event for
 * 700 ms) ends the stream. Comment-only keep-alives: test_hostile.c. */
static void stall_timeout(void **state)
{
    (void)state;
    const hc_file *f = longest();
    oai_client *c = client(10000);
    oai_stream_options so = OAI_STREAM_OPTIONS_INIT;
    so.stall_timeout_ms = 700;
    int rc;
    int64_t t0 = ts_now_ms();
    char *got = hc_http_trace(c, NULL, f->name, "stall-body-ms=8000", &so, &rc);
    int64_t took = ts_now_ms() - t0;
    printf("# stall_timeout_ms 700: timed out after %lld ms\n", (long long)took);
    assert_non_null(got);
    assert_int_equal(rc, OAI_ETIMEOUT);
    check_timeout_trace(f, got);
    assert_true(took >= 690 && took < 3000);
    free(got);
    oai_client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(idle_timeout),
        cmocka_unit_test(stall_timeout),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
