/* tests/support/randnet.h: seeded random min-cost-flow networks for tests.
 *
 * A small PRNG of our own (splitmix64) makes every network a function of its
 * seed and knobs alone, identical on every platform and compiler. Knobs set
 * the size, cost and capacity ranges (negative costs allowed), the share of
 * uncapacitated arcs, of arcs with a nonzero (possibly negative) lower bound,
 * of self-loops and of parallel arcs, and whether the supplies come from a
 * flow that exists (feasible by construction) or are drawn at random
 * (possibly infeasible, possibly not summing to zero).
 * SPDX-License-Identifier: MIT */
#ifndef GF_TESTS_RANDNET_H
#define GF_TESTS_RANDNET_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "grainflow/mcf.h"

/* The PRNG: state is any 64-bit value; the same seed gives the same stream. */
typedef struct randnet_rng {
    uint64_t state;
} randnet_rng;

uint64_t randnet_next(randnet_rng *r);
/* Uniform in [lo, hi] (inclusive; lo <= hi), without modulo bias. */
int64_t randnet_range(randnet_rng *r, int64_t lo, int64_t hi);
/* true with probability permille / 1000. */
bool randnet_chance(randnet_rng *r, int permille);

typedef struct randnet_opts {
    uint64_t seed;
    int32_t n_nodes;            /* >= 0 */
    int32_t n_arcs;             /* >= 0; no arcs are made when n_nodes is 0 */
    int64_t cost_min, cost_max; /* cost range, inclusive */
    int64_t cap_min, cap_max;   /* range of upper - lower, inclusive, >= 0 */
    int64_t lower_max;          /* nonzero lower bounds are drawn in [-lower_max, lower_max] */
    int uncap_permille;         /* share of uncapacitated arcs */
    int lower_permille;         /* share of arcs with a lower bound drawn as above */
    int self_loop_permille;     /* share of self-loops */
    int parallel_permille;      /* share of arcs that repeat an earlier arc's ends */
    bool uncap_cost_nonneg;     /* uncapacitated arcs get costs >= 0 (no unboundedness) */
    bool feasible;              /* supplies from a random flow within the bounds */
    int64_t supply_max;         /* when !feasible: supplies drawn in [-supply_max, supply_max] */
    bool balanced;              /* when !feasible: the last node makes the sum 0 */
} randnet_opts;

/* A network as plain arrays (malloc'ed; randnet_fini frees). */
typedef struct randnet {
    int32_t n_nodes;
    int32_t n_arcs;
    int64_t *supply; /* size n_nodes (at least 1) */
    int32_t *src;    /* size n_arcs (at least 1) */
    int32_t *dst;
    int64_t *lower;
    int64_t *upper; /* meaningful only where !uncap */
    int64_t *cost;
    uint8_t *uncap;
} randnet;

/* Knobs for a small mixed network: costs in [-20, 50], capacities in
 * [0, 30], a few uncapacitated arcs (nonnegative cost), lower bounds,
 * self-loops and parallel arcs, feasible by construction. */
randnet_opts randnet_opts_default(uint64_t seed, int32_t n_nodes, int32_t n_arcs);

/* Fill *net from *o. Returns 0, or -1 when out of memory or the knobs are
 * invalid (then *net is empty). */
int randnet_generate(randnet *net, const randnet_opts *o);
void randnet_fini(randnet *net);

/* A deep copy of src into *dst. 0 or -1 (out of memory). */
int randnet_copy(randnet *dst, const randnet *src);

/* The network as a gf_mcf via gf_mcf_create_arcs (owned; NULL on error). */
gf_mcf *randnet_to_mcf(const randnet *net, gf_error *err);
/* The same network built arc by arc with gf_mcf_add_arc. */
gf_mcf *randnet_to_mcf_by_add(const randnet *net, gf_error *err);
/* The same network with its arcs in the order perm[0], perm[1], ... (arc i
 * of the result is arc perm[i] of net). */
gf_mcf *randnet_to_mcf_permuted(const randnet *net, const int32_t *perm, gf_error *err);

/* Whether the uncapacitated arcs of net hold a cycle of negative cost (the
 * solver's UNBOUNDED); Bellman-Ford from a virtual source joined to all. */
bool randnet_has_negative_uncap_cycle(const randnet *net);

/* Write net in DIMACS "p min" form (1-based ids) to f, for reproducers. An
 * uncapacitated arc is preceded by a "c uncapacitated" comment and written
 * with capacity GF_MCF_MAX_VALUE. */
void randnet_write_dimacs(const randnet *net, FILE *f);

#endif
