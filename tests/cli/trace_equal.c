/* trace_equal GOT WANT [lenient] - compares two Responses traces (JSON
 * lines) as the trace's equality rule says: the same number of lines,
 * every event line equal as JSON, the end lines equal in `end` only. With
 * `lenient`, WANT's event lines need only be a prefix of GOT's and GOT must
 * end cleanly. Exit 0 when equal, 1 naming the first difference. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char **lines_of(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char **v = NULL;
    size_t cap = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    *n = 0;
    while ((len = getline(&line, &lcap, f)) > 0) {
        if (*n == cap)
            v = realloc(v, (cap = cap ? cap * 2 : 64) * sizeof *v);
        v[(*n)++] = strdup(line);
    }
    free(line);
    fclose(f);
    return v;
}

static int same(const char *a, const char *b, int end_only)
{
    cJSON *x = cJSON_Parse(a), *y = cJSON_Parse(b);
    int eq = x && y &&
             (end_only ? cJSON_Compare(cJSON_GetObjectItem(x, "end"), cJSON_GetObjectItem(y, "end"), 1)
                       : cJSON_Compare(x, y, 1));
    cJSON_Delete(x);
    cJSON_Delete(y);
    return eq;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    int lenient = argc > 3 && strcmp(argv[3], "lenient") == 0;
    size_t ng, nw;
    char **g = lines_of(argv[1], &ng), **w = lines_of(argv[2], &nw);
    if (!g || !w || !ng || !nw) {
        fprintf(stderr, "%s: empty or unreadable trace\n", argv[1]);
        return 1;
    }
    if (lenient) {
        for (size_t i = 0; i + 1 < nw; i++)
            if (i + 1 >= ng || !same(g[i], w[i], 0)) {
                fprintf(stderr, "%s: line %zu differs\n", argv[2], i + 1);
                return 1;
            }
        if (!same(g[ng - 1], "{\"end\":\"ok\"}", 1)) {
            fprintf(stderr, "%s: did not end cleanly\n", argv[2]);
            return 1;
        }
        return 0;
    }
    if (ng != nw) {
        fprintf(stderr, "%s: %zu lines, want %zu\n", argv[2], ng, nw);
        return 1;
    }
    for (size_t i = 0; i < ng; i++)
        if (!same(g[i], w[i], i + 1 == ng)) {
            fprintf(stderr, "%s: line %zu differs\n", argv[2], i + 1);
            return 1;
        }
    return 0;
}
