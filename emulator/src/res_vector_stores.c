/* /vector_stores: create (with file_ids), list, retrieve, update, delete, search. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "files.h"
#include "handlers.h"
#include "objects.h"
#include "pagination.h"
#include "store.h"
#include "util.h"
#include "vstore.h"

void vs_create(emu_req *rq, emu_resp *rs)
{
    if (check_string_opt(rs, rq->json, "name") < 0 || check_metadata(rs, req_field(rq, "metadata"), "metadata") < 0)
        return;
    const cJSON *ids = req_field(rq, "file_ids");
    if (ids && !cJSON_IsNull(ids) && !cJSON_IsArray(ids)) {
        resp_bad(rs, "file_ids", "Invalid type for 'file_ids': expected an array.");
        return;
    }
    const cJSON *fid;
    cJSON_ArrayForEach(fid, (cJSON_IsArray(ids) ? ids : NULL))
    {
        if (!cJSON_IsString(fid) || !store_get(K_FILE, fid->valuestring)) {
            resp_not_found(rs, "file", cJSON_IsString(fid) ? fid->valuestring : "?");
            return;
        }
    }
    char id[48];
    make_id(id, sizeof id, "vs_", 24);
    long now = now_s();
    cJSON *v = cJSON_CreateObject();
    cJSON_AddStringToObject(v, "id", id);
    cJSON_AddStringToObject(v, "object", "vector_store");
    obj_copy_field(v, rq->json, "name", NULL);
    cJSON_AddStringToObject(v, "status", "completed");
    cJSON_AddNumberToObject(v, "usage_bytes", 0);
    cJSON_AddNumberToObject(v, "created_at", (double)now);
    cJSON_AddNullToObject(v, "file_counts");
    const cJSON *md = req_field(rq, "metadata");
    if (md && !cJSON_IsNull(md))
        cJSON_AddItemToObject(v, "metadata", json_dup(md));
    else
        cJSON_AddObjectToObject(v, "metadata");
    obj_copy_field(v, rq->json, "expires_after", NULL);
    const cJSON *ea = req_field(rq, "expires_after");
    const cJSON *days = cJSON_GetObjectItemCaseSensitive(ea, "days");
    if (cJSON_IsNumber(days))
        cJSON_AddNumberToObject(v, "expires_at", (double)(now + (long)days->valuedouble * 86400));
    else
        cJSON_AddNullToObject(v, "expires_at");
    cJSON_AddNumberToObject(v, "last_active_at", (double)now);
    obj *vs = store_add(K_VSTORE, id, NULL, v);
    cJSON_ArrayForEach(fid, (cJSON_IsArray(ids) ? ids : NULL))
    {
        vsf_add(rs, vs, fid->valuestring, NULL, NULL, req_field(rq, "chunking_strategy"));
    }
    vs_recount(vs);
    resp_json_copy(rs, vs->j);
}

void vs_list(emu_req *rq, emu_resp *rs)
{
    size_t n;
    obj **all = store_list(K_VSTORE, NULL, &n);
    page_respond(rs, rq, all, n, NULL);
    free(all);
}

void vs_get(emu_req *rq, emu_resp *rs)
{
    obj *vs = vs_or_404(rq, rs);
    if (vs)
        resp_json_copy(rs, vs->j);
}

void vs_update(emu_req *rq, emu_resp *rs)
{
    obj *vs = vs_or_404(rq, rs);
    if (!vs)
        return;
    if (check_string_opt(rs, rq->json, "name") < 0 || check_metadata(rs, req_field(rq, "metadata"), "metadata") < 0)
        return;
    obj_update_field(vs->j, rq->json, "name");
    obj_update_field(vs->j, rq->json, "metadata");
    obj_update_field(vs->j, rq->json, "expires_after");
    json_set(vs->j, "last_active_at", cJSON_CreateNumber((double)now_s()));
    resp_json_copy(rs, vs->j);
}

void vs_delete(emu_req *rq, emu_resp *rs)
{
    obj *vs = vs_or_404(rq, rs);
    if (!vs)
        return;
    store_del(vs);
    resp_deleted(rs, vs->id, "vector_store.deleted");
}

/* Case-insensitive substring test. */
static int contains_ci(const char *hay, const char *needle)
{
    size_t nl = strlen(needle);
    if (!nl)
        return 0;
    for (const char *p = hay; *p; p++)
        if (strncasecmp(p, needle, nl) == 0)
            return 1;
    return 0;
}

struct hit {
    obj *vsf;
    double score;
};

static int by_score(const void *a, const void *b)
{
    double d = ((const struct hit *)b)->score - ((const struct hit *)a)->score;
    return d > 0 ? 1 : d < 0 ? -1 : 0;
}

void vs_search(emu_req *rq, emu_resp *rs)
{
    obj *vs = vs_or_404(rq, rs);
    if (!vs)
        return;
    const cJSON *q = req_field(rq, "query");
    if (!q) {
        resp_bad(rs, "query", "Missing required parameter: 'query'.");
        return;
    }
    ebuf query = {0};
    if (cJSON_IsString(q)) {
        ebuf_adds(&query, q->valuestring);
    } else if (cJSON_IsArray(q)) {
        const cJSON *e;
        cJSON_ArrayForEach(e, q)
        {
            if (cJSON_IsString(e)) {
                ebuf_adds(&query, query.len ? " " : "");
                ebuf_adds(&query, e->valuestring);
            }
        }
    } else {
        resp_bad(rs, "query", "Invalid type for 'query': expected a string or an array of strings.");
        return;
    }
    long max = 10;
    const cJSON *mx = req_field(rq, "max_num_results");
    if (mx) {
        if (!cJSON_IsNumber(mx) || mx->valuedouble < 1 || mx->valuedouble > 50) {
            ebuf_free(&query);
            resp_bad(rs, "max_num_results", "Invalid 'max_num_results': expected an integer between 1 and 50.");
            return;
        }
        max = (long)mx->valuedouble;
    }
    /* words of the query */
    char *words = xstrdup(query.p ? query.p : "");
    char *w[64];
    int nw = 0;
    for (char *save = NULL, *t = strtok_r(words, " \t\n,.?!", &save); t && nw < 64;
         t = strtok_r(NULL, " \t\n,.?!", &save))
        w[nw++] = t;
    size_t n;
    obj **v = store_list(K_VSFILE, vs->id, &n);
    struct hit *hits = xcalloc(n + 1, sizeof *hits);
    size_t nh = 0;
    for (size_t i = 0; i < n; i++) {
        const char *st = json_str(v[i]->j, "status");
        obj *file = store_get(K_FILE, v[i]->id);
        if (!st || strcmp(st, "completed") != 0 || !file)
            continue;
        const file_data *fd = files_data(file);
        int m = 0;
        for (int k = 0; k < nw; k++)
            if (contains_ci(fd->data, w[k]))
                m++;
        if (m > 0) {
            hits[nh].vsf = v[i];
            hits[nh].score = (double)m / nw;
            nh++;
        }
    }
    qsort(hits, nh, sizeof *hits, by_score);
    cJSON *page = cJSON_CreateObject();
    cJSON_AddStringToObject(page, "object", "vector_store.search_results.page");
    cJSON_AddStringToObject(page, "search_query", query.p ? query.p : "");
    cJSON *data = cJSON_AddArrayToObject(page, "data");
    for (size_t i = 0; i < nh && (long)i < max; i++) {
        obj *file = store_get(K_FILE, hits[i].vsf->id);
        const file_data *fd = files_data(file);
        cJSON *r = cJSON_CreateObject();
        cJSON_AddStringToObject(r, "file_id", file->id);
        cJSON_AddStringToObject(r, "filename", json_str(file->j, "filename"));
        cJSON_AddNumberToObject(r, "score", hits[i].score);
        cJSON_AddItemToObject(r, "attributes", json_dup(cJSON_GetObjectItemCaseSensitive(hits[i].vsf->j, "attributes")));
        cJSON *c = cJSON_AddArrayToObject(r, "content");
        cJSON *t = cJSON_CreateObject();
        cJSON_AddStringToObject(t, "type", "text");
        size_t k = fd->len < 400 ? fd->len : 400;
        char *snip = xmalloc(k + 1);
        memcpy(snip, fd->data, k);
        snip[k] = '\0';
        for (size_t z = 0; z < k; z++)
            if (!snip[z])
                snip[z] = ' ';
        cJSON_AddStringToObject(t, "text", snip);
        free(snip);
        cJSON_AddItemToArray(c, t);
        cJSON_AddItemToArray(data, r);
    }
    cJSON_AddBoolToObject(page, "has_more", 0);
    cJSON_AddNullToObject(page, "next_page");
    free(hits);
    free(v);
    free(words);
    ebuf_free(&query);
    cJSON_Delete(rs->json);
    rs->json = page;
    rs->status = 200;
}
