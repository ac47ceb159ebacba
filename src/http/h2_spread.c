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
 * host: once that one is full, each further transfer opens a connection of
 * its own. There the host's connections are capped at what the transfers
 * in flight need (plus one), and libcurl queues a transfer that finds every
 * connection full until a connection it is allowed to open comes up. A
 * server that answers HTTP/1.1 needs a connection per request: the cap is
 * lifted for good once one does. */
#include "http/engine.h"

enum { STREAMS_PER_CONNECTION = 100 };

static int pipewait_first_only(void)
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

static void update_cap(struct oai__engine *g)
{
    long cap = 0; /* no cap */
    if (g->n_mux && !g->mux_h1 && pipewait_first_only())
        cap = (long)((g->n_mux + STREAMS_PER_CONNECTION - 1) /
                     STREAMS_PER_CONNECTION) +
              1;
    if (cap != g->conn_cap &&
        curl_multi_setopt(g->multi, CURLMOPT_MAX_HOST_CONNECTIONS, cap) ==
            CURLM_OK)
        g->conn_cap = cap;
}

void oai__h2_joined(struct oai__engine *g, oai__xfer *x)
{
    x->mux = oai__xfer_may_multiplex(x->c, x->url);
    if (!x->mux)
        return;
    g->n_mux++;
    update_cap(g);
}

void oai__h2_left(struct oai__engine *g, oai__xfer *x)
{
    if (!x->mux)
        return;
    x->mux = 0;
    g->n_mux--;
    update_cap(g);
}

void oai__h2_response(struct oai__engine *g, const oai__xfer *x)
{
    long version = 0;
    if (!x->mux || g->mux_h1 ||
        curl_easy_getinfo(x->easy, CURLINFO_HTTP_VERSION, &version) !=
            CURLE_OK ||
        version == 0 || version >= CURL_HTTP_VERSION_2_0)
        return;
    g->mux_h1 = 1;
    update_cap(g);
}
