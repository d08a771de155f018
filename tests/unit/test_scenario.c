/* tests/unit/test_scenario.c: the scenario reader: values, rounding, every
 * error class with its file:line:column, failing allocations.
 *
 * Each error case writes a valid base scenario into a fresh temporary folder,
 * replaces one file with a broken version, and checks the formatted error
 * ("<dir>/links.csv:2:5: error: ...") and a phrase of its message, and that
 * the same files read from memory give the same error naming "links.csv".
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
#include "grainflow/whatif.h"
#include "support/failing_alloc.h"
#include "support/tmpdir.h"

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

    test_tmp_template(dir, size, "gf_test_scn");
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

/* The files of folder dir as in-memory texts (owned: free_texts). */
typedef struct texts {
    gf_scenario_file f[5];
    char *buf[5];
    int n;
} texts;

static void load_texts(const char *dir, texts *t)
{
    static const char *const names[] = {"scenario.csv", "nodes.csv", "links.csv", "supply.csv",
                                        "demand.csv"};

    memset(t, 0, sizeof *t);
    for (int i = 0; i < 5; i++) {
        char path[512];
        FILE *f;
        long n;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        f = fopen(path, "rb");
        if (!f)
            continue;
        assert_int_equal(fseek(f, 0, SEEK_END), 0);
        n = ftell(f);
        rewind(f);
        t->buf[t->n] = malloc((size_t)n + 1);
        assert_non_null(t->buf[t->n]);
        assert_int_equal(fread(t->buf[t->n], 1, (size_t)n, f), (size_t)n);
        fclose(f);
        t->f[t->n] = (gf_scenario_file){names[i], t->buf[t->n], (size_t)n};
        t->n++;
    }
}

static void free_texts(texts *t)
{
    for (int i = 0; i < t->n; i++)
        free(t->buf[i]);
}

/* Reading dir's files from memory fails with folder_msg minus the folder. */
static void same_error_in_memory(const char *dir, const char *folder_msg)
{
    texts t;
    gf_error err = {0};
    char msg[1024];
    gf_model *m;

    load_texts(dir, &t);
    m = gf_scenario_read_texts(t.f, t.n, &err);
    free_texts(&t);
    if (m) {
        gf_model_destroy(m);
        fail_msg("in memory: accepted what the folder refused (%s)", folder_msg);
    }
    gf_error_format(&err, msg, sizeof msg);
    if (strncmp(folder_msg, dir, strlen(dir)) != 0 || strcmp(folder_msg + strlen(dir) + 1, msg))
        fail_msg("in memory: \"%s\"; from the folder: \"%s\"", msg, folder_msg);
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
        /* format version 2 allows several products (a 'barley' row is a
         * product of its own: test_scenario_v2.c); naming one that no file
         * lists is what is refused now */
        {"links.csv",
         "from,to,mode,distance_km,cost_usd_per_t,transit_days,products\nO,M,rail,1,1,1,barley\n",
         "/links.csv:2:7: error: ", "products: 'barley' is not a product of this scenario"},
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
        same_error_in_memory(dir, msg);
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

/* Every figure of two models, compared field by field (to the cent). */
static void assert_same_model(const gf_model *a, const gf_model *b, const char *what)
{
    if (gf_model_node_count(a) != gf_model_node_count(b) ||
        gf_model_link_count(a) != gf_model_link_count(b) ||
        gf_model_supply_count(a) != gf_model_supply_count(b) ||
        gf_model_demand_count(a) != gf_model_demand_count(b) ||
        gf_model_periods(a) != gf_model_periods(b) || strcmp(gf_model_name(a), gf_model_name(b)))
        fail_msg("%s: the models differ in size or name", what);
    for (int32_t i = 0; i < gf_model_node_count(a); i++) {
        const gf_node *x = gf_model_node(a, i), *y = gf_model_node(b, i);
        if (strcmp(x->id, y->id) || x->handling_cents_per_t != y->handling_cents_per_t ||
            x->throughput_t != y->throughput_t || x->storage_t != y->storage_t ||
            x->storage_cents_per_t != y->storage_cents_per_t || x->lat != y->lat ||
            x->line != y->line)
            fail_msg("%s: node %d differs", what, i);
    }
    for (int32_t i = 0; i < gf_model_link_count(a); i++) {
        const gf_link *x = gf_model_link(a, i), *y = gf_model_link(b, i);
        if (x->from != y->from || x->to != y->to || x->cost_cents_per_t != y->cost_cents_per_t ||
            x->capacity_t != y->capacity_t || x->lag != y->lag || x->line != y->line)
            fail_msg("%s: link %d differs", what, i);
    }
    for (int32_t i = 0; i < gf_model_supply_count(a); i++)
        if (memcmp(gf_model_supply(a, i), gf_model_supply(b, i), sizeof(gf_supply)))
            fail_msg("%s: supply row %d differs", what, i);
    for (int32_t i = 0; i < gf_model_demand_count(a); i++)
        if (memcmp(gf_model_demand(a, i), gf_model_demand(b, i), sizeof(gf_demand)))
            fail_msg("%s: demand row %d differs", what, i);
}

/* The same files read from memory give the folder's model, figure for
 * figure, for every test scenario and the default one; so does the JSON
 * form, read with TMPDIR pointing nowhere (no temporary folder is made). */
static void test_scenario_in_memory_equals_the_folder(void **state)
{
    static const char *const dirs[] = {DATA "/tiny",          DATA "/hub",    DATA "/store",
                                       DATA "/cyclic",        DATA "/scarce", DATA "/both_ways",
                                       "data/kz-ma-africa-v1"};
    const char *old = getenv("TMPDIR");
    char *saved = old ? strdup(old) : NULL;

    (void)state;
    assert_int_equal(setenv("TMPDIR", "/nonexistent/gf-no-temp", 1), 0);
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        gf_error err = {0};
        gf_model *a = gf_scenario_read_csv(dirs[i], &err), *b, *c;
        texts t;
        size_t len = 0;
        char *json;
        if (!a)
            fail_msg("%s: %s", dirs[i], err.msg);
        load_texts(dirs[i], &t);
        b = gf_scenario_read_texts(t.f, t.n, &err);
        json = gf_scenario_json_from_texts(t.f, t.n, &len, &err);
        free_texts(&t);
        if (!b || !json)
            fail_msg("%s in memory: %s: %s", dirs[i], err.input, err.msg);
        c = gf_scenario_read_json(json, len, &err);
        if (!c)
            fail_msg("%s as JSON: %s: %s", dirs[i], err.input, err.msg);
        assert_same_model(a, b, dirs[i]);
        assert_same_model(a, c, dirs[i]);
        gf_free(json, len + 1);
        gf_model_destroy(c);
        gf_model_destroy(b);
        gf_model_destroy(a);
    }
    if (saved)
        setenv("TMPDIR", saved, 1);
    else
        unsetenv("TMPDIR");
    free(saved);
}

/* Names other than the five files, or one given twice, are refused; a
 * required file not given is named. */
static void test_scenario_in_memory_names_its_files(void **state)
{
    gf_scenario_file bad[] = {{"nodes.csv", base_nodes, sizeof base_nodes - 1},
                              {"../etc/passwd", "x", 1}};
    gf_scenario_file twice[] = {{"nodes.csv", base_nodes, sizeof base_nodes - 1},
                                {"nodes.csv", base_nodes, sizeof base_nodes - 1}};
    gf_scenario_file some[] = {{"nodes.csv", base_nodes, sizeof base_nodes - 1},
                               {"links.csv", base_links, sizeof base_links - 1}};
    gf_error err = {0};

    (void)state;
    assert_null(gf_scenario_read_texts(bad, 2, &err));
    assert_int_equal(err.code, GF_EINVAL);
    assert_string_equal(err.input, "../etc/passwd");
    gf_error_clear(&err);
    assert_null(gf_scenario_read_texts(twice, 2, &err));
    assert_int_equal(err.code, GF_EINVAL);
    assert_non_null(strstr(err.msg, "repeated"));
    gf_error_clear(&err);
    assert_null(gf_scenario_read_texts(some, 2, &err));
    assert_int_equal(err.code, GF_ENOTFOUND);
    assert_string_equal(err.input, "supply.csv");
    assert_non_null(strstr(err.msg, "a scenario must hold supply.csv"));
}

/* A figure with 16 significant digits (money near 2^50 cents) keeps every
 * cent on its way through the JSON form: it stays the cell's text. */
static void test_scenario_json_form_keeps_every_cent(void **state)
{
    char dir[64];
    gf_error err = {0};
    gf_model *a, *b;
    size_t len = 0;
    char *json;

    (void)state;
    make_scenario(dir, sizeof dir, "links.csv",
                  "from,to,mode,distance_km,cost_usd_per_t,transit_days\n"
                  "O,M,rail,1000,11258999068426.23,3\n");
    a = gf_scenario_read_csv(dir, &err);
    json = a ? gf_scenario_json_from_csv(dir, &len, &err) : NULL;
    remove_scenario(dir);
    if (!json)
        fail_msg("%s: %s", err.input, err.msg);
    b = gf_scenario_read_json(json, len, &err);
    if (!b)
        fail_msg("%s: %s", err.input, err.msg);
    assert_int_equal(gf_model_link(a, 0)->cost_cents_per_t, 1125899906842623);
    assert_int_equal(gf_model_link(b, 0)->cost_cents_per_t, 1125899906842623);
    assert_non_null(strstr(json, "\"11258999068426.23\""));
    gf_free(json, len + 1);
    gf_model_destroy(b);
    gf_model_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenario_reads_base_and_rounds),
        cmocka_unit_test(test_scenario_parse_fixed),
        cmocka_unit_test(test_scenario_rejects_each_error_class),
        cmocka_unit_test(test_scenario_accepts_bom_crlf_quotes_and_merges_rows),
        cmocka_unit_test(test_scenario_lags),
        cmocka_unit_test(test_scenario_in_memory_equals_the_folder),
        cmocka_unit_test(test_scenario_in_memory_names_its_files),
        cmocka_unit_test(test_scenario_json_form_keeps_every_cent),
        cmocka_unit_test(test_scenario_survives_every_failed_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
