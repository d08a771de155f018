/* src/core/fmt.c: integers and money in decimal without printf.
 *
 * The exporters' hot paths and gf_cents_format (plan.h) write their figures
 * through these. On the 5,000-place scenario's 400 MB of output printf was
 * most of the writers' time: glibc's printf takes its slow path for every
 * call once libquadmath, pulled in by the solvers' Fortran runtime, has
 * registered its %Q handler (measured by h7-syn, bench/README.md).
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "core/core_int.h"

/* The digits of a, backwards from end; returns where they start. */
static char *digits(char *end, uint64_t a)
{
    do {
        *--end = (char)('0' + a % 10);
        a /= 10;
    } while (a);
    return end;
}

size_t gf__fmt_int(char *b, int64_t v)
{
    char t[GF__FMT_CAP], *d;
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    size_t n = 0;

    d = digits(t + sizeof t, a);
    if (v < 0)
        b[n++] = '-';
    memcpy(b + n, d, (size_t)(t + sizeof t - d));
    n += (size_t)(t + sizeof t - d);
    b[n] = '\0';
    return n;
}

size_t gf__fmt_cents(char *b, int64_t cents)
{
    char t[GF__FMT_CAP], *d;
    uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
    size_t n = 0;

    d = digits(t + sizeof t, a / 100);
    if (cents < 0)
        b[n++] = '-';
    memcpy(b + n, d, (size_t)(t + sizeof t - d));
    n += (size_t)(t + sizeof t - d);
    b[n++] = '.';
    b[n++] = (char)('0' + a % 100 / 10);
    b[n++] = (char)('0' + a % 10);
    b[n] = '\0';
    return n;
}
