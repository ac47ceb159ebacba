#include "core/alloc.h"

#include <cJSON.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "oai/errors.h"

static void *libc_malloc(size_t n, void *ud)
{
    (void)ud;
    return malloc(n);
}
static void *libc_realloc(void *p, size_t n, void *ud)
{
    (void)ud;
    return realloc(p, n);
}
static void libc_free(void *p, void *ud)
{
    (void)ud;
    free(p);
}

static oai_allocator g_alloc = {OAI_ALLOCATOR_VERSION, NULL, libc_malloc,
                                libc_realloc, libc_free};
static int g_initialised;
static pthread_mutex_t g_init_lock = PTHREAD_MUTEX_INITIALIZER;

static _Thread_local unsigned long t_failures;

void *oai__malloc(size_t n)
{
    void *p = g_alloc.malloc_fn(n ? n : 1, g_alloc.user_data);
    if (!p)
        t_failures++;
    return p;
}

void *oai__realloc(void *p, size_t n)
{
    void *q = g_alloc.realloc_fn(p, n ? n : 1, g_alloc.user_data);
    if (!q)
        t_failures++;
    return q;
}

unsigned long oai__alloc_failures(void)
{
    return t_failures;
}
void oai__free(void *p)
{
    if (p)
        g_alloc.free_fn(p, g_alloc.user_data);
}

void *oai__calloc(size_t count, size_t size)
{
    if (size && count > (size_t)-1 / size)
        return NULL;
    void *p = oai__malloc(count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

char *oai__strndup(const char *s, size_t n)
{
    char *d = oai__malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *oai__strdup(const char *s)
{
    return s ? oai__strndup(s, strlen(s)) : NULL;
}

int oai__grow(char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 64;
    while (ncap < need) {
        if (ncap > (size_t)-1 / 2)
            return OAI_ENOMEM;
        /* past 64 KiB by half: a long line or text then holds at most half
         * again its size, not twice it */
        ncap += ncap < ((size_t)64 << 10) ? ncap : ncap / 2;
    }
    char *n = oai__realloc(*buf, ncap);
    if (!n)
        return OAI_ENOMEM;
    *buf = n;
    *cap = ncap;
    return 0;
}

int oai__grow_array(void *array, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 4;
    if (ncap > (size_t)-1 / size)
        return OAI_ENOMEM;
    void *v; /* copied in and out: the pointer's type is the caller's */
    memcpy(&v, array, sizeof v);
    v = oai__realloc(v, ncap * size);
    if (!v)
        return OAI_ENOMEM;
    memcpy(array, &v, sizeof v);
    *cap = ncap;
    return 0;
}

void *oai__object_new(void *out, int version_ok, size_t size, int *rc)
{
    if (out)
        memset(out, 0, sizeof(void *)); /* a null T * on our platforms */
    *rc = OAI_EINVAL;
    if (!out || !version_ok)
        return NULL;
    *rc = OAI_ERROR;
    if (oai__ensure_global_init() != OAI_OK)
        return NULL;
    void *obj = oai__calloc(1, size);
    *rc = obj ? OAI_OK : OAI_ENOMEM;
    return obj;
}

/* The length of src[i] as oai__strpack() copies it. */
static size_t packed_len(const void *const *src, const size_t *len, size_t i)
{
    return !len || len[i] == (size_t)-1 ? strlen(src[i]) : len[i];
}

void *oai__strpack(size_t n, const void *const *src, const size_t *len,
                   const char **const *dst)
{
    size_t size = 1; /* never a zero-byte allocation */
    for (size_t i = 0; i < n; i++) {
        size_t k = src[i] ? packed_len(src, len, i) : 0;
        if (src[i] && k >= (size_t)-1 - size)
            return NULL;
        size += src[i] ? k + 1 : 0;
    }
    char *block = oai__malloc(size);
    char *at = block;
    for (size_t i = 0; block && i < n; i++) {
        *dst[i] = src[i] ? at : NULL;
        if (!src[i])
            continue;
        size_t k = packed_len(src, len, i);
        memcpy(at, src[i], k);
        at[k] = '\0';
        at += k + 1;
    }
    return block;
}

void *oai_malloc(size_t n)
{
    return oai__malloc(n);
}
void *oai_realloc(void *p, size_t n)
{
    return oai__realloc(p, n);
}
void oai_free(void *p)
{
    oai__free(p);
}

/* libcurl and cJSON take plain function pointers without user data, so these
 * trampolines forward to the installed allocator. */
static void *tramp_malloc(size_t n)
{
    return oai__malloc(n);
}
static void tramp_free(void *p)
{
    oai__free(p);
}
static void *tramp_realloc(void *p, size_t n)
{
    return oai__realloc(p, n);
}
static char *tramp_strdup(const char *s)
{
    return oai__strdup(s);
}
static void *tramp_calloc(size_t c, size_t s)
{
    return oai__calloc(c, s);
}

static int init_locked(const oai_allocator *a)
{
    if (g_initialised)
        return OAI_OK;
    if (a) {
        if (a->version != OAI_ALLOCATOR_VERSION || !a->malloc_fn ||
            !a->realloc_fn || !a->free_fn)
            return OAI_EINVAL;
        g_alloc = *a;
    }
    cJSON_Hooks hooks = {tramp_malloc, tramp_free};
    cJSON_InitHooks(&hooks);
    if (curl_global_init_mem(CURL_GLOBAL_DEFAULT, tramp_malloc, tramp_free,
                             tramp_realloc, tramp_strdup,
                             tramp_calloc) != CURLE_OK)
        return OAI_ERROR;
    g_initialised = 1;
    return OAI_OK;
}

int oai_global_init(const oai_allocator *a)
{
    pthread_mutex_lock(&g_init_lock);
    int rc = init_locked(a);
    pthread_mutex_unlock(&g_init_lock);
    return rc;
}

int oai__ensure_global_init(void)
{
    return oai_global_init(NULL);
}

void oai_global_cleanup(void)
{
    pthread_mutex_lock(&g_init_lock);
    if (g_initialised) {
        curl_global_cleanup();
        cJSON_InitHooks(NULL);
        g_alloc = (oai_allocator){OAI_ALLOCATOR_VERSION, NULL, libc_malloc,
                                  libc_realloc, libc_free};
        g_initialised = 0;
    }
    pthread_mutex_unlock(&g_init_lock);
}
