/* include/grainflow/edit.h: what-if edits as a typed list, parsed once.
 *
 * An edit list comes from JSON (the "edits" array of a run request, forms
 * in whatif.h) or from the command line (grainflow plan --edit, one JSON
 * edit object per option), and is parsed once into gf_edit values; ids stay
 * strings until gf_edits_resolve finds them in a model. Parse errors are
 * GF_EINVAL / GF_EPARSE / GF_ELIMIT with err->input a JSON pointer into the
 * request: "/edits/2/pct" is field pct of the third edit ("/edits" for the
 * array itself); CLI edits are numbered in the order given on the line.
 *
 * Applying an edit list is two steps, so that a re-solve is warm:
 *   gf_edits_apply_model   figure edits (freight, node figures, tonnes) on the
 *                          model, and when a built network is given, the same
 *                          figures into it (gf_network_sync_*); *rebuild is
 *                          set when an edit adds arcs the network lacks (a
 *                          throughput limit or storage on a node without);
 *   gf_edits_apply_network closures (close_link, close_node, close_transit) on a built
 *                          network (gf_network_close_*), which the model has
 *                          no column for.
 *
 * Integers all the way: pct is held in hundredths of a percent (basis
 * points, pct 2.5 -> 250) and a scaled figure is v x (10000 + bp) / 10000
 * computed exactly in 128-bit integers and rounded to the nearest cent or
 * tonne, halves away from zero (3290 cents + 10 % = 3619; 5 t - 50 % = 3 t).
 * Money in set_node is taken to the cent as the scenario reader takes it
 * (4.505 USD -> 451 cents).
 *
 * Two edits are for version-2 scenarios, the figures a planner varies most
 * for the hub question:
 *   {"op": "scale_alt_fob", "pct": 10, "node": ID, "product": ID}
 *       the competitors' FOB price (alt_fob_usd_per_t) x (1 + pct/100), to
 *       the cent, on every demand row with alt_from, or on one market's (and
 *       one product's) rows when node (product) is given; the alternative
 *       price is then recomputed from alt_from (model_alt.c), so it follows
 *       the FOB, and a freight edit in the same list, exactly. Refused when
 *       no row it names has alt_from (a version-1 scenario gives fixed
 *       alt_price_usd_per_t) or when a market named has a row without it.
 *   {"op": "set_hub", "node": ID, "option": NAME, "fixed_usd_per_year": X}
 *       a hub facility option's fixed cost per year (hubs.csv), X >= 0 to
 *       the cent. Refused when node is not a hub facility or has no such
 *       option (the message lists the hubs or the node's options).
 * gf_whatif_reset (whatif.h) restores both, as every other figure: the FOB
 * prices (and the alternative prices recomputed from them) and the hubs'
 * fixed costs go back to those the what-if was created with.
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_EDIT_H
#define GRAINFLOW_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "grainflow/error.h"
#include "grainflow/model.h"
#include "grainflow/network.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest number of edits in one list. */
#define GF_EDITS_MAX 256

typedef enum gf_edit_op {
    GF_EDIT_SCALE_FREIGHT = 0,
    GF_EDIT_SET_NODE,
    GF_EDIT_SCALE_SUPPLY,
    GF_EDIT_SCALE_DEMAND,
    GF_EDIT_CLOSE_LINK,
    GF_EDIT_CLOSE_NODE,
    GF_EDIT_CLOSE_TRANSIT, /* gf_network_close_transit: every period */
    GF_EDIT_SCALE_ALT_FOB, /* version 2: alt_fob_usd_per_t of alt_from demand rows */
    GF_EDIT_SET_HUB        /* version 2: a hub option's fixed_usd_per_year */
} gf_edit_op;

/* Which figures a set_node edit sets (bits of gf_edit.set). */
#define GF_EDIT_SET_HANDLING    1u
#define GF_EDIT_SET_THROUGHPUT  2u
#define GF_EDIT_SET_STORAGE     4u
#define GF_EDIT_SET_STORAGE_FEE 8u

typedef struct gf_edit {
    gf_edit_op op;
    int32_t pct_bp; /* scale_*: -10000..100000 (pct -100..1000) */
    int mode;       /* gf_mode, or -1 for any */
    char *node;     /* owned; NULL when not given */
    char *from, *to;
    unsigned set; /* set_node: GF_EDIT_SET_* */
    int64_t handling_cents_per_t, throughput_t, storage_t, storage_cents_per_t;
    int32_t *periods; /* owned, 0-based; n_periods 0 = every period */
    int32_t n_periods;
    char *product;                /* scale_alt_fob: owned; NULL = every product */
    char *option;                 /* set_hub: owned, the option's name */
    int64_t fixed_cents_per_year; /* set_hub */
    /* filled by gf_edits_resolve: node indices, -1 when not given; the
     * product index (-1: every product) and the hub option index */
    int32_t node_ix, from_ix, to_ix, product_ix, option_ix;
    /* where it came from, for errors: the index in its JSON array, or the
     * 0-based --edit option when cli */
    int src_index;
    bool src_cli;
} gf_edit;

typedef struct gf_edits {
    gf_edit *e; /* owned */
    int32_t n, cap;
} gf_edits;

/* An empty list. Owned (gf_edits_destroy) or NULL with *err (GF_ENOMEM). */
GF_API gf_edits *gf_edits_create(gf_error *err);
GF_API void gf_edits_destroy(gf_edits *e);

/* Parse a JSON array of edits (len bytes; NULL or "" for none) and append
 * them to list. All or nothing: on failure list is unchanged and *err points
 * at the field ("/edits/i/field"). */
GF_API int gf_edits_parse_json(gf_edits *list, const char *json, size_t len, gf_error *err);

/* Parse one edit object given on the command line as the index-th --edit
 * (0-based) and append it; errors name input "--edit #index+1" and the field. */
GF_API int gf_edits_parse_arg(gf_edits *list, const char *arg, int index, gf_error *err);

/* Find every id in m (node, from, to; a link for close_link; periods within
 * the horizon). GF_EINVAL pointing at the field on an unknown id. */
GF_API int gf_edits_resolve(gf_edits *list, const gf_model *m, gf_error *err);

/* Apply the figure edits (resolved) to m and, when net is not NULL, to net
 * (which must be built from m). *rebuild: net lacks arcs an edit needs.
 * On failure m may hold the edits before the failing one. */
GF_API int gf_edits_apply_model(const gf_edits *list, gf_model *m, gf_network *net, bool *rebuild,
                                gf_error *err);

/* Apply the closures (resolved) to the built network net. */
GF_API int gf_edits_apply_network(const gf_edits *list, gf_network *net, gf_error *err);

/* v x (10000 + bp) / 10000, rounded half away from zero; GF_EOVERFLOW (and
 * *out unchanged) when the result exceeds GF_MODEL_MAX_VALUE. */
GF_API int gf_edit_scale(int64_t v, int32_t bp, int64_t *out, gf_error *err);

#ifdef __cplusplus
}
#endif
#endif
