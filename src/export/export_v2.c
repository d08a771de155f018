/* src/export/export_v2.c: a version-2 plan (plan_v2.h) as JSON and CSV tables.
 *
 * The same conventions as the version-1 exporters (export.h): money in US
 * dollars written exactly from cents, periods 1-based, text fields quoted
 * when they hold a comma, a quote or a line break. Tonnes are written with
 * three decimals (milli-tonnes: yields make flows fractional). The JSON
 * streams through the project's writer (jsonw.h); every file goes through
 * gf_export_file, so none is ever left half written. The GeoJSON draws
 * links as the version-1 one does (sea legs along sea lanes, sea_lanes.h),
 * with the same properties as plan.json's "links" (json_link_members:
 * tonnes, departures, vessel size, load factor, subsidy, backhaul, tonnes
 * per product), and a hub facility's chosen option on its node.
 *
 * The plan JSON carries what the page's week slider and stock chart read
 * (web/v2.js): periods, period_days and start_month, "flows" per link,
 * period and product (with its arrival_period, 0 past an open horizon's
 * end), "stocks" per node, period and product (tonnes held
 * from the period to the next; only non-zero entries), and "markets" per
 * market and product with the average landed cost (plan_v2.h).
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "export/export_int.h"
#include "export/sea_lanes.h"
#include "grainflow/alloc.h"
#include "grainflow/export.h"
#include "grainflow/jsonw.h"
#include "grainflow/plan_v2.h"

/* Milli-tonnes as "12.345" (exact). */
static void put_t(FILE *f, int64_t mt)
{
    int64_t a = mt < 0 ? -mt : mt;

    fprintf(f, "%s%lld.%03lld", mt < 0 ? "-" : "", (long long)(a / 1000), (long long)(a % 1000));
}

/* ",a,b,...": n milli-tonne fields, each after its comma (a table's
 * tonnage columns in a row). */
static void put_ts(FILE *f, const int64_t *mt, int n)
{
    for (int i = 0; i < n; i++) {
        fputc(',', f);
        put_t(f, mt[i]);
    }
}

/* p's flow (or stock) of row r (a link or a node) in period t of product q:
 * the LP's arrays are r-major, then period, then product. */
static int64_t at_rtq(const gf_plan_v2 *p, const int64_t *a, int32_t r, int32_t t, int32_t q)
{
    size_t np = (size_t)p->lp.periods, k = (size_t)p->lp.products;

    return a[((size_t)r * np + (size_t)t) * k + (size_t)q];
}

static const char *node_id(const gf_plan_v2 *p, int32_t n)
{
    return gf_model_node(p->model, n)->id;
}

static void put_link(const gf_plan_v2 *p, int32_t l, FILE *f)
{
    gf__export_put_link(f, p->model, gf_model_link(p->model, l));
}

static void write_flows(const gf_plan_v2 *p, FILE *f)
{
    int32_t np = p->lp.periods, k = p->lp.products;

    fputs("from,to,mode,period,product,t\n", f);
    for (int32_t l = 0; l < p->lp.n_links; l++)
        for (int32_t t = 0; t < np; t++)
            for (int32_t q = 0; q < k; q++) {
                int64_t mt = at_rtq(p, p->lp.flow_mt, l, t, q);
                if (mt == 0)
                    continue;
                put_link(p, l, f);
                fprintf(f, ",%d,", t + 1);
                gf__export_put_str(f, gf_model_product_id(p->model, q));
                put_ts(f, &mt, 1);
                fputc('\n', f);
            }
}

static void write_links(const gf_plan_v2 *p, FILE *f)
{
    fputs("from,to,mode,t,departures,vessel_t,load_factor,subsidy_usd,backhaul_t\n", f);
    for (int32_t i = 0; i < p->n_links; i++) {
        const gf_plan_v2_link *x = &p->links[i];
        put_link(p, x->link, f);
        put_ts(f, &x->carried_mt, 1);
        fprintf(f, ",%lld,%lld,%.4f,", (long long)x->departures,
                (long long)gf_model_link(p->model, x->link)->vessel_t, x->load_factor);
        gf__export_put_usd(f, x->subsidy_cents);
        put_ts(f, &x->backhaul_mt, 1);
        fputc('\n', f);
    }
}

static void write_products(const gf_plan_v2 *p, FILE *f)
{
    fputs("product,offered_t,bought_t,demand_t,delivered_t,unmet_t\n", f);
    for (int32_t q = 0; q < p->n_products; q++) {
        const gf_plan_v2_product *x = &p->products[q];
        gf__export_put_str(f, gf_model_product_id(p->model, q));
        put_ts(f,
               (int64_t[]){x->offered_mt, x->bought_mt, x->demand_mt, x->delivered_mt, x->unmet_mt},
               5);
        fputc('\n', f);
    }
}

static void write_hubs(const gf_plan_v2 *p, FILE *f)
{
    fputs("node,option,fixed_usd,throughput_t,capacity_t\n", f);
    for (int32_t i = 0; i < p->n_hubs; i++) {
        const gf_plan_v2_hub *h = &p->hubs[i];
        gf__export_put_str(f, node_id(p, h->node));
        fputc(',', f);
        gf__export_put_str(f,
                           h->option >= 0 ? gf_model_hub_option(p->model, h->option)->option : "");
        fputc(',', f);
        gf__export_put_usd(f, h->fixed_cents);
        put_ts(f, (int64_t[]){h->throughput_mt, h->capacity_mt}, 2);
        fputc('\n', f);
    }
}

static void write_conversions(const gf_plan_v2 *p, FILE *f)
{
    fputs("node,from_product,to_product,in_t,out_t,cost_usd\n", f);
    for (int32_t i = 0; i < p->n_conversions; i++) {
        const gf_plan_v2_conversion *x = &p->conversions[i];
        const gf_conversion *c = gf_model_conversion(p->model, x->conversion);
        gf__export_put_str(f, node_id(p, c->node));
        fputc(',', f);
        gf__export_put_str(f, gf_model_product_id(p->model, c->from_product));
        fputc(',', f);
        gf__export_put_str(f, gf_model_product_id(p->model, c->to_product));
        put_ts(f, (int64_t[]){x->in_mt, x->out_mt}, 2);
        fputc(',', f);
        gf__export_put_usd(f, x->cost_cents);
        fputc('\n', f);
    }
}

int gf_export_plan_v2_csv(const gf_plan_v2 *p, const char *table, FILE *f, gf_error *err)
{
    static const struct {
        const char *name;
        void (*write)(const gf_plan_v2 *, FILE *);
    } tables[] = {{"flows", write_flows},
                  {"links", write_links},
                  {"products", write_products},
                  {"hubs", write_hubs},
                  {"conversions", write_conversions}};

    if (!p || !table || !f)
        return gf_fail(err, GF_EINVAL, "gf_export_plan_v2_csv: NULL argument");
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        if (strcmp(table, tables[i].name) == 0) {
            tables[i].write(p, f);
            return ferror(f) ? gf_fail(err, GF_EIO, "cannot write the %s table", table) : GF_OK;
        }
    return gf_fail(err, GF_EINVAL,
                   "no table '%s'; the tables are flows, links, products, hubs, conversions",
                   table);
}

static void json_t(gf_jsonw *w, const char *k, int64_t mt)
{
    gf_jsonw_kreal(w, k, (double)mt / 1000.0);
}

/* "k": {product id: tonnes, ...} of mt (one entry per product). */
static void json_by_product(gf_jsonw *w, const char *k, const gf_plan_v2 *p, const int64_t *mt)
{
    gf_jsonw_key(w, k);
    gf_jsonw_object(w);
    for (int32_t q = 0; q < p->n_products; q++)
        json_t(w, gf_model_product_id(p->model, q), mt[q]);
    gf_jsonw_end(w);
}

/* "k": the option hub h chose, or null when it stays closed; then its fixed
 * cost and throughput. */
static void json_hub_choice(gf_jsonw *w, const char *k, const gf_plan_v2 *p,
                            const gf_plan_v2_hub *h)
{
    gf_jsonw_key(w, k);
    if (h->option >= 0)
        gf_jsonw_string(w, gf_model_hub_option(p->model, h->option)->option);
    else
        gf_jsonw_null(w);
    gf_jsonw_kcents(w, "fixed_usd", h->fixed_cents);
    json_t(w, "throughput_t", h->throughput_mt);
}

static void json_costs(gf_jsonw *w, const gf_lp_costs *c)
{
    gf_jsonw_key(w, "cost");
    gf_jsonw_object(w);
    gf_jsonw_kcents(w, "purchases_usd", c->purchases);
    gf_jsonw_kcents(w, "link_usd", c->link);
    gf_jsonw_kcents(w, "subsidy_usd", c->subsidy);
    gf_jsonw_kcents(w, "handling_usd", c->handling);
    gf_jsonw_kcents(w, "storage_usd", c->storage);
    gf_jsonw_kcents(w, "conversion_usd", c->conversion);
    gf_jsonw_kcents(w, "departures_usd", c->departures);
    gf_jsonw_kcents(w, "hub_fixed_usd", c->hub_fixed);
    gf_jsonw_kcents(w, "alternative_usd", c->alternative);
    gf_jsonw_end(w);
}

/* The members of link i of p: plan.json's links and the GeoJSON's link
 * features say the same of a link, from this one place. */
static void json_link_members(gf_jsonw *w, const gf_plan_v2 *p, int32_t i)
{
    const gf_plan_v2_link *x = &p->links[i];
    const gf_link *lk = gf_model_link(p->model, x->link);

    gf__json_link_ends(w, p->model, lk);
    gf_jsonw_kstring(w, "vessel_class", lk->vessel_class);
    json_t(w, "t", x->carried_mt);
    gf_jsonw_kint(w, "departures", x->departures);
    gf_jsonw_kint(w, "vessel_t", lk->vessel_t);
    gf_jsonw_kreal(w, "load_factor", x->load_factor);
    gf_jsonw_kcents(w, "subsidy_usd", x->subsidy_cents);
    json_t(w, "backhaul_t", x->backhaul_mt);
    json_by_product(w, "products", p, x->product_mt);
}

static void json_links(gf_jsonw *w, const gf_plan_v2 *p)
{
    gf_jsonw_key(w, "links");
    gf_jsonw_array(w);
    for (int32_t i = 0; i < p->n_links; i++) {
        gf_jsonw_object(w);
        json_link_members(w, p, i);
        gf_jsonw_end(w);
    }
    gf_jsonw_end(w);
}

static void json_products(gf_jsonw *w, const gf_plan_v2 *p)
{
    gf_jsonw_key(w, "products");
    gf_jsonw_array(w);
    for (int32_t q = 0; q < p->n_products; q++) {
        const gf_plan_v2_product *x = &p->products[q];
        gf_jsonw_object(w);
        gf_jsonw_kstring(w, "product", gf_model_product_id(p->model, q));
        json_t(w, "offered_t", x->offered_mt);
        json_t(w, "bought_t", x->bought_mt);
        json_t(w, "demand_t", x->demand_mt);
        json_t(w, "delivered_t", x->delivered_mt);
        json_t(w, "unmet_t", x->unmet_mt);
        gf_jsonw_end(w);
    }
    gf_jsonw_end(w);
}

static void json_hubs_conversions(gf_jsonw *w, const gf_plan_v2 *p)
{
    gf_jsonw_key(w, "hubs");
    gf_jsonw_array(w);
    for (int32_t i = 0; i < p->n_hubs; i++) {
        const gf_plan_v2_hub *h = &p->hubs[i];
        gf_jsonw_object(w);
        gf_jsonw_kstring(w, "node", node_id(p, h->node));
        json_hub_choice(w, "option", p, h);
        json_t(w, "capacity_t", h->capacity_mt);
        json_by_product(w, "transshipped_t", p, h->shipped_mt);
        gf_jsonw_end(w);
    }
    gf_jsonw_end(w);
    gf_jsonw_key(w, "conversions");
    gf_jsonw_array(w);
    for (int32_t i = 0; i < p->n_conversions; i++) {
        const gf_plan_v2_conversion *x = &p->conversions[i];
        const gf_conversion *c = gf_model_conversion(p->model, x->conversion);
        gf_jsonw_object(w);
        gf_jsonw_kstring(w, "node", node_id(p, c->node));
        gf_jsonw_kstring(w, "from_product", gf_model_product_id(p->model, c->from_product));
        gf_jsonw_kstring(w, "to_product", gf_model_product_id(p->model, c->to_product));
        json_t(w, "in_t", x->in_mt);
        json_t(w, "out_t", x->out_mt);
        gf_jsonw_kcents(w, "cost_usd", x->cost_cents);
        gf_jsonw_end(w);
    }
    gf_jsonw_end(w);
}

/* "flows": every non-zero tonnage per link, period and product; "stocks"
 * likewise per node. */
static void json_periods(gf_jsonw *w, const gf_plan_v2 *p)
{
    int32_t np = p->lp.periods, k = p->lp.products;

    gf_jsonw_key(w, "flows");
    gf_jsonw_array(w);
    for (int32_t l = 0; !w->rc && l < p->lp.n_links; l++)
        for (int32_t t = 0; t < np; t++)
            for (int32_t q = 0; q < k; q++) {
                int64_t mt = at_rtq(p, p->lp.flow_mt, l, t, q);
                const gf_link *lk = gf_model_link(p->model, l);
                if (mt == 0)
                    continue;
                gf_jsonw_object(w);
                gf__json_link_ends(w, p->model, lk);
                gf_jsonw_kint(w, "period", t + 1);
                gf_jsonw_kint(w, "arrival_period", gf_model_arrival(p->model, l, t) + 1);
                gf_jsonw_kstring(w, "product", gf_model_product_id(p->model, q));
                json_t(w, "t", mt);
                gf_jsonw_end(w);
            }
    gf_jsonw_end(w);
    gf_jsonw_key(w, "stocks");
    gf_jsonw_array(w);
    for (int32_t n = 0; !w->rc && n < p->lp.n_nodes; n++)
        for (int32_t t = 0; t < np; t++)
            for (int32_t q = 0; q < k; q++) {
                int64_t mt = at_rtq(p, p->lp.stock_mt, n, t, q);
                if (mt == 0)
                    continue;
                gf_jsonw_object(w);
                gf_jsonw_kstring(w, "node", node_id(p, n));
                gf_jsonw_kint(w, "period", t + 1);
                gf_jsonw_kstring(w, "product", gf_model_product_id(p->model, q));
                json_t(w, "t", mt);
                gf_jsonw_end(w);
            }
    gf_jsonw_end(w);
}

static void json_markets(gf_jsonw *w, const gf_plan_v2 *p)
{
    gf_jsonw_key(w, "markets");
    gf_jsonw_array(w);
    for (int32_t i = 0; !w->rc && i < p->n_markets; i++) {
        const gf_plan_v2_market *x = &p->markets[i];
        double landed, saving;
        bool has = gf_plan_v2_market_usd(x, &landed, &saving);
        gf_jsonw_object(w);
        gf_jsonw_kstring(w, "node", node_id(p, x->node));
        gf_jsonw_kstring(w, "product", gf_model_product_id(p->model, x->product));
        json_t(w, "demand_t", x->demand_mt);
        json_t(w, "delivered_t", x->delivered_mt);
        gf__json_real_or_null(w, "landed_avg_usd_per_t", has, landed);
        gf__json_real_or_null(w, "saving_usd_per_t", has, saving);
        gf_jsonw_end(w);
    }
    gf_jsonw_end(w);
}

/* The plan as one JSON object into w. */
static void plan_jsonw(gf_jsonw *w, const gf_plan_v2 *p)
{
    char st[256];

    gf_jsonw_object(w);
    gf_jsonw_kint(w, "version", 2);
    gf_jsonw_kstring(w, "name", gf_model_name(p->model));
    gf_jsonw_kint(w, "periods", p->lp.periods);
    gf_jsonw_kreal(w, "period_days", gf_model_period_days(p->model));
    gf_jsonw_kint(w, "start_month", gf_model_start_month(p->model));
    gf_jsonw_kstring(w, "status", gf_lp_status_name(p->lp.status));
    gf_jsonw_key(w, "optimal");
    gf_jsonw_bool(w, p->lp.status == GF_LP_OPTIMAL);
    gf_jsonw_kstring(w, "solver", p->lp.is_mip ? "cbc" : "clp");
    gf_jsonw_kcents(w, "total_cost_usd", p->lp.cost.total);
    gf_jsonw_kreal(w, "bound_usd", p->lp.bound_cents / 100.0);
    gf_jsonw_kreal(w, "gap_usd", p->lp.gap_cents / 100.0);
    gf_jsonw_kreal(w, "gap_pct_of_saving", gf_plan_v2_gap_pct(p));
    gf_jsonw_kstring(w, "status_text", gf_plan_v2_status_text(p, st, sizeof st));
    gf_jsonw_key(w, "landed_avg_approximate");
    gf_jsonw_bool(w, p->landed_approx);
    gf_jsonw_kint(w, "landed_avg_sweeps", p->landed_sweeps);
    json_costs(w, &p->lp.cost);
    gf_jsonw_kcents(w, "saving_usd", p->saving_cents);
    gf_jsonw_kcents(w, "subsidy_bill_usd", p->subsidy_cents);
    gf_jsonw_kint(w, "departures", p->departures);
    json_t(w, "backhaul_t", p->backhaul_mt);
    gf_jsonw_key(w, "duals_from_fixed_lp");
    gf_jsonw_bool(w, p->lp.duals_fixed);
    gf_jsonw_kint(w, "mip_nodes", p->lp.nodes);
    gf_jsonw_kreal(w, "mip_seconds", p->lp.mip_seconds);
    gf_jsonw_kreal(w, "lp_seconds", p->lp.lp_seconds);
    json_products(w, p);
    json_hubs_conversions(w, p);
    json_links(w, p);
    json_markets(w, p);
    json_periods(w, p);
    gf_jsonw_end(w);
}

/* ---- compare (plan_v2.h) ---- */

static const gf_plan_v2_market *market_of(const gf_plan_v2 *p, int32_t node, int32_t product)
{
    for (int32_t i = 0; i < p->n_markets; i++)
        if (p->markets[i].node == node && p->markets[i].product == product)
            return &p->markets[i];
    return NULL;
}

/* One side of a market: delivered, landed avg and saving per tonne. */
static void market_side(gf_jsonw *w, const gf_plan_v2_market *x, const char *suffix)
{
    char k[64];
    double landed, saving;
    bool has = gf_plan_v2_market_usd(x, &landed, &saving);

    snprintf(k, sizeof k, "delivered_t%s", suffix);
    json_t(w, k, x ? x->delivered_mt : 0);
    snprintf(k, sizeof k, "landed_avg_usd_per_t%s", suffix);
    gf__json_real_or_null(w, k, has, landed);
    snprintf(k, sizeof k, "saving_usd_per_t%s", suffix);
    gf__json_real_or_null(w, k, has, saving);
}

static void compare_v2_markets(gf_jsonw *w, const gf_plan_v2_compare_result *r)
{
    gf_jsonw_key(w, "markets");
    gf_jsonw_array(w);
    for (int32_t i = 0; !w->rc && i < r->with->n_markets; i++) {
        const gf_plan_v2_market *x = &r->with->markets[i];
        gf_jsonw_object(w);
        gf_jsonw_kstring(w, "node", node_id(r->with, x->node));
        gf_jsonw_kstring(w, "product", gf_model_product_id(r->with->model, x->product));
        json_t(w, "demand_t", x->demand_mt);
        market_side(w, x, "");
        market_side(w, market_of(r->without, x->node, x->product), "_without");
        gf_jsonw_end(w);
    }
    gf_jsonw_end(w);
}

/* The hubs open in p: [{"node", "option", "fixed_usd"}]. */
static void hubs_open(gf_jsonw *w, const char *k, const gf_plan_v2 *p)
{
    gf_jsonw_key(w, k);
    gf_jsonw_array(w);
    for (int32_t i = 0; i < p->n_hubs; i++) {
        const gf_plan_v2_hub *h = &p->hubs[i];
        if (h->option < 0)
            continue;
        gf_jsonw_object(w);
        gf_jsonw_kstring(w, "node", node_id(p, h->node));
        gf_jsonw_kstring(w, "option", gf_model_hub_option(p->model, h->option)->option);
        gf_jsonw_kcents(w, "fixed_usd", h->fixed_cents);
        gf_jsonw_end(w);
    }
    gf_jsonw_end(w);
}

/* "k": {status, optimal, status_text, gap_usd, gap_pct_of_saving,
 * landed_avg_approximate} of p. */
static void side_status(gf_jsonw *w, const char *k, const gf_plan_v2 *p)
{
    char st[256];

    gf_jsonw_key(w, k);
    gf_jsonw_object(w);
    gf_jsonw_kstring(w, "status", gf_lp_status_name(p->lp.status));
    gf_jsonw_key(w, "optimal");
    gf_jsonw_bool(w, p->lp.status == GF_LP_OPTIMAL);
    gf_jsonw_kstring(w, "status_text", gf_plan_v2_status_text(p, st, sizeof st));
    gf_jsonw_kreal(w, "gap_usd", p->lp.gap_cents / 100.0);
    gf_jsonw_kreal(w, "gap_pct_of_saving", gf_plan_v2_gap_pct(p));
    gf_jsonw_key(w, "landed_avg_approximate");
    gf_jsonw_bool(w, p->landed_approx);
    gf_jsonw_end(w);
}

int gf_export_compare_v2_json(const gf_plan_v2_compare_result *r, FILE *f, gf_error *err)
{
    const gf_plan_v2 *a, *b;
    gf_jsonw w;

    if (!r || !r->with || !r->without || !f)
        return gf_fail(err, GF_EINVAL, "gf_export_compare_v2_json: NULL argument");
    a = r->with;
    b = r->without;
    gf_jsonw_init_file(&w, f, true);
    gf_jsonw_object(&w);
    gf_jsonw_kint(&w, "version", 2);
    gf_jsonw_kstring(&w, "mode", r->mode == GF_COMPARE_TRANSIT ? "transit" : "remove");
    gf_jsonw_key(&w, "nodes");
    gf_jsonw_array(&w);
    for (int32_t i = 0; i < r->n_nodes; i++)
        gf_jsonw_string(&w, node_id(a, r->nodes[i]));
    gf_jsonw_end(&w);
    side_status(&w, "status", a);
    side_status(&w, "status_without", b);
    gf_jsonw_key(&w, "difference_exact");
    gf_jsonw_bool(&w, gf_plan_v2_compare_proven(r));
    gf_jsonw_kcents(&w, "total_cost_usd", a->lp.cost.total);
    gf_jsonw_kcents(&w, "total_cost_usd_without", b->lp.cost.total);
    gf_jsonw_kcents(&w, "difference_usd", b->lp.cost.total - a->lp.cost.total);
    gf_jsonw_kcents(&w, "saving_usd", a->saving_cents);
    gf_jsonw_kcents(&w, "saving_usd_without", b->saving_cents);
    gf_jsonw_kcents(&w, "subsidy_bill_usd", a->subsidy_cents);
    gf_jsonw_kcents(&w, "subsidy_bill_usd_without", b->subsidy_cents);
    gf_jsonw_kint(&w, "departures", a->departures);
    gf_jsonw_kint(&w, "departures_without", b->departures);
    gf_jsonw_kcents(&w, "hub_fixed_usd", a->lp.cost.hub_fixed);
    gf_jsonw_kcents(&w, "hub_fixed_usd_without", b->lp.cost.hub_fixed);
    hubs_open(&w, "hubs_open", a);
    hubs_open(&w, "hubs_open_without", b);
    compare_v2_markets(&w, r);
    gf_jsonw_key(&w, "breakeven_handling_usd_per_t");
    gf_jsonw_null(&w);
    gf_jsonw_kstring(&w, "breakeven_note", "not computed for version-2 scenarios");
    gf_jsonw_end(&w);
    return gf__json_finish(&w, f, err);
}

/* Every node (hubs with their option and throughput), every link that
 * carries anything (sea legs along sea lanes, as the version-1 GeoJSON). */
static void geojsonw(gf_jsonw *w, const gf_plan_v2 *p)
{
    const gf_model *m = p->model;
    double pts[GF_SEA_LANE_MAX_POINTS][2];

    gf_jsonw_object(w);
    gf_jsonw_kstring(w, "type", "FeatureCollection");
    gf_jsonw_key(w, "features");
    gf_jsonw_array(w);
    for (int32_t n = 0; !w->rc && n < gf_model_node_count(m); n++) {
        const gf_node *nd = gf_model_node(m, n);
        gf__geo_feature_begin(w, "Point");
        gf__geo_position(w, nd->lon, nd->lat);
        gf__geo_feature_properties(w);
        gf_jsonw_kstring(w, "id", nd->id);
        gf_jsonw_kstring(w, "name", nd->name);
        gf_jsonw_kstring(w, "kind", gf_node_kind_name(nd->kind));
        for (int32_t i = 0; i < p->n_hubs; i++) {
            const gf_plan_v2_hub *h = &p->hubs[i];
            if (h->node != n)
                continue;
            json_hub_choice(w, "hub_option", p, h);
        }
        gf__geo_feature_end(w);
    }
    for (int32_t i = 0; !w->rc && i < p->n_links; i++) {
        int32_t k = gf__sea_lane_path(m, p->links[i].link, pts, GF_SEA_LANE_MAX_POINTS, NULL);
        gf__geo_feature_begin(w, "LineString");
        gf_jsonw_array(w);
        for (int32_t q = 0; q < k; q++)
            gf__geo_position(w, pts[q][0], pts[q][1]);
        gf_jsonw_end(w);
        gf__geo_feature_properties(w);
        json_link_members(w, p, i);
        gf__geo_feature_end(w);
    }
    gf_jsonw_end(w);
    gf_jsonw_end(w);
}

int gf_export_plan_v2_json(const gf_plan_v2 *p, FILE *f, gf_error *err)
{
    gf_jsonw w;

    if (!p || !f)
        return gf_fail(err, GF_EINVAL, "gf_export_plan_v2_json: NULL argument");
    gf_jsonw_init_file(&w, f, true);
    plan_jsonw(&w, p);
    return gf__json_finish(&w, f, err);
}

int gf_export_plan_v2_geojson(const gf_plan_v2 *p, FILE *f, gf_error *err)
{
    gf_jsonw w;

    if (!p || !f)
        return gf_fail(err, GF_EINVAL, "gf_export_plan_v2_geojson: NULL argument");
    gf_jsonw_init_file(&w, f, true);
    geojsonw(&w, p);
    return gf__json_finish(&w, f, err);
}

char *gf_export_plan_v2_text(const gf_plan_v2 *p, bool geojson, gf_error *err)
{
    gf_jsonw_text t = {0};
    gf_jsonw w;

    if (!p) {
        gf_fail(err, GF_EINVAL, "gf_export_plan_v2_text: NULL argument");
        return NULL;
    }
    gf_jsonw_init_text(&w, &t, true);
    if (geojson)
        geojsonw(&w, p);
    else
        plan_jsonw(&w, p);
    gf_jsonw_raw(&w, "\n", 1);
    if (gf_jsonw_finish(&w, err)) {
        gf_release(t.data);
        return NULL;
    }
    return t.data;
}

typedef struct table_ctx {
    const gf_plan_v2 *p;
    const char *table; /* NULL: plan.json */
} table_ctx;

static int write_table(void *ctx, FILE *f, gf_error *err)
{
    const table_ctx *c = ctx;

    if (c->table && strcmp(c->table, "geojson") == 0)
        return gf_export_plan_v2_geojson(c->p, f, err);
    return c->table ? gf_export_plan_v2_csv(c->p, c->table, f, err)
                    : gf_export_plan_v2_json(c->p, f, err);
}

static int call_xlsx(void *ctx, const char *path, gf_error *err)
{
    static const char *const tables[] = {"flows", "links", "products", "hubs", "conversions"};

    (void)ctx; /* the sheets are the CSV files written before it */
    return gf__export_xlsx_tables(path, tables, sizeof tables / sizeof tables[0], err);
}

static int call_gpkg(void *ctx, const char *path, gf_error *err)
{
    return gf__export_plan_v2_gpkg(ctx, path, err);
}

/* The -o folder, built whole as version 1's is (gf__export_dir): the five
 * tables, plan.json, plan.geojson, then plan.xlsx (a sheet per table) and
 * plan.gpkg (places and flows) written by their libraries. */
int gf_export_plan_v2_dir(const gf_plan_v2 *p, const char *dir, gf_error *err)
{
    static const char *const tables[] = {"flows",       "links", "products", "hubs",
                                         "conversions", NULL,    "geojson"};
    static const char *const names[] = {"flows.csv",       "links.csv", "products.csv", "hubs.csv",
                                        "conversions.csv", "plan.json", "plan.geojson"};
    table_ctx c[7];
    gf__dir_file files[9];

    if (!p || !dir)
        return gf_fail(err, GF_EINVAL, "gf_export_plan_v2_dir: NULL argument");
    for (size_t i = 0; i < 7; i++) {
        c[i] = (table_ctx){p, tables[i]};
        files[i] = (gf__dir_file){.name = names[i], .fn = write_table, .ctx = &c[i]};
    }
    files[7] = (gf__dir_file){"plan.xlsx", NULL, call_xlsx, (void *)p};
    files[8] = (gf__dir_file){"plan.gpkg", NULL, call_gpkg, (void *)p};
    return gf__export_dir(dir, files, 9, err);
}
