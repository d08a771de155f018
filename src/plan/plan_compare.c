/* src/plan/plan_compare.c: a plan with and without one node, and its break-even fee.
 *
 * One network serves every solve, edited through the network-edit API
 * (network.h) so each re-solve is warm. "Without" is gf_network_close_node
 * in every period (the what-ifs' close_node is the same call); then
 * gf_network_reset reopens it for the fee search. The break-even
 * handling fee is the highest fee f (in cents) at which the node still
 * receives flow over its links. Its link arcs cost link + f; the flow into the
 * node is non-increasing in f and zero once f exceeds the highest alternative
 * price (a tonne through the node would cost more than it saves), so a
 * bisection over whole cents between 0 and that bound finds f in about
 * log2(bound) warm-started re-solves.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "grainflow/alloc.h"
#include "plan/plan_int.h"

void gf_plan_compare_fini(gf_plan_compare_result *r)
{
    if (!r)
        return;
    gf_plan_destroy(r->with);
    gf_plan_destroy(r->without);
    memset(r, 0, sizeof *r);
}

static int solve_extract(gf_network *net, gf_solution *sol, gf_plan **out, gf_error *err)
{
    *out = gf__plan_solve_into(net, sol, err);
    return *out ? GF_OK : err && err->code ? err->code : GF_EINTERNAL;
}

/* Tonnes arriving at node over links in the solution sol. */
static int64_t inflow(const gf_network *net, const gf_solution *sol, int32_t node)
{
    const gf_model *m = net->model;
    int64_t t = 0;

    for (int32_t e = 0; e < net->n_arcs; e++)
        if (net->arc_kind[e] == GF_ARC_LINK && gf_model_link(m, net->arc_ref[e])->to == node)
            t += sol->flow[e];
    return t;
}

/* Re-solve with the node's handling fee at fee; *carries: it gets flow. */
static int try_fee(gf_network *net, gf_solution *sol, int32_t node, int64_t fee, bool *carries,
                   gf_error *err)
{
    int rc = gf_network_set_handling(net, node, fee, err);

    if (!rc)
        rc = gf_network_solve(net, sol, err);
    if (!rc && sol->status != GF_SOLVE_OPTIMAL)
        rc = gf_fail(err, GF_EINTERNAL, "the solver stopped without an optimum");
    *carries = !rc && inflow(net, sol, node) > 0;
    return rc;
}

/* Bisection over whole cents for the highest fee at which node gets flow.
 * carries_now: it gets flow at its current fee in the first solve, which
 * then is a known lower end (at a tie the plan may go either way; the fee
 * the plan was made with counts as carrying). */
static int breakeven(gf_network *net, gf_solution *sol, int32_t node, bool carries_now,
                     gf_plan_compare_result *out, gf_error *err)
{
    const gf_model *m = net->model;
    int64_t fee = gf_model_node(m, node)->handling_cents_per_t;
    int64_t lo = 0, hi = 1, cap = GF_MODEL_MAX_VALUE / 4;
    bool carries = false;
    int rc = GF_OK;

    for (int32_t i = 0; i < gf_model_demand_count(m); i++)
        if (gf_model_demand(m, i)->alt_cents_per_t >= hi)
            hi = gf_model_demand(m, i)->alt_cents_per_t + 1;
    if (carries_now && fee >= hi)
        hi = fee + 1;
    for (int32_t l = 0; l < gf_model_link_count(m); l++)
        if (gf_model_link(m, l)->to == node && gf_model_link(m, l)->cost_cents_per_t > cap - hi)
            hi = cap - gf_model_link(m, l)->cost_cents_per_t; /* keep costs in range */
    if (carries_now) {
        lo = fee;
    } else {
        rc = try_fee(net, sol, node, 0, &carries, err);
        out->resolves++;
        if (rc || !carries)
            return rc;
        hi = fee < hi ? fee : hi;
    }
    while (!rc && hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        rc = try_fee(net, sol, node, mid, &carries, err);
        out->resolves++;
        if (carries)
            lo = mid;
        else
            hi = mid;
    }
    if (!rc) {
        out->has_breakeven = true;
        out->breakeven_cents_per_t = lo;
    }
    return rc;
}

int gf_plan_compare(const gf_model *m, int32_t node, gf_plan_compare_result *out, gf_error *err)
{
    gf_network *net = NULL;
    gf_solution sol = {0};
    bool carries_now = false;
    int rc;

    if (!m || !out || node < 0 || node >= gf_model_node_count(m))
        return gf_fail(err, GF_EINVAL, "gf_plan_compare: bad argument");
    memset(out, 0, sizeof *out);
    out->node = node;
    net = gf_network_build(m, err);
    if (!net)
        return err && err->code ? err->code : GF_ENOMEM;
    rc = solve_extract(net, &sol, &out->with, err);
    if (!rc)
        carries_now = inflow(net, &sol, node) > 0;
    if (!rc)
        rc = gf_network_close_node(net, node, -1, err);
    if (!rc)
        rc = solve_extract(net, &sol, &out->without, err);
    if (!rc)
        rc = gf_network_reset(net, err);
    if (!rc)
        rc = breakeven(net, &sol, node, carries_now, out, err);
    gf_solution_fini(&sol);
    gf_network_destroy(net);
    if (rc)
        gf_plan_compare_fini(out);
    return rc;
}
