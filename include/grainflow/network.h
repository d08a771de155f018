/* include/grainflow/network.h: the time expansion of a model into plain arcs.
 *
 * A gf_network is solver-neutral: arcs as a structure of arrays (tail, head,
 * lower, upper, cost) with a supply per node, plus what every arc means (its
 * kind, the model row it stands for and its period). It names no solver
 * type. gf_network_solve hands the arrays to the network simplex (the only
 * adapter today, src/network/network_solve.c) and fills a gf_solution
 * (solution.h); an LP/MIP backend reads the same arrays.
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
 * Total plan cost = solver objective + constant_cents, where constant_cents =
 * sum over demand rows of alt price x t: delivering a tonne saves its
 * alternative price, so cost = purchases + transport + handling + storage +
 * sum alt x (demand - delivered), exactly, in int64 cents.
 * Arrival periods are the model's (gf_model_arrival, model.h).
 *
 * Edits (network_edit.c) change the built network in place so the next
 * solve is warm: a cost, an upper bound or a node supply; close a link or a
 * node in one period or all, or only its transshipment (gf_network_close_transit);
 * open a hub with an option or close it
 * (gf_network_set_hub); set a node's handling fee on its arriving link
 * arcs; re-read a node, a link, a supply or demand row's figures from the
 * (edited) model. Each edit only records which arcs changed; the solver
 * adapter takes those changes before its next solve. gf_network_reset puts
 * every arc back to its built figures. compare, what-ifs and sweeps all edit
 * through these calls: one implementation of "close a node".
 * A network and its solver state are used by one thread at a time; a sweep
 * gives each worker its own network (built once, edited per run).
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_NETWORK_H
#define GRAINFLOW_NETWORK_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "grainflow/error.h"
#include "grainflow/model.h"
#include "grainflow/solution.h"

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

/* The solver's state for one network (opaque; network_solve.c). */
typedef struct gf_network_solver gf_network_solver;

/* Plain data; every array is owned by the network. Read freely; change the
 * figures only through the edit calls below, which keep the change list. */
typedef struct gf_network {
    const gf_model *model; /* borrowed: must outlive the network */
    int32_t periods;
    int32_t n_nodes, n_arcs;
    int32_t cap_arcs; /* allocated size of the arc arrays (>= n_arcs) */
    int32_t source, sink;
    /* the arcs, structure of arrays, size n_arcs */
    int32_t *tail, *head;
    int64_t *lower;    /* 0 today */
    int64_t *upper;    /* GF_UNLIMITED: no capacity */
    int64_t *cost;     /* cents per tonne */
    int64_t *supply;   /* size n_nodes: source S, sink -S, else 0 */
    uint8_t *arc_kind; /* gf_arc_kind */
    int32_t *arc_ref;  /* link, node, supply or demand index; -1 for spill */
    int32_t *arc_period;
    /* where the arcs of each model row are */
    int32_t *out_node;    /* size nodes*periods: [n*P + t] */
    int32_t *in_node;     /* size nodes*periods */
    int32_t *link_arc;    /* size links*periods: [l*P + t], -1 if not allowed */
    int32_t *through_arc; /* size nodes*periods, -1 if unlimited */
    int32_t *storage_arc; /* size nodes*periods, -1 if none */
    int32_t *supply_arc;  /* size supply rows */
    int32_t *demand_arc;  /* size demand rows */
    int32_t spill_arc;
    int64_t constant_cents; /* sum alt x demand */
    int64_t total_supply_t;
    /* edits since the solver last read the network */
    int32_t *changed;    /* arcs whose figures changed, n_changed of them */
    uint8_t *is_changed; /* size n_arcs: 1 when listed in changed */
    int32_t n_changed;
    bool supply_changed; /* some node's supply changed */
    int32_t *edited;     /* arcs whose figures may differ from the built ones */
    uint8_t *is_edited;  /* size n_arcs: 1 when listed in edited */
    int32_t n_edited;
    bool totals_stale;    /* supply or demand rows synced: recompute the totals */
    int64_t *built_upper; /* size n_arcs: the figures as built */
    int64_t *built_cost;
    int64_t built_supply_t, built_constant_cents;
    gf_network_solver *solver;              /* NULL until the first gf_network_solve */
    const volatile sig_atomic_t *interrupt; /* gf_network_set_interrupt; NULL: none */
} gf_network;

/* Build the network of m (borrowed; must outlive the result). Returns owned
 * (gf_network_destroy) or NULL with *err: GF_EOVERFLOW when a figure or a
 * total does not fit the solver's integer range, GF_ENOMEM, GF_ELIMIT. */
GF_API gf_network *gf_network_build(const gf_model *m, gf_error *err);
GF_API void gf_network_destroy(gf_network *net);

/* Solve net (borrowed), warm from the previous basis when there is one, and
 * fill *sol (arrays allocated on first use, reused afterwards; release with
 * gf_solution_fini). GF_OK with sol->status set, or GF_ENOMEM, GF_EOVERFLOW. */
GF_API int gf_network_solve(gf_network *net, gf_solution *sol, gf_error *err);

/* Let later solves of net stop early when *flag (borrowed; NULL: never) is
 * nonzero: the solver reads it with an atomic load every 1024 pivots, and the
 * solve ends with sol->status GF_SOLVE_INTERRUPTED. Another thread may set
 * it (with an atomic store) while a solve runs. */
GF_API void gf_network_set_interrupt(gf_network *net, const volatile sig_atomic_t *flag);

/* A copy of the solver's basis after a solve (network_solve.c), to start a
 * later solve of the same network from it instead of from the last basis:
 * a sweep keeps a few and starts each run from the one of the nearest
 * inputs (src/sweep/sweep_run.c). save: GF_ESTATE before the first solve
 * or after one that left no basis; *basis (NULL at first) is allocated or
 * reused. load: the next gf_network_solve starts from the copy, with the
 * figures as edited then; GF_ESTATE when the copy is of another network.
 * The copy is owned by the caller (gf_network_basis_destroy, NULL-safe). */
typedef struct gf_network_basis gf_network_basis;
GF_API int gf_network_basis_save(const gf_network *net, gf_network_basis **basis, gf_error *err);
GF_API int gf_network_basis_load(gf_network *net, const gf_network_basis *basis, gf_error *err);
GF_API void gf_network_basis_destroy(gf_network_basis *basis);

/* ---- edits (network_edit.c); each leaves net unchanged on failure ---- */

/* One arc's cost (|cost| <= GF_MODEL_MAX_VALUE) or upper bound (>= 0, or
 * GF_UNLIMITED); GF_EINVAL for a bad arc or value. */
GF_API int gf_network_set_cost(gf_network *net, int32_t arc, int64_t cents_per_t, gf_error *err);
GF_API int gf_network_set_upper(gf_network *net, int32_t arc, int64_t upper_t, gf_error *err);
/* Many costs at once: arc arcs[i] costs cents_per_t[i], for i < n (both
 * borrowed). All or nothing: every entry is checked first (GF_EINVAL for a
 * bad arc, GF_EOVERFLOW for |cost| > GF_MODEL_MAX_VALUE, naming entry i),
 * then written in one pass; an arc that costs that already is no edit. A
 * sweep writes ~28,000 costs a run through it (sweep_run.c). */
GF_API int gf_network_set_costs(gf_network *net, int32_t n, const int32_t *arcs,
                                const int64_t *cents_per_t, gf_error *err);
/* A network node's supply (> 0) or demand (< 0), |b| <= 2^50; the supplies
 * must still add up to 0 when the network is solved. */
GF_API int gf_network_set_supply(gf_network *net, int32_t node, int64_t b, gf_error *err);
/* No flow on arc (upper 0); arc -1 (an arc the model does not allow) is a no-op. */
GF_API int gf_network_close_arc(gf_network *net, int32_t arc, gf_error *err);
/* No departures on link in period t (0-based), or in every period for t -1. */
GF_API int gf_network_close_link(gf_network *net, int32_t link, int32_t t, gf_error *err);
/* No arrivals, departures, storage in or out, throughput, supply or
 * deliveries at node in period t (0-based; -1 = every period). Spill and
 * unmet demand keep the network feasible. */
GF_API int gf_network_close_node(gf_network *net, int32_t node, int32_t t, gf_error *err);
/* Open the hub facility node with its option (a model hub option index,
 * model.h: its throughput and storage bound the node in every period), or
 * close it (option -1: no tonne enters, is stored at or leaves it, as
 * gf_network_close_node(net, node, -1) would). Only the node's throughput
 * and storage arcs change, which every hub node has (gf_network_build), so
 * one network serves every combination of choices; the hub's fixed cost is
 * not in the network: add gf_model_hub_fixed_cents to the total. GF_EINVAL
 * when node is not a hub or option is not one of its options. */
GF_API int gf_network_set_hub(gf_network *net, int32_t node, int32_t option, gf_error *err);
/* A node's transshipment: the tonnes that arrive over links and leave over
 * links again. At a node with no supply rows every departure is one, at a
 * node with supply but no demand rows every arrival is one; *departs says
 * which side of its link arcs carries it (true: the departing arcs).
 * GF_EINVAL for a node with both supply and demand rows, whose own tonnes
 * the network cannot tell from the transshipped ones. */
GF_API int gf_network_transit_side(const gf_network *net, int32_t node, bool *departs,
                                   gf_error *err);
/* Transit-only closure: no transshipment at node in any period (that side's
 * link arcs closed, above); its own supply, demand and storage stay open,
 * so a port still imports for its own market. Errors as above. */
GF_API int gf_network_close_transit(gf_network *net, int32_t node, gf_error *err);
/* Cost of every link arc arriving at node = link cost + cents_per_t. */
GF_API int gf_network_set_handling(gf_network *net, int32_t node, int64_t cents_per_t,
                                   gf_error *err);
/* Re-read figures from the model after it was edited (gf_model_set_*):
 * a node's handling, throughput, storage and storage fee; a link's cost and
 * capacity; a supply row's tonnes and price (and the total supply); a demand
 * row's tonnes and alternative price (and constant_cents). GF_ESTATE when the
 * edit needs arcs the network does not have (a throughput limit or storage
 * on a node built without one): rebuild the network then. */
GF_API int gf_network_sync_node(gf_network *net, int32_t node, gf_error *err);
GF_API int gf_network_sync_link(gf_network *net, int32_t link, gf_error *err);
GF_API int gf_network_sync_supply(gf_network *net, int32_t row, gf_error *err);
GF_API int gf_network_sync_demand(gf_network *net, int32_t row, gf_error *err);
/* Every arc back to its built upper bound and cost, the total supply and
 * constant_cents too; the basis is kept, so the next solve is warm. */
GF_API int gf_network_reset(gf_network *net, gf_error *err);
/* True when arc touches a copy of node (its tail or head is out(node,t) or
 * in(node,t) for some t). */
GF_API bool gf_network_arc_touches(const gf_network *net, int32_t arc, int32_t node);

#ifdef __cplusplus
}
#endif
#endif
