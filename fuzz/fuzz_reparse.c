/* Re-parse against the full parse: the input is an SSE stream (the
 * recorded streams are seeds). Each event's data is read into the previous
 * event's tree, whatever the two events are, and into a fresh parse of
 * itself; whenever the re-parse accepts the text, the tree must equal
 * cJSON's parse of it node for node (order, kinds, keys, strings, numbers
 * to the bit), and it must refuse every text cJSON refuses. */
#include "fuzz_util.h"

#include <cJSON.h>

#include "core/json.h"
#include "stream/reparse.h"

static void same_tree(const cJSON *a, const cJSON *b)
{
    for (; a || b; a = a->next, b = b->next) {
        FZ_CHECK(a != NULL && b != NULL);
        FZ_CHECK(a->type == b->type);
        FZ_CHECK((a->string == NULL) == (b->string == NULL));
        FZ_CHECK(!a->string || strcmp(a->string, b->string) == 0);
        if (cJSON_IsString(a))
            FZ_CHECK(strcmp(a->valuestring, b->valuestring) == 0);
        if (cJSON_IsNumber(a)) {
            FZ_CHECK(memcmp(&a->valuedouble, &b->valuedouble,
                            sizeof a->valuedouble) == 0);
            FZ_CHECK(a->valueint == b->valueint);
        }
        same_tree(a->child, b->child);
    }
}

/* The reparser's answer for `text` against the full parse. */
static void check(oai__reparser *r, const char *text, size_t len)
{
    int nomem = 0, full_nomem = 0;
    cJSON *fast = oai__reparse(r, text, len, &nomem);
    cJSON *full = oai__json_parse_nomem(text, len, &full_nomem);
    FZ_CHECK(!nomem && !full_nomem);
    FZ_CHECK((fast == NULL) == (full == NULL));
    if (full)
        same_tree(fast, full);
    /* a text read into its own tree: every string and number decoded */
    if (full && oai__reparse_into(full, text, len) > 0) {
        cJSON *again = oai__json_parse(text, len);
        same_tree(full, again);
        cJSON_Delete(again);
    }
    cJSON_Delete(full);
    oai__reparse_done(r, fast, 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    oai_sse_parser *p = NULL;
    FZ_CHECK(oai_sse_parser_new(&p, NULL) == OAI_OK);
    oai__reparser r = {0};
    const oai_sse_event *ev;
    oai_sse_parser_feed(p, data, size);
    oai_sse_parser_feed_end(p);
    while (oai_sse_parser_next(&ev, p) == OAI_OK)
        check(&r, ev->data, ev->data_len);
    oai__reparse_free(&r);
    oai_sse_parser_free(p);
    return 0;
}
