/* src/cli/main.c: the grainflow command: dispatch `grainflow COMMAND ...`.
 *
 * The table comes from GF_CLI_COMMANDS in cli.h; this file needs no edit
 * when a command is added. `grainflow help CMD` runs `grainflow CMD --help`.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "grainflow/version.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
#define GF_CLI_ENTRY(name, summary) {#name, gf_cli_##name, summary},
    GF_CLI_COMMANDS(GF_CLI_ENTRY)
#undef GF_CLI_ENTRY
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
    fprintf(f, "usage: grainflow COMMAND [ARGS]\n"
               "       grainflow help COMMAND | --help | --version\n"
               "\n"
               "Plans grain corridors and solves minimum-cost-flow problems.\n"
               "\n"
               "commands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n"
               "`grainflow COMMAND --help` describes a command's arguments.\n"
               "exit status: 0 ok, 1 infeasible or no solution, 2 bad input or usage,\n"
               "3 internal error\n");
}

static const command *find(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(name, commands[i].name) == 0)
            return &commands[i];
    return NULL;
}

static int unknown(const char *name)
{
    fprintf(stderr, "grainflow: error: unknown command '%s'; the commands are:", name);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(stderr, "%s %s", i ? "," : "", commands[i].name);
    fprintf(stderr, " (see `grainflow --help`)\n");
    return GF_EXIT_USAGE;
}

/* `grainflow help [COMMAND]` */
static int help(int argc, char **argv)
{
    const command *c;
    char help_flag[] = "--help";
    char *args[3];

    if (argc < 3) {
        usage(stdout);
        return GF_EXIT_OK;
    }
    c = find(argv[2]);
    if (!c)
        return unknown(argv[2]);
    args[0] = argv[2];
    args[1] = help_flag;
    args[2] = NULL;
    return c->run(2, args);
}

int main(int argc, char **argv)
{
    const command *c;

    if (argc < 2) {
        usage(stderr);
        return GF_EXIT_USAGE;
    }
    if (gf_cli_is_help(argv[1])) {
        usage(stdout);
        return GF_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("grainflow %s\n", GF_VERSION_STRING);
        return GF_EXIT_OK;
    }
    if (strcmp(argv[1], "help") == 0)
        return help(argc, argv);
    c = find(argv[1]);
    if (!c)
        return unknown(argv[1]);
    return c->run(argc - 1, argv + 1);
}
