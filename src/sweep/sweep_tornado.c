/* src/sweep/sweep_tornado.c: the tornado table, ranked by the swing in saving.
 *
 * gf_sweep_tornado (sweep_exec.c) solves each input alone at its two ends;
 * this file ranks those answers for every writer of the table (the CLI's
 * tornado.csv, text and --json, the server's sweep result), so they agree
 * on the order: largest swing first, an input whose run failed (NaN) last,
 * ties by the input's order in the spec. The sort is an insertion sort on
 * at most GF_SWEEP_MAX_PARAMS + GF_SWEEP_MAX_EVENTS inputs, with no global
 * state, so two sweeps may rank at once on two threads.
 * SPDX-License-Identifier: MIT */
#include <math.h>
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

int gf_sweep_tornado_table_make(const gf_sweep *s, gf_sweep_tornado_table *t, gf_error *err)
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
    rc = gf_sweep_tornado(s, &t->base_usd, t->low_usd, t->high_usd, err);
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
