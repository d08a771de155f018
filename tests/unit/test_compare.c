/* tests/unit/test_compare.c: compare's transit-only and remove modes, several
 * nodes closed together, and the break-even fee checked against cold solves.
 *
 * tests/data/port_transit, worked by hand (one period, $ per tonne):
 *   F offers 200 t at 20.00. P (a port, handling 5.00) wants 80 t itself at
 *   an alternative 60.00; M wants 100 t at 90.00. Links: F->P 10.00,
 *   F->P2 12.00, P->M 15.00, P2->M 14.00 (P2 handling 5.00), F->M 45.00.
 *   P's own 80 t land at 20 + 10 + 5 = 35; M's 100 t come through P at
 *   20 + 10 + 5 + 15 = 50 (through P2: 51, direct: 65).
 *   With: 80 x 35 + 100 x 50 = 7,800.00; P transships 100 t.
 *   Without P, transit only: P keeps its 80 t at 35, M goes through P2:
 *   2,800 + 5,100 = 7,900.00. Removed: P's 80 t cost the alternative 60:
 *   4,800 + 5,100 = 9,900.00, 100 t delivered.
 *   Without P and P2 (transit): M direct at 65: 2,800 + 6,500 = 9,300.00.
 *   Break-even, a fee f on P's transshipped tonnes in place of its 5.00:
 *   45 + f < 51 (through P2), so 5.99 (6.00 is the tie). P2 (P open):
 *   46 + f < 50, so 3.99, and P2 carries nothing at its 5.00 now. Removed P,
 *   f on every tonne arriving: its own tonnes pay while 30 + f < 60: 29.99.
 * SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "grainflow/network.h"
#include "grainflow/plan.h"
#include "grainflow/scenario.h"

#ifndef DATA
#define DATA "tests/data"
#endif

static gf_model *read_port(void)
{
    gf_error err = {0};
    gf_model *m = gf_scenario_read_csv(DATA "/port_transit", &err);

    if (!m)
        fail_msg("port_transit: %s", err.msg);
    return m;
}

static int32_t node(const gf_model *m, const char *id)
{
    int32_t n = gf_model_find_node(m, id);

    assert_true(n >= 0);
    return n;
}

static int32_t link_of(const gf_model *m, const char *from, const char *to)
{
    for (int32_t l = 0; l < gf_model_link_count(m); l++)
        if (gf_model_link(m, l)->from == node(m, from) && gf_model_link(m, l)->to == node(m, to))
            return l;
    fail_msg("no link %s -> %s", from, to);
    return -1;
}

static int64_t delivered_at(const gf_plan *p, int32_t n)
{
    for (int32_t i = 0; i < p->n_market_sums; i++)
        if (p->market_sums[i].node == n)
            return p->market_sums[i].delivered_t;
    return 0;
}

static int64_t flow_on(const gf_plan *p, int32_t link)
{
    int64_t t = 0;

    for (int32_t i = 0; i < p->n_flows; i++)
        if (p->flows[i].link == link)
            t += p->flows[i].t;
    return t;
}

static void test_compare_transit_keeps_own_demand(void **state)
{
    gf_model *m = read_port();
    int32_t p = node(m, "P");
    gf_plan_compare_result r = {0};
    gf_error err = {0};

    (void)state;
    assert_int_equal(gf_plan_compare_nodes(m, &p, 1, GF_COMPARE_TRANSIT, &r, &err), GF_OK);
    assert_int_equal(r.mode, GF_COMPARE_TRANSIT);
    assert_int_equal(r.with->cost.total, 780000);
    assert_int_equal(r.without->cost.total, 790000);
    assert_int_equal(delivered_at(r.without, p), 80); /* the port's own market stays */
    assert_int_equal(flow_on(r.without, link_of(m, "F", "P")), 80);
    assert_int_equal(flow_on(r.without, link_of(m, "P", "M")), 0);
    assert_int_equal(flow_on(r.without, link_of(m, "P2", "M")), 100);
    assert_int_equal(r.n_nodes, 1);
    assert_int_equal(r.nodes[0].through_t, 100);
    assert_true(r.nodes[0].has_breakeven);
    assert_int_equal(r.nodes[0].breakeven_cents_per_t, 599);
    assert_true(r.has_breakeven);
    assert_int_equal(r.breakeven_cents_per_t, 599);
    /* the parametric search: the closed solve and one or two fees */
    assert_true(r.resolves >= 2 && r.resolves <= 3);
    gf_plan_compare_fini(&r);
    gf_model_destroy(m);
}

static void test_compare_remove_takes_the_market_too(void **state)
{
    gf_model *m = read_port();
    int32_t p = node(m, "P");
    gf_plan_compare_result r = {0};
    gf_error err = {0};

    (void)state;
    assert_int_equal(gf_plan_compare_nodes(m, &p, 1, GF_COMPARE_REMOVE, &r, &err), GF_OK);
    assert_int_equal(r.without->cost.total, 990000);
    assert_int_equal(r.without->delivered_t, 100);
    assert_int_equal(delivered_at(r.without, p), 0);
    assert_int_equal(r.nodes[0].through_t, 180);
    assert_int_equal(r.nodes[0].breakeven_cents_per_t, 2999);
    gf_plan_compare_fini(&r);
    /* gf_plan_compare is the remove mode */
    assert_int_equal(gf_plan_compare(m, p, &r, &err), GF_OK);
    assert_int_equal(r.mode, GF_COMPARE_REMOVE);
    assert_int_equal(r.without->cost.total, 990000);
    gf_plan_compare_fini(&r);
    gf_model_destroy(m);
}

static void test_compare_several_nodes_close_together(void **state)
{
    gf_model *m = read_port();
    int32_t both[2] = {node(m, "P"), node(m, "P2")}, twice[2] = {both[0], both[0]};
    gf_plan_compare_result r = {0};
    gf_error err = {0};

    (void)state;
    assert_int_equal(gf_plan_compare_nodes(m, both, 2, GF_COMPARE_TRANSIT, &r, &err), GF_OK);
    assert_int_equal(r.without->cost.total, 930000);
    assert_int_equal(flow_on(r.without, link_of(m, "F", "M")), 100);
    assert_int_equal(r.n_nodes, 2);
    assert_int_equal(r.nodes[0].node, both[0]);
    assert_int_equal(r.nodes[0].breakeven_cents_per_t, 599);
    assert_int_equal(r.nodes[1].node, both[1]);
    assert_int_equal(r.nodes[1].through_t, 0); /* it starts below its own fee */
    assert_true(r.nodes[1].has_breakeven);
    assert_int_equal(r.nodes[1].breakeven_cents_per_t, 399);
    assert_int_equal(r.resolves, r.nodes[0].resolves + r.nodes[1].resolves);
    gf_plan_compare_fini(&r);
    assert_int_equal(gf_plan_compare_nodes(m, twice, 2, GF_COMPARE_TRANSIT, &r, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "node P is given twice"));
    assert_null(r.with);
    gf_model_destroy(m);
}

/* P2 -> M at 40.00: through P2 would be 20 + 12 + f + 40 >= 72 > 50 (P) even
 * at f = 0, so there is no break-even; F has supply and no arrivals. */
static void test_compare_no_transshipment_at_any_fee(void **state)
{
    gf_model *m = read_port();
    int32_t p2 = node(m, "P2"), f = node(m, "F");
    gf_plan_compare_result r = {0};
    gf_error err = {0};

    (void)state;
    assert_int_equal(gf_model_set_link_cost(m, link_of(m, "P2", "M"), 4000, &err), GF_OK);
    assert_int_equal(gf_plan_compare_nodes(m, &p2, 1, GF_COMPARE_TRANSIT, &r, &err), GF_OK);
    assert_false(r.nodes[0].has_breakeven);
    assert_false(r.has_breakeven);
    assert_int_equal(r.nodes[0].through_t, 0);
    assert_int_equal(r.without->cost.total, r.with->cost.total);
    gf_plan_compare_fini(&r);
    assert_int_equal(gf_plan_compare_nodes(m, &f, 1, GF_COMPARE_TRANSIT, &r, &err), GF_OK);
    assert_false(r.nodes[0].has_breakeven);
    assert_int_equal(r.without->cost.total, r.with->cost.total); /* its own supply ships */
    gf_plan_compare_fini(&r);
    gf_model_destroy(m);
}

/* A node with both supply and demand rows cannot be closed to transit only. */
static void test_compare_transit_refuses_supply_and_demand(void **state)
{
    static const char nodes[] = "id,name,country,kind,lat,lon\n"
                                "F,Farm,KZ,origin,50,60\n"
                                "P,Port,MA,port,33.6,-7.6\n"
                                "P2,Port two,MA,port,35.8,-5.8\n";
    static const char links[] = "from,to,mode,distance_km,cost_usd_per_t,transit_days\n"
                                "F,P,sea,6000,10.00,10\n"
                                "P,P2,sea,300,3.00,1\n";
    static const char supply[] = "node,t,price_usd_per_t\nF,100,20.00\nP,10,10.00\n";
    static const char demand[] = "node,t,alt_price_usd_per_t\nP,80,60.00\nP2,50,70.00\n";
    const gf_scenario_file files[] = {{"nodes.csv", nodes, sizeof nodes - 1},
                                      {"links.csv", links, sizeof links - 1},
                                      {"supply.csv", supply, sizeof supply - 1},
                                      {"demand.csv", demand, sizeof demand - 1}};
    gf_error err = {0};
    gf_model *m = gf_scenario_read_texts(files, 4, &err);
    int32_t p;
    gf_plan_compare_result r = {0};
    gf_network *net;
    bool departs = false;

    (void)state;
    if (!m)
        fail_msg("%s", err.msg);
    p = node(m, "P");
    assert_int_equal(gf_plan_compare_nodes(m, &p, 1, GF_COMPARE_TRANSIT, &r, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "node P has both supply and demand rows"));
    gf_error_clear(&err);
    net = gf_network_build(m, &err);
    assert_non_null(net);
    assert_int_equal(gf_network_close_transit(net, p, &err), GF_EINVAL);
    assert_int_equal(net->n_changed, 0);
    gf_error_clear(&err);
    assert_int_equal(gf_network_transit_side(net, node(m, "P2"), &departs, &err), GF_OK);
    assert_true(departs);
    assert_int_equal(gf_network_transit_side(net, node(m, "F"), &departs, &err), GF_OK);
    assert_false(departs);
    gf_network_destroy(net);
    assert_int_equal(gf_plan_compare_nodes(m, &p, 1, GF_COMPARE_REMOVE, &r, &err), GF_OK);
    gf_plan_compare_fini(&r);
    gf_model_destroy(m);
}

/* The total of a cold solve with P's transshipment fee at fee: P -> M
 * costs 15.00 + fee - 5.00 (a transshipped tonne pays fee instead of 5.00). */
static int64_t cold_total_at(gf_model *m, int64_t fee)
{
    gf_error err = {0};
    int32_t pm = link_of(m, "P", "M");
    int64_t total;
    gf_plan *p;

    assert_int_equal(gf_model_set_link_cost(m, pm, 1500 + fee - 500, &err), GF_OK);
    p = gf_plan_solve(m, &err);
    assert_non_null(p);
    total = p->cost.total;
    gf_plan_destroy(p);
    assert_int_equal(gf_model_set_link_cost(m, pm, 1500, &err), GF_OK);
    return total;
}

/* The fee found is the highest whole cent at which going through P is
 * strictly cheaper than not, by solves that share nothing with compare's. */
static void test_compare_breakeven_matches_cold_solves(void **state)
{
    gf_model *m = read_port();
    int32_t p = node(m, "P");
    gf_plan_compare_result r = {0};
    gf_error err = {0};
    int64_t b;

    (void)state;
    assert_int_equal(gf_plan_compare_nodes(m, &p, 1, GF_COMPARE_TRANSIT, &r, &err), GF_OK);
    b = r.nodes[0].breakeven_cents_per_t;
    assert_true(cold_total_at(m, b) < r.without->cost.total);
    assert_int_equal(cold_total_at(m, b + 1), r.without->cost.total);
    assert_int_equal(cold_total_at(m, b + 500), r.without->cost.total);
    assert_int_equal(cold_total_at(m, 500), r.with->cost.total);
    gf_plan_compare_fini(&r);
    gf_model_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare_transit_keeps_own_demand),
        cmocka_unit_test(test_compare_remove_takes_the_market_too),
        cmocka_unit_test(test_compare_several_nodes_close_together),
        cmocka_unit_test(test_compare_no_transshipment_at_any_fee),
        cmocka_unit_test(test_compare_transit_refuses_supply_and_demand),
        cmocka_unit_test(test_compare_breakeven_matches_cold_solves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
