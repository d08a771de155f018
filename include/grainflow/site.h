/* include/grainflow/site.h: which hubs to open, with which option, and what each is worth.
 *
 * A model with hub options (model.h) chooses for every hub facility node
 * either "closed" or exactly one of its options, with min_hubs..max_hubs
 * nodes open. gf_site_enumerate finds the best choice exactly by trying
 * every allowed combination, at most GF_SITE_MAX_COMBINATIONS of them, on
 * ONE built network (network.h): for each combination it resets the
 * network's edits, opens or closes every hub with gf_network_set_hub and
 * re-solves warm from the previous basis with the network simplex. The
 * total of a combination is the network plan's total (purchases, transport,
 * handling, storage, alternative price x undelivered) plus the fixed cost
 * over the horizon of every open option (gf_model_hub_fixed_cents), so the
 * figures are exact integers and equal CBC's MIP optimum to the cent
 * (tested on seeded cases). It applies to models the network simplex plans:
 * one product, no conversions, no departures (gf_site_applies); other
 * version-2 models need the MIP (GF_EINVAL saying so).
 *
 * Per candidate hub h, over the allowed combinations:
 * - with = the best total with h open (any of its options), without = the
 *   best total with h closed; value = without - with (> 0: h pays).
 * - per option o of h: best_cents = the best total with h open with o.
 * - break-even fixed cost of option o, per year: the fixed_usd_per_year of
 *   o at which the best plan opening h with o costs exactly as much as the
 *   best plan with h closed, every other figure unchanged:
 *       F_o = (without - best_cents(o) + fixed(o)) x 365 / (periods x period_days)
 *   where fixed(o) is o's fixed cost over the horizon; rounded to the cent,
 *   half away from zero. Below F_o per year, opening h with o pays; it is
 *   negative when h does not pay even with no fixed cost. The candidate's
 *   break-even is that of its best option (the one in the best plan with h
 *   open).
 * - throughput (tonnes arriving over links), transshipped tonnes, and the
 *   peak stock with its period, in the best plan with h open.
 * The no-hub plan (every hub closed) is solved beside, whether or not
 * min_hubs allows it, so the saving of the chosen hubs can be read.
 *
 * Models beyond the network simplex take the MIP path (gf_site_solve,
 * src/site/site_mip.c): the same figures from CBC solves with hubs forced,
 * the no-hub MIP first, and each option screened by the LP relaxation with
 * it forced: when that lower bound shows the option cannot pay (against
 * the best plan known with the hub closed, less the gap tolerance) its MIP
 * is not solved and its figures are bounds, marked so (screened,
 * value_bound); the proof that the answer stays within the gap is at the
 * top of that file.
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_SITE_H
#define GRAINFLOW_SITE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "grainflow/error.h"
#include "grainflow/model.h"
#include "grainflow/plan.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The most combinations gf_site_enumerate tries. */
#define GF_SITE_MAX_COMBINATIONS 4096

/* What one solve of the MIP path was, for gf_site_config.progress. */
typedef enum gf_site_step_kind {
    GF_SITE_STEP_FREE = 0, /* MIP, every hub free: the best plan */
    GF_SITE_STEP_NO_HUB,   /* MIP, every hub closed */
    GF_SITE_STEP_CLOSED,   /* MIP, hub node closed, the others free */
    GF_SITE_STEP_OPTION,   /* MIP, hub node forced to option */
    GF_SITE_STEP_BOUND     /* LP relaxation, hub node forced to option: the screen */
} gf_site_step_kind;

typedef struct gf_site_step {
    gf_site_step_kind kind;
    int32_t node;        /* the hub node forced; -1 for FREE and NO_HUB */
    int32_t option;      /* OPTION, BOUND: the model hub option; else -1 */
    const char *status;  /* gf_lp_status_name of the solve (static) */
    bool has_total;      /* the solve gave a plan (MIP) or a bound (BOUND) */
    int64_t total_cents; /* MIP: the plan's total; BOUND: the bound, rounded down */
    double gap_cents;    /* MIP: its gap (0 when proven optimal) */
    /* BOUND only: the bound screens the option when >= threshold_cents
     * (the best plan known with node closed, less the gap tolerance);
     * has_threshold is false when no plan with node closed is allowed */
    bool has_threshold, screened;
    int64_t threshold_cents;
    double cpu_seconds; /* process CPU time of this solve */
} gf_site_step;

/* Called after each solve of the MIP path (borrow s for the call only). */
typedef void (*gf_site_progress_fn)(void *ud, const gf_site_step *s);

/* How to enumerate; a zeroed struct (or NULL) means the defaults. */
typedef struct gf_site_config {
    double time_limit_s; /* > 0: stop starting combinations after this much wall time */
    /* MIP path only: each CBC solve may stop once its gap is at most this
     * share of its saving against the alternative suppliers (lp.h's
     * gf_lp_options.gap_share; 0 = prove every optimum exactly) */
    double gap_share;
    /* MIP path only: solve every option's MIP instead of screening it by
     * its LP bound (site_mip.c); slower, and every figure is a figure */
    bool no_screening;
    /* gf_site_solve: take the MIP path even where enumeration applies
     * (tests compare the two on one-product models) */
    bool use_mip;
    gf_site_progress_fn progress; /* NULL: none */
    void *progress_ud;
    /* MIP path: borrowed, NULL = never. Once *interrupt is nonzero every
     * LP and MIP solve of the analysis stops (gf_lp_options.interrupt) and
     * gf_site_solve fails GF_ESTATE "interrupted": no partial answer. */
    const volatile sig_atomic_t *interrupt;
} gf_site_config;

typedef struct gf_site_option {
    int32_t option;                   /* model hub option index */
    bool allowed;                     /* some allowed combination opens the hub with it */
    int64_t best_cents;               /* best total with the hub open with this option;
                                         screened: a lower bound (bound_cents) */
    int64_t fixed_cents;              /* its fixed cost over the horizon */
    int64_t breakeven_cents_per_year; /* F_o above; valid when allowed and has_without;
                                         screened: an upper bound on F_o */
    /* MIP path: the LP relaxation with the hub forced to this option
     * (has_bound), rounded down: a lower bound on every plan opening it.
     * screened: that bound shows the option cannot pay (site_mip.c), so
     * no MIP was solved for it and best_cents = bound_cents. */
    bool has_bound, screened;
    int64_t bound_cents;
} gf_site_option;

/* Departures at a candidate over links of one vessel class and direction. */
typedef struct gf_site_vessel {
    char vessel_class[GF_VESSEL_CLASS_SIZE]; /* the links' class; "" when they name none */
    bool inbound;                            /* arriving at the hub (else leaving it) */
    int64_t departures;                      /* over the horizon */
    int64_t carried_mt;                      /* tonnes on them, milli-tonnes */
    int64_t capacity_t;                      /* sum of departures x vessel_t */
} gf_site_vessel;

typedef struct gf_site_candidate {
    int32_t node;
    int32_t chosen_option;      /* option index in the best plan, -1 when closed there */
    int32_t best_option;        /* option of the best plan with it open; -1 if it never may open */
    bool has_with, has_without; /* some allowed combination opens / closes it */
    int64_t with_cents, without_cents;
    int64_t value_cents;              /* without - with, when both */
    int64_t breakeven_cents_per_year; /* of best_option, when both */
    /* MIP path: best_option is screened (its with_cents is its LP bound),
     * so value_cents is an upper bound on the value ("at most") and
     * breakeven_cents_per_year an upper bound on the break-even */
    bool value_bound;
    /* The option of the solved plan the figures below come from: the best
     * solved plan with it open; -1 when none was solved (every option
     * screened, or it never may open), the figures are then zero */
    int32_t figures_option;
    /* In that plan, in milli-tonnes (three decimals of a tonne: yields make
     * flows fractional): */
    int32_t n_products;
    int64_t *throughput_mt;   /* size n_products: arriving over links; owned */
    int64_t *transshipped_mt; /* size n_products: min(arrived, left) of each; owned */
    int64_t peak_stock_mt;    /* all products */
    int32_t peak_period;      /* 0-based: stock carried out of it; -1 when none */
    int32_t n_vessels;        /* MIP only: departures by vessel class and direction */
    gf_site_vessel *vessels;  /* owned */
    int32_t n_options;
    gf_site_option *options; /* owned by the result */
} gf_site_candidate;

typedef enum gf_site_method {
    GF_SITE_ENUMERATION = 0, /* gf_site_enumerate: network simplex per combination */
    GF_SITE_MIP              /* CBC (lp.h) with hubs forced open, closed or to an option */
} gf_site_method;

typedef struct gf_site_result {
    const gf_model *model; /* borrowed */
    gf_site_method method;
    int32_t n_hubs;
    gf_site_candidate *hubs; /* one per hub facility node, in node order */
    int64_t combinations;    /* enumeration: solved; MIP: forced combinations
                                analysed (2 + hubs + options, fewer when min_hubs
                                rules out the no-hub plan) */
    int64_t mip_solves;      /* MIP: CBC solves made for them; the others are read
                                from the free solve (site_mip.c says when) */
    int64_t allowed;         /* allowed combinations (gf_site_count_combinations) */
    bool stopped;            /* enumeration: the time limit stopped the walk (combinations <
                                allowed; every figure is over those solved only); MIP: some
                                solve stopped at its time limit with an incumbent */
    bool proven;             /* every figure is a proven optimum */
    bool within_gap;         /* MIP: every figure is proven optimal or proven within
                                gap_share of its saving (GF_LP_WITHIN_GAP) */
    double gap_share;        /* MIP: the config's gap_share */
    double max_gap_cents;    /* MIP: the largest gap of any solve; 0 when proven */
    int64_t total_cents;     /* the best plan's total, fixed costs included */
    int64_t fixed_cents;     /* its hubs' fixed costs over the horizon */
    int64_t subsidy_cents;   /* its subsidy bill (subsidy_cents_per_t x tonnes carried) */
    gf_plan *plan;           /* enumeration: the best plan (network figures; owned) */
    bool no_hub_allowed;     /* min_hubs is 0 */
    int64_t no_hub_cents;    /* total with every hub closed */
    int64_t no_hub_delivered_mt;
    int64_t delivered_mt;     /* in the best plan */
    gf_plan *no_hub_plan;     /* enumeration: owned */
    int64_t pivots;           /* enumeration: over every solve */
    int32_t warm_solves;      /* enumeration: solves that started from a previous basis */
    int64_t mip_nodes;        /* MIP: CBC nodes over every solve */
    double mip_seconds;       /* MIP: CBC wall time over every solve */
    int64_t lp_bounds;        /* MIP: LP relaxations solved to screen options */
    int64_t screened;         /* MIP: options they screened (no MIP solved) */
    double mip_cpu_seconds;   /* MIP: process CPU time of the MIP solves */
    double bound_cpu_seconds; /* MIP: process CPU time of the LP relaxations */
} gf_site_result;

/* True when gf_site_enumerate can solve m exactly: it has hub options, one
 * product, no conversions and no link with vessel_t. */
GF_API bool gf_site_applies(const gf_model *m);

/* The number of allowed combinations of m's hub choices (each hub closed or
 * one option, min_hubs..max_hubs open); INT64_MAX when beyond 2^62. */
GF_API int64_t gf_site_count_combinations(const gf_model *m);

/* Sum of gf_model_hub_fixed_cents over choice[h] >= 0 (choice: one model
 * hub option index or -1 per hub facility node, in node order). */
GF_API int64_t gf_site_fixed_cents(const gf_model *m, const int32_t *choice);

/* Solve every allowed combination of m's hub choices (m borrowed; it must
 * outlive *r; cfg borrowed, NULL for the defaults) and fill *r (zeroed
 * first; release with gf_site_result_fini, also after a failure). With a
 * time limit the walk may stop early: r->stopped, and the best plan is the
 * best of the combinations solved, not proven optimal. GF_EINVAL when m has no hub options or needs
 * the MIP (!gf_site_applies), GF_ELIMIT beyond GF_SITE_MAX_COMBINATIONS or when no combination is
 * allowed (both naming hubs.csv or scenario.csv and what to change), GF_ENOMEM, GF_EOVERFLOW,
 * GF_EINTERNAL when a solve does not reach an optimum. */
GF_API int gf_site_enumerate(const gf_model *m, const gf_site_config *cfg, gf_site_result *r,
                             gf_error *err);

/* gf_site_enumerate when it applies (gf_site_applies), else the MIP path:
 * CBC (lp.h, gf_lp_solve_model) solves the model free (the best plan), with
 * every hub closed (the no-hub plan), and per candidate with it forced closed
 * and forced to each of its options: with = the best over its options (a
 * figure the free optimum already gives is read from it, not re-solved; an
 * option whose LP bound shows it cannot pay is screened, not solved, unless
 * cfg->no_screening; cfg->use_mip takes this path for any model). The
 * figures then also give the departures in and out of each candidate by
 * vessel class. cfg->time_limit_s bounds each CBC solve; a stopped solve
 * leaves r->proven and r->within_gap false and its gap in r->max_gap_cents;
 * with cfg->gap_share a solve that stops within it leaves r->proven false
 * and r->within_gap true. The errors of
 * gf_site_enumerate and gf_lp_solve_model. */
GF_API int gf_site_solve(const gf_model *m, const gf_site_config *cfg, gf_site_result *r,
                         gf_error *err);

/* Free what *r owns and zero it; NULL-safe. */
GF_API void gf_site_result_fini(gf_site_result *r);

/* The candidate for node in r, or NULL. */
GF_API const gf_site_candidate *gf_site_find(const gf_site_result *r, int32_t node);

#ifdef __cplusplus
}
#endif
#endif
