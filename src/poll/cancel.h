/* Internal: waiting between polls. The wait is a condition-variable wait
 * that oai_cancel_trigger() interrupts at once, never a sleep. */
#ifndef OAI_POLL_CANCEL_H
#define OAI_POLL_CANCEL_H

#include "oai/poll.h"

/* Wait up to `ms` milliseconds or until `t` is triggered (t may be NULL:
 * a plain bounded wait). Returns 1 if the token is set, else 0. */
int oai__cancel_wait(oai_cancel *t, long ms);

#endif
