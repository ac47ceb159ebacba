/* Member names shared by every parsed tree. An event stream parses the
 * same objects again and again (a run, a step, a message, a response, a
 * chunk), and cJSON gives each member's name an allocation of its own:
 * a third of a snapshot's blocks. The names the API uses are kept once, as
 * static strings, and a parsed member points at its copy. */
#ifndef OAI_CORE_JSON_KEYS_H
#define OAI_CORE_JSON_KEYS_H

#include <cJSON.h>

/* Give every member of `root` whose name is one of the API's the static
 * copy of it (cJSON_StringIsConst, so cJSON never frees it), freeing its
 * own. Nothing allocates; a tree is the same tree after it. */
void oai__json_share_keys(cJSON *root);

#endif
