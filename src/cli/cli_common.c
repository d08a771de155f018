/* src/cli/cli_common.c: error reporting, option values and timing shared
 * by the commands.
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"

int gf_cli_exit_code(int status)
{
    switch (status) {
    case GF_OK:
        return GF_EXIT_OK;
    case GF_EINVAL:
    case GF_EPARSE:
    case GF_ELIMIT:
    case GF_EIO: /* a file that cannot be read or written is the user's to fix */
    case GF_ENOTFOUND:
    case GF_EOVERFLOW:
        return GF_EXIT_USAGE;
    default: /* GF_ENOMEM, GF_EINTERNAL, GF_ESTATE: ours */
        return GF_EXIT_INTERNAL;
    }
}

int gf_cli_report(const gf_error *err)
{
    char buf[1024];

    fprintf(stderr, "%s\n", gf_error_format(err, buf, sizeof buf));
    return gf_cli_exit_code(err->code);
}

int gf_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "grainflow %s: error: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(`grainflow %s --help` lists the arguments)\n", cmd);
    return GF_EXIT_USAGE;
}

bool gf_cli_is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int gf_cli_option_value(int argc, char **argv, int *i, const char *cmd, const char *opt,
                        const char **value)
{
    const char *arg = argv[*i];
    size_t n = strlen(opt);

    if (strncmp(arg, opt, n) != 0)
        return 0;
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return 1;
    }
    if (arg[n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        gf_cli_usage_error(cmd, "%s needs a value", opt);
        return -1;
    }
    *value = argv[++*i];
    return 1;
}

double gf_cli_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
