/* src/model/model_v2.c: products, conversions, hub options and period overrides.
 *
 * The version-2 tables (model.h, "Scenario format version 2") are plain
 * growing arrays next to the version-1 ones. Products: index p is the p-th
 * added; a model with none added has one, product 0, named by
 * gf_model_set_product. Period overrides are found by (link or node, period)
 * through a row_index (model_int.h), so gf_model_link_capacity_at costs O(1)
 * and a later row for the same key replaces the earlier in place. The checks
 * that need the whole model (a product index past the products, rows at a
 * hub node, min_hubs above the hub nodes) wait for gf_model_finish
 * (gf__model_v2_check); errors about a row read from a file name the file
 * (supply.csv, demand.csv, links.csv, conversions.csv, hubs.csv) and its line.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "grainflow/alloc.h"
#include "grainflow/model.h"
#include "model/model_int.h"

void gf__model_v2_fini(gf_model *m)
{
    for (int32_t i = 0; i < m->n_products; i++) {
        gf__model_free_str(m->products[i].id);
        gf__model_free_str(m->products[i].name);
    }
    gf_free(m->products, (size_t)m->cap_products * sizeof *m->products);
    gf_free(m->conv, (size_t)m->cap_conv * sizeof *m->conv);
    gf_free(m->hub_opts, (size_t)m->cap_hub_opts * sizeof *m->hub_opts);
    gf_free(m->link_per, (size_t)m->cap_link_per * sizeof *m->link_per);
    gf_free(m->node_per, (size_t)m->cap_node_per * sizeof *m->node_per);
    gf__ix_fini(&m->link_per_ix);
    gf__ix_fini(&m->node_per_ix);
}

/* ---- products ---- */

int gf_model_add_product(gf_model *m, const char *id, const char *name, int32_t *index,
                         gf_error *err)
{
    gf__product p = {0};
    int rc;

    if (!m)
        return gf_fail(err, GF_EINVAL, "gf_model_add_product: NULL model");
    if (!id || !id[0])
        return gf_fail(err, GF_EINVAL, "a product id must not be empty");
    for (int32_t i = 0; i < m->n_products; i++)
        if (strcmp(m->products[i].id, id) == 0)
            return gf_fail(err, GF_EINVAL, "duplicate product id '%s'; ids must be unique", id);
    if (m->n_products >= GF_MODEL_MAX_PRODUCTS)
        return gf_fail(err, GF_ELIMIT, "too many products (limit %d)", GF_MODEL_MAX_PRODUCTS);
    rc = gf__model_grow((void **)&m->products, m->n_products, &m->cap_products, sizeof *m->products,
                        err);
    if (rc)
        return rc;
    p.id = gf__model_dup_str(id);
    p.name = gf__model_dup_str(name && name[0] ? name : id);
    if (!p.id || !p.name) {
        gf__model_free_str(p.id);
        gf__model_free_str(p.name);
        return gf_fail(err, GF_ENOMEM, "out of memory");
    }
    m->products[m->n_products] = p;
    if (index)
        *index = m->n_products;
    m->n_products++;
    return GF_OK;
}

int32_t gf_model_product_count(const gf_model *m)
{
    return m->n_products > 0 ? m->n_products : 1;
}

const char *gf_model_product_id(const gf_model *m, int32_t p)
{
    if (p < 0 || p >= gf_model_product_count(m))
        return "";
    return m->n_products > 0 ? m->products[p].id : gf_model_product(m);
}

const char *gf_model_product_name(const gf_model *m, int32_t p)
{
    if (p < 0 || p >= gf_model_product_count(m))
        return "";
    return m->n_products > 0 ? m->products[p].name : gf_model_product(m);
}

/* Linear: there are at most GF_MODEL_MAX_PRODUCTS. With no product added,
 * the name set by gf_model_set_product (if any) is product 0. */
int32_t gf_model_find_product(const gf_model *m, const char *id)
{
    if (!m || !id)
        return -1;
    for (int32_t i = 0; i < m->n_products; i++)
        if (strcmp(m->products[i].id, id) == 0)
            return i;
    if (m->n_products == 0 && m->product && m->product[0] && strcmp(m->product, id) == 0)
        return 0;
    return -1;
}

bool gf_model_link_carries(const gf_model *m, int32_t link, int32_t product)
{
    uint64_t mask = m->links[link].products_mask;

    return product >= 0 && product < GF_MODEL_MAX_PRODUCTS && (mask == 0 || (mask >> product & 1u));
}

int64_t gf_model_link_cents_per_t(const gf_model *m, int32_t link)
{
    const gf_link *l = &m->links[link];

    return l->cost_cents_per_t - l->subsidy_cents_per_t + m->nodes[l->to].handling_cents_per_t;
}

int64_t gf_model_departure_share(const gf_link *l)
{
    if (l->vessel_t <= 0)
        return 0;
    return (2 * l->departure_cents + l->vessel_t) / (2 * l->vessel_t); /* half away from 0 */
}

/* ---- conversions ---- */

int gf_model_add_conversion(gf_model *m, const gf_conversion *c, gf_error *err)
{
    int rc;

    if (!m || !c)
        return gf_fail(err, GF_EINVAL, "gf_model_add_conversion: NULL argument");
    if (c->node < 0 || c->node >= m->n_nodes)
        return gf_fail(err, GF_EINVAL, "conversion node is not a known node");
    if (c->from_product < 0 || c->from_product >= GF_MODEL_MAX_PRODUCTS || c->to_product < 0 ||
        c->to_product >= GF_MODEL_MAX_PRODUCTS)
        return gf_fail(err, GF_EINVAL, "conversion product index must be from 0 to %d",
                       GF_MODEL_MAX_PRODUCTS - 1);
    if (c->from_product == c->to_product)
        return gf_fail(err, GF_EINVAL,
                       "from_product and to_product are the same; a conversion turns one "
                       "product into another");
    if (!isfinite(c->yield) || c->yield <= 0 || c->yield > 1e6)
        return gf_fail(err, GF_EINVAL, "yield must be a number > 0 and at most 1e6 (got %g)",
                       c->yield);
    rc = gf__model_check_amount(c->cost_cents_per_t, "cost_usd_per_t", false, err);
    if (!rc)
        rc = gf__model_check_amount(c->capacity_t, "capacity_t_per_period", true, err);
    if (!rc)
        rc = gf__model_grow((void **)&m->conv, m->n_conv, &m->cap_conv, sizeof *m->conv, err);
    if (!rc)
        m->conv[m->n_conv++] = *c;
    return rc;
}

int32_t gf_model_conversion_count(const gf_model *m)
{
    return m->n_conv;
}

const gf_conversion *gf_model_conversion(const gf_model *m, int32_t i)
{
    return &m->conv[i];
}

/* ---- hub options ---- */

static int32_t options_at(const gf_model *m, int32_t node)
{
    int32_t n = 0;

    for (int32_t i = 0; i < m->n_hub_opts; i++)
        n += m->hub_opts[i].node == node;
    return n;
}

static int32_t hub_node_count(const gf_model *m)
{
    int32_t n = 0;

    for (int32_t i = 0; i < m->n_hub_opts; i++) {
        int32_t k = 0;
        while (k < i && m->hub_opts[k].node != m->hub_opts[i].node)
            k++;
        n += k == i; /* first option of its node */
    }
    return n;
}

static int check_hub_option(const gf_model *m, const gf_hub_option *o, gf_error *err)
{
    int rc;

    if (o->node < 0 || o->node >= m->n_nodes)
        return gf_fail(err, GF_EINVAL, "hub node is not a known node");
    if (!memchr(o->option, '\0', sizeof o->option) || !o->option[0])
        return gf_fail(err, GF_EINVAL, "a hub option needs a name of 1 to %d characters",
                       GF_HUB_OPTION_SIZE - 1);
    for (int32_t i = 0; i < m->n_hub_opts; i++)
        if (m->hub_opts[i].node == o->node && strcmp(m->hub_opts[i].option, o->option) == 0)
            return gf_fail(err, GF_EINVAL,
                           "duplicate hub option '%s' at node '%s' (first on line %ld); each "
                           "option of a node needs its own name",
                           o->option, m->nodes[o->node].id, m->hub_opts[i].line);
    if (options_at(m, o->node) >= GF_MODEL_MAX_HUB_OPTIONS)
        return gf_fail(err, GF_ELIMIT, "node '%s' has more than %d hub options",
                       m->nodes[o->node].id, GF_MODEL_MAX_HUB_OPTIONS);
    if (options_at(m, o->node) == 0 && hub_node_count(m) >= GF_MODEL_MAX_HUBS)
        return gf_fail(err, GF_ELIMIT, "more than %d hub nodes", GF_MODEL_MAX_HUBS);
    if (o->throughput_t == GF_UNLIMITED)
        return gf_fail(err, GF_EINVAL,
                       "throughput_t_per_period is required for every hub option (the tonnes "
                       "the open hub can take in per period)");
    rc = gf__model_check_amount(o->fixed_cents_per_year, "fixed_usd_per_year", false, err);
    if (!rc)
        rc = gf__model_check_amount(o->throughput_t, "throughput_t_per_period", false, err);
    if (!rc)
        rc = gf__model_check_amount(o->storage_t, "storage_t", false, err);
    return rc;
}

int gf_model_add_hub_option(gf_model *m, const gf_hub_option *o, gf_error *err)
{
    int rc;

    if (!m || !o)
        return gf_fail(err, GF_EINVAL, "gf_model_add_hub_option: NULL argument");
    rc = check_hub_option(m, o, err);
    if (!rc)
        rc = gf__model_grow((void **)&m->hub_opts, m->n_hub_opts, &m->cap_hub_opts,
                            sizeof *m->hub_opts, err);
    if (!rc)
        m->hub_opts[m->n_hub_opts++] = *o;
    return rc;
}

int gf_model_set_hub_fixed(gf_model *m, int32_t option, int64_t cents_per_year, gf_error *err)
{
    if (!m || option < 0 || option >= m->n_hub_opts)
        return gf_fail(err, GF_EINVAL, "gf_model_set_hub_fixed: bad option");
    if (gf__model_check_amount(cents_per_year, "fixed_usd_per_year", false, err))
        return err && err->code ? err->code : GF_EINVAL;
    m->hub_opts[option].fixed_cents_per_year = cents_per_year;
    return GF_OK;
}

int32_t gf_model_hub_option_count(const gf_model *m)
{
    return m->n_hub_opts;
}

const gf_hub_option *gf_model_hub_option(const gf_model *m, int32_t i)
{
    return &m->hub_opts[i];
}

bool gf_model_is_hub(const gf_model *m, int32_t node)
{
    for (int32_t i = 0; i < m->n_hub_opts; i++)
        if (m->hub_opts[i].node == node)
            return true;
    return false;
}

int32_t gf_model_hub_count(const gf_model *m)
{
    return hub_node_count(m);
}

/* fixed x periods x period_days / 365 with period_days taken to the
 * micro-day (as lags are), in 128-bit integers: exact, then rounded half away
 * from zero. Saturates at INT64_MAX (gf_model_finish refuses past 2^50). */
int64_t gf_model_hub_fixed_cents(const gf_model *m, int32_t option)
{
    __int128 num, den = (__int128)365 * 1000000, q;
    int64_t pu = llround(m->period_days * 1e6);

    num = (__int128)m->hub_opts[option].fixed_cents_per_year * m->periods * pu;
    q = (2 * num + den) / (2 * den);
    return q > INT64_MAX ? INT64_MAX : (int64_t)q;
}

int gf_model_set_hub_bounds(gf_model *m, int32_t min_hubs, int32_t max_hubs, gf_error *err)
{
    if (!m)
        return gf_fail(err, GF_EINVAL, "gf_model_set_hub_bounds: NULL model");
    if (min_hubs < 0 || min_hubs > GF_MODEL_MAX_HUBS)
        return gf_fail(err, GF_EINVAL, "min_hubs must be an integer from 0 to %d (got %d)",
                       GF_MODEL_MAX_HUBS, min_hubs);
    if (max_hubs != -1 && (max_hubs < min_hubs || max_hubs > GF_MODEL_MAX_HUBS))
        return gf_fail(err, GF_EINVAL,
                       "max_hubs must be an integer from min_hubs (%d) to %d (got %d)", min_hubs,
                       GF_MODEL_MAX_HUBS, max_hubs);
    m->min_hubs = min_hubs;
    m->max_hubs = max_hubs;
    return GF_OK;
}

int32_t gf_model_min_hubs(const gf_model *m)
{
    return m->min_hubs;
}

int32_t gf_model_max_hubs(const gf_model *m)
{
    int32_t n = hub_node_count(m);

    return m->max_hubs < 0 || m->max_hubs > n ? n : m->max_hubs;
}

/* ---- period overrides ---- */

static int add_override(gf_model *m, bool link, const gf_period_override *o, gf_error *err)
{
    gf_period_override **arr = link ? &m->link_per : &m->node_per;
    int32_t *n = link ? &m->n_link_per : &m->n_node_per;
    int32_t *cap = link ? &m->cap_link_per : &m->cap_node_per;
    gf__row_index *ix = link ? &m->link_per_ix : &m->node_per_ix;
    gf__row_key k;
    int32_t i;
    int rc;

    if (!m || !o)
        return gf_fail(err, GF_EINVAL, "gf_model_add_%s_period: NULL argument",
                       link ? "link" : "node");
    if (o->ref < 0 || o->ref >= (link ? m->n_links : m->n_nodes))
        return gf_fail(err, GF_EINVAL, "%s is not a known %s", link ? "link" : "node",
                       link ? "link" : "node");
    if (o->period < 0 || o->period >= m->periods)
        return gf_fail(err, GF_EINVAL, "period must be from 1 to %d (got %d)", m->periods,
                       o->period + 1);
    rc = gf__model_check_amount(o->t, link ? "capacity_t" : "throughput_t", true, err);
    if (rc)
        return rc;
    k = (gf__row_key){o->ref, o->period, 0, -1, 0};
    i = gf__ix_find(ix, &k);
    if (i >= 0) { /* a later row replaces the earlier */
        (*arr)[i] = *o;
        return GF_OK;
    }
    rc = gf__model_grow((void **)arr, *n, cap, sizeof **arr, err);
    if (!rc)
        rc = gf__ix_reserve(ix, *n + 1, *n, err);
    if (rc)
        return rc;
    (*arr)[*n] = *o;
    ix->keys[*n] = k;
    gf__ix_put(ix, *n);
    (*n)++;
    return GF_OK;
}

int gf_model_add_link_period(gf_model *m, const gf_period_override *o, gf_error *err)
{
    return add_override(m, true, o, err);
}

int gf_model_add_node_period(gf_model *m, const gf_period_override *o, gf_error *err)
{
    return add_override(m, false, o, err);
}

int64_t gf_model_link_capacity_at(const gf_model *m, int32_t link, int32_t t)
{
    gf__row_key k = {link, t, 0, -1, 0};
    int32_t i = m->n_link_per ? gf__ix_find(&m->link_per_ix, &k) : -1;

    return i >= 0 ? m->link_per[i].t : m->links[link].capacity_t;
}

int64_t gf_model_node_throughput_at(const gf_model *m, int32_t node, int32_t t)
{
    gf__row_key k = {node, t, 0, -1, 0};
    int32_t i = m->n_node_per ? gf__ix_find(&m->node_per_ix, &k) : -1;

    return i >= 0 ? m->node_per[i].t : m->nodes[node].throughput_t;
}

bool gf_model_node_has_override(const gf_model *m, int32_t node)
{
    for (int32_t i = 0; i < m->n_node_per; i++)
        if (m->node_per[i].ref == node)
            return true;
    return false;
}

int32_t gf_model_link_period_count(const gf_model *m)
{
    return m->n_link_per;
}

int32_t gf_model_node_period_count(const gf_model *m)
{
    return m->n_node_per;
}

const gf_period_override *gf_model_link_period(const gf_model *m, int32_t i)
{
    return &m->link_per[i];
}

const gf_period_override *gf_model_node_period(const gf_model *m, int32_t i)
{
    return &m->node_per[i];
}

/* ---- version and the whole-model checks ---- */

int gf_model_version(const gf_model *m)
{
    if (m->n_products > 1 || m->n_conv > 0 || m->n_hub_opts > 0)
        return 2;
    for (int32_t i = 0; i < m->n_links; i++)
        if (m->links[i].products_mask || m->links[i].vessel_t || m->links[i].subsidy_cents_per_t)
            return 2;
    for (int32_t i = 0; i < m->n_demand; i++)
        if (m->demand[i].has_alt_from)
            return 2;
    return 1;
}

/* Fail with code and message at file:line (when the row has a line). */
static int row_fail(gf_error *err, const char *file, long line, const char *msg)
{
    gf_fail(err, GF_EINVAL, "%s", msg);
    if (line > 0)
        gf_error_at(err, file, line, 0);
    return GF_EINVAL;
}

/* Supply and demand rows: products in range, none at a hub facility node. */
static int check_rows(const gf_model *m, gf_error *err)
{
    int32_t np = gf_model_product_count(m);
    char msg[256];

    for (int k = 0; k < 2; k++) {
        int32_t n = k ? m->n_demand : m->n_supply;
        const char *file = k ? "demand.csv" : "supply.csv";
        for (int32_t i = 0; i < n; i++) {
            int32_t node = k ? m->demand[i].node : m->supply[i].node;
            int32_t p = k ? m->demand[i].product : m->supply[i].product;
            long line = k ? m->demand[i].line : m->supply[i].line;
            if (p >= np) {
                snprintf(msg, sizeof msg, "%s row names product index %d but the model has %d",
                         k ? "demand" : "supply", p, np);
                return row_fail(err, file, line, msg);
            }
            if (gf_model_is_hub(m, node)) {
                snprintf(msg, sizeof msg,
                         "node '%.64s' is a hub facility (hubs.csv) and may have no %s rows; put "
                         "the port's own %s on a separate node so that closing the hub leaves "
                         "it alone",
                         m->nodes[node].id, k ? "demand" : "supply", k ? "imports" : "exports");
                return row_fail(err, file, line, msg);
            }
        }
    }
    return GF_OK;
}

/* Link products masks and conversions name products that exist. */
static int check_products(const gf_model *m, gf_error *err)
{
    int32_t np = gf_model_product_count(m);
    char msg[256];

    for (int32_t i = 0; i < m->n_links; i++)
        if (np < 64 && (m->links[i].products_mask >> np) != 0) {
            snprintf(msg, sizeof msg,
                     "link %.40s -> %.40s may carry a product index past the %d "
                     "products",
                     m->nodes[m->links[i].from].id, m->nodes[m->links[i].to].id, np);
            return row_fail(err, "links.csv", m->links[i].line, msg);
        }
    for (int32_t i = 0; i < m->n_conv; i++)
        if (m->conv[i].from_product >= np || m->conv[i].to_product >= np) {
            snprintf(msg, sizeof msg, "conversion names a product index past the %d products", np);
            return row_fail(err, "conversions.csv", m->conv[i].line, msg);
        }
    return GF_OK;
}

/* Hub bounds against the hub nodes; fixed costs in range. */
static int check_hubs(const gf_model *m, gf_error *err)
{
    int32_t n = hub_node_count(m);
    char msg[256];

    if (m->min_hubs > n)
        return gf_fail(err, GF_EINVAL,
                       "min_hubs is %d but only %d nodes have hub options in hubs.csv; lower "
                       "min_hubs or add hub options",
                       m->min_hubs, n);
    for (int32_t i = 0; i < m->n_hub_opts; i++)
        if (gf_model_hub_fixed_cents(m, i) > GF_MODEL_MAX_VALUE) {
            snprintf(msg, sizeof msg,
                     "hub option '%s' at '%.64s': its fixed cost over the horizon is too large "
                     "(limit %lld cents)",
                     m->hub_opts[i].option, m->nodes[m->hub_opts[i].node].id,
                     (long long)GF_MODEL_MAX_VALUE);
            return row_fail(err, "hubs.csv", m->hub_opts[i].line, msg);
        }
    return GF_OK;
}

/* Overrides still in range (the horizon cannot change after the first). */
static int check_overrides(const gf_model *m, gf_error *err)
{
    for (int k = 0; k < 2; k++) {
        const gf_period_override *o = k ? m->node_per : m->link_per;
        int32_t n = k ? m->n_node_per : m->n_link_per;
        for (int32_t i = 0; i < n; i++)
            if (o[i].period >= m->periods || o[i].ref >= (k ? m->n_nodes : m->n_links))
                return row_fail(err, k ? "node_periods.csv" : "link_periods.csv", o[i].line,
                                "period override out of range");
    }
    return GF_OK;
}

int gf__model_v2_check(const gf_model *m, gf_error *err)
{
    int rc = check_rows(m, err);

    if (!rc)
        rc = check_products(m, err);
    if (!rc)
        rc = check_hubs(m, err);
    if (!rc)
        rc = check_overrides(m, err);
    return rc;
}
