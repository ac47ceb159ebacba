/*
 * cmd_emulator.c - `oai emulator [ARGS]`: run oai-emulator with ARGS. It is
 * looked up next to the running oai (installed side by side), then in the
 * build tree (../emulator/ relative to cli/), then on PATH.
 */
#include "cli_commands.h"
#include "cli_exit.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EMU_NAME "oai-emulator"

/* Directory of the running executable, from /proc (Linux). */
static int self_dir(char *buf, size_t cap)
{
    ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (slash == NULL)
        return -1;
    *slash = '\0';
    return 0;
}

int cmd_emulator(int argc, char **argv)
{
    if (argc >= 2 &&
        (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) &&
        argc == 2) {
        printf("Usage: oai emulator [ARGS]\n\n"
               "Runs " EMU_NAME
               " (the local Assistants API emulator) with ARGS,\n"
               "e.g. --port 0 --port-file F --log F. It is found next to oai, "
               "in the\n"
               "build tree or on PATH. `oai emulator -- --help` shows its "
               "options.\n");
        return CLI_EXIT_OK;
    }
    /* "--" lets `oai emulator -- --help` reach the emulator. */
    int first = (argc >= 2 && strcmp(argv[1], "--") == 0) ? 2 : 1;
    char **args = calloc((size_t)(argc - first) + 2, sizeof(*args));
    if (args == NULL)
        return CLI_EXIT_LOCAL;
    args[0] = (char *)EMU_NAME;
    for (int i = first; i < argc; i++)
        args[i - first + 1] = argv[i];

    char dir[PATH_MAX], path[PATH_MAX + 64];
    if (self_dir(dir, sizeof(dir)) == 0) {
        const char *candidates[] = {"%s/" EMU_NAME, "%s/../emulator/" EMU_NAME};
        for (size_t i = 0; i < 2; i++) {
            snprintf(path, sizeof(path), candidates[i], dir);
            if (access(path, X_OK) == 0) {
                fflush(NULL);
                execv(path, args);
            }
        }
    }
    fflush(NULL);
    execvp(EMU_NAME, args);
    fprintf(stderr, "oai emulator: cannot run " EMU_NAME
                    " (not next to oai, not in the build tree, not on PATH)\n");
    free(args);
    return CLI_EXIT_LOCAL;
}
