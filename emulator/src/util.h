/* Small helpers shared by every emulator module: growable buffers, clocks, ids. */
#ifndef EMU_UTIL_H
#define EMU_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

typedef struct ebuf {
    char *p;
    size_t len;
    size_t cap;
} ebuf;

/* Append bytes; aborts on out-of-memory (the emulator is a test tool, not a library). */
void ebuf_add(ebuf *b, const char *s, size_t n);
void ebuf_adds(ebuf *b, const char *s);
void ebuf_printf(ebuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ebuf_free(ebuf *b);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* Monotonic milliseconds (scheduling) and wall-clock seconds (created_at fields). */
int64_t now_ms(void);
long now_s(void);

/* A fresh id: prefix + random alphanumerics ("asst_" + 24, "file-" + 22, ...). */
void make_id(char *out, size_t outsz, const char *prefix, int nrand);

/* JSON helpers. */
char *json_print(const cJSON *j); /* compact, malloc'd */
const char *json_str(const cJSON *obj, const char *key); /* NULL unless a string */
cJSON *json_dup(const cJSON *j);
/* Replace (or add) obj[key] = val. */
void json_set(cJSON *obj, const char *key, cJSON *val);
/* Count UTF-8 code points (API indices in annotations are in code points). */
long utf8_len(const char *s);

#endif
