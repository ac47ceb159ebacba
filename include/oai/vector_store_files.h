/** @file
 * oai/vector_store_files.h - /vector_stores/{vector_store_id}/files:
 * create (attach a file), retrieve, update, list, delete, content.
 * Waiting variants (create_and_poll, upload_and_poll) live in oai/poll.h.
 * Conventions: oai/resources.h.
 */
#ifndef OAI_VECTOR_STORE_FILES_H
#define OAI_VECTOR_STORE_FILES_H

#include "client.h"
#include "json.h"
#include "pagination.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * POST /vector_stores/{vector_store_id}/files with body `{"file_id": file_id}`
 * plus the members of `params` (NULL, or an object with `attributes`,
 * `chunking_strategy`; a `file_id` member there is rejected with
 * OAI_EINVAL). @param[out] out the vector-store file.
 */
OAI_EXTERN int oai_vector_store_files_create(oai_json **out, oai_client *c,
                                             const char *vector_store_id,
                                             const char *file_id,
                                             const oai_json *params,
                                             const oai_request_options *opts);

/** GET /vector_stores/{vector_store_id}/files/{file_id}.
 *  @param[out] out the vector-store file. */
OAI_EXTERN int oai_vector_store_files_retrieve(oai_json **out, oai_client *c,
                                               const char *vector_store_id,
                                               const char *file_id,
                                               const oai_request_options *opts);

/** POST /vector_stores/{vector_store_id}/files/{file_id} (required object,
 *  `attributes`). @param[out] out the updated vector-store file. */
OAI_EXTERN int oai_vector_store_files_update(oai_json **out, oai_client *c,
                                             const char *vector_store_id,
                                             const char *file_id,
                                             const oai_json *params,
                                             const oai_request_options *opts);

/** GET /vector_stores/{vector_store_id}/files: one page; limit, order,
 *  after, before, filter. @param[out] out the page. */
OAI_EXTERN int oai_vector_store_files_list(oai_json **out, oai_client *c,
                                           const char *vector_store_id,
                                           const oai_list_options *list,
                                           const oai_request_options *opts);

/** A pager over a vector store's files (first page fetched now).
 *  @param[out] out the pager; oai_pager_free(). */
OAI_EXTERN int oai_vector_store_files_list_pager(
    oai_pager **out, oai_client *c, const char *vector_store_id,
    const oai_list_options *list, const oai_request_options *opts);

/** DELETE /vector_stores/{vector_store_id}/files/{file_id} (detaches; the
 *  file itself stays). @param[out] out the deletion status object. */
OAI_EXTERN int oai_vector_store_files_delete(oai_json **out, oai_client *c,
                                             const char *vector_store_id,
                                             const char *file_id,
                                             const oai_request_options *opts);

/** GET /vector_stores/{vector_store_id}/files/{file_id}/content: the parsed
 *  text chunks. @param[out] out the `vector_store.file_content.page`. */
OAI_EXTERN int oai_vector_store_files_content(oai_json **out, oai_client *c,
                                              const char *vector_store_id,
                                              const char *file_id,
                                              const oai_request_options *opts);

#ifdef __cplusplus
}
#endif
#endif /* OAI_VECTOR_STORE_FILES_H */
