#include "http/retry.h"

#include <curl/curl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A float in the whole string (surrounding blanks allowed), like Python's
 * float(): "1.5", " 3 ", "1e3", "inf" parse; "", "3s" do not. */
static int parse_float(const char *s, double *out)
{
    if (!s)
        return 0;
    char *end;
    double v = strtod(s, &end);
    if (end == s)
        return 0;
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end)
        return 0;
    *out = v;
    return 1;
}

int oai__retry_after_parse(double *ms, const char *retry_after_ms,
                           const char *retry_after, time_t now)
{
    double v;
    if (parse_float(retry_after_ms, &v)) {
        *ms = v;
        return 1;
    }
    if (parse_float(retry_after, &v)) {
        *ms = v * 1000.0;
        return 1;
    }
    if (retry_after && *retry_after) {
        time_t t = curl_getdate(retry_after, NULL);
        if (t != (time_t)-1) {
            *ms = difftime(t, now) * 1000.0;
            return 1;
        }
    }
    return 0;
}

int oai__retry_status(int status, const char *x_should_retry)
{
    if (x_should_retry && strcmp(x_should_retry, "true") == 0)
        return 1;
    if (x_should_retry && strcmp(x_should_retry, "false") == 0)
        return 0;
    return status == 408 || status == 409 || status == 429 || status >= 500;
}

double oai__retry_delay_ms(int retries_taken, int have_ra, double ra_ms,
                           double u)
{
    /* NaN fails both comparisons and falls through to the back-off */
    if (have_ra && ra_ms > 0 && ra_ms <= 60000.0)
        return ra_ms;
    int n = retries_taken < 0 ? 0 : retries_taken;
    double base = n >= 4 ? 8.0 : 0.5 * (double)(1 << n);
    if (base > 8.0)
        base = 8.0;
    if (!(u >= 0.0 && u < 1.0))
        u = 0.0;
    return base * (1.0 - 0.25 * u) * 1000.0;
}
