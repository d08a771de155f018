/* bench/mip_driver.c: solve a scenario through src/lp (CLP/CBC) and print its figures.
 *
 *   build/bench/mip_driver [--time-limit S] [--gap PCT] [--relax] [--lot-sizing] [--no-rounding]
 * [--no-fixing] [--cold-lp]
 *       [--no-warm] [--threads N] [--log] [--where] [--hub NODE=OPTION|open|closed ...] DIR
 *
 * --gap PCT: stop once the gap is at most PCT % of the saving (lp.h's
 * gap_share = PCT / 100; status within_gap); default: prove optimality.
 * --hub NODE=OPTION|open|closed (repeatable; NODE "all" for every hub
 * facility, applied first): force hub facilities through lp.h's hub_force.
 * With --relax the line's relax_bound is a lower bound on every plan with
 * those choices, which is how README's "does a hub pay" bounds a hub's
 * value without solving its MIP.
 * --no-rounding, --no-fixing: skip lp_cuts.c's departure-count rounding
 * rows, lp_solve.c's reduced-cost fixing (lp.h; both on by default).
 * --where: after the line, one line per link with departures that carries
 * tonnes: its tonnes over the horizon, the ships they fill (tonnes /
 * vessel_t) and the departures the plan pays; with --relax that shows
 * where the relaxation's fractional ships are (issue 8's gap).
 *
 * One line of key=value pairs on stdout, for bench/mip.sh: status, total
 * (cents, recomputed from the reported plan), bound and gap (cents), the
 * saving against the alternative suppliers (alt x demand - total) and the
 * gap as a share of it, CBC's nodes and wall seconds, the wall seconds of
 * the LP relaxation, the warm start and the fixed LP, the program's size,
 * the hubs opened, and the process time (user + sys) of the whole run, reading included.
 * SPDX-License-Identifier: MIT */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "grainflow/lp.h"
#include "grainflow/scenario.h"

static double cpu_seconds(void)
{
    struct rusage u;

    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + 1e-6 * (double)u.ru_utime.tv_usec +
           (double)u.ru_stime.tv_sec + 1e-6 * (double)u.ru_stime.tv_usec;
}

static void print_hubs(const gf_model *m, const gf_lp_result *r)
{
    int any = 0;

    printf(" hubs=");
    for (int32_t n = 0; n < r->n_nodes; n++)
        if (r->hub_option[n] >= 0) {
            printf("%s%s:%s", any ? "," : "", gf_model_node(m, n)->id,
                   gf_model_hub_option(m, r->hub_option[n])->option);
            any = 1;
        }
    if (!any)
        printf("none");
}

/* --where: the lanes with departures and what they carry. */
static void print_where(const gf_model *m, const gf_lp_result *r)
{
    for (int32_t l = 0; l < r->n_links; l++) {
        const gf_link *lk = gf_model_link(m, l);
        double t = 0;
        long long deps = 0;
        if (lk->vessel_t <= 0)
            continue;
        for (int32_t p = 0; p < r->periods; p++) {
            deps += (long long)r->departures[(size_t)l * (size_t)r->periods + (size_t)p];
            for (int32_t k = 0; k < r->products; k++)
                t += (double)r->flow_mt[((size_t)l * (size_t)r->periods + (size_t)p) *
                                            (size_t)r->products +
                                        (size_t)k] /
                     1000.0;
        }
        if (t > 0)
            printf("lane %s->%s vessel_t=%lld t=%.3f ships=%.3f departures=%lld\n",
                   gf_model_node(m, lk->from)->id, gf_model_node(m, lk->to)->id,
                   (long long)lk->vessel_t, t, t / (double)lk->vessel_t, deps);
    }
}

/* Apply one --hub NODE=CHOICE to force (size: nodes); 0, or -1 on a bad one. */
static int force_hub(const gf_model *m, const char *spec, int32_t *force)
{
    const char *eq = strchr(spec, '=');
    int32_t nn = gf_model_node_count(m), hit = 0;

    if (!eq)
        return -1;
    for (int32_t n = 0; n < nn; n++) {
        const char *id = gf_model_node(m, n)->id;
        int32_t v = -4;
        if (!gf_model_is_hub(m, n))
            continue;
        if (strncmp(spec, "all=", 4) != 0 &&
            (strlen(id) != (size_t)(eq - spec) || strncmp(id, spec, (size_t)(eq - spec)) != 0))
            continue;
        if (!strcmp(eq + 1, "closed"))
            v = GF_LP_HUB_CLOSED;
        else if (!strcmp(eq + 1, "open"))
            v = GF_LP_HUB_OPEN;
        else
            for (int32_t k = 0; k < gf_model_hub_option_count(m); k++) {
                const gf_hub_option *h = gf_model_hub_option(m, k);
                if (h->node == n && !strcmp(h->option, eq + 1))
                    v = k;
            }
        if (v == -4)
            return -1;
        force[n] = v;
        hit = 1;
    }
    return hit ? 0 : -1;
}

int main(int argc, char **argv)
{
    gf_lp_options o;
    gf_lp_result r = {0};
    gf_error err = {0};
    gf_model *m;
    const char *dir = NULL;
    const char *hubs[64];
    int n_hubs = 0;
    bool where = false;
    int32_t *force = NULL;
    double saving;

    gf_lp_options_init(&o);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--time-limit") == 0 && i + 1 < argc)
            o.time_limit_s = strtod(argv[++i], NULL);
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            o.threads = (int)strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--gap") == 0 && i + 1 < argc)
            o.gap_share = strtod(argv[++i], NULL) / 100.0;
        else if (strcmp(argv[i], "--relax") == 0)
            o.relax = true;
        else if (strcmp(argv[i], "--lot-sizing") == 0)
            o.lot_sizing = true;
        else if (strcmp(argv[i], "--no-fixing") == 0)
            o.no_cost_fixing = true;
        else if (strcmp(argv[i], "--cold-lp") == 0)
            o.cold_lp = true;
        else if (strcmp(argv[i], "--where") == 0)
            where = true;
        else if (strcmp(argv[i], "--no-rounding") == 0)
            o.no_rounding_rows = true;
        else if (strcmp(argv[i], "--no-warm") == 0)
            o.no_warm_start = true;
        else if (strcmp(argv[i], "--log") == 0)
            o.log = true;
        else if (strcmp(argv[i], "--hub") == 0 && i + 1 < argc && n_hubs < 64)
            hubs[n_hubs++] = argv[++i];
        else
            dir = argv[i];
    }
    if (!dir) {
        fprintf(
            stderr,
            "usage: mip_driver [--time-limit S] [--gap PCT] [--relax] [--lot-sizing] "
            "[--no-rounding] [--no-fixing] [--cold-lp] [--no-warm] [--threads N] [--log] [--where] "
            "[--hub NODE=OPTION|open|closed ...] DIR\n");
        return 2;
    }
    m = gf_scenario_read_csv(dir, &err);
    if (m && n_hubs) {
        force = malloc(sizeof *force * (size_t)gf_model_node_count(m));
        for (int32_t n = 0; force && n < gf_model_node_count(m); n++)
            force[n] = GF_LP_HUB_FREE;
        for (int k = 0; force && k < n_hubs; k++)
            if (force_hub(m, hubs[k], force)) {
                fprintf(stderr, "mip_driver: --hub %s: give HUB_NODE=OPTION|open|closed\n",
                        hubs[k]);
                free(force);
                gf_model_destroy(m);
                return 2;
            }
        o.hub_force = force;
    }
    if (!m || (n_hubs && !force) || gf_lp_solve_model(m, &o, &r, &err)) {
        char buf[512];
        fprintf(stderr, "mip_driver: %s\n", gf_error_format(&err, buf, sizeof buf));
        free(force);
        gf_model_destroy(m);
        return 2;
    }
    saving = (double)r.alt_all_cents - (double)r.cost.total;
    printf("status=%s total=%lld bound=%.0f gap=%.0f saving=%.0f gap_pct_saving=%.4f nodes=%lld "
           "mip_s=%.3f lp_s=%.3f cut_s=%.3f cuts=%d fixed=%d warm_s=%.3f fixed_lp_s=%.3f cols=%d "
           "rows=%d "
           "ints=%d",
           gf_lp_status_name(r.status), (long long)r.cost.total, r.bound_cents, r.gap_cents, saving,
           saving > 0 ? 100.0 * r.gap_cents / saving : 0.0, (long long)r.nodes, r.mip_seconds,
           r.lp_seconds, r.cut_seconds, (int)r.n_cuts, (int)r.n_fixed, r.warm_seconds,
           r.dual_seconds, (int)r.n_cols, (int)r.n_rows, (int)r.n_integers);
    print_hubs(m, &r);
    printf(" relax_bound=%.0f cpu_s=%.3f\n", r.relaxation_cents, cpu_seconds());
    if (where)
        print_where(m, &r);
    gf_lp_result_fini(&r);
    free(force);
    gf_model_destroy(m);
    return 0;
}
