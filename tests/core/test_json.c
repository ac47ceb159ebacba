#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "oai.h"

static void parse_and_read(void **state)
{
    (void)state;
    oai_json *j = NULL;
    const char *t = "{\"a\":1.5,\"s\":\"hi\",\"b\":true,\"n\":null,"
                    "\"l\":[{\"text\":{\"value\":\"v0\"}},2]}";
    assert_int_equal(oai_json_parse_cstr(&j, t), OAI_OK);
    assert_true(oai_json_is_object(j));
    assert_true(oai_json_number(oai_json_get(j, "a"), 0) == 1.5);
    assert_string_equal(oai_json_string(oai_json_get(j, "s")), "hi");
    assert_int_equal(oai_json_string_len(oai_json_get(j, "s")), 2);
    assert_int_equal(oai_json_bool(oai_json_get(j, "b"), -1), 1);
    assert_true(oai_json_is_null(oai_json_get(j, "n")));
    assert_null(oai_json_get(j, "missing"));
    assert_int_equal(oai_json_size(j), 5);
    assert_int_equal(oai_json_size(oai_json_get(j, "l")), 2);
    assert_string_equal(oai_json_path_string(j, "l.0.text.value"), "v0");
    assert_int_equal(oai_json_int(oai_json_path(j, "l.1"), -1), 2);
    assert_null(oai_json_path(j, "l.2"));
    assert_null(oai_json_path(j, "l.-1"));
    assert_null(oai_json_path(j, "a."));
    assert_string_equal(oai_json_key(oai_json_first(j)), "a");
    assert_int_equal(oai_json_type_of(NULL), OAI_JSON_INVALID);
    oai_json_free(j);
}

static void parse_errors(void **state)
{
    (void)state;
    oai_json *j = (oai_json *)1;
    assert_int_equal(oai_json_parse_cstr(&j, "{\"a\":"), OAI_EPROTOCOL);
    assert_null(j);
    assert_int_equal(oai_json_parse_cstr(&j, "{} x"), OAI_EPROTOCOL);
    assert_int_equal(oai_json_parse_cstr(&j, " {}\n "), OAI_OK);
    oai_json_free(j);
    /* length is honoured: the text after len is not read */
    assert_int_equal(oai_json_parse(&j, "[1]garbage", 3), OAI_OK);
    oai_json_free(j);
    assert_int_equal(oai_json_parse(NULL, "1", 1), OAI_EINVAL);
}

static void build_and_serialize(void **state)
{
    (void)state;
    oai_json *p = NULL, *arr = NULL;
    assert_int_equal(oai_json_new_object(&p), OAI_OK);
    assert_int_equal(oai_json_set_string(p, "assistant_id", "a\"b"), OAI_OK);
    assert_int_equal(oai_json_set_int(p, "n", 3), OAI_OK);
    assert_int_equal(oai_json_set_bool(p, "stream", 1), OAI_OK);
    assert_int_equal(
        oai_json_set_raw(p, "tools", "[{\"type\":\"code_interpreter\"}]"),
        OAI_OK);
    assert_int_equal(oai_json_set_raw(p, "bad", "[1,"), OAI_EINVAL);
    assert_int_equal(oai_json_set_int(p, "n", 4), OAI_OK); /* replaces */
    assert_int_equal(oai_json_new_array(&arr), OAI_OK);
    assert_int_equal(oai_json_append_string(arr, "x"), OAI_OK);
    assert_int_equal(oai_json_append_raw(arr, "{\"k\":null}"), OAI_OK);
    assert_int_equal(oai_json_set(p, "arr", arr), OAI_OK);
    assert_int_equal(oai_json_set_number(p, "inf", 1.0 / 0.0), OAI_EINVAL);
    assert_int_equal(oai_json_set_string(NULL, "k", "v"), OAI_EINVAL);
    assert_int_equal(oai_json_remove(p, "stream"), OAI_OK);
    char *s = oai_json_serialize(p, 0);
    assert_string_equal(
        s, "{\"assistant_id\":\"a\\\"b\",\"tools\":[{\"type\":"
           "\"code_interpreter\"}],\"n\":4,\"arr\":[\"x\",{\"k\":null}]}");
    oai_free(s);
    oai_json *d = NULL;
    assert_int_equal(oai_json_dup(&d, oai_json_get(p, "arr")), OAI_OK);
    assert_int_equal(oai_json_size(d), 2);
    oai_json_free(d);
    oai_json_free(arr);
    oai_json_free(p);
}

/* A growable string appends in place, serialises, duplicates to a plain
 * string and is freed by oai__json_delete without leaking. */
static void growable_strings(void **state)
{
    (void)state;
    cJSON *root = oai__json_parse("{\"v\":\"ab\",\"w\":1}", 16);
    assert_non_null(root);
    cJSON *v = cJSON_GetObjectItem(root, "v");
    for (int i = 0; i < 10000; i++)
        assert_int_equal(oai__json_str_append(v, "xyz", 3), 0);
    assert_int_equal(oai__json_str_len(v), 2 + 30000);
    assert_int_equal(oai_json_string_len(oai__view(v)), 30002);
    assert_memory_equal(v->valuestring, "abxyzxyz", 8);
    cJSON *copy = cJSON_Duplicate(root, 1);
    assert_int_equal(strlen(cJSON_GetObjectItem(copy, "v")->valuestring),
                     30002);
    cJSON_Delete(copy); /* a copy is an ordinary tree */
    char *s = oai_json_serialize(oai__view(root), 0);
    assert_int_equal(strlen(s), 30002 + strlen("{\"v\":\"\",\"w\":1}"));
    oai_free(s);
    /* replacing a growable member frees its buffer */
    cJSON *repl = cJSON_CreateString("new");
    oai__json_replace(root, v, repl);
    assert_string_equal(cJSON_GetObjectItem(root, "v")->valuestring, "new");
    assert_int_equal(cJSON_GetArraySize(root), 2);
    assert_string_equal(root->child->next->string, "w");
    cJSON *v2 = cJSON_GetObjectItem(root, "v");
    assert_int_equal(oai__json_str_append(v2, "!", 1), 0);
    oai__json_delete(root);
}

static void replace_positions(void **state)
{
    (void)state;
    cJSON *a = oai__json_parse("[1,2,3]", 7);
    oai__json_replace(a, a->child, cJSON_CreateNumber(10));
    oai__json_replace(a, a->child->prev, cJSON_CreateNumber(30)); /* tail */
    oai__json_replace(a, a->child->next, cJSON_CreateNumber(20));
    char *s = cJSON_PrintUnformatted(a);
    assert_string_equal(s, "[10,20,30]");
    cJSON_free(s);
    cJSON_AddItemToArray(a, cJSON_CreateNumber(40)); /* tail pointer intact */
    s = cJSON_PrintUnformatted(a);
    assert_string_equal(s, "[10,20,30,40]");
    cJSON_free(s);
    oai__json_delete(a);
}

/* Synchronise member "v" of a fresh {"v":old} with src: the result prints
 * as a copy would, and the returned node is the one now in place. */
static void check_sync(const char *old, const char *src, int keeps_node)
{
    char buf[512];
    snprintf(buf, sizeof buf, "{\"v\":%s}", old);
    cJSON *root = oai__json_parse(buf, strlen(buf));
    cJSON *want = oai__json_parse(src, strlen(src));
    assert_non_null(root);
    assert_non_null(want);
    cJSON *v = root->child;
    if (cJSON_IsString(v))
        assert_int_equal(oai__json_str_append(v, "", 0), 0); /* growable */
    cJSON *now = oai__json_sync(root, v, want, NULL);
    assert_non_null(now);
    assert_ptr_equal(root->child, now);
    assert_string_equal(now->string, "v");
    if (keeps_node)
        assert_ptr_equal(now, v);
    char *got = cJSON_PrintUnformatted(now);
    char *exp = cJSON_PrintUnformatted(want);
    assert_string_equal(got, exp);
    cJSON_free(got);
    cJSON_free(exp);
    oai__json_delete(want);
    oai__json_delete(root);
}

/* oai__json_sync makes a node what a copy of the source would be, keeping
 * what is equal (the node itself when all of it is) and copying the rest. */
static void sync_to_source(void **state)
{
    (void)state;
    check_sync("\"abc\"", "\"abc\"", 1);
    check_sync("\"abc\"", "\"abd\"", 0);
    check_sync("\"abc\"", "\"ab\"", 0);
    check_sync("1", "1.5", 0);
    check_sync("null", "false", 0);
    check_sync("{\"a\":1,\"b\":\"x\"}", "{\"a\":1,\"b\":\"x\"}", 1);
    /* same keys in the same order: updated member by member, in place */
    check_sync("{\"a\":1,\"b\":{\"c\":[1,2]},\"s\":\"in_progress\"}",
               "{\"a\":1,\"b\":{\"c\":[1,3]},\"s\":\"completed\"}", 1);
    check_sync("[{\"t\":\"x\"},2]", "[{\"t\":\"y\"},2]", 1);
    /* other keys, another order, another length: replaced by a copy */
    check_sync("{\"a\":1,\"b\":2}", "{\"b\":2,\"a\":1}", 0);
    check_sync("{\"a\":1}", "{\"a\":1,\"b\":2}", 0);
    check_sync("[1,2]", "[1,2,3]", 0);
    check_sync("[1,2]", "{\"0\":1}", 0);
}

/* The member named `name` anywhere in `n`, depth first, or NULL. */
static const cJSON *member(const cJSON *n, const char *name)
{
    for (; n; n = n->next) {
        if (n->string && strcmp(n->string, name) == 0)
            return n;
        const cJSON *in = member(n->child, name);
        if (in)
            return in;
    }
    return NULL;
}

/* Member `name` of trees a and b, parsed from one text: found in both,
 * and pointing at one static copy of the name when `shared` (cJSON never
 * frees it), else at a copy of its own in each. */
static void check_name(const cJSON *a, const cJSON *b, const char *name,
                       int shared)
{
    const cJSON *na = member(a->child, name);
    const cJSON *nb = member(b->child, name);
    assert_non_null(na);
    assert_non_null(nb);
    assert_int_equal(!!(na->type & cJSON_StringIsConst), shared);
    if (shared)
        assert_ptr_equal(na->string, nb->string);
    else
        assert_ptr_not_equal(na->string, nb->string);
}

/* A parsed tree's member names that the API uses point at one static copy
 * (never freed by cJSON); other names, near misses included, keep their
 * own. */
static void shared_member_names(void **state)
{
    (void)state;
    static const char text[] =
        "{\"type\":\"x\",\"id\":\"a\",\"typ\":1,\"types\":2,\"zzz\":3,"
        "\"content\":[{\"text\":{\"value\":\"v\",\"annotations\":[]}}],"
        "\"accepted_prediction_tokens\":0,\"verbosity\":null}";
    static const char *const known[] = {"type",
                                        "id",
                                        "content",
                                        "text",
                                        "value",
                                        "annotations",
                                        "accepted_prediction_tokens",
                                        "verbosity"};
    static const char *const own[] = {"typ", "types", "zzz"};
    cJSON *a = oai__json_parse(text, sizeof text - 1);
    cJSON *b = oai__json_parse(text, sizeof text - 1);
    assert_non_null(a);
    assert_non_null(b);
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        check_name(a, b, known[i], 1);
    for (size_t i = 0; i < sizeof own / sizeof *own; i++)
        check_name(a, b, own[i], 0);
    oai__json_delete(a);
    oai__json_delete(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_and_read),
        cmocka_unit_test(parse_errors),
        cmocka_unit_test(build_and_serialize),
        cmocka_unit_test(growable_strings),
        cmocka_unit_test(replace_positions),
        cmocka_unit_test(sync_to_source),
        cmocka_unit_test(shared_member_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
