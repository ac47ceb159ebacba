/*
 * cmd_resources.c - `oai assistants|threads|messages|runs|steps|files|
 * vector-stores list|get|create|delete|cancel`: the setup subcommands, one
 * typed library call per verb (lists through the pagers). Each prints the
 * API's JSON (pretty), or with --id only the object's id, which is what
 * shell scripts (scripts/demo) capture.
 */
#include "cli_commands.h"
#include "cli_common.h"
#include "cli_resources.h"

#include <stdlib.h>
#include <string.h>

int cli_is_resource_command(const char *name)
{
    return cli_resource_find(name) != NULL;
}

/* The library percent-encodes ids; the CLI still refuses what cannot be an
 * id, so a mistyped argument is a usage error rather than a 404. */
int cli_valid_id(const char *id)
{
    if (id == NULL || *id == '\0' || strlen(id) > 200)
        return 0;
    for (const char *p = id; *p; p++) {
        char ch = *p;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '.'))
            return 0;
    }
    return 1;
}

/* --thread / --run as the resource needs them, and the positional id. */
static int check_ids(const cli_resource *r, const res_parents *p,
                     const char *id, const char *cmd)
{
    const struct {
        unsigned int bit;
        const char *val, *opt;
    } need[] = {{P_THREAD, p->thread, "thread"}, {P_RUN, p->run, "run"}};
    for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++)
        if ((r->parents & need[i].bit) && !cli_valid_id(need[i].val)) {
            fprintf(stderr, "oai %s: %s --%s ID\n", cmd,
                    need[i].val ? "invalid id for" : "needs", need[i].opt);
            return CLI_EXIT_USAGE;
        }
    if (id != NULL && !cli_valid_id(id)) {
        fprintf(stderr, "oai %s: invalid id '%s'\n", cmd, id);
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

typedef struct res_opts {
    const char *thread, *run, *json, *name, *model, *instructions, *description;
    const char *role, *purpose, *limit, *order, *after;
    cli_list tools, functions, vector_stores, messages, metadata;
    int id_only, all, text;
} res_opts;

static void res_opts_clear(res_opts *o)
{
    cli_list_clear(&o->tools);
    cli_list_clear(&o->functions);
    cli_list_clear(&o->vector_stores);
    cli_list_clear(&o->messages);
    cli_list_clear(&o->metadata);
}

static int print_result(const oai_json *j, int id_only)
{
    if (id_only) {
        const char *id = oai_json_path_string(j, "id");
        if (id == NULL) {
            fprintf(stderr, "oai: the response has no id\n");
            return CLI_EXIT_API;
        }
        puts(id);
        return CLI_EXIT_OK;
    }
    return cli_print_json(j);
}

/* Prints the result `j` of one typed call that returned `rc`, and frees it. */
static int show(int rc, oai_json *j, oai_client *c, const char *cmd,
                int id_only)
{
    int ex =
        rc == OAI_OK ? print_result(j, id_only) : cli_fail(cmd, NULL, rc, c);
    oai_json_free(j);
    return ex;
}

int cli_add_metadata(oai_json *body, const cli_list *meta, const char *cmd)
{
    if (meta->n == 0)
        return CLI_EXIT_OK;
    oai_json *m;
    if (oai_json_new_object(&m) != OAI_OK)
        return CLI_EXIT_LOCAL;
    for (size_t i = 0; i < meta->n; i++) {
        const char *eq = strchr(meta->items[i], '=');
        char key[65];
        size_t kl = eq ? (size_t)(eq - meta->items[i]) : 0;
        if (kl == 0 || kl >= sizeof(key)) {
            fprintf(stderr, "oai %s: --metadata wants KEY=VALUE, got '%s'\n",
                    cmd, meta->items[i]);
            oai_json_free(m);
            return CLI_EXIT_USAGE;
        }
        memcpy(key, meta->items[i], kl);
        key[kl] = '\0';
        oai_json_set_string(m, key, eq + 1);
    }
    int rc = oai_json_set(body, "metadata", m);
    oai_json_free(m);
    return rc == OAI_OK ? CLI_EXIT_OK : CLI_EXIT_LOCAL;
}

/* Turns the simple create flags into body members (overriding --json). */
static int apply_create_flags(oai_json *body, const cli_resource *r,
                              const res_opts *o, const cli_list *pos,
                              const char *cmd)
{
    int rc = OAI_OK;
    if (o->name)
        rc |= oai_json_set_string(body, "name", o->name);
    if (o->model)
        rc |= oai_json_set_string(body, "model", o->model);
    if (o->instructions)
        rc |= oai_json_set_string(body, "instructions", o->instructions);
    if (o->description)
        rc |= oai_json_set_string(body, "description", o->description);
    if (o->tools.n || o->functions.n) {
        oai_json *tools;
        if (oai_json_new_array(&tools) != OAI_OK)
            return CLI_EXIT_LOCAL;
        for (size_t i = 0; i < o->tools.n; i++) {
            oai_json *t;
            if (!cli_valid_id(o->tools.items[i])) {
                fprintf(stderr, "oai %s: bad --tool '%s'\n", cmd,
                        o->tools.items[i]);
                oai_json_free(tools);
                return CLI_EXIT_USAGE;
            }
            if (oai_json_new_object(&t) != OAI_OK) {
                oai_json_free(tools);
                return CLI_EXIT_LOCAL;
            }
            rc |= oai_json_set_string(t, "type", o->tools.items[i]);
            rc |= oai_json_append(tools, t);
            oai_json_free(t);
        }
        for (size_t i = 0; i < o->functions.n; i++) {
            /* NAME or NAME:description; parameters accept any object. */
            const char *spec = o->functions.items[i];
            const char *colon = strchr(spec, ':');
            char fname[65];
            size_t fl = colon ? (size_t)(colon - spec) : strlen(spec);
            if (fl == 0 || fl >= sizeof(fname)) {
                fprintf(stderr, "oai %s: bad --function '%s'\n", cmd, spec);
                oai_json_free(tools);
                return CLI_EXIT_USAGE;
            }
            memcpy(fname, spec, fl);
            fname[fl] = '\0';
            oai_json *t, *f;
            if (oai_json_new_object(&t) != OAI_OK ||
                oai_json_new_object(&f) != OAI_OK) {
                oai_json_free(tools);
                return CLI_EXIT_LOCAL;
            }
            rc |= oai_json_set_string(t, "type", "function");
            rc |= oai_json_set_string(f, "name", fname);
            if (colon)
                rc |= oai_json_set_string(f, "description", colon + 1);
            rc |= oai_json_set_raw(f, "parameters",
                                   "{\"type\":\"object\",\"properties\":{},"
                                   "\"additionalProperties\":true}");
            rc |= oai_json_set(t, "function", f);
            rc |= oai_json_append(tools, t);
            oai_json_free(f);
            oai_json_free(t);
        }
        rc |= oai_json_set(body, "tools", tools);
        oai_json_free(tools);
    }
    if (o->vector_stores.n) {
        oai_json *res, *fs, *ids;
        if (oai_json_new_object(&res) != OAI_OK)
            return CLI_EXIT_LOCAL;
        oai_json_new_object(&fs);
        oai_json_new_array(&ids);
        for (size_t i = 0; i < o->vector_stores.n; i++)
            rc |= oai_json_append_string(ids, o->vector_stores.items[i]);
        rc |= oai_json_set(fs, "vector_store_ids", ids);
        rc |= oai_json_set(res, "file_search", fs);
        rc |= oai_json_set(body, "tool_resources", res);
        oai_json_free(ids);
        oai_json_free(fs);
        oai_json_free(res);
    }
    if (o->messages.n) {
        oai_json *msgs;
        if (oai_json_new_array(&msgs) != OAI_OK)
            return CLI_EXIT_LOCAL;
        for (size_t i = 0; i < o->messages.n; i++) {
            oai_json *m;
            if (oai_json_new_object(&m) != OAI_OK)
                break;
            rc |= oai_json_set_string(m, "role", "user");
            rc |= oai_json_set_string(m, "content", o->messages.items[i]);
            rc |= oai_json_append(msgs, m);
            oai_json_free(m);
        }
        rc |= oai_json_set(body, "messages", msgs);
        oai_json_free(msgs);
    }
    if (r->flags & F_TEXT) {
        if (pos->n > 1) {
            rc |= oai_json_set_string(body, "content", pos->items[1]);
        } else if (oai_json_get(body, "content") == NULL) {
            fprintf(stderr, "oai %s: create needs the message TEXT\n", cmd);
            return CLI_EXIT_USAGE;
        }
        if (o->role || oai_json_get(body, "role") == NULL)
            rc |= oai_json_set_string(body, "role", o->role ? o->role : "user");
    }
    int ex = cli_add_metadata(body, &o->metadata, cmd);
    if (ex != CLI_EXIT_OK)
        return ex;
    return rc == OAI_OK ? CLI_EXIT_OK : CLI_EXIT_LOCAL;
}

/* Rejects create flags the resource does not take, so typos are loud. */
static int check_flags(const cli_resource *r, const res_opts *o,
                       const char *cmd)
{
    struct {
        unsigned int f;
        int set;
        const char *name;
    } chk[] = {
        {F_NAME, o->name != NULL, "name"},
        {F_MODEL, o->model != NULL, "model"},
        {F_INSTR, o->instructions != NULL, "instructions"},
        {F_DESC, o->description != NULL, "description"},
        {F_TOOL, o->tools.n > 0, "tool"},
        {F_FUNC, o->functions.n > 0, "function"},
        {F_VS, o->vector_stores.n > 0, "vector-store"},
        {F_MESSAGE, o->messages.n > 0, "message"},
        {F_ROLE, o->role != NULL, "role"},
        {F_META, o->metadata.n > 0, "metadata"},
        {F_PURPOSE, o->purpose != NULL, "purpose"},
    };
    for (size_t i = 0; i < sizeof(chk) / sizeof(chk[0]); i++)
        if (chk[i].set && !(r->flags & chk[i].f)) {
            fprintf(stderr, "oai %s: --%s does not apply here\n", cmd,
                    chk[i].name);
            return CLI_EXIT_USAGE;
        }
    return CLI_EXIT_OK;
}

static int do_list(oai_client *c, const char *cmd, const cli_resource *r,
                   const res_parents *p, const res_opts *o);

static void usage(const cli_resource *r)
{
    unsigned int verbs = cli_resource_verbs(r);
    printf("Usage: oai %s VERB [options]\n\n  %s\n\nVerbs:\n", r->name,
           r->summary);
    if (verbs & V_LIST)
        printf("  list [--limit N] [--order asc|desc] [--after ID] [--all]%s\n",
               strcmp(r->name, "messages") == 0 ? " [--text]" : "");
    if (verbs & V_GET)
        printf("  get ID\n");
    if (verbs & V_CREATE)
        printf("  create %s[--json '{...}'] [--id]\n",
               (r->flags & F_FILE)   ? "FILE [--purpose P] "
               : (r->flags & F_TEXT) ? "TEXT "
                                     : "");
    if (verbs & V_DELETE)
        printf("  delete ID\n");
    if (verbs & V_CANCEL)
        printf("  cancel ID\n");
    if (r->parents & P_THREAD)
        printf("\n  --thread ID      the thread (required)\n");
    if (r->parents & P_RUN)
        printf("  --run ID         the run (required)\n");
    if (r->flags) {
        printf("\nCreate flags (override the same members of --json):\n");
        if (r->flags & F_NAME)
            printf("  --name NAME\n");
        if (r->flags & F_MODEL)
            printf("  --model MODEL\n");
        if (r->flags & F_INSTR)
            printf("  --instructions TEXT\n");
        if (r->flags & F_DESC)
            printf("  --description TEXT\n");
        if (r->flags & F_TOOL)
            printf("  --tool TYPE              code_interpreter, file_search "
                   "(repeatable)\n");
        if (r->flags & F_FUNC)
            printf("  --function NAME[:DESC]   a function tool taking any JSON "
                   "object (repeatable)\n");
        if (r->flags & F_VS)
            printf("  --vector-store ID        for file_search (repeatable)\n");
        if (r->flags & F_MESSAGE)
            printf("  --message TEXT           a first user message "
                   "(repeatable)\n");
        if (r->flags & F_ROLE)
            printf("  --role user|assistant    (default user)\n");
        if (r->flags & F_PURPOSE)
            printf("  --purpose PURPOSE        (default assistants)\n");
        if (r->flags & F_META)
            printf("  --metadata KEY=VALUE     (repeatable)\n");
    }
    printf(
        "\n  --id             print only the id of the object (%s)\n"
        "\nOutput: the API's JSON object, pretty-printed.\n\n" CLI_GLOBAL_HELP,
        (verbs & V_CREATE) ? "create, get" : "get");
}

int cmd_resource(int argc, char **argv)
{
    const cli_resource *r = cli_resource_find(argv[0]);
    res_opts o;
    memset(&o, 0, sizeof(o));
    cli_list pos = {NULL, 0};
    cli_global g;
    memset(&g, 0, sizeof(g));
    const cli_opt opts[] = {{"thread", CLI_STR, &o.thread},
                            {"run", CLI_STR, &o.run},
                            {"json", CLI_STR, &o.json},
                            {"name", CLI_STR, &o.name},
                            {"model", CLI_STR, &o.model},
                            {"instructions", CLI_STR, &o.instructions},
                            {"description", CLI_STR, &o.description},
                            {"role", CLI_STR, &o.role},
                            {"purpose", CLI_STR, &o.purpose},
                            {"limit", CLI_STR, &o.limit},
                            {"order", CLI_STR, &o.order},
                            {"after", CLI_STR, &o.after},
                            {"tool", CLI_LIST, &o.tools},
                            {"function", CLI_LIST, &o.functions},
                            {"vector-store", CLI_LIST, &o.vector_stores},
                            {"message", CLI_LIST, &o.messages},
                            {"metadata", CLI_LIST, &o.metadata},
                            {"id", CLI_FLAG, &o.id_only},
                            {"all", CLI_FLAG, &o.all},
                            {"text", CLI_FLAG, &o.text},
                            {NULL, CLI_FLAG, NULL}};
    char cmd[64];
    snprintf(cmd, sizeof(cmd), "%s", argv[0]);
    int ex = cli_parse(argc, argv, 1, opts, &pos, &g, cmd);
    oai_client *c = NULL;
    oai_json *body = NULL;
    if (ex != CLI_EXIT_OK)
        goto done;
    if (g.help || pos.n == 0) {
        usage(r);
        ex = g.help ? CLI_EXIT_OK : CLI_EXIT_USAGE;
        goto done;
    }
    const char *verb = pos.items[0];
    unsigned int v = strcmp(verb, "list") == 0     ? V_LIST
                     : strcmp(verb, "get") == 0    ? V_GET
                     : strcmp(verb, "create") == 0 ? V_CREATE
                     : strcmp(verb, "delete") == 0 ? V_DELETE
                     : strcmp(verb, "cancel") == 0 ? V_CANCEL
                                                   : 0;
    snprintf(cmd, sizeof(cmd), "%s %s", argv[0], verb);
    if (!(cli_resource_verbs(r) & v)) {
        fprintf(stderr, "oai %s: unknown verb (try oai %s --help)\n", cmd,
                argv[0]);
        ex = CLI_EXIT_USAGE;
        goto done;
    }
    size_t want = (v == V_LIST) ? 1 : (v == V_CREATE) ? 1 : 2;
    if (v == V_CREATE && (r->flags & (F_TEXT | F_FILE)))
        want = 2;
    if (pos.n > want || (v != V_CREATE && pos.n != want) ||
        (v == V_CREATE && (r->flags & F_FILE) && pos.n != want)) {
        fprintf(stderr, "oai %s: wrong number of arguments (try --help)\n",
                cmd);
        ex = CLI_EXIT_USAGE;
        goto done;
    }
    if (v == V_CREATE && (ex = check_flags(r, &o, cmd)) != CLI_EXIT_OK)
        goto done;
    const res_parents parents = {o.thread, o.run};
    const char *id =
        (v == V_GET || v == V_DELETE || v == V_CANCEL) ? pos.items[1] : NULL;
    if ((ex = check_ids(r, &parents, id, cmd)) != CLI_EXIT_OK)
        goto done;
    if ((ex = cli_client(&c, &g, cmd)) != CLI_EXIT_OK)
        goto done;

    oai_json *res = NULL;
    int rc;
    switch (v) {
    case V_LIST:
        ex = do_list(c, cmd, r, &parents, &o);
        break;
    case V_GET:
        rc = r->get(&res, c, &parents, id);
        ex = show(rc, res, c, cmd, o.id_only);
        break;
    case V_DELETE:
        rc = r->del(&res, c, &parents, id);
        ex = show(rc, res, c, cmd, 0);
        break;
    case V_CANCEL:
        rc = r->cancel(&res, c, &parents, id);
        ex = show(rc, res, c, cmd, o.id_only);
        break;
    case V_CREATE:
        if (r->flags & F_FILE) {
            ex = cli_file_upload(c, cmd, pos.items[1], o.purpose, o.id_only);
            break;
        }
        if ((ex = cli_json_object(&body, o.json, cmd)) != CLI_EXIT_OK)
            break;
        if ((ex = apply_create_flags(body, r, &o, &pos, cmd)) != CLI_EXIT_OK)
            break;
        rc = r->create(&res, c, &parents, body);
        ex = show(rc, res, c, cmd, o.id_only);
        break;
    }
done:
    oai_json_free(body);
    oai_client_free(c);
    res_opts_clear(&o);
    cli_list_clear(&pos);
    return ex;
}

/* Prints "role > text" for each text block, oldest first. */
static void print_message_text(const oai_json *msg)
{
    const char *role = oai_json_path_string(msg, "role");
    const oai_json *content = oai_json_get(msg, "content");
    for (const oai_json *b = oai_json_first(content); b != NULL;
         b = oai_json_next(b)) {
        const char *type = oai_json_path_string(b, "type");
        if (type && strcmp(type, "text") == 0)
            printf("%s > %s\n", role ? role : "?",
                   oai_json_path_string(b, "text.value"));
        else if (type && strcmp(type, "image_file") == 0)
            printf("%s > [image %s]\n", role ? role : "?",
                   oai_json_path_string(b, "image_file.file_id"));
    }
}

/* {"object":"list","data":[...],"has_more":false} around `items`. */
static int print_list(const oai_json *items)
{
    oai_json *wrap;
    if (oai_json_new_object(&wrap) != OAI_OK)
        return CLI_EXIT_LOCAL;
    int rc = oai_json_set_string(wrap, "object", "list");
    rc |= oai_json_set(wrap, "data", items);
    rc |= oai_json_set_bool(wrap, "has_more", 0);
    int ex = rc == OAI_OK ? cli_print_json(wrap) : CLI_EXIT_LOCAL;
    oai_json_free(wrap);
    return ex;
}

/* The list options of --limit, --order and --after, checked. */
static int list_options(oai_list_options *l, const res_opts *o, const char *cmd)
{
    l->limit = o->limit ? atoi(o->limit) : 20;
    l->order = o->order ? o->order : (o->text ? "asc" : NULL);
    l->after = o->after;
    if (l->limit < 1 || l->limit > 100) {
        fprintf(stderr, "oai %s: --limit wants 1..100\n", cmd);
        return CLI_EXIT_USAGE;
    }
    if (l->order && strcmp(l->order, "asc") != 0 &&
        strcmp(l->order, "desc") != 0) {
        fprintf(stderr, "oai %s: --order wants asc or desc\n", cmd);
        return CLI_EXIT_USAGE;
    }
    if (l->after && !cli_valid_id(l->after)) {
        fprintf(stderr, "oai %s: invalid --after id\n", cmd);
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

/* One page as the API returned it; with --all every item of every page in
 * one list; with --text the text of each message as it arrives. */
static int do_list(oai_client *c, const char *cmd, const cli_resource *r,
                   const res_parents *p, const res_opts *o)
{
    oai_list_options l = OAI_LIST_OPTIONS_INIT;
    int ex = list_options(&l, o, cmd);
    if (ex != CLI_EXIT_OK)
        return ex;
    if (!o->all && !o->text) {
        oai_json *page = NULL;
        int rc = r->list(&page, c, p, &l);
        return show(rc, page, c, cmd, 0);
    }
    oai_json *all = NULL;
    if (!o->text && oai_json_new_array(&all) != OAI_OK)
        return CLI_EXIT_LOCAL;
    oai_pager *pager = NULL;
    const oai_json *item;
    int rc = r->pager(&pager, c, p, &l);
    while (rc == OAI_OK && (rc = oai_pager_next(&item, pager)) == OAI_OK) {
        if (o->text)
            print_message_text(item);
        else
            rc = oai_json_append(all, item);
    }
    oai_pager_free(pager);
    if (rc != OAI_ITEROVER)
        ex = cli_fail(cmd, NULL, rc, c);
    else if (all != NULL)
        ex = print_list(all);
    oai_json_free(all);
    return ex;
}
