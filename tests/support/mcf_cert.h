/* tests/support/mcf_cert.h: independent proofs of a min-cost-flow answer.
 *
 * mcf_cert_check proves that an OPTIMAL result is optimal from the data the
 * public API reports, without trusting the solver: flows within bounds and
 * conserved at every node, potentials in complementary slackness with the
 * flows (rc[e] = cost[e] + pi[u] - pi[v]), the objective recomputed, and the
 * dual objective of pi equal to it (weak duality then makes both optimal).
 * mcf_cut_check verifies an infeasibility certificate the same way. All sums
 * are 128-bit, so the checkers cannot overflow on data within 2^50.
 * SPDX-License-Identifier: MIT */
#ifndef GF_TESTS_MCF_CERT_H
#define GF_TESTS_MCF_CERT_H

#include <stddef.h>
#include <stdint.h>

#include "grainflow/mcf.h"

/* A network and a claimed optimal solution as plain arrays (all borrowed).
 * lower NULL = all 0; uncap NULL = none uncapacitated (upper is ignored where
 * uncap[e] is nonzero, but the array is required); cost, supply NULL = all 0.
 * flow and pi are required when n_arcs > 0 and n_nodes > 0 respectively. */
typedef struct mcf_cert_input {
    int32_t n_nodes;
    int32_t n_arcs;
    const int32_t *src;
    const int32_t *dst;
    const int64_t *lower;
    const int64_t *upper;
    const uint8_t *uncap;
    const int64_t *cost;
    const int64_t *supply;
    const int64_t *flow;
    const int64_t *pi;
    int64_t total_cost; /* the objective the solver reported */
} mcf_cert_input;

/* 0 when in proves its solution optimal, else nonzero with one sentence in
 * why (naming the first arc or node at fault). why may be NULL. */
int mcf_cert_check_input(const mcf_cert_input *in, char *why, size_t why_size);

/* The same for the network and result of a gf_mcf solve (borrowed): fails
 * unless res->status is GF_MCF_OPTIMAL and the certificate holds. */
int mcf_cert_check(const gf_mcf *mcf, const gf_mcf_result *res, char *why, size_t why_size);

/* 0 when cut proves that mcf's network has no feasible flow: the nodes are
 * valid, increasing ids; supply and capacity match a recount from the arcs;
 * no uncapacitated arc crosses the cut in the direction the cut limits; and
 * supply > capacity (OUT) or -supply > capacity (IN). Else nonzero with a
 * sentence in why. */
int mcf_cut_check(const gf_mcf *mcf, const gf_mcf_cut *cut, char *why, size_t why_size);

#endif
