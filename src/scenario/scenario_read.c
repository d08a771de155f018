/* src/scenario/scenario_read.c: read a scenario folder (format versions 1 and 2) into a model.
 *
 * This file reads scenario.csv, nodes.csv, links.csv, supply.csv and
 * demand.csv (their version-2 columns included) and owns the shared row
 * readers (scenario_int.h); scenario_v2.c reads the version-2 files and the
 * period overrides. Supply and demand are read before the links, so that a
 * link's products column may name the products they named when there is no
 * products.csv.
 * Each file is read whole by gf__csv_read, its header checked for the required
 * columns, then every row parsed field by field; the first bad field stops the
 * read with file:line:column, the quoted value and what would be accepted.
 * Money is parsed exactly as a decimal string (no binary floating point), to
 * the cent, and tonnes to the whole tonne, rounding halves away from zero.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "grainflow/alloc.h"
#include "grainflow/scenario.h"
#include "scenario/scenario_int.h"

#define MAX_SIG_DIGITS 40

/* Fail with the position of column col of the current row (0-based col). */
int gf__rd_fail(const gf__reader *rd, int32_t col, int code, const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    gf_fail(rd->err, code, "%s", msg);
    gf_error_at(rd->err, gf__csv_path(rd->csv), gf__csv_line(rd->csv, rd->r),
                col >= 0 ? col + 1 : 1);
    return code;
}

/* Every row has one field per header column: a short or long row is most
 * often a missing or extra comma that would shift the values. A row whose
 * fields are all empty is let through here and skipped by the callers. */
int gf__check_width(const gf__reader *rd)
{
    int32_t n = gf__csv_fields(rd->csv, rd->r), want = gf__csv_fields(rd->csv, -1);

    if (n == want || gf__csv_row_is_blank(rd->csv, rd->r))
        return GF_OK;
    return gf__rd_fail(rd, n < want ? n : want, GF_EPARSE,
                       "this row has %d fields but the header has %d; write one field per column "
                       "(an empty field takes the default), quoting any value that holds a comma",
                       n, want);
}

/* Collect the significant digits of s into dig; *e10 so that value = dig * 10^e10. */
static int scan_decimal(const char *s, char *dig, int *nd, long *e10, bool *neg)
{
    const char *p = s;
    bool any = false;

    *nd = 0;
    *e10 = 0;
    *neg = false;
    if (*p == '+' || *p == '-')
        *neg = *p++ == '-';
    for (; *p >= '0' && *p <= '9'; p++, any = true) {
        if (*nd == 0 && *p == '0')
            continue;
        if (*nd < MAX_SIG_DIGITS)
            dig[(*nd)++] = *p;
        else
            (*e10)++;
    }
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++, any = true) {
            if (*nd == 0 && *p == '0') {
                (*e10)--;
                continue;
            }
            if (*nd < MAX_SIG_DIGITS) {
                dig[(*nd)++] = *p;
                (*e10)--;
            }
        }
    if (!any)
        return 1;
    if (*p == 'e' || *p == 'E') {
        long x = 0;
        bool xneg = false, xany = false;
        p++;
        if (*p == '+' || *p == '-')
            xneg = *p++ == '-';
        for (; *p >= '0' && *p <= '9'; p++, xany = true)
            if (x < 100000)
                x = x * 10 + (*p - '0');
        if (!xany)
            return 1;
        *e10 += xneg ? -x : x;
    }
    return *p ? 1 : 0;
}

int gf_parse_fixed(const char *s, int scale, int64_t *out)
{
    char dig[MAX_SIG_DIGITS];
    int nd;
    long e10, m;
    bool neg;
    uint64_t v = 0;

    if (!s || scan_decimal(s, dig, &nd, &e10, &neg))
        return 1;
    m = nd + e10 + scale; /* digits before the (scaled) decimal point */
    if (nd > 0 && m > 17)
        return 2;
    for (long i = 0; i < m; i++)
        v = v * 10 + (uint64_t)(i < nd ? dig[i] - '0' : 0);
    if (m >= 0 && m < nd && dig[m] >= '5')
        v++;
    if (v > (uint64_t)GF_MODEL_MAX_VALUE)
        return 2;
    *out = neg ? -(int64_t)v : (int64_t)v;
    return 0;
}

/* A fixed-point field: money (scale 2, cents) or tonnes (scale 0). Empty takes
 * def; unlimited_ok: empty means GF_UNLIMITED. */
int gf__get_fixed(const gf__reader *rd, int32_t col, const char *name, int scale, bool required,
                  int64_t def, int64_t *out)
{
    const char *s = gf__cell(rd, col);
    const char *unit = scale ? "USD" : "t";
    int rc;

    if (gf__is_blank(s)) {
        if (required)
            return gf__rd_fail(rd, col, GF_EPARSE, "%s is empty; a number is required", name);
        *out = def;
        return GF_OK;
    }
    rc = gf_parse_fixed(s, scale, out);
    if (rc == 1)
        return gf__rd_fail(rd, col, GF_EPARSE,
                           "%s: '%s' is not a number; write digits with '.' as the decimal mark "
                           "(e.g. 12.5), no thousands separators, no NaN or infinity",
                           name, s);
    if (rc == 2)
        return gf__rd_fail(
            rd, col, GF_ELIMIT,
            "%s: '%s' is too large for the solver's integer range (at most "
            "%lld %s)",
            name, s, (long long)(scale ? GF_MODEL_MAX_VALUE / 100 : GF_MODEL_MAX_VALUE), unit);
    if (*out < 0)
        return gf__rd_fail(rd, col, GF_EINVAL, "%s must be >= 0 (got '%s')", name, s);
    return GF_OK;
}

/* A real field in [lo, hi]; empty takes def unless required. */
int gf__get_real(const gf__reader *rd, int32_t col, const char *name, bool required, double def,
                 double lo, double hi, double *out)
{
    const char *s = gf__cell(rd, col);
    char *end = NULL;

    if (gf__is_blank(s)) {
        if (required)
            return gf__rd_fail(rd, col, GF_EPARSE, "%s is empty; a number is required", name);
        *out = def;
        return GF_OK;
    }
    if (strspn(s, "0123456789+-.eE") != strlen(s))
        goto bad;
    errno = 0;
    *out = strtod(s, &end);
    if (end == s || *end || !isfinite(*out))
        goto bad;
    if (*out < lo || *out > hi)
        return gf__rd_fail(rd, col, GF_EINVAL, "%s must be from %g to %g (got '%s')", name, lo, hi,
                           s);
    return GF_OK;
bad:
    return gf__rd_fail(rd, col, GF_EPARSE,
                       "%s: '%s' is not a number; write digits with '.' as the decimal mark "
                       "(e.g. 12.5), no NaN or infinity",
                       name, s);
}

/* A period field: empty = -1 (every period), else an integer 1..periods. */
int gf__get_period(const gf__reader *rd, int32_t col, int32_t periods, int32_t *out)
{
    const char *s = gf__cell(rd, col);
    int64_t v;

    if (gf__is_blank(s)) {
        *out = -1;
        return GF_OK;
    }
    if (strspn(s, "0123456789") != strlen(s) || gf_parse_fixed(s, 0, &v) || v < 1 || v > periods)
        return gf__rd_fail(rd, col, GF_EINVAL,
                           "period: '%s' is not a period of this scenario; use an integer from 1 "
                           "to %d (scenario.csv periods), or leave it empty for every period",
                           s, periods);
    *out = (int32_t)(v - 1);
    return GF_OK;
}

/* A node id field that must name an existing node. */
int gf__get_node(const gf__reader *rd, const gf_model *m, int32_t col, const char *name,
                 int32_t *out)
{
    const char *s = gf__cell(rd, col);

    if (gf__is_blank(s))
        return gf__rd_fail(rd, col, GF_EPARSE, "%s is empty; a node id from nodes.csv is required",
                           name);
    *out = gf_model_find_node(m, s);
    if (*out < 0)
        return gf__rd_fail(rd, col, GF_EINVAL,
                           "%s: unknown node id '%s'; it must be an id listed in nodes.csv "
                           "(ids are case-sensitive)",
                           name, s);
    return GF_OK;
}

/* Find the columns in names[] (n of them); the first `required` are required.
 * names[] is the gf__reader's whole table of columns: any other is refused. */
int gf__find_cols(const gf_csv *csv, const char *const *names, int n, int required, int32_t *cols,
                  gf_error *err)
{
    if (gf__csv_check_header(csv, names, n, err))
        return GF_EPARSE;
    for (int i = 0; i < n; i++) {
        cols[i] = gf__csv_col(csv, names[i]);
        if (cols[i] < 0 && i < required) {
            char want[256] = "";
            size_t len = 0;
            for (int k = 0; k < required && len < sizeof want; k++)
                len +=
                    (size_t)snprintf(want + len, sizeof want - len, "%s%s", k ? "," : "", names[k]);
            gf_fail(err, GF_EPARSE,
                    "missing required column '%s'; the header row must name the columns "
                    "%s",
                    names[i], want);
            gf_error_at(err, gf__csv_path(csv), gf__csv_header_line(csv), 1);
            return GF_EPARSE;
        }
    }
    return GF_OK;
}

/* The text of file among the in-memory files, or NULL. */
static const gf_scenario_file *find_text(const gf__scenario_source *src, const char *file)
{
    for (int i = 0; i < src->n_files; i++)
        if (src->files[i].name && !strcmp(src->files[i].name, file))
            return &src->files[i];
    return NULL;
}

gf_csv *gf__scenario_open(const gf__scenario_source *src, const char *file, bool optional,
                          bool *missing, gf_error *err)
{
    char path[4096];
    gf_error e = {0};
    gf_csv *csv = NULL;
    const gf_scenario_file *f;

    *missing = false;
    if (src->dir && (size_t)snprintf(path, sizeof path, "%s/%s", src->dir, file) >= sizeof path) {
        gf_fail(err, GF_ELIMIT, "scenario folder path is too long");
        return NULL;
    }
    if (src->dir) {
        csv = gf__csv_read(path, &e);
    } else if ((f = find_text(src, file)) != NULL) {
        csv = gf__csv_parse(f->text ? f->text : "", f->text ? f->len : 0, file, &e);
    } else {
        gf_fail(&e, GF_ENOTFOUND, "missing file");
        gf_error_at(&e, file, 0, 0);
    }
    if (!csv) {
        if (e.code == GF_ENOTFOUND && optional) {
            *missing = true;
            return NULL;
        }
        if (e.code == GF_ENOTFOUND)
            snprintf(e.msg, sizeof e.msg,
                     "missing file: a scenario must hold %s (see grainflow plan --help)", file);
        if (err && !err->code)
            *err = e;
    }
    return csv;
}

/* ---- scenario.csv ---- */

/* start_month: the calendar month period 1 starts in, 1-12 (empty: 1). */
static int read_start_month(const gf__reader *rd, int32_t col, gf_model *m)
{
    const char *val = gf__cell(rd, col);
    int64_t v = 1;

    if (!gf__is_blank(val) &&
        (strspn(val, "0123456789") != strlen(val) || gf_parse_fixed(val, 0, &v) || v < 1 || v > 12))
        return gf__rd_fail(rd, col, GF_EINVAL,
                           "start_month: '%s' is not accepted; use the month period 1 starts in, "
                           "1 (January) to 12 (December)",
                           val);
    return gf_model_set_start_month(m, (int)v, rd->err);
}

/* min_hubs / max_hubs: how many hub facility nodes (hubs.csv) may open, an
 * integer 0..GF_MODEL_MAX_HUBS; max_hubs below min_hubs is refused at the
 * later of the two rows. *line gets the row's line. */
static int read_hub_bound(const gf__reader *rd, int32_t col, const char *key, int32_t *out,
                          long *line)
{
    const char *val = gf__cell(rd, col);
    int64_t v = 0;

    if (strspn(val, "0123456789") != strlen(val) || gf__is_blank(val) ||
        gf_parse_fixed(val, 0, &v) || v > GF_MODEL_MAX_HUBS)
        return gf__rd_fail(rd, col, GF_EINVAL,
                           "%s: '%s' is not accepted; use an integer from 0 to %d (the number of "
                           "hub nodes of hubs.csv that may open)",
                           key, val, GF_MODEL_MAX_HUBS);
    *out = (int32_t)v;
    *line = gf__csv_line(rd->csv, rd->r);
    return GF_OK;
}

/* Apply min_hubs..max_hubs (max -1: every hub node). */
static int set_hub_bounds(const gf_csv *csv, gf_model *m, const int32_t *bound, const long *line,
                          gf_error *err)
{
    if (bound[1] >= 0 && bound[1] < bound[0]) {
        gf_fail(err, GF_EINVAL,
                "max_hubs (%d) is below min_hubs (%d); at least min_hubs and at most max_hubs "
                "hub nodes open",
                bound[1], bound[0]);
        gf_error_at(err, gf__csv_path(csv), line[0] > line[1] ? line[0] : line[1], 2);
        return GF_EINVAL;
    }
    return gf_model_set_hub_bounds(m, bound[0], bound[1], err);
}

/* The keys of scenario.csv, for the hint on one that is not known: a new key
 * gets its branch in read_scenario_rows and its name here. */
static const char *const scenario_keys[] = {"name",        "periods",  "period_days", "horizon",
                                            "start_month", "min_hubs", "max_hubs"};

static int unknown_key(const gf__reader *rd, int32_t col, const char *key)
{
    int n = (int)(sizeof scenario_keys / sizeof scenario_keys[0]);
    const char *hint = gf__csv_nearest(key, scenario_keys, n);
    char list[128];

    if (hint)
        return gf__rd_fail(rd, col, GF_EINVAL, "unknown key \"%.64s\"; did you mean \"%s\"?", key,
                           hint);
    gf__csv_list(list, sizeof list, scenario_keys, n);
    return gf__rd_fail(rd, col, GF_EINVAL, "unknown key \"%.64s\"; the keys are %s", key, list);
}

static int read_scenario_rows(const gf_csv *csv, gf_model *m, gf_error *err)
{
    static const char *const names[] = {"key", "value"};
    int32_t cols[2], periods = 1;
    double days = 7;
    gf_horizon h = GF_HORIZON_CYCLIC;
    gf__reader rd = {csv, 0, err};
    int32_t bound[2] = {0, -1};
    long bound_line[2] = {0, 0};
    int rc = gf__find_cols(csv, names, 2, 2, cols, err);

    for (rd.r = 0; !rc && rd.r < gf__csv_rows(csv); rd.r++) {
        const char *key = gf__cell(&rd, cols[0]);
        const char *val = gf__cell(&rd, cols[1]);
        int64_t v;
        if (gf__csv_row_is_blank(csv, rd.r))
            continue;
        rc = gf__check_width(&rd);
        if (rc)
            break;
        if (strcmp(key, "name") == 0) {
            rc = gf_model_set_name(m, val, err);
        } else if (strcmp(key, "periods") == 0) {
            if (strspn(val, "0123456789") != strlen(val) || gf_parse_fixed(val, 0, &v) || v < 1 ||
                v > GF_MODEL_MAX_PERIODS)
                rc = gf__rd_fail(&rd, cols[1], GF_EINVAL,
                                 "periods: '%s' is not accepted; use an integer from 1 to %d", val,
                                 GF_MODEL_MAX_PERIODS);
            else
                periods = (int32_t)v;
        } else if (strcmp(key, "period_days") == 0) {
            rc = gf__get_real(&rd, cols[1], "period_days", true, 7, 1e-9, 1e6, &days);
        } else if (strcmp(key, "start_month") == 0) {
            rc = read_start_month(&rd, cols[1], m);
        } else if (strcmp(key, "horizon") == 0) {
            if (strcmp(val, "cyclic") == 0 || gf__is_blank(val))
                h = GF_HORIZON_CYCLIC;
            else if (strcmp(val, "open") == 0)
                h = GF_HORIZON_OPEN;
            else
                rc = gf__rd_fail(&rd, cols[1], GF_EINVAL,
                                 "horizon: '%s' is not accepted; use cyclic or open", val);
        } else if (strcmp(key, "min_hubs") == 0 || strcmp(key, "max_hubs") == 0) {
            int k = key[1] == 'a';
            rc = read_hub_bound(&rd, cols[1], key, &bound[k], &bound_line[k]);
        } else {
            rc = unknown_key(&rd, cols[0], key);
        }
    }
    if (!rc)
        rc = gf_model_set_horizon(m, periods, days, h, err);
    if (!rc)
        rc = set_hub_bounds(csv, m, bound, bound_line, err);
    return rc;
}

/* ---- nodes.csv ---- */

enum {
    N_ID,
    N_NAME,
    N_COUNTRY,
    N_KIND,
    N_LAT,
    N_LON,
    N_HAND,
    N_THRU,
    N_STOR,
    N_STORC,
    N_COLS
};

static int read_node_row(const gf__reader *rd, const int32_t *c, gf_model *m)
{
    gf_node n = {0};
    const char *id = gf__cell(rd, c[N_ID]);
    const char *kind = gf__cell(rd, c[N_KIND]);
    int k, rc;

    if (gf__is_blank(id))
        return gf__rd_fail(rd, c[N_ID], GF_EPARSE, "id is empty; every node needs a unique id");
    if (gf_model_find_node(m, id) >= 0)
        return gf__rd_fail(rd, c[N_ID], GF_EINVAL,
                           "duplicate node id '%s' (first on line %ld); ids must be unique", id,
                           gf_model_node(m, gf_model_find_node(m, id))->line);
    k = gf_node_kind_parse(kind);
    if (k < 0)
        return gf__rd_fail(rd, c[N_KIND], GF_EINVAL,
                           "kind: '%s' is not accepted; use origin, junction, border, port, hub or "
                           "market",
                           kind);
    n.id = id;
    n.name = gf__is_blank(gf__cell(rd, c[N_NAME])) ? id : gf__cell(rd, c[N_NAME]);
    n.country = gf__cell(rd, c[N_COUNTRY]);
    n.kind = (gf_node_kind)k;
    n.line = gf__csv_line(rd->csv, rd->r);
    rc = gf__get_real(rd, c[N_LAT], "lat", true, 0, -90, 90, &n.lat);
    if (!rc)
        rc = gf__get_real(rd, c[N_LON], "lon", true, 0, -180, 180, &n.lon);
    if (!rc)
        rc = gf__get_fixed(rd, c[N_HAND], "handling_usd_per_t", 2, false, 0,
                           &n.handling_cents_per_t);
    if (!rc)
        rc = gf__get_fixed(rd, c[N_THRU], "throughput_t_per_period", 0, false, GF_UNLIMITED,
                           &n.throughput_t);
    if (!rc)
        rc = gf__get_fixed(rd, c[N_STOR], "storage_t", 0, false, 0, &n.storage_t);
    if (!rc)
        rc = gf__get_fixed(rd, c[N_STORC], "storage_usd_per_t_per_period", 2, false, 0,
                           &n.storage_cents_per_t);
    if (!rc && gf_model_add_node(m, &n, NULL, rd->err))
        rc = gf__rd_fail(rd, c[N_ID], rd->err->code, "%s", rd->err->msg);
    return rc;
}

static int read_nodes(const gf_csv *csv, gf_model *m, gf_error *err)
{
    static const char *const names[] = {"id",
                                        "name",
                                        "country",
                                        "kind",
                                        "lat",
                                        "lon",
                                        "handling_usd_per_t",
                                        "throughput_t_per_period",
                                        "storage_t",
                                        "storage_usd_per_t_per_period"};
    int32_t c[N_COLS];
    gf__reader rd = {csv, 0, err};
    int rc = gf__find_cols(csv, names, N_COLS, N_HAND, c, err);

    for (rd.r = 0; !rc && rd.r < gf__csv_rows(csv); rd.r++) {
        if (gf__csv_row_is_blank(csv, rd.r))
            continue;
        rc = gf__check_width(&rd) ? rd.err->code : read_node_row(&rd, c, m);
    }
    return rc;
}

/* ---- links.csv ---- */

enum {
    L_FROM,
    L_TO,
    L_MODE,
    L_DIST,
    L_COST,
    L_DAYS,
    L_CAP,
    L_CO2,
    L_BOTH,
    L_CLASS,
    L_CARGO,
    L_PRODUCTS,
    L_VESSEL_T,
    L_DEPARTURE,
    L_SUBSIDY,
    L_COLS
};

static int get_yes_no(const gf__reader *rd, int32_t col, bool *out)
{
    const char *s = gf__cell(rd, col);

    if (gf__is_blank(s) || strcasecmp(s, "no") == 0 || strcasecmp(s, "false") == 0 ||
        strcmp(s, "0") == 0) {
        *out = false;
        return GF_OK;
    }
    if (strcasecmp(s, "yes") == 0 || strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0) {
        *out = true;
        return GF_OK;
    }
    return gf__rd_fail(rd, col, GF_EINVAL, "both_ways: '%s' is not accepted; use yes or no", s);
}

/* The optional vessel_class (a name, kept for outputs) and class_cargo_t
 * (one vessel's cargo, t: the summary flags flows below it) of a link. */
static int get_vessel(const gf__reader *rd, const int32_t *c, gf_link *l)
{
    const char *s = gf__cell(rd, c[L_CLASS]);

    if (strlen(s) >= sizeof l->vessel_class)
        return gf__rd_fail(
            rd, c[L_CLASS], GF_EINVAL,
            "vessel_class: '%s' is longer than %d characters; use a short class name "
            "such as panamax",
            s, (int)sizeof l->vessel_class - 1);
    if (strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != strlen(s))
        return gf__rd_fail(rd, c[L_CLASS], GF_EINVAL,
                           "vessel_class: '%s' is not accepted; use letters, digits, '_' and '-' "
                           "(e.g. handysize)",
                           s);
    memcpy(l->vessel_class, s, strlen(s) + 1);
    return gf__get_fixed(rd, c[L_CARGO], "class_cargo_t", 0, false, 0, &l->class_cargo_t);
}

/* products: ';'-separated product ids (spaces around an id ignored), each
 * one of the scenario's products; empty = every product (mask 0). */
static int get_products_mask(const gf__reader *rd, const gf_model *m, int32_t col, uint64_t *mask)
{
    const char *s = gf__cell(rd, col);

    *mask = 0;
    while (*s) {
        char id[128];
        size_t n = strcspn(s, ";"), a = 0, b = n;
        int32_t p;
        while (a < b && s[a] == ' ')
            a++;
        while (b > a && s[b - 1] == ' ')
            b--;
        if (b - a >= sizeof id || b == a)
            return gf__rd_fail(rd, col, GF_EINVAL,
                               "products: '%s' is not accepted; list product ids separated by "
                               "';' (e.g. wheat;flour), or leave it empty for every product",
                               gf__cell(rd, col));
        memcpy(id, s + a, b - a);
        id[b - a] = '\0';
        p = gf_model_find_product(m, id);
        if (p < 0)
            return gf__rd_fail(rd, col, GF_EINVAL,
                               "products: '%s' is not a product of this scenario; use ids of "
                               "products.csv (or, without it, the products named in supply.csv "
                               "and demand.csv), separated by ';'",
                               id);
        *mask |= (uint64_t)1 << p;
        s += n + (s[n] == ';');
    }
    return GF_OK;
}

/* vessel_t, usd_per_departure, subsidy_usd_per_t (version 2; empty = 0). A
 * departure cost needs vessel_t; a subsidy may not exceed the cost per
 * tonne with the departure's share (gf_model_departure_share). */
static int get_v2_link(const gf__reader *rd, const int32_t *c, const gf_model *m, gf_link *l)
{
    int rc = get_products_mask(rd, m, c[L_PRODUCTS], &l->products_mask);

    if (!rc)
        rc = gf__get_fixed(rd, c[L_VESSEL_T], "vessel_t", 0, false, 0, &l->vessel_t);
    if (!rc)
        rc = gf__get_fixed(rd, c[L_DEPARTURE], "usd_per_departure", 2, false, 0,
                           &l->departure_cents);
    if (!rc)
        rc = gf__get_fixed(rd, c[L_SUBSIDY], "subsidy_usd_per_t", 2, false, 0,
                           &l->subsidy_cents_per_t);
    if (!rc && l->departure_cents > 0 && l->vessel_t == 0)
        rc = gf__rd_fail(rd, c[L_DEPARTURE], GF_EINVAL,
                         "usd_per_departure: '%s' is set but vessel_t is not; give vessel_t "
                         "(the tonnes one departure carries) or leave usd_per_departure empty",
                         gf__cell(rd, c[L_DEPARTURE]));
    if (!rc && l->subsidy_cents_per_t > l->cost_cents_per_t + gf_model_departure_share(l))
        rc = gf__rd_fail(rd, c[L_SUBSIDY], GF_EINVAL,
                         "subsidy_usd_per_t: '%s' is more than the link's cost per tonne "
                         "(cost_usd_per_t plus usd_per_departure / vessel_t); a subsidy pays "
                         "part of the freight, never more",
                         gf__cell(rd, c[L_SUBSIDY]));
    return rc;
}

static int read_link_row(const gf__reader *rd, const int32_t *c, gf_model *m)
{
    gf_link l = {0};
    const char *mode = gf__cell(rd, c[L_MODE]);
    bool both = false;
    int k, rc;

    l.line = gf__csv_line(rd->csv, rd->r);
    rc = gf__get_node(rd, m, c[L_FROM], "from", &l.from);
    if (!rc)
        rc = gf__get_node(rd, m, c[L_TO], "to", &l.to);
    if (rc)
        return rc;
    k = gf_mode_parse(mode);
    if (k < 0)
        return gf__rd_fail(rd, c[L_MODE], GF_EINVAL,
                           "mode: '%s' is not accepted; use rail, road, sea, ferry or river", mode);
    l.mode = (gf_mode)k;
    rc = gf__get_real(rd, c[L_DIST], "distance_km", true, 0, 0, 1e6, &l.distance_km);
    if (!rc)
        rc = gf__get_fixed(rd, c[L_COST], "cost_usd_per_t", 2, true, 0, &l.cost_cents_per_t);
    if (!rc)
        rc = gf__get_real(rd, c[L_DAYS], "transit_days", true, 0, 0, 1e6, &l.transit_days);
    if (!rc)
        rc = gf__get_fixed(rd, c[L_CAP], "capacity_t_per_period", 0, false, GF_UNLIMITED,
                           &l.capacity_t);
    if (!rc)
        rc = gf__get_real(rd, c[L_CO2], "co2_kg_per_tkm", false, 0, 0, 1e3, &l.co2_kg_per_tkm);
    if (!rc)
        rc = get_yes_no(rd, c[L_BOTH], &both);
    if (!rc)
        rc = get_vessel(rd, c, &l);
    if (!rc)
        rc = get_v2_link(rd, c, m, &l);
    if (!rc && gf_model_add_link(m, &l, both, rd->err))
        rc = gf__rd_fail(rd, c[L_FROM], rd->err->code, "%s", rd->err->msg);
    return rc;
}

static int read_links(const gf_csv *csv, gf_model *m, gf_error *err)
{
    static const char *const names[] = {"from",
                                        "to",
                                        "mode",
                                        "distance_km",
                                        "cost_usd_per_t",
                                        "transit_days",
                                        "capacity_t_per_period",
                                        "co2_kg_per_tkm",
                                        "both_ways",
                                        "vessel_class",
                                        "class_cargo_t",
                                        "products",
                                        "vessel_t",
                                        "usd_per_departure",
                                        "subsidy_usd_per_t"};
    int32_t c[L_COLS];
    gf__reader rd = {csv, 0, err};
    int rc = gf__find_cols(csv, names, L_COLS, L_CAP, c, err);

    for (rd.r = 0; !rc && rd.r < gf__csv_rows(csv); rd.r++) {
        if (gf__csv_row_is_blank(csv, rd.r))
            continue;
        rc = gf__check_width(&rd) ? rd.err->code : read_link_row(&rd, c, m);
    }
    return rc;
}

/* ---- supply.csv, demand.csv ---- */

enum {
    R_NODE,
    R_T,
    R_PRICE,
    R_PRODUCT,
    R_PERIOD,
    R_ALT_FROM,
    R_ALT_FOB,
    R_COLS
};

/* A demand row's alternative: alt_price_usd_per_t, or alt_from (a node) and
 * alt_fob_usd_per_t; both forms, or neither, are refused. */
static int get_alternative(const gf__reader *rd, const int32_t *c, const gf_model *m, gf_demand *d)
{
    bool price = !gf__is_blank(gf__cell(rd, c[R_PRICE]));
    bool from = !gf__is_blank(gf__cell(rd, c[R_ALT_FROM]));
    bool fob = !gf__is_blank(gf__cell(rd, c[R_ALT_FOB]));

    if (price && (from || fob))
        return gf__rd_fail(rd, from ? c[R_ALT_FROM] : c[R_ALT_FOB], GF_EINVAL,
                           "this row gives both alt_price_usd_per_t and %s; give either "
                           "alt_price_usd_per_t or alt_from with alt_fob_usd_per_t",
                           from ? "alt_from" : "alt_fob_usd_per_t");
    if (!from && !fob) /* the version-1 form; its message when empty */
        return gf__get_fixed(rd, c[R_PRICE], "alt_price_usd_per_t", 2, true, 0,
                             &d->alt_cents_per_t);
    if (!from)
        return gf__rd_fail(rd, c[R_ALT_FROM], GF_EPARSE,
                           "alt_from is empty but alt_fob_usd_per_t is set; name the node the "
                           "competitors ship from (an id of nodes.csv)");
    d->has_alt_from = true;
    if (!fob)
        return gf__rd_fail(rd, c[R_ALT_FOB], GF_EPARSE,
                           "alt_fob_usd_per_t is empty but alt_from is set; give the "
                           "competitors' price at alt_from (FOB, USD/t)");
    if (gf__get_node(rd, m, c[R_ALT_FROM], "alt_from", &d->alt_from))
        return rd->err->code;
    return gf__get_fixed(rd, c[R_ALT_FOB], "alt_fob_usd_per_t", 2, true, 0,
                         &d->alt_fob_cents_per_t);
}

static int add_offer(const gf__reader *rd, const int32_t *c, gf_model *m, bool demand,
                     const gf_demand *d)
{
    int rc;

    if (demand) {
        rc = gf_model_add_demand(m, d, rd->err);
    } else {
        gf_supply s = {.node = d->node,
                       .period = d->period,
                       .t = d->t,
                       .price_cents_per_t = d->alt_cents_per_t,
                       .line = d->line,
                       .product = d->product};
        rc = gf_model_add_supply(m, &s, rd->err);
    }
    if (rc)
        rc = gf__rd_fail(rd, c[R_T], rc, "%s", rd->err->msg);
    return rc;
}

/* One supply or demand row; add_new: a product not yet known is added (no
 * products.csv). A supply row's price goes through d->alt_cents_per_t. */
static int read_offer_row(const gf__reader *rd, const int32_t *c, gf_model *m, bool demand,
                          bool add_new)
{
    gf_demand d = {.line = gf__csv_line(rd->csv, rd->r)};
    int rc;

    rc = gf__get_node(rd, m, c[R_NODE], "node", &d.node);
    if (!rc)
        rc = gf__get_product(rd, m, c[R_PRODUCT], "product", add_new, &d.product);
    if (!rc)
        rc = gf__get_period(rd, c[R_PERIOD], gf_model_periods(m), &d.period);
    if (!rc)
        rc = gf__get_fixed(rd, c[R_T], "t", 0, true, 0, &d.t);
    if (!rc && demand)
        rc = get_alternative(rd, c, m, &d);
    else if (!rc)
        rc = gf__get_fixed(rd, c[R_PRICE], "price_usd_per_t", 2, false, 0, &d.alt_cents_per_t);
    return rc ? rc : add_offer(rd, c, m, demand, &d);
}

/* A demand.csv header needs alt_price_usd_per_t or alt_from (with
 * alt_fob_usd_per_t): the version-1 message names the first. */
static int check_alt_columns(const gf_csv *csv, const int32_t *c, gf_error *err)
{
    if (c[R_PRICE] >= 0 || (c[R_ALT_FROM] >= 0 && c[R_ALT_FOB] >= 0))
        return GF_OK;
    gf_fail(err, GF_EPARSE,
            "missing required column '%s'; the header row must name the columns node,t,"
            "alt_price_usd_per_t (or node,t,alt_from,alt_fob_usd_per_t)",
            c[R_ALT_FROM] >= 0  ? "alt_fob_usd_per_t"
            : c[R_ALT_FOB] >= 0 ? "alt_from"
                                : "alt_price_usd_per_t");
    gf_error_at(err, gf__csv_path(csv), gf__csv_header_line(csv), 1);
    return GF_EPARSE;
}

static int read_offers(const gf_csv *csv, gf_model *m, bool demand, bool add_new, gf_error *err)
{
    static const char *const snames[] = {"node", "t", "price_usd_per_t", "product", "period"};
    static const char *const dnames[] = {"node",   "t",        "alt_price_usd_per_t", "product",
                                         "period", "alt_from", "alt_fob_usd_per_t"};
    int32_t c[R_COLS] = {-1, -1, -1, -1, -1, -1, -1};
    gf__reader rd = {csv, 0, err};
    int rc = gf__find_cols(csv, demand ? dnames : snames, demand ? R_COLS : R_ALT_FROM, 2, c, err);

    if (!rc && demand)
        rc = check_alt_columns(csv, c, err);
    for (rd.r = 0; !rc && rd.r < gf__csv_rows(csv); rd.r++) {
        if (gf__csv_row_is_blank(csv, rd.r))
            continue;
        rc = gf__check_width(&rd) ? rd.err->code : read_offer_row(&rd, c, m, demand, add_new);
    }
    return rc;
}

/* Read one file with fn; an optional missing file is skipped. */
int gf__read_file(const gf__scenario_source *src, const char *file, bool optional, gf_model *m,
                  int (*fn)(const gf_csv *, gf_model *, gf_error *), gf_error *err)
{
    bool missing = false;
    gf_csv *csv = gf__scenario_open(src, file, optional, &missing, err);
    int rc;

    if (!csv)
        return missing ? GF_OK : (err && err->code ? err->code : GF_EIO);
    rc = fn(csv, m, err);
    gf__csv_free(csv);
    return rc;
}

/* Without products.csv, supply and demand rows name the products (new ones
 * are added); with it, they must name its ids. */
static int read_supply(const gf_csv *csv, gf_model *m, gf_error *err)
{
    return read_offers(csv, m, false, true, err);
}

static int read_demand(const gf_csv *csv, gf_model *m, gf_error *err)
{
    return read_offers(csv, m, true, true, err);
}

static int read_supply_listed(const gf_csv *csv, gf_model *m, gf_error *err)
{
    return read_offers(csv, m, false, false, err);
}

static int read_demand_listed(const gf_csv *csv, gf_model *m, gf_error *err)
{
    return read_offers(csv, m, true, false, err);
}

/* gf_model_finish names a row by its file's bare name ("demand.csv", see
 * model.h); read from a folder, the error names the file there, as the
 * readers' own errors do. */
static void name_in_folder(gf_error *err, const char *dir)
{
    char input[sizeof err->input + 8];
    int n = snprintf(input, sizeof input, "%s/%s", dir, err->input);

    if (n > 0 && (size_t)n < sizeof err->input)
        memcpy(err->input, input, (size_t)n + 1);
}

/* Read every file of src into a new, finished model: scenario.csv, nodes,
 * products, supply, demand, then links (their products column may name the
 * products supply and demand named), conversions, hubs and the overrides. */
static gf_model *read_source(const gf__scenario_source *src, gf_error *err)
{
    gf_model *m = gf_model_create(err);
    bool listed;
    int rc;

    if (!m)
        return NULL;
    rc = gf__read_file(src, "scenario.csv", true, m, read_scenario_rows, err);
    if (!rc)
        rc = gf__read_file(src, "nodes.csv", false, m, read_nodes, err);
    if (!rc)
        rc = gf__read_file(src, "products.csv", true, m, gf__read_products, err);
    listed = gf_model_product_id(m, 0)[0] != '\0';
    if (!rc)
        rc = gf__read_file(src, "supply.csv", false, m, listed ? read_supply_listed : read_supply,
                           err);
    if (!rc)
        rc = gf__read_file(src, "demand.csv", false, m, listed ? read_demand_listed : read_demand,
                           err);
    if (!rc) /* after supply and demand: link products may name the products they named */
        rc = gf__read_file(src, "links.csv", false, m, read_links, err);
    if (!rc)
        rc = gf__read_file(src, "conversions.csv", true, m, gf__read_conversions, err);
    if (!rc)
        rc = gf__read_file(src, "hubs.csv", true, m, gf__read_hubs, err);
    if (!rc)
        rc = gf__read_file(src, "link_periods.csv", true, m, gf__read_link_periods, err);
    if (!rc)
        rc = gf__read_file(src, "node_periods.csv", true, m, gf__read_node_periods, err);
    if (!rc)
        rc = gf_model_finish(m, err);
    if (rc && src->dir && err && err->input[0] && !strchr(err->input, '/'))
        name_in_folder(err, src->dir);
    if (rc) {
        gf_model_destroy(m);
        return NULL;
    }
    return m;
}

gf_model *gf_scenario_read_csv(const char *dir, gf_error *err)
{
    struct stat st;
    gf__scenario_source src = {dir, NULL, 0};

    if (!dir) {
        gf_fail(err, GF_EINVAL, "gf_scenario_read_csv: NULL folder");
        return NULL;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        gf_fail(err, GF_ENOTFOUND,
                "not a scenario folder (%s); give a folder holding nodes.csv, links.csv, "
                "supply.csv and demand.csv",
                stat(dir, &st) != 0 ? strerror(errno) : "not a directory");
        gf_error_at(err, dir, 0, 0);
        return NULL;
    }
    return read_source(&src, err);
}

const char *const gf__scenario_known_files[GF__SCENARIO_N_FILES] = {
    "scenario.csv", "nodes.csv",       "links.csv", "supply.csv",       "demand.csv",
    "products.csv", "conversions.csv", "hubs.csv",  "link_periods.csv", "node_periods.csv"};

int gf__scenario_check_names(const gf_scenario_file *files, int n_files, gf_error *err)
{

    if (n_files < 0 || (n_files > 0 && !files))
        return gf_fail(err, GF_EINVAL, "gf_scenario_read_texts: bad file list");
    for (int i = 0; i < n_files; i++) {
        bool ok = false;
        for (size_t k = 0; files[i].name && k < GF__SCENARIO_N_FILES; k++)
            ok = ok || !strcmp(files[i].name, gf__scenario_known_files[k]);
        for (int j = 0; ok && j < i; j++)
            ok = strcmp(files[i].name, files[j].name) != 0;
        if (!ok) {
            gf_fail(err, GF_EINVAL,
                    "unknown or repeated file \"%.40s\"; a scenario has nodes.csv, links.csv, "
                    "supply.csv and demand.csv, and optionally scenario.csv, products.csv, "
                    "conversions.csv, hubs.csv, link_periods.csv and node_periods.csv, each once",
                    files[i].name ? files[i].name : "");
            gf_error_at(err, files[i].name ? files[i].name : "", 0, 0);
            return GF_EINVAL;
        }
    }
    return GF_OK;
}

gf_model *gf_scenario_read_texts(const gf_scenario_file *files, int n_files, gf_error *err)
{
    gf__scenario_source src = {NULL, files, n_files};

    if (gf__scenario_check_names(files, n_files, err))
        return NULL;
    return read_source(&src, err);
}
