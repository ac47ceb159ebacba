/** @file
 * oai/run_stream.h - the stream helpers: start a run (or submit tool
 * outputs) with `"stream": true` and get an oai_stream (oai/stream.h) that
 * reads the response as it arrives.
 *
 *     oai_json *p; oai_json_parse_cstr(&p, "{\"assistant_id\":\"asst_1\"}");
 *     oai_stream_options so = OAI_STREAM_OPTIONS_INIT;
 *     so.handler = &my_handler;                     // optional
 *     oai_stream *s;
 *     if (oai_runs_stream(&s, c, "thread_1", p, NULL, &so, NULL) != OAI_OK)
 *         fprintf(stderr, "%s\n", oai_client_last_error(c)->message);
 *     else { oai_stream_until_done(s); oai_stream_free(s); }
 *
 * Each helper sends its request before returning (POST,
 * `"stream": true` added to the body, `OpenAI-Beta: assistants=v2`,
 * `X-Stainless-Stream-Helper` and `X-Stainless-Custom-Event-Handler`
 * headers) and returns once the response headers arrived. Retries (the
 * client's policy) happen before that point only; an HTTP error
 * status is read fully and returned as the error, with no stream.
 *
 * While reading, the client's read_timeout_ms (or the request option's)
 * bounds the gap between received bytes: when it passes, the stream ends
 * with OAI_ETIMEOUT after on_timeout. oai_stream_submit_tool_outputs() on a
 * stream from these helpers sends the follow-up request on the same client
 * and continues in the same stream.
 *
 * Common rules:
 *   - `out` receives the stream (free with oai_stream_free()); NULL when the
 *     call fails, and then no hook of the handler is ever called.
 *   - `params` / `tool_outputs` are only read during the call. `sopts` is
 *     copied (also its handler). `opts` (per-request options of
 *     oai/client.h) apply to this request; the follow-up request of
 *     oai_stream_submit_tool_outputs() uses its retry and timeout values
 *     but not its headers.
 *   - The client must outlive the stream and must not be used from another
 *     thread meanwhile; other calls on the same client are fine between
 *     reads (bytes arriving meanwhile are kept).
 *   - Return codes: OAI_OK; OAI_EINVAL (NULL out or client, empty id,
 *     params not a JSON object, tool_outputs not an array, bad options;
 *     nothing was sent); OAI_ENOMEM; the request errors of oai/client.h
 *     (OAI_ETRANSPORT, OAI_ETIMEOUT, OAI_EBADREQUEST ... OAI_ESERVER,
 *     OAI_ESTATUS). Detail in oai_client_last_error(c).
 *   - Not callable from inside a hook of a stream of the same client.
 * @since 0.1
 */
#ifndef OAI_RUN_STREAM_H
#define OAI_RUN_STREAM_H

#include "client.h"
#include "json.h"
#include "stream.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * POST /threads/{thread_id}/runs with `params` (`assistant_id` and optional
 * run fields) plus `"stream": true`. `include` is NULL or a NULL-terminated
 * list sent as `include[]` query values.
 * Header X-Stainless-Stream-Helper: threads.runs.create_and_stream.
 */
OAI_EXTERN int oai_runs_stream(oai_stream **out, oai_client *c,
                               const char *thread_id, const oai_json *params,
                               const char *const *include,
                               const oai_stream_options *sopts,
                               const oai_request_options *opts);

/**
 * POST /threads/runs (create a thread and run it) with `params`
 * (`assistant_id`, optional `thread`, ...) plus `"stream": true`.
 * Header X-Stainless-Stream-Helper: threads.create_and_run_stream.
 */
OAI_EXTERN int oai_threads_create_and_run_stream(
    oai_stream **out, oai_client *c, const oai_json *params,
    const oai_stream_options *sopts, const oai_request_options *opts);

/**
 * POST /threads/{thread_id}/runs/{run_id}/submit_tool_outputs with
 * `{"tool_outputs": <tool_outputs>, "stream": true}`; `tool_outputs` is an
 * array of {"tool_call_id","output"} objects. Use it to answer a run you
 * are not streaming already; within a stream prefer
 * oai_stream_submit_tool_outputs().
 * Header X-Stainless-Stream-Helper: threads.runs.submit_tool_outputs_stream.
 */
OAI_EXTERN int oai_runs_submit_tool_outputs_stream(
    oai_stream **out, oai_client *c, const char *thread_id, const char *run_id,
    const oai_json *tool_outputs, const oai_stream_options *sopts,
    const oai_request_options *opts);

#ifdef __cplusplus
}
#endif
#endif /* OAI_RUN_STREAM_H */
