/* Background responses polled against oai-emulator, where a response goes
 * queued -> in_progress -> terminal on the emulator's clock: the blocking
 * helpers with their request sequence and spacing read back from the
 * request log, poll(id) of an existing response, failed and incomplete
 * results, max_wait and the cancel token followed by a server-side
 * cancel, the API's error for cancelling a foreground response, and 1,000
 * background responses polled by pollers on one multi on one thread. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cancel_later.h"
#include "emu.h"
#include "oai.h"
#include "testutil.h"

static tu_emu g_emu;
static oai_client *g_c;

static int setup(void **state)
{
    (void)state;
    static const char *const args[] = {"--step-ms", "30", "--delta-ms", "2",
                                       NULL};
    if (tu_emu_start(&g_emu, args) || !(g_c = tu_emu_client(&g_emu)))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    oai_client_free(g_c);
    tu_emu_stop(&g_emu);
    return 0;
}

static oai_json *js(const char *text)
{
    oai_json *j = NULL;
    assert_int_equal(oai_json_parse_cstr(&j, text), OAI_OK);
    return j;
}

static oai_json *input(const char *text)
{
    char body[256];
    snprintf(body, sizeof body, "{\"model\":\"gpt-4o\",\"input\":\"%s\"}",
             text);
    return js(body);
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double t_of(const cJSON *e)
{
    return cJSON_GetNumberValue(cJSON_GetObjectItem(e, "time_ms"));
}

typedef struct trail {
    char s[200];
    int reports;
} trail;

static int on_progress(const oai_poll_progress *p, void *ud)
{
    trail *t = ud;
    t->reports++;
    if (p->status_changed)
        snprintf(t->s + strlen(t->s), sizeof t->s - strlen(t->s), "%s%s",
                 *t->s ? ">" : "", p->status ? p->status : "?");
    return 0;
}

/* A terminal response polls to `status` with a single GET. */
static void poll_once(const char *id, const char *status)
{
    oai_json *r = NULL;
    tu_emu_mark(&g_emu);
    assert_int_equal(oai_responses_poll(&r, g_c, id, NULL), OAI_OK);
    assert_string_equal(oai_responses_status(r), status);
    oai_json_free(r);
    cJSON *log = tu_emu_log_new(&g_emu, 1);
    assert_int_equal(cJSON_GetArraySize(log), 1);
    cJSON_Delete(log);
}

/* create_and_poll: POST with background: true, then GETs of the response,
 * the first at once, the rest poll_interval_ms apart, until completed. */
static void create_and_poll_progression(void **state)
{
    (void)state;
    oai_json *p = input("#scenario:long 40"), *r = NULL;
    trail t = {"", 0};
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 25;
    po.progress = on_progress;
    po.user_data = &t;
    tu_emu_mark(&g_emu);
    assert_int_equal(oai_responses_create_and_poll(&r, g_c, p, &po), OAI_OK);
    oai_json_free(p);
    assert_string_equal(oai_responses_status(r), "completed");
    assert_true(oai_json_bool(oai_json_get(r, "background"), 0));
    char *text = NULL;
    assert_int_equal(oai_responses_output_text(&text, r), OAI_OK);
    assert_true(strlen(text) > 40);
    oai_free(text);
    /* the emulator's lifecycle, each status reported once as it changed */
    assert_non_null(strstr(t.s, "in_progress>completed"));
    assert_true(!strncmp(t.s, "queued>", 7) ||
                !strncmp(t.s, "in_progress", 11));
    char path[128];
    snprintf(path, sizeof path, "/v1/responses/%s",
             oai_json_path_string(r, "id"));
    oai_json_free(r);

    cJSON *log = tu_emu_log_new(&g_emu, 3);
    const cJSON *post = log->child;
    assert_string_equal(tu_emu_str(post, "method"), "POST");
    assert_string_equal(tu_emu_str(post, "path"), "/v1/responses");
    assert_true(cJSON_IsTrue(
        cJSON_GetObjectItem(cJSON_GetObjectItem(post, "body"), "background")));
    assert_null(tu_emu_header(post, "x-stainless-poll-helper"));
    int gets = 0;
    const cJSON *prev = post;
    for (const cJSON *e = post->next; e; prev = e, e = e->next) {
        assert_string_equal(tu_emu_str(e, "method"), "GET");
        assert_string_equal(tu_emu_str(e, "path"), path);
        assert_string_equal(tu_emu_header(e, "x-stainless-poll-helper"),
                            "true");
        assert_string_equal(
            tu_emu_header(e, "x-stainless-custom-poll-interval"), "25");
        assert_null(tu_emu_header(e, "openai-beta"));
        double gap = t_of(e) - t_of(prev);
        if (gets == 0)
            assert_true(gap < 500); /* no wait before the first GET */
        else
            assert_true(gap >= 20 && gap < 1500);
        gets++;
    }
    assert_int_equal(gets, t.reports);
    assert_true(gets >= 3);
    cJSON_Delete(log);
}

/* poll(id) follows a background response created elsewhere; a failed or
 * incomplete one is returned with OAI_OK for the caller to inspect. */
static void poll_existing_and_outcomes(void **state)
{
    (void)state;
    static const struct {
        const char *scenario, *status;
    } cases[] = {{"#scenario:text Later.", "completed"},
                 {"#scenario:fail rate_limit_exceeded", "failed"},
                 {"#scenario:incomplete", "incomplete"}};
    for (size_t i = 0; i < 3; i++) {
        char body[256];
        snprintf(body, sizeof body,
                 "{\"model\":\"gpt-4o\",\"input\":\"%s\",\"background\":true}",
                 cases[i].scenario);
        oai_json *p = js(body), *r = NULL;
        assert_int_equal(oai_responses_create(&r, g_c, p, NULL), OAI_OK);
        oai_json_free(p);
        assert_string_equal(oai_responses_status(r), "queued");
        char id[80];
        snprintf(id, sizeof id, "%s", oai_json_path_string(r, "id"));
        oai_json_free(r);
        oai_poll_options po = OAI_POLL_OPTIONS_INIT;
        po.poll_interval_ms = 20;
        assert_int_equal(oai_responses_poll(&r, g_c, id, &po), OAI_OK);
        assert_string_equal(oai_responses_status(r), cases[i].status);
        if (i == 1)
            assert_string_equal(
                oai_json_path_string(oai_responses_error(r), "code"),
                "rate_limit_exceeded");
        if (i == 2)
            assert_string_equal(oai_responses_incomplete_reason(r),
                                "max_output_tokens");
        oai_json_free(r);
    }
}

/* max_wait ends the helper, not the response: it runs on until the
 * caller cancels it; a cancelled response then polls terminal at once. */
static void max_wait_then_cancel(void **state)
{
    (void)state;
    oai_json *p = input("#scenario:long 400 20"), *r = NULL;
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 40;
    po.max_wait_ms = 300;
    int64_t t0 = now_ms();
    assert_int_equal(oai_responses_create_and_poll(&r, g_c, p, &po),
                     OAI_EPOLLTIMEOUT);
    int64_t took = now_ms() - t0;
    oai_json_free(p);
    assert_true(took >= 295 && took < 3000);
    assert_non_null(r);
    assert_string_equal(oai_responses_status(r), "in_progress");
    assert_non_null(
        strstr(oai_client_last_error(g_c)->message, "max_wait_ms=300"));
    char id[80];
    snprintf(id, sizeof id, "%s", oai_json_path_string(r, "id"));
    oai_json_free(r);
    assert_int_equal(oai_responses_cancel(&r, g_c, id, NULL), OAI_OK);
    assert_string_equal(oai_responses_status(r), "cancelled");
    oai_json_free(r);
    poll_once(id, "cancelled");
}

/* The token, set from another thread, ends a 5 s wait at once. */
static void cancel_token_other_thread(void **state)
{
    (void)state;
    oai_cancel *tok = NULL;
    assert_int_equal(oai_cancel_new(&tok), OAI_OK);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 5000;
    po.cancel = tok;
    cancel_later k;
    cancel_later_start(&k, tok, 250);
    oai_json *p = input("#scenario:long 400 20"), *r = NULL;
    int64_t t0 = now_ms();
    assert_int_equal(oai_responses_create_and_poll(&r, g_c, p, &po),
                     OAI_ECANCELLED);
    int64_t took = now_ms() - t0;
    cancel_later_join(&k);
    oai_json_free(p);
    assert_true(took >= 240 && took < 2500);
    assert_non_null(r);
    char id[80];
    snprintf(id, sizeof id, "%s", oai_json_path_string(r, "id"));
    oai_json_free(r);
    assert_int_equal(oai_responses_cancel(&r, g_c, id, NULL), OAI_OK);
    assert_string_equal(oai_responses_status(r), "cancelled");
    oai_json_free(r);
    oai_cancel_free(tok);
}

/* Only background responses can be cancelled: the API's 400, reported as
 * it came; polling a foreground response returns it at the first GET. */
static void foreground_cancel_error(void **state)
{
    (void)state;
    oai_json *p = input("#scenario:text Now."), *r = NULL;
    assert_int_equal(oai_responses_create(&r, g_c, p, NULL), OAI_OK);
    oai_json_free(p);
    char id[80];
    snprintf(id, sizeof id, "%s", oai_json_path_string(r, "id"));
    oai_json_free(r);
    assert_int_equal(oai_responses_cancel(&r, g_c, id, NULL), OAI_EBADREQUEST);
    assert_null(r);
    const oai_error *e = oai_client_last_error(g_c);
    assert_int_equal(e->http_status, 400);
    assert_string_equal(e->type, "invalid_request_error");
    assert_non_null(strstr(e->message, "Cannot cancel a synchronous response"));
    poll_once(id, "completed");
}

typedef struct done_log {
    int dones, result;
} done_log;

static void on_done(const oai_multi_msg *msg, void *ud)
{
    done_log *d = ud;
    d->dones++;
    d->result = msg->result;
}

/* 1,000 background responses created and polled by pollers on one multi,
 * driven by one thread. */
static void thousand_on_one_thread(void **state)
{
    (void)state;
    enum { N = 1000 };
    oai_multi *m = NULL;
    assert_int_equal(oai_multi_new(&m, g_c, NULL), OAI_OK);
    static oai_poller *pl[N];
    static done_log d[N];
    memset(d, 0, sizeof d);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 50;
    tu_emu_mark(&g_emu);
    for (int i = 0; i < N; i++) {
        char text[64];
        snprintf(text, sizeof text, "#scenario:text reply %d", i);
        oai_json *p = input(text);
        assert_int_equal(
            oai_poller_responses_create_and_poll(&pl[i], g_c, p, &po), OAI_OK);
        oai_json_free(p); /* copied */
        assert_int_equal(oai_multi_add_poller(m, pl[i], on_done, &d[i]),
                         OAI_OK);
    }
    int64_t t0 = now_ms(), end = t0 + 120000;
    int running = 1;
    while (running && now_ms() < end) {
        assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
        if (running)
            oai_multi_wait(m, 1000);
    }
    assert_int_equal(running, 0);
    int64_t took = now_ms() - t0;
    unsigned gets = 0;
    for (int i = 0; i < N; i++) {
        assert_int_equal(d[i].dones, 1);
        assert_int_equal(d[i].result, OAI_OK);
        const oai_json *r;
        assert_int_equal(oai_poller_result(&r, pl[i]), OAI_OK);
        assert_string_equal(oai_responses_status(r), "completed");
        char *text = NULL, want[64];
        assert_int_equal(oai_responses_output_text(&text, r), OAI_OK);
        snprintf(want, sizeof want, "reply %d", i);
        assert_string_equal(text, want);
        oai_free(text);
        gets += oai_poller_polls(pl[i]);
        oai_poller_free(pl[i]);
    }
    cJSON *log = tu_emu_log_new(&g_emu, N + gets);
    unsigned posts = 0, logged_gets = 0;
    for (const cJSON *e = log->child; e; e = e->next)
        if (!strcmp(tu_emu_str(e, "method"), "POST"))
            posts++;
        else
            logged_gets++;
    cJSON_Delete(log);
    assert_int_equal(posts, N);
    assert_int_equal(logged_gets, gets);
    print_message("%d background responses polled on one thread in %lld ms, "
                  "%u GETs\n",
                  N, (long long)took, gets);
    oai_multi_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(create_and_poll_progression),
        cmocka_unit_test(poll_existing_and_outcomes),
        cmocka_unit_test(max_wait_then_cancel),
        cmocka_unit_test(cancel_token_other_thread),
        cmocka_unit_test(foreground_cancel_error),
        cmocka_unit_test(thousand_on_one_thread),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
