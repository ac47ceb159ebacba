#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "config.h"
#include "http.h"
#include "reqlog.h"
#include "router.h"
#include "sched.h"
#include "sse.h"
#include "util.h"

static struct MHD_Daemon *daemon_;

struct conn_ctx {
    char *uri; /* as sent, with the query string */
    ebuf body;
    int started;
    int stage; /* 0: fresh, 1: stalled before headers, 2: ready */
    int too_big;
    int has_fault;
    fault f;
    const char *fault_spec;
    struct MHD_Connection *conn;
    struct conn_ctx *prev_stall, *next_stall;
};

static struct conn_ctx *stalled_head;

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *con)
{
    (void)cls;
    struct conn_ctx *c = xcalloc(1, sizeof *c);
    c->uri = xstrdup(uri ? uri : "");
    c->conn = con;
    return c;
}

static void stall_unlink(struct conn_ctx *c)
{
    if (c->prev_stall)
        c->prev_stall->next_stall = c->next_stall;
    else if (stalled_head == c)
        stalled_head = c->next_stall;
    if (c->next_stall)
        c->next_stall->prev_stall = c->prev_stall;
    c->prev_stall = c->next_stall = NULL;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    struct conn_ctx *c = *con_cls;
    if (!c)
        return;
    if (c->stage == 1)
        stall_unlink(c);
    free(c->uri);
    ebuf_free(&c->body);
    free(c);
    *con_cls = NULL;
}

static void stall_done(void *arg)
{
    struct conn_ctx *c = arg;
    if (c->stage != 1)
        return;
    stall_unlink(c);
    c->stage = 2;
    MHD_resume_connection(c->conn);
}

static void add_common_headers(struct MHD_Response *r, const char *reqid, const char *ctype)
{
    MHD_add_response_header(r, "Content-Type", ctype);
    MHD_add_response_header(r, "x-request-id", reqid);
    MHD_add_response_header(r, "openai-version", "2020-10-01");
    MHD_add_response_header(r, "openai-processing-ms", "1");
}

struct auth_result {
    const char *state; /* missing / matched / mismatched */
};

static const char *check_auth(struct MHD_Connection *conn)
{
    const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
    if (!h)
        return "missing";
    if (strncasecmp(h, "Bearer ", 7) != 0)
        return "mismatched";
    const char *key = h + 7;
    while (*key == ' ')
        key++;
    if (!*key)
        return "missing";
    if (g_cfg.api_key && strcmp(key, g_cfg.api_key) != 0)
        return "mismatched";
    return "matched";
}

static void fault_error_body(emu_resp *rs, int status)
{
    switch (status) {
    case 429:
        resp_error(rs, 429, "requests", NULL, "rate_limit_exceeded",
                   "Rate limit reached for requests. Please try again in 1s. (injected by oai-emulator)");
        break;
    case 401:
        resp_error(rs, 401, "invalid_request_error", NULL, "invalid_api_key",
                   "Incorrect API key provided. (injected by oai-emulator)");
        break;
    default:
        if (status >= 500)
            resp_error(rs, status, "server_error", NULL, NULL,
                       "The server had an error while processing your request. Sorry about that! "
                       "(injected by oai-emulator)");
        else
            resp_error(rs, status, "invalid_request_error", NULL, NULL,
                       "Injected error status %d. (injected by oai-emulator)", status);
    }
}

static cJSON *query_object(struct MHD_Connection *conn);

static enum MHD_Result query_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    cJSON *q = cls;
    (void)kind;
    if (!key)
        return MHD_YES;
    cJSON *v = value ? cJSON_CreateString(value) : cJSON_CreateNull();
    cJSON *prev = cJSON_GetObjectItemCaseSensitive(q, key);
    if (!prev) {
        cJSON_AddItemToObject(q, key, v);
    } else if (cJSON_IsArray(prev)) {
        cJSON_AddItemToArray(prev, v);
    } else {
        /* repeated key (include[]): turn the value into an array */
        cJSON *arr = cJSON_CreateArray();
        cJSON_AddItemToArray(arr, json_dup(prev));
        cJSON_AddItemToArray(arr, v);
        cJSON_ReplaceItemInObjectCaseSensitive(q, key, arr);
    }
    return MHD_YES;
}

static cJSON *query_object(struct MHD_Connection *conn)
{
    cJSON *q = cJSON_CreateObject();
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, query_iter, q);
    return q;
}

static void log_request(struct conn_ctx *c, const char *method, const char *url, const char *auth,
                        const emu_req *rq, const emu_resp *rs, int status, const char *reqid)
{
    if (!reqlog_enabled())
        return;
    cJSON *e = cJSON_CreateObject();
    /* wall clock with millisecond precision: tests measure poll spacing */
    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    cJSON_AddNumberToObject(e, "time_ms", (double)wall.tv_sec * 1000.0 + (double)(wall.tv_nsec / 1000000));
    cJSON_AddStringToObject(e, "request_id", reqid);
    cJSON_AddStringToObject(e, "method", method);
    cJSON_AddStringToObject(e, "path", url);
    const char *qm = strchr(c->uri, '?');
    cJSON_AddStringToObject(e, "raw_query", qm ? qm + 1 : "");
    cJSON_AddItemToObject(e, "query", query_object(c->conn));
    cJSON_AddItemToObject(e, "headers", reqlog_headers(c->conn, auth));
    if (rq && rq->json)
        cJSON_AddItemToObject(e, "body", json_dup(rq->json));
    else if (c->body.len && !(rq && rq->form))
        cJSON_AddStringToObject(e, "body_text", c->body.p);
    else
        cJSON_AddNullToObject(e, "body");
    if (rq && rq->form) {
        cJSON *mp = cJSON_AddArrayToObject(e, "multipart");
        for (size_t i = 0; i < rq->form->n; i++) {
            const mp_part *p = &rq->form->parts[i];
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "name", p->name);
            if (p->filename)
                cJSON_AddStringToObject(o, "filename", p->filename);
            else
                cJSON_AddNullToObject(o, "filename");
            if (p->content_type)
                cJSON_AddStringToObject(o, "content_type", p->content_type);
            cJSON_AddNumberToObject(o, "size", (double)p->len);
            if (!p->filename && p->len < 256) {
                char *v = xmalloc(p->len + 1);
                memcpy(v, p->data, p->len);
                v[p->len] = '\0';
                cJSON_AddStringToObject(o, "value", v);
                free(v);
            }
            cJSON_AddItemToArray(mp, o);
        }
    }
    cJSON_AddNumberToObject(e, "status", status);
    cJSON_AddBoolToObject(e, "stream", rs && rs->stream != NULL);
    if (c->has_fault)
        cJSON_AddStringToObject(e, "fault", c->fault_spec);
    else
        cJSON_AddNullToObject(e, "fault");
    reqlog_write(e);
}

/* Turn rs into an MHD response and queue it. */
static enum MHD_Result send_resp(struct conn_ctx *c, emu_resp *rs, const char *reqid)
{
    struct MHD_Response *r = NULL;
    int shaped = c->has_fault &&
                 (c->f.stall_body_ms > 0 || c->f.cut_after >= 0 || c->f.chunk > 0 || c->f.malformed);
    if (rs->stream) {
        rs->stream->f = c->has_fault ? c->f : rs->stream->f;
        r = sse_response(rs->stream, -1);
        if (!r)
            return MHD_NO;
        rs->stream->conn = c->conn;
        add_common_headers(r, reqid, "text/event-stream; charset=utf-8");
        MHD_add_response_header(r, "Cache-Control", "no-cache");
    } else {
        char *body;
        size_t len;
        const char *ctype = "application/json";
        if (rs->raw) {
            body = rs->raw;
            len = rs->raw_len;
            rs->raw = NULL;
            ctype = rs->raw_type ? rs->raw_type : "application/octet-stream";
        } else {
            body = rs->json ? cJSON_PrintUnformatted(rs->json) : xstrdup("{}");
            len = strlen(body);
        }
        if (shaped) {
            sse_stream *s = sse_new();
            s->f = c->f;
            size_t keep = len;
            if (c->f.malformed && !rs->raw_type) {
                keep = len / 2; /* truncated JSON, correct Content-Length */
            }
            sse_raw(s, body, keep);
            if (keep < len) {
                /* pad with spaces so Content-Length still matches */
                for (size_t i = keep; i < len; i++)
                    sse_raw(s, " ", 1);
            }
            sse_finish(s);
            free(body);
            r = sse_response(s, (long long)len);
            if (r)
                s->conn = c->conn;
            sse_unref(s);
        } else {
            r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
        }
        if (!r)
            return MHD_NO;
        add_common_headers(r, reqid, ctype);
    }
    if (rs->poll_after_ms > 0) {
        char v[32];
        snprintf(v, sizeof v, "%ld", rs->poll_after_ms);
        MHD_add_response_header(r, "openai-poll-after-ms", v);
    }
    if (c->has_fault) {
        if (c->f.retry_after[0])
            MHD_add_response_header(r, "Retry-After", c->f.retry_after);
        if (c->f.retry_after_ms[0])
            MHD_add_response_header(r, "retry-after-ms", c->f.retry_after_ms);
        if (c->f.should_retry[0])
            MHD_add_response_header(r, "x-should-retry", c->f.should_retry);
    }
    enum MHD_Result ret = MHD_queue_response(c->conn, (unsigned)rs->status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result handle(struct conn_ctx *c, const char *url, const char *method)
{
    char reqid[48];
    make_id(reqid, sizeof reqid, "req_", 32);
    emu_req rq = {0};
    emu_resp rs = {0};
    const char *auth = check_auth(c->conn);
    rq.conn = c->conn;
    rq.method = method;

    if (c->has_fault && c->f.status) {
        fault_error_body(&rs, c->f.status);
        goto send;
    }
    if (strcmp(auth, "missing") == 0) {
        resp_error(&rs, 401, "invalid_request_error", NULL, NULL,
                   "You didn't provide an API key. You need to provide your API key in an Authorization header "
                   "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank "
                   "username) if you're accessing the API from your browser and are prompted for a username. You "
                   "can obtain an API key from https://platform.openai.com/account/api-keys.");
        goto send;
    }
    if (strcmp(auth, "mismatched") == 0) {
        resp_error(&rs, 401, "invalid_request_error", NULL, "invalid_api_key",
                   "Incorrect API key provided. You can find your API key at "
                   "https://platform.openai.com/account/api-keys.");
        goto send;
    }
    if (strncmp(url, "/v1/", 4) != 0 && strcmp(url, "/v1") != 0) {
        resp_error(&rs, 404, "invalid_request_error", NULL, NULL, "Invalid URL (%s %s)", method, url);
        goto send;
    }
    if (c->too_big) {
        resp_error(&rs, 413, "invalid_request_error", NULL, NULL, "Request body too large (limit %ld bytes).",
                   g_cfg.max_body);
        goto send;
    }
    rq.body = c->body.p ? c->body.p : "";
    rq.body_len = c->body.len;
    if (c->body.len) {
        const char *ct = MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, "Content-Type");
        if (ct && strncasecmp(ct, "multipart/form-data", 19) == 0) {
            const char *why = NULL;
            rq.form = mp_parse(ct, c->body.p, c->body.len, &why);
            if (!rq.form) {
                resp_bad(&rs, NULL, "Could not parse multipart form: %s.", why);
                goto send;
            }
        } else {
            rq.json = cJSON_ParseWithLength(c->body.p, c->body.len);
            if (!cJSON_IsObject(rq.json)) {
                cJSON_Delete(rq.json);
                rq.json = NULL;
                rq.json_bad = 1;
                resp_error(&rs, 400, "invalid_request_error", NULL, NULL,
                           "We could not parse the JSON body of your request. (HINT: This likely means you aren't "
                           "using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was "
                           "sent was not valid JSON. If you have trouble figuring out how to fix this, please "
                           "contact us through our help center at help.openai.com.)");
                goto send;
            }
        }
    }
    rq.path = xstrdup(url + 3);
    router_dispatch(&rq, &rs);
    if (rs.status == 0)
        resp_error(&rs, 404, "invalid_request_error", NULL, NULL, "Invalid URL (%s %s)", method, url);

send:;
    enum MHD_Result ret = send_resp(c, &rs, reqid);
    log_request(c, method, url, auth, &rq, &rs, rs.status, reqid);
    cJSON_Delete(rs.json);
    free(rs.raw);
    if (rs.stream)
        sse_unref(rs.stream);
    cJSON_Delete(rq.json);
    mp_free(rq.form);
    free(rq.path);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)cls;
    (void)version;
    struct conn_ctx *c = *con_cls;
    if (!c) {
        c = on_uri(NULL, url, conn);
        *con_cls = c;
    }
    c->conn = conn;
    if (!c->started) {
        c->started = 1;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (c->body.len + *upload_data_size > (size_t)g_cfg.max_body)
            c->too_big = 1;
        else
            ebuf_add(&c->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (c->stage == 0) {
        const char *spec = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Emulator-Fault");
        if (spec && *spec) {
            const char *why = NULL;
            if (fault_parse(&c->f, spec, &why) < 0) {
                c->stage = 2;
                char reqid[48];
                make_id(reqid, sizeof reqid, "req_", 32);
                emu_resp rs = {0};
                resp_bad(&rs, NULL, "Invalid X-Emulator-Fault header: %s.", why);
                enum MHD_Result ret = send_resp(c, &rs, reqid);
                log_request(c, method, url, "n/a", NULL, &rs, rs.status, reqid);
                cJSON_Delete(rs.json);
                return ret;
            }
            c->fault_spec = spec;
            c->has_fault = fault_take(spec, &c->f);
        } else if (g_cfg.fault_spec) {
            c->f = g_cfg.fault_all;
            c->fault_spec = g_cfg.fault_spec;
            c->has_fault = fault_take(g_cfg.fault_spec, &c->f);
        }
        if (c->has_fault && c->f.stall_ms > 0) {
            c->stage = 1;
            c->prev_stall = NULL;
            c->next_stall = stalled_head;
            if (stalled_head)
                stalled_head->prev_stall = c;
            stalled_head = c;
            sched_after(c->f.stall_ms, stall_done, c);
            MHD_suspend_connection(conn);
            return MHD_YES;
        }
        c->stage = 2;
    }
    if (c->stage == 1)
        return MHD_YES; /* still stalled (should not be called) */
    return handle(c, url, method);
}

int server_start(int port)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    unsigned int flags = MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | (g_cfg.verbose ? MHD_USE_ERROR_LOG : 0);
    daemon_ = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, on_request, NULL,
                               MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                               MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
                               MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
                               MHD_OPTION_CONNECTION_LIMIT, (unsigned int)60000,
                               MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)600,
                               MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int)4096,
                               MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
                               MHD_OPTION_END);
    if (!daemon_)
        return -1;
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
    return info ? (int)info->port : -1;
}

void server_loop(volatile int *stop)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_EPOLL_FD);
    int epfd = info ? info->epoll_fd : -1;
    while (!*stop) {
        int64_t wait = 1000;
        MHD_UNSIGNED_LONG_LONG mt;
        if (MHD_get_timeout(daemon_, &mt) == MHD_YES && (int64_t)mt < wait)
            wait = (int64_t)mt;
        int64_t st = sched_next_wait();
        if (st >= 0 && st < wait)
            wait = st;
        struct pollfd p = {epfd, POLLIN, 0};
        if (poll(&p, 1, (int)wait) < 0 && errno != EINTR)
            break;
        MHD_run(daemon_);
        if (sched_run_due() > 0)
            MHD_run(daemon_);
    }
}

void server_stop(void)
{
    if (!daemon_)
        return;
    sse_resume_all();
    while (stalled_head) {
        struct conn_ctx *c = stalled_head;
        stall_unlink(c);
        c->stage = 2;
        MHD_resume_connection(c->conn);
    }
    for (int i = 0; i < 3; i++)
        MHD_run(daemon_);
    MHD_stop_daemon(daemon_);
    daemon_ = NULL;
}
