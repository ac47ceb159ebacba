/* Request log (--log FILE): one JSON object per line per request.
 * Format documented in docs/emulator.md. */
#ifndef EMU_REQLOG_H
#define EMU_REQLOG_H

#include <cjson/cJSON.h>

struct MHD_Connection;

int reqlog_open(const char *path);
/* Whether logging is on (callers skip building entries otherwise). */
int reqlog_enabled(void);
/* Collect the headers of interest of a connection into a JSON object.
 * auth: "missing", "matched" or "mismatched" (the key itself is never logged). */
cJSON *reqlog_headers(struct MHD_Connection *conn, const char *auth);
/* Write one entry (takes ownership). */
void reqlog_write(cJSON *entry);
void reqlog_close(void);

#endif
