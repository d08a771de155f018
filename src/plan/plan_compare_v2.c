/* src/plan/plan_compare_v2.c: a version-2 plan with and without some nodes (plan_v2.h).
 *
 * The version-2 counterpart of plan_compare.c, for scenarios CLP/CBC plan.
 * The nodes are checked by the same function (gf__plan_compare_check_nodes)
 * and closed as the same two modes mean (gf_compare_mode, plan.h), but
 * through the version-2 what-if translation: each node becomes a
 * close_transit (transit mode) or close_node (remove mode) edit, and
 * gf_plan_v2_apply_edits turns those into capacity-0 period overrides of
 * the model and, for a hub facility, a forced closed choice. So "without a
 * hub" is the MIP with that hub's choice fixed closed, exactly what the
 * server's what-if close_transit of a hub plans.
 *
 * The closures change the model, and the "with" plan borrows its model, so
 * the "without" plan gets a model of its own: a deep copy of m
 * (gf__model_copy, model_copy.c), owned by the result. Reading the scenario
 * a second time did that before (the CLI's folder, the server's stored
 * text): one parse more, and two readings that had to be checked to agree;
 * a caller may still hand in such a reading (checked to have the same
 * nodes, links and rows).
 *
 * Status. Each plan keeps its own: proven optimal, within the asked gap, or
 * stopped by the time limit with its incumbent and gap. An interrupt
 * (gf_lp_options.interrupt, the server's stop) that comes during the first
 * solve ends the compare there (GF_ESTATE): the second would only be
 * built to be stopped at once; one during the second fails it the same
 * way (a stopped plan is no figure to compare). Each solve reads the flag
 * between its steps and every few thousand CLP iterations (src/lp), so a
 * stopped compare ends within about a second. A difference of
 * two plans is exact only when both are proven optimal; otherwise it is the
 * difference of two incumbents, and every output says so (the outputs call
 * gf_plan_v2_compare_proven).
 *
 * The break-even fee of version 1 is a search over warm network re-solves;
 * on a version-2 scenario each step would be a MIP, so it is not computed,
 * and the outputs say "not computed for version-2 scenarios" rather than
 * guess.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "grainflow/alloc.h"
#include "grainflow/plan_v2.h"
#include "lp/lp_int.h" /* gf__lp_halted: the one reader of an interrupt flag */
#include "model/model_int.h"
#include "plan/plan_int.h"

void gf_plan_v2_compare_fini(gf_plan_v2_compare_result *r)
{
    if (!r)
        return;
    gf_plan_v2_destroy(r->with);
    gf_plan_v2_destroy(r->without);
    gf_model_destroy(r->closed); /* after the plan that borrows it */
    memset(r, 0, sizeof *r);
}

bool gf_plan_v2_compare_proven(const gf_plan_v2_compare_result *r)
{
    return r && r->with && r->without && r->with->lp.status == GF_LP_OPTIMAL &&
           r->without->lp.status == GF_LP_OPTIMAL;
}

static bool same_shape(const gf_model *a, const gf_model *b)
{
    return gf_model_node_count(a) == gf_model_node_count(b) &&
           gf_model_link_count(a) == gf_model_link_count(b) &&
           gf_model_supply_count(a) == gf_model_supply_count(b) &&
           gf_model_demand_count(a) == gf_model_demand_count(b) &&
           gf_model_product_count(a) == gf_model_product_count(b) &&
           gf_model_periods(a) == gf_model_periods(b);
}

/* The closure edits of the nodes (ids from m) into l. */
static int closure_edits(const gf_model *m, const int32_t *nodes, int32_t n, gf_compare_mode mode,
                         gf_edits *l, gf_error *err)
{
    l->e = gf_calloc((size_t)n, sizeof *l->e);
    if (!l->e)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    l->cap = n;
    for (int32_t i = 0; i < n; i++) {
        const char *id = gf_model_node(m, nodes[i])->id;
        gf_edit *e = &l->e[l->n];
        size_t len = strlen(id) + 1;
        e->op = mode == GF_COMPARE_TRANSIT ? GF_EDIT_CLOSE_TRANSIT : GF_EDIT_CLOSE_NODE;
        e->mode = -1;
        e->node_ix = e->from_ix = e->to_ix = -1;
        e->src_index = i;
        e->node = gf_malloc(len);
        if (!e->node)
            return gf_fail(err, GF_ENOMEM, "out of memory");
        memcpy(e->node, id, len);
        l->n++;
    }
    return GF_OK;
}

/* A node with both supply and demand rows has no transit of its own to
 * close (plan_v2.h, close_transit): refused as version 1 refuses it. */
static int check_transit(const gf_model *m, int32_t node, gf_error *err)
{
    bool departs;

    return gf_model_is_hub(m, node) ? GF_OK : gf__model_transit_side(m, node, &departs, err);
}

int gf_plan_v2_compare(const gf_model *m, gf_model *closed, const int32_t *nodes, int32_t n_nodes,
                       gf_compare_mode mode, const gf_lp_options *o, gf_plan_v2_compare_result *out,
                       gf_error *err)
{
    gf_edits l = {0};
    gf_lp_options lo;
    int32_t *force = NULL;
    size_t nn = m ? (size_t)gf_model_node_count(m) + 1 : 0;
    int rc;

    if (!m || !nodes || !out || (mode != GF_COMPARE_TRANSIT && mode != GF_COMPARE_REMOVE))
        return gf_fail(err, GF_EINVAL, "gf_plan_v2_compare: bad argument");
    memset(out, 0, sizeof *out);
    if (closed && !same_shape(m, closed))
        return gf_fail(err, GF_EINVAL, "gf_plan_v2_compare: the two models differ");
    rc = gf__plan_compare_check_nodes(m, nodes, n_nodes, err);
    for (int32_t i = 0; !rc && mode == GF_COMPARE_TRANSIT && i < n_nodes; i++)
        rc = check_transit(m, nodes[i], err);
    if (rc)
        return rc;
    if (!closed) {
        closed = out->closed = gf__model_copy(m, err);
        if (!closed)
            return err && err->code ? err->code : GF_ENOMEM;
    }
    out->mode = mode;
    out->n_nodes = n_nodes;
    memcpy(out->nodes, nodes, (size_t)n_nodes * sizeof *nodes);
    if (o)
        lo = *o;
    else
        gf_lp_options_init(&lo);
    force = gf_malloc(nn * sizeof *force);
    rc = force ? GF_OK : gf_fail(err, GF_ENOMEM, "out of memory");
    for (size_t n = 0; force && n + 1 < nn; n++)
        force[n] = lo.hub_force ? lo.hub_force[n] : GF_LP_HUB_FREE;
    if (!rc)
        rc = closure_edits(m, nodes, n_nodes, mode, &l, err);
    if (!rc) { /* refuse what cannot be closed before the first solve */
        rc = gf_plan_v2_apply_edits(closed, &l, force, err);
        if (rc && err) /* the edits are ours, not the user's: no "/edits/i" */
            err->input[0] = '\0';
    }
    if (!rc) {
        out->with = gf_plan_v2_solve(m, &lo, err);
        rc = out->with ? GF_OK : err && err->code ? err->code : GF_EINTERNAL;
    }
    if (!rc && gf__lp_halted(lo.interrupt))
        /* stopped during the first: not a second */
        rc = gf_fail(err, GF_ESTATE, "the compare was interrupted before its second solve");
    if (!rc) {
        lo.hub_force = force;
        out->without = gf_plan_v2_solve(closed, &lo, err);
        rc = out->without ? GF_OK : err && err->code ? err->code : GF_EINTERNAL;
    }
    if (!rc && gf__lp_halted(lo.interrupt))
        rc = gf_fail(err, GF_ESTATE, "the compare was interrupted during its second solve");
    for (int32_t i = 0; i < l.n; i++)
        gf_free(l.e[i].node, strlen(l.e[i].node) + 1);
    gf_free(l.e, (size_t)l.cap * sizeof *l.e);
    gf_free(force, nn * sizeof *force);
    if (rc)
        gf_plan_v2_compare_fini(out);
    return rc;
}
