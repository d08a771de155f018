/* src/cli/cli_plan_v2.c: `grainflow plan` on a version-2 scenario (several products,
 * conversions, departures, hub facilities): solved by CLP/CBC (lp.h) and
 * summarised from plan_v2.h.
 *
 * The summary says first whether the plan is a proven optimum (a time limit
 * may stop CBC: the incumbent, its bound and gap are printed and the plan is
 * never called optimal), then the total with its breakdown, the saving
 * against the alternative suppliers, the subsidy bill, per product the
 * tonnes bought and delivered, the hubs with their options and fixed costs,
 * conversions, the links with departures and their load factors, and the
 * backhaul (plan_v2.h defines it). --json and -o write the same figures
 * (export_v2.c), --report the HTML report (export_report.c). The status
 * sentence is gf_plan_v2_status_text, the one every output uses.
 *
 * `grainflow compare` on a version-2 scenario prints here too
 * (gf__cli_compare_v2): each plan's status first, per market and product
 * the tonnes delivered, average landed cost and saving per tonne both ways
 * (plan_v2.h defines the average), the totals and their difference (said
 * to be between incumbents unless both plans are proven), the saving, the
 * hubs opened, departures and the subsidy bill each way, and that the
 * break-even fee is not computed for version-2 scenarios.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "grainflow/plan_v2.h"
#include "grainflow/report.h"

static const char *mt_text(int64_t mt, char *buf, size_t size)
{
    char t[24];
    int64_t a = mt < 0 ? -mt : mt;

    gf__cli_tonnes(a / 1000, t, sizeof t);
    if (a % 1000)
        snprintf(buf, size, "%s%s.%03lld", mt < 0 ? "-" : "", t, (long long)(a % 1000));
    else
        snprintf(buf, size, "%s%s", mt < 0 ? "-" : "", t);
    return buf;
}

static void print_costs(const gf_plan_v2 *p)
{
    const gf_lp_costs *c = &p->lp.cost;
    char a[48];

    printf("\nCost breakdown:\n");
    printf("  purchases      %20s\n", gf__cli_usd(c->purchases, a, sizeof a));
    printf("  link costs     %20s\n", gf__cli_usd(c->link, a, sizeof a));
    printf("  subsidy        %20s (paid by the state, subtracted)\n",
           gf__cli_usd(-c->subsidy, a, sizeof a));
    printf("  handling       %20s\n", gf__cli_usd(c->handling, a, sizeof a));
    printf("  storage        %20s\n", gf__cli_usd(c->storage, a, sizeof a));
    printf("  conversions    %20s\n", gf__cli_usd(c->conversion, a, sizeof a));
    printf("  departures     %20s\n", gf__cli_usd(c->departures, a, sizeof a));
    printf("  hub fixed      %20s\n", gf__cli_usd(c->hub_fixed, a, sizeof a));
    printf("  alternative    %20s (undelivered tonnes at the alternative price)\n",
           gf__cli_usd(c->alternative, a, sizeof a));
    printf("  total          %20s\n", gf__cli_usd(c->total, a, sizeof a));
}

static void print_products(const gf_plan_v2 *p)
{
    char a[48], b[48], c[48], d[48];

    printf("\n%-16s %16s %16s %16s %16s\n", "product", "bought t", "demand t", "delivered t",
           "unmet t");
    for (int32_t q = 0; q < p->n_products; q++) {
        const gf_plan_v2_product *x = &p->products[q];
        printf("%-16s %16s %16s %16s %16s\n", gf_model_product_id(p->model, q),
               mt_text(x->bought_mt, a, sizeof a), mt_text(x->demand_mt, b, sizeof b),
               mt_text(x->delivered_mt, c, sizeof c), mt_text(x->unmet_mt, d, sizeof d));
    }
}

static void print_hubs(const gf_plan_v2 *p)
{
    char a[48], b[48], c[48];

    for (int32_t i = 0; i < p->n_hubs; i++) {
        const gf_plan_v2_hub *h = &p->hubs[i];
        if (i == 0)
            printf("\nHubs:\n");
        if (h->option >= 0)
            printf("  %-16s open with %s (fixed %s over the horizon)\n",
                   gf_model_node(p->model, h->node)->id,
                   gf_model_hub_option(p->model, h->option)->option,
                   gf__cli_usd(h->fixed_cents, a, sizeof a));
        else
            printf("  %-16s closed\n", gf_model_node(p->model, h->node)->id);
    }
    for (int32_t i = 0; i < p->n_conversions; i++) {
        const gf_plan_v2_conversion *x = &p->conversions[i];
        const gf_conversion *cv = gf_model_conversion(p->model, x->conversion);
        if (i == 0)
            printf("\nConversions:\n");
        printf("  %-16s %s t %s -> %s t %s (%s)\n", gf_model_node(p->model, cv->node)->id,
               mt_text(x->in_mt, a, sizeof a), gf_model_product_id(p->model, cv->from_product),
               mt_text(x->out_mt, b, sizeof b), gf_model_product_id(p->model, cv->to_product),
               gf__cli_usd(x->cost_cents, c, sizeof c));
    }
}

static void print_links(const gf_plan_v2 *p, int top)
{
    char a[48], b[48], c[48];
    int shown = 0;

    printf("\n%-32s %14s %10s %8s %14s %12s\n", "links: departures, subsidy, backhaul", "t",
           "departures", "load", "subsidy", "backhaul t");
    for (int32_t i = 0; i < p->n_links && shown < top; i++) {
        const gf_plan_v2_link *x = &p->links[i];
        const gf_link *lk = gf_model_link(p->model, x->link);
        char name[80];
        if (x->departures == 0 && x->subsidy_cents == 0 && x->backhaul_mt == 0)
            continue;
        shown++;
        snprintf(name, sizeof name, "%s -> %s", gf_model_node(p->model, lk->from)->id,
                 gf_model_node(p->model, lk->to)->id);
        if (lk->vessel_t > 0) /* a link without vessel_t has no departures to count */
            printf("%-32s %14s %10lld %7.1f%% %14s %12s\n", name,
                   mt_text(x->carried_mt, a, sizeof a), (long long)x->departures,
                   100.0 * x->load_factor, gf__cli_usd(x->subsidy_cents, b, sizeof b),
                   mt_text(x->backhaul_mt, c, sizeof c));
        else
            printf("%-32s %14s %10s %8s %14s %12s\n", name, mt_text(x->carried_mt, a, sizeof a),
                   "-", "-", gf__cli_usd(x->subsidy_cents, b, sizeof b),
                   mt_text(x->backhaul_mt, c, sizeof c));
    }
}

static void print_summary(const gf_plan_v2 *p, const char *dir, int top)
{
    const gf_model *m = p->model;
    char a[48], b[48], st[256];

    printf("grainflow plan: %s (%s), version-2 scenario solved by %s\n",
           gf_model_name(m)[0] ? gf_model_name(m) : "scenario", dir,
           p->lp.is_mip ? "CBC (MIP)" : "CLP (LP)");
    printf("%s\n", gf_plan_v2_status_text(p, st, sizeof st));
    if (gf_plan_v2_landed_note(p, st, sizeof st)[0])
        printf("%s\n", st);
    if (p->lp.status != GF_LP_OPTIMAL)
        printf("bound on the total %s: the saving is at most %s\n",
               gf__cli_usd((int64_t)p->lp.bound_cents, a, sizeof a),
               gf__cli_usd(p->lp.alt_all_cents - (int64_t)p->lp.bound_cents, b, sizeof b));
    printf("Total cost %s; saving against the alternative suppliers %s\n",
           gf__cli_usd(p->lp.cost.total, a, sizeof a), gf__cli_usd(p->saving_cents, b, sizeof b));
    printf("Subsidy bill (paid by the state): %s; departures: %lld; backhaul: %s t\n",
           gf__cli_usd(p->subsidy_cents, a, sizeof a), (long long)p->departures,
           mt_text(p->backhaul_mt, b, sizeof b));
    print_costs(p);
    print_products(p);
    print_hubs(p);
    print_links(p, top);
    if (p->lp.has_duals && p->lp.duals_fixed)
        printf("\n(duals from the LP with the departures and hub choices fixed at this plan)\n");
}

int gf__cli_plan_v2(const gf_model *m, const gf_cli_opts *o, const int32_t *hub_force)
{
    gf_error err = {0};
    gf_lp_options lo;
    gf_plan_v2 *p;
    int rc = GF_EXIT_OK;

    gf_lp_options_init(&lo);
    lo.time_limit_s = o->time_limit_s;
    lo.gap_share = o->gap_pct >= 0 ? o->gap_pct / 100 : GF_LP_GAP_SHARE_DEFAULT;
    lo.hub_force = hub_force;
    p = gf_plan_v2_solve(m, &lo, &err);
    if (!p)
        return gf_cli_report(&err);
    if (o->outdir && gf_export_plan_v2_dir(p, o->outdir, &err)) {
        rc = gf_cli_report(&err);
    } else if (o->report && gf_export_plan_v2_report(p, &(gf_report_info){.scenario_dir = o->dir},
                                                     o->report, &err)) {
        rc = gf_cli_report(&err);
    } else if (o->json) {
        if (gf_export_plan_v2_json(p, stdout, &err))
            rc = gf_cli_report(&err);
    } else {
        print_summary(p, o->dir, o->top);
        if (o->outdir)
            printf("\nwrote flows.csv links.csv products.csv hubs.csv conversions.csv plan.json "
                   "plan.geojson plan.xlsx plan.gpkg to %s\n",
                   o->outdir);
    }
    gf_plan_v2_destroy(p);
    return rc;
}

/* ---- compare ---- */

static void print_market_side(const gf_plan_v2_market *x)
{
    char a[48];
    double landed, saving;

    printf(" %14s", mt_text(x ? x->delivered_mt : 0, a, sizeof a));
    if (gf_plan_v2_market_usd(x, &landed, &saving))
        printf(" %10.2f %9.2f", landed, saving);
    else
        printf(" %10s %9s", "-", "-");
}

static const gf_plan_v2_market *v2_market(const gf_plan_v2 *p, const gf_plan_v2_market *x)
{
    for (int32_t i = 0; i < p->n_markets; i++)
        if (p->markets[i].node == x->node && p->markets[i].product == x->product)
            return &p->markets[i];
    return NULL;
}

/* "H: small ($1,000.00), ..." or "none" into buf. */
static const char *hubs_text(const gf_plan_v2 *p, char *buf, size_t size)
{
    size_t n = 0;

    snprintf(buf, size, "none");
    for (int32_t i = 0; i < p->n_hubs && n < size; i++) {
        const gf_plan_v2_hub *h = &p->hubs[i];
        char a[48];
        int k;
        if (h->option < 0)
            continue;
        k = snprintf(buf + n, size - n, "%s%s: %s (fixed %s)", n ? ", " : "",
                     gf_model_node(p->model, h->node)->id,
                     gf_model_hub_option(p->model, h->option)->option,
                     gf__cli_usd(h->fixed_cents, a, sizeof a));
        n += k > 0 ? (size_t)k : 0;
    }
    return buf;
}

static void print_compare_v2(const gf_plan_v2_compare_result *r, const char *dir)
{
    const gf_plan_v2 *a = r->with, *b = r->without;
    const gf_model *m = a->model;
    char x[48], y[48], z[48], names[1024] = "", st[256];
    size_t n = 0;

    for (int32_t i = 0; i < r->n_nodes && n < sizeof names; i++) {
        int k = snprintf(names + n, sizeof names - n, "%s%s",
                         i == 0                ? ""
                         : i + 1 == r->n_nodes ? " and "
                                               : ", ",
                         gf_model_node(m, r->nodes[i])->id);
        n += k > 0 ? (size_t)k : 0;
    }
    printf("grainflow compare: %s (%s), version-2 scenario, with and without %s (%s)\n",
           gf_model_name(m)[0] ? gf_model_name(m) : "scenario", dir, names,
           r->mode == GF_COMPARE_TRANSIT
               ? "transit only: a hub closed, other nodes keep their own supply and demand"
               : "removed: every link at the node closed, own supply and demand too");
    printf("with:    %s\n", gf_plan_v2_status_text(a, st, sizeof st));
    printf("without: %s\n", gf_plan_v2_status_text(b, st, sizeof st));
    if (gf_plan_v2_landed_note(a, st, sizeof st)[0])
        printf("with:    %s\n", st);
    if (gf_plan_v2_landed_note(b, st, sizeof st)[0])
        printf("without: %s\n", st);
    printf("\n%-24s %-10s %14s %10s %9s | %14s %10s %9s\n", "market", "product", "with: t",
           "avg landed", "saving", "without: t", "avg landed", "saving");
    for (int32_t i = 0; i < a->n_markets; i++) {
        const gf_plan_v2_market *s = &a->markets[i];
        printf("%-24s %-10s", gf_model_node(m, s->node)->id, gf_model_product_id(m, s->product));
        print_market_side(s);
        printf(" |");
        print_market_side(v2_market(b, s));
        printf("\n");
    }
    printf("\ntotal cost with %s, without %s: %s %s\n", gf__cli_usd(a->lp.cost.total, x, sizeof x),
           gf__cli_usd(b->lp.cost.total, y, sizeof y),
           gf__cli_usd(b->lp.cost.total - a->lp.cost.total, z, sizeof z),
           b->lp.cost.total >= a->lp.cost.total
               ? (r->n_nodes > 1 ? "saved by the nodes" : "saved by the node")
               : "cheaper without");
    if (!gf_plan_v2_compare_proven(r))
        printf("NOT exact: the two plans are not both proven optimal, so this is the difference "
               "between their best plans found (see the status lines and gaps above)\n");
    printf("saving against the alternative suppliers: with %s, without %s\n",
           gf__cli_usd(a->saving_cents, x, sizeof x), gf__cli_usd(b->saving_cents, y, sizeof y));
    printf("hubs open with: %s\n", hubs_text(a, names, sizeof names));
    printf("hubs open without: %s\n", hubs_text(b, names, sizeof names));
    printf("departures with %lld, without %lld\n", (long long)a->departures,
           (long long)b->departures);
    printf("subsidy bill (paid by the state) with %s, without %s\n",
           gf__cli_usd(a->subsidy_cents, x, sizeof x), gf__cli_usd(b->subsidy_cents, y, sizeof y));
    printf("break-even handling fee: not computed for version-2 scenarios (each step of its "
           "search would be a MIP)\n");
}

int gf__cli_compare_v2(const gf_plan_v2_compare_result *r, const char *dir, bool json)
{
    gf_error err = {0};

    if (!json) {
        print_compare_v2(r, dir);
        return GF_EXIT_OK;
    }
    if (gf_export_compare_v2_json(r, stdout, &err))
        return gf_cli_report(&err);
    return GF_EXIT_OK;
}
