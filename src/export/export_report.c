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
 *
 * gf_export_plan_report_with adds a section the page script does not draw,
 * written here as static HTML where web/report.html has the marker
 * <!-- grainflow:facts --> (so it prints, and reads without JavaScript):
 * - provenance: program version, date, the scenario folder, SHA-256 of each
 *   input CSV as `sha256sum` prints it (version-2 files included), and the SHA-256 of that listing,
 * so `cd DIR && sha256sum scenario.csv nodes.csv ... | sha256sum` gives it (a workbook: the SHA-256
 * of the one file; a scenario from the server's store: of its stored texts, by name);
 * - "What the plan says": a narrative built from the plan's answer figures
 *   (src/plan/plan_figures.c), the same ones the CLI summary prints;
 * - supply limits: per origin offered, sold, netback and the next tonne's
 *   value or gap;
 * - assumptions and estimates: the rows of the scenario's estimates.csv
 *   (file, column, rows, what; tools/build_default_scenario.py writes it
 *   from what SOURCES.md marks as estimates), or a line saying there is none.
 * The scenario's name is the page title, shown once (the h1).
 *
 * A version-2 plan (plan_v2.h: products, departures, hubs, conversions)
 * has its own report, gf_export_plan_v2_report: the same head, styles,
 * provenance and estimates, then static tables built with put_table_head /
 * put_row_* below (status sentence, costs with the subsidy bill and hub
 * fixed costs, products, hubs with throughput and transshipped per product,
 * departures per link with their load factor as a bar, conversions). The
 * page script draws version-1 plans only, so this report carries no script:
 * it reads, prints and searches as plain HTML.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "export/report_int.h"
#include "grainflow/export.h"
#include "grainflow/model.h"
#include "grainflow/plan_v2.h"
#include "grainflow/report.h"
#include "grainflow/scenario.h"
#include "grainflow/version.h"

#define FACTS_MARK "<!-- grainflow:facts -->"

/* The scenario files hashed, in this order; the first is optional, and so
 * are estimates.csv and the version-2 files after it (a missing one is left
 * out of the listing, so a version-1 folder's listing is unchanged). */
static const char *const input_files[] = {"scenario.csv",     "nodes.csv",       "links.csv",
                                          "supply.csv",       "demand.csv",      "estimates.csv",
                                          "products.csv",     "conversions.csv", "hubs.csv",
                                          "link_periods.csv", "node_periods.csv"};

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

/* True when path is a regular file (a workbook given for the scenario). */
static bool is_file(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* SHA-256 of dir/name (name NULL: of dir itself) into hex; 1 when the file
 * does not exist. */
static int hash_file(const char *dir, const char *name, char hex[65], gf_error *err)
{
    char path[4096], buf[65536];
    gf_sha256 h;
    FILE *in;
    size_t n;
    int bad;

    if ((size_t)snprintf(path, sizeof path, "%s%s%s", dir, name ? "/" : "", name ? name : "") >=
        sizeof path)
        return gf_fail(err, GF_ELIMIT, "scenario folder path is too long");
    in = fopen(path, "rb");
    if (!in)
        return errno == ENOENT ? 1
                               : gf_fail(err, GF_EIO, "cannot read %s: %s", path, strerror(errno));
    gf__sha256_init(&h);
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        gf__sha256_update(&h, buf, n);
    bad = ferror(in);
    fclose(in);
    if (bad)
        return gf_fail(err, GF_EIO, "cannot read %s", path);
    gf__sha256_hex(&h, hex);
    return GF_OK;
}

/* One "HEX  name" line of the listing. */
static void put_hash_line(FILE *f, gf_sha256 *listing, const char *hex, const char *name)
{
    char line[256];

    snprintf(line, sizeof line, "%s  %s\n", hex, name);
    gf__sha256_update(listing, line, strlen(line));
    put_html_text(f, line);
}

/* The listing of the inputs: the folder's files, the workbook, or the texts
 * in memory. */
static int put_hashes(FILE *f, const gf_report_info *info, gf_sha256 *listing, gf_error *err)
{
    char hex[65];
    int rc = GF_OK;

    if (info->inputs) {
        for (int i = 0; i < info->n_inputs; i++) {
            gf_sha256 h;
            gf__sha256_init(&h);
            gf__sha256_update(&h, info->inputs[i].text, info->inputs[i].len);
            gf__sha256_hex(&h, hex);
            put_hash_line(f, listing, hex, info->inputs[i].name);
        }
        return GF_OK;
    }
    if (is_file(info->scenario_dir)) {
        const char *base = strrchr(info->scenario_dir, '/');
        rc = hash_file(info->scenario_dir, NULL, hex, err);
        if (!rc)
            put_hash_line(f, listing, hex, base ? base + 1 : info->scenario_dir);
        return rc;
    }
    for (size_t i = 0; i < sizeof input_files / sizeof *input_files; i++) {
        int r = hash_file(info->scenario_dir, input_files[i], hex, err);
        if (r == 1)
            continue;
        if (r)
            return r;
        put_hash_line(f, listing, hex, input_files[i]);
    }
    return GF_OK;
}

/* Version, date, where the scenario came from and the input hashes. */
static int put_provenance(FILE *f, const gf_report_info *info, gf_error *err)
{
    char all[65], date[32];
    gf_sha256 listing;
    int rc;
    const char *what = info->inputs                  ? "scenario"
                       : is_file(info->scenario_dir) ? "scenario workbook"
                                                     : "scenario folder";

    if (info->date) {
        snprintf(date, sizeof date, "%s", info->date);
    } else {
        time_t now = time(NULL);
        struct tm tm;
        if (!gmtime_r(&now, &tm) || !strftime(date, sizeof date, "%Y-%m-%d", &tm))
            snprintf(date, sizeof date, "unknown date");
    }
    fprintf(f, "<p class=\"gf-meta\">grainflow %s &middot; planned on ", GF_VERSION_STRING);
    put_html_text(f, date);
    fprintf(f, " &middot; %s <code>", what);
    put_html_text(f, info->inputs ? (info->scenario_name ? info->scenario_name : "")
                                  : info->scenario_dir);
    fputs("</code></p>\n<details class=\"gf-inputs\"><summary>Input files (SHA-256)</summary>"
          "<pre>",
          f);
    gf__sha256_init(&listing);
    rc = put_hashes(f, info, &listing, err);
    gf__sha256_hex(&listing, all);
    fprintf(f,
            "</pre><p>All inputs: <code id=\"gf-inputs-sha256\">%s</code> (the SHA-256 of the "
            "listing above: <code>sha256sum FILES | sha256sum</code> in the folder)</p>"
            "</details>\n",
            all);
    return rc;
}

static const char *usd_text(int64_t cents, char *buf, size_t size)
{
    return gf_usd_format(cents, buf, size);
}

static const char *node_name(const gf_plan *p, int32_t n)
{
    return gf_model_node(p->model, n)->id;
}

static const char *const month_long[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};

/* Origins that sold out, and those that sell nothing with their gap. */
static void put_origin_story(FILE *f, const gf_plan *p)
{
    char a[48];
    int sold_out = 0, unsold = 0;

    for (int32_t i = 0; i < p->n_origins; i++) {
        sold_out += p->origins[i].sold_t > 0 && p->origins[i].sold_t == p->origins[i].offered_t;
        unsold += p->origins[i].sold_t == 0 && p->origins[i].offered_t > 0;
    }
    if (sold_out) {
        fprintf(f, " Supply is the limit: %d of %d origins sell every tonne offered (", sold_out,
                p->n_origins);
        for (int32_t i = 0, k = 0; i < p->n_origins; i++) {
            const gf_plan_origin *o = &p->origins[i];
            if (o->sold_t == 0 || o->sold_t != o->offered_t)
                continue;
            fprintf(f, "%s", k++ ? ", " : "");
            put_html_text(f, node_name(p, o->node));
            fprintf(f, " %s/t", usd_text(o->margin_cents_per_t, a, sizeof a));
        }
        fputs(": what their next tonne would save).", f);
    }
    if (unsold) {
        fprintf(f, " %d sell%s nothing (", unsold, unsold > 1 ? "" : "s");
        for (int32_t i = 0, k = 0; i < p->n_origins; i++) {
            const gf_plan_origin *o = &p->origins[i];
            if (o->sold_t != 0 || o->offered_t == 0)
                continue;
            fprintf(f, "%s", k++ ? ", " : "");
            put_html_text(f, node_name(p, o->node));
            if (o->best_market >= 0)
                fprintf(f, " %s/t short", usd_text(-o->margin_cents_per_t, a, sizeof a));
            else
                fputs(" reaches no market", f);
        }
        fputs(").", f);
    }
}

/* Transshipment at hubs and ports, and what binds. */
static void put_network_story(FILE *f, const gf_plan *p)
{
    char a[48], t[32];
    int64_t at_hubs = 0, best = 0;
    int32_t top = -1;

    for (int32_t i = 0; i < p->n_hubs; i++) {
        const gf_plan_hub *h = &p->hubs[i];
        if (gf_model_node(p->model, h->node)->kind == GF_NODE_HUB)
            at_hubs += h->transshipped_t;
        if (h->transshipped_t > best) {
            best = h->transshipped_t;
            top = h->node;
        }
    }
    fprintf(f, " The hubs transship %s t", gf_tonnes_format(at_hubs, t, sizeof t));
    if (top >= 0) {
        fputs("; the most transshipped is at ", f);
        put_html_text(f, node_name(p, top));
        fprintf(f, " (%s t)", gf_tonnes_format(best, t, sizeof t));
    }
    fputs(".", f);
    if (!p->n_bottlenecks) {
        fputs(" No link, port or silo capacity binds.", f);
        return;
    }
    fputs(" The most valuable capacity is ", f);
    if (p->bottlenecks[0].kind == GF_BOTTLENECK_LINK) {
        const gf_link *l = gf_model_link(p->model, p->bottlenecks[0].ref);
        fprintf(f, "the %s link ", gf_mode_name(l->mode));
        put_html_text(f, node_name(p, l->from));
        fputs(" &rarr; ", f);
        put_html_text(f, node_name(p, l->to));
    } else {
        fputs(p->bottlenecks[0].kind == GF_BOTTLENECK_THROUGHPUT ? "the throughput of "
                                                                 : "the storage of ",
              f);
        put_html_text(f, node_name(p, p->bottlenecks[0].ref));
    }
    fprintf(f, ": one more tonne of it saves %s.",
            usd_text(p->bottlenecks[0].shadow_cents_per_t, a, sizeof a));
}

static void put_narrative(FILE *f, const gf_plan *p)
{
    char a[48], t[32], d[32];

    fputs("<h2>What the plan says</h2>\n<p id=\"gf-narrative\">", f);
    fprintf(f, "The corridor delivers %s t of the markets' %s t (%.1f%%)",
            gf_tonnes_format(p->delivered_t, t, sizeof t),
            gf_tonnes_format(p->demand_t, d, sizeof d),
            p->demand_t ? 100.0 * (double)p->delivered_t / (double)p->demand_t : 0.0);
    if (p->delivered_t) {
        fprintf(f, " and saves %s against the alternative suppliers",
                usd_text(p->saving_cents, a, sizeof a));
        fprintf(f, " (%.2f $/t; avg landed $/t %.2f).",
                (double)p->saving_cents / 100.0 / (double)p->delivered_t,
                (double)p->landed_avg_cents / 100.0);
    } else {
        fputs(": the alternative suppliers are cheaper at every market.", f);
    }
    put_origin_story(f, p);
    put_network_story(f, p);
    fprintf(f, " Period 1 starts in %s.</p>\n", month_long[gf_model_start_month(p->model) - 1]);
}

static void put_supply_limits(FILE *f, const gf_plan *p)
{
    char a[32], b[32];

    fputs("<h2>Supply limits</h2>\n<table class=\"gf-table\" id=\"gf-supply\"><tr><th>origin</th>"
          "<th>offered t</th><th>sold t</th><th>price $/t</th><th>netback $/t</th>"
          "<th>next tonne $/t</th><th>limit</th></tr>\n",
          f);
    for (int32_t i = 0; i < p->n_origins; i++) {
        const gf_plan_origin *o = &p->origins[i];
        fputs("<tr><td>", f);
        put_html_text(f, node_name(p, o->node));
        fprintf(f, "</td><td>%s</td><td>%s</td><td>%.2f</td>",
                gf_tonnes_format(o->offered_t, a, sizeof a),
                gf_tonnes_format(o->sold_t, b, sizeof b), (double)o->price_cents_per_t / 100.0);
        if (o->sold_t > 0)
            fprintf(f, "<td>%.2f</td>", (double)o->netback_cents_per_t / 100.0);
        else
            fputs("<td>-</td>", f);
        if (o->best_market >= 0)
            fprintf(f, "<td>%+.2f</td>", (double)o->margin_cents_per_t / 100.0);
        else
            fputs("<td>-</td>", f);
        fprintf(f, "<td>%s</td></tr>\n",
                o->sold_t > 0 && o->sold_t == o->offered_t ? "sold out: supply binds"
                : o->sold_t > 0                            ? "partly sold"
                                                           : "sells nothing");
    }
    fputs("</table>\n", f);
}

/* The rows of dir/estimates.csv (file, column, rows, what), through the
 * scenario reader's CSV layer; a line when there is no such file. */
static int put_estimates(FILE *f, const char *dir, gf_error *err)
{
    gf_scenario_estimates *e = NULL;
    int rc = gf_scenario_read_estimates(dir, &e, err);

    fputs("<h2>Assumptions and estimates</h2>\n", f);
    if (rc)
        return rc;
    if (!e || !e->n) {
        fputs("<p>The scenario lists no estimates (no estimates.csv in its folder): check its "
              "sources before relying on the figures.</p>\n",
              f);
        gf_scenario_estimates_destroy(e);
        return GF_OK;
    }
    fputs("<p>These inputs are estimates, not quoted statistics (the scenario's estimates.csv; "
          "its SOURCES.md says how each was made):</p>\n<table class=\"gf-table\" "
          "id=\"gf-estimates\"><tr><th>file</th><th>column</th><th>rows</th><th>what</th></tr>\n",
          f);
    for (int32_t i = 0; i < e->n; i++) {
        const char *cells[4] = {e->rows[i].file, e->rows[i].column, e->rows[i].rows,
                                e->rows[i].what};
        fputs("<tr>", f);
        for (int k = 0; k < 4; k++) {
            fputs("<td>", f);
            put_html_text(f, cells[k]);
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
    gf_scenario_estimates_destroy(e);
    return GF_OK;
}

static const char facts_style[] =
    "<style>.gf-facts{background:#fff;border:1px solid #d8dcd2;border-radius:6px;"
    "margin:1em;padding:.4em 1em}.gf-facts h2{font-size:1.05em;margin:.8em 0 .3em}"
    ".gf-table{border-collapse:collapse;font-size:.9em}.gf-table td,.gf-table th{"
    "border-bottom:1px solid #e3e6de;padding:.15em .6em;text-align:left}"
    ".gf-meta{color:#555;font-size:.9em}.gf-bar{display:inline-block;height:.7em;"
    "background:#4a7f3f;vertical-align:middle}.gf-status-open{color:#9a2b1f;font-weight:bold}"
    "</style>\n<section class=\"gf-facts\" id=\"gf-facts\">\n";

/* The estimates of the scenario, or a line when it is not a folder. */
static int put_estimates_of(FILE *f, const gf_report_info *info, gf_error *err)
{
    if (info->inputs || is_file(info->scenario_dir)) { /* no folder: no estimates.csv */
        fputs("<h2>Assumptions and estimates</h2>\n<p>The scenario lists no estimates (it is not "
              "a folder with an estimates.csv): check its sources before relying on the "
              "figures.</p>\n",
              f);
        return GF_OK;
    }
    return put_estimates(f, info->scenario_dir, err);
}

static int put_facts(FILE *f, const gf_plan *p, const gf_report_info *info, gf_error *err)
{
    int rc;

    fputs(facts_style, f);
    rc = put_provenance(f, info, err);
    if (rc)
        return rc;
    put_narrative(f, p);
    put_supply_limits(f, p);
    rc = put_estimates_of(f, info, err);
    fputs("</section>\n", f);
    return rc;
}

/* What goes between the page's parts: the plan and the GeoJSON, as texts
 * (gf_export_report_html) or streamed from a plan (gf_export_plan_report). */
typedef struct report_data {
    const char *plan_json, *geojson; /* texts, or NULL with p */
    const gf_plan *p;
    const gf_report_info *info; /* with p: the facts section (NULL: none) */
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

/* The head of either plan version's page, up to and with <body>: the
 * title (HTML-escaped) and the style sheet inline. */
static void put_page_head(FILE *f, const char *title)
{
    fputs("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<link "
          "rel=\"icon\" href=\"data:,\">\n<title>",
          f);
    put_html_text(f, title);
    fputs("</title>\n<style>\n", f);
    fputs(TEXT(gf__asset_style_css), f);
    fputs("</style>\n</head>\n<body class=\"report\">\n", f);
}

/* The end of either page; GF_EIO when any write to f failed. */
static int put_page_end(FILE *f, gf_error *err)
{
    fputs("</body>\n</html>\n", f);
    if (fflush(f) || ferror(f))
        return gf_fail(err, GF_EIO, "cannot write the report: %s", strerror(errno));
    return GF_OK;
}

/* The page: head, web/report.html (with the facts where its marker is, when
 * d has a plan and info), the scripts with the plan streamed in. */
static int write_page(FILE *f, const char *title, const report_data *d, gf_error *err)
{
    const char *body = TEXT(gf__asset_report_html), *mark = strstr(body, FACTS_MARK);
    const gf_plan *p = d->p;
    const gf_report_info *info = d->info;
    int rc = GF_OK;

    if (!title)
        title = "grainflow plan";
    put_page_head(f, title);
    if (mark && p && info && (info->scenario_dir || info->inputs)) {
        fwrite(body, 1, (size_t)(mark - body), f);
        rc = put_facts(f, p, info, err);
        if (rc)
            return rc;
        fputs(mark + strlen(FACTS_MARK), f);
    } else {
        fputs(body, f);
    }
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
    return put_page_end(f, err);
}

int gf_export_report_html(FILE *f, const char *title, const char *plan_json, const char *geojson,
                          gf_error *err)
{
    report_data d = {plan_json, geojson, NULL, NULL};

    if (!f || !plan_json || !geojson)
        return gf_fail(err, GF_EINVAL, "gf_export_report_html: NULL argument");
    return write_page(f, title, &d, err);
}

int gf_export_plan_report(const gf_plan *p, const char *path, gf_error *err)
{
    return gf_export_plan_report_with(p, NULL, path, err);
}

static int report_file(void *ctx, FILE *f, gf_error *err)
{
    const report_data *d = ctx;

    return write_page(f, gf_model_name(d->p->model), d, err);
}

int gf_export_plan_report_with(const gf_plan *p, const gf_report_info *info, const char *path,
                               gf_error *err)
{
    report_data d = {NULL, NULL, p, info};

    if (!p || !path)
        return gf_fail(err, GF_EINVAL, "gf_export_plan_report: NULL argument");
    return gf_export_file(path, report_file, &d, err);
}

int gf_export_plan_report_stream(const gf_plan *p, const gf_report_info *info, FILE *f,
                                 gf_error *err)
{
    report_data d = {NULL, NULL, p, info};

    if (!p || !f)
        return gf_fail(err, GF_EINVAL, "gf_export_plan_report_stream: NULL argument");
    return report_file(&d, f, err);
}

/* ---- the report of a version-2 plan (plan_v2.h) ---- */

/* A table with its header row; cols NULL-terminated. */
static void put_table_head(FILE *f, const char *id, const char *const *cols)
{
    fprintf(f, "<table class=\"gf-table\" id=\"%s\"><tr>", id);
    for (; *cols; cols++)
        fprintf(f, "<th>%s</th>", *cols);
    fputs("</tr>\n", f);
}

static void put_cell_text(FILE *f, const char *s)
{
    fputs("<td>", f);
    put_html_text(f, s);
    fputs("</td>", f);
}

/* Milli-tonnes as "1,234" or "1,234.567". */
static void put_cell_t(FILE *f, int64_t mt)
{
    char t[32];
    int64_t a = mt < 0 ? -mt : mt;

    fprintf(f, "<td>%s%s", mt < 0 ? "-" : "", gf_tonnes_format(a / 1000, t, sizeof t));
    if (a % 1000)
        fprintf(f, ".%03lld", (long long)(a % 1000));
    fputs("</td>", f);
}

static void put_cell_usd(FILE *f, int64_t cents)
{
    char a[48];

    fprintf(f, "<td>%s</td>", usd_text(cents, a, sizeof a));
}

static const char *v2_node(const gf_plan_v2 *p, int32_t n)
{
    return gf_model_node(p->model, n)->id;
}

static void put_v2_summary(FILE *f, const gf_plan_v2 *p)
{
    char st[256], a[48], b[48];

    fprintf(f, "<h2>Status</h2>\n<p id=\"gf-v2-status\"%s>",
            p->lp.status == GF_LP_OPTIMAL ? "" : " class=\"gf-status-open\"");
    put_html_text(f, gf_plan_v2_status_text(p, st, sizeof st));
    fprintf(f, " &middot; solved by %s.", p->lp.is_mip ? "CBC (MIP)" : "CLP (LP)");
    if (p->lp.status != GF_LP_OPTIMAL)
        fprintf(f, " The bound on the total is %s: the saving is at most %s.",
                usd_text((int64_t)p->lp.bound_cents, a, sizeof a),
                usd_text(p->lp.alt_all_cents - (int64_t)p->lp.bound_cents, b, sizeof b));
    fputs("</p>\n<h2>What the plan says</h2>\n<p id=\"gf-narrative\">", f);
    fprintf(f, "The plan saves %s against buying every tonne from the alternative suppliers",
            usd_text(p->saving_cents, a, sizeof a));
    fprintf(f, "; the states' subsidy bill is %s; %lld departures",
            usd_text(p->subsidy_cents, b, sizeof b), (long long)p->departures);
    for (int32_t i = 0, k = 0; i < p->n_hubs; i++) {
        if (p->hubs[i].option < 0)
            continue;
        fputs(k++ ? ", " : "; hubs open: ", f);
        put_html_text(f, v2_node(p, p->hubs[i].node));
        fputs(" (", f);
        put_html_text(f, gf_model_hub_option(p->model, p->hubs[i].option)->option);
        fputs(")", f);
    }
    fputs(p->n_hubs && !p->lp.cost.hub_fixed ? "; no hub opens." : ".", f);
    fputs("</p>\n", f);
}

static void put_v2_costs(FILE *f, const gf_plan_v2 *p)
{
    static const char *const cols[] = {"component", "USD", "what", NULL};
    const gf_lp_costs *c = &p->lp.cost;
    const struct {
        const char *name, *what;
        int64_t v;
    } rows[] = {{"purchases", "supply price x tonnes bought", c->purchases},
                {"link costs", "per-tonne freight", c->link},
                {"subsidy", "paid by the state per tonne carried, subtracted", -c->subsidy},
                {"handling", "per tonne arriving at a node", c->handling},
                {"storage", "per tonne stored per period", c->storage},
                {"conversions", "per tonne milled (in)", c->conversion},
                {"departures", "per ship departure", c->departures},
                {"hub fixed", "the chosen hub options over the horizon", c->hub_fixed},
                {"alternative", "undelivered tonnes at the alternative price", c->alternative},
                {"total", "includes the alternative purchases", c->total}};

    fputs("<h2>Cost breakdown</h2>\n", f);
    put_table_head(f, "gf-v2-costs", cols);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        fputs("<tr>", f);
        put_cell_text(f, rows[i].name);
        put_cell_usd(f, rows[i].v);
        put_cell_text(f, rows[i].what);
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

static void put_v2_products(FILE *f, const gf_plan_v2 *p)
{
    static const char *const cols[] = {"product",     "offered t", "bought t", "demand t",
                                       "delivered t", "unmet t",   NULL};

    fputs("<h2>Products</h2>\n", f);
    put_table_head(f, "gf-v2-products", cols);
    for (int32_t q = 0; q < p->n_products; q++) {
        const gf_plan_v2_product *x = &p->products[q];
        fputs("<tr>", f);
        put_cell_text(f, gf_model_product_id(p->model, q));
        put_cell_t(f, x->offered_mt);
        put_cell_t(f, x->bought_mt);
        put_cell_t(f, x->demand_mt);
        put_cell_t(f, x->delivered_mt);
        put_cell_t(f, x->unmet_mt);
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

static void put_v2_hubs(FILE *f, const gf_plan_v2 *p)
{
    static const char *const cols[] = {
        "hub", "option", "fixed cost", "throughput t", "of capacity", "transshipped t per product",
        NULL};

    if (!p->n_hubs)
        return;
    fputs("<h2>Hubs</h2>\n", f);
    put_table_head(f, "gf-v2-hubs", cols);
    for (int32_t i = 0; i < p->n_hubs; i++) {
        const gf_plan_v2_hub *h = &p->hubs[i];
        fputs("<tr>", f);
        put_cell_text(f, v2_node(p, h->node));
        put_cell_text(f,
                      h->option >= 0 ? gf_model_hub_option(p->model, h->option)->option : "closed");
        put_cell_usd(f, h->fixed_cents);
        put_cell_t(f, h->throughput_mt);
        if (h->capacity_mt > 0)
            fprintf(f, "<td>%.1f%%</td>",
                    100.0 * (double)h->throughput_mt / (double)h->capacity_mt);
        else
            fputs("<td>-</td>", f);
        fputs("<td>", f);
        for (int32_t q = 0, k = 0; q < p->n_products; q++) {
            char t[32];
            if (!h->shipped_mt[q])
                continue;
            fputs(k++ ? "; " : "", f);
            put_html_text(f, gf_model_product_id(p->model, q));
            fprintf(f, " %s", gf_tonnes_format((h->shipped_mt[q] + 500) / 1000, t, sizeof t));
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

/* Links with departures: tonnes against departures x vessel_t, as a bar. */
static void put_v2_departures(FILE *f, const gf_plan_v2 *p)
{
    static const char *const cols[] = {"link", "vessel",  "t",          "departures", "vessel t",
                                       "load", "subsidy", "backhaul t", NULL};
    int n = 0;

    fputs("<h2>Departures and load factors</h2>\n", f);
    for (int32_t i = 0; i < p->n_links; i++)
        n += p->links[i].departures > 0 || p->links[i].subsidy_cents || p->links[i].backhaul_mt;
    if (!n) {
        fputs("<p>No link has departures, a subsidy or backhaul in this plan.</p>\n", f);
        return;
    }
    fputs("<p>Load = tonnes carried / (departures &times; vessel_t): a part-laden ship pays a "
          "whole departure.</p>\n",
          f);
    put_table_head(f, "gf-v2-departures", cols);
    for (int32_t i = 0; i < p->n_links; i++) {
        const gf_plan_v2_link *x = &p->links[i];
        const gf_link *lk = gf_model_link(p->model, x->link);
        if (!(x->departures > 0 || x->subsidy_cents || x->backhaul_mt))
            continue;
        fputs("<tr><td>", f);
        put_html_text(f, v2_node(p, lk->from));
        fputs(" &rarr; ", f);
        put_html_text(f, v2_node(p, lk->to));
        fputs("</td>", f);
        put_cell_text(f, lk->vessel_class[0] ? lk->vessel_class : gf_mode_name(lk->mode));
        put_cell_t(f, x->carried_mt);
        fprintf(f, "<td>%lld</td><td>%lld</td>", (long long)x->departures, (long long)lk->vessel_t);
        if (x->departures > 0)
            fprintf(f, "<td><span class=\"gf-bar\" style=\"width:%.0fpx\"></span> %.1f%%</td>",
                    60.0 * x->load_factor, 100.0 * x->load_factor);
        else
            fputs("<td>-</td>", f);
        put_cell_usd(f, x->subsidy_cents);
        put_cell_t(f, x->backhaul_mt);
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

/* Per product flows: every link carrying it, heaviest first is left to the
 * reader's sort; links in model order, one table per product. */
static void put_v2_flows(FILE *f, const gf_plan_v2 *p)
{
    static const char *const cols[] = {"link", "mode", "t", NULL};

    fputs("<h2>Flows per product</h2>\n", f);
    for (int32_t q = 0; q < p->n_products; q++) {
        char id[48];
        fputs("<h3>", f);
        put_html_text(f, gf_model_product_id(p->model, q));
        fputs("</h3>\n", f);
        snprintf(id, sizeof id, "gf-v2-flows-%d", (int)q);
        put_table_head(f, id, cols);
        for (int32_t i = 0; i < p->n_links; i++) {
            const gf_plan_v2_link *x = &p->links[i];
            const gf_link *lk = gf_model_link(p->model, x->link);
            if (!x->product_mt[q])
                continue;
            fputs("<tr><td>", f);
            put_html_text(f, v2_node(p, lk->from));
            fputs(" &rarr; ", f);
            put_html_text(f, v2_node(p, lk->to));
            fputs("</td>", f);
            put_cell_text(f, gf_mode_name(lk->mode));
            put_cell_t(f, x->product_mt[q]);
            fputs("</tr>\n", f);
        }
        fputs("</table>\n", f);
    }
}

static void put_v2_conversions(FILE *f, const gf_plan_v2 *p)
{
    static const char *const cols[] = {"node", "from", "to", "in t", "out t", "cost", NULL};

    if (!p->n_conversions)
        return;
    fputs("<h2>Conversions</h2>\n", f);
    put_table_head(f, "gf-v2-conversions", cols);
    for (int32_t i = 0; i < p->n_conversions; i++) {
        const gf_plan_v2_conversion *x = &p->conversions[i];
        const gf_conversion *c = gf_model_conversion(p->model, x->conversion);
        fputs("<tr>", f);
        put_cell_text(f, v2_node(p, c->node));
        put_cell_text(f, gf_model_product_id(p->model, c->from_product));
        put_cell_text(f, gf_model_product_id(p->model, c->to_product));
        put_cell_t(f, x->in_mt);
        put_cell_t(f, x->out_mt);
        put_cell_usd(f, x->cost_cents);
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

typedef struct v2_report {
    const gf_plan_v2 *p;
    const gf_report_info *info;
} v2_report;

static int write_v2_page(void *ctx, FILE *f, gf_error *err)
{
    const v2_report *r = ctx;
    const gf_plan_v2 *p = r->p;
    const char *title = gf_model_name(p->model)[0] ? gf_model_name(p->model) : "grainflow plan";
    int rc = GF_OK;

    put_page_head(f, title);
    fputs("<header><h1>grainflow ", f);
    put_html_text(f, title);
    fputs(" <small>(version-2 scenario)</small></h1></header>\n", f);
    fputs(facts_style, f);
    if (r->info && (r->info->scenario_dir || r->info->inputs))
        rc = put_provenance(f, r->info, err);
    if (!rc) {
        put_v2_summary(f, p);
        put_v2_costs(f, p);
        put_v2_products(f, p);
        put_v2_hubs(f, p);
        put_v2_departures(f, p);
        put_v2_conversions(f, p);
        put_v2_flows(f, p);
        if (p->lp.has_duals && p->lp.duals_fixed)
            fputs("<p class=\"gf-meta\">Marginal prices come from the LP with the departures and "
                  "hub choices fixed at this plan.</p>\n",
                  f);
    }
    if (!rc && r->info && (r->info->scenario_dir || r->info->inputs))
        rc = put_estimates_of(f, r->info, err);
    if (rc)
        return rc;
    fputs("</section>\n", f);
    return put_page_end(f, err);
}

int gf_export_plan_v2_report(const gf_plan_v2 *p, const gf_report_info *info, const char *path,
                             gf_error *err)
{
    v2_report r = {p, info};

    if (!p || !path)
        return gf_fail(err, GF_EINVAL, "gf_export_plan_v2_report: NULL argument");
    return gf_export_file(path, write_v2_page, &r, err);
}

int gf_export_plan_v2_report_stream(const gf_plan_v2 *p, const gf_report_info *info, FILE *f,
                                    gf_error *err)
{
    v2_report r = {p, info};

    if (!p || !f)
        return gf_fail(err, GF_EINVAL, "gf_export_plan_v2_report_stream: NULL argument");
    return write_v2_page(&r, f, err);
}
