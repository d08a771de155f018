/* src/plan/plan_compare.c: a plan with and without some nodes, and their break-even fees.
 *
 * One network serves every solve, edited through the network-edit API
 * (network.h) so each re-solve is warm.
 *
 * "Without" closes the nodes together. Transit mode (the default of
 * `grainflow compare`, what "hub vs no hub" means) is
 * gf_network_close_transit: a port keeps importing for its own market and
 * an origin keeps shipping its own grain, but nothing passes through.
 * Remove mode is gf_network_close_node in every period (the what-ifs'
 * close_node is the same call): the node's own supply and demand go too.
 *
 * Break-even fee, per node with the other nodes open. The fee arcs are the
 * node's link arcs that carry what passes through it: in transit mode its
 * departures (a node without supply: each departing tonne was transshipped)
 * or its arrivals (an origin without demand); in remove mode its arrivals.
 * A fee f is charged on them in place of the handling fee (a departing arc
 * costs link + handling at its end + f - the node's handling, so a
 * transshipped tonne pays f instead of the handling it paid on arrival and
 * the node's own imports are not charged twice). The plan's cost z(f) is
 * concave and non-decreasing in f, with slope T(f), the tonnes on the fee
 * arcs (any optimum's: z(g) <= z(f) + T(f)(g - f) for every g), and equal
 * to z_closed, the cost with the fee arcs closed, once f passes f*, the
 * point from which nothing goes through. From a fee f with z(f) < z_closed
 * the tangent meets z_closed at x = f + (z_closed - z(f)) / T(f) <= f*, so
 * the next fee tried is ceil(x): if z(ceil(x)) = z_closed then f* lies in
 * (ceil(x) - 1, ceil(x)] and the break-even fee is ceil(x) - 1, the
 * highest whole cent at which a plan through the node is strictly cheaper
 * (at f* itself the two may tie, and the solver may take either; the test
 * is on z, so a tie does not matter); else it is the next start. Each step
 * crosses a breakpoint of z, so a search takes a few warm re-solves, not
 * the ~20 of a bisection. The search starts at the node's own handling fee
 * when the with plan sends tonnes through it, else at 0; when z(0) =
 * z_closed there is no break-even: nothing goes through at any fee >= 0.
 *
 * A version-2 scenario (CLP/CBC) is compared by plan_compare_v2.c, which
 * shares the node checks here (gf__plan_compare_check_nodes) and the mode.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "grainflow/alloc.h"
#include "plan/plan_int.h"

#define GF_COMPARE_MAX_STEPS 1000 /* a search crosses at most this many breakpoints */

void gf_plan_compare_fini(gf_plan_compare_result *r)
{
    if (!r)
        return;
    gf_plan_destroy(r->with);
    gf_plan_destroy(r->without);
    gf_free(r->nodes, (size_t)r->n_nodes * sizeof *r->nodes);
    memset(r, 0, sizeof *r);
}

static int solve_extract(gf_network *net, gf_solution *sol, gf_plan **out, gf_error *err)
{
    *out = gf__plan_solve_into(net, sol, err);
    return *out ? GF_OK : err && err->code ? err->code : GF_EINTERNAL;
}

/* Which side of node's link arcs the fee is on (true: departures). */
static int fee_side(const gf_network *net, int32_t node, gf_compare_mode mode, bool *departs,
                    gf_error *err)
{
    *departs = false;
    return mode == GF_COMPARE_TRANSIT ? gf_network_transit_side(net, node, departs, err) : GF_OK;
}

static bool is_fee_link(const gf_link *lk, int32_t node, bool departs)
{
    return (departs ? lk->from : lk->to) == node;
}

/* Tonnes on the fee arcs of node in sol. */
static int64_t through(const gf_network *net, const gf_solution *sol, int32_t node, bool departs)
{
    const gf_model *m = net->model;
    int64_t t = 0;

    for (int32_t e = 0; e < net->n_arcs; e++)
        if (net->arc_kind[e] == GF_ARC_LINK &&
            is_fee_link(gf_model_link(m, net->arc_ref[e]), node, departs))
            t += sol->flow[e];
    return t;
}

/* Fee fee on node's fee arcs; close: their upper bounds 0 instead. */
static int set_fee(gf_network *net, int32_t node, bool departs, int64_t fee, bool close,
                   gf_error *err)
{
    const gf_model *m = net->model;
    int64_t h = gf_model_node(m, node)->handling_cents_per_t;
    int32_t p = net->periods;
    int rc = GF_OK;

    for (int32_t l = 0; !rc && l < gf_model_link_count(m); l++) {
        const gf_link *lk = gf_model_link(m, l);
        int64_t cost = lk->cost_cents_per_t + fee;
        if (!is_fee_link(lk, node, departs))
            continue;
        if (departs)
            cost += gf_model_node(m, lk->to)->handling_cents_per_t - h;
        for (int32_t t = 0; !rc && t < p; t++) {
            int32_t e = net->link_arc[l * p + t];
            if (e >= 0)
                rc = close ? gf_network_close_arc(net, e, err)
                           : gf_network_set_cost(net, e, cost, err);
        }
    }
    return rc;
}

static int solve_optimal(gf_network *net, gf_solution *sol, gf_error *err)
{
    int rc = gf_network_solve(net, sol, err);

    if (!rc && sol->status != GF_SOLVE_OPTIMAL)
        rc = gf_fail(err, GF_EINTERNAL, "the solver stopped without an optimum (%s)",
                     gf_solve_status_name(sol->status));
    return rc;
}

/* Cost z and tonnes through T at fee fee (network reset before). */
static int at_fee(gf_network *net, gf_solution *sol, int32_t node, bool departs, int64_t fee,
                  int64_t *z, int64_t *t, gf_plan_compare_node *c, gf_error *err)
{
    int rc = gf_network_reset(net, err);

    if (!rc)
        rc = set_fee(net, node, departs, fee, false, err);
    if (!rc)
        rc = solve_optimal(net, sol, err);
    c->resolves++;
    if (!rc) {
        *z = sol->objective_cents;
        *t = through(net, sol, node, departs);
    }
    return rc;
}

/* The parametric search of the header for c->node; z_with, t_with: the with
 * plan's objective and tonnes through (at the node's own fee). */
static int breakeven(gf_network *net, gf_solution *sol, gf_compare_mode mode, int64_t z_with,
                     gf_plan_compare_node *c, gf_error *err)
{
    int64_t f = gf_model_node(net->model, c->node)->handling_cents_per_t;
    int64_t z = z_with, t = c->through_t, z_closed = 0;
    bool departs;
    int rc = fee_side(net, c->node, mode, &departs, err);

    if (!rc)
        rc = gf_network_reset(net, err);
    if (!rc)
        rc = set_fee(net, c->node, departs, 0, true, err);
    if (!rc)
        rc = solve_optimal(net, sol, err);
    c->resolves++;
    if (rc)
        return rc;
    z_closed = sol->objective_cents;
    if (z >= z_closed && f != 0) { /* nothing (strictly cheaper) through at its own fee */
        f = 0;
        rc = at_fee(net, sol, c->node, departs, f, &z, &t, c, err);
    }
    for (int32_t step = 0; !rc && z < z_closed; step++) {
        int64_t gap = z_closed - z, next;
        if (t <= 0 || step >= GF_COMPARE_MAX_STEPS)
            return gf_fail(err, GF_EINTERNAL,
                           "break-even search at %s: a cheaper plan with no tonnes through "
                           "(z %lld < %lld at fee %lld)",
                           gf_model_node(net->model, c->node)->id, (long long)z,
                           (long long)z_closed, (long long)f);
        next = f + gap / t + (gap % t != 0);
        rc = at_fee(net, sol, c->node, departs, next, &z, &t, c, err);
        if (!rc && z >= z_closed) {
            c->has_breakeven = true;
            c->breakeven_cents_per_t = next - 1;
        }
        f = next;
    }
    return rc;
}

int gf__plan_compare_check_nodes(const gf_model *m, const int32_t *nodes, int32_t n, gf_error *err)
{
    if (n < 1 || n > GF_COMPARE_MAX_NODES)
        return gf_fail(err, GF_EINVAL, "compare takes 1 to %d nodes (got %d)", GF_COMPARE_MAX_NODES,
                       (int)n);
    for (int32_t i = 0; i < n; i++) {
        if (nodes[i] < 0 || nodes[i] >= gf_model_node_count(m))
            return gf_fail(err, GF_EINVAL, "gf_plan_compare: no node %d", (int)nodes[i]);
        for (int32_t k = 0; k < i; k++)
            if (nodes[k] == nodes[i])
                return gf_fail(err, GF_EINVAL, "node %s is given twice",
                               gf_model_node(m, nodes[i])->id);
    }
    return GF_OK;
}

int gf_plan_compare_nodes(const gf_model *m, const int32_t *nodes, int32_t n_nodes,
                          gf_compare_mode mode, gf_plan_compare_result *out, gf_error *err)
{
    gf_network *net = NULL;
    gf_solution sol = {0};
    int64_t z_with = 0;
    int rc;

    if (!m || !out || !nodes || (mode != GF_COMPARE_TRANSIT && mode != GF_COMPARE_REMOVE))
        return gf_fail(err, GF_EINVAL, "gf_plan_compare: bad argument");
    memset(out, 0, sizeof *out);
    rc = gf__plan_compare_check_nodes(m, nodes, n_nodes, err);
    if (rc)
        return rc;
    out->node = nodes[0];
    out->mode = mode;
    out->nodes = gf_calloc((size_t)n_nodes, sizeof *out->nodes);
    if (!out->nodes)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    out->n_nodes = n_nodes;
    net = gf_network_build(m, err);
    rc = net ? GF_OK : err && err->code ? err->code : GF_ENOMEM;
    for (int32_t i = 0; !rc && i < n_nodes; i++) { /* refuse a bad node before solving */
        bool departs;
        out->nodes[i].node = nodes[i];
        rc = fee_side(net, nodes[i], mode, &departs, err);
    }
    if (!rc)
        rc = solve_extract(net, &sol, &out->with, err);
    z_with = sol.objective_cents;
    for (int32_t i = 0; !rc && i < n_nodes; i++) {
        bool departs;
        rc = fee_side(net, nodes[i], mode, &departs, err);
        if (!rc)
            out->nodes[i].through_t = through(net, &sol, nodes[i], departs);
        if (!rc)
            rc = mode == GF_COMPARE_TRANSIT ? gf_network_close_transit(net, nodes[i], err)
                                            : gf_network_close_node(net, nodes[i], -1, err);
    }
    if (!rc)
        rc = solve_extract(net, &sol, &out->without, err);
    for (int32_t i = 0; !rc && i < n_nodes; i++) {
        rc = breakeven(net, &sol, mode, z_with, &out->nodes[i], err);
        out->resolves += out->nodes[i].resolves;
    }
    if (!rc) {
        out->has_breakeven = out->nodes[0].has_breakeven;
        out->breakeven_cents_per_t = out->nodes[0].breakeven_cents_per_t;
    }
    gf_solution_fini(&sol);
    gf_network_destroy(net);
    if (rc)
        gf_plan_compare_fini(out);
    return rc;
}

int gf_plan_compare(const gf_model *m, int32_t node, gf_plan_compare_result *out, gf_error *err)
{
    return gf_plan_compare_nodes(m, &node, 1, GF_COMPARE_REMOVE, out, err);
}
