/* Shared set-up for the HTTP tests. */
#ifndef OAI_TEST_HTTP_COMMON_H
#define OAI_TEST_HTTP_COMMON_H

#include <stdlib.h>

#include "oai.h"
#include "testserver.h"

/* Clean environment: no OPENAI_* and no proxy, so only what a test sets
 * counts and loopback traffic goes straight to the test server. */
static inline void http_clean_env(void)
{
    static const char *const vars[] = {
        "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID",
        "OPENAI_LOG", "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
        "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        unsetenv(vars[i]);
}

/* A client for the test server with the given retries (-1 default). */
static inline oai_client *http_client(ts_server *s, int max_retries)
{
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test-secret-key-0123456789";
    o.base_url = ts_url(s);
    o.max_retries = max_retries;
    o.log_level = OAI_LOG_OFF;
    oai_client *c = NULL;
    if (oai_client_new(&c, &o, NULL, 0) != OAI_OK)
        return NULL;
    return c;
}

#define TEST_KEY "sk-test-secret-key-0123456789"

#endif
