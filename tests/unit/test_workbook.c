/* tests/unit/test_workbook.c: scenarios read from a workbook
 * (src/scenario/scenario_workbook.c), built here cell by cell with
 * libxlsxwriter (not our reader's code): number cells are read to the cent,
 * the plan equals the folder's, a blank row in the sheet keeps the row
 * numbers of the errors right, and every failed allocation is an ENOMEM.
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
#include <xlsxwriter.h>

#include "grainflow/alloc.h"
#include "grainflow/plan.h"
#include "grainflow/scenario.h"
#include "support/failing_alloc.h"
#include "support/tmpdir.h"

#ifndef DATA
#define DATA "tests/data"
#endif

/* A cell: text, or a number when it parses as one whole. */
static void cell(lxw_worksheet *ws, int row, int col, const char *v)
{
    char *end;
    double d = strtod(v, &end);

    if (v[0] && !*end)
        worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, d, NULL);
    else if (v[0])
        worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, v, NULL);
}

/* One sheet from CSV-like lines (no quoting); a line "" leaves a blank row. */
static void sheet(lxw_workbook *wb, const char *name, const char *const *lines, int n)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);

    for (int r = 0; r < n; r++) {
        char buf[256], *save = NULL, *tok;
        int c = 0;
        snprintf(buf, sizeof buf, "%s", lines[r]);
        for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
            cell(ws, r, c++, tok);
    }
}

/* tests/data/hub as a workbook (money as number cells), into a buffer;
 * bad_cost: a cost cell that is not a number, at sheet row 5 after a blank row. */
static unsigned char *hub_book(bool bad_cost, size_t *len)
{
    static const char *const nodes[] = {
        "id,name,country,kind,lat,lon,handling_usd_per_t,"
        "throughput_t_per_period",
        "F1,Farm one,KZ,origin,53,63", "F2,Farm two,KZ,origin,51,68",
        "H,Hub,MA,hub,33.6,-7.6,4.00,70", "M,Market,SN,market,14.7,-17.4"};
    const char *links[] = {"from,to,mode,distance_km,cost_usd_per_t,transit_days",
                           "F1,H,rail,5000,10.00,5",
                           "F2,H,rail,5200,6.00,5",
                           "",
                           bad_cost ? "H,M,sea,2500,thirty,6" : "H,M,sea,2500,30.00,6",
                           "F2,M,road,9000,45.00,12"};
    static const char *const supply[] = {"node,t,price_usd_per_t", "F1,100,20.00", "F2,100,25.00"};
    static const char *const demand[] = {"node,t,alt_price_usd_per_t", "M,150,80.00"};
    char path[512];
    int fd = mkstemp(test_tmp_template(path, sizeof path, "gf_test_workbook"));
    lxw_workbook *wb;
    unsigned char *buf;
    FILE *f;
    long n;

    assert_true(fd >= 0);
    close(fd);
    wb = workbook_new(path);
    assert_non_null(wb);
    sheet(wb, "nodes", nodes, 5);
    sheet(wb, "links", links, 6);
    sheet(wb, "supply", supply, 3);
    sheet(wb, "demand", demand, 2);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    unlink(path);
    *len = (size_t)n;
    return buf;
}

static void test_workbook_plans_as_the_folder(void **state)
{
    size_t len;
    unsigned char *book = hub_book(false, &len);
    gf_error err = {0};
    gf_model *a = gf_scenario_read_csv(DATA "/hub", &err);
    gf_model *b = gf_scenario_read_workbook_mem(book, len, "hub.xlsx", &err);
    gf_plan *pa, *pb;

    (void)state;
    assert_non_null(a);
    if (!b)
        fail_msg("%s: %s", err.input, err.msg);
    assert_int_equal(gf_model_node(b, gf_model_find_node(b, "H"))->handling_cents_per_t, 400);
    assert_int_equal(gf_model_node(b, gf_model_find_node(b, "H"))->throughput_t, 70);
    pa = gf_plan_solve(a, &err);
    pb = gf_plan_solve(b, &err);
    assert_non_null(pa);
    assert_non_null(pb);
    assert_int_equal(pb->cost.total, 1008000); /* tests/unit/test_plan.c works it by hand */
    assert_int_equal(pb->cost.total, pa->cost.total);
    assert_int_equal(pb->delivered_t, pa->delivered_t);
    gf_plan_destroy(pa);
    gf_plan_destroy(pb);
    gf_model_destroy(a);
    gf_model_destroy(b);
    free(book);
}

/* The blank sheet row 4 is skipped by the reader, and the bad cell below it
 * is still named at row 5, column E. */
static void test_workbook_error_names_the_sheet_row(void **state)
{
    size_t len;
    unsigned char *book = hub_book(true, &len);
    gf_error err = {0};
    char line[512];

    (void)state;
    assert_null(gf_scenario_read_workbook_mem(book, len, "corridor.xlsx", &err));
    assert_int_equal(err.code, GF_EPARSE);
    assert_string_equal(err.input, "corridor.xlsx: sheet links, row 5, column E");
    assert_int_equal(err.line, 0);
    gf_error_format(&err, line, sizeof line);
    assert_non_null(strstr(line, "corridor.xlsx: sheet links, row 5, column E: error: "));
    assert_non_null(strstr(line, "'thirty' is not a number"));
    gf_error_clear(&err);
    static const char not_a_book[] = "PK\003\004 not really";
    assert_null(gf_scenario_read_workbook_mem(not_a_book, sizeof not_a_book - 1, "x.xlsx", &err));
    assert_int_equal(err.code, GF_EPARSE);
    assert_string_equal(err.input, "x.xlsx");
    free(book);
}

/* A model row read from a workbook keeps its sheet row (the link H -> M is
 * row 5, below the blank row 4), and gf_scenario_where names it as the
 * CLI's warnings do; a folder's row is file:line. */
static void test_workbook_rows_are_sheet_rows(void **state)
{
    size_t len;
    unsigned char *book = hub_book(false, &len);
    gf_error err = {0};
    gf_model *m = gf_scenario_read_workbook_mem(book, len, "corridor.xlsx", &err);
    const gf_link *hm = NULL;
    char buf[256];

    (void)state;
    assert_non_null(m);
    for (int32_t i = 0; i < gf_model_link_count(m); i++) {
        const gf_link *l = gf_model_link(m, i);
        if (!strcmp(gf_model_node(m, l->from)->id, "H") &&
            !strcmp(gf_model_node(m, l->to)->id, "M"))
            hm = l;
    }
    assert_non_null(hm);
    assert_int_equal(hm->line, 5);
    assert_string_equal(gf_scenario_where("corridor.xlsx", "links.csv", hm->line, buf, sizeof buf),
                        "corridor.xlsx: sheet links, row 5");
    assert_string_equal(gf_scenario_where("corridor.xlsx", "demand.csv", 0, buf, sizeof buf),
                        "corridor.xlsx: sheet demand");
    assert_string_equal(gf_scenario_where("data/hub", "links.csv", 4, buf, sizeof buf),
                        "data/hub/links.csv:4");
    gf_model_destroy(m);
    free(book);
}

static void test_workbook_survives_every_failed_allocation(void **state)
{
    size_t len;
    unsigned char *book = hub_book(false, &len);
    gf_model *m = NULL;
    long at;

    (void)state;
    for (at = 0; !m && at < 100000; at++) {
        gf_error err = {0};
        failing_alloc_arm(at);
        m = gf_scenario_read_workbook_mem(book, len, "hub.xlsx", &err);
        failing_alloc_disarm();
        if (!m)
            assert_int_equal(err.code, GF_ENOMEM);
    }
    assert_non_null(m);
    assert_true(at > 5);
    gf_model_destroy(m);
    free(book);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_workbook_plans_as_the_folder),
        cmocka_unit_test(test_workbook_error_names_the_sheet_row),
        cmocka_unit_test(test_workbook_rows_are_sheet_rows),
        cmocka_unit_test(test_workbook_survives_every_failed_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
