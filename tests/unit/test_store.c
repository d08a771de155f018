/* tests/unit/test_store.c: the SQLite store of scenarios and runs.
 * SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>

#include "grainflow/alloc.h"
#include "grainflow/store.h"
#include "support/tmpdir.h"

typedef struct fixture {
    char dir[64];
    char path[96];
    gf_store *s;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    gf_error err = {0};

    test_tmp_template(f->dir, sizeof f->dir, "gf-test-store");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/store.db", f->dir);
    f->s = gf_store_open(f->path, &err);
    if (!f->s)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char p[128];

    gf_store_close(f->s);
    snprintf(p, sizeof p, "%s-wal", f->path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", f->path);
    unlink(p);
    unlink(f->path);
    rmdir(f->dir);
    free(f);
    return 0;
}

static void reopen(fixture *f)
{
    gf_error err = {0};

    gf_store_close(f->s);
    f->s = gf_store_open(f->path, &err);
    assert_non_null(f->s);
}

/* Parse text as JSON, free text, return the value (asserts it parses). */
static json_t *parse(char *text)
{
    json_error_t je;
    json_t *v;

    assert_non_null(text);
    v = json_loads(text, 0, &je);
    gf_store_free(text);
    assert_non_null(v);
    return v;
}

static json_t *list_scenarios(gf_store *s)
{
    char *text = NULL;
    gf_error err = {0};

    assert_int_equal(gf_store_list_scenarios(s, &text, &err), GF_OK);
    return parse(text);
}

static json_t *get_run(gf_store *s, int64_t id)
{
    char *text = NULL;
    gf_error err = {0};

    assert_int_equal(gf_store_get_run(s, id, 1, &text, &err), GF_OK);
    return parse(text);
}

static void put(gf_store *s, const char *id, const char *json)
{
    gf_error err = {0};

    assert_int_equal(gf_store_put_scenario(s, id, id, json, strlen(json), NULL, &err), GF_OK);
}

static void test_store_opens_new_file_at_current_schema(void **state)
{
    fixture *f = *state;
    gf_error err = {0};
    json_t *list;

    assert_int_equal(gf_store_schema_version(f->s), GF_STORE_SCHEMA_VERSION);
    assert_int_equal(gf_store_check(f->s, &err), GF_OK);
    list = list_scenarios(f->s);
    assert_true(json_is_array(list));
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
}

static void test_store_scenario_round_trip(void **state)
{
    fixture *f = *state;
    gf_error err = {0};
    char *text = NULL;
    size_t len = 0;
    int created = -1;
    const char *body = "{\"format\":1,\"nodes\":[{\"id\":\"A\"}]}";
    json_t *list;

    assert_int_equal(
        gf_store_put_scenario(f->s, "kz-ma-africa", "Default", body, strlen(body), &created, &err),
        GF_OK);
    assert_int_equal(created, 1);
    assert_int_equal(gf_store_get_scenario(f->s, "kz-ma-africa", &text, &len, &err), GF_OK);
    assert_string_equal(text, body);
    assert_int_equal(len, strlen(body));
    gf_store_free(text);

    /* replacing keeps one row and reports not created */
    assert_int_equal(
        gf_store_put_scenario(f->s, "kz-ma-africa", "Renamed", "[1]", 3, &created, &err), GF_OK);
    assert_int_equal(created, 0);
    list = list_scenarios(f->s);
    assert_int_equal(json_array_size(list), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "name")),
                        "Renamed");
    json_decref(list);

    /* create refuses an existing id and leaves it as it was */
    assert_int_equal(gf_store_create_scenario(f->s, "kz-ma-africa", "x", "{}", 2, &err), GF_ESTATE);
    gf_error_clear(&err);
    assert_int_equal(gf_store_create_scenario(f->s, "second", "x", "{}", 2, &err), GF_OK);
    assert_int_equal(gf_store_get_scenario(f->s, "kz-ma-africa", &text, NULL, &err), GF_OK);
    assert_string_equal(text, "[1]");
    gf_store_free(text);

    assert_int_equal(gf_store_delete_scenario(f->s, "kz-ma-africa", &err), GF_OK);
    assert_int_equal(gf_store_get_scenario(f->s, "kz-ma-africa", &text, NULL, &err), GF_ENOTFOUND);
    assert_null(text);
}

static void test_store_bad_input_changes_nothing(void **state)
{
    fixture *f = *state;
    static const char *const bad_ids[] = {
        "", ".hidden", "a/b", "a b", "x'; DROP TABLE runs;--", "../etc"};
    gf_error err = {0};
    int64_t run = 0;
    json_t *list;

    put(f->s, "good", "{\"a\":1}");
    for (size_t i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
        gf_error_clear(&err);
        if (gf_store_put_scenario(f->s, bad_ids[i], "n", "{}", 2, NULL, &err) != GF_EINVAL)
            fail_msg("id \"%s\" was accepted", bad_ids[i]);
    }
    gf_error_clear(&err);
    assert_int_equal(gf_store_put_scenario(f->s, "good", "n", "{\"a\":", 5, NULL, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_store_put_scenario(f->s, "other", "n", "not json", 8, NULL, &err),
                     GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_store_create_run(f->s, "missing", "[]", &run, &err), GF_ENOTFOUND);
    gf_error_clear(&err);
    assert_int_equal(gf_store_create_run(f->s, "good", "{\"not\":\"an array\"}", &run, &err),
                     GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_store_delete_scenario(f->s, "missing", &err), GF_ENOTFOUND);

    list = list_scenarios(f->s);
    assert_int_equal(json_array_size(list), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "id")), "good");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "runs")), 0);
    json_decref(list);
    {
        char *text = NULL;
        assert_int_equal(gf_store_get_scenario(f->s, "good", &text, NULL, &err), GF_OK);
        assert_string_equal(text, "{\"a\":1}");
        gf_store_free(text);
    }
    assert_int_equal(gf_store_check(f->s, &err), GF_OK);
}

static void test_store_run_life_cycle(void **state)
{
    fixture *f = *state;
    gf_error err = {0};
    int64_t run = 0;
    json_t *r;

    put(f->s, "s1", "{}");
    assert_int_equal(
        gf_store_create_run(f->s, "s1", "[{\"op\":\"scale_freight\",\"pct\":10}]", &run, &err),
        GF_OK);
    assert_true(run > 0);
    r = get_run(f->s, run);
    assert_string_equal(json_string_value(json_object_get(r, "status")), "queued");
    assert_string_equal(json_string_value(json_object_get(r, "scenario")), "s1");
    assert_int_equal(
        json_integer_value(json_object_get(json_array_get(json_object_get(r, "edits"), 0), "pct")),
        10);
    assert_true(json_is_null(json_object_get(r, "started_ms")));
    json_decref(r);

    assert_int_equal(gf_store_update_run(f->s, run, GF_RUN_RUNNING, NULL, &err), GF_OK);
    /* a result that is not JSON is refused and the run stays running */
    assert_int_equal(gf_store_update_run(f->s, run, GF_RUN_DONE, "{oops", &err), GF_EINVAL);
    r = get_run(f->s, run);
    assert_string_equal(json_string_value(json_object_get(r, "status")), "running");
    assert_true(json_is_integer(json_object_get(r, "started_ms")));
    json_decref(r);

    gf_error_clear(&err);
    assert_int_equal(
        gf_store_update_run(f->s, run, GF_RUN_DONE, "{\"total_cost_usd\": 12.5}", &err), GF_OK);
    r = get_run(f->s, run);
    assert_string_equal(json_string_value(json_object_get(r, "status")), "done");
    assert_true(json_real_value(json_object_get(json_object_get(r, "result"), "total_cost_usd")) ==
                12.5);
    assert_true(json_integer_value(json_object_get(r, "duration_ms")) >= 0);
    json_decref(r);

    /* the GeoJSON and the result as stored */
    {
        char *text = NULL;
        assert_int_equal(gf_store_get_run_text(f->s, run, "result", &text, &err), GF_OK);
        assert_string_equal(text, "{\"total_cost_usd\":12.5}");
        gf_store_free(text);
        assert_int_equal(gf_store_get_run_text(f->s, run, "geojson", &text, &err), GF_ENOTFOUND);
        gf_error_clear(&err);
        assert_int_equal(gf_store_set_run_geojson(f->s, run, "{\"type\"", &err), GF_EINVAL);
        gf_error_clear(&err);
        assert_int_equal(
            gf_store_set_run_geojson(f->s, run, "{\"type\":\"FeatureCollection\"}", &err), GF_OK);
        assert_int_equal(gf_store_get_run_text(f->s, run, "geojson", &text, &err), GF_OK);
        assert_string_equal(text, "{\"type\":\"FeatureCollection\"}");
        gf_store_free(text);
        assert_int_equal(gf_store_set_run_geojson(f->s, run + 100, "{}", &err), GF_ENOTFOUND);
        gf_error_clear(&err);
    }

    /* done is final */
    assert_int_equal(gf_store_update_run(f->s, run, GF_RUN_RUNNING, NULL, &err), GF_ESTATE);
    gf_error_clear(&err);
    assert_int_equal(gf_store_update_run(f->s, run + 100, GF_RUN_RUNNING, NULL, &err),
                     GF_ENOTFOUND);
}

static void test_store_lists_runs_newest_first(void **state)
{
    fixture *f = *state;
    gf_error err = {0};
    int64_t ids[3];
    char *text = NULL;
    json_t *list;

    put(f->s, "a", "{}");
    put(f->s, "b", "{}");
    assert_int_equal(gf_store_create_run(f->s, "a", NULL, &ids[0], &err), GF_OK);
    assert_int_equal(gf_store_create_run(f->s, "b", NULL, &ids[1], &err), GF_OK);
    assert_int_equal(gf_store_create_run(f->s, "a", NULL, &ids[2], &err), GF_OK);
    assert_int_equal(gf_store_list_runs(f->s, NULL, 10, &text, &err), GF_OK);
    list = parse(text);
    assert_int_equal(json_array_size(list), 3);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "id")), ids[2]);
    json_decref(list);
    assert_int_equal(gf_store_list_runs(f->s, "a", 1, &text, &err), GF_OK);
    list = parse(text);
    assert_int_equal(json_array_size(list), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "id")), ids[2]);
    json_decref(list);
    assert_int_equal(gf_store_list_runs(f->s, NULL, 0, &text, &err), GF_EINVAL);

    /* deleting a scenario deletes its runs only */
    gf_error_clear(&err);
    assert_int_equal(gf_store_delete_scenario(f->s, "a", &err), GF_OK);
    assert_int_equal(gf_store_list_runs(f->s, NULL, 10, &text, &err), GF_OK);
    list = parse(text);
    assert_int_equal(json_array_size(list), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "id")), ids[1]);
    json_decref(list);
    assert_int_equal(gf_store_check(f->s, &err), GF_OK);
}

static void test_store_restart_keeps_data_and_recovers_runs(void **state)
{
    fixture *f = *state;
    gf_error err = {0};
    int64_t done = 0, running = 0, queued = 0, n = -1;
    char *text = NULL;
    json_t *r;

    put(f->s, "keep", "{\"x\":[1,2,3]}");
    assert_int_equal(gf_store_create_run(f->s, "keep", NULL, &done, &err), GF_OK);
    assert_int_equal(gf_store_update_run(f->s, done, GF_RUN_RUNNING, NULL, &err), GF_OK);
    assert_int_equal(gf_store_update_run(f->s, done, GF_RUN_DONE, "{\"ok\":true}", &err), GF_OK);
    assert_int_equal(gf_store_create_run(f->s, "keep", NULL, &running, &err), GF_OK);
    assert_int_equal(gf_store_update_run(f->s, running, GF_RUN_RUNNING, NULL, &err), GF_OK);
    assert_int_equal(gf_store_create_run(f->s, "keep", NULL, &queued, &err), GF_OK);

    reopen(f); /* as after a crash: the process held runs in flight */
    assert_int_equal(gf_store_check(f->s, &err), GF_OK);
    assert_int_equal(gf_store_schema_version(f->s), GF_STORE_SCHEMA_VERSION);
    assert_int_equal(gf_store_get_scenario(f->s, "keep", &text, NULL, &err), GF_OK);
    assert_string_equal(text, "{\"x\":[1,2,3]}");
    gf_store_free(text);
    assert_int_equal(gf_store_recover(f->s, &n, &err), GF_OK);
    assert_int_equal(n, 2);
    r = get_run(f->s, done);
    assert_string_equal(json_string_value(json_object_get(r, "status")), "done");
    assert_true(json_is_true(json_object_get(json_object_get(r, "result"), "ok")));
    json_decref(r);
    r = get_run(f->s, running);
    assert_string_equal(json_string_value(json_object_get(r, "status")), "failed");
    assert_string_equal(json_string_value(json_object_get(json_object_get(r, "error"), "title")),
                        "interrupted");
    json_decref(r);
    r = get_run(f->s, queued);
    assert_string_equal(json_string_value(json_object_get(r, "status")), "failed");
    json_decref(r);
}

/* Run sql on the file at path behind the store's back (the test's only
 * direct use of SQLite: to fake a file written by a future version). */
static int raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open(path, &db);

    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

static void test_store_refuses_newer_schema_and_non_database(void **state)
{
    fixture *f = *state;
    char path[128];
    gf_error err = {0};
    gf_store *s;
    FILE *fp;

    gf_store_close(f->s);
    f->s = NULL;
    /* a schema version from the future: the file is left alone */
    assert_int_equal(raw_exec(f->path, "INSERT INTO schema_version VALUES (99, 0)"), SQLITE_OK);
    s = gf_store_open(f->path, &err);
    assert_null(s);
    assert_int_equal(err.code, GF_ESTATE);
    assert_non_null(strstr(err.msg, "99"));

    snprintf(path, sizeof path, "%s/garbage.db", f->dir);
    fp = fopen(path, "wb");
    assert_non_null(fp);
    for (int i = 0; i < 200; i++)
        fputs("this is not an SQLite file ", fp);
    fclose(fp);
    gf_error_clear(&err);
    s = gf_store_open(path, &err);
    assert_null(s);
    assert_int_equal(err.code, GF_EIO);
    assert_string_equal(err.input, path);
    unlink(path);
    gf_error_clear(&err);
    assert_int_equal(raw_exec(f->path, "DELETE FROM schema_version WHERE version = 99"), SQLITE_OK);
    f->s = gf_store_open(f->path, &err);
    assert_non_null(f->s);
}

/* A file made by the first release (migration 1 only, as schema.sql has it)
 * is migrated at open and keeps its rows. Runs from the project root. */
static void test_store_migrates_a_version_1_file(void **state)
{
    fixture *f = *state;
    char path[128], sql[8192], *cut;
    gf_error err = {0};
    int64_t n = 0;
    FILE *fp = fopen("src/store/schema.sql", "r");
    size_t len;
    json_t *r;

    assert_non_null(fp);
    len = fread(sql, 1, sizeof sql - 1, fp);
    fclose(fp);
    sql[len] = '\0';
    cut = strstr(sql, "-- migration 2");
    assert_non_null(cut);
    *cut = '\0';
    snprintf(path, sizeof path, "%s/v1.db", f->dir);
    assert_int_equal(raw_exec(path, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                                    "applied_ms INTEGER NOT NULL); INSERT INTO schema_version "
                                    "VALUES (1, 0)"),
                     SQLITE_OK);
    assert_int_equal(raw_exec(path, strstr(sql, "-- migration 1")), SQLITE_OK);
    assert_int_equal(raw_exec(path,
                              "INSERT INTO scenarios VALUES ('old', 'Old', '{\"a\":1}', 1, 1);"
                              "INSERT INTO runs(scenario_id, status, created_ms, result) "
                              "VALUES ('old', 'done', 1, '{\"x\":2}')"),
                     SQLITE_OK);

    gf_store_close(f->s);
    f->s = gf_store_open(path, &err);
    assert_non_null(f->s);
    assert_int_equal(gf_store_schema_version(f->s), GF_STORE_SCHEMA_VERSION);
    assert_int_equal(gf_store_check(f->s, &err), GF_OK);
    r = get_run(f->s, 1);
    assert_string_equal(json_string_value(json_object_get(r, "status")), "done");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "result"), "x")), 2);
    assert_true(json_is_null(json_object_get(r, "error"))); /* the column of migration 2 */
    json_decref(r);
    assert_int_equal(gf_store_set_run_geojson(f->s, 1, "{}", &err), GF_OK); /* migration 3 */
    assert_int_equal(gf_store_recover(f->s, &n, &err), GF_OK);
    assert_int_equal(n, 0);
    gf_store_close(f->s);
    f->s = gf_store_open(f->path, &err);
    assert_non_null(f->s);
    unlink(path);
    snprintf(sql, sizeof sql, "%s-wal", path);
    unlink(sql);
    snprintf(sql, sizeof sql, "%s-shm", path);
    unlink(sql);
}

/* One owner per store: a second claim (even in this process) is refused
 * with the owner's pid, and granted again once the first lets go. */
static void test_store_has_one_owner(void **state)
{
    fixture *f = *state;
    gf_error err = {0};
    gf_store_owner *a = gf_store_own(f->path, &err), *b;
    char lock[128], pid[32];

    assert_non_null(a);
    b = gf_store_own(f->path, &err);
    assert_null(b);
    assert_int_equal(err.code, GF_ESTATE);
    snprintf(pid, sizeof pid, "(pid %ld)", (long)getpid());
    assert_non_null(strstr(err.msg, pid));
    gf_store_disown(a);
    gf_error_clear(&err);
    b = gf_store_own(f->path, &err);
    assert_non_null(b);
    gf_store_disown(b);
    gf_store_disown(NULL);
    snprintf(lock, sizeof lock, "%s.lock", f->path);
    unlink(lock);
}

/* Two handles finishing one run: the second is refused, the first result
 * stays (the status check and the change are one statement). */
static void test_store_finishes_a_run_once(void **state)
{
    fixture *f = *state;
    gf_error err = {0};
    gf_store *other = gf_store_open(f->path, &err);
    int64_t run = 0;
    char *text = NULL;

    assert_non_null(other);
    put(f->s, "s1", "{}");
    assert_int_equal(gf_store_create_run(f->s, "s1", NULL, &run, &err), GF_OK);
    assert_int_equal(gf_store_update_run(f->s, run, GF_RUN_RUNNING, NULL, &err), GF_OK);
    assert_int_equal(gf_store_update_run(other, run, GF_RUN_FAILED, "{\"x\":1}", &err), GF_OK);
    assert_int_equal(gf_store_update_run(f->s, run, GF_RUN_DONE, "{\"y\":2}", &err), GF_ESTATE);
    assert_non_null(strstr(err.msg, "already failed"));
    assert_int_equal(gf_store_get_run_text(f->s, run, "result", &text, &err), GF_ENOTFOUND);
    gf_store_close(other);
}

/* Pruning keeps the newest finished runs and never a queued or running one. */
static void test_store_prunes_old_finished_runs(void **state)
{
    fixture *f = *state;
    gf_error err = {0};
    int64_t ids[6], n = -1;
    char *text = NULL;

    put(f->s, "s1", "{}");
    for (int i = 0; i < 6; i++) {
        assert_int_equal(gf_store_create_run(f->s, "s1", NULL, &ids[i], &err), GF_OK);
        if (i != 1) /* run 1 stays queued */
            assert_int_equal(gf_store_update_run(f->s, ids[i], GF_RUN_DONE, "{}", &err), GF_OK);
    }
    assert_int_equal(gf_store_prune_runs(f->s, 2, &n, &err), GF_OK);
    assert_int_equal(n, 3); /* runs 0, 2, 3 */
    for (int i = 0; i < 6; i++) {
        int rc = gf_store_get_run(f->s, ids[i], 0, &text, &err);
        gf_store_free(text);
        text = NULL;
        gf_error_clear(&err);
        assert_int_equal(rc, i == 1 || i >= 4 ? GF_OK : GF_ENOTFOUND);
    }
    assert_int_equal(gf_store_prune_runs(f->s, 2, &n, &err), GF_OK);
    assert_int_equal(n, 0);
    assert_int_equal(gf_store_prune_runs(f->s, 0, &n, &err), GF_EINVAL);
}

/* What a run planned: only for a done run whose scenario is unchanged. */
static void test_store_gives_a_run_input(void **state)
{
    fixture *f = *state;
    gf_error err = {0};
    int64_t run = 0;
    char *scn = NULL, *edits = NULL;
    size_t len = 0;

    put(f->s, "s1", "{\"a\":1}");
    assert_int_equal(gf_store_create_run(f->s, "s1", "[{\"op\":\"x\"}]", &run, &err), GF_OK);
    assert_int_equal(gf_store_get_run_input(f->s, run, &scn, &len, &edits, &err), GF_ESTATE);
    assert_null(scn);
    gf_error_clear(&err);
    assert_int_equal(gf_store_update_run(f->s, run, GF_RUN_DONE, "{}", &err), GF_OK);
    assert_int_equal(gf_store_get_run_input(f->s, run, &scn, &len, &edits, &err), GF_OK);
    assert_string_equal(scn, "{\"a\":1}");
    assert_int_equal(len, 7);
    assert_string_equal(edits, "[{\"op\":\"x\"}]");
    gf_store_free(scn);
    gf_store_free(edits);
    /* the run's answer carries the stored result spliced in as it is */
    assert_int_equal(gf_store_get_run(f->s, run, 1, &scn, &err), GF_OK);
    assert_non_null(strstr(scn, ",\"result\":{}}"));
    assert_int_equal(scn[strlen(scn) - 1], '}');
    gf_store_free(scn);
    assert_int_equal(gf_store_get_run(f->s, run, 0, &scn, &err), GF_OK);
    assert_non_null(strstr(scn, ",\"result\":null}"));
    gf_store_free(scn);
    assert_int_equal(gf_store_get_run_input(f->s, run + 1, &scn, &len, &edits, &err), GF_ENOTFOUND);
    gf_error_clear(&err);
    nanosleep(&(struct timespec){0, 2000000}, NULL); /* the replacement is a ms later */
    put(f->s, "s1", "{\"a\":2}");
    assert_int_equal(gf_store_get_run_input(f->s, run, &scn, &len, &edits, &err), GF_ESTATE);
    assert_non_null(strstr(err.msg, "replaced"));
}

/* Allocation number fail_at and later fail (a failing allocator). */
/* SQLite allocates through the library's hook, and every free is told the
 * size allocated: the bytes live go up by SQLite's caches while a store is
 * open and come back to exactly where they were once it is closed. */
static long long live_bytes;
static long live_allocs;

static void *counting_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    (void)ud;
    if (ptr)
        live_bytes -= (long long)old_size;
    if (new_size == 0) {
        free(ptr);
        return NULL;
    }
    live_bytes += (long long)new_size;
    live_allocs++;
    return realloc(ptr, new_size);
}

static void test_store_sqlite_allocates_through_the_hook(void **state)
{
    fixture *f = *state;
    gf_error err = {0};
    long long before, open_bytes;
    char *text = NULL;
    gf_store *s;

    gf_store_close(f->s); /* its blocks came from the default allocator */
    f->s = NULL;
    gf_set_allocator(counting_alloc, NULL);
    before = live_bytes;
    s = gf_store_open(f->path, &err);
    assert_non_null(s);
    put(s, "x", "{\"k\":\"v\"}");
    assert_int_equal(gf_store_get_scenario(s, "x", &text, NULL, &err), GF_OK);
    gf_store_free(text);
    open_bytes = live_bytes - before;
    gf_store_close(s);
    gf_set_allocator(NULL, NULL);
    assert_true(open_bytes > 20000); /* SQLite's connection, schema and page cache */
    assert_true(live_allocs > 100);
    assert_int_equal(live_bytes, before);
    f->s = gf_store_open(f->path, &err);
    assert_non_null(f->s);
}

static long alloc_count, alloc_fail_at = -1;

static void *failing_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    (void)ud;
    (void)old_size;
    if (new_size == 0) {
        free(ptr);
        return NULL;
    }
    if (alloc_fail_at >= 0 && alloc_count++ >= alloc_fail_at)
        return NULL;
    return realloc(ptr, new_size);
}

static void test_store_open_and_read_survive_every_allocation_failure(void **state)
{
    fixture *f = *state;
    gf_error err = {0};
    char *text = NULL;
    int rc = -1;

    put(f->s, "x", "{\"k\":\"v\"}");
    gf_set_allocator(failing_alloc, NULL);
    for (long fail_at = 0; rc != GF_OK; fail_at++) {
        gf_store *s;
        gf_error_clear(&err);
        alloc_count = 0;
        alloc_fail_at = fail_at;
        s = gf_store_open(f->path, &err);
        rc = s ? gf_store_get_scenario(s, "x", &text, NULL, &err) : err.code;
        alloc_fail_at = -1;
        if (rc != GF_OK)
            assert_int_equal(err.code, GF_ENOMEM);
        gf_store_close(s);
    }
    gf_set_allocator(NULL, NULL);
    assert_string_equal(text, "{\"k\":\"v\"}");
    gf_store_free(text);
}

/* gf_store_open_with: zeroed options are gf_store_open's; a negative
 * checkpoint interval is refused, naming the field. (That a small one makes
 * ordinary commits checkpoint is proved by test_store_crash.c.) */
static void test_store_open_options_are_checked(void **state)
{
    gf_error err = {0};
    gf_store_options o = {0};
    gf_store *s;

    (void)state;
    s = gf_store_open_with(":memory:", &o, &err);
    assert_non_null(s);
    assert_int_equal(gf_store_schema_version(s), GF_STORE_SCHEMA_VERSION);
    gf_store_close(s);
    o.wal_autocheckpoint_pages = 30;
    s = gf_store_open_with(":memory:", &o, &err);
    assert_non_null(s);
    gf_store_close(s);
    o.wal_autocheckpoint_pages = -1;
    assert_null(gf_store_open_with(":memory:", &o, &err));
    assert_int_equal(err.code, GF_EINVAL);
    assert_non_null(strstr(err.msg, "wal_autocheckpoint_pages"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store_open_options_are_checked),
        cmocka_unit_test_setup_teardown(test_store_opens_new_file_at_current_schema, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store_scenario_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_bad_input_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_run_life_cycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_lists_runs_newest_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_restart_keeps_data_and_recovers_runs, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store_refuses_newer_schema_and_non_database, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store_migrates_a_version_1_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_has_one_owner, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_finishes_a_run_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_prunes_old_finished_runs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_gives_a_run_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_sqlite_allocates_through_the_hook, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store_open_and_read_survive_every_allocation_failure,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
