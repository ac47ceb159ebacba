/* SSE decoder: the input is fed in pieces whose sizes are derived from its
 * first bytes, and the events must equal those of a one-piece feed: the
 * decoder's result may not depend on how the network split the bytes.
 * Small limits are chosen from the input too, so the OAI_ELIMIT paths run. */
#include "fuzz_util.h"

#include <stdio.h>

typedef struct ev_log {
    char *buf;
    size_t len, cap;
} ev_log;

static void log_add(ev_log *l, const void *p, size_t n)
{
    if (l->len + n + 1 > l->cap) {
        size_t cap = (l->cap ? l->cap * 2 : 256);
        while (cap < l->len + n + 1)
            cap *= 2;
        char *b = realloc(l->buf, cap);
        FZ_CHECK(b != NULL);
        l->buf = b;
        l->cap = cap;
    }
    memcpy(l->buf + l->len, p, n);
    l->len += n;
}

static void log_str(ev_log *l, const char *tag, const char *s, size_t n)
{
    char head[48];
    int h = snprintf(head, sizeof head, "%s%zu:", tag, s ? n : (size_t)-1);
    log_add(l, head, (size_t)h);
    if (s)
        log_add(l, s, n);
}

static void log_event(ev_log *l, const oai_sse_event *ev)
{
    FZ_CHECK(ev->data != NULL);
    FZ_CHECK(ev->data[ev->data_len] == '\0');
    FZ_CHECK(ev->name ? ev->name_len > 0 && ev->name[ev->name_len] == '\0'
                      : ev->name_len == 0);
    log_str(l, "n", ev->name, ev->name_len);
    log_str(l, "d", ev->data, ev->data_len);
    log_str(l, "i", ev->id, ev->id ? strlen(ev->id) : 0);
    char r[32];
    int n = snprintf(r, sizeof r, "r%lld;", ev->retry);
    log_add(l, r, (size_t)n);
}

/* Drain the events available now; returns the code that stopped it. */
static int drain(oai_sse_parser *p, ev_log *l)
{
    const oai_sse_event *ev;
    int rc;
    while ((rc = oai_sse_parser_next(&ev, p)) == OAI_OK)
        log_event(l, ev);
    FZ_CHECK(ev == NULL);
    return rc;
}

static int run(const uint8_t *in, size_t len, const oai_sse_options *o,
               fz_rng *rng, size_t max_piece, ev_log *l)
{
    oai_sse_parser *p = NULL;
    if (oai_sse_parser_new(&p, o) != OAI_OK)
        return OAI_ENOMEM;
    int rc = OAI_EAGAIN;
    size_t off = 0;
    while (off < len) {
        size_t n = len - off;
        if (rng) {
            size_t want = 1 + fz_next(rng) % max_piece;
            if (want < n)
                n = want;
        }
        FZ_CHECK(oai_sse_parser_feed(p, in + off, n) == OAI_OK);
        off += n;
        rc = drain(p, l);
        if (rc != OAI_EAGAIN)
            break;
    }
    if (rc == OAI_EAGAIN) {
        FZ_CHECK(oai_sse_parser_feed_end(p) == OAI_OK);
        rc = drain(p, l);
        FZ_CHECK(rc != OAI_EAGAIN);
    }
    if (rc != OAI_ITEROVER) {
        const oai_error *e = oai_sse_parser_error(p);
        FZ_CHECK(e != NULL && e->code == rc);
        FZ_CHECK(rc == OAI_EPROTOCOL || rc == OAI_ELIMIT);
        /* errors are sticky */
        const oai_sse_event *ev;
        FZ_CHECK(oai_sse_parser_next(&ev, p) == rc);
    }
    oai_sse_parser_free(p);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_rng rng;
    size_t used = fz_seed(&rng, data, size);
    (void)used; /* the seed bytes stay part of the stream */
    oai_sse_options o = OAI_SSE_OPTIONS_INIT;
    if (size && (data[0] & 0x80)) {
        o.max_line_size = 1 + (fz_next(&rng) % 512);
        o.max_event_size = 1 + (fz_next(&rng) % 1024);
    }
    size_t max_piece = 1 + (size ? data[size - 1] % 64 : 1);

    ev_log whole = {0}, split = {0};
    int rc1 = run(data, size, &o, NULL, 0, &whole);
    int rc2 = run(data, size, &o, &rng, max_piece, &split);
    if (rc1 != rc2)
        fprintf(stderr, "one piece: %d, pieces of <= %zu: %d\n", rc1, max_piece, rc2);
    FZ_CHECK(rc1 == rc2);
    FZ_CHECK(whole.len == split.len);
    FZ_CHECK(whole.len == 0 || memcmp(whole.buf, split.buf, whole.len) == 0);
    free(whole.buf);
    free(split.buf);
    return 0;
}
