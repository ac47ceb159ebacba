/* Builders and validators for the JSON shapes the API returns (field order
 * copied from real recordings), shared by the resource modules. */
#ifndef EMU_OBJECTS_H
#define EMU_OBJECTS_H

#include <cjson/cJSON.h>

#include "http.h"
#include "store.h"

/* dst[key] = copy of src[key] when present (null when absent and dflt is NULL,
 * else a copy of dflt). */
void obj_copy_field(cJSON *dst, const cJSON *src, const char *key, const cJSON *dflt);
/* Overwrite dst[key] with src[key] when the request sets it. */
void obj_update_field(cJSON *dst, const cJSON *src, const char *key);

/* Validation: each returns 0, or -1 after filling rs with a 400. */
int check_metadata(emu_resp *rs, const cJSON *v, const char *param);
int check_tools(emu_resp *rs, const cJSON *v, const char *param);
int check_string_opt(emu_resp *rs, const cJSON *body, const char *key);

/* Message content from a request: a string or an array of parts.
 * Returns a new content array or NULL after filling rs with a 400. */
cJSON *content_from_request(emu_resp *rs, const cJSON *content, const char *param);

/* Create and store a message in a thread. role: "user"/"assistant". Returns the
 * stored object or NULL after filling rs with a 400. */
obj *message_create(emu_resp *rs, obj *thread, const cJSON *req, const char *param);
/* Thread with optional messages/tool_resources/metadata from a request body. */
obj *thread_create_from(emu_resp *rs, const cJSON *req, const char *param);

/* The text of the last user message in a thread ("" when none). */
char *thread_last_user_text(const char *thread_id);

/* Whether a thread has an active (non-terminal) run; its id in *run_id. */
int thread_active_run(const char *thread_id, const char **run_id);

#endif
