/* src/cli/cli.h: the grainflow commands and the helpers they share.
 *
 * A command NAME is one function, int gf_cli_NAME(int argc, char **argv), in
 * its own file src/cli/cmd_NAME.c. argv[0] is the command's name, the rest
 * its arguments; it returns the process exit code (GF_EXIT_*) and answers
 * "--help" itself. To add a command, write that file and add one line to
 * GF_CLI_COMMANDS below: the declaration, main.c's dispatch table, the list
 * in `grainflow --help` and `grainflow help NAME` all follow from that line.
 * SPDX-License-Identifier: MIT */
#ifndef GF_CLI_H
#define GF_CLI_H

#include <stdbool.h>

#include "grainflow/error.h"

/* X(name, one-line summary for `grainflow --help`), in the order listed. */
#define GF_CLI_COMMANDS(X)                                                          \
    X(plan, "plan the grain corridor of a scenario folder (default: kz-ma-africa)") \
    X(validate, "check a scenario folder without solving")                          \
    X(compare, "plan with and without a node; its break-even handling fee")         \
    X(site, "which hubs to open, with which option; their value and break-even")    \
    X(solve, "solve a DIMACS minimum-cost-flow problem (FILE.min[.gz])")            \
    X(sweep, "run a scenario many times: grids, Monte Carlo, stress events")        \
    X(export, "write a scenario's LP/MIP as free MPS (--mps FILE)")                 \
    X(serve, "serve the JSON API, the web page and the scenario store")

#define GF_CLI_DECLARE(name, summary) int gf_cli_##name(int argc, char **argv);
GF_CLI_COMMANDS(GF_CLI_DECLARE)
#undef GF_CLI_DECLARE

/* Exit codes of every command (DESIGN.md, Interfaces). */
enum {
    GF_EXIT_OK = 0,          /* done; for a solve: optimal */
    GF_EXIT_NO_SOLUTION = 1, /* infeasible, unbounded, no solution */
    GF_EXIT_USAGE = 2,       /* bad input or usage */
    GF_EXIT_INTERNAL = 3     /* out of memory or a bug */
};

/* The exit code for a gf_status: bad input, limits, files that cannot be
 * read or written -> GF_EXIT_USAGE; out of memory and internal errors ->
 * GF_EXIT_INTERNAL; GF_OK -> GF_EXIT_OK. */
int gf_cli_exit_code(int status);

/* Print err to stderr as "file:line:column: error: msg" (gf_error_format)
 * and return gf_cli_exit_code(err->code). */
int gf_cli_report(const gf_error *err);

/* Print "grainflow CMD: error: MSG" and a pointer to `grainflow CMD --help`
 * to stderr; returns GF_EXIT_USAGE. */
int gf_cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* True for "-h" and "--help". */
bool gf_cli_is_help(const char *arg);

/* Match argv[*i] against the option opt ("--flows") taking a value, given
 * as "--flows FILE" or "--flows=FILE". Returns 1 and sets *value (advancing
 * *i past a separate value) on a match, 0 when argv[*i] is something else,
 * and -1 after printing a usage error for cmd when the value is missing. */
int gf_cli_option_value(int argc, char **argv, int *i, const char *cmd, const char *opt,
                        const char **value);

/* Monotonic wall-clock seconds, for timing phases. */
double gf_cli_now(void);

#endif
