/* The Responses event-type table: each known type with the merge it does
 * (responses.md §4 in table form, read by resp_merge.c). */
#ifndef OAI_STREAM_RESP_TYPES_H
#define OAI_STREAM_RESP_TYPES_H

#include "oai/response_accumulate.h"

typedef enum oai__resp_op {
    OAI__RESP_PASS = 0,   /* delivered, changes nothing */
    OAI__RESP_LIFECYCLE,  /* replaces the snapshot */
    OAI__RESP_ITEM_ADDED, /* inserts `item` at output_index */
    OAI__RESP_ITEM_DONE,  /* replaces the item with `item` */
    OAI__RESP_PART_ADDED, /* inserts `part` into item[list] at index */
    OAI__RESP_PART_DONE,  /* replaces item[list][index] with `part` */
    OAI__RESP_APPEND,     /* target[field] += event[payload] */
    OAI__RESP_SET,        /* target[field] = event[payload] */
    OAI__RESP_STATUS,     /* item.status = field */
    OAI__RESP_ANNOTATION, /* part.annotations[annotation_index] = annotation */
    OAI__RESP_SHELL_OUT_APPEND, /* item.output[command_index].stdout/stderr */
    OAI__RESP_SHELL_OUT_SET,    /* item.output[command_index] = output[0] */
    OAI__RESP_ERROR             /* the stream's error event */
} oai__resp_op;

typedef struct oai__resp_type {
    const char *name;
    oai__resp_op op;
    const char *item_type; /* the item family the event is about, or NULL */
    const char *list;      /* the item's list holding the target, or NULL
                              when the target is the item itself */
    const char *index_key; /* the event member indexing that list */
    const char *part_type; /* the part type the target must have, or NULL */
    const char *field;     /* the member changed (the word, for STATUS) */
    const char *payload;   /* the event member carrying the new text */
} oai__resp_type;

/* The entry of a known type (never NULL; UNKNOWN has op PASS). */
const oai__resp_type *oai__resp_type_info(oai_response_event_type t);

#endif
