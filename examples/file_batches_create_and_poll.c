/*
 * file_batches_create_and_poll.c - add several uploaded files to a vector
 * store as one batch and wait until every file is processed.
 *
 * openai-python's `client.vector_stores.file_batches.create_and_poll()`
 * (docs/helpers.md). Reads OPENAI_API_KEY and OPENAI_BASE_URL.
 *
 *     ./file_batches_create_and_poll [FILE...]   (default: three small notes)
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

/* Upload one file (argv path, or note i) and append its id to `ids`. */
static int upload(oai_client *c, oai_json *ids, const char *path, int i)
{
    char name[32];
    oai_json *f = NULL;
    int rc;
    if (path) {
        rc = oai_files_create(&f, c, &(oai_upload)OAI_UPLOAD_PATH(path),
                              "assistants", NULL);
    } else {
        snprintf(name, sizeof name, "note%d.txt", i + 1);
        rc = oai_files_create(
            &f, c,
            &(oai_upload)OAI_UPLOAD_MEMORY(name, NOTES[i], strlen(NOTES[i])),
            "assistants", NULL);
    }
    if (rc == OAI_OK)
        rc = oai_json_append_string(ids, oai_json_path_string(f, "id"));
    oai_json_free(f);
    return rc;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? argc - 1 : 3;
    oai_client *c;
    oai_json *p = NULL, *ids = NULL, *store = NULL, *batch = NULL;
    char errbuf[256];
    int rc = oai_client_new(&c, NULL, errbuf, sizeof errbuf);
    if (rc != OAI_OK) {
        fprintf(stderr, "oai_client_new: %s\n", errbuf);
        return 1;
    }

    rc = oai_json_new_array(&ids);
    for (int i = 0; i < n && rc == OAI_OK; i++)
        rc = upload(c, ids, argc > 1 ? argv[i + 1] : NULL, i);
    if (rc == OAI_OK) {
        oai_json_parse_cstr(&p, "{\"name\":\"Notes\"}");
        rc = oai_vector_stores_create(&store, c, p, NULL);
        oai_json_free(p);
    }
    if (rc == OAI_OK) {
        oai_json_new_object(&p);
        oai_json_set(p, "file_ids", ids);
        rc = oai_file_batches_create_and_poll(
            &batch, c, oai_json_path_string(store, "id"), p, NULL);
        oai_json_free(p);
    }

    /* The helper returns once no file is in progress; check the counts. */
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
    oai_json_free(ids);
    oai_client_free(c);
    return rc == OAI_OK ? 0 : 1;
}
