/* /assistants: create, list, retrieve, update, delete. */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "objects.h"
#include "pagination.h"
#include "store.h"
#include "util.h"

static int validate(emu_req *rq, emu_resp *rs, int creating)
{
    const cJSON *model = req_field(rq, "model");
    if (creating && !model) {
        resp_bad(rs, "model", "Missing required parameter: 'model'.");
        return -1;
    }
    if (model && !cJSON_IsString(model)) {
        resp_bad(rs, "model", "Invalid type for 'model': expected a string.");
        return -1;
    }
    if (check_string_opt(rs, rq->json, "name") < 0 || check_string_opt(rs, rq->json, "description") < 0 ||
        check_string_opt(rs, rq->json, "instructions") < 0)
        return -1;
    if (check_tools(rs, req_field(rq, "tools"), "tools") < 0)
        return -1;
    if (check_metadata(rs, req_field(rq, "metadata"), "metadata") < 0)
        return -1;
    const cJSON *t = req_field(rq, "temperature");
    if (t && !cJSON_IsNull(t) && (!cJSON_IsNumber(t) || t->valuedouble < 0 || t->valuedouble > 2)) {
        resp_bad(rs, "temperature", "Invalid 'temperature': expected a number between 0 and 2.");
        return -1;
    }
    t = req_field(rq, "top_p");
    if (t && !cJSON_IsNull(t) && (!cJSON_IsNumber(t) || t->valuedouble < 0 || t->valuedouble > 1)) {
        resp_bad(rs, "top_p", "Invalid 'top_p': expected a number between 0 and 1.");
        return -1;
    }
    return 0;
}

void asst_create(emu_req *rq, emu_resp *rs)
{
    if (validate(rq, rs, 1) < 0)
        return;
    char id[48];
    make_id(id, sizeof id, "asst_", 24);
    cJSON *a = cJSON_CreateObject();
    cJSON *one = cJSON_CreateNumber(1.0), *empty_arr = cJSON_CreateArray(), *empty_obj = cJSON_CreateObject(),
          *auto_s = cJSON_CreateString("auto");
    cJSON_AddStringToObject(a, "id", id);
    cJSON_AddStringToObject(a, "object", "assistant");
    cJSON_AddNumberToObject(a, "created_at", (double)now_s());
    obj_copy_field(a, rq->json, "name", NULL);
    obj_copy_field(a, rq->json, "description", NULL);
    obj_copy_field(a, rq->json, "model", NULL);
    obj_copy_field(a, rq->json, "instructions", NULL);
    obj_copy_field(a, rq->json, "tools", empty_arr);
    obj_copy_field(a, rq->json, "top_p", one);
    obj_copy_field(a, rq->json, "temperature", one);
    obj_copy_field(a, rq->json, "reasoning_effort", NULL);
    obj_copy_field(a, rq->json, "tool_resources", empty_obj);
    obj_copy_field(a, rq->json, "metadata", empty_obj);
    obj_copy_field(a, rq->json, "response_format", auto_s);
    /* null in the request means "default" for these */
    const char *defaults[] = {"tools", "tool_resources", "metadata", "top_p", "temperature", "response_format"};
    cJSON *dv[] = {empty_arr, empty_obj, empty_obj, one, one, auto_s};
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
        if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(a, defaults[i])))
            json_set(a, defaults[i], json_dup(dv[i]));
    cJSON_Delete(one);
    cJSON_Delete(empty_arr);
    cJSON_Delete(empty_obj);
    cJSON_Delete(auto_s);
    obj *o = store_add(K_ASSISTANT, id, NULL, a);
    resp_json_copy(rs, o->j);
}

void asst_list(emu_req *rq, emu_resp *rs)
{
    size_t n;
    obj **all = store_list(K_ASSISTANT, NULL, &n);
    page_respond(rs, rq, all, n, NULL);
    free(all);
}

void asst_get(emu_req *rq, emu_resp *rs)
{
    obj *o = store_get(K_ASSISTANT, rq->seg[1]);
    if (!o) {
        resp_not_found(rs, "assistant", rq->seg[1]);
        return;
    }
    resp_json_copy(rs, o->j);
}

void asst_update(emu_req *rq, emu_resp *rs)
{
    obj *o = store_get(K_ASSISTANT, rq->seg[1]);
    if (!o) {
        resp_not_found(rs, "assistant", rq->seg[1]);
        return;
    }
    if (validate(rq, rs, 0) < 0)
        return;
    const char *keys[] = {"name", "description", "model", "instructions", "tools", "top_p", "temperature",
                          "reasoning_effort", "tool_resources", "metadata", "response_format"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        obj_update_field(o->j, rq->json, keys[i]);
    resp_json_copy(rs, o->j);
}

void asst_delete(emu_req *rq, emu_resp *rs)
{
    obj *o = store_get(K_ASSISTANT, rq->seg[1]);
    if (!o) {
        resp_not_found(rs, "assistant", rq->seg[1]);
        return;
    }
    store_del(o);
    resp_deleted(rs, rq->seg[1], "assistant.deleted");
}
