/* src/site/site_mip.c: the site analysis of a model that needs the MIP, through lp.h.
 *
 * Several products, conversions or departures put a model beyond the
 * network simplex, so the hub choices cannot be enumerated there; CBC
 * decides them instead (gf_lp_solve_model). The analysis needs these
 * figures, each the optimum with some hubs forced (gf_lp_options.hub_force):
 *   free                     the best plan and its chosen options;
 *   every hub closed         the no-hub plan (only when min_hubs is 0: a
 *                            forced choice that breaks the bounds is
 *                            infeasible);
 *   per candidate h: closed  without(h);
 *                    option o best(h, o); with(h) = min over o.
 * So 2 + hubs + options figures (r->combinations), but not as many CBC
 * solves (r->mip_solves): a restriction that the free optimum satisfies
 * has that optimum as its own (it is feasible there, and nothing there is
 * cheaper than the free optimum), so the free solve also gives
 *   the no-hub plan            when the free plan opens no hub;
 *   without(h)                 for every h the free plan keeps closed;
 *   best(h, o)                 for the option o the free plan opens at h;
 * and with a single hub, "h closed" is "every hub closed". On the
 * version-2 default, where no hub opens, that leaves 1 + options solves
 * of the 2 + hubs + options. Under a gap tolerance (gap_share) a reused
 * figure is within the same gap as the free solve's: the free incumbent is
 * feasible for the restriction, whose optimum is no lower than the free
 * bound. Every other solve starts from the free plan's departures
 * (gf_lp_options.start_departures): with a hub forced open, the free plan
 * with that hub unused is feasible, so CBC starts no worse than it.
 * Each candidate's figures (per-product throughput and transshipped
 * tonnes, peak stock, departures in and out by vessel class) come from the
 * solve of its best option. A solve stopped by the time limit gives its
 * incumbent: the result is then not proven, and the largest gap is kept.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "grainflow/alloc.h"
#include "grainflow/lp.h"
#include "grainflow/site.h"
#include "site/site_int.h"

typedef struct mip {
    const gf_model *m;
    gf_lp_options opt;
    int32_t *force;  /* size nodes */
    int64_t *deps;   /* size links x periods: the free plan's departures */
    int32_t *chosen; /* size nodes: the free plan's option per node, -1 closed */
    int64_t free_cents;
    bool no_hub_known; /* r->no_hub_cents holds the no-hub optimum */
    gf_site_result *r;
} mip;

/* Solve with mp->force; *has_plan when lr holds a plan. */
static int solve(mip *mp, gf_lp_result *lr, bool *has_plan, gf_error *err)
{
    int rc = gf_lp_solve_model(mp->m, &mp->opt, lr, err);

    *has_plan = false;
    if (rc)
        return rc;
    mp->r->combinations++;
    mp->r->mip_solves++;
    mp->r->mip_nodes += lr->nodes;
    mp->r->mip_seconds += lr->mip_seconds;
    if (lr->status == GF_LP_TIME_LIMIT || lr->status == GF_LP_INTERRUPTED) {
        mp->r->stopped = true;
        mp->r->proven = false;
        mp->r->within_gap = false;
    } else if (lr->status == GF_LP_WITHIN_GAP) {
        mp->r->proven = false;
    }
    if (lr->has_plan && lr->status != GF_LP_OPTIMAL && lr->gap_cents > mp->r->max_gap_cents)
        mp->r->max_gap_cents = lr->gap_cents;
    *has_plan = lr->has_plan && lr->status != GF_LP_INFEASIBLE;
    return GF_OK;
}

/* A figure read from the free solve instead of a new one (see the top). */
static int64_t reuse_free(mip *mp)
{
    mp->r->combinations++;
    return mp->free_cents;
}

static int64_t delivered_mt(const gf_lp_result *lr)
{
    int64_t sum = 0;

    for (int32_t i = 0; i < lr->n_demand; i++)
        sum += lr->delivered_mt[i];
    return sum;
}

/* Add departures and tonnes on link l to c's group of its class and direction. */
static void add_vessels(gf_site_candidate *c, const gf_link *lk, bool inbound, int64_t departures,
                        int64_t carried_mt)
{
    gf_site_vessel *v = NULL;

    for (int32_t i = 0; i < c->n_vessels && !v; i++)
        if (c->vessels[i].inbound == inbound &&
            strcmp(c->vessels[i].vessel_class, lk->vessel_class) == 0)
            v = &c->vessels[i];
    if (!v) { /* room for one group per link end was allocated */
        v = &c->vessels[c->n_vessels++];
        memcpy(v->vessel_class, lk->vessel_class, sizeof v->vessel_class);
        v->inbound = inbound;
    }
    v->departures += departures;
    v->carried_mt += carried_mt;
    v->capacity_t += departures * lk->vessel_t;
}

/* Candidate c's figures in lr (a plan with c's node open). */
static int read_figures(gf_site_candidate *c, const gf_model *m, const gf_lp_result *lr,
                        gf_error *err)
{
    int32_t p = lr->periods, k = lr->products, n = c->node, n_groups = 0;
    int64_t out_mt[GF_MODEL_MAX_PRODUCTS] = {0};

    for (int32_t l = 0; l < lr->n_links; l++)
        n_groups += gf_model_link(m, l)->vessel_t > 0 &&
                    (gf_model_link(m, l)->to == n || gf_model_link(m, l)->from == n);
    gf_free(c->vessels, (size_t)c->n_vessels * sizeof *c->vessels);
    c->n_vessels = 0;
    c->vessels = gf_calloc((size_t)n_groups + 1, sizeof *c->vessels);
    if (!c->vessels)
        return gf_fail(err, GF_ENOMEM, "out of memory analysing the hub candidates");
    memset(c->throughput_mt, 0, (size_t)k * sizeof(int64_t));
    for (int32_t l = 0; l < lr->n_links; l++) {
        const gf_link *lk = gf_model_link(m, l);
        int64_t deps = 0, carried = 0;
        if (lk->to != n && lk->from != n)
            continue;
        for (int32_t t = 0; t < p; t++) {
            deps += lr->departures[l * p + t];
            for (int32_t q = 0; q < k; q++) {
                int64_t f =
                    lr->flow_mt[((size_t)l * (size_t)p + (size_t)t) * (size_t)k + (size_t)q];
                carried += f;
                if (lk->to == n)
                    c->throughput_mt[q] += f;
                else
                    out_mt[q] += f;
            }
        }
        if (lk->vessel_t > 0)
            add_vessels(c, lk, lk->to == n, deps, carried);
    }
    for (int32_t q = 0; q < k; q++)
        c->transshipped_mt[q] = c->throughput_mt[q] < out_mt[q] ? c->throughput_mt[q] : out_mt[q];
    c->peak_stock_mt = 0;
    c->peak_period = -1;
    for (int32_t t = 0; t < p; t++) {
        int64_t s = 0;
        for (int32_t q = 0; q < k; q++)
            s += lr->stock_mt[((size_t)n * (size_t)p + (size_t)t) * (size_t)k + (size_t)q];
        if (s > c->peak_stock_mt) {
            c->peak_stock_mt = s;
            c->peak_period = t;
        }
    }
    return GF_OK;
}

/* True when the free plan keeps every hub closed. */
static bool no_hub_open(const mip *mp)
{
    for (int32_t h = 0; h < mp->r->n_hubs; h++)
        if (mp->chosen[mp->r->hubs[h].node] >= 0)
            return false;
    return true;
}

/* The best plan (all free) and the no-hub plan (all closed). */
static int solve_best_and_no_hub(mip *mp, gf_error *err)
{
    gf_site_result *r = mp->r;
    gf_lp_result lr = {0};
    bool ok = false;
    int rc = solve(mp, &lr, &ok, err);

    if (!rc && !ok)
        rc = gf_fail(err, GF_EINVAL,
                     "no plan satisfies min_hubs %d and max_hubs %d of scenario.csv with the "
                     "hubs of hubs.csv",
                     (int)gf_model_min_hubs(mp->m), (int)gf_model_max_hubs(mp->m));
    for (int32_t h = 0; !rc && h < r->n_hubs; h++) {
        r->hubs[h].chosen_option = lr.hub_option[r->hubs[h].node];
        if (r->hubs[h].chosen_option >= 0)
            rc = read_figures(&r->hubs[h], mp->m, &lr, err);
    }
    if (!rc) {
        r->total_cents = mp->free_cents = lr.cost.total;
        r->fixed_cents = lr.cost.hub_fixed;
        r->delivered_mt = delivered_mt(&lr);
        r->no_hub_allowed = gf_model_min_hubs(mp->m) <= 0;
        memcpy(mp->deps, lr.departures, (size_t)lr.n_links * (size_t)lr.periods * sizeof *mp->deps);
        memcpy(mp->chosen, lr.hub_option, (size_t)lr.n_nodes * sizeof *mp->chosen);
        mp->opt.start_departures = mp->deps;
    }
    if (!rc && r->no_hub_allowed && no_hub_open(mp)) {
        r->no_hub_cents = reuse_free(mp);
        r->no_hub_delivered_mt = r->delivered_mt;
        mp->no_hub_known = true;
        goto out;
    }
    for (int32_t h = 0; !rc && r->no_hub_allowed && h < r->n_hubs; h++)
        mp->force[r->hubs[h].node] = GF_LP_HUB_CLOSED;
    if (!rc && r->no_hub_allowed)
        rc = solve(mp, &lr, &ok, err);
    if (!rc && r->no_hub_allowed && ok) {
        r->no_hub_cents = lr.cost.total;
        r->no_hub_delivered_mt = delivered_mt(&lr);
        mp->no_hub_known = true;
    }
out:
    for (int32_t h = 0; h < r->n_hubs; h++)
        mp->force[r->hubs[h].node] = GF_LP_HUB_FREE;
    gf_lp_result_fini(&lr);
    return rc;
}

/* Candidate c: closed, then forced to each option; figures from its best. */
static int solve_candidate(mip *mp, gf_site_candidate *c, gf_error *err)
{
    gf_lp_result lr = {0};
    bool ok = false;
    int rc = GF_OK;

    mp->force[c->node] = GF_LP_HUB_CLOSED;
    if (mp->chosen[c->node] < 0) {
        c->has_without = true;
        c->without_cents = reuse_free(mp);
    } else if (mp->r->n_hubs == 1 && mp->no_hub_known) {
        c->has_without = true; /* closing the only hub closes every hub */
        c->without_cents = mp->r->no_hub_cents;
        mp->r->combinations++;
    } else {
        rc = solve(mp, &lr, &ok, err);
        if (!rc && ok) {
            c->has_without = true;
            c->without_cents = lr.cost.total;
        }
    }
    for (int32_t i = 0; !rc && i < c->n_options; i++) {
        gf_site_option *o = &c->options[i];
        bool reused = mp->chosen[c->node] == o->option;
        mp->force[c->node] = o->option;
        if (reused) {
            o->best_cents = reuse_free(mp); /* its figures came with the best plan */
        } else {
            rc = solve(mp, &lr, &ok, err);
            if (rc || !ok)
                continue;
            o->best_cents = lr.cost.total;
        }
        o->allowed = true;
        if (c->has_with && o->best_cents >= c->with_cents)
            continue;
        c->has_with = true;
        c->with_cents = o->best_cents;
        c->best_option = o->option;
        if (c->chosen_option < 0 && !reused) /* a chosen hub keeps its figures from the best plan */
            rc = read_figures(c, mp->m, &lr, err);
    }
    mp->force[c->node] = GF_LP_HUB_FREE;
    gf_lp_result_fini(&lr);
    return rc;
}

static size_t deps_size(const gf_model *m)
{
    return (size_t)gf_model_link_count(m) * (size_t)gf_model_periods(m) * sizeof(int64_t) + 1;
}

static int site_mip(const gf_model *m, const gf_site_config *cfg, gf_site_result *r, gf_error *err)
{
    mip mp = {.m = m, .r = r};
    int rc = gf__site_init_result(m, r, err);

    gf_lp_options_init(&mp.opt);
    mp.opt.time_limit_s = cfg ? cfg->time_limit_s : 0;
    mp.opt.gap_share = cfg ? cfg->gap_share : 0;
    mp.force = gf_malloc((size_t)gf_model_node_count(m) * sizeof *mp.force + 1);
    mp.chosen = gf_malloc((size_t)gf_model_node_count(m) * sizeof *mp.chosen + 1);
    mp.deps = gf_malloc(deps_size(m));
    if (!rc && (!mp.force || !mp.chosen || !mp.deps))
        rc = gf_fail(err, GF_ENOMEM, "out of memory analysing the hub candidates");
    for (int32_t n = 0; !rc && n < gf_model_node_count(m); n++)
        mp.force[n] = GF_LP_HUB_FREE;
    mp.opt.hub_force = mp.force;
    r->method = GF_SITE_MIP;
    r->proven = true;
    r->within_gap = true;
    r->gap_share = mp.opt.gap_share;
    r->allowed = gf_site_count_combinations(m);
    if (!rc)
        rc = solve_best_and_no_hub(&mp, err);
    for (int32_t h = 0; !rc && h < r->n_hubs; h++)
        rc = solve_candidate(&mp, &r->hubs[h], err);
    if (!rc)
        gf__site_values(r);
    gf_free(mp.force, (size_t)gf_model_node_count(m) * sizeof *mp.force + 1);
    gf_free(mp.chosen, (size_t)gf_model_node_count(m) * sizeof *mp.chosen + 1);
    gf_free(mp.deps, deps_size(m));
    return rc;
}

int gf_site_solve(const gf_model *m, const gf_site_config *cfg, gf_site_result *r, gf_error *err)
{
    if (!r)
        return gf_fail(err, GF_EINVAL, "gf_site_solve: NULL result");
    memset(r, 0, sizeof *r);
    if (!m || gf_model_hub_option_count(m) == 0 || gf_site_applies(m))
        return gf_site_enumerate(m, cfg, r, err); /* it explains a model without hubs */
    return site_mip(m, cfg, r, err);
}
