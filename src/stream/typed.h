/* Internal: what a typed stream (rstream.c, cstream.c) does the same way
 * on top of the shared object (stream_int.h): creation from its public
 * options, iteration over its updates, the request its tool loop
 * continues, and the errors of its accumulator. */
#ifndef OAI_STREAM_TYPED_H
#define OAI_STREAM_TYPED_H

#include <cJSON.h>

#include "stream/stream_int.h"

/* What a typed stream takes from its public options and handler. */
typedef struct oai__typed_settings {
    oai_stream_options so; /* limits and stall timeout */
    void *user_data;
    void (*on_end)(void *user_data);
    void (*on_timeout)(void *user_data);
    void (*on_exception)(const oai_error *err, void *user_data);
} oai__typed_settings;

/* The start of a typed stream's constructor: OAI_EINVAL for a NULL out,
 * else *out NULL; then `options_rc` (the check of its public options) if
 * not OAI_OK; else OAI_OK with `t` the defaults. */
int oai__typed_begin(oai_stream **out, int options_rc, oai__typed_settings *t);

/* Create a typed stream reading from `src` (NULL: detached) with the end
 * hooks of `t`. `side` is taken over: on failure it is freed with
 * kind->free_side and nothing else is destroyed (the caller still owns
 * ctx). OAI_OK, OAI_EINVAL or OAI_ENOMEM. */
int oai__typed_new(oai_stream **out, const oai__typed_settings *t,
                   const oai__stream_kind *kind, void *side,
                   const oai__stream_source *src, void *ctx);

/* Keep a copy of the request body the tool loop continues. OAI_OK or
 * OAI_ENOMEM. */
int oai__typed_set_request(oai_stream *s, const cJSON *body);

/* The next update (oai_stream_next underneath): OAI_OK with *out the
 * update the stream's kind delivered, else *out NULL and what
 * oai_stream_next returned. */
int oai__typed_next(const void **out, oai_stream *s);

/* The checks a typed stream's tool loop starts with: OAI_EINVAL for a
 * NULL stream, else oai__stream_check_submit() of `outputs` (named
 * "outputs") with the request the stream continues. */
int oai__typed_check_submit(oai_stream *s, const cJSON *outputs,
                            const char *detached, const char *again);

/* The accumulator failed with `rc` and error `e`: that becomes the
 * stream's error, with the request id for an error the server sent.
 * Returns rc. */
int oai__typed_failed(oai_stream *s, const oai__error_store *e, int rc);

/* Set the end hooks of `t` from public handler `h`: every typed handler
 * has on_end, on_timeout and on_exception, with its user_data. */
#define OAI__TYPED_END_HOOKS(t, h)                                             \
    ((t)->user_data = (h)->user_data, (t)->on_end = (h)->on_end,               \
     (t)->on_timeout = (h)->on_timeout, (t)->on_exception = (h)->on_exception)

/* Define the calls of public stream type `T` that are the shared object's
 * own (oai/stream.h), under the names its header declares: feed(s, buf,
 * len), feed_end(s), until_done(s), abort_(s), error(s), free_(s). */
#define OAI__TYPED_SHARED_CALLS(T, feed, feed_end, until_done, abort_, error,  \
                                free_)                                         \
    int feed(T *s, const void *buf, size_t len)                                \
    {                                                                          \
        return oai_stream_feed((oai_stream *)(void *)s, buf, len);             \
    }                                                                          \
    int feed_end(T *s)                                                         \
    {                                                                          \
        return oai_stream_feed_end((oai_stream *)(void *)s);                   \
    }                                                                          \
    int until_done(T *s)                                                       \
    {                                                                          \
        return oai_stream_until_done((oai_stream *)(void *)s);                 \
    }                                                                          \
    void abort_(T *s)                                                          \
    {                                                                          \
        oai_stream_abort((oai_stream *)(void *)s);                             \
    }                                                                          \
    const oai_error *error(const T *s)                                         \
    {                                                                          \
        return oai_stream_error((const oai_stream *)(const void *)s);          \
    }                                                                          \
    void free_(T *s)                                                           \
    {                                                                          \
        oai_stream_free((oai_stream *)(void *)s);                              \
    }

#endif
