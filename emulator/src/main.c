/* oai-emulator: entry point, options, signals. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "chat_stream.h"
#include "config.h"
#include "faults.h"
#include "replay.h"
#include "reqlog.h"
#include "resp_engine.h"
#include "run_engine.h"
#include "sched.h"
#include "server.h"
#include "store.h"

emu_config g_cfg = {
    .port = 0,
    .step_ms = 20,
    .delta_ms = 5,
    .poll_after_ms = 50,
    .file_process_ms = 100,
    .resume_window_ms = 300000,
    .max_body = 64L * 1024 * 1024,
};

static volatile int stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void usage(FILE *out)
{
    fputs("usage: oai-emulator [options]\n"
          "A local, stateful OpenAI Assistants API server on 127.0.0.1 (base path /v1).\n"
          "\n"
          "  --port N              listen port (0 = ephemeral, the default)\n"
          "  --port-file FILE      write the bound port number to FILE\n"
          "  --api-key KEY         require 'Authorization: Bearer KEY' (default: any non-empty key)\n"
          "  --step-ms N           pause between run state changes / stream events (default 20)\n"
          "  --delta-ms N          pause between message and tool-call deltas (default 5)\n"
          "  --poll-after-ms N     value of the openai-poll-after-ms header (default 50)\n"
          "  --file-process-ms N   vector-store file ingestion time (default 100)\n"
          "  --resume-window-ms N  how long a response stream can be resumed (default 300000)\n"
          "  --log FILE            append one JSON line per request to FILE\n"
          "  --replay PATH         answer stream requests with recorded .sse bytes (a file, or a\n"
          "                        directory used in name order; header X-Emulator-Replay picks one)\n"
          "  --fault SPEC          inject SPEC (same syntax as X-Emulator-Fault) into every request\n"
          "  --max-body N          request body limit in bytes (default 64 MiB)\n"
          "  --quiet               do not print the listening line\n"
          "  --verbose             libmicrohttpd connection errors on stderr\n"
          "  --help                this text\n"
          "\n"
          "Scenarios, fault syntax and the log format: docs/emulator.md\n",
          out);
}

static int num_arg(const char *opt, const char *v, long *out)
{
    char *end;
    errno = 0;
    long x = v ? strtol(v, &end, 10) : 0;
    if (!v || errno || end == v || *end || x < 0) {
        fprintf(stderr, "oai-emulator: %s needs a non-negative integer\n", opt);
        return -1;
    }
    *out = x;
    return 0;
}

static void raise_nofile(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        long x = 0;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--quiet") == 0) {
            g_cfg.quiet = 1;
            continue;
        } else if (strcmp(a, "--verbose") == 0) {
            g_cfg.verbose = 1;
            continue;
        }
        if (!v) {
            fprintf(stderr, "oai-emulator: unknown option or missing value: %s\n", a);
            usage(stderr);
            return 2;
        }
        i++;
        if (strcmp(a, "--port") == 0) {
            if (num_arg(a, v, &x) < 0 || x > 65535)
                return 2;
            g_cfg.port = (int)x;
        } else if (strcmp(a, "--port-file") == 0) {
            g_cfg.port_file = v;
        } else if (strcmp(a, "--api-key") == 0) {
            g_cfg.api_key = v;
        } else if (strcmp(a, "--step-ms") == 0) {
            if (num_arg(a, v, &g_cfg.step_ms) < 0)
                return 2;
        } else if (strcmp(a, "--delta-ms") == 0) {
            if (num_arg(a, v, &g_cfg.delta_ms) < 0)
                return 2;
        } else if (strcmp(a, "--poll-after-ms") == 0) {
            if (num_arg(a, v, &g_cfg.poll_after_ms) < 0)
                return 2;
        } else if (strcmp(a, "--resume-window-ms") == 0) {
            if (num_arg(a, v, &g_cfg.resume_window_ms) < 0)
                return 2;
        } else if (strcmp(a, "--file-process-ms") == 0) {
            if (num_arg(a, v, &g_cfg.file_process_ms) < 0)
                return 2;
        } else if (strcmp(a, "--max-body") == 0) {
            if (num_arg(a, v, &g_cfg.max_body) < 0)
                return 2;
        } else if (strcmp(a, "--log") == 0) {
            g_cfg.log_path = v;
        } else if (strcmp(a, "--replay") == 0) {
            g_cfg.replay = v;
        } else if (strcmp(a, "--fault") == 0) {
            const char *why = NULL;
            if (fault_parse(&g_cfg.fault_all, v, &why) < 0) {
                fprintf(stderr, "oai-emulator: bad --fault: %s\n", why);
                return 2;
            }
            g_cfg.fault_spec = v;
        } else {
            fprintf(stderr, "oai-emulator: unknown option: %s\n", a);
            usage(stderr);
            return 2;
        }
    }
    raise_nofile();
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    if (g_cfg.log_path && reqlog_open(g_cfg.log_path) < 0) {
        fprintf(stderr, "oai-emulator: cannot open log %s: %s\n", g_cfg.log_path, strerror(errno));
        return 1;
    }
    if (g_cfg.replay && replay_load(g_cfg.replay) < 0)
        return 1;
    int port = server_start(g_cfg.port);
    if (port < 0) {
        fprintf(stderr, "oai-emulator: cannot listen on 127.0.0.1:%d\n", g_cfg.port);
        return 1;
    }
    /* The line first: whoever waits for the port file can then rely on it. */
    if (!g_cfg.quiet) {
        printf("listening on http://127.0.0.1:%d/v1\n", port);
        fflush(stdout);
    }
    if (g_cfg.port_file) {
        char tmp[4096];
        snprintf(tmp, sizeof tmp, "%s.tmp", g_cfg.port_file);
        FILE *f = fopen(tmp, "w");
        if (!f || fprintf(f, "%d\n", port) < 0 || fclose(f) != 0 || rename(tmp, g_cfg.port_file) != 0) {
            fprintf(stderr, "oai-emulator: cannot write %s\n", g_cfg.port_file);
            server_stop();
            return 1;
        }
    }
    server_loop(&stop_flag);
    server_stop();
    run_engine_free();
    resp_engine_free();
    chat_stream_free_all();
    replay_free();
    store_free();
    sched_free();
    faults_free();
    reqlog_close();
    return 0;
}
