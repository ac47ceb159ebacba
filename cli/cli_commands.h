/*
 * cli_commands.h - the subcommands of `oai`, listed in the dispatch table of
 * main.c. Each takes argv with argv[0] = the subcommand's name and returns
 * the process exit status (cli_exit.h). To add one, declare it here and
 * list it in that table.
 */
#ifndef CLI_SUBCOMMANDS_H
#define CLI_SUBCOMMANDS_H

#include <oai.h>

#include "cli_args.h"

typedef struct cli_command {
    const char *name;
    const char *usage;   /* one line: arguments */
    const char *summary; /* one line: what it does */
    int (*run)(int argc, char **argv);
} cli_command;

int cmd_chat(int argc, char **argv);      /* oai chat */
int cmd_run(int argc, char **argv);       /* oai run */
int cmd_upload(int argc, char **argv);    /* oai upload */
int cmd_poll(int argc, char **argv);      /* oai poll run|file|batch */
int cmd_resource(int argc, char **argv);  /* oai assistants|threads|... */
int cmd_responses(int argc, char **argv); /* oai responses|conversations */
int cmd_emulator(int argc, char **argv);  /* oai emulator */
int cmd_replay(int argc, char **argv);    /* oai replay */
int cmd_respond(int argc, char **argv);   /* oai respond */
int cmd_complete(int argc, char **argv);  /* oai complete */

/* 1 if `name` is one of the setup resources cmd_resource() serves. */
int cli_is_resource_command(const char *name);

/* 1 if `id` is safe to put into a URL path. */
int cli_valid_id(const char *id);

/* "KEY=VALUE" pairs into body.metadata. CLI_EXIT_OK or an exit code. */
int cli_add_metadata(oai_json *body, const cli_list *meta, const char *cmd);

/* --poll-interval MS and --max-wait SEC (either NULL: not given) into *po,
 * checked. CLI_EXIT_OK or CLI_EXIT_USAGE. */
int cli_poll_options(oai_poll_options *po, const char *interval,
                     const char *max_wait, const char *cmd);

/* Prints {"object":"list","data":[...],"has_more":false} around `items`
 * (every item of a list walked with --all). 0 or an exit code. */
int cli_print_list(const oai_json *items);

/* Uploads `path` (oai files create FILE); prints the file or its id. */
int cli_file_upload(oai_client *c, const char *cmd, const char *path,
                    const char *purpose, int id_only);

#endif /* CLI_SUBCOMMANDS_H */
