/* Internal: pollers made from a helper call (poll/poll_plan.h), and the
 * blocking helpers' way of running one to completion. */
#ifndef OAI_MULTI_POLLER_INT_H
#define OAI_MULTI_POLLER_INT_H

#include "oai/poller.h"
#include "poll/poll_plan.h"

/* A poller for the call `k` (arguments checked, errors on the client as
 * oai/poller.h says). `copy`: keep private copies of the upload sources
 * (the public calls), else borrow them (a blocking helper that outlives
 * its poller). */
int oai__poller_new(oai_poller **out, oai_client *c, const oai__poll_call *k,
                    const oai_poll_options *opts, int copy);

/* The result of a finished poller as a blocking helper returns it: the
 * object is moved to *out (owned: the terminal one on OAI_OK, the last
 * seen on OAI_EPOLLTIMEOUT / OAI_ECANCELLED), the error copied to the
 * client's store. */
int oai__poller_take(oai_json **out, oai_poller *p);

/* The blocking helper of call `k`: its poller run to completion on a
 * private multi of `c`. */
int oai__poll_blocking(oai_json **out, oai_client *c, const oai__poll_call *k,
                       const oai_poll_options *opts);

#endif
