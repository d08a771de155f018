/* src/mcf/mcf_price.c: choose the entering arc (pricing).
 *
 * An arc is eligible when moving it off its bound lowers the cost:
 * c = state[e] * (cost[e] + pi[src[e]] - pi[dst[e]]) < 0 (state is +1 at the
 * lower bound, -1 at the upper bound, 0 in the tree, so tree arcs give 0).
 * Block search (the default) scans blocks of block_size arcs, resuming where
 * the previous scan stopped, and takes the most violating arc of the first
 * block that has one. Only real arcs are priced (see mcf_int.h).
 * Block size: 1.5 sqrt(m) arcs on a shuffled layout, sqrt(m) on a strided
 * one (mcf_init.c: order_arcs), at least 10. Best of 2 runs, factors 0.75 /
 * 1 / 1.5 / 2: corridor_300x52_s1 (shuffled) 0.132 / 0.113 / 0.098 / 0.099 s;
 * strided, 1.5 gained on netgen_8_14a (0.122 -> 0.113) and random_14 but lost
 * on grid_14 (0.132 -> 0.146) and goto_8_12a, about even overall; 1.0 keeps
 * the grid family ahead of LEMON, which uses sqrt(m).
 * Dense networks (m >= 16 n, strided): 2 sqrt(m) (mcf_init.c: block_factor).
 * A bigger block costs more arcs priced per pivot but buys fewer pivots, and
 * a pivot costs more time than its instructions say (the cycle climb and
 * the potential walk are chains of dependent loads and unpredictable
 * branches; the scan here is a straight stream). Interleaved runs, 11 each,
 * median process CPU s under a load of 13 (`bench/gf_driver --block B`),
 * factors 1 / 1.5 / 2: netgen_sr_10a 0.0086 / 0.0081 / 0.0071 (LEMON NS
 * 0.0101), netgen_sr_12a 0.1005 / 0.0972 / 0.0953 (LEMON NS 0.1255);
 * pivots 6926 / 5283 / 4341 and 29942 / 24270 / 21108, while callgrind
 * counts about as many instructions (34.8M / 34.8M / 32.9M on
 * netgen_sr_10a) or more (339M / 362M / 381M on netgen_sr_12a).
 * Each block is scanned as one or two straight runs (it wraps at m at most
 * once), so the loop per arc has no wrap or block-end test: 13 instructions
 * an arc instead of 19.
 * Candidate list (gf__mcf_price_list; block search's form on time-expanded
 * networks of more than 2^17 nodes, laid out by source, mcf_init.c). On
 * syn-5000 (286k nodes, 1.54M arcs) block search priced 3.33G arcs for
 * 1.64M pivots (2030 a pivot), and pricing was 53% of the perf samples
 * (update_potential 21%, find_cycle 16%, update_tree 5%). One run each of
 * `bench/gf_driver [--pivot list] [--block B] syn5000.min` (the file from
 * bench/scenario_dimacs), process CPU s under a load of 5-7: block search
 * 19.9 (B 1862 = 1.5 sqrt(m)), 14.1 (B 700), 12.8 (B 350), 20.6 (B 4000);
 * the list 8.9 (B 1862), 9.7 (B 4000), 8.4 (B 800), 7.95 (B 500, 2.47M
 * pivots, 332M arcs priced), 8.07 (B 250). List sizes / minor steps 32/16,
 * 64/32, 64/64, 100/50, 128/64, 128/128, 200/100 at B 1862: 10.0, 8.9,
 * 8.5, 8.6, 8.7, 8.6, 8.4, all within the noise beyond 32/16; 64/32 makes
 * the fewest pivots of those. So B = 0.4 sqrt(m) there (mcf_init.c:
 * block_factor). Then update_potential is 42% of the samples, find_cycle
 * 21%, pricing 17%. On the shuffled syn-1000 (57k nodes) the list lost
 * (1.16 against 1.06 s: 369k pivots against 251k), so smaller networks keep
 * block search.
 * Tried on syn-5000 by h11-syn (process CPU s of `bench/gf_driver
 * [--block B] syn5000.min` at load 2-3, the sizes made settable for the
 * runs; "room" is GF_MCF_CAND_MAX): list / minor steps 64/32 (as now) 7.50
 * alone, then 7.42, 6.78, 6.94 interleaved with the next three; 128/32 6.18
 * alone (2.00M pivots against 2.46M), 6.31 with room 1024 (walk 752M nodes
 * against 866M), then 6.83, 6.35, 7.13; 256/64 5.77 alone (2.26M pivots,
 * 497M arcs priced against 325M), 6.67 with room 1024, then 6.85, 6.68,
 * 7.05; 256/32 with room 1024 6.45 alone (1.76M pivots, 587M priced), then
 * 6.67, 7.28, 7.64; 16/8, 32/32, 64/8 and B 250 or 1000: 6.1-8.2. Fewer
 * pivots are bought by more pricing and the time stays within the noise:
 * kept 64/32.
 * Choosing, among the list, the most violating arc whose ends' smaller
 * subtree has at most 256 or 1024 nodes, or the best violation / (T + that
 * size) for T 100 or 1000 (the walk after a pivot is at least the moved
 * subtree): walk 873M-935M nodes against 866M, 7.65-8.13 s: dropped.
 * SPDX-License-Identifier: MIT */
#include "mcf/mcf_int.h"

static inline int64_t violation(const gf_mcf *mcf, int32_t e)
{
    return mcf->state[e] * (mcf->cost[e] + mcf->pi[mcf->src[e]] - mcf->pi[mcf->dst[e]]);
}

/* The most violating arc of positions [lo, hi) against *best (strictly
 * lower wins, so the first of equals is kept): updates *best and *arc. */
static inline void scan_range(const gf_mcf *mcf, int32_t lo, int32_t hi, int64_t *best,
                              int32_t *arc)
{
    const int32_t *src = mcf->src, *dst = mcf->dst;
    const int64_t *cost = mcf->cost, *pi = mcf->pi;
    const int8_t *state = mcf->state;
    int64_t b = *best;
    int32_t a = *arc;

    for (int32_t e = lo; e < hi; e++) {
        int64_t c = state[e] * (cost[e] + pi[src[e]] - pi[dst[e]]);
        if (c < b) {
            b = c;
            a = e;
        }
    }
    *best = b;
    *arc = a;
}

/* Blocks of block_size positions from next_arc, wrapping at m; each block
 * is one or two straight runs, so the inner loop has no wrap or block test. */
bool gf__mcf_price_block(gf_mcf *mcf)
{
    const int32_t m = mcf->m, block = mcf->block_size;
    int64_t best = 0;
    int32_t e = mcf->next_arc, left = m, arc = mcf->in_arc;

    while (left > 0 && best == 0) {
        int32_t len = block < left ? block : left, end = e + len;
        if (end >= m) {
            scan_range(mcf, e, m, &best, &arc);
            end -= m;
            scan_range(mcf, 0, end, &best, &arc);
        } else {
            scan_range(mcf, e, end, &best, &arc);
        }
        e = end;
        left -= len;
    }
    mcf->stats.arcs_priced += m - left;
    mcf->next_arc = e;
    mcf->in_arc = arc;
    return best < 0;
}

bool gf__mcf_price_first(gf_mcf *mcf)
{
    int32_t e = mcf->next_arc;

    for (int32_t k = 0; k < mcf->m; k++) {
        if (violation(mcf, e) < 0) {
            mcf->in_arc = e;
            mcf->next_arc = e + 1 == mcf->m ? 0 : e + 1;
            mcf->stats.arcs_priced += k + 1;
            return true;
        }
        if (++e == mcf->m)
            e = 0;
    }
    mcf->stats.arcs_priced += mcf->m;
    return false;
}

bool gf__mcf_price_best(gf_mcf *mcf)
{
    int64_t best = 0;

    for (int32_t e = 0; e < mcf->m; e++) {
        int64_t c = violation(mcf, e);
        if (c < best) {
            best = c;
            mcf->in_arc = e;
        }
    }
    mcf->stats.arcs_priced += mcf->m;
    return best < 0;
}

/* Candidate list (Mulvey's multiple partial pricing, in LEMON's "altering
 * candidate list" spirit, written here from that description). A major step
 * scans blocks from next_arc as block search does but keeps every violating
 * arc it meets (up to GF_MCF_CAND_MAX), block after block until it holds
 * LIST_TARGET of them; minor steps then re-price only the list, drop the
 * arcs no longer eligible and take the most violating one, for at most
 * LIST_MINOR pivots, before the next major step. Only a major step that
 * scanned all m arcs and found none ends the solve, so optimality is proven
 * as by block search. The figures for the sizes are at the top. */
#define LIST_TARGET 64
#define LIST_MINOR  32

bool gf__mcf_price_list(gf_mcf *mcf)
{
    const int32_t *src = mcf->src, *dst = mcf->dst;
    const int64_t *cost = mcf->cost, *pi = mcf->pi;
    const int8_t *state = mcf->state;
    int32_t *cand = mcf->cand, k = 0, arc = -1;
    int64_t best = 0;

    if (mcf->minor_left > 0) {
        mcf->minor_left--;
        for (int32_t i = 0; i < mcf->n_cand; i++) {
            int32_t e = cand[i];
            int64_t c = state[e] * (cost[e] + pi[src[e]] - pi[dst[e]]);
            if (c < 0) {
                cand[k++] = e;
                if (c < best) {
                    best = c;
                    arc = e;
                }
            }
        }
        mcf->stats.arcs_priced += mcf->n_cand;
        mcf->n_cand = k;
        if (best < 0) {
            mcf->in_arc = arc;
            return true;
        }
    }
    const int32_t m = mcf->m, block = mcf->block_size;
    int32_t e = mcf->next_arc, left = m;
    k = 0;
    while (left > 0 && k < LIST_TARGET) {
        int32_t len = block < left ? block : left;
        for (int32_t i = 0; i < len; i++) {
            int64_t c = state[e] * (cost[e] + pi[src[e]] - pi[dst[e]]);
            if (c < 0) {
                if (k < GF_MCF_CAND_MAX)
                    cand[k++] = e;
                if (c < best) {
                    best = c;
                    arc = e;
                }
            }
            if (++e == m)
                e = 0;
        }
        left -= len;
    }
    mcf->stats.arcs_priced += m - left;
    mcf->next_arc = e;
    mcf->n_cand = k;
    mcf->minor_left = LIST_MINOR;
    if (best < 0)
        mcf->in_arc = arc;
    return best < 0;
}
