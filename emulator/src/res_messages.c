/* /threads/{thread_id}/messages: create, list (run_id filter), retrieve, update, delete. */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "objects.h"
#include "pagination.h"
#include "store.h"
#include "util.h"

static obj *thread_or_404(emu_req *rq, emu_resp *rs)
{
    obj *t = store_get(K_THREAD, rq->seg[1]);
    if (!t)
        resp_not_found(rs, "thread", rq->seg[1]);
    return t;
}

static obj *message_or_404(emu_req *rq, emu_resp *rs)
{
    if (!thread_or_404(rq, rs))
        return NULL;
    obj *m = store_get(K_MESSAGE, rq->seg[3]);
    if (!m || strcmp(m->parent, rq->seg[1]) != 0) {
        resp_not_found(rs, "message", rq->seg[3]);
        return NULL;
    }
    return m;
}

void msg_create(emu_req *rq, emu_resp *rs)
{
    obj *t = thread_or_404(rq, rs);
    if (!t)
        return;
    const char *run_id = NULL;
    if (thread_active_run(t->id, &run_id)) {
        resp_bad(rs, NULL, "Can't add messages to %s while a run %s is active.", t->id, run_id);
        return;
    }
    if (!rq->json) {
        resp_bad(rs, "role", "Missing required parameter: 'role'.");
        return;
    }
    obj *m = message_create(rs, t, rq->json, "");
    if (m)
        resp_json_copy(rs, m->j);
}

void msg_list(emu_req *rq, emu_resp *rs)
{
    if (!thread_or_404(rq, rs))
        return;
    size_t n;
    obj **all = store_list(K_MESSAGE, rq->seg[1], &n);
    const char *run_id = req_query(rq, "run_id");
    if (run_id && *run_id) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            const char *r = json_str(all[i]->j, "run_id");
            if (r && strcmp(r, run_id) == 0)
                all[k++] = all[i];
        }
        n = k;
    }
    page_respond(rs, rq, all, n, NULL);
    free(all);
}

void msg_get(emu_req *rq, emu_resp *rs)
{
    obj *m = message_or_404(rq, rs);
    if (m)
        resp_json_copy(rs, m->j);
}

void msg_update(emu_req *rq, emu_resp *rs)
{
    obj *m = message_or_404(rq, rs);
    if (!m)
        return;
    if (check_metadata(rs, req_field(rq, "metadata"), "metadata") < 0)
        return;
    obj_update_field(m->j, rq->json, "metadata");
    resp_json_copy(rs, m->j);
}

void msg_delete(emu_req *rq, emu_resp *rs)
{
    obj *m = message_or_404(rq, rs);
    if (!m)
        return;
    store_del(m);
    resp_deleted(rs, m->id, "thread.message.deleted");
}
