/* Internal: the client object shared by the HTTP layer. Only src/http/
 * touches its fields; everyone else uses request.h. The engine's state is
 * its own object (engine.h), reached through `engine`. */
#ifndef OAI_HTTP_CLIENT_IMPL_H
#define OAI_HTTP_CLIENT_IMPL_H

#include <stdint.h>

#include "core/clock.h"
#include "core/error.h"
#include "core/log.h"
#include "core/random.h"
#include "oai/client.h"

typedef struct oai__xfer oai__xfer;
struct oai__engine;

/* Test hook: an observer told every retry decision (delay in ms, retries
 * taken so far). */
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
    int http2;                /* an oai_http2 */
    size_t max_header_size;   /* all header lines of a response */
    size_t max_response_size; /* a buffered body, or a stream's unread bytes */
    oai__logger log;          /* its secret is api_key */

    struct oai__engine *engine; /* owned; only the engine's files look in */
    oai__error_store err;
};

/* Install test hooks on the client's engine (NULL restores the default
 * source / no observer). */
void oai__client_set_random(oai_client *c, oai__random_fn fn, void *user_data);
void oai__client_set_retry_observer(oai_client *c, oai__retry_observer fn,
                                    void *user_data);

/* Wrap a buffered response (moved out of r) as a public oai_response.
 * OAI_OK or OAI_ENOMEM (r untouched then). */
struct oai__http_response;
int oai__response_take(oai_response **out, struct oai__http_response *r);

#endif
