/* src/sweep/sweep_exec.c: run a sweep's share on threads, pass the rows on in run order.
 *
 * The runs are cut into chains of L = gf_sweep_chain_runs runs (sweep.h:
 * each chain starts from the same basis, that of the base run, so a run's
 * answer does not depend on how the sweep is split). The share is the chains first,
 * first + step, ... (MPI gives each rank one; a single process takes 0, 1);
 * its k-th run is run (first + (k / L) step) L + k mod L (only the last
 * chain of the sweep may be short, and it ends its share). Workers claim a
 * whole chain under one mutex and solve its runs in order, each into slot
 * k mod W of a ring of W = max(64, L) x threads results. A chain's runs are
 * solved in the worker's order (gf__sweep_worker_order: nearest inputs
 * next), not in run order, so a worker waits until the chain's last slot
 * is within W of the writer before it starts the chain (the worker of the
 * lowest unwritten chain needs at most L <= W, so it never waits: no
 * deadlock). In a share of several (step > 1, MPI) the writer also waits
 * for the other ranks' chains between two of its own (cmd_sweep.c), and
 * with a window of one chain a worker then stood idle until the slowest
 * rank caught up: such a share's window is SHARE_AHEAD times larger, so
 * its workers run up to that many chains ahead, as a sender's ring of
 * messages lets it (sweep_mpi.c). The calling thread waits for
 * slot k, hands it to the sink, empties it and moves on; so the sink sees
 * the runs in order whatever the workers' interleaving, and memory is W
 * results however many runs there are. The first error (a worker's, or the
 * sink's) stops every thread. The workers charge their allocations to the
 * memory budget the calling thread is in (alloc.h), so a server that runs a
 * sweep inside a budget caps the whole sweep, its threads included.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "grainflow/alloc.h"
#include "lp/lp_int.h" /* gf__lp_halted: the one reader of an interrupt flag */
#include "sweep/sweep_int.h"

#define WINDOW_PER_THREAD 64
#define MAX_THREADS       256
#define SHARE_AHEAD       4 /* a share of several (MPI): chains a worker may run ahead */

typedef struct exec {
    const gf_sweep *s;
    const gf_sweep_exec_opts *o;
    int64_t chain;  /* runs per chain */
    int64_t n;      /* runs in the share */
    int64_t window; /* slots */
    gf_sweep_result *res;
    uint8_t *full, *skipped;
    int64_t next_chain, next_write; /* next position (of a chain start) to claim, to write */
    bool stop;
    int rc;
    gf_error err;
    gf_budget *budget; /* the caller's, entered by every worker */
    pthread_mutex_t mu;
    pthread_cond_t ready, space;
} exec;

static void fail(exec *x, int rc, const gf_error *e)
{
    pthread_mutex_lock(&x->mu);
    if (!x->rc) {
        x->rc = rc;
        x->err = *e;
    }
    x->stop = true;
    pthread_cond_broadcast(&x->ready);
    pthread_cond_broadcast(&x->space);
    pthread_mutex_unlock(&x->mu);
}

static bool is_done(const exec *x, int64_t run)
{
    return x->o->done && (x->o->done[run / 8] >> (run % 8)) & 1;
}

/* The run at position k of the share. */
static int64_t run_at(const exec *x, int64_t k)
{
    return (x->o->first + (k / x->chain) * x->o->step) * x->chain + k % x->chain;
}

/* The position of the next chain to solve, or -1 when none is left (or a stop). */
static int64_t claim(exec *x)
{
    int64_t k = -1;

    pthread_mutex_lock(&x->mu);
    if (!x->stop && x->next_chain < x->n) {
        k = x->next_chain;
        x->next_chain += x->chain;
    }
    pthread_mutex_unlock(&x->mu);
    return k;
}

/* Wait until slot k is the writer's to come (within the window). */
static bool wait_space(exec *x, int64_t k)
{
    bool go;

    pthread_mutex_lock(&x->mu);
    while (!x->stop && k >= x->next_write + x->window)
        pthread_cond_wait(&x->space, &x->mu);
    go = !x->stop;
    pthread_mutex_unlock(&x->mu);
    return go;
}

static void put(exec *x, int64_t slot, bool skip)
{
    pthread_mutex_lock(&x->mu);
    x->skipped[slot] = skip;
    x->full[slot] = 1;
    pthread_cond_broadcast(&x->ready);
    pthread_mutex_unlock(&x->mu);
}

/* The chain at position k0: skipped when all of it is done, else solved
 * whole from the start of a chain (gf__sweep_worker_start). */
static int run_chain(exec *x, gf_sweep_worker *w, int64_t k0, gf_error *e)
{
    int64_t end = k0 + x->chain < x->n ? k0 + x->chain : x->n;
    bool all_done = true;
    int rc = GF_OK;

    for (int64_t k = k0; k < end && all_done; k++)
        all_done = is_done(x, run_at(x, k));
    const int32_t *order = gf__sweep_worker_order(w, run_at(x, k0), (int32_t)(end - k0));

    if (!all_done)
        rc = gf__sweep_worker_start(w, e);
    if (!rc && !wait_space(x, end - 1))
        return GF_OK;
    for (int64_t i = 0; !rc && i < end - k0; i++) {
        int64_t k = k0 + order[i], slot = k % x->window;
        if (!all_done)
            rc = gf_sweep_worker_run(w, run_at(x, k), &x->res[slot], e);
        if (!rc && gf__lp_halted(x->o->cancel))
            rc = gf_fail(e, GF_ESTATE, "the sweep was cancelled");
        if (!rc)
            put(x, slot, all_done || is_done(x, run_at(x, k)));
    }
    return rc;
}

static void *worker_main(void *arg)
{
    exec *x = arg;
    gf_error e = {0};
    gf_budget *prev = gf_budget_enter(x->budget);
    gf_sweep_worker *w = gf_sweep_worker_create(x->s, &e);
    int64_t k;
    int rc = w ? GF_OK : e.code ? e.code : GF_ENOMEM;

    gf__sweep_worker_set_cancel(w, x->o->cancel); /* a v2 run's solves stop too */
    while (!rc && (k = claim(x)) >= 0)
        rc = run_chain(x, w, k, &e);
    if (rc)
        fail(x, rc, &e);
    gf_sweep_worker_destroy(w);
    gf_budget_enter(prev);
    return NULL;
}

/* The writer: slot after slot, in order, to the sink. */
static void write_all(exec *x, gf_sweep_sink sink, void *ud)
{
    for (int64_t k = 0; k < x->n; k++) {
        int64_t slot = k % x->window;
        gf_error e = {0};
        int rc;
        pthread_mutex_lock(&x->mu);
        while (!x->stop && !x->full[slot])
            pthread_cond_wait(&x->ready, &x->mu);
        pthread_mutex_unlock(&x->mu);
        if (x->stop)
            return;
        rc = sink(ud, run_at(x, k), x->skipped[slot] ? NULL : &x->res[slot], &e);
        if (rc) {
            fail(x, rc, &e);
            return;
        }
        pthread_mutex_lock(&x->mu);
        x->full[slot] = 0;
        x->next_write++;
        pthread_cond_broadcast(&x->space);
        pthread_mutex_unlock(&x->mu);
    }
}

/* Runs in the share: its whole chains, and the short last one if it is its. */
static int64_t share_size(const exec *x)
{
    int64_t n_chains = (x->s->runs + x->chain - 1) / x->chain, n = 0;

    for (int64_t c = x->o->first; c < n_chains; c += x->o->step)
        n += c == n_chains - 1 ? x->s->runs - c * x->chain : x->chain;
    return n;
}

static int check_opts(const gf_sweep *s, const gf_sweep_exec_opts *o, gf_sweep_sink sink,
                      gf_error *err)
{
    if (!s || !o || !sink)
        return gf_fail(err, GF_EINVAL, "gf_sweep_exec: NULL argument");
    if (o->threads < 1 || o->threads > MAX_THREADS)
        return gf_fail(err, GF_EINVAL, "threads must be 1..%d (got %d)", MAX_THREADS, o->threads);
    if (o->step < 1 || o->first < 0)
        return gf_fail(err, GF_EINVAL, "gf_sweep_exec: a share needs first >= 0 and step >= 1");
    return GF_OK;
}

int gf_sweep_exec(const gf_sweep *s, const gf_sweep_exec_opts *o, gf_sweep_sink sink, void *ud,
                  gf_error *err)
{
    exec x = {0};
    pthread_t tid[MAX_THREADS];
    int started = 0, rc = check_opts(s, o, sink, err);

    if (rc)
        return rc;
    x.s = s;
    x.o = o;
    x.budget = gf_budget_enter(NULL); /* read the caller's budget, and stay in it */
    gf_budget_enter(x.budget);
    x.chain = gf_sweep_chain_runs(s);
    x.n = share_size(&x);
    x.window = (x.chain > WINDOW_PER_THREAD ? x.chain : WINDOW_PER_THREAD) * o->threads *
               (o->step > 1 ? SHARE_AHEAD : 1);
    x.res = gf_calloc((size_t)x.window, sizeof *x.res);
    x.full = gf_calloc((size_t)x.window, 1);
    x.skipped = gf_calloc((size_t)x.window, 1);
    if (!x.res || !x.full || !x.skipped) {
        rc = gf_fail(err, GF_ENOMEM, "out of memory");
        goto out;
    }
    pthread_mutex_init(&x.mu, NULL);
    pthread_cond_init(&x.ready, NULL);
    pthread_cond_init(&x.space, NULL);
    for (; started < o->threads; started++)
        if (pthread_create(&tid[started], NULL, worker_main, &x)) {
            gf_error e = {0};
            gf_fail(&e, GF_EINTERNAL, "cannot start worker thread %d", started + 1);
            fail(&x, GF_EINTERNAL, &e);
            break;
        }
    if (started)
        write_all(&x, sink, ud);
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    pthread_cond_destroy(&x.space);
    pthread_cond_destroy(&x.ready);
    pthread_mutex_destroy(&x.mu);
    rc = x.rc;
    if (rc && err && !err->code)
        *err = x.err;
out:
    for (int64_t i = 0; x.res && i < x.window; i++)
        gf_sweep_result_fini(&x.res[i]);
    gf_free(x.res, (size_t)x.window * sizeof *x.res);
    gf_free(x.full, (size_t)x.window);
    gf_free(x.skipped, (size_t)x.window);
    return rc;
}

/* ---- the tornado ---- */

static double saving_of(gf_sweep_worker *w, const double *v, const bool *ev, gf_sweep_result *res,
                        int *rc, gf_error *err)
{
    *rc = gf_sweep_worker_run_inputs(w, -1, v, ev, res, err);
    return !*rc && res->ok ? res->saving_usd : NAN;
}

int gf_sweep_tornado(const gf_sweep *s, double *base_usd, double *low_usd, double *high_usd,
                     gf_error *err)
{
    gf_sweep_worker *w = NULL;
    gf_sweep_result res = {0};
    double *v = NULL;
    bool *ev = NULL;
    int rc = GF_OK;

    if (!s || !base_usd || !low_usd || !high_usd)
        return gf_fail(err, GF_EINVAL, "gf_sweep_tornado: NULL argument");
    w = gf_sweep_worker_create(s, err);
    v = gf_calloc((size_t)s->n_params + 1, sizeof *v);
    ev = gf_calloc((size_t)s->n_events + 1, sizeof *ev);
    if (!w || !v || !ev) {
        rc = w                  ? gf_fail(err, GF_ENOMEM, "out of memory")
             : err && err->code ? err->code
                                : GF_ENOMEM;
        goto out;
    }
    for (int32_t p = 0; p < s->n_params; p++)
        v[p] = s->params[p].base;
    *base_usd = saving_of(w, v, ev, &res, &rc, err);
    for (int32_t p = 0; !rc && p < s->n_params; p++) {
        v[p] = gf_sweep_param_quantile(s, p, 0.1);
        low_usd[p] = saving_of(w, v, ev, &res, &rc, err);
        v[p] = gf_sweep_param_quantile(s, p, 0.9);
        if (!rc)
            high_usd[p] = saving_of(w, v, ev, &res, &rc, err);
        v[p] = s->params[p].base;
    }
    for (int32_t e = 0; !rc && e < s->n_events; e++) {
        ev[e] = true;
        low_usd[s->n_params + e] = *base_usd;
        high_usd[s->n_params + e] = saving_of(w, v, ev, &res, &rc, err);
        ev[e] = false;
    }
out:
    gf_sweep_result_fini(&res);
    gf_free(v, ((size_t)s->n_params + 1) * sizeof *v);
    gf_free(ev, ((size_t)s->n_events + 1) * sizeof *ev);
    gf_sweep_worker_destroy(w);
    return rc;
}
