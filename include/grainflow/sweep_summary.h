/* include/grainflow/sweep_summary.h: a sweep's summary, read from the store, and its JSON.
 *
 * One writer of the summary and tornado for `grainflow sweep` (summary.csv,
 * its text and --json) and the server (GET /api/v1/sweeps/{id}), so the two
 * never disagree. Implemented in src/store/sweep_summary.c, in
 * libgrainflow-server (it reads the store); the tornado's ranking is
 * sweep.h's gf_sweep_tornado_table.
 *
 * Percentiles are nearest rank over the runs that solved (P_q = the
 * ceil(q n)-th smallest value), each read from the store's sorted index,
 * so the summary never holds the runs: memory stays flat in their number.
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_SWEEP_SUMMARY_H
#define GRAINFLOW_SWEEP_SUMMARY_H

#include <stdint.h>

#include "grainflow/error.h"
#include "grainflow/jsonw.h"
#include "grainflow/store.h"
#include "grainflow/sweep.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Result k over the kept runs of a sweep: how many have it, their mean and
 * P10 / P50 / P90 (NaN when none has it), and the share of them above 0
 * (the probability that a hub carries flow). */
typedef struct gf_sweep_stat {
    int64_t n;
    double mean, p10, p50, p90, p_positive;
} gf_sweep_stat;

/* Read result k's figures of sweep_id into *out. A store error. */
GF_API int gf_sweep_stat_read(gf_store *st, int64_t sweep_id, int32_t k, gf_sweep_stat *out,
                              gf_error *err);

/* Write, as members of the object open in j: "summary" (one object per
 * result of sw: result, runs, mean, p10, p50, p90, and p_carries_flow for
 * a hub), "tornado_base_saving_usd" and "tornado" (t's inputs in rank
 * order: input, kind, input_low, input_high, saving_low_usd,
 * saving_high_usd). The first store error (the results after it are left
 * out); j's own errors stay in j (gf_jsonw_finish). */
GF_API int gf_sweep_summary_jsonw(gf_jsonw *j, gf_store *st, int64_t sweep_id, const gf_sweep *sw,
                                  const gf_sweep_tornado_table *t, gf_error *err);

#ifdef __cplusplus
}
#endif
#endif
