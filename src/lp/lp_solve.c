/* src/lp/lp_solve.c: solve a model as an LP or MIP and read the plan back (lp.h).
 *
 * The steps, for a MIP: build the program (lp_build.c); solve its LP
 * relaxation with CLP (lp_seconds), with the rounding rows of lp_cuts.c
 * (and the lot-sizing rows when asked) added in rounds (cut_seconds);
 * round it into a feasible plan, the warm start: hubs opened in
 * decreasing order of their relaxed choice (the option with the largest
 * y, within min_hubs..max_hubs), then the flows re-solved by CLP with
 * those choices fixed and the departures left continuous, and each
 * departure count rounded up (n = ceil(x / V) is feasible since x <=
 * capacity <= V x bound); fix at their bounds the integer columns whose
 * reduced cost proves them useless against the warm start (fix_by_cost,
 * below); hand it to CBC; then fix the
 * departures and hub choices at CBC's answer and solve that LP once more
 * with CLP: its flows are a vertex (integral tonnes wherever yields allow)
 * and its row duals are the prices given those integer decisions (lp.h).
 * For an LP the relaxation is the answer and its duals are the LP's.
 * The interrupt (gf_lp_options.interrupt) is read by the session before
 * every CLP solve and inside it (lp_coin.c), so each step here stops at
 * once: a stopped relaxation or cut round ends the run with no plan, the
 * warm start's rounds end and CBC is not started, a stopped duals' LP
 * leaves CBC's plan without duals; the status is then "interrupted".
 * Every CLP solve of one run goes through one session (lp_coin.c's
 * gf__lp_clp, w->clp): each after the first is a warm dual simplex from
 * the last basis, with the same optimum (test_lp checks each kind of
 * change against a cold solve); gf_lp_options.cold_lp turns that off to
 * compare. Degenerate LPs may end at another optimal vertex than a cold
 * solve, so the rows separated and the duals the fixing reads can differ
 * (on the version-2 default, no hub: 516 rows instead of 506, 2,000
 * columns fixed instead of 3,927, the same warm start, the bound within
 * USD 96), and so can CBC's path.
 * Figures go back to the caller in milli-tonnes, rounded to the nearest;
 * the cost breakdown is recomputed from those (gf_lp_plan_costs), so the
 * reported total never depends on the solver's floating objective.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <string.h>
#include <time.h>

#include "grainflow/alloc.h"
#include "lp/lp_int.h"

void gf_lp_options_init(gf_lp_options *o)
{
    *o = (gf_lp_options){0};
}

const char *gf_lp_status_name(gf_lp_status s)
{
    switch (s) {
    case GF_LP_OPTIMAL:
        return "optimal";
    case GF_LP_TIME_LIMIT:
        return "time_limit";
    case GF_LP_INTERRUPTED:
        return "interrupted";
    case GF_LP_INFEASIBLE:
        return "infeasible";
    case GF_LP_WITHIN_GAP:
        return "within_gap";
    case GF_LP_NOT_SOLVED:
        break;
    }
    return "not_solved";
}

gf_lp_kind gf_lp_model_kind(const gf_model *m)
{
    bool lp = gf_model_product_count(m) > 1 || gf_model_conversion_count(m) > 0;

    if (gf_model_hub_option_count(m) > 0)
        return GF_LP_KIND_MIP;
    for (int32_t l = 0; l < gf_model_link_count(m); l++)
        if (gf_model_link(m, l)->vessel_t > 0)
            return GF_LP_KIND_MIP;
    return lp ? GF_LP_KIND_LP : GF_LP_KIND_NETWORK;
}

/* ---- the result's arrays ---- */

static size_t sz_lpk(const gf_lp_result *r)
{
    return (size_t)r->n_links * (size_t)r->periods * (size_t)r->products;
}

static size_t sz_npk(const gf_lp_result *r)
{
    return (size_t)r->n_nodes * (size_t)r->periods * (size_t)r->products;
}

static size_t sz_lp(const gf_lp_result *r)
{
    return (size_t)r->n_links * (size_t)r->periods;
}

static size_t sz_np(const gf_lp_result *r)
{
    return (size_t)r->n_nodes * (size_t)r->periods;
}

static size_t nz(size_t n)
{
    return n ? n : 1;
}

void gf_lp_result_fini(gf_lp_result *r)
{
    if (!r)
        return;
    gf_free(r->flow_mt, nz(sz_lpk(r)) * sizeof(int64_t));
    gf_free(r->departures, nz(sz_lp(r)) * sizeof(int64_t));
    gf_free(r->stock_mt, nz(sz_npk(r)) * sizeof(int64_t));
    gf_free(r->convert_mt, nz((size_t)r->n_conversions * (size_t)r->periods) * sizeof(int64_t));
    gf_free(r->bought_mt, nz((size_t)r->n_supply) * sizeof(int64_t));
    gf_free(r->delivered_mt, nz((size_t)r->n_demand) * sizeof(int64_t));
    gf_free(r->hub_option, nz((size_t)r->n_nodes) * sizeof(int32_t));
    gf_free(r->node_price, nz(sz_npk(r)) * sizeof(double));
    gf_free(r->link_shadow, nz(sz_lp(r)) * sizeof(double));
    gf_free(r->through_shadow, nz(sz_np(r)) * sizeof(double));
    gf_free(r->storage_shadow, nz(sz_np(r)) * sizeof(double));
    *r = (gf_lp_result){0};
}

static int alloc_plan(gf_lp_result *r, gf_error *err)
{
    r->flow_mt = gf_calloc(nz(sz_lpk(r)), sizeof(int64_t));
    r->departures = gf_calloc(nz(sz_lp(r)), sizeof(int64_t));
    r->stock_mt = gf_calloc(nz(sz_npk(r)), sizeof(int64_t));
    r->convert_mt = gf_calloc(nz((size_t)r->n_conversions * (size_t)r->periods), sizeof(int64_t));
    r->bought_mt = gf_calloc(nz((size_t)r->n_supply), sizeof(int64_t));
    r->delivered_mt = gf_calloc(nz((size_t)r->n_demand), sizeof(int64_t));
    r->hub_option = gf_calloc(nz((size_t)r->n_nodes), sizeof(int32_t));
    r->node_price = gf_calloc(nz(sz_npk(r)), sizeof(double));
    r->link_shadow = gf_calloc(nz(sz_lp(r)), sizeof(double));
    r->through_shadow = gf_calloc(nz(sz_np(r)), sizeof(double));
    r->storage_shadow = gf_calloc(nz(sz_np(r)), sizeof(double));
    if (!r->flow_mt || !r->departures || !r->stock_mt || !r->convert_mt || !r->bought_mt ||
        !r->delivered_mt || !r->hub_option || !r->node_price || !r->link_shadow ||
        !r->through_shadow || !r->storage_shadow)
        return gf_fail(err, GF_ENOMEM, "out of memory for the LP's plan");
    return GF_OK;
}

static int64_t to_mt(double v)
{
    return v > 0 ? llround(v * 1000.0) : 0;
}

/* Read the column values x into r's arrays. */
static void read_plan(const gf__lp_prog *g, const double *x, gf_lp_result *r)
{
    for (int32_t n = 0; n < r->n_nodes; n++)
        r->hub_option[n] = -1;
    for (int32_t c = 0; c < g->ncol; c++) {
        const gf__lp_col *k = &g->col[c];
        size_t rt = (size_t)k->ref * (size_t)g->periods + (size_t)k->period;
        switch ((gf__lp_col_kind)k->kind) {
        case GF__LP_COL_FLOW:
            r->flow_mt[rt * (size_t)g->products + (size_t)k->product] = to_mt(x[c]);
            break;
        case GF__LP_COL_STOCK:
            r->stock_mt[rt * (size_t)g->products + (size_t)k->product] = to_mt(x[c]);
            break;
        case GF__LP_COL_CONVERT:
            r->convert_mt[rt] = to_mt(x[c]);
            break;
        case GF__LP_COL_BUY:
            r->bought_mt[k->ref] = to_mt(x[c]);
            break;
        case GF__LP_COL_DELIVER:
            r->delivered_mt[k->ref] = to_mt(x[c]);
            break;
        case GF__LP_COL_DEPART:
            r->departures[rt] = x[c] > 0 ? (int64_t)ceil(x[c] - 1e-6) : 0;
            break;
        case GF__LP_COL_HUB:
            break;
        }
    }
}

/* Hub choices: the option with the largest value per node, when > 1e-6
 * (for a MIP's answer that is the chosen one). */
static void read_hubs(const gf_model *m, const gf__lp_prog *g, const double *x, gf_lp_result *r)
{
    for (int32_t i = 0; i < gf_model_hub_option_count(m); i++) {
        const gf_hub_option *h = gf_model_hub_option(m, i);
        int32_t c = g->hub_col[i];
        int32_t cur = r->hub_option[h->node];
        if (c < 0 || x[c] <= 1e-6)
            continue;
        if (cur < 0 || x[c] > x[g->hub_col[cur]])
            r->hub_option[h->node] = i;
    }
}

/* ---- the cost breakdown, recomputed from the arrays ---- */

__extension__ typedef __int128 wide;

static int64_t round_mt(wide v) /* milli-cents to cents, half away from zero */
{
    wide q = (v >= 0 ? v + 500 : v - 500) / 1000;
    return (int64_t)q;
}

static bool sizes_match(const gf_model *m, const gf_lp_result *r)
{
    return r->has_plan && r->periods == gf_model_periods(m) &&
           r->products == gf_model_product_count(m) && r->n_nodes == gf_model_node_count(m) &&
           r->n_links == gf_model_link_count(m) && r->n_supply == gf_model_supply_count(m) &&
           r->n_demand == gf_model_demand_count(m) &&
           r->n_conversions == gf_model_conversion_count(m);
}

static void link_costs(const gf_model *m, const gf_lp_result *r, wide *w)
{
    size_t P = (size_t)r->periods, K = (size_t)r->products;

    for (int32_t l = 0; l < r->n_links; l++) {
        const gf_link *lk = gf_model_link(m, l);
        int64_t h = gf_model_node(m, lk->to)->handling_cents_per_t;
        for (size_t t = 0; t < P; t++) {
            wide sum = 0;
            for (size_t p = 0; p < K; p++)
                sum += r->flow_mt[((size_t)l * P + t) * K + p];
            w[1] += sum * lk->cost_cents_per_t;
            w[2] += sum * lk->subsidy_cents_per_t;
            w[3] += sum * h;
            w[6] += (wide)r->departures[(size_t)l * P + t] * lk->departure_cents * 1000;
        }
    }
}

int gf_lp_plan_costs(const gf_model *m, const gf_lp_result *r, gf_lp_costs *c, gf_error *err)
{
    wide w[9] = {0}; /* milli-cents, in gf_lp_costs order up to alternative */
    size_t P, K;

    if (!m || !r || !c || !sizes_match(m, r))
        return gf_fail(err, GF_EINVAL,
                       "gf_lp_plan_costs: the result holds no plan, or one of another model");
    P = (size_t)r->periods;
    K = (size_t)r->products;
    for (int32_t i = 0; i < r->n_supply; i++)
        w[0] += (wide)r->bought_mt[i] * gf_model_supply(m, i)->price_cents_per_t;
    link_costs(m, r, w);
    for (int32_t n = 0; n < r->n_nodes; n++)
        for (size_t t = 0; t < P; t++)
            for (size_t p = 0; p < K; p++)
                w[4] += (wide)r->stock_mt[((size_t)n * P + t) * K + p] *
                        gf_model_node(m, n)->storage_cents_per_t;
    for (int32_t k = 0; k < r->n_conversions; k++)
        for (size_t t = 0; t < P; t++)
            w[5] += (wide)r->convert_mt[(size_t)k * P + t] *
                    gf_model_conversion(m, k)->cost_cents_per_t;
    for (int32_t n = 0; n < r->n_nodes; n++)
        if (r->hub_option[n] >= 0)
            w[7] += (wide)gf_model_hub_fixed_cents(m, r->hub_option[n]) * 1000;
    for (int32_t j = 0; j < r->n_demand; j++) {
        const gf_demand *d = gf_model_demand(m, j);
        w[8] += ((wide)d->t * 1000 - r->delivered_mt[j]) * d->alt_cents_per_t;
    }
    *c = (gf_lp_costs){.purchases = round_mt(w[0]),
                       .link = round_mt(w[1]),
                       .subsidy = round_mt(w[2]),
                       .handling = round_mt(w[3]),
                       .storage = round_mt(w[4]),
                       .conversion = round_mt(w[5]),
                       .departures = round_mt(w[6]),
                       .hub_fixed = round_mt(w[7]),
                       .alternative = round_mt(w[8])};
    c->total = c->purchases + c->link - c->subsidy + c->handling + c->storage + c->conversion +
               c->departures + c->hub_fixed + c->alternative;
    return GF_OK;
}

/* ---- duals ---- */

static void read_duals(const gf__lp_prog *g, const double *rd, const double *cd, gf_lp_result *r)
{
    size_t K = (size_t)g->products;

    for (int32_t i = 0; i < g->nrow; i++) {
        const gf__lp_row *w = &g->row[i];
        size_t rt = (size_t)w->ref * (size_t)g->periods + (size_t)w->period;
        double save = rd[i] < 0 ? -rd[i] : 0;
        switch ((gf__lp_row_kind)w->kind) {
        case GF__LP_ROW_BALANCE:
            r->node_price[rt * K + (size_t)w->product] = rd[i];
            break;
        case GF__LP_ROW_CAPACITY:
            r->link_shadow[rt] = save;
            break;
        case GF__LP_ROW_THROUGH:
            r->through_shadow[rt] = save;
            break;
        case GF__LP_ROW_STORAGE:
            r->storage_shadow[rt] = save;
            break;
        default:
            break;
        }
    }
    /* one-product links and nodes carry their capacity as a column bound:
     * the saving of one more tonne is -reduced cost at the upper bound */
    for (int32_t c = 0; c < g->ncol; c++) {
        const gf__lp_col *k = &g->col[c];
        size_t rt = (size_t)k->ref * (size_t)g->periods + (size_t)k->period;
        double save = cd[c] < 0 ? -cd[c] : 0;
        if (k->kind == GF__LP_COL_FLOW && g->cap_row[rt] < 0 && k->up < GF__LP_INF)
            r->link_shadow[rt] += save;
        else if (k->kind == GF__LP_COL_STOCK && g->storage_row[rt] < 0)
            r->storage_shadow[rt] += save;
    }
}

/* ---- the solve ---- */

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct lp_work {
    double *x, *start, *rd, *cd;
    double *lo, *up;  /* saved bounds of the columns */
    double *cur, *v0; /* the warm start's round, saved departure coefficients */
    double *sx;       /* size nlp: tonnes per link and period */
    double start_obj; /* objective of w->start (without the constant) */
    size_t nc, nr, nlp;
    gf__lp_clp *clp; /* every CLP solve of the program, warm after the first */
} lp_work;

static void work_fini(lp_work *w)
{
    gf_free(w->x, w->nc * sizeof(double));
    gf_free(w->start, w->nc * sizeof(double));
    gf_free(w->cd, w->nc * sizeof(double));
    gf_free(w->lo, w->nc * sizeof(double));
    gf_free(w->up, w->nc * sizeof(double));
    gf_free(w->rd, w->nr * sizeof(double));
    gf_free(w->cur, w->nc * sizeof(double));
    gf_free(w->v0, w->nc * sizeof(double));
    gf_free(w->sx, w->nlp * sizeof(double));
    gf__lp_clp_close(w->clp);
    *w = (lp_work){0};
}

static int work_init(lp_work *w, const gf__lp_prog *g, const gf_lp_options *o, gf_error *err)
{
    if (gf__lp_clp_open(&w->clp, o->cold_lp, err))
        return GF_ENOMEM;
    gf__lp_clp_set_interrupt(w->clp, o->interrupt);
    w->nc = (size_t)(g->ncol ? g->ncol : 1);
    w->nr = (size_t)(g->nrow ? g->nrow : 1);
    w->x = gf_calloc(w->nc, sizeof(double));
    w->start = gf_calloc(w->nc, sizeof(double));
    w->cd = gf_calloc(w->nc, sizeof(double));
    w->lo = gf_calloc(w->nc, sizeof(double));
    w->up = gf_calloc(w->nc, sizeof(double));
    w->rd = gf_calloc(w->nr, sizeof(double));
    w->nlp = g->maps.lp ? g->maps.lp : 1;
    w->cur = gf_calloc(w->nc, sizeof(double));
    w->v0 = gf_calloc(w->nc, sizeof(double));
    w->sx = gf_calloc(w->nlp, sizeof(double));
    if (!w->x || !w->start || !w->cd || !w->lo || !w->up || !w->rd || !w->cur || !w->v0 || !w->sx)
        return gf_fail(err, GF_ENOMEM, "out of memory solving the LP");
    for (int32_t c = 0; c < g->ncol; c++) {
        w->lo[c] = g->col[c].lo;
        w->up[c] = g->col[c].up;
    }
    return GF_OK;
}

static void restore_bounds(gf__lp_prog *g, const lp_work *w)
{
    for (int32_t c = 0; c < g->ncol; c++) {
        g->col[c].lo = w->lo[c];
        g->col[c].up = w->up[c];
    }
}

/* Fix every hub column at v[c] rounded (0/1). */
static void fix_hubs(gf__lp_prog *g, const double *v)
{
    for (int32_t c = 0; c < g->ncol; c++)
        if (g->col[c].kind == GF__LP_COL_HUB)
            g->col[c].lo = g->col[c].up = v[c] > 0.5 ? 1 : 0;
}

/* Round the relaxation's hub choices (in x) into 0/1 values in v, opening
 * hubs by decreasing relaxed value within min..max and the forced bounds. */
static void round_hubs(const gf_model *m, const gf__lp_prog *g, const double *x, double *v)
{
    int32_t open = 0, hubs = 0, maxh = gf_model_max_hubs(m), minh = gf_model_min_hubs(m);

    for (int32_t n = 0; n < gf_model_node_count(m); n++)
        hubs += gf_model_is_hub(m, n) ? 1 : 0;
    for (int32_t i = 0; i < gf_model_hub_option_count(m); i++)
        v[g->hub_col[i]] = g->col[g->hub_col[i]].lo; /* forced open stays open */
    for (int32_t i = 0; i < gf_model_hub_option_count(m); i++)
        open += v[g->hub_col[i]] > 0.5 ? 1 : 0;
    for (int32_t round = 0; round < hubs && open < maxh; round++) {
        int32_t best = -1;
        double bv = 0;
        for (int32_t i = 0; i < gf_model_hub_option_count(m); i++) {
            int32_t c = g->hub_col[i], node = gf_model_hub_option(m, i)->node;
            bool taken = false;
            for (int32_t j = 0; j < gf_model_hub_option_count(m); j++)
                if (gf_model_hub_option(m, j)->node == node && v[g->hub_col[j]] > 0.5)
                    taken = true;
            if (taken || g->col[c].up < 0.5)
                continue;
            if (best < 0 || x[c] > bv) {
                best = i;
                bv = x[c];
            }
        }
        if (best < 0 || (bv <= 1e-6 && open >= minh))
            break;
        v[g->hub_col[best]] = 1;
        open++;
    }
}

/* Tonnes on each link and period in column values x, into w->sx. */
static void link_sums(const gf__lp_prog *g, const double *x, lp_work *w)
{
    memset(w->sx, 0, w->nlp * sizeof(double));
    for (int32_t c = 0; c < g->ncol; c++)
        if (g->col[c].kind == GF__LP_COL_FLOW && x[c] > 0)
            w->sx[(size_t)g->col[c].ref * (size_t)g->periods + (size_t)g->col[c].period] += x[c];
}

/* The cost of plan x with every departure count rounded up to carry its
 * tonnes (n = ceil(x / vessel_t)), written into x; the objective of that
 * integer plan, without the constant. */
static double round_up_cost(const gf_model *m, const gf__lp_prog *g, lp_work *w, double *x)
{
    double cost = 0;

    link_sums(g, x, w);
    for (int32_t c = 0; c < g->ncol; c++) {
        const gf__lp_col *k = &g->col[c];
        if (k->kind == GF__LP_COL_DEPART) {
            double v = (double)gf_model_link(m, k->ref)->vessel_t;
            double t = w->sx[(size_t)k->ref * (size_t)g->periods + (size_t)k->period];
            double n = t > 1e-9 ? ceil(t / v - 1e-9) : 0;
            x[c] = n < k->up ? n : k->up;
        } else if (k->kind == GF__LP_COL_HUB) {
            x[c] = x[c] > 0.5 ? 1 : 0;
        }
        cost += k->obj * x[c];
    }
    return cost;
}

/* Improve the integer plan in w->start (objective best): with its
 * departures fixed, the flows re-solved fill the ships already paid for;
 * departures left empty are then dropped (rounded up again). Returns the
 * objective of w->start. */
#define POLISH_ROUNDS 3

static double polish(const gf_model *m, gf__lp_prog *g, lp_work *w, double best)
{
    for (int round = 0; round < POLISH_ROUNDS; round++) {
        gf__lp_out o = {0};
        gf_error e2 = {0};
        double cost;
        for (int32_t c = 0; c < g->ncol; c++)
            if (g->col[c].kind == GF__LP_COL_DEPART)
                g->col[c].lo = g->col[c].up = w->start[c];
        if (gf__lp_clp_resolve(w->clp, g, false, w->cur, NULL, NULL, &o, &e2) != GF_OK ||
            o.status != GF_LP_OPTIMAL)
            return best;
        cost = round_up_cost(m, g, w, w->cur);
        if (cost >= best - 0.5)
            return best;
        best = cost;
        memcpy(w->start, w->cur, (size_t)g->ncol * sizeof(double));
    }
    return best;
}

/* The warm start, by slope scaling: hub choices rounded from the
 * relaxation and fixed; then each round solves the LP with every
 * departure row's coefficient set to the average load the last round's
 * tonnes would give whole departures (t / ceil(t / vessel_t)), so that the
 * LP pays per tonne what the rounded plan pays, and rounds its answer up
 * into an integer plan; the cheapest plan of SLOPE_ROUNDS is kept (the
 * first round is the relaxation itself: full ships) and polished. Leaves
 * w->start filled and returns true when it found a plan. On the default
 * scenario with weekly departures on every sea link (issue 8's hard case)
 * the rounded relaxation alone saves USD 22.9 M, slope scaling 30.4 M,
 * polished 31.1 M, against the relaxation's bound of 32.7 M. */
#define SLOPE_ROUNDS 12

/* The plan with the departures of deps ([l*P + t], o->start_departures)
 * fixed and the flows re-solved (hub columns stay as the caller fixed
 * them): into w->start when it costs less than *best. */
static bool try_departures(const gf_model *m, gf__lp_prog *g, lp_work *w, const int64_t *deps,
                           double *best)
{
    gf__lp_out o = {0};
    gf_error e2 = {0};
    double cost;
    bool ok;

    for (int32_t c = 0; c < g->ncol; c++) {
        const gf__lp_col *k = &g->col[c];
        double n;
        if (k->kind != GF__LP_COL_DEPART)
            continue;
        n = (double)deps[(size_t)k->ref * (size_t)g->periods + (size_t)k->period];
        g->col[c].lo = g->col[c].up = n < w->up[c] ? n : w->up[c];
    }
    ok = gf__lp_clp_resolve(w->clp, g, false, w->cur, NULL, NULL, &o, &e2) == GF_OK &&
         o.status == GF_LP_OPTIMAL;
    for (int32_t c = 0; c < g->ncol; c++)
        if (g->col[c].kind == GF__LP_COL_DEPART) {
            g->col[c].lo = w->lo[c];
            g->col[c].up = w->up[c];
        }
    if (!ok)
        return false;
    cost = round_up_cost(m, g, w, w->cur);
    if (cost >= *best - 0.5)
        return false;
    *best = cost;
    memcpy(w->start, w->cur, (size_t)g->ncol * sizeof(double));
    return true;
}

static bool warm_start(const gf_model *m, gf__lp_prog *g, lp_work *w, const gf_lp_options *opt)
{
    double best = GF__LP_INF;
    bool found = false;

    memset(w->start, 0, (size_t)g->ncol * sizeof(double));
    round_hubs(m, g, w->x, w->start);
    fix_hubs(g, w->start);
    for (int32_t c = 0; c < g->ncol; c++)
        if (g->col[c].kind == GF__LP_COL_DEPART)
            w->v0[c] = g->value[g->start[c]];
    for (int round = 0; round < SLOPE_ROUNDS; round++) {
        gf__lp_out o = {0};
        gf_error e2 = {0};
        double cost;
        if (gf__lp_clp_resolve(w->clp, g, false, w->cur, NULL, NULL, &o, &e2) != GF_OK ||
            o.status != GF_LP_OPTIMAL)
            break;
        cost = round_up_cost(m, g, w, w->cur);
        if (cost < best - 0.5) {
            best = cost;
            memcpy(w->start, w->cur, (size_t)g->ncol * sizeof(double));
            found = true;
        }
        for (int32_t c = 0; c < g->ncol; c++) {
            const gf__lp_col *k = &g->col[c];
            double t, n;
            if (k->kind != GF__LP_COL_DEPART)
                continue;
            t = w->sx[(size_t)k->ref * (size_t)g->periods + (size_t)k->period];
            n = w->cur[c];
            if (t > 1e-6 && n > 0) /* an unused link keeps its last slope */
                g->value[g->start[c]] = -(t / n);
        }
    }
    for (int32_t c = 0; c < g->ncol; c++)
        if (g->col[c].kind == GF__LP_COL_DEPART)
            g->value[g->start[c]] = w->v0[c];
    if (opt->start_departures && try_departures(m, g, w, opt->start_departures, &best))
        found = true;
    if (found)
        w->start_obj = polish(m, g, w, best);
    restore_bounds(g, w);
    return found;
}

/* Fix the integer columns at x (rounded) and re-solve for a vertex plan
 * and the duals; x, rd, cd refilled when it works. */
static int fixed_lp(gf__lp_prog *g, lp_work *w, const gf_lp_options *o, gf__lp_out *out,
                    gf_error *err)
{
    int rc;

    for (int32_t c = 0; c < g->ncol; c++)
        if (g->col[c].is_int)
            g->col[c].lo = g->col[c].up = floor(w->x[c] + 0.5);
    for (int32_t i = 0; i < g->nrow; i++)
        if (g->row[i].kind == GF__LP_ROW_LOTSIZE)
            g->row[i].up = GF__LP_INF; /* free: the duals are those of the model's rows */
    rc = gf__lp_clp_resolve(w->clp, g, o->log, w->x, w->rd, w->cd, out,
                            err); /* CLP ignores is_int */
    restore_bounds(g, w);
    return rc;
}

static void set_sizes(const gf_model *m, gf_lp_result *r)
{
    r->periods = gf_model_periods(m);
    r->products = gf_model_product_count(m);
    r->n_nodes = gf_model_node_count(m);
    r->n_links = gf_model_link_count(m);
    r->n_supply = gf_model_supply_count(m);
    r->n_demand = gf_model_demand_count(m);
    r->n_conversions = gf_model_conversion_count(m);
}

/* CBC's allowable gap in cents for o->gap_share = s: s x the saving of
 * the warm start (objective start_obj, without the constant), less a
 * dollar for the cents the reported plan's recomputed total may differ
 * from CBC's float. CBC only accepts plans cheaper than its incumbent, so
 * the plan it stops with saves at least that much and its gap is at most
 * s x its own saving, as lp.h promises. (The relaxation's saving would
 * not do: the plan's total exceeds the relaxation's by the gap plus
 * whatever CBC's bound rose above the relaxation.) 0 (exact) when s is
 * not in (0, 1), there is no warm start, or it saves nothing. */
static double gap_tolerance(const gf__lp_prog *g, const gf_lp_options *o, bool have_start,
                            double start_obj)
{
    double s = o->gap_share, saving = (double)g->alt_all_cents - (start_obj + g->constant);

    if (!(s > 0 && s < 1) || !have_start || !(s * saving > 100))
        return 0;
    return s * saving - 100;
}

/* Reduced-cost fixing before CBC. The relaxation (objective L, reduced
 * costs d in w->cd and row duals pi in w->rd, with the rows CBC will get)
 * says every plan costs L plus a sum of terms that are each >= 0: d_j
 * (x_j - lo_j) for a column at its lower bound (d_j >= 0), d_j (x_j - up_j)
 * at its upper bound, -pi_r (up_r - a_r x) for a row at its upper bound
 * (pi_r <= 0), 0 for basic columns. So a plan with integer column j one
 * unit off its bound costs at least L + |d_j|. For a departure count n at
 * 0 that alone is weak: its departure row x - V n <= 0 is tight at 0 and
 * degenerate, and CLP may put the whole departure cost in pi_r, leaving
 * d_n = 0. Keeping n's term, the row's and the link's flows' (x_p at 0,
 * since n is) and minimising over the flows a plan with n = N >= 1 may
 * have (sum_p x_p <= V N) gives at least
 *   N (d_n + V |pi_r| + V min(0, min_p (d_xp - |pi_r|)))
 * above L, which is the departure's cost less what its best-priced tonnes
 * could save: fix_gain. With U the warm start's objective and tol CBC's
 * allowable gap, a column is fixed at its bound when L + gain > U - tol
 * + margin and the warm start has it there (CBC's start stays feasible):
 * every plan CBC no longer sees costs more than U - tol, and the bound
 * reported is min(CBC's bound, L + the least gain fixed), still a bound
 * on every plan. Exact solves (tol 0) keep their optimum: a fixed
 * column's plans cost more than U >= the optimum. The margin (FIX_MARGIN
 * x |L|, at least a cent) covers CLP's tolerances. The bounds come back
 * through restore_bounds (w->lo, w->up). */
#define FIX_MARGIN 1e-9

static double fix_gain(const gf__lp_prog *g, const lp_work *w, int32_t c)
{
    const gf__lp_col *k = &g->col[c];
    size_t lt = (size_t)k->ref * (size_t)g->periods + (size_t)k->period;
    double d = w->cd[c], V, pi, best = 0;
    int32_t r;

    if (k->kind != GF__LP_COL_DEPART || d < 0)
        return d > 0 ? d : 0;
    r = g->depart_row[lt];
    V = -g->value[g->start[c]]; /* n's one entry: -V in its departure row */
    pi = r >= 0 && w->rd[r] < 0 ? -w->rd[r] : 0;
    for (int32_t p = 0; p < g->products; p++) {
        int32_t f = g->flow_col[lt * (size_t)g->products + (size_t)p];
        if (f < 0)
            continue;
        if (w->x[f] > 1e-9)
            return d; /* tonnes without a departure: not a plan CBC accepts */
        if (w->cd[f] - pi < best)
            best = w->cd[f] - pi;
    }
    return d + V * pi + V * best;
}

static int32_t fix_by_cost(gf__lp_prog *g, const lp_work *w, double L, double U, double tol,
                           double *floor_obj)
{
    double margin = FIX_MARGIN * fabs(L), cut = U - tol;
    int32_t fixed = 0;

    if (margin < 1)
        margin = 1;
    *floor_obj = GF__LP_INF;
    for (int32_t c = 0; c < g->ncol; c++) {
        gf__lp_col *k = &g->col[c];
        double d = w->cd[c], gain;
        bool at_lo = w->x[c] <= k->lo + 1e-9 && w->start[c] <= k->lo + 1e-9;
        bool at_up = !at_lo && w->x[c] >= k->up - 1e-9 && w->start[c] >= k->up - 1e-9 && d < 0;
        if (!k->is_int || k->lo == k->up || !(at_lo || at_up))
            continue;
        gain = at_lo ? fix_gain(g, w, c) : -d;
        if (!(L + gain > cut + margin))
            continue;
        if (at_lo)
            k->up = k->lo;
        else
            k->lo = k->up;
        fixed++;
        if (L + gain < *floor_obj)
            *floor_obj = L + gain;
    }
    return fixed;
}

/* The MIP path after the relaxation: warm start, CBC, fixed LP. */
static int solve_mip(const gf_model *m, gf__lp_prog *g, lp_work *w, const gf_lp_options *o,
                     gf_lp_result *r, gf_error *err)
{
    gf__lp_out mo = {0}, fo = {0};
    double t0 = now_s(), tol, floor_obj = GF__LP_INF;
    bool have_start = !o->no_warm_start && warm_start(m, g, w, o);
    gf_lp_options co = *o; /* CBC gets what is left of the time limit */
    int rc;

    r->warm_seconds = now_s() - t0;
    if (gf__lp_halted(o->interrupt)) { /* during the warm start: no plan, CBC not started */
        r->status = GF_LP_INTERRUPTED;
        return GF_OK;
    }
    if (co.time_limit_s > 0) {
        co.time_limit_s -= r->lp_seconds + r->cut_seconds + r->warm_seconds;
        if (co.time_limit_s < 0.01)
            co.time_limit_s = 0.01; /* spent before CBC starts: 0 would mean no limit */
    }
    tol = gap_tolerance(g, o, have_start, w->start_obj);
    if (have_start && !o->no_cost_fixing)
        r->n_fixed =
            fix_by_cost(g, w, r->relaxation_cents - g->constant, w->start_obj, tol, &floor_obj);
    rc = gf__lp_cbc_solve(g, &co, tol, have_start ? w->start : NULL, w->x, &mo, err);
    restore_bounds(g, w); /* the fixed LP below sees every column's own bounds */

    if (rc)
        return rc;
    r->is_mip = true;
    r->status = (gf_lp_status)mo.status;
    r->nodes = mo.nodes;
    r->mip_seconds = mo.seconds;
    if (mo.bound > floor_obj)
        mo.bound = floor_obj; /* plans with a fixed column cost at least floor_obj */
    r->bound_cents = mo.bound + g->constant;
    r->solver_objective_cents = mo.objective + g->constant;
    if (!mo.has_x)
        return GF_OK;
    r->has_plan = true;
    rc = fixed_lp(g, w, o, &fo, err);
    if (rc)
        return rc;
    r->dual_seconds = fo.seconds;
    if (fo.status == GF_LP_INTERRUPTED)
        r->status = GF_LP_INTERRUPTED; /* CBC's plan as it stands, no duals */
    if (fo.status == GF_LP_OPTIMAL) {
        r->has_duals = true;
        r->duals_fixed = true;
    }
    return GF_OK;
}

/* The lot-sizing rounds (lp_cuts.c): separate on the relaxation in w->x,
 * re-solve, until a round adds nothing or lifts the bound by less than
 * CUT_MIN_GAIN of the saving the relaxation still claims, or CUT_ROUNDS.
 * *lo and w->x follow the last relaxation solved. */
#define CUT_ROUNDS   10
#define CUT_MIN_GAIN 1e-4

static int lift_bound(const gf_model *m, gf__lp_prog *g, lp_work *w, const gf_lp_options *o,
                      gf__lp_out *lo, gf_lp_result *r, gf_error *err)
{
    double t0 = now_s();
    int rc = GF_OK;

    for (int round = 0; !rc && round < CUT_ROUNDS; round++) {
        double before = lo->objective, *rd;
        int32_t added = 0, more = 0;
        if (gf__lp_halted(o->interrupt)) { /* before a separation (seconds under load) */
            lo->status = GF_LP_INTERRUPTED;
            break;
        }
        if ((o->lot_sizing && gf__lp_separate_lotsizing(g, m, w->x, &added)) ||
            (!o->no_rounding_rows && gf__lp_separate_rounding(g, m, w->x, &more)))
            rc = gf_fail(err, GF_ENOMEM, "out of memory adding lot-sizing rows to the MIP");
        added += more;
        if (rc || added == 0)
            break;
        rd = gf_realloc(w->rd, w->nr * sizeof *rd, (size_t)g->nrow * sizeof *rd);
        if (!rd) {
            rc = gf_fail(err, GF_ENOMEM, "out of memory adding lot-sizing rows to the MIP");
            break;
        }
        w->rd = rd;
        w->nr = (size_t)g->nrow;
        rc = gf__lp_clp_resolve(w->clp, g, o->log, w->x, w->rd, w->cd, lo,
                                err); /* for fix_by_cost */
        if (!rc && lo->status == GF_LP_INTERRUPTED)
            break;                              /* run() reports it */
        if (!rc && lo->status != GF_LP_OPTIMAL) /* valid rows cannot cut every plan off */
            rc = gf_fail(err, GF_EINTERNAL, "the relaxation with lot-sizing rows ended %s",
                         gf_lp_status_name((gf_lp_status)lo->status));
        if (!rc && lo->objective - before <
                       CUT_MIN_GAIN * ((double)g->alt_all_cents - lo->objective - g->constant))
            break;
    }
    r->cut_seconds = now_s() - t0;
    r->n_cuts = g->n_cuts;
    return rc;
}

static int run(const gf_model *m, gf__lp_prog *g, lp_work *w, const gf_lp_options *o,
               gf_lp_result *r, gf_error *err)
{
    gf__lp_out lo = {0};
    int rc = gf__lp_clp_resolve(w->clp, g, o->log, w->x, w->rd, w->cd, &lo, err);

    if (rc)
        return rc;
    r->lp_seconds = lo.seconds;
    if (lo.status == GF_LP_OPTIMAL && g->n_int > 0 && (o->lot_sizing || !o->no_rounding_rows))
        rc = lift_bound(m, g, w, o, &lo, r, err);
    if (rc)
        return rc;
    r->status = (gf_lp_status)lo.status;
    if (lo.status == GF_LP_INTERRUPTED)
        return GF_OK; /* no plan, no bound */
    r->bound_cents = lo.bound + g->constant;
    r->solver_objective_cents = r->relaxation_cents = lo.objective + g->constant;
    if (lo.status != GF_LP_OPTIMAL)
        return GF_OK; /* an infeasible relaxation: the MIP is too */
    if (g->n_int > 0)
        return solve_mip(m, g, w, o, r, err);
    r->has_plan = true;
    r->has_duals = true;
    r->relaxed = o->relax && gf_lp_model_kind(m) == GF_LP_KIND_MIP;
    return GF_OK;
}

int gf_lp_solve_model(const gf_model *m, const gf_lp_options *o, gf_lp_result *r, gf_error *err)
{
    gf_lp_options def;
    gf__lp_prog g = {0};
    lp_work w = {0};
    int rc;

    if (!m || !r)
        return gf_fail(err, GF_EINVAL, "gf_lp_solve_model: NULL argument");
    if (!o) {
        gf_lp_options_init(&def);
        o = &def;
    }
    gf_lp_result_fini(r);
    set_sizes(m, r);
    rc = gf__lp_build(&g, m, o, err);
    if (!rc)
        rc = work_init(&w, &g, o, err);
    if (!rc)
        rc = alloc_plan(r, err);
    if (!rc) {
        r->n_cols = g.ncol;
        r->n_rows = g.nrow;
        r->n_integers = g.n_int;
        r->alt_all_cents = g.alt_all_cents;
        rc = run(m, &g, &w, o, r, err);
    }
    if (!rc && r->has_plan) {
        read_plan(&g, w.x, r);
        read_hubs(m, &g, w.x, r);
        if (r->has_duals)
            read_duals(&g, w.rd, w.cd, r);
        rc = gf_lp_plan_costs(m, r, &r->cost, err);
        if (r->status == GF_LP_OPTIMAL && !r->relaxed)
            r->bound_cents = r->solver_objective_cents;
        r->gap_cents = (double)r->cost.total - r->bound_cents;
        if (r->gap_cents < 0)
            r->gap_cents = 0;
        if (r->status == GF_LP_WITHIN_GAP &&
            r->gap_cents > o->gap_share * (double)(r->alt_all_cents - r->cost.total))
            r->status = GF_LP_TIME_LIMIT; /* CBC refused the warm start: no such proof */
    }
    work_fini(&w);
    gf__lp_prog_fini(&g);
    if (rc)
        gf_lp_result_fini(r);
    return rc;
}

/* ---- one relaxation under several hub_force vectors (lp.h) ---- */

struct gf_lp_relaxation {
    const gf_model *m;
    gf__lp_prog g;
    lp_work w;
};

void gf_lp_relaxation_close(gf_lp_relaxation *rx)
{
    if (!rx)
        return;
    work_fini(&rx->w);
    gf__lp_prog_fini(&rx->g);
    gf_free(rx, sizeof *rx);
}

int gf_lp_relaxation_open(gf_lp_relaxation **out, const gf_model *m, const gf_lp_options *o,
                          gf_error *err)
{
    gf_lp_options ro;
    gf_lp_relaxation *rx;
    int rc;

    if (!out || !m)
        return gf_fail(err, GF_EINVAL, "gf_lp_relaxation_open: NULL argument");
    *out = NULL;
    if (o)
        ro = *o;
    else
        gf_lp_options_init(&ro);
    ro.relax = true;
    ro.hub_force = NULL; /* every hub built open: solve sets the bounds */
    rx = gf_calloc(1, sizeof *rx);
    if (!rx)
        return gf_fail(err, GF_ENOMEM, "out of memory building the LP relaxation");
    rx->m = m;
    rc = gf__lp_build(&rx->g, m, &ro, err);
    if (!rc)
        rc = work_init(&rx->w, &rx->g, &ro, err);
    if (rc) {
        gf_lp_relaxation_close(rx);
        return rc;
    }
    *out = rx;
    return GF_OK;
}

int gf_lp_relaxation_solve(gf_lp_relaxation *rx, const int32_t *hub_force, gf_lp_status *status,
                           double *relaxation_cents, gf_error *err)
{
    gf__lp_out lo = {0};
    int rc;

    if (!rx || !status || !relaxation_cents)
        return gf_fail(err, GF_EINVAL, "gf_lp_relaxation_solve: NULL argument");
    *status = GF_LP_NOT_SOLVED;
    *relaxation_cents = 0;
    rc = gf__lp_set_hub_force(&rx->g, rx->m, hub_force, err);
    if (!rc)
        rc = gf__lp_clp_resolve(rx->w.clp, &rx->g, false, rx->w.x, NULL, NULL, &lo, err);
    if (rc)
        return rc;
    *status = (gf_lp_status)lo.status;
    if (lo.status == GF_LP_OPTIMAL)
        *relaxation_cents = lo.objective + rx->g.constant;
    return GF_OK;
}
