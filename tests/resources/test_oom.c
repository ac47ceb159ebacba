/* Every allocation made by a pager walk (client, requests, page copies,
 * cursors) and by a multipart upload is failed in turn against
 * oai-emulator: each run must fail cleanly or succeed, and nothing may
 * leak. */
#include <stdio.h>
#include <stdlib.h>

#include "res_common.h"

static int walk(void)
{
    /* A short timeout: a failed allocation inside libcurl's
     * curl_easy_reset() can leave a transfer that never completes, which
     * the per-attempt timeout then ends. Any outcome but a leak is fine. */
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test";
    o.base_url = g_emu.base_url;
    o.max_retries = 0;
    o.timeout_ms = 400;
    o.log_level = OAI_LOG_OFF;
    oai_client *c = NULL;
    int rc = oai_client_new(&c, &o, NULL, 0);
    if (rc)
        return rc;
    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.limit = 2;
    lo.order = "asc";
    oai_pager *pg = NULL;
    rc = oai_assistants_list_pager(&pg, c, &lo, NULL);
    const oai_json *item;
    int n = 0;
    while (!rc && (rc = oai_pager_next(&item, pg)) == OAI_OK)
        n++;
    oai_pager_free(pg);
    if (rc == OAI_ITEROVER)
        rc = n == 5 ? OAI_OK : OAI_ERROR;
    oai_json *f = NULL;
    if (!rc)
        rc = oai_files_create(&f, c, &(oai_upload)OAI_UPLOAD_MEMORY("a.txt", "abc", 3), "assistants", NULL);
    oai_json_free(f);
    oai_client_free(c);
    return rc;
}

static void sweep(void **state)
{
    (void)state;
    for (int i = 0; i < 5; i++) {
        oai_json *p = res_json("{\"model\":\"gpt-4o\"}"), *a = NULL;
        assert_int_equal(oai_assistants_create(&a, g_c, p, NULL), OAI_OK);
        oai_json_free(a);
        oai_json_free(p);
    }
    tu_failalloc_arm(0);
    long base_live = tu_failalloc_live();
    assert_int_equal(walk(), OAI_OK);
    long total = tu_failalloc_count();
    assert_true(total > 20);
    assert_int_equal(tu_failalloc_live(), base_live);
    long failed_runs = 0;
    for (long k = 1; k <= total; k++) {
        tu_failalloc_arm(k);
        if (getenv("OOM_TRACE"))
            fprintf(stderr, "k=%ld\n", k);
        int rc = walk();
        if (tu_failalloc_failed()) {
            failed_runs++;
            /* libcurl may absorb some failures internally (e.g. a cache
             * entry it can do without), so success is allowed too */
            (void)rc;
        }
        if (tu_failalloc_live() != base_live)
            fail_msg("allocation %ld of %ld failed: %ld blocks leaked (rc %d)",
                     k, total, tu_failalloc_live() - base_live, rc);
    }
    tu_failalloc_arm(0);
    printf("%ld allocations swept, %ld runs saw a failure\n", total,
           failed_runs);
}

int main(void)
{
    tu_failalloc_install(); /* before the first client initialises the library
                             */
    const struct CMUnitTest tests[] = {cmocka_unit_test(sweep)};
    return cmocka_run_group_tests(tests, res_setup, res_teardown);
}
