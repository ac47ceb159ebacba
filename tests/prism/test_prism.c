/* Spec conformance: every public call of the library that sends a request
 * goes through Prism serving the official OpenAPI description, which
 * validates each request (path, method, query, headers, body). A
 * validation error, a request to a path the spec lacks, or a call that
 * sent nothing fails the test, naming the call and quoting Prism.
 *
 * Needs the environment variable OAI_PRISM (the prism executable;
 * run_prism.sh installs it); without it the test is skipped (exit 77). */
#include <curl/curl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "oai/client.h"
#include "prism_calls.h"
#include "prism_server.h"

#ifndef OAI_PRISM_SPEC
#error "OAI_PRISM_SPEC must name the OpenAPI description"
#endif

#define SKIP 77
/* Prism's log marks a request it refused (no such path, 422) and each
 * validation error with ✖, and validation warnings (what its sl-violations
 * header lists) with ⚠. */
#define REFUSED "\xe2\x9c\x96"
#define WARNED "[VALIDATOR] \xe2\x9a\xa0"
/* Prism also checks the mock answer it made up from the description's
 * examples (the Response example breaks its own schema): those lines are
 * about Prism's answer, not the library's request. */
#define OWN_ANSWER "Violation: response."

static prism_server server;
static prism_ctx ctx;
static char upload_path[300];

static oai_client *new_client(void)
{
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test";
    o.base_url = server.base_url;
    o.max_retries = 0;
    o.timeout_ms = 30000;
    o.log_level = OAI_LOG_OFF;
    oai_client *c = NULL;
    return oai_client_new(&c, &o) == OAI_OK ? c : NULL;
}

static int setup(void **state)
{
    (void)state;
    const char *exe = getenv("OAI_PRISM");
    if (prism_start(&server, exe, OAI_PRISM_SPEC, 240) != 0)
        return -1;
    snprintf(upload_path, sizeof upload_path, "%s/upload.txt", server.dir);
    FILE *f = fopen(upload_path, "w");
    if (!f || fputs("The refund window is 30 days.\n", f) < 0)
        return -1;
    fclose(f);
    ctx.upload_path = upload_path;
    ctx.c = new_client();
    ctx.nb = new_client();
    if (!ctx.c || !ctx.nb || oai_multi_new(&ctx.m, ctx.nb, NULL) != OAI_OK)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    oai_multi_free(ctx.m);
    oai_client_free(ctx.nb);
    oai_client_free(ctx.c);
    unlink(upload_path);
    prism_stop(&server);
    return 0;
}

/* `what` within the first `len` bytes of `line`. */
static int line_has(const char *line, size_t len, const char *what)
{
    const char *hit = strstr(line, what);
    return hit && hit < line + len;
}

/* Prints each line of `log` holding `what` but not OWN_ANSWER; returns
 * how many. */
static int count_lines(const char *log, const char *what, const char *prefix)
{
    int n = 0;
    for (const char *line = log; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        if (line_has(line, len, what) && !line_has(line, len, OWN_ANSWER)) {
            n++;
            if (prefix)
                print_message("%s%.*s\n", prefix, (int)len, line);
        }
        line += len + (nl != NULL);
    }
    return n;
}

/* Makes one call and checks what Prism said about its requests; returns 0
 * when each was valid. */
static int check_call(const prism_call *call)
{
    static int lost; /* Prism stopped answering: the rest cannot be checked */
    if (lost) {
        print_message("FAIL %s: not checked\n", call->name);
        return 1;
    }
    call->run(&ctx);
    prism_settle(&ctx);
    char *log = prism_take_log(&server);
    if (!log) {
        print_message("FAIL %s: Prism stopped logging after it\n", call->name);
        prism_print_tail(&server);
        lost = 1;
        return 1;
    }
    int sent = count_lines(log, "Request received", NULL);
    int bad = count_lines(log, REFUSED, NULL) + count_lines(log, WARNED, NULL);
    if (bad) {
        print_message("FAIL %s: %d line(s) of Prism's log:\n", call->name, bad);
        count_lines(log, REFUSED, "    ");
        count_lines(log, WARNED, "    ");
    } else if (sent == 0) {
        print_message("FAIL %s: sent no request\n", call->name);
    } else {
        print_message("ok   %s (%d request%s valid)\n", call->name, sent,
                      sent == 1 ? "" : "s");
    }
    free(log);
    return bad || sent == 0;
}

static void check_table(const prism_call *table)
{
    int failed = 0;
    for (const prism_call *call = table; call->name; call++)
        failed += check_call(call);
    if (failed)
        fail_msg("%d call(s) sent a request the OpenAPI description refuses",
                 failed);
}

static void assistants_threads_messages_runs(void **state)
{
    (void)state;
    check_table(prism_calls_assistants);
}

static void files_vector_stores_batches(void **state)
{
    (void)state;
    check_table(prism_calls_files);
}

static void polling_helpers_and_pollers(void **state)
{
    (void)state;
    check_table(prism_calls_poll);
}

static void stream_helpers_and_generic_requests(void **state)
{
    (void)state;
    check_table(prism_calls_stream);
}

static void responses_and_conversations(void **state)
{
    (void)state;
    check_table(prism_calls_responses);
}

int main(void)
{
    const char *exe = getenv("OAI_PRISM");
    if (!exe || !*exe) {
        printf("SKIP: OAI_PRISM (the prism executable) is not set\n");
        return SKIP;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(assistants_threads_messages_runs),
        cmocka_unit_test(files_vector_stores_batches),
        cmocka_unit_test(polling_helpers_and_pollers),
        cmocka_unit_test(stream_helpers_and_generic_requests),
        cmocka_unit_test(responses_and_conversations),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    curl_global_cleanup();
    return rc;
}
