/* curl_floor.c - see curl_floor.h. Everything a client library adds above
 * libcurl (SSE decoding, JSON, snapshots, hooks) is left out: each body
 * byte is counted and dropped. */
#include "curl_floor.h"
#include "epoll_loop.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double cpu_now(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           (double)ru.ru_stime.tv_usec / 1e6;
}

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
    (void)p;
    *(double *)ud += (double)(size * n);
    return size * n;
}

/* ---- level 2: the epoll loop around curl_multi_socket_action ------------- */

static int on_socket(CURL *e, curl_socket_t s, int what, void *ud, void *sp)
{
    (void)e;
    (void)sp;
    return epoll_loop_watch(ud, s, what);
}

static int on_timer(CURLM *m, long ms, void *ud)
{
    (void)m;
    epoll_loop_timer(ud, ms);
    return 0;
}

static void act(void *m, int fd, int events, int *running)
{
    curl_multi_socket_action(m, fd < 0 ? CURL_SOCKET_TIMEOUT : fd, events, running);
}

/* ---- the run ------------------------------------------------------------------ */

static long count_ok(CURLM *m)
{
    long ok = 0;
    int left;
    CURLMsg *msg;
    while ((msg = curl_multi_info_read(m, &left)) != NULL) {
        long status = 0;
        if (msg->msg != CURLMSG_DONE)
            continue;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
        ok += msg->data.result == CURLE_OK && status == 200;
    }
    return ok;
}

int curl_floor_run(const char *url, const char *api_key, int n, int level2, floor_body_fn body,
                   size_t body_cap, void *ctx, floor_result *out)
{
    char auth[256];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", api_key);
    struct curl_slist *hdrs = curl_slist_append(NULL, auth);
    hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    hdrs = curl_slist_append(hdrs, "OpenAI-Beta: assistants=v2");
    CURLM *m = curl_multi_init();
    CURL **easy = calloc((size_t)n, sizeof *easy);
    char *buf = malloc(body_cap);
    epoll_loop loop = {-1, -1.0};
    int rc = -1;
    out->bytes = 0;
    out->ok = 0;
    if (!hdrs || !m || !easy || !buf)
        goto done;
    if (level2) {
        if (epoll_loop_init(&loop) != 0)
            goto done;
        curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, on_socket);
        curl_multi_setopt(m, CURLMOPT_SOCKETDATA, &loop);
        curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, on_timer);
        curl_multi_setopt(m, CURLMOPT_TIMERDATA, &loop);
    }
    double cpu0 = cpu_now(), t0 = mono_now();
    for (int i = 0; i < n; i++) {
        body(buf, body_cap, i, ctx);
        easy[i] = curl_easy_init();
        if (!easy[i])
            goto done;
        curl_easy_setopt(easy[i], CURLOPT_URL, url);
        curl_easy_setopt(easy[i], CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(easy[i], CURLOPT_COPYPOSTFIELDS, buf);
        curl_easy_setopt(easy[i], CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(easy[i], CURLOPT_WRITEDATA, &out->bytes);
        curl_easy_setopt(easy[i], CURLOPT_NOSIGNAL, 1L);
        curl_multi_add_handle(m, easy[i]);
    }
    if (level2) {
        epoll_loop_run(&loop, act, m);
    } else {
        int running = 1;
        while (running) {
            curl_multi_perform(m, &running);
            if (running)
                curl_multi_poll(m, NULL, 0, 1000, NULL);
        }
    }
    out->ok = count_ok(m);
    out->cpu_s = cpu_now() - cpu0;
    out->wall_s = mono_now() - t0;
    rc = 0;
done:
    for (int i = 0; easy && i < n; i++)
        if (easy[i]) {
            curl_multi_remove_handle(m, easy[i]);
            curl_easy_cleanup(easy[i]);
        }
    free(easy);
    free(buf);
    epoll_loop_close(&loop);
    curl_multi_cleanup(m);
    curl_slist_free_all(hdrs);
    return rc;
}
