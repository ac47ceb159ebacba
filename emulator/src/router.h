/* Maps METHOD + path (below /v1) to a handler. */
#ifndef EMU_ROUTER_H
#define EMU_ROUTER_H

#include "http.h"

/* Split rq->path into rq->seg and call the matching handler; fills rs with a
 * 404 "Invalid URL" error when nothing matches. */
void router_dispatch(emu_req *rq, emu_resp *rs);

#endif
