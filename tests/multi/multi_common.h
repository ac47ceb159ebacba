/* Shared by the multi tests: an emulator, an assistant, streams whose
 * text is recorded by the hooks, and a bounded level-1 loop. */
#ifndef OAI_TESTS_MULTI_COMMON_H
#define OAI_TESTS_MULTI_COMMON_H

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "emu.h"
#include "oai.h"
#include "testutil.h"

static inline int64_t mc_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* What the hooks of one stream saw. */
typedef struct mc_rec {
    char text[4096];
    size_t len;
    int deltas, ends, exceptions, timeouts, dones, order_bad;
    int last_code;
    int done_result;
    int64_t last_delta_ms, timeout_ms;
} mc_rec;

static inline int mc_on_text_delta(const oai_text_delta *d, const oai_text *snap, void *ud)
{
    mc_rec *r = ud;
    (void)snap;
    const char *v = oai_text_delta_value(d);
    size_t n = v ? strlen(v) : 0;
    if (r->len + n < sizeof r->text) {
        memcpy(r->text + r->len, v, n);
        r->len += n;
        r->text[r->len] = '\0';
    }
    r->deltas++;
    r->last_delta_ms = mc_now();
    return 0;
}

static inline void mc_on_end(void *ud)
{
    ((mc_rec *)ud)->ends++;
}

static inline void mc_on_timeout(void *ud)
{
    mc_rec *r = ud;
    r->timeouts++;
    r->timeout_ms = mc_now();
    if (r->exceptions || r->ends)
        r->order_bad = 1;
}

static inline void mc_on_exception(const oai_error *e, void *ud)
{
    mc_rec *r = ud;
    r->exceptions++;
    r->last_code = e->code;
    if (r->ends)
        r->order_bad = 1;
}

static inline void mc_done(const oai_multi_msg *msg, void *ud)
{
    mc_rec *r = ud;
    r->dones++;
    r->done_result = msg->result;
}

static inline oai_assistant_handler mc_handler(mc_rec *r)
{
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    h.on_text_delta = mc_on_text_delta;
    h.on_end = mc_on_end;
    h.on_timeout = mc_on_timeout;
    h.on_exception = mc_on_exception;
    h.user_data = r;
    return h;
}

/* Create an assistant with a blocking call; its id into buf. */
static inline void mc_assistant(oai_client *c, char *buf, size_t cap)
{
    oai_json *p = NULL, *a = NULL;
    assert_int_equal(oai_json_parse_cstr(&p, "{\"model\":\"gpt-4o\"}"), OAI_OK);
    assert_int_equal(oai_assistants_create(&a, c, p, NULL), OAI_OK);
    snprintf(buf, cap, "%s", oai_json_path_string(a, "id"));
    oai_json_free(a);
    oai_json_free(p);
}

/* Start the emulator with fast pacing (2 ms steps and deltas) and create
 * an assistant on it, its id into asst. 0, or -1 (the reason printed). */
static inline int mc_emulator_with_assistant(tu_emu *e, char *asst, size_t cap)
{
    static const char *const args[] = {"--step-ms", "2", "--delta-ms", "2", NULL};
    if (tu_emu_start(e, args))
        return -1;
    oai_client *c = tu_emu_client(e);
    mc_assistant(c, asst, cap);
    oai_client_free(c);
    return 0;
}

/* Start a create-and-run stream of the message `msg` with the handler of
 * `r` (NULL: none) and options. */
static inline int mc_stream(oai_stream **out, oai_client *c, const char *asst, const char *msg,
                            mc_rec *r, long stall_ms, const oai_request_options *ro)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"assistant_id\":\"%s\",\"thread\":{\"messages\":[{\"role\":\"user\","
             "\"content\":\"%s\"}]}}",
             asst, msg);
    oai_json *p = NULL;
    assert_int_equal(oai_json_parse_cstr(&p, body), OAI_OK);
    oai_assistant_handler h;
    oai_stream_options so = OAI_STREAM_OPTIONS_INIT;
    if (r) {
        h = mc_handler(r);
        so.handler = &h;
    }
    so.stall_timeout_ms = stall_ms;
    int rc = oai_threads_create_and_run_stream(out, c, p, &so, ro);
    oai_json_free(p);
    return rc;
}

/* "w1 w2 ... wN" */
static inline void mc_expected(char *buf, size_t cap, int n)
{
    size_t off = 0;
    buf[0] = '\0';
    for (int i = 1; i <= n && off < cap; i++)
        off += (size_t)snprintf(buf + off, cap - off, "%sw%d", i > 1 ? " " : "", i);
}

/* Level 1 until nothing runs (bounded). */
static inline void mc_run(oai_multi *m, int64_t max_ms)
{
    int64_t end = mc_now() + max_ms;
    int running = 1;
    while (running) {
        assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
        if (running) {
            assert_true(mc_now() < end);
            assert_int_equal(oai_multi_wait(m, 1000), OAI_OK);
        }
    }
}

#endif
