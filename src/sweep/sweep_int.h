/* src/sweep/sweep_int.h: private declarations of the sweep module.
 *
 * sweep_spec.c parses and resolves the spec into a gf_sweep; sweep_sample.c
 * draws run i's values (counter-based, from (seed, i, draw) only) and holds
 * the distributions' quantile functions; sweep_run.c is the worker (apply,
 * solve warm, read the results, reset); sweep_exec.c runs workers on threads
 * and passes their rows on in run order; sweep_tornado.c the one-at-a-time
 * table. Everything a gf_sweep owns comes from its arena (sw_alloc), freed
 * at once by gf_sweep_destroy.
 * SPDX-License-Identifier: MIT */
#ifndef GF_SWEEP_INT_H
#define GF_SWEEP_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "grainflow/network.h"
#include "grainflow/sweep.h"

typedef enum sw_what {
    SW_LINK_COST = 0,
    SW_SUPPLY,
    SW_DEMAND,
    SW_ALT_PRICE,
    SW_HANDLING,
    SW_HUB_FIXED, /* version 2: hub options' fixed_usd_per_year (sweep_v2.c) */
    SW_SUBSIDY    /* version 2: links' subsidy_usd_per_t */
} sw_what;

typedef enum sw_dist {
    SW_FIXED = 0,
    SW_LIST,
    SW_UNIFORM,
    SW_TRIANGULAR,
    SW_NORMAL,
    SW_LOGNORMAL,
    SW_DISCRETE
} sw_dist;

typedef struct sw_param {
    const char *name;
    sw_what what;
    bool add;       /* op add (money, USD per t) rather than multiply */
    bool set;       /* op set (hub_fixed, subsidy): the value replaces the figure */
    sw_dist dist;   /* how */
    double a, b, c; /* min/max, min/mode/max, mean/sd, mu/sigma; fixed: a */
    double *values; /* list, discrete: as given */
    double *cum;    /* discrete: cumulative weights, normalised to 1 */
    double *sorted; /* list, discrete: values ascending, for quantiles */
    double *sorted_cum;
    int32_t n_values;
    int64_t grid_step; /* list: run i takes values[(i / grid_step) % n_values] */
    double base;
    int32_t *targets; /* links, supply rows, demand rows, nodes or hub options */
    int32_t n_targets;
} sw_param;

typedef struct sw_close {
    bool is_node;
    int32_t ref;      /* node or link index */
    int32_t *periods; /* 0-based; n_periods 0: every period */
    int32_t n_periods;
} sw_close;

typedef struct sw_event {
    const char *name;
    double p;
    sw_close *close;
    int32_t n_close;
} sw_event;

typedef struct sw_block sw_block;

struct gf_sweep {
    const gf_model *model;
    int64_t runs;
    uint64_t seed;
    int64_t grid; /* product of the list sizes (1 when none) */
    sw_param *params;
    int32_t n_params;
    sw_event *events;
    int32_t n_events;
    /* results: hubs (nodes of kind hub), markets (nodes with demand rows) */
    int32_t n_hubs, n_markets;
    int32_t *hub_nodes, *market_nodes;
    int32_t *hub_of_node;     /* size nodes: hub index or -1 */
    int32_t *market_of_row;   /* size demand rows: market index */
    int32_t n_periods;        /* per_period: the model's periods, else 0 */
    const char **value_names; /* size n_values */
    int32_t n_values;
    char *header;
    double *scale;    /* per parameter: 1 / (P90 - P10), or 0 (distances between runs) */
    sw_block *blocks; /* the arena */
    bool v2;          /* a version-2 model: runs decided by gf_site_solve (sweep_v2.c) */
    double gap_share, time_limit_s; /* version 2: each run's gf_site_config */
};

/* Index of the first value of each group of results. */
#define SW_V_DELIVERED 0
#define SW_V_SAVING    1
#define SW_V_TOTAL     2
#define SW_V_HUBS      3

/* The gap a version-2 run's site solve stops within, in percent of the
 * saving: grainflow site's default (issue 8: 0.1 % of the saving). */
#define SW_V2_GAP_PCT 0.1

/* Index of the version-2 results after the hubs' (sweep_v2.c): hub_open:H
 * and hub_t:H take SW_V_HUBS .. SW_V_HUBS + 2 n_hubs - 1, then these. */
#define SW_V2_ANY(s)     (SW_V_HUBS + 2 * (s)->n_hubs)
#define SW_V2_VALUE(s)   (SW_V2_ANY(s) + 1)
#define SW_V2_SUBSIDY(s) (SW_V2_ANY(s) + 2)
#define SW_V2_FIXED(s)   (SW_V2_ANY(s) + 3)
#define SW_V2_GAP(s)     (SW_V2_ANY(s) + 4)
#define SW_V2_VALUES(s)  (SW_V2_ANY(s) + 5)

/* A zeroed block of n items of size each, with 16 bytes to spare (an empty
 * table is still a block), freed with gf_release (sweep_run.c); NULL when
 * out of memory. For a worker's own arrays, which live as long as it does. */
void *gf__sweep_block(size_t n, size_t size);
/* Zeroed memory from s's arena (freed by gf_sweep_destroy), or NULL. */
void *gf__sweep_alloc(gf_sweep *s, size_t size);
char *gf__sweep_strdup(gf_sweep *s, const char *text);
/* The results' names and the CSV header, once the spec is resolved. */
int gf__sweep_columns(gf_sweep *s, gf_error *err);
/* The pieces of the columns both versions share (sweep_run.c):
 * gf__sweep_col_name: "prefix:id" in s's arena (NULL when out of memory);
 * gf__sweep_value_names: n value columns allocated, the first three
 * (SW_V_DELIVERED, SW_V_SAVING, SW_V_TOTAL) named, the rest left to the
 * caller; gf__sweep_header_begin: runs.csv's header up to the values (run,
 * status, reason, the parameters, the events, every named value) into h;
 * gf__sweep_header_keep: with rc from the version's own last columns,
 * keeps h as s->header, finishes h and returns GF_ENOMEM on any failure. */
const char *gf__sweep_col_name(gf_sweep *s, const char *prefix, const char *id);
int gf__sweep_value_names(gf_sweep *s, int32_t n, gf_error *err);
int gf__sweep_header_begin(const gf_sweep *s, gf_sweep_result *h);
int gf__sweep_header_keep(gf_sweep *s, gf_sweep_result *h, int rc, gf_error *err);

/* Parameter p's value on one figure: v x micro / 10^6 (halves away from
 * zero), v + cents, or (op set) the cents; false when out of 0..2^50. */
bool gf__sweep_apply_one(const sw_param *p, double value, int64_t *v);

/* ---- version-2 runs (sweep_v2.c) ---- */

typedef struct sw_v2 sw_v2;
/* The hub facilities, the results' names and the header of a version-2 sweep. */
int gf__sweep_v2_columns(gf_sweep *s, gf_error *err);
/* A version-2 worker (its figures; a model is built per run). NULL with *err. */
sw_v2 *gf__sweep_v2_create(const gf_sweep *s, gf_error *err);
void gf__sweep_v2_destroy(sw_v2 *v);
/* gf_sweep_worker_run_inputs on a version-2 sweep. */
int gf__sweep_v2_run(sw_v2 *v, int64_t run, const double *values, const bool *events,
                     gf_sweep_result *res, gf_error *err);
/* The sweep's cancel flag (gf_sweep_exec_opts.cancel; borrowed, NULL =
 * never) as the interrupt of every solve of a version-2 run, so a cancel
 * stops the run in progress, not only the next one. */
void gf__sweep_v2_set_cancel(sw_v2 *v, volatile int *cancel);
void gf__sweep_worker_set_cancel(gf_sweep_worker *w, volatile int *cancel);

/* Uniform (0, 1) of (seed, run, draw). */
double gf__sweep_uniform(uint64_t seed, int64_t run, uint64_t draw);
/* A sample rounded as it is applied: factors to 1e-6, money to the cent. */
double gf__sweep_round(const sw_param *p, double v);
/* The standard normal's quantile function. */
double gf__sweep_probit(double u);

/* ---- per-period results (sweep_periods.c; spec "per_period") ---- */

/* The index of the first per-period value (after the markets). */
#define SW_V_PERIODS(s) (SW_V_HUBS + 2 * (s)->n_hubs + 2 * (s)->n_markets)
/* Name the 2 x n_periods values from SW_V_PERIODS(s): "period_delivered_t:T"
 * then "period_saving_usd:T" (T 1-based). GF_ENOMEM. */
int gf__sweep_period_names(gf_sweep *s, gf_error *err);
/* An optimal solve's per-period figures into val (from SW_V_PERIODS) and
 * the row: delivered tonnes (demand arcs) and saving (minus the cost of the
 * period's arcs) of each period. Nonzero when the row cannot grow. */
int gf__sweep_period_results(const gf_sweep *s, const gf_network *net, const gf_solution *sol,
                             double *val, gf_sweep_result *res);

/* Start a chain: from the base run's basis alone (solved the first time,
 * cold on a freshly built network); cold when the base run fails. */
int gf__sweep_worker_start(gf_sweep_worker *w, gf_error *err);
/* The order to solve the n (<= gf_sweep_chain_runs) consecutive runs from
 * first in: order[i] is the offset of the i-th run to solve (sweep_run.c:
 * nearest neighbour first). Borrowed from w until its next call. */
const int32_t *gf__sweep_worker_order(gf_sweep_worker *w, int64_t first, int32_t n);

/* Append the CSV-quoted text (when it holds ',', '"' or a line break). */
int gf__sweep_row_text(gf_sweep_result *res, const char *text);
int gf__sweep_row_printf(gf_sweep_result *res, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Money exactly from cents: "-1234.56". */
int gf__sweep_row_cents(gf_sweep_result *res, int64_t cents);

#endif
