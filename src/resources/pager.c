/* One-page list calls and the auto-paging iterator. */
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/json.h"
#include "http/request.h"
#include "resources/request_copy.h"
#include "resources/rest.h"

struct oai_pager {
    oai_client *client;
    const char *path;
    unsigned allowed;
    oai_list_options opts;
    void *strings; /* path and the strings of opts, kept together */
    char *cursor;
    char **include;
    oai__request_copy req; /* the caller's request options, if any */
    int have_req;
    int backwards;     /* paging with before=first_id */
    oai_json *page;    /* current page */
    const cJSON *next; /* next item to hand out */
    int has_more;
    unsigned pages;
    int failed; /* sticky error code */
};

int oai__rest_list(oai_json **out, oai_client *c, const char *path,
                   const oai_list_options *o, const char *const *include,
                   unsigned allowed, const oai_request_options *ropts)
{
    oai__strbuf q = {0};
    int rc = oai__query_add_list(&q, c, o, allowed);
    if (!rc && oai__query_add_include(&q, include))
        rc = oai__rest_nomem(c);
    if (!rc)
        rc = oai__rest_send(out, c, "GET", path, q.p, NULL, ropts);
    oai__strbuf_free(&q);
    return rc;
}

static char **dup_list(const char *const *src, size_t n)
{
    char **d = oai__calloc(n + 1, sizeof *d);
    for (size_t i = 0; d && i < n; i++) {
        if (!(d[i] = oai__strdup(src[i]))) {
            for (size_t j = 0; j < i; j++)
                oai__free(d[j]);
            oai__free(d);
            return NULL;
        }
    }
    return d;
}

static int copy_options(oai_pager *p, const char *path,
                        const oai_list_options *o, const char *const *include)
{
    oai_list_options def = OAI_LIST_OPTIONS_INIT;
    if (!o)
        o = &def;
    p->opts = def;
    p->opts.limit = o->limit;
    const void *src[] = {path, o->order, o->filter, o->run_id, o->purpose};
    const char **dst[] = {&p->path, &p->opts.order, &p->opts.filter,
                          &p->opts.run_id, &p->opts.purpose};
    if (!(p->strings = oai__strpack(sizeof src / sizeof *src, src, NULL, dst)))
        return OAI_ENOMEM;
    p->backwards = o->before != NULL;
    const char *cursor = p->backwards ? o->before : o->after;
    if (cursor && !(p->cursor = oai__strdup(cursor)))
        return OAI_ENOMEM;
    if (include) {
        size_t n = 0;
        while (include[n])
            n++;
        if (!(p->include = dup_list(include, n)))
            return OAI_ENOMEM;
    }
    return OAI_OK;
}

static void free_list(char **l)
{
    if (!l)
        return;
    for (char **s = l; *s; s++)
        oai__free(*s);
    oai__free(l);
}

/* Fetch the page after (or before) the cursor. */
static int fetch(oai_pager *p)
{
    oai_list_options o = p->opts;
    if (p->backwards)
        o.before = p->cursor;
    else
        o.after = p->cursor;
    oai_json *page = NULL;
    int rc = oai__rest_list(&page, p->client, p->path, &o,
                            (const char *const *)p->include, p->allowed,
                            p->have_req ? &p->req.opts : NULL);
    p->pages++;
    if (rc)
        return rc;
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(oai__cj(page), "data");
    if (!cJSON_IsArray(data)) {
        oai_json_free(page);
        return oai__error_set(oai__client_error(p->client), OAI_EPROTOCOL,
                              "list response has no `data` array");
    }
    oai_json_free(p->page);
    p->page = page;
    p->next = data->child;
    p->has_more = oai_json_bool(oai_json_get(page, "has_more"), 0);
    /* The next cursor: the id of the last (forwards) or first (backwards)
     * item, as the SDKs do; an empty page ends the walk. */
    const cJSON *edge = NULL;
    if (data->child) {
        edge = data->child;
        if (!p->backwards)
            while (edge->next)
                edge = edge->next;
    }
    const char *id =
        edge ? oai_json_string(oai_json_get(oai__view(edge), "id")) : NULL;
    if (!id) /* items without ids (should not happen): use the page's ids */
        id = oai_json_string(
            oai_json_get(page, p->backwards ? "first_id" : "last_id"));
    oai__free(p->cursor);
    p->cursor = NULL;
    if (!data->child || !id) {
        p->has_more = 0;
        return OAI_OK;
    }
    p->cursor = oai__strdup(id);
    if (!p->cursor)
        return oai__rest_nomem(p->client);
    return OAI_OK;
}

int oai__pager_new(oai_pager **out, oai_client *c, const char *path,
                   const oai_list_options *o, const char *const *include,
                   unsigned allowed, const oai_request_options *ropts)
{
    *out = NULL;
    /* validate before allocating so argument errors read the same as list's */
    oai__strbuf q = {0};
    int rc = oai__query_add_list(&q, c, o, allowed);
    oai__strbuf_free(&q);
    if (rc)
        return rc;
    oai_pager *p = oai__calloc(1, sizeof *p);
    if (!p)
        return oai__rest_nomem(c);
    p->client = c;
    p->allowed = allowed;
    p->have_req = ropts != NULL;
    if (copy_options(p, path, o, include) ||
        oai__request_copy_init(&p->req, ropts)) {
        oai_pager_free(p);
        return oai__rest_nomem(c);
    }
    rc = fetch(p);
    if (rc) {
        oai_pager_free(p);
        return rc;
    }
    *out = p;
    return OAI_OK;
}

int oai_pager_next(const oai_json **out, oai_pager *p)
{
    if (!out || !p)
        return OAI_EINVAL;
    *out = NULL;
    if (p->failed)
        return p->failed;
    while (!p->next) {
        if (!p->has_more)
            return OAI_ITEROVER;
        int rc = fetch(p);
        if (rc) {
            p->failed = rc;
            return rc;
        }
    }
    *out = oai__view(p->next);
    p->next = p->next->next;
    return OAI_OK;
}

int oai_pager_has_more(const oai_pager *p)
{
    return p ? p->has_more : 0;
}

unsigned int oai_pager_pages(const oai_pager *p)
{
    return p ? p->pages : 0;
}

void oai_pager_free(oai_pager *p)
{
    if (!p)
        return;
    oai_json_free(p->page);
    oai__free(p->strings);
    oai__free(p->cursor);
    free_list(p->include);
    oai__request_copy_clear(&p->req);
    oai__free(p);
}
