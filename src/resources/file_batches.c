/* /vector_stores/{vector_store_id}/file_batches */
#include "oai/file_batches.h"

#include "resources/rest.h"

#define ONE "/vector_stores/%s/file_batches/%s"

enum { CREATE, RETRIEVE, CANCEL, LIST_FILES };

static const oai__endpoint ep[] = {
    [CREATE] = {"POST", "/vector_stores/%s/file_batches",
                .ids = {"vector_store_id"}, .flags = OAI__REST_PARAMS},
    [RETRIEVE] = {"GET", ONE, .ids = {"vector_store_id", "batch_id"}},
    [CANCEL] = {"POST", ONE "/cancel", .ids = {"vector_store_id", "batch_id"}},
    [LIST_FILES] = {"GET", ONE "/files", .ids = {"vector_store_id", "batch_id"},
                    .list = OAI__LIST_BEFORE | OAI__LIST_FILTER},
};

OAI__REST_ID_BODY(oai_file_batches_create, CREATE, vector_store_id, params)
OAI__REST_ID2(oai_file_batches_retrieve, RETRIEVE, vector_store_id, batch_id)
OAI__REST_ID2(oai_file_batches_cancel, CANCEL, vector_store_id, batch_id)
OAI__REST_LIST_ID2(oai_file_batches_list_files,
                   oai_file_batches_list_files_pager, LIST_FILES,
                   vector_store_id, batch_id)
