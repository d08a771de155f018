/* tests/support/model_lp.c: a gf_model as a linear program, solved by CLP.
 *
 * Columns in this order: purchases (one per supply row), deliveries (one per
 * demand row), link departures (link-major, then period), stocks (node-major,
 * then period). Rows: the balance of node n in period t is row n * P + t; the
 * throughput rows of the limited nodes follow, P per node, in node order.
 * Every column has at most 3 entries (departure: from, to, throughput).
 * SPDX-License-Identifier: MIT */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include <coin/Clp_C_Interface.h>

#include "support/model_lp.h"

#define MAX_NZ_PER_COL 3

static void *grow(void *p, size_t n, size_t size, bool *ok)
{
    void *q = realloc(p, n * size);

    if (!q)
        *ok = false;
    return q ? q : p;
}

/* Make room for one more column. Returns false when out of memory (nothing
 * is lost: the arrays keep their old contents). */
static bool reserve_col(model_lp *l)
{
    bool ok = true;
    int cap;

    if (l->ncol + 1 < l->cap)
        return true;
    if (l->cap > INT_MAX / (2 * MAX_NZ_PER_COL))
        return false;
    cap = l->cap ? 2 * l->cap : 256;
    l->start = grow(l->start, (size_t)cap + 1, sizeof *l->start, &ok);
    l->lo = grow(l->lo, (size_t)cap, sizeof *l->lo, &ok);
    l->up = grow(l->up, (size_t)cap, sizeof *l->up, &ok);
    l->obj = grow(l->obj, (size_t)cap, sizeof *l->obj, &ok);
    l->index = grow(l->index, (size_t)cap * MAX_NZ_PER_COL, sizeof *l->index, &ok);
    l->value = grow(l->value, (size_t)cap * MAX_NZ_PER_COL, sizeof *l->value, &ok);
    if (ok)
        l->cap = cap;
    return ok;
}

static bool add_col(model_lp *l, double lo, double up, double obj)
{
    if (!reserve_col(l))
        return false;
    l->start[l->ncol] = l->nnz;
    l->lo[l->ncol] = lo;
    l->up[l->ncol] = up;
    l->obj[l->ncol] = obj;
    l->ncol++;
    l->start[l->ncol] = l->nnz;
    return true;
}

static void add_nz(model_lp *l, int row, double v)
{
    l->index[l->nnz] = row;
    l->value[l->nnz] = v;
    l->nnz++;
    l->start[l->ncol] = l->nnz;
}

static bool add_offers(model_lp *l, const gf_model *m, int np)
{
    for (int32_t i = 0; i < gf_model_supply_count(m); i++) {
        const gf_supply *s = gf_model_supply(m, i);
        if (!add_col(l, 0, (double)s->t, (double)s->price_cents_per_t))
            return false;
        add_nz(l, s->node * np + s->period, 1);
    }
    for (int32_t j = 0; j < gf_model_demand_count(m); j++) {
        const gf_demand *d = gf_model_demand(m, j);
        if (!add_col(l, 0, (double)d->t, -(double)d->alt_cents_per_t))
            return false;
        add_nz(l, d->node * np + d->period, -1);
        l->constant += (double)d->t * (double)d->alt_cents_per_t;
    }
    return true;
}

static bool add_departures(model_lp *l, const gf_model *m, const int *thr_row)
{
    int32_t np = gf_model_periods(m);
    bool open = gf_model_horizon(m) == GF_HORIZON_OPEN;

    for (int32_t k = 0; k < gf_model_link_count(m); k++) {
        const gf_link *lk = gf_model_link(m, k);
        double up = lk->capacity_t == GF_UNLIMITED ? DBL_MAX : (double)lk->capacity_t;
        double cost =
            (double)(lk->cost_cents_per_t + gf_model_node(m, lk->to)->handling_cents_per_t);
        for (int32_t t = 0; t < np; t++) {
            int32_t a = t + lk->lag;
            if (open && a >= np)
                continue;
            a %= np;
            if (!add_col(l, 0, up, cost))
                return false;
            add_nz(l, lk->from * np + t, -1);
            add_nz(l, lk->to * np + a, 1);
            if (thr_row[lk->to] >= 0)
                add_nz(l, thr_row[lk->to] + a, 1);
        }
    }
    return true;
}

static bool add_stocks(model_lp *l, const gf_model *m)
{
    int32_t np = gf_model_periods(m);
    bool open = gf_model_horizon(m) == GF_HORIZON_OPEN;

    for (int32_t n = 0; n < gf_model_node_count(m); n++) {
        const gf_node *nd = gf_model_node(m, n);
        for (int32_t t = 0; nd->storage_t > 0 && t < np; t++) {
            if (open && t == np - 1)
                continue;
            if (!add_col(l, 0, (double)nd->storage_t, (double)nd->storage_cents_per_t))
                return false;
            add_nz(l, n * np + t, -1);
            add_nz(l, n * np + (t + 1) % np, 1);
        }
    }
    return true;
}

/* Row bounds: balances are equalities at 0, throughput rows <= the limit. */
static bool set_rows(model_lp *l, const gf_model *m, const int *thr_row)
{
    int32_t np = gf_model_periods(m);

    l->rlo = calloc((size_t)l->nrow + 1, sizeof *l->rlo);
    l->rup = calloc((size_t)l->nrow + 1, sizeof *l->rup);
    if (!l->rlo || !l->rup)
        return false;
    for (int32_t n = 0; n < gf_model_node_count(m); n++)
        for (int32_t t = 0; thr_row[n] >= 0 && t < np; t++) {
            l->rlo[thr_row[n] + t] = -DBL_MAX;
            l->rup[thr_row[n] + t] = (double)gf_model_node(m, n)->throughput_t;
        }
    return true;
}

int model_lp_build(model_lp *l, const gf_model *m)
{
    int32_t np = gf_model_periods(m), nn = gf_model_node_count(m);
    int *thr_row = NULL;
    long long nrow = (long long)nn * np;
    bool ok = false;

    *l = (model_lp){0};
    thr_row = calloc((size_t)nn + 1, sizeof *thr_row);
    if (!thr_row)
        goto out;
    for (int32_t n = 0; n < nn; n++) {
        thr_row[n] = -1;
        if (gf_model_node(m, n)->throughput_t != GF_UNLIMITED) {
            thr_row[n] = (int)nrow;
            nrow += np;
        }
        if (nrow > INT_MAX / 2)
            goto out;
    }
    l->nrow = (int)nrow;
    ok = add_offers(l, m, np) && add_departures(l, m, thr_row) && add_stocks(l, m) &&
         set_rows(l, m, thr_row);
out:
    free(thr_row);
    if (!ok)
        model_lp_fini(l);
    return ok ? 0 : -1;
}

void model_lp_fini(model_lp *l)
{
    if (!l)
        return;
    free(l->start);
    free(l->index);
    free(l->value);
    free(l->lo);
    free(l->up);
    free(l->obj);
    free(l->rlo);
    free(l->rup);
    *l = (model_lp){0};
}

/* The cost of CLP's column solution rounded to whole tonnes, in integers. */
static int64_t rounded_cost(const model_lp *l, const double *x)
{
    int64_t c = llround(l->constant);

    for (int j = 0; j < l->ncol; j++)
        c += llround(x[j]) * llround(l->obj[j]);
    return c;
}

int model_lp_solve_clp(const model_lp *l, model_lp_algo algo, double *obj, int64_t *cost_cents,
                       int64_t *rounded_cents, int *iterations)
{
    Clp_Simplex *clp = Clp_newModel();
    int status;

    if (!clp)
        return -1;
    Clp_setLogLevel(clp, 0);
    Clp_loadProblem(clp, l->ncol, l->nrow, l->start, l->index, l->value, l->lo, l->up, l->obj,
                    l->rlo, l->rup);
    if (algo == MODEL_LP_DUAL)
        Clp_initialDualSolve(clp);
    else if (algo == MODEL_LP_PRIMAL)
        Clp_initialPrimalSolve(clp);
    else if (algo == MODEL_LP_BARRIER)
        Clp_initialBarrierSolve(clp);
    else
        Clp_initialSolve(clp);
    status = Clp_status(clp);
    if (iterations)
        *iterations = Clp_numberIterations(clp);
    if (status == 0) {
        *obj = Clp_objectiveValue(clp);
        *cost_cents = llround(*obj + l->constant);
        if (rounded_cents)
            *rounded_cents = rounded_cost(l, Clp_getColSolution(clp));
    }
    Clp_deleteModel(clp);
    return status;
}

int model_lp_clp_cost(const gf_model *m, int64_t *cost_cents)
{
    model_lp l = {0};
    double obj = 0;
    int rc = model_lp_build(&l, m);

    if (rc == 0)
        rc = model_lp_solve_clp(&l, MODEL_LP_AUTO, &obj, cost_cents, NULL, NULL);
    model_lp_fini(&l);
    return rc;
}
