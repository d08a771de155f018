/* src/mcf/mcf_bulk.c: many arcs' costs and bounds in one call.
 *
 * A what-if that scales the sea freight changes the cost of every sea link
 * arc in every period (about 10,000 arcs on the default scenario), and the
 * reset after it changes them back. Passing them one by one through
 * gf_mcf_set_cost and gf_mcf_set_bounds, each with its own id and range
 * checks and a comparison against the stored figures, was a sixth of a warm
 * what-if's instructions (bench/whatif.sh). gf_mcf_set_arcs takes the
 * caller's whole arrays, indexed by arc id, plus the list of arcs that
 * changed: one checking pass over the list, then one writing pass into the
 * arrays gf_mcf_solve reads (a_cost, a_cap, lower). The writing pass has a
 * second form for a solver that holds no lower bounds and gets none (every
 * network today): two stores an arc and no lower bound read, which took a
 * sweep's run (28,000 arcs, every link's cost) from 0.50 to 0.28 M
 * instructions for the pass (callgrind, h9-speed3). The checking pass has
 * the same second form: with no lower bounds given, an entry is one range
 * test of its cost and one of its upper bound (0..2^50 or unlimited),
 * OR-ed together; only when one fails does the full pass run, to name the
 * first bad entry (a warm what-if: 0.357 to 0.323 M instructions, h7-whatif,
 * bench/whatif.sh with WHATIF_CALLGRIND=1). It keeps the basis
 * exactly as the single setters do, so the next solve is the same warm
 * solve, bit for bit (tested: test_mcf.c).
 * SPDX-License-Identifier: MIT */
#include "grainflow/alloc.h"
#include "mcf/mcf_int.h"

/* |x| <= 2^50, one unsigned comparison. */
static inline bool out_of_range(int64_t x)
{
    return (uint64_t)x + (uint64_t)GF_MCF_MAX_VALUE > 2 * (uint64_t)GF_MCF_MAX_VALUE;
}

/* The message for entry i, which the checking pass found bad. */
static int refuse(const gf_mcf *mcf, int32_t i, int32_t e, int64_t lo, int64_t up, int64_t cost,
                  bool unc, gf_error *err)
{
    if (e < 0 || e >= mcf->m)
        return gf_fail(err, GF_EINVAL,
                       "gf_mcf_set_arcs: entry %ld: arc id out of range 0..%ld (got %ld)", (long)i,
                       (long)mcf->m - 1, (long)e);
    if (out_of_range(lo) || (!unc && out_of_range(up)) || out_of_range(cost))
        return gf_fail(err, GF_EINVAL,
                       "gf_mcf_set_arcs: entry %ld (arc %ld): bounds and cost must lie within "
                       "+-2^50 (lower %lld, upper %lld, cost %lld)",
                       (long)i, (long)e, (long long)lo, (long long)up, (long long)cost);
    return gf_fail(err, GF_EINVAL,
                   "gf_mcf_set_arcs: entry %ld (arc %ld): lower bound %lld exceeds upper bound "
                   "%lld",
                   (long)i, (long)e, (long long)lo, (long long)up);
}

int gf_mcf_set_arcs(gf_mcf *mcf, int32_t n, const int32_t *arcs, const int64_t *lower,
                    const int64_t *upper, int64_t unlimited, const int64_t *cost, gf_error *err)
{
    bool any_lower = false, checked = false;
    int64_t *a_cap, *a_cost, *a_lower;
    uint32_t m;

    if (!mcf || n < 0 || (n > 0 && (!arcs || !upper || !cost)))
        return gf_fail(err, GF_EINVAL, "gf_mcf_set_arcs: NULL argument or negative count");
    m = (uint32_t)mcf->m;
    if (!lower) { /* every lo is 0: upper in 0..2^50 or unlimited, one test an arc */
        uint64_t bad = 0;
        for (int32_t i = 0; i < n; i++) {
            int32_t e = arcs[i];
            int64_t up;
            if ((uint32_t)e >= m)
                return refuse(mcf, i, e, 0, 0, 0, false, err);
            up = upper[e];
            bad |= (uint64_t)out_of_range(cost[e]) |
                   ((uint64_t)((uint64_t)up > (uint64_t)GF_MCF_MAX_VALUE) &
                    (uint64_t)(up != unlimited));
        }
        checked = !bad; /* else the loop below finds the entry to report */
    }
    for (int32_t i = 0; !checked && i < n; i++) { /* check every entry before writing any */
        int32_t e = arcs[i];
        int64_t lo, up;
        bool unc;
        if ((uint32_t)e >= m)
            return refuse(mcf, i, e, 0, 0, 0, false, err);
        lo = lower ? lower[e] : 0;
        up = upper[e];
        unc = up == unlimited;
        if (out_of_range(lo) || out_of_range(cost[e]) || (!unc && (out_of_range(up) || lo > up)))
            return refuse(mcf, i, e, lo, up, cost[e], unc, err);
        any_lower = any_lower || lo != 0;
    }
    if (any_lower && !mcf->lower) {
        mcf->lower = gf_calloc((size_t)mcf->arc_room, sizeof *mcf->lower);
        if (!mcf->lower)
            return gf_fail(err, GF_ENOMEM, "out of memory for lower bounds");
    }
    a_cap = mcf->a_cap;
    a_cost = mcf->a_cost;
    a_lower = mcf->lower;
    if (a_lower) { /* the solver holds lower bounds: write each one */
        for (int32_t i = 0; i < n; i++) {
            int32_t e = arcs[i];
            int64_t lo = lower ? lower[e] : 0;
            a_lower[e] = lo;
            a_cap[e] = upper[e] == unlimited ? GF_FLOW_INF : upper[e] - lo;
            a_cost[e] = cost[e];
        }
    } else { /* none anywhere (any_lower false): every lo is 0 */
        for (int32_t i = 0; i < n; i++) {
            int32_t e = arcs[i];
            a_cap[e] = upper[e] == unlimited ? GF_FLOW_INF : upper[e];
            a_cost[e] = cost[e];
        }
    }
    if (n > 0)
        mcf->status = GF_MCF_NOT_SOLVED;
    return GF_OK;
}
