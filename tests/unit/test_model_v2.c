/* tests/unit/test_model_v2.c: the version-2 model API (model.h) built row by row.
 *
 * Products (default, added, found), per-product row merging, link masks,
 * the departure share's rounding, hub options and their fixed cost to the
 * cent, hub bounds, period overrides (replace, lookup, range), the checks of
 * gf_model_finish (rows at hubs, products past the list), alt_from prices
 * worked out by hand (cheapest path, handling of every node entered, masks,
 * hub nodes avoided, no path), gf_model_version, the what-if setters of an
 * alt_fob price and a hub option's fixed cost (validated, the price then
 * following the FOB), and failed allocations.
 * SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "grainflow/model.h"
#include "support/failing_alloc.h"

/* Append node id with handling fee hand (cents). */
static int32_t node(gf_model *m, const char *id, int64_t hand)
{
    gf_node n = {.id = id,
                 .name = id,
                 .country = "XX",
                 .kind = GF_NODE_JUNCTION,
                 .handling_cents_per_t = hand,
                 .throughput_t = GF_UNLIMITED};
    int32_t i = -1;
    gf_error err = {0};

    if (gf_model_add_node(m, &n, &i, &err))
        fail_msg("node %s: %s", id, err.msg);
    return i;
}

static void link(gf_model *m, int32_t from, int32_t to, int64_t cost, uint64_t mask)
{
    gf_link l = {.from = from,
                 .to = to,
                 .mode = GF_MODE_RAIL,
                 .cost_cents_per_t = cost,
                 .capacity_t = GF_UNLIMITED,
                 .products_mask = mask};
    gf_error err = {0};

    if (gf_model_add_link(m, &l, false, &err))
        fail_msg("link: %s", err.msg);
}

static gf_model *create(int32_t periods, double days)
{
    gf_error err = {0};
    gf_model *m = gf_model_create(&err);

    assert_non_null(m);
    assert_int_equal(gf_model_set_horizon(m, periods, days, GF_HORIZON_CYCLIC, &err), GF_OK);
    return m;
}

/* No product added: one product, named by gf_model_set_product; added ones
 * replace it, and their names default to their ids. */
static void test_model_v2_products(void **state)
{
    gf_model *m = create(1, 7);
    gf_error err = {0};
    int32_t i = -1;

    (void)state;
    assert_int_equal(gf_model_product_count(m), 1);
    assert_string_equal(gf_model_product_id(m, 0), "");
    assert_int_equal(gf_model_set_product(m, "wheat", &err), GF_OK);
    assert_int_equal(gf_model_find_product(m, "wheat"), 0);
    assert_int_equal(gf_model_find_product(m, "flour"), -1);
    assert_int_equal(gf_model_add_product(m, "wheat", "Milling wheat", &i, &err), GF_OK);
    assert_int_equal(i, 0);
    assert_int_equal(gf_model_add_product(m, "flour", NULL, &i, &err), GF_OK);
    assert_int_equal(i, 1);
    assert_int_equal(gf_model_product_count(m), 2);
    assert_string_equal(gf_model_product_name(m, 0), "Milling wheat");
    assert_string_equal(gf_model_product_name(m, 1), "flour");
    assert_string_equal(gf_model_product(m), "wheat");
    assert_int_equal(gf_model_find_product(m, "flour"), 1);
    assert_int_equal(gf_model_add_product(m, "flour", NULL, NULL, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "duplicate product id 'flour'"));
    gf_error_clear(&err);
    assert_int_equal(gf_model_add_product(m, "", NULL, NULL, &err), GF_EINVAL);
    assert_int_equal(gf_model_version(m), 2); /* several products */
    gf_model_destroy(m);
}

/* Rows merge on (node, period, product, price): the same price for another
 * product is a row of its own; alt_from rows never merge with priced ones. */
static void test_model_v2_rows_merge_per_product(void **state)
{
    gf_model *m = create(2, 7);
    gf_error err = {0};
    int32_t a, b;
    gf_supply s = {.period = 0, .t = 10, .price_cents_per_t = 500};
    gf_demand d = {.period = -1, .t = 5, .alt_cents_per_t = 900};

    (void)state;
    a = node(m, "A", 0);
    b = node(m, "B", 0);
    s.node = a;
    d.node = b;
    assert_int_equal(gf_model_add_supply(m, &s, &err), GF_OK);
    assert_int_equal(gf_model_add_supply(m, &s, &err), GF_OK);
    s.product = 1;
    assert_int_equal(gf_model_add_supply(m, &s, &err), GF_OK);
    assert_int_equal(gf_model_supply_count(m), 2);
    assert_int_equal(gf_model_supply(m, 0)->t, 20);
    assert_int_equal(gf_model_supply(m, 1)->product, 1);
    assert_int_equal(gf_model_supply(m, 1)->t, 10);
    assert_int_equal(gf_model_add_demand(m, &d, &err), GF_OK); /* two periods */
    d.has_alt_from = true;
    d.alt_from = a;
    d.alt_fob_cents_per_t = 900; /* same figure, but a FOB: its own rows */
    assert_int_equal(gf_model_add_demand(m, &d, &err), GF_OK);
    assert_int_equal(gf_model_add_demand(m, &d, &err), GF_OK);
    assert_int_equal(gf_model_demand_count(m), 4);
    assert_int_equal(gf_model_demand(m, 2)->t, 10);
    assert_true(gf_model_demand(m, 2)->has_alt_from);
    /* the product index is checked by finish, once every product is known */
    assert_int_equal(gf_model_finish(m, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "product index 1"));
    gf_model_destroy(m);
}

/* Departure share: 7,500,000 cents over 30,000 t is 250 cents; 100 cents
 * over 3 t is 33.33 -> 33; 50 over 100 is 0.5 -> 1 (half away from zero). */
static void test_model_v2_departure_share(void **state)
{
    gf_link l = {.vessel_t = 30000, .departure_cents = 7500000};

    (void)state;
    assert_int_equal(gf_model_departure_share(&l), 250);
    l = (gf_link){.vessel_t = 3, .departure_cents = 100};
    assert_int_equal(gf_model_departure_share(&l), 33);
    l = (gf_link){.vessel_t = 100, .departure_cents = 50};
    assert_int_equal(gf_model_departure_share(&l), 1);
    l = (gf_link){.vessel_t = 100, .departure_cents = 49};
    assert_int_equal(gf_model_departure_share(&l), 0);
    l = (gf_link){.vessel_t = 0, .departure_cents = 0};
    assert_int_equal(gf_model_departure_share(&l), 0);
}

/* Link figures: departure without vessel, subsidy above the cost, masks. */
static void test_model_v2_link_checks(void **state)
{
    gf_model *m = create(1, 7);
    gf_error err = {0};
    gf_link l = {.mode = GF_MODE_SEA, .cost_cents_per_t = 1000, .capacity_t = GF_UNLIMITED};

    (void)state;
    l.from = node(m, "A", 0);
    l.to = node(m, "B", 0);
    l.departure_cents = 100;
    assert_int_equal(gf_model_add_link(m, &l, false, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "vessel_t"));
    gf_error_clear(&err);
    l.vessel_t = 10; /* share 10 cents: a subsidy up to 1010 is allowed */
    l.subsidy_cents_per_t = 1011;
    assert_int_equal(gf_model_add_link(m, &l, false, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "subsidy_usd_per_t"));
    gf_error_clear(&err);
    l.subsidy_cents_per_t = 1010;
    l.products_mask = 2;
    assert_int_equal(gf_model_add_link(m, &l, true, &err), GF_OK);
    /* both_ways: the reverse has the same products, vessel and subsidy */
    assert_int_equal(gf_model_link(m, 1)->products_mask, 2);
    assert_int_equal(gf_model_link(m, 1)->vessel_t, 10);
    assert_int_equal(gf_model_link(m, 1)->subsidy_cents_per_t, 1010);
    assert_false(gf_model_link_carries(m, 0, 0));
    assert_true(gf_model_link_carries(m, 0, 1));
    assert_int_equal(gf_model_version(m), 2);
    /* mask bit 1 but a single product: finish names the link */
    assert_int_equal(gf_model_finish(m, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "A -> B"));
    gf_model_destroy(m);
}

/* 52 weekly periods: 1,000,000.00 USD/year x 52 x 7 / 365 = 997,260.27397
 * USD -> 99,726,027 cents; 4 periods of 1.5 days: 36,500 cents x 6 / 365 = 600
 * exactly; 3 cents x 1 x 7 / 365 = 0.0575 -> 0; 365 x 7.5 / 365 = 7.5 -> 8. */
static void test_model_v2_hub_fixed_cost(void **state)
{
    gf_model *m = create(52, 7);
    gf_error err = {0};
    gf_hub_option o = {.fixed_cents_per_year = 100000000, .throughput_t = 1000, .storage_t = 5};

    (void)state;
    o.node = node(m, "H", 0);
    strcpy(o.option, "small");
    assert_int_equal(gf_model_add_hub_option(m, &o, &err), GF_OK);
    assert_int_equal(gf_model_hub_fixed_cents(m, 0), 99726027);
    gf_model_destroy(m);
    m = create(4, 1.5);
    o.node = node(m, "H", 0);
    o.fixed_cents_per_year = 36500;
    assert_int_equal(gf_model_add_hub_option(m, &o, &err), GF_OK);
    assert_int_equal(gf_model_hub_fixed_cents(m, 0), 600);
    gf_model_destroy(m);
    m = create(1, 7.5);
    o.node = node(m, "H", 0);
    o.fixed_cents_per_year = 365;
    assert_int_equal(gf_model_add_hub_option(m, &o, &err), GF_OK);
    assert_int_equal(gf_model_hub_fixed_cents(m, 0), 8);
    gf_model_destroy(m);
}

/* Hub options: duplicates, throughput required, bounds, rows at a hub. */
static void test_model_v2_hub_checks(void **state)
{
    gf_model *m = create(1, 7);
    gf_error err = {0};
    gf_hub_option o = {.throughput_t = 1000, .line = 3};
    gf_supply s = {.period = 0, .t = 1, .line = 9};
    int32_t a, h;

    (void)state;
    a = node(m, "A", 0);
    h = node(m, "H", 0);
    o.node = h;
    strcpy(o.option, "big");
    assert_false(gf_model_is_hub(m, h));
    assert_int_equal(gf_model_add_hub_option(m, &o, &err), GF_OK);
    assert_true(gf_model_is_hub(m, h));
    assert_false(gf_model_is_hub(m, a));
    assert_int_equal(gf_model_add_hub_option(m, &o, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "duplicate hub option 'big' at node 'H' (first on line 3)"));
    gf_error_clear(&err);
    strcpy(o.option, "open");
    o.throughput_t = GF_UNLIMITED;
    assert_int_equal(gf_model_add_hub_option(m, &o, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "throughput_t_per_period is required"));
    gf_error_clear(&err);
    assert_int_equal(gf_model_hub_option_count(m), 1);
    assert_int_equal(gf_model_hub_count(m), 1);
    assert_int_equal(gf_model_min_hubs(m), 0);
    assert_int_equal(gf_model_max_hubs(m), 1);
    assert_int_equal(gf_model_set_hub_bounds(m, 2, 1, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_model_set_hub_bounds(m, 1, 5, &err), GF_OK);
    assert_int_equal(gf_model_max_hubs(m), 1); /* no more than there are */
    s.node = h;
    assert_int_equal(gf_model_add_supply(m, &s, &err), GF_OK);
    assert_int_equal(gf_model_finish(m, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "'H' is a hub facility"));
    assert_string_equal(err.input, "supply.csv");
    assert_int_equal(err.line, 9);
    gf_model_destroy(m);

    gf_error_clear(&err);
    m = create(1, 7);
    o = (gf_hub_option){.node = node(m, "H", 0), .throughput_t = 5};
    strcpy(o.option, "x");
    assert_int_equal(gf_model_add_hub_option(m, &o, &err), GF_OK);
    assert_int_equal(gf_model_set_hub_bounds(m, 1, 1, &err), GF_OK);
    assert_int_equal(gf_model_finish(m, &err), GF_OK);
    assert_int_equal(gf_model_set_hub_bounds(m, 2, 2, &err), GF_OK);
    assert_int_equal(gf_model_finish(m, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "min_hubs is 2 but only 1"));
    gf_model_destroy(m);
}

/* Overrides: the constant figure elsewhere, a later row replaces the earlier,
 * periods and refs in range, GF_UNLIMITED allowed, horizon fixed after. */
static void test_model_v2_period_overrides(void **state)
{
    gf_model *m = create(4, 7);
    gf_error err = {0};
    gf_period_override o = {.ref = 0, .period = 2, .t = 0};
    int32_t a, b;

    (void)state;
    a = node(m, "A", 0);
    b = node(m, "B", 0);
    link(m, a, b, 100, 0);
    assert_int_equal(gf_model_link_capacity_at(m, 0, 2), GF_UNLIMITED);
    assert_int_equal(gf_model_add_link_period(m, &o, &err), GF_OK);
    o.t = 40;
    o.period = 3;
    assert_int_equal(gf_model_add_link_period(m, &o, &err), GF_OK);
    o.t = 30; /* replaces the 40 */
    assert_int_equal(gf_model_add_link_period(m, &o, &err), GF_OK);
    assert_int_equal(gf_model_link_period_count(m), 2);
    assert_int_equal(gf_model_link_capacity_at(m, 0, 0), GF_UNLIMITED);
    assert_int_equal(gf_model_link_capacity_at(m, 0, 2), 0);
    assert_int_equal(gf_model_link_capacity_at(m, 0, 3), 30);
    o.period = 4;
    assert_int_equal(gf_model_add_link_period(m, &o, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "period must be from 1 to 4 (got 5)"));
    gf_error_clear(&err);
    o.period = 0;
    o.ref = 1;
    assert_int_equal(gf_model_add_link_period(m, &o, &err), GF_EINVAL);
    gf_error_clear(&err);
    o.ref = b;
    o.t = -5;
    assert_int_equal(gf_model_add_node_period(m, &o, &err), GF_EINVAL);
    gf_error_clear(&err);
    o.t = 7;
    assert_false(gf_model_node_has_override(m, b));
    assert_int_equal(gf_model_add_node_period(m, &o, &err), GF_OK);
    assert_true(gf_model_node_has_override(m, b));
    assert_false(gf_model_node_has_override(m, a));
    assert_int_equal(gf_model_node_throughput_at(m, b, 0), 7);
    assert_int_equal(gf_model_node_throughput_at(m, b, 1), GF_UNLIMITED);
    assert_int_equal(gf_model_node_period(m, 0)->t, 7);
    assert_int_equal(gf_model_set_horizon(m, 8, 7, GF_HORIZON_CYCLIC, &err), GF_ESTATE);
    assert_int_equal(gf_model_version(m), 1); /* overrides keep version 1 */
    assert_int_equal(gf_model_finish(m, &err), GF_OK);
    gf_model_destroy(m);
}

/* A -> B -> M costs 100 + 200 plus handling B 10 + M 5 = 315; A -> M direct
 * costs 400 + 5 = 405; A -> H -> M 1 + 1 (+ H's and M's handling) is cheaper
 * but H is a hub facility. FOB 1000 -> 1315. A departure share adds to a link:
 * with vessel 3 t at 100 cents on A -> B (33 cents) the path costs 348. Product
 * 1 may not use B -> M (mask): 405 -> 1405. After set_link_cost on A -> M to
 * 50, refresh gives 55 -> 1055 for product 1 and product 0 too. */
static void test_model_v2_alt_from_prices(void **state)
{
    gf_model *m = create(1, 7);
    gf_error err = {0};
    gf_demand d = {.period = 0, .t = 10, .has_alt_from = true, .alt_fob_cents_per_t = 1000};
    gf_hub_option o = {.throughput_t = 10};
    gf_link v = {.mode = GF_MODE_SEA,
                 .cost_cents_per_t = 100,
                 .capacity_t = GF_UNLIMITED,
                 .vessel_t = 3,
                 .departure_cents = 100};
    int32_t a, b, mk, h;

    (void)state;
    a = node(m, "A", 7); /* the start's handling is not counted */
    b = node(m, "B", 10);
    mk = node(m, "M", 5);
    h = node(m, "H", 0);
    assert_int_equal(gf_model_add_product(m, "wheat", NULL, NULL, &err), GF_OK);
    assert_int_equal(gf_model_add_product(m, "flour", NULL, NULL, &err), GF_OK);
    link(m, a, b, 100, 0);
    link(m, b, mk, 200, 1); /* wheat only */
    link(m, a, mk, 400, 0);
    link(m, a, h, 1, 0);
    link(m, h, mk, 1, 0);
    o.node = h;
    strcpy(o.option, "x");
    assert_int_equal(gf_model_add_hub_option(m, &o, &err), GF_OK);
    d.node = mk;
    d.alt_from = a;
    assert_int_equal(gf_model_add_demand(m, &d, &err), GF_OK);
    d.product = 1;
    assert_int_equal(gf_model_add_demand(m, &d, &err), GF_OK);
    assert_int_equal(gf_model_finish(m, &err), GF_OK);
    assert_int_equal(gf_model_demand(m, 0)->alt_cents_per_t, 1315);
    assert_int_equal(gf_model_demand(m, 1)->alt_cents_per_t, 1405);
    assert_int_equal(gf_model_set_link_cost(m, 2, 50, &err), GF_OK);
    assert_int_equal(gf_model_refresh_alt(m, &err), GF_OK);
    assert_int_equal(gf_model_demand(m, 0)->alt_cents_per_t, 1055);
    assert_int_equal(gf_model_demand(m, 1)->alt_cents_per_t, 1055);
    gf_model_destroy(m);

    m = create(1, 7);
    a = node(m, "A", 0);
    b = node(m, "B", 10);
    mk = node(m, "M", 5);
    v.from = a;
    v.to = b;
    assert_int_equal(gf_model_add_link(m, &v, false, &err), GF_OK);
    link(m, b, mk, 200, 0);
    d = (gf_demand){.node = mk, .t = 1, .has_alt_from = true, .alt_from = a};
    assert_int_equal(gf_model_add_demand(m, &d, &err), GF_OK);
    d.alt_from = mk; /* at the market itself: the FOB alone */
    d.alt_fob_cents_per_t = 77;
    assert_int_equal(gf_model_add_demand(m, &d, &err), GF_OK);
    assert_int_equal(gf_model_finish(m, &err), GF_OK);
    assert_int_equal(gf_model_demand(m, 0)->alt_cents_per_t, 100 + 33 + 10 + 200 + 5);
    assert_int_equal(gf_model_demand(m, 1)->alt_cents_per_t, 77);
    assert_int_equal(gf_model_version(m), 2);
    gf_model_destroy(m);
}

/* No path (only through a hub, or against the links): GF_EINVAL naming the
 * row's line in demand.csv, the alt_from and the market. */
static void test_model_v2_alt_from_no_path(void **state)
{
    gf_model *m = create(1, 7);
    gf_error err = {0};
    gf_demand d = {.t = 10, .has_alt_from = true, .line = 4};
    int32_t a, mk;

    (void)state;
    a = node(m, "A", 0);
    mk = node(m, "M", 0);
    link(m, mk, a, 100, 0);
    d.node = mk;
    d.alt_from = a;
    assert_int_equal(gf_model_add_demand(m, &d, &err), GF_OK);
    assert_int_equal(gf_model_finish(m, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "no path from alt_from 'A' to market 'M'"));
    assert_string_equal(err.input, "demand.csv");
    assert_int_equal(err.line, 4);
    gf_model_destroy(m);
}

/* Conversions: checks at add, products checked at finish. */
static void test_model_v2_conversions(void **state)
{
    gf_model *m = create(1, 7);
    gf_error err = {0};
    gf_conversion c = {.from_product = 0, .to_product = 1, .yield = 0.75, .capacity_t = 100};

    (void)state;
    c.node = node(m, "A", 0);
    assert_int_equal(gf_model_add_conversion(m, &c, &err), GF_OK);
    c.yield = 0;
    assert_int_equal(gf_model_add_conversion(m, &c, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "yield must be a number > 0"));
    gf_error_clear(&err);
    c.yield = 1;
    c.to_product = 0;
    assert_int_equal(gf_model_add_conversion(m, &c, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_model_conversion_count(m), 1);
    assert_true(gf_model_conversion(m, 0)->yield == 0.75);
    assert_int_equal(gf_model_version(m), 2);
    assert_int_equal(gf_model_finish(m, &err), GF_EINVAL); /* product 1 does not exist */
    gf_error_clear(&err);
    assert_int_equal(gf_model_add_product(m, "wheat", NULL, NULL, &err), GF_OK);
    assert_int_equal(gf_model_add_product(m, "flour", NULL, NULL, &err), GF_OK);
    assert_int_equal(gf_model_finish(m, &err), GF_OK);
    gf_model_destroy(m);
}

/* Build a small v2 model (products, hub, override, alt_from) and finish it. */
static int build_small(gf_error *err)
{
    gf_model *m = gf_model_create(err);
    gf_node n = {.id = "A", .name = "A", .country = "", .throughput_t = GF_UNLIMITED};
    gf_link l = {.from = 0, .to = 1, .cost_cents_per_t = 10, .capacity_t = GF_UNLIMITED};
    gf_demand d = {.node = 1, .period = -1, .t = 5, .has_alt_from = true};
    gf_hub_option o = {.node = 2, .option = "x", .throughput_t = 5};
    gf_period_override po = {.ref = 0, .period = 1, .t = 3};
    int rc;

    if (!m)
        return err->code;
    rc = gf_model_set_horizon(m, 3, 7, GF_HORIZON_OPEN, err);
    if (!rc)
        rc = gf_model_add_node(m, &n, NULL, err);
    n.id = "M";
    if (!rc)
        rc = gf_model_add_node(m, &n, NULL, err);
    n.id = "H";
    if (!rc)
        rc = gf_model_add_node(m, &n, NULL, err);
    if (!rc)
        rc = gf_model_add_product(m, "wheat", NULL, NULL, err);
    if (!rc)
        rc = gf_model_add_product(m, "flour", NULL, NULL, err);
    if (!rc)
        rc = gf_model_add_link(m, &l, true, err);
    if (!rc)
        rc = gf_model_add_demand(m, &d, err);
    if (!rc)
        rc = gf_model_add_hub_option(m, &o, err);
    if (!rc)
        rc = gf_model_add_link_period(m, &po, err);
    if (!rc)
        rc = gf_model_add_node_period(m, &po, err);
    if (!rc)
        rc = gf_model_finish(m, err);
    if (!rc && gf_model_demand(m, 1)->alt_cents_per_t != 10)
        rc = GF_EINTERNAL;
    gf_model_destroy(m);
    return rc;
}

static void test_model_v2_survives_every_failed_allocation(void **state)
{
    long fail_at;
    int rc = GF_ENOMEM;

    (void)state;
    for (fail_at = 0; rc == GF_ENOMEM && fail_at < 10000; fail_at++) {
        gf_error err = {0};
        failing_alloc_arm(fail_at);
        rc = build_small(&err);
        failing_alloc_disarm();
        if (rc)
            assert_int_equal(err.code, GF_ENOMEM);
    }
    assert_int_equal(rc, GF_OK);
    assert_true(fail_at > 10);
}

static void test_model_v2_setters(void **state)
{
    gf_model *m = create(1, 365);
    gf_error err = {0};
    gf_demand d = {.period = 0, .t = 10, .has_alt_from = true, .alt_fob_cents_per_t = 1000};
    gf_hub_option o = {.throughput_t = 10, .fixed_cents_per_year = 50000};
    int32_t a, mk, h;

    (void)state;
    a = node(m, "A", 0);
    mk = node(m, "M", 5);
    h = node(m, "H", 0);
    link(m, a, mk, 400, 0);
    link(m, a, h, 1, 0);
    o.node = h;
    strcpy(o.option, "x");
    assert_int_equal(gf_model_add_hub_option(m, &o, &err), GF_OK);
    d.node = mk;
    d.alt_from = a;
    assert_int_equal(gf_model_add_demand(m, &d, &err), GF_OK);
    d = (gf_demand){.node = mk, .t = 5, .alt_cents_per_t = 2000, .line = 7};
    assert_int_equal(gf_model_add_demand(m, &d, &err), GF_OK);
    assert_int_equal(gf_model_finish(m, &err), GF_OK);
    assert_int_equal(gf_model_demand(m, 0)->alt_cents_per_t, 1000 + 400 + 5);
    /* the FOB set, the price follows once refreshed */
    assert_int_equal(gf_model_set_alt_fob(m, 0, 1250, &err), GF_OK);
    assert_int_equal(gf_model_refresh_alt(m, &err), GF_OK);
    assert_int_equal(gf_model_demand(m, 0)->alt_cents_per_t, 1250 + 400 + 5);
    /* refused, the model unchanged: a row without alt_from, a negative or
     * too large price, a bad row */
    assert_int_equal(gf_model_set_alt_fob(m, 1, 10, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "demand row 7 has no alt_from"));
    assert_int_equal(gf_model_demand(m, 1)->alt_cents_per_t, 2000);
    gf_error_clear(&err);
    assert_int_equal(gf_model_set_alt_fob(m, 0, -1, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "alt_fob_usd_per_t"));
    gf_error_clear(&err);
    assert_int_equal(gf_model_set_alt_fob(m, 0, GF_MODEL_MAX_VALUE + 1, &err), GF_EINVAL);
    assert_int_equal(gf_model_set_alt_fob(m, 2, 10, &err), GF_EINVAL);
    assert_int_equal(gf_model_demand(m, 0)->alt_fob_cents_per_t, 1250);
    /* the hub's fixed cost: over one 365-day period, the year's figure */
    assert_int_equal(gf_model_hub_fixed_cents(m, 0), 50000);
    assert_int_equal(gf_model_set_hub_fixed(m, 0, 123456, &err), GF_OK);
    assert_int_equal(gf_model_hub_fixed_cents(m, 0), 123456);
    gf_error_clear(&err);
    assert_int_equal(gf_model_set_hub_fixed(m, 0, -5, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "fixed_usd_per_year"));
    assert_int_equal(gf_model_set_hub_fixed(m, 1, 5, &err), GF_EINVAL);
    assert_int_equal(gf_model_hub_fixed_cents(m, 0), 123456);
    gf_model_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_v2_products),
        cmocka_unit_test(test_model_v2_rows_merge_per_product),
        cmocka_unit_test(test_model_v2_departure_share),
        cmocka_unit_test(test_model_v2_link_checks),
        cmocka_unit_test(test_model_v2_hub_fixed_cost),
        cmocka_unit_test(test_model_v2_hub_checks),
        cmocka_unit_test(test_model_v2_period_overrides),
        cmocka_unit_test(test_model_v2_alt_from_prices),
        cmocka_unit_test(test_model_v2_alt_from_no_path),
        cmocka_unit_test(test_model_v2_conversions),
        cmocka_unit_test(test_model_v2_setters),
        cmocka_unit_test(test_model_v2_survives_every_failed_allocation),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
