/* /vector_stores/{vs}/files: create, list (filter), retrieve, update attributes, delete. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "files.h"
#include "handlers.h"
#include "objects.h"
#include "pagination.h"
#include "store.h"
#include "util.h"
#include "vstore.h"

static obj *vsf_or_404(emu_req *rq, emu_resp *rs, obj *vs)
{
    char key[112];
    snprintf(key, sizeof key, "%s/%s", vs->id, rq->seg[3]);
    obj *f = store_get(K_VSFILE, key);
    if (!f)
        resp_not_found(rs, "file", rq->seg[3]);
    return f;
}

void vsf_create(emu_req *rq, emu_resp *rs)
{
    obj *vs = vs_or_404(rq, rs);
    if (!vs)
        return;
    const cJSON *fid = req_field(rq, "file_id");
    if (!fid) {
        resp_bad(rs, "file_id", "Missing required parameter: 'file_id'.");
        return;
    }
    if (!cJSON_IsString(fid)) {
        resp_bad(rs, "file_id", "Invalid type for 'file_id': expected a string.");
        return;
    }
    obj *f = vsf_add(rs, vs, fid->valuestring, NULL, req_field(rq, "attributes"), req_field(rq, "chunking_strategy"));
    if (!f)
        return;
    vs_recount(vs);
    resp_json_copy(rs, f->j);
}

/* Shared by the vector-store and batch file lists: optional ?filter=status. */
int vsf_filter_list(emu_req *rq, emu_resp *rs, obj **all, size_t n);
int vsf_filter_list(emu_req *rq, emu_resp *rs, obj **all, size_t n)
{
    const char *filter = req_query(rq, "filter");
    if (filter && *filter) {
        if (strcmp(filter, "in_progress") && strcmp(filter, "completed") && strcmp(filter, "failed") &&
            strcmp(filter, "cancelled")) {
            resp_bad(rs, "filter",
                     "Invalid value: '%s'. Supported values are: 'in_progress', 'completed', 'failed', and "
                     "'cancelled'.",
                     filter);
            return -1;
        }
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (strcmp(json_str(all[i]->j, "status"), filter) == 0)
                all[k++] = all[i];
        n = k;
    }
    return page_respond(rs, rq, all, n, NULL);
}

void vsf_list(emu_req *rq, emu_resp *rs)
{
    obj *vs = vs_or_404(rq, rs);
    if (!vs)
        return;
    size_t n;
    obj **all = store_list(K_VSFILE, vs->id, &n);
    vsf_filter_list(rq, rs, all, n);
    free(all);
}

void vsf_get(emu_req *rq, emu_resp *rs)
{
    obj *vs = vs_or_404(rq, rs);
    obj *f = vs ? vsf_or_404(rq, rs, vs) : NULL;
    if (!f)
        return;
    resp_json_copy(rs, f->j);
    rs->poll_after_ms = g_cfg.poll_after_ms;
}

void vsf_update(emu_req *rq, emu_resp *rs)
{
    obj *vs = vs_or_404(rq, rs);
    obj *f = vs ? vsf_or_404(rq, rs, vs) : NULL;
    if (!f)
        return;
    const cJSON *a = req_field(rq, "attributes");
    if (!a) {
        resp_bad(rs, "attributes", "Missing required parameter: 'attributes'.");
        return;
    }
    if (!cJSON_IsObject(a) && !cJSON_IsNull(a)) {
        resp_bad(rs, "attributes", "Invalid type for 'attributes': expected an object.");
        return;
    }
    obj_update_field(f->j, rq->json, "attributes");
    resp_json_copy(rs, f->j);
}

void vsf_delete(emu_req *rq, emu_resp *rs)
{
    obj *vs = vs_or_404(rq, rs);
    obj *f = vs ? vsf_or_404(rq, rs, vs) : NULL;
    if (!f)
        return;
    store_del(f);
    vs_recount(vs);
    resp_deleted(rs, f->id, "vector_store.file.deleted");
}

/* GET /vector_stores/{vs}/files/{file}/content: the file's text as one
 * parsed chunk (the real service returns the extracted text chunks). */
void vsf_content(emu_req *rq, emu_resp *rs)
{
    obj *vs = vs_or_404(rq, rs);
    obj *f = vs ? vsf_or_404(rq, rs, vs) : NULL;
    if (!f)
        return;
    const obj *file = store_get(K_FILE, rq->seg[3]);
    const file_data *d = file ? files_data(file) : NULL;
    cJSON *page = cJSON_CreateObject();
    cJSON_AddStringToObject(page, "object", "vector_store.file_content.page");
    cJSON *data = cJSON_AddArrayToObject(page, "data");
    if (d && d->len) {
        char *text = malloc(d->len + 1);
        if (text) {
            memcpy(text, d->data, d->len);
            text[d->len] = '\0';
            cJSON *part = cJSON_CreateObject();
            cJSON_AddStringToObject(part, "type", "text");
            cJSON_AddStringToObject(part, "text", text);
            cJSON_AddItemToArray(data, part);
            free(text);
        }
    }
    cJSON_AddBoolToObject(page, "has_more", 0);
    cJSON_AddNullToObject(page, "next_page");
    resp_json_copy(rs, page);
    cJSON_Delete(page);
}
