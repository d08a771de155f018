/* src/cli/cmd_compare.c: `grainflow compare [DIR] --without NODE`.
 *
 * Solves the scenario with and without the node (the second solve is warm
 * started from the first, with the node's arcs closed) and prints per market
 * the delivered tonnes, landed cost, saving and CO2 both ways, the total
 * difference, and the node's break-even handling fee.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "grainflow/export.h"
#include "grainflow/plan.h"
#include "grainflow/scenario.h"

static const char compare_usage[] =
    "usage: grainflow compare [DIR] --without NODE [--json]\n"
    "\n"
    "Solve the scenario in DIR (default: data/kz-ma-africa) with and without\n"
    "NODE (every link, storage, supply and demand at it closed) and print per\n"
    "market the tonnes delivered, avg landed $/t (the average cost of the\n"
    "delivered tonnes), saving and CO2 both ways, the\n"
    "difference in total cost, and NODE's break-even handling fee: the highest\n"
    "fee at which it would still carry flow.\n"
    "\n"
    "  --without NODE  the node id to take out (required)\n"
    "  --json          print one JSON object\n"
    "Exit codes: 0 ok, 1 no solution, 2 bad input or usage, 3 internal error.\n";

static void print_side(const gf_plan_market_sum *s)
{
    gf_market_figures g;
    char a[32];

    if (!s) {
        printf(" %12s %10s %9s %10s", "0", "-", "-", "0.0");
        return;
    }
    gf_plan_market_figures(s, &g);
    printf(" %12s", gf__cli_tonnes(s->delivered_t, a, sizeof a));
    if (g.has_landed)
        printf(" %10.2f %9.2f", g.landed_usd, g.saving_usd);
    else
        printf(" %10s %9s", "-", "-");
    printf(" %10.1f", s->co2_kg / 1000.0);
}

static void print_compare(const gf_plan_compare_result *r, const char *dir)
{
    const gf_model *m = r->with->model;
    char a[48], b[48], c[48];

    printf("grainflow compare: %s (%s) with and without %s\n",
           gf_model_name(m)[0] ? gf_model_name(m) : "scenario", dir, gf_model_node(m, r->node)->id);
    printf("\n%-24s %12s %10s %9s %10s | %12s %10s %9s %10s\n", "market", "with: t", "avg landed",
           "saving", "CO2 t", "without: t", "avg landed", "saving", "CO2 t");
    for (int32_t i = 0; i < r->with->n_market_sums; i++) {
        const gf_plan_market_sum *s = &r->with->market_sums[i], *w = NULL;
        for (int32_t k = 0; k < r->without->n_market_sums; k++)
            if (r->without->market_sums[k].node == s->node)
                w = &r->without->market_sums[k];
        printf("%-24s", gf_model_node(m, s->node)->id);
        print_side(s);
        printf(" |");
        print_side(w);
        printf("\n");
    }
    printf(
        "\ntotal cost with %s, without %s: %s %s\n", gf__cli_usd(r->with->cost.total, a, sizeof a),
        gf__cli_usd(r->without->cost.total, b, sizeof b),
        gf__cli_usd(r->without->cost.total - r->with->cost.total, c, sizeof c),
        r->without->cost.total >= r->with->cost.total ? "saved by the node" : "cheaper without it");
    printf("delivered with %s t, without %s t; CO2 %.1f t vs %.1f t\n",
           gf__cli_tonnes(r->with->delivered_t, a, sizeof a),
           gf__cli_tonnes(r->without->delivered_t, b, sizeof b), r->with->co2_t, r->without->co2_t);
    if (r->has_breakeven)
        printf("break-even handling fee at %s: %s/t (now %s/t; %d warm re-solves)\n",
               gf_model_node(m, r->node)->id, gf__cli_usd(r->breakeven_cents_per_t, a, sizeof a),
               gf__cli_usd(gf_model_node(m, r->node)->handling_cents_per_t, b, sizeof b),
               r->resolves);
    else
        printf("%s carries no flow even with a zero handling fee\n", gf_model_node(m, r->node)->id);
}

int gf_cli_compare(int argc, char **argv)
{
    gf_cli_opts o;
    gf_error err = {0};
    gf_model *m = NULL;
    gf_plan_compare_result r = {0};
    int32_t node;
    int rc = gf__cli_parse_common(argc, argv, &o, compare_usage);

    if (rc)
        return rc < 0 ? 0 : rc;
    if (!o.without)
        return gf_cli_usage_error(argv[0], "--without NODE is required");
    if (o.outdir)
        return gf_cli_usage_error(argv[0], "-o is not supported by compare; use --json");
    m = gf_scenario_read_csv(o.dir, &err);
    if (!m) {
        rc = gf_cli_report(&err);
        goto out;
    }
    node = gf_model_find_node(m, o.without);
    if (node < 0) {
        rc = gf_cli_usage_error(argv[0], "--without '%s' is not a node id of %s/nodes.csv",
                                o.without, o.dir);
        goto out;
    }
    if (gf_plan_compare(m, node, &r, &err)) {
        rc = gf_cli_report(&err);
        goto out;
    }
    if (o.json) {
        if (gf_export_compare_json(&r, stdout, &err))
            rc = gf_cli_report(&err);
    } else {
        print_compare(&r, o.dir);
    }
out:
    gf_plan_compare_fini(&r);
    gf_model_destroy(m);
    return rc;
}
