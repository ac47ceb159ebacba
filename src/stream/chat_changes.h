/* The change list a Chat Completions apply returns: typed records with
 * indices, the borrowed delta text and the borrowed snapshot nodes, owned
 * by the accumulator and valid until its next apply. A chunk may touch many
 * choices and tool calls, so the list grows; it is kept between chunks, so
 * a warm list does not allocate. */
#ifndef OAI_STREAM_CHAT_CHANGES_H
#define OAI_STREAM_CHAT_CHANGES_H

#include <stddef.h>

#include "oai/chat_accumulate.h"

typedef struct oai__chat_changes {
    oai_chat_change *v;
    size_t n, cap;
} oai__chat_changes;

/* Append a record of `kind` (other fields cleared, indices -1); NULL when
 * out of memory. */
oai_chat_change *oai__chat_changes_push(oai__chat_changes *c,
                                        oai_chat_change_kind kind);
void oai__chat_changes_free(oai__chat_changes *c);

#endif
