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
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

int gf_export_report_html(FILE *f, const char *title, const char *plan_json, const char *geojson,
                          gf_error *err)
{
    if (!f || !plan_json || !geojson)
        return gf_fail(err, GF_EINVAL, "gf_export_report_html: NULL argument");
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
    put_script_text(f, plan_json);
    fputs(", \"geojson\": ", f);
    put_script_text(f, geojson);
    fputs(", \"world\": ", f);
    put_script_text(f, TEXT(gf__asset_world_json));
    fputs("};</script>\n", f);
    put_script(f, TEXT(gf__asset_app_js));
    fputs("</body>\n</html>\n", f);
    if (ferror(f))
        return gf_fail(err, GF_EIO, "cannot write the report: %s", strerror(errno));
    return GF_OK;
}

int gf_export_plan_report(const gf_plan *p, const char *path, gf_error *err)
{
    char tmp[4096];
    char *plan = NULL, *geo = NULL;
    FILE *f = NULL;
    int rc;

    if (!p || !path)
        return gf_fail(err, GF_EINVAL, "gf_export_plan_report: NULL argument");
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid()) >= sizeof tmp)
        return gf_fail(err, GF_ELIMIT, "report path is too long");
    plan = gf_export_plan_text(p, gf_export_plan_json, err);
    geo = plan ? gf_export_plan_text(p, gf_export_plan_geojson, err) : NULL;
    rc = geo ? GF_OK : (err && err->code ? err->code : GF_ENOMEM);
    if (!rc) {
        f = fopen(tmp, "w");
        rc = f ? gf_export_report_html(f, gf_model_name(p->model), plan, geo, err)
               : gf_fail(err, GF_EIO, "cannot write %s: %s", tmp, strerror(errno));
    }
    if (f && fclose(f) && !rc)
        rc = gf_fail(err, GF_EIO, "cannot write %s: %s", tmp, strerror(errno));
    if (!rc && rename(tmp, path))
        rc = gf_fail(err, GF_EIO, "cannot write %s: %s", path, strerror(errno));
    if (rc && f)
        unlink(tmp);
    if (rc)
        gf_error_at(err, path, 0, 0);
    free(plan);
    free(geo);
    return rc;
}
