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
 * So 2 + hubs + options figures (r->combinations), but far fewer CBC
 * solves (r->mip_solves). A restriction that the free optimum satisfies
 * has that optimum as its own (it is feasible there, and nothing there is
 * cheaper than the free optimum), and the free optimum is the cheapest of
 * the no-hub plan and the best(h, o) (every plan either opens no hub or
 * opens some h with some o). So:
 *   min_hubs 0: the no-hub MIP comes first (no hub binaries, no hub
 *     arcs: on the version-2 default build/bench/mip_driver --gap 0.1
 *     --hub all=closed took 33 process seconds here (596 nodes), the
 *     free MIP 382 (11,101 nodes)); then every option is screened by its LP
 *     bound (below) or solved as a MIP; the free figure is the cheapest
 *     of those plans, so the free MIP is never solved; then without(h) is
 *     read from the best plan when that keeps h closed, is the no-hub
 *     plan when h is the only hub, and is solved (h closed) otherwise.
 *   min_hubs > 0: the free MIP comes first; per candidate, without(h) as
 *     above, and best(h, o) read from it for the option it opens at h.
 * On the version-2 default, where nothing pays, that is one MIP (no hub)
 * and one LP per option. Under a gap tolerance s (gap_share) every figure
 * T is within s of its own saving, T - bound <= s (A - T), and so is a
 * figure read from a cheaper one (T - s (A - T) grows with T). Every
 * solve after the first starts from the first plan's departures
 * (gf_lp_options.start_departures): with a hub forced open that plan,
 * with the hub unused, is feasible, so CBC starts no worse than it.
 *
 * Screening by LP bounds (the default; gf_site_config.no_screening turns
 * it off). A MIP with a hub forced open can take as long as the free one
 * (minutes on the version-2 default), while the LP relaxation of the same
 * restriction takes a fraction of a second and bounds it from below (all
 * of them from one relaxation, lp.h's gf_lp_relaxation, built once and
 * re-solved warm with only the hub columns' bounds changed: on the
 * version-2 default the 12 bounds took 3.3-4.5 CPU s solved cold each,
 * 0.5 s so, the same figures to the cent). So
 * before the MIP of "h forced to option o" the relaxation with y(o) = 1
 * (departures and the other hubs' choices continuous) gives L(o), rounded
 * down by 1 cent + 1e-9 x |L| for CLP's tolerances. Let U be the best
 * plan known with h closed (its without(h) figure: a feasible plan, so
 * the best plan with h closed, B_without, is <= U), A the cost of buying
 * everything from the alternative suppliers and s the gap share in force
 * (0 when exact). The option is screened, and its MIP not solved, when
 *     L(o) >= U - tol,   tol = floor(s x (A - U)).
 * Why the answer stays within the promised gap: every plan opening h with
 * o costs B(o) >= L(o) >= U - tol >= B_without - s x (A - U), so opening
 * o saves at most s x (the saving of U) against keeping h closed: the
 * same share s of the saving that any MIP figure here is proven within,
 * and with s = 0 it saves nothing (it cannot pay; a tie costs the same).
 * The best plan itself is the free solve's, never screened, so the hub
 * decision is what CBC proved. What a screened option reports is a bound,
 * marked so (gf_site_option.screened, gf_site_candidate.value_bound):
 *   best(h, o) >= L(o)           its best_cents is L(o), "at least";
 *   value(h) <= U - min_o L(o)   when the smallest of its options' figures
 *                                is a screened bound ("at most"; negative:
 *                                proven not to pay);
 *   F_o <= (U - L(o) + fixed(o)) x 365 / (periods x period_days), rounded
 *                                up: with y(o) fixed at 1 its fixed cost is
 *                                a constant of the relaxation, so L(o) -
 *                                fixed(o) bounds every plan opening o
 *                                before its fixed cost, and at the
 *                                break-even fixed cost f, L(o) - fixed(o)
 *                                + f <= B(o at f) = B_without <= U.
 * A relaxation that is infeasible rules the option out as its MIP would;
 * one with no plan with h closed allowed (min_hubs) screens nothing.
 * Each candidate's figures (per-product throughput and transshipped
 * tonnes, peak stock, departures in and out by vessel class) come from the
 * cheapest solved plan with it open (figures_option), whichever solve
 * gave it; none when every option was screened. A solve stopped by the time limit gives its
 * incumbent (still a feasible plan, so a U): the result is then not proven, and the largest gap is
 * kept. Every solve is reported to cfg->progress with its status and CPU seconds.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <string.h>
#include <time.h>

#include "grainflow/alloc.h"
#include "grainflow/lp.h"
#include "grainflow/site.h"
#include "site/site_int.h"

typedef struct mip {
    const gf_model *m;
    const gf_site_config *cfg; /* NULL: the defaults */
    gf_lp_options opt;
    gf_lp_relaxation *rx;  /* the LP bounds' one relaxation, opened at the first */
    int32_t *force;        /* size nodes */
    int64_t *deps;         /* size links x periods: the free plan's departures */
    int32_t *chosen;       /* size nodes: the best plan's option per node, -1 closed */
    int64_t *fig_cents;    /* size hubs: total of the plan candidate h's figures come from */
    int64_t free_cents;    /* the best plan's total */
    int64_t alt_all_cents; /* A: everything bought from the alternative suppliers */
    bool has_best;         /* free_cents and chosen hold a plan */
    bool no_hub_known;     /* r->no_hub_cents holds the no-hub optimum */
    gf_site_result *r;
} mip;

static double cpu_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int read_figures(gf_site_candidate *c, const gf_model *m, const gf_lp_result *lr,
                        gf_error *err);

/* Every hub open in lr's plan takes its figures from it when it is the
 * cheapest solved plan with that hub open so far. */
static int take_figures(mip *mp, const gf_lp_result *lr, gf_error *err)
{
    for (int32_t h = 0; h < mp->r->n_hubs; h++) {
        gf_site_candidate *c = &mp->r->hubs[h];
        int32_t o = lr->hub_option[c->node];
        int rc;
        if (o < 0 || (c->figures_option >= 0 && lr->cost.total >= mp->fig_cents[h]))
            continue;
        mp->fig_cents[h] = lr->cost.total;
        c->figures_option = o;
        rc = read_figures(c, mp->m, lr, err);
        if (rc)
            return rc;
    }
    return GF_OK;
}

/* Tell cfg->progress about step s, when it listens. */
static void report(const mip *mp, const gf_site_step *s)
{
    if (mp->cfg && mp->cfg->progress)
        mp->cfg->progress(mp->cfg->progress_ud, s);
}

/* A solve stopped by cfg->interrupt: the analysis ends there, answerless
 * (a figure short of its proof would change the decision it reads). */
static int interrupted(gf_error *err)
{
    return gf_fail(err, GF_ESTATE, "the site analysis was interrupted before it finished");
}

/* The MIP with mp->force (step kind, node, option say what it is, for the
 * progress report); *has_plan when lr holds a plan. */
static int solve(mip *mp, gf_site_step_kind kind, int32_t node, int32_t option, gf_lp_result *lr,
                 bool *has_plan, gf_error *err)
{
    double t0 = cpu_now();
    int rc = gf_lp_solve_model(mp->m, &mp->opt, lr, err);
    gf_site_step st = {.kind = kind, .node = node, .option = option};

    *has_plan = false;
    if (rc)
        return rc;
    if (lr->status == GF_LP_INTERRUPTED)
        return interrupted(err);
    st.cpu_seconds = cpu_now() - t0;
    mp->r->mip_cpu_seconds += st.cpu_seconds;
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
    if (*has_plan)
        rc = take_figures(mp, lr, err);
    st.status = gf_lp_status_name(lr->status);
    st.has_total = *has_plan;
    st.total_cents = *has_plan ? lr->cost.total : 0;
    st.gap_cents = *has_plan && lr->status != GF_LP_OPTIMAL ? lr->gap_cents : 0;
    report(mp, &st);
    return rc;
}

/* A figure read from the best plan (the free optimum) instead of a new solve (see the top). */
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

static int64_t delivered_mt(const gf_lp_result *lr);

/* lr's plan becomes the best when it is cheaper than the best so far;
 * its departures are where every later solve starts. */
static void keep_best(mip *mp, const gf_lp_result *lr)
{
    gf_site_result *r = mp->r;

    if (!mp->has_best) {
        memcpy(mp->deps, lr->departures,
               (size_t)lr->n_links * (size_t)lr->periods * sizeof *mp->deps);
        mp->opt.start_departures = mp->deps;
        mp->alt_all_cents = lr->alt_all_cents;
    }
    if (mp->has_best && lr->cost.total >= mp->free_cents)
        return;
    mp->has_best = true;
    r->total_cents = mp->free_cents = lr->cost.total;
    r->fixed_cents = lr->cost.hub_fixed;
    r->subsidy_cents = lr->cost.subsidy;
    r->delivered_mt = delivered_mt(lr);
    memcpy(mp->chosen, lr->hub_option, (size_t)lr->n_nodes * sizeof *mp->chosen);
}

/* The first solve: with every hub closed when min_hubs allows it (the
 * no-hub plan, also the plan to beat), else every hub free. */
static int solve_first(mip *mp, gf_error *err)
{
    gf_site_result *r = mp->r;
    gf_lp_result lr = {0};
    bool ok = false, no_hub = r->no_hub_allowed;
    int rc;

    for (int32_t h = 0; no_hub && h < r->n_hubs; h++)
        mp->force[r->hubs[h].node] = GF_LP_HUB_CLOSED;
    rc = solve(mp, no_hub ? GF_SITE_STEP_NO_HUB : GF_SITE_STEP_FREE, -1, -1, &lr, &ok, err);
    if (!rc && !ok)
        rc = gf_fail(err, GF_EINVAL,
                     "no plan satisfies min_hubs %d and max_hubs %d of scenario.csv with the "
                     "hubs of hubs.csv%s",
                     (int)gf_model_min_hubs(mp->m), (int)gf_model_max_hubs(mp->m),
                     lr.status == GF_LP_INFEASIBLE ? "" : " within --time-limit; allow more time");
    if (!rc)
        keep_best(mp, &lr);
    if (!rc && no_hub) {
        r->no_hub_cents = lr.cost.total;
        r->no_hub_delivered_mt = delivered_mt(&lr);
        mp->no_hub_known = true;
    }
    for (int32_t h = 0; h < r->n_hubs; h++)
        mp->force[r->hubs[h].node] = GF_LP_HUB_FREE;
    gf_lp_result_fini(&lr);
    return rc;
}

/* The LP relaxation with c's node forced to option o (mp->force set so):
 * o's bound, and whether it screens o against *u, a plan known with c
 * closed (NULL: none; the top's rule). *feasible false when the
 * relaxation has no plan (then the MIP has none either). A relaxation
 * that stops short of its optimum gives no bound and screens nothing. */
static int option_bound(mip *mp, const gf_site_candidate *c, gf_site_option *o, const int64_t *u,
                        bool *feasible, gf_error *err)
{
    gf_site_step st = {.kind = GF_SITE_STEP_BOUND, .node = c->node, .option = o->option};
    double t0 = cpu_now(), l = 0;
    gf_lp_status status = GF_LP_NOT_SOLVED;
    int rc = mp->rx ? GF_OK : gf_lp_relaxation_open(&mp->rx, mp->m, &mp->opt, err);

    *feasible = true;
    if (!rc)
        rc = gf_lp_relaxation_solve(mp->rx, mp->force, &status, &l, err);
    if (rc)
        return rc;
    if (status == GF_LP_INTERRUPTED)
        return interrupted(err);
    st.cpu_seconds = cpu_now() - t0;
    mp->r->bound_cpu_seconds += st.cpu_seconds;
    mp->r->lp_bounds++;
    st.status = gf_lp_status_name(status);
    *feasible = status != GF_LP_INFEASIBLE;
    if (status == GF_LP_OPTIMAL) {
        o->has_bound = true;
        o->bound_cents = (int64_t)floor(l - 1.0 - 1e-9 * fabs(l)); /* CLP's tolerances */
        st.has_total = true;
        st.total_cents = o->bound_cents;
    }
    if (u) {
        double s = mp->opt.gap_share;
        int64_t tol = s > 0 && s < 1 ? (int64_t)floor(s * (double)(mp->alt_all_cents - *u)) : 0;
        st.has_threshold = true;
        st.threshold_cents = *u - (tol > 0 ? tol : 0);
        o->screened = o->has_bound && o->bound_cents >= st.threshold_cents;
        st.screened = o->screened;
    }
    if (!*feasible)
        mp->r->combinations++; /* ruled out, as its MIP would be */
    report(mp, &st);
    return GF_OK;
}

/* Whether option o's figure makes it c's best so far: cheaper, or as
 * cheap and solved where the best so far is a screened bound. */
static bool beats(const gf_site_candidate *c, const gf_site_option *o)
{
    const gf_site_option *b;

    if (!c->has_with || o->best_cents < c->with_cents)
        return true;
    b = gf__site_option_of((gf_site_candidate *)c, c->best_option);
    return o->best_cents == c->with_cents && b->screened && !o->screened;
}

/* Option o of candidate c (mp->force set to it): read from the best plan
 * (reuse: it is the free optimum and opens c with o), screened by its LP
 * bound against *u (a plan known with c closed; NULL: none), or solved
 * as a MIP. */
static int solve_option(mip *mp, gf_site_candidate *c, gf_site_option *o, bool reuse,
                        const int64_t *u, gf_lp_result *lr, gf_error *err)
{
    bool ok = true, screen = !(mp->cfg && mp->cfg->no_screening);
    int rc = GF_OK;

    if (reuse && mp->chosen[c->node] == o->option) {
        o->best_cents = reuse_free(mp); /* its figures came with the best plan */
    } else if (screen && ((rc = option_bound(mp, c, o, u, &ok, err)) != GF_OK || !ok)) {
        return rc; /* no plan opens c with o: not allowed */
    } else if (o->screened) {
        o->best_cents = o->bound_cents;
        mp->r->combinations++;
        mp->r->screened++;
    } else {
        rc = solve(mp, GF_SITE_STEP_OPTION, c->node, o->option, lr, &ok, err);
        if (rc || !ok)
            return rc;
        o->best_cents = lr->cost.total;
        keep_best(mp, lr);
    }
    o->allowed = true;
    if (beats(c, o)) {
        c->has_with = true;
        c->with_cents = o->best_cents;
        c->best_option = o->option;
    }
    return rc;
}

/* Each option of candidate c, forced in turn (see solve_option). */
static int solve_options(mip *mp, gf_site_candidate *c, bool reuse, const int64_t *u, gf_error *err)
{
    gf_lp_result lr = {0};
    int rc = GF_OK;

    for (int32_t i = 0; !rc && i < c->n_options; i++) {
        mp->force[c->node] = c->options[i].option;
        rc = solve_option(mp, c, &c->options[i], reuse, u, &lr, err);
    }
    mp->force[c->node] = GF_LP_HUB_FREE;
    gf_lp_result_fini(&lr);
    return rc;
}

/* Candidate c's without figure: read from the best plan when it keeps c
 * closed (that plan is the free optimum), the no-hub plan when c is the
 * only hub, else the MIP with c closed. */
static int solve_without(mip *mp, gf_site_candidate *c, gf_error *err)
{
    gf_lp_result lr = {0};
    bool ok = false;
    int rc = GF_OK;

    if (mp->chosen[c->node] < 0) {
        c->has_without = true;
        c->without_cents = reuse_free(mp);
    } else if (mp->r->n_hubs == 1 && mp->no_hub_known) {
        c->has_without = true; /* closing the only hub closes every hub */
        c->without_cents = mp->r->no_hub_cents;
        mp->r->combinations++;
    } else {
        mp->force[c->node] = GF_LP_HUB_CLOSED;
        rc = solve(mp, GF_SITE_STEP_CLOSED, c->node, -1, &lr, &ok, err);
        if (!rc && ok) {
            c->has_without = true;
            c->without_cents = lr.cost.total;
        }
        mp->force[c->node] = GF_LP_HUB_FREE;
    }
    gf_lp_result_fini(&lr);
    return rc;
}

/* Every candidate's options and without figure, in the order the top
 * explains for min_hubs 0 and min_hubs > 0; then the best plan's choices. */
static int solve_candidates(mip *mp, gf_error *err)
{
    gf_site_result *r = mp->r;
    int rc = GF_OK;

    if (!r->no_hub_allowed) {
        for (int32_t h = 0; !rc && h < r->n_hubs; h++) {
            gf_site_candidate *c = &r->hubs[h];
            rc = solve_without(mp, c, err);
            if (!rc)
                rc = solve_options(mp, c, true, c->has_without ? &c->without_cents : NULL, err);
        }
    } else {
        for (int32_t h = 0; !rc && h < r->n_hubs; h++)
            rc = solve_options(mp, &r->hubs[h], false, &r->no_hub_cents, err);
        if (!rc)
            reuse_free(mp); /* the free figure */
        for (int32_t h = 0; !rc && h < r->n_hubs; h++)
            rc = solve_without(mp, &r->hubs[h], err);
    }
    for (int32_t h = 0; !rc && h < r->n_hubs; h++)
        r->hubs[h].chosen_option = mp->chosen[r->hubs[h].node];
    return rc;
}

static size_t deps_size(const gf_model *m)
{
    return (size_t)gf_model_link_count(m) * (size_t)gf_model_periods(m) * sizeof(int64_t) + 1;
}

static int site_mip(const gf_model *m, const gf_site_config *cfg, gf_site_result *r, gf_error *err)
{
    mip mp = {.m = m, .cfg = cfg, .r = r};
    size_t nn = (size_t)gf_model_node_count(m);
    int rc = gf__site_init_result(m, r, err);

    gf_lp_options_init(&mp.opt);
    mp.opt.time_limit_s = cfg ? cfg->time_limit_s : 0;
    mp.opt.gap_share = cfg ? cfg->gap_share : 0;
    mp.opt.interrupt = cfg ? cfg->interrupt : NULL;
    mp.force = gf_malloc(nn * sizeof *mp.force + 1);
    mp.chosen = gf_malloc(nn * sizeof *mp.chosen + 1);
    mp.fig_cents = gf_calloc(nn + 1, sizeof *mp.fig_cents);
    mp.deps = gf_malloc(deps_size(m));
    if (!rc && (!mp.force || !mp.chosen || !mp.fig_cents || !mp.deps))
        rc = gf_fail(err, GF_ENOMEM, "out of memory analysing the hub candidates");
    for (int32_t n = 0; !rc && n < (int32_t)nn; n++)
        mp.force[n] = GF_LP_HUB_FREE;
    mp.opt.hub_force = mp.force;
    r->method = GF_SITE_MIP;
    r->proven = true;
    r->within_gap = true;
    r->gap_share = mp.opt.gap_share;
    r->allowed = gf_site_count_combinations(m);
    r->no_hub_allowed = gf_model_min_hubs(m) <= 0;
    if (!rc)
        rc = solve_first(&mp, err);
    if (!rc)
        rc = solve_candidates(&mp, err);
    if (!rc)
        gf__site_values(r);
    gf_free(mp.force, nn * sizeof *mp.force + 1);
    gf_free(mp.chosen, nn * sizeof *mp.chosen + 1);
    gf_free(mp.fig_cents, (nn + 1) * sizeof *mp.fig_cents);
    gf_free(mp.deps, deps_size(m));
    gf_lp_relaxation_close(mp.rx);
    return rc;
}

int gf_site_solve(const gf_model *m, const gf_site_config *cfg, gf_site_result *r, gf_error *err)
{
    if (!r)
        return gf_fail(err, GF_EINVAL, "gf_site_solve: NULL result");
    memset(r, 0, sizeof *r);
    if (!m || gf_model_hub_option_count(m) == 0 || (gf_site_applies(m) && !(cfg && cfg->use_mip)))
        return gf_site_enumerate(m, cfg, r, err); /* it explains a model without hubs */
    return site_mip(m, cfg, r, err);
}
