/*
 * Internal: the HTTP engine. A transfer (oai__xfer) is one logical request
 * across its retries; the engine owns the client's curl multi handle and
 * drives every transfer attached to it: it starts due attempts, runs
 * libcurl, applies the total and idle timeouts, and retries with back-off.
 * It knows nothing of OpenAI: what a request carries is decided when the
 * transfer is built (xfer_build.c, openai_headers.c).
 *
 * Only the engine's files touch struct oai__engine. Callers run transfers
 * through the driver calls at the end of this header (start, wait until,
 * take the response), or through request.h and jobs.h built on them.
 */
#ifndef OAI_HTTP_ENGINE_H
#define OAI_HTTP_ENGINE_H

#include <curl/curl.h>
#include <stdint.h>

#include "core/dheap.h"
#include "core/dlist.h"
#include "core/random.h"
#include "core/strbuf.h"
#include "http/client_impl.h"
#include "http/headers.h"
#include "http/request.h"

/* A stream's libcurl upload buffer: the least libcurl takes. */
#define OAI__UPLOAD_BUFFER 16384L

enum { OAI__XS_WAIT, OAI__XS_RUN, OAI__XS_DONE };
/* The upload buffer of an attempt: not watched (libcurl sends the body
 * with the request headers, or there is none), watched until the body is
 * sent, or sent and queued for release. */
enum { OAI__UL_NONE, OAI__UL_SENDING, OAI__UL_SENT };
enum { OAI__XM_BUFFER, OAI__XM_STREAM };

/* The state of a client's engine (one per client, owned by it). */
struct oai__engine {
    CURLM *multi;
    oai__dlist xfers; /* attached transfers */
    size_t n_xfers;
    /* their deadlines, so a tick touches only the transfers that are due:
     * retry wake-ups, and the earliest timeout of each running attempt
     * (moved later lazily, when popped, after bytes arrived) */
    oai__dheap wakes, timers;
    /* The clock when libcurl was last run (it calls back only then): what
     * its callbacks note as a transfer's last activity, instead of a clock
     * read per callback. */
    int64_t curl_now;
    /* Set while a non-blocking driver (an oai_multi) runs the engine:
     * stream calls return before the response starts, stream reads never
     * run the engine themselves, and a new transfer calls kick so the
     * driver re-arms its timer. */
    int driven;
    void (*kick)(void *ud);
    void *kick_ud;
    oai__rng rng; /* back-off jitter */
    oai__retry_observer retry_observer;
    void *retry_observer_user_data;
    /* HTTP/2 spreading (h2_spread.c): attempts in flight that may share a
     * connection, those of them opening a connection that is not known
     * to be up yet, the connections known to be up, and whether a
     * server answered one of them over HTTP/1.x */
    size_t n_mux, n_opening, mux_conns;
    int mux_h1;
    int64_t swept_at; /* when every transfer last ran (curl_multi_perform) */
    /* requests sent whole in this round, whose upload buffer is let go
     * once libcurl has returned (see release_sent_uploads) */
    oai__xfer *ul_sent;
};

/* A multipart field, owned by the transfer so every attempt can rebuild
 * the form (libcurl does not rewind a reused form reliably). */
typedef struct oai__xpart {
    const char *name, *data, *path, *filename, *ctype; /* in `strings` */
    void *strings;
    size_t len, pos; /* in-memory data and the read position */
} oai__xpart;

/* One logical request, across its retries. */
struct oai__xfer {
    /* What every arriving body byte reads (xfer_on_write, the stream's
     * take): kept together, at the front. */
    oai_client *c; /* NULL once the client was freed */
    int mode;      /* OAI__XM_* */
    int state;     /* OAI__XS_* */
    int result;    /* OAI_* once DONE */
    int headers_done;
    int status;
    int delivered;       /* body bytes reached the caller: no retry */
    int opened;          /* a stream was handed out: no retry */
    int abort_code;      /* set by a callback to stop the transfer */
    int not_sse;         /* a stream answered 2xx with another type */
    oai__strbuf body_in; /* body bytes (buffered, error, or stream) */
    char *body;          /* the request body, until it was sent */
    oai__http_sink sink;
    void *sink_user_data;
    int64_t last_activity;
    oai__notify *notify; /* readiness hook of a non-blocking driver */

    oai__dlink link; /* in the engine's list */
    int attached;
    oai__error_store err; /* detail when result != OAI_OK */

    /* request */
    CURL *easy;
    curl_mime *mime; /* rebuilt for every attempt from parts */
    oai__xpart *parts;
    size_t n_parts;
    struct curl_slist *slist;
    oai__hdrs hdrs;
    const char *attempt_header; /* carries the retry count, or NULL */
    char *url, *method;
    size_t body_len;
    int has_body;
    int max_retries, retries;
    long timeout_ms, idle_ms;

    /* timing */
    int64_t wake_at, attempt_start;
    /* The connect timeout, kept here rather than by libcurl where its
     * pre-request callback tells when a request goes out (0: libcurl keeps
     * it): from connect_from (the attempt's start, or a redirect's) until
     * connected. */
    long connect_ms;
    int connected;
    int64_t connect_from;
    oai__dnode wnode; /* in the engine's wakes while WAIT */
    oai__dnode tnode; /* in the engine's timers while RUN with a timeout */
    unsigned long
        alloc_mark; /* oai__alloc_failures() when the attempt started */
    curl_off_t seen_ul;
    int ul_watch;       /* OAI__UL_*: until libcurl has sent the request */
    oai__xfer *ul_next; /* in the engine's ul_sent */

    /* the rest of the response of the current attempt */
    oai__strbuf hdr;    /* "name: value\0" entries */
    int mux;            /* counted in the engine's n_mux */
    int mux_settled;    /* its response headers came (h2_spread.c) */
    int mux_opener;     /* let through to open a connection */
    const char *limit;  /* which size limit stopped it (OAI_ELIMIT) */
    size_t limit_bytes; /* and its value */
    char curl_err[CURL_ERROR_SIZE];
};

/* ---- the engine (engine.c) --------------------------------------------- */

/* Create / free a client's engine. Freeing detaches every transfer (they
 * end with OAI_ECANCELLED). */
int oai__engine_new(oai_client *c);
void oai__engine_free(oai_client *c);

/* One round of the engine: start due attempts, perform, handle completions
 * and expired timers. Never blocks. Returns the clock (oai__now_ms()) as
 * the round ended, for the caller's own deadlines. */
int64_t oai__engine_tick(oai_client *c);
/* The same round driven by curl_multi_socket_action(fd, ev_bitmask) (fd
 * CURL_SOCKET_TIMEOUT for timers), for event loops (level 2). */
int64_t oai__engine_tick_socket(oai_client *c, curl_socket_t fd,
                                int ev_bitmask);
/* Milliseconds until the engine next needs a tick (-1: only on socket
 * activity). */
long oai__engine_timeout(oai_client *c);
/* Only the engine's own timers (retry back-off, total and idle timeouts),
 * without libcurl's: level 2 learns libcurl's from its TIMERFUNCTION. */
long oai__engine_own_timeout(oai_client *c, int64_t now);
/* Tick and poll until cond(arg) holds (returns 1) or the monotonic
 * deadline passes (returns 0; deadline < 0 = none). The one blocking loop
 * of the library's transfers. */
int oai__engine_run_until(oai_client *c, int (*cond)(void *arg), void *arg,
                          int64_t deadline);
/* Block in curl_multi_poll for at most timeout_ms (socket activity or a
 * wakeup ends it earlier). OAI_OK or OAI_ERROR. */
int oai__engine_poll(oai_client *c, long timeout_ms);
/* Wake a thread blocked in oai__engine_poll (any thread may call). */
int oai__engine_wakeup(oai_client *c);
/* The curl multi handle, for a driver that installs socket and timer
 * callbacks (level 2). */
CURLM *oai__engine_curlm(oai_client *c);
/* A non-blocking driver takes (kick != NULL) or gives back (NULL) the
 * engine; kick(ud) is called when a transfer is added or removed. */
void oai__engine_set_driver(oai_client *c, void (*kick)(void *), void *ud);

/* ---- the driver: start, wait until, take ------------------------------- */
/* (start and free attach to the engine: engine.c; the rest: driver.c) */

/* Build a transfer from spec (xfer_build.c) and attach it to c's engine;
 * its first attempt starts on the next tick. Failure detail goes to c's
 * error. */
int oai__xfer_start(oai__xfer **out, oai_client *c, const oai__http_spec *spec,
                    int mode);
/* Tick and poll until cond(x) holds (returns 1) or the monotonic deadline
 * passes (returns 0; deadline < 0 = none). */
int oai__xfer_wait(oai__xfer *x, int (*cond)(const oai__xfer *),
                   int64_t deadline);
/* 1 once a stream's 2xx response headers arrived and announce an event
 * stream (or no type): the stream is established and is not retried. */
int oai__xfer_established(const oai__xfer *x);
/* 1 once x has its final result. */
int oai__xfer_done(const oai__xfer *x);
/* The result of a done transfer: `out` filled when a response arrived
 * (headers and body moved out of x, the body parsed as JSON), the detail
 * of a failure copied to err. Returns OAI_OK or the failure's code. */
int oai__xfer_take(oai__http_response *out, oai__error_store *err,
                   oai__xfer *x);
/* Detach (aborting a running attempt) and free. NULL is fine. */
void oai__xfer_free(oai__xfer *x);

/* ---- HTTP/2 connections (h2_spread.c) ---------------------------------- */

/* Multiplexing settings of a new multi handle. */
void oai__h2_configure(CURLM *multi);
/* 1 when an attempt of x may start now: 0 holds back one that would find
 * every HTTP/2 connection full while another connection is being set up
 * (libcurl before 8.0 would open one per request). */
int oai__h2_may_start(const struct oai__engine *g, const oai__xfer *x);
/* An attempt of x entered (joined) or left libcurl's multi handle, or its
 * final response headers arrived: the counts behind oai__h2_may_start. */
void oai__h2_joined(struct oai__engine *g, oai__xfer *x);
void oai__h2_left(struct oai__engine *g, oai__xfer *x);
void oai__h2_response(struct oai__engine *g, oai__xfer *x);
/* When every transfer must run next (curl_multi_perform) though no socket
 * or timer of libcurl asks for it; -1: no need. */
int64_t oai__h2_sweep_deadline(const struct oai__engine *g);

/* ---- building (xfer_build.c, mime.c) ----------------------------------- */

/* Fill x's request (URL, method, body, parts, limits) from spec; errors on
 * x->c's error. */
int oai__xfer_build(oai__xfer *x, const oai__http_spec *spec);
/* Prepare x->easy for the next attempt. OAI_OK, OAI_ENOMEM, OAI_EFILE. */
int oai__xfer_setup_easy(oai__xfer *x);
/* 1 when a request of c to url may share an HTTP/2 connection. */
int oai__xfer_may_multiplex(const oai_client *c, const char *url);
/* Copy the multipart fields of spec into x (files checked readable now). */
int oai__mime_copy(oai__xfer *x, const oai__http_part *parts, size_t n);
/* A fresh form for this attempt in x->mime. */
int oai__mime_build(oai__xfer *x);
void oai__mime_free(oai__xfer *x);

/* 1 when x needs libcurl's progress callback for its whole upload: a form
 * or a body larger than the upload buffer, which takes several writes, is
 * kept from looking idle by it. */
static inline int oai__xfer_long_upload(const oai__xfer *x)
{
    return x->n_parts || x->body_len > (size_t)OAI__UPLOAD_BUFFER;
}

/* The engine's libcurl callbacks (engine.c), set by oai__xfer_setup_easy. */
size_t oai__xfer_on_header(char *buf, size_t size, size_t nitems, void *ud);
/* CURLOPT_PREREQFUNCTION (libcurl 7.80 and later): the attempt's request is
 * about to go out on a connection, so its connect timeout no longer runs. */
int oai__xfer_on_prereq(void *ud, char *primary_ip, char *local_ip,
                        int primary_port, int local_port);
size_t oai__xfer_on_write(char *ptr, size_t size, size_t nmemb, void *ud);
int oai__xfer_on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow,
                          curl_off_t ultotal, curl_off_t ulnow);

#endif
