/* tests/unit/test_csv.c: what the CSV readers refuse, and where they say it is.
 *
 * Issue #12: a misspelled or duplicate column, bytes that are not UTF-8, a
 * FIFO (or folder, or device) in place of a file, and errors reported one line
 * late. Each case writes the tiny scenario (tests/data/tiny) into a fresh
 * temporary folder with one file replaced by raw bytes (NUL bytes included),
 * reads it with gf_scenario_read_csv and checks the formatted error: the
 * file, line and column, and a phrase of the message. The JSON form of a
 * scenario (gf_whatif_create) goes through the same readers and must refuse
 * the same things. Last, the fail-at-N loops over the JSON reader and over a
 * read that ends in an input error: every failure an error, nothing leaked.
 * SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "grainflow/alloc.h"
#include "grainflow/scenario.h"
#include "grainflow/whatif.h"
#include "scenario/scenario_int.h"
#include "support/failing_alloc.h"
#include "support/tmpdir.h"

#ifndef DATA
#define DATA "tests/data"
#endif

static const char *const files[][2] = {
    {"scenario.csv", "key,value\nname,tiny\nperiods,2\n"},
    {"nodes.csv", "id,name,country,kind,lat,lon,handling_usd_per_t\n"
                  "O,Origin,KZ,origin,50,60,\n"
                  "P,Port,MA,port,33.6,-7.6,2.00\n"
                  "M,Market,SN,market,14.7,-17.4,\n"},
    {"links.csv", "from,to,mode,distance_km,cost_usd_per_t,transit_days,capacity_t_per_period\n"
                  "O,P,rail,1000,10.00,3,100\n"
                  "P,M,sea,2000,20.00,4,\n"},
    {"supply.csv", "node,product,period,t,price_usd_per_t\nO,wheat,,150,100.00\n"},
    {"demand.csv", "node,product,period,t,alt_price_usd_per_t\nM,wheat,,200,140.00\n"},
};
#define N_FILES (sizeof files / sizeof files[0])

static void put(const char *dir, const char *name, const char *text, size_t len)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* A fresh folder with the tiny scenario, file `name` replaced by len bytes of
 * text (when name is not NULL). */
static void make_dir(char *dir, size_t size, const char *name, const char *text, size_t len)
{
    test_tmp_template(dir, size, "gf_test_csv");
    assert_non_null(mkdtemp(dir));
    for (size_t i = 0; i < N_FILES; i++)
        if (!name || strcmp(name, files[i][0]))
            put(dir, files[i][0], files[i][1], strlen(files[i][1]));
    if (name)
        put(dir, name, text, len);
}

static void remove_dir(const char *dir)
{
    char path[512];

    for (size_t i = 0; i < N_FILES; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i][0]);
        if (remove(path) != 0)
            rmdir(path); /* a case put a folder there */
    }
    rmdir(dir);
}

/* Read dir and check the error: "where" (e.g. "/links.csv:1:7: error: ") and
 * "phrase" are both in the formatted message. */
static void expect_error(const char *dir, const char *label, int code, const char *where,
                         const char *phrase)
{
    char msg[1024];
    gf_error err = {0};
    gf_model *m = gf_scenario_read_csv(dir, &err);

    if (m) {
        gf_model_destroy(m);
        fail_msg("%s: accepted", label);
    }
    gf_error_format(&err, msg, sizeof msg);
    if (!strstr(msg, where) || !strstr(msg, phrase))
        fail_msg("%s: got \"%s\"; expected \"%s\" and \"%s\"", label, msg, where, phrase);
    if (code && err.code != code)
        fail_msg("%s: code %d, expected %d (%s)", label, err.code, code, msg);
}

typedef struct bad_case {
    const char *file, *text;
    size_t len; /* 0: strlen(text) */
    int code;
    const char *where, *phrase;
} bad_case;

static void run_cases(const bad_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char dir[64], label[64];
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
        make_dir(dir, sizeof dir, cases[i].file, cases[i].text, len);
        snprintf(label, sizeof label, "case %zu (%s)", i, cases[i].file);
        expect_error(dir, label, cases[i].code, cases[i].where, cases[i].phrase);
        remove_dir(dir);
    }
}

static void test_csv_tiny_reads(void **state)
{
    char dir[64];
    gf_error err = {0};
    gf_model *m;

    (void)state;
    make_dir(dir, sizeof dir, NULL, NULL, 0);
    m = gf_scenario_read_csv(dir, &err);
    remove_dir(dir);
    if (!m)
        fail_msg("%s:%ld:%ld %s", err.input, err.line, err.column, err.msg);
    assert_int_equal(gf_model_node_count(m), 3);
    gf_model_destroy(m);
}

static void test_csv_refuses_unknown_and_duplicate_columns(void **state)
{
    static const bad_case cases[] = {
        {"links.csv",
         "from,to,mode,distance_km,cost_usd_per_t,transit_days,capacity_t_per_perod\n"
         "O,P,rail,1000,10.00,3,100\n",
         0, GF_EPARSE, "/links.csv:1:7: error: ",
         "unknown column \"capacity_t_per_perod\"; did you mean \"capacity_t_per_period\"?"},
        {"nodes.csv",
         "id,name,country,kind,lat,lon,id\nO,Origin,KZ,origin,50,60,O\n"
         "P,Port,MA,port,33.6,-7.6,P\nM,Market,SN,market,14.7,-17.4,M\n",
         0, GF_EPARSE, "/nodes.csv:1:7: error: ", "duplicate column \"id\" (also column 1)"},
        {"nodes.csv", "ID,name,country,kind,lat,lon\nO,Origin,KZ,origin,50,60\n", 0, GF_EPARSE,
         "/nodes.csv:1:1: error: ", "unknown column \"ID\"; did you mean \"id\"?"},
        {"supply.csv", "node,product,period,t,price_usd_per_t,notes\nO,wheat,,150,100,x\n", 0,
         GF_EPARSE, "/supply.csv:1:6: error: ",
         "unknown column \"notes\"; the columns are node, t, price_usd_per_t, product, period"},
        {"demand.csv", "node,product,period,t,alt_price\nM,wheat,,200,140\n", 0, GF_EPARSE,
         "/demand.csv:1:5: error: ", "did you mean \"alt_price_usd_per_t\"?"},
        {"demand.csv", "node,product,period,t,alt_price_usd_per_t,\nM,wheat,,200,140,\n", 0,
         GF_EPARSE, "/demand.csv:1:6: error: ", "column 6 of the header has no name"},
        /* the header is on line 3 after two blank lines */
        {"supply.csv", "\n\nnode,t,t\nO,1,2\n", 0, GF_EPARSE,
         "/supply.csv:3:3: error: ", "duplicate column \"t\" (also column 2)"},
        {"scenario.csv", "key,value,comment\nname,x,y\n", 0, GF_EPARSE,
         "/scenario.csv:1:3: error: ", "unknown column \"comment\""},
        {"scenario.csv", "key,value\nname,x\nperods,2\n", 0, GF_EINVAL,
         "/scenario.csv:3:1: error: ", "unknown key \"perods\"; did you mean \"periods\"?"},
        {"scenario.csv", "key,value\ncolour,2\n", 0, GF_EINVAL, "/scenario.csv:2:1: error: ",
         "unknown key \"colour\"; the keys are name, periods, period_days, horizon, start_month"},
        {"scenario.csv", "key,value\nstart,2\n", 0, GF_EINVAL,
         "/scenario.csv:2:1: error: ", "unknown key \"start\"; did you mean \"start_month\"?"},
    };

    (void)state;
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_csv_nearest_name(void **state)
{
    static const char *const known[] = {"from", "to", "mode", "capacity_t_per_period",
                                        "co2_kg_per_tkm"};

    (void)state;
    assert_string_equal(gf__csv_nearest("capacity_t_per_perod", known, 5), "capacity_t_per_period");
    assert_string_equal(gf__csv_nearest("Mode", known, 5), "mode");
    assert_string_equal(gf__csv_nearest("co2_kg_per_t_km", known, 5), "co2_kg_per_tkm");
    assert_string_equal(gf__csv_nearest("fro", known, 5), "from");
    assert_null(gf__csv_nearest("latitude", known, 5));
    assert_null(gf__csv_nearest("notes", known, 5));
    assert_null(gf__csv_nearest("ca", known, 5));
    /* a name without its unit: the known name it begins */
    assert_string_equal(gf__csv_nearest("capacity", known, 5), "capacity_t_per_period");
}

static void test_csv_refuses_invalid_utf8(void **state)
{
    static const bad_case cases[] = {
        /* the node id: a lead byte with nothing after it */
        {"nodes.csv",
         "id,name,country,kind,lat,lon\nO\xc3,Origin,KZ,origin,50,60\n"
         "P,Port,MA,port,33.6,-7.6\nM,Market,SN,market,14.7,-17.4\n",
         0, GF_EPARSE, "/nodes.csv:2:1: error: ", "the byte 0xC3 here is not UTF-8"},
        {"nodes.csv",
         "id,name,country,kind,lat,lon\nO,Origin,KZ,origin,50,60\n"
         "P,Port,M\xe9xico,port,33.6,-7.6\n",
         0, GF_EPARSE, "/nodes.csv:3:3: error: ", "the byte 0xE9 here is not UTF-8"},
        {"scenario.csv", "key,value\nname,caf\xe9\n", 0, GF_EPARSE,
         "/scenario.csv:2:2: error: ", "save the file as UTF-8"},
        {"links.csv",
         "from,to,mo\xff"
         "de\n",
         0, GF_EPARSE, "/links.csv:1:3: error: ", "0xFF"},
        /* overlong '/', a UTF-16 surrogate, above U+10FFFF, a lone continuation */
        {"supply.csv", "node,product,period,t\nO,\xc0\xaf,,1\n", 0, GF_EPARSE,
         "/supply.csv:2:2: error: ", "0xC0"},
        {"supply.csv", "node,product,period,t\nO,\xed\xa0\x80,,1\n", 0, GF_EPARSE,
         "/supply.csv:2:2: error: ", "0xED"},
        {"supply.csv", "node,product,period,t\nO,\xf4\x90\x80\x80,,1\n", 0, GF_EPARSE,
         "/supply.csv:2:2: error: ", "0xF4"},
        {"supply.csv",
         "node,product,period,t\nO,wh\x80"
         "eat,,1\n",
         0, GF_EPARSE, "/supply.csv:2:2: error: ", "0x80"},
        /* inside a quoted field over three lines: the line of the bad byte */
        {"nodes.csv", "id,name,country,kind,lat,lon\nO,\"Origin\nthe \xfe\nbig\",KZ,origin,50,60\n",
         0, GF_EPARSE, "/nodes.csv:3:2: error: ", "0xFE"},
    };

    (void)state;
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_csv_accepts_utf8_text(void **state)
{
    static const char nodes[] = "id,name,country,kind,lat,lon\n"
                                "O,K\xc3\xb6kshetau \xe2\x80\x94 \xe5\x8c\x97,KZ,origin,50,60\n"
                                "P,Port \xf0\x9f\x9a\xa2,MA,port,33.6,-7.6\n"
                                "M,S\xc3\xa9n\xc3\xa9gal\xef\xbf\xbd,SN,market,14.7,-17.4\n";
    char dir[64];
    gf_error err = {0};
    gf_model *m;

    (void)state;
    make_dir(dir, sizeof dir, "nodes.csv", nodes, strlen(nodes));
    m = gf_scenario_read_csv(dir, &err);
    remove_dir(dir);
    if (!m)
        fail_msg("%s:%ld:%ld %s", err.input, err.line, err.column, err.msg);
    assert_string_equal(gf_model_node(m, 1)->name, "Port \xf0\x9f\x9a\xa2");
    gf_model_destroy(m);
}

static void test_csv_error_lines_are_not_late(void **state)
{
    static char wide[8192];
    bad_case cases[] = {
        /* the NUL byte on line 3 of nodes.csv */
        {"nodes.csv",
         "id,name,country,kind,lat,lon\nO,Origin,KZ,origin,50,60\nP,Po\0rt,MA,port,33.6,-7.6\n"
         "M,Market,SN,market,14.7,-17.4\n",
         0, GF_EPARSE, "/nodes.csv:3:2: error: ", "a field contains a NUL byte"},
        /* a NUL in the last field of the last line, no newline at the end */
        {"supply.csv", "node,product,period,t\nO,wheat,,1\0", 0, GF_EPARSE,
         "/supply.csv:2:4: error: ", "NUL byte"},
        /* a row of 1,025 fields on line 2 (filled in below) */
        {"demand.csv", wide, 0, GF_ELIMIT,
         "/demand.csv:2:1025: error: ", "more than 1024 fields in a row"},
        /* an unclosed quote after a blank line names the row it opens */
        {"supply.csv", "node,product,period,t\nO,wheat,,1\n\n\"O,wheat,,2\n", 0, GF_EPARSE,
         "/supply.csv:4:1: error: ", "a quote opened in the row starting here is never closed"},
        /* a stray quote names its line and field */
        {"supply.csv", "node,product,period,t\nO,wh\"eat,,1\n", 0, GF_EPARSE,
         "/supply.csv:2:2: error: ", "malformed CSV"},
    };
    size_t n = 0;

    (void)state;
    cases[0].len = sizeof "id,name,country,kind,lat,lon\nO,Origin,KZ,origin,50,60\nP,Po\0rt,MA,"
                          "port,33.6,-7.6\nM,Market,SN,market,14.7,-17.4\n" -
                   1;
    cases[1].len = sizeof "node,product,period,t\nO,wheat,,1\0" - 1;
    n += (size_t)snprintf(wide, sizeof wide, "node,product,period,t,alt_price_usd_per_t\nM");
    for (int i = 1; i < 1025; i++)
        n += (size_t)snprintf(wide + n, sizeof wide - n, ",1");
    snprintf(wide + n, sizeof wide - n, "\nM,wheat,,1,1\n");
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_csv_refuses_non_regular_files(void **state)
{
    char dir[64], path[512];

    (void)state;
    alarm(20); /* a reader that blocks on the FIFO ends the test as failed */

    make_dir(dir, sizeof dir, NULL, NULL, 0);
    snprintf(path, sizeof path, "%s/links.csv", dir);
    assert_int_equal(remove(path), 0);
    assert_int_equal(mkfifo(path, 0600), 0);
    expect_error(dir, "fifo", GF_EINVAL,
                 "/links.csv: error: ", "a FIFO (named pipe) is not a regular file");
    remove_dir(dir);

    make_dir(dir, sizeof dir, NULL, NULL, 0);
    snprintf(path, sizeof path, "%s/nodes.csv", dir);
    assert_int_equal(remove(path), 0);
    assert_int_equal(mkdir(path, 0700), 0);
    expect_error(dir, "folder", GF_EINVAL, "/nodes.csv: error: ", "a folder is not a regular file");
    remove_dir(dir);

    /* an optional file too: scenario.csv as a device */
    make_dir(dir, sizeof dir, NULL, NULL, 0);
    snprintf(path, sizeof path, "%s/scenario.csv", dir);
    assert_int_equal(remove(path), 0);
    assert_int_equal(symlink("/dev/zero", path), 0);
    expect_error(dir, "device", GF_EINVAL, "/scenario.csv: error: ", "a device");
    remove_dir(dir);
    alarm(0);
}

/* The JSON form goes through the same readers: the same refusals. */
static void test_csv_json_scenario_refuses_the_same(void **state)
{
    static const struct {
        const char *json, *where, *phrase;
    } cases[] = {
        {"{\"nodes\":[{\"id\":\"O\",\"kind\":\"origin\",\"lat\":1,\"lon\":1,\"storage_tt\":2}],"
         "\"links\":[],\"supply\":[],\"demand\":[]}",
         "nodes.csv:1:5: error: ", "unknown column \"storage_tt\"; did you mean \"storage_t\"?"},
        {"{\"scenario\":{\"perods\":3},\"nodes\":[],\"links\":[],\"supply\":[],\"demand\":[]}",
         "scenario.csv:2:1: error: ", "unknown key \"perods\"; did you mean \"periods\"?"},
        {"{\"nodes\":[{\"id\":\"O\\u0000\",\"kind\":\"origin\",\"lat\":1,\"lon\":1}],"
         "\"links\":[],\"supply\":[],\"demand\":[]}",
         "scenario JSON:1:", "NUL"},
        {"{\"nodes\":[{\"id\":\"O\xc3\",\"kind\":\"origin\",\"lat\":1,\"lon\":1}],"
         "\"links\":[],\"supply\":[],\"demand\":[]}",
         "scenario JSON:1:", "unable to decode byte 0xc3"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char msg[1024];
        gf_error err = {0};
        gf_whatif *w = gf_whatif_create(cases[i].json, strlen(cases[i].json), NULL, 0, &err);
        if (w) {
            gf_whatif_destroy(w);
            fail_msg("json case %zu: accepted", i);
        }
        gf_error_format(&err, msg, sizeof msg);
        if (!strstr(msg, cases[i].where) || !strstr(msg, cases[i].phrase))
            fail_msg("json case %zu: got \"%s\"; expected \"%s\" and \"%s\"", i, msg,
                     cases[i].where, cases[i].phrase);
    }
}

/* Fail every allocation in turn of fn, until it runs through. */
static long fail_every_allocation(int (*fn)(gf_error *), int want_rc)
{
    long fail_at;
    int rc = GF_ENOMEM;

    for (fail_at = 0; rc == GF_ENOMEM && fail_at < 200000; fail_at++) {
        gf_error err = {0};
        failing_alloc_arm(fail_at);
        rc = fn(&err);
        failing_alloc_disarm();
        if (rc != GF_ENOMEM && rc != want_rc)
            fail_msg("allocation %ld failed: status %d (%s), expected %d", fail_at, rc, err.msg,
                     want_rc);
        if (rc && err.code != rc)
            fail_msg("allocation %ld failed: status %d but err.code %d", fail_at, rc, err.code);
    }
    assert_int_equal(rc, want_rc);
    return fail_at;
}

static const char tiny_json[] =
    "{\"format\":1,\"scenario\":{\"name\":\"tiny\",\"periods\":2},"
    "\"nodes\":[{\"id\":\"O\",\"name\":\"Origin\",\"country\":\"KZ\",\"kind\":\"origin\","
    "\"lat\":50,\"lon\":60},"
    "{\"id\":\"M\",\"name\":\"S\xc3\xa9n\xc3\xa9gal\",\"country\":\"SN\",\"kind\":\"market\","
    "\"lat\":14.7,"
    "\"lon\":-17.4}],"
    "\"links\":[{\"from\":\"O\",\"to\":\"M\",\"mode\":\"rail\",\"distance_km\":1,"
    "\"cost_usd_per_t\":1.5,\"transit_days\":3,\"capacity_t_per_period\":100}],"
    "\"supply\":[{\"node\":\"O\",\"t\":150,\"price_usd_per_t\":100}],"
    "\"demand\":[{\"node\":\"M\",\"t\":200,\"alt_price_usd_per_t\":140}]}";

static int read_json(gf_error *err)
{
    gf_whatif *w = gf_whatif_create(tiny_json, strlen(tiny_json), NULL, 0, err);

    if (!w)
        return err->code;
    assert_int_equal(gf_model_node_count(gf_whatif_model(w)), 2);
    gf_whatif_destroy(w);
    return GF_OK;
}

static int json_from_csv(gf_error *err)
{
    size_t len = 0;
    char *text = gf_scenario_json_from_csv(DATA "/tiny", &len, err);

    if (!text)
        return err->code;
    assert_non_null(strstr(text, "\"nodes\""));
    gf_free(text, len + 1);
    return GF_OK;
}

/* A read that must end in its input error, however allocation goes. */
static char bad_dir[64];

static int read_bad_dir(gf_error *err)
{
    gf_model *m = gf_scenario_read_csv(bad_dir, err);

    gf_model_destroy(m);
    return m ? GF_OK : err->code;
}

static void test_csv_readers_survive_every_failed_allocation(void **state)
{
    static const char bad_links[] =
        "from,to,mode,distance_km,cost_usd_per_t,transit_days,capacity_t_per_perod\n";
    static const char bad_nodes[] = "id,name,country,kind,lat,lon\nO,Origin,KZ,origin,50,60\n"
                                    "P,P\xc3,MA,port,33.6,-7.6\n";

    (void)state;
    assert_true(fail_every_allocation(read_json, GF_OK) > 10);
    assert_true(fail_every_allocation(json_from_csv, GF_OK) > 5);
    make_dir(bad_dir, sizeof bad_dir, "links.csv", bad_links, strlen(bad_links));
    assert_true(fail_every_allocation(read_bad_dir, GF_EPARSE) > 5);
    remove_dir(bad_dir);
    make_dir(bad_dir, sizeof bad_dir, "nodes.csv", bad_nodes, strlen(bad_nodes));
    assert_true(fail_every_allocation(read_bad_dir, GF_EPARSE) > 3);
    remove_dir(bad_dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_tiny_reads),
        cmocka_unit_test(test_csv_refuses_unknown_and_duplicate_columns),
        cmocka_unit_test(test_csv_nearest_name),
        cmocka_unit_test(test_csv_refuses_invalid_utf8),
        cmocka_unit_test(test_csv_accepts_utf8_text),
        cmocka_unit_test(test_csv_error_lines_are_not_late),
        cmocka_unit_test(test_csv_refuses_non_regular_files),
        cmocka_unit_test(test_csv_json_scenario_refuses_the_same),
        cmocka_unit_test(test_csv_readers_survive_every_failed_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
