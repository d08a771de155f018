/* tests/unit/test_sea_lanes.c: routing sea legs along the sea lane graph.
 *
 * The embedded data/sea_lanes.csv parses; Novorossiysk -> Casablanca goes
 * through the Bosphorus and Gibraltar; other modes and ends the graph does
 * not connect stay straight; a malformed table fails with its line.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "export/sea_lanes.h"

static double pts[GF_SEA_LANE_MAX_POINTS][2];

/* True when the path passes within 0.01 degrees of (lat, lon). */
static int passes(int32_t n, double lat, double lon)
{
    for (int32_t k = 0; k < n; k++)
        if (fabs(pts[k][0] - lon) < 0.01 && fabs(pts[k][1] - lat) < 0.01)
            return 1;
    return 0;
}

static int32_t route(const char *table, gf_mode mode, double lat0, double lon0, double lat1,
                     double lon1, gf_error *err)
{
    return gf__sea_lane_route(table, mode, lon0, lat0, lon1, lat1, pts, GF_SEA_LANE_MAX_POINTS,
                              err);
}

static void test_sea_lanes_novorossiysk_casablanca_through_the_straits(void **state)
{
    gf_error err = {0};
    const char *t = (const char *)gf__sea_lanes_csv;
    int32_t n = route(t, GF_MODE_SEA, 44.721, 37.782, 33.623, -7.613, &err);

    (void)state;
    assert_int_equal(err.code, GF_OK);
    assert_true(n > 10);
    assert_true(pts[0][0] == 37.782 && pts[0][1] == 44.721);
    assert_true(pts[n - 1][0] == -7.613 && pts[n - 1][1] == 33.623);
    assert_true(passes(n, 41.10, 29.04));  /* Bosphorus */
    assert_true(passes(n, 40.22, 26.47));  /* Dardanelles */
    assert_true(passes(n, 35.95, -5.60));  /* Gibraltar */
    assert_false(passes(n, 31.45, 32.35)); /* not through Suez */
    /* the reverse leg is the same path backwards */
    assert_int_equal(route(t, GF_MODE_SEA, 33.623, -7.613, 44.721, 37.782, &err), n);
    assert_true(passes(n, 41.10, 29.04) && passes(n, 35.95, -5.60));
}

static void test_sea_lanes_caspian_ferry_rounds_absheron(void **state)
{
    gf_error err = {0};
    int32_t n =
        route((const char *)gf__sea_lanes_csv, GF_MODE_FERRY, 43.6, 51.2, 39.95, 49.41, &err);

    (void)state;
    assert_int_equal(err.code, GF_OK);
    assert_true(passes(n, 40.50, 50.70)); /* east of the Absheron peninsula */
}

static void test_sea_lanes_other_modes_and_unconnected_ends_are_straight(void **state)
{
    gf_error err = {0};
    const char *two_seas = "id,lat,lon,links,passage\n"
                           "A,0,0,B,one sea\nB,0,1,A,one sea\n"
                           "C,10,10,D,another\r\nD,10,11,C,another\n";

    (void)state;
    assert_int_equal(
        route((const char *)gf__sea_lanes_csv, GF_MODE_RAIL, 44.7, 37.8, 33.6, -7.6, &err), 2);
    assert_int_equal(route(two_seas, GF_MODE_SEA, 0, 0.1, 10, 10.9, &err), 2);
    assert_int_equal(route(two_seas, GF_MODE_SEA, 0, -0.1, 0, 1.1, &err), 4);
    assert_true(pts[1][0] == 0 && pts[2][0] == 1);
    assert_int_equal(route("id,lat,lon,links,passage\n", GF_MODE_SEA, 0, 0, 1, 1, &err), 2);
    assert_int_equal(err.code, GF_OK);
}

static void test_sea_lanes_rejects_malformed_tables(void **state)
{
    static const struct {
        const char *table, *says;
    } bad[] = {
        {"id,lat,lon\nA,0,0\n", "sea_lanes.csv:1: the header"},
        {"id,lat,lon,links,passage\nA,0,0,B,x\n", "sea_lanes.csv:2: links: 'B'"},
        {"id,lat,lon,links,passage\nA,0,0,,x\nB,91,0,A,x\n", "sea_lanes.csv:3: '91'"},
        {"id,lat,lon,links,passage\nA,0,east,,x\n", "sea_lanes.csv:2: 'east'"},
        {"id,lat,lon,links,passage\nA,0,0,,x\nA,1,1,,x\n", "sea_lanes.csv:3: duplicate id"},
        {"id,lat,lon,links,passage\nA,0,0\n", "sea_lanes.csv:2: expected id,lat,lon"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        gf_error err = {0};
        int32_t n = route(bad[i].table, GF_MODE_SEA, 0, 0, 1, 1, &err);
        if (n >= 0 || !strstr(err.msg, bad[i].says))
            fail_msg("table %zu: got %d '%s', expected '%s'", i, n, err.msg, bad[i].says);
    }
}

static void test_sea_lanes_refuses_too_small_room(void **state)
{
    gf_error err = {0};
    int32_t n = gf__sea_lane_route((const char *)gf__sea_lanes_csv, GF_MODE_SEA, 37.782, 44.721,
                                   -7.613, 33.623, pts, 5, &err);

    (void)state;
    assert_int_equal(n, GF_ELIMIT);
    assert_int_equal(err.code, GF_ELIMIT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sea_lanes_novorossiysk_casablanca_through_the_straits),
        cmocka_unit_test(test_sea_lanes_caspian_ferry_rounds_absheron),
        cmocka_unit_test(test_sea_lanes_other_modes_and_unconnected_ends_are_straight),
        cmocka_unit_test(test_sea_lanes_rejects_malformed_tables),
        cmocka_unit_test(test_sea_lanes_refuses_too_small_room),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
