/* tests/unit/test_mcf_glpk.c: the solver against GLPK on seeded random networks.
 *
 * Each network is solved by grainflow and, as a linear program (one equality
 * row per node, one column per arc), by GLPK's primal simplex followed by its
 * exact rational simplex (glp_exact), so the reference answer carries no
 * rounding. GLPK's graph solver glp_mincost_okalg (out-of-kilter) is a second
 * reference where its limits allow (no self-loops, lower bounds >= 0, every
 * arc capacitated, data within int). Both must agree with grainflow on the
 * status and the optimal cost, and every grainflow answer must carry its
 * certificate (tests/support/mcf_cert.c).
 *
 * Outcomes: GLPK reports infeasibility before unboundedness, grainflow may
 * report either when a network is both infeasible and has a negative cycle
 * of uncapacitated arcs; so UNBOUNDED from grainflow is checked by finding
 * such a cycle (Bellman-Ford over the uncapacitated arcs), and accepted
 * against GLPK's "no feasible solution" only then.
 * SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glpk.h>
#include <math.h>

#include "grainflow/mcf.h"
#include "support/mcf_cert.h"
#include "support/randnet.h"

/* main runs every test twice: the simplex's cold start, then cost scaling. */
static gf_mcf_algo pass_algo = GF_MCF_SIMPLEX;

/* A reference answer. */
typedef struct ref_answer {
    gf_mcf_status status;
    int64_t cost; /* when OPTIMAL */
} ref_answer;

static void print_net(const randnet *net, uint64_t seed)
{
    fprintf(stderr, "c reproducer: seed %llu\n", (unsigned long long)seed);
    randnet_write_dimacs(net, stderr);
}

/* The network as an LP solved exactly. Fails the test if GLPK fails or its
 * optimal flow is not integral and conserved (which would mean a modelling
 * error here, not in the solver under test). */
static ref_answer glpk_lp_solve(const randnet *net)
{
    int32_t n = net->n_nodes, m = net->n_arcs;
    glp_prob *lp = glp_create_prob();
    int *ia = calloc(2 * (size_t)m + 1, sizeof *ia), *ja = calloc(2 * (size_t)m + 1, sizeof *ja);
    double *ar = calloc(2 * (size_t)m + 1, sizeof *ar);
    ref_answer ans = {GF_MCF_NOT_SOLVED, 0};
    glp_smcp parm;
    int ne = 0, st;

    assert_true(ia && ja && ar && n > 0 && m > 0);
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_rows(lp, n);
    glp_add_cols(lp, m);
    for (int32_t v = 0; v < n; v++) /* out - in = b */
        glp_set_row_bnds(lp, v + 1, GLP_FX, (double)net->supply[v], (double)net->supply[v]);
    for (int32_t e = 0; e < m; e++) {
        double lo = (double)net->lower[e], up = (double)net->upper[e];
        if (net->uncap[e])
            glp_set_col_bnds(lp, e + 1, GLP_LO, lo, 0.0);
        else
            glp_set_col_bnds(lp, e + 1, lo == up ? GLP_FX : GLP_DB, lo, up);
        glp_set_obj_coef(lp, e + 1, (double)net->cost[e]);
        if (net->src[e] == net->dst[e])
            continue; /* a self-loop appears in no row */
        ne++;
        ia[ne] = net->src[e] + 1;
        ja[ne] = e + 1;
        ar[ne] = 1.0;
        ne++;
        ia[ne] = net->dst[e] + 1;
        ja[ne] = e + 1;
        ar[ne] = -1.0;
    }
    glp_load_matrix(lp, ne, ia, ja, ar);
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_OFF;
    assert_int_equal(glp_simplex(lp, &parm), 0);
    assert_int_equal(glp_exact(lp, &parm), 0);
    st = glp_get_status(lp);
    if (st == GLP_OPT) {
        __int128 sum = 0;
        __int128 *net_out = calloc((size_t)n, sizeof *net_out);
        assert_non_null(net_out);
        for (int32_t e = 0; e < m; e++) {
            double x = glp_get_col_prim(lp, e + 1);
            int64_t xi = (int64_t)llround(x);
            if ((double)xi != x)
                fail_msg("GLPK flow %.17g on arc %ld is not integral", x, (long)e);
            sum += (__int128)xi * net->cost[e];
            net_out[net->src[e]] += xi;
            net_out[net->dst[e]] -= xi;
        }
        for (int32_t v = 0; v < n; v++)
            assert_true(net_out[v] == net->supply[v]);
        free(net_out);
        ans.status = GF_MCF_OPTIMAL;
        ans.cost = (int64_t)sum;
    } else if (st == GLP_NOFEAS) {
        ans.status = GF_MCF_INFEASIBLE;
    } else if (st == GLP_UNBND) {
        ans.status = GF_MCF_UNBOUNDED;
    } else {
        fail_msg("GLPK ended with status %d", st);
    }
    glp_delete_prob(lp);
    free(ia);
    free(ja);
    free(ar);
    return ans;
}

/* Whether glp_mincost_okalg can take net: no self-loops, every arc
 * capacitated with 0 <= lower, and every number (and the total supply)
 * within int. */
static bool okalg_applies(const randnet *net)
{
    int64_t total = 0;

    for (int32_t e = 0; e < net->n_arcs; e++)
        if (net->src[e] == net->dst[e] || net->uncap[e] || net->lower[e] < 0 ||
            net->upper[e] > 1000000 || net->cost[e] > 1000000 || net->cost[e] < -1000000)
            return false;
    for (int32_t v = 0; v < net->n_nodes; v++)
        total += net->supply[v] > 0 ? net->supply[v] : 0;
    return total < 1000000;
}

typedef struct ok_vertex {
    double rhs;
} ok_vertex;
typedef struct ok_arc {
    double low, cap, cost, x;
} ok_arc;

/* The network through the out-of-kilter algorithm (okalg_applies first). */
static ref_answer glpk_okalg_solve(const randnet *net)
{
    glp_graph *g = glp_create_graph(sizeof(ok_vertex), sizeof(ok_arc));
    ref_answer ans = {GF_MCF_NOT_SOLVED, 0};
    double sol = 0;
    int rc;

    glp_add_vertices(g, net->n_nodes);
    for (int32_t v = 0; v < net->n_nodes; v++)
        ((ok_vertex *)g->v[v + 1]->data)->rhs = (double)net->supply[v];
    for (int32_t e = 0; e < net->n_arcs; e++) {
        glp_arc *a = glp_add_arc(g, net->src[e] + 1, net->dst[e] + 1);
        ok_arc *d = a->data;
        d->low = (double)net->lower[e];
        d->cap = (double)net->upper[e];
        d->cost = (double)net->cost[e];
    }
    rc =
        glp_mincost_okalg(g, offsetof(ok_vertex, rhs), offsetof(ok_arc, low), offsetof(ok_arc, cap),
                          offsetof(ok_arc, cost), &sol, offsetof(ok_arc, x), -1);
    if (rc == 0) {
        ans.status = GF_MCF_OPTIMAL;
        ans.cost = (int64_t)llround(sol);
        assert_true((double)ans.cost == sol);
    } else if (rc == GLP_ENOPFS) {
        ans.status = GF_MCF_INFEASIBLE;
    } else {
        fail_msg("glp_mincost_okalg returned %d", rc);
    }
    glp_delete_graph(g);
    return ans;
}

static const char *status_name(gf_mcf_status s)
{
    switch (s) {
    case GF_MCF_OPTIMAL:
        return "OPTIMAL";
    case GF_MCF_INFEASIBLE:
        return "INFEASIBLE";
    case GF_MCF_UNBOUNDED:
        return "UNBOUNDED";
    case GF_MCF_ITERATION_LIMIT:
        return "ITERATION_LIMIT";
    default:
        return "NOT_SOLVED";
    }
}

/* Solve net with grainflow under pivot rule `pivot` and check the answer
 * against ref; returns the grainflow status. */
static gf_mcf_status check_against(const randnet *net, uint64_t seed, gf_mcf_pivot pivot,
                                   ref_answer ref, const char *ref_name)
{
    gf_mcf_options o = gf_mcf_options_default();
    gf_error err = {0};
    gf_mcf_result res;
    gf_mcf *mcf = randnet_to_mcf(net, &err);
    char why[512];
    bool agree;

    o.pivot = pivot;
    o.algo = pass_algo;
    assert_non_null(mcf);
    assert_int_equal(gf_mcf_solve(mcf, &o, &res, &err), GF_OK);
    agree = res.status == ref.status && (res.status != GF_MCF_OPTIMAL || res.cost == ref.cost);
    if (res.status == GF_MCF_UNBOUNDED && ref.status == GF_MCF_INFEASIBLE)
        agree = randnet_has_negative_uncap_cycle(net); /* infeasible and unbounded both hold */
    if (res.status == GF_MCF_UNBOUNDED && !randnet_has_negative_uncap_cycle(net))
        agree = false;
    if (!agree) {
        print_net(net, seed);
        fail_msg("seed %llu, pivot %d: grainflow %s cost %lld, %s %s cost %lld",
                 (unsigned long long)seed, (int)pivot, status_name(res.status), (long long)res.cost,
                 ref_name, status_name(ref.status), (long long)ref.cost);
    }
    if (res.status == GF_MCF_OPTIMAL && mcf_cert_check(mcf, &res, why, sizeof why)) {
        print_net(net, seed);
        fail_msg("seed %llu: optimality certificate fails: %s", (unsigned long long)seed, why);
    }
    if (res.status == GF_MCF_INFEASIBLE) {
        gf_mcf_cut cut = {0};
        assert_int_equal(gf_mcf_infeasible_cut(mcf, &cut, &err), GF_OK);
        if (mcf_cut_check(mcf, &cut, why, sizeof why)) {
            print_net(net, seed);
            fail_msg("seed %llu: infeasibility cut fails: %s", (unsigned long long)seed, why);
        }
        gf_mcf_cut_fini(&cut);
    }
    gf_mcf_destroy(mcf);
    return res.status;
}

/* Knobs for network number seed: sizes and every feature varied. */
static randnet_opts knobs_for(uint64_t seed, int32_t n_lo, int32_t n_hi, int32_t m_hi)
{
    randnet_rng r = {seed ^ 0xa5a5a5a5u};
    int32_t n = (int32_t)randnet_range(&r, n_lo, n_hi);
    randnet_opts o = randnet_opts_default(seed, n, (int32_t)randnet_range(&r, n, m_hi));

    switch (randnet_range(&r, 0, 2)) {
    case 0:
        o.cost_min = 0;
        o.cost_max = 100;
        break;
    case 1:
        o.cost_min = -100;
        o.cost_max = 100;
        break;
    default:
        break; /* [-20, 50] */
    }
    if (randnet_chance(&r, 400))
        o.cap_max = 1000;
    o.cap_min = randnet_chance(&r, 300) ? 1 : 0;
    o.uncap_permille = randnet_chance(&r, 300) ? 0 : (int)randnet_range(&r, 0, 300);
    o.lower_permille = randnet_chance(&r, 300) ? 0 : (int)randnet_range(&r, 0, 300);
    o.self_loop_permille = randnet_chance(&r, 300) ? 0 : (int)randnet_range(&r, 0, 60);
    o.parallel_permille = (int)randnet_range(&r, 0, 150);
    o.uncap_cost_nonneg = !randnet_chance(&r, 150);
    o.feasible = !randnet_chance(&r, 350);
    o.supply_max = randnet_range(&r, 1, 60);
    o.balanced = !randnet_chance(&r, 150);
    if (randnet_chance(&r, 150)) { /* out-of-kilter's domain */
        o.uncap_permille = 0;
        o.self_loop_permille = 0;
        o.lower_max = 0;
    }
    return o;
}

/* Make net a single source and sink problem (the solver's cold start
 * treats it apart): F units from s to t, F between 1 and 60, no lower
 * bounds (they would put supply on other nodes). */
static void single_pair(randnet *net, uint64_t seed)
{
    randnet_rng r = {seed * 3 + 1};
    int32_t s = (int32_t)randnet_range(&r, 0, net->n_nodes - 1);
    int32_t t = (int32_t)randnet_range(&r, 0, net->n_nodes - 1);
    int64_t f = randnet_range(&r, 1, 60);

    for (int32_t v = 0; v < net->n_nodes; v++)
        net->supply[v] = 0;
    for (int32_t e = 0; e < net->n_arcs; e++) {
        net->upper[e] -= net->lower[e];
        net->lower[e] = 0;
    }
    if (s != t) {
        net->supply[s] = f;
        net->supply[t] = -f;
    }
}

typedef struct tally {
    int n[5]; /* by grainflow status */
    int okalg;
} tally;

static void run_seeds(uint64_t first, uint64_t count, int32_t n_lo, int32_t n_hi, int32_t m_hi,
                      tally *t)
{
    for (uint64_t seed = first; seed < first + count; seed++) {
        randnet_opts o = knobs_for(seed, n_lo, n_hi, m_hi);
        static const gf_mcf_pivot rules[4] = {GF_MCF_BLOCK_SEARCH, GF_MCF_FIRST_ELIGIBLE,
                                              GF_MCF_BEST_ELIGIBLE, GF_MCF_CANDIDATE_LIST};
        randnet net;
        ref_answer lp;
        gf_mcf_status st;

        assert_int_equal(randnet_generate(&net, &o), 0);
        if (seed % 5 == 0)
            single_pair(&net, seed);
        lp = glpk_lp_solve(&net);
        st = check_against(&net, seed, GF_MCF_BLOCK_SEARCH, lp, "GLPK exact LP");
        if (seed % 4 != 0)
            check_against(&net, seed, rules[seed % 4], lp, "GLPK exact LP");
        if (okalg_applies(&net)) {
            check_against(&net, seed, GF_MCF_BLOCK_SEARCH, glpk_okalg_solve(&net), "GLPK okalg");
            t->okalg++;
        }
        t->n[st]++;
        randnet_fini(&net);
    }
}

/* Several hundred small networks of every kind. The tally makes sure each
 * outcome occurred often enough for the comparison to mean something. */
static void test_mcf_glpk_small_random_networks_agree(void **state)
{
    tally t = {{0}, 0};

    (void)state;
    run_seeds(1, 600, 5, 60, 300, &t);
    print_message("small networks: %d optimal, %d infeasible, %d unbounded; %d also by okalg\n",
                  t.n[GF_MCF_OPTIMAL], t.n[GF_MCF_INFEASIBLE], t.n[GF_MCF_UNBOUNDED], t.okalg);
    assert_true(t.n[GF_MCF_OPTIMAL] >= 300);
    assert_true(t.n[GF_MCF_INFEASIBLE] >= 50);
    assert_true(t.n[GF_MCF_UNBOUNDED] >= 10);
    assert_true(t.okalg >= 50);
    assert_int_equal(t.n[GF_MCF_ITERATION_LIMIT] + t.n[GF_MCF_NOT_SOLVED], 0);
}

/* A handful of networks with thousands of arcs. */
static void test_mcf_glpk_larger_random_networks_agree(void **state)
{
    tally t = {{0}, 0};

    (void)state;
    run_seeds(100000, 6, 400, 1000, 5000, &t);
    assert_true(t.n[GF_MCF_OPTIMAL] >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mcf_glpk_small_random_networks_agree),
        cmocka_unit_test(test_mcf_glpk_larger_random_networks_agree),
    };

    glp_term_out(GLP_OFF);
    int failed = cmocka_run_group_tests_name("simplex", tests, NULL, NULL);

    pass_algo = GF_MCF_SCALING;
    failed += cmocka_run_group_tests_name("scaling", tests, NULL, NULL);
    return failed;
}
