/** @file
 * oai/pagination.h - list options, one-page lists and the auto-paging
 * iterator shared by every list operation.
 *
 * A list call returns one page: an owned oai_json document shaped like
 *   {"object":"list","data":[...],"first_id":"…","last_id":"…","has_more":true}
 * A pager walks every item across pages, fetching the next page only when
 * the caller reaches the end of the current one:
 *
 *   oai_pager *p;
 *   const oai_json *item;
 *   int rc = oai_messages_list_pager(&p, c, thread_id, NULL);
 *   while (rc == OAI_OK && (rc = oai_pager_next(&item, p)) == OAI_OK)
 *       puts(oai_json_path_string(item, "id"));
 *   oai_pager_free(p);
 *   if (rc != OAI_ITEROVER) ... oai_client_last_error(c) ...
 */
#ifndef OAI_PAGINATION_H
#define OAI_PAGINATION_H

#include "common.h"
#include "errors.h"
#include "json.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The current version of oai_list_options. */
#define OAI_LIST_OPTIONS_VERSION 1
/**
 * Query parameters of a list call. Zero / NULL members are not sent. Fields
 * that the API does not define for a given list are rejected with OAI_EINVAL
 * by that list call (e.g. `before` on /files, `run_id` anywhere but
 * messages), so a typo never silently lists something else.
 */
typedef struct oai_list_options {
    unsigned int version; /**< OAI_LIST_OPTIONS_VERSION */
    int limit;            /**< page size; <= 0 = server default */
    const char *order;    /**< "asc" or "desc"; NULL = server default */
    const char *after;    /**< cursor: items after this id */
    const char *before;   /**< cursor: items before this id (not on /files) */
    const char *filter;   /**< vector-store files and batch files: status */
    const char *run_id;   /**< messages: only those created by this run */
    const char *purpose;  /**< files: only this purpose */
} oai_list_options;
/** Initialiser of oai_list_options: the current version, every other field
 * default. */
#define OAI_LIST_OPTIONS_INIT                                                  \
    {                                                                          \
        OAI_LIST_OPTIONS_VERSION, 0, NULL, NULL, NULL, NULL, NULL, NULL        \
    }

/**
 * An auto-paging iterator over the items of a list. Created by the
 * `oai_<resource>_list_pager()` functions; it copies the options (strings
 * included) and borrows the client, which must outlive it. One thread at a
 * time. Paging direction follows the SDKs: when `before` was given the
 * pager walks backwards with `before=<first id of the page>`, otherwise
 * forwards with `after=<last id of the page>`; `order` is sent unchanged on
 * every page. Iteration ends after a page with `has_more: false` or an
 * empty page.
 */
typedef struct oai_pager oai_pager;

/**
 * The next item.
 * @param[out] out a borrowed view of the item, valid until the next
 *             oai_pager_next() or oai_pager_free() call on `p`.
 * @return OAI_OK (item in *out), OAI_ITEROVER (no more items; *out NULL),
 *         OAI_EINVAL (NULL argument), or the error of the page request
 *         (negative OAI_E*, detail in oai_client_last_error() of the
 *         pager's client). After an error the pager stays failed and
 *         returns the same code again.
 */
OAI_EXTERN int oai_pager_next(const oai_json **out, oai_pager *p);

/** 1 if the last page fetched said `has_more: true`, else 0. */
OAI_EXTERN int oai_pager_has_more(const oai_pager *p);

/** Number of page requests made so far. */
OAI_EXTERN unsigned int oai_pager_pages(const oai_pager *p);

/** Free the pager and its current page. NULL is fine. */
OAI_EXTERN void oai_pager_free(oai_pager *p);

#ifdef __cplusplus
}
#endif
#endif /* OAI_PAGINATION_H */
