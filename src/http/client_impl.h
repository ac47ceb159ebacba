/* Internal: the client object shared by the HTTP layer. Only src/http/
 * touches its fields; everyone else uses request.h. */
#ifndef OAI_HTTP_CLIENT_IMPL_H
#define OAI_HTTP_CLIENT_IMPL_H

#include <curl/curl.h>
#include <stdint.h>

#include "core/dheap.h"
#include "core/error.h"
#include "oai/client.h"

typedef struct oai__xfer oai__xfer;

/* Test hooks: a source of U[0,1) for the back-off jitter, and an observer
 * told every retry decision (delay in ms, retries taken so far). */
typedef double (*oai__random_fn)(void *user_data);
typedef void (*oai__retry_observer)(int retries_taken, long delay_ms,
                                    void *user_data);

struct oai_client {
    char *api_key;      /* "" = no Authorization header */
    char *base_url;     /* ends with '/' */
    char *organization; /* NULL if unset */
    char *project;
    char *user_agent; /* "OpenAI/C x.y.z[ suffix]" */
    char **default_headers;
    size_t n_default_headers;
    int max_retries;
    long connect_timeout_ms;
    long timeout_ms;
    long read_timeout_ms;
    int tls_insecure;
    size_t max_header_size;   /* all header lines of a response */
    size_t max_response_size; /* a buffered body, or a stream's unread bytes */
    int log_level;            /* OAI_LOG_OFF / _INFO / _DEBUG */
    oai_log_fn log_fn;
    void *log_user_data;

    CURLM *multi;
    oai__xfer *xfers; /* transfers attached to this client's engine */
    size_t n_xfers;
    /* their deadlines, so a tick touches only the transfers that are due:
     * retry wake-ups, and the earliest timeout of each running attempt
     * (moved later lazily, when popped, after bytes arrived) */
    oai__dheap wakes, timers;
    /* Set while an oai_multi drives this client (src/multi/): stream calls
     * return before the response starts, stream reads never run the engine
     * themselves, and a new transfer asks the multi to re-arm its timer. */
    int nonblocking;
    void (*engine_kick)(void *ud);
    void *engine_kick_ud;

    oai__random_fn random_fn;
    void *random_user_data;
    uint64_t rng_state;
    oai__retry_observer retry_observer;
    void *retry_observer_user_data;

    oai__error_store err;
};

/* Log a printf-style line at `level` if the client's level allows it. */
void oai__log(const oai_client *c, int level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Uniform random in [0,1) from the client's source. */
double oai__client_random(oai_client *c);
/* Install test hooks (NULL restores the default source / no observer). */
void oai__client_set_random(oai_client *c, oai__random_fn fn, void *user_data);
void oai__client_set_retry_observer(oai_client *c, oai__retry_observer fn,
                                    void *user_data);
/* Replace every occurrence of the API key in e's message by "<redacted>":
 * the key must never reach an error, even when a server echoes it. */
void oai__client_scrub(const oai_client *c, oai__error_store *e);
/* Monotonic milliseconds. */
int64_t oai__now_ms(void);

/* Wrap a buffered response (moved out of r) as a public oai_response.
 * OAI_OK or OAI_ENOMEM (r untouched then). */
struct oai__http_response;
int oai__response_take(oai_response **out, struct oai__http_response *r);

/* Engine teardown for oai_client_free(): detach every transfer. */
void oai__engine_detach_all(oai_client *c);

#endif
