/* src/site/site.c: exact enumeration of the hub choices on one warm network.
 *
 * The hub facility nodes are numbered h = 0..H-1 in node order; a choice
 * gives each either -1 (closed) or one of its model option indices. A
 * depth-first walk over the hubs visits only the allowed combinations: a
 * prefix with k hubs open and r hubs left goes on only while k <= max_hubs
 * and k + r >= min_hubs, so it never walks the (possibly huge) product of
 * all choices. count_combinations counts them first (ways[k] = number of
 * prefixes with k open), so a model beyond GF_SITE_MAX_COMBINATIONS is
 * refused before any solve. At each leaf the network is reset, every hub set
 * with gf_network_set_hub and re-solved warm; the leaf's total is the plan
 * total plus the open options' fixed costs. The walk keeps, per hub and per
 * option, the best total and the choice that gives it; afterwards the plan
 * of each such choice is extracted once (a warm solve of a basis already
 * optimal takes no pivots) to read the hub's throughput and stock.
 * Ties keep the first combination met (closed before option order), so the
 * answer is deterministic.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <string.h>
#include <time.h>

#include "grainflow/alloc.h"
#include "grainflow/network.h"
#include "grainflow/site.h"
#include "site/site_int.h"

/* The state of one enumeration. */
typedef struct walk {
    const gf_model *m;
    gf_network *net;
    gf_solution sol;
    int32_t n_hubs, min_open, max_open;
    int32_t *hub_node;  /* size n_hubs */
    int32_t *choice;    /* size n_hubs: the combination being built */
    int32_t *best;      /* size n_hubs: the best combination */
    int32_t *with_best; /* size n_hubs x n_hubs: best combination with hub h open */
    int32_t *opt_best;  /* size n_options x n_hubs: best with option o chosen */
    int64_t best_cents;
    double deadline; /* monotonic seconds; 0: none */
    gf_site_result *r;
} walk;

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

bool gf_site_applies(const gf_model *m)
{
    if (!m || gf_model_hub_option_count(m) == 0 || gf_model_product_count(m) != 1 ||
        gf_model_conversion_count(m) != 0)
        return false;
    for (int32_t l = 0; l < gf_model_link_count(m); l++)
        if (gf_model_link(m, l)->vessel_t > 0)
            return false;
    return true;
}

static int32_t count_hubs(const gf_model *m)
{
    int32_t n = 0;

    for (int32_t i = 0; i < gf_model_node_count(m); i++)
        n += gf_model_is_hub(m, i);
    return n;
}

static int32_t count_options(const gf_model *m, int32_t node)
{
    int32_t n = 0;

    for (int32_t o = 0; o < gf_model_hub_option_count(m); o++)
        n += gf_model_hub_option(m, o)->node == node;
    return n;
}

/* x + y, saturating at 2^62 (beyond any limit this file applies). */
static int64_t sat_add(int64_t x, int64_t y)
{
    const int64_t cap = (int64_t)1 << 62;

    return x > cap - y ? cap : x + y;
}

int64_t gf_site_count_combinations(const gf_model *m)
{
    int64_t ways[GF_MODEL_MAX_HUBS + 1] = {1}, total = 0;
    int32_t h = 0, lo, hi;

    if (!m)
        return 0;
    for (int32_t n = 0; n < gf_model_node_count(m) && h < GF_MODEL_MAX_HUBS; n++) {
        int64_t k_opts;
        if (!gf_model_is_hub(m, n))
            continue;
        k_opts = count_options(m, n);
        h++;
        for (int32_t k = h; k >= 1; k--) { /* ways[k] += ways[k-1] x options */
            int64_t add = ways[k - 1] > ((int64_t)1 << 62) / (k_opts ? k_opts : 1)
                              ? (int64_t)1 << 62
                              : ways[k - 1] * k_opts;
            ways[k] = sat_add(ways[k], add);
        }
    }
    lo = gf_model_min_hubs(m);
    hi = gf_model_max_hubs(m) < h ? gf_model_max_hubs(m) : h;
    for (int32_t k = lo < 0 ? 0 : lo; k <= hi; k++)
        total = sat_add(total, ways[k]);
    return total >= (int64_t)1 << 62 ? INT64_MAX : total;
}

int64_t gf_site_fixed_cents(const gf_model *m, const int32_t *choice)
{
    int64_t sum = 0;
    int32_t h = 0;

    for (int32_t n = 0; m && choice && n < gf_model_node_count(m); n++)
        if (gf_model_is_hub(m, n) && choice[h++] >= 0)
            sum += gf_model_hub_fixed_cents(m, choice[h - 1]);
    return sum;
}

void gf_site_result_fini(gf_site_result *r)
{
    if (!r)
        return;
    for (int32_t h = 0; r->hubs && h < r->n_hubs; h++) {
        gf_site_candidate *c = &r->hubs[h];
        gf_free(c->options, (size_t)c->n_options * sizeof(gf_site_option));
        gf_free(c->throughput_mt, (size_t)c->n_products * sizeof(int64_t));
        gf_free(c->transshipped_mt, (size_t)c->n_products * sizeof(int64_t));
        gf_free(c->vessels, (size_t)c->n_vessels * sizeof(gf_site_vessel));
    }
    gf_free(r->hubs, (size_t)r->n_hubs * sizeof(gf_site_candidate));
    gf_plan_destroy(r->plan);
    gf_plan_destroy(r->no_hub_plan);
    memset(r, 0, sizeof *r);
}

const gf_site_candidate *gf_site_find(const gf_site_result *r, int32_t node)
{
    for (int32_t h = 0; r && h < r->n_hubs; h++)
        if (r->hubs[h].node == node)
            return &r->hubs[h];
    return NULL;
}

static void walk_fini(walk *w)
{
    size_t nh = (size_t)w->n_hubs, no = w->m ? (size_t)gf_model_hub_option_count(w->m) : 0;

    gf_solution_fini(&w->sol);
    gf_network_destroy(w->net);
    gf_free(w->hub_node, nh * sizeof(int32_t));
    gf_free(w->choice, nh * sizeof(int32_t));
    gf_free(w->best, nh * sizeof(int32_t));
    gf_free(w->with_best, nh * nh * sizeof(int32_t));
    gf_free(w->opt_best, no * nh * sizeof(int32_t));
}

/* Check that enumeration applies and the count is within the limit. */
static int check_model(const gf_model *m, gf_error *err)
{
    int64_t n;

    if (!m)
        return gf_fail(err, GF_EINVAL, "gf_site_enumerate: NULL model");
    if (gf_model_hub_option_count(m) == 0)
        return gf_fail(err, GF_EINVAL,
                       "the scenario has no hub candidates; list each candidate node's options "
                       "in hubs.csv (node,option,fixed_usd_per_year,throughput_t_per_period,"
                       "storage_t)");
    if (!gf_site_applies(m))
        return gf_fail(err, GF_EINVAL,
                       "exact enumeration of the hub choices needs one product, no conversions "
                       "and no vessel_t on links; this scenario needs the MIP (grainflow plan)");
    n = gf_site_count_combinations(m);
    if (n == 0)
        return gf_fail(err, GF_ELIMIT,
                       "no combination of hub choices is allowed: min_hubs %d in scenario.csv "
                       "is more than the %d hub nodes in hubs.csv",
                       (int)gf_model_min_hubs(m), (int)count_hubs(m));
    if (n > GF_SITE_MAX_COMBINATIONS)
        return gf_fail(
            err, GF_ELIMIT,
            "%d hub nodes with %d options allow %lld combinations of choices (min_hubs %d, "
            "max_hubs %d), more than the %d that exact enumeration tries; lower max_hubs "
            "in scenario.csv or drop options from hubs.csv",
            (int)count_hubs(m), (int)gf_model_hub_option_count(m),
            n == INT64_MAX ? (long long)((int64_t)1 << 62) : (long long)n,
            (int)gf_model_min_hubs(m), (int)gf_model_max_hubs(m), GF_SITE_MAX_COMBINATIONS);
    return GF_OK;
}

int gf__site_init_result(const gf_model *m, gf_site_result *r, gf_error *err)
{
    int32_t nh = gf_model_hub_count(m), k = gf_model_product_count(m), h = 0;

    memset(r, 0, sizeof *r);
    r->model = m;
    r->hubs = gf_calloc((size_t)nh + 1, sizeof *r->hubs);
    if (!r->hubs)
        return gf_fail(err, GF_ENOMEM, "out of memory analysing the hub candidates");
    for (int32_t n = 0; n < gf_model_node_count(m); n++) {
        gf_site_candidate *c;
        if (!gf_model_is_hub(m, n))
            continue;
        c = &r->hubs[h++];
        r->n_hubs = h;
        *c = (gf_site_candidate){.node = n,
                                 .chosen_option = -1,
                                 .best_option = -1,
                                 .figures_option = -1,
                                 .peak_period = -1};
        c->options = gf_calloc((size_t)count_options(m, n), sizeof *c->options);
        c->throughput_mt = gf_calloc((size_t)k, sizeof(int64_t));
        c->transshipped_mt = gf_calloc((size_t)k, sizeof(int64_t));
        if (!c->options || !c->throughput_mt || !c->transshipped_mt) {
            gf_free(c->options, (size_t)count_options(m, n) * sizeof *c->options);
            gf_free(c->throughput_mt, (size_t)k * sizeof(int64_t));
            gf_free(c->transshipped_mt, (size_t)k * sizeof(int64_t));
            *c = (gf_site_candidate){0};
            return gf_fail(err, GF_ENOMEM, "out of memory analysing the hub candidates");
        }
        c->n_products = k;
        for (int32_t o = 0; o < gf_model_hub_option_count(m); o++)
            if (gf_model_hub_option(m, o)->node == n)
                c->options[c->n_options++] =
                    (gf_site_option){.option = o, .fixed_cents = gf_model_hub_fixed_cents(m, o)};
    }
    return GF_OK;
}

/* Allocate the walk's arrays and build the one network. */
static int walk_init(walk *w, const gf_model *m, gf_site_result *r, gf_error *err)
{
    size_t nh = (size_t)r->n_hubs, no = (size_t)gf_model_hub_option_count(m);

    w->m = m;
    w->r = r;
    w->n_hubs = r->n_hubs;
    w->min_open = gf_model_min_hubs(m);
    w->max_open = gf_model_max_hubs(m);
    w->hub_node = gf_calloc(nh, sizeof(int32_t));
    w->choice = gf_calloc(nh, sizeof(int32_t));
    w->best = gf_calloc(nh, sizeof(int32_t));
    w->with_best = gf_calloc(nh * nh, sizeof(int32_t));
    w->opt_best = gf_calloc(no * nh, sizeof(int32_t));
    if (!w->hub_node || !w->choice || !w->best || !w->with_best || !w->opt_best)
        return gf_fail(err, GF_ENOMEM, "out of memory enumerating the hub choices");
    for (int32_t h = 0; h < w->n_hubs; h++)
        w->hub_node[h] = r->hubs[h].node;
    w->net = gf_network_build(m, err);
    return w->net ? GF_OK : err ? err->code : GF_ENOMEM;
}

/* Reset the network's edits and open or close every hub as choice says. */
static int apply_choice(walk *w, const int32_t *choice, gf_error *err)
{
    int rc = gf_network_reset(w->net, err);

    for (int32_t h = 0; !rc && h < w->n_hubs; h++)
        rc = gf_network_set_hub(w->net, w->hub_node[h], choice[h], err);
    return rc;
}

gf_site_option *gf__site_option_of(gf_site_candidate *c, int32_t option)
{
    for (int32_t i = 0; i < c->n_options; i++)
        if (c->options[i].option == option)
            return &c->options[i];
    return NULL;
}

/* Record the total of the current combination against every best it may beat. */
static void record(walk *w, int64_t total)
{
    size_t nh = (size_t)w->n_hubs, bytes = nh * sizeof(int32_t);

    if (w->r->combinations == 0 || total < w->best_cents) {
        w->best_cents = total;
        memcpy(w->best, w->choice, bytes);
    }
    for (int32_t h = 0; h < w->n_hubs; h++) {
        gf_site_candidate *c = &w->r->hubs[h];
        gf_site_option *o;
        if (w->choice[h] < 0) {
            if (!c->has_without || total < c->without_cents)
                c->without_cents = total;
            c->has_without = true;
            continue;
        }
        if (!c->has_with || total < c->with_cents) {
            c->with_cents = total;
            c->best_option = w->choice[h];
            memcpy(&w->with_best[(size_t)h * nh], w->choice, bytes);
        }
        c->has_with = true;
        o = gf__site_option_of(c, w->choice[h]); /* one of c's: the walk picks from them */
        if (!o->allowed || total < o->best_cents) {
            o->best_cents = total;
            memcpy(&w->opt_best[(size_t)o->option * nh], w->choice, bytes);
        }
        o->allowed = true;
    }
    w->r->combinations++;
}

/* Solve the network as choice set it; *total = plan total + fixed costs. */
static int solve_choice(walk *w, const int32_t *choice, int64_t *total, gf_error *err)
{
    int rc = apply_choice(w, choice, err);

    if (!rc)
        rc = gf_network_solve(w->net, &w->sol, err);
    if (rc)
        return rc;
    if (w->sol.status != GF_SOLVE_OPTIMAL)
        return gf_fail(err, GF_EINTERNAL, "a hub combination's solve ended %s, not optimal",
                       gf_solve_status_name(w->sol.status));
    w->r->pivots += w->sol.pivots;
    w->r->warm_solves += w->sol.warm;
    if (__builtin_add_overflow(w->sol.objective_cents, w->net->constant_cents, total) ||
        __builtin_add_overflow(*total, gf_site_fixed_cents(w->m, choice), total))
        return gf_fail(err, GF_EOVERFLOW, "a hub combination's total exceeds int64 cents");
    return GF_OK;
}

/* Depth-first over hubs h.., with open hubs open so far. */
static int visit(walk *w, int32_t h, int32_t open, gf_error *err)
{
    int64_t total = 0;
    int rc;

    if (open > w->max_open || open + (w->n_hubs - h) < w->min_open)
        return GF_OK;
    if (h == w->n_hubs) {
        if (w->r->combinations > 0 && w->deadline > 0 && now_s() > w->deadline) {
            w->r->stopped = true; /* keep the best so far; the caller says it is not proven */
            return GF_OK;
        }
        rc = solve_choice(w, w->choice, &total, err);
        if (!rc)
            record(w, total);
        return rc;
    }
    w->choice[h] = -1;
    rc = visit(w, h + 1, open, err);
    for (int32_t o = 0; !rc && o < gf_model_hub_option_count(w->m); o++) {
        if (gf_model_hub_option(w->m, o)->node != w->hub_node[h])
            continue;
        w->choice[h] = o;
        rc = visit(w, h + 1, open + 1, err);
    }
    return rc;
}

/* The plan of choice (owned), from the network set that way. */
static gf_plan *plan_of(walk *w, const int32_t *choice, gf_error *err)
{
    if (apply_choice(w, choice, err))
        return NULL;
    return gf_plan_solve_network(w->net, err);
}

/* fixed x 365 / (periods x period_days), half away from zero; rounded up
 * instead when up (the figure is an upper bound, which rounding must keep). */
static int64_t per_year(const gf_model *m, int64_t horizon_cents, bool up)
{
    double days = (double)gf_model_periods(m) * gf_model_period_days(m);
    double v = (double)horizon_cents * 365.0 / days;

    if (up)
        return (int64_t)ceil(v);
    return (int64_t)(v < 0 ? v - 0.5 : v + 0.5);
}

void gf__site_values(gf_site_result *r)
{
    for (int32_t h = 0; h < r->n_hubs; h++) {
        gf_site_candidate *c = &r->hubs[h];
        for (int32_t i = 0; c->has_without && i < c->n_options; i++) {
            gf_site_option *o = &c->options[i];
            if (o->allowed)
                o->breakeven_cents_per_year = per_year(
                    r->model, c->without_cents - o->best_cents + o->fixed_cents, o->screened);
        }
        if (c->has_with && c->has_without) {
            const gf_site_option *best = gf__site_option_of(c, c->best_option);
            c->value_cents = c->without_cents - c->with_cents;
            c->breakeven_cents_per_year = best->breakeven_cents_per_year;
            c->value_bound = best->screened;
        }
    }
}

/* Throughput, transshipped tonnes and peak stock of c's node in p (one product). */
static void read_figures(gf_site_candidate *c, const gf_plan *p)
{
    for (int32_t k = 0; k < p->n_hubs; k++) {
        if (p->hubs[k].node != c->node)
            continue;
        c->throughput_mt[0] = p->hubs[k].throughput_t * 1000;
        c->transshipped_mt[0] = p->hubs[k].transshipped_t * 1000;
        c->peak_stock_mt = p->hubs[k].peak_stock_t * 1000;
        c->peak_period = p->hubs[k].peak_period;
    }
}

/* Each candidate's figures in its best plan with it open. */
static int analyse(walk *w, gf_error *err)
{
    gf_site_result *r = w->r;
    size_t nh = (size_t)w->n_hubs;

    gf__site_values(r);
    for (int32_t h = 0; h < w->n_hubs; h++) {
        gf_site_candidate *c = &r->hubs[h];
        gf_plan *p;
        c->chosen_option = w->best[h];
        if (!c->has_with)
            continue;
        c->figures_option = c->best_option;
        p = c->chosen_option >= 0 ? r->plan : plan_of(w, &w->with_best[(size_t)h * nh], err);
        if (!p)
            return err ? err->code : GF_ENOMEM;
        read_figures(c, p);
        if (p != r->plan)
            gf_plan_destroy(p);
    }
    return GF_OK;
}

int gf_site_enumerate(const gf_model *m, const gf_site_config *cfg, gf_site_result *r,
                      gf_error *err)
{
    walk w = {0};
    int32_t *closed = NULL;
    int rc;

    if (!r)
        return gf_fail(err, GF_EINVAL, "gf_site_enumerate: NULL result");
    memset(r, 0, sizeof *r);
    rc = check_model(m, err);
    if (!rc)
        rc = gf__site_init_result(m, r, err);
    if (!rc)
        rc = walk_init(&w, m, r, err);
    if (!rc && cfg && cfg->time_limit_s > 0)
        w.deadline = now_s() + cfg->time_limit_s;
    if (!rc)
        r->allowed = gf_site_count_combinations(m);
    if (!rc)
        rc = visit(&w, 0, 0, err);
    if (rc)
        goto out;
    r->total_cents = w.best_cents;
    r->fixed_cents = gf_site_fixed_cents(m, w.best);
    r->plan = plan_of(&w, w.best, err);
    if (!r->plan) {
        rc = err ? err->code : GF_ENOMEM;
        goto out;
    }
    if (r->plan->cost.total + r->fixed_cents != r->total_cents) {
        rc = gf_fail(err, GF_EINTERNAL, "the best hub plan's total does not add up");
        goto out;
    }
    rc = analyse(&w, err);
    closed = gf_malloc((size_t)w.n_hubs * sizeof *closed + 1);
    if (!rc && !closed)
        rc = gf_fail(err, GF_ENOMEM, "out of memory enumerating the hub choices");
    for (int32_t h = 0; !rc && h < w.n_hubs; h++)
        closed[h] = -1;
    if (!rc)
        r->no_hub_plan = plan_of(&w, closed, err);
    if (!rc && !r->no_hub_plan)
        rc = err ? err->code : GF_ENOMEM;
    if (!rc) {
        r->no_hub_cents = r->no_hub_plan->cost.total;
        r->no_hub_delivered_mt = r->no_hub_plan->delivered_t * 1000;
        r->delivered_mt = r->plan->delivered_t * 1000;
        for (int32_t i = 0; i < r->plan->n_flows; i++)
            r->subsidy_cents +=
                r->plan->flows[i].t * gf_model_link(m, r->plan->flows[i].link)->subsidy_cents_per_t;
        r->no_hub_allowed = w.min_open <= 0;
        r->proven = !r->stopped;
        r->within_gap = r->proven;
    }
out:
    gf_free(closed, (size_t)w.n_hubs * sizeof *closed + 1);
    walk_fini(&w);
    return rc;
}
