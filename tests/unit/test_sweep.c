/* tests/unit/test_sweep.c: sweeps: spec errors by JSON pointer, counter-based
 * sampling, the distributions' quantiles, a run's light results against the
 * full gf_plan of the same edits, failed runs recorded, the same table for
 * any number of threads and any split into shares, the tornado, and failed
 * allocations in gf_sweep_create.
 * Runs from the project root (tests/run.sh does): reads data/kz-ma-africa-v1.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "grainflow/alloc.h"
#include "grainflow/edit.h"
#include "grainflow/plan.h"
#include "grainflow/scenario.h"
#include "grainflow/sweep.h"
#include "grainflow/whatif.h"
#include "support/failing_alloc.h"
#include "sweep/sweep_int.h" /* gf__sweep_worker_order: white-box */

#define DEFAULT_DIR "data/kz-ma-africa-v1"

static gf_model *default_model(void)
{
    gf_error err = {0};
    gf_model *m = gf_scenario_read_csv(DEFAULT_DIR, &err);

    if (!m)
        fail_msg("%s: %s", err.input, err.msg);
    return m;
}

static gf_sweep *sweep_of(const gf_model *m, const char *spec)
{
    gf_error err = {0};
    gf_sweep *s = gf_sweep_create(spec, strlen(spec), m, &err);

    if (!s)
        fail_msg("spec refused: %s: %s", err.input, err.msg);
    return s;
}

/* The spec must fail with err.input == ptr and msg containing part. */
static void expect_error(const gf_model *m, const char *spec, const char *ptr, const char *part)
{
    gf_error err = {0};
    gf_sweep *s = gf_sweep_create(spec, strlen(spec), m, &err);

    if (s)
        fail_msg("spec accepted: %s", spec);
    if (strcmp(err.input, ptr) != 0 || !strstr(err.msg, part))
        fail_msg("spec %s: got %s: %s; want %s: ...%s...", spec, err.input, err.msg, ptr, part);
}

static void test_sweep_spec_errors_point_at_the_field(void **state)
{
    gf_model *m = default_model();

    (void)state;
    expect_error(m, "[1]", "/", "an object");
    expect_error(m, "{\"runs\": 3, \"speed\": 1}", "/speed", "unknown key");
    expect_error(m,
                 "{\"runs\": 2, \"parameters\": [{\"name\": \"f\", \"what\": \"link_cost\", "
                 "\"how\": {\"dist\": \"uniform\", \"min\": 2, \"max\": 1}}]}",
                 "/parameters/0/how/max", "max must be >= min");
    expect_error(m,
                 "{\"parameters\": [{\"name\": \"f\", \"what\": \"alt_price\", \"op\": \"add\", "
                 "\"markets\": [\"SN_DAKAR\", \"XX_NOWHERE\"], \"how\": {\"dist\": \"fixed\", "
                 "\"value\": 1}}]}",
                 "/parameters/0/markets/1", "XX_NOWHERE");
    expect_error(m,
                 "{\"parameters\": [{\"name\": \"h\", \"what\": \"hub_fixed\", \"how\": "
                 "{\"dist\": \"fixed\", \"value\": 1}}]}",
                 "/parameters/0/what", "needs a version-2 scenario");
    expect_error(m,
                 "{\"parameters\": [{\"name\": \"s\", \"what\": \"supply\", \"op\": \"add\", "
                 "\"how\": {\"dist\": \"fixed\", \"value\": 1}}]}",
                 "/parameters/0/op", "only multiplied");
    expect_error(m,
                 "{\"parameters\": [{\"name\": \"f\", \"what\": \"link_cost\", \"mode\": \"sea\", "
                 "\"vessel_class\": \"no_such_class\", \"how\": {\"dist\": \"fixed\", \"value\": "
                 "1}}]}",
                 "/parameters/0", "selects no link");
    expect_error(m,
                 "{\"runs\": 5, \"events\": [{\"name\": \"e\", \"p\": 1.5, \"close\": "
                 "[{\"node\": \"RU_TAMAN\"}]}]}",
                 "/events/0/p", "probability");
    expect_error(m,
                 "{\"runs\": 5, \"events\": [{\"name\": \"e\", \"p\": 0.5, \"close\": "
                 "[{\"node\": \"RU_TAMAN\", \"periods\": [\"10-60\"]}]}]}",
                 "/events/0/close/0/periods/0", "1..52");
    expect_error(m,
                 "{\"parameters\": [{\"name\": \"x\", \"what\": \"supply\", \"how\": {\"dist\": "
                 "\"list\", \"values\": [1]}}], \"events\": [{\"name\": \"x\", \"p\": 1, "
                 "\"close\": [{\"node\": \"RU_TAMAN\"}]}]}",
                 "/events/0/name", "used twice");
    expect_error(m,
                 "{\"parameters\": [{\"name\": \"f\", \"what\": \"link_cost\", \"how\": "
                 "{\"dist\": \"normal\", \"mean\": 1, \"sd\": 0.1}}]}",
                 "/runs", "runs is required");
    gf_model_destroy(m);
}

static void test_sweep_draws_depend_on_seed_and_run_only(void **state)
{
    gf_model *m = default_model();
    gf_sweep *s = sweep_of(m, "{\"runs\": 10000, \"seed\": 9, \"parameters\": [{\"name\": \"u\", "
                              "\"what\": \"supply\", \"how\": {\"dist\": \"uniform\", \"min\": "
                              "0.5, \"max\": 1.5}}], \"events\": [{\"name\": \"e\", \"p\": 0.1, "
                              "\"close\": [{\"node\": \"RU_TAMAN\"}]}]}");
    gf_sweep *t = sweep_of(m, "{\"runs\": 10000, \"seed\": 10, \"parameters\": [{\"name\": \"u\", "
                              "\"what\": \"supply\", \"how\": {\"dist\": \"uniform\", \"min\": "
                              "0.5, \"max\": 1.5}}]}");
    double v5, v, w5, sum = 0;
    bool e5, e;
    int64_t n_on = 0;

    (void)state;
    gf_sweep_sample(s, 5, &v5, &e5);
    for (int64_t i = 0; i < 10000; i++) {
        gf_sweep_sample(s, i, &v, &e);
        assert_true(v >= 0.5 && v <= 1.5);
        sum += v;
        n_on += e;
    }
    gf_sweep_sample(s, 5, &v, &e);
    assert_true(v == v5 && e == e5); /* nothing carried over from the runs in between */
    gf_sweep_sample(t, 5, &w5, &e);
    assert_true(w5 != v5); /* another seed, another draw */
    assert_true(fabs(sum / 10000 - 1.0) < 0.01);
    assert_true(n_on > 900 && n_on < 1100);   /* p = 0.1 of 10000 */
    assert_true(v5 == round(v5 * 1e6) / 1e6); /* rounded as applied */
    gf_sweep_destroy(t);
    gf_sweep_destroy(s);
    gf_model_destroy(m);
}

static void test_sweep_grid_crosses_every_list(void **state)
{
    gf_model *m = default_model();
    gf_sweep *s = sweep_of(m, "{\"parameters\": [{\"name\": \"a\", \"what\": \"supply\", \"how\": "
                              "{\"dist\": \"list\", \"values\": [0.8, 1, 1.2]}}, {\"name\": \"b\", "
                              "\"what\": \"alt_price\", \"op\": \"add\", \"how\": {\"dist\": "
                              "\"list\", \"values\": [-5, 5]}}]}");
    int seen[3][2] = {{0}};

    (void)state;
    assert_int_equal(gf_sweep_runs(s), 6);
    for (int64_t i = 0; i < 6; i++) {
        double v[2];
        gf_sweep_sample(s, i, v, NULL);
        seen[v[0] < 0.9 ? 0 : v[0] < 1.1 ? 1 : 2][v[1] < 0 ? 0 : 1]++;
    }
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 2; b++)
            assert_int_equal(seen[a][b], 1);
    gf_sweep_destroy(s);
    gf_model_destroy(m);
}

static void test_sweep_quantiles_match_the_distributions(void **state)
{
    gf_model *m = default_model();
    gf_sweep *s = sweep_of(m, "{\"runs\": 10, \"parameters\": ["
                              "{\"name\": \"n\", \"what\": \"supply\", \"how\": {\"dist\": "
                              "\"normal\", \"mean\": 1, \"sd\": 0.1}},"
                              "{\"name\": \"t\", \"what\": \"supply\", \"how\": {\"dist\": "
                              "\"triangular\", \"min\": 0, \"mode\": 1, \"max\": 4}},"
                              "{\"name\": \"l\", \"what\": \"supply\", \"how\": {\"dist\": "
                              "\"lognormal\", \"mu\": 0, \"sigma\": 0.5}},"
                              "{\"name\": \"d\", \"what\": \"supply\", \"how\": {\"dist\": "
                              "\"discrete\", \"values\": [2, 1, 3], \"weights\": [1, 1, 2]}},"
                              "{\"name\": \"b\", \"what\": \"supply\", \"how\": {\"dist\": "
                              "\"uniform\", \"min\": 0, \"max\": 1, \"base\": 0.25}}]}");

    (void)state;
    assert_true(fabs(gf_sweep_param_quantile(s, 0, 0.5) - 1.0) < 1e-9);
    assert_true(fabs(gf_sweep_param_quantile(s, 0, 0.975) - 1.195996) < 2e-6);
    assert_true(fabs(gf_sweep_param_quantile(s, 0, 0.1) - (1 - 0.128155)) < 2e-6);
    /* triangular: F(1) = (1-0)/(4-0) = 0.25 */
    assert_true(fabs(gf_sweep_param_quantile(s, 1, 0.25) - 1.0) < 1e-6);
    assert_true(fabs(gf_sweep_param_quantile(s, 2, 0.5) - 1.0) < 1e-6);
    /* discrete sorted 1 (0.25), 2 (0.5), 3 (1): P10 = 1, P50 = 2, P90 = 3 */
    assert_true(gf_sweep_param_quantile(s, 3, 0.1) == 1);
    assert_true(gf_sweep_param_quantile(s, 3, 0.5) == 2);
    assert_true(gf_sweep_param_quantile(s, 3, 0.9) == 3);
    assert_true(gf_sweep_param_base(s, 3) == 2);    /* default base: the median */
    assert_true(gf_sweep_param_base(s, 4) == 0.25); /* given */
    gf_sweep_destroy(s);
    gf_model_destroy(m);
}

/* The same edits as a what-if gf_plan, solved cold both ways. */
static void test_sweep_results_equal_the_full_plan(void **state)
{
    gf_model *m = default_model();
    gf_sweep *s = sweep_of(
        m, "{\"parameters\": [{\"name\": \"sea\", \"what\": \"link_cost\", \"mode\": \"sea\", "
           "\"how\": {\"dist\": \"fixed\", \"value\": 1.1}}, {\"name\": \"harvest\", \"what\": "
           "\"supply\", \"how\": {\"dist\": \"fixed\", \"value\": 0.8}}], \"events\": [{\"name\": "
           "\"ru\", \"p\": 1, \"close\": [{\"node\": \"RU_NOVOROSSIYSK\", \"periods\": "
           "[\"10-17\"]}]}]}");
    const char *edits = "[{\"op\": \"scale_freight\", \"mode\": \"sea\", \"pct\": 10},"
                        "{\"op\": \"scale_supply\", \"pct\": -20},"
                        "{\"op\": \"close_node\", \"node\": \"RU_NOVOROSSIYSK\", \"periods\": "
                        "[10, 11, 12, 13, 14, 15, 16, 17]}]";
    gf_error err = {0};
    size_t len = 0;
    char *scn = gf_scenario_json_from_csv(DEFAULT_DIR, &len, &err);
    gf_whatif *wi = scn ? gf_whatif_create(scn, len, edits, strlen(edits), &err) : NULL;
    gf_plan *p = wi ? gf_whatif_solve(wi, &err) : NULL;
    gf_sweep_worker *w = gf_sweep_worker_create(s, &err);
    gf_sweep_result res = {0};
    int32_t hub = 0;

    (void)state;
    if (!p || !w)
        fail_msg("%s: %s", err.input, err.msg);
    assert_int_equal(gf_sweep_worker_run(w, 0, &res, &err), GF_OK);
    assert_true(res.ok);
    assert_true(res.values[0] == (double)p->delivered_t);
    assert_true(res.values[1] == (double)p->saving_cents / 100);
    assert_true(res.values[2] == (double)p->cost.total / 100);
    for (int32_t i = 0; i < p->n_hubs; i++) {
        char name[96];
        int32_t k = 0;
        if (gf_model_node(m, p->hubs[i].node)->kind != GF_NODE_HUB)
            continue;
        snprintf(name, sizeof name, "hub_t:%s", gf_model_node(m, p->hubs[i].node)->id);
        while (k < gf_sweep_value_count(s) && strcmp(gf_sweep_value_name(s, k), name) != 0)
            k++;
        assert_true(k < gf_sweep_value_count(s));
        assert_true(res.values[k] == (double)p->hubs[i].throughput_t);
        snprintf(name, sizeof name, "hub_onward_t:%s", gf_model_node(m, p->hubs[i].node)->id);
        k = 0;
        while (k < gf_sweep_value_count(s) && strcmp(gf_sweep_value_name(s, k), name) != 0)
            k++;
        assert_true(k < gf_sweep_value_count(s));
        assert_true(res.values[k] == (double)p->hubs[i].shipped_t); /* hubs offer no supply */
        hub++;
    }
    assert_int_equal(hub, 8); /* the default scenario's eight Moroccan hub candidates */
    gf_sweep_result_fini(&res);
    gf_sweep_worker_destroy(w);
    gf_plan_destroy(p);
    gf_whatif_destroy(wi);
    gf_free(scn, len + 1);
    gf_sweep_destroy(s);
    gf_model_destroy(m);
}

/* Collects the rows a sink gets, in order. */
typedef struct table {
    char *text;
    size_t len, cap;
    int64_t next, n_failed;
} table;

static int collect(void *ud, int64_t run, const gf_sweep_result *res, gf_error *err)
{
    table *t = ud;

    (void)err;
    assert_non_null(res);
    assert_int_equal(run, t->next); /* in run order */
    t->next++;
    t->n_failed += !res->ok;
    if (t->len + res->row_len + 1 > t->cap) {
        size_t cap = 2 * (t->len + res->row_len + 1);
        t->text = realloc(t->text, cap);
        assert_non_null(t->text);
        t->cap = cap;
    }
    memcpy(t->text + t->len, res->row, res->row_len + 1);
    t->len += res->row_len;
    return GF_OK;
}

static const char *const mc_spec =
    "{\"runs\": 150, \"seed\": 3, \"parameters\": ["
    "{\"name\": \"sea\", \"what\": \"link_cost\", \"mode\": \"sea\", \"how\": {\"dist\": "
    "\"triangular\", \"min\": 0.8, \"mode\": 1, \"max\": 1.5}},"
    "{\"name\": \"fob\", \"what\": \"alt_price\", \"op\": \"add\", \"how\": {\"dist\": "
    "\"normal\", \"mean\": 0, \"sd\": 6}},"
    "{\"name\": \"harvest\", \"what\": \"supply\", \"how\": {\"dist\": \"uniform\", "
    "\"min\": 0.7, \"max\": 1.2}}],"
    "\"events\": [{\"name\": \"ru\", \"p\": 0.2, \"close\": [{\"node\": "
    "\"RU_NOVOROSSIYSK\", \"periods\": [\"10-17\"]}]}]}";

static table sweep_table(const gf_sweep *s, int threads)
{
    gf_sweep_exec_opts o = {threads, 0, 1, NULL, NULL};
    gf_error err = {0};
    table t = {0};

    if (gf_sweep_exec(s, &o, collect, &t, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(t.next, gf_sweep_runs(s));
    return t;
}

/* One worker solving runs 0..39 in turn (each warm from the kept basis of
 * the nearest earlier inputs, the network never reset between runs save
 * after an event's closures) answers each run as a fresh worker solving it
 * cold does: the same saving and total cost (the optimum is unique even
 * where the flows are not). Some runs close Novorossiysk and the next one
 * must have it open again; a run with the event off after one with it on
 * is among them. */
static void test_sweep_warm_runs_equal_cold_ones(void **state)
{
    gf_model *m = default_model();
    gf_sweep *s = sweep_of(m, mc_spec);
    gf_error err = {0};
    gf_sweep_worker *w = gf_sweep_worker_create(s, &err);
    gf_sweep_result warm = {0}, cold = {0};
    double values[3];
    bool events[1], prev = false;
    int reopened = 0, closed = 0;

    (void)state;
    assert_non_null(w);
    for (int64_t run = 0; run < 40; run++) {
        gf_sweep_worker *fresh = gf_sweep_worker_create(s, &err);
        assert_non_null(fresh);
        assert_int_equal(gf_sweep_worker_run(w, run, &warm, &err), GF_OK);
        assert_int_equal(gf_sweep_worker_run(fresh, run, &cold, &err), GF_OK);
        assert_true(warm.ok && cold.ok);
        if (warm.values[1] != cold.values[1] || warm.values[2] != cold.values[2])
            fail_msg("run %lld: warm saving %.2f total %.2f, cold %.2f %.2f", (long long)run,
                     warm.values[1], warm.values[2], cold.values[1], cold.values[2]);
        gf_sweep_sample(s, run, values, events);
        closed += events[0];
        reopened += prev && !events[0];
        prev = events[0];
        gf_sweep_worker_destroy(fresh);
    }
    assert_true(closed > 0 && reopened > 0);
    gf_sweep_result_fini(&warm);
    gf_sweep_result_fini(&cold);
    gf_sweep_worker_destroy(w);
    gf_sweep_destroy(s);
    gf_model_destroy(m);
}

static void test_sweep_table_is_the_same_for_any_threads(void **state)
{
    gf_model *m = default_model();
    gf_sweep *s = sweep_of(m, mc_spec);
    table one = sweep_table(s, 1), three = sweep_table(s, 3);

    (void)state;
    assert_true(gf_sweep_chain_runs(s) == 4); /* 150 / 32: several chains per thread */
    assert_int_equal(one.len, three.len);
    assert_memory_equal(one.text, three.text, one.len);
    assert_int_equal(one.n_failed, 0);
    free(one.text);
    free(three.text);
    gf_sweep_destroy(s);
    gf_model_destroy(m);
}

/* Two shares (what two MPI ranks run) give the rows of the whole, chain by chain. */
typedef struct share_rows {
    table t;
    int64_t n_rows;
} share_rows;

static int collect_any(void *ud, int64_t run, const gf_sweep_result *res, gf_error *err)
{
    share_rows *sr = ud;

    assert_true(sr->n_rows == 0 || run > sr->t.next - 1); /* increasing within a share */
    sr->t.next = run;
    sr->n_rows++;
    return collect(&sr->t, run, res, err);
}

static void test_sweep_shares_add_up_to_the_whole(void **state)
{
    gf_model *m = default_model();
    gf_sweep *s = sweep_of(m, mc_spec);
    table all = sweep_table(s, 2);
    share_rows even = {0}, odd = {0};
    gf_sweep_exec_opts o0 = {1, 0, 2, NULL, NULL}, o1 = {2, 1, 2, NULL, NULL};
    gf_error err = {0};
    int64_t l = gf_sweep_chain_runs(s);
    size_t at = 0, ae = 0, ao = 0;

    (void)state;
    assert_int_equal(gf_sweep_exec(s, &o0, collect_any, &even, &err), GF_OK);
    assert_int_equal(gf_sweep_exec(s, &o1, collect_any, &odd, &err), GF_OK);
    assert_int_equal(even.n_rows + odd.n_rows, gf_sweep_runs(s));
    /* interleave chain by chain: even chains from one share, odd from the other */
    for (int64_t c = 0; c * l < gf_sweep_runs(s); c++) {
        share_rows *sr = c % 2 ? &odd : &even;
        size_t *pos = c % 2 ? &ao : &ae;
        for (int64_t r = c * l; r < (c + 1) * l && r < gf_sweep_runs(s); r++) {
            size_t n = strchr(sr->t.text + *pos, '\n') - (sr->t.text + *pos) + 1;
            assert_memory_equal(sr->t.text + *pos, all.text + at, n);
            *pos += n;
            at += n;
        }
    }
    assert_int_equal(at, all.len);
    free(all.text);
    free(even.t.text);
    free(odd.t.text);
    gf_sweep_destroy(s);
    gf_model_destroy(m);
}

/* Distance between runs a and b as the chain order measures it: each
 * parameter in units of its P10-P90 spread, squared, 16 per event apart. */
static double run_distance(const gf_sweep *s, const double *va, const bool *ea, const double *vb,
                           const bool *eb)
{
    double d = 0;

    for (int32_t p = 0; p < gf_sweep_param_count(s); p++) {
        double spread = gf_sweep_param_quantile(s, p, 0.9) - gf_sweep_param_quantile(s, p, 0.1);
        double x = spread > 0 ? (va[p] - vb[p]) / spread : 0;
        d += x * x;
    }
    for (int32_t e = 0; e < gf_sweep_event_count(s); e++)
        d += ea[e] != eb[e] ? 16 : 0;
    return d;
}

/* A chain is solved along a nearest-neighbour tour of its runs' inputs:
 * every run once, the chain's first run first, each next run the nearest
 * of those left to the one before; the same tour from any worker; and it is
 * much shorter than run order (what makes the warm starts cheaper). */
static void test_sweep_chain_order_is_nearest_next(void **state)
{
    gf_model *m = default_model();
    char spec[1024];
    gf_sweep *s;
    gf_error err = {0};
    gf_sweep_worker *w, *w2;
    double v[64][3];
    bool ev[64][1], seen[64] = {0};
    double tour = 0, in_order = 0;
    const int32_t *order;
    int32_t n, copy[64];

    (void)state;
    /* mc_spec with 2000 runs: chains of 62 */
    snprintf(spec, sizeof spec, "{\"runs\": 2000%s", mc_spec + strlen("{\"runs\": 150"));
    s = sweep_of(m, spec);
    n = (int32_t)gf_sweep_chain_runs(s);
    assert_int_equal(n, 62);
    w = gf_sweep_worker_create(s, &err);
    w2 = gf_sweep_worker_create(s, &err);
    assert_non_null(w);
    assert_non_null(w2);
    for (int32_t i = 0; i < n; i++)
        gf_sweep_sample(s, 5 * n + i, v[i], ev[i]);
    order = gf__sweep_worker_order(w, 5 * n, n);
    assert_int_equal(order[0], 0);
    for (int32_t i = 0; i < n; i++) {
        assert_true(order[i] >= 0 && order[i] < n && !seen[order[i]]);
        seen[order[i]] = true;
    }
    for (int32_t i = 1; i < n; i++) {
        int32_t a = order[i - 1];
        double d = run_distance(s, v[a], ev[a], v[order[i]], ev[order[i]]);
        for (int32_t j = i + 1; j < n; j++)
            if (run_distance(s, v[a], ev[a], v[order[j]], ev[order[j]]) < d - 1e-12)
                fail_msg("step %d: run %d is nearer to %d than %d", (int)i, (int)order[j], (int)a,
                         (int)order[i]);
        tour += d;
        in_order += run_distance(s, v[i - 1], ev[i - 1], v[i], ev[i]);
    }
    assert_true(tour < in_order / 3);
    memcpy(copy, order, (size_t)n * sizeof *copy);
    assert_memory_equal(copy, gf__sweep_worker_order(w2, 5 * n, n), (size_t)n * sizeof *copy);
    gf_sweep_worker_destroy(w2);
    gf_sweep_worker_destroy(w);
    gf_sweep_destroy(s);
    gf_model_destroy(m);
}

/* Field k (0-based) of a CSV row without quotes, into buf. */
static const char *field(const char *row, int k, char *buf, size_t size)
{
    size_t n;

    for (; k > 0; k--)
        row = strchr(row, ',') + 1;
    n = strcspn(row, ",\n");
    assert_true(n < size);
    memcpy(buf, row, n);
    buf[n] = '\0';
    return buf;
}

/* Solved out of run order along the tour, every row still lands in its
 * run's place: its run number, inputs and optimum (delivered tonnes are not
 * unique at a degenerate optimum; saving and total cost are) are those of
 * the run solved alone, cold, by a fresh worker. */
static void test_sweep_rows_out_of_order_land_in_place(void **state)
{
    gf_model *m = default_model();
    gf_sweep *s = sweep_of(m, mc_spec);
    table t = sweep_table(s, 2);
    gf_error err = {0};
    gf_sweep_result cold = {0};
    const char *row = t.text;
    char a[64], b[64];

    (void)state;
    for (int64_t run = 0; run < gf_sweep_runs(s); run++, row = strchr(row, '\n') + 1) {
        gf_sweep_worker *fresh;
        if (run % 5)
            continue;
        fresh = gf_sweep_worker_create(s, &err);
        assert_non_null(fresh);
        assert_int_equal(gf_sweep_worker_run(fresh, run, &cold, &err), GF_OK);
        for (int k = 0; k < 10; k++)
            if (k != 7 && strcmp(field(row, k, a, sizeof a), field(cold.row, k, b, sizeof b)))
                fail_msg("run %lld, field %d: %s in the table, %s alone", (long long)run, k, a, b);
        gf_sweep_worker_destroy(fresh);
    }
    gf_sweep_result_fini(&cold);
    free(t.text);
    gf_sweep_destroy(s);
    gf_model_destroy(m);
}

static void test_sweep_failed_run_is_a_row_and_the_sweep_goes_on(void **state)
{
    gf_model *m = default_model();
    gf_sweep *s = sweep_of(m, "{\"parameters\": [{\"name\": \"rail\", \"what\": "
                              "\"link_cost\", \"op\": \"add\", \"mode\": \"rail\", \"how\": "
                              "{\"dist\": \"list\", \"values\": [0, -1000, 2]}}]}");
    table t = sweep_table(s, 2);
    char *second = strchr(t.text, '\n') + 1;

    (void)state;
    assert_int_equal(t.n_failed, 1);
    assert_true(strncmp(t.text, "0,ok,,0.00,", 11) == 0);
    assert_true(strncmp(second, "1,failed,", 9) == 0);
    assert_non_null(strstr(second, "rail + -1000 leaves the cost of a link out of 0..2^50"));
    assert_true(strncmp(strchr(second, '\n') + 1, "2,ok,,2.00,", 11) == 0);
    free(t.text);
    gf_sweep_destroy(s);
    gf_model_destroy(m);
}

static void test_sweep_tornado_ranks_by_swing(void **state)
{
    gf_model *m = default_model();
    gf_sweep *s = sweep_of(m, mc_spec);
    double base = 0, lo[4], hi[4];
    gf_error err = {0};

    (void)state;
    assert_int_equal(gf_sweep_tornado(s, &base, lo, hi, &err), GF_OK);
    assert_true(base > 0);
    assert_true(lo[0] > hi[0]); /* dearer sea freight, smaller saving */
    assert_true(lo[1] < hi[1]); /* a dearer alternative, a larger saving */
    assert_true(lo[2] < hi[2]); /* a larger harvest, a larger saving */
    assert_true(lo[3] == base); /* an event: off at the low end */
    assert_true(hi[3] <= base); /* closing a port never saves */
    gf_sweep_destroy(s);
    gf_model_destroy(m);
}

/* The ranked table: by swing, largest first, whatever the spec's order. */
static void test_sweep_tornado_table_orders_by_swing(void **state)
{
    gf_model *m = default_model();
    gf_sweep *s = sweep_of(m, mc_spec);
    gf_sweep_tornado_table t = {0};
    gf_error err = {0};

    (void)state;
    assert_int_equal(gf_sweep_tornado_table_make(s, &t, &err), GF_OK);
    assert_int_equal(t.n, 4);
    for (int32_t r = 1; r < t.n; r++)
        assert_true(gf_sweep_tornado_swing(&t, t.order[r - 1]) >=
                    gf_sweep_tornado_swing(&t, t.order[r]));
    assert_string_equal(gf_sweep_input_name(s, t.order[0]), "fob"); /* as sweep_cli.sh finds */
    assert_true(gf_sweep_input_is_event(s, 3) && !gf_sweep_input_is_event(s, 2));
    gf_sweep_tornado_table_fini(&t);
    gf_sweep_destroy(s);
    gf_model_destroy(m);
}

/* per_period: a column pair per week, adding up to the run's totals. */
static void test_sweep_per_period_adds_up(void **state)
{
    gf_model *m = default_model();
    gf_sweep *s = sweep_of(m, "{\"runs\": 3, \"per_period\": true, \"parameters\": [{\"name\": "
                              "\"fob\", \"what\": \"alt_price\", \"op\": \"add\", \"how\": "
                              "{\"dist\": \"normal\", \"mean\": 0, \"sd\": 6}}]}");
    gf_sweep_worker *w = NULL;
    gf_sweep_result res = {0};
    gf_error err = {0};
    int32_t np = gf_model_periods(m), k0 = -1, n = gf_sweep_value_count(s);

    (void)state;
    for (int32_t k = 0; k < n; k++)
        if (k0 < 0 && !strcmp(gf_sweep_value_name(s, k), "period_delivered_t:1"))
            k0 = k;
    assert_true(k0 > 0 && k0 + 2 * np == n);
    assert_string_equal(gf_sweep_value_name(s, n - 1), "period_saving_usd:52");
    w = gf_sweep_worker_create(s, &err);
    assert_non_null(w);
    for (int64_t run = 0; run < 3; run++) {
        double del = 0, sav = 0;
        assert_int_equal(gf_sweep_worker_run(w, run, &res, &err), GF_OK);
        assert_true(res.ok);
        for (int32_t t = 0; t < np; t++) {
            del += res.values[k0 + t];
            sav += res.values[k0 + np + t];
        }
        assert_true(del == res.values[0]);
        assert_true(fabs(sav - res.values[1]) < 0.005);
    }
    gf_sweep_result_fini(&res);
    gf_sweep_worker_destroy(w);
    gf_sweep_destroy(s);
    expect_error(m, "{\"runs\": 3, \"per_period\": 1}", "/per_period", "true or false");
    gf_model_destroy(m);
}

static void test_sweep_create_survives_failed_allocations(void **state)
{
    gf_model *m = default_model();
    gf_sweep *s = NULL;

    (void)state;
    for (long fail_at = 0; !s; fail_at++) {
        gf_error err = {0};
        failing_alloc_arm(fail_at);
        s = gf_sweep_create(mc_spec, strlen(mc_spec), m, &err);
        failing_alloc_disarm();
        if (!s)
            assert_int_equal(err.code, GF_ENOMEM);
    }
    gf_sweep_destroy(s);
    gf_model_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_spec_errors_point_at_the_field),
        cmocka_unit_test(test_sweep_draws_depend_on_seed_and_run_only),
        cmocka_unit_test(test_sweep_grid_crosses_every_list),
        cmocka_unit_test(test_sweep_quantiles_match_the_distributions),
        cmocka_unit_test(test_sweep_results_equal_the_full_plan),
        cmocka_unit_test(test_sweep_warm_runs_equal_cold_ones),
        cmocka_unit_test(test_sweep_table_is_the_same_for_any_threads),
        cmocka_unit_test(test_sweep_shares_add_up_to_the_whole),
        cmocka_unit_test(test_sweep_chain_order_is_nearest_next),
        cmocka_unit_test(test_sweep_rows_out_of_order_land_in_place),
        cmocka_unit_test(test_sweep_failed_run_is_a_row_and_the_sweep_goes_on),
        cmocka_unit_test(test_sweep_tornado_ranks_by_swing),
        cmocka_unit_test(test_sweep_tornado_table_orders_by_swing),
        cmocka_unit_test(test_sweep_per_period_adds_up),
        cmocka_unit_test(test_sweep_create_survives_failed_allocations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
