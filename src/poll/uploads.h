/* Internal: uploading files for the upload-and-poll helpers, several at a
 * time on the calling thread through the transport's jobs (http/jobs.h). */
#ifndef OAI_POLL_UPLOADS_H
#define OAI_POLL_UPLOADS_H

#include "poll/poll_loop.h"

/* Upload the n files with POST /files (purpose=assistants), at most
 * `max_concurrency` in flight. Every source is checked before the first
 * request. On OAI_OK ids[i] is the id of files[i] (oai__free each). On
 * failure no id is returned (ids all NULL), every upload was finished or
 * aborted first, and the client's error is the one of the lowest input
 * position, its message naming the file. OAI_ECANCELLED /
 * OAI_EPOLLTIMEOUT when cancelled or out of time meanwhile. */
int oai__upload_many(char **ids, oai__poll_ctx *x, const oai_upload *files,
                     size_t n, int max_concurrency);

#endif
