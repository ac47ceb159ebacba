/** @file
 * oai/responses.h - /responses: create, retrieve, delete, cancel, the input
 * items of a response (all non-streaming), and typed views of a Response
 * object. Streaming lives in oai/response_stream.h; waiting for a
 * background response in oai/poll.h (oai_responses_create_and_poll(),
 * oai_responses_poll()) and oai/poller.h. Conventions: oai/resources.h.
 *
 * A response's `status` is one of queued, in_progress (still running),
 * completed, failed, cancelled, incomplete (terminal). Only responses
 * created with `"background": true` run on after the create call returns,
 * and only those can be cancelled.
 */
#ifndef OAI_RESPONSES_H
#define OAI_RESPONSES_H

#include <stdint.h>

#include "client.h"
#include "json.h"
#include "pagination.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * POST /responses. `params` (required object) holds `model`, `input` and
 * the optional fields, sent as given: `background`, `store`, `include`,
 * `previous_response_id` or `conversation` (an id or `{"id": …}`: the
 * conversation's items come first and the response's are appended to it),
 * `tools`, … `"stream": true` is rejected with OAI_EINVAL (use
 * oai/response_stream.h). A foreground create answers once the response
 * is done; a background one at once, usually with `status: "queued"`.
 * @param[out] out the response.
 */
OAI_EXTERN int oai_responses_create(oai_json **out, oai_client *c,
                                    const oai_json *params,
                                    const oai_request_options *opts);

/** GET /responses/{response_id} (the JSON object, not the event stream).
 *  `include` is NULL or a NULL-terminated list sent as `include[]` query
 *  values (e.g. "message.output_text.logprobs"); only read during the
 *  call. @param[out] out the response. */
OAI_EXTERN int oai_responses_retrieve(oai_json **out, oai_client *c,
                                      const char *response_id,
                                      const char *const *include,
                                      const oai_request_options *opts);

/** DELETE /responses/{response_id}.
 *  @param[out] out `{"id", "object": "response.deleted", "deleted"}`. */
OAI_EXTERN int oai_responses_delete(oai_json **out, oai_client *c,
                                    const char *response_id,
                                    const oai_request_options *opts);

/** POST /responses/{response_id}/cancel (no body). Only a background
 *  response can be cancelled: for any other the API answers 400, returned
 *  as OAI_EBADREQUEST with the API's message in oai_client_last_error(c).
 *  A response already terminal is usually returned unchanged.
 *  @param[out] out the response (normally `status: "cancelled"`). */
OAI_EXTERN int oai_responses_cancel(oai_json **out, oai_client *c,
                                    const char *response_id,
                                    const oai_request_options *opts);

/** GET /responses/{response_id}/input_items: one page; limit, order,
 *  after, include. @param[out] out the page. */
OAI_EXTERN int oai_responses_input_items_list(oai_json **out, oai_client *c,
                                              const char *response_id,
                                              const oai_list_options *list,
                                              const oai_request_options *opts);

/** A pager over a response's input items (first page fetched now).
 *  @param[out] out the pager; oai_pager_free(). */
OAI_EXTERN int oai_responses_input_items_list_pager(
    oai_pager **out, oai_client *c, const char *response_id,
    const oai_list_options *list, const oai_request_options *opts);

/* ---- views of a Response object ---------------------------------------- */
/* Each reads a response document (from the calls above, a poll helper or
 * a stream's final response) without copying; a NULL response or a
 * missing member gives NULL / 0. Borrowed results live as long as the
 * document. */

/** `status`, or NULL. */
OAI_EXTERN const char *oai_responses_status(const oai_json *response);

/** The `output` array (items: message, function_call, reasoning, …), or
 *  NULL when absent or not an array. */
OAI_EXTERN const oai_json *oai_responses_output(const oai_json *response);

/**
 * The text of the response: every `output_text` part of every `message`
 * item of `output`, concatenated in order (refusals and other parts are
 * left out). @param[out] out a NUL-terminated string to release with
 * oai_free() ("" when there is no text).
 * @return OAI_OK, OAI_EINVAL (NULL argument), OAI_ENOMEM.
 */
OAI_EXTERN int oai_responses_output_text(char **out, const oai_json *response);

/** The `error` object (`code`, `message`) of a failed response, or NULL
 *  when it is null or absent. */
OAI_EXTERN const oai_json *oai_responses_error(const oai_json *response);

/** `incomplete_details.reason` of an incomplete response
 *  ("max_output_tokens", "content_filter"), or NULL. */
OAI_EXTERN const char *
oai_responses_incomplete_reason(const oai_json *response);

/** Token counts of a response's `usage`. */
typedef struct oai_responses_usage_counts {
    int64_t input_tokens;
    int64_t cached_tokens; /**< input_tokens_details.cached_tokens */
    int64_t output_tokens;
    int64_t reasoning_tokens; /**< output_tokens_details.reasoning_tokens */
    int64_t total_tokens;
} oai_responses_usage_counts;

/** Fill *out from `usage` (missing counts are 0).
 *  @return 1 when the response has a `usage` object, else 0 (and *out is
 *  all zero; usage is null until a response is done). */
OAI_EXTERN int oai_responses_usage(oai_responses_usage_counts *out,
                                   const oai_json *response);

#ifdef __cplusplus
}
#endif
#endif /* OAI_RESPONSES_H */
