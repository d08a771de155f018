/* src/cli/cli.h: the grainflow commands and helpers they share.
 *
 * Each command takes (argc, argv) with argv[0] the command name and returns
 * the process exit code: 0 ok, 1 infeasible / no solution, 2 bad input or
 * usage, 3 internal error.
 * SPDX-License-Identifier: MIT */
#ifndef GF_CLI_H
#define GF_CLI_H

#include <stddef.h>

#include "grainflow/error.h"

int gf_cli_plan(int argc, char **argv);
int gf_cli_validate(int argc, char **argv);
int gf_cli_compare(int argc, char **argv);
int gf_cli_serve(int argc, char **argv);

/* The default scenario folder (data/kz-ma-africa): $GF_DATA_DIR/kz-ma-africa,
 * then ../data/kz-ma-africa (or ../../data) next to the executable, then the installed
 * share/grainflow/kz-ma-africa (make install). 0 and the path in buf, or -1. */
int gf_cli_default_scenario(char *buf, size_t size);

/* Print err to stderr as "file:line:column: error: msg" and return the exit
 * code for its class (2 for bad input, 3 otherwise). */
int gf_cli_report(const gf_error *err);

#endif
