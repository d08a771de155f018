/* tests/unit/test_mcf_potential.c: the potential shift after a pivot (mcf_tree.c).
 *
 * gf__mcf_update_potential shifts the subtree of u_in by sigma, or, when
 * that subtree holds more than half of the nodes, the rest of the tree by
 * -sigma; either stretch of the thread is walked from both of its ends at
 * once, meeting in the middle (an odd count leaves one middle node). These
 * tests drive it directly on the optimal trees of random networks: for
 * every node u they make the tree arc above u look 7 off (its cost raised
 * by 7, so sigma is -7 or +7), call the shift with u as u_in, and check
 * that, measured from the root, exactly the nodes of u's subtree (found
 * from parent pointers, not from the thread) moved by sigma and no other
 * node moved. They also assert that both branches and both parities of
 * the walk were met, so a change to the networks cannot skip a case.
 * SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "grainflow/mcf.h"
#include "mcf/mcf_int.h" /* the tree and gf__mcf_update_potential, white-box */
#include "support/mcf_cert.h"
#include "support/randnet.h"

/* Whether x lies in the subtree of u (x == u or u is an ancestor). */
static bool in_subtree(const gf_mcf *mcf, int32_t x, int32_t u)
{
    for (; x != -1; x = mcf->parent[x])
        if (x == u)
            return true;
    return false;
}

/* Which cases the shifts of one tree met: [rest?][odd count?]. */
typedef struct {
    int seen[2][2];
} cases;

/* Shift at every node of mcf's tree and check each shift; fails the test
 * with the first wrong node. */
static void shift_every_node(gf_mcf *mcf, cases *c)
{
    int32_t n = mcf->n, root = n;
    int64_t *before = malloc(((size_t)n + 1) * sizeof *before);

    assert_non_null(before);
    for (int32_t u = 0; u < n; u++) {
        int32_t e = mcf->pred[u], size = mcf->succ_num[u];
        bool rest = 2 * (int64_t)size > (int64_t)n + 1;
        int32_t count = rest ? n + 1 - size : size;
        int64_t sigma = -mcf->pred_dir[u] * 7;

        for (int32_t x = 0; x <= n; x++)
            before[x] = mcf->pi[x];
        mcf->in_arc = e;
        mcf->u_in = u;
        mcf->v_in = mcf->parent[u];
        mcf->cost[e] += 7;
        gf__mcf_update_potential(mcf);
        mcf->cost[e] -= 7;
        c->seen[rest][count & 1]++;
        for (int32_t x = 0; x <= n; x++) {
            int64_t moved = (mcf->pi[x] - mcf->pi[root]) - (before[x] - before[root]);
            int64_t want = in_subtree(mcf, x, u) ? sigma : 0;
            if (moved != want) {
                free(before);
                fail_msg("shift at node %ld (subtree %ld of %ld nodes): node %ld moved by "
                         "%lld, not %lld",
                         (long)u, (long)size, (long)n + 1, (long)x, (long long)moved,
                         (long long)want);
            }
        }
        /* undo, so that the tree arcs are tight again for the next node */
        for (int32_t x = 0; x <= n; x++)
            mcf->pi[x] = before[x];
    }
    free(before);
}

/* Optimal trees of random networks of 40 to 300 nodes: every node's shift
 * moves exactly its subtree (relative to the root), on both branches and
 * for odd and even stretches; the tree stays valid afterwards. */
static void test_potential_shift_moves_exactly_the_subtree(void **state)
{
    cases c = {{{0}}};

    (void)state;
    for (uint64_t seed = 71; seed < 77; seed++) {
        int32_t n = 40 + (int32_t)(seed - 71) * 52;
        randnet_opts o = randnet_opts_default(seed, n, 6 * n);
        randnet net;
        gf_error err = {0};
        gf_mcf_options opt = gf_mcf_options_default();
        gf_mcf_result res;
        gf_mcf *mcf;
        char why[200];

        assert_int_equal(randnet_generate(&net, &o), 0);
        mcf = randnet_to_mcf(&net, &err);
        assert_non_null(mcf);
        assert_int_equal(gf_mcf_solve(mcf, &opt, &res, &err), GF_OK);
        if (mcf_cert_check(mcf, &res, why, sizeof why) != 0)
            fail_msg("seed %llu: certificate: %s", (unsigned long long)seed, why);
        shift_every_node(mcf, &c);
        if (!gf__mcf_check(mcf, why, sizeof why))
            fail_msg("seed %llu: basis after the shifts: %s", (unsigned long long)seed, why);
        gf_mcf_destroy(mcf);
        randnet_fini(&net);
    }
    for (int rest = 0; rest < 2; rest++)
        for (int odd = 0; odd < 2; odd++)
            if (c.seen[rest][odd] == 0)
                fail_msg("no shift of the %s with an %s count was tried",
                         rest ? "rest of the tree" : "subtree", odd ? "odd" : "even");
}

/* A path 0 -> 1 -> ... -> 9 from the only supply to the only demand (all
 * 5 units go the whole way, so every path arc is in the tree): the shifts
 * walk the chain's stretches, where the two ends of the walk meet at every
 * length. */
static void test_potential_shift_on_a_chain(void **state)
{
    int32_t src[9], dst[9];
    int64_t cost[9], supply[10] = {5, 0, 0, 0, 0, 0, 0, 0, 0, -5};
    gf_mcf_options opt = gf_mcf_options_default();
    gf_mcf_result res;
    gf_error err = {0};
    cases c = {{{0}}};
    char why[200];

    (void)state;
    for (int32_t i = 0; i < 9; i++) {
        src[i] = i;
        dst[i] = i + 1;
        cost[i] = 3 + i;
    }
    const gf_mcf_arcs arcs = {.n_arcs = 9, .src = src, .dst = dst, .cost = cost};
    gf_mcf *mcf = gf_mcf_create_arcs(10, supply, &arcs, &err);
    assert_non_null(mcf);
    assert_int_equal(gf_mcf_solve(mcf, &opt, &res, &err), GF_OK);
    assert_int_equal(res.status, GF_MCF_OPTIMAL);
    assert_int_equal(res.cost, 5 * (3 + 11) * 9 / 2);
    shift_every_node(mcf, &c);
    if (!gf__mcf_check(mcf, why, sizeof why))
        fail_msg("basis after the shifts: %s", why);
    gf_mcf_destroy(mcf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_potential_shift_moves_exactly_the_subtree),
        cmocka_unit_test(test_potential_shift_on_a_chain),
    };

    return cmocka_run_group_tests_name("mcf_potential", tests, NULL, NULL);
}
