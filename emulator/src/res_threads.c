/* /threads: create (with messages), retrieve, update, delete. */
#include <string.h>

#include "handlers.h"
#include "objects.h"
#include "store.h"
#include "util.h"

void thread_create(emu_req *rq, emu_resp *rs)
{
    obj *t = thread_create_from(rs, rq->json, "");
    if (t)
        resp_json_copy(rs, t->j);
}

void thread_get(emu_req *rq, emu_resp *rs)
{
    obj *t = store_get(K_THREAD, rq->seg[1]);
    if (!t) {
        resp_not_found(rs, "thread", rq->seg[1]);
        return;
    }
    resp_json_copy(rs, t->j);
}

void thread_update(emu_req *rq, emu_resp *rs)
{
    obj *t = store_get(K_THREAD, rq->seg[1]);
    if (!t) {
        resp_not_found(rs, "thread", rq->seg[1]);
        return;
    }
    if (check_metadata(rs, req_field(rq, "metadata"), "metadata") < 0)
        return;
    obj_update_field(t->j, rq->json, "metadata");
    obj_update_field(t->j, rq->json, "tool_resources");
    resp_json_copy(rs, t->j);
}

void thread_delete(emu_req *rq, emu_resp *rs)
{
    obj *t = store_get(K_THREAD, rq->seg[1]);
    if (!t) {
        resp_not_found(rs, "thread", rq->seg[1]);
        return;
    }
    store_del(t);
    resp_deleted(rs, rq->seg[1], "thread.deleted");
}
