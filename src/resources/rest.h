/*
 * Internal: the small layer every REST resource function is written in.
 * Argument checks with SDK-style messages, path building with escaped ids,
 * query strings, and one call that sends a JSON request through the
 * client's transport (http/request.h) and returns the parsed answer.
 */
#ifndef OAI_RESOURCES_REST_H
#define OAI_RESOURCES_REST_H

#include <cJSON.h>
#include <stdarg.h>
#include <stddef.h>

#include "core/error.h"
#include "core/strbuf.h"
#include "http/request.h"
#include "oai/client.h"
#include "oai/json.h"
#include "oai/pagination.h"

/* ---- argument checks (all report on the client and return OAI_EINVAL) -- */

/* "Expected a non-empty value for `<name>` but received ''" (or NULL). */
int oai__rest_check_id(oai_client *c, const char *name, const char *value);
/* `j` must be a JSON object (NULL allowed when `optional`). */
int oai__rest_check_object(oai_client *c, const char *name, const oai_json *j,
                           int optional);
/* `j` must be a JSON array. */
int oai__rest_check_array(oai_client *c, const char *name, const oai_json *j);
/* `params` must not ask for `"stream": true` (non-streaming calls). */
int oai__rest_check_no_stream(oai_client *c, const oai_json *params);
/* Report an argument error with a printf-style message. */
int oai__rest_invalid(oai_client *c, const char *fmt, ...) OAI__PRINTF(2, 3);
/* Report OAI_ENOMEM. */
int oai__rest_nomem(oai_client *c);
/* The checks a stream call starts with: OAI_EINVAL for a NULL client, or
 * (reported on c) when the caller gave no `out`; clears c's error. */
int oai__rest_stream_begin(oai_client *c, int have_out);
/* A copy of params with "stream": true (cJSON_Delete). */
int oai__rest_stream_body(cJSON **out, oai_client *c, const oai_json *params);

/* ---- paths and queries ------------------------------------------------- */

/* Build a path from a format whose only conversions are %s; each argument
 * is percent-encoded (unreserved characters kept). *out is oai__free'd. */
int oai__rest_path(char **out, oai_client *c, const char *fmt, ...);

/* Append `key=value` (both percent-encoded) to a query string. */
int oai__query_add(oai__strbuf *q, const char *key, const char *value);
int oai__query_add_int(oai__strbuf *q, const char *key, long long value);
/* Append `include[]=v` for each entry of a NULL-terminated list. */
int oai__query_add_include(oai__strbuf *q, const char *const *include);

/* Which oai_list_options fields a list endpoint accepts. */
enum {
    OAI__LIST_BEFORE = 1u << 0,
    OAI__LIST_FILTER = 1u << 1,
    OAI__LIST_RUN_ID = 1u << 2,
    OAI__LIST_PURPOSE = 1u << 3
};
/* Check `o` (NULL = defaults) against `allowed` and append its query. */
int oai__query_add_list(oai__strbuf *q, oai_client *c,
                        const oai_list_options *o, unsigned allowed);

/* ---- requests ---------------------------------------------------------- */

/* Send a request and parse the JSON answer into an owned document.
 * `query` is URL-encoded without '?' (NULL or "": none); `body` is sent as
 * JSON when non-NULL; `ropts` are the caller's per-request options (NULL:
 * none). Errors: those of the transport, OAI_EPROTOCOL for a 2xx body that
 * is not JSON; detail on the client. */
int oai__rest_send(oai_json **out, oai_client *c, const char *method,
                   const char *path, const char *query, const cJSON *body,
                   const oai_request_options *ropts);

/* The transport spec oai__rest_send() sends (for callers that run the
 * request themselves, e.g. as a job of a multi). */
void oai__rest_spec(oai__http_spec *spec, const char *method, const char *path,
                    const char *query, const cJSON *body,
                    const oai_request_options *ropts);
/* Turn a finished request (its response and code `rc`) into what
 * oai__rest_send() returns, failures reported on `err`. When `want_header`
 * is set, *header_value receives a copy of that response header (oai__free)
 * or NULL. Takes resp->json; the caller still clears resp. */
int oai__rest_answer(oai_json **out, oai__error_store *err,
                     oai__http_response *resp, int rc, const char *want_header,
                     char **header_value);

/* Check the NULL-terminated ("name", value) pairs after `fmt` (each id
 * non-empty) and build the path from `fmt` and the values. */
int oai__rest_op_path(char **path, oai_client *c, const char *fmt, ...);

/* ---- endpoints --------------------------------------------------------- */

enum {
    /* the caller's params are a JSON object ... */
    OAI__REST_PARAMS = 1u << 0,
    /* ... or an object or NULL, NULL being sent as {} */
    OAI__REST_PARAMS_OPT = 1u << 1
};

enum { OAI__REST_MAX_IDS = 3 };

/* Builds the body of an endpoint from the caller's `params` (checked
 * here, errors reported on c) and the ids of the call. */
typedef int (*oai__rest_body_fn)(cJSON **out, oai_client *c,
                                 const char *const *ids,
                                 const oai_json *params);

/* One REST endpoint as data: a resource function is this description and
 * one call of oai__rest_call() or oai__rest_page(). */
typedef struct oai__endpoint {
    const char *method;
    /* one %s per id of the path, each percent-encoded */
    const char *path;
    /* the names of the ids the call passes, in order (error messages); each
     * is checked non-empty, the path takes the first ones */
    const char *ids[OAI__REST_MAX_IDS];
    /* OAI__REST_PARAMS(_OPT): params are the body; 0: no body unless
     * `body` makes one */
    unsigned flags;
    /* lists: the oai_list_options fields accepted (OAI__LIST_*) */
    unsigned list;
    /* refuse params with "stream": true with this message (NULL: no check) */
    const char *no_stream;
    /* the body is {array: copy of params}, params being a JSON array */
    const char *array;
    /* the body made from params (NULL: per flags or array) */
    oai__rest_body_fn body;
} oai__endpoint;

/* Why a run call refuses "stream": true. */
#define OAI__REST_USE_RUN_STREAM                                               \
    "`stream: true` is not supported here; use the streaming functions of "    \
    "oai/run_stream.h"

/* Send endpoint `e`. OAI_EINVAL (no message) for a NULL `out` or `c`;
 * then, reported on the client: the ids, passed after `ropts` as one
 * `const char *` per name of e->ids, each non-empty; the params as `e` says.
 * The `include[]` values (NULL-terminated; NULL for none) go into the
 * query. The answer goes to *out (owned). */
int oai__rest_call(oai_json **out, oai_client *c, const oai__endpoint *e,
                   const oai_json *params, const char *const *include,
                   const oai_request_options *ropts, ...);

/* {key: copy of `items`}, `items` being checked to be a JSON array (named
 * `key` in the message). *out is cJSON_Delete'd by the caller. */
int oai__rest_array_body(cJSON **out, oai_client *c, const char *key,
                         const oai_json *items);

/* ---- lists ------------------------------------------------------------- */

/* One page of the list at `path`, with `include[]` values (NULL-terminated;
 * NULL for none) after the query of `o`. */
int oai__rest_list(oai_json **out, oai_client *c, const char *path,
                   const oai_list_options *o, const char *const *include,
                   unsigned allowed, const oai_request_options *ropts);
/* A pager over the list at `path`; the first page is fetched before
 * returning. The pager keeps copies of `o`, `include` and `ropts`. */
int oai__pager_new(oai_pager **out, oai_client *c, const char *path,
                   const oai_list_options *o, const char *const *include,
                   unsigned allowed, const oai_request_options *ropts);
/* The list endpoint `e` as one page (list != NULL) or as a pager: checks as
 * oai__rest_call(), the ids after `ropts`; OAI_EINVAL when both outputs
 * are NULL. */
int oai__rest_page(oai_json **list, oai_pager **pager, oai_client *c,
                   const oai__endpoint *e, const oai_list_options *o,
                   const char *const *include, const oai_request_options *ropts,
                   ...);

/* ---- one line per endpoint --------------------------------------------
 * A resource file is its endpoint table `ep[]` and one line per public
 * function: each macro below defines `int name(out, c, ..., opts)` as one
 * call of endpoint ep[EP]. The arguments after EP name the parameters
 * between `c` and `opts` as the installed header does (the file includes
 * that header first, so a definition that drifts from its prototype does
 * not compile): ids are `const char *`, a body `const oai_json *`, `list`
 * and `include` keep those names. A list endpoint is one line for its two
 * functions, the page (`out` is oai_json **) and the pager (oai_pager **).
 * The parameters between `c` and `opts`:
 *   OAI__REST_BODY(name, EP, body)                body
 *   OAI__REST_ID(name, EP, id)                    id
 *   OAI__REST_ID_INC(name, EP, id)                id, include
 *   OAI__REST_ID_BODY(name, EP, id, body)         id, body
 *   OAI__REST_ID_BODY_INC(name, EP, id, body)     id, body, include
 *   OAI__REST_ID2(name, EP, id, id2)              id, id2
 *   OAI__REST_ID2_INC(name, EP, id, id2)          id, id2, include
 *   OAI__REST_ID2_BODY(name, EP, id, id2, body)   id, id2, body
 *   OAI__REST_ID3_INC(name, EP, id, id2, id3)     id, id2, id3, include
 *   OAI__REST_LIST(name, pager_name, EP)          list
 *   OAI__REST_LIST_ID(name, pager_name, EP, id)   id, list
 *   OAI__REST_LIST_ID_INC(.., EP, id)             id, list, include
 *   OAI__REST_LIST_ID2(.., EP, id, id2)           id, id2, list
 *   OAI__REST_LIST_ID2_INC(.., EP, id, id2)       id, id2, list, include */
#define OAI__REST_UNWRAP_(...) __VA_ARGS__
/* int name(out_t **out, oai_client *c, decls, opts) { return call(args); } */
#define OAI__REST_DEFINE_(name, out_t, decls, call, args)                      \
    int name(out_t **out, oai_client *c, OAI__REST_UNWRAP_ decls,              \
             const oai_request_options *opts)                                  \
    {                                                                          \
        return call(OAI__REST_UNWRAP_ args);                                   \
    }
/* oai__rest_call(out, c, &ep[EP], args...) */
#define OAI__REST_CALL_(name, EP, decls, args)                                 \
    OAI__REST_DEFINE_(name, oai_json, decls, oai__rest_call,                   \
                      (out, c, &ep[EP], OAI__REST_UNWRAP_ args))
/* A list endpoint as its two functions: one page (oai_json **out) and a
 * pager (oai_pager **out), both oai__rest_page(.., list, args...). */
#define OAI__REST_LISTS_(name, pager_name, EP, decls, args)                    \
    OAI__REST_DEFINE_(name, oai_json, decls, oai__rest_page,                   \
                      (out, NULL, c, &ep[EP], list, OAI__REST_UNWRAP_ args))   \
    OAI__REST_DEFINE_(pager_name, oai_pager, decls, oai__rest_page,            \
                      (NULL, out, c, &ep[EP], list, OAI__REST_UNWRAP_ args))

#define OAI__REST_BODY(name, EP, body)                                         \
    OAI__REST_CALL_(name, EP, (const oai_json *body), (body, NULL, opts))
#define OAI__REST_ID(name, EP, id)                                             \
    OAI__REST_CALL_(name, EP, (const char *id), (NULL, NULL, opts, id))
#define OAI__REST_ID_INC(name, EP, id)                                         \
    OAI__REST_CALL_(name, EP, (const char *id, const char *const *include),    \
                    (NULL, include, opts, id))
#define OAI__REST_ID_BODY(name, EP, id, body)                                  \
    OAI__REST_CALL_(name, EP, (const char *id, const oai_json *body),          \
                    (body, NULL, opts, id))
#define OAI__REST_ID_BODY_INC(name, EP, id, body)                              \
    OAI__REST_CALL_(                                                           \
        name, EP,                                                              \
        (const char *id, const oai_json *body, const char *const *include),    \
        (body, include, opts, id))
#define OAI__REST_ID2(name, EP, id, id2)                                       \
    OAI__REST_CALL_(name, EP, (const char *id, const char *id2),               \
                    (NULL, NULL, opts, id, id2))
#define OAI__REST_ID2_INC(name, EP, id, id2)                                   \
    OAI__REST_CALL_(                                                           \
        name, EP,                                                              \
        (const char *id, const char *id2, const char *const *include),         \
        (NULL, include, opts, id, id2))
#define OAI__REST_ID2_BODY(name, EP, id, id2, body)                            \
    OAI__REST_CALL_(name, EP,                                                  \
                    (const char *id, const char *id2, const oai_json *body),   \
                    (body, NULL, opts, id, id2))
#define OAI__REST_ID3_INC(name, EP, id, id2, id3)                              \
    OAI__REST_CALL_(name, EP,                                                  \
                    (const char *id, const char *id2, const char *id3,         \
                     const char *const *include),                              \
                    (NULL, include, opts, id, id2, id3))

#define OAI__REST_LIST(name, pager_name, EP)                                   \
    OAI__REST_LISTS_(name, pager_name, EP, (const oai_list_options *list),     \
                     (NULL, opts))
#define OAI__REST_LIST_ID(name, pager_name, EP, id)                            \
    OAI__REST_LISTS_(name, pager_name, EP,                                     \
                     (const char *id, const oai_list_options *list),           \
                     (NULL, opts, id))
#define OAI__REST_LIST_ID_INC(name, pager_name, EP, id)                        \
    OAI__REST_LISTS_(name, pager_name, EP,                                     \
                     (const char *id, const oai_list_options *list,            \
                      const char *const *include),                             \
                     (include, opts, id))
#define OAI__REST_LIST_ID2(name, pager_name, EP, id, id2)                      \
    OAI__REST_LISTS_(                                                          \
        name, pager_name, EP,                                                  \
        (const char *id, const char *id2, const oai_list_options *list),       \
        (NULL, opts, id, id2))
#define OAI__REST_LIST_ID2_INC(name, pager_name, EP, id, id2)                  \
    OAI__REST_LISTS_(name, pager_name, EP,                                     \
                     (const char *id, const char *id2,                         \
                      const oai_list_options *list,                            \
                      const char *const *include),                             \
                     (include, opts, id, id2))

/* ---- shared bodies ----------------------------------------------------- */

/* The arguments of a submit_tool_outputs call: two ids and an array. */
int oai__tool_outputs_check(oai_client *c, const char *thread_id,
                            const char *run_id, const oai_json *tool_outputs);
/* The body of POST .../submit_tool_outputs: {"tool_outputs": copy, and
 * "stream": true when `stream`}. *out is cJSON_Delete'd by the caller. */
int oai__tool_outputs_body(cJSON **out, oai_client *c,
                           const oai_json *tool_outputs, int stream);
/* The body of POST /vector_stores/{id}/files: {"file_id", params...}. */
int oai__vector_store_file_body(cJSON **out, oai_client *c, const char *file_id,
                                const oai_json *params);

#endif
