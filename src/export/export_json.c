/* src/export/export_json.c: the plan and the comparison as JSON (jansson).
 *
 * The only file that includes jansson. Objects are built as json_t trees and
 * dumped with 15 significant digits, so that dollar amounts print with their
 * cents (1234.56, not 1234.5599999999999) up to ten trillion dollars.
 * SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "export/export_int.h"
#include "export/sea_lanes.h"
#include "grainflow/export.h"

static json_t *usd(int64_t cents)
{
    return json_real((double)cents / 100.0);
}

static json_t *tonnes(int64_t t)
{
    return json_integer((json_int_t)t);
}

/* set k = v on o; remembers a failed allocation in *bad. */
static void put(json_t *o, const char *k, json_t *v, bool *bad)
{
    if (!v || json_object_set_new(o, k, v))
        *bad = true;
}

static void push(json_t *a, json_t *v, bool *bad)
{
    if (!v || json_array_append_new(a, v))
        *bad = true;
}

static json_t *node_id(const gf_model *m, int32_t n)
{
    return json_string(gf_model_node(m, n)->id);
}

static json_t *flows_json(const gf_plan *p, bool *bad)
{
    json_t *a = json_array();

    for (int32_t i = 0; a && i < p->n_flows; i++) {
        const gf_link *l = gf_model_link(p->model, p->flows[i].link);
        json_t *o = json_object();
        if (!o) {
            *bad = true;
            break;
        }
        put(o, "from", node_id(p->model, l->from), bad);
        put(o, "to", node_id(p->model, l->to), bad);
        put(o, "mode", json_string(gf_mode_name(l->mode)), bad);
        put(o, "period", json_integer(p->flows[i].period + 1), bad);
        put(o, "arrival_period",
            json_integer(gf_model_arrival(p->model, p->flows[i].link, p->flows[i].period) + 1),
            bad);
        put(o, "t", tonnes(p->flows[i].t), bad);
        push(a, o, bad);
    }
    return a;
}

static json_t *stocks_json(const gf_plan *p, bool *bad)
{
    json_t *a = json_array();

    for (int32_t i = 0; a && i < p->n_stocks; i++) {
        json_t *o = json_object();
        if (!o) {
            *bad = true;
            break;
        }
        put(o, "node", node_id(p->model, p->stocks[i].node), bad);
        put(o, "period", json_integer(p->stocks[i].period + 1), bad);
        put(o, "t", tonnes(p->stocks[i].t), bad);
        push(a, o, bad);
    }
    return a;
}

static json_t *markets_json(const gf_plan *p, bool *bad)
{
    json_t *a = json_array();

    for (int32_t i = 0; a && i < p->n_markets; i++) {
        const gf_plan_market *mk = &p->markets[i];
        json_t *o = json_object();
        if (!o) {
            *bad = true;
            break;
        }
        put(o, "node", node_id(p->model, mk->node), bad);
        put(o, "period", json_integer(mk->period + 1), bad);
        put(o, "demand_t", tonnes(mk->demand_t), bad);
        put(o, "delivered_t", tonnes(mk->delivered_t), bad);
        put(o, "unmet_t", tonnes(mk->unmet_t), bad);
        put(o, "landed_usd_per_t", usd(mk->landed_cents_per_t), bad);
        put(o, "alt_price_usd_per_t", usd(mk->alt_cents_per_t), bad);
        push(a, o, bad);
    }
    return a;
}

/* The chain of node ids of a route: its origin, then each link's end. */
static json_t *route_nodes(const gf_plan *p, const gf_plan_route *r, bool *bad)
{
    json_t *a = json_array();

    if (!a)
        return NULL;
    push(a, node_id(p->model, gf_model_supply(p->model, r->supply)->node), bad);
    for (int32_t k = 0; k < r->n_legs; k++)
        if (r->legs[k].kind == GF_LEG_LINK)
            push(a, node_id(p->model, gf_model_link(p->model, r->legs[k].ref)->to), bad);
    return a;
}

static json_t *summary_json(const gf_plan *p, bool *bad)
{
    json_t *a = json_array();

    for (int32_t i = 0; a && i < p->n_market_sums; i++) {
        const gf_plan_market_sum *s = &p->market_sums[i];
        json_t *o = json_object();
        gf_market_figures f;
        if (!o) {
            *bad = true;
            break;
        }
        gf_plan_market_figures(s, &f);
        put(o, "node", node_id(p->model, s->node), bad);
        put(o, "demand_t", tonnes(s->demand_t), bad);
        put(o, "delivered_t", tonnes(s->delivered_t), bad);
        put(o, "unmet_t", tonnes(s->unmet_t), bad);
        put(o, "landed_usd_per_t", f.has_landed ? json_real(f.landed_usd) : json_null(), bad);
        put(o, "alt_price_usd_per_t", json_real(f.alt_usd), bad);
        put(o, "saving_usd_per_t", f.has_landed ? json_real(f.saving_usd) : json_null(), bad);
        put(o, "co2_t", json_real(s->co2_kg / 1000.0), bad);
        put(o, "main_route",
            s->main_route >= 0 ? route_nodes(p, &p->routes[s->main_route], bad) : json_null(), bad);
        push(a, o, bad);
    }
    return a;
}

static const char *bottleneck_kind(gf_bottleneck_kind k)
{
    return k == GF_BOTTLENECK_LINK         ? "link"
           : k == GF_BOTTLENECK_THROUGHPUT ? "throughput"
                                           : "storage";
}

static json_t *bottlenecks_json(const gf_plan *p, bool *bad)
{
    json_t *a = json_array();

    for (int32_t i = 0; a && i < p->n_bottlenecks; i++) {
        const gf_plan_bottleneck *b = &p->bottlenecks[i];
        json_t *o = json_object();
        int32_t from = b->ref, to = b->ref;
        if (!o) {
            *bad = true;
            break;
        }
        if (b->kind == GF_BOTTLENECK_LINK) {
            from = gf_model_link(p->model, b->ref)->from;
            to = gf_model_link(p->model, b->ref)->to;
            put(o, "mode", json_string(gf_mode_name(gf_model_link(p->model, b->ref)->mode)), bad);
        }
        put(o, "kind", json_string(bottleneck_kind(b->kind)), bad);
        put(o, "from", node_id(p->model, from), bad);
        put(o, "to", node_id(p->model, to), bad);
        put(o, "period", json_integer(b->period + 1), bad);
        put(o, "used_t", tonnes(b->used_t), bad);
        put(o, "capacity_t", tonnes(b->capacity_t), bad);
        put(o, "shadow_usd_per_t", usd(b->shadow_cents_per_t), bad);
        push(a, o, bad);
    }
    return a;
}

static json_t *supply_limits_json(const gf_plan *p, bool *bad)
{
    json_t *a = json_array();

    for (int32_t i = 0; a && i < p->n_supply_limits; i++) {
        const gf_plan_supply_limit *l = &p->supply_limits[i];
        const gf_supply *s = gf_model_supply(p->model, l->supply);
        json_t *o = json_object();
        if (!o) {
            *bad = true;
            break;
        }
        put(o, "node", node_id(p->model, s->node), bad);
        put(o, "period", json_integer(s->period + 1), bad);
        put(o, "offered_t", tonnes(s->t), bad);
        put(o, "bought_t", tonnes(l->bought_t), bad);
        put(o, "price_usd_per_t", usd(s->price_cents_per_t), bad);
        put(o, "shadow_usd_per_t", usd(l->shadow_cents_per_t), bad);
        push(a, o, bad);
    }
    return a;
}

static json_t *legs_json(const gf_plan *p, const gf_plan_route *r, bool *bad)
{
    json_t *a = json_array();

    for (int32_t k = 0; a && k < r->n_legs; k++) {
        const gf_route_leg *g = &r->legs[k];
        json_t *o = json_object();
        if (!o) {
            *bad = true;
            break;
        }
        if (g->kind == GF_LEG_LINK) {
            const gf_link *l = gf_model_link(p->model, g->ref);
            put(o, "kind", json_string("link"), bad);
            put(o, "from", node_id(p->model, l->from), bad);
            put(o, "to", node_id(p->model, l->to), bad);
            put(o, "mode", json_string(gf_mode_name(l->mode)), bad);
        } else {
            put(o, "kind", json_string("storage"), bad);
            put(o, "from", node_id(p->model, g->ref), bad);
            put(o, "to", node_id(p->model, g->ref), bad);
        }
        put(o, "period", json_integer(g->period + 1), bad);
        put(o, "usd_per_t", usd(g->cents_per_t), bad);
        push(a, o, bad);
    }
    return a;
}

static json_t *routes_json(const gf_plan *p, bool *bad)
{
    json_t *a = json_array();

    for (int32_t i = 0; a && i < p->n_routes; i++) {
        const gf_plan_route *r = &p->routes[i];
        const gf_supply *s = gf_model_supply(p->model, r->supply);
        const gf_demand *d = gf_model_demand(p->model, r->demand);
        json_t *o = json_object();
        if (!o) {
            *bad = true;
            break;
        }
        put(o, "market", node_id(p->model, d->node), bad);
        put(o, "origin", node_id(p->model, s->node), bad);
        put(o, "supply_period", json_integer(s->period + 1), bad);
        put(o, "delivery_period", json_integer(d->period + 1), bad);
        put(o, "t", tonnes(r->t), bad);
        put(o, "purchase_usd_per_t", usd(s->price_cents_per_t), bad);
        put(o, "usd_per_t", usd(r->cents_per_t), bad);
        put(o, "days", json_real(r->days), bad);
        put(o, "kg_co2_per_t", json_real(r->kg_co2_per_t), bad);
        put(o, "nodes", route_nodes(p, r, bad), bad);
        put(o, "legs", legs_json(p, r, bad), bad);
        push(a, o, bad);
    }
    return a;
}

static json_t *hubs_json(const gf_plan *p, bool *bad)
{
    json_t *a = json_array();

    for (int32_t i = 0; a && i < p->n_hubs; i++) {
        const gf_plan_hub *h = &p->hubs[i];
        json_t *o = json_object();
        if (!o) {
            *bad = true;
            break;
        }
        put(o, "node", node_id(p->model, h->node), bad);
        put(o, "kind", json_string(gf_node_kind_name(gf_model_node(p->model, h->node)->kind)), bad);
        put(o, "throughput_t", tonnes(h->throughput_t), bad);
        put(o, "peak_stock_t", tonnes(h->peak_stock_t), bad);
        put(o, "peak_period", h->peak_period >= 0 ? json_integer(h->peak_period + 1) : json_null(),
            bad);
        push(a, o, bad);
    }
    return a;
}

static json_t *cost_json(const gf_plan_costs *c, bool *bad)
{
    json_t *o = json_object();

    if (!o)
        return NULL;
    put(o, "procurement_usd", usd(c->procurement), bad);
    put(o, "transport_usd", usd(c->transport), bad);
    put(o, "handling_usd", usd(c->handling), bad);
    put(o, "storage_usd", usd(c->storage), bad);
    put(o, "unmet_usd", usd(c->unmet), bad);
    return o;
}

static json_t *plan_json(const gf_plan *p, bool full, bool *bad)
{
    const gf_model *m = p->model;
    json_t *o = json_object(), *net = json_object();

    if (!o || !net) {
        json_decref(o);
        json_decref(net);
        *bad = true;
        return NULL;
    }
    put(o, "status", json_string("optimal"), bad);
    put(o, "scenario", json_string(gf_model_name(m)), bad);
    put(o, "periods", json_integer(gf_model_periods(m)), bad);
    put(o, "period_days", json_real(gf_model_period_days(m)), bad);
    put(o, "horizon", json_string(gf_model_horizon(m) == GF_HORIZON_OPEN ? "open" : "cyclic"), bad);
    put(net, "nodes", json_integer(p->net_nodes), bad);
    put(net, "arcs", json_integer(p->net_arcs), bad);
    put(net, "pivots", json_integer((json_int_t)p->pivots), bad);
    put(net, "solve_seconds", json_real(p->solve_seconds), bad);
    put(net, "warm_start", json_boolean(p->warm), bad);
    put(o, "network", net, bad);
    put(o, "total_cost_usd", usd(p->cost.total), bad);
    put(o, "cost", cost_json(&p->cost, bad), bad);
    put(o, "demand_t", tonnes(p->demand_t), bad);
    put(o, "delivered_t", tonnes(p->delivered_t), bad);
    put(o, "unmet_t", tonnes(p->unmet_t), bad);
    put(o, "bought_t", tonnes(p->bought_t), bad);
    put(o, "co2_t", json_real(p->co2_t), bad);
    put(o, "market_summary", summary_json(p, bad), bad);
    put(o, "hubs", hubs_json(p, bad), bad);
    if (full) {
        put(o, "flows", flows_json(p, bad), bad);
        put(o, "stocks", stocks_json(p, bad), bad);
        put(o, "markets", markets_json(p, bad), bad);
        put(o, "bottlenecks", bottlenecks_json(p, bad), bad);
        put(o, "supply_limits", supply_limits_json(p, bad), bad);
        put(o, "routes", routes_json(p, bad), bad);
    }
    return o;
}

/* Dump o to f and release it. The text is built in memory and written with
 * one fwrite: json_dumpf writes a few bytes per call, which took most of the
 * time on plans with a million market rows. */
static int dump(json_t *o, bool bad, FILE *f, gf_error *err)
{
    char *text = NULL;
    size_t n;
    int rc = GF_OK;

    if (bad || !o)
        rc = gf_fail(err, GF_ENOMEM, "out of memory building JSON");
    else if (!(text = json_dumps(o, JSON_INDENT(2) | JSON_REAL_PRECISION(15))))
        rc = gf_fail(err, GF_ENOMEM, "out of memory writing JSON");
    if (!rc) {
        n = strlen(text);
        if (fwrite(text, 1, n, f) != n || fputc('\n', f) == EOF || fflush(f) || ferror(f))
            rc = gf_fail(err, GF_EIO, "cannot write JSON output");
    }
    free(text);
    json_decref(o);
    return rc;
}

int gf_export_plan_json(const gf_plan *p, FILE *f, gf_error *err)
{
    bool bad = false;
    json_t *o;

    if (!p || !f)
        return gf_fail(err, GF_EINVAL, "gf_export_plan_json: NULL argument");
    o = plan_json(p, true, &bad);
    return dump(o, bad, f, err);
}

static json_t *compare_markets(const gf_plan_compare_result *r, bool *bad)
{
    json_t *a = json_array();

    for (int32_t i = 0; a && i < r->with->n_market_sums; i++) {
        const gf_plan_market_sum *s = &r->with->market_sums[i], *w = NULL;
        gf_market_figures f, g = {0};
        json_t *o = json_object();
        if (!o) {
            *bad = true;
            break;
        }
        for (int32_t k = 0; k < r->without->n_market_sums; k++)
            if (r->without->market_sums[k].node == s->node)
                w = &r->without->market_sums[k];
        gf_plan_market_figures(s, &f);
        if (w)
            gf_plan_market_figures(w, &g);
        put(o, "node", node_id(r->with->model, s->node), bad);
        put(o, "delivered_t", tonnes(s->delivered_t), bad);
        put(o, "delivered_t_without", tonnes(w ? w->delivered_t : 0), bad);
        put(o, "landed_usd_per_t", f.has_landed ? json_real(f.landed_usd) : json_null(), bad);
        put(o, "landed_usd_per_t_without", g.has_landed ? json_real(g.landed_usd) : json_null(),
            bad);
        put(o, "saving_usd_per_t", f.has_landed ? json_real(f.saving_usd) : json_null(), bad);
        put(o, "saving_usd_per_t_without", g.has_landed ? json_real(g.saving_usd) : json_null(),
            bad);
        put(o, "co2_t", json_real(s->co2_kg / 1000.0), bad);
        put(o, "co2_t_without", json_real(w ? w->co2_kg / 1000.0 : 0), bad);
        push(a, o, bad);
    }
    return a;
}

int gf_export_compare_json(const gf_plan_compare_result *r, FILE *f, gf_error *err)
{
    bool bad = false;
    json_t *o;

    if (!r || !r->with || !r->without || !f)
        return gf_fail(err, GF_EINVAL, "gf_export_compare_json: NULL argument");
    o = json_object();
    if (!o)
        return gf_fail(err, GF_ENOMEM, "out of memory building JSON");
    put(o, "status", json_string("optimal"), &bad);
    put(o, "node", node_id(r->with->model, r->node), &bad);
    put(o, "total_cost_usd", usd(r->with->cost.total), &bad);
    put(o, "total_cost_usd_without", usd(r->without->cost.total), &bad);
    put(o, "difference_usd", usd(r->without->cost.total - r->with->cost.total), &bad);
    put(o, "co2_t", json_real(r->with->co2_t), &bad);
    put(o, "co2_t_without", json_real(r->without->co2_t), &bad);
    put(o, "delivered_t", tonnes(r->with->delivered_t), &bad);
    put(o, "delivered_t_without", tonnes(r->without->delivered_t), &bad);
    put(o, "markets", compare_markets(r, &bad), &bad);
    put(o, "breakeven_handling_usd_per_t",
        r->has_breakeven ? usd(r->breakeven_cents_per_t) : json_null(), &bad);
    put(o, "breakeven_resolves", json_integer(r->resolves), &bad);
    put(o, "with", plan_json(r->with, false, &bad), &bad);
    put(o, "without", plan_json(r->without, false, &bad), &bad);
    return dump(o, bad, f, err);
}

static json_t *point(double lon, double lat)
{
    json_t *g = json_object();
    bool bad = false;

    if (!g)
        return NULL;
    put(g, "type", json_string("Point"), &bad);
    put(g, "coordinates", json_pack("[ff]", lon, lat), &bad);
    if (bad) {
        json_decref(g);
        return NULL;
    }
    return g;
}

static json_t *feature(json_t *geometry, json_t *props, bool *bad)
{
    json_t *f = json_object();

    if (!f) {
        json_decref(geometry);
        json_decref(props);
        *bad = true;
        return NULL;
    }
    put(f, "type", json_string("Feature"), bad);
    put(f, "geometry", geometry, bad);
    put(f, "properties", props, bad);
    return f;
}

static void node_features(const gf_plan *p, json_t *a, bool *bad)
{
    const gf_model *m = p->model;

    for (int32_t n = 0; n < gf_model_node_count(m); n++) {
        const gf_node *nd = gf_model_node(m, n);
        json_t *pr = json_object();
        if (!pr) {
            *bad = true;
            return;
        }
        put(pr, "id", json_string(nd->id), bad);
        put(pr, "name", json_string(nd->name), bad);
        put(pr, "country", json_string(nd->country), bad);
        put(pr, "kind", json_string(gf_node_kind_name(nd->kind)), bad);
        for (int32_t k = 0; k < p->n_hubs; k++)
            if (p->hubs[k].node == n) {
                put(pr, "throughput_t", tonnes(p->hubs[k].throughput_t), bad);
                put(pr, "peak_stock_t", tonnes(p->hubs[k].peak_stock_t), bad);
            }
        for (int32_t k = 0; k < p->n_market_sums; k++)
            if (p->market_sums[k].node == n) {
                put(pr, "demand_t", tonnes(p->market_sums[k].demand_t), bad);
                put(pr, "delivered_t", tonnes(p->market_sums[k].delivered_t), bad);
                put(pr, "unmet_t", tonnes(p->market_sums[k].unmet_t), bad);
            }
        push(a, feature(point(nd->lon, nd->lat), pr, bad), bad);
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

/* Link l's line: sea and ferry legs along sea lanes (sea_lanes.c). */
static json_t *line_coordinates(const gf_plan *p, int32_t l, bool *bad)
{
    double pts[GF_SEA_LANE_MAX_POINTS][2];
    int32_t n = gf__sea_lane_path(p->model, l, pts, GF_SEA_LANE_MAX_POINTS, NULL);
    json_t *a = json_array();

    for (int32_t k = 0; a && k < n; k++)
        push(a, json_pack("[ff]", pts[k][0], pts[k][1]), bad);
    if (n < 2)
        *bad = true;
    return a;
}

static void link_features(const gf_plan *p, json_t *a, bool *bad)
{
    const gf_model *m = p->model;

    for (int32_t i = 0; i < p->n_flows;) {
        int32_t l = p->flows[i].link;
        const gf_link *lk = gf_model_link(m, l);
        const gf_node *u = gf_model_node(m, lk->from), *v = gf_model_node(m, lk->to);
        int64_t t = 0;
        json_t *pr = json_object(), *g = json_object();
        for (; i < p->n_flows && p->flows[i].link == l; i++)
            t += p->flows[i].t;
        if (!pr || !g) {
            json_decref(pr);
            json_decref(g);
            *bad = true;
            return;
        }
        put(g, "type", json_string("LineString"), bad);
        put(g, "coordinates", line_coordinates(p, l, bad), bad);
        put(pr, "from", json_string(u->id), bad);
        put(pr, "to", json_string(v->id), bad);
        put(pr, "mode", json_string(gf_mode_name(lk->mode)), bad);
        put(pr, "t", tonnes(t), bad);
        put(pr, "cost_usd_per_t", usd(lk->cost_cents_per_t), bad);
        put(pr, "distance_km", json_real(lk->distance_km), bad);
        if (lk->capacity_t != GF_UNLIMITED)
            put(pr, "capacity_t_per_period", tonnes(lk->capacity_t), bad);
        put(pr, "max_shadow_usd_per_t", usd(max_shadow(p, l)), bad);
        push(a, feature(g, pr, bad), bad);
    }
}

int gf_export_plan_geojson(const gf_plan *p, FILE *f, gf_error *err)
{
    bool bad = false;
    json_t *o, *a;

    if (!p || !f)
        return gf_fail(err, GF_EINVAL, "gf_export_plan_geojson: NULL argument");
    o = json_object();
    a = json_array();
    if (!o || !a) {
        json_decref(o);
        json_decref(a);
        return gf_fail(err, GF_ENOMEM, "out of memory building GeoJSON");
    }
    put(o, "type", json_string("FeatureCollection"), &bad);
    node_features(p, a, &bad);
    link_features(p, a, &bad);
    put(o, "features", a, &bad);
    return dump(o, bad, f, err);
}

char *gf_export_plan_text(const gf_plan *p, int (*writer)(const gf_plan *, FILE *, gf_error *),
                          gf_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int rc;

    if (!f) {
        gf_fail(err, GF_ENOMEM, "out of memory writing a plan");
        return NULL;
    }
    rc = writer(p, f, err);
    if (fclose(f) && !rc)
        rc = gf_fail(err, GF_ENOMEM, "out of memory writing a plan");
    if (rc) {
        free(buf);
        return NULL;
    }
    return buf;
}
