/* bench/bench_util.h: clocks and memory figures shared by the bench drivers.
 *
 * Every driver times only its solve with the monotonic clock (solve_s) and
 * with the process CPU clock (cpu_s), and reports two memory figures, in kB:
 * - maxrss_kb: getrusage(RUSAGE_SELF).ru_maxrss, the peak of the whole process
 *   (file reading included);
 * - peak_kb: the peak resident set from the moment the driver has released
 *   its file-reading buffers to the end of the solve, i.e. the network as the
 *   solver holds it plus the solver's own arrays. Linux resets the high-water
 *   mark VmHWM when "5" is written to /proc/self/clear_refs; where that fails
 *   peak_kb falls back to maxrss_kb.
 * Header-only, C and C++.
 * SPDX-License-Identifier: MIT */
#ifndef GF_BENCH_UTIL_H
#define GF_BENCH_UTIL_H

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static inline double bench_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* CPU seconds of this process (user + system): less sensitive than the wall
 * clock to other jobs on a shared machine; the solvers are single-threaded. */
static inline double bench_cpu_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static inline long bench_maxrss_kb(void)
{
    struct rusage ru;

    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return -1;
    return ru.ru_maxrss;
}

/* Reset the resident high-water mark; 0 on success. */
static inline int bench_reset_peak(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    int rc;

    if (!f)
        return -1;
    rc = fputs("5", f) < 0;
    return fclose(f) != 0 || rc ? -1 : 0;
}

/* VmHWM in kB since the last reset, or maxrss when unavailable. */
static inline long bench_peak_kb(int reset_ok)
{
    char line[256];
    long kb = -1;
    FILE *f;

    if (reset_ok != 0)
        return bench_maxrss_kb();
    f = fopen("/proc/self/status", "r");
    if (!f)
        return bench_maxrss_kb();
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0 && sscanf(line + 6, "%ld", &kb) == 1)
            break;
    fclose(f);
    return kb >= 0 ? kb : bench_maxrss_kb();
}

#endif
