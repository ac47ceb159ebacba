/* trace.c - the canonical trace printer (trace.h), on the public API. */
#include "trace.h"

#include "json_write.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One line: build it as a JSON object so every string is escaped right. */
static oai_json *line(const char *cb)
{
    oai_json *o = NULL;
    if (oai_json_new_object(&o) == OAI_OK)
        oai_json_set_string(o, "cb", cb);
    return o;
}

static void set_str(oai_json *o, const char *key, const char *v)
{
    if (v)
        oai_json_set_string(o, key, v);
    else
        oai_json_set_null(o, key);
}

static void set_count(oai_json *o, const char *key, const oai_json *arr)
{
    if (oai_json_is_array(arr))
        oai_json_set_int(o, key, (int64_t)oai_json_size(arr));
    else
        oai_json_set_null(o, key);
}

/* Compact JSON with numbers printed so they read back exactly (shortest
 * of %.15g..%.17g that round-trips), which cJSON's printer does not do. */
static void put_number(FILE *f, double d)
{
    char buf[40];
    if (!isfinite(d)) {
        fputs("null", f);
        return;
    }
    if (d == floor(d) && fabs(d) < 9007199254740992.0) {
        fprintf(f, "%.0f", d);
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    fputs(buf, f);
}

static void put_json(FILE *f, const oai_json *j)
{
    switch (oai_json_type_of(j)) {
    case OAI_JSON_BOOL:
        fputs(oai_json_bool(j, 0) ? "true" : "false", f);
        break;
    case OAI_JSON_NUMBER:
        put_number(f, oai_json_number(j, 0));
        break;
    case OAI_JSON_STRING:
        json_write_string(f, oai_json_string(j), oai_json_string_len(j));
        break;
    case OAI_JSON_ARRAY:
    case OAI_JSON_OBJECT: {
        int obj = oai_json_is_object(j);
        fputc(obj ? '{' : '[', f);
        for (const oai_json *m = oai_json_first(j); m; m = oai_json_next(m)) {
            if (m != oai_json_first(j))
                fputc(',', f);
            if (obj) {
                json_write_string(f, oai_json_key(m), strlen(oai_json_key(m)));
                fputc(':', f);
            }
            put_json(f, m);
        }
        fputc(obj ? '}' : ']', f);
        break;
    }
    default:
        fputs("null", f);
        break;
    }
}

static void emit(trace_printer *t, oai_json *o)
{
    if (!o) {
        t->write_failed = 1;
        return;
    }
    put_json(t->out, o);
    if (fputc('\n', t->out) == EOF)
        t->write_failed = 1;
    oai_json_free(o);
}

static int on_event(const oai_event *ev, void *ud)
{
    oai_json *o = line("on_event");
    set_str(o, "event", oai_event_name(ev));
    emit(ud, o);
    return 0;
}

static int on_run_step_created(const oai_run_step *st, void *ud)
{
    oai_json *o = line("on_run_step_created");
    set_str(o, "id", oai_run_step_id(st));
    set_str(o, "status", oai_run_step_status(st));
    emit(ud, o);
    return 0;
}

static int on_run_step_delta(const oai_json *delta, const oai_run_step *snap,
                             void *ud)
{
    (void)delta;
    oai_json *o = line("on_run_step_delta");
    set_str(o, "id", oai_run_step_id(snap));
    emit(ud, o);
    return 0;
}

static int on_run_step_done(const oai_run_step *st, void *ud)
{
    oai_json *o = line("on_run_step_done");
    set_str(o, "id", oai_run_step_id(st));
    set_str(o, "status", oai_run_step_status(st));
    emit(ud, o);
    return 0;
}

static int on_tool_call_created(const oai_tool_call *tc, void *ud)
{
    oai_json *o = line("on_tool_call_created");
    set_str(o, "id", oai_tool_call_id(tc));
    set_str(o, "type", oai_tool_call_type(tc));
    emit(ud, o);
    return 0;
}

static int on_tool_call_delta(const oai_json *delta, const oai_tool_call *snap,
                              void *ud)
{
    oai_json *o = line("on_tool_call_delta");
    const oai_json *ix = oai_json_get(delta, "index");
    if (oai_json_is_number(ix))
        oai_json_set_int(o, "index", oai_json_int(ix, 0));
    else
        oai_json_set_null(o, "index");
    set_str(o, "id", oai_tool_call_id(snap));
    set_str(o, "input", oai_tool_call_input(snap));
    emit(ud, o);
    return 0;
}

static int on_tool_call_done(const oai_tool_call *tc, void *ud)
{
    oai_json *o = line("on_tool_call_done");
    set_str(o, "id", oai_tool_call_id(tc));
    set_str(o, "type", oai_tool_call_type(tc));
    set_str(o, "input", oai_tool_call_input(tc));
    const char *type = oai_tool_call_type(tc);
    if (type && strcmp(type, "code_interpreter") == 0)
        set_count(
            o, "outputs",
            oai_json_path(oai_tool_call_json(tc), "code_interpreter.outputs"));
    else
        oai_json_set_null(o, "outputs");
    emit(ud, o);
    return 0;
}

static int message_line(const char *cb, const oai_message *m, int status,
                        void *ud)
{
    oai_json *o = line(cb);
    set_str(o, "id", oai_message_id(m));
    if (status)
        set_str(o, "status", oai_message_status(m));
    emit(ud, o);
    return 0;
}

static int on_message_created(const oai_message *m, void *ud)
{
    return message_line("on_message_created", m, 0, ud);
}
static int on_message_done(const oai_message *m, void *ud)
{
    return message_line("on_message_done", m, 1, ud);
}

static int on_message_delta(const oai_json *delta, const oai_message *snap,
                            void *ud)
{
    (void)delta;
    return message_line("on_message_delta", snap, 0, ud);
}

static int on_text_created(const oai_text *t, void *ud)
{
    oai_json *o = line("on_text_created");
    set_str(o, "value", oai_text_value(t));
    emit(ud, o);
    return 0;
}

static int on_text_delta(const oai_text_delta *d, const oai_text *snap,
                         void *ud)
{
    oai_json *o = line("on_text_delta");
    set_str(o, "value", oai_text_delta_value(d));
    set_str(o, "snapshot", oai_text_value(snap));
    emit(ud, o);
    return 0;
}

static int on_text_done(const oai_text *t, void *ud)
{
    oai_json *o = line("on_text_done");
    set_str(o, "value", oai_text_value(t));
    set_count(o, "annotations", oai_text_annotations(t));
    emit(ud, o);
    return 0;
}

static int on_image_file_done(const oai_json *img, void *ud)
{
    oai_json *o = line("on_image_file_done");
    set_str(o, "file_id", oai_json_string(oai_json_get(img, "file_id")));
    emit(ud, o);
    return 0;
}

static void on_end(void *ud)
{
    emit(ud, line("on_end"));
}

static void on_timeout(void *ud)
{
    emit(ud, line("on_timeout"));
}

static void on_exception(const oai_error *err, void *ud)
{
    oai_json *o = line("on_exception");
    set_str(o, "error", trace_error_kind(err));
    emit(ud, o);
}

const char *trace_error_kind(const oai_error *err)
{
    if (err == NULL || err->code == OAI_OK)
        return NULL;
    switch (err->code) {
    case OAI_ESTREAM:
        return "api_error";
    case OAI_EPROTOCOL:
        return "decode_error";
    case OAI_EACCUMULATE:
        return "accumulate_error";
    case OAI_ELIMIT:
        return "limit";
    case OAI_ETIMEOUT:
        return "timeout";
    case OAI_EUSER:
        return "user_abort";
    case OAI_ENOMEM:
    case OAI_EINVAL:
    case OAI_ECANCELLED:
        return "error"; /* not a failure of the stream's input */
    default:
        return "transport";
    }
}

void trace_printer_attach(oai_assistant_handler *h, trace_printer *t, FILE *out)
{
    t->out = out;
    t->write_failed = 0;
    h->version = OAI_ASSISTANT_HANDLER_VERSION;
    h->user_data = t;
    h->on_event = on_event;
    h->on_run_step_created = on_run_step_created;
    h->on_run_step_delta = on_run_step_delta;
    h->on_run_step_done = on_run_step_done;
    h->on_message_created = on_message_created;
    h->on_message_delta = on_message_delta;
    h->on_message_done = on_message_done;
    h->on_text_created = on_text_created;
    h->on_text_delta = on_text_delta;
    h->on_text_done = on_text_done;
    h->on_image_file_done = on_image_file_done;
    h->on_tool_call_created = on_tool_call_created;
    h->on_tool_call_delta = on_tool_call_delta;
    h->on_tool_call_done = on_tool_call_done;
    h->on_end = on_end;
    h->on_timeout = on_timeout;
    h->on_exception = on_exception;
}

/* A growing text buffer for the text-deltas total. */
typedef struct text_buf {
    char *p;
    size_t len, cap;
} text_buf;

static int text_add(text_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

static void set_copy(oai_json *o, const char *key, const oai_json *v)
{
    if (v)
        oai_json_set(o, key, v);
    else
        oai_json_set_null(o, key);
}

int trace_printer_run(trace_printer *t, oai_stream *s,
                      int (*next_chunk)(void *ctx, oai_stream *s), void *ctx)
{
    text_buf text = {NULL, 0, 0};
    const char *frag;
    size_t n;
    int rc;
    for (;;) {
        rc = oai_stream_next_text(&frag, &n, s);
        if (rc == OAI_OK) {
            if (text_add(&text, frag, n))
                t->write_failed = 1;
            continue;
        }
        if (rc == OAI_EAGAIN && next_chunk && next_chunk(ctx, s))
            continue;
        break;
    }
    int code = rc == OAI_ITEROVER ? OAI_OK : rc;
    const char *kind = code ? trace_error_kind(oai_stream_error(s)) : NULL;

    oai_json *fin = NULL, *o = NULL;
    oai_json_new_object(&o);
    oai_json_new_object(&fin);
    const oai_run *run = NULL;
    set_copy(fin, "run",
             oai_stream_final_run(&run, s) == OAI_OK ? oai_run_json(run)
                                                     : NULL);

    const oai_message *const *msgs;
    if (oai_stream_final_messages(&msgs, &n, s) == OAI_OK) {
        oai_json *arr = NULL;
        oai_json_new_array(&arr);
        for (size_t i = 0; i < n; i++)
            oai_json_append(arr, oai_message_json(msgs[i]));
        oai_json_set(fin, "messages", arr);
        oai_json_free(arr);
    } else {
        oai_json_set_null(fin, "messages");
    }
    const oai_run_step *const *steps;
    if (oai_stream_final_run_steps(&steps, &n, s) == OAI_OK) {
        oai_json *arr = NULL;
        oai_json_new_array(&arr);
        for (size_t i = 0; i < n; i++)
            oai_json_append(arr, oai_run_step_json(steps[i]));
        oai_json_set(fin, "run_steps", arr);
        oai_json_free(arr);
    } else {
        oai_json_set_null(fin, "run_steps");
    }
    oai_json_set_string(fin, "text_deltas", text.p ? text.p : "");
    set_str(fin, "error", kind);
    oai_json_set(o, "final", fin);
    oai_json_free(fin);
    emit(t, o);
    free(text.p);
    return code;
}
