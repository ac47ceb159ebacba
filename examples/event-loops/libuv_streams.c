/*
 * libuv_streams.c - several assistant streams at once on a libuv loop,
 * through the header-only adapter <oai/adapters/libuv.h>.
 *
 * The hooks and completion callbacks of every stream run from inside
 * uv_run(); each text is printed when its stream completes. Reads
 * OPENAI_API_KEY and OPENAI_BASE_URL (e.g. oai-emulator's URL).
 *
 *     ./libuv_streams [N] ["question"]
 */
#include <oai/adapters/libuv.h>

#include "streams_common.h"

int main(int argc, char **argv)
{
    const char *question;
    int n = parse_args(argc, argv, &question);
    job jobs[MAX_STREAMS];
    memset(jobs, 0, sizeof jobs);
    oai_client *c;
    char errbuf[256];
    int rc = oai_client_new(&c, NULL, errbuf, sizeof errbuf);
    if (rc != OAI_OK) {
        fprintf(stderr, "oai_client_new: %s\n", errbuf);
        return 1;
    }
    uv_loop_t *loop = uv_default_loop();
    oai_libuv *a = NULL;
    oai_multi *m = NULL;
    oai_multi_options mo = OAI_MULTI_OPTIONS_INIT;
    /* the adapter fills the level-2 callbacks the multi is created with */
    if (oai_libuv_new(&a, loop, &mo) != OAI_OK ||
        oai_multi_new(&m, c, &mo) != OAI_OK || oai_libuv_attach(a, m) != OAI_OK) {
        fprintf(stderr, "could not set up the loop\n");
        oai_libuv_free(a);
        uv_run(loop, UV_RUN_DEFAULT);
        oai_client_free(c);
        return 1;
    }
    char *asst = start_streams(c, m, jobs, n, question);
    /* returns when every stream ended: the adapter's handles go idle */
    uv_run(loop, UV_RUN_DEFAULT);
    int failed = 0;
    for (int i = 0; i < n; i++)
        failed += !jobs[i].s || oai_stream_error(jobs[i].s)->code != 0;
    finish(c, jobs, n, asst);
    oai_multi_free(m);
    oai_libuv_free(a);
    uv_run(loop, UV_RUN_DEFAULT); /* the close callbacks release the adapter */
    uv_loop_close(loop);
    oai_client_free(c);
    return asst && !failed ? 0 : 1;
}
