/* What the differential fuzz targets compare (twin_util.h). */
#include "twin_util.h"

#include <string.h>

/* Whether two trees hold the same JSON, member order, keys and numbers to
 * the bit included (both NULL too). */
int tw_same_json(const oai_json *x, const oai_json *y)
{
    if (!x || !y)
        return x == y;
    oai_json_type type = oai_json_type_of(x);
    if (type != oai_json_type_of(y))
        return 0;
    if (type == OAI_JSON_STRING) {
        size_t n = oai_json_string_len(x);
        return n == oai_json_string_len(y) &&
               memcmp(oai_json_string(x), oai_json_string(y), n) == 0;
    }
    if (type == OAI_JSON_NUMBER) {
        double a = oai_json_number(x, 0), b = oai_json_number(y, 0);
        return memcmp(&a, &b, sizeof a) == 0;
    }
    if (type == OAI_JSON_BOOL)
        return oai_json_bool(x, 0) == oai_json_bool(y, 0);
    const oai_json *a = oai_json_first(x), *b = oai_json_first(y);
    for (; a && b; a = oai_json_next(a), b = oai_json_next(b)) {
        const char *ka = oai_json_key(a), *kb = oai_json_key(b);
        if ((ka || kb) && (!ka || !kb || strcmp(ka, kb)))
            return 0;
        if (!tw_same_json(a, b))
            return 0;
    }
    return a == b;
}

int tw_same_text(const char *x, const char *y, size_t n)
{
    return x && y ? memcmp(x, y, n) == 0 && x[n] == '\0' && y[n] == '\0'
                  : x == y;
}

int tw_same_str(const char *x, const char *y)
{
    return x && y ? strcmp(x, y) == 0 : x == y;
}

int tw_same_error(const oai_error *a, const oai_error *b)
{
    return a->code == b->code && tw_same_str(a->message, b->message) &&
           tw_same_str(a->type, b->type) &&
           tw_same_str(a->api_code, b->api_code) &&
           tw_same_str(a->param, b->param);
}
