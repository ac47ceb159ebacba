/*
 * Running oai-emulator from a test: start it on an ephemeral port with a
 * request log, its stdout and its stderr in a private temporary directory,
 * point clients at it, read the JSON-lines log back, stop it. The
 * emulator dies with the test program, even when a failed assertion skips
 * tu_emu_stop(). The executable's path comes from the compile definition
 * OAI_EMULATOR_PATH.
 *
 *     tu_emu e;
 *     assert_int_equal(tu_emu_start(&e, NULL), 0);
 *     oai_client *c = tu_emu_client(&e);
 *     ... calls ...
 *     cJSON *req = tu_emu_last(&e);          // the last logged request
 *     oai_client_free(c);
 *     tu_emu_stop(&e);
 */
#ifndef OAI_TESTS_EMU_H
#define OAI_TESTS_EMU_H

#include <cJSON.h>
#include <stddef.h>
#include <sys/types.h>

#include "oai/client.h"

typedef struct tu_emu {
    pid_t pid;
    int port;
    char dir[256]; /* private temporary directory */
    char log_path[300];
    char base_url[64]; /* http://127.0.0.1:<port>/v1 */
    size_t mark;       /* log entries before this index are "old" */
} tu_emu;

/* Start the emulator with `extra` (NULL-terminated extra arguments, or
 * NULL). Returns 0, or -1 (the reason printed). Waits at most 10 s. */
int tu_emu_start(tu_emu *e, const char *const *extra);
/* Stop it (SIGTERM, then SIGKILL after 5 s) and remove the directory.
 * Returns its exit status, or -1 (not running, killed, or no exit). */
int tu_emu_stop(tu_emu *e);
/* A client for the emulator (key "sk-test", no retries unless asked). */
oai_client *tu_emu_client(tu_emu *e);
oai_client *tu_emu_client_retries(tu_emu *e, int max_retries);

/* Every log entry so far, as a JSON array (cJSON_Delete it). Waits up to
 * 2 s for at least `min` entries. */
cJSON *tu_emu_log(tu_emu *e, size_t min);
/* Entries after the mark (waits up to 2 s for at least `min`); then moves
 * the mark past them. */
cJSON *tu_emu_log_new(tu_emu *e, size_t min);
/* Move the mark to the end of the log now. */
void tu_emu_mark(tu_emu *e);
/* The last entry (cJSON_Delete it), waiting up to 2 s for one past the mark;
 * moves the mark. NULL if none. */
cJSON *tu_emu_last(tu_emu *e);
/* A header of a log entry (lower-case name), or NULL. */
const char *tu_emu_header(const cJSON *entry, const char *name);
/* The entry's string member `key`, or NULL. */
const char *tu_emu_str(const cJSON *entry, const char *key);
/* A path in the emulator's temporary directory. */
const char *tu_emu_path(tu_emu *e, const char *name, char *buf, size_t cap);

#endif
