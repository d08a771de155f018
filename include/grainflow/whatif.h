/* include/grainflow/whatif.h: scenarios as JSON, and what-if plan runs.
 *
 * The JSON form of a version-1 scenario (scenario.h) holds the same tables as
 * the CSV folder, one object per file:
 *   {"format": 1,
 *    "scenario": {"name": "...", "periods": 52, "period_days": 7, "horizon": "cyclic"},
 *    "nodes":  [{"id": "KZ_KOSTANAY", "kind": "origin", "lat": 53.21, ...}, ...],
 *    "links":  [...], "supply": [...], "demand": [...]}
 * A row is an object whose keys are the CSV column names; a value is a string
 * (the cell as written), a number, true/false (yes/no) or null (an empty
 * cell). Other top-level keys ("id", "name", ...) are ignored. Errors in a
 * JSON scenario name the table's CSV file and the line the row would have in
 * it: row i (0-based) is line i + 2, line 1 being the header; the column is
 * the 1-based position of the key in the table's columns (keys in order of
 * first appearance).
 *
 * Edits (a JSON array, applied in order) turn a scenario into a what-if:
 *   {"op": "scale_freight", "pct": 10, "mode": "sea"}   link cost x (1 + pct/100)
 *                                                       (mode optional: all);
 *   {"op": "set_node", "node": ID, "handling_usd_per_t": 4.5,
 *    "throughput_t_per_period": 20000 | null, "storage_t": 0,
 *    "storage_usd_per_t_per_period": 0.2}               any subset of the four;
 *   {"op": "scale_supply" | "scale_demand", "pct": -30, "node": ID}
 *                                                       tonnes x (1 + pct/100)
 *                                                       (node optional: all);
 *   {"op": "close_link", "from": ID, "to": ID, "mode": "sea", "periods": [1, 2]}
 *                                                       no departures in those
 *                                                       periods (all when
 *                                                       omitted; mode optional);
 *   {"op": "close_node", "node": ID, "periods": [...]}  no arrivals, departures,
 *                                                       storage, supply or
 *                                                       deliveries there;
 *   {"op": "close_transit", "node": ID}                 nothing passes through
 *                                                       it; its own supply and
 *                                                       demand stay (network.h,
 *                                                       every period);
 *   {"op": "scale_alt_fob", "pct": -10, "node": ID, "product": ID}
 *   {"op": "set_hub", "node": ID, "option": NAME, "fixed_usd_per_year": X}
 *                                                       version 2: edit.h.
 * pct is within -100..1000 (taken to 0.01 %), periods 1-based. Edits are
 * parsed once into a typed list (edit.h); an edit error names as input the
 * JSON pointer of the field in the request, "/edits/i/field" (i 0-based),
 * and says what is accepted.
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_WHATIF_H
#define GRAINFLOW_WHATIF_H

#include <signal.h>
#include <stddef.h>

#include "grainflow/edit.h"
#include "grainflow/error.h"
#include "grainflow/model.h"
#include "grainflow/plan.h"
#include "grainflow/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest number of edits in one run. */
#define GF_WHATIF_MAX_EDITS GF_EDITS_MAX

typedef struct gf_whatif gf_whatif;

/* The JSON form of the scenario folder dir: owned text (gf_free(p, *len + 1))
 * or NULL with *err (as gf_scenario_read_csv for files that cannot be read;
 * the content is not validated: call gf_scenario_read_csv for that). */
GF_API char *gf_scenario_json_from_csv(const char *dir, size_t *len, gf_error *err);

/* The JSON form of a scenario given as CSV texts in memory (an upload; see
 * gf_scenario_read_texts): owned text (gf_free(p, *len + 1)) or NULL with *err. */
GF_API char *gf_scenario_json_from_texts(const gf_scenario_file *files, int n_files, size_t *len,
                                         gf_error *err);

/* Read the JSON scenario (in memory, no temporary folder), parse the edits
 * (JSON array text, NULL or "" for none) and apply their figures to the
 * model; nothing is solved yet. Borrows both texts. Returns owned
 * (gf_whatif_destroy) or NULL with *err: the scenario's own errors as above,
 * edit errors as GF_EINVAL with input "/edits/i/field". */
GF_API gf_whatif *gf_whatif_create(const char *scenario_json, size_t scenario_len,
                                   const char *edits_json, size_t edits_len, gf_error *err);
/* As gf_whatif_create with edits already parsed (edit.h; taken, also on
 * failure): the server parses a request's edits once, before it queues. */
GF_API gf_whatif *gf_whatif_create_parsed(const char *scenario_json, size_t scenario_len,
                                          gf_edits *edits, gf_error *err);
/* A what-if of model m (taken, also on failure), with no edits yet. */
GF_API gf_whatif *gf_whatif_create_model(gf_model *m, gf_error *err);
GF_API void gf_whatif_destroy(gf_whatif *w);

/* The model of w (borrowed; lives as long as w; holds the edited figures). */
GF_API const gf_model *gf_whatif_model(const gf_whatif *w);

/* Solve: the first call builds the network and closes what the edits close;
 * later calls re-solve warm from the last basis. Extracts the plan, which
 * borrows w's model: destroy it before w, and before the next apply or
 * reset (they change the figures it reads). NULL with *err as gf_plan_solve. */
GF_API gf_plan *gf_whatif_solve(gf_whatif *w, gf_error *err);
/* Let later solves of w stop early when *flag (borrowed; NULL: never) turns
 * nonzero, as gf_network_set_interrupt; such a solve gives NULL with *err
 * (the plan of an interrupted solve is not extracted). The server sets it
 * when a run is cancelled, over its time, or the server stops. */
GF_API void gf_whatif_set_interrupt(gf_whatif *w, const volatile sig_atomic_t *flag);

/* Apply more edits (parsed: edit.h; taken, also on failure; resolved here
 * against w's model) to the model and the built network, so the next
 * gf_whatif_solve is warm. Their closures hold until gf_whatif_reset, also
 * across later applies. An edit that adds arcs rebuilds the network (cold).
 * On failure w may hold part of the edits: gf_whatif_reset it. */
GF_API int gf_whatif_apply(gf_whatif *w, gf_edits *edits, gf_error *err);

/* Back to the figures and closures w was created with, keeping the basis;
 * the lists applied since are freed. */
GF_API int gf_whatif_reset(gf_whatif *w, gf_error *err);

/* Wall time of the solver's solve call in the last gf_whatif_solve. */
GF_API double gf_whatif_solve_seconds(const gf_whatif *w);

#ifdef __cplusplus
}
#endif
#endif
