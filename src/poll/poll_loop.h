/* Internal: the common poll loop of semantics §6 and the helpers' shared
 * state (options with defaults, deadline, cancellation). */
#ifndef OAI_POLL_LOOP_H
#define OAI_POLL_LOOP_H

#include <stdint.h>

#include "core/error.h"
#include "oai/poll.h"

typedef enum oai__poll_kind {
    OAI__POLL_RUN,     /* §6.1 status set; unknown keeps polling */
    OAI__POLL_VS_FILE, /* §6.2 in_progress polls, anything else returns */
    OAI__POLL_BATCH    /* §6.3 file_counts.in_progress == 0 returns */
} oai__poll_kind;

typedef struct oai__poll_ctx {
    oai_client *c;
    oai_poll_options o;  /* the caller's options, or the defaults */
    int64_t deadline_ms; /* monotonic ms, 0 = none */
} oai__poll_ctx;

/* Monotonic milliseconds. */
int64_t oai__poll_now_ms(void);

/* Check `c`/`o` and start the clock for max_wait_ms. OAI_OK or OAI_EINVAL. */
int oai__poll_begin(oai__poll_ctx *x, oai_client *c, const oai_poll_options *o);

/* OAI_ECANCELLED (with a message on the client) if the token is set. */
int oai__poll_check_cancel(oai__poll_ctx *x);

/* Report upload progress; a non-zero callback return → OAI_ECANCELLED. */
int oai__poll_report_upload(oai__poll_ctx *x, size_t index,
                            const char *filename, uint64_t sent, uint64_t total,
                            int done);

/* 1 if `obj` is terminal for `kind`. */
int oai__poll_is_terminal(oai__poll_kind kind, const oai_json *obj);

/* Parse an `openai-poll-after-ms` value: 1 and *ms for a non-negative
 * decimal integer (surrounding blanks allowed), else 0 (DEV-9). */
int oai__poll_parse_after(const char *v, long *ms);

/* The helper headers of every poll GET (§6 step 1): list[0..n). Points
 * into itself: initialise in place, do not copy. */
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

/* Report a poll GET to the progress callback: 1 if it asked to stop. */
int oai__poll_progress_stop(const oai_poll_options *o, unsigned polls,
                            const oai_json *obj);

/* Set the OAI_EPOLLTIMEOUT detail on `err`; returns OAI_EPOLLTIMEOUT. */
int oai__poll_timeout_error(oai__error_store *err, long max_wait_ms,
                            unsigned polls, const oai_json *last);

/* GET `path` until terminal (the loop of §6). On OAI_OK *out is the
 * terminal object; on OAI_EPOLLTIMEOUT / OAI_ECANCELLED the last object
 * seen (or NULL); else NULL. `get_opts` are sent with every GET. */
int oai__poll_until_done(oai_json **out, oai__poll_ctx *x, const char *path,
                         oai__poll_kind kind,
                         const oai_request_options *get_opts);

#endif
