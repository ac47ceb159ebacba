#include "emu_harness.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>
#include <curl/curl.h>

static void msleep(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    size_t k;
    while ((k = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n < 2) {
            cap *= 2;
            b = realloc(b, cap);
        }
    }
    fclose(f);
    b[n] = '\0';
    if (len)
        *len = n;
    return b;
}

void emu_start(emu_proc *p, const char *const *args)
{
    const char *argv[64] = {"--step-ms", "2", "--delta-ms", "1", "--file-process-ms", "30"};
    size_t n = 6;
    for (; args && *args && n < 63; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    if (tu_emu_start(p, argv) != 0)
        fail_msg("oai-emulator did not start");
}

int emu_stop(emu_proc *p)
{
    return tu_emu_stop(p);
}

struct buf {
    char *p;
    size_t n;
};

static size_t on_data(char *d, size_t s, size_t m, void *u)
{
    struct buf *b = u;
    size_t k = s * m;
    b->p = realloc(b->p, b->n + k + 1);
    memcpy(b->p + b->n, d, k);
    b->n += k;
    b->p[b->n] = '\0';
    return k;
}

void emu_http(const emu_proc *p, const char *method, const char *path, const char *body,
              const char *const *headers, http_res *out)
{
    memset(out, 0, sizeof *out);
    CURL *c = curl_easy_init();
    assert_non_null(c);
    char url[2048];
    snprintf(url, sizeof url, "%s%s", p->base_url, path);
    struct curl_slist *h = NULL;
    int has_auth = 0, has_ct = 0;
    for (int i = 0; headers && headers[i]; i++) {
        h = curl_slist_append(h, headers[i]);
        if (strncasecmp(headers[i], "Authorization:", 14) == 0)
            has_auth = 1;
        if (strncasecmp(headers[i], "Content-Type:", 13) == 0)
            has_ct = 1;
    }
    if (!has_auth)
        h = curl_slist_append(h, "Authorization: Bearer sk-test");
    h = curl_slist_append(h, "OpenAI-Beta: assistants=v2");
    if (body && !has_ct)
        h = curl_slist_append(h, "Content-Type: application/json");
    h = curl_slist_append(h, "Expect:");
    struct buf b = {0}, hb = {0};
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &hb);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    out->curl_code = (int)curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
    out->body = b.p ? b.p : strdup("");
    out->len = b.n;
    out->headers = hb.p ? hb.p : strdup("");
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

void http_res_free(http_res *r)
{
    free(r->body);
    free(r->headers);
    r->body = r->headers = NULL;
}

const char *http_header(const http_res *r, const char *name, char *buf, size_t n)
{
    size_t nl = strlen(name);
    const char *line = r->headers;
    while (line && *line) {
        const char *eol = strstr(line, "\r\n");
        if (!eol)
            eol = line + strlen(line);
        if ((size_t)(eol - line) > nl && strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
            const char *v = line + nl + 1;
            while (*v == ' ')
                v++;
            size_t k = (size_t)(eol - v);
            if (k >= n)
                k = n - 1;
            memcpy(buf, v, k);
            buf[k] = '\0';
            return buf;
        }
        line = *eol ? eol + 2 : eol;
    }
    return NULL;
}

cJSON *emu_call(const emu_proc *p, const char *method, const char *path, const char *body, long status)
{
    http_res r;
    emu_http(p, method, path, body, NULL, &r);
    if (r.status != status)
        fail_msg("%s %s: status %ld, expected %ld; body: %.500s", method, path, r.status, status, r.body);
    cJSON *j = cJSON_Parse(r.body);
    if (!j)
        fail_msg("%s %s: body is not JSON: %.300s", method, path, r.body);
    http_res_free(&r);
    return j;
}

cJSON *emu_callf(const emu_proc *p, const char *method, const char *path, long status, const char *fmt, ...)
{
    char body[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    return emu_call(p, method, path, body, status);
}

char **sse_names(const char *body, size_t *n)
{
    size_t cap = 64;
    char **out = malloc(cap * sizeof *out);
    *n = 0;
    const char *line = body;
    while (*line) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        if (len > 7 && strncmp(line, "event: ", 7) == 0) {
            if (*n == cap) {
                cap *= 2;
                out = realloc(out, cap * sizeof *out);
            }
            out[*n] = strndup(line + 7, len - 7);
            (*n)++;
        }
        if (!eol)
            break;
        line = eol + 1;
    }
    return out;
}

void sse_names_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

cJSON *sse_data(const char *body, const char *name, int nth)
{
    char pat[128];
    snprintf(pat, sizeof pat, "event: %s\ndata: ", name);
    const char *p = body;
    for (;;) {
        const char *hit = strstr(p, pat);
        if (!hit)
            return NULL;
        if (hit != body && hit[-1] != '\n') {
            p = hit + 1;
            continue;
        }
        if (nth-- == 0) {
            const char *d = hit + strlen(pat);
            const char *e = strchr(d, '\n');
            char *s = strndup(d, e ? (size_t)(e - d) : strlen(d));
            cJSON *j = cJSON_Parse(s);
            free(s);
            return j;
        }
        p = hit + 1;
    }
}

char *sse_pattern(const char *body)
{
    size_t n;
    char **names = sse_names(body, &n);
    size_t cap = 64, len = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && strcmp(names[i], names[i - 1]) == 0)
            continue;
        size_t k = strlen(names[i]);
        while (len + k + 2 > cap) {
            cap *= 2;
            out = realloc(out, cap);
        }
        if (len)
            out[len++] = ',';
        memcpy(out + len, names[i], k + 1);
        len += k;
    }
    sse_names_free(names, n);
    return out;
}

const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

double jnum(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

cJSON *emu_wait_field(const emu_proc *p, const char *path, const char *field, const char *value, int timeout_ms)
{
    cJSON *j = NULL;
    for (int waited = 0; waited <= timeout_ms; waited += 10) {
        cJSON_Delete(j);
        j = emu_call(p, "GET", path, NULL, 200);
        const char *v = jstr(j, field);
        if (v && strcmp(v, value) == 0)
            return j;
        msleep(10);
    }
    fail_msg("%s: %s never became %s (last %s)", path, field, value, jstr(j, field) ? jstr(j, field) : "?");
    return j;
}

cJSON *emu_upload(const emu_proc *p, const char *filename, const char *content, size_t len, const char *purpose,
                  long status)
{
    CURL *c = curl_easy_init();
    char url[256];
    snprintf(url, sizeof url, "%s/files", p->base_url);
    curl_mime *mime = curl_mime_init(c);
    curl_mimepart *part;
    if (purpose) {
        part = curl_mime_addpart(mime);
        curl_mime_name(part, "purpose");
        curl_mime_data(part, purpose, CURL_ZERO_TERMINATED);
    }
    if (filename) {
        part = curl_mime_addpart(mime);
        curl_mime_name(part, "file");
        curl_mime_filename(part, filename);
        curl_mime_type(part, "text/plain");
        curl_mime_data(part, content, len);
    }
    struct curl_slist *h = curl_slist_append(NULL, "Authorization: Bearer sk-test");
    struct buf b = {0};
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_mime_free(mime);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK || code != status)
        fail_msg("upload %s: curl %d status %ld (want %ld): %s", filename ? filename : "-", (int)rc, code, status,
                 b.p ? b.p : "");
    cJSON *j = cJSON_Parse(b.p);
    free(b.p);
    assert_non_null(j);
    return j;
}
