/* tests/unit/test_lp.c: version-2 models solved through CLP/CBC (lp.h).
 *
 * Small cases worked by hand (departures rounding up, a hub that pays only
 * by consolidating small lots, milling yield, products sharing a link's
 * capacity, subsidies reported apart, alternative prices from alt_from),
 * version-1 scenarios against the network simplex, seeded random version-2
 * models against an independent GLPK MIP (tests/support/model_mip.c), the
 * interrupt flag, hub forcing, and every allocation failed in turn. Every
 * solve goes through check_result: the reported total equals the cost
 * recomputed here from the reported arrays, every node balances, every
 * capacity and departure row holds, and nothing moves through a closed hub.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "grainflow/alloc.h"
#include "grainflow/lp.h"
#include "grainflow/plan.h"
#include "grainflow/scenario.h"
#include "lp/lp_int.h" /* gf__lp_clp_*: the warm re-solves, white-box */
#include "support/failing_alloc.h"
#include "support/model_mip.h"
#include "support/tmpdir.h"

#ifndef DATA
#define DATA "tests/data"
#endif

/* ---- building models ---- */

static gf_model *new_model(int32_t periods, gf_horizon h)
{
    gf_error err = {0};
    gf_model *m = gf_model_create(&err);

    assert_non_null(m);
    assert_int_equal(gf_model_set_horizon(m, periods, 7, h, &err), 0);
    return m;
}

static int32_t add_product(gf_model *m, const char *id)
{
    gf_error err = {0};
    int32_t p = -1;

    if (gf_model_add_product(m, id, NULL, &p, &err))
        fail_msg("add_product %s: %s", id, err.msg);
    return p;
}

static int32_t add_node(gf_model *m, const char *id, int64_t handling, int64_t thr, int64_t storage,
                        int64_t fee)
{
    gf_error err = {0};
    int32_t i = -1;
    gf_node n = {.id = id,
                 .name = id,
                 .country = "KZ",
                 .kind = GF_NODE_PORT,
                 .handling_cents_per_t = handling,
                 .throughput_t = thr,
                 .storage_t = storage,
                 .storage_cents_per_t = fee};

    if (gf_model_add_node(m, &n, &i, &err))
        fail_msg("add_node %s: %s", id, err.msg);
    return i;
}

typedef struct link_spec {
    int32_t from, to;
    int64_t cost, cap, vessel, departure, subsidy;
    double days;
    uint64_t mask;
    bool both;
} link_spec;

static void add_link(gf_model *m, link_spec s)
{
    gf_error err = {0};
    gf_link l = {.from = s.from,
                 .to = s.to,
                 .mode = s.vessel ? GF_MODE_SEA : GF_MODE_RAIL,
                 .distance_km = 100,
                 .cost_cents_per_t = s.cost,
                 .transit_days = s.days,
                 .capacity_t = s.cap ? s.cap : GF_UNLIMITED,
                 .products_mask = s.mask,
                 .vessel_t = s.vessel,
                 .departure_cents = s.vessel ? s.departure : 0,
                 .subsidy_cents_per_t = s.subsidy};

    if (gf_model_add_link(m, &l, s.both, &err))
        fail_msg("add_link: %s", err.msg);
}

static void add_supply(gf_model *m, int32_t node, int32_t period, int32_t product, int64_t t,
                       int64_t price)
{
    gf_error err = {0};
    gf_supply s = {
        .node = node, .period = period, .t = t, .price_cents_per_t = price, .product = product};

    if (gf_model_add_supply(m, &s, &err))
        fail_msg("add_supply: %s", err.msg);
}

static void add_demand(gf_model *m, int32_t node, int32_t period, int32_t product, int64_t t,
                       int64_t alt)
{
    gf_error err = {0};
    gf_demand d = {
        .node = node, .period = period, .t = t, .alt_cents_per_t = alt, .product = product};

    if (gf_model_add_demand(m, &d, &err))
        fail_msg("add_demand: %s", err.msg);
}

static void add_hub(gf_model *m, int32_t node, const char *name, int64_t fixed_year, int64_t thr,
                    int64_t storage)
{
    gf_error err = {0};
    gf_hub_option o = {.node = node,
                       .fixed_cents_per_year = fixed_year,
                       .throughput_t = thr,
                       .storage_t = storage};

    snprintf(o.option, sizeof o.option, "%s", name);
    if (gf_model_add_hub_option(m, &o, &err))
        fail_msg("add_hub_option: %s", err.msg);
}

static void add_conversion(gf_model *m, int32_t node, int32_t from, int32_t to, double yield,
                           int64_t cost, int64_t cap)
{
    gf_error err = {0};
    gf_conversion c = {.node = node,
                       .from_product = from,
                       .to_product = to,
                       .yield = yield,
                       .cost_cents_per_t = cost,
                       .capacity_t = cap};

    if (gf_model_add_conversion(m, &c, &err))
        fail_msg("add_conversion: %s", err.msg);
}

static void finish(gf_model *m)
{
    gf_error err = {0};

    if (gf_model_finish(m, &err))
        fail_msg("finish: %s", err.msg);
}

/* ---- checking a result ---- */

static size_t ix3(const gf_lp_result *r, int32_t i, int32_t t, int32_t p)
{
    return ((size_t)i * (size_t)r->periods + (size_t)t) * (size_t)r->products + (size_t)p;
}

/* How far rounding every reported figure to the milli-tonne can move the
 * cost: half a kilogram times each nonzero figure's rate, summed. */
static double slack;

static double add_term(double mt, double rate)
{
    if (mt != 0)
        slack += 0.0005 * fabs(rate);
    return mt / 1000 * rate;
}

/* The total cost recomputed here, in double cents, from the arrays; sets
 * slack. */
static double recompute(const gf_model *m, const gf_lp_result *r)
{
    double c = 0;

    slack = 0;

    for (int32_t i = 0; i < r->n_supply; i++)
        c += add_term((double)r->bought_mt[i], (double)gf_model_supply(m, i)->price_cents_per_t);
    for (int32_t j = 0; j < r->n_demand; j++) {
        const gf_demand *d = gf_model_demand(m, j);
        c += (double)d->t * (double)d->alt_cents_per_t -
             add_term((double)r->delivered_mt[j], (double)d->alt_cents_per_t);
    }
    for (int32_t l = 0; l < r->n_links; l++) {
        const gf_link *lk = gf_model_link(m, l);
        double rate = (double)(lk->cost_cents_per_t - lk->subsidy_cents_per_t +
                               gf_model_node(m, lk->to)->handling_cents_per_t);
        for (int32_t t = 0; t < r->periods; t++) {
            for (int32_t p = 0; p < r->products; p++)
                c += add_term((double)r->flow_mt[ix3(r, l, t, p)], rate);
            c += (double)r->departures[l * r->periods + t] * (double)lk->departure_cents;
        }
    }
    for (int32_t n = 0; n < r->n_nodes; n++) {
        for (int32_t t = 0; t < r->periods; t++)
            for (int32_t p = 0; p < r->products; p++)
                c += add_term((double)r->stock_mt[ix3(r, n, t, p)],
                              (double)gf_model_node(m, n)->storage_cents_per_t);
        if (r->hub_option[n] >= 0)
            c += (double)gf_model_hub_fixed_cents(m, r->hub_option[n]);
    }
    for (int32_t k = 0; k < r->n_conversions; k++)
        for (int32_t t = 0; t < r->periods; t++)
            c += add_term((double)r->convert_mt[k * r->periods + t],
                          (double)gf_model_conversion(m, k)->cost_cents_per_t);
    return c;
}

/* Balance of node n, period t, product p in milli-tonnes (in - out). */
static double balance(const gf_model *m, const gf_lp_result *r, int32_t n, int32_t t, int32_t p)
{
    double b = 0;
    int32_t P = r->periods, prev = t > 0 ? t - 1 : P - 1;

    for (int32_t l = 0; l < r->n_links; l++) {
        const gf_link *lk = gf_model_link(m, l);
        if (lk->from == n)
            b -= (double)r->flow_mt[ix3(r, l, t, p)];
        for (int32_t s = 0; s < P; s++)
            if (lk->to == n && gf_model_arrival(m, l, s) == t)
                b += (double)r->flow_mt[ix3(r, l, s, p)];
    }
    b -= (double)r->stock_mt[ix3(r, n, t, p)];
    if (!(gf_model_horizon(m) == GF_HORIZON_OPEN && t == 0))
        b += (double)r->stock_mt[ix3(r, n, prev, p)];
    for (int32_t i = 0; i < r->n_supply; i++) {
        const gf_supply *s = gf_model_supply(m, i);
        if (s->node == n && s->period == t && s->product == p)
            b += (double)r->bought_mt[i];
    }
    for (int32_t j = 0; j < r->n_demand; j++) {
        const gf_demand *d = gf_model_demand(m, j);
        if (d->node == n && d->period == t && d->product == p)
            b -= (double)r->delivered_mt[j];
    }
    for (int32_t k = 0; k < r->n_conversions; k++) {
        const gf_conversion *cv = gf_model_conversion(m, k);
        double in = (double)r->convert_mt[k * P + t];
        if (cv->node != n)
            continue;
        if (cv->from_product == p)
            b -= in;
        if (cv->to_product == p)
            b += in * cv->yield;
    }
    return b;
}

static void check_links(const gf_model *m, const gf_lp_result *r)
{
    for (int32_t l = 0; l < r->n_links; l++) {
        const gf_link *lk = gf_model_link(m, l);
        for (int32_t t = 0; t < r->periods; t++) {
            int64_t sum = 0, cap = gf_model_link_capacity_at(m, l, t);
            for (int32_t p = 0; p < r->products; p++) {
                sum += r->flow_mt[ix3(r, l, t, p)];
                if (!gf_model_link_carries(m, l, p))
                    assert_int_equal(r->flow_mt[ix3(r, l, t, p)], 0);
            }
            if (cap != GF_UNLIMITED)
                assert_true(sum <= cap * 1000 + 1);
            if (lk->vessel_t > 0)
                assert_true(sum <= r->departures[l * r->periods + t] * lk->vessel_t * 1000 + 1);
            else
                assert_int_equal(r->departures[l * r->periods + t], 0);
            if ((r->hub_option[lk->from] < 0 && gf_model_is_hub(m, lk->from)) ||
                (r->hub_option[lk->to] < 0 && gf_model_is_hub(m, lk->to)))
                assert_int_equal(sum, 0); /* a closed hub: nothing in or out */
        }
    }
}

/* Everything a reported plan must satisfy; see the top of this file. */
static void check_result(const gf_model *m, const gf_lp_result *r)
{
    gf_lp_costs c = {0};
    gf_error err = {0};
    double again = recompute(m, r);

    assert_true(r->has_plan);
    assert_int_equal(gf_lp_plan_costs(m, r, &c, &err), 0);
    assert_memory_equal(&c, &r->cost, sizeof c);
    assert_int_equal(c.total, c.purchases + c.link - c.subsidy + c.handling + c.storage +
                                  c.conversion + c.departures + c.hub_fixed + c.alternative);
    if (fabs(again - (double)c.total) > 1.0)
        fail_msg("reported total %lld, recomputed %.3f", (long long)c.total, again);
    /* the solver's objective differs from the reported total only by the
     * rounding of the figures to the milli-tonne (integral plans: not at all) */
    if (r->status == GF_LP_OPTIMAL && !r->relaxed &&
        fabs(r->solver_objective_cents - (double)c.total) > slack + 1.0)
        fail_msg("solver objective %.3f, reported total %lld (rounding allows %.3f)",
                 r->solver_objective_cents, (long long)c.total, slack + 1.0);
    for (int32_t n = 0; n < r->n_nodes; n++)
        for (int32_t t = 0; t < r->periods; t++)
            for (int32_t p = 0; p < r->products; p++)
                if (fabs(balance(m, r, n, t, p)) > 3.0)
                    fail_msg("node %d period %d product %d: off by %.1f kg", n, t, p,
                             balance(m, r, n, t, p));
    check_links(m, r);
    assert_true(r->gap_cents >= 0);
    if (r->status == GF_LP_OPTIMAL && !r->relaxed)
        assert_true(r->gap_cents <= 2.0);
}

static void solve(const gf_model *m, const gf_lp_options *o, gf_lp_result *r)
{
    gf_error err = {0};

    if (gf_lp_solve_model(m, o, r, &err))
        fail_msg("gf_lp_solve_model: %s", err.msg);
    if (r->has_plan)
        check_result(m, r);
}

/* ---- worked by hand ---- */

/* F -> M by sea, vessel 1000 t at USD 500 a departure, USD 10/t freight,
 * 1001 t offered at USD 100 and wanted. With the alternative at USD 200,
 * the 1001st tonne would cost 110 + a whole USD 500 departure: it is left
 * to the alternative (1 departure). At USD 700 it pays: 2 departures. */
static void test_lp_departure_rounds_up(void **state)
{
    int64_t alts[2] = {20000, 70000};
    int64_t want[2] = {1000 * 11000 + 50000 + 20000, 1001 * 11000 + 2 * 50000};
    int64_t deps[2] = {1, 2}, deliv[2] = {1000000, 1001000};

    (void)state;
    for (int i = 0; i < 2; i++) {
        gf_model *m = new_model(1, GF_HORIZON_CYCLIC);
        gf_lp_result r = {0};
        int32_t f = add_node(m, "F", 0, GF_UNLIMITED, 0, 0);
        int32_t mk = add_node(m, "M", 0, GF_UNLIMITED, 0, 0);
        add_link(
            m, (link_spec){.from = f, .to = mk, .cost = 1000, .vessel = 1000, .departure = 50000});
        add_supply(m, f, 0, 0, 1001, 10000);
        add_demand(m, mk, 0, 0, 1001, alts[i]);
        finish(m);
        assert_int_equal(gf_lp_model_kind(m), GF_LP_KIND_MIP);
        solve(m, NULL, &r);
        assert_int_equal(r.status, GF_LP_OPTIMAL);
        assert_true(r.is_mip);
        assert_int_equal(r.cost.total, want[i]);
        assert_int_equal(r.departures[0], deps[i]);
        assert_int_equal(r.delivered_mt[0], deliv[i]);
        assert_int_equal(r.cost.departures, deps[i] * 50000);
        gf_lp_result_fini(&r);
        gf_model_destroy(m);
    }
}

/* Lot sizing (src/lp/lp_cuts.c). Four cyclic weeks; F offers 100 t a week
 * at USD 100; M wants 25 t a week (alternative USD 300) and stores up to
 * 100 t at USD 1/t a week; F -> M by sea in the same week, USD 10/t and
 * USD 1,000 a departure of up to 100 t. Best: one full ship, three weeks'
 * demand stored (75 + 50 + 25 t-weeks):
 *   10,000 + 1,000 + 1,000 + 150 = USD 12,150.
 * The relaxation sends a quarter ship a week and stores nothing: USD
 * 12,000. The lot-sizing rows bind (x <= 25 n + stock is violated by a
 * quarter ship) and lift it towards 12,150, never above. */
static gf_model *lot_model(bool forward)
{
    gf_model *m = new_model(4, GF_HORIZON_CYCLIC);
    int32_t f = add_node(m, "F", 0, GF_UNLIMITED, 0, 0);
    int32_t mk = add_node(m, "M", 0, GF_UNLIMITED, 100, 100);

    add_link(m, (link_spec){.from = f, .to = mk, .cost = 1000, .vessel = 100, .departure = 100000});
    for (int32_t t = 0; t < 4; t++) {
        add_supply(m, f, t, 0, 100, 10000);
        add_demand(m, mk, t, 0, forward ? 10 : 25, 30000);
    }
    if (forward) {
        int32_t l = add_node(m, "L", 0, GF_UNLIMITED, 0, 0);
        add_link(m, (link_spec){.from = mk, .to = l, .cost = 500});
        add_demand(m, l, 0, 0, 60, 30000);
    }
    finish(m);
    return m;
}

static void test_lp_lotsizing_rows_bind(void **state)
{
    gf_model *m = lot_model(false);
    gf_lp_result r = {0}, plain = {0};
    gf_lp_options o;

    (void)state;
    gf_lp_options_init(&o);
    o.lot_sizing = true;
    o.no_rounding_rows = true; /* the lot-sizing rows alone */
    solve(m, &o, &r);
    assert_int_equal(r.status, GF_LP_OPTIMAL);
    assert_int_equal(r.cost.total, 1215000);
    assert_int_equal(r.cost.storage, 15000);
    assert_true(r.n_cuts > 0);
    /* the rows lift the relaxation above the plain one (1,200,000), to at
     * most the optimum */
    assert_true(r.relaxation_cents > 1200000 + 1000);
    assert_true(r.relaxation_cents <= 1215000 + 1e-3);
    o.lot_sizing = false; /* no rows of either family */
    solve(m, &o, &plain);
    assert_int_equal(plain.n_cuts, 0);
    assert_true(fabs(plain.relaxation_cents - 1200000) < 1e-3);
    assert_int_equal(plain.cost.total, 1215000);
    gf_lp_result_fini(&r);
    gf_lp_result_fini(&plain);
    gf_model_destroy(m);
}

/* Where the rows must not cut the optimum off: M forwards what it does not
 * use. M wants 10 t a week and L (no silo, by rail from M at USD 5/t in the
 * same week) 60 t in week 1. Best: one full ship in week 1, 60 t on to L,
 * 30 t stored for M's next weeks (30 + 20 + 10 t-weeks):
 *   10,000 + 1,000 + 1,000 + 300 + 60 = USD 12,360.
 * Week 1's row is then tight only with M's departures on its right-hand
 * side (x = 100 <= 10 n + stock 30 + out 60); without them it would cut
 * this plan off. */
static void test_lp_lotsizing_rows_keep_forwarding(void **state)
{
    gf_model *m = lot_model(true);
    gf_lp_result r = {0}, plain = {0};
    gf_lp_options o;
    double glpk = 0;

    (void)state;
    gf_lp_options_init(&o);
    o.lot_sizing = true;
    solve(m, &o, &r);
    assert_int_equal(r.status, GF_LP_OPTIMAL);
    assert_int_equal(r.cost.total, 1236000);
    assert_int_equal(r.departures[0], 1);
    assert_int_equal(r.flow_mt[1 * 4 + 0], 60000);
    assert_true(r.n_cuts > 0);
    solve(m, NULL, &plain);
    assert_int_equal(plain.cost.total, 1236000);
    assert_int_equal(model_mip_glpk(m, NULL, &glpk), 0);
    assert_true(fabs(glpk - 1236000) < 1.0);
    gf_lp_result_fini(&r);
    gf_lp_result_fini(&plain);
    gf_model_destroy(m);
}

/* Departure-count rounding rows (src/lp/lp_cuts.c). lot_model's F and
 * link, but M wants 30 t a week over the four cyclic weeks: 120 t, 1.2
 * ships. The relaxation sends 0.3 of a ship a week: 12,000 + 1,200 +
 * 1,200 = USD 14,400. A whole number of ships: two of 60 t in weeks 1
 * and 3, a week's demand stored after each (30 + 30 t-weeks): 12,000 +
 * 1,200 + 2,000 + 60 = USD 15,260 (one ship and 20 t from the alternative
 * costs USD 18,120). The row over the whole cycle, S <= 80 + 20 N (D =
 * 120 = 1 x 100 + 20), binds at N = 1.2 and lifts the relaxation towards
 * 15,260; no window shorter than the cycle (the lot-sizing rows) sees
 * that 120 t need two ships. */
static gf_model *round_model(void)
{
    gf_model *m = new_model(4, GF_HORIZON_CYCLIC);
    int32_t f = add_node(m, "F", 0, GF_UNLIMITED, 0, 0);
    int32_t mk = add_node(m, "M", 0, GF_UNLIMITED, 100, 100);

    add_link(m, (link_spec){.from = f, .to = mk, .cost = 1000, .vessel = 100, .departure = 100000});
    for (int32_t t = 0; t < 4; t++) {
        add_supply(m, f, t, 0, 100, 10000);
        add_demand(m, mk, t, 0, 30, 30000);
    }
    finish(m);
    return m;
}

static void test_lp_rounding_rows_bind(void **state)
{
    gf_model *m = round_model();
    gf_lp_result r = {0}, plain = {0}, lot = {0};
    gf_lp_options o;
    double glpk = 0;

    (void)state;
    solve(m, NULL, &r); /* the default: rounding rows on */
    assert_int_equal(r.status, GF_LP_OPTIMAL);
    assert_int_equal(r.cost.total, 1526000);
    assert_int_equal(r.cost.departures, 200000);
    assert_int_equal(r.cost.storage, 6000);
    assert_true(r.n_cuts > 0);
    /* lifted from 1,440,000 by more than USD 500, never above the optimum */
    assert_true(r.relaxation_cents > 1440000 + 50000);
    assert_true(r.relaxation_cents <= 1526000 + 1e-3);
    gf_lp_options_init(&o);
    o.no_rounding_rows = true;
    solve(m, &o, &plain);
    assert_int_equal(plain.n_cuts, 0);
    assert_true(fabs(plain.relaxation_cents - 1440000) < 1e-3);
    assert_int_equal(plain.cost.total, 1526000);
    o.lot_sizing = true;
    solve(m, &o, &lot); /* the windows of lot sizing lift it less */
    assert_true(lot.relaxation_cents < r.relaxation_cents - 1000);
    assert_int_equal(model_mip_glpk(m, NULL, &glpk), 0);
    assert_true(fabs(glpk - 1526000) < 1.0);
    gf_lp_result_fini(&r);
    gf_lp_result_fini(&plain);
    gf_lp_result_fini(&lot);
    gf_model_destroy(m);
}

/* Where the rows must not cut the optimum off: lot_model(true), M
 * forwarding 60 t to L. Over the cycle M wants 40 t, so without M's
 * departures the row would read S <= 40 N and cut off the optimum's one
 * full ship (S = 100, N = 1); with them it reads S - out <= 40 N, tight
 * there (100 - 60 = 40). */
static void test_lp_rounding_rows_keep_forwarding(void **state)
{
    gf_model *m = lot_model(true);
    gf_lp_result r = {0};
    gf_lp_options o;

    (void)state;
    gf_lp_options_init(&o);
    o.lot_sizing = true; /* and the rounding rows, on by default */
    solve(m, &o, &r);
    assert_int_equal(r.status, GF_LP_OPTIMAL);
    assert_int_equal(r.cost.total, 1236000);
    assert_int_equal(r.departures[0], 1);
    assert_int_equal(r.flow_mt[1 * 4 + 0], 60000);
    assert_true(r.relaxation_cents <= 1236000 + 1e-3);
    gf_lp_result_fini(&r);
    gf_model_destroy(m);
}

/* Reduced-cost fixing (lp_solve.c's fix_by_cost). F -> M on lane A
 * (vessel 1000 t, USD 500 a departure, USD 10/t) and lane B (vessel 1 t,
 * USD 1 a departure, USD 10.50/t); 1001 t offered at USD 100, wanted at
 * USD 700. The relaxation fills 1.001 ships on A at USD 10.50/t all in
 * (110,110 + 500.50 = USD 110,610.50) and leaves B's departures at 0
 * with a reduced cost of USD 1. The optimum sends the 1001st tonne on
 * B: 110,000 + 500 + 110.50 + 1 = USD 110,611.50, exactly the
 * relaxation plus B's reduced cost, so the rule must not fix B (the
 * margin is on the side of not fixing). With lane C, at USD 5,000 a
 * departure, the relaxation's reduced cost on C's departures (USD
 * 5,000) is far above any gap: C is fixed and the optimum stays. */
static gf_model *fixing_model(bool lane_c)
{
    gf_model *m = new_model(1, GF_HORIZON_CYCLIC);
    int32_t f = add_node(m, "F", 0, GF_UNLIMITED, 0, 0);
    int32_t mk = add_node(m, "M", 0, GF_UNLIMITED, 0, 0);

    add_link(m, (link_spec){.from = f, .to = mk, .cost = 1000, .vessel = 1000, .departure = 50000});
    add_link(m, (link_spec){.from = f, .to = mk, .cost = 1050, .vessel = 1, .departure = 100});
    if (lane_c)
        add_link(
            m, (link_spec){.from = f, .to = mk, .cost = 900, .vessel = 1000, .departure = 500000});
    add_supply(m, f, 0, 0, 1001, 10000);
    add_demand(m, mk, 0, 0, 1001, 70000);
    finish(m);
    return m;
}

static void test_lp_cost_fixing_keeps_needed_column(void **state)
{
    gf_model *m = fixing_model(false);
    gf_lp_result r = {0};

    (void)state;
    solve(m, NULL, &r);
    assert_int_equal(r.status, GF_LP_OPTIMAL);
    assert_true(fabs(r.relaxation_cents - 11061050) < 1e-3);
    assert_int_equal(r.cost.total, 11061150);
    assert_int_equal(r.departures[0], 1);
    assert_int_equal(r.departures[1], 1); /* B's departure, not fixed away */
    gf_lp_result_fini(&r);
    gf_model_destroy(m);
}

static void test_lp_cost_fixing_fixes_and_bounds(void **state)
{
    gf_model *m = fixing_model(true);
    gf_lp_result r = {0}, off = {0}, gap = {0};
    gf_lp_options o;
    double glpk = 0;

    (void)state;
    solve(m, NULL, &r);
    assert_int_equal(r.status, GF_LP_OPTIMAL);
    assert_true(r.n_fixed >= 1); /* lane C's departures */
    assert_int_equal(r.cost.total, 11061150);
    assert_int_equal(r.departures[2], 0);
    gf_lp_options_init(&o);
    o.no_cost_fixing = true;
    solve(m, &o, &off);
    assert_int_equal(off.n_fixed, 0);
    assert_int_equal(off.cost.total, 11061150);
    assert_int_equal(model_mip_glpk(m, NULL, &glpk), 0);
    assert_true(fabs(glpk - 11061150) < 1.0);
    /* with a tolerance the bound reported still holds for every plan,
     * those CBC no longer sees (lane C's) included */
    gf_lp_options_init(&o);
    o.gap_share = 0.01;
    solve(m, &o, &gap);
    assert_true(gap.n_fixed >= 1);
    assert_true(gap.status == GF_LP_WITHIN_GAP || gap.status == GF_LP_OPTIMAL);
    assert_true(gap.bound_cents <= glpk + 1e-3);
    assert_true((double)gap.cost.total - glpk <= gap.gap_cents + 1);
    gf_lp_result_fini(&r);
    gf_lp_result_fini(&off);
    gf_lp_result_fini(&gap);
    gf_model_destroy(m);
}

/* gap_share: CBC may stop within 1% of the saving; the result says
 * within_gap, never optimal, with a bound no higher than the optimum and a
 * plan no further from it than the gap it reports. */
static void test_lp_gap_share_within(void **state)
{
    gf_model *m = lot_model(false);
    gf_lp_result r = {0};
    gf_lp_options o;

    (void)state;
    gf_lp_options_init(&o);
    o.gap_share = 0.01;
    solve(m, &o, &r);
    assert_int_equal(r.status, GF_LP_WITHIN_GAP);
    assert_string_equal(gf_lp_status_name(r.status), "within_gap");
    assert_true(r.has_plan);
    assert_int_equal(r.alt_all_cents, 3000000);
    assert_true(r.bound_cents <= 1215000 + 1e-3);
    assert_true((double)r.cost.total - 1215000 <= r.gap_cents + 1);
    assert_true(r.gap_cents <= 0.01 * (double)(r.alt_all_cents - r.cost.total));
    gf_lp_result_fini(&r);
    gf_model_destroy(m);
}

/* A and B offer 300 t each for M (600 t wanted). Direct: two ships of 1000 t
 * each sailing a third full, USD 10/t + USD 1,000 a departure: 600 x 1000 +
 * 2 x 100,000 = 800,000 cents. Through hub H: rail feeders at USD 5/t, one
 * full-ish ship H -> M at USD 5/t + one departure: 600 x 1000 + 100,000 +
 * fixed. The hub pays only when its fixed cost is under USD 1,000. */
static gf_model *consolidation_model(int64_t fixed_year)
{
    gf_model *m = new_model(1, GF_HORIZON_CYCLIC);
    int32_t a = add_node(m, "A", 0, GF_UNLIMITED, 0, 0);
    int32_t b = add_node(m, "B", 0, GF_UNLIMITED, 0, 0);
    int32_t h = add_node(m, "H", 0, GF_UNLIMITED, 0, 0);
    int32_t mk = add_node(m, "M", 0, GF_UNLIMITED, 0, 0);

    add_link(m,
             (link_spec){.from = a, .to = mk, .cost = 1000, .vessel = 1000, .departure = 100000});
    add_link(m,
             (link_spec){.from = b, .to = mk, .cost = 1000, .vessel = 1000, .departure = 100000});
    add_link(m, (link_spec){.from = a, .to = h, .cost = 500});
    add_link(m, (link_spec){.from = b, .to = h, .cost = 500});
    add_link(m, (link_spec){.from = h, .to = mk, .cost = 500, .vessel = 1000, .departure = 100000});
    add_supply(m, a, 0, 0, 300, 10000);
    add_supply(m, b, 0, 0, 300, 10000);
    add_demand(m, mk, 0, 0, 600, 90000);
    add_hub(m, h, "silo", fixed_year, 1000, 0);
    finish(m);
    return m;
}

static void run_hub_pays_by_consolidating(void **state)
{
    /* 2,607,143 cents a year over 7 days = 50,000.003 -> 50,000 cents */
    gf_model *m = consolidation_model(2607143);
    gf_lp_result r = {0};
    gf_lp_options o;
    int32_t force[4] = {GF_LP_HUB_FREE, GF_LP_HUB_FREE, GF_LP_HUB_CLOSED, GF_LP_HUB_FREE};
    int32_t h = gf_model_find_node(m, "H");

    (void)state;
    assert_int_equal(gf_model_hub_fixed_cents(m, 0), 50000);
    solve(m, NULL, &r);
    assert_int_equal(r.status, GF_LP_OPTIMAL);
    assert_int_equal(r.hub_option[h], 0);
    assert_int_equal(r.cost.total, 6000000 + 600000 + 100000 + 50000);
    assert_int_equal(r.cost.hub_fixed, 50000);
    assert_int_equal(r.departures[4 * 1 + 0], 1);
    /* the site analysis: the same model without the hub */
    gf_lp_options_init(&o);
    o.hub_force = force;
    solve(m, &o, &r);
    assert_int_equal(r.status, GF_LP_OPTIMAL);
    assert_int_equal(r.hub_option[h], -1);
    assert_int_equal(r.cost.total, 6000000 + 600000 + 200000);
    gf_lp_result_fini(&r);
    gf_model_destroy(m);

    /* at USD 1,500 for the horizon the hub no longer pays */
    m = consolidation_model(7821429); /* x 7 / 365 = 150,000.01 */
    solve(m, NULL, &r);
    assert_int_equal(r.status, GF_LP_OPTIMAL);
    assert_int_equal(r.hub_option[h], -1);
    assert_int_equal(r.cost.total, 6000000 + 600000 + 200000);
    /* forced open it costs its fixed cost minus the departure it saves */
    force[h] = GF_LP_HUB_OPEN;
    o.hub_force = force;
    solve(m, &o, &r);
    assert_int_equal(r.hub_option[h], 0);
    assert_int_equal(r.cost.total, 6000000 + 600000 + 100000 + 150000);
    gf_lp_result_fini(&r);
    gf_model_destroy(m);
}

static void test_lp_hub_pays_by_consolidating(void **state)
{
    run_hub_pays_by_consolidating(state);
}

/* Wheat from F is milled at H (yield 0.75, USD 20/t in) and the flour sold
 * at M (600 t wanted at USD 400): 800 t of wheat at USD 100 + USD 10/t to
 * H + milling, 600 t of flour at USD 10/t to M. */
static gf_model *milling_model(void)
{
    gf_model *m = new_model(1, GF_HORIZON_CYCLIC);
    int32_t wheat = add_product(m, "wheat"), flour = add_product(m, "flour");
    int32_t f = add_node(m, "F", 0, GF_UNLIMITED, 0, 0);
    int32_t h = add_node(m, "H", 0, GF_UNLIMITED, 0, 0);
    int32_t mk = add_node(m, "M", 0, GF_UNLIMITED, 0, 0);

    add_link(m, (link_spec){.from = f, .to = h, .cost = 1000});
    add_link(m, (link_spec){.from = h, .to = mk, .cost = 1000});
    add_supply(m, f, 0, wheat, 1000, 10000);
    add_demand(m, mk, 0, flour, 600, 40000);
    add_conversion(m, h, wheat, flour, 0.75, 2000, GF_UNLIMITED);
    finish(m);
    return m;
}

static void test_lp_milling_yield(void **state)
{
    gf_model *m = milling_model();
    gf_lp_result r = {0};
    int32_t wheat = 0, flour = 1, mk = 2; /* milling_model's order */

    (void)state;
    assert_int_equal(gf_lp_model_kind(m), GF_LP_KIND_LP);
    solve(m, NULL, &r);
    assert_int_equal(r.status, GF_LP_OPTIMAL);
    assert_false(r.is_mip);
    assert_int_equal(r.convert_mt[0], 800000);
    assert_int_equal(r.delivered_mt[0], 600000);
    assert_int_equal(r.flow_mt[ix3(&r, 0, 0, wheat)], 800000);
    assert_int_equal(r.flow_mt[ix3(&r, 1, 0, flour)], 600000);
    assert_int_equal(r.cost.conversion, 1600000);
    assert_int_equal(r.cost.total, 8000000 + 800000 + 1600000 + 600000);
    /* flour at M is worth (100 + 10 + 20) / 0.75 + 10 = USD 183.33 a tonne */
    assert_true(r.has_duals);
    assert_true(fabs(r.node_price[ix3(&r, mk, 0, flour)] - (13000.0 / 0.75 + 1000)) < 0.01);
    gf_lp_result_fini(&r);
    gf_model_destroy(m);
}

/* Wheat (alt USD 500) and barley (alt USD 300), 80 t of each at A, both
 * wanted at B, share one link of 100 t: all the wheat goes, 20 t of
 * barley, and one more tonne of capacity would save 300 - 10. The reverse
 * direction (both_ways) carries the same products with its own capacity:
 * 50 t of fertiliser back from B to A, the backhaul. */
static void test_lp_products_share_capacity(void **state)
{
    gf_model *m = new_model(1, GF_HORIZON_CYCLIC);
    gf_lp_result r = {0};
    int32_t wheat = add_product(m, "wheat"), barley = add_product(m, "barley");
    int32_t fert = add_product(m, "fertiliser");
    int32_t a = add_node(m, "A", 0, GF_UNLIMITED, 0, 0);
    int32_t b = add_node(m, "B", 0, GF_UNLIMITED, 0, 0);

    (void)state;
    add_link(m, (link_spec){.from = a, .to = b, .cost = 1000, .cap = 100, .both = true});
    add_supply(m, a, 0, wheat, 80, 0);
    add_supply(m, a, 0, barley, 80, 0);
    add_supply(m, b, 0, fert, 50, 0);
    add_demand(m, b, 0, wheat, 80, 50000);
    add_demand(m, b, 0, barley, 80, 30000);
    add_demand(m, a, 0, fert, 50, 30000);
    finish(m);
    solve(m, NULL, &r);
    assert_int_equal(r.status, GF_LP_OPTIMAL);
    assert_int_equal(r.flow_mt[ix3(&r, 0, 0, wheat)], 80000);
    assert_int_equal(r.flow_mt[ix3(&r, 0, 0, barley)], 20000);
    assert_int_equal(r.flow_mt[ix3(&r, 1, 0, fert)], 50000);
    assert_int_equal(r.cost.total, 150 * 1000 + 60 * 30000);
    assert_true(fabs(r.link_shadow[0] - 29000) < 0.01);
    assert_true(fabs(r.link_shadow[1]) < 0.01);
    gf_lp_result_fini(&r);
    gf_model_destroy(m);
}

/* Two routes F -> M: USD 50/t with a USD 20/t subsidy, or USD 40/t without.
 * The shipper pays 30 on the first, so it carries all 100 t; the plan
 * reports the link cost and the subsidy apart. */
static void test_lp_subsidy_reported_apart(void **state)
{
    gf_model *m = new_model(1, GF_HORIZON_CYCLIC);
    gf_lp_result r = {0};
    int32_t f = add_node(m, "F", 0, GF_UNLIMITED, 0, 0);
    int32_t x = add_node(m, "X", 0, GF_UNLIMITED, 0, 0);
    int32_t mk = add_node(m, "M", 0, GF_UNLIMITED, 0, 0);

    (void)state;
    add_product(m, "wheat");
    add_product(m, "barley"); /* a second product makes it a CLP model */
    add_link(m, (link_spec){.from = f, .to = mk, .cost = 5000, .subsidy = 2000});
    add_link(m, (link_spec){.from = f, .to = x, .cost = 2000});
    add_link(m, (link_spec){.from = x, .to = mk, .cost = 2000});
    add_supply(m, f, 0, 0, 100, 10000);
    add_demand(m, mk, 0, 0, 100, 90000);
    finish(m);
    solve(m, NULL, &r);
    assert_int_equal(r.flow_mt[ix3(&r, 0, 0, 0)], 100000);
    assert_int_equal(r.cost.link, 500000);
    assert_int_equal(r.cost.subsidy, 200000);
    assert_int_equal(r.cost.total, 1000000 + 500000 - 200000);
    gf_lp_result_fini(&r);
    gf_model_destroy(m);
}

/* The competitor ships from C at USD 150 FOB over C -> X (USD 30) and X ->
 * M (USD 20), handling USD 5 at X and at M: alternative USD 210 at M. The
 * cheaper path C -> H -> M runs through a hub facility and does not count. */
static void run_alt_price_from_alt_from(void **state)
{
    gf_model *m = new_model(1, GF_HORIZON_CYCLIC);
    gf_lp_result r = {0};
    gf_error err = {0};
    int32_t c = add_node(m, "C", 0, GF_UNLIMITED, 0, 0);
    int32_t x = add_node(m, "X", 500, GF_UNLIMITED, 0, 0);
    int32_t h = add_node(m, "H", 0, GF_UNLIMITED, 0, 0);
    int32_t mk = add_node(m, "M", 500, GF_UNLIMITED, 0, 0);
    int32_t f = add_node(m, "F", 0, GF_UNLIMITED, 0, 0);
    gf_demand d = {.node = mk,
                   .period = 0,
                   .t = 100,
                   .has_alt_from = true,
                   .alt_from = c,
                   .alt_fob_cents_per_t = 15000};

    (void)state;
    add_link(m, (link_spec){.from = c, .to = x, .cost = 3000});
    add_link(m, (link_spec){.from = x, .to = mk, .cost = 2000});
    add_link(m, (link_spec){.from = c, .to = h, .cost = 100});
    add_link(m, (link_spec){.from = h, .to = mk, .cost = 100});
    add_link(m, (link_spec){.from = f, .to = mk, .cost = 1000});
    add_hub(m, h, "small", 0, 10, 0);
    add_supply(m, f, 0, 0, 60, 19000);
    assert_int_equal(gf_model_add_demand(m, &d, &err), 0);
    finish(m);
    assert_int_equal(gf_model_demand(m, 0)->alt_cents_per_t, 21000);
    solve(m, NULL, &r);
    assert_int_equal(r.status, GF_LP_OPTIMAL);
    /* 60 t from F at 190 + 10 + 5 = 205 < 210; 40 t left to the competitor */
    assert_int_equal(r.delivered_mt[0], 60000);
    assert_int_equal(r.cost.alternative, 40 * 21000);
    assert_int_equal(r.cost.total, 60 * 20500 + 40 * 21000);
    gf_lp_result_fini(&r);
    gf_model_destroy(m);
}

static void test_lp_alt_price_from_alt_from(void **state)
{
    run_alt_price_from_alt_from(state);
}

/* ---- version-1 scenarios: the LP path agrees with the network simplex ---- */

static void test_lp_v1_scenarios_match_network_simplex(void **state)
{
    const char *names[] = {"tiny", "store",  "cyclic",    "cyclic_open",
                           "hub",  "scarce", "both_ways", "unsold"};

    (void)state;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char dir[256];
        gf_error err = {0};
        gf_model *m;
        gf_plan *p;
        gf_lp_result r = {0};
        snprintf(dir, sizeof dir, "%s/%s", DATA, names[i]);
        m = gf_scenario_read_csv(dir, &err);
        if (!m)
            fail_msg("%s: %s", names[i], err.msg);
        assert_int_equal(gf_lp_model_kind(m), GF_LP_KIND_NETWORK);
        p = gf_plan_solve(m, &err);
        assert_non_null(p);
        solve(m, NULL, &r);
        assert_int_equal(r.status, GF_LP_OPTIMAL);
        if (r.cost.total != p->cost.total)
            fail_msg("%s: LP %lld, network simplex %lld", names[i], (long long)r.cost.total,
                     (long long)p->cost.total);
        gf_plan_destroy(p);
        gf_lp_result_fini(&r);
        gf_model_destroy(m);
    }
}

/* ---- seeded random version-2 models against GLPK ---- */

static uint64_t rng;

static int64_t rnd(int64_t lo, int64_t hi)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return lo + (int64_t)((rng >> 33) % (uint64_t)(hi - lo + 1));
}

/* Origins O*, two candidate hubs H*, a mill node, markets M*; several
 * products with random masks, vessels on some links, conversions with
 * yields 0.5, 0.75 or 1, hub options with fixed costs around the savings. */
static gf_model *random_model(uint64_t seed)
{
    gf_model *m;
    int32_t K, n_o, n_m, nodes[12], nn = 0, P;
    static const double yields[] = {0.5, 0.75, 1.0};
    char id[16];

    rng = seed * 0x9E3779B97F4A7C15ULL + 1;
    P = (int32_t)rnd(1, 3);
    m = new_model(P, rnd(0, 1) ? GF_HORIZON_OPEN : GF_HORIZON_CYCLIC);
    K = (int32_t)rnd(1, 3);
    for (int32_t p = 0; p < K; p++) {
        snprintf(id, sizeof id, "p%d", (int)p);
        add_product(m, id);
    }
    n_o = (int32_t)rnd(1, 3);
    n_m = (int32_t)rnd(1, 3);
    for (int32_t i = 0; i < n_o; i++) {
        snprintf(id, sizeof id, "O%d", (int)i);
        nodes[nn++] = add_node(m, id, rnd(0, 300), GF_UNLIMITED, 0, 0);
    }
    for (int32_t i = 0; i < 2; i++) {
        snprintf(id, sizeof id, "H%d", (int)i);
        nodes[nn++] = add_node(m, id, rnd(0, 300), GF_UNLIMITED, 0, rnd(10, 200));
    }
    for (int32_t i = 0; i < n_m; i++) {
        snprintf(id, sizeof id, "M%d", (int)i);
        nodes[nn++] = add_node(m, id, rnd(0, 300), rnd(0, 1) ? rnd(100, 2000) : GF_UNLIMITED,
                               rnd(0, 1) ? rnd(50, 500) : 0, rnd(10, 200));
    }
    for (int32_t i = 0; i < n_o; i++) {
        for (int32_t h = 0; h < 2; h++)
            add_link(m, (link_spec){.from = nodes[i],
                                    .to = nodes[n_o + h],
                                    .cost = rnd(200, 2000),
                                    .days = (double)rnd(0, 9),
                                    .cap = rnd(0, 2) ? 0 : rnd(100, 3000)});
        for (int32_t j = 0; j < n_m; j++)
            if (rnd(0, 1))
                add_link(m, (link_spec){.from = nodes[i],
                                        .to = nodes[n_o + 2 + j],
                                        .cost = rnd(1000, 5000),
                                        .days = (double)rnd(0, 9),
                                        .vessel = rnd(0, 1) ? rnd(200, 2000) : 0,
                                        .departure = rnd(10000, 300000),
                                        .mask = K > 1 && rnd(0, 2) == 0
                                                    ? (uint64_t)rnd(1, (1 << K) - 1)
                                                    : 0});
    }
    for (int32_t h = 0; h < 2; h++)
        for (int32_t j = 0; j < n_m; j++)
            add_link(m, (link_spec){.from = nodes[n_o + h],
                                    .to = nodes[n_o + 2 + j],
                                    .cost = rnd(200, 2500),
                                    .days = (double)rnd(0, 12),
                                    .vessel = rnd(0, 2) ? rnd(1000, 5000) : 0,
                                    .departure = rnd(10000, 300000),
                                    .subsidy = rnd(0, 3) ? 0 : rnd(0, 200),
                                    .both = rnd(0, 3) == 0});
    for (int32_t i = 0; i < n_o; i++)
        for (int32_t t = 0; t < P; t++)
            for (int32_t p = 0; p < K; p++)
                if (rnd(0, 2))
                    add_supply(m, nodes[i], t, p, rnd(50, 1500), rnd(5000, 20000));
    for (int32_t j = 0; j < n_m; j++)
        for (int32_t t = 0; t < P; t++)
            for (int32_t p = 0; p < K; p++)
                if (rnd(0, 2))
                    add_demand(m, nodes[n_o + 2 + j], t, p, rnd(50, 1500), rnd(15000, 40000));
    for (int32_t h = 0; h < 2; h++) {
        int32_t opts = (int32_t)rnd(0, 3);
        for (int32_t o = 0; o < opts; o++) {
            snprintf(id, sizeof id, "opt%d", (int)o);
            add_hub(m, nodes[n_o + h], id, rnd(0, 20000000), rnd(200, 4000), rnd(0, 3000));
        }
        if (K > 1 && rnd(0, 1))
            add_conversion(m, nodes[n_o + h], 0, (int32_t)rnd(1, K - 1), yields[rnd(0, 2)],
                           rnd(0, 3000), rnd(0, 1) ? GF_UNLIMITED : rnd(100, 2000));
    }
    finish(m);
    return m;
}

static void test_lp_random_models_match_glpk(void **state)
{
    int mips = 0, hubs_open = 0;

    (void)state;
    for (uint64_t seed = 1; seed <= 60; seed++) {
        gf_model *m = random_model(seed);
        gf_lp_result r = {0};
        double glpk = 0;
        int g;
        solve(m, NULL, &r);
        g = model_mip_glpk(m, NULL, &glpk);
        if (g != 0)
            fail_msg("seed %llu: GLPK status %d", (unsigned long long)seed, g);
        assert_int_equal(r.status, GF_LP_OPTIMAL);
        if (fabs(r.solver_objective_cents - glpk) > 1.0)
            fail_msg("seed %llu: grainflow %.3f, GLPK %.3f cents", (unsigned long long)seed,
                     r.solver_objective_cents, glpk);
        if (fabs((double)r.cost.total - glpk) > slack + 1.0)
            fail_msg("seed %llu: reported total %lld, GLPK %.3f", (unsigned long long)seed,
                     (long long)r.cost.total, glpk);
        mips += r.is_mip;
        for (int32_t n = 0; n < r.n_nodes; n++)
            hubs_open += r.hub_option[n] >= 0;
        gf_lp_result_fini(&r);
        gf_model_destroy(m);
    }
    /* the seeds exercise what they are meant to */
    assert_true(mips >= 30);
    assert_true(hubs_open >= 10);
}

/* The same 60 models with the lot-sizing rows (lp_cuts.c): the same
 * optimum as GLPK's MIP, which has none of them. */
static void test_lp_lotsizing_models_match_glpk(void **state)
{
    int cut_models = 0;

    (void)state;
    for (uint64_t seed = 1; seed <= 60; seed++) {
        gf_model *m = random_model(seed);
        gf_lp_result r = {0};
        gf_lp_options o;
        double glpk = 0;
        gf_lp_options_init(&o);
        o.lot_sizing = true;
        solve(m, &o, &r);
        assert_int_equal(model_mip_glpk(m, NULL, &glpk), 0);
        assert_int_equal(r.status, GF_LP_OPTIMAL);
        if (fabs(r.solver_objective_cents - glpk) > 1.0)
            fail_msg("seed %llu: grainflow with lot sizing %.3f, GLPK %.3f cents",
                     (unsigned long long)seed, r.solver_objective_cents, glpk);
        assert_true(r.relaxation_cents <= glpk + 1.0);
        cut_models += r.n_cuts > 0;
        gf_lp_result_fini(&r);
        gf_model_destroy(m);
    }
    assert_true(cut_models >= 3); /* the seeds give the rows something to cut */
}

/* The same 60 models with the rounding rows and the lot-sizing rows
 * together (both families checked at once): GLPK's optimum, and a
 * relaxation that stays below it; and with neither the rows nor the
 * reduced-cost fixing (the plain formulation): GLPK's optimum too. */
static void test_lp_rounding_models_match_glpk(void **state)
{
    int cut_models = 0;

    (void)state;
    for (uint64_t seed = 1; seed <= 60; seed++) {
        gf_model *m = random_model(seed);
        gf_lp_result r = {0}, lot = {0}, plain = {0};
        gf_lp_options o;
        double glpk = 0;
        gf_lp_options_init(&o);
        o.no_rounding_rows = true;
        o.no_cost_fixing = true;
        solve(m, &o, &plain);
        o.lot_sizing = true;
        o.no_cost_fixing = false;
        solve(m, &o, &lot);
        o.no_rounding_rows = false;
        solve(m, &o, &r);
        assert_int_equal(model_mip_glpk(m, NULL, &glpk), 0);
        assert_int_equal(plain.status, GF_LP_OPTIMAL);
        assert_int_equal(plain.n_fixed, 0);
        if (fabs(plain.solver_objective_cents - glpk) > 1.0)
            fail_msg("seed %llu: plain formulation %.3f, GLPK %.3f cents", (unsigned long long)seed,
                     plain.solver_objective_cents, glpk);
        assert_int_equal(r.status, GF_LP_OPTIMAL);
        if (fabs(r.solver_objective_cents - glpk) > 1.0)
            fail_msg("seed %llu: grainflow with rounding rows %.3f, GLPK %.3f cents",
                     (unsigned long long)seed, r.solver_objective_cents, glpk);
        if (r.relaxation_cents > glpk + 1.0)
            fail_msg("seed %llu: relaxation with rounding rows %.3f above GLPK's optimum %.3f",
                     (unsigned long long)seed, r.relaxation_cents, glpk);
        cut_models += r.n_cuts > lot.n_cuts;
        gf_lp_result_fini(&r);
        gf_lp_result_fini(&lot);
        gf_lp_result_fini(&plain);
        gf_model_destroy(m);
    }
    assert_true(cut_models >= 3); /* the seeds give the rows something to cut */
}

/* Forcing every hub closed, then each open, agrees with GLPK too. */
static void test_lp_forced_hubs_match_glpk(void **state)
{
    (void)state;
    for (uint64_t seed = 100; seed <= 115; seed++) {
        gf_model *m = random_model(seed);
        int32_t nn = gf_model_node_count(m);
        int32_t *force = calloc((size_t)nn, sizeof *force);
        assert_non_null(force);
        for (int round = 0; round < 2; round++) {
            gf_lp_options o;
            gf_lp_result r = {0};
            double glpk = 0;
            int g;
            for (int32_t n = 0; n < nn; n++)
                force[n] = round == 0 ? GF_LP_HUB_CLOSED : GF_LP_HUB_OPEN;
            gf_lp_options_init(&o);
            o.hub_force = force;
            solve(m, &o, &r);
            g = model_mip_glpk(m, force, &glpk);
            assert_int_equal(g == 1, r.status == GF_LP_INFEASIBLE);
            if (g == 0 && fabs(r.solver_objective_cents - glpk) > 1.0)
                fail_msg("seed %llu round %d: grainflow %.3f, GLPK %.3f", (unsigned long long)seed,
                         round, r.solver_objective_cents, glpk);
            for (int32_t n = 0; g == 0 && n < nn; n++)
                if (gf_model_is_hub(m, n))
                    assert_true(round == 0 ? r.hub_option[n] < 0 : r.hub_option[n] >= 0);
            gf_lp_result_fini(&r);
        }
        free(force);
        gf_model_destroy(m);
    }
}

/* The relaxation is a lower bound on the MIP, and reports itself relaxed. */
static void test_lp_relaxation_bounds_mip(void **state)
{
    (void)state;
    for (uint64_t seed = 200; seed <= 215; seed++) {
        gf_model *m = random_model(seed);
        gf_lp_result r = {0}, x = {0};
        gf_lp_options o;
        gf_lp_options_init(&o);
        o.relax = true;
        solve(m, NULL, &r);
        solve(m, &o, &x);
        assert_false(x.is_mip);
        assert_int_equal(x.n_integers, 0);
        assert_true(x.bound_cents <= r.bound_cents + 1e-6 * fabs(r.bound_cents) + 1);
        assert_true(r.bound_cents <= (double)r.cost.total + 2);
        gf_lp_result_fini(&r);
        gf_lp_result_fini(&x);
        gf_model_destroy(m);
    }
}

/* ---- the warm CLP session (lp_coin.c) against cold solves ---- */

/* Cold solve of g's current program: its objective (must be optimal). */
static double cold_objective(const gf__lp_prog *g)
{
    gf__lp_out o = {0};
    gf_error err = {0};

    assert_int_equal(gf__lp_clp_solve(g, false, NULL, NULL, NULL, &o, &err), GF_OK);
    assert_int_equal(o.status, GF_LP_OPTIMAL);
    return o.objective;
}

static void assert_same_objective(double warm, double cold, uint64_t seed, const char *what)
{
    if (fabs(warm - cold) > 1e-7 * fabs(cold) + 1e-3)
        fail_msg("seed %llu, %s: warm %.4f, cold %.4f cents", (unsigned long long)seed, what, warm,
                 cold);
}

/* The session's interrupt: once set, a resolve does nothing and says
 * "interrupted" (x untouched); once cleared the session goes on and gives
 * the optimum it gave before. */
static void test_lp_clp_session_interrupt(void **state)
{
    gf_model *m = random_model(7);
    gf__lp_prog g = {0};
    gf__lp_clp *s = NULL;
    gf__lp_out o = {0};
    gf_error err = {0};
    gf_lp_options opt;
    volatile sig_atomic_t stop = 0;
    double *x, first;

    (void)state;
    gf_lp_options_init(&opt);
    assert_int_equal(gf__lp_build(&g, m, &opt, &err), GF_OK);
    x = calloc((size_t)g.ncol + 1, sizeof *x);
    assert_non_null(x);
    assert_int_equal(gf__lp_clp_open(&s, false, &err), GF_OK);
    gf__lp_clp_set_interrupt(s, &stop);
    assert_int_equal(gf__lp_clp_resolve(s, &g, false, x, NULL, NULL, &o, &err), GF_OK);
    assert_int_equal(o.status, GF_LP_OPTIMAL);
    first = o.objective;
    stop = 1;
    for (int32_t c = 0; c < g.ncol; c++)
        x[c] = -1;
    assert_int_equal(gf__lp_clp_resolve(s, &g, false, x, NULL, NULL, &o, &err), GF_OK);
    assert_int_equal(o.status, GF_LP_INTERRUPTED);
    assert_false(o.has_x);
    for (int32_t c = 0; c < g.ncol; c++)
        assert_true(x[c] == -1);
    stop = 0;
    assert_int_equal(gf__lp_clp_resolve(s, &g, false, x, NULL, NULL, &o, &err), GF_OK);
    assert_int_equal(o.status, GF_LP_OPTIMAL);
    assert_same_objective(o.objective, first, 7, "after the interrupt");
    gf__lp_clp_close(s);
    free(x);
    gf__lp_prog_fini(&g);
    gf_model_destroy(m);
}

/* One session re-solved warm after each change lp_solve.c makes (rows
 * appended by both cut families, column bounds fixed, departure-row
 * coefficients rewritten as slope scaling does, a row bound freed as
 * the duals' LP does) gives each time the objective of a cold solve of
 * the same program. */
static void test_lp_warm_resolves_match_cold(void **state)
{
    int with_rows = 0, coef_changes = 0;

    (void)state;
    for (uint64_t seed = 1; seed <= 60; seed++) {
        gf_model *m = random_model(seed);
        gf__lp_prog g = {0};
        gf__lp_clp *s = NULL;
        gf__lp_out o = {0};
        gf_error err = {0};
        gf_lp_options opt;
        double *x;
        int32_t added = 0, more = 0;
        gf_lp_options_init(&opt);
        assert_int_equal(gf__lp_build(&g, m, &opt, &err), GF_OK);
        x = calloc((size_t)g.ncol + 1, sizeof *x);
        assert_non_null(x);
        assert_int_equal(gf__lp_clp_open(&s, false, &err), GF_OK);
        assert_int_equal(gf__lp_clp_resolve(s, &g, false, x, NULL, NULL, &o, &err), GF_OK);
        assert_int_equal(o.status, GF_LP_OPTIMAL);
        assert_same_objective(o.objective, cold_objective(&g), seed, "first solve");
        for (int round = 0; round < 3; round++) { /* rows appended, as lift_bound does */
            assert_int_equal(gf__lp_separate_rounding(&g, m, x, &added), GF_OK);
            assert_int_equal(gf__lp_separate_lotsizing(&g, m, x, &more), GF_OK);
            with_rows += added + more > 0;
            assert_int_equal(gf__lp_clp_resolve(s, &g, false, x, NULL, NULL, &o, &err), GF_OK);
            assert_int_equal(o.status, GF_LP_OPTIMAL);
            assert_same_objective(o.objective, cold_objective(&g), seed, "after rows");
        }
        for (int32_t c = 0; c < g.ncol; c++) /* slope scaling: a smaller V per departure */
            if (g.col[c].kind == GF__LP_COL_DEPART) {
                g.value[g.start[c]] *= 0.6;
                coef_changes++;
            }
        assert_int_equal(gf__lp_clp_resolve(s, &g, false, x, NULL, NULL, &o, &err), GF_OK);
        assert_int_equal(o.status, GF_LP_OPTIMAL);
        assert_same_objective(o.objective, cold_objective(&g), seed, "coefficients");
        for (int32_t c = 0; c < g.ncol; c++) /* the integers fixed at their rounded values */
            if (g.col[c].is_int)
                g.col[c].lo = g.col[c].up = ceil(x[c] - 1e-6);
        for (int32_t i = 0; i < g.nrow; i++)
            if (g.row[i].kind == GF__LP_ROW_LOTSIZE)
                g.row[i].up = GF__LP_INF;
        assert_int_equal(gf__lp_clp_resolve(s, &g, false, x, NULL, NULL, &o, &err), GF_OK);
        if (o.status == GF_LP_OPTIMAL)
            assert_same_objective(o.objective, cold_objective(&g), seed, "fixed");
        else /* fixing after a coefficient change may leave no plan: cold agrees */
            assert_int_equal(o.status, GF_LP_INFEASIBLE);
        gf__lp_clp_close(s);
        free(x);
        gf__lp_prog_fini(&g);
        gf_model_destroy(m);
    }
    assert_true(with_rows >= 3); /* the seeds give the rows something to cut */
    assert_true(coef_changes > 0);
}

/* The run's figures with every LP re-solved warm (the default) and cold
 * (cold_lp): the same proven optimum on the seeded models. */
static void test_lp_cold_lp_same_optimum(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 30; seed++) {
        gf_model *m = random_model(seed);
        gf_lp_result w = {0}, c = {0};
        gf_lp_options o;
        gf_lp_options_init(&o);
        solve(m, NULL, &w);
        o.cold_lp = true;
        solve(m, &o, &c);
        assert_int_equal(w.status, GF_LP_OPTIMAL);
        assert_int_equal(c.status, GF_LP_OPTIMAL);
        if (fabs(w.solver_objective_cents - c.solver_objective_cents) > 1.0)
            fail_msg("seed %llu: warm %.3f, cold %.3f cents", (unsigned long long)seed,
                     w.solver_objective_cents, c.solver_objective_cents);
        gf_lp_result_fini(&w);
        gf_lp_result_fini(&c);
        gf_model_destroy(m);
    }
}

/* Two threads solving the seeded MIPs at once (the server's runs, a
 * sweep's -j 2) get each model's optimum, as one thread does: COIN-OR is
 * not safe on two threads at once (lp_coin.c's coin_lock). The models are
 * built first, on this thread (random_model's generator is one global). */
#define THREAD_SEEDS 12
typedef struct mip_job {
    gf_model *const *models;     /* THREAD_SEEDS, borrowed */
    int first;                   /* models first, first + 2, ... */
    int64_t cents[THREAD_SEEDS]; /* objective per model, rounded */
    int status[THREAD_SEEDS];
    int failed;
} mip_job;

static void *solve_seeds(void *arg)
{
    mip_job *j = arg;
    for (int k = j->first; k < THREAD_SEEDS; k += 2) {
        gf_lp_result r = {0};
        gf_error err = {0};
        if (gf_lp_solve_model(j->models[k], NULL, &r, &err)) {
            j->failed = 1;
        } else {
            j->status[k] = r.status;
            j->cents[k] = llround(r.solver_objective_cents);
        }
        gf_lp_result_fini(&r);
    }
    return NULL;
}

static void test_lp_two_threads_same_optima(void **state)
{
    gf_model *models[THREAD_SEEDS];
    mip_job one = {.models = models}, a = {.models = models}, b = {.models = models, .first = 1};
    pthread_t ta, tb;

    (void)state;
    for (int k = 0; k < THREAD_SEEDS; k++)
        assert_non_null(models[k] = random_model((uint64_t)k + 1));
    solve_seeds(&one);
    one.first = 1;
    solve_seeds(&one);
    for (int round = 0; round < 3; round++) {
        assert_int_equal(pthread_create(&ta, NULL, solve_seeds, &a), 0);
        assert_int_equal(pthread_create(&tb, NULL, solve_seeds, &b), 0);
        pthread_join(ta, NULL);
        pthread_join(tb, NULL);
        assert_false(one.failed || a.failed || b.failed);
        for (int k = 0; k < THREAD_SEEDS; k++) {
            const mip_job *t = k % 2 == 0 ? &a : &b;
            assert_int_equal(one.status[k], GF_LP_OPTIMAL);
            if (t->status[k] != one.status[k] || llabs(t->cents[k] - one.cents[k]) > 1)
                fail_msg("round %d seed %d: %d %lld cents on two threads, %d %lld on one", round,
                         k + 1, t->status[k], (long long)t->cents[k], one.status[k],
                         (long long)one.cents[k]);
        }
    }
    for (int k = 0; k < THREAD_SEEDS; k++)
        gf_model_destroy(models[k]);
}

/* One gf_lp_relaxation re-forced under every hub choice of the seeded
 * models (each option forced, each hub closed, each opened, all free)
 * gives each time what a cold gf_lp_solve_model with relax and that
 * hub_force gives: the same status and relaxation to CLP's tolerance. */
static void test_lp_relaxation_reforced_matches_cold(void **state)
{
    int solves = 0;

    (void)state;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        gf_model *m = random_model(seed);
        int32_t nn = gf_model_node_count(m), no = gf_model_hub_option_count(m);
        int32_t *force = malloc((size_t)nn * sizeof *force);
        gf_lp_relaxation *rx = NULL;
        gf_error err = {0};
        assert_non_null(force);
        assert_int_equal(gf_lp_relaxation_open(&rx, m, NULL, &err), GF_OK);
        for (int32_t k = -1; k < no + 2 * nn; k++) { /* options, closed, open, free */
            gf_lp_options o;
            gf_lp_result r = {0};
            gf_lp_status st;
            double l;
            for (int32_t n = 0; n < nn; n++)
                force[n] = GF_LP_HUB_FREE;
            if (k >= 0 && k < no)
                force[gf_model_hub_option(m, k)->node] = k;
            else if (k >= no && gf_model_is_hub(m, (k - no) % nn))
                force[(k - no) % nn] = k - no < nn ? GF_LP_HUB_CLOSED : GF_LP_HUB_OPEN;
            else if (k >= no)
                continue;
            gf_lp_options_init(&o);
            o.relax = true;
            o.hub_force = force;
            solve(m, &o, &r);
            assert_int_equal(gf_lp_relaxation_solve(rx, force, &st, &l, &err), GF_OK);
            assert_int_equal(st, r.status);
            if (st == GF_LP_OPTIMAL &&
                fabs(l - r.relaxation_cents) > 1e-7 * fabs(r.relaxation_cents) + 1e-3)
                fail_msg("seed %llu, force %d: re-forced %.4f, cold %.4f cents",
                         (unsigned long long)seed, (int)k, l, r.relaxation_cents);
            solves++;
            gf_lp_result_fini(&r);
        }
        gf_lp_relaxation_close(rx);
        free(force);
        gf_model_destroy(m);
    }
    assert_true(solves >= 100); /* the seeds have hubs to force */
}

/* ---- the MPS file read by Debian's clp, cbc and glpsol ---- */

/* Run cmd (stdout to a file), then read the objective from the solution
 * file sol: clp's and cbc's "Optimal - objective value X" first line,
 * glpsol's "Objective:  COST = X (MINimum)". Returns 0 with *obj. */
static int solver_objective(const char *cmd, const char *sol, double *obj)
{
    char line[512];
    FILE *f;
    int rc = -1;

    if (system(cmd) != 0)
        return -1;
    f = fopen(sol, "r");
    if (!f)
        return -1;
    while (rc && fgets(line, sizeof line, f)) {
        char *p = strstr(line, "objective value");
        if (p && strncmp(line, "Optimal", 7) == 0 && sscanf(p, "objective value %lf", obj) == 1)
            rc = 0;
        p = strstr(line, "Objective:");
        if (p && (p = strchr(p, '=')) && sscanf(p + 1, "%lf", obj) == 1)
            rc = 0;
    }
    fclose(f);
    return rc;
}

static bool have(const char *tool)
{
    char cmd[128];

    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
    return system(cmd) == 0;
}

static void check_mps(const gf_model *m, const char *tag)
{
    char dir[128], mps[160], sol[160], cmd[512];
    gf_lp_result r = {0}, x = {0};
    gf_lp_options relax;
    gf_error err = {0};

    gf_lp_options_init(&relax);
    relax.relax = true;
    test_tmp_template(dir, sizeof dir, "gf_lp_mps");
    assert_non_null(mkdtemp(dir));
    snprintf(mps, sizeof mps, "%s/m.mps", dir);
    snprintf(sol, sizeof sol, "%s/sol", dir);
    assert_int_equal(gf_lp_write_mps(m, NULL, mps, &err), 0);
    solve(m, NULL, &r);
    solve(m, &relax, &x); /* clp solves the LP relaxation of a MIP */
    assert_int_equal(r.status, GF_LP_OPTIMAL);
    for (int i = 0; i < 3; i++) {
        double obj = 0, want = i == 0 ? x.solver_objective_cents : r.solver_objective_cents;
        if (i < 2)
            snprintf(cmd, sizeof cmd, "%s %s -solve -solu %s >/dev/null 2>&1",
                     i == 0 ? "clp" : "cbc", mps, sol);
        else
            snprintf(cmd, sizeof cmd, "glpsol --freemps %s -o %s >/dev/null 2>&1", mps, sol);
        if (solver_objective(cmd, sol, &obj))
            fail_msg("%s: %s gave no objective (MPS kept in %s)", tag, cmd, mps);
        if (fabs(obj + (double)r.alt_all_cents - want) > 1.0)
            fail_msg("%s: %s says %.3f + %lld, grainflow %.3f", tag, cmd, obj,
                     (long long)r.alt_all_cents, want);
        remove(sol);
    }
    gf_lp_result_fini(&r);
    gf_lp_result_fini(&x);
    remove(mps);
    rmdir(dir);
}

static void test_lp_mps_read_by_clp_cbc_glpsol(void **state)
{
    gf_model *m;

    (void)state;
    if (!have("clp") || !have("cbc") || !have("glpsol"))
        skip(); /* coinor-clp, coinor-cbc, glpk-utils: tools/install-deps */
    m = consolidation_model(2607143);
    check_mps(m, "consolidation");
    gf_model_destroy(m);
    for (uint64_t seed = 300; seed <= 305; seed++) {
        char tag[32];
        snprintf(tag, sizeof tag, "seed %llu", (unsigned long long)seed);
        m = random_model(seed);
        check_mps(m, tag);
        gf_model_destroy(m);
    }
}

/* A flag already set stops CBC at its first node: interrupted, never optimal. */
static void run_interrupt_stops_cbc(void **state)
{
    gf_model *m = consolidation_model(2607143);
    volatile sig_atomic_t stop = 1;
    gf_lp_options o;
    gf_lp_result r = {0};

    (void)state;
    gf_lp_options_init(&o);
    o.interrupt = &stop;
    solve(m, &o, &r);
    assert_int_equal(r.status, GF_LP_INTERRUPTED);
    assert_string_equal(gf_lp_status_name(r.status), "interrupted");
    gf_lp_result_fini(&r);
    stop = 0;
    solve(m, &o, &r);
    assert_int_equal(r.status, GF_LP_OPTIMAL);
    gf_lp_result_fini(&r);
    gf_model_destroy(m);
}

static void test_lp_interrupt_stops_cbc(void **state)
{
    run_interrupt_stops_cbc(state);
}

/* A flag set before the solve stops it at its first step, an LP (two
 * products and a mill: CLP only) as a MIP: "interrupted", no plan, no
 * bound, CBC never started (no nodes, no MIP seconds), nothing leaked
 * (ASan); a relaxation opened with the flag reports it for every force. */
static void test_lp_interrupt_stops_every_step(void **state)
{
    gf_model *models[2] = {milling_model(), consolidation_model(2607143)};
    volatile sig_atomic_t stop = 1;
    gf_lp_options o;
    gf_error err = {0};

    (void)state;
    gf_lp_options_init(&o);
    o.interrupt = &stop;
    for (int i = 0; i < 2; i++) {
        gf_lp_result r = {0};
        gf_lp_relaxation *rx = NULL;
        gf_lp_status st = GF_LP_OPTIMAL;
        double cents = 1;
        assert_int_equal(gf_lp_model_kind(models[i]), i ? GF_LP_KIND_MIP : GF_LP_KIND_LP);
        assert_int_equal(gf_lp_solve_model(models[i], &o, &r, &err), GF_OK);
        assert_int_equal(r.status, GF_LP_INTERRUPTED);
        assert_false(r.has_plan);
        assert_false(r.has_duals);
        assert_int_equal(r.nodes, 0);
        assert_true(r.mip_seconds == 0);
        gf_lp_result_fini(&r);
        assert_int_equal(gf_lp_relaxation_open(&rx, models[i], &o, &err), GF_OK);
        assert_int_equal(gf_lp_relaxation_solve(rx, NULL, &st, &cents, &err), GF_OK);
        assert_int_equal(st, GF_LP_INTERRUPTED);
        assert_true(cents == 0);
        gf_lp_relaxation_close(rx);
        gf_model_destroy(models[i]);
    }
}

static void test_lp_rejects_bad_hub_force(void **state)
{
    gf_model *m = consolidation_model(0);
    int32_t force[4] = {GF_LP_HUB_FREE, GF_LP_HUB_FREE, 7, GF_LP_HUB_FREE};
    gf_lp_options o;
    gf_lp_result r = {0};
    gf_error err = {0};

    (void)state;
    gf_lp_options_init(&o);
    o.hub_force = force;
    assert_int_equal(gf_lp_solve_model(m, &o, &r, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "'H'"));
    assert_false(r.has_plan);
    gf_model_destroy(m);
}

/* Every allocation failed in turn: GF_ENOMEM and nothing leaked, then the
 * same answer once allocations succeed. */
static void run_alloc_failures(void **state)
{
    gf_model *m = consolidation_model(2607143);
    int rc = GF_ENOMEM;

    (void)state;
    for (long fail_at = 0; rc != GF_OK; fail_at++) {
        gf_lp_result r = {0};
        gf_error err = {0};
        failing_alloc_arm(fail_at);
        rc = gf_lp_solve_model(m, NULL, &r, &err);
        failing_alloc_disarm();
        if (rc != GF_OK) {
            assert_int_equal(rc, GF_ENOMEM);
            assert_false(r.has_plan);
        } else {
            assert_int_equal(r.cost.total, 6750000);
        }
        gf_lp_result_fini(&r);
    }
    gf_model_destroy(m);
}

static void test_lp_alloc_failures(void **state)
{
    run_alloc_failures(state);
}

/* The same with the lot-sizing rows, whose rounds grow the program. */
static void test_lp_lotsizing_alloc_failures(void **state)
{
    gf_model *m = lot_model(false);
    gf_lp_options o;
    int rc = GF_ENOMEM;

    (void)state;
    gf_lp_options_init(&o);
    o.lot_sizing = true;
    for (long fail_at = 0; rc != GF_OK; fail_at++) {
        gf_lp_result r = {0};
        gf_error err = {0};
        failing_alloc_arm(fail_at);
        rc = gf_lp_solve_model(m, &o, &r, &err);
        failing_alloc_disarm();
        if (rc != GF_OK) {
            assert_int_equal(rc, GF_ENOMEM);
            assert_false(r.has_plan);
        } else {
            assert_int_equal(r.cost.total, 1215000);
            assert_true(r.n_cuts > 0);
        }
        gf_lp_result_fini(&r);
    }
    gf_model_destroy(m);
}

/* The same for the rounding rows: every allocation they make fails in
 * turn, each failure reported as GF_ENOMEM with no plan, and the solve
 * that finally succeeds has its rows and the optimum. */
static void test_lp_rounding_alloc_failures(void **state)
{
    gf_model *m = round_model();
    gf_lp_options o;
    int rc = GF_ENOMEM;

    (void)state;
    gf_lp_options_init(&o); /* the defaults: rounding rows and fixing on */
    for (long fail_at = 0; rc != GF_OK; fail_at++) {
        gf_lp_result r = {0};
        gf_error err = {0};
        failing_alloc_arm(fail_at);
        rc = gf_lp_solve_model(m, &o, &r, &err);
        failing_alloc_disarm();
        if (rc != GF_OK) {
            assert_int_equal(rc, GF_ENOMEM);
            assert_false(r.has_plan);
        } else {
            assert_int_equal(r.cost.total, 1526000);
            assert_true(r.n_cuts > 0);
        }
        gf_lp_result_fini(&r);
    }
    gf_model_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lp_departure_rounds_up),
        cmocka_unit_test(test_lp_lotsizing_rows_bind),
        cmocka_unit_test(test_lp_lotsizing_rows_keep_forwarding),
        cmocka_unit_test(test_lp_rounding_rows_bind),
        cmocka_unit_test(test_lp_rounding_rows_keep_forwarding),
        cmocka_unit_test(test_lp_cost_fixing_keeps_needed_column),
        cmocka_unit_test(test_lp_cost_fixing_fixes_and_bounds),
        cmocka_unit_test(test_lp_gap_share_within),
        cmocka_unit_test(test_lp_hub_pays_by_consolidating),
        cmocka_unit_test(test_lp_milling_yield),
        cmocka_unit_test(test_lp_products_share_capacity),
        cmocka_unit_test(test_lp_subsidy_reported_apart),
        cmocka_unit_test(test_lp_alt_price_from_alt_from),
        cmocka_unit_test(test_lp_v1_scenarios_match_network_simplex),
        cmocka_unit_test(test_lp_random_models_match_glpk),
        cmocka_unit_test(test_lp_lotsizing_models_match_glpk),
        cmocka_unit_test(test_lp_rounding_models_match_glpk),
        cmocka_unit_test(test_lp_forced_hubs_match_glpk),
        cmocka_unit_test(test_lp_relaxation_bounds_mip),
        cmocka_unit_test(test_lp_warm_resolves_match_cold),
        cmocka_unit_test(test_lp_cold_lp_same_optimum),
        cmocka_unit_test(test_lp_two_threads_same_optima),
        cmocka_unit_test(test_lp_relaxation_reforced_matches_cold),
        cmocka_unit_test(test_lp_mps_read_by_clp_cbc_glpsol),
        cmocka_unit_test(test_lp_interrupt_stops_cbc),
        cmocka_unit_test(test_lp_interrupt_stops_every_step),
        cmocka_unit_test(test_lp_clp_session_interrupt),
        cmocka_unit_test(test_lp_rejects_bad_hub_force),
        cmocka_unit_test(test_lp_alloc_failures),
        cmocka_unit_test(test_lp_lotsizing_alloc_failures),
        cmocka_unit_test(test_lp_rounding_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
