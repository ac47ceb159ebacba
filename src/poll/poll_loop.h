/* Internal: the common poll loop of semantics §6 and the helpers' shared
 * state (options with defaults, deadline, cancellation). */
#ifndef OAI_POLL_LOOP_H
#define OAI_POLL_LOOP_H

#include <stdint.h>

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

/* GET `path` until terminal (the loop of §6). On OAI_OK *out is the
 * terminal object; on OAI_EPOLLTIMEOUT / OAI_ECANCELLED the last object
 * seen (or NULL); else NULL. `get_opts` are sent with every GET. */
int oai__poll_until_done(oai_json **out, oai__poll_ctx *x, const char *path,
                         oai__poll_kind kind,
                         const oai_request_options *get_opts);

#endif
