/* src/model/model_int.h: the model's private layout, shared by the src/model/ files.
 *
 * model.c owns nodes, links, rows and their lookup tables; model_v2.c the
 * version-2 tables (products, conversions, hub options) and the period
 * overrides; model_alt.c the alt_from prices. A row_index finds a row (or an
 * override) by its key in O(1): keys[row] for every row, slot[] an
 * open-addressing table of row numbers (-1 empty), load <= 1/2.
 * SPDX-License-Identifier: MIT */
#ifndef GF_MODEL_INT_H
#define GF_MODEL_INT_H

#include "grainflow/model.h"

/* What makes two rows one: supply and demand rows merge on node, period,
 * product, price and (demand) alt_from (-1 none; price is then alt_fob);
 * period overrides use node = the link or node index and the rest 0 / -1. */
typedef struct gf__row_key {
    int32_t node, period, product, alt_from;
    int64_t price;
} gf__row_key;

typedef struct gf__row_index {
    gf__row_key *keys; /* size cap */
    int32_t cap;
    int32_t *slot; /* size size */
    int32_t size;
} gf__row_index;

typedef struct gf__product {
    char *id, *name;
} gf__product;

struct gf_model {
    char *name;
    char *product;
    int32_t periods;
    double period_days;
    gf_horizon horizon;
    int start_month; /* 1-12, labels only */
    gf_node *nodes;
    int32_t n_nodes, cap_nodes;
    gf_link *links;
    int32_t n_links, cap_links;
    gf_supply *supply;
    int32_t n_supply, cap_supply;
    gf_demand *demand;
    int32_t n_demand, cap_demand;
    int32_t *hash; /* size hash_size, -1 = empty */
    int32_t hash_size;
    gf__row_index supply_ix, demand_ix;
    bool finished;
    /* version 2 (model_v2.c) */
    gf__product *products;
    int32_t n_products, cap_products;
    gf_conversion *conv;
    int32_t n_conv, cap_conv;
    gf_hub_option *hub_opts;
    int32_t n_hub_opts, cap_hub_opts;
    int32_t min_hubs, max_hubs; /* max_hubs -1: the number of hub nodes */
    gf_period_override *link_per, *node_per;
    int32_t n_link_per, cap_link_per, n_node_per, cap_node_per;
    gf__row_index link_per_ix, node_per_ix;
    /* a new owned pointer must be copied in model_copy.c too */
};

/* Grow *arr (of *cap elements of size sz) to hold index n; old block kept on
 * failure (GF_ENOMEM, GF_ELIMIT). */
int gf__model_grow(void **arr, int32_t n, int32_t *cap, size_t sz, gf_error *err);
/* Copy of s ("" for NULL), gf_free'd by gf__model_free_str; NULL on ENOMEM. */
char *gf__model_dup_str(const char *s);
void gf__model_free_str(const char *s);
/* GF_EINVAL naming what unless 0 <= v <= GF_MODEL_MAX_VALUE (or unlimited). */
int gf__model_check_amount(int64_t v, const char *what, bool unlimited_ok, gf_error *err);

void gf__ix_fini(gf__row_index *ix);
int32_t gf__ix_find(const gf__row_index *ix, const gf__row_key *k);
/* Room for rows 0..n-1 of which n_now are indexed. */
int gf__ix_reserve(gf__row_index *ix, int32_t n, int32_t n_now, gf_error *err);
/* Index row (its key already in keys[row]). */
void gf__ix_put(gf__row_index *ix, int32_t row);

/* A deep copy of m, sharing nothing with it (model_copy.c); NULL with
 * *err (GF_ENOMEM). How version-2 compare gets the model it closes nodes
 * in without reading the scenario again. */
gf_model *gf__model_copy(const gf_model *m, gf_error *err);

/* Free the version-2 tables (model_v2.c). */
void gf__model_v2_fini(gf_model *m);
/* gf_model_finish's version-2 checks (model_v2.c): rows at hub nodes,
 * products, conversions, hub bounds, overrides in range. */
int gf__model_v2_check(const gf_model *m, gf_error *err);

/* Which side of node's transit a "close transit" closes: *departs true
 * (its outgoing links) when it has no supply rows, false (incoming) when it
 * has no demand rows; GF_EINVAL, naming the node, when it has both, since
 * its transshipped tonnes cannot be told from its own. The one check behind
 * gf_network_transit_side and version 2's compare. */
int gf__model_transit_side(const gf_model *m, int32_t node, bool *departs, gf_error *err);

#endif
