/* tests/unit/test_export.c: the CSV tables, JSON and GeoJSON of a plan.
 *
 * A model built in code with a node id holding a comma and a quote checks
 * RFC 4180 quoting; the hub scenario's JSON and GeoJSON are parsed back with
 * jansson and their figures compared with the plan's.
 * SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "grainflow/export.h"
#include "grainflow/scenario.h"

#ifndef DATA
#define DATA "tests/data"
#endif

/* Run fn into a memory stream; returns the text (free()). */
static char *capture_csv(const gf_plan *p, const char *table)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    gf_error err = {0};

    assert_non_null(f);
    assert_int_equal(gf_export_plan_csv(p, table, f, &err), GF_OK);
    fclose(f);
    return buf;
}

static void test_export_csv_quotes_ids(void **state)
{
    gf_error err = {0};
    gf_model *m = gf_model_create(&err);
    gf_node a = {.id = "Kostanay, \"north\"", .kind = GF_NODE_ORIGIN, .throughput_t = GF_UNLIMITED};
    gf_node b = {.id = "Dakar", .kind = GF_NODE_MARKET, .throughput_t = GF_UNLIMITED};
    gf_link l = {.from = 0, .to = 1, .cost_cents_per_t = 1050, .capacity_t = GF_UNLIMITED};
    gf_supply s = {0, -1, 10, 10000, 0};
    gf_demand d = {1, -1, 4, 20000, 0};
    gf_plan *p;
    char *text;

    (void)state;
    assert_int_equal(gf_model_add_node(m, &a, NULL, &err), GF_OK);
    assert_int_equal(gf_model_add_node(m, &b, NULL, &err), GF_OK);
    assert_int_equal(gf_model_add_link(m, &l, false, &err), GF_OK);
    assert_int_equal(gf_model_add_supply(m, &s, &err), GF_OK);
    assert_int_equal(gf_model_add_demand(m, &d, &err), GF_OK);
    assert_int_equal(gf_model_finish(m, &err), GF_OK);
    p = gf_plan_solve(m, &err);
    assert_non_null(p);
    text = capture_csv(p, "flows");
    assert_string_equal(text, "from,to,mode,period,arrival_period,t,cost_usd_per_t\n"
                              "\"Kostanay, \"\"north\"\"\",Dakar,rail,1,1,4,10.50\n");
    free(text);
    text = capture_csv(p, "markets");
    assert_non_null(strstr(text, "Dakar,1,4,4,0,"));
    free(text);
    text = capture_csv(p, "routes");
    assert_non_null(strstr(text, "Dakar,\"Kostanay, \"\"north\"\"\",1,1,4,100.00,110.50,"));
    free(text);
    assert_int_equal(gf_export_plan_csv(p, "nope", stdout, &err), GF_EINVAL);
    gf_plan_destroy(p);
    gf_model_destroy(m);
}

static json_t *dump_json(const gf_plan *p, int (*fn)(const gf_plan *, FILE *, gf_error *))
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    gf_error err = {0};
    json_error_t jerr;
    json_t *j;

    assert_non_null(f);
    assert_int_equal(fn(p, f, &err), GF_OK);
    fclose(f);
    j = json_loads(buf, 0, &jerr);
    if (!j)
        fail_msg("bad JSON: %s at line %d", jerr.text, jerr.line);
    free(buf);
    return j;
}

static void test_export_json_and_geojson_round_trip(void **state)
{
    gf_error err = {0};
    gf_model *m = gf_scenario_read_csv(DATA "/hub", &err);
    gf_plan *p = m ? gf_plan_solve(m, &err) : NULL;
    json_t *j, *g, *feats;
    size_t i, n_lines = 0;

    (void)state;
    assert_non_null(p);
    j = dump_json(p, gf_export_plan_json);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "optimal");
    assert_true(json_real_value(json_object_get(j, "total_cost_usd")) == 10080.0);
    assert_int_equal(json_integer_value(json_object_get(j, "delivered_t")), 150);
    assert_int_equal(json_array_size(json_object_get(j, "flows")), (size_t)p->n_flows);
    assert_int_equal(json_array_size(json_object_get(j, "routes")), (size_t)p->n_routes);
    assert_true(
        json_real_value(json_object_get(json_array_get(json_object_get(j, "bottlenecks"), 0),
                                        "shadow_usd_per_t")) == 6.0);
    json_decref(j);

    g = dump_json(p, gf_export_plan_geojson);
    assert_string_equal(json_string_value(json_object_get(g, "type")), "FeatureCollection");
    feats = json_object_get(g, "features");
    for (i = 0; i < json_array_size(feats); i++) {
        json_t *geom = json_object_get(json_array_get(feats, i), "geometry");
        const char *type = json_string_value(json_object_get(geom, "type"));
        json_t *c = json_object_get(geom, "coordinates");
        if (strcmp(type, "LineString") == 0) {
            n_lines++;
            /* RFC 7946 [lon, lat] positions: two for a land leg; a sea
             * leg follows the sea lanes (Casablanca -> Dakar: more) */
            json_t *mode =
                json_object_get(json_object_get(json_array_get(feats, i), "properties"), "mode");
            if (strcmp(json_string_value(mode), "sea") == 0) {
                size_t last = json_array_size(c) - 1;
                assert_true(last + 1 > 2);
                assert_true(json_real_value(json_array_get(json_array_get(c, 0), 0)) == -7.6);
                assert_true(json_real_value(json_array_get(json_array_get(c, last), 1)) == 14.7);
            } else {
                assert_int_equal(json_array_size(c), 2);
            }
        } else {
            assert_string_equal(type, "Point");
            assert_true(fabs(json_real_value(json_array_get(c, 1))) <= 90);
        }
    }
    assert_int_equal(json_array_size(feats), 4 + n_lines);
    assert_int_equal(n_lines, 3); /* F1->H, H->M, F2->M; F2->H carries nothing */
    json_decref(g);
    gf_plan_destroy(p);
    gf_model_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export_csv_quotes_ids),
        cmocka_unit_test(test_export_json_and_geojson_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
