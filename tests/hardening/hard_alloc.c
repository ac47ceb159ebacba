#include "hard_alloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "oai/common.h"

/* Each block carries its size in a header that keeps the alignment. */
#define HDR 16
static atomic_size_t g_live, g_peak;

static void account(size_t add, size_t sub)
{
    atomic_fetch_add(&g_live, add);
    size_t now = atomic_fetch_sub(&g_live, sub) - sub;
    size_t peak = atomic_load(&g_peak);
    while (now > peak && !atomic_compare_exchange_weak(&g_peak, &peak, now))
        ;
}

static void *cnt_malloc(size_t n, void *ud)
{
    (void)ud;
    char *p = malloc(n + HDR);
    if (!p)
        return NULL;
    memcpy(p, &n, sizeof n);
    account(n, 0);
    return p + HDR;
}

static void *cnt_realloc(void *q, size_t n, void *ud)
{
    if (!q)
        return cnt_malloc(n, ud);
    char *h = (char *)q - HDR;
    size_t old;
    memcpy(&old, h, sizeof old);
    char *p = realloc(h, n + HDR);
    if (!p)
        return NULL;
    memcpy(p, &n, sizeof n);
    account(n, old);
    return p + HDR;
}

static void cnt_free(void *q, void *ud)
{
    (void)ud;
    if (!q)
        return;
    char *h = (char *)q - HDR;
    size_t old;
    memcpy(&old, h, sizeof old);
    account(0, old);
    free(h);
}

void hc_bytes_install(void)
{
    static const oai_allocator a = {OAI_ALLOCATOR_VERSION, NULL, cnt_malloc, cnt_realloc, cnt_free};
    oai_global_init(&a);
}

void hc_bytes_reset_peak(void) { atomic_store(&g_peak, atomic_load(&g_live)); }
size_t hc_bytes_peak(void) { return atomic_load(&g_peak); }
size_t hc_bytes_live(void) { return atomic_load(&g_live); }
