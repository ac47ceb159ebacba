/* Shared by the upload tests: the scripted loopback server, a client on
 * it without retries, and the answers of POST /files. */
#ifndef OAI_TESTS_POLL_UPLOAD_SERVER_H
#define OAI_TESTS_POLL_UPLOAD_SERVER_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oai.h"
#include "testserver.h"
#include "testutil.h"

static ts_server *g_s;
static oai_client *g_c;

static int start(void **state)
{
    (void)state;
    static const char *const vars[] = {"OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_LOG",
                                       "http_proxy",     "HTTP_PROXY",      "all_proxy",
                                       "ALL_PROXY"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        unsetenv(vars[i]);
    g_s = ts_start();
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test";
    o.base_url = ts_url(g_s);
    o.max_retries = 0;
    o.log_level = OAI_LOG_OFF;
    return g_s && oai_client_new(&g_c, &o, NULL, 0) == OAI_OK ? 0 : -1;
}

static int stop(void **state)
{
    (void)state;
    oai_client_free(g_c);
    g_c = NULL;
    ts_stop(g_s);
    g_s = NULL;
    return 0;
}

/* The k-th upload answer (in arrival order) names file-k, each sent after
 * `delay_ms`; arrivals fail_from..fail_to get a 400 instead. */
static void push_uploads(int n, int fail_from, int fail_to, int delay_ms)
{
    for (int k = 0; k < n; k++) {
        char body[128];
        ts_reply r = {.delay_ms = delay_ms};
        if (k >= fail_from && k <= fail_to) {
            r.status = 400;
            r.body = "{\"error\":{\"message\":\"Invalid file format.\",\"type\":"
                     "\"invalid_request_error\",\"param\":\"file\",\"code\":null}}";
        } else {
            snprintf(body, sizeof body, "{\"id\":\"file-%d\",\"object\":\"file\"}", k);
            r.status = 200;
            r.body = body;
        }
        ts_push(g_s, &r);
    }
}

/* Five bytes from memory, sent as `name`. */
static oai_upload mem_file(const char *name)
{
    oai_upload u = OAI_UPLOAD_INIT;
    u.filename = name;
    u.data = "hello";
    u.len = 5;
    return u;
}

#endif
