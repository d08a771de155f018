/* include/grainflow/network.h: the time expansion of a model into a gf_mcf.
 *
 * For a model with N nodes and P periods:
 *   out(n,t)      one node per node and period: departures, storage, supply
 *                 and demand attach here;
 *   in(n,t)       only for a node with a throughput limit: link arrivals land
 *                 here and reach out(n,t) over a throughput arc (cap = limit);
 *                 otherwise in(n,t) = out(n,t);
 *   source, sink  super nodes: supply = total offered tonnes S, -S.
 * Arcs (cents per tonne, whole tonnes):
 *   supply   source -> out(o,t), cap = offer t, cost = price;
 *   link     out(u,t) -> in(v,t+lag), cap = link capacity, cost = link cost +
 *            handling at v; cyclic wraps t+lag mod P, open omits arrivals
 *            after the last period (arc id -1);
 *   through  in(n,t) -> out(n,t), cap = throughput, cost 0;
 *   storage  out(n,t) -> out(n,t+1), cap = storage_t, cost = storage fee
 *            (cyclic: P-1 -> 0; open: none out of the last period);
 *   demand   out(m,t) -> sink, cap = demand t, cost = -alt price;
 *   spill    source -> sink, uncapacitated, cost 0: supply left unbought.
 * Total plan cost = mcf objective + constant_cents, where constant_cents =
 * sum over demand rows of alt price x t: delivering a tonne saves its
 * alternative price, so cost = purchases + transport + handling + storage +
 * sum alt x (demand - delivered), exactly, in int64 cents.
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_NETWORK_H
#define GRAINFLOW_NETWORK_H

#include <stdint.h>

#include "grainflow/error.h"
#include "grainflow/mcf.h"
#include "grainflow/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gf_arc_kind {
    GF_ARC_SUPPLY = 0,
    GF_ARC_LINK,
    GF_ARC_THROUGHPUT,
    GF_ARC_STORAGE,
    GF_ARC_DEMAND,
    GF_ARC_SPILL
} gf_arc_kind;

/* Plain data; every array is owned by the network. */
typedef struct gf_network {
    const gf_model *model; /* borrowed: must outlive the network */
    gf_mcf *mcf;
    int32_t periods;
    int32_t source, sink;
    int32_t *out_node;    /* size nodes*periods: [n*P + t] */
    int32_t *in_node;     /* size nodes*periods */
    uint8_t *arc_kind;    /* size arcs: gf_arc_kind */
    int32_t *arc_ref;     /* size arcs: link, node, supply or demand index */
    int32_t *arc_period;  /* size arcs: period the flow departs (0-based) */
    int32_t *link_arc;    /* size links*periods: [l*P + t], -1 if not allowed */
    int32_t *through_arc; /* size nodes*periods, -1 if unlimited */
    int32_t *storage_arc; /* size nodes*periods, -1 if none */
    int32_t *supply_arc;  /* size supply rows */
    int32_t *demand_arc;  /* size demand rows */
    int32_t spill_arc;
    int64_t constant_cents; /* sum alt x demand */
    int64_t total_supply_t;
    int32_t n_arcs;
} gf_network;

/* Build the network of m (borrowed; must outlive the result). Returns owned
 * (gf_network_destroy) or NULL with *err: GF_EOVERFLOW when a figure or a
 * total does not fit the solver's integer range, GF_ENOMEM, GF_ELIMIT. */
GF_API gf_network *gf_network_build(const gf_model *m, gf_error *err);
GF_API void gf_network_destroy(gf_network *net);

/* Arrival period of a link arc departing at t, or -1 when not allowed. */
GF_API int32_t gf_network_arrival(const gf_model *m, int32_t link, int32_t t);

#ifdef __cplusplus
}
#endif
#endif
