/* include/grainflow/store.h: the SQLite store of scenarios and plan runs.
 *
 * A store is one SQLite database file (WAL journal, foreign keys on) holding
 * scenarios and runs. Its schema is versioned: opening a store creates the
 * tables on a new file and runs every migration newer than the file's
 * schema_version, each in its own transaction. Every statement is prepared
 * with bound parameters; no SQL is ever built from input text.
 *
 * A scenario is kept as its JSON text (the JSON form of the version-1 CSV
 * tables, see scenario_json.h) under an id of 1..64 characters from
 * [A-Za-z0-9_.-]; the store only checks that the text is valid JSON.
 * A run records the scenario it planned, its edits (a JSON array), a status
 * (queued, running, done, failed), its timings in milliseconds since the
 * epoch, and its result or its error (JSON). Deleting a scenario deletes its
 * runs. Runs left queued or running by a process that died are marked failed
 * by gf_store_recover, which only the owner of the store (gf_store_own) may
 * call. A status check and its change are one statement, so two handles
 * can never both finish one run.
 *
 * Every call either succeeds completely or changes nothing. Texts returned
 * owned are NUL-terminated and freed with gf_store_free. Threads: one handle
 * is used by one thread at a time; open one handle per thread (they share the
 * file safely, waiting up to the busy timeout for each other's writes).
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_STORE_H
#define GRAINFLOW_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "grainflow/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gf_store gf_store;
/* The claim of one owner (a server) on a store file. */
typedef struct gf_store_owner gf_store_owner;

/* The schema version this library writes (the last migration). */
#define GF_STORE_SCHEMA_VERSION 5
/* Longest scenario id. */
#define GF_STORE_MAX_ID 64
/* Largest JSON text (scenario, edits, result) the store accepts. */
#define GF_STORE_MAX_TEXT ((size_t)64 << 20)

typedef enum gf_run_status {
    GF_RUN_QUEUED = 0,
    GF_RUN_RUNNING,
    GF_RUN_DONE,
    GF_RUN_FAILED
} gf_run_status;

/* Open (creating if needed) the database at path (":memory:" works) and
 * migrate it. Returns owned (gf_store_close) or NULL with *err: GF_EIO when the
 * file cannot be opened or is not a database, GF_ESTATE when the file's schema
 * is newer than this library, GF_ENOMEM. Borrows path. */
GF_API gf_store *gf_store_open(const char *path, gf_error *err);

/* How a store connection is opened; zeroed = gf_store_open's defaults. */
typedef struct gf_store_options {
    /* Pages of WAL after which a commit also checkpoints the WAL into the
     * database file (SQLite's wal_autocheckpoint); 0 = SQLite's 1000. A
     * smaller figure keeps the WAL file small at the cost of more
     * checkpoints (the crash tests use 30 so that ordinary commits run
     * checkpoints). */
    int wal_autocheckpoint_pages;
} gf_store_options;

/* gf_store_open with options (NULL = defaults; borrowed). GF_EINVAL for a
 * negative figure, else as gf_store_open, which calls it with NULL. */
GF_API gf_store *gf_store_open_with(const char *path, const gf_store_options *opts, gf_error *err);
GF_API void gf_store_close(gf_store *s);

/* Claim the store at path for this owner until gf_store_disown: an
 * exclusive lock on PATH.lock that the system drops when the process ends,
 * however it ends. Returns owned, or NULL with *err: GF_ESTATE (naming the
 * owner's pid) when another owner holds it, GF_EIO, GF_ENOMEM. A server
 * claims its store before recovering runs, so that gf_store_recover never
 * touches the runs of a live server. ":memory:" is never shared: always
 * granted. Borrows path. */
GF_API gf_store_owner *gf_store_own(const char *path, gf_error *err);
GF_API void gf_store_disown(gf_store_owner *o);

/* The schema version recorded in the open database. */
GF_API int gf_store_schema_version(gf_store *s);

/* Run PRAGMA integrity_check and foreign_key_check: GF_OK when both report no
 * problem, GF_EIO with the first problem in *err otherwise. */
GF_API int gf_store_check(gf_store *s, gf_error *err);

/* Mark runs still queued or running as failed ("interrupted"); *n (may be
 * NULL) gets how many. Call once when a server starts. */
GF_API int gf_store_recover(gf_store *s, int64_t *n, gf_error *err);

/* True when id is a valid scenario id (1..GF_STORE_MAX_ID of [A-Za-z0-9_.-],
 * not starting with '.'). */
GF_API int gf_store_id_is_valid(const char *id);

/* Insert or replace scenario id with name and JSON text json (len bytes, no
 * NUL needed). Replacing keeps the scenario's runs. GF_EINVAL for a bad id or
 * text that is not JSON, GF_ELIMIT over GF_STORE_MAX_TEXT. *created (may be
 * NULL) is set to 1 when the id was new. */
GF_API int gf_store_put_scenario(gf_store *s, const char *id, const char *name, const char *json,
                                 size_t len, int *created, gf_error *err);

/* As gf_store_put_scenario, but only a new id: GF_ESTATE when scenario id
 * exists already (then nothing changes). Atomic: of two creations of one id
 * at once, one fails. */
GF_API int gf_store_create_scenario(gf_store *s, const char *id, const char *name, const char *json,
                                    size_t len, gf_error *err);

/* The JSON text of scenario id in *json (owned; gf_store_free); its length in
 * *len (may be NULL). GF_ENOTFOUND when there is none. */
GF_API int gf_store_get_scenario(gf_store *s, const char *id, char **json, size_t *len,
                                 gf_error *err);

/* A JSON array of {"id","name","created_ms","updated_ms","runs"} for every
 * scenario, by id, in *json (owned). */
GF_API int gf_store_list_scenarios(gf_store *s, char **json, gf_error *err);

/* Delete scenario id and its runs. GF_ENOTFOUND when there is none. */
GF_API int gf_store_delete_scenario(gf_store *s, const char *id, gf_error *err);

/* A new run of scenario scenario_id with the JSON array edits_json ("[]" when
 * NULL), status queued; its id in *run_id. GF_ENOTFOUND for an unknown
 * scenario, GF_EINVAL when edits_json is not a JSON array. */
GF_API int gf_store_create_run(gf_store *s, const char *scenario_id, const char *edits_json,
                               int64_t *run_id, gf_error *err);

/* Move run id to status. RUNNING stamps started_ms; DONE and FAILED stamp
 * finished_ms and keep result_json (a JSON value, may be NULL) as the result
 * (DONE) or the error (FAILED). GF_ENOTFOUND for an unknown run, GF_EINVAL
 * for text that is not JSON, GF_ESTATE when the run is already done or
 * failed. */
GF_API int gf_store_update_run(gf_store *s, int64_t run_id, gf_run_status status,
                               const char *result_json, gf_error *err);

/* Run id as a JSON object {"id","scenario","edits","status","created_ms",
 * "started_ms","finished_ms","duration_ms","result","error"} in *json (owned);
 * with_result 0 leaves "result" out. GF_ENOTFOUND for an unknown run. */
GF_API int gf_store_get_run(gf_store *s, int64_t run_id, int with_result, char **json,
                            gf_error *err);

/* Keep the GeoJSON text of run id's plan (before it is marked done).
 * GF_ENOTFOUND for an unknown run, GF_EINVAL for text that is not JSON. */
GF_API int gf_store_set_run_geojson(gf_store *s, int64_t run_id, const char *geojson,
                                    gf_error *err);

/* The result (what = "result") or GeoJSON (what = "geojson") text of run id
 * in *text (owned), exactly as stored. GF_ENOTFOUND for an unknown run or one
 * that has no such text (not done). */
GF_API int gf_store_get_run_text(gf_store *s, int64_t run_id, const char *what, char **text,
                                 gf_error *err);

/* What done run id planned: its scenario's JSON text in *scenario_json (owned,
 * its length in *len, may be NULL) and its edits in *edits_json (owned), to
 * plan it again. GF_ENOTFOUND for an unknown run; GF_ESTATE for a run not
 * done, or whose scenario was replaced after the run was created (the text
 * would not be what it planned). */
GF_API int gf_store_get_run_input(gf_store *s, int64_t run_id, char **scenario_json, size_t *len,
                                  char **edits_json, gf_error *err);

/* A JSON array of runs (without results), newest first, at most limit
 * (1..1000), of scenario_id only when it is not NULL, in *json (owned). */
GF_API int gf_store_list_runs(gf_store *s, const char *scenario_id, int limit, char **json,
                              gf_error *err);

/* Delete the finished (done or failed) runs older than the newest keep
 * finished ones; queued and running runs are never touched. *n (may be NULL)
 * gets how many were deleted. GF_EINVAL for keep < 1. */
GF_API int gf_store_prune_runs(gf_store *s, int keep, int64_t *n, gf_error *err);

/* ---- sweeps (grainflow sweep, sweep.h): each run's row, kept for --resume,
 * and its summarised results, read back sorted for the percentiles ---- */

/* The sweep of spec and scenario (JSON texts) with run table header and
 * runs rows: found again by the two texts, or created; fresh deletes an
 * old one first (its rows too). GF_ESTATE when the stored one differs in
 * header or runs. Its id in *sweep_id. */
GF_API int gf_store_sweep_open(gf_store *s, const char *spec, const char *scenario,
                               const char *header, int64_t runs, int fresh, int64_t *sweep_id,
                               gf_error *err);
/* A batch of gf_store_sweep_put in one transaction (much faster). */
GF_API int gf_store_sweep_begin(gf_store *s, gf_error *err);
GF_API int gf_store_sweep_commit(gf_store *s, gf_error *err);
/* Keep run's row (its CSV line) and, when ok, its n_values results (a NaN
 * is left out: the figure does not exist in that run). Replaces. */
GF_API int gf_store_sweep_put(gf_store *s, int64_t sweep_id, int64_t run, int ok, const char *row,
                              const double *values, int32_t n_values, gf_error *err);
/* Set bit r of done (runs bits, caller-zeroed) for every run kept; *n_done. */
GF_API int gf_store_sweep_done(gf_store *s, int64_t sweep_id, uint8_t *done, int64_t runs,
                               int64_t *n_done, gf_error *err);
/* The kept row of run in *row (owned; gf_store_free); GF_ENOTFOUND. */
GF_API int gf_store_sweep_row(gf_store *s, int64_t sweep_id, int64_t run, char **row,
                              gf_error *err);
/* Result k over the kept runs: how many have it, their mean and how many
 * are > 0. */
GF_API int gf_store_sweep_stats(gf_store *s, int64_t sweep_id, int32_t k, int64_t *n, double *mean,
                                double *n_positive, gf_error *err);
/* The i-th smallest (0-based) value of result k; GF_ENOTFOUND past the end. */
GF_API int gf_store_sweep_nth(gf_store *s, int64_t sweep_id, int32_t k, int64_t i, double *v,
                              gf_error *err);

/* ---- sweeps started through the server (migration 5): a sweep of a
 * stored scenario with a status as a run's; the CLI's gf_store_sweep_open
 * never finds or deletes one. The runs are kept by gf_store_sweep_put. ---- */

/* A new queued sweep of stored scenario scenario_id (NULL: a scenario given
 * with the sweep; spec and scenario: the JSON texts it runs). Its id in
 * *sweep_id. */
GF_API int gf_store_sweep_create(gf_store *s, const char *scenario_id, const char *spec,
                                 const char *scenario, const char *header, int64_t runs,
                                 int64_t *sweep_id, gf_error *err);
/* Move a queued or running sweep to status; json is the result (done) or
 * the error (failed), or NULL. GF_ESTATE when it is finished already (a
 * finished sweep is final), GF_ENOTFOUND when there is none. */
GF_API int gf_store_sweep_update(gf_store *s, int64_t sweep_id, gf_run_status status,
                                 const char *json, gf_error *err);
/* The sweep as a JSON object (owned): id, scenario, status, runs,
 * runs_done (runs kept so far), runs_per_s (since it started), the times,
 * the spec, error and result. GF_ENOTFOUND. */
GF_API int gf_store_get_sweep(gf_store *s, int64_t sweep_id, char **json, gf_error *err);
/* A JSON array of the server's sweeps (without spec or result), newest first. */
GF_API int gf_store_list_sweeps(gf_store *s, int limit, char **json, gf_error *err);
/* The run table as kept so far: the header and the rows in run order, as
 * runs.csv (owned, *len bytes when len is not NULL). GF_ENOTFOUND. */
GF_API int gf_store_sweep_table(gf_store *s, int64_t sweep_id, char **csv, size_t *len,
                                gf_error *err);

/* The name of a run status ("queued", ...). */
GF_API const char *gf_run_status_name(gf_run_status st);

/* Free a text returned by the store; NULL is fine. */
GF_API void gf_store_free(char *text);

#ifdef __cplusplus
}
#endif
#endif
