/* bench/gen/gen_grid.c: a grid min-cost-flow network in DIMACS.
 *
 *   gen_grid N SEED                 (writes to stdout)
 *
 * ROWS x COLS nodes with ROWS = 2^floor(log2(N)/2) and COLS = N / ROWS (so a
 * power of two N gives exactly N nodes; any other N is rounded down to a
 * full grid). Every pair of 4-neighbours is joined both ways, about 4N arcs,
 * each with cost in [1, 1000] and capacity in [1, 1000]. Row r has a source
 * at its west end and a sink at its east end, both of size s_r in
 * [100, 1000]; its eastward arcs get capacity s_r + [0, 1000], so routing
 * each row straight across is feasible, while the costs make the optimum
 * wander across rows. Long thin paths give deep spanning trees: the opposite
 * of the random family. The same N and SEED give the same file.
 * SPDX-License-Identifier: MIT */
#include "gen_common.h"

static int64_t node_id(int64_t cols, int64_t r, int64_t c)
{
    return r * cols + c + 1;
}

int main(int argc, char **argv)
{
    int64_t n, rows = 1, cols, seed, m;
    int64_t *row_supply;
    gen_rng rng;

    if (argc != 3) {
        fprintf(stderr, "usage: gen_grid N SEED\n");
        return 2;
    }
    n = gen_arg("gen_grid", "N", argv[1], 4, 1 << 26);
    seed = gen_arg("gen_grid", "SEED", argv[2], 0, INT64_MAX);
    rng.s = (uint64_t)seed;
    while (rows * rows * 4 <= n)
        rows *= 2;
    cols = n / rows;
    n = rows * cols;
    m = 2 * rows * (cols - 1) + 2 * (rows - 1) * cols;
    row_supply = gen_alloc((size_t)rows, sizeof *row_supply);
    for (int64_t r = 0; r < rows; r++)
        row_supply[r] = rng_range(&rng, 100, 1000);

    printf("c grid network (bench/gen/gen_grid)\n");
    printf("c rows=%" PRId64 " cols=%" PRId64 " seed=%" PRId64 "\n", rows, cols, seed);
    printf("p min %" PRId64 " %" PRId64 "\n", n, m);
    for (int64_t r = 0; r < rows; r++) {
        gen_node(node_id(cols, r, 0), row_supply[r]);
        gen_node(node_id(cols, r, cols - 1), -row_supply[r]);
    }
    for (int64_t r = 0; r < rows; r++) {
        for (int64_t c = 0; c < cols; c++) {
            int64_t u = node_id(cols, r, c);
            if (c + 1 < cols) {
                int64_t v = node_id(cols, r, c + 1);
                gen_arc(u, v, 0, row_supply[r] + rng_range(&rng, 0, 1000),
                        rng_range(&rng, 1, 1000));
                gen_arc(v, u, 0, rng_range(&rng, 1, 1000), rng_range(&rng, 1, 1000));
            }
            if (r + 1 < rows) {
                int64_t v = node_id(cols, r + 1, c);
                gen_arc(u, v, 0, rng_range(&rng, 1, 1000), rng_range(&rng, 1, 1000));
                gen_arc(v, u, 0, rng_range(&rng, 1, 1000), rng_range(&rng, 1, 1000));
            }
        }
    }
    free(row_supply);
    return gen_finish();
}
