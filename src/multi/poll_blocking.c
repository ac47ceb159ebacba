/* The blocking polling helpers (oai/poll.h): the poller of the same call
 * run to completion on a private multi of the client, so the poll loop
 * exists once (multi_poller.c). The multi's wait ends when a request
 * finished, the poller's timer is due, or its cancel token was triggered
 * from another thread (the token wakes the multi). */
#include "multi/multi_int.h"
#include "multi/poller_int.h"

/* The longest single wait. Every event that matters ends a wait at once
 * (a transfer, the poller's timer, a triggered token): this only bounds
 * the cost of a wake-up that went missing. */
#define WAIT_CAP_MS 10000

int oai__poll_blocking(oai_json **out, oai_client *c, const oai__poll_call *k,
                       const oai_poll_options *opts)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    oai_poller *p = NULL;
    oai_multi *m = NULL;
    int rc = oai__poller_new(&p, c, k, opts, 0);
    if (!rc)
        rc = oai__multi_new_private(&m, c);
    if (!rc)
        rc = oai_multi_add_poller(m, p, NULL, NULL);
    int running = !rc;
    while (running) {
        oai_multi_perform(m, &running);
        if (running)
            oai_multi_wait(m, WAIT_CAP_MS);
    }
    if (!rc)
        rc = oai__poller_take(out, p);
    oai_poller_free(p);
    oai_multi_free(m);
    return rc;
}
