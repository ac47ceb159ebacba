/* Internal extras of the SSE parser (sse.c): handing it a buffer of bytes
 * instead of copying them, and the memory its next event reads. */
#ifndef OAI_STREAM_SSE_ADOPT_H
#define OAI_STREAM_SSE_ADOPT_H

#include "core/strbuf.h"
#include "core/warm.h"
#include "oai/sse.h"

/* oai_sse_parser_feed() of b's bytes, taking b's memory when the parser
 * holds no unread bytes (then nothing is copied). b is left empty either
 * way. Returns what the feed returns. */
int oai__sse_parser_adopt(oai_sse_parser *p, oai__strbuf *b);

/* 1 when every byte fed has been read into events handed out: no line,
 * event name or data of a next event is held. */
int oai__sse_parser_between_events(const oai_sse_parser *p);

/* Note the parser's own state, which every event reads. */
void oai__sse_parser_warm(const oai_sse_parser *p, oai__warm *w);

#endif
