/* src/cli/cli_scenario.c: finding the default scenario folder.
 * SPDX-License-Identifier: MIT */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli_int.h"

#define DEFAULT_SCENARIO "kz-ma-africa"

static int is_dir(const char *p)
{
    struct stat st;

    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int gf_cli_default_scenario(char *buf, size_t size)
{
    const char *env = getenv("GF_DATA_DIR");
    char exe[PATH_MAX];
    ssize_t n;

    if (env && env[0]) {
        snprintf(buf, size, "%s/%s", env, DEFAULT_SCENARIO);
        if (is_dir(buf))
            return 0;
        snprintf(buf, size, "%s", env); /* GF_DATA_DIR may name the scenario itself */
        if (is_dir(buf))
            return 0;
    }
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        char *slash;
        exe[n] = '\0';
        slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        snprintf(buf, size, "%s/../data/%s", exe, DEFAULT_SCENARIO);
        if (is_dir(buf))
            return 0;
        snprintf(buf, size, "%s/../../data/%s", exe, DEFAULT_SCENARIO); /* build/asan */
        if (is_dir(buf))
            return 0;
        snprintf(buf, size, "%s/../share/grainflow/%s", exe, DEFAULT_SCENARIO); /* make install */
        if (is_dir(buf))
            return 0;
        snprintf(buf, size, "%s/../share/grainflow/data/%s", exe, DEFAULT_SCENARIO);
        if (is_dir(buf))
            return 0;
    }
    snprintf(buf, size, "/usr/local/share/grainflow/%s", DEFAULT_SCENARIO);
    if (is_dir(buf))
        return 0;
    snprintf(buf, size, "/usr/share/grainflow/%s", DEFAULT_SCENARIO);
    if (is_dir(buf))
        return 0;
    return -1;
}
