/* src/sweep/sweep_tornado.c: the tornado table, ranked by the swing in saving.
 *
 * gf_sweep_tornado (sweep_exec.c) solves each input alone at its two ends;
 * this file ranks those answers for every writer of the table (the CLI's
 * tornado.csv, text and --json, the server's sweep result), so they agree
 * on the order: largest swing first, an input whose run failed (NaN) last,
 * ties by the input's order in the spec. The sort is an insertion sort on
 * at most GF_SWEEP_MAX_PARAMS + GF_SWEEP_MAX_EVENTS inputs, with no global
 * state, so two sweeps may rank at once on two threads.
 *
 * A version-2 sweep's runs take seconds each (sweep_v2.c), so its tornado
 * is solved here instead, by gf_sweep_tornado_table_make_threads: the
 * 1 + 2 x parameters + events input sets are listed, a set equal to an
 * earlier one (an end at the base, as a list's base often is) is solved
 * once, and the distinct ones are shared out over the threads, each with
 * its own worker; the answers are the same as one thread's, since each run
 * builds its own model. A version-1 tornado stays gf_sweep_tornado's
 * (warm re-solves of one network, milliseconds each).
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "grainflow/alloc.h"
#include "sweep/sweep_int.h"

double gf_sweep_tornado_swing(const gf_sweep_tornado_table *t, int32_t i)
{
    double s;

    if (!t || i < 0 || i >= t->n)
        return -1;
    s = fabs(t->high_usd[i] - t->low_usd[i]);
    return isfinite(s) ? s : -1;
}

/* True when input a goes above input b. */
static bool ranks_above(const gf_sweep_tornado_table *t, int32_t a, int32_t b)
{
    double sa = gf_sweep_tornado_swing(t, a), sb = gf_sweep_tornado_swing(t, b);

    return sa != sb ? sa > sb : a < b;
}

void gf_sweep_tornado_table_fini(gf_sweep_tornado_table *t)
{
    if (!t)
        return;
    gf_free(t->order, ((size_t)t->n + 1) * sizeof *t->order);
    gf_free(t->low_usd, ((size_t)t->n + 1) * sizeof *t->low_usd);
    gf_free(t->high_usd, ((size_t)t->n + 1) * sizeof *t->high_usd);
    memset(t, 0, sizeof *t);
}

/* ---- version 2: distinct input sets, on threads ---- */

typedef struct tpoint {
    double *v;     /* size n_params */
    bool *ev;      /* size n_events */
    int32_t same;  /* an earlier point with the same inputs, or -1 */
    double saving; /* NaN when the run failed */
} tpoint;

typedef struct tjob {
    const gf_sweep *s;
    tpoint *pt;
    int32_t n, next;
    int rc;
    gf_error err;
    gf_budget *budget;
    pthread_mutex_t mu;
} tjob;

static void *tornado_thread(void *arg)
{
    tjob *j = arg;
    gf_budget *prev = gf_budget_enter(j->budget);
    gf_error e = {0};
    gf_sweep_worker *w = gf_sweep_worker_create(j->s, &e);
    gf_sweep_result res = {0};
    int rc = w ? GF_OK : e.code ? e.code : GF_ENOMEM;

    for (;;) {
        int32_t i;
        pthread_mutex_lock(&j->mu);
        i = rc || j->rc ? j->n : j->next++;
        pthread_mutex_unlock(&j->mu);
        if (i >= j->n)
            break;
        if (j->pt[i].same >= 0)
            continue;
        rc = gf_sweep_worker_run_inputs(w, -1, j->pt[i].v, j->pt[i].ev, &res, &e);
        j->pt[i].saving = !rc && res.ok ? res.saving_usd : NAN;
    }
    pthread_mutex_lock(&j->mu);
    if (rc && !j->rc) {
        j->rc = rc;
        j->err = e;
    }
    pthread_mutex_unlock(&j->mu);
    gf_sweep_result_fini(&res);
    gf_sweep_worker_destroy(w);
    gf_budget_enter(prev);
    return NULL;
}

/* Point k's inputs: 0 the base, 1 + 2p / 2 + 2p parameter p at P10 / P90,
 * 1 + 2 n_params + e event e on. */
static void point_inputs(const gf_sweep *s, int32_t k, double *v, bool *ev)
{
    for (int32_t p = 0; p < s->n_params; p++)
        v[p] = s->params[p].base;
    memset(ev, 0, (size_t)s->n_events * sizeof *ev);
    if (k >= 1 && k <= 2 * s->n_params)
        v[(k - 1) / 2] = gf_sweep_param_quantile(s, (k - 1) / 2, k % 2 ? 0.1 : 0.9);
    else if (k > 2 * s->n_params)
        ev[k - 1 - 2 * s->n_params] = true;
}

static bool same_inputs(const gf_sweep *s, const tpoint *a, const tpoint *b)
{
    return memcmp(a->v, b->v, (size_t)s->n_params * sizeof *a->v) == 0 &&
           memcmp(a->ev, b->ev, (size_t)s->n_events * sizeof *a->ev) == 0;
}

static int tornado_v2(const gf_sweep *s, int threads, gf_sweep_tornado_table *t, gf_error *err)
{
    tjob j = {0};
    pthread_t tid[64];
    int32_t n = 1 + 2 * s->n_params + s->n_events, started = 0;
    size_t np = (size_t)s->n_params + 1, ne = (size_t)s->n_events + 1;
    double *vals = gf_calloc((size_t)n * np, sizeof *vals);
    bool *evs = gf_calloc((size_t)n * ne, sizeof *evs);

    j.pt = gf_calloc((size_t)n, sizeof *j.pt);
    if (!vals || !evs || !j.pt) {
        j.rc = gf_fail(err, GF_ENOMEM, "out of memory");
        goto out;
    }
    for (int32_t k = 0; k < n; k++) {
        j.pt[k] = (tpoint){vals + (size_t)k * np, evs + (size_t)k * ne, -1, NAN};
        point_inputs(s, k, j.pt[k].v, j.pt[k].ev);
        for (int32_t i = 0; i < k && j.pt[k].same < 0; i++)
            if (j.pt[i].same < 0 && same_inputs(s, &j.pt[i], &j.pt[k]))
                j.pt[k].same = i;
    }
    j.s = s;
    j.n = n;
    j.budget = gf_budget_enter(NULL); /* the caller's, for every thread */
    gf_budget_enter(j.budget);
    pthread_mutex_init(&j.mu, NULL);
    threads = threads < 1 ? 1 : threads > 64 ? 64 : threads > n ? n : threads;
    for (; started < threads; started++)
        if (pthread_create(&tid[started], NULL, tornado_thread, &j))
            break;
    if (!started)
        tornado_thread(&j);
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    pthread_mutex_destroy(&j.mu);
    if (j.rc && err)
        *err = j.err;
    for (int32_t k = 0; !j.rc && k < n; k++) {
        double v = j.pt[k].same >= 0 ? j.pt[j.pt[k].same].saving : j.pt[k].saving;
        if (k == 0)
            t->base_usd = v;
        else if (k <= 2 * s->n_params)
            (k % 2 ? t->low_usd : t->high_usd)[(k - 1) / 2] = v;
        else
            t->high_usd[k - 1 - s->n_params] = v;
    }
    for (int32_t e = 0; !j.rc && e < s->n_events; e++)
        t->low_usd[s->n_params + e] = t->base_usd;
out:
    gf_free(vals, (size_t)n * np * sizeof *vals);
    gf_free(evs, (size_t)n * ne * sizeof *evs);
    gf_free(j.pt, (size_t)n * sizeof *j.pt);
    return j.rc;
}

int gf_sweep_tornado_table_make(const gf_sweep *s, gf_sweep_tornado_table *t, gf_error *err)
{
    return gf_sweep_tornado_table_make_threads(s, 1, t, err);
}

int gf_sweep_tornado_table_make_threads(const gf_sweep *s, int threads, gf_sweep_tornado_table *t,
                                        gf_error *err)
{
    int rc;

    if (!s || !t)
        return gf_fail(err, GF_EINVAL, "gf_sweep_tornado_table_make: NULL argument");
    memset(t, 0, sizeof *t);
    t->n = s->n_params + s->n_events;
    t->order = gf_calloc((size_t)t->n + 1, sizeof *t->order);
    t->low_usd = gf_calloc((size_t)t->n + 1, sizeof *t->low_usd);
    t->high_usd = gf_calloc((size_t)t->n + 1, sizeof *t->high_usd);
    if (!t->order || !t->low_usd || !t->high_usd) {
        gf_sweep_tornado_table_fini(t);
        return gf_fail(err, GF_ENOMEM, "out of memory");
    }
    rc = s->v2 ? tornado_v2(s, threads, t, err)
               : gf_sweep_tornado(s, &t->base_usd, t->low_usd, t->high_usd, err);
    for (int32_t i = 0; i < t->n; i++) {
        int32_t j = i;
        for (; j > 0 && ranks_above(t, i, t->order[j - 1]); j--)
            t->order[j] = t->order[j - 1];
        t->order[j] = i;
    }
    return rc;
}

const char *gf_sweep_input_name(const gf_sweep *s, int32_t i)
{
    if (!s || i < 0 || i >= s->n_params + s->n_events)
        return NULL;
    return i < s->n_params ? s->params[i].name : s->events[i - s->n_params].name;
}

bool gf_sweep_input_is_event(const gf_sweep *s, int32_t i)
{
    return s && i >= s->n_params && i < s->n_params + s->n_events;
}

void gf_sweep_input_ends(const gf_sweep *s, int32_t i, double *lo, double *hi)
{
    bool param = s && i >= 0 && i < s->n_params;

    *lo = param ? gf_sweep_param_quantile(s, i, 0.1) : 0;
    *hi = param ? gf_sweep_param_quantile(s, i, 0.9) : 1;
}
