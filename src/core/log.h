/* Internal: log lines and secret redaction. A logger is a level, a sink
 * (NULL: stderr) and the one secret that must never be printed. */
#ifndef OAI_CORE_LOG_H
#define OAI_CORE_LOG_H

#include <stddef.h>

#include "core/error.h"
#include "oai/client.h"

typedef struct oai__logger {
    int level; /* OAI_LOG_OFF / _INFO / _DEBUG */
    oai_log_fn fn;
    void *user_data;
    const char *secret; /* replaced by "<redacted>" in every line; borrowed */
} oai__logger;

/* Log a printf-style line at `level` if the logger's level allows it. */
void oai__logf(const oai__logger *l, int level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Hand a finished line to fn, or print it on stderr without one. */
void oai__log_emit(int level, oai_log_fn fn, void *user_data, const char *line);
/* Replace every occurrence of `secret` (4 bytes or more) in the
 * NUL-terminated buf of capacity cap by "<redacted>". */
void oai__redact(char *buf, size_t cap, const char *secret);
/* The same over an error's message: a secret must never reach an error,
 * even when a server echoes it. */
void oai__error_redact(oai__error_store *e, const char *secret);

#endif
