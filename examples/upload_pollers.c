/*
 * upload_pollers.c - the upload-and-poll helpers without blocking: a batch
 * of notes and one more file go into a vector store at the same time, all
 * their uploads multiplexed on this thread by a multi (oai/multi.h) that
 * your own loop drives. The same pollers run on libuv or libevent through
 * <oai/adapters/libuv.h> and <oai/adapters/libevent.h>.
 *
 * Reads OPENAI_API_KEY and OPENAI_BASE_URL.
 *
 *     ./upload_pollers
 */
#include <oai.h>
#include <stdio.h>
#include <string.h>

static const char *const NOTES[] = {
    "Runs move through queued, in_progress and a final state.\n",
    "Streams deliver events as Server-Sent Events.\n",
    "Vector stores make files searchable.\n",
    "Pollers wait on timers of the multi, never in a sleep.\n",
};
static const char *const NAMES[] = {"note1.txt", "note2.txt", "note3.txt",
                                    "extra.txt"};

/* Called as uploads progress and after each poll; non-zero would cancel. */
static int on_progress(const oai_poll_progress *pr, void *user_data)
{
    if (pr->phase == OAI_POLL_PHASE_UPLOAD && pr->upload_done)
        printf("%s: uploaded %s (%llu bytes)\n", (const char *)user_data,
               pr->filename, (unsigned long long)pr->bytes_total);
    return 0;
}

/* Runs once per poller, from inside oai_multi_perform(). */
static void on_done(const oai_multi_msg *msg, void *user_data)
{
    const oai_json *obj;
    int rc = oai_poller_result(&obj, msg->object);
    if (rc != OAI_OK) {
        printf("%s: error: %s\n", (const char *)user_data,
               oai_poller_error(msg->object)->message);
        return;
    }
    const char *status = oai_json_path_string(obj, "status");
    printf("%s: %s\n", (const char *)user_data, status ? status : "?");
}

int main(void)
{
    oai_upload files[4];
    for (int i = 0; i < 4; i++) {
        files[i] = (oai_upload)OAI_UPLOAD_INIT;
        files[i].filename = NAMES[i];
        files[i].data = NOTES[i];
        files[i].len = strlen(NOTES[i]);
    }

    oai_client *c;
    char errbuf[256];
    int rc = oai_client_new(&c, NULL, errbuf, sizeof errbuf);
    if (rc != OAI_OK) {
        fprintf(stderr, "oai_client_new: %s\n", errbuf);
        return 1;
    }
    oai_json *p = NULL, *store = NULL;
    oai_json_parse_cstr(&p, "{\"name\":\"Notes\"}");
    rc = oai_vector_stores_create(&store, c, p, NULL);
    oai_json_free(p);
    const char *vs = oai_json_path_string(store, "id");

    /* Creating a poller sends nothing; it starts once added to the multi. */
    oai_multi *m = NULL;
    oai_poller *batch = NULL, *single = NULL;
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.max_concurrency = 2;
    po.progress = on_progress;
    po.user_data = "batch";
    if (rc == OAI_OK)
        rc = oai_multi_new(&m, c, NULL);
    if (rc == OAI_OK)
        rc = oai_poller_file_batches_upload_and_poll(&batch, c, vs, files, 3,
                                                     NULL, 0, NULL, &po);
    po.user_data = "file";
    if (rc == OAI_OK)
        rc = oai_poller_vector_store_files_upload_and_poll(
            &single, c, vs, &files[3], NULL, &po);
    if (rc == OAI_OK)
        rc = oai_multi_add_poller(m, batch, on_done, "batch");
    if (rc == OAI_OK)
        rc = oai_multi_add_poller(m, single, on_done, "file");

    /* The loop: every upload, creation and poll of both runs in here. */
    int running = rc == OAI_OK;
    while (running) {
        oai_multi_perform(m, &running);
        if (running)
            oai_multi_wait(m, 1000);
    }

    if (rc != OAI_OK) {
        const oai_error *e = oai_client_last_error(c);
        fprintf(stderr, "error: %s\n", e->code ? e->message : oai_strerror(rc));
    } else {
        const oai_json *b, *f;
        rc = oai_poller_result(&b, batch);
        if (rc == OAI_OK)
            rc = oai_poller_result(&f, single);
        if (rc == OAI_OK)
            printf("vector store %s: %lld files in the batch, 1 more file\n",
                   vs,
                   (long long)oai_json_int(
                       oai_json_path(b, "file_counts.completed"), 0));
    }
    oai_poller_free(batch);
    oai_poller_free(single);
    oai_multi_free(m);
    oai_json_free(store);
    oai_client_free(c);
    return rc == OAI_OK ? 0 : 1;
}
