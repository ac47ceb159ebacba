/*
 * cmd_responses.c - `oai responses create|get|cancel|delete|poll` and
 * `oai conversations create|get|update|delete|items`: one typed library
 * call per verb, printing the API's JSON (or with --id only the id).
 * `responses poll` waits for a background response with the progress
 * display of cli_progress.h.
 */
#include "cli_commands.h"
#include "cli_common.h"
#include "cli_progress.h"

#include <stdlib.h>
#include <string.h>

typedef struct verb_opts {
    const char *json, *model, *interval, *max_wait, *limit, *order, *after;
    cli_list messages, metadata;
    int id_only, all, background;
} verb_opts;

/* Prints the result *out of a call that returned `rc` and frees it (a
 * pointer, so that the call made in the argument list has filled it). */
static int result(int rc, oai_json **out, oai_client *c, const char *cmd,
                  int id_only)
{
    oai_json *j = *out;
    int ex;
    if (rc != OAI_OK)
        ex = cli_fail(cmd, NULL, rc, c);
    else if (!id_only)
        ex = cli_print_json(j);
    else if (oai_json_path_string(j, "id"))
        ex = puts(oai_json_path_string(j, "id")) < 0 ? CLI_EXIT_LOCAL
                                                     : CLI_EXIT_OK;
    else {
        fprintf(stderr, "oai %s: the answer has no id\n", cmd);
        ex = CLI_EXIT_API;
    }
    oai_json_free(j);
    return ex;
}

/* Positional arguments after the verb must be `n` valid ids. */
static int want_ids(const cli_list *pos, size_t first, size_t n,
                    const char *cmd)
{
    if (pos->n != first + n) {
        fprintf(stderr, "oai %s: wrong number of arguments (try --help)\n",
                cmd);
        return CLI_EXIT_USAGE;
    }
    for (size_t i = first; i < pos->n; i++)
        if (!cli_valid_id(pos->items[i])) {
            fprintf(stderr, "oai %s: invalid id '%s'\n", cmd, pos->items[i]);
            return CLI_EXIT_USAGE;
        }
    return CLI_EXIT_OK;
}

/* [{"type":"message","role":"user","content":TEXT}, ...] of --message. */
static int user_messages(oai_json **out, const cli_list *texts)
{
    if (oai_json_new_array(out) != OAI_OK)
        return CLI_EXIT_LOCAL;
    int rc = OAI_OK;
    for (size_t i = 0; i < texts->n && rc == OAI_OK; i++) {
        oai_json *m;
        if ((rc = oai_json_new_object(&m)) != OAI_OK)
            break;
        rc |= oai_json_set_string(m, "type", "message");
        rc |= oai_json_set_string(m, "role", "user");
        rc |= oai_json_set_string(m, "content", texts->items[i]);
        rc |= oai_json_append(*out, m);
        oai_json_free(m);
    }
    return rc == OAI_OK ? CLI_EXIT_OK : CLI_EXIT_LOCAL;
}

/* ---- oai responses ------------------------------------------------------ */

static int response_progress(const oai_poll_progress *p, void *user_data)
{
    cli_progress *bar = user_data;
    char text[112];
    if (p->phase != OAI_POLL_PHASE_POLL || !(p->status_changed || bar->tty))
        return 0;
    snprintf(text, sizeof(text), "response %s (poll %u)",
             p->status ? p->status : "?", p->polls);
    cli_progress_update(bar, -1, 0, text);
    return 0;
}

static int response_poll(oai_client *c, const char *id, const verb_opts *o,
                         const char *cmd)
{
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    int ex = cli_poll_options(&po, o->interval, o->max_wait, cmd);
    if (ex != CLI_EXIT_OK)
        return ex;
    cli_progress bar;
    cli_progress_init(&bar, stderr);
    po.progress = response_progress;
    po.user_data = &bar;
    oai_json *r = NULL;
    int rc = oai_responses_poll(&r, c, id, &po);
    cli_progress_end(&bar);
    if (rc != OAI_OK) {
        ex = cli_fail(cmd, "response", rc, c);
        if (r != NULL && rc == OAI_EPOLLTIMEOUT)
            cli_print_json(r); /* the last state seen */
        oai_json_free(r);
        return ex;
    }
    ex = cli_print_json(r);
    const char *status = oai_responses_status(r);
    if (ex == CLI_EXIT_OK && (!status || strcmp(status, "completed") != 0))
        ex = CLI_EXIT_RUN; /* failed, cancelled, incomplete or unknown */
    oai_json_free(r);
    return ex;
}

static int response_create(oai_client *c, const cli_list *pos,
                           const verb_opts *o, const char *cmd)
{
    oai_json *body = NULL;
    int ex = cli_json_object(&body, o->json, cmd);
    int rc = OAI_OK;
    if (ex == CLI_EXIT_OK && o->model)
        rc |= oai_json_set_string(body, "model", o->model);
    if (ex == CLI_EXIT_OK && pos->n == 2)
        rc |= oai_json_set_string(body, "input", pos->items[1]);
    if (ex == CLI_EXIT_OK && o->background)
        rc |= oai_json_set_bool(body, "background", 1);
    if (ex == CLI_EXIT_OK && rc == OAI_OK)
        ex = cli_add_metadata(body, &o->metadata, cmd);
    if (ex == CLI_EXIT_OK && rc != OAI_OK)
        ex = CLI_EXIT_LOCAL;
    oai_json *r = NULL;
    if (ex == CLI_EXIT_OK)
        ex = result(oai_responses_create(&r, c, body, NULL), &r, c, cmd,
                    o->id_only);
    oai_json_free(body);
    return ex;
}

static const char responses_help[] =
    "Usage: oai responses VERB [options]\n\n"
    "  Responses of the Responses API.\n\n"
    "Verbs:\n"
    "  create [TEXT] [--model M] [--background] [--metadata K=V]... "
    "[--json '{...}']\n"
    "                   POST /responses without streaming: a foreground\n"
    "                   response is printed once done, a background one at "
    "once\n"
    "  get ID           the response as it is now\n"
    "  poll ID [--poll-interval MS] [--max-wait SEC]\n"
    "                   wait until a background response is completed, "
    "failed,\n"
    "                   cancelled or incomplete, showing each status change\n"
    "  cancel ID        cancel a background response (others cannot be)\n"
    "  delete ID\n\n"
    "  --id             print only the id of the object (create, get)\n\n"
    "Exit status: 5 when the polled response ended failed, cancelled or\n"
    "incomplete, 7 when --max-wait passed first; 1 for an API error such as\n"
    "cancelling a foreground response.\n\n" CLI_GLOBAL_HELP;

/* ---- oai conversations -------------------------------------------------- */

static int conversation_body(oai_json **body, const verb_opts *o,
                             const char *cmd, int with_items)
{
    int ex = cli_json_object(body, o->json, cmd);
    if (ex == CLI_EXIT_OK && with_items && o->messages.n) {
        oai_json *items;
        ex = user_messages(&items, &o->messages);
        if (ex == CLI_EXIT_OK && oai_json_set(*body, "items", items) != OAI_OK)
            ex = CLI_EXIT_LOCAL;
        oai_json_free(items);
    }
    if (ex == CLI_EXIT_OK)
        ex = cli_add_metadata(*body, &o->metadata, cmd);
    return ex;
}

/* `items list CONV`: one page, or with --all every item. */
static int items_list(oai_client *c, const char *conv, const verb_opts *o,
                      const char *cmd)
{
    oai_list_options l = OAI_LIST_OPTIONS_INIT;
    l.limit = o->limit ? atoi(o->limit) : 20;
    l.order = o->order;
    l.after = o->after;
    if (l.limit < 1 || l.limit > 100 ||
        (l.order && strcmp(l.order, "asc") && strcmp(l.order, "desc")) ||
        (l.after && !cli_valid_id(l.after))) {
        fprintf(stderr,
                "oai %s: wants --limit 1..100, --order asc|desc, "
                "--after ID\n",
                cmd);
        return CLI_EXIT_USAGE;
    }
    if (!o->all) {
        oai_json *page = NULL;
        return result(oai_conversation_items_list(&page, c, conv, &l, NULL),
                      &page, c, cmd, 0);
    }
    oai_pager *pager = NULL;
    oai_json *all = NULL;
    const oai_json *item;
    int rc = oai_json_new_array(&all);
    if (rc == OAI_OK)
        rc = oai_conversation_items_list_pager(&pager, c, conv, &l, NULL);
    while (rc == OAI_OK && (rc = oai_pager_next(&item, pager)) == OAI_OK)
        rc = oai_json_append(all, item);
    oai_pager_free(pager);
    int ex =
        rc == OAI_ITEROVER ? cli_print_json(all) : cli_fail(cmd, NULL, rc, c);
    oai_json_free(all);
    return ex;
}

static int items_create(oai_client *c, const char *conv, const verb_opts *o,
                        const char *cmd)
{
    oai_json *items = NULL, *r = NULL;
    int ex;
    if (o->json) {
        if (oai_json_parse_cstr(&items, o->json) != OAI_OK ||
            !oai_json_is_array(items)) {
            fprintf(stderr, "oai %s: --json wants a JSON array of items\n",
                    cmd);
            ex = CLI_EXIT_USAGE;
        } else {
            ex = CLI_EXIT_OK;
        }
    } else if (o->messages.n == 0) {
        fprintf(stderr, "oai %s: needs --message TEXT or --json '[...]'\n",
                cmd);
        ex = CLI_EXIT_USAGE;
    } else {
        ex = user_messages(&items, &o->messages);
    }
    if (ex == CLI_EXIT_OK)
        ex = result(
            oai_conversation_items_create(&r, c, conv, items, NULL, NULL), &r,
            c, cmd, 0);
    oai_json_free(items);
    return ex;
}

/* `oai conversations items VERB CONV [ITEM]` (pos[0] is "items"). */
static int items_verb(oai_client *c, const cli_list *pos, const verb_opts *o,
                      const char *cmd)
{
    const char *verb = pos->n > 1 ? pos->items[1] : "";
    int one = !strcmp(verb, "get") || !strcmp(verb, "delete");
    int ex = want_ids(pos, 2, one ? 2 : 1, cmd);
    if (ex != CLI_EXIT_OK)
        return ex;
    const char *conv = pos->items[2], *item = one ? pos->items[3] : NULL;
    oai_json *r = NULL;
    if (!strcmp(verb, "list"))
        return items_list(c, conv, o, cmd);
    if (!strcmp(verb, "create"))
        return items_create(c, conv, o, cmd);
    if (!strcmp(verb, "get"))
        return result(
            oai_conversation_items_retrieve(&r, c, conv, item, NULL, NULL), &r,
            c, cmd, o->id_only);
    return result(oai_conversation_items_delete(&r, c, conv, item, NULL), &r, c,
                  cmd, 0);
}

static const char conversations_help[] =
    "Usage: oai conversations VERB [options]\n\n"
    "  Conversations: items shared by several responses (pass the id as\n"
    "  `conversation` when creating a response).\n\n"
    "Verbs:\n"
    "  create [--message TEXT]... [--metadata K=V]... [--json '{...}']\n"
    "  get ID\n"
    "  update ID [--metadata K=V]... [--json '{...}']\n"
    "  delete ID\n"
    "  items list CONV [--limit N] [--order asc|desc] [--after ID] [--all]\n"
    "  items create CONV (--message TEXT... | --json '[...]')\n"
    "  items get CONV ITEM\n"
    "  items delete CONV ITEM\n\n"
    "  --id             print only the id of the object (create, get)\n\n"
    "Output: the API's JSON object, pretty-printed.\n\n" CLI_GLOBAL_HELP;

/* ---- dispatch ----------------------------------------------------------- */

static const char *const response_verbs[] = {"create", "get",    "poll",
                                             "cancel", "delete", NULL};
static const char *const conversation_verbs[] = {"create", "get",   "update",
                                                 "delete", "items", NULL};
static const char *const item_verbs[] = {"list", "create", "get", "delete",
                                         NULL};

static int known(const char *const *verbs, const char *v)
{
    for (; *verbs; verbs++)
        if (strcmp(*verbs, v) == 0)
            return 1;
    return 0;
}

/* The arguments of `verb`: ids, or for create an optional TEXT. */
static int check_args(int responses, const cli_list *pos, const char *cmd)
{
    const char *verb = pos->items[0];
    if (!responses && !strcmp(verb, "items")) {
        if (pos->n < 2 || !known(item_verbs, pos->items[1])) {
            fprintf(stderr, "oai %s: items wants list|create|get|delete\n",
                    cmd);
            return CLI_EXIT_USAGE;
        }
        return CLI_EXIT_OK;
    }
    if (!strcmp(verb, "create")) {
        if (pos->n > (responses ? 2u : 1u)) {
            fprintf(stderr, "oai %s: too many arguments\n", cmd);
            return CLI_EXIT_USAGE;
        }
        return CLI_EXIT_OK;
    }
    return want_ids(pos, 1, 1, cmd);
}

static int run_verb(oai_client *c, int responses, const cli_list *pos,
                    const verb_opts *o, const char *cmd)
{
    const char *verb = pos->items[0], *id = pos->n > 1 ? pos->items[1] : NULL;
    oai_json *r = NULL, *body = NULL;
    int ex;
    if (responses) {
        if (!strcmp(verb, "create"))
            return response_create(c, pos, o, cmd);
        if (!strcmp(verb, "poll"))
            return response_poll(c, id, o, cmd);
        int rc =
            !strcmp(verb, "get") ? oai_responses_retrieve(&r, c, id, NULL, NULL)
            : !strcmp(verb, "cancel") ? oai_responses_cancel(&r, c, id, NULL)
                                      : oai_responses_delete(&r, c, id, NULL);
        return result(rc, &r, c, cmd, o->id_only && strcmp(verb, "delete"));
    }
    if (!strcmp(verb, "items"))
        return items_verb(c, pos, o, cmd);
    if (!strcmp(verb, "get"))
        return result(oai_conversations_retrieve(&r, c, id, NULL), &r, c, cmd,
                      o->id_only);
    if (!strcmp(verb, "delete"))
        return result(oai_conversations_delete(&r, c, id, NULL), &r, c, cmd, 0);
    ex = conversation_body(&body, o, cmd, !strcmp(verb, "create"));
    if (ex == CLI_EXIT_OK)
        ex = result(!strcmp(verb, "create")
                        ? oai_conversations_create(&r, c, body, NULL)
                        : oai_conversations_update(&r, c, id, body, NULL),
                    &r, c, cmd, o->id_only);
    oai_json_free(body);
    return ex;
}

int cmd_responses(int argc, char **argv)
{
    int responses = strcmp(argv[0], "responses") == 0;
    verb_opts o;
    memset(&o, 0, sizeof(o));
    cli_list pos = {NULL, 0};
    cli_global g;
    memset(&g, 0, sizeof(g));
    const cli_opt opts[] = {{"json", CLI_STR, &o.json},
                            {"model", CLI_STR, &o.model},
                            {"poll-interval", CLI_STR, &o.interval},
                            {"max-wait", CLI_STR, &o.max_wait},
                            {"limit", CLI_STR, &o.limit},
                            {"order", CLI_STR, &o.order},
                            {"after", CLI_STR, &o.after},
                            {"message", CLI_LIST, &o.messages},
                            {"metadata", CLI_LIST, &o.metadata},
                            {"id", CLI_FLAG, &o.id_only},
                            {"all", CLI_FLAG, &o.all},
                            {"background", CLI_FLAG, &o.background},
                            {NULL, CLI_FLAG, NULL}};
    char cmd[64];
    snprintf(cmd, sizeof(cmd), "%s", argv[0]);
    const char *help = responses ? responses_help : conversations_help;
    oai_client *c = NULL;
    int ex = cli_parse(argc, argv, 1, opts, &pos, &g, cmd);
    if (ex != CLI_EXIT_OK)
        goto done;
    if (g.help) {
        ex = cli_help(help);
        goto done;
    }
    if (pos.n == 0 ||
        !known(responses ? response_verbs : conversation_verbs, pos.items[0])) {
        fprintf(stderr, "oai %s: %s (try oai %s --help)\n", cmd,
                pos.n ? "unknown verb" : "needs a verb", argv[0]);
        ex = CLI_EXIT_USAGE;
        goto done;
    }
    snprintf(cmd, sizeof(cmd), "%s %s", argv[0], pos.items[0]);
    if ((ex = check_args(responses, &pos, cmd)) != CLI_EXIT_OK)
        goto done;
    if ((ex = cli_client(&c, &g, cmd)) != CLI_EXIT_OK)
        goto done;
    ex = run_verb(c, responses, &pos, &o, cmd);
done:
    oai_client_free(c);
    cli_list_clear(&o.messages);
    cli_list_clear(&o.metadata);
    cli_list_clear(&pos);
    return ex;
}
