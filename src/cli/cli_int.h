/* src/cli/cli_int.h: option parsing and printing shared by the plan commands.
 * SPDX-License-Identifier: MIT */
#ifndef GF_CLI_INT_H
#define GF_CLI_INT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "grainflow/plan.h"
#include "grainflow/plan_v2.h"

typedef struct gf_cli_opts {
    const char *dir;
    const char *outdir;
    const char *without;
    const char *report;  /* --report FILE.html */
    double time_limit_s; /* --time-limit S (plan on version 2); 0 = none */
    double gap_pct;      /* --gap PCT (plan on version 2); 0 = prove exactly;
                            -1 (not given) = 100 x GF_LP_GAP_SHARE_DEFAULT */
    bool json;
    int top;
    char dirbuf[PATH_MAX];
} gf_cli_opts;

/* The default scenario folder (data/kz-ma-africa): $GF_DATA_DIR/kz-ma-africa
 * (or $GF_DATA_DIR itself), then ../data/kz-ma-africa or ../../data/... next
 * to the executable (build/, build/asan/), then the installed
 * share/grainflow/kz-ma-africa (make install). 0 and the path in buf, or -1. */
int gf_cli_default_scenario(char *buf, size_t size);

/* The scenario folder of a command line (cmd_plan.c): gf__cli_dir_arg
 * takes a word a that is no known option as *dir (a usage error for an
 * unknown option or a second folder); gf__cli_dir_or_default, once every
 * word is read, sets *dir to the default scenario (into buf) when none was
 * given. 0, or 2 after the usage error was printed. */
int gf__cli_dir_arg(const char *cmd, const char *a, const char **dir);
int gf__cli_dir_or_default(const char *cmd, const char **dir, char *buf, size_t size);

/* Parse [DIR] -o OUT --json --without NODE --top N -h. Returns 0, -1 after
 * printing the help, or 2 after a usage error was printed. */
int gf__cli_parse_common(int argc, char **argv, gf_cli_opts *o, const char *usage);

/* `grainflow plan` on a version-2 model m (borrowed; cli_plan_v2.c): solve
 * it with CLP/CBC (o->time_limit_s; hub_force as gf_lp_options, NULL = all
 * free) and print the summary, --json, -o or --report. The exit code. */
int gf__cli_plan_v2(const gf_model *m, const gf_cli_opts *o, const int32_t *hub_force);

/* `grainflow compare` on a version-2 scenario (cli_plan_v2.c): print r
 * (dir names the scenario), or its JSON when json. The exit code. */
int gf__cli_compare_v2(const gf_plan_v2_compare_result *r, const char *dir, bool json);

/* The planner's summary of p. */
void gf__cli_print_summary(FILE *f, const gf_plan *p, const char *dir, int top);

/* "1,234,567" */
const char *gf__cli_tonnes(int64_t t, char *buf, size_t size);
/* "$1,234,567.89" */
const char *gf__cli_usd(int64_t cents, char *buf, size_t size);
/* The route's chain "A > B > C" into buf. */
const char *gf__cli_chain(const gf_plan *p, const gf_plan_route *r, char *buf, size_t size);
/* Period t (0-based) as "23 (Dec)": 1-based, with its calendar month from the
 * scenario's start_month when periods are at most a month long. */
const char *gf__cli_period(const gf_model *m, int32_t t, char *buf, size_t size);

#endif
