/* bench/gen/gen_random.c: a random sparse min-cost-flow network in DIMACS.
 *
 *   gen_random N SEED [DEGREE]      (writes to stdout)
 *
 * N nodes and N*DEGREE arcs (DEGREE 8 by default). A random permutation of
 * the nodes gives a Hamiltonian cycle of skeleton arcs with capacity equal
 * to the total supply, so every instance is feasible by construction; the
 * other arcs join uniformly random pairs u != v with capacity in [1, 1000].
 * Every cost is uniform in [1, 10000]. The first sqrt(N) nodes of the same
 * permutation are sources with supply in [1, 2000]; the next sqrt(N) are
 * sinks that split the total at sorted random cut points. The same N, SEED
 * and DEGREE give the same file.
 * SPDX-License-Identifier: MIT */
#include <math.h>

#include "gen_common.h"

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

/* Split total among k sinks at k-1 sorted random cut points. */
static void split_demand(gen_rng *r, int64_t total, int64_t k, int64_t *out)
{
    int64_t *cut = gen_alloc((size_t)k + 1, sizeof *cut);

    cut[0] = 0;
    cut[k] = total;
    for (int64_t i = 1; i < k; i++)
        cut[i] = rng_range(r, 0, total);
    qsort(cut + 1, (size_t)(k - 1), sizeof *cut, cmp_i64);
    for (int64_t i = 0; i < k; i++)
        out[i] = cut[i + 1] - cut[i];
    free(cut);
}

int main(int argc, char **argv)
{
    int64_t n, deg, k, seed, total = 0;
    int64_t *perm, *supply, *demand;
    gen_rng r;

    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: gen_random N SEED [DEGREE]\n");
        return 2;
    }
    n = gen_arg("gen_random", "N", argv[1], 4, 1 << 26);
    seed = gen_arg("gen_random", "SEED", argv[2], 0, INT64_MAX);
    r.s = (uint64_t)seed;
    deg = argc == 4 ? gen_arg("gen_random", "DEGREE", argv[3], 1, 64) : 8;
    k = (int64_t)sqrt((double)n);
    perm = gen_alloc((size_t)n, sizeof *perm);
    supply = gen_alloc((size_t)k, sizeof *supply);
    demand = gen_alloc((size_t)k, sizeof *demand);
    for (int64_t i = 0; i < n; i++)
        perm[i] = i;
    for (int64_t i = n - 1; i > 0; i--) { /* Fisher-Yates */
        int64_t j = rng_range(&r, 0, i), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    for (int64_t i = 0; i < k; i++) {
        supply[i] = rng_range(&r, 1, 2000);
        total += supply[i];
    }
    split_demand(&r, total, k, demand);

    printf("c random sparse network (bench/gen/gen_random)\n");
    printf("c nodes=%" PRId64 " degree=%" PRId64 " seed=%" PRId64 " sources=sinks=%" PRId64
           " total_supply=%" PRId64 "\n",
           n, deg, seed, k, total);
    printf("p min %" PRId64 " %" PRId64 "\n", n, n * deg);
    for (int64_t i = 0; i < k; i++)
        gen_node(perm[i] + 1, supply[i]);
    for (int64_t i = 0; i < k; i++)
        gen_node(perm[k + i] + 1, -demand[i]);
    for (int64_t i = 0; i < n; i++) /* skeleton cycle */
        gen_arc(perm[i] + 1, perm[(i + 1) % n] + 1, 0, total, rng_range(&r, 1, 10000));
    for (int64_t e = n; e < n * deg; e++) {
        int64_t u = rng_range(&r, 0, n - 1), v = rng_range(&r, 0, n - 2);
        if (v >= u)
            v++; /* no self-loops */
        gen_arc(u + 1, v + 1, 0, rng_range(&r, 1, 1000), rng_range(&r, 1, 10000));
    }
    free(perm);
    free(supply);
    free(demand);
    return gen_finish();
}
