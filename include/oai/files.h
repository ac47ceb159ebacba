/** @file
 * oai/files.h - /files: upload (multipart), retrieve, list, delete, and
 * content download. No `OpenAI-Beta` header is sent on /files.
 * Conventions (ownership, argument checks, return codes): oai/resources.h.
 */
#ifndef OAI_FILES_H
#define OAI_FILES_H

#include "client.h"
#include "json.h"
#include "pagination.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The current version of oai_upload. */
#define OAI_UPLOAD_VERSION 1
/**
 * Where the bytes of an upload come from: a file on disk (`path`), streamed
 * in small pieces and never read wholly into memory, or a memory buffer
 * (`data`, `len`) when `path` is NULL. `filename` is the name sent in the
 * multipart part; it defaults to the last component of `path` and is
 * required for a memory upload. All pointers are borrowed for the duration
 * of the call that takes the struct.
 */
typedef struct oai_upload {
    unsigned int version; /**< OAI_UPLOAD_VERSION */
    const char *path;     /**< file to stream, or NULL for memory */
    const char *filename; /**< multipart filename; see above */
    const void *data;     /**< memory bytes (NULL allowed when len is 0) */
    size_t len;           /**< memory length */
} oai_upload;
/** Initialiser of oai_upload: the current version, every other field default.
 */
#define OAI_UPLOAD_INIT                                                        \
    {                                                                          \
        OAI_UPLOAD_VERSION, NULL, NULL, NULL, 0                                \
    }
/** Initialiser of an upload streamed from the file at `path`, sent under
 *  its last path component:
 *  `oai_files_create(&f, c, &(oai_upload)OAI_UPLOAD_PATH("a.pdf"), ...)`. */
#define OAI_UPLOAD_PATH(path)                                                  \
    {                                                                          \
        OAI_UPLOAD_VERSION, (path), NULL, NULL, 0                              \
    }
/** Initialiser of an upload of `len` bytes at `data` sent as `filename`. */
#define OAI_UPLOAD_MEMORY(filename, data, len)                                 \
    {                                                                          \
        OAI_UPLOAD_VERSION, NULL, (filename), (data), (len)                    \
    }

/**
 * POST /files as multipart/form-data with fields `purpose` and `file`: the
 * one upload call, for files on disk and memory buffers alike.
 * @param[out] out the file object (`id`, `bytes`, `filename`, ...).
 * @param file    the source (required): OAI_UPLOAD_PATH(), OAI_UPLOAD_MEMORY()
 *                or a filled-in OAI_UPLOAD_INIT.
 * @param purpose e.g. "assistants" (required, non-empty).
 * @return as in oai/resources.h, plus OAI_EFILE when `path` cannot be
 *         opened or read (checked before the request, message names the
 *         path).
 */
OAI_EXTERN int oai_files_create(oai_json **out, oai_client *c,
                                const oai_upload *file, const char *purpose,
                                const oai_request_options *opts);

/** GET /files/{file_id}. @param[out] out the file object. */
OAI_EXTERN int oai_files_retrieve(oai_json **out, oai_client *c,
                                  const char *file_id,
                                  const oai_request_options *opts);

/** GET /files: one page; limit, order, after, purpose (`before` is not
 *  defined for /files → OAI_EINVAL). @param[out] out the page. */
OAI_EXTERN int oai_files_list(oai_json **out, oai_client *c,
                              const oai_list_options *list,
                              const oai_request_options *opts);

/** A pager over every file (first page fetched now).
 *  @param[out] out the pager; oai_pager_free(). */
OAI_EXTERN int oai_files_list_pager(oai_pager **out, oai_client *c,
                                    const oai_list_options *list,
                                    const oai_request_options *opts);

/** DELETE /files/{file_id}. @param[out] out `{"id","object":"file","deleted"}`.
 */
OAI_EXTERN int oai_files_delete(oai_json **out, oai_client *c,
                                const char *file_id,
                                const oai_request_options *opts);

/**
 * Receives downloaded bytes as they arrive. Return 0 to continue, non-zero
 * to stop the download (the call then returns OAI_EUSER). `data` is
 * borrowed for the duration of the call. Must not call into the same
 * client.
 */
typedef int (*oai_write_fn)(const void *data, size_t len, void *user_data);

/**
 * GET /files/{file_id}/content, handing the body to `write` piece by piece
 * without buffering it all. Only a 2xx body reaches `write`; an error
 * status is reported as the usual OAI_E* with its detail.
 * @return as in oai/resources.h, plus OAI_EUSER when `write` stopped.
 */
OAI_EXTERN int oai_files_content(oai_client *c, const char *file_id,
                                 oai_write_fn write, void *user_data,
                                 const oai_request_options *opts);

/**
 * GET /files/{file_id}/content into the file at `path` (created or
 * truncated; on failure it may hold a partial download).
 * @return as in oai/resources.h, plus OAI_EFILE when `path` cannot be
 *         opened or written.
 */
OAI_EXTERN int oai_files_content_to_path(oai_client *c, const char *file_id,
                                         const char *path,
                                         const oai_request_options *opts);

#ifdef __cplusplus
}
#endif
#endif /* OAI_FILES_H */
