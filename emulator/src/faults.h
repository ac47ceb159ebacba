/* Fault injection: parsed from the X-Emulator-Fault request header or from
 * --fault (all requests). Syntax: key=value pairs separated by ';'. */
#ifndef EMU_FAULTS_H
#define EMU_FAULTS_H

typedef struct fault {
    int active;
    int status;              /* answer with this HTTP status (error body) */
    char retry_after[64];    /* Retry-After header value, verbatim */
    char retry_after_ms[32]; /* retry-after-ms header value, verbatim */
    char should_retry[16];   /* x-should-retry header value, verbatim */
    long count;              /* apply to the first N requests with this spec (0 = always) */
    long stall_ms;           /* delay before the response headers */
    long stall_body_ms;      /* pause once after the first body bytes */
    long linger_ms;          /* streams: keep the body open this long after its last event */
    long cut_after;          /* close the connection after N body bytes (-1 = off) */
    long chunk;              /* write the body in pieces of N bytes (0 = off) */
    long chunk_delay_ms;     /* pause between pieces */
    int keepalive;           /* streams: interleave ": keep-alive" comments and unknown events */
    int malformed;           /* corrupt the body (JSON) or one event's data (streams) */
} fault;

/* Parse spec into *f. Returns 0, or -1 with a reason in *why. */
int fault_parse(fault *f, const char *spec, const char **why);
/* Whether a spec seen for the n-th time (1-based) still applies; counts per spec text. */
int fault_take(const char *spec, const fault *f);
void faults_free(void);

#endif
