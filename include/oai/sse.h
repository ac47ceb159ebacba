/** @file
 * oai/sse.h - an I/O-free Server-Sent Events decoder.
 *
 * Feed it bytes as they arrive, in chunks of any size (a CR and its LF, or
 * the bytes of one UTF-8 character, may be split between chunks), and pull
 * complete events out. It never reads or writes anything itself, so it
 * serves any transport, recorded files and fuzzers alike.
 *
 *     oai_sse_parser *p;
 *     oai_sse_parser_new(&p, NULL);
 *     while ((n = read(fd, buf, sizeof buf)) > 0) {
 *         oai_sse_parser_feed(p, buf, (size_t)n);
 *         const oai_sse_event *ev;
 *         while ((rc = oai_sse_parser_next(&ev, p)) == OAI_OK)
 *             use(ev->name, ev->data, ev->data_len);
 *         if (rc != OAI_EAGAIN) break;          // error
 *     }
 *     oai_sse_parser_feed_end(p);               // end of input
 *     while (oai_sse_parser_next(&ev, p) == OAI_OK) use(...);
 *     oai_sse_parser_free(p);
 *
 * Rules (the WHATWG event-stream interpretation): lines
 * end at CRLF, LF or CR; one leading UTF-8 BOM is removed; lines starting
 * with ':' are comments; a field is split at the first ':' and one space
 * after it is dropped; a line without ':' is a field with an empty value;
 * `data` lines are joined with LF; `event` sets the name; `id` sets the last
 * event id unless it contains NUL (it persists across events); `retry` is
 * kept only when all ASCII digits; a blank line dispatches the event only
 * if at least one `data` line was seen. At end of input a final
 * unterminated line is processed, but the event it belongs to is not
 * dispatched. Invalid UTF-8 anywhere in the stream is an error.
 *
 * The work is linear in the input size whatever the chunking: no byte is
 * scanned twice. A parser is not thread-safe; use one per stream.
 */
#ifndef OAI_SSE_H
#define OAI_SSE_H

#include "common.h"
#include "errors.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OAI_SSE_OPTIONS_VERSION 1 /**< of oai_sse_options */

/** Parser options. Zero fields mean "default". */
typedef struct oai_sse_options {
    unsigned int version; /**< OAI_SSE_OPTIONS_VERSION */
    size_t
        max_line_size; /**< longest accepted line in bytes (default 16 MiB) */
    size_t max_event_size; /**< largest accepted event data in bytes (default 16
                              MiB) */
} oai_sse_options;

/** Initialiser of oai_sse_options: the current version, every other field
 * default. */
#define OAI_SSE_OPTIONS_INIT                                                   \
    {                                                                          \
        OAI_SSE_OPTIONS_VERSION, 0, 0                                          \
    }
#define OAI_SSE_DEFAULT_MAX_SIZE                                               \
    ((size_t)16 * 1024 * 1024) /**< default line and event limit */

/**
 * A dispatched event. All pointers are borrowed from the parser and stay
 * valid until the next call of oai_sse_parser_next(), _reset() or _free()
 * on that parser (feeding more bytes does not invalidate them).
 */
typedef struct oai_sse_event {
    const char *name; /**< the `event` field; NULL when absent or empty */
    const char *data; /**< the data lines joined with LF; NUL-terminated */
    size_t data_len;  /**< bytes in `data`, without the terminating NUL */
    const char *id;   /**< the last event id seen so far, NULL if none */
    long long retry;  /**< `retry` given in this event's block, -1 if none */
    size_t name_len;  /**< bytes in `name` (0 when NULL); larger than
                           strlen(name) when the name holds a NUL byte */
} oai_sse_event;

/** An incremental SSE decoder (opaque). */
typedef struct oai_sse_parser oai_sse_parser;

/**
 * Create a parser.
 * @param[out] out the new parser; free with oai_sse_parser_free().
 * @param opts options (copied), or NULL for the defaults.
 * @return OAI_OK, OAI_EINVAL (out NULL or unknown options version),
 *         OAI_ENOMEM, OAI_ERROR (library initialisation failed).
 */
OAI_EXTERN int oai_sse_parser_new(oai_sse_parser **out,
                                  const oai_sse_options *opts);

/**
 * Hand the parser the next `len` bytes of the stream. The bytes are copied;
 * no parsing happens until oai_sse_parser_next(). The last event stays valid.
 * @return OAI_OK, OAI_EINVAL (p NULL, buf NULL with len > 0, or called
 *         after oai_sse_parser_feed_end()), OAI_ENOMEM.
 */
OAI_EXTERN int oai_sse_parser_feed(oai_sse_parser *p, const void *buf,
                                   size_t len);

/**
 * Mark the end of the input. A final unterminated line is then processed,
 * and the pending event (no blank line after it) is discarded.
 * @return OAI_OK, OAI_EINVAL (p NULL).
 */
OAI_EXTERN int oai_sse_parser_feed_end(oai_sse_parser *p);

/**
 * Parse the buffered bytes up to the next complete event.
 * @param[out] out the event (borrowed, see oai_sse_event); NULL unless OAI_OK.
 * @return OAI_OK (an event), OAI_EAGAIN (no complete event in the bytes fed
 *         so far), OAI_ITEROVER (after the end of input: no more events),
 *         OAI_EPROTOCOL (invalid UTF-8), OAI_ELIMIT (a line or an event
 *         exceeded the configured size), OAI_ENOMEM, OAI_EINVAL.
 *         Errors are sticky: later calls return the same code;
 *         oai_sse_parser_error() describes it.
 */
OAI_EXTERN int oai_sse_parser_next(const oai_sse_event **out,
                                   oai_sse_parser *p);

/**
 * Forget everything buffered and all state (name, data, last id, BOM check,
 * UTF-8 state, end of input, error), as for a new stream. Options are kept.
 */
OAI_EXTERN void oai_sse_parser_reset(oai_sse_parser *p);

/** Detail of the last error (code 0 if none). Borrowed; valid until the
 *  parser is reset or freed. */
OAI_EXTERN const oai_error *oai_sse_parser_error(const oai_sse_parser *p);

/** Free a parser. NULL is fine. */
OAI_EXTERN void oai_sse_parser_free(oai_sse_parser *p);

#ifdef __cplusplus
}
#endif
#endif /* OAI_SSE_H */
