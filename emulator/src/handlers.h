/* Endpoint handlers, one group per resource module. The path parameters are
 * rq->seg[...] (segments of the path below /v1). */
#ifndef EMU_HANDLERS_H
#define EMU_HANDLERS_H

#include "http.h"

typedef void (*route_fn)(emu_req *rq, emu_resp *rs);

/* res_assistants.c */
void asst_create(emu_req *rq, emu_resp *rs);
void asst_list(emu_req *rq, emu_resp *rs);
void asst_get(emu_req *rq, emu_resp *rs);
void asst_update(emu_req *rq, emu_resp *rs);
void asst_delete(emu_req *rq, emu_resp *rs);
/* res_threads.c */
void thread_create(emu_req *rq, emu_resp *rs);
void thread_get(emu_req *rq, emu_resp *rs);
void thread_update(emu_req *rq, emu_resp *rs);
void thread_delete(emu_req *rq, emu_resp *rs);
/* res_messages.c */
void msg_create(emu_req *rq, emu_resp *rs);
void msg_list(emu_req *rq, emu_resp *rs);
void msg_get(emu_req *rq, emu_resp *rs);
void msg_update(emu_req *rq, emu_resp *rs);
void msg_delete(emu_req *rq, emu_resp *rs);
/* res_runs.c */
void run_create(emu_req *rq, emu_resp *rs);
void run_create_thread_and_run(emu_req *rq, emu_resp *rs);
void run_list(emu_req *rq, emu_resp *rs);
void run_get(emu_req *rq, emu_resp *rs);
void run_update(emu_req *rq, emu_resp *rs);
void run_cancel(emu_req *rq, emu_resp *rs);
void run_submit(emu_req *rq, emu_resp *rs);
/* res_steps.c */
void step_list(emu_req *rq, emu_resp *rs);
void step_get(emu_req *rq, emu_resp *rs);
/* res_files.c */
void file_create(emu_req *rq, emu_resp *rs);
void file_list(emu_req *rq, emu_resp *rs);
void file_get(emu_req *rq, emu_resp *rs);
void file_delete(emu_req *rq, emu_resp *rs);
void file_content(emu_req *rq, emu_resp *rs);
/* res_vector_stores.c */
void vs_create(emu_req *rq, emu_resp *rs);
void vs_list(emu_req *rq, emu_resp *rs);
void vs_get(emu_req *rq, emu_resp *rs);
void vs_update(emu_req *rq, emu_resp *rs);
void vs_delete(emu_req *rq, emu_resp *rs);
void vs_search(emu_req *rq, emu_resp *rs);
/* res_vs_files.c */
void vsf_create(emu_req *rq, emu_resp *rs);
void vsf_list(emu_req *rq, emu_resp *rs);
void vsf_get(emu_req *rq, emu_resp *rs);
void vsf_update(emu_req *rq, emu_resp *rs);
void vsf_delete(emu_req *rq, emu_resp *rs);
void vsf_content(emu_req *rq, emu_resp *rs);
/* res_file_batches.c */
void vsb_create(emu_req *rq, emu_resp *rs);
void vsb_get(emu_req *rq, emu_resp *rs);
void vsb_cancel(emu_req *rq, emu_resp *rs);
void vsb_files(emu_req *rq, emu_resp *rs);
/* res_responses.c */
void resp_create(emu_req *rq, emu_resp *rs);
void resp_get(emu_req *rq, emu_resp *rs);
void resp_delete(emu_req *rq, emu_resp *rs);
void resp_cancel(emu_req *rq, emu_resp *rs);
void resp_input_items(emu_req *rq, emu_resp *rs);
/* res_chat.c */
void chat_create(emu_req *rq, emu_resp *rs);
/* res_conversations.c */
void conv_create(emu_req *rq, emu_resp *rs);
void conv_get(emu_req *rq, emu_resp *rs);
void conv_update(emu_req *rq, emu_resp *rs);
void conv_delete(emu_req *rq, emu_resp *rs);
void conv_items_create(emu_req *rq, emu_resp *rs);
void conv_items_list(emu_req *rq, emu_resp *rs);
void conv_item_get(emu_req *rq, emu_resp *rs);
void conv_item_delete(emu_req *rq, emu_resp *rs);

#endif
