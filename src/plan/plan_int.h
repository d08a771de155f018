/* src/plan/plan_int.h: private declarations shared by the plan files.
 * SPDX-License-Identifier: MIT */
#ifndef GF_PLAN_INT_H
#define GF_PLAN_INT_H

#include "grainflow/plan.h"

/* Decompose the flow x (per arc of net) into routes appended to p->routes. */
int gf__plan_routes(gf_plan *p, const gf_network *net, const int64_t *x, gf_error *err);

/* Solve net warm into sol (caller-owned, reused across calls) and extract
 * the plan; NULL with *err, GF_EINTERNAL when no optimum is reached. */
gf_plan *gf__plan_solve_into(gf_network *net, gf_solution *sol, gf_error *err);

/* Fill p->market_sums from p->markets and p->routes. */
int gf__plan_market_sums(gf_plan *p, gf_error *err);

/* True when the two routes use the same model links in the same order. */
bool gf__plan_same_links(const gf_plan_route *a, const gf_plan_route *b);

#endif
