/* A 200 MiB upload from disk and its download: the file is streamed both
 * ways, so the process's peak RSS stays far below the file size. The file
 * is created sparse in the emulator's temporary directory. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include "res_common.h"

#define SIZE (200L * 1024 * 1024)
#define RSS_LIMIT_KB (48L * 1024) /* a quarter of the file */

static int setup(void **state)
{
    (void)state;
    static const char *const args[] = {"--max-body", "300000000", NULL};
    return res_setup_args(args);
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void make_sparse(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    /* a few real bytes at both ends, a hole in between */
    assert_int_equal(write(fd, "BEGIN", 5), 5);
    assert_int_equal(ftruncate(fd, SIZE), 0);
    assert_int_equal(pwrite(fd, "END", 3, SIZE - 3), 3);
    close(fd);
}

typedef struct counter {
    long long bytes;
    char head[5], tail[3];
} counter;

static int count_cb(const void *data, size_t len, void *ud)
{
    counter *c = ud;
    const char *p = data;
    for (size_t i = 0; i < len; i++) {
        long long at = c->bytes + (long long)i;
        if (at < 5)
            c->head[at] = p[i];
        else if (at >= SIZE - 3)
            c->tail[at - (SIZE - 3)] = p[i];
    }
    c->bytes += (long long)len;
    return 0;
}

static void upload_and_download_200mib(void **state)
{
    (void)state;
    char path[512];
    tu_emu_path(&g_emu, "big.bin", path, sizeof path);
    make_sparse(path);
    long before = peak_rss_kb();

    oai_json *f = NULL;
    assert_int_equal(
        oai_files_create(&f, g_c, &(oai_upload)OAI_UPLOAD_PATH(path), "assistants", NULL), OAI_OK);
    assert_int_equal(oai_json_int(oai_json_get(f, "bytes"), -1), SIZE);
    cJSON *r = res_expect("POST", "/files", 0);
    const cJSON *mp = cJSON_GetObjectItem(r, "multipart");
    const cJSON *filepart = NULL;
    for (const cJSON *p = mp ? mp->child : NULL; p; p = p->next)
        if (!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(p, "name")),
                    "file"))
            filepart = p;
    assert_non_null(filepart);
    assert_true(cJSON_GetNumberValue(cJSON_GetObjectItem(filepart, "size")) ==
                (double)SIZE);
    cJSON_Delete(r);

    counter cnt = {0, {0}, {0}};
    assert_int_equal(oai_files_content(g_c, oai_json_path_string(f, "id"),
                                       count_cb, &cnt, NULL),
                     OAI_OK);
    assert_true(cnt.bytes == SIZE);
    assert_memory_equal(cnt.head, "BEGIN", 5);
    assert_memory_equal(cnt.tail, "END", 3);
    oai_json_free(f);

    long peak = peak_rss_kb();
    printf("peak RSS: %ld KiB before, %ld KiB after (file %ld KiB)\n", before,
           peak, SIZE / 1024);
    assert_true(peak < RSS_LIMIT_KB);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(upload_and_download_200mib),
    };
    return cmocka_run_group_tests(tests, setup, res_teardown);
}
