/* src/cli/cmd_solve.c: `grainflow solve FILE.min`: solve a DIMACS problem.
 *
 * Read (and time) the file, build the network, solve (and time that alone),
 * then write the flows if asked and report: a text summary, or one JSON
 * object streamed through grainflow/jsonw.h (no tree in memory). An infeasible problem is explained
 * by the cut of gf_mcf_infeasible_cut: a set of nodes whose net supply cannot get out.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "grainflow/dimacs.h"
#include "grainflow/export.h"
#include "grainflow/mcf.h"

#define CMD            "solve"
#define TEXT_CUT_NODES 10  /* node ids in the text explanation */
#define JSON_CUT_NODES 100 /* node ids in the JSON certificate */

static const char help_text[] =
    "usage: grainflow solve FILE [--flows OUT] [--json] [--algo ALGO] [--pivot RULE]\n"
    "                            [--quiet]\n"
    "\n"
    "Solve the minimum-cost-flow problem in FILE, in DIMACS form (\"p min NODES ARCS\",\n"
    "\"n ID SUPPLY\", \"a SRC DST LOW CAP COST\"; gzip-compressed files are read as they\n"
    "are; \"-\" reads standard input), with the network simplex, and report the\n"
    "status, the optimal cost, the size, the pivots and the time taken (reading\n"
    "excluded).\n"
    "\n"
    "options:\n"
    "  --flows OUT    write the optimal solution to OUT in DIMACS form: \"s COST\",\n"
    "                 then \"f SRC DST FLOW\" for every arc with nonzero flow. OUT\n"
    "                 is written as OUT.tmp and renamed, so it is never left\n"
    "                 half-written; nothing is written unless the problem is\n"
    "                 solved to optimality.\n"
    "  --json         print one JSON object, on one line: status, cost,\n"
    "                 solve_seconds, parse_seconds, nodes, arcs, pivots and, when\n"
    "                 infeasible, the cut that proves it\n"
    "  --algo ALGO    how a solve starts: auto (default; today always the simplex,\n"
    "                 which measured faster everywhere), simplex (the network\n"
    "                 simplex from scratch) or scaling (cost scaling, then a\n"
    "                 crossover to a simplex basis; networks it cannot take go to\n"
    "                 the simplex). The optimal cost is the same either way.\n"
    "  --pivot RULE   how entering arcs are chosen: block (default: best of a block\n"
    "                 of about sqrt(arcs) arcs; on time-expanded networks above\n"
    "                 2^17 nodes it keeps a candidate list), first (first eligible\n"
    "                 arc), best (most violating arc; slow), list (the candidate\n"
    "                 list on any network)\n"
    "  --quiet        print no report (errors still go to stderr); the exit status\n"
    "                 tells the outcome. --json prints its object regardless.\n"
    "  -h, --help     show this help\n"
    "\n"
    "exit status: 0 optimal, 1 infeasible or unbounded, 2 bad input or usage,\n"
    "3 internal error\n"
    "\n"
    "example: grainflow solve netgen.min.gz --flows netgen.flow\n";

typedef struct solve_args {
    const char *path;
    const char *flows;
    bool json, quiet;
    gf_mcf_pivot pivot;
    gf_mcf_algo algo;
} solve_args;

/* What a run found, for the report. */
typedef struct outcome {
    const gf_dimacs *d;
    gf_mcf_result res;
    gf_mcf_cut cut; /* n_nodes > 0 when infeasible and the cut was found */
    double parse_seconds, solve_seconds;
} outcome;

static int parse_pivot(const char *s, gf_mcf_pivot *out)
{
    if (strcmp(s, "block") == 0)
        *out = GF_MCF_BLOCK_SEARCH;
    else if (strcmp(s, "first") == 0)
        *out = GF_MCF_FIRST_ELIGIBLE;
    else if (strcmp(s, "best") == 0)
        *out = GF_MCF_BEST_ELIGIBLE;
    else if (strcmp(s, "list") == 0)
        *out = GF_MCF_CANDIDATE_LIST;
    else
        return gf_cli_usage_error(CMD, "--pivot must be block, first, best or list (got '%s')", s);
    return GF_EXIT_OK;
}

static int parse_algo(const char *s, gf_mcf_algo *out)
{
    if (strcmp(s, "auto") == 0)
        *out = GF_MCF_AUTO;
    else if (strcmp(s, "simplex") == 0)
        *out = GF_MCF_SIMPLEX;
    else if (strcmp(s, "scaling") == 0)
        *out = GF_MCF_SCALING;
    else
        return gf_cli_usage_error(CMD, "--algo must be auto, simplex or scaling (got '%s')", s);
    return GF_EXIT_OK;
}

/* Fill *a from argv. Returns GF_EXIT_OK, -1 after printing the help, or
 * GF_EXIT_USAGE after printing what is wrong. */
static int parse_args(int argc, char **argv, solve_args *a)
{
    const char *pivot = NULL, *algo = NULL;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int r;

        if (gf_cli_is_help(arg)) {
            fputs(help_text, stdout);
            return -1;
        }
        if ((r = gf_cli_option_value(argc, argv, &i, CMD, "--flows", &a->flows)) != 0 ||
            (r = gf_cli_option_value(argc, argv, &i, CMD, "--pivot", &pivot)) != 0 ||
            (r = gf_cli_option_value(argc, argv, &i, CMD, "--algo", &algo)) != 0) {
            if (r < 0)
                return GF_EXIT_USAGE;
        } else if (strcmp(arg, "--json") == 0) {
            a->json = true;
        } else if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0) {
            a->quiet = true;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return gf_cli_usage_error(CMD, "unknown option '%s'", arg);
        } else if (a->path) {
            return gf_cli_usage_error(CMD, "one problem file at a time (got '%s' and '%s')",
                                      a->path, arg);
        } else {
            a->path = arg;
        }
    }
    if ((pivot && parse_pivot(pivot, &a->pivot)) || (algo && parse_algo(algo, &a->algo)))
        return GF_EXIT_USAGE;
    if (!a->path)
        return gf_cli_usage_error(CMD, "missing the problem FILE (a DIMACS .min file, "
                                       "or - for standard input)");
    if (a->flows && a->flows[0] == '\0')
        return gf_cli_usage_error(CMD, "--flows needs a file name");
    return GF_EXIT_OK;
}

/* "infeasible: nodes {3, 7, 9} have net supply 40 but at most 25 can leave
 * them", or for a network whose supplies do not balance, says so. */
static void print_cut(FILE *f, const outcome *o)
{
    const gf_mcf_cut *c = &o->cut;
    bool out = c->dir == GF_MCF_CUT_OUT;
    int64_t net = out ? c->supply : -c->supply;

    if (c->n_nodes == 0) {
        fprintf(f, "infeasible: no flow meets the supplies and the arc bounds\n");
        return;
    }
    if (c->n_nodes == o->d->n_nodes && c->capacity == 0) {
        fprintf(f,
                "infeasible: the supplies of the %" PRId32 " nodes sum to %" PRId64
                ", not 0; total supply must equal total demand\n",
                c->n_nodes, c->supply);
        return;
    }
    fprintf(f, "infeasible: %s {", c->n_nodes == 1 ? "node" : "nodes");
    for (int32_t i = 0; i < c->n_nodes && i < TEXT_CUT_NODES; i++)
        fprintf(f, "%s%" PRId32, i ? ", " : "", c->nodes[i] + 1);
    if (c->n_nodes > TEXT_CUT_NODES)
        fprintf(f, ", ... (%" PRId32 " nodes)", c->n_nodes);
    fprintf(f, "} %s net %s %" PRId64 " but at most %" PRId64 " can %s %s\n",
            c->n_nodes == 1 ? "has" : "have", out ? "supply" : "demand", net, c->capacity,
            out ? "leave" : "enter", c->n_nodes == 1 ? "it" : "them");
}

static void print_text(const solve_args *a, const outcome *o)
{
    const gf_mcf_result *r = &o->res;

    printf("problem:  %s\n", a->path);
    printf("status:   %s\n", gf_mcf_status_name(r->status));
    if (r->status == GF_MCF_OPTIMAL)
        printf("cost:     %" PRId64 "\n", r->cost);
    printf("nodes:    %" PRId32 "\n", o->d->n_nodes);
    printf("arcs:     %" PRId32 "\n", o->d->n_arcs);
    printf("algo:     %s\n", r->stats.scaled ? "scaling" : "simplex");
    printf("pivots:   %" PRId64 " (%" PRId64 " degenerate)\n", r->stats.pivots,
           r->stats.degenerate);
    printf("read:     %.3f s\n", o->parse_seconds);
    printf("solve:    %.3f s\n", o->solve_seconds);
    if (r->status == GF_MCF_INFEASIBLE)
        print_cut(stdout, o);
    else if (r->status == GF_MCF_UNBOUNDED)
        printf("unbounded: a cycle of uncapacitated arcs has negative cost\n");
    if (a->flows && r->status == GF_MCF_OPTIMAL)
        printf("flows:    %s\n", a->flows);
}

static void cut_json(gf_jsonw *w, const gf_mcf_cut *c)
{
    gf_jsonw_key(w, "cut");
    gf_jsonw_object(w);
    gf_jsonw_kstring(w, "direction", c->dir == GF_MCF_CUT_OUT ? "out" : "in");
    gf_jsonw_kint(w, "supply", c->supply);
    gf_jsonw_kint(w, "capacity", c->capacity);
    gf_jsonw_kint(w, "n_nodes", c->n_nodes);
    gf_jsonw_key(w, "nodes");
    gf_jsonw_array(w);
    for (int32_t i = 0; i < c->n_nodes && i < JSON_CUT_NODES; i++)
        gf_jsonw_int(w, c->nodes[i] + 1);
    gf_jsonw_end(w);
    gf_jsonw_end(w);
}

/* One JSON object on one line of stdout, streamed (grainflow/jsonw.h);
 * GF_EXIT_INTERNAL when a string cannot be written (a path that is not
 * UTF-8). A failing stdout is left to the caller's check of it. */
static int print_json(const solve_args *a, const outcome *o)
{
    const gf_mcf_result *r = &o->res;
    bool optimal = r->status == GF_MCF_OPTIMAL;
    gf_error err = {0};
    gf_jsonw w;

    gf_jsonw_init_file(&w, stdout, false);
    gf_jsonw_object(&w);
    gf_jsonw_kstring(&w, "problem", a->path);
    gf_jsonw_kstring(&w, "status", gf_mcf_status_name(r->status));
    gf_jsonw_key(&w, "cost");
    if (optimal)
        gf_jsonw_int(&w, r->cost);
    else
        gf_jsonw_null(&w);
    gf_jsonw_kreal(&w, "solve_seconds", o->solve_seconds);
    gf_jsonw_kreal(&w, "parse_seconds", o->parse_seconds);
    gf_jsonw_kint(&w, "nodes", o->d->n_nodes);
    gf_jsonw_kint(&w, "arcs", o->d->n_arcs);
    gf_jsonw_kstring(&w, "algo", r->stats.scaled ? "scaling" : "simplex");
    gf_jsonw_kint(&w, "pivots", r->stats.pivots);
    gf_jsonw_kint(&w, "degenerate_pivots", r->stats.degenerate);
    gf_jsonw_key(&w, "flows");
    if (optimal && a->flows)
        gf_jsonw_string(&w, a->flows);
    else
        gf_jsonw_null(&w);
    if (r->status == GF_MCF_INFEASIBLE && o->cut.n_nodes > 0)
        cut_json(&w, &o->cut);
    gf_jsonw_end(&w);
    gf_jsonw_raw(&w, "\n", 1);
    if (gf_jsonw_finish(&w, &err) && err.code != GF_EIO) { /* EIO: the caller reports it */
        fprintf(stderr, "grainflow solve: error: cannot write the JSON report: %s\n", err.msg);
        return GF_EXIT_INTERNAL;
    }
    return GF_EXIT_OK;
}

/* Read, build, solve; then the certificate or the flows file. */
static int run(const solve_args *a, gf_dimacs *d, gf_mcf **mcf, outcome *o, gf_error *err)
{
    gf_mcf_options opts = gf_mcf_options_default();
    double t0 = gf_cli_now();
    int rc;

    rc = gf_dimacs_read(a->path, d, err);
    if (rc)
        return rc;
    *mcf = gf_dimacs_to_mcf(d, err);
    if (!*mcf)
        return err->code;
    o->parse_seconds = gf_cli_now() - t0;
    opts.pivot = a->pivot;
    opts.algo = a->algo;
    t0 = gf_cli_now();
    rc = gf_mcf_solve(*mcf, &opts, &o->res, err);
    o->solve_seconds = gf_cli_now() - t0;
    if (rc) {
        gf_error_at(err, a->path, 0, 0);
        return rc;
    }
    if (o->res.status == GF_MCF_INFEASIBLE)
        return gf_mcf_infeasible_cut(*mcf, &o->cut, err);
    if (o->res.status == GF_MCF_OPTIMAL && a->flows)
        return gf_export_mcf_flows(a->flows, *mcf, o->res.cost, err);
    return GF_OK;
}

int gf_cli_solve(int argc, char **argv)
{
    solve_args a = {0};
    gf_dimacs d = {0};
    gf_mcf *mcf = NULL;
    outcome o = {0};
    gf_error err = {0};
    int rc;

    a.pivot = GF_MCF_BLOCK_SEARCH;
    rc = parse_args(argc, argv, &a);
    if (rc)
        return rc < 0 ? GF_EXIT_OK : rc;
    o.d = &d;
    rc = run(&a, &d, &mcf, &o, &err);
    if (rc) {
        rc = gf_cli_report(&err);
        goto out;
    }
    if (a.json)
        rc = print_json(&a, &o);
    else if (!a.quiet)
        print_text(&a, &o);
    if (fflush(stdout) != 0 || ferror(stdout)) { /* a full disk, a closed pipe */
        fprintf(stderr, "grainflow solve: error: cannot write the report: %s\n", strerror(errno));
        rc = GF_EXIT_USAGE;
    }
    if (rc == GF_EXIT_OK && o.res.status != GF_MCF_OPTIMAL)
        rc = GF_EXIT_NO_SOLUTION;
out:
    gf_mcf_cut_fini(&o.cut);
    gf_mcf_destroy(mcf);
    gf_dimacs_fini(&d);
    return rc;
}
