/* Every allocation made while parsing, building, appending and serialising
 * JSON (and synchronising a tree with another) is failed in turn: each call
 * must report OAI_ENOMEM (or succeed) and nothing may leak. */
#include "testutil.h"

#include <string.h>

#include "core/json.h"
#include "oai.h"

static int exercise(void)
{
    oai_json *j = NULL, *p = NULL;
    int rc =
        oai_json_parse_cstr(&j, "{\"a\":[1,2,{\"b\":\"x\"}],\"s\":\"str\"}");
    if (rc)
        return rc;
    rc = oai_json_new_object(&p);
    if (!rc)
        rc = oai_json_set_string(p, "k", "v");
    if (!rc)
        rc = oai_json_set(p, "copy", j);
    if (!rc)
        rc = oai_json_set_raw(p, "raw", "[true,null]");
    cJSON *s = cJSON_GetObjectItem(oai__cj(j), "s");
    for (int i = 0; !rc && i < 50; i++)
        rc = oai__json_str_append(s, "0123456789", 10);
    if (!rc) { /* synchronised with a partly different tree */
        cJSON *src =
            oai__json_parse("[1,{\"b\":\"y\",\"c\":[3]},{\"d\":4}]", 29);
        cJSON *a = cJSON_GetObjectItem(oai__cj(j), "a");
        if (!src || !oai__json_sync(oai__cj(j), a, src))
            rc = OAI_ENOMEM;
        oai__json_delete(src);
    }
    if (!rc) {
        char *text = oai_json_serialize(p, 1);
        if (!text)
            rc = OAI_ENOMEM;
        oai_free(text);
    }
    oai_json_free(p);
    oai_json_free(j);
    return rc;
}

static void sweep(void **state)
{
    (void)state;
    tu_failalloc_install();
    tu_failalloc_arm(0);
    long base_live = tu_failalloc_live();
    assert_int_equal(exercise(), OAI_OK);
    long total = tu_failalloc_count();
    assert_true(total > 10);
    for (long k = 1; k <= total; k++) {
        tu_failalloc_arm(k);
        int rc = exercise();
        /* cJSON reports some failures as parse errors or EINVAL from the
         * builder; any non-zero is acceptable as long as nothing leaks */
        if (tu_failalloc_failed())
            assert_int_not_equal(rc, OAI_OK);
        assert_int_equal(tu_failalloc_live(), base_live);
    }
    tu_failalloc_arm(0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(sweep)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
