/*
 * chat_stream.c - stream a chat completion and print the content as it
 * arrives, then read the final completion.
 *
 * The C form of the official helpers' chat streaming example:
 *
 *     with client.chat.completions.stream(model="gpt-4o", messages=[...])
 *             as stream:
 *         for event in stream:
 *             if event.type == "content.delta":
 *                 print(event.delta, flush=True, end="")
 *     completion = stream.get_final_completion()
 *
 * Reads OPENAI_API_KEY and OPENAI_BASE_URL (any Chat Completions server).
 *
 *     ./chat_stream ["question"]
 */
#include <oai.h>
#include <stdio.h>

static int on_content_delta(const char *delta, size_t len,
                            const char *snapshot, const oai_chat_change *c,
                            void *user_data)
{
    (void)snapshot;
    (void)c;
    (void)user_data;
    fwrite(delta, 1, len, stdout);
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv)
{
    const char *question = argc > 1 ? argv[1] : "Write a haiku about C.";
    oai_client *c;
    char errbuf[256];
    int rc = oai_client_new(&c, NULL, errbuf, sizeof errbuf);
    if (rc != OAI_OK) {
        fprintf(stderr, "oai_client_new: %s\n", errbuf);
        return 1;
    }
    oai_json *p = NULL, *messages = NULL, *msg = NULL;
    oai_json_new_object(&p);
    oai_json_set_string(p, "model", "gpt-4o");
    oai_json_new_array(&messages);
    oai_json_new_object(&msg);
    oai_json_set_string(msg, "role", "user");
    oai_json_set_string(msg, "content", question);
    oai_json_append(messages, msg);
    oai_json_set(p, "messages", messages);

    oai_chat_handler h = OAI_CHAT_HANDLER_INIT;
    h.on_content_delta = on_content_delta;
    oai_chat_stream_options o = OAI_CHAT_STREAM_OPTIONS_INIT;
    o.handler = &h;
    oai_chat_stream *s = NULL;
    const oai_json *completion = NULL;
    rc = oai_chat_completions_stream(&s, c, p, &o, NULL);
    if (rc != OAI_OK) {
        fprintf(stderr, "error: %s\n", oai_client_last_error(c)->message);
    } else {
        /* drains the stream (the hook prints the deltas), then builds the
         * accumulated chat.completion */
        rc = oai_chat_stream_final_completion(&completion, s);
        putchar('\n');
        if (rc != OAI_OK)
            fprintf(stderr, "error: %s\n", oai_chat_stream_error(s)->message);
        else
            printf("finish_reason: %s\n",
                   oai_json_path_string(completion,
                                        "choices.0.finish_reason"));
    }
    oai_chat_stream_free(s);
    oai_json_free(msg);
    oai_json_free(messages);
    oai_json_free(p);
    oai_client_free(c);
    return rc == OAI_OK ? 0 : 1;
}
