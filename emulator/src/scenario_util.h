/* Pieces of the scenario "model" shared by the Assistants runs (scenarios.c)
 * and the Responses engine (resp_scenarios.c). */
#ifndef EMU_SCENARIO_UTIL_H
#define EMU_SCENARIO_UTIL_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "store.h"

/* Arguments for a function tool: a JSON object (malloc'd text) with a plausible
 * value for every property of fn["parameters"]. */
char *scenario_fake_arguments(const cJSON *fn);
/* The first completed file of the given vector stores (NULL when none) and the
 * start of its text, on one line, in snippet ("no indexed content" when there
 * is none). */
obj *scenario_pick_file(const char *const *vs_ids, int nvs, char *snippet,
                        size_t snippet_size);

#endif
