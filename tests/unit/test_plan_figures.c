/* tests/unit/test_plan_figures.c: the answer figures of src/plan/plan_figures.c
 * on hand-worked models (a value carried through storage across the cyclic
 * wrap, an unreachable origin, an open horizon's late arrival, a hub's own
 * and transshipped tonnes), the origins against a Bellman-Ford oracle on
 * random corridors and over 36 warm what-ifs of every edit kind (with resets
 * and rebuilds) on the default scenario, the thousands formatter, the report's SHA-256 on
 * the FIPS 180-4 test vectors, and estimates.csv read under failed allocations.
 * SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "export/report_int.h"
#include "grainflow/alloc.h"
#include "grainflow/edit.h"
#include "grainflow/plan.h"
#include "grainflow/scenario.h"
#include "grainflow/whatif.h"
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

static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

/* The value labels of plan_figures.c by Bellman-Ford rounds instead of its
 * Dijkstra and heap: per state (node x period) the best (value, hops,
 * anchor) over every path to a demand row, seeded with each row's landed
 * cost; v[] NO when no row is reached. */
#define NO INT64_MIN
static void oracle_labels(const gf_plan *p, int64_t *v, int32_t *hops, int32_t *anchor)
{
    const gf_model *m = p->model;
    int32_t np = gf_model_periods(m), nn = gf_model_node_count(m);
    bool cyclic = gf_model_horizon(m) == GF_HORIZON_CYCLIC, moved = true;

    for (int32_t i = 0; i < nn * np; i++) {
        v[i] = NO;
        hops[i] = 0;
        anchor[i] = -1;
    }
    for (int32_t i = 0; i < p->n_markets; i++) {
        const gf_demand *d = gf_model_demand(m, p->markets[i].demand);
        int32_t s = d->node * np + d->period;
        if (d->t > 0 && p->markets[i].landed_cents_per_t > v[s]) {
            v[s] = p->markets[i].landed_cents_per_t;
            anchor[s] = p->markets[i].demand;
        }
    }
    while (moved) { /* each link at each arrival period, then each storage step, to a fixed point */
        moved = false;
        for (int32_t l = 0; l < gf_model_link_count(m) + nn; l++) {
            for (int32_t ta = 0; ta < np; ta++) {
                int32_t f, t, s;
                int64_t c, x;
                if (l < gf_model_link_count(m)) { /* s = (to, ta) labels (from, departure) */
                    s = gf_model_link(m, l)->to * np + ta;
                    if ((t = gf_model_departure(m, l, ta)) < 0)
                        continue;
                    f = gf_model_link(m, l)->from * np + t;
                    c = gf_model_link_cents_per_t(m, l);
                } else { /* the storage step into (w, ta) from the period before */
                    const gf_node *nd = gf_model_node(m, l - gf_model_link_count(m));
                    int32_t w = l - gf_model_link_count(m);
                    s = w * np + ta;
                    if (nd->storage_t <= 0 || (ta == 0 && !cyclic))
                        continue;
                    f = w * np + (ta > 0 ? ta - 1 : np - 1);
                    c = nd->storage_cents_per_t;
                }
                if (v[s] == NO)
                    continue;
                x = v[s] - c;
                if (x > v[f] || (x == v[f] && (hops[s] + 1 < hops[f] || (hops[s] + 1 == hops[f] &&
                                                                         anchor[s] < anchor[f])))) {
                    v[f] = x;
                    hops[f] = hops[s] + 1;
                    anchor[f] = anchor[s];
                    moved = true;
                }
            }
        }
    }
}

/* What check_origins counts over the plans it checks. */
typedef struct origin_counts {
    int checked, unreachable, ties, sold_any;
} origin_counts;

/* Every origin of p against the oracle on p's own landed costs: offered
 * tonnes, margin, best market, best period and best offer period, sold
 * tonnes and netback (from p's routes), and the first leg's cost. */
static void check_origins(const gf_plan *p, int round, origin_counts *n)
{
    const gf_model *m = p->model;
    int32_t np = gf_model_periods(m), nn = gf_model_node_count(m);
    int64_t *v = calloc((size_t)nn * (size_t)np, sizeof *v);
    int32_t *hops = calloc((size_t)nn * (size_t)np, sizeof *hops);
    int32_t *anc = calloc((size_t)nn * (size_t)np, sizeof *anc);

    assert_non_null(v);
    assert_non_null(hops);
    assert_non_null(anc);
    oracle_labels(p, v, hops, anc);
    for (int32_t k = 0; k < p->n_origins; k++) {
        const gf_plan_origin *o = &p->origins[k];
        int64_t offered = 0, margin = 0;
        int32_t best = -1;
        for (int32_t i = 0; i < gf_model_supply_count(m); i++) {
            const gf_supply *s = gf_model_supply(m, i);
            int32_t st = s->node * np + s->period;
            if (s->node != o->node || s->t <= 0)
                continue;
            offered += s->t;
            if (v[st] == NO)
                continue;
            if (best >= 0 && v[st] - s->price_cents_per_t == margin)
                n->ties++;
            if (best < 0 || v[st] - s->price_cents_per_t > margin) {
                margin = v[st] - s->price_cents_per_t;
                best = i;
            }
        }
        assert_int_equal(o->offered_t, offered);
        { /* sold and netback from the routes bought at the origin */
            int64_t sold = 0, earned = 0;
            for (int32_t i = 0; i < p->n_routes; i++) {
                const gf_plan_route *r = &p->routes[i];
                const gf_supply *s = gf_model_supply(m, r->supply);
                if (s->node != o->node)
                    continue;
                sold += r->t;
                earned += r->t * (gf_model_demand(m, r->demand)->alt_cents_per_t -
                                  (r->cents_per_t - s->price_cents_per_t));
            }
            assert_int_equal(o->sold_t, sold);
            assert_int_equal(o->netback_cents_per_t, sold > 0 ? earned / sold : 0);
            n->sold_any += sold > 0;
        }
        if (o->first_link >= 0)
            assert_int_equal(o->first_link_cents_per_t,
                             gf_model_link_cents_per_t(m, o->first_link));
        if (best < 0) {
            assert_int_equal(o->best_market, -1);
            n->unreachable++;
            continue;
        }
        {
            const gf_supply *s = gf_model_supply(m, best);
            const gf_demand *d = gf_model_demand(m, anc[s->node * np + s->period]);
            if (o->margin_cents_per_t != margin || o->best_market != d->node ||
                o->best_period != d->period || o->best_supply_period != s->period ||
                o->price_cents_per_t != s->price_cents_per_t)
                fail_msg("round %d, origin %d: margin %lld at %d/%d from %d, oracle %lld at "
                         "%d/%d from %d",
                         round, (int)o->node, (long long)o->margin_cents_per_t, (int)o->best_market,
                         (int)o->best_period, (int)o->best_supply_period, (long long)margin,
                         (int)d->node, (int)d->period, (int)s->period);
        }
        n->checked++;
    }
    free(v);
    free(hops);
    free(anc);
}

/* Seeded random corridors (origins, hubs with storage, markets; lags of 0
 * to 2 periods; cyclic and open horizons): every origin's offered tonnes,
 * margin, best market, best period and best offer period are those of the
 * Bellman-Ford oracle above, its sold tonnes and netback those of its routes, so the heap's order
 * and its tie-breaks are checked on more than the hand-worked cases. */
static void test_figures_origins_match_a_bellman_ford_oracle(void **state)
{
    uint32_t seed = 20261202u;
    origin_counts cnt = {0};

    (void)state;
    for (int round = 0; round < 30; round++) {
        gf_error err = {0};
        gf_model *m = gf_model_create(&err);
        int32_t np = 4 + (int32_t)(lcg(&seed) % 4), nn = 9, n_links = 0;
        gf_horizon h = round % 2 ? GF_HORIZON_OPEN : GF_HORIZON_CYCLIC;
        gf_plan *p;

        assert_int_equal(gf_model_set_horizon(m, np, 7, h, &err), GF_OK);
        for (int32_t n = 0; n < nn; n++) {
            char id[16]; /* "N" and an int: room for any, as -Wformat-truncation checks */
            snprintf(id, sizeof id, "N%d", (int)n);
            add_node(m, id,
                     n < 3   ? GF_NODE_ORIGIN
                     : n < 6 ? GF_NODE_HUB
                             : GF_NODE_MARKET,
                     n >= 3 && n < 6 && lcg(&seed) % 2 ? 1000 : 0,
                     50 + (int64_t)(lcg(&seed) % 4) * 50);
        }
        for (int32_t a = 0; a < nn; a++)
            for (int32_t b = 0; b < nn; b++)
                if (a != b && a < 6 && b >= 3 && lcg(&seed) % 3 == 0) {
                    /* costs in steps of 100 so that equal values happen */
                    add_link(m, a, b, 100 * (1 + (int64_t)(lcg(&seed) % 8)),
                             (double)(lcg(&seed) % 3) * 7);
                    n_links++;
                }
        for (int32_t n = 0; n < 3; n++)
            for (int32_t t = 0; t < np; t++) {
                gf_supply s = {.node = n,
                               .period = t,
                               .t = (int64_t)(lcg(&seed) % 40),
                               .price_cents_per_t = 1000 + 100 * (int64_t)(lcg(&seed) % 10)};
                assert_int_equal(gf_model_add_supply(m, &s, &err), GF_OK);
            }
        for (int32_t n = 6; n < nn; n++)
            for (int32_t t = 0; t < np; t++) {
                gf_demand d = {.node = n,
                               .period = t,
                               .t = (int64_t)(lcg(&seed) % 60),
                               .alt_cents_per_t = 3000 + 100 * (int64_t)(lcg(&seed) % 30)};
                assert_int_equal(gf_model_add_demand(m, &d, &err), GF_OK);
            }
        assert_true(n_links > 0);
        assert_int_equal(gf_model_finish(m, &err), GF_OK);
        p = gf_plan_solve(m, &err);
        if (!p)
            fail_msg("round %d: %s", round, err.msg);
        check_origins(p, round, &cnt);
        gf_plan_destroy(p);
        gf_model_destroy(m);
    }
    assert_true(cnt.checked >= 40);  /* most origins reach a market */
    assert_true(cnt.ties > 0);       /* and equal margins occur, so tie-breaks are compared */
    assert_true(cnt.sold_any >= 20); /* and netbacks are compared */
}
#undef NO

/* 36 seeded what-ifs on the default scenario through one gf_whatif (warm
 * applies of every edit kind, resets between some, set_node's storage and
 * close_transit rebuilding the network): every plan's origins are the
 * oracle's on that plan's own landed costs, so what a warm solve leaves
 * behind (another optimal basis, other potentials) cannot slip past. */
static void test_figures_origins_match_the_oracle_over_whatifs(void **state)
{
    static const char *const nodes[] = {"KZ_KOSTANAY",   "KZ_AKTAU",      "AZ_ALAT",  "GE_POTI",
                                        "MA_CASABLANCA", "MA_TANGER_MED", "SN_DAKAR", "NG_LAGOS"};
    static const char *const modes[] = {"sea", "rail", "road"};
    uint32_t seed = 7u;
    gf_error err = {0};
    size_t len = 0;
    char *scn = gf_scenario_json_from_csv("data/kz-ma-africa-v1", &len, &err);
    gf_whatif *w;
    origin_counts cnt = {0};
    int kinds[8] = {0}, rebuilt = 0, resets = 0;

    (void)state;
    if (!scn)
        fail_msg("%s: %s", err.input, err.msg);
    w = gf_whatif_create(scn, len, NULL, 0, &err);
    if (!w)
        fail_msg("%s", err.msg);
    for (int round = 0; round < 36; round++) {
        char e[256];
        int kind = round % 8, pct = (int)(lcg(&seed) % 61) - 30;
        const char *node = nodes[lcg(&seed) % 8];
        gf_edits *l = gf_edits_create(&err);
        gf_plan *p;
        assert_non_null(l);
        switch (kind) {
        case 0:
            snprintf(e, sizeof e, "{\"op\":\"scale_freight\",\"mode\":\"%s\",\"pct\":%d}",
                     modes[lcg(&seed) % 3], pct);
            break;
        case 1:
            snprintf(e, sizeof e, "{\"op\":\"scale_demand\",\"node\":\"%s\",\"pct\":%d}", node,
                     pct);
            break;
        case 2:
            snprintf(e, sizeof e, "{\"op\":\"scale_supply\",\"pct\":%d}", pct);
            break;
        case 3:
            snprintf(e, sizeof e, "{\"op\":\"set_node\",\"node\":\"%s\",\"handling_usd_per_t\":%d}",
                     node, 1 + (int)(lcg(&seed) % 20));
            break;
        case 4:
            snprintf(e, sizeof e, "{\"op\":\"close_node\",\"node\":\"%s\",\"periods\":[%d,%d]}",
                     node, 1 + (int)(lcg(&seed) % 20), 21 + (int)(lcg(&seed) % 20));
            break;
        case 5:
            snprintf(e, sizeof e,
                     "{\"op\":\"close_link\",\"from\":\"KZ_KOSTANAY\",\"to\":"
                     "\"KZ_AKTAU\",\"mode\":\"rail\"}");
            break;
        case 6:
            snprintf(e, sizeof e, "{\"op\":\"set_node\",\"node\":\"%s\",\"storage_t\":%d}", node,
                     1000 * (1 + (int)(lcg(&seed) % 50)));
            break;
        default:
            snprintf(e, sizeof e, "{\"op\":\"close_transit\",\"node\":\"%s\"}", node);
            break;
        }
        if (gf_edits_parse_arg(l, e, 0, &err) || gf_whatif_apply(w, l, &err)) /* takes l */
            fail_msg("round %d, %s: %s: %s", round, e, err.input, err.msg);
        p = gf_whatif_solve(w, &err);
        if (!p)
            fail_msg("round %d, %s: %s", round, e, err.msg);
        kinds[kind]++;
        rebuilt += !p->warm;
        check_origins(p, round, &cnt);
        gf_plan_destroy(p);
        if (round % 3 == 2) { /* and the base plan again, warm or rebuilt */
            assert_int_equal(gf_whatif_reset(w, &err), GF_OK);
            p = gf_whatif_solve(w, &err);
            assert_non_null(p);
            check_origins(p, round, &cnt);
            gf_plan_destroy(p);
            resets++;
        }
    }
    for (int k = 0; k < 8; k++)
        assert_true(kinds[k] >= 4);
    assert_true(rebuilt > 0); /* the structural edits rebuilt the network */
    assert_true(resets >= 10);
    assert_true(cnt.checked >= 7 * 36); /* every origin reaches a market in every plan */
    assert_true(cnt.sold_any > 0);
    gf_whatif_destroy(w);
    gf_free(scn, len + 1);
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
        cmocka_unit_test(test_figures_origins_match_a_bellman_ford_oracle),
        cmocka_unit_test(test_figures_origins_match_the_oracle_over_whatifs),
        cmocka_unit_test(test_figures_tonnes_format),
        cmocka_unit_test(test_figures_sha256_vectors),
        cmocka_unit_test(test_figures_estimates_survive_every_failed_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
