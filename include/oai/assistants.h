/** @file
 * oai/assistants.h - /assistants: create, retrieve, update, list, delete.
 *
 * Conventions shared by every resource header (assistants.h, threads.h,
 * messages.h, runs.h, run_steps.h, files.h, vector_stores.h,
 * vector_store_files.h, file_batches.h):
 *   - `out` receives an owned document, freed with oai_json_free(); it is
 *     NULL whenever the call fails.
 *   - Request parameters are a `const oai_json *` object (oai/json.h) that
 *     is sent as the JSON body exactly as given: only what the caller set is
 *     sent. It is only read during the call.
 *   - Arguments are checked before any request: a NULL or empty id gives
 *     OAI_EINVAL with "Expected a non-empty value for `thread_id` but
 *     received ''"; params that are not a JSON object give OAI_EINVAL.
 *   - Return codes: OAI_OK; OAI_EINVAL (bad argument, nothing was sent);
 *     OAI_ENOMEM; and the request errors of oai/client.h: OAI_ETRANSPORT,
 *     OAI_ETIMEOUT, OAI_EPROTOCOL (the answer is not JSON), and for an HTTP
 *     status >= 400 OAI_EBADREQUEST (400), OAI_EAUTH (401), OAI_EPERM (403),
 *     OAI_ENOTFOUND (404), OAI_ECONFLICT (409), OAI_EUNPROCESSABLE (422),
 *     OAI_ERATELIMIT (429), OAI_ESERVER (5xx), OAI_ESTATUS (other).
 *     Detail (message, HTTP status, API error type/code/param, request id)
 *     is in oai_client_last_error(c). With a NULL client they return
 *     OAI_EINVAL and record nothing.
 *   - `opts` is the per-request options of oai/client.h (extra headers,
 *     retries, timeouts), or NULL; it is only read during the call.
 *   - Requests go through the client's retry policy and carry
 *     `OpenAI-Beta: assistants=v2` (except /files).
 *   - None of these may be called from inside a callback running on the
 *     same client.
 */
#ifndef OAI_ASSISTANTS_H
#define OAI_ASSISTANTS_H

#include "client.h"
#include "json.h"
#include "pagination.h"

#ifdef __cplusplus
extern "C" {
#endif

/** POST /assistants. `params` (required object): `model`, `instructions`,
 *  `tools`, ... @param[out] out the assistant object. */
OAI_EXTERN int oai_assistants_create(oai_json **out, oai_client *c,
                                     const oai_json *params,
                                     const oai_request_options *opts);

/** GET /assistants/{assistant_id}. @param[out] out the assistant object. */
OAI_EXTERN int oai_assistants_retrieve(oai_json **out, oai_client *c,
                                       const char *assistant_id,
                                       const oai_request_options *opts);

/** POST /assistants/{assistant_id} with the fields to change (required
 *  object). @param[out] out the updated assistant. */
OAI_EXTERN int oai_assistants_update(oai_json **out, oai_client *c,
                                     const char *assistant_id,
                                     const oai_json *params,
                                     const oai_request_options *opts);

/** GET /assistants: one page. `list` may be NULL; accepts limit, order,
 *  after, before (other fields → OAI_EINVAL). @param[out] out the page. */
OAI_EXTERN int oai_assistants_list(oai_json **out, oai_client *c,
                                   const oai_list_options *list,
                                   const oai_request_options *opts);

/** A pager over every assistant (oai/pagination.h); the first page is
 *  fetched now. @param[out] out the pager, freed with oai_pager_free(). */
OAI_EXTERN int oai_assistants_list_pager(oai_pager **out, oai_client *c,
                                         const oai_list_options *list,
                                         const oai_request_options *opts);

/** DELETE /assistants/{assistant_id}. @param[out] out the deletion status
 *  object `{"id":…,"object":"assistant.deleted","deleted":true}`. */
OAI_EXTERN int oai_assistants_delete(oai_json **out, oai_client *c,
                                     const char *assistant_id,
                                     const oai_request_options *opts);

#ifdef __cplusplus
}
#endif
#endif /* OAI_ASSISTANTS_H */
