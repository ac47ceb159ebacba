#include "chat_chunks.h"

#include <stdlib.h>
#include <string.h>

static void add_payload(chat_body *out, const char *data, size_t len)
{
    if (len == 6 && memcmp(data, "[DONE]", 6) == 0) {
        out->done = 1;
        return;
    }
    if (out->done)
        out->after_done++;
    cJSON *j = cJSON_ParseWithLength(data, len);
    if (j)
        cJSON_AddItemToArray(out->chunks, j);
    else
        out->bad++;
}

void chat_body_parse(const char *body, chat_body *out)
{
    memset(out, 0, sizeof *out);
    out->chunks = cJSON_CreateArray();
    const char *p = body;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (len >= 6 && strncmp(p, "data: ", 6) == 0)
            add_payload(out, p + 6, len - 6);
        else if (len >= 1 && p[0] == ':')
            out->comments++;
        else if (len >= 6 && strncmp(p, "event:", 6) == 0)
            out->named++;
        p += len;
        if (*p == '\n')
            p++;
    }
}

void chat_body_free(chat_body *b)
{
    cJSON_Delete(b->chunks);
    b->chunks = NULL;
}

static const cJSON *choice_of(const cJSON *chunk, int index)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(chunk, "choices"))
    {
        const cJSON *i = cJSON_GetObjectItem(c, "index");
        if (cJSON_IsNumber(i) && i->valueint == index)
            return c;
    }
    return NULL;
}

char *chat_text(const cJSON *chunks, int index, const char *field)
{
    size_t len = 0;
    char *text = calloc(1, 1);
    const cJSON *chunk;
    cJSON_ArrayForEach(chunk, chunks)
    {
        const cJSON *d = cJSON_GetObjectItem(choice_of(chunk, index), "delta");
        const cJSON *s = cJSON_GetObjectItem(d, field);
        if (!cJSON_IsString(s))
            continue;
        size_t n = strlen(s->valuestring);
        text = realloc(text, len + n + 1);
        memcpy(text + len, s->valuestring, n + 1);
        len += n;
    }
    return text;
}

const char *chat_finish(const cJSON *chunks, int index)
{
    const char *finish = NULL;
    const cJSON *chunk;
    cJSON_ArrayForEach(chunk, chunks)
    {
        const cJSON *f =
            cJSON_GetObjectItem(choice_of(chunk, index), "finish_reason");
        if (cJSON_IsString(f))
            finish = f->valuestring;
    }
    return finish;
}
