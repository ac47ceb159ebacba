/*
 * cli_exit.h - the oai command's exit codes and error reporting.
 *
 * The codes are documented in `oai --help`, docs/oai.1 and README.md;
 * scripts rely on them, so they never change meaning.
 */
#ifndef CLI_EXIT_H
#define CLI_EXIT_H

#include <oai.h>

enum {
    CLI_EXIT_OK = 0,         /* success */
    CLI_EXIT_API = 1,        /* the server answered with an HTTP error */
    CLI_EXIT_USAGE = 2,      /* bad command line */
    CLI_EXIT_TRANSPORT = 3,  /* connection failed or timed out */
    CLI_EXIT_STREAM = 4,     /* the stream broke: error event, bad SSE/JSON */
    CLI_EXIT_RUN = 5,        /* the run/batch ended failed, cancelled, expired,
                                incomplete, or with failed files */
    CLI_EXIT_LOCAL = 6,      /* local failure: file, --tool command, memory */
    CLI_EXIT_POLLTIMEOUT = 7 /* --max-wait passed before a terminal state */
};

/* The exit code for a library return code. */
int cli_exit_code(int oai_code);

/* Prints "oai <cmd>: <what>: <message> (HTTP <status>, request id <id>)"
 * to stderr. `err` may be NULL (then only oai_strerror(code) is shown).
 * Any occurrence of the configured API key is masked. */
void cli_report(const char *cmd, const char *what, int code,
                const oai_error *err);

/* The key to mask in every message we print (borrowed; NULL = none). */
void cli_set_secret(const char *key);

#endif /* CLI_EXIT_H */
