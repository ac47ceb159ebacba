/* oai-emulator: every main object the emulator returns, in JSON bodies and in
 * stream events, against the `required` fields, JSON types and enums of the
 * OpenAPI spec, nested objects included (schema_table.h, generated from
 * corpus/spec/openapi.yaml by tools/gen_schema.py and committed). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_chunks.h"
#include "emu_harness.h"
#include "schema_table.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static emu_proc P;
static int validated[64];

/* Where the real service (recordings in corpus/real) differs from the spec,
 * the emulator follows the service; these are the only tolerated deviations. */
static int tolerated(const char *schema, const char *field, const cJSON *v, const cJSON *obj)
{
    if (strcmp(schema, "VectorStoreFileBatchObject") == 0 && strcmp(field, "object") == 0)
        return cJSON_IsString(v) && strcmp(v->valuestring, "vector_store.file_batch") == 0;
    if (strncmp(schema, "List", 4) == 0 && (strcmp(field, "first_id") == 0 || strcmp(field, "last_id") == 0))
        return cJSON_IsNull(v) && cJSON_GetArraySize(cJSON_GetObjectItem(obj, "data")) == 0;
    if (strcmp(schema, "RunObject") == 0 && strcmp(field, "instructions") == 0)
        return cJSON_IsNull(v);
    if (strcmp(schema, "VectorStoreObject") == 0 && strcmp(field, "name") == 0)
        return cJSON_IsNull(v);
    return 0;
}

static int type_ok(const cJSON *v, int mask)
{
    if (mask == T_ANY)
        return 1;
    if (cJSON_IsNull(v))
        return mask & T_NULL;
    if (cJSON_IsString(v))
        return mask & T_STR;
    if (cJSON_IsBool(v))
        return mask & T_BOOL;
    if (cJSON_IsObject(v))
        return mask & T_OBJ;
    if (cJSON_IsArray(v))
        return mask & T_ARR;
    if (cJSON_IsNumber(v))
        return (mask & T_NUM) || ((mask & T_INT) && floor(v->valuedouble) == v->valuedouble);
    return 0;
}

/* Check o against `fields`; `schema` names the table for messages and
 * tolerations ("RunObject", "RunObject.required_action", ...). */
static void validate_fields(const char *schema, const struct field_rule *fields, const cJSON *o, const char *where)
{
    for (const struct field_rule *f = fields; f->name; f++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, f->name);
        if (!v)
            fail_msg("%s (%s): required field '%s' missing", schema, where, f->name);
        if (tolerated(schema, f->name, v, o))
            continue;
        if (!type_ok(v, f->types))
            fail_msg("%s (%s): field '%s' has the wrong type", schema, where, f->name);
        if (f->enums && cJSON_IsString(v)) {
            int ok = 0;
            for (int k = 0; f->enums[k]; k++)
                ok |= strcmp(f->enums[k], v->valuestring) == 0;
            if (!ok)
                fail_msg("%s (%s): field '%s' = '%s' not in the spec's enum", schema, where, f->name, v->valuestring);
        }
        if (!f->sub || cJSON_IsNull(v))
            continue;
        char sub[160];
        snprintf(sub, sizeof sub, "%s.%s", schema, f->name);
        if (!f->sub_items) {
            validate_fields(sub, f->sub, v, where);
            continue;
        }
        const cJSON *e;
        cJSON_ArrayForEach(e, v)
        {
            if (!cJSON_IsObject(e))
                fail_msg("%s (%s): an element is not an object", sub, where);
            validate_fields(sub, f->sub, e, where);
        }
    }
}

static void validate_as(const char *schema, const cJSON *o, const char *where)
{
    int idx = -1;
    for (int i = 0; schema_rules[i].schema; i++)
        if (strcmp(schema_rules[i].schema, schema) == 0)
            idx = i;
    assert_true(idx >= 0);
    validate_fields(schema, schema_rules[idx].fields, o, where);
    validated[idx]++;
}

static const char *schema_for(const cJSON *o)
{
    const char *obj = jstr(o, "object");
    if (!obj)
        return NULL;
    static const char *const map[][2] = {
        {"assistant", "AssistantObject"},
        {"thread", "ThreadObject"},
        {"thread.message", "MessageObject"},
        {"thread.run", "RunObject"},
        {"thread.run.step", "RunStepObject"},
        {"vector_store", "VectorStoreObject"},
        {"vector_store.file", "VectorStoreFileObject"},
        {"vector_store.file_batch", "VectorStoreFileBatchObject"},
        {"assistant.deleted", "DeleteAssistantResponse"},
        {"thread.deleted", "DeleteThreadResponse"},
        {"thread.message.deleted", "DeleteMessageResponse"},
        {"vector_store.deleted", "DeleteVectorStoreResponse"},
        {"vector_store.file.deleted", "DeleteVectorStoreFileResponse"},
        {"response", "Response"},
        {"conversation", "ConversationResource"},
        {"conversation.deleted", "DeletedConversationResource"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], obj) == 0)
            return map[i][1];
    if (strcmp(obj, "file") == 0)
        return cJSON_GetObjectItem(o, "deleted") ? "DeleteFileResponse" : "OpenAIFile";
    return NULL;
}

static void validate(const cJSON *o, const char *where, const char *list_schema)
{
    const char *obj = jstr(o, "object");
    assert_non_null(obj);
    if (strcmp(obj, "list") == 0) {
        assert_non_null(list_schema);
        validate_as(list_schema, o, where);
        const cJSON *e;
        cJSON_ArrayForEach(e, cJSON_GetObjectItem(o, "data"))
        {
            if (strstr(list_schema, "ItemList")) {
                /* items are a union keyed by type; every stored item has an id */
                if (!jstr(e, "id") || !jstr(e, "type"))
                    fail_msg("%s: an item without id or type", where);
                continue;
            }
            validate(e, where, NULL);
        }
        return;
    }
    const char *schema = schema_for(o);
    if (!schema)
        fail_msg("%s: no schema for object '%s'", where, obj);
    validate_as(schema, o, where);
}

static cJSON *call(const char *method, const char *path, const char *body, const char *list_schema)
{
    cJSON *j = emu_call(&P, method, path, body, 200);
    char where[512];
    snprintf(where, sizeof where, "%s %.400s", method, path);
    validate(j, where, list_schema);
    return j;
}

static void validate_stream(const char *body, const char *where)
{
    size_t n;
    char **names = sse_names(body, &n);
    int counts[64] = {0};
    for (size_t i = 0; i < n; i++) {
        if (strstr(names[i], ".delta") || strcmp(names[i], "done") == 0 || strcmp(names[i], "error") == 0)
            continue;
        /* the k-th event of this name */
        int k = 0;
        for (size_t j = 0; j < i; j++)
            k += strcmp(names[j], names[i]) == 0;
        cJSON *d = sse_data(body, names[i], k);
        assert_non_null(d);
        char w[300];
        snprintf(w, sizeof w, "%s event %s", where, names[i]);
        validate(d, w, NULL);
        cJSON_Delete(d);
        counts[0]++;
    }
    assert_true(counts[0] > 0);
    sse_names_free(names, n);
}

static void test_every_object(void **state)
{
    (void)state;
    emu_start(&P, NULL);
    char path[400];
    cJSON *a = call("POST", "/assistants",
                    "{\"model\":\"gpt-4o\",\"instructions\":\"x\",\"tools\":[{\"type\":\"code_interpreter\"},"
                    "{\"type\":\"file_search\"},{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}",
                    NULL);
    const char *aid = jstr(a, "id");
    snprintf(path, sizeof path, "/assistants/%s", aid);
    cJSON_Delete(call("GET", path, NULL, NULL));
    cJSON_Delete(call("POST", path, "{\"name\":\"n\"}", NULL));
    cJSON_Delete(call("GET", "/assistants", NULL, "ListAssistantsResponse"));

    const char *txt = "schema test file content";
    cJSON *f = emu_upload(&P, "s.txt", txt, strlen(txt), "assistants", 200);
    validate(f, "upload", NULL);
    snprintf(path, sizeof path, "/files/%s", jstr(f, "id"));
    cJSON_Delete(call("GET", path, NULL, NULL));
    cJSON_Delete(call("GET", "/files", NULL, "ListFilesResponse"));
    cJSON *vs = call("POST", "/vector_stores", "{\"name\":\"v\"}", NULL);
    char vpath[200];
    snprintf(vpath, sizeof vpath, "/vector_stores/%s", jstr(vs, "id"));
    snprintf(path, sizeof path, "%s/files", vpath);
    char body[512];
    snprintf(body, sizeof body, "{\"file_id\":\"%s\"}", jstr(f, "id"));
    cJSON_Delete(call("POST", path, body, NULL));
    cJSON_Delete(call("GET", path, NULL, "ListVectorStoreFilesResponse"));
    snprintf(path, sizeof path, "%s/file_batches", vpath);
    snprintf(body, sizeof body, "{\"file_ids\":[\"%s\"]}", jstr(f, "id"));
    cJSON *b = call("POST", path, body, NULL);
    snprintf(path, sizeof path, "%s/file_batches/%s", vpath, jstr(b, "id"));
    cJSON_Delete(emu_wait_field(&P, path, "status", "completed", 5000));
    cJSON_Delete(call("GET", path, NULL, NULL));
    snprintf(path, sizeof path, "%s/file_batches/%s/files", vpath, jstr(b, "id"));
    cJSON_Delete(call("GET", path, NULL, "ListVectorStoreFilesResponse"));
    cJSON_Delete(emu_wait_field(&P, vpath, "status", "completed", 5000));
    cJSON_Delete(call("GET", vpath, NULL, NULL));
    cJSON_Delete(call("GET", "/vector_stores", NULL, "ListVectorStoresResponse"));

    /* threads, messages, runs of every scenario, steps */
    static const char *const scenarios[] = {"hello",
                                            "#scenario:code",
                                            "#scenario:file_search",
                                            "#scenario:function f 2",
                                            "#scenario:fail",
                                            "#scenario:incomplete",
                                            "#scenario:cancelled",
                                            "#scenario:expired",
                                            "#scenario:error"};
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
        snprintf(body, sizeof body,
                 "{\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}],\"tool_resources\":{\"file_search\":"
                 "{\"vector_store_ids\":[\"%s\"]}}}",
                 scenarios[i], jstr(vs, "id"));
        cJSON *t = call("POST", "/threads", body, NULL);
        snprintf(path, sizeof path, "/threads/%s/runs", jstr(t, "id"));
        snprintf(body, sizeof body, "{\"assistant_id\":\"%s\",\"stream\":true}", aid);
        http_res r;
        emu_http(&P, "POST", path, body, NULL, &r);
        assert_int_equal(r.status, 200);
        validate_stream(r.body, scenarios[i]);
        cJSON *rc = sse_data(r.body, "thread.run.created", 0);
        http_res_free(&r);
        char rpath[300];
        snprintf(rpath, sizeof rpath, "/threads/%s/runs/%s", jstr(t, "id"), jstr(rc, "id"));
        cJSON *run = call("GET", rpath, NULL, NULL);
        if (strcmp(jstr(run, "status"), "requires_action") == 0) {
            cJSON *calls = cJSON_GetObjectItem(
                cJSON_GetObjectItem(cJSON_GetObjectItem(run, "required_action"), "submit_tool_outputs"), "tool_calls");
            snprintf(body, sizeof body,
                     "{\"tool_outputs\":[{\"tool_call_id\":\"%s\",\"output\":\"1\"},{\"tool_call_id\":\"%s\","
                     "\"output\":\"2\"}],\"stream\":true}",
                     jstr(cJSON_GetArrayItem(calls, 0), "id"), jstr(cJSON_GetArrayItem(calls, 1), "id"));
            char spath[400];
            snprintf(spath, sizeof spath, "%s/submit_tool_outputs", rpath);
            emu_http(&P, "POST", spath, body, NULL, &r);
            assert_int_equal(r.status, 200);
            validate_stream(r.body, "submit_tool_outputs");
            http_res_free(&r);
        }
        snprintf(path, sizeof path, "%s/steps", rpath);
        cJSON *steps = call("GET", path, NULL, "ListRunStepsResponse");
        cJSON *s0 = cJSON_GetArrayItem(cJSON_GetObjectItem(steps, "data"), 0);
        if (s0) {
            snprintf(path, sizeof path, "%s/steps/%s", rpath, jstr(s0, "id"));
            cJSON_Delete(call("GET", path, NULL, NULL));
        }
        snprintf(path, sizeof path, "/threads/%s/messages", jstr(t, "id"));
        cJSON_Delete(call("GET", path, NULL, "ListMessagesResponse"));
        snprintf(path, sizeof path, "/threads/%s/runs", jstr(t, "id"));
        cJSON_Delete(call("GET", path, NULL, "ListRunsResponse"));
        cJSON_Delete(steps);
        cJSON_Delete(run);
        cJSON_Delete(rc);
        cJSON_Delete(t);
    }
    /* create-and-run (thread.created event) and polled, plus messages and deletes */
    snprintf(body, sizeof body, "{\"assistant_id\":\"%s\",\"thread\":{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]},"
                                "\"stream\":true}", aid);
    http_res r;
    emu_http(&P, "POST", "/threads/runs", body, NULL, &r);
    validate_stream(r.body, "create-and-run");
    http_res_free(&r);
    cJSON *t = call("POST", "/threads", NULL, NULL);
    snprintf(path, sizeof path, "/threads/%s/messages", jstr(t, "id"));
    cJSON *m = call("POST", path, "{\"role\":\"user\",\"content\":\"hi\"}", NULL);
    snprintf(path, sizeof path, "/threads/%s/messages/%s", jstr(t, "id"), jstr(m, "id"));
    cJSON_Delete(call("GET", path, NULL, NULL));
    cJSON_Delete(call("DELETE", path, NULL, NULL));
    snprintf(path, sizeof path, "/threads/%s", jstr(t, "id"));
    cJSON_Delete(call("GET", path, NULL, NULL));
    cJSON_Delete(call("DELETE", path, NULL, NULL));
    snprintf(path, sizeof path, "%s/files/%s", vpath, jstr(f, "id"));
    cJSON_Delete(call("DELETE", path, NULL, NULL));
    cJSON_Delete(call("DELETE", vpath, NULL, NULL));
    snprintf(path, sizeof path, "/files/%s", jstr(f, "id"));
    cJSON_Delete(call("DELETE", path, NULL, NULL));
    snprintf(path, sizeof path, "/assistants/%s", aid);
    cJSON_Delete(call("DELETE", path, NULL, NULL));

    cJSON *objs[] = {a, f, vs, b, t, m};
    for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++)
        cJSON_Delete(objs[i]);
    assert_int_equal(emu_stop(&P), 0);
}

/* The lifecycle events of a Responses stream carry a whole Response. */
static void validate_response_stream(const char *body, const char *where)
{
    size_t n;
    char **names = sse_names(body, &n);
    int seen = 0;
    for (size_t i = 0; i < n; i++) {
        int k = 0;
        for (size_t j = 0; j < i; j++)
            k += strcmp(names[j], names[i]) == 0;
        cJSON *d = sse_data(body, names[i], k);
        assert_non_null(d);
        const cJSON *r = cJSON_GetObjectItem(d, "response");
        if (r) {
            char w[300];
            snprintf(w, sizeof w, "%s event %s", where, names[i]);
            validate_as("Response", r, w);
            seen++;
        }
        cJSON_Delete(d);
    }
    assert_true(seen >= 3);
    sse_names_free(names, n);
}

static void test_responses_objects(void **state)
{
    (void)state;
    emu_start(&P, NULL);
    char path[400], body[1024];
    static const char *const scenarios[] = {
        "hello",           "#scenario:text a b c", "#scenario:function get_weather 2", "#scenario:reasoning",
        "#scenario:web_search", "#scenario:file_search", "#scenario:code", "#scenario:refusal",
        "#scenario:incomplete", "#scenario:failed", "#scenario:keepalive", "#scenario:nonesuch"};
    const char *tools = "[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\","
                        "\"properties\":{\"city\":{\"type\":\"string\"}}}}]";
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
        snprintf(body, sizeof body, "{\"model\":\"gpt-4o-mini\",\"input\":\"%s\",\"tools\":%s}", scenarios[i], tools);
        cJSON *r = call("POST", "/responses", body, NULL);
        snprintf(body, sizeof body, "{\"model\":\"gpt-4o-mini\",\"input\":\"%s\",\"tools\":%s,\"stream\":true}",
                 scenarios[i], tools);
        http_res s;
        emu_http(&P, "POST", "/responses", body, NULL, &s);
        assert_int_equal(s.status, 200);
        validate_response_stream(s.body, scenarios[i]);
        http_res_free(&s);
        snprintf(path, sizeof path, "/responses/%s", jstr(r, "id"));
        cJSON_Delete(call("GET", path, NULL, NULL));
        snprintf(path, sizeof path, "/responses/%s/input_items", jstr(r, "id"));
        cJSON_Delete(call("GET", path, NULL, "ResponseItemList"));
        cJSON_Delete(r);
    }
    cJSON *bg = call("POST", "/responses", "{\"model\":\"gpt-4o-mini\",\"input\":\"#scenario:slow 50\",\"background\":true}",
                     NULL);
    snprintf(path, sizeof path, "/responses/%s/cancel", jstr(bg, "id"));
    cJSON_Delete(call("POST", path, NULL, NULL));
    snprintf(path, sizeof path, "/responses/%s", jstr(bg, "id"));
    /* no schema in the spec: the recorded shape */
    cJSON *del = emu_call(&P, "DELETE", path, NULL, 200);
    assert_string_equal(jstr(del, "object"), "response.deleted");
    assert_string_equal(jstr(del, "id"), jstr(bg, "id"));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(del, "deleted")));
    cJSON_Delete(del);
    cJSON_Delete(bg);

    cJSON *c = call("POST", "/conversations",
                    "{\"metadata\":{\"topic\":\"t\"},\"items\":[{\"role\":\"user\",\"content\":\"hi\"}]}", NULL);
    char cpath[200];
    snprintf(cpath, sizeof cpath, "/conversations/%s", jstr(c, "id"));
    cJSON_Delete(call("GET", cpath, NULL, NULL));
    cJSON_Delete(call("POST", cpath, "{\"metadata\":{\"topic\":\"u\"}}", NULL));
    snprintf(path, sizeof path, "%s/items", cpath);
    cJSON *added = call("POST", path, "{\"items\":[{\"type\":\"message\",\"role\":\"user\",\"content\":\"more\"}]}",
                        "ConversationItemList");
    cJSON_Delete(call("GET", path, NULL, "ConversationItemList"));
    snprintf(body, sizeof body, "{\"model\":\"gpt-4o-mini\",\"input\":\"hi\",\"conversation\":\"%s\"}", jstr(c, "id"));
    cJSON_Delete(call("POST", "/responses", body, NULL));
    snprintf(path, sizeof path, "%s/items/%s", cpath, jstr(cJSON_GetArrayItem(cJSON_GetObjectItem(added, "data"), 0), "id"));
    cJSON *item = emu_call(&P, "GET", path, NULL, 200);
    assert_non_null(jstr(item, "type"));
    cJSON_Delete(item);
    cJSON_Delete(call("DELETE", path, NULL, NULL));
    cJSON_Delete(call("DELETE", cpath, NULL, NULL));
    cJSON_Delete(added);
    cJSON_Delete(c);
    assert_int_equal(emu_stop(&P), 0);
}

static void chat_request(char *out, size_t size, const char *text, const char *tools, const char *extra)
{
    snprintf(out, size,
             "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}],"
             "\"tools\":%s,\"n\":2,\"logprobs\":true,\"top_logprobs\":1%s}",
             text, tools, extra);
}

/* Chat completions of every scenario, whole and streamed (every chunk but the
 * error payload). */
static void test_chat_objects(void **state)
{
    (void)state;
    emu_start(&P, NULL);
    static const char *const scenarios[] = {
        "hello", "#scenario:text a b c", "#scenario:parallel 2", "#scenario:refusal",
        "#scenario:length", "#scenario:keepalive", "#scenario:error", "#scenario:long 5 0"};
    const char *tools = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{"
                        "\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}]";
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
        char full[1200];
        if (strstr(scenarios[i], "error") == NULL) {
            chat_request(full, sizeof full, scenarios[i], tools, "");
            cJSON *c = emu_call(&P, "POST", "/chat/completions", full, 200);
            validate_as("CreateChatCompletionResponse", c, scenarios[i]);
            cJSON_Delete(c);
        }
        chat_request(full, sizeof full, scenarios[i], tools,
                     ",\"stream\":true,\"stream_options\":{\"include_usage\":true}");
        http_res s;
        emu_http(&P, "POST", "/chat/completions", full, NULL, &s);
        assert_int_equal(s.status, 200);
        chat_body b;
        chat_body_parse(s.body, &b);
        assert_int_equal(b.bad, 0);
        const cJSON *chunk;
        int n = 0;
        cJSON_ArrayForEach(chunk, b.chunks)
        {
            if (cJSON_GetObjectItem(chunk, "error"))
                continue;
            validate_as("CreateChatCompletionStreamResponse", chunk, scenarios[i]);
            n++;
        }
        assert_true(n >= 4);
        chat_body_free(&b);
        http_res_free(&s);
    }
    assert_int_equal(emu_stop(&P), 0);
}

static void test_every_schema_was_exercised(void **state)
{
    (void)state;
    for (int i = 0; schema_rules[i].schema; i++)
        if (!validated[i])
            fail_msg("schema %s was never validated", schema_rules[i].schema);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_object),
        cmocka_unit_test(test_responses_objects),
        cmocka_unit_test(test_chat_objects),
        cmocka_unit_test(test_every_schema_was_exercised),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
