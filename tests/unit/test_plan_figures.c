/* tests/unit/test_plan_figures.c: the answer figures of src/plan/plan_figures.c
 * on hand-worked models (a value carried through storage across the cyclic
 * wrap, an unreachable origin, an open horizon's late arrival, a hub's own
 * and transshipped tonnes), the thousands formatter, the report's SHA-256 on
 * the FIPS 180-4 test vectors, and estimates.csv read under failed allocations.
 * SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "export/report_int.h"
#include "grainflow/plan.h"
#include "grainflow/scenario.h"
#include "support/failing_alloc.h"

static int32_t add_node(gf_model *m, const char *id, gf_node_kind k, int64_t storage_t,
                        int64_t storage_cents)
{
    gf_error err = {0};
    gf_node n = {.id = id,
                 .name = id,
                 .country = "XX",
                 .kind = k,
                 .throughput_t = GF_UNLIMITED,
                 .storage_t = storage_t,
                 .storage_cents_per_t = storage_cents};
    int32_t i = -1;

    assert_int_equal(gf_model_add_node(m, &n, &i, &err), GF_OK);
    return i;
}

static void add_link(gf_model *m, int32_t from, int32_t to, int64_t cents, double days)
{
    gf_error err = {0};
    gf_link l = {.from = from,
                 .to = to,
                 .mode = GF_MODE_RAIL,
                 .cost_cents_per_t = cents,
                 .transit_days = days,
                 .capacity_t = GF_UNLIMITED};

    assert_int_equal(gf_model_add_link(m, &l, false, &err), GF_OK);
}

static const gf_plan_origin *origin(const gf_plan *p, int32_t node)
{
    for (int32_t i = 0; i < p->n_origins; i++)
        if (p->origins[i].node == node)
            return &p->origins[i];
    fail_msg("no origin figures for node %d", node);
    return NULL;
}

/* O offers 10 t in period 2 only; M wants 20 t in period 1 only (alt 30.00).
 * The tonne is bought in period 2, stored at O over the wrap (1.00) and
 * railed in period 1 (5.00, same period): netback 30 - 6 = 24, and the next
 * tonne, valued at M's marginal 30.00 (10 t there are bought elsewhere),
 * saves 30 - 6 - 10 = 14. U offers 5 t but has no link. */
static void test_figures_value_through_storage_and_wrap(void **state)
{
    gf_error err = {0};
    gf_model *m = gf_model_create(&err);
    gf_supply s = {.node = 0, .period = 1, .t = 10, .price_cents_per_t = 1000, .line = 0},
              u = {.node = 0, .period = 0, .t = 5, .price_cents_per_t = 100, .line = 0};
    gf_demand d = {.node = 0, .period = 0, .t = 20, .alt_cents_per_t = 3000, .line = 0};
    int32_t o, mk, un;
    const gf_plan_origin *g;
    gf_plan *p;

    (void)state;
    assert_int_equal(gf_model_set_horizon(m, 2, 7, GF_HORIZON_CYCLIC, &err), GF_OK);
    o = add_node(m, "O", GF_NODE_ORIGIN, 100, 100);
    mk = add_node(m, "M", GF_NODE_MARKET, 0, 0);
    un = add_node(m, "U", GF_NODE_ORIGIN, 0, 0);
    add_link(m, o, mk, 500, 0);
    s.node = o;
    d.node = mk;
    u.node = un;
    assert_int_equal(gf_model_add_supply(m, &s, &err), GF_OK);
    assert_int_equal(gf_model_add_supply(m, &u, &err), GF_OK);
    assert_int_equal(gf_model_add_demand(m, &d, &err), GF_OK);
    assert_int_equal(gf_model_finish(m, &err), GF_OK);
    p = gf_plan_solve(m, &err);
    assert_non_null(p);
    assert_int_equal(p->delivered_t, 10);
    assert_int_equal(p->saving_cents, 10 * (3000 - 1600));
    assert_int_equal(p->landed_avg_cents, 1600);
    assert_int_equal(p->n_origins, 2);
    g = origin(p, o);
    assert_int_equal(g->offered_t, 10);
    assert_int_equal(g->sold_t, 10);
    assert_int_equal(g->netback_cents_per_t, 2400);
    assert_int_equal(g->margin_cents_per_t, 1400);
    assert_int_equal(g->best_market, mk);
    assert_int_equal(g->best_supply_period, 1);
    assert_int_equal(g->best_period, 0);
    assert_int_equal(g->first_link, 0); /* the storage step is skipped */
    assert_int_equal(g->first_link_cents_per_t, 500);
    g = origin(p, un);
    assert_int_equal(g->offered_t, 5);
    assert_int_equal(g->sold_t, 0);
    assert_int_equal(g->best_market, -1);
    assert_int_equal(g->first_link, -1);
    gf_plan_destroy(p);
    gf_model_destroy(m);
}

/* Open horizon, 2 periods: the 10-day link O -> H never arrives in time, and
 * no demand is in period 2, so O's period-2 offer reaches nothing. Its
 * period-1 offer (6 t at 10.00) goes over the same-day link (3.00) to the
 * hub H, which keeps 4 t for its own demand and transships 2 t to M (2.00).
 * H's marginal landed cost is 28.00 (one more tonne there is taken from M,
 * which then buys it at 30.00), so O's next tonne saves 28 - 3 - 10 = 15. */
static void test_figures_open_horizon_and_hub(void **state)
{
    gf_error err = {0};
    gf_model *m = gf_model_create(&err);
    gf_supply late = {.node = 0, .period = 1, .t = 7, .price_cents_per_t = 1000, .line = 0},
              early = {.node = 0, .period = 0, .t = 6, .price_cents_per_t = 1000, .line = 0};
    gf_demand dm = {.node = 0, .period = 0, .t = 100, .alt_cents_per_t = 3000, .line = 0},
              dh = {.node = 0, .period = 0, .t = 4, .alt_cents_per_t = 3000, .line = 0};
    int32_t o, h, mk;
    const gf_plan_origin *g;
    gf_plan *p;

    (void)state;
    assert_int_equal(gf_model_set_horizon(m, 2, 7, GF_HORIZON_OPEN, &err), GF_OK);
    o = add_node(m, "O", GF_NODE_ORIGIN, 0, 0);
    h = add_node(m, "H", GF_NODE_HUB, 0, 0);
    mk = add_node(m, "M", GF_NODE_MARKET, 0, 0);
    add_link(m, o, h, 200, 10); /* lag 2: from period 1 it arrives after the horizon */
    add_link(m, o, h, 300, 0);  /* lag 0 */
    add_link(m, h, mk, 200, 0);
    late.node = early.node = o;
    dm.node = mk;
    dh.node = h;
    assert_int_equal(gf_model_add_supply(m, &late, &err), GF_OK);
    assert_int_equal(gf_model_add_supply(m, &early, &err), GF_OK);
    assert_int_equal(gf_model_add_demand(m, &dm, &err), GF_OK);
    assert_int_equal(gf_model_add_demand(m, &dh, &err), GF_OK);
    assert_int_equal(gf_model_finish(m, &err), GF_OK);
    p = gf_plan_solve(m, &err);
    assert_non_null(p);
    g = origin(p, o);
    assert_int_equal(g->offered_t, 13);
    assert_int_equal(g->sold_t, 6);
    assert_int_equal(g->best_supply_period, 0);
    assert_int_equal(g->best_market, h); /* ties with M - 2.00: the first found */
    assert_int_equal(g->margin_cents_per_t, 2800 - 300 - 1000);
    assert_int_equal(g->first_link, 1);
    assert_int_equal(p->n_hubs, 1);
    for (int32_t i = 0; i < p->n_hubs; i++) {
        const gf_plan_hub *x = &p->hubs[i];
        assert_int_equal(x->node, h);
        assert_int_equal(x->received_own_t, 4);
        assert_int_equal(x->transshipped_t, 2);
        assert_int_equal(x->shipped_t, 2);
        assert_int_equal(x->throughput_t, 6);
    }
    gf_plan_destroy(p);
    gf_model_destroy(m);
}

/* One period, every market short (each one's marginal landed cost is its
 * alternative price, 30.00), so O's next tonne is worth 30 - 5 = 25 at A and
 * at B over one link each, and 30 - 2 - 3 = 25 at C through the hub H over
 * two. The tie goes to the nearer market (B or A over C), then to the lower
 * demand row (B, row 1, over A, row 2), not to link order (O -> A is link
 * 0) nor to the lowest row (C is row 0). */
static void test_figures_ties_go_to_the_nearer_market_then_the_lower_row(void **state)
{
    gf_error err = {0};
    gf_model *m = gf_model_create(&err);
    gf_supply s = {.node = 0, .period = 0, .t = 10, .price_cents_per_t = 1000, .line = 0};
    gf_demand d = {.node = 0, .period = 0, .t = 100, .alt_cents_per_t = 3000, .line = 0};
    int32_t o, a, b, h, c;
    const gf_plan_origin *g;
    gf_plan *p;

    (void)state;
    assert_int_equal(gf_model_set_horizon(m, 1, 7, GF_HORIZON_CYCLIC, &err), GF_OK);
    o = add_node(m, "O", GF_NODE_ORIGIN, 0, 0);
    a = add_node(m, "A", GF_NODE_MARKET, 0, 0);
    b = add_node(m, "B", GF_NODE_MARKET, 0, 0);
    h = add_node(m, "H", GF_NODE_HUB, 0, 0);
    c = add_node(m, "C", GF_NODE_MARKET, 0, 0);
    add_link(m, o, a, 500, 0); /* link 0 */
    add_link(m, o, h, 200, 0);
    add_link(m, h, c, 300, 0);
    add_link(m, o, b, 500, 0); /* link 3 */
    s.node = o;
    assert_int_equal(gf_model_add_supply(m, &s, &err), GF_OK);
    d.node = c; /* row 0 */
    assert_int_equal(gf_model_add_demand(m, &d, &err), GF_OK);
    d.node = b; /* row 1 */
    assert_int_equal(gf_model_add_demand(m, &d, &err), GF_OK);
    d.node = a; /* row 2 */
    assert_int_equal(gf_model_add_demand(m, &d, &err), GF_OK);
    assert_int_equal(gf_model_finish(m, &err), GF_OK);
    p = gf_plan_solve(m, &err);
    assert_non_null(p);
    assert_int_equal(p->unmet_t, 290);
    g = origin(p, o);
    assert_int_equal(g->margin_cents_per_t, 3000 - 500 - 1000);
    assert_int_equal(g->best_market, b);
    assert_int_equal(g->first_link, 3);
    assert_int_equal(g->first_link_cents_per_t, 500);
    gf_plan_destroy(p);
    gf_model_destroy(m);
}

/* gf_model_departure undoes gf_model_arrival for every link and period: on a
 * cyclic horizon across the wrap, on an open one -1 where nothing departs in
 * time. */
static void test_figures_departure_inverts_arrival(void **state)
{
    for (int open = 0; open < 2; open++) {
        gf_error err = {0};
        gf_model *m = gf_model_create(&err);
        int32_t x, y;

        (void)state;
        assert_int_equal(
            gf_model_set_horizon(m, 4, 7, open ? GF_HORIZON_OPEN : GF_HORIZON_CYCLIC, &err), GF_OK);
        x = add_node(m, "X", GF_NODE_ORIGIN, 0, 0);
        y = add_node(m, "Y", GF_NODE_MARKET, 0, 0);
        add_link(m, x, y, 100, 0);  /* lag 0 */
        add_link(m, x, y, 100, 10); /* lag 2 */
        add_link(m, y, x, 100, 21); /* lag 3 */
        assert_int_equal(gf_model_finish(m, &err), GF_OK);
        for (int32_t l = 0; l < gf_model_link_count(m); l++) {
            int32_t departs = 0;
            for (int32_t t = 0; t < 4; t++) {
                int32_t ta = gf_model_arrival(m, l, t);
                if (ta >= 0)
                    assert_int_equal(gf_model_departure(m, l, ta), t);
                departs += gf_model_departure(m, l, t) >= 0;
            }
            /* every period is reached on a cyclic horizon; on an open one
             * only those at or after the lag */
            assert_int_equal(departs, open ? 4 - gf_model_link(m, l)->lag : 4);
        }
        gf_model_destroy(m);
    }
}

static void test_figures_tonnes_format(void **state)
{
    char b[40];

    (void)state;
    assert_string_equal(gf_tonnes_format(0, b, sizeof b), "0");
    assert_string_equal(gf_tonnes_format(999, b, sizeof b), "999");
    assert_string_equal(gf_tonnes_format(1000, b, sizeof b), "1,000");
    assert_string_equal(gf_tonnes_format(-1234567, b, sizeof b), "-1,234,567");
    assert_string_equal(gf_tonnes_format(INT64_MIN, b, sizeof b), "-9,223,372,036,854,775,808");
    assert_string_equal(gf_tonnes_format(1234567, b, 4), "1,2"); /* what fits, terminated */
}

static void hash_of(const void *data, size_t n, size_t repeat, char hex[65])
{
    gf_sha256 s;

    gf__sha256_init(&s);
    for (size_t i = 0; i < repeat; i++)
        gf__sha256_update(&s, data, n);
    gf__sha256_hex(&s, hex);
}

static void test_figures_sha256_vectors(void **state)
{
    char hex[65], a[1000];
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

    (void)state;
    hash_of("", 0, 1, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    hash_of("abc", 3, 1, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    hash_of(two, strlen(two), 1, hex); /* 56 bytes: the padding takes a second block */
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    memset(a, 'a', sizeof a);
    hash_of(a, sizeof a, 1000, hex); /* one million 'a' */
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* The default scenario's estimates.csv, every allocation failed in turn. */
static void test_figures_estimates_survive_every_failed_allocation(void **state)
{
    gf_scenario_estimates *e = NULL;
    long at;

    (void)state;
    for (at = 0; !e && at < 1000; at++) {
        gf_error err = {0};
        int rc;
        failing_alloc_arm(at);
        rc = gf_scenario_read_estimates("data/kz-ma-africa-v1", &e, &err);
        failing_alloc_disarm();
        if (rc)
            assert_int_equal(err.code, GF_ENOMEM);
        else
            assert_non_null(e);
    }
    assert_non_null(e);
    assert_true(at > 2);
    assert_true(e->n >= 10);
    assert_string_equal(e->rows[0].file, "supply.csv");
    assert_string_equal(e->rows[0].column, "price_usd_per_t");
    gf_scenario_estimates_destroy(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_figures_value_through_storage_and_wrap),
        cmocka_unit_test(test_figures_open_horizon_and_hub),
        cmocka_unit_test(test_figures_ties_go_to_the_nearer_market_then_the_lower_row),
        cmocka_unit_test(test_figures_departure_inverts_arrival),
        cmocka_unit_test(test_figures_tonnes_format),
        cmocka_unit_test(test_figures_sha256_vectors),
        cmocka_unit_test(test_figures_estimates_survive_every_failed_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
