/* oai - command-line client of liboai: `oai <command> [args...]`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_commands.h"
#include "oai.h"

static const cli_command commands[] = {
    {"chat", "--assistant A [--thread T] [--tool NAME=CMD] MESSAGE",
     "send a message and stream the assistant's reply", cmd_chat},
    {"run", "--thread T --assistant A [--tool NAME=CMD]",
     "stream a run of a thread (--events: JSON lines, --text-only)", cmd_run},
    {"complete", "[--model M] [--system T] [--tool NAME=CMD] MESSAGE",
     "stream a Chat Completions reply (any compatible server)", cmd_complete},
    {"upload", "--vector-store VS FILE...",
     "upload files into a vector store as one batch and wait (progress bar)",
     cmd_upload},
    {"poll", "run|file|batch ... ID",
     "wait until a run, vector-store file or file batch is done", cmd_poll},
    {"assistants", "list|get|create|delete", "manage assistants (JSON output)",
     cmd_resource},
    {"threads", "get|create|delete", "manage threads", cmd_resource},
    {"messages", "list|get|create|delete --thread T", "messages of a thread",
     cmd_resource},
    {"runs", "list|get|cancel --thread T", "runs of a thread", cmd_resource},
    {"steps", "list|get --thread T --run R", "run steps", cmd_resource},
    {"files", "list|get|create|delete", "uploaded files (create FILE uploads)",
     cmd_resource},
    {"vector-stores", "list|get|create|delete", "vector stores", cmd_resource},
    {"respond", "[--model M] [--tool NAME=CMD] [--background] MESSAGE",
     "send a message to the Responses API and stream the reply", cmd_respond},
    {"responses", "create|get|poll|cancel|delete",
     "responses: wait for a background one (poll), cancel it", cmd_responses},
    {"conversations", "create|get|update|delete|items",
     "conversations and their items", cmd_responses},
    {"emulator", "[--port 0 --port-file F --log F ...]",
     "run oai-emulator, the local Assistants API emulator", cmd_emulator},
    {"replay", "[--trace] [--chunk N] FILE.sse",
     "replay a recorded assistant or Responses stream through the streaming "
     "engine",
     cmd_replay},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static int dispatch(int argc, char **argv);

static void usage(FILE *f)
{
    fprintf(
        f, "usage: oai [--base-url URL] [--api-key KEY] <command> [arguments]\n"
           "       oai --help | --version | <command> --help\n\ncommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-13s %s\n                %s\n", commands[i].name,
                commands[i].usage, commands[i].summary);
    fprintf(
        f, "\nEnvironment: OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID,\n"
           "OPENAI_PROJECT_ID, OPENAI_LOG=info|debug, OAI_PROGRESS=bar|plain.\n"
           "\nExit status: 0 ok, 1 API/HTTP error, 2 usage, 3 connection or "
           "timeout,\n"
           "4 stream error, 5 run/batch/response ended unsuccessfully,\n"
           "6 local error (file, --tool command), 7 --max-wait passed.\n");
}

/* `oai --base-url U --api-key K --timeout S cmd ...`: moves leading global
 * options right after the command name, where every command parses them.
 * Returns the number of leading argv entries that were global options. */
static int leading_globals(int argc, char **argv)
{
    int i = 1;
    while (i < argc) {
        const char *a = argv[i];
        int with_value = strcmp(a, "--base-url") == 0 ||
                         strcmp(a, "--api-key") == 0 ||
                         strcmp(a, "--timeout") == 0;
        int inline_value = strncmp(a, "--base-url=", 11) == 0 ||
                           strncmp(a, "--api-key=", 10) == 0 ||
                           strncmp(a, "--timeout=", 10) == 0;
        if (with_value && i + 1 < argc)
            i += 2;
        else if (inline_value)
            i += 1;
        else
            break;
    }
    return i - 1;
}

int main(int argc, char **argv)
{
    int nglob = leading_globals(argc, argv);
    char **moved = NULL;
    if (nglob > 0 && 1 + nglob < argc) {
        /* argv[0], command, globals..., rest... */
        moved = malloc(sizeof(*moved) * ((size_t)argc + 1));
        if (moved == NULL)
            return 6;
        moved[0] = argv[0];
        moved[1] = argv[1 + nglob];
        memcpy(moved + 2, argv + 1, sizeof(*moved) * (size_t)nglob);
        memcpy(moved + 2 + nglob, argv + 2 + nglob,
               sizeof(*moved) * (size_t)(argc - 2 - nglob));
        moved[argc] = NULL;
        argv = moved;
    }
    int rc = dispatch(argc, argv);
    free(moved);
    return rc;
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
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
