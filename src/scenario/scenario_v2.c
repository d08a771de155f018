/* src/scenario/scenario_v2.c: the version-2 files and the period overrides.
 *
 * products.csv, conversions.csv and hubs.csv (issue 8), link_periods.csv and
 * node_periods.csv (issue 9), each optional; they are read after nodes,
 * supply, demand and links (scenario_read.c says the order), field by field
 * with the shared row readers (scenario_int.h), so every error names the
 * file, line and column, quotes the value and says what is accepted. A
 * link_periods row names one direction (from, to, mode) of one link: with
 * both_ways each direction is its own; two links with the same from, to and
 * mode cannot be told apart there and are refused. A later override row for
 * the same link (node) and period replaces the earlier (model.h).
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "grainflow/scenario.h"
#include "scenario/scenario_int.h"

/* The products as "a, b, c" (truncated) for messages. */
static void product_list(const gf_model *m, char *buf, size_t size)
{
    size_t len = 0;

    buf[0] = '\0';
    for (int32_t p = 0; p < gf_model_product_count(m) && len + 1 < size; p++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", p ? ", " : "",
                                gf_model_product_id(m, p));
}

/* Every non-blank row of csv, its width checked, through read_row (with c,
 * the columns gf__find_cols found, and m); stops at the first failure,
 * which *err names (file, line, column). */
static int each_row(const gf_csv *csv, const int32_t *c, gf_model *m,
                    int (*read_row)(const gf__reader *rd, const int32_t *c, gf_model *m),
                    gf_error *err)
{
    gf__reader rd = {csv, 0, err};
    int rc = GF_OK;

    for (rd.r = 0; !rc && rd.r < gf__csv_rows(csv); rd.r++) {
        if (gf__csv_row_is_blank(csv, rd.r))
            continue;
        rc = gf__check_width(&rd) ? rd.err->code : read_row(&rd, c, m);
    }
    return rc;
}

int gf__get_product(const gf__reader *rd, gf_model *m, int32_t col, const char *name, bool add_new,
                    int32_t *out)
{
    const char *s = gf__cell(rd, col);
    char list[128];

    *out = 0;
    if (gf__is_blank(s))
        return GF_OK; /* the first product (the only one of a version-1 scenario) */
    *out = gf_model_find_product(m, s);
    if (*out >= 0)
        return GF_OK;
    if (add_new) {
        if (gf_model_add_product(m, s, NULL, out, rd->err))
            return gf__rd_fail(rd, col, rd->err->code, "%s: %s", name, rd->err->msg);
        return GF_OK;
    }
    product_list(m, list, sizeof list);
    return gf__rd_fail(rd, col, GF_EINVAL,
                       "%s: '%s' is not a product of products.csv; use one of %s (ids are "
                       "case-sensitive)",
                       name, s, list);
}

/* ---- products.csv: id, name ---- */

static int read_product_row(const gf__reader *rd, const int32_t *c, gf_model *m)
{
    const char *id = gf__cell(rd, c[0]);

    if (gf__is_blank(id))
        return gf__rd_fail(rd, c[0], GF_EPARSE, "id is empty; every product needs an id");
    if (gf_model_find_product(m, id) >= 0)
        return gf__rd_fail(rd, c[0], GF_EINVAL,
                           "duplicate product id '%s'; each product is listed once", id);
    if (gf_model_add_product(m, id, gf__cell(rd, c[1]), NULL, rd->err))
        return gf__rd_fail(rd, c[0], rd->err->code, "%s", rd->err->msg);
    return GF_OK;
}

int gf__read_products(const gf_csv *csv, gf_model *m, gf_error *err)
{
    static const char *const names[] = {"id", "name"};
    int32_t c[2];
    int rc = gf__find_cols(csv, names, 2, 1, c, err);

    if (!rc)
        rc = each_row(csv, c, m, read_product_row, err);
    if (!rc && gf_model_product_id(m, 0)[0] == '\0') {
        gf_fail(err, GF_EINVAL,
                "products.csv lists no product; list one id per row, or delete the file to "
                "take the products named in supply.csv and demand.csv");
        gf_error_at(err, gf__csv_path(csv), gf__csv_header_line(csv), 1);
        rc = GF_EINVAL;
    }
    return rc;
}

/* ---- conversions.csv ---- */

enum {
    C_NODE,
    C_FROM,
    C_TO,
    C_YIELD,
    C_COST,
    C_CAP,
    C_COLS
};

static int read_conversion_row(const gf__reader *rd, const int32_t *c, gf_model *m)
{
    gf_conversion cv = {.line = gf__csv_line(rd->csv, rd->r)};
    int rc = gf__get_node(rd, m, c[C_NODE], "node", &cv.node);

    if (!rc && gf__is_blank(gf__cell(rd, c[C_FROM])))
        rc = gf__rd_fail(rd, c[C_FROM], GF_EPARSE, "from_product is empty; name a product");
    if (!rc && gf__is_blank(gf__cell(rd, c[C_TO])))
        rc = gf__rd_fail(rd, c[C_TO], GF_EPARSE, "to_product is empty; name a product");
    if (!rc)
        rc = gf__get_product(rd, m, c[C_FROM], "from_product", false, &cv.from_product);
    if (!rc)
        rc = gf__get_product(rd, m, c[C_TO], "to_product", false, &cv.to_product);
    if (!rc && cv.from_product == cv.to_product)
        rc = gf__rd_fail(rd, c[C_TO], GF_EINVAL,
                         "to_product: '%s' is also the from_product; a conversion turns one "
                         "product into another",
                         gf__cell(rd, c[C_TO]));
    if (!rc)
        rc = gf__get_real(rd, c[C_YIELD], "yield", true, 0, 1e-9, 1e6, &cv.yield);
    if (!rc)
        rc = gf__get_fixed(rd, c[C_COST], "cost_usd_per_t", 2, false, 0, &cv.cost_cents_per_t);
    if (!rc)
        rc = gf__get_fixed(rd, c[C_CAP], "capacity_t_per_period", 0, false, GF_UNLIMITED,
                           &cv.capacity_t);
    if (!rc && gf_model_add_conversion(m, &cv, rd->err))
        rc = gf__rd_fail(rd, c[C_NODE], rd->err->code, "%s", rd->err->msg);
    return rc;
}

/* Products must be known: products.csv, or those named in supply.csv and
 * demand.csv (a product only made by a conversion is still demanded). */
int gf__read_conversions(const gf_csv *csv, gf_model *m, gf_error *err)
{
    static const char *const names[] = {"node",  "from_product",   "to_product",
                                        "yield", "cost_usd_per_t", "capacity_t_per_period"};
    int32_t c[C_COLS];
    int rc = gf__find_cols(csv, names, C_COLS, C_COST, c, err);

    return rc ? rc : each_row(csv, c, m, read_conversion_row, err);
}

/* ---- hubs.csv ---- */

enum {
    H_NODE,
    H_OPTION,
    H_FIXED,
    H_THRU,
    H_STOR,
    H_COLS
};

static int read_hub_row(const gf__reader *rd, const int32_t *c, gf_model *m)
{
    gf_hub_option o = {.line = gf__csv_line(rd->csv, rd->r)};
    const char *name = gf__cell(rd, c[H_OPTION]);
    int rc = gf__get_node(rd, m, c[H_NODE], "node", &o.node);

    if (rc)
        return rc;
    if (gf__is_blank(name) || strlen(name) >= sizeof o.option ||
        strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") !=
            strlen(name))
        return gf__rd_fail(rd, c[H_OPTION], GF_EINVAL,
                           "option: '%s' is not accepted; name the option with 1 to %d letters, "
                           "digits, '_' or '-' (e.g. silo_60kt)",
                           name, (int)sizeof o.option - 1);
    memcpy(o.option, name, strlen(name) + 1);
    rc = gf__get_fixed(rd, c[H_FIXED], "fixed_usd_per_year", 2, true, 0, &o.fixed_cents_per_year);
    if (!rc)
        rc = gf__get_fixed(rd, c[H_THRU], "throughput_t_per_period", 0, true, 0, &o.throughput_t);
    if (!rc)
        rc = gf__get_fixed(rd, c[H_STOR], "storage_t", 0, false, 0, &o.storage_t);
    if (!rc && gf_model_add_hub_option(m, &o, rd->err))
        rc = gf__rd_fail(rd, c[H_OPTION], rd->err->code, "%s", rd->err->msg);
    return rc;
}

int gf__read_hubs(const gf_csv *csv, gf_model *m, gf_error *err)
{
    static const char *const names[] = {"node", "option", "fixed_usd_per_year",
                                        "throughput_t_per_period", "storage_t"};
    int32_t c[H_COLS];
    int rc = gf__find_cols(csv, names, H_COLS, H_STOR, c, err);

    return rc ? rc : each_row(csv, c, m, read_hub_row, err);
}

/* ---- link_periods.csv, node_periods.csv ---- */

/* A period that must be given: an integer 1..periods (0-based out). */
static int get_one_period(const gf__reader *rd, int32_t col, const gf_model *m, int32_t *out)
{
    if (gf__is_blank(gf__cell(rd, col)))
        return gf__rd_fail(rd, col, GF_EPARSE,
                           "period is empty; an override names one period, an integer from 1 "
                           "to %d",
                           gf_model_periods(m));
    return gf__get_period(rd, col, gf_model_periods(m), out);
}

/* The one link from -> to by mode (cols 0, 1, 2 of the row). */
static int find_link(const gf__reader *rd, const gf_model *m, const int32_t *c, int32_t *out)
{
    int32_t from = -1, to = -1, found = -1;
    const char *ms = gf__cell(rd, c[2]);
    int mode = gf_mode_parse(ms);
    int rc = gf__get_node(rd, m, c[0], "from", &from);

    if (!rc)
        rc = gf__get_node(rd, m, c[1], "to", &to);
    if (rc)
        return rc;
    if (mode < 0)
        return gf__rd_fail(rd, c[2], GF_EINVAL,
                           "mode: '%s' is not accepted; use rail, road, sea, ferry or river", ms);
    for (int32_t l = 0; l < gf_model_link_count(m); l++) {
        const gf_link *k = gf_model_link(m, l);
        if (k->from != from || k->to != to || (int)k->mode != mode)
            continue;
        if (found >= 0)
            return gf__rd_fail(rd, c[0], GF_EINVAL,
                               "two links go from '%s' to '%s' by %s (links.csv lines %ld and "
                               "%ld); an override cannot tell them apart: merge them or give "
                               "one another mode",
                               gf__cell(rd, c[0]), gf__cell(rd, c[1]), ms,
                               gf_model_link(m, found)->line, k->line);
        found = l;
    }
    if (found < 0)
        return gf__rd_fail(rd, c[0], GF_EINVAL,
                           "no link goes from '%s' to '%s' by %s in links.csv; an override "
                           "names one direction of a link (with both_ways, from and to of "
                           "either direction)",
                           gf__cell(rd, c[0]), gf__cell(rd, c[1]), ms);
    *out = found;
    return GF_OK;
}

static int read_link_period_row(const gf__reader *rd, const int32_t *c, gf_model *m)
{
    gf_period_override o = {.line = gf__csv_line(rd->csv, rd->r)};
    int rc = find_link(rd, m, c, &o.ref);

    if (!rc)
        rc = get_one_period(rd, c[3], m, &o.period);
    if (!rc)
        rc = gf__get_fixed(rd, c[4], "capacity_t", 0, true, 0, &o.t);
    if (!rc && gf_model_add_link_period(m, &o, rd->err))
        rc = gf__rd_fail(rd, c[0], rd->err->code, "%s", rd->err->msg);
    return rc;
}

int gf__read_link_periods(const gf_csv *csv, gf_model *m, gf_error *err)
{
    static const char *const names[] = {"from", "to", "mode", "period", "capacity_t"};
    int32_t c[5];
    int rc = gf__find_cols(csv, names, 5, 5, c, err);

    return rc ? rc : each_row(csv, c, m, read_link_period_row, err);
}

static int read_node_period_row(const gf__reader *rd, const int32_t *c, gf_model *m)
{
    gf_period_override o = {.line = gf__csv_line(rd->csv, rd->r)};
    int rc = gf__get_node(rd, m, c[0], "node", &o.ref);

    if (!rc)
        rc = get_one_period(rd, c[1], m, &o.period);
    if (!rc)
        rc = gf__get_fixed(rd, c[2], "throughput_t", 0, true, 0, &o.t);
    if (!rc && gf_model_add_node_period(m, &o, rd->err))
        rc = gf__rd_fail(rd, c[0], rd->err->code, "%s", rd->err->msg);
    return rc;
}

int gf__read_node_periods(const gf_csv *csv, gf_model *m, gf_error *err)
{
    static const char *const names[] = {"node", "period", "throughput_t"};
    int32_t c[3];
    int rc = gf__find_cols(csv, names, 3, 3, c, err);

    return rc ? rc : each_row(csv, c, m, read_node_period_row, err);
}
