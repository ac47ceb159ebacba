#include "res_common.h"

#include <stdio.h>

tu_emu g_emu;
oai_client *g_c;

int res_setup_args(const char *const *extra)
{
    if (tu_emu_start(&g_emu, extra) != 0)
        return -1;
    g_c = tu_emu_client(&g_emu);
    return g_c ? 0 : -1;
}

int res_setup(void **state)
{
    (void)state;
    return res_setup_args(NULL);
}

int res_teardown(void **state)
{
    (void)state;
    oai_client_free(g_c);
    g_c = NULL;
    tu_emu_stop(&g_emu);
    return 0;
}

oai_json *res_json(const char *text)
{
    oai_json *j = NULL;
    assert_int_equal(oai_json_parse_cstr(&j, text), OAI_OK);
    return j;
}

cJSON *res_expect(const char *method, const char *path, int beta)
{
    cJSON *e = tu_emu_last(&g_emu);
    assert_non_null(e);
    assert_string_equal(tu_emu_str(e, "method"), method);
    char full[512];
    snprintf(full, sizeof full, "/v1%s", path);
    assert_string_equal(tu_emu_str(e, "path"), full);
    const char *b = tu_emu_header(e, "openai-beta");
    if (beta) {
        assert_non_null(b);
        assert_string_equal(b, "assistants=v2");
    } else {
        assert_null(b);
    }
    return e;
}

const char *res_body_str(const cJSON *entry, const char *key)
{
    const cJSON *body = cJSON_GetObjectItemCaseSensitive(entry, "body");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}
