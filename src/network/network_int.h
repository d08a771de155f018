/* src/network/network_int.h: private declarations shared by the network files.
 * SPDX-License-Identifier: MIT */
#ifndef GF_NETWORK_INT_H
#define GF_NETWORK_INT_H

#include "grainflow/network.h"

/* Free the solver state of a network (network_solve.c); NULL-safe. */
void gf__network_solver_destroy(gf_network_solver *s);

/* Record that arc e's figures changed (network_edit.c). */
void gf__network_mark(gf_network *net, int32_t e);

/* Recompute the total supply and constant_cents from the model when rows
 * were synced since (network_edit.c); called before each solve. */
int gf__network_refresh_totals(gf_network *net, gf_error *err);

#endif
