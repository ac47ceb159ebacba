/* Shared helpers of the resources_ tests: one emulator per test program,
 * checks on the request it logged. */
#ifndef OAI_TESTS_RES_COMMON_H
#define OAI_TESTS_RES_COMMON_H

#include <stdio.h>
#include <string.h>

#include "emu.h"
#include "oai.h"
#include "testutil.h"

extern tu_emu g_emu;
extern oai_client *g_c;

/* group setup/teardown: start the emulator (with extra args) and a client */
int res_setup_args(const char *const *extra);
int res_setup(void **state);
int res_teardown(void **state);

/* Parse JSON text into an owned document (fails the test on error). */
oai_json *res_json(const char *text);

/* The last logged request; checks method, path (below /v1) and whether
 * OpenAI-Beta: assistants=v2 was sent. cJSON_Delete the result. */
cJSON *res_expect(const char *method, const char *path, int beta);

/* A string member of the request body, or NULL. */
const char *res_body_str(const cJSON *entry, const char *key);

/* Call an argument check that must fail with OAI_EINVAL and `msg` (a
 * substring of the message) without sending anything. */
#define RES_EXPECT_EINVAL(call, msg)                                           \
    do {                                                                       \
        tu_emu_mark(&g_emu);                                                   \
        assert_int_equal((call), OAI_EINVAL);                                  \
        assert_non_null(strstr(oai_client_last_error(g_c)->message, (msg)));   \
        cJSON *after_ = tu_emu_log(&g_emu, 0);                                 \
        assert_int_equal((size_t)cJSON_GetArraySize(after_), g_emu.mark);      \
        cJSON_Delete(after_);                                                  \
    } while (0)

#endif
