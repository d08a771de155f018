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

/* Finds the supply (or demand) row with a given node, period and price, so
 * that rows to merge are found in O(1): keys[row] for every row, slot[] an
 * open-addressing table of row numbers (-1 empty), load <= 1/2. */
typedef struct row_key {
    int32_t node, period;
    int64_t price;
} row_key;

typedef struct row_index {
    row_key *keys; /* size cap */
    int32_t cap;
    int32_t *slot; /* size size */
    int32_t size;
} row_index;

static void ix_fini(row_index *ix);

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
    row_index supply_ix, demand_ix;
    bool finished;
};

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

static char *dup_str(const char *s)
{
    size_t n = strlen(s ? s : "") + 1;
    char *p = gf_malloc(n);

    if (p)
        memcpy(p, s ? s : "", n);
    return p;
}

static void free_str(const char *s)
{
    if (s)
        gf_free((void *)(uintptr_t)s, strlen(s) + 1);
}

/* Make room for element index n (and all below) in *arr of *cap elements of
 * size sz, doubling. The old block is kept on failure. */
static int grow(void **arr, int32_t n, int32_t *cap, size_t sz, gf_error *err)
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
    return m;
}

void gf_model_destroy(gf_model *m)
{
    if (!m)
        return;
    for (int32_t i = 0; i < m->n_nodes; i++) {
        free_str(m->nodes[i].id);
        free_str(m->nodes[i].name);
        free_str(m->nodes[i].country);
    }
    free_str(m->name);
    free_str(m->product);
    gf_free(m->nodes, (size_t)m->cap_nodes * sizeof *m->nodes);
    gf_free(m->links, (size_t)m->cap_links * sizeof *m->links);
    gf_free(m->supply, (size_t)m->cap_supply * sizeof *m->supply);
    gf_free(m->demand, (size_t)m->cap_demand * sizeof *m->demand);
    gf_free(m->hash, (size_t)m->hash_size * sizeof *m->hash);
    ix_fini(&m->supply_ix);
    ix_fini(&m->demand_ix);
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
    if (m->n_supply || m->n_demand)
        return gf_fail(err, GF_ESTATE, "set the horizon before adding supply or demand");
    m->periods = periods;
    m->period_days = period_days;
    m->horizon = h;
    return GF_OK;
}

static int set_str(char **dst, const char *s, gf_error *err)
{
    char *p = dup_str(s);

    if (!p)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    free_str(*dst);
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

static int check_amount(int64_t v, const char *what, bool unlimited_ok, gf_error *err)
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
    rc = check_amount(n->handling_cents_per_t, "handling_usd_per_t", false, err);
    if (!rc)
        rc = check_amount(n->throughput_t, "throughput_t_per_period", true, err);
    if (!rc)
        rc = check_amount(n->storage_t, "storage_t", false, err);
    if (!rc)
        rc = check_amount(n->storage_cents_per_t, "storage_usd_per_t_per_period", false, err);
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
        rc = grow((void **)&m->nodes, m->n_nodes, &m->cap_nodes, sizeof *m->nodes, err);
    if (!rc)
        rc = rehash(m, err);
    if (rc)
        return rc;
    n = *node;
    n.id = dup_str(node->id);
    n.name = dup_str(node->name);
    n.country = dup_str(node->country);
    if (!n.id || !n.name || !n.country) {
        free_str(n.id);
        free_str(n.name);
        free_str(n.country);
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
    rc = check_amount(l->cost_cents_per_t, "cost_usd_per_t", false, err);
    if (!rc)
        rc = check_amount(l->capacity_t, "capacity_t_per_period", true, err);
    if (!rc)
        rc = check_amount(l->class_cargo_t, "class_cargo_t", false, err);
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
        rc = grow((void **)&m->links, m->n_links + (both_ways ? 1 : 0), &m->cap_links,
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

static int check_row(const gf_model *m, int32_t node, int32_t period, int64_t t, int64_t price,
                     const char *price_name, gf_error *err)
{
    int rc;

    if (node < 0 || node >= m->n_nodes)
        return gf_fail(err, GF_EINVAL, "node is not a known node");
    if (period < -1 || period >= m->periods)
        return gf_fail(err, GF_EINVAL, "period must be from 1 to %d or empty (got %d)", m->periods,
                       period + 1);
    rc = check_amount(t, "t", false, err);
    if (!rc)
        rc = check_amount(price, price_name, false, err);
    return rc;
}

static void ix_fini(row_index *ix)
{
    gf_free(ix->keys, (size_t)ix->cap * sizeof *ix->keys);
    gf_free(ix->slot, (size_t)ix->size * sizeof *ix->slot);
}

static uint32_t key_hash(const row_key *k)
{
    uint64_t h = (uint64_t)(uint32_t)k->node * 0x9E3779B97F4A7C15ull;

    h ^= (uint64_t)(uint32_t)k->period * 0xC2B2AE3D27D4EB4Full;
    h ^= (uint64_t)k->price * 0x165667B19E3779F9ull;
    h ^= h >> 29;
    return (uint32_t)h;
}

static int32_t ix_find(const row_index *ix, const row_key *k)
{
    uint32_t mask = (uint32_t)ix->size - 1;

    if (!ix->size)
        return -1;
    for (uint32_t s = key_hash(k) & mask; ix->slot[s] >= 0; s = (s + 1) & mask) {
        const row_key *o = &ix->keys[ix->slot[s]];
        if (o->node == k->node && o->period == k->period && o->price == k->price)
            return ix->slot[s];
    }
    return -1;
}

static void ix_put(row_index *ix, int32_t row)
{
    uint32_t mask = (uint32_t)ix->size - 1, s = key_hash(&ix->keys[row]) & mask;

    while (ix->slot[s] >= 0)
        s = (s + 1) & mask;
    ix->slot[s] = row;
}

/* Room for rows 0..n-1 (n_now of them indexed): keys and a table of at least
 * 2n slots. The old arrays are kept on failure. */
static int ix_reserve(row_index *ix, int32_t n, int32_t n_now, gf_error *err)
{
    int32_t size = ix->size ? ix->size : 64, *slot;
    int rc = grow((void **)&ix->keys, n - 1, &ix->cap, sizeof *ix->keys, err);

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
        ix_put(ix, r);
    return GF_OK;
}

/* Add t tonnes at node in period (-1: every period) at price to the supply
 * (or demand) rows, merging with a row of the same node, period and price.
 * All or nothing: totals are checked and room is made before any change. */
static int add_rows(gf_model *m, bool demand, const gf_supply *s, gf_error *err)
{
    row_index *ix = demand ? &m->demand_ix : &m->supply_ix;
    int32_t *n = demand ? &m->n_demand : &m->n_supply;
    int32_t first = s->period < 0 ? 0 : s->period, last = s->period < 0 ? m->periods : first + 1;
    int rc = GF_OK;

    for (int32_t p = first; p < last; p++) {
        row_key k = {s->node, p, s->price_cents_per_t};
        int32_t i = ix_find(ix, &k);
        int64_t have = i < 0 ? 0 : demand ? m->demand[i].t : m->supply[i].t;
        if (have > GF_MODEL_MAX_VALUE - s->t)
            return gf_fail(err, GF_EINVAL, "%s at one node and period adds up to more than %lld t",
                           demand ? "demand" : "supply", (long long)GF_MODEL_MAX_VALUE);
    }
    rc = demand ? grow((void **)&m->demand, *n + last - first - 1, &m->cap_demand,
                       sizeof *m->demand, err)
                : grow((void **)&m->supply, *n + last - first - 1, &m->cap_supply,
                       sizeof *m->supply, err);
    if (!rc)
        rc = ix_reserve(ix, *n + last - first, *n, err);
    for (int32_t p = first; !rc && p < last; p++) {
        row_key k = {s->node, p, s->price_cents_per_t};
        int32_t i = ix_find(ix, &k);
        if (i >= 0 && demand)
            m->demand[i].t += s->t;
        else if (i >= 0)
            m->supply[i].t += s->t;
        if (i >= 0)
            continue;
        if (demand)
            m->demand[*n] = (gf_demand){.node = s->node,
                                        .period = p,
                                        .t = s->t,
                                        .alt_cents_per_t = s->price_cents_per_t,
                                        .line = s->line};
        else
            m->supply[*n] = (gf_supply){.node = s->node,
                                        .period = p,
                                        .t = s->t,
                                        .price_cents_per_t = s->price_cents_per_t,
                                        .line = s->line};
        ix->keys[*n] = k;
        ix_put(ix, *n);
        (*n)++;
    }
    return rc;
}

int gf_model_add_supply(gf_model *m, const gf_supply *s, gf_error *err)
{
    int rc;

    if (!m || !s)
        return gf_fail(err, GF_EINVAL, "gf_model_add_supply: NULL argument");
    rc = check_row(m, s->node, s->period, s->t, s->price_cents_per_t, "price_usd_per_t", err);
    return rc ? rc : add_rows(m, false, s, err);
}

int gf_model_add_demand(gf_model *m, const gf_demand *d, gf_error *err)
{
    gf_supply row;
    int rc;

    if (!m || !d)
        return gf_fail(err, GF_EINVAL, "gf_model_add_demand: NULL argument");
    rc = check_row(m, d->node, d->period, d->t, d->alt_cents_per_t, "alt_price_usd_per_t", err);
    row = (gf_supply){.node = d->node,
                      .period = d->period,
                      .t = d->t,
                      .price_cents_per_t = d->alt_cents_per_t,
                      .line = d->line};
    return rc ? rc : add_rows(m, true, &row, err);
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

int gf_model_finish(gf_model *m, gf_error *err)
{
    if (!m)
        return gf_fail(err, GF_EINVAL, "gf_model_finish: NULL model");
    for (int32_t i = 0; i < m->n_links; i++)
        m->links[i].lag = lag_of(m->links[i].transit_days, m->period_days);
    m->finished = true;
    return GF_OK;
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
    if (check_amount(handling_cents_per_t, "handling_usd_per_t", false, err) ||
        check_amount(throughput_t, "throughput_t_per_period", true, err) ||
        check_amount(storage_t, "storage_t", false, err) ||
        check_amount(storage_cents_per_t, "storage_usd_per_t_per_period", false, err))
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
    if (check_amount(cents_per_t, "cost_usd_per_t", false, err))
        return err && err->code ? err->code : GF_EINVAL;
    m->links[link].cost_cents_per_t = cents_per_t;
    return GF_OK;
}

int gf_model_set_supply_t(gf_model *m, int32_t row, int64_t t, gf_error *err)
{
    if (!m || row < 0 || row >= m->n_supply)
        return gf_fail(err, GF_EINVAL, "gf_model_set_supply_t: bad row");
    if (check_amount(t, "t", false, err))
        return err && err->code ? err->code : GF_EINVAL;
    m->supply[row].t = t;
    return GF_OK;
}

int gf_model_set_demand_t(gf_model *m, int32_t row, int64_t t, gf_error *err)
{
    if (!m || row < 0 || row >= m->n_demand)
        return gf_fail(err, GF_EINVAL, "gf_model_set_demand_t: bad row");
    if (check_amount(t, "t", false, err))
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

const char *gf_model_product(const gf_model *m)
{
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
