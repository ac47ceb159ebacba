/* Timer scheduler: a min-heap of (due time, callback). Everything runs on the
 * single server thread, so a due timer is simply called from the event loop;
 * nothing sleeps, which is what lets one thread pace thousands of streams. */
#ifndef EMU_SCHED_H
#define EMU_SCHED_H

#include <stdint.h>

typedef void (*sched_fn)(void *arg);

/* Call fn(arg) after delay_ms (0 = on the next loop turn). */
void sched_after(int64_t delay_ms, sched_fn fn, void *arg);
/* Milliseconds until the next timer is due: -1 when none, 0 when overdue. */
int64_t sched_next_wait(void);
/* Run every timer that is due now; returns how many ran. */
int sched_run_due(void);
void sched_free(void);

#endif
