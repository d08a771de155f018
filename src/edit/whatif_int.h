/* src/edit/whatif_int.h: private declarations shared by scenario_json.c and
 * whatif.c (the JSON form of scenarios).
 * SPDX-License-Identifier: MIT */
#ifndef GF_WHATIF_INT_H
#define GF_WHATIF_INT_H

#include <jansson.h>
#include <stddef.h>

#include "grainflow/error.h"

#define GF__N_TABLES 4
/* "nodes", "links", "supply", "demand" (scenario.csv is the "scenario" object) */
extern const char *const gf__scenario_tables[GF__N_TABLES];

/* Parse JSON text; on failure NULL and *err GF_EPARSE at input:line:column. */
json_t *gf__scenario_parse(const char *json, size_t len, const char *input, gf_error *err);

/* Write the tables of the scenario tree root as CSV files into dir. */
int gf__scenario_tree_to_csv(const json_t *root, const char *dir, gf_error *err);

#endif
