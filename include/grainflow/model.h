/* include/grainflow/model.h: the corridor model (one product, a horizon of periods).
 *
 * A gf_model holds nodes, directed links, supply offers and demand rows, all in
 * integer units: tonnes (int64_t, whole tonnes) and US cents per tonne. It is
 * built by gf_scenario_read_csv (scenario.h) or row by row with gf_model_add_*,
 * which validate every value they are given; gf_model_finish then checks the
 * whole model (link ends exist, periods in range) and computes the link lags.
 *
 * Meaning (scenario format version 1):
 * - a link's lag is ceil(transit_days / period_days) periods (0 for 0 days);
 *   flow leaving `from` in period t arrives at `to` in period t + lag; a cyclic
 *   horizon wraps (period P+1 is period 1), an open one forbids late arrivals;
 * - link capacity bounds the tonnes departing in each period;
 * - every tonne arriving at a node over a link pays its handling fee, and the
 *   tonnes so arriving in one period are bounded by its throughput;
 * - a node with storage_t > 0 carries up to that many tonnes from each period to
 *   the next at its storage fee (cyclic: last into first; open: none out of the
 *   last period);
 * - supply rows are offers (up to t tonnes at a price; unbought costs nothing);
 *   demand rows want up to t tonnes, each undelivered tonne costing the
 *   alternative price. Rows for the same node, period and price add up.
 * Periods are 0-based in this API and 1-based in files and outputs.
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_MODEL_H
#define GRAINFLOW_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "grainflow/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* "No limit" for a capacity, a throughput. */
#define GF_UNLIMITED ((int64_t)-1)
/* Largest tonnage or cents-per-tonne value a model accepts (the solver's 2^50). */
#define GF_MODEL_MAX_VALUE ((int64_t)1 << 50)
/* Largest number of periods. */
#define GF_MODEL_MAX_PERIODS 10000

typedef struct gf_model gf_model;

typedef enum gf_node_kind {
    GF_NODE_ORIGIN = 0,
    GF_NODE_JUNCTION,
    GF_NODE_BORDER,
    GF_NODE_PORT,
    GF_NODE_HUB,
    GF_NODE_MARKET
} gf_node_kind;

typedef enum gf_mode {
    GF_MODE_RAIL = 0,
    GF_MODE_ROAD,
    GF_MODE_SEA,
    GF_MODE_FERRY,
    GF_MODE_RIVER
} gf_mode;

typedef enum gf_horizon {
    GF_HORIZON_CYCLIC = 0,
    GF_HORIZON_OPEN
} gf_horizon;

typedef struct gf_node {
    const char *id; /* owned by the model */
    const char *name;
    const char *country;
    gf_node_kind kind;
    double lat, lon;
    int64_t handling_cents_per_t;
    int64_t throughput_t; /* per period; GF_UNLIMITED */
    int64_t storage_t;    /* 0 = cannot store */
    int64_t storage_cents_per_t;
    long line; /* source line, 0 if none */
} gf_node;

typedef struct gf_link {
    int32_t from, to; /* node indices */
    gf_mode mode;
    double distance_km;
    int64_t cost_cents_per_t;
    double transit_days;
    int64_t capacity_t; /* per period; GF_UNLIMITED */
    double co2_kg_per_tkm;
    int32_t lag;  /* periods; set by gf_model_finish */
    bool reverse; /* added by both_ways = yes */
    long line;
} gf_link;

/* A supply offer: up to t tonnes at node in period at price. */
typedef struct gf_supply {
    int32_t node;
    int32_t period; /* 0-based */
    int64_t t;
    int64_t price_cents_per_t;
    long line;
} gf_supply;

/* A demand: up to t tonnes at node in period; alternative price per tonne. */
typedef struct gf_demand {
    int32_t node;
    int32_t period; /* 0-based */
    int64_t t;
    int64_t alt_cents_per_t;
    long line;
} gf_demand;

/* An empty model: 1 period of 7 days, cyclic. Owned; NULL with *err on ENOMEM. */
GF_API gf_model *gf_model_create(gf_error *err);
GF_API void gf_model_destroy(gf_model *m);

/* Horizon. GF_EINVAL for periods outside 1..GF_MODEL_MAX_PERIODS, period_days
 * not finite or <= 0. Set before adding supply or demand rows. */
GF_API int gf_model_set_horizon(gf_model *m, int32_t periods, double period_days, gf_horizon h,
                                gf_error *err);
/* Name (copied). */
GF_API int gf_model_set_name(gf_model *m, const char *name, gf_error *err);
GF_API int gf_model_set_product(gf_model *m, const char *product, gf_error *err);

/* Append a node (strings copied). GF_EINVAL on a duplicate or empty id, lat/lon
 * out of range, negative or too large values. *index gets its index. */
GF_API int gf_model_add_node(gf_model *m, const gf_node *node, int32_t *index, gf_error *err);
/* Append a link between existing nodes; both_ways also appends the reverse. */
GF_API int gf_model_add_link(gf_model *m, const gf_link *link, bool both_ways, gf_error *err);
/* Append a supply offer / demand row; period -1 = one row for every period.
 * Rows with the same node, period and price are merged (tonnes add up). */
GF_API int gf_model_add_supply(gf_model *m, const gf_supply *s, gf_error *err);
GF_API int gf_model_add_demand(gf_model *m, const gf_demand *d, gf_error *err);
/* Compute lags; GF_EINVAL when a lag does not fit the horizon (open horizon
 * links are kept and simply never usable). Call once, after the last add. */
GF_API int gf_model_finish(gf_model *m, gf_error *err);

/* Index of the node with this id, or -1. */
GF_API int32_t gf_model_find_node(const gf_model *m, const char *id);

GF_API const char *gf_model_name(const gf_model *m);
GF_API const char *gf_model_product(const gf_model *m); /* "" if none named */
GF_API int32_t gf_model_periods(const gf_model *m);
GF_API double gf_model_period_days(const gf_model *m);
GF_API gf_horizon gf_model_horizon(const gf_model *m);
GF_API int32_t gf_model_node_count(const gf_model *m);
GF_API int32_t gf_model_link_count(const gf_model *m);
GF_API int32_t gf_model_supply_count(const gf_model *m);
GF_API int32_t gf_model_demand_count(const gf_model *m);
/* Borrowed pointers into the model, valid until the next add. */
GF_API const gf_node *gf_model_node(const gf_model *m, int32_t i);
GF_API const gf_link *gf_model_link(const gf_model *m, int32_t i);
GF_API const gf_supply *gf_model_supply(const gf_model *m, int32_t i);
GF_API const gf_demand *gf_model_demand(const gf_model *m, int32_t i);

/* Reachability over the links, ignoring time, capacity and cost: from_supply[n]
 * = 1 when grain offered somewhere can reach node n (or is offered there);
 * to_demand[n] = 1 when grain at n can reach some demand. Both arrays are
 * caller-owned, one byte per node. GF_ENOMEM, GF_EINVAL. */
GF_API int gf_model_reach(const gf_model *m, uint8_t *from_supply, uint8_t *to_demand,
                          gf_error *err);

/* Mutators for what-if runs (compare): set a node's handling fee. */
GF_API int gf_model_set_handling(gf_model *m, int32_t node, int64_t cents_per_t, gf_error *err);
/* Figure setters for what-if edits (edit.h), validated as the adds are
 * (GF_EINVAL naming the column; m unchanged on failure). A built network
 * takes the new figures with gf_network_sync_* (network.h). */
GF_API int gf_model_set_node_figures(gf_model *m, int32_t node, int64_t handling_cents_per_t,
                                     int64_t throughput_t, int64_t storage_t,
                                     int64_t storage_cents_per_t, gf_error *err);
GF_API int gf_model_set_link_cost(gf_model *m, int32_t link, int64_t cents_per_t, gf_error *err);
GF_API int gf_model_set_supply_t(gf_model *m, int32_t row, int64_t t, gf_error *err);
GF_API int gf_model_set_demand_t(gf_model *m, int32_t row, int64_t t, gf_error *err);

/* The period (0-based) in which flow leaving over link in period t arrives:
 * t + lag, wrapped on a cyclic horizon, -1 past the end of an open one. */
GF_API int32_t gf_model_arrival(const gf_model *m, int32_t link, int32_t t);

/* Names of enum values ("origin", "rail", ...); parse back: -1 if unknown. */
GF_API const char *gf_node_kind_name(gf_node_kind k);
GF_API const char *gf_mode_name(gf_mode mode);
GF_API int gf_node_kind_parse(const char *s);
GF_API int gf_mode_parse(const char *s);

#ifdef __cplusplus
}
#endif
#endif
