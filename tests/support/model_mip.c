/* tests/support/model_mip.c: a version-2 gf_model as a GLPK MIP (see model_mip.h).
 * SPDX-License-Identifier: MIT */
#include "support/model_mip.h"

#include <glpk.h>
#include <stdbool.h>
#include <stdlib.h>

#include "grainflow/lp.h"

typedef struct mip {
    glp_prob *lp;
    int *ia, *ja;
    double *ar;
    int ne, cap;
    bool ok;
    int32_t P, K, N, L;
    int bal_in, bal_out;    /* first row of each block: [(n*P + t)*K + p] */
    int *thr_row, *sto_row; /* [n*P + t], 0 = none */
    int *cap_row, *dep_row; /* [l*P + t] */
    int *pick_row;          /* [n] */
    int count_row;
    double constant;
} mip;

static void nz(mip *s, int row, int col, double v)
{
    if (!row || !s->ok)
        return;
    if (s->ne + 1 >= s->cap) {
        int cap = s->cap ? 2 * s->cap : 4096;
        int *ia = realloc(s->ia, (size_t)cap * sizeof *ia);
        int *ja = ia ? realloc(s->ja, (size_t)cap * sizeof *ja) : NULL;
        double *ar = ja ? realloc(s->ar, (size_t)cap * sizeof *ar) : NULL;
        if (ia)
            s->ia = ia;
        if (ja)
            s->ja = ja;
        if (!ar) {
            s->ok = false;
            return;
        }
        s->ar = ar;
        s->cap = cap;
    }
    s->ne++;
    s->ia[s->ne] = row;
    s->ja[s->ne] = col;
    s->ar[s->ne] = v;
}

static int col(mip *s, double lo, double up, double cost, bool integer)
{
    int c = glp_add_cols(s->lp, 1);

    if (up >= 1e300)
        glp_set_col_bnds(s->lp, c, GLP_LO, lo, 0);
    else
        glp_set_col_bnds(s->lp, c, lo == up ? GLP_FX : GLP_DB, lo, up);
    glp_set_obj_coef(s->lp, c, cost);
    if (integer)
        glp_set_col_kind(s->lp, c, GLP_IV);
    return c;
}

static int rows(mip *s, int n, int type, double lo, double up)
{
    int r = glp_add_rows(s->lp, n);

    for (int i = 0; i < n; i++)
        glp_set_row_bnds(s->lp, r + i, type, lo, up);
    return r;
}

static int idx(const mip *s, int32_t n, int32_t t, int32_t p)
{
    return (int)(((int64_t)n * s->P + t) * s->K + p);
}

static bool has_storage(const gf_model *m, int32_t n)
{
    if (!gf_model_is_hub(m, n))
        return gf_model_node(m, n)->storage_t > 0;
    for (int32_t i = 0; i < gf_model_hub_option_count(m); i++)
        if (gf_model_hub_option(m, i)->node == n && gf_model_hub_option(m, i)->storage_t > 0)
            return true;
    return false;
}

static void node_rows(mip *s, const gf_model *m)
{
    int npk = s->N * s->P * s->K;

    s->bal_in = rows(s, npk, GLP_FX, 0, 0);
    s->bal_out = rows(s, npk, GLP_FX, 0, 0);
    for (int32_t n = 0; n < s->N; n++) {
        bool hub = gf_model_is_hub(m, n);
        for (int32_t t = 0; t < s->P; t++) {
            int64_t thr = gf_model_node_throughput_at(m, n, t);
            if (hub)
                s->thr_row[n * s->P + t] = rows(s, 1, GLP_UP, 0, 0);
            else if (thr != GF_UNLIMITED)
                s->thr_row[n * s->P + t] = rows(s, 1, GLP_UP, 0, (double)thr);
            if (hub && has_storage(m, n))
                s->sto_row[n * s->P + t] = rows(s, 1, GLP_UP, 0, 0);
            else if (!hub && gf_model_node(m, n)->storage_t > 0)
                s->sto_row[n * s->P + t] =
                    rows(s, 1, GLP_UP, 0, (double)gf_model_node(m, n)->storage_t);
        }
    }
}

static void link_cols(mip *s, const gf_model *m)
{
    for (int32_t l = 0; l < s->L; l++) {
        const gf_link *lk = gf_model_link(m, l);
        double cost = (double)lk->cost_cents_per_t - (double)lk->subsidy_cents_per_t +
                      (double)gf_model_node(m, lk->to)->handling_cents_per_t;
        for (int32_t t = 0; t < s->P; t++) {
            int32_t a = gf_model_arrival(m, l, t);
            int64_t cap = gf_model_link_capacity_at(m, l, t);
            if (a < 0 || cap == 0)
                continue;
            if (cap != GF_UNLIMITED)
                s->cap_row[l * s->P + t] = rows(s, 1, GLP_UP, 0, (double)cap);
            if (lk->vessel_t > 0) {
                int n = col(s, 0, 1e308, (double)lk->departure_cents, true);
                s->dep_row[l * s->P + t] = rows(s, 1, GLP_UP, 0, 0);
                nz(s, s->dep_row[l * s->P + t], n, -(double)lk->vessel_t);
            }
            for (int32_t p = 0; p < s->K; p++) {
                int x;
                if (!gf_model_link_carries(m, l, p))
                    continue;
                x = col(s, 0, 1e308, cost, false);
                nz(s, s->bal_out + idx(s, lk->from, t, p), x, -1);
                nz(s, s->bal_in + idx(s, lk->to, a, p), x, 1);
                nz(s, s->cap_row[l * s->P + t], x, 1);
                nz(s, s->dep_row[l * s->P + t], x, 1);
            }
        }
    }
}

static void node_cols(mip *s, const gf_model *m)
{
    bool open = gf_model_horizon(m) == GF_HORIZON_OPEN;

    for (int32_t n = 0; n < s->N; n++)
        for (int32_t t = 0; t < s->P; t++)
            for (int32_t p = 0; p < s->K; p++) {
                int th = col(s, 0, 1e308, 0, false);
                nz(s, s->bal_in + idx(s, n, t, p), th, -1);
                nz(s, s->bal_out + idx(s, n, t, p), th, 1);
                nz(s, s->thr_row[n * s->P + t], th, 1);
                if (has_storage(m, n) && s->P > 1 && !(open && t == s->P - 1)) {
                    int st =
                        col(s, 0, 1e308, (double)gf_model_node(m, n)->storage_cents_per_t, false);
                    nz(s, s->bal_out + idx(s, n, t, p), st, -1);
                    nz(s, s->bal_out + idx(s, n, (t + 1) % s->P, p), st, 1);
                    nz(s, s->sto_row[n * s->P + t], st, 1);
                }
            }
}

static void row_cols(mip *s, const gf_model *m)
{
    for (int32_t i = 0; i < gf_model_supply_count(m); i++) {
        const gf_supply *r = gf_model_supply(m, i);
        int b = col(s, 0, (double)r->t, (double)r->price_cents_per_t, false);
        nz(s, s->bal_out + idx(s, r->node, r->period, r->product), b, 1);
    }
    for (int32_t j = 0; j < gf_model_demand_count(m); j++) {
        const gf_demand *r = gf_model_demand(m, j);
        int d = col(s, 0, (double)r->t, -(double)r->alt_cents_per_t, false);
        nz(s, s->bal_out + idx(s, r->node, r->period, r->product), d, -1);
        s->constant += (double)r->t * (double)r->alt_cents_per_t;
    }
    for (int32_t k = 0; k < gf_model_conversion_count(m); k++) {
        const gf_conversion *cv = gf_model_conversion(m, k);
        for (int32_t t = 0; t < s->P; t++) {
            double up = cv->capacity_t == GF_UNLIMITED ? 1e308 : (double)cv->capacity_t;
            int c = col(s, 0, up, (double)cv->cost_cents_per_t, false);
            nz(s, s->bal_out + idx(s, cv->node, t, cv->from_product), c, -1);
            nz(s, s->bal_out + idx(s, cv->node, t, cv->to_product), c, cv->yield);
        }
    }
}

static void hub_cols(mip *s, const gf_model *m, const int32_t *force)
{
    int hubs = 0;

    for (int32_t n = 0; n < s->N; n++)
        if (gf_model_is_hub(m, n)) {
            int32_t f = force ? force[n] : GF_LP_HUB_FREE;
            s->pick_row[n] =
                rows(s, 1, f == GF_LP_HUB_OPEN ? GLP_FX : GLP_UP, f == GF_LP_HUB_OPEN ? 1 : 0, 1);
            hubs++;
        }
    if (hubs)
        s->count_row = rows(s, 1, gf_model_min_hubs(m) == gf_model_max_hubs(m) ? GLP_FX : GLP_DB,
                            gf_model_min_hubs(m), gf_model_max_hubs(m));
    for (int32_t i = 0; i < gf_model_hub_option_count(m); i++) {
        const gf_hub_option *h = gf_model_hub_option(m, i);
        int32_t f = force ? force[h->node] : GF_LP_HUB_FREE;
        double lo = f == i ? 1 : 0, up = (f == GF_LP_HUB_CLOSED || (f >= 0 && f != i)) ? 0 : 1;
        int y = col(s, lo, up, (double)gf_model_hub_fixed_cents(m, i), true);
        nz(s, s->pick_row[h->node], y, 1);
        nz(s, s->count_row, y, 1);
        for (int32_t t = 0; t < s->P; t++) {
            nz(s, s->thr_row[h->node * s->P + t], y, -(double)h->throughput_t);
            nz(s, s->sto_row[h->node * s->P + t], y, -(double)h->storage_t);
        }
    }
}

int model_mip_glpk(const gf_model *m, const int32_t *hub_force, double *total_cents)
{
    mip s = {.ok = true};
    glp_iocp parm;
    int rc = -1, st;

    s.P = gf_model_periods(m);
    s.K = gf_model_product_count(m);
    s.N = gf_model_node_count(m);
    s.L = gf_model_link_count(m);
    s.lp = glp_create_prob();
    s.thr_row = calloc((size_t)(s.N * s.P + 1), sizeof(int));
    s.sto_row = calloc((size_t)(s.N * s.P + 1), sizeof(int));
    s.cap_row = calloc((size_t)(s.L * s.P + 1), sizeof(int));
    s.dep_row = calloc((size_t)(s.L * s.P + 1), sizeof(int));
    s.pick_row = calloc((size_t)(s.N + 1), sizeof(int));
    if (!s.thr_row || !s.sto_row || !s.cap_row || !s.dep_row || !s.pick_row)
        goto out;
    glp_set_obj_dir(s.lp, GLP_MIN);
    node_rows(&s, m);
    link_cols(&s, m);
    node_cols(&s, m);
    row_cols(&s, m);
    hub_cols(&s, m, hub_force);
    if (!s.ok)
        goto out;
    glp_load_matrix(s.lp, s.ne, s.ia, s.ja, s.ar);
    glp_init_iocp(&parm);
    parm.presolve = GLP_ON;
    parm.msg_lev = GLP_MSG_OFF;
    parm.mip_gap = 0;
    parm.tm_lim = 120000;
    st = glp_intopt(s.lp, &parm);
    if (st == GLP_ENOPFS || st == GLP_ENODFS || glp_mip_status(s.lp) == GLP_NOFEAS) {
        rc = 1;
    } else if (st == 0 && glp_mip_status(s.lp) == GLP_OPT) {
        *total_cents = glp_mip_obj_val(s.lp) + s.constant;
        rc = 0;
    }
out:
    glp_delete_prob(s.lp);
    free(s.ia);
    free(s.ja);
    free(s.ar);
    free(s.thr_row);
    free(s.sto_row);
    free(s.cap_row);
    free(s.dep_row);
    free(s.pick_row);
    return rc;
}
