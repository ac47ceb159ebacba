/*
 * vector_store_files_create_and_poll.c - attach an uploaded file to a
 * vector store and wait until it is processed.
 *
 * openai-python's `client.vector_stores.files.create_and_poll()`
 * (docs/helpers.md). Reads OPENAI_API_KEY and OPENAI_BASE_URL.
 *
 *     ./vector_store_files_create_and_poll [FILE]   (default: a small note)
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

static const char NOTE[] =
    "Polling helpers wait until an operation reaches a final state.\n";

int main(int argc, char **argv)
{
    oai_client *c;
    oai_json *p = NULL, *uploaded = NULL, *store = NULL, *file = NULL;
    char errbuf[256];
    int rc = oai_client_new(&c, NULL, errbuf, sizeof errbuf);
    if (rc != OAI_OK) {
        fprintf(stderr, "oai_client_new: %s\n", errbuf);
        return 1;
    }

    /* First the file (purpose "assistants"), then the store to put it in. */
    if (argc > 1)
        rc = oai_files_create(&uploaded, c,
                              &(oai_upload)OAI_UPLOAD_PATH(argv[1]),
                              "assistants", NULL);
    else
        rc = oai_files_create(
            &uploaded, c,
            &(oai_upload)OAI_UPLOAD_MEMORY("note.txt", NOTE, strlen(NOTE)),
            "assistants", NULL);
    if (rc == OAI_OK) {
        oai_json_parse_cstr(&p, "{\"name\":\"Notes\"}");
        rc = oai_vector_stores_create(&store, c, p, NULL);
        oai_json_free(p);
    }
    if (rc == OAI_OK)
        rc = oai_vector_store_files_create_and_poll(
            &file, c, oai_json_path_string(store, "id"),
            oai_json_path_string(uploaded, "id"), NULL, NULL);

    if (rc == OAI_OK) {
        const char *status = field(file, "status");
        printf("file %s in %s: %s\n", field(file, "id"),
               field(file, "vector_store_id"), status);
        if (strcmp(status, "completed") != 0) {
            const char *why = oai_json_path_string(file, "last_error.message");
            fprintf(stderr, "not processed: %s\n", why ? why : status);
            rc = 1;
        }
    } else {
        const oai_error *e = oai_client_last_error(c);
        fprintf(stderr, "error: %s\n", e->code ? e->message : oai_strerror(rc));
    }

    oai_json_free(file);
    oai_json_free(store);
    oai_json_free(uploaded);
    oai_client_free(c);
    return rc == OAI_OK ? 0 : 1;
}
