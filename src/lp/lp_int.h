/* src/lp/lp_int.h: the LP/MIP of a model as plain arrays, shared by the lp files.
 *
 * lp_build.c writes the program (gf__lp_prog: column-major matrix, bounds,
 * objective, integrality, and what every column and row stands for);
 * lp_coin.c is the only file that includes CLP/CBC headers and solves it;
 * lp_mps.c writes it as free MPS; lp_solve.c runs the whole solve and reads
 * the plan back into a gf_lp_result. No solver type appears here.
 * SPDX-License-Identifier: MIT */
#ifndef GF_LP_INT_H
#define GF_LP_INT_H

#include <float.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "grainflow/lp.h"
#include "grainflow/model.h"

#define GF__LP_INF DBL_MAX

/* What a column stands for (ref, period, product say which one). */
typedef enum gf__lp_col_kind {
    GF__LP_COL_FLOW = 0, /* x: link ref, period, product */
    GF__LP_COL_STOCK,    /* s: node ref, period (t -> t+1), product */
    GF__LP_COL_BUY,      /* b: supply row ref */
    GF__LP_COL_DELIVER,  /* d: demand row ref */
    GF__LP_COL_CONVERT,  /* c: conversion ref, period */
    GF__LP_COL_DEPART,   /* n: link ref, period; integer */
    GF__LP_COL_HUB       /* y: hub option ref; binary */
} gf__lp_col_kind;

typedef enum gf__lp_row_kind {
    GF__LP_ROW_BALANCE = 0, /* node ref, period, product: in - out = 0 */
    GF__LP_ROW_CAPACITY,    /* link ref, period: sum_p x <= capacity */
    GF__LP_ROW_DEPART,      /* link ref, period: sum_p x - V n <= 0 */
    GF__LP_ROW_THROUGH,     /* node ref, period: arrivals <= throughput */
    GF__LP_ROW_STORAGE,     /* node ref, period: sum_p s <= storage */
    GF__LP_ROW_HUB_ARC,     /* link ref, period: sum_p x - sum_o U_o y_o <= 0 */
    GF__LP_ROW_HUB_PICK,    /* node ref: sum_o y_o <= 1 */
    GF__LP_ROW_HUB_COUNT,   /* min_hubs <= sum y <= max_hubs */
    GF__LP_ROW_LOTSIZE      /* a lot-sizing or rounding row (lp_cuts.c): ... <= up */
} gf__lp_row_kind;

/* One column: bounds, cost (cents per unit), integrality, meaning. */
typedef struct gf__lp_col {
    double lo, up, obj;
    int32_t ref, period, product; /* -1 where it does not apply */
    uint8_t kind;                 /* gf__lp_col_kind */
    uint8_t is_int;
} gf__lp_col;

/* One row: lo <= a x <= up (-GF__LP_INF / GF__LP_INF: no bound). */
typedef struct gf__lp_row {
    double lo, up;
    int32_t ref, period, product;
    uint8_t kind; /* gf__lp_row_kind */
} gf__lp_row;

/* Sizes of the maps below, for freeing them. */
typedef struct gf__lp_map_sizes {
    size_t lpk, lp, npk, np, cp, ns, nd, no;
} gf__lp_map_sizes;

typedef struct gf__lp_prog {
    int32_t periods, products;
    int32_t ncol, nrow, n_int;
    int64_t nnz;
    gf__lp_col *col; /* size ncol (allocated col_cap) */
    gf__lp_row *row; /* size nrow (allocated row_cap) */
    int64_t *start;  /* size ncol + 1 (allocated start_cap): column c's entries */
    int32_t *index;  /* size nnz (allocated nz_cap): row of each entry */
    double *value;   /* size nnz (allocated nz_val_cap) */
    int32_t col_cap, row_cap, start_cap;
    int64_t nz_cap, nz_val_cap;
    /* maps from the model to columns and rows, -1 where there is none */
    gf__lp_map_sizes maps;
    int32_t *flow_col;    /* [(l*P + t)*K + p] */
    int32_t *depart_col;  /* [l*P + t] */
    int32_t *stock_col;   /* [(n*P + t)*K + p] */
    int32_t *convert_col; /* [c*P + t] */
    int32_t *buy_col;     /* [supply row] */
    int32_t *deliver_col; /* [demand row] */
    int32_t *hub_col;     /* [hub option] */
    int32_t *balance_row; /* [(n*P + t)*K + p] */
    int32_t *cap_row;     /* [l*P + t] */
    int32_t *depart_row;  /* [l*P + t] */
    int32_t *through_row; /* [n*P + t] */
    int32_t *storage_row; /* [n*P + t] */
    int32_t n_cuts;       /* rows added by gf__lp_separate_lotsizing */
    double constant;      /* cents: sum alt x demand */
    int64_t alt_all_cents;
} gf__lp_prog;

/* Build the program of m under o (hub_force, relax). Borrows both; *prog
 * must be zeroed. GF_EINVAL for a bad hub_force, GF_ENOMEM, GF_ELIMIT; on
 * failure *prog is finished. */
int gf__lp_build(gf__lp_prog *prog, const gf_model *m, const gf_lp_options *o, gf_error *err);
void gf__lp_prog_fini(gf__lp_prog *prog);
/* Set the hub columns' bounds and the hub-pick rows' lower bounds of prog
 * (built from m) to what force (gf_lp_options.hub_force; NULL = all free)
 * says: the build's own last step, and how a relaxation is re-forced
 * without a rebuild (gf_lp_relaxation_solve). A node built closed keeps
 * its columns' absence; closing a node built open by these bounds alone
 * gives the same LP optimum (its hub-arc, throughput and storage rows go
 * to 0 with its y). GF_EINVAL for a bad force value, prog unchanged. */
int gf__lp_set_hub_force(gf__lp_prog *prog, const gf_model *m, const int32_t *force, gf_error *err);

/* Whether the interrupt flag (gf_lp_options.interrupt; NULL = never) is
 * set. Read as an atomic: the server's threads store it with
 * __atomic_store_n while the solve runs on another thread. */
static inline bool gf__lp_halted(const volatile sig_atomic_t *flag)
{
    return flag && __atomic_load_n(flag, __ATOMIC_RELAXED) != 0;
}

/* What a COIN-OR solve hands back (lp_coin.c). Arrays owned by the caller
 * (x: size ncol; row_dual: size nrow; col_dual: size ncol). */
typedef struct gf__lp_out {
    int status; /* gf_lp_status */
    bool has_x;
    double objective, bound;
    int64_t nodes;
    double seconds;
} gf__lp_out;

/* Solve prog as an LP with CLP (integrality ignored), from scratch. x,
 * row_dual, col_dual may be NULL. GF_OK with out->status, GF_ENOMEM,
 * GF_EINTERNAL. */
int gf__lp_clp_solve(const gf__lp_prog *prog, bool log, double *x, double *row_dual,
                     double *col_dual, gf__lp_out *out, gf_error *err);
/* One CLP model kept across the solves of one program (lp_coin.c): the
 * first resolve loads prog and solves it from scratch; each later one hands
 * CLP only what changed (rows appended at the end, column and row bounds,
 * objective, each column's first entry) and re-solves with the dual simplex
 * from the last basis, from scratch again if that ends short of an optimum.
 * Any other change to prog (columns added, other entries) needs a new
 * session. cold: every resolve loads and solves from scratch (as
 * gf__lp_clp_solve), for comparing. close(NULL) does nothing. */
typedef struct gf__lp_clp gf__lp_clp;
int gf__lp_clp_open(gf__lp_clp **s, bool cold, gf_error *err);
/* Let every later resolve of s stop when *flag turns nonzero (borrowed,
 * NULL = never; gf_lp_options.interrupt): checked before each solve and
 * every GF__LP_CLP_CHUNK iterations of a warm one; a stopped solve has
 * status GF_LP_INTERRUPTED and no x. */
void gf__lp_clp_set_interrupt(gf__lp_clp *s, const volatile sig_atomic_t *flag);
#define GF__LP_CLP_CHUNK 2000
int gf__lp_clp_resolve(gf__lp_clp *s, const gf__lp_prog *prog, bool log, double *x,
                       double *row_dual, double *col_dual, gf__lp_out *out, gf_error *err);
void gf__lp_clp_close(gf__lp_clp *s);
/* Solve prog as a MIP with CBC from the feasible start (size ncol, NULL =
 * none), under o's time limit, threads and interrupt flag; gap_cents > 0:
 * stop once the incumbent is within that many cents of the bound (status
 * GF_LP_WITHIN_GAP, bound <= objective - gap_cents). */
int gf__lp_cbc_solve(const gf__lp_prog *prog, const gf_lp_options *o, double gap_cents,
                     const double *start, double *x, gf__lp_out *out, gf_error *err);

/* Add to prog the lot-sizing inequalities (lp_cuts.c) that the column
 * values x (prog's relaxation) violate; *added = how many. GF_ENOMEM (prog
 * then unchanged) or GF_OK. */
int gf__lp_separate_lotsizing(gf__lp_prog *prog, const gf_model *m, const double *x,
                              int32_t *added);
/* The same for the departure-count rounding rows (lp_cuts.c). */
int gf__lp_separate_rounding(gf__lp_prog *prog, const gf_model *m, const double *x, int32_t *added);

/* Write prog in free MPS to path (lp_mps.c). */
int gf__lp_write_mps(const gf__lp_prog *prog, const gf_model *m, const char *path, gf_error *err);

/* Growing arrays (lp_build.c): make *p hold at least need entries of size
 * bytes (doubling, at most max; grow32 at most LP_MAX_COLS), keeping its own
 * capacity in *cap, so a failed growth loses nothing and the block is
 * freed with cap x size. false when out of memory or over max. */
bool gf__lp_grow(void **p, int64_t *cap, int64_t need, size_t size, int64_t max);
bool gf__lp_grow32(void **p, int32_t *cap, int64_t need, size_t size);

#endif
