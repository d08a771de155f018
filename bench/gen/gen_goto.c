/* bench/gen/gen_goto.c: a GOTO-like ("grid on torus") network in DIMACS.
 *
 *   gen_goto N SEED                 (writes to stdout)
 *
 * The project's own generator for the GOTO-8 family at sizes the shared
 * instances do not have (2^18 nodes and up). It follows the structure read
 * off goto_8_12a (Goldberg's GOTO, Kiraly & Kovacs parameters: 8 arcs per
 * node, MAXCAP 10000, MAXCOST 1000), not Goldberg's code or its random
 * stream, so its optimal costs differ from a real GOTO file's; what it keeps
 * is what makes the family hard for the simplex: long paths of costly,
 * thin arcs. Y = floor(sqrt(N) / 4) rows (at least 2) of X = N / Y nodes,
 * node (x, y) = y X + x + 1 (N rounded down to X Y). From each node:
 *   - 4 arcs east to x + 1 .. x + 4 (no wrap), cost in [0, MAXCOST],
 *     capacity in [1, MAXCAP / 4^(j-1)] for the j-th: near neighbours carry
 *     more;
 *   - 2 arcs south to y + 1 and y + 2 (no wrap), cost in [0, 7], capacity
 *     in [1, MAXCAP];
 *   - a backbone arc to the next node of the column-major walk (down each
 *     column, then the next column's top), capacity the total supply S and
 *     cost MAXCOST / 16, so every instance is feasible;
 *   - and the rest of the 8N arcs between uniformly random pairs u != v,
 *     cost in [0, MAXCOST], capacity in [1, MAXCAP].
 * Node 1 supplies S = 32 N, node X Y takes it. The same N and SEED give the
 * same file.
 * SPDX-License-Identifier: MIT */
#include <math.h>

#include "gen_common.h"

#define MAXCAP  10000
#define MAXCOST 1000

int main(int argc, char **argv)
{
    int64_t n, x_n, y_n, seed, m, arcs = 0, total;
    gen_rng r;

    if (argc != 3) {
        fprintf(stderr, "usage: gen_goto N SEED\n");
        return 2;
    }
    n = gen_arg("gen_goto", "N", argv[1], 16, 1 << 26);
    seed = gen_arg("gen_goto", "SEED", argv[2], 0, INT64_MAX);
    r.s = (uint64_t)seed;
    y_n = (int64_t)(sqrt((double)n) / 4.0);
    y_n = y_n < 2 ? 2 : y_n;
    x_n = n / y_n;
    n = x_n * y_n;
    m = 8 * n;
    total = 32 * n;

    printf("c GOTO-like grid network (bench/gen/gen_goto)\n");
    printf("c nodes=%" PRId64 " X=%" PRId64 " Y=%" PRId64 " seed=%" PRId64 " supply=%" PRId64 "\n",
           n, x_n, y_n, seed, total);
    printf("p min %" PRId64 " %" PRId64 "\n", n, m);
    gen_node(1, total);
    gen_node(n, -total);
    for (int64_t y = 0; y < y_n; y++) {
        for (int64_t x = 0; x < x_n; x++) {
            int64_t u = y * x_n + x + 1;
            for (int64_t j = 1; j <= 4 && x + j < x_n; j++, arcs++)
                gen_arc(u, u + j, 0, rng_range(&r, 1, MAXCAP >> (2 * (j - 1))),
                        rng_range(&r, 0, MAXCOST));
            for (int64_t j = 1; j <= 2 && y + j < y_n; j++, arcs++)
                gen_arc(u, u + j * x_n, 0, rng_range(&r, 1, MAXCAP), rng_range(&r, 0, 7));
        }
    }
    for (int64_t x = 0; x < x_n; x++) { /* the backbone, column by column */
        for (int64_t y = 0; y < y_n; y++) {
            int64_t u = y * x_n + x + 1, v;
            if (y + 1 < y_n)
                v = u + x_n;
            else if (x + 1 < x_n)
                v = x + 2;
            else
                continue;
            gen_arc(u, v, 0, total, MAXCOST / 16);
            arcs++;
        }
    }
    for (; arcs < m; arcs++) {
        int64_t u = rng_range(&r, 0, n - 1), v = rng_range(&r, 0, n - 2);
        if (v >= u)
            v++; /* no self-loops */
        gen_arc(u + 1, v + 1, 0, rng_range(&r, 1, MAXCAP), rng_range(&r, 0, MAXCOST));
    }
    return gen_finish();
}
