/* src/sweep/sweep_spec.c: parse a sweep spec (JSON) and resolve it against a model.
 *
 * The form is described at the top of include/grainflow/sweep.h. Parsing
 * is all or nothing; an error names the field by JSON pointer in
 * err->input ("/parameters/1/how/max") and says what is accepted. Ids are
 * resolved here once: a parameter's targets become link, supply-row,
 * demand-row or node indices, an event's closures node or link indices and
 * 0-based periods, so a worker applies a run without looking anything up.
 * The version-2 parameters (hub_fixed, subsidy, "product" on supply,
 * demand and alt_price rows) are refused on a version-1 scenario with
 * "needs a version-2 scenario", naming the field; on a version-2 one they
 * resolve to hub options, links and rows, and the sweep's runs go to
 * sweep_v2.c (gf_site_solve on a model built per run).
 * SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_int.h"
#include "grainflow/alloc.h"
#include "sweep/sweep_int.h"

struct sw_block {
    sw_block *next;
    size_t size;
};

void *gf__sweep_alloc(gf_sweep *s, size_t size)
{
    sw_block *b = gf_calloc(1, sizeof *b + size + 8);

    if (!b)
        return NULL;
    b->size = size;
    b->next = s->blocks;
    s->blocks = b;
    return (char *)b + ((sizeof *b + 7) / 8) * 8;
}

char *gf__sweep_strdup(gf_sweep *s, const char *text)
{
    size_t n = strlen(text) + 1;
    char *d = gf__sweep_alloc(s, n);

    if (d)
        memcpy(d, text, n);
    return d;
}

void gf_sweep_destroy(gf_sweep *s)
{
    if (!s)
        return;
    while (s->blocks) {
        sw_block *b = s->blocks;
        s->blocks = b->next;
        gf_free(b, sizeof *b + b->size + 8);
    }
    gf_free(s, sizeof *s);
}

static int spec_fail(gf_error *err, const char *ptr, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int spec_fail(gf_error *err, const char *ptr, int code, const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    gf_fail(err, code, "%s", msg);
    gf_error_at(err, ptr[0] ? ptr : "/", 0, 0);
    return code;
}

/* ptr + "/" + key into buf. */
static const char *sub(char *buf, size_t size, const char *ptr, const char *key)
{
    if (snprintf(buf, size, "%s/%s", ptr, key) >= (int)size) /* cut: still names the field */
        buf[size - 1] = '\0';
    return buf;
}

static const char *subi(char *buf, size_t size, const char *ptr, size_t i)
{
    if (snprintf(buf, size, "%s/%zu", ptr, i) >= (int)size)
        buf[size - 1] = '\0';
    return buf;
}

/* A number (integer or real) at key of o into *v; absent: *v untouched and
 * GF_OK when optional. */
static int get_number(const json_t *o, const char *key, const char *ptr, bool optional, double *v,
                      gf_error *err)
{
    char where[160];
    const json_t *j = json_object_get(o, key);

    if (!j && optional)
        return GF_OK;
    if (!j)
        return spec_fail(err, sub(where, sizeof where, ptr, key), GF_EINVAL,
                         "%s is required (a number)", key);
    if (!json_is_number(j) || !isfinite(json_number_value(j)))
        return spec_fail(err, sub(where, sizeof where, ptr, key), GF_EINVAL,
                         "%s must be a finite number", key);
    *v = json_number_value(j);
    return GF_OK;
}

static int get_string(const json_t *o, const char *key, const char *ptr, const char **v,
                      gf_error *err)
{
    char where[160];
    const json_t *j = json_object_get(o, key);

    *v = NULL;
    if (!j || json_is_null(j))
        return GF_OK;
    if (!json_is_string(j) || !json_string_length(j))
        return spec_fail(err, sub(where, sizeof where, ptr, key), GF_EINVAL,
                         "%s must be a non-empty string", key);
    *v = json_string_value(j);
    return GF_OK;
}

/* Refuse keys of o outside allowed (NULL-terminated): a typo must not be
 * ignored silently. */
static int check_keys(const json_t *o, const char *ptr, const char *const *allowed, gf_error *err)
{
    const char *key;
    json_t *v;
    char where[160];

    json_object_foreach((json_t *)o, key, v)
    {
        bool ok = false;
        for (int i = 0; allowed[i] && !ok; i++)
            ok = strcmp(key, allowed[i]) == 0;
        (void)v;
        if (!ok) {
            char list[200] = "";
            for (int i = 0; allowed[i]; i++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                         allowed[i]);
            return spec_fail(err, sub(where, sizeof where, ptr, key), GF_EINVAL,
                             "unknown key \"%s\"; the keys here are %s", key, list);
        }
    }
    return GF_OK;
}

/* ---- how ---- */

static const char *const dist_names[] = {"fixed",  "list",      "uniform", "triangular",
                                         "normal", "lognormal", "discrete"};

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* values (and weights) of a list or discrete distribution. */
static int parse_values(gf_sweep *s, sw_param *p, const json_t *how, const char *ptr, gf_error *err)
{
    char where[160], w2[176];
    const json_t *vals = json_object_get(how, "values"), *wts = json_object_get(how, "weights");
    size_t n = json_array_size(vals);
    double total = 0, run = 0;

    if (!json_is_array(vals) || n == 0 || n > 10000)
        return spec_fail(err, sub(where, sizeof where, ptr, "values"), GF_EINVAL,
                         "values must be an array of 1..10000 numbers");
    if (p->dist == SW_DISCRETE && (!json_is_array(wts) || json_array_size(wts) != n))
        return spec_fail(err, sub(where, sizeof where, ptr, "weights"), GF_EINVAL,
                         "weights must be an array of as many numbers as values (%zu)", n);
    p->n_values = (int32_t)n;
    p->values = gf__sweep_alloc(s, n * sizeof(double));
    p->cum = gf__sweep_alloc(s, n * sizeof(double));
    p->sorted = gf__sweep_alloc(s, 2 * n * sizeof(double));
    p->sorted_cum = gf__sweep_alloc(s, n * sizeof(double));
    if (!p->values || !p->cum || !p->sorted || !p->sorted_cum)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const json_t *v = json_array_get(vals, i);
        double w = 1;
        if (!json_is_number(v) || !isfinite(json_number_value(v)))
            return spec_fail(err, subi(w2, sizeof w2, sub(where, sizeof where, ptr, "values"), i),
                             GF_EINVAL, "values must be finite numbers");
        if (p->dist == SW_DISCRETE) {
            const json_t *wj = json_array_get(wts, i);
            w = json_is_number(wj) ? json_number_value(wj) : -1;
            if (!(w >= 0) || !isfinite(w))
                return spec_fail(err,
                                 subi(w2, sizeof w2, sub(where, sizeof where, ptr, "weights"), i),
                                 GF_EINVAL, "weights must be numbers >= 0");
        }
        p->values[i] = gf__sweep_round(p, json_number_value(v));
        total += w;
        p->cum[i] = w;
        p->sorted[2 * i] = p->values[i];
        p->sorted[2 * i + 1] = w;
    }
    if (!(total > 0))
        return spec_fail(err, sub(where, sizeof where, ptr, "weights"), GF_EINVAL,
                         "weights must add up to more than 0");
    for (size_t i = 0; i < n; i++)
        p->cum[i] = (run += p->cum[i]) / total;
    qsort(p->sorted, n, 2 * sizeof(double), cmp_double);
    run = 0;
    for (size_t i = 0; i < n; i++) {
        p->sorted_cum[i] = (run += p->sorted[2 * i + 1]) / total;
        p->sorted[i] = p->sorted[2 * i];
    }
    return GF_OK;
}

static int parse_how(gf_sweep *s, sw_param *p, const json_t *how, const char *ptr, gf_error *err)
{
    static const char *const keys[] = {"dist", "value", "values", "weights", "min",  "mode", "max",
                                       "mean", "sd",    "mu",     "sigma",   "base", NULL};
    const char *d = NULL;
    char where[160];
    int rc;

    if (!json_is_object(how))
        return spec_fail(err, ptr, GF_EINVAL,
                         "how must be an object such as {\"dist\": \"uniform\", \"min\": 0.9, "
                         "\"max\": 1.1}");
    rc = check_keys(how, ptr, keys, err);
    if (!rc)
        rc = get_string(how, "dist", ptr, &d, err);
    if (rc)
        return rc;
    p->dist = (sw_dist)-1;
    for (int i = 0; d && i < 7; i++)
        if (strcmp(d, dist_names[i]) == 0)
            p->dist = (sw_dist)i;
    if ((int)p->dist < 0)
        return spec_fail(err, sub(where, sizeof where, ptr, "dist"), GF_EINVAL,
                         "dist must be one of fixed, list, uniform, triangular, normal, "
                         "lognormal, discrete%s%s%s",
                         d ? " (got \"" : "", d ? d : "", d ? "\")" : "");
    switch (p->dist) {
    case SW_FIXED:
        rc = get_number(how, "value", ptr, false, &p->a, err);
        p->a = gf__sweep_round(p, p->a);
        break;
    case SW_LIST:
    case SW_DISCRETE:
        rc = parse_values(s, p, how, ptr, err);
        break;
    case SW_UNIFORM:
        rc = get_number(how, "min", ptr, false, &p->a, err);
        if (!rc)
            rc = get_number(how, "max", ptr, false, &p->b, err);
        if (!rc && !(p->a <= p->b))
            rc = spec_fail(err, sub(where, sizeof where, ptr, "max"), GF_EINVAL,
                           "max must be >= min (%g)", p->a);
        break;
    case SW_TRIANGULAR:
        rc = get_number(how, "min", ptr, false, &p->a, err);
        if (!rc)
            rc = get_number(how, "mode", ptr, false, &p->b, err);
        if (!rc)
            rc = get_number(how, "max", ptr, false, &p->c, err);
        if (!rc && !(p->a <= p->b && p->b <= p->c && p->a < p->c))
            rc = spec_fail(err, sub(where, sizeof where, ptr, "mode"), GF_EINVAL,
                           "a triangular needs min <= mode <= max and min < max");
        break;
    case SW_NORMAL:
    case SW_LOGNORMAL:
        rc = get_number(how, p->dist == SW_NORMAL ? "mean" : "mu", ptr, false, &p->a, err);
        if (!rc)
            rc = get_number(how, p->dist == SW_NORMAL ? "sd" : "sigma", ptr, false, &p->b, err);
        if (!rc && !(p->b >= 0))
            rc =
                spec_fail(err, sub(where, sizeof where, ptr, p->dist == SW_NORMAL ? "sd" : "sigma"),
                          GF_EINVAL, "the spread must be >= 0");
        break;
    }
    if (rc)
        return rc;
    p->base = gf_sweep_param_quantile(s, (int32_t)(p - s->params), 0.5);
    rc = get_number(how, "base", ptr, true, &p->base, err);
    p->base = gf__sweep_round(p, p->base);
    return rc;
}

/* ---- what ---- */

static const char *const what_names[] = {"link_cost", "supply",    "demand", "alt_price",
                                         "handling",  "hub_fixed", "subsidy"};

/* The node ids of array key (required or not) as indices; *n 0 when absent. */
static int parse_nodes(gf_sweep *s, const json_t *o, const char *key, const char *ptr,
                       int32_t **out, int32_t *n, gf_error *err)
{
    char where[160], w2[176];
    const json_t *a = json_object_get(o, key);

    *n = 0;
    if (!a)
        return GF_OK;
    if (!json_is_array(a) || json_array_size(a) == 0 || json_array_size(a) > 100000)
        return spec_fail(err, sub(where, sizeof where, ptr, key), GF_EINVAL,
                         "%s must be a non-empty array of node ids", key);
    *out = gf__sweep_alloc(s, json_array_size(a) * sizeof(int32_t));
    if (!*out)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    for (size_t i = 0; i < json_array_size(a); i++) {
        const char *id = json_string_value(json_array_get(a, i));
        int32_t ix = id ? gf_model_find_node(s->model, id) : -1;
        if (ix < 0)
            return spec_fail(err, subi(w2, sizeof w2, sub(where, sizeof where, ptr, key), i),
                             GF_EINVAL, "%s%s%s is not a node of the scenario (nodes.csv)",
                             id ? "\"" : "", id ? id : "a non-string", id ? "\"" : "");
        (*out)[(*n)++] = ix;
    }
    return GF_OK;
}

static bool in_list(const int32_t *a, int32_t n, int32_t v)
{
    for (int32_t i = 0; i < n; i++)
        if (a[i] == v)
            return true;
    return false;
}

/* A {"from", "to", "mode"} object: does link l match it? *bad: not such an object. */
static int link_ref(const gf_model *m, const json_t *o, const char *ptr, int32_t *from, int32_t *to,
                    int *mode, gf_error *err)
{
    char where[160];
    const char *f = json_string_value(json_object_get(o, "from"));
    const char *t = json_string_value(json_object_get(o, "to"));
    const char *md = json_string_value(json_object_get(o, "mode"));

    if (!json_is_object(o) || !f || !t)
        return spec_fail(err, ptr, GF_EINVAL,
                         "a link is {\"from\": ID, \"to\": ID, \"mode\": MODE (optional)}");
    *from = gf_model_find_node(m, f);
    *to = gf_model_find_node(m, t);
    *mode = md ? gf_mode_parse(md) : -1;
    if (*from < 0 || *to < 0)
        return spec_fail(err, sub(where, sizeof where, ptr, *from < 0 ? "from" : "to"), GF_EINVAL,
                         "\"%s\" is not a node of the scenario", *from < 0 ? f : t);
    if (md && *mode < 0)
        return spec_fail(err, sub(where, sizeof where, ptr, "mode"), GF_EINVAL,
                         "mode must be rail, road, sea, ferry or river (got \"%s\")", md);
    return GF_OK;
}

static bool link_is(const gf_link *lk, int32_t from, int32_t to, int mode)
{
    return lk->from == from && lk->to == to && (mode < 0 || (int)lk->mode == mode);
}

/* "vessel_class": [NAME, ...]: non-empty strings. */
static int check_classes(const json_t *a, const char *ptr, gf_error *err)
{
    char where[160], w2[176];

    for (size_t i = 0; i < json_array_size(a); i++) {
        const json_t *v = json_array_get(a, i);
        if (!json_is_string(v) || !json_string_length(v))
            return spec_fail(err,
                             subi(w2, sizeof w2, sub(where, sizeof where, ptr, "vessel_class"), i),
                             GF_EINVAL, "vessel_class must be a name or an array of names");
    }
    return json_array_size(a) ? GF_OK
                              : spec_fail(err, sub(where, sizeof where, ptr, "vessel_class"),
                                          GF_EINVAL, "vessel_class must not be an empty array");
}

static bool class_listed(const json_t *a, const char *vc)
{
    for (size_t i = 0; i < json_array_size(a); i++)
        if (strcmp(json_string_value(json_array_get(a, i)), vc) == 0)
            return true;
    return false;
}

/* Links by mode, vessel class (one, or any of a list) and an explicit list
 * (all when none given). */
static int resolve_links(gf_sweep *s, sw_param *p, const json_t *o, const char *ptr, gf_error *err)
{
    const gf_model *m = s->model;
    const char *md = NULL, *vc = NULL;
    const json_t *list = json_object_get(o, "links");
    int32_t nl = gf_model_link_count(m);
    char where[160], w2[176];
    int mode = -1, rc = get_string(o, "mode", ptr, &md, err);

    const json_t *vcs = json_object_get(o, "vessel_class");

    if (!rc && json_is_array(vcs)) /* several classes: a link of any of them */
        rc = check_classes(vcs, ptr, err);
    else if (!rc)
        rc = get_string(o, "vessel_class", ptr, &vc, err);
    if (rc)
        return rc;
    if (md && (mode = gf_mode_parse(md)) < 0)
        return spec_fail(err, sub(where, sizeof where, ptr, "mode"), GF_EINVAL,
                         "mode must be rail, road, sea, ferry or river (got \"%s\")", md);
    if (list && (!json_is_array(list) || json_array_size(list) == 0))
        return spec_fail(err, sub(where, sizeof where, ptr, "links"), GF_EINVAL,
                         "links must be a non-empty array of {\"from\", \"to\", \"mode\"}");
    p->targets = gf__sweep_alloc(s, (size_t)nl * sizeof(int32_t) + 1);
    if (!p->targets)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    for (size_t j = 0; list && j < json_array_size(list); j++) {
        int32_t f, t;
        int lm;
        bool any = false;
        rc = link_ref(m, json_array_get(list, j),
                      subi(w2, sizeof w2, sub(where, sizeof where, ptr, "links"), j), &f, &t, &lm,
                      err);
        for (int32_t l = 0; !rc && l < nl; l++)
            any = any || link_is(gf_model_link(m, l), f, t, lm);
        if (!rc && !any)
            rc = spec_fail(err, w2, GF_EINVAL, "no link of the scenario (links.csv) matches");
        if (rc)
            return rc;
    }
    for (int32_t l = 0; l < nl; l++) {
        const gf_link *lk = gf_model_link(m, l);
        bool ok = (mode < 0 || (int)lk->mode == mode) &&
                  (!vc || strcmp(lk->vessel_class, vc) == 0) &&
                  (!json_is_array(vcs) || class_listed(vcs, lk->vessel_class));
        bool listed = !list;
        for (size_t j = 0; ok && !listed && j < json_array_size(list); j++) {
            int32_t f, t;
            int lm;
            link_ref(m, json_array_get(list, j), "", &f, &t, &lm, NULL);
            listed = link_is(lk, f, t, lm);
        }
        if (ok && listed)
            p->targets[p->n_targets++] = l;
    }
    if (p->n_targets == 0)
        return spec_fail(err, ptr, GF_EINVAL,
                         "this parameter selects no link (mode %s, vessel_class %s)",
                         md ? md : "any", vc ? vc : "any");
    return GF_OK;
}

/* Supply or demand rows at the nodes of key (all rows when absent). */
static int resolve_rows(gf_sweep *s, sw_param *p, const json_t *o, const char *ptr, const char *key,
                        bool demand, gf_error *err)
{
    const gf_model *m = s->model;
    int32_t *nodes = NULL, n_nodes = 0;
    int32_t rows = demand ? gf_model_demand_count(m) : gf_model_supply_count(m);
    char where[160], w2[176];
    int rc = parse_nodes(s, o, key, ptr, &nodes, &n_nodes, err);

    if (rc)
        return rc;
    p->targets = gf__sweep_alloc(s, (size_t)rows * sizeof(int32_t) + 1);
    if (!p->targets)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    for (int32_t k = 0; k < n_nodes; k++) {
        bool any = false;
        for (int32_t r = 0; r < rows && !any; r++)
            any = (demand ? gf_model_demand(m, r)->node : gf_model_supply(m, r)->node) == nodes[k];
        if (!any)
            return spec_fail(err,
                             subi(w2, sizeof w2, sub(where, sizeof where, ptr, key), (size_t)k),
                             GF_EINVAL, "node %s has no %s rows", gf_model_node(m, nodes[k])->id,
                             demand ? "demand" : "supply");
    }
    for (int32_t r = 0; r < rows; r++) {
        int32_t node = demand ? gf_model_demand(m, r)->node : gf_model_supply(m, r)->node;
        if (!n_nodes || in_list(nodes, n_nodes, node))
            p->targets[p->n_targets++] = r;
    }
    if (p->n_targets == 0)
        return spec_fail(err, ptr, GF_EINVAL, "the scenario has no %s rows",
                         demand ? "demand" : "supply");
    return GF_OK;
}

/* Hub options at the hub facility nodes of "nodes" (all when absent). */
static int resolve_hub_options(gf_sweep *s, sw_param *p, const json_t *o, const char *ptr,
                               gf_error *err)
{
    const gf_model *m = s->model;
    int32_t *nodes = NULL, n_nodes = 0, n_opts = gf_model_hub_option_count(m);
    char where[160], w2[176];
    int rc = parse_nodes(s, o, "nodes", ptr, &nodes, &n_nodes, err);

    for (int32_t k = 0; !rc && k < n_nodes; k++)
        if (!gf_model_is_hub(m, nodes[k]))
            rc = spec_fail(err,
                           subi(w2, sizeof w2, sub(where, sizeof where, ptr, "nodes"), (size_t)k),
                           GF_EINVAL, "node %s is not a hub facility (it has no rows in hubs.csv)",
                           gf_model_node(m, nodes[k])->id);
    if (rc)
        return rc;
    p->targets = gf__sweep_alloc(s, (size_t)n_opts * sizeof(int32_t) + 1);
    if (!p->targets)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    for (int32_t i = 0; i < n_opts; i++)
        if (!n_nodes || in_list(nodes, n_nodes, gf_model_hub_option(m, i)->node))
            p->targets[p->n_targets++] = i;
    if (p->n_targets == 0)
        return spec_fail(err, sub(where, sizeof where, ptr, "what"), GF_EINVAL,
                         "the scenario has no hub options (hubs.csv)");
    return GF_OK;
}

/* Keep the rows of p->targets whose product is "product" (when given). */
static int filter_product(gf_sweep *s, sw_param *p, const json_t *o, const char *ptr, bool demand,
                          gf_error *err)
{
    const char *id = NULL;
    char where[160];
    int32_t prod, n = 0;
    int rc = get_string(o, "product", ptr, &id, err);

    if (rc || !id)
        return rc;
    prod = gf_model_find_product(s->model, id);
    if (prod < 0)
        return spec_fail(err, sub(where, sizeof where, ptr, "product"), GF_EINVAL,
                         "\"%s\" is not a product of the scenario (products.csv, or the products "
                         "of supply.csv and demand.csv)",
                         id);
    for (int32_t i = 0; i < p->n_targets; i++) {
        int32_t r = p->targets[i];
        if ((demand ? gf_model_demand(s->model, r)->product
                    : gf_model_supply(s->model, r)->product) == prod)
            p->targets[n++] = r;
    }
    p->n_targets = n;
    if (n == 0)
        return spec_fail(err, sub(where, sizeof where, ptr, "product"), GF_EINVAL,
                         "no %s row of the rows chosen is of product %s",
                         demand ? "demand" : "supply", id);
    return GF_OK;
}

static int parse_param(gf_sweep *s, sw_param *p, const json_t *o, const char *ptr, gf_error *err)
{
    static const char *const keys[] = {"name",         "what",    "op",      "mode",
                                       "vessel_class", "links",   "origins", "markets",
                                       "nodes",        "product", "how",     NULL};
    const char *name = NULL, *what = NULL, *op = NULL;
    char where[160];
    int rc;

    if (!json_is_object(o))
        return spec_fail(err, ptr, GF_EINVAL, "a parameter must be an object");
    rc = get_string(o, "what", ptr, &what, err);
    if (!rc && what && !s->v2 &&
        (strcmp(what, "hub_fixed") == 0 || strcmp(what, "subsidy") == 0 ||
         json_object_get(o, "product")))
        return spec_fail(
            err, sub(where, sizeof where, ptr, json_object_get(o, "product") ? "product" : "what"),
            GF_EINVAL,
            "%s needs a version-2 scenario (hub options in hubs.csv, subsidy_usd_per_t, "
            "several products); this scenario is version 1",
            json_object_get(o, "product") ? "a parameter by product" : what);
    if (!rc)
        rc = check_keys(o, ptr, keys, err);
    if (!rc)
        rc = get_string(o, "name", ptr, &name, err);
    if (!rc)
        rc = get_string(o, "op", ptr, &op, err);
    if (rc)
        return rc;
    if (!name)
        return spec_fail(err, sub(where, sizeof where, ptr, "name"), GF_EINVAL,
                         "name is required: it heads the parameter's column in runs.csv");
    p->what = (sw_what)-1;
    for (int i = 0; what && i < 7; i++)
        if (strcmp(what, what_names[i]) == 0)
            p->what = (sw_what)i;
    if ((int)p->what < 0)
        return spec_fail(err, sub(where, sizeof where, ptr, "what"), GF_EINVAL,
                         "what must be link_cost, supply, demand, alt_price, handling, "
                         "hub_fixed or subsidy (the last two on a version-2 scenario)");
    if (op && strcmp(op, "multiply") != 0 && strcmp(op, "add") != 0 && strcmp(op, "set") != 0)
        return spec_fail(err, sub(where, sizeof where, ptr, "op"), GF_EINVAL,
                         "op must be multiply, add or set (got \"%s\")", op);
    p->add = op && strcmp(op, "add") == 0;
    p->set = op && strcmp(op, "set") == 0;
    if (p->set && p->what != SW_HUB_FIXED && p->what != SW_SUBSIDY)
        return spec_fail(err, sub(where, sizeof where, ptr, "op"), GF_EINVAL,
                         "op set is for hub_fixed (USD per year) and subsidy (USD per t): use "
                         "multiply or add here");
    if (json_object_get(o, "product") && p->what != SW_SUPPLY && p->what != SW_DEMAND &&
        p->what != SW_ALT_PRICE)
        return spec_fail(err, sub(where, sizeof where, ptr, "product"), GF_EINVAL,
                         "product chooses supply, demand or alt_price rows; %s has none", what);
    if (p->add && (p->what == SW_SUPPLY || p->what == SW_DEMAND))
        return spec_fail(err, sub(where, sizeof where, ptr, "op"), GF_EINVAL,
                         "tonnes are only multiplied: use op multiply for supply and demand");
    p->name = gf__sweep_strdup(s, name);
    if (!p->name)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    switch (p->what) {
    case SW_LINK_COST:
        rc = resolve_links(s, p, o, ptr, err);
        break;
    case SW_SUPPLY:
        rc = resolve_rows(s, p, o, ptr, "origins", false, err);
        if (!rc)
            rc = filter_product(s, p, o, ptr, false, err);
        break;
    case SW_DEMAND:
    case SW_ALT_PRICE:
        rc = resolve_rows(s, p, o, ptr, "markets", true, err);
        if (!rc)
            rc = filter_product(s, p, o, ptr, true, err);
        break;
    case SW_SUBSIDY:
        rc = resolve_links(s, p, o, ptr, err);
        break;
    case SW_HUB_FIXED:
        rc = resolve_hub_options(s, p, o, ptr, err);
        break;
    case SW_HANDLING:
        rc = parse_nodes(s, o, "nodes", ptr, &p->targets, &p->n_targets, err);
        if (!rc && p->n_targets == 0)
            rc = spec_fail(err, sub(where, sizeof where, ptr, "nodes"), GF_EINVAL,
                           "nodes is required for handling: the nodes whose fee varies");
        break;
    }
    if (!rc)
        rc = parse_how(s, p, json_object_get(o, "how"), sub(where, sizeof where, ptr, "how"), err);
    return rc;
}

/* ---- events ---- */

/* "periods": [3, "10-17"] (1-based) into 0-based c->periods. */
static int parse_periods(gf_sweep *s, sw_close *c, const json_t *a, const char *ptr, gf_error *err)
{
    int32_t np = gf_model_periods(s->model);
    char w2[176];

    if (!a)
        return GF_OK;
    if (!json_is_array(a) || json_array_size(a) == 0)
        return spec_fail(
            err, ptr, GF_EINVAL,
            "periods must be a non-empty array of periods (1-based) or \"a-b\" ranges");
    c->periods = gf__sweep_alloc(s, (size_t)np * sizeof(int32_t));
    if (!c->periods)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    for (size_t i = 0; i < json_array_size(a); i++) {
        const json_t *v = json_array_get(a, i);
        long lo = -1, hi = -1;
        if (json_is_integer(v))
            lo = hi = (long)json_integer_value(v);
        else if (json_is_string(v) && sscanf(json_string_value(v), "%ld-%ld", &lo, &hi) != 2)
            lo = -1;
        if (lo < 1 || hi < lo || hi > np)
            return spec_fail(err, subi(w2, sizeof w2, ptr, i), GF_EINVAL,
                             "a period must be 1..%d, or a range \"a-b\" within it", (int)np);
        for (long t = lo; t <= hi; t++)
            if (!in_list(c->periods, c->n_periods, (int32_t)(t - 1)))
                c->periods[c->n_periods++] = (int32_t)(t - 1);
    }
    return GF_OK;
}

static int parse_close(gf_sweep *s, sw_close *c, const json_t *o, const char *ptr, gf_error *err)
{
    static const char *const keys[] = {"node", "link", "periods", NULL};
    const gf_model *m = s->model;
    const char *node = NULL;
    char where[160];
    int rc;

    if (!json_is_object(o))
        return spec_fail(err, ptr, GF_EINVAL,
                         "a closure is {\"node\": ID} or {\"link\": {\"from\", \"to\", \"mode\"}}, "
                         "with \"periods\"");
    rc = check_keys(o, ptr, keys, err);
    if (!rc)
        rc = get_string(o, "node", ptr, &node, err);
    if (rc)
        return rc;
    if (node) {
        c->is_node = true;
        c->ref = gf_model_find_node(m, node);
        if (c->ref < 0)
            return spec_fail(err, sub(where, sizeof where, ptr, "node"), GF_EINVAL,
                             "\"%s\" is not a node of the scenario (nodes.csv)", node);
    } else {
        int32_t f, t, n_match = 0;
        int mode;
        rc = link_ref(m, json_object_get(o, "link"), sub(where, sizeof where, ptr, "link"), &f, &t,
                      &mode, err);
        for (int32_t l = 0; !rc && l < gf_model_link_count(m); l++)
            if (link_is(gf_model_link(m, l), f, t, mode) && n_match++ == 0)
                c->ref = l;
        if (!rc && n_match != 1)
            rc = spec_fail(err, where, GF_EINVAL,
                           n_match ? "%d links match: give \"mode\" to pick one"
                                   : "no link of the scenario matches (%d)",
                           (int)n_match);
        if (rc)
            return rc;
    }
    return parse_periods(s, c, json_object_get(o, "periods"),
                         sub(where, sizeof where, ptr, "periods"), err);
}

static int parse_event(gf_sweep *s, sw_event *e, const json_t *o, const char *ptr, gf_error *err)
{
    static const char *const keys[] = {"name", "p", "close", NULL};
    const json_t *cl = json_object_get(o, "close");
    const char *name = NULL;
    char where[160], w2[176];
    int rc;

    if (!json_is_object(o))
        return spec_fail(err, ptr, GF_EINVAL, "an event must be an object");
    rc = check_keys(o, ptr, keys, err);
    if (!rc)
        rc = get_string(o, "name", ptr, &name, err);
    if (!rc && !name)
        rc = spec_fail(err, sub(where, sizeof where, ptr, "name"), GF_EINVAL,
                       "name is required: it heads the event's column in runs.csv");
    if (!rc)
        rc = get_number(o, "p", ptr, false, &e->p, err);
    if (!rc && !(e->p >= 0 && e->p <= 1))
        rc = spec_fail(err, sub(where, sizeof where, ptr, "p"), GF_EINVAL,
                       "p is a probability: 0..1 (got %g)", e->p);
    if (!rc && (!json_is_array(cl) || json_array_size(cl) == 0 || json_array_size(cl) > 1000))
        rc = spec_fail(err, sub(where, sizeof where, ptr, "close"), GF_EINVAL,
                       "close must be an array of 1..1000 closures");
    if (rc)
        return rc;
    e->name = gf__sweep_strdup(s, name);
    e->close = gf__sweep_alloc(s, json_array_size(cl) * sizeof *e->close);
    if (!e->name || !e->close)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < json_array_size(cl); i++)
        rc = parse_close(s, &e->close[e->n_close++], json_array_get(cl, i),
                         subi(w2, sizeof w2, sub(where, sizeof where, ptr, "close"), i), err);
    return rc;
}

/* ---- the spec ---- */

static int parse_array(gf_sweep *s, const json_t *root, const char *key, int32_t max, gf_error *err)
{
    const json_t *a = json_object_get(root, key);
    bool params = strcmp(key, "parameters") == 0;
    char where[64];
    int rc = GF_OK;

    if (!a)
        return GF_OK;
    snprintf(where, sizeof where, "/%s", key);
    if (!json_is_array(a) || json_array_size(a) > (size_t)max)
        return spec_fail(err, where, json_is_array(a) ? GF_ELIMIT : GF_EINVAL,
                         "%s must be an array of at most %d objects", key, (int)max);
    if (params)
        s->params = gf__sweep_alloc(s, json_array_size(a) * sizeof *s->params + 1);
    else
        s->events = gf__sweep_alloc(s, json_array_size(a) * sizeof *s->events + 1);
    if (params ? !s->params : !s->events)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < json_array_size(a); i++) {
        char w2[80];
        subi(w2, sizeof w2, where, i);
        if (params)
            rc = parse_param(s, &s->params[s->n_params++], json_array_get(a, i), w2, err);
        else
            rc = parse_event(s, &s->events[s->n_events++], json_array_get(a, i), w2, err);
    }
    return rc;
}

/* Names must be unique: they head columns. */
static int check_names(const gf_sweep *s, gf_error *err)
{
    int32_t n = s->n_params + s->n_events;

    for (int32_t i = 0; i < n; i++)
        for (int32_t j = 0; j < i; j++) {
            const char *a = i < s->n_params ? s->params[i].name : s->events[i - s->n_params].name;
            const char *b = j < s->n_params ? s->params[j].name : s->events[j - s->n_params].name;
            char where[64];
            if (strcmp(a, b) != 0)
                continue;
            if (i < s->n_params)
                snprintf(where, sizeof where, "/parameters/%d/name", (int)i);
            else
                snprintf(where, sizeof where, "/events/%d/name", (int)(i - s->n_params));
            return spec_fail(err, where, GF_EINVAL, "name \"%s\" is used twice", a);
        }
    return GF_OK;
}

/* The grid: every list parameter is one axis, the first varying fastest. */
static int set_runs(gf_sweep *s, const json_t *root, gf_error *err)
{
    const json_t *runs = json_object_get(root, "runs"), *seed = json_object_get(root, "seed");
    bool random = false;

    s->grid = 1;
    for (int32_t i = 0; i < s->n_params; i++) {
        sw_param *p = &s->params[i];
        random = random || (p->dist != SW_FIXED && p->dist != SW_LIST);
        if (p->dist != SW_LIST)
            continue;
        p->grid_step = s->grid;
        if (s->grid > GF_SWEEP_MAX_RUNS / p->n_values)
            return spec_fail(err, "/parameters", GF_ELIMIT, "the grid has more than %lld cells",
                             (long long)GF_SWEEP_MAX_RUNS);
        s->grid *= p->n_values;
    }
    for (int32_t i = 0; i < s->n_events; i++)
        random = random || (s->events[i].p > 0 && s->events[i].p < 1);
    if (seed && (!json_is_integer(seed) || json_integer_value(seed) < 0))
        return spec_fail(err, "/seed", GF_EINVAL, "seed must be an integer >= 0");
    s->seed = seed ? (uint64_t)json_integer_value(seed) : 1;
    if (!runs && random)
        return spec_fail(err, "/runs", GF_EINVAL,
                         "runs is required when a parameter is drawn from a distribution or an "
                         "event has 0 < p < 1");
    if (runs && (!json_is_integer(runs) || json_integer_value(runs) < 1 ||
                 json_integer_value(runs) > GF_SWEEP_MAX_RUNS))
        return spec_fail(err, "/runs", GF_EINVAL, "runs must be an integer 1..%lld",
                         (long long)GF_SWEEP_MAX_RUNS);
    s->runs = runs ? (int64_t)json_integer_value(runs) : s->grid;
    return GF_OK;
}

/* "per_period": true adds each period's delivered tonnes and saving to the
 * results (sweep_periods.c); off by default, as it adds 2 x periods columns. */
static int set_per_period(gf_sweep *s, const json_t *root, gf_error *err)
{
    const json_t *v = json_object_get(root, "per_period");

    if (v && !json_is_boolean(v))
        return spec_fail(err, "/per_period", GF_EINVAL, "per_period must be true or false");
    if (v && json_is_true(v) && s->v2)
        return spec_fail(err, "/per_period", GF_EINVAL,
                         "per_period is for version-1 scenarios: a version-2 run reports the hub "
                         "decision of the whole horizon (drop per_period)");
    s->n_periods = v && json_is_true(v) ? gf_model_periods(s->model) : 0;
    return GF_OK;
}

/* A version-2 run's site solve: "gap_pct" (of the saving; default 0.1, as
 * grainflow site's --gap) and "time_limit_s" (each CBC solve; default none). */
static int set_site(gf_sweep *s, const json_t *root, gf_error *err)
{
    double gap = SW_V2_GAP_PCT, limit = 0;
    int rc = get_number(root, "gap_pct", "", true, &gap, err);

    if (!rc)
        rc = get_number(root, "time_limit_s", "", true, &limit, err);
    if (!rc && !s->v2 &&
        (json_object_get(root, "gap_pct") || json_object_get(root, "time_limit_s")))
        return spec_fail(err, json_object_get(root, "gap_pct") ? "/gap_pct" : "/time_limit_s",
                         GF_EINVAL,
                         "gap_pct and time_limit_s bound the MIP of a version-2 scenario; a "
                         "version-1 run is solved exactly by the network simplex (drop it)");
    if (!rc && !(gap >= 0 && gap < 100))
        return spec_fail(err, "/gap_pct", GF_EINVAL,
                         "gap_pct is a percentage of the saving, 0 (prove every optimum) to "
                         "below 100 (got %g)",
                         gap);
    if (!rc && !(limit >= 0))
        return spec_fail(err, "/time_limit_s", GF_EINVAL,
                         "time_limit_s is seconds per CBC solve, > 0 (or 0: none)");
    s->gap_share = gap / 100;
    s->time_limit_s = limit;
    return rc;
}

gf_sweep *gf_sweep_create(const char *spec, size_t len, const gf_model *m, gf_error *err)
{
    static const char *const keys[] = {"runs",         "seed",        "parameters", "events",
                                       "name",         "description", "per_period", "gap_pct",
                                       "time_limit_s", NULL};
    gf_sweep *s = NULL;
    json_t *root = NULL;
    json_error_t je;
    int rc;

    if (!spec || !m) {
        gf_fail(err, GF_EINVAL, "gf_sweep_create: NULL argument");
        return NULL;
    }
    if (len > GF_SWEEP_MAX_SPEC) {
        spec_fail(err, "/", GF_ELIMIT, "a sweep spec may hold at most %zu bytes",
                  GF_SWEEP_MAX_SPEC);
        return NULL;
    }
    gf__json_oom_clear();
    root = json_loadb(spec, len, JSON_REJECT_DUPLICATES, &je);
    if (!root && gf__json_oom()) { /* jansson allocates through the hook: core/alloc.c */
        gf_fail(err, GF_ENOMEM, "out of memory reading the sweep spec");
        return NULL;
    }
    if (!root) {
        gf_fail(err, GF_EPARSE, "not JSON: %s", je.text);
        gf_error_at(err, NULL, je.line, je.column);
        return NULL;
    }
    s = gf_calloc(1, sizeof *s);
    rc = s ? GF_OK : gf_fail(err, GF_ENOMEM, "out of memory");
    if (!rc) {
        s->model = m;
        s->v2 = gf_model_version(m) == 2;
    }
    if (!rc && !json_is_object(root))
        rc =
            spec_fail(err, "/", GF_EINVAL,
                      "a sweep spec is an object {\"runs\", \"seed\", \"parameters\", \"events\"}");
    if (!rc)
        rc = check_keys(root, "", keys, err);
    if (!rc)
        rc = parse_array(s, root, "parameters", GF_SWEEP_MAX_PARAMS, err);
    if (!rc)
        rc = parse_array(s, root, "events", GF_SWEEP_MAX_EVENTS, err);
    if (!rc)
        rc = check_names(s, err);
    if (!rc)
        rc = set_runs(s, root, err);
    if (!rc)
        rc = set_per_period(s, root, err);
    if (!rc)
        rc = set_site(s, root, err);
    if (!rc)
        rc = gf__sweep_columns(s, err);
    json_decref(root);
    if (rc) {
        gf_sweep_destroy(s);
        return NULL;
    }
    return s;
}

int64_t gf_sweep_runs(const gf_sweep *s)
{
    return s ? s->runs : 0;
}

int64_t gf_sweep_chain_runs(const gf_sweep *s)
{
    int64_t l = s ? s->runs / 32 : 1;

    return l < 1 ? 1 : l > 256 ? 256 : l;
}

uint64_t gf_sweep_seed(const gf_sweep *s)
{
    return s ? s->seed : 0;
}

int32_t gf_sweep_param_count(const gf_sweep *s)
{
    return s ? s->n_params : 0;
}

const char *gf_sweep_param_name(const gf_sweep *s, int32_t p)
{
    return s && p >= 0 && p < s->n_params ? s->params[p].name : NULL;
}

double gf_sweep_event_p(const gf_sweep *s, int32_t e)
{
    return s && e >= 0 && e < s->n_events ? s->events[e].p : NAN;
}

bool gf_sweep_is_v2(const gf_sweep *s)
{
    return s && s->v2;
}

int32_t gf_sweep_event_count(const gf_sweep *s)
{
    return s ? s->n_events : 0;
}

const char *gf_sweep_event_name(const gf_sweep *s, int32_t e)
{
    return s && e >= 0 && e < s->n_events ? s->events[e].name : NULL;
}

double gf_sweep_param_base(const gf_sweep *s, int32_t p)
{
    return s && p >= 0 && p < s->n_params ? s->params[p].base : NAN;
}
