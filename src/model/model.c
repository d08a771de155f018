/* src/model/model.c: the corridor model: nodes, links, supply and demand rows.
 *
 * Plain growing arrays; node ids are found through a small open-addressing hash
 * (FNV-1a, linear probing, load <= 1/2). Every add validates what it is given,
 * so a model built through this API is always solvable input for the network.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <string.h>

#include "grainflow/alloc.h"
#include "grainflow/model.h"
#include "model/model_int.h"

static const char *const kind_names[] = {"origin", "junction", "border", "port", "hub", "market"};
static const char *const mode_names[] = {"rail", "road", "sea", "ferry", "river"};

const char *gf_node_kind_name(gf_node_kind k)
{
    return (unsigned)k < 6 ? kind_names[k] : "?";
}

const char *gf_mode_name(gf_mode mode)
{
    return (unsigned)mode < 5 ? mode_names[mode] : "?";
}

int gf_node_kind_parse(const char *s)
{
    for (int i = 0; i < 6; i++)
        if (strcmp(s, kind_names[i]) == 0)
            return i;
    return -1;
}

int gf_mode_parse(const char *s)
{
    for (int i = 0; i < 5; i++)
        if (strcmp(s, mode_names[i]) == 0)
            return i;
    return -1;
}

char *gf__model_dup_str(const char *s)
{
    size_t n = strlen(s ? s : "") + 1;
    char *p = gf_malloc(n);

    if (p)
        memcpy(p, s ? s : "", n);
    return p;
}

void gf__model_free_str(const char *s)
{
    if (s)
        gf_free((void *)(uintptr_t)s, strlen(s) + 1);
}

/* Make room for element index n (and all below) in *arr of *cap elements of
 * size sz, doubling. The old block is kept on failure. */
int gf__model_grow(void **arr, int32_t n, int32_t *cap, size_t sz, gf_error *err)
{
    int32_t nc = *cap ? *cap : 16;
    void *p;

    if (n < *cap)
        return GF_OK;
    while (nc <= n && nc < INT32_MAX / 4)
        nc *= 2;
    if (nc <= n)
        return gf_fail(err, GF_ELIMIT, "too many rows (limit %d)", INT32_MAX / 4);
    p = gf_realloc(*arr, (size_t)*cap * sz, (size_t)nc * sz);
    if (!p)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    *arr = p;
    *cap = nc;
    return GF_OK;
}

gf_model *gf_model_create(gf_error *err)
{
    gf_model *m = gf_calloc(1, sizeof *m);

    if (!m) {
        gf_fail(err, GF_ENOMEM, "out of memory");
        return NULL;
    }
    m->periods = 1;
    m->period_days = 7.0;
    m->horizon = GF_HORIZON_CYCLIC;
    m->max_hubs = -1;
    return m;
}

void gf_model_destroy(gf_model *m)
{
    if (!m)
        return;
    for (int32_t i = 0; i < m->n_nodes; i++) {
        gf__model_free_str(m->nodes[i].id);
        gf__model_free_str(m->nodes[i].name);
        gf__model_free_str(m->nodes[i].country);
    }
    gf__model_free_str(m->name);
    gf__model_free_str(m->product);
    gf_free(m->nodes, (size_t)m->cap_nodes * sizeof *m->nodes);
    gf_free(m->links, (size_t)m->cap_links * sizeof *m->links);
    gf_free(m->supply, (size_t)m->cap_supply * sizeof *m->supply);
    gf_free(m->demand, (size_t)m->cap_demand * sizeof *m->demand);
    gf_free(m->hash, (size_t)m->hash_size * sizeof *m->hash);
    gf__ix_fini(&m->supply_ix);
    gf__ix_fini(&m->demand_ix);
    gf__model_v2_fini(m);
    gf_free(m, sizeof *m);
}

int gf_model_set_horizon(gf_model *m, int32_t periods, double period_days, gf_horizon h,
                         gf_error *err)
{
    if (!m)
        return gf_fail(err, GF_EINVAL, "gf_model_set_horizon: NULL model");
    if (periods < 1 || periods > GF_MODEL_MAX_PERIODS)
        return gf_fail(err, GF_EINVAL, "periods must be an integer from 1 to %d (got %d)",
                       GF_MODEL_MAX_PERIODS, periods);
    if (!isfinite(period_days) || period_days <= 0)
        return gf_fail(err, GF_EINVAL, "period_days must be a number > 0 (got %g)", period_days);
    if (h != GF_HORIZON_CYCLIC && h != GF_HORIZON_OPEN)
        return gf_fail(err, GF_EINVAL, "horizon must be cyclic or open");
    if (m->n_supply || m->n_demand || m->n_link_per || m->n_node_per)
        return gf_fail(err, GF_ESTATE,
                       "set the horizon before adding supply, demand or period overrides");
    m->periods = periods;
    m->period_days = period_days;
    m->horizon = h;
    return GF_OK;
}

static int set_str(char **dst, const char *s, gf_error *err)
{
    char *p = gf__model_dup_str(s);

    if (!p)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    gf__model_free_str(*dst);
    *dst = p;
    return GF_OK;
}

int gf_model_set_start_month(gf_model *m, int month, gf_error *err)
{
    if (!m)
        return gf_fail(err, GF_EINVAL, "gf_model_set_start_month: NULL model");
    if (month < 1 || month > 12)
        return gf_fail(err, GF_EINVAL, "start_month must be a month from 1 to 12 (got %d)", month);
    m->start_month = month;
    return GF_OK;
}

int gf_model_start_month(const gf_model *m)
{
    return m->start_month ? m->start_month : 1;
}

int gf_model_set_name(gf_model *m, const char *name, gf_error *err)
{
    if (!m)
        return gf_fail(err, GF_EINVAL, "gf_model_set_name: NULL model");
    return set_str(&m->name, name, err);
}

int gf_model_set_product(gf_model *m, const char *product, gf_error *err)
{
    if (!m)
        return gf_fail(err, GF_EINVAL, "gf_model_set_product: NULL model");
    return set_str(&m->product, product, err);
}

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Rebuild the id hash with room for at least 2 * (n_nodes + 1) entries. */
static int rehash(gf_model *m, gf_error *err)
{
    int32_t size = 64;
    int32_t *h;

    while (size < 2 * (m->n_nodes + 1))
        size *= 2;
    if (size <= m->hash_size)
        return GF_OK;
    h = gf_malloc((size_t)size * sizeof *h);
    if (!h)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    for (int32_t i = 0; i < size; i++)
        h[i] = -1;
    for (int32_t i = 0; i < m->n_nodes; i++) {
        uint32_t k = hash_str(m->nodes[i].id) & (uint32_t)(size - 1);
        while (h[k] >= 0)
            k = (k + 1) & (uint32_t)(size - 1);
        h[k] = i;
    }
    gf_free(m->hash, (size_t)m->hash_size * sizeof *m->hash);
    m->hash = h;
    m->hash_size = size;
    return GF_OK;
}

int32_t gf_model_find_node(const gf_model *m, const char *id)
{
    uint32_t k;

    if (!m || !id || !m->hash_size)
        return -1;
    k = hash_str(id) & (uint32_t)(m->hash_size - 1);
    while (m->hash[k] >= 0) {
        if (strcmp(m->nodes[m->hash[k]].id, id) == 0)
            return m->hash[k];
        k = (k + 1) & (uint32_t)(m->hash_size - 1);
    }
    return -1;
}

int gf__model_check_amount(int64_t v, const char *what, bool unlimited_ok, gf_error *err)
{
    if (unlimited_ok && v == GF_UNLIMITED)
        return GF_OK;
    if (v < 0)
        return gf_fail(err, GF_EINVAL, "%s must be >= 0 (got %lld)", what, (long long)v);
    if (v > GF_MODEL_MAX_VALUE)
        return gf_fail(err, GF_EINVAL, "%s is too large (got %lld, limit %lld)", what, (long long)v,
                       (long long)GF_MODEL_MAX_VALUE);
    return GF_OK;
}

static int check_node(const gf_model *m, const gf_node *n, gf_error *err)
{
    int rc;

    if (!n->id || !n->id[0])
        return gf_fail(err, GF_EINVAL, "a node id must not be empty");
    if (gf_model_find_node(m, n->id) >= 0)
        return gf_fail(err, GF_EINVAL, "duplicate node id '%s'; ids must be unique", n->id);
    if ((unsigned)n->kind > GF_NODE_MARKET)
        return gf_fail(err, GF_EINVAL, "bad node kind %d", (int)n->kind);
    if (!(n->lat >= -90 && n->lat <= 90) || !(n->lon >= -180 && n->lon <= 180))
        return gf_fail(err, GF_EINVAL, "lat must be in -90..90 and lon in -180..180 (got %g, %g)",
                       n->lat, n->lon);
    rc = gf__model_check_amount(n->handling_cents_per_t, "handling_usd_per_t", false, err);
    if (!rc)
        rc = gf__model_check_amount(n->throughput_t, "throughput_t_per_period", true, err);
    if (!rc)
        rc = gf__model_check_amount(n->storage_t, "storage_t", false, err);
    if (!rc)
        rc = gf__model_check_amount(n->storage_cents_per_t, "storage_usd_per_t_per_period", false,
                                    err);
    return rc;
}

int gf_model_add_node(gf_model *m, const gf_node *node, int32_t *index, gf_error *err)
{
    gf_node n = {0};
    int rc;

    if (!m || !node)
        return gf_fail(err, GF_EINVAL, "gf_model_add_node: NULL argument");
    rc = check_node(m, node, err);
    if (!rc)
        rc = gf__model_grow((void **)&m->nodes, m->n_nodes, &m->cap_nodes, sizeof *m->nodes, err);
    if (!rc)
        rc = rehash(m, err);
    if (rc)
        return rc;
    n = *node;
    n.id = gf__model_dup_str(node->id);
    n.name = gf__model_dup_str(node->name);
    n.country = gf__model_dup_str(node->country);
    if (!n.id || !n.name || !n.country) {
        gf__model_free_str(n.id);
        gf__model_free_str(n.name);
        gf__model_free_str(n.country);
        return gf_fail(err, GF_ENOMEM, "out of memory");
    }
    m->nodes[m->n_nodes] = n;
    {
        uint32_t k = hash_str(n.id) & (uint32_t)(m->hash_size - 1);
        while (m->hash[k] >= 0)
            k = (k + 1) & (uint32_t)(m->hash_size - 1);
        m->hash[k] = m->n_nodes;
    }
    if (index)
        *index = m->n_nodes;
    m->n_nodes++;
    return GF_OK;
}

static int check_link(const gf_model *m, const gf_link *l, gf_error *err)
{
    int rc;

    if (l->from < 0 || l->from >= m->n_nodes || l->to < 0 || l->to >= m->n_nodes)
        return gf_fail(err, GF_EINVAL, "link end is not a known node");
    if ((unsigned)l->mode > GF_MODE_RIVER)
        return gf_fail(err, GF_EINVAL, "bad link mode %d", (int)l->mode);
    if (!isfinite(l->distance_km) || l->distance_km < 0)
        return gf_fail(err, GF_EINVAL, "distance_km must be a number >= 0 (got %g)",
                       l->distance_km);
    if (!isfinite(l->transit_days) || l->transit_days < 0 || l->transit_days > 1e9)
        return gf_fail(err, GF_EINVAL, "transit_days must be a number from 0 to 1e9 (got %g)",
                       l->transit_days);
    if (!isfinite(l->co2_kg_per_tkm) || l->co2_kg_per_tkm < 0)
        return gf_fail(err, GF_EINVAL, "co2_kg_per_tkm must be a number >= 0 (got %g)",
                       l->co2_kg_per_tkm);
    rc = gf__model_check_amount(l->cost_cents_per_t, "cost_usd_per_t", false, err);
    if (!rc)
        rc = gf__model_check_amount(l->capacity_t, "capacity_t_per_period", true, err);
    if (!rc)
        rc = gf__model_check_amount(l->class_cargo_t, "class_cargo_t", false, err);
    if (!rc)
        rc = gf__model_check_amount(l->vessel_t, "vessel_t", false, err);
    if (!rc)
        rc = gf__model_check_amount(l->departure_cents, "usd_per_departure", false, err);
    if (!rc)
        rc = gf__model_check_amount(l->subsidy_cents_per_t, "subsidy_usd_per_t", false, err);
    if (!rc && l->departure_cents > 0 && l->vessel_t == 0)
        rc = gf_fail(err, GF_EINVAL,
                     "usd_per_departure is set but vessel_t is not; give vessel_t (the tonnes "
                     "one departure carries) or leave usd_per_departure empty");
    if (!rc && l->subsidy_cents_per_t > l->cost_cents_per_t + gf_model_departure_share(l))
        rc = gf_fail(err, GF_EINVAL,
                     "subsidy_usd_per_t (%lld cents) is more than the link's cost per tonne "
                     "(%lld cents with the departure's share); a subsidy pays part of the "
                     "freight, never more",
                     (long long)l->subsidy_cents_per_t,
                     (long long)(l->cost_cents_per_t + gf_model_departure_share(l)));
    if (!rc && !memchr(l->vessel_class, '\0', sizeof l->vessel_class))
        rc = gf_fail(err, GF_EINVAL, "vessel_class is longer than %d characters",
                     GF_VESSEL_CLASS_SIZE - 1);
    return rc;
}

int gf_model_add_link(gf_model *m, const gf_link *link, bool both_ways, gf_error *err)
{
    int rc;

    if (!m || !link)
        return gf_fail(err, GF_EINVAL, "gf_model_add_link: NULL argument");
    rc = check_link(m, link, err);
    if (!rc) /* room for both directions first: all or nothing */
        rc = gf__model_grow((void **)&m->links, m->n_links + (both_ways ? 1 : 0), &m->cap_links,
                            sizeof *m->links, err);
    if (rc)
        return rc;
    for (int k = 0; k < (both_ways ? 2 : 1); k++) {
        gf_link l = *link;
        if (k == 1) {
            l.from = link->to;
            l.to = link->from;
        }
        l.reverse = k == 1;
        l.lag = 0;
        m->links[m->n_links++] = l;
    }
    return GF_OK;
}

/* A row's node, period, tonnes and price (the alternative FOB when alt_from
 * is set). The product is checked against the products by gf_model_finish,
 * since a reader may name products before it adds them. */
static int check_row(const gf_model *m, const gf__row_key *k, int64_t t, const char *price_name,
                     gf_error *err)
{
    int rc;

    if (k->node < 0 || k->node >= m->n_nodes)
        return gf_fail(err, GF_EINVAL, "node is not a known node");
    if (k->period < -1 || k->period >= m->periods)
        return gf_fail(err, GF_EINVAL, "period must be from 1 to %d or empty (got %d)", m->periods,
                       k->period + 1);
    if (k->product < 0 || k->product >= GF_MODEL_MAX_PRODUCTS)
        return gf_fail(err, GF_EINVAL, "product index must be from 0 to %d (got %d)",
                       GF_MODEL_MAX_PRODUCTS - 1, k->product);
    if (k->alt_from < -1 || k->alt_from >= m->n_nodes)
        return gf_fail(err, GF_EINVAL, "alt_from is not a known node");
    rc = gf__model_check_amount(t, "t", false, err);
    if (!rc)
        rc = gf__model_check_amount(k->price, price_name, false, err);
    return rc;
}

void gf__ix_fini(gf__row_index *ix)
{
    gf_free(ix->keys, (size_t)ix->cap * sizeof *ix->keys);
    gf_free(ix->slot, (size_t)ix->size * sizeof *ix->slot);
}

static uint32_t key_hash(const gf__row_key *k)
{
    uint64_t h = (uint64_t)(uint32_t)k->node * 0x9E3779B97F4A7C15ull;

    h ^= (uint64_t)(uint32_t)k->period * 0xC2B2AE3D27D4EB4Full;
    h ^= (uint64_t)k->price * 0x165667B19E3779F9ull;
    h ^= ((uint64_t)(uint32_t)k->product << 32 | (uint32_t)k->alt_from) * 0x27D4EB2F165667C5ull;
    h ^= h >> 29;
    return (uint32_t)h;
}

static bool key_eq(const gf__row_key *a, const gf__row_key *b)
{
    return a->node == b->node && a->period == b->period && a->product == b->product &&
           a->alt_from == b->alt_from && a->price == b->price;
}

int32_t gf__ix_find(const gf__row_index *ix, const gf__row_key *k)
{
    uint32_t mask = (uint32_t)ix->size - 1;

    if (!ix->size)
        return -1;
    for (uint32_t s = key_hash(k) & mask; ix->slot[s] >= 0; s = (s + 1) & mask)
        if (key_eq(&ix->keys[ix->slot[s]], k))
            return ix->slot[s];
    return -1;
}

void gf__ix_put(gf__row_index *ix, int32_t row)
{
    uint32_t mask = (uint32_t)ix->size - 1, s = key_hash(&ix->keys[row]) & mask;

    while (ix->slot[s] >= 0)
        s = (s + 1) & mask;
    ix->slot[s] = row;
}

/* Room for rows 0..n-1 (n_now of them indexed): keys and a table of at least
 * 2n slots. The old arrays are kept on failure. */
int gf__ix_reserve(gf__row_index *ix, int32_t n, int32_t n_now, gf_error *err)
{
    int32_t size = ix->size ? ix->size : 64, *slot;
    int rc = gf__model_grow((void **)&ix->keys, n - 1, &ix->cap, sizeof *ix->keys, err);

    if (rc)
        return rc;
    while (size < 2 * n && size < INT32_MAX / 2)
        size *= 2;
    if (size == ix->size)
        return GF_OK;
    slot = gf_malloc((size_t)size * sizeof *slot);
    if (!slot)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    gf_free(ix->slot, (size_t)ix->size * sizeof *ix->slot);
    ix->slot = slot;
    ix->size = size;
    for (int32_t k = 0; k < size; k++)
        slot[k] = -1;
    for (int32_t r = 0; r < n_now; r++)
        gf__ix_put(ix, r);
    return GF_OK;
}

/* The new row for key k (its period one period) of t tonnes from line.
 * Rows are zeroed first, padding included, so that equal rows compare equal
 * byte for byte (the in-memory reader's test compares them so). */
static void put_row(gf_model *m, bool demand, const gf__row_key *k, int64_t t, long line)
{
    if (demand) {
        gf_demand *d = &m->demand[m->n_demand++];
        memset(d, 0, sizeof *d);
        d->node = k->node;
        d->period = k->period;
        d->t = t;
        d->line = line;
        d->product = k->product;
        d->has_alt_from = k->alt_from >= 0;
        d->alt_from = k->alt_from >= 0 ? k->alt_from : 0;
        d->alt_cents_per_t = k->alt_from < 0 ? k->price : 0;
        d->alt_fob_cents_per_t = k->alt_from >= 0 ? k->price : 0;
    } else {
        gf_supply *s = &m->supply[m->n_supply++];
        memset(s, 0, sizeof *s);
        s->node = k->node;
        s->period = k->period;
        s->t = t;
        s->price_cents_per_t = k->price;
        s->line = line;
        s->product = k->product;
    }
}

/* Add t tonnes for key (period -1: every period) to the supply (or demand)
 * rows, merging with a row of the same key (node, period, product, price,
 * alt_from). All or nothing: totals are checked and room is made before any
 * change. */
static int add_rows(gf_model *m, bool demand, const gf__row_key *key, int64_t t, long line,
                    gf_error *err)
{
    gf__row_index *ix = demand ? &m->demand_ix : &m->supply_ix;
    int32_t *n = demand ? &m->n_demand : &m->n_supply;
    int32_t first = key->period < 0 ? 0 : key->period;
    int32_t last = key->period < 0 ? m->periods : first + 1;
    gf__row_key k = *key;
    int rc = GF_OK;

    for (k.period = first; k.period < last; k.period++) {
        int32_t i = gf__ix_find(ix, &k);
        int64_t have = i < 0 ? 0 : demand ? m->demand[i].t : m->supply[i].t;
        if (have > GF_MODEL_MAX_VALUE - t)
            return gf_fail(err, GF_EINVAL, "%s at one node and period adds up to more than %lld t",
                           demand ? "demand" : "supply", (long long)GF_MODEL_MAX_VALUE);
    }
    rc = demand ? gf__model_grow((void **)&m->demand, *n + last - first - 1, &m->cap_demand,
                                 sizeof *m->demand, err)
                : gf__model_grow((void **)&m->supply, *n + last - first - 1, &m->cap_supply,
                                 sizeof *m->supply, err);
    if (!rc)
        rc = gf__ix_reserve(ix, *n + last - first, *n, err);
    for (k.period = first; !rc && k.period < last; k.period++) {
        int32_t i = gf__ix_find(ix, &k);
        if (i >= 0 && demand)
            m->demand[i].t += t;
        else if (i >= 0)
            m->supply[i].t += t;
        if (i >= 0)
            continue;
        ix->keys[*n] = k;
        gf__ix_put(ix, *n);
        put_row(m, demand, &k, t, line);
    }
    return rc;
}

int gf_model_add_supply(gf_model *m, const gf_supply *s, gf_error *err)
{
    gf__row_key k;
    int rc;

    if (!m || !s)
        return gf_fail(err, GF_EINVAL, "gf_model_add_supply: NULL argument");
    k = (gf__row_key){s->node, s->period, s->product, -1, s->price_cents_per_t};
    rc = check_row(m, &k, s->t, "price_usd_per_t", err);
    return rc ? rc : add_rows(m, false, &k, s->t, s->line, err);
}

/* A row with has_alt_from keys on alt_fob (its alternative price is computed
 * by gf_model_finish), so it never merges with a row of a given price. */
int gf_model_add_demand(gf_model *m, const gf_demand *d, gf_error *err)
{
    gf__row_key k;
    int rc;

    if (!m || !d)
        return gf_fail(err, GF_EINVAL, "gf_model_add_demand: NULL argument");
    k = (gf__row_key){d->node, d->period, d->product, d->has_alt_from ? d->alt_from : -1,
                      d->has_alt_from ? d->alt_fob_cents_per_t : d->alt_cents_per_t};
    if (d->has_alt_from && k.alt_from < 0)
        return gf_fail(err, GF_EINVAL, "alt_from is not a known node");
    rc = check_row(m, &k, d->t, d->has_alt_from ? "alt_fob_usd_per_t" : "alt_price_usd_per_t", err);
    return rc ? rc : add_rows(m, true, &k, d->t, d->line, err);
}

/* ceil(transit / period), exactly, on both taken to the micro-day: a decimal
 * figure with up to 6 decimals is then an exact integer, so 14 days in 7-day
 * periods is 2 and 2.1 days in 0.3-day periods is 7 (in binary floating
 * point 2.1 / 0.3 is 7.000000000000001, whose ceiling would be 8). A
 * positive transit under half a micro-day still counts as one micro-day. */
static int32_t lag_of(double transit_days, double period_days)
{
    int64_t tu, pu, lag;

    if (transit_days <= 0)
        return 0;
    tu = llround(transit_days * 1e6);
    pu = llround(period_days * 1e6);
    tu = tu < 1 ? 1 : tu;
    pu = pu < 1 ? 1 : pu;
    lag = (tu + pu - 1) / pu;
    return lag > 1000000000 ? 1000000000 : (int32_t)lag;
}

/* The version-2 checks (model_v2.c), the lags, then the alt_from prices
 * (model_alt.c). */
int gf_model_finish(gf_model *m, gf_error *err)
{
    int rc;

    if (!m)
        return gf_fail(err, GF_EINVAL, "gf_model_finish: NULL model");
    rc = gf__model_v2_check(m, err);
    if (rc)
        return rc;
    for (int32_t i = 0; i < m->n_links; i++)
        m->links[i].lag = lag_of(m->links[i].transit_days, m->period_days);
    rc = gf_model_refresh_alt(m, err);
    if (!rc)
        m->finished = true;
    return rc;
}

int gf_model_set_handling(gf_model *m, int32_t node, int64_t cents_per_t, gf_error *err)
{
    if (!m || node < 0 || node >= m->n_nodes)
        return gf_fail(err, GF_EINVAL, "gf_model_set_handling: bad node");
    if (cents_per_t < 0 || cents_per_t > GF_MODEL_MAX_VALUE)
        return gf_fail(err, GF_EINVAL, "handling fee out of range");
    m->nodes[node].handling_cents_per_t = cents_per_t;
    return GF_OK;
}

/* The figure setters below validate as the adds do and leave m unchanged on
 * failure; they are what a what-if edit changes (edit.h). */
int gf_model_set_node_figures(gf_model *m, int32_t node, int64_t handling_cents_per_t,
                              int64_t throughput_t, int64_t storage_t, int64_t storage_cents_per_t,
                              gf_error *err)
{
    gf_node *n;

    if (!m || node < 0 || node >= m->n_nodes)
        return gf_fail(err, GF_EINVAL, "gf_model_set_node_figures: bad node");
    if (gf__model_check_amount(handling_cents_per_t, "handling_usd_per_t", false, err) ||
        gf__model_check_amount(throughput_t, "throughput_t_per_period", true, err) ||
        gf__model_check_amount(storage_t, "storage_t", false, err) ||
        gf__model_check_amount(storage_cents_per_t, "storage_usd_per_t_per_period", false, err))
        return err && err->code ? err->code : GF_EINVAL;
    n = &m->nodes[node];
    n->handling_cents_per_t = handling_cents_per_t;
    n->throughput_t = throughput_t;
    n->storage_t = storage_t;
    n->storage_cents_per_t = storage_cents_per_t;
    return GF_OK;
}

int gf_model_set_link_cost(gf_model *m, int32_t link, int64_t cents_per_t, gf_error *err)
{
    if (!m || link < 0 || link >= m->n_links)
        return gf_fail(err, GF_EINVAL, "gf_model_set_link_cost: bad link");
    if (gf__model_check_amount(cents_per_t, "cost_usd_per_t", false, err))
        return err && err->code ? err->code : GF_EINVAL;
    m->links[link].cost_cents_per_t = cents_per_t;
    return GF_OK;
}

int gf_model_set_supply_t(gf_model *m, int32_t row, int64_t t, gf_error *err)
{
    if (!m || row < 0 || row >= m->n_supply)
        return gf_fail(err, GF_EINVAL, "gf_model_set_supply_t: bad row");
    if (gf__model_check_amount(t, "t", false, err))
        return err && err->code ? err->code : GF_EINVAL;
    m->supply[row].t = t;
    return GF_OK;
}

int gf_model_set_demand_t(gf_model *m, int32_t row, int64_t t, gf_error *err)
{
    if (!m || row < 0 || row >= m->n_demand)
        return gf_fail(err, GF_EINVAL, "gf_model_set_demand_t: bad row");
    if (gf__model_check_amount(t, "t", false, err))
        return err && err->code ? err->code : GF_EINVAL;
    m->demand[row].t = t;
    return GF_OK;
}

int32_t gf_model_arrival(const gf_model *m, int32_t link, int32_t t)
{
    int32_t p = m->periods;
    int64_t a = (int64_t)t + m->links[link].lag;

    if (m->horizon == GF_HORIZON_OPEN)
        return a < p ? (int32_t)a : -1;
    return (int32_t)(a % p);
}

int32_t gf_model_departure(const gf_model *m, int32_t link, int32_t t)
{
    int32_t p = m->periods, lag = m->links[link].lag;

    if (m->horizon == GF_HORIZON_OPEN)
        return t >= lag ? t - lag : -1;
    return (t - lag % p + p) % p;
}

const char *gf_model_name(const gf_model *m)
{
    return m->name ? m->name : "";
}

/* The first product added, else the name gf_model_set_product gave. */
const char *gf_model_product(const gf_model *m)
{
    if (m->n_products > 0)
        return m->products[0].id;
    return m->product ? m->product : "";
}

int32_t gf_model_periods(const gf_model *m)
{
    return m->periods;
}

double gf_model_period_days(const gf_model *m)
{
    return m->period_days;
}

gf_horizon gf_model_horizon(const gf_model *m)
{
    return m->horizon;
}

int32_t gf_model_node_count(const gf_model *m)
{
    return m->n_nodes;
}

int32_t gf_model_link_count(const gf_model *m)
{
    return m->n_links;
}

int32_t gf_model_supply_count(const gf_model *m)
{
    return m->n_supply;
}

int32_t gf_model_demand_count(const gf_model *m)
{
    return m->n_demand;
}

const gf_node *gf_model_node(const gf_model *m, int32_t i)
{
    return &m->nodes[i];
}

const gf_link *gf_model_link(const gf_model *m, int32_t i)
{
    return &m->links[i];
}

const gf_supply *gf_model_supply(const gf_model *m, int32_t i)
{
    return &m->supply[i];
}

const gf_demand *gf_model_demand(const gf_model *m, int32_t i)
{
    return &m->demand[i];
}

int gf__model_transit_side(const gf_model *m, int32_t node, bool *departs, gf_error *err)
{
    bool supply = false, demand = false;

    for (int32_t i = 0; !supply && i < gf_model_supply_count(m); i++)
        supply = gf_model_supply(m, i)->node == node;
    for (int32_t i = 0; !demand && i < gf_model_demand_count(m); i++)
        demand = gf_model_demand(m, i)->node == node;
    if (supply && demand)
        return gf_fail(err, GF_EINVAL,
                       "node %s has both supply and demand rows, so its transshipped tonnes "
                       "cannot be told from its own; close the whole node instead",
                       gf_model_node(m, node)->id);
    *departs = !supply;
    return GF_OK;
}
