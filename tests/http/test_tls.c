/* TLS verification: on by default, off with tls_insecure. An `openssl
 * s_server` child serves HTTPS on loopback with a self-signed certificate
 * made for the run; without the openssl command the tests are skipped. */
#include "testutil.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "http_common.h"

/* libcurl's CURLE_PEER_FAILED_VERIFICATION; the tests do not include curl */
#define PEER_FAILED_VERIFICATION 60

typedef struct tls_fixture {
    int have_openssl;
    char dir[256];
    pid_t pid;
    int port;
    char base_url[64];
} tls_fixture;

static void nap_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
        ;
}

static int on_path(const char *prog)
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

/* fork/exec argv with cwd `dir`, stdin from /dev/null, output appended to
 * dir/openssl.log (read back on failure). Returns the pid, -1 on error. */
static pid_t spawn_in(const char *dir, const char *const *argv)
{
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    char log[320];
    snprintf(log, sizeof log, "%s/openssl.log", dir);
    int in = open("/dev/null", O_RDONLY);
    int out = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (chdir(dir) != 0 || in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
        dup2(out, 2) < 0)
        _exit(126);
    execvp(argv[0], (char *const *)argv);
    _exit(127);
}

static void print_log(const tls_fixture *f)
{
    char log[320];
    snprintf(log, sizeof log, "%s/openssl.log", f->dir);
    char *text = tu_read_file(log, NULL);
    fprintf(stderr, "openssl output:\n%s\n", text ? text : "(none)");
    free(text);
}

static int write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return -1;
    size_t n = strlen(text);
    int ok = fwrite(text, 1, n, fp) == n;
    return (fclose(fp) == 0 && ok) ? 0 : -1;
}

/* The certificate, the key and the file s_server -HTTP answers
 * GET /v1/assistants/asst_tls with (a whole HTTP response). */
static int make_files(tls_fixture *f)
{
    static const char *const req[] = {
        "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        "-keyout", "key.pem", "-out", "cert.pem", NULL};
    pid_t pid = spawn_in(f->dir, req);
    int st;
    if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "openssl req failed\n");
        print_log(f);
        return -1;
    }
    char p[320];
    snprintf(p, sizeof p, "%s/v1", f->dir);
    if (mkdir(p, 0700) != 0)
        return -1;
    snprintf(p, sizeof p, "%s/v1/assistants", f->dir);
    if (mkdir(p, 0700) != 0)
        return -1;
    snprintf(p, sizeof p, "%s/v1/assistants/asst_tls", f->dir);
    return write_file(p, "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n"
                         "{\"id\":\"asst_tls\",\"object\":\"assistant\"}");
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

static void stop_server(tls_fixture *f)
{
    if (f->pid <= 0)
        return;
    kill(f->pid, SIGTERM);
    int st, i = 0;
    while (waitpid(f->pid, &st, WNOHANG) == 0 && i++ < 200)
        nap_ms(10);
    if (i > 200) {
        kill(f->pid, SIGKILL);
        waitpid(f->pid, &st, 0);
    }
    f->pid = 0;
}

/* Start s_server; another process may take the port between free_port()
 * and s_server's bind, so a server that exits early is retried. */
static int start_server(tls_fixture *f)
{
    for (int attempt = 0; attempt < 5; attempt++) {
        f->port = free_port();
        if (!f->port)
            continue;
        char accept_arg[32];
        snprintf(accept_arg, sizeof accept_arg, "127.0.0.1:%d", f->port);
        const char *const argv[] = {"openssl", "s_server", "-accept", accept_arg,
                                    "-cert", "cert.pem", "-key", "key.pem",
                                    "-HTTP", "-quiet", NULL};
        f->pid = spawn_in(f->dir, argv);
        if (f->pid < 0) {
            f->pid = 0;
            return -1;
        }
        for (int i = 0; i < 1000; i++) { /* 10 s */
            int st;
            if (waitpid(f->pid, &st, WNOHANG) == f->pid) {
                f->pid = 0;
                break;
            }
            if (accepts_tcp(f->port)) {
                snprintf(f->base_url, sizeof f->base_url, "https://127.0.0.1:%d/v1", f->port);
                return 0;
            }
            nap_ms(10);
        }
        stop_server(f);
    }
    fprintf(stderr, "openssl s_server did not start\n");
    print_log(f);
    return -1;
}

static void remove_dir(tls_fixture *f)
{
    if (!f->dir[0])
        return;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", f->dir);
    f->dir[0] = '\0';
}

static int group_teardown(void **state)
{
    tls_fixture *f = *state;
    if (f) {
        stop_server(f);
        remove_dir(f);
        free(f);
    }
    http_clean_env();
    return 0;
}

static int group_setup(void **state)
{
    http_clean_env();
    tls_fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    *state = f;
    f->have_openssl = on_path("openssl");
    if (!f->have_openssl)
        return 0;
    snprintf(f->dir, sizeof f->dir, "%s/oai-tls-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(f->dir)) {
        perror("mkdtemp");
        f->dir[0] = '\0';
    }
    if (!f->dir[0] || make_files(f) != 0 || start_server(f) != 0) {
        /* cmocka skips the group teardown after a failed setup */
        group_teardown(state);
        *state = NULL;
        return -1;
    }
    return 0;
}

static tls_fixture *fixture(void **state)
{
    tls_fixture *f = *state;
    if (!f->have_openssl) {
        printf("skipped: no openssl command on PATH (Debian package openssl)\n");
        skip();
    }
    return f;
}

static oai_client *tls_client(const tls_fixture *f, int insecure)
{
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = TEST_KEY;
    o.base_url = f->base_url;
    o.max_retries = 0;
    o.log_level = OAI_LOG_OFF;
    o.tls_insecure = insecure;
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, &o), OAI_OK);
    return c;
}

static void default_client_refuses_self_signed(void **state)
{
    tls_fixture *f = fixture(state);
    oai_client *c = tls_client(f, 0);
    oai_json *a = NULL;
    assert_int_equal(oai_assistants_retrieve(&a, c, "asst_tls", NULL), OAI_ETRANSPORT);
    assert_null(a);
    const oai_error *e = oai_client_last_error(c);
    assert_int_equal(e->code, OAI_ETRANSPORT);
    assert_int_equal(e->http_status, 0);
    assert_int_equal(e->transport_code, PEER_FAILED_VERIFICATION);
    assert_non_null(e->message);
    printf("message: %s\n", e->message);
    /* says what failed and how to accept a test server's certificate */
    assert_non_null(strstr(e->message, "TLS certificate could not be verified"));
    assert_non_null(strstr(e->message, "tls_insecure"));
    assert_null(strstr(e->message, TEST_KEY));
    assert_null(strstr(e->message, "sk-test"));
    oai_client_free(c);
}

static void tls_insecure_accepts_self_signed(void **state)
{
    tls_fixture *f = fixture(state);
    oai_client *c = tls_client(f, 1);
    oai_json *a = NULL;
    int rc = oai_assistants_retrieve(&a, c, "asst_tls", NULL);
    if (rc != OAI_OK)
        fail_msg("retrieve failed (%d): %s", rc, oai_client_last_error(c)->message);
    assert_string_equal(oai_json_path_string(a, "id"), "asst_tls");
    assert_string_equal(oai_json_path_string(a, "object"), "assistant");
    oai_json_free(a);
    oai_client_free(c);
}

/* tls_insecure is per client: a default client made after an insecure one
 * (same process, libcurl's shared state) still verifies. */
static void verification_is_per_client(void **state)
{
    tls_fixture *f = fixture(state);
    oai_client *loose = tls_client(f, 1);
    oai_json *a = NULL;
    assert_int_equal(oai_assistants_retrieve(&a, loose, "asst_tls", NULL), OAI_OK);
    oai_json_free(a);
    a = NULL;
    oai_client *strict = tls_client(f, 0);
    assert_int_equal(oai_assistants_retrieve(&a, strict, "asst_tls", NULL), OAI_ETRANSPORT);
    assert_null(a);
    assert_int_equal(oai_client_last_error(strict)->transport_code, PEER_FAILED_VERIFICATION);
    oai_client_free(strict);
    oai_client_free(loose);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_client_refuses_self_signed),
        cmocka_unit_test(tls_insecure_accepts_self_signed),
        cmocka_unit_test(verification_is_per_client),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
