/* Internal: the upload stage of the upload-and-poll pollers - a window of
 * at most N multipart uploads (POST /files, purpose=assistants) as jobs of
 * the client's engine. It never waits: the poller steps it whenever one
 * of its jobs finished (readiness hook) or its progress period passed.
 * Results are kept per input position, so the outcome does not depend on
 * the completion order. */
#ifndef OAI_POLL_UPLOADS_H
#define OAI_POLL_UPLOADS_H

#include <stddef.h>

#include "core/error.h"
#include "core/notify.h"
#include "oai/poll.h"

/* How often a running upload stage reports bytes sent (ms). */
#define OAI__UPLOAD_REPORT_MS 50

typedef struct oai__upload_slot oai__upload_slot;

typedef struct oai__uploads {
    oai__upload_slot *slots;
    size_t n, next, running;
    size_t max; /* uploads in flight at most */
    char **ids; /* ids[i]: the file id of files[i], once all succeeded */
} oai__uploads;

/* Check every source of files[0..n) (before anything is sent) and prepare
 * the window (max_concurrency <= 0: 5). `copy`: keep private copies of
 * the sources' paths, names and bytes (else they are borrowed until
 * oai__uploads_clear()). OAI_OK; OAI_EINVAL, OAI_EFILE (message naming
 * files[i]) or OAI_ENOMEM on the client. `u` is always clearable. */
int oai__uploads_init(oai__uploads *u, oai_client *c, const oai_upload *files,
                      size_t n, int max_concurrency, int copy);

/* Collect finished uploads, report progress, start uploads up to the
 * window (their readiness hook is `hook`, `o->request` goes with them).
 * OAI_EAGAIN while uploads remain; OAI_OK once all succeeded (u->ids
 * filled); else the error on `err`: the progress callback's OAI_ECANCELLED
 * at once, or, once every upload finished, the error of the lowest failed
 * input position, its message naming the file. */
int oai__uploads_step(oai__uploads *u, oai_client *c, oai__notify *hook,
                      const oai_poll_options *o, oai__error_store *err);

/* Abort whatever still runs and free everything (ids included). */
void oai__uploads_clear(oai__uploads *u);

#endif
