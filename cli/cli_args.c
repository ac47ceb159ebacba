/* cli_args.c - long-option parser shared by the oai subcommands. */
#include "cli_args.h"
#include "cli_exit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int list_push(cli_list *l, const char *s)
{
    const char **n = realloc(l->items, (l->n + 1) * sizeof(*n));
    if (n == NULL)
        return -1;
    n[l->n++] = s;
    l->items = n;
    return 0;
}

void cli_list_clear(cli_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

/* The options every subcommand accepts, bound to *g. */
static int global_opt(const char *name, const char *value, int has_value,
                      cli_global *g, int *takes_value)
{
    const char **dest = NULL;
    if (strcmp(name, "help") == 0) {
        *takes_value = 0;
        g->help = 1;
        return 1;
    }
    if (strcmp(name, "base-url") == 0)
        dest = &g->base_url;
    else if (strcmp(name, "api-key") == 0)
        dest = &g->api_key;
    else if (strcmp(name, "timeout") == 0)
        dest = &g->timeout;
    if (dest == NULL)
        return 0;
    *takes_value = 1;
    if (has_value)
        *dest = value;
    return 1;
}

static int apply(const cli_opt *o, const char *value)
{
    switch (o->kind) {
    case CLI_FLAG:
        *(int *)o->dest = 1;
        return 0;
    case CLI_STR:
        *(const char **)o->dest = value;
        return 0;
    case CLI_LIST:
        return list_push((cli_list *)o->dest, value);
    }
    return -1;
}

int cli_parse(int argc, char **argv, int first, const cli_opt *opts,
              cli_list *pos, cli_global *g, const char *cmd)
{
    int only_pos = 0;
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        if (only_pos || a[0] != '-' || a[1] == '\0') {
            if (list_push(pos, a) != 0)
                goto nomem;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (strcmp(a, "-h") == 0) {
            g->help = 1;
            continue;
        }
        if (a[1] != '-') {
            fprintf(stderr, "oai %s: unknown option '%s' (try --help)\n", cmd,
                    a);
            return CLI_EXIT_USAGE;
        }
        /* Split "--name=value" without modifying argv. */
        char name[64];
        const char *eq = strchr(a + 2, '=');
        size_t nlen = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
        if (nlen == 0 || nlen >= sizeof(name)) {
            fprintf(stderr, "oai %s: unknown option '%s' (try --help)\n", cmd,
                    a);
            return CLI_EXIT_USAGE;
        }
        memcpy(name, a + 2, nlen);
        name[nlen] = '\0';
        const char *value = eq ? eq + 1 : NULL;

        const cli_opt *o = NULL;
        for (const cli_opt *p = opts; p && p->name; p++)
            if (strcmp(p->name, name) == 0)
                o = p;
        int takes_value = 0;
        int is_global = 0;
        if (o != NULL) {
            takes_value = o->kind != CLI_FLAG;
        } else {
            int dummy;
            is_global = global_opt(name, NULL, 0, g, &dummy);
            takes_value = dummy;
            if (!is_global) {
                fprintf(stderr, "oai %s: unknown option '--%s' (try --help)\n",
                        cmd, name);
                return CLI_EXIT_USAGE;
            }
        }
        if (!takes_value && value != NULL) {
            fprintf(stderr, "oai %s: option '--%s' takes no value\n", cmd,
                    name);
            return CLI_EXIT_USAGE;
        }
        if (takes_value && value == NULL) {
            if (i + 1 >= argc) {
                fprintf(stderr, "oai %s: option '--%s' needs a value\n", cmd,
                        name);
                return CLI_EXIT_USAGE;
            }
            value = argv[++i];
        }
        if (is_global) {
            int dummy;
            global_opt(name, value, 1, g, &dummy);
        } else if (apply(o, value) != 0) {
            goto nomem;
        }
    }
    return 0;
nomem:
    fprintf(stderr, "oai %s: out of memory\n", cmd);
    return CLI_EXIT_LOCAL;
}

int cli_seconds_ms(const char *text, int allow_zero, long *ms)
{
    char *end = NULL;
    double s = text ? strtod(text, &end) : -1;
    if (text == NULL || end == text || *end != '\0' || !(s >= 0) ||
        (s == 0 && !allow_zero) || s > 86400)
        return -1;
    *ms = (long)(s * 1000);
    if (s > 0 && *ms < 1)
        *ms = 1;
    return 0;
}
