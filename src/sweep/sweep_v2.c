/* src/sweep/sweep_v2.c: a sweep run on a version-2 scenario: the hub decision per run.
 *
 * A version-2 model (hub options, departures, several products) is beyond
 * the network simplex, so a run here cannot be a warm re-solve of one
 * network; each run is the site analysis (site.h, gf_site_solve) of a model
 * that holds the run's figures:
 * - the run's figures start from the sweep's model (link cost and subsidy,
 *   handling, supply and demand tonnes, the alternative price or, on a row
 *   with alt_from, the competitors' FOB, each hub option's fixed cost per
 *   year) and take the parameters in spec order, exactly as a version-1
 *   run does (gf__sweep_apply_one: integers, halves away from zero);
 * - a model is then built from the sweep's model row by row through the
 *   public adds (model.h), with the run's figures in place of the model's,
 *   and finished: gf_model_finish checks them as the scenario reader does
 *   (a subsidy above its link's cost fails the run, naming links.csv and the
 *   line) and recomputes every alt_from price from the run's freight, so the
 *   competitors pay the same freight edit. Building a model costs
 *   milliseconds against seconds for the MIP (measured on data/kz-ma-africa,
 *   a two-run hub_fixed sweep with the subsidy off: 0.2-0.35 ms per build
 *   against 2.4-3.2 s per run), and a run never undoes another's edits:
 *   each thread's worker owns its run's model alone. Why not a copy of the
 *   sweep's model (gf__model_copy) with the figures set on it: it would
 *   save at most those 0.3 ms (0.01 % of a run), and the run's figures
 *   would then skip the adds' checks (a subsidy above its link's cost,
 *   named by links.csv and the line), which the setters of model.h do not
 *   all repeat (there is none for a subsidy or a plain alternative price);
 * - the events' closures become edits (close_node, close_link) applied by
 *   gf_plan_v2_apply_edits, the one place that turns a closure into period
 *   overrides of a version-2 model; a hub closed over the whole horizon has
 *   every link at it closed, so it cannot carry flow (gf_site_config has
 *   no forced choice; the site then keeps it closed or opens it idle only
 *   when it costs nothing);
 * - gf_site_solve (or, on a model with no hub facility, gf_plan_v2_solve:
 *   there is no hub to decide), quiet, stops each CBC solve within the spec's gap_pct of
 *   the saving (default 0.1 %, grainflow site's) and screens options by
 *   their LP bounds, as grainflow site does.
 * One CBC solve at a time per process: CBC 2.10's Cbc_solve (CbcMain1
 * underneath) keeps global state and is not safe on two threads at once
 * (coin-or/Cbc issue #332, open; here, with -j 2, one run of the hand
 * case came back "stopped" instead of proven optimal), so src/lp/lp_coin.c
 * holds a process-wide lock around every CBC solve. Each worker builds its
 * run's model, solves the LP bounds (CLP) and reads its results on its own
 * thread: -j N gives the same table as -j 1 with the CBC solves one at a
 * time; mpirun -np K (processes) runs them in parallel, and carries these
 * runs unchanged (cmd_sweep.c).
 * The results (sweep_int.h SW_V2_*): delivered tonnes (three decimals),
 * saving against the alternative suppliers (sum of demand x alternative
 * price, less the total), total, per hub facility whether it opens
 * (hub_open:H, 1 or 0) and the tonnes arriving at it in the best plan
 * (hub_t:H), whether any hub opens, the best candidate's value (the
 * largest without - with; site.h: an LP bound where the site screened it,
 * then the row's best_hub says "ID:at_most"), the subsidy bill, the hubs'
 * fixed costs and the largest gap as a percentage of the saving; then per
 * hub the option opened (empty when closed) and the proof: optimal,
 * within_gap, or time_limit when some solve stopped at the spec's
 * time_limit_s (its figures are the best plans found, never called
 * optimal). Nothing that depends on the machine (seconds, nodes) is in the
 * row, so the table is the same for any -j: runs are independent and CBC
 * is deterministic on one model.
 * SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_int.h"
#include "grainflow/alloc.h"
#include "grainflow/edit.h"
#include "grainflow/lp.h"
#include "grainflow/plan_v2.h"
#include "grainflow/site.h"
#include "lp/lp_int.h" /* gf__lp_halted: the one reader of an interrupt flag */
#include "sweep/sweep_int.h"

/* Held around every gf_site_solve: see "One CBC solve at a time" above. */

struct sw_v2 {
    const gf_sweep *s;
    int32_t nl, nn, ns, nd, no;
    int64_t *link_cost, *subsidy, *handling, *supply_t, *demand_t, *alt, *fixed; /* the run's */
    char **event_edits; /* per event: its closures as a JSON array of edits */
    size_t *event_len;
    char reason[512];
    const volatile sig_atomic_t *cancel; /* gf__sweep_v2_set_cancel's, NULL = never */
};

void gf__sweep_v2_set_cancel(sw_v2 *v, volatile int *cancel)
{
    if (v)
        v->cancel = cancel;
}

/* ---- columns ---- */

int gf__sweep_v2_columns(gf_sweep *s, gf_error *err)
{
    const gf_model *m = s->model;
    int32_t nn = gf_model_node_count(m);
    gf_sweep_result h = {0};
    int rc;

    s->hub_nodes = gf__sweep_alloc(s, (size_t)nn * sizeof(int32_t) + 1);
    if (!s->hub_nodes)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    for (int32_t n = 0; n < nn; n++)
        if (gf_model_is_hub(m, n))
            s->hub_nodes[s->n_hubs++] = n;
    rc = gf__sweep_value_names(s, SW_V2_VALUES(s), err);
    if (rc)
        return rc;
    for (int32_t i = 0; i < s->n_hubs; i++) {
        const char *id = gf_model_node(m, s->hub_nodes[i])->id;
        s->value_names[SW_V_HUBS + i] = gf__sweep_col_name(s, "hub_open", id);
        s->value_names[SW_V_HUBS + s->n_hubs + i] = gf__sweep_col_name(s, "hub_t", id);
    }
    s->value_names[SW_V2_ANY(s)] = "any_hub_open";
    s->value_names[SW_V2_VALUE(s)] = "best_hub_value_usd";
    s->value_names[SW_V2_SUBSIDY(s)] = "subsidy_usd";
    s->value_names[SW_V2_FIXED(s)] = "hub_fixed_usd";
    s->value_names[SW_V2_GAP(s)] = "gap_pct";
    rc = gf__sweep_header_begin(s, &h);
    if (!rc)
        rc = gf__sweep_row_printf(&h, ",best_hub");
    for (int32_t i = 0; !rc && i < s->n_hubs; i++)
        rc = gf__sweep_row_printf(&h, ",option:") ||
             gf__sweep_row_text(&h, gf_model_node(m, s->hub_nodes[i])->id);
    if (!rc)
        rc = gf__sweep_row_printf(&h, ",proof\n");
    return gf__sweep_header_keep(s, &h, rc, err);
}

/* ---- the worker ---- */

void gf__sweep_v2_destroy(sw_v2 *v)
{
    if (!v)
        return;
    gf_release(v->link_cost);
    gf_release(v->subsidy);
    gf_release(v->handling);
    gf_release(v->supply_t);
    gf_release(v->demand_t);
    gf_release(v->alt);
    gf_release(v->fixed);
    for (int32_t e = 0; v->event_edits && e < v->s->n_events; e++)
        if (v->event_edits[e])
            gf_free(v->event_edits[e], v->event_len[e] + 1);
    gf_release(v->event_edits);
    gf_release(v->event_len);
    gf_free(v, sizeof *v);
}

/* 1-based periods of c, or NULL for every period. */
static json_t *periods_json(const sw_close *c)
{
    json_t *a;

    if (!c->n_periods)
        return NULL;
    a = json_array();
    for (int32_t k = 0; a && k < c->n_periods; k++)
        json_array_append_new(a, json_integer(c->periods[k] + 1));
    return a;
}

/* Event e's closures as the JSON array of edits gf_plan_v2_apply_edits takes. */
static int event_text(sw_v2 *v, int32_t e, gf_error *err)
{
    const gf_model *m = v->s->model;
    const sw_event *ev = &v->s->events[e];
    json_t *a = json_array();
    size_t n;

    for (int32_t c = 0; a && c < ev->n_close; c++) {
        const sw_close *cl = &ev->close[c];
        json_t *o = json_object(), *p = periods_json(cl);
        if (cl->is_node) {
            json_object_set_new(o, "op", json_string("close_node"));
            json_object_set_new(o, "node", json_string(gf_model_node(m, cl->ref)->id));
        } else {
            const gf_link *lk = gf_model_link(m, cl->ref);
            json_object_set_new(o, "op", json_string("close_link"));
            json_object_set_new(o, "from", json_string(gf_model_node(m, lk->from)->id));
            json_object_set_new(o, "to", json_string(gf_model_node(m, lk->to)->id));
            json_object_set_new(o, "mode", json_string(gf_mode_name(lk->mode)));
        }
        if (p)
            json_object_set_new(o, "periods", p);
        json_array_append_new(a, o);
    }
    n = a ? json_dumpb(a, NULL, 0, JSON_COMPACT) : 0;
    v->event_edits[e] = n ? gf_malloc(n + 1) : NULL;
    if (v->event_edits[e]) {
        json_dumpb(a, v->event_edits[e], n, JSON_COMPACT);
        v->event_edits[e][n] = '\0';
        v->event_len[e] = n;
    }
    json_decref(a);
    return v->event_edits[e] ? GF_OK : gf_fail(err, GF_ENOMEM, "out of memory");
}

sw_v2 *gf__sweep_v2_create(const gf_sweep *s, gf_error *err)
{
    const gf_model *m = s->model;
    sw_v2 *v = gf_calloc(1, sizeof *v);
    int rc = GF_OK;

    if (!v) {
        gf_fail(err, GF_ENOMEM, "out of memory");
        return NULL;
    }
    v->s = s;
    v->nl = gf_model_link_count(m);
    v->nn = gf_model_node_count(m);
    v->ns = gf_model_supply_count(m);
    v->nd = gf_model_demand_count(m);
    v->no = gf_model_hub_option_count(m);
    v->link_cost = gf__sweep_block((size_t)v->nl, sizeof(int64_t));
    v->subsidy = gf__sweep_block((size_t)v->nl, sizeof(int64_t));
    v->handling = gf__sweep_block((size_t)v->nn, sizeof(int64_t));
    v->supply_t = gf__sweep_block((size_t)v->ns, sizeof(int64_t));
    v->demand_t = gf__sweep_block((size_t)v->nd, sizeof(int64_t));
    v->alt = gf__sweep_block((size_t)v->nd, sizeof(int64_t));
    v->fixed = gf__sweep_block((size_t)v->no, sizeof(int64_t));
    v->event_edits = gf__sweep_block((size_t)s->n_events, sizeof(char *));
    v->event_len = gf__sweep_block((size_t)s->n_events, sizeof(size_t));
    if (!v->link_cost || !v->subsidy || !v->handling || !v->supply_t || !v->demand_t || !v->alt ||
        !v->fixed || !v->event_edits || !v->event_len)
        rc = gf_fail(err, GF_ENOMEM, "out of memory");
    for (int32_t e = 0; !rc && e < s->n_events; e++)
        rc = event_text(v, e, err);
    if (rc) {
        gf__sweep_v2_destroy(v);
        return NULL;
    }
    return v;
}

/* The sweep model's figures. */
static void start_figures(sw_v2 *v)
{
    const gf_model *m = v->s->model;

    for (int32_t l = 0; l < v->nl; l++) {
        v->link_cost[l] = gf_model_link(m, l)->cost_cents_per_t;
        v->subsidy[l] = gf_model_link(m, l)->subsidy_cents_per_t;
    }
    for (int32_t n = 0; n < v->nn; n++)
        v->handling[n] = gf_model_node(m, n)->handling_cents_per_t;
    for (int32_t r = 0; r < v->ns; r++)
        v->supply_t[r] = gf_model_supply(m, r)->t;
    for (int32_t r = 0; r < v->nd; r++) {
        const gf_demand *d = gf_model_demand(m, r);
        v->demand_t[r] = d->t;
        v->alt[r] = d->has_alt_from ? d->alt_fob_cents_per_t : d->alt_cents_per_t;
    }
    for (int32_t o = 0; o < v->no; o++)
        v->fixed[o] = gf_model_hub_option(m, o)->fixed_cents_per_year;
}

static const char *const what_label[] = {"the cost of a link",    "a supply row's tonnes",
                                         "a demand row's tonnes", "an alternative price (or FOB)",
                                         "a handling fee",        "a hub option's fixed cost",
                                         "a link's subsidy"};

/* Parameter p (value x) on the run's figures; false with v->reason. */
static bool apply_param(sw_v2 *v, const sw_param *p, double x)
{
    for (int32_t i = 0; i < p->n_targets; i++) {
        int32_t t = p->targets[i];
        int64_t *fig = p->what == SW_LINK_COST   ? &v->link_cost[t]
                       : p->what == SW_SUBSIDY   ? &v->subsidy[t]
                       : p->what == SW_SUPPLY    ? &v->supply_t[t]
                       : p->what == SW_DEMAND    ? &v->demand_t[t]
                       : p->what == SW_ALT_PRICE ? &v->alt[t]
                       : p->what == SW_HANDLING  ? &v->handling[t]
                                                 : &v->fixed[t];
        if (!gf__sweep_apply_one(p, x, fig)) {
            snprintf(v->reason, sizeof v->reason, "%s %s %g leaves %s out of 0..2^50", p->name,
                     p->set   ? "="
                     : p->add ? "+"
                              : "x",
                     x, what_label[p->what]);
            return false;
        }
    }
    return true;
}

static int copy_products(gf_model *c, const gf_model *m, gf_error *err)
{
    int rc = gf_model_set_product(c, gf_model_product(m), err);

    for (int32_t p = 0; !rc && p < gf_model_product_count(m); p++)
        if (gf_model_product_id(m, p)[0])
            rc = gf_model_add_product(c, gf_model_product_id(m, p), gf_model_product_name(m, p),
                                      NULL, err);
    return rc;
}

/* A row the run's figures make invalid: say which file and line it is. */
static int at_row(int rc, gf_error *err, const char *file, long line)
{
    if (rc && err && !err->input[0] && !err->line)
        gf_error_at(err, file, line, 0);
    return rc;
}

static int copy_rows(sw_v2 *v, gf_model *c, const gf_model *m, gf_error *err)
{
    int rc = GF_OK;

    for (int32_t n = 0; !rc && n < v->nn; n++) {
        gf_node x = *gf_model_node(m, n);
        x.handling_cents_per_t = v->handling[n];
        rc = at_row(gf_model_add_node(c, &x, NULL, err), err, "nodes.csv", x.line);
    }
    for (int32_t l = 0; !rc && l < v->nl; l++) {
        gf_link x = *gf_model_link(m, l);
        x.cost_cents_per_t = v->link_cost[l];
        x.subsidy_cents_per_t = v->subsidy[l];
        rc = at_row(gf_model_add_link(c, &x, false, err), err, "links.csv", x.line);
    }
    for (int32_t r = 0; !rc && r < v->ns; r++) {
        gf_supply x = *gf_model_supply(m, r);
        x.t = v->supply_t[r];
        rc = at_row(gf_model_add_supply(c, &x, err), err, "supply.csv", x.line);
    }
    for (int32_t r = 0; !rc && r < v->nd; r++) {
        gf_demand x = *gf_model_demand(m, r);
        x.t = v->demand_t[r];
        if (x.has_alt_from)
            x.alt_fob_cents_per_t = v->alt[r];
        else
            x.alt_cents_per_t = v->alt[r];
        rc = at_row(gf_model_add_demand(c, &x, err), err, "demand.csv", x.line);
    }
    return rc;
}

static int copy_v2(sw_v2 *v, gf_model *c, const gf_model *m, gf_error *err)
{
    int rc = GF_OK;

    for (int32_t i = 0; !rc && i < gf_model_conversion_count(m); i++)
        rc = gf_model_add_conversion(c, gf_model_conversion(m, i), err);
    for (int32_t o = 0; !rc && o < v->no; o++) {
        gf_hub_option x = *gf_model_hub_option(m, o);
        x.fixed_cents_per_year = v->fixed[o];
        rc = at_row(gf_model_add_hub_option(c, &x, err), err, "hubs.csv", x.line);
    }
    if (!rc)
        rc = gf_model_set_hub_bounds(c, gf_model_min_hubs(m), gf_model_max_hubs(m), err);
    for (int32_t i = 0; !rc && i < gf_model_link_period_count(m); i++)
        rc = gf_model_add_link_period(c, gf_model_link_period(m, i), err);
    for (int32_t i = 0; !rc && i < gf_model_node_period_count(m); i++)
        rc = gf_model_add_node_period(c, gf_model_node_period(m, i), err);
    return rc;
}

/* The sweep's model with the run's figures, finished; NULL with *e. */
static gf_model *build_model(sw_v2 *v, gf_error *e)
{
    const gf_model *m = v->s->model;
    gf_model *c = gf_model_create(e);
    int rc = c ? GF_OK : GF_ENOMEM;

    if (!rc)
        rc = gf_model_set_name(c, gf_model_name(m), e);
    if (!rc)
        rc = gf_model_set_horizon(c, gf_model_periods(m), gf_model_period_days(m),
                                  gf_model_horizon(m), e);
    if (!rc)
        rc = gf_model_set_start_month(c, gf_model_start_month(m), e);
    if (!rc)
        rc = copy_products(c, m, e);
    if (!rc)
        rc = copy_rows(v, c, m, e);
    if (!rc)
        rc = copy_v2(v, c, m, e);
    if (!rc)
        rc = gf_model_finish(c, e);
    if (rc) {
        gf_model_destroy(c);
        return NULL;
    }
    return c;
}

/* The closures of the events on, into c (period overrides). */
static int close_events(sw_v2 *v, gf_model *c, const bool *events, gf_error *e)
{
    gf_edits *list = NULL;
    int32_t *force = NULL, nn = gf_model_node_count(c);
    bool any = false;
    int rc = GF_OK;

    for (int32_t k = 0; k < v->s->n_events; k++)
        any = any || events[k];
    if (!any)
        return GF_OK;
    list = gf_edits_create(e);
    force = gf_malloc(((size_t)nn + 1) * sizeof *force);
    if (!list || !force)
        rc = gf_fail(e, GF_ENOMEM, "out of memory");
    for (int32_t n = 0; !rc && n < nn; n++)
        force[n] = GF_LP_HUB_FREE;
    for (int32_t k = 0; !rc && k < v->s->n_events; k++)
        if (events[k])
            rc = gf_edits_parse_json(list, v->event_edits[k], v->event_len[k], e);
    if (!rc)
        rc = gf_plan_v2_apply_edits(c, list, force, e);
    gf_free(force, ((size_t)nn + 1) * sizeof *force);
    gf_edits_destroy(list);
    return rc;
}

/* run,status,reason, then the inputs. */
static int write_inputs(const gf_sweep *s, gf_sweep_result *res, const double *values,
                        const bool *events, const char *reason)
{
    int rc = gf__sweep_row_printf(res, "%lld,%s,", (long long)res->run, reason ? "failed" : "ok");

    if (!rc && reason)
        rc = gf__sweep_row_text(res, reason);
    for (int32_t i = 0; !rc && i < s->n_params; i++)
        rc = gf__sweep_row_printf(res, s->params[i].add || s->params[i].set ? ",%.2f" : ",%.6f",
                                  values[i]);
    for (int32_t e = 0; !rc && e < s->n_events; e++)
        rc = gf__sweep_row_printf(res, ",%d", events[e] ? 1 : 0);
    return rc;
}

static int64_t alt_all_cents(const gf_model *c)
{
    int64_t a = 0;

    for (int32_t r = 0; r < gf_model_demand_count(c); r++)
        a += gf_model_demand(c, r)->t * gf_model_demand(c, r)->alt_cents_per_t;
    return a;
}

static int64_t throughput_mt(const gf_site_candidate *h)
{
    int64_t t = 0;

    for (int32_t p = 0; p < h->n_products; p++)
        t += h->throughput_mt[p];
    return t;
}

static int row_mt(gf_sweep_result *res, int64_t mt)
{
    return gf__sweep_row_printf(res, ",%lld.%03lld", (long long)(mt / 1000),
                                (long long)(mt % 1000));
}

/* The best candidate (largest value; ties: the first), or NULL. */
static const gf_site_candidate *best_candidate(const gf_site_result *r)
{
    const gf_site_candidate *b = NULL;

    for (int32_t h = 0; h < r->n_hubs; h++) {
        const gf_site_candidate *c = &r->hubs[h];
        if (c->has_with && c->has_without && (!b || c->value_cents > b->value_cents))
            b = c;
    }
    return b;
}

static int write_hubs(const gf_sweep *s, const gf_site_result *r, gf_sweep_result *res)
{
    double *val = res->values;
    bool any = false;
    int rc = GF_OK;

    for (int32_t i = 0; i < s->n_hubs; i++) {
        const gf_site_candidate *h = gf_site_find(r, s->hub_nodes[i]);
        bool open = h && h->chosen_option >= 0;
        val[SW_V_HUBS + i] = open;
        any = any || open;
        rc = rc || gf__sweep_row_printf(res, ",%d", open ? 1 : 0);
    }
    for (int32_t i = 0; i < s->n_hubs; i++) {
        const gf_site_candidate *h = gf_site_find(r, s->hub_nodes[i]);
        int64_t mt = h && h->chosen_option >= 0 ? throughput_mt(h) : 0;
        val[SW_V_HUBS + s->n_hubs + i] = (double)mt / 1000;
        rc = rc || row_mt(res, mt);
    }
    val[SW_V2_ANY(s)] = any;
    return rc || gf__sweep_row_printf(res, ",%d", any ? 1 : 0);
}

static int write_tail(const gf_sweep *s, const gf_model *c, const gf_site_result *r,
                      const gf_site_candidate *b, gf_sweep_result *res)
{
    int rc = gf__sweep_row_printf(res, ",");

    if (!rc && b)
        rc = gf__sweep_row_text(res, gf_model_node(c, b->node)->id) ||
             (b->value_bound ? gf__sweep_row_printf(res, ":at_most") : GF_OK);
    for (int32_t i = 0; !rc && i < s->n_hubs; i++) {
        const gf_site_candidate *h = gf_site_find(r, s->hub_nodes[i]);
        rc = gf__sweep_row_printf(res, ",");
        if (!rc && h && h->chosen_option >= 0)
            rc = gf__sweep_row_text(res, gf_model_hub_option(c, h->chosen_option)->option);
    }
    return rc ? rc
              : gf__sweep_row_printf(res, ",%s",
                                     r->proven       ? "optimal"
                                     : r->within_gap ? "within_gap"
                                     : r->stopped    ? "time_limit"
                                                     : "not_proven");
}

/* The site's answer into the row and res->values. */
static int write_results(const gf_sweep *s, const gf_model *c, const gf_site_result *r,
                         gf_sweep_result *res)
{
    double *val = res->values;
    int64_t saving = alt_all_cents(c) - r->total_cents;
    const gf_site_candidate *b = best_candidate(r);
    double gap = r->proven || saving <= 0 ? 0 : 100 * r->max_gap_cents / (double)saving;
    int rc;

    res->saving_usd = val[SW_V_SAVING] = (double)saving / 100;
    val[SW_V_DELIVERED] = (double)r->delivered_mt / 1000;
    val[SW_V_TOTAL] = (double)r->total_cents / 100;
    val[SW_V2_VALUE(s)] = b ? (double)b->value_cents / 100 : NAN;
    val[SW_V2_SUBSIDY(s)] = (double)r->subsidy_cents / 100;
    val[SW_V2_FIXED(s)] = (double)r->fixed_cents / 100;
    val[SW_V2_GAP(s)] = gap;
    rc = row_mt(res, r->delivered_mt) || gf__sweep_row_printf(res, ",") ||
         gf__sweep_row_cents(res, saving) || gf__sweep_row_printf(res, ",") ||
         gf__sweep_row_cents(res, r->total_cents);
    if (!rc)
        rc = write_hubs(s, r, res);
    if (!rc)
        rc = b ? gf__sweep_row_printf(res, ",") || gf__sweep_row_cents(res, b->value_cents)
               : gf__sweep_row_printf(res, ",");
    if (!rc)
        rc = gf__sweep_row_printf(res, ",") || gf__sweep_row_cents(res, r->subsidy_cents) ||
             gf__sweep_row_printf(res, ",") || gf__sweep_row_cents(res, r->fixed_cents) ||
             gf__sweep_row_printf(res, ",%.4f", gap);
    return rc ? rc : write_tail(s, c, r, b, res);
}

/* A model with no hub facility (several products, departures) has no
 * hub decision: its plan (gf_plan_v2_solve, with the same gap and time
 * limit) gives the run's figures, in the site result's fields. */
static int plan_only(const sw_v2 *v, const gf_model *c, gf_site_result *r, gf_error *e)
{
    const gf_sweep *s = v->s;
    gf_lp_options o;
    gf_plan_v2 *p;

    gf_lp_options_init(&o);
    o.interrupt = v->cancel;
    o.gap_share = s->gap_share;
    o.time_limit_s = s->time_limit_s;
    p = gf_plan_v2_solve(c, &o, e);
    if (!p)
        return e->code ? e->code : GF_ENOMEM;
    if (p->lp.status == GF_LP_INTERRUPTED) { /* CBC's incumbent, no figure for the table */
        gf_plan_v2_destroy(p);
        return gf_fail(e, GF_ESTATE, "the solve was interrupted before it finished");
    }
    memset(r, 0, sizeof *r);
    r->total_cents = p->lp.cost.total;
    r->subsidy_cents = p->subsidy_cents;
    for (int32_t i = 0; i < p->n_products; i++)
        r->delivered_mt += p->products[i].delivered_mt;
    r->proven = p->lp.status == GF_LP_OPTIMAL;
    r->within_gap = r->proven || p->lp.status == GF_LP_WITHIN_GAP;
    r->stopped = p->lp.status == GF_LP_TIME_LIMIT || p->lp.status == GF_LP_INTERRUPTED;
    r->max_gap_cents = r->proven ? 0 : p->lp.gap_cents;
    gf_plan_v2_destroy(p);
    return GF_OK;
}

/* Apply, build, close, decide; *ok false with v->reason when the run fails. */
static int solve_run(sw_v2 *v, const double *values, const bool *events, gf_sweep_result *res,
                     bool *ok, gf_error *err)
{
    const gf_sweep *s = v->s;
    gf_site_config cfg = {0};
    gf_site_result r = {0};
    gf_error e = {0};
    gf_model *c = NULL;
    int rc = GF_OK;

    *ok = true;
    start_figures(v);
    for (int32_t i = 0; *ok && i < s->n_params; i++)
        *ok = apply_param(v, &s->params[i], values[i]);
    if (!*ok)
        return GF_OK;
    c = build_model(v, &e);
    if (c)
        rc = close_events(v, c, events, &e);
    cfg.gap_share = s->gap_share;
    cfg.time_limit_s = s->time_limit_s;
    cfg.interrupt = v->cancel;
    if (c && !rc)
        rc = gf_model_hub_count(c) ? gf_site_solve(c, &cfg, &r, &e) : plan_only(v, c, &r, &e);
    if (!c)
        rc = e.code ? e.code : GF_ENOMEM;
    if (gf__lp_halted(v->cancel)) {
        /* a stopped run is no row, not even a failed one: the sweep ends */
        rc = gf_fail(err, GF_ESTATE, "the sweep was cancelled");
    } else if (rc == GF_ENOMEM || rc == GF_EINTERNAL) {
        gf_fail(err, rc, "%s", e.msg);
    } else if (rc) {
        if (e.input[0] || e.line)
            snprintf(v->reason, sizeof v->reason, "%s:%ld: %s", e.input[0] ? e.input : "model",
                     e.line, e.msg);
        else
            snprintf(v->reason, sizeof v->reason, "%s", e.msg);
        *ok = false;
        rc = GF_OK;
    } else {
        rc = write_inputs(s, res, values, events, NULL);
        if (!rc)
            rc = write_results(s, c, &r, res);
    }
    gf_site_result_fini(&r);
    gf_model_destroy(c);
    return rc;
}

int gf__sweep_v2_run(sw_v2 *v, int64_t run, const double *values, const bool *events,
                     gf_sweep_result *res, gf_error *err)
{
    const gf_sweep *s = v->s;
    bool ok = false;
    int rc = gf_sweep_result_init(s, res, err);

    if (rc)
        return rc;
    res->run = run;
    res->row_len = 0;
    res->saving_usd = NAN;
    rc = solve_run(v, values, events, res, &ok, err);
    if (!rc && !ok) {
        res->row_len = 0;
        rc = write_inputs(s, res, values, events, v->reason);
        for (int32_t k = 0; !rc && k < s->n_values + 2 + s->n_hubs; k++)
            rc = gf__sweep_row_printf(res, ",");
    }
    if (!rc)
        rc = gf__sweep_row_printf(res, "\n");
    res->ok = ok && !rc;
    if (rc > 0 && !(err && err->code))
        rc = gf_fail(err, GF_ENOMEM, "out of memory");
    return rc;
}
