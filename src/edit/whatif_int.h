/* src/edit/whatif_int.h: private declarations shared by scenario_json.c and
 * whatif.c (the JSON form of scenarios), and the what-if's lazy solve.
 * SPDX-License-Identifier: MIT */
#ifndef GF_WHATIF_INT_H
#define GF_WHATIF_INT_H

#include <jansson.h>
#include <stddef.h>

#include <stdbool.h>

#include "grainflow/error.h"
#include "grainflow/scenario.h"
#include "grainflow/whatif.h"

#define GF__N_TABLES 9
/* "nodes", "links", "supply", "demand", then the optional "products",
 * "conversions", "hubs", "link_periods", "node_periods" (scenario.csv is the
 * "scenario" object) */
extern const char *const gf__scenario_tables[GF__N_TABLES];

/* Parse JSON text; on failure NULL and *err GF_EPARSE at input:line:column. */
json_t *gf__scenario_parse(const char *json, size_t len, const char *input, gf_error *err);

/* "scenario.csv", "nodes.csv", ..., "demand.csv" */
extern const char *const gf__scenario_files[GF__N_TABLES + 1];

/* A growing text buffer; oom set once an append failed. */
typedef struct gf__text {
    char *p;
    size_t len, cap;
    bool oom;
} gf__text;

/* The CSV texts of a JSON scenario tree, in memory: files[0..n_files) point
 * into buf (scenario.csv first when present). */
typedef struct gf__scenario_texts {
    gf__text buf[GF__N_TABLES + 1];
    gf_scenario_file files[GF__N_TABLES + 1];
    int n_files;
} gf__scenario_texts;

/* Write the tables of root as CSV texts into *out (gf__scenario_texts_fini). */
int gf__scenario_tree_to_texts(const json_t *root, gf__scenario_texts *out, gf_error *err);
void gf__scenario_texts_fini(gf__scenario_texts *t);

/* Read the scenario tree root into a finished model (no temporary folder). */
gf_model *gf__scenario_read_tree(const json_t *root, gf_error *err);

/* gf_whatif_solve handing out a lazy plan (plan/plan_int.h): its totals,
 * costs and per-row tables are read at once, its routes and the figures
 * derived from them (market sums, saving, hubs' tonnes, origins) on
 * gf__plan_complete, which w itself calls before its next apply, reset,
 * solve or destroy (the network the plan borrows changes then). Internal:
 * every product caller (the server's runs and compare, `grainflow plan`,
 * the CLI summary) reads the market sums or routes, so none would skip
 * them; bench/whatif.sh's lazy run and test_whatif.c call it. */
gf_plan *gf__whatif_solve_lazy(gf_whatif *w, gf_error *err);

#endif
