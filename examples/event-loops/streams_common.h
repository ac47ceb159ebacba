/*
 * streams_common.h - what the event-loop examples share: an assistant,
 * several create-and-run streams whose hooks collect the text, and the
 * printing of each text when its stream completes. Only the loop differs
 * between libuv_streams.c and libevent_streams.c.
 */
#ifndef EXAMPLES_STREAMS_COMMON_H
#define EXAMPLES_STREAMS_COMMON_H

#include <oai.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_STREAMS 64

/* One stream and the text its hooks collected. */
typedef struct job {
    int id;
    oai_stream *s;
    char *text;
    size_t len;
} job;

static int on_text_delta(const oai_text_delta *d, const oai_text *snapshot,
                         void *user_data)
{
    job *j = user_data;
    const char *v = oai_text_delta_value(d);
    size_t n = v ? strlen(v) : 0;
    (void)snapshot;
    char *t = realloc(j->text, j->len + n + 1);
    if (!t)
        return 1; /* stops this stream: it ends with OAI_EUSER */
    memcpy(t + j->len, v, n);
    j->len += n;
    t[j->len] = '\0';
    j->text = t;
    return 0;
}

/* Completion callback: runs from inside the loop when a stream ended. */
static void on_done(const oai_multi_msg *msg, void *user_data)
{
    job *j = user_data;
    if (msg->result == OAI_OK)
        printf("[%d] %s\n", j->id, j->text ? j->text : "");
    else
        printf("[%d] failed: %s\n", j->id, oai_stream_error(j->s)->message);
    fflush(stdout);
}

/* `s` as the inside of a JSON string (quotes, backslashes and control
 * characters escaped; the rest copied). */
static void json_escape(char *out, size_t cap, const char *s)
{
    size_t o = 0;
    for (; *s && o + 7 < cap; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            o += (size_t)snprintf(out + o, cap - o, "\\%c", ch);
        else if (ch < 0x20)
            o += (size_t)snprintf(out + o, cap - o, "\\u%04x", ch);
        else
            out[o++] = (char)ch;
    }
    out[o] = '\0';
}

/* Create an assistant (a blocking call: the loop is not running yet) and
 * start n streams on the multi; nothing is sent before the loop runs.
 * Returns the assistant's id (finish() frees it) or NULL. */
static char *start_streams(oai_client *c, oai_multi *m, job *jobs, int n,
                           const char *question)
{
    oai_json *p = NULL, *assistant = NULL;
    if (oai_json_parse_cstr(&p, "{\"model\":\"gpt-4o\",\"instructions\":"
                                "\"Answer in one sentence.\"}") != OAI_OK ||
        oai_assistants_create(&assistant, c, p, NULL) != OAI_OK) {
        fprintf(stderr, "assistant: %s\n", oai_client_last_error(c)->message);
        oai_json_free(p);
        return NULL;
    }
    oai_json_free(p);
    const char *id = oai_json_path_string(assistant, "id");
    char *asst = id ? strdup(id) : NULL;
    oai_json_free(assistant);
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    h.on_text_delta = on_text_delta;
    oai_stream_options so = OAI_STREAM_OPTIONS_INIT;
    so.handler = &h;
    for (int i = 0; i < n && asst; i++) {
        char q[512], body[1024];
        snprintf(body, sizeof body, "(%d) %s", i + 1, question);
        json_escape(q, sizeof q, body);
        snprintf(body, sizeof body,
                 "{\"assistant_id\":\"%s\",\"thread\":{\"messages\":[{"
                 "\"role\":\"user\",\"content\":\"%s\"}]}}",
                 asst, q);
        jobs[i].id = i + 1;
        h.user_data = &jobs[i]; /* the handler is copied by the call */
        p = NULL;
        if (oai_json_parse_cstr(&p, body) != OAI_OK ||
            oai_threads_create_and_run_stream(&jobs[i].s, c, p, &so, NULL) !=
                OAI_OK ||
            oai_multi_add_stream(m, jobs[i].s, on_done, &jobs[i]) != OAI_OK) {
            fprintf(stderr, "stream %d: %s\n", i + 1,
                    oai_client_last_error(c)->message);
        }
        oai_json_free(p);
    }
    return asst;
}

/* Free the streams and their texts, then delete the assistant (a
 * blocking call works on a client with a multi). Call before freeing the
 * multi. */
static void finish(oai_client *c, job *jobs, int n, char *asst)
{
    for (int i = 0; i < n; i++) {
        oai_stream_free(jobs[i].s);
        free(jobs[i].text);
    }
    if (asst) {
        oai_json *deleted = NULL;
        oai_assistants_delete(&deleted, c, asst, NULL);
        oai_json_free(deleted);
        free(asst);
    }
}

/* argv: [N] ["question"] */
static int parse_args(int argc, char **argv, const char **question)
{
    int n = argc > 1 ? atoi(argv[1]) : 3;
    *question = argc > 2 ? argv[2] : "Say hello to an event loop.";
    return n < 1 ? 1 : (n > MAX_STREAMS ? MAX_STREAMS : n);
}

#endif
