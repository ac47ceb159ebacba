/* Every polling helper end to end against oai-emulator (runs progress on
 * its own timers, vector-store files are ingested after a delay), with the
 * request sequence and the poll spacing read back from its request log. */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "emu.h"
#include "oai.h"
#include "testutil.h"

#define POLL_AFTER_MS 40

static tu_emu g_emu;
static oai_client *g_c;
static char g_asst[64];

static oai_json *js(const char *text)
{
    oai_json *j = NULL;
    assert_int_equal(oai_json_parse_cstr(&j, text), OAI_OK);
    return j;
}

static int setup(void **state)
{
    (void)state;
    static const char *const args[] = {
        "--step-ms", "30", "--poll-after-ms", "40", "--file-process-ms",
        "150",       NULL};
    if (tu_emu_start(&g_emu, args) || !(g_c = tu_emu_client(&g_emu)))
        return -1;
    oai_json *p = NULL, *a = NULL;
    oai_json_parse_cstr(
        &p, "{\"model\":\"gpt-4o\",\"tools\":[{\"type\":\"function\","
            "\"function\":{\"name\":\"get_weather\"}}]}");
    int rc = oai_assistants_create(&a, g_c, p, NULL);
    if (!rc)
        snprintf(g_asst, sizeof g_asst, "%s", oai_json_path_string(a, "id"));
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

static void new_thread(char *id, size_t cap, const char *text)
{
    char body[256];
    snprintf(body, sizeof body,
             "{\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}", text);
    oai_json *p = js(body), *t = NULL;
    assert_int_equal(oai_threads_create(&t, g_c, p, NULL), OAI_OK);
    snprintf(id, cap, "%s", oai_json_path_string(t, "id"));
    oai_json_free(t);
    oai_json_free(p);
}

static oai_json *run_params(void)
{
    char body[128];
    snprintf(body, sizeof body, "{\"assistant_id\":\"%s\"}", g_asst);
    return js(body);
}

static double t_of(const cJSON *e)
{
    return cJSON_GetNumberValue(cJSON_GetObjectItem(e, "time_ms"));
}

/* Check the poll GETs of a log slice: all GET `path` with the helper
 * header, at least two, the first right after the previous request, the
 * rest spaced by the interval (lower bound tight, upper generous). */
static void check_polls(cJSON *log, const char *path, int interval_ms,
                        const char *custom)
{
    const cJSON *prev = NULL;
    int gets = 0;
    for (const cJSON *e = log->child; e; prev = e, e = e->next) {
        if (strcmp(tu_emu_str(e, "method"), "GET") != 0)
            continue;
        assert_string_equal(tu_emu_str(e, "path"), path);
        assert_string_equal(tu_emu_header(e, "x-stainless-poll-helper"),
                            "true");
        assert_string_equal(tu_emu_header(e, "openai-beta"), "assistants=v2");
        if (custom)
            assert_string_equal(
                tu_emu_header(e, "x-stainless-custom-poll-interval"), custom);
        else
            assert_null(tu_emu_header(e, "x-stainless-custom-poll-interval"));
        double gap = prev ? t_of(e) - t_of(prev) : 0;
        if (gets == 0)
            assert_true(gap < 500); /* no wait before the first GET */
        else
            assert_true(gap >= interval_ms - 5 && gap < interval_ms + 1500);
        gets++;
    }
    assert_true(gets >= 2);
}

static void runs_create_and_poll(void **state)
{
    (void)state;
    char tid[64];
    new_thread(tid, sizeof tid, "#scenario:text All done.");
    tu_emu_mark(&g_emu);
    oai_json *p = run_params(), *run = NULL;
    assert_int_equal(oai_runs_create_and_poll(&run, g_c, tid, p, NULL, NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(run, "status"), "completed");
    char path[160];
    snprintf(path, sizeof path, "/v1/threads/%s/runs/%s", tid,
             oai_json_path_string(run, "id"));
    oai_json_free(run);
    oai_json_free(p);

    cJSON *log = tu_emu_log_new(&g_emu, 2);
    const cJSON *post = log->child;
    assert_string_equal(tu_emu_str(post, "method"), "POST");
    const cJSON *stream =
        cJSON_GetObjectItem(cJSON_GetObjectItem(post, "body"), "stream");
    assert_true(cJSON_IsFalse(stream)); /* sent explicitly */
    assert_null(tu_emu_header(post, "x-stainless-poll-helper"));
    check_polls(log, path, POLL_AFTER_MS,
                NULL); /* the server's header interval */
    cJSON_Delete(log);
}

static void custom_interval(void **state)
{
    (void)state;
    char tid[64];
    new_thread(tid, sizeof tid, "#scenario:text Fine.");
    oai_json *p = run_params(), *run = NULL;
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 25;
    tu_emu_mark(&g_emu);
    assert_int_equal(oai_runs_create_and_poll(&run, g_c, tid, p, NULL, &po),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(run, "status"), "completed");
    char path[160];
    snprintf(path, sizeof path, "/v1/threads/%s/runs/%s", tid,
             oai_json_path_string(run, "id"));
    cJSON *log = tu_emu_log_new(&g_emu, 2);
    check_polls(log, path, 25, "25");
    cJSON_Delete(log);
    oai_json_free(run);
    oai_json_free(p);
}

static void tool_loop(void **state)
{
    (void)state;
    char tid[64];
    new_thread(tid, sizeof tid, "#scenario:function get_weather");
    oai_json *p = run_params(), *run = NULL;
    assert_int_equal(oai_runs_create_and_poll(&run, g_c, tid, p, NULL, NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(run, "status"), "requires_action");
    char rid[64];
    snprintf(rid, sizeof rid, "%s", oai_json_path_string(run, "id"));
    char outs[256];
    snprintf(outs, sizeof outs,
             "[{\"tool_call_id\":\"%s\",\"output\":\"22C\"}]",
             oai_json_path_string(
                 run, "required_action.submit_tool_outputs.tool_calls.0.id"));
    oai_json_free(run);
    oai_json *o = js(outs);
    tu_emu_mark(&g_emu);
    assert_int_equal(
        oai_runs_submit_tool_outputs_and_poll(&run, g_c, tid, rid, o, NULL),
        OAI_OK);
    assert_string_equal(oai_json_path_string(run, "status"), "completed");
    cJSON *log = tu_emu_log_new(&g_emu, 2);
    const cJSON *post = log->child;
    char sub[200];
    snprintf(sub, sizeof sub, "/v1/threads/%s/runs/%s/submit_tool_outputs", tid,
             rid);
    assert_string_equal(tu_emu_str(post, "path"), sub);
    assert_true(cJSON_IsFalse(
        cJSON_GetObjectItem(cJSON_GetObjectItem(post, "body"), "stream")));
    char path[160];
    snprintf(path, sizeof path, "/v1/threads/%s/runs/%s", tid, rid);
    check_polls(log, path, POLL_AFTER_MS, NULL);
    cJSON_Delete(log);
    oai_json_free(run);
    oai_json_free(o);
    oai_json_free(p);
}

static void create_and_run_poll(void **state)
{
    (void)state;
    char body[256];
    snprintf(
        body, sizeof body,
        "{\"assistant_id\":\"%s\",\"thread\":{\"messages\":[{\"role\":\"user\","
        "\"content\":\"#scenario:failed\"}]}}",
        g_asst);
    oai_json *p = js(body), *run = NULL;
    tu_emu_mark(&g_emu);
    assert_int_equal(oai_threads_create_and_run_poll(&run, g_c, p, NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(run, "status"),
                        "failed"); /* terminal, not an error */
    char path[160];
    snprintf(path, sizeof path, "/v1/threads/%s/runs/%s",
             oai_json_path_string(run, "thread_id"),
             oai_json_path_string(run, "id"));
    cJSON *log = tu_emu_log_new(&g_emu, 2);
    assert_string_equal(tu_emu_str(log->child, "path"), "/v1/threads/runs");
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(
        cJSON_GetObjectItem(log->child, "body"), "stream")));
    check_polls(log, path, POLL_AFTER_MS, NULL);
    cJSON_Delete(log);
    oai_json_free(run);
    oai_json_free(p);
}

static void deadline_on_endless_run(void **state)
{
    (void)state;
    char tid[64];
    new_thread(tid, sizeof tid, "#scenario:slow 100000");
    oai_json *p = run_params(), *run = NULL;
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.max_wait_ms = 400;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    assert_int_equal(oai_runs_create_and_poll(&run, g_c, tid, p, NULL, &po),
                     OAI_EPOLLTIMEOUT);
    clock_gettime(CLOCK_MONOTONIC, &b);
    long took =
        (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    assert_true(took >= 395 && took < 3000);
    assert_non_null(run);
    assert_string_equal(oai_json_path_string(run, "status"), "in_progress");
    assert_int_equal(oai_client_last_error(g_c)->code, OAI_EPOLLTIMEOUT);
    /* it is still running: cancel it so the emulator stays quiet */
    oai_json *c = NULL;
    assert_int_equal(
        oai_runs_cancel(&c, g_c, tid, oai_json_path_string(run, "id"), NULL),
        OAI_OK);
    oai_json_free(c);
    oai_json_free(run);
    oai_json_free(p);
}

static void *trigger_after(void *tok)
{
    struct timespec ts = {0, 300 * 1000000L};
    nanosleep(&ts, NULL);
    oai_cancel_trigger(tok);
    return NULL;
}

static void cancel_within_one_interval(void **state)
{
    (void)state;
    char tid[64];
    new_thread(tid, sizeof tid, "#scenario:slow 100000");
    oai_json *p = run_params(), *run = NULL;
    oai_cancel *tok = NULL;
    assert_int_equal(oai_cancel_new(&tok), OAI_OK);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 3000;
    po.cancel = tok;
    pthread_t th;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    assert_int_equal(pthread_create(&th, NULL, trigger_after, tok), 0);
    assert_int_equal(oai_runs_create_and_poll(&run, g_c, tid, p, NULL, &po),
                     OAI_ECANCELLED);
    clock_gettime(CLOCK_MONOTONIC, &b);
    pthread_join(th, NULL);
    long took =
        (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    assert_true(took >= 295 && took < 2000); /* well inside the 3 s interval */
    assert_non_null(run);
    oai_json *c = NULL;
    assert_int_equal(
        oai_runs_cancel(&c, g_c, tid, oai_json_path_string(run, "id"), NULL),
        OAI_OK);
    oai_json_free(c);
    oai_json_free(run);
    oai_json_free(p);
    oai_cancel_free(tok);
}

typedef struct progress_log {
    int upload_reports, upload_done, polls;
    unsigned long long last_sent, total;
    char last_status[32];
} progress_log;

static int record(const oai_poll_progress *p, void *ud)
{
    progress_log *l = ud;
    if (p->phase == OAI_POLL_PHASE_UPLOAD) {
        l->upload_reports++;
        l->upload_done += p->upload_done;
        l->last_sent = p->bytes_sent;
        l->total = p->bytes_total;
        assert_string_equal(p->filename, "facts.txt");
    } else {
        l->polls = (int)p->polls;
        snprintf(l->last_status, sizeof l->last_status, "%s",
                 p->status ? p->status : "");
    }
    return 0;
}

static char g_vs[64];

static void vector_store_file_upload_and_poll(void **state)
{
    (void)state;
    oai_json *vs = NULL;
    assert_int_equal(oai_vector_stores_create(&vs, g_c, NULL, NULL), OAI_OK);
    snprintf(g_vs, sizeof g_vs, "%s", oai_json_path_string(vs, "id"));
    oai_json_free(vs);

    static const char text[] = "The sky is blue.";
    oai_upload u = OAI_UPLOAD_INIT;
    u.filename = "facts.txt";
    u.data = text;
    u.len = sizeof text - 1;
    progress_log pl;
    memset(&pl, 0, sizeof pl);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.progress = record;
    po.user_data = &pl;
    oai_json *attrs = js("{\"attributes\":{\"topic\":\"sky\"}}"), *f = NULL;
    tu_emu_mark(&g_emu);
    assert_int_equal(
        oai_vector_store_files_upload_and_poll(&f, g_c, g_vs, &u, attrs, &po),
        OAI_OK);
    assert_string_equal(oai_json_path_string(f, "status"), "completed");
    assert_string_equal(oai_json_path_string(f, "attributes.topic"), "sky");
    const char *fid = oai_json_path_string(f, "id");
    assert_int_equal(pl.upload_done, 1);
    assert_int_equal(pl.last_sent, sizeof text - 1);
    assert_int_equal(pl.total, sizeof text - 1);
    assert_true(pl.polls >= 2);
    assert_string_equal(pl.last_status, "completed");

    /* POST /files (no beta), POST .../files {"file_id"}, then GETs */
    cJSON *log = tu_emu_log_new(&g_emu, 3);
    const cJSON *up = log->child, *attach = up->next;
    assert_string_equal(tu_emu_str(up, "path"), "/v1/files");
    assert_null(tu_emu_header(up, "openai-beta"));
    char path[200];
    snprintf(path, sizeof path, "/v1/vector_stores/%s/files", g_vs);
    assert_string_equal(tu_emu_str(attach, "path"), path);
    const cJSON *body = cJSON_GetObjectItem(attach, "body");
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItem(body, "file_id")), fid);
    cJSON *polls = cJSON_CreateArray();
    for (const cJSON *e = attach->next; e; e = e->next)
        cJSON_AddItemToArray(polls, cJSON_Duplicate(e, 1));
    snprintf(path, sizeof path, "/v1/vector_stores/%s/files/%s", g_vs, fid);
    check_polls(polls, path, POLL_AFTER_MS, NULL);
    cJSON_Delete(polls);
    cJSON_Delete(log);
    oai_json_free(f);
    oai_json_free(attrs);
}

static void vector_store_file_create_and_poll(void **state)
{
    (void)state;
    oai_json *file = NULL, *f = NULL;
    assert_int_equal(oai_files_create(&file, g_c, &(oai_upload)OAI_UPLOAD_MEMORY("b.txt", "bee", 3), "assistants", NULL),
                     OAI_OK);
    assert_int_equal(
        oai_vector_store_files_create_and_poll(
            &f, g_c, g_vs, oai_json_path_string(file, "id"), NULL, NULL),
        OAI_OK);
    assert_string_equal(oai_json_path_string(f, "status"), "completed");
    assert_string_equal(oai_json_path_string(f, "id"),
                        oai_json_path_string(file, "id"));
    oai_json_free(f);
    oai_json_free(file);
}

static void batch_upload_and_poll(void **state)
{
    (void)state;
    oai_json *pre = NULL;
    assert_int_equal(oai_files_create(&pre, g_c, &(oai_upload)OAI_UPLOAD_MEMORY("pre.txt", "pre", 3), "assistants", NULL),
                     OAI_OK);
    const char *given[] = {oai_json_path_string(pre, "id")};
    oai_upload files[3];
    static const char *const names[3] = {"one.txt", "two.txt", "three.txt"};
    for (int i = 0; i < 3; i++) {
        files[i] = (oai_upload)OAI_UPLOAD_INIT;
        files[i].filename = names[i];
        files[i].data = names[i];
        files[i].len = strlen(names[i]);
    }
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.max_concurrency = 2;
    oai_json *b = NULL;
    tu_emu_mark(&g_emu);
    assert_int_equal(oai_file_batches_upload_and_poll(&b, g_c, g_vs, files, 3,
                                                      given, 1, NULL, &po),
                     OAI_OK);
    assert_int_equal(
        oai_json_int(oai_json_path(b, "file_counts.in_progress"), -1), 0);
    assert_int_equal(
        oai_json_int(oai_json_path(b, "file_counts.completed"), -1), 4);
    assert_string_equal(oai_json_path_string(b, "object"),
                        "vector_store.file_batch");

    /* the uploads' ids, by filename, from the log; then the batch body */
    cJSON *log = tu_emu_log_new(&g_emu, 5);
    const char *batch_path = NULL;
    const cJSON *create = NULL;
    for (const cJSON *e = log->child; e; e = e->next)
        if (!strcmp(tu_emu_str(e, "method"), "POST") &&
            strstr(tu_emu_str(e, "path"), "file_batches"))
            create = e, batch_path = tu_emu_str(e, "path");
    assert_non_null(create);
    (void)batch_path;
    const cJSON *ids =
        cJSON_GetObjectItem(cJSON_GetObjectItem(create, "body"), "file_ids");
    assert_int_equal(cJSON_GetArraySize(ids), 4);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetArrayItem(ids, 0)),
                        given[0]);
    for (int i = 0; i < 3; i++) {
        oai_json *f = NULL;
        const char *id = cJSON_GetStringValue(cJSON_GetArrayItem(ids, i + 1));
        assert_int_equal(oai_files_retrieve(&f, g_c, id, NULL), OAI_OK);
        assert_string_equal(oai_json_path_string(f, "filename"),
                            names[i]); /* input order */
        oai_json_free(f);
    }
    cJSON_Delete(log);
    oai_json_free(b);
    oai_json_free(pre);
}

static void batch_create_and_poll_and_failing_upload(void **state)
{
    (void)state;
    oai_json *f1 = NULL;
    assert_int_equal(oai_files_create(&f1, g_c, &(oai_upload)OAI_UPLOAD_MEMORY("x.txt", "x", 1), "assistants", NULL),
                     OAI_OK);
    char body[128];
    snprintf(body, sizeof body, "{\"file_ids\":[\"%s\"]}",
             oai_json_path_string(f1, "id"));
    oai_json *p = js(body), *b = NULL;
    assert_int_equal(oai_file_batches_create_and_poll(&b, g_c, g_vs, p, NULL),
                     OAI_OK);
    assert_int_equal(
        oai_json_int(oai_json_path(b, "file_counts.in_progress"), -1), 0);
    oai_json_free(b);
    oai_json_free(p);
    oai_json_free(f1);

    /* an upload the server rejects (injected 400): no batch is created */
    oai_upload files[2];
    files[0] = (oai_upload)OAI_UPLOAD_INIT;
    files[0].filename = "good.txt";
    files[0].data = "g";
    files[0].len = 1;
    files[1] = files[0];
    files[1].filename = "bad.txt";
    const char *hdr[] = {"X-Emulator-Fault: status=400"};
    oai_request_options ro = OAI_REQUEST_OPTIONS_INIT;
    ro.headers = hdr;
    ro.n_headers = 1;
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.request = &ro;
    tu_emu_mark(&g_emu);
    assert_int_equal(oai_file_batches_upload_and_poll(&b, g_c, g_vs, files, 2,
                                                      NULL, 0, NULL, &po),
                     OAI_EBADREQUEST);
    assert_null(b);
    assert_non_null(
        strstr(oai_client_last_error(g_c)->message, "files[0] 'good.txt'"));
    cJSON *log = tu_emu_log_new(&g_emu, 2);
    assert_int_equal(cJSON_GetArraySize(log), 2); /* the two uploads only */
    for (const cJSON *e = log->child; e; e = e->next)
        assert_string_equal(tu_emu_str(e, "path"), "/v1/files");
    cJSON_Delete(log);
}

/* Threads of this process now (entries of /proc/self/task). */
static int thread_count(void)
{
    DIR *d = opendir("/proc/self/task");
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

typedef struct on_thread {
    pthread_t caller;
    int reports, foreign, max_threads;
} on_thread;

static int note_thread(const oai_poll_progress *p, void *ud)
{
    (void)p;
    on_thread *t = ud;
    t->reports++;
    t->foreign += !pthread_equal(pthread_self(), t->caller);
    int n = thread_count();
    if (n > t->max_threads)
        t->max_threads = n;
    return 0;
}

/* Batch uploads are multiplexed on the calling thread: every progress
 * report comes from it and no thread is started while they run (the
 * emulator is another process). */
static void uploads_on_calling_thread(void **state)
{
    (void)state;
    enum { N = 6 };
    oai_json *vs = NULL;
    assert_int_equal(oai_vector_stores_create(&vs, g_c, NULL, NULL), OAI_OK);
    oai_upload files[N];
    for (int i = 0; i < N; i++) {
        files[i] = (oai_upload)OAI_UPLOAD_INIT;
        files[i].filename = "t.txt";
        files[i].data = "threads";
        files[i].len = 7;
    }
    on_thread t = {.caller = pthread_self()};
    int before = thread_count();
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.max_concurrency = 3;
    po.poll_interval_ms = 20;
    po.progress = note_thread;
    po.user_data = &t;
    oai_json *b = NULL;
    assert_int_equal(oai_file_batches_upload_and_poll(&b, g_c, oai_json_path_string(vs, "id"), files, N, NULL,
                                                      0, NULL, &po),
                     OAI_OK);
    assert_int_equal(oai_json_int(oai_json_path(b, "file_counts.completed"), -1), N);
    oai_json_free(b);
    oai_json_free(vs);
    assert_true(t.reports >= N);
    assert_int_equal(t.foreign, 0);
    assert_int_equal(t.max_threads, before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(runs_create_and_poll),
        cmocka_unit_test(custom_interval),
        cmocka_unit_test(tool_loop),
        cmocka_unit_test(create_and_run_poll),
        cmocka_unit_test(deadline_on_endless_run),
        cmocka_unit_test(cancel_within_one_interval),
        cmocka_unit_test(vector_store_file_upload_and_poll),
        cmocka_unit_test(vector_store_file_create_and_poll),
        cmocka_unit_test(batch_upload_and_poll),
        cmocka_unit_test(batch_create_and_poll_and_failing_upload),
        cmocka_unit_test(uploads_on_calling_thread),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
