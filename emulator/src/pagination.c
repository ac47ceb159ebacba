#include "pagination.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int parse_limit(emu_resp *rs, const char *s, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end) {
        resp_error(rs, 400, "invalid_request_error", "limit", "integer_type",
                   "Invalid 'limit': expected an integer, but got '%s' instead.", s);
        return -1;
    }
    if (v < 1) {
        resp_error(rs, 400, "invalid_request_error", "limit", "integer_below_min_value",
                   "Invalid 'limit': integer below minimum value. Expected a value >= 1, but got %ld instead.", v);
        return -1;
    }
    if (v > max) {
        resp_error(rs, 400, "invalid_request_error", "limit", "integer_above_max_value",
                   "Invalid 'limit': integer above maximum value. Expected a value <= %ld, but got %ld instead.", max, v);
        return -1;
    }
    *out = v;
    return 0;
}

int page_respond(emu_resp *rs, const emu_req *rq, obj **items, size_t n, page_view_fn view)
{
    return page_respond_ex(rs, rq, items, n, view, 20, 100);
}

int page_respond_ex(emu_resp *rs, const emu_req *rq, obj **items, size_t n, page_view_fn view, long dflt_limit,
                    long max_limit)
{
    long limit = dflt_limit;
    const char *s = req_query(rq, "limit");
    if (s && parse_limit(rs, s, max_limit, &limit) < 0)
        return -1;
    int desc = 1;
    s = req_query(rq, "order");
    if (s) {
        if (strcmp(s, "asc") == 0)
            desc = 0;
        else if (strcmp(s, "desc") != 0) {
            resp_error(rs, 400, "invalid_request_error", "order", "invalid_value",
                       "Invalid value for 'order': expected one of 'asc' or 'desc', but got '%s'.", s);
            return -1;
        }
    }
    const char *after = req_query(rq, "after");
    const char *before = req_query(rq, "before");
    if (after && !*after)
        after = NULL;
    if (before && !*before)
        before = NULL;

    /* Put the items in the requested order. */
    obj **ord = xmalloc((n + 1) * sizeof *ord);
    for (size_t i = 0; i < n; i++)
        ord[i] = desc ? items[n - 1 - i] : items[i];

    /* Window [lo, hi) of candidates given the cursors. */
    size_t lo = 0, hi = n;
    if (after) {
        size_t i = 0;
        while (i < n && strcmp(ord[i]->id, after) != 0)
            i++;
        lo = i < n ? i + 1 : n;
    }
    if (before) {
        size_t i = 0;
        while (i < n && strcmp(ord[i]->id, before) != 0)
            i++;
        hi = i < n ? i : 0;
    }
    if (hi < lo)
        hi = lo;
    size_t from, to, avail = hi - lo;
    int has_more;
    if (before && !after) {
        /* Page that ends right before the cursor (closest items), kept in list order. */
        to = hi;
        from = avail > (size_t)limit ? hi - (size_t)limit : lo;
        has_more = from > lo;
    } else {
        from = lo;
        to = avail > (size_t)limit ? lo + (size_t)limit : hi;
        has_more = to < hi;
    }

    cJSON *list = cJSON_CreateObject();
    cJSON_AddStringToObject(list, "object", "list");
    cJSON *data = cJSON_AddArrayToObject(list, "data");
    for (size_t i = from; i < to; i++)
        cJSON_AddItemToArray(data, view ? view(ord[i], rq) : json_dup(ord[i]->j));
    if (to > from) {
        cJSON_AddStringToObject(list, "first_id", ord[from]->id);
        cJSON_AddStringToObject(list, "last_id", ord[to - 1]->id);
    } else {
        cJSON_AddNullToObject(list, "first_id");
        cJSON_AddNullToObject(list, "last_id");
    }
    cJSON_AddBoolToObject(list, "has_more", has_more);
    free(ord);
    cJSON_Delete(rs->json);
    rs->json = list;
    rs->status = 200;
    return 0;
}
