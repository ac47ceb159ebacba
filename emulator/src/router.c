#include "router.h"

#include <string.h>

#include "handlers.h"

struct route {
    const char *method;
    const char *pattern; /* '*' matches one path segment */
    route_fn fn;
};

static const struct route routes[] = {
    {"POST", "assistants", asst_create},
    {"GET", "assistants", asst_list},
    {"GET", "assistants/*", asst_get},
    {"POST", "assistants/*", asst_update},
    {"DELETE", "assistants/*", asst_delete},
    {"POST", "threads", thread_create},
    {"POST", "threads/runs", run_create_thread_and_run},
    {"GET", "threads/*", thread_get},
    {"POST", "threads/*", thread_update},
    {"DELETE", "threads/*", thread_delete},
    {"POST", "threads/*/messages", msg_create},
    {"GET", "threads/*/messages", msg_list},
    {"GET", "threads/*/messages/*", msg_get},
    {"POST", "threads/*/messages/*", msg_update},
    {"DELETE", "threads/*/messages/*", msg_delete},
    {"POST", "threads/*/runs", run_create},
    {"GET", "threads/*/runs", run_list},
    {"GET", "threads/*/runs/*", run_get},
    {"POST", "threads/*/runs/*", run_update},
    {"POST", "threads/*/runs/*/cancel", run_cancel},
    {"POST", "threads/*/runs/*/submit_tool_outputs", run_submit},
    {"GET", "threads/*/runs/*/steps", step_list},
    {"GET", "threads/*/runs/*/steps/*", step_get},
    {"POST", "files", file_create},
    {"GET", "files", file_list},
    {"GET", "files/*", file_get},
    {"DELETE", "files/*", file_delete},
    {"GET", "files/*/content", file_content},
    {"POST", "vector_stores", vs_create},
    {"GET", "vector_stores", vs_list},
    {"GET", "vector_stores/*", vs_get},
    {"POST", "vector_stores/*", vs_update},
    {"DELETE", "vector_stores/*", vs_delete},
    {"POST", "vector_stores/*/search", vs_search},
    {"POST", "vector_stores/*/files", vsf_create},
    {"GET", "vector_stores/*/files", vsf_list},
    {"GET", "vector_stores/*/files/*", vsf_get},
    {"POST", "vector_stores/*/files/*", vsf_update},
    {"DELETE", "vector_stores/*/files/*", vsf_delete},
    {"GET", "vector_stores/*/files/*/content", vsf_content},
    {"POST", "vector_stores/*/file_batches", vsb_create},
    {"GET", "vector_stores/*/file_batches/*", vsb_get},
    {"POST", "vector_stores/*/file_batches/*/cancel", vsb_cancel},
    {"GET", "vector_stores/*/file_batches/*/files", vsb_files},
    {"POST", "chat/completions", chat_create},
    {"POST", "responses", resp_create},
    {"GET", "responses/*", resp_get},
    {"DELETE", "responses/*", resp_delete},
    {"POST", "responses/*/cancel", resp_cancel},
    {"GET", "responses/*/input_items", resp_input_items},
    {"POST", "conversations", conv_create},
    {"GET", "conversations/*", conv_get},
    {"POST", "conversations/*", conv_update},
    {"DELETE", "conversations/*", conv_delete},
    {"POST", "conversations/*/items", conv_items_create},
    {"GET", "conversations/*/items", conv_items_list},
    {"GET", "conversations/*/items/*", conv_item_get},
    {"DELETE", "conversations/*/items/*", conv_item_delete},
};

static int match(const char *pattern, emu_req *rq)
{
    int i = 0;
    const char *p = pattern;
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (i >= rq->nseg)
            return 0;
        if (!(len == 1 && *p == '*')) {
            if (strlen(rq->seg[i]) != len || strncmp(rq->seg[i], p, len) != 0)
                return 0;
        } else if (!rq->seg[i][0]) {
            return 0;
        }
        i++;
        p += len;
        if (*p == '/')
            p++;
    }
    return i == rq->nseg;
}

void router_dispatch(emu_req *rq, emu_resp *rs)
{
    /* Split in place: path is owned by the request. */
    rq->nseg = 0;
    char *s = rq->path;
    while (*s == '/')
        s++;
    while (*s && rq->nseg < EMU_MAX_SEGS) {
        rq->seg[rq->nseg++] = s;
        char *slash = strchr(s, '/');
        if (!slash)
            break;
        *slash = '\0';
        s = slash + 1;
    }
    int too_deep = *s && rq->nseg == EMU_MAX_SEGS && strchr(s, '/');
    if (!too_deep) {
        for (size_t r = 0; r < sizeof routes / sizeof routes[0]; r++) {
            if (strcmp(routes[r].method, rq->method) == 0 && match(routes[r].pattern, rq)) {
                routes[r].fn(rq, rs);
                return;
            }
        }
    }
    rs->status = 0; /* server.c renders "Invalid URL" with the original path */
}
