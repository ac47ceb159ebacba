/* The SSE decoder of oai/sse.h. Bytes are appended to `in` by feed() and
 * scanned once by next(): each byte is checked for UTF-8 validity and line
 * ends as it is reached, and a line that is cut by the end of the buffered
 * input moves into `line`, so nothing is ever rescanned. */
#include "oai/sse.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/alloc.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "stream/sse_adopt.h"

struct oai_sse_parser {
    size_t max_line, max_event;
    oai__strbuf in;   /* fed bytes; [pos, len) not scanned yet */
    size_t pos;       /* scan position in `in` */
    size_t seg;       /* start in `in` of the line being scanned */
    oai__strbuf line; /* head of a line that began in an earlier chunk */
    oai__strbuf data, name, id;
    /* A first data line read whole from `in` is not copied: the event's
     * data is [lent, lent + lent_len) of `in` until a second data line,
     * a feed (which may move `in`) or the end of `in` copies it to `data`. */
    char *lent;
    size_t lent_len;
    int have_data, have_id;
    long long retry;
    int pending_cr;  /* the last terminator was CR: drop one LF next */
    int first_line;  /* BOM check still to do */
    unsigned u_need; /* UTF-8 continuation bytes still expected */
    unsigned char u_lo, u_hi;
    int eof, dispatched, failed;
    oai_sse_event ev;
    oai__error_store err;
};

/* Replace the content of `b` with s[0..n). */
static int buf_set(oai__strbuf *b, const char *s, size_t n)
{
    b->len = 0;
    return oai__strbuf_add(b, s, n);
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int
fail(oai_sse_parser *p, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    p->failed = oai__error_vset(&p->err, code, fmt, ap);
    va_end(ap);
    return p->failed;
}

static int nomem(oai_sse_parser *p)
{
    p->failed = oai__error_nomem(&p->err);
    return p->failed;
}

#define KEEP_CAP ((size_t)1 << 20)

/* Buffers grown by one huge event are released rather than kept. */
static void trim(oai__strbuf *b)
{
    if (b->cap > KEEP_CAP) {
        oai__free(b->p);
        b->p = NULL;
        b->cap = 0;
    }
    b->len = 0;
}

static void clear_event(oai_sse_parser *p)
{
    p->lent = NULL;
    trim(&p->data);
    p->name.len = 0;
    p->have_data = 0;
    p->retry = -1;
}

/* Copy lent data into `data`, where it stays valid whatever `in` becomes;
 * the event handed out, if any, then points there. */
static int keep_lent(oai_sse_parser *p)
{
    if (!p->lent)
        return OAI_OK;
    int dispatched = p->ev.data == p->lent;
    int rc = buf_set(&p->data, p->lent, p->lent_len);
    if (rc != OAI_OK)
        return rc;
    p->lent = NULL;
    if (dispatched)
        p->ev.data = p->data.p;
    return OAI_OK;
}

int oai_sse_parser_new(oai_sse_parser **out, const oai_sse_options *opts)
{
    int rc;
    oai_sse_parser *p = oai__object_new(
        out, !opts || opts->version == OAI_SSE_OPTIONS_VERSION, sizeof *p, &rc);
    if (!p)
        return rc;
    p->max_line =
        oai__size_or(opts ? opts->max_line_size : 0, OAI_SSE_DEFAULT_MAX_SIZE);
    p->max_event =
        oai__size_or(opts ? opts->max_event_size : 0, OAI_SSE_DEFAULT_MAX_SIZE);
    oai_sse_parser_reset(p);
    *out = p;
    return OAI_OK;
}

void oai_sse_parser_reset(oai_sse_parser *p)
{
    if (!p)
        return;
    p->in.len = p->pos = p->seg = 0;
    p->line.len = p->id.len = 0;
    clear_event(p);
    p->have_id = 0;
    p->pending_cr = 0;
    p->first_line = 1;
    p->u_need = 0;
    p->eof = p->dispatched = p->failed = 0;
    oai__error_clear(&p->err);
}

void oai_sse_parser_free(oai_sse_parser *p)
{
    if (!p)
        return;
    oai__strbuf_free(&p->in);
    oai__strbuf_free(&p->line);
    oai__strbuf_free(&p->data);
    oai__strbuf_free(&p->name);
    oai__strbuf_free(&p->id);
    oai__error_clear(&p->err);
    oai__free(p);
}

const oai_error *oai_sse_parser_error(const oai_sse_parser *p)
{
    return p ? &p->err.pub : NULL;
}

int oai_sse_parser_feed(oai_sse_parser *p, const void *bytes, size_t len)
{
    if (!p || (!bytes && len) || p->eof)
        return OAI_EINVAL;
    if (len == 0)
        return OAI_OK;
    if (keep_lent(p) != OAI_OK)
        return OAI_ENOMEM;
    /* Drop the scanned prefix only when it is at least as large as what is
     * left, so every byte is moved a bounded number of times in total. */
    if (p->pos > 0 && p->pos >= p->in.len - p->pos) {
        size_t keep = p->in.len - p->pos;
        memmove(p->in.p, p->in.p + p->pos, keep);
        p->seg -= p->pos;
        p->in.len = keep;
        p->pos = 0;
    }
    return oai__strbuf_add(&p->in, bytes, len);
}

int oai__sse_parser_adopt(oai_sse_parser *p, oai__strbuf *b)
{
    int rc = OAI_OK;
    if (p->eof)
        rc = OAI_EINVAL;
    else if (p->in.len == 0 && b->len) {
        oai__strbuf_free(&p->in);
        p->in = *b;
        p->pos = p->seg = 0;
        *b = (oai__strbuf){0};
    } else {
        rc = oai_sse_parser_feed(p, b->p, b->len);
    }
    oai__strbuf_free(b);
    return rc;
}

int oai_sse_parser_feed_end(oai_sse_parser *p)
{
    if (!p)
        return OAI_EINVAL;
    p->eof = 1;
    return OAI_OK;
}

static int is_field(const char *s, size_t n, const char *name)
{
    size_t k = strlen(name);
    return n == k && memcmp(s, name, k) == 0;
}

/* Apply one complete line, a part of `in` when in_input. Returns 1 when
 * it dispatches an event. */
static int process_line(oai_sse_parser *p, const char *s, size_t n,
                        int in_input)
{
    if (p->first_line) {
        p->first_line = 0;
        if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3;
            n -= 3;
        }
    }
    if (n == 0) {
        if (p->have_data) {
            p->ev.name = p->name.len ? p->name.p : NULL;
            p->ev.name_len = p->name.len;
            if (p->lent) { /* its terminator, consumed, becomes the NUL */
                p->lent[p->lent_len] = '\0';
                p->ev.data = p->lent;
                p->ev.data_len = p->lent_len;
            } else {
                p->ev.data = p->data.len ? p->data.p : "";
                p->ev.data_len = p->data.len;
            }
            p->ev.id = p->have_id ? (p->id.len ? p->id.p : "") : NULL;
            p->ev.retry = p->retry;
            p->dispatched = 1;
            return 1;
        }
        clear_event(p);
        return 0;
    }
    if (s[0] == ':')
        return 0;
    const char *colon = memchr(s, ':', n);
    size_t flen = colon ? (size_t)(colon - s) : n;
    const char *v = colon ? colon + 1 : s + n;
    size_t vlen = (size_t)(s + n - v);
    if (vlen && v[0] == ' ') {
        v++;
        vlen--;
    }
    int rc = OAI_OK;
    if (is_field(s, flen, "data")) {
        size_t had = p->lent ? p->lent_len : p->data.len;
        size_t need = had + (p->have_data ? 1 : 0) + vlen;
        if (need > p->max_event)
            return fail(p, OAI_ELIMIT, "SSE event data larger than %zu bytes",
                        p->max_event);
        if (!p->have_data && s == p->line.p) {
            /* a long first data line: move it rather than copy it */
            oai__strbuf t = p->data;
            memmove(p->line.p, v, vlen);
            p->line.p[vlen] = '\0';
            p->data = p->line;
            p->data.len = vlen;
            p->line = t;
            p->line.len = 0;
            p->have_data = 1;
            return 0;
        }
        if (!p->have_data && vlen && in_input) {
            p->lent = (char *)v; /* a line of `in`, which is ours */
            p->lent_len = vlen;
            p->have_data = 1;
            return 0;
        }
        rc = keep_lent(p);
        if (rc == OAI_OK && p->have_data)
            rc = oai__strbuf_add(&p->data, "\n", 1);
        if (rc == OAI_OK)
            rc = oai__strbuf_add(&p->data, v, vlen);
        p->have_data = 1;
    } else if (is_field(s, flen, "event")) {
        rc = buf_set(&p->name, v, vlen);
    } else if (is_field(s, flen, "id")) {
        if (!memchr(v, '\0', vlen)) {
            rc = buf_set(&p->id, v, vlen);
            p->have_id = 1;
        }
    } else if (is_field(s, flen, "retry")) {
        long long r = 0;
        size_t i = 0;
        for (; i < vlen && v[i] >= '0' && v[i] <= '9'; i++)
            r = r > (long long)1e15 ? r : r * 10 + (v[i] - '0');
        if (vlen > 0 && i == vlen)
            p->retry = r;
    }
    if (rc != OAI_OK)
        return nomem(p);
    return 0;
}

/* Bytes [seg, end) of `in` belong to a line that is not complete yet. */
static int carry_line(oai_sse_parser *p, size_t end)
{
    size_t n = end - p->seg;
    if (p->line.len + n > p->max_line)
        return fail(p, OAI_ELIMIT, "SSE line longer than %zu bytes",
                    p->max_line);
    if (oai__strbuf_add(&p->line, p->in.p + p->seg, n))
        return nomem(p);
    p->seg = end;
    return OAI_OK;
}

static int utf8_start(oai_sse_parser *p, unsigned char c)
{
    p->u_lo = 0x80;
    p->u_hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        p->u_need = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
        p->u_need = 2;
        if (c == 0xE0)
            p->u_lo = 0xA0;
        else if (c == 0xED)
            p->u_hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        p->u_need = 3;
        if (c == 0xF0)
            p->u_lo = 0x90;
        else if (c == 0xF4)
            p->u_hi = 0x8F;
    } else
        return -1;
    return 0;
}

#define ONES ((uint64_t)0x0101010101010101u)
#define HIGH ((uint64_t)0x8080808080808080u)

/* 1 if any byte of w equals b (classic zero-byte test on w ^ b). */
static inline int has_byte(uint64_t w, unsigned char b)
{
    uint64_t x = w ^ (ONES * b);
    return ((x - ONES) & ~x & HIGH) != 0;
}

/* Past the plain ASCII bytes (no high bit, CR or LF) from in[i], which
 * the byte-at-a-time loop would only step over: 16 at a time where the
 * target has SSE2 (every x86-64 has), then 8, then one. */
static size_t skip_plain(const unsigned char *in, size_t i, size_t end)
{
#ifdef __SSE2__
    const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
    for (; i + 16 <= end; i += 16) {
        __m128i v = _mm_loadu_si128((const void *)(in + i));
        __m128i crlf =
            _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr));
        /* the high bit of a byte: its own, or set where it is CR or LF */
        unsigned stop = (unsigned)_mm_movemask_epi8(_mm_or_si128(v, crlf));
        if (stop)
            return i + (size_t)__builtin_ctz(stop);
    }
#endif
    for (; i + 8 <= end; i += 8) {
        uint64_t w;
        memcpy(&w, in + i, 8);
        if ((w & HIGH) || has_byte(w, '\n') || has_byte(w, '\r'))
            break;
    }
    while (i < end && in[i] < 0x80 && in[i] != '\n' && in[i] != '\r')
        i++;
    return i;
}

static int bad_utf8(oai_sse_parser *p)
{
    return fail(p, OAI_EPROTOCOL, "invalid UTF-8 in the event stream");
}

int oai_sse_parser_next(const oai_sse_event **out, oai_sse_parser *p)
{
    if (out)
        *out = NULL;
    if (!out || !p)
        return OAI_EINVAL;
    if (p->failed)
        return p->failed;
    if (p->dispatched) {
        p->dispatched = 0;
        clear_event(p);
    }
    const unsigned char *in = (const unsigned char *)p->in.p;
    size_t i = p->pos, end = p->in.len;
    while (i < end) {
        unsigned char c = in[i];
        if (p->pending_cr) {
            p->pending_cr = 0;
            if (c == '\n') {
                p->seg = ++i;
                continue;
            }
        }
        /* the line limit is checked at the byte that passes it, so the
         * error (and which error comes first) does not depend on how the
         * input was split into chunks */
        if (c != '\n' && c != '\r' &&
            p->line.len + (i - p->seg) >= p->max_line) {
            p->pos = i;
            return fail(p, OAI_ELIMIT, "SSE line longer than %zu bytes",
                        p->max_line);
        }
        if (p->u_need) {
            if (c < p->u_lo || c > p->u_hi) {
                p->pos = i;
                return bad_utf8(p);
            }
            p->u_need--;
            p->u_lo = 0x80;
            p->u_hi = 0xBF;
            i++;
            continue;
        }
        if (c >= 0x80) {
            if (utf8_start(p, c)) {
                p->pos = i;
                return bad_utf8(p);
            }
            i++;
            continue;
        }
        if (c != '\n' && c != '\r') {
            i = skip_plain(in, i + 1, end);
            continue;
        }
        /* a complete line: in the buffer alone, or continuing `line` */
        const char *s;
        size_t n;
        if (p->line.len) {
            if (carry_line(p, i))
                return p->failed;
            s = p->line.p;
            n = p->line.len;
        } else {
            s = (const char *)in + p->seg;
            n = i - p->seg;
            if (n > p->max_line)
                return fail(p, OAI_ELIMIT, "SSE line longer than %zu bytes",
                            p->max_line);
        }
        p->pending_cr = (c == '\r');
        p->seg = p->pos = ++i;
        int d = process_line(p, s, n, s != p->line.p);
        trim(&p->line);
        if (d < 0)
            return d;
        if (d == 1) {
            *out = &p->ev;
            return OAI_OK;
        }
    }
    p->pos = end;
    if (p->seg < end && carry_line(p, end))
        return p->failed;
    /* everything is consumed: a stream waiting for its next bytes keeps no
     * buffer (thousands of them may wait at once), nor the last event's
     * data unless an event is half read */
    if (keep_lent(p) != OAI_OK)
        return nomem(p);
    p->pos = p->seg = 0;
    oai__strbuf_free(&p->in);
    if (!p->have_data)
        oai__strbuf_free(&p->data);
    if (!p->eof)
        return OAI_EAGAIN;
    if (p->u_need)
        return bad_utf8(p);
    if (p->line.len) {
        /* the final unterminated line; it cannot be blank, so no dispatch */
        int d = process_line(p, p->line.p, p->line.len, 0);
        p->line.len = 0;
        if (d < 0)
            return d;
        clear_event(p);
    }
    return OAI_ITEROVER;
}

int oai__sse_parser_between_events(const oai_sse_parser *p)
{
    return p->pos >= p->in.len && !p->line.len && !p->have_data && !p->name.len;
}

void oai__sse_parser_warm(const oai_sse_parser *p, oai__warm *w)
{
    if (!p)
        return;
    oai__warm_add(w, p, offsetof(oai_sse_parser, err));
    oai__warm_add(w, p->name.p, p->name.len + 1);
}
