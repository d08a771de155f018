/* bench/gen/gen_common.h: shared helpers of the instance generators.
 *
 * A seeded splitmix64 generator (the same seed gives the same file on every
 * machine: no libc rand, no floating point in the choice of integers except
 * where a double is rounded deterministically), argument parsing with range
 * checks, and a buffered DIMACS writer on stdout.
 * SPDX-License-Identifier: MIT */
#ifndef GF_BENCH_GEN_COMMON_H
#define GF_BENCH_GEN_COMMON_H

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct gen_rng {
    uint64_t s;
} gen_rng;

static inline uint64_t rng_next(gen_rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform integer in [lo, hi] (lo <= hi), by 128-bit multiply: no modulo bias
 * worth mentioning at these ranges. */
static inline int64_t rng_range(gen_rng *r, int64_t lo, int64_t hi)
{
    uint64_t span = (uint64_t)(hi - lo) + 1u;
    unsigned __int128 x = (unsigned __int128)rng_next(r) * span;

    return lo + (int64_t)(uint64_t)(x >> 64);
}

/* Uniform double in [0, 1). */
static inline double rng_unit(gen_rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Parse a decimal integer in [lo, hi]; exits with a message on bad input. */
static inline int64_t gen_arg(const char *prog, const char *what, const char *s, int64_t lo,
                              int64_t hi)
{
    char *end = NULL;
    long long v;

    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || end == s || *end != '\0' || v < lo || v > hi) {
        fprintf(stderr, "%s: %s must be an integer in [%" PRId64 ", %" PRId64 "] (got '%s')\n",
                prog, what, lo, hi, s);
        exit(2);
    }
    return (int64_t)v;
}

/* Allocate or exit: the generators are tools, not library code. */
static inline void *gen_alloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);

    if (!p) {
        fprintf(stderr, "gen: out of memory (%zu x %zu bytes)\n", n, size);
        exit(3);
    }
    return p;
}

/* DIMACS lines, 1-based ids as in the file. */
static inline void gen_node(int64_t id, int64_t supply)
{
    if (supply != 0)
        printf("n %" PRId64 " %" PRId64 "\n", id, supply);
}

static inline void gen_arc(int64_t u, int64_t v, int64_t lo, int64_t cap, int64_t cost)
{
    printf("a %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 "\n", u, v, lo, cap, cost);
}

static inline int gen_finish(void)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("gen: write");
        return 3;
    }
    return 0;
}

#endif
