/* /files: multipart upload, retrieve, list, delete, content download. */
#include "oai/files.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/json.h"
#include "http/request.h"
#include "resources/rest.h"
#include "resources/upload.h"

enum { RETRIEVE, LIST, DELETE };

static const oai__endpoint ep[] = {
    [RETRIEVE] = {"GET", "/files/%s", .ids = {"file_id"}},
    [LIST] = {"GET", "/files", .list = OAI__LIST_PURPOSE},
    [DELETE] = {"DELETE", "/files/%s", .ids = {"file_id"}},
};

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int oai__upload_form_init(oai__upload_form *f, oai_client *c,
                          const oai_upload *u, const char *purpose,
                          const char *what)
{
    memset(f, 0, sizeof *f);
    if (!u)
        return oai__rest_invalid(
            c, "Expected an upload source for `%s` but received NULL", what);
    if (u->version < 1 || u->version > OAI_UPLOAD_VERSION)
        return oai__rest_invalid(c, "unsupported oai_upload version %u in `%s`",
                                 u->version, what);
    if (u->path) {
        if (!*u->path)
            return oai__rest_invalid(
                c, "Expected a non-empty value for `%s.path` but received ''",
                what);
        /* Fail before any request when the file cannot be read; the
         * transport reads it again while sending. */
        FILE *fp = fopen(u->path, "rb");
        struct stat st;
        int err = 0;
        if (!fp)
            err = errno;
        else if (fstat(fileno(fp), &st) != 0)
            err = errno;
        else if (S_ISDIR(st.st_mode))
            err = EISDIR;
        else if (!S_ISREG(st.st_mode))
            err = -1; /* a device, pipe or socket: no size to announce */
        if (err) {
            if (fp)
                fclose(fp);
            return oai__error_set(
                oai__client_error(c), OAI_EFILE, "cannot read %s '%s': %s",
                what, u->path, err < 0 ? "not a regular file" : strerror(err));
        }
        fclose(fp);
        f->size = (uint64_t)st.st_size;
        f->filename =
            u->filename && *u->filename ? u->filename : base_name(u->path);
        if (!*f->filename)
            return oai__rest_invalid(c, "`%s.path` '%s' has no file name", what,
                                     u->path);
        f->parts[1].file_path = u->path;
    } else {
        if (!u->filename || !*u->filename)
            return oai__rest_invalid(
                c,
                "Expected a non-empty value for `%s.filename` but received "
                "'%s'",
                what, u->filename ? u->filename : "");
        if (!u->data && u->len)
            return oai__rest_invalid(c, "`%s.data` is NULL but `%s.len` is %zu",
                                     what, what, u->len);
        f->size = u->len;
        f->filename = u->filename;
        /* an empty in-memory file still needs a non-NULL data pointer */
        f->parts[1].data = u->data ? (const char *)u->data : "";
        f->parts[1].data_len = u->len;
    }
    f->parts[0].name = "purpose";
    f->parts[0].data = purpose;
    f->parts[0].data_len = (size_t)-1;
    f->parts[1].name = "file";
    f->parts[1].filename = f->filename;
    return OAI_OK;
}

int oai_files_create(oai_json **out, oai_client *c, const oai_upload *file,
                     const char *purpose, const oai_request_options *opts)
{
    if (out)
        *out = NULL;
    if (!out || !c)
        return OAI_EINVAL;
    int rc = oai__rest_check_id(c, "purpose", purpose);
    oai__upload_form form;
    if (!rc)
        rc = oai__upload_form_init(&form, c, file, purpose, "file");
    if (rc)
        return rc;
    oai__http_spec spec = OAI__HTTP_SPEC_INIT;
    spec.method = "POST";
    spec.path = "/files";
    spec.parts = form.parts;
    spec.n_parts = 2;
    spec.opts = opts;
    cJSON *j = NULL;
    rc = oai__http_json(&j, c, &spec);
    *out = oai__own(j);
    return rc;
}

OAI__REST_ID(oai_files_retrieve, RETRIEVE, file_id)
OAI__REST_LIST(oai_files_list, oai_files_list_pager, LIST)
OAI__REST_ID(oai_files_delete, DELETE, file_id)

typedef struct user_sink {
    oai_write_fn write;
    void *user_data;
} user_sink;

static int to_user(const char *data, size_t len, void *ud)
{
    user_sink *s = ud;
    return s->write(data, len, s->user_data) ? OAI_EUSER : 0;
}

static int download(oai_client *c, const char *file_id, oai__http_sink sink,
                    void *sink_ud, const oai_request_options *opts)
{
    char *path = NULL;
    int rc = oai__rest_op_path(&path, c, "/files/%s/content", "file_id",
                               file_id, NULL);
    if (rc)
        return rc;
    oai__http_spec spec = OAI__HTTP_SPEC_INIT;
    spec.method = "GET";
    spec.path = path;
    spec.opts = opts;
    spec.sink = sink;
    spec.sink_user_data = sink_ud;
    oai__http_response resp = {0};
    rc = oai__http_request(&resp, c, &spec);
    oai__http_response_clear(&resp);
    oai__free(path);
    return rc;
}

int oai_files_content(oai_client *c, const char *file_id, oai_write_fn write,
                      void *user_data, const oai_request_options *opts)
{
    if (!c)
        return OAI_EINVAL;
    int rc = oai__rest_check_id(c, "file_id", file_id);
    if (!rc && !write)
        rc =
            oai__rest_invalid(c, "Expected a write callback but received NULL");
    if (rc)
        return rc;
    user_sink s = {write, user_data};
    rc = download(c, file_id, to_user, &s, opts);
    if (rc == OAI_EUSER)
        oai__error_set(oai__client_error(c), OAI_EUSER,
                       "the write callback stopped the download");
    return rc;
}

typedef struct file_sink {
    FILE *fp;
    int err; /* errno of the first failed write */
} file_sink;

static int to_file(const char *data, size_t len, void *ud)
{
    file_sink *s = ud;
    if (fwrite(data, 1, len, s->fp) != len) {
        s->err = errno ? errno : EIO;
        return OAI_EFILE;
    }
    return 0;
}

int oai_files_content_to_path(oai_client *c, const char *file_id,
                              const char *path, const oai_request_options *opts)
{
    if (!c)
        return OAI_EINVAL;
    int rc = oai__rest_check_id(c, "file_id", file_id);
    if (!rc)
        rc = oai__rest_check_id(c, "path", path);
    if (rc)
        return rc;
    file_sink s = {fopen(path, "wb"), 0};
    if (!s.fp)
        return oai__error_set(oai__client_error(c), OAI_EFILE,
                              "cannot open '%s' for writing: %s", path,
                              strerror(errno));
    rc = download(c, file_id, to_file, &s, opts);
    if (fclose(s.fp) != 0 && !rc && !s.err)
        s.err = errno ? errno : EIO;
    if (s.err && (rc == OAI_OK || rc == OAI_EFILE))
        rc = oai__error_set(oai__client_error(c), OAI_EFILE,
                            "cannot write '%s': %s", path, strerror(s.err));
    return rc;
}
