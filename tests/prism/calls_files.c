/* Files, vector stores, vector-store files and file batches (REST calls). */
#include <stdio.h>

#include "oai/file_batches.h"
#include "oai/files.h"
#include "oai/vector_store_files.h"
#include "oai/vector_stores.h"
#include "prism_calls.h"

/* Upload names have a type libcurl knows (.txt): the library sends a file
 * part without Content-Type for other names (data.jsonl, say), and Prism
 * 5.16.1's multipart parser crashes on such a part. */
static void files_create(prism_ctx *x)
{
    oai_upload u = OAI_UPLOAD_INIT;
    u.filename = "notes.txt";
    u.data = "hello\n";
    u.len = 6;
    oai_files_create(&x->out, x->c, &u, "assistants", NULL);
}

static void files_create_from_path(prism_ctx *x)
{
    oai_files_create(&x->out, x->c, &(oai_upload)OAI_UPLOAD_PATH(x->upload_path), "assistants", NULL);
}

static void files_create_from_memory(prism_ctx *x)
{
    oai_files_create(&x->out, x->c, &(oai_upload)OAI_UPLOAD_MEMORY("data.txt", "{}\n", 3), "batch", NULL);
}

static void files_retrieve(prism_ctx *x)
{
    oai_files_retrieve(&x->out, x->c, PRISM_FILE, NULL);
}

static void files_list(prism_ctx *x)
{
    oai_list_options l = *prism_list_options();
    l.before = NULL; /* /files pages forward only */
    l.purpose = "assistants";
    oai_files_list(&x->out, x->c, &l, NULL);
}

static void files_list_pager(prism_ctx *x)
{
    oai_files_list_pager(&x->pager, x->c, NULL, NULL);
}

static void files_delete(prism_ctx *x)
{
    oai_files_delete(&x->out, x->c, PRISM_FILE, NULL);
}

static int discard(const void *data, size_t len, void *user_data)
{
    (void)data;
    (void)len;
    (void)user_data;
    return 0;
}

static void files_content(prism_ctx *x)
{
    oai_files_content(x->c, PRISM_FILE, discard, NULL, NULL);
}

static void files_content_to_path(prism_ctx *x)
{
    char path[300];
    snprintf(path, sizeof path, "%s.out", x->upload_path);
    oai_files_content_to_path(x->c, PRISM_FILE, path, NULL);
    remove(path);
}

static void vector_stores_create(prism_ctx *x)
{
    oai_vector_stores_create(
        &x->out, x->c, prism_param(x, "{\"name\":\"docs\",\"file_ids\":[\"" PRISM_FILE "\"]}"),
        NULL);
}

static void vector_stores_retrieve(prism_ctx *x)
{
    oai_vector_stores_retrieve(&x->out, x->c, PRISM_VS, NULL);
}

static void vector_stores_update(prism_ctx *x)
{
    oai_vector_stores_update(&x->out, x->c, PRISM_VS, prism_param(x, "{\"name\":\"renamed\"}"),
                             NULL);
}

static void vector_stores_list(prism_ctx *x)
{
    oai_vector_stores_list(&x->out, x->c, prism_list_options(), NULL);
}

static void vector_stores_list_pager(prism_ctx *x)
{
    oai_vector_stores_list_pager(&x->pager, x->c, prism_list_options(), NULL);
}

static void vector_stores_delete(prism_ctx *x)
{
    oai_vector_stores_delete(&x->out, x->c, PRISM_VS, NULL);
}

static void vector_stores_search(prism_ctx *x)
{
    oai_vector_stores_search(
        &x->out, x->c, PRISM_VS,
        prism_param(x, "{\"query\":\"refund policy\",\"max_num_results\":3}"), NULL);
}

static void vector_store_files_create(prism_ctx *x)
{
    oai_vector_store_files_create(&x->out, x->c, PRISM_VS, PRISM_FILE,
                                  prism_param(x, "{\"attributes\":{\"k\":\"v\"}}"), NULL);
}

static void vector_store_files_retrieve(prism_ctx *x)
{
    oai_vector_store_files_retrieve(&x->out, x->c, PRISM_VS, PRISM_FILE, NULL);
}

static void vector_store_files_update(prism_ctx *x)
{
    oai_vector_store_files_update(&x->out, x->c, PRISM_VS, PRISM_FILE,
                                  prism_param(x, "{\"attributes\":{\"k\":\"w\"}}"), NULL);
}

static void vector_store_files_list(prism_ctx *x)
{
    oai_list_options l = *prism_list_options();
    l.filter = "completed";
    oai_vector_store_files_list(&x->out, x->c, PRISM_VS, &l, NULL);
}

static void vector_store_files_list_pager(prism_ctx *x)
{
    oai_vector_store_files_list_pager(&x->pager, x->c, PRISM_VS, prism_list_options(), NULL);
}

static void vector_store_files_delete(prism_ctx *x)
{
    oai_vector_store_files_delete(&x->out, x->c, PRISM_VS, PRISM_FILE, NULL);
}

static void vector_store_files_content(prism_ctx *x)
{
    oai_vector_store_files_content(&x->out, x->c, PRISM_VS, PRISM_FILE, NULL);
}

static void file_batches_create(prism_ctx *x)
{
    oai_file_batches_create(
        &x->out, x->c, PRISM_VS,
        prism_param(x, "{\"file_ids\":[\"" PRISM_FILE "\",\"file-def456\"]}"), NULL);
}

static void file_batches_retrieve(prism_ctx *x)
{
    oai_file_batches_retrieve(&x->out, x->c, PRISM_VS, PRISM_BATCH, NULL);
}

static void file_batches_cancel(prism_ctx *x)
{
    oai_file_batches_cancel(&x->out, x->c, PRISM_VS, PRISM_BATCH, NULL);
}

static void file_batches_list_files(prism_ctx *x)
{
    oai_list_options l = *prism_list_options();
    l.filter = "in_progress";
    oai_file_batches_list_files(&x->out, x->c, PRISM_VS, PRISM_BATCH, &l, NULL);
}

static void file_batches_list_files_pager(prism_ctx *x)
{
    oai_file_batches_list_files_pager(&x->pager, x->c, PRISM_VS, PRISM_BATCH,
                                      prism_list_options(), NULL);
}

const prism_call prism_calls_files[] = {
    {"oai_files_create", files_create},
    {"oai_files_create (path)", files_create_from_path},
    {"oai_files_create (memory)", files_create_from_memory},
    {"oai_files_retrieve", files_retrieve},
    {"oai_files_list", files_list},
    {"oai_files_list_pager", files_list_pager},
    {"oai_files_delete", files_delete},
    {"oai_files_content", files_content},
    {"oai_files_content_to_path", files_content_to_path},
    {"oai_vector_stores_create", vector_stores_create},
    {"oai_vector_stores_retrieve", vector_stores_retrieve},
    {"oai_vector_stores_update", vector_stores_update},
    {"oai_vector_stores_list", vector_stores_list},
    {"oai_vector_stores_list_pager", vector_stores_list_pager},
    {"oai_vector_stores_delete", vector_stores_delete},
    {"oai_vector_stores_search", vector_stores_search},
    {"oai_vector_store_files_create", vector_store_files_create},
    {"oai_vector_store_files_retrieve", vector_store_files_retrieve},
    {"oai_vector_store_files_update", vector_store_files_update},
    {"oai_vector_store_files_list", vector_store_files_list},
    {"oai_vector_store_files_list_pager", vector_store_files_list_pager},
    {"oai_vector_store_files_delete", vector_store_files_delete},
    {"oai_vector_store_files_content", vector_store_files_content},
    {"oai_file_batches_create", file_batches_create},
    {"oai_file_batches_retrieve", file_batches_retrieve},
    {"oai_file_batches_cancel", file_batches_cancel},
    {"oai_file_batches_list_files", file_batches_list_files},
    {"oai_file_batches_list_files_pager", file_batches_list_files_pager},
    {NULL, NULL},
};
