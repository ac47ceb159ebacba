/* cli_tool.c - run a --tool command: JSON arguments in, output text out. */
#include "cli_tool.h"
#include "cli_exit.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Tool output is sent to the API as one string; bound what we keep. */
#define TOOL_OUTPUT_MAX (4u * 1024u * 1024u)

const char *cli_tool_find(const cli_list *specs, const char *name)
{
    size_t nlen = strlen(name);
    for (size_t i = 0; i < specs->n; i++) {
        const char *s = specs->items[i];
        if (strncmp(s, name, nlen) == 0 && s[nlen] == '=')
            return s + nlen + 1;
    }
    return NULL;
}

int cli_tool_check(const cli_list *specs, const char **bad)
{
    for (size_t i = 0; i < specs->n; i++) {
        const char *eq = strchr(specs->items[i], '=');
        if (eq == NULL || eq == specs->items[i] || eq[1] == '\0') {
            *bad = specs->items[i];
            return -1;
        }
    }
    return 0;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int cli_tool_run(char **out, size_t *out_len, int *status, const char *command,
                 const char *input, size_t input_len, long timeout_ms)
{
    int in_pipe[2], out_pipe[2];
    *out = NULL;
    *out_len = 0;
    *status = -1;
    if (pipe(in_pipe) != 0)
        return -1;
    if (pipe(out_pipe) != 0) {
        close(in_pipe[0]);
        close(in_pipe[1]);
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(in_pipe[0]);
        close(in_pipe[1]);
        close(out_pipe[0]);
        close(out_pipe[1]);
        return -1;
    }
    if (pid == 0) {
        /* Own process group, so a timeout kills the command's children too
         * (they would otherwise keep our stderr open). */
        setpgid(0, 0);
        dup2(in_pipe[0], 0);
        dup2(out_pipe[1], 1);
        close(in_pipe[0]);
        close(in_pipe[1]);
        close(out_pipe[0]);
        close(out_pipe[1]);
        execl("/bin/sh", "sh", "-c", command, (char *)NULL);
        _exit(127);
    }
    setpgid(pid, pid); /* also here: no race with the child's own call */
    close(in_pipe[0]);
    close(out_pipe[1]);
    /* A command that does not read its stdin must not kill us. */
    struct sigaction ign, old;
    memset(&ign, 0, sizeof(ign));
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, &old);
    fcntl(in_pipe[1], F_SETFL, fcntl(in_pipe[1], F_GETFL) | O_NONBLOCK);

    size_t cap = 4096, len = 0, sent = 0;
    char *buf = malloc(cap);
    int wfd = in_pipe[1], rfd = out_pipe[0], failed = (buf == NULL);
    if (input_len == 0) {
        close(wfd);
        wfd = -1;
    }
    long deadline = now_ms() + timeout_ms;
    int timed_out = 0;
    while (rfd >= 0 && !failed) {
        struct pollfd pf[2];
        int n = 0;
        pf[n].fd = rfd;
        pf[n].events = POLLIN;
        n++;
        if (wfd >= 0) {
            pf[n].fd = wfd;
            pf[n].events = POLLOUT;
            n++;
        }
        long left = deadline - now_ms();
        if (left <= 0) {
            timed_out = 1;
            break;
        }
        int r = poll(pf, (nfds_t)n, (int)(left > 1000 ? 1000 : left));
        if (r < 0 && errno != EINTR) {
            failed = 1;
            break;
        }
        if (r <= 0)
            continue;
        if (n > 1 && (pf[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t w = write(wfd, input + sent, input_len - sent);
            if (w > 0)
                sent += (size_t)w;
            if (w < 0 && errno != EAGAIN && errno != EINTR)
                sent = input_len; /* reader went away: stop feeding */
            if (sent >= input_len) {
                close(wfd);
                wfd = -1;
            }
        }
        if (pf[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            if (cap - len < 2048) {
                if (cap >= TOOL_OUTPUT_MAX) {
                    failed = 1;
                    break;
                }
                char *nb = realloc(buf, cap * 2);
                if (nb == NULL) {
                    failed = 1;
                    break;
                }
                buf = nb;
                cap *= 2;
            }
            ssize_t rd = read(rfd, buf + len, cap - len - 1);
            if (rd > 0)
                len += (size_t)rd;
            else if (rd == 0 || (errno != EAGAIN && errno != EINTR)) {
                close(rfd);
                rfd = -1;
            }
        }
    }
    if (wfd >= 0)
        close(wfd);
    if (rfd >= 0)
        close(rfd);
    if (timed_out || failed)
        kill(-pid, SIGKILL);
    int ws = 0;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
        ;
    sigaction(SIGPIPE, &old, NULL);
    if (failed) {
        free(buf);
        return -1;
    }
    if (timed_out)
        *status = -1;
    else if (WIFEXITED(ws))
        *status = WEXITSTATUS(ws);
    else if (WIFSIGNALED(ws))
        *status = 128 + WTERMSIG(ws);
    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        len--;
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return 0;
}

int cli_tool_answer(char **out, const char *cmd, const cli_list *specs,
                    const char *name, const char *args, long timeout_ms)
{
    *out = NULL;
    const char *command = cli_tool_find(specs, name);
    if (command == NULL) {
        fprintf(stderr,
                "oai %s: the %s calls function '%s'; answer it with "
                "--tool %s=COMMAND\n",
                cmd, strcmp(cmd, "respond") == 0 ? "response" : "run", name,
                name);
        return CLI_EXIT_LOCAL;
    }
    size_t out_len = 0;
    int status = 0;
    if (cli_tool_run(out, &out_len, &status, command, args, strlen(args),
                     timeout_ms) != 0) {
        fprintf(
            stderr,
            "oai %s: --tool %s: cannot run the command or collect its output\n",
            cmd, name);
        return CLI_EXIT_LOCAL;
    }
    int ex = CLI_EXIT_OK;
    if (status < 0) {
        fprintf(stderr, "oai %s: --tool %s: timed out after %ld ms\n", cmd,
                name, timeout_ms);
        ex = CLI_EXIT_LOCAL;
    } else if (status != 0) {
        fprintf(stderr,
                "oai %s: --tool %s: the command exited with status %d\n", cmd,
                name, status);
        ex = CLI_EXIT_LOCAL;
    } else if (strlen(*out) != out_len) {
        fprintf(stderr, "oai %s: --tool %s: the output contains a NUL byte\n",
                cmd, name);
        ex = CLI_EXIT_LOCAL;
    }
    if (ex != CLI_EXIT_OK) {
        free(*out);
        *out = NULL;
    }
    return ex;
}
