/*
 * cli_commands.h - the subcommands of `oai` added to the dispatch table in
 * main.c. Each takes argv with argv[0] = the subcommand's name and returns
 * the process exit status (cli_exit.h).
 */
#ifndef OAI_CLI_SUBCOMMANDS_H
#define OAI_CLI_SUBCOMMANDS_H

#include <oai.h>

int cmd_chat(int argc, char **argv);     /* oai chat */
int cmd_run(int argc, char **argv);      /* oai run */
int cmd_upload(int argc, char **argv);   /* oai upload */
int cmd_poll(int argc, char **argv);     /* oai poll run|file|batch */
int cmd_resource(int argc, char **argv); /* oai assistants|threads|... */
int cmd_emulator(int argc, char **argv); /* oai emulator */

/* 1 if `name` is one of the setup resources cmd_resource() serves. */
int cli_is_resource_command(const char *name);

/* 1 if `id` is safe to put into a URL path. */
int cli_valid_id(const char *id);

/* Uploads `path` (oai files create FILE); prints the file or its id. */
int cli_file_upload(oai_client *c, const char *cmd, const char *path,
                    const char *purpose, int id_only);

#endif /* OAI_CLI_SUBCOMMANDS_H */
