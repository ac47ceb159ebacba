/* Command-line configuration, read by every module. */
#ifndef EMU_CONFIG_H
#define EMU_CONFIG_H

#include "faults.h"

typedef struct emu_config {
    int port;
    const char *port_file;
    const char *api_key;      /* NULL: any non-empty key is accepted */
    long step_ms;             /* pause between stream events / run state changes */
    long delta_ms;            /* pause between message/tool-call deltas */
    long poll_after_ms;       /* openai-poll-after-ms on run, vector-store file and batch GETs */
    long file_process_ms;     /* vector-store file ingestion time */
    long resume_window_ms;    /* how long a response's stream events stay resumable */
    const char *log_path;
    const char *replay;       /* .sse file or directory */
    const char *fault_spec;   /* --fault: applied to every request */
    fault fault_all;
    long max_body;            /* request body limit in bytes */
    int quiet;
    int verbose;              /* libmicrohttpd error log on stderr */
} emu_config;

extern emu_config g_cfg;

#endif
