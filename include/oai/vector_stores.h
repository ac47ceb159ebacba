/** @file
 * oai/vector_stores.h - /vector_stores: create, retrieve, update, list,
 * delete, search. Conventions: oai/resources.h.
 */
#ifndef OAI_VECTOR_STORES_H
#define OAI_VECTOR_STORES_H

#include "client.h"
#include "json.h"
#include "pagination.h"

#ifdef __cplusplus
extern "C" {
#endif

/** POST /vector_stores; `params` may be NULL (sent as `{}`) or an object
 *  (`name`, `file_ids`, `expires_after`, ...). @param[out] out the store. */
OAI_EXTERN int oai_vector_stores_create(oai_json **out, oai_client *c,
                                        const oai_json *params,
                                        const oai_request_options *opts);

/** GET /vector_stores/{vector_store_id}. @param[out] out the store. */
OAI_EXTERN int oai_vector_stores_retrieve(oai_json **out, oai_client *c,
                                          const char *vector_store_id,
                                          const oai_request_options *opts);

/** POST /vector_stores/{vector_store_id} (required object).
 *  @param[out] out the updated store. */
OAI_EXTERN int oai_vector_stores_update(oai_json **out, oai_client *c,
                                        const char *vector_store_id,
                                        const oai_json *params,
                                        const oai_request_options *opts);

/** GET /vector_stores: one page; limit, order, after, before.
 *  @param[out] out the page. */
OAI_EXTERN int oai_vector_stores_list(oai_json **out, oai_client *c,
                                      const oai_list_options *list,
                                      const oai_request_options *opts);

/** A pager over every vector store (first page fetched now).
 *  @param[out] out the pager; oai_pager_free(). */
OAI_EXTERN int oai_vector_stores_list_pager(oai_pager **out, oai_client *c,
                                            const oai_list_options *list,
                                            const oai_request_options *opts);

/** DELETE /vector_stores/{vector_store_id}.
 *  @param[out] out `{"id","object":"vector_store.deleted","deleted"}`. */
OAI_EXTERN int oai_vector_stores_delete(oai_json **out, oai_client *c,
                                        const char *vector_store_id,
                                        const oai_request_options *opts);

/** POST /vector_stores/{vector_store_id}/search; `params` (required object):
 *  `query`, `filters`, `max_num_results`, ...
 *  @param[out] out the `vector_store.search_results.page`. */
OAI_EXTERN int oai_vector_stores_search(oai_json **out, oai_client *c,
                                        const char *vector_store_id,
                                        const oai_json *params,
                                        const oai_request_options *opts);

#ifdef __cplusplus
}
#endif
#endif /* OAI_VECTOR_STORES_H */
