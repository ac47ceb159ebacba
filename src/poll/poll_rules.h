/* Internal: the rules of the poll loop that the poller state machine
 * (src/multi/multi_poller.c) follows - options with defaults, terminal
 * states, the interval, the helper headers, progress reports and the
 * timeout message. No I/O here. */
#ifndef OAI_POLL_RULES_H
#define OAI_POLL_RULES_H

#include <stdint.h>

#include "core/error.h"
#include "oai/poll.h"

typedef enum oai__poll_kind {
    OAI__POLL_RUN,     /* the run status set; unknown keeps polling */
    OAI__POLL_VS_FILE, /* in_progress polls, anything else returns */
    OAI__POLL_BATCH,   /* file_counts.in_progress == 0 returns */
    OAI__POLL_RESPONSE /* queued, in_progress poll; anything else returns */
} oai__poll_kind;

/* The caller's options (version checked) or the defaults into *o.
 * OAI_OK or OAI_EINVAL (message on the client). */
int oai__poll_options_take(oai_poll_options *o, oai_client *c,
                           const oai_poll_options *opts);

/* 1 if `obj` is terminal for `kind`. */
int oai__poll_is_terminal(oai__poll_kind kind, const oai_json *obj);

/* Parse an `openai-poll-after-ms` value: 1 and *ms for a non-negative
 * decimal integer (surrounding blanks allowed), else 0. */
int oai__poll_parse_after(const char *v, long *ms);

/* The helper headers of every poll GET: list[0..n). Points into itself:
 * initialise in place, do not copy. */
typedef struct oai__poll_hdrs {
    char custom[64];
    const char *list[2];
    size_t n;
} oai__poll_hdrs;
void oai__poll_hdrs_init(oai__poll_hdrs *h, const oai_poll_options *o);

/* The interval, chosen once at the first non-terminal answer: the
 * caller's, else the `openai-poll-after-ms` value `after` (may be NULL),
 * else the default. */
long oai__poll_choose_interval(const oai_poll_options *o, const char *after);

/* Report a poll GET that answered `obj` to the progress callback (`prev`:
 * the previous answer, NULL for the first): 1 if it asked to stop. */
int oai__poll_progress_stop(const oai_poll_options *o, unsigned polls,
                            const oai_json *obj, const oai_json *prev);

/* Report upload progress; a non-zero callback return sets OAI_ECANCELLED
 * on `err` and returns it. */
int oai__poll_report_upload(const oai_poll_options *o, oai__error_store *err,
                            size_t index, const char *filename, uint64_t sent,
                            uint64_t total, int done);

/* Set the OAI_EPOLLTIMEOUT detail on `err`; returns OAI_EPOLLTIMEOUT. */
int oai__poll_timeout_error(oai__error_store *err, long max_wait_ms,
                            unsigned polls, const oai_json *last);

#endif
