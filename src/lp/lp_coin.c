/* src/lp/lp_coin.c: the COIN-OR adapter: solve a gf__lp_prog with CLP (LP) or CBC (MIP).
 *
 * The only file that includes CLP/CBC headers. Both take the program as
 * column-major arrays (CoinBigIndex is int in Debian's build, so the
 * starts are copied down from int64; lp_build.c keeps nnz below INT32_MAX).
 * CLP: dual simplex from scratch (Clp_initialSolve), row duals and reduced
 * costs read back as CLP gives them (d obj / d rhs for a minimisation).
 * CBC: Cbc_solve (CbcMain1's defaults: presolve, cuts, heuristics), a MIP
 * start when the caller has a feasible plan, the wall-clock limit and the
 * thread count as CBC parameters (and CglTwomir's cuts off unless the
 * log is wanted: it printf()s "2mir_test: why does constraint not exist
 * ?" on stdout whatever the log level, into the middle of `plan --json`
 * or `site --json` output; on the version-2 default it did so once the
 * rounding rows were in, and the 0.1% proof took the same process
 * seconds without it: 17.9 against 17.3), and the interrupt flag read in
 * a cut callback, which CBC calls at every node it processes: once the flag is
 * set the callback adds an infeasible cut, so every open node is pruned
 * and CBC ends at once with its incumbent. The status comes from CBC's own
 * flags: proven optimal, proven infeasible, or stopped (time or interrupt);
 * never "optimal" for a stopped search. With a tolerance (gf_lp_options.
 * gap_share, handed here in cents as CBC's allowable gap) a finished search
 * is "within_gap" and its bound no higher than incumbent - tolerance, since
 * CBC prunes by the tolerance and may then report the incumbent as bound.
 * SPDX-License-Identifier: MIT */
#include <coin/Cbc_C_Interface.h>
#include <coin/Clp_C_Interface.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "grainflow/alloc.h"
#include "lp/lp_int.h"

/* Plain arrays for the COIN-OR loaders, built from the program. */
typedef struct coin_arrays {
    int *start;
    double *lo, *up, *obj, *rlo, *rup;
    size_t nc, nr;
} coin_arrays;

static void arrays_fini(coin_arrays *a)
{
    gf_free(a->start, (a->nc + 1) * sizeof(int));
    gf_free(a->lo, a->nc * sizeof(double));
    gf_free(a->up, a->nc * sizeof(double));
    gf_free(a->obj, a->nc * sizeof(double));
    gf_free(a->rlo, a->nr * sizeof(double));
    gf_free(a->rup, a->nr * sizeof(double));
    *a = (coin_arrays){0};
}

static int arrays_init(coin_arrays *a, const gf__lp_prog *g, gf_error *err)
{
    a->nc = (size_t)(g->ncol ? g->ncol : 1);
    a->nr = (size_t)(g->nrow ? g->nrow : 1);
    a->start = gf_malloc((a->nc + 1) * sizeof(int));
    a->lo = gf_malloc(a->nc * sizeof(double));
    a->up = gf_malloc(a->nc * sizeof(double));
    a->obj = gf_malloc(a->nc * sizeof(double));
    a->rlo = gf_malloc(a->nr * sizeof(double));
    a->rup = gf_malloc(a->nr * sizeof(double));
    if (!a->start || !a->lo || !a->up || !a->obj || !a->rlo || !a->rup) {
        arrays_fini(a);
        return gf_fail(err, GF_ENOMEM, "out of memory handing the LP to CLP/CBC");
    }
    for (int32_t c = 0; c < g->ncol; c++) {
        a->start[c] = (int)g->start[c];
        a->lo[c] = g->col[c].lo;
        a->up[c] = g->col[c].up;
        a->obj[c] = g->col[c].obj;
    }
    a->start[g->ncol] = (int)g->nnz;
    for (int32_t r = 0; r < g->nrow; r++) {
        a->rlo[r] = g->row[r].lo;
        a->rup[r] = g->row[r].up;
    }
    return GF_OK;
}

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int gf__lp_clp_solve(const gf__lp_prog *g, bool log, double *x, double *row_dual, double *col_dual,
                     gf__lp_out *out, gf_error *err)
{
    coin_arrays a = {0};
    Clp_Simplex *clp = NULL;
    double t0 = now_s();
    int rc, st;

    *out = (gf__lp_out){0};
    rc = arrays_init(&a, g, err);
    if (rc)
        return rc;
    clp = Clp_newModel();
    if (!clp) {
        rc = gf_fail(err, GF_ENOMEM, "out of memory creating a CLP model");
        goto out;
    }
    Clp_setLogLevel(clp, log ? 1 : 0);
    Clp_loadProblem(clp, g->ncol, g->nrow, a.start, g->index, g->value, a.lo, a.up, a.obj, a.rlo,
                    a.rup);
    Clp_initialSolve(clp);
    st = Clp_status(clp);
    out->seconds = now_s() - t0;
    if (st == 1 || Clp_isProvenPrimalInfeasible(clp)) {
        out->status = GF_LP_INFEASIBLE;
        goto out;
    }
    if (st != 0 || !Clp_isProvenOptimal(clp)) {
        rc = gf_fail(err, GF_EINTERNAL,
                     "CLP stopped without an optimum (status %d, secondary %d); the model's "
                     "figures may span too many orders of magnitude",
                     st, Clp_secondaryStatus(clp));
        goto out;
    }
    out->status = GF_LP_OPTIMAL;
    out->has_x = true;
    out->objective = Clp_objectiveValue(clp);
    out->bound = out->objective;
    if (x)
        memcpy(x, Clp_getColSolution(clp), (size_t)g->ncol * sizeof(double));
    if (row_dual)
        memcpy(row_dual, Clp_getRowPrice(clp), (size_t)g->nrow * sizeof(double));
    if (col_dual)
        memcpy(col_dual, Clp_getReducedCost(clp), (size_t)g->ncol * sizeof(double));
out:
    Clp_deleteModel(clp);
    arrays_fini(&a);
    return rc;
}

/* The interrupt: CBC's cut callback hands back app data, the flag. */
static void COINLINKAGE_CB interrupt_cut(void *osi, void *cuts, void *app)
{
    const volatile sig_atomic_t *flag = app;
    int idx = 0;
    double coef = 1;

    (void)osi;
    if (flag && *flag)
        OsiCuts_addRowCut(cuts, 1, &idx, &coef, 'L', -1); /* x0 <= -1, x0 >= 0: prune */
}

static void set_int_param(Cbc_Model *cbc, const char *name, int v)
{
    char buf[32];

    snprintf(buf, sizeof buf, "%d", v);
    Cbc_setParameter(cbc, name, buf);
}

int gf__lp_cbc_solve(const gf__lp_prog *g, const gf_lp_options *o, double gap_cents,
                     const double *start, double *x, gf__lp_out *out, gf_error *err)
{
    coin_arrays a = {0};
    Cbc_Model *cbc = NULL;
    double t0 = now_s();
    int rc;

    *out = (gf__lp_out){0};
    rc = arrays_init(&a, g, err);
    if (rc)
        return rc;
    cbc = Cbc_newModel();
    if (!cbc) {
        rc = gf_fail(err, GF_ENOMEM, "out of memory creating a CBC model");
        goto out;
    }
    Cbc_loadProblem(cbc, g->ncol, g->nrow, a.start, g->index, g->value, a.lo, a.up, a.obj, a.rlo,
                    a.rup);
    for (int32_t c = 0; c < g->ncol; c++)
        if (g->col[c].is_int)
            Cbc_setInteger(cbc, c);
    Cbc_setLogLevel(cbc, o->log ? 1 : 0);
    if (!o->log) /* CglTwomir printf()s on stdout whatever the log level */
        Cbc_setParameter(cbc, "twoMirCuts", "off");
    Cbc_setAllowableFractionGap(cbc, 0);
    /* a thousandth of a cent, or the caller's tolerance (gap_share) */
    Cbc_setAllowableGap(cbc, gap_cents > 1e-3 ? gap_cents : 1e-3);
    if (o->time_limit_s > 0) {
        Cbc_setParameter(cbc, "timeMode", "elapsed"); /* wall clock, as lp.h says */
        Cbc_setMaximumSeconds(cbc, o->time_limit_s > 0.01 ? o->time_limit_s : 0.01);
    }
    if (o->threads > 1)
        set_int_param(cbc, "threads", o->threads);
    if (start)
        Cbc_setInitialSolution(cbc, start);
    if (o->interrupt && g->ncol > 0)
        Cbc_addCutCallback(cbc, interrupt_cut, "interrupt", (void *)o->interrupt);
    Cbc_solve(cbc);
    out->seconds = now_s() - t0;
    out->nodes = Cbc_getNodeCount(cbc);
    out->bound = Cbc_getBestPossibleObjValue(cbc);
    if (Cbc_isProvenInfeasible(cbc) && !Cbc_bestSolution(cbc)) {
        out->status = o->interrupt && *o->interrupt ? GF_LP_INTERRUPTED : GF_LP_INFEASIBLE;
        goto out;
    }
    if (Cbc_isAbandoned(cbc)) {
        rc = gf_fail(err, GF_EINTERNAL,
                     "CBC abandoned the search on numerical difficulties; the model's figures "
                     "may span too many orders of magnitude");
        goto out;
    }
    if (o->interrupt && *o->interrupt)
        out->status = GF_LP_INTERRUPTED;
    else if (Cbc_isProvenOptimal(cbc) && !Cbc_isSecondsLimitReached(cbc))
        out->status = GF_LP_OPTIMAL;
    else
        out->status = GF_LP_TIME_LIMIT;
    if (Cbc_bestSolution(cbc)) {
        out->has_x = true;
        out->objective = Cbc_getObjValue(cbc);
        if (x)
            memcpy(x, Cbc_bestSolution(cbc), (size_t)g->ncol * sizeof(double));
    }
    if (out->status == GF_LP_OPTIMAL && gap_cents > 1e-3) {
        /* CBC prunes every node within the tolerance of the incumbent and
         * may then call its own incumbent the bound: all it proved is the
         * tolerance, so say no more than that */
        out->status = GF_LP_WITHIN_GAP;
        if (out->bound > out->objective - gap_cents)
            out->bound = out->objective - gap_cents;
    } else if (out->status == GF_LP_OPTIMAL) {
        out->bound = out->objective;
    }
out:
    Cbc_deleteModel(cbc);
    arrays_fini(&a);
    return rc;
}
