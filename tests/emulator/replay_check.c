#include "replay_check.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

void emu_check_replay(emu_proc *q, const char *recording, const char *path,
                      const char *body)
{
    size_t len;
    char *want = read_all(recording, &len);
    assert_non_null(want);
    const char *const args[] = {"--replay", recording, "--step-ms", "0", NULL};
    emu_start(q, args);
    http_res r;
    emu_http(q, "POST", path, body, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.len, len);
    assert_memory_equal(r.body, want, len);
    http_res_free(&r);
    free(want);
}
