/* src/edit/whatif.c: what-if runs: a scenario plus typed edits, solved warm.
 *
 * A gf_whatif owns the scenario's model (read from JSON in memory, or
 * handed over), the edits it was created with (edit.h: parsed once, ids
 * resolved against the model, figure edits applied to the model), and from
 * its first solve the built network and the solver's solution. Closures
 * have no column in the model; they are applied to the network each time it
 * is built or reset. Further edits (gf_whatif_apply) go to the model and
 * straight into the built network, so the next solve starts from the last
 * basis; only an edit that adds arcs (a throughput limit or storage on a
 * node built without) rebuilds the network, cold. gf_whatif_reset puts the
 * figures back as created, in the model (from a snapshot taken at create:
 * the version-1 figures, and the version-2 competitors' FOB per demand row
 * and fixed cost per hub option, which scale_alt_fob and set_hub edit)
 * and in the network (gf_network_reset), keeping the basis: this is how a
 * worker runs many what-ifs on one scenario (bench/whatif.sh, sweeps).
 * Its solution is lean (solution.h): the flows are the solver's own array
 * and no reduced costs are formed, since extraction needs them only for the
 * few arcs at a bound; the reset re-sets only the figures an edit changed.
 * gf__whatif_solve_lazy hands out a lazy plan (plan_int.h: the routes and
 * what they give are derived on gf__plan_complete), which borrows the network
 * and the solver's flows: w keeps it in pending and completes it before
 * anything changes them (apply, reset, the next solve, destroy), so the
 * plan never reads figures of another what-if.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "edit/whatif_int.h"
#include "grainflow/alloc.h"
#include "grainflow/edit.h"
#include "grainflow/network.h"
#include "grainflow/scenario.h"
#include "grainflow/whatif.h"
#include "plan/plan_int.h"

struct gf_whatif {
    gf_model *model;    /* owned: the scenario with the create-time edits */
    gf_edits *edits;    /* owned: the create-time edits */
    gf_network *net;    /* owned; NULL until the first solve */
    gf_solution sol;    /* of net */
    bool rebuilt;       /* net was rebuilt for a structural edit since create */
    gf_edits **applied; /* owned: the lists applied since the last reset */
    int32_t n_applied, cap_applied;
    int64_t *link_cost, *node_fig, *supply_t, *demand_t; /* the figures as created */
    int64_t *alt_fob, *hub_fixed;           /* version 2: per demand row, per hub option */
    const volatile sig_atomic_t *interrupt; /* gf_whatif_set_interrupt */
    gf_plan *pending; /* the lazy plan of the last solve while it borrows net (plan.c) */
};

/* Forget the lists applied since the last reset. */
static void drop_applied(gf_whatif *w)
{
    for (int32_t i = 0; i < w->n_applied; i++)
        gf_edits_destroy(w->applied[i]);
    w->n_applied = 0;
}

void gf_whatif_destroy(gf_whatif *w)
{
    if (!w)
        return;
    gf__plan_settle(&w->pending);
    drop_applied(w);
    gf_free(w->applied, (size_t)w->cap_applied * sizeof *w->applied);
    gf_solution_fini(&w->sol);
    gf_network_destroy(w->net);
    if (w->model) {
        const gf_model *m = w->model;
        gf_free(w->link_cost, (size_t)gf_model_link_count(m) * sizeof(int64_t) + 1);
        gf_free(w->node_fig, (size_t)gf_model_node_count(m) * 4 * sizeof(int64_t) + 1);
        gf_free(w->supply_t, (size_t)gf_model_supply_count(m) * sizeof(int64_t) + 1);
        gf_free(w->demand_t, (size_t)gf_model_demand_count(m) * sizeof(int64_t) + 1);
        gf_free(w->alt_fob, (size_t)gf_model_demand_count(m) * sizeof(int64_t) + 1);
        gf_free(w->hub_fixed, (size_t)gf_model_hub_option_count(m) * sizeof(int64_t) + 1);
    }
    gf_edits_destroy(w->edits);
    gf_model_destroy(w->model);
    gf_free(w, sizeof *w);
}

/* Keep the figures that edits change, for gf_whatif_reset. */
static int snapshot(gf_whatif *w, gf_error *err)
{
    const gf_model *m = w->model;
    int32_t nl = gf_model_link_count(m), nn = gf_model_node_count(m);
    int32_t ns = gf_model_supply_count(m), nd = gf_model_demand_count(m);
    int32_t nh = gf_model_hub_option_count(m);

    w->link_cost = gf_malloc((size_t)nl * sizeof(int64_t) + 1);
    w->node_fig = gf_malloc((size_t)nn * 4 * sizeof(int64_t) + 1);
    w->supply_t = gf_malloc((size_t)ns * sizeof(int64_t) + 1);
    w->demand_t = gf_malloc((size_t)nd * sizeof(int64_t) + 1);
    w->alt_fob = gf_malloc((size_t)nd * sizeof(int64_t) + 1);
    w->hub_fixed = gf_malloc((size_t)nh * sizeof(int64_t) + 1);
    if (!w->link_cost || !w->node_fig || !w->supply_t || !w->demand_t || !w->alt_fob ||
        !w->hub_fixed)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    for (int32_t i = 0; i < nl; i++)
        w->link_cost[i] = gf_model_link(m, i)->cost_cents_per_t;
    for (int32_t i = 0; i < nn; i++) {
        const gf_node *n = gf_model_node(m, i);
        int64_t *f = &w->node_fig[4 * i];
        f[0] = n->handling_cents_per_t;
        f[1] = n->throughput_t;
        f[2] = n->storage_t;
        f[3] = n->storage_cents_per_t;
    }
    for (int32_t i = 0; i < ns; i++)
        w->supply_t[i] = gf_model_supply(m, i)->t;
    for (int32_t i = 0; i < nd; i++) {
        w->demand_t[i] = gf_model_demand(m, i)->t;
        w->alt_fob[i] = gf_model_demand(m, i)->alt_fob_cents_per_t;
    }
    for (int32_t k = 0; k < nh; k++)
        w->hub_fixed[k] = gf_model_hub_option(m, k)->fixed_cents_per_year;
    return GF_OK;
}

/* Resolve and apply the figure edits of the new w (its model, no network). */
static gf_whatif *finish_create(gf_whatif *w, gf_error *err)
{
    bool rebuild = false;
    int rc = gf_edits_resolve(w->edits, w->model, err);

    if (!rc)
        rc = gf_edits_apply_model(w->edits, w->model, NULL, &rebuild, err);
    if (!rc)
        rc = snapshot(w, err);
    if (rc) {
        gf_whatif_destroy(w);
        return NULL;
    }
    return w;
}

gf_whatif *gf_whatif_create_parsed(const char *scenario_json, size_t scenario_len, gf_edits *edits,
                                   gf_error *err)
{
    gf_whatif *w = gf_calloc(1, sizeof *w);

    if (!w) {
        gf_fail(err, GF_ENOMEM, "out of memory");
        gf_edits_destroy(edits);
        return NULL;
    }
    w->edits = edits;
    w->model = gf_scenario_read_json(scenario_json, scenario_len, err);
    if (!w->edits || !w->model) {
        if (!w->edits)
            gf_fail(err, GF_EINVAL, "gf_whatif_create_parsed: NULL edits");
        gf_whatif_destroy(w);
        return NULL;
    }
    return finish_create(w, err);
}

gf_whatif *gf_whatif_create(const char *scenario_json, size_t scenario_len, const char *edits_json,
                            size_t edits_len, gf_error *err)
{
    gf_edits *l = gf_edits_create(err);

    if (l && gf_edits_parse_json(l, edits_json, edits_len, err)) {
        gf_edits_destroy(l);
        return NULL;
    }
    return l ? gf_whatif_create_parsed(scenario_json, scenario_len, l, err) : NULL;
}

gf_whatif *gf_whatif_create_model(gf_model *m, gf_error *err)
{
    gf_whatif *w = m ? gf_calloc(1, sizeof *w) : NULL;

    if (!w) {
        gf_fail(err, m ? GF_ENOMEM : GF_EINVAL, "gf_whatif_create_model: %s",
                m ? "out of memory" : "NULL model");
        gf_model_destroy(m);
        return NULL;
    }
    w->model = m;
    w->edits = gf_edits_create(err);
    if (!w->edits) {
        gf_whatif_destroy(w);
        return NULL;
    }
    return finish_create(w, err);
}

const gf_model *gf_whatif_model(const gf_whatif *w)
{
    return w ? w->model : NULL;
}

/* Close again what the kept closures close: syncing a figure writes the
 * row's bound back into its arcs, which reopens a closed one. */
static int close_again(gf_whatif *w, gf_error *err)
{
    int rc = gf_edits_apply_network(w->edits, w->net, err);

    for (int32_t i = 0; !rc && i < w->n_applied; i++)
        rc = gf_edits_apply_network(w->applied[i], w->net, err);
    return rc;
}

/* Build w's network from its model now and close what its edits close:
 * the create-time ones and those of every list applied since the reset. */
static int build(gf_whatif *w, gf_error *err)
{
    int rc;

    gf_network_destroy(w->net);
    w->net = gf_network_build(w->model, err);
    if (!w->net)
        return err && err->code ? err->code : GF_ENOMEM;
    rc = close_again(w, err);
    if (rc) {
        gf_network_destroy(w->net);
        w->net = NULL;
    }
    return rc;
}

/* Keep list (taken) until the next reset; on failure it is destroyed. */
static int keep(gf_whatif *w, gf_edits *list, gf_error *err)
{
    if (w->n_applied == w->cap_applied) {
        int32_t cap = w->cap_applied ? 2 * w->cap_applied : 4;
        gf_edits **p =
            gf_realloc(w->applied, (size_t)w->cap_applied * sizeof *p, (size_t)cap * sizeof *p);
        if (!p) {
            gf_edits_destroy(list);
            return gf_fail(err, GF_ENOMEM, "out of memory");
        }
        w->applied = p;
        w->cap_applied = cap;
    }
    w->applied[w->n_applied++] = list;
    return GF_OK;
}

int gf_whatif_apply(gf_whatif *w, gf_edits *edits, gf_error *err)
{
    bool rebuild = false;
    int rc;

    if (!w || !edits) {
        gf_edits_destroy(edits);
        return gf_fail(err, GF_EINVAL, "gf_whatif_apply: NULL argument");
    }
    gf__plan_settle(&w->pending); /* before the network it borrows changes */
    rc = keep(w, edits, err);
    if (!rc)
        rc = gf_edits_resolve(edits, w->model, err);
    if (!rc && !w->net) /* the figures go into a built network */
        rc = build(w, err);
    if (!rc)
        rc = gf_edits_apply_model(edits, w->model, w->net, &rebuild, err);
    if (!rc && rebuild)
        w->rebuilt = true;
    if (!rc)
        rc = rebuild ? build(w, err) : close_again(w, err);
    return rc;
}

int gf_whatif_reset(gf_whatif *w, gf_error *err)
{
    gf_model *m;
    int rc = GF_OK;

    if (!w)
        return gf_fail(err, GF_EINVAL, "gf_whatif_reset: NULL argument");
    gf__plan_settle(&w->pending);
    m = w->model;
    /* only the figures an edit changed: the setters are plain writes */
    for (int32_t i = 0; !rc && i < gf_model_link_count(m); i++)
        if (gf_model_link(m, i)->cost_cents_per_t != w->link_cost[i])
            rc = gf_model_set_link_cost(m, i, w->link_cost[i], err);
    for (int32_t i = 0; !rc && i < gf_model_node_count(m); i++) {
        const int64_t *f = &w->node_fig[4 * i];
        const gf_node *n = gf_model_node(m, i);
        if (n->handling_cents_per_t != f[0] || n->throughput_t != f[1] || n->storage_t != f[2] ||
            n->storage_cents_per_t != f[3])
            rc = gf_model_set_node_figures(m, i, f[0], f[1], f[2], f[3], err);
    }
    for (int32_t i = 0; !rc && i < gf_model_supply_count(m); i++)
        if (gf_model_supply(m, i)->t != w->supply_t[i])
            rc = gf_model_set_supply_t(m, i, w->supply_t[i], err);
    for (int32_t i = 0; !rc && i < gf_model_demand_count(m); i++) {
        const gf_demand *d = gf_model_demand(m, i);
        if (d->t != w->demand_t[i])
            rc = gf_model_set_demand_t(m, i, w->demand_t[i], err);
        if (!rc && d->has_alt_from && d->alt_fob_cents_per_t != w->alt_fob[i]) /* scale_alt_fob */
            rc = gf_model_set_alt_fob(m, i, w->alt_fob[i], err);
    }
    for (int32_t k = 0; !rc && k < gf_model_hub_option_count(m); k++) /* set_hub */
        if (gf_model_hub_option(m, k)->fixed_cents_per_year != w->hub_fixed[k])
            rc = gf_model_set_hub_fixed(m, k, w->hub_fixed[k], err);
    if (!rc) /* alt_from prices back with the freight and FOB (the network's reset has them) */
        rc = gf_model_refresh_alt(m, err);
    drop_applied(w);
    if (rc || !w->net)
        return rc;
    if (w->rebuilt) { /* its arcs are not the created model's: build afresh */
        w->rebuilt = false;
        return build(w, err);
    }
    rc = gf_network_reset(w->net, err);
    return rc ? rc : gf_edits_apply_network(w->edits, w->net, err);
}

/* Solve warm and extract, in full or lazily (plan.c). */
static gf_plan *solve(gf_whatif *w, bool lazy, gf_error *err)
{
    gf_plan *p;

    if (!w) {
        gf_fail(err, GF_EINVAL, "gf_whatif_solve: NULL argument");
        return NULL;
    }
    gf__plan_settle(&w->pending); /* the solve rewrites the flows it borrows */
    if (!w->net && build(w, err))
        return NULL;
    w->sol.lean = true; /* flows borrowed from the solver, no reduced costs: solution.h */
    gf_network_set_interrupt(w->net, w->interrupt);
    if (gf_network_solve(w->net, &w->sol, err))
        return NULL;
    if (w->sol.status != GF_SOLVE_OPTIMAL) {
        gf_fail(err, GF_EINTERNAL, "the solver stopped without an optimum (%s)",
                gf_solve_status_name(w->sol.status));
        return NULL;
    }
    if (!lazy)
        return gf_plan_extract(w->net, &w->sol, err);
    p = gf__plan_extract_lazy(w->net, &w->sol, err);
    if (p)
        gf__plan_watch(p, &w->pending);
    return p;
}

gf_plan *gf_whatif_solve(gf_whatif *w, gf_error *err)
{
    return solve(w, false, err);
}

gf_plan *gf__whatif_solve_lazy(gf_whatif *w, gf_error *err)
{
    return solve(w, true, err);
}

double gf_whatif_solve_seconds(const gf_whatif *w)
{
    return w ? w->sol.solve_seconds : 0;
}

void gf_whatif_set_interrupt(gf_whatif *w, const volatile sig_atomic_t *flag)
{
    if (w)
        w->interrupt = flag;
}
