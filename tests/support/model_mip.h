/* tests/support/model_mip.h: a version-2 gf_model as a MIP, solved by GLPK.
 *
 * An independent check of src/lp: written from model.h's meaning, not from
 * lp_build.c, and in a different shape, so that a slip in one is unlikely
 * to be repeated in the other:
 *   - the network.h node split: arrivals over links land on in(n,t,p), which
 *     feeds out(n,t,p) over a "through" column; throughput bounds the sum of
 *     the through columns, so it is written on other variables than the
 *     production builder's row over link arrivals;
 *   - departures: sum_p x(l,t,p) <= vessel_t x n(l,t), no strengthening;
 *   - hubs: arrivals <= sum_o throughput_o y_o and stock <= sum_o storage_o y_o,
 *     sum_o y_o <= 1, min..max open, no extra linking rows;
 *   - objective: purchases + link - subsidy + handling + storage + conversion
 *     + departures + fixed - alt x delivered, plus the constant alt x demand.
 * GLPK's branch-and-cut (glp_intopt, presolve on, gap 0) solves it. Used by
 * tests/unit/test_lp.c on seeded random version-2 models.
 * SPDX-License-Identifier: MIT */
#ifndef GF_TESTS_MODEL_MIP_H
#define GF_TESTS_MODEL_MIP_H

#include <stdint.h>

#include "grainflow/model.h"

/* Solve m with GLPK. hub_force (size nodes, NULL = all free) uses lp.h's
 * GF_LP_HUB_* values. Returns 0 with *total_cents (objective + constant, as a
 * double, cents) when GLPK proves an optimum, 1 when infeasible, -1 on any
 * other outcome. */
int model_mip_glpk(const gf_model *m, const int32_t *hub_force, double *total_cents);

#endif
