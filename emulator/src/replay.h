/* Replay mode (--replay): stream requests are answered with recorded .sse
 * bytes, verbatim, paced event by event with --step-ms. */
#ifndef EMU_REPLAY_H
#define EMU_REPLAY_H

#include "http.h"
#include "sse.h"

int replay_load(const char *path);
int replay_enabled(void);
/* A stream that will carry the next recording (or the one named by the
 * X-Emulator-Replay header). NULL with rs filled (404) when the name is unknown. */
sse_stream *replay_stream(emu_req *rq, emu_resp *rs);
void replay_free(void);

#endif
