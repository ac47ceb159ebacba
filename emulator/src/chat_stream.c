#include "chat_stream.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "sched.h"
#include "util.h"

/* Deltas sent before the error payload of the error scenario. */
#define ERROR_AFTER_DELTAS 3
/* Unsent bytes above which the producer waits for the client to read. */
#define BACKLOG_BYTES (1 << 20)

typedef struct chat_run {
    chat_plan plan;
    chat_meta meta;
    chat_cursor *cursors;
    int next;     /* the choice whose chunk comes next */
    long deltas;  /* content, refusal and arguments deltas sent */
    char *prefix; /* the chunk's members before "choices" */
    int include_usage, obfuscate;
    sse_stream *s;
    struct chat_run *live_prev, *live_next; /* the runs not finished yet */
} chat_run;

static chat_run *live;

static void run_free(chat_run *r)
{
    if (r->live_prev)
        r->live_prev->live_next = r->live_next;
    else
        live = r->live_next;
    if (r->live_next)
        r->live_next->live_prev = r->live_prev;
    sse_unref(r->s);
    chat_plan_free(&r->plan);
    free(r->meta.model);
    free(r->cursors);
    free(r->prefix);
    free(r);
}

static char *prefix_of(const chat_meta *m)
{
    cJSON *head = cJSON_CreateObject();
    cJSON_AddStringToObject(head, "id", m->id);
    cJSON_AddStringToObject(head, "object", "chat.completion.chunk");
    cJSON_AddNumberToObject(head, "created", (double)m->created);
    cJSON_AddStringToObject(head, "model", m->model);
    cJSON_AddStringToObject(head, "service_tier", "default");
    cJSON_AddStringToObject(head, "system_fingerprint", CHAT_FINGERPRINT);
    char *text = json_print(head);
    cJSON_Delete(head);
    text[strlen(text) - 1] = '\0'; /* drop the closing brace */
    return text;
}

/* One chunk: choice (or the usage chunk's empty choices), then usage and the
 * obfuscation padding where the real ones have them. */
static void send_chunk(chat_run *r, const cJSON *choice, const cJSON *usage)
{
    ebuf b = {0};
    ebuf_adds(&b, r->prefix);
    ebuf_adds(&b, ",\"choices\":[");
    if (choice) {
        char *c = json_print(choice);
        ebuf_adds(&b, c);
        free(c);
    }
    ebuf_adds(&b, "]");
    if (usage) {
        char *u = json_print(usage);
        ebuf_printf(&b, ",\"usage\":%s", u);
        free(u);
    } else if (r->include_usage) {
        ebuf_adds(&b, ",\"usage\":null");
    }
    if (r->obfuscate) {
        char pad[24];
        make_id(pad, sizeof pad, "", 4 + rand() % 12);
        ebuf_printf(&b, ",\"obfuscation\":\"%s\"", pad);
    }
    ebuf_adds(&b, "}");
    sse_data_text(r->s, b.p);
    ebuf_free(&b);
}

static void send_error(chat_run *r)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *e = cJSON_AddObjectToObject(root, "error");
    cJSON_AddStringToObject(e, "message",
                            "The server had an error while processing your "
                            "request. Sorry about that!");
    cJSON_AddStringToObject(e, "type", "server_error");
    cJSON_AddNullToObject(e, "param");
    cJSON_AddStringToObject(e, "code", r->plan.error_code);
    char *text = json_print(root);
    if (r->plan.error_event)
        sse_event_text(r->s, "error", text);
    else
        sse_data_text(r->s, text);
    free(text);
    cJSON_Delete(root);
}

static void finish(chat_run *r)
{
    if (r->include_usage) {
        long completion = 0;
        for (int i = 0; i < r->meta.n; i++)
            completion += r->cursors[i].tokens;
        cJSON *u = chat_usage(r->meta.prompt_tokens, completion);
        send_chunk(r, NULL, u);
        cJSON_Delete(u);
    }
    sse_data_done(r->s);
}

/* The next choice chunk in index order, skipping finished choices. */
static cJSON *next_choice(chat_run *r, int *is_body)
{
    for (int k = 0; k < r->meta.n; k++) {
        chat_cursor *c = &r->cursors[r->next];
        r->next = (r->next + 1) % r->meta.n;
        cJSON *ch = chat_cursor_next(c, is_body);
        if (ch)
            return ch;
    }
    return NULL;
}

static void tick(void *arg)
{
    chat_run *r = arg;
    if (r->s->gone) {
        run_free(r);
        return;
    }
    if (r->s->buf.len - r->s->sent > BACKLOG_BYTES) {
        sched_after(1, tick, r);
        return;
    }
    int is_body;
    cJSON *ch = next_choice(r, &is_body);
    if (!ch) {
        finish(r);
        run_free(r);
        return;
    }
    if (is_body && r->plan.keepalive)
        sse_comment(r->s, "keep-alive");
    send_chunk(r, ch, NULL);
    cJSON_Delete(ch);
    if (is_body && r->plan.error && ++r->deltas == ERROR_AFTER_DELTAS) {
        /* As the API does after a failure mid-stream: an error payload, no
         * [DONE]. */
        send_error(r);
        sse_finish(r->s);
        run_free(r);
        return;
    }
    sched_after(r->plan.delta_ms >= 0 ? r->plan.delta_ms : g_cfg.delta_ms, tick,
                r);
}

void chat_stream_start(sse_stream *s, chat_plan *plan, chat_meta *meta,
                       int include_usage, int obfuscate)
{
    chat_run *r = xcalloc(1, sizeof *r);
    r->plan = *plan;
    memset(plan, 0, sizeof *plan);
    r->meta = *meta;
    meta->model = NULL;
    r->cursors = xcalloc((size_t)r->meta.n, sizeof *r->cursors);
    for (int i = 0; i < r->meta.n; i++)
        chat_cursor_init(&r->cursors[i], &r->plan, i);
    r->prefix = prefix_of(&r->meta);
    r->include_usage = include_usage;
    r->obfuscate = obfuscate;
    sse_ref(s);
    s->data_only = 1;
    r->s = s;
    r->live_next = live;
    if (live)
        live->live_prev = r;
    live = r;
    sched_after(g_cfg.step_ms, tick, r);
}

void chat_stream_free_all(void)
{
    while (live)
        run_free(live);
}
