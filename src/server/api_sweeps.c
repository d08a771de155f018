/* src/server/api_sweeps.c: /api/v1/sweeps, start, follow, cancel and read sweeps.
 *
 * POST takes {"scenario": ID or a scenario object, "spec": a sweep spec
 * (include/grainflow/sweep.h)}. Everything is checked before anything is
 * stored: the spec against the scenario by gf_sweep_create (its errors
 * name the field by JSON pointer under /spec, as the CLI's do under the
 * spec file), the network's size (413, serve --max-arcs) and the number of
 * runs (413 over GF__SWEEP_MAX_RUNS). A sweep takes one of the server's run
 * slots (429 when max_runs are busy) and runs on its own thread with one
 * sweep worker (gf_sweep_exec, 1 thread), inside a memory budget of
 * max_run_memory_mb that gf_sweep_exec's worker threads charge too, and
 * under run_timeout_s for the whole sweep. The request waits up to the
 * quick limit (?wait_ms=) and answers 201 with the sweep when it ended,
 * else 202 with a Location to poll.
 *
 * The store keeps it (migration 5): each run's row and results as the CLI
 * keeps them (committed a whole chain at a time, so runs_done grows in
 * steps of a chain), and when done the summary and tornado as the document
 * `grainflow sweep --json` prints, written by the same code
 * (sweep_summary.h). GET /sweeps/{id} is the sweep with runs_done and
 * runs_per_s while it runs and that result when done; GET
 * /sweeps/{id}/runs the run table as runs.csv (?format=csv) or as JSON
 * (default: {"columns": [...], "runs": [[...], ...]}, numbers as numbers,
 * empty cells null). GET /sweeps/examples is the shipped specs
 * (examples/sweep-*.json, embedded at build time) as {"sweep-NAME": spec}.
 *
 * A sweep is a job like a plan run (runs.c, gf__job_head: one header, one
 * list, one start and one stop for both). Stopping works as for plan runs: whoever stops a sweep
 * (DELETE /sweeps/{id} or POST .../cancel, the deadline thread, the server's stop) sets its stop
 * token, which gf_sweep_exec polls after every run, and marks it failed in the store with the
 * reason; a worker that sees the token writes nothing more, and its own "done" would be refused by
 * the store (a finished sweep is final). A sweep still queued or running when the server died is
 * marked failed "interrupted" at the next start (gf_store_recover). SPDX-License-Identifier: MIT */
#include <errno.h>
#include <jansson.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grainflow/alloc.h"
#include "grainflow/jsonw.h"
#include "grainflow/scenario.h"
#include "grainflow/sweep.h"
#include "grainflow/sweep_summary.h"
#include "server/server_int.h"

/* Runs one sweep may ask of the server (the CLI has no such limit). */
#define GF__SWEEP_MAX_RUNS ((int64_t)100000)
/* Longest a worker's write transaction stays open, in seconds. */
#define GF__SWEEP_COMMIT_S 0.2

/* A sweep: the header first (kind GF__JOB_SWEEP, id the sweep's; its halt
 * flag is gf_sweep_exec's cancel). */
typedef struct sjob {
    gf__job_head h;
    gf_model *model;
    gf_sweep *sw;
    int64_t n_ok, n_failed, in_batch;
    double batch_t0; /* when the open transaction began (now_s) */
    gf_store *st;    /* the worker's, while it runs */
} sjob;

/* ---- the worker ---- */

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool chain_ends(const gf_sweep *sw, int64_t run)
{
    return (run + 1) % gf_sweep_chain_runs(sw) == 0 || run + 1 == gf_sweep_runs(sw);
}

/* Each run into the store, in transactions of a chain or of
 * GF__SWEEP_COMMIT_S, whichever ends first: other requests' writes (a
 * cancel, a plan run) wait for the worker's transaction, so it stays short,
 * and runs_done follows closely. (The CLI commits whole chains only, for
 * --resume; a server sweep never resumes.) */
static int sink(void *ud, int64_t run, const gf_sweep_result *res, gf_error *err)
{
    sjob *j = ud;
    int rc;

    if (!res)
        return GF_OK; /* never: a server sweep resumes nothing */
    rc = gf_store_sweep_put(j->st, j->h.id, run, res->ok, res->row, res->values,
                            gf_sweep_value_count(j->sw), err);
    j->n_ok += res->ok;
    j->n_failed += !res->ok;
    j->in_batch++;
    if (!rc && (chain_ends(j->sw, run) || now_s() - j->batch_t0 >= GF__SWEEP_COMMIT_S)) {
        rc = gf_store_sweep_commit(j->st, err);
        if (!rc)
            rc = gf_store_sweep_begin(j->st, err);
        j->in_batch = 0;
        j->batch_t0 = now_s();
    }
    return rc;
}

/* The result document, as `grainflow sweep --json` prints it (owned:
 * gf_release), or NULL with *err. */
static char *result_text(sjob *j, double secs, gf_error *err)
{
    gf_sweep_tornado_table t = {0};
    gf_jsonw_text text = {0};
    gf_jsonw w;
    int rc = gf_sweep_tornado_table_make(j->sw, &t, err);

    gf_jsonw_init_text(&w, &text, false);
    gf_jsonw_object(&w);
    gf_jsonw_kint(&w, "runs", gf_sweep_runs(j->sw));
    gf_jsonw_kint(&w, "solved", j->n_ok);
    gf_jsonw_kint(&w, "failed", j->n_failed);
    gf_jsonw_kreal(&w, "seconds", secs);
    if (!rc)
        rc = gf_sweep_summary_jsonw(&w, j->st, j->h.id, j->sw, &t, err);
    gf_jsonw_end(&w);
    if (!rc)
        rc = gf_jsonw_finish(&w, err);
    gf_sweep_tornado_table_fini(&t);
    if (rc) {
        gf_release(text.data);
        return NULL;
    }
    return text.data;
}

/* A failure as the sweep's error object (malloc), the real reason in place
 * of "out of memory" when the budget ran out. */
static char *error_text(const gf_error *err, gf_budget *budget)
{
    gf_error e = *err;
    json_t *o;
    char *t;

    if (budget && gf_budget_exceeded(budget)) {
        gf_error_clear(&e);
        gf_fail(&e, GF_ELIMIT,
                "this sweep needs more than %lld MB of memory, this server's limit for one run "
                "(serve --max-run-memory); sweep a smaller scenario, or raise the limit",
                (long long)(gf_budget_limit(budget) >> 20));
    }
    o = json_pack("{s:s, s:i, s:s, s:s}", "title", gf_strerror(e.code), "status",
                  gf_status_http(e.code), "detail", e.msg, "input", e.input);
    t = o ? gf__json_malloc(o, JSON_COMPACT, NULL) : NULL;
    json_decref(o);
    return t;
}

/* Run the sweep and record it: running, then done with its result, or
 * failed. A stopped sweep was marked failed by whoever stopped it. */
static void run_and_store(sjob *j, gf_budget *budget)
{
    gf_sweep_exec_opts eo = {.threads = 1, .first = 0, .step = 1, .cancel = &j->h.halt};
    gf_error err = {0};
    double t0 = now_s();
    char *result = NULL, *etext;
    int rc = gf_store_sweep_update(j->st, j->h.id, GF_RUN_RUNNING, NULL, &err);

    if (!rc)
        rc = gf_store_sweep_begin(j->st, &err);
    j->batch_t0 = now_s();
    if (!rc) {
        gf_budget_enter(budget);
        rc = gf_sweep_exec(j->sw, &eo, sink, j, &err);
        gf_budget_enter(NULL);
        gf_store_sweep_commit(j->st, NULL); /* what was kept stays kept */
    }
    if (atomic_load(&j->h.stop))
        return;
    if (!rc) {
        gf_budget_enter(budget);
        result = result_text(j, now_s() - t0, &err);
        gf_budget_enter(NULL);
        rc = result ? GF_OK : err.code ? err.code : GF_ENOMEM;
    }
    if (!rc)
        rc = gf_store_sweep_update(j->st, j->h.id, GF_RUN_DONE, result, &err);
    if (rc && rc != GF_ESTATE) {
        etext = error_text(&err, budget);
        gf_store_sweep_update(j->st, j->h.id, GF_RUN_FAILED,
                              etext ? etext : "{\"title\":\"failed\"}", NULL);
        free(etext);
    }
    gf_release(result);
}

static void *worker(void *arg)
{
    sjob *j = arg;
    gf_server *srv = j->h.srv;
    gf_error err = {0};
    gf_budget *budget = gf_budget_create((size_t)srv->cfg.max_run_memory_mb << 20);

    j->st = gf__store_acquire(srv, &err);
    if (j->st)
        run_and_store(j, budget);
    gf__store_release(srv, j->st);
    j->st = NULL;
    gf_sweep_destroy(j->sw);
    gf_model_destroy(j->model);
    j->sw = NULL;
    j->model = NULL;
    gf_budget_destroy(budget);
    gf__job_finish(&j->h);
    return NULL;
}

/* Start sweep id (model and sw taken) on its thread, holding a reserved
 * slot, and wait up to wait_ms for it: *done says whether it ended. */
static int start(gf_server *srv, int64_t id, gf_model *m, gf_sweep *sw, int wait_ms, bool *done,
                 gf_error *err)
{
    sjob *j = calloc(1, sizeof *j);
    int rc;

    *done = false;
    if (!j) {
        gf_sweep_destroy(sw);
        gf_model_destroy(m);
        gf__runs_unreserve(srv);
        return gf_fail(err, GF_ENOMEM, "out of memory starting a sweep");
    }
    j->model = m;
    j->sw = sw;
    rc = gf__job_start(srv, &j->h, GF__JOB_SWEEP, id, worker, "sweep", wait_ms, done, err);
    if (rc) {
        gf_sweep_destroy(sw);
        gf_model_destroy(m);
        free(j);
        gf__runs_unreserve(srv);
    }
    return rc;
}

/* ---- stopping ---- */

static const char *stop_title(int why)
{
    return why == GF__STOP_CANCEL    ? "cancelled"
           : why == GF__STOP_TIMEOUT ? "over the time limit"
                                     : "interrupted";
}

int gf__sweep_mark_stopped(gf_server *srv, gf_store *st, int64_t id, int why, gf_error *err)
{
    char detail[128];
    json_t *o;
    char *t;
    int rc;

    if (why == GF__STOP_TIMEOUT)
        snprintf(detail, sizeof detail,
                 "the sweep was still running after %d s (serve --run-timeout); the runs it kept "
                 "stay readable",
                 srv->cfg.run_timeout_s);
    else
        snprintf(detail, sizeof detail, "%s",
                 why == GF__STOP_CANCEL ? "cancelled by a DELETE of the sweep"
                                        : "the server stopped before the sweep finished");
    o = json_pack("{s:s, s:s}", "title", stop_title(why), "detail", detail);
    t = o ? gf__json_malloc(o, JSON_COMPACT, NULL) : NULL;
    rc = t ? gf_store_sweep_update(st, id, GF_RUN_FAILED, t, err)
           : gf_fail(err, GF_ENOMEM, "out of memory");
    json_decref(o);
    free(t);
    return rc;
}

/* ---- requests ---- */

static void reply_sweep(gf_server *srv, const gf__request *req, gf__response *res, int64_t id,
                        int status)
{
    gf_error err = {0};
    gf_store *st = gf__store_or_fail(srv, req, res);
    char *text = NULL;

    if (!st)
        return;
    if (gf_store_get_sweep(st, id, &text, &err))
        gf__problem(res, 0, &err, req->path);
    else
        gf__reply_store_text(res, status, GF__JSON_TYPE, text);
    gf__store_release(srv, st);
}

/* The request's inputs: the texts of the spec and the scenario (malloc /
 * store-owned), and the stored scenario's id when one was named. */
typedef struct sweep_input {
    char scenario_id[GF_STORE_MAX_ID + 1];
    char *spec;           /* malloc */
    char *scenario;       /* malloc (given inline) or store-owned (by id) */
    bool scenario_stored; /* free scenario with gf_store_free */
    size_t scenario_len;
} sweep_input;

static void input_fini(sweep_input *in)
{
    free(in->spec);
    if (in->scenario_stored)
        gf_store_free(in->scenario);
    else
        free(in->scenario);
}

/* The first field of body other than scenario and spec, or NULL. */
static const char *unknown_field(json_t *body)
{
    const char *k;
    json_t *v;

    json_object_foreach(body, k, v)
    {
        if (strcmp(k, "scenario") != 0 && strcmp(k, "spec") != 0)
            return k;
    }
    return NULL;
}

/* Check the body's fields and take the spec's and an inline scenario's
 * texts; -1 after answering 400. */
static int read_body(const gf__request *req, gf__response *res, sweep_input *in)
{
    json_t *body = gf__body_object(req, res), *sv, *spec;
    const char *bad;
    char msg[160];
    int rc = -1;

    if (!body)
        return -1;
    bad = unknown_field(body);
    sv = json_object_get(body, "scenario");
    spec = json_object_get(body, "spec");
    if (bad) {
        snprintf(msg, sizeof msg, "unknown field \"%.64s\"; a sweep takes scenario and spec", bad);
        gf__fail(res, 400, GF_EINVAL, req->path, msg);
    } else if (!json_is_object(spec)) {
        gf__fail(res, 400, GF_EINVAL, req->path,
                 "\"spec\" must be a sweep spec object (include/grainflow/sweep.h; "
                 "examples/sweep-*.json)");
    } else if (json_is_string(sv) && gf_store_id_is_valid(json_string_value(sv))) {
        snprintf(in->scenario_id, sizeof in->scenario_id, "%s", json_string_value(sv));
        rc = 0;
    } else if (json_is_object(sv)) {
        in->scenario = gf__json_malloc(sv, JSON_COMPACT, &in->scenario_len);
        rc = 0;
    } else {
        gf__fail(res, 400, GF_EINVAL, req->path,
                 "\"scenario\" must be the id of a stored scenario or a scenario object");
    }
    if (!rc) {
        in->spec = gf__json_malloc(spec, JSON_COMPACT, NULL);
        if (!in->spec || (!in->scenario_id[0] && !in->scenario)) {
            gf__fail(res, 503, GF_ENOMEM, req->path, "out of memory");
            rc = -1;
        }
    }
    json_decref(body);
    return rc;
}

/* The model and the sweep of in, checked against the server's limits;
 * NULL after an answer (400 for a bad spec, its pointer under /spec). */
static gf_sweep *make_sweep(gf_server *srv, const gf__request *req, gf__response *res,
                            const sweep_input *in, gf_model **m)
{
    gf_error err = {0};
    gf_sweep *sw = NULL;
    int http = 400;

    *m = gf_scenario_read_json(in->scenario, in->scenario_len, &err);
    if (*m && gf__runs_check_size(srv, *m, &err))
        http = 413;
    else if (*m && (sw = gf_sweep_create(in->spec, strlen(in->spec), *m, &err)) == NULL &&
             err.input[0] == '/') {
        char ptr[sizeof err.input];
        snprintf(ptr, sizeof ptr, "/spec%.*s", (int)sizeof ptr - 6, err.input);
        snprintf(err.input, sizeof err.input, "%s", ptr);
    } else if (sw && gf_sweep_runs(sw) > GF__SWEEP_MAX_RUNS) {
        gf_fail(&err, GF_ELIMIT,
                "the sweep asks for %lld runs, over this server's limit of %lld; run it with "
                "`grainflow sweep` instead, or ask for fewer runs",
                (long long)gf_sweep_runs(sw), (long long)GF__SWEEP_MAX_RUNS);
        gf_error_at(&err, "/spec/runs", 0, 0);
        gf_sweep_destroy(sw);
        sw = NULL;
        http = 413;
    }
    if (!sw) {
        gf__problem(res, err.code == GF_ENOMEM ? 503 : http, &err, req->path);
        gf_model_destroy(*m);
        *m = NULL;
    }
    return sw;
}

static void post_sweep(gf_server *srv, const gf__request *req, gf__response *res)
{
    sweep_input in = {0};
    gf_error err = {0};
    gf_store *st = NULL;
    gf_model *m = NULL;
    gf_sweep *sw = NULL;
    int64_t id = 0;
    bool done = false;

    if (read_body(req, res, &in))
        goto out;
    st = gf__store_or_fail(srv, req, res);
    if (!st)
        goto out;
    if (in.scenario_id[0] &&
        gf_store_get_scenario(st, in.scenario_id, &in.scenario, &in.scenario_len, &err)) {
        gf__problem(res, 0, &err, req->path);
        goto out;
    }
    in.scenario_stored = in.scenario_id[0] != '\0';
    sw = make_sweep(srv, req, res, &in, &m);
    if (!sw)
        goto out;
    if (!gf__runs_reserve(srv)) {
        gf__fail(res, 429, GF_ELIMIT, req->path,
                 "too many runs and sweeps at once; retry after a second (see max_runs in "
                 "openapi.json)");
        res->retry_after = 1;
        goto out;
    }
    if (gf_store_sweep_create(st, in.scenario_id[0] ? in.scenario_id : NULL, in.spec, in.scenario,
                              gf_sweep_header(sw), gf_sweep_runs(sw), &id, &err)) {
        gf__runs_unreserve(srv);
        gf__problem(res, 0, &err, req->path);
        goto out;
    }
    gf__store_release(srv, st);
    st = NULL;
    if (start(srv, id, m, sw, gf__wait_ms(srv, req), &done, &err)) { /* takes m and sw */
        m = NULL;
        sw = NULL;
        gf__problem(res, 503, &err, req->path);
        goto out;
    }
    m = NULL;
    sw = NULL;
    snprintf(res->location, sizeof res->location, GF__API "sweeps/%lld", (long long)id);
    reply_sweep(srv, req, res, id, done ? 201 : 202);
    if (!done)
        res->retry_after = 1;
out:
    gf_sweep_destroy(sw);
    gf_model_destroy(m);
    gf__store_release(srv, st);
    input_fini(&in);
}

static void list_sweeps(gf_server *srv, const gf__request *req, gf__response *res)
{
    int limit = gf__query_limit(req, res);
    gf_error err = {0};
    gf_store *st;
    char *text = NULL;

    if (!limit)
        return;
    st = gf__store_or_fail(srv, req, res);
    if (!st)
        return;
    if (gf_store_list_sweeps(st, limit, &text, &err))
        gf__problem(res, 0, &err, req->path);
    else
        gf__reply_store_text(res, 200, GF__JSON_TYPE, text);
    gf__store_release(srv, st);
}

/* One CSV cell [p, end) (quoted or not) into cell (unquoted); the end. */
static const char *csv_cell(const char *p, char *cell, size_t size)
{
    size_t n = 0;
    bool quoted = *p == '"';

    for (p += quoted; *p && *p != '\n' && (quoted || *p != ','); p++) {
        if (quoted && *p == '"') {
            if (p[1] != '"') {
                quoted = false;
                continue;
            }
            p++;
        }
        if (n + 1 < size)
            cell[n++] = *p;
    }
    cell[n] = '\0';
    return p;
}

/* A cell as JSON: null when empty; a whole number (tonnes, a run's index,
 * an event's 0/1) as an integer; a decimal (cents, factors: at most 15
 * significant digits, which a double keeps) as a real; else a string. */
static void cell_jsonw(gf_jsonw *w, const char *cell)
{
    char *end = NULL;
    long long i;
    double v;

    if (!cell[0]) {
        gf_jsonw_null(w);
        return;
    }
    errno = 0;
    i = strtoll(cell, &end, 10);
    if (!errno && !*end) {
        gf_jsonw_int(w, i);
        return;
    }
    errno = 0;
    v = strtod(cell, &end);
    if (!errno && !*end && (cell[0] == '-' || (cell[0] >= '0' && cell[0] <= '9')))
        gf_jsonw_real(w, v);
    else
        gf_jsonw_string(w, cell);
}

/* One CSV line as a JSON array of cells; the start of the next line. */
static const char *line_jsonw(gf_jsonw *w, const char *p, bool header)
{
    char cell[512];

    gf_jsonw_array(w);
    while (*p && *p != '\n') {
        p = csv_cell(p, cell, sizeof cell);
        if (header)
            gf_jsonw_string(w, cell);
        else
            cell_jsonw(w, cell);
        if (*p == ',' && (p[1] == '\n' || !p[1])) { /* a last empty cell */
            if (header)
                gf_jsonw_string(w, "");
            else
                gf_jsonw_null(w);
        }
        p += *p == ',';
    }
    gf_jsonw_end(w);
    return *p ? p + 1 : p;
}

/* The run table, CSV as kept, as {"columns": [...], "runs": [[...]]}. */
static char *table_json(const char *csv, size_t *len, gf_error *err)
{
    gf_jsonw_text text = {0};
    gf_jsonw w;
    const char *p = csv;

    gf_jsonw_init_text(&w, &text, false);
    gf_jsonw_object(&w);
    gf_jsonw_key(&w, "columns");
    p = line_jsonw(&w, p, true);
    gf_jsonw_key(&w, "runs");
    gf_jsonw_array(&w);
    while (*p)
        p = line_jsonw(&w, p, false);
    gf_jsonw_end(&w);
    gf_jsonw_end(&w);
    if (gf_jsonw_finish(&w, err)) {
        gf_release(text.data);
        return NULL;
    }
    *len = text.len;
    return text.data;
}

static void sweep_runs(gf_server *srv, const gf__request *req, gf__response *res, int64_t id)
{
    const char *fmt = req->arg(req, "format");
    gf_error err = {0};
    gf_store *st;
    char *csv = NULL, *json, *body;
    size_t len = 0;

    if (fmt && strcmp(fmt, "csv") && strcmp(fmt, "json")) {
        gf__fail(res, 400, GF_EINVAL, req->path, "format must be csv or json");
        return;
    }
    st = gf__store_or_fail(srv, req, res);
    if (!st)
        return;
    if (gf_store_sweep_table(st, id, &csv, &len, &err)) {
        gf__problem(res, 0, &err, req->path);
    } else if (fmt && !strcmp(fmt, "csv")) {
        gf__reply_store_text(res, 200, "text/csv; charset=utf-8", csv);
        csv = NULL;
    } else if ((json = table_json(csv, &len, &err)) == NULL || (body = malloc(len + 1)) == NULL) {
        gf_release(json);
        gf__problem(res, 503, err.code ? &err : &(gf_error){.code = GF_ENOMEM}, req->path);
    } else {
        memcpy(body, json, len + 1);
        gf_release(json);
        gf__reply_text(res, 200, GF__JSON_TYPE, body, len);
    }
    gf_store_free(csv);
    gf__store_release(srv, st);
}

/* DELETE /sweeps/{id} or POST /sweeps/{id}/cancel: its stop token (if it
 * runs here), then failed "cancelled" in the store; 409 when it was
 * finished already (a sweep that ended as the token was set stays done). */
static void cancel_sweep(gf_server *srv, const gf__request *req, gf__response *res, int64_t id)
{
    gf_error err = {0};
    gf_store *st = gf__store_or_fail(srv, req, res);
    int rc;

    if (!st)
        return;
    gf__jobs_cancel(srv, GF__JOB_SWEEP, id); /* first: the worker ends its transaction soon */
    rc = gf__sweep_mark_stopped(srv, st, id, GF__STOP_CANCEL, &err);
    gf__store_release(srv, st);
    if (rc == GF_ESTATE)
        gf__problem(res, 409, &err, req->path);
    else if (rc)
        gf__problem(res, 0, &err, req->path);
    else
        reply_sweep(srv, req, res, id, 200);
}

/* GET /sweeps/examples: the shipped specs, for the page's Sweep panel. */
static void sweep_examples(gf__response *res)
{
    size_t n = gf__server_sweep_examples_json_len;
    char *t = malloc(n + 1);

    if (t)
        memcpy(t, gf__server_sweep_examples_json, n + 1);
    gf__reply_text(res, t ? 200 : 503, GF__JSON_TYPE, t, n);
}

void gf__route_sweeps(gf_server *srv, const gf__request *req, gf__response *res, const char *rest)
{
    const char *sub;
    int64_t id;
    int cancel;

    if (!strcmp(rest, "examples")) {
        if (strcmp(req->method, "GET") != 0)
            gf__method_not_allowed(res, req->path, "GET");
        else
            sweep_examples(res);
        return;
    }
    if (!rest[0]) {
        gf__route_jobs(srv, req, res, list_sweeps, post_sweep);
        return;
    }
    id = gf__path_id(rest, &sub);
    if (id < 0 || (sub[0] && strcmp(sub, "runs") && strcmp(sub, "cancel"))) {
        gf__fail(res, 404, GF_ENOTFOUND, req->path, "no such sweep resource");
        return;
    }
    cancel = gf__is_cancel(req, res, sub);
    if (cancel) {
        if (cancel > 0)
            cancel_sweep(srv, req, res, id);
        return;
    }
    if (strcmp(req->method, "GET") != 0)
        gf__method_not_allowed(res, req->path, sub[0] ? "GET" : "GET, DELETE");
    else if (!sub[0])
        reply_sweep(srv, req, res, id, 200);
    else
        sweep_runs(srv, req, res, id);
}
