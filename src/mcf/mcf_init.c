/* src/mcf/mcf_init.c: build a network, change its data, and set up a solve.
 *
 * gf__mcf_prepare shifts the lower bounds out, checks that no flow or
 * potential the solver can form overflows int64_t (using 128-bit sums), and
 * fixes the artificial cost; the objective is checked once, from the final
 * flows (publish_flows in mcf_solve.c). gf__mcf_init_tree builds the starting basis of a cold
 * solve: every node hangs from the root by its artificial arc.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <string.h>

#include "grainflow/alloc.h"
#include "mcf/mcf_int.h"

typedef __int128 i128;

#define USER_ARRAYS(X)   X(a_src) X(a_dst) X(a_cost) X(a_cap)
#define SOLVER_ARRAYS(X) X(src) X(dst) X(cost) X(cap) X(flow) X(state)
#define NODE_ARRAYS(X) \
    X(pi)              \
    X(bal)             \
    X(parent)          \
    X(pred)            \
    X(thread) X(rev_thread) X(succ_num) X(last_succ) X(dirty) X(pred_dir) X(path_a) X(path_b)

static int64_t abs64(int64_t x)
{
    return x < 0 ? -x : x;
}

static bool value_ok(int64_t x)
{
    return x >= -GF_MCF_MAX_VALUE && x <= GF_MCF_MAX_VALUE;
}

/* Move one array into a fresh block of new_bytes (old_bytes of it copied). */
static void *move_block(void *old, size_t old_bytes, void *fresh)
{
    if (old)
        memcpy(fresh, old, old_bytes);
    gf_free(old, old_bytes);
    return fresh;
}

/* Grow the problem's arc arrays to hold room arcs. All new blocks are taken
 * before any old one is let go, so on failure the network is unchanged and
 * the allocator has seen every block with its true size. */
static int reserve_arcs(gf_mcf *mcf, int32_t room, gf_error *err)
{
    size_t old_k = (size_t)mcf->arc_room, new_k = (size_t)room;
    int32_t *src = NULL, *dst = NULL;
    int64_t *cost = NULL, *cap = NULL, *lower = NULL;

    if (room <= mcf->arc_room && mcf->a_src)
        return GF_OK;
    src = gf_malloc(new_k * sizeof *src);
    dst = gf_malloc(new_k * sizeof *dst);
    cost = gf_malloc(new_k * sizeof *cost);
    cap = gf_malloc(new_k * sizeof *cap);
    if (mcf->lower)
        lower = gf_malloc(new_k * sizeof *lower);
    if (!src || !dst || !cost || !cap || (mcf->lower && !lower)) {
        gf_free(src, new_k * sizeof *src);
        gf_free(dst, new_k * sizeof *dst);
        gf_free(cost, new_k * sizeof *cost);
        gf_free(cap, new_k * sizeof *cap);
        gf_free(lower, new_k * sizeof *lower);
        return gf_fail(err, GF_ENOMEM, "out of memory for %ld arcs", (long)room);
    }
    mcf->a_src = move_block(mcf->a_src, old_k * sizeof *src, src);
    mcf->a_dst = move_block(mcf->a_dst, old_k * sizeof *dst, dst);
    mcf->a_cost = move_block(mcf->a_cost, old_k * sizeof *cost, cost);
    mcf->a_cap = move_block(mcf->a_cap, old_k * sizeof *cap, cap);
    if (mcf->lower)
        mcf->lower = move_block(mcf->lower, old_k * sizeof *lower, lower);
    mcf->arc_room = room;
    return GF_OK;
}

/* Free the solver's arc arrays (sized by the last layout). */
static void free_layout(gf_mcf *mcf)
{
    size_t k = (size_t)mcf->laid_m + (size_t)mcf->n;

#define FREE_ARC(a)                      \
    gf_free(mcf->a, k * sizeof *mcf->a); \
    mcf->a = NULL;
    SOLVER_ARRAYS(FREE_ARC)
#undef FREE_ARC
    gf_free(mcf->perm, (size_t)mcf->laid_m * sizeof *mcf->perm);
    gf_free(mcf->user_flow, (size_t)mcf->laid_m * sizeof *mcf->user_flow);
    mcf->perm = NULL;
    mcf->user_flow = NULL;
    mcf->laid_m = 0;
    mcf->layout_ok = false;
}

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* True when most consecutive arcs are copies of one another shifted in node
 * ids (same cost, src and dst moved by the same offset): the signature of a
 * time-expanded network listed link by link, as gf_network_build does. */
static bool lists_time_copies(const gf_mcf *mcf)
{
    int64_t copies = 0;

    for (int32_t e = 1; e < mcf->m; e++) {
        int32_t ds = mcf->a_src[e] - mcf->a_src[e - 1], dd = mcf->a_dst[e] - mcf->a_dst[e - 1];
        copies += ds != 0 && ds == dd && mcf->a_cost[e] == mcf->a_cost[e - 1];
    }
    return 2 * copies > (int64_t)mcf->m;
}

/* The solver's arc order, perm[e] = position of caller's arc e. Block
 * pricing takes the best arc of consecutive positions, so the order decides
 * what each block sees. Three orders, chosen by the input's shape:
 * - time copies listed together (a block would hold ~10 links x 52 weeks of
 *   identical choices), up to 2^17 nodes: a seeded Fisher-Yates shuffle, so
 *   each block samples the whole network. corridor_300x52_s1: 236k pivots /
 *   0.78 s in the caller's order, 91k / 0.24 s strided, 42k / 0.09 s
 *   shuffled; syn-1000 of bench/plan.sh (57k nodes): solve 0.76 s shuffled,
 *   1.05 s sorted by source.
 * - time copies, more than 2^17 nodes: sorted by source node (a counting
 *   sort, stable). A shuffle makes every priced arc two cache misses once
 *   the potentials outgrow the cache: syn-5000 (286k nodes, 1.5M arcs)
 *   solved in 18.7 s shuffled, 9.7 s sorted (1.64M pivots against 1.23M);
 *   at 62k nodes (corridor_1200x52_s1) the two were even (5.6 / 5.4 s).
 * - otherwise: LEMON's stride (positions 0, skip, 2 skip, ... then 1, ...,
 *   skip = max(m/n, 3)), which keeps enough locality for grids: grid_14
 *   (bench/gen/gen_grid) 59k pivots / 0.14 s strided, 118k / 0.58 s
 *   shuffled; NETGEN, GRIDGEN and GOTO are within noise either way.
 * Returns GF_OK or GF_ENOMEM (the counting sort's scratch). */
static int order_arcs(gf_mcf *mcf)
{
    uint64_t seed = 0x6772616966ull; /* fixed: solves are deterministic */

    mcf->shuffled = lists_time_copies(mcf);
    mcf->by_source = mcf->shuffled && mcf->n > (1 << 17);
    if (mcf->by_source) {
        size_t size = ((size_t)mcf->n + 1) * sizeof(int32_t);
        int32_t *next = gf_calloc((size_t)mcf->n + 1, sizeof *next);
        if (!next)
            return GF_ENOMEM;
        for (int32_t e = 0; e < mcf->m; e++) /* next[v + 1] = arcs out of v */
            next[mcf->a_src[e] + 1]++;
        for (int32_t v = 0; v < mcf->n; v++) /* next[v] = first slot of v */
            next[v + 1] += next[v];
        for (int32_t e = 0; e < mcf->m; e++)
            mcf->perm[e] = next[mcf->a_src[e]]++;
        gf_free(next, size);
        return GF_OK;
    }
    if (mcf->shuffled) {
        for (int32_t e = 0; e < mcf->m; e++)
            mcf->perm[e] = e;
        for (int32_t e = mcf->m - 1; e > 0; e--) {
            int32_t j = (int32_t)(splitmix64(&seed) % (uint64_t)(e + 1)), t = mcf->perm[e];
            mcf->perm[e] = mcf->perm[j];
            mcf->perm[j] = t;
        }
        return GF_OK;
    }
    int32_t skip = mcf->n > 0 ? mcf->m / mcf->n : 3, i = 0, j = 0;
    if (skip < 3)
        skip = 3;
    for (int32_t e = 0; e < mcf->m; e++) {
        mcf->perm[e] = i;
        i += skip;
        if (i >= mcf->m)
            i = ++j;
    }
    return GF_OK;
}

/* Allocate the solver's arrays for the current arcs and lay the real arcs
 * out in them in the order order_arcs chooses. */
int gf__mcf_layout(gf_mcf *mcf, gf_error *err)
{
    size_t m = (size_t)mcf->m, k = m + (size_t)mcf->n;

    if (mcf->layout_ok)
        return GF_OK;
    free_layout(mcf);
    mcf->laid_m = mcf->m;
#define ALLOC_ARC(a)                                        \
    if (k > 0 && !(mcf->a = gf_malloc(k * sizeof *mcf->a))) \
        goto nomem;
    SOLVER_ARRAYS(ALLOC_ARC)
#undef ALLOC_ARC
    if (m > 0 && (!(mcf->perm = gf_malloc(m * sizeof *mcf->perm)) ||
                  !(mcf->user_flow = gf_calloc(m, sizeof *mcf->user_flow))))
        goto nomem;
    if (order_arcs(mcf))
        goto nomem;
    for (int32_t e = 0; e < mcf->m; e++) {
        int32_t i = mcf->perm[e];
        mcf->src[i] = mcf->a_src[e];
        mcf->dst[i] = mcf->a_dst[e];
        mcf->flow[i] = 0;
        mcf->state[i] = STATE_LOWER;
    }
    mcf->layout_ok = true;
    mcf->has_basis = false;
    return GF_OK;
nomem:
    free_layout(mcf);
    return gf_fail(err, GF_ENOMEM, "out of memory for the solver's %ld arcs", (long)m);
}

gf_mcf_options gf_mcf_options_default(void)
{
    gf_mcf_options o;

    memset(&o, 0, sizeof o);
    o.pivot = GF_MCF_BLOCK_SEARCH;
    return o;
}

gf_mcf *gf_mcf_create(int32_t n_nodes, int32_t arcs_hint, gf_error *err)
{
    gf_mcf *mcf = NULL;
    size_t k;

    if (n_nodes < 0 || n_nodes > GF_MCF_MAX_NODES) {
        gf_fail(err, GF_EINVAL, "node count must be between 0 and %d (got %ld)", GF_MCF_MAX_NODES,
                (long)n_nodes);
        return NULL;
    }
    if (arcs_hint < 1 || arcs_hint > GF_MCF_MAX_ARCS)
        arcs_hint = 1;
    mcf = gf_calloc(1, sizeof *mcf);
    if (!mcf)
        goto nomem;
    mcf->n = n_nodes;
    k = (size_t)n_nodes + 1;
#define ALLOC_NODE(a)                             \
    if (!(mcf->a = gf_calloc(k, sizeof *mcf->a))) \
        goto nomem;
    NODE_ARRAYS(ALLOC_NODE)
#undef ALLOC_NODE
    if (!(mcf->supply = gf_calloc(k, sizeof *mcf->supply)))
        goto nomem;
    if (reserve_arcs(mcf, arcs_hint, err))
        goto fail;
    return mcf;
nomem:
    gf_fail(err, GF_ENOMEM, "out of memory for a network of %ld nodes", (long)n_nodes);
fail:
    gf_mcf_destroy(mcf);
    return NULL;
}

void gf_mcf_destroy(gf_mcf *mcf)
{
    size_t ka, kn;

    if (!mcf)
        return;
    free_layout(mcf);
    ka = (size_t)mcf->arc_room;
    kn = (size_t)mcf->n + 1;
#define FREE_ARC(a)  gf_free(mcf->a, ka * sizeof *mcf->a);
#define FREE_NODE(a) gf_free(mcf->a, kn * sizeof *mcf->a);
    USER_ARRAYS(FREE_ARC)
    NODE_ARRAYS(FREE_NODE)
#undef FREE_ARC
#undef FREE_NODE
    gf_free(mcf->supply, kn * sizeof *mcf->supply);
    gf_free(mcf->lower, ka * sizeof *mcf->lower);
    gf_free(mcf, sizeof *mcf);
}

static int check_arc(const gf_mcf *mcf, int32_t u, int32_t v, int64_t lower, int64_t upper,
                     bool uncap, int64_t cost, long index, gf_error *err)
{
    if (u < 0 || u >= mcf->n || v < 0 || v >= mcf->n)
        return gf_fail(err, GF_EINVAL, "arc %ld: node id out of range 0..%ld (got %ld -> %ld)",
                       index, (long)mcf->n - 1, (long)u, (long)v);
    if (!value_ok(lower) || (!uncap && !value_ok(upper)) || !value_ok(cost))
        return gf_fail(err, GF_EINVAL,
                       "arc %ld: bounds and cost must lie within +-2^50 (lower %lld, upper %lld, "
                       "cost %lld)",
                       index, (long long)lower, (long long)upper, (long long)cost);
    if (!uncap && lower > upper)
        return gf_fail(err, GF_EINVAL, "arc %ld: lower bound %lld exceeds upper bound %lld", index,
                       (long long)lower, (long long)upper);
    return GF_OK;
}

/* Store arc e's data; the caller has checked it and made room. */
static int set_arc(gf_mcf *mcf, int32_t e, int32_t u, int32_t v, int64_t lower, int64_t upper,
                   bool uncap, int64_t cost, gf_error *err)
{
    if (lower != 0 && !mcf->lower) {
        mcf->lower = gf_calloc((size_t)mcf->arc_room, sizeof *mcf->lower);
        if (!mcf->lower)
            return gf_fail(err, GF_ENOMEM, "out of memory for lower bounds");
    }
    mcf->a_src[e] = u;
    mcf->a_dst[e] = v;
    mcf->a_cost[e] = cost;
    mcf->a_cap[e] = uncap ? GF_FLOW_INF : upper - lower;
    if (mcf->lower)
        mcf->lower[e] = lower;
    return GF_OK;
}

gf_mcf *gf_mcf_create_arcs(int32_t n_nodes, const int64_t *supply, const gf_mcf_arcs *arcs,
                           gf_error *err)
{
    int32_t m = arcs ? arcs->n_arcs : 0;
    gf_mcf *mcf;

    if (m < 0 || m > GF_MCF_MAX_ARCS || (m > 0 && (!arcs->src || !arcs->dst))) {
        gf_fail(err, GF_EINVAL, "arc count must be between 0 and %d with src and dst given",
                GF_MCF_MAX_ARCS);
        return NULL;
    }
    mcf = gf_mcf_create(n_nodes, m, err);
    if (!mcf)
        return NULL;
    for (int32_t v = 0; supply && v < n_nodes; v++) {
        if (!value_ok(supply[v])) {
            gf_fail(err, GF_EINVAL, "node %ld: supply must lie within +-2^50 (got %lld)", (long)v,
                    (long long)supply[v]);
            goto fail;
        }
        mcf->supply[v] = supply[v];
    }
    for (int32_t e = 0; e < m; e++) {
        int64_t lo = arcs->lower ? arcs->lower[e] : 0;
        bool uncap = !arcs->upper || (arcs->uncapacitated && arcs->uncapacitated[e]);
        int64_t up = arcs->upper ? arcs->upper[e] : 0;
        int64_t c = arcs->cost ? arcs->cost[e] : 0;

        if (check_arc(mcf, arcs->src[e], arcs->dst[e], lo, up, uncap, c, e, err) ||
            set_arc(mcf, e, arcs->src[e], arcs->dst[e], lo, up, uncap, c, err))
            goto fail;
    }
    mcf->m = m;
    return mcf;
fail:
    gf_mcf_destroy(mcf);
    return NULL;
}

int gf_mcf_add_arc(gf_mcf *mcf, int32_t u, int32_t v, int64_t lower, int64_t upper,
                   bool uncapacitated, int64_t cost, int32_t *arc, gf_error *err)
{
    int rc;

    if (!mcf)
        return gf_fail(err, GF_EINVAL, "gf_mcf_add_arc: NULL network");
    if (mcf->m >= GF_MCF_MAX_ARCS)
        return gf_fail(err, GF_ELIMIT, "a network holds at most %d arcs", GF_MCF_MAX_ARCS);
    rc = check_arc(mcf, u, v, lower, upper, uncapacitated, cost, mcf->m, err);
    if (!rc && mcf->m == mcf->arc_room) {
        int64_t room = (int64_t)mcf->arc_room * 2;
        rc = reserve_arcs(mcf, (int32_t)(room > GF_MCF_MAX_ARCS ? GF_MCF_MAX_ARCS : room), err);
    }
    if (!rc)
        rc = set_arc(mcf, mcf->m, u, v, lower, upper, uncapacitated, cost, err);
    if (rc)
        return rc;
    if (arc)
        *arc = mcf->m;
    mcf->m++;
    mcf->has_basis = false;
    mcf->layout_ok = false;
    mcf->status = GF_MCF_NOT_SOLVED;
    return GF_OK;
}

static int check_arc_id(const gf_mcf *mcf, int32_t arc, gf_error *err)
{
    if (!mcf)
        return gf_fail(err, GF_EINVAL, "NULL network");
    if (arc < 0 || arc >= mcf->m)
        return gf_fail(err, GF_EINVAL, "arc id out of range 0..%ld (got %ld)", (long)mcf->m - 1,
                       (long)arc);
    return GF_OK;
}

int gf_mcf_set_cost(gf_mcf *mcf, int32_t arc, int64_t cost, gf_error *err)
{
    int rc = check_arc_id(mcf, arc, err);

    if (rc)
        return rc;
    if (!value_ok(cost))
        return gf_fail(err, GF_EINVAL, "cost must lie within +-2^50 (got %lld)", (long long)cost);
    mcf->a_cost[arc] = cost;
    mcf->status = GF_MCF_NOT_SOLVED;
    return GF_OK;
}

int gf_mcf_set_bounds(gf_mcf *mcf, int32_t arc, int64_t lower, int64_t upper, bool uncapacitated,
                      gf_error *err)
{
    int rc = check_arc_id(mcf, arc, err);

    if (!rc)
        rc = check_arc(mcf, mcf->a_src[arc], mcf->a_dst[arc], lower, upper, uncapacitated, 0, arc,
                       err);
    if (rc)
        return rc;
    if (lower != 0 && !mcf->lower) {
        mcf->lower = gf_calloc((size_t)mcf->arc_room, sizeof *mcf->lower);
        if (!mcf->lower)
            return gf_fail(err, GF_ENOMEM, "out of memory for lower bounds");
    }
    if (mcf->lower)
        mcf->lower[arc] = lower;
    mcf->a_cap[arc] = uncapacitated ? GF_FLOW_INF : upper - lower;
    mcf->status = GF_MCF_NOT_SOLVED;
    return GF_OK;
}

int gf_mcf_set_supply(gf_mcf *mcf, int32_t node, int64_t supply, gf_error *err)
{
    if (!mcf)
        return gf_fail(err, GF_EINVAL, "NULL network");
    if (node < 0 || node >= mcf->n)
        return gf_fail(err, GF_EINVAL, "node id out of range 0..%ld (got %ld)", (long)mcf->n - 1,
                       (long)node);
    if (!value_ok(supply))
        return gf_fail(err, GF_EINVAL, "supply must lie within +-2^50 (got %lld)",
                       (long long)supply);
    mcf->supply[node] = supply;
    mcf->status = GF_MCF_NOT_SOLVED;
    return GF_OK;
}

int32_t gf_mcf_node_count(const gf_mcf *mcf)
{
    return mcf ? mcf->n : 0;
}

int32_t gf_mcf_arc_count(const gf_mcf *mcf)
{
    return mcf ? mcf->m : 0;
}

int32_t gf_mcf_arc_src(const gf_mcf *mcf, int32_t arc)
{
    return mcf->a_src[arc];
}

int32_t gf_mcf_arc_dst(const gf_mcf *mcf, int32_t arc)
{
    return mcf->a_dst[arc];
}

int64_t gf_mcf_arc_cost(const gf_mcf *mcf, int32_t arc)
{
    return mcf->a_cost[arc];
}

int64_t gf_mcf_arc_lower(const gf_mcf *mcf, int32_t arc)
{
    return mcf->lower ? mcf->lower[arc] : 0;
}

int64_t gf_mcf_arc_upper(const gf_mcf *mcf, int32_t arc)
{
    if (mcf->a_cap[arc] == GF_FLOW_INF)
        return INT64_MAX;
    return mcf->a_cap[arc] + gf_mcf_arc_lower(mcf, arc);
}

bool gf_mcf_arc_is_uncapacitated(const gf_mcf *mcf, int32_t arc)
{
    return mcf->a_cap[arc] == GF_FLOW_INF;
}

int64_t gf_mcf_supply(const gf_mcf *mcf, int32_t node)
{
    return mcf->supply[node];
}

/* Balances with lower bounds shifted out; false if one leaves int64 range. */
static bool shift_lower(gf_mcf *mcf, i128 *sum)
{
    i128 s = 0;
    int64_t *bal = mcf->bal;

    for (int32_t v = 0; v < mcf->n; v++)
        bal[v] = mcf->supply[v];
    for (int32_t e = 0; mcf->lower && e < mcf->m; e++) {
        if (mcf->a_src[e] == mcf->a_dst[e])
            continue; /* a self-loop's lower bound leaves its node balanced */
        i128 a = (i128)bal[mcf->a_src[e]] - mcf->lower[e];
        i128 b = (i128)bal[mcf->a_dst[e]] + mcf->lower[e];
        if (a > INT64_MAX / 4 || a < -INT64_MAX / 4 || b > INT64_MAX / 4 || b < -INT64_MAX / 4)
            return false;
        bal[mcf->a_src[e]] = (int64_t)a;
        bal[mcf->a_dst[e]] = (int64_t)b;
    }
    for (int32_t v = 0; v < mcf->n; v++)
        s += bal[v];
    bal[mcf->n] = 0;
    *sum = s;
    return true;
}

/* Block search's block size is this times sqrt(m); the figures behind
 * each case are at the top of mcf_price.c. */
static double block_factor(const gf_mcf *mcf)
{
    if (mcf->by_source)
        return 0.4; /* for the candidate list that block search takes there */
    if (mcf->shuffled)
        return 1.5;
    return (int64_t)mcf->m >= 16 * (int64_t)mcf->n ? 2.0 : 1.0; /* dense: 16+ arcs a node */
}

/* What the solver forms, and why each fits int64_t:
 * - flows. A capacitated arc's flow stays in [0, cap] <= 2^51. Any other
 *   (uncapacitated or artificial) arc carries at most F = all positive
 *   balances plus every finite capacity (a tree arc's flow is the balance of
 *   its subtree plus the nonbasic flows crossing into it); F <= 2^61 keeps it
 *   below GF_FLOW_INF, which marks "unbounded" in the ratio test.
 * - potentials and reduced costs: |pi| < 2 art_cost = 2^61 because every
 *   simple path costs less than (max|c| + 1)(n + 1) <= 2^58 (mcf_int.h).
 * - the objective, sum c x: formed only once, from the final flows, in
 *   128 bits (mcf_solve.c: publish_flows); an optimum beyond int64_t is reported
 *   there as GF_EOVERFLOW. There is no bound on it before the solve: the old
 *   one (every uncapacitated arc carrying F at max cost) refused the
 *   5,000-place scenario at real tonnages, whose optimum is near 2^50.
 * Returns GF_OK, 1 when the balances do not sum to 0, or an error. */
int gf__mcf_prepare(gf_mcf *mcf, gf_error *err)
{
    const i128 limit = (i128)INT64_MAX / 4;
    i128 sum_bal, flow_bound = 0, art;
    int64_t maxc = 0;

    if (!shift_lower(mcf, &sum_bal))
        return gf_fail(err, GF_EOVERFLOW,
                       "node supplies with lower bounds shifted out exceed the solver's range");
    for (int32_t v = 0; v < mcf->n; v++)
        flow_bound += mcf->bal[v] > 0 ? mcf->bal[v] : 0;
    for (int32_t e = 0; e < mcf->m; e++) {
        int64_t c = abs64(mcf->a_cost[e]);
        maxc = c > maxc ? c : maxc;
        if (mcf->a_cap[e] != GF_FLOW_INF)
            flow_bound += mcf->a_cap[e];
    }
    if (flow_bound > limit)
        return gf_fail(err, GF_EOVERFLOW,
                       "total supply plus all finite capacities exceeds 2^61: give arcs without "
                       "a real limit no capacity (uncapacitated) instead of a large number");
    art = ((i128)maxc + 1) * ((i128)mcf->n + 1);
    if (art > ((i128)1 << 58))
        return gf_fail(err, GF_EOVERFLOW,
                       "costs too large for exact 64-bit arithmetic (max |cost| %lld x %ld nodes "
                       "exceeds 2^58)",
                       (long long)maxc, (long)mcf->n);
    mcf->flow_bound = (int64_t)flow_bound;
    art = (i128)1 << 60; /* see the top of mcf_int.h */
    mcf->art_cost = (int64_t)art;
    if (gf__mcf_layout(mcf, err))
        return GF_ENOMEM;
    for (int32_t e = 0; e < mcf->m; e++) { /* the solver sees the latest data */
        int32_t i = mcf->perm[e];
        mcf->cost[i] = mcf->a_cost[e];
        mcf->cap[i] = mcf->a_cap[e];
    }
    mcf->block_size = (int32_t)(block_factor(mcf) * sqrt((double)mcf->m));
    if (mcf->block_size < 10)
        mcf->block_size = 10;
    return sum_bal == 0 ? GF_OK : 1; /* 1: unbalanced, infeasible as posed */
}

/* Point artificial arc of v at the root or away from it, with the matching
 * cost: v->root costs 0, root->v costs art_cost. */
void gf__mcf_set_artificial(gf_mcf *mcf, int32_t v, bool up)
{
    int32_t e = mcf->m + v;

    mcf->src[e] = up ? v : mcf->n;
    mcf->dst[e] = up ? mcf->n : v;
    mcf->cost[e] = up ? 0 : mcf->art_cost;
    mcf->cap[e] = GF_FLOW_INF;
    mcf->pred_dir[v] = up ? DIR_UP : DIR_DOWN;
}

void gf__mcf_init_tree(gf_mcf *mcf)
{
    int32_t n = mcf->n, root = n;

    for (int32_t e = 0; e < mcf->m; e++) {
        mcf->flow[e] = 0;
        mcf->state[e] = STATE_LOWER;
    }
    for (int32_t v = 0; v < n; v++) {
        int32_t e = mcf->m + v;
        bool up = mcf->bal[v] >= 0;

        gf__mcf_set_artificial(mcf, v, up);
        mcf->flow[e] = up ? mcf->bal[v] : -mcf->bal[v];
        mcf->state[e] = STATE_TREE;
        mcf->parent[v] = root;
        mcf->pred[v] = e;
        mcf->thread[v] = v + 1;
        mcf->rev_thread[v + 1] = v;
        mcf->succ_num[v] = 1;
        mcf->last_succ[v] = v;
    }
    mcf->parent[root] = -1;
    mcf->pred[root] = -1;
    mcf->pred_dir[root] = 0;
    mcf->thread[root] = n > 0 ? 0 : root;
    mcf->rev_thread[0] = root;
    if (n > 0)
        mcf->thread[n - 1] = root;
    mcf->rev_thread[root] = n > 0 ? n - 1 : root;
    mcf->succ_num[root] = n + 1;
    mcf->last_succ[root] = n > 0 ? n - 1 : root;
    mcf->layout_ok = true;
    mcf->next_arc = 0;
    gf__mcf_compute_potentials(mcf);
}

/* pi[root] = 0, and every tree arc gets reduced cost 0, in thread order. */
void gf__mcf_compute_potentials(gf_mcf *mcf)
{
    int32_t root = mcf->n;

    mcf->pi[root] = 0;
    for (int32_t u = mcf->thread[root]; u != root; u = mcf->thread[u]) {
        int32_t e = mcf->pred[u];
        int64_t c = mcf->cost[e];
        mcf->pi[u] = mcf->pi[mcf->parent[u]] + (mcf->pred_dir[u] == DIR_UP ? -c : c);
    }
}
