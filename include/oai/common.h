/** @file
 * oai/common.h - export macros, versions, allocator hooks, global init.
 *
 * Every public header includes this one. It includes only <stddef.h> and
 * <stdint.h>; no header of libcurl or of the JSON library is ever exposed.
 *
 * Conventions every public header follows:
 *   - Fallible calls return int: OAI_OK or a negative OAI_E* (oai/errors.h).
 *     A call that creates something takes `T **out` first; on failure *out
 *     is NULL. What it creates is freed by its `_free`, which takes NULL.
 *   - `const T *` arguments are borrowed: read during the call only, unless
 *     the call says otherwise. Pointers handed to a hook are borrowed until
 *     the hook returns.
 *   - Structures a caller fills in start with `version`, set by their
 *     `_INIT` initialiser; fields are only appended.
 *   - An I/O-free object that takes input (the SSE parser, a detached
 *     stream) is given bytes with `_feed()` and told the input ended with
 *     `_feed_end()`; after that `_feed()` fails with OAI_EINVAL.
 *   - A hook returns int only when the library acts on the value (0
 *     continues, non-zero stops the call, as its header says); a hook that
 *     only reports returns void.
 *   - One name per concept: `oai_request_options` are the per-request
 *     settings (the last argument of a call that sends one request, a
 *     field of the options of a call that sends several); a raw call in
 *     flight on a multi is an `oai_call`.
 *   - An input with several sources is one struct with initialisers
 *     (oai_upload: OAI_UPLOAD_PATH(), OAI_UPLOAD_MEMORY()), not one
 *     function per source.
 *   - Query values an endpoint defines beyond paging, such as `include`,
 *     are arguments (oai/resources.h).
 *   - Error detail is an oai_error; its `code` is the only classification.
 */
#ifndef OAI_COMMON_H
#define OAI_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(OAI_BUILDING_LIBRARY) && defined(__GNUC__)
#define OAI_EXTERN __attribute__((visibility("default")))
#else
#define OAI_EXTERN
#endif

#if defined(__GNUC__)
#define OAI_DEPRECATED(since, msg)                                             \
    __attribute__((deprecated("since " #since ": " msg)))
#else
#define OAI_DEPRECATED(since, msg)
#endif

/** Compile-time version. OAI_VERSION_NUM is 0xMMmmpp. @{ */
#define OAI_VERSION_MAJOR 1
#define OAI_VERSION_MINOR 0
#define OAI_VERSION_PATCH 0
#define OAI_VERSION_STR "1.0.0"
#define OAI_VERSION_NUM                                                        \
    ((OAI_VERSION_MAJOR << 16) | (OAI_VERSION_MINOR << 8) | OAI_VERSION_PATCH)
/** @} */

/** The library's version string at run time, e.g. "1.0.0". Static storage. */
OAI_EXTERN const char *oai_version(void);
/** The library's OAI_VERSION_NUM at run time; compare with the header's. */
OAI_EXTERN unsigned int oai_version_num(void);

/** The current version of oai_allocator. */
#define OAI_ALLOCATOR_VERSION 1
/**
 * Allocator hooks. All three functions must be thread-safe. realloc_fn(NULL, n)
 * must behave as malloc and free_fn(NULL) must do nothing.
 */
typedef struct oai_allocator {
    unsigned int version; /**< OAI_ALLOCATOR_VERSION */
    void *user_data;      /**< passed as the last argument of every hook */
    void *(*malloc_fn)(size_t n, void *user_data); /**< as malloc() */
    void *(*realloc_fn)(void *p, size_t n,
                        void *user_data);      /**< as realloc() */
    void (*free_fn)(void *p, void *user_data); /**< as free() */
} oai_allocator;

/**
 * Initialise the library once per process, before any other call, from one
 * thread. `a` may be NULL for the C library's malloc/realloc/free; otherwise
 * it is copied and also installed into libcurl and the JSON parser, so the
 * whole stack allocates through it.
 *
 * Calling it is optional when the default allocator is fine: the first
 * client creation initialises with defaults. Calls after the first return
 * OAI_OK and change nothing until oai_global_cleanup().
 *
 * @return OAI_OK, OAI_EINVAL (bad allocator struct), OAI_ERROR (libcurl
 *         global initialisation failed).
 */
OAI_EXTERN int oai_global_init(const struct oai_allocator *a);

/** Undo oai_global_init(). Call once, after every object was freed. */
OAI_EXTERN void oai_global_cleanup(void);

/** Allocate through the installed allocator. NULL on failure. */
OAI_EXTERN void *oai_malloc(size_t n);
/** Reallocate through the installed allocator. NULL on failure (p kept). */
OAI_EXTERN void *oai_realloc(void *p, size_t n);
/** Free memory the library handed to the caller (strings, buffers). NULL is
 * fine. */
OAI_EXTERN void oai_free(void *p);

#ifdef __cplusplus
}
#endif
#endif /* OAI_COMMON_H */
