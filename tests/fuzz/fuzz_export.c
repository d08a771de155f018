/* tests/fuzz/fuzz_export.c: fuzz the exporters: scenario -> plan -> every output.
 *
 * The input is a scenario in fuzz_scenario's form (parts split at lines "%%"
 * into scenario.csv, nodes.csv, links.csv, supply.csv and demand.csv), so the
 * two targets share seeds. A scenario that reads and plans (small networks
 * only) is written through every exporter: plan JSON, GeoJSON, each CSV
 * table (to memory), the HTML report, and gf_export_plan_dir into a
 * temporary folder. What must hold (abort otherwise):
 * - no writer fails on a plan (memory streams cannot fail to write);
 * - plan.json and plan.geojson parse as JSON (jansson) and the plan JSON's
 *   "status" is a string;
 * - every CSV table starts with a header line and ends with a newline;
 * - gf_export_plan_dir leaves its nine files (plan.xlsx and plan.gpkg
 *   too), and nothing else.
 * SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grainflow/export.h"
#include "grainflow/plan.h"
#include "grainflow/report.h"
#include "grainflow/scenario.h"
#include "support/tmpdir.h"

static const char *const files[] = {"scenario.csv", "nodes.csv", "links.csv", "supply.csv",
                                    "demand.csv"};
static const char *const tables[] = {"flows", "markets", "stocks", "bottlenecks", "routes"};
static const char *const outputs[] = {"flows.csv",       "markets.csv", "stocks.csv",
                                      "bottlenecks.csv", "routes.csv",  "plan.json",
                                      "plan.geojson",    "plan.xlsx",   "plan.gpkg"};
#define N_OUTPUTS (sizeof outputs / sizeof outputs[0])

static void write_parts(const char *dir, const uint8_t *data, size_t size)
{
    size_t pos = 0;

    for (int i = 0; i < 5 && pos <= size; i++) {
        const uint8_t *end = NULL;
        char path[512];
        FILE *f;
        size_t n;
        for (size_t k = pos; k + 3 <= size; k++)
            if (memcmp(data + k, "%%\n", 3) == 0 && (k == pos || data[k - 1] == '\n')) {
                end = data + k;
                break;
            }
        n = end ? (size_t)(end - (data + pos)) : size - pos;
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        f = n ? fopen(path, "wb") : NULL;
        if (f) {
            fwrite(data + pos, 1, n, f);
            fclose(f);
        }
        pos = end ? (size_t)(end - data) + 3 : size + 1;
    }
}

/* Remove every entry of dir (files only), then dir; returns how many there were. */
static int clear_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    while (d && (e = readdir(d))) {
        char path[512];
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        remove(path);
        n++;
    }
    if (d)
        closedir(d);
    rmdir(dir);
    return n;
}

static void must_parse(const char *text)
{
    json_t *j = text ? json_loads(text, 0, NULL) : NULL;

    if (!j)
        abort();
    json_decref(j);
}

static void check_tables(const gf_plan *p)
{
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char *buf = NULL;
        size_t len = 0;
        gf_error err = {0};
        FILE *f = open_memstream(&buf, &len);
        if (!f)
            return;
        if (gf_export_plan_csv(p, tables[i], f, &err) != GF_OK)
            abort();
        fclose(f);
        if (len == 0 || buf[len - 1] != '\n' || !memchr(buf, '\n', len))
            abort();
        free(buf);
    }
}

static void check_report(const gf_plan *p, const char *json, const char *geojson)
{
    char *buf = NULL;
    size_t len = 0;
    gf_error err = {0};
    FILE *f = open_memstream(&buf, &len);

    if (!f)
        return;
    if (gf_export_report_html(f, "fuzz", json, geojson, &err) != GF_OK)
        abort();
    fclose(f);
    if (!strstr(buf, "</html>"))
        abort();
    free(buf);
    (void)p;
}

static void check_dir(const gf_plan *p, const char *scn_dir)
{
    char dir[512];
    gf_error err = {0};

    snprintf(dir, sizeof dir, "%s/out", scn_dir);
    if (gf_export_plan_dir(p, dir, &err) != GF_OK)
        abort();
    for (size_t i = 0; i < N_OUTPUTS; i++) {
        char path[600];
        snprintf(path, sizeof path, "%s/%s", dir, outputs[i]);
        if (access(path, R_OK) != 0)
            abort();
    }
    if (clear_dir(dir) != (int)N_OUTPUTS)
        abort();
}

static void export_all(const gf_model *m, const char *dir)
{
    gf_error err = {0};
    char *json = NULL, *geojson = NULL;
    json_t *root;
    gf_plan *p;
    int64_t arcs = (int64_t)gf_model_periods(m) *
                   (gf_model_link_count(m) + 2 * (int64_t)gf_model_node_count(m));

    if (arcs > 5000)
        return;
    p = gf_plan_solve(m, &err);
    if (!p)
        return; /* fuzz_scenario checks the planner's refusals */
    json = gf_export_plan_text(p, gf_export_plan_json, &err);
    geojson = gf_export_plan_text(p, gf_export_plan_geojson, &err);
    must_parse(json);
    must_parse(geojson);
    root = json_loads(json, 0, NULL);
    if (!json_is_string(json_object_get(root, "status")))
        abort();
    json_decref(root);
    check_tables(p);
    check_report(p, json, geojson);
    check_dir(p, dir);
    gf_release(json);
    gf_release(geojson);
    gf_plan_destroy(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char dir[256];
    gf_error err = {0};
    gf_model *m;

    test_tmp_template(dir, sizeof dir, "gf_fuzz_exp");
    if (!mkdtemp(dir))
        return 0;
    write_parts(dir, data, size);
    m = gf_scenario_read_csv(dir, &err);
    if (m)
        export_all(m, dir);
    gf_model_destroy(m);
    clear_dir(dir);
    return 0;
}
