/*
 * cmd_upload.c - `oai upload --vector-store VS FILE...` (file batch
 * upload_and_poll), `oai poll run|file|batch ...` and the upload behind
 * `oai files create FILE`, with the progress display of cli_progress.h.
 */
#include "cli_commands.h"
#include "cli_common.h"
#include "cli_progress.h"

#include <stdlib.h>
#include <string.h>

typedef struct upload_view {
    cli_progress bar;
    size_t n_files;
    size_t uploaded;
    unsigned char *done; /* per input file: upload finished */
    int polling;         /* the batch is being polled: second bar */
} upload_view;

static long count_of(const oai_json *obj, const char *path)
{
    return (long)oai_json_int(oai_json_path(obj, path), 0);
}

/* Batch poll states: done = files no longer in progress. */
static void show_poll(cli_progress *bar, const oai_poll_progress *p,
                      const char *what)
{
    char text[112];
    const oai_json *o = p->object;
    const char *status = p->status ? p->status : "?";
    if (oai_json_get(o, "file_counts") != NULL) {
        long total = count_of(o, "file_counts.total");
        long inprog = count_of(o, "file_counts.in_progress");
        long failed = count_of(o, "file_counts.failed");
        snprintf(text, sizeof(text), "%s %s%s", what, status,
                 failed > 0 ? " (some failed)" : "");
        cli_progress_update(bar, total - inprog, total, text);
    } else {
        snprintf(text, sizeof(text), "%s %s (poll %u)", what, status, p->polls);
        cli_progress_update(bar, -1, 0, text);
    }
}

static int upload_progress(const oai_poll_progress *p, void *user_data)
{
    upload_view *v = user_data;
    if (p->phase == OAI_POLL_PHASE_UPLOAD) {
        if (p->upload_done && p->file_index < v->n_files &&
            !v->done[p->file_index]) {
            v->done[p->file_index] = 1;
            v->uploaded++;
        }
        char text[112];
        const char *name = p->filename ? p->filename : "";
        if (p->upload_done)
            snprintf(text, sizeof(text), "uploaded %s", name);
        else
            snprintf(text, sizeof(text), "uploading %s %llu/%llu bytes", name,
                     (unsigned long long)p->bytes_sent,
                     (unsigned long long)p->bytes_total);
        /* Plain mode prints only completed uploads, to keep logs short. */
        if (v->bar.tty || p->upload_done)
            cli_progress_update(&v->bar, (long)v->uploaded, (long)v->n_files,
                                text);
    } else {
        if (!v->polling) {
            /* Keep the finished upload bar; processing gets its own line. */
            v->polling = 1;
            cli_progress_end(&v->bar);
        }
        show_poll(&v->bar, p, "batch");
    }
    return 0;
}

int cli_poll_options(oai_poll_options *po, const char *interval,
                     const char *max_wait, const char *cmd)
{
    if (interval) {
        long v = strtol(interval, NULL, 10);
        if (v <= 0 || v > 3600000) {
            fprintf(stderr, "oai %s: --poll-interval wants milliseconds > 0\n",
                    cmd);
            return CLI_EXIT_USAGE;
        }
        po->poll_interval_ms = (int)v;
    }
    if (max_wait) {
        char *end;
        double s = strtod(max_wait, &end);
        if (end == max_wait || *end || !(s > 0) || s > 864000) {
            fprintf(stderr, "oai %s: --max-wait wants seconds > 0\n", cmd);
            return CLI_EXIT_USAGE;
        }
        po->max_wait_ms = (long)(s * 1000);
    }
    return CLI_EXIT_OK;
}

static int parse_poll_opts(oai_poll_options *po, const char *interval,
                           const char *max_wait, const char *conc,
                           const char *cmd)
{
    int ex = cli_poll_options(po, interval, max_wait, cmd);
    if (ex != CLI_EXIT_OK)
        return ex;
    if (conc) {
        long v = strtol(conc, NULL, 10);
        if (v <= 0 || v > 64) {
            fprintf(stderr, "oai %s: --max-concurrency wants 1..64\n", cmd);
            return CLI_EXIT_USAGE;
        }
        po->max_concurrency = (int)v;
    }
    return CLI_EXIT_OK;
}

static const char upload_help[] =
    "Usage: oai upload --vector-store VS [options] FILE...\n\n"
    "Uploads the files (POST /files, purpose=assistants), adds them to vector\n"
    "store VS as one file batch and waits until no file is in progress\n"
    "(file_batches upload_and_poll). A progress bar is drawn on a terminal,\n"
    "plain 'progress:' lines otherwise (stderr). Prints the final batch "
    "JSON.\n\n"
    "  --vector-store VS        the vector store (required)\n"
    "  --file-id ID             also add an already uploaded file "
    "(repeatable)\n"
    "  --max-concurrency N      uploads in flight (default 5)\n"
    "  --poll-interval MS       fixed poll interval (default: server hint, "
    "else 1000)\n"
    "  --max-wait SEC           give up after SEC seconds (exit 7)\n"
    "  --quiet                  print a summary line instead of the JSON\n\n"
    "Exit status 5 when files failed to be processed.\n\n" CLI_GLOBAL_HELP;

int cmd_upload(int argc, char **argv)
{
    const char *vs = NULL, *interval = NULL, *max_wait = NULL, *conc = NULL;
    cli_list ids = {NULL, 0}, pos = {NULL, 0};
    int quiet = 0;
    cli_global g;
    memset(&g, 0, sizeof(g));
    const cli_opt opts[] = {{"vector-store", CLI_STR, &vs},
                            {"file-id", CLI_LIST, &ids},
                            {"max-concurrency", CLI_STR, &conc},
                            {"poll-interval", CLI_STR, &interval},
                            {"max-wait", CLI_STR, &max_wait},
                            {"quiet", CLI_FLAG, &quiet},
                            {NULL, CLI_FLAG, NULL}};
    const char *cmd = "upload";
    oai_client *c = NULL;
    oai_upload *files = NULL;
    oai_json *batch = NULL;
    upload_view view;
    memset(&view, 0, sizeof(view));
    int ex = cli_parse(argc, argv, 1, opts, &pos, &g, cmd);
    if (ex != CLI_EXIT_OK)
        goto done;
    if (g.help) {
        ex = cli_help(upload_help);
        goto done;
    }
    if (vs == NULL || !cli_valid_id(vs) || (pos.n == 0 && ids.n == 0)) {
        fprintf(stderr,
                "oai upload: needs --vector-store VS and at least one FILE "
                "(try --help)\n");
        ex = CLI_EXIT_USAGE;
        goto done;
    }
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    if ((ex = parse_poll_opts(&po, interval, max_wait, conc, cmd)) !=
        CLI_EXIT_OK)
        goto done;
    if ((ex = cli_client(&c, &g, cmd)) != CLI_EXIT_OK)
        goto done;
    files = calloc(pos.n ? pos.n : 1, sizeof(*files));
    view.done = calloc(pos.n ? pos.n : 1, 1);
    if (files == NULL || view.done == NULL) {
        ex = CLI_EXIT_LOCAL;
        goto done;
    }
    for (size_t i = 0; i < pos.n; i++) {
        oai_upload u = OAI_UPLOAD_INIT;
        u.path = pos.items[i];
        files[i] = u;
    }
    view.n_files = pos.n;
    cli_progress_init(&view.bar, stderr);
    po.progress = upload_progress;
    po.user_data = &view;
    int rc = oai_file_batches_upload_and_poll(&batch, c, vs, files, pos.n,
                                              ids.items, ids.n, NULL, &po);
    cli_progress_end(&view.bar);
    if (rc != OAI_OK) {
        ex = cli_fail(cmd, "file batch", rc, c);
        goto done;
    }
    long failed = count_of(batch, "file_counts.failed");
    long cancelled = count_of(batch, "file_counts.cancelled");
    long long total = count_of(batch, "file_counts.total");
    fprintf(stderr, "batch %s: %s, %lld file%s (%lld completed, %ld failed)\n",
            oai_json_path_string(batch, "id")
                ? oai_json_path_string(batch, "id")
                : "?",
            oai_json_path_string(batch, "status")
                ? oai_json_path_string(batch, "status")
                : "?",
            total, total == 1 ? "" : "s",
            (long long)count_of(batch, "file_counts.completed"), failed);
    ex = quiet ? CLI_EXIT_OK : cli_print_json(batch);
    if (ex == CLI_EXIT_OK && (failed > 0 || cancelled > 0))
        ex = CLI_EXIT_RUN;
done:
    oai_json_free(batch);
    free(files);
    free(view.done);
    oai_client_free(c);
    cli_list_clear(&ids);
    cli_list_clear(&pos);
    return ex;
}

int cli_file_upload(oai_client *c, const char *cmd, const char *path,
                    const char *purpose, int id_only)
{
    oai_json *f = NULL;
    int rc = oai_files_create_from_path(&f, c, path,
                                        purpose ? purpose : "assistants", NULL);
    if (rc != OAI_OK)
        return cli_fail(cmd, NULL, rc, c); /* the message names the path */
    int ex;
    if (id_only) {
        const char *id = oai_json_path_string(f, "id");
        ex = id ? (puts(id), CLI_EXIT_OK) : CLI_EXIT_API;
    } else {
        ex = cli_print_json(f);
    }
    oai_json_free(f);
    return ex;
}

/* ---- oai poll ----------------------------------------------------------- */

static int poll_progress(const oai_poll_progress *p, void *user_data)
{
    cli_progress *bar = user_data;
    if (p->phase == OAI_POLL_PHASE_POLL)
        show_poll(bar, p, "status");
    return 0;
}

static const char poll_help[] =
    "Usage: oai poll run --thread T RUN_ID\n"
    "       oai poll file --vector-store VS FILE_ID\n"
    "       oai poll batch --vector-store VS BATCH_ID\n\n"
    "GETs the object until it reaches a terminal state, showing its status as\n"
    "it changes, then prints it as JSON. Terminal: runs requires_action,\n"
    "completed, failed, cancelled, expired, incomplete; vector-store files\n"
    "completed, failed, cancelled; batches when no file is in progress.\n\n"
    "  --poll-interval MS       fixed poll interval (default: server hint, "
    "else 1000)\n"
    "  --max-wait SEC           give up after SEC seconds (exit 7)\n\n"
    "Exit status 5 when the run/file ended failed, cancelled, expired or\n"
    "incomplete, or the batch has failed files.\n\n" CLI_GLOBAL_HELP;

int cmd_poll(int argc, char **argv)
{
    const char *thread = NULL, *vs = NULL, *interval = NULL, *max_wait = NULL;
    cli_list pos = {NULL, 0};
    cli_global g;
    memset(&g, 0, sizeof(g));
    const cli_opt opts[] = {{"thread", CLI_STR, &thread},
                            {"vector-store", CLI_STR, &vs},
                            {"poll-interval", CLI_STR, &interval},
                            {"max-wait", CLI_STR, &max_wait},
                            {NULL, CLI_FLAG, NULL}};
    const char *cmd = "poll";
    oai_client *c = NULL;
    oai_json *obj = NULL;
    int ex = cli_parse(argc, argv, 1, opts, &pos, &g, cmd);
    if (ex != CLI_EXIT_OK)
        goto done;
    if (g.help) {
        ex = cli_help(poll_help);
        goto done;
    }
    const char *what = pos.n > 0 ? pos.items[0] : "";
    int kind = strcmp(what, "run") == 0     ? 1
               : strcmp(what, "file") == 0  ? 2
               : strcmp(what, "batch") == 0 ? 3
                                            : 0;
    const char *parent = kind == 1 ? thread : vs;
    if (kind == 0 || pos.n != 2 || !cli_valid_id(pos.items[1]) ||
        !cli_valid_id(parent)) {
        fputs(poll_help, stderr);
        ex = CLI_EXIT_USAGE;
        goto done;
    }
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    if ((ex = parse_poll_opts(&po, interval, max_wait, NULL, cmd)) !=
        CLI_EXIT_OK)
        goto done;
    if ((ex = cli_client(&c, &g, cmd)) != CLI_EXIT_OK)
        goto done;
    cli_progress bar;
    cli_progress_init(&bar, stderr);
    po.progress = poll_progress;
    po.user_data = &bar;
    int rc =
        kind == 1 ? oai_runs_poll(&obj, c, parent, pos.items[1], &po)
        : kind == 2
            ? oai_vector_store_files_poll(&obj, c, parent, pos.items[1], &po)
            : oai_file_batches_poll(&obj, c, parent, pos.items[1], &po);
    cli_progress_end(&bar);
    if (rc != OAI_OK) {
        ex = cli_fail(cmd, what, rc, c);
        if (obj != NULL && rc == OAI_EPOLLTIMEOUT)
            cli_print_json(obj); /* the last state seen */
        goto done;
    }
    ex = cli_print_json(obj);
    const char *status = oai_json_path_string(obj, "status");
    if (ex == CLI_EXIT_OK) {
        if (kind == 3) {
            if (count_of(obj, "file_counts.failed") > 0 ||
                count_of(obj, "file_counts.cancelled") > 0)
                ex = CLI_EXIT_RUN;
        } else if (status == NULL || (strcmp(status, "completed") != 0 &&
                                      strcmp(status, "requires_action") != 0)) {
            ex = CLI_EXIT_RUN;
        }
    }
done:
    oai_json_free(obj);
    oai_client_free(c);
    cli_list_clear(&pos);
    return ex;
}
