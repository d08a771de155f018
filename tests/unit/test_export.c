/* tests/unit/test_export.c: the CSV tables, JSON and GeoJSON of a plan.
 *
 * A model built in code with a node id holding a comma and a quote checks
 * RFC 4180 quoting; the hub scenario's JSON and GeoJSON are parsed back with
 * jansson and their figures compared with the plan's.
 * SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "export/export_int.h"
#include "grainflow/export.h"
#include "grainflow/report.h"
#include "grainflow/scenario.h"
#include "support/failing_alloc.h"
#include "support/failing_io.h"
#include "support/tmpdir.h"

#ifndef DATA
#define DATA "tests/data"
#endif

/* Run fn into a memory stream; returns the text (free()). */
static char *capture_csv(const gf_plan *p, const char *table)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    gf_error err = {0};

    assert_non_null(f);
    assert_int_equal(gf_export_plan_csv(p, table, f, &err), GF_OK);
    fclose(f);
    return buf;
}

static void test_export_csv_quotes_ids(void **state)
{
    gf_error err = {0};
    gf_model *m = gf_model_create(&err);
    gf_node a = {.id = "Kostanay, \"north\"", .kind = GF_NODE_ORIGIN, .throughput_t = GF_UNLIMITED};
    gf_node b = {.id = "Dakar", .kind = GF_NODE_MARKET, .throughput_t = GF_UNLIMITED};
    gf_link l = {.from = 0, .to = 1, .cost_cents_per_t = 1050, .capacity_t = GF_UNLIMITED};
    gf_supply s = {.node = 0, .period = -1, .t = 10, .price_cents_per_t = 10000, .line = 0};
    gf_demand d = {.node = 1, .period = -1, .t = 4, .alt_cents_per_t = 20000, .line = 0};
    gf_plan *p;
    char *text;

    (void)state;
    assert_int_equal(gf_model_add_node(m, &a, NULL, &err), GF_OK);
    assert_int_equal(gf_model_add_node(m, &b, NULL, &err), GF_OK);
    assert_int_equal(gf_model_add_link(m, &l, false, &err), GF_OK);
    assert_int_equal(gf_model_add_supply(m, &s, &err), GF_OK);
    assert_int_equal(gf_model_add_demand(m, &d, &err), GF_OK);
    assert_int_equal(gf_model_finish(m, &err), GF_OK);
    p = gf_plan_solve(m, &err);
    assert_non_null(p);
    text = capture_csv(p, "flows");
    assert_string_equal(text, "from,to,mode,period,arrival_period,t,cost_usd_per_t,vessel_class\n"
                              "\"Kostanay, \"\"north\"\"\",Dakar,rail,1,1,4,10.50,\n");
    free(text);
    text = capture_csv(p, "markets");
    assert_non_null(strstr(text, "node,period,demand_t,delivered_t,unmet_t,"
                                 "landed_marginal_usd_per_t,alt_price_usd_per_t\n"));
    assert_non_null(strstr(text, "Dakar,1,4,4,0,"));
    free(text);
    text = capture_csv(p, "routes");
    assert_non_null(strstr(text, "Dakar,\"Kostanay, \"\"north\"\"\",1,1,4,100.00,110.50,"));
    free(text);
    assert_int_equal(gf_export_plan_csv(p, "nope", stdout, &err), GF_EINVAL);
    gf_plan_destroy(p);
    gf_model_destroy(m);
}

static json_t *dump_json(const gf_plan *p, int (*fn)(const gf_plan *, FILE *, gf_error *))
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    gf_error err = {0};
    json_error_t jerr;
    json_t *j;

    assert_non_null(f);
    assert_int_equal(fn(p, f, &err), GF_OK);
    fclose(f);
    j = json_loads(buf, 0, &jerr);
    if (!j)
        fail_msg("bad JSON: %s at line %d", jerr.text, jerr.line);
    free(buf);
    return j;
}

static void test_export_json_and_geojson_round_trip(void **state)
{
    gf_error err = {0};
    gf_model *m = gf_scenario_read_csv(DATA "/hub", &err);
    gf_plan *p = m ? gf_plan_solve(m, &err) : NULL;
    json_t *j, *g, *feats;
    size_t i, n_lines = 0;

    (void)state;
    assert_non_null(p);
    j = dump_json(p, gf_export_plan_json);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "optimal");
    assert_true(json_real_value(json_object_get(j, "total_cost_usd")) == 10080.0);
    assert_int_equal(json_integer_value(json_object_get(j, "delivered_t")), 150);
    assert_int_equal(json_array_size(json_object_get(j, "flows")), (size_t)p->n_flows);
    assert_int_equal(json_array_size(json_object_get(j, "routes")), (size_t)p->n_routes);
    assert_true(
        json_real_value(json_object_get(json_array_get(json_object_get(j, "bottlenecks"), 0),
                                        "shadow_usd_per_t")) == 6.0);
    json_decref(j);

    j = dump_json(p, gf_export_plan_json);
    {
        json_t *mk = json_array_get(json_object_get(j, "markets"), 0);
        json_t *ms = json_array_get(json_object_get(j, "market_summary"), 0);
        /* the marginal (dual) and the average landed cost have their own names */
        assert_true(json_real_value(json_object_get(mk, "landed_marginal_usd_per_t")) ==
                    p->markets[0].landed_cents_per_t / 100.0);
        assert_null(json_object_get(mk, "landed_usd_per_t"));
        assert_true(json_is_number(json_object_get(ms, "landed_avg_usd_per_t")));
        assert_true(fabs(json_real_value(json_object_get(ms, "landed_avg_usd_per_t")) -
                         p->market_sums[0].landed_cents / 100.0 /
                             (double)p->market_sums[0].delivered_t) < 1e-9);
        assert_null(json_object_get(ms, "landed_usd_per_t"));
    }
    json_decref(j);

    g = dump_json(p, gf_export_plan_geojson);
    assert_string_equal(json_string_value(json_object_get(g, "type")), "FeatureCollection");
    feats = json_object_get(g, "features");
    for (i = 0; i < json_array_size(feats); i++) {
        json_t *geom = json_object_get(json_array_get(feats, i), "geometry");
        const char *type = json_string_value(json_object_get(geom, "type"));
        json_t *c = json_object_get(geom, "coordinates");
        if (strcmp(type, "LineString") == 0) {
            n_lines++;
            /* RFC 7946 [lon, lat] positions: two for a land leg; a sea
             * leg follows the sea lanes (Casablanca -> Dakar: more) */
            json_t *mode =
                json_object_get(json_object_get(json_array_get(feats, i), "properties"), "mode");
            if (strcmp(json_string_value(mode), "sea") == 0) {
                size_t last = json_array_size(c) - 1;
                assert_true(last + 1 > 2);
                assert_true(json_real_value(json_array_get(json_array_get(c, 0), 0)) == -7.6);
                assert_true(json_real_value(json_array_get(json_array_get(c, last), 1)) == 14.7);
            } else {
                assert_int_equal(json_array_size(c), 2);
            }
        } else {
            assert_string_equal(type, "Point");
            assert_true(fabs(json_real_value(json_array_get(c, 1))) <= 90);
        }
    }
    assert_int_equal(json_array_size(feats), 4 + n_lines);
    assert_int_equal(n_lines, 3); /* F1->H, H->M, F2->M; F2->H carries nothing */
    json_decref(g);
    gf_plan_destroy(p);
    gf_model_destroy(m);
}

/* A market whose whole demand goes unmet: total cost 576460202758373175
 * cents, the figure issue 12 saw printed as 5.76460202758373e15. */
static gf_plan *huge_plan(gf_model **mp)
{
    gf_error err = {0};
    gf_model *m = gf_model_create(&err);
    gf_node a = {.id = "Origin", .kind = GF_NODE_ORIGIN, .throughput_t = GF_UNLIMITED};
    gf_node b = {.id = "Market", .kind = GF_NODE_MARKET, .throughput_t = GF_UNLIMITED};
    gf_demand d = {
        .node = 1, .period = -1, .t = 933371501, .alt_cents_per_t = 617610675, .line = 0};
    gf_plan *p;

    assert_int_equal(gf_model_add_node(m, &a, NULL, &err), GF_OK);
    assert_int_equal(gf_model_add_node(m, &b, NULL, &err), GF_OK);
    assert_int_equal(gf_model_add_demand(m, &d, &err), GF_OK);
    assert_int_equal(gf_model_finish(m, &err), GF_OK);
    p = gf_plan_solve(m, &err);
    if (!p)
        fail_msg("solve: %s", err.msg);
    *mp = m;
    return p;
}

static char *text_of(const gf_plan *p, int (*fn)(const gf_plan *, FILE *, gf_error *))
{
    gf_error err = {0};
    char *t = gf_export_plan_text(p, fn, &err);

    if (!t)
        fail_msg("gf_export_plan_text: %s", err.msg);
    return t;
}

static void test_export_money_is_exact_near_the_limit(void **state)
{
    gf_model *m;
    gf_plan *p = huge_plan(&m);
    char *j;
    json_t *o;

    (void)state;
    assert_true(p->cost.total == INT64_C(576460202758373175));
    j = text_of(p, gf_export_plan_json);
    assert_non_null(strstr(j, "\"total_cost_usd\": 5764602027583731.75,"));
    assert_non_null(strstr(j, "\"unmet_usd\": 5764602027583731.75\n"));
    assert_non_null(strstr(j, "\"alt_price_usd_per_t\": 6176106.75,"));
    assert_null(strstr(j, "e+15"));
    o = json_loads(j, 0, NULL); /* still JSON that jansson reads */
    assert_non_null(o);
    assert_int_equal(json_integer_value(json_object_get(o, "unmet_t")), 933371501);
    json_decref(o);
    gf_release(j);
    j = capture_csv(p, "markets");
    assert_non_null(strstr(j, "Market,1,933371501,0,933371501,"));
    free(j);
    gf_plan_destroy(p);
    gf_model_destroy(m);
}

/* What a writer prints to a stream (free()). */
static char *stream_of(const gf_plan *p, int (*fn)(const gf_plan *, FILE *, gf_error *))
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    gf_error err = {0};

    assert_non_null(f);
    assert_int_equal(fn(p, f, &err), GF_OK);
    fclose(f);
    return buf;
}

static void test_export_text_equals_the_stream(void **state)
{
    gf_error err = {0};
    gf_model *m = gf_scenario_read_csv(DATA "/hub", &err);
    gf_plan *p = m ? gf_plan_solve(m, &err) : NULL;
    int (*const fns[])(const gf_plan *, FILE *, gf_error *) = {gf_export_plan_json,
                                                               gf_export_plan_geojson};

    (void)state;
    assert_non_null(p);
    for (size_t i = 0; i < 2; i++) {
        char *a = text_of(p, fns[i]), *b = stream_of(p, fns[i]);
        assert_string_equal(a, b);
        gf_release(a);
        free(b);
    }
    gf_plan_destroy(p);
    gf_model_destroy(m);
}

static void test_export_compare_json_round_trip(void **state)
{
    gf_error err = {0};
    gf_model *m = gf_scenario_read_csv(DATA "/hub", &err);
    gf_plan_compare_result r = {0};
    char *buf = NULL;
    size_t len = 0;
    FILE *f;
    json_t *j, *mk;

    (void)state;
    assert_non_null(m);
    assert_int_equal(gf_plan_compare(m, gf_model_find_node(m, "H"), &r, &err), GF_OK);
    f = open_memstream(&buf, &len);
    assert_int_equal(gf_export_compare_json(&r, f, &err), GF_OK);
    fclose(f);
    j = json_loads(buf, 0, NULL);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "node")), "H");
    assert_true(json_real_value(json_object_get(j, "total_cost_usd")) == 10080.0);
    assert_true(json_real_value(json_object_get(j, "difference_usd")) == 920.0);
    assert_non_null(strstr(buf, "\"difference_usd\": 920.00,"));
    assert_int_equal(json_integer_value(json_object_get(j, "delivered_t")), r.with->delivered_t);
    mk = json_object_get(j, "markets");
    assert_int_equal(json_array_size(mk), (size_t)r.with->n_market_sums);
    assert_true(json_is_number(json_object_get(json_array_get(mk, 0), "landed_avg_usd_per_t")));
    assert_non_null(json_object_get(json_array_get(mk, 0), "landed_avg_usd_per_t_without"));
    assert_null(json_object_get(json_array_get(mk, 0), "landed_usd_per_t"));
    assert_true(json_is_object(json_object_get(j, "with")));
    assert_null(json_object_get(json_object_get(j, "with"), "flows")); /* summary only */
    json_decref(j);
    free(buf);
    gf_plan_compare_fini(&r);
    gf_model_destroy(m);
}

/* The report streamed from the plan (gf_export_plan_report) is the same page
 * as the one made from its texts (gf_export_report_html), "</" escaped in
 * both, for an id that holds "</script>". */
static void test_export_report_streams_the_same_page(void **state)
{
    gf_error err = {0};
    gf_model *m = gf_model_create(&err);
    gf_node a = {.id = "K</script><b>", .kind = GF_NODE_ORIGIN, .throughput_t = GF_UNLIMITED};
    gf_node b = {.id = "Dakar<", .kind = GF_NODE_MARKET, .throughput_t = GF_UNLIMITED};
    gf_link l = {.from = 0, .to = 1, .cost_cents_per_t = 1050, .capacity_t = GF_UNLIMITED};
    gf_supply s = {.node = 0, .period = -1, .t = 10, .price_cents_per_t = 10000, .line = 0};
    gf_demand d = {.node = 1, .period = -1, .t = 4, .alt_cents_per_t = 20000, .line = 0};
    char path[128], file[160];
    char *plan, *geo, *want = NULL, *got;
    size_t len = 0;
    FILE *f;
    gf_plan *p;

    (void)state;
    assert_int_equal(gf_model_add_node(m, &a, NULL, &err), GF_OK);
    assert_int_equal(gf_model_add_node(m, &b, NULL, &err), GF_OK);
    assert_int_equal(gf_model_add_link(m, &l, false, &err), GF_OK);
    assert_int_equal(gf_model_add_supply(m, &s, &err), GF_OK);
    assert_int_equal(gf_model_add_demand(m, &d, &err), GF_OK);
    assert_int_equal(gf_model_finish(m, &err), GF_OK);
    p = gf_plan_solve(m, &err);
    assert_non_null(p);
    plan = text_of(p, gf_export_plan_json);
    geo = text_of(p, gf_export_plan_geojson);
    f = open_memstream(&want, &len);
    assert_int_equal(gf_export_report_html(f, gf_model_name(m), plan, geo, &err), GF_OK);
    fclose(f);
    assert_non_null(mkdtemp(test_tmp_template(path, sizeof path, "gf_report")));
    snprintf(file, sizeof file, "%s/r.html", path);
    assert_int_equal(gf_export_plan_report(p, file, &err), GF_OK);
    f = fopen(file, "rb");
    assert_non_null(f);
    got = calloc(1, len + 2);
    assert_int_equal(fread(got, 1, len + 1, f), len);
    fclose(f);
    assert_true(memcmp(got, want, len) == 0);
    assert_null(strstr(got, "K</script>"));
    assert_non_null(strstr(got, "K<\\/script><b>"));
    unlink(file);
    rmdir(path);
    free(got);
    free(want);
    gf_release(plan);
    gf_release(geo);
    gf_plan_destroy(p);
    gf_model_destroy(m);
}

/* Fail every allocation of each text exporter in turn: each failure is
 * GF_ENOMEM and leaks nothing (LeakSanitizer), and the loop ends with a
 * success, so every allocation point was tried. */
static void test_export_text_fails_cleanly_at_every_allocation(void **state)
{
    gf_error err = {0};
    gf_model *m = gf_scenario_read_csv(DATA "/hub", &err);
    gf_plan *p = m ? gf_plan_solve(m, &err) : NULL;
    int (*const fns[])(const gf_plan *, FILE *, gf_error *) = {gf_export_plan_json,
                                                               gf_export_plan_geojson};

    (void)state;
    assert_non_null(p);
    for (size_t i = 0; i < 2; i++) {
        char *t = NULL;
        long fail_at;
        for (fail_at = 0; !t; fail_at++) {
            gf_error_clear(&err);
            failing_alloc_arm(fail_at);
            t = gf_export_plan_text(p, fns[i], &err);
            failing_alloc_disarm();
            if (!t)
                assert_int_equal(err.code, GF_ENOMEM);
        }
        assert_true(fail_at >= 2); /* at least one allocation was failed */
        gf_release(t);
    }
    gf_plan_destroy(p);
    gf_model_destroy(m);
}

/* ---- output files: targets, faults ---- */

static const char *const out_files[] = {"bottlenecks.csv", "flows.csv", "markets.csv",
                                        "plan.geojson",    "plan.json", "routes.csv",
                                        "stocks.csv"};
#define N_OUT (sizeof out_files / sizeof out_files[0])

/* The whole content of path (free()), or NULL when it does not exist. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0;
    FILE *m;
    char b[4096];
    size_t n;

    if (!f)
        return NULL;
    m = open_memstream(&buf, &len);
    while ((n = fread(b, 1, sizeof b, f)) > 0)
        fwrite(b, 1, n, m);
    fclose(m);
    fclose(f);
    return buf;
}

static char *join(const char *dir, const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);

    sprintf(p, "%s/%s", dir, name); /* sized above */
    return p;
}

/* The sorted names in dir, one per line (free()); "" for an empty one. */
static char *listing(const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);

    assert_true(n >= 0);
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, ".."))
            fprintf(m, "%s\n", names[i]->d_name);
        free(names[i]);
    }
    free(names);
    fclose(m);
    return buf;
}

static void remove_tree(const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);

    if (n < 0)
        return;
    for (int i = 0; i < n; i++) {
        char *p = join(dir, names[i]->d_name);
        struct stat st;
        if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..") && !lstat(p, &st))
            S_ISDIR(st.st_mode) ? remove_tree(p) : (void)unlink(p);
        free(p);
        free(names[i]);
    }
    free(names);
    rmdir(dir);
}

typedef struct fixture {
    gf_model *m;
    gf_plan *p;
    char root[128];   /* a fresh temporary folder */
    char *ref[N_OUT]; /* the seven files as a good export writes them */
    char *report;     /* the report as a good export writes it */
} fixture;

static void fixture_init(fixture *fx)
{
    gf_error err = {0};
    char *dir, *path;

    memset(fx, 0, sizeof *fx);
    fx->m = gf_scenario_read_csv(DATA "/hub", &err);
    fx->p = fx->m ? gf_plan_solve(fx->m, &err) : NULL;
    assert_non_null(fx->p);
    test_tmp_template(fx->root, sizeof fx->root, "gf_io");
    assert_non_null(mkdtemp(fx->root));
    dir = join(fx->root, "ref");
    assert_int_equal(gf_export_plan_dir(fx->p, dir, &err), GF_OK);
    for (size_t i = 0; i < N_OUT; i++) {
        path = join(dir, out_files[i]);
        fx->ref[i] = slurp(path);
        assert_non_null(fx->ref[i]);
        free(path);
    }
    remove_tree(dir);
    free(dir);
    path = join(fx->root, "ref.html");
    assert_int_equal(gf_export_plan_report(fx->p, path, &err), GF_OK);
    fx->report = slurp(path);
    unlink(path);
    free(path);
}

static void fixture_fini(fixture *fx)
{
    for (size_t i = 0; i < N_OUT; i++)
        free(fx->ref[i]);
    free(fx->report);
    remove_tree(fx->root);
    gf_plan_destroy(fx->p);
    gf_model_destroy(fx->m);
}

/* dir holds the seven files, each equal to the good export's, or (with
 * old_ok) to "old NAME" as seeded; and "keep.txt" when seeded. */
static void check_folder(const fixture *fx, const char *dir, bool old_ok, bool seeded)
{
    for (size_t i = 0; i < N_OUT; i++) {
        char *path = join(dir, out_files[i]), *got = slurp(path), old[64];
        snprintf(old, sizeof old, "old %s", out_files[i]);
        if (!got)
            fail_msg("%s is missing", path);
        if (strcmp(got, fx->ref[i]) != 0 && !(old_ok && strcmp(got, old) == 0))
            fail_msg("%s is neither the old nor the complete new file (%zu bytes)", path,
                     strlen(got));
        free(got);
        free(path);
    }
    if (seeded) {
        char *path = join(dir, "keep.txt"), *got = slurp(path);
        assert_non_null(got);
        assert_string_equal(got, "mine");
        free(got);
        free(path);
    }
}

static void seed_folder(const char *dir)
{
    mkdir(dir, 0777);
    for (size_t i = 0; i < N_OUT; i++) {
        char *path = join(dir, out_files[i]);
        FILE *f = fopen(path, "w");
        fprintf(f, "old %s", out_files[i]);
        fclose(f);
        free(path);
    }
    {
        char *path = join(dir, "keep.txt");
        FILE *f = fopen(path, "w");
        fputs("mine", f);
        fclose(f);
        free(path);
    }
}

/* Fail each write (disk full), each fsync and each rename of `-o` in turn,
 * for a new folder and for one that exists: every fault is GF_EIO naming
 * the folder; a new folder is not created and nothing is left beside it;
 * an existing one keeps its other files and every one of the seven is old
 * or complete (the old ones stay while any write fails). Short writes are
 * not errors: the files come out complete. */
static void test_export_dir_survives_every_io_fault(void **state)
{
    static const failing_io_kind kinds[] = {FAILING_IO_FULL, FAILING_IO_SHORT, FAILING_IO_FSYNC,
                                            FAILING_IO_RENAME};
    fixture fx;

    (void)state;
    fixture_init(&fx);
    for (size_t k = 0; k < 4; k++)
        for (int existing = 0; existing < 2; existing++) {
            char *dir = join(fx.root, "out"), *before;
            long n, faults = 0;
            for (n = 0;; n++) {
                gf_error err = {0};
                int rc;
                remove_tree(dir);
                if (existing)
                    seed_folder(dir);
                before = listing(fx.root);
                failing_io_arm(kinds[k], n);
                rc = gf_export_plan_dir(fx.p, dir, &err);
                failing_io_disarm();
                if (failing_io_calls() <= n) { /* the fault was never reached */
                    assert_int_equal(rc, GF_OK);
                    free(before);
                    break;
                }
                if (kinds[k] == FAILING_IO_SHORT) {
                    assert_int_equal(rc, GF_OK);
                    check_folder(&fx, dir, false, existing);
                } else {
                    char *after = listing(fx.root);
                    faults++;
                    if (rc != GF_EIO)
                        fail_msg("fault %zu at call %ld: rc %d (%s)", k, n, rc, err.msg);
                    assert_string_equal(err.input, dir);
                    if (existing)
                        check_folder(&fx, dir, true, true);
                    if (strcmp(after, before) != 0) {
                        /* only the parent's fsync after the rename can fail
                         * with the folder in place, and then it is whole */
                        assert_int_equal(kinds[k], FAILING_IO_FSYNC);
                        assert_false(existing);
                        assert_true(strlen(after) == strlen(before) + 4);
                        check_folder(&fx, dir, false, false);
                    }
                    free(after);
                }
                free(before);
            }
            check_folder(&fx, dir, false, existing);
            if (kinds[k] != FAILING_IO_SHORT)
                assert_true(faults >= (kinds[k] == FAILING_IO_RENAME ? 1 : 7));
            free(dir);
        }
    fixture_fini(&fx);
}

/* The same for --report over an existing file: it stays as it was until
 * the complete new one replaces it. */
static void test_export_report_survives_every_io_fault(void **state)
{
    static const failing_io_kind kinds[] = {FAILING_IO_FULL, FAILING_IO_SHORT, FAILING_IO_FSYNC,
                                            FAILING_IO_RENAME};
    fixture fx;

    (void)state;
    fixture_init(&fx);
    for (size_t k = 0; k < 4; k++) {
        char *path = join(fx.root, "r.html"), *before, *got;
        long n;
        for (n = 0;; n++) {
            gf_error err = {0};
            FILE *f = fopen(path, "w");
            int rc;
            fputs("old", f);
            fclose(f);
            before = listing(fx.root);
            failing_io_arm(kinds[k], n);
            rc = gf_export_plan_report(fx.p, path, &err);
            failing_io_disarm();
            got = slurp(path);
            if (failing_io_calls() <= n || kinds[k] == FAILING_IO_SHORT) {
                assert_int_equal(rc, GF_OK);
                assert_string_equal(got, fx.report);
            } else {
                char *after = listing(fx.root);
                assert_int_equal(rc, GF_EIO);
                /* the folder's fsync comes after the rename: new file then */
                assert_true(strcmp(got, "old") == 0 || strcmp(got, fx.report) == 0);
                assert_string_equal(after, before);
                free(after);
            }
            free(got);
            free(before);
            if (failing_io_calls() <= n)
                break;
        }
        assert_true(n >= 1);
        free(path);
    }
    fixture_fini(&fx);
}

/* Targets that are not plain files: a symlink is written through (the link
 * stays, its target gets the report), a dangling one, /dev/full, a FIFO and
 * a folder are refused before anything is written; a file in a folder that
 * does not exist is GF_EIO; -o onto a file is refused. */
static void test_export_file_targets(void **state)
{
    fixture fx;
    gf_error err = {0};
    char *target, *link, *got, *fifo, *dir, *before;
    struct stat st;

    (void)state;
    fixture_init(&fx);
    target = join(fx.root, "real.html");
    link = join(fx.root, "link.html");
    fifo = join(fx.root, "fifo");
    dir = join(fx.root, "sub");
    assert_int_equal(symlink("real.html", link), 0);
    assert_int_equal(gf_export_plan_report(fx.p, link, &err), GF_EINVAL); /* dangling */
    assert_non_null(strstr(err.msg, "symbolic link to a missing"));
    got = slurp(target);
    assert_null(got);
    close(open(target, O_CREAT | O_WRONLY, 0640));
    gf_error_clear(&err);
    assert_int_equal(gf_export_plan_report(fx.p, link, &err), GF_OK);
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode)); /* still a link */
    assert_int_equal(stat(target, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640); /* the replaced file's mode is kept */
    got = slurp(target);
    assert_string_equal(got, fx.report);
    free(got);

    before = listing(fx.root);
    gf_error_clear(&err);
    assert_int_equal(gf_export_plan_report(fx.p, "/dev/full", &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "not a regular file"));
    assert_string_equal(err.input, "/dev/full");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    gf_error_clear(&err);
    assert_int_equal(gf_export_plan_report(fx.p, fifo, &err), GF_EINVAL);
    assert_int_equal(mkdir(dir, 0777), 0);
    gf_error_clear(&err);
    assert_int_equal(gf_export_plan_report(fx.p, dir, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_export_plan_dir(fx.p, target, &err), GF_EINVAL); /* -o onto a file */
    assert_non_null(strstr(err.msg, "not a folder"));
    free(before);
    before = listing(fx.root);
    free(before);
    gf_error_clear(&err);
    free(dir);
    dir = join(fx.root, "no/such/r.html");
    assert_int_equal(gf_export_plan_report(fx.p, dir, &err), GF_EIO);
    /* -o through a symlink to a folder writes into that folder */
    free(link);
    link = join(fx.root, "outlink");
    free(target);
    target = join(fx.root, "sub");
    assert_int_equal(symlink("sub", link), 0);
    gf_error_clear(&err);
    assert_int_equal(gf_export_plan_dir(fx.p, link, &err), GF_OK);
    check_folder(&fx, target, false, false);
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    free(target);
    free(link);
    free(fifo);
    free(dir);
    fixture_fini(&fx);
}

/* An allocation failure anywhere in -o and --report: GF_ENOMEM, nothing
 * leaked, no file or folder left. */
static void test_export_files_fail_cleanly_at_every_allocation(void **state)
{
    fixture fx;
    char *dir, *file, *before, *after;

    (void)state;
    fixture_init(&fx);
    dir = join(fx.root, "out");
    file = join(fx.root, "r.html");
    before = listing(fx.root);
    for (int which = 0; which < 2; which++) {
        long fail_at;
        int rc = GF_ENOMEM;
        for (fail_at = 0; rc; fail_at++) {
            gf_error err = {0};
            failing_alloc_arm(fail_at);
            rc = which ? gf_export_plan_report(fx.p, file, &err)
                       : gf_export_plan_dir(fx.p, dir, &err);
            failing_alloc_disarm();
            if (rc) {
                assert_int_equal(rc, GF_ENOMEM);
                after = listing(fx.root);
                assert_string_equal(after, before);
                free(after);
            }
        }
    }
    check_folder(&fx, dir, false, false);
    free(before);
    free(dir);
    free(file);
    fixture_fini(&fx);
}

/* The library's own integer and money texts (gf__fmt_int, gf__fmt_cents in
 * src/core/fmt.c, which replace printf on the hot paths, and
 * gf_cents_format on top of them) are byte for byte printf's "%lld" and
 * "%s%llu.%02llu", at the ends of the range and on values of every length
 * and sign; gf_cents_format truncates into a short buffer as snprintf
 * does. */
static void test_export_number_text_matches_printf(void **state)
{
    int64_t edge[] = {0,
                      1,
                      -1,
                      9,
                      -9,
                      10,
                      -10,
                      99,
                      -99,
                      100,
                      -100,
                      101,
                      -101,
                      123456789,
                      -123456789,
                      INT64_MAX,
                      INT64_MIN,
                      INT64_MAX - 1,
                      INT64_MIN + 1};
    uint64_t x = 0x9e3779b97f4a7c15u;
    char want[64], got[GF__FMT_CAP];
    (void)state;

    for (int i = 0; i < 20000; i++) {
        int64_t v;
        size_t n;
        if (i < (int)(sizeof edge / sizeof edge[0])) {
            v = edge[i];
        } else { /* xorshift, shifted to a random length, random sign */
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            v = (int64_t)(x >> (x % 63));
            v = (x & 1) ? -v : v;
        }
        snprintf(want, sizeof want, "%lld", (long long)v);
        n = gf__fmt_int(got, v);
        assert_string_equal(got, want);
        assert_int_equal(n, strlen(want));
        uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
        snprintf(want, sizeof want, "%s%llu.%02llu", v < 0 ? "-" : "",
                 (unsigned long long)(a / 100), (unsigned long long)(a % 100));
        n = gf__fmt_cents(got, v);
        assert_string_equal(got, want);
        assert_int_equal(n, strlen(want));
        assert_string_equal(gf_cents_format(v, got, sizeof got), want);
        char shorter[5];
        size_t k = strlen(got) < sizeof shorter - 1 ? strlen(got) : sizeof shorter - 1;
        memcpy(want, got, k); /* got cut to what fits in shorter */
        want[k] = '\0';
        assert_string_equal(gf_cents_format(v, shorter, sizeof shorter), want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export_csv_quotes_ids),
        cmocka_unit_test(test_export_json_and_geojson_round_trip),
        cmocka_unit_test(test_export_money_is_exact_near_the_limit),
        cmocka_unit_test(test_export_text_equals_the_stream),
        cmocka_unit_test(test_export_compare_json_round_trip),
        cmocka_unit_test(test_export_report_streams_the_same_page),
        cmocka_unit_test(test_export_text_fails_cleanly_at_every_allocation),
        cmocka_unit_test(test_export_dir_survives_every_io_fault),
        cmocka_unit_test(test_export_report_survives_every_io_fault),
        cmocka_unit_test(test_export_file_targets),
        cmocka_unit_test(test_export_files_fail_cleanly_at_every_allocation),
        cmocka_unit_test(test_export_number_text_matches_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
