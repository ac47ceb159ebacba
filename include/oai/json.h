/** @file
 * oai/json.h - read-only JSON views and a small builder for request bodies.
 *
 * An oai_json pointer is either an owned document (returned through an
 * `oai_json **out` parameter; free it with oai_json_free()) or a borrowed
 * view into a document owned by something else (returned by a getter; valid
 * as long as its owner says). Views are free to take: no copy is made.
 *
 * Request parameters. Every call that sends a body takes `const oai_json *`.
 * Two ways to make one, both short in C:
 *   - from JSON text:  oai_json_parse_cstr(&p,
 * "{\"assistant_id\":\"asst_1\"}");
 *   - with the builder, when values come from variables and need escaping:
 *       oai_json *p; oai_json_new_object(&p);
 *       oai_json_set_string(p, "assistant_id", id);
 *       oai_json_set_raw(p, "tools", "[{\"type\":\"code_interpreter\"}]");
 * Builder calls on a NULL document return OAI_EINVAL, so a chain of them can
 * be checked once at the end through the call that uses the document.
 */
#ifndef OAI_JSON_H
#define OAI_JSON_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A JSON document, or a borrowed view into one (see above). */
typedef struct oai_json oai_json;

/** The type of a JSON value (oai_json_type_of()). */
typedef enum oai_json_type {
    OAI_JSON_INVALID = 0, /**< NULL view or a missing member */
    OAI_JSON_NULL,
    OAI_JSON_BOOL,
    OAI_JSON_NUMBER,
    OAI_JSON_STRING,
    OAI_JSON_ARRAY,
    OAI_JSON_OBJECT
} oai_json_type;

/* ---- parsing, copying, freeing ---------------------------------------- */

/**
 * Parse `len` bytes of JSON text into an owned document.
 * @param[out] out the document; free with oai_json_free(). NULL on error.
 * @return OAI_OK, OAI_EPROTOCOL (not valid JSON, or trailing garbage),
 *         OAI_ENOMEM, OAI_EINVAL (out or text NULL).
 */
OAI_EXTERN int oai_json_parse(oai_json **out, const char *text, size_t len);
/** oai_json_parse() of a NUL-terminated string. */
OAI_EXTERN int oai_json_parse_cstr(oai_json **out, const char *text);
/** Deep copy of any view into a new owned document. OAI_OK, OAI_ENOMEM,
 * OAI_EINVAL. */
OAI_EXTERN int oai_json_dup(oai_json **out, const oai_json *j);
/** Free an owned document. NULL is fine. Never call it on a borrowed view. */
OAI_EXTERN void oai_json_free(oai_json *j);

/**
 * Serialise to JSON text (compact, or indented when `pretty` is non-zero).
 * @return a NUL-terminated string to release with oai_free(), or NULL on
 *         allocation failure or a NULL view.
 */
OAI_EXTERN char *oai_json_serialize(const oai_json *j, int pretty);

/* ---- reading ----------------------------------------------------------- */

/** The type of a view; OAI_JSON_INVALID for NULL. */
OAI_EXTERN oai_json_type oai_json_type_of(const oai_json *j);
OAI_EXTERN int oai_json_is_null(const oai_json *j);   /**< 1 for JSON null */
OAI_EXTERN int oai_json_is_string(const oai_json *j); /**< 1 for a string */
OAI_EXTERN int oai_json_is_number(const oai_json *j); /**< 1 for a number */
OAI_EXTERN int oai_json_is_bool(const oai_json *j); /**< 1 for true or false */
OAI_EXTERN int oai_json_is_object(const oai_json *j); /**< 1 for an object */
OAI_EXTERN int oai_json_is_array(const oai_json *j);  /**< 1 for an array */

/** An object's member, or NULL (missing key, or not an object). Borrowed. */
OAI_EXTERN const oai_json *oai_json_get(const oai_json *obj, const char *key);
/** Elements of an array, or members of an object; 0 for anything else. */
OAI_EXTERN size_t oai_json_size(const oai_json *j);
/** Element i of an array (or member i of an object), or NULL. O(i): prefer
 *  oai_json_first()/oai_json_next() to walk. Borrowed. */
OAI_EXTERN const oai_json *oai_json_at(const oai_json *j, size_t i);
/** First element or member of an array or object, or NULL. Borrowed. */
OAI_EXTERN const oai_json *oai_json_first(const oai_json *j);
/** The element or member after `j`, or NULL at the end. Borrowed. */
OAI_EXTERN const oai_json *oai_json_next(const oai_json *j);
/** The key of an object member reached by first/next/at, else NULL. */
OAI_EXTERN const char *oai_json_key(const oai_json *member);

/** A string's value (NUL-terminated), or NULL if `j` is not a string. */
OAI_EXTERN const char *oai_json_string(const oai_json *j);
/** A string's length in bytes; 0 if not a string. O(1) for text that a
 *  stream accumulated. */
OAI_EXTERN size_t oai_json_string_len(const oai_json *j);
/** A number's value, or `fallback` if `j` is not a number. */
OAI_EXTERN double oai_json_number(const oai_json *j, double fallback);
/** A number's value as int64 (truncated), or `fallback`. */
OAI_EXTERN int64_t oai_json_int(const oai_json *j, int64_t fallback);
/** 1 for true, 0 for false, `fallback` if `j` is not a boolean. */
OAI_EXTERN int oai_json_bool(const oai_json *j, int fallback);

/**
 * Walk a dotted path: object keys and decimal array indices, e.g.
 * "content.0.text.value". NULL if any step is missing. Borrowed.
 */
OAI_EXTERN const oai_json *oai_json_path(const oai_json *j, const char *path);
/** oai_json_string(oai_json_path(j, path)). */
OAI_EXTERN const char *oai_json_path_string(const oai_json *j,
                                            const char *path);

/* ---- building ---------------------------------------------------------- */

/** A new empty object / array document. OAI_OK, OAI_ENOMEM, OAI_EINVAL. @{ */
OAI_EXTERN int oai_json_new_object(oai_json **out);
OAI_EXTERN int oai_json_new_array(oai_json **out);
/** @} */

/**
 * Setters add or replace member `key` of object `obj`. The value is copied.
 * They return OAI_OK, OAI_ENOMEM, or OAI_EINVAL (obj not an object, key
 * NULL, invalid raw JSON text, or a non-finite number).
 * @{
 */
OAI_EXTERN int oai_json_set_string(oai_json *obj, const char *key,
                                   const char *value);
OAI_EXTERN int oai_json_set_number(oai_json *obj, const char *key,
                                   double value);
OAI_EXTERN int oai_json_set_int(oai_json *obj, const char *key, int64_t value);
OAI_EXTERN int oai_json_set_bool(oai_json *obj, const char *key, int value);
OAI_EXTERN int oai_json_set_null(oai_json *obj, const char *key);
/** @} */
/** Set `key` to a deep copy of `value`. */
OAI_EXTERN int oai_json_set(oai_json *obj, const char *key,
                            const oai_json *value);
/** Set `key` to the value parsed from JSON text `json`. */
OAI_EXTERN int oai_json_set_raw(oai_json *obj, const char *key,
                                const char *json);
/** Remove member `key` if present. OAI_OK either way, OAI_EINVAL if not an
 * object. */
OAI_EXTERN int oai_json_remove(oai_json *obj, const char *key);

/** Appenders add a copy of a value at the end of array `arr`; they return
 *  as the setters do. @{ */
OAI_EXTERN int oai_json_append(oai_json *arr, const oai_json *value);
OAI_EXTERN int oai_json_append_string(oai_json *arr, const char *value);
OAI_EXTERN int oai_json_append_raw(oai_json *arr, const char *json);
/** @} */

#ifdef __cplusplus
}
#endif
#endif /* OAI_JSON_H */
