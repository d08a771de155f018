/* src/export/export_report.c: the self-contained HTML report of a plan.
 *
 * The page is assembled from assets embedded at build time (tools/embed-
 * assets.sh): the report body (web/report.html), the page script and styles
 * (web/app.js, web/style.css), d3, topojson-client and the world-atlas
 * outlines from web/node_modules. The plan and its GeoJSON go in as a data
 * script (window.GF_DATA) read by the same app.js that draws the web page.
 * A text could end the script element early only through "</script"; every
 * "</" written inside a script is therefore written "<\/", which means the
 * same inside JavaScript and JSON strings.
 * gf_export_plan_report streams the plan's JSON and GeoJSON into the page
 * through the JSON writer with a sink that does this escaping (a "<" at the
 * end of one chunk is held until the next), so the report of a large plan
 * needs no copy of either text in memory.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "grainflow/export.h"
#include "grainflow/model.h"
#include "grainflow/report.h"

extern const unsigned char gf__asset_report_html[], gf__asset_app_js[], gf__asset_style_css[];
extern const unsigned char gf__asset_d3_js[], gf__asset_topojson_js[], gf__asset_world_json[];

#define TEXT(a) ((const char *)(a))

/* Write s, escaping "</" as "<\/". */
static void put_script_text(FILE *f, const char *s)
{
    const char *p;

    while ((p = strstr(s, "</")) != NULL) {
        fwrite(s, 1, (size_t)(p - s), f);
        fputs("<\\/", f);
        s = p + 2;
    }
    fputs(s, f);
}

static void put_script(FILE *f, const char *s)
{
    fputs("<script>", f);
    put_script_text(f, s);
    fputs("</script>\n", f);
}

static void put_html_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '&':
            fputs("&amp;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

/* A JSON string literal of s (title): quotes and control characters escaped. */
static void put_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* What goes between the page's parts: the plan and the GeoJSON, as texts
 * (gf_export_report_html) or streamed from a plan (gf_export_plan_report). */
typedef struct report_data {
    const char *plan_json, *geojson; /* texts, or NULL with p */
    const gf_plan *p;
} report_data;

/* A jsonw sink writing to a FILE * with "</" written as "<\/". */
typedef struct script_sink {
    FILE *f;
    bool held_lt; /* the last chunk ended in '<', not yet written */
} script_sink;

static int script_write(void *ud, const char *data, size_t n)
{
    script_sink *s = ud;
    size_t run = 0;

    if (n && s->held_lt) {
        fputs(data[0] == '/' ? "<\\" : "<", s->f);
        s->held_lt = false;
    }
    for (size_t i = 0; i < n; i++) {
        if (data[i] != '<')
            continue;
        if (i + 1 == n) {
            fwrite(data + run, 1, i - run, s->f);
            s->held_lt = true;
            return ferror(s->f) ? GF_EIO : GF_OK;
        }
        if (data[i + 1] == '/') {
            fwrite(data + run, 1, i - run, s->f);
            fputs("<\\", s->f);
            run = i + 1;
        }
    }
    fwrite(data + run, 1, n - run, s->f);
    return ferror(s->f) ? GF_EIO : GF_OK;
}

static int put_plan_data(FILE *f, const report_data *d, bool geo, gf_error *err)
{
    script_sink s = {f, false};
    gf_jsonw w;

    if (!d->p) {
        put_script_text(f, geo ? d->geojson : d->plan_json);
        return GF_OK;
    }
    gf_jsonw_init(&w, script_write, &s, true); /* as gf_export_plan_text lays it out */
    if (geo)
        gf_export_geojson_jsonw(&w, d->p);
    else
        gf_export_plan_jsonw(&w, d->p);
    gf_jsonw_raw(&w, "\n", 1);
    if (gf_jsonw_finish(&w, err))
        return err && err->code ? err->code : w.rc;
    if (s.held_lt)
        fputc('<', f);
    return GF_OK;
}

static int write_page(FILE *f, const char *title, const report_data *d, gf_error *err)
{
    int rc;

    if (!title)
        title = "grainflow plan";
    fputs("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<link "
          "rel=\"icon\" href=\"data:,\">\n<title>",
          f);
    put_html_text(f, title);
    fputs("</title>\n<style>\n", f);
    fputs(TEXT(gf__asset_style_css), f);
    fputs("</style>\n</head>\n<body class=\"report\">\n", f);
    fputs(TEXT(gf__asset_report_html), f);
    put_script(f, TEXT(gf__asset_d3_js));
    put_script(f, TEXT(gf__asset_topojson_js));
    fputs("<script>window.GF_DATA = {\"title\": ", f);
    put_json_string(f, title); /* "</" in a title: see put_script_text */
    fputs(", \"plan\": ", f);
    rc = put_plan_data(f, d, false, err);
    if (rc)
        return rc;
    fputs(", \"geojson\": ", f);
    rc = put_plan_data(f, d, true, err);
    if (rc)
        return rc;
    fputs(", \"world\": ", f);
    put_script_text(f, TEXT(gf__asset_world_json));
    fputs("};</script>\n", f);
    put_script(f, TEXT(gf__asset_app_js));
    fputs("</body>\n</html>\n", f);
    if (fflush(f) || ferror(f))
        return gf_fail(err, GF_EIO, "cannot write the report: %s", strerror(errno));
    return GF_OK;
}

int gf_export_report_html(FILE *f, const char *title, const char *plan_json, const char *geojson,
                          gf_error *err)
{
    report_data d = {plan_json, geojson, NULL};

    if (!f || !plan_json || !geojson)
        return gf_fail(err, GF_EINVAL, "gf_export_report_html: NULL argument");
    return write_page(f, title, &d, err);
}

static int report_file(void *ctx, FILE *f, gf_error *err)
{
    const gf_plan *p = ctx;
    report_data d = {NULL, NULL, p};

    return write_page(f, gf_model_name(p->model), &d, err);
}

int gf_export_plan_report(const gf_plan *p, const char *path, gf_error *err)
{
    if (!p || !path)
        return gf_fail(err, GF_EINVAL, "gf_export_plan_report: NULL argument");
    return gf_export_file(path, report_file, (void *)p, err);
}
