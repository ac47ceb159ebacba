/* The strict scan that lets a stream leave an event's text unparsed
 * (stream/jscan.h) against the full parse: every text the scan accepts,
 * the full parse must accept too, as one object. The input is the text
 * (the corpus's JSON bodies are the seeds). */
#include "fuzz_util.h"

#include <cJSON.h>

#include "core/json.h"
#include "stream/jscan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    if (!oai__jscan_object(text, size))
        return 0;
    cJSON *full = oai__json_parse(text, size);
    FZ_CHECK(full != NULL);
    FZ_CHECK(cJSON_IsObject(full));
    cJSON_Delete(full);
    return 0;
}
