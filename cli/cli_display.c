/* cli_display.c - the helpers.md example handler, with Python's print()
 * line endings; code interpreter images are named by their file id. */
#include "cli_display.h"

#include <string.h>

void cli_display_init(cli_display *d, FILE *out)
{
    cli_out_init(&d->out, out);
    d->last = 0;
}

void cli_display_write(cli_display *d, const char *s, size_t n)
{
    if (n == 0)
        return;
    cli_out_write(&d->out, s, n);
    d->last = (unsigned char)s[n - 1];
}

void cli_display_put(cli_display *d, const char *s)
{
    cli_display_write(d, s, s ? strlen(s) : 0);
}

int cli_display_flush(cli_display *d)
{
    return cli_out_flush(&d->out);
}

static int h_text_created(const oai_text *t, void *ud)
{
    (void)t;
    cli_display_put(ud, "\nassistant > ");
    return 0;
}

static int h_text_delta(const oai_text_delta *delta, const oai_text *snap,
                        void *ud)
{
    (void)snap;
    cli_display_put(ud, oai_text_delta_value(delta));
    return 0;
}

static int h_tool_call_created(const oai_tool_call *tc, void *ud)
{
    const char *type = oai_tool_call_type(tc);
    cli_display_put(ud, "\nassistant > ");
    cli_display_put(ud, type ? type : "None");
    cli_display_put(ud, "\n\n");
    return 0;
}

static int h_tool_call_delta(const oai_json *delta, const oai_tool_call *snap,
                             void *ud)
{
    (void)snap;
    const char *type = oai_json_string(oai_json_get(delta, "type"));
    if (!type || strcmp(type, "code_interpreter") != 0)
        return 0;
    const oai_json *ci = oai_json_get(delta, "code_interpreter");
    cli_display_put(ud, oai_json_string(oai_json_get(ci, "input")));
    const oai_json *outputs = oai_json_get(ci, "outputs");
    if (oai_json_size(outputs) == 0)
        return 0;
    cli_display_put(ud, "\n\noutput >\n");
    for (const oai_json *o = oai_json_first(outputs); o; o = oai_json_next(o)) {
        const char *ot = oai_json_string(oai_json_get(o, "type"));
        if (ot && strcmp(ot, "logs") == 0) {
            const char *logs = oai_json_string(oai_json_get(o, "logs"));
            cli_display_put(ud, "\n");
            cli_display_put(ud, logs ? logs : "None");
            cli_display_put(ud, "\n");
        } else if (ot && strcmp(ot, "image") == 0) {
            /* helpers.md prints nothing here; name the file to download */
            const char *id = oai_json_path_string(o, "image.file_id");
            cli_display_put(ud, "\n[image ");
            cli_display_put(ud, id ? id : "without a file id");
            cli_display_put(ud, "]\n");
        }
    }
    return 0;
}

void cli_display_handler(oai_assistant_handler *h, cli_display *d)
{
    h->user_data = d;
    h->on_text_created = h_text_created;
    h->on_text_delta = h_text_delta;
    h->on_tool_call_created = h_tool_call_created;
    h->on_tool_call_delta = h_tool_call_delta;
}

void cli_display_function(cli_display *d, const char *name, const char *args,
                          const char *output)
{
    cli_display_put(d, "function > ");
    cli_display_put(d, name);
    cli_display_put(d, "(");
    cli_display_put(d, args);
    cli_display_put(d, ")\n\nresult > ");
    cli_display_put(d, output);
    cli_display_put(d, "\n");
}

void cli_display_finish(cli_display *d)
{
    if (d->last != 0 && d->last != '\n')
        cli_display_put(d, "\n");
    cli_display_flush(d);
}
