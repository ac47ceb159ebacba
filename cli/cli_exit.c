/* cli_exit.c - exit-code mapping and error messages for the oai command. */
#include "cli_exit.h"

#include <stdio.h>
#include <string.h>

static const char *secret;

void cli_set_secret(const char *key)
{
    /* Short values could match ordinary words; real keys are long. */
    secret = (key != NULL && strlen(key) >= 6) ? key : NULL;
}

int cli_exit_code(int code)
{
    switch (code) {
    case OAI_OK:
    case OAI_ITEROVER:
        return CLI_EXIT_OK;
    case OAI_EBADREQUEST:
    case OAI_EAUTH:
    case OAI_EPERM:
    case OAI_ENOTFOUND:
    case OAI_ECONFLICT:
    case OAI_EUNPROCESSABLE:
    case OAI_ERATELIMIT:
    case OAI_ESERVER:
    case OAI_ESTATUS:
    case OAI_ENOTREADY:
    case OAI_ERROR:
        return CLI_EXIT_API;
    case OAI_EINVAL:
        return CLI_EXIT_USAGE;
    case OAI_ETRANSPORT:
    case OAI_ETIMEOUT:
        return CLI_EXIT_TRANSPORT;
    case OAI_EPROTOCOL:
    case OAI_ESTREAM:
    case OAI_EACCUMULATE:
    case OAI_ELIMIT:
        return CLI_EXIT_STREAM;
    case OAI_EPOLLTIMEOUT:
        return CLI_EXIT_POLLTIMEOUT;
    default:
        return CLI_EXIT_LOCAL; /* ENOMEM, EFILE, EUSER, ECANCELLED */
    }
}

/* Writes s to stderr with every occurrence of the secret replaced. */
static void put_masked(const char *s)
{
    if (s == NULL)
        return;
    if (secret == NULL) {
        fputs(s, stderr);
        return;
    }
    size_t klen = strlen(secret);
    const char *p = s, *hit;
    while ((hit = strstr(p, secret)) != NULL) {
        fwrite(p, 1, (size_t)(hit - p), stderr);
        fputs("***", stderr);
        p = hit + klen;
    }
    fputs(p, stderr);
}

/* API error messages start with the HTTP status ("404 No assistant ...")
 * as in the SDKs; the report shows it once, in its parentheses. */
static const char *without_status(const char *msg, const oai_error *err)
{
    if (err == NULL || err->http_status <= 0)
        return msg;
    char status[16];
    int n = snprintf(status, sizeof(status), "%d ", err->http_status);
    if (n > 0 && strncmp(msg, status, (size_t)n) == 0 && msg[n] != '\0')
        return msg + n;
    return msg;
}

void cli_report(const char *cmd, const char *what, int code,
                const oai_error *err)
{
    fprintf(stderr, "oai %s: ", cmd);
    if (what != NULL && *what) {
        put_masked(what);
        fputs(": ", stderr);
    }
    const char *msg = (err != NULL && err->code != 0 && err->message != NULL)
                          ? err->message
                          : oai_strerror(code);
    put_masked(without_status(msg, err));
    if (err != NULL && err->code != 0 &&
        (err->http_status > 0 || err->request_id)) {
        fputs(" (", stderr);
        if (err->http_status > 0)
            fprintf(stderr, "HTTP %d", err->http_status);
        if (err->request_id != NULL) {
            if (err->http_status > 0)
                fputs(", ", stderr);
            fputs("request id ", stderr);
            put_masked(err->request_id);
        }
        fputs(")", stderr);
    }
    fputc('\n', stderr);
}
