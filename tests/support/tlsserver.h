/*
 * A TLS server command (openssl s_server, nghttpd, ...) run as a child on
 * 127.0.0.1 for the tests, with a self-signed certificate made for the run
 * by the openssl command. Everything lives in a private temporary folder,
 * which is the child's working directory and which tls_server_close()
 * removes.
 *
 *     tls_server s;
 *     if (tls_server_init(&s, "oai-h2") != 0) ...;
 *     tls_server_write(&s, "www/v1/assistants/asst_x", "{...}");
 *     const char *const argv[] = {"nghttpd", "-a", "127.0.0.1", "-d", "www",
 *                                 TLS_SERVER_PORT, "key.pem", "cert.pem", NULL};
 *     if (tls_server_start(&s, argv) != 0) ...;
 *     ... point a client at s.base_url ...
 *     tls_server_close(&s);
 */
#ifndef OAI_TLSSERVER_H
#define OAI_TLSSERVER_H

#include <sys/types.h>

/* Replaced by tls_server_start() in argv: the port (also within an
 * element, e.g. "127.0.0.1,@PORT@;no-tls"), and "127.0.0.1:<port>" (a
 * whole element). */
#define TLS_SERVER_PORT "@PORT@"
#define TLS_SERVER_ADDR "@ADDR@"

typedef struct tls_server {
    char dir[256];     /* the temporary folder; key.pem and cert.pem in it */
    pid_t pid;         /* 0 when not running */
    int port;
    char base_url[64]; /* https://127.0.0.1:<port>/v1 */
} tls_server;

/* 1 when `prog` is an executable file in a PATH folder. */
int tls_on_path(const char *prog);

/* Make the folder ($TMPDIR or /tmp, named <name>-XXXXXX) and the key and
 * certificate (CN and subjectAltName 127.0.0.1). 0, or -1 with the reason
 * printed and nothing left behind. */
int tls_server_init(tls_server *s, const char *name);

/* Write `text` to the file `rel` under the folder, making the folders on
 * the way. 0 or -1. */
int tls_server_write(const tls_server *s, const char *rel, const char *text);

/* Run argv (looked up on PATH) in the folder, output appended to
 * server.log there, on a port that was free a moment ago; returns once the
 * port accepts TCP connections. A child that exits early (another process
 * took the port) is retried on another port. 0, or -1 with the log printed. */
int tls_server_start(tls_server *s, const char *const *argv);

/* The child's output so far (malloc'd, NUL-terminated), NULL on error. */
char *tls_server_log(const tls_server *s);
void tls_server_print_log(const tls_server *s);

/* Stop the child (SIGTERM, SIGKILL after 2 s) and remove the folder.
 * Safe on a zeroed or already closed server. */
void tls_server_close(tls_server *s);

#endif
