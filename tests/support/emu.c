#include "emu.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef OAI_EMULATOR_PATH
#error "OAI_EMULATOR_PATH must name the oai-emulator executable"
#endif

static void nap_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
        ;
}

static void redirect(int fd, const char *dir, const char *name)
{
    char path[320];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int f = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (f >= 0) {
        dup2(f, fd);
        close(f);
    }
}

static int read_port(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int port = 0;
    if (fscanf(f, "%d", &port) != 1)
        port = 0;
    fclose(f);
    return port;
}

int tu_emu_start(tu_emu *e, const char *const *extra)
{
    memset(e, 0, sizeof *e);
    snprintf(e->dir, sizeof e->dir, "%s/oai-emu-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(e->dir)) {
        perror("mkdtemp");
        return -1;
    }
    char port_file[320];
    snprintf(port_file, sizeof port_file, "%s/port", e->dir);
    snprintf(e->log_path, sizeof e->log_path, "%s/requests.jsonl", e->dir);

    const char *argv[64];
    size_t n = 0;
    argv[n++] = OAI_EMULATOR_PATH;
    argv[n++] = "--port";
    argv[n++] = "0";
    argv[n++] = "--port-file";
    argv[n++] = port_file;
    argv[n++] = "--log";
    argv[n++] = e->log_path;
    for (; extra && *extra && n < 62; extra++)
        argv[n++] = *extra;
    argv[n] = NULL;

    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return -1;
    }
    if (pid == 0) {
        /* Die with the test program; keep the test's output pipes free so
         * ctest never waits on a leftover server. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        redirect(1, e->dir, "stdout");
        redirect(2, e->dir, "stderr");
        execv(argv[0], (char *const *)argv);
        perror("execv oai-emulator");
        _exit(127);
    }
    e->pid = pid;
    for (int i = 0; i < 1000; i++) { /* 10 s */
        int port = read_port(port_file);
        if (port > 0) {
            e->port = port;
            snprintf(e->base_url, sizeof e->base_url, "http://127.0.0.1:%d/v1",
                     port);
            return 0;
        }
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid) {
            char err[320];
            fprintf(stderr, "oai-emulator exited early (status %d); see %s\n", st,
                    tu_emu_path(e, "stderr", err, sizeof err));
            e->pid = 0;
            return -1;
        }
        nap_ms(10);
    }
    fprintf(stderr, "oai-emulator did not write its port file\n");
    tu_emu_stop(e);
    return -1;
}

int tu_emu_stop(tu_emu *e)
{
    int st = -1;
    if (e->pid > 0) {
        kill(e->pid, SIGTERM);
        int i = 0;
        while (waitpid(e->pid, &st, WNOHANG) == 0 && i++ < 500)
            nap_ms(10);
        if (i > 500) {
            kill(e->pid, SIGKILL);
            waitpid(e->pid, &st, 0);
            st = -1;
        }
        e->pid = 0;
    }
    if (e->dir[0]) {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", e->dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", e->dir);
        e->dir[0] = '\0';
    }
    return st >= 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

oai_client *tu_emu_client_retries(tu_emu *e, int max_retries)
{
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test";
    o.base_url = e->base_url;
    o.max_retries = max_retries;
    o.log_level = OAI_LOG_OFF;
    oai_client *c = NULL;
    if (oai_client_new(&c, &o, NULL, 0) != OAI_OK)
        return NULL;
    return c;
}

oai_client *tu_emu_client(tu_emu *e)
{
    return tu_emu_client_retries(e, 0);
}

static cJSON *parse_log(tu_emu *e)
{
    cJSON *arr = cJSON_CreateArray();
    FILE *f = fopen(e->log_path, "r");
    if (!f)
        return arr;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        if (line[len - 1] != '\n')
            break; /* partly written: ignore until complete */
        cJSON *j = cJSON_Parse(line);
        if (j)
            cJSON_AddItemToArray(arr, j);
    }
    free(line);
    fclose(f);
    return arr;
}

cJSON *tu_emu_log(tu_emu *e, size_t min)
{
    cJSON *arr = NULL;
    for (int i = 0; i < 200; i++) {
        cJSON_Delete(arr);
        arr = parse_log(e);
        if ((size_t)cJSON_GetArraySize(arr) >= min)
            break;
        nap_ms(10);
    }
    return arr;
}

cJSON *tu_emu_log_new(tu_emu *e, size_t min)
{
    cJSON *all = tu_emu_log(e, e->mark + min);
    cJSON *out = cJSON_CreateArray();
    size_t i = 0;
    for (cJSON *it = all->child; it; it = it->next, i++)
        if (i >= e->mark)
            cJSON_AddItemToArray(out, cJSON_Duplicate(it, 1));
    e->mark = i;
    cJSON_Delete(all);
    return out;
}

void tu_emu_mark(tu_emu *e)
{
    cJSON *all = parse_log(e);
    e->mark = (size_t)cJSON_GetArraySize(all);
    cJSON_Delete(all);
}

cJSON *tu_emu_last(tu_emu *e)
{
    cJSON *fresh = tu_emu_log_new(e, 1);
    int n = cJSON_GetArraySize(fresh);
    cJSON *last = n ? cJSON_DetachItemFromArray(fresh, n - 1) : NULL;
    cJSON_Delete(fresh);
    return last;
}

const char *tu_emu_header(const cJSON *entry, const char *name)
{
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(entry, "headers");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(h, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

const char *tu_emu_str(const cJSON *entry, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(entry, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

const char *tu_emu_path(tu_emu *e, const char *name, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/%s", e->dir, name);
    return buf;
}
