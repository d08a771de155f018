/* tests/unit/test_scenario_v2.c: the version-2 files and the period overrides.
 *
 * The reader's figures on a version-2 base scenario (products, link products,
 * vessels, subsidies, conversions, hubs, hub bounds, alt_from, overrides);
 * every new error class with its file:line:column and the same error from
 * memory; in-memory and JSON reading equal the folder on every v2 scenario of
 * tests/data; the network builder refusing what it cannot plan; and plans
 * worked out by hand: a period override that closes a link, a subsidy, an
 * alt_from price that moves with freight.
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
#include "grainflow/edit.h"
#include "grainflow/network.h"
#include "grainflow/plan.h"
#include "grainflow/scenario.h"
#include "grainflow/whatif.h"
#include "support/failing_alloc.h"
#include "support/tmpdir.h"

#ifndef DATA
#define DATA "tests/data"
#endif

#define N_FILES 10

static const char *const file_names[N_FILES] = {
    "scenario.csv", "nodes.csv",       "links.csv", "supply.csv",       "demand.csv",
    "products.csv", "conversions.csv", "hubs.csv",  "link_periods.csv", "node_periods.csv"};

/* The base: wheat and flour, a mill at P, a hub H, a competitor C. */
static const char *const base[N_FILES] = {
    "key,value\nname,v2base\nperiods,2\nmin_hubs,0\nmax_hubs,1\n",
    "id,name,country,kind,lat,lon,handling_usd_per_t\n"
    "O,Origin,KZ,origin,50,60,\n"
    "P,Port,MA,port,33.6,-7.6,1.00\n"
    "H,Hub,MA,hub,35.8,-5.8,\n"
    "C,Competitor,RU,port,44.7,37.8,\n"
    "M,Market,SN,market,14.7,-17.4,0.50\n",
    "from,to,mode,distance_km,cost_usd_per_t,transit_days,capacity_t_per_period,both_ways,"
    "products,vessel_t,usd_per_departure,subsidy_usd_per_t\n"
    "O,P,rail,1000,10,0,500,yes,wheat,,,2.5\n"
    "P,M,sea,2000,20,0,,no,wheat; flour,30000,75000,\n"
    "P,H,road,100,1,0,,no,,,,\n"
    "H,M,sea,2000,18,0,,no,,,,\n"
    "C,M,sea,3000,15,0,,no,wheat,60000,90000,\n",
    "node,product,period,t,price_usd_per_t\nO,wheat,,1000,100\n",
    "node,product,period,t,alt_price_usd_per_t,alt_from,alt_fob_usd_per_t\n"
    "M,flour,,300,250,,\n"
    "M,wheat,1,200,,C,120\n",
    "id,name\nwheat,Milling wheat\nflour,\n",
    "node,from_product,to_product,yield,cost_usd_per_t,capacity_t_per_period\n"
    "P,wheat,flour,0.75,8,400\n",
    "node,option,fixed_usd_per_year,throughput_t_per_period,storage_t\n"
    "H,small,365000,1000,0\nH,large,730000,5000,20000\n",
    "from,to,mode,period,capacity_t\nP,O,rail,2,0\nO,P,rail,1,250\n",
    "node,period,throughput_t\nP,2,100\n"};

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    remove(path);
    if (!text)
        return;
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A fresh folder with the base, file `name` replaced by text (NULL: none). */
static void make_scenario(char *dir, size_t size, const char *name, const char *text)
{
    test_tmp_template(dir, size, "gf_test_v2");
    assert_non_null(mkdtemp(dir));
    for (int i = 0; i < N_FILES; i++)
        write_file(dir, file_names[i], name && strcmp(name, file_names[i]) == 0 ? text : base[i]);
}

static void remove_scenario(const char *dir)
{
    for (int i = 0; i < N_FILES; i++)
        write_file(dir, file_names[i], NULL);
    rmdir(dir);
}

/* The files of folder dir as in-memory texts. */
typedef struct texts {
    gf_scenario_file f[N_FILES];
    char *buf[N_FILES];
    int n;
} texts;

static void load_texts(const char *dir, texts *t)
{
    memset(t, 0, sizeof *t);
    for (int i = 0; i < N_FILES; i++) {
        char path[512];
        FILE *f;
        long n;
        snprintf(path, sizeof path, "%s/%s", dir, file_names[i]);
        f = fopen(path, "rb");
        if (!f)
            continue;
        assert_int_equal(fseek(f, 0, SEEK_END), 0);
        n = ftell(f);
        rewind(f);
        t->buf[t->n] = malloc((size_t)n + 1);
        assert_non_null(t->buf[t->n]);
        assert_int_equal(fread(t->buf[t->n], 1, (size_t)n, f), (size_t)n);
        t->buf[t->n][n] = '\0';
        fclose(f);
        t->f[t->n] = (gf_scenario_file){file_names[i], t->buf[t->n], (size_t)n};
        t->n++;
    }
}

static void free_texts(texts *t)
{
    for (int i = 0; i < t->n; i++)
        free(t->buf[i]);
}

static gf_model *read_dir(const char *dir)
{
    gf_error err = {0};
    char msg[512];
    gf_model *m = gf_scenario_read_csv(dir, &err);

    if (!m)
        fail_msg("%s: %s", dir, gf_error_format(&err, msg, sizeof msg));
    return m;
}

/* Every figure of the base as written, to the cent and the tonne. */
static void test_scenario_v2_reads_the_base(void **state)
{
    char dir[64];
    gf_model *m;
    const gf_link *l;
    int32_t o, p, h, c, mk;

    (void)state;
    make_scenario(dir, sizeof dir, NULL, NULL);
    m = read_dir(dir);
    remove_scenario(dir);
    o = gf_model_find_node(m, "O");
    p = gf_model_find_node(m, "P");
    h = gf_model_find_node(m, "H");
    c = gf_model_find_node(m, "C");
    mk = gf_model_find_node(m, "M");
    assert_int_equal(gf_model_version(m), 2);
    assert_int_equal(gf_model_product_count(m), 2);
    assert_string_equal(gf_model_product_name(m, 0), "Milling wheat");
    assert_string_equal(gf_model_product_name(m, 1), "flour"); /* empty name: the id */
    /* O,P both_ways: the reverse P -> O has the same products and subsidy */
    assert_int_equal(gf_model_link_count(m), 6);
    l = gf_model_link(m, 1);
    assert_true(l->reverse && l->from == p && l->to == o);
    assert_int_equal(l->products_mask, 1);
    assert_int_equal(l->subsidy_cents_per_t, 250);
    l = gf_model_link(m, 2);
    assert_int_equal(l->products_mask, 3); /* "wheat; flour" */
    assert_int_equal(l->vessel_t, 30000);
    assert_int_equal(l->departure_cents, 7500000);
    assert_int_equal(gf_model_link(m, 3)->products_mask, 0); /* empty: every product */
    assert_int_equal(gf_model_conversion_count(m), 1);
    assert_int_equal(gf_model_conversion(m, 0)->node, p);
    assert_int_equal(gf_model_conversion(m, 0)->to_product, 1);
    assert_true(gf_model_conversion(m, 0)->yield == 0.75);
    assert_int_equal(gf_model_conversion(m, 0)->cost_cents_per_t, 800);
    assert_int_equal(gf_model_conversion(m, 0)->capacity_t, 400);
    assert_int_equal(gf_model_hub_option_count(m), 2);
    assert_true(gf_model_is_hub(m, h));
    assert_string_equal(gf_model_hub_option(m, 1)->option, "large");
    assert_int_equal(gf_model_hub_option(m, 1)->storage_t, 20000);
    /* 730,000 USD/yr x 2 periods x 7 days / 365 = 28,000.00 USD */
    assert_int_equal(gf_model_hub_fixed_cents(m, 1), 2800000);
    assert_int_equal(gf_model_min_hubs(m), 0);
    assert_int_equal(gf_model_max_hubs(m), 1);
    /* demand: flour in both periods at 250; wheat in period 1 priced from C:
     * 120 + 15 + 90,000 / 60,000 (1.50) + M's handling 0.50 = 137.00 */
    assert_int_equal(gf_model_demand_count(m), 3);
    assert_int_equal(gf_model_demand(m, 0)->product, 1);
    assert_int_equal(gf_model_demand(m, 0)->alt_cents_per_t, 25000);
    assert_true(gf_model_demand(m, 2)->has_alt_from);
    assert_int_equal(gf_model_demand(m, 2)->alt_from, c);
    assert_int_equal(gf_model_demand(m, 2)->alt_fob_cents_per_t, 12000);
    assert_int_equal(gf_model_demand(m, 2)->alt_cents_per_t, 13700);
    assert_int_equal(gf_model_demand(m, 2)->node, mk);
    /* overrides: P -> O closed in period 2, O -> P 250 t in period 1 */
    assert_int_equal(gf_model_link_capacity_at(m, 1, 1), 0);
    assert_int_equal(gf_model_link_capacity_at(m, 1, 0), 500);
    assert_int_equal(gf_model_link_capacity_at(m, 0, 0), 250);
    assert_int_equal(gf_model_link_capacity_at(m, 0, 1), 500);
    assert_int_equal(gf_model_node_throughput_at(m, p, 1), 100);
    assert_int_equal(gf_model_node_throughput_at(m, p, 0), GF_UNLIMITED);
    gf_model_destroy(m);
}

/* Without products.csv the products are those supply.csv and demand.csv
 * name, in the order first named; an empty product is the first. */
static void test_scenario_v2_products_from_the_rows(void **state)
{
    char dir[64];
    gf_model *m;

    (void)state;
    make_scenario(dir, sizeof dir, "products.csv", NULL);
    write_file(dir, "conversions.csv", NULL);
    write_file(dir, "link_periods.csv", NULL);
    write_file(dir, "links.csv",
               "from,to,mode,distance_km,cost_usd_per_t,transit_days,products\n"
               "O,P,rail,1,1,0,barley\nP,M,rail,1,1,0,\nP,H,rail,1,1,0,\n");
    write_file(dir, "supply.csv", "node,product,t\nO,wheat,10\nO,,5\n");
    write_file(dir, "demand.csv", "node,product,t,alt_price_usd_per_t\nM,barley,5,100\n");
    m = read_dir(dir);
    remove_scenario(dir);
    assert_int_equal(gf_model_product_count(m), 2);
    assert_string_equal(gf_model_product_id(m, 0), "wheat");
    assert_string_equal(gf_model_product_id(m, 1), "barley");
    assert_int_equal(gf_model_supply_count(m), 2);  /* one per period: "" merged into wheat */
    assert_int_equal(gf_model_supply(m, 0)->t, 15); /* "" is wheat: merged */
    assert_int_equal(gf_model_demand(m, 0)->product, 1);
    assert_int_equal(gf_model_link(m, 0)->products_mask, 2);
    gf_model_destroy(m);
}

/* Each case replaces one file of the base; the folder's error names the file,
 * line and column, and memory gives the same error without the folder. */
static void test_scenario_v2_rejects_each_error_class(void **state)
{
    static const struct {
        const char *file, *text, *where, *phrase;
    } cases[] = {
        {"products.csv", "id,name\nwheat,a\nwheat,b\n",
         "/products.csv:3:1: error: ", "duplicate product id 'wheat'"},
        {"products.csv", "id,name\n,a\n", "/products.csv:2:1: error: ", "id is empty"},
        {"products.csv", "id,name\n", "/products.csv:1:1: error: ", "lists no product"},
        {"products.csv", "id,nme\nwheat,a\n",
         "/products.csv:1:2: error: ", "did you mean \"name\""},
        {"supply.csv", "node,product,t\nO,barley,5\n", "/supply.csv:2:2: error: ",
         "product: 'barley' is not a product of products.csv; use one of wheat, flour"},
        {"links.csv",
         "from,to,mode,distance_km,cost_usd_per_t,transit_days,products\n"
         "O,P,rail,1,1,0,wheat;rye\n",
         "/links.csv:2:7: error: ", "products: 'rye' is not a product of this scenario"},
        {"links.csv",
         "from,to,mode,distance_km,cost_usd_per_t,transit_days,products\n"
         "O,P,rail,1,1,0,wheat;;flour\n",
         "/links.csv:2:7: error: ", "products: 'wheat;;flour' is not accepted"},
        {"links.csv",
         "from,to,mode,distance_km,cost_usd_per_t,transit_days,usd_per_departure\n"
         "O,P,sea,1,1,0,500\n",
         "/links.csv:2:7: error: ", "usd_per_departure: '500' is set but vessel_t is not"},
        {"links.csv",
         "from,to,mode,distance_km,cost_usd_per_t,transit_days,vessel_t\n"
         "O,P,sea,1,1,0,-3\n",
         "/links.csv:2:7: error: ", "vessel_t must be >= 0"},
        {"links.csv",
         "from,to,mode,distance_km,cost_usd_per_t,transit_days,subsidy_usd_per_t\n"
         "O,P,rail,1,10,0,10.01\n",
         "/links.csv:2:7: error: ", "subsidy_usd_per_t: '10.01' is more than the link's cost"},
        {"demand.csv",
         "node,product,t,alt_price_usd_per_t,alt_from,alt_fob_usd_per_t\n"
         "M,wheat,5,100,C,90\n",
         "/demand.csv:2:5: error: ", "gives both alt_price_usd_per_t and alt_from"},
        {"demand.csv",
         "node,product,t,alt_price_usd_per_t,alt_from,alt_fob_usd_per_t\n"
         "M,wheat,5,,,\n",
         "/demand.csv:2:4: error: ", "alt_price_usd_per_t is empty; a number is required"},
        {"demand.csv", "node,product,t,alt_from,alt_fob_usd_per_t\nM,wheat,5,C,\n",
         "/demand.csv:2:5: error: ", "alt_fob_usd_per_t is empty but alt_from is set"},
        {"demand.csv", "node,product,t,alt_from,alt_fob_usd_per_t\nM,wheat,5,,80\n",
         "/demand.csv:2:4: error: ", "alt_from is empty but alt_fob_usd_per_t is set"},
        {"demand.csv", "node,product,t,alt_from,alt_fob_usd_per_t\nM,wheat,5,Q,80\n",
         "/demand.csv:2:4: error: ", "alt_from: unknown node id 'Q'"},
        {"demand.csv", "node,product,t,alt_from\nM,wheat,5,C\n",
         "/demand.csv:1:1: error: ", "missing required column 'alt_fob_usd_per_t'"},
        {"demand.csv", "node,product,t,alt_from,alt_fob_usd_per_t\nM,flour,5,C,80\n",
         "/demand.csv:2: error: ", "no path from alt_from 'C' to market 'M' for product 'flour'"},
        {"demand.csv", "node,product,t,alt_price_usd_per_t\nH,wheat,5,80\n",
         "/demand.csv:2: error: ", "node 'H' is a hub facility (hubs.csv) and may have no demand"},
        {"conversions.csv", "node,from_product,to_product,yield\nP,wheat,wheat,1\n",
         "/conversions.csv:2:3: error: ", "'wheat' is also the from_product"},
        {"conversions.csv", "node,from_product,to_product,yield\nP,wheat,bran,1\n",
         "/conversions.csv:2:3: error: ", "to_product: 'bran' is not a product of products.csv"},
        {"conversions.csv", "node,from_product,to_product,yield\nP,wheat,flour,0\n",
         "/conversions.csv:2:4: error: ", "yield must be from"},
        {"conversions.csv", "node,from_product,to_product,yield\nP,,flour,1\n",
         "/conversions.csv:2:2: error: ", "from_product is empty"},
        {"conversions.csv", "node,from_product,to_product\nP,wheat,flour\n",
         "/conversions.csv:1:1: error: ", "missing required column 'yield'"},
        {"hubs.csv", "node,option,fixed_usd_per_year,throughput_t_per_period\nH,a,1,\n",
         "/hubs.csv:2:4: error: ", "throughput_t_per_period is empty; a number is required"},
        {"hubs.csv", "node,option,fixed_usd_per_year,throughput_t_per_period\nH,a,1,5\nH,a,2,6\n",
         "/hubs.csv:3:2: error: ", "duplicate hub option 'a' at node 'H' (first on line 2)"},
        {"hubs.csv", "node,option,fixed_usd_per_year,throughput_t_per_period\nH,big silo,1,5\n",
         "/hubs.csv:2:2: error: ", "option: 'big silo' is not accepted"},
        {"hubs.csv", "node,option,fixed_usd_per_year,throughput_t_per_period\nX,a,1,5\n",
         "/hubs.csv:2:1: error: ", "node: unknown node id 'X'"},
        {"scenario.csv", "key,value\nperiods,2\nmin_hubs,2\nmax_hubs,1\n",
         "/scenario.csv:4:2: error: ", "max_hubs (1) is below min_hubs (2)"},
        {"scenario.csv", "key,value\nperiods,2\nmax_hubs,many\n", "/scenario.csv:3:2: error: ",
         "max_hubs: 'many' is not accepted; use an integer from 0 to 64"},
        {"scenario.csv", "key,value\nperiods,2\nmin_hubs,2\n",
         "error: ", "min_hubs is 2 but only 1 nodes have hub options"},
        {"scenario.csv", "key,value\nperiods,2\nmax_hub,1\n",
         "/scenario.csv:3:1: error: ", "did you mean \"max_hubs\""},
        {"link_periods.csv", "from,to,mode,period,capacity_t\nO,M,rail,1,0\n",
         "/link_periods.csv:2:1: error: ", "no link goes from 'O' to 'M' by rail"},
        {"link_periods.csv", "from,to,mode,period,capacity_t\nO,P,rail,3,0\n",
         "/link_periods.csv:2:4: error: ", "period: '3' is not a period of this scenario"},
        {"link_periods.csv", "from,to,mode,period,capacity_t\nO,P,rail,,0\n",
         "/link_periods.csv:2:4: error: ", "period is empty; an override names one period"},
        {"link_periods.csv", "from,to,mode,period,capacity_t\nO,P,rail,1,\n",
         "/link_periods.csv:2:5: error: ", "capacity_t is empty; a number is required"},
        {"link_periods.csv", "from,to,mode,period,capacity_t\nO,P,boat,1,5\n",
         "/link_periods.csv:2:3: error: ", "mode: 'boat' is not accepted"},
        {"link_periods.csv", "from,to,mode,period\nO,P,rail,1\n",
         "/link_periods.csv:1:1: error: ", "missing required column 'capacity_t'"},
        {"node_periods.csv", "node,period,throughput_t\nP,1,-4\n",
         "/node_periods.csv:2:3: error: ", "throughput_t must be >= 0"},
        {"node_periods.csv", "node,period,throughput_t\nZ,1,4\n",
         "/node_periods.csv:2:1: error: ", "node: unknown node id 'Z'"},
        {"node_periods.csv", "node,period,throughput_t,note\nP,1,4,x\n",
         "/node_periods.csv:1:4: error: ", "note"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char dir[64], msg[1024], mem[1024];
        gf_error err = {0}, merr = {0};
        texts t;
        gf_model *m;
        make_scenario(dir, sizeof dir, cases[i].file, cases[i].text);
        m = gf_scenario_read_csv(dir, &err);
        if (m) {
            gf_model_destroy(m);
            remove_scenario(dir);
            fail_msg("case %zu (%s): accepted", i, cases[i].phrase);
        }
        gf_error_format(&err, msg, sizeof msg);
        load_texts(dir, &t);
        m = gf_scenario_read_texts(t.f, t.n, &merr);
        free_texts(&t);
        remove_scenario(dir);
        assert_null(m);
        gf_error_format(&merr, mem, sizeof mem);
        if (!strstr(msg, cases[i].where) || !strstr(msg, cases[i].phrase))
            fail_msg("case %zu: got \"%s\"; expected \"%s\" and \"%s\"", i, msg, cases[i].where,
                     cases[i].phrase);
        /* the folder's message is the in-memory one with "<dir>/" in front
         * of the file (or the same when no file is named) */
        if (strcmp(mem, msg) &&
            (strncmp(msg, dir, strlen(dir)) || strcmp(msg + strlen(dir) + 1, mem)))
            fail_msg("case %zu: in memory \"%s\"; from the folder \"%s\"", i, mem, msg);
    }
}

/* Every figure of two models (version-2 ones included), field by field. */
static void assert_same_model(const gf_model *a, const gf_model *b, const char *what)
{
    if (gf_model_link_count(a) != gf_model_link_count(b) ||
        gf_model_supply_count(a) != gf_model_supply_count(b) ||
        gf_model_demand_count(a) != gf_model_demand_count(b) ||
        gf_model_product_count(a) != gf_model_product_count(b) ||
        gf_model_conversion_count(a) != gf_model_conversion_count(b) ||
        gf_model_hub_option_count(a) != gf_model_hub_option_count(b) ||
        gf_model_link_period_count(a) != gf_model_link_period_count(b) ||
        gf_model_node_period_count(a) != gf_model_node_period_count(b) ||
        gf_model_min_hubs(a) != gf_model_min_hubs(b) ||
        gf_model_max_hubs(a) != gf_model_max_hubs(b))
        fail_msg("%s: the models differ in size", what);
    for (int32_t i = 0; i < gf_model_product_count(a); i++)
        if (strcmp(gf_model_product_id(a, i), gf_model_product_id(b, i)) ||
            strcmp(gf_model_product_name(a, i), gf_model_product_name(b, i)))
            fail_msg("%s: product %d differs", what, i);
    for (int32_t i = 0; i < gf_model_link_count(a); i++)
        if (memcmp(gf_model_link(a, i), gf_model_link(b, i), sizeof(gf_link)))
            fail_msg("%s: link %d differs", what, i);
    for (int32_t i = 0; i < gf_model_supply_count(a); i++)
        if (memcmp(gf_model_supply(a, i), gf_model_supply(b, i), sizeof(gf_supply)))
            fail_msg("%s: supply row %d differs", what, i);
    for (int32_t i = 0; i < gf_model_demand_count(a); i++)
        if (memcmp(gf_model_demand(a, i), gf_model_demand(b, i), sizeof(gf_demand)))
            fail_msg("%s: demand row %d differs", what, i);
    for (int32_t i = 0; i < gf_model_conversion_count(a); i++)
        if (memcmp(gf_model_conversion(a, i), gf_model_conversion(b, i), sizeof(gf_conversion)))
            fail_msg("%s: conversion %d differs", what, i);
    for (int32_t i = 0; i < gf_model_hub_option_count(a); i++)
        if (memcmp(gf_model_hub_option(a, i), gf_model_hub_option(b, i), sizeof(gf_hub_option)))
            fail_msg("%s: hub option %d differs", what, i);
    for (int32_t i = 0; i < gf_model_link_period_count(a); i++)
        if (memcmp(gf_model_link_period(a, i), gf_model_link_period(b, i),
                   sizeof(gf_period_override)))
            fail_msg("%s: link override %d differs", what, i);
    for (int32_t i = 0; i < gf_model_node_period_count(a); i++)
        if (memcmp(gf_model_node_period(a, i), gf_model_node_period(b, i),
                   sizeof(gf_period_override)))
            fail_msg("%s: node override %d differs", what, i);
}

/* The folder, its files from memory and its JSON form give one model, for
 * the base and every v2 scenario of tests/data. */
static void test_scenario_v2_in_memory_equals_the_folder(void **state)
{
    static const char *const dirs[] = {NULL,
                                       DATA "/v2_departures",
                                       DATA "/v2_hub",
                                       DATA "/v2_milling",
                                       DATA "/v2_backhaul",
                                       DATA "/v2_alt_from",
                                       DATA "/v2_periods"};
    char tmp[64];

    (void)state;
    make_scenario(tmp, sizeof tmp, NULL, NULL);
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        const char *dir = dirs[i] ? dirs[i] : tmp;
        gf_error err = {0};
        gf_model *a = read_dir(dir), *b, *c;
        texts t;
        size_t len = 0;
        char *json;
        load_texts(dir, &t);
        b = gf_scenario_read_texts(t.f, t.n, &err);
        json = gf_scenario_json_from_texts(t.f, t.n, &len, &err);
        free_texts(&t);
        if (!b || !json)
            fail_msg("%s in memory: %s: %s", dir, err.input, err.msg);
        c = gf_scenario_read_json(json, len, &err);
        if (!c)
            fail_msg("%s as JSON: %s: %s", dir, err.input, err.msg);
        assert_same_model(a, b, dir);
        assert_same_model(a, c, dir);
        gf_free(json, len + 1);
        gf_model_destroy(c);
        gf_model_destroy(b);
        gf_model_destroy(a);
    }
    remove_scenario(tmp);
}

/* The network simplex refuses what needs the LP/MIP solver, naming why. */
static void test_scenario_v2_network_refuses_what_it_cannot_plan(void **state)
{
    static const struct {
        const char *dir, *why;
    } cases[] = {{DATA "/v2_departures", "vessel departures"},
                 {DATA "/v2_milling", "several products"},
                 {DATA "/v2_backhaul", "several products"}};

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gf_model *m = read_dir(cases[i].dir);
        gf_error err = {0};
        gf_network *net = gf_network_build(m, &err);
        assert_null(net);
        assert_int_equal(err.code, GF_EINVAL);
        assert_non_null(strstr(err.msg, cases[i].why));
        assert_non_null(strstr(err.msg, "needs the LP/MIP solver"));
        gf_model_destroy(m);
    }
}

static gf_plan *plan_of(const gf_model *m)
{
    gf_error err = {0};
    gf_plan *p = gf_plan_solve(m, &err);

    if (!p)
        fail_msg("plan: %s", err.msg);
    return p;
}

/* v2_periods: 100 t offered at O and wanted at M in each of 3 periods
 * (alt 200). Rail O -> M costs 10; the way by P costs 5 + 20. Without the
 * overrides: 3 x 100 x 110 = 33,000 USD. link_periods closes the rail in
 * period 2 and node_periods holds P to 60 t then: 60 t go by P at 125 and 40
 * t stay undelivered at 200: 2 x 11,000 + 7,500 + 8,000 = 37,500 USD. */
static void test_scenario_v2_period_override_changes_the_plan(void **state)
{
    char dir[64];
    gf_model *m = read_dir(DATA "/v2_periods");
    gf_plan *p = plan_of(m);
    const char *names[] = {"scenario.csv", "nodes.csv", "links.csv", "supply.csv", "demand.csv"};
    int64_t rail_t[3] = {0, 0, 0};

    (void)state;
    assert_int_equal(p->cost.total, 3750000);
    assert_int_equal(p->unmet_t, 40);
    for (int32_t i = 0; i < p->n_flows; i++)
        if (p->flows[i].link == 0)
            rail_t[p->flows[i].period] = p->flows[i].t;
    assert_int_equal(rail_t[0], 100);
    assert_int_equal(rail_t[1], 0);
    assert_int_equal(rail_t[2], 100);
    gf_plan_destroy(p);
    gf_model_destroy(m);

    /* the same folder without its two override files */
    test_tmp_template(dir, sizeof dir, "gf_test_v2p");
    assert_non_null(mkdtemp(dir));
    for (int i = 0; i < 5; i++) {
        texts t;
        load_texts(DATA "/v2_periods", &t);
        for (int k = 0; k < t.n; k++)
            if (!strcmp(t.f[k].name, names[i]))
                write_file(dir, names[i], t.buf[k]);
        free_texts(&t);
    }
    m = read_dir(dir);
    p = plan_of(m);
    assert_int_equal(p->cost.total, 3300000);
    assert_int_equal(p->unmet_t, 0);
    gf_plan_destroy(p);
    gf_model_destroy(m);
    remove_scenario(dir);
}

/* v2_alt_from: O -> M rail 30 less a 5 subsidy, M's handling 2: a tonne
 * bought at 90 lands at 117. The competitors' price is 110 FOB at C plus C ->
 * M 15 and M's handling 2 = 127. 100 t delivered of 150: 9,000 + 2,500 + 200
 * + 50 x 127 = 18,050 USD, saving 100 x (127 - 117) = 1,000 USD. A freight
 * edit on C -> M (+10) moves the alternative price to 137 after refresh. */
static void test_scenario_v2_subsidy_and_alt_from_plan(void **state)
{
    gf_model *m = read_dir(DATA "/v2_alt_from");
    gf_plan *p = plan_of(m);
    gf_error err = {0};

    (void)state;
    assert_int_equal(gf_model_version(m), 2);
    assert_int_equal(gf_model_demand(m, 0)->alt_cents_per_t, 12700);
    assert_int_equal(p->cost.total, 1805000);
    assert_int_equal(p->cost.transport, 250000);
    assert_int_equal(p->delivered_t, 100);
    assert_int_equal(p->saving_cents, 100000);
    assert_int_equal(p->landed_avg_cents, 11700);
    gf_plan_destroy(p);
    assert_int_equal(gf_model_set_link_cost(m, 1, 2500, &err), GF_OK);
    assert_int_equal(gf_model_refresh_alt(m, &err), GF_OK);
    assert_int_equal(gf_model_demand(m, 0)->alt_cents_per_t, 13700);
    gf_model_destroy(m);
}

/* A what-if freight edit moves the competitors' price too: sea freight
 * +100% makes C -> M 30, so the alternative is 110 + 30 + 2 = 142 and the
 * warm re-solve costs 9,000 + 2,500 + 200 + 50 x 142 = 18,800 USD (the O ->
 * M rail is not sea: unchanged). */
static void test_scenario_v2_freight_edit_moves_alt_from(void **state)
{
    gf_model *m = read_dir(DATA "/v2_alt_from");
    gf_error err = {0};
    gf_network *net = gf_network_build(m, &err);
    gf_edits *e = gf_edits_create(&err);
    bool rebuild = true;
    gf_plan *p;

    (void)state;
    assert_non_null(net);
    assert_non_null(e);
    assert_int_equal(
        gf_edits_parse_arg(e, "{\"op\":\"scale_freight\",\"mode\":\"sea\",\"pct\":100}", 0, &err),
        GF_OK);
    assert_int_equal(gf_edits_resolve(e, m, &err), GF_OK);
    assert_int_equal(gf_edits_apply_model(e, m, net, &rebuild, &err), GF_OK);
    assert_false(rebuild);
    assert_int_equal(gf_edits_apply_network(e, net, &err), GF_OK);
    assert_int_equal(gf_model_demand(m, 0)->alt_cents_per_t, 14200);
    p = gf_plan_solve_network(net, &err);
    if (!p)
        fail_msg("re-solve: %s", err.msg);
    assert_int_equal(p->cost.total, 1880000);
    assert_int_equal(p->saving_cents, 250000);
    gf_plan_destroy(p);
    gf_edits_destroy(e);
    gf_network_destroy(net);
    gf_model_destroy(m);
}

/* The network takes the overrides, and the sync calls keep them: v2_periods
 * with the rail's cost edited to 12 and P's constant throughput to 500 keeps
 * the rail closed and P at 60 t in period 2; the warm re-solve costs
 * 2 x 100 x 112 + 15,500 = 37,900 USD. */
static void test_scenario_v2_network_sync_keeps_overrides(void **state)
{
    gf_model *m = read_dir(DATA "/v2_periods");
    gf_error err = {0};
    gf_network *net = gf_network_build(m, &err);
    int32_t pn = gf_model_find_node(m, "P"), p = 3;
    gf_plan *plan;

    (void)state;
    assert_non_null(net);
    assert_int_equal(net->upper[net->link_arc[0 * p + 1]], 0);
    assert_int_equal(net->upper[net->link_arc[0 * p + 0]], GF_UNLIMITED);
    /* P has no constant limit, but its override needs the throughput arcs */
    assert_true(net->through_arc[pn * p + 0] >= 0);
    assert_int_equal(net->upper[net->through_arc[pn * p + 0]], GF_UNLIMITED);
    assert_int_equal(net->upper[net->through_arc[pn * p + 1]], 60);
    assert_int_equal(gf_model_set_link_cost(m, 0, 1200, &err), GF_OK);
    assert_int_equal(gf_network_sync_link(net, 0, &err), GF_OK);
    assert_int_equal(gf_model_set_node_figures(m, pn, 0, 500, 0, 0, &err), GF_OK);
    assert_int_equal(gf_network_sync_node(net, pn, &err), GF_OK);
    assert_int_equal(net->upper[net->link_arc[0 * p + 1]], 0);
    assert_int_equal(net->cost[net->link_arc[0 * p + 2]], 1200);
    assert_int_equal(net->upper[net->through_arc[pn * p + 0]], 500);
    assert_int_equal(net->upper[net->through_arc[pn * p + 1]], 60);
    plan = gf_plan_solve_network(net, &err);
    if (!plan)
        fail_msg("re-solve: %s", err.msg);
    assert_int_equal(plan->cost.total, 3790000);
    gf_plan_destroy(plan);
    gf_network_destroy(net);
    gf_model_destroy(m);
}

/* A hub facility node is a plain node to the network simplex (its options
 * are the MIP's, h8-site): v2_hub with links without departures plans, all
 * 100 t through H (10 + 2 per t against 30 direct): 100 x 112 = 11,200 USD. */
static void test_scenario_v2_hub_is_a_plain_node_to_the_network(void **state)
{
    texts t;
    gf_error err = {0};
    gf_model *m;
    gf_plan *p;
    int64_t via_h = 0;
    int32_t h;

    (void)state;
    load_texts(DATA "/v2_hub", &t);
    for (int i = 0; i < t.n; i++)
        if (!strcmp(t.f[i].name, "links.csv")) {
            static const char links[] = "from,to,mode,distance_km,cost_usd_per_t,transit_days\n"
                                        "O,M1,sea,1,30,0\nO,M2,sea,1,30,0\nO,H,sea,1,10,0\n"
                                        "H,M1,road,1,2,0\nH,M2,road,1,2,0\n";
            t.f[i].text = links;
            t.f[i].len = sizeof links - 1;
        }
    m = gf_scenario_read_texts(t.f, t.n, &err);
    free_texts(&t);
    if (!m)
        fail_msg("%s: %s", err.input, err.msg);
    h = gf_model_find_node(m, "H");
    assert_true(gf_model_is_hub(m, h));
    p = plan_of(m);
    for (int32_t i = 0; i < p->n_flows; i++)
        if (gf_model_link(m, p->flows[i].link)->from == h)
            via_h += p->flows[i].t;
    assert_int_equal(via_h, 100);
    assert_int_equal(p->cost.total, 10000 * 100 + 1200 * 100);
    gf_plan_destroy(p);
    gf_model_destroy(m);
}

/* Every allocation of a version-2 read may fail: GF_ENOMEM, nothing leaked
 * (ASan), and the read succeeds once the allocator stops failing. */
static void test_scenario_v2_survives_every_failed_allocation(void **state)
{
    char dir[64];
    gf_model *m = NULL;
    long fail_at;

    (void)state;
    make_scenario(dir, sizeof dir, NULL, NULL);
    for (fail_at = 0; !m && fail_at < 100000; fail_at++) {
        gf_error err = {0};
        failing_alloc_arm(fail_at);
        m = gf_scenario_read_csv(dir, &err);
        failing_alloc_disarm();
        if (!m)
            assert_int_equal(err.code, GF_ENOMEM);
    }
    remove_scenario(dir);
    assert_non_null(m);
    assert_true(fail_at > 10);
    gf_model_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenario_v2_reads_the_base),
        cmocka_unit_test(test_scenario_v2_products_from_the_rows),
        cmocka_unit_test(test_scenario_v2_rejects_each_error_class),
        cmocka_unit_test(test_scenario_v2_in_memory_equals_the_folder),
        cmocka_unit_test(test_scenario_v2_network_refuses_what_it_cannot_plan),
        cmocka_unit_test(test_scenario_v2_period_override_changes_the_plan),
        cmocka_unit_test(test_scenario_v2_subsidy_and_alt_from_plan),
        cmocka_unit_test(test_scenario_v2_freight_edit_moves_alt_from),
        cmocka_unit_test(test_scenario_v2_network_sync_keeps_overrides),
        cmocka_unit_test(test_scenario_v2_hub_is_a_plain_node_to_the_network),
        cmocka_unit_test(test_scenario_v2_survives_every_failed_allocation),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
