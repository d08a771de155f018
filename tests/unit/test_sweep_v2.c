/* tests/unit/test_sweep_v2.c: sweeps of version-2 scenarios (src/sweep/sweep_v2.c).
 *
 * tests/data/v2_sweep_hub is worked by hand (tests/data/README.md): its hub
 * H opens (option small) with its fixed cost at x0.25 or x0.5 and not at
 * x1; the subsidy on O -> H is 1/t. So each run's figures, the probability
 * that H opens (4 of 6 runs over the grid) and the tornado are known to the
 * cent. Also: the spec's accessors, the same rows on 1 and 2 threads, an
 * event's closure, a run that fails, and the version-2 fields refused on a
 * version-1 scenario by JSON pointer.
 * Runs from the project root (tests/run.sh does).
 * SPDX-License-Identifier: MIT */
#include <math.h>
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
#include "grainflow/sweep.h"

#define HUB_DIR "tests/data/v2_sweep_hub"
#define V1_DIR  "tests/data/tiny"

static const char grid_spec[] =
    "{\"gap_pct\": 0, \"seed\": 9, \"parameters\": ["
    "{\"name\": \"hub_fixed\", \"what\": \"hub_fixed\", \"op\": \"multiply\","
    " \"how\": {\"dist\": \"list\", \"values\": [0.25, 0.5, 1]}},"
    "{\"name\": \"subsidy\", \"what\": \"subsidy\", \"op\": \"multiply\","
    " \"how\": {\"dist\": \"list\", \"values\": [0, 1]}}],"
    " \"events\": [{\"name\": \"never\", \"p\": 0, \"close\": [{\"node\": \"H\"}]}]}";

static gf_model *model_of(const char *dir)
{
    gf_error err = {0};
    gf_model *m = gf_scenario_read_csv(dir, &err);

    if (!m)
        fail_msg("%s: %s", err.input, err.msg);
    return m;
}

static gf_sweep *sweep_of(const gf_model *m, const char *spec)
{
    gf_error err = {0};
    gf_sweep *s = gf_sweep_create(spec, strlen(spec), m, &err);

    if (!s)
        fail_msg("spec refused: %s: %s", err.input, err.msg);
    return s;
}

static int32_t value_index(const gf_sweep *s, const char *name)
{
    for (int32_t k = 0; k < gf_sweep_value_count(s); k++)
        if (strcmp(gf_sweep_value_name(s, k), name) == 0)
            return k;
    fail_msg("no result %s", name);
    return -1;
}

static void test_sweep_v2_spec_resolves(void **state)
{
    gf_model *m = model_of(HUB_DIR);
    gf_sweep *s = sweep_of(m, grid_spec);

    (void)state;
    assert_true(gf_sweep_is_v2(s));
    assert_int_equal(gf_sweep_runs(s), 6); /* the grid */
    assert_int_equal(gf_sweep_seed(s), 9);
    assert_int_equal(gf_sweep_param_count(s), 2);
    assert_string_equal(gf_sweep_param_name(s, 0), "hub_fixed");
    assert_string_equal(gf_sweep_param_name(s, 1), "subsidy");
    assert_null(gf_sweep_param_name(s, 2));
    assert_int_equal(gf_sweep_event_count(s), 1);
    assert_string_equal(gf_sweep_event_name(s, 0), "never");
    assert_true(gf_sweep_event_p(s, 0) == 0);
    assert_true(isnan(gf_sweep_event_p(s, 1)));
    assert_true(gf_sweep_value_is_hub(s, value_index(s, "hub_open:H")));
    assert_true(gf_sweep_value_is_hub(s, value_index(s, "hub_t:H")));
    assert_false(gf_sweep_value_is_hub(s, value_index(s, "any_hub_open")));
    assert_non_null(strstr(gf_sweep_header(s), ",option:H,proof\n"));
    gf_sweep_destroy(s);
    gf_model_destroy(m);
}

/* Run i of the grid: x (0.25, 0.5, 1)[i % 3], subsidy i / 3. */
static void test_sweep_v2_runs_match_the_hand_figures(void **state)
{
    static const double saving[6] = {7900, 7500, 7000, 8000, 7600, 7000};
    static const double subsidy[6] = {0, 0, 0, 100, 100, 0};
    static const double fixed[6] = {400, 800, 0, 400, 800, 0};
    gf_model *m = model_of(HUB_DIR);
    gf_sweep *s = sweep_of(m, grid_spec);
    gf_error err = {0};
    gf_sweep_worker *w = gf_sweep_worker_create(s, &err);
    gf_sweep_result res = {0};
    int opened = 0;

    (void)state;
    assert_non_null(w);
    for (int64_t i = 0; i < 6; i++) {
        assert_int_equal(gf_sweep_worker_run(w, i, &res, &err), GF_OK);
        assert_true(res.ok);
        assert_true(res.saving_usd == saving[i]);
        assert_true(res.values[value_index(s, "saving_usd")] == saving[i]);
        assert_true(res.values[value_index(s, "total_cost_usd")] == 20000 - saving[i]);
        assert_true(res.values[value_index(s, "delivered_t")] == 100);
        assert_true(res.values[value_index(s, "subsidy_usd")] == subsidy[i]);
        assert_true(res.values[value_index(s, "hub_fixed_usd")] == fixed[i]);
        assert_true(res.values[value_index(s, "hub_open:H")] == (i % 3 != 2));
        assert_true(res.values[value_index(s, "hub_t:H")] == (i % 3 != 2 ? 100 : 0));
        assert_true(res.values[value_index(s, "gap_pct")] == 0);
        assert_non_null(strstr(res.row, i % 3 != 2 ? ",H,small,optimal\n" : ",,optimal\n"));
        opened += res.values[value_index(s, "any_hub_open")] > 0;
    }
    assert_int_equal(opened, 4);
    gf_sweep_result_fini(&res);
    gf_sweep_worker_destroy(w);
    gf_sweep_destroy(s);
    gf_model_destroy(m);
}

typedef struct rows {
    char text[4096];
    size_t len;
} rows;

static int keep_row(void *ud, int64_t run, const gf_sweep_result *res, gf_error *err)
{
    rows *r = ud;

    (void)run;
    (void)err;
    assert_non_null(res);
    assert_true(r->len + res->row_len < sizeof r->text);
    memcpy(r->text + r->len, res->row, res->row_len + 1);
    r->len += res->row_len;
    return GF_OK;
}

static void test_sweep_v2_same_rows_on_two_threads(void **state)
{
    gf_model *m = model_of(HUB_DIR);
    gf_sweep *s = sweep_of(m, grid_spec);
    gf_sweep_exec_opts o = {.threads = 1, .first = 0, .step = 1};
    rows one = {{0}, 0}, two = {{0}, 0};
    gf_error err = {0};

    (void)state;
    assert_int_equal(gf_sweep_exec(s, &o, keep_row, &one, &err), GF_OK);
    o.threads = 2;
    assert_int_equal(gf_sweep_exec(s, &o, keep_row, &two, &err), GF_OK);
    assert_true(one.len > 0);
    assert_string_equal(one.text, two.text);
    gf_sweep_destroy(s);
    gf_model_destroy(m);
}

/* Base x0.5 and subsidy 0 (the lists' medians): 7,500; x0.25 7,900, x1
 * 7,000 (swing 900); subsidy on 7,600 (swing 100); the event closes H. */
static void test_sweep_v2_tornado(void **state)
{
    gf_model *m = model_of(HUB_DIR);
    gf_sweep *s = sweep_of(m, grid_spec);
    gf_sweep_tornado_table t = {0};
    gf_error err = {0};

    (void)state;
    assert_int_equal(gf_sweep_tornado_table_make(s, &t, &err), GF_OK);
    assert_true(t.base_usd == 7500);
    assert_int_equal(t.order[0], 0);
    assert_true(t.low_usd[0] == 7900 && t.high_usd[0] == 7000);
    assert_true(t.low_usd[1] == 7500 && t.high_usd[1] == 7600);
    assert_true(t.high_usd[2] == 7000); /* H closed: two small ships */
    assert_int_equal(t.order[1], 2);
    assert_int_equal(t.order[2], 1);
    gf_sweep_tornado_table_fini(&t);
    gf_sweep_destroy(s);
    gf_model_destroy(m);
}

/* A subsidy above its link's cost fails the run, naming links.csv:4. */
static void test_sweep_v2_failed_run_names_the_row(void **state)
{
    static const char spec[] =
        "{\"parameters\": [{\"name\": \"s\", \"what\": \"subsidy\", \"op\": \"set\","
        " \"links\": [{\"from\": \"O\", \"to\": \"H\"}],"
        " \"how\": {\"dist\": \"fixed\", \"value\": 20}}]}";
    gf_model *m = model_of(HUB_DIR);
    gf_sweep *s = sweep_of(m, spec);
    gf_error err = {0};
    gf_sweep_worker *w = gf_sweep_worker_create(s, &err);
    gf_sweep_result res = {0};

    (void)state;
    assert_int_equal(gf_sweep_worker_run(w, 0, &res, &err), GF_OK);
    assert_false(res.ok);
    assert_non_null(strstr(res.row, "0,failed,\"links.csv:4: subsidy_usd_per_t"));
    assert_true(isnan(res.saving_usd));
    gf_sweep_result_fini(&res);
    gf_sweep_worker_destroy(w);
    gf_sweep_destroy(s);
    gf_model_destroy(m);
}

static void expect_error(const gf_model *m, const char *spec, const char *ptr, const char *part)
{
    gf_error err = {0};
    gf_sweep *s = gf_sweep_create(spec, strlen(spec), m, &err);

    if (s)
        fail_msg("spec accepted: %s", spec);
    if (strcmp(err.input, ptr) != 0 || !strstr(err.msg, part))
        fail_msg("spec %s: got %s: %s; want %s: ...%s...", spec, err.input, err.msg, ptr, part);
}

static void test_sweep_v2_fields_refused_on_v1(void **state)
{
    gf_model *v1 = model_of(V1_DIR), *v2 = model_of(HUB_DIR);

    (void)state;
    expect_error(v1,
                 "{\"parameters\": [{\"name\": \"s\", \"what\": \"subsidy\", \"how\": "
                 "{\"dist\": \"fixed\", \"value\": 0}}]}",
                 "/parameters/0/what", "needs a version-2 scenario");
    expect_error(v1,
                 "{\"parameters\": [{\"name\": \"s\", \"what\": \"supply\", \"product\": "
                 "\"wheat\", \"how\": {\"dist\": \"fixed\", \"value\": 1}}]}",
                 "/parameters/0/product", "needs a version-2 scenario");
    expect_error(v1, "{\"time_limit_s\": 5}", "/time_limit_s", "version-2");
    expect_error(v2, "{\"gap_pct\": 100}", "/gap_pct", "percentage");
    expect_error(v2,
                 "{\"parameters\": [{\"name\": \"f\", \"what\": \"hub_fixed\", \"nodes\": "
                 "[\"M1\"], \"how\": {\"dist\": \"fixed\", \"value\": 1}}]}",
                 "/parameters/0/nodes/0", "not a hub facility");
    expect_error(v2,
                 "{\"parameters\": [{\"name\": \"f\", \"what\": \"link_cost\", \"op\": \"set\", "
                 "\"how\": {\"dist\": \"fixed\", \"value\": 1}}]}",
                 "/parameters/0/op", "op set is for hub_fixed");
    expect_error(v2,
                 "{\"parameters\": [{\"name\": \"f\", \"what\": \"hub_fixed\", \"product\": "
                 "\"wheat\", \"how\": {\"dist\": \"fixed\", \"value\": 1}}]}",
                 "/parameters/0/product", "product chooses");
    gf_model_destroy(v1);
    gf_model_destroy(v2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_v2_spec_resolves),
        cmocka_unit_test(test_sweep_v2_runs_match_the_hand_figures),
        cmocka_unit_test(test_sweep_v2_same_rows_on_two_threads),
        cmocka_unit_test(test_sweep_v2_tornado),
        cmocka_unit_test(test_sweep_v2_failed_run_names_the_row),
        cmocka_unit_test(test_sweep_v2_fields_refused_on_v1),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
