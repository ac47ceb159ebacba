/* The strict scan that lets a stream leave an event's text unparsed
 * (stream/jscan.h) against the full parse: every text the scan accepts,
 * the full parse must accept too, as one object, and an `id` the scan
 * reads raw must be the parsed object's first `id`, byte for byte. The
 * input is the text (the corpus's JSON bodies are the seeds). */
#include "fuzz_util.h"

#include <cJSON.h>

#include "core/json.h"
#include "stream/merge.h"
#include "stream/jscan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    if (!oai__jscan_object(text, size))
        return 0;
    cJSON *full = oai__json_parse(text, size);
    FZ_CHECK(full != NULL);
    FZ_CHECK(cJSON_IsObject(full));
    const char *body;
    size_t n;
    if (oai__jscan_member_string(text, size, "id", &body, &n) == 1) {
        const cJSON *id = oai__get(full, "id");
        FZ_CHECK(cJSON_IsString(id));
        FZ_CHECK(strlen(id->valuestring) == n);
        FZ_CHECK(memcmp(id->valuestring, body, n) == 0);
    } else if (oai__jscan_member_string(text, size, "id", &body, &n) == 0) {
        FZ_CHECK(oai__get(full, "id") == NULL);
    }
    cJSON_Delete(full);
    return 0;
}
