/* tests/unit/test_plan.c: plans of small scenarios whose optimum is worked out
 * by hand, the plan's invariants, compare, and a cross-check of seeded random
 * models against an LP of the same formulation built directly from the model
 * (not from gf_network, tests/support/model_lp.c) and solved by COIN-OR CLP.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "grainflow/alloc.h"
#include "grainflow/plan.h"
#include "grainflow/scenario.h"
#include "support/model_lp.h"

#ifndef DATA
#define DATA "tests/data"
#endif

/* ---- invariants every plan must satisfy ---- */

/* Cost parts add up; routes (purchase + legs) plus unmet add up to the total;
 * delivered + unmet = demand and the routes of each demand row carry exactly
 * its deliveries; every node and period balances (purchases + arrivals +
 * stock in = departures + stock out + deliveries); no capacity is exceeded. */
static void check_plan_without(const gf_plan *p, int32_t closed)
{
    const gf_model *m = p->model;
    int32_t np = gf_model_periods(m), nn = gf_model_node_count(m);
    int64_t route_cost = 0, route_t = 0;
    int64_t *bal = calloc((size_t)nn * (size_t)np, sizeof *bal);
    int64_t *arr = calloc((size_t)nn * (size_t)np, sizeof *arr);
    int64_t *by_demand = calloc((size_t)gf_model_demand_count(m) + 1, sizeof *by_demand);

    assert_non_null(bal);
    assert_int_equal(p->cost.total, p->cost.procurement + p->cost.transport + p->cost.handling +
                                        p->cost.storage + p->cost.unmet);
    for (int32_t i = 0; i < p->n_routes; i++) {
        const gf_plan_route *r = &p->routes[i];
        const gf_supply *s = gf_model_supply(m, r->supply);
        int64_t c = s->price_cents_per_t;
        assert_true(r->t > 0);
        for (int32_t k = 0; k < r->n_legs; k++)
            c += r->legs[k].cents_per_t;
        assert_int_equal(c, r->cents_per_t);
        route_cost += r->t * r->cents_per_t;
        route_t += r->t;
        by_demand[r->demand] += r->t;
        bal[s->node * np + s->period] += r->t; /* purchases enter here */
    }
    assert_int_equal(route_cost + p->cost.unmet, p->cost.total);
    assert_int_equal(route_t, p->delivered_t);
    assert_int_equal(p->bought_t, p->delivered_t);
    for (int32_t i = 0; i < p->n_markets; i++) {
        const gf_plan_market *mk = &p->markets[i];
        assert_int_equal(mk->delivered_t + mk->unmet_t, mk->demand_t);
        assert_true(mk->delivered_t >= 0 && mk->unmet_t >= 0);
        assert_int_equal(by_demand[mk->demand], mk->delivered_t);
        /* complementary slackness of the delivery arc: a market partly served
         * is priced at its alternative, an unserved one at least there, a fully
         * served one at most there */
        if (mk->node == closed) /* compare closed its arcs: no slackness */
            ;
        else if (mk->delivered_t > 0 && mk->unmet_t > 0)
            assert_int_equal(mk->landed_cents_per_t, mk->alt_cents_per_t);
        else if (mk->unmet_t > 0)
            assert_true(mk->landed_cents_per_t >= mk->alt_cents_per_t);
        else if (mk->delivered_t > 0)
            assert_true(mk->landed_cents_per_t <= mk->alt_cents_per_t);
        bal[mk->node * np + mk->period] -= mk->delivered_t;
    }
    for (int32_t i = 0; i < p->n_flows; i++) {
        const gf_link *l = gf_model_link(m, p->flows[i].link);
        int32_t a = gf_model_arrival(m, p->flows[i].link, p->flows[i].period);
        assert_true(a >= 0);
        assert_true(l->capacity_t == GF_UNLIMITED || p->flows[i].t <= l->capacity_t);
        bal[l->from * np + p->flows[i].period] -= p->flows[i].t;
        bal[l->to * np + a] += p->flows[i].t;
        arr[l->to * np + a] += p->flows[i].t;
    }
    for (int32_t i = 0; i < p->n_stocks; i++) {
        const gf_plan_stock *s = &p->stocks[i];
        assert_true(s->t <= gf_model_node(m, s->node)->storage_t);
        bal[s->node * np + s->period] -= s->t;
        bal[s->node * np + (s->period + 1) % np] += s->t;
    }
    for (int32_t k = 0; k < nn * np; k++) {
        int64_t thr = gf_model_node(m, k / np)->throughput_t;
        if (bal[k] != 0)
            fail_msg("node %s period %d does not balance: %lld", gf_model_node(m, k / np)->id,
                     k % np + 1, (long long)bal[k]);
        assert_true(thr == GF_UNLIMITED || arr[k] <= thr);
    }
    for (int32_t i = 0; i < p->n_bottlenecks; i++) {
        assert_true(p->bottlenecks[i].shadow_cents_per_t > 0);
        assert_int_equal(p->bottlenecks[i].used_t, p->bottlenecks[i].capacity_t);
        if (i)
            assert_true(p->bottlenecks[i - 1].shadow_cents_per_t >=
                        p->bottlenecks[i].shadow_cents_per_t);
    }
    free(bal);
    free(arr);
    free(by_demand);
}

static void check_plan(const gf_plan *p)
{
    check_plan_without(p, -1);
}

static gf_plan *plan_of(const char *name, gf_model **m)
{
    char dir[256];
    gf_error err = {0};
    gf_plan *p;

    snprintf(dir, sizeof dir, "%s/%s", DATA, name);
    *m = gf_scenario_read_csv(dir, &err);
    if (!*m)
        fail_msg("%s:%ld:%ld: %s", err.input, err.line, err.column, err.msg);
    p = gf_plan_solve(*m, &err);
    if (!p)
        fail_msg("%s: %s", name, err.msg);
    check_plan(p);
    return p;
}

static const gf_plan_bottleneck *only_bottleneck(const gf_plan *p)
{
    assert_int_equal(p->n_bottlenecks, 1);
    return &p->bottlenecks[0];
}

/* tiny: O -rail 10.00, cap 100-> P (handling 2.00) -sea 20.00-> M, one period.
 * 150 t offered at 100.00; M wants 200 t, alternative 140.00. A delivered
 * tonne lands at 100 + 10 + 2 + 20 = 132 < 140, so the rail link is filled:
 * 100 t delivered, 100 t unmet. Total = 100 x 132 + 100 x 140 = 27,200.00.
 * The rail cap binds with shadow 140 - 132 = 8.00; M's marginal tonne is
 * bought elsewhere, so its dual landed cost is 140.00. */
static void test_plan_tiny_by_hand(void **state)
{
    gf_model *m;
    gf_plan *p = plan_of("tiny", &m);

    (void)state;
    assert_int_equal(p->cost.total, 2720000);
    assert_int_equal(p->cost.procurement, 1000000);
    assert_int_equal(p->cost.transport, 300000);
    assert_int_equal(p->cost.handling, 20000);
    assert_int_equal(p->cost.unmet, 1400000);
    assert_int_equal(p->delivered_t, 100);
    assert_int_equal(p->unmet_t, 100);
    assert_int_equal(only_bottleneck(p)->kind, GF_BOTTLENECK_LINK);
    assert_int_equal(only_bottleneck(p)->shadow_cents_per_t, 800);
    assert_int_equal(p->markets[0].landed_cents_per_t, 14000);
    /* CO2: 100 t x (1000 km x 0.02 + 2000 km x 0.01) kg/tkm = 4,000 kg */
    assert_true(fabs(p->co2_t - 4.0) < 1e-9);
    assert_int_equal(p->n_routes, 1);
    assert_int_equal(p->routes[0].cents_per_t, 13200);
    assert_true(fabs(p->routes[0].days - 7.0) < 1e-9);
    assert_true(fabs(p->routes[0].kg_co2_per_t - 40.0) < 1e-9);
    assert_int_equal(p->n_hubs, 1);
    assert_int_equal(p->hubs[0].throughput_t, 100);
    gf_plan_destroy(p);
    gf_model_destroy(m);
}

/* store: open horizon, 3 weekly periods. F -rail 5.00, 7 days (lag 1)-> H
 * (storage 50 t at 1.00/period) -road 3.00, 0 days (lag 0)-> M.
 * 100 t offered at F in period 1 only, at 50.00. M wants 30 t in period 1
 * (alt 60.00) and 80 t in period 3 (alt 70.00).
 * Grain leaving F in period 1 reaches H in period 2; nothing can reach M in
 * period 1 (open horizon: no wrap), so those 30 t are unmet (1,800.00). To
 * reach M in period 3 it must wait at H from period 2 to 3: 50 t at most.
 * Landed 50 + 5 + 1 + 3 = 59 < 70: 50 t go, 30 t unmet (2,100.00).
 * Total = 50 x 59 + 1,800 + 2,100 = 6,850.00; storage at H in period 2 binds
 * at 70 - 59 = 11.00. */
static void test_plan_storage_and_lags_open(void **state)
{
    gf_model *m;
    gf_plan *p = plan_of("store", &m);

    (void)state;
    assert_int_equal(p->cost.total, 685000);
    assert_int_equal(p->cost.storage, 5000);
    assert_int_equal(p->cost.unmet, 390000);
    assert_int_equal(p->delivered_t, 50);
    assert_int_equal(p->n_stocks, 1);
    assert_int_equal(p->stocks[0].period, 1);
    assert_int_equal(p->stocks[0].t, 50);
    assert_int_equal(only_bottleneck(p)->kind, GF_BOTTLENECK_STORAGE);
    assert_int_equal(only_bottleneck(p)->period, 1);
    assert_int_equal(only_bottleneck(p)->shadow_cents_per_t, 1100);
    assert_int_equal(p->hubs[0].peak_stock_t, 50);
    assert_int_equal(p->hubs[0].peak_period, 1);
    /* door to door: 7 days of rail + one week in store + 0 days of road */
    assert_int_equal(p->n_routes, 1);
    assert_true(fabs(p->routes[0].days - 14.0) < 1e-9);
    gf_plan_destroy(p);
    gf_model_destroy(m);
}

/* cyclic: 3 weekly periods, cyclic. F -sea 10.00, 10 days (lag 2)-> M, M
 * stores 20 t at 2.00/period. 60 t offered at F in period 3 only, at 100.00;
 * M wants 30 t in period 2 and 10 t in period 1, alt 150.00 both.
 * Leaving F in period 3 arrives in period 3 + 2 = 5, wrapped to period 2.
 * 30 t serve period 2 at 110.00; 10 t wait at M from 2 to 3 and from 3 to 1
 * (wrap) and serve period 1 at 114.00 < 150. 20 t stay unbought.
 * Total = 30 x 110 + 10 x 114 = 4,440.00, nothing unmet.
 * cyclic_open: the same with an open horizon: period 5 does not exist, so
 * nothing arrives: total = 40 x 150 = 6,000.00. */
static void test_plan_cyclic_wrap_and_open(void **state)
{
    gf_model *m;
    gf_plan *p = plan_of("cyclic", &m);

    (void)state;
    assert_int_equal(p->cost.total, 444000);
    assert_int_equal(p->cost.storage, 4000);
    assert_int_equal(p->cost.unmet, 0);
    assert_int_equal(p->delivered_t, 40);
    assert_int_equal(p->bought_t, 40);
    assert_int_equal(p->n_stocks, 2);
    assert_int_equal(p->n_flows, 1);
    assert_int_equal(p->flows[0].period, 2);
    assert_int_equal(p->flows[0].t, 40);
    gf_plan_destroy(p);
    gf_model_destroy(m);

    p = plan_of("cyclic_open", &m);
    assert_int_equal(p->cost.total, 600000);
    assert_int_equal(p->delivered_t, 0);
    assert_int_equal(p->n_flows, 0);
    assert_int_equal(p->n_routes, 0);
    gf_plan_destroy(p);
    gf_model_destroy(m);
}

/* hub: one period. F1 (100 t at 20.00) -rail 10-> H; F2 (100 t at 25.00)
 * -rail 6-> H; H (handling 4.00, throughput 70 t) -sea 30-> M; F2 -road 45->
 * M directly. M wants 150 t at 80.00.
 * Via H: from F1 20+10+4+30 = 64, from F2 25+6+4+30 = 65; F2 direct 70.
 * H takes 70 t, the cheapest (F1, 64); F2 sends the other 80 t direct (70).
 * Total = 70 x 64 + 80 x 70 = 10,080.00. H's throughput binds at 70 - 64 =
 * 6.00 (one more tonne through H replaces a direct F2 tonne).
 * Without H: F2 direct 100 t at 70 + 50 t unmet at 80 = 11,000.00.
 * Break-even fee: the 50 t that F2 cannot cover go through H while
 * 60 + fee < 80, so the highest fee at which H carries flow is 19.99 (20.00
 * is a tie that either answer may take). */
static void test_plan_throughput_and_compare(void **state)
{
    gf_model *m;
    gf_plan *p = plan_of("hub", &m);
    gf_plan_compare_result r = {0};
    gf_error err = {0};

    (void)state;
    assert_int_equal(p->cost.total, 1008000);
    assert_int_equal(p->cost.handling, 28000);
    assert_int_equal(only_bottleneck(p)->kind, GF_BOTTLENECK_THROUGHPUT);
    assert_int_equal(only_bottleneck(p)->shadow_cents_per_t, 600);
    assert_int_equal(p->n_market_sums, 1);
    assert_int_equal(p->market_sums[0].landed_cents, 1008000);
    gf_plan_destroy(p);

    assert_int_equal(gf_plan_compare(m, gf_model_find_node(m, "H"), &r, &err), GF_OK);
    check_plan(r.with);
    check_plan(r.without);
    assert_int_equal(r.with->cost.total, 1008000);
    assert_int_equal(r.without->cost.total, 1100000);
    assert_int_equal(r.without->delivered_t, 100);
    assert_true(r.without->warm);
    assert_true(r.has_breakeven);
    assert_true(r.breakeven_cents_per_t == 1999 || r.breakeven_cents_per_t == 2000);
    /* the parametric search (plan_compare.c): the closed solve, then one fee
     * per breakpoint of the cost; a bisection took more than 5 */
    assert_true(r.resolves >= 2 && r.resolves <= 4);
    gf_plan_compare_fini(&r);
    gf_model_destroy(m);
}

/* both_ways: A <-> B road, 5.00, cap 100 each way, listed once as A -> B with
 * both_ways = yes. Supply at B: 60 t and 40 t at 10.00 (one offer of 100 t)
 * and 50 t at 30.00; A wants 70 + 50 = 120 t at 50.00. Only the reverse link
 * B -> A can carry grain: 100 t of the cheap offer at 15.00 landed fill it;
 * 20 t are unmet. Total = 100 x 15 + 20 x 50 = 2,500.00; B -> A binds at
 * 50 - 15 = 35.00. */
static void test_plan_both_ways_and_offers(void **state)
{
    gf_model *m;
    gf_plan *p = plan_of("both_ways", &m);

    (void)state;
    assert_int_equal(p->cost.total, 250000);
    assert_int_equal(p->cost.procurement, 100000);
    assert_int_equal(p->unmet_t, 20);
    assert_int_equal(only_bottleneck(p)->shadow_cents_per_t, 3500);
    assert_true(gf_model_link(m, only_bottleneck(p)->ref)->reverse);
    gf_plan_destroy(p);
    gf_model_destroy(m);
}

/* scarce: O offers 100 t at 100.00; O -rail 10.00-> M; M wants 200 t at
 * 140.00. All 100 t are bought and delivered at 110.00, 100 t are unmet:
 * total = 100 x 110 + 100 x 140 = 25,000.00. Every offer is bought, so the
 * source's potential is not pinned down, but the answers are: one more tonne
 * needed at M is bought elsewhere (landed 140.00), and one more tonne offered
 * at O would replace an alternative tonne: 140 - 110 = 30.00 saved. */
static void test_plan_scarce_supply(void **state)
{
    gf_model *m;
    gf_plan *p = plan_of("scarce", &m);

    (void)state;
    assert_int_equal(p->cost.total, 2500000);
    assert_int_equal(p->markets[0].landed_cents_per_t, 14000);
    assert_int_equal(p->n_supply_limits, 1);
    assert_int_equal(p->supply_limits[0].bought_t, 100);
    assert_int_equal(p->supply_limits[0].shadow_cents_per_t, 3000);
    assert_int_equal(p->n_bottlenecks, 0);
    gf_plan_destroy(p);
    gf_model_destroy(m);
}

/* ---- random models against CLP ---- */

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

static gf_model *random_model(unsigned seed)
{
    gf_error err = {0};
    gf_model *m = gf_model_create(&err);
    int32_t np, nn;

    rng_state = 0x9E3779B97F4A7C15ull ^ ((uint64_t)seed * 0x100000001B3ull);
    np = 1 + (int32_t)rnd(4);
    nn = 2 + (int32_t)rnd(6);
    assert_int_equal(
        gf_model_set_horizon(m, np, 7, rnd(2) ? GF_HORIZON_OPEN : GF_HORIZON_CYCLIC, &err), GF_OK);
    for (int32_t i = 0; i < nn; i++) {
        char id[16];
        gf_node n = {0};
        snprintf(id, sizeof id, "N%d", i);
        n.id = id;
        n.kind = (gf_node_kind)rnd(6);
        n.handling_cents_per_t = rnd(3) ? rnd(500) : 0;
        n.throughput_t = rnd(4) ? GF_UNLIMITED : rnd(200);
        n.storage_t = rnd(3) ? 0 : rnd(100);
        n.storage_cents_per_t = rnd(300);
        assert_int_equal(gf_model_add_node(m, &n, NULL, &err), GF_OK);
    }
    for (int32_t k = 0, nl = nn + (int32_t)rnd((uint32_t)(2 * nn)); k < nl; k++) {
        gf_link l = {0};
        l.from = (int32_t)rnd((uint32_t)nn);
        l.to = (l.from + 1 + (int32_t)rnd((uint32_t)nn - 1)) % nn;
        l.mode = (gf_mode)rnd(5);
        l.distance_km = rnd(5000);
        l.cost_cents_per_t = rnd(3000);
        l.transit_days = rnd(3) ? rnd(20) : 0;
        l.capacity_t = rnd(2) ? GF_UNLIMITED : rnd(150);
        l.co2_kg_per_tkm = rnd(100) / 1000.0;
        assert_int_equal(gf_model_add_link(m, &l, rnd(4) == 0, &err), GF_OK);
    }
    for (int32_t k = 0, ns = 1 + (int32_t)rnd(5); k < ns; k++) {
        gf_supply s = {.node = (int32_t)rnd((uint32_t)nn),
                       .period = (int32_t)rnd((uint32_t)np + 1) - 1,
                       .t = rnd(200),
                       .price_cents_per_t = rnd(10000),
                       .line = 0};
        assert_int_equal(gf_model_add_supply(m, &s, &err), GF_OK);
    }
    for (int32_t k = 0, nd = 1 + (int32_t)rnd(5); k < nd; k++) {
        gf_demand d = {.node = (int32_t)rnd((uint32_t)nn),
                       .period = (int32_t)rnd((uint32_t)np + 1) - 1,
                       .t = rnd(200),
                       .alt_cents_per_t = rnd(20000),
                       .line = 0};
        assert_int_equal(gf_model_add_demand(m, &d, &err), GF_OK);
    }
    assert_int_equal(gf_model_finish(m, &err), GF_OK);
    return m;
}

/* The optimal cost in cents of m's LP (tests/support/model_lp.h), by CLP. */
static int64_t clp_cost(const gf_model *m)
{
    int64_t cost = 0;

    assert_int_equal(model_lp_clp_cost(m, &cost), 0);
    return cost;
}

static void test_plan_random_models_match_clp(void **state)
{
    (void)state;
    for (unsigned seed = 1; seed <= 300; seed++) {
        gf_error err = {0};
        gf_model *m = random_model(seed);
        gf_plan *p = gf_plan_solve(m, &err);
        int64_t want;
        if (!p)
            fail_msg("seed %u: %s", seed, err.msg);
        check_plan(p);
        want = clp_cost(m);
        if (p->cost.total != want)
            fail_msg("seed %u: plan %lld cents, CLP %lld cents", seed, (long long)p->cost.total,
                     (long long)want);
        gf_plan_destroy(p);
        gf_model_destroy(m);
    }
}

/* The network arc of a bottleneck. */
static int32_t bottleneck_arc(const gf_network *net, const gf_plan_bottleneck *b)
{
    int32_t k = b->ref * net->periods + b->period;

    return b->kind == GF_BOTTLENECK_LINK         ? net->link_arc[k]
           : b->kind == GF_BOTTLENECK_THROUGHPUT ? net->through_arc[k]
                                                 : net->storage_arc[k];
}

/* Total cost after changing one arc's capacity by delta (then restored). */
static int64_t cost_with_capacity(gf_network *net, int32_t e, int64_t delta)
{
    gf_error err = {0};
    gf_solution res = {0};
    int64_t up = net->upper[e], cost;

    assert_int_equal(gf_network_set_upper(net, e, up + delta, &err), GF_OK);
    assert_int_equal(gf_network_solve(net, &res, &err), GF_OK);
    assert_int_equal(res.status, GF_SOLVE_OPTIMAL);
    cost = res.objective_cents + net->constant_cents;
    assert_int_equal(gf_network_set_upper(net, e, up, &err), GF_OK);
    gf_solution_fini(&res);
    return cost;
}

/* A shadow price s of a capacity is a subgradient of the optimal cost f as a
 * function of that capacity c, whatever basis the solver ended in:
 * f(c + 1) >= f(c) - s and f(c - 1) >= f(c) + s, i.e. one more tonne of
 * capacity saves at most s and one tonne less costs at least s. Checked on
 * every bottleneck of the random models by re-solving with c +- 1. */
static void test_plan_shadow_prices_bound_capacity_changes(void **state)
{
    int n_checked = 0;

    (void)state;
    for (unsigned seed = 1; seed <= 150; seed++) {
        gf_error err = {0};
        gf_model *m = random_model(seed);
        gf_network *net = gf_network_build(m, &err);
        gf_solution res = {0};
        gf_plan *p;
        assert_non_null(net);
        assert_int_equal(gf_network_solve(net, &res, &err), GF_OK);
        p = gf_plan_extract(net, &res, &err);
        gf_solution_fini(&res);
        assert_non_null(p);
        for (int32_t i = 0; i < p->n_bottlenecks; i++) {
            const gf_plan_bottleneck *b = &p->bottlenecks[i];
            int32_t e = bottleneck_arc(net, b);
            int64_t f = p->cost.total, s = b->shadow_cents_per_t;
            assert_true(e >= 0);
            assert_int_equal(net->upper[e], b->capacity_t);
            if (cost_with_capacity(net, e, 1) < f - s)
                fail_msg("seed %u: one more tonne on bottleneck %d saves more than %lld", seed, i,
                         (long long)s);
            if (b->capacity_t > 0 && cost_with_capacity(net, e, -1) < f + s)
                fail_msg("seed %u: one tonne less on bottleneck %d costs less than %lld", seed, i,
                         (long long)s);
            n_checked++;
        }
        gf_plan_destroy(p);
        gf_network_destroy(net);
        gf_model_destroy(m);
    }
    assert_true(n_checked > 20);
}

/* Solve with d more tonnes needed at network node v (taken from the sink's
 * demand); *feasible says whether that can be met. Restores the supplies. */
static int64_t cost_with_need(gf_network *net, int32_t v, int64_t d, bool *feasible)
{
    gf_error err = {0};
    gf_solution res = {0};
    int64_t bv = net->supply[v], bk = net->supply[net->sink], cost;

    assert_int_equal(gf_network_set_supply(net, v, bv - d, &err), GF_OK);
    assert_int_equal(gf_network_set_supply(net, net->sink, bk + d, &err), GF_OK);
    assert_int_equal(gf_network_solve(net, &res, &err), GF_OK);
    *feasible = res.status == GF_SOLVE_OPTIMAL;
    assert_int_equal(gf_network_set_supply(net, v, bv, &err), GF_OK);
    assert_int_equal(gf_network_set_supply(net, net->sink, bk, &err), GF_OK);
    cost = res.objective_cents + net->constant_cents;
    gf_solution_fini(&res);
    return cost;
}

/* The landed cost L of a market-period, pi[out(m,t)] - pi[sink], is a
 * subgradient of the optimal cost in the tonnes needed there: forcing one
 * more tonne to be consumed at (m,t) costs at least L, and one tonne appearing
 * there saves at most L (each when it can be done at all). */
static void test_plan_landed_costs_bound_one_more_tonne(void **state)
{
    int n_checked = 0;

    (void)state;
    for (unsigned seed = 1; seed <= 150; seed++) {
        gf_error err = {0};
        gf_model *m = random_model(seed);
        gf_network *net = gf_network_build(m, &err);
        gf_solution res = {0};
        gf_plan *p;
        assert_non_null(net);
        assert_int_equal(gf_network_solve(net, &res, &err), GF_OK);
        p = gf_plan_extract(net, &res, &err);
        gf_solution_fini(&res);
        assert_non_null(p);
        for (int32_t i = 0; i < p->n_markets; i++) {
            const gf_plan_market *mk = &p->markets[i];
            int32_t v = net->tail[net->demand_arc[mk->demand]];
            int64_t f = p->cost.total, l = mk->landed_cents_per_t, g;
            bool ok;
            g = cost_with_need(net, v, 1, &ok);
            if (ok && g < f + l)
                fail_msg("seed %u market %d: one more tonne needed costs %lld < landed %lld", seed,
                         i, (long long)(g - f), (long long)l);
            n_checked += ok;
            g = cost_with_need(net, v, -1, &ok);
            if (ok && g < f - l)
                fail_msg("seed %u market %d: one tonne more there saves %lld > landed %lld", seed,
                         i, (long long)(f - g), (long long)l);
            n_checked += ok;
        }
        gf_plan_destroy(p);
        gf_network_destroy(net);
        gf_model_destroy(m);
    }
    assert_true(n_checked > 50);
}

/* Tonnes arriving at node over links in a fresh (cold) solve of m with the
 * node's handling fee set to fee. */
static int64_t inflow_at_fee(gf_model *m, int32_t node, int64_t fee)
{
    gf_error err = {0};
    int64_t old = gf_model_node(m, node)->handling_cents_per_t, t = 0;
    gf_plan *p;

    assert_int_equal(gf_model_set_handling(m, node, fee, &err), GF_OK);
    p = gf_plan_solve(m, &err);
    assert_non_null(p);
    for (int32_t i = 0; i < p->n_flows; i++)
        if (gf_model_link(m, p->flows[i].link)->to == node)
            t += p->flows[i].t;
    gf_plan_destroy(p);
    assert_int_equal(gf_model_set_handling(m, node, old, &err), GF_OK);
    return t;
}

/* Compare on random models: the "without" plan must equal a fresh solve of
 * the same model with the node cut off, and the with plan the plain solve. */
static void test_plan_compare_random_matches_cold(void **state)
{
    int n_breakeven = 0;

    (void)state;
    for (unsigned seed = 1; seed <= 100; seed++) {
        gf_error err = {0};
        gf_model *m = random_model(seed);
        gf_plan *p = gf_plan_solve(m, &err);
        gf_plan_compare_result r = {0};
        int32_t node = (int32_t)(seed % (unsigned)gf_model_node_count(m));
        assert_non_null(p);
        assert_int_equal(gf_plan_compare(m, node, &r, &err), GF_OK);
        check_plan(r.with);
        check_plan_without(r.without, node);
        assert_int_equal(r.with->cost.total, p->cost.total);
        assert_true(r.without->cost.total >= r.with->cost.total);
        /* every optimum carries flow below the break-even fee f* and none above
         * it; the search returns f* or the cent below it, so fee - 1 must carry
         * and fee + 2 must not, in solves that share nothing with compare's */
        if (r.has_breakeven) {
            n_breakeven++;
            if (r.breakeven_cents_per_t > 0)
                assert_true(inflow_at_fee(m, node, r.breakeven_cents_per_t - 1) > 0);
            assert_int_equal(inflow_at_fee(m, node, r.breakeven_cents_per_t + 2), 0);
        }
        for (int32_t i = 0; i < r.without->n_flows; i++) {
            const gf_link *l = gf_model_link(m, r.without->flows[i].link);
            assert_true(l->from != node && l->to != node);
        }
        gf_plan_compare_fini(&r);
        gf_plan_destroy(p);
        gf_model_destroy(m);
    }
    assert_true(n_breakeven > 10); /* the check above ran */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_tiny_by_hand),
        cmocka_unit_test(test_plan_storage_and_lags_open),
        cmocka_unit_test(test_plan_cyclic_wrap_and_open),
        cmocka_unit_test(test_plan_throughput_and_compare),
        cmocka_unit_test(test_plan_both_ways_and_offers),
        cmocka_unit_test(test_plan_scarce_supply),
        cmocka_unit_test(test_plan_random_models_match_clp),
        cmocka_unit_test(test_plan_compare_random_matches_cold),
        cmocka_unit_test(test_plan_shadow_prices_bound_capacity_changes),
        cmocka_unit_test(test_plan_landed_costs_bound_one_more_tonne),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
