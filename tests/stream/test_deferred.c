/* Event texts a stream leaves unparsed until asked for: the run and run
 * step events (their text becomes the snapshot; a step's is stored under
 * an id read raw only when cJSON would read it the same), thread.created
 * and thread.message.in_progress. The strict scan that decides it accepts only
 * texts the full parse accepts; a stream reading such events builds no
 * tree for them, and parses one, the same as before, the first time the
 * event's data or the run is asked for; a failed parse there is reported,
 * and can be retried. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "oai.h"
#include "stream/jscan.h"

/* ---- the strict scan against the full parse ---------------------------- */

typedef struct verdict {
    const char *text;
    size_t len; /* 0: strlen(text) */
    int scan;   /* the scan's answer */
    int parses; /* the full parse's; -1: either (cJSON versions differ) */
} verdict;

static char *nested(int arrays)
{
    char *t = test_malloc((size_t)arrays * 2 + 8);
    char *p = t;
    p += sprintf(p, "{\"d\":");
    memset(p, '[', (size_t)arrays);
    memset(p + arrays, ']', (size_t)arrays);
    strcpy(p + 2 * arrays, "}");
    return t;
}

static void scan_verdicts(void **state)
{
    (void)state;
    const verdict v[] = {
        {"{}", 0, 1, 1},
        {" \t{ }\r\n", 0, 1, 1},
        {"{\"a\":[1,-0.5e+3,2E-2,true,false,null,{}],\"b\":{\"c\":[]}}", 0, 1, 1},
        {"{\"e\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"}", 0, 1, 1},
        {"{\"raw\":\"\x01 \xff\"}", 0, 1, 1},
        /* cJSON skips every byte up to the space, a NUL too, inside */
        {"\x01{\x00\"a\"\x02:\x03[1\x04,2]}\n", 17, 1, 1},
        {"", 0, 0, 0},
        {"[]", 0, 0, 1},
        {"\"s\"", 0, 0, 1},
        {"{\"a\":1,}", 0, 0, 0},
        {"{\"a\" 1}", 0, 0, 0},
        {"{\"a\":nul}", 0, 0, 0},
        {"{\"a\":\"open}", 0, 0, 0},
        {"{\"a\":-}", 0, 0, 0},
        {"{\"a\":1e}", 0, 0, 0},
        {"{\"a\":1}x", 0, 0, 0},
        {"{\"a\":1}\x01", 0, 0, 0},
        {"{\"x\":\"\\x\"}", 0, 0, 0},
        {"{\"s\":\"\\ud83d\"}", 0, 0, 0},
        {"{\"s\":\"\\ude00\"}", 0, 0, 0},
        {"{\"n\":1234567890123456789012345678901234567890123456789012345678901234}", 0,
         0, -1},
        /* read by cJSON, left to it */
        {"{\"n\":0123}", 0, 0, 1},
        {"{\"n\":1.}", 0, 0, 1},
        {"{\"h\":\"\\u00zz\"}", 0, 0, 1},
        {"\xef\xbb\xbf{\"a\":1}", 0, 0, 1},
        {"{\"n\":123456789012345678901234567890123456789012345678901234567890123}", 0, 1,
         1},
    };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        size_t len = v[i].len ? v[i].len : strlen(v[i].text);
        int scan = oai__jscan_object(v[i].text, len);
        cJSON *full = oai__json_parse(v[i].text, len);
        if (scan != v[i].scan || (v[i].parses >= 0 && (full != NULL) != v[i].parses) ||
            (scan && !full))
            fail_msg("case %zu (%s): scan %d, parse %d", i, v[i].text, scan, full != NULL);
        cJSON_Delete(full);
    }
    /* 64 levels are scanned; deeper is left to cJSON (which allows 1000) */
    char *ok = nested(63), *deep = nested(64);
    assert_int_equal(oai__jscan_object(ok, strlen(ok)), 1);
    assert_int_equal(oai__jscan_object(deep, strlen(deep)), 0);
    cJSON *full = oai__json_parse(deep, strlen(deep));
    assert_non_null(full);
    cJSON_Delete(full);
    test_free(ok);
    test_free(deep);
}

/* ---- a stream ----------------------------------------------------------- */

#define RUN_OBJ(status)                                                                            \
    "{\"id\":\"run_1\",\"object\":\"thread.run\",\"created_at\":1,\"assistant_id\":\"asst_1\","    \
    "\"thread_id\":\"thread_1\",\"status\":\"" status "\",\"started_at\":null,"                    \
    "\"expires_at\":null,\"cancelled_at\":null,\"failed_at\":null,\"completed_at\":null,"          \
    "\"required_action\":null,\"last_error\":null,\"model\":\"gpt-4o\",\"instructions\":\"Be "     \
    "brief.\",\"tools\":[{\"type\":\"code_interpreter\"}],\"tool_resources\":{},\"metadata\":{},"  \
    "\"temperature\":1.0,\"top_p\":1.0,\"max_completion_tokens\":null,\"max_prompt_tokens\":null," \
    "\"truncation_strategy\":{\"type\":\"auto\",\"last_messages\":null},"                          \
    "\"incomplete_details\":null,\"usage\":null,\"response_format\":\"auto\","                     \
    "\"tool_choice\":\"auto\",\"parallel_tool_calls\":true}"
#define EV(name, data) "event: " name "\ndata: " data "\n\n"
#define STREAM                                                                                     \
    EV("thread.created", "{\"id\":\"thread_1\",\"object\":\"thread\",\"metadata\":{}}")            \
    EV("thread.run.created", RUN_OBJ("queued"))                                                    \
    EV("thread.run.in_progress", RUN_OBJ("in_progress"))                                          \
    EV("thread.run.completed", RUN_OBJ("completed")) EV("done", "[DONE]")

typedef struct seen {
    int ask_in_hook; /* on_event asks for the run */
    const oai_run *from_hook;
} seen;

static int on_event(const oai_event *ev, void *ud)
{
    seen *x = ud;
    if (x->ask_in_hook && oai_event_type_of(ev) == OAI_EVENT_RUN_CREATED)
        x->from_hook = oai_event_run(ev);
    return 0;
}

/* A detached stream with these hooks, fed all of `sse`. */
static oai_stream *stream_of(const oai_assistant_handler *h, const char *sse)
{
    oai_stream_options o = OAI_STREAM_OPTIONS_INIT;
    o.handler = h;
    oai_stream *s = NULL;
    assert_int_equal(oai_stream_new(&s, &o), OAI_OK);
    assert_int_equal(oai_stream_feed(s, sse, strlen(sse)), OAI_OK);
    assert_int_equal(oai_stream_feed_end(s), OAI_OK);
    return s;
}

static oai_stream *fed(seen *x, const char *sse)
{
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    h.on_event = on_event;
    h.user_data = x;
    return stream_of(&h, sse);
}

/* The next event, of type `t`, and the allocations reading it took. */
static const oai_event *next_of(oai_stream *s, oai_event_type t, long *allocs)
{
    const oai_event *ev = NULL;
    tu_failalloc_arm(0);
    assert_int_equal(oai_stream_next(&ev, s), OAI_OK);
    *allocs = tu_failalloc_count();
    assert_int_equal(oai_event_type_of(ev), t);
    return ev;
}

static void parsed_when_asked(void **state)
{
    (void)state;
    seen x = {0};
    long live = tu_failalloc_live();
    oai_stream *s = fed(&x, STREAM);
    long allocs;
    const oai_event *ev = next_of(s, OAI_EVENT_THREAD_CREATED, &allocs);
    assert_true(allocs <= 2);
    const oai_json *thread = oai_event_json(ev);
    assert_string_equal(oai_json_path_string(thread, "id"), "thread_1");

    /* the run's text is kept (one block): a parse would build ~40 nodes */
    ev = next_of(s, OAI_EVENT_RUN_CREATED, &allocs);
    assert_true(allocs <= 2);
    tu_failalloc_arm(0);
    const oai_run *r = oai_event_run(ev);
    assert_true(tu_failalloc_count() >= 30);
    assert_non_null(r);
    assert_string_equal(oai_run_status(r), "queued");
    /* the event's run is the run snapshot, and asking again parses nothing */
    tu_failalloc_arm(0);
    assert_ptr_equal(oai_stream_current_run(s), r);
    assert_ptr_equal(oai_event_run(ev), r);
    assert_int_equal(tu_failalloc_count(), 0);

    /* a run not asked for is parsed when the snapshot is */
    ev = next_of(s, OAI_EVENT_RUN_IN_PROGRESS, &allocs);
    assert_true(allocs <= 2);
    assert_string_equal(oai_run_status(oai_stream_current_run(s)), "in_progress");
    assert_ptr_equal(oai_event_run(ev), oai_stream_current_run(s));

    (void)next_of(s, OAI_EVENT_RUN_COMPLETED, &allocs);
    const oai_run *fin = NULL;
    assert_int_equal(oai_stream_final_run(&fin, s), OAI_OK);
    assert_string_equal(oai_run_status(fin), "completed");
    assert_string_equal(oai_run_id(fin), "run_1");
    oai_stream_free(s);
    assert_int_equal(tu_failalloc_live(), live);
}

static void asked_in_the_hook(void **state)
{
    (void)state;
    seen x = {1, NULL};
    oai_stream *s = fed(&x, STREAM);
    const oai_event *ev;
    assert_int_equal(oai_stream_next(&ev, s), OAI_OK);
    assert_int_equal(oai_stream_next(&ev, s), OAI_OK);
    /* parsed in on_event, before the run was accumulated: that tree became
     * the snapshot */
    assert_non_null(x.from_hook);
    assert_ptr_equal(oai_stream_current_run(s), x.from_hook);
    assert_ptr_equal(oai_event_run(ev), x.from_hook);
    assert_int_equal(oai_stream_until_done(s), OAI_OK);
    assert_string_equal(oai_run_status(oai_stream_current_run(s)), "completed");
    oai_stream_free(s);
}

static void parse_out_of_memory(void **state)
{
    (void)state;
    seen x = {0};
    long live = tu_failalloc_live();
    oai_stream *s = fed(&x, STREAM);
    assert_int_equal(oai_stream_until_done(s), OAI_OK);
    const oai_run *fin = NULL;
    tu_failalloc_arm(1);
    assert_int_equal(oai_stream_final_run(&fin, s), OAI_ENOMEM);
    assert_int_equal(oai_stream_error(s)->code, OAI_ENOMEM);
    tu_failalloc_arm(0);
    /* the text was kept: the next ask parses it */
    assert_int_equal(oai_stream_final_run(&fin, s), OAI_OK);
    assert_string_equal(oai_run_status(fin), "completed");
    oai_stream_free(s);
    assert_int_equal(tu_failalloc_live(), live);
}

/* What the scan leaves to the parse is parsed at once, as before: refused
 * when cJSON refuses it, accumulated when it reads it. */
static void left_to_the_parse(void **state)
{
    (void)state;
    seen x = {0};
    oai_stream *s = fed(&x, EV("thread.run.created", "{\"id\":\"run_1\",\"n\":01}") EV(
                                "thread.run.failed", "{\"id\":\"run_1\",\"status\":\"failed\",}"));
    const oai_event *ev;
    long allocs;
    ev = next_of(s, OAI_EVENT_RUN_CREATED, &allocs);
    assert_true(allocs >= 3); /* parsed: the tree's nodes */
    assert_string_equal(oai_run_id(oai_event_run(ev)), "run_1");
    assert_int_equal(oai_stream_next(&ev, s), OAI_EPROTOCOL);
    assert_non_null(strstr(oai_stream_error(s)->message, "thread.run.failed"));
    oai_stream_free(s);
}


/* ---- run steps ---------------------------------------------------------- */

static void member_string(void **state)
{
    (void)state;
    const char *body;
    size_t n;
    /* the first `id` of the top level, not one nested before it */
    const char *t = "{\"step_details\":{\"id\":\"inner\"},\"id\":\"step_1\",\"id\":\"x\"}";
    assert_int_equal(oai__jscan_member_string(t, strlen(t), "id", &body, &n), 1);
    assert_int_equal(n, 6);
    assert_memory_equal(body, "step_1", 6);
    t = " {\"a\":[1,{\"id\":\"no\"}],\"b\":null}";
    assert_int_equal(oai__jscan_member_string(t, strlen(t), "id", &body, &n), 0);
    t = "{}";
    assert_int_equal(oai__jscan_member_string(t, strlen(t), "id", &body, &n), 0);
    /* cJSON decodes these: the raw bytes are not the name or the value */
    t = "{\"i\\u0064\":\"step_1\"}";
    assert_int_equal(oai__jscan_member_string(t, strlen(t), "id", &body, &n), -1);
    t = "{\"id\":\"step\\u005f1\"}";
    assert_int_equal(oai__jscan_member_string(t, strlen(t), "id", &body, &n), -1);
    t = "{\"id\":7}";
    assert_int_equal(oai__jscan_member_string(t, strlen(t), "id", &body, &n), -1);
}

#define STEP_OBJ(id, status, calls)                                                                \
    "{\"id\":\"" id "\",\"object\":\"thread.run.step\",\"created_at\":1,\"run_id\":\"run_1\","     \
    "\"assistant_id\":\"asst_1\",\"thread_id\":\"thread_1\",\"type\":\"tool_calls\",\"status\":\"" \
    status "\",\"cancelled_at\":null,\"completed_at\":null,\"expires_at\":null,"                   \
    "\"failed_at\":null,\"last_error\":null,\"step_details\":{\"type\":\"tool_calls\","            \
    "\"tool_calls\":" calls "},\"usage\":null}"
#define CALL_DELTA(args)                                                                           \
    "{\"id\":\"step_1\",\"object\":\"thread.run.step.delta\",\"delta\":{\"step_details\":{"        \
    "\"type\":\"tool_calls\",\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":"             \
    "\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"" args "\"}}]}}}"
#define STEPS                                                                                      \
    EV("thread.run.step.created", STEP_OBJ("step_1", "in_progress", "[]"))                         \
    EV("thread.run.step.delta", CALL_DELTA("{\\\"a\\\":")) EV("thread.run.step.delta",             \
                                                              CALL_DELTA("1}"))                    \
    EV("thread.run.step.completed", STEP_OBJ("step_1", "completed", "[]"))                         \
    EV("thread.run.step.created", STEP_OBJ("step_2", "in_progress", "[]"))                         \
    EV("thread.run.step.completed", STEP_OBJ("step_2", "completed", "[]")) EV("done", "[DONE]")

typedef struct calls {
    int created, done;
    char args[64];
    char step_id[16]; /* of the first on_run_step_created */
    oai_stream *s;
} calls;

static int on_call_created(const oai_tool_call *tc, void *ud)
{
    (void)tc;
    ((calls *)ud)->created++;
    return 0;
}

static int on_call_done(const oai_tool_call *tc, void *ud)
{
    calls *c = ud;
    c->done++;
    const char *a = oai_json_path_string(oai_tool_call_json(tc), "function.arguments");
    snprintf(c->args, sizeof c->args, "%s", a ? a : "(none)");
    return 0;
}

static int on_step_created(const oai_run_step *st, void *ud)
{
    calls *c = ud;
    if (!c->step_id[0]) {
        snprintf(c->step_id, sizeof c->step_id, "%s", oai_run_step_id(st));
        assert_ptr_equal(oai_stream_current_run_step(c->s), st);
    }
    return 0;
}

static oai_stream *steps_fed(calls *c, int step_hook, const char *sse)
{
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    h.on_tool_call_created = on_call_created;
    h.on_tool_call_done = on_call_done;
    if (step_hook)
        h.on_run_step_created = on_step_created;
    h.user_data = c;
    return c->s = stream_of(&h, sse);
}

/* Steps kept as text: the deltas merge into the step parsed then, the tool
 * call is followed through the completion, and the final steps are the
 * server's objects. */
static void steps_parsed_when_asked(void **state)
{
    (void)state;
    calls c = {0};
    long live = tu_failalloc_live(), allocs;
    oai_stream *s = steps_fed(&c, 0, STEPS);
    const oai_event *ev = next_of(s, OAI_EVENT_RUN_STEP_CREATED, &allocs);
    /* the text, and the first entries of the step map and change list */
    assert_true(allocs <= 8);
    tu_failalloc_arm(0);
    const oai_run_step *st = oai_stream_current_run_step(s);
    assert_true(tu_failalloc_count() >= 20);
    assert_ptr_equal(oai_event_run_step(ev), st);
    assert_string_equal(oai_run_step_id(st), "step_1");
    assert_int_equal(oai_stream_until_done(s), OAI_OK);
    assert_int_equal(c.created, 1);
    assert_int_equal(c.done, 1);
    assert_string_equal(c.args, "{\"a\":1}");
    const oai_run_step *const *steps = NULL;
    size_t n = 0;
    assert_int_equal(oai_stream_final_run_steps(&steps, &n, s), OAI_OK);
    assert_int_equal(n, 2);
    assert_string_equal(oai_run_step_id(steps[0]), "step_1");
    assert_string_equal(oai_run_step_status(steps[0]), "completed");
    assert_string_equal(oai_run_step_status(steps[1]), "completed");
    oai_stream_free(s);
    assert_int_equal(tu_failalloc_live(), live);
}

/* A step hook gets the step, parsed for it, which is the snapshot. */
static void step_hook_parses(void **state)
{
    (void)state;
    calls c = {0};
    oai_stream *s = steps_fed(&c, 1, STEPS);
    assert_int_equal(oai_stream_until_done(s), OAI_OK);
    assert_string_equal(c.step_id, "step_1");
    assert_string_equal(c.args, "{\"a\":1}");
    oai_stream_free(s);
}

static void steps_out_of_memory(void **state)
{
    (void)state;
    calls c = {0};
    long live = tu_failalloc_live();
    oai_stream *s = steps_fed(&c, 0, STEPS);
    assert_int_equal(oai_stream_until_done(s), OAI_OK);
    const oai_run_step *const *steps = NULL;
    size_t n = 0;
    /* the array is the first allocation; the parse of the first step's
     * text (its completion, never asked for) makes the second */
    tu_failalloc_arm(2);
    assert_int_equal(oai_stream_final_run_steps(&steps, &n, s), OAI_ENOMEM);
    tu_failalloc_arm(0);
    assert_int_equal(oai_stream_final_run_steps(&steps, &n, s), OAI_OK);
    assert_int_equal(n, 2);
    assert_string_equal(oai_run_step_id(steps[1]), "step_2");
    oai_stream_free(s);
    assert_int_equal(tu_failalloc_live(), live);
}

/* A step id escaped in the text is left to the parse, which decodes it:
 * the deltas for the decoded id find the step. */
static void escaped_step_id(void **state)
{
    (void)state;
    calls c = {0};
    oai_stream *s = steps_fed(
        &c, 0,
        EV("thread.run.step.created", STEP_OBJ("step\\u005f1", "in_progress", "[]"))
            EV("thread.run.step.delta", CALL_DELTA("{}"))
                EV("thread.run.step.completed", STEP_OBJ("step_1", "completed", "[]")));
    assert_int_equal(oai_stream_until_done(s), OAI_OK);
    assert_string_equal(c.args, "{}");
    oai_stream_free(s);
}

int main(void)
{
    tu_failalloc_install();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scan_verdicts),
        cmocka_unit_test(parsed_when_asked),
        cmocka_unit_test(asked_in_the_hook),
        cmocka_unit_test(parse_out_of_memory),
        cmocka_unit_test(left_to_the_parse),
        cmocka_unit_test(member_string),
        cmocka_unit_test(steps_parsed_when_asked),
        cmocka_unit_test(step_hook_parses),
        cmocka_unit_test(steps_out_of_memory),
        cmocka_unit_test(escaped_step_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
