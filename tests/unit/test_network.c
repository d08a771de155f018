/* tests/unit/test_network.c: the time expansion (node copies, arcs, lags, wrap,
 * open horizon, constant), overflow checks, the network-edit API (a warm
 * re-solve after edits equals a cold solve of the edited model; reset gives
 * the first plan back; compare's "without" is gf_network_close_node; the
 * bulk cost edit; the bulk solver update equals the single setters; a saved
 * basis replays a solve), and
 * failed allocations through the whole pipeline (network, solve, plan,
 * compare).
 * SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "grainflow/alloc.h"
#include "grainflow/mcf.h"
#include "grainflow/network.h"
#include "grainflow/plan.h"
#include "grainflow/scenario.h"
#include "network/network_int.h"
#include "support/failing_alloc.h"

#ifndef DATA
#define DATA "tests/data"
#endif

static gf_model *read(const char *name)
{
    char dir[256];
    gf_error err = {0};
    gf_model *m;

    snprintf(dir, sizeof dir, "%s/%s", DATA, name);
    m = gf_scenario_read_csv(dir, &err);
    if (!m)
        fail_msg("%s: %s", name, err.msg);
    return m;
}

static int count_kind(const gf_network *net, gf_arc_kind k)
{
    int n = 0;

    for (int32_t e = 0; e < net->n_arcs; e++)
        n += net->arc_kind[e] == k;
    return n;
}

/* store: 3 nodes x 3 periods, open. Links F->H (lag 1) and H->M (lag 0):
 * F->H leaving in period 3 would arrive in period 4, so 2 + 3 = 5 link arcs.
 * H stores 50 t: arcs 1->2 and 2->3 only (open: none out of the last).
 * No throughput limits: 9 node copies + source + sink = 11 nodes. One supply
 * offer, two demand rows, one spill arc. Constant = 30 x 60 + 80 x 70 USD. */
static void test_network_store_layout(void **state)
{
    gf_model *m = read("store");
    gf_error err = {0};
    gf_network *net = gf_network_build(m, &err);
    int32_t f = gf_model_find_node(m, "F"), h = gf_model_find_node(m, "H");

    (void)state;
    assert_non_null(net);
    assert_int_equal(net->n_nodes, 11);
    assert_int_equal(count_kind(net, GF_ARC_LINK), 5);
    assert_int_equal(count_kind(net, GF_ARC_STORAGE), 2);
    assert_int_equal(count_kind(net, GF_ARC_THROUGHPUT), 0);
    assert_int_equal(count_kind(net, GF_ARC_SUPPLY), 1);
    assert_int_equal(count_kind(net, GF_ARC_DEMAND), 2);
    assert_int_equal(count_kind(net, GF_ARC_SPILL), 1);
    assert_int_equal(net->link_arc[0 * 3 + 2], -1); /* F->H leaving in period 3 */
    assert_int_equal(net->tail[net->link_arc[0 * 3 + 0]], net->out_node[f * 3 + 0]);
    assert_int_equal(net->head[net->link_arc[0 * 3 + 0]], net->in_node[h * 3 + 1]);
    assert_int_equal(net->storage_arc[h * 3 + 2], -1);
    assert_int_equal(net->constant_cents, 30 * 6000 + 80 * 7000);
    assert_int_equal(net->total_supply_t, 100);
    assert_int_equal(net->supply[net->source], 100);
    assert_int_equal(net->supply[net->sink], -100);
    assert_int_equal(gf_model_arrival(m, 0, 2), -1);
    assert_int_equal(gf_model_arrival(m, 1, 2), 2);
    gf_network_destroy(net);
    gf_model_destroy(m);
}

/* cyclic: F->M lag 2 over 3 periods wraps: leaving in 2 arrives in 1 (0-based
 * 1 -> 0), leaving in 3 arrives in 2. Storage at M: 3 arcs, the last 3 -> 1. */
static void test_network_cyclic_wrap(void **state)
{
    gf_model *m = read("cyclic");
    gf_error err = {0};
    gf_network *net = gf_network_build(m, &err);
    int32_t mk = gf_model_find_node(m, "M");

    (void)state;
    assert_non_null(net);
    assert_int_equal(count_kind(net, GF_ARC_LINK), 3);
    assert_int_equal(gf_model_arrival(m, 0, 1), 0);
    assert_int_equal(gf_model_arrival(m, 0, 2), 1);
    assert_int_equal(net->head[net->link_arc[2]], net->in_node[mk * 3 + 1]);
    assert_int_equal(count_kind(net, GF_ARC_STORAGE), 3);
    assert_int_equal(net->head[net->storage_arc[mk * 3 + 2]], net->out_node[mk * 3 + 0]);
    assert_int_equal(net->cost[net->storage_arc[mk * 3 + 2]], 200);
    gf_network_destroy(net);
    gf_model_destroy(m);
}

/* hub: H has a throughput limit, so it gets an in copy; links into H land on
 * it and pay H's handling (link 10.00 + 4.00); the throughput arc carries the
 * limit. Links into other nodes land on their single copy. */
static void test_network_throughput_split(void **state)
{
    gf_model *m = read("hub");
    gf_error err = {0};
    gf_network *net = gf_network_build(m, &err);
    int32_t h = gf_model_find_node(m, "H"), mk = gf_model_find_node(m, "M");
    int32_t e = net ? net->through_arc[h] : -1;

    (void)state;
    assert_non_null(net);
    assert_int_not_equal(net->in_node[h], net->out_node[h]);
    assert_int_equal(net->in_node[mk], net->out_node[mk]);
    assert_true(e >= 0);
    assert_int_equal(net->upper[e], 70);
    assert_int_equal(net->head[net->link_arc[0]], net->in_node[h]);
    assert_int_equal(net->cost[net->link_arc[0]], 1400);
    assert_true(net->upper[net->link_arc[0]] == GF_UNLIMITED);
    assert_int_equal(net->cost[net->demand_arc[0]], -8000);
    gf_network_destroy(net);
    gf_model_destroy(m);
}

/* Figures at the edge of the solver's range fail before the solve with
 * GF_EOVERFLOW, never with a wrong answer. */
static void test_network_refuses_overflow(void **state)
{
    gf_error err = {0};
    gf_model *m = gf_model_create(&err);
    gf_node a = {.id = "A", .kind = GF_NODE_ORIGIN, .throughput_t = GF_UNLIMITED};
    gf_node b = {.id = "B", .kind = GF_NODE_MARKET, .throughput_t = GF_UNLIMITED};
    gf_link l = {
        .from = 0, .to = 1, .capacity_t = GF_UNLIMITED, .cost_cents_per_t = GF_MODEL_MAX_VALUE};
    gf_supply s = {
        .node = 0, .period = -1, .t = GF_MODEL_MAX_VALUE, .price_cents_per_t = 0, .line = 0};
    gf_demand d = {.node = 1,
                   .period = -1,
                   .t = GF_MODEL_MAX_VALUE,
                   .alt_cents_per_t = GF_MODEL_MAX_VALUE,
                   .line = 0};
    gf_network *net;
    gf_plan *p;

    (void)state;
    assert_int_equal(gf_model_add_node(m, &a, NULL, &err), GF_OK);
    b.handling_cents_per_t = 1;
    assert_int_equal(gf_model_add_node(m, &b, NULL, &err), GF_OK);
    assert_int_equal(gf_model_add_link(m, &l, false, &err), GF_OK);
    assert_int_equal(gf_model_finish(m, &err), GF_OK);
    /* link cost + handling exceeds 2^50 */
    net = gf_network_build(m, &err);
    assert_null(net);
    assert_int_equal(err.code, GF_EOVERFLOW);
    gf_model_destroy(m);

    gf_error_clear(&err);
    m = gf_model_create(&err);
    b.handling_cents_per_t = 0;
    l.cost_cents_per_t = 100;
    assert_int_equal(gf_model_add_node(m, &a, NULL, &err), GF_OK);
    assert_int_equal(gf_model_add_node(m, &b, NULL, &err), GF_OK);
    assert_int_equal(gf_model_add_link(m, &l, false, &err), GF_OK);
    assert_int_equal(gf_model_add_supply(m, &s, &err), GF_OK);
    assert_int_equal(gf_model_add_demand(m, &d, &err), GF_OK);
    assert_int_equal(gf_model_finish(m, &err), GF_OK);
    /* demand x alternative price is 2^100 */
    p = gf_plan_solve(m, &err);
    assert_null(p);
    assert_int_equal(err.code, GF_EOVERFLOW);
    gf_model_destroy(m);
}

/* Cost of a cold solve of m. */
static int64_t cold_cost(const gf_model *m)
{
    gf_error err = {0};
    gf_plan *p = gf_plan_solve(m, &err);
    int64_t c;

    if (!p)
        fail_msg("cold solve: %s", err.msg);
    c = p->cost.total;
    gf_plan_destroy(p);
    return c;
}

/* Warm solve of net into sol and extract; the plan's total. */
static int64_t warm_cost(gf_network *net, gf_solution *sol, bool *warm)
{
    gf_error err = {0};
    gf_plan *p;
    int64_t c;

    assert_int_equal(gf_network_solve(net, sol, &err), GF_OK);
    assert_int_equal(sol->status, GF_SOLVE_OPTIMAL);
    p = gf_plan_extract(net, sol, &err);
    if (!p)
        fail_msg("extract: %s", err.msg);
    c = p->cost.total;
    *warm = p->warm;
    gf_plan_destroy(p);
    return c;
}

/* Figure edits on the model, synced into a built and solved network, re-solve
 * warm to the cost of a cold solve of a model read with the same edits; and
 * gf_network_reset (plus the model's figures put back) gives the first cost. */
static void test_network_warm_edits_equal_a_cold_solve(void **state)
{
    static const char *const names[] = {"tiny", "hub", "store", "cyclic", "scarce", "both_ways"};

    (void)state;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        gf_model *m = read(names[k]), *cold = read(names[k]);
        gf_error err = {0};
        gf_network *net = gf_network_build(m, &err);
        gf_solution sol = {0};
        const gf_node h = *gf_model_node(m, gf_model_link(m, 0)->to); /* as read */
        int64_t first, edited, back, link_cost = gf_model_link(m, 0)->cost_cents_per_t;
        int64_t supply_t = gf_model_supply(m, 0)->t, demand_t = gf_model_demand(m, 0)->t;
        bool warm = false;

        assert_non_null(net);
        first = warm_cost(net, &sol, &warm);
        assert_false(warm);
        assert_int_equal(first, cold_cost(m));
        for (gf_model *x = m; x; x = x == m ? cold : NULL) {
            int32_t to = gf_model_link(x, 0)->to;
            assert_int_equal(gf_model_set_link_cost(x, 0, link_cost * 3 + 700, &err), GF_OK);
            assert_int_equal(gf_model_set_supply_t(x, 0, supply_t / 2 + 7, &err), GF_OK);
            assert_int_equal(gf_model_set_demand_t(x, 0, demand_t * 2, &err), GF_OK);
            assert_int_equal(gf_model_set_node_figures(x, to, h.handling_cents_per_t + 150,
                                                       h.throughput_t, h.storage_t,
                                                       h.storage_cents_per_t, &err),
                             GF_OK);
        }
        assert_int_equal(gf_network_sync_link(net, 0, &err), GF_OK);
        assert_int_equal(gf_network_sync_supply(net, 0, &err), GF_OK);
        assert_int_equal(gf_network_sync_demand(net, 0, &err), GF_OK);
        assert_int_equal(gf_network_sync_node(net, gf_model_link(m, 0)->to, &err), GF_OK);
        edited = warm_cost(net, &sol, &warm);
        assert_true(warm);
        if (edited != cold_cost(cold))
            fail_msg("%s: warm %lld, cold %lld", names[k], (long long)edited,
                     (long long)cold_cost(cold));
        assert_int_not_equal(edited, first);
        assert_int_equal(gf_model_set_link_cost(m, 0, link_cost, &err), GF_OK);
        assert_int_equal(gf_model_set_supply_t(m, 0, supply_t, &err), GF_OK);
        assert_int_equal(gf_model_set_demand_t(m, 0, demand_t, &err), GF_OK);
        assert_int_equal(gf_model_set_node_figures(m, gf_model_link(m, 0)->to,
                                                   h.handling_cents_per_t, h.throughput_t,
                                                   h.storage_t, h.storage_cents_per_t, &err),
                         GF_OK);
        assert_int_equal(gf_network_reset(net, &err), GF_OK);
        back = warm_cost(net, &sol, &warm);
        assert_true(warm);
        assert_int_equal(back, first);
        gf_solution_fini(&sol);
        gf_network_destroy(net);
        gf_model_destroy(cold);
        gf_model_destroy(m);
    }
}

/* Closing a node in every period is what compare's "without" solves: the
 * same cost, and nothing arrives at, leaves or is stored at the node. */
static void test_network_close_node_is_compares_without(void **state)
{
    gf_model *m = read("hub");
    int32_t h = gf_model_find_node(m, "H");
    gf_error err = {0};
    gf_network *net = gf_network_build(m, &err);
    gf_plan_compare_result r = {0};
    gf_solution sol = {0};
    gf_plan *p;

    (void)state;
    assert_non_null(net);
    assert_int_equal(gf_network_close_node(net, h, -1, &err), GF_OK);
    for (int32_t e = 0; e < net->n_arcs; e++)
        if (gf_network_arc_touches(net, e, h))
            assert_int_equal(net->upper[e], 0);
    assert_int_equal(gf_network_solve(net, &sol, &err), GF_OK);
    p = gf_plan_extract(net, &sol, &err);
    assert_non_null(p);
    assert_int_equal(gf_plan_compare(m, h, &r, &err), GF_OK);
    assert_int_equal(p->cost.total, r.without->cost.total);
    assert_int_equal(p->cost.total, 1100000);
    for (int32_t i = 0; i < p->n_flows; i++) {
        assert_int_not_equal(gf_model_link(m, p->flows[i].link)->to, h);
        assert_int_not_equal(gf_model_link(m, p->flows[i].link)->from, h);
    }
    gf_plan_compare_fini(&r);
    gf_plan_destroy(p);
    gf_solution_fini(&sol);
    gf_network_destroy(net);
    gf_model_destroy(m);
}

/* Edits are checked: a bad arc, a negative bound, a cost past 2^50, a
 * throughput limit on a node built without one; the network is unchanged. */
static void test_network_edits_refuse_bad_values(void **state)
{
    gf_model *m = read("tiny");
    gf_error err = {0};
    gf_network *net = gf_network_build(m, &err);
    const gf_node *o = gf_model_node(m, gf_model_find_node(m, "O"));

    (void)state;
    assert_non_null(net);
    assert_int_equal(gf_network_set_cost(net, net->n_arcs, 1, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_network_set_upper(net, 0, -5, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_network_set_cost(net, 0, GF_MODEL_MAX_VALUE + 1, &err), GF_EOVERFLOW);
    gf_error_clear(&err);
    assert_int_equal(gf_network_close_node(net, 0, net->periods, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(net->n_changed, 0);
    assert_int_equal(gf_model_set_node_figures(m, gf_model_find_node(m, "O"),
                                               o->handling_cents_per_t, 10, o->storage_t,
                                               o->storage_cents_per_t, &err),
                     GF_OK);
    assert_int_equal(gf_network_sync_node(net, gf_model_find_node(m, "O"), &err), GF_ESTATE);
    assert_int_equal(net->n_changed, 0);
    gf_network_destroy(net);
    gf_model_destroy(m);
}

/* gf_network_set_costs is gf_network_set_cost arc by arc: the same costs,
 * the same arcs listed for the solver (an unchanged cost is no edit), the
 * same warm optimum; and all or nothing: a bad arc or a cost past 2^50 in
 * the last entry leaves every cost and the change list as they were. */
static void test_network_set_costs_is_set_cost_per_arc(void **state)
{
    gf_model *m = read("hub");
    gf_error err = {0};
    gf_network *a = gf_network_build(m, &err), *b = gf_network_build(m, &err);
    gf_solution sa = {0}, sb = {0};
    int32_t *arcs;
    int64_t *costs;
    int32_t n, changed;

    (void)state;
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(gf_network_solve(a, &sa, &err), GF_OK);
    assert_int_equal(gf_network_solve(b, &sb, &err), GF_OK);
    n = a->n_arcs;
    arcs = calloc((size_t)n, sizeof *arcs);
    costs = calloc((size_t)n, sizeof *costs);
    assert_true(arcs && costs);
    for (int32_t i = 0; i < n; i++) { /* every other arc, and arc 0 at its own cost */
        arcs[i] = i;
        costs[i] = i % 2 ? a->cost[i] * 2 + 100 : a->cost[i];
    }
    assert_int_equal(gf_network_set_costs(a, n, arcs, costs, &err), GF_OK);
    for (int32_t i = 0; i < n; i++)
        assert_int_equal(gf_network_set_cost(b, i, costs[i], &err), GF_OK);
    assert_memory_equal(a->cost, b->cost, (size_t)n * sizeof *a->cost);
    assert_int_equal(a->n_changed, b->n_changed);
    assert_int_equal(a->n_changed, n / 2);
    changed = a->n_changed;
    costs[n - 1] = GF_MODEL_MAX_VALUE + 1;
    costs[0] = a->cost[0] + 5;
    assert_int_equal(gf_network_set_costs(a, n, arcs, costs, &err), GF_EOVERFLOW);
    gf_error_clear(&err);
    costs[n - 1] = 1;
    arcs[n - 1] = n;
    assert_int_equal(gf_network_set_costs(a, n, arcs, costs, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "no arc"));
    gf_error_clear(&err);
    assert_memory_equal(a->cost, b->cost, (size_t)n * sizeof *a->cost);
    assert_int_equal(a->n_changed, changed);
    assert_int_equal(gf_network_solve(a, &sa, &err), GF_OK);
    assert_int_equal(gf_network_solve(b, &sb, &err), GF_OK);
    assert_true(sa.warm && sb.warm);
    assert_int_equal(sa.objective_cents, sb.objective_cents);
    free(arcs);
    free(costs);
    gf_solution_fini(&sa);
    gf_solution_fini(&sb);
    gf_network_destroy(a);
    gf_network_destroy(b);
    gf_model_destroy(m);
}

/* gf_mcf_set_arcs (the adapter's one call per solve) leaves a gf_mcf as the
 * single setters do: two solvers of the default scenario's network, edited
 * the two ways (costs up on every third arc, some arcs closed, some given
 * a capacity, some made uncapacitated), re-solve warm to the same flows and
 * potentials, bit for bit, in the same pivots. A bad entry anywhere is
 * refused, naming it, before anything is written. */
static void test_network_bulk_solver_update_is_the_single_setters(void **state)
{
    gf_error err = {0};
    gf_model *m = gf_scenario_read_csv("data/kz-ma-africa-v1", &err);
    gf_network *net = m ? gf_network_build(m, &err) : NULL;
    gf_mcf *a = NULL, *b = NULL;
    gf_mcf_result ra = {0}, rb = {0};
    int32_t n, *list = NULL, k = 0;
    int64_t *cost = NULL, *upper = NULL;
    uint8_t *unc = NULL;

    (void)state;
    assert_non_null(net);
    n = net->n_arcs;
    list = calloc((size_t)n, sizeof *list);
    cost = calloc((size_t)n, sizeof *cost);
    upper = calloc((size_t)n, sizeof *upper);
    unc = calloc((size_t)n, 1);
    assert_true(list && cost && upper && unc);
    for (int32_t e = 0; e < n; e++)
        unc[e] = net->upper[e] == GF_UNLIMITED;
    {
        gf_mcf_arcs arcs = {n, net->tail, net->head, net->lower, net->upper, unc, net->cost};
        a = gf_mcf_create_arcs(net->n_nodes, net->supply, &arcs, &err);
        b = gf_mcf_create_arcs(net->n_nodes, net->supply, &arcs, &err);
    }
    assert_true(a && b);
    assert_int_equal(gf_mcf_solve(a, NULL, &ra, &err), GF_OK);
    assert_int_equal(gf_mcf_solve(b, NULL, &rb, &err), GF_OK);
    memcpy(cost, net->cost, (size_t)n * sizeof *cost);
    memcpy(upper, net->upper, (size_t)n * sizeof *upper);
    for (int32_t e = 0; e < n; e += 3) {
        list[k++] = e;
        cost[e] += 250 + e % 7;
        if (e % 4 == 0)
            upper[e] = 0; /* closed */
        else if (e % 5 == 0)
            upper[e] = upper[e] == GF_UNLIMITED ? 40000 : GF_UNLIMITED;
    }
    for (int32_t i = 0; i < k; i++) {
        int32_t e = list[i];
        bool u = upper[e] == GF_UNLIMITED;
        assert_int_equal(gf_mcf_set_cost(a, e, cost[e], &err), GF_OK);
        assert_int_equal(gf_mcf_set_bounds(a, e, 0, u ? 0 : upper[e], u, &err), GF_OK);
    }
    assert_int_equal(gf_mcf_set_arcs(b, k, list, NULL, upper, GF_UNLIMITED, cost, &err), GF_OK);
    for (int32_t e = 0; e < n; e++) {
        assert_int_equal(gf_mcf_arc_cost(a, e), gf_mcf_arc_cost(b, e));
        assert_int_equal(gf_mcf_arc_upper(a, e), gf_mcf_arc_upper(b, e));
    }
    assert_int_equal(gf_mcf_solve(a, NULL, &ra, &err), GF_OK);
    assert_int_equal(gf_mcf_solve(b, NULL, &rb, &err), GF_OK);
    assert_int_equal(ra.status, GF_MCF_OPTIMAL);
    assert_true(ra.stats.warm && rb.stats.warm);
    assert_true(ra.stats.pivots > 0);
    assert_int_equal(ra.stats.pivots, rb.stats.pivots);
    assert_int_equal(ra.cost, rb.cost);
    assert_memory_equal(gf_mcf_flows(a), gf_mcf_flows(b), (size_t)n * sizeof(int64_t));
    assert_memory_equal(gf_mcf_potentials(a), gf_mcf_potentials(b),
                        (size_t)net->n_nodes * sizeof(int64_t));
    /* all or nothing: a cost beyond 2^50 in the last entry, an arc id out of range */
    cost[list[0]] += 1;
    cost[list[k - 1]] = GF_MCF_MAX_VALUE + 1;
    assert_int_equal(gf_mcf_set_arcs(b, k, list, NULL, upper, GF_UNLIMITED, cost, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "entry"));
    assert_non_null(strstr(err.msg, "2^50"));
    gf_error_clear(&err);
    assert_int_equal(gf_mcf_arc_cost(b, list[0]), cost[list[0]] - 1);
    cost[list[k - 1]] = 7;
    list[k - 1] = n;
    assert_int_equal(gf_mcf_set_arcs(b, k, list, NULL, upper, GF_UNLIMITED, cost, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "out of range"));
    gf_error_clear(&err);
    assert_int_equal(gf_mcf_arc_cost(b, list[0]), cost[list[0]] - 1);
    free(list);
    free(cost);
    free(upper);
    free(unc);
    gf_mcf_destroy(a);
    gf_mcf_destroy(b);
    gf_network_destroy(net);
    gf_model_destroy(m);
}

/* Closing a node in a list of periods in one pass (what a close_node edit
 * does, gf__network_close_node_periods) closes exactly the arcs that
 * gf_network_close_node closes period by period, on the default scenario
 * (a lagged corridor: arrivals land in later periods) and on every node
 * with a supply, a demand row or a link; an empty list is every period, and
 * a period out of range is refused before any arc changes. */
static void test_network_close_node_periods_is_one_period_at_a_time(void **state)
{
    static const int32_t periods[] = {0, 3, 4, 11, 51};
    gf_error err = {0};
    gf_model *m = gf_scenario_read_csv("data/kz-ma-africa-v1", &err);
    gf_network *a = m ? gf_network_build(m, &err) : NULL;
    gf_network *b = m ? gf_network_build(m, &err) : NULL;
    int32_t n_nodes, bad[] = {2, 52};
    size_t bytes;

    (void)state;
    assert_true(a && b);
    assert_int_equal(a->periods, 52);
    n_nodes = gf_model_node_count(m);
    bytes = (size_t)a->n_arcs * sizeof(int64_t);
    for (int32_t n = 0; n < n_nodes; n += 7) {
        int changed = 0;
        assert_int_equal(gf__network_close_node_periods(a, n, periods, 5, &err), GF_OK);
        for (int32_t k = 0; k < 5; k++)
            assert_int_equal(gf_network_close_node(b, n, periods[k], &err), GF_OK);
        assert_memory_equal(a->upper, b->upper, bytes);
        assert_int_equal(a->n_changed, b->n_changed);
        for (int32_t e = 0; e < a->n_arcs; e++)
            changed += a->upper[e] != a->built_upper[e];
        assert_true(n > 0 || changed > 0); /* the first node has arcs to close */
        assert_int_equal(gf_network_reset(a, &err), GF_OK);
        assert_int_equal(gf_network_reset(b, &err), GF_OK);
    }
    assert_int_equal(gf__network_close_node_periods(a, 0, NULL, 0, &err), GF_OK);
    assert_int_equal(gf_network_close_node(b, 0, -1, &err), GF_OK);
    assert_memory_equal(a->upper, b->upper, bytes);
    assert_int_equal(gf_network_reset(a, &err), GF_OK);
    assert_int_equal(gf__network_close_node_periods(a, 0, bad, 2, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "period"));
    gf_error_clear(&err);
    assert_memory_equal(a->upper, a->built_upper, bytes);
    gf_network_destroy(a);
    gf_network_destroy(b);
    gf_model_destroy(m);
}

/* gf_mcf_set_arcs without lower bounds checks each entry in one test and,
 * when one fails, names it as the full check does: a negative or too large
 * upper bound (not GF_UNLIMITED) is refused, and nothing is written. */
static void test_network_bulk_update_refuses_bad_bounds(void **state)
{
    gf_error err = {0};
    gf_model *m = read("hub");
    gf_network *net = m ? gf_network_build(m, &err) : NULL;
    gf_mcf *mcf = NULL;
    int32_t list[2] = {0, 1}, n;
    int64_t *upper, *cost;
    uint8_t *unc;
    size_t bytes;

    (void)state;
    assert_non_null(net);
    n = net->n_arcs;
    bytes = (size_t)n * sizeof(int64_t);
    upper = malloc(bytes);
    cost = malloc(bytes);
    unc = calloc((size_t)n, 1);
    assert_true(upper && cost && unc);
    for (int32_t e = 0; e < n; e++)
        unc[e] = net->upper[e] == GF_UNLIMITED;
    {
        gf_mcf_arcs arcs = {n, net->tail, net->head, net->lower, net->upper, unc, net->cost};
        mcf = gf_mcf_create_arcs(net->n_nodes, net->supply, &arcs, &err);
    }
    assert_non_null(mcf);
    memcpy(upper, net->upper, bytes);
    memcpy(cost, net->cost, bytes);
    cost[0] += 5;
    upper[1] = -3;
    assert_int_equal(gf_mcf_set_arcs(mcf, 2, list, NULL, upper, GF_UNLIMITED, cost, &err),
                     GF_EINVAL);
    assert_non_null(strstr(err.msg, "entry 1 (arc 1)"));
    gf_error_clear(&err);
    assert_int_equal(gf_mcf_arc_cost(mcf, 0), net->cost[0]); /* nothing written */
    upper[1] = GF_MCF_MAX_VALUE + 1;
    assert_int_equal(gf_mcf_set_arcs(mcf, 2, list, NULL, upper, GF_UNLIMITED, cost, &err),
                     GF_EINVAL);
    assert_non_null(strstr(err.msg, "entry 1 (arc 1)"));
    assert_non_null(strstr(err.msg, "2^50"));
    gf_error_clear(&err);
    assert_int_equal(gf_mcf_arc_cost(mcf, 0), net->cost[0]);
    upper[1] = GF_UNLIMITED;
    assert_int_equal(gf_mcf_set_arcs(mcf, 2, list, NULL, upper, GF_UNLIMITED, cost, &err), GF_OK);
    assert_int_equal(gf_mcf_arc_cost(mcf, 0), cost[0]);
    assert_true(gf_mcf_arc_is_uncapacitated(mcf, 1));
    free(upper);
    free(cost);
    free(unc);
    gf_mcf_destroy(mcf);
    gf_network_destroy(net);
    gf_model_destroy(m);
}

/* A saved basis starts a later solve as the solve after the save would
 * have started. On the default scenario: solve, save, raise sea freight,
 * solve (k pivots); load the copy and
 * solve the same figures again: k pivots again, the same optimum. Saving
 * before any solve is GF_ESTATE. */
static void test_network_saved_basis_replays_a_solve(void **state)
{
    gf_error err = {0};
    gf_model *m = gf_scenario_read_csv("data/kz-ma-africa-v1", &err); /* from the root */
    gf_network *net = m ? gf_network_build(m, &err) : NULL;
    gf_network_basis *b = NULL;
    gf_solution sol = {0};
    int64_t pivots, objective;

    (void)state;
    assert_non_null(net);
    assert_int_equal(gf_network_basis_save(net, &b, &err), GF_ESTATE);
    gf_error_clear(&err);
    assert_int_equal(gf_network_solve(net, &sol, &err), GF_OK);
    assert_int_equal(gf_network_basis_save(net, &b, &err), GF_OK);
    for (int32_t e = 0; e < net->n_arcs; e++) /* sea freight + 40 %: other routes */
        if (net->arc_kind[e] == GF_ARC_LINK &&
            gf_model_link(m, net->arc_ref[e])->mode == GF_MODE_SEA)
            assert_int_equal(gf_network_set_cost(net, e, net->cost[e] * 14 / 10, &err), GF_OK);
    assert_int_equal(gf_network_solve(net, &sol, &err), GF_OK);
    assert_int_equal(sol.status, GF_SOLVE_OPTIMAL);
    pivots = sol.pivots;
    objective = sol.objective_cents;
    assert_true(pivots > 0); /* the edit moved the optimum */
    assert_int_equal(gf_network_solve(net, &sol, &err), GF_OK);
    assert_int_equal(sol.pivots, 0); /* from its own optimum: nothing to do */
    assert_int_equal(gf_network_basis_load(net, b, &err), GF_OK);
    assert_int_equal(gf_network_solve(net, &sol, &err), GF_OK);
    assert_int_equal(sol.pivots, pivots);
    assert_int_equal(sol.objective_cents, objective);
    gf_network_basis_destroy(b);
    gf_solution_fini(&sol);
    gf_network_destroy(net);
    gf_model_destroy(m);
}

static void test_network_plan_survives_every_failed_allocation(void **state)
{
    gf_model *m = read("store");
    gf_plan *p = NULL;
    long at;

    (void)state;
    for (at = 0; !p && at < 100000; at++) {
        gf_error err = {0};
        failing_alloc_arm(at);
        p = gf_plan_solve(m, &err);
        failing_alloc_disarm();
        if (!p)
            assert_int_equal(err.code, GF_ENOMEM);
    }
    assert_non_null(p);
    assert_int_equal(p->cost.total, 685000);
    assert_true(at > 10);
    gf_plan_destroy(p);
    gf_model_destroy(m);
}

static void test_network_compare_survives_every_failed_allocation(void **state)
{
    gf_model *m = read("hub");
    int32_t h = gf_model_find_node(m, "H");
    int rc = GF_ENOMEM;
    long at;

    (void)state;
    for (at = 0; rc && at < 100000; at++) {
        gf_error err = {0};
        gf_plan_compare_result r = {0};
        failing_alloc_arm(at);
        rc = gf_plan_compare(m, h, &r, &err);
        failing_alloc_disarm();
        if (rc)
            assert_int_equal(err.code, GF_ENOMEM);
        else
            assert_int_equal(r.without->cost.total, 1100000);
        gf_plan_compare_fini(&r);
    }
    assert_int_equal(rc, GF_OK);
    gf_model_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_network_store_layout),
        cmocka_unit_test(test_network_cyclic_wrap),
        cmocka_unit_test(test_network_throughput_split),
        cmocka_unit_test(test_network_refuses_overflow),
        cmocka_unit_test(test_network_warm_edits_equal_a_cold_solve),
        cmocka_unit_test(test_network_close_node_is_compares_without),
        cmocka_unit_test(test_network_edits_refuse_bad_values),
        cmocka_unit_test(test_network_set_costs_is_set_cost_per_arc),
        cmocka_unit_test(test_network_bulk_solver_update_is_the_single_setters),
        cmocka_unit_test(test_network_close_node_periods_is_one_period_at_a_time),
        cmocka_unit_test(test_network_bulk_update_refuses_bad_bounds),
        cmocka_unit_test(test_network_saved_basis_replays_a_solve),
        cmocka_unit_test(test_network_plan_survives_every_failed_allocation),
        cmocka_unit_test(test_network_compare_survives_every_failed_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
