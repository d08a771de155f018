/* tests/unit/test_whatif.c: JSON scenarios and what-if edits: typed parsing
 * with JSON-pointer (and command-line) errors, integer scaling, warm
 * re-solves equal to cold ones, close_node equal to compare's "without",
 * lazy plans equal to eager ones, and failed allocations along the whole
 * what-if path.
 * Runs from the project root (tests/run.sh does): reads data/kz-ma-africa-v1.
 * SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "edit/whatif_int.h"
#include "grainflow/alloc.h"
#include "grainflow/edit.h"
#include "grainflow/scenario.h"
#include "grainflow/whatif.h"
#include "plan/plan_int.h"
#include "support/failing_alloc.h"

#define DEFAULT_DIR "data/kz-ma-africa-v1"
#define HUB_DIR     "tests/data/hub"

static char *scenario_text(size_t *len)
{
    gf_error err = {0};
    char *t = gf_scenario_json_from_csv(DEFAULT_DIR, len, &err);

    if (!t)
        fail_msg("%s: %s", err.input, err.msg);
    return t;
}

static gf_plan *run(const char *scn, size_t len, const char *edits, gf_whatif **w, gf_error *err)
{
    *w = gf_whatif_create(scn, len, edits, edits ? strlen(edits) : 0, err);
    if (!*w)
        return NULL;
    return gf_whatif_solve(*w, err);
}

static void test_whatif_json_round_trip_gives_the_folder_plan(void **state)
{
    gf_error err = {0};
    size_t len = 0;
    char *scn = scenario_text(&len);
    gf_model *m = gf_scenario_read_csv(DEFAULT_DIR, &err);
    gf_plan *direct, *via;
    gf_whatif *w = NULL;

    (void)state;
    assert_non_null(m);
    direct = gf_plan_solve(m, &err);
    assert_non_null(direct);
    via = run(scn, len, "[]", &w, &err);
    if (!via)
        fail_msg("%s:%ld:%ld: %s", err.input, err.line, err.column, err.msg);
    assert_int_equal(gf_model_node_count(gf_whatif_model(w)), gf_model_node_count(m));
    assert_int_equal(gf_model_link_count(gf_whatif_model(w)), gf_model_link_count(m));
    assert_int_equal(via->cost.total, direct->cost.total);
    assert_int_equal(via->delivered_t, direct->delivered_t);
    gf_plan_destroy(via);
    gf_whatif_destroy(w);
    gf_plan_destroy(direct);
    gf_model_destroy(m);
    gf_free(scn, len + 1);
}

static void test_whatif_edits_move_the_plan(void **state)
{
    gf_error err = {0};
    size_t len = 0;
    char *scn = scenario_text(&len);
    gf_whatif *w0 = NULL, *w1 = NULL, *w2 = NULL, *w3 = NULL;
    gf_plan *base = run(scn, len, NULL, &w0, &err);
    gf_plan *dear, *closed, *cheap_hub;
    int64_t used_sea = 0;

    (void)state;
    assert_non_null(base);
    for (int32_t i = 0; i < base->n_flows; i++)
        if (gf_model_link(base->model, base->flows[i].link)->mode == GF_MODE_SEA)
            used_sea += base->flows[i].t;
    assert_true(used_sea > 0);

    /* dearer sea freight can only cost more; the delivered tonnes move too */
    dear = run(scn, len, "[{\"op\":\"scale_freight\",\"mode\":\"sea\",\"pct\":100}]", &w1, &err);
    assert_non_null(dear);
    assert_true(dear->cost.total > base->cost.total);

    /* closing every market's supply origin... here: every origin closed = nothing bought */
    {
        char edits[4096] = "[";
        size_t n = 1;
        const gf_model *m = gf_whatif_model(w0);
        for (int32_t i = 0; i < gf_model_node_count(m); i++)
            if (gf_model_node(m, i)->kind == GF_NODE_ORIGIN)
                n += (size_t)snprintf(edits + n, sizeof edits - n,
                                      "%s{\"op\":\"close_node\",\"node\":\"%s\"}", n > 1 ? "," : "",
                                      gf_model_node(m, i)->id);
        snprintf(edits + n, sizeof edits - n, "]");
        closed = run(scn, len, edits, &w2, &err);
        assert_non_null(closed);
        assert_int_equal(closed->delivered_t, 0);
        assert_int_equal(closed->cost.total, closed->cost.unmet);
    }

    /* a cheaper world (all supply at twice the tonnes) never costs more */
    cheap_hub = run(scn, len, "[{\"op\":\"scale_supply\",\"pct\":100}]", &w3, &err);
    assert_non_null(cheap_hub);
    assert_true(cheap_hub->cost.total <= base->cost.total);
    assert_true(cheap_hub->bought_t >= base->bought_t);

    gf_plan_destroy(cheap_hub);
    gf_plan_destroy(closed);
    gf_plan_destroy(dear);
    gf_plan_destroy(base);
    gf_whatif_destroy(w3);
    gf_whatif_destroy(w2);
    gf_whatif_destroy(w1);
    gf_whatif_destroy(w0);
    gf_free(scn, len + 1);
}

static void test_whatif_closing_a_link_in_some_periods(void **state)
{
    gf_error err = {0};
    size_t len = 0;
    char *scn = scenario_text(&len);
    gf_whatif *w0 = NULL, *w1 = NULL;
    gf_plan *base = run(scn, len, NULL, &w0, &err), *p;
    const gf_model *m;
    char edits[256];
    int32_t busy = -1;
    int64_t best = 0;

    (void)state;
    assert_non_null(base);
    m = base->model;
    for (int32_t i = 0; i < base->n_flows; i++)
        if (base->flows[i].t > best) {
            best = base->flows[i].t;
            busy = i;
        }
    assert_true(busy >= 0);
    {
        const gf_link *l = gf_model_link(m, base->flows[busy].link);
        snprintf(edits, sizeof edits,
                 "[{\"op\":\"close_link\",\"from\":\"%s\",\"to\":\"%s\",\"mode\":\"%s\","
                 "\"periods\":[%d]}]",
                 gf_model_node(m, l->from)->id, gf_model_node(m, l->to)->id, gf_mode_name(l->mode),
                 base->flows[busy].period + 1);
    }
    p = run(scn, len, edits, &w1, &err);
    assert_non_null(p);
    for (int32_t i = 0; i < p->n_flows; i++) {
        const gf_link *a = gf_model_link(p->model, p->flows[i].link);
        const gf_link *b = gf_model_link(m, base->flows[busy].link);
        if (a->from == b->from && a->to == b->to && a->mode == b->mode &&
            p->flows[i].period == base->flows[busy].period)
            fail_msg("closed link still carries %lld t", (long long)p->flows[i].t);
    }
    assert_true(p->cost.total >= base->cost.total);
    gf_plan_destroy(p);
    gf_plan_destroy(base);
    gf_whatif_destroy(w1);
    gf_whatif_destroy(w0);
    gf_free(scn, len + 1);
}

/* The form of an edits array without a scenario, through the one parser the
 * server and plan --edit use: GF_OK or GF_EINVAL / GF_EPARSE / GF_ELIMIT. */
static int check_edits(const char *edits, gf_error *err)
{
    gf_edits *l = gf_edits_create(err);
    int rc = l ? gf_edits_parse_json(l, edits, strlen(edits), err) : GF_ENOMEM;

    gf_edits_destroy(l);
    return rc;
}

static void test_whatif_rejects_bad_edits_with_their_place(void **state)
{
    static const struct {
        const char *edits;
        int code;
        const char *input;
    } cases[] = {
        {"{\"op\":\"scale_freight\"}", GF_EINVAL, "/edits"},
        {"[{\"op\":\"fly\"}]", GF_EINVAL, "/edits/0/op"},
        {"[{\"op\":\"scale_freight\",\"pct\":\"ten\"}]", GF_EINVAL, "/edits/0/pct"},
        {"[{\"op\":\"scale_freight\",\"pct\":-101}]", GF_EINVAL, "/edits/0/pct"},
        {"[{\"op\":\"scale_freight\",\"pct\":5,\"mode\":\"air\"}]", GF_EINVAL, "/edits/0/mode"},
        {"[{\"op\":\"scale_freight\",\"pct\":5,\"colour\":1}]", GF_EINVAL, "/edits/0/colour"},
        {"[{\"op\":\"close_node\"}]", GF_EINVAL, "/edits/0/node"},
        {"[{\"op\":\"close_node\",\"node\":\"X\",\"periods\":[0]}]", GF_EINVAL, "/edits/0/periods"},
        {"[{\"op\":\"set_node\",\"node\":\"X\",\"storage_t\":-1}]", GF_EINVAL,
         "/edits/0/storage_t"},
        {"[{\"op\":\"scale_freight\",\"pct\":1},{\"op\":\"close_link\",\"from\":\"A\"}]", GF_EINVAL,
         "/edits/1/to"},
        {"[{\"op\":", GF_EPARSE, "/edits"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gf_error err = {0};
        int rc = check_edits(cases[i].edits, &err);
        if (rc != cases[i].code || strcmp(err.input, cases[i].input) != 0)
            fail_msg("case %zu: got %d at \"%s\" (%s), want %d at \"%s\"", i, rc, err.input,
                     err.msg, cases[i].code, cases[i].input);
    }
}

static void test_whatif_unknown_ids_and_bad_rows_are_located(void **state)
{
    gf_error err = {0};
    size_t len = 0;
    char *scn = scenario_text(&len);
    gf_whatif *w;
    const char *e1 = "[{\"op\":\"close_node\",\"node\":\"ATLANTIS\"}]";
    const char *e2 = "[{\"op\":\"close_link\",\"from\":\"KZ_KOSTANAY\",\"to\":\"ATLANTIS\"}]";
    const char *bad = "{\"format\":1,\"nodes\":[{\"id\":\"A\",\"name\":\"a\",\"country\":\"KZ\","
                      "\"kind\":\"origin\",\"lat\":10,\"lon\":10},{\"id\":\"B\",\"name\":\"b\","
                      "\"country\":\"MA\",\"kind\":\"market\",\"lat\":200,\"lon\":0}],"
                      "\"links\":[],\"supply\":[],\"demand\":[]}";

    (void)state;
    w = gf_whatif_create(scn, len, e1, strlen(e1), &err);
    assert_null(w);
    assert_string_equal(err.input, "/edits/0/node");
    assert_non_null(strstr(err.msg, "ATLANTIS"));
    gf_error_clear(&err);
    w = gf_whatif_create(scn, len, e2, strlen(e2), &err);
    assert_null(w);
    assert_string_equal(err.input, "/edits/0/to");

    /* a bad latitude in row 1 (0-based) of nodes is line 3 of nodes.csv, column 5 */
    gf_error_clear(&err);
    w = gf_whatif_create(bad, strlen(bad), NULL, 0, &err);
    assert_null(w);
    assert_string_equal(err.input, "nodes.csv");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 5);
    assert_non_null(strstr(err.msg, "200"));

    gf_error_clear(&err);
    w = gf_whatif_create("{\"nodes\": [1,", 13, NULL, 0, &err);
    assert_null(w);
    assert_int_equal(err.code, GF_EPARSE);
    assert_string_equal(err.input, "scenario JSON");
    assert_int_equal(err.line, 1);
    gf_free(scn, len + 1);
}

static gf_edits *parse(const char *json)
{
    gf_error err = {0};
    gf_edits *l = gf_edits_create(&err);

    assert_non_null(l);
    if (gf_edits_parse_json(l, json, strlen(json), &err))
        fail_msg("%s: %s: %s", json, err.input, err.msg);
    return l;
}

/* Errors point into the request with a JSON pointer, or name the --edit;
 * a failed parse leaves the list as it was. */
static void test_whatif_edit_errors_point_into_the_request(void **state)
{
    gf_error err = {0};
    gf_edits *l = parse("[{\"op\":\"close_node\",\"node\":\"A\"}]");
    const char *bad = "[{\"op\":\"scale_supply\",\"pct\":5},{\"op\":\"close_node\",\"node\":\"B\"},"
                      "{\"op\":\"scale_freight\",\"pct\":2000}]";

    (void)state;
    assert_int_equal(gf_edits_parse_json(l, bad, strlen(bad), &err), GF_EINVAL);
    assert_string_equal(err.input, "/edits/2/pct");
    assert_non_null(strstr(err.msg, "from -100 to 1000"));
    assert_int_equal(l->n, 1); /* all or nothing */
    gf_error_clear(&err);
    assert_int_equal(gf_edits_parse_arg(l, "{\"op\":\"scale_freight\",\"pct\":\"x\"}", 1, &err),
                     GF_EINVAL);
    assert_string_equal(err.input, "--edit #2 pct");
    gf_error_clear(&err);
    assert_int_equal(gf_edits_parse_arg(l, "{op:", 0, &err), GF_EPARSE);
    assert_string_equal(err.input, "--edit #1");
    gf_error_clear(&err);
    assert_int_equal(
        gf_edits_parse_arg(l, "{\"op\":\"close_node\",\"node\":\"ATLANTIS\"}", 0, &err), GF_OK);
    assert_int_equal(l->n, 2);
    {
        gf_model *m = gf_scenario_read_csv(HUB_DIR, &err);
        assert_non_null(m);
        assert_int_equal(gf_edits_resolve(l, m, &err), GF_EINVAL);
        assert_string_equal(err.input, "/edits/0/node"); /* "A" is not in hub */
        gf_model_destroy(m);
    }
    gf_edits_destroy(l);
}

/* Scaling is exact integer arithmetic, halves away from zero; pct is taken
 * to basis points once, at parse time. */
static void test_whatif_scaling_is_integer(void **state)
{
    static const struct {
        int64_t v;
        int32_t bp;
        int64_t want;
    } cases[] = {
        {3290, 1000, 3619},
        {5, -5000, 3},
        {-5, -5000, -3},
        {7, -10000, 0},
        {1, 5000, 2},
        {3, 3333, 4},
        {100, 250, 103},
        {1, 4999, 1},
        {((int64_t)1 << 50) / 11, 100000, ((int64_t)1 << 50) / 11 * 11},
    };
    gf_edits *l = parse("[{\"op\":\"scale_demand\",\"pct\":2.5},{\"op\":\"scale_freight\","
                        "\"pct\":-12.345},{\"op\":\"set_node\",\"node\":\"H\","
                        "\"handling_usd_per_t\":4.505,\"throughput_t_per_period\":null}]");
    gf_error err = {0};
    int64_t out = 0;

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(gf_edit_scale(cases[i].v, cases[i].bp, &out, &err), GF_OK);
        if (out != cases[i].want)
            fail_msg("%lld x (1 + %d bp) = %lld, want %lld", (long long)cases[i].v, cases[i].bp,
                     (long long)out, (long long)cases[i].want);
    }
    assert_int_equal(gf_edit_scale((int64_t)1 << 50, 100, &out, &err), GF_EOVERFLOW);
    assert_int_equal(l->e[0].pct_bp, 250);
    assert_int_equal(l->e[1].pct_bp, -1235);
    assert_int_equal(l->e[2].handling_cents_per_t, 451);
    assert_int_equal(l->e[2].throughput_t, GF_UNLIMITED);
    assert_int_equal(l->e[2].set, GF_EDIT_SET_HANDLING | GF_EDIT_SET_THROUGHPUT);
    gf_edits_destroy(l);
}

/* A fingerprint of where a plan delivers: the cost and sum over markets of
 * delivered tonnes x (node + 1). The default scenario is short of grain, so
 * an edit can move deliveries between markets at the same total cost (and
 * warm and cold solves may then end in different optima of equal cost). */
static int64_t fingerprint(const gf_plan *p)
{
    int64_t f = p->cost.total;

    for (int32_t i = 0; i < p->n_market_sums; i++)
        f += p->market_sums[i].delivered_t * (p->market_sums[i].node + 1);
    return f;
}

/* Edits applied to a solved what-if re-solve warm to the cost of a fresh
 * what-if created with the same edits (a cold solve), and a reset gives the
 * first plan's cost back, warm. */
static void test_whatif_warm_apply_equals_a_cold_run(void **state)
{
    static const char *const edits[] = {
        "[{\"op\":\"scale_freight\",\"mode\":\"sea\",\"pct\":35}]",
        "[{\"op\":\"scale_demand\",\"pct\":-40},{\"op\":\"scale_supply\",\"pct\":25.5}]",
        "[{\"op\":\"close_node\",\"node\":\"KZ_KOSTANAY\",\"periods\":[1,2,3,4,5,6]}]",
        "[{\"op\":\"set_node\",\"node\":\"SN_DAKAR\",\"handling_usd_per_t\":30}]",
        "[{\"op\":\"set_node\",\"node\":\"SN_DAKAR\",\"throughput_t_per_period\":1000,"
        "\"storage_t\":5000}]",
    };
    gf_error err = {0};
    size_t len = 0;
    char *scn = scenario_text(&len);
    gf_whatif *w = NULL;
    gf_plan *base = run(scn, len, NULL, &w, &err);
    int64_t base_cost, base_print;

    (void)state;
    assert_non_null(base);
    base_cost = base->cost.total;
    base_print = fingerprint(base);
    gf_plan_destroy(base);
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        gf_edits *l = parse(edits[i]);
        gf_whatif *cold_w = NULL;
        gf_plan *warm, *cold, *back;
        if (gf_whatif_apply(w, l, &err)) /* takes l */
            fail_msg("%s: %s: %s", edits[i], err.input, err.msg);
        warm = gf_whatif_solve(w, &err);
        cold = run(scn, len, edits[i], &cold_w, &err);
        if (!warm || !cold)
            fail_msg("%s: %s", edits[i], err.msg);
        if (warm->cost.total != cold->cost.total)
            fail_msg("%s: warm %lld, cold %lld", edits[i], (long long)warm->cost.total,
                     (long long)cold->cost.total);
        if (fingerprint(warm) == base_print)
            fail_msg("%s: the plan did not move", edits[i]);
        if (i < 4)
            assert_true(warm->warm); /* the last one adds arcs: rebuilt, cold */
        gf_plan_destroy(warm);
        assert_int_equal(gf_whatif_reset(w, &err), GF_OK);
        back = gf_whatif_solve(w, &err);
        assert_non_null(back);
        assert_int_equal(back->cost.total, base_cost);
        assert_true(back->warm || i == 4); /* after a rebuild the reset rebuilds too */
        gf_plan_destroy(back);
        gf_plan_destroy(cold);
        gf_whatif_destroy(cold_w);
    }
    gf_whatif_destroy(w);
    gf_free(scn, len + 1);
}

/* Closures hold across applies: a later figure edit on the same rows (which
 * writes their bounds back into the arcs) does not reopen them. Two applies
 * cost what one cold run of both edits costs. */
/* A set interrupt flag stops the solve (no plan, the reason named); cleared,
 * the same what-if solves again, to the same total as one never interrupted. */
static void test_whatif_interrupt_stops_the_solve(void **state)
{
    volatile sig_atomic_t halt = 1;
    gf_error err = {0};
    size_t len = 0;
    char *scn = scenario_text(&len);
    gf_whatif *w = gf_whatif_create(scn, len, NULL, 0, &err), *ref_w = NULL;
    gf_plan *p, *ref;

    (void)state;
    assert_non_null(w);
    gf_whatif_set_interrupt(w, &halt);
    p = gf_whatif_solve(w, &err);
    assert_null(p);
    assert_int_not_equal(err.code, GF_OK);
    assert_non_null(strstr(err.msg, "interrupted"));
    halt = 0;
    gf_error_clear(&err);
    p = gf_whatif_solve(w, &err);
    assert_non_null(p);
    assert_int_equal(p->status, GF_SOLVE_OPTIMAL);
    ref = run(scn, len, NULL, &ref_w, &err);
    assert_non_null(ref);
    assert_true(p->cost.total == ref->cost.total);
    gf_plan_destroy(ref);
    gf_whatif_destroy(ref_w);
    gf_plan_destroy(p);
    gf_whatif_destroy(w);
    gf_free(scn, len + 1);
}

static void test_whatif_closures_hold_across_applies(void **state)
{
    gf_error err = {0};
    size_t len = 0;
    char *scn = gf_scenario_json_from_csv(HUB_DIR, &len, &err);
    gf_whatif *w = NULL, *cold_w = NULL;
    gf_plan *p, *cold;

    (void)state;
    assert_non_null(scn);
    p = run(scn, len, NULL, &w, &err);
    assert_non_null(p);
    gf_plan_destroy(p);
    assert_int_equal(gf_whatif_apply(w, parse("[{\"op\":\"close_node\",\"node\":\"F1\"}]"), &err),
                     GF_OK);
    assert_int_equal(gf_whatif_apply(w,
                                     parse("[{\"op\":\"scale_supply\",\"pct\":10},{\"op\":"
                                           "\"scale_freight\",\"pct\":5}]"),
                                     &err),
                     GF_OK);
    p = gf_whatif_solve(w, &err);
    cold = run(scn, len,
               "[{\"op\":\"close_node\",\"node\":\"F1\"},{\"op\":\"scale_supply\",\"pct\":10},"
               "{\"op\":\"scale_freight\",\"pct\":5}]",
               &cold_w, &err);
    assert_non_null(p);
    assert_non_null(cold);
    assert_true(p->warm);
    assert_int_equal(p->cost.total, cold->cost.total);
    for (int32_t i = 0; i < p->n_flows; i++)
        assert_int_not_equal(gf_model_link(p->model, p->flows[i].link)->from,
                             gf_model_find_node(p->model, "F1"));
    gf_plan_destroy(cold);
    gf_plan_destroy(p);
    gf_whatif_destroy(cold_w);
    gf_whatif_destroy(w);
    gf_free(scn, len + 1);
}

/* A what-if's close_node in every period is compare's "without" plan. */
static void test_whatif_close_node_is_compares_without(void **state)
{
    gf_error err = {0};
    size_t len = 0;
    char *scn = gf_scenario_json_from_csv(HUB_DIR, &len, &err);
    gf_model *m = gf_scenario_read_csv(HUB_DIR, &err);
    gf_plan_compare_result r = {0};
    gf_whatif *w = NULL;
    gf_plan *p;

    (void)state;
    assert_non_null(scn);
    assert_non_null(m);
    p = run(scn, len, "[{\"op\":\"close_node\",\"node\":\"H\"}]", &w, &err);
    assert_non_null(p);
    assert_int_equal(gf_plan_compare(m, gf_model_find_node(m, "H"), &r, &err), GF_OK);
    assert_int_equal(p->cost.total, r.without->cost.total);
    assert_int_equal(p->delivered_t, r.without->delivered_t);
    assert_int_not_equal(p->cost.total, r.with->cost.total);
    gf_plan_compare_fini(&r);
    gf_plan_destroy(p);
    gf_whatif_destroy(w);
    gf_model_destroy(m);
    gf_free(scn, len + 1);
}

/* jansson allocates through the library's hook, and every free is told the
 * size allocated: after parsing a scenario, printing it (json_dumps, freed
 * with gf_release) and freeing the tree, the bytes live are back where they
 * were, and no free was told size 0 ("unknown"). */
static long long json_live_bytes;
static long json_unsized_frees, json_allocs;

static void *counting_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    (void)ud;
    if (ptr) {
        json_live_bytes -= (long long)old_size;
        json_unsized_frees += old_size == 0;
    }
    if (new_size == 0) {
        free(ptr);
        return NULL;
    }
    json_live_bytes += (long long)new_size;
    json_allocs++;
    return realloc(ptr, new_size);
}

static void test_whatif_jansson_frees_are_told_their_size(void **state)
{
    gf_error err = {0};
    size_t len = 0;
    char *scn = gf_scenario_json_from_csv(HUB_DIR, &len, &err), *text;
    json_t *root;

    (void)state;
    assert_non_null(scn);
    gf_set_allocator(counting_alloc, NULL);
    root = json_loadb(scn, len, 0, NULL);
    text = root ? json_dumps(root, JSON_COMPACT) : NULL;
    gf_set_allocator(NULL, NULL);
    assert_non_null(text);
    assert_true(json_live_bytes > (long long)strlen(text)); /* the tree and the text */
    gf_set_allocator(counting_alloc, NULL);
    gf_release(text);
    json_decref(root);
    gf_set_allocator(NULL, NULL);
    assert_true(json_allocs > 50);
    assert_int_equal(json_unsized_frees, 0);
    assert_int_equal(json_live_bytes, 0);
    gf_free(scn, len + 1);
}

/* Every allocation of the what-if path fails in turn: create from JSON with
 * edits, solve, apply more edits, re-solve warm, reset, re-solve. Each
 * failure is GF_ENOMEM and leaks nothing (LeakSanitizer); the loop ends
 * when the whole path succeeds. */
static void test_whatif_survives_every_failed_allocation(void **state)
{
    gf_error err = {0};
    size_t len = 0;
    char *scn = gf_scenario_json_from_csv(HUB_DIR, &len, &err);
    const char *e1 = "[{\"op\":\"scale_freight\",\"pct\":10},{\"op\":\"close_link\","
                     "\"from\":\"F1\",\"to\":\"H\"}]";
    const char *e2 =
        "[{\"op\":\"close_node\",\"node\":\"H\"},{\"op\":\"scale_supply\",\"pct\":-50}]";
    bool done = false;
    long at;

    (void)state;
    assert_non_null(scn);
    for (at = 0; !done && at < 100000; at++) {
        gf_whatif *w = NULL;
        gf_edits *l = NULL;
        gf_plan *p = NULL, *q = NULL;
        int rc = GF_ENOMEM;
        gf_error_clear(&err);
        failing_alloc_arm(at);
        w = gf_whatif_create(scn, len, e1, strlen(e1), &err);
        p = w ? gf_whatif_solve(w, &err) : NULL;
        l = p ? gf_edits_create(&err) : NULL;
        if (l && gf_edits_parse_json(l, e2, strlen(e2), &err))
            gf_edits_destroy(l);
        else if (l && !gf_whatif_apply(w, l, &err)) /* takes l */
            q = gf_whatif_solve(w, &err);
        if (q) {
            gf_plan_destroy(q);
            q = NULL;
            rc = gf_whatif_reset(w, &err);
        }
        if (!rc)
            q = gf_whatif_solve(w, &err);
        failing_alloc_disarm();
        done = q != NULL;
        if (!done)
            assert_int_equal(err.code, GF_ENOMEM);
        else
            assert_int_equal(q->cost.total, p->cost.total);
        gf_plan_destroy(q);
        gf_plan_destroy(p);
        gf_whatif_destroy(w);
    }
    assert_true(done);
    assert_true(at > 20);
    gf_free(scn, len + 1);
}

/* A version-2 scenario the network simplex plans (one product, no
 * vessels): a hub H with an option, a market M whose competitors' price is
 * their FOB plus the sea freight from C (15 USD). */
static const char v2_reset_scenario[] =
    "{\"scenario\":{\"name\":\"v2_reset\",\"periods\":4,\"period_days\":7,\"horizon\":\"open\"},"
    "\"nodes\":[{\"id\":\"O\",\"name\":\"O\",\"country\":\"KZ\",\"kind\":\"port\",\"lat\":43.6,"
    "\"lon\":51.2},{\"id\":\"C\",\"name\":\"C\",\"country\":\"FR\",\"kind\":\"port\",\"lat\":45,"
    "\"lon\":-1},{\"id\":\"H\",\"name\":\"H\",\"country\":\"MA\",\"kind\":\"hub\",\"lat\":35.8,"
    "\"lon\":-5.8,\"storage_t\":100,\"storage_usd_per_t_per_period\":1},{\"id\":\"M\",\"name\":"
    "\"M\",\"country\":\"SN\",\"kind\":\"market\",\"lat\":14.7,\"lon\":-17.4}],"
    "\"links\":[{\"from\":\"O\",\"to\":\"H\",\"mode\":\"sea\",\"distance_km\":6000,"
    "\"cost_usd_per_t\":10,\"transit_days\":0},{\"from\":\"H\",\"to\":\"M\",\"mode\":\"road\","
    "\"distance_km\":2500,\"cost_usd_per_t\":2,\"transit_days\":0},{\"from\":\"C\",\"to\":\"M\","
    "\"mode\":\"sea\",\"distance_km\":4000,\"cost_usd_per_t\":15,\"transit_days\":0}],"
    "\"supply\":[{\"node\":\"O\",\"product\":\"wheat\",\"period\":1,\"t\":100,"
    "\"price_usd_per_t\":100}],"
    "\"demand\":[{\"node\":\"M\",\"product\":\"wheat\",\"t\":25,\"alt_from\":\"C\","
    "\"alt_fob_usd_per_t\":180}],"
    "\"hubs\":[{\"node\":\"H\",\"option\":\"silo\",\"fixed_usd_per_year\":5200,"
    "\"throughput_t_per_period\":100,\"storage_t\":100}]}";

/* gf_whatif_reset puts back the version-2 figures too: the competitors'
 * FOB (and the alternative prices computed from it) and a hub option's
 * fixed cost, as scale_alt_fob and set_hub left them, and the plan after
 * the reset is the plan before the edits. */
static void test_whatif_reset_restores_the_v2_edits(void **state)
{
    gf_error err = {0};
    gf_whatif *w = gf_whatif_create(v2_reset_scenario, strlen(v2_reset_scenario), NULL, 0, &err);
    const gf_model *m = gf_whatif_model(w);
    gf_plan *base, *edited, *back;
    int32_t nd;

    (void)state;
    if (!w)
        fail_msg("%s:%ld: %s", err.input, err.line, err.msg);
    nd = gf_model_demand_count(m);
    assert_true(nd >= 1);
    assert_int_equal(gf_model_hub_option_count(m), 1);
    assert_true(gf_model_demand(m, 0)->has_alt_from);
    assert_int_equal(gf_model_demand(m, 0)->alt_fob_cents_per_t, 18000);
    assert_int_equal(gf_model_demand(m, 0)->alt_cents_per_t, 19500); /* 180 + 15 */
    assert_int_equal(gf_model_hub_option(m, 0)->fixed_cents_per_year, 520000);
    base = gf_whatif_solve(w, &err);
    if (!base)
        fail_msg("%s", err.msg);
    if (gf_whatif_apply(w,
                        parse("[{\"op\":\"scale_alt_fob\",\"pct\":-50},{\"op\":\"set_hub\","
                              "\"node\":\"H\",\"option\":\"silo\",\"fixed_usd_per_year\":800}]"),
                        &err))
        fail_msg("%s: %s", err.input, err.msg);
    for (int32_t i = 0; i < nd; i++) {
        assert_int_equal(gf_model_demand(m, i)->alt_fob_cents_per_t, 9000); /* 180 - 50 % */
        assert_int_equal(gf_model_demand(m, i)->alt_cents_per_t, 10500);    /* + 15 */
    }
    assert_int_equal(gf_model_hub_option(m, 0)->fixed_cents_per_year, 80000);
    edited = gf_whatif_solve(w, &err);
    assert_non_null(edited);
    /* 105 undercuts the corridor's 112 and more (100 + 10 + 2, storage):
     * the demand is left to the competitors, at less than the plan cost */
    assert_true(edited->cost.total < base->cost.total);
    assert_int_equal(edited->cost.total, edited->demand_t * 10500);
    gf_plan_destroy(edited);
    assert_int_equal(gf_whatif_reset(w, &err), GF_OK);
    for (int32_t i = 0; i < nd; i++) {
        assert_int_equal(gf_model_demand(m, i)->alt_fob_cents_per_t, 18000);
        assert_int_equal(gf_model_demand(m, i)->alt_cents_per_t, 19500);
    }
    assert_int_equal(gf_model_hub_option(m, 0)->fixed_cents_per_year, 520000);
    back = gf_whatif_solve(w, &err);
    assert_non_null(back);
    assert_int_equal(back->cost.total, base->cost.total);
    gf_plan_destroy(back);
    gf_plan_destroy(base);
    gf_whatif_destroy(w);
}

/* ---- a seeded sequence of what-ifs against a full extraction ---- */

/* Field by field, every figure a plan reports (not the solve's pivots,
 * seconds or warm flag). */
static void assert_plans_equal(const gf_plan *a, const gf_plan *b, int step)
{
#define SAME(f)                                                                                \
    do {                                                                                       \
        if (a->f != b->f)                                                                      \
            fail_msg("step %d: %s: %lld != %lld", step, #f, (long long)a->f, (long long)b->f); \
    } while (0)
/* arrays of structs, field by field (memcmp would read their padding) */
#define SAME_EACH(n, arr, FIELDS)                                        \
    do {                                                                 \
        SAME(n);                                                         \
        for (int32_t i = 0; i < a->n; i++) {                             \
            const __typeof__(*a->arr) *x = &a->arr[i], *y = &b->arr[i];  \
            if (FIELDS)                                                  \
                fail_msg("step %d: %s[%d] differs", step, #arr, (int)i); \
        }                                                                \
    } while (0)
#define D(f) (x->f != y->f)
    SAME(status);
    SAME(cost.procurement);
    SAME(cost.transport);
    SAME(cost.handling);
    SAME(cost.storage);
    SAME(cost.unmet);
    SAME(cost.total);
    SAME(demand_t);
    SAME(delivered_t);
    SAME(unmet_t);
    SAME(bought_t);
    if (a->co2_t != b->co2_t) /* the same sum in the same order: bit for bit */
        fail_msg("step %d: co2_t %.17g != %.17g", step, a->co2_t, b->co2_t);
    SAME(net_nodes);
    SAME(net_arcs);
    SAME(saving_cents);
    SAME(landed_avg_cents);
    SAME_EACH(n_flows, flows, D(link) || D(period) || D(t));
    SAME_EACH(n_stocks, stocks, D(node) || D(period) || D(t));
    SAME_EACH(n_markets, markets,
              D(demand) || D(node) || D(period) || D(demand_t) || D(delivered_t) || D(unmet_t) ||
                  D(landed_cents_per_t) || D(alt_cents_per_t));
    SAME_EACH(n_bottlenecks, bottlenecks,
              D(kind) || D(ref) || D(period) || D(used_t) || D(capacity_t) ||
                  D(shadow_cents_per_t));
    SAME_EACH(n_market_sums, market_sums,
              D(node) || D(demand_t) || D(delivered_t) || D(unmet_t) || D(landed_cents) ||
                  D(alt_cents) || D(alt_all_cents) || D(co2_kg) || D(main_route) ||
                  D(main_route_t));
    SAME_EACH(n_hubs, hubs,
              D(node) || D(throughput_t) || D(peak_stock_t) || D(peak_period) ||
                  D(received_own_t) || D(transshipped_t) || D(shipped_t));
    SAME_EACH(n_supply_limits, supply_limits, D(supply) || D(bought_t) || D(shadow_cents_per_t));
    SAME_EACH(n_origins, origins,
              D(node) || D(offered_t) || D(sold_t) || D(price_cents_per_t) ||
                  D(netback_cents_per_t) || D(margin_cents_per_t) || D(best_market) ||
                  D(best_period) || D(best_supply_period) || D(first_link) ||
                  D(first_link_cents_per_t));
    SAME_EACH(n_routes, routes,
              D(supply) || D(demand) || D(market) || D(t) || D(cents_per_t) || D(days) ||
                  D(kg_co2_per_t) || D(n_legs));
    for (int32_t i = 0; i < a->n_routes; i++)
        for (int32_t k = 0; k < a->routes[i].n_legs; k++) {
            const gf_route_leg *x = &a->routes[i].legs[k], *y = &b->routes[i].legs[k];
            if (D(kind) || D(ref) || D(period) || D(cents_per_t))
                fail_msg("step %d: route %d leg %d differs", step, (int)i, (int)k);
        }
#undef D
#undef SAME_EACH
#undef SAME
}

static uint32_t lcg(uint32_t *seed)
{
    *seed = *seed * 1664525u + 1013904223u;
    return *seed >> 8;
}

/* One random edit as a JSON object into buf: each op the edit layer has,
 * on random rows and periods of the default scenario (m). */
static void random_edit(const gf_model *m, const gf_network *net, uint32_t *seed, char *buf,
                        size_t size)
{
    static const char *const modes[] = {"sea", "rail", "road", "ferry"};
    int32_t nn = gf_model_node_count(m), nl = gf_model_link_count(m), np = gf_model_periods(m);
    const char *node = gf_model_node(m, (int32_t)(lcg(seed) % (uint32_t)nn))->id;
    int pct = (int)(lcg(seed) % 61) - 30, t0 = (int)(lcg(seed) % (uint32_t)np) + 1;
    int t1 = t0 + (int)(lcg(seed) % 6) < np ? t0 + (int)(lcg(seed) % 6) : np;

    switch (lcg(seed) % 8) {
    case 0:
        snprintf(buf, size, "{\"op\":\"scale_freight\",\"mode\":\"%s\",\"pct\":%d}",
                 modes[lcg(seed) % 4], pct);
        break;
    case 1:
        snprintf(buf, size, "{\"op\":\"set_node\",\"node\":\"%s\",\"handling_usd_per_t\":%u.%02u}",
                 node, lcg(seed) % 40, lcg(seed) % 100);
        break;
    case 2:
        snprintf(buf, size, "{\"op\":\"scale_supply\",\"pct\":%d}", pct);
        break;
    case 3:
        snprintf(buf, size, "{\"op\":\"scale_demand\",\"pct\":%d}", pct);
        break;
    case 4: {
        const gf_link *l = gf_model_link(m, (int32_t)(lcg(seed) % (uint32_t)nl));
        snprintf(buf, size,
                 "{\"op\":\"close_link\",\"from\":\"%s\",\"to\":\"%s\",\"periods\":[%d,%d]}",
                 gf_model_node(m, l->from)->id, gf_model_node(m, l->to)->id, t0, t1);
        break;
    }
    case 6: /* a tight throughput on a node that has a limit: bottlenecks */
        for (int32_t k = 0; k < nn; k++) {
            const gf_node *nd =
                gf_model_node(m, (int32_t)((lcg(seed) + (uint32_t)k) % (uint32_t)nn));
            if (nd->throughput_t != GF_UNLIMITED) {
                snprintf(buf, size,
                         "{\"op\":\"set_node\",\"node\":\"%s\",\"throughput_t_per_period\":%u}",
                         nd->id, 2000 + lcg(seed) % 20000);
                return;
            }
        }
        snprintf(buf, size, "{\"op\":\"scale_demand\",\"pct\":%d}", pct);
        break;
    case 5:
        snprintf(buf, size, "{\"op\":\"close_node\",\"node\":\"%s\",\"periods\":[%d,%d]}", node, t0,
                 t1);
        break;
    default: {
        gf_error err = {0};
        bool departs;
        for (int32_t k = 0; k < nn; k++) { /* the first node from here whose transit can close */
            int32_t n = (int32_t)((lcg(seed) + (uint32_t)k) % (uint32_t)nn);
            if (!gf_network_transit_side(net, n, &departs, &err)) {
                snprintf(buf, size, "{\"op\":\"close_transit\",\"node\":\"%s\"}",
                         gf_model_node(m, n)->id);
                return;
            }
            gf_error_clear(&err);
        }
        snprintf(buf, size, "{\"op\":\"scale_supply\",\"pct\":%d}", pct);
    }
    }
}

/* Put ref (built from w's model, never edited by w) at the figures w's
 * model has now, closed as w's lists close it: reset, re-read every row,
 * then the closures. */
static void mirror(gf_network *ref, const gf_model *m, gf_edits *const *lists, int n)
{
    gf_error err = {0};
    int rc = gf_network_reset(ref, &err);

    for (int32_t i = 0; !rc && i < gf_model_node_count(m); i++)
        rc = gf_network_sync_node(ref, i, &err);
    for (int32_t i = 0; !rc && i < gf_model_link_count(m); i++)
        rc = gf_network_sync_link(ref, i, &err);
    for (int32_t i = 0; !rc && i < gf_model_supply_count(m); i++)
        rc = gf_network_sync_supply(ref, i, &err);
    for (int32_t i = 0; !rc && i < gf_model_demand_count(m); i++)
        rc = gf_network_sync_demand(ref, i, &err);
    for (int i = 0; !rc && i < n; i++)
        rc = gf_edits_apply_network(lists[i], ref, &err);
    if (rc)
        fail_msg("mirror: %s", err.msg);
}

static int cmp_limit_oracle(const void *a, const void *b)
{
    const gf_plan_supply_limit *x = a, *y = b;

    if (x->shadow_cents_per_t != y->shadow_cents_per_t)
        return x->shadow_cents_per_t > y->shadow_cents_per_t ? -1 : 1;
    return x->supply < y->supply ? -1 : x->supply > y->supply;
}

/* p's supply limits are, entry for entry, the offers of net bought in full
 * whose next tonne saves money (from sol, full: its own flows and duals),
 * ordered by libc's qsort (the shadow price, highest first, then the row),
 * not by plan.c's own merge sort. Returns how many entries tie with the one
 * before on the shadow price (the order of the rows there is asserted too). */
static int check_supply_limits(const gf_plan *p, const gf_network *net, const gf_solution *sol,
                               int step)
{
    int32_t ns = gf_model_supply_count(net->model), n = 0, ties = 0;
    gf_plan_supply_limit *want = calloc((size_t)ns + 1, sizeof *want);

    assert_non_null(want);
    for (int32_t i = 0; i < ns; i++) {
        int32_t e = net->supply_arc[i];
        int64_t v = sol->dual[net->head[e]] - sol->dual[net->sink] -
                    gf_model_supply(net->model, i)->price_cents_per_t;
        if (sol->flow[e] != 0 && sol->flow[e] == net->upper[e] && v > 0)
            want[n++] = (gf_plan_supply_limit){i, sol->flow[e], v};
    }
    qsort(want, (size_t)n, sizeof *want, cmp_limit_oracle);
    if (p->n_supply_limits != n)
        fail_msg("step %d: %ld supply limits, want %ld", step, (long)p->n_supply_limits, (long)n);
    for (int32_t i = 0; i < n; i++) {
        const gf_plan_supply_limit *g = &p->supply_limits[i];
        if (g->supply != want[i].supply || g->bought_t != want[i].bought_t ||
            g->shadow_cents_per_t != want[i].shadow_cents_per_t)
            fail_msg("step %d: supply limit %ld is row %ld (%lld), want row %ld (%lld)", step,
                     (long)i, (long)g->supply, (long long)g->shadow_cents_per_t,
                     (long)want[i].supply, (long long)want[i].shadow_cents_per_t);
        ties += i > 0 && want[i].shadow_cents_per_t == want[i - 1].shadow_cents_per_t;
    }
    free(want);
    return ties;
}

/* Every market sum's main route is, by brute force over the pairs of the
 * market's routes (no hashing, no sort), the first route of the chain of
 * links with the most tonnes (ties: the chain whose first route comes
 * first). Returns how many markets have one. */
static int check_main_routes(const gf_plan *p, int step)
{
    int mains = 0;

    for (int32_t i = 0; i < p->n_market_sums; i++) {
        const gf_plan_market_sum *s = &p->market_sums[i];
        int32_t best = -1;
        int64_t best_t = 0;
        for (int32_t a = 0; a < p->n_routes; a++) {
            int64_t t = 0;
            bool first = true;
            if (p->routes[a].market != s->node)
                continue;
            for (int32_t b = 0; b < p->n_routes; b++) {
                if (p->routes[b].market != s->node ||
                    !gf__plan_same_links(&p->routes[a], &p->routes[b]))
                    continue;
                first = first && b >= a;
                t += p->routes[b].t;
            }
            if (first && (best < 0 || t > best_t)) { /* a chain's first route, in order */
                best = a;
                best_t = t;
            }
        }
        if (s->main_route != best || (best >= 0 && s->main_route_t != best_t))
            fail_msg("step %d: market %ld: main route %ld (%lld t), want %ld (%lld t)", step,
                     (long)s->node, (long)s->main_route, (long long)s->main_route_t, (long)best,
                     (long long)best_t);
        mains += best >= 0;
    }
    return mains;
}

/* A seeded sequence of what-ifs (scale_freight, set_node, scale_supply and
 * _demand, close_link/node/transit, and resets) on one gf_whatif, which
 * re-solves warm and extracts from its lean solution (borrowed flows, no
 * reduced costs, the bulk solver update): each plan equals, field by field,
 * the plan extracted in full from a second network kept at the same
 * figures, and costs what a fresh what-if of the same edits costs cold
 * (a cold solve may end in another optimum of equal cost: only the cost is
 * compared there). */
static void test_whatif_seeded_sequence_equals_full_extraction(void **state)
{
    gf_error err = {0};
    size_t len = 0;
    char *scn = scenario_text(&len);
    gf_whatif *w = NULL;
    gf_plan *p = run(scn, len, NULL, &w, &err);
    const gf_model *m = gf_whatif_model(w);
    gf_network *ref = m ? gf_network_build(m, &err) : NULL;
    gf_solution sol = {0};
    gf_edits *lists[64];
    char json[4096], one[512];
    size_t json_len = 1;
    int n_lists = 0, resets = 0, closures = 0, bottlenecks = 0, limit_ties = 0, n_limits = 0;
    int mains = 0;
    uint32_t seed = 20261201u;

    (void)state;
    assert_non_null(p);
    assert_non_null(ref);
    gf_plan_destroy(p);
    assert_int_equal(gf_network_solve(ref, &sol, &err), GF_OK); /* cold, as w's first solve */
    json[0] = '[';
    for (int step = 0; step < 40; step++) {
        gf_plan *full, *cold;
        gf_whatif *cold_w = NULL;
        if (n_lists == 64 || lcg(&seed) % 5 == 0) {
            assert_int_equal(gf_whatif_reset(w, &err), GF_OK);
            for (int i = 0; i < n_lists; i++)
                gf_edits_destroy(lists[i]);
            n_lists = 0;
            json_len = 1;
            resets++;
        } else {
            char list[1100];
            gf_edits *l;
            int k = 1 + (int)(lcg(&seed) % 2);
            size_t at = 1;
            list[0] = '[';
            for (int i = 0; i < k; i++) {
                random_edit(m, ref, &seed, one, sizeof one);
                closures += strstr(one, "close_") != NULL;
                at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", i ? "," : "", one);
                json_len += (size_t)snprintf(json + json_len, sizeof json - json_len, "%s%s",
                                             json_len > 1 ? "," : "", one);
            }
            snprintf(list + at, sizeof list - at, "]");
            l = parse(list);
            if (gf_whatif_apply(w, l, &err)) /* takes l */
                fail_msg("step %d: %s: %s: %s", step, list, err.input, err.msg);
            lists[n_lists++] = parse(list); /* the same closures, for ref */
            if (gf_edits_resolve(lists[n_lists - 1], m, &err))
                fail_msg("step %d: %s", step, err.msg);
        }
        p = gf_whatif_solve(w, &err);
        if (!p)
            fail_msg("step %d: %s", step, err.msg);
        mirror(ref, m, lists, n_lists);
        assert_int_equal(gf_network_solve(ref, &sol, &err), GF_OK);
        assert_false(sol.lean);
        assert_non_null(sol.reduced_cost);
        full = gf_plan_extract(ref, &sol, &err);
        assert_non_null(full);
        assert_plans_equal(p, full, step);
        bottlenecks += p->n_bottlenecks;
        limit_ties += check_supply_limits(p, ref, &sol, step);
        mains += check_main_routes(p, step);
        n_limits += p->n_supply_limits;
        snprintf(json + json_len, sizeof json - json_len, "]");
        cold = run(scn, len, json, &cold_w, &err);
        if (!cold)
            fail_msg("step %d: %s: %s", step, json, err.msg);
        if (cold->cost.total != p->cost.total)
            fail_msg("step %d: %s: warm %lld, cold %lld", step, json, (long long)p->cost.total,
                     (long long)cold->cost.total);
        gf_plan_destroy(cold);
        gf_whatif_destroy(cold_w);
        gf_plan_destroy(full);
        gf_plan_destroy(p);
    }
    assert_true(resets >= 3); /* the seed exercises resets and closures both */
    assert_true(closures >= 5);
    assert_true(bottlenecks > 0); /* so their shadow prices (reduced costs) are compared */
    assert_true(n_limits > 40 * 100 && limit_ties > 40); /* long lists, with ties in them */
    assert_true(mains >= 40 * 3);                        /* markets served at every step */
    for (int i = 0; i < n_lists; i++)
        gf_edits_destroy(lists[i]);
    gf_solution_fini(&sol);
    gf_network_destroy(ref);
    gf_whatif_destroy(w);
    gf_free(scn, len + 1);
}

/* A node whose throughput is unlimited and that has no storage, picked by
 * seed: a throughput limit on it needs arcs its network was built without,
 * so the what-if rebuilds (cold). NULL when the scenario has none. */
static const char *unlimited_node(const gf_model *m, uint32_t *seed)
{
    int32_t nn = gf_model_node_count(m), start = (int32_t)(lcg(seed) % (uint32_t)nn);

    for (int32_t k = 0; k < nn; k++) {
        const gf_node *nd = gf_model_node(m, (start + k) % nn);
        if (nd->throughput_t == GF_UNLIMITED && nd->storage_t == 0 &&
            !gf_model_node_has_override(m, (start + k) % nn))
            return nd->id;
    }
    return NULL;
}

/* 30 seeded what-ifs on one gf_whatif, as bench/whatif.sh runs them: apply a
 * list, solve, and now and then reset. The what-if pushes only the arcs its
 * edits changed (the dirty lists, network_edit.c) and its reset undoes only
 * those; a second network is put at the same figures by syncing every row
 * (mirror) and solved from the same basis. Every few steps a list adds a
 * throughput limit on a node built without one, which rebuilds w's network
 * (a cold solve, and the resets after it rebuild too): the reference is then
 * built afresh from the same model. Each plan equals the reference's full
 * extraction field by field. */
static void test_whatif_dirty_sync_equals_a_full_sync_across_rebuilds(void **state)
{
    gf_error err = {0};
    size_t len = 0;
    char *scn = scenario_text(&len);
    gf_whatif *w = NULL;
    gf_plan *p = run(scn, len, NULL, &w, &err);
    const gf_model *m = gf_whatif_model(w);
    gf_network *ref = m ? gf_network_build(m, &err) : NULL;
    gf_solution sol = {0};
    gf_edits *lists[64];
    char one[512];
    int n_lists = 0, resets = 0, rebuilds = 0, warm = 0;
    uint32_t seed = 7u;

    (void)state;
    assert_non_null(p);
    assert_non_null(ref);
    gf_plan_destroy(p);
    assert_int_equal(gf_network_solve(ref, &sol, &err), GF_OK);
    for (int step = 0; step < 30; step++) {
        gf_plan *full;
        if (step % 4 == 3) {
            assert_int_equal(gf_whatif_reset(w, &err), GF_OK);
            for (int i = 0; i < n_lists; i++)
                gf_edits_destroy(lists[i]);
            n_lists = 0;
            resets++;
        } else {
            char list[1100];
            size_t at = 1;
            const char *node = step % 7 == 5 ? unlimited_node(m, &seed) : NULL;
            list[0] = '[';
            random_edit(m, ref, &seed, one, sizeof one);
            at += (size_t)snprintf(list + at, sizeof list - at, "%s", one);
            if (node)
                at += (size_t)snprintf(list + at, sizeof list - at,
                                       ",{\"op\":\"set_node\",\"node\":\"%s\","
                                       "\"throughput_t_per_period\":%u}",
                                       node, 5000 + lcg(&seed) % 50000);
            snprintf(list + at, sizeof list - at, "]");
            if (gf_whatif_apply(w, parse(list), &err)) /* takes the list */
                fail_msg("step %d: %s: %s: %s", step, list, err.input, err.msg);
            lists[n_lists++] = parse(list);
            if (gf_edits_resolve(lists[n_lists - 1], m, &err))
                fail_msg("step %d: %s", step, err.msg);
        }
        p = gf_whatif_solve(w, &err);
        if (!p)
            fail_msg("step %d: %s", step, err.msg);
        if (!p->warm) { /* w built its network afresh from its model: so does ref */
            gf_network_destroy(ref);
            ref = gf_network_build(m, &err);
            assert_non_null(ref);
            rebuilds++;
        }
        warm += p->warm;
        mirror(ref, m, lists, n_lists);
        assert_int_equal(gf_network_solve(ref, &sol, &err), GF_OK);
        assert_int_equal(sol.warm, p->warm);
        full = gf_plan_extract(ref, &sol, &err);
        assert_non_null(full);
        assert_plans_equal(p, full, step);
        gf_plan_destroy(full);
        gf_plan_destroy(p);
    }
    assert_true(resets >= 7);
    assert_true(rebuilds >= 3); /* the rebuilding lists, and a reset after each */
    assert_true(warm >= 15);    /* and most steps are warm */
    for (int i = 0; i < n_lists; i++)
        gf_edits_destroy(lists[i]);
    gf_solution_fini(&sol);
    gf_network_destroy(ref);
    gf_whatif_destroy(w);
    gf_free(scn, len + 1);
}

/* The figures a lazy plan has before gf__plan_complete: the eager plan's. */
static void assert_core_equal(const gf_plan *lz, const gf_plan *full, int step)
{
    if (lz->cost.total != full->cost.total || lz->cost.unmet != full->cost.unmet ||
        lz->delivered_t != full->delivered_t || lz->n_flows != full->n_flows ||
        lz->n_markets != full->n_markets || lz->n_bottlenecks != full->n_bottlenecks ||
        lz->n_supply_limits != full->n_supply_limits || lz->n_hubs != full->n_hubs)
        fail_msg("step %d: a lazy plan's core differs from the eager plan's", step);
    for (int32_t i = 0; i < lz->n_markets; i++)
        if (lz->markets[i].landed_cents_per_t != full->markets[i].landed_cents_per_t ||
            lz->markets[i].delivered_t != full->markets[i].delivered_t)
            fail_msg("step %d: market %d differs before completion", step, (int)i);
    for (int32_t k = 0; k < lz->n_hubs; k++)
        if (lz->hubs[k].peak_stock_t != full->hubs[k].peak_stock_t ||
            lz->hubs[k].transshipped_t != 0 || lz->hubs[k].throughput_t != 0)
            fail_msg("step %d: hub %d: a lazy plan has its peak stock only", step, (int)k);
    /* what the routes give is not there yet */
    assert_int_equal(lz->n_routes, 0);
    assert_null(lz->routes);
    assert_int_equal(lz->n_market_sums, 0);
    assert_int_equal(lz->n_origins, 0);
    assert_int_equal(lz->saving_cents, 0);
}

/* Two what-ifs of one scenario take the same seeded edits and resets; one
 * solves lazily, the other in full. A lazy plan holds the core figures at
 * once and, completed (by gf__plan_complete, or by its what-if before the
 * next apply, reset or solve changes the network it borrows), equals the
 * eager plan field by field; completing twice is a no-op. A plan that
 * could not be completed before its what-if changed (every allocation
 * failing then) is refused with GF_ESTATE, never derived from another
 * what-if's flows. */
static void test_whatif_lazy_plans_equal_eager_ones(void **state)
{
    gf_error err = {0};
    size_t len = 0;
    char *scn = scenario_text(&len);
    gf_whatif *wl = gf_whatif_create(scn, len, NULL, 0, &err);
    gf_whatif *we = gf_whatif_create(scn, len, NULL, 0, &err);
    const gf_model *m = gf_whatif_model(wl);
    gf_network *probe = m ? gf_network_build(m, &err) : NULL; /* for random_edit's transit test */
    gf_plan *held = NULL, *held_full = NULL;
    uint32_t seed = 7041u;
    int completed_now = 0, completed_by_whatif = 0, never = 0, held_step = -1;

    (void)state;
    assert_non_null(wl);
    assert_non_null(we);
    assert_non_null(probe);
    for (int step = 0; step < 30; step++) {
        gf_plan *lz, *full;
        uint32_t how = lcg(&seed) % 3;
        if (lcg(&seed) % 4 == 0) {
            assert_int_equal(gf_whatif_reset(wl, &err), GF_OK); /* completes a held plan */
            assert_int_equal(gf_whatif_reset(we, &err), GF_OK);
        } else {
            char one[512], list[600];
            random_edit(m, probe, &seed, one, sizeof one);
            snprintf(list, sizeof list, "[%s]", one);
            if (gf_whatif_apply(wl, parse(list), &err) || gf_whatif_apply(we, parse(list), &err))
                fail_msg("step %d: %s: %s", step, list, err.msg);
        }
        if (held) { /* the apply or reset above completed it: its own what-if's figures */
            assert_plans_equal(held, held_full, held_step);
            gf_plan_destroy(held);
            gf_plan_destroy(held_full);
            held = held_full = NULL;
            completed_by_whatif++;
        }
        lz = gf__whatif_solve_lazy(wl, &err);
        full = gf_whatif_solve(we, &err);
        if (!lz || !full)
            fail_msg("step %d: %s", step, err.msg);
        assert_core_equal(lz, full, step);
        if (how == 0) {
            assert_int_equal(gf__plan_complete(lz, &err), GF_OK);
            assert_plans_equal(lz, full, step);
            assert_int_equal(gf__plan_complete(lz, &err), GF_OK); /* no-op */
            assert_plans_equal(lz, full, step);
            completed_now++;
        } else if (how == 1) {
            held = lz; /* completed by wl's next apply or reset */
            held_full = full;
            held_step = step;
            continue;
        } else {
            never++; /* destroyed lazy: wl must forget it */
        }
        gf_plan_destroy(lz);
        gf_plan_destroy(full);
    }
    if (held) { /* wl's next solve completes it too */
        gf_plan *again = gf__whatif_solve_lazy(wl, &err);
        assert_non_null(again);
        assert_plans_equal(held, held_full, held_step);
        gf_plan_destroy(held);
        gf_plan_destroy(held_full);
        held = again;
        completed_by_whatif++;
    } else {
        held = gf__whatif_solve_lazy(wl, &err);
        assert_non_null(held);
    }
    assert_true(completed_now >= 3 && completed_by_whatif >= 3 && never >= 3);
    /* a plan the what-if cannot complete before it changes goes stale */
    failing_alloc_arm(0);
    gf_whatif_reset(wl, &err); /* may fail too: only the plan is asserted */
    failing_alloc_disarm();
    gf_error_clear(&err);
    assert_int_equal(held->n_routes, 0);
    assert_int_equal(gf__plan_complete(held, &err), GF_ESTATE);
    gf_plan_destroy(held);
    gf_network_destroy(probe);
    gf_whatif_destroy(we);
    gf_whatif_destroy(wl);
    gf_free(scn, len + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whatif_json_round_trip_gives_the_folder_plan),
        cmocka_unit_test(test_whatif_edits_move_the_plan),
        cmocka_unit_test(test_whatif_jansson_frees_are_told_their_size),
        cmocka_unit_test(test_whatif_closing_a_link_in_some_periods),
        cmocka_unit_test(test_whatif_rejects_bad_edits_with_their_place),
        cmocka_unit_test(test_whatif_unknown_ids_and_bad_rows_are_located),
        cmocka_unit_test(test_whatif_edit_errors_point_into_the_request),
        cmocka_unit_test(test_whatif_scaling_is_integer),
        cmocka_unit_test(test_whatif_warm_apply_equals_a_cold_run),
        cmocka_unit_test(test_whatif_closures_hold_across_applies),
        cmocka_unit_test(test_whatif_interrupt_stops_the_solve),
        cmocka_unit_test(test_whatif_close_node_is_compares_without),
        cmocka_unit_test(test_whatif_survives_every_failed_allocation),
        cmocka_unit_test(test_whatif_seeded_sequence_equals_full_extraction),
        cmocka_unit_test(test_whatif_dirty_sync_equals_a_full_sync_across_rebuilds),
        cmocka_unit_test(test_whatif_lazy_plans_equal_eager_ones),
        cmocka_unit_test(test_whatif_reset_restores_the_v2_edits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
