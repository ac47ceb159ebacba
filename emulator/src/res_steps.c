/* /threads/{thread_id}/runs/{run_id}/steps: list and retrieve, with include[]. */
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "handlers.h"
#include "pagination.h"
#include "run_engine.h"
#include "store.h"
#include "util.h"

#define FS_CONTENT_INCLUDE "step_details.tool_calls[*].file_search.results[*].content"

struct inc_check {
    const char *bad;
};

static enum MHD_Result inc_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    struct inc_check *c = cls;
    (void)kind;
    if (key && strcmp(key, "include[]") == 0 && (!value || strcmp(value, FS_CONTENT_INCLUDE) != 0) && !c->bad)
        c->bad = value ? value : "";
    return MHD_YES;
}

/* Only one include value exists for run steps; anything else is a 400 as in the API. */
static int check_include(emu_req *rq, emu_resp *rs)
{
    struct inc_check c = {NULL};
    MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, inc_iter, &c);
    if (c.bad) {
        resp_bad(rs, "include", "Invalid value: '%s'. Supported values are: '%s'.", c.bad, FS_CONTENT_INCLUDE);
        return -1;
    }
    return 0;
}

static cJSON *view(const obj *o, const emu_req *rq)
{
    return step_view(o->j, req_query_has(rq, "include[]", FS_CONTENT_INCLUDE));
}

static obj *run_or_404(emu_req *rq, emu_resp *rs)
{
    if (!store_get(K_THREAD, rq->seg[1])) {
        resp_not_found(rs, "thread", rq->seg[1]);
        return NULL;
    }
    obj *r = store_get(K_RUN, rq->seg[3]);
    if (!r || strcmp(r->parent, rq->seg[1]) != 0) {
        resp_not_found(rs, "run", rq->seg[3]);
        return NULL;
    }
    return r;
}

void step_list(emu_req *rq, emu_resp *rs)
{
    obj *r = run_or_404(rq, rs);
    if (!r || check_include(rq, rs) < 0)
        return;
    size_t n;
    obj **all = store_list(K_STEP, r->id, &n);
    page_respond(rs, rq, all, n, view);
    free(all);
}

void step_get(emu_req *rq, emu_resp *rs)
{
    obj *r = run_or_404(rq, rs);
    if (!r || check_include(rq, rs) < 0)
        return;
    obj *s = store_get(K_STEP, rq->seg[5]);
    if (!s || strcmp(s->parent, r->id) != 0) {
        resp_not_found(rs, "run step", rq->seg[5]);
        return;
    }
    cJSON_Delete(rs->json);
    rs->json = view(s, rq);
    rs->status = 200;
}
