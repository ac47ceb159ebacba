/* oai - command-line client of liboai: `oai <command> [args...]`. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "oai.h"

static const oai_cli_command commands[] = {
    { "replay", "[--trace] [--chunk N] FILE.sse",
      "replay a recorded assistant stream through the streaming engine", oai_cmd_replay },
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
    fprintf(f, "usage: oai <command> [arguments]\n       oai --help | --version\n\ncommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-8s %s\n           %s\n", commands[i].name, commands[i].usage, commands[i].summary);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("oai %s\n", oai_version());
        return 0;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "oai: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
