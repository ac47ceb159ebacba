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

/* Walk a pager built by `open` (limit 2 or 1, ascending) and check the items
 * come in creation order (`ids`), one page request each with the right path,
 * query and OpenAI-Beta header. */
typedef int (*open_pager)(oai_pager **out, const oai_list_options *lo, const char *const *ctx);

static void walk_any(open_pager open, const char *const *ctx, const char *path, long limit, char ids[][64],
                     size_t n)
{
    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.limit = (int)limit;
    lo.order = "asc";
    tu_emu_mark(&g_emu);
    oai_pager *pg = NULL;
    assert_int_equal(open(&pg, &lo, ctx), OAI_OK);
    const oai_json *item;
    size_t got = 0;
    int rc;
    while ((rc = oai_pager_next(&item, pg)) == OAI_OK) {
        assert_true(got < n);
        assert_string_equal(oai_json_path_string(item, "id"), ids[got]);
        got++;
    }
    assert_int_equal(rc, OAI_ITEROVER);
    assert_int_equal(got, n);
    size_t pages = (n + (size_t)limit - 1) / (size_t)limit;
    assert_int_equal(oai_pager_pages(pg), pages);
    oai_pager_free(pg);
    cJSON *log = tu_emu_log_new(&g_emu, pages);
    assert_int_equal((size_t)cJSON_GetArraySize(log), pages);
    size_t i = 0;
    for (cJSON *e = log->child; e; e = e->next, i++) {
        char want[320]; /* "/v1" and a path of up to 299 */
        assert_string_equal(tu_emu_str(e, "method"), "GET");
        snprintf(want, sizeof want, "/v1%s", path);
        assert_string_equal(tu_emu_str(e, "path"), want);
        assert_string_equal(tu_emu_header(e, "openai-beta"), "assistants=v2");
        if (i == 0)
            snprintf(want, sizeof want, "limit=%ld&order=asc", limit);
        else
            snprintf(want, sizeof want, "limit=%ld&order=asc&after=%s", limit, ids[i * (size_t)limit - 1]);
        assert_string_equal(tu_emu_str(e, "raw_query"), want);
    }
    cJSON_Delete(log);
}

static int open_stores(oai_pager **o, const oai_list_options *lo, const char *const *x)
{
    (void)x;
    return oai_vector_stores_list_pager(o, g_c, lo, NULL);
}
static int open_runs(oai_pager **o, const oai_list_options *lo, const char *const *x)
{
    return oai_runs_list_pager(o, g_c, x[0], lo, NULL);
}
static int open_steps(oai_pager **o, const oai_list_options *lo, const char *const *x)
{
    return oai_run_steps_list_pager(o, g_c, x[0], x[1], lo, NULL, NULL);
}
static int open_store_files(oai_pager **o, const oai_list_options *lo, const char *const *x)
{
    return oai_vector_store_files_list_pager(o, g_c, x[0], lo, NULL);
}
static int open_batch_files(oai_pager **o, const oai_list_options *lo, const char *const *x)
{
    return oai_file_batches_list_files_pager(o, g_c, x[0], x[1], lo, NULL);
}

static void copy_id(char *dst, const oai_json *j)
{
    assert_non_null(oai_json_path_string(j, "id"));
    snprintf(dst, 64, "%s", oai_json_path_string(j, "id"));
}

/* The pagers of the other listable resources, each over several pages. */
static void other_resource_pagers(void **state)
{
    (void)state;
    char ids[3][64], path[300];
    oai_json *j = NULL, *p = res_json("{\"name\":\"pg\"}");
    /* vector stores, then files in one store and in a batch of another */
    for (int i = 0; i < 3; i++) {
        assert_int_equal(oai_vector_stores_create(&j, g_c, p, NULL), OAI_OK);
        copy_id(ids[i], j);
        oai_json_free(j);
    }
    walk_any(open_stores, NULL, "/vector_stores", 2, ids, 3);
    char vs[2][64] = {{0}};
    memcpy(vs[0], ids[0], 64);
    memcpy(vs[1], ids[1], 64);
    for (int i = 0; i < 3; i++) {
        oai_upload up = OAI_UPLOAD_INIT;
        up.filename = "p.txt";
        up.data = "page me";
        up.len = 7;
        assert_int_equal(oai_files_create(&j, g_c, &up, "assistants", NULL), OAI_OK);
        copy_id(ids[i], j);
        oai_json_free(j);
        assert_int_equal(oai_vector_store_files_create(&j, g_c, vs[0], ids[i], NULL, NULL), OAI_OK);
        oai_json_free(j);
    }
    const char *ctx[2] = {vs[0], NULL};
    snprintf(path, sizeof path, "/vector_stores/%s/files", vs[0]);
    walk_any(open_store_files, ctx, path, 2, ids, 3);
    char body[300];
    snprintf(body, sizeof body, "{\"file_ids\":[\"%s\",\"%s\",\"%s\"]}", ids[0], ids[1], ids[2]);
    oai_json *bp = res_json(body);
    assert_int_equal(oai_file_batches_create(&j, g_c, vs[1], bp, NULL), OAI_OK);
    char batch[64];
    copy_id(batch, j);
    oai_json_free(j);
    oai_json_free(bp);
    ctx[0] = vs[1];
    ctx[1] = batch;
    snprintf(path, sizeof path, "/vector_stores/%s/file_batches/%s/files", vs[1], batch);
    walk_any(open_batch_files, ctx, path, 2, ids, 3);

    /* runs of one thread (each finished before the next), and the two
     * steps of a code_interpreter run */
    oai_json *tp = res_json("{\"messages\":[{\"role\":\"user\",\"content\":\"#scenario:code\"}]}");
    assert_int_equal(oai_threads_create(&j, g_c, tp, NULL), OAI_OK);
    char tid[64];
    copy_id(tid, j);
    oai_json_free(j);
    snprintf(body, sizeof body, "{\"assistant_id\":\"%s\"}", g_ids[0]);
    oai_json *rp = res_json(body);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 20;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(oai_runs_create_and_poll(&j, g_c, tid, rp, NULL, &po), OAI_OK);
        assert_string_equal(oai_json_path_string(j, "status"), "completed");
        copy_id(ids[i], j);
        oai_json_free(j);
    }
    ctx[0] = tid;
    snprintf(path, sizeof path, "/threads/%s/runs", tid);
    walk_any(open_runs, ctx, path, 2, ids, 3);
    /* the steps of the first run, in creation order, one per page */
    char run0[64];
    memcpy(run0, ids[0], 64);
    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.order = "asc";
    assert_int_equal(oai_run_steps_list(&j, g_c, tid, run0, &lo, NULL, NULL), OAI_OK);
    assert_int_equal(oai_json_size(oai_json_get(j, "data")), 2);
    for (int i = 0; i < 2; i++) {
        char at[32];
        snprintf(at, sizeof at, "data.%d.id", i);
        snprintf(ids[i], 64, "%s", oai_json_path_string(j, at));
    }
    oai_json_free(j);
    ctx[1] = run0;
    snprintf(path, sizeof path, "/threads/%s/runs/%s/steps", tid, run0);
    walk_any(open_steps, ctx, path, 1, ids, 2);
    oai_json_free(rp);
    oai_json_free(tp);
    oai_json_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_page),         cmocka_unit_test(pager_ascending),
        cmocka_unit_test(pager_descending), cmocka_unit_test(pager_backwards),
        cmocka_unit_test(exact_multiple),   cmocka_unit_test(error_mid_walk),
        cmocka_unit_test(other_resource_pagers),
    };
    return cmocka_run_group_tests(tests, setup, res_teardown);
}
