/* src/cli/cli_summary.c: the planner's text summary of a plan.
 *
 * It leads with what the corridor does (tonnes delivered, the saving against
 * the alternative suppliers in total and per tonne, the average landed cost,
 * what the hubs transship), then: origins (offered, sold, netback, the value
 * of the next tonne; for an origin that sells nothing, how far it is from
 * selling and what would close the gap); hubs, ports and stores (received for
 * own demand, transshipped and shipped apart, peak stock and when); markets
 * (delivered, avg and marginal landed cost, alternative price, saving per
 * tonne, unmet, main route); sea legs with their vessel class, flagging lots
 * below one vessel's cargo; the cost breakdown, whose total includes the
 * alternative purchases; CO2; the top bottlenecks and limiting supply.
 * Two landed costs, two names used the same way in every output:
 * "avg landed $/t" is the average cost of the corridor's delivered tonnes
 * (routes), "marginal landed $/t" what one more tonne at that market and
 * period costs (the node potential; it equals the alternative price whenever
 * some demand there is unmet). Periods are labelled with their calendar month
 * from the scenario's start_month when periods are a month long or shorter.
 * All figures come from the plan (src/plan/plan_figures.c): nothing here
 * computes an answer the JSON and the report would not also show.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "cli/cli_int.h"

const char *gf__cli_tonnes(int64_t t, char *buf, size_t size)
{
    return gf_tonnes_format(t, buf, size);
}

const char *gf__cli_usd(int64_t cents, char *buf, size_t size)
{
    return gf_usd_format(cents, buf, size);
}

const char *gf__cli_chain(const gf_plan *p, const gf_plan_route *r, char *buf, size_t size)
{
    const gf_model *m = p->model;
    size_t n = (size_t)snprintf(buf, size, "%s",
                                gf_model_node(m, gf_model_supply(m, r->supply)->node)->id);

    for (int32_t k = 0; k < r->n_legs && n < size; k++) {
        const gf_route_leg *g = &r->legs[k];
        if (g->kind == GF_LEG_LINK) {
            const gf_link *l = gf_model_link(m, g->ref);
            n += (size_t)snprintf(buf + n, size - n, " -%s%s%s-> %s", gf_mode_name(l->mode),
                                  l->vessel_class[0] ? ":" : "", l->vessel_class,
                                  gf_model_node(m, l->to)->id);
        }
    }
    return buf;
}

static const char *period_word(const gf_model *m)
{
    return gf_model_period_days(m) == 7.0 ? "week" : "period";
}

static const char *const month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* "23 (Dec)": period t (0-based) 1-based, with the month it starts in when
 * periods are at most a month long (start_month labels period 1). */
const char *gf__cli_period(const gf_model *m, int32_t t, char *buf, size_t size)
{
    double days = gf_model_period_days(m);

    if (days > 31.0) {
        snprintf(buf, size, "%d", t + 1);
        return buf;
    }
    snprintf(buf, size, "%d (%s)", t + 1,
             month_names[(gf_model_start_month(m) - 1 + (int)((double)t * days / 30.4375)) % 12]);
    return buf;
}

static void print_hubs(FILE *f, const gf_plan *p)
{
    char a[32], b[32], c[32], d[32], w[32];

    if (!p->n_hubs)
        return;
    fprintf(f, "\n%-30s %15s %15s %13s %13s  peak %s\n", "Hubs, ports and stores", "received own t",
            "transshipped t", "shipped t", "peak stock t", period_word(p->model));
    for (int32_t i = 0; i < p->n_hubs; i++) {
        const gf_plan_hub *h = &p->hubs[i];
        if (h->throughput_t == 0 && h->peak_stock_t == 0 && h->shipped_t == 0)
            continue;
        fprintf(f, "  %-28s %15s %15s %13s %13s  %s\n", gf_model_node(p->model, h->node)->id,
                gf__cli_tonnes(h->received_own_t, a, sizeof a),
                gf__cli_tonnes(h->transshipped_t, b, sizeof b),
                gf__cli_tonnes(h->shipped_t, c, sizeof c),
                gf__cli_tonnes(h->peak_stock_t, d, sizeof d),
                h->peak_period >= 0 ? gf__cli_period(p->model, h->peak_period, w, sizeof w) : "-");
    }
}

/* Lowest and highest marginal landed cost over the market's periods. */
static void marginal_range(const gf_plan *p, int32_t node, double *lo, double *hi)
{
    bool any = false;

    *lo = *hi = 0;
    for (int32_t i = 0; i < p->n_markets; i++) {
        double v = (double)p->markets[i].landed_cents_per_t / 100.0;
        if (p->markets[i].node != node || p->markets[i].demand_t == 0)
            continue;
        if (!any || v < *lo)
            *lo = v;
        if (!any || v > *hi)
            *hi = v;
        any = true;
    }
}

static void print_markets(FILE *f, const gf_plan *p)
{
    char a[32], b[32], chain[1024];

    fprintf(f, "\n%-24s %12s %14s %19s %8s %11s %12s  main route\n", "Markets", "delivered t",
            "avg landed $/t", "marginal landed $/t", "alt $/t", "saving $/t", "unmet t");
    for (int32_t i = 0; i < p->n_market_sums; i++) {
        const gf_plan_market_sum *s = &p->market_sums[i];
        gf_market_figures g;
        double lo, hi;
        char range[48];
        gf_plan_market_figures(s, &g);
        marginal_range(p, s->node, &lo, &hi);
        if (hi - lo < 0.005)
            snprintf(range, sizeof range, "%.2f", lo);
        else
            snprintf(range, sizeof range, "%.2f-%.2f", lo, hi);
        fprintf(f, "  %-22s %12s ", gf_model_node(p->model, s->node)->id,
                gf__cli_tonnes(s->delivered_t, a, sizeof a));
        if (g.has_landed)
            fprintf(f, "%14.2f %19s %8.2f %11.2f", g.landed_usd, range, g.alt_usd, g.saving_usd);
        else
            fprintf(f, "%14s %19s %8.2f %11s", "-", range, g.alt_usd, "-");
        fprintf(f, " %12s  %s\n", gf__cli_tonnes(s->unmet_t, b, sizeof b),
                s->main_route >= 0
                    ? gf__cli_chain(p, &p->routes[s->main_route], chain, sizeof chain)
                    : "(none: the alternative supplier is cheaper)");
    }
}

/* What the delivered tonnes save against buying them from the alternative
 * suppliers (p->saving_cents: alt x delivered - landed cost of the routes). */
static void print_saving(FILE *f, const gf_plan *p)
{
    char b[48], t[32];

    if (!p->delivered_t)
        return;
    fprintf(f, "Saving against the alternative suppliers: %s on %s t (%.2f $/t)\n",
            gf__cli_usd(p->saving_cents, b, sizeof b), gf__cli_tonnes(p->delivered_t, t, sizeof t),
            (double)p->saving_cents / 100.0 / (double)p->delivered_t);
}

static void print_costs(FILE *f, const gf_plan *p)
{
    char b[48], t[32];

    fprintf(f, "\nDemand %s t: delivered %s t", gf__cli_tonnes(p->demand_t, t, sizeof t),
            gf__cli_tonnes(p->delivered_t, b, sizeof b));
    fprintf(f, ", unmet %s t (bought elsewhere for %s)\n", gf__cli_tonnes(p->unmet_t, t, sizeof t),
            gf__cli_usd(p->cost.unmet, b, sizeof b));
    fprintf(f, "\nCost breakdown (the total includes the alternative purchases)\n");
    fprintf(f, "  %-36s %20s\n", "procurement", gf__cli_usd(p->cost.procurement, b, sizeof b));
    fprintf(f, "  %-36s %20s\n", "transport", gf__cli_usd(p->cost.transport, b, sizeof b));
    fprintf(f, "  %-36s %20s\n", "handling", gf__cli_usd(p->cost.handling, b, sizeof b));
    fprintf(f, "  %-36s %20s\n", "storage", gf__cli_usd(p->cost.storage, b, sizeof b));
    fprintf(f, "  %-36s %20s\n", "unmet (the alternative purchases)",
            gf__cli_usd(p->cost.unmet, b, sizeof b));
    fprintf(f, "  %-36s %20s\n", "total incl. the alternative purchases",
            gf__cli_usd(p->cost.total, b, sizeof b));
    fprintf(f, "\nCO2: %.1f t (%.2f kg per delivered tonne)\n", p->co2_t,
            p->delivered_t ? p->co2_t * 1000.0 / (double)p->delivered_t : 0.0);
}

/* Print the marked periods as ranges, "1-4 (Jul), 9-14 (Sep-Oct)": months from
 * start_month when periods are at most a month long. */
static void print_ranges(FILE *f, const gf_model *m, const char *mark)
{
    int32_t np = gf_model_periods(m), t = 0, printed = 0;
    bool months = gf_model_period_days(m) <= 31.0;

    while (t < np) {
        int32_t s;
        if (!mark[t]) {
            t++;
            continue;
        }
        for (s = t; t < np && mark[t]; t++)
            ;
        fprintf(f, "%s%d", printed++ ? ", " : "", s + 1);
        if (t - 1 > s)
            fprintf(f, "-%d", t);
        if (months) {
            char a[32], b[32];
            const char *ma = strchr(gf__cli_period(m, s, a, sizeof a), '(');
            const char *mb = strchr(gf__cli_period(m, t - 1, b, sizeof b), '(');
            if (strcmp(ma, mb) != 0)
                fprintf(f, " (%.3s-%.3s)", ma + 1, mb + 1);
            else
                fprintf(f, " %s", ma);
        }
    }
}

/* Print the periods in which the capacity (kind, ref) binds, as ranges. */
static void print_periods(FILE *f, const gf_plan *p, gf_bottleneck_kind kind, int32_t ref)
{
    char mark[GF_MODEL_MAX_PERIODS + 1];

    memset(mark, 0, sizeof mark);
    for (int32_t i = 0; i < p->n_bottlenecks; i++)
        if (p->bottlenecks[i].kind == kind && p->bottlenecks[i].ref == ref)
            mark[p->bottlenecks[i].period] = 1;
    print_ranges(f, p->model, mark);
}

/* True when the capacity of x binds in one period only. */
static bool binds_once(const gf_plan *p, const gf_plan_bottleneck *x)
{
    int n = 0;

    for (int32_t i = 0; i < p->n_bottlenecks; i++)
        n += p->bottlenecks[i].kind == x->kind && p->bottlenecks[i].ref == x->ref;
    return n == 1;
}

static void print_bottlenecks(FILE *f, const gf_plan *p, int top)
{
    const gf_model *m = p->model;
    int shown = 0;
    char b[48], c[32];

    if (!p->n_bottlenecks) {
        fprintf(f, "\nNo capacity binds: more capacity anywhere would save nothing.\n");
        return;
    }
    fprintf(f, "\nTop bottlenecks (what one more tonne of capacity saves)\n");
    for (int32_t i = 0; i < p->n_bottlenecks && shown < top; i++) {
        const gf_plan_bottleneck *x = &p->bottlenecks[i];
        bool seen = false;
        for (int32_t k = 0; k < i && !seen; k++)
            seen = p->bottlenecks[k].kind == x->kind && p->bottlenecks[k].ref == x->ref;
        if (seen)
            continue; /* sorted by shadow price: the first is the highest */
        shown++;
        if (x->kind == GF_BOTTLENECK_LINK) {
            const gf_link *l = gf_model_link(m, x->ref);
            fprintf(f, "  %-5s link %s -> %s", gf_mode_name(l->mode), gf_model_node(m, l->from)->id,
                    gf_model_node(m, l->to)->id);
        } else {
            fprintf(f, "  %s of %s", x->kind == GF_BOTTLENECK_THROUGHPUT ? "throughput" : "storage",
                    gf_model_node(m, x->ref)->id);
        }
        fprintf(f, ": capacity %s t, up to %s/t, binds in %s%s ",
                gf__cli_tonnes(x->capacity_t, c, sizeof c),
                gf__cli_usd(x->shadow_cents_per_t, b, sizeof b), period_word(m),
                binds_once(p, x) ? "" : "s");
        print_periods(f, p, x->kind, x->ref);
        fputc('\n', f);
    }
}

/* Print the periods in which some offer at node is a binding limit. */
static void print_supply_periods(FILE *f, const gf_plan *p, int32_t node)
{
    const gf_model *m = p->model;
    char mark[GF_MODEL_MAX_PERIODS + 1];

    memset(mark, 0, sizeof mark);
    for (int32_t i = 0; i < p->n_supply_limits; i++) {
        const gf_supply *s = gf_model_supply(m, p->supply_limits[i].supply);
        if (s->node == node)
            mark[s->period] = 1;
    }
    print_ranges(f, m, mark);
}

static void print_supply_limits(FILE *f, const gf_plan *p, int top)
{
    const gf_model *m = p->model;
    int shown = 0;
    char b[48];

    if (!p->n_supply_limits)
        return;
    fprintf(f, "\nSupply that limits the plan (what one more tonne offered saves)\n");
    for (int32_t i = 0; i < p->n_supply_limits && shown < top; i++) {
        int32_t node = gf_model_supply(m, p->supply_limits[i].supply)->node;
        bool seen = false;
        for (int32_t k = 0; k < i && !seen; k++)
            seen = gf_model_supply(m, p->supply_limits[k].supply)->node == node;
        if (seen)
            continue; /* sorted by shadow price: the first is the highest */
        shown++;
        fprintf(f, "  %s: every tonne offered is bought; up to %s/t, in %ss ",
                gf_model_node(m, node)->id,
                gf__cli_usd(p->supply_limits[i].shadow_cents_per_t, b, sizeof b), period_word(m));
        print_supply_periods(f, p, node);
        fputc('\n', f);
    }
}

/* Transshipped tonnes over the nodes of one kind, and the node with the most. */
static int64_t transshipped(const gf_plan *p, gf_node_kind kind, int32_t *top_node)
{
    int64_t sum = 0, best = 0;

    *top_node = -1;
    for (int32_t i = 0; i < p->n_hubs; i++) {
        const gf_plan_hub *h = &p->hubs[i];
        if (gf_model_node(p->model, h->node)->kind != kind)
            continue;
        sum += h->transshipped_t;
        if (h->transshipped_t > best) {
            best = h->transshipped_t;
            *top_node = h->node;
        }
    }
    return sum;
}

/* The answer first: what the corridor delivers, saves and moves through hubs. */
static void print_headline(FILE *f, const gf_plan *p)
{
    static const gf_node_kind kinds[] = {GF_NODE_HUB, GF_NODE_PORT};
    char a[32], b[32];

    fprintf(f, "\nWhat the corridor does\n");
    fprintf(f, "  delivers %s t of the markets' %s t (%.1f%%)\n",
            gf__cli_tonnes(p->delivered_t, a, sizeof a), gf__cli_tonnes(p->demand_t, b, sizeof b),
            p->demand_t ? 100.0 * (double)p->delivered_t / (double)p->demand_t : 0.0);
    if (!p->delivered_t) {
        fprintf(f, "  nothing: the alternative suppliers are cheaper at every market\n");
        return;
    }
    fputs("  ", f);
    print_saving(f, p);
    fprintf(f, "  avg landed $/t %.2f: the average cost of a delivered tonne at its market\n",
            (double)p->landed_avg_cents / 100.0);
    for (int k = 0; k < 2; k++) {
        int32_t top;
        int64_t t = transshipped(p, kinds[k], &top);
        fprintf(f, "  transshipped at %ss: %s t", gf_node_kind_name(kinds[k]),
                gf__cli_tonnes(t, a, sizeof a));
        if (top >= 0)
            fprintf(f, " (most at %s)", gf_model_node(p->model, top)->id);
        fputc('\n', f);
    }
}

/* For an origin that sells nothing: how far, where, and what closes it. */
static void print_gap(FILE *f, const gf_plan *p, const gf_plan_origin *o)
{
    const gf_model *m = p->model;
    int64_t gap = -o->margin_cents_per_t;
    char a[48], b[48], w[32], v[32];

    if (o->best_market < 0) {
        fprintf(f, "  %s: no market is reachable over links.csv\n", gf_model_node(m, o->node)->id);
        return;
    }
    fprintf(f, "  %s: %s/t short of selling, at best at %s: bought in %s %s, delivered in %s %s\n",
            gf_model_node(m, o->node)->id, gf__cli_usd(gap, a, sizeof a),
            gf_model_node(m, o->best_market)->id, period_word(m),
            gf__cli_period(m, o->best_supply_period, v, sizeof v), period_word(m),
            gf__cli_period(m, o->best_period, w, sizeof w));
    fprintf(f, "    would sell if its price fell below %s/t (now %s)",
            gf__cli_usd(o->price_cents_per_t - gap, a, sizeof a),
            gf__cli_usd(o->price_cents_per_t, b, sizeof b));
    if (o->first_link >= 0) {
        const gf_link *l = gf_model_link(m, o->first_link);
        if (gap < o->first_link_cents_per_t)
            fprintf(f, ", or the %s %s -> %s cost less than %s/t (now %s)", gf_mode_name(l->mode),
                    gf_model_node(m, l->from)->id, gf_model_node(m, l->to)->id,
                    gf__cli_usd(o->first_link_cents_per_t - gap, a, sizeof a),
                    gf__cli_usd(o->first_link_cents_per_t, b, sizeof b));
        else
            fprintf(f, " (more than its whole first leg, %s %s/t)", gf_mode_name(l->mode),
                    gf__cli_usd(o->first_link_cents_per_t, b, sizeof b));
    }
    fputs("\n", f);
}

static void print_origins(FILE *f, const gf_plan *p)
{
    const gf_model *m = p->model;
    char a[32], b[32];
    int unsold = 0;

    if (!p->n_origins)
        return;
    fprintf(f, "\n%-24s %12s %12s %10s %12s %15s\n", "Origins", "offered t", "sold t", "price $/t",
            "netback $/t", "next tonne $/t");
    for (int32_t i = 0; i < p->n_origins; i++) {
        const gf_plan_origin *o = &p->origins[i];
        fprintf(f, "  %-22s %12s %12s %10.2f ", gf_model_node(m, o->node)->id,
                gf__cli_tonnes(o->offered_t, a, sizeof a), gf__cli_tonnes(o->sold_t, b, sizeof b),
                (double)o->price_cents_per_t / 100.0);
        if (o->sold_t > 0)
            fprintf(f, "%12.2f", (double)o->netback_cents_per_t / 100.0);
        else
            fprintf(f, "%12s", "-");
        if (o->best_market >= 0)
            fprintf(f, " %+15.2f", (double)o->margin_cents_per_t / 100.0);
        else
            fprintf(f, " %15s", "-");
        fputc('\n', f);
        unsold += o->sold_t == 0 && o->offered_t > 0;
    }
    fprintf(f, "  (netback: what a tonne sold earns at the origin, the alternative price at its\n"
               "  market less logistics; next tonne: its value at the best market less its price,\n"
               "  capacities ignored: > 0 saves that much, < 0 is the gap to selling)\n");
    if (!unsold)
        return;
    fprintf(f, "\nOrigins that sell nothing: how far from selling, and what would close the gap\n");
    for (int32_t i = 0; i < p->n_origins; i++)
        if (p->origins[i].sold_t == 0 && p->origins[i].offered_t > 0)
            print_gap(f, p, &p->origins[i]);
}

/* One sea or river link's flows over the year. */
typedef struct sea_leg {
    int32_t link, weeks;
    int64_t t, min_t, max_t;
} sea_leg;

static bool sea_leg_of(const gf_plan *p, int32_t link, sea_leg *g)
{
    *g = (sea_leg){.link = link};
    for (int32_t i = 0; i < p->n_flows; i++) {
        int64_t t = p->flows[i].t;
        if (p->flows[i].link != link)
            continue;
        g->t += t;
        g->min_t = g->weeks++ ? (t < g->min_t ? t : g->min_t) : t;
        g->max_t = t > g->max_t ? t : g->max_t;
    }
    return g->weeks > 0;
}

/* Sea and river legs with their vessel class; until departures are modelled
 * (issue 8), a period's flow below one vessel's cargo is not a shipment. */
static void print_sea_legs(FILE *f, const gf_plan *p)
{
    const gf_model *m = p->model;
    char a[32], b[32], c[32], d[32], chain[160];
    int shown = 0, tiny = 0;

    for (int32_t l = 0; l < gf_model_link_count(m); l++) {
        const gf_link *k = gf_model_link(m, l);
        sea_leg g;
        if ((k->mode != GF_MODE_SEA && k->mode != GF_MODE_RIVER) || !sea_leg_of(p, l, &g))
            continue;
        if (!shown++)
            fprintf(f, "\n%-40s %-18s %11s %12s %6ss %15s\n", "Sea legs", "vessel class",
                    "1 cargo t", "t", period_word(m), "t min-max");
        snprintf(chain, sizeof chain, "%s -> %s", gf_model_node(m, k->from)->id,
                 gf_model_node(m, k->to)->id);
        snprintf(d, sizeof d, "%s-%s", gf__cli_tonnes(g.min_t, a, sizeof a),
                 gf__cli_tonnes(g.max_t, b, sizeof b));
        fprintf(f, "  %-38s %-18s %11s %12s %7d %15s", chain,
                k->vessel_class[0] ? k->vessel_class : "-",
                k->class_cargo_t ? gf__cli_tonnes(k->class_cargo_t, c, sizeof c) : "-",
                gf__cli_tonnes(g.t, a, sizeof a), g.weeks, d);
        if (k->class_cargo_t > 0 && g.min_t < k->class_cargo_t) {
            fputs("  not a real shipment", f);
            tiny++;
        }
        fputc('\n', f);
    }
    if (tiny)
        fprintf(f,
                "  %d of %d sea legs carry less than one vessel's cargo in some %s: not a real\n"
                "  shipment until departures are modelled (flows are tonnes per %s, not lots)\n",
                tiny, shown, period_word(m), period_word(m));
}

void gf__cli_print_summary(FILE *f, const gf_plan *p, const char *dir, int top)
{
    const gf_model *m = p->model;

    fprintf(f, "grainflow plan: %s (%s)\n", gf_model_name(m)[0] ? gf_model_name(m) : "scenario",
            dir);
    fprintf(f,
            "network: %d nodes, %d links, %d periods of %g days (%s) -> %d nodes, %d arcs; "
            "optimal in %.3f s, %lld pivots\n",
            gf_model_node_count(m), gf_model_link_count(m), gf_model_periods(m),
            gf_model_period_days(m), gf_model_horizon(m) == GF_HORIZON_OPEN ? "open" : "cyclic",
            p->net_nodes, p->net_arcs, p->solve_seconds, (long long)p->pivots);
    if (gf_model_period_days(m) <= 31.0)
        fprintf(f, "period 1 starts in %s (start_month %d)\n",
                month_names[gf_model_start_month(m) - 1], gf_model_start_month(m));
    print_headline(f, p);
    print_origins(f, p);
    print_hubs(f, p);
    print_markets(f, p);
    print_sea_legs(f, p);
    print_costs(f, p);
    print_bottlenecks(f, p, top);
    print_supply_limits(f, p, top);
}
