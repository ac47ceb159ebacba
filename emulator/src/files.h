/* File bytes kept by the store (obj->ext of K_FILE objects). */
#ifndef EMU_FILES_H
#define EMU_FILES_H

#include <stddef.h>

#include "store.h"

typedef struct file_data {
    size_t len;
    char data[];
} file_data;

/* Store a file object with its bytes; returns it. */
obj *files_add(const char *filename, const char *purpose, const char *data, size_t len);
/* The bytes of a stored file (NULL if none). */
const file_data *files_data(const obj *file);

#endif
