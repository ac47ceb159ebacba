/* cli_tool_answer_call(): one function call answered by its --tool
 * command (cli_tool.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_exit.h"
#include "cli_tool.h"

/* Runs the command of `name`; its output into *out. An exit code. */
static int run_for(char **out, const cli_list *tools, const char *cmd,
                   const char *name, const char *args, long timeout_ms)
{
    const char *command = cli_tool_find(tools, name);
    if (command == NULL) {
        fprintf(stderr,
                "oai %s: the model calls function '%s'; answer it with --tool "
                "%s=COMMAND\n",
                cmd, name, name);
        return CLI_EXIT_LOCAL;
    }
    size_t out_len = 0;
    int status = 0;
    if (cli_tool_run(out, &out_len, &status, command, args, strlen(args),
                     timeout_ms) != 0) {
        fprintf(
            stderr,
            "oai %s: --tool %s: cannot run the command or collect its output\n",
            cmd, name);
        return CLI_EXIT_LOCAL;
    }
    if (status < 0) {
        fprintf(stderr, "oai %s: --tool %s: timed out after %ld ms\n", cmd,
                name, timeout_ms);
        return CLI_EXIT_LOCAL;
    }
    if (status != 0) {
        fprintf(stderr,
                "oai %s: --tool %s: the command exited with status %d\n", cmd,
                name, status);
        return CLI_EXIT_LOCAL;
    }
    if (strlen(*out) != out_len) {
        fprintf(stderr, "oai %s: --tool %s: the output contains a NUL byte\n",
                cmd, name);
        return CLI_EXIT_LOCAL;
    }
    return CLI_EXIT_OK;
}

int cli_tool_answer_call(oai_json *outputs, const char *key,
                         const oai_json *call, const cli_list *tools,
                         long timeout_ms, const char *cmd, cli_display *disp)
{
    const char *id = oai_json_path_string(call, "id");
    const char *name = oai_json_path_string(call, "function.name");
    const char *args = oai_json_path_string(call, "function.arguments");
    if (id == NULL || name == NULL) {
        fprintf(stderr, "oai %s: a tool call that is not a function call\n",
                cmd);
        return CLI_EXIT_STREAM;
    }
    if (args == NULL)
        args = "";
    char *out = NULL;
    int ex = run_for(&out, tools, cmd, name, args, timeout_ms);
    oai_json *o = NULL;
    if (ex == CLI_EXIT_OK &&
        (oai_json_new_object(&o) != OAI_OK ||
         oai_json_set_string(o, "tool_call_id", id) ||
         oai_json_set_string(o, key, out) || oai_json_append(outputs, o))) {
        fprintf(stderr, "oai %s: out of memory\n", cmd);
        ex = CLI_EXIT_LOCAL;
    } else if (ex == CLI_EXIT_OK && disp != NULL) {
        cli_display_function(disp, name, args, out);
    }
    oai_json_free(o);
    free(out);
    return ex;
}
