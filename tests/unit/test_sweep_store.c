/* tests/unit/test_sweep_store.c: the store's sweep tables (migration 4): a
 * sweep found again by its spec and scenario texts, rows kept and read back
 * for --resume, the done bitmap, percentiles read sorted, NaN figures left
 * out, a fresh sweep dropping the old rows, a changed table refused; and the
 * server's sweeps (migration 5): a status that ends once, progress, the run
 * table in run order, never found by the CLI's open, recovered as
 * "interrupted", and a store of version 4 migrated with its sweep kept.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>
#include <unistd.h>

#include "grainflow/store.h"
#include "support/tmpdir.h"

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

static void test_sweep_store_server_sweeps(void **state)
{
    gf_store *s = open_mem();
    gf_error err = {0};
    int64_t id = 0, cli = 0, again = 0, n = 0;
    double one = 1;
    char *text = NULL;

    (void)state;
    assert_int_equal(gf_store_sweep_create(s, "k", spec, scn, "run,x\n", 3, &id, &err), GF_OK);
    /* the CLI's open of the same texts is another sweep, and never deletes this one */
    assert_int_equal(gf_store_sweep_open(s, spec, scn, "run,x\n", 3, 1, &cli, &err), GF_OK);
    assert_true(cli != id);
    assert_int_equal(gf_store_get_sweep(s, cli, &text, &err), GF_ENOTFOUND);
    err = (gf_error){0};
    assert_int_equal(gf_store_sweep_update(s, id, GF_RUN_RUNNING, NULL, &err), GF_OK);
    assert_int_equal(gf_store_sweep_put(s, id, 1, 1, "1,ok\n", &one, 1, &err), GF_OK);
    assert_int_equal(gf_store_sweep_put(s, id, 0, 0, "0,failed\n", NULL, 0, &err), GF_OK);
    assert_int_equal(gf_store_get_sweep(s, id, &text, &err), GF_OK);
    assert_non_null(strstr(text, "\"status\":\"running\",\"runs\":3,\"runs_done\":2,"));
    gf_store_free(text);
    assert_int_equal(gf_store_sweep_table(s, id, &text, NULL, &err), GF_OK);
    assert_string_equal(text, "run,x\n0,failed\n1,ok\n"); /* in run order */
    gf_store_free(text);
    assert_int_equal(gf_store_sweep_update(s, id, GF_RUN_DONE, "{\"solved\": 1}", &err), GF_OK);
    assert_int_equal(gf_store_sweep_update(s, id, GF_RUN_FAILED, "{}", &err), GF_ESTATE);
    assert_non_null(strstr(err.msg, "already done"));
    assert_int_equal(gf_store_get_sweep(s, id, &text, &err), GF_OK);
    assert_non_null(strstr(text, "\"result\":{\"solved\":1}"));
    gf_store_free(text);
    /* a sweep left running is failed "interrupted" at the next start */
    assert_int_equal(gf_store_sweep_create(s, NULL, spec, scn, "run\n", 1, &again, &err), GF_OK);
    assert_int_equal(gf_store_recover(s, &n, &err), GF_OK);
    assert_int_equal(n, 1);
    assert_int_equal(gf_store_get_sweep(s, again, &text, &err), GF_OK);
    assert_non_null(strstr(text, "\"scenario\":null,\"status\":\"failed\""));
    assert_non_null(strstr(text, "\"title\":\"interrupted\""));
    gf_store_free(text);
    assert_int_equal(gf_store_sweep_update(s, 99, GF_RUN_DONE, NULL, &err), GF_ENOTFOUND);
    gf_store_close(s);
}

/* The schema text up to (not including) "-- migration N", from the source. */
static char *schema_before(int number)
{
    static char sql[1 << 16];
    char tag[32];
    FILE *f = fopen("src/store/schema.sql", "r");
    size_t len;
    char *cut;

    assert_non_null(f);
    len = fread(sql, 1, sizeof sql - 1, f);
    fclose(f);
    sql[len] = '\0';
    snprintf(tag, sizeof tag, "-- migration %d", number);
    cut = strstr(sql, tag);
    assert_non_null(cut);
    *cut = '\0';
    return sql;
}

static void test_sweep_store_migrates_a_version_4_store(void **state)
{
    char dir[256], path[300], *text = NULL;
    gf_error err = {0};
    gf_store *s;
    sqlite3 *db = NULL;
    int64_t id = 0;

    (void)state;
    assert_non_null(mkdtemp(test_tmp_template(dir, sizeof dir, "gf_sweep_store")));
    snprintf(path, sizeof path, "%s/v4.db", dir);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                                  "applied_ms INTEGER NOT NULL); INSERT INTO schema_version "
                                  "VALUES (1, 0), (2, 0), (3, 0), (4, 0)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, schema_before(5), NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "INSERT INTO sweeps(spec, scenario, header, runs, created_ms) "
                                  "VALUES ('{\"runs\": 5}', '{\"format\": 1}', 'run,x\n', 5, 1);"
                                  "INSERT INTO sweep_runs VALUES (1, 0, 1, '0,ok\n')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    s = gf_store_open(path, &err);
    assert_non_null(s);
    assert_int_equal(gf_store_schema_version(s), 5);
    assert_int_equal(gf_store_check(s, &err), GF_OK);
    /* the CLI's sweep is found again for --resume, with its row */
    assert_int_equal(gf_store_sweep_open(s, spec, scn, "run,x\n", 5, 0, &id, &err), GF_OK);
    assert_int_equal(id, 1);
    assert_int_equal(gf_store_sweep_row(s, 1, 0, &text, &err), GF_OK);
    assert_string_equal(text, "0,ok\n");
    gf_store_free(text);
    assert_int_equal(gf_store_get_sweep(s, 1, &text, &err), GF_ENOTFOUND); /* not the server's */
    gf_store_close(s);
    unlink(path);
    snprintf(path, sizeof path, "%s/v4.db-wal", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/v4.db-shm", dir);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_store_keeps_rows_and_sorted_values),
        cmocka_unit_test(test_sweep_store_fresh_drops_and_changed_is_refused),
        cmocka_unit_test(test_sweep_store_server_sweeps),
        cmocka_unit_test(test_sweep_store_migrates_a_version_4_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
