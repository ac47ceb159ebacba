/* HTTP/2 streams spread over a few connections per host.
 *
 * libcurl 7.88 sends RST_STREAM for nearly every HTTP/2 stream it finishes,
 * also when the server ended it normally. Servers protect themselves from
 * "rapid reset" floods by counting the resets a connection receives
 * (nghttp2: a burst of 1,000, then 33 a second) and close the connection
 * with GOAWAY past that: every stream still on it is lost. So a connection
 * carries at most STREAMS_PER_CONNECTION streams, and thousands of streams
 * that end together end on many connections.
 *
 * Before 8.0, libcurl's PIPEWAIT only waits for the first connection to a
 * host: once that one is full, each further request opens a connection of
 * its own. There the engine holds back the requests that would find every
 * connection full: one starts (it opens the next connection), the others
 * wait until its response headers show that connection is up, then fill
 * it. Nothing starts while that connection is being set up: a request
 * started then could wait for it in libcurl's queue, which only moves when
 * a transfer ends. A server that answers HTTP/1.1
 * needs a connection per request: the hold is lifted for good once one does.
 *
 * Driven by socket_action, libcurl before 8.0 can also leave a transfer on
 * one of several HTTP/2 connections unrun, its bytes unread in a socket it
 * no longer watches, until one of its timers (the connect timeout) expires:
 * there the engine runs every transfer (curl_multi_perform) at least every
 * SWEEP_MS while such transfers are in flight. */
#include "http/engine.h"

enum { STREAMS_PER_CONNECTION = 100, SWEEP_MS = 1000 };

static int before_8(void)
{
    return curl_version_info(CURLVERSION_NOW)->version_num < 0x080000;
}

void oai__h2_configure(CURLM *multi)
{
    /* refusals are harmless: each setting only tunes connection reuse */
    (void)curl_multi_setopt(multi, CURLMOPT_PIPELINING,
                            (long)CURLPIPE_MULTIPLEX);
#if LIBCURL_VERSION_NUM >= 0x074300
    (void)curl_multi_setopt(multi, CURLMOPT_MAX_CONCURRENT_STREAMS,
                            (long)STREAMS_PER_CONNECTION);
#endif
}

/* 1 when the connections known to be up have room for one more stream
 * (before the first one is up, PIPEWAIT holds its requests). */
static int room(const struct oai__engine *g)
{
    size_t conns = g->mux_conns ? g->mux_conns : 1;
    return g->n_mux < conns * STREAMS_PER_CONNECTION;
}

int oai__h2_may_start(const struct oai__engine *g, const oai__xfer *x)
{
    if (g->mux_h1 || !before_8() || !oai__xfer_may_multiplex(x->c, x->url))
        return 1;
    if (!g->mux_conns)
        return room(g);
    return !g->n_opening;
}

void oai__h2_joined(struct oai__engine *g, oai__xfer *x)
{
    x->mux = oai__xfer_may_multiplex(x->c, x->url);
    x->mux_settled = 0;
    x->mux_opener = 0;
    if (!x->mux)
        return;
    x->mux_opener = g->mux_conns && !room(g);
    g->n_opening += (size_t)x->mux_opener;
    g->n_mux++;
}

static void settle(struct oai__engine *g, oai__xfer *x)
{
    x->mux_settled = 1;
    g->n_opening -= (size_t)x->mux_opener;
}

void oai__h2_left(struct oai__engine *g, oai__xfer *x)
{
    if (!x->mux)
        return;
    if (!x->mux_settled)
        settle(g, x);
    x->mux = 0;
    g->n_mux--;
    if (g->n_mux == 0) /* idle connections may close: learn them again */
        g->mux_conns = 0;
}

void oai__h2_response(struct oai__engine *g, oai__xfer *x)
{
    if (!x->mux || x->mux_settled)
        return;
    settle(g, x);
    long version = 0;
    curl_easy_getinfo(x->easy, CURLINFO_HTTP_VERSION, &version);
    if (version > 0 && version < CURL_HTTP_VERSION_2_0)
        g->mux_h1 = 1;
    /* the first response, or one to a request let through to open a
     * connection: one more connection is up */
    if (x->mux_opener || g->mux_conns == 0)
        g->mux_conns++;
}

int64_t oai__h2_sweep_deadline(const struct oai__engine *g)
{
    if (!g->n_mux || !before_8())
        return -1;
    return g->swept_at + SWEEP_MS;
}
