/* Internal: a list of memory an object will read when it is next looked
 * at, so that whoever learns first that it will be (the HTTP engine, as
 * bytes arrive) can have it fetched into the cache while other work goes
 * on. With thousands of streams each one's state has left the cache by
 * the time its next event arrives; fetched one miss after another, that
 * state costs more than the event's own work. A prefetch never faults, so
 * a stale entry costs a wasted fetch, never a wrong result. */
#ifndef OAI_CORE_WARM_H
#define OAI_CORE_WARM_H

#include <stddef.h>
#include <stdint.h>

#define OAI__WARM_RANGES 24

typedef struct oai__warm {
    int n;
    unsigned short len[OAI__WARM_RANGES]; /* ranges are short: the list is
                                              read on every event */
    const void *p[OAI__WARM_RANGES];
} oai__warm;

/* Note [p, p + len) unless p is NULL, len is 0 or the list is full (later
 * ranges are the less important ones). A longer range is cut short. */
static inline void oai__warm_add(oai__warm *w, const void *p, size_t len)
{
    if (!p || !len || w->n == OAI__WARM_RANGES)
        return;
    w->p[w->n] = p;
    w->len[w->n] = (unsigned short)(len > 4096 ? 4096 : len);
    w->n++;
}

/* Ask for every cache line of [p, p + len). */
static inline void oai__prefetch(const void *p, size_t len)
{
#if defined(__GNUC__)
    const char *line = (const char *)((uintptr_t)p & ~(uintptr_t)63);
    size_t lines = ((size_t)((const char *)p - line) + len + 63) / 64;
    for (size_t i = 0; i < lines; i++) {
        __builtin_prefetch(line + 64 * i);
        /* GCC deletes a loop of prefetches alone as one without effect */
        __asm__ volatile("" : : "r"(line + 64 * i));
    }
#else
    (void)p;
    (void)len;
#endif
}

/* Ask for every cache line of the noted ranges. */
static inline void oai__warm_fetch(const oai__warm *w)
{
    for (int i = 0; i < w->n; i++)
        oai__prefetch(w->p[i], w->len[i]);
}

#endif
