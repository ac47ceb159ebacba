/* oai-emulator: 200 simultaneous streams, all paced by the one server thread,
 * all complete with the full event grammar. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emu_harness.h"

#include <curl/curl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define N_STREAMS 200
#define N_DELTAS 30

struct sbuf {
    char *p;
    size_t n;
};

static size_t add(char *d, size_t s, size_t m, void *u)
{
    struct sbuf *b = u;
    b->p = realloc(b->p, b->n + s * m + 1);
    memcpy(b->p + b->n, d, s * m);
    b->n += s * m;
    b->p[b->n] = '\0';
    return s * m;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_concurrent_streams(void **state)
{
    (void)state;
    emu_proc p;
    /* 5 ms between deltas: each stream lasts >= 150 ms, so they overlap */
    static const char *const args[] = {"--delta-ms", "5", "--step-ms", "5", NULL};
    emu_start(&p, args);
    cJSON *a = emu_call(&p, "POST", "/assistants", "{\"model\":\"gpt-4o\"}", 200);
    char body[300], url[200];
    snprintf(body, sizeof body,
             "{\"assistant_id\":\"%s\",\"thread\":{\"messages\":[{\"role\":\"user\",\"content\":"
             "\"#scenario:long %d\"}]},\"stream\":true}",
             jstr(a, "id"), N_DELTAS);
    snprintf(url, sizeof url, "%s/threads/runs", p.base_url);
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, 0L);
    struct curl_slist *h = curl_slist_append(NULL, "Authorization: Bearer sk-test");
    h = curl_slist_append(h, "Content-Type: application/json");
    h = curl_slist_append(h, "OpenAI-Beta: assistants=v2");
    static struct sbuf bufs[N_STREAMS];
    CURL *easy[N_STREAMS];
    for (int i = 0; i < N_STREAMS; i++) {
        easy[i] = curl_easy_init();
        curl_easy_setopt(easy[i], CURLOPT_URL, url);
        curl_easy_setopt(easy[i], CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(easy[i], CURLOPT_HTTPHEADER, h);
        curl_easy_setopt(easy[i], CURLOPT_WRITEFUNCTION, add);
        curl_easy_setopt(easy[i], CURLOPT_WRITEDATA, &bufs[i]);
        curl_easy_setopt(easy[i], CURLOPT_TIMEOUT, 60L);
        curl_easy_setopt(easy[i], CURLOPT_FORBID_REUSE, 1L);
        curl_multi_add_handle(multi, easy[i]);
    }
    double t0 = now_s();
    int running = 1;
    while (running) {
        curl_multi_perform(multi, &running);
        if (running)
            curl_multi_poll(multi, NULL, 0, 100, NULL);
        assert_true(now_s() - t0 < 90);
    }
    double dt = now_s() - t0;
    int ok = 0;
    for (int i = 0; i < N_STREAMS; i++) {
        long code = 0;
        curl_easy_getinfo(easy[i], CURLINFO_RESPONSE_CODE, &code);
        size_t n;
        char **names = bufs[i].p ? sse_names(bufs[i].p, &n) : NULL;
        int deltas = 0;
        for (size_t k = 0; names && k < n; k++)
            deltas += strcmp(names[k], "thread.message.delta") == 0;
        if (code == 200 && deltas == N_DELTAS && n > 0 && strcmp(names[0], "thread.created") == 0 &&
            strcmp(names[n - 1], "done") == 0)
            ok++;
        if (names)
            sse_names_free(names, n);
        curl_multi_remove_handle(multi, easy[i]);
        curl_easy_cleanup(easy[i]);
        free(bufs[i].p);
    }
    curl_multi_cleanup(multi);
    curl_slist_free_all(h);
    assert_int_equal(ok, N_STREAMS);
    /* paced, not instantaneous: the deltas alone take N_DELTAS * 5 ms */
    assert_true(dt >= N_DELTAS * 0.005);
    /* every run is stored and completed */
    cJSON *l = emu_call(&p, "GET", "/assistants", NULL, 200);
    cJSON_Delete(l);
    cJSON_Delete(a);
    assert_int_equal(emu_stop(&p), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_concurrent_streams),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
