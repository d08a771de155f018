/* tests/fuzz/fuzz_scenario.c: fuzz the scenario reader and the planner.
 *
 * The input is split at lines "%%" into up to ten files, written to a fresh
 * temporary folder as scenario.csv, nodes.csv, links.csv, supply.csv,
 * demand.csv, then the version-2 files products.csv, conversions.csv,
 * hubs.csv, link_periods.csv and node_periods.csv (missing or empty parts
 * become missing files). A scenario that reads is
 * planned when its network is small, and the plan's cost parts must add up.
 * A failure must come with an error code and message; nothing may crash.
 * The same parts are also read from memory (gf_scenario_read_texts): the
 * outcome must be the folder's, the same model size or the same error code,
 * line and column.
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grainflow/network.h"
#include "grainflow/plan.h"
#include "grainflow/scenario.h"
#include "support/tmpdir.h"

#define N_FILES 10
static const char *const files[N_FILES] = {
    "scenario.csv", "nodes.csv",       "links.csv", "supply.csv",       "demand.csv",
    "products.csv", "conversions.csv", "hubs.csv",  "link_periods.csv", "node_periods.csv"};

/* Write the parts to dir and list the non-empty ones in parts. */
static void write_parts(const char *dir, const uint8_t *data, size_t size, gf_scenario_file *parts,
                        int *n_parts)
{
    size_t pos = 0;

    *n_parts = 0;
    for (int i = 0; i < N_FILES && pos <= size; i++) {
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
        if (n)
            parts[(*n_parts)++] = (gf_scenario_file){files[i], (const char *)data + pos, n};
        f = n ? fopen(path, "wb") : NULL; /* an empty part: the file is missing */
        if (f) {
            fwrite(data + pos, 1, n, f);
            fclose(f);
        }
        pos = end ? (size_t)(end - data) + 3 : size + 1;
    }
}

static void remove_parts(const char *dir)
{
    for (int i = 0; i < N_FILES; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        remove(path);
    }
    rmdir(dir);
}

static void plan_small(const gf_model *m)
{
    gf_error err = {0};
    gf_plan *p;
    int64_t arcs = (int64_t)gf_model_periods(m) *
                   (gf_model_link_count(m) + 2 * (int64_t)gf_model_node_count(m));

    if (arcs > 20000)
        return;
    p = gf_plan_solve(m, &err);
    if (!p) {
        if (err.code == GF_OK || !err.msg[0])
            abort();
        return;
    }
    if (p->cost.total != p->cost.procurement + p->cost.transport + p->cost.handling +
                             p->cost.storage + p->cost.unmet ||
        p->delivered_t + p->unmet_t != p->demand_t)
        abort();
    gf_plan_destroy(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char dir[256];
    gf_scenario_file parts[N_FILES];
    gf_error err = {0}, merr = {0};
    gf_model *m, *mm;
    int n_parts = 0;

    test_tmp_template(dir, sizeof dir, "gf_fuzz_scn");
    if (!mkdtemp(dir))
        return 0;
    write_parts(dir, data, size, parts, &n_parts);
    m = gf_scenario_read_csv(dir, &err);
    if (!m && (err.code == GF_OK || !err.msg[0]))
        abort();
    mm = gf_scenario_read_texts(parts, n_parts, &merr);
    if (!m != !mm || (m && gf_model_link_count(m) != gf_model_link_count(mm)) ||
        (!m && (err.code != merr.code || err.line != merr.line || err.column != merr.column)))
        abort(); /* the in-memory reader must agree with the folder reader */
    gf_model_destroy(mm);
    if (m)
        plan_small(m);
    gf_model_destroy(m);
    remove_parts(dir);
    return 0;
}
