/* src/export/export_json.c: the plan, the comparison and the GeoJSON as JSON.
 *
 * Written through the streaming writer (jsonw.h) straight to the caller's
 * FILE * or to a text in memory: no document tree, so a plan with a million
 * market rows costs no more memory than its own arrays. Money is printed
 * exactly from integer cents (5764602027583731.75, never 5.76460202758373e15),
 * tonnes as integers, periods 1-based; averages, CO2, days and coordinates are
 * doubles with 15 significant digits, as before. Keys keep the order below.
 * Two landed costs, named apart: landed_marginal_usd_per_t (markets[]: the
 * dual, what one more tonne needed there would cost) and
 * landed_avg_usd_per_t (market_summary[], compare: the average cost of the
 * tonnes delivered, from the routes). The pieces both plan versions write
 * alike (a link's from/to/mode, a value or null, the end of a document in a
 * file, the GeoJSON features) are here once, for export_v2.c too
 * (export_int.h).
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "core/core_int.h"
#include "export/export_int.h"
#include "export/sea_lanes.h"
#include "grainflow/alloc.h"
#include "grainflow/export.h"
#include "grainflow/jsonw.h"

static const char *node_id(const gf_model *m, int32_t n)
{
    return gf_model_node(m, n)->id;
}

void gf__json_link_ends(gf_jsonw *w, const gf_model *m, const gf_link *l)
{
    gf_jsonw_kstring(w, "from", node_id(m, l->from));
    gf_jsonw_kstring(w, "to", node_id(m, l->to));
    gf_jsonw_kstring(w, "mode", gf_mode_name(l->mode));
}

/* "vessel_class": the link's class, or null when it names none. */
static void vessel_class(gf_jsonw *w, const gf_link *l)
{
    if (l->vessel_class[0])
        gf_jsonw_kstring(w, "vessel_class", l->vessel_class);
    else {
        gf_jsonw_key(w, "vessel_class");
        gf_jsonw_null(w);
    }
}

static void flows_json(gf_jsonw *w, const gf_plan *p)
{
    gf_jsonw_array(w);
    for (int32_t i = 0; !w->rc && i < p->n_flows; i++) {
        const gf_link *l = gf_model_link(p->model, p->flows[i].link);
        gf_jsonw_object(w);
        gf__json_link_ends(w, p->model, l);
        vessel_class(w, l);
        gf_jsonw_kint(w, "period", p->flows[i].period + 1);
        gf_jsonw_kint(w, "arrival_period",
                      gf_model_arrival(p->model, p->flows[i].link, p->flows[i].period) + 1);
        gf_jsonw_kint(w, "t", p->flows[i].t);
        gf_jsonw_end(w);
    }
    gf_jsonw_end(w);
}

static void stocks_json(gf_jsonw *w, const gf_plan *p)
{
    gf_jsonw_array(w);
    for (int32_t i = 0; !w->rc && i < p->n_stocks; i++) {
        gf_jsonw_object(w);
        gf_jsonw_kstring(w, "node", node_id(p->model, p->stocks[i].node));
        gf_jsonw_kint(w, "period", p->stocks[i].period + 1);
        gf_jsonw_kint(w, "t", p->stocks[i].t);
        gf_jsonw_end(w);
    }
    gf_jsonw_end(w);
}

static void markets_json(gf_jsonw *w, const gf_plan *p)
{
    gf_jsonw_array(w);
    for (int32_t i = 0; !w->rc && i < p->n_markets; i++) {
        const gf_plan_market *mk = &p->markets[i];
        gf_jsonw_object(w);
        gf_jsonw_kstring(w, "node", node_id(p->model, mk->node));
        gf_jsonw_kint(w, "period", mk->period + 1);
        gf_jsonw_kint(w, "demand_t", mk->demand_t);
        gf_jsonw_kint(w, "delivered_t", mk->delivered_t);
        gf_jsonw_kint(w, "unmet_t", mk->unmet_t);
        gf_jsonw_kcents(w, "landed_marginal_usd_per_t", mk->landed_cents_per_t);
        gf_jsonw_kcents(w, "alt_price_usd_per_t", mk->alt_cents_per_t);
        gf_jsonw_end(w);
    }
    gf_jsonw_end(w);
}

/* The chain of node ids of a route: its origin, then each link's end. */
static void route_nodes(gf_jsonw *w, const gf_plan *p, const gf_plan_route *r)
{
    gf_jsonw_array(w);
    gf_jsonw_string(w, node_id(p->model, gf_model_supply(p->model, r->supply)->node));
    for (int32_t k = 0; k < r->n_legs; k++)
        if (r->legs[k].kind == GF_LEG_LINK)
            gf_jsonw_string(w, node_id(p->model, gf_model_link(p->model, r->legs[k].ref)->to));
    gf_jsonw_end(w);
}

void gf__json_real_or_null(gf_jsonw *w, const char *k, bool has, double v)
{
    gf_jsonw_key(w, k);
    if (has)
        gf_jsonw_real(w, v);
    else
        gf_jsonw_null(w);
}

static void summary_json(gf_jsonw *w, const gf_plan *p)
{
    gf_jsonw_array(w);
    for (int32_t i = 0; !w->rc && i < p->n_market_sums; i++) {
        const gf_plan_market_sum *s = &p->market_sums[i];
        gf_market_figures f;
        gf_plan_market_figures(s, &f);
        gf_jsonw_object(w);
        gf_jsonw_kstring(w, "node", node_id(p->model, s->node));
        gf_jsonw_kint(w, "demand_t", s->demand_t);
        gf_jsonw_kint(w, "delivered_t", s->delivered_t);
        gf_jsonw_kint(w, "unmet_t", s->unmet_t);
        gf__json_real_or_null(w, "landed_avg_usd_per_t", f.has_landed, f.landed_usd);
        gf_jsonw_kreal(w, "alt_price_usd_per_t", f.alt_usd);
        gf__json_real_or_null(w, "saving_usd_per_t", f.has_landed, f.saving_usd);
        gf_jsonw_kreal(w, "co2_t", s->co2_kg / 1000.0);
        gf_jsonw_key(w, "main_route");
        if (s->main_route >= 0)
            route_nodes(w, p, &p->routes[s->main_route]);
        else
            gf_jsonw_null(w);
        gf_jsonw_end(w);
    }
    gf_jsonw_end(w);
}

static const char *bottleneck_kind(gf_bottleneck_kind k)
{
    return k == GF_BOTTLENECK_LINK         ? "link"
           : k == GF_BOTTLENECK_THROUGHPUT ? "throughput"
                                           : "storage";
}

static void bottlenecks_json(gf_jsonw *w, const gf_plan *p)
{
    gf_jsonw_array(w);
    for (int32_t i = 0; !w->rc && i < p->n_bottlenecks; i++) {
        const gf_plan_bottleneck *b = &p->bottlenecks[i];
        int32_t from = b->ref, to = b->ref;
        gf_jsonw_object(w);
        if (b->kind == GF_BOTTLENECK_LINK) {
            from = gf_model_link(p->model, b->ref)->from;
            to = gf_model_link(p->model, b->ref)->to;
            gf_jsonw_kstring(w, "mode", gf_mode_name(gf_model_link(p->model, b->ref)->mode));
        }
        gf_jsonw_kstring(w, "kind", bottleneck_kind(b->kind));
        gf_jsonw_kstring(w, "from", node_id(p->model, from));
        gf_jsonw_kstring(w, "to", node_id(p->model, to));
        gf_jsonw_kint(w, "period", b->period + 1);
        gf_jsonw_kint(w, "used_t", b->used_t);
        gf_jsonw_kint(w, "capacity_t", b->capacity_t);
        gf_jsonw_kcents(w, "shadow_usd_per_t", b->shadow_cents_per_t);
        gf_jsonw_end(w);
    }
    gf_jsonw_end(w);
}

static void supply_limits_json(gf_jsonw *w, const gf_plan *p)
{
    gf_jsonw_array(w);
    for (int32_t i = 0; !w->rc && i < p->n_supply_limits; i++) {
        const gf_plan_supply_limit *l = &p->supply_limits[i];
        const gf_supply *s = gf_model_supply(p->model, l->supply);
        gf_jsonw_object(w);
        gf_jsonw_kstring(w, "node", node_id(p->model, s->node));
        gf_jsonw_kint(w, "period", s->period + 1);
        gf_jsonw_kint(w, "offered_t", s->t);
        gf_jsonw_kint(w, "bought_t", l->bought_t);
        gf_jsonw_kcents(w, "price_usd_per_t", s->price_cents_per_t);
        gf_jsonw_kcents(w, "shadow_usd_per_t", l->shadow_cents_per_t);
        gf_jsonw_end(w);
    }
    gf_jsonw_end(w);
}

static void legs_json(gf_jsonw *w, const gf_plan *p, const gf_plan_route *r)
{
    gf_jsonw_array(w);
    for (int32_t k = 0; k < r->n_legs; k++) {
        const gf_route_leg *g = &r->legs[k];
        gf_jsonw_object(w);
        if (g->kind == GF_LEG_LINK) {
            const gf_link *l = gf_model_link(p->model, g->ref);
            gf_jsonw_kstring(w, "kind", "link");
            gf__json_link_ends(w, p->model, l);
            vessel_class(w, l);
        } else {
            gf_jsonw_kstring(w, "kind", "storage");
            gf_jsonw_kstring(w, "from", node_id(p->model, g->ref));
            gf_jsonw_kstring(w, "to", node_id(p->model, g->ref));
        }
        gf_jsonw_kint(w, "period", g->period + 1);
        gf_jsonw_kcents(w, "usd_per_t", g->cents_per_t);
        gf_jsonw_end(w);
    }
    gf_jsonw_end(w);
}

static void routes_json(gf_jsonw *w, const gf_plan *p)
{
    gf_jsonw_array(w);
    for (int32_t i = 0; !w->rc && i < p->n_routes; i++) {
        const gf_plan_route *r = &p->routes[i];
        const gf_supply *s = gf_model_supply(p->model, r->supply);
        const gf_demand *d = gf_model_demand(p->model, r->demand);
        gf_jsonw_object(w);
        gf_jsonw_kstring(w, "market", node_id(p->model, d->node));
        gf_jsonw_kstring(w, "origin", node_id(p->model, s->node));
        gf_jsonw_kint(w, "supply_period", s->period + 1);
        gf_jsonw_kint(w, "delivery_period", d->period + 1);
        gf_jsonw_kint(w, "t", r->t);
        gf_jsonw_kcents(w, "purchase_usd_per_t", s->price_cents_per_t);
        gf_jsonw_kcents(w, "usd_per_t", r->cents_per_t);
        gf_jsonw_kreal(w, "days", r->days);
        gf_jsonw_kreal(w, "kg_co2_per_t", r->kg_co2_per_t);
        gf_jsonw_key(w, "nodes");
        route_nodes(w, p, r);
        gf_jsonw_key(w, "legs");
        legs_json(w, p, r);
        gf_jsonw_end(w);
    }
    gf_jsonw_end(w);
}

static void hubs_json(gf_jsonw *w, const gf_plan *p)
{
    gf_jsonw_array(w);
    for (int32_t i = 0; !w->rc && i < p->n_hubs; i++) {
        const gf_plan_hub *h = &p->hubs[i];
        gf_jsonw_object(w);
        gf_jsonw_kstring(w, "node", node_id(p->model, h->node));
        gf_jsonw_kstring(w, "kind", gf_node_kind_name(gf_model_node(p->model, h->node)->kind));
        gf_jsonw_kint(w, "throughput_t", h->throughput_t);
        gf_jsonw_kint(w, "received_own_t", h->received_own_t);
        gf_jsonw_kint(w, "transshipped_t", h->transshipped_t);
        gf_jsonw_kint(w, "shipped_t", h->shipped_t);
        gf_jsonw_kint(w, "peak_stock_t", h->peak_stock_t);
        gf_jsonw_key(w, "peak_period");
        if (h->peak_period >= 0)
            gf_jsonw_int(w, h->peak_period + 1);
        else
            gf_jsonw_null(w);
        gf_jsonw_end(w);
    }
    gf_jsonw_end(w);
}

/* One per origin: offered, sold, netback, the next tonne's margin at its
 * best market and period (< 0: the gap to selling) and the first leg there. */
static void origins_json(gf_jsonw *w, const gf_plan *p)
{
    gf_jsonw_array(w);
    for (int32_t i = 0; !w->rc && i < p->n_origins; i++) {
        const gf_plan_origin *g = &p->origins[i];
        const gf_link *l = g->first_link >= 0 ? gf_model_link(p->model, g->first_link) : NULL;
        bool reach = g->best_market >= 0;
        gf_jsonw_object(w);
        gf_jsonw_kstring(w, "node", node_id(p->model, g->node));
        gf_jsonw_kint(w, "offered_t", g->offered_t);
        gf_jsonw_kint(w, "sold_t", g->sold_t);
        gf_jsonw_kcents(w, "price_usd_per_t", g->price_cents_per_t);
        gf_jsonw_key(w, "netback_usd_per_t");
        if (g->sold_t > 0)
            gf_jsonw_cents(w, g->netback_cents_per_t);
        else
            gf_jsonw_null(w);
        gf_jsonw_key(w, "margin_usd_per_t");
        if (reach)
            gf_jsonw_cents(w, g->margin_cents_per_t);
        else
            gf_jsonw_null(w);
        gf_jsonw_key(w, "best_market");
        if (reach)
            gf_jsonw_string(w, node_id(p->model, g->best_market));
        else
            gf_jsonw_null(w);
        gf_jsonw_key(w, "best_period");
        if (reach)
            gf_jsonw_int(w, g->best_period + 1);
        else
            gf_jsonw_null(w);
        gf_jsonw_key(w, "best_supply_period");
        if (reach)
            gf_jsonw_int(w, g->best_supply_period + 1);
        else
            gf_jsonw_null(w);
        gf_jsonw_key(w, "first_link");
        if (l) {
            gf_jsonw_object(w);
            gf__json_link_ends(w, p->model, l);
            gf_jsonw_end(w);
        } else {
            gf_jsonw_null(w);
        }
        gf_jsonw_key(w, "first_link_usd_per_t");
        if (l)
            gf_jsonw_cents(w, g->first_link_cents_per_t);
        else
            gf_jsonw_null(w);
        gf_jsonw_end(w);
    }
    gf_jsonw_end(w);
}

static void cost_json(gf_jsonw *w, const gf_plan_costs *c)
{
    gf_jsonw_object(w);
    gf_jsonw_kcents(w, "procurement_usd", c->procurement);
    gf_jsonw_kcents(w, "transport_usd", c->transport);
    gf_jsonw_kcents(w, "handling_usd", c->handling);
    gf_jsonw_kcents(w, "storage_usd", c->storage);
    gf_jsonw_kcents(w, "unmet_usd", c->unmet);
    gf_jsonw_end(w);
}

static void network_json(gf_jsonw *w, const gf_plan *p)
{
    gf_jsonw_object(w);
    gf_jsonw_kint(w, "nodes", p->net_nodes);
    gf_jsonw_kint(w, "arcs", p->net_arcs);
    gf_jsonw_kint(w, "pivots", p->pivots);
    gf_jsonw_kreal(w, "solve_seconds", p->solve_seconds);
    gf_jsonw_key(w, "warm_start");
    gf_jsonw_bool(w, p->warm);
    gf_jsonw_end(w);
}

/* The plan's object; full adds the per-row arrays (flows ... routes). */
static void plan_json(gf_jsonw *w, const gf_plan *p, bool full)
{
    const gf_model *m = p->model;

    gf_jsonw_object(w);
    gf_jsonw_kstring(w, "status", "optimal");
    gf_jsonw_kstring(w, "scenario", gf_model_name(m));
    gf_jsonw_kint(w, "periods", gf_model_periods(m));
    gf_jsonw_kreal(w, "period_days", gf_model_period_days(m));
    gf_jsonw_kstring(w, "horizon", gf_model_horizon(m) == GF_HORIZON_OPEN ? "open" : "cyclic");
    gf_jsonw_kint(w, "start_month", gf_model_start_month(m));
    gf_jsonw_key(w, "network");
    network_json(w, p);
    gf_jsonw_kcents(w, "total_cost_usd", p->cost.total);
    gf_jsonw_key(w, "cost");
    cost_json(w, &p->cost);
    gf_jsonw_kint(w, "demand_t", p->demand_t);
    gf_jsonw_kint(w, "delivered_t", p->delivered_t);
    gf_jsonw_kint(w, "unmet_t", p->unmet_t);
    gf_jsonw_kint(w, "bought_t", p->bought_t);
    gf_jsonw_kreal(w, "co2_t", p->co2_t);
    gf_jsonw_kcents(w, "saving_usd", p->saving_cents);
    gf_jsonw_key(w, "saving_usd_per_t");
    if (p->delivered_t)
        gf_jsonw_real(w, (double)p->saving_cents / 100.0 / (double)p->delivered_t);
    else
        gf_jsonw_null(w);
    gf_jsonw_key(w, "landed_avg_usd_per_t");
    if (p->delivered_t)
        gf_jsonw_cents(w, p->landed_avg_cents);
    else
        gf_jsonw_null(w);
    gf_jsonw_key(w, "origins");
    origins_json(w, p);
    gf_jsonw_key(w, "market_summary");
    summary_json(w, p);
    gf_jsonw_key(w, "hubs");
    hubs_json(w, p);
    if (full) {
        gf_jsonw_key(w, "flows");
        flows_json(w, p);
        gf_jsonw_key(w, "stocks");
        stocks_json(w, p);
        gf_jsonw_key(w, "markets");
        markets_json(w, p);
        gf_jsonw_key(w, "bottlenecks");
        bottlenecks_json(w, p);
        gf_jsonw_key(w, "supply_limits");
        supply_limits_json(w, p);
        gf_jsonw_key(w, "routes");
        routes_json(w, p);
    }
    gf_jsonw_end(w);
}

int gf__json_finish(gf_jsonw *w, FILE *f, gf_error *err)
{
    gf_jsonw_raw(w, "\n", 1);
    if (gf_jsonw_finish(w, err))
        return err && err->code ? err->code : w->rc;
    if (fflush(f) || ferror(f))
        return gf_fail(err, GF_EIO, "cannot write JSON output");
    return GF_OK;
}

int gf_export_plan_jsonw(gf_jsonw *w, const gf_plan *p)
{
    plan_json(w, p, true);
    return w->rc;
}

int gf_export_plan_json(const gf_plan *p, FILE *f, gf_error *err)
{
    gf_jsonw w;

    if (!p || !f)
        return gf_fail(err, GF_EINVAL, "gf_export_plan_json: NULL argument");
    gf_jsonw_init_file(&w, f, true);
    plan_json(&w, p, true);
    return gf__json_finish(&w, f, err);
}

static const gf_plan_market_sum *market_sum_of(const gf_plan *p, int32_t node)
{
    for (int32_t k = 0; k < p->n_market_sums; k++)
        if (p->market_sums[k].node == node)
            return &p->market_sums[k];
    return NULL;
}

static void compare_markets(gf_jsonw *w, const gf_plan_compare_result *r)
{
    gf_jsonw_array(w);
    for (int32_t i = 0; !w->rc && i < r->with->n_market_sums; i++) {
        const gf_plan_market_sum *s = &r->with->market_sums[i];
        const gf_plan_market_sum *o = market_sum_of(r->without, s->node);
        gf_market_figures f, g = {0};
        gf_plan_market_figures(s, &f);
        if (o)
            gf_plan_market_figures(o, &g);
        gf_jsonw_object(w);
        gf_jsonw_kstring(w, "node", node_id(r->with->model, s->node));
        gf_jsonw_kint(w, "delivered_t", s->delivered_t);
        gf_jsonw_kint(w, "delivered_t_without", o ? o->delivered_t : 0);
        gf__json_real_or_null(w, "landed_avg_usd_per_t", f.has_landed, f.landed_usd);
        gf__json_real_or_null(w, "landed_avg_usd_per_t_without", g.has_landed, g.landed_usd);
        gf__json_real_or_null(w, "saving_usd_per_t", f.has_landed, f.saving_usd);
        gf__json_real_or_null(w, "saving_usd_per_t_without", g.has_landed, g.saving_usd);
        gf_jsonw_kreal(w, "co2_t", s->co2_kg / 1000.0);
        gf_jsonw_kreal(w, "co2_t_without", o ? o->co2_kg / 1000.0 : 0);
        gf_jsonw_end(w);
    }
    gf_jsonw_end(w);
}

/* "mode" and "nodes": every compared node's tonnes through and break-even fee. */
static void compare_nodes(gf_jsonw *w, const gf_plan_compare_result *r)
{
    gf_jsonw_kstring(w, "mode", r->mode == GF_COMPARE_TRANSIT ? "transit" : "remove");
    gf_jsonw_key(w, "nodes");
    gf_jsonw_array(w);
    for (int32_t i = 0; !w->rc && i < r->n_nodes; i++) {
        const gf_plan_compare_node *c = &r->nodes[i];
        gf_jsonw_object(w);
        gf_jsonw_kstring(w, "node", node_id(r->with->model, c->node));
        gf_jsonw_kint(w, r->mode == GF_COMPARE_TRANSIT ? "transshipped_t" : "arriving_t",
                      c->through_t);
        gf_jsonw_key(w, "breakeven_handling_usd_per_t");
        if (c->has_breakeven)
            gf_jsonw_cents(w, c->breakeven_cents_per_t);
        else
            gf_jsonw_null(w);
        gf_jsonw_kint(w, "resolves", c->resolves);
        gf_jsonw_end(w);
    }
    gf_jsonw_end(w);
}

int gf_export_compare_json(const gf_plan_compare_result *r, FILE *f, gf_error *err)
{
    gf_jsonw w;

    if (!r || !r->with || !r->without || !f)
        return gf_fail(err, GF_EINVAL, "gf_export_compare_json: NULL argument");
    gf_jsonw_init_file(&w, f, true);
    gf_jsonw_object(&w);
    gf_jsonw_kstring(&w, "status", "optimal");
    gf_jsonw_kstring(&w, "node", node_id(r->with->model, r->node));
    gf_jsonw_kcents(&w, "total_cost_usd", r->with->cost.total);
    gf_jsonw_kcents(&w, "total_cost_usd_without", r->without->cost.total);
    gf_jsonw_kcents(&w, "difference_usd", r->without->cost.total - r->with->cost.total);
    gf_jsonw_kreal(&w, "co2_t", r->with->co2_t);
    gf_jsonw_kreal(&w, "co2_t_without", r->without->co2_t);
    gf_jsonw_kint(&w, "delivered_t", r->with->delivered_t);
    gf_jsonw_kint(&w, "delivered_t_without", r->without->delivered_t);
    gf_jsonw_key(&w, "markets");
    compare_markets(&w, r);
    gf_jsonw_key(&w, "breakeven_handling_usd_per_t");
    if (r->has_breakeven)
        gf_jsonw_cents(&w, r->breakeven_cents_per_t);
    else
        gf_jsonw_null(&w);
    gf_jsonw_kint(&w, "breakeven_resolves", r->resolves);
    compare_nodes(&w, r);
    gf_jsonw_key(&w, "with");
    plan_json(&w, r->with, false);
    gf_jsonw_key(&w, "without");
    plan_json(&w, r->without, false);
    gf_jsonw_end(&w);
    return gf__json_finish(&w, f, err);
}

void gf__geo_position(gf_jsonw *w, double lon, double lat)
{
    gf_jsonw_array(w);
    gf_jsonw_real(w, lon);
    gf_jsonw_real(w, lat);
    gf_jsonw_end(w);
}

/* {"type": "Feature", "geometry": {"type": type, "coordinates": ...}, and
 * "properties": { left open for the caller, closed by feature_end. */
void gf__geo_feature_begin(gf_jsonw *w, const char *type)
{
    gf_jsonw_object(w);
    gf_jsonw_kstring(w, "type", "Feature");
    gf_jsonw_key(w, "geometry");
    gf_jsonw_object(w);
    gf_jsonw_kstring(w, "type", type);
    gf_jsonw_key(w, "coordinates");
}

void gf__geo_feature_properties(gf_jsonw *w)
{
    gf_jsonw_end(w); /* geometry */
    gf_jsonw_key(w, "properties");
    gf_jsonw_object(w);
}

void gf__geo_feature_end(gf_jsonw *w)
{
    gf_jsonw_end(w); /* properties */
    gf_jsonw_end(w); /* feature */
}

static void node_features(gf_jsonw *w, const gf_plan *p)
{
    const gf_model *m = p->model;

    for (int32_t n = 0; !w->rc && n < gf_model_node_count(m); n++) {
        const gf_node *nd = gf_model_node(m, n);
        gf__geo_feature_begin(w, "Point");
        gf__geo_position(w, nd->lon, nd->lat);
        gf__geo_feature_properties(w);
        gf_jsonw_kstring(w, "id", nd->id);
        gf_jsonw_kstring(w, "name", nd->name);
        gf_jsonw_kstring(w, "country", nd->country);
        gf_jsonw_kstring(w, "kind", gf_node_kind_name(nd->kind));
        for (int32_t k = 0; k < p->n_hubs; k++)
            if (p->hubs[k].node == n) {
                gf_jsonw_kint(w, "throughput_t", p->hubs[k].throughput_t);
                gf_jsonw_kint(w, "peak_stock_t", p->hubs[k].peak_stock_t);
            }
        for (int32_t k = 0; k < p->n_market_sums; k++)
            if (p->market_sums[k].node == n) {
                gf_jsonw_kint(w, "demand_t", p->market_sums[k].demand_t);
                gf_jsonw_kint(w, "delivered_t", p->market_sums[k].delivered_t);
                gf_jsonw_kint(w, "unmet_t", p->market_sums[k].unmet_t);
            }
        gf__geo_feature_end(w);
    }
}

/* The highest shadow price of link l's capacity over the periods (0 if it
 * never binds). */
static int64_t max_shadow(const gf_plan *p, int32_t l)
{
    int64_t s = 0;

    for (int32_t i = 0; i < p->n_bottlenecks; i++)
        if (p->bottlenecks[i].kind == GF_BOTTLENECK_LINK && p->bottlenecks[i].ref == l &&
            p->bottlenecks[i].shadow_cents_per_t > s)
            s = p->bottlenecks[i].shadow_cents_per_t;
    return s;
}

/* Link l's line: sea and ferry legs along sea lanes (sea_lanes.c), other
 * legs straight; an array of [lon, lat] positions. */
static void line_coordinates(gf_jsonw *w, const gf_plan *p, int32_t l)
{
    double pts[GF_SEA_LANE_MAX_POINTS][2];
    int32_t n = gf__sea_lane_path(p->model, l, pts, GF_SEA_LANE_MAX_POINTS, NULL);

    gf_jsonw_array(w);
    for (int32_t k = 0; k < n; k++)
        gf__geo_position(w, pts[k][0], pts[k][1]);
    gf_jsonw_end(w);
}

static void link_features(gf_jsonw *w, const gf_plan *p)
{
    const gf_model *m = p->model;

    for (int32_t i = 0; !w->rc && i < p->n_flows;) {
        int32_t l = p->flows[i].link;
        const gf_link *lk = gf_model_link(m, l);
        int64_t t = 0;
        for (; i < p->n_flows && p->flows[i].link == l; i++)
            t += p->flows[i].t;
        gf__geo_feature_begin(w, "LineString");
        line_coordinates(w, p, l);
        gf__geo_feature_properties(w);
        gf__json_link_ends(w, m, lk);
        vessel_class(w, lk);
        gf_jsonw_kint(w, "t", t);
        gf_jsonw_kcents(w, "cost_usd_per_t", lk->cost_cents_per_t);
        gf_jsonw_kreal(w, "distance_km", lk->distance_km);
        if (lk->capacity_t != GF_UNLIMITED)
            gf_jsonw_kint(w, "capacity_t_per_period", lk->capacity_t);
        gf_jsonw_kcents(w, "max_shadow_usd_per_t", max_shadow(p, l));
        gf__geo_feature_end(w);
    }
}

int gf_export_geojson_jsonw(gf_jsonw *w, const gf_plan *p)
{
    gf_jsonw_object(w);
    gf_jsonw_kstring(w, "type", "FeatureCollection");
    gf_jsonw_key(w, "features");
    gf_jsonw_array(w);
    node_features(w, p);
    link_features(w, p);
    gf_jsonw_end(w);
    gf_jsonw_end(w);
    return w->rc;
}

int gf_export_plan_geojson(const gf_plan *p, FILE *f, gf_error *err)
{
    gf_jsonw w;

    if (!p || !f)
        return gf_fail(err, GF_EINVAL, "gf_export_plan_geojson: NULL argument");
    gf_jsonw_init_file(&w, f, true);
    gf_export_geojson_jsonw(&w, p);
    return gf__json_finish(&w, f, err);
}

/* Copy what writer prints (through a memory stream) into a sized block:
 * for writers other than this file's, which stream into the text directly. */
static int copy_stream(const gf_plan *p, int (*writer)(const gf_plan *, FILE *, gf_error *),
                       gf_jsonw_text *t, gf_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    gf_jsonw w;
    int rc;

    if (!f)
        return gf_fail(err, GF_ENOMEM, "out of memory writing a plan");
    rc = writer(p, f, err);
    if (fclose(f) && !rc)
        rc = gf_fail(err, GF_ENOMEM, "out of memory writing a plan");
    if (!rc) {
        gf_jsonw_init_text(&w, t, false);
        gf_jsonw_raw(&w, buf, len);
        rc = gf_jsonw_finish(&w, err);
    }
    free(buf);
    return rc;
}

char *gf_export_plan_text(const gf_plan *p, int (*writer)(const gf_plan *, FILE *, gf_error *),
                          gf_error *err)
{
    gf_jsonw_text t = {0};
    gf_jsonw w;
    int rc;

    if (!p || !writer) {
        gf_fail(err, GF_EINVAL, "gf_export_plan_text: NULL argument");
        return NULL;
    }
    gf_jsonw_init_text(&w, &t, true);
    if (writer == gf_export_plan_json)
        plan_json(&w, p, true);
    else if (writer == gf_export_plan_geojson)
        gf_export_geojson_jsonw(&w, p);
    if (writer == gf_export_plan_json || writer == gf_export_plan_geojson) {
        gf_jsonw_raw(&w, "\n", 1);
        rc = gf_jsonw_finish(&w, err);
    } else {
        rc = copy_stream(p, writer, &t, err);
    }
    if (!rc && !t.data) /* a writer that printed nothing: an empty text */
        rc = (t.data = gf__sized_alloc(1)) ? (t.data[0] = '\0', GF_OK)
                                           : gf_fail(err, GF_ENOMEM, "out of memory");
    if (rc) {
        gf__sized_free(t.data);
        return NULL;
    }
    return t.data;
}
