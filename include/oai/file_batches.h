/** @file
 * oai/file_batches.h - /vector_stores/{vector_store_id}/file_batches:
 * create, retrieve, cancel, list files. Waiting variants
 * (create_and_poll, upload_and_poll) live in oai/poll.h.
 * Conventions: oai/resources.h.
 */
#ifndef OAI_FILE_BATCHES_H
#define OAI_FILE_BATCHES_H

#include "client.h"
#include "json.h"
#include "pagination.h"

#ifdef __cplusplus
extern "C" {
#endif

/** POST /vector_stores/{vector_store_id}/file_batches; `params` (required
 *  object): `file_ids` or `files`, `attributes`, `chunking_strategy`.
 *  @param[out] out the batch. */
OAI_EXTERN int oai_file_batches_create(oai_json **out, oai_client *c,
                                       const char *vector_store_id,
                                       const oai_json *params,
                                       const oai_request_options *opts);

/** GET /vector_stores/{vector_store_id}/file_batches/{batch_id}.
 *  @param[out] out the batch. */
OAI_EXTERN int oai_file_batches_retrieve(oai_json **out, oai_client *c,
                                         const char *vector_store_id,
                                         const char *batch_id,
                                         const oai_request_options *opts);

/** POST /vector_stores/{vector_store_id}/file_batches/{batch_id}/cancel.
 *  @param[out] out the batch. */
OAI_EXTERN int oai_file_batches_cancel(oai_json **out, oai_client *c,
                                       const char *vector_store_id,
                                       const char *batch_id,
                                       const oai_request_options *opts);

/** GET /vector_stores/{vector_store_id}/file_batches/{batch_id}/files: one
 *  page; limit, order, after, before, filter. @param[out] out the page. */
OAI_EXTERN int oai_file_batches_list_files(oai_json **out, oai_client *c,
                                           const char *vector_store_id,
                                           const char *batch_id,
                                           const oai_list_options *list,
                                           const oai_request_options *opts);

/** A pager over a batch's files (first page fetched now).
 *  @param[out] out the pager; oai_pager_free(). */
OAI_EXTERN int oai_file_batches_list_files_pager(
    oai_pager **out, oai_client *c, const char *vector_store_id,
    const char *batch_id, const oai_list_options *list,
    const oai_request_options *opts);

#ifdef __cplusplus
}
#endif
#endif /* OAI_FILE_BATCHES_H */
