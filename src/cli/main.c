/* src/cli/main.c: the grainflow command: dispatch to a command by name.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "grainflow/version.h"

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *help;
} commands[] = {
    {"plan", gf_cli_plan, "plan the corridor of a scenario folder"},
    {"validate", gf_cli_validate, "check a scenario folder without solving"},
    {"compare", gf_cli_compare, "solve with and without a node; its break-even fee"},
    {"serve", gf_cli_serve, "HTTP API, web page and scenario store"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: grainflow COMMAND [ARGS] (grainflow COMMAND --help)\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("grainflow %s\n", GF_VERSION_STRING);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "grainflow: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
