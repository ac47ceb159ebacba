/* Helpers shared by the call tables (prism_calls.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "prism_calls.h"

oai_json *prism_json(const char *text)
{
    oai_json *j = NULL;
    if (oai_json_parse_cstr(&j, text) != OAI_OK) {
        fprintf(stderr, "bad JSON in a call table: %s\n", text);
        abort();
    }
    return j;
}

void prism_drain(oai_pager *p)
{
    const oai_json *page;
    for (int i = 0; p && i < 20 && oai_pager_next(&page, p) == OAI_OK && page; i++)
        ;
    oai_pager_free(p);
}

const oai_poll_options *prism_poll_options(void)
{
    static oai_poll_options o = OAI_POLL_OPTIONS_INIT;
    o.poll_interval_ms = 50;
    o.max_wait_ms = 400;
    return &o;
}

const oai_list_options *prism_list_options(void)
{
    static oai_list_options l = OAI_LIST_OPTIONS_INIT;
    l.limit = 2;
    l.order = "desc";
    l.after = "obj_after";
    l.before = "obj_before";
    return &l;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

void prism_done(const oai_multi_msg *msg, void *user_data)
{
    (void)msg;
    *(int *)user_data = 1;
}

void prism_run_multi(oai_multi *m, const int *done)
{
    long end = now_ms() + 20000;
    int running = 1;
    while ((running || !*done) && now_ms() < end) {
        if (oai_multi_perform(m, &running) != OAI_OK)
            break;
        if (running || !*done)
            oai_multi_wait(m, 50);
    }
    int left;
    while (oai_multi_info_read(m, &left))
        ;
}
