/* src/cli/cmd_export.c: `grainflow export --mps FILE [DIR]`: the LP/MIP as free MPS.
 *
 * Writes the program that `plan` solves for a version-2 scenario (lp.h,
 * src/lp/lp_build.c), so that any MPS reader (Debian's clp, cbc, glpsol
 * --freemps) can solve or inspect the same model. Version-1 scenarios are
 * written too (as the LP of their time expansion), though `plan` solves
 * them with the network simplex. --relax drops integrality; --without HUB
 * writes the model with that hub facility closed, as `site` solves it.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "grainflow/alloc.h"
#include "grainflow/lp.h"
#include "grainflow/scenario.h"

static const char export_usage[] =
    "usage: grainflow export --mps FILE [DIR] [--relax] [--without HUB]\n"
    "\n"
    "Write the linear program (mixed-integer when the scenario has departures\n"
    "or hub facilities) of the scenario in DIR (default: data/kz-ma-africa) to\n"
    "FILE in free MPS form, for clp, cbc or glpsol --freemps. The objective is\n"
    "in US cents without a constant (sum of alternative price x demand), which a\n"
    "comment at the top of FILE gives: total cost = objective + constant.\n"
    "\n"
    "  --mps FILE     the file to write (required; replaced if it exists)\n"
    "  --relax        departures and hub choices continuous (the LP relaxation)\n"
    "  --without HUB  the hub facility node HUB closed\n"
    "Exit codes: 0 ok, 2 bad input or usage, 3 internal error.\n";

typedef struct export_opts {
    const char *dir, *mps, *without;
    bool relax;
    char dirbuf[4096];
} export_opts;

static int parse(int argc, char **argv, export_opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r;
        if (gf_cli_is_help(a)) {
            fputs(export_usage, stdout);
            return -1;
        }
        r = gf_cli_option_value(argc, argv, &i, argv[0], "--mps", &o->mps);
        if (r == 0)
            r = gf_cli_option_value(argc, argv, &i, argv[0], "--without", &o->without);
        if (r < 0)
            return GF_EXIT_USAGE;
        if (r > 0)
            continue;
        if (strcmp(a, "--relax") == 0) {
            o->relax = true;
            continue;
        }
        if (gf__cli_dir_arg(argv[0], a, &o->dir))
            return GF_EXIT_USAGE;
    }
    if (!o->mps)
        return gf_cli_usage_error(argv[0], "--mps FILE is required");
    return gf__cli_dir_or_default(argv[0], &o->dir, o->dirbuf, sizeof o->dirbuf);
}

int gf_cli_export(int argc, char **argv)
{
    export_opts eo = {0};
    gf_lp_options lo;
    gf_error err = {0};
    gf_model *m = NULL;
    int32_t *force = NULL;
    size_t nn = 0;
    int rc = parse(argc, argv, &eo);

    if (rc)
        return rc < 0 ? 0 : rc;
    gf_lp_options_init(&lo);
    lo.relax = eo.relax;
    m = gf_scenario_read_csv(eo.dir, &err);
    if (!m) {
        rc = gf_cli_report(&err);
        goto out;
    }
    if (eo.without) {
        int32_t h = gf_model_find_node(m, eo.without);
        if (h < 0 || !gf_model_is_hub(m, h)) {
            rc = gf_cli_usage_error(argv[0],
                                    "--without '%s' is not a hub facility of %s (a node listed "
                                    "in hubs.csv)",
                                    eo.without, eo.dir);
            goto out;
        }
        nn = (size_t)gf_model_node_count(m);
        force = gf_malloc(nn * sizeof *force);
        if (!force) {
            rc = gf_cli_report(&(gf_error){.code = GF_ENOMEM, .msg = "out of memory"});
            goto out;
        }
        for (size_t n = 0; n < nn; n++)
            force[n] = (int32_t)n == h ? GF_LP_HUB_CLOSED : GF_LP_HUB_FREE;
        lo.hub_force = force;
    }
    if (gf_lp_write_mps(m, &lo, eo.mps, &err))
        rc = gf_cli_report(&err);
out:
    gf_free(force, nn * sizeof *force);
    gf_model_destroy(m);
    return rc;
}
