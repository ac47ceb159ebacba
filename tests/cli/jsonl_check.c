/* jsonl_check - checks `oai ... --events` output read from stdin: every
 * line is a JSON object with a string "event" and a "data" member. Prints
 * the event names, one a line, so a test can compare them with the raw
 * stream. Exit 1 naming the first bad line. */
#include <oai.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    size_t cap = 1 << 16, len = 0;
    char *line = malloc(cap);
    long lineno = 0;
    int ch;
    if (line == NULL)
        return 2;
    for (;;) {
        ch = getchar();
        if (ch != EOF && ch != '\n') {
            if (len + 1 >= cap) {
                char *n = realloc(line, cap *= 2);
                if (n == NULL) {
                    free(line);
                    return 2;
                }
                line = n;
            }
            line[len++] = (char)ch;
            continue;
        }
        if (ch == EOF && len == 0)
            break;
        lineno++;
        oai_json *j = NULL;
        const char *name = NULL;
        if (oai_json_parse(&j, line, len) == OAI_OK && oai_json_is_object(j) &&
            oai_json_get(j, "data") != NULL)
            name = oai_json_string(oai_json_get(j, "event"));
        if (name == NULL || *name == '\0') {
            fprintf(stderr, "jsonl_check: line %ld is not {\"event\":NAME,\"data\":...}: %.*s\n",
                    lineno, (int)(len > 200 ? 200 : len), line);
            oai_json_free(j);
            free(line);
            return 1;
        }
        puts(name);
        oai_json_free(j);
        len = 0;
        if (ch == EOF)
            break;
    }
    free(line);
    return lineno > 0 ? 0 : 1;
}
