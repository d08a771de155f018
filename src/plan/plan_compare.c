/* src/plan/plan_compare.c: a plan with and without one node, and its break-even fee.
 *
 * One network serves every solve. "Without" closes every arc that touches a
 * copy of the node (links in and out, throughput, storage, its supply and
 * demand) with gf_mcf_set_bounds(0, 0) and re-solves warm. The break-even
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

static bool touches(const gf_network *net, int32_t e, int32_t node)
{
    int32_t u = gf_mcf_arc_src(net->mcf, e), v = gf_mcf_arc_dst(net->mcf, e);
    int32_t p = net->periods;

    for (int32_t t = 0; t < p; t++) {
        int32_t a = net->out_node[node * p + t], b = net->in_node[node * p + t];
        if (u == a || u == b || v == a || v == b)
            return true;
    }
    return false;
}

static int solve_extract(gf_network *net, gf_plan **out, gf_error *err)
{
    gf_mcf_result res = {0};
    int rc = gf_mcf_solve(net->mcf, NULL, &res, err);

    if (rc)
        return rc;
    if (res.status != GF_MCF_OPTIMAL)
        return gf_fail(err, GF_EINTERNAL, "the solver stopped without an optimum (status %d)",
                       (int)res.status);
    *out = gf_plan_extract(net, &res, err);
    return *out ? GF_OK : err && err->code ? err->code : GF_EINTERNAL;
}

/* Close (or reopen, from the saved bounds) every arc touching node. */
static int set_closed(gf_network *net, int32_t node, const int64_t *up, const uint8_t *unc,
                      bool close, gf_error *err)
{
    int rc = GF_OK;

    for (int32_t e = 0; !rc && e < gf_mcf_arc_count(net->mcf); e++) {
        if (!touches(net, e, node))
            continue;
        rc = close ? gf_mcf_set_bounds(net->mcf, e, 0, 0, false, err)
                   : gf_mcf_set_bounds(net->mcf, e, 0, up[e], unc[e] != 0, err);
    }
    return rc;
}

/* Tonnes arriving at node over links in the current solution. */
static int64_t inflow(const gf_network *net, int32_t node)
{
    const gf_model *m = net->model;
    int64_t t = 0;

    for (int32_t e = 0; e < gf_mcf_arc_count(net->mcf); e++)
        if (net->arc_kind[e] == GF_ARC_LINK && gf_model_link(m, net->arc_ref[e])->to == node)
            t += gf_mcf_flow(net->mcf, e);
    return t;
}

/* Re-solve with the node's handling fee at fee; *carries: it gets flow. */
static int try_fee(gf_network *net, int32_t node, int64_t fee, bool *carries, gf_error *err)
{
    const gf_model *m = net->model;
    gf_mcf_result res = {0};
    int rc = GF_OK;

    for (int32_t e = 0; !rc && e < gf_mcf_arc_count(net->mcf); e++) {
        const gf_link *l;
        if (net->arc_kind[e] != GF_ARC_LINK)
            continue;
        l = gf_model_link(m, net->arc_ref[e]);
        if (l->to == node)
            rc = gf_mcf_set_cost(net->mcf, e, l->cost_cents_per_t + fee, err);
    }
    if (!rc)
        rc = gf_mcf_solve(net->mcf, NULL, &res, err);
    if (!rc && res.status != GF_MCF_OPTIMAL)
        rc = gf_fail(err, GF_EINTERNAL, "the solver stopped without an optimum");
    *carries = !rc && inflow(net, node) > 0;
    return rc;
}

/* Bisection over whole cents for the highest fee at which node gets flow.
 * carries_now: it gets flow at its current fee in the first solve, which
 * then is a known lower end (at a tie the plan may go either way; the fee
 * the plan was made with counts as carrying). */
static int breakeven(gf_network *net, int32_t node, bool carries_now, gf_plan_compare_result *out,
                     gf_error *err)
{
    const gf_model *m = net->model;
    int64_t fee = gf_model_node(m, node)->handling_cents_per_t;
    int64_t lo = 0, hi = 1, cap = GF_MCF_MAX_VALUE / 4;
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
        rc = try_fee(net, node, 0, &carries, err);
        out->resolves++;
        if (rc || !carries)
            return rc;
        hi = fee < hi ? fee : hi;
    }
    while (!rc && hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        rc = try_fee(net, node, mid, &carries, err);
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
    int64_t *up = NULL;
    uint8_t *unc = NULL;
    int32_t n_arcs = 0;
    bool carries_now = false;
    int rc;

    if (!m || !out || node < 0 || node >= gf_model_node_count(m))
        return gf_fail(err, GF_EINVAL, "gf_plan_compare: bad argument");
    memset(out, 0, sizeof *out);
    out->node = node;
    net = gf_network_build(m, err);
    if (!net)
        return err && err->code ? err->code : GF_ENOMEM;
    n_arcs = gf_mcf_arc_count(net->mcf);
    up = gf_malloc((size_t)n_arcs * sizeof *up + 1);
    unc = gf_malloc((size_t)n_arcs + 1);
    if (!up || !unc) {
        rc = gf_fail(err, GF_ENOMEM, "out of memory");
        goto out;
    }
    for (int32_t e = 0; e < n_arcs; e++) {
        unc[e] = gf_mcf_arc_is_uncapacitated(net->mcf, e);
        up[e] = unc[e] ? 0 : gf_mcf_arc_upper(net->mcf, e);
    }
    rc = solve_extract(net, &out->with, err);
    if (!rc)
        carries_now = inflow(net, node) > 0;
    if (!rc)
        rc = set_closed(net, node, up, unc, true, err);
    if (!rc)
        rc = solve_extract(net, &out->without, err);
    if (!rc)
        rc = set_closed(net, node, up, unc, false, err);
    if (!rc)
        rc = breakeven(net, node, carries_now, out, err);
out:
    gf_free(up, 0);
    gf_free(unc, 0);
    gf_network_destroy(net);
    if (rc)
        gf_plan_compare_fini(out);
    return rc;
}
