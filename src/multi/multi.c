/* oai_multi: the client's engine exposed to event loops (oai/multi.h).
 *
 * The engine (http/engine.c) already runs every transfer of a client off
 * one curl multi handle without sleeping; a blocking call simply loops
 * tick + poll until its own transfer is done. A multi instead lets the
 * application decide when to tick (perform, or socket_action with
 * libcurl's socket callbacks), and after every tick steps the objects the
 * engine flagged as ready (bytes arrived, request done) or whose own timer
 * (poll interval, stall deadline) is due. */
#include "multi/multi_int.h"

#include <stddef.h>
#include <string.h>

#include "core/alloc.h"
#include "http/client_impl.h"
#include "http/engine.h"

struct oai_multi {
    oai_client *c;
    oai_multi_options o;
    int level2;
    int in_api;       /* inside perform / socket_action */
    int in_cb;        /* inside a done callback */
    oai__dlist all;   /* every added object */
    oai__dlist ready; /* objects to step after the engine ran */
    /* Entry deadlines: a heap of the entries' next timers, so a call
     * touches only the due ones (a stale, earlier key is put right when it
     * reaches the top), and the short list of watched entries. */
    oai__dheap dl;
    size_t n_heaped; /* attached entries that may be in dl */
    oai__dlist watched;
    oai__mentry *stepping; /* cleared if its step detached it */
    size_t n_running;
    oai_multi_msg *msgs; /* completions, msgs[rd..n) unread */
    oai__mentry **msg_entry;
    size_t n_msgs, rd, cap_msgs;
    int64_t curl_deadline; /* level 2: libcurl's timer (TIMERFUNCTION), -1 */
    int64_t reported;      /* deadline last given to timer_cb, -2 never */
    int priv;              /* oai__multi_new_private(): client untouched */
};

static long clamp_ms(int64_t v)
{
    return v < 0 ? 0 : (v > 86400000 ? 86400000 : (long)v);
}

#define ENTRY_OF(node)                                                         \
    ((oai__mentry *)((char *)(node)-offsetof(oai__mentry, dnode)))

/* File e's next deadline after a step (or attach) may have moved it. A
 * deadline that moved later (or went away) keeps its old key until it
 * reaches the top: a stream's stall timer moves with every event, and
 * re-sorting it each time would cost more than the rare fix-up. */
static void resched(oai_multi *m, oai__mentry *e)
{
    if (e->watch || e->finished || !e->vt->deadline)
        return;
    int64_t d = e->vt->deadline(e);
    if (d >= 0 && (!e->dnode.slot || d < e->dnode.key))
        oai__dheap_set(&m->dl, &e->dnode, d);
}

/* The heap's earliest entry with its key brought up to date, or NULL. */
static oai__mentry *heap_top(oai_multi *m)
{
    oai__dnode *d;
    while ((d = oai__dheap_top(&m->dl))) {
        oai__mentry *e = ENTRY_OF(d);
        int64_t due = e->vt->deadline(e);
        if (due == d->key)
            return e;
        if (due < 0)
            oai__dheap_remove(&m->dl, d);
        else
            oai__dheap_set(&m->dl, d, due);
    }
    return NULL;
}

static long merged_timeout(oai_multi *m, int64_t now)
{
    if (m->ready.head)
        return 0;
    long t;
    if (m->level2) {
        t = oai__engine_own_timeout(m->c, now);
        if (m->curl_deadline >= 0) {
            long ct = clamp_ms(m->curl_deadline - now);
            if (t < 0 || ct < t)
                t = ct;
        }
    } else {
        t = oai__engine_timeout(m->c);
    }
    for (oai__dlink *k = m->watched.head; k; k = k->next) {
        oai__mentry *e = k->owner;
        if (e->finished || !e->vt->deadline)
            continue;
        int64_t d = e->vt->deadline(e);
        if (d >= 0) {
            long et = clamp_ms(d - now);
            if (t < 0 || et < t)
                t = et;
        }
    }
    oai__mentry *e = heap_top(m);
    if (e) {
        long et = clamp_ms(e->dnode.key - now);
        if (t < 0 || et < t)
            t = et;
    }
    return t;
}

/* 1 when the loop's timer already holds the deadline that is `t` ms after
 * `at` and that is not due (0 is always repeated: the loop must come back
 * at once). */
static int timer_stands(const oai_multi *m, long t, int64_t at)
{
    return t != 0 && (t < 0 ? -1 : at + t) == m->reported;
}

/* Level 2: tell the application's timer about the merged deadline when it
 * moved. */
static void report_timer(oai_multi *m)
{
    if (!m->level2)
        return;
    int64_t now = oai__now_ms();
    long t = merged_timeout(m, now);
    if (timer_stands(m, t, now))
        return;
    m->reported = t < 0 ? -1 : now + t;
    m->o.timer_cb(t, m->o.user_data);
}

/* report_timer() at the end of an API call, given `then`, a clock reading
 * taken during the call: when the merged deadline seen from `then` is the
 * one the loop already holds and not due, the loop's timer stands, and the
 * fresh clock read report_timer() makes (one per event when thousands of
 * streams are busy) is not needed. */
static void report_timer_since(oai_multi *m, int64_t then)
{
    if (!m->level2)
        return;
    if (timer_stands(m, merged_timeout(m, then), then))
        return;
    report_timer(m);
}

void oai__multi_timer_changed(oai_multi *m)
{
    if (m && !m->in_api)
        report_timer(m);
}

static void engine_kick(void *ud)
{
    oai__multi_timer_changed(ud);
}

static int curl_socket_cb(CURL *easy, curl_socket_t fd, int what, void *userp,
                          void *socketp)
{
    oai_multi *m = userp;
    (void)easy;
    return m->o.socket_cb((oai_socket)fd, what, socketp, m->o.user_data) ? -1
                                                                         : 0;
}

static int curl_timer_cb(CURLM *cm, long timeout_ms, void *userp)
{
    oai_multi *m = userp;
    (void)cm;
    m->curl_deadline = timeout_ms < 0 ? -1 : oai__now_ms() + timeout_ms;
    if (!m->in_api)
        report_timer(m);
    return 0;
}

int oai_multi_new(oai_multi **out, oai_client *c, const oai_multi_options *opts)
{
    if (out)
        *out = NULL;
    if (!out || !c)
        return OAI_EINVAL;
    oai__error_clear(&c->err);
    if (opts && opts->version != OAI_MULTI_OPTIONS_VERSION)
        return oai__error_set(&c->err, OAI_EINVAL,
                              "unsupported oai_multi_options version %u",
                              opts->version);
    if (opts && !opts->socket_cb != !opts->timer_cb)
        return oai__error_set(&c->err, OAI_EINVAL,
                              "set both socket_cb and timer_cb, or neither");
    if (oai__http_client_driven(c))
        return oai__error_set(&c->err, OAI_EINVAL,
                              "the client already has a multi");
    oai_multi *m = oai__calloc(1, sizeof *m);
    if (!m)
        return oai__error_nomem(&c->err);
    oai_multi_options def = OAI_MULTI_OPTIONS_INIT;
    m->o = opts ? *opts : def;
    m->c = c;
    m->level2 = m->o.socket_cb != NULL;
    m->curl_deadline = -1;
    m->reported = -2;
    CURLM *cm = oai__engine_curlm(c);
    if (m->level2) {
        CURLMcode r =
            curl_multi_setopt(cm, CURLMOPT_SOCKETFUNCTION, curl_socket_cb);
        if (r == CURLM_OK)
            r = curl_multi_setopt(cm, CURLMOPT_SOCKETDATA, (void *)m);
        if (r == CURLM_OK)
            r = curl_multi_setopt(cm, CURLMOPT_TIMERFUNCTION, curl_timer_cb);
        if (r == CURLM_OK)
            r = curl_multi_setopt(cm, CURLMOPT_TIMERDATA, (void *)m);
        if (r != CURLM_OK) {
            curl_multi_setopt(cm, CURLMOPT_SOCKETFUNCTION, NULL);
            curl_multi_setopt(cm, CURLMOPT_TIMERFUNCTION, NULL);
            oai__free(m);
            return oai__error_set(&c->err, OAI_ERROR,
                                  "libcurl refused the socket callbacks");
        }
    }
    oai__engine_set_driver(c, engine_kick, m);
    *out = m;
    return OAI_OK;
}

int oai__multi_new_private(oai_multi **out, oai_client *c)
{
    oai_multi *m = *out = oai__calloc(1, sizeof *m);
    if (!m)
        return oai__error_nomem(&c->err);
    m->o.version = OAI_MULTI_OPTIONS_VERSION;
    m->c = c;
    m->curl_deadline = -1;
    m->reported = -2;
    m->priv = 1;
    return OAI_OK;
}

void oai_multi_free(oai_multi *m)
{
    if (!m)
        return;
    oai__mentry *e;
    while ((e = oai__dlist_first(&m->all)))
        oai__multi_detach(e);
    oai_client *c = m->c;
    CURLM *cm = oai__engine_curlm(c);
    if (m->level2) {
        curl_multi_setopt(cm, CURLMOPT_SOCKETFUNCTION, NULL);
        curl_multi_setopt(cm, CURLMOPT_SOCKETDATA, NULL);
        curl_multi_setopt(cm, CURLMOPT_TIMERFUNCTION, NULL);
        curl_multi_setopt(cm, CURLMOPT_TIMERDATA, NULL);
    }
    if (!m->priv) /* a private multi never became the client's driver */
        oai__engine_set_driver(c, NULL, NULL);
    oai__free(m->msgs);
    oai__free(m->msg_entry);
    oai__dheap_free(&m->dl);
    oai__free(m);
}

oai_client *oai__multi_client(const oai_multi *m)
{
    return m->c;
}

/* ---- entries ---------------------------------------------------------------
 */

static void on_notify(oai__notify *n)
{
    oai__multi_mark_ready((oai__mentry *)n);
}

static void ready_unlink(oai_multi *m, oai__mentry *e)
{
    if (!e->ready)
        return;
    oai__dlist_remove(&m->ready, &e->rlink);
    e->ready = 0;
}

void oai__multi_mark_ready(oai__mentry *e)
{
    oai_multi *m = e->m;
    if (!m || e->ready || e->finished)
        return;
    e->ready = 1;
    oai__dlist_push_back(&m->ready, &e->rlink, e);
    /* bytes that arrived during a blocking call on the client: level 2
     * must come back to run the hooks */
    if (!m->in_api)
        report_timer(m);
}

void oai__multi_attach(oai_multi *m, oai__mentry *e, const oai__mentry_vt *vt,
                       oai_multi_kind kind, void *object,
                       oai_multi_done_fn done, void *user_data)
{
    e->n.fn = on_notify;
    e->vt = vt;
    e->m = m;
    e->kind = kind;
    e->object = object;
    e->done = done;
    e->user_data = user_data;
    e->finished = 0;
    e->ready = 0;
    e->dnode.slot = 0;
    /* room in the heap now so no step has to allocate; without it the
     * entry is watched: looked at on every call, still on time */
    if (!e->watch && oai__dheap_reserve(&m->dl, m->n_heaped + 1))
        e->watch = 1;
    if (e->watch)
        oai__dlist_push_front(&m->watched, &e->wlink, e);
    else
        m->n_heaped++;
    oai__dlist_push_front(&m->all, &e->link, e);
    m->n_running++;
    /* look at it on the next call: it may already have something */
    oai__multi_mark_ready(e);
}

void oai__multi_detach(oai__mentry *e)
{
    oai_multi *m = e->m;
    if (!m)
        return;
    ready_unlink(m, e);
    oai__dlist_remove(&m->all, &e->link);
    if (e->watch) {
        oai__dlist_remove(&m->watched, &e->wlink);
    } else {
        oai__dheap_remove(&m->dl, &e->dnode);
        m->n_heaped--;
    }
    if (m->stepping == e)
        m->stepping = NULL;
    if (!e->finished)
        m->n_running--;
    for (size_t i = m->rd; i < m->n_msgs; i++)
        if (m->msg_entry[i] == e) {
            m->msg_entry[i] = NULL;
            m->msgs[i].object = NULL;
        }
    e->m = NULL;
    if (e->on_detach)
        e->on_detach(e);
}

void oai__multi_complete(oai__mentry *e, int result)
{
    oai_multi *m = e->m;
    if (!m || e->finished)
        return;
    e->finished = 1;
    m->n_running--;
    ready_unlink(m, e);
    oai__dheap_remove(&m->dl, &e->dnode);
    oai_multi_msg msg = {e->kind, e->object, result, e->user_data};
    if (m->n_msgs == m->cap_msgs) {
        size_t cap = m->cap_msgs ? 2 * m->cap_msgs : 16;
        oai_multi_msg *nm = oai__realloc(m->msgs, cap * sizeof *nm);
        if (nm)
            m->msgs = nm;
        oai__mentry **ne =
            nm ? oai__realloc(m->msg_entry, cap * sizeof *ne) : NULL;
        if (ne) {
            m->msg_entry = ne;
            m->cap_msgs = cap;
        }
    }
    /* out of memory: the callback still runs, only the queue misses it */
    if (m->n_msgs < m->cap_msgs) {
        m->msgs[m->n_msgs] = msg;
        m->msg_entry[m->n_msgs++] = e;
    }
    if (e->done) {
        m->in_cb++;
        e->done(&msg, e->user_data);
        m->in_cb--;
    }
}

/* ---- driving ------------------------------------------------------------- */

static void begin(oai_multi *m)
{
    m->in_api = 1;
    /* messages already read are gone; unread ones move to the front */
    size_t left = m->n_msgs - m->rd;
    if (m->rd && left) {
        memmove(m->msgs, m->msgs + m->rd, left * sizeof *m->msgs);
        memmove(m->msg_entry, m->msg_entry + m->rd,
                left * sizeof *m->msg_entry);
    }
    m->n_msgs = left;
    m->rd = 0;
}

/* `now`: the clock as the engine's round ended. */
static void step_ready(oai_multi *m, int64_t now)
{
    for (oai__dlink *k = m->watched.head; k; k = k->next) {
        oai__mentry *e = k->owner;
        if (e->finished || e->ready || !e->vt->deadline)
            continue;
        int64_t d = e->vt->deadline(e);
        if (d >= 0 && d <= now)
            oai__multi_mark_ready(e);
    }
    /* due ones leave the heap; their step files their next deadline */
    oai__mentry *h;
    while ((h = heap_top(m)) && h->dnode.key <= now) {
        oai__dheap_remove(&m->dl, &h->dnode);
        oai__multi_mark_ready(h);
    }
    /* entries marked while stepping (a follow-up body) wait for the next
     * tick: stepping stops at the current tail */
    oai__mentry *last = m->ready.tail ? m->ready.tail->owner : NULL;
    oai__mentry *e;
    while ((e = oai__dlist_first(&m->ready))) {
        int was_last = e == last;
        ready_unlink(m, e);
        m->stepping = e;
        e->vt->step(e, now); /* may complete and free e */
        if (m->stepping == e)
            resched(m, e);
        m->stepping = NULL;
        if (was_last)
            break;
    }
}

static void end(oai_multi *m, int *running, int64_t then)
{
    m->in_api = 0;
    report_timer_since(m, then);
    if (running)
        *running = (int)m->n_running;
}

int oai_multi_perform(oai_multi *m, int *running)
{
    if (running)
        *running = 0;
    if (!m || m->in_api || m->in_cb)
        return OAI_EINVAL;
    begin(m);
    int64_t now = oai__engine_tick(m->c);
    step_ready(m, now);
    end(m, running, now);
    return OAI_OK;
}

int oai_multi_socket_action(oai_multi *m, oai_socket fd, int events,
                            int *running)
{
    if (running)
        *running = 0;
    if (!m || !m->level2 || m->in_api || m->in_cb)
        return OAI_EINVAL;
    begin(m);
    int64_t now = oai__engine_tick_socket(
        m->c,
        fd == OAI_SOCKET_TIMEOUT ? CURL_SOCKET_TIMEOUT : (curl_socket_t)fd,
        events);
    if (fd == OAI_SOCKET_TIMEOUT) {
        /* After a timeout action libcurl does not report a timer that went
         * away (its last-call memory is reset), so a stale deadline would
         * say "now" forever: ask it. And the loop's timer fired, perhaps
         * early by a cached clock: report the deadline even if unchanged. */
        long ct = -1;
        curl_multi_timeout(oai__engine_curlm(m->c), &ct);
        m->curl_deadline = ct < 0 ? -1 : now + ct;
        m->reported = -2;
    }
    step_ready(m, now);
    end(m, running, now);
    return OAI_OK;
}

int oai_multi_wait(oai_multi *m, int timeout_ms)
{
    if (!m || timeout_ms < 0 || m->in_api || m->in_cb)
        return OAI_EINVAL;
    long t = merged_timeout(m, oai__now_ms());
    if (t < 0 || t > timeout_ms)
        t = timeout_ms;
    if (t == 0)
        return OAI_OK;
    return oai__engine_poll(m->c, t);
}

int oai_multi_wakeup(oai_multi *m)
{
    if (!m)
        return OAI_EINVAL;
    return oai__engine_wakeup(m->c);
}

int oai_multi_timeout(long *ms, oai_multi *m)
{
    if (ms)
        *ms = -1;
    if (!ms || !m)
        return OAI_EINVAL;
    *ms = merged_timeout(m, oai__now_ms());
    return OAI_OK;
}

int oai_multi_assign(oai_multi *m, oai_socket fd, void *socket_data)
{
    if (!m || !m->level2)
        return OAI_EINVAL;
    return curl_multi_assign(oai__engine_curlm(m->c), (curl_socket_t)fd,
                             socket_data) == CURLM_OK
               ? OAI_OK
               : OAI_EINVAL;
}

const oai_multi_msg *oai_multi_info_read(oai_multi *m, int *msgs_left)
{
    if (msgs_left)
        *msgs_left = 0;
    if (!m)
        return NULL;
    while (m->rd < m->n_msgs && !m->msg_entry[m->rd])
        m->rd++; /* its object was freed */
    if (m->rd == m->n_msgs)
        return NULL;
    const oai_multi_msg *msg = &m->msgs[m->rd++];
    if (msgs_left) {
        int left = 0;
        for (size_t i = m->rd; i < m->n_msgs; i++)
            left += m->msg_entry[i] != NULL;
        *msgs_left = left;
    }
    return msg;
}
