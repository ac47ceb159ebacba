/* Cursor pagination shared by every list endpoint: limit (1..100, default 20),
 * order (asc|desc, default desc), after / before (object ids). */
#ifndef EMU_PAGINATION_H
#define EMU_PAGINATION_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "http.h"
#include "store.h"

/* Optional per-object transform (e.g. strip fields); returns a new tree. */
typedef cJSON *(*page_view_fn)(const obj *o, const emu_req *rq);

/* items: live objects in creation order. Fills rs with the list object or a 400.
 * Returns 0 on success, -1 when rs holds an error. */
int page_respond(emu_resp *rs, const emu_req *rq, obj **items, size_t n, page_view_fn view);
/* Same with another default and maximum limit (GET /files allows 10000). */
int page_respond_ex(emu_resp *rs, const emu_req *rq, obj **items, size_t n, page_view_fn view, long dflt_limit,
                    long max_limit);

#endif
