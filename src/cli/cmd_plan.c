/* src/cli/cmd_plan.c: `grainflow plan` and `grainflow validate`.
 *
 * plan reads a scenario folder (or the default one), solves it and prints a
 * summary a planner can act on, or the whole plan as JSON (--json), and with
 * -o writes the CSV, JSON and GeoJSON outputs. Nothing is written unless the
 * scenario read and the solve succeeded, and each file appears atomically.
 * --edit takes one what-if edit as a JSON object (the forms of whatif.h),
 * parsed once into the typed list of edit.h; an error names the option
 * ("--edit #2 pct: error: ..."). The edited plan is solved as a what-if.
 * A version-2 scenario (several products, conversions, departures, hubs)
 * goes to cli_plan_v2.c: the edits are applied to its model
 * (gf_plan_v2_apply_edits) and CLP/CBC solve it, within --time-limit S.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "grainflow/edit.h"
#include "grainflow/export.h"
#include "grainflow/lp.h"
#include "grainflow/plan.h"
#include "grainflow/plan_v2.h"
#include "grainflow/report.h"
#include "grainflow/scenario.h"
#include "grainflow/whatif.h"

static const char plan_usage[] =
    "usage: grainflow plan [DIR] [-o OUTDIR] [--json] [--top N] [--report FILE.html]\n"
    "                      [--edit JSON]... [--time-limit S] [--gap PCT]\n"
    "\n"
    "Plan the grain corridor of the scenario in DIR (default: the bundled\n"
    "data/kz-ma-africa, found next to the executable, via GF_DATA_DIR, or in the\n"
    "installed share/grainflow/data) at least total cost: purchases + transport +\n"
    "handling + storage + the alternative price of every tonne not delivered.\n"
    "\n"
    "  -o OUTDIR   also write flows.csv, markets.csv, stocks.csv, bottlenecks.csv,\n"
    "              routes.csv, plan.json, plan.geojson, plan.xlsx (a sheet per\n"
    "              table) and plan.gpkg (GeoPackage: places, flows) into OUTDIR\n"
    "  --json      print the plan as one JSON object instead of the summary\n"
    "  --top N     list the N most valuable bottlenecks (default 10)\n"
    "  --report FILE.html  also write a self-contained HTML report (map, charts,\n"
    "              tables; opens offline, prints to PDF)\n"
    "  --edit JSON plan a what-if: one edit object, applied in the order given;\n"
    "              repeat for more. For example\n"
    "              --edit '{\"op\":\"scale_freight\",\"mode\":\"sea\",\"pct\":10}'\n"
    "              --edit '{\"op\":\"close_node\",\"node\":\"MA_CASABLANCA\",\"periods\":[1,2]}'\n"
    "              ops: scale_freight, set_node, scale_supply, scale_demand,\n"
    "              close_link, close_node, close_transit (see whatif.h); on\n"
    "              version-2 scenarios also scale_alt_fob (the competitors' FOB\n"
    "              price) and set_hub (a hub option's fixed_usd_per_year; see edit.h)\n"
    "  --time-limit S  version-2 scenarios solved by CBC: stop after S seconds\n"
    "              with the best plan found, its bound and gap, reported as NOT\n"
    "              proven optimal (default: no limit, prove optimality). The\n"
    "              network simplex of version-1 scenarios needs none\n"
    "  --gap PCT   version-2 scenarios solved by CBC: stop once the plan is\n"
    "              proven within PCT % of its saving against the alternative\n"
    "              suppliers (default 0.1, what grainflow site proves; such a\n"
    "              plan is \"proven within\", never called optimal). --gap 0\n"
    "              proves the optimum exactly, which on the version-2 default\n"
    "              takes far longer\n"
    "  -h, --help  this text\n"
    "\n"
    "The summary leads with what the corridor does: tonnes delivered, the saving\n"
    "against the alternative suppliers, origins (netback, the value of their next\n"
    "tonne, and for those that sell nothing the gap and what would close it),\n"
    "hubs (received for own demand, transshipped, shipped), markets, sea legs\n"
    "with their vessel class; the cost breakdown's total includes the\n"
    "alternative purchases. Two landed costs, named the same in every output:\n"
    "  avg landed $/t       (landed_avg_usd_per_t) the average cost of the\n"
    "                       corridor's delivered tonnes at their market\n"
    "  marginal landed $/t  (landed_marginal_usd_per_t) what one more tonne at\n"
    "                       that market and period costs (the dual); it equals\n"
    "                       the alternative price wherever demand is left unmet\n"
    "\n"
    "Scenario folder: scenario.csv (name, periods, period_days, horizon,\n"
    "start_month), nodes.csv, links.csv (vessel_class, class_cargo_t), supply.csv,\n"
    "demand.csv, and estimates.csv for the report; optional format-2 files\n"
    "products.csv, conversions.csv, hubs.csv and per-period overrides\n"
    "link_periods.csv, node_periods.csv; see include/grainflow/scenario.h.\n"
    "DIR may instead be one .xlsx or .ods workbook with a sheet per table, named\n"
    "like the files without .csv (scenario, nodes, links, supply, demand, ...).\n"
    "Exit codes: 0 ok, 1 no solution, 2 bad input or usage, 3 internal error.\n";

static const char validate_usage[] =
    "usage: grainflow validate [DIR]\n"
    "\n"
    "Read and check the scenario in DIR (default: data/kz-ma-africa) without\n"
    "solving: every error is printed as file:line:column with what is accepted.\n"
    "Also builds the time-expanded network, which checks that every figure fits\n"
    "the solver's integer range. Exit codes: 0 valid, 2 bad input, 3 internal.\n";

/* --time-limit S into o->time_limit_s, or --gap PCT into o->gap_pct: 1 when
 * argv[*i] was one, 0 when not, -1 after a usage error. */
static int parse_time_limit(int argc, char **argv, int *i, gf_cli_opts *o)
{
    const char *v = NULL;
    char *end = NULL;
    int r = gf_cli_option_value(argc, argv, i, argv[0], "--time-limit", &v);

    if (r == 0) {
        r = gf_cli_option_value(argc, argv, i, argv[0], "--gap", &v);
        if (r != 1)
            return r;
        errno = 0;
        o->gap_pct = strtod(v, &end);
        if (errno || end == v || *end || !isfinite(o->gap_pct) || o->gap_pct < 0 ||
            o->gap_pct >= 100) {
            gf_cli_usage_error(argv[0],
                               "--gap must be a percentage of the saving, at least 0 and "
                               "below 100 (got '%s')",
                               v);
            return -1;
        }
        return 1;
    }
    if (r != 1)
        return r;
    errno = 0;
    o->time_limit_s = strtod(v, &end);
    if (errno || end == v || *end || !isfinite(o->time_limit_s) || o->time_limit_s <= 0) {
        gf_cli_usage_error(argv[0], "--time-limit must be a number of seconds > 0 (got '%s')", v);
        return -1;
    }
    return 1;
}

/* One option that takes a value: -o / --out, --without, --report, --top. Returns 1 when
 * argv[*i] was one (consumed), 0 when not, -1 after a usage error. */
static int parse_valued(int argc, char **argv, int *i, gf_cli_opts *o)
{
    const char *cmd = argv[0], *v = NULL;
    int r = gf_cli_option_value(argc, argv, i, cmd, "-o", &o->outdir);
    char *end;
    long n;

    if (!r)
        r = gf_cli_option_value(argc, argv, i, cmd, "--out", &o->outdir);
    if (!r)
        r = gf_cli_option_value(argc, argv, i, cmd, "--without", &o->without);
    if (!r)
        r = gf_cli_option_value(argc, argv, i, cmd, "--report", &o->report);
    if (!r)
        r = parse_time_limit(argc, argv, i, o);
    if (r)
        return r;
    r = gf_cli_option_value(argc, argv, i, cmd, "--top", &v);
    if (r != 1)
        return r;
    n = strtol(v, &end, 10);
    if (!v[0] || *end || n < 0 || n > 100000) {
        gf_cli_usage_error(cmd, "--top takes a count from 0 to 100000 (got '%s')", v);
        return -1;
    }
    o->top = (int)n;
    return 1;
}

int gf__cli_dir_arg(const char *cmd, const char *a, const char **dir)
{
    if (a[0] == '-' && a[1])
        return gf_cli_usage_error(cmd, "unknown option '%s'", a);
    if (*dir)
        return gf_cli_usage_error(cmd, "one scenario folder only (got '%s' and '%s')", *dir, a);
    *dir = a;
    return 0;
}

int gf__cli_dir_or_default(const char *cmd, const char **dir, char *buf, size_t size)
{
    if (*dir)
        return 0;
    if (gf_cli_default_scenario(buf, size))
        return gf_cli_usage_error(cmd, "no scenario folder given and the default "
                                       "data/kz-ma-africa was not found; pass DIR or set "
                                       "GF_DATA_DIR");
    *dir = buf;
    return 0;
}

int gf__cli_parse_common(int argc, char **argv, gf_cli_opts *o, const char *usage)
{
    memset(o, 0, sizeof *o);
    o->gap_pct = -1;
    o->top = 10;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r;
        if (gf_cli_is_help(a)) {
            fputs(usage, stdout);
            return -1;
        }
        if (strcmp(a, "--json") == 0) {
            o->json = true;
            continue;
        }
        r = parse_valued(argc, argv, &i, o);
        if (r < 0)
            return GF_EXIT_USAGE;
        if (r > 0)
            continue;
        if (gf__cli_dir_arg(argv[0], a, &o->dir))
            return GF_EXIT_USAGE;
    }
    return gf__cli_dir_or_default(argv[0], &o->dir, o->dirbuf, sizeof o->dirbuf);
}

/* Warn (stdout, as file:line: warning:, or for a workbook "BOOK: sheet S,
 * row R: warning:") about markets no supply can reach
 * and origins that can reach no market. Never fails the validation. */
static int print_reach_warnings(const gf_model *m, const char *dir, gf_error *err)
{
    int32_t nn = gf_model_node_count(m);
    uint8_t *from = calloc((size_t)nn + 1, 1), *to = calloc((size_t)nn + 1, 1);
    uint8_t *said = calloc((size_t)nn + 1, 1); /* 1: market warned, 2: origin warned */
    char where[600];                           /* the row: file:line or sheet and row */
    int rc = GF_OK;

    if (!from || !to || !said) {
        rc = gf_fail(err, GF_ENOMEM, "out of memory");
        goto out;
    }
    rc = gf_model_reach(m, from, to, err);
    for (int32_t i = 0; !rc && i < gf_model_demand_count(m); i++) {
        const gf_demand *d = gf_model_demand(m, i);
        if (from[d->node] || d->t == 0 || (said[d->node] & 1))
            continue;
        said[d->node] |= 1;
        printf("%s: warning: no supply can reach market %s over links.csv; "
               "all its demand will be bought elsewhere\n",
               gf_scenario_where(dir, "demand.csv", d->line, where, sizeof where),
               gf_model_node(m, d->node)->id);
    }
    for (int32_t i = 0; !rc && i < gf_model_supply_count(m); i++) {
        const gf_supply *s = gf_model_supply(m, i);
        if (to[s->node] || s->t == 0 || (said[s->node] & 2))
            continue;
        said[s->node] |= 2;
        printf("%s: warning: grain offered at %s can reach no market over links.csv\n",
               gf_scenario_where(dir, "supply.csv", s->line, where, sizeof where),
               gf_model_node(m, s->node)->id);
    }
out:
    free(from);
    free(to);
    free(said);
    return rc;
}

int gf_cli_validate(int argc, char **argv)
{
    gf_cli_opts o;
    gf_error err = {0};
    gf_model *m = NULL;
    gf_network *net = NULL;
    int rc = gf__cli_parse_common(argc, argv, &o, validate_usage);

    if (rc)
        return rc < 0 ? 0 : rc;
    if (o.time_limit_s > 0 || o.gap_pct >= 0)
        return gf_cli_usage_error(argv[0], "%s belongs to grainflow plan",
                                  o.time_limit_s > 0 ? "--time-limit" : "--gap");
    m = gf_scenario_read_path(o.dir, &err);
    if (m)
        net = gf_network_build(m, &err);
    if (m && !net && err.code == GF_EINVAL && gf_model_version(m) == 2) {
        /* read and checked; the network simplex cannot plan it (model.h) */
        printf("%s: valid (format version 2; %s): %d nodes, %d links, %d products\n", o.dir,
               err.msg, gf_model_node_count(m), gf_model_link_count(m), gf_model_product_count(m));
        goto out;
    }
    if (!m || !net) {
        rc = gf_cli_report(&err);
        goto out;
    }
    rc = print_reach_warnings(m, o.dir, &err);
    if (rc) {
        rc = gf_cli_report(&err);
        goto out;
    }
    printf("%s: valid: %d nodes, %d links, %d supply rows, %d demand rows; %d periods of %g "
           "days, %s; network %d nodes, %d arcs\n",
           o.dir, gf_model_node_count(m), gf_model_link_count(m), gf_model_supply_count(m),
           gf_model_demand_count(m), gf_model_periods(m), gf_model_period_days(m),
           gf_model_horizon(m) == GF_HORIZON_OPEN ? "open" : "cyclic", net->n_nodes, net->n_arcs);
out:
    gf_network_destroy(net);
    gf_model_destroy(m);
    return rc;
}

/* Move every "--edit JSON" out of argv (into edits, in order) so that the
 * common options parser sees the rest. Returns the count, or -1 after a
 * usage error was printed. */
static int take_edits(int *argc, char **argv, const char **edits, int max)
{
    int n = 0, k = 1;

    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--edit") != 0) {
            argv[k++] = argv[i];
            continue;
        }
        if (i + 1 >= *argc || n == max) {
            gf_cli_usage_error(argv[0], i + 1 >= *argc ? "--edit needs a JSON edit object"
                                                       : "too many --edit options");
            return -1;
        }
        edits[n++] = argv[++i];
    }
    *argc = k;
    argv[k] = NULL;
    return n;
}

/* The plan of m (taken) with the edits applied, as a what-if (*w owns m). */
static gf_plan *plan_whatif(gf_model *m, const char **args, int n, gf_whatif **w, gf_error *err)
{
    gf_edits *l = gf_edits_create(err);
    gf_plan *p = NULL;
    int rc = l ? GF_OK : GF_ENOMEM;

    for (int i = 0; !rc && i < n; i++)
        rc = gf_edits_parse_arg(l, args[i], i, err);
    *w = rc ? NULL : gf_whatif_create_model(m, err);
    if (rc)
        gf_model_destroy(m);
    if (*w && !gf_whatif_apply(*w, l, err)) /* takes l */
        p = gf_whatif_solve(*w, err);
    else if (!*w)
        gf_edits_destroy(l);
    return p;
}

/* A version-2 model m (borrowed, edited in place) with the edits applied to
 * it, solved and printed by cli_plan_v2.c. The exit code. */
static int plan_v2(gf_model *m, const char **args, int n, const gf_cli_opts *o)
{
    gf_error err = {0};
    gf_edits *l = n ? gf_edits_create(&err) : NULL;
    int32_t nn = gf_model_node_count(m), *force = NULL;
    int rc = n && !l ? GF_ENOMEM : GF_OK;

    if (!rc && n) {
        force = malloc(((size_t)nn + 1) * sizeof *force);
        if (!force)
            rc = gf_fail(&err, GF_ENOMEM, "out of memory");
        for (int32_t i = 0; force && i < nn; i++)
            force[i] = GF_LP_HUB_FREE;
    }
    for (int i = 0; !rc && i < n; i++)
        rc = gf_edits_parse_arg(l, args[i], i, &err);
    if (!rc && n)
        rc = gf_plan_v2_apply_edits(m, l, force, &err);
    rc = rc ? gf_cli_report(&err) : gf__cli_plan_v2(m, o, force);
    gf_edits_destroy(l);
    free(force);
    return rc;
}

int gf_cli_plan(int argc, char **argv)
{
    gf_cli_opts o;
    gf_error err = {0};
    gf_model *m = NULL;
    gf_whatif *w = NULL;
    gf_plan *p = NULL;
    const char *edits[GF_EDITS_MAX];
    int n_edits = take_edits(&argc, argv, edits, GF_EDITS_MAX);
    int rc = n_edits < 0 ? GF_EXIT_USAGE : gf__cli_parse_common(argc, argv, &o, plan_usage);

    if (rc)
        return rc < 0 ? 0 : rc;
    if (o.without)
        return gf_cli_usage_error(argv[0], "--without belongs to grainflow compare");
    m = gf_scenario_read_path(o.dir, &err);
    if (m && gf_lp_model_kind(m) != GF_LP_KIND_NETWORK) { /* version 2: CLP/CBC */
        rc = plan_v2(m, edits, n_edits, &o);
        goto out;
    }
    if (m && n_edits) {
        p = plan_whatif(m, edits, n_edits, &w, &err);
        m = NULL; /* w owns it */
    } else if (m) {
        p = gf_plan_solve(m, &err);
    }
    if (!p) {
        rc = gf_cli_report(&err);
        goto out;
    }
    if (o.outdir && gf_export_plan_dir(p, o.outdir, &err)) {
        rc = gf_cli_report(&err);
        goto out;
    }
    if (o.report &&
        gf_export_plan_report_with(p, &(gf_report_info){.scenario_dir = o.dir}, o.report, &err)) {
        rc = gf_cli_report(&err);
        goto out;
    }
    if (o.json) {
        if (gf_export_plan_json(p, stdout, &err))
            rc = gf_cli_report(&err);
    } else {
        gf__cli_print_summary(stdout, p, o.dir, o.top);
        if (o.outdir)
            printf("\nwrote flows.csv markets.csv stocks.csv bottlenecks.csv routes.csv "
                   "plan.json plan.geojson plan.xlsx plan.gpkg to %s\n",
                   o.outdir);
    }
out:
    gf_plan_destroy(p);
    gf_whatif_destroy(w);
    gf_model_destroy(m);
    return rc;
}
