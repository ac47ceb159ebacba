#include "reqlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <microhttpd.h>

#include "util.h"

static FILE *log_file;

int reqlog_open(const char *path)
{
    log_file = fopen(path, "a");
    return log_file ? 0 : -1;
}

int reqlog_enabled(void)
{
    return log_file != NULL;
}

static enum MHD_Result hdr_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    cJSON *h = cls;
    (void)kind;
    if (!key || !value)
        return MHD_YES;
    char low[128];
    size_t i = 0;
    for (; key[i] && i + 1 < sizeof low; i++)
        low[i] = (char)((key[i] >= 'A' && key[i] <= 'Z') ? key[i] + 32 : key[i]);
    low[i] = '\0';
    if (strcmp(low, "authorization") == 0 || strcmp(low, "api-key") == 0)
        return MHD_YES; /* never logged; see "auth" */
    if (strcmp(low, "openai-beta") == 0 || strcmp(low, "content-type") == 0 || strcmp(low, "user-agent") == 0 ||
        strcmp(low, "accept") == 0 || strcmp(low, "openai-organization") == 0 ||
        strcmp(low, "openai-project") == 0 || strcmp(low, "idempotency-key") == 0 ||
        strcmp(low, "content-length") == 0 || strcmp(low, "transfer-encoding") == 0 ||
        strncmp(low, "x-stainless-", 12) == 0 || strncmp(low, "x-emulator-", 11) == 0) {
        if (!cJSON_GetObjectItemCaseSensitive(h, low))
            cJSON_AddStringToObject(h, low, value);
    }
    return MHD_YES;
}

cJSON *reqlog_headers(struct MHD_Connection *conn, const char *auth)
{
    cJSON *h = cJSON_CreateObject();
    cJSON_AddStringToObject(h, "authorization", auth);
    MHD_get_connection_values(conn, MHD_HEADER_KIND, hdr_iter, h);
    return h;
}

void reqlog_write(cJSON *entry)
{
    if (log_file) {
        char *s = json_print(entry);
        fputs(s, log_file);
        fputc('\n', log_file);
        fflush(log_file);
        free(s);
    }
    cJSON_Delete(entry);
}

void reqlog_close(void)
{
    if (log_file)
        fclose(log_file);
    log_file = NULL;
}
