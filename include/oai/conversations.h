/** @file
 * oai/conversations.h - /conversations: create, retrieve, update, delete,
 * and the items of a conversation (create, list, retrieve, delete). A
 * conversation holds the items of several responses: pass its id as the
 * `conversation` parameter of oai_responses_create() and the response's
 * input and output are appended to it. Conventions: oai/resources.h.
 */
#ifndef OAI_CONVERSATIONS_H
#define OAI_CONVERSATIONS_H

#include "client.h"
#include "json.h"
#include "pagination.h"

#ifdef __cplusplus
extern "C" {
#endif

/** POST /conversations. `params` is NULL (sent as `{}`) or an object with
 *  the optional `items` (initial items, e.g. messages) and `metadata`.
 *  @param[out] out the conversation (`id` "conv_…"). */
OAI_EXTERN int oai_conversations_create(oai_json **out, oai_client *c,
                                        const oai_json *params,
                                        const oai_request_options *opts);

/** GET /conversations/{conversation_id}. @param[out] out the conversation. */
OAI_EXTERN int oai_conversations_retrieve(oai_json **out, oai_client *c,
                                          const char *conversation_id,
                                          const oai_request_options *opts);

/** POST /conversations/{conversation_id} with `params` (required object:
 *  `metadata`). @param[out] out the updated conversation. */
OAI_EXTERN int oai_conversations_update(oai_json **out, oai_client *c,
                                        const char *conversation_id,
                                        const oai_json *params,
                                        const oai_request_options *opts);

/** DELETE /conversations/{conversation_id}.
 *  @param[out] out `{"id", "object": "conversation.deleted", "deleted"}`. */
OAI_EXTERN int oai_conversations_delete(oai_json **out, oai_client *c,
                                        const char *conversation_id,
                                        const oai_request_options *opts);

/**
 * POST /conversations/{conversation_id}/items with body
 * `{"items": <items>}`. `items` is a JSON array of items (anything else →
 * OAI_EINVAL); `include` is NULL or a NULL-terminated list sent as
 * `include[]` query values, only read during the call.
 * @param[out] out a list of the added items.
 */
OAI_EXTERN int oai_conversation_items_create(oai_json **out, oai_client *c,
                                             const char *conversation_id,
                                             const oai_json *items,
                                             const char *const *include,
                                             const oai_request_options *opts);

/** GET /conversations/{conversation_id}/items: one page; limit, order,
 *  after, include. @param[out] out the page. */
OAI_EXTERN int oai_conversation_items_list(oai_json **out, oai_client *c,
                                           const char *conversation_id,
                                           const oai_list_options *list,
                                           const oai_request_options *opts);

/** A pager over a conversation's items (first page fetched now).
 *  @param[out] out the pager; oai_pager_free(). */
OAI_EXTERN int oai_conversation_items_list_pager(
    oai_pager **out, oai_client *c, const char *conversation_id,
    const oai_list_options *list, const oai_request_options *opts);

/** GET /conversations/{conversation_id}/items/{item_id}; `include` as in
 *  oai_conversation_items_create(). @param[out] out the item. */
OAI_EXTERN int oai_conversation_items_retrieve(oai_json **out, oai_client *c,
                                               const char *conversation_id,
                                               const char *item_id,
                                               const char *const *include,
                                               const oai_request_options *opts);

/** DELETE /conversations/{conversation_id}/items/{item_id}.
 *  @param[out] out the conversation the item was removed from. */
OAI_EXTERN int oai_conversation_items_delete(oai_json **out, oai_client *c,
                                             const char *conversation_id,
                                             const char *item_id,
                                             const oai_request_options *opts);

#ifdef __cplusplus
}
#endif
#endif /* OAI_CONVERSATIONS_H */
