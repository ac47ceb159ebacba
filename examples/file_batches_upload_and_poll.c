/*
 * file_batches_upload_and_poll.c - upload several files at once (a few in
 * flight on one thread), add them to a vector store as one batch, and wait
 * until every file is processed.
 *
 * openai-python's `client.vector_stores.file_batches.upload_and_poll()`
 * (docs/helpers.md). Reads OPENAI_API_KEY and OPENAI_BASE_URL.
 *
 *     ./file_batches_upload_and_poll [FILE...]   (default: three small notes)
 */
#include <oai.h>
#include <stdio.h>
#include <string.h>

/* A string field of `j` for printing: "?" when absent, never NULL. */
static const char *field(const oai_json *j, const char *path)
{
    const char *s = oai_json_path_string(j, path);
    return s ? s : "?";
}

static const char *const NOTES[] = {
    "Runs move through queued, in_progress and a final state.\n",
    "Streams deliver events as Server-Sent Events.\n",
    "Vector stores make files searchable.\n",
};
static const char *const NAMES[] = {"note1.txt", "note2.txt", "note3.txt"};

/* Called as uploads progress and after each poll; non-zero would cancel. */
static int on_progress(const oai_poll_progress *pr, void *user_data)
{
    (void)user_data;
    if (pr->phase == OAI_POLL_PHASE_UPLOAD && pr->upload_done)
        printf("uploaded %s (%llu bytes)\n", pr->filename,
               (unsigned long long)pr->bytes_total);
    return 0;
}

int main(int argc, char **argv)
{
    oai_upload files[16];
    size_t n = 0;
    for (int i = 1; i < argc && n < 16; i++, n++) {
        files[n] = (oai_upload)OAI_UPLOAD_INIT;
        files[n].path = argv[i];
    }
    for (; argc == 1 && n < 3; n++) {
        files[n] = (oai_upload)OAI_UPLOAD_INIT;
        files[n].filename = NAMES[n];
        files[n].data = NOTES[n];
        files[n].len = strlen(NOTES[n]);
    }

    oai_client *c;
    oai_json *p = NULL, *store = NULL, *batch = NULL;
    char errbuf[256];
    int rc = oai_client_new(&c, NULL, errbuf, sizeof errbuf);
    if (rc != OAI_OK) {
        fprintf(stderr, "oai_client_new: %s\n", errbuf);
        return 1;
    }
    oai_json_parse_cstr(&p, "{\"name\":\"Notes\"}");
    rc = oai_vector_stores_create(&store, c, p, NULL);
    oai_json_free(p);

    /* If any upload fails, no batch is created and the call names the file. */
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.max_concurrency = 3;
    po.progress = on_progress;
    if (rc == OAI_OK)
        rc = oai_file_batches_upload_and_poll(&batch, c,
                                              oai_json_path_string(store, "id"),
                                              files, n, NULL, 0, NULL, &po);

    if (rc == OAI_OK) {
        const oai_json *counts = oai_json_get(batch, "file_counts");
        long long done = oai_json_int(oai_json_get(counts, "completed"), 0);
        long long failed = oai_json_int(oai_json_get(counts, "failed"), 0);
        printf("batch %s: %s, %lld completed, %lld failed, %lld total\n",
               field(batch, "id"), field(batch, "status"), done, failed,
               (long long)oai_json_int(oai_json_get(counts, "total"), 0));
        if (failed > 0)
            rc = 1;
    } else {
        const oai_error *e = oai_client_last_error(c);
        fprintf(stderr, "error: %s\n", e->code ? e->message : oai_strerror(rc));
    }

    oai_json_free(batch);
    oai_json_free(store);
    oai_client_free(c);
    return rc == OAI_OK ? 0 : 1;
}
