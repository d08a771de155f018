/* tests/unit/test_mcf.c: correctness of the min-cost-flow solver (mcf.h).
 *
 * Small networks whose optimum is worked out by hand in the comment above
 * each, then seeded random ones for what hand examples cannot reach: warm
 * starts against cold solves, determinism, the two ways of building a
 * network, and every allocation failing in turn. Every OPTIMAL answer is
 * proven by tests/support/mcf_cert.c (flows, bounds, complementary slackness,
 * dual = primal), every INFEASIBLE one by its cut, and every hand network is
 * solved under each pivot rule and three arc orders (as given, reversed,
 * shuffled) with the same optimal cost expected from all of them. One test
 * is white-box: it runs the solver's own basis check (gf__mcf_check) after
 * every solve. The comparison with GLPK is in test_mcf_glpk.c.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "grainflow/alloc.h"
#include "grainflow/mcf.h"
#include "mcf/mcf_int.h" /* gf__mcf_check: the basis invariants, white-box */
#include "support/failing_alloc.h"
#include "support/mcf_cert.h"
#include "support/randnet.h"

/* Every solve in this file runs under the cold-start algorithm of the
 * current pass: main runs the whole group twice, the simplex first, then
 * cost scaling with its crossover. A test about the simplex's own pivots
 * asks for GF_MCF_SIMPLEX explicitly, which the wrapper leaves alone. */
static gf_mcf_algo pass_algo = GF_MCF_SIMPLEX;

static int solve_in_pass(gf_mcf *mcf, const gf_mcf_options *opts, gf_mcf_result *res, gf_error *err)
{
    gf_mcf_options o = opts ? *opts : gf_mcf_options_default();

    if (o.algo == GF_MCF_AUTO)
        o.algo = pass_algo;
    return (gf_mcf_solve)(mcf, &o, res, err);
}
#define gf_mcf_solve(mcf, opts, res, err) solve_in_pass(mcf, opts, res, err)

#define INF INT64_MAX /* upper bound of an uncapacitated arc in arc_row */
#define BIG GF_MCF_MAX_VALUE

#define assert_i64(a, b)                                                                      \
    do {                                                                                      \
        int64_t a_ = (a), b_ = (b);                                                           \
        if (a_ != b_)                                                                         \
            fail_msg("%s is %lld, expected %lld (%s)", #a, (long long)a_, (long long)b_, #b); \
    } while (0)

/* One arc of a hand-made network. */
typedef struct arc_row {
    int32_t u, v;
    int64_t lo, up, cost; /* up == INF: uncapacitated */
} arc_row;

/* A hand network as a randnet (so that the random-network helpers apply). */
static void net_init(randnet *net, int32_t n, const int64_t *supply, int32_t m, const arc_row *arcs)
{
    memset(net, 0, sizeof *net);
    net->n_nodes = n;
    net->n_arcs = m;
    net->supply = calloc((size_t)(n > 0 ? n : 1), sizeof *net->supply);
    net->src = calloc((size_t)(m > 0 ? m : 1), sizeof *net->src);
    net->dst = calloc((size_t)(m > 0 ? m : 1), sizeof *net->dst);
    net->lower = calloc((size_t)(m > 0 ? m : 1), sizeof *net->lower);
    net->upper = calloc((size_t)(m > 0 ? m : 1), sizeof *net->upper);
    net->cost = calloc((size_t)(m > 0 ? m : 1), sizeof *net->cost);
    net->uncap = calloc((size_t)(m > 0 ? m : 1), 1);
    assert_true(net->supply && net->src && net->dst && net->lower && net->upper && net->cost &&
                net->uncap);
    for (int32_t v = 0; v < n && supply; v++)
        net->supply[v] = supply[v];
    for (int32_t e = 0; e < m; e++) {
        net->src[e] = arcs[e].u;
        net->dst[e] = arcs[e].v;
        net->lower[e] = arcs[e].lo;
        net->upper[e] = arcs[e].up == INF ? 0 : arcs[e].up;
        net->uncap[e] = arcs[e].up == INF;
        net->cost[e] = arcs[e].cost;
    }
}

static void print_net(const randnet *net)
{
    fprintf(stderr, "c reproducer:\n");
    randnet_write_dimacs(net, stderr);
}

static void assert_cert(const gf_mcf *mcf, const gf_mcf_result *res)
{
    char why[512];

    if (mcf_cert_check(mcf, res, why, sizeof why))
        fail_msg("optimality certificate fails: %s", why);
}

static void assert_cut(const gf_mcf *mcf)
{
    gf_mcf_cut cut = {0};
    gf_error err = {0};
    char why[512];

    assert_int_equal(gf_mcf_infeasible_cut(mcf, &cut, &err), GF_OK);
    if (mcf_cut_check(mcf, &cut, why, sizeof why))
        fail_msg("infeasibility certificate fails: %s", why);
    gf_mcf_cut_fini(&cut);
    assert_null(cut.nodes);
}

/* Check what a finished solve claims: certificates for OPTIMAL and
 * INFEASIBLE, cost 0 for the other outcomes. */
static void assert_outcome_proven(const gf_mcf *mcf, const gf_mcf_result *res)
{
    if (res->status == GF_MCF_OPTIMAL)
        assert_cert(mcf, res);
    else if (res->status == GF_MCF_INFEASIBLE)
        assert_cut(mcf);
    if (res->status != GF_MCF_OPTIMAL)
        assert_i64(res->cost, 0);
}

static gf_mcf_options opts_for(int route)
{
    gf_mcf_options o = gf_mcf_options_default();

    switch (route) {
    case 1:
        o.pivot = GF_MCF_FIRST_ELIGIBLE;
        break;
    case 2:
        o.pivot = GF_MCF_BEST_ELIGIBLE;
        break;
    case 3:
        o.block_size = 1; /* block search at its smallest */
        break;
    case 4:
        o.block_size = 7; /* blocks that rarely divide m: the scan wraps mid-block */
        break;
    case 5:
        o.pivot = GF_MCF_CANDIDATE_LIST;
        o.block_size = 3; /* major steps of several blocks, wrapping mid-block */
        break;
    default:
        break;
    }
    return o;
}
#define N_RULES 6

static const char *rule_name(int route)
{
    static const char *names[N_RULES] = {"BLOCK_SEARCH",   "FIRST_ELIGIBLE", "BEST_ELIGIBLE",
                                         "BLOCK_SEARCH/1", "BLOCK_SEARCH/7", "CANDIDATE_LIST/3"};
    return names[route];
}

/* Arc order k: 0 as given, 1 reversed, 2 a seeded shuffle. */
static void make_order(int32_t *perm, int32_t m, int k)
{
    randnet_rng r = {0x5eed + (uint64_t)m};

    for (int32_t i = 0; i < m; i++)
        perm[i] = k == 1 ? m - 1 - i : i;
    for (int32_t i = m - 1; k == 2 && i > 0; i--) {
        int32_t j = (int32_t)randnet_range(&r, 0, i), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
}

/* Solve net under every pivot rule and arc order; each must end in want
 * (and cost want_cost when OPTIMAL) with a valid certificate. The as-given
 * order is also built with gf_mcf_add_arc, which must give bit-identical
 * flows and potentials. */
static void check_all_routes(const randnet *net, gf_mcf_status want, int64_t want_cost)
{
    int32_t m = net->n_arcs, *perm = malloc((size_t)(m > 0 ? m : 1) * sizeof *perm);

    assert_non_null(perm);
    for (int k = 0; k < 3; k++) {
        make_order(perm, m, k);
        for (int route = 0; route < N_RULES; route++) {
            gf_error err = {0};
            gf_mcf_options o = opts_for(route);
            gf_mcf_result res;
            gf_mcf *mcf = randnet_to_mcf_permuted(net, perm, &err);
            assert_non_null(mcf);
            assert_int_equal(gf_mcf_solve(mcf, &o, &res, &err), GF_OK);
            if (res.status != want || (want == GF_MCF_OPTIMAL && res.cost != want_cost)) {
                print_net(net);
                fail_msg("order %d, %s: status %d cost %lld, expected status %d cost %lld", k,
                         rule_name(route), (int)res.status, (long long)res.cost, (int)want,
                         (long long)want_cost);
            }
            assert_outcome_proven(mcf, &res);
            if (k == 0 && m > 0 && res.status == GF_MCF_OPTIMAL) {
                gf_mcf_result res2;
                gf_mcf *by_add = randnet_to_mcf_by_add(net, &err);
                assert_non_null(by_add);
                assert_int_equal(gf_mcf_solve(by_add, &o, &res2, &err), GF_OK);
                assert_i64(res2.cost, res.cost);
                assert_memory_equal(gf_mcf_flows(by_add), gf_mcf_flows(mcf),
                                    (size_t)m * sizeof(int64_t));
                assert_memory_equal(gf_mcf_potentials(by_add), gf_mcf_potentials(mcf),
                                    (size_t)net->n_nodes * sizeof(int64_t));
                gf_mcf_destroy(by_add);
            }
            gf_mcf_destroy(mcf);
        }
    }
    free(perm);
}

/* Build net as given and solve it with default options (for tests that look
 * at particular flows). Returns the owned network; *res holds the result. */
static gf_mcf *solve_net(const randnet *net, gf_mcf_result *res)
{
    gf_error err = {0};
    gf_mcf *mcf = randnet_to_mcf(net, &err);

    assert_non_null(mcf);
    assert_int_equal(gf_mcf_solve(mcf, NULL, res, &err), GF_OK);
    assert_outcome_proven(mcf, res);
    return mcf;
}

/* Transport problem, supplies s0 = 20 (node 0), s1 = 30 (node 1); demands
 * d2 = 10, d3 = 25, d4 = 15 (nodes 2, 3, 4); unit costs
 *          d2 d3 d4
 *     s0    4  6  9
 *     s1    5  3  7
 * s1 saves 3 on d3 and 2 on d4 against s0, and loses 1 on d2: give s1 all
 * of d3 (25) and its last 5 to d4; s0 sends 10 to d2 and 10 to d4. Cost
 * 25*3 + 5*7 + 10*4 + 10*9 = 240. Proof by potentials: the basic arcs give
 * pi = (0, 2, 4, 5, 9) and the nonbasic ones have rc(s0,d3) = 6+0-5 = 1,
 * rc(s1,d2) = 5+2-4 = 3, both > 0, so this optimum is also unique.
 * With s1->d3 capped at 20, s1's other 10 go to d4 and s0 covers d2 10, d3
 * 5, d4 5: 20*3 + 10*7 + 10*4 + 5*6 + 5*9 = 245. */
static void test_mcf_transport_problem(void **state)
{
    static const int64_t b[5] = {20, 30, -10, -25, -15};
    arc_row arcs[6] = {{0, 2, 0, INF, 4}, {0, 3, 0, INF, 6}, {0, 4, 0, INF, 9},
                       {1, 2, 0, INF, 5}, {1, 3, 0, INF, 3}, {1, 4, 0, INF, 7}};
    static const int64_t want_flow[6] = {10, 0, 10, 0, 25, 5};
    static const int64_t want_pi_diff[5] = {0, 2, 4, 5, 9};
    randnet net;
    gf_mcf_result res;
    gf_mcf *mcf;

    (void)state;
    net_init(&net, 5, b, 6, arcs);
    check_all_routes(&net, GF_MCF_OPTIMAL, 240);
    mcf = solve_net(&net, &res);
    for (int32_t e = 0; e < 6; e++)
        assert_i64(gf_mcf_flow(mcf, e), want_flow[e]);
    for (int32_t v = 0; v < 5; v++) /* unique up to a constant */
        assert_i64(gf_mcf_potential(mcf, v) - gf_mcf_potential(mcf, 0), want_pi_diff[v]);
    assert_i64(gf_mcf_reduced_cost(mcf, 1), 1);
    assert_i64(gf_mcf_reduced_cost(mcf, 3), 3);
    gf_mcf_destroy(mcf);
    randnet_fini(&net);

    arcs[4].up = 20;
    net_init(&net, 5, b, 6, arcs);
    check_all_routes(&net, GF_MCF_OPTIMAL, 245);
    randnet_fini(&net);
}

/* (a) 10 units 0 -> 1 over a: cost 1, [0, 10] and b: cost 5, [4, 10]. b must
 *     carry 4, the cheap arc takes the other 6: 6*1 + 4*5 = 26.
 * (b) No supplies; the cycle 0->1 (cost 1, uncapacitated), 1->2 (cost 1,
 *     [0, 10]), 2->0 (cost 1, [3, 8]) must circulate at least 3 and has
 *     positive cost, so exactly 3: cost 9.
 * (c) A negative lower bound. No supplies; e0 = 0->1 with [-5, 5], cost 2,
 *     e1 = 0->1 with [0, 3], cost -1. Conservation: x1 = -x0, so the cost is
 *     2 x0 - x1 = 3 x0 with x0 in [-3, 0]: x0 = -3, x1 = 3, cost -9.
 * (d) A lower bound nothing can balance: 0->1 with [5, 10] and no way back:
 *     infeasible. */
static void test_mcf_lower_bounds(void **state)
{
    static const int64_t b_a[2] = {10, -10};
    static const arc_row arcs_a[2] = {{0, 1, 0, 10, 1}, {0, 1, 4, 10, 5}};
    static const arc_row arcs_b[3] = {{0, 1, 0, INF, 1}, {1, 2, 0, 10, 1}, {2, 0, 3, 8, 1}};
    static const arc_row arcs_c[2] = {{0, 1, -5, 5, 2}, {0, 1, 0, 3, -1}};
    static const arc_row arcs_d[2] = {{0, 1, 5, 10, 1}, {1, 2, 0, 3, 1}};
    randnet net;
    gf_mcf_result res;
    gf_mcf *mcf;

    (void)state;
    net_init(&net, 2, b_a, 2, arcs_a);
    check_all_routes(&net, GF_MCF_OPTIMAL, 26);
    mcf = solve_net(&net, &res);
    assert_i64(gf_mcf_flow(mcf, 0), 6);
    assert_i64(gf_mcf_flow(mcf, 1), 4);
    gf_mcf_destroy(mcf);
    randnet_fini(&net);

    net_init(&net, 3, NULL, 3, arcs_b);
    check_all_routes(&net, GF_MCF_OPTIMAL, 9);
    mcf = solve_net(&net, &res);
    for (int32_t e = 0; e < 3; e++)
        assert_i64(gf_mcf_flow(mcf, e), 3);
    gf_mcf_destroy(mcf);
    randnet_fini(&net);

    net_init(&net, 2, NULL, 2, arcs_c);
    check_all_routes(&net, GF_MCF_OPTIMAL, -9);
    mcf = solve_net(&net, &res);
    assert_i64(gf_mcf_flow(mcf, 0), -3);
    assert_i64(gf_mcf_flow(mcf, 1), 3);
    gf_mcf_destroy(mcf);
    randnet_fini(&net);

    net_init(&net, 3, NULL, 2, arcs_d);
    check_all_routes(&net, GF_MCF_INFEASIBLE, 0);
    randnet_fini(&net);
}

/* 5 units from 0 to 2. Through 1: -3 + 2 = -1 per unit but 0->1 holds 3;
 * direct 0->2 costs 0. So 3 via 1 and 2 direct: cost -3. */
static void test_mcf_negative_costs(void **state)
{
    static const int64_t b[3] = {5, 0, -5};
    static const arc_row arcs[3] = {{0, 1, 0, 3, -3}, {1, 2, 0, INF, 2}, {0, 2, 0, INF, 0}};
    randnet net;
    gf_mcf_result res;
    gf_mcf *mcf;

    (void)state;
    net_init(&net, 3, b, 3, arcs);
    check_all_routes(&net, GF_MCF_OPTIMAL, -3);
    mcf = solve_net(&net, &res);
    assert_i64(gf_mcf_flow(mcf, 0), 3);
    assert_i64(gf_mcf_flow(mcf, 1), 3);
    assert_i64(gf_mcf_flow(mcf, 2), 2);
    gf_mcf_destroy(mcf);
    randnet_fini(&net);
}

/* The cycle 0->1 (cost -5, capacity 4), 1->2, 2->0 (cost 1 each,
 * uncapacitated) costs -3 per unit and holds 4: optimum -12 with 4 on every
 * arc. Plus an independent 2 units 3 -> 4 at cost 7: total 2. */
static void test_mcf_negative_cycle_with_capacity_is_optimal(void **state)
{
    static const int64_t b[5] = {0, 0, 0, 2, -2};
    static const arc_row arcs[4] = {
        {0, 1, 0, 4, -5}, {1, 2, 0, INF, 1}, {2, 0, 0, INF, 1}, {3, 4, 0, INF, 7}};
    randnet net;
    gf_mcf_result res;
    gf_mcf *mcf;

    (void)state;
    net_init(&net, 5, b, 4, arcs);
    check_all_routes(&net, GF_MCF_OPTIMAL, 2);
    mcf = solve_net(&net, &res);
    for (int32_t e = 0; e < 3; e++)
        assert_i64(gf_mcf_flow(mcf, e), 4);
    assert_true(gf_mcf_reduced_cost(mcf, 0) <= 0); /* saturated and worth having */
    gf_mcf_destroy(mcf);
    randnet_fini(&net);
}

/* The same cycle with 0->1 uncapacitated has no optimum; so has a 2-cycle
 * of uncapacitated arcs costing -1 + 0, even next to a feasible transport. */
static void test_mcf_negative_cycle_without_capacity_is_unbounded(void **state)
{
    static const int64_t b[5] = {0, 0, 0, 2, -2};
    static const arc_row arcs[4] = {
        {0, 1, 0, INF, -5}, {1, 2, 0, INF, 1}, {2, 0, 0, INF, 1}, {3, 4, 0, INF, 7}};
    static const arc_row two[3] = {{3, 4, 0, 5, 7}, {1, 2, 0, INF, -1}, {2, 1, 0, INF, 0}};
    randnet net;

    (void)state;
    net_init(&net, 5, b, 4, arcs);
    check_all_routes(&net, GF_MCF_UNBOUNDED, 0);
    randnet_fini(&net);
    net_init(&net, 5, b, 3, two);
    check_all_routes(&net, GF_MCF_UNBOUNDED, 0);
    randnet_fini(&net);
}

/* 3 units 0 -> 1 at cost 2 (6), plus self-loops: 0->0 cost -2 capacity 7
 * fills up (-14), 1->1 cost 3 with [2, 5] stays at its lower bound (6),
 * 0->0 cost 4 stays empty. Total -2. The same with an uncapacitated
 * negative self-loop is unbounded. */
static void test_mcf_self_loops(void **state)
{
    static const int64_t b[2] = {3, -3};
    arc_row arcs[4] = {{0, 1, 0, INF, 2}, {0, 0, 0, 7, -2}, {1, 1, 2, 5, 3}, {0, 0, 0, 9, 4}};
    randnet net;
    gf_mcf_result res;
    gf_mcf *mcf;

    (void)state;
    net_init(&net, 2, b, 4, arcs);
    check_all_routes(&net, GF_MCF_OPTIMAL, -2);
    mcf = solve_net(&net, &res);
    assert_i64(gf_mcf_flow(mcf, 0), 3);
    assert_i64(gf_mcf_flow(mcf, 1), 7);
    assert_i64(gf_mcf_flow(mcf, 2), 2);
    assert_i64(gf_mcf_flow(mcf, 3), 0);
    assert_i64(gf_mcf_reduced_cost(mcf, 1), -2); /* a self-loop's rc is its cost */
    gf_mcf_destroy(mcf);
    randnet_fini(&net);

    arcs[1].up = INF;
    net_init(&net, 2, b, 4, arcs);
    check_all_routes(&net, GF_MCF_UNBOUNDED, 0);
    randnet_fini(&net);
}

/* 10 units 0 -> 1 over three parallel arcs of capacity 4 and costs 3, 1, 2:
 * 4*1 + 4*2 + 2*3 = 18. Adding 1->0 at cost -4, capacity 2, lets 2 more
 * units go round: the dearest unit 0->1 costs 3 < 4, so the extra 2 units
 * ride the cost-3 arc: 4*1 + 4*2 + 4*3 - 2*4 = 16. */
static void test_mcf_parallel_arcs(void **state)
{
    static const int64_t b[2] = {10, -10};
    static const arc_row arcs[4] = {
        {0, 1, 0, 4, 3}, {0, 1, 0, 4, 1}, {0, 1, 0, 4, 2}, {1, 0, 0, 2, -4}};
    randnet net;
    gf_mcf_result res;
    gf_mcf *mcf;

    (void)state;
    net_init(&net, 2, b, 3, arcs);
    check_all_routes(&net, GF_MCF_OPTIMAL, 18);
    mcf = solve_net(&net, &res);
    assert_i64(gf_mcf_flow(mcf, 0), 2);
    assert_i64(gf_mcf_flow(mcf, 1), 4);
    assert_i64(gf_mcf_flow(mcf, 2), 4);
    gf_mcf_destroy(mcf);
    randnet_fini(&net);

    net_init(&net, 2, b, 4, arcs);
    check_all_routes(&net, GF_MCF_OPTIMAL, 16);
    randnet_fini(&net);
}

/* No nodes, or nodes without arcs: the zero flow is optimal when every
 * supply is 0, and a node with supply and no arcs is infeasible. */
static void test_mcf_empty_networks(void **state)
{
    static const int64_t b[3] = {2, 0, -2};
    gf_error err = {0};
    gf_mcf_result res;
    gf_mcf *mcf;
    randnet net;

    (void)state;
    mcf = gf_mcf_create(0, 0, &err);
    assert_non_null(mcf);
    assert_int_equal(gf_mcf_solve(mcf, NULL, &res, &err), GF_OK);
    assert_int_equal(res.status, GF_MCF_OPTIMAL);
    assert_i64(res.cost, 0);
    assert_cert(mcf, &res);
    gf_mcf_destroy(mcf);

    mcf = gf_mcf_create_arcs(0, NULL, NULL, &err);
    assert_non_null(mcf);
    assert_int_equal(gf_mcf_node_count(mcf), 0);
    assert_int_equal(gf_mcf_arc_count(mcf), 0);
    assert_int_equal(gf_mcf_solve(mcf, NULL, &res, &err), GF_OK);
    assert_int_equal(res.status, GF_MCF_OPTIMAL);
    assert_cert(mcf, &res);
    gf_mcf_destroy(mcf);

    net_init(&net, 0, NULL, 0, NULL);
    check_all_routes(&net, GF_MCF_OPTIMAL, 0);
    randnet_fini(&net);
    net_init(&net, 3, NULL, 0, NULL);
    check_all_routes(&net, GF_MCF_OPTIMAL, 0);
    randnet_fini(&net);
    net_init(&net, 3, b, 0, NULL);
    check_all_routes(&net, GF_MCF_INFEASIBLE, 0);
    randnet_fini(&net);
    gf_mcf_destroy(NULL); /* NULL-safe */
}

/* Supply with no way out. Node 0 has 5 units and node 1 needs them; 1->0
 * points the wrong way and 0->2->1 carries at most 3. S = {0} has supply 5
 * and at most 3 can leave it. */
static void test_mcf_infeasible_supply_gives_out_cut(void **state)
{
    static const int64_t b[3] = {5, -5, 0};
    static const arc_row arcs[3] = {{1, 0, 0, INF, 1}, {0, 2, 0, 3, 1}, {2, 1, 0, 10, 1}};
    randnet net;
    gf_mcf_result res;
    gf_mcf *mcf;
    gf_mcf_cut cut = {0};
    gf_error err = {0};

    (void)state;
    net_init(&net, 3, b, 3, arcs);
    check_all_routes(&net, GF_MCF_INFEASIBLE, 0);
    mcf = solve_net(&net, &res);
    assert_int_equal(gf_mcf_infeasible_cut(mcf, &cut, &err), GF_OK);
    assert_int_equal(cut.dir, GF_MCF_CUT_OUT);
    assert_true(cut.supply > cut.capacity);
    gf_mcf_cut_fini(&cut);
    gf_mcf_cut_fini(NULL);
    gf_mcf_destroy(mcf);
    randnet_fini(&net);
}

/* Demand with no way in. Node 1 needs 5 but only has arcs out (1->2);
 * node 0's 5 can go to 2 and no further. Any valid cut will do (S = {1}
 * with IN, or S = {0, 2} with OUT). With supplies summing to -3, the whole
 * node set is an IN cut: it needs 3 and nothing enters it. */
static void test_mcf_infeasible_demand_gives_valid_cut(void **state)
{
    static const int64_t b[3] = {5, -5, 0};
    static const int64_t short_b[3] = {2, -5, 0};
    static const arc_row arcs[2] = {{0, 2, 0, INF, 1}, {1, 2, 0, INF, 1}};
    randnet net;
    gf_mcf_result res;
    gf_mcf *mcf;
    gf_mcf_cut cut = {0};
    gf_error err = {0};

    (void)state;
    net_init(&net, 3, b, 2, arcs);
    check_all_routes(&net, GF_MCF_INFEASIBLE, 0);
    randnet_fini(&net);

    net_init(&net, 3, short_b, 2, arcs);
    check_all_routes(&net, GF_MCF_INFEASIBLE, 0);
    mcf = solve_net(&net, &res);
    assert_int_equal(gf_mcf_infeasible_cut(mcf, &cut, &err), GF_OK);
    assert_int_equal(cut.dir, GF_MCF_CUT_IN);
    assert_true(-cut.supply > cut.capacity);
    gf_mcf_cut_fini(&cut);
    gf_mcf_destroy(mcf);
    randnet_fini(&net);
}

/* Supplies that do not sum to 0 cannot be met, however wide the arcs. */
static void test_mcf_unbalanced_supplies_are_infeasible(void **state)
{
    static const int64_t more[3] = {5, -4, 0};
    static const int64_t less[3] = {4, -5, 0};
    static const arc_row arcs[6] = {{0, 1, 0, INF, 1}, {1, 0, 0, INF, 1}, {0, 2, 0, INF, 1},
                                    {2, 0, 0, INF, 1}, {1, 2, 0, INF, 1}, {2, 1, 0, INF, 1}};
    randnet net;
    gf_mcf_result res;
    gf_mcf *mcf;
    gf_mcf_cut cut = {0};
    gf_error err = {0};

    (void)state;
    net_init(&net, 3, more, 6, arcs);
    check_all_routes(&net, GF_MCF_INFEASIBLE, 0);
    mcf = solve_net(&net, &res);
    assert_int_equal(gf_mcf_infeasible_cut(mcf, &cut, &err), GF_OK);
    assert_int_equal(cut.dir, GF_MCF_CUT_OUT);
    gf_mcf_cut_fini(&cut);
    gf_mcf_destroy(mcf);
    randnet_fini(&net);

    net_init(&net, 3, less, 6, arcs);
    check_all_routes(&net, GF_MCF_INFEASIBLE, 0);
    mcf = solve_net(&net, &res);
    assert_int_equal(gf_mcf_infeasible_cut(mcf, &cut, &err), GF_OK);
    assert_int_equal(cut.dir, GF_MCF_CUT_IN);
    gf_mcf_cut_fini(&cut);
    gf_mcf_destroy(mcf);
    randnet_fini(&net);
}

/* gf_mcf_infeasible_cut is only for INFEASIBLE solves. */
static void test_mcf_cut_needs_infeasible_solve(void **state)
{
    static const int64_t b[2] = {1, -1};
    static const arc_row arcs[1] = {{0, 1, 0, 1, 1}};
    randnet net;
    gf_mcf_result res;
    gf_mcf *mcf;
    gf_mcf_cut cut = {0};
    gf_error err = {0};

    (void)state;
    net_init(&net, 2, b, 1, arcs);
    mcf = randnet_to_mcf(&net, &err);
    assert_non_null(mcf);
    assert_int_equal(gf_mcf_infeasible_cut(mcf, &cut, &err), GF_ESTATE); /* not solved */
    gf_error_clear(&err);
    assert_int_equal(gf_mcf_solve(mcf, NULL, &res, &err), GF_OK);
    assert_int_equal(res.status, GF_MCF_OPTIMAL);
    assert_cert(mcf, &res);
    assert_int_equal(gf_mcf_infeasible_cut(mcf, &cut, &err), GF_ESTATE);
    assert_int_equal(err.code, GF_ESTATE);
    assert_int_equal(gf_mcf_infeasible_cut(NULL, &cut, NULL), GF_EINVAL);
    gf_mcf_destroy(mcf);
    randnet_fini(&net);
}

/* The checkers themselves must reject wrong answers, or the rest proves
 * nothing. Network: 4 units 0 -> 1 over a (cost 1, [0, 3]) and b (cost 5,
 * uncapacitated). Optimum x = (3, 1), cost 8, pi = (0, 5): rc(b) = 0,
 * rc(a) = -4 at its upper bound; dual = -(0*4 + 5*(-4)) + (-4)*3 = 8. */
static void test_mcf_checkers_reject_wrong_answers(void **state)
{
    static const int32_t src[2] = {0, 0}, dst[2] = {1, 1};
    static const int64_t up[2] = {3, 0}, cost[2] = {1, 5}, b[2] = {4, -4};
    static const uint8_t uncap[2] = {0, 1};
    int64_t flow[2] = {3, 1}, pi[2] = {0, 5};
    mcf_cert_input in = {2, 2, src, dst, NULL, up, uncap, cost, b, flow, pi, 8};
    static const int64_t bad_flow[][2] = {{4, 0}, {2, 1}, {2, 2}, {-1, 5}};
    static const int64_t bad_pi[][2] = {{0, 1}, {0, 6}, {3, 5}};
    char why[512];

    (void)state;
    assert_int_equal(mcf_cert_check_input(&in, why, sizeof why), 0);
    in.total_cost = 9;
    assert_int_not_equal(mcf_cert_check_input(&in, why, sizeof why), 0);
    for (size_t i = 0; i < sizeof bad_flow / sizeof bad_flow[0]; i++) {
        in.total_cost = bad_flow[i][0] * cost[0] + bad_flow[i][1] * cost[1];
        flow[0] = bad_flow[i][0];
        flow[1] = bad_flow[i][1];
        if (!mcf_cert_check_input(&in, why, sizeof why))
            fail_msg("flow (%lld, %lld) passed", (long long)flow[0], (long long)flow[1]);
    }
    flow[0] = 3;
    flow[1] = 1;
    in.total_cost = 8;
    for (size_t i = 0; i < sizeof bad_pi / sizeof bad_pi[0]; i++) {
        pi[0] = bad_pi[i][0];
        pi[1] = bad_pi[i][1];
        if (!mcf_cert_check_input(&in, why, sizeof why))
            fail_msg("potentials (%lld, %lld) passed", (long long)pi[0], (long long)pi[1]);
    }
    pi[0] = 10; /* a constant shift changes nothing */
    pi[1] = 15;
    assert_int_equal(mcf_cert_check_input(&in, why, sizeof why), 0);
}

/* The cut checker on hand-made cuts of b = (5, -5, 0) with arcs 0->2 and
 * 1->2 (uncapacitated) and 2->1 (capacity 2). Valid: IN with S = {1}, which
 * needs 5 while at most 2 can enter it (2->1); OUT with S = {0, 2}, which
 * holds 5 while at most 2 can leave it (2->1; the uncapacitated 1->2 enters
 * S, which an OUT cut does not limit). Invalid: wrong sums, unsorted nodes,
 * an uncapacitated arc leaving an OUT cut, a cut that proves nothing, no
 * direction. */
static void test_mcf_cut_checker_rejects_wrong_cuts(void **state)
{
    static const int64_t b[3] = {5, -5, 0};
    static const arc_row arcs[3] = {{0, 2, 0, INF, 1}, {1, 2, 0, INF, 1}, {2, 1, 0, 2, 1}};
    int32_t s1[1] = {1}, s02[2] = {0, 2}, s20[2] = {2, 0}, s0[1] = {0};
    gf_mcf_cut good_in = {GF_MCF_CUT_IN, 1, s1, -5, 2};
    gf_mcf_cut good_out = {GF_MCF_CUT_OUT, 2, s02, 5, 2};
    gf_mcf_cut bad[] = {
        {GF_MCF_CUT_IN, 1, s1, -4, 2},    /* wrong supply */
        {GF_MCF_CUT_IN, 1, s1, -5, 1},    /* wrong capacity */
        {GF_MCF_CUT_OUT, 2, s20, 5, 2},   /* not increasing */
        {GF_MCF_CUT_OUT, 1, s0, 5, 0},    /* 0->2 is uncapacitated out of S */
        {GF_MCF_CUT_OUT, 1, s1, -5, 2},   /* proves nothing */
        {(gf_mcf_cut_dir)0, 1, s1, -5, 2} /* no direction */
    };
    randnet net;
    gf_error err = {0};
    gf_mcf *mcf;
    char why[512];

    (void)state;
    net_init(&net, 3, b, 3, arcs);
    mcf = randnet_to_mcf(&net, &err);
    assert_non_null(mcf);
    if (mcf_cut_check(mcf, &good_in, why, sizeof why))
        fail_msg("valid IN cut rejected: %s", why);
    if (mcf_cut_check(mcf, &good_out, why, sizeof why))
        fail_msg("valid OUT cut rejected: %s", why);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (!mcf_cut_check(mcf, &bad[i], why, sizeof why))
            fail_msg("bad cut %zu passed", i);
    gf_mcf_destroy(mcf);
    randnet_fini(&net);
}

/* Solving the same network twice, in one handle (cold) or in two, gives
 * bit-identical flows, potentials, cost and pivot counts. */
static void test_mcf_solve_is_deterministic(void **state)
{
    randnet_opts o = randnet_opts_default(42, 300, 2000);
    gf_mcf_options cold = gf_mcf_options_default();
    randnet net;
    gf_error err = {0};
    gf_mcf_result r1, r2, r3;
    gf_mcf *a, *b;
    int64_t *flows, *pis;

    (void)state;
    cold.cold = true;
    assert_int_equal(randnet_generate(&net, &o), 0);
    a = randnet_to_mcf(&net, &err);
    b = randnet_to_mcf(&net, &err);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(gf_mcf_solve(a, NULL, &r1, &err), GF_OK);
    assert_int_equal(r1.status, GF_MCF_OPTIMAL);
    assert_cert(a, &r1);
    flows = malloc((size_t)net.n_arcs * sizeof *flows);
    pis = malloc((size_t)net.n_nodes * sizeof *pis);
    memcpy(flows, gf_mcf_flows(a), (size_t)net.n_arcs * sizeof *flows);
    memcpy(pis, gf_mcf_potentials(a), (size_t)net.n_nodes * sizeof *pis);
    assert_int_equal(gf_mcf_solve(b, NULL, &r2, &err), GF_OK);
    assert_int_equal(gf_mcf_solve(a, &cold, &r3, &err), GF_OK);
    assert_false(r3.stats.warm);
    assert_i64(r2.cost, r1.cost);
    assert_i64(r3.cost, r1.cost);
    assert_i64(r2.stats.pivots, r1.stats.pivots);
    assert_i64(r3.stats.pivots, r1.stats.pivots);
    assert_memory_equal(gf_mcf_flows(b), flows, (size_t)net.n_arcs * sizeof *flows);
    assert_memory_equal(gf_mcf_flows(a), flows, (size_t)net.n_arcs * sizeof *flows);
    assert_memory_equal(gf_mcf_potentials(b), pis, (size_t)net.n_nodes * sizeof *pis);
    assert_memory_equal(gf_mcf_potentials(a), pis, (size_t)net.n_nodes * sizeof *pis);
    free(flows);
    free(pis);
    gf_mcf_destroy(a);
    gf_mcf_destroy(b);
    randnet_fini(&net);
}

/* Numbers that fit are solved exactly; numbers whose totals cannot fit
 * int64_t fail with GF_EOVERFLOW before any solving, never a wrong answer.
 * (a) 2^40 units 0 -> 1: 2^39 over an arc of cost 2^20 - 1 (its capacity),
 *     the rest at cost 2^20: 2^39 (2^20 - 1) + 2^39 2^20 = 2^60 - 2^39.
 * (b) 2^50 units at cost 2^50: the objective is 2^100.
 * (c) two arcs of cost -2^50 and capacity 2^50 forming a cycle: -2^101.
 * (d) 2^14 arcs 0 -> 1 each forced to carry 2^50, returning over 1 -> 0:
 *     that arc would carry 2^64. */
static void test_mcf_overflow_is_reported(void **state)
{
    static const int64_t b_a[2] = {(int64_t)1 << 40, -((int64_t)1 << 40)};
    static const int64_t b_b[2] = {BIG, -BIG};
    static const arc_row arcs_a[2] = {{0, 1, 0, (int64_t)1 << 39, ((int64_t)1 << 20) - 1},
                                      {0, 1, 0, INF, (int64_t)1 << 20}};
    static const arc_row arcs_b[1] = {{0, 1, 0, INF, BIG}};
    static const arc_row arcs_c[2] = {{0, 1, 0, BIG, -BIG}, {1, 0, 0, BIG, -BIG}};
    int32_t m_d = 1 << 14;
    arc_row *arcs_d = calloc((size_t)m_d + 1, sizeof *arcs_d);
    randnet net;
    gf_error err = {0};
    gf_mcf_result res;
    gf_mcf *mcf;

    (void)state;
    net_init(&net, 2, b_a, 2, arcs_a);
    check_all_routes(&net, GF_MCF_OPTIMAL, ((int64_t)1 << 60) - ((int64_t)1 << 39));
    randnet_fini(&net);

    net_init(&net, 2, b_b, 1, arcs_b);
    mcf = randnet_to_mcf(&net, &err);
    assert_non_null(mcf); /* each value is within range */
    res.status = GF_MCF_OPTIMAL;
    assert_int_equal(gf_mcf_solve(mcf, NULL, &res, &err), GF_EOVERFLOW);
    assert_int_equal(err.code, GF_EOVERFLOW);
    assert_int_not_equal(res.status, GF_MCF_OPTIMAL);
    gf_mcf_destroy(mcf);
    randnet_fini(&net);

    gf_error_clear(&err);
    net_init(&net, 2, NULL, 2, arcs_c);
    mcf = randnet_to_mcf(&net, &err);
    assert_non_null(mcf);
    assert_int_equal(gf_mcf_solve(mcf, NULL, &res, &err), GF_EOVERFLOW);
    gf_mcf_destroy(mcf);
    randnet_fini(&net);

    assert_non_null(arcs_d);
    gf_error_clear(&err);
    for (int32_t e = 0; e < m_d; e++)
        arcs_d[e] = (arc_row){0, 1, BIG, BIG, 0};
    arcs_d[m_d] = (arc_row){1, 0, 0, INF, 0};
    net_init(&net, 2, NULL, m_d + 1, arcs_d);
    mcf = randnet_to_mcf(&net, &err);
    assert_non_null(mcf);
    assert_int_equal(gf_mcf_solve(mcf, NULL, &res, &err), GF_EOVERFLOW);
    gf_mcf_destroy(mcf);
    randnet_fini(&net);
    free(arcs_d);
}

/* Optima close to the int64_t limit are solved, not refused: 2^50 units over
 * an uncapacitated path 0 -> 1 -> 2 of cost 4095 + 4096 cost
 * 2^50 x 8191 = 2^63 - 2^50, which fits; an uncapacitated parallel arc of
 * cost 4000 (flow bound times cost above 2^61, which the old pre-solve
 * bound refused) is not used. One more per unit on 1 -> 2 gives 2^63: the
 * solve reports GF_EOVERFLOW after solving, not a wrong cost. */
static void test_mcf_optimum_near_the_limit_is_solved(void **state)
{
    static const int64_t b[3] = {BIG, 0, -BIG};
    arc_row arcs[3] = {{0, 1, 0, INF, 4095}, {1, 2, 0, INF, 4096}, {0, 2, 0, INF, 9000}};
    randnet net;
    gf_error err = {0};
    gf_mcf_result res;
    gf_mcf *mcf;

    (void)state;
    net_init(&net, 3, b, 3, arcs);
    check_all_routes(&net, GF_MCF_OPTIMAL, INT64_MAX - BIG + 1);
    mcf = solve_net(&net, &res);
    assert_i64(gf_mcf_flow(mcf, 0), BIG);
    assert_i64(gf_mcf_flow(mcf, 2), 0);
    assert_int_equal(gf_mcf_set_cost(mcf, 1, 4097, &err), GF_OK); /* 2^50 x 8192 = 2^63 */
    res.status = GF_MCF_OPTIMAL;
    assert_int_equal(gf_mcf_solve(mcf, NULL, &res, &err), GF_EOVERFLOW);
    assert_int_equal(err.code, GF_EOVERFLOW);
    assert_non_null(strstr(err.msg, "optimal cost"));
    assert_int_not_equal(res.status, GF_MCF_OPTIMAL);
    gf_error_clear(&err);
    assert_int_equal(gf_mcf_set_cost(mcf, 1, 4096, &err), GF_OK); /* back: solves again */
    assert_int_equal(gf_mcf_solve(mcf, NULL, &res, &err), GF_OK);
    assert_int_equal(res.status, GF_MCF_OPTIMAL);
    assert_i64(res.cost, INT64_MAX - BIG + 1);
    assert_cert(mcf, &res);
    gf_mcf_destroy(mcf);
    randnet_fini(&net);
}

/* Values beyond +-2^50 are refused when given (GF_EINVAL), and the network
 * is left unchanged; exactly +-2^50 is accepted. */
static void test_mcf_rejects_values_beyond_max(void **state)
{
    /* lower, upper, cost, supply of node 0 (node 1 balances it) */
    static const int64_t bad[][4] = {
        {-BIG - 1, 1, 1, 0}, {0, BIG + 1, 1, 0}, {BIG + 1, BIG + 1, 1, 0}, {0, 1, BIG + 1, 0},
        {0, 1, -BIG - 1, 0}, {0, 1, 1, BIG + 1}, {0, 1, 1, -BIG - 1},      {0, 1, INT64_MIN, 0}};
    static const int64_t good[][4] = {{-BIG, BIG, BIG, BIG}, {BIG, BIG, -BIG, -BIG}};
    int32_t src[1] = {0}, dst[1] = {1};
    int64_t lo[1], up[1], cost[1], b[2];
    gf_mcf_arcs arcs = {1, src, dst, lo, up, NULL, cost};
    gf_error err = {0};
    gf_mcf *mcf;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0] + sizeof good / sizeof good[0]; i++) {
        bool ok = i >= sizeof bad / sizeof bad[0];
        const int64_t *row = ok ? good[i - sizeof bad / sizeof bad[0]] : bad[i];
        lo[0] = row[0];
        up[0] = row[1];
        cost[0] = row[2];
        b[0] = row[3];
        b[1] = row[3] == INT64_MIN ? 0 : -row[3];
        gf_error_clear(&err);
        mcf = gf_mcf_create_arcs(2, b, &arcs, &err);
        if (ok != (mcf != NULL))
            fail_msg("row %zu (%lld %lld %lld %lld): %s", i, (long long)row[0], (long long)row[1],
                     (long long)row[2], (long long)row[3], ok ? "refused" : "accepted");
        if (!ok)
            assert_int_equal(err.code, GF_EINVAL);
        gf_mcf_destroy(mcf);
    }

    mcf = gf_mcf_create(2, 0, &err);
    assert_non_null(mcf);
    assert_int_equal(gf_mcf_add_arc(mcf, 0, 1, 0, 5, false, BIG + 1, NULL, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_mcf_add_arc(mcf, 0, 1, 0, BIG + 1, false, 1, NULL, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_mcf_add_arc(mcf, 0, 1, -BIG - 1, 0, false, 1, NULL, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_mcf_add_arc(mcf, 0, 1, 0, INT64_MAX, true, 1, NULL, &err), GF_OK);
    assert_int_equal(gf_mcf_arc_count(mcf), 1);
    assert_true(gf_mcf_arc_is_uncapacitated(mcf, 0));
    assert_i64(gf_mcf_arc_upper(mcf, 0), INT64_MAX);
    assert_int_equal(gf_mcf_set_cost(mcf, 0, INT64_MIN, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_mcf_set_cost(mcf, 0, BIG + 1, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_i64(gf_mcf_arc_cost(mcf, 0), 1);
    assert_int_equal(gf_mcf_set_bounds(mcf, 0, 0, BIG + 1, false, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_true(gf_mcf_arc_is_uncapacitated(mcf, 0));
    assert_int_equal(gf_mcf_set_supply(mcf, 1, -BIG - 1, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_i64(gf_mcf_supply(mcf, 1), 0);
    assert_int_equal(gf_mcf_set_supply(mcf, 1, -BIG, &err), GF_OK);
    assert_i64(gf_mcf_supply(mcf, 1), -BIG);
    gf_mcf_destroy(mcf);
}

/* Bad ids, lower > upper, negative counts and NULLs are GF_EINVAL, and a
 * refused change leaves the network as it was. */
static void test_mcf_rejects_invalid_arguments(void **state)
{
    int32_t src[2] = {0, 1}, dst[2] = {1, 2};
    int64_t lo[2] = {0, 0}, up[2] = {4, 4};
    gf_mcf_arcs arcs = {2, src, dst, lo, up, NULL, NULL};
    gf_error err = {0};
    gf_mcf_result res;
    gf_mcf *mcf;

    (void)state;
    assert_null(gf_mcf_create(-1, 0, &err));
    assert_int_equal(err.code, GF_EINVAL);
    gf_error_clear(&err);
    assert_null(gf_mcf_create(GF_MCF_MAX_NODES + 1, 0, &err));
    assert_int_equal(err.code, GF_EINVAL);
    gf_error_clear(&err);
    arcs.n_arcs = GF_MCF_MAX_ARCS + 1; /* refused before reading the arrays */
    assert_null(gf_mcf_create_arcs(3, NULL, &arcs, &err));
    assert_int_equal(err.code, GF_EINVAL);
    gf_error_clear(&err);
    arcs.n_arcs = 2;
    dst[1] = 3; /* node id out of range */
    assert_null(gf_mcf_create_arcs(3, NULL, &arcs, &err));
    assert_int_equal(err.code, GF_EINVAL);
    assert_non_null(strstr(err.msg, "arc 1")); /* names the first bad entry */
    gf_error_clear(&err);
    dst[1] = -1;
    assert_null(gf_mcf_create_arcs(3, NULL, &arcs, &err));
    assert_int_equal(err.code, GF_EINVAL);
    gf_error_clear(&err);
    dst[1] = 2;
    lo[1] = 5; /* lower > upper */
    assert_null(gf_mcf_create_arcs(3, NULL, &arcs, &err));
    assert_int_equal(err.code, GF_EINVAL);
    gf_error_clear(&err);
    lo[1] = 0;
    arcs.n_arcs = -1;
    assert_null(gf_mcf_create_arcs(3, NULL, &arcs, &err));
    assert_int_equal(err.code, GF_EINVAL);
    gf_error_clear(&err);
    arcs.n_arcs = 2;
    arcs.src = NULL;
    assert_null(gf_mcf_create_arcs(3, NULL, &arcs, &err));
    assert_int_equal(err.code, GF_EINVAL);
    gf_error_clear(&err);
    arcs.src = src;

    mcf = gf_mcf_create_arcs(3, NULL, &arcs, &err);
    assert_non_null(mcf);
    assert_int_equal(gf_mcf_add_arc(mcf, 0, 3, 0, 1, false, 0, NULL, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_mcf_add_arc(mcf, -1, 0, 0, 1, false, 0, NULL, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_mcf_add_arc(mcf, 0, 1, 2, 1, false, 0, NULL, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_mcf_add_arc(NULL, 0, 1, 0, 1, false, 0, NULL, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_mcf_arc_count(mcf), 2);
    assert_int_equal(gf_mcf_set_cost(mcf, 2, 1, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_mcf_set_cost(mcf, -1, 1, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_mcf_set_bounds(mcf, 0, 3, 2, false, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_i64(gf_mcf_arc_lower(mcf, 0), 0);
    assert_i64(gf_mcf_arc_upper(mcf, 0), 4);
    assert_int_equal(gf_mcf_set_bounds(mcf, 5, 0, 2, false, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_mcf_set_supply(mcf, 3, 1, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_mcf_set_supply(mcf, -1, 1, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_mcf_solve(mcf, NULL, NULL, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_mcf_solve(NULL, NULL, &res, &err), GF_EINVAL);
    gf_error_clear(&err);
    /* An uncapacitated arc ignores upper, so lower > upper is fine there. */
    assert_int_equal(gf_mcf_add_arc(mcf, 0, 2, 3, 0, true, 1, NULL, NULL), GF_OK);
    assert_int_equal(gf_mcf_set_bounds(mcf, 1, 2, -7, true, NULL), GF_OK);
    assert_int_equal(gf_mcf_set_supply(mcf, 0, 5, NULL), GF_OK);
    assert_int_equal(gf_mcf_set_supply(mcf, 2, -5, NULL), GF_OK);
    assert_int_equal(gf_mcf_solve(mcf, NULL, &res, &err), GF_OK);
    assert_int_equal(res.status, GF_MCF_OPTIMAL);
    assert_cert(mcf, &res);
    gf_mcf_destroy(mcf);
}

/* Random networks of every kind, each solved on every route: all routes
 * agree on the status and cost, and every answer carries its certificate
 * (the reference comparison with GLPK is in test_mcf_glpk.c). */
static void test_mcf_random_networks_agree_on_every_route(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 120; seed++) {
        randnet_rng r = {seed * 7919};
        randnet_opts o = randnet_opts_default(seed, (int32_t)randnet_range(&r, 1, 25),
                                              (int32_t)randnet_range(&r, 0, 80));
        randnet net;
        gf_mcf_result res;
        gf_mcf *mcf;

        o.uncap_cost_nonneg = seed % 5 != 0;
        o.feasible = seed % 3 != 0;
        o.balanced = seed % 7 != 0;
        o.uncap_permille = (int)randnet_range(&r, 0, 400);
        assert_int_equal(randnet_generate(&net, &o), 0);
        mcf = solve_net(&net, &res);
        if (o.feasible && o.uncap_cost_nonneg && res.status != GF_MCF_OPTIMAL) {
            print_net(&net);
            fail_msg("seed %llu: feasible and bounded by construction but status %d",
                     (unsigned long long)seed, (int)res.status);
        }
        check_all_routes(&net, res.status, res.cost);
        gf_mcf_destroy(mcf);
        randnet_fini(&net);
    }
}

/* The automatic block size (mcf_init.c: block_factor): 2 sqrt(m) on a
 * network with at least 16 arcs a node, sqrt(m) on a sparser one. A solve
 * with the automatic size must repeat, pivot for pivot and arc for arc
 * priced, the solve with that size given explicitly, and differ from the
 * solve with the other size. */
static void test_mcf_block_size_follows_density(void **state)
{
    static const struct {
        int32_t n, m;
        double factor;
    } cases[] = {{64, 64 * 20, 2.0}, {64, 64 * 8, 1.0}};

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        randnet_opts o = randnet_opts_default(0xb10c + i, cases[i].n, cases[i].m);
        double other = cases[i].factor == 2.0 ? 1.0 : 2.0;
        int32_t sizes[3] = {0, (int32_t)(cases[i].factor * sqrt((double)cases[i].m)),
                            (int32_t)(other * sqrt((double)cases[i].m))};
        gf_mcf_result res[3];
        randnet net;

        o.feasible = true;
        o.uncap_cost_nonneg = true;
        assert_int_equal(randnet_generate(&net, &o), 0);
        for (int k = 0; k < 3; k++) {
            gf_error err = {0};
            gf_mcf_options opts = gf_mcf_options_default();
            gf_mcf *mcf = randnet_to_mcf(&net, &err);
            assert_non_null(mcf);
            opts.algo = GF_MCF_SIMPLEX;
            opts.block_size = sizes[k];
            assert_int_equal(gf_mcf_solve(mcf, &opts, &res[k], &err), GF_OK);
            assert_int_equal(res[k].status, GF_MCF_OPTIMAL);
            assert_outcome_proven(mcf, &res[k]);
            gf_mcf_destroy(mcf);
        }
        assert_i64(res[0].stats.pivots, res[1].stats.pivots);
        assert_i64(res[0].stats.arcs_priced, res[1].stats.arcs_priced);
        assert_i64(res[0].cost, res[2].cost);
        assert_true(res[0].stats.arcs_priced != res[2].stats.arcs_priced);
        randnet_fini(&net);
    }
}

/* Building a network arc by arc or all at once makes no difference. */
static void test_mcf_add_arc_matches_create_arcs(void **state)
{
    (void)state;
    for (uint64_t seed = 500; seed < 530; seed++) {
        randnet_opts o = randnet_opts_default(seed, 40, 150);
        randnet net;
        gf_error err = {0};

        assert_int_equal(randnet_generate(&net, &o), 0);
        for (int route = 0; route < N_RULES; route++) {
            gf_mcf_options opt = opts_for(route);
            gf_mcf *a = randnet_to_mcf(&net, &err), *b = randnet_to_mcf_by_add(&net, &err);
            gf_mcf_result ra, rb;
            assert_non_null(a);
            assert_non_null(b);
            for (int32_t e = 0; e < net.n_arcs; e++) {
                assert_int_equal(gf_mcf_arc_src(a, e), gf_mcf_arc_src(b, e));
                assert_int_equal(gf_mcf_arc_dst(a, e), gf_mcf_arc_dst(b, e));
                assert_i64(gf_mcf_arc_lower(a, e), gf_mcf_arc_lower(b, e));
                assert_i64(gf_mcf_arc_upper(a, e), gf_mcf_arc_upper(b, e));
                assert_i64(gf_mcf_arc_cost(a, e), gf_mcf_arc_cost(b, e));
            }
            assert_int_equal(gf_mcf_solve(a, &opt, &ra, &err), GF_OK);
            assert_int_equal(gf_mcf_solve(b, &opt, &rb, &err), GF_OK);
            assert_int_equal(ra.status, GF_MCF_OPTIMAL);
            assert_cert(a, &ra);
            assert_int_equal(rb.status, ra.status);
            assert_i64(rb.cost, ra.cost);
            assert_i64(rb.stats.pivots, ra.stats.pivots);
            assert_memory_equal(gf_mcf_flows(a), gf_mcf_flows(b),
                                (size_t)net.n_arcs * sizeof(int64_t));
            assert_memory_equal(gf_mcf_potentials(a), gf_mcf_potentials(b),
                                (size_t)net.n_nodes * sizeof(int64_t));
            gf_mcf_destroy(a);
            gf_mcf_destroy(b);
        }
        randnet_fini(&net);
    }
}

/* One random change to net and mcf alike: an arc's cost, an arc's bounds
 * (sometimes toggling uncapacitated), or a pair of supplies (u gains d, v
 * loses d). wild: uncapacitated arcs may get negative costs (unbounded
 * networks) and supplies move further (infeasible ones). Writes what it did
 * to what (for failure messages). */
static void random_change(randnet *net, gf_mcf *mcf, randnet_rng *r, bool wild, char *what,
                          size_t size)
{
    int kind = (int)randnet_range(r, 0, 2);
    gf_error err = {0};

    if (kind == 0 && net->n_arcs > 0) {
        int32_t e = (int32_t)randnet_range(r, 0, net->n_arcs - 1);
        int64_t c = randnet_range(r, net->uncap[e] && !wild ? 0 : -20, 50);
        net->cost[e] = c;
        assert_int_equal(gf_mcf_set_cost(mcf, e, c, &err), GF_OK);
        snprintf(what, size, "set_cost(arc %ld, %lld)", (long)e, (long long)c);
    } else if (kind == 1 && net->n_arcs > 0) {
        int32_t e = (int32_t)randnet_range(r, 0, net->n_arcs - 1);
        int64_t lo = randnet_chance(r, 300) ? randnet_range(r, -5, 5) : 0;
        int64_t up = lo + randnet_range(r, 0, 30);
        bool uncap = (wild || net->cost[e] >= 0) && randnet_chance(r, 200);
        net->lower[e] = lo;
        net->upper[e] = up;
        net->uncap[e] = uncap;
        assert_int_equal(gf_mcf_set_bounds(mcf, e, lo, up, uncap, &err), GF_OK);
        snprintf(what, size, "set_bounds(arc %ld, %lld, %lld, %s)", (long)e, (long long)lo,
                 (long long)up, uncap ? "uncapacitated" : "capacitated");
    } else {
        int32_t u = (int32_t)randnet_range(r, 0, net->n_nodes - 1);
        int32_t v = (int32_t)randnet_range(r, 0, net->n_nodes - 1);
        int64_t d = wild ? randnet_range(r, -40, 40) : randnet_range(r, -10, 10);
        net->supply[u] += d;
        net->supply[v] -= d;
        assert_int_equal(gf_mcf_set_supply(mcf, u, net->supply[u], &err), GF_OK);
        assert_int_equal(gf_mcf_set_supply(mcf, v, net->supply[v], &err), GF_OK);
        snprintf(what, size, "supply of %ld += %lld, of %ld -= %lld", (long)u, (long long)d,
                 (long)v, (long long)d);
    }
}

/* Whether two answers may differ because the network is both infeasible
 * and unbounded: one says INFEASIBLE (its cut is checked by the caller), the
 * other UNBOUNDED, and a negative cycle of uncapacitated arcs exists. */
static bool infeasible_and_unbounded(const randnet *net, const gf_mcf_result *a,
                                     const gf_mcf_result *b)
{
    bool pair = (a->status == GF_MCF_INFEASIBLE && b->status == GF_MCF_UNBOUNDED) ||
                (a->status == GF_MCF_UNBOUNDED && b->status == GF_MCF_INFEASIBLE);
    return pair && randnet_has_negative_uncap_cycle(net);
}

/* Warm starts: solve, change one thing, solve again from the old basis; the
 * answer must be proven and equal to a cold solve of a fresh copy, and after
 * an OPTIMAL solve the next one must say it started warm. */
static void check_warm_starts(uint64_t first, uint64_t count, bool wild, int *tally)
{
    for (uint64_t seed = first; seed < first + count; seed++) {
        randnet_rng r = {seed};
        randnet_opts o = randnet_opts_default(seed, (int32_t)randnet_range(&r, 2, 60),
                                              (int32_t)randnet_range(&r, 1, 250));
        gf_mcf_options opt = opts_for((int)(seed % N_RULES));
        randnet net;
        gf_error err = {0};
        gf_mcf_result res;
        gf_mcf *mcf;
        gf_mcf_status prev;
        char what[160];

        if (wild)
            o.uncap_permille = 400; /* so that negative costs close uncapacitated cycles */
        assert_int_equal(randnet_generate(&net, &o), 0);
        mcf = randnet_to_mcf(&net, &err);
        assert_non_null(mcf);
        assert_int_equal(gf_mcf_solve(mcf, &opt, &res, &err), GF_OK);
        assert_int_equal(res.status, GF_MCF_OPTIMAL);
        assert_false(res.stats.warm);
        assert_cert(mcf, &res);
        for (int step = 0; step < 8; step++) {
            gf_mcf_result cold_res;
            gf_mcf *fresh;
            prev = res.status;
            random_change(&net, mcf, &r, wild, what, sizeof what);
            assert_int_equal(gf_mcf_solve(mcf, &opt, &res, &err), GF_OK);
            fresh = randnet_to_mcf(&net, &err);
            assert_non_null(fresh);
            assert_int_equal(gf_mcf_solve(fresh, &opt, &cold_res, &err), GF_OK);
            if ((res.status != cold_res.status &&
                 !infeasible_and_unbounded(&net, &res, &cold_res)) ||
                res.cost != cold_res.cost || (prev == GF_MCF_OPTIMAL && !res.stats.warm)) {
                print_net(&net);
                fail_msg("seed %llu step %d after %s (%s): warm status %d cost %lld warm=%d, "
                         "cold status %d cost %lld",
                         (unsigned long long)seed, step, what, rule_name((int)(seed % N_RULES)),
                         (int)res.status, (long long)res.cost, (int)res.stats.warm,
                         (int)cold_res.status, (long long)cold_res.cost);
            }
            assert_outcome_proven(mcf, &res);
            tally[res.status]++;
            tally[5] += res.stats.warm;
            gf_mcf_destroy(fresh);
        }
        gf_mcf_destroy(mcf);
        randnet_fini(&net);
    }
}

static void test_mcf_warm_start_matches_cold(void **state)
{
    int tally[6] = {0}; /* by status, then warm starts */

    (void)state;
    check_warm_starts(1000, 80, false, tally);
    print_message("warm: %d optimal, %d infeasible of %d solves, %d warm\n", tally[GF_MCF_OPTIMAL],
                  tally[GF_MCF_INFEASIBLE], 80 * 8, tally[5]);
    assert_true(tally[GF_MCF_OPTIMAL] >= 400);
    assert_true(tally[5] >= 400);
}

/* The same with changes that make networks unbounded or infeasible and
 * back again. */
static void test_mcf_warm_start_through_unbounded_and_infeasible(void **state)
{
    int tally[6] = {0};

    (void)state;
    check_warm_starts(2000, 80, true, tally);
    print_message("wild warm: %d optimal, %d infeasible, %d unbounded, %d warm\n",
                  tally[GF_MCF_OPTIMAL], tally[GF_MCF_INFEASIBLE], tally[GF_MCF_UNBOUNDED],
                  tally[5]);
    assert_true(tally[GF_MCF_INFEASIBLE] >= 20);
    assert_true(tally[GF_MCF_UNBOUNDED] >= 15);
    assert_true(tally[GF_MCF_OPTIMAL] >= 100);
}

/* cold = true ignores the old basis; adding an arc discards it. */
static void test_mcf_cold_option_and_add_arc_start_cold(void **state)
{
    randnet_opts o = randnet_opts_default(77, 30, 120);
    gf_mcf_options cold = gf_mcf_options_default();
    randnet net;
    gf_error err = {0};
    gf_mcf_result res;
    gf_mcf *mcf;

    (void)state;
    cold.cold = true;
    assert_int_equal(randnet_generate(&net, &o), 0);
    mcf = randnet_to_mcf(&net, &err);
    assert_non_null(mcf);
    assert_int_equal(gf_mcf_solve(mcf, NULL, &res, &err), GF_OK);
    assert_int_equal(gf_mcf_set_cost(mcf, 0, 3, &err), GF_OK);
    assert_int_equal(gf_mcf_solve(mcf, &cold, &res, &err), GF_OK);
    assert_false(res.stats.warm);
    assert_cert(mcf, &res);
    assert_int_equal(gf_mcf_set_cost(mcf, 0, 4, &err), GF_OK);
    assert_int_equal(gf_mcf_solve(mcf, NULL, &res, &err), GF_OK);
    assert_true(res.stats.warm);
    assert_cert(mcf, &res);
    assert_int_equal(gf_mcf_add_arc(mcf, 0, 1, 0, 5, false, 1, NULL, &err), GF_OK);
    assert_int_equal(gf_mcf_solve(mcf, NULL, &res, &err), GF_OK);
    assert_false(res.stats.warm);
    assert_cert(mcf, &res);
    gf_mcf_destroy(mcf);
    randnet_fini(&net);
}

/* max_pivots = 1 on a network whose cold solve needs many pivots (200 nodes)
 * stops with ITERATION_LIMIT and cost 0; the next unlimited solve reaches the
 * optimum. The simplex's own limit: since h11-x, cost scaling's crossover
 * leaves no pivot to limit (test_mcf_crossover.c asserts that). */
static void test_mcf_iteration_limit(void **state)
{
    randnet_opts o = randnet_opts_default(31337, 200, 1600);
    gf_mcf_options simplex = gf_mcf_options_default();
    randnet net;
    gf_error err = {0};
    gf_mcf_result res;
    gf_mcf *mcf;
    int64_t need;

    (void)state;
    simplex.algo = GF_MCF_SIMPLEX;
    assert_int_equal(randnet_generate(&net, &o), 0);
    mcf = randnet_to_mcf(&net, &err);
    assert_non_null(mcf);
    assert_int_equal(gf_mcf_solve(mcf, &simplex, &res, &err), GF_OK);
    assert_int_equal(res.status, GF_MCF_OPTIMAL);
    assert_cert(mcf, &res);
    need = res.stats.pivots;
    assert_true(need > 5);
    for (int route = 0; route < N_RULES; route++) {
        gf_mcf_options o2 = opts_for(route);
        o2.algo = GF_MCF_SIMPLEX;
        o2.max_pivots = 1;
        o2.cold = true;
        assert_int_equal(gf_mcf_solve(mcf, &o2, &res, &err), GF_OK);
        if (res.status != GF_MCF_ITERATION_LIMIT)
            fail_msg("%s: status %d after max_pivots = 1", rule_name(route), (int)res.status);
        assert_i64(res.cost, 0);
    }
    assert_int_equal(gf_mcf_solve(mcf, NULL, &res, &err), GF_OK);
    assert_int_equal(res.status, GF_MCF_OPTIMAL);
    assert_cert(mcf, &res);
    gf_mcf_destroy(mcf);
    randnet_fini(&net);
}

/* One run of create_arcs + solve (+ a warm re-solve and an infeasibility
 * cut) under an allocator that fails from allocation fail_at on. Returns true
 * when everything succeeded; otherwise every failure was GF_ENOMEM. */
static bool run_with_failures(const randnet *net, const randnet *bad, long fail_at,
                              int64_t want_cost)
{
    gf_error err = {0};
    gf_mcf_result res;
    gf_mcf_cut cut = {0};
    gf_mcf *mcf, *inf = NULL;
    bool done = false;
    int rc;

    failing_alloc_arm(fail_at);
    mcf = randnet_to_mcf(net, &err);
    if (!mcf)
        goto out;
    rc = gf_mcf_solve(mcf, NULL, &res, &err);
    if (rc)
        goto out;
    assert_int_equal(res.status, GF_MCF_OPTIMAL);
    assert_i64(res.cost, want_cost);
    assert_cert(mcf, &res); /* the checker uses malloc, not the failing hook */
    if ((rc = gf_mcf_set_cost(mcf, 0, 7, &err)) || (rc = gf_mcf_solve(mcf, NULL, &res, &err)))
        goto out;
    assert_outcome_proven(mcf, &res);
    if (!(inf = randnet_to_mcf(bad, &err)) || (rc = gf_mcf_solve(inf, NULL, &res, &err)))
        goto out;
    assert_int_equal(res.status, GF_MCF_INFEASIBLE);
    if ((rc = gf_mcf_infeasible_cut(inf, &cut, &err)))
        goto out;
    done = true;
out:
    failing_alloc_disarm();
    if (!done)
        assert_int_equal(err.code, GF_ENOMEM);
    gf_mcf_cut_fini(&cut);
    gf_mcf_destroy(inf);
    gf_mcf_destroy(mcf);
    return done;
}

/* STYLE.md section 8: fail every allocation in turn; each failure must be
 * GF_ENOMEM and leak nothing (LeakSanitizer in the asan build). Two shapes:
 * one supply and one demand node (the crash's breadth-first search) and a
 * random network with lower bounds (the cheapest-arc crash). A solve that
 * failed for memory leaves a network that still solves correctly. */
static void test_mcf_survives_every_failed_allocation(void **state)
{
    static const int64_t b1[4] = {6, 0, 0, -6};
    static const arc_row a1[5] = {
        {0, 1, 0, 4, 1}, {0, 2, 0, 4, 2}, {1, 3, 0, INF, 1}, {2, 3, 1, 4, 1}, {1, 2, 0, 2, 0}};
    static const int64_t bad_b[3] = {5, -5, 0};
    static const arc_row bad_a[2] = {{1, 0, 0, INF, 1}, {0, 2, 0, 3, 1}};
    randnet nets[2], bad;
    randnet_opts o = randnet_opts_default(4242, 30, 120);
    gf_error err = {0};
    gf_mcf_result res;

    (void)state;
    /* 0->1->3 carries 4 (cost 2 each), 0->2->3 the other 2 (cost 3 each):
     * 8 + 6 = 14; 2->3 must carry 1 anyway. */
    net_init(&nets[0], 4, b1, 5, a1);
    assert_int_equal(randnet_generate(&nets[1], &o), 0);
    net_init(&bad, 3, bad_b, 2, bad_a);
    for (int k = 0; k < 2; k++) {
        gf_mcf *mcf = randnet_to_mcf(&nets[k], &err);
        int64_t want;
        long fail_at = 0;
        assert_non_null(mcf);
        assert_int_equal(gf_mcf_solve(mcf, NULL, &res, &err), GF_OK);
        assert_cert(mcf, &res);
        want = res.cost;
        if (k == 0)
            assert_i64(want, 14);
        /* a solve that ran out of memory leaves a usable network */
        for (long f = 0; f < 40; f++) {
            gf_mcf_result r2;
            gf_error e2 = {0};
            assert_int_equal(gf_mcf_set_cost(mcf, 0, (int64_t)(f % 3), &e2), GF_OK);
            gf_mcf_options cold = gf_mcf_options_default();
            int rc;
            cold.cold = f % 2 == 0;
            failing_alloc_arm(f / 2);
            rc = gf_mcf_solve(mcf, &cold, &r2, &e2);
            failing_alloc_disarm();
            if (rc)
                assert_int_equal(rc, GF_ENOMEM);
            assert_int_equal(gf_mcf_solve(mcf, NULL, &r2, &e2), GF_OK);
            assert_int_equal(r2.status, GF_MCF_OPTIMAL);
            assert_cert(mcf, &r2);
        }
        gf_mcf_destroy(mcf);
        while (!run_with_failures(&nets[k], &bad, fail_at, want))
            fail_at++;
        print_message("network %d: every one of %ld allocations failed in turn\n", k, fail_at);
        assert_true(fail_at > 20); /* create, layout, crash, warm solve, cut: all reached */
    }
    randnet_fini(&nets[0]);
    randnet_fini(&nets[1]);
    randnet_fini(&bad);
}

/* The interrupt flag: set before a cold solve, the solve stops at its first
 * check with INTERRUPTED and cost 0; cleared, the next solve starts cold (no
 * basis was kept) and is optimal; set by another thread, the solve sees it;
 * with the flag detached again, it no longer matters. */
static volatile sig_atomic_t interrupt_flag;

static void *raise_interrupt(void *arg)
{
    (void)arg;
    __atomic_store_n(&interrupt_flag, 1, __ATOMIC_RELAXED);
    return NULL;
}

static void test_mcf_interrupt_flag_stops_a_solve(void **state)
{
    randnet_opts o = randnet_opts_default(777, 3000, 30000);
    randnet net;
    gf_error err = {0};
    gf_mcf_result res, full;
    gf_mcf *mcf;
    pthread_t t;

    (void)state;
    assert_string_equal(gf_mcf_status_name(GF_MCF_INTERRUPTED), "interrupted");
    assert_int_equal(randnet_generate(&net, &o), 0);
    mcf = randnet_to_mcf(&net, &err);
    assert_non_null(mcf);
    gf_mcf_options cold = gf_mcf_options_default(), scaling = cold;
    cold.cold = true;
    cold.algo = GF_MCF_SIMPLEX; /* the pivot counts below are the simplex's */
    scaling.algo = GF_MCF_SCALING;
    scaling.cold = true;
    assert_int_equal(gf_mcf_solve(mcf, &cold, &full, &err), GF_OK); /* no flag: optimal */
    assert_int_equal(full.status, GF_MCF_OPTIMAL);
    assert_true(full.stats.pivots > 2 * GF_MCF_INTERRUPT_EVERY);
    gf_mcf_set_interrupt(mcf, &interrupt_flag);
    interrupt_flag = 1;
    assert_int_equal(gf_mcf_solve(mcf, &cold, &res, &err), GF_OK);
    assert_int_equal(res.status, GF_MCF_INTERRUPTED);
    assert_i64(res.cost, 0);
    assert_true(res.stats.pivots <= GF_MCF_INTERRUPT_EVERY); /* stopped at the first check */
    assert_int_equal(gf_mcf_solve(mcf, &scaling, &res, &err), GF_OK); /* cost scaling too */
    assert_int_equal(res.status, GF_MCF_INTERRUPTED);
    assert_true(res.stats.scaled);
    assert_i64(res.cost, 0);
    interrupt_flag = 0;
    assert_int_equal(gf_mcf_solve(mcf, NULL, &res, &err), GF_OK);
    assert_int_equal(res.status, GF_MCF_OPTIMAL);
    assert_false(res.stats.warm); /* an interrupted solve leaves no basis */
    assert_i64(res.cost, full.cost);
    assert_cert(mcf, &res);
    assert_int_equal(pthread_create(&t, NULL, raise_interrupt, NULL), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_int_equal(gf_mcf_solve(mcf, &cold, &res, &err), GF_OK);
    assert_int_equal(res.status, GF_MCF_INTERRUPTED);
    gf_mcf_set_interrupt(mcf, NULL); /* off again: the flag no longer matters */
    assert_int_equal(gf_mcf_solve(mcf, &cold, &res, &err), GF_OK);
    assert_int_equal(res.status, GF_MCF_OPTIMAL);
    assert_i64(res.cost, full.cost);
    interrupt_flag = 0;
    gf_mcf_destroy(mcf);
    randnet_fini(&net);
}

/* Cost scaling really runs (stats.scaled) on feasible networks it can take,
 * finds the simplex's optimal cost, and hands over a basis that passes the
 * solver's own invariant check and warm-starts: after a cost change, the
 * warm re-solve equals a cold simplex solve of the changed network. A network
 * it cannot take goes to the simplex: an uncapacitated negative cycle is
 * UNBOUNDED, an infeasible one INFEASIBLE with a valid cut. */
static void test_mcf_scaling_hands_over_a_warm_basis(void **state)
{
    static const int64_t bad_b[3] = {5, -5, 0};
    static const arc_row bad_a[2] = {{1, 0, 0, INF, 1}, {0, 2, 0, 3, 1}};
    static const arc_row neg_a[3] = {{0, 1, 0, INF, -2}, {1, 0, 0, INF, 1}, {0, 1, 0, 5, 1}};
    gf_mcf_options scaling = gf_mcf_options_default(), simplex = scaling;
    char why[200];
    int scaled = 0;

    (void)state;
    scaling.algo = GF_MCF_SCALING;
    simplex.algo = GF_MCF_SIMPLEX;
    simplex.cold = true;
    for (uint64_t seed = 900; seed < 940; seed++) {
        randnet_opts o = randnet_opts_default(seed, 200, 1500);
        randnet net;
        gf_error err = {0};
        gf_mcf_result res, ref;
        gf_mcf *mcf, *fresh;

        assert_int_equal(randnet_generate(&net, &o), 0);
        mcf = randnet_to_mcf(&net, &err);
        fresh = randnet_to_mcf(&net, &err);
        assert_non_null(mcf);
        assert_non_null(fresh);
        assert_int_equal(gf_mcf_solve(mcf, &scaling, &res, &err), GF_OK);
        assert_int_equal(gf_mcf_solve(fresh, &simplex, &ref, &err), GF_OK);
        assert_int_equal(res.status, ref.status);
        assert_outcome_proven(mcf, &res);
        scaled += res.stats.scaled;
        if (res.status == GF_MCF_OPTIMAL) {
            assert_i64(res.cost, ref.cost);
            if (!gf__mcf_check(mcf, why, sizeof why))
                fail_msg("seed %llu: basis after scaling: %s", (unsigned long long)seed, why);
            assert_int_equal(gf_mcf_set_cost(mcf, 7, net.cost[7] + 13, &err), GF_OK);
            assert_int_equal(gf_mcf_set_cost(fresh, 7, net.cost[7] + 13, &err), GF_OK);
            assert_int_equal(gf_mcf_solve(mcf, &scaling, &res, &err), GF_OK);
            assert_true(res.stats.warm);
            assert_int_equal(gf_mcf_solve(fresh, &simplex, &ref, &err), GF_OK);
            assert_int_equal(res.status, ref.status);
            assert_i64(res.cost, ref.cost);
            assert_outcome_proven(mcf, &res);
        }
        gf_mcf_destroy(mcf);
        gf_mcf_destroy(fresh);
        randnet_fini(&net);
    }
    print_message("cost scaling ran on %d of 40 random networks\n", scaled);
    assert_true(scaled >= 30);
    for (int k = 0; k < 2; k++) {
        randnet net;
        gf_error err = {0};
        gf_mcf_result res;
        gf_mcf *mcf;
        if (k == 0)
            net_init(&net, 3, bad_b, 2, bad_a);
        else
            net_init(&net, 2, NULL, 3, neg_a);
        mcf = randnet_to_mcf(&net, &err);
        assert_non_null(mcf);
        assert_int_equal(gf_mcf_solve(mcf, &scaling, &res, &err), GF_OK);
        assert_int_equal(res.status, k == 0 ? GF_MCF_INFEASIBLE : GF_MCF_UNBOUNDED);
        assert_false(res.stats.scaled);
        assert_outcome_proven(mcf, &res);
        gf_mcf_destroy(mcf);
        randnet_fini(&net);
    }
}

/* A node that flow can reach but not leave (no arc out, zero balance) is a
 * dead end of the partial augment's walk: once s is relabelled, s -> d is
 * admissible, and d must take its price from the reverse arc the walk
 * came in by. Before h11-large, d had no residual arc to price from, and
 * cost scaling gave up as if the network were infeasible (stats.scaled
 * false: the simplex did the work; netgen_8_18g lost its whole run so). */
static void test_mcf_scaling_prices_a_dead_end(void **state)
{
    const int32_t src[] = {0, 0}, dst[] = {1, 2};
    const int64_t supply[] = {10, -10, 0}, upper[] = {20, 20}, cost[] = {5, 1};
    const gf_mcf_arcs arcs = {.n_arcs = 2, .src = src, .dst = dst, .upper = upper, .cost = cost};
    gf_mcf_options o = gf_mcf_options_default();
    gf_mcf_result res;
    gf_error err = {0};
    gf_mcf *mcf = gf_mcf_create_arcs(3, supply, &arcs, &err);

    (void)state;
    assert_non_null(mcf);
    o.algo = GF_MCF_SCALING;
    assert_int_equal(gf_mcf_solve(mcf, &o, &res, &err), GF_OK);
    assert_int_equal(res.status, GF_MCF_OPTIMAL);
    assert_true(res.stats.scaled);
    assert_i64(res.cost, 50);
    assert_i64(gf_mcf_flow(mcf, 0), 10);
    assert_i64(gf_mcf_flow(mcf, 1), 0);
    assert_cert(mcf, &res);
    gf_mcf_destroy(mcf);
}

/* GF_MCF_AUTO's rule (mcf_solve.c, with its figures): cost scaling only
 * above 2^17 nodes, with at least 3 arcs a node (6 until h11-x's crossover
 * made grid_18 a win); on a time-expanded network (h11-te) above 3 x 2^14
 * nodes when its supply is fixed, never when it is offered (a spill arc, as
 * in every planner network); the simplex everywhere else. The sizes are
 * bench/te.sh's instances. */
static void test_mcf_auto_picks_scaling_only_on_large_dense_networks(void **state)
{
    (void)state;
    assert_true(gf__mcf_auto_scaling(1 << 18, 8 << 18, false, false)); /* random_18 */
    assert_true(gf__mcf_auto_scaling((1 << 17) + 1, 6 * ((1 << 17) + 1), false, false));
    assert_false(gf__mcf_auto_scaling(1 << 17, 8 << 17, false, false)); /* not above 2^17 */
    assert_false(gf__mcf_auto_scaling(1 << 16, 8 << 16, false, false)); /* goto_8_16a */
    assert_true(gf__mcf_auto_scaling(1 << 18, 1046528, false, false));  /* grid_18 */
    assert_false(gf__mcf_auto_scaling((1 << 17) + 1, 3 * (1 << 17), false, false));
    assert_false(gf__mcf_auto_scaling(1 << 16, 261120, false, false));   /* grid_16 */
    assert_false(gf__mcf_auto_scaling(286000, 1500000 * 2, true, true)); /* syn-5000-like */
    assert_false(gf__mcf_auto_scaling(286002, 1541073, true, true));     /* syn-5000 */
    assert_false(gf__mcf_auto_scaling(114402, 622857, true, true));      /* syn-2000 */
    assert_false(gf__mcf_auto_scaling(57202, 311273, true, true));       /* syn-1000 */
    assert_false(gf__mcf_auto_scaling(2498, 29589, true, true));         /* default scenario */
    assert_false(gf__mcf_auto_scaling(62404, 544152, true, true));      /* corridor 1200, offered */
    assert_false(gf__mcf_auto_scaling(124802, 8 * 124802, true, true)); /* corridor 2400, offered */
    assert_true(gf__mcf_auto_scaling(124802, 8 * 124802, true, false)); /* corridor 2400 */
    assert_true(gf__mcf_auto_scaling(62402, 533529, true, false));      /* corridor 1200 */
    assert_true(gf__mcf_auto_scaling(62404, 544151, true, false));      /* corridor 1200, s/t */
    assert_false(gf__mcf_auto_scaling(31202, 269003, true, false));     /* corridor 600 */
    assert_false(gf__mcf_auto_scaling(15602, 134229, true, false));     /* corridor 300 */
    assert_true(gf__mcf_auto_scaling((3 << 14) + 1, 8 * ((3 << 14) + 1), true, false));
    assert_false(gf__mcf_auto_scaling(3 << 14, 8 * (3 << 14), true, false)); /* not above */
    assert_false(gf__mcf_auto_scaling(1 << 18, 2 << 18, true, false));       /* sparse */
}

/* The rule through gf_mcf_solve: a time-expanded network of 1000 places x
 * 50 weeks (50,000 nodes, above 3 x 2^14) listed link by link, each link's
 * 49 weekly copies together (what mcf_init.c's lists_time_copies sees),
 * with a fixed supply at week 0 and demand at week 49, is solved by cost
 * scaling under GF_MCF_AUTO, to the simplex's cost; one spill arc from a
 * supply node to a demand node able to carry the whole supply (the
 * planner's shape: the supply is offered) sends AUTO back to the simplex. */
static void test_mcf_auto_scales_time_expanded_only_when_supply_is_fixed(void **state)
{
    enum {
        P = 1000,
        W = 50,
        N = P * W,
        STEPS = 4,
        M = P * STEPS * (W - 1) + 1
    };
    static const int32_t step[STEPS] = {0, 1, 7, 31}; /* 0: storage to the next week */
    int32_t *src = malloc(M * sizeof *src), *dst = malloc(M * sizeof *dst);
    int64_t *cost = malloc(M * sizeof *cost), *upper = malloc(M * sizeof *upper);
    int64_t *supply = calloc(N, sizeof *supply);
    gf_mcf_options o = gf_mcf_options_default();
    gf_mcf_result res, sx;
    gf_error err = {0};
    int32_t m = 0;

    (void)state;
    assert_true(src && dst && cost && upper && supply);
    for (int32_t p = 0; p < P; p++)
        for (int32_t k = 0; k < STEPS; k++)
            for (int32_t t = 0; t + 1 < W; t++, m++) {
                src[m] = t * P + p;
                dst[m] = (t + 1) * P + (p + step[k]) % P;
                cost[m] = 1 + (7 * p + 13 * k) % 50;
                upper[m] = 100000; /* the whole supply */
            }
    for (int32_t p = 0; p < 100; p++) {
        supply[p] = 1000;                      /* week 0, places 0-99 */
        supply[(W - 1) * P + 900 + p] = -1000; /* week 49, places 900-999 */
    }
    for (int spill = 0; spill < 2; spill++) {
        if (spill) { /* place 0 at week 0 straight to place 999 at week 49 */
            src[m] = 0;
            dst[m] = N - 1;
            upper[m] = 100000;
            cost[m++] = 100000;
        }
        const gf_mcf_arcs arcs = {
            .n_arcs = m, .src = src, .dst = dst, .upper = upper, .cost = cost};
        gf_mcf *mcf = gf_mcf_create_arcs(N, supply, &arcs, &err);
        assert_non_null(mcf);
        o.algo = GF_MCF_AUTO; /* (gf_mcf_solve): the real one, not this file's pass wrapper */
        assert_int_equal((gf_mcf_solve)(mcf, &o, &res, &err), GF_OK);
        assert_int_equal(res.status, GF_MCF_OPTIMAL);
        assert_int_equal(res.stats.scaled, !spill);
        assert_cert(mcf, &res);
        o.algo = GF_MCF_SIMPLEX;
        o.cold = true;
        assert_int_equal(gf_mcf_solve(mcf, &o, &sx, &err), GF_OK);
        assert_int_equal(sx.status, GF_MCF_OPTIMAL);
        assert_false(sx.stats.scaled);
        assert_i64(res.cost, sx.cost);
        o.cold = false;
        gf_mcf_destroy(mcf);
    }
    free(src);
    free(dst);
    free(cost);
    free(upper);
    free(supply);
}

/* Early exact termination (mcf_scale.c: prices_are_exact): on random
 * networks with costs up to 10^4, cost scaling often proves its flow
 * optimal phases before eps reaches 1; those solves stop with fewer phases
 * than the full schedule of the same network would need, and their answer
 * is still the simplex's cost with certified exact duals and a basis that
 * passes the invariant check. Every solve reports its phase count. */
static void test_mcf_scaling_ends_early_with_exact_prices(void **state)
{
    gf_mcf_options scaling = gf_mcf_options_default(), simplex = scaling;
    char why[200];
    int early = 0, full = 0;
    int32_t most_early = 0, fewest_full = INT32_MAX;

    (void)state;
    scaling.algo = GF_MCF_SCALING;
    scaling.cold = true;
    simplex.algo = GF_MCF_SIMPLEX;
    simplex.cold = true;
    for (uint64_t seed = 1200; seed < 1230; seed++) {
        randnet_opts o = randnet_opts_default(seed, 300, 2400);
        randnet net;
        gf_error err = {0};
        gf_mcf_result res, ref;
        gf_mcf *mcf, *fresh;

        o.cost_min = 1;
        o.cost_max = 10000; /* a fixed cost range: the same full phase count */
        o.cap_max = 1000;
        o.lower_permille = 0;
        assert_int_equal(randnet_generate(&net, &o), 0);
        mcf = randnet_to_mcf(&net, &err);
        fresh = randnet_to_mcf(&net, &err);
        assert_non_null(mcf);
        assert_non_null(fresh);
        assert_int_equal(gf_mcf_solve(mcf, &scaling, &res, &err), GF_OK);
        assert_int_equal(gf_mcf_solve(fresh, &simplex, &ref, &err), GF_OK);
        assert_int_equal(res.status, ref.status);
        assert_outcome_proven(mcf, &res);
        assert_false(ref.stats.scaled);
        assert_int_equal(ref.stats.scale_phases, 0);
        if (res.status == GF_MCF_OPTIMAL && res.stats.scaled) {
            assert_true(res.stats.scale_phases > 0);
            assert_i64(res.cost, ref.cost);
            if (!gf__mcf_check(mcf, why, sizeof why))
                fail_msg("seed %llu: basis after scaling: %s", (unsigned long long)seed, why);
            if (res.stats.scale_early) {
                early++;
                most_early =
                    res.stats.scale_phases > most_early ? res.stats.scale_phases : most_early;
            } else {
                full++;
                fewest_full =
                    res.stats.scale_phases < fewest_full ? res.stats.scale_phases : fewest_full;
            }
        }
        gf_mcf_destroy(mcf);
        gf_mcf_destroy(fresh);
        randnet_fini(&net);
    }
    print_message("early exact termination on %d of %d scaled solves\n", early, early + full);
    assert_true(early >= 10);
    if (full > 0)
        assert_true(most_early < fewest_full);
}

/* "stopped at options.max_pivots": no solve takes more pivots than allowed,
 * counting every pivot it reports in stats.pivots. */
static void test_mcf_max_pivots_bounds_every_pivot(void **state)
{
    static const int64_t limits[3] = {1, 5, 20};
    char first_excess[200] = "";
    int excess = 0;

    (void)state;
    for (uint64_t seed = 31337; seed < 31347; seed++) {
        randnet_opts o = randnet_opts_default(seed, 60, 400);
        randnet net;
        gf_error err = {0};
        gf_mcf *mcf;

        assert_int_equal(randnet_generate(&net, &o), 0);
        mcf = randnet_to_mcf(&net, &err);
        assert_non_null(mcf);
        for (int i = 0; i < 3; i++) {
            gf_mcf_options lim = gf_mcf_options_default();
            gf_mcf_result res;
            lim.max_pivots = limits[i];
            lim.cold = true;
            assert_int_equal(gf_mcf_solve(mcf, &lim, &res, &err), GF_OK);
            assert_outcome_proven(mcf, &res);
            if (res.stats.pivots > limits[i] && excess++ == 0)
                snprintf(first_excess, sizeof first_excess,
                         "seed %llu: %lld pivots with max_pivots = %lld (status %d)",
                         (unsigned long long)seed, (long long)res.stats.pivots,
                         (long long)limits[i], (int)res.status);
        }
        gf_mcf_destroy(mcf);
        randnet_fini(&net);
    }
    if (excess > 0) /* fail after cleaning up, so LeakSanitizer stays quiet */
        fail_msg("%d of 30 limited solves overran; first: %s", excess, first_excess);
}

/* Assignment problems are as degenerate as networks get: k supplies of 1,
 * k demands of 1, every basis has k - 1 arcs at flow 0. With costs drawn from
 * {0, 1, 2} (many ties) or all 0, every pivot rule must still reach the
 * optimum (a cycling solver would hit the pivot guard), and all rules must
 * agree on the cost. */
static void test_mcf_degenerate_assignment_terminates(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 6; seed++) {
        randnet_rng r = {seed};
        int32_t k = 12 + (int32_t)seed * 3, n = 2 * k, m = k * k;
        arc_row *arcs = calloc((size_t)m, sizeof *arcs);
        int64_t *b = calloc((size_t)n, sizeof *b);
        randnet net;
        int64_t cost0 = 0;

        assert_true(arcs && b);
        for (int32_t i = 0; i < k; i++) {
            b[i] = 1;
            b[k + i] = -1;
            for (int32_t j = 0; j < k; j++) {
                int64_t c = seed % 3 == 0 ? 0 : randnet_range(&r, 0, 2);
                arcs[i * k + j] = (arc_row){i, k + j, 0, seed % 2 ? 1 : INF, c};
            }
        }
        net_init(&net, n, b, m, arcs);
        for (int route = 0; route < N_RULES; route++) {
            gf_mcf_options o = opts_for(route);
            gf_error err = {0};
            gf_mcf_result res;
            gf_mcf *mcf = randnet_to_mcf(&net, &err);
            assert_non_null(mcf);
            o.max_pivots = 100000;   /* a guard: a few hundred are enough */
            o.algo = GF_MCF_SIMPLEX; /* about the simplex's degenerate pivots */
            assert_int_equal(gf_mcf_solve(mcf, &o, &res, &err), GF_OK);
            if (res.status != GF_MCF_OPTIMAL)
                fail_msg("k = %ld, %s: status %d after %lld pivots", (long)k, rule_name(route),
                         (int)res.status, (long long)res.stats.pivots);
            assert_cert(mcf, &res);
            assert_true(res.stats.degenerate > 0); /* k - 1 of the 2k - 1 basic arcs are empty */
            assert_true(res.stats.degenerate <= res.stats.pivots);
            assert_true(res.stats.arcs_priced >= res.stats.pivots);
            assert_true(res.stats.solve_seconds >= 0.0);
            if (route == 0)
                cost0 = res.cost;
            assert_i64(res.cost, cost0);
            gf_mcf_destroy(mcf);
        }
        randnet_fini(&net);
        free(arcs);
        free(b);
    }
}

/* Large numbers within the solver's range: costs up to +-2^30 and
 * capacities up to 2^15 on up to 120 arcs, so objectives reach 2^52 and
 * more, beyond what a double holds exactly. Every route must give the same
 * proven optimum; GF_EOVERFLOW is accepted only with a reason in err. */
static void test_mcf_large_values_solve_exactly(void **state)
{
    int solved = 0;

    (void)state;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        randnet_rng r = {seed * 31};
        randnet_opts o = randnet_opts_default(seed, (int32_t)randnet_range(&r, 3, 30),
                                              (int32_t)randnet_range(&r, 3, 120));
        randnet net;
        gf_error err = {0};
        gf_mcf_result res;
        gf_mcf *mcf;
        int rc;

        o.cost_min = -((int64_t)1 << 30);
        o.cost_max = (int64_t)1 << 30;
        o.cap_max = (int64_t)1 << 15;
        o.lower_max = (int64_t)1 << 12;
        o.uncap_permille = 50;
        assert_int_equal(randnet_generate(&net, &o), 0);
        mcf = randnet_to_mcf(&net, &err);
        assert_non_null(mcf);
        rc = gf_mcf_solve(mcf, NULL, &res, &err);
        if (rc == GF_EOVERFLOW) {
            assert_true(err.msg[0] != '\0');
        } else {
            assert_int_equal(rc, GF_OK);
            assert_int_equal(res.status, GF_MCF_OPTIMAL);
            check_all_routes(&net, GF_MCF_OPTIMAL, res.cost);
            solved++;
        }
        gf_mcf_destroy(mcf);
        randnet_fini(&net);
    }
    assert_true(solved >= 30);
}

/* A warm solve stopped by max_pivots, then finished: the result must equal
 * a cold solve (the interrupted basis must still be a valid start or be
 * dropped). */
static void test_mcf_warm_start_after_iteration_limit(void **state)
{
    (void)state;
    for (uint64_t seed = 3000; seed < 3030; seed++) {
        randnet_rng r = {seed};
        randnet_opts o = randnet_opts_default(seed, 40, 200);
        gf_mcf_options lim = gf_mcf_options_default();
        randnet net;
        gf_error err = {0};
        gf_mcf_result res, cold_res;
        gf_mcf *mcf, *fresh;
        char what[160];

        lim.max_pivots = 1 + (int64_t)(seed % 4);
        assert_int_equal(randnet_generate(&net, &o), 0);
        mcf = randnet_to_mcf(&net, &err);
        assert_non_null(mcf);
        assert_int_equal(gf_mcf_solve(mcf, NULL, &res, &err), GF_OK);
        for (int step = 0; step < 3; step++)
            random_change(&net, mcf, &r, false, what, sizeof what);
        assert_int_equal(gf_mcf_solve(mcf, &lim, &res, &err), GF_OK);
        assert_outcome_proven(mcf, &res); /* OPTIMAL if the limit was not reached */
        assert_int_equal(gf_mcf_solve(mcf, NULL, &res, &err), GF_OK);
        fresh = randnet_to_mcf(&net, &err);
        assert_non_null(fresh);
        assert_int_equal(gf_mcf_solve(fresh, NULL, &cold_res, &err), GF_OK);
        assert_int_equal(res.status, cold_res.status);
        assert_i64(res.cost, cold_res.cost);
        assert_outcome_proven(mcf, &res);
        gf_mcf_destroy(fresh);
        gf_mcf_destroy(mcf);
        randnet_fini(&net);
    }
}

/* An allocator that keeps each block's size in a header, so it can tell
 * when the library frees or resizes a block with a size other than the one
 * it allocated (alloc.h: embedders count memory through these sizes), and
 * can fail from call fail_at on (fail_at < 0: never). */
typedef struct size_check {
    long mismatches, live, calls, fail_at;
} size_check;

#define SIZE_HDR 16 /* keeps the payload aligned like malloc's */

static void *size_checking_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    size_check *sc = ud;
    unsigned char *h = ptr ? (unsigned char *)ptr - SIZE_HDR : NULL;
    size_t had = 0;

    if (h) {
        memcpy(&had, h, sizeof had);
        sc->mismatches += had != old_size;
    }
    if (new_size == 0) {
        sc->live -= h != NULL;
        free(h);
        return NULL;
    }
    if (sc->fail_at >= 0 && sc->calls++ >= sc->fail_at)
        return NULL;
    h = realloc(h, new_size + SIZE_HDR);
    if (!h)
        return NULL;
    sc->live += ptr == NULL;
    memcpy(h, &new_size, sizeof new_size);
    return h + SIZE_HDR;
}

/* Build net arc by arc (so the arc arrays grow), solve, change, re-solve and
 * destroy, with allocation fail_at failing (-1: none). */
static void size_checked_run(const randnet *net, size_check *sc, long fail_at)
{
    gf_error err = {0};
    gf_mcf_result res;
    gf_mcf_cut cut = {0};
    gf_mcf *mcf;

    sc->calls = 0;
    sc->fail_at = fail_at;
    gf_set_allocator(size_checking_alloc, sc);
    mcf = gf_mcf_create(net->n_nodes, 0, &err);
    for (int32_t e = 0; mcf && e < net->n_arcs; e++)
        gf_mcf_add_arc(mcf, net->src[e], net->dst[e], net->lower[e], net->upper[e],
                       net->uncap[e] != 0, net->cost[e], NULL, &err);
    if (mcf && gf_mcf_solve(mcf, NULL, &res, &err) == GF_OK && res.status == GF_MCF_INFEASIBLE)
        gf_mcf_infeasible_cut(mcf, &cut, &err);
    gf_mcf_cut_fini(&cut);
    if (mcf && net->n_arcs > 0 && gf_mcf_set_bounds(mcf, 0, 1, 6, false, &err) == GF_OK)
        gf_mcf_solve(mcf, NULL, &res, &err);
    gf_mcf_destroy(mcf);
    gf_set_allocator(NULL, NULL);
}

/* Every gf_free and gf_realloc passes the size the block was allocated
 * with, also after a failed allocation in the middle of growing the arc
 * arrays; and nothing stays allocated after gf_mcf_destroy. */
static void test_mcf_allocator_sees_consistent_sizes(void **state)
{
    randnet nets[2];
    randnet_opts o = randnet_opts_default(5, 20, 60);
    static const int64_t b[3] = {5, -5, 0};
    static const arc_row arcs[3] = {{1, 0, 0, INF, 1}, {0, 2, 2, 3, 1}, {2, 1, 0, 10, 1}};
    char first[200] = "";
    int bad = 0;

    (void)state;
    assert_int_equal(randnet_generate(&nets[0], &o), 0);
    net_init(&nets[1], 3, b, 3, arcs);
    for (int k = 0; k < 2; k++) {
        for (long f = -1; f < 150; f++) {
            size_check sc = {0, 0, 0, -1};
            size_checked_run(&nets[k], &sc, f);
            if ((sc.mismatches || sc.live) && bad++ == 0)
                snprintf(first, sizeof first,
                         "network %d, allocation %ld failing: %ld frees or reallocs with the "
                         "wrong old size, %ld blocks left",
                         k, f, sc.mismatches, sc.live);
        }
    }
    randnet_fini(&nets[0]);
    randnet_fini(&nets[1]);
    if (bad > 0) /* after cleaning up, so LeakSanitizer stays quiet */
        fail_msg("%d of 302 runs went wrong; first: %s", bad, first);
}

/* White-box: after every solve that ends (whatever the outcome), cold or
 * warm, under every rule and also when stopped by max_pivots, the basis
 * passes the solver's own invariant check (gf__mcf_check: thread, subtree
 * sizes, pred arcs, rc = 0 on tree arcs, nonbasic arcs at a bound, flow
 * conservation), so the next warm start begins from a sound tree. */
static void test_mcf_basis_invariants_hold_after_every_solve(void **state)
{
    (void)state;
    for (uint64_t seed = 4000; seed < 4060; seed++) {
        randnet_rng r = {seed};
        randnet_opts o = randnet_opts_default(seed, (int32_t)randnet_range(&r, 1, 50),
                                              (int32_t)randnet_range(&r, 0, 200));
        randnet net;
        gf_error err = {0};
        gf_mcf *mcf;
        char why[256], what[160];

        o.uncap_permille = 300;
        assert_int_equal(randnet_generate(&net, &o), 0);
        mcf = randnet_to_mcf(&net, &err);
        assert_non_null(mcf);
        for (int step = 0; step < 12; step++) {
            gf_mcf_options opt = opts_for(step % N_RULES);
            gf_mcf_result res;
            opt.max_pivots = step % 5 == 4 ? 3 : 0;
            assert_int_equal(gf_mcf_solve(mcf, &opt, &res, &err), GF_OK);
            assert_outcome_proven(mcf, &res);
            if (!gf__mcf_check(mcf, why, sizeof why)) {
                print_net(&net);
                fail_msg("seed %llu step %d (status %d): %s", (unsigned long long)seed, step,
                         (int)res.status, why);
            }
            random_change(&net, mcf, &r, step % 2 == 1, what, sizeof what);
        }
        gf_mcf_destroy(mcf);
        randnet_fini(&net);
    }
}

/* One thread's share of the parallel test: solve networks first_seed,
 * first_seed + 2, ... and record a digest of each answer. */
typedef struct par_job {
    uint64_t first_seed;
    uint64_t digest[10];
    int failed;
} par_job;

static uint64_t answer_digest(const gf_mcf *mcf, const gf_mcf_result *res)
{
    uint64_t h = 1469598103934665603u ^ (uint64_t)res->status ^ (uint64_t)res->cost;

    for (int32_t e = 0; e < gf_mcf_arc_count(mcf); e++)
        h = (h ^ (uint64_t)gf_mcf_flow(mcf, e)) * 1099511628211u; /* FNV-1a over the flows */
    for (int32_t v = 0; v < gf_mcf_node_count(mcf); v++)
        h = (h ^ (uint64_t)gf_mcf_potential(mcf, v)) * 1099511628211u;
    return h;
}

static void solve_digests(par_job *job)
{
    for (int i = 0; i < 10; i++) {
        randnet_opts o = randnet_opts_default(job->first_seed + 2 * (uint64_t)i, 200, 1200);
        randnet net;
        gf_error err = {0};
        gf_mcf_result res;
        gf_mcf *mcf;

        if (randnet_generate(&net, &o) || !(mcf = randnet_to_mcf(&net, &err))) {
            job->failed = 1;
            return;
        }
        if (gf_mcf_solve(mcf, NULL, &res, &err) || res.status != GF_MCF_OPTIMAL ||
            mcf_cert_check(mcf, &res, NULL, 0))
            job->failed = 1;
        job->digest[i] = answer_digest(mcf, &res);
        gf_mcf_destroy(mcf);
        randnet_fini(&net);
    }
}

static void *solve_digests_thread(void *arg)
{
    solve_digests(arg);
    return NULL;
}

/* "distinct handles are independent": two threads solving their own
 * networks at once get bit-identical answers to the same solves in turn. */
static void test_mcf_distinct_handles_solve_in_parallel(void **state)
{
    par_job par[2] = {{5000, {0}, 0}, {5001, {0}, 0}}, ser[2] = {{5000, {0}, 0}, {5001, {0}, 0}};
    pthread_t t[2];

    (void)state;
    for (int k = 0; k < 2; k++)
        assert_int_equal(pthread_create(&t[k], NULL, solve_digests_thread, &par[k]), 0);
    for (int k = 0; k < 2; k++)
        assert_int_equal(pthread_join(t[k], NULL), 0);
    for (int k = 0; k < 2; k++) {
        solve_digests(&ser[k]);
        assert_int_equal(par[k].failed, 0);
        assert_int_equal(ser[k].failed, 0);
        assert_memory_equal(par[k].digest, ser[k].digest, sizeof par[k].digest);
    }
}

/* Append one arc to net (as gf_mcf_add_arc did to the solver's copy). */
static void net_append_arc(randnet *net, const arc_row *a)
{
    int32_t e = net->n_arcs++;
    size_t k = (size_t)net->n_arcs;

    net->src = realloc(net->src, k * sizeof *net->src);
    net->dst = realloc(net->dst, k * sizeof *net->dst);
    net->lower = realloc(net->lower, k * sizeof *net->lower);
    net->upper = realloc(net->upper, k * sizeof *net->upper);
    net->cost = realloc(net->cost, k * sizeof *net->cost);
    net->uncap = realloc(net->uncap, k);
    assert_true(net->src && net->dst && net->lower && net->upper && net->cost && net->uncap);
    net->src[e] = a->u;
    net->dst[e] = a->v;
    net->lower[e] = a->lo;
    net->upper[e] = a->up == INF ? 0 : a->up;
    net->uncap[e] = a->up == INF;
    net->cost[e] = a->cost;
}

/* One random API call on mcf, mirrored in net: add an arc, a change as in
 * random_change, a single supply (unbalancing the network), or a refused
 * change (out-of-range cost, lower > upper) that must change nothing. */
static void random_call(randnet *net, gf_mcf *mcf, randnet_rng *r)
{
    int op = (int)randnet_range(r, 0, 4);
    gf_error err = {0};
    char what[160];

    if (op == 0) {
        arc_row a = {(int32_t)randnet_range(r, 0, net->n_nodes - 1),
                     (int32_t)randnet_range(r, 0, net->n_nodes - 1), 0, 0, 0};
        a.lo = randnet_chance(r, 300) ? randnet_range(r, -5, 5) : 0;
        a.up = randnet_chance(r, 300) ? INF : a.lo + randnet_range(r, 0, 20);
        a.cost = randnet_range(r, a.up == INF ? 0 : -20, 40);
        int32_t id = -1;
        assert_int_equal(gf_mcf_add_arc(mcf, a.u, a.v, a.lo, a.up == INF ? 0 : a.up, a.up == INF,
                                        a.cost, &id, &err),
                         GF_OK);
        assert_int_equal(id, net->n_arcs);
        net_append_arc(net, &a);
    } else if (op == 1 && net->n_arcs > 0) {
        int32_t e = (int32_t)randnet_range(r, 0, net->n_arcs - 1);
        assert_int_equal(gf_mcf_set_cost(mcf, e, BIG + 1, &err), GF_EINVAL);
        assert_int_equal(gf_mcf_set_bounds(mcf, e, 5, 4, false, NULL), GF_EINVAL);
        assert_i64(gf_mcf_arc_cost(mcf, e), net->cost[e]);
        assert_i64(gf_mcf_arc_lower(mcf, e), net->lower[e]);
    } else if (op == 2 && randnet_chance(r, 300)) {
        int32_t v = (int32_t)randnet_range(r, 0, net->n_nodes - 1);
        net->supply[v] = randnet_range(r, -15, 15);
        assert_int_equal(gf_mcf_set_supply(mcf, v, net->supply[v], &err), GF_OK);
    } else {
        random_change(net, mcf, r, op == 3, what, sizeof what);
    }
}

/* Random sequences of calls and solves (random rule, block size, cold
 * flag, sometimes max_pivots): every finished solve must match a cold solve
 * of a fresh copy built from the mirrored data, with its certificate. */
static void test_mcf_random_call_sequences_match_fresh_solves(void **state)
{
    int tally[5] = {0};

    (void)state;
    for (uint64_t seed = 6000; seed < 6300; seed++) {
        randnet_rng r = {seed * 1234567};
        randnet_opts o = randnet_opts_default(seed, (int32_t)randnet_range(&r, 1, 30),
                                              (int32_t)randnet_range(&r, 0, 90));
        randnet net;
        gf_error err = {0};
        gf_mcf *mcf;

        o.uncap_permille = (int)randnet_range(&r, 0, 500);
        assert_int_equal(randnet_generate(&net, &o), 0);
        mcf = randnet_to_mcf(&net, &err);
        assert_non_null(mcf);
        for (int step = 0; step < 40; step++) {
            gf_mcf_options opt = gf_mcf_options_default();
            gf_mcf_result res, fresh_res;
            gf_mcf *fresh;
            if (randnet_chance(&r, 550)) {
                random_call(&net, mcf, &r);
                continue;
            }
            opt.pivot = (gf_mcf_pivot)randnet_range(&r, 0, 2);
            opt.cold = randnet_chance(&r, 200);
            opt.max_pivots = randnet_chance(&r, 150) ? randnet_range(&r, 1, 10) : 0;
            opt.block_size = randnet_chance(&r, 200) ? (int32_t)randnet_range(&r, 1, 50) : 0;
            assert_int_equal(gf_mcf_solve(mcf, &opt, &res, &err), GF_OK);
            tally[res.status]++;
            if (res.status == GF_MCF_ITERATION_LIMIT)
                continue;
            fresh = randnet_to_mcf(&net, &err);
            assert_non_null(fresh);
            assert_int_equal(gf_mcf_solve(fresh, NULL, &fresh_res, &err), GF_OK);
            if ((res.status != fresh_res.status &&
                 !infeasible_and_unbounded(&net, &res, &fresh_res)) ||
                res.cost != fresh_res.cost) {
                print_net(&net);
                fail_msg("seed %llu step %d: status %d cost %lld, fresh copy %d cost %lld",
                         (unsigned long long)seed, step, (int)res.status, (long long)res.cost,
                         (int)fresh_res.status, (long long)fresh_res.cost);
            }
            assert_outcome_proven(mcf, &res);
            if (res.status == GF_MCF_UNBOUNDED)
                assert_true(randnet_has_negative_uncap_cycle(&net));
            gf_mcf_destroy(fresh);
        }
        gf_mcf_destroy(mcf);
        randnet_fini(&net);
    }
    print_message("call sequences: %d optimal, %d infeasible, %d unbounded, %d stopped\n",
                  tally[GF_MCF_OPTIMAL], tally[GF_MCF_INFEASIBLE], tally[GF_MCF_UNBOUNDED],
                  tally[GF_MCF_ITERATION_LIMIT]);
    assert_true(tally[GF_MCF_OPTIMAL] >= 1000 && tally[GF_MCF_INFEASIBLE] >= 200);
    assert_true(tally[GF_MCF_UNBOUNDED] >= 10 && tally[GF_MCF_ITERATION_LIMIT] >= 50);
}

/* A saved basis (gf_mcf_basis_save / _load, mcf_warm.c) replays a solve:
 * solve, save, change the data, solve (the answer A, p pivots); then load
 * the copy and solve the same data again: the very same solve, so the same
 * pivots and the same flows and potentials (digest), where without the load
 * the re-solve would take no pivot at all. Every answer is proven and the
 * tree passes the solver's invariant check. Misuse is refused: saving
 * before any solve, and loading the copy once an arc was added (it is then
 * a copy of another network). */
static void test_mcf_saved_basis_replays_a_solve(void **state)
{
    int replayed = 0;

    (void)state;
    for (uint64_t seed = 6000; seed < 6080; seed++) {
        randnet_rng r = {seed};
        randnet_opts o = randnet_opts_default(seed, (int32_t)randnet_range(&r, 2, 50),
                                              (int32_t)randnet_range(&r, 1, 200));
        gf_mcf_options opt = opts_for((int)(seed % N_RULES));
        gf_mcf_basis *b = NULL;
        gf_mcf_result res, again;
        gf_error err = {0};
        randnet net;
        gf_mcf *mcf;
        uint64_t digest;
        char why[256], what[160];

        assert_int_equal(randnet_generate(&net, &o), 0);
        mcf = randnet_to_mcf(&net, &err);
        assert_non_null(mcf);
        assert_int_equal(gf_mcf_basis_save(mcf, &b, &err), GF_ESTATE);
        assert_null(b);
        assert_int_equal(gf_mcf_solve(mcf, &opt, &res, &err), GF_OK);
        assert_int_equal(gf_mcf_basis_save(mcf, &b, &err), GF_OK);
        for (int k = 0; k < 3; k++)
            random_change(&net, mcf, &r, false, what, sizeof what);
        assert_int_equal(gf_mcf_solve(mcf, &opt, &res, &err), GF_OK);
        digest = answer_digest(mcf, &res);
        assert_int_equal(gf_mcf_basis_load(mcf, b, &err), GF_OK);
        assert_int_equal(gf_mcf_solve(mcf, &opt, &again, &err), GF_OK);
        assert_true(again.stats.warm == res.stats.warm);
        if (again.status != res.status || again.stats.pivots != res.stats.pivots ||
            answer_digest(mcf, &again) != digest)
            fail_msg("seed %llu: %d pivots to status %d, after the load %d pivots to status %d",
                     (unsigned long long)seed, (int)res.stats.pivots, (int)res.status,
                     (int)again.stats.pivots, (int)again.status);
        assert_outcome_proven(mcf, &again);
        if (!gf__mcf_check(mcf, why, sizeof why))
            fail_msg("seed %llu: after the load: %s", (unsigned long long)seed, why);
        replayed += res.stats.pivots > 0;
        assert_int_equal(gf_mcf_add_arc(mcf, 0, net.n_nodes - 1, 0, 5, false, 1, NULL, &err),
                         GF_OK);
        assert_int_equal(gf_mcf_basis_load(mcf, b, &err), GF_ESTATE);
        gf_mcf_basis_destroy(b);
        gf_mcf_destroy(mcf);
        randnet_fini(&net);
    }
    assert_true(replayed >= 40); /* most replays had pivots to repeat */
}

/* The candidate list (GF_MCF_CANDIDATE_LIST) re-prices only its list
 * between full block scans: on networks of a few thousand nodes it must
 * reach block search's optimum, with a certificate, while computing fewer
 * reduced costs (what it is for: on syn-5000 it priced 325M arcs against
 * block search's 3.33G, mcf_price.c). A second solve after a cost change
 * starts warm with the list emptied and must still prove its optimum. */
static void test_mcf_candidate_list_prices_fewer_arcs(void **state)
{
    (void)state;
    for (uint64_t seed = 900; seed < 904; seed++) {
        randnet_opts ro = randnet_opts_default(seed, 3000, 15000);
        randnet net;
        gf_error err = {0};
        gf_mcf_options block = gf_mcf_options_default(), list = block;
        gf_mcf_result rb, rl;
        gf_mcf *a, *b;

        block.algo = list.algo = GF_MCF_SIMPLEX;
        list.pivot = GF_MCF_CANDIDATE_LIST;
        assert_int_equal(randnet_generate(&net, &ro), 0);
        a = randnet_to_mcf(&net, &err);
        b = randnet_to_mcf(&net, &err);
        assert_non_null(a);
        assert_non_null(b);
        assert_int_equal(gf_mcf_solve(a, &block, &rb, &err), GF_OK);
        assert_int_equal(gf_mcf_solve(b, &list, &rl, &err), GF_OK);
        assert_int_equal(rl.status, rb.status);
        assert_outcome_proven(b, &rl);
        if (rb.status == GF_MCF_OPTIMAL) {
            assert_i64(rl.cost, rb.cost);
            if (rl.stats.arcs_priced >= rb.stats.arcs_priced)
                fail_msg("seed %llu: the list priced %lld arcs, block search %lld",
                         (unsigned long long)seed, (long long)rl.stats.arcs_priced,
                         (long long)rb.stats.arcs_priced);
        }
        for (int32_t e = 0; e < net.n_arcs; e += 7)
            assert_int_equal(gf_mcf_set_cost(b, e, gf_mcf_arc_cost(b, e) + 5, &err), GF_OK);
        assert_int_equal(gf_mcf_solve(b, &list, &rl, &err), GF_OK);
        assert_outcome_proven(b, &rl);
        gf_mcf_destroy(a);
        gf_mcf_destroy(b);
        randnet_fini(&net);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mcf_transport_problem),
        cmocka_unit_test(test_mcf_lower_bounds),
        cmocka_unit_test(test_mcf_negative_costs),
        cmocka_unit_test(test_mcf_negative_cycle_with_capacity_is_optimal),
        cmocka_unit_test(test_mcf_negative_cycle_without_capacity_is_unbounded),
        cmocka_unit_test(test_mcf_self_loops),
        cmocka_unit_test(test_mcf_parallel_arcs),
        cmocka_unit_test(test_mcf_empty_networks),
        cmocka_unit_test(test_mcf_infeasible_supply_gives_out_cut),
        cmocka_unit_test(test_mcf_infeasible_demand_gives_valid_cut),
        cmocka_unit_test(test_mcf_unbalanced_supplies_are_infeasible),
        cmocka_unit_test(test_mcf_cut_needs_infeasible_solve),
        cmocka_unit_test(test_mcf_checkers_reject_wrong_answers),
        cmocka_unit_test(test_mcf_cut_checker_rejects_wrong_cuts),
        cmocka_unit_test(test_mcf_solve_is_deterministic),
        cmocka_unit_test(test_mcf_distinct_handles_solve_in_parallel),
        cmocka_unit_test(test_mcf_overflow_is_reported),
        cmocka_unit_test(test_mcf_optimum_near_the_limit_is_solved),
        cmocka_unit_test(test_mcf_rejects_values_beyond_max),
        cmocka_unit_test(test_mcf_rejects_invalid_arguments),
        cmocka_unit_test(test_mcf_random_networks_agree_on_every_route),
        cmocka_unit_test(test_mcf_add_arc_matches_create_arcs),
        cmocka_unit_test(test_mcf_block_size_follows_density),
        cmocka_unit_test(test_mcf_warm_start_matches_cold),
        cmocka_unit_test(test_mcf_warm_start_through_unbounded_and_infeasible),
        cmocka_unit_test(test_mcf_cold_option_and_add_arc_start_cold),
        cmocka_unit_test(test_mcf_iteration_limit),
        cmocka_unit_test(test_mcf_max_pivots_bounds_every_pivot),
        cmocka_unit_test(test_mcf_interrupt_flag_stops_a_solve),
        cmocka_unit_test(test_mcf_scaling_hands_over_a_warm_basis),
        cmocka_unit_test(test_mcf_scaling_ends_early_with_exact_prices),
        cmocka_unit_test(test_mcf_scaling_prices_a_dead_end),
        cmocka_unit_test(test_mcf_auto_picks_scaling_only_on_large_dense_networks),
        cmocka_unit_test(test_mcf_auto_scales_time_expanded_only_when_supply_is_fixed),
        cmocka_unit_test(test_mcf_degenerate_assignment_terminates),
        cmocka_unit_test(test_mcf_candidate_list_prices_fewer_arcs),
        cmocka_unit_test(test_mcf_large_values_solve_exactly),
        cmocka_unit_test(test_mcf_warm_start_after_iteration_limit),
        cmocka_unit_test(test_mcf_basis_invariants_hold_after_every_solve),
        cmocka_unit_test(test_mcf_saved_basis_replays_a_solve),
        cmocka_unit_test(test_mcf_random_call_sequences_match_fresh_solves),
        cmocka_unit_test(test_mcf_survives_every_failed_allocation),
        cmocka_unit_test(test_mcf_allocator_sees_consistent_sizes),
    };
    int failed = cmocka_run_group_tests_name("simplex", tests, NULL, NULL);

    pass_algo = GF_MCF_SCALING;
    failed += cmocka_run_group_tests_name("scaling", tests, NULL, NULL);
    return failed;
}
