/* tests/unit/test_store_crash.c: the store after a crash at every write.
 *
 * SQLite's way of testing crash recovery, in process: a forked child lives
 * a store's life through tests/support/failing_vfs.c armed to end the
 * process (_exit, as kill -9 does) at its n-th write, truncate or sync,
 * and the parent reopens the file after each crash; n runs from 0 until
 * the child's life ends before its n-th call. The life:
 *   - open a file made by the first release (schema migration 1, a
 *     scenario and a done run in it, rollback-journal mode): the open
 *     switches it to WAL and runs migrations 2..N;
 *   - store a scenario, then NRUNS runs, each created, started, given its
 *     GeoJSON and finished with a result of a few pages;
 *   - after run 2, a checkpoint forced from a second connection with
 *     PRAGMA wal_checkpoint(TRUNCATE);
 *   - the store's connection checkpoints by itself after
 *     AUTOCHECKPOINT_PAGES pages of WAL (gf_store_open_with's
 *     wal_autocheckpoint_pages; SQLite's default is 1000), so ordinary commits in the middle of the
 *     life run checkpoints too;
 *   - close (the last connection checkpoints and deletes the WAL).
 * The child reports each step that returned success on a pipe before it
 * takes the next: what it "was told had finished". After each crash the
 * parent opens the file with the healthy VFS and checks: the open
 * migrates to the current version; integrity_check and foreign_key_check
 * pass (gf_store_check); the first release's rows are there; every
 * reported step is there whole (a finished run is done with its exact
 * result and GeoJSON); the step in flight is absent or whole, never half;
 * no run appears that was not created; recovery then marks a started run
 * failed. The crash's exit status names the file written, so the test
 * also proves what it claims: crashes landed in every step, in the forced
 * checkpoint's writes to the database file, and in autocheckpoints inside
 * ordinary commits. A second loop does the same with torn writes (the
 * crashing write writes half its bytes first). A process crash loses
 * nothing the OS was given, so fsync changes nothing here: the shim skips
 * the real syncs (failing_vfs_skip_syncs), which makes a life ~20x faster
 * on a real disk, and still counts each sync as a crash point.
 * SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>

#include "grainflow/store.h"
#include "store/store_int.h"
#include "support/failing_vfs.h"
#include "support/tmpdir.h"

#define NRUNS                5
#define CHECKPOINT_AFTER_RUN 1 /* 0-based: after the second run */
#define AUTOCHECKPOINT_PAGES 30
#define RESULT_PAD           9000 /* bytes: a result spans three pages */
#define SCEN                 "{\"nodes\":[{\"id\":\"A\"}],\"v\":1}"
#define GEOJSON              "{\"type\":\"FeatureCollection\",\"features\":[]}"
#define OLD_RESULT           "{\"x\":2}"

enum {
    OP_OPEN = 0,
    OP_PUT,
    OP_CREATE,
    OP_START,
    OP_GEOJSON,
    OP_FINISH,
    OP_CHECKPOINT,
    OP_CLOSE,
    OP_COUNT
};

static const char *const op_names[OP_COUNT] = {"open and migrate", "put scenario", "create run",
                                               "start run",        "geojson",      "finish run",
                                               "checkpoint",       "close"};

/* One step the child was told had succeeded. */
typedef struct report {
    int32_t op;
    int32_t run; /* 0..NRUNS-1 for the run steps, else -1 */
    int64_t id;  /* the run's id */
} report;

/* What the parent learnt of one life. */
typedef struct life {
    report rep[4 * NRUNS + 8];
    int n;
    int64_t ids[NRUNS];
    int last_op[NRUNS]; /* the run's last reported step, -1 if none */
} life;

/* A run's result: minified JSON (the store keeps json() of it), unique per
 * run, RESULT_PAD bytes of padding. */
static char *result_text(int run)
{
    char *t = malloc(RESULT_PAD + 64);
    int k;

    assert_non_null(t);
    k = snprintf(t, 64, "{\"run\":%d,\"pad\":\"", run);
    for (int i = 0; i < RESULT_PAD; i++)
        t[k + i] = (char)('a' + (i * 7 + run) % 26);
    strcpy(t + k + RESULT_PAD, "\"}");
    return t;
}

static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* A file as the first release made it: migration 1 of the embedded schema,
 * its schema_version row, a scenario and a done run. */
static void make_version_1_file(const char *path)
{
    const char *sql = (const char *)gf__store_schema_sql;
    const char *m1 = strstr(sql, "-- migration 1");
    const char *m2 = strstr(sql, "-- migration 2");
    char *first;

    assert_non_null(m1);
    assert_non_null(m2);
    first = strndup(m1, (size_t)(m2 - m1));
    assert_non_null(first);
    raw_exec(path, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                   "applied_ms INTEGER NOT NULL); INSERT INTO schema_version VALUES (1, 0)");
    raw_exec(path, first);
    raw_exec(path, "INSERT INTO scenarios VALUES ('old', 'Old', '{\"a\":1}', 1, 1);"
                   "INSERT INTO runs(scenario_id, status, created_ms, result) "
                   "VALUES ('old', 'done', 1, '" OLD_RESULT "')");
    free(first);
}

static void say(int fd, int op, int run, int64_t id)
{
    report r = {op, run, id};

    if (write(fd, &r, sizeof r) != (ssize_t)sizeof r)
        _exit(3);
}

/* The child's life; never returns. A step that fails without a crash is a
 * bug the parent reports (exit 2). */
static void child_life(const char *path, int fd, failing_vfs_kind kind, long n)
{
    gf_error err = {0};
    gf_store *s;
    int64_t id = 0;
    const gf_store_options opts = {.wal_autocheckpoint_pages = AUTOCHECKPOINT_PAGES};

    failing_vfs_arm(kind, n);
    s = gf_store_open_with(path, &opts, &err);
    if (!s)
        goto fail;
    say(fd, OP_OPEN, -1, 0);
    if (gf_store_put_scenario(s, "corridor", "Corridor", SCEN, strlen(SCEN), NULL, &err))
        goto fail;
    say(fd, OP_PUT, -1, 0);
    for (int r = 0; r < NRUNS; r++) {
        char *res = result_text(r);
        int rc;

        if (gf_store_create_run(s, "corridor", "[]", &id, &err))
            goto fail;
        say(fd, OP_CREATE, r, id);
        if (gf_store_update_run(s, id, GF_RUN_RUNNING, NULL, &err))
            goto fail;
        say(fd, OP_START, r, id);
        if (gf_store_set_run_geojson(s, id, GEOJSON, &err))
            goto fail;
        say(fd, OP_GEOJSON, r, id);
        rc = gf_store_update_run(s, id, GF_RUN_DONE, res, &err);
        free(res);
        if (rc)
            goto fail;
        say(fd, OP_FINISH, r, id);
        if (r == CHECKPOINT_AFTER_RUN) {
            sqlite3 *db = NULL;
            int busy = -1;
            sqlite3_stmt *st = NULL;

            if (sqlite3_open(path, &db) != SQLITE_OK ||
                sqlite3_prepare_v2(db, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &st, NULL) ||
                sqlite3_step(st) != SQLITE_ROW)
                _exit(4);
            busy = sqlite3_column_int(st, 0);
            sqlite3_finalize(st);
            sqlite3_close(db);
            if (busy != 0)
                _exit(5);
            say(fd, OP_CHECKPOINT, -1, 0);
        }
    }
    gf_store_close(s);
    say(fd, OP_CLOSE, -1, 0);
    _exit(0);
fail:
    fprintf(stderr, "child: a step failed without a crash: %s\n", err.msg);
    _exit(2);
}

static void read_reports(int fd, life *lf)
{
    report r;

    memset(lf, 0, sizeof *lf);
    for (int i = 0; i < NRUNS; i++)
        lf->last_op[i] = -1;
    while (read(fd, &r, sizeof r) == (ssize_t)sizeof r) {
        assert_true(lf->n < (int)(sizeof lf->rep / sizeof lf->rep[0]));
        lf->rep[lf->n++] = r;
        if (r.run >= 0 && r.run < NRUNS) {
            lf->ids[r.run] = r.id;
            lf->last_op[r.run] = r.op;
        }
    }
}

static int reported(const life *lf, int op)
{
    for (int i = 0; i < lf->n; i++)
        if (lf->rep[i].op == op)
            return 1;
    return 0;
}

/* The step that was running when the child stopped. */
static int op_in_flight(const life *lf)
{
    int last;

    if (lf->n == 0)
        return OP_OPEN;
    last = lf->rep[lf->n - 1].op;
    switch (last) {
    case OP_OPEN:
        return OP_PUT;
    case OP_PUT:
        return OP_CREATE;
    case OP_FINISH:
        if (lf->rep[lf->n - 1].run == CHECKPOINT_AFTER_RUN)
            return OP_CHECKPOINT;
        return lf->rep[lf->n - 1].run == NRUNS - 1 ? OP_CLOSE : OP_CREATE;
    case OP_CHECKPOINT:
        return OP_CREATE;
    case OP_CLOSE:
        return OP_COUNT;
    default:
        return last + 1; /* create -> start -> geojson -> finish */
    }
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

static void expect_run_text(gf_store *s, int64_t id, const char *what, const char *want)
{
    char *text = NULL;
    gf_error err = {0};

    assert_int_equal(gf_store_get_run_text(s, id, what, &text, &err), GF_OK);
    assert_string_equal(text, want);
    gf_store_free(text);
}

/* A run the child created: whole as far as it was told, and never half.
 * Returns 1 when it is unfinished (queued or running). */
static int check_run(gf_store *s, const life *lf, int r)
{
    json_t *run = run_json(s, lf->ids[r]);
    const char *st;
    char *res;
    int unfinished;

    assert_non_null(run);
    st = json_string_value(json_object_get(run, "status"));
    assert_non_null(st);
    if (lf->last_op[r] == OP_FINISH)
        assert_string_equal(st, "done");
    else if (lf->last_op[r] == OP_CREATE)
        assert_true(strcmp(st, "queued") == 0 || strcmp(st, "running") == 0);
    else
        assert_true(strcmp(st, "running") == 0 ||
                    (lf->last_op[r] == OP_GEOJSON && strcmp(st, "done") == 0));
    if (lf->last_op[r] >= OP_GEOJSON)
        expect_run_text(s, lf->ids[r], "geojson", GEOJSON);
    if (strcmp(st, "done") == 0) {
        res = result_text(r);
        expect_run_text(s, lf->ids[r], "result", res);
        free(res);
    }
    unfinished = strcmp(st, "done") != 0;
    json_decref(run);
    return unfinished;
}

/* What the file holds after the child stopped. */
static void check_after(const char *path, const life *lf)
{
    gf_error err = {0};
    gf_store *s = gf_store_open(path, &err);
    char *text = NULL;
    json_t *run;
    int64_t next = 2, n = -1; /* the first release's run is id 1 */
    int unfinished = 0;

    if (!s)
        fail_msg("the store does not open after the crash: %s", err.msg);
    assert_int_equal(gf_store_schema_version(s), GF_STORE_SCHEMA_VERSION);
    if (gf_store_check(s, &err) != GF_OK)
        fail_msg("integrity after the crash: %s", err.msg);

    /* the first release's rows survive the migrations, whatever stopped them */
    assert_int_equal(gf_store_get_scenario(s, "old", &text, NULL, &err), GF_OK);
    assert_string_equal(text, "{\"a\":1}");
    gf_store_free(text);
    text = NULL;
    expect_run_text(s, 1, "result", OLD_RESULT);

    if (reported(lf, OP_PUT)) {
        assert_int_equal(gf_store_get_scenario(s, "corridor", &text, NULL, &err), GF_OK);
        assert_string_equal(text, SCEN);
        gf_store_free(text);
        text = NULL;
    }
    for (int r = 0; r < NRUNS; r++) {
        if (lf->last_op[r] < 0)
            continue;
        assert_int_equal(lf->ids[r], next);
        unfinished += check_run(s, lf, r);
        next++;
    }
    /* a run whose create was in flight: queued or absent; none after it */
    run = run_json(s, next);
    if (run) {
        assert_int_equal(op_in_flight(lf), OP_CREATE);
        assert_string_equal(json_string_value(json_object_get(run, "status")), "queued");
        json_decref(run);
        unfinished++;
        next++;
    }
    assert_null(run_json(s, next));
    /* recovery fails exactly the unfinished runs */
    assert_int_equal(gf_store_recover(s, &n, &err), GF_OK);
    assert_int_equal(n, unfinished);
    gf_store_close(s);
}

static void remove_store(const char *dir, const char *path)
{
    char p[600];
    const char *ext[] = {"-wal", "-shm", "-journal", ".lock"};

    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        snprintf(p, sizeof p, "%s%s", path, ext[i]);
        unlink(p);
    }
    unlink(path);
    rmdir(dir);
}

static void crash_loop(failing_vfs_kind kind)
{
    char dir[512], path[560];
    int lives = 0, by_op[OP_COUNT + 1] = {0}, db_in_commit = 0, db_in_checkpoint = 0;
    int wal_writes = 0, syncs = 0;

    assert_int_equal(failing_vfs_install(), 0);
    failing_vfs_skip_syncs(1);
    for (long n = 0;; n++) {
        int fds[2], status = 0, code, op;
        pid_t pid;
        life lf;

        test_tmp_template(dir, sizeof dir, "gf_test_store_crash");
        assert_non_null(mkdtemp(dir));
        snprintf(path, sizeof path, "%s/store.db", dir);
        make_version_1_file(path);
        assert_int_equal(pipe(fds), 0);
        fflush(NULL);
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            child_life(path, fds[1], kind, n);
        }
        close(fds[1]);
        read_reports(fds[0], &lf);
        close(fds[0]);
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status));
        code = WEXITSTATUS(status);
        lives++;
        op = op_in_flight(&lf);
        if (code == 0) {
            assert_int_equal(op, OP_COUNT);
            check_after(path, &lf);
            remove_store(dir, path);
            break;
        }
        if (code < FAILING_VFS_EXIT || code >= FAILING_VFS_EXIT + 2 * FAILING_VFS_EXIT_SYNC)
            fail_msg("call %ld: the child exited %d, not at a crash point", n, code);
        by_op[op]++;
        code -= FAILING_VFS_EXIT;
        if (code >= FAILING_VFS_EXIT_SYNC) {
            syncs++;
            code -= FAILING_VFS_EXIT_SYNC;
        }
        /* in WAL mode the database file itself is written only by a checkpoint */
        if (code == FAILING_VFS_DB && op == OP_CHECKPOINT)
            db_in_checkpoint++;
        else if (code == FAILING_VFS_DB && op >= OP_PUT && op <= OP_FINISH)
            db_in_commit++;
        wal_writes += code == FAILING_VFS_WAL;
        check_after(path, &lf);
        remove_store(dir, path);
        assert_true(n < 20000);
    }
    print_message("%d lives; crashes on a WAL %d, in a sync %d, in the database file during the "
                  "forced checkpoint %d and during commits (autocheckpoint) %d; per step:",
                  lives, wal_writes, syncs, db_in_checkpoint, db_in_commit);
    for (int op = OP_OPEN; op < OP_COUNT; op++)
        print_message(" %s %d", op_names[op], by_op[op]);
    print_message("\n");
    for (int op = OP_OPEN; op < OP_COUNT; op++)
        if (by_op[op] == 0)
            fail_msg("no crash ever hit step '%s' (%d lives)", op_names[op], lives);
    assert_true(db_in_checkpoint > 0);
    assert_true(db_in_commit > 0);
    assert_true(wal_writes > 0);
    assert_true(syncs > 0);
    failing_vfs_skip_syncs(0);
}

static void test_store_survives_a_crash_at_every_write_and_sync(void **state)
{
    (void)state;
    crash_loop(FAILING_VFS_CRASH);
}

static void test_store_survives_a_torn_write_at_every_write(void **state)
{
    (void)state;
    crash_loop(FAILING_VFS_TORN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store_survives_a_crash_at_every_write_and_sync),
        cmocka_unit_test(test_store_survives_a_torn_write_at_every_write),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
