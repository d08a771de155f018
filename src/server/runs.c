/* src/server/runs.c: plan runs on worker threads.
 *
 * A run is solved on its own detached thread with its own model, network and
 * solver (the gf_whatif it takes) and a store handle of its own. The request
 * that started it waits on the server's condition variable up to the quick
 * limit; the job record is shared by the two threads under the server lock
 * and freed by whichever lets go of it last. A slot (max_runs) is reserved
 * before any work and released when the run ends, so at most max_runs solve
 * at once whatever the number of connections.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grainflow/export.h"
#include "server/server_int.h"

typedef struct job {
    gf_server *srv;
    gf_whatif *w;
    int64_t run_id;
    bool done;
    int refs; /* under srv->lock */
} job;

bool gf__runs_reserve(gf_server *srv)
{
    bool ok;

    pthread_mutex_lock(&srv->lock);
    ok = srv->active_runs < srv->cfg.max_runs;
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

/* Drop one reference to j under the lock; the last one frees it. */
static void job_release(job *j)
{
    bool last = --j->refs == 0;

    if (last)
        free(j);
}

/* The error of a failed run as JSON text (malloc); NULL when even that fails. */
static char *error_text(const gf_error *err)
{
    json_t *o =
        json_pack("{s:s, s:i, s:s, s:s, s:I, s:I}", "title", gf_strerror(err->code), "status",
                  gf_status_http(err->code), "detail", err->msg, "input", err->input, "line",
                  (json_int_t)err->line, "column", (json_int_t)err->column);
    char *t = o ? json_dumps(o, JSON_COMPACT) : NULL;

    json_decref(o);
    return t;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

    while (nanosleep(&ts, &ts) && errno == EINTR)
        ;
}

/* Solve and record: running, then done with result and GeoJSON, or failed. */
static void solve_and_store(job *j, gf_store *st)
{
    gf_error err = {0};
    gf_plan *plan = NULL;
    char *result = NULL, *geo = NULL, *etext;
    int rc;

    rc = gf_store_update_run(st, j->run_id, GF_RUN_RUNNING, NULL, &err);
    if (!rc && j->srv->cfg.test_delay_ms > 0)
        sleep_ms(j->srv->cfg.test_delay_ms);
    if (!rc) {
        plan = gf_whatif_solve(j->w, &err);
        rc = plan ? GF_OK : (err.code ? err.code : GF_EINTERNAL);
    }
    if (!rc) {
        result = gf_export_plan_text(plan, gf_export_plan_json, &err);
        geo = result ? gf_export_plan_text(plan, gf_export_plan_geojson, &err) : NULL;
        rc = geo ? GF_OK : (err.code ? err.code : GF_ENOMEM);
    }
    if (!rc)
        rc = gf_store_set_run_geojson(st, j->run_id, geo, &err);
    if (!rc)
        rc = gf_store_update_run(st, j->run_id, GF_RUN_DONE, result, &err);
    if (rc) {
        etext = error_text(&err);
        gf_store_update_run(st, j->run_id, GF_RUN_FAILED, etext, NULL);
        free(etext);
    }
    gf_release(result);
    gf_release(geo);
    gf_plan_destroy(plan);
}

static void *worker(void *arg)
{
    job *j = arg;
    gf_server *srv = j->srv;
    gf_error err = {0};
    gf_store *st = gf__store_acquire(srv, &err);

    if (st)
        solve_and_store(j, st);
    gf__store_release(srv, st);
    gf_whatif_destroy(j->w);
    j->w = NULL;
    pthread_mutex_lock(&srv->lock);
    j->done = true;
    srv->active_runs--;
    srv->workers--;
    job_release(j);
    pthread_cond_broadcast(&srv->cond);
    pthread_mutex_unlock(&srv->lock);
    return NULL;
}

static void deadline_in(struct timespec *ts, int ms)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

static int spawn(job *j, gf_error *err)
{
    pthread_attr_t attr;
    pthread_t t;
    int rc;

    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    rc = pthread_create(&t, &attr, worker, j);
    pthread_attr_destroy(&attr);
    return rc ? gf_fail(err, GF_EINTERNAL, "cannot start a run thread: %s", strerror(rc)) : 0;
}

int gf__runs_start(gf_server *srv, gf_whatif *w, int64_t run_id, int wait_ms, bool *done,
                   gf_error *err)
{
    struct timespec until;
    job *j = calloc(1, sizeof *j);
    int rc;

    *done = false;
    if (!j) {
        gf_whatif_destroy(w);
        gf__runs_unreserve(srv);
        return gf_fail(err, GF_ENOMEM, "out of memory starting a run");
    }
    *j = (job){srv, w, run_id, false, 2};
    pthread_mutex_lock(&srv->lock);
    srv->workers++;
    pthread_mutex_unlock(&srv->lock);
    rc = spawn(j, err);
    if (rc) {
        gf_whatif_destroy(w);
        free(j);
        pthread_mutex_lock(&srv->lock);
        srv->workers--;
        pthread_mutex_unlock(&srv->lock);
        gf__runs_unreserve(srv);
        return rc;
    }
    deadline_in(&until, wait_ms);
    pthread_mutex_lock(&srv->lock);
    while (!j->done && pthread_cond_timedwait(&srv->cond, &srv->lock, &until) != ETIMEDOUT)
        ;
    *done = j->done;
    job_release(j);
    pthread_mutex_unlock(&srv->lock);
    return GF_OK;
}

void gf__runs_drain(gf_server *srv)
{
    pthread_mutex_lock(&srv->lock);
    while (srv->workers > 0)
        pthread_cond_wait(&srv->cond, &srv->lock);
    pthread_mutex_unlock(&srv->lock);
}
