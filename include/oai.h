/** @file
 * oai.h - the umbrella header of liboai, a C client for the OpenAI
 * Assistants API with streaming and polling helpers.
 */
#ifndef OAI_H
#define OAI_H

#include "oai/common.h"
#include "oai/errors.h"
#include "oai/json.h"
#include "oai/sse.h"
#include "oai/client.h"
#include "oai/pagination.h"
#include "oai/resources.h"
#include "oai/assistants.h"
#include "oai/threads.h"
#include "oai/messages.h"
#include "oai/runs.h"
#include "oai/run_steps.h"
#include "oai/files.h"
#include "oai/vector_stores.h"
#include "oai/vector_store_files.h"
#include "oai/file_batches.h"
#include "oai/responses.h"
#include "oai/conversations.h"
#include "oai/poll.h"
#include "oai/types.h"
#include "oai/accumulate.h"
#include "oai/response_accumulate.h"
#include "oai/response_handler.h"
#include "oai/response_stream.h"
#include "oai/chat_handler.h"
#include "oai/chat_stream.h"
#include "oai/assistant_handler.h"
#include "oai/stream.h"
#include "oai/run_stream.h"
#include "oai/multi.h"
#include "oai/poller.h"

#endif /* OAI_H */
