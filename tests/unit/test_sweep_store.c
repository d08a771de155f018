/* tests/unit/test_sweep_store.c: the store's sweep tables (migration 4): a
 * sweep found again by its spec and scenario texts, rows kept and read back
 * for --resume, the done bitmap, percentiles read sorted, NaN figures left
 * out, a fresh sweep dropping the old rows, a changed table refused.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "grainflow/store.h"

static const char *const spec = "{\"runs\": 5}";
static const char *const scn = "{\"format\": 1}";

static gf_store *open_mem(void)
{
    gf_error err = {0};
    gf_store *s = gf_store_open(":memory:", &err);

    if (!s)
        fail_msg("%s", err.msg);
    assert_int_equal(gf_store_schema_version(s), GF_STORE_SCHEMA_VERSION);
    return s;
}

static void test_sweep_store_keeps_rows_and_sorted_values(void **state)
{
    gf_store *s = open_mem();
    gf_error err = {0};
    int64_t id = 0, again = 0, n = 0, n_done = 0;
    double mean = 0, pos = 0, v = 0;
    uint8_t done[1] = {0};
    char *row = NULL;

    (void)state;
    assert_int_equal(gf_store_sweep_open(s, spec, scn, "run,x\n", 5, 1, &id, &err), GF_OK);
    assert_int_equal(gf_store_sweep_begin(s, &err), GF_OK);
    for (int64_t r = 0; r < 4; r++) {
        double vals[2] = {(double)(10 - r), r == 2 ? NAN : (double)r - 1};
        char line[32];
        snprintf(line, sizeof line, "%lld,%s\n", (long long)r, r == 3 ? "failed" : "ok");
        assert_int_equal(gf_store_sweep_put(s, id, r, r != 3, line, vals, 2, &err), GF_OK);
    }
    assert_int_equal(gf_store_sweep_commit(s, &err), GF_OK);
    /* the same texts find the same sweep */
    assert_int_equal(gf_store_sweep_open(s, spec, scn, "run,x\n", 5, 0, &again, &err), GF_OK);
    assert_int_equal(again, id);
    assert_int_equal(gf_store_sweep_done(s, id, done, 5, &n_done, &err), GF_OK);
    assert_int_equal(n_done, 4);
    assert_int_equal(done[0], 0x0f);
    assert_int_equal(gf_store_sweep_row(s, id, 3, &row, &err), GF_OK);
    assert_string_equal(row, "3,failed\n");
    gf_store_free(row);
    assert_int_equal(gf_store_sweep_row(s, id, 4, &row, &err), GF_ENOTFOUND);
    /* value 0 of the ok runs 0, 1, 2: 10, 9, 8 (run 3 failed: not kept) */
    assert_int_equal(gf_store_sweep_stats(s, id, 0, &n, &mean, &pos, &err), GF_OK);
    assert_int_equal(n, 3);
    assert_true(mean == 9 && pos == 3);
    assert_int_equal(gf_store_sweep_nth(s, id, 0, 0, &v, &err), GF_OK);
    assert_true(v == 8);
    assert_int_equal(gf_store_sweep_nth(s, id, 0, 2, &v, &err), GF_OK);
    assert_true(v == 10);
    err = (gf_error){0};
    assert_int_equal(gf_store_sweep_nth(s, id, 0, 3, &v, &err), GF_ENOTFOUND);
    /* value 1: -1, 0 (run 2's NaN left out); one of them > 0: none */
    assert_int_equal(gf_store_sweep_stats(s, id, 1, &n, &mean, &pos, &err), GF_OK);
    assert_int_equal(n, 2);
    assert_true(pos == 0);
    gf_store_close(s);
}

static void test_sweep_store_fresh_drops_and_changed_is_refused(void **state)
{
    gf_store *s = open_mem();
    gf_error err = {0};
    int64_t id = 0, id2 = 0, n_done = 0;
    uint8_t done[1] = {0};
    double one = 1;

    (void)state;
    assert_int_equal(gf_store_sweep_open(s, spec, scn, "run,x\n", 5, 1, &id, &err), GF_OK);
    assert_int_equal(gf_store_sweep_put(s, id, 0, 1, "0,ok\n", &one, 1, &err), GF_OK);
    assert_int_equal(gf_store_sweep_open(s, spec, scn, "run,y\n", 5, 0, &id2, &err), GF_ESTATE);
    err = (gf_error){0};
    assert_int_equal(gf_store_sweep_open(s, spec, scn, "run,x\n", 5, 1, &id2, &err), GF_OK);
    assert_true(id2 != id);
    assert_int_equal(gf_store_sweep_done(s, id2, done, 5, &n_done, &err), GF_OK);
    assert_int_equal(n_done, 0); /* afresh: the old rows went with the old sweep */
    assert_int_equal(gf_store_sweep_open(s, "not json", scn, "h\n", 5, 1, &id2, &err), GF_EINVAL);
    gf_store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_store_keeps_rows_and_sorted_values),
        cmocka_unit_test(test_sweep_store_fresh_drops_and_changed_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
