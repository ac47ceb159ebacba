/* Unit tests of the oai command's building blocks that need no server:
 * option parsing, --tool command execution, progress display, exit codes
 * and key masking in error messages. */
#include "testutil.h"

#include <errno.h>
#include <oai.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_args.h"
#include "cli_exit.h"
#include "cli_out.h"
#include "cli_progress.h"
#include "cli_tool.h"

static void test_parse_options_and_positionals(void **state)
{
    (void)state;
    const char *thread = NULL;
    int events = 0;
    cli_list tools = { NULL, 0 }, pos = { NULL, 0 };
    cli_global g;
    memset(&g, 0, sizeof(g));
    cli_opt opts[] = { { "thread", CLI_STR, &thread }, { "events", CLI_FLAG, &events },
                       { "tool", CLI_LIST, &tools }, { NULL, CLI_FLAG, NULL } };
    char *argv[] = { "chat", "hello", "--thread", "t1", "--tool=a=echo 1", "--events",
                     "--tool", "b=cat", "--base-url=http://x/v1", "--", "--not-an-option",
                     NULL };
    assert_int_equal(cli_parse(11, argv, 1, opts, &pos, &g, "chat"), 0);
    assert_string_equal(thread, "t1");
    assert_int_equal(events, 1);
    assert_int_equal(tools.n, 2);
    assert_string_equal(tools.items[0], "a=echo 1");
    assert_string_equal(tools.items[1], "b=cat");
    assert_string_equal(g.base_url, "http://x/v1");
    assert_int_equal(pos.n, 2);
    assert_string_equal(pos.items[0], "hello");
    assert_string_equal(pos.items[1], "--not-an-option");
    cli_list_clear(&tools);
    cli_list_clear(&pos);
}

static void test_parse_errors_are_usage(void **state)
{
    (void)state;
    int flag = 0;
    const char *s = NULL;
    cli_opt opts[] = { { "flag", CLI_FLAG, &flag }, { "str", CLI_STR, &s },
                       { NULL, CLI_FLAG, NULL } };
    cli_global g;
    cli_list pos = { NULL, 0 };
    char *unknown[] = { "x", "--nope", NULL };
    char *missing[] = { "x", "--str", NULL };
    char *valued_flag[] = { "x", "--flag=1", NULL };
    char *short_opt[] = { "x", "-q", NULL };
    memset(&g, 0, sizeof(g));
    assert_int_equal(cli_parse(2, unknown, 1, opts, &pos, &g, "x"), CLI_EXIT_USAGE);
    assert_int_equal(cli_parse(2, missing, 1, opts, &pos, &g, "x"), CLI_EXIT_USAGE);
    assert_int_equal(cli_parse(2, valued_flag, 1, opts, &pos, &g, "x"), CLI_EXIT_USAGE);
    assert_int_equal(cli_parse(2, short_opt, 1, opts, &pos, &g, "x"), CLI_EXIT_USAGE);
    char *help[] = { "x", "-h", NULL };
    assert_int_equal(cli_parse(2, help, 1, opts, &pos, &g, "x"), 0);
    assert_int_equal(g.help, 1);
    cli_list_clear(&pos);
}

static void test_tool_gets_arguments_on_stdin(void **state)
{
    (void)state;
    char *out = NULL;
    size_t len = 0;
    int status = -5;
    const char *args = "{\"city\":\"Paris\"}";
    assert_int_equal(cli_tool_run(&out, &len, &status, "read a; echo \"got $a\"", args,
                                  strlen(args), 5000), 0);
    assert_int_equal(status, 0);
    assert_string_equal(out, "got {\"city\":\"Paris\"}"); /* trailing newline dropped */
    assert_int_equal(len, strlen(out));
    free(out);
}

static void test_tool_status_large_io_and_timeout(void **state)
{
    (void)state;
    char *out = NULL;
    size_t len = 0;
    int status = 0;
    /* Exit status is reported; a command ignoring stdin does not block us. */
    assert_int_equal(cli_tool_run(&out, &len, &status, "echo partial; exit 3", "x", 1, 5000), 0);
    assert_int_equal(status, 3);
    assert_string_equal(out, "partial");
    free(out);

    /* 1 MiB in and out through the pipes at once (no deadlock). */
    size_t big = 1u << 20;
    char *in = malloc(big);
    assert_non_null(in);
    memset(in, 'a', big);
    assert_int_equal(cli_tool_run(&out, &len, &status, "cat", in, big, 20000), 0);
    assert_int_equal(status, 0);
    assert_int_equal(len, big);
    assert_int_equal(out[0], 'a');
    assert_int_equal(out[big - 1], 'a');
    free(out);
    free(in);

    /* A command that hangs is killed at the timeout. */
    assert_int_equal(cli_tool_run(&out, &len, &status, "sleep 30", NULL, 0, 300), 0);
    assert_int_equal(status, -1);
    free(out);
}

static void test_tool_lookup(void **state)
{
    (void)state;
    const char *items[] = { "get_weather=echo sun", "get=echo g", "bad" };
    cli_list l = { items, 2 };
    assert_string_equal(cli_tool_find(&l, "get_weather"), "echo sun");
    assert_string_equal(cli_tool_find(&l, "get"), "echo g");
    assert_null(cli_tool_find(&l, "get_w"));
    const char *bad = NULL;
    assert_int_equal(cli_tool_check(&l, &bad), 0);
    cli_list l3 = { items, 3 };
    assert_int_equal(cli_tool_check(&l3, &bad), -1);
    assert_string_equal(bad, "bad");
}

static char *capture(void (*fn)(FILE *))
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    fn(f);
    fclose(f);
    return buf;
}

static void draw_plain(FILE *f)
{
    cli_progress p;
    setenv("OAI_PROGRESS", "plain", 1);
    cli_progress_init(&p, f);
    cli_progress_update(&p, 0, 4, "uploading");
    cli_progress_update(&p, 0, 4, "uploading"); /* unchanged: not repeated */
    cli_progress_update(&p, 4, 4, "completed");
    cli_progress_end(&p);
}

static void draw_bar(FILE *f)
{
    cli_progress p;
    setenv("OAI_PROGRESS", "bar", 1);
    cli_progress_init(&p, f);
    cli_progress_update(&p, 1, 4, "a");
    cli_progress_update(&p, 4, 4, "done");
    cli_progress_end(&p);
}

static void test_progress_plain_and_bar(void **state)
{
    (void)state;
    char *plain = capture(draw_plain);
    assert_string_equal(plain, "progress: 0/4 uploading\nprogress: 4/4 completed\n");
    free(plain);
    char *bar = capture(draw_bar);
    assert_non_null(strstr(bar, "\r[#######.......................]  25% 1/4 a"));
    assert_non_null(strstr(bar, "\r[##############################] 100% 4/4 done"));
    assert_int_equal(bar[strlen(bar) - 1], '\n');
    free(bar);
    unsetenv("OAI_PROGRESS");
}

static void test_exit_codes(void **state)
{
    (void)state;
    assert_int_equal(cli_exit_code(OAI_OK), CLI_EXIT_OK);
    assert_int_equal(cli_exit_code(OAI_ENOTFOUND), CLI_EXIT_API);
    assert_int_equal(cli_exit_code(OAI_ESERVER), CLI_EXIT_API);
    assert_int_equal(cli_exit_code(OAI_ETRANSPORT), CLI_EXIT_TRANSPORT);
    assert_int_equal(cli_exit_code(OAI_ETIMEOUT), CLI_EXIT_TRANSPORT);
    assert_int_equal(cli_exit_code(OAI_ESTREAM), CLI_EXIT_STREAM);
    assert_int_equal(cli_exit_code(OAI_EPROTOCOL), CLI_EXIT_STREAM);
    assert_int_equal(cli_exit_code(OAI_EPOLLTIMEOUT), CLI_EXIT_POLLTIMEOUT);
    assert_int_equal(cli_exit_code(OAI_EFILE), CLI_EXIT_LOCAL);
    assert_int_equal(cli_exit_code(OAI_EINVAL), CLI_EXIT_USAGE);
}

static void test_seconds(void **state)
{
    (void)state;
    long ms = -7;
    assert_int_equal(cli_seconds_ms("1.5", 0, &ms), 0);
    assert_int_equal(ms, 1500);
    assert_int_equal(cli_seconds_ms("0.0001", 0, &ms), 0);
    assert_int_equal(ms, 1); /* a positive value never rounds to "none" */
    assert_int_equal(cli_seconds_ms("0", 1, &ms), 0);
    assert_int_equal(ms, 0);
    ms = -7;
    assert_int_equal(cli_seconds_ms("0", 0, &ms), -1);
    assert_int_equal(cli_seconds_ms("-1", 1, &ms), -1);
    assert_int_equal(cli_seconds_ms("2s", 1, &ms), -1);
    assert_int_equal(cli_seconds_ms("", 1, &ms), -1);
    assert_int_equal(cli_seconds_ms("nan", 1, &ms), -1);
    assert_int_equal(cli_seconds_ms("86401", 1, &ms), -1);
    assert_int_equal(cli_seconds_ms(NULL, 1, &ms), -1);
    assert_int_equal(ms, -7); /* untouched on error */
}

static void test_report_masks_the_key(void **state)
{
    (void)state;
    fflush(stderr);
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    int saved = dup(fileno(stderr));
    dup2(fileno(tmp), fileno(stderr));
    cli_set_secret("sk-secret-123456");
    oai_error e;
    memset(&e, 0, sizeof(e));
    e.code = OAI_EAUTH;
    e.http_status = 401;
    e.message = "401 Incorrect API key provided: sk-secret-123456.";
    e.request_id = "req_42";
    cli_report("chat", "stream", OAI_EAUTH, &e);
    fflush(stderr);
    dup2(saved, fileno(stderr));
    close(saved);
    cli_set_secret(NULL);
    char buf[512] = "";
    rewind(tmp);
    size_t n = fread(buf, 1, sizeof(buf) - 1, tmp);
    buf[n] = '\0';
    fclose(tmp);
    assert_null(strstr(buf, "sk-secret-123456"));
    /* the status once, in the parentheses */
    assert_string_equal(buf, "oai chat: stream: Incorrect API key provided: ***. "
                             "(HTTP 401, request id req_42)\n");
}

/* Pieces stay in order around the buffer's size, after what stdio held,
 * and go out in a few writes. */
static void test_out_batches_in_order(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    static cli_out o;
    static char big[3 * CLI_OUT_CAP], want[5 * CLI_OUT_CAP];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)('a' + i % 26);
    fputs("head ", f); /* still in stdio's buffer */
    cli_out_init(&o, f);
    size_t n = 0;
    memcpy(want, "head ", 5);
    n = 5;
    for (int i = 0; i < 3; i++) { /* 3 x 30000: the third does not fit */
        cli_out_write(&o, big, 30000);
        memcpy(want + n, big, 30000);
        n += 30000;
    }
    cli_out_write(&o, big, sizeof big); /* larger than the buffer */
    memcpy(want + n, big, sizeof big);
    n += sizeof big;
    cli_out_write(&o, "tail", 4);
    memcpy(want + n, "tail", 4);
    n += 4;
    assert_int_equal(cli_out_flush(&o), 0);
    assert_int_equal(cli_out_flush(&o), 0); /* nothing left: no write */
    static char got[5 * CLI_OUT_CAP];
    rewind(f);
    assert_int_equal(fread(got, 1, sizeof got, f), n);
    assert_memory_equal(got, want, n);
    fclose(f);
}

/* A failed write is kept and reported by every later flush. */
static void test_out_write_failure(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (f == NULL)
        skip();
    static cli_out o;
    cli_out_init(&o, f);
    cli_out_write(&o, "x", 1);
    assert_int_equal(cli_out_flush(&o), -1);
    assert_int_equal(o.err, ENOSPC);
    cli_out_write(&o, "y", 1);
    assert_int_equal(cli_out_flush(&o), -1);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_options_and_positionals),
        cmocka_unit_test(test_parse_errors_are_usage),
        cmocka_unit_test(test_tool_gets_arguments_on_stdin),
        cmocka_unit_test(test_tool_status_large_io_and_timeout),
        cmocka_unit_test(test_tool_lookup),
        cmocka_unit_test(test_progress_plain_and_bar),
        cmocka_unit_test(test_exit_codes),
        cmocka_unit_test(test_seconds),
        cmocka_unit_test(test_report_masks_the_key),
        cmocka_unit_test(test_out_batches_in_order),
        cmocka_unit_test(test_out_write_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
