/*
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

#endif /* OAI_H */
