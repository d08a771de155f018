/* include/grainflow/model.h: the corridor model (products, a horizon of periods).
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
 *
 * Scenario format version 2 (issue 8) and period overrides (issue 9) add, all
 * optional, each defaulting to what version 1 means when left zero:
 * - products: supply, demand and conversion rows name a product index; a
 *   link may carry a subset (products_mask, 0 = all). Capacity, throughput
 *   and storage are shared by all products; fees apply per tonne of any.
 * - a link with vessel_t > 0 moves the tonnes departing in a period (all
 *   products) in a whole number n of departures, tonnes <= n x vessel_t,
 *   each costing departure_cents; cost_cents_per_t stays the per-tonne part.
 *   subsidy_cents_per_t is paid by a state per tonne carried: the plan
 *   minimises cost - subsidy and reports the subsidy apart.
 * - conversions: tonnes of from_product at node in period t become
 *   yield x as many tonnes of to_product there in the same period, at
 *   cost_cents_per_t per tonne in, up to capacity_t tonnes in per period;
 *   converted tonnes pay no handling and do not count towards throughput.
 * - hub options: a node with options is a hub facility, open only when one
 *   of its options is chosen (at most one); closed, nothing enters or leaves
 *   it; open, the option's throughput and storage replace the node's and its
 *   fixed cost for the horizon, fixed_cents_per_year x periods x period_days
 *   / 365 rounded half away from zero (gf_model_hub_fixed_cents), is paid.
 *   min_hubs..max_hubs bound the number of open hub nodes.
 * - demand rows with has_alt_from: the alternative price is alt_fob plus the
 *   cheapest path from alt_from to the market over links that may carry the
 *   row's product and through no hub facility node (link cost + departure /
 *   vessel_t rounded to the cent half away from zero, no subsidy, plus the
 *   handling of every node entered, the market's included; capacities
 *   ignored); gf_model_finish computes it into alt_cents_per_t, and
 *   gf_model_refresh_alt recomputes it after a cost edit.
 * - period overrides replace a link's capacity or a node's throughput in one
 *   period (0 closes it then).
 * gf_model_version says 2 when any version-2 figure is present (several
 * products, a products mask, vessels, subsidies, conversions, hubs, alt_from)
 * and 1 otherwise; period overrides keep a model at version 1, so the
 * network simplex still plans it.
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
/* Room for a link's vessel class name, with its terminating NUL. */
#define GF_VESSEL_CLASS_SIZE 32
/* Largest number of products (a link's products_mask has one bit each). */
#define GF_MODEL_MAX_PRODUCTS 64
/* Room for a hub option's name, with its terminating NUL. */
#define GF_HUB_OPTION_SIZE 32
/* Largest number of options of one hub node, and of hub nodes. */
#define GF_MODEL_MAX_HUB_OPTIONS 16
#define GF_MODEL_MAX_HUBS        64

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
    /* Informational, for sea and river legs: the vessel class that sails it
     * ("panamax"; "" if not given) and the cargo one such vessel carries
     * (0 if not given). They do not constrain the plan: flows are not yet
     * lots (issue 8); the summary flags flows below one cargo. */
    char vessel_class[GF_VESSEL_CLASS_SIZE];
    int64_t class_cargo_t;
    /* version 2; zero means the version-1 meaning */
    uint64_t products_mask;      /* bit p: may carry product p; 0 = every product */
    int64_t vessel_t;            /* tonnes per departure; 0 = no departures */
    int64_t departure_cents;     /* per departure, when vessel_t > 0 */
    int64_t subsidy_cents_per_t; /* >= 0, paid per tonne carried */
} gf_link;

/* A supply offer: up to t tonnes at node in period at price. */
typedef struct gf_supply {
    int32_t node;
    int32_t period; /* 0-based */
    int64_t t;
    int64_t price_cents_per_t;
    long line;
    int32_t product; /* product index; 0 = the first (the only one in version 1) */
} gf_supply;

/* A demand: up to t tonnes at node in period; alternative price per tonne. */
typedef struct gf_demand {
    int32_t node;
    int32_t period; /* 0-based */
    int64_t t;
    int64_t alt_cents_per_t; /* given, or computed from alt_from by gf_model_finish */
    long line;
    int32_t product;   /* product index */
    bool has_alt_from; /* alternative price = alt_fob + cheapest path from alt_from */
    int32_t alt_from;  /* node index, when has_alt_from */
    int64_t alt_fob_cents_per_t;
} gf_demand;

/* Tonnes of from_product at node become yield x as many of to_product. */
typedef struct gf_conversion {
    int32_t node;
    int32_t from_product, to_product;
    double yield;             /* > 0, finite: tonnes out per tonne in */
    int64_t cost_cents_per_t; /* per tonne in */
    int64_t capacity_t;       /* tonnes in per period; GF_UNLIMITED */
    long line;
} gf_conversion;

/* One sized option of a hub facility node. */
typedef struct gf_hub_option {
    int32_t node;
    char option[GF_HUB_OPTION_SIZE];
    int64_t fixed_cents_per_year;
    int64_t throughput_t; /* per period; required (not GF_UNLIMITED) */
    int64_t storage_t;
    long line;
} gf_hub_option;

/* A link's capacity or a node's throughput in one period (0-based). */
typedef struct gf_period_override {
    int32_t ref; /* link index (both_ways: each direction is its own link) or node index */
    int32_t period;
    int64_t t; /* capacity or throughput in that period; 0 closes it */
    long line;
} gf_period_override;

/* An empty model: 1 period of 7 days, cyclic. Owned; NULL with *err on ENOMEM. */
GF_API gf_model *gf_model_create(gf_error *err);
GF_API void gf_model_destroy(gf_model *m);

/* Horizon. GF_EINVAL for periods outside 1..GF_MODEL_MAX_PERIODS, period_days
 * not finite or <= 0. Set before adding supply or demand rows. */
GF_API int gf_model_set_horizon(gf_model *m, int32_t periods, double period_days, gf_horizon h,
                                gf_error *err);
/* Calendar month (1-12) in which period 1 starts; default 1 (January). It
 * labels periods in outputs only. GF_EINVAL outside 1..12. */
GF_API int gf_model_set_start_month(gf_model *m, int month, gf_error *err);
GF_API int gf_model_start_month(const gf_model *m);
/* Name (copied). */
GF_API int gf_model_set_name(gf_model *m, const char *name, gf_error *err);
GF_API int gf_model_set_product(gf_model *m, const char *product, gf_error *err);

/* Append a node (strings copied). GF_EINVAL on a duplicate or empty id, lat/lon
 * out of range, negative or too large values. *index gets its index. */
GF_API int gf_model_add_node(gf_model *m, const gf_node *node, int32_t *index, gf_error *err);
/* Append a link between existing nodes; both_ways also appends the reverse. */
GF_API int gf_model_add_link(gf_model *m, const gf_link *link, bool both_ways, gf_error *err);
/* Append a supply offer / demand row; period -1 = one row for every period.
 * Rows with the same node, period, product and price are merged (tonnes add
 * up); a demand row with has_alt_from keys on (alt_from, alt_fob) instead of
 * its price, so it never merges with a row of a given price. The product
 * index must be below GF_MODEL_MAX_PRODUCTS here and below
 * gf_model_product_count by gf_model_finish (products may come later). */
GF_API int gf_model_add_supply(gf_model *m, const gf_supply *s, gf_error *err);
GF_API int gf_model_add_demand(gf_model *m, const gf_demand *d, gf_error *err);
/* Check the whole model and compute lags and alt_from prices. GF_EINVAL
 * naming the file and line of the row (supply.csv, demand.csv, links.csv,
 * conversions.csv, hubs.csv, link_periods.csv, node_periods.csv: the files a
 * row's line refers to) for: a supply or demand row at a hub facility node,
 * a product index past the products (rows, link masks, conversions),
 * min_hubs above the hub nodes, a hub's fixed cost over 2^50 cents, an
 * override out of range, an alt_from row whose market no path reaches.
 * Open horizon links whose lag passes the end are kept and never usable.
 * Call once, after the last add. */
GF_API int gf_model_finish(gf_model *m, gf_error *err);

/* ---- version 2 and period overrides (see the top of this file) ---- */

/* Append a product (strings copied; name may be NULL = id). GF_EINVAL on an
 * empty or duplicate id, GF_ELIMIT past GF_MODEL_MAX_PRODUCTS. A model with
 * no product added has one, named by gf_model_set_product (or ""). */
GF_API int gf_model_add_product(gf_model *m, const char *id, const char *name, int32_t *index,
                                gf_error *err);
GF_API int32_t gf_model_product_count(const gf_model *m); /* >= 1 */
GF_API const char *gf_model_product_id(const gf_model *m, int32_t p);
GF_API const char *gf_model_product_name(const gf_model *m, int32_t p);
GF_API int32_t gf_model_find_product(const gf_model *m, const char *id); /* -1 if none */
/* True when link l may carry product p. */
GF_API bool gf_model_link_carries(const gf_model *m, int32_t link, int32_t product);
/* What a tonne pays to go over link: cost_cents_per_t - subsidy_cents_per_t
 * + the handling fee at its head (>= 0: gf_model_add_link keeps the subsidy
 * within the cost). The network's arc cost, and every route's leg. */
GF_API int64_t gf_model_link_cents_per_t(const gf_model *m, int32_t link);
/* A link's departure cost per tonne of a full vessel, departure_cents /
 * vessel_t to the cent, half away from zero; 0 without vessel_t. */
GF_API int64_t gf_model_departure_share(const gf_link *l);

GF_API int gf_model_add_conversion(gf_model *m, const gf_conversion *c, gf_error *err);
GF_API int32_t gf_model_conversion_count(const gf_model *m);
GF_API const gf_conversion *gf_model_conversion(const gf_model *m, int32_t i);

/* Hub options: GF_EINVAL on a duplicate (node, option), a node with supply or
 * demand rows (checked by gf_model_finish, naming the row), too many options. */
GF_API int gf_model_add_hub_option(gf_model *m, const gf_hub_option *o, gf_error *err);
GF_API int32_t gf_model_hub_option_count(const gf_model *m);
GF_API const gf_hub_option *gf_model_hub_option(const gf_model *m, int32_t i);
/* True when node has hub options (is a hub facility). */
GF_API bool gf_model_is_hub(const gf_model *m, int32_t node);
/* Number of hub facility nodes (nodes with at least one option). */
GF_API int32_t gf_model_hub_count(const gf_model *m);
/* The option's fixed cost over the horizon, to the cent, half away from zero. */
GF_API int64_t gf_model_hub_fixed_cents(const gf_model *m, int32_t option);
/* Bounds on the number of open hub nodes; default 0 .. number of hub nodes
 * (max_hubs -1 keeps that default). GF_EINVAL outside 0..GF_MODEL_MAX_HUBS or
 * max below min; min above the hub nodes is refused by gf_model_finish. */
GF_API int gf_model_set_hub_bounds(gf_model *m, int32_t min_hubs, int32_t max_hubs, gf_error *err);
GF_API int32_t gf_model_min_hubs(const gf_model *m);
GF_API int32_t gf_model_max_hubs(const gf_model *m);

/* Period overrides; a later row for the same link (node) and period replaces
 * the earlier. */
GF_API int gf_model_add_link_period(gf_model *m, const gf_period_override *o, gf_error *err);
GF_API int gf_model_add_node_period(gf_model *m, const gf_period_override *o, gf_error *err);
/* A link's capacity (a node's throughput) in period t, overrides applied. */
GF_API int64_t gf_model_link_capacity_at(const gf_model *m, int32_t link, int32_t t);
GF_API int64_t gf_model_node_throughput_at(const gf_model *m, int32_t node, int32_t t);
/* True when some node_periods override names node (it then needs its
 * throughput arc in every period, even with a constant figure unlimited). */
GF_API bool gf_model_node_has_override(const gf_model *m, int32_t node);
GF_API int32_t gf_model_link_period_count(const gf_model *m);
GF_API int32_t gf_model_node_period_count(const gf_model *m);
GF_API const gf_period_override *gf_model_link_period(const gf_model *m, int32_t i);
GF_API const gf_period_override *gf_model_node_period(const gf_model *m, int32_t i);

/* 1 or 2: see the top of this file. */
GF_API int gf_model_version(const gf_model *m);
/* Recompute every alt_from demand row's alternative price from the model's
 * current link costs and handling fees (after gf_model_set_link_cost and
 * friends); gf_model_finish calls it. GF_EINVAL naming the row when no path
 * reaches its market. */
GF_API int gf_model_refresh_alt(gf_model *m, gf_error *err);

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
/* Version-2 setters, validated likewise: the FOB price of a demand row with
 * alt_from (GF_EINVAL for a row without; call gf_model_refresh_alt after,
 * so its alternative price follows), and a hub option's fixed cost per year
 * (gf_model_hub_fixed_cents reads it). */
GF_API int gf_model_set_alt_fob(gf_model *m, int32_t row, int64_t cents_per_t, gf_error *err);
GF_API int gf_model_set_hub_fixed(gf_model *m, int32_t option, int64_t cents_per_year,
                                  gf_error *err);

/* The period (0-based) in which flow leaving over link in period t arrives:
 * t + lag, wrapped on a cyclic horizon, -1 past the end of an open one. */
GF_API int32_t gf_model_arrival(const gf_model *m, int32_t link, int32_t t);

/* Its inverse: the departure period (0-based) of flow over link arriving in
 * period t; -1 when none does (before period 0 of an open horizon). */
GF_API int32_t gf_model_departure(const gf_model *m, int32_t link, int32_t t);

/* Names of enum values ("origin", "rail", ...); parse back: -1 if unknown. */
GF_API const char *gf_node_kind_name(gf_node_kind k);
GF_API const char *gf_mode_name(gf_mode mode);
GF_API int gf_node_kind_parse(const char *s);
GF_API int gf_mode_parse(const char *s);

#ifdef __cplusplus
}
#endif
#endif
