/* Internal: a private copy of an oai_request_options, for the objects that
 * send requests after the call that received the options has returned (the
 * pager, the poller). */
#ifndef OAI_RESOURCES_REQUEST_COPY_H
#define OAI_RESOURCES_REQUEST_COPY_H

#include "oai/client.h"

typedef struct oai__request_copy {
    oai_request_options opts; /* opts.headers points at `lines` */
    char **lines;             /* owned copies of the header lines */
} oai__request_copy;

/* Copy *src (NULL: zeroed options) into *dst. OAI_OK or OAI_ENOMEM; clear
 * *dst with oai__request_copy_clear() whatever this returns. */
int oai__request_copy_init(oai__request_copy *dst,
                           const oai_request_options *src);
void oai__request_copy_clear(oai__request_copy *c);

#endif
