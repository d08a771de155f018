/* src/cli/cli_summary.c: the planner's text summary of a plan.
 *
 * Sections: network and solve; hubs and ports (throughput, peak stock and
 * when); markets (delivered, average landed cost, alternative price, saving
 * per tonne, unmet, main route); cost breakdown; CO2; the top bottlenecks,
 * one line per capacity with its highest shadow price and the periods it
 * binds in (as ranges).
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "cli/cli_int.h"

const char *gf__cli_tonnes(int64_t t, char *buf, size_t size)
{
    char raw[32];
    size_t n, k = 0, o = 0;
    bool neg = t < 0;

    snprintf(raw, sizeof raw, "%llu",
             (unsigned long long)(neg ? (uint64_t)0 - (uint64_t)t : (uint64_t)t));
    n = strlen(raw);
    if (neg && o + 1 < size)
        buf[o++] = '-';
    for (k = 0; k < n && o + 2 < size; k++) {
        if (k && (n - k) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = raw[k];
    }
    buf[o] = '\0';
    return buf;
}

const char *gf__cli_usd(int64_t cents, char *buf, size_t size)
{
    char whole[40];
    uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;

    gf__cli_tonnes((int64_t)(a / 100), whole, sizeof whole);
    snprintf(buf, size, "%s$%s.%02u", cents < 0 ? "-" : "", whole, (unsigned)(a % 100));
    return buf;
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
            n += (size_t)snprintf(buf + n, size - n, " -%s-> %s", gf_mode_name(l->mode),
                                  gf_model_node(m, l->to)->id);
        }
    }
    return buf;
}

static const char *period_word(const gf_model *m)
{
    return gf_model_period_days(m) == 7.0 ? "week" : "period";
}

static void print_hubs(FILE *f, const gf_plan *p)
{
    char a[32], b[32];

    if (!p->n_hubs)
        return;
    fprintf(f, "\n%-38s %14s %14s  peak %s\n", "Hubs, ports and stores", "throughput t",
            "peak stock t", period_word(p->model));
    for (int32_t i = 0; i < p->n_hubs; i++) {
        const gf_plan_hub *h = &p->hubs[i];
        if (h->throughput_t == 0 && h->peak_stock_t == 0)
            continue;
        fprintf(f, "  %-36s %14s %14s  ", gf_model_node(p->model, h->node)->id,
                gf__cli_tonnes(h->throughput_t, a, sizeof a),
                gf__cli_tonnes(h->peak_stock_t, b, sizeof b));
        if (h->peak_period >= 0)
            fprintf(f, "%d\n", h->peak_period + 1);
        else
            fprintf(f, "-\n");
    }
}

static void print_markets(FILE *f, const gf_plan *p)
{
    char a[32], b[32], chain[1024];

    fprintf(f, "\n%-28s %12s %10s %10s %11s %12s  main route\n", "Markets", "delivered t",
            "landed $/t", "alt $/t", "saving $/t", "unmet t");
    for (int32_t i = 0; i < p->n_market_sums; i++) {
        const gf_plan_market_sum *s = &p->market_sums[i];
        gf_market_figures g;
        gf_plan_market_figures(s, &g);
        fprintf(f, "  %-26s %12s ", gf_model_node(p->model, s->node)->id,
                gf__cli_tonnes(s->delivered_t, a, sizeof a));
        if (g.has_landed)
            fprintf(f, "%10.2f %10.2f %11.2f", g.landed_usd, g.alt_usd, g.saving_usd);
        else
            fprintf(f, "%10s %10.2f %11s", "-", g.alt_usd, "-");
        fprintf(f, " %12s  %s\n", gf__cli_tonnes(s->unmet_t, b, sizeof b),
                s->main_route >= 0
                    ? gf__cli_chain(p, &p->routes[s->main_route], chain, sizeof chain)
                    : "(none: the alternative supplier is cheaper)");
    }
}

/* What the delivered tonnes save against buying them from the alternative
 * suppliers: sum over markets of alt x delivered - landed cost of routes. */
static void print_saving(FILE *f, const gf_plan *p)
{
    int64_t saving = 0;
    char b[48], t[32];

    if (!p->delivered_t)
        return;
    for (int32_t i = 0; i < p->n_market_sums; i++)
        saving += p->market_sums[i].alt_cents - p->market_sums[i].landed_cents;
    fprintf(f, "Saving against the alternative suppliers: %s on %s t (%.2f $/t)\n",
            gf__cli_usd(saving, b, sizeof b), gf__cli_tonnes(p->delivered_t, t, sizeof t),
            (double)saving / 100.0 / (double)p->delivered_t);
}

static void print_costs(FILE *f, const gf_plan *p)
{
    char b[48], t[32];

    fprintf(f, "\nDemand %s t: delivered %s t", gf__cli_tonnes(p->demand_t, t, sizeof t),
            gf__cli_tonnes(p->delivered_t, b, sizeof b));
    fprintf(f, ", unmet %s t (bought elsewhere for %s)\n", gf__cli_tonnes(p->unmet_t, t, sizeof t),
            gf__cli_usd(p->cost.unmet, b, sizeof b));
    print_saving(f, p);
    fprintf(f, "\nCost breakdown\n");
    fprintf(f, "  procurement %24s\n", gf__cli_usd(p->cost.procurement, b, sizeof b));
    fprintf(f, "  transport   %24s\n", gf__cli_usd(p->cost.transport, b, sizeof b));
    fprintf(f, "  handling    %24s\n", gf__cli_usd(p->cost.handling, b, sizeof b));
    fprintf(f, "  storage     %24s\n", gf__cli_usd(p->cost.storage, b, sizeof b));
    fprintf(f, "  unmet       %24s\n", gf__cli_usd(p->cost.unmet, b, sizeof b));
    fprintf(f, "  total       %24s\n", gf__cli_usd(p->cost.total, b, sizeof b));
    fprintf(f, "\nCO2: %.1f t (%.2f kg per delivered tonne)\n", p->co2_t,
            p->delivered_t ? p->co2_t * 1000.0 / (double)p->delivered_t : 0.0);
}

/* Print the periods in which the capacity (kind, ref) binds, as ranges. */
static void print_periods(FILE *f, const gf_plan *p, gf_bottleneck_kind kind, int32_t ref)
{
    int32_t np = gf_model_periods(p->model), t = 0, printed = 0;
    char mark[GF_MODEL_MAX_PERIODS + 1];

    memset(mark, 0, sizeof mark);
    for (int32_t i = 0; i < p->n_bottlenecks; i++)
        if (p->bottlenecks[i].kind == kind && p->bottlenecks[i].ref == ref)
            mark[p->bottlenecks[i].period] = 1;
    while (t < np) {
        int32_t s;
        if (!mark[t]) {
            t++;
            continue;
        }
        for (s = t; t < np && mark[t]; t++)
            ;
        if (printed++)
            fputs(",", f);
        if (t - 1 > s)
            fprintf(f, "%d-%d", s + 1, t);
        else
            fprintf(f, "%d", s + 1);
    }
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
    int32_t np = gf_model_periods(m), t = 0, printed = 0;
    char mark[GF_MODEL_MAX_PERIODS + 1];

    memset(mark, 0, sizeof mark);
    for (int32_t i = 0; i < p->n_supply_limits; i++) {
        const gf_supply *s = gf_model_supply(m, p->supply_limits[i].supply);
        if (s->node == node)
            mark[s->period] = 1;
    }
    while (t < np) {
        int32_t s0;
        if (!mark[t]) {
            t++;
            continue;
        }
        for (s0 = t; t < np && mark[t]; t++)
            ;
        fprintf(f, "%s%d", printed++ ? "," : "", s0 + 1);
        if (t - 1 > s0)
            fprintf(f, "-%d", t);
    }
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
    print_hubs(f, p);
    print_markets(f, p);
    print_costs(f, p);
    print_bottlenecks(f, p, top);
    print_supply_limits(f, p, top);
}
