/* src/model/model_copy.c: a deep copy of a model (model_int.h, gf__model_copy).
 *
 * Why: version-2 compare closes nodes by adding period overrides to a model
 * (plan_v2.h), and the "with" plan borrows the untouched one, so the
 * "without" plan needs a model of its own. Reading the scenario a second
 * time (the folder, or the store's text in the server) did that at the cost
 * of a second parse and of a scenario that could change between the two
 * reads; a copy of the finished model is exact by construction and costs a
 * few memcpy's.
 *
 * How: the struct is copied whole (every scalar: periods, horizon, hub
 * bounds, the finished flag), then every owned block is cleared and copied
 * with the capacity it was allocated with, so gf_model_destroy frees each
 * with its size (alloc.h budgets stay exact); the strings (model name and
 * product, node id/name/country, product id/name) are duplicated. A copy
 * that fails half-way is destroyed as it stands: each block is counted in
 * only once copied, and the strings of a copied table are cleared before
 * they are duplicated, so nothing of the original is ever freed. A new
 * owned pointer in struct gf_model must be copied here too.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "grainflow/alloc.h"
#include "model/model_int.h"

/* *dst = a copy of the cap x sz bytes at src (NULL when there are none). */
static bool copy_block(void *dst, const void *src, size_t cap, size_t sz)
{
    void *p = NULL;

    if (src && cap) {
        p = gf_malloc(cap * sz);
        if (!p)
            return false;
        memcpy(p, src, cap * sz);
    }
    memcpy(dst, &p, sizeof p);
    return true;
}

static bool copy_ix(gf__row_index *dst, const gf__row_index *src)
{
    *dst = (gf__row_index){0};
    if (!copy_block(&dst->keys, src->keys, (size_t)src->cap, sizeof *src->keys))
        return false;
    dst->cap = dst->keys ? src->cap : 0;
    if (!copy_block(&dst->slot, src->slot, (size_t)src->size, sizeof *src->slot))
        return false;
    dst->size = dst->slot ? src->size : 0;
    return true;
}

static bool copy_str(const char **dst, const char *src)
{
    *dst = src ? gf__model_dup_str(src) : NULL;
    return !src || *dst;
}

/* Copy the table field of m into c with its capacity capf and count nf. */
#define COPY_TABLE(c, m, field, capf, nf)                                                     \
    (copy_block(&(c)->field, (m)->field, (size_t)(m)->capf, sizeof *(m)->field)               \
         ? ((c)->capf = (c)->field ? (m)->capf : 0, (c)->nf = (c)->field ? (m)->nf : 0, true) \
         : false)

static bool copy_all(gf_model *c, const gf_model *m)
{
    bool ok = copy_str((const char **)&c->name, m->name) &&
              copy_str((const char **)&c->product, m->product) &&
              COPY_TABLE(c, m, nodes, cap_nodes, n_nodes);

    for (int32_t i = 0; c->nodes && i < c->n_nodes; i++)
        c->nodes[i].id = c->nodes[i].name = c->nodes[i].country = NULL;
    for (int32_t i = 0; ok && c->nodes && i < c->n_nodes; i++)
        ok = copy_str(&c->nodes[i].id, m->nodes[i].id) &&
             copy_str(&c->nodes[i].name, m->nodes[i].name) &&
             copy_str(&c->nodes[i].country, m->nodes[i].country);
    ok = ok && COPY_TABLE(c, m, links, cap_links, n_links) &&
         COPY_TABLE(c, m, supply, cap_supply, n_supply) &&
         COPY_TABLE(c, m, demand, cap_demand, n_demand) &&
         copy_block(&c->hash, m->hash, (size_t)m->hash_size, sizeof *m->hash);
    c->hash_size = c->hash ? m->hash_size : 0;
    ok = ok && copy_ix(&c->supply_ix, &m->supply_ix) && copy_ix(&c->demand_ix, &m->demand_ix) &&
         COPY_TABLE(c, m, products, cap_products, n_products);
    for (int32_t i = 0; c->products && i < c->n_products; i++)
        c->products[i].id = c->products[i].name = NULL;
    for (int32_t i = 0; ok && c->products && i < c->n_products; i++)
        ok = copy_str((const char **)&c->products[i].id, m->products[i].id) &&
             copy_str((const char **)&c->products[i].name, m->products[i].name);
    return ok && COPY_TABLE(c, m, conv, cap_conv, n_conv) &&
           COPY_TABLE(c, m, hub_opts, cap_hub_opts, n_hub_opts) &&
           COPY_TABLE(c, m, link_per, cap_link_per, n_link_per) &&
           COPY_TABLE(c, m, node_per, cap_node_per, n_node_per) &&
           copy_ix(&c->link_per_ix, &m->link_per_ix) && copy_ix(&c->node_per_ix, &m->node_per_ix);
}

gf_model *gf__model_copy(const gf_model *m, gf_error *err)
{
    gf_model *c;

    if (!m) {
        gf_fail(err, GF_EINVAL, "gf__model_copy: NULL model");
        return NULL;
    }
    c = gf_malloc(sizeof *c);
    if (!c) {
        gf_fail(err, GF_ENOMEM, "out of memory copying the model");
        return NULL;
    }
    *c = *m; /* the scalars; every owned block is cleared below, then copied */
    c->name = c->product = NULL;
    c->nodes = NULL;
    c->links = NULL;
    c->supply = NULL;
    c->demand = NULL;
    c->hash = NULL;
    c->products = NULL;
    c->conv = NULL;
    c->hub_opts = NULL;
    c->link_per = c->node_per = NULL;
    c->n_nodes = c->cap_nodes = c->n_links = c->cap_links = 0;
    c->n_supply = c->cap_supply = c->n_demand = c->cap_demand = c->hash_size = 0;
    c->n_products = c->cap_products = c->n_conv = c->cap_conv = 0;
    c->n_hub_opts = c->cap_hub_opts = 0;
    c->n_link_per = c->cap_link_per = c->n_node_per = c->cap_node_per = 0;
    c->supply_ix = c->demand_ix = c->link_per_ix = c->node_per_ix = (gf__row_index){0};
    if (!copy_all(c, m)) {
        gf_model_destroy(c);
        gf_fail(err, GF_ENOMEM, "out of memory copying the model");
        return NULL;
    }
    return c;
}
