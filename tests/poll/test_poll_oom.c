/* Allocation failure at every allocation of a polled run (client creation,
 * the creating POST, every poll GET, the returned run), of a polled
 * background response and its output text, of a batch upload
 * (three multiplexed multipart uploads, the batch creation, its polls) and
 * of two upload pollers on one multi (a batch and a vector-store file),
 * against oai-emulator: each run fails cleanly or succeeds, and nothing
 * leaks. The sweep of an operation ends at the first k that the operation
 * no longer reaches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu.h"
#include "oai.h"
#include "testutil.h"

static tu_emu g_emu;
static oai_client *g_c; /* setup work, outside the counted operations */
static char g_asst[64], g_vs[64], g_tid[64];

static oai_json *js(const char *text)
{
    oai_json *j = NULL;
    assert_int_equal(oai_json_parse_cstr(&j, text), OAI_OK);
    return j;
}

static int setup(void **state)
{
    (void)state;
    tu_failalloc_install(); /* before the first client initialises the library */
    static const char *const args[] = {"--step-ms", "1", "--delta-ms", "0", "--poll-after-ms", "5",
                                       "--file-process-ms", "5", NULL};
    if (tu_emu_start(&g_emu, args) || !(g_c = tu_emu_client(&g_emu)))
        return -1;
    oai_json *p = js("{\"model\":\"gpt-4o\"}"), *a = NULL, *v = NULL;
    int rc = oai_assistants_create(&a, g_c, p, NULL);
    if (!rc)
        rc = oai_vector_stores_create(&v, g_c, NULL, NULL);
    if (!rc) {
        snprintf(g_asst, sizeof g_asst, "%s", oai_json_path_string(a, "id"));
        snprintf(g_vs, sizeof g_vs, "%s", oai_json_path_string(v, "id"));
    }
    oai_json_free(v);
    oai_json_free(a);
    oai_json_free(p);
    return rc ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    oai_client_free(g_c);
    tu_emu_stop(&g_emu);
    return 0;
}

/* A client of its own per attempt, so its creation is swept too. */
static oai_client *client(int *rc)
{
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test";
    o.base_url = g_emu.base_url;
    o.max_retries = 0;
    o.timeout_ms = 5000; /* bounds an attempt a failure might stall */
    o.log_level = OAI_LOG_OFF;
    oai_client *c = NULL;
    *rc = oai_client_new(&c, &o);
    return c;
}

/* Before each polled run, with injection disarmed: a fresh thread, since
 * a run cut short by a failure may still be active on the previous one. */
static void prepare_run(void)
{
    oai_json *p = js("{\"messages\":[{\"role\":\"user\",\"content\":\"#scenario:text Done.\"}]}");
    oai_json *t = NULL;
    assert_int_equal(oai_threads_create(&t, g_c, p, NULL), OAI_OK);
    snprintf(g_tid, sizeof g_tid, "%s", oai_json_path_string(t, "id"));
    oai_json_free(t);
    oai_json_free(p);
}

static int polled_run(void)
{
    int rc;
    oai_client *c = client(&rc);
    if (rc)
        return rc;
    char body[128];
    snprintf(body, sizeof body, "{\"assistant_id\":\"%s\"}", g_asst);
    oai_json *p = NULL, *run = NULL;
    rc = oai_json_parse_cstr(&p, body);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 5;
    if (!rc)
        rc = oai_runs_create_and_poll(&run, c, g_tid, p, NULL, &po);
    if (!rc) {
        const char *st = oai_json_path_string(run, "status");
        if (!st || strcmp(st, "completed") != 0)
            rc = OAI_ERROR;
    } else if (run) {
        rc = OAI_ERROR; /* *out is NULL on every error but the two below */
    }
    oai_json_free(run);
    oai_json_free(p);
    oai_client_free(c);
    return rc;
}

/* A background response created, polled to completion, and its text. */
static int polled_response(void)
{
    int rc;
    oai_client *c = client(&rc);
    if (rc)
        return rc;
    oai_json *p = NULL, *r = NULL;
    rc = oai_json_parse_cstr(&p, "{\"model\":\"gpt-4o\",\"input\":\"#scenario:text Done.\"}");
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 5;
    if (!rc)
        rc = oai_responses_create_and_poll(&r, c, p, &po);
    char *text = NULL;
    if (!rc) {
        rc = oai_responses_output_text(&text, r);
        if (!rc && strcmp(text, "Done.") != 0)
            rc = OAI_ERROR;
    } else if (r) {
        rc = OAI_ERROR; /* *out is NULL on every error but timeout / cancel */
    }
    oai_free(text);
    oai_json_free(r);
    oai_json_free(p);
    oai_client_free(c);
    return rc;
}

static int batch_upload(void)
{
    int rc;
    oai_client *c = client(&rc);
    if (rc)
        return rc;
    static const char *const names[] = {"a.txt", "b.txt", "c.txt"};
    oai_upload files[3];
    for (int i = 0; i < 3; i++) {
        oai_upload u = OAI_UPLOAD_INIT;
        u.filename = names[i];
        u.data = "some file content";
        u.len = 17;
        files[i] = u;
    }
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 5;
    po.max_concurrency = 2; /* queued uploads too */
    oai_json *b = NULL;
    rc = oai_file_batches_upload_and_poll(&b, c, g_vs, files, 3, NULL, 0, NULL, &po);
    if (!rc) {
        if (oai_json_int(oai_json_path(b, "file_counts.completed"), -1) != 3)
            rc = OAI_ERROR;
    } else if (b) {
        rc = OAI_ERROR;
    }
    oai_json_free(b);
    oai_client_free(c);
    return rc;
}

static int upload_result(const oai_poller *p, const char *path, double want)
{
    const oai_json *obj = NULL;
    int rc = oai_poller_result(&obj, p);
    if (!rc && oai_json_number(oai_json_path(obj, path), -1) != want)
        rc = OAI_ERROR;
    else if (rc && rc != OAI_EPOLLTIMEOUT && rc != OAI_ECANCELLED && obj)
        rc = OAI_ERROR; /* the object goes with those two codes only */
    return rc;
}

/* A batch upload poller and a file upload poller at once on a multi. */
static int upload_pollers(void)
{
    int rc;
    oai_client *c = client(&rc);
    if (rc)
        return rc;
    oai_upload files[2];
    for (int i = 0; i < 2; i++) {
        oai_upload u = OAI_UPLOAD_INIT;
        u.filename = i ? "e.txt" : "d.txt";
        u.data = "other file content";
        u.len = 18;
        files[i] = u;
    }
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 5;
    oai_multi *m = NULL;
    oai_poller *batch = NULL, *file = NULL;
    rc = oai_multi_new(&m, c, NULL);
    if (!rc)
        rc = oai_poller_file_batches_upload_and_poll(&batch, c, g_vs, files, 1, NULL, 0, NULL, &po);
    if (!rc)
        rc = oai_poller_vector_store_files_upload_and_poll(&file, c, g_vs, &files[1], NULL, &po);
    if (!rc)
        rc = oai_multi_add_poller(m, batch, NULL, NULL);
    if (!rc)
        rc = oai_multi_add_poller(m, file, NULL, NULL);
    int running = !rc;
    for (int rounds = 0; running && rounds < 100000; rounds++) {
        oai_multi_perform(m, &running);
        if (running)
            oai_multi_wait(m, 1000);
    }
    if (!rc)
        rc = running ? OAI_ERROR : upload_result(batch, "file_counts.completed", 1);
    int rc2 = rc ? OAI_OK : upload_result(file, "usage_bytes", 18);
    oai_poller_free(batch);
    oai_poller_free(file);
    oai_multi_free(m);
    oai_client_free(c);
    return rc ? rc : rc2;
}

/* Fail allocation k = 1, 2, ... of op() until a run no longer reaches k. */
static void sweep(const char *what, int (*op)(void), void (*prepare)(void))
{
    tu_failalloc_arm(0);
    if (prepare)
        prepare();
    long base_live = tu_failalloc_live();
    tu_failalloc_arm(0);
    assert_int_equal(op(), OAI_OK);
    long total = tu_failalloc_count();
    assert_true(total > 50);
    assert_int_equal(tu_failalloc_live(), base_live);
    long k, enomem = 0, ok = 0;
    for (k = 1;; k++) {
        tu_failalloc_arm(0);
        if (prepare)
            prepare();
        base_live = tu_failalloc_live();
        tu_failalloc_arm(k);
        if (getenv("OOM_TRACE"))
            fprintf(stderr, "%s k=%ld\n", what, k);
        int rc = op();
        int hit = tu_failalloc_failed();
        tu_failalloc_arm(0);
        if (tu_failalloc_live() != base_live)
            fail_msg("%s: allocation %ld failed: %ld blocks leaked (rc %d)", what, k,
                     tu_failalloc_live() - base_live, rc);
        if (!hit) {
            assert_int_equal(rc, OAI_OK); /* nothing failed: a normal run */
            break;
        }
        /* success when the failure hit an allocation with a fallback */
        if (rc == OAI_OK)
            ok++;
        else if (rc == OAI_ENOMEM)
            enomem++;
        else
            fail_msg("%s: allocation %ld failed: %s, not OAI_ENOMEM", what, k, oai_strerror(rc));
    }
    printf("%s: %ld allocations swept (%ld in the first run): %ld OAI_ENOMEM, %ld absorbed\n",
           what, k - 1, total, enomem, ok);
}

static void sweep_polled_run(void **state)
{
    (void)state;
    sweep("create_and_poll", polled_run, prepare_run);
}

static void sweep_polled_response(void **state)
{
    (void)state;
    sweep("responses create_and_poll", polled_response, NULL);
}

static void sweep_batch_upload(void **state)
{
    (void)state;
    sweep("batch upload", batch_upload, NULL);
}

static void sweep_upload_pollers(void **state)
{
    (void)state;
    sweep("upload pollers", upload_pollers, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sweep_polled_run),
        cmocka_unit_test(sweep_polled_response),
        cmocka_unit_test(sweep_batch_upload),
        cmocka_unit_test(sweep_upload_pollers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
