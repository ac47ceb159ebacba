/* curl_floor.c - see curl_floor.h. Everything a client library adds above
 * libcurl (SSE decoding, JSON, snapshots, hooks) is left out: each body
 * byte is counted and dropped. */
#include "curl_floor.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

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

/* ---- level 2: epoll around curl_multi_socket_action ---------------------- */

typedef struct ep {
    int fd;
    double timer_at; /* mono_now() of libcurl's timer, < 0: none */
} ep;

static int on_socket(CURL *e, curl_socket_t s, int what, void *ud, void *sp)
{
    ep *l = ud;
    (void)e;
    (void)sp;
    if (what == CURL_POLL_REMOVE) {
        epoll_ctl(l->fd, EPOLL_CTL_DEL, s, NULL);
        return 0;
    }
    struct epoll_event ev = {0};
    ev.data.fd = s;
    ev.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u);
    if (epoll_ctl(l->fd, EPOLL_CTL_MOD, s, &ev) == 0)
        return 0;
    return errno == ENOENT && epoll_ctl(l->fd, EPOLL_CTL_ADD, s, &ev) == 0 ? 0 : -1;
}

static int on_timer(CURLM *m, long ms, void *ud)
{
    ep *l = ud;
    (void)m;
    l->timer_at = ms < 0 ? -1.0 : mono_now() + (double)ms / 1000.0;
    return 0;
}

static void run_level2(CURLM *m, ep *l)
{
    struct epoll_event evs[256];
    int running = 1;
    while (running) {
        int wait = 1000;
        if (l->timer_at >= 0) {
            double left = l->timer_at - mono_now();
            wait = left <= 0 ? 0 : (int)(left * 1000.0) + 1;
        }
        int k = epoll_wait(l->fd, evs, 256, wait);
        for (int i = 0; i < k; i++) {
            unsigned e = evs[i].events;
            int what = ((e & EPOLLIN) ? CURL_CSELECT_IN : 0) | ((e & EPOLLOUT) ? CURL_CSELECT_OUT : 0) |
                       ((e & (EPOLLERR | EPOLLHUP)) ? CURL_CSELECT_ERR : 0);
            curl_multi_socket_action(m, evs[i].data.fd, what, &running);
        }
        if (l->timer_at >= 0 && mono_now() >= l->timer_at) {
            l->timer_at = -1;
            curl_multi_socket_action(m, CURL_SOCKET_TIMEOUT, 0, &running);
        }
    }
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
    ep loop = {-1, -1.0};
    int rc = -1;
    out->bytes = 0;
    out->ok = 0;
    if (!hdrs || !m || !easy || !buf)
        goto done;
    if (level2) {
        loop.fd = epoll_create1(EPOLL_CLOEXEC);
        if (loop.fd < 0)
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
        run_level2(m, &loop);
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
    if (loop.fd >= 0)
        close(loop.fd);
    curl_multi_cleanup(m);
    curl_slist_free_all(hdrs);
    return rc;
}
