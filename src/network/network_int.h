/* src/network/network_int.h: private declarations shared by the network files.
 * SPDX-License-Identifier: MIT */
#ifndef GF_NETWORK_INT_H
#define GF_NETWORK_INT_H

#include "grainflow/network.h"

/* Free the solver state of a network (network_solve.c); NULL-safe. */
void gf__network_solver_destroy(gf_network_solver *s);

/* gf_network_close_node in each of periods[0..n) (0-based; n 0: every
 * period), in one pass over the links and rows instead of one a period
 * (a close_node edit lists its periods: edit.c). */
int gf__network_close_node_periods(gf_network *net, int32_t node, const int32_t *periods, int32_t n,
                                   gf_error *err);

/* Record that arc e's figures changed (network_edit.c). */
void gf__network_mark(gf_network *net, int32_t e);

/* Recompute the total supply and constant_cents from the model when rows
 * were synced since (network_edit.c); called before each solve. */
int gf__network_refresh_totals(gf_network *net, gf_error *err);

#endif
