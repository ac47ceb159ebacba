/** @file
 * oai/resources.h - the rules every REST resource call follows.
 *
 * The resource headers (assistants.h, threads.h, messages.h, runs.h,
 * run_steps.h, files.h, vector_stores.h, vector_store_files.h,
 * file_batches.h, responses.h, conversations.h) declare one function per endpoint, all shaped alike:
 *
 *     oai_json *asst = NULL;
 *     int rc = oai_assistants_retrieve(&asst, c, "asst_123", NULL);
 *     if (rc == OAI_OK) { ... oai_json_free(asst); }
 *     else fprintf(stderr, "%s\n", oai_client_last_error(c)->message);
 *
 *   - `out` receives an owned document, freed with oai_json_free(); it is
 *     NULL whenever the call fails.
 *   - Request parameters are a `const oai_json *` object (oai/json.h) that
 *     is sent as the JSON body exactly as given: only what the caller set is
 *     sent. It is only read during the call.
 *   - Arguments are checked before any request: a NULL or empty id gives
 *     OAI_EINVAL with "Expected a non-empty value for `thread_id` but
 *     received ''"; params that are not a JSON object give OAI_EINVAL. Ids
 *     are percent-encoded into the path, so any string is safe to pass.
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
 *   - List calls return one page; their `_list_pager` forms walk every
 *     item across pages (oai/pagination.h).
 *   - Requests go through the client's retry policy; those of the
 *     Assistants API carry `OpenAI-Beta: assistants=v2` (not /files,
 *     /responses, /conversations).
 *   - None of these may be called from inside a callback running on the
 *     same client.
 */
#ifndef OAI_RESOURCES_H
#define OAI_RESOURCES_H

#include "client.h"
#include "json.h"
#include "pagination.h"

#endif /* OAI_RESOURCES_H */
