#include "prism_server.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void nap_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
        ;
}

/* The whole file from `from` on (malloc'd), or NULL. */
static char *read_from(const char *path, long from, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long end = ftell(f);
        if (end >= from && fseek(f, from, SEEK_SET) == 0) {
            buf = malloc((size_t)(end - from) + 1);
            if (buf) {
                *len = fread(buf, 1, (size_t)(end - from), f);
                buf[*len] = '\0';
            }
        }
    }
    fclose(f);
    return buf;
}

static void print_log(const prism_server *s)
{
    size_t len = 0;
    char *all = read_from(s->log_path, 0, &len);
    if (all)
        fprintf(stderr, "---- prism output\n%s\n----\n", all);
    free(all);
}

int prism_start(prism_server *s, const char *exe, const char *spec, int wait_s)
{
    memset(s, 0, sizeof *s);
    snprintf(s->dir, sizeof s->dir, "%s/oai-prism-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(s->dir)) {
        perror("mkdtemp");
        return -1;
    }
    snprintf(s->log_path, sizeof s->log_path, "%s/prism.log", s->dir);
    int fd = open(s->log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        perror(s->log_path);
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        close(fd);
        return -1;
    }
    if (pid == 0) {
        setpgid(0, 0); /* node's helpers stop with it */
        dup2(fd, 1);
        dup2(fd, 2);
        execl(exe, exe, "mock", "--host", "127.0.0.1", "--port", "0", spec,
              (char *)NULL);
        perror("exec prism");
        _exit(127);
    }
    close(fd);
    s->pid = pid;
    for (int i = 0; i < wait_s * 10; i++) {
        size_t len = 0;
        char *out = read_from(s->log_path, 0, &len);
        const char *at = out ? strstr(out, "listening on http://127.0.0.1:") : NULL;
        if (at)
            s->port = atoi(at + strlen("listening on http://127.0.0.1:"));
        free(out);
        if (s->port > 0) {
            snprintf(s->base_url, sizeof s->base_url, "http://127.0.0.1:%d",
                     s->port);
            return 0;
        }
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid) {
            fprintf(stderr, "prism exited early (status %d)\n", st);
            s->pid = 0;
            print_log(s);
            return -1;
        }
        nap_ms(100);
    }
    fprintf(stderr, "prism did not listen within %d s\n", wait_s);
    print_log(s);
    prism_stop(s);
    return -1;
}

void prism_stop(prism_server *s)
{
    if (s->pid > 0) {
        kill(-s->pid, SIGTERM);
        int st;
        int i = 0;
        while (waitpid(s->pid, &st, WNOHANG) == 0 && i++ < 500)
            nap_ms(10);
        if (i > 500) {
            kill(-s->pid, SIGKILL);
            waitpid(s->pid, &st, 0);
        }
        s->pid = 0;
    }
    if (s->dir[0]) {
        unlink(s->log_path);
        rmdir(s->dir);
        s->dir[0] = '\0';
    }
}

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
    (void)p;
    (void)ud;
    return size * n;
}

static void send_mark(const prism_server *s, const char *path)
{
    char url[160];
    snprintf(url, sizeof url, "%s%s", s->base_url, path);
    CURL *h = curl_easy_init();
    if (!h)
        return;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
    curl_easy_perform(h);
    curl_easy_cleanup(h);
}

/* Drops the lines about marker requests (a marker's "terminated with
 * error" line is logged after the marker was seen). */
static void drop_mark_lines(char *text)
{
    char *w = text;
    for (char *line = text; *line;) {
        char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) + 1 : strlen(line);
        char save = line[n];
        line[n] = '\0';
        int keep = strstr(line, PRISM_MARK_PATH) == NULL;
        line[n] = save;
        if (keep) {
            memmove(w, line, n);
            w += n;
        }
        line += n;
    }
    *w = '\0';
}

void prism_print_tail(prism_server *s)
{
    int st;
    if (s->pid > 0 && waitpid(s->pid, &st, WNOHANG) == s->pid) {
        fprintf(stderr, "prism exited (status %d)\n", st);
        s->pid = 0;
    }
    size_t len = 0;
    char *all = read_from(s->log_path, 0, &len);
    if (!all)
        return;
    const char *from = all + len;
    for (int lines = 0; from > all && lines < 40; lines += *--from == '\n')
        ;
    fprintf(stderr, "---- end of prism output\n%s\n----\n", from);
    free(all);
}

char *prism_take_log(prism_server *s)
{
    char path[64];
    snprintf(path, sizeof path, PRISM_MARK_PATH "%u", ++s->marks);
    char seen[96]; /* the marker's "Request received" line */
    snprintf(seen, sizeof seen, "get %s ", path);
    send_mark(s, path);
    for (int i = 0; i < 1000; i++) {
        size_t len = 0;
        char *text = read_from(s->log_path, s->offset, &len);
        char *at = text ? strstr(text, seen) : NULL;
        if (at) {
            char *eol = strchr(at, '\n');
            if (eol) {
                s->offset += (long)(eol + 1 - text);
                eol[1] = '\0';
                drop_mark_lines(text);
                return text;
            }
        }
        free(text);
        nap_ms(10);
    }
    return NULL;
}
