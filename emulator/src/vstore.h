/* Vector-store bookkeeping shared by vector stores, their files and file
 * batches: asynchronous ingestion and file_counts. */
#ifndef EMU_VSTORE_H
#define EMU_VSTORE_H

#include "http.h"
#include "store.h"

/* obj->ext of K_VSFILE objects */
typedef struct vsf_ext {
    char batch_id[48];
} vsf_ext;

/* Add file_id to vector store vs (in_progress; completes after --file-process-ms).
 * Returns the vs file, or NULL with a 404 in rs when the file does not exist. */
obj *vsf_add(emu_resp *rs, obj *vs, const char *file_id, const char *batch_id, const cJSON *attributes,
             const cJSON *chunking);
/* Recompute file_counts/status/usage of a vector store and of a batch. */
void vs_recount(obj *vs);
void batch_recount(obj *batch);
obj *vs_or_404(emu_req *rq, emu_resp *rs);

#endif
