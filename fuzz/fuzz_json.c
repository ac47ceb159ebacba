/* JSON views: parse; walk; look up paths and keys taken from the input;
 * serialise compact and pretty; both must parse back to a document that
 * serialises identically; a dup must serialise identically too. */
#include "fuzz_util.h"

static char *ser(const oai_json *j, int pretty)
{
    char *s = oai_json_serialize(j, pretty);
    FZ_CHECK(s != NULL);
    return s;
}

static void roundtrip(const oai_json *j, const char *compact, int pretty)
{
    char *text = ser(j, pretty);
    oai_json *back = NULL;
    FZ_CHECK(oai_json_parse_cstr(&back, text) == OAI_OK);
    char *again = ser(back, 0);
    FZ_CHECK(strcmp(again, compact) == 0);
    oai_free(again);
    oai_json_free(back);
    oai_free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* an optional path prefix: "<path>\n<json>" */
    const uint8_t *nl = memchr(data, '\n', size < 64 ? size : 64);
    char path[65] = "";
    const char *text = (const char *)data;
    size_t len = size;
    if (nl && size && data[0] == '.') {
        size_t pl = (size_t)(nl - data) - 1;
        memcpy(path, data + 1, pl);
        path[pl] = '\0';
        text = (const char *)nl + 1;
        len = size - (size_t)(nl + 1 - data);
    }
    oai_json *j = NULL;
    int rc = oai_json_parse(&j, text, len);
    if (rc != OAI_OK) {
        FZ_CHECK(rc == OAI_EPROTOCOL && j == NULL);
        return 0;
    }
    fz_walk_json(j);
    if (path[0]) {
        fz_walk_json(oai_json_path(j, path));
        const char *s = oai_json_path_string(j, path);
        if (s)
            FZ_CHECK(oai_json_is_string(oai_json_path(j, path)));
        fz_walk_json(oai_json_get(j, path));
    }
    size_t n = oai_json_size(j);
    if (n)
        FZ_CHECK(oai_json_at(j, n - 1) != NULL);
    FZ_CHECK(oai_json_at(j, n) == NULL);

    char *compact = ser(j, 0);
    roundtrip(j, compact, 0);
    roundtrip(j, compact, 1);
    oai_json *d = NULL;
    FZ_CHECK(oai_json_dup(&d, j) == OAI_OK);
    char *dc = ser(d, 0);
    FZ_CHECK(strcmp(dc, compact) == 0);
    oai_free(dc);
    oai_json_free(d);
    oai_free(compact);
    oai_json_free(j);
    return 0;
}
