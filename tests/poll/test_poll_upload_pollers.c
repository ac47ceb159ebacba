/* Upload-and-poll pollers on a multi, against the scripted loopback server
 * (each upload answered after a delay, so what is in flight at once can be
 * seen on the server side): uploads of several pollers multiplexed on one
 * thread, the batch and the vector-store file made of the uploaded ids,
 * progress reports, the failed upload named in the error, sources copied
 * at creation, cancellation before the start, during the uploads and
 * during the polls (from another thread, waking the loop), removal. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "upload_server.h"

#define UPLOAD_DELAY_MS 200
#define GENERIC_ANSWER                                                                             \
    "{\"id\":\"obj_1\",\"status\":\"completed\",\"file_counts\":{\"in_progress\":0}}"
#define PENDING_ANSWER                                                                             \
    "{\"id\":\"obj_1\",\"status\":\"in_progress\",\"file_counts\":{\"in_progress\":1}}"

static void push_answers(int n, const char *body)
{
    for (int k = 0; k < n; k++) {
        ts_reply r = {.status = 200, .body = body};
        ts_push(g_s, &r);
    }
}

/* The arrival index of the upload of `name`, or -1. */
static int upload_of(const char *name)
{
    char want[64];
    snprintf(want, sizeof want, "filename=\"%s\"", name);
    for (int k = 0; k < ts_nrequests(g_s); k++) {
        const ts_request *r = ts_request_at(g_s, k);
        if (!strcmp(r->target, "/v1/files") && strstr(r->body, want))
            return k;
    }
    return -1;
}

/* The request to `target`, or NULL. */
static const ts_request *request_to(const char *target, const char *method)
{
    for (int k = 0; k < ts_nrequests(g_s); k++) {
        const ts_request *r = ts_request_at(g_s, k);
        if (!strcmp(r->target, target) && !strcmp(r->method, method))
            return r;
    }
    return NULL;
}

typedef struct progress_log {
    int upload_done[4];
    int upload_reports, polls;
    int poll_before_upload_done;
} progress_log;

static int on_progress(const oai_poll_progress *p, void *ud)
{
    progress_log *l = ud;
    if (p->phase == OAI_POLL_PHASE_UPLOAD) {
        l->upload_reports++;
        if (p->upload_done && p->file_index < 4) {
            l->upload_done[p->file_index]++;
            assert_int_equal(p->bytes_sent, p->bytes_total);
        }
        assert_true(p->bytes_sent <= p->bytes_total);
        l->poll_before_upload_done += l->polls > 0;
    } else {
        l->polls++;
    }
    return 0;
}

/* Level-1 loop until nothing runs; each wait may last `wait_ms`. */
static void run(oai_multi *m, int wait_ms, int64_t max_ms)
{
    int64_t end = ts_now_ms() + max_ms;
    int running = 1;
    while (running) {
        assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
        if (running) {
            assert_true(ts_now_ms() < end);
            assert_int_equal(oai_multi_wait(m, wait_ms), OAI_OK);
        }
    }
}

/* A batch of two uploaded files (after a given id) and a vector-store file
 * uploaded at the same time on one multi: the three uploads are in flight
 * together, each created object names the ids its own uploads got, and the
 * sources (freed right after creation) were copied. */
static void two_pollers_share_the_thread(void **state)
{
    (void)state;
    push_uploads(3, -1, -1, UPLOAD_DELAY_MS);
    push_answers(4, GENERIC_ANSWER); /* two creations, two polls */
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, g_c, NULL), OAI_OK);

    char *names[3], *bytes = strdup("hello");
    oai_upload files[3];
    for (int i = 0; i < 3; i++) {
        char n[16];
        snprintf(n, sizeof n, "%c.txt", 'a' + i);
        names[i] = strdup(n);
        files[i] = mem_file(names[i]);
        files[i].data = bytes;
    }
    const char *given[] = {"pre"};
    progress_log bl = {0}, fl = {0};
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.progress = on_progress;
    po.user_data = &bl;
    oai_poller *batch, *file;
    assert_int_equal(oai_poller_file_batches_upload_and_poll(&batch, g_c, "vs_1", files, 2, given,
                                                             1, NULL, &po),
                     OAI_OK);
    po.user_data = &fl;
    assert_int_equal(
        oai_poller_vector_store_files_upload_and_poll(&file, g_c, "vs_1", &files[2], NULL, &po),
        OAI_OK);
    for (int i = 0; i < 3; i++) {
        memset(names[i], 'x', strlen(names[i]));
        free(names[i]);
    }
    memset(bytes, 'x', 5);
    free(bytes);
    assert_int_equal(ts_nrequests(g_s), 0); /* creation sends nothing */

    assert_int_equal(oai_multi_add_poller(m, batch, NULL, NULL), OAI_OK);
    assert_int_equal(oai_multi_add_poller(m, file, NULL, NULL), OAI_OK);
    run(m, 1000, 5000);

    const oai_json *b, *f;
    assert_int_equal(oai_poller_result(&b, batch), OAI_OK);
    assert_int_equal(oai_poller_result(&f, file), OAI_OK);
    assert_string_equal(oai_json_path_string(f, "status"), "completed");
    assert_int_equal(ts_nrequests(g_s), 7);

    /* all three uploads arrived before the first was answered */
    int ka = upload_of("a.txt"), kb = upload_of("b.txt"), kc = upload_of("c.txt");
    assert_true(ka >= 0 && kb >= 0 && kc >= 0);
    int64_t first = ts_request_at(g_s, 0)->at_ms;
    for (int k = 0; k < 3; k++)
        assert_true(ts_request_at(g_s, k)->at_ms < first + UPLOAD_DELAY_MS);
    assert_non_null(strstr(ts_request_at(g_s, ka)->body, "\r\n\r\nhello\r\n"));

    char expect[128];
    snprintf(expect, sizeof expect, "{\"file_ids\":[\"pre\",\"file-%d\",\"file-%d\"]}", ka, kb);
    const ts_request *cb = request_to("/v1/vector_stores/vs_1/file_batches", "POST");
    assert_non_null(cb);
    assert_string_equal(cb->body, expect);
    snprintf(expect, sizeof expect, "{\"file_id\":\"file-%d\"}", kc);
    const ts_request *cf = request_to("/v1/vector_stores/vs_1/files", "POST");
    assert_non_null(cf);
    assert_string_equal(cf->body, expect);
    char target[96];
    snprintf(target, sizeof target, "/v1/vector_stores/vs_1/files/file-%d", kc);
    const ts_request *gf = request_to(target, "GET");
    assert_non_null(gf);
    assert_string_equal(ts_req_header(gf, "X-Stainless-Poll-Helper"), "true");
    assert_non_null(request_to("/v1/vector_stores/vs_1/file_batches/obj_1", "GET"));

    /* every upload reported done once, before the polls */
    assert_int_equal(bl.upload_done[0], 1);
    assert_int_equal(bl.upload_done[1], 1);
    assert_int_equal(fl.upload_done[0], 1);
    assert_int_equal(bl.polls, 1);
    assert_int_equal(fl.polls, 1);
    assert_int_equal(bl.poll_before_upload_done + fl.poll_before_upload_done, 0);
    oai_poller_free(batch);
    oai_poller_free(file);
    oai_multi_free(m);
}

/* Sequential uploads: the second fails, the third is still uploaded, no
 * batch is created, and the poller's error names the file. */
static void failed_upload_is_named(void **state)
{
    (void)state;
    oai_upload files[3] = {mem_file("a.txt"), mem_file("b.txt"), mem_file("c.txt")};
    push_uploads(3, 1, 1, 0);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, g_c, NULL), OAI_OK);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.max_concurrency = 1;
    oai_poller *p;
    assert_int_equal(
        oai_poller_file_batches_upload_and_poll(&p, g_c, "vs_1", files, 3, NULL, 0, NULL, &po),
        OAI_OK);
    assert_int_equal(oai_multi_add_poller(m, p, NULL, NULL), OAI_OK);
    run(m, 1000, 5000);
    const oai_json *b = (const oai_json *)1;
    assert_int_equal(oai_poller_result(&b, p), OAI_EBADREQUEST);
    assert_null(b);
    assert_int_equal(ts_nrequests(g_s), 3); /* all uploads, no batch */
    const oai_error *e = oai_poller_error(p);
    assert_int_equal(e->code, OAI_EBADREQUEST);
    assert_int_equal(e->http_status, 400);
    assert_string_equal(e->message, "upload of files[1] 'b.txt' failed: 400 Invalid file format.");
    assert_string_equal(e->param, "file");
    oai_poller_free(p);
    oai_multi_free(m);
}

/* Bad sources and arguments are refused at creation, nothing sent. */
static void bad_arguments_at_creation(void **state)
{
    (void)state;
    oai_upload files[2] = {mem_file("a.txt"), OAI_UPLOAD_INIT};
    files[1].path = "/nonexistent/dir/report.pdf";
    oai_poller *p = (oai_poller *)1;
    assert_int_equal(
        oai_poller_file_batches_upload_and_poll(&p, g_c, "vs_1", files, 2, NULL, 0, NULL, NULL),
        OAI_EFILE);
    assert_null(p);
    assert_non_null(strstr(oai_client_last_error(g_c)->message, "files[1]"));
    assert_int_equal(
        oai_poller_file_batches_upload_and_poll(&p, g_c, "vs_1", NULL, 0, NULL, 0, NULL, NULL),
        OAI_EINVAL);
    assert_int_equal(
        oai_poller_vector_store_files_upload_and_poll(&p, g_c, "vs_1", NULL, NULL, NULL),
        OAI_EINVAL);
    assert_int_equal(
        oai_poller_vector_store_files_upload_and_poll(&p, g_c, "", &files[0], NULL, NULL),
        OAI_EINVAL);
    assert_int_equal(ts_nrequests(g_s), 0);
}

static void cancel_before_start(void **state)
{
    (void)state;
    oai_upload f = mem_file("a.txt");
    oai_cancel *tok = NULL;
    assert_int_equal(oai_cancel_new(&tok), OAI_OK);
    oai_cancel_trigger(tok);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.cancel = tok;
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, g_c, NULL), OAI_OK);
    oai_poller *p;
    assert_int_equal(oai_poller_vector_store_files_upload_and_poll(&p, g_c, "vs_1", &f, NULL, &po),
                     OAI_OK);
    assert_int_equal(oai_multi_add_poller(m, p, NULL, NULL), OAI_OK);
    run(m, 1000, 2000);
    const oai_json *obj = (const oai_json *)1;
    assert_int_equal(oai_poller_result(&obj, p), OAI_ECANCELLED);
    assert_null(obj);
    assert_int_equal(ts_nrequests(g_s), 0);
    oai_poller_free(p);
    oai_multi_free(m);
    oai_cancel_free(tok);
}

typedef struct trigger_arg {
    oai_cancel *tok;
    int after_ms;
} trigger_arg;

static void *trigger_later(void *arg)
{
    trigger_arg *t = arg;
    struct timespec ts = {t->after_ms / 1000, (t->after_ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    oai_cancel_trigger(t->tok);
    return NULL;
}

/* Start a poller with a token that another thread triggers after
 * `after_ms`, run it with long waits; returns how long it took. */
static int64_t run_cancelled(oai_poller *p, oai_cancel *tok, int after_ms)
{
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, g_c, NULL), OAI_OK);
    assert_int_equal(oai_multi_add_poller(m, p, NULL, NULL), OAI_OK);
    trigger_arg t = {tok, after_ms};
    pthread_t th;
    int64_t t0 = ts_now_ms();
    assert_int_equal(pthread_create(&th, NULL, trigger_later, &t), 0);
    run(m, 10000, 8000);
    int64_t took = ts_now_ms() - t0;
    pthread_join(th, NULL);
    oai_multi_free(m);
    return took;
}

/* A token set from another thread while uploads are in flight aborts
 * them: no batch, no wait for the slow answers. */
static void cancel_during_uploads(void **state)
{
    (void)state;
    oai_upload files[3] = {mem_file("a.txt"), mem_file("b.txt"), mem_file("c.txt")};
    push_uploads(3, -1, -1, 3000);
    oai_cancel *tok = NULL;
    assert_int_equal(oai_cancel_new(&tok), OAI_OK);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.cancel = tok;
    oai_poller *p;
    assert_int_equal(
        oai_poller_file_batches_upload_and_poll(&p, g_c, "vs_1", files, 3, NULL, 0, NULL, &po),
        OAI_OK);
    int64_t took = run_cancelled(p, tok, 60);
    const oai_json *obj = (const oai_json *)1;
    assert_int_equal(oai_poller_result(&obj, p), OAI_ECANCELLED);
    assert_null(obj);
    assert_true(took >= 55 && took < 1500);
    assert_string_equal(oai_poller_error(p)->message, "polling cancelled");
    oai_poller_free(p);
    oai_cancel_free(tok);
}

/* A token set from another thread during the 5 s wait between polls wakes
 * the loop blocked in oai_multi_wait(): the poller ends at once with the
 * last object seen. */
static void cancel_during_polls(void **state)
{
    (void)state;
    oai_upload f = mem_file("a.txt");
    push_uploads(1, -1, -1, 0);
    push_answers(3, PENDING_ANSWER); /* the creation, then polls */
    oai_cancel *tok = NULL;
    assert_int_equal(oai_cancel_new(&tok), OAI_OK);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.cancel = tok;
    po.poll_interval_ms = 5000;
    oai_poller *p;
    assert_int_equal(
        oai_poller_file_batches_upload_and_poll(&p, g_c, "vs_1", &f, 1, NULL, 0, NULL, &po),
        OAI_OK);
    int64_t took = run_cancelled(p, tok, 300);
    const oai_json *obj = NULL;
    assert_int_equal(oai_poller_result(&obj, p), OAI_ECANCELLED);
    assert_non_null(obj);
    assert_string_equal(oai_json_path_string(obj, "status"), "in_progress");
    assert_int_equal(oai_poller_polls(p), 1);
    assert_true(took >= 295 && took < 2500);
    assert_int_equal(ts_nrequests(g_s), 3); /* upload, creation, one poll */
    oai_poller_free(p);
    oai_cancel_free(tok);
}

/* The blocking helper is the same poller: cancelled from another thread
 * during its wait between polls, it returns at once with the last object. */
static void blocking_cancel_during_polls(void **state)
{
    (void)state;
    oai_upload f = mem_file("a.txt");
    push_uploads(1, -1, -1, 0);
    push_answers(3, "{\"id\":\"file-0\",\"status\":\"in_progress\"}");
    oai_cancel *tok = NULL;
    assert_int_equal(oai_cancel_new(&tok), OAI_OK);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.cancel = tok;
    po.poll_interval_ms = 5000;
    trigger_arg t = {tok, 300};
    pthread_t th;
    int64_t t0 = ts_now_ms();
    assert_int_equal(pthread_create(&th, NULL, trigger_later, &t), 0);
    oai_json *obj = NULL;
    assert_int_equal(oai_vector_store_files_upload_and_poll(&obj, g_c, "vs_1", &f, NULL, &po),
                     OAI_ECANCELLED);
    int64_t took = ts_now_ms() - t0;
    pthread_join(th, NULL);
    assert_non_null(obj);
    assert_string_equal(oai_json_path_string(obj, "status"), "in_progress");
    oai_json_free(obj);
    assert_true(took >= 295 && took < 2500);
    assert_int_equal(oai_client_last_error(g_c)->code, OAI_ECANCELLED);
    oai_cancel_free(tok);
}

/* Removal during the uploads aborts them. */
static void remove_during_uploads(void **state)
{
    (void)state;
    oai_upload files[2] = {mem_file("a.txt"), mem_file("b.txt")};
    push_uploads(2, -1, -1, 3000);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, g_c, NULL), OAI_OK);
    oai_poller *p;
    assert_int_equal(
        oai_poller_file_batches_upload_and_poll(&p, g_c, "vs_1", files, 2, NULL, 0, NULL, NULL),
        OAI_OK);
    assert_int_equal(oai_multi_add_poller(m, p, NULL, NULL), OAI_OK);
    int64_t t0 = ts_now_ms();
    int running = 1;
    while (ts_nrequests(g_s) < 2 && ts_now_ms() < t0 + 2000) {
        assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
        assert_int_equal(oai_multi_wait(m, 20), OAI_OK);
    }
    assert_int_equal(oai_multi_remove_poller(m, p), OAI_OK);
    assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
    assert_int_equal(running, 0);
    const oai_json *obj = (const oai_json *)1;
    assert_int_equal(oai_poller_result(&obj, p), OAI_ECANCELLED);
    assert_null(obj);
    assert_true(ts_now_ms() - t0 < 1500);
    oai_poller_free(p);
    oai_multi_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(two_pollers_share_the_thread, start, stop),
        cmocka_unit_test_setup_teardown(failed_upload_is_named, start, stop),
        cmocka_unit_test_setup_teardown(bad_arguments_at_creation, start, stop),
        cmocka_unit_test_setup_teardown(cancel_before_start, start, stop),
        cmocka_unit_test_setup_teardown(cancel_during_uploads, start, stop),
        cmocka_unit_test_setup_teardown(cancel_during_polls, start, stop),
        cmocka_unit_test_setup_teardown(blocking_cancel_during_polls, start, stop),
        cmocka_unit_test_setup_teardown(remove_during_uploads, start, stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
