#include "vstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "files.h"
#include "sched.h"
#include "util.h"

obj *vs_or_404(emu_req *rq, emu_resp *rs)
{
    obj *vs = store_get(K_VSTORE, rq->seg[1]);
    if (!vs)
        resp_not_found(rs, "vector store", rq->seg[1]);
    return vs;
}

static cJSON *counts_obj(long in_progress, long completed, long failed, long cancelled)
{
    cJSON *c = cJSON_CreateObject();
    cJSON_AddNumberToObject(c, "in_progress", (double)in_progress);
    cJSON_AddNumberToObject(c, "completed", (double)completed);
    cJSON_AddNumberToObject(c, "failed", (double)failed);
    cJSON_AddNumberToObject(c, "cancelled", (double)cancelled);
    cJSON_AddNumberToObject(c, "total", (double)(in_progress + completed + failed + cancelled));
    return c;
}

static void count(obj **v, size_t n, const char *batch, long *c, double *bytes)
{
    memset(c, 0, 4 * sizeof *c);
    *bytes = 0;
    for (size_t i = 0; i < n; i++) {
        const vsf_ext *e = v[i]->ext;
        if (batch && (!e || strcmp(e->batch_id, batch) != 0))
            continue;
        const char *s = json_str(v[i]->j, "status");
        if (!s)
            continue;
        if (strcmp(s, "in_progress") == 0)
            c[0]++;
        else if (strcmp(s, "completed") == 0) {
            c[1]++;
            *bytes += cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(v[i]->j, "usage_bytes"));
        } else if (strcmp(s, "failed") == 0)
            c[2]++;
        else if (strcmp(s, "cancelled") == 0)
            c[3]++;
    }
}

void vs_recount(obj *vs)
{
    size_t n;
    obj **v = store_list(K_VSFILE, vs->id, &n);
    long c[4];
    double bytes;
    count(v, n, NULL, c, &bytes);
    free(v);
    json_set(vs->j, "file_counts", counts_obj(c[0], c[1], c[2], c[3]));
    json_set(vs->j, "status", cJSON_CreateString(c[0] ? "in_progress" : "completed"));
    json_set(vs->j, "usage_bytes", cJSON_CreateNumber(bytes));
}

void batch_recount(obj *batch)
{
    size_t n;
    obj **v = store_list(K_VSFILE, batch->parent, &n);
    long c[4];
    double bytes;
    count(v, n, batch->id, c, &bytes);
    free(v);
    json_set(batch->j, "file_counts", counts_obj(c[0], c[1], c[2], c[3]));
    const char *st = json_str(batch->j, "status");
    if (c[0] == 0 && st && strcmp(st, "in_progress") == 0)
        json_set(batch->j, "status", cJSON_CreateString(c[2] && !c[1] ? "failed" : "completed"));
}

static void processed(void *arg)
{
    obj *f = arg;
    const char *st = json_str(f->j, "status");
    if (!f->deleted && st && strcmp(st, "in_progress") == 0) {
        obj *file = store_get(K_FILE, f->id);
        const file_data *fd = file ? files_data(file) : NULL;
        if (!fd || strstr(fd->data, "#fail")) {
            json_set(f->j, "status", cJSON_CreateString("failed"));
            cJSON *le = cJSON_CreateObject();
            cJSON_AddStringToObject(le, "code", fd ? "invalid_file" : "server_error");
            cJSON_AddStringToObject(le, "message", fd ? "The file could not be parsed (it contains the #fail marker)."
                                                      : "The file was deleted before it could be processed.");
            json_set(f->j, "last_error", le);
        } else {
            json_set(f->j, "status", cJSON_CreateString("completed"));
            json_set(f->j, "usage_bytes", cJSON_CreateNumber((double)fd->len));
        }
    }
    obj *vs = store_get(K_VSTORE, f->parent);
    if (vs)
        vs_recount(vs);
    const vsf_ext *e = f->ext;
    obj *b = e && e->batch_id[0] ? store_get(K_BATCH, e->batch_id) : NULL;
    if (b)
        batch_recount(b);
}

obj *vsf_add(emu_resp *rs, obj *vs, const char *file_id, const char *batch_id, const cJSON *attributes,
             const cJSON *chunking)
{
    if (!store_get(K_FILE, file_id)) {
        resp_not_found(rs, "file", file_id);
        return NULL;
    }
    char key[112];
    snprintf(key, sizeof key, "%s/%s", vs->id, file_id);
    obj *old = store_get(K_VSFILE, key);
    if (old)
        store_del(old); /* re-adding replaces the previous ingestion */
    cJSON *f = cJSON_CreateObject();
    cJSON_AddStringToObject(f, "id", file_id);
    cJSON_AddStringToObject(f, "object", "vector_store.file");
    cJSON_AddNumberToObject(f, "usage_bytes", 0);
    cJSON_AddNumberToObject(f, "created_at", (double)now_s());
    cJSON_AddStringToObject(f, "vector_store_id", vs->id);
    cJSON_AddStringToObject(f, "status", "in_progress");
    cJSON_AddNullToObject(f, "last_error");
    if (chunking && cJSON_IsObject(chunking) && json_str(chunking, "type") &&
        strcmp(json_str(chunking, "type"), "static") == 0)
        cJSON_AddItemToObject(f, "chunking_strategy", json_dup(chunking));
    else
        cJSON_AddItemToObject(f, "chunking_strategy",
                              cJSON_Parse("{\"type\":\"static\",\"static\":{\"max_chunk_size_tokens\":800,"
                                          "\"chunk_overlap_tokens\":400}}"));
    if (attributes && cJSON_IsObject(attributes))
        cJSON_AddItemToObject(f, "attributes", json_dup(attributes));
    else
        cJSON_AddObjectToObject(f, "attributes");
    obj *o = store_add(K_VSFILE, file_id, vs->id, f);
    vsf_ext *e = xcalloc(1, sizeof *e);
    if (batch_id)
        snprintf(e->batch_id, sizeof e->batch_id, "%s", batch_id);
    o->ext = e;
    sched_after(g_cfg.file_process_ms, processed, o);
    return o;
}
