#include "tls_front.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Run argv in f->dir, output to front.log there. With `wait`: 0 when it
 * exited with status 0, else -1; without: the child's pid, or -1. */
static pid_t run(const tls_front *f, const char *const *argv, int wait)
{
    pid_t pid = fork();
    if (pid == 0) {
        char log[300];
        snprintf(log, sizeof log, "%s/front.log", f->dir);
        int out = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (chdir(f->dir) != 0 || out < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
            _exit(126);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    int st;
    if (pid < 0 || !wait)
        return pid;
    return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static int loopback_socket(int port, int listen_on)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int ok = listen_on ? bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
                             getsockname(fd, (struct sockaddr *)&a, &len) == 0
                       : connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    close(fd);
    return ok ? ntohs(a.sin_port) : -1;
}

int tls_front_start(tls_front *f, int backend_port, int max_streams, long window)
{
    memset(f, 0, sizeof *f);
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(f->dir, sizeof f->dir, "%s/oai-front-XXXXXX", tmp);
    if (!mkdtemp(f->dir)) {
        perror("mkdtemp");
        f->dir[0] = '\0';
        return -1;
    }
    static const char *const req[] = {
        "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        "-keyout", "key.pem", "-out", "cert.pem", NULL};
    f->port = loopback_socket(0, 1);
    char front[48], back[48], streams[64], conn_window[64], stream_window[64];
    snprintf(front, sizeof front, "127.0.0.1,%d", f->port);
    snprintf(back, sizeof back, "127.0.0.1,%d", backend_port);
    snprintf(streams, sizeof streams, "--frontend-http2-max-concurrent-streams=%d", max_streams);
    snprintf(conn_window, sizeof conn_window, "--frontend-http2-connection-window-size=%ld",
             window);
    snprintf(stream_window, sizeof stream_window, "--frontend-http2-window-size=%ld", window);
    const char *argv[16] = {"nghttpx", "--conf=/dev/null", "-f", front, "-b", back,
                            "--no-ocsp", streams, "--accesslog-file=access.log",
                            "--accesslog-format=$alpn $remote_port", "key.pem", "cert.pem"};
    if (window > 0) { /* the list ends at the first NULL */
        argv[12] = conn_window;
        argv[13] = stream_window;
    }
    if (f->port <= 0 || run(f, req, 1) != 0 || (f->pid = run(f, argv, 0)) <= 0) {
        fprintf(stderr, "could not start openssl or nghttpx (log in %s)\n", f->dir);
        return -1;
    }
    for (int i = 0; i < 1000; i++) { /* 10 s */
        if (waitpid(f->pid, NULL, WNOHANG) == f->pid)
            break;
        if (loopback_socket(f->port, 0) > 0)
            return 0;
        struct timespec ts = {0, 10000000L};
        nanosleep(&ts, NULL);
    }
    fprintf(stderr, "nghttpx did not start (log in %s)\n", f->dir);
    f->pid = 0;
    return -1;
}

int tls_front_connections(const tls_front *f, long *h2_requests)
{
    char path[300];
    snprintf(path, sizeof path, "%s/access.log", f->dir);
    FILE *fp = fopen(path, "r");
    if (!fp)
        return -1;
    static unsigned char seen[65536 / 8];
    memset(seen, 0, sizeof seen);
    int conns = 0, port;
    char alpn[32];
    *h2_requests = 0;
    while (fscanf(fp, "%31s %d", alpn, &port) == 2) {
        *h2_requests += strcmp(alpn, "h2") == 0;
        if (port > 0 && port < 65536 && !(seen[port / 8] & (1u << (port % 8)))) {
            seen[port / 8] |= (unsigned char)(1u << (port % 8));
            conns++;
        }
    }
    fclose(fp);
    return conns;
}

void tls_front_stop(tls_front *f)
{
    if (f->pid > 0) {
        kill(f->pid, SIGTERM);
        waitpid(f->pid, NULL, 0);
        f->pid = 0;
    }
    if (f->dir[0]) {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", f->dir);
        f->dir[0] = '\0';
    }
}
