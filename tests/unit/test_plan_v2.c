/* tests/unit/test_plan_v2.c: a version-2 plan's status, edits, hub figures and report.
 *
 * Worked by hand on the small version-2 folders of tests/data:
 * - the status sentence: proven optimal after CBC, and for a plan stopped by
 *   the time limit or the interrupt flag "NOT proven optimal" with the gap
 *   in dollars and as a share of the saving (never "optimal" alone);
 * - what-if edits on the model (gf_plan_v2_apply_edits): freight scaled,
 *   a hub closed over the horizon and in its one period, a link closed,
 *   a node closed to transit, and the errors naming the edit;
 * - the hub's throughput, capacity and transshipped tonnes per product;
 * - the HTML report's sections and the JSON's status fields.
 * SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "grainflow/edit.h"
#include "grainflow/plan_v2.h"
#include "grainflow/scenario.h"

#define DATA "tests/data"

static gf_model *read_case(const char *name)
{
    char dir[256];
    gf_error err = {0};
    gf_model *m;

    snprintf(dir, sizeof dir, "%s/%s", DATA, name);
    m = gf_scenario_read_csv(dir, &err);
    if (!m)
        fail_msg("%s: %s", dir, err.msg);
    return m;
}

/* The plan of m after the edits (a JSON array), with its hub choices. */
static gf_plan_v2 *plan_edited(gf_model *m, const char *edits, gf_error *err)
{
    gf_edits *l = gf_edits_create(err);
    int32_t force[64];
    gf_lp_options o;
    int rc;

    assert_non_null(l);
    assert_true(gf_model_node_count(m) <= 64);
    for (int i = 0; i < 64; i++)
        force[i] = GF_LP_HUB_FREE;
    rc = gf_edits_parse_json(l, edits, strlen(edits), err);
    if (!rc)
        rc = gf_plan_v2_apply_edits(m, l, force, err);
    gf_edits_destroy(l);
    if (rc)
        return NULL;
    gf_lp_options_init(&o);
    o.hub_force = force;
    return gf_plan_v2_solve(m, &o, err);
}

static int64_t edited_total(const char *dir, const char *edits)
{
    gf_model *m = read_case(dir);
    gf_error err = {0};
    gf_plan_v2 *p = plan_edited(m, edits, &err);
    int64_t total;

    if (!p)
        fail_msg("%s %s: %s", dir, edits, err.msg);
    total = p->lp.cost.total;
    gf_plan_v2_destroy(p);
    gf_model_destroy(m);
    return total;
}

static void test_status_text(void **state)
{
    gf_model *m = read_case("v2_hub");
    gf_error err = {0};
    gf_plan_v2 *p = gf_plan_v2_solve(m, NULL, &err);
    char buf[256];

    (void)state;
    assert_non_null(p);
    assert_int_equal(p->lp.status, GF_LP_OPTIMAL);
    assert_int_equal(p->saving_cents, 730000);
    assert_non_null(strstr(gf_plan_v2_status_text(p, buf, sizeof buf), "proven optimal ("));
    assert_true(gf_plan_v2_gap_pct(p) == 0.0);
    /* what a time limit hands back: the incumbent with a bound below it */
    p->lp.status = GF_LP_TIME_LIMIT;
    p->lp.bound_cents = 1197000.0;
    p->lp.gap_cents = 73000.0;
    assert_true(gf_plan_v2_gap_pct(p) > 9.9999 && gf_plan_v2_gap_pct(p) < 10.0001);
    assert_string_equal(gf_plan_v2_status_text(p, buf, sizeof buf),
                        "stopped at the time limit: best plan found, gap $730.00 (10.00% of the "
                        "saving), NOT proven optimal");
    p->lp.status = GF_LP_INTERRUPTED;
    assert_string_equal(gf_plan_v2_status_text(p, buf, sizeof buf),
                        "interrupted: best plan found, gap $730.00 (10.00% of the saving), NOT "
                        "proven optimal");
    p->saving_cents = 0; /* no saving: the share means nothing */
    assert_true(gf_plan_v2_gap_pct(p) < 0);
    assert_non_null(strstr(gf_plan_v2_status_text(p, buf, sizeof buf), "saving is not positive"));
    gf_plan_v2_destroy(p);
    gf_model_destroy(m);
}

static void test_hub_figures(void **state)
{
    gf_model *m = read_case("v2_hub");
    gf_error err = {0};
    gf_plan_v2 *p = gf_plan_v2_solve(m, NULL, &err);

    (void)state;
    assert_non_null(p);
    /* 100 t by one ship to H (small: 100 t a period), then by road to M1, M2 */
    assert_int_equal(p->lp.cost.total, 1270000);
    assert_int_equal(p->n_hubs, 1);
    assert_string_equal(gf_model_hub_option(m, p->hubs[0].option)->option, "small");
    assert_int_equal(p->hubs[0].throughput_mt, 100000);
    assert_int_equal(p->hubs[0].capacity_mt, 100000);
    assert_int_equal(p->hubs[0].shipped_mt[0], 100000);
    gf_plan_v2_destroy(p);
    gf_model_destroy(m);
}

static void test_edits(void **state)
{
    (void)state;
    /* v2_departures: 201 t wanted at 140; 200 t go by two 100-t ships
     * (500 each) at 10/t sea, 5/t rail, 100/t bought; 1 t is left unmet. */
    assert_int_equal(edited_total("v2_departures", "[]"), 2414000);
    /* sea freight +100%: 10 -> 20 per tonne on 200 t */
    assert_int_equal(
        edited_total("v2_departures", "[{\"op\":\"scale_freight\",\"mode\":\"sea\",\"pct\":100}]"),
        2614000);
    /* the sea link closed: all 201 t at the alternative price */
    assert_int_equal(
        edited_total("v2_departures", "[{\"op\":\"close_link\",\"from\":\"P\",\"to\":\"M\"}]"),
        2814000);
    assert_int_equal(edited_total("v2_departures",
                                  "[{\"op\":\"close_link\",\"from\":\"P\",\"to\":\"M\","
                                  "\"periods\":[1]}]"),
                     2814000);
    /* P has no rows: closed to transit, nothing leaves it */
    assert_int_equal(edited_total("v2_departures", "[{\"op\":\"close_transit\",\"node\":\"P\"}]"),
                     2814000);
    /* v2_hub with H closed: a 50-t ship to each market (1000 each), 10/t */
    assert_int_equal(edited_total("v2_hub", "[{\"op\":\"close_node\",\"node\":\"H\"}]"), 1300000);
    assert_int_equal(
        edited_total("v2_hub", "[{\"op\":\"close_node\",\"node\":\"H\",\"periods\":[1]}]"),
        1300000);
    assert_int_equal(edited_total("v2_hub", "[{\"op\":\"close_transit\",\"node\":\"H\"}]"),
                     1300000);
}

static void test_edit_errors(void **state)
{
    gf_model *m = read_case("v2_backhaul");
    gf_error err = {0};
    gf_plan_v2 *p;

    (void)state;
    /* O has wheat to sell and fertiliser to buy: transit alone cannot close */
    p = plan_edited(m, "[{\"op\":\"close_transit\",\"node\":\"O\"}]", &err);
    assert_null(p);
    assert_int_equal(err.code, GF_EINVAL);
    assert_string_equal(err.input, "/edits/0");
    assert_non_null(strstr(err.msg, "use close_node"));
    gf_model_destroy(m);
    m = read_case("v2_backhaul");
    gf_error_clear(&err);
    p = plan_edited(m, "[{\"op\":\"close_node\",\"node\":\"NOPE\"}]", &err);
    assert_null(p);
    assert_int_equal(err.code, GF_EINVAL);
    assert_string_equal(err.input, "/edits/0/node");
    gf_model_destroy(m);
}

static char *report_text(const gf_plan_v2 *p)
{
    gf_error err = {0};
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    gf_report_info info = {.scenario_dir = DATA "/v2_hub", .date = "2026-01-02"};

    assert_non_null(f);
    assert_int_equal(gf_export_plan_v2_report_stream(p, &info, f, &err), GF_OK);
    fclose(f);
    return text;
}

static void test_report(void **state)
{
    gf_model *m = read_case("v2_hub");
    gf_error err = {0};
    gf_plan_v2 *p = gf_plan_v2_solve(m, NULL, &err);
    char *t;

    (void)state;
    assert_non_null(p);
    t = report_text(p);
    assert_non_null(strstr(t, "<p id=\"gf-v2-status\">proven optimal ("));
    assert_non_null(strstr(t, "<td>H</td><td>small</td><td>$1,000.00</td><td>100</td>"
                              "<td>100.0%</td><td>wheat 100</td>"));
    assert_non_null(strstr(t, "<td>O &rarr; H</td><td>sea</td><td>100</td><td>1</td><td>100</td>"
                              "<td><span class=\"gf-bar\" style=\"width:60px\"></span> 100.0%"));
    assert_non_null(strstr(t, "<tr><td>hub fixed</td><td>$1,000.00</td>"));
    assert_non_null(strstr(t, "<tr><td>total</td><td>$12,700.00</td>"));
    assert_non_null(strstr(t, "<td>H &rarr; M1</td><td>road</td><td>50</td>"));
    assert_non_null(strstr(t, "  hubs.csv\n")); /* the version-2 files are hashed too */
    assert_null(strstr(t, "NOT proven optimal"));
    free(t);
    p->lp.status = GF_LP_TIME_LIMIT;
    p->lp.gap_cents = 73000.0;
    p->lp.bound_cents = 1197000.0;
    t = report_text(p);
    assert_non_null(strstr(t, "<p id=\"gf-v2-status\" class=\"gf-status-open\">stopped at the "
                              "time limit: best plan found, gap $730.00 (10.00% of the saving), "
                              "NOT proven optimal"));
    assert_non_null(strstr(t, "the saving is at most $8,030.00"));
    free(t);
    gf_plan_v2_destroy(p);
    gf_model_destroy(m);
}

static void test_report_conversions_and_json(void **state)
{
    gf_model *m = read_case("v2_milling");
    gf_error err = {0};
    gf_plan_v2 *p = gf_plan_v2_solve(m, NULL, &err);
    char *t, *json = NULL;
    size_t len = 0;
    FILE *f;

    (void)state;
    assert_non_null(p);
    t = report_text(p);
    assert_non_null(strstr(t, "id=\"gf-v2-conversions\""));
    assert_non_null(strstr(t, "<td>P</td><td>wheat</td><td>flour</td><td>80</td><td>60</td>"
                              "<td>$400.00</td>"));
    assert_non_null(strstr(t, "<h3>flour</h3>"));
    assert_non_null(strstr(t, "<p id=\"gf-v2-status\">optimal (LP, "));
    free(t);
    f = open_memstream(&json, &len);
    assert_int_equal(gf_export_plan_v2_json(p, f, &err), GF_OK);
    fclose(f);
    assert_non_null(strstr(json, "\"optimal\": true"));
    assert_non_null(strstr(json, "\"gap_pct_of_saving\": 0"));
    assert_non_null(strstr(json, "\"status_text\": \"optimal (LP, "));
    free(json);
    gf_plan_v2_destroy(p);
    gf_model_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_text), cmocka_unit_test(test_hub_figures),
        cmocka_unit_test(test_edits),       cmocka_unit_test(test_edit_errors),
        cmocka_unit_test(test_report),      cmocka_unit_test(test_report_conversions_and_json),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
