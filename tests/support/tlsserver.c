#include "tlsserver.h"

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
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

static void nap_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
        ;
}

int tls_on_path(const char *prog)
{
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/bin:/bin";
    while (*path) {
        size_t n = strcspn(path, ":");
        char full[512];
        if (n > 0 && n < 256) {
            snprintf(full, sizeof full, "%.*s/%s", (int)n, path, prog);
            if (access(full, X_OK) == 0)
                return 1;
        }
        path += n;
        if (*path == ':')
            path++;
    }
    return 0;
}

/* fork/exec argv with cwd s->dir, stdin from /dev/null, output appended to
 * server.log (read back on failure). Returns the pid, -1 on error. */
static pid_t spawn(const tls_server *s, const char *const *argv)
{
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    char log[320];
    snprintf(log, sizeof log, "%s/server.log", s->dir);
    int in = open("/dev/null", O_RDONLY);
    int out = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (chdir(s->dir) != 0 || in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
        dup2(out, 2) < 0)
        _exit(126);
    execvp(argv[0], (char *const *)argv);
    _exit(127);
}

char *tls_server_log(const tls_server *s)
{
    char log[320];
    snprintf(log, sizeof log, "%s/server.log", s->dir);
    return tu_read_file(log, NULL);
}

void tls_server_print_log(const tls_server *s)
{
    char *text = tls_server_log(s);
    fprintf(stderr, "server output:\n%s\n", text ? text : "(none)");
    free(text);
}

static void remove_dir(tls_server *s)
{
    if (!s->dir[0])
        return;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", s->dir);
    s->dir[0] = '\0';
}

int tls_server_init(tls_server *s, const char *name)
{
    memset(s, 0, sizeof *s);
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(s->dir, sizeof s->dir, "%s/%s-XXXXXX", tmp, name);
    if (!mkdtemp(s->dir)) {
        perror("mkdtemp");
        s->dir[0] = '\0';
        return -1;
    }
    static const char *const req[] = {
        "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        "-keyout", "key.pem", "-out", "cert.pem", NULL};
    pid_t pid = spawn(s, req);
    int st;
    if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "openssl req failed\n");
        tls_server_print_log(s);
        remove_dir(s);
        return -1;
    }
    return 0;
}

int tls_server_write(const tls_server *s, const char *rel, const char *text)
{
    char p[600];
    if ((size_t)snprintf(p, sizeof p, "%s/%s", s->dir, rel) >= sizeof p)
        return -1;
    /* each folder on the way, after the temporary folder itself */
    for (char *slash = p + strlen(s->dir) + 1; (slash = strchr(slash, '/')) != NULL; slash++) {
        *slash = '\0';
        int bad = mkdir(p, 0700) != 0 && errno != EEXIST;
        *slash = '/';
        if (bad)
            return -1;
    }
    FILE *fp = fopen(p, "wb");
    if (!fp)
        return -1;
    size_t n = strlen(text);
    int ok = fwrite(text, 1, n, fp) == n;
    return (fclose(fp) == 0 && ok) ? 0 : -1;
}

/* A port that was free a moment ago (bind to 0, read it, close). */
static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = 0;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    close(fd);
    return port;
}

static int accepts_tcp(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    close(fd);
    return ok;
}

static void stop_child(tls_server *s)
{
    if (s->pid <= 0)
        return;
    kill(s->pid, SIGTERM);
    int st, i = 0;
    while (waitpid(s->pid, &st, WNOHANG) == 0 && i++ < 200)
        nap_ms(10);
    if (i > 200) {
        kill(s->pid, SIGKILL);
        waitpid(s->pid, &st, 0);
    }
    s->pid = 0;
}

int tls_server_start(tls_server *s, const char *const *argv)
{
    enum { MAX_ARGS = 32 };
    size_t argc = 0;
    while (argv[argc])
        argc++;
    if (argc >= MAX_ARGS)
        return -1;
    for (int attempt = 0; attempt < 5; attempt++) {
        s->port = free_port();
        if (!s->port)
            continue;
        char port[16], addr[32];
        snprintf(port, sizeof port, "%d", s->port);
        snprintf(addr, sizeof addr, "127.0.0.1:%d", s->port);
        const char *args[MAX_ARGS];
        char within[MAX_ARGS][128]; /* arguments with the port inside */
        for (size_t i = 0; i <= argc; i++) {
            args[i] = argv[i];
            const char *at = argv[i] ? strstr(argv[i], TLS_SERVER_PORT) : NULL;
            if (strcmp(argv[i] ? argv[i] : "", TLS_SERVER_ADDR) == 0) {
                args[i] = addr;
            } else if (at) {
                snprintf(within[i], sizeof within[i], "%.*s%s%s", (int)(at - argv[i]), argv[i],
                         port, at + strlen(TLS_SERVER_PORT));
                args[i] = within[i];
            }
        }
        s->pid = spawn(s, args);
        if (s->pid < 0) {
            s->pid = 0;
            return -1;
        }
        for (int i = 0; i < 1000; i++) { /* 10 s */
            int st;
            if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
                s->pid = 0;
                break;
            }
            if (accepts_tcp(s->port)) {
                snprintf(s->base_url, sizeof s->base_url, "https://127.0.0.1:%d/v1", s->port);
                return 0;
            }
            nap_ms(10);
        }
        stop_child(s);
    }
    fprintf(stderr, "%s did not start\n", argv[0]);
    tls_server_print_log(s);
    return -1;
}

void tls_server_close(tls_server *s)
{
    stop_child(s);
    remove_dir(s);
}
