/* src/lp/lp_coin.c: the COIN-OR adapter: solve a gf__lp_prog with CLP (LP) or CBC (MIP).
 *
 * The only file that includes CLP/CBC headers. Both take the program as
 * column-major arrays (CoinBigIndex is int in Debian's build, so the
 * starts are copied down from int64; lp_build.c keeps nnz below INT32_MAX).
 * CLP: one model per session (gf__lp_clp, lp_int.h) kept across the
 * solves of one program: the first solve loads it and runs Clp_initialSolve
 * (presolve, dual simplex from scratch); each later one hands CLP only what
 * the program changed since (appended rows through Clp_addRows, which
 * enter basic on their slacks; column and row bounds; objective; each
 * column's first entry, the departure row's coefficient that lp_solve.c's
 * slope scaling rewrites) and runs Clp_dual from the last basis, which
 * stays dual feasible under added rows and changed bounds. A warm solve
 * that ends short of a proven optimum (or says infeasible) is solved once
 * more from scratch, so a session never reports less than a cold solve
 * would. Why: lp_solve.c re-solves one program ~25 times per MIP (cut
 * rounds, slope scaling, polish, the duals' LP); on the version-2 default
 * (mip_driver --gap 0.1 --hub all=closed, process CPU clock) the cut
 * rounds fell from 5.2 to 1.6 s and the warm start from 8.2 to 1.2 s.
 * gf__lp_clp_solve is a one-solve session. The interrupt
 * (gf__lp_clp_set_interrupt, gf_lp_options.interrupt): CLP's C interface
 * has no event handler and its message callback only sees what the log
 * level prints (and then prints it too), so a warm solve runs in chunks
 * of GF__LP_CLP_CHUNK iterations (Clp_setMaximumIterations; a stopped
 * solve has status 3 and Clp_dual goes on from its basis) and the flag is
 * read between them and before any solve. 2,000 dual iterations are about
 * half a second on the version-2 default; solves shorter than a chunk
 * run exactly as before. A cold solve (the first of a session) runs
 * whole: clp_run says why; on the default it is 0.84 s. Row duals and reduced costs
 * are read back as CLP gives them (d obj / d rhs for a minimisation).
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
 * One CBC solve at a time in a process (cbc_lock): CBC 2.10's Cbc_solve
 * runs CbcMain0/CbcMain1, which keep global state, and two at once on two
 * threads are not safe (coin-or/Cbc issue #332, open; a `sweep -j 2` of
 * version-2 runs came back "stopped" for one run that one thread proves).
 * The server's runs and compares, site and sweeps all reach CBC through
 * here, so the lock is taken from Cbc_newModel to Cbc_deleteModel; CLP
 * keeps no such state and its sessions run in parallel. The CBC time limit
 * counts from when the lock is held.
 * SPDX-License-Identifier: MIT */
#include <coin/Cbc_C_Interface.h>
#include <coin/Clp_C_Interface.h>
#include <limits.h>
#include <pthread.h>
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

/* One CLP model kept across the solves of a program (see the top). */
struct gf__lp_clp {
    Clp_Simplex *clp;
    int32_t ncol, nrow;                        /* the program's size when last synced */
    double *lo, *up, *obj, *rlo, *rup, *first; /* as CLP has them; first: entry 0 per column */
    size_t nc, nr_cap;
    bool cold;                              /* every solve from scratch (gf__lp_clp_open's cold) */
    const volatile sig_atomic_t *interrupt; /* gf__lp_clp_set_interrupt's, NULL = never */
};

/* Free the session's copies of the program (what the syncs compare against). */
static void free_copies(gf__lp_clp *s)
{
    gf_free(s->lo, s->nc * sizeof(double));
    gf_free(s->up, s->nc * sizeof(double));
    gf_free(s->obj, s->nc * sizeof(double));
    gf_free(s->first, s->nc * sizeof(double));
    gf_free(s->rlo, s->nr_cap * sizeof(double));
    gf_free(s->rup, s->nr_cap * sizeof(double));
}

void gf__lp_clp_close(gf__lp_clp *s)
{
    if (!s)
        return;
    if (s->clp)
        Clp_deleteModel(s->clp);
    free_copies(s);
    gf_free(s, sizeof *s);
}

int gf__lp_clp_open(gf__lp_clp **out, bool cold, gf_error *err)
{
    gf__lp_clp *s = gf_calloc(1, sizeof *s);

    *out = s;
    if (!s)
        return gf_fail(err, GF_ENOMEM, "out of memory creating a CLP model");
    s->cold = cold;
    return GF_OK;
}

void gf__lp_clp_set_interrupt(gf__lp_clp *s, const volatile sig_atomic_t *flag)
{
    if (s)
        s->interrupt = flag;
}

/* Run CLP on the loaded model: from scratch (Clp_initialSolve, whole), or
 * with the dual simplex from its basis GF__LP_CLP_CHUNK iterations at a
 * time: CLP stops at its iteration limit with status 3 and the next
 * Clp_dual goes on from where it stopped (its count of iterations carries
 * over, so each limit is the count so far plus a chunk), and between
 * chunks the interrupt is read. Not the cold solve: stopped inside its
 * presolved model, Clp_initialSolve postsolves and cleans up with the
 * primal simplex each time, and in chunks the version-2 default's first
 * LP took several times its 0.84 s. Returns true when the interrupt
 * stopped it. */
static bool clp_run(gf__lp_clp *s, bool cold)
{
    if (cold) {
        Clp_setMaximumIterations(s->clp, INT_MAX);
        Clp_initialSolve(s->clp);
        return false;
    }
    Clp_setMaximumIterations(s->clp, Clp_numberIterations(s->clp) + GF__LP_CLP_CHUNK);
    Clp_dual(s->clp, 0);
    while (Clp_status(s->clp) == 3 && !gf__lp_halted(s->interrupt)) {
        Clp_setMaximumIterations(s->clp, Clp_numberIterations(s->clp) + GF__LP_CLP_CHUNK);
        Clp_dual(s->clp, 0);
    }
    return Clp_status(s->clp) == 3 && gf__lp_halted(s->interrupt);
}

/* Load g into a new CLP model (the first solve, or every solve when cold). */
static int clp_load(gf__lp_clp *s, const gf__lp_prog *g, gf_error *err)
{
    coin_arrays a = {0};
    int rc = arrays_init(&a, g, err);

    if (rc)
        return rc;
    if (s->clp)
        Clp_deleteModel(s->clp);
    s->clp = Clp_newModel();
    if (!s->clp) {
        arrays_fini(&a);
        return gf_fail(err, GF_ENOMEM, "out of memory creating a CLP model");
    }
    Clp_loadProblem(s->clp, g->ncol, g->nrow, a.start, g->index, g->value, a.lo, a.up, a.obj, a.rlo,
                    a.rup);
    /* the copies the later syncs compare against; a.* become the session's */
    free_copies(s);
    s->lo = a.lo;
    s->up = a.up;
    s->obj = a.obj;
    s->rlo = a.rlo;
    s->rup = a.rup;
    s->nc = a.nc;
    s->nr_cap = a.nr;
    s->first = gf_malloc(a.nc * sizeof(double));
    gf_free(a.start, (a.nc + 1) * sizeof(int));
    if (!s->first) {
        s->nc = 0;
        gf_free(s->lo, a.nc * sizeof(double));
        gf_free(s->up, a.nc * sizeof(double));
        gf_free(s->obj, a.nc * sizeof(double));
        s->lo = s->up = s->obj = NULL;
        Clp_deleteModel(s->clp);
        s->clp = NULL;
        return gf_fail(err, GF_ENOMEM, "out of memory creating a CLP model");
    }
    for (int32_t c = 0; c < g->ncol; c++)
        s->first[c] = g->start[c + 1] > g->start[c] ? g->value[g->start[c]] : 0;
    s->ncol = g->ncol;
    s->nrow = g->nrow;
    return GF_OK;
}

/* The rows g gained since the last sync, handed to CLP row by row (g
 * appends rows only at the end, lp_cuts.c, so rows below s->nrow are
 * those CLP has). */
static int clp_add_rows(gf__lp_clp *s, const gf__lp_prog *g, gf_error *err)
{
    int32_t add = g->nrow - s->nrow;
    size_t n = 0, nr = (size_t)g->nrow;
    int *first = gf_calloc((size_t)add + 1, sizeof(int)), *cols = NULL;
    double *vals = NULL, *rlo = gf_malloc(nr * sizeof(double)),
           *rup = gf_malloc(nr * sizeof(double));
    int rc = GF_OK;

    for (int32_t c = 0; first && c < g->ncol; c++)
        for (int64_t e = g->start[c]; e < g->start[c + 1]; e++)
            if (g->index[e] >= s->nrow) {
                first[g->index[e] - s->nrow + 1]++;
                n++;
            }
    cols = gf_malloc((n ? n : 1) * sizeof(int));
    vals = gf_malloc((n ? n : 1) * sizeof(double));
    if (!first || !cols || !vals || !rlo || !rup) {
        rc = gf_fail(err, GF_ENOMEM, "out of memory adding rows to the CLP model");
        goto out;
    }
    for (int32_t r = 0; r < add; r++)
        first[r + 1] += first[r];
    for (int32_t c = 0; c < g->ncol; c++) /* fill in row order: first[r] moves to row r+1's */
        for (int64_t e = g->start[c]; e < g->start[c + 1]; e++)
            if (g->index[e] >= s->nrow) {
                int at = first[g->index[e] - s->nrow]++;
                cols[at] = (int)c;
                vals[at] = g->value[e];
            }
    for (int32_t r = add; r > 0; r--)
        first[r] = first[r - 1];
    first[0] = 0;
    memcpy(rlo, s->rlo, (size_t)s->nrow * sizeof(double));
    memcpy(rup, s->rup, (size_t)s->nrow * sizeof(double));
    for (int32_t r = s->nrow; r < g->nrow; r++) {
        rlo[r] = g->row[r].lo;
        rup[r] = g->row[r].up;
    }
    Clp_addRows(s->clp, add, rlo + s->nrow, rup + s->nrow, first, cols, vals);
    gf_free(s->rlo, s->nr_cap * sizeof(double));
    gf_free(s->rup, s->nr_cap * sizeof(double));
    s->rlo = rlo;
    s->rup = rup;
    rlo = rup = NULL;
    s->nr_cap = nr;
    s->nrow = g->nrow;
out:
    gf_free(first, ((size_t)add + 1) * sizeof(int));
    gf_free(cols, (n ? n : 1) * sizeof(int));
    gf_free(vals, (n ? n : 1) * sizeof(double));
    gf_free(rlo, nr * sizeof(double));
    gf_free(rup, nr * sizeof(double));
    return rc;
}

/* Hand CLP what changed in g since the last sync: new rows, column and row
 * bounds, objective, the first entry of each column (the departure row's
 * coefficient, which lp_solve.c's slope scaling rewrites). */
static int clp_sync(gf__lp_clp *s, const gf__lp_prog *g, gf_error *err)
{
    bool cols = false, rows = false, obj = false;
    int rc = g->nrow > s->nrow ? clp_add_rows(s, g, err) : GF_OK;

    if (rc)
        return rc;
    for (int32_t c = 0; c < g->ncol; c++) {
        double v = g->start[c + 1] > g->start[c] ? g->value[g->start[c]] : 0;
        if (g->col[c].lo != s->lo[c] || g->col[c].up != s->up[c]) {
            s->lo[c] = g->col[c].lo;
            s->up[c] = g->col[c].up;
            cols = true;
        }
        if (g->col[c].obj != s->obj[c]) {
            s->obj[c] = g->col[c].obj;
            obj = true;
        }
        if (v != s->first[c]) {
            Clp_modifyCoefficient(s->clp, (int)g->index[g->start[c]], (int)c, v, false);
            s->first[c] = v;
        }
    }
    for (int32_t r = 0; r < g->nrow; r++)
        if (g->row[r].lo != s->rlo[r] || g->row[r].up != s->rup[r]) {
            s->rlo[r] = g->row[r].lo;
            s->rup[r] = g->row[r].up;
            rows = true;
        }
    if (cols) {
        Clp_chgColumnLower(s->clp, s->lo);
        Clp_chgColumnUpper(s->clp, s->up);
    }
    if (rows) {
        Clp_chgRowLower(s->clp, s->rlo);
        Clp_chgRowUpper(s->clp, s->rup);
    }
    if (obj)
        Clp_chgObjCoefficients(s->clp, s->obj);
    return GF_OK;
}

int gf__lp_clp_resolve(gf__lp_clp *s, const gf__lp_prog *g, bool log, double *x, double *row_dual,
                       double *col_dual, gf__lp_out *out, gf_error *err)
{
    double t0 = now_s();
    bool warm = s->clp && !s->cold && s->ncol == g->ncol && s->nrow <= g->nrow, stopped;
    int rc, st;

    *out = (gf__lp_out){0};
    if (gf__lp_halted(s->interrupt)) {
        out->status = GF_LP_INTERRUPTED; /* before any work: the session is unchanged */
        return GF_OK;
    }
    rc = warm ? clp_sync(s, g, err) : clp_load(s, g, err);
    if (rc)
        return rc;
    Clp_setLogLevel(s->clp, log ? 1 : 0);
    stopped = clp_run(s, !warm); /* warm: from the last basis; new rows enter basic */
    if (warm && !stopped && (Clp_status(s->clp) != 0 || !Clp_isProvenOptimal(s->clp)))
        stopped = clp_run(s, true); /* anything short of an optimum: once more, cold */
    st = Clp_status(s->clp);
    out->seconds = now_s() - t0;
    if (stopped) {
        out->status = GF_LP_INTERRUPTED;
        return GF_OK;
    }
    if (st == 1 || Clp_isProvenPrimalInfeasible(s->clp)) {
        out->status = GF_LP_INFEASIBLE;
        return GF_OK;
    }
    if (st != 0 || !Clp_isProvenOptimal(s->clp))
        return gf_fail(err, GF_EINTERNAL,
                       "CLP stopped without an optimum (status %d, secondary %d); the model's "
                       "figures may span too many orders of magnitude",
                       st, Clp_secondaryStatus(s->clp));
    out->status = GF_LP_OPTIMAL;
    out->has_x = true;
    out->objective = Clp_objectiveValue(s->clp);
    out->bound = out->objective;
    if (x)
        memcpy(x, Clp_getColSolution(s->clp), (size_t)g->ncol * sizeof(double));
    if (row_dual)
        memcpy(row_dual, Clp_getRowPrice(s->clp), (size_t)g->nrow * sizeof(double));
    if (col_dual)
        memcpy(col_dual, Clp_getReducedCost(s->clp), (size_t)g->ncol * sizeof(double));
    return GF_OK;
}

int gf__lp_clp_solve(const gf__lp_prog *g, bool log, double *x, double *row_dual, double *col_dual,
                     gf__lp_out *out, gf_error *err)
{
    gf__lp_clp *s = NULL;
    int rc = gf__lp_clp_open(&s, true, err);

    if (!rc)
        rc = gf__lp_clp_resolve(s, g, log, x, row_dual, col_dual, out, err);
    gf__lp_clp_close(s);
    return rc;
}

/* The interrupt: CBC's cut callback hands back app data, the flag. */
static void COINLINKAGE_CB interrupt_cut(void *osi, void *cuts, void *app)
{
    const volatile sig_atomic_t *flag = app;
    int idx = 0;
    double coef = 1;

    (void)osi;
    if (gf__lp_halted(flag))
        OsiCuts_addRowCut(cuts, 1, &idx, &coef, 'L', -1); /* x0 <= -1, x0 >= 0: prune */
}

static void set_int_param(Cbc_Model *cbc, const char *name, int v)
{
    char buf[32];

    snprintf(buf, sizeof buf, "%d", v);
    Cbc_setParameter(cbc, name, buf);
}

static pthread_mutex_t cbc_lock = PTHREAD_MUTEX_INITIALIZER; /* header comment */

int gf__lp_cbc_solve(const gf__lp_prog *g, const gf_lp_options *o, double gap_cents,
                     const double *start, double *x, gf__lp_out *out, gf_error *err)
{
    coin_arrays a = {0};
    Cbc_Model *cbc = NULL;
    double t0 = now_s();
    int rc;

    *out = (gf__lp_out){0};
    if (gf__lp_halted(o->interrupt)) {
        out->status = GF_LP_INTERRUPTED; /* stopped before CBC: no incumbent */
        return GF_OK;
    }
    rc = arrays_init(&a, g, err);
    if (rc)
        return rc;
    pthread_mutex_lock(&cbc_lock);
    if (gf__lp_halted(o->interrupt)) { /* stopped while another solve held the lock */
        out->status = GF_LP_INTERRUPTED;
        goto out;
    }
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
        out->status = gf__lp_halted(o->interrupt) ? GF_LP_INTERRUPTED : GF_LP_INFEASIBLE;
        goto out;
    }
    if (Cbc_isAbandoned(cbc)) {
        rc = gf_fail(err, GF_EINTERNAL,
                     "CBC abandoned the search on numerical difficulties; the model's figures "
                     "may span too many orders of magnitude");
        goto out;
    }
    if (gf__lp_halted(o->interrupt))
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
    if (cbc)
        Cbc_deleteModel(cbc);
    pthread_mutex_unlock(&cbc_lock);
    arrays_fini(&a);
    return rc;
}
