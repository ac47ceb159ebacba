/*
 * cli_resources.h - the resources of the setup subcommands (oai assistants,
 * threads, messages, runs, steps, files, vector-stores): which typed library
 * call serves each verb, the parents each lives under, the create flags it
 * takes.
 */
#ifndef CLI_RESOURCES_H
#define CLI_RESOURCES_H

#include <oai.h>

/* Verbs. */
enum { V_LIST = 1, V_GET = 2, V_CREATE = 4, V_DELETE = 8, V_CANCEL = 16 };

/* Simple create flags each resource accepts besides --json. */
enum {
    F_NAME = 1,
    F_MODEL = 2,
    F_INSTR = 4,
    F_DESC = 8,
    F_TOOL = 16,
    F_FUNC = 32,
    F_VS = 64,
    F_MESSAGE = 128,
    F_ROLE = 256,
    F_META = 512,
    F_TEXT = 1024,
    F_FILE = 2048,
    F_PURPOSE = 4096
};

/* The parent objects a resource lives under (--thread, --run). */
enum { P_THREAD = 1, P_RUN = 2 };

typedef struct res_parents {
    const char *thread, *run;
} res_parents;

/* One typed library call per verb, adapted to a common shape. */
typedef int (*res_id_fn)(oai_json **out, oai_client *c, const res_parents *p,
                         const char *id);
typedef int (*res_create_fn)(oai_json **out, oai_client *c,
                             const res_parents *p, const oai_json *params);
typedef int (*res_list_fn)(oai_json **out, oai_client *c, const res_parents *p,
                           const oai_list_options *l);
typedef int (*res_pager_fn)(oai_pager **out, oai_client *c,
                            const res_parents *p, const oai_list_options *l);

typedef struct cli_resource {
    const char *name;
    unsigned int parents; /* P_* */
    unsigned int flags;   /* F_* accepted by create */
    const char *summary;
    res_list_fn list;
    res_pager_fn pager;
    res_id_fn get, del, cancel;
    res_create_fn create;
} cli_resource;

/* The resource named `name` (as on the command line), or NULL. */
const cli_resource *cli_resource_find(const char *name);

/* The V_* verbs `r` offers: those it has a call for. */
unsigned int cli_resource_verbs(const cli_resource *r);

#endif /* CLI_RESOURCES_H */
