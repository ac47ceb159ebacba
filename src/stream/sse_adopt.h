/* Handing a parser a buffer of bytes instead of copying them (sse.c). */
#ifndef OAI_STREAM_SSE_ADOPT_H
#define OAI_STREAM_SSE_ADOPT_H

#include "core/strbuf.h"
#include "oai/sse.h"

/* oai_sse_parser_feed() of b's bytes, taking b's memory when the parser
 * holds no unread bytes (then nothing is copied). b is left empty either
 * way. Returns what the feed returns. */
int oai__sse_parser_adopt(oai_sse_parser *p, oai__strbuf *b);

#endif
