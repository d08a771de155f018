/* src/server/runs.c: plan runs on worker threads, their limits and their stop.
 *
 * A run is solved on its own detached thread with its own model, network and
 * solver (the gf_whatif it takes) and a store handle of its own. The request
 * that started it waits on the server's condition variable up to the quick
 * limit; the job record is shared by the two threads under the server lock
 * and freed by whichever lets go of it last. A slot (max_runs) is reserved
 * before any work and released when the run ends, so at most max_runs solve
 * at once whatever the number of connections.
 *
 * Jobs. A run, a sweep (api_sweeps.c) and a version-2 compare
 * (api_compare.c) share one header (server_int.h, gf__job_head: kind, id,
 * stop token, halt flag, deadline, done, references) and one list,
 * srv->jobs; this file starts the worker threads (gf__job_start, whose
 * request waits the quick limit), ends them (gf__job_finish) and stops jobs
 * of every kind the same way. A compare is solved on its request's thread,
 * so it only enters the list (gf__job_enter) with its client's socket, which
 * the deadline thread peeks at every tick: a hang-up (the peer closed its
 * side) stops it like a cancel, since nobody is left to read the answer.
 *
 * Stopping. Every job is on srv->jobs (under the lock) with a stop token,
 * an atomic int that is 0 while the run may go on and else says why it must
 * stop (cancelled, over its time, server stopping). Whoever stops a run
 * marks it failed in the store with that reason at once, then sets the
 * token; the worker checks the token before and after the solve, and its
 * own "done" is then refused by the store (a finished run is final, in one
 * statement), so a stopped run's result is dropped, never stored. Setting
 * the token also sets the job's halt flag, which the solver polls every 1024
 * pivots (gf_whatif_set_interrupt -> gf_mcf_set_interrupt, wired in
 * solve_and_store), so a stopped solve ends promptly and frees its slot.
 *
 * Memory. The worker enters a budget of max_run_memory_mb (alloc.h) for
 * the solve and the outputs, so every allocation of the library on its
 * thread is charged; the one that would pass the limit fails before it is
 * made, the solve or export returns GF_ENOMEM, and the run is failed with
 * a message naming the limit (written after leaving the budget, so that
 * the failure can always be recorded).
 *
 * Version-2 scenarios. A run whose model needs CLP/CBC (gf_lp_model_kind:
 * several products, conversions, departures, hubs) is planned by
 * gf_plan_v2_whatif from the run's stored scenario and edits (the edits'
 * closures become period overrides of the model, plan_v2.h) instead of the
 * network simplex of the gf_whatif. The same limits hold: its size was
 * checked before it queued, it runs in the memory budget, and the halt flag
 * is CBC's interrupt flag. CBC is also given a time limit of 80% of
 * run_timeout_s, so that a MIP that cannot be proven in time still hands
 * back its best plan, bound and gap (stored with status "time_limit" and
 * "optimal": false, never as optimal) before the server's own timeout would
 * drop the run. It stops once proven within GF_LP_GAP_SHARE_DEFAULT of
 * the saving (0.1%, what site proves: status "within_gap", never called
 * optimal). The stored result is the version-2 plan JSON (export_v2.c,
 * "version": 2) and its GeoJSON.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "grainflow/alloc.h"
#include "grainflow/export.h"
#include "grainflow/lp.h"
#include "grainflow/plan_v2.h"
#include "server/server_int.h"

/* A plan run: the header first (a gf__job_head * of it is the job). */
typedef struct job {
    gf__job_head h;    /* kind GF__JOB_RUN, id the run's */
    gf_whatif *w;      /* taken */
    gf_budget *budget; /* the worker's, while it solves (solve_v2 steps out of it) */
} job;

bool gf__runs_reserve(gf_server *srv)
{
    bool ok;

    pthread_mutex_lock(&srv->lock);
    ok = !srv->runs_stopping && srv->active_runs < srv->cfg.max_runs;
    if (ok)
        srv->active_runs++;
    pthread_mutex_unlock(&srv->lock);
    return ok;
}

void gf__runs_unreserve(gf_server *srv)
{
    pthread_mutex_lock(&srv->lock);
    srv->active_runs--;
    pthread_cond_broadcast(&srv->cond);
    pthread_mutex_unlock(&srv->lock);
}

int gf__runs_check_size(const gf_server *srv, const gf_model *m, gf_error *err)
{
    long long p = gf_model_periods(m), links = gf_model_link_count(m);
    long long nodes = gf_model_node_count(m);
    long long arcs = (links + 2 * nodes) * p + gf_model_supply_count(m) + gf_model_demand_count(m);

    if (arcs <= srv->cfg.max_arcs)
        return GF_OK;
    return gf_fail(err, GF_ELIMIT,
                   "the run's network would have about %lld arcs ((%lld links + 2 x %lld nodes) "
                   "x %lld periods), over this server's limit of %lld (serve --max-arcs); use "
                   "fewer periods or links",
                   arcs, links, nodes, p, srv->cfg.max_arcs);
}

/* Unlink h from srv->jobs, under the lock. */
static void job_unlink(gf__job_head *h)
{
    for (gf__job_head **pp = &h->srv->jobs; *pp; pp = &(*pp)->next)
        if (*pp == h) {
            *pp = h->next;
            break;
        }
}

/* Drop one reference of h under the lock (unlinking it first when unlink);
 * the last one frees the job, which h begins. */
static void job_release(gf__job_head *h, bool unlink)
{
    if (unlink)
        job_unlink(h);
    if (--h->refs == 0)
        free(h);
}

/* h's header fields for kind and id, on srv->jobs; under the lock. */
static void job_link_locked(gf_server *srv, gf__job_head *h, int kind, int64_t id, int fd)
{
    h->srv = srv;
    h->kind = kind;
    h->id = id;
    h->fd = fd;
    h->done = false;
    atomic_init(&h->stop, GF__STOP_NONE);
    h->halt = 0;
    gf__deadline_in(&h->until, CLOCK_MONOTONIC, (long)srv->cfg.run_timeout_s * 1000);
    h->next = srv->jobs;
    srv->jobs = h;
}

/* The error of a failed run as JSON text (malloc); NULL when even that fails. */
static char *error_text(const gf_error *err)
{
    json_t *o =
        json_pack("{s:s, s:i, s:s, s:s, s:I, s:I}", "title", gf_strerror(err->code), "status",
                  gf_status_http(err->code), "detail", err->msg, "input", err->input, "line",
                  (json_int_t)err->line, "column", (json_int_t)err->column);
    char *t = o ? gf__json_malloc(o, JSON_COMPACT, NULL) : NULL;

    json_decref(o);
    return t;
}

static const char *stop_title(int why)
{
    switch (why) {
    case GF__STOP_CANCEL:
        return "cancelled";
    case GF__STOP_TIMEOUT:
        return "over the time limit";
    default:
        return "interrupted";
    }
}

/* Mark run_id failed with the reason why, as one JSON object. */
static int mark_stopped(gf_store *st, int64_t run_id, int why, const char *detail, gf_error *err)
{
    json_t *o = json_pack("{s:s, s:s}", "title", stop_title(why), "detail", detail);
    char *t = o ? gf__json_malloc(o, JSON_COMPACT, NULL) : NULL;
    int rc;

    json_decref(o);
    rc = t ? gf_store_update_run(st, run_id, GF_RUN_FAILED, t, err)
           : gf_fail(err, GF_ENOMEM, "out of memory");
    free(t);
    return rc;
}

/* The test delay, in slices, so that a stop token ends it at once. */
static void test_delay(job *j)
{
    struct timespec slice = {0, 10 * 1000000L};

    for (int ms = 0; ms < j->h.srv->cfg.test_delay_ms && !atomic_load(&j->h.stop); ms += 10)
        nanosleep(&slice, NULL);
}

/* The stored input of j's run: its scenario's JSON (gf_store_free) and its
 * edits as JSON text (malloc). The store gives a run's input only once it
 * is done, so it is read from the run's record (scenario id, edits) and the
 * scenario it names. */
static int run_input(job *j, gf_store *st, char **scn, size_t *len, char **edits, gf_error *err)
{
    char *run = NULL;
    json_t *o = NULL;
    const char *id;
    int rc = gf_store_get_run(st, j->h.id, 0, &run, err);

    if (!rc) {
        o = json_loads(run, 0, NULL);
        id = o ? json_string_value(json_object_get(o, "scenario")) : NULL;
        *edits = id ? gf__json_malloc(json_object_get(o, "edits"), JSON_COMPACT, NULL) : NULL;
        rc = *edits ? gf_store_get_scenario(st, id, scn, len, err)
                    : gf_fail(err, GF_EINTERNAL, "run %lld: its stored record is unreadable",
                              (long long)j->h.id);
    }
    json_decref(o);
    gf_store_free(run);
    return rc;
}

/* The version-2 plan of j's run (header comment): its JSON and GeoJSON
 * texts (gf_release) into *result and *geo. */
static int solve_v2(job *j, gf_store *st, char **result, char **geo, gf_error *err)
{
    char *scn = NULL, *edits = NULL;
    size_t len = 0;
    gf_model *m = NULL;
    gf_plan_v2 *p = NULL;
    gf_lp_options o;
    int rc;

    gf_budget_enter(NULL); /* the store's reads are not the run's memory */
    rc = run_input(j, st, &scn, &len, &edits, err);
    gf_budget_enter(j->budget);
    if (rc)
        goto out;
    gf_lp_options_init(&o);
    o.interrupt = &j->h.halt;
    o.time_limit_s = 0.8 * j->h.srv->cfg.run_timeout_s;
    o.gap_share = GF_LP_GAP_SHARE_DEFAULT; /* within 0.1% of the saving, as site (lp.h) */
    p = gf_plan_v2_whatif(scn, len, edits, strlen(edits), &o, &m, err);
    if (!p) {
        rc = err->code ? err->code : GF_EINTERNAL;
        goto out;
    }
    *result = gf_export_plan_v2_text(p, false, err);
    *geo = *result ? gf_export_plan_v2_text(p, true, err) : NULL;
    rc = *geo ? GF_OK : (err->code ? err->code : GF_ENOMEM);
out:
    gf_plan_v2_destroy(p);
    gf_model_destroy(m);
    gf_budget_enter(NULL);
    gf_store_free(scn);
    free(edits);
    gf_budget_enter(j->budget);
    return rc;
}

/* Solve and record: running, then done with result and GeoJSON, or failed.
 * A stopped run was marked failed by whoever stopped it: skip what is left
 * (the store refuses its "done" anyway). */
static void solve_and_store(job *j, gf_store *st, gf_budget *budget)
{
    gf_error err = {0};
    gf_plan *plan = NULL;
    char *result = NULL, *geo = NULL, *etext;
    int rc;

    rc = gf_store_update_run(st, j->h.id, GF_RUN_RUNNING, NULL, &err);
    if (!rc)
        test_delay(j);
    if (!rc && atomic_load(&j->h.stop))
        goto out;
    if (!rc && gf_lp_model_kind(gf_whatif_model(j->w)) != GF_LP_KIND_NETWORK) {
        rc = solve_v2(j, st, &result, &geo, &err);
    } else if (!rc) {
        gf_whatif_set_interrupt(j->w, &j->h.halt);
        plan = gf_whatif_solve(j->w, &err);
        rc = plan ? GF_OK : (err.code ? err.code : GF_EINTERNAL);
    }
    if (atomic_load(&j->h.stop))
        goto out;
    if (!rc && plan) {
        result = gf_export_plan_text(plan, gf_export_plan_json, &err);
        geo = result ? gf_export_plan_text(plan, gf_export_plan_geojson, &err) : NULL;
        rc = geo ? GF_OK : (err.code ? err.code : GF_ENOMEM);
    }
    gf_budget_enter(NULL); /* the store's writes may always be made */
    if (rc && budget && gf_budget_exceeded(budget)) {
        gf_error_clear(&err); /* the real reason replaces "out of memory" */
        rc = gf_fail(&err, GF_ELIMIT,
                     "this run needs more than %lld MB of memory, this server's limit for one "
                     "run (serve --max-run-memory); plan it with fewer periods or links, or raise "
                     "the limit",
                     (long long)(gf_budget_limit(budget) >> 20));
    }
    if (!rc)
        rc = gf_store_set_run_geojson(st, j->h.id, geo, &err);
    if (!rc)
        rc = gf_store_update_run(st, j->h.id, GF_RUN_DONE, result, &err);
    if (rc && rc != GF_ESTATE) {
        etext = error_text(&err);
        gf_store_update_run(st, j->h.id, GF_RUN_FAILED, etext, NULL);
        free(etext);
    }
out:
    gf_store_prune_runs(st, j->h.srv->cfg.keep_runs, NULL, NULL); /* best effort: retention */
    gf_release(result);
    gf_release(geo);
    gf_plan_destroy(plan);
}

static void *worker(void *arg)
{
    job *j = arg;
    gf_server *srv = j->h.srv;
    gf_error err = {0};
    gf_store *st = gf__store_acquire(srv, &err);
    gf_budget *budget = gf_budget_create((size_t)srv->cfg.max_run_memory_mb << 20);

    j->budget = budget;
    if (st) {
        gf_budget_enter(budget); /* NULL (no memory for it): no limit */
        solve_and_store(j, st, budget);
        gf_budget_enter(NULL);
    }
    gf__store_release(srv, st);
    gf_budget_enter(budget); /* frees of the run's memory credit its budget */
    gf_whatif_destroy(j->w);
    gf_budget_enter(NULL);
    gf_budget_destroy(budget);
    j->w = NULL;
    gf__job_finish(&j->h);
    return NULL;
}

void gf__deadline_in(struct timespec *ts, clockid_t clock, long ms)
{
    clock_gettime(clock, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

int gf__worker_spawn(void *(*fn)(void *), void *arg, const char *what, gf_error *err)
{
    pthread_attr_t attr;
    pthread_t t;
    int rc;

    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    rc = pthread_create(&t, &attr, fn, arg);
    pthread_attr_destroy(&attr);
    return rc ? gf_fail(err, GF_EINTERNAL, "cannot start a %s thread: %s", what, strerror(rc)) : 0;
}

bool gf__worker_wait_locked(gf_server *srv, const bool *done, int wait_ms)
{
    struct timespec until;

    gf__deadline_in(&until, CLOCK_REALTIME, wait_ms);
    while (!*done && !srv->runs_stopping &&
           pthread_cond_timedwait(&srv->cond, &srv->lock, &until) != ETIMEDOUT)
        ;
    return *done;
}

void gf__worker_end_locked(gf_server *srv)
{
    srv->active_runs--;
    srv->workers--;
    pthread_cond_broadcast(&srv->cond);
}

int gf__job_start(gf_server *srv, gf__job_head *h, int kind, int64_t id, void *(*fn)(void *),
                  const char *what, int wait_ms, bool *done, gf_error *err)
{
    int rc;

    *done = false;
    pthread_mutex_lock(&srv->lock);
    job_link_locked(srv, h, kind, id, -1);
    h->refs = 2; /* the worker's and ours */
    srv->workers++;
    pthread_mutex_unlock(&srv->lock);
    rc = gf__worker_spawn(fn, h, what, err);
    if (rc) {
        pthread_mutex_lock(&srv->lock);
        srv->workers--;
        job_unlink(h); /* still the caller's */
        pthread_mutex_unlock(&srv->lock);
        return rc;
    }
    pthread_mutex_lock(&srv->lock);
    *done = gf__worker_wait_locked(srv, &h->done, wait_ms);
    job_release(h, false);
    pthread_mutex_unlock(&srv->lock);
    return GF_OK;
}

void gf__job_finish(gf__job_head *h)
{
    gf_server *srv = h->srv;

    pthread_mutex_lock(&srv->lock);
    h->done = true;
    gf__worker_end_locked(srv);
    job_release(h, true);
    pthread_mutex_unlock(&srv->lock);
}

void gf__job_enter(gf_server *srv, gf__job_head *h, int kind, int fd)
{
    pthread_mutex_lock(&srv->lock);
    job_link_locked(srv, h, kind, 0, fd);
    h->refs = 1;
    if (srv->runs_stopping) { /* stopped already: it stops at once */
        atomic_store(&h->stop, GF__STOP_SHUTDOWN);
        h->halt = 1;
    }
    pthread_mutex_unlock(&srv->lock);
}

void gf__job_leave(gf__job_head *h)
{
    pthread_mutex_lock(&h->srv->lock);
    job_unlink(h);
    pthread_mutex_unlock(&h->srv->lock);
}

int gf__runs_start(gf_server *srv, gf_whatif *w, int64_t run_id, int wait_ms, bool *done,
                   gf_error *err)
{
    job *j = calloc(1, sizeof *j);
    int rc;

    *done = false;
    if (!j) {
        gf_whatif_destroy(w);
        gf__runs_unreserve(srv);
        return gf_fail(err, GF_ENOMEM, "out of memory starting a run");
    }
    j->w = w;
    rc = gf__job_start(srv, &j->h, GF__JOB_RUN, run_id, worker, "run", wait_ms, done, err);
    if (rc) {
        gf_whatif_destroy(w);
        free(j);
        gf__runs_unreserve(srv);
    }
    return rc;
}

/* True when the peer of socket fd has closed its side (or the socket
 * failed): a peek that reads end of file. Never blocks. */
static bool hung_up(int fd)
{
    char c;
    ssize_t n = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);

    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

/* A stopped job: its kind and id, to mark in the store. */
typedef struct stopped {
    int kind;
    int64_t id;
} stopped;

/* Set the stop token of the jobs of the kinds (a GF__JOB_* mask) and id (0:
 * any) not yet stopped: past their deadline when why is a timeout, whose
 * client hung up when why is a cancel of every compare (id 0). Under the
 * lock; the stopped jobs go to out (at most n); returns how many. */
static int set_stops(gf_server *srv, int kinds, int64_t id, int why, stopped *out, int n)
{
    struct timespec now;
    int k = 0;

    clock_gettime(CLOCK_MONOTONIC, &now);
    for (gf__job_head *h = srv->jobs; h && k < n; h = h->next) {
        bool late = now.tv_sec > h->until.tv_sec ||
                    (now.tv_sec == h->until.tv_sec && now.tv_nsec >= h->until.tv_nsec);
        if (!(h->kind & kinds) || (id && h->id != id) || atomic_load(&h->stop) ||
            (why == GF__STOP_TIMEOUT && !late) ||
            (why == GF__STOP_CANCEL && !id && (h->fd < 0 || !hung_up(h->fd))))
            continue;
        atomic_store(&h->stop, why);
        __atomic_store_n(&h->halt, 1, __ATOMIC_RELAXED); /* ends the solve within 1024 pivots */
        out[k++] = (stopped){h->kind, h->id};
    }
    return k;
}

bool gf__jobs_cancel(gf_server *srv, int kind, int64_t id)
{
    stopped s;
    int k;

    if (id <= 0)
        return false;
    pthread_mutex_lock(&srv->lock);
    k = set_stops(srv, kind, id, GF__STOP_CANCEL, &s, 1);
    pthread_mutex_unlock(&srv->lock);
    return k > 0;
}

/* Stop the jobs that kinds and why select and mark the runs and sweeps
 * among them failed in the store (a compare answers its own client). */
static void stop_jobs(gf_server *srv, int kinds, int why)
{
    stopped s[256];
    char detail[128];
    gf_error err = {0};
    gf_store *st;
    int k, marks = 0;

    pthread_mutex_lock(&srv->lock);
    k = set_stops(srv, kinds, 0, why, s, (int)(sizeof s / sizeof s[0]));
    pthread_mutex_unlock(&srv->lock);
    if (why == GF__STOP_TIMEOUT)
        snprintf(detail, sizeof detail,
                 "the run was still solving after %d s (serve --run-timeout); its result is "
                 "dropped",
                 srv->cfg.run_timeout_s);
    else
        snprintf(detail, sizeof detail, "the server stopped before the run finished");
    for (int i = 0; i < k; i++)
        marks += s[i].kind != GF__JOB_COMPARE;
    st = marks ? gf__store_acquire(srv, &err) : NULL;
    for (int i = 0; st && i < k; i++)
        if (s[i].kind == GF__JOB_RUN)
            mark_stopped(st, s[i].id, why, detail, NULL);
        else if (s[i].kind == GF__JOB_SWEEP)
            gf__sweep_mark_stopped(srv, st, s[i].id, why, NULL);
    gf__store_release(srv, st);
}

int gf__runs_mark_cancelled(gf_store *st, int64_t run_id, gf_error *err)
{
    return mark_stopped(st, run_id, GF__STOP_CANCEL, "cancelled by a DELETE of the run", err);
}

void gf__runs_tick(gf_server *srv)
{
    stop_jobs(srv, GF__JOB_RUN | GF__JOB_SWEEP | GF__JOB_COMPARE, GF__STOP_TIMEOUT);
    stop_jobs(srv, GF__JOB_COMPARE, GF__STOP_CANCEL); /* the hung-up clients' */
}

void gf__runs_stop_all(gf_server *srv)
{
    pthread_mutex_lock(&srv->lock);
    srv->runs_stopping = true;
    pthread_cond_broadcast(&srv->cond); /* requests waiting on a run answer 202 now */
    pthread_mutex_unlock(&srv->lock);
    stop_jobs(srv, GF__JOB_RUN | GF__JOB_SWEEP | GF__JOB_COMPARE, GF__STOP_SHUTDOWN);
}

bool gf__runs_drain(gf_server *srv, int grace_ms)
{
    struct timespec until;
    bool all;

    gf__deadline_in(&until, CLOCK_REALTIME, grace_ms);
    pthread_mutex_lock(&srv->lock);
    while (srv->workers > 0 && pthread_cond_timedwait(&srv->cond, &srv->lock, &until) != ETIMEDOUT)
        ;
    all = srv->workers == 0;
    pthread_mutex_unlock(&srv->lock);
    return all;
}
