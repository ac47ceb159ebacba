/* A large completed message releases the accumulated content it replaces
 * before it is parsed (interpret.c); the id look-up it relies on (peek.c).
 * The results must be exactly those of the ordinary path. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oai.h"
#include "stream/peek.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "testutil.h"
#include "trace.h"

/* live heap bytes of the library and its peak, through the allocator hooks */
static size_t g_live, g_peak;

static void *t_malloc(size_t n, void *ud)
{
    (void)ud;
    void *p = malloc(n);
    if (p && (g_live += malloc_usable_size(p)) > g_peak)
        g_peak = g_live;
    return p;
}

static void *t_realloc(void *p, size_t n, void *ud)
{
    (void)ud;
    size_t old = p ? malloc_usable_size(p) : 0;
    void *q = realloc(p, n);
    if (q) {
        g_live += malloc_usable_size(q) - old;
        if (g_live > g_peak)
            g_peak = g_live;
    }
    return q;
}

static void t_free(void *p, void *ud)
{
    (void)ud;
    if (p)
        g_live -= malloc_usable_size(p);
    free(p);
}

#define WORD "abcdefgh"
#define NDELTAS 10000 /* 80 KB of text: above the release threshold */

typedef struct rec {
    int text_done, msg_done, exc, end;
    char *done_text;
    size_t done_len;
} rec;

static int h_text_done(const oai_text *t, void *ud)
{
    rec *r = ud;
    r->text_done++;
    free(r->done_text);
    r->done_len = oai_text_value_len(t);
    r->done_text = malloc(r->done_len + 1);
    memcpy(r->done_text, oai_text_value(t), r->done_len + 1);
    return 0;
}
static int h_msg_done(const oai_message *m, void *ud) { (void)m; ((rec *)ud)->msg_done++; return 0; }
static void h_exc(const oai_error *e, void *ud) { (void)e; ((rec *)ud)->exc++; }
static void h_end(void *ud) { ((rec *)ud)->end++; }

/* created msg_1, NDELTAS deltas, then `tail` (the completing events). */
static char *stream_text(const char *tail)
{
    tu_text b = { 0 };
    tu_text_put(&b, "event: thread.message.created\ndata: {\"id\":\"msg_1\",\"object\":\"thread.message\",\"role\":"
            "\"assistant\",\"status\":\"in_progress\",\"content\":[]}\n\n");
    for (int i = 0; i < NDELTAS; i++)
        tu_text_put(&b, "event: thread.message.delta\ndata: {\"id\":\"msg_1\",\"object\":\"thread.message.delta\","
                "\"delta\":{\"content\":[{\"index\":0,\"type\":\"text\",\"text\":{\"value\":\"" WORD "\"}}]}}\n\n");
    tu_text_put(&b, tail);
    return b.p;
}

/* The JSON text of a completed message with the server's (longer) text;
 * `id_last` puts "id" after the large content. */
static char *completed(const char *id, int id_last, const char *status)
{
    tu_text b = { 0 };
    char head[200];
    snprintf(head, sizeof head, "{%s%s%s\"object\":\"thread.message\",\"status\":\"%s\",\"content\":[{\"type\":"
             "\"text\",\"text\":{\"value\":\"", id_last ? "" : "\"id\":\"", id_last ? "" : id,
             id_last ? "" : "\",", status);
    tu_text_put(&b, head);
    for (int i = 0; i < NDELTAS; i++)
        tu_text_put(&b, WORD);
    tu_text_put(&b, "!\",\"annotations\":[]}}]");
    if (id_last) {
        tu_text_put(&b, ",\"id\":\"");
        tu_text_put(&b, id);
        tu_text_put(&b, "\"");
    }
    tu_text_put(&b, "}");
    return b.p;
}

static oai_stream *run(rec *r, const char *sse, int *rc)
{
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    h.user_data = r;
    h.on_text_done = h_text_done;
    h.on_message_done = h_msg_done;
    h.on_exception = h_exc;
    h.on_end = h_end;
    oai_stream_options o = OAI_STREAM_OPTIONS_INIT;
    o.handler = &h; /* copied by the stream */
    oai_stream *s;
    assert_int_equal(oai_stream_new(&s, &o), OAI_OK);
    assert_int_equal(oai_stream_feed(s, sse, strlen(sse)), OAI_OK);
    assert_int_equal(oai_stream_feed_end(s), OAI_OK);
    *rc = oai_stream_until_done(s);
    return s;
}

static size_t text_len_of(const oai_message *m)
{
    const char *v = oai_json_path_string(oai_message_json(m), "content.0.text.value");
    return v ? strlen(v) : 0;
}

static void completed_replaces(int id_last, const char *status)
{
    char *c = completed("msg_1", id_last, status);
    char tail[64];
    snprintf(tail, sizeof tail, "event: thread.message.%s\ndata: ", status);
    tu_text t = { 0 };
    tu_text_put(&t, tail);
    tu_text_put(&t, c);
    tu_text_put(&t, "\n\nevent: done\ndata: [DONE]\n\n");
    char *sse = stream_text(t.p);
    rec r = { 0 };
    int rc;
    oai_stream *s = run(&r, sse, &rc);
    assert_int_equal(rc, OAI_OK);
    /* on_text_done got the server's block, not the accumulated one */
    assert_int_equal(r.text_done, 1);
    assert_int_equal(r.msg_done, 1);
    assert_int_equal(r.done_len, (size_t)NDELTAS * strlen(WORD) + 1);
    assert_int_equal(r.done_text[r.done_len - 1], '!');
    const oai_message *const *msgs;
    size_t n;
    assert_int_equal(oai_stream_final_messages(&msgs, &n, s), OAI_OK);
    assert_int_equal(n, 1);
    assert_int_equal(text_len_of(msgs[0]), r.done_len);
    assert_string_equal(oai_json_path_string(oai_message_json(msgs[0]), "status"), status);
    assert_int_equal(r.exc, 0);
    assert_int_equal(r.end, 1);
    oai_stream_free(s);
    free(r.done_text);
    free(sse);
    free(t.p);
    free(c);
}

static void completed_id_first(void **state) { (void)state; completed_replaces(0, "completed"); }
static void completed_id_last(void **state) { (void)state; completed_replaces(1, "completed"); }
static void incomplete_id_first(void **state) { (void)state; completed_replaces(0, "incomplete"); }

/* A large completed message of another id leaves msg_1's content alone. */
static void other_id_keeps_snapshot(void **state)
{
    (void)state;
    char *c = completed("msg_2", 0, "completed");
    tu_text t = { 0 };
    tu_text_put(&t, "event: thread.message.completed\ndata: ");
    tu_text_put(&t, c);
    tu_text_put(&t, "\n\n");
    char *sse = stream_text(t.p);
    rec r = { 0 };
    int rc;
    oai_stream *s = run(&r, sse, &rc);
    assert_int_equal(rc, OAI_OK);
    const oai_message *const *msgs;
    size_t n;
    assert_int_equal(oai_stream_final_messages(&msgs, &n, s), OAI_OK);
    assert_int_equal(n, 2);
    assert_string_equal(oai_json_path_string(oai_message_json(msgs[0]), "id"), "msg_1");
    assert_int_equal(text_len_of(msgs[0]), (size_t)NDELTAS * strlen(WORD));
    assert_string_equal(oai_json_path_string(oai_message_json(msgs[1]), "id"), "msg_2");
    oai_stream_free(s);
    free(r.done_text);
    free(sse);
    free(t.p);
    free(c);
}

/* Invalid JSON after a matching id: a decode error like any other. */
static void broken_completed(void **state)
{
    (void)state;
    char *c = completed("msg_1", 0, "completed");
    c[strlen(c) - 3] = '\0'; /* cut inside the content list */
    tu_text t = { 0 };
    tu_text_put(&t, "event: thread.message.completed\ndata: ");
    tu_text_put(&t, c);
    tu_text_put(&t, "\n\nevent: done\ndata: [DONE]\n\n");
    char *sse = stream_text(t.p);
    rec r = { 0 };
    int rc;
    oai_stream *s = run(&r, sse, &rc);
    assert_int_equal(rc, OAI_EPROTOCOL);
    assert_string_equal(trace_error_kind(oai_stream_error(s)), "decode_error");
    assert_int_equal(r.exc, 1);
    assert_int_equal(r.end, 1);
    assert_int_equal(r.msg_done, 0);
    oai_stream_free(s);
    free(r.done_text);
    free(sse);
    free(t.p);
    free(c);
}

/* While the completed message is processed, the library holds the event's
 * data (one buffer, at most twice its size) and the new snapshot, but no
 * longer the accumulated text it replaces: three copies would not fit. */
static void releases_before_parse(void **state)
{
    (void)state;
    char *c = completed("msg_1", 0, "completed");
    tu_text t = { 0 };
    tu_text_put(&t, "event: thread.message.completed\ndata: ");
    tu_text_put(&t, c);
    tu_text_put(&t, "\n\n");
    char *head = stream_text("");
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    oai_stream_options o = OAI_STREAM_OPTIONS_INIT;
    o.handler = &h;
    oai_stream *s;
    assert_int_equal(oai_stream_new(&s, &o), OAI_OK);
    assert_int_equal(oai_stream_feed(s, head, strlen(head)), OAI_OK);
    const oai_event *ev;
    int rc;
    while ((rc = oai_stream_next(&ev, s)) == OAI_OK)
        ;
    assert_int_equal(rc, OAI_EAGAIN);
    size_t before = g_live;
    g_peak = g_live;
    /* in the pieces a socket delivers, each read taken in at once */
    for (size_t off = 0; off < t.len; off += 4096) {
        assert_int_equal(oai_stream_feed(s, t.p + off, t.len - off < 4096 ? t.len - off : 4096), OAI_OK);
        rc = oai_stream_next(&ev, s);
        if (off + 4096 < t.len)
            assert_int_equal(rc, OAI_EAGAIN);
    }
    assert_int_equal(rc, OAI_OK);
    assert_int_equal(oai_event_type_of(ev), OAI_EVENT_MESSAGE_COMPLETED);
    assert_true(g_peak - before < 2 * strlen(c));
    oai_stream_free(s);
    free(head);
    free(t.p);
    free(c);
}

static void peek(void **state)
{
    (void)state;
    char id[16];
    const char *ok[][2] = {
        { "{\"id\":\"msg_1\"}", "msg_1" },
        { " \n{ \"a\" : [1, {\"id\":\"x\"}, \"]}\"] , \"b\\\"id\":{\"c\":\"}\"}, \"n\":-1.5e3,\"t\":true , \"id\" : \"m\"}",
          "m" },
        { "{\"id\":\"\"}", "" },
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_int_equal(oai__peek_string(ok[i][0], strlen(ok[i][0]), "id", id, sizeof id), 1);
        assert_string_equal(id, ok[i][1]);
    }
    const char *no[] = {
        "",
        "[\"id\"]",
        "{\"id\":1}",
        "{\"id\":\"a\\\"b\"}",              /* escaped: left to the parser */
        "{\"id\":\"0123456789abcdefXYZ\"}", /* longer than the buffer */
        "{\"a\":1}",
        "{\"a\":1 \"id\":\"x\"}",
        "{\"a\":{\"id\":\"x\"}",
        "{\"id\":\"unterminated",
        "{\"a\":\"unterminated, \"id\":\"x\"",
    };
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        assert_int_equal(oai__peek_string(no[i], strlen(no[i]), "id", id, sizeof id), 0);
    /* the length bounds the scan: no reading past it */
    assert_int_equal(oai__peek_string("{\"id\":\"abc\"}", 9, "id", id, sizeof id), 0);
}

int main(void)
{
    oai_allocator a = { OAI_ALLOCATOR_VERSION, NULL, t_malloc, t_realloc, t_free };
    if (oai_global_init(&a) != OAI_OK)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(completed_id_first),
        cmocka_unit_test(completed_id_last),
        cmocka_unit_test(incomplete_id_first),
        cmocka_unit_test(other_id_keeps_snapshot),
        cmocka_unit_test(broken_completed),
        cmocka_unit_test(releases_before_parse),
        cmocka_unit_test(peek),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
