/* src/model/model_alt.c: alternative prices tied to freight (demand rows with alt_from).
 *
 * A row's alternative price is alt_fob + the cheapest path from alt_from to
 * its market, per product: Dijkstra over the links that may carry the
 * product, through no hub facility node, with link weight cost_cents_per_t +
 * departure_cents / vessel_t (rounded to the cent half away from zero,
 * gf_model_departure_share) + the handling fee of the node it enters (so the
 * market's handling counts, the start's does not); no subsidy, capacities and
 * time ignored. Every weight is a whole number of cents, so the price is
 * exact in int64; distances saturate at GF_MODEL_MAX_VALUE + 1, and a price
 * past GF_MODEL_MAX_VALUE is refused. Rows sharing (alt_from, product) share
 * one search. Heap: binary, with lazy deletion (a node may be pushed once
 * per improvement; at most one push per link plus the start).
 * gf_model_set_alt_fob, the what-if setter of a row's FOB price, lives here
 * with the price it feeds; the caller refreshes (edit.c does, once per list).
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "grainflow/alloc.h"
#include "grainflow/model.h"
#include "model/model_int.h"

#define DIST_INF (GF_MODEL_MAX_VALUE + 1)

typedef struct heap_item {
    int64_t d;
    int32_t v;
} heap_item;

/* Scratch of one refresh: CSR of links by from node, distances, heap. */
typedef struct alt_work {
    int32_t *first, *adj;
    int64_t *dist;
    uint8_t *hub;
    heap_item *heap;
    int32_t n_heap;
} alt_work;

static void heap_push(alt_work *w, int64_t d, int32_t v)
{
    int32_t i = w->n_heap++;

    while (i > 0 && w->heap[(i - 1) / 2].d > d) {
        w->heap[i] = w->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    w->heap[i] = (heap_item){d, v};
}

static heap_item heap_pop(alt_work *w)
{
    heap_item top = w->heap[0], last = w->heap[--w->n_heap];
    int32_t i = 0;

    for (;;) {
        int32_t c = 2 * i + 1;
        if (c >= w->n_heap)
            break;
        if (c + 1 < w->n_heap && w->heap[c + 1].d < w->heap[c].d)
            c++;
        if (w->heap[c].d >= last.d)
            break;
        w->heap[i] = w->heap[c];
        i = c;
    }
    if (w->n_heap > 0)
        w->heap[i] = last;
    return top;
}

static int64_t link_weight(const gf_model *m, const gf_link *l)
{
    return l->cost_cents_per_t + gf_model_departure_share(l) + m->nodes[l->to].handling_cents_per_t;
}

/* dist[] from src over the links carrying product, avoiding hub nodes. */
static void dijkstra(const gf_model *m, alt_work *w, int32_t src, int32_t product)
{
    for (int32_t n = 0; n < m->n_nodes; n++)
        w->dist[n] = DIST_INF;
    w->dist[src] = 0;
    w->n_heap = 0;
    heap_push(w, 0, src);
    while (w->n_heap > 0) {
        heap_item it = heap_pop(w);
        if (it.d > w->dist[it.v])
            continue; /* stale */
        for (int32_t k = w->first[it.v]; k < w->first[it.v + 1]; k++) {
            const gf_link *l = &m->links[w->adj[k]];
            int64_t d = it.d + link_weight(m, l); /* <= 2^50 + 3 x 2^50: no overflow */
            if (w->hub[l->to] || !gf_model_link_carries(m, w->adj[k], product))
                continue;
            if (d > DIST_INF)
                d = DIST_INF;
            if (d < w->dist[l->to]) {
                w->dist[l->to] = d;
                heap_push(w, d, l->to);
            }
        }
    }
}

/* CSR of the links by from node: first[u]..first[u + 1] index adj[]. Filled
 * backwards, so that first[u + 1] ends at u's start; shifted down after. */
static void build_csr(const gf_model *m, alt_work *w)
{
    memset(w->first, 0, ((size_t)m->n_nodes + 1) * sizeof *w->first);
    for (int32_t l = 0; l < m->n_links; l++)
        w->first[m->links[l].from + 1]++;
    for (int32_t n = 0; n < m->n_nodes; n++)
        w->first[n + 1] += w->first[n];
    for (int32_t l = m->n_links - 1; l >= 0; l--)
        w->adj[--w->first[m->links[l].from + 1]] = l;
    memmove(w->first, w->first + 1, (size_t)m->n_nodes * sizeof *w->first);
    w->first[m->n_nodes] = m->n_links;
}

/* The price of every row with the same (alt_from, product) as row r, from
 * one search. GF_EINVAL naming the first row whose market is not reached. */
static int price_rows(gf_model *m, alt_work *w, int32_t r, uint8_t *done, gf_error *err)
{
    const gf_demand *d0 = &m->demand[r];

    dijkstra(m, w, d0->alt_from, d0->product);
    for (int32_t i = r; i < m->n_demand; i++) {
        gf_demand *d = &m->demand[i];
        int64_t price;
        if (done[i] || !d->has_alt_from || d->alt_from != d0->alt_from || d->product != d0->product)
            continue;
        done[i] = 1;
        price = w->dist[d->node] >= DIST_INF ? DIST_INF : d->alt_fob_cents_per_t + w->dist[d->node];
        if (price > GF_MODEL_MAX_VALUE) {
            if (w->dist[d->node] >= DIST_INF)
                gf_fail(err, GF_EINVAL,
                        "no path from alt_from '%.48s' to market '%.48s' for product '%.32s' over "
                        "links that carry it and avoid hub facility nodes; add a link or "
                        "choose another alt_from",
                        m->nodes[d->alt_from].id, m->nodes[d->node].id,
                        gf_model_product_id(m, d->product));
            else
                gf_fail(err, GF_EINVAL,
                        "the alternative price from alt_from '%.48s' to market '%.48s' is more "
                        "than %lld cents per tonne",
                        m->nodes[d->alt_from].id, m->nodes[d->node].id,
                        (long long)GF_MODEL_MAX_VALUE);
            if (d->line > 0)
                gf_error_at(err, "demand.csv", d->line, 0);
            return GF_EINVAL;
        }
        d->alt_cents_per_t = price;
    }
    return GF_OK;
}

static void work_fini(const gf_model *m, alt_work *w)
{
    size_t nn = (size_t)m->n_nodes + 1, nl = (size_t)m->n_links + 1;

    gf_free(w->first, nn * sizeof *w->first);
    gf_free(w->adj, nl * sizeof *w->adj);
    gf_free(w->dist, nn * sizeof *w->dist);
    gf_free(w->hub, nn);
    gf_free(w->heap, (nl + 1) * sizeof *w->heap);
}

int gf_model_refresh_alt(gf_model *m, gf_error *err)
{
    size_t nn, nl;
    alt_work w = {0};
    uint8_t *done = NULL;
    int rc = GF_OK;
    int32_t i = 0;

    if (!m)
        return gf_fail(err, GF_EINVAL, "gf_model_refresh_alt: NULL model");
    while (i < m->n_demand && !m->demand[i].has_alt_from)
        i++;
    if (i == m->n_demand)
        return GF_OK; /* no alt_from rows: nothing to allocate */
    nn = (size_t)m->n_nodes + 1;
    nl = (size_t)m->n_links + 1;
    w.first = gf_malloc(nn * sizeof *w.first);
    w.adj = gf_malloc(nl * sizeof *w.adj);
    w.dist = gf_malloc(nn * sizeof *w.dist);
    w.hub = gf_calloc(nn, 1);
    w.heap = gf_malloc((nl + 1) * sizeof *w.heap);
    done = gf_calloc((size_t)m->n_demand, 1);
    if (!w.first || !w.adj || !w.dist || !w.hub || !w.heap || !done) {
        rc = gf_fail(err, GF_ENOMEM, "out of memory");
        goto out;
    }
    for (int32_t k = 0; k < m->n_hub_opts; k++)
        w.hub[m->hub_opts[k].node] = 1;
    build_csr(m, &w);
    for (; !rc && i < m->n_demand; i++)
        if (m->demand[i].has_alt_from && !done[i])
            rc = price_rows(m, &w, i, done, err);
out:
    gf_free(done, (size_t)m->n_demand);
    work_fini(m, &w);
    return rc;
}

int gf_model_set_alt_fob(gf_model *m, int32_t row, int64_t cents_per_t, gf_error *err)
{
    if (!m || row < 0 || row >= m->n_demand)
        return gf_fail(err, GF_EINVAL, "gf_model_set_alt_fob: bad row");
    if (!m->demand[row].has_alt_from)
        return gf_fail(err, GF_EINVAL,
                       "demand row %ld has no alt_from: its alternative price is the fixed "
                       "alt_price_usd_per_t, with no FOB price to change",
                       m->demand[row].line);
    if (gf__model_check_amount(cents_per_t, "alt_fob_usd_per_t", false, err))
        return err && err->code ? err->code : GF_EINVAL;
    m->demand[row].alt_fob_cents_per_t = cents_per_t;
    return GF_OK;
}
