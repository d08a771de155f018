/* src/cli/cmd_compare.c: `grainflow compare [DIR] --without NODE... [--remove]`.
 *
 * Solves the scenario with and without the nodes (closed together; the
 * second solve is warm started from the first) and prints per market the
 * delivered tonnes, landed cost, saving and CO2 both ways, the total
 * difference, and each node's break-even fee (gf_plan_compare_nodes,
 * src/plan/plan_compare.c, defines it and how it is found).
 * "Without" is transit-only by default: the node keeps its own supply and
 * demand and nothing passes through it, which is what "the corridor without
 * the hub" means (a port's own imports stay); --remove takes the whole node
 * out, its own market or supply too. --without is repeatable: every node
 * given is closed in the same "without" plan.
 *
 * A version-2 scenario (several products, conversions, departures, hubs)
 * is compared by gf_plan_v2_compare (src/plan/plan_compare_v2.c) through
 * CLP/CBC, within --time-limit S per solve and --gap PCT, and printed by
 * cli_plan_v2.c; the scenario is read once (the closed plan's model is a
 * copy that function makes).
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "grainflow/export.h"
#include "grainflow/lp.h"
#include "grainflow/plan.h"
#include "grainflow/plan_v2.h"
#include "grainflow/scenario.h"

#define MAX_WITHOUT 64

static const char compare_usage[] =
    "usage: grainflow compare [DIR] --without NODE [--without NODE...] [--remove] [--json]\n"
    "                         [--time-limit S] [--gap PCT]\n"
    "\n"
    "Solve the scenario in DIR (default: data/kz-ma-africa; or a .xlsx / .ods\n"
    "workbook, as for grainflow plan) with and without\n"
    "the nodes and print per market the tonnes delivered, avg landed $/t (the\n"
    "average cost of the delivered tonnes), saving and CO2 both ways, the\n"
    "difference in total cost, and each node's break-even fee.\n"
    "\n"
    "  --without NODE  a node id to take out (required; repeat it for several\n"
    "                  nodes, closed together in one \"without\" plan)\n"
    "  --remove        take the whole node out: its links, storage, own supply\n"
    "                  and own demand. Without it only the transshipment goes:\n"
    "                  the node keeps its own supply and demand (a port still\n"
    "                  imports for its market) and nothing passes through it\n"
    "  --json          print one JSON object\n"
    "  --time-limit S  version-2 scenarios: stop each CBC solve after S seconds;\n"
    "                  a plan stopped early is printed with its gap and marked\n"
    "                  NOT proven optimal, and so is a difference between plans\n"
    "                  not both proven\n"
    "  --gap PCT       version-2 scenarios: let each solve stop once proven\n"
    "                  within PCT % of its saving against the alternative\n"
    "                  suppliers (default 0.1, what grainflow site proves; 0:\n"
    "                  prove each optimum exactly)\n"
    "\n"
    "Version-2 scenarios (several products, conversions, departures, hubs) are\n"
    "solved by CLP/CBC and printed per market and product, with each plan's\n"
    "status, the hubs opened, departures and the subsidy bill each way. There,\n"
    "\"without\" a hub facility means its choice forced closed, and --remove\n"
    "closes every link at the node. \"avg landed\"\n"
    "is the average cost of the tonnes delivered there, every tonne at a place\n"
    "costing the average of what came in (products share ships and silos, so\n"
    "there are no routes to read it from). The break-even fee is not computed\n"
    "for them: each step of its search would be a MIP.\n"
    "\n"
    "Break-even fee: the highest fee per tonne, to the cent, at which a plan\n"
    "sending tonnes through the node is still cheaper than one without; above\n"
    "it none go through. It is charged on the transshipped tonnes in place of\n"
    "the node's handling fee (with --remove: the handling fee on every tonne\n"
    "arriving). When even a zero fee sends nothing through it says \"no\n"
    "transshipment at any fee >= 0\". Found exactly by warm re-solves.\n"
    "A node with both supply and demand rows needs --remove (its own tonnes\n"
    "cannot be told from transshipped ones).\n"
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

/* "A, B and C" (the compared nodes) into buf. */
static const char *node_list(const gf_plan_compare_result *r, char *buf, size_t size)
{
    const gf_model *m = r->with->model;
    size_t n = 0;

    buf[0] = 0;
    for (int32_t i = 0; i < r->n_nodes && n < size; i++) {
        const char *sep = i == 0 ? "" : i + 1 == r->n_nodes ? " and " : ", ";
        int k = snprintf(buf + n, size - n, "%s%s", sep, gf_model_node(m, r->nodes[i].node)->id);
        n += k > 0 ? (size_t)k : 0;
    }
    return buf;
}

static void print_breakeven(const gf_plan_compare_result *r, const gf_plan_compare_node *c)
{
    const gf_node *nd = gf_model_node(r->with->model, c->node);
    bool transit = r->mode == GF_COMPARE_TRANSIT;
    const char *what = transit ? "transshipped" : "arriving";
    char a[48], b[48], t[32];

    gf__cli_usd(nd->handling_cents_per_t, b, sizeof b);
    if (!c->has_breakeven) {
        printf("%s: no %s at any fee >= 0 (now %s/t; %d warm re-solves)\n", nd->id,
               transit ? "transshipment" : "flow", b, c->resolves);
        return;
    }
    gf__cli_usd(c->breakeven_cents_per_t, a, sizeof a);
    printf("break-even handling fee at %s: %s/t on %s tonnes; ", nd->id, a, what);
    if (c->through_t > 0 && c->breakeven_cents_per_t < nd->handling_cents_per_t)
        printf("its %s/t now is a tie: %s t go through, and a plan without them costs the same", b,
               gf__cli_tonnes(c->through_t, t, sizeof t));
    else if (c->through_t > 0)
        printf("%s t go through at its %s/t now, none above %s/t",
               gf__cli_tonnes(c->through_t, t, sizeof t), b, a);
    else
        printf("none go through at its %s/t now; they start at %s/t or less", b, a);
    printf(" (%d warm re-solves)\n", c->resolves);
}

static void print_compare(const gf_plan_compare_result *r, const char *dir)
{
    const gf_model *m = r->with->model;
    char a[48], b[48], c[48], names[1024];

    printf("grainflow compare: %s (%s) with and without %s (%s)\n",
           gf_model_name(m)[0] ? gf_model_name(m) : "scenario", dir,
           node_list(r, names, sizeof names),
           r->mode == GF_COMPARE_TRANSIT
               ? "transit only: own supply and demand kept, nothing passes through"
               : "removed: links, storage, own supply and demand");
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
    printf("\ntotal cost with %s, without %s: %s %s\n",
           gf__cli_usd(r->with->cost.total, a, sizeof a),
           gf__cli_usd(r->without->cost.total, b, sizeof b),
           gf__cli_usd(r->without->cost.total - r->with->cost.total, c, sizeof c),
           r->without->cost.total >= r->with->cost.total
               ? (r->n_nodes > 1 ? "saved by the nodes" : "saved by the node")
               : "cheaper without");
    printf("delivered with %s t, without %s t; CO2 %.1f t vs %.1f t\n",
           gf__cli_tonnes(r->with->delivered_t, a, sizeof a),
           gf__cli_tonnes(r->without->delivered_t, b, sizeof b), r->with->co2_t, r->without->co2_t);
    for (int32_t i = 0; i < r->n_nodes; i++)
        print_breakeven(r, &r->nodes[i]);
}

/* DIR, --without NODE (repeatable), --remove, --json, -h. 0, -1 after the
 * help, or GF_EXIT_USAGE after a usage error. */
/* --time-limit S (> 0) or --gap PCT (0 <= PCT < 100) at argv[*i] into *v: 1
 * when it was that option, 0 when not, -1 after a usage error. */
static int parse_limit(int argc, char **argv, int *i, const char *opt, double *v)
{
    bool seconds = strcmp(opt, "--time-limit") == 0;
    const char *s = NULL;
    char *end = NULL;
    int r = gf_cli_option_value(argc, argv, i, argv[0], opt, &s);

    if (r <= 0)
        return r;
    errno = 0;
    *v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(*v) || (seconds ? *v <= 0 : *v < 0 || *v >= 100)) {
        gf_cli_usage_error(argv[0],
                           seconds
                               ? "--time-limit must be a number of seconds > 0 (got '%s')"
                               : "--gap must be a percentage of the saving, at least 0 and below "
                                 "100 (got '%s'); 0 proves the optimum",
                           s);
        return -1;
    }
    return 1;
}

static int parse(int argc, char **argv, const char **dir, const char **without, int *n_without,
                 bool *remove, bool *json, gf_lp_options *lo, char *dirbuf, size_t dirsize)
{
    *dir = NULL;
    *n_without = 0;
    *remove = *json = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int r;
        if (gf_cli_is_help(a)) {
            fputs(compare_usage, stdout);
            return -1;
        }
        if (strcmp(a, "--json") == 0 || strcmp(a, "--remove") == 0) {
            *(a[2] == 'j' ? json : remove) = true;
            continue;
        }
        if (strcmp(a, "-o") == 0 || strncmp(a, "--out", 5) == 0)
            return gf_cli_usage_error(argv[0], "-o is not supported by compare; use --json");
        r = parse_limit(argc, argv, &i, "--time-limit", &lo->time_limit_s);
        if (!r) {
            double pct = lo->gap_share * 100;
            r = parse_limit(argc, argv, &i, "--gap", &pct);
            lo->gap_share = pct / 100;
        }
        if (r < 0)
            return GF_EXIT_USAGE;
        if (r > 0)
            continue;
        r = gf_cli_option_value(argc, argv, &i, argv[0], "--without", &v);
        if (r < 0)
            return GF_EXIT_USAGE;
        if (r > 0) {
            for (int k = 0; k < *n_without; k++)
                if (strcmp(without[k], v) == 0)
                    return gf_cli_usage_error(argv[0], "--without '%s' is given twice", v);
            if (*n_without == MAX_WITHOUT)
                return gf_cli_usage_error(argv[0], "at most %d --without nodes", MAX_WITHOUT);
            without[(*n_without)++] = v;
            continue;
        }
        if (gf__cli_dir_arg(argv[0], a, dir))
            return GF_EXIT_USAGE;
    }
    if (!*n_without)
        return gf_cli_usage_error(argv[0], "--without NODE is required");
    return gf__cli_dir_or_default(argv[0], dir, dirbuf, dirsize);
}

/* The version-2 compare of m (borrowed) without nodes. The exit code. */
static int compare_v2(const gf_model *m, const char *dir, const int32_t *nodes, int n, bool remove,
                      bool json, const gf_lp_options *lo, const char *cmd)
{
    gf_plan_v2_compare_result r = {0};
    gf_error err = {0};
    int rc;

    rc = gf_plan_v2_compare(m, NULL, nodes, n, remove ? GF_COMPARE_REMOVE : GF_COMPARE_TRANSIT, lo,
                            &r, &err);
    if (rc) {
        rc = gf_cli_report(&err);
        if (err.code == GF_EINVAL && strstr(err.msg, "close the whole node instead"))
            fprintf(stderr, "%s: hint: --remove takes such a node out whole\n", cmd);
    } else {
        rc = gf__cli_compare_v2(&r, dir, json);
    }
    gf_plan_v2_compare_fini(&r);
    return rc;
}

int gf_cli_compare(int argc, char **argv)
{
    static char dirbuf[PATH_MAX];
    const char *dir, *without[MAX_WITHOUT];
    int32_t nodes[MAX_WITHOUT];
    int n_without;
    bool remove, json;
    gf_error err = {0};
    gf_model *m = NULL;
    gf_plan_compare_result r = {0};
    gf_lp_options lo;
    int rc;

    gf_lp_options_init(&lo);
    lo.gap_share = -1; /* not given: GF_LP_GAP_SHARE_DEFAULT on version 2 */
    rc = parse(argc, argv, &dir, without, &n_without, &remove, &json, &lo, dirbuf, sizeof dirbuf);
    if (rc)
        return rc < 0 ? 0 : rc;
    m = gf_scenario_read_path(dir, &err);
    if (!m) {
        rc = gf_cli_report(&err);
        goto out;
    }
    for (int i = 0; i < n_without; i++) {
        nodes[i] = gf_model_find_node(m, without[i]);
        if (nodes[i] < 0) {
            rc = gf_cli_usage_error(argv[0], "--without '%s' is not a node id of %s/nodes.csv",
                                    without[i], dir);
            goto out;
        }
    }
    if (gf_lp_model_kind(m) != GF_LP_KIND_NETWORK) {
        if (lo.gap_share < 0)
            lo.gap_share = GF_LP_GAP_SHARE_DEFAULT;
        rc = compare_v2(m, dir, nodes, n_without, remove, json, &lo, argv[0]);
        goto out;
    }
    if (lo.time_limit_s > 0 || lo.gap_share >= 0) {
        rc = gf_cli_usage_error(argv[0],
                                "--time-limit and --gap apply to version-2 scenarios "
                                "(solved by CBC); %s is solved exactly by the network "
                                "simplex",
                                dir);
        goto out;
    }
    if (gf_plan_compare_nodes(m, nodes, n_without, remove ? GF_COMPARE_REMOVE : GF_COMPARE_TRANSIT,
                              &r, &err)) {
        rc = gf_cli_report(&err);
        if (err.code == GF_EINVAL)
            fprintf(stderr, "%s: hint: --remove takes such a node out whole\n", argv[0]);
        goto out;
    }
    if (json) {
        if (gf_export_compare_json(&r, stdout, &err))
            rc = gf_cli_report(&err);
    } else {
        print_compare(&r, dir);
    }
out:
    gf_plan_compare_fini(&r);
    gf_model_destroy(m);
    return rc;
}
