/* src/lp/lp_cuts.c: lot-sizing and rounding inequalities that lift the MIP's bound (issue 8).
 *
 * Why. A market reached by ships (links with vessel_t) and with silos is a
 * lot-sizing problem: each departure costs the same however full, so the
 * plan sends a full ship now and then and stores it, paying the storage
 * fee. The relaxation instead sends a sliver every week (n = x / V, a
 * twentieth of a ship) and pays no storage: on the version-2 default it
 * sits USD 124 k above what CBC's own root cuts reach, and those sit
 * ~0.1% of the saving above the best plan CBC finds in a minute.
 * CBC's cut generators work row by row and do not find the classic (l,S)
 * inequalities of lot sizing (Barany, Van Roy and Wolsey, 1984), which
 * need the node's balance over several periods. This file separates them
 * on the relaxation and adds them as rows before CBC starts.
 *
 * The inequality. Node v, not a hub facility and without conversions;
 * I = the links with vessel_t into v; a window of arrival periods
 * j..l (W = l - j + 1 <= P - 1 of them, wrapping on a cyclic horizon, not
 * before period 0 on an open one); S a subset of the window; D(t) = the
 * demand at v in periods t..l, all products; for link k arriving at t,
 * x(k,t) its tonnes (all products) and n(k,t) its departures, departing
 * in t - lag(k); V(k,t) the coefficient of n in k's departure row
 * (min(vessel_t, U), lp_build.c); c(k,t) = min(D(t), V(k,t)). Then
 *   sum_{t in S} sum_k x(k,t) <= sum_{t in S} sum_k c(k,t) n(k,t)
 *                                + stock(v, l) + out(v, j..l)
 * where stock(v, l) is everything stored at v from l to l+1 and
 * out(v, j..l) everything departing v over its links in the window.
 * Proof (valid for every integer plan). If no link has n >= 1 at any t in
 * S, every x there is 0 (x <= V n). Else let t* be the first such period.
 * Periods of S before t* carry nothing. If some link k active at t* has
 * c(k,t*) = D(t*), the right side is at least D(t*) + stock(v,l) + out,
 * and v's balance over t*..l (arrivals + stock in = deliveries + stock
 * out + departures; other inflows and the stock carried into t* are >= 0,
 * deliveries <= demand) bounds the whole left side by exactly that. Else
 * every active link at t* has c = V(k,t*), so its terms cover x(k,t*) (x
 * <= V n), and the rest of S, after t*, is the same inequality for a
 * smaller S: induction. No rounding is involved, so the MIP's optimum is
 * unchanged; test_lp's hand cases check where one binds and where it
 * must not cut a plan off, and the seeded models compare the optimum with
 * the independent GLPK MIP (tests/support/model_mip.c) with these rows.
 *
 * Separation. For each such node and each l, the most violated window
 * is found in one pass over W = 1.. P-1 (S = the periods whose x exceeds
 * its c n); a cut is added when it is violated by more than
 * CUT_MIN_VIOLATION tonnes. Rounds repeat (each one re-solving the
 * relaxation with CLP, lp_solve.c) until a round moves the bound by less
 * than CUT_MIN_GAIN of the saving still claimed, or CUT_ROUNDS.
 *
 * Opt-in (gf_lp_options.lot_sizing, mip_driver --lot-sizing). Measured on
 * the version-2 default (top of lp_build.c): 2 rounds, 260 rows, and the
 * bound CBC starts from after its own root cuts rises by USD 25 k (0.02%
 * of the saving), but CBC's search with the rows was not faster to 0.1%,
 * and in two runs its final clean-up re-solve (CbcMain1 resolving the
 * original model after a stop) ran for minutes. So the rows stay off by
 * default until that is understood; they are exact either way (tested).
 *
 * Departure-count rounding rows (gf_lp_options.rounding_rows). Where the
 * gap of the version-2 default really is: the relaxation's six lanes into
 * Banjul, Conakry, Cotonou and Douala carry each market's year of demand
 * in a fractional number of ships (Banjul wants 69,992 t a year, 3.5
 * ships of 20,000 t), while every plan pays for a whole number of ships
 * or leaves tonnes to the alternative. No window shorter than the cycle
 * sees that (lot sizing's windows are at most P - 1 periods), and CBC's
 * row-by-row cuts would have to aggregate 52 departure rows and balances.
 * The row. Node v as above (no hub facility, no conversion, a vessel link
 * in); a window of arrival periods j..l (W periods; W = P, the whole
 * cyclic horizon, once); D = v's demand in the window, all products;
 * items i = the departure columns n_i of the vessel links into v arriving
 * in the window, V_i their departure-row coefficients; S = their tonnes;
 * out = everything departing v over links in the window; st = v's stock
 * from l to l+1 (none when W = P on a cyclic horizon). A divisor delta
 * (one of the V_i) with r = D mod delta > 0. Then
 *   S - st - out <= D - r ceil(D / delta) + sum_i c_i n_i,
 *   c_i = r floor(V_i / delta) + min(V_i mod delta, r).
 * Proof (valid for every integer plan). v's balance over the window:
 * arrivals + stock in at j + bought = deliveries + st + out (conversions
 * excluded); deliveries <= D, so s = D + st + out - S >= 0. The departure
 * rows give sum_i V_i n_i >= S, that is sum_i V_i n_i + s - st - out >= D
 * with s, st, out >= 0 and n_i integer >= 0. Divide by delta: the
 * mixed-integer rounding inequality of this row (Nemhauser and Wolsey,
 * 1990: for sum a_i y_i + z >= b, z >= 0 continuous, f = frac(b) > 0,
 * sum (f floor(a_i) + min(frac(a_i), f)) y_i + z >= f ceil(b); continuous
 * terms with negative coefficients are dropped, which only weakens it)
 * gives sum_i c_i n_i + s >= r ceil(D / delta) after multiplying back by
 * delta (delta f = r); put s back. Like the lot-sizing rows it only
 * removes fractional points, so the optimum is unchanged (test_lp's hand
 * cases: one where the cycle's row binds, one with onward links where
 * it would cut the optimum off without out; the seeded models against
 * GLPK's MIP with both families).
 * Separation: for every l, W grows from 1 to P - 1 (P for l = P - 1 on a
 * cyclic horizon; l + 1 on an open one), every divisor is tried, and the
 * most violated row (by more than CUT_MIN_VIOLATION tonnes) is added; the
 * rounds are the lot-sizing rows' (lp_solve.c runs both families in the
 * same rounds). Measured: see the top of lp_build.c.
 * In the duals' fixed LP both families are made free, so the prices are
 * the model's rows' alone.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <string.h>

#include "grainflow/alloc.h"
#include "lp/lp_int.h"

#define CUT_MIN_VIOLATION 1.0

/* The cuts of one round, row by row: entries [first[r], first[r+1]). */
typedef struct cut_set {
    int32_t *col;
    double *val;
    int64_t n, col_cap, val_cap;
    int64_t *first; /* size rows_cap + 1 */
    double *up;     /* size up_cap: each row's right-hand side */
    int32_t rows, rows_cap, up_cap;
} cut_set;

static void cuts_fini(cut_set *s)
{
    gf_free(s->col, (size_t)s->col_cap * sizeof *s->col);
    gf_free(s->val, (size_t)s->val_cap * sizeof *s->val);
    gf_free(s->first, ((size_t)s->rows_cap + 1) * sizeof *s->first);
    gf_free(s->up, (size_t)s->up_cap * sizeof *s->up);
    *s = (cut_set){0};
}

static bool cuts_push(cut_set *s, int32_t col, double v)
{
    if (col < 0 || v == 0)
        return true;
    if (!gf__lp_grow((void **)&s->col, &s->col_cap, s->n + 1, sizeof *s->col, INT32_MAX) ||
        !gf__lp_grow((void **)&s->val, &s->val_cap, s->n + 1, sizeof *s->val, INT32_MAX))
        return false;
    s->col[s->n] = col;
    s->val[s->n] = v;
    s->n++;
    return true;
}

/* Open a new row "... <= up" (its entries follow through cuts_push). */
static bool cuts_row(cut_set *s, double up)
{
    if (!gf__lp_grow32((void **)&s->up, &s->up_cap, (int64_t)s->rows + 1, sizeof *s->up))
        return false;
    if (s->rows + 1 > s->rows_cap) {
        int32_t nc = s->rows_cap ? 2 * s->rows_cap : 256;
        int64_t *f = gf_realloc(s->first, ((size_t)s->rows_cap + 1) * sizeof *f,
                                ((size_t)nc + 1) * sizeof *f);
        if (!f)
            return false;
        if (!s->rows_cap)
            f[0] = 0;
        s->first = f;
        s->rows_cap = nc;
    }
    s->first[s->rows] = s->n;
    s->first[s->rows + 1] = s->n;
    s->up[s->rows] = up;
    s->rows++;
    return true;
}

static void cuts_close(cut_set *s)
{
    if (s->rows > 0)
        s->first[s->rows] = s->n;
}

/* Append the rows of s (each <= its up) to g, merging their entries into g's
 * column-major arrays. */
static bool append_rows(gf__lp_prog *g, const cut_set *s)
{
    int64_t nnz = g->nnz + s->n;
    int32_t *idx = NULL, *extra = NULL;
    double *val = NULL;
    int64_t *pos = NULL;
    gf__lp_row *rows;
    bool ok = false;

    if (s->rows == 0)
        return true;
    if (nnz >= (int64_t)INT32_MAX / 2)
        return false;
    rows = gf_realloc(g->row, (size_t)g->row_cap * sizeof *rows,
                      ((size_t)g->nrow + (size_t)s->rows) * sizeof *rows);
    if (!rows)
        return false;
    g->row = rows;
    g->row_cap = g->nrow + s->rows;
    idx = gf_malloc((size_t)nnz * sizeof *idx);
    val = gf_malloc((size_t)nnz * sizeof *val);
    extra = gf_calloc((size_t)g->ncol + 1, sizeof *extra);
    pos = gf_malloc(((size_t)g->ncol + 1) * sizeof *pos);
    if (!idx || !val || !extra || !pos)
        goto out;
    for (int64_t e = 0; e < s->n; e++)
        extra[s->col[e]]++;
    /* each column: its old entries, then room for its new ones at pos */
    for (int32_t c = 0, at = 0; c < g->ncol; c++) {
        int64_t old = g->start[c + 1] - g->start[c];
        memcpy(idx + at, g->index + g->start[c], (size_t)old * sizeof *idx);
        memcpy(val + at, g->value + g->start[c], (size_t)old * sizeof *val);
        pos[c] = at + old;
        at += (int32_t)(old + extra[c]);
    }
    for (int32_t c = 0; c < g->ncol; c++)
        g->start[c] = pos[c] - (g->start[c + 1] - g->start[c]); /* old count, read before */
    g->start[g->ncol] = nnz;
    for (int32_t r = 0; r < s->rows; r++) {
        for (int64_t e = s->first[r]; e < s->first[r + 1]; e++) {
            int32_t c = s->col[e];
            idx[pos[c]] = g->nrow + r;
            val[pos[c]] = s->val[e];
            pos[c]++;
        }
        g->row[g->nrow + r] = (gf__lp_row){.lo = -GF__LP_INF,
                                           .up = s->up[r],
                                           .ref = -1,
                                           .period = -1,
                                           .product = -1,
                                           .kind = GF__LP_ROW_LOTSIZE};
    }
    gf_free(g->index, (size_t)g->nz_cap * sizeof *g->index);
    gf_free(g->value, (size_t)g->nz_val_cap * sizeof *g->value);
    g->index = idx;
    g->value = val;
    g->nz_cap = g->nz_val_cap = nnz;
    g->nnz = nnz;
    g->nrow += s->rows;
    g->n_cuts += s->rows;
    idx = NULL;
    val = NULL;
    ok = true;
out:
    gf_free(idx, (size_t)nnz * sizeof *idx);
    gf_free(val, (size_t)nnz * sizeof *val);
    gf_free(extra, ((size_t)g->ncol + 1) * sizeof *extra);
    gf_free(pos, ((size_t)g->ncol + 1) * sizeof *pos);
    return ok;
}

/* ---- separation ---- */

typedef struct node_info {
    const gf_model *m;
    const gf__lp_prog *g;
    const double *x;
    int32_t P, K;
    double *demand; /* [t]: demand at the node, all products */
    double *out;    /* [t]: tonnes departing the node over links in t */
    /* the links with vessel_t into each node, listed once per separation
     * (so a window's period does not scan every link): node v's are
     * vin_link[vin_first[v] .. vin_first[v+1]) */
    int32_t *vin_first, *vin_link;
} node_info;

static size_t vin_first_size(const gf_model *m)
{
    return (size_t)gf_model_node_count(m) + 1;
}

static size_t vin_link_size(const gf_model *m)
{
    return (size_t)gf_model_link_count(m) + 1;
}

/* Fill ni's lists of vessel links into each node (counting sort by head). */
static bool list_vessel_links(node_info *ni)
{
    const gf_model *m = ni->m;
    int32_t N = gf_model_node_count(m), L = gf_model_link_count(m);

    ni->vin_first = gf_calloc(vin_first_size(m), sizeof(int32_t));
    ni->vin_link = gf_malloc(vin_link_size(m) * sizeof(int32_t));
    if (!ni->vin_first || !ni->vin_link)
        return false;
    for (int32_t l = 0; l < L; l++)
        if (gf_model_link(m, l)->vessel_t > 0)
            ni->vin_first[gf_model_link(m, l)->to + 1]++;
    for (int32_t v = 0; v < N; v++)
        ni->vin_first[v + 1] += ni->vin_first[v];
    for (int32_t l = 0, *at = ni->vin_first; l < L; l++) /* at[v] moves to v+1's start */
        if (gf_model_link(m, l)->vessel_t > 0)
            ni->vin_link[at[gf_model_link(m, l)->to]++] = l;
    for (int32_t v = N; v > 0; v--)
        ni->vin_first[v] = ni->vin_first[v - 1];
    ni->vin_first[0] = 0;
    return true;
}

/* Can node v take the inequality, and has it a vessel link in? */
static bool eligible(const gf_model *m, int32_t v)
{
    bool in = false;

    if (gf_model_is_hub(m, v))
        return false;
    for (int32_t k = 0; k < gf_model_conversion_count(m); k++)
        if (gf_model_conversion(m, k)->node == v)
            return false;
    for (int32_t l = 0; l < gf_model_link_count(m); l++)
        in = in || (gf_model_link(m, l)->to == v && gf_model_link(m, l)->vessel_t > 0);
    return in;
}

static double col_val(const node_info *ni, int32_t c)
{
    return c >= 0 ? ni->x[c] : 0;
}

/* Sum over products of link l's tonnes departing in d. */
static double link_x(const node_info *ni, int32_t l, int32_t d)
{
    double s = 0;

    for (int32_t p = 0; p < ni->K; p++)
        s += col_val(
            ni,
            ni->g->flow_col[((size_t)l * (size_t)ni->P + (size_t)d) * (size_t)ni->K + (size_t)p]);
    return s;
}

static double stock_at(const node_info *ni, int32_t v, int32_t t)
{
    double s = 0;

    for (int32_t p = 0; p < ni->K; p++)
        s += col_val(
            ni,
            ni->g->stock_col[((size_t)v * (size_t)ni->P + (size_t)t) * (size_t)ni->K + (size_t)p]);
    return s;
}

/* The coefficient V(k, d) of link k's departures in d (its departure row). */
static double vessel_coef(const gf__lp_prog *g, int32_t c)
{
    return -g->value[g->start[c]];
}

/* sum_k (x - c n) over the vessel links into v arriving in t, for a
 * window whose demand from t on is dem: the period's term. */
static double period_term(const node_info *ni, int32_t v, int32_t t, double dem)
{
    double s = 0;

    for (int32_t i = ni->vin_first[v]; i < ni->vin_first[v + 1]; i++) {
        int32_t l = ni->vin_link[i], d, c;
        d = gf_model_departure(ni->m, l, t);
        if (d < 0)
            continue;
        c = ni->g->depart_col[(size_t)l * (size_t)ni->P + (size_t)d];
        if (c < 0)
            continue;
        {
            double V = vessel_coef(ni->g, c);
            s += link_x(ni, l, d) - (dem < V ? dem : V) * ni->x[c];
        }
    }
    return s;
}

/* Write the row of node v, window end l, length W, S = periods with a
 * positive term (recomputed as in the search). */
static bool write_cut(const node_info *ni, cut_set *cs, int32_t v, int32_t l, int32_t W)
{
    const gf_model *m = ni->m;
    const gf__lp_prog *g = ni->g;
    int32_t P = ni->P;
    double dem = 0;
    bool ok = cuts_row(cs, 0);

    for (int32_t p = 0; ok && p < ni->K; p++)
        ok = cuts_push(
            cs, g->stock_col[((size_t)v * (size_t)P + (size_t)l) * (size_t)ni->K + (size_t)p], -1);
    for (int32_t w = 0; ok && w < W; w++) {
        int32_t t = ((l - w) % P + P) % P;
        dem += ni->demand[t];
        for (int32_t k = 0; ok && k < gf_model_link_count(m); k++) {
            const gf_link *lk = gf_model_link(m, k);
            if (lk->from != v)
                continue;
            for (int32_t p = 0; ok && p < ni->K; p++)
                ok = cuts_push(
                    cs,
                    g->flow_col[((size_t)k * (size_t)P + (size_t)t) * (size_t)ni->K + (size_t)p],
                    -1);
        }
        if (!ok || period_term(ni, v, t, dem) <= 0)
            continue;
        for (int32_t i = ni->vin_first[v]; ok && i < ni->vin_first[v + 1]; i++) {
            int32_t k = ni->vin_link[i], d, c;
            if ((d = gf_model_departure(m, k, t)) < 0)
                continue;
            c = g->depart_col[(size_t)k * (size_t)P + (size_t)d];
            if (c < 0)
                continue;
            for (int32_t p = 0; ok && p < ni->K; p++)
                ok = cuts_push(
                    cs,
                    g->flow_col[((size_t)k * (size_t)P + (size_t)d) * (size_t)ni->K + (size_t)p],
                    1);
            {
                double V = vessel_coef(g, c);
                ok = ok && cuts_push(cs, c, -(dem < V ? dem : V));
            }
        }
    }
    cuts_close(cs);
    return ok;
}

/* Separate node v's most violated window for every l into cs. */
static bool separate_node(node_info *ni, cut_set *cs, int32_t v, int32_t *found)
{
    const gf_model *m = ni->m;
    int32_t P = ni->P, maxw = P - 1;
    bool ok = true;

    memset(ni->demand, 0, (size_t)P * sizeof *ni->demand);
    memset(ni->out, 0, (size_t)P * sizeof *ni->out);
    for (int32_t j = 0; j < gf_model_demand_count(m); j++)
        if (gf_model_demand(m, j)->node == v)
            ni->demand[gf_model_demand(m, j)->period] += (double)gf_model_demand(m, j)->t;
    for (int32_t k = 0; k < gf_model_link_count(m); k++)
        if (gf_model_link(m, k)->from == v)
            for (int32_t t = 0; t < P; t++)
                ni->out[t] += link_x(ni, k, t);
    for (int32_t l = 0; ok && l < P; l++) {
        double dem = 0, viol = -stock_at(ni, v, l), best = CUT_MIN_VIOLATION;
        int32_t best_w = 0;
        int32_t lim = gf_model_horizon(m) == GF_HORIZON_OPEN ? l + 1 : maxw;
        for (int32_t w = 0; w < lim; w++) {
            int32_t t = ((l - w) % P + P) % P;
            double term;
            dem += ni->demand[t];
            viol -= ni->out[t];
            term = period_term(ni, v, t, dem);
            if (term > 0)
                viol += term;
            if (viol > best) {
                best = viol;
                best_w = w + 1;
            }
        }
        if (best_w > 0) {
            ok = write_cut(ni, cs, v, l, best_w);
            (*found)++;
        }
    }
    return ok;
}

/* Run sep at every node eligible for either family and append the rows it
 * found to g; *added counts them. */
typedef bool separate_fn(node_info *ni, cut_set *cs, int32_t v, int32_t *found);

static int separate_all(gf__lp_prog *g, const gf_model *m, const double *x, int32_t *added,
                        separate_fn *sep)
{
    node_info ni = {.m = m, .g = g, .x = x, .P = g->periods, .K = g->products};
    cut_set cs = {0};
    size_t P = (size_t)g->periods;
    bool ok;

    *added = 0;
    ni.demand = gf_malloc(P * sizeof(double));
    ni.out = gf_malloc(P * sizeof(double));
    ok = ni.demand && ni.out && list_vessel_links(&ni);
    for (int32_t v = 0; ok && v < gf_model_node_count(m); v++)
        if (eligible(m, v))
            ok = sep(&ni, &cs, v, added);
    ok = ok && append_rows(g, &cs);
    cuts_fini(&cs);
    gf_free(ni.demand, P * sizeof(double));
    gf_free(ni.out, P * sizeof(double));
    gf_free(ni.vin_first, vin_first_size(m) * sizeof(int32_t));
    gf_free(ni.vin_link, vin_link_size(m) * sizeof(int32_t));
    return ok ? GF_OK : GF_ENOMEM;
}

int gf__lp_separate_lotsizing(gf__lp_prog *g, const gf_model *m, const double *x, int32_t *added)
{
    return separate_all(g, m, x, added, separate_node);
}

/* ---- departure-count rounding rows (see the top of this file) ---- */

#define ROUND_MAX_DELTAS 8

/* The rounding coefficient of a departure column whose departure row has
 * coefficient V, for divisor delta and remainder r = D mod delta:
 * r floor(V / delta) + min(V mod delta, r). */
static double round_coef(double V, double delta, double r)
{
    double f = fmod(V, delta), k = floor((V - f) / delta + 0.5);

    return r * k + (f < r ? f : r);
}

/* The departure columns of the vessel links into v that arrive in the
 * window so far, with their departure-row coefficients. */
typedef struct round_items {
    int32_t *col;
    double *V;
    int32_t n, col_cap, V_cap;
} round_items;

static bool items_push(round_items *it, int32_t c, double V)
{
    if (!gf__lp_grow32((void **)&it->col, &it->col_cap, (int64_t)it->n + 1, sizeof *it->col) ||
        !gf__lp_grow32((void **)&it->V, &it->V_cap, (int64_t)it->n + 1, sizeof *it->V))
        return false;
    it->col[it->n] = c;
    it->V[it->n] = V;
    it->n++;
    return true;
}

static void items_fini(round_items *it)
{
    gf_free(it->col, (size_t)it->col_cap * sizeof *it->col);
    gf_free(it->V, (size_t)it->V_cap * sizeof *it->V);
    *it = (round_items){0};
}

/* Add arrival period t's departure columns into v to it; *S += their tonnes. */
static bool window_add(const node_info *ni, round_items *it, int32_t v, int32_t t, double *S)
{
    for (int32_t i = ni->vin_first[v]; i < ni->vin_first[v + 1]; i++) {
        int32_t k = ni->vin_link[i], d, c;
        if (gf_model_link(ni->m, k)->from == v || (d = gf_model_departure(ni->m, k, t)) < 0)
            continue;
        c = ni->g->depart_col[(size_t)k * (size_t)ni->P + (size_t)d];
        if (c < 0)
            continue;
        *S += link_x(ni, k, d);
        if (!items_push(it, c, vessel_coef(ni->g, c)))
            return false;
    }
    return true;
}

/* The divisors tried at v: the distinct departure-row coefficients of its
 * vessel links in (at most ROUND_MAX_DELTAS). */
static int32_t node_deltas(const node_info *ni, int32_t v, double *deltas)
{
    int32_t n = 0;

    for (int32_t e = ni->vin_first[v]; e < ni->vin_first[v + 1]; e++) {
        int32_t k = ni->vin_link[e];
        for (int32_t d = 0; d < ni->P && n < ROUND_MAX_DELTAS; d++) {
            int32_t c = ni->g->depart_col[(size_t)k * (size_t)ni->P + (size_t)d];
            double V;
            bool seen = false;
            if (c < 0)
                continue;
            V = vessel_coef(ni->g, c);
            for (int32_t i = 0; i < n; i++)
                seen = seen || deltas[i] == V;
            if (!seen && V > 0)
                deltas[n++] = V;
        }
    }
    return n;
}

/* Write the rounding row of v for window l-W+1..l, divisor delta. */
static bool write_round(const node_info *ni, cut_set *cs, int32_t v, int32_t l, int32_t W,
                        double delta)
{
    const gf_model *m = ni->m;
    const gf__lp_prog *g = ni->g;
    int32_t P = ni->P;
    round_items it = {0};
    double D = 0, S = 0, r;
    bool stock = W < P || gf_model_horizon(m) == GF_HORIZON_OPEN, ok = true;

    for (int32_t w = 0; ok && w < W; w++) {
        int32_t t = ((l - w) % P + P) % P;
        D += ni->demand[t];
        ok = window_add(ni, &it, v, t, &S);
    }
    r = fmod(D, delta);
    ok = ok && cuts_row(cs, D - r * ((D - r) / delta + 1));
    for (int32_t i = 0; ok && i < it.n; i++) {
        const gf__lp_col *k = &g->col[it.col[i]];
        for (int32_t p = 0; ok && p < ni->K; p++)
            ok = cuts_push(
                cs,
                g->flow_col[((size_t)k->ref * (size_t)P + (size_t)k->period) * (size_t)ni->K +
                            (size_t)p],
                1);
        ok = ok && cuts_push(cs, it.col[i], -round_coef(it.V[i], delta, r));
    }
    for (int32_t p = 0; ok && stock && p < ni->K; p++)
        ok = cuts_push(
            cs, g->stock_col[((size_t)v * (size_t)P + (size_t)l) * (size_t)ni->K + (size_t)p], -1);
    for (int32_t w = 0; ok && w < W; w++) {
        int32_t t = ((l - w) % P + P) % P;
        for (int32_t k = 0; ok && k < gf_model_link_count(m); k++) {
            if (gf_model_link(m, k)->from != v || gf_model_link(m, k)->to == v)
                continue;
            for (int32_t p = 0; ok && p < ni->K; p++)
                ok = cuts_push(
                    cs,
                    g->flow_col[((size_t)k * (size_t)P + (size_t)t) * (size_t)ni->K + (size_t)p],
                    -1);
        }
    }
    cuts_close(cs);
    items_fini(&it);
    return ok;
}

/* Node v's most violated rounding row for every window end l. */
static bool separate_round_node(node_info *ni, cut_set *cs, int32_t v, int32_t *found)
{
    const gf_model *m = ni->m;
    int32_t P = ni->P, nd;
    double deltas[ROUND_MAX_DELTAS];
    bool open = gf_model_horizon(m) == GF_HORIZON_OPEN, ok = true;
    round_items it = {0};

    memset(ni->demand, 0, (size_t)P * sizeof *ni->demand);
    memset(ni->out, 0, (size_t)P * sizeof *ni->out);
    for (int32_t j = 0; j < gf_model_demand_count(m); j++)
        if (gf_model_demand(m, j)->node == v)
            ni->demand[gf_model_demand(m, j)->period] += (double)gf_model_demand(m, j)->t;
    for (int32_t k = 0; k < gf_model_link_count(m); k++)
        if (gf_model_link(m, k)->from == v && gf_model_link(m, k)->to != v)
            for (int32_t t = 0; t < P; t++)
                ni->out[t] += link_x(ni, k, t);
    nd = node_deltas(ni, v, deltas);
    for (int32_t l = 0; ok && l < P; l++) {
        double D = 0, S = 0, out = 0, best = CUT_MIN_VIOLATION, best_delta = 0;
        double st = stock_at(ni, v, l);
        int32_t best_w = 0;
        /* the whole cyclic horizon is one window, whatever l: only once */
        int32_t lim = open ? l + 1 : (l == P - 1 ? P : P - 1);
        it.n = 0;
        for (int32_t w = 0; ok && w < lim; w++) {
            int32_t t = ((l - w) % P + P) % P;
            double lhs;
            D += ni->demand[t];
            out += ni->out[t];
            ok = window_add(ni, &it, v, t, &S);
            lhs = S - out - (w + 1 < P || open ? st : 0);
            for (int32_t i = 0; ok && i < nd; i++) {
                double r = fmod(D, deltas[i]), rhs;
                if (r < 1e-6)
                    continue; /* D a whole number of ships: the row adds nothing */
                rhs = D - r * ((D - r) / deltas[i] + 1);
                for (int32_t j = 0; j < it.n; j++)
                    rhs += round_coef(it.V[j], deltas[i], r) * ni->x[it.col[j]];
                if (lhs - rhs > best) {
                    best = lhs - rhs;
                    best_w = w + 1;
                    best_delta = deltas[i];
                }
            }
        }
        if (ok && best_w > 0) {
            ok = write_round(ni, cs, v, l, best_w, best_delta);
            (*found)++;
        }
    }
    items_fini(&it);
    return ok;
}

int gf__lp_separate_rounding(gf__lp_prog *g, const gf_model *m, const double *x, int32_t *added)
{
    return separate_all(g, m, x, added, separate_round_node);
}
