/** @file
 * oai/multi.h - the non-blocking engine: many requests, streams and pollers
 * in flight on one thread, driven by your loop (libcurl's multi interface
 * one level up).
 *
 * A multi drives ONE client's HTTP engine (the very engine the blocking
 * calls loop over, so both share every line of protocol code). Creating a
 * multi on a client makes that client non-blocking:
 *   - the stream calls (oai/run_stream.h) return at once, before the
 *     response started; oai_stream_next() returns OAI_EAGAIN while no
 *     event is buffered;
 *   - plain requests are started with oai_multi_request();
 *   - polling helpers run as pollers (oai/poller.h), started with
 *     oai_multi_add_poller();
 *   - work advances only inside oai_multi_perform() (level 1) or
 *     oai_multi_socket_action() (level 2); hooks and completion callbacks
 *     run from inside those calls.
 * Blocking calls (REST resources, blocking pollers) still work on such a
 * client: they run the same engine until their own request is done, and
 * transfers of the multi progress meanwhile (their hooks wait for the next
 * perform). To use several clients (keys, base URLs) on one loop, create
 * one multi per client. Free every object of the multi, then the multi,
 * then the client.
 *
 * Level 1, the library polls (curl_multi_perform / curl_multi_poll):
 *
 *     oai_multi *m;
 *     oai_multi_new(&m, c, NULL);
 *     ... start streams on c, oai_multi_add_stream(m, s, done, ud) ...
 *     int running;
 *     do {
 *         oai_multi_perform(m, &running);    // hooks fire in here
 *         if (running) oai_multi_wait(m, 1000);
 *     } while (running);
 *
 * Level 2, your event loop owns the sockets and the one timer
 * (CURLMOPT_SOCKETFUNCTION / TIMERFUNCTION / curl_multi_socket_action):
 * set socket_cb and timer_cb in oai_multi_options, watch the sockets you
 * are told about, and call oai_multi_socket_action(m, fd, events, &running)
 * when one is ready or oai_multi_socket_action(m, OAI_SOCKET_TIMEOUT, 0,
 * &running) when the timer expires. <oai/adapters/libuv.h> and
 * <oai/adapters/libevent.h> do exactly that.
 *
 * Timers: retry back-off, request timeouts, poll intervals and stream
 * stall deadlines are all timers merged with libcurl's into ONE deadline,
 * reported through timer_cb (level 2) or used by oai_multi_wait() (level
 * 1). Nothing sleeps and no thread is started.
 *
 * Threading: a multi, its client and its objects are used by one thread at
 * a time; oai_multi_wakeup() is the only call safe from another thread.
 */
#ifndef OAI_MULTI_H
#define OAI_MULTI_H

#include "client.h"
#include "chat_stream.h"
#include "common.h"
#include "errors.h"
#include "json.h"
#include "response_stream.h"
#include "stream.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A non-blocking engine over a client (opaque). */
typedef struct oai_multi oai_multi;
/** A raw call in flight on a multi: what oai_multi_request() starts and
 *  oai_call_result() answers. (The per-request settings of any call are
 *  oai_request_options, oai/client.h.) */
typedef struct oai_call oai_call;

/** A socket descriptor (POSIX). */
typedef int oai_socket;
/** oai_multi_socket_action(): "the timer expired", not a socket. */
#define OAI_SOCKET_TIMEOUT (-1)

/* socket_cb `what`: which readiness to watch (libcurl's CURL_POLL_*). */
#define OAI_POLL_IN 1     /**< readable */
#define OAI_POLL_OUT 2    /**< writable */
#define OAI_POLL_INOUT 3  /**< both */
#define OAI_POLL_REMOVE 4 /**< stop watching this socket */

/* oai_multi_socket_action() `events` (libcurl's CURL_CSELECT_*). */
#define OAI_CSELECT_IN 1  /**< readable */
#define OAI_CSELECT_OUT 2 /**< writable */
#define OAI_CSELECT_ERR 4 /**< error condition */

/**
 * Level 2: watch `fd` for `what` (OAI_POLL_*), or stop (OAI_POLL_REMOVE).
 * `socket_data` is what oai_multi_assign() stored for fd (NULL at first).
 * Runs from inside multi calls; it must not call the multi except
 * oai_multi_assign(). Return 0.
 */
typedef int (*oai_socket_cb)(oai_socket fd, int what, void *socket_data,
                             void *user_data);
/**
 * Level 2: (re)arm the single timer to fire in `timeout_ms` (0: as soon as
 * possible, from the loop, not from inside this callback), or disarm it
 * (-1). When it fires, call oai_multi_socket_action(m, OAI_SOCKET_TIMEOUT,
 * 0, &running). May run from inside any multi call and from the calls
 * that start requests or streams on the multi's client. It returns
 * nothing: the multi has no way to act on a timer that failed to arm, so
 * an event loop that can fail here must record the failure itself.
 */
typedef void (*oai_timer_cb)(long timeout_ms, void *user_data);

#define OAI_MULTI_OPTIONS_VERSION 1 /**< of oai_multi_options */
/** Multi options. NULL callbacks: level 1. Fields are only appended. */
typedef struct oai_multi_options {
    unsigned int version;    /**< OAI_MULTI_OPTIONS_VERSION */
    oai_socket_cb socket_cb; /**< level 2 (set both or neither) */
    oai_timer_cb timer_cb;   /**< level 2 (set both or neither) */
    void *user_data;         /**< passed to socket_cb and timer_cb */
} oai_multi_options;
/** Initialiser of oai_multi_options: the current version, every other field
 * default. */
#define OAI_MULTI_OPTIONS_INIT                                                 \
    {                                                                          \
        OAI_MULTI_OPTIONS_VERSION, NULL, NULL, NULL                            \
    }

/** What finished: see oai_multi_msg.kind. */
typedef enum oai_multi_kind {
    OAI_MULTI_CALL = 1,            /**< an oai_call */
    OAI_MULTI_STREAM = 2,          /**< an oai_stream */
    OAI_MULTI_POLLER = 3,          /**< an oai_poller */
    OAI_MULTI_RESPONSE_STREAM = 4, /**< an oai_response_stream */
    OAI_MULTI_CHAT_STREAM = 5      /**< an oai_chat_stream */
} oai_multi_kind;

/** A completion. */
typedef struct oai_multi_msg {
    oai_multi_kind kind; /**< which type `object` is */
    void *object;        /**< the oai_call / oai_stream / oai_poller */
    int result;          /**< OAI_OK or the object's error code */
    void *user_data;     /**< as given when the object was added */
} oai_multi_msg;

/**
 * Per-object completion callback: runs once, from inside perform /
 * socket_action, when the object finished (the same message is also
 * queued for oai_multi_info_read()). It may free the object (which drops
 * its queued message), start or add new objects, but must not call
 * perform, wait or socket_action, nor free the multi.
 */
typedef void (*oai_multi_done_fn)(const oai_multi_msg *msg, void *user_data);

/**
 * Create a multi driving client `c`'s engine; `c` becomes non-blocking
 * (see above) until oai_multi_free().
 * @param[out] out the multi; NULL on error.
 * @param c the client (must outlive the multi; at most one multi each).
 * @param opts NULL for level 1; copied.
 * @return OAI_OK; OAI_EINVAL (NULL out or c, unknown version, only one of
 *         socket_cb / timer_cb, c already has a multi); OAI_ENOMEM.
 */
OAI_EXTERN int oai_multi_new(oai_multi **out, oai_client *c,
                             const oai_multi_options *opts);

/**
 * Free the multi. Objects still added are detached without callbacks
 * (streams keep reading in blocking mode afterwards; free them first to
 * stop them). The client becomes blocking again. NULL is fine. Not from
 * inside a callback of the multi.
 */
OAI_EXTERN void oai_multi_free(oai_multi *m);

/**
 * Level 1: do all the work that can be done now without waiting (start due
 * requests, read and write sockets, fire timers), then run the hooks and
 * completion callbacks of whatever became ready. Never blocks.
 * @param[out] running objects added and not yet finished (may be NULL).
 * @return OAI_OK; OAI_EINVAL (NULL m, called from inside a callback).
 */
OAI_EXTERN int oai_multi_perform(oai_multi *m, int *running);

/**
 * Level 1: block until a socket is ready, the merged deadline is due,
 * oai_multi_wakeup() is called, or `timeout_ms` (>= 0) passed.
 * @return OAI_OK; OAI_EINVAL (NULL m, negative timeout, inside a callback).
 */
OAI_EXTERN int oai_multi_wait(oai_multi *m, int timeout_ms);

/**
 * Make a current or the next oai_multi_wait() return at once. The only
 * call that may be made from another thread (while m is alive).
 * @return OAI_OK; OAI_EINVAL (NULL); OAI_ERROR.
 */
OAI_EXTERN int oai_multi_wakeup(oai_multi *m);

/**
 * Milliseconds until the multi needs perform / socket_action again for a
 * timer (0: now, -1: only on socket activity) - the merged deadline.
 * @param[out] ms the timeout.
 * @return OAI_OK; OAI_EINVAL.
 */
OAI_EXTERN int oai_multi_timeout(long *ms, oai_multi *m);

/**
 * Level 2: tell the multi that `fd` is ready for `events` (OAI_CSELECT_*,
 * 0 if unknown), or that the timer expired (fd = OAI_SOCKET_TIMEOUT).
 * Runs hooks and completion callbacks like oai_multi_perform().
 * @param[out] running as oai_multi_perform() (may be NULL).
 * @return OAI_OK; OAI_EINVAL (NULL m, a level-1 multi, inside a callback).
 */
OAI_EXTERN int oai_multi_socket_action(oai_multi *m, oai_socket fd, int events,
                                       int *running);

/**
 * Level 2: store `socket_data` for `fd`; it is passed to later socket_cb
 * calls for fd (curl_multi_assign). Callable from inside socket_cb.
 * @return OAI_OK; OAI_EINVAL (NULL m, unknown fd).
 */
OAI_EXTERN int oai_multi_assign(oai_multi *m, oai_socket fd, void *socket_data);

/**
 * The next queued completion, or NULL. `*msgs_left` (may be NULL) gets how
 * many remain. The message is valid until the next perform /
 * socket_action / info_read, or until its object is freed.
 */
OAI_EXTERN const oai_multi_msg *oai_multi_info_read(oai_multi *m,
                                                    int *msgs_left);

/* ---- streams ------------------------------------------------------------ */

/**
 * Let the multi drive a stream made on its client (oai/run_stream.h): after
 * each perform / socket_action every complete event is pulled with
 * oai_stream_next(), so the handler's hooks run in there (including
 * oai_stream_submit_tool_outputs() from a hook: the follow-up request is
 * sent without waiting). `done` runs once the stream ended: result OAI_OK
 * for a normal end, else the stream's error (oai_stream_error(); a request
 * that failed before the response started ran no hook, as with a blocking
 * creating call). The stream's stall timeout (oai_stream_options) is a
 * timer of the multi. Do not call oai_stream_next() on an added stream
 * yourself: either add it (push) or pull it after each perform.
 * @return OAI_OK; OAI_EINVAL (NULL argument, already added); OAI_ENOMEM.
 * oai_stream_free() of an added stream removes it first (no callback).
 */
OAI_EXTERN int oai_multi_add_stream(oai_multi *m, oai_stream *s,
                                    oai_multi_done_fn done, void *user_data);

/**
 * Remove a stream from the multi before it ended: it is aborted (its
 * response closed; on_end runs once if iteration had started; later reads
 * return OAI_ECANCELLED); no completion is reported. After completion it
 * only detaches. The stream is still yours to free. Callable from inside
 * a completion callback.
 * @return OAI_OK; OAI_EINVAL (NULL, not added to m).
 */
OAI_EXTERN int oai_multi_remove_stream(oai_multi *m, oai_stream *s);

/**
 * oai_multi_add_stream() for a response stream made on the multi's client
 * (oai/response_stream.h): its events are pulled after each perform /
 * socket_action, so its hooks run in there (also
 * oai_response_stream_submit_function_outputs(), whose follow-up request
 * is sent without waiting). The completion's kind is
 * OAI_MULTI_RESPONSE_STREAM. Same rules and return values.
 */
OAI_EXTERN int oai_multi_add_response_stream(oai_multi *m,
                                             oai_response_stream *s,
                                             oai_multi_done_fn done,
                                             void *user_data);

/** oai_multi_remove_stream() for a response stream. */
OAI_EXTERN int oai_multi_remove_response_stream(oai_multi *m,
                                                oai_response_stream *s);

/**
 * oai_multi_add_stream() for a chat stream made on the multi's client
 * (oai/chat_stream.h): its chunks are pulled after each perform /
 * socket_action, so its hooks run in there (also
 * oai_chat_stream_submit_tool_outputs(), whose follow-up request is sent
 * without waiting). The completion's kind is OAI_MULTI_CHAT_STREAM. Same
 * rules and return values.
 */
OAI_EXTERN int oai_multi_add_chat_stream(oai_multi *m, oai_chat_stream *s,
                                         oai_multi_done_fn done,
                                         void *user_data);

/** oai_multi_remove_stream() for a chat stream. */
OAI_EXTERN int oai_multi_remove_chat_stream(oai_multi *m, oai_chat_stream *s);

/* ---- raw calls --------------------------------------------------------- */

/**
 * Start a raw call (as oai_client_request(): the client's headers, retries
 * and error model) on the multi's client without waiting. It is sent on
 * the next perform / socket_action; `done` runs when it finished.
 * @param[out] out the call; free with oai_call_free().
 * @param m the multi.
 * @param method, path, query, body, opts as oai_client_request(); copied.
 * @param done completion callback or NULL; user_data goes to it and to the
 *        queued message.
 * @return OAI_OK; OAI_EINVAL (NULL argument, bad option; detail in
 *         oai_client_last_error()); OAI_ENOMEM. The call's own outcome
 *         arrives with its completion.
 */
OAI_EXTERN int oai_multi_request(oai_call **out, oai_multi *m,
                                 const char *method, const char *path,
                                 const char *query, const oai_json *body,
                                 const oai_request_options *opts,
                                 oai_multi_done_fn done, void *user_data);

/**
 * Result of a finished call.
 * @param[out] out the response (status < 400), borrowed from r; NULL
 *        unless OAI_OK.
 * @return OAI_OK; OAI_ENOTREADY (not finished); or the call's error
 *         (as oai_client_request()), detail in oai_call_error().
 */
OAI_EXTERN int oai_call_result(const oai_response **out, const oai_call *r);

/** Detail of a failed call (code 0 otherwise). Borrowed from r. */
OAI_EXTERN const oai_error *oai_call_error(const oai_call *r);

/** Abort if still running, remove from its multi, free. No callback runs.
 *  NULL is fine. May be called from inside the call's done callback. */
OAI_EXTERN void oai_call_free(oai_call *r);

#ifdef __cplusplus
}
#endif
#endif /* OAI_MULTI_H */
