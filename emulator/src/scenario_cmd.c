/* The "#scenario:<name> [args]" command language, parsed the same way for
 * Assistants runs and Responses, and small pieces both scripts use. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_util.h"
#include "util.h"

static long arg_num(const char *args, long dflt)
{
    while (*args == ' ')
        args++;
    char *end;
    long v = strtol(args, &end, 10);
    return end == args ? dflt : v;
}

int scenario_parse(const char *text, scenario_cmd *cmd, char *reply,
                   size_t reply_size)
{
    while (*text == ' ' || *text == '\n')
        text++;
    if (strncmp(text, "#scenario:", 10) != 0) {
        if (*text)
            snprintf(reply, reply_size, "Hello! You said: %.500s", text);
        else
            snprintf(reply, reply_size,
                     "Hello! This is oai-emulator. How can I help you today?");
        return 0;
    }
    const char *p = text + 10;
    size_t n = 0;
    while (*p && *p != ' ' && *p != '\n' && n + 1 < sizeof cmd->name)
        cmd->name[n++] = *p++;
    cmd->name[n] = '\0';
    while (*p == ' ')
        p++;
    cmd->args = p;
    return 1;
}

long scenario_function_args(const scenario_cmd *cmd, char *fname,
                            size_t fname_size)
{
    const char *args = cmd->args;
    long count = strcmp(cmd->name, "parallel") == 0 ? 2 : 1;
    size_t k = 0;
    if (*args && (*args < '0' || *args > '9')) {
        while (*args && *args != ' ' && k + 1 < fname_size)
            fname[k++] = *args++;
    }
    fname[k] = '\0';
    return arg_num(args, count);
}

long scenario_long_args(const scenario_cmd *cmd, long *delta_ms)
{
    long count;
    if (strcmp(cmd->name, "slow") == 0) {
        count = 50;
        *delta_ms = arg_num(cmd->args, 100);
    } else {
        count = arg_num(cmd->args, 100);
        const char *q = cmd->args;
        while (*q && *q != ' ')
            q++;
        if (*q)
            *delta_ms = arg_num(q, -1);
    }
    return count < 1 ? 1 : count > 1000000 ? 1000000 : count;
}

void scenario_code_arg(const scenario_cmd *cmd, char *code, size_t code_size)
{
    if (*cmd->args)
        snprintf(code, code_size, "%.*s", (int)strcspn(cmd->args, " \n"),
                 cmd->args);
    else
        snprintf(code, code_size, "server_error");
}

cJSON *scenario_error_obj(const char *code, const char *message)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "code", code);
    cJSON_AddStringToObject(e, "message", message);
    return e;
}

char *scenario_next_piece(const char **text)
{
    const char *p = *text, *q = p;
    if (!*p)
        return NULL;
    while (*q == ' ' || *q == '\n')
        q++;
    while (*q && *q != ' ' && *q != '\n')
        q++;
    size_t n = (size_t)(q - p);
    char *piece = xmalloc(n + 1);
    memcpy(piece, p, n);
    piece[n] = '\0';
    *text = q;
    return piece;
}

void scenario_args_piece(const char *args, size_t off, char piece[9])
{
    size_t len = strlen(args + off);
    size_t k = len < 8 ? len : 8;
    memcpy(piece, args + off, k);
    piece[k] = '\0';
}
