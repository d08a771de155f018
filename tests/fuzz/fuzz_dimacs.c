/* tests/fuzz/fuzz_dimacs.c: libFuzzer target for the DIMACS reader and,
 * on small problems it accepts, the solver behind it.
 *
 * Every input must either fail with a located error (input:line:column) or
 * read into a problem that gf_dimacs_write writes back to the same problem.
 * A problem of at most 200 nodes and 2000 arcs is then solved under each
 * pivot rule, and each answer's certificate is checked from scratch: an
 * optimum by bounds, conservation, cost and complementary slackness of the
 * potentials (which together prove optimality); an infeasible outcome by
 * recomputing its cut's supply and capacity. The three rules must agree.
 * Any violation traps, so libFuzzer keeps the input.
 *   make fuzz && build/fuzz/fuzz_dimacs tests/fuzz/corpus/dimacs
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grainflow/dimacs.h"
#include "grainflow/mcf.h"

#define FUZZ_MAX_NODES 200
#define FUZZ_MAX_ARCS  2000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "fuzz_dimacs: check failed: %s (line %d)\n", #cond, __LINE__); \
            __builtin_trap();                                                              \
        }                                                                                  \
    } while (0)

static void check_same(const gf_dimacs *a, const gf_dimacs *b)
{
    CHECK(a->n_nodes == b->n_nodes && a->n_arcs == b->n_arcs);
    for (int32_t v = 0; v < a->n_nodes; v++)
        CHECK(a->supply[v] == b->supply[v]);
    for (int32_t e = 0; e < a->n_arcs; e++)
        CHECK(a->src[e] == b->src[e] && a->dst[e] == b->dst[e] && a->lower[e] == b->lower[e] &&
              a->upper[e] == b->upper[e] && a->cost[e] == b->cost[e]);
}

static void check_round_trip(const gf_dimacs *d)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    gf_dimacs again = {0};
    gf_error err = {0};

    if (!f)
        return;
    CHECK(gf_dimacs_write(f, d, &err) == GF_OK);
    CHECK(fclose(f) == 0);
    CHECK(gf_dimacs_read_mem(text, len, "written", &again, &err) == GF_OK);
    check_same(d, &again);
    gf_dimacs_fini(&again);
    free(text);
}

/* Bounds, conservation, the reported cost, and complementary slackness. */
static void check_optimal(const gf_dimacs *d, const gf_mcf *mcf, int64_t cost)
{
    __int128 *net = calloc((size_t)d->n_nodes + 1, sizeof *net), sum = 0;

    CHECK(net != NULL);
    for (int32_t e = 0; e < d->n_arcs; e++) {
        int64_t x = gf_mcf_flow(mcf, e), rc = gf_mcf_reduced_cost(mcf, e);
        CHECK(x >= d->lower[e] && x <= d->upper[e]);
        net[d->src[e]] += x;
        net[d->dst[e]] -= x;
        sum += (__int128)d->cost[e] * x;
        if (x < d->upper[e])
            CHECK(rc >= 0);
        if (x > d->lower[e])
            CHECK(rc <= 0);
    }
    for (int32_t v = 0; v < d->n_nodes; v++)
        CHECK(net[v] == d->supply[v]);
    CHECK(sum == cost);
    free(net);
}

/* The cut's supply and capacity recomputed from the problem prove that no
 * feasible flow exists. */
static void check_cut(const gf_dimacs *d, const gf_mcf *mcf)
{
    gf_mcf_cut cut = {0};
    gf_error err = {0};
    uint8_t *in = calloc((size_t)d->n_nodes + 1, 1);
    __int128 supply = 0, out_cap = 0, in_cap = 0;

    CHECK(in != NULL);
    CHECK(gf_mcf_infeasible_cut(mcf, &cut, &err) == GF_OK);
    CHECK(cut.n_nodes >= 1 && cut.n_nodes <= d->n_nodes);
    for (int32_t i = 0; i < cut.n_nodes; i++) {
        CHECK(cut.nodes[i] >= 0 && cut.nodes[i] < d->n_nodes);
        CHECK(i == 0 || cut.nodes[i] > cut.nodes[i - 1]);
        in[cut.nodes[i]] = 1;
        supply += d->supply[cut.nodes[i]];
    }
    for (int32_t e = 0; e < d->n_arcs; e++) {
        if (in[d->src[e]] && !in[d->dst[e]]) {
            out_cap += d->upper[e]; /* most that can leave S */
            in_cap -= d->lower[e];  /* least that must leave S */
        } else if (!in[d->src[e]] && in[d->dst[e]]) {
            out_cap -= d->lower[e];
            in_cap += d->upper[e];
        }
    }
    CHECK(supply == cut.supply);
    if (cut.dir == GF_MCF_CUT_OUT) {
        CHECK(cut.capacity == out_cap);
        CHECK(supply > out_cap);
    } else {
        CHECK(cut.dir == GF_MCF_CUT_IN);
        CHECK(cut.capacity == in_cap);
        CHECK(-supply > in_cap);
    }
    gf_mcf_cut_fini(&cut);
    free(in);
}

static void solve_and_check(const gf_dimacs *d)
{
    static const gf_mcf_pivot rules[] = {GF_MCF_BLOCK_SEARCH, GF_MCF_FIRST_ELIGIBLE,
                                         GF_MCF_BEST_ELIGIBLE, GF_MCF_CANDIDATE_LIST};
    gf_mcf_status first_status = GF_MCF_NOT_SOLVED;
    int64_t first_cost = 0;

    for (size_t k = 0; k < sizeof rules / sizeof rules[0]; k++) {
        gf_mcf_options opts = gf_mcf_options_default();
        gf_mcf_result res = {0};
        gf_error err = {0};
        gf_mcf *mcf = gf_dimacs_to_mcf(d, &err);
        int rc;

        CHECK(mcf != NULL);
        opts.pivot = rules[k];
        rc = gf_mcf_solve(mcf, &opts, &res, &err);
        if (rc == GF_EOVERFLOW) { /* values too large together: refused, never wrong */
            gf_mcf_destroy(mcf);
            return;
        }
        CHECK(rc == GF_OK);
        CHECK(res.status == GF_MCF_OPTIMAL || res.status == GF_MCF_INFEASIBLE);
        if (res.status == GF_MCF_OPTIMAL)
            check_optimal(d, mcf, res.cost);
        else
            check_cut(d, mcf);
        if (k == 0) {
            first_status = res.status;
            first_cost = res.cost;
        }
        CHECK(res.status == first_status && res.cost == first_cost);
        gf_mcf_destroy(mcf);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gf_dimacs d = {0};
    gf_error err = {0};

    if (gf_dimacs_read_mem((const char *)data, size, "fuzz.min", &d, &err) != GF_OK) {
        CHECK(err.code == GF_EPARSE || err.code == GF_ELIMIT);
        CHECK(err.line >= 1 && err.column >= 1 && strcmp(err.input, "fuzz.min") == 0);
        CHECK(err.msg[0] != '\0');
        CHECK(d.n_nodes == 0 && d.n_arcs == 0 && !d.supply && !d.src);
        return 0;
    }
    check_round_trip(&d);
    if (d.n_nodes <= FUZZ_MAX_NODES && d.n_arcs <= FUZZ_MAX_ARCS)
        solve_and_check(&d);
    gf_dimacs_fini(&d);
    return 0;
}
