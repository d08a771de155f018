/* src/mcf/mcf_int.h: the solver's private state, shared by the src/mcf files.
 *
 * Layout. Real arcs have ids 0..m-1. Node n is an artificial root, and arc
 * m+v (v < n) is the artificial arc between node v and the root. Every arc
 * array therefore has m+n entries and every node array n+1. Lower bounds are
 * shifted out before solving: the solver sees x' = x - lower in [0, cap] with
 * cap = upper - lower (GF_FLOW_INF when uncapacitated) and node balances
 * bal[v] = b[v] - sum_out lower + sum_in lower.
 *
 * Basis. A spanning tree rooted at n, kept as parent, pred (the tree arc to
 * the parent), pred_dir (UP: pred runs v->parent; DOWN: parent->v), thread (a
 * preorder walk, cyclic through the root), rev_thread, succ_num (subtree size)
 * and last_succ (last node of the subtree in thread order). Nonbasic arcs sit
 * at a bound: state +1 at lower (0), -1 at upper (cap); tree arcs have state 0.
 *
 * Artificial arcs follow the scheme of Kiraly & Kovacs: a node whose net flow
 * goes up to the root uses an arc v->root of cost 0, one that needs flow from
 * the root uses root->v of cost art_cost = 2^60, more than any simple path
 * costs (gf__mcf_prepare checks that (max|c| + 1) * (n + 1) <= 2^58, so
 * potentials stay within +-2^61). They are never priced: once one leaves the tree it
 * stays at 0. If flow remains on one at the optimum, no feasible flow exists.
 * SPDX-License-Identifier: MIT */
#ifndef GF_MCF_INT_H
#define GF_MCF_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "grainflow/mcf.h"

#define GF_FLOW_INF (INT64_MAX / 2)

/* Room of the candidate list (gf__mcf_price_list). */
#define GF_MCF_CAND_MAX 256

enum {
    STATE_UPPER = -1,
    STATE_TREE = 0,
    STATE_LOWER = 1
};
enum {
    DIR_DOWN = -1,
    DIR_UP = 1
};

struct gf_mcf {
    int32_t n;        /* real nodes; the root is node n */
    int32_t m;        /* real arcs; artificial arc of v is m + v */
    int32_t arc_room; /* real arcs that the arc arrays can hold */

    /* problem data, as the caller set it, in the caller's arc order */
    int64_t *supply; /* size n: b[v] */
    int32_t *a_src;  /* size arc_room */
    int32_t *a_dst;
    int64_t *a_cost;
    int64_t *a_cap; /* upper - lower, or GF_FLOW_INF when uncapacitated */
    int64_t *lower; /* size arc_room, NULL while every lower bound is 0 */

    /* the solver's arcs, size m + n: real arcs in the order order_arcs
     * (mcf_init.c) chooses, shuffled or strided (perm[e] is where caller's
     * arc e sits), then the artificial ones. */
    int32_t *perm;      /* size m */
    int64_t *user_flow; /* size m: flows in the caller's order, lower added */
    int32_t *src;
    int32_t *dst;
    int64_t *cost;
    int64_t *cap;
    int64_t *flow;
    int8_t *state;
    int32_t laid_m; /* arcs in the solver arrays (layout_ok) */
    bool shuffled;  /* the layout is a shuffle, not LEMON's stride */
    bool by_source; /* time copies above 2^17 nodes: sorted by source instead */

    /* nodes, size n + 1 */
    int64_t *pi;
    int64_t *bal;
    int32_t *parent;
    int32_t *pred;
    int32_t *thread;
    int32_t *rev_thread;
    int32_t *succ_num;
    int32_t *last_succ;
    int32_t *dirty;  /* scratch for the tree update and warm start */
    int32_t *path_a; /* the cycle's first side, bottom-up (find_cycle) */
    int32_t *path_b; /* its second side */
    int8_t *pred_dir;

    bool has_basis; /* a previous solve left a usable tree */
    bool layout_ok; /* the solver arrays match the problem arcs */
    int64_t art_cost;
    int64_t flow_bound; /* F of gf__mcf_prepare: no basic flow exceeds it */
    gf_mcf_status status;

    /* pivot state */
    int32_t in_arc, join, u_in, v_in, u_out, v_out;
    int32_t len_a, len_b; /* nodes on path_a and path_b */
    int32_t out_pos;      /* index of u_out on u_in's side */
    bool in_is_a;         /* u_in's side is path_a */
    int64_t delta;
    int32_t next_arc, block_size;
    int32_t n_cand, minor_left; /* candidate list pricing (mcf_price.c) */
    int32_t cand[GF_MCF_CAND_MAX];
    gf_mcf_stats stats;
    const volatile sig_atomic_t *interrupt; /* gf_mcf_set_interrupt; NULL: none */
};

/* Pivots between two reads of the interrupt flag (a power of two). */
#define GF_MCF_INTERRUPT_EVERY 1024

/* True when the caller's interrupt flag is set (an atomic load). */
static inline bool gf__mcf_interrupted(const gf_mcf *mcf)
{
    return mcf->interrupt && __atomic_load_n(mcf->interrupt, __ATOMIC_RELAXED) != 0;
}

/* mcf_solve.c: the monotonic clock in seconds (the stats' timings) */
double gf__mcf_now(void);

/* mcf_init.c */
int gf__mcf_prepare(gf_mcf *mcf, gf_error *err);
int gf__mcf_layout(gf_mcf *mcf, gf_error *err);
void gf__mcf_init_tree(gf_mcf *mcf);
void gf__mcf_compute_potentials(gf_mcf *mcf);
void gf__mcf_set_artificial(gf_mcf *mcf, int32_t v, bool up);

/* mcf_crash.c: initial pivots of a cold start, counted against max_pivots;
 * GF_OK, 1 = unbounded, 2 = pivot limit, 3 = interrupted, GF_ENOMEM */
int gf__mcf_crash(gf_mcf *mcf, int64_t max_pivots);

/* mcf_scale.c: whether cost scaling can take this network (no negative
 * uncapacitated arc, prices within range); and the cold start by cost
 * scaling and crossover: GF_OK with a tree ready for gf__mcf_repair_basis,
 * 1 = not done (the caller starts the simplex cold), 3 = interrupted,
 * GF_ENOMEM. Needs gf__mcf_prepare first. */
bool gf__mcf_scaling_applies(const gf_mcf *mcf);
int gf__mcf_scale(gf_mcf *mcf);

/* mcf_solve.c: whether GF_MCF_AUTO starts a cold solve of n nodes and m
 * arcs by cost scaling (time_copies: the arcs list a time-expanded
 * network, mcf->shuffled; offered: an arc from a supply node to a demand
 * node can carry half the supply, as the planner's spill arc); the rule's
 * figures are at its definition. */
bool gf__mcf_auto_scaling(int32_t n, int32_t m, bool time_copies, bool offered);

/* mcf_warm.c */
void gf__mcf_repair_basis(gf_mcf *mcf);

/* mcf_price.c: set mcf->in_arc to an eligible arc; false when none is left */
bool gf__mcf_price_block(gf_mcf *mcf);
bool gf__mcf_price_first(gf_mcf *mcf);
bool gf__mcf_price_best(gf_mcf *mcf);
bool gf__mcf_price_list(gf_mcf *mcf);

/* mcf_pivot.c */
bool gf__mcf_find_cycle(gf_mcf *mcf);
void gf__mcf_push_flow(gf_mcf *mcf, bool basis_changes);

/* mcf_tree.c */
void gf__mcf_update_tree(gf_mcf *mcf);
void gf__mcf_update_potential(gf_mcf *mcf);
void gf__mcf_normalize_potentials(gf_mcf *mcf);

/* mcf_check.c: true when every basis invariant holds, else false with a
 * sentence in why. O(n + m): for tests and debugging only. */
bool gf__mcf_check(const gf_mcf *mcf, char *why, size_t size);

#endif
