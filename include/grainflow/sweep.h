/* include/grainflow/sweep.h: many runs of one scenario: grids, Monte Carlo, stress events.
 *
 * A sweep spec is one JSON object (errors name the field by JSON pointer,
 * "/parameters/2/how/sd", as edit.h's do):
 *   {"runs": 1000, "seed": 42,
 *    "parameters": [
 *      {"name": "sea_freight", "what": "link_cost", "op": "multiply",
 *       "mode": "sea", "vessel_class": "panamax",
 *       "links": [{"from": "A", "to": "B", "mode": "sea"}],
 *       "how": {"dist": "triangular", "min": 0.8, "mode": 1.0, "max": 1.4}},
 *      {"name": "fob", "what": "alt_price", "op": "add", "markets": ["SN_DAKAR"],
 *       "how": {"dist": "normal", "mean": 0, "sd": 5}},
 *      {"name": "harvest", "what": "supply", "op": "multiply", "origins": ["KZ_AKMOLA"],
 *       "how": {"dist": "list", "values": [0.7, 1.0, 1.2]}}],
 *    "events": [
 *      {"name": "russian_transit_closed", "p": 0.1,
 *       "close": [{"node": "RU_NOVOROSSIYSK", "periods": ["10-17"]},
 *                 {"link": {"from": "A", "to": "B", "mode": "rail"}, "periods": [3]}]}]}
 * what: link_cost (links chosen by mode, vessel_class (a name, or an array
 * of names: any of them) and/or an explicit "links" list; all links when
 * none is given), supply (rows of "origins",
 * all when omitted; "product" picks one product's rows, version 2), demand
 * (rows of "markets", and "product"), alt_price (the alternative supplier's
 * landed price of the rows of "markets", and "product"; on a row with
 * alt_from, its alt_fob: the price then follows the run's freight),
 * handling (fee at "nodes"), and on a version-2 scenario only ("needs a
 * version-2 scenario" on a version-1 one, naming the field): hub_fixed
 * (fixed_usd_per_year of the options of the hub facilities in "nodes", all
 * when omitted) and subsidy (subsidy_usd_per_t of links chosen as for
 * link_cost; a multiplier 0 turns it off).
 * op: multiply (by the value), add (USD per t; USD per year for hub_fixed;
 * tonnes are only multiplied) or, for hub_fixed and subsidy, set (the value
 * replaces the figure).
 * how: fixed {"value"}, list {"values"} (a grid: the lists of all parameters
 * are crossed, run i takes cell i mod the grid's size), uniform {min,max},
 * triangular {min,mode,max}, normal {mean,sd}, lognormal {mu,sigma} (of
 * the log), discrete {values, weights}. An optional "base" is the value the
 * tornado holds the others at (default: the distribution's median).
 * events: each happens in a run with probability p (0..1) and closes its
 * nodes or links in the periods given (1-based; "a-b" ranges; omitted: all).
 * runs defaults to the grid's size when no parameter is random; seed to 1.
 * "per_period": true adds each period's delivered tonnes and saving to the
 * results ("period_delivered_t:T", "period_saving_usd:T"; they add up to
 * the run's delivered_t and saving_usd), for a fan chart over the year
 * (version 1 only).
 *
 * Version 2. On a version-2 scenario (hub options, departures, several
 * products) a run is not a warm re-solve: it builds a model with the run's
 * figures and decides the hubs with gf_site_solve (site.h), seconds a run
 * (src/sweep/sweep_v2.c says how). "gap_pct" (default 0.1: each CBC solve
 * stops within 0.1 % of the saving, as grainflow site) and "time_limit_s"
 * (per solve; default none) set its site solve. Its results: delivered_t,
 * saving_usd, total_cost_usd, "hub_open:NODE"... (1 when the hub facility
 * opens), "hub_t:NODE"... (tonnes arriving at it; both hub columns, so the
 * summary's P(> 0) is the probability that the hub opens, carries flow),
 * any_hub_open, best_hub_value_usd, subsidy_usd, hub_fixed_usd, gap_pct;
 * the row adds best_hub, the option opened per hub and the proof
 * (optimal, within_gap, time_limit: a stopped run is never called optimal).
 * CBC 2.10 is not safe on two threads at once, so a process solves one
 * version-2 run at a time whatever the threads (the table is the same);
 * processes (MPI) run them side by side.
 *
 * Determinism. Every random number of run i is splitmix64 of (seed, i, d),
 * d the draw's fixed number (one per parameter, one per event): which worker
 * or process runs i never matters. Sampled values are rounded once (factors
 * to 1e-6, money to the cent) and applied in integers (128-bit products,
 * halves away from zero), so the table prints exactly what was applied.
 * A warm solve of a degenerate problem may end at another of its optima
 * (same cost, other flows or duals) depending on the basis it starts from,
 * so the runs are cut into chains of gf_sweep_chain_runs consecutive runs
 * (a function of the number of runs alone): a chain starts from the basis
 * of the base run (every parameter at its base, no event; solved cold on a
 * freshly built network, once per worker), and its runs follow warm on one
 * worker, in an order that depends on the chain's inputs alone (nearest
 * inputs next: sweep_run.c). Threads and processes share out whole chains; so every run starts
 * from the same basis however the sweep is split, and the table is
 * bit-for-bit the same for any number of threads or processes.
 *
 * A worker holds one network built from the (shared, read-only) model and
 * re-solves it warm: each run writes its figures into the network through
 * network.h's edit calls, solves, reads its results straight from the
 * solution and the arcs' meanings (no gf_plan), and resets. The results of
 * a run: delivered tonnes, saving against the alternative (= -objective,
 * which equals gf_plan's saving_cents), total cost (objective + sum alt x
 * demand), per hub-kind node the tonnes arriving over links and those leaving
 * onward over links, per market the
 * tonnes delivered and the marginal landed cost (pi[out(m,t)] - pi[sink],
 * weighted by the tonnes delivered), and what binds (the saturated link or
 * throughput with the largest shadow price). A run that cannot be applied
 * (a cost or a tonnage out of range) or solved is a failed row with its
 * reason; the sweep goes on.
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_SWEEP_H
#define GRAINFLOW_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "grainflow/error.h"
#include "grainflow/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Limits on a spec. */
#define GF_SWEEP_MAX_PARAMS 64
#define GF_SWEEP_MAX_EVENTS 64
#define GF_SWEEP_MAX_RUNS   ((int64_t)100000000)
#define GF_SWEEP_MAX_SPEC   ((size_t)1 << 20)

typedef struct gf_sweep gf_sweep;
typedef struct gf_sweep_worker gf_sweep_worker;

/* One run's answer: its CSV row (row_len bytes, '\n'-terminated, NUL after)
 * and, when ok, the summarised results (gf_sweep_value_count doubles). The
 * buffers are owned by the result and reused from run to run. */
typedef struct gf_sweep_result {
    int64_t run;
    bool ok;
    char *row;
    size_t row_len, row_cap;
    double *values; /* size gf_sweep_value_count */
    double saving_usd;
} gf_sweep_result;

/* Parse spec (len bytes of JSON) and resolve its ids against m (borrowed;
 * must outlive the sweep). Owned (gf_sweep_destroy) or NULL with *err: the
 * field as a JSON pointer in err->input, GF_EPARSE / GF_EINVAL / GF_ELIMIT. */
GF_API gf_sweep *gf_sweep_create(const char *spec, size_t len, const gf_model *m, gf_error *err);
GF_API void gf_sweep_destroy(gf_sweep *s);

GF_API int64_t gf_sweep_runs(const gf_sweep *s);
/* Runs per chain: runs / 32, within 1..256 (see Determinism above). */
GF_API int64_t gf_sweep_chain_runs(const gf_sweep *s);
GF_API uint64_t gf_sweep_seed(const gf_sweep *s);
GF_API int32_t gf_sweep_param_count(const gf_sweep *s);
GF_API const char *gf_sweep_param_name(const gf_sweep *s, int32_t p);
GF_API int32_t gf_sweep_event_count(const gf_sweep *s);
GF_API const char *gf_sweep_event_name(const gf_sweep *s, int32_t e);
/* Event e's probability of happening in a run (0..1); NaN for a bad e. */
GF_API double gf_sweep_event_p(const gf_sweep *s, int32_t e);
/* True when the sweep's model is version 2: each run is a site analysis
 * (seconds, not milliseconds; see "Version 2" above). */
GF_API bool gf_sweep_is_v2(const gf_sweep *s);
/* The results summarised per run, in the order of gf_sweep_result.values:
 * "delivered_t", "saving_usd", "total_cost_usd", "hub_t:NODE"... (tonnes
 * arriving over links, as gf_plan_hub.throughput_t), "hub_onward_t:NODE"...
 * (tonnes leaving over links: transshipped), "delivered_t:MARKET"...,
 * "landed_usd_per_t:MARKET"... */
GF_API int32_t gf_sweep_value_count(const gf_sweep *s);
GF_API const char *gf_sweep_value_name(const gf_sweep *s, int32_t k);
/* True for the hub_t and hub_onward_t columns (their summary adds P(> 0),
 * the probability that the hub carries flow, or transships). */
GF_API bool gf_sweep_value_is_hub(const gf_sweep *s, int32_t k);
/* The CSV header of the run table ('\n'-terminated; borrowed). */
GF_API const char *gf_sweep_header(const gf_sweep *s);

/* Parameter p's value at quantile q (0 < q < 1) of its distribution, and
 * its base (the spec's "base", else the median), rounded as a sample is. */
GF_API double gf_sweep_param_quantile(const gf_sweep *s, int32_t p, double q);
GF_API double gf_sweep_param_base(const gf_sweep *s, int32_t p);
/* Run i's sampled values (size param_count) and events (size event_count). */
GF_API void gf_sweep_sample(const gf_sweep *s, int64_t run, double *values, bool *events);

/* A worker: one network of the sweep's model, solved warm run after run.
 * Owned (gf_sweep_worker_destroy) or NULL with *err. One thread at a time. */
GF_API gf_sweep_worker *gf_sweep_worker_create(const gf_sweep *s, gf_error *err);
GF_API void gf_sweep_worker_destroy(gf_sweep_worker *w);

/* Sample run and solve it into *res (zeroed before first use; free with
 * gf_sweep_result_fini). GF_OK also when the run failed (res->ok false, the
 * reason in the row); an error only for GF_ENOMEM or a broken network. */
GF_API int gf_sweep_worker_run(gf_sweep_worker *w, int64_t run, gf_sweep_result *res,
                               gf_error *err);
/* As gf_sweep_worker_run with the inputs given (values, events as above). */
GF_API int gf_sweep_worker_run_inputs(gf_sweep_worker *w, int64_t run, const double *values,
                                      const bool *events, gf_sweep_result *res, gf_error *err);
/* Allocate res->values (for a result filled by other means, such as a
 * message from another process) if it has none. GF_ENOMEM. */
GF_API int gf_sweep_result_init(const gf_sweep *s, gf_sweep_result *res, gf_error *err);
GF_API void gf_sweep_result_fini(gf_sweep_result *res);

/* ---- running a sweep on threads (sweep_exec.c) ---- */

/* Called from the thread that called gf_sweep_exec, once per run of the
 * share, in increasing run order: res is the run's answer, or NULL for a
 * run marked done (already kept by an earlier, interrupted sweep). A
 * nonzero return stops the sweep with that status. */
typedef int (*gf_sweep_sink)(void *ud, int64_t run, const gf_sweep_result *res, gf_error *err);

typedef struct gf_sweep_exec_opts {
    int threads;          /* worker threads, 1..256 */
    int64_t first, step;  /* the share, in chains: first, first + step, ... (0, 1: all) */
    const uint8_t *done;  /* bitmap of runs kept already (bit i of byte i/8), or NULL */
    volatile int *cancel; /* stop early when *cancel turns nonzero; NULL: never */
} gf_sweep_exec_opts;

/* Run the share of the sweep on opts->threads workers, each with its own
 * network, a chain at a time; results reach sink in run order however the
 * workers interleave (a window of max(64, chain) runs per thread waits to
 * be passed on, so memory does not grow with the number of runs). A chain
 * whose runs are all done is skipped (sink gets NULL for each); one with
 * some done is solved whole (the basis needs its first runs) and sink gets
 * NULL for the done ones. The worker threads charge their allocations to
 * the memory budget the calling thread is in (alloc.h), so one budget caps
 * the whole sweep. Returns the first error of a worker or of sink. */
GF_API int gf_sweep_exec(const gf_sweep *s, const gf_sweep_exec_opts *opts, gf_sweep_sink sink,
                         void *ud, gf_error *err);

/* The tornado: for each parameter, its saving with it alone at its P10 and
 * at its P90, the others at base, and for each event the saving with it
 * alone on; base_usd is the all-at-base saving. low/high (size
 * param_count + event_count; for an event low = base) get the savings;
 * a run that fails gives NaN. */
GF_API int gf_sweep_tornado(const gf_sweep *s, double *base_usd, double *low_usd, double *high_usd,
                            gf_error *err);

/* ---- the tornado ranked (sweep_tornado.c) ---- */

/* gf_sweep_tornado's answers and their ranking, for every writer of the
 * table: input i (0..n-1: the parameters, then the events) has saving
 * low_usd[i] at its P10 (an event: off) and high_usd[i] at its P90 (on);
 * order lists the inputs by swing |high - low|, largest first, an input
 * whose run failed last, ties by index. */
typedef struct gf_sweep_tornado_table {
    int32_t n;
    int32_t *order;
    double base_usd, *low_usd, *high_usd;
} gf_sweep_tornado_table;

/* Solve and rank the tornado of s into *t (fini it whatever the answer).
 * GF_ENOMEM, or gf_sweep_tornado's error. */
GF_API int gf_sweep_tornado_table_make(const gf_sweep *s, gf_sweep_tornado_table *t, gf_error *err);
/* The same on up to threads threads (1..64) for a version-2 sweep, whose
 * runs take seconds (sweep_tornado.c; the answers do not depend on it); a
 * version-1 tornado is solved on one worker whatever threads says. */
GF_API int gf_sweep_tornado_table_make_threads(const gf_sweep *s, int threads,
                                               gf_sweep_tornado_table *t, gf_error *err);
GF_API void gf_sweep_tornado_table_fini(gf_sweep_tornado_table *t);
/* |high - low| of input i, or -1 when one of its runs failed. */
GF_API double gf_sweep_tornado_swing(const gf_sweep_tornado_table *t, int32_t i);
/* Input i's name (a parameter's, then an event's), whether it is an event,
 * and its two ends: P10 and P90 for a parameter, 0 and 1 for an event. */
GF_API const char *gf_sweep_input_name(const gf_sweep *s, int32_t i);
GF_API bool gf_sweep_input_is_event(const gf_sweep *s, int32_t i);
GF_API void gf_sweep_input_ends(const gf_sweep *s, int32_t i, double *lo, double *hi);

#ifdef __cplusplus
}
#endif
#endif
