#include "oai/common.h"

const char *oai_version(void)
{
    return OAI_VERSION_STR;
}
unsigned int oai_version_num(void)
{
    return OAI_VERSION_NUM;
}
