/* tests/support/mcf_cert.c: independent proofs of a min-cost-flow answer.
 *
 * Optimality. For any potentials pi, with rc[e] = c[e] + pi[u] - pi[v],
 *   sum_e c[e] x[e] = sum_e rc[e] x[e] - sum_v pi[v] b[v]     (x conserves b)
 * so every feasible x costs at least the dual objective
 *   D(pi) = -sum_v pi[v] b[v] + sum_e min(rc[e] l[e], rc[e] u[e]),
 * which is -infinity when an uncapacitated arc has rc < 0. A feasible x with
 * cost equal to D(pi) is therefore optimal. The check recomputes x's cost,
 * D(pi), and complementary slackness (rc >= 0 at lower, <= 0 at upper, == 0
 * strictly between), which is what makes the two equal.
 * Infeasibility. If S has net supply b(S) larger than what the bounds let
 * leave it (sum of uppers out minus lowers in), no flow balances S.
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "support/mcf_cert.h"

typedef __int128 i128;

/* Decimal form of x in buf (size >= 42); returns buf. */
static const char *i128_str(i128 x, char *buf)
{
    char tmp[48];
    int k = 0, j = 0;
    unsigned __int128 u =
        x < 0 ? (unsigned __int128)0 - (unsigned __int128)x : (unsigned __int128)x;

    do {
        tmp[k++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u > 0);
    if (x < 0)
        buf[j++] = '-';
    while (k > 0)
        buf[j++] = tmp[--k];
    buf[j] = '\0';
    return buf;
}

static int say(char *why, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int say(char *why, size_t size, const char *fmt, ...)
{
    va_list ap;

    if (why && size > 0) {
        va_start(ap, fmt);
        vsnprintf(why, size, fmt, ap);
        va_end(ap);
    }
    return 1;
}

static int64_t lower_of(const mcf_cert_input *in, int32_t e)
{
    return in->lower ? in->lower[e] : 0;
}

static bool uncap_of(const mcf_cert_input *in, int32_t e)
{
    return in->uncap && in->uncap[e];
}

static int check_arcs_valid(const mcf_cert_input *in, char *why, size_t size)
{
    if (in->n_nodes < 0 || in->n_arcs < 0)
        return say(why, size, "negative node or arc count (%ld, %ld)", (long)in->n_nodes,
                   (long)in->n_arcs);
    if ((in->n_arcs > 0 && (!in->src || !in->dst || !in->flow || !in->upper)) ||
        (in->n_nodes > 0 && !in->pi))
        return say(why, size, "missing arrays: flows or potentials were not reported");
    for (int32_t e = 0; e < in->n_arcs; e++)
        if (in->src[e] < 0 || in->src[e] >= in->n_nodes || in->dst[e] < 0 ||
            in->dst[e] >= in->n_nodes)
            return say(why, size, "arc %ld has a node id out of range", (long)e);
    return 0;
}

/* Flow within [lower, upper] on every arc. */
static int check_bounds(const mcf_cert_input *in, char *why, size_t size)
{
    for (int32_t e = 0; e < in->n_arcs; e++) {
        int64_t x = in->flow[e], lo = lower_of(in, e);
        if (x < lo || (!uncap_of(in, e) && x > in->upper[e]))
            return say(why, size, "arc %ld (%ld->%ld): flow %lld outside its bounds [%lld, %lld]",
                       (long)e, (long)in->src[e], (long)in->dst[e], (long long)x, (long long)lo,
                       (long long)(uncap_of(in, e) ? INT64_MAX : in->upper[e]));
    }
    return 0;
}

/* out(v) - in(v) == b(v) at every node. */
static int check_conservation(const mcf_cert_input *in, char *why, size_t size)
{
    i128 *net = calloc((size_t)in->n_nodes + 1, sizeof *net);
    char a[48], b[48];
    int rc = 0;

    if (!net)
        return say(why, size, "checker out of memory");
    for (int32_t e = 0; e < in->n_arcs; e++) {
        net[in->src[e]] += in->flow[e];
        net[in->dst[e]] -= in->flow[e];
    }
    for (int32_t v = 0; v < in->n_nodes && !rc; v++) {
        int64_t bv = in->supply ? in->supply[v] : 0;
        if (net[v] != bv)
            rc = say(why, size, "node %ld: flow out minus flow in is %s, supply is %s", (long)v,
                     i128_str(net[v], a), i128_str(bv, b));
    }
    free(net);
    return rc;
}

/* Complementary slackness, and the primal and dual objectives. */
static int check_slackness_and_duality(const mcf_cert_input *in, char *why, size_t size)
{
    i128 primal = 0, dual = 0;
    char a[48], b[48];

    for (int32_t v = 0; v < in->n_nodes; v++)
        dual -= (i128)in->pi[v] * (in->supply ? in->supply[v] : 0); /* -pi.b */
    for (int32_t e = 0; e < in->n_arcs; e++) {
        int64_t x = in->flow[e], lo = lower_of(in, e), c = in->cost ? in->cost[e] : 0;
        bool uncap = uncap_of(in, e);
        i128 rc = (i128)c + in->pi[in->src[e]] - in->pi[in->dst[e]];
        bool at_lo = x == lo, at_up = !uncap && x == in->upper[e];

        if ((rc < 0 && uncap) || (rc < 0 && !at_up) || (rc > 0 && !at_lo))
            return say(why, size,
                       "arc %ld (%ld->%ld): reduced cost %s with flow %lld in [%lld, %s]: "
                       "complementary slackness fails",
                       (long)e, (long)in->src[e], (long)in->dst[e], i128_str(rc, a), (long long)x,
                       (long long)lo, uncap ? "inf" : i128_str(in->upper[e], b));
        primal += (i128)c * x;
        if (rc > 0)
            dual += rc * lo; /* min(rc l, rc u) */
        else if (rc < 0)
            dual += rc * in->upper[e];
    }
    if (primal != in->total_cost)
        return say(why, size, "the reported cost %lld differs from sum cost*flow = %s",
                   (long long)in->total_cost, i128_str(primal, a));
    if (dual != primal)
        return say(why, size, "the dual objective %s differs from the primal %s", i128_str(dual, a),
                   i128_str(primal, b));
    return 0;
}

int mcf_cert_check_input(const mcf_cert_input *in, char *why, size_t why_size)
{
    if (!in)
        return say(why, why_size, "no input");
    if (check_arcs_valid(in, why, why_size) || check_bounds(in, why, why_size) ||
        check_conservation(in, why, why_size) || check_slackness_and_duality(in, why, why_size))
        return 1;
    say(why, why_size, "certificate holds");
    return 0;
}

/* The arc data of mcf as plain arrays (malloc'ed into *in; free with
 * free_input). Returns 0, or 1 when out of memory. */
static int gather(const gf_mcf *mcf, mcf_cert_input *in)
{
    int32_t n = gf_mcf_node_count(mcf), m = gf_mcf_arc_count(mcf);
    size_t k = (size_t)(m > 0 ? m : 1), kn = (size_t)(n > 0 ? n : 1);
    int32_t *src = calloc(k, sizeof *src), *dst = calloc(k, sizeof *dst);
    int64_t *lo = calloc(k, sizeof *lo), *up = calloc(k, sizeof *up);
    int64_t *cost = calloc(k, sizeof *cost), *b = calloc(kn, sizeof *b);
    uint8_t *uncap = calloc(k, 1);

    in->src = src;
    in->dst = dst;
    in->lower = lo;
    in->upper = up;
    in->cost = cost;
    in->supply = b;
    in->uncap = uncap;
    in->n_nodes = n;
    in->n_arcs = m;
    if (!src || !dst || !lo || !up || !cost || !b || !uncap)
        return 1;
    for (int32_t e = 0; e < m; e++) {
        src[e] = gf_mcf_arc_src(mcf, e);
        dst[e] = gf_mcf_arc_dst(mcf, e);
        lo[e] = gf_mcf_arc_lower(mcf, e);
        up[e] = gf_mcf_arc_upper(mcf, e);
        cost[e] = gf_mcf_arc_cost(mcf, e);
        uncap[e] = gf_mcf_arc_is_uncapacitated(mcf, e);
    }
    for (int32_t v = 0; v < n; v++)
        b[v] = gf_mcf_supply(mcf, v);
    return 0;
}

static void free_input(mcf_cert_input *in)
{
    free((void *)in->src);
    free((void *)in->dst);
    free((void *)in->lower);
    free((void *)in->upper);
    free((void *)in->cost);
    free((void *)in->supply);
    free((void *)in->uncap);
}

int mcf_cert_check(const gf_mcf *mcf, const gf_mcf_result *res, char *why, size_t why_size)
{
    mcf_cert_input in = {0};
    int rc;

    if (!mcf || !res)
        return say(why, why_size, "no network or no result");
    if (res->status != GF_MCF_OPTIMAL)
        return say(why, why_size, "the status is %d, not OPTIMAL", (int)res->status);
    if (gather(mcf, &in)) {
        rc = say(why, why_size, "checker out of memory");
        goto out;
    }
    in.flow = gf_mcf_flows(mcf);
    in.pi = gf_mcf_potentials(mcf);
    in.total_cost = res->cost;
    rc = mcf_cert_check_input(&in, why, why_size);
out:
    free_input(&in);
    return rc;
}

/* Recount b(S) and the capacity across S in the cut's direction. */
static int recount_cut(const gf_mcf *mcf, const gf_mcf_cut *cut, const uint8_t *in_s, char *why,
                       size_t size)
{
    i128 supply = 0, cap = 0;
    char a[48], b[48];

    for (int32_t v = 0; v < gf_mcf_node_count(mcf); v++)
        if (in_s[v])
            supply += gf_mcf_supply(mcf, v);
    for (int32_t e = 0; e < gf_mcf_arc_count(mcf); e++) {
        bool from_s = in_s[gf_mcf_arc_src(mcf, e)], to_s = in_s[gf_mcf_arc_dst(mcf, e)];
        bool limited = cut->dir == GF_MCF_CUT_OUT ? from_s && !to_s : !from_s && to_s;
        bool opposing = cut->dir == GF_MCF_CUT_OUT ? !from_s && to_s : from_s && !to_s;
        if (limited && gf_mcf_arc_is_uncapacitated(mcf, e))
            return say(why, size,
                       "uncapacitated arc %ld (%ld->%ld) crosses the cut the way it "
                       "limits",
                       (long)e, (long)gf_mcf_arc_src(mcf, e), (long)gf_mcf_arc_dst(mcf, e));
        if (limited)
            cap += gf_mcf_arc_upper(mcf, e);
        else if (opposing)
            cap -= gf_mcf_arc_lower(mcf, e);
    }
    if (supply != cut->supply)
        return say(why, size, "the cut says supply %lld but its nodes sum to %s",
                   (long long)cut->supply, i128_str(supply, a));
    if (cap != cut->capacity)
        return say(why, size, "the cut says capacity %lld but its arcs give %s",
                   (long long)cut->capacity, i128_str(cap, a));
    if (cut->dir == GF_MCF_CUT_OUT ? supply <= cap : -supply <= cap)
        return say(why, size, "%s: supply %s against capacity %s proves nothing",
                   cut->dir == GF_MCF_CUT_OUT ? "OUT" : "IN", i128_str(supply, a),
                   i128_str(cap, b));
    return 0;
}

int mcf_cut_check(const gf_mcf *mcf, const gf_mcf_cut *cut, char *why, size_t why_size)
{
    int32_t n;
    uint8_t *in_s;
    int rc;

    if (!mcf || !cut)
        return say(why, why_size, "no network or no cut");
    n = gf_mcf_node_count(mcf);
    if (cut->dir != GF_MCF_CUT_OUT && cut->dir != GF_MCF_CUT_IN)
        return say(why, why_size, "the cut's direction %d is neither OUT nor IN", (int)cut->dir);
    if (cut->n_nodes < 0 || cut->n_nodes > n || (cut->n_nodes > 0 && !cut->nodes))
        return say(why, why_size, "the cut holds %ld nodes of %ld", (long)cut->n_nodes, (long)n);
    for (int32_t i = 0; i < cut->n_nodes; i++)
        if (cut->nodes[i] < 0 || cut->nodes[i] >= n ||
            (i > 0 && cut->nodes[i] <= cut->nodes[i - 1]))
            return say(why, why_size,
                       "the cut's node list is not increasing ids in range "
                       "(entry %ld is %ld)",
                       (long)i, (long)cut->nodes[i]);
    in_s = calloc((size_t)n + 1, 1);
    if (!in_s)
        return say(why, why_size, "checker out of memory");
    for (int32_t i = 0; i < cut->n_nodes; i++)
        in_s[cut->nodes[i]] = 1;
    rc = recount_cut(mcf, cut, in_s, why, why_size);
    free(in_s);
    if (!rc)
        say(why, why_size, "cut proves infeasibility");
    return rc;
}
