/* Internal: checking an oai_upload and describing it as multipart parts,
 * shared by oai_files_create() and the upload-and-poll helpers. */
#ifndef OAI_RESOURCES_UPLOAD_H
#define OAI_RESOURCES_UPLOAD_H

#include <stdint.h>

#include "http/request.h"
#include "oai/files.h"

typedef struct oai__upload_form {
    oai__http_part parts[2]; /* purpose, file */
    const char *filename;    /* borrowed from the oai_upload or its path */
    uint64_t size;           /* bytes of the file body */
} oai__upload_form;

/* Check `u` (file readable, names present) and fill `f`; nothing is
 * allocated, `f` borrows from `u` and `purpose`. `what` names the argument
 * in messages (e.g. "file" or "files[2]"). OAI_OK, OAI_EINVAL, OAI_EFILE,
 * reported on the client. */
int oai__upload_form_init(oai__upload_form *f, oai_client *c,
                          const oai_upload *u, const char *purpose,
                          const char *what);

#endif
