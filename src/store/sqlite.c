/* src/store/sqlite.c: the scenario and run store on SQLite.
 *
 * The only file that includes sqlite3.h. Opening sets WAL, foreign keys and a
 * busy timeout, then migrates: the embedded schema.sql is split at its
 * "-- migration N" lines and every migration above the recorded version runs
 * in one IMMEDIATE transaction with its schema_version row, so a crash leaves
 * the file at the previous version. Every statement is prepared once per
 * handle with bound parameters. JSON validity is checked by SQLite's own
 * json_valid() in CHECK constraints, so a bad text fails the statement and
 * changes nothing; list answers are built by json_group_array in SQL.
 * A stored result (the largest text by far) is minified once on the way in
 * (json(), checked by json_valid) and never parsed again on the way out: a
 * run's answer splices the stored text into its object as it is, and
 * gf_store_get_run_text returns it byte for byte.
 * SQLite allocates through the library's hook (gf_malloc), so the tests'
 * fail-at-N loops fail SQLite's own allocations too.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grainflow/alloc.h"
#include "grainflow/store.h"
#include "store/store_int.h"

#define BUSY_TIMEOUT_MS 10000

enum {
    ST_PUT_SCENARIO = 0,
    ST_SCENARIO_EXISTS,
    ST_GET_SCENARIO,
    ST_LIST_SCENARIOS,
    ST_DELETE_SCENARIO,
    ST_CREATE_RUN,
    ST_RUN_STATUS,
    ST_UPDATE_RUN,
    ST_GET_RUN,
    ST_LIST_RUNS,
    ST_LIST_RUNS_OF,
    ST_RECOVER,
    ST_SET_GEOJSON,
    ST_GET_RESULT,
    ST_GET_GEOJSON,
    ST_CREATE_SCENARIO,
    ST_RUN_INPUT,
    ST_PRUNE_RUNS,
    ST_SWEEP_FIND,
    ST_SWEEP_DELETE,
    ST_SWEEP_CREATE,
    ST_SWEEP_PUT_RUN,
    ST_SWEEP_PUT_VALUE,
    ST_SWEEP_DONE,
    ST_SWEEP_ROW,
    ST_SWEEP_STATS,
    ST_SWEEP_NTH,
    ST_SWEEP_SERVER_CREATE,
    ST_SWEEP_UPDATE,
    ST_SWEEP_STATUS,
    ST_SWEEP_GET,
    ST_SWEEP_LIST,
    ST_SWEEP_TABLE,
    ST_SWEEP_RECOVER,
    ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
    [ST_PUT_SCENARIO] = "INSERT INTO scenarios(id, name, body, created_ms, updated_ms) "
                        "VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT(id) DO UPDATE SET "
                        "name = excluded.name, body = excluded.body, updated_ms = ?4",
    [ST_SCENARIO_EXISTS] = "SELECT 1 FROM scenarios WHERE id = ?1",
    [ST_GET_SCENARIO] = "SELECT body FROM scenarios WHERE id = ?1",
    [ST_LIST_SCENARIOS] =
        "SELECT json_group_array(json_object('id', id, 'name', name, 'created_ms', created_ms, "
        "'updated_ms', updated_ms, 'runs', (SELECT count(*) FROM runs r WHERE r.scenario_id = "
        "s.id))) FROM (SELECT * FROM scenarios ORDER BY id) s",
    [ST_DELETE_SCENARIO] = "DELETE FROM scenarios WHERE id = ?1",
    [ST_CREATE_RUN] = "INSERT INTO runs(scenario_id, edits, status, created_ms) "
                      "VALUES (?1, ?2, 'queued', ?3)",
    [ST_RUN_STATUS] = "SELECT status FROM runs WHERE id = ?1",
    [ST_UPDATE_RUN] = "UPDATE runs SET status = ?2, "
                      "started_ms = CASE WHEN ?2 = 'running' THEN ?3 ELSE started_ms END, "
                      "finished_ms = CASE WHEN ?2 IN ('done', 'failed') THEN ?3 "
                      "ELSE finished_ms END, "
                      "result = CASE WHEN ?2 = 'done' THEN json(?4) ELSE result END, "
                      "error = CASE WHEN ?2 = 'failed' THEN json(?4) ELSE error END "
                      "WHERE id = ?1 AND status NOT IN ('done', 'failed')",
    [ST_GET_RUN] = "SELECT json_object('id', id, 'scenario', scenario_id, 'edits', json(edits), "
                   "'status', status, 'created_ms', created_ms, 'started_ms', started_ms, "
                   "'finished_ms', finished_ms, 'duration_ms', finished_ms - started_ms, "
                   "'error', json(error)), CASE WHEN ?2 THEN result END "
                   "FROM runs WHERE id = ?1",
    [ST_LIST_RUNS] = "SELECT json_group_array(json_object('id', id, 'scenario', scenario_id, "
                     "'edits', json(edits), 'status', status, 'created_ms', created_ms, "
                     "'duration_ms', finished_ms - started_ms)) FROM (SELECT * FROM runs "
                     "ORDER BY id DESC LIMIT ?1)",
    [ST_LIST_RUNS_OF] = "SELECT json_group_array(json_object('id', id, 'scenario', scenario_id, "
                        "'edits', json(edits), 'status', status, 'created_ms', created_ms, "
                        "'duration_ms', finished_ms - started_ms)) FROM (SELECT * FROM runs "
                        "WHERE scenario_id = ?2 ORDER BY id DESC LIMIT ?1)",
    [ST_RECOVER] = "UPDATE runs SET status = 'failed', finished_ms = ?1, error = json_object("
                   "'title', 'interrupted', 'detail', 'the server stopped before the run "
                   "finished') WHERE status IN ('queued', 'running')",
    [ST_SET_GEOJSON] = "UPDATE runs SET geojson = ?2 WHERE id = ?1",
    [ST_GET_RESULT] = "SELECT result FROM runs WHERE id = ?1 AND result IS NOT NULL",
    [ST_GET_GEOJSON] = "SELECT geojson FROM runs WHERE id = ?1 AND geojson IS NOT NULL",
    [ST_CREATE_SCENARIO] = "INSERT INTO scenarios(id, name, body, created_ms, updated_ms) "
                           "VALUES (?1, ?2, ?3, ?4, ?4)",
    [ST_PRUNE_RUNS] = "DELETE FROM runs WHERE status IN ('done', 'failed') AND id < (SELECT "
                      "min(id) FROM (SELECT id FROM runs WHERE status IN ('done', 'failed') "
                      "ORDER BY id DESC LIMIT ?1))",
    [ST_RUN_INPUT] = "SELECT r.status, s.updated_ms > r.created_ms, s.body, r.edits FROM runs r "
                     "JOIN scenarios s ON s.id = r.scenario_id WHERE r.id = ?1",
    [ST_SWEEP_FIND] = "SELECT id, header, runs FROM sweeps WHERE spec = ?1 AND scenario = ?2 "
                      "AND status IS NULL",
    [ST_SWEEP_DELETE] = "DELETE FROM sweeps WHERE spec = ?1 AND scenario = ?2 AND status IS NULL",
    [ST_SWEEP_CREATE] = "INSERT INTO sweeps(spec, scenario, header, runs, created_ms) "
                        "VALUES (?1, ?2, ?3, ?4, ?5)",
    [ST_SWEEP_PUT_RUN] = "INSERT OR REPLACE INTO sweep_runs(sweep_id, run, ok, row) "
                         "VALUES (?1, ?2, ?3, ?4)",
    [ST_SWEEP_PUT_VALUE] = "INSERT OR REPLACE INTO sweep_values(sweep_id, k, v, run) "
                           "VALUES (?1, ?2, ?3, ?4)",
    [ST_SWEEP_DONE] = "SELECT run FROM sweep_runs WHERE sweep_id = ?1",
    [ST_SWEEP_ROW] = "SELECT row FROM sweep_runs WHERE sweep_id = ?1 AND run = ?2",
    [ST_SWEEP_STATS] = "SELECT count(*), avg(v), total(v > 0) FROM sweep_values "
                       "WHERE sweep_id = ?1 AND k = ?2",
    [ST_SWEEP_NTH] = "SELECT v FROM sweep_values WHERE sweep_id = ?1 AND k = ?2 "
                     "ORDER BY v LIMIT 1 OFFSET ?3",
    [ST_SWEEP_SERVER_CREATE] = "INSERT INTO sweeps(spec, scenario, header, runs, created_ms, "
                               "scenario_id, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'queued')",
    [ST_SWEEP_UPDATE] = "UPDATE sweeps SET status = ?2, "
                        "started_ms = CASE WHEN ?2 = 'running' THEN ?3 ELSE started_ms END, "
                        "finished_ms = CASE WHEN ?2 IN ('done', 'failed') THEN ?3 "
                        "ELSE finished_ms END, "
                        "result = CASE WHEN ?2 = 'done' THEN json(?4) ELSE result END, "
                        "error = CASE WHEN ?2 = 'failed' THEN json(?4) ELSE error END "
                        "WHERE id = ?1 AND status IN ('queued', 'running')",
    [ST_SWEEP_STATUS] = "SELECT status FROM sweeps WHERE id = ?1 AND status IS NOT NULL",
    [ST_SWEEP_GET] =
        "SELECT json_object('id', id, 'scenario', scenario_id, 'status', status, 'runs', runs, "
        "'runs_done', d, 'runs_per_s', CASE WHEN started_ms IS NOT NULL THEN round(d * 1000.0 / "
        "max(1, coalesce(finished_ms, ?2) - started_ms), 1) END, 'created_ms', created_ms, "
        "'started_ms', started_ms, 'finished_ms', finished_ms, 'spec', json(spec), 'error', "
        "json(error), 'result', json(result)) FROM (SELECT *, (SELECT count(*) FROM sweep_runs r "
        "WHERE r.sweep_id = s.id) AS d FROM sweeps s WHERE id = ?1 AND status IS NOT NULL)",
    [ST_SWEEP_LIST] = "SELECT json_group_array(json_object('id', id, 'scenario', scenario_id, "
                      "'status', status, 'runs', runs, 'created_ms', created_ms, 'finished_ms', "
                      "finished_ms)) FROM (SELECT * FROM sweeps WHERE status IS NOT NULL "
                      "ORDER BY id DESC LIMIT ?1)",
    [ST_SWEEP_TABLE] = "SELECT header || coalesce((SELECT group_concat(row, '') FROM (SELECT row "
                       "FROM sweep_runs WHERE sweep_id = ?1 ORDER BY run)), '') FROM sweeps "
                       "WHERE id = ?1 AND status IS NOT NULL",
    [ST_SWEEP_RECOVER] = "UPDATE sweeps SET status = 'failed', finished_ms = ?1, error = "
                         "json_object('title', 'interrupted', 'detail', 'the server stopped "
                         "before the sweep finished') WHERE status IN ('queued', 'running')",
};

struct gf_store {
    sqlite3 *db;
    sqlite3_stmt *st[ST_COUNT];
};

/* ---- SQLite's memory through the library's allocation hook ----
 * SQLite asks for blocks and later frees them without a size, and asks a
 * block's size back (xSize); gf_free wants the size. Each block carries its
 * size in an 8-byte header (which keeps SQLite's 8-byte alignment), so every
 * free is told the size allocated. Installed once, before SQLite's first
 * use by the store; a process that started SQLite before (sqlite3_config
 * then answers SQLITE_MISUSE) keeps SQLite's own allocator. */

#define MEM_HDR 8

static void *mem_malloc(int n)
{
    size_t size = (size_t)(n > 0 ? n : 1);
    unsigned char *p = gf_malloc(size + MEM_HDR);

    if (!p)
        return NULL;
    memcpy(p, &size, sizeof size);
    return p + MEM_HDR;
}

static size_t mem_size_of(void *p)
{
    size_t size;

    memcpy(&size, (unsigned char *)p - MEM_HDR, sizeof size);
    return size;
}

static void mem_free(void *p)
{
    if (p)
        gf_free((unsigned char *)p - MEM_HDR, mem_size_of(p) + MEM_HDR);
}

static void *mem_realloc(void *p, int n)
{
    size_t size = (size_t)(n > 0 ? n : 1);
    unsigned char *q;

    if (!p)
        return mem_malloc(n);
    q = gf_realloc((unsigned char *)p - MEM_HDR, mem_size_of(p) + MEM_HDR, size + MEM_HDR);
    if (!q)
        return NULL; /* the old block stays, as SQLite expects */
    memcpy(q, &size, sizeof size);
    return q + MEM_HDR;
}

static int mem_size(void *p)
{
    return p ? (int)mem_size_of(p) : 0;
}

static int mem_roundup(int n)
{
    return (n + 7) & ~7;
}

static int mem_init(void *ud)
{
    (void)ud;
    return SQLITE_OK;
}

static void mem_shutdown(void *ud)
{
    (void)ud;
}

static void install_allocator(void)
{
    static const sqlite3_mem_methods methods = {mem_malloc,  mem_free, mem_realloc,  mem_size,
                                                mem_roundup, mem_init, mem_shutdown, NULL};

    sqlite3_config(SQLITE_CONFIG_MALLOC, &methods);
}

static pthread_once_t allocator_once = PTHREAD_ONCE_INIT;

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Record SQLite's message for rc as a gf_error: GF_EINVAL for a broken
 * constraint (the input was refused), GF_ENOMEM, GF_EIO otherwise. */
static int db_fail(gf_store *s, int rc, const char *what, gf_error *err)
{
    int code = GF_EIO;
    int primary = rc & 0xff;

    if (primary == SQLITE_CONSTRAINT)
        code = GF_EINVAL;
    else if (primary == SQLITE_NOMEM || rc == SQLITE_IOERR_NOMEM)
        code = GF_ENOMEM;
    else if (primary == SQLITE_TOOBIG)
        code = GF_ELIMIT;
    return gf_fail(err, code, "store: %s: %s", what,
                   s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
}

static char *dup_text(const unsigned char *t, size_t len)
{
    char *p = gf_malloc(len + 1);

    if (!p)
        return NULL;
    if (len)
        memcpy(p, t, len);
    p[len] = '\0';
    return p;
}

void gf_store_free(char *text)
{
    if (text)
        gf_free(text, strlen(text) + 1);
}

const char *gf_run_status_name(gf_run_status st)
{
    switch (st) {
    case GF_RUN_QUEUED:
        return "queued";
    case GF_RUN_RUNNING:
        return "running";
    case GF_RUN_DONE:
        return "done";
    case GF_RUN_FAILED:
        return "failed";
    }
    return "unknown";
}

int gf_store_id_is_valid(const char *id)
{
    size_t n;

    if (!id || !id[0] || id[0] == '.')
        return 0;
    for (n = 0; id[n]; n++) {
        char c = id[n];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '.';
        if (!ok || n >= GF_STORE_MAX_ID)
            return 0;
    }
    return 1;
}

/* Execute sql (no parameters, trusted text from this file or schema.sql). */
static int exec_sql(gf_store *s, const char *sql, const char *what, gf_error *err)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

    return rc == SQLITE_OK ? GF_OK : db_fail(s, rc, what, err);
}

/* The highest version in schema_version, 0 for a new file, in *version. */
static int read_version(gf_store *s, int *version, gf_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;

    rc = sqlite3_prepare_v2(s->db, "SELECT coalesce(max(version), 0) FROM schema_version", -1, &st,
                            NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        rc = db_fail(s, rc, "reading the schema version", err);
        goto out;
    }
    *version = sqlite3_column_int(st, 0);
    rc = GF_OK;
out:
    sqlite3_finalize(st);
    return rc;
}

/* Run the text of one migration and record its number, in one transaction. */
static int apply_migration(gf_store *s, int number, const char *sql, gf_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;

    rc = exec_sql(s, "BEGIN IMMEDIATE", "starting a migration", err);
    if (rc)
        return rc;
    rc = exec_sql(s, sql, "running a migration", err);
    if (rc)
        goto out;
    rc = sqlite3_prepare_v2(
        s->db, "INSERT INTO schema_version(version, applied_ms) VALUES (?1, ?2)", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int(st, 1, number);
        sqlite3_bind_int64(st, 2, now_ms());
        rc = sqlite3_step(st);
    }
    rc = rc == SQLITE_DONE ? GF_OK : db_fail(s, rc, "recording a migration", err);
    if (!rc)
        rc = exec_sql(s, "COMMIT", "committing a migration", err);
out:
    sqlite3_finalize(st);
    if (rc)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* The number after "-- migration " at the start of line p, or -1. */
static int migration_number(const char *p)
{
    static const char tag[] = "-- migration ";
    char *end = NULL;
    long n;

    if (strncmp(p, tag, sizeof tag - 1) != 0)
        return -1;
    errno = 0;
    n = strtol(p + sizeof tag - 1, &end, 10);
    if (errno || end == p + sizeof tag - 1 || n < 1 || n > INT_MAX)
        return -1;
    return (int)n;
}

/* Copy the text of migration number (up to the next marker) into a NUL-
 * terminated owned buffer *sql; GF_OK with *sql NULL when there is none. */
static int migration_text(int number, char **sql, size_t *size, gf_error *err)
{
    const char *text = (const char *)gf__store_schema_sql;
    const char *start = NULL, *end = text + gf__store_schema_sql_len, *p = text;

    *sql = NULL;
    while (p < end) {
        int n = migration_number(p);
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (n > 0 && start) {
            end = p;
            break;
        }
        if (n == number)
            start = nl ? nl + 1 : end;
        p = nl ? nl + 1 : end;
    }
    if (!start)
        return GF_OK;
    *size = (size_t)(end - start) + 1;
    *sql = dup_text((const unsigned char *)start, (size_t)(end - start));
    return *sql ? GF_OK : gf_fail(err, GF_ENOMEM, "store: out of memory reading the schema");
}

static int migrate(gf_store *s, gf_error *err)
{
    int version = 0, rc;

    rc = exec_sql(s,
                  "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                  "applied_ms INTEGER NOT NULL)",
                  "creating schema_version", err);
    if (!rc)
        rc = read_version(s, &version, err);
    if (rc)
        return rc;
    if (version > GF_STORE_SCHEMA_VERSION)
        return gf_fail(err, GF_ESTATE,
                       "store: the database has schema version %d, newer than this grainflow "
                       "(%d); use a newer grainflow or another --db file",
                       version, GF_STORE_SCHEMA_VERSION);
    for (int v = version + 1; v <= GF_STORE_SCHEMA_VERSION && !rc; v++) {
        char *sql = NULL;
        size_t size = 0;
        rc = migration_text(v, &sql, &size, err);
        if (!rc && !sql)
            rc = gf_fail(err, GF_EINTERNAL, "store: schema.sql has no migration %d", v);
        if (!rc)
            rc = apply_migration(s, v, sql, err);
        gf_free(sql, size);
    }
    return rc;
}

static int prepare_all(gf_store *s, gf_error *err)
{
    for (int i = 0; i < ST_COUNT; i++) {
        int rc =
            sqlite3_prepare_v3(s->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL);
        if (rc != SQLITE_OK)
            return db_fail(s, rc, "preparing a statement", err);
    }
    return GF_OK;
}

void gf_store_close(gf_store *s)
{
    if (!s)
        return;
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(s->st[i]);
    sqlite3_close(s->db);
    gf_free(s, sizeof *s);
}

gf_store *gf_store_open(const char *path, gf_error *err)
{
    return gf_store_open_with(path, NULL, err);
}

gf_store *gf_store_open_with(const char *path, const gf_store_options *opts, gf_error *err)
{
    gf_store *s = NULL;
    int rc;

    if (!path || !path[0]) {
        gf_fail(err, GF_EINVAL, "store: no database path given");
        return NULL;
    }
    if (opts && opts->wal_autocheckpoint_pages < 0) {
        gf_fail(err, GF_EINVAL,
                "store: wal_autocheckpoint_pages must be 0 (SQLite's default) or more (got %d)",
                opts->wal_autocheckpoint_pages);
        return NULL;
    }
    pthread_once(&allocator_once, install_allocator);
    s = gf_calloc(1, sizeof *s);
    if (!s) {
        gf_fail(err, GF_ENOMEM, "store: out of memory");
        return NULL;
    }
    rc = sqlite3_open_v2(path, &s->db,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        rc = db_fail(s, rc, "opening the database", err);
        goto out;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    if (opts && opts->wal_autocheckpoint_pages > 0)
        sqlite3_wal_autocheckpoint(s->db, opts->wal_autocheckpoint_pages);
    rc = exec_sql(s, "PRAGMA journal_mode = WAL", "setting WAL mode", err);
    if (!rc)
        rc = exec_sql(s, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL",
                      "setting foreign keys", err);
    if (!rc)
        rc = migrate(s, err);
    if (!rc)
        rc = prepare_all(s, err);
out:
    if (rc) {
        gf_error_at(err, path, 0, 0);
        gf_store_close(s);
        return NULL;
    }
    return s;
}

int gf_store_schema_version(gf_store *s)
{
    int v = 0;

    if (!s || read_version(s, &v, NULL))
        return -1;
    return v;
}

/* Step a one-row-answer statement st and copy column 0 (text) into *out. */
static int step_text(gf_store *s, sqlite3_stmt *st, char **out, size_t *len, const char *what,
                     gf_error *err)
{
    int rc = sqlite3_step(st);

    *out = NULL;
    if (rc == SQLITE_DONE)
        return GF_ENOTFOUND;
    if (rc != SQLITE_ROW)
        return db_fail(s, rc, what, err);
    const unsigned char *t = sqlite3_column_text(st, 0);
    size_t n = (size_t)sqlite3_column_bytes(st, 0);
    if (!t)
        return gf_fail(err, GF_ENOMEM, "store: out of memory (%s)", what);
    *out = dup_text(t, n);
    if (!*out)
        return gf_fail(err, GF_ENOMEM, "store: out of memory (%s)", what);
    if (len)
        *len = n;
    return GF_OK;
}

int gf_store_check(gf_store *s, gf_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;

    if (!s)
        return gf_fail(err, GF_EINVAL, "gf_store_check: NULL store");
    rc = sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL);
    if (rc != SQLITE_OK) {
        rc = db_fail(s, rc, "integrity_check", err);
        goto out;
    }
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        rc = db_fail(s, rc, "integrity_check", err);
        goto out;
    }
    const char *res = (const char *)sqlite3_column_text(st, 0);
    if (!res || strcmp(res, "ok") != 0) {
        rc = gf_fail(err, GF_EIO, "store: integrity_check: %s", res ? res : "(no answer)");
        goto out;
    }
    sqlite3_finalize(st);
    st = NULL;
    rc = sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        rc = gf_fail(err, GF_EIO, "store: foreign_key_check: a row of %s has no parent",
                     (const char *)sqlite3_column_text(st, 0));
    else if (rc != SQLITE_DONE)
        rc = db_fail(s, rc, "foreign_key_check", err);
    else
        rc = GF_OK;
out:
    sqlite3_finalize(st);
    return rc;
}

static int sweep_step(gf_store *s, int i, const char *what, gf_error *err);

int gf_store_recover(gf_store *s, int64_t *n, gf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!s)
        return gf_fail(err, GF_EINVAL, "gf_store_recover: NULL store");
    st = s->st[ST_RECOVER];
    sqlite3_bind_int64(st, 1, now_ms());
    rc = sqlite3_step(st);
    rc = rc == SQLITE_DONE ? GF_OK : db_fail(s, rc, "recovering runs", err);
    if (!rc && n)
        *n = sqlite3_changes64(s->db);
    sqlite3_reset(st);
    if (!rc) { /* the server's sweeps, as its runs */
        sqlite3_bind_int64(s->st[ST_SWEEP_RECOVER], 1, now_ms());
        rc = sweep_step(s, ST_SWEEP_RECOVER, "recovering sweeps", err);
        if (!rc && n)
            *n += sqlite3_changes64(s->db);
    }
    return rc;
}

static int check_text(const char *what, const char *text, size_t len, gf_error *err)
{
    if (!text)
        return gf_fail(err, GF_EINVAL, "store: no %s given", what);
    if (len > GF_STORE_MAX_TEXT || len > INT_MAX)
        return gf_fail(err, GF_ELIMIT, "store: %s of %zu bytes is over the limit of %zu bytes",
                       what, len, GF_STORE_MAX_TEXT);
    return GF_OK;
}

static int check_scenario_args(gf_store *s, const char *id, const char *json, size_t len,
                               gf_error *err)
{
    if (!s)
        return gf_fail(err, GF_EINVAL, "store: NULL store");
    if (!gf_store_id_is_valid(id))
        return gf_fail(err, GF_EINVAL,
                       "store: scenario id \"%.64s\" is not valid; use 1 to 64 letters, digits, "
                       "'_', '-' or '.', not starting with '.'",
                       id ? id : "");
    return check_text("scenario JSON", json, len, err);
}

/* Bind and step the insert or upsert st; GF_ESTATE for an existing id
 * (plain insert), GF_EINVAL for text that is not JSON. */
static int write_scenario(gf_store *s, sqlite3_stmt *st, const char *id, const char *name,
                          const char *json, size_t len, gf_error *err)
{
    int rc;

    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name ? name : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, json, (int)len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, now_ms());
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE)
        rc = GF_OK;
    else if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        rc = gf_fail(err, GF_ESTATE,
                     "a scenario with id \"%.64s\" exists; PUT /api/v1/scenarios/{id} replaces it",
                     id);
    else if ((rc & 0xff) == SQLITE_CONSTRAINT)
        rc = gf_fail(err, GF_EINVAL, "store: the scenario body is not valid JSON");
    else
        rc = db_fail(s, rc, "storing a scenario", err);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

int gf_store_put_scenario(gf_store *s, const char *id, const char *name, const char *json,
                          size_t len, int *created, gf_error *err)
{
    sqlite3_stmt *ex;
    int rc = check_scenario_args(s, id, json, len, err);

    if (rc)
        return rc;
    ex = s->st[ST_SCENARIO_EXISTS];
    sqlite3_bind_text(ex, 1, id, -1, SQLITE_STATIC);
    rc = sqlite3_step(ex);
    if (created)
        *created = rc == SQLITE_DONE;
    sqlite3_reset(ex);
    return write_scenario(s, s->st[ST_PUT_SCENARIO], id, name, json, len, err);
}

int gf_store_create_scenario(gf_store *s, const char *id, const char *name, const char *json,
                             size_t len, gf_error *err)
{
    int rc = check_scenario_args(s, id, json, len, err);

    return rc ? rc : write_scenario(s, s->st[ST_CREATE_SCENARIO], id, name, json, len, err);
}

int gf_store_get_scenario(gf_store *s, const char *id, char **json, size_t *len, gf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!s || !id || !json)
        return gf_fail(err, GF_EINVAL, "gf_store_get_scenario: NULL argument");
    st = s->st[ST_GET_SCENARIO];
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    rc = step_text(s, st, json, len, "reading a scenario", err);
    if (rc == GF_ENOTFOUND)
        gf_fail(err, rc, "no scenario with id \"%.64s\"", id);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

int gf_store_list_scenarios(gf_store *s, char **json, gf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!s || !json)
        return gf_fail(err, GF_EINVAL, "gf_store_list_scenarios: NULL argument");
    st = s->st[ST_LIST_SCENARIOS];
    rc = step_text(s, st, json, NULL, "listing scenarios", err);
    sqlite3_reset(st);
    return rc;
}

int gf_store_delete_scenario(gf_store *s, const char *id, gf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!s || !id)
        return gf_fail(err, GF_EINVAL, "gf_store_delete_scenario: NULL argument");
    st = s->st[ST_DELETE_SCENARIO];
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
        rc = db_fail(s, rc, "deleting a scenario", err);
    else if (sqlite3_changes(s->db) == 0)
        rc = gf_fail(err, GF_ENOTFOUND, "no scenario with id \"%.64s\"", id);
    else
        rc = GF_OK;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

int gf_store_create_run(gf_store *s, const char *scenario_id, const char *edits_json,
                        int64_t *run_id, gf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!s || !scenario_id || !run_id)
        return gf_fail(err, GF_EINVAL, "gf_store_create_run: NULL argument");
    if (!edits_json)
        edits_json = "[]";
    rc = check_text("edits JSON", edits_json, strlen(edits_json), err);
    if (rc)
        return rc;
    st = s->st[ST_CREATE_RUN];
    sqlite3_bind_text(st, 1, scenario_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, edits_json, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, now_ms());
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        *run_id = sqlite3_last_insert_rowid(s->db);
        rc = GF_OK;
    } else if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
        rc = gf_fail(err, GF_ENOTFOUND, "no scenario with id \"%.64s\"", scenario_id);
    } else if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        rc = gf_fail(err, GF_EINVAL, "store: the edits are not a JSON array");
    } else {
        rc = db_fail(s, rc, "creating a run", err);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

/* A run or a server sweep: the two share one life (queued, running, then
 * done or failed, final), so one update and one status reader serve both. */
typedef struct job_kind {
    const char *noun;               /* "run", "sweep" */
    const char *reading, *updating; /* what db_fail says it was doing */
    const char *result;             /* what check_text names */
    int update, status;             /* statements: update if not finished; status by id */
    bool lock;                      /* take the write lock first (sweeps: see job_update) */
} job_kind;

static const job_kind run_kind = {
    "run", "reading a run", "updating a run", "run result JSON", ST_UPDATE_RUN, ST_RUN_STATUS,
    false};
static const job_kind sweep_kind = {"sweep",
                                    "reading a sweep",
                                    "updating a sweep",
                                    "sweep result JSON",
                                    ST_SWEEP_UPDATE,
                                    ST_SWEEP_STATUS,
                                    true};

/* The status of job id in *status; GF_ENOTFOUND when there is no such job. */
static int job_status(gf_store *s, const job_kind *k, int64_t id, char *status, size_t size,
                      gf_error *err)
{
    sqlite3_stmt *st = s->st[k->status];
    int rc;

    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(status, size, "%s", (const char *)sqlite3_column_text(st, 0));
        rc = GF_OK;
    } else if (rc == SQLITE_DONE) {
        rc = gf_fail(err, GF_ENOTFOUND, "no %s with id %lld", k->noun, (long long)id);
    } else {
        rc = db_fail(s, rc, k->reading, err);
    }
    sqlite3_reset(st);
    return rc;
}

/* Set job id's status (and result JSON, or NULL) unless it is finished
 * already: GF_ESTATE "<noun> N is already <status>" then, GF_ENOTFOUND when
 * there is no such job. A sweep's worker writes on another handle while
 * this runs: for sweeps the write lock is taken first (waiting the busy
 * timeout), or an autocommit UPDATE whose snapshot went stale under the
 * worker's commit fails at once. */
static int job_update(gf_store *s, const job_kind *k, int64_t id, gf_run_status status,
                      const char *json, gf_error *err)
{
    const char *what = k->updating;
    sqlite3_stmt *st;
    char old[16];
    bool own;
    int rc, ended;

    if ((int)status < GF_RUN_QUEUED || status > GF_RUN_FAILED)
        return gf_fail(err, GF_EINVAL, "store: %s status %d is not valid", k->noun, (int)status);
    if (json && (rc = check_text(k->result, json, strlen(json), err)))
        return rc;
    own = k->lock && sqlite3_get_autocommit(s->db) != 0;
    if (own && (rc = exec_sql(s, "BEGIN IMMEDIATE", what, err)))
        return rc;
    st = s->st[k->update]; /* only a job not yet finished, in the same statement */
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, gf_run_status_name(status), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, now_ms());
    if (json)
        sqlite3_bind_text(st, 4, json, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 4);
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE)
        rc = sqlite3_changes(s->db) ? GF_OK : GF_ESTATE;
    else if ((rc & 0xff) == SQLITE_CONSTRAINT || (rc & 0xff) == SQLITE_ERROR)
        rc = gf_fail(err, GF_EINVAL, "store: the %s result is not valid JSON", k->noun);
    else
        rc = db_fail(s, rc, what, err);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (own && rc && rc != GF_ESTATE)
        exec_sql(s, "ROLLBACK", "rolling back", NULL);
    else if (own && (ended = exec_sql(s, "COMMIT", what, err)))
        return ended;
    if (rc == GF_ESTATE) { /* no row changed: unknown, or finished already */
        rc = job_status(s, k, id, old, sizeof old, err);
        if (!rc)
            rc = gf_fail(err, GF_ESTATE, "%s %lld is already %s", k->noun, (long long)id, old);
    }
    return rc;
}

int gf_store_update_run(gf_store *s, int64_t run_id, gf_run_status status, const char *result_json,
                        gf_error *err)
{
    if (!s)
        return gf_fail(err, GF_EINVAL, "gf_store_update_run: NULL store");
    return job_update(s, &run_kind, run_id, status, result_json, err);
}

int gf_store_prune_runs(gf_store *s, int keep, int64_t *n, gf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!s || keep < 1)
        return gf_fail(err, GF_EINVAL, "gf_store_prune_runs: NULL store or keep < 1");
    st = s->st[ST_PRUNE_RUNS];
    sqlite3_bind_int(st, 1, keep);
    rc = sqlite3_step(st);
    rc = rc == SQLITE_DONE ? GF_OK : db_fail(s, rc, "pruning runs", err);
    if (!rc && n)
        *n = sqlite3_changes64(s->db);
    sqlite3_reset(st);
    return rc;
}

/* The run object of the current row of st with the stored result text
 * spliced in as it is: {...meta..., "result": TEXT} (null when none). The
 * result, the largest part by far, is not parsed again on the way out. */
static int splice_result(sqlite3_stmt *st, char **out, gf_error *err)
{
    const char *meta = (const char *)sqlite3_column_text(st, 0);
    size_t n = (size_t)sqlite3_column_bytes(st, 0);
    const char *res = (const char *)sqlite3_column_text(st, 1);
    size_t r = res ? (size_t)sqlite3_column_bytes(st, 1) : 4;
    char *p;

    if (!meta || n < 2 || meta[n - 1] != '}')
        return gf_fail(err, GF_ENOMEM, "store: out of memory (reading a run)");
    p = gf_malloc(n + r + 11); /* exactly: gf_store_free frees strlen + 1 */
    if (!p)
        return gf_fail(err, GF_ENOMEM, "store: out of memory (reading a run)");
    memcpy(p, meta, n - 1);
    memcpy(p + n - 1, ",\"result\":", 10);
    memcpy(p + n + 9, res ? res : "null", r);
    memcpy(p + n + 9 + r, "}", 2);
    *out = p;
    return GF_OK;
}

int gf_store_get_run(gf_store *s, int64_t run_id, int with_result, char **json, gf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!s || !json)
        return gf_fail(err, GF_EINVAL, "gf_store_get_run: NULL argument");
    *json = NULL;
    st = s->st[ST_GET_RUN];
    sqlite3_bind_int64(st, 1, run_id);
    sqlite3_bind_int(st, 2, with_result != 0);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        rc = splice_result(st, json, err);
    else if (rc == SQLITE_DONE)
        rc = gf_fail(err, GF_ENOTFOUND, "no run with id %lld", (long long)run_id);
    else
        rc = db_fail(s, rc, "reading a run", err);
    sqlite3_reset(st);
    return rc;
}

int gf_store_list_runs(gf_store *s, const char *scenario_id, int limit, char **json, gf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!s || !json)
        return gf_fail(err, GF_EINVAL, "gf_store_list_runs: NULL argument");
    if (limit < 1 || limit > 1000)
        return gf_fail(err, GF_EINVAL, "limit must be 1..1000 (got %d)", limit);
    st = s->st[scenario_id ? ST_LIST_RUNS_OF : ST_LIST_RUNS];
    sqlite3_bind_int(st, 1, limit);
    if (scenario_id)
        sqlite3_bind_text(st, 2, scenario_id, -1, SQLITE_STATIC);
    rc = step_text(s, st, json, NULL, "listing runs", err);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

int gf_store_set_run_geojson(gf_store *s, int64_t run_id, const char *geojson, gf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!s || !geojson)
        return gf_fail(err, GF_EINVAL, "gf_store_set_run_geojson: NULL argument");
    rc = check_text("run GeoJSON", geojson, strlen(geojson), err);
    if (rc)
        return rc;
    st = s->st[ST_SET_GEOJSON];
    sqlite3_bind_int64(st, 1, run_id);
    sqlite3_bind_text(st, 2, geojson, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
        rc = (rc & 0xff) == SQLITE_CONSTRAINT
                 ? gf_fail(err, GF_EINVAL, "store: the run GeoJSON is not valid JSON")
                 : db_fail(s, rc, "storing a run GeoJSON", err);
    else if (sqlite3_changes(s->db) == 0)
        rc = gf_fail(err, GF_ENOTFOUND, "no run with id %lld", (long long)run_id);
    else
        rc = GF_OK;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

int gf_store_get_run_text(gf_store *s, int64_t run_id, const char *what, char **text, gf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!s || !what || !text)
        return gf_fail(err, GF_EINVAL, "gf_store_get_run_text: NULL argument");
    if (strcmp(what, "result") != 0 && strcmp(what, "geojson") != 0)
        return gf_fail(err, GF_EINVAL, "store: a run has no text \"%.32s\"", what);
    st = s->st[what[0] == 'r' ? ST_GET_RESULT : ST_GET_GEOJSON];
    sqlite3_bind_int64(st, 1, run_id);
    rc = step_text(s, st, text, NULL, "reading a run", err);
    if (rc == GF_ENOTFOUND)
        gf_fail(err, rc, "run %lld has no %s (unknown, or not done)", (long long)run_id, what);
    sqlite3_reset(st);
    return rc;
}

/* Copy column col of st as an owned text into *out; GF_ENOMEM. */
static int column_text(sqlite3_stmt *st, int col, char **out, size_t *len, gf_error *err)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    size_t n = (size_t)sqlite3_column_bytes(st, col);

    *out = t ? dup_text(t, n) : NULL;
    if (!*out)
        return gf_fail(err, GF_ENOMEM, "store: out of memory (reading a run)");
    if (len)
        *len = n;
    return GF_OK;
}

int gf_store_get_run_input(gf_store *s, int64_t run_id, char **scenario_json, size_t *len,
                           char **edits_json, gf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!s || !scenario_json || !edits_json)
        return gf_fail(err, GF_EINVAL, "gf_store_get_run_input: NULL argument");
    *scenario_json = *edits_json = NULL;
    st = s->st[ST_RUN_INPUT];
    sqlite3_bind_int64(st, 1, run_id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE)
        rc = gf_fail(err, GF_ENOTFOUND, "no run with id %lld", (long long)run_id);
    else if (rc != SQLITE_ROW)
        rc = db_fail(s, rc, "reading a run", err);
    else if (strcmp((const char *)sqlite3_column_text(st, 0), "done") != 0)
        rc =
            gf_fail(err, GF_ESTATE, "run %lld is %s, not done; poll GET /api/v1/runs/%lld",
                    (long long)run_id, (const char *)sqlite3_column_text(st, 0), (long long)run_id);
    else if (sqlite3_column_int(st, 1))
        rc = gf_fail(err, GF_ESTATE,
                     "the scenario of run %lld was replaced after the run; start the run again "
                     "to compare it",
                     (long long)run_id);
    else
        rc = column_text(st, 2, scenario_json, len, err);
    if (!rc)
        rc = column_text(st, 3, edits_json, NULL, err);
    if (rc) {
        gf_store_free(*scenario_json);
        *scenario_json = NULL;
    }
    sqlite3_reset(st);
    return rc;
}

/* ---- sweeps (grainflow sweep; see store.h) ---- */

static int sweep_find(gf_store *s, const char *spec, const char *scenario, int64_t *id,
                      int64_t *runs, char **header, gf_error *err)
{
    sqlite3_stmt *st = s->st[ST_SWEEP_FIND];
    int rc;

    sqlite3_bind_text(st, 1, spec, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, scenario, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    *id = 0;
    if (rc == SQLITE_ROW) {
        const unsigned char *h = sqlite3_column_text(st, 1);
        *id = sqlite3_column_int64(st, 0);
        *runs = sqlite3_column_int64(st, 2);
        *header = dup_text(h, (size_t)sqlite3_column_bytes(st, 1));
        rc = *header ? GF_OK : gf_fail(err, GF_ENOMEM, "store: out of memory");
    } else {
        rc = rc == SQLITE_DONE ? GF_OK : db_fail(s, rc, "finding a sweep", err);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

static int sweep_step(gf_store *s, int i, const char *what, gf_error *err)
{
    int rc = sqlite3_step(s->st[i]);

    rc = rc == SQLITE_DONE ? GF_OK : db_fail(s, rc, what, err);
    sqlite3_reset(s->st[i]);
    sqlite3_clear_bindings(s->st[i]);
    return rc;
}

int gf_store_sweep_open(gf_store *s, const char *spec, const char *scenario, const char *header,
                        int64_t runs, int fresh, int64_t *sweep_id, gf_error *err)
{
    char *old_header = NULL;
    int64_t old_runs = 0;
    int rc;

    if (!s || !spec || !scenario || !header || !sweep_id || runs < 1)
        return gf_fail(err, GF_EINVAL, "gf_store_sweep_open: bad argument");
    rc = exec_sql(s, "BEGIN IMMEDIATE", "starting a sweep", err);
    if (!rc)
        rc = sweep_find(s, spec, scenario, sweep_id, &old_runs, &old_header, err);
    if (!rc && *sweep_id && !fresh && (old_runs != runs || strcmp(old_header, header) != 0))
        rc = gf_fail(err, GF_ESTATE,
                     "store: the stored sweep has another run table; sweep afresh without "
                     "--resume");
    if (!rc && *sweep_id && fresh) {
        sqlite3_bind_text(s->st[ST_SWEEP_DELETE], 1, spec, -1, SQLITE_STATIC);
        sqlite3_bind_text(s->st[ST_SWEEP_DELETE], 2, scenario, -1, SQLITE_STATIC);
        rc = sweep_step(s, ST_SWEEP_DELETE, "deleting an old sweep", err);
        *sweep_id = 0;
    }
    if (!rc && !*sweep_id) {
        sqlite3_stmt *st = s->st[ST_SWEEP_CREATE];
        sqlite3_bind_text(st, 1, spec, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, scenario, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, header, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, runs);
        sqlite3_bind_int64(st, 5, now_ms());
        rc = sweep_step(s, ST_SWEEP_CREATE, "creating a sweep", err);
        *sweep_id = rc ? 0 : sqlite3_last_insert_rowid(s->db);
    }
    rc = rc ? rc : exec_sql(s, "COMMIT", "committing a sweep", err);
    if (rc)
        exec_sql(s, "ROLLBACK", "rolling back", NULL);
    gf_store_free(old_header);
    return rc;
}

int gf_store_sweep_begin(gf_store *s, gf_error *err)
{
    return s ? exec_sql(s, "BEGIN IMMEDIATE", "starting a batch of sweep runs", err)
             : gf_fail(err, GF_EINVAL, "gf_store_sweep_begin: NULL store");
}

int gf_store_sweep_commit(gf_store *s, gf_error *err)
{
    return s ? exec_sql(s, "COMMIT", "committing a batch of sweep runs", err)
             : gf_fail(err, GF_EINVAL, "gf_store_sweep_commit: NULL store");
}

int gf_store_sweep_put(gf_store *s, int64_t sweep_id, int64_t run, int ok, const char *row,
                       const double *values, int32_t n_values, gf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!s || !row || (n_values && !values))
        return gf_fail(err, GF_EINVAL, "gf_store_sweep_put: NULL argument");
    st = s->st[ST_SWEEP_PUT_RUN];
    sqlite3_bind_int64(st, 1, sweep_id);
    sqlite3_bind_int64(st, 2, run);
    sqlite3_bind_int(st, 3, ok ? 1 : 0);
    sqlite3_bind_text(st, 4, row, -1, SQLITE_STATIC);
    rc = sweep_step(s, ST_SWEEP_PUT_RUN, "keeping a sweep run", err);
    for (int32_t k = 0; !rc && ok && k < n_values; k++) {
        if (values[k] != values[k]) /* NaN: no such figure in this run */
            continue;
        st = s->st[ST_SWEEP_PUT_VALUE];
        sqlite3_bind_int64(st, 1, sweep_id);
        sqlite3_bind_int(st, 2, k);
        sqlite3_bind_double(st, 3, values[k]);
        sqlite3_bind_int64(st, 4, run);
        rc = sweep_step(s, ST_SWEEP_PUT_VALUE, "keeping a sweep result", err);
    }
    return rc;
}

int gf_store_sweep_done(gf_store *s, int64_t sweep_id, uint8_t *done, int64_t runs, int64_t *n_done,
                        gf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!s || !done || !n_done)
        return gf_fail(err, GF_EINVAL, "gf_store_sweep_done: NULL argument");
    st = s->st[ST_SWEEP_DONE];
    *n_done = 0;
    sqlite3_bind_int64(st, 1, sweep_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t r = sqlite3_column_int64(st, 0);
        if (r >= 0 && r < runs && !((done[r / 8] >> (r % 8)) & 1)) {
            done[r / 8] = (uint8_t)(done[r / 8] | (1u << (r % 8)));
            (*n_done)++;
        }
    }
    rc = rc == SQLITE_DONE ? GF_OK : db_fail(s, rc, "reading a sweep's runs", err);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

int gf_store_sweep_row(gf_store *s, int64_t sweep_id, int64_t run, char **row, gf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!s || !row)
        return gf_fail(err, GF_EINVAL, "gf_store_sweep_row: NULL argument");
    st = s->st[ST_SWEEP_ROW];
    sqlite3_bind_int64(st, 1, sweep_id);
    sqlite3_bind_int64(st, 2, run);
    rc = step_text(s, st, row, NULL, "reading a sweep run", err);
    if (rc == GF_ENOTFOUND)
        gf_fail(err, rc, "store: the sweep has no run %lld", (long long)run);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

int gf_store_sweep_stats(gf_store *s, int64_t sweep_id, int32_t k, int64_t *n, double *mean,
                         double *n_positive, gf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!s || !n || !mean || !n_positive)
        return gf_fail(err, GF_EINVAL, "gf_store_sweep_stats: NULL argument");
    st = s->st[ST_SWEEP_STATS];
    sqlite3_bind_int64(st, 1, sweep_id);
    sqlite3_bind_int(st, 2, k);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *n = sqlite3_column_int64(st, 0);
        *mean = sqlite3_column_double(st, 1);
        *n_positive = sqlite3_column_double(st, 2);
        rc = GF_OK;
    } else {
        rc = db_fail(s, rc, "summarising a sweep", err);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

int gf_store_sweep_nth(gf_store *s, int64_t sweep_id, int32_t k, int64_t i, double *v,
                       gf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!s || !v || i < 0)
        return gf_fail(err, GF_EINVAL, "gf_store_sweep_nth: bad argument");
    st = s->st[ST_SWEEP_NTH];
    sqlite3_bind_int64(st, 1, sweep_id);
    sqlite3_bind_int(st, 2, k);
    sqlite3_bind_int64(st, 3, i);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *v = sqlite3_column_double(st, 0);
        rc = GF_OK;
    } else {
        rc = rc == SQLITE_DONE
                 ? gf_fail(err, GF_ENOTFOUND, "store: the sweep has no value %lld", (long long)i)
                 : db_fail(s, rc, "reading a sweep percentile", err);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

/* ---- sweeps of the server (POST /api/v1/sweeps; see store.h) ---- */

int gf_store_sweep_create(gf_store *s, const char *scenario_id, const char *spec,
                          const char *scenario, const char *header, int64_t runs, int64_t *sweep_id,
                          gf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!s || !spec || !scenario || !header || !sweep_id || runs < 1)
        return gf_fail(err, GF_EINVAL, "gf_store_sweep_create: bad argument");
    rc = check_text("sweep spec", spec, strlen(spec), err);
    if (!rc)
        rc = check_text("sweep scenario", scenario, strlen(scenario), err);
    if (rc)
        return rc;
    st = s->st[ST_SWEEP_SERVER_CREATE];
    sqlite3_bind_text(st, 1, spec, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, scenario, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, header, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, runs);
    sqlite3_bind_int64(st, 5, now_ms());
    if (scenario_id)
        sqlite3_bind_text(st, 6, scenario_id, -1, SQLITE_STATIC);
    rc = sweep_step(s, ST_SWEEP_SERVER_CREATE, "creating a sweep", err);
    *sweep_id = rc ? 0 : sqlite3_last_insert_rowid(s->db);
    return rc;
}

int gf_store_sweep_update(gf_store *s, int64_t sweep_id, gf_run_status status, const char *json,
                          gf_error *err)
{
    if (!s)
        return gf_fail(err, GF_EINVAL, "gf_store_sweep_update: NULL store");
    return job_update(s, &sweep_kind, sweep_id, status, json, err);
}

int gf_store_get_sweep(gf_store *s, int64_t sweep_id, char **json, gf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!s || !json)
        return gf_fail(err, GF_EINVAL, "gf_store_get_sweep: NULL argument");
    st = s->st[ST_SWEEP_GET];
    sqlite3_bind_int64(st, 1, sweep_id);
    sqlite3_bind_int64(st, 2, now_ms());
    rc = step_text(s, st, json, NULL, "reading a sweep", err);
    if (rc == GF_ENOTFOUND)
        gf_fail(err, rc, "no sweep with id %lld", (long long)sweep_id);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

int gf_store_list_sweeps(gf_store *s, int limit, char **json, gf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!s || !json)
        return gf_fail(err, GF_EINVAL, "gf_store_list_sweeps: NULL argument");
    if (limit < 1 || limit > 1000)
        return gf_fail(err, GF_EINVAL, "limit must be 1..1000 (got %d)", limit);
    st = s->st[ST_SWEEP_LIST];
    sqlite3_bind_int(st, 1, limit);
    rc = step_text(s, st, json, NULL, "listing sweeps", err);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

int gf_store_sweep_table(gf_store *s, int64_t sweep_id, char **csv, size_t *len, gf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!s || !csv)
        return gf_fail(err, GF_EINVAL, "gf_store_sweep_table: NULL argument");
    st = s->st[ST_SWEEP_TABLE];
    sqlite3_bind_int64(st, 1, sweep_id);
    rc = step_text(s, st, csv, len, "reading a sweep's run table", err);
    if (rc == GF_ENOTFOUND)
        gf_fail(err, rc, "no sweep with id %lld", (long long)sweep_id);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}
