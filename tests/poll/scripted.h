/* Shared by the poll tests that check exact request sequences and arrival
 * times: the scripted loopback server with a client on it, fresh for each
 * test so request indices start at 0 (the group setup/teardown and the
 * per-test `fresh`). */
#ifndef OAI_TESTS_POLL_SCRIPTED_H
#define OAI_TESTS_POLL_SCRIPTED_H

#include <stdlib.h>

#include "oai.h"
#include "testserver.h"
#include "testutil.h"

static ts_server *g_s;
static oai_client *g_c;

static inline int setup(void **state)
{
    (void)state;
    static const char *const vars[] = {
        "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_LOG",
        "http_proxy",     "HTTP_PROXY",      "all_proxy",
        "ALL_PROXY",      "no_proxy",        "NO_PROXY"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        unsetenv(vars[i]);
    g_s = ts_start();
    if (!g_s)
        return -1;
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test";
    o.base_url = ts_url(g_s);
    o.max_retries = 0;
    o.log_level = OAI_LOG_OFF;
    return oai_client_new(&g_c, &o) == OAI_OK ? 0 : -1;
}

static inline int teardown(void **state)
{
    (void)state;
    oai_client_free(g_c);
    ts_stop(g_s);
    return 0;
}

/* Each test runs on a fresh server so request indices start at 0. */
static inline int fresh(void **state)
{
    teardown(state);
    return setup(state);
}

/* Milliseconds between request i-1 and request i. */
static inline int64_t gap(int i)
{
    return ts_request_at(g_s, i)->at_ms - ts_request_at(g_s, i - 1)->at_ms;
}

#endif
