/* src/scenario/scenario_json.c: the JSON form of a scenario folder, both ways.
 *
 * CSV to JSON reads each file with the io module's CSV reader and turns every
 * row into an object keyed by the header; cells of the numeric columns that
 * are numbers become JSON numbers, empty cells null, anything else stays the
 * string it was (so that the reader later reports it with its position).
 * JSON to CSV writes one CSV text per table, in memory, with the union of the
 * rows' keys as header (first appearance order) and reals at 15 significant
 * digits, which gives back the decimal the CSV had ("32.90" -> 32.9 ->
 * "32.9"); gf_scenario_read_texts then reads those texts, so a JSON scenario
 * is validated exactly as a folder is, with no temporary folder on disk.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_int.h"
#include "edit/whatif_int.h"
#include "grainflow/alloc.h"
#include "grainflow/whatif.h"
#include "scenario/scenario_int.h"

/* The first four tables are required; the version-2 ones and the period
 * overrides are optional and left out of the JSON when their file is absent
 * (so a version-1 scenario's JSON is what it was). */
#define N_REQUIRED 4
const char *const gf__scenario_tables[GF__N_TABLES] = {"nodes",  "links",        "supply",
                                                       "demand", "products",     "conversions",
                                                       "hubs",   "link_periods", "node_periods"};
const char *const gf__scenario_files[GF__N_TABLES + 1] = {
    "scenario.csv", "nodes.csv",       "links.csv", "supply.csv",       "demand.csv",
    "products.csv", "conversions.csv", "hubs.csv",  "link_periods.csv", "node_periods.csv"};

static const char *const numeric_cols[] = {"lat",
                                           "lon",
                                           "handling_usd_per_t",
                                           "throughput_t_per_period",
                                           "storage_t",
                                           "storage_usd_per_t_per_period",
                                           "distance_km",
                                           "cost_usd_per_t",
                                           "transit_days",
                                           "capacity_t_per_period",
                                           "co2_kg_per_tkm",
                                           "period",
                                           "t",
                                           "price_usd_per_t",
                                           "alt_price_usd_per_t",
                                           "periods",
                                           "period_days",
                                           "start_month",
                                           "class_cargo_t",
                                           "vessel_t",
                                           "usd_per_departure",
                                           "subsidy_usd_per_t",
                                           "alt_fob_usd_per_t",
                                           "yield",
                                           "fixed_usd_per_year",
                                           "capacity_t",
                                           "throughput_t",
                                           "min_hubs",
                                           "max_hubs"};

static bool is_numeric_col(const char *name)
{
    for (size_t i = 0; i < sizeof numeric_cols / sizeof numeric_cols[0]; i++)
        if (!strcmp(name, numeric_cols[i]))
            return true;
    return false;
}

/* True when the decimal cell comes back from a double printed at 15
 * significant digits as the same figure: at most 15 significant digits. A
 * longer one (money near 2^50 cents has 16) stays a string, so no figure
 * changes on its way through the JSON form. */
static bool survives_real(const char *cell)
{
    int digits = 0;
    bool leading = true;

    for (const char *c = cell; *c && *c != 'e' && *c != 'E'; c++) {
        if (*c < '0' || *c > '9')
            continue;
        leading = leading && *c == '0';
        digits += !leading;
    }
    return digits <= 15;
}

/* The JSON value of a CSV cell of column col. */
static json_t *cell_value(const char *col, const char *cell)
{
    char *end = NULL;
    double d;

    if (!cell[0])
        return json_null();
    if (!is_numeric_col(col))
        return json_string(cell);
    errno = 0;
    if (!strpbrk(cell, ".eE")) {
        long long v = strtoll(cell, &end, 10);
        if (!errno && end != cell && !*end)
            return json_integer(v);
    }
    errno = 0;
    d = strtod(cell, &end);
    if (!errno && end != cell && !*end && isfinite(d) && survives_real(cell))
        return json_real(d);
    return json_string(cell); /* the reader parses the cell as written */
}

static int set_new(json_t *o, const char *k, json_t *v, gf_error *err)
{
    if (!v || json_object_set_new(o, k, v))
        return gf_fail(err, GF_ENOMEM, "out of memory building the scenario JSON");
    return GF_OK;
}

/* Header name of column c, NULL past the last named column. */
static const char *header(const gf_csv *csv, int32_t c)
{
    const char *name = c < GF_CSV_MAX_FIELDS ? gf__csv_get(csv, -1, c) : "";

    return name[0] ? name : NULL;
}

static int table_rows(const gf_csv *csv, json_t *a, gf_error *err)
{
    int rc = GF_OK;

    for (int32_t r = 0; !rc && r < gf__csv_rows(csv); r++) {
        json_t *o = json_object();
        if (!o || json_array_append_new(a, o))
            return gf_fail(err, GF_ENOMEM, "out of memory building the scenario JSON");
        for (int32_t c = 0; !rc; c++) {
            const char *name = header(csv, c);
            if (!name)
                break;
            rc = set_new(o, name, cell_value(name, gf__csv_get(csv, r, c)), err);
        }
    }
    return rc;
}

static int scenario_rows(const gf_csv *csv, json_t *o, gf_error *err)
{
    int32_t k = gf__csv_col(csv, "key"), v = gf__csv_col(csv, "value");
    int rc = GF_OK;

    if (k < 0 || v < 0)
        return GF_OK; /* the reader reports the missing column */
    for (int32_t r = 0; !rc && r < gf__csv_rows(csv); r++) {
        const char *key = gf__csv_get(csv, r, k);
        if (key[0])
            rc = set_new(o, key, cell_value(key, gf__csv_get(csv, r, v)), err);
    }
    return rc;
}

/* Read file of src into the JSON value dst (object for scenario.csv, else
 * array); *missing when an optional file is absent. */
static int read_table(const gf__scenario_source *src, const char *file, bool optional, json_t *dst,
                      bool *missing, gf_error *err)
{
    gf_csv *csv = gf__scenario_open(src, file, optional, missing, err);
    int rc;

    if (!csv)
        return *missing ? GF_OK : err && err->code ? err->code : GF_EIO;
    rc = json_is_object(dst) ? scenario_rows(csv, dst, err) : table_rows(csv, dst, err);
    gf__csv_free(csv);
    return rc;
}

static char *json_from(const gf__scenario_source *src, size_t *len, gf_error *err)
{
    json_t *root = NULL, *v = NULL;
    char *text = NULL, *out = NULL;
    char file[32];
    bool missing = false;
    int rc;

    root = json_object();
    v = json_object();
    rc = root && v && !json_object_set_new(root, "format", json_integer(1))
             ? GF_OK
             : gf_fail(err, GF_ENOMEM, "out of memory building the scenario JSON");
    if (!rc)
        rc = read_table(src, "scenario.csv", true, v, &missing, err);
    if (!rc) {
        rc = set_new(root, "scenario", v, err);
        v = NULL; /* taken by set_new, even when it fails */
    }
    for (int i = 0; !rc && i < GF__N_TABLES; i++) {
        json_t *a = json_array();
        snprintf(file, sizeof file, "%s.csv", gf__scenario_tables[i]);
        rc = a ? read_table(src, file, i >= N_REQUIRED, a, &missing, err)
               : gf_fail(err, GF_ENOMEM, "out of memory");
        if (!rc && !missing)
            rc = set_new(root, gf__scenario_tables[i], a, err);
        else
            json_decref(a);
    }
    if (!rc) {
        text = json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(15));
        if (!text)
            rc = gf_fail(err, GF_ENOMEM, "out of memory writing the scenario JSON");
    }
    if (!rc) {
        *len = strlen(text);
        out = gf_malloc(*len + 1);
        if (out)
            memcpy(out, text, *len + 1);
        else
            gf_fail(err, GF_ENOMEM, "out of memory writing the scenario JSON");
    }
    free(text);
    json_decref(v);
    json_decref(root);
    return out;
}

char *gf_scenario_json_from_csv(const char *dir, size_t *len, gf_error *err)
{
    gf__scenario_source src = {dir, NULL, 0};

    if (!dir || !len) {
        gf_fail(err, GF_EINVAL, "gf_scenario_json_from_csv: NULL argument");
        return NULL;
    }
    return json_from(&src, len, err);
}

char *gf_scenario_json_from_texts(const gf_scenario_file *files, int n_files, size_t *len,
                                  gf_error *err)
{
    gf__scenario_source src = {NULL, files, n_files};

    if (!len) {
        gf_fail(err, GF_EINVAL, "gf_scenario_json_from_texts: NULL argument");
        return NULL;
    }
    if (gf__scenario_check_names(files, n_files, err))
        return NULL;
    return json_from(&src, len, err);
}

/* ---- JSON to CSV texts in memory ---- */

static void tx_put(gf__text *t, const char *s, size_t n)
{
    size_t cap = t->cap ? t->cap : 256;

    if (t->oom)
        return;
    while (t->len + n + 1 > cap)
        cap *= 2;
    if (cap != t->cap) {
        char *p = gf_realloc(t->p, t->cap, cap);
        if (!p) {
            t->oom = true;
            return;
        }
        t->p = p;
        t->cap = cap;
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = '\0';
}

static void tx_puts(gf__text *t, const char *s)
{
    tx_put(t, s, strlen(s));
}

static void tx_putc(gf__text *t, char c)
{
    tx_put(t, &c, 1);
}

/* Write s as a CSV cell (quoted when it holds a separator, quote or space). */
static void put_cell(gf__text *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && (!s[0] || s[strlen(s) - 1] != ' ')) {
        tx_puts(f, s);
        return;
    }
    tx_putc(f, '"');
    for (; *s; s++) {
        if (*s == '"')
            tx_putc(f, '"');
        tx_putc(f, *s);
    }
    tx_putc(f, '"');
}

/* Write the scalar v as a cell; GF_EPARSE for arrays and objects. */
static int put_value(gf__text *f, const json_t *v)
{
    char num[64];

    switch (json_typeof(v)) {
    case JSON_STRING:
        put_cell(f, json_string_value(v));
        return GF_OK;
    case JSON_INTEGER:
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
        tx_puts(f, num);
        return GF_OK;
    case JSON_REAL:
        snprintf(num, sizeof num, "%.15g", json_real_value(v));
        tx_puts(f, num);
        return GF_OK;
    case JSON_TRUE:
        tx_puts(f, "yes");
        return GF_OK;
    case JSON_FALSE:
        tx_puts(f, "no");
        return GF_OK;
    case JSON_NULL:
        return GF_OK;
    default:
        return GF_EPARSE;
    }
}

/* The header of a table: keys in order of first appearance, in a JSON array. */
static json_t *table_header(const json_t *rows, const char *file, gf_error *err)
{
    json_t *h = json_array();
    size_t i;
    json_t *row;

    if (!h) {
        gf_fail(err, GF_ENOMEM, "out of memory");
        return NULL;
    }
    json_array_foreach(rows, i, row)
    {
        const char *k;
        json_t *v;
        if (!json_is_object(row)) {
            gf_fail(err, GF_EPARSE, "row %zu of %s is not an object of column: value", i + 1, file);
            gf_error_at(err, file, (long)i + 2, 0);
            json_decref(h);
            return NULL;
        }
        json_object_foreach(row, k, v)
        {
            size_t j;
            json_t *x;
            bool seen = false;
            json_array_foreach(h, j, x) if (!strcmp(json_string_value(x), k)) seen = true;
            if (!seen && json_array_append_new(h, json_string(k))) {
                gf_fail(err, GF_ENOMEM, "out of memory");
                json_decref(h);
                return NULL;
            }
        }
    }
    return h;
}

static int write_rows(gf__text *f, const json_t *rows, const json_t *h, const char *file,
                      gf_error *err)
{
    size_t i, c;
    json_t *row, *k;

    json_array_foreach(h, c, k)
    {
        if (c)
            tx_putc(f, ',');
        put_cell(f, json_string_value(k));
    }
    tx_putc(f, '\n');
    json_array_foreach(rows, i, row)
    {
        json_array_foreach(h, c, k)
        {
            const json_t *v = json_object_get(row, json_string_value(k));
            if (c)
                tx_putc(f, ',');
            if (v && put_value(f, v)) {
                gf_fail(err, GF_EPARSE,
                        "%s must be a string, a number, true/false or null, not an %s",
                        json_string_value(k), json_is_array(v) ? "array" : "object");
                gf_error_at(err, file, (long)i + 2, (long)c + 1);
                return GF_EPARSE;
            }
        }
        tx_putc(f, '\n');
    }
    return GF_OK;
}

static int write_table(const json_t *rows, gf__text *f, const char *file, gf_error *err)
{
    json_t *h = NULL;
    int rc;

    if (!json_is_array(rows)) {
        rc = gf_fail(err, GF_EPARSE, "the scenario's \"%.*s\" must be an array of rows",
                     (int)(strlen(file) - 4), file);
        gf_error_at(err, file, 0, 0);
        return rc;
    }
    h = table_header(rows, file, err);
    if (!h)
        return err && err->code ? err->code : GF_ENOMEM;
    rc = write_rows(f, rows, h, file, err);
    json_decref(h);
    return rc;
}

static int write_scenario(const json_t *o, gf__text *f, gf_error *err)
{
    const char *k;
    json_t *v;
    int rc = GF_OK;
    long line = 1;

    if (!json_is_object(o)) {
        gf_fail(err, GF_EPARSE, "the scenario's \"scenario\" must be an object of key: value");
        gf_error_at(err, "scenario.csv", 0, 0);
        return GF_EPARSE;
    }
    tx_puts(f, "key,value\n");
    json_object_foreach((json_t *)o, k, v)
    {
        line++;
        put_cell(f, k);
        tx_putc(f, ',');
        if (put_value(f, v)) {
            rc = gf_fail(err, GF_EPARSE, "%s must be a string, a number or null", k);
            gf_error_at(err, "scenario.csv", line, 2);
            break;
        }
        tx_putc(f, '\n');
    }
    return rc;
}

void gf__scenario_texts_fini(gf__scenario_texts *t)
{
    for (int i = 0; i < GF__N_TABLES + 1; i++)
        gf_free(t->buf[i].p, t->buf[i].cap);
    memset(t, 0, sizeof *t);
}

int gf__scenario_tree_to_texts(const json_t *root, gf__scenario_texts *out, gf_error *err)
{
    const json_t *sc;
    int rc = GF_OK;

    memset(out, 0, sizeof *out);
    if (!json_is_object(root))
        return gf_fail(err, GF_EPARSE,
                       "a scenario must be a JSON object with \"nodes\", "
                       "\"links\", \"supply\" and \"demand\" arrays");
    sc = json_object_get(root, "scenario");
    if (sc)
        rc = write_scenario(sc, &out->buf[0], err);
    for (int i = 0; !rc && i < GF__N_TABLES; i++) {
        const json_t *rows = json_object_get(root, gf__scenario_tables[i]);
        if (rows)
            rc = write_table(rows, &out->buf[i + 1], gf__scenario_files[i + 1], err);
    }
    for (int i = 0; !rc && i < GF__N_TABLES + 1; i++) {
        bool given =
            i == 0 ? sc != NULL : json_object_get(root, gf__scenario_tables[i - 1]) != NULL;
        if (out->buf[i].oom)
            rc = gf_fail(err, GF_ENOMEM, "out of memory converting the scenario JSON");
        else if (given)
            out->files[out->n_files++] =
                (gf_scenario_file){gf__scenario_files[i], out->buf[i].p, out->buf[i].len};
    }
    if (rc)
        gf__scenario_texts_fini(out);
    return rc;
}

json_t *gf__scenario_parse(const char *json, size_t len, const char *input, gf_error *err)
{
    json_error_t je;
    json_t *root;

    if (!json) {
        gf_fail(err, GF_EINVAL, "no scenario JSON given");
        return NULL;
    }
    gf__json_oom_clear();
    root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root && gf__json_oom()) /* jansson allocates through the hook: core/alloc.c */
        gf_fail(err, GF_ENOMEM, "out of memory reading the scenario JSON");
    else if (!root) {
        gf_fail(err, GF_EPARSE, "%s", je.text);
        gf_error_at(err, input, je.line > 0 ? je.line : 1, je.column > 0 ? je.column : 0);
    }
    return root;
}

/* Write the n bytes of text to dir/file. */
static int write_file(const char *dir, const char *file, const char *text, size_t n, gf_error *err)
{
    char path[4096];
    FILE *f;
    int rc = GF_OK;

    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, file) >= sizeof path)
        return gf_fail(err, GF_ELIMIT, "scenario folder path is too long");
    f = fopen(path, "w");
    if (!f)
        return gf_fail(err, GF_EIO, "cannot write %s: %s", path, strerror(errno));
    if (fwrite(text, 1, n, f) != n)
        rc = gf_fail(err, GF_EIO, "cannot write %s", path);
    if (fclose(f) && !rc)
        rc = gf_fail(err, GF_EIO, "cannot write %s", path);
    return rc;
}

int gf_scenario_json_to_csv(const char *json, size_t len, const char *dir, gf_error *err)
{
    json_t *root = gf__scenario_parse(json, len, "scenario JSON", err);
    gf__scenario_texts t = {0};
    int rc;

    if (!root)
        return err && err->code ? err->code : GF_EPARSE;
    rc = gf__scenario_tree_to_texts(root, &t, err);
    for (int i = 0; !rc && i < t.n_files; i++)
        rc = write_file(dir, t.files[i].name, t.files[i].text ? t.files[i].text : "",
                        t.files[i].len, err);
    gf__scenario_texts_fini(&t);
    json_decref(root);
    return rc;
}

gf_model *gf__scenario_read_tree(const json_t *root, gf_error *err)
{
    gf__scenario_texts t = {0};
    gf_model *m = NULL;

    if (!gf__scenario_tree_to_texts(root, &t, err))
        m = gf_scenario_read_texts(t.files, t.n_files, err);
    gf__scenario_texts_fini(&t);
    return m;
}

gf_model *gf_scenario_read_json(const char *json, size_t len, gf_error *err)
{
    json_t *root = gf__scenario_parse(json, len, "scenario JSON", err);
    gf_model *m = NULL;

    if (root && !json_is_object(root))
        gf_fail(err, GF_EPARSE, "a scenario must be a JSON object of tables");
    else if (root)
        m = gf__scenario_read_tree(root, err);
    json_decref(root);
    return m;
}
