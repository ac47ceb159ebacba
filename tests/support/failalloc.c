#include "testutil.h"

#include <malloc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "oai/common.h"

static atomic_long g_count, g_fail_at, g_live;
static atomic_size_t g_bytes, g_peak; /* live heap bytes and their peak */

static void add_bytes(void *p)
{
    size_t now = atomic_fetch_add(&g_bytes, malloc_usable_size(p)) +
                 malloc_usable_size(p);
    size_t peak = atomic_load(&g_peak);
    while (now > peak && !atomic_compare_exchange_weak(&g_peak, &peak, now))
        ;
}
static atomic_int g_failed;

/* blocks of one usable size, tu_failalloc_watch_size() */
static atomic_size_t g_watch_usable;
static atomic_long g_watch_live, g_watch_made;

static void watch(void *p, long d)
{
    size_t u = atomic_load(&g_watch_usable);
    if (u && malloc_usable_size(p) == u) {
        atomic_fetch_add(&g_watch_live, d);
        if (d > 0)
            atomic_fetch_add(&g_watch_made, 1);
    }
}

static int should_fail(void)
{
    long n = atomic_fetch_add(&g_count, 1) + 1;
    long k = atomic_load(&g_fail_at);
    if (k > 0 && n == k) {
        atomic_store(&g_failed, 1);
        return 1;
    }
    return 0;
}

static void *fa_malloc(size_t n, void *ud)
{
    (void)ud;
    if (should_fail())
        return NULL;
    void *p = malloc(n);
    if (p) {
        atomic_fetch_add(&g_live, 1);
        add_bytes(p);
        watch(p, 1);
    }
    return p;
}

static void *fa_realloc(void *p, size_t n, void *ud)
{
    (void)ud;
    if (should_fail())
        return NULL;
    size_t old = p ? malloc_usable_size(p) : 0;
    if (p)
        watch(p, -1); /* counted again below if it is still of that size */
    void *q = realloc(p, n);
    if (!q && p)
        watch(p, 1);
    if (q && !p)
        atomic_fetch_add(&g_live, 1);
    if (q) {
        atomic_fetch_sub(&g_bytes, old);
        add_bytes(q);
        watch(q, 1);
    }
    return q;
}

static void fa_free(void *p, void *ud)
{
    (void)ud;
    if (p) {
        atomic_fetch_sub(&g_live, 1);
        atomic_fetch_sub(&g_bytes, malloc_usable_size(p));
        watch(p, -1);
        free(p);
    }
}

void tu_failalloc_install(void)
{
    static const oai_allocator a = {OAI_ALLOCATOR_VERSION, NULL, fa_malloc,
                                    fa_realloc, fa_free};
    oai_global_init(&a);
}

void tu_failalloc_arm(long k)
{
    atomic_store(&g_count, 0);
    atomic_store(&g_failed, 0);
    atomic_store(&g_fail_at, k);
}

void tu_failalloc_watch_size(size_t n)
{
    void *probe = malloc(n);
    atomic_store(&g_watch_live, 0);
    atomic_store(&g_watch_made, 0);
    atomic_store(&g_watch_usable, probe ? malloc_usable_size(probe) : 0);
    free(probe);
}

long tu_failalloc_watched_live(void) { return atomic_load(&g_watch_live); }
long tu_failalloc_watched_made(void) { return atomic_load(&g_watch_made); }

long tu_failalloc_count(void) { return atomic_load(&g_count); }
long tu_failalloc_live(void) { return atomic_load(&g_live); }
int tu_failalloc_failed(void) { return atomic_load(&g_failed); }
size_t tu_failalloc_bytes(void) { return atomic_load(&g_bytes); }
size_t tu_failalloc_peak_reset(void)
{
    size_t peak = atomic_load(&g_peak);
    atomic_store(&g_peak, atomic_load(&g_bytes));
    return peak;
}

long tu_failalloc_sweep(int (*life)(void *ctx), void *ctx, const char *what)
{
    long live0 = tu_failalloc_live();
    tu_failalloc_arm(0);
    if (life(ctx) != 0)
        fail_msg("%s: a failure reported with no allocation failing", what);
    long total = tu_failalloc_count();
    if (tu_failalloc_live() != live0)
        fail_msg("%s: leak with no allocation failing", what);
    if (total <= 10)
        fail_msg("%s: only %ld allocations", what, total);
    printf("%s: %ld allocations, each failed in turn\n", what, total);
    for (long k = 1; k <= total; k++) {
        tu_failalloc_arm(k);
        int noticed = life(ctx);
        tu_failalloc_arm(0);
        if (tu_failalloc_live() != live0)
            fail_msg("%s: leak after failing allocation %ld of %ld", what, k,
                     total);
        if (noticed == 0)
            fail_msg("%s: allocation %ld of %ld failed unnoticed", what, k,
                     total);
    }
    return total;
}

typedef struct file_life {
    int (*life)(const char *buf, size_t len);
    const char *buf;
    size_t len;
} file_life;

static int run_file_life(void *ctx)
{
    const file_life *f = ctx;
    return f->life(f->buf, f->len);
}

long tu_failalloc_sweep_file(const char *path,
                             int (*life)(const char *buf, size_t len),
                             const char *what)
{
    file_life f = {life, NULL, 0};
    char *buf = tu_read_file(path, &f.len);
    if (!buf)
        fail_msg("%s: cannot read %s", what, path);
    f.buf = buf;
    long total = tu_failalloc_sweep(run_file_life, &f, what);
    free(buf);
    return total;
}
