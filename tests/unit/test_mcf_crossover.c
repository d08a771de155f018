/* tests/unit/test_mcf_crossover.c: cost scaling's crossover to a basis (mcf_scale.c).
 *
 * The crossover moves the potentials (two searches over the residual arcs,
 * see the top of mcf_scale.c) so that one tree of tight arcs spans each
 * connected part of the network, and breaks every cycle of free arcs by
 * pushing flow round it. The simplex after it then has nothing to do: these
 * tests assert that from stats.pivots (the old crossover, a forest of
 * reduced-cost-0 arcs hung from the root, left hundreds of pivots on the
 * same networks), that the answer is the simplex's optimum with a
 * certificate, that the basis passes the solver's own invariant check and
 * that a warm re-solve from it matches a cold one.
 * SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "grainflow/mcf.h"
#include "mcf/mcf_int.h" /* gf__mcf_check: the basis invariants, white-box */
#include "support/mcf_cert.h"
#include "support/randnet.h"

/* Solve net cold under algo; assert OPTIMAL with a certificate and return
 * the result (mcf is kept for the caller when out is not NULL). */
static gf_mcf_result solve_cold(const randnet *net, gf_mcf_algo algo, gf_mcf **out)
{
    gf_mcf_options o = gf_mcf_options_default();
    gf_mcf_result res;
    gf_error err = {0};
    gf_mcf *mcf = randnet_to_mcf(net, &err);
    char why[200];

    assert_non_null(mcf);
    o.algo = algo;
    o.cold = true;
    assert_int_equal(gf_mcf_solve(mcf, &o, &res, &err), GF_OK);
    assert_int_equal(res.status, GF_MCF_OPTIMAL);
    if (mcf_cert_check(mcf, &res, why, sizeof why) != 0)
        fail_msg("certificate: %s", why);
    if (!gf__mcf_check(mcf, why, sizeof why))
        fail_msg("basis: %s", why);
    if (out)
        *out = mcf;
    else
        gf_mcf_destroy(mcf);
    return res;
}

/* Random networks of 3,000 nodes and 8 arcs a node, costs in [-20, 50]:
 * the crossover's basis is optimal as it stands (no pivot at all; the old
 * forest crossover needed 370 to 520 on each of these, 2,209 in all), the
 * cost is the simplex's, and a warm re-solve after a cost change equals a
 * cold simplex solve of the changed network. */
static void test_crossover_leaves_no_pivots(void **state)
{
    int64_t pivots = 0;

    (void)state;
    for (uint64_t seed = 1100; seed < 1105; seed++) {
        randnet_opts o = randnet_opts_default(seed, 3000, 24000);
        randnet net;
        gf_mcf *mcf, *fresh;
        gf_mcf_result res, ref;
        gf_mcf_options warm = gf_mcf_options_default();
        gf_error err = {0};

        assert_int_equal(randnet_generate(&net, &o), 0);
        res = solve_cold(&net, GF_MCF_SCALING, &mcf);
        ref = solve_cold(&net, GF_MCF_SIMPLEX, NULL);
        assert_true(res.stats.scaled);
        assert_int_equal(res.cost, ref.cost);
        pivots += res.stats.pivots;
        print_message("seed %llu: %lld pivots after the crossover (%lld for the simplex alone)\n",
                      (unsigned long long)seed, (long long)res.stats.pivots,
                      (long long)ref.stats.pivots);
        net.cost[11] += 17;
        assert_int_equal(gf_mcf_set_cost(mcf, 11, net.cost[11], &err), GF_OK);
        warm.algo = GF_MCF_SCALING; /* a warm start does not scale */
        assert_int_equal(gf_mcf_solve(mcf, &warm, &res, &err), GF_OK);
        assert_true(res.stats.warm);
        assert_false(res.stats.scaled);
        ref = solve_cold(&net, GF_MCF_SIMPLEX, &fresh);
        assert_int_equal(res.status, GF_MCF_OPTIMAL);
        assert_int_equal(res.cost, ref.cost);
        gf_mcf_destroy(fresh);
        gf_mcf_destroy(mcf);
        randnet_fini(&net);
    }
    assert_int_equal(pivots, 0);
}

/* Costs in [0, 2] make ties everywhere, and cost scaling's flow then holds
 * cycles of free arcs (0 < x < cap, reduced cost 0), which no basis can
 * hold: the crossover must push flow round each (stats.cross_cycles) until
 * an arc of it is at a bound, and still leave nothing to pivot (the old
 * crossover set such an arc to its nearer bound and left 4,027 pivots on
 * these ten). */
static void test_crossover_breaks_cycles_of_free_arcs(void **state)
{
    int64_t cycles = 0, pivots = 0;

    (void)state;
    for (uint64_t seed = 1200; seed < 1210; seed++) {
        randnet_opts o = randnet_opts_default(seed, 400, 2400);
        randnet net;
        gf_mcf_result res, ref;

        o.cost_min = 0;
        o.cost_max = 2;
        o.cap_min = 1;
        o.cap_max = 40;
        assert_int_equal(randnet_generate(&net, &o), 0);
        res = solve_cold(&net, GF_MCF_SCALING, NULL);
        ref = solve_cold(&net, GF_MCF_SIMPLEX, NULL);
        assert_true(res.stats.scaled);
        assert_int_equal(res.cost, ref.cost);
        cycles += res.stats.cross_cycles;
        pivots += res.stats.pivots;
        randnet_fini(&net);
    }
    print_message("%lld cycles of free arcs broken, %lld pivots after\n", (long long)cycles,
                  (long long)pivots);
    assert_true(cycles > 0);
    assert_int_equal(pivots, 0);
}

/* Two transport problems joined only by arcs of capacity 0, one of them of
 * negative cost: no residual arc joins them, so the crossover hangs two
 * trees from the root (stats.cross_trees), whose potentials nothing
 * ties together; the joining arcs must sit where the simplex does not price
 * them as eligible (at upper: lower = upper), so nothing pivots. */
static void test_crossover_hangs_unjoined_parts_apart(void **state)
{
    const int32_t src[] = {0, 0, 1, 1, 4, 4, 5, 5, 2, 7};
    const int32_t dst[] = {2, 3, 2, 3, 6, 7, 6, 7, 4, 1};
    const int64_t supply[] = {5, 7, -6, -6, 9, 3, -4, -8};
    const int64_t upper[] = {10, 10, 10, 10, 10, 10, 10, 10, 0, 0};
    const int64_t cost[] = {4, 6, 5, 3, 2, 7, 8, 1, -50, 9};
    const gf_mcf_arcs arcs = {.n_arcs = 10, .src = src, .dst = dst, .upper = upper, .cost = cost};
    gf_mcf_options o = gf_mcf_options_default();
    gf_mcf_result res;
    gf_error err = {0};
    gf_mcf *mcf = gf_mcf_create_arcs(8, supply, &arcs, &err);
    char why[200];

    (void)state;
    assert_non_null(mcf);
    o.algo = GF_MCF_SCALING;
    assert_int_equal(gf_mcf_solve(mcf, &o, &res, &err), GF_OK);
    assert_int_equal(res.status, GF_MCF_OPTIMAL);
    assert_true(res.stats.scaled);
    assert_int_equal(res.stats.cross_trees, 2);
    assert_int_equal(res.stats.pivots, 0);
    /* 0 -> 2: 5, 1 -> 2: 1, 1 -> 3: 6 (20 + 5 + 18 = 43); 4 -> 6: 4, 4 -> 7: 5, 5 -> 7: 3
     * (8 + 35 + 3 = 46): by hand, with the first part's cost 63 - 4 x(0 -> 2) and the
     * second's 94 - 12 x(4 -> 6) once the supplies fix the rest */
    assert_int_equal(res.cost, 89);
    if (mcf_cert_check(mcf, &res, why, sizeof why) != 0)
        fail_msg("certificate: %s", why);
    if (!gf__mcf_check(mcf, why, sizeof why))
        fail_msg("basis: %s", why);
    gf_mcf_destroy(mcf);
}

/* From 2^17 nodes on cost scaling runs a global update every 2n relabels
 * instead of n (mcf_scale.c): a network just past that size, with the
 * default mix (self-loops, parallel arcs, lower bounds, uncapacitated
 * arcs), takes that path and must still reach the simplex's optimum with a
 * certificate (solve_cold checks it and the basis). */
static void test_scaling_past_the_large_update_rule(void **state)
{
    randnet_opts o = randnet_opts_default(1200, (1 << 17) + 5, 3 << 17);
    randnet net;
    gf_mcf_result res, ref;

    (void)state;
    assert_int_equal(randnet_generate(&net, &o), 0);
    res = solve_cold(&net, GF_MCF_SCALING, NULL);
    ref = solve_cold(&net, GF_MCF_SIMPLEX, NULL);
    assert_true(res.stats.scaled);
    assert_int_equal(res.cost, ref.cost);
    print_message("%lld pivots after the crossover\n", (long long)res.stats.pivots);
    randnet_fini(&net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crossover_leaves_no_pivots),
        cmocka_unit_test(test_crossover_breaks_cycles_of_free_arcs),
        cmocka_unit_test(test_crossover_hangs_unjoined_parts_apart),
        cmocka_unit_test(test_scaling_past_the_large_update_rule),
    };

    return cmocka_run_group_tests_name("crossover", tests, NULL, NULL);
}
