/* Input and conversation items: the request shapes (a string, easy messages,
 * typed items) turned into the stored item shape with ids, shared by
 * /responses and /conversations. */
#ifndef EMU_RESP_ITEMS_H
#define EMU_RESP_ITEMS_H

#include <cjson/cJSON.h>

#include "http.h"
#include "store.h"

/* The items of a request's `input` (a string or an array) or a conversation's
 * `items` (an array), each with an id and status. Returns a new array, or NULL
 * after filling rs with a 400 (param names the field). */
cJSON *items_normalize(emu_resp *rs, const cJSON *input, const char *param);
/* Store copies of every item of `items` under parent (kind K_RESP_ITEM or
 * K_CONV_ITEM). */
void items_store(enum obj_kind kind, const char *parent, const cJSON *items);
/* The item stored under parent with that id, or NULL. */
obj *items_get(enum obj_kind kind, const char *parent, const char *id);
/* The text of the last user message of items (NULL when none), malloc'd. */
char *items_last_user_text(const cJSON *items);

#endif
