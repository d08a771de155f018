/* src/mcf/mcf_solve.c: the primal network simplex loop and its results.
 *
 * Cold: every node hangs from the root by an artificial arc (mcf_init.c),
 * or, with GF_MCF_SCALING, cost scaling finds an optimal flow and its
 * crossover a tree that the warm repair turns into a basis (mcf_scale.c);
 * use_scaling below holds the rule for GF_MCF_AUTO and its figures.
 * Warm: the previous tree is repaired for the changed data (mcf_warm.c).
 * Then: price an entering arc, find the cycle's join and the leaving arc,
 * push flow, update tree and potentials; until no arc is eligible. Nothing in
 * the loop allocates, fails or logs; the pivot rule is chosen before it.
 * SPDX-License-Identifier: MIT */
#include <time.h>

#include "grainflow/alloc.h"
#include "mcf/mcf_int.h"

typedef bool (*price_fn)(gf_mcf *);

double gf__mcf_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Block search on a large time-expanded network (laid out by source,
 * mcf_init.c) is done as a candidate list: the figures are in mcf_price.c. */
static price_fn choose_pricing(const gf_mcf *mcf, const gf_mcf_options *o)
{
    switch (o->pivot) {
    case GF_MCF_FIRST_ELIGIBLE:
        return gf__mcf_price_first;
    case GF_MCF_BEST_ELIGIBLE:
        return gf__mcf_price_best;
    case GF_MCF_CANDIDATE_LIST:
        return gf__mcf_price_list;
    default:
        return mcf->by_source ? gf__mcf_price_list : gf__mcf_price_block;
    }
}

/* Whether a cold solve starts by cost scaling (mcf_scale.c). GF_MCF_AUTO
 * picks by size and shape from what was measured (the rule is at the end).
 * After h11-scale's layout, partial augment and update schedule (the
 * bench/README.md section "Cost scaling, h11-scale"): `bench/run.sh quick`
 * with gf_scaling, R=3, process CPU seconds under a load of about 15,
 * scaling / simplex is 2.19 (netgen_8_14a) to 11.1 (corridor_300x52_s1) on
 * seven instances of 2^12 to 2^14 nodes, while scaling / LEMON
 * CostScaling is 1.33 by geometric mean. At 2^16, goto_8_16a (one run each,
 * back to back, `bench/gf_driver --algo scaling|simplex FILE`,
 * `bench/lemon_driver --algo cs FILE`): scaling 38.5, simplex 28.7, LEMON
 * CostScaling 19.3. So AUTO must not pick it until bench/run.sh (gf_scaling
 * against grainflow) shows a family and size where it wins; the rule then
 * goes here, next to those figures.
 * After h11-scale2's early exact termination, eps / 12 and an update every
 * n relabels (bench/README.md "Cost scaling, h11-scale2"), at 2^16, one
 * run each of `bench/gf_driver --algo simplex|scaling FILE`, process CPU
 * seconds under a load of 16-22, simplex / scaling: netgen_8_16a
 * 2.48 / 2.85, gridgen_8_16a 1.90 / 2.68, random_16 3.64 / 3.25, grid_16
 * 3.05 / 5.06, corridor_1200x52_s1 11.4 / 17.8, goto_8_16a 33.6 / 35.9 (and
 * 41.4 after the update change, at load 22, while it saves 17% of the
 * instructions on goto_8_14a). Scaling is ahead only on random_16, by 11%
 * in one noisy run: not enough for a rule, so AUTO still means simplex.
 * After h11-dense's pricing loop (bench/README.md "Dense NETGEN, h11-dense"):
 * `BENCH_SOLVERS="grainflow gf_scaling lemon_ns lemon_cs" BENCH_RUNS=3
 * bench/run.sh quick` under a load of 13, gf_scaling / grainflow is 2.0
 * (goto_8_14a) to 8.6 (corridor_300x52_s1) on all 20 instances; random_16,
 * the one where scaling had led, 3 interleaved runs of `bench/gf_driver
 * --algo simplex|scaling`, medians 2.79 / 4.17 s. Scaling wins nowhere
 * up to 2^16.
 *
 * The rule since h11-large (2026-12-01, bench/README.md "Large networks,
 * h11-large"): AUTO_SCALING_NODES below. `BENCH_RUNS=1 BENCH_SOLVERS=
 * "grainflow gf_simplex gf_scaling lemon_ns lemon_cs" BENCH_ONLY=... bench/run.sh
 * full` at main a1429b0, process CPU seconds under a load of 10-18,
 * simplex / scaling: goto_8_16a 25.4 / 27.1, gridgen_8_16a 1.39 / 3.14,
 * netgen_8_16a 2.68 / 2.87, random_16 2.80 / 3.81, grid_16 2.84 / 4.55, but
 * random_18 58.6 / 24.2 (LEMON CostScaling 14.1, LEMON NetworkSimplex past
 * the 600 s timeout). netgen_8_18g, one run each of `bench/gf_driver --algo
 * simplex|scaling` after h11-large's relabel fixes: about 38 / 47.0 (the
 * simplex figure is the old scaling run that gave up after one phase, 40.1
 * s in all), because the crossover there leaves 462k pivots (456k of them
 * degenerate) for the simplex to finish with. Above 2^17 nodes with 6 arcs
 * a node or more, scaling is taken: 2.4x on random_18 against 1.24x lost
 * on netgen_8_18g, and nothing at this size tells the two apart. Grids
 * (about 4 arcs a node) and time-expanded networks (mcf->shuffled: the
 * corridor, where the simplex is 1.6x faster than scaling at 62k nodes,
 * and the planner's scenarios) keep the simplex, as nothing was measured to
 * move them.
 *
 * The rule since h11-x (2026-12-02, bench/README.md "Crossover, h11-x"):
 * the crossover now leaves the simplex no pivot, so a scaled solve is the
 * scaling phases and little more (the crossover and the rest were 6% and
 * 12% of the wall time on netgen_8_18g and random_18, gf_driver's split).
 * `BENCH_ONLY='_16a|random_16|grid_16| grid_18|random_18|netgen_8_18g|corridor_1200'
 * BENCH_SOLVERS="gf_scaling gf_simplex lemon_ns lemon_cs" BENCH_RUNS=1 BENCH_WARM_TRIALS=0 nice
 * bench/run.sh full` at h11-x d82af2e, process CPU seconds under a load of
 * 5-6, scaling / simplex: goto_8_16a 20.8 / 22.3, gridgen_8_16a 2.33 /
 * 1.13, netgen_8_16a 1.65 / 1.45, random_16 2.23 / 1.58, grid_16 2.77 /
 * 1.97, corridor_1200x52_s1 6.23 / 8.53; random_18 11.2 / 26.2, grid_18
 * 22.4 / 38.2 (LEMON NetworkSimplex 39.0, CostScaling 28.5). At 2^16 the
 * simplex keeps four of five (GOTO, the one it loses by 7%, has the same n
 * and m as NETGEN, where it wins by 12%); above 2^17 scaling wins on the
 * grid too, whose 4 arcs a node the old degree of 6 left to the simplex:
 * the degree threshold drops to 3. The corridor (time-expanded) is now
 * faster under scaling at 62k nodes, but the planner's scenarios were not
 * measured with it (alternative optima may change their plans), so
 * time-expanded networks keep the simplex until they are.
 *
 * The rule since h11-te (2026-12-02, bench/README.md "Time-expanded
 * networks, h11-te"): `nice bench/te.sh` at main 4670739, one run each,
 * process CPU seconds under a load of 3-4, scaling / simplex on the corridor
 * family (bench/gen_corridor P 52 1): P = 300 (15.6k nodes) 0.81 / 0.24, 600
 * (31.2k) 2.56 / 1.42, 1200 (62.4k) 5.95 / 7.80 (a second run at a load of
 * 6: 6.56 / 7.09), 2400 (125k) 21.6 / 43.9 (the ratio crosses 1 near 50k
 * nodes by log interpolation, 3 x 2^14 below); on the planner's networks
 * (tools/gen_scenario.py P, bench/scenario_dimacs) the simplex wins at every
 * size: syn-300 0.62 / 0.15, syn-1000 3.45 / 0.79, syn-2000 8.25 / 2.37 (at
 * --scale 1: 8.80 / 3.15), syn-5000 38.8 / 5.83 (at --scale 1: 39.8 / 7.08).
 * Neither the degree (8.5 against 5.5 arcs a node), the phase count (7
 * against 6-7), one super source nor revenue arcs tell them apart:
 * corridor_1200 with its supplies and demands behind one super source and
 * sink still runs 7.41 / 9.34, and with its demands sold at -250000 as well
 * 10.2 / 11.0 (a load of 6). What does is whether the supply is offered or
 * fixed: the planner sends what it does not sell along a spill arc from the
 * source straight to the sink (src/network/network.c), and corridor_1200
 * rebuilt that way (twice its supply offered, demands sold at -250000, a
 * spill arc) runs 5.96 / 2.67: scaling's time stays, the simplex's drops
 * 2.9x (bench/te.sh corridor_1200_st corridor_1200_stneg corridor_1200_offer
 * builds and times the variants). So a time-expanded network takes scaling
 * above AUTO_TE_SCALING_NODES when no arc from a supply node to a demand
 * node can carry half the supply or more (offers_supply; the corridor has
 * thousands of such arcs, each far smaller); the planner's networks, which
 * always have one, keep the simplex, so their plans are unchanged. */
#define AUTO_SCALING_NODES    (1 << 17) /* more nodes than this, and not sparse: scaling */
#define AUTO_SCALING_DEGREE   3         /* at least this many arcs a node */
#define AUTO_TE_SCALING_NODES (3 << 14) /* time-expanded, supply fixed: above this, scaling */

bool gf__mcf_auto_scaling(int32_t n, int32_t m, bool time_copies, bool offered)
{
    if (m < (int64_t)AUTO_SCALING_DEGREE * n)
        return false;
    if (time_copies)
        return !offered && n > AUTO_TE_SCALING_NODES;
    return n > AUTO_SCALING_NODES;
}

/* Whether the supply is offered, not fixed: some arc runs from a supply node
 * straight to a demand node and can carry half the total supply or more (the
 * planner's spill arc, which takes whatever is not sold). */
static bool offers_supply(const gf_mcf *mcf)
{
    int64_t supply = 0;

    for (int32_t v = 0; v < mcf->n; v++)
        supply += mcf->bal[v] > 0 ? mcf->bal[v] : 0;
    for (int32_t e = 0; e < mcf->m; e++)
        if (mcf->bal[mcf->a_src[e]] > 0 && mcf->bal[mcf->a_dst[e]] < 0 &&
            mcf->a_cap[e] >= supply - supply / 2)
            return true;
    return false;
}

static bool use_scaling(const gf_mcf *mcf, const gf_mcf_options *o)
{
    if (o->algo == GF_MCF_SIMPLEX || !gf__mcf_scaling_applies(mcf))
        return false;
    if (o->algo == GF_MCF_SCALING)
        return true;
    /* the O(m) scan only where its answer can matter */
    bool offered = mcf->shuffled && mcf->n > AUTO_TE_SCALING_NODES && offers_supply(mcf);
    return gf__mcf_auto_scaling(mcf->n, mcf->m, mcf->shuffled, offered);
}

static gf_mcf_status run_simplex(gf_mcf *mcf, price_fn price, int64_t max_pivots)
{
    while (price(mcf)) {
        if (max_pivots > 0 && mcf->stats.pivots >= max_pivots)
            return GF_MCF_ITERATION_LIMIT;
        if ((mcf->stats.pivots & (GF_MCF_INTERRUPT_EVERY - 1)) == 0 && gf__mcf_interrupted(mcf))
            return GF_MCF_INTERRUPTED;
        bool basis_changes = gf__mcf_find_cycle(mcf);
        if (mcf->delta >= GF_FLOW_INF)
            return GF_MCF_UNBOUNDED;
        gf__mcf_push_flow(mcf, basis_changes);
        if (basis_changes) {
            gf__mcf_update_tree(mcf);
            gf__mcf_update_potential(mcf);
        }
        mcf->stats.pivots++;
    }
    gf__mcf_normalize_potentials(mcf);
    for (int32_t v = 0; v < mcf->n; v++)
        if (mcf->flow[mcf->m + v] != 0)
            return GF_MCF_INFEASIBLE;
    return GF_MCF_OPTIMAL;
}

/* Flows in the caller's order with lower bounds added back, and their cost
 * summed in 128 bits (each term is below 2^50 x 2^62, and m < 2^30 of them
 * cannot reach 2^127). False when the total does not fit int64_t. */
static bool publish_flows(gf_mcf *mcf, int64_t *cost)
{
    __int128 sum = 0;

    for (int32_t e = 0; e < mcf->m; e++) {
        int64_t x = mcf->flow[mcf->perm[e]] + (mcf->lower ? mcf->lower[e] : 0);
        mcf->user_flow[e] = x;
        sum += (__int128)mcf->a_cost[e] * x;
    }
    *cost = sum >= INT64_MIN && sum <= INT64_MAX ? (int64_t)sum : 0;
    return sum >= INT64_MIN && sum <= INT64_MAX;
}

int gf_mcf_solve(gf_mcf *mcf, const gf_mcf_options *opts, gf_mcf_result *res, gf_error *err)
{
    gf_mcf_options o = opts ? *opts : gf_mcf_options_default();
    double t0 = gf__mcf_now();
    int rc;

    if (!mcf || !res)
        return gf_fail(err, GF_EINVAL, "gf_mcf_solve: NULL argument");
    res->status = GF_MCF_NOT_SOLVED;
    res->cost = 0;
    mcf->stats = (gf_mcf_stats){0};
    mcf->n_cand = 0;
    mcf->minor_left = 0;
    rc = gf__mcf_prepare(mcf, err);
    if (rc < 0)
        return rc;
    if (o.block_size > 0)
        mcf->block_size = o.block_size;
    if (rc == 1) { /* supplies do not sum to zero */
        mcf->status = GF_MCF_INFEASIBLE;
        mcf->has_basis = false;
    } else {
        bool warm = mcf->has_basis && mcf->layout_ok && !o.cold;
        int crash = GF_OK;
        if (warm) {
            gf__mcf_repair_basis(mcf);
        } else if (use_scaling(mcf, &o) && (crash = gf__mcf_scale(mcf)) != 1) {
            mcf->stats.scaled = true;
            if (crash == GF_OK)
                gf__mcf_repair_basis(mcf);
        } else {
            gf__mcf_init_tree(mcf);
            crash = gf__mcf_crash(mcf, o.max_pivots);
        }
        if (crash == GF_ENOMEM) {
            mcf->has_basis = false;
            mcf->status = GF_MCF_NOT_SOLVED; /* scaling may have left no flows */
            return gf_fail(err, GF_ENOMEM, "out of memory for the starting basis");
        }
        mcf->stats.warm = warm;
        if (crash == 1)
            mcf->status = GF_MCF_UNBOUNDED;
        else if (crash == 2)
            mcf->status = GF_MCF_ITERATION_LIMIT;
        else if (crash == 3)
            mcf->status = GF_MCF_INTERRUPTED;
        else
            mcf->status = run_simplex(mcf, choose_pricing(mcf, &o), o.max_pivots);
        mcf->has_basis = mcf->status == GF_MCF_OPTIMAL || mcf->status == GF_MCF_INFEASIBLE;
    }
    if (!publish_flows(mcf, &res->cost) && mcf->status == GF_MCF_OPTIMAL) {
        mcf->status = GF_MCF_NOT_SOLVED;
        mcf->has_basis = false;
        return gf_fail(err, GF_EOVERFLOW,
                       "the optimal cost is beyond the 64-bit range (|cost| >= 2^63): "
                       "reduce costs or supplies");
    }
    res->status = mcf->status;
    if (mcf->status != GF_MCF_OPTIMAL)
        res->cost = 0;
    mcf->stats.solve_seconds = gf__mcf_now() - t0;
    res->stats = mcf->stats;
    return GF_OK;
}

const char *gf_mcf_status_name(gf_mcf_status status)
{
    switch (status) {
    case GF_MCF_OPTIMAL:
        return "optimal";
    case GF_MCF_INFEASIBLE:
        return "infeasible";
    case GF_MCF_UNBOUNDED:
        return "unbounded";
    case GF_MCF_ITERATION_LIMIT:
        return "iteration_limit";
    case GF_MCF_INTERRUPTED:
        return "interrupted";
    default:
        return "not_solved";
    }
}

void gf_mcf_set_interrupt(gf_mcf *mcf, const volatile sig_atomic_t *flag)
{
    if (mcf)
        mcf->interrupt = flag;
}

const int64_t *gf_mcf_flows(const gf_mcf *mcf)
{
    return mcf->user_flow;
}

int64_t gf_mcf_flow(const gf_mcf *mcf, int32_t arc)
{
    return mcf->user_flow ? mcf->user_flow[arc] : 0;
}

int64_t gf_mcf_potential(const gf_mcf *mcf, int32_t node)
{
    return mcf->pi[node];
}

const int64_t *gf_mcf_potentials(const gf_mcf *mcf)
{
    return mcf->pi;
}

int64_t gf_mcf_reduced_cost(const gf_mcf *mcf, int32_t arc)
{
    return mcf->a_cost[arc] + mcf->pi[mcf->a_src[arc]] - mcf->pi[mcf->a_dst[arc]];
}
