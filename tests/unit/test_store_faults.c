/* tests/unit/test_store_faults.c: the store when the disk refuses writes.
 *
 * Through tests/support/failing_vfs.c every write, truncate or sync SQLite
 * makes can be made to fail, in turn: write number n fails, and every one
 * after it (a disk that is full, or failing, stays so). For each n the
 * test runs a whole life of the store — create the file and migrate it,
 * store a scenario, create a run and fail it, create a second run, start
 * it, keep its GeoJSON, finish it, replace the scenario, prune the first — and stops at the first
 * call that fails. Then, with the disk healthy again, it reopens the file and checks what the store
 * promises (store.h: every call succeeds completely or changes nothing):
 *   - the failing call said so: GF_EIO (or GF_ENOMEM never; it is a disk
 *     fault), with a message;
 *   - the file opens, passes integrity_check and foreign_key_check;
 *   - every call that returned GF_OK is there, exactly;
 *   - the call that failed is either wholly absent or, where SQLite had
 *     already made the commit durable before the fault (a WAL frame written
 *     and synced, then a later write refused), wholly present — never half:
 *     a done run always has its result, a scenario its whole text.
 * The loop ends at the first n the life never reaches.
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
#include <jansson.h>

#include "grainflow/store.h"
#include "support/failing_vfs.h"
#include "support/tmpdir.h"

#define SCEN1   "{\"nodes\":[{\"id\":\"A\"}],\"v\":1}"
#define SCEN2   "{\"nodes\":[{\"id\":\"A\"},{\"id\":\"B\"}],\"v\":2}"
#define GEOJSON "{\"type\":\"FeatureCollection\",\"features\":[]}"
#define RESULT  "{\"total_cost_usd\":\"1234.56\",\"delivered_t\":42}"

/* The steps of one life, in order. */
enum {
    STEP_OPEN = 0,
    STEP_PUT,
    STEP_OLD_RUN,
    STEP_OLD_FAIL,
    STEP_CREATE_RUN,
    STEP_START,
    STEP_GEOJSON,
    STEP_FINISH,
    STEP_REPLACE,
    STEP_PRUNE,
    STEP_COUNT
};

static const char *const step_names[STEP_COUNT] = {
    "open",      "put scenario", "create old run", "fail old run", "create run",
    "start run", "geojson",      "finish run",     "replace",      "prune"};

typedef struct life {
    int reached; /* steps that returned GF_OK */
    int64_t run_id, old_id;
    gf_error err; /* the failing step's error */
} life;

static void temp_path(char *dir, size_t ndir, char *path, size_t npath)
{
    test_tmp_template(dir, ndir, "gf_test_store_faults");
    assert_non_null(mkdtemp(dir));
    snprintf(path, npath, "%s/store.db", dir);
}

static void remove_store(const char *dir, const char *path)
{
    char p[600];

    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    snprintf(p, sizeof p, "%s.lock", path);
    unlink(p);
    unlink(path);
    rmdir(dir);
}

/* Run the life until a step fails; returns how far it got. */
static void live(const char *path, life *lf)
{
    gf_store *s;
    gf_error *err = &lf->err;
    int rc = GF_OK;

    memset(lf, 0, sizeof *lf);
    s = gf_store_open(path, err);
    if (!s)
        return;
    lf->reached = STEP_PUT;
    for (int step = STEP_PUT; step < STEP_COUNT && rc == GF_OK; step++) {
        switch (step) {
        case STEP_PUT:
            rc = gf_store_put_scenario(s, "corridor", "Corridor", SCEN1, strlen(SCEN1), NULL, err);
            break;
        case STEP_OLD_RUN:
            rc = gf_store_create_run(s, "corridor", "[]", &lf->old_id, err);
            break;
        case STEP_OLD_FAIL:
            rc = gf_store_update_run(s, lf->old_id, GF_RUN_FAILED, "{\"error\":\"bad\"}", err);
            break;
        case STEP_CREATE_RUN:
            rc = gf_store_create_run(s, "corridor", "[]", &lf->run_id, err);
            break;
        case STEP_START:
            rc = gf_store_update_run(s, lf->run_id, GF_RUN_RUNNING, NULL, err);
            break;
        case STEP_GEOJSON:
            rc = gf_store_set_run_geojson(s, lf->run_id, GEOJSON, err);
            break;
        case STEP_FINISH:
            rc = gf_store_update_run(s, lf->run_id, GF_RUN_DONE, RESULT, err);
            break;
        case STEP_REPLACE:
            rc = gf_store_put_scenario(s, "corridor", "Corridor", SCEN2, strlen(SCEN2), NULL, err);
            break;
        case STEP_PRUNE:
            rc = gf_store_prune_runs(s, 1, NULL, err);
            break;
        default:
            break;
        }
        if (rc == GF_OK)
            lf->reached = step + 1;
    }
    gf_store_close(s);
}

static json_t *run_json(gf_store *s, int64_t id)
{
    char *text = NULL;
    gf_error err = {0};
    json_t *v;

    if (gf_store_get_run(s, id, 1, &text, &err) != GF_OK)
        return NULL;
    v = json_loads(text, 0, NULL);
    gf_store_free(text);
    assert_non_null(v);
    return v;
}

/* What the file holds after a life that reached lf->reached steps (the step
 * at lf->reached failed, unless the life finished). */
static void check_after(const char *path, const life *lf)
{
    gf_error err = {0};
    gf_store *s = gf_store_open(path, &err);
    char *text = NULL;
    int failed = lf->reached; /* index of the failing step, STEP_COUNT if none */
    json_t *run;
    int rc;

    assert_non_null(s);
    assert_int_equal(gf_store_schema_version(s), GF_STORE_SCHEMA_VERSION);
    assert_int_equal(gf_store_check(s, &err), GF_OK);

    /* The scenario: absent only when put never succeeded; otherwise one of
     * the two whole texts, the second only when replace was reached. */
    rc = gf_store_get_scenario(s, "corridor", &text, NULL, &err);
    if (failed <= STEP_PUT) {
        if (rc == GF_OK)
            assert_string_equal(text, SCEN1);
        else
            assert_int_equal(rc, GF_ENOTFOUND);
    } else {
        assert_int_equal(rc, GF_OK);
        if (failed > STEP_REPLACE)
            assert_string_equal(text, SCEN2);
        else if (failed == STEP_REPLACE)
            assert_true(strcmp(text, SCEN1) == 0 || strcmp(text, SCEN2) == 0);
        else
            assert_string_equal(text, SCEN1);
    }
    gf_store_free(text);
    text = NULL;

    /* The older run: failed once marked so, and gone once pruned (the
     * newest finished run is kept). */
    if (failed > STEP_OLD_RUN) {
        const char *st;
        run = run_json(s, lf->old_id);
        if (failed > STEP_PRUNE || (failed == STEP_PRUNE && !run)) {
            assert_null(run);
        } else {
            assert_non_null(run);
            st = json_string_value(json_object_get(run, "status"));
            assert_non_null(st);
            if (failed == STEP_OLD_FAIL)
                assert_true(strcmp(st, "queued") == 0 || strcmp(st, "failed") == 0);
            else
                assert_string_equal(st, "failed");
            json_decref(run);
        }
    }

    /* The run, when create_run succeeded (its id is known). */
    if (failed > STEP_CREATE_RUN) {
        const char *st;
        run = run_json(s, lf->run_id);
        assert_non_null(run);
        st = json_string_value(json_object_get(run, "status"));
        assert_non_null(st);
        if (failed == STEP_START)
            assert_true(strcmp(st, "queued") == 0 || strcmp(st, "running") == 0);
        else if (failed <= STEP_FINISH)
            assert_true(strcmp(st, "running") == 0 ||
                        (failed == STEP_FINISH && strcmp(st, "done") == 0));
        else
            assert_string_equal(st, "done");
        if (strcmp(st, "done") == 0) {
            /* never done without its result and its GeoJSON */
            assert_int_equal(gf_store_get_run_text(s, lf->run_id, "result", &text, &err), GF_OK);
            assert_string_equal(text, RESULT);
            gf_store_free(text);
            text = NULL;
            assert_int_equal(gf_store_get_run_text(s, lf->run_id, "geojson", &text, &err), GF_OK);
            assert_string_equal(text, GEOJSON);
            gf_store_free(text);
            text = NULL;
        }
        json_decref(run);
    }
    gf_store_close(s);
}

static void fault_loop(failing_vfs_kind kind)
{
    char dir[512], path[560];
    int lives = 0, by_step[STEP_COUNT + 1] = {0};

    assert_int_equal(failing_vfs_install(), 0);
    for (long n = 0;; n++) {
        life lf;
        long calls;

        temp_path(dir, sizeof dir, path, sizeof path);
        failing_vfs_arm(kind, n);
        live(path, &lf);
        calls = failing_vfs_calls();
        failing_vfs_disarm();
        lives++;
        by_step[lf.reached]++;
        if (calls <= n) {
            /* the fault was never reached: the whole life succeeded */
            assert_int_equal(lf.reached, STEP_COUNT);
            check_after(path, &lf);
            remove_store(dir, path);
            break;
        }
        if (lf.reached < STEP_COUNT) {
            if (lf.err.code != GF_EIO)
                fail_msg("write %ld failed step '%s' with code %d (%s), want GF_EIO", n,
                         step_names[lf.reached], lf.err.code, lf.err.msg);
            assert_true(lf.err.msg[0] != '\0');
        }
        check_after(path, &lf);
        remove_store(dir, path);
        assert_true(n < 100000);
    }
    print_message("%d lives; failures per step:", lives);
    for (int st = STEP_OPEN; st < STEP_COUNT; st++)
        print_message(" %s %d", step_names[st], by_step[st]);
    print_message("\n");
    /* The loop must have failed every step at least once, or it did not
     * test what it says. */
    for (int st = STEP_OPEN; st < STEP_COUNT; st++)
        if (by_step[st] == 0)
            fail_msg("no fault ever hit step '%s' (%d lives)", step_names[st], lives);
}

static void test_store_survives_a_full_disk_at_every_write(void **state)
{
    (void)state;
    fault_loop(FAILING_VFS_FULL);
}

static void test_store_survives_a_failing_disk_at_every_write_and_sync(void **state)
{
    (void)state;
    fault_loop(FAILING_VFS_IOERR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store_survives_a_full_disk_at_every_write),
        cmocka_unit_test(test_store_survives_a_failing_disk_at_every_write_and_sync),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
