/* tests/unit/test_limits.c: near the numeric limits, grainflow against glpsol --exact.
 *
 * Seeded scenarios with figures near the documented limits (values up to
 * 2^50 cents or tonnes, scenario.h) are written as CSV folders and solved two
 * ways: by grainflow, and by `glpsol --exact` (GLPK's simplex in rational
 * arithmetic) on an LP written here from tests/support/model_lp.c's
 * formulation, which is built from the model's meaning, not from gf_network.
 * Two kinds of seed: tonnes near 2^50 with costs of a few cents, and money
 * near 2^50 cents a tonne with a few tonnes; each is halved until the
 * solver's worst-case check (mcf_init.c: objective within 2^61) accepts it,
 * so every case is as large as still fits.
 *
 * glpsol writes its solution with 15 significant digits, so the optimum's
 * cost is not read from it but computed here in 128-bit integers from its
 * column values, which are exact: a network LP's optimal vertex is integral,
 * and every tonne figure is a multiple of 10, so each value has at most 15
 * significant digits below 10^16. Then, to the cent, in every output:
 * - the library's plan: cost.total;
 * - the CLI summary (`grainflow plan DIR`): each cost line and the total;
 * - the CSV tables (`plan -o`): flows.csv t x cost = transport,
 *   markets.csv unmet_t x alt price = unmet, routes.csv t x usd_per_t +
 *   unmet = total.
 * - plan.json (money written from cents by jsonw): total_cost_usd and each
 *   of cost.*; routes[] t x usd_per_t + unmet = total; markets[] unmet_t x
 *   alt_price_usd_per_t = unmet. Read as text by a small scanner here, not
 *   by a JSON library, which would turn the numbers into doubles;
 * - plan.geojson: its links' t x cost_usd_per_t = transport.
 * plan.xlsx and plan.gpkg keep numbers as IEEE doubles (Excel's and
 * GeoPackage's REAL), which cannot hold these totals to the cent (2^58
 * cents is past 2^53): they are not compared here.
 * Needs glpsol (GLPK, tools/install-deps) and $GF, the CLI (tests/run.sh
 * sets it; run alone: GF=build/grainflow build/tests/test_limits). With
 * GF_LIMITS_KEEP set, each seed's folder (scenario, LP, glpsol's solution,
 * the CLI's outputs) is kept and named.
 * SPDX-License-Identifier: MIT */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "grainflow/plan.h"
#include "grainflow/scenario.h"
#include "support/model_lp.h"
#include "support/tmpdir.h"

typedef __int128 i128;

#define N_SEEDS 12

static uint64_t rng_state;

static uint64_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return rng_state >> 11;
}

/* A value in [lo, hi]. */
static int64_t pick(int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1));
}

/* Tonnes: a multiple of 10 in [lo, hi]. */
static int64_t tonnes(int64_t lo, int64_t hi)
{
    return pick(lo / 10, hi / 10) * 10;
}

static void usd(char *buf, size_t size, int64_t cents)
{
    snprintf(buf, size, "%lld.%02lld", (long long)(cents / 100), (long long)(cents % 100));
}

static void write_text(const char *dir, const char *name, const char *text)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* The scenario of seed, big figures divided by 2^shift, into dir. money:
 * prices near 2^50 cents and a few tonnes; else tonnes near 2^50. */
static void make_scenario(const char *dir, unsigned seed, bool money, int shift)
{
    static const char *const links[][3] = {{"O1", "P", "rail"}, {"O2", "P", "road"},
                                           {"P", "H", "sea"},   {"H", "M1", "sea"},
                                           {"H", "M2", "road"}, {"P", "M2", "sea"}};
    const int64_t big = ((int64_t)1 << 50) >> shift;
    char text[8192], a[48], b[48];
    int periods, n = 0;

    rng_state = seed * 2654435761u + 1;
    periods = (int)pick(1, 3);
    snprintf(text, sizeof text, "key,value\nname,limits-%u\nperiods,%d\nhorizon,%s\n", seed,
             periods, rnd() % 2 ? "open" : "cyclic");
    write_text(dir, "scenario.csv", text);

    usd(a, sizeof a, money ? pick(big / 64, big / 16) : pick(0, 99));
    usd(b, sizeof b, money ? pick(0, big / 64) : pick(0, 99));
    n = snprintf(text, sizeof text,
                 "id,name,country,kind,lat,lon,handling_usd_per_t,throughput_t_per_period,"
                 "storage_t,storage_usd_per_t_per_period\n"
                 "O1,Origin 1,KZ,origin,50,60,,,,\nO2,Origin 2,KZ,origin,51,61,,,,\n"
                 "P,Port,MA,port,33.6,-7.6,%s,,%lld,%s\n",
                 a, (long long)(money ? pick(0, 60) : tonnes(0, big / 4)), b);
    n += snprintf(text + n, sizeof text - (size_t)n, "H,Hub,MA,hub,33,-7,,%lld,,\n",
                  (long long)(money ? pick(10, 60) : tonnes(big / 8, big / 2)));
    snprintf(text + n, sizeof text - (size_t)n,
             "M1,Market 1,SN,market,14.7,-17.4,,,,\nM2,Market 2,NG,market,6.5,3.4,,,,\n");
    write_text(dir, "nodes.csv", text);

    n = snprintf(text, sizeof text,
                 "from,to,mode,distance_km,cost_usd_per_t,transit_days,"
                 "capacity_t_per_period\n");
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        int64_t cap = money ? pick(0, 60) : tonnes(0, big / 2);
        usd(a, sizeof a, money ? pick(0, big / 32) : pick(0, 99));
        n += snprintf(text + n, sizeof text - (size_t)n, "%s,%s,%s,100,%s,%d,", links[i][0],
                      links[i][1], links[i][2], a, (int)pick(0, 9));
        n += cap % 3 ? snprintf(text + n, sizeof text - (size_t)n, "%lld\n", (long long)cap)
                     : snprintf(text + n, sizeof text - (size_t)n, "\n");
    }
    write_text(dir, "links.csv", text);

    n = snprintf(text, sizeof text, "node,period,t,price_usd_per_t\n");
    for (int i = 1; i <= 2; i++) {
        usd(a, sizeof a, money ? pick(big / 16, big / 4) : pick(0, 200));
        n += snprintf(text + n, sizeof text - (size_t)n, "O%d,,%lld,%s\n", i,
                      (long long)(money ? pick(10, 60) : tonnes(big / 16, big / 4)), a);
    }
    write_text(dir, "supply.csv", text);

    n = snprintf(text, sizeof text, "node,period,t,alt_price_usd_per_t\n");
    for (int i = 1; i <= 2; i++) {
        usd(a, sizeof a, money ? pick(big / 2, big - 1) : pick(200, 900));
        n += snprintf(text + n, sizeof text - (size_t)n, "M%d,,%lld,%s\n", i,
                      (long long)(money ? pick(10, 60) : tonnes(big / 16, big / 4)), a);
    }
    write_text(dir, "demand.csv", text);
}

static void remove_tree(const char *dir)
{
    char cmd[600];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* ---- glpsol --exact ---- */

static void lp_term(FILE *f, double coef, int col, int *terms)
{
    fprintf(f, " %s %.0f x%d", coef < 0 ? "-" : "+", fabs(coef), col);
    if (++*terms % 4 == 0)
        fputs("\n", f);
}

/* Write l in CPLEX LP form (integers only: every figure is a whole number of
 * cents or tonnes below 2^53, so "%.0f" is exact). */
static void write_lp(const model_lp *l, const char *path)
{
    FILE *f = fopen(path, "w");
    int terms = 0;

    assert_non_null(f);
    fputs("Minimize\n obj:", f);
    for (int j = 0; j < l->ncol; j++)
        lp_term(f, l->obj[j], j, &terms);
    fputs("\nSubject To\n", f);
    for (int i = 0; i < l->nrow; i++) {
        terms = 0;
        fprintf(f, " r%d:", i);
        for (int j = 0; j < l->ncol; j++) {
            double v = 0; /* a cyclic one-period stock enters and leaves one row */
            for (int k = l->start[j]; k < l->start[j + 1]; k++)
                if (l->index[k] == i)
                    v += l->value[k];
            if (v != 0)
                lp_term(f, v, j, &terms);
        }
        if (terms == 0)
            fputs(" 0 x0", f);
        if (l->rlo[i] == l->rup[i])
            fprintf(f, " = %.0f\n", l->rlo[i]);
        else
            fprintf(f, " <= %.0f\n", l->rup[i]);
    }
    fputs("Bounds\n", f);
    for (int j = 0; j < l->ncol; j++)
        if (l->up[j] >= DBL_MAX)
            fprintf(f, " x%d >= %.0f\n", j, l->lo[j]);
        else
            fprintf(f, " %.0f <= x%d <= %.0f\n", l->lo[j], j, l->up[j]);
    fputs("End\n", f);
    assert_int_equal(fclose(f), 0);
}

/* Solve l with glpsol --exact; the optimum's cost in cents (with the
 * constant: alt x demand, summed here in integers from m). */
static i128 glpsol_exact_cost(const model_lp *l, const gf_model *m, const char *dir)
{
    char lp[512], sol[512], cmd[1600], line[256];
    FILE *f;
    i128 cost = 0;
    int cols = 0;
    bool optimal = false;

    snprintf(lp, sizeof lp, "%s/model.lp", dir);
    snprintf(sol, sizeof sol, "%s/model.sol", dir);
    write_lp(l, lp);
    snprintf(cmd, sizeof cmd, "glpsol --exact --lp '%s' -w '%s' >'%s/glpsol.log' 2>&1", lp, sol,
             dir);
    if (system(cmd) != 0)
        fail_msg("glpsol failed: see %s/glpsol.log", dir);
    f = fopen(sol, "r");
    assert_non_null(f);
    while (fgets(line, sizeof line, f)) {
        int j;
        char st;
        double x;
        if (strstr(line, "Status:") && strstr(line, "OPTIMAL"))
            optimal = true;
        if (sscanf(line, "j %d %c %lf", &j, &st, &x) != 3)
            continue;
        if (x != floor(x) || fabs(x) >= 1e16 || j < 1 || j > l->ncol)
            fail_msg("glpsol column %d = %.17g is not an exact whole number of tonnes", j, x);
        cost += (i128)llround(l->obj[j - 1]) * (i128)llround(x);
        cols++;
    }
    fclose(f);
    if (!optimal || cols != l->ncol)
        fail_msg("glpsol: optimal %d, %d of %d columns", optimal, cols, l->ncol);
    for (int32_t i = 0; i < gf_model_demand_count(m); i++)
        cost += (i128)gf_model_demand(m, i)->t * gf_model_demand(m, i)->alt_cents_per_t;
    return cost;
}

/* ---- the CLI's outputs, parsed exactly ---- */

/* "$1,234.56" or "1234.56" (2 decimals) as cents; -1 if not such a number. */
static i128 parse_cents(const char *s)
{
    i128 v = 0;
    int decimals = -1;
    bool any = false, neg = false;

    while (*s == ' ')
        s++;
    if (*s == '-')
        neg = *s++ == '-';
    if (*s == '$')
        s++;
    for (; *s && *s != '\n' && *s != ','; s++) {
        if (*s == '.' && decimals < 0) {
            decimals = 0;
            continue;
        }
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (*s - '0');
        any = true;
        if (decimals >= 0)
            decimals++;
    }
    if (!any || decimals != 2)
        return -1;
    return neg ? -v : v;
}

/* Field k (0-based) of a CSV line with no quoted commas in the fields used. */
static const char *field(const char *line, int k, char *buf, size_t size)
{
    for (; k > 0 && line; k--) {
        line = strchr(line, ',');
        line = line ? line + 1 : NULL;
    }
    if (!line)
        fail_msg("short CSV line");
    snprintf(buf, size, "%.*s", (int)strcspn(line, ",\n"), line);
    return buf;
}

/* Sum over the data rows of file of column a (tonnes) x column b (money). */
static i128 sum_product(const char *dir, const char *file, int a, int b)
{
    char path[512], line[8192], x[64], y[64];
    FILE *f;
    i128 sum = 0;

    snprintf(path, sizeof path, "%s/%s", dir, file);
    f = fopen(path, "r");
    assert_non_null(f);
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    while (fgets(line, sizeof line, f)) {
        char *end;
        long long t = strtoll(field(line, a, x, sizeof x), &end, 10);
        i128 c = parse_cents(field(line, b, y, sizeof y));
        if (*end || c < 0)
            fail_msg("%s: cannot read '%s' x '%s'", file, x, y);
        sum += (i128)t * c;
    }
    fclose(f);
    return sum;
}

/* The amount on the summary line that starts with "  label". */
static i128 summary_line(const char *path, const char *label)
{
    char line[512];
    FILE *f = fopen(path, "r");
    i128 v = -1;

    assert_non_null(f);
    while (v < 0 && fgets(line, sizeof line, f)) {
        size_t n = strlen(label);
        char *p = line, *q;
        if (strncmp(line, "  ", 2) || strncmp(line + 2, label, n) || line[2 + n] != ' ')
            continue;
        p = strchr(line, '$');
        if (!p)
            continue;
        for (q = p; *q; q++)
            if (*q == ',')
                memmove(q, q + 1, strlen(q)); /* thousands separators */
        v = parse_cents(p);
    }
    fclose(f);
    if (v < 0)
        fail_msg("no '%s' line in the summary %s", label, path);
    return v;
}

static const char *i128_str(i128 v, char *buf)
{
    char tmp[48];
    int n = 0, k = 0;
    bool neg = v < 0;

    if (neg)
        v = -v;
    do
        tmp[n++] = (char)('0' + (int)(v % 10));
    while ((v /= 10) > 0);
    if (neg)
        buf[k++] = '-';
    while (n)
        buf[k++] = tmp[--n];
    buf[k] = '\0';
    return buf;
}

static void expect_cents(const char *what, unsigned seed, i128 got, i128 want)
{
    char a[48], b[48];

    if (got != want)
        fail_msg("seed %u: %s is %s cents, the exact optimum gives %s", seed, what,
                 i128_str(got, a), i128_str(want, b));
}

/* ---- plan.json and plan.geojson, read as text ---- */

static char *slurp(const char *dir, const char *file)
{
    char path[512];
    FILE *f;
    long n;
    char *t;

    snprintf(path, sizeof path, "%s/%s", dir, file);
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    t = malloc((size_t)n + 1);
    assert_non_null(t);
    assert_int_equal(fread(t, 1, (size_t)n, f), (size_t)n);
    t[n] = '\0';
    fclose(f);
    return t;
}

/* Past the JSON string or bracketed value that starts at p. */
static const char *skip_value(const char *p)
{
    int depth = 0;

    do {
        if (*p == '"') {
            for (p++; *p && *p != '"'; p++)
                if (*p == '\\' && p[1])
                    p++;
        } else if (*p == '[' || *p == '{') {
            depth++;
        } else if (*p == ']' || *p == '}') {
            depth--;
        }
        if (!*p)
            fail_msg("unterminated JSON value");
        p++;
    } while (depth > 0);
    return p;
}

/* The value of key among the members of the object or array that starts at
 * obj (its own members only, not nested ones); NULL when it has none. */
static const char *member(const char *obj, const char *key)
{
    size_t n = strlen(key);
    const char *p = obj + 1;

    while (*p && *p != '}' && *p != ']') {
        const char *k = NULL;
        while (*p == ' ' || *p == '\n' || *p == ',')
            p++;
        if (*p == '"') {
            k = p;
            p = skip_value(p);
            while (*p == ' ')
                p++;
            if (*p != ':')
                return NULL; /* a string in an array */
            p++;
            while (*p == ' ')
                p++;
            if ((size_t)(p - k) >= n + 3 && strncmp(k + 1, key, n) == 0 && k[n + 1] == '"')
                return p;
        }
        if (*p == '"' || *p == '[' || *p == '{')
            p = skip_value(p);
        else
            p += strcspn(p, ",}]");
    }
    return NULL;
}

/* A JSON number with two decimals as cents; fails the test on anything else. */
static i128 json_cents(const char *v, const char *what)
{
    char buf[64];
    size_t n = strspn(v, "-0123456789.");
    i128 c;

    if (!v || n == 0 || n >= sizeof buf)
        fail_msg("plan.json: %s is not a number", what);
    memcpy(buf, v, n);
    buf[n] = '\0';
    c = parse_cents(buf);
    if (c < 0 && strcmp(buf, "-0.00") != 0)
        fail_msg("plan.json: %s is '%s', not money with two decimals", what, buf);
    return c;
}

static long long json_int(const char *v, const char *what)
{
    char *end;
    long long x;

    if (!v)
        fail_msg("%s is missing", what);
    x = strtoll(v, &end, 10);
    if (end == v || (*end != ',' && *end != '}' && *end != '\n' && *end != ' '))
        fail_msg("%s is not a whole number", what);
    return x;
}

/* Sum over the objects of array (the value of key in root) of a (a whole
 * number) x b (money). With sub, the two are members of each object's sub
 * object, and objects whose sub has no b are left out (GeoJSON: the places
 * among the links). */
static i128 json_sum_product(const char *root, const char *key, const char *a, const char *b,
                             const char *sub)
{
    const char *arr = member(root, key), *p;
    i128 sum = 0;
    int n = 0;

    if (!arr || *arr != '[')
        fail_msg("no array %s", key);
    for (p = arr + 1; *p && *p != ']';) {
        const char *o = p;
        while (*p == ' ' || *p == '\n' || *p == ',')
            p++;
        if (*p != '{')
            break;
        o = sub ? member(p, sub) : p;
        if (!o || *o != '{')
            fail_msg("%s[] without %s", key, sub);
        if (!sub || member(o, b)) {
            sum += (i128)json_int(member(o, a), a) * json_cents(member(o, b), b);
            n++;
        }
        p = skip_value(p);
    }
    if (n == 0)
        fail_msg("%s[] has no %s", key, b);
    return sum;
}

static void check_json(const char *out, unsigned seed, const gf_plan *p, i128 exact)
{
    char *json = slurp(out, "plan.json"), *geo = slurp(out, "plan.geojson");
    const char *cost = member(json, "cost");

    assert_non_null(cost);
    expect_cents("plan.json total_cost_usd", seed,
                 json_cents(member(json, "total_cost_usd"), "total_cost_usd"), exact);
    expect_cents("plan.json cost.procurement_usd", seed,
                 json_cents(member(cost, "procurement_usd"), "procurement_usd"),
                 p->cost.procurement);
    expect_cents("plan.json cost.transport_usd", seed,
                 json_cents(member(cost, "transport_usd"), "transport_usd"), p->cost.transport);
    expect_cents("plan.json cost.handling_usd", seed,
                 json_cents(member(cost, "handling_usd"), "handling_usd"), p->cost.handling);
    expect_cents("plan.json cost.storage_usd", seed,
                 json_cents(member(cost, "storage_usd"), "storage_usd"), p->cost.storage);
    expect_cents("plan.json cost.unmet_usd", seed,
                 json_cents(member(cost, "unmet_usd"), "unmet_usd"), p->cost.unmet);
    expect_cents("plan.json routes[] t x usd_per_t + unmet", seed,
                 json_sum_product(json, "routes", "t", "usd_per_t", NULL) + p->cost.unmet, exact);
    expect_cents("plan.json markets[] unmet_t x alt_price_usd_per_t", seed,
                 json_sum_product(json, "markets", "unmet_t", "alt_price_usd_per_t", NULL),
                 p->cost.unmet);
    /* each link's feature carries its tonnes over the horizon and its cost */
    expect_cents("plan.geojson links' t x cost_usd_per_t", seed,
                 json_sum_product(geo, "features", "t", "cost_usd_per_t", "properties"),
                 p->cost.transport);
    free(json);
    free(geo);
}

static void check_cli(const char *gf, const char *dir, unsigned seed, const gf_plan *p, i128 exact)
{
    char cmd[1600], summary[512], out[512];

    snprintf(summary, sizeof summary, "%s/summary.txt", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(cmd, sizeof cmd, "'%s' plan '%s' -o '%s' >'%s' 2>&1", gf, dir, out, summary);
    if (system(cmd) != 0)
        fail_msg("seed %u: grainflow plan failed, see %s", seed, summary);
    expect_cents("the summary's total", seed, summary_line(summary, "total"), exact);
    expect_cents("the summary's procurement", seed, summary_line(summary, "procurement"),
                 p->cost.procurement);
    expect_cents("the summary's transport", seed, summary_line(summary, "transport"),
                 p->cost.transport);
    expect_cents("the summary's handling", seed, summary_line(summary, "handling"),
                 p->cost.handling);
    expect_cents("the summary's storage", seed, summary_line(summary, "storage"), p->cost.storage);
    expect_cents("the summary's unmet", seed, summary_line(summary, "unmet"), p->cost.unmet);
    /* flows.csv: t (5) x cost_usd_per_t (6); markets.csv: unmet_t (4) x alt (6);
     * routes.csv: t (4) x usd_per_t (6) */
    expect_cents("flows.csv t x cost_usd_per_t", seed, sum_product(out, "flows.csv", 5, 6),
                 p->cost.transport);
    expect_cents("markets.csv unmet_t x alt_price_usd_per_t", seed,
                 sum_product(out, "markets.csv", 4, 6), p->cost.unmet);
    expect_cents("routes.csv t x usd_per_t + unmet", seed,
                 sum_product(out, "routes.csv", 4, 6) + p->cost.unmet, exact);
    check_json(out, seed, p, exact);
}

/* Solve one seed both ways, halving its big figures until they fit. */
static void run_seed(unsigned seed, bool money, const char *gf, i128 *largest)
{
    char dir[256];
    gf_error err = {0};
    gf_model *m = NULL;
    gf_plan *p = NULL;
    model_lp l = {0};
    i128 exact;
    int shift;
    char buf[48];

    test_tmp_template(dir, sizeof dir, "gf_test_limits");
    assert_non_null(mkdtemp(dir));
    for (shift = 0; !p && shift < 20; shift++) {
        gf_model_destroy(m);
        gf_error_clear(&err);
        make_scenario(dir, seed, money, shift);
        m = gf_scenario_read_csv(dir, &err);
        if (!m)
            fail_msg("seed %u: %s:%ld:%ld %s", seed, err.input, err.line, err.column, err.msg);
        p = gf_plan_solve(m, &err);
        if (!p && err.code != GF_EOVERFLOW)
            fail_msg("seed %u: plan: %s", seed, err.msg);
    }
    assert_non_null(p);
    assert_int_equal(p->status, GF_SOLVE_OPTIMAL);
    assert_int_equal(model_lp_build(&l, m), 0);
    exact = glpsol_exact_cost(&l, m, dir);
    expect_cents("the plan's cost.total", seed, p->cost.total, exact);
    check_cli(gf, dir, seed, p, exact);
    if (exact > *largest)
        *largest = exact;
    print_message("seed %u (%s near 2^50, figures / 2^%d): %s cents, equal everywhere\n", seed,
                  money ? "money" : "tonnes", shift - 1, i128_str(exact, buf));
    model_lp_fini(&l);
    gf_plan_destroy(p);
    gf_model_destroy(m);
    if (getenv("GF_LIMITS_KEEP"))
        print_message("seed %u: kept %s\n", seed, dir); /* to look at by hand */
    else
        remove_tree(dir);
}

static void test_limits_totals_match_glpsol_exact(void **state)
{
    const char *gf = getenv("GF");
    i128 largest = 0;
    char buf[48];

    (void)state;
    if (system("glpsol --version >/dev/null 2>&1") != 0)
        fail_msg("glpsol (GLPK) is not installed: tools/install-deps installs it");
    if (!gf || access(gf, X_OK) != 0)
        fail_msg("GF must name the grainflow CLI (make check sets it; or GF=build/grainflow)");
    for (unsigned seed = 1; seed <= N_SEEDS; seed++)
        run_seed(seed, seed % 2 == 0, gf, &largest);
    /* the cases are near the limit: the largest optimum is above 2^58 cents */
    if (largest < ((i128)1 << 58))
        fail_msg("largest optimum %s cents: not near the limits", i128_str(largest, buf));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_limits_totals_match_glpsol_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
