/* Internal: transfers and the engine that drives them (see engine.c). */
#ifndef OAI_HTTP_ENGINE_H
#define OAI_HTTP_ENGINE_H

#include <curl/curl.h>
#include <stdint.h>

#include "http/client_impl.h"
#include "http/headers.h"
#include "http/request.h"

enum { OAI__XS_WAIT, OAI__XS_RUN, OAI__XS_DONE };
enum { OAI__XM_BUFFER, OAI__XM_STREAM };

/* A multipart field, owned by the transfer so every attempt can rebuild
 * the form (libcurl does not rewind a reused form reliably). */
typedef struct oai__xpart {
    char *name, *data, *path, *filename, *ctype;
    size_t len, pos; /* in-memory data and the read position */
} oai__xpart;

/* One logical request, across its retries. */
struct oai__xfer {
    oai_client *c;          /* NULL once the client was freed */
    oai__xfer *next, *prev; /* the client's list */
    int attached;
    int mode;             /* OAI__XM_* */
    int state;            /* OAI__XS_* */
    int result;           /* OAI_* once DONE */
    oai__error_store err; /* detail when result != OAI_OK */

    /* request */
    CURL *easy;
    curl_mime *mime; /* rebuilt for every attempt from parts */
    oai__xpart *parts;
    size_t n_parts;
    struct curl_slist *slist;
    oai__hdrs hdrs;
    int retry_count_fixed;
    char *url, *method, *body;
    size_t body_len;
    int has_body;
    int max_retries, retries;
    long timeout_ms, idle_ms;
    oai__http_sink sink;
    void *sink_user_data;

    /* timing */
    int64_t wake_at, attempt_start, last_activity;
    oai__dnode wnode; /* in c->wakes while WAIT */
    oai__dnode tnode; /* in c->timers while RUN with a timeout */
    unsigned long
        alloc_mark; /* oai__alloc_failures() when the attempt started */
    curl_off_t seen_ul, seen_dl;

    /* response of the current attempt */
    int headers_done;
    int status;
    char *hbuf; /* "name: value\0" entries */
    size_t hlen, hcap;
    char *bbuf;              /* body bytes (buffered, error, or stream) */
    size_t blen, bcap, boff; /* boff: stream read position */
    int delivered;           /* body bytes reached the caller: no retry */
    int opened;              /* a stream was handed out: no retry */
    int abort_code;          /* set by a callback to stop the transfer */
    const char *limit;       /* which size limit stopped it (OAI_ELIMIT) */
    size_t limit_bytes;      /* and its value */
    oai__notify *notify;     /* readiness hook of a non-blocking driver */
    char curl_err[CURL_ERROR_SIZE];
};

/* Build a transfer from spec and attach it to c's engine (it starts on the
 * next tick). Failure detail goes to c's error. */
int oai__xfer_new(oai__xfer **out, oai_client *c, const oai__http_spec *spec,
                  int mode);
/* Detach (aborting a running attempt) and free. NULL is fine. */
void oai__xfer_free(oai__xfer *x);

/* One round of the engine: start due attempts, perform, handle completions
 * and expired timers. Never blocks. */
void oai__engine_tick(oai_client *c);
/* The same round driven by curl_multi_socket_action(fd, ev_bitmask) (fd
 * CURL_SOCKET_TIMEOUT for timers), for event loops (level 2). */
void oai__engine_tick_socket(oai_client *c, curl_socket_t fd, int ev_bitmask);
/* Milliseconds until the engine next needs a tick (-1: only on socket
 * activity). */
long oai__engine_timeout(oai_client *c);
/* Only the engine's own timers (retry back-off, total and idle timeouts),
 * without libcurl's: level 2 learns libcurl's from its TIMERFUNCTION. */
long oai__engine_own_timeout(oai_client *c);
/* Tick and poll until cond(x) holds (returns 1) or the monotonic deadline
 * passes (returns 0; deadline < 0 = none). */
int oai__engine_run(oai_client *c, oai__xfer *x, int (*cond)(const oai__xfer *),
                    int64_t deadline);

#endif
