/* A main() for the fuzz targets without libFuzzer: runs the target once
 * over every file given, or every file below a given folder whose name
 * ends in one of the --ext suffixes. The test suite uses it to replay the
 * seed corpus and the saved regression inputs with any compiler, under
 * ASan, UBSan or valgrind.
 *     replay [--ext .sse]... PATH...                                      */
#define _DEFAULT_SOURCE
#include "fuzz_util.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

static const char *g_ext[8];
static int g_next;
static long g_files;

static int wanted(const char *name)
{
    if (g_next == 0)
        return 1;
    size_t n = strlen(name);
    for (int i = 0; i < g_next; i++) {
        size_t e = strlen(g_ext[i]);
        if (n >= e && strcmp(name + n - e, g_ext[i]) == 0)
            return 1;
    }
    return 0;
}

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    size_t cap = 1 << 16, len = 0;
    uint8_t *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            uint8_t *b = realloc(buf, cap *= 2);
            if (!b)
                free(buf);
            buf = b;
        }
    }
    fclose(f);
    if (!buf)
        return 1;
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    g_files++;
    return 0;
}

static int walk(const char *path, int top)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        perror(path);
        return 1;
    }
    if (!S_ISDIR(sb.st_mode))
        return (top || wanted(path)) ? run_file(path) : 0;
    DIR *d = opendir(path);
    if (!d)
        return 1;
    struct dirent *de;
    int bad = 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
        bad |= walk(sub, 0);
    }
    closedir(d);
    return bad;
}

int main(int argc, char **argv)
{
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--ext") == 0 && i + 1 < argc) {
            if (g_next < 8)
                g_ext[g_next++] = argv[++i];
            continue;
        }
        bad |= walk(argv[i], 1);
    }
    printf("replayed %ld inputs\n", g_files);
    return bad || g_files == 0;
}
