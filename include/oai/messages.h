/** @file
 * oai/messages.h - /threads/{thread_id}/messages: create, retrieve, update,
 * list, delete. Conventions: oai/resources.h.
 */
#ifndef OAI_MESSAGES_H
#define OAI_MESSAGES_H

#include "client.h"
#include "json.h"
#include "pagination.h"

#ifdef __cplusplus
extern "C" {
#endif

/** POST /threads/{thread_id}/messages; `params` (required object): `role`,
 *  `content`, `attachments`, `metadata`. @param[out] out the message. */
OAI_EXTERN int oai_messages_create(oai_json **out, oai_client *c,
                                   const char *thread_id,
                                   const oai_json *params,
                                   const oai_request_options *opts);

/** GET /threads/{thread_id}/messages/{message_id}. @param[out] out the message.
 */
OAI_EXTERN int oai_messages_retrieve(oai_json **out, oai_client *c,
                                     const char *thread_id,
                                     const char *message_id,
                                     const oai_request_options *opts);

/** POST /threads/{thread_id}/messages/{message_id} (required object, e.g.
 *  `metadata`). @param[out] out the updated message. */
OAI_EXTERN int oai_messages_update(oai_json **out, oai_client *c,
                                   const char *thread_id,
                                   const char *message_id,
                                   const oai_json *params,
                                   const oai_request_options *opts);

/** GET /threads/{thread_id}/messages: one page; `list` may be NULL and
 *  accepts limit, order, after, before, run_id. @param[out] out the page. */
OAI_EXTERN int oai_messages_list(oai_json **out, oai_client *c,
                                 const char *thread_id,
                                 const oai_list_options *list,
                                 const oai_request_options *opts);

/** A pager over a thread's messages (first page fetched now).
 *  @param[out] out the pager; oai_pager_free(). */
OAI_EXTERN int oai_messages_list_pager(oai_pager **out, oai_client *c,
                                       const char *thread_id,
                                       const oai_list_options *list,
                                       const oai_request_options *opts);

/** DELETE /threads/{thread_id}/messages/{message_id}.
 *  @param[out] out `{"id","object":"thread.message.deleted","deleted"}`. */
OAI_EXTERN int oai_messages_delete(oai_json **out, oai_client *c,
                                   const char *thread_id,
                                   const char *message_id,
                                   const oai_request_options *opts);

#ifdef __cplusplus
}
#endif
#endif /* OAI_MESSAGES_H */
