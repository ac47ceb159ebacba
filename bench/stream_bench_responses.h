/* stream_bench's Responses rows (stream_bench_responses.c). */
#ifndef STREAM_BENCH_RESPONSES_H
#define STREAM_BENCH_RESPONSES_H

/* Time a stream of n output_text deltas (fc: one function call of n
 * argument deltas) and print its row. 0, or -1 when a pass failed. */
int stream_bench_responses(long n, int fc);

/* Write the stream of n output_text deltas to `path`. 0 or -1. */
int stream_bench_responses_dump(long n, const char *path);
/* Run the file at `path` through a response stream with hooks and print
 * "openai-c events=E cpu_us_per_event=X". 0 or -1. */
int stream_bench_responses_file(const char *path);

#endif
