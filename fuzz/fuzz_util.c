#include "fuzz_util.h"

#include <stdio.h>

void fz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: invariant failed: %s\n", file, line, what);
    abort();
}

static size_t str_sum(const char *s)
{
    return s ? strlen(s) : 0;
}

size_t fz_walk_json(const oai_json *j)
{
    size_t sum = 0;
    if (!j)
        return 0;
    switch (oai_json_type_of(j)) {
    case OAI_JSON_STRING: {
        const char *s = oai_json_string(j);
        size_t n = oai_json_string_len(j);
        FZ_CHECK(s != NULL);
        FZ_CHECK(s[n] == '\0');
        sum += n;
        break;
    }
    case OAI_JSON_NUMBER:
        sum += (size_t)(oai_json_int(j, 0) & 0xff);
        break;
    case OAI_JSON_OBJECT:
    case OAI_JSON_ARRAY:
        for (const oai_json *c = oai_json_first(j); c; c = oai_json_next(c)) {
            sum += str_sum(oai_json_key(c));
            sum += fz_walk_json(c);
        }
        break;
    default:
        break;
    }
    return sum;
}

size_t fz_walk_run(const oai_run *r)
{
    return str_sum(oai_run_id(r)) + str_sum(oai_run_status(r)) +
           str_sum(oai_run_thread_id(r)) + fz_walk_json(oai_run_json(r));
}

size_t fz_walk_step(const oai_run_step *st)
{
    return str_sum(oai_run_step_id(st)) + str_sum(oai_run_step_status(st)) +
           str_sum(oai_run_step_type(st)) + fz_walk_json(oai_run_step_json(st));
}

size_t fz_walk_message(const oai_message *m)
{
    return str_sum(oai_message_id(m)) + str_sum(oai_message_status(m)) +
           str_sum(oai_message_role(m)) + fz_walk_json(oai_message_json(m));
}

size_t fz_walk_event(const oai_event *ev)
{
    size_t len = 0;
    const char *raw = oai_event_raw(ev, &len);
    size_t sum = str_sum(oai_event_name(ev)) + (size_t)oai_event_type_of(ev);
    if (raw)
        sum += len + (size_t)(unsigned char)raw[len ? len - 1 : 0];
    sum += fz_walk_json(oai_event_json(ev));
    sum += fz_walk_run(oai_event_run(ev));
    sum += fz_walk_step(oai_event_run_step(ev));
    sum += fz_walk_message(oai_event_message(ev));
    return sum;
}

void fz_sse_events(const uint8_t *data, size_t size, fz_rng *rng,
                   void (*on_event)(const oai_sse_event *ev, void *ctx),
                   void *ctx)
{
    oai_sse_parser *p = NULL;
    if (oai_sse_parser_new(&p, NULL) != OAI_OK)
        abort();
    size_t off = 0;
    int rc = OAI_EAGAIN;
    while (rc == OAI_EAGAIN) {
        size_t piece = off < size ? 1 + fz_next(rng) % 97 : 0;
        if (piece > size - off)
            piece = size - off;
        if (piece)
            FZ_CHECK(oai_sse_parser_feed(p, data + off, piece) == OAI_OK);
        else
            FZ_CHECK(oai_sse_parser_feed_end(p) == OAI_OK);
        off += piece;
        const oai_sse_event *ev;
        while ((rc = oai_sse_parser_next(&ev, p)) == OAI_OK)
            on_event(ev, ctx);
    }
    oai_sse_parser_free(p);
}
