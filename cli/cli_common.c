/* cli_common.c - client construction, JSON output and error exits. */
#include "cli_common.h"
#include "json_write.h"

#include <stdlib.h>
#include <string.h>

int cli_client(oai_client **out, const cli_global *g, const char *cmd)
{
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = g->api_key;
    o.base_url = g->base_url;
    o.user_agent_suffix = "oai-cli";
    if (g->timeout != NULL) {
        if (cli_seconds_ms(g->timeout, 0, &o.timeout_ms) != 0) {
            fprintf(stderr, "oai %s: --timeout wants seconds > 0, got '%s'\n",
                    cmd, g->timeout);
            return CLI_EXIT_USAGE;
        }
        o.read_timeout_ms = o.timeout_ms;
    }
    cli_set_secret(g->api_key ? g->api_key : getenv("OPENAI_API_KEY"));
    char errbuf[256];
    int rc = oai_client_new(out, &o, errbuf, sizeof(errbuf));
    if (rc != OAI_OK) {
        oai_error e;
        memset(&e, 0, sizeof(e));
        e.code = rc;
        e.message = errbuf[0] ? errbuf : oai_strerror(rc);
        cli_report(cmd, "cannot create the client", rc, &e);
        return rc == OAI_EINVAL ? CLI_EXIT_USAGE : cli_exit_code(rc);
    }
    return CLI_EXIT_OK;
}

/* JSON with two-space indentation, the layout people expect from jq and
 * the SDKs; written through the public view API. */
static void indent(FILE *f, int depth)
{
    for (int i = 0; i < depth; i++)
        fputs("  ", f);
}

static void put_value(FILE *f, const oai_json *j, int depth)
{
    if (oai_json_is_object(j) || oai_json_is_array(j)) {
        int obj = oai_json_is_object(j);
        const oai_json *m = oai_json_first(j);
        if (m == NULL) {
            fputs(obj ? "{}" : "[]", f);
            return;
        }
        fputs(obj ? "{\n" : "[\n", f);
        for (; m != NULL; m = oai_json_next(m)) {
            indent(f, depth + 1);
            if (obj) {
                const char *k = oai_json_key(m);
                json_write_string(f, k ? k : "", k ? strlen(k) : 0);
                fputs(": ", f);
            }
            put_value(f, m, depth + 1);
            fputs(oai_json_next(m) ? ",\n" : "\n", f);
        }
        indent(f, depth);
        fputc(obj ? '}' : ']', f);
    } else if (oai_json_is_string(j)) {
        json_write_string(f, oai_json_string(j), oai_json_string_len(j));
    } else if (oai_json_is_number(j)) {
        double d = oai_json_number(j, 0);
        if (d == (double)(long long)d && d < 9e15 && d > -9e15)
            fprintf(f, "%lld", (long long)d);
        else
            fprintf(f, "%.17g", d);
    } else if (oai_json_is_bool(j)) {
        fputs(oai_json_bool(j, 0) ? "true" : "false", f);
    } else {
        fputs("null", f);
    }
}

int cli_print_json(const oai_json *j)
{
    put_value(stdout, j, 0);
    fputc('\n', stdout);
    fflush(stdout);
    return ferror(stdout) ? CLI_EXIT_LOCAL : CLI_EXIT_OK;
}

int cli_json_object(oai_json **out, const char *text, const char *cmd)
{
    int rc = text ? oai_json_parse_cstr(out, text) : oai_json_new_object(out);
    if (rc == OAI_ENOMEM) {
        fprintf(stderr, "oai %s: out of memory\n", cmd);
        return CLI_EXIT_LOCAL;
    }
    if (rc != OAI_OK || !oai_json_is_object(*out)) {
        fprintf(stderr, "oai %s: --json wants a JSON object, got: %s\n", cmd,
                text);
        oai_json_free(rc == OAI_OK ? *out : NULL);
        *out = NULL;
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

int cli_fail(const char *cmd, const char *what, int rc, const oai_client *c)
{
    cli_report(cmd, what, rc, c ? oai_client_last_error(c) : NULL);
    return cli_exit_code(rc);
}

int cli_help(const char *text)
{
    fputs(text, stdout);
    return CLI_EXIT_OK;
}
