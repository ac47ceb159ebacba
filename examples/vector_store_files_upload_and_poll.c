/*
 * vector_store_files_upload_and_poll.c - upload a file into a new vector
 * store and wait until it is processed (chunked and embedded).
 *
 * openai-python's `client.vector_stores.files.upload_and_poll()`
 * (docs/helpers.md). Reads OPENAI_API_KEY and OPENAI_BASE_URL.
 *
 *     ./vector_store_files_upload_and_poll [FILE]   (default: a small note)
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
    "liboai streams assistant runs and polls long operations.\n";

int main(int argc, char **argv)
{
    oai_client *c;
    oai_json *p = NULL, *store = NULL, *file = NULL;
    char errbuf[256];
    int rc = oai_client_new(&c, NULL, errbuf, sizeof errbuf);
    if (rc != OAI_OK) {
        fprintf(stderr, "oai_client_new: %s\n", errbuf);
        return 1;
    }

    oai_json_parse_cstr(&p, "{\"name\":\"Notes\"}");
    rc = oai_vector_stores_create(&store, c, p, NULL);
    oai_json_free(p);

    /* From disk (streamed, never read whole into memory) or from memory. */
    oai_upload up = OAI_UPLOAD_INIT;
    if (argc > 1) {
        up.path = argv[1];
    } else {
        up.filename = "note.txt";
        up.data = NOTE;
        up.len = strlen(NOTE);
    }
    if (rc == OAI_OK)
        rc = oai_vector_store_files_upload_and_poll(
            &file, c, oai_json_path_string(store, "id"), &up, NULL, NULL);

    /* A file that could not be processed is returned, not an error. */
    if (rc == OAI_OK) {
        const char *status = field(file, "status");
        printf("file %s: %s, %lld bytes\n", field(file, "id"), status,
               (long long)oai_json_int(oai_json_get(file, "usage_bytes"), 0));
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
    oai_client_free(c);
    return rc == OAI_OK ? 0 : 1;
}
