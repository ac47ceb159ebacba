/* The tests every event-loop adapter passes, against oai-emulator (streams,
 * plain requests, pollers, upload pollers, timers, removal). A test
 * program defines an at_loop (how to make its loop, multi and adapter,
 * run the loop and tear it down) and calls at_run_all(). The adapter's
 * socket and timer callbacks are wrapped to count what the multi asked. */
#ifndef OAI_TESTS_ADAPTER_TESTS_H
#define OAI_TESTS_ADAPTER_TESTS_H

#include <stdlib.h>

#include "multi_common.h"

/* What the multi asked of the adapter (through the wrappers). */
typedef struct at_calls {
    oai_socket_cb socket_cb;
    oai_timer_cb timer_cb;
    void *user_data;
    int sockets_added, sockets_removed, timer_calls, timer_zero;
    int timer_backoff; /* timeouts asked between 250 and 300 ms */
} at_calls;

typedef struct at_loop {
    void *(*open)(void);
    /* Make the adapter and a multi on c whose options went through
     * at_wrap(); *m gets the multi. */
    void (*multi)(void *loop, oai_client *c, at_calls *calls, oai_multi **m);
    /* Run the loop until it has nothing left to do (returns 0), until
     * stop(arg) is true (returns 1), or for at most max_ms (returns -1). */
    int (*run)(void *loop, int (*stop)(void *), void *arg, int64_t max_ms);
    /* Free the multi and the adapter, check the loop holds nothing of
     * theirs any more, free the loop. */
    void (*close)(void *loop, oai_multi *m);
} at_loop;

static const at_loop *g_at;
static tu_emu g_emu;
static char g_asst[64];

static inline int at_socket_cb(oai_socket fd, int what, void *sd, void *ud)
{
    at_calls *k = ud;
    if (what == OAI_POLL_REMOVE)
        k->sockets_removed += sd != NULL;
    else
        k->sockets_added += sd == NULL;
    return k->socket_cb(fd, what, sd, k->user_data);
}

static inline void at_timer_cb(long ms, void *ud)
{
    at_calls *k = ud;
    k->timer_calls++;
    k->timer_zero += ms == 0;
    k->timer_backoff += ms >= 250 && ms <= 300;
    k->timer_cb(ms, k->user_data);
}

/* Route the options the adapter filled through the counters. */
static inline void at_wrap(oai_multi_options *mo, at_calls *k)
{
    memset(k, 0, sizeof *k);
    k->socket_cb = mo->socket_cb;
    k->timer_cb = mo->timer_cb;
    k->user_data = mo->user_data;
    mo->socket_cb = at_socket_cb;
    mo->timer_cb = at_timer_cb;
    mo->user_data = k;
}

static int at_setup(void **state)
{
    (void)state;
    if (mc_emulator_with_assistant(&g_emu, g_asst, sizeof g_asst))
        return -1;
    return 0;
}

static int at_teardown(void **state)
{
    (void)state;
    tu_emu_stop(&g_emu);
    return 0;
}

#define AT_STREAMS 100
#define AT_WORDS 30
#define AT_REQUESTS 20

typedef struct at_req_log {
    int count, ok;
} at_req_log;

static inline void at_req_done(const oai_multi_msg *msg, void *ud)
{
    at_req_log *l = ud;
    l->count++;
    l->ok += msg->result == OAI_OK && msg->kind == OAI_MULTI_CALL;
}

static inline void at_poller_done(const oai_multi_msg *msg, void *ud)
{
    at_req_log *l = ud;
    l->count++;
    l->ok += msg->result == OAI_OK && msg->kind == OAI_MULTI_POLLER;
}

/* "s<i>w1 s<i>w2 ...": every stream's text is its own. */
static inline void at_words(char *buf, size_t cap, int i, int n)
{
    size_t off = 0;
    buf[0] = '\0';
    for (int k = 1; k <= n && off < cap; k++)
        off += (size_t)snprintf(buf + off, cap - off, "%ss%dw%d", k > 1 ? " " : "", i, k);
}

/* 100 streams with hooks and 20 plain requests at once; every text whole
 * and in order, every completion once, and the loop ends on its own. */
static void at_test_many_streams_and_requests(void **state)
{
    (void)state;
    void *loop = g_at->open();
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    at_calls k;
    g_at->multi(loop, c, &k, &m);
    mc_rec *rec = calloc(AT_STREAMS, sizeof *rec);
    oai_stream *s[AT_STREAMS];
    char words[256], msg[300];
    for (int i = 0; i < AT_STREAMS; i++) {
        at_words(words, sizeof words, i, AT_WORDS);
        snprintf(msg, sizeof msg, "#scenario:text %s", words);
        assert_int_equal(mc_stream(&s[i], c, g_asst, msg, &rec[i], 0, NULL), OAI_OK);
        assert_int_equal(oai_multi_add_stream(m, s[i], mc_done, &rec[i]), OAI_OK);
    }
    at_req_log rl = {0, 0};
    oai_call *r[AT_REQUESTS];
    for (int i = 0; i < AT_REQUESTS; i++)
        assert_int_equal(oai_multi_request(&r[i], m, "GET", "/assistants", NULL, NULL, NULL,
                                           at_req_done, &rl),
                         OAI_OK);
    /* starting asked for the timer at 0, which must not have fired from
     * inside that call: nothing was connected yet */
    assert_true(k.timer_zero > 0);
    assert_int_equal(k.sockets_added, 0);
    assert_int_equal(rec[0].deltas + rl.count, 0);

    assert_int_equal(g_at->run(loop, NULL, NULL, 60000), 0);
    for (int i = 0; i < AT_STREAMS; i++) {
        at_words(words, sizeof words, i, AT_WORDS);
        assert_string_equal(rec[i].text, words);
        assert_int_equal(rec[i].deltas, AT_WORDS);
        assert_int_equal(rec[i].ends, 1);
        assert_int_equal(rec[i].exceptions, 0);
        assert_int_equal(rec[i].dones, 1);
        assert_int_equal(rec[i].done_result, OAI_OK);
    }
    assert_int_equal(rl.count, AT_REQUESTS);
    assert_int_equal(rl.ok, AT_REQUESTS);
    for (int i = 0; i < AT_REQUESTS; i++) {
        const oai_response *resp;
        assert_int_equal(oai_call_result(&resp, r[i]), OAI_OK);
        assert_int_equal(oai_response_status(resp), 200);
        oai_call_free(r[i]);
    }
    assert_true(k.sockets_added > 0);
    /* the loop ended by itself: every watched socket was let go */
    assert_int_equal(k.sockets_removed, k.sockets_added);
    for (int i = 0; i < AT_STREAMS; i++)
        oai_stream_free(s[i]);
    free(rec);
    g_at->close(loop, m);
    oai_client_free(c);
}

/* Response streams on the loop: text whole and in order, and a tool loop
 * whose follow-up request is sent from a hook inside the loop. */
typedef struct at_rrec {
    mc_rec r;
    oai_response_stream *s;
    int submitted;
} at_rrec;

static inline int at_r_text(const char *d, size_t len, const char *snap, const oai_response_change *c,
                            void *ud)
{
    (void)snap;
    (void)c;
    mc_rec *r = &((at_rrec *)ud)->r;
    if (r->len + len < sizeof r->text) {
        memcpy(r->text + r->len, d, len + 1);
        r->len += len;
    }
    r->deltas++;
    return 0;
}

static inline int at_r_completed(const oai_json *resp, void *ud)
{
    at_rrec *x = ud;
    const oai_json *call = oai_json_first(oai_json_get(resp, "output"));
    const char *type = oai_json_string(oai_json_get(call, "type"));
    if (x->submitted || !type || strcmp(type, "function_call") != 0)
        return 0;
    char buf[160];
    snprintf(buf, sizeof buf, "[{\"call_id\":\"%s\",\"output\":\"sunny\"}]",
             oai_json_string(oai_json_get(call, "call_id")));
    oai_json *outs;
    assert_int_equal(oai_json_parse_cstr(&outs, buf), OAI_OK);
    x->submitted = 1;
    int rc = oai_response_stream_submit_function_outputs(x->s, outs);
    oai_json_free(outs);
    return rc;
}

static inline void at_r_end(void *ud)
{
    ((at_rrec *)ud)->r.ends++;
}

static void at_test_response_streams(void **state)
{
    (void)state;
    void *loop = g_at->open();
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    at_calls k;
    g_at->multi(loop, c, &k, &m);
    at_rrec *rec = calloc(AT_STREAMS, sizeof *rec);
    char words[256], params[600];
    for (int i = 0; i < AT_STREAMS; i++) {
        oai_response_handler h = OAI_RESPONSE_HANDLER_INIT;
        h.on_text_delta = at_r_text;
        h.on_completed = at_r_completed;
        h.on_end = at_r_end;
        h.user_data = &rec[i];
        oai_response_stream_options o = OAI_RESPONSE_STREAM_OPTIONS_INIT;
        o.handler = &h;
        at_words(words, sizeof words, i, AT_WORDS);
        if (i % 10 == 0)
            snprintf(params, sizeof params,
                     "{\"model\":\"m\",\"input\":\"#scenario:function\",\"tools\":[{\"type\":\"function\","
                     "\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}]}");
        else
            snprintf(params, sizeof params, "{\"model\":\"m\",\"input\":\"#scenario:text %s\"}", words);
        oai_json *p;
        assert_int_equal(oai_json_parse_cstr(&p, params), OAI_OK);
        assert_int_equal(oai_responses_stream(&rec[i].s, c, p, &o, NULL), OAI_OK);
        oai_json_free(p);
        assert_int_equal(oai_multi_add_response_stream(m, rec[i].s, mc_done, &rec[i].r), OAI_OK);
    }
    assert_int_equal(g_at->run(loop, NULL, NULL, 60000), 0);
    for (int i = 0; i < AT_STREAMS; i++) {
        at_words(words, sizeof words, i, AT_WORDS);
        assert_string_equal(rec[i].r.text,
                            i % 10 == 0 ? "Thanks! The tools returned: get_weather returned sunny" : words);
        assert_int_equal(rec[i].r.ends, 1);
        assert_int_equal(rec[i].r.dones, 1);
        assert_int_equal(rec[i].r.done_result, OAI_OK);
        oai_response_stream_free(rec[i].s);
    }
    assert_int_equal(k.sockets_removed, k.sockets_added);
    free(rec);
    g_at->close(loop, m);
    oai_client_free(c);
}

/* Deltas 800 ms apart, stall timeout 250 ms: only the loop's timer can
 * end the stream (no socket activity meanwhile, no other thread). */
static void at_test_stall_timeout(void **state)
{
    (void)state;
    void *loop = g_at->open();
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    at_calls k;
    g_at->multi(loop, c, &k, &m);
    mc_rec rec;
    memset(&rec, 0, sizeof rec);
    oai_request_options ro = OAI_REQUEST_OPTIONS_INIT;
    ro.read_timeout_ms = 10000;
    oai_stream *s;
    assert_int_equal(mc_stream(&s, c, g_asst, "#scenario:slow 800", &rec, 250, &ro), OAI_OK);
    assert_int_equal(oai_multi_add_stream(m, s, mc_done, &rec), OAI_OK);
    int64_t t0 = mc_now();
    assert_int_equal(g_at->run(loop, NULL, NULL, 10000), 0);
    assert_int_equal(rec.dones, 1);
    assert_int_equal(rec.done_result, OAI_ETIMEOUT);
    assert_int_equal(rec.timeouts, 1);
    assert_int_equal(rec.exceptions, 1);
    assert_int_equal(rec.ends, 1);
    assert_int_equal(rec.order_bad, 0);
    int64_t last = rec.last_delta_ms ? rec.last_delta_ms : t0;
    assert_true(rec.timeout_ms - last >= 240);
    assert_true(rec.timeout_ms - t0 < 5000);
    oai_stream_free(s);
    g_at->close(loop, m);
    oai_client_free(c);
}

/* 503 with retry-after-ms 300: the back-off is a loop timer of ~300 ms. */
static void at_test_retry_backoff(void **state)
{
    (void)state;
    void *loop = g_at->open();
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    at_calls k;
    g_at->multi(loop, c, &k, &m);
    const char *hdr[] = {"X-Emulator-Fault: status=503;count=1;retry-after-ms=300"};
    oai_request_options ro = OAI_REQUEST_OPTIONS_INIT;
    ro.headers = hdr;
    ro.n_headers = 1;
    ro.max_retries = 2;
    at_req_log rl = {0, 0};
    oai_call *r;
    int64_t t0 = mc_now();
    assert_int_equal(
        oai_multi_request(&r, m, "GET", "/assistants", NULL, NULL, &ro, at_req_done, &rl), OAI_OK);
    assert_int_equal(g_at->run(loop, NULL, NULL, 10000), 0);
    int64_t took = mc_now() - t0;
    assert_int_equal(rl.count, 1);
    assert_int_equal(rl.ok, 1);
    const oai_response *resp;
    assert_int_equal(oai_call_result(&resp, r), OAI_OK);
    assert_int_equal(oai_response_status(resp), 200);
    assert_true(k.timer_backoff > 0);
    assert_true(took >= 295);
    assert_true(took < 5000);
    oai_call_free(r);
    g_at->close(loop, m);
    oai_client_free(c);
}

typedef struct at_pair {
    mc_rec *a, *b;
} at_pair;

static int at_both_started(void *arg)
{
    at_pair *p = arg;
    return p->a->deltas >= 3 && p->b->deltas >= 3;
}

/* Removing one stream and freeing another mid-flight, from the loop:
 * on_end once each, no completion, and the loop ends on its own. */
static void at_test_remove_mid_flight(void **state)
{
    (void)state;
    void *loop = g_at->open();
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    at_calls k;
    g_at->multi(loop, c, &k, &m);
    mc_rec r1, r2;
    memset(&r1, 0, sizeof r1);
    memset(&r2, 0, sizeof r2);
    oai_stream *s1, *s2;
    assert_int_equal(mc_stream(&s1, c, g_asst, "#scenario:slow 50", &r1, 0, NULL), OAI_OK);
    assert_int_equal(mc_stream(&s2, c, g_asst, "#scenario:slow 50", &r2, 0, NULL), OAI_OK);
    assert_int_equal(oai_multi_add_stream(m, s1, mc_done, &r1), OAI_OK);
    assert_int_equal(oai_multi_add_stream(m, s2, mc_done, &r2), OAI_OK);
    at_pair p = {&r1, &r2};
    assert_int_equal(g_at->run(loop, at_both_started, &p, 10000), 1);
    assert_int_equal(oai_multi_remove_stream(m, s1), OAI_OK);
    assert_int_equal(r1.ends, 1);
    oai_stream_free(s2);
    assert_int_equal(r2.ends, 1);
    int d1 = r1.deltas;
    /* nothing left in flight: the loop ends without waiting for the runs */
    int64_t t0 = mc_now();
    assert_int_equal(g_at->run(loop, NULL, NULL, 5000), 0);
    assert_true(mc_now() - t0 < 1000);
    assert_int_equal(r1.deltas, d1);
    assert_int_equal(k.sockets_removed, k.sockets_added);
    const oai_event *ev;
    assert_int_equal(oai_stream_next(&ev, s1), OAI_ECANCELLED);
    oai_stream_free(s1);
    assert_int_equal(r1.ends, 1);
    assert_int_equal(r1.dones + r2.dones, 0);
    g_at->close(loop, m);
    oai_client_free(c);
}

#define AT_POLLERS 20

/* Create-and-run pollers: the waits between their GETs are the loop's
 * timer; every run ends completed and the loop ends on its own. */
static void at_test_pollers(void **state)
{
    (void)state;
    void *loop = g_at->open();
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    at_calls k;
    g_at->multi(loop, c, &k, &m);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 30;
    oai_poller *p[AT_POLLERS];
    at_req_log dl = {0, 0};
    for (int i = 0; i < AT_POLLERS; i++) {
        char body[256];
        snprintf(body, sizeof body,
                 "{\"assistant_id\":\"%s\",\"thread\":{\"messages\":[{\"role\":\"user\","
                 "\"content\":\"#scenario:text p%d\"}]}}",
                 g_asst, i);
        oai_json *params = NULL;
        assert_int_equal(oai_json_parse_cstr(&params, body), OAI_OK);
        assert_int_equal(oai_poller_threads_create_and_run_poll(&p[i], c, params, &po), OAI_OK);
        oai_json_free(params);
        assert_int_equal(oai_multi_add_poller(m, p[i], at_poller_done, &dl), OAI_OK);
    }
    assert_int_equal(g_at->run(loop, NULL, NULL, 30000), 0);
    assert_int_equal(dl.count, AT_POLLERS);
    assert_int_equal(dl.ok, AT_POLLERS);
    unsigned polls = 0;
    for (int i = 0; i < AT_POLLERS; i++) {
        const oai_json *run;
        assert_int_equal(oai_poller_result(&run, p[i]), OAI_OK);
        assert_string_equal(oai_json_path_string(run, "status"), "completed");
        assert_true(oai_poller_polls(p[i]) >= 1);
        polls += oai_poller_polls(p[i]);
        oai_poller_free(p[i]);
    }
    /* the first GET is immediate and the runs take longer than that: some
     * pollers waited an interval, which only the loop's timer ends */
    assert_true(polls > AT_POLLERS);
    assert_int_equal(k.sockets_removed, k.sockets_added);
    g_at->close(loop, m);
    oai_client_free(c);
}

#define AT_UPLOADERS 4
#define AT_UPLOAD_FILES 3

typedef struct at_upload_log {
    int done[AT_UPLOADERS][AT_UPLOAD_FILES];
    int bad; /* a done report whose bytes do not add up */
} at_upload_log;

typedef struct at_uploader {
    at_upload_log *log;
    int idx;
} at_uploader;

static inline int at_on_upload(const oai_poll_progress *pr, void *ud)
{
    at_uploader *u = ud;
    if (pr->phase == OAI_POLL_PHASE_UPLOAD && pr->upload_done) {
        u->log->done[u->idx][pr->file_index]++;
        u->log->bad += pr->bytes_sent != pr->bytes_total || pr->bytes_total != 9;
    }
    return 0;
}

/* Upload-and-poll pollers (two batches of three files, two single files)
 * at once on the loop: every upload reported done once, every batch made
 * of its three uploaded files, every vector-store file processed. */
static void at_test_upload_pollers(void **state)
{
    (void)state;
    void *loop = g_at->open();
    oai_client *c = tu_emu_client(&g_emu);
    oai_json *vs = NULL;
    assert_int_equal(oai_vector_stores_create(&vs, c, NULL, NULL), OAI_OK);
    char vs_id[64];
    snprintf(vs_id, sizeof vs_id, "%s", oai_json_path_string(vs, "id"));
    oai_json_free(vs);
    oai_multi *m;
    at_calls k;
    g_at->multi(loop, c, &k, &m);

    static const char *const names[AT_UPLOAD_FILES] = {"a.txt", "b.txt", "c.txt"};
    oai_upload files[AT_UPLOAD_FILES];
    for (int f = 0; f < AT_UPLOAD_FILES; f++) {
        oai_upload u = OAI_UPLOAD_INIT;
        u.filename = names[f];
        u.data = "uploaded!";
        u.len = 9;
        files[f] = u;
    }
    at_upload_log log;
    memset(&log, 0, sizeof log);
    at_uploader who[AT_UPLOADERS];
    oai_poller *p[AT_UPLOADERS];
    at_req_log dl = {0, 0};
    for (int i = 0; i < AT_UPLOADERS; i++) {
        who[i].log = &log;
        who[i].idx = i;
        oai_poll_options po = OAI_POLL_OPTIONS_INIT;
        po.poll_interval_ms = 20;
        po.max_concurrency = 2;
        po.progress = at_on_upload;
        po.user_data = &who[i];
        if (i % 2 == 0)
            assert_int_equal(oai_poller_file_batches_upload_and_poll(
                                 &p[i], c, vs_id, files, AT_UPLOAD_FILES, NULL, 0, NULL, &po),
                             OAI_OK);
        else
            assert_int_equal(oai_poller_vector_store_files_upload_and_poll(&p[i], c, vs_id,
                                                                          &files[i % 3], NULL, &po),
                             OAI_OK);
        assert_int_equal(oai_multi_add_poller(m, p[i], at_poller_done, &dl), OAI_OK);
    }
    assert_int_equal(g_at->run(loop, NULL, NULL, 30000), 0);
    assert_int_equal(dl.count, AT_UPLOADERS);
    assert_int_equal(dl.ok, AT_UPLOADERS);
    assert_int_equal(log.bad, 0);
    for (int i = 0; i < AT_UPLOADERS; i++) {
        const oai_json *obj;
        assert_int_equal(oai_poller_result(&obj, p[i]), OAI_OK);
        if (i % 2 == 0) {
            for (int f = 0; f < AT_UPLOAD_FILES; f++)
                assert_int_equal(log.done[i][f], 1);
            assert_int_equal(oai_json_number(oai_json_path(obj, "file_counts.total"), -1),
                             AT_UPLOAD_FILES);
            assert_int_equal(oai_json_number(oai_json_path(obj, "file_counts.in_progress"), -1),
                             0);
        } else {
            assert_int_equal(log.done[i][0], 1);
            assert_string_equal(oai_json_path_string(obj, "status"), "completed");
        }
        oai_poller_free(p[i]);
    }
    assert_int_equal(k.sockets_removed, k.sockets_added);
    g_at->close(loop, m);
    oai_client_free(c);
}

/* ---- chat streams ------------------------------------------------------ */

#define AT_CHATS 50

typedef struct at_chat {
    char text[512];
    int ends, exceptions, dones, done_result, answered;
    oai_chat_stream *s;
} at_chat;

static inline int at_chat_delta(const char *d, size_t len, const char *snap,
                                const oai_chat_change *c, void *ud)
{
    (void)len;
    (void)snap;
    (void)c;
    at_chat *r = ud;
    strncat(r->text, d, sizeof r->text - strlen(r->text) - 1);
    return 0;
}

/* Answers the tool calls from inside the loop's callback: the follow-up
 * request is sent without waiting and read by the same stream. */
static inline int at_chat_chunk(const oai_json *chunk, const oai_json *snap,
                                const oai_chat_update *u, void *ud)
{
    (void)chunk;
    (void)snap;
    (void)u;
    at_chat *r = ud;
    const char *fr = oai_chat_stream_finish_reason(r->s, 0);
    if (!fr || strcmp(fr, "tool_calls") != 0 || r->answered++)
        return 0;
    const oai_json *calls =
        oai_json_path(oai_chat_stream_choice(r->s, 0), "message.tool_calls");
    oai_json *outs = NULL;
    assert_int_equal(oai_json_new_array(&outs), OAI_OK);
    for (const oai_json *tc = oai_json_first(calls); tc; tc = oai_json_next(tc)) {
        oai_json *o = NULL;
        assert_int_equal(oai_json_new_object(&o), OAI_OK);
        assert_int_equal(oai_json_set_string(o, "tool_call_id",
                                             oai_json_path_string(tc, "id")),
                         OAI_OK);
        assert_int_equal(oai_json_set_string(o, "content", "x"), OAI_OK);
        assert_int_equal(oai_json_append(outs, o), OAI_OK);
        oai_json_free(o);
    }
    assert_int_equal(oai_chat_stream_submit_tool_outputs(r->s, outs), OAI_OK);
    oai_json_free(outs);
    return 0;
}

static inline void at_chat_end(void *ud)
{
    ((at_chat *)ud)->ends++;
}

static inline void at_chat_exception(const oai_error *e, void *ud)
{
    (void)e;
    ((at_chat *)ud)->exceptions++;
}

static inline void at_chat_done(const oai_multi_msg *msg, void *ud)
{
    assert_int_equal(msg->kind, OAI_MULTI_CHAT_STREAM);
    ((at_chat *)ud)->dones++;
    ((at_chat *)ud)->done_result = msg->result;
}

static inline void at_chat_start(at_chat *r, oai_client *c, oai_multi *m,
                                 const char *msg, int tools)
{
    char body[1024];
    snprintf(body, sizeof body,
             "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
             "\"content\":\"%s\"}]%s}",
             msg,
             tools ? ",\"tools\":[{\"type\":\"function\",\"function\":{"
                     "\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}},"
                     "{\"type\":\"function\",\"function\":{\"name\":\"g\","
                     "\"parameters\":{\"type\":\"object\"}}}]"
                   : "");
    oai_json *p = NULL;
    assert_int_equal(oai_json_parse_cstr(&p, body), OAI_OK);
    oai_chat_handler h = OAI_CHAT_HANDLER_INIT;
    h.user_data = r;
    h.on_chunk = at_chat_chunk;
    h.on_content_delta = at_chat_delta;
    h.on_end = at_chat_end;
    h.on_exception = at_chat_exception;
    oai_chat_stream_options so = OAI_CHAT_STREAM_OPTIONS_INIT;
    so.handler = &h;
    assert_int_equal(oai_chat_completions_stream(&r->s, c, p, &so, NULL), OAI_OK);
    oai_json_free(p);
    assert_int_equal(oai_multi_add_chat_stream(m, r->s, at_chat_done, r), OAI_OK);
}

/* 50 chat streams and a parallel tool loop at once, hooks running in the
 * loop's callbacks; every text whole, every completion once. */
static void at_test_chat_streams(void **state)
{
    (void)state;
    void *loop = g_at->open();
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    at_calls k;
    g_at->multi(loop, c, &k, &m);
    at_chat *rec = calloc(AT_CHATS + 1, sizeof *rec);
    char words[256], msg[300];
    for (int i = 0; i < AT_CHATS; i++) {
        at_words(words, sizeof words, i, AT_WORDS);
        snprintf(msg, sizeof msg, "#scenario:text %s", words);
        at_chat_start(&rec[i], c, m, msg, 0);
    }
    at_chat_start(&rec[AT_CHATS], c, m, "#scenario:parallel 2", 1);
    assert_int_equal(k.sockets_added, 0);
    assert_int_equal(g_at->run(loop, NULL, NULL, 60000), 0);
    for (int i = 0; i <= AT_CHATS; i++) {
        if (i < AT_CHATS) {
            at_words(words, sizeof words, i, AT_WORDS);
            assert_string_equal(rec[i].text, words);
        } else {
            assert_int_equal(rec[i].answered, 1);
            assert_string_equal(rec[i].text, "Done: f returned x; g returned x.");
        }
        assert_int_equal(rec[i].ends, 1);
        assert_int_equal(rec[i].exceptions, 0);
        assert_int_equal(rec[i].dones, 1);
        assert_int_equal(rec[i].done_result, OAI_OK);
        oai_chat_stream_free(rec[i].s);
    }
    assert_true(k.sockets_added > 0);
    assert_int_equal(k.sockets_removed, k.sockets_added);
    free(rec);
    g_at->close(loop, m);
    oai_client_free(c);
}

static inline int at_run_all(const at_loop *l)
{
    g_at = l;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(at_test_many_streams_and_requests),
        cmocka_unit_test(at_test_response_streams),
        cmocka_unit_test(at_test_stall_timeout),
        cmocka_unit_test(at_test_retry_backoff),
        cmocka_unit_test(at_test_remove_mid_flight),
        cmocka_unit_test(at_test_pollers),
        cmocka_unit_test(at_test_upload_pollers),
        cmocka_unit_test(at_test_chat_streams),
    };
    return cmocka_run_group_tests(tests, at_setup, at_teardown);
}

#endif
