/* The --replay check shared by the stream tests of each API. */
#ifndef EMU_REPLAY_CHECK_H
#define EMU_REPLAY_CHECK_H

#include "emu_harness.h"

/* Start q with --replay recording (a corpus file), POST body to path and
 * check that the answer is the recording's bytes. The caller stops q. */
void emu_check_replay(emu_proc *q, const char *recording, const char *path,
                      const char *body);

#endif
