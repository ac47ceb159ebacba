/* curl_floor.h - the floor of a concurrency figure: the same N streaming
 * requests driven through a bare libcurl multi that discards the bytes,
 * on level 1 (curl_multi_perform + curl_multi_poll) or level 2 (an epoll
 * loop around curl_multi_socket_action). */
#ifndef CURL_FLOOR_H
#define CURL_FLOOR_H

#include <stddef.h>

/* Writes the JSON body of request i into buf (at most cap bytes). */
typedef void (*floor_body_fn)(char *buf, size_t cap, int i, void *ctx);

typedef struct floor_result {
    double cpu_s;  /* user + system CPU of this process during the run */
    double wall_s;
    long ok;       /* transfers that ended with HTTP 200 and no error */
    double bytes;  /* body bytes received (and discarded) */
} floor_result;

/* POSTs n bodies to url (Bearer api_key, JSON, OpenAI-Beta: assistants=v2)
 * all at once and waits for every response to end. 0, or -1 when libcurl
 * could not be set up. */
int curl_floor_run(const char *url, const char *api_key, int n, int level2, floor_body_fn body,
                   size_t body_cap, void *ctx, floor_result *out);

#endif /* CURL_FLOOR_H */
