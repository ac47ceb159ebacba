/* stream_bench's Responses rows (stream_bench_responses.c). */
#ifndef STREAM_BENCH_RESPONSES_H
#define STREAM_BENCH_RESPONSES_H

/* Time a stream of n output_text deltas (fc: one function call of n
 * argument deltas) and print its row. 0, or -1 when a pass failed. */
int stream_bench_responses(long n, int fc);

#endif
