/* src/mcf/mcf_cut.c: a readable certificate of infeasibility.
 *
 * If the supplies do not sum to zero, S is every node. Otherwise the solve
 * ended with flow on artificial arcs: some nodes kept supply they could not
 * send (excess). Let S be the nodes reachable from them in the residual graph
 * of the real arcs. By optimality no deficit node is in S (a path to one
 * would cost less than the artificial arc it relieves), so every arc leaving
 * S is at its upper bound and every arc entering it at its lower bound, and
 * b(S) = cap_out(S) + the excess left in S > cap_out(S).
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "grainflow/alloc.h"
#include "mcf/mcf_int.h"

/* Incidence lists: adj[first[v] .. first[v+1]) holds the arcs touching v. */
typedef struct incidence {
    int32_t *first; /* size n + 1 */
    int32_t *adj;   /* size 2m */
} incidence;

static int incidence_init(incidence *g, const gf_mcf *mcf)
{
    int32_t n = mcf->n, m = mcf->m;

    g->first = gf_calloc((size_t)n + 2, sizeof *g->first);
    g->adj = gf_malloc(2 * (size_t)(m > 0 ? m : 1) * sizeof *g->adj);
    if (!g->first || !g->adj)
        return GF_ENOMEM;
    for (int32_t e = 0; e < m; e++) {
        g->first[mcf->a_src[e] + 2]++;
        g->first[mcf->a_dst[e] + 2]++;
    }
    for (int32_t v = 0; v < n; v++)
        g->first[v + 2] += g->first[v + 1];
    for (int32_t e = 0; e < m; e++) {
        g->adj[g->first[mcf->a_src[e] + 1]++] = e;
        g->adj[g->first[mcf->a_dst[e] + 1]++] = e;
    }
    return GF_OK;
}

static void incidence_fini(incidence *g, const gf_mcf *mcf)
{
    gf_free(g->first, ((size_t)mcf->n + 2) * sizeof *g->first);
    gf_free(g->adj, 2 * (size_t)(mcf->m > 0 ? mcf->m : 1) * sizeof *g->adj);
}

/* Mark in `in` every node reachable from an excess node; queue is size n. */
static void reach_from_excess(const gf_mcf *mcf, const incidence *g, uint8_t *in, int32_t *queue)
{
    int32_t head = 0, tail = 0;

    for (int32_t v = 0; v < mcf->n; v++) {
        int32_t a = mcf->m + v;
        if (mcf->flow[a] > 0 && mcf->src[a] == v) {
            in[v] = 1;
            queue[tail++] = v;
        }
    }
    while (head < tail) {
        int32_t u = queue[head++];
        for (int32_t i = g->first[u]; i < g->first[u + 1]; i++) {
            int32_t e = g->adj[i], w;
            int64_t lo = mcf->lower ? mcf->lower[e] : 0;
            if (mcf->a_src[e] == u && mcf->user_flow[e] - lo < mcf->a_cap[e])
                w = mcf->a_dst[e];
            else if (mcf->a_dst[e] == u && mcf->user_flow[e] - lo > 0)
                w = mcf->a_src[e];
            else
                continue;
            if (!in[w]) {
                in[w] = 1;
                queue[tail++] = w;
            }
        }
    }
}

/* Sum b over S and the capacity across the cut, in the direction dir. */
static void measure_cut(const gf_mcf *mcf, const uint8_t *in, gf_mcf_cut *cut)
{
    __int128 supply = 0, capacity = 0;

    for (int32_t v = 0; v < mcf->n; v++)
        if (in[v])
            supply += mcf->supply[v];
    for (int32_t e = 0; e < mcf->m; e++) {
        int64_t lo = mcf->lower ? mcf->lower[e] : 0;
        bool out = in[mcf->a_src[e]] && !in[mcf->a_dst[e]];
        bool into = !in[mcf->a_src[e]] && in[mcf->a_dst[e]];
        if (cut->dir == GF_MCF_CUT_IN) {
            bool t = out;
            out = into;
            into = t;
        }
        if (out)
            capacity += mcf->a_cap[e] >= GF_FLOW_INF ? (__int128)INT64_MAX : mcf->a_cap[e] + lo;
        else if (into)
            capacity -= lo;
    }
    cut->supply = (int64_t)supply;
    cut->capacity = capacity > INT64_MAX ? INT64_MAX : (int64_t)capacity;
}

int gf_mcf_infeasible_cut(const gf_mcf *mcf, gf_mcf_cut *cut, gf_error *err)
{
    incidence g = {0};
    uint8_t *in = NULL;
    int32_t *queue = NULL;
    int rc = GF_OK;
    __int128 sum = 0;

    if (!mcf || !cut)
        return gf_fail(err, GF_EINVAL, "gf_mcf_infeasible_cut: NULL argument");
    memset(cut, 0, sizeof *cut);
    if (mcf->status != GF_MCF_INFEASIBLE)
        return gf_fail(err, GF_ESTATE, "the last solve did not end infeasible");
    in = gf_calloc((size_t)mcf->n + 1, 1);
    queue = gf_malloc(((size_t)mcf->n + 1) * sizeof *queue);
    if (!in || !queue) {
        rc = gf_fail(err, GF_ENOMEM, "out of memory for the infeasibility certificate");
        goto out;
    }
    for (int32_t v = 0; v < mcf->n; v++)
        sum += mcf->supply[v];
    cut->dir = sum < 0 ? GF_MCF_CUT_IN : GF_MCF_CUT_OUT;
    if (sum != 0) {
        memset(in, 1, (size_t)mcf->n);
    } else {
        if (incidence_init(&g, mcf)) {
            rc = gf_fail(err, GF_ENOMEM, "out of memory for the infeasibility certificate");
            goto out;
        }
        reach_from_excess(mcf, &g, in, queue);
    }
    for (int32_t v = 0; v < mcf->n; v++)
        if (in[v])
            queue[cut->n_nodes++] = v;
    cut->nodes = gf_malloc((size_t)(cut->n_nodes > 0 ? cut->n_nodes : 1) * sizeof *cut->nodes);
    if (!cut->nodes) {
        rc = gf_fail(err, GF_ENOMEM, "out of memory for the infeasibility certificate");
        cut->n_nodes = 0;
        goto out;
    }
    memcpy(cut->nodes, queue, (size_t)cut->n_nodes * sizeof *queue);
    measure_cut(mcf, in, cut);
out:
    if (g.first || g.adj)
        incidence_fini(&g, mcf);
    gf_free(in, (size_t)mcf->n + 1);
    gf_free(queue, ((size_t)mcf->n + 1) * sizeof *queue);
    return rc;
}

void gf_mcf_cut_fini(gf_mcf_cut *cut)
{
    if (!cut)
        return;
    gf_free(cut->nodes, (size_t)(cut->n_nodes > 0 ? cut->n_nodes : 1) * sizeof *cut->nodes);
    memset(cut, 0, sizeof *cut);
}
