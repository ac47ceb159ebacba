/*
 * Internal: several buffered requests in flight at once on one client's
 * engine, driven from the calling thread (no thread per request). Used by
 * the batch upload helper to keep up to N multipart uploads running.
 *
 *     oai__http_job *j[2];
 *     oai__http_job_start(&j[0], c, &spec0);
 *     oai__http_job_start(&j[1], c, &spec1);
 *     while (!all done)
 *         oai__http_jobs_wait(c, j, 2, 100);   // returns when one finishes
 *     rc = oai__http_job_finish(&resp, &err, j[0]);  // like oai__http_request
 *     oai__http_job_free(j[0]);
 *
 * Each job has the full retry policy of request.h. Jobs must be freed
 * before the client. One thread per client.
 */
#ifndef OAI_HTTP_JOBS_H
#define OAI_HTTP_JOBS_H

#include <stdint.h>

#include "core/error.h"
#include "http/request.h"

typedef struct oai__http_job oai__http_job;

/* Build the request of `spec` (no sink) and attach it to the client's
 * engine; it starts on the next wait. OAI_OK or the spec's error (detail
 * on the client). */
int oai__http_job_start(oai__http_job **out, oai_client *c,
                        const oai__http_spec *spec);

/* Drive the engine until at least one of the n jobs (NULL entries are
 * skipped) is done or `timeout_ms` passed (>= 0). Returns how many of them
 * are done. Never sleeps: it waits in curl_multi_poll. */
size_t oai__http_jobs_wait(oai_client *c, oai__http_job *const *jobs, size_t n,
                           long timeout_ms);

/* 1 once the job has its final result. */
int oai__http_job_done(const oai__http_job *j);

/* Request-body bytes sent so far by the current attempt. */
uint64_t oai__http_job_sent(const oai__http_job *j);

/* The result of a done job, as oai__http_request() gives it: `out` filled
 * when a response arrived (clear it with oai__http_response_clear()), the
 * detail of a failure copied into `err` (not the client's store, so many
 * results can be kept). Returns OAI_OK or the failure's code. */
int oai__http_job_finish(oai__http_response *out, oai__error_store *err,
                         oai__http_job *j);

/* Attach a readiness hook, run when the job finishes (NULL detaches). */
void oai__http_job_set_notify(oai__http_job *j, oai__notify *n);

/* Abort if still running and free. NULL is fine. */
void oai__http_job_free(oai__http_job *j);

#endif
