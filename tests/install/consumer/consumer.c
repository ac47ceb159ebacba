/* A program built only from the installed headers and library. */
#include <oai.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    if (oai_version_num() != OAI_VERSION_NUM || strcmp(oai_version(), OAI_VERSION_STR) != 0) {
        fprintf(stderr, "header/library version mismatch\n");
        return 1;
    }
    oai_json *j = NULL;
    if (oai_json_parse_cstr(&j, "{\"content\":[{\"text\":{\"value\":\"ok\"}}]}") != OAI_OK)
        return 1;
    const char *v = oai_json_path_string(j, "content.0.text.value");
    int rc = (v && strcmp(v, "ok") == 0) ? 0 : 1;
    oai_json_free(j);
    return rc;
}
