/* Internal: the one place that decides which headers an OpenAI request
 * carries. The engine below sends whatever set it is given. */
#ifndef OAI_HTTP_OPENAI_HEADERS_H
#define OAI_HTTP_OPENAI_HEADERS_H

#include "http/client_impl.h"
#include "http/headers.h"
#include "http/request.h"

/* The header that carries the attempt's retry count; the engine sets it per
 * attempt unless a caller fixed its value. */
#define OAI__RETRY_COUNT_HEADER "X-Stainless-Retry-Count"

/*
 * Fill h for spec on client c, lowest precedence first (a later entry with
 * the same name replaces the earlier one; "Name:" removes it):
 *   Accept: application/json; Content-Type: content_type (if not NULL);
 *   Authorization: Bearer <key> (absent for key ""); OpenAI-Beta:
 *   assistants=v2 for the Assistants API paths (assistants, threads,
 *   vector_stores); OpenAI-Organization / OpenAI-Project when configured;
 *   User-Agent; Expect: (none);
 *   then the client's default headers, spec->opts->headers, spec->headers;
 *   last the X-Stainless-* helper headers of spec->stream_helper and
 *   spec->poll_helper.
 * OAI_OK, or OAI_EINVAL / OAI_ENOMEM with the detail on c's error.
 */
int oai__openai_headers(oai__hdrs *h, oai_client *c, const oai__http_spec *spec,
                        const char *content_type);

/* 1 if requests to `path` belong to the Assistants API (beta header). */
int oai__openai_path_is_beta(const char *path);

#endif
