/* Retry policy of semantics §7.3, as pure functions so tests can check every
 * decision and delay exactly (the engine supplies clock and randomness). */
#ifndef OAI_HTTP_RETRY_H
#define OAI_HTTP_RETRY_H

#include <time.h>

/* Retry-After in milliseconds from the two header values (either may be
 * NULL): `retry-after-ms` as a float; else `retry-after` as float seconds;
 * else `retry-after` as an HTTP date, relative to `now` (may be negative).
 * Returns 1 and sets *ms when one parsed, 0 when none did. */
int oai__retry_after_parse(double *ms, const char *retry_after_ms,
                           const char *retry_after, time_t now);

/* Whether an HTTP error status is retried: `x-should-retry` ("true" /
 * "false", exact; NULL if absent) decides first, then 408, 409, 429, >= 500. */
int oai__retry_status(int status, const char *x_should_retry);

/* Delay before retry number `retries_taken` (0 for the first retry), ms.
 * A parsed Retry-After with 0 < v <= 60 s is used as is; otherwise the
 * back-off min(0.5 * 2^n, 8) s scaled by (1 - 0.25 * u), u in [0,1).
 * `have_ra` says whether ra_ms is meaningful. */
double oai__retry_delay_ms(int retries_taken, int have_ra, double ra_ms,
                           double u);

#endif
