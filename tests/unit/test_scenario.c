/* tests/unit/test_scenario.c: the scenario reader: values, rounding, every
 * error class with its file:line:column, failing allocations.
 *
 * Each error case writes a valid base scenario into a fresh temporary folder,
 * replaces one file with a broken version, and checks the formatted error
 * ("<dir>/links.csv:2:5: error: ...") and a phrase of its message.
 * SPDX-License-Identifier: MIT */
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
#include "grainflow/scenario.h"
#include "support/failing_alloc.h"

#ifndef DATA
#define DATA "tests/data"
#endif

static const char base_scenario[] = "key,value\nname,base\nperiods,2\n";
static const char base_nodes[] =
    "id,name,country,kind,lat,lon,handling_usd_per_t,throughput_t_per_period,storage_t,"
    "storage_usd_per_t_per_period\n"
    "O,Origin,KZ,origin,50,60,,,,\n"
    "M,Market,SN,market,14.7,-17.4,1.50,,10,0.25\n";
static const char base_links[] = "from,to,mode,distance_km,cost_usd_per_t,transit_days,"
                                 "capacity_t_per_period,co2_kg_per_tkm,both_ways\n"
                                 "O,M,rail,1000,12.345,3,100,0.02,no\n";
static const char base_supply[] = "node,product,period,t,price_usd_per_t\nO,wheat,,100,99.99\n";
static const char base_demand[] = "node,product,period,t,alt_price_usd_per_t\nM,wheat,2,80,150\n";

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!text) {
        remove(path);
        return;
    }
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A fresh folder holding the base scenario with file `name` replaced by text
 * (NULL text removes it). Returns the folder in dir. */
static void make_scenario(char *dir, size_t size, const char *name, const char *text)
{
    const char *files[][2] = {{"scenario.csv", base_scenario},
                              {"nodes.csv", base_nodes},
                              {"links.csv", base_links},
                              {"supply.csv", base_supply},
                              {"demand.csv", base_demand}};

    snprintf(dir, size, "/tmp/gf_test_scn_XXXXXX");
    assert_non_null(mkdtemp(dir));
    for (size_t i = 0; i < 5; i++)
        write_file(dir, files[i][0], name && strcmp(name, files[i][0]) == 0 ? text : files[i][1]);
}

static void remove_scenario(const char *dir)
{
    const char *files[] = {"scenario.csv", "nodes.csv", "links.csv", "supply.csv", "demand.csv"};

    for (size_t i = 0; i < 5; i++)
        write_file(dir, files[i], NULL);
    rmdir(dir);
}

static void test_scenario_reads_base_and_rounds(void **state)
{
    char dir[64];
    gf_error err = {0};
    gf_model *m;

    (void)state;
    make_scenario(dir, sizeof dir, NULL, NULL);
    m = gf_scenario_read_csv(dir, &err);
    assert_non_null(m);
    assert_int_equal(gf_model_periods(m), 2);
    assert_int_equal(gf_model_node_count(m), 2);
    assert_string_equal(gf_model_name(m), "base");
    assert_string_equal(gf_model_product(m), "wheat");
    /* 12.345 USD/t rounds half away from zero to 1235 cents */
    assert_int_equal(gf_model_link(m, 0)->cost_cents_per_t, 1235);
    /* 3 days in 7-day periods: lag ceil(3/7) = 1 */
    assert_int_equal(gf_model_link(m, 0)->lag, 1);
    assert_int_equal(gf_model_link(m, 0)->capacity_t, 100);
    assert_int_equal(gf_model_node(m, 1)->handling_cents_per_t, 150);
    assert_int_equal(gf_model_node(m, 1)->storage_cents_per_t, 25);
    assert_int_equal(gf_model_node(m, 0)->throughput_t, GF_UNLIMITED);
    /* an empty period is every period: one offer per period */
    assert_int_equal(gf_model_supply_count(m), 2);
    assert_int_equal(gf_model_supply(m, 1)->period, 1);
    assert_int_equal(gf_model_supply(m, 1)->price_cents_per_t, 9999);
    assert_int_equal(gf_model_demand_count(m), 1);
    assert_int_equal(gf_model_demand(m, 0)->period, 1);
    assert_int_equal(gf_model_demand(m, 0)->alt_cents_per_t, 15000);
    gf_model_destroy(m);
    remove_scenario(dir);
}

static void test_scenario_parse_fixed(void **state)
{
    static const struct {
        const char *s;
        int scale, rc;
        int64_t v;
    } cases[] = {
        {"12.345", 2, 0, 1235},
        {"12.344", 2, 0, 1234},
        {"-0.005", 2, 0, -1},
        {"0.004", 2, 0, 0},
        {"1e3", 0, 0, 1000},
        {"0.5", 0, 0, 1},
        {"10.49", 0, 0, 10},
        {"12.5e-1", 2, 0, 125},
        {"+7", 2, 0, 700},
        {"000012", 0, 0, 12},
        {".5", 2, 0, 50},
        {"5.", 2, 0, 500},
        {"1125899906842624", 0, 0, (int64_t)1 << 50},
        {"11258999068426.24", 2, 0, (int64_t)1 << 50},
        {"1125899906842625", 0, 2, 0},
        {"99999999999999999999999", 0, 2, 0},
        {"1e400", 2, 2, 0},
        {"1e-400", 2, 0, 0},
        {"", 0, 1, 0},
        {".", 0, 1, 0},
        {"1.2.3", 0, 1, 0},
        {"1e", 0, 1, 0},
        {"nan", 0, 1, 0},
        {"inf", 2, 1, 0},
        {"0x10", 0, 1, 0},
        {"12,5", 2, 1, 0},
        {" 12", 2, 1, 0},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t v = -999;
        int rc = gf_parse_fixed(cases[i].s, cases[i].scale, &v);
        if (rc != cases[i].rc || (rc == 0 && v != cases[i].v))
            fail_msg("gf_parse_fixed('%s', %d) = %d, %lld; expected %d, %lld", cases[i].s,
                     cases[i].scale, rc, (long long)v, cases[i].rc, (long long)cases[i].v);
    }
}

static void test_scenario_rejects_each_error_class(void **state)
{
    static const struct {
        const char *file, *text, *where, *phrase;
    } cases[] = {
        {"links.csv", "from,to,mode,distance_km,cost_usd_per_t,transit_days\nO,X,rail,1,1,1\n",
         "/links.csv:2:2: error: ", "unknown node id 'X'"},
        {"nodes.csv",
         "id,name,country,kind,lat,lon\nO,a,KZ,origin,1,1\nM,b,SN,market,1,1\nO,c,KZ,port,1,1\n",
         "/nodes.csv:4:1: error: ", "duplicate node id 'O' (first on line 2)"},
        {"nodes.csv", "id,name,country,kind,lon\nO,a,KZ,origin,1\n",
         "/nodes.csv:1:1: error: ", "missing required column 'lat'"},
        {"links.csv",
         "from,to,mode,distance_km,cost_usd_per_t,transit_days\nO,M,rail,1,\"12,5\",1\n",
         "/links.csv:2:5: error: ", "cost_usd_per_t: '12,5' is not a number"},
        {"links.csv", "from,to,mode,distance_km,cost_usd_per_t,transit_days\nO,M,rail,nan,1,1\n",
         "/links.csv:2:4: error: ", "distance_km: 'nan' is not a number"},
        {"supply.csv", "node,product,period,t\nO,wheat,,inf\n",
         "/supply.csv:2:4: error: ", "t: 'inf' is not a number"},
        {"demand.csv", "node,product,period,t,alt_price_usd_per_t\nM,wheat,1,-5,100\n",
         "/demand.csv:2:4: error: ", "t must be >= 0 (got '-5')"},
        {"links.csv",
         "from,to,mode,distance_km,cost_usd_per_t,transit_days,capacity_t_per_period\n"
         "O,M,rail,1,1,1,-1\n",
         "/links.csv:2:7: error: ", "capacity_t_per_period must be >= 0"},
        {"nodes.csv", "id,name,country,kind,lat,lon\nO,a,KZ,origin,95,1\nM,b,SN,market,1,1\n",
         "/nodes.csv:2:5: error: ", "lat must be from -90 to 90 (got '95')"},
        {"nodes.csv", "id,name,country,kind,lat,lon\nO,a,KZ,origin,5,1\nM,b,SN,market,1,-200\n",
         "/nodes.csv:3:6: error: ", "lon must be from -180 to 180"},
        {"demand.csv", "node,product,period,t,alt_price_usd_per_t\nM,wheat,3,5,100\n",
         "/demand.csv:2:3: error: ", "period: '3' is not a period of this scenario"},
        {"supply.csv", "node,product,period,t\nO,wheat,1.5,5\n",
         "/supply.csv:2:3: error: ", "use an integer from 1 to 2"},
        {"supply.csv", "node,product,period,t\nO,wheat,,1e20\n",
         "/supply.csv:2:4: error: ", "too large for the solver's integer range"},
        {"demand.csv", "node,product,period,t,alt_price_usd_per_t\nM,barley,1,5,100\n",
         "/demand.csv:2:2: error: ", "'barley' is a second product"},
        {"nodes.csv", "id,name,country,kind,lat,lon\nO,a,KZ,farm,5,1\nM,b,SN,market,1,1\n",
         "/nodes.csv:2:4: error: ", "kind: 'farm' is not accepted"},
        {"links.csv", "from,to,mode,distance_km,cost_usd_per_t,transit_days\nO,M,plane,1,1,1\n",
         "/links.csv:2:3: error: ", "mode: 'plane' is not accepted"},
        {"links.csv",
         "from,to,mode,distance_km,cost_usd_per_t,transit_days,both_ways\nO,M,sea,1,1,1,maybe\n",
         "/links.csv:2:7: error: ", "both_ways: 'maybe' is not accepted; use yes or no"},
        {"scenario.csv", "key,value\nname,x\nperiods,0\n",
         "/scenario.csv:3:2: error: ", "periods: '0' is not accepted"},
        {"scenario.csv", "key,value\nhorizon,rolling\n",
         "/scenario.csv:2:2: error: ", "horizon: 'rolling' is not accepted; use cyclic or open"},
        {"scenario.csv", "key,value\nperiod_days,-7\n",
         "/scenario.csv:2:2: error: ", "period_days must be from"},
        {"nodes.csv", "id,name,country,kind,lat,lon\n,a,KZ,origin,5,1\n",
         "/nodes.csv:2:1: error: ", "id is empty"},
        {"links.csv", "from,to,mode,distance_km,cost_usd_per_t,transit_days\nO,M,rail,1,,1\n",
         "/links.csv:2:5: error: ", "cost_usd_per_t is empty; a number is required"},
        {"supply.csv", "node,product,period,t\nO,wheat,,\"5\n", "/supply.csv:2", "malformed CSV"},
        {"links.csv",
         "from,to,mode,distance_km,cost_usd_per_t,transit_days,both_ways\nO,M,rail,1,1,1\n",
         "/links.csv:2:7: error: ", "this row has 6 fields but the header has 7"},
        {"supply.csv", "node,t\nO,1,5\n",
         "/supply.csv:2:3: error: ", "this row has 3 fields but the header has 2"},
        {"demand.csv", NULL, "/demand.csv: error: ", "missing file"},
        {"nodes.csv", "", "/nodes.csv:1: error: ", "the file is empty"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char dir[64], msg[1024];
        gf_error err = {0};
        gf_model *m;
        make_scenario(dir, sizeof dir, cases[i].file, cases[i].text);
        m = gf_scenario_read_csv(dir, &err);
        if (m) {
            gf_model_destroy(m);
            remove_scenario(dir);
            fail_msg("case %zu (%s): accepted", i, cases[i].phrase);
        }
        gf_error_format(&err, msg, sizeof msg);
        remove_scenario(dir);
        if (!strstr(msg, cases[i].where) || !strstr(msg, cases[i].phrase))
            fail_msg("case %zu: got \"%s\"; expected \"%s\" and \"%s\"", i, msg, cases[i].where,
                     cases[i].phrase);
        if (err.code == GF_OK || err.code == GF_ENOMEM)
            fail_msg("case %zu: code %d", i, err.code);
    }
}

static void test_scenario_accepts_bom_crlf_quotes_and_merges_rows(void **state)
{
    char dir[64];
    gf_error err = {0};
    gf_model *m;

    (void)state;
    /* the last column was "extra" while unknown columns were ignored (#12) */
    make_scenario(dir, sizeof dir, "nodes.csv",
                  "\xEF\xBB\xBFid,name,country,kind,lat,lon,storage_t\r\n"
                  "O,\"Origin, the big one\",KZ,origin,50,60,5\r\n"
                  "\r\n"
                  "M,Market,SN,market,14.7,-17.4,\r\n"
                  ",,,,,,\r\n"
                  "   \r\n");
    write_file(dir, "supply.csv",
               "node,period,t,price_usd_per_t\nO,1,60,10\nO,1,40,10.00\nO,1,50,30\n");
    write_file(dir, "demand.csv", "node,t,alt_price_usd_per_t\nM,70,50\nM,50,50\n");
    m = gf_scenario_read_csv(dir, &err);
    remove_scenario(dir);
    if (!m)
        fail_msg("%s:%ld:%ld %s", err.input, err.line, err.column, err.msg);
    assert_string_equal(gf_model_node(m, 0)->name, "Origin, the big one");
    assert_int_equal(gf_model_node(m, 1)->line, 4); /* blank line 3 skipped */
    /* two offers at 10.00 add up; the one at 30.00 stays separate */
    assert_int_equal(gf_model_supply_count(m), 2);
    assert_int_equal(gf_model_supply(m, 0)->t, 100);
    assert_int_equal(gf_model_supply(m, 1)->t, 50);
    /* demand rows without period: every period (2), same price merged */
    assert_int_equal(gf_model_demand_count(m), 2);
    assert_int_equal(gf_model_demand(m, 0)->t, 120);
    assert_string_equal(gf_model_product(m), "");
    gf_model_destroy(m);
}

static void test_scenario_lags(void **state)
{
    char dir[64];
    gf_error err = {0};
    gf_model *m;

    (void)state;
    make_scenario(dir, sizeof dir, "links.csv",
                  "from,to,mode,distance_km,cost_usd_per_t,transit_days,both_ways\n"
                  "O,M,rail,1,1,0,\n"
                  "O,M,rail,1,1,7,\n"
                  "O,M,rail,1,1,7.5,\n"
                  "O,M,rail,1,1,14,yes\n"
                  "O,M,rail,1,1,0.1,\n"
                  "O,M,rail,1,1,7.000001,\n"
                  "O,M,rail,1,1,21,\n");
    m = gf_scenario_read_csv(dir, &err);
    remove_scenario(dir);
    assert_non_null(m);
    assert_int_equal(gf_model_link_count(m), 8);
    assert_int_equal(gf_model_link(m, 0)->lag, 0);
    assert_int_equal(gf_model_link(m, 1)->lag, 1);
    assert_int_equal(gf_model_link(m, 2)->lag, 2);
    assert_int_equal(gf_model_link(m, 3)->lag, 2);
    /* both_ways = yes: the reverse link with the same figures */
    assert_int_equal(gf_model_link(m, 4)->from, gf_model_link(m, 3)->to);
    assert_int_equal(gf_model_link(m, 4)->to, gf_model_link(m, 3)->from);
    assert_int_equal(gf_model_link(m, 4)->lag, 2);
    assert_true(gf_model_link(m, 4)->reverse);
    assert_int_equal(gf_model_link(m, 5)->lag, 1);
    assert_int_equal(gf_model_link(m, 6)->lag, 2); /* a micro-day over 7 */
    assert_int_equal(gf_model_link(m, 7)->lag, 3);
    gf_model_destroy(m);

    /* 2.1 days in 0.3-day periods: 7, though 2.1 / 0.3 > 7 in binary */
    make_scenario(dir, sizeof dir, "links.csv",
                  "from,to,mode,distance_km,cost_usd_per_t,transit_days\nO,M,rail,1,1,2.1\n");
    write_file(dir, "scenario.csv", "key,value\nperiods,20\nperiod_days,0.3\n");
    write_file(dir, "demand.csv", "node,t,alt_price_usd_per_t\nM,1,1\n");
    m = gf_scenario_read_csv(dir, &err);
    remove_scenario(dir);
    assert_non_null(m);
    assert_int_equal(gf_model_link(m, 0)->lag, 7);
    gf_model_destroy(m);
}

static void test_scenario_survives_every_failed_allocation(void **state)
{
    gf_model *m = NULL;
    long fail_at;

    (void)state;
    for (fail_at = 0; !m && fail_at < 100000; fail_at++) {
        gf_error err = {0};
        failing_alloc_arm(fail_at);
        m = gf_scenario_read_csv(DATA "/hub", &err);
        failing_alloc_disarm();
        if (!m)
            assert_int_equal(err.code, GF_ENOMEM);
    }
    assert_non_null(m);
    assert_true(fail_at > 10);
    gf_model_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenario_reads_base_and_rounds),
        cmocka_unit_test(test_scenario_parse_fixed),
        cmocka_unit_test(test_scenario_rejects_each_error_class),
        cmocka_unit_test(test_scenario_accepts_bom_crlf_quotes_and_merges_rows),
        cmocka_unit_test(test_scenario_lags),
        cmocka_unit_test(test_scenario_survives_every_failed_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
