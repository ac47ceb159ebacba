/* /files: multipart upload, list (purpose filter), retrieve, delete, content. */
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "handlers.h"
#include "pagination.h"
#include "store.h"
#include "util.h"

static const char *const purposes[] = {"assistants", "assistants_output", "batch", "batch_output", "fine-tune",
                                       "fine-tune-results", "vision", "user_data", "evals"};

obj *files_add(const char *filename, const char *purpose, const char *data, size_t len)
{
    char id[48];
    make_id(id, sizeof id, "file-", 22);
    cJSON *f = cJSON_CreateObject();
    cJSON_AddStringToObject(f, "object", "file");
    cJSON_AddStringToObject(f, "id", id);
    cJSON_AddStringToObject(f, "purpose", purpose);
    cJSON_AddStringToObject(f, "filename", filename);
    cJSON_AddNumberToObject(f, "bytes", (double)len);
    cJSON_AddNumberToObject(f, "created_at", (double)now_s());
    cJSON_AddNullToObject(f, "expires_at");
    cJSON_AddStringToObject(f, "status", "processed");
    cJSON_AddNullToObject(f, "status_details");
    obj *o = store_add(K_FILE, id, NULL, f);
    file_data *fd = xmalloc(sizeof *fd + len + 1);
    fd->len = len;
    if (len)
        memcpy(fd->data, data, len);
    fd->data[len] = '\0';
    o->ext = fd;
    return o;
}

const file_data *files_data(const obj *file)
{
    return file->ext;
}

static void file_not_found(emu_resp *rs, const char *id)
{
    resp_error(rs, 404, "invalid_request_error", "id", NULL, "No such File object: %s", id);
}

void file_create(emu_req *rq, emu_resp *rs)
{
    if (!rq->form) {
        resp_bad(rs, NULL, "Invalid request: the body must be multipart/form-data with 'purpose' and 'file'.");
        return;
    }
    const mp_part *purpose = mp_get(rq->form, "purpose");
    const mp_part *file = mp_get(rq->form, "file");
    if (!purpose) {
        resp_bad(rs, "purpose", "Missing required parameter: 'purpose'.");
        return;
    }
    if (!file || !file->filename) {
        resp_bad(rs, "file", "Missing required parameter: 'file'.");
        return;
    }
    char pv[64];
    size_t pl = purpose->len < sizeof pv - 1 ? purpose->len : sizeof pv - 1;
    memcpy(pv, purpose->data, pl);
    pv[pl] = '\0';
    int ok = 0;
    for (size_t i = 0; i < sizeof purposes / sizeof purposes[0]; i++)
        if (strcmp(pv, purposes[i]) == 0)
            ok = 1;
    if (!ok) {
        resp_bad(rs, "purpose",
                 "'%s' is not one of ['fine-tune', 'assistants', 'batch', 'user_data', 'vision', 'evals'] - 'purpose'",
                 pv);
        return;
    }
    obj *o = files_add(file->filename, pv, file->data, file->len);
    resp_json_copy(rs, o->j);
}

void file_list(emu_req *rq, emu_resp *rs)
{
    size_t n;
    obj **all = store_list(K_FILE, NULL, &n);
    const char *purpose = req_query(rq, "purpose");
    if (purpose && *purpose) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (strcmp(json_str(all[i]->j, "purpose"), purpose) == 0)
                all[k++] = all[i];
        n = k;
    }
    page_respond_ex(rs, rq, all, n, NULL, 10000, 10000);
    free(all);
}

void file_get(emu_req *rq, emu_resp *rs)
{
    obj *o = store_get(K_FILE, rq->seg[1]);
    if (!o) {
        file_not_found(rs, rq->seg[1]);
        return;
    }
    resp_json_copy(rs, o->j);
}

void file_delete(emu_req *rq, emu_resp *rs)
{
    obj *o = store_get(K_FILE, rq->seg[1]);
    if (!o) {
        file_not_found(rs, rq->seg[1]);
        return;
    }
    store_del(o);
    resp_deleted(rs, o->id, "file");
}

void file_content(emu_req *rq, emu_resp *rs)
{
    obj *o = store_get(K_FILE, rq->seg[1]);
    if (!o) {
        file_not_found(rs, rq->seg[1]);
        return;
    }
    const file_data *fd = files_data(o);
    rs->status = 200;
    rs->raw = xmalloc(fd->len + 1);
    memcpy(rs->raw, fd->data, fd->len);
    rs->raw_len = fd->len;
    rs->raw_type = "application/octet-stream";
}
