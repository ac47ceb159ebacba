/* Subcommands of the `oai` tool. Each takes the arguments after its name
 * (argv[0] is the command name) and returns the process exit status. To add
 * one, declare it here and list it in the table of main.c. */
#ifndef OAI_CLI_COMMANDS_H
#define OAI_CLI_COMMANDS_H

typedef struct oai_cli_command {
    const char *name;
    const char *usage;   /* one line: arguments */
    const char *summary; /* one line: what it does */
    int (*run)(int argc, char **argv);
} oai_cli_command;

int oai_cmd_replay(int argc, char **argv);

#endif
