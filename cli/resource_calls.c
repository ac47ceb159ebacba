/*
 * resource_calls.c - the table of the setup subcommands' resources: one
 * line per endpoint, adapting each typed call of the library (the resource
 * headers of oai.h) to the common shapes of cli_resources.h.
 */
#include "cli_resources.h"

#include <string.h>

/* clang-format off */
static int asst_list(oai_json **o, oai_client *c, const res_parents *p, const oai_list_options *l) { (void)p; return oai_assistants_list(o, c, l, NULL); }
static int asst_pager(oai_pager **o, oai_client *c, const res_parents *p, const oai_list_options *l) { (void)p; return oai_assistants_list_pager(o, c, l, NULL); }
static int asst_get(oai_json **o, oai_client *c, const res_parents *p, const char *id) { (void)p; return oai_assistants_retrieve(o, c, id, NULL); }
static int asst_del(oai_json **o, oai_client *c, const res_parents *p, const char *id) { (void)p; return oai_assistants_delete(o, c, id, NULL); }
static int asst_create(oai_json **o, oai_client *c, const res_parents *p, const oai_json *b) { (void)p; return oai_assistants_create(o, c, b, NULL); }

static int thread_get(oai_json **o, oai_client *c, const res_parents *p, const char *id) { (void)p; return oai_threads_retrieve(o, c, id, NULL); }
static int thread_del(oai_json **o, oai_client *c, const res_parents *p, const char *id) { (void)p; return oai_threads_delete(o, c, id, NULL); }
static int thread_create(oai_json **o, oai_client *c, const res_parents *p, const oai_json *b) { (void)p; return oai_threads_create(o, c, b, NULL); }

static int msg_list(oai_json **o, oai_client *c, const res_parents *p, const oai_list_options *l) { return oai_messages_list(o, c, p->thread, l, NULL); }
static int msg_pager(oai_pager **o, oai_client *c, const res_parents *p, const oai_list_options *l) { return oai_messages_list_pager(o, c, p->thread, l, NULL); }
static int msg_get(oai_json **o, oai_client *c, const res_parents *p, const char *id) { return oai_messages_retrieve(o, c, p->thread, id, NULL); }
static int msg_del(oai_json **o, oai_client *c, const res_parents *p, const char *id) { return oai_messages_delete(o, c, p->thread, id, NULL); }
static int msg_create(oai_json **o, oai_client *c, const res_parents *p, const oai_json *b) { return oai_messages_create(o, c, p->thread, b, NULL); }

static int run_list(oai_json **o, oai_client *c, const res_parents *p, const oai_list_options *l) { return oai_runs_list(o, c, p->thread, l, NULL); }
static int run_pager(oai_pager **o, oai_client *c, const res_parents *p, const oai_list_options *l) { return oai_runs_list_pager(o, c, p->thread, l, NULL); }
static int run_get(oai_json **o, oai_client *c, const res_parents *p, const char *id) { return oai_runs_retrieve(o, c, p->thread, id, NULL); }
static int run_cancel(oai_json **o, oai_client *c, const res_parents *p, const char *id) { return oai_runs_cancel(o, c, p->thread, id, NULL); }

static int step_list(oai_json **o, oai_client *c, const res_parents *p, const oai_list_options *l) { return oai_run_steps_list(o, c, p->thread, p->run, l, NULL, NULL); }
static int step_pager(oai_pager **o, oai_client *c, const res_parents *p, const oai_list_options *l) { return oai_run_steps_list_pager(o, c, p->thread, p->run, l, NULL, NULL); }
static int step_get(oai_json **o, oai_client *c, const res_parents *p, const char *id) { return oai_run_steps_retrieve(o, c, p->thread, p->run, id, NULL, NULL); }

static int file_list(oai_json **o, oai_client *c, const res_parents *p, const oai_list_options *l) { (void)p; return oai_files_list(o, c, l, NULL); }
static int file_pager(oai_pager **o, oai_client *c, const res_parents *p, const oai_list_options *l) { (void)p; return oai_files_list_pager(o, c, l, NULL); }
static int file_get(oai_json **o, oai_client *c, const res_parents *p, const char *id) { (void)p; return oai_files_retrieve(o, c, id, NULL); }
static int file_del(oai_json **o, oai_client *c, const res_parents *p, const char *id) { (void)p; return oai_files_delete(o, c, id, NULL); }

static int vs_list(oai_json **o, oai_client *c, const res_parents *p, const oai_list_options *l) { (void)p; return oai_vector_stores_list(o, c, l, NULL); }
static int vs_pager(oai_pager **o, oai_client *c, const res_parents *p, const oai_list_options *l) { (void)p; return oai_vector_stores_list_pager(o, c, l, NULL); }
static int vs_get(oai_json **o, oai_client *c, const res_parents *p, const char *id) { (void)p; return oai_vector_stores_retrieve(o, c, id, NULL); }
static int vs_del(oai_json **o, oai_client *c, const res_parents *p, const char *id) { (void)p; return oai_vector_stores_delete(o, c, id, NULL); }
static int vs_create(oai_json **o, oai_client *c, const res_parents *p, const oai_json *b) { (void)p; return oai_vector_stores_create(o, c, b, NULL); }

static const cli_resource resources[] = {
    {"assistants", 0, F_NAME | F_MODEL | F_INSTR | F_DESC | F_TOOL | F_FUNC | F_VS | F_META,
     "assistants (model, instructions, tools)",
     asst_list, asst_pager, asst_get, asst_del, NULL, asst_create},
    {"threads", 0, F_MESSAGE | F_META, "conversation threads",
     NULL, NULL, thread_get, thread_del, NULL, thread_create},
    {"messages", P_THREAD, F_ROLE | F_TEXT | F_META, "messages of a thread (--thread)",
     msg_list, msg_pager, msg_get, msg_del, NULL, msg_create},
    {"runs", P_THREAD, 0, "runs of a thread (--thread); start one with `oai run`",
     run_list, run_pager, run_get, NULL, run_cancel, NULL},
    {"steps", P_THREAD | P_RUN, 0, "run steps (--thread, --run)",
     step_list, step_pager, step_get, NULL, NULL, NULL},
    {"files", 0, F_FILE | F_PURPOSE, "uploaded files (create FILE uploads it)",
     file_list, file_pager, file_get, file_del, NULL, NULL},
    {"vector-stores", 0, F_NAME | F_META, "vector stores (add files with `oai upload`)",
     vs_list, vs_pager, vs_get, vs_del, NULL, vs_create},
};
/* clang-format on */

unsigned int cli_resource_verbs(const cli_resource *r)
{
    return (r->list ? V_LIST : 0) | (r->get ? V_GET : 0) |
           (r->create || (r->flags & F_FILE) ? V_CREATE : 0) |
           (r->del ? V_DELETE : 0) | (r->cancel ? V_CANCEL : 0);
}

const cli_resource *cli_resource_find(const char *name)
{
    for (size_t i = 0; i < sizeof(resources) / sizeof(resources[0]); i++)
        if (strcmp(resources[i].name, name) == 0)
            return &resources[i];
    return NULL;
}
