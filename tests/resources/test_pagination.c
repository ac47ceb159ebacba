/* Pagination against oai-emulator: one page per list call, and the pager
 * walking several pages in both orders and backwards, fetching each page
 * only when the caller reaches it, with after=<last id> / before=<first id>
 * in the request log. */
#include <stdio.h>

#include "res_common.h"

#define N 7
static char g_ids[N][64]; /* in creation order */

static int setup(void **state)
{
    if (res_setup(state))
        return -1;
    for (int i = 0; i < N; i++) {
        char body[96];
        snprintf(body, sizeof body, "{\"model\":\"gpt-4o\",\"name\":\"a%d\"}",
                 i);
        oai_json *p = NULL, *a = NULL;
        oai_json_parse_cstr(&p, body);
        if (oai_assistants_create(&a, g_c, p, NULL) != OAI_OK)
            return -1;
        snprintf(g_ids[i], sizeof g_ids[i], "%s",
                 oai_json_path_string(a, "id"));
        oai_json_free(a);
        oai_json_free(p);
    }
    return 0;
}

static void one_page(void **state)
{
    (void)state;
    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.limit = 3;
    lo.order = "asc";
    lo.after = g_ids[1];
    oai_json *page = NULL;
    tu_emu_mark(&g_emu);
    assert_int_equal(oai_assistants_list(&page, g_c, &lo, NULL), OAI_OK);
    assert_int_equal(oai_json_size(oai_json_get(page, "data")), 3);
    assert_string_equal(oai_json_path_string(page, "data.0.id"), g_ids[2]);
    assert_string_equal(oai_json_path_string(page, "last_id"), g_ids[4]);
    assert_true(oai_json_bool(oai_json_get(page, "has_more"), 0));
    cJSON *r = res_expect("GET", "/assistants", 1);
    char q[200];
    snprintf(q, sizeof q, "limit=3&order=asc&after=%s", g_ids[1]);
    assert_string_equal(tu_emu_str(r, "raw_query"), q);
    cJSON_Delete(r);
    oai_json_free(page);
}

/* Walk with the pager; `expect` holds indices into g_ids in the order the
 * items must come; `queries` the query of each page request. */
static void walk(const oai_list_options *lo, const int *expect, size_t n_expect,
                 const char *const *queries, size_t n_pages)
{
    tu_emu_mark(&g_emu);
    oai_pager *pg = NULL;
    assert_int_equal(oai_assistants_list_pager(&pg, g_c, lo, NULL), OAI_OK);
    assert_int_equal(oai_pager_pages(pg), 1);
    const oai_json *item;
    size_t got = 0;
    int rc;
    while ((rc = oai_pager_next(&item, pg)) == OAI_OK) {
        assert_true(got < n_expect);
        assert_string_equal(oai_json_path_string(item, "id"),
                            g_ids[expect[got]]);
        got++;
        /* a page is fetched only when the caller reaches it */
        size_t limit = (size_t)lo->limit;
        assert_int_equal(oai_pager_pages(pg), (got + limit - 1) / limit);
    }
    assert_int_equal(rc, OAI_ITEROVER);
    assert_int_equal(got, n_expect);
    assert_false(oai_pager_has_more(pg));
    assert_int_equal(oai_pager_pages(pg), n_pages);
    assert_int_equal(oai_pager_next(&item, pg), OAI_ITEROVER); /* stays over */
    oai_pager_free(pg);

    cJSON *log = tu_emu_log_new(&g_emu, n_pages);
    assert_int_equal((size_t)cJSON_GetArraySize(log), n_pages);
    size_t i = 0;
    for (cJSON *e = log->child; e; e = e->next, i++) {
        assert_string_equal(tu_emu_str(e, "path"), "/v1/assistants");
        assert_string_equal(tu_emu_header(e, "openai-beta"), "assistants=v2");
        assert_string_equal(tu_emu_str(e, "raw_query"), queries[i]);
    }
    cJSON_Delete(log);
}

static void pager_ascending(void **state)
{
    (void)state;
    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.limit = 2;
    lo.order = "asc";
    int expect[N] = {0, 1, 2, 3, 4, 5, 6};
    char q[4][200];
    snprintf(q[0], sizeof q[0], "limit=2&order=asc");
    snprintf(q[1], sizeof q[1], "limit=2&order=asc&after=%s", g_ids[1]);
    snprintf(q[2], sizeof q[2], "limit=2&order=asc&after=%s", g_ids[3]);
    snprintf(q[3], sizeof q[3], "limit=2&order=asc&after=%s", g_ids[5]);
    const char *qs[4] = {q[0], q[1], q[2], q[3]};
    walk(&lo, expect, N, qs, 4);
}

static void pager_descending(void **state)
{
    (void)state;
    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.limit = 3;
    lo.order = "desc";
    int expect[N] = {6, 5, 4, 3, 2, 1, 0};
    char q[3][200];
    snprintf(q[0], sizeof q[0], "limit=3&order=desc");
    snprintf(q[1], sizeof q[1], "limit=3&order=desc&after=%s", g_ids[4]);
    snprintf(q[2], sizeof q[2], "limit=3&order=desc&after=%s", g_ids[1]);
    const char *qs[3] = {q[0], q[1], q[2]};
    walk(&lo, expect, N, qs, 3);
}

/* Given `before`, the pager walks backwards with before=<first id>; each
 * page keeps the list order. */
static void pager_backwards(void **state)
{
    (void)state;
    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.limit = 2;
    lo.order = "asc";
    lo.before = g_ids[6];
    int expect[6] = {4, 5, 2, 3, 0, 1};
    char q[3][200];
    snprintf(q[0], sizeof q[0], "limit=2&order=asc&before=%s", g_ids[6]);
    snprintf(q[1], sizeof q[1], "limit=2&order=asc&before=%s", g_ids[4]);
    snprintf(q[2], sizeof q[2], "limit=2&order=asc&before=%s", g_ids[2]);
    const char *qs[3] = {q[0], q[1], q[2]};
    walk(&lo, expect, 6, qs, 3);
}

/* An exact multiple of the page size: the last page says has_more false,
 * so no empty extra request is made. */
static void exact_multiple(void **state)
{
    (void)state;
    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.limit = 7;
    lo.order = "asc";
    int expect[N] = {0, 1, 2, 3, 4, 5, 6};
    const char *qs[1] = {"limit=7&order=asc"};
    walk(&lo, expect, N, qs, 1);
}

static void error_mid_walk(void **state)
{
    (void)state;
    /* a pager over a thread's messages; deleting the thread between pages
     * makes the second page fail, and the pager stays failed */
    oai_json *t = NULL,
             *p = res_json(
                 "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
                 "{\"role\":\"user\",\"content\":\"b\"}]}");
    assert_int_equal(oai_threads_create(&t, g_c, p, NULL), OAI_OK);
    char tid[64];
    snprintf(tid, sizeof tid, "%s", oai_json_path_string(t, "id"));
    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.limit = 1;
    oai_pager *pg = NULL;
    assert_int_equal(oai_messages_list_pager(&pg, g_c, tid, &lo, NULL), OAI_OK);
    const oai_json *item;
    assert_int_equal(oai_pager_next(&item, pg), OAI_OK);
    oai_json *d = NULL;
    assert_int_equal(oai_threads_delete(&d, g_c, tid, NULL), OAI_OK);
    assert_int_equal(oai_pager_next(&item, pg), OAI_ENOTFOUND);
    assert_null(item);
    assert_int_equal(oai_client_last_error(g_c)->http_status, 404);
    assert_int_equal(oai_pager_next(&item, pg), OAI_ENOTFOUND);
    oai_pager_free(pg);
    oai_json_free(d);
    oai_json_free(t);
    oai_json_free(p);

    /* the first page failing fails the constructor */
    assert_int_equal(oai_messages_list_pager(&pg, g_c, tid, &lo, NULL),
                     OAI_ENOTFOUND);
    assert_null(pg);
    oai_pager_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_page),         cmocka_unit_test(pager_ascending),
        cmocka_unit_test(pager_descending), cmocka_unit_test(pager_backwards),
        cmocka_unit_test(exact_multiple),   cmocka_unit_test(error_mid_walk),
    };
    return cmocka_run_group_tests(tests, setup, res_teardown);
}
