/* Memory accounting for the hardening tests. */
#ifndef OAI_TESTS_HARD_ALLOC_H
#define OAI_TESTS_HARD_ALLOC_H

#include <stddef.h>

/* A byte-counting allocator for the whole stack (oai_global_init, so
 * libcurl and cJSON too); install it before any other library call.
 * hc_bytes_peak() is the highest live byte count since the last reset. */
void hc_bytes_install(void);
void hc_bytes_reset_peak(void);
size_t hc_bytes_peak(void);
size_t hc_bytes_live(void);

#endif
