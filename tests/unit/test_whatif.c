/* tests/unit/test_whatif.c: JSON scenarios and what-if edits.
 * Runs from the project root (tests/run.sh does): reads data/kz-ma-africa.
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
#include "grainflow/scenario.h"
#include "grainflow/whatif.h"

#define DEFAULT_DIR "data/kz-ma-africa"

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

static void test_whatif_rejects_bad_edits_with_their_place(void **state)
{
    static const struct {
        const char *edits;
        int code;
        const char *input;
    } cases[] = {
        {"{\"op\":\"scale_freight\"}", GF_EINVAL, "edits"},
        {"[{\"op\":\"fly\"}]", GF_EINVAL, "edits[0].op"},
        {"[{\"op\":\"scale_freight\",\"pct\":\"ten\"}]", GF_EINVAL, "edits[0].pct"},
        {"[{\"op\":\"scale_freight\",\"pct\":-101}]", GF_EINVAL, "edits[0].pct"},
        {"[{\"op\":\"scale_freight\",\"pct\":5,\"mode\":\"air\"}]", GF_EINVAL, "edits[0].mode"},
        {"[{\"op\":\"scale_freight\",\"pct\":5,\"colour\":1}]", GF_EINVAL, "edits[0].colour"},
        {"[{\"op\":\"close_node\"}]", GF_EINVAL, "edits[0].node"},
        {"[{\"op\":\"close_node\",\"node\":\"X\",\"periods\":[0]}]", GF_EINVAL, "edits[0].periods"},
        {"[{\"op\":\"set_node\",\"node\":\"X\",\"storage_t\":-1}]", GF_EINVAL,
         "edits[0].storage_t"},
        {"[{\"op\":\"scale_freight\",\"pct\":1},{\"op\":\"close_link\",\"from\":\"A\"}]", GF_EINVAL,
         "edits[1].to"},
        {"[{\"op\":", GF_EPARSE, "edits"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gf_error err = {0};
        int rc = gf_whatif_check_edits(cases[i].edits, strlen(cases[i].edits), &err);
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
    assert_string_equal(err.input, "edits[0].node");
    assert_non_null(strstr(err.msg, "ATLANTIS"));
    gf_error_clear(&err);
    w = gf_whatif_create(scn, len, e2, strlen(e2), &err);
    assert_null(w);
    assert_string_equal(err.input, "edits[0].to");

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whatif_json_round_trip_gives_the_folder_plan),
        cmocka_unit_test(test_whatif_edits_move_the_plan),
        cmocka_unit_test(test_whatif_closing_a_link_in_some_periods),
        cmocka_unit_test(test_whatif_rejects_bad_edits_with_their_place),
        cmocka_unit_test(test_whatif_unknown_ids_and_bad_rows_are_located),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
