/* src/edit/whatif.c: what-if runs: a JSON scenario plus edits, solved.
 *
 * Edits that change figures (freight, fees, capacities, tonnes) are applied to
 * the scenario's JSON rows, which are then written as a CSV folder in a fresh
 * temporary directory and read by gf_scenario_read_csv: one reader, so a JSON
 * scenario is validated exactly as a folder is and its errors name the same
 * file, line and column. Edits that close a link or a node in some periods
 * have no column in the format; they are kept as a list and applied to the
 * built network by setting the bounds of the arcs concerned to zero, which
 * leaves the spill arc (supply unbought) and unmet demand always feasible.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edit/whatif_int.h"
#include "grainflow/alloc.h"
#include "grainflow/network.h"
#include "grainflow/scenario.h"
#include "grainflow/whatif.h"

typedef enum {
    CLOSE_LINK = 0,
    CLOSE_NODE
} close_kind;

typedef struct closure {
    close_kind kind;
    int32_t ref;    /* link or node index */
    int32_t period; /* 0-based; -1 = every period */
} closure;

struct gf_whatif {
    gf_model *model;
    closure *close;
    int32_t n_close, cap_close;
};

typedef struct edit_ctx {
    json_t *root; /* the scenario tree, edited in place */
    int index;    /* current edit, 0-based */
    gf_error *err;
} edit_ctx;

static const char *const ops[] = {"scale_freight", "set_node",   "scale_supply",
                                  "scale_demand",  "close_link", "close_node"};
static const char *const node_fields[] = {"handling_usd_per_t", "throughput_t_per_period",
                                          "storage_t", "storage_usd_per_t_per_period"};

/* Fail on edit i's field with a formatted message; input "edits[i].field". */
static int edit_fail(gf_error *err, int i, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int edit_fail(gf_error *err, int i, const char *field, const char *fmt, ...)
{
    char input[96], msg[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    gf_fail(err, GF_EINVAL, "%s", msg);
    snprintf(input, sizeof input, "edits[%d]%s%s", i, field[0] ? "." : "", field);
    gf_error_at(err, input, 0, 0);
    return GF_EINVAL;
}

/* A number cell (JSON number or numeric string) in *out. */
static bool num_of(const json_t *v, double *out)
{
    char *end = NULL;

    if (json_is_number(v)) {
        *out = json_number_value(v);
        return true;
    }
    if (!json_is_string(v))
        return false;
    errno = 0;
    *out = strtod(json_string_value(v), &end);
    return !errno && end != json_string_value(v) && !*end && isfinite(*out);
}

/* ---- checking the form of edits ---- */

static int check_key(const char *op, const char *k, int i, gf_error *err)
{
    static const char *const common[] = {"op", "pct", "mode", "node", "from", "to", "periods"};
    bool is_set = !strcmp(op, "set_node");

    if (!strcmp(k, "op") || !strcmp(k, "node"))
        return GF_OK;
    if (is_set) {
        for (size_t j = 0; j < sizeof node_fields / sizeof node_fields[0]; j++)
            if (!strcmp(k, node_fields[j]))
                return GF_OK;
        return edit_fail(err, i, k,
                         "unknown field \"%s\" of set_node; accepted: node, handling_usd_per_t, "
                         "throughput_t_per_period, storage_t, storage_usd_per_t_per_period",
                         k);
    }
    for (size_t j = 0; j < sizeof common / sizeof common[0]; j++)
        if (!strcmp(k, common[j]))
            return GF_OK;
    return edit_fail(err, i, k,
                     "unknown field \"%s\"; accepted: op, pct, mode, node, from, to, periods", k);
}

static int check_string(const json_t *e, const char *k, bool required, int i, gf_error *err)
{
    const json_t *v = json_object_get(e, k);

    if (!v && !required)
        return GF_OK;
    if (!json_is_string(v) || !json_string_length(v))
        return edit_fail(err, i, k, "%s must be a non-empty string (an id of the scenario)", k);
    return GF_OK;
}

static int check_numbers(const json_t *e, const char *op, int i, gf_error *err)
{
    const json_t *v;
    double d;

    if (strncmp(op, "scale_", 6) == 0) {
        v = json_object_get(e, "pct");
        if (!json_is_number(v) || json_number_value(v) < -100 || json_number_value(v) > 1000)
            return edit_fail(err, i, "pct", "%s must be a number from -100 to 1000", "pct");
    }
    if (strcmp(op, "set_node") != 0)
        return GF_OK;
    for (size_t j = 0; j < sizeof node_fields / sizeof node_fields[0]; j++) {
        v = json_object_get(e, node_fields[j]);
        if (!v || (json_is_null(v) && j == 1))
            continue;
        if (!json_is_number(v) || (d = json_number_value(v)) < 0 || d > 1e12)
            return edit_fail(err, i, node_fields[j], "%s must be a number from 0 to 1e12",
                             node_fields[j]);
    }
    return GF_OK;
}

static int check_periods(const json_t *e, int i, gf_error *err)
{
    const json_t *v = json_object_get(e, "periods");
    size_t j;
    json_t *p;

    if (!v)
        return GF_OK;
    if (!json_is_array(v) || json_array_size(v) > GF_MODEL_MAX_PERIODS)
        return edit_fail(err, i, "periods", "%s must be an array of period numbers (1-based)",
                         "periods");
    json_array_foreach(v, j, p) if (
        !json_is_integer(p) || json_integer_value(p) < 1 ||
        json_integer_value(p) >
            GF_MODEL_MAX_PERIODS) return edit_fail(err, i, "periods",
                                                   "%s must hold whole period numbers from 1",
                                                   "periods");
    return GF_OK;
}

static int check_edit(const json_t *e, int i, gf_error *err)
{
    const json_t *opv = json_object_get(e, "op");
    const char *op, *k;
    json_t *v;
    size_t n;
    int rc = GF_OK;

    if (!json_is_object(e))
        return edit_fail(err, i, "", "an edit must be an object with an \"op\"%s", "");
    if (!json_is_string(opv))
        return edit_fail(err, i, "op",
                         "%s must be one of scale_freight, set_node, scale_supply, "
                         "scale_demand, close_link, close_node",
                         "op");
    op = json_string_value(opv);
    for (n = 0; n < sizeof ops / sizeof ops[0] && strcmp(op, ops[n]); n++)
        ;
    if (n == sizeof ops / sizeof ops[0])
        return edit_fail(err, i, "op",
                         "unknown op \"%s\"; accepted: scale_freight, set_node, scale_supply, "
                         "scale_demand, close_link, close_node",
                         op);
    json_object_foreach((json_t *)e, k, v) if (!rc) rc = check_key(op, k, i, err);
    if (!rc)
        rc = check_numbers(e, op, i, err);
    if (!rc)
        rc = check_periods(e, i, err);
    if (!rc)
        rc = check_string(e, "node", !strcmp(op, "set_node") || !strcmp(op, "close_node"), i, err);
    if (!rc && !strcmp(op, "close_link"))
        rc = check_string(e, "from", true, i, err) || check_string(e, "to", true, i, err);
    if (!rc && json_object_get(e, "mode")) {
        v = json_object_get(e, "mode");
        if (!json_is_string(v) || gf_mode_parse(json_string_value(v)) < 0)
            rc = edit_fail(err, i, "mode", "%s must be one of rail, road, sea, ferry, river",
                           "mode");
    }
    return rc ? (err && err->code ? err->code : GF_EINVAL) : GF_OK;
}

static int check_tree(const json_t *edits, gf_error *err)
{
    size_t i;
    json_t *e;

    if (!json_is_array(edits)) {
        gf_fail(err, GF_EINVAL, "edits must be a JSON array of edit objects");
        gf_error_at(err, "edits", 0, 0);
        return GF_EINVAL;
    }
    if (json_array_size(edits) > GF_WHATIF_MAX_EDITS) {
        gf_fail(err, GF_ELIMIT, "at most %d edits per run (got %zu)", GF_WHATIF_MAX_EDITS,
                json_array_size(edits));
        gf_error_at(err, "edits", 0, 0);
        return GF_ELIMIT;
    }
    json_array_foreach(edits, i, e)
    {
        int rc = check_edit(e, (int)i, err);
        if (rc)
            return rc;
    }
    return GF_OK;
}

/* Parse edits text ("" or NULL = none) into a checked array in *out. */
static int parse_edits(const char *text, size_t len, json_t **out, gf_error *err)
{
    int rc;

    *out = NULL;
    if (!text || !len) {
        *out = json_array();
        return *out ? GF_OK : gf_fail(err, GF_ENOMEM, "out of memory");
    }
    *out = gf__scenario_parse(text, len, "edits", err);
    if (!*out)
        return err && err->code ? err->code : GF_EPARSE;
    rc = check_tree(*out, err);
    if (rc) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

int gf_whatif_check_edits(const char *edits_json, size_t len, gf_error *err)
{
    json_t *e = NULL;
    int rc = parse_edits(edits_json, len, &e, err);

    json_decref(e);
    return rc;
}

/* ---- figure edits on the JSON rows ---- */

static bool row_is(const json_t *row, const char *key, const char *want)
{
    const json_t *v = json_object_get(row, key);

    return !want || (json_is_string(v) && !strcmp(json_string_value(v), want));
}

/* Multiply column col of the rows of table where key = want (NULL: all). */
static int scale_rows(json_t *rows, const char *key, const char *want, const char *col,
                      double factor)
{
    size_t i;
    json_t *row;
    double d;

    json_array_foreach(rows, i, row)
    {
        json_t *v = json_object_get(row, col);
        if (json_is_object(row) && row_is(row, key, want) && v && num_of(v, &d) &&
            json_object_set_new(row, col, json_real(d * factor)))
            return GF_ENOMEM;
    }
    return GF_OK;
}

static json_t *find_node_row(json_t *root, const char *id)
{
    json_t *rows = json_object_get(root, "nodes");
    size_t i;
    json_t *row;

    json_array_foreach(rows, i, row) if (json_is_object(row) && row_is(row, "id", id)) return row;
    return NULL;
}

static int apply_set_node(edit_ctx *c, const json_t *e)
{
    const char *id = json_string_value(json_object_get(e, "node"));
    json_t *row = find_node_row(c->root, id);

    if (!row)
        return edit_fail(c->err, c->index, "node", "no node \"%s\" in the scenario", id);
    for (size_t j = 0; j < sizeof node_fields / sizeof node_fields[0]; j++) {
        json_t *v = json_object_get(e, node_fields[j]);
        if (v && json_object_set(row, node_fields[j], v))
            return gf_fail(c->err, GF_ENOMEM, "out of memory");
    }
    return GF_OK;
}

static int apply_figure_edit(edit_ctx *c, const json_t *e)
{
    const char *op = json_string_value(json_object_get(e, "op"));
    const char *node = json_string_value(json_object_get(e, "node"));
    double factor = 1 + json_number_value(json_object_get(e, "pct")) / 100.0;
    int rc = GF_OK;

    if (node && strcmp(op, "close_link") != 0 && !find_node_row(c->root, node))
        return edit_fail(c->err, c->index, "node", "no node \"%s\" in the scenario", node);
    if (!strcmp(op, "scale_freight"))
        rc = scale_rows(json_object_get(c->root, "links"), "mode",
                        json_string_value(json_object_get(e, "mode")), "cost_usd_per_t", factor);
    else if (!strcmp(op, "scale_supply"))
        rc = scale_rows(json_object_get(c->root, "supply"), "node", node, "t", factor);
    else if (!strcmp(op, "scale_demand"))
        rc = scale_rows(json_object_get(c->root, "demand"), "node", node, "t", factor);
    else if (!strcmp(op, "set_node"))
        rc = apply_set_node(c, e);
    return rc == GF_ENOMEM ? gf_fail(c->err, GF_ENOMEM, "out of memory") : rc;
}

/* ---- closures, resolved against the model ---- */

static int add_closure(gf_whatif *w, close_kind kind, int32_t ref, int32_t period, gf_error *err)
{
    if (w->n_close == w->cap_close) {
        int32_t cap = w->cap_close ? 2 * w->cap_close : 16;
        closure *p =
            gf_realloc(w->close, (size_t)w->cap_close * sizeof *p, (size_t)cap * sizeof *p);
        if (!p)
            return gf_fail(err, GF_ENOMEM, "out of memory");
        w->close = p;
        w->cap_close = cap;
    }
    w->close[w->n_close++] = (closure){kind, ref, period};
    return GF_OK;
}

static int add_periods(gf_whatif *w, close_kind kind, int32_t ref, const json_t *e, int i,
                       gf_error *err)
{
    const json_t *ps = json_object_get(e, "periods");
    int32_t np = gf_model_periods(w->model);
    size_t j;
    json_t *p;
    int rc = GF_OK;

    if (!ps)
        return add_closure(w, kind, ref, -1, err);
    json_array_foreach(ps, j, p)
    {
        if (json_integer_value(p) > np) {
            char got[32];
            snprintf(got, sizeof got, "%lld", (long long)json_integer_value(p));
            return edit_fail(err, i, "periods", "period %s is past the scenario's last period",
                             got);
        }
        rc = add_closure(w, kind, ref, (int32_t)json_integer_value(p) - 1, err);
        if (rc)
            return rc;
    }
    return rc;
}

static int resolve_link(gf_whatif *w, const json_t *e, int i, gf_error *err)
{
    const char *from = json_string_value(json_object_get(e, "from"));
    const char *to = json_string_value(json_object_get(e, "to"));
    const json_t *mv = json_object_get(e, "mode");
    int32_t u = gf_model_find_node(w->model, from), v = gf_model_find_node(w->model, to);
    int mode = mv ? gf_mode_parse(json_string_value(mv)) : -1;
    int found = 0, rc = GF_OK;

    if (u < 0)
        return edit_fail(err, i, "from", "no node \"%s\" in the scenario", from);
    if (v < 0)
        return edit_fail(err, i, "to", "no node \"%s\" in the scenario", to);
    for (int32_t l = 0; !rc && l < gf_model_link_count(w->model); l++) {
        const gf_link *lk = gf_model_link(w->model, l);
        if (lk->from == u && lk->to == v && (mode < 0 || (int)lk->mode == mode)) {
            rc = add_periods(w, CLOSE_LINK, l, e, i, err);
            found++;
        }
    }
    if (!rc && !found)
        return edit_fail(err, i, "to", "no link from %s to that node in the scenario", from);
    return rc;
}

static int resolve_closures(gf_whatif *w, const json_t *edits, gf_error *err)
{
    size_t i;
    json_t *e;

    json_array_foreach(edits, i, e)
    {
        const char *op = json_string_value(json_object_get(e, "op"));
        int rc = GF_OK;
        if (!strcmp(op, "close_link")) {
            rc = resolve_link(w, e, (int)i, err);
        } else if (!strcmp(op, "close_node")) {
            const char *id = json_string_value(json_object_get(e, "node"));
            int32_t n = gf_model_find_node(w->model, id);
            rc = n < 0 ? edit_fail(err, (int)i, "node", "no node \"%s\" in the scenario", id)
                       : add_periods(w, CLOSE_NODE, n, e, (int)i, err);
        }
        if (rc)
            return rc;
    }
    return GF_OK;
}

void gf_whatif_destroy(gf_whatif *w)
{
    if (!w)
        return;
    gf_model_destroy(w->model);
    gf_free(w->close, (size_t)w->cap_close * sizeof *w->close);
    gf_free(w, sizeof *w);
}

gf_whatif *gf_whatif_create(const char *scenario_json, size_t scenario_len, const char *edits_json,
                            size_t edits_len, gf_error *err)
{
    json_t *root = NULL, *edits = NULL, *e;
    gf_whatif *w = NULL;
    edit_ctx ctx = {0};
    size_t i;
    int rc;

    root = gf__scenario_parse(scenario_json, scenario_len, "scenario JSON", err);
    rc = root ? parse_edits(edits_json, edits_len, &edits, err) : GF_EPARSE;
    if (!rc && !json_is_object(root))
        rc = gf_fail(err, GF_EPARSE, "a scenario must be a JSON object of tables");
    ctx = (edit_ctx){root, 0, err};
    json_array_foreach(edits, i, e)
    {
        if (rc)
            break;
        ctx.index = (int)i;
        rc = apply_figure_edit(&ctx, e);
    }
    if (!rc) {
        w = gf_calloc(1, sizeof *w);
        rc = w ? GF_OK : gf_fail(err, GF_ENOMEM, "out of memory");
    }
    if (!rc) {
        w->model = gf__scenario_read_tree(root, err);
        rc = w->model ? GF_OK : (err && err->code ? err->code : GF_EINVAL);
    }
    if (!rc)
        rc = resolve_closures(w, edits, err);
    json_decref(edits);
    json_decref(root);
    if (rc) {
        gf_whatif_destroy(w);
        return NULL;
    }
    return w;
}

const gf_model *gf_whatif_model(const gf_whatif *w)
{
    return w ? w->model : NULL;
}

/* ---- solving with closures ---- */

static int apply_closures(const gf_whatif *w, gf_network *net, gf_error *err)
{
    int rc = GF_OK;

    for (int32_t i = 0; !rc && i < w->n_close; i++) {
        const closure *c = &w->close[i];
        rc = c->kind == CLOSE_LINK ? gf_network_close_link(net, c->ref, c->period, err)
                                   : gf_network_close_node(net, c->ref, c->period, err);
    }
    return rc;
}

gf_plan *gf_whatif_solve(const gf_whatif *w, gf_error *err)
{
    gf_network *net = NULL;
    gf_plan *p = NULL;

    if (!w) {
        gf_fail(err, GF_EINVAL, "gf_whatif_solve: NULL argument");
        return NULL;
    }
    net = gf_network_build(w->model, err);
    if (net && !apply_closures(w, net, err))
        p = gf_plan_solve_network(net, err);
    gf_network_destroy(net);
    return p;
}
