/* bench/gen/gen_netgen.c: a NETGEN-like network in DIMACS.
 *
 *   gen_netgen N SEED               (writes to stdout)
 *
 * The project's own generator for the NETGEN-8 family at sizes the shared
 * instances do not have (2^18 nodes and up). It takes the parameters of
 * netgen_8_12a's header (Klingman, Napier & Stutz's NETGEN with the Kiraly &
 * Kovacs conventions: 8 arcs per node, k = sqrt(N) sources and k sinks, no
 * transshipment sources or sinks, total supply 1000 k, costs in [1, 10000],
 * capacities in [1, 1000], skeleton arcs at the maximum cost and
 * capacitated) and NETGEN's shape, not its code or random stream, so its
 * optimal costs differ from a real NETGEN file's:
 *   - nodes 1 .. k are sources, with supplies that split the total at sorted
 *     random cut points; N - k + 1 .. N are sinks, split the same way;
 *   - the skeleton: the transshipment nodes, shuffled, are cut into k chains,
 *     one hanging from each source; each chain's last node (the source itself
 *     when its chain is empty) has an arc to every sink. Skeleton arcs cost
 *     10000 and carry the source's whole supply, so every instance is
 *     feasible whatever the random arcs;
 *   - the rest of the 8N arcs join uniformly random pairs u != v with cost in
 *     [1, 10000] and capacity in [1, 1000].
 * The same N and SEED give the same file.
 * SPDX-License-Identifier: MIT */
#include <math.h>

#include "gen_common.h"

#define MAXCOST 10000
#define MAXCAP  1000

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

/* Split total into k positive parts at k-1 sorted random cut points. */
static void split(gen_rng *r, int64_t total, int64_t k, int64_t *out)
{
    int64_t *cut = gen_alloc((size_t)k + 1, sizeof *cut);

    cut[0] = 0;
    cut[k] = total - k;
    for (int64_t i = 1; i < k; i++)
        cut[i] = rng_range(r, 0, total - k);
    qsort(cut + 1, (size_t)(k - 1), sizeof *cut, cmp_i64);
    for (int64_t i = 0; i < k; i++)
        out[i] = cut[i + 1] - cut[i] + 1;
    free(cut);
}

int main(int argc, char **argv)
{
    int64_t n, k, t_n, seed, m, arcs = 0, total;
    int64_t *supply, *demand, *mid;
    gen_rng r;

    if (argc != 3) {
        fprintf(stderr, "usage: gen_netgen N SEED\n");
        return 2;
    }
    n = gen_arg("gen_netgen", "N", argv[1], 16, 1 << 24);
    seed = gen_arg("gen_netgen", "SEED", argv[2], 0, INT64_MAX);
    r.s = (uint64_t)seed;
    k = (int64_t)sqrt((double)n);
    t_n = n - 2 * k;
    m = 8 * n;
    total = 1000 * k;
    supply = gen_alloc((size_t)k, sizeof *supply);
    demand = gen_alloc((size_t)k, sizeof *demand);
    mid = gen_alloc((size_t)t_n, sizeof *mid);
    split(&r, total, k, supply);
    split(&r, total, k, demand);
    for (int64_t i = 0; i < t_n; i++)
        mid[i] = k + 1 + i;
    for (int64_t i = t_n - 1; i > 0; i--) { /* Fisher-Yates */
        int64_t j = rng_range(&r, 0, i), t = mid[i];
        mid[i] = mid[j];
        mid[j] = t;
    }

    printf("c NETGEN-like network (bench/gen/gen_netgen)\n");
    printf("c nodes=%" PRId64 " sources=sinks=%" PRId64 " seed=%" PRId64 " total_supply=%" PRId64
           "\n",
           n, k, seed, total);
    printf("p min %" PRId64 " %" PRId64 "\n", n, m);
    for (int64_t i = 0; i < k; i++)
        gen_node(i + 1, supply[i]);
    for (int64_t i = 0; i < k; i++)
        gen_node(n - k + 1 + i, -demand[i]);
    for (int64_t s = 0; s < k; s++) { /* chain s: mid[s t_n / k .. (s + 1) t_n / k) */
        int64_t at = s + 1;
        for (int64_t i = s * t_n / k; i < (s + 1) * t_n / k; i++, arcs++) {
            gen_arc(at, mid[i], 0, supply[s], MAXCOST);
            at = mid[i];
        }
        for (int64_t j = 0; j < k; j++, arcs++)
            gen_arc(at, n - k + 1 + j, 0, supply[s], MAXCOST);
    }
    for (; arcs < m; arcs++) {
        int64_t u = rng_range(&r, 0, n - 1), v = rng_range(&r, 0, n - 2);
        if (v >= u)
            v++; /* no self-loops */
        gen_arc(u + 1, v + 1, 0, rng_range(&r, 1, MAXCAP), rng_range(&r, 1, MAXCOST));
    }
    free(supply);
    free(demand);
    free(mid);
    return gen_finish();
}
