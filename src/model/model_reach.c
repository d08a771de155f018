/* src/model/model_reach.c: which nodes supply can reach and which reach demand.
 *
 * Two breadth-first searches over the links, ignoring time, capacity and
 * cost: forward from every node with a supply offer, backward from every node
 * with demand. A market outside the first set can never be served; an origin
 * outside the second can never sell. validate reports both as warnings.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "grainflow/alloc.h"
#include "grainflow/model.h"

/* Mark in seen[] every node reachable from the marked ones, following links
 * forward (or backward). queue has room for every node; adj is a CSR of the
 * links by from (or to) node. */
static void search(const gf_model *m, uint8_t *seen, int32_t *queue, const int32_t *first,
                   const int32_t *adj, bool forward)
{
    int32_t head = 0, tail = 0;

    for (int32_t n = 0; n < gf_model_node_count(m); n++)
        if (seen[n])
            queue[tail++] = n;
    while (head < tail) {
        int32_t u = queue[head++];
        for (int32_t k = first[u]; k < first[u + 1]; k++) {
            const gf_link *l = gf_model_link(m, adj[k]);
            int32_t v = forward ? l->to : l->from;
            if (!seen[v]) {
                seen[v] = 1;
                queue[tail++] = v;
            }
        }
    }
}

/* CSR of the links by their from (forward) or to node. */
static void build_adj(const gf_model *m, int32_t *first, int32_t *adj, bool forward)
{
    int32_t nn = gf_model_node_count(m), nl = gf_model_link_count(m);

    memset(first, 0, ((size_t)nn + 1) * sizeof *first);
    for (int32_t l = 0; l < nl; l++)
        first[(forward ? gf_model_link(m, l)->from : gf_model_link(m, l)->to) + 1]++;
    for (int32_t n = 0; n < nn; n++)
        first[n + 1] += first[n];
    for (int32_t l = 0; l < nl; l++) {
        int32_t u = forward ? gf_model_link(m, l)->from : gf_model_link(m, l)->to;
        int32_t k = first[u];
        while (adj[k] >= 0)
            k++;
        adj[k] = l;
    }
}

int gf_model_reach(const gf_model *m, uint8_t *from_supply, uint8_t *to_demand, gf_error *err)
{
    int32_t nn, nl, *first = NULL, *adj = NULL, *queue = NULL;
    int rc = GF_OK;

    if (!m || !from_supply || !to_demand)
        return gf_fail(err, GF_EINVAL, "gf_model_reach: NULL argument");
    nn = gf_model_node_count(m);
    nl = gf_model_link_count(m);
    first = gf_malloc(((size_t)nn + 1) * sizeof *first);
    adj = gf_malloc(((size_t)nl + 1) * sizeof *adj);
    queue = gf_malloc(((size_t)nn + 1) * sizeof *queue);
    if (!first || !adj || !queue) {
        rc = gf_fail(err, GF_ENOMEM, "out of memory");
        goto out;
    }
    memset(from_supply, 0, (size_t)nn);
    memset(to_demand, 0, (size_t)nn);
    for (int32_t i = 0; i < gf_model_supply_count(m); i++)
        from_supply[gf_model_supply(m, i)->node] = gf_model_supply(m, i)->t > 0;
    for (int32_t i = 0; i < gf_model_demand_count(m); i++)
        to_demand[gf_model_demand(m, i)->node] |= gf_model_demand(m, i)->t > 0;
    for (int dir = 0; dir < 2; dir++) {
        for (int32_t l = 0; l < nl; l++)
            adj[l] = -1;
        build_adj(m, first, adj, dir == 0);
        search(m, dir == 0 ? from_supply : to_demand, queue, first, adj, dir == 0);
    }
out:
    gf_free(first, ((size_t)nn + 1) * sizeof *first);
    gf_free(adj, ((size_t)nl + 1) * sizeof *adj);
    gf_free(queue, ((size_t)nn + 1) * sizeof *queue);
    return rc;
}
