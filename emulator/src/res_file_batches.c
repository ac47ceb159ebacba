/* /vector_stores/{vs}/file_batches: create, retrieve, cancel, list files. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "handlers.h"
#include "sched.h"
#include "store.h"
#include "util.h"
#include "vstore.h"

int vsf_filter_list(emu_req *rq, emu_resp *rs, obj **all, size_t n);

static obj *batch_or_404(emu_req *rq, emu_resp *rs, obj *vs)
{
    obj *b = store_get(K_BATCH, rq->seg[3]);
    if (!b || strcmp(b->parent, vs->id) != 0) {
        resp_not_found(rs, "vector store file batch", rq->seg[3]);
        return NULL;
    }
    return b;
}

void vsb_create(emu_req *rq, emu_resp *rs)
{
    obj *vs = vs_or_404(rq, rs);
    if (!vs)
        return;
    const cJSON *ids = req_field(rq, "file_ids");
    const cJSON *files = req_field(rq, "files");
    if ((!ids || cJSON_IsNull(ids)) && (!files || cJSON_IsNull(files))) {
        resp_bad(rs, "file_ids", "Missing required parameter: 'file_ids'.");
        return;
    }
    if ((ids && !cJSON_IsNull(ids) && !cJSON_IsArray(ids)) || (files && !cJSON_IsNull(files) && !cJSON_IsArray(files))) {
        resp_bad(rs, ids ? "file_ids" : "files", "Invalid type for '%s': expected an array.", ids ? "file_ids" : "files");
        return;
    }
    if (cJSON_GetArraySize(ids) + cJSON_GetArraySize(files) == 0) {
        resp_bad(rs, "file_ids", "Invalid 'file_ids': empty array. Expected an array with minimum length 1.");
        return;
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, ids)
    {
        if (!cJSON_IsString(e) || !store_get(K_FILE, e->valuestring)) {
            resp_not_found(rs, "file", cJSON_IsString(e) ? e->valuestring : "?");
            return;
        }
    }
    cJSON_ArrayForEach(e, files)
    {
        const char *fid = json_str(e, "file_id");
        if (!fid || !store_get(K_FILE, fid)) {
            resp_not_found(rs, "file", fid ? fid : "?");
            return;
        }
    }
    char id[48];
    make_id(id, sizeof id, "vsfb_", 32);
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "id", id);
    cJSON_AddStringToObject(b, "object", "vector_store.file_batch");
    cJSON_AddNumberToObject(b, "created_at", (double)now_s());
    cJSON_AddStringToObject(b, "status", "in_progress");
    cJSON_AddStringToObject(b, "vector_store_id", vs->id);
    cJSON_AddNullToObject(b, "file_counts");
    obj *batch = store_add(K_BATCH, id, vs->id, b);
    const cJSON *attrs = req_field(rq, "attributes"), *chunk = req_field(rq, "chunking_strategy");
    cJSON_ArrayForEach(e, ids)
    {
        vsf_add(rs, vs, e->valuestring, id, attrs, chunk);
    }
    cJSON_ArrayForEach(e, files)
    {
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(e, "attributes");
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(e, "chunking_strategy");
        vsf_add(rs, vs, json_str(e, "file_id"), id, a ? a : attrs, c ? c : chunk);
    }
    vs_recount(vs);
    batch_recount(batch);
    resp_json_copy(rs, batch->j);
}

void vsb_get(emu_req *rq, emu_resp *rs)
{
    obj *vs = vs_or_404(rq, rs);
    obj *b = vs ? batch_or_404(rq, rs, vs) : NULL;
    if (!b)
        return;
    resp_json_copy(rs, b->j);
    rs->poll_after_ms = g_cfg.poll_after_ms;
}

static void cancel_done(void *arg)
{
    obj *b = arg;
    const char *st = json_str(b->j, "status");
    if (st && strcmp(st, "cancelling") == 0)
        json_set(b->j, "status", cJSON_CreateString("cancelled"));
}

void vsb_cancel(emu_req *rq, emu_resp *rs)
{
    obj *vs = vs_or_404(rq, rs);
    obj *b = vs ? batch_or_404(rq, rs, vs) : NULL;
    if (!b)
        return;
    const char *st = json_str(b->j, "status");
    if (!st || strcmp(st, "in_progress") != 0) {
        resp_bad(rs, NULL, "Cannot cancel a vector store file batch with status '%s'.", st ? st : "unknown");
        return;
    }
    size_t n;
    obj **v = store_list(K_VSFILE, vs->id, &n);
    for (size_t i = 0; i < n; i++) {
        const vsf_ext *e = v[i]->ext;
        const char *fs = json_str(v[i]->j, "status");
        if (e && strcmp(e->batch_id, b->id) == 0 && fs && strcmp(fs, "in_progress") == 0)
            json_set(v[i]->j, "status", cJSON_CreateString("cancelled"));
    }
    free(v);
    json_set(b->j, "status", cJSON_CreateString("cancelling"));
    vs_recount(vs);
    batch_recount(b);
    sched_after(g_cfg.step_ms, cancel_done, b);
    resp_json_copy(rs, b->j);
}

void vsb_files(emu_req *rq, emu_resp *rs)
{
    obj *vs = vs_or_404(rq, rs);
    obj *b = vs ? batch_or_404(rq, rs, vs) : NULL;
    if (!b)
        return;
    size_t n;
    obj **all = store_list(K_VSFILE, vs->id, &n);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const vsf_ext *e = all[i]->ext;
        if (e && strcmp(e->batch_id, b->id) == 0)
            all[k++] = all[i];
    }
    vsf_filter_list(rq, rs, all, k);
    free(all);
}
