/* src/edit/edit.c: parse what-if edits once into gf_edit values, and apply them.
 *
 * Parsing checks the form of every edit (op, known fields, value types and
 * ranges) and converts each figure to an integer once: pct to basis points,
 * money to cents, tonnes to whole tonnes, periods to 0-based. Errors point
 * into the request with a JSON pointer ("/edits/2/pct"). Ids are checked
 * against a model later (gf_edits_resolve), as the same list may be applied
 * to several scenarios. Applying goes to the model (figures; validated by
 * the model's setters) and, when given, straight into a built network
 * through the network-edit API, so a re-solve is warm; closures exist only
 * in the network. See edit.h for the integer rounding rules and for the
 * two version-2 edits (scale_alt_fob, set_hub): both are checked against
 * the model when resolved (a hub and its option, rows with alt_from), so
 * the error points at the field that names what is missing.
 * SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/core_int.h"
#include "edit/whatif_int.h"
#include "grainflow/alloc.h"
#include "grainflow/edit.h"
#include "grainflow/scenario.h"
#include "network/network_int.h"

static const char *const ops[] = {"scale_freight", "set_node",      "scale_supply",
                                  "scale_demand",  "close_link",    "close_node",
                                  "close_transit", "scale_alt_fob", "set_hub"};
#define OP_LIST                                                                                    \
    "scale_freight, set_node, scale_supply, scale_demand, close_link, close_node, close_transit, " \
    "scale_alt_fob, set_hub"

static const char *const node_fields[] = {"handling_usd_per_t", "throughput_t_per_period",
                                          "storage_t", "storage_usd_per_t_per_period"};

/* Where an error points: "/edits/<i>[/<field>]" or "--edit #<i+1>[ <field>]". */
typedef struct where {
    bool cli;
    int index;
} where;

static int edit_fail(gf_error *err, where w, const char *field, int code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int edit_fail(gf_error *err, where w, const char *field, int code, const char *fmt, ...)
{
    char input[128], msg[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    gf_fail(err, code, "%s", msg);
    if (w.cli)
        snprintf(input, sizeof input, "--edit #%d%s%s", w.index + 1, field[0] ? " " : "", field);
    else if (w.index < 0)
        snprintf(input, sizeof input, "/edits");
    else
        snprintf(input, sizeof input, "/edits/%d%s%s", w.index, field[0] ? "/" : "", field);
    gf_error_at(err, input, 0, 0);
    return code;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = gf_malloc(n);

    if (d)
        memcpy(d, s, n);
    return d;
}

static void edit_fini(gf_edit *e)
{
    gf_free(e->node, e->node ? strlen(e->node) + 1 : 0);
    gf_free(e->from, e->from ? strlen(e->from) + 1 : 0);
    gf_free(e->to, e->to ? strlen(e->to) + 1 : 0);
    gf_free(e->periods, (size_t)e->n_periods * sizeof(int32_t));
    gf_free(e->product, e->product ? strlen(e->product) + 1 : 0);
    gf_free(e->option, e->option ? strlen(e->option) + 1 : 0);
    memset(e, 0, sizeof *e);
}

gf_edits *gf_edits_create(gf_error *err)
{
    gf_edits *l = gf_calloc(1, sizeof *l);

    if (!l)
        gf_fail(err, GF_ENOMEM, "out of memory");
    return l;
}

void gf_edits_destroy(gf_edits *l)
{
    if (!l)
        return;
    for (int32_t i = 0; i < l->n; i++)
        edit_fini(&l->e[i]);
    gf_free(l->e, (size_t)l->cap * sizeof *l->e);
    gf_free(l, sizeof *l);
}

/* Drop the edits appended after the first n (an all-or-nothing parse). */
static void truncate_list(gf_edits *l, int32_t n)
{
    while (l->n > n)
        edit_fini(&l->e[--l->n]);
}

static int reserve(gf_edits *l, where w, gf_error *err)
{
    gf_edit *p;
    int32_t cap;

    if (l->n >= GF_EDITS_MAX)
        return edit_fail(err, (where){w.cli, -1}, "", GF_ELIMIT,
                         "at most %d edits per run (got more)", GF_EDITS_MAX);
    if (l->n < l->cap)
        return GF_OK;
    cap = l->cap ? 2 * l->cap : 8;
    p = gf_realloc(l->e, (size_t)l->cap * sizeof *p, (size_t)cap * sizeof *p);
    if (!p)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    l->e = p;
    l->cap = cap;
    return GF_OK;
}

/* ---- form checks ---- */

/* The fields an op accepts beyond op and node: its own list, or NULL for
 * the common ones. */
static const char *const *op_fields(const char *op, const char **text)
{
    static const char *const alt_fob[] = {"pct", "product", NULL};
    static const char *const hub[] = {"option", "fixed_usd_per_year", NULL};

    if (!strcmp(op, "scale_alt_fob")) {
        *text = "op, pct, node, product";
        return alt_fob;
    }
    if (!strcmp(op, "set_hub")) {
        *text = "op, node, option, fixed_usd_per_year";
        return hub;
    }
    return NULL;
}

static int check_key(const char *op, const char *k, where w, gf_error *err)
{
    static const char *const common[] = {"op", "pct", "mode", "node", "from", "to", "periods"};
    const char *text = NULL;
    const char *const *own = op_fields(op, &text);

    if (!strcmp(k, "op") || !strcmp(k, "node"))
        return GF_OK;
    if (!strcmp(op, "set_node")) {
        for (size_t j = 0; j < sizeof node_fields / sizeof node_fields[0]; j++)
            if (!strcmp(k, node_fields[j]))
                return GF_OK;
        return edit_fail(err, w, k, GF_EINVAL,
                         "unknown field \"%s\" of set_node; accepted: node, handling_usd_per_t, "
                         "throughput_t_per_period, storage_t, storage_usd_per_t_per_period",
                         k);
    }
    if (own) {
        for (size_t j = 0; own[j]; j++)
            if (!strcmp(k, own[j]))
                return GF_OK;
        return edit_fail(err, w, k, GF_EINVAL, "unknown field \"%s\" of %s; accepted: %s", k, op,
                         text);
    }
    for (size_t j = 0; j < sizeof common / sizeof common[0]; j++)
        if (!strcmp(k, common[j]))
            return GF_OK;
    return edit_fail(err, w, k, GF_EINVAL,
                     "unknown field \"%s\"; accepted: op, pct, mode, node, from, to, periods", k);
}

/* A required or optional id string into *out (owned). */
static int get_id(const json_t *o, const char *k, bool required, char **out, where w, gf_error *err)
{
    const json_t *v = json_object_get(o, k);

    if (!v && !required)
        return GF_OK;
    if (!json_is_string(v) || !json_string_length(v))
        return edit_fail(err, w, k, GF_EINVAL,
                         "%s must be a non-empty string (an id of the scenario)", k);
    *out = dup_str(json_string_value(v));
    return *out ? GF_OK : gf_fail(err, GF_ENOMEM, "out of memory");
}

/* pct (-100..1000) in basis points, rounded half away from zero. */
static int get_pct(const json_t *o, gf_edit *e, where w, gf_error *err)
{
    const json_t *v = json_object_get(o, "pct");
    double d;

    if (!json_is_number(v) || (d = json_number_value(v)) < -100 || d > 1000)
        return edit_fail(err, w, "pct", GF_EINVAL, "%s must be a number from -100 to 1000", "pct");
    e->pct_bp =
        json_is_integer(v) ? (int32_t)json_integer_value(v) * 100 : (int32_t)lround(d * 100);
    return GF_OK;
}

/* A set_node figure in cents (money) or tonnes: 0..1e12, or null for an
 * unlimited throughput. Converted as the scenario reader converts a cell. */
static int get_figure(const json_t *v, size_t j, int64_t *out, where w, gf_error *err)
{
    char num[64];
    double d;

    if (json_is_null(v) && j == 1) {
        *out = GF_UNLIMITED;
        return GF_OK;
    }
    if (!json_is_number(v) || (d = json_number_value(v)) < 0 || d > 1e12)
        return edit_fail(err, w, node_fields[j], GF_EINVAL, "%s must be a number from 0 to 1e12",
                         node_fields[j]);
    if (json_is_integer(v))
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
    else
        snprintf(num, sizeof num, "%.15g", d);
    if (gf_parse_fixed(num, j == 0 || j == 3 ? 2 : 0, out))
        return edit_fail(err, w, node_fields[j], GF_EINVAL, "%s: '%s' is out of range",
                         node_fields[j], num);
    return GF_OK;
}

static int get_node_figures(const json_t *o, gf_edit *e, where w, gf_error *err)
{
    int64_t *dst[] = {&e->handling_cents_per_t, &e->throughput_t, &e->storage_t,
                      &e->storage_cents_per_t};
    int rc = GF_OK;

    for (size_t j = 0; !rc && j < sizeof node_fields / sizeof node_fields[0]; j++) {
        const json_t *v = json_object_get(o, node_fields[j]);
        if (!v)
            continue;
        rc = get_figure(v, j, dst[j], w, err);
        e->set |= 1u << j;
    }
    return rc;
}

/* set_hub's option (required) and fixed_usd_per_year (0..1e12, to the cent). */
static int get_hub_figures(const json_t *o, gf_edit *e, where w, gf_error *err)
{
    const json_t *v = json_object_get(o, "fixed_usd_per_year");
    char num[64];
    double d;
    int rc = get_id(o, "option", true, &e->option, w, err);

    if (rc)
        return rc;
    if (!json_is_number(v) || (d = json_number_value(v)) < 0 || d > 1e12)
        return edit_fail(err, w, "fixed_usd_per_year", GF_EINVAL,
                         "%s must be a number of US dollars a year from 0 to 1e12",
                         "fixed_usd_per_year");
    if (json_is_integer(v))
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
    else
        snprintf(num, sizeof num, "%.15g", d);
    if (gf_parse_fixed(num, 2, &e->fixed_cents_per_year))
        return edit_fail(err, w, "fixed_usd_per_year", GF_EINVAL, "%s: '%s' is out of range",
                         "fixed_usd_per_year", num);
    return GF_OK;
}

static int get_periods(const json_t *o, gf_edit *e, where w, gf_error *err)
{
    const json_t *v = json_object_get(o, "periods");
    size_t j;
    json_t *p;

    if (!v)
        return GF_OK;
    if (!json_is_array(v) || json_array_size(v) > GF_MODEL_MAX_PERIODS)
        return edit_fail(err, w, "periods", GF_EINVAL,
                         "%s must be an array of period numbers (1-based)", "periods");
    json_array_foreach(v, j, p)
    {
        if (!json_is_integer(p) || json_integer_value(p) < 1 ||
            json_integer_value(p) > GF_MODEL_MAX_PERIODS)
            return edit_fail(err, w, "periods", GF_EINVAL,
                             "%s must hold whole period numbers from 1", "periods");
    }
    if (!json_array_size(v))
        return GF_OK;
    e->periods = gf_malloc(json_array_size(v) * sizeof(int32_t));
    if (!e->periods)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    json_array_foreach(v, j, p) e->periods[e->n_periods++] = (int32_t)json_integer_value(p) - 1;
    return GF_OK;
}

static int get_op(const json_t *o, gf_edit *e, where w, gf_error *err)
{
    const json_t *opv = json_object_get(o, "op");
    size_t n;

    if (!json_is_object(o))
        return edit_fail(err, w, "", GF_EINVAL, "an edit must be an object with an \"op\"%s", "");
    if (!json_is_string(opv))
        return edit_fail(err, w, "op", GF_EINVAL, "%s must be one of " OP_LIST, "op");
    for (n = 0; n < sizeof ops / sizeof ops[0] && strcmp(json_string_value(opv), ops[n]); n++)
        ;
    if (n == sizeof ops / sizeof ops[0])
        return edit_fail(err, w, "op", GF_EINVAL, "unknown op \"%s\"; accepted: " OP_LIST,
                         json_string_value(opv));
    e->op = (gf_edit_op)n;
    return GF_OK;
}

/* One edit object into e (zeroed by the caller). */
static int parse_edit(const json_t *o, gf_edit *e, where w, gf_error *err)
{
    const char *op, *k;
    const json_t *v;
    int rc = get_op(o, e, w, err);

    e->mode = -1;
    e->node_ix = e->from_ix = e->to_ix = e->product_ix = e->option_ix = -1;
    if (rc)
        return rc;
    op = ops[e->op];
    json_object_foreach((json_t *)o, k, v) if (!rc) rc = check_key(op, k, w, err);
    if (!rc && !strncmp(op, "scale_", 6))
        rc = get_pct(o, e, w, err);
    if (!rc && e->op == GF_EDIT_SET_NODE)
        rc = get_node_figures(o, e, w, err);
    if (!rc && e->op == GF_EDIT_SET_HUB)
        rc = get_hub_figures(o, e, w, err);
    if (!rc && e->op == GF_EDIT_SCALE_ALT_FOB)
        rc = get_id(o, "product", false, &e->product, w, err);
    if (!rc)
        rc = get_periods(o, e, w, err);
    if (!rc)
        rc = get_id(o, "node",
                    e->op == GF_EDIT_SET_NODE || e->op == GF_EDIT_CLOSE_NODE ||
                        e->op == GF_EDIT_CLOSE_TRANSIT || e->op == GF_EDIT_SET_HUB,
                    &e->node, w, err);
    if (!rc && e->op == GF_EDIT_CLOSE_TRANSIT && e->n_periods)
        rc = edit_fail(err, w, "periods", GF_EINVAL,
                       "%s closes the node's transshipment in every period; drop periods, or "
                       "use close_node for some periods",
                       "close_transit");
    if (!rc && e->op == GF_EDIT_CLOSE_LINK)
        rc = get_id(o, "from", true, &e->from, w, err);
    if (!rc && e->op == GF_EDIT_CLOSE_LINK)
        rc = get_id(o, "to", true, &e->to, w, err);
    if (!rc && (v = json_object_get(o, "mode")) != NULL) {
        e->mode = json_is_string(v) ? gf_mode_parse(json_string_value(v)) : -1;
        if (e->mode < 0)
            rc = edit_fail(err, w, "mode", GF_EINVAL,
                           "%s must be one of rail, road, sea, ferry, river", "mode");
    }
    return rc;
}

/* Append the edit object o; list unchanged on failure. */
static int append(gf_edits *l, const json_t *o, where w, gf_error *err)
{
    int rc = reserve(l, w, err);

    if (rc)
        return rc;
    memset(&l->e[l->n], 0, sizeof l->e[l->n]);
    l->e[l->n].src_index = w.index;
    l->e[l->n].src_cli = w.cli;
    rc = parse_edit(o, &l->e[l->n], w, err);
    if (rc)
        edit_fini(&l->e[l->n]);
    else
        l->n++;
    return rc;
}

int gf_edits_parse_json(gf_edits *list, const char *json, size_t len, gf_error *err)
{
    json_t *a, *o;
    int32_t n0;
    size_t i;
    int rc = GF_OK;

    if (!list)
        return gf_fail(err, GF_EINVAL, "gf_edits_parse_json: NULL list");
    if (!json || !len)
        return GF_OK;
    n0 = list->n;
    a = gf__scenario_parse(json, len, "/edits", err);
    if (!a)
        return err && err->code ? err->code : GF_EPARSE;
    if (!json_is_array(a))
        rc = edit_fail(err, (where){false, -1}, "", GF_EINVAL,
                       "edits must be a JSON array of edit objects");
    else if (json_array_size(a) > GF_EDITS_MAX)
        rc = edit_fail(err, (where){false, -1}, "", GF_ELIMIT, "at most %d edits per run (got %zu)",
                       GF_EDITS_MAX, json_array_size(a));
    json_array_foreach(a, i, o)
    {
        if (rc)
            break;
        rc = append(list, o, (where){false, (int)i}, err);
    }
    json_decref(a);
    if (rc)
        truncate_list(list, n0);
    return rc;
}

int gf_edits_parse_arg(gf_edits *list, const char *arg, int index, gf_error *err)
{
    json_error_t je;
    json_t *o;
    int rc;

    if (!list || !arg)
        return gf_fail(err, GF_EINVAL, "gf_edits_parse_arg: NULL argument");
    gf__json_oom_clear();
    o = json_loads(arg, JSON_REJECT_DUPLICATES, &je);
    if (!o && gf__json_oom()) /* jansson allocates through the hook: core/alloc.c */
        return gf_fail(err, GF_ENOMEM, "out of memory reading the edit");
    if (!o)
        return edit_fail(err, (where){true, index}, "", GF_EPARSE,
                         "not a JSON edit object (%s at column %d); for example "
                         "'{\"op\":\"close_node\",\"node\":\"MA_CASABLANCA\"}'",
                         je.text, je.column);
    rc = append(list, o, (where){true, index}, err);
    json_decref(o);
    return rc;
}

/* ---- resolving ids ---- */

static int find_id(const gf_model *m, const char *id, const char *field, int32_t *out, where w,
                   gf_error *err)
{
    *out = id ? gf_model_find_node(m, id) : -1;
    if (id && *out < 0)
        return edit_fail(err, w, field, GF_EINVAL, "no node \"%s\" in the scenario", id);
    return GF_OK;
}

static bool link_matches(const gf_link *lk, const gf_edit *e)
{
    return lk->from == e->from_ix && lk->to == e->to_ix &&
           (e->mode < 0 || (int)lk->mode == e->mode);
}

/* "A, B, C" of the hub facility nodes of m (node < 0), or of node's
 * options, into buf. */
static const char *hub_names(const gf_model *m, int32_t node, char *buf, size_t size)
{
    size_t n = 0;

    buf[0] = '\0';
    for (int32_t i = 0; i < gf_model_hub_option_count(m) && n < size; i++) {
        const gf_hub_option *o = gf_model_hub_option(m, i);
        bool first = true;
        int k;
        for (int32_t j = 0; node < 0 && j < i; j++)
            first = first && gf_model_hub_option(m, j)->node != o->node;
        if (node >= 0 ? o->node != node : !first)
            continue;
        k = snprintf(buf + n, size - n, "%s%s", n ? ", " : "",
                     node >= 0 ? o->option : gf_model_node(m, o->node)->id);
        n += k > 0 ? (size_t)k : 0;
    }
    return buf;
}

static int resolve_hub(gf_edit *e, const gf_model *m, where w, gf_error *err)
{
    char names[160];

    if (!gf_model_hub_count(m))
        return edit_fail(err, w, "node", GF_EINVAL,
                         "set_hub needs a hub facility (hubs.csv of a version-2 scenario); this "
                         "scenario has none%s",
                         "");
    if (!gf_model_is_hub(m, e->node_ix))
        return edit_fail(err, w, "node", GF_EINVAL,
                         "node \"%s\" is not a hub facility; the hubs are %s", e->node,
                         hub_names(m, -1, names, sizeof names));
    for (int32_t i = 0; i < gf_model_hub_option_count(m); i++)
        if (gf_model_hub_option(m, i)->node == e->node_ix &&
            !strcmp(gf_model_hub_option(m, i)->option, e->option))
            e->option_ix = i;
    if (e->option_ix < 0)
        return edit_fail(err, w, "option", GF_EINVAL,
                         "hub %s has no option \"%s\"; its options: %s", e->node, e->option,
                         hub_names(m, e->node_ix, names, sizeof names));
    return GF_OK;
}

/* scale_alt_fob names rows with alt_from: every one, or all of a market's
 * (and product's), none without. */
static int resolve_alt_fob(gf_edit *e, const gf_model *m, where w, gf_error *err)
{
    int32_t n = 0;

    if (e->product) {
        e->product_ix = gf_model_find_product(m, e->product);
        if (e->product_ix < 0)
            return edit_fail(err, w, "product", GF_EINVAL, "no product \"%s\" in the scenario",
                             e->product);
    }
    for (int32_t i = 0; i < gf_model_demand_count(m); i++) {
        const gf_demand *d = gf_model_demand(m, i);
        if ((e->node_ix >= 0 && d->node != e->node_ix) ||
            (e->product_ix >= 0 && d->product != e->product_ix))
            continue;
        if (!d->has_alt_from && e->node_ix >= 0)
            return edit_fail(err, w, "node", GF_EINVAL,
                             "demand.csv line %ld at %s gives alt_price_usd_per_t, not alt_from: "
                             "its alternative price has no FOB part to scale",
                             d->line, e->node);
        n += d->has_alt_from;
    }
    if (n == 0 && gf_model_version(m) == 1)
        return edit_fail(err, w, "op", GF_EINVAL,
                         "scale_alt_fob needs demand rows with alt_from and alt_fob_usd_per_t "
                         "(version 2); this is a version-1 scenario, whose alternative prices are "
                         "the fixed alt_price_usd_per_t%s",
                         "");
    if (n == 0)
        return edit_fail(err, w,
                         e->product_ix >= 0 ? "product"
                         : e->node_ix >= 0  ? "node"
                                            : "op",
                         GF_EINVAL,
                         "no demand row%s%s%s%s has alt_from, so there is no FOB price to scale; "
                         "the alternative prices here are the fixed alt_price_usd_per_t",
                         e->node_ix >= 0 ? " at " : "", e->node_ix >= 0 ? e->node : "",
                         e->product_ix >= 0 ? " of product " : "",
                         e->product_ix >= 0 ? e->product : "");
    return GF_OK;
}

static int resolve_one(gf_edit *e, const gf_model *m, where w, gf_error *err)
{
    int rc = find_id(m, e->node, "node", &e->node_ix, w, err);
    bool found = false;

    if (!rc)
        rc = find_id(m, e->from, "from", &e->from_ix, w, err);
    if (!rc)
        rc = find_id(m, e->to, "to", &e->to_ix, w, err);
    for (int32_t i = 0; !rc && i < e->n_periods; i++)
        if (e->periods[i] >= gf_model_periods(m))
            rc = edit_fail(err, w, "periods", GF_EINVAL,
                           "period %d is past the scenario's last period", e->periods[i] + 1);
    if (!rc && e->op == GF_EDIT_SET_HUB)
        return resolve_hub(e, m, w, err);
    if (!rc && e->op == GF_EDIT_SCALE_ALT_FOB)
        return resolve_alt_fob(e, m, w, err);
    if (rc || e->op != GF_EDIT_CLOSE_LINK)
        return rc;
    for (int32_t l = 0; !found && l < gf_model_link_count(m); l++)
        found = link_matches(gf_model_link(m, l), e);
    if (!found)
        return edit_fail(err, w, "to", GF_EINVAL, "no link from %s to that node in the scenario",
                         e->from);
    return GF_OK;
}

int gf_edits_resolve(gf_edits *list, const gf_model *m, gf_error *err)
{
    int rc = GF_OK;

    if (!list || !m)
        return gf_fail(err, GF_EINVAL, "gf_edits_resolve: NULL argument");
    for (int32_t i = 0; !rc && i < list->n; i++)
        rc = resolve_one(&list->e[i], m, (where){list->e[i].src_cli, list->e[i].src_index}, err);
    return rc;
}

/* ---- applying ---- */

int gf_edit_scale(int64_t v, int32_t bp, int64_t *out, gf_error *err)
{
    __int128 num = (__int128)v * (10000 + bp);
    __int128 q = num / 10000, r = num % 10000;

    if (r >= 5000 || r <= -5000) /* |r| >= half: away from zero */
        q += num < 0 ? -1 : 1;
    if (q > GF_MODEL_MAX_VALUE || q < -GF_MODEL_MAX_VALUE)
        return gf_fail(err, GF_EOVERFLOW,
                       "%lld scaled by %d basis points exceeds the solver's integer range",
                       (long long)v, (int)bp);
    *out = (int64_t)q;
    return GF_OK;
}

/* rc of a network sync: GF_ESTATE means "rebuild", not a failure. */
static int synced(int rc, bool *rebuild, gf_error *err)
{
    if (rc != GF_ESTATE)
        return rc;
    *rebuild = true;
    if (err)
        gf_error_clear(err);
    return GF_OK;
}

static int scale_freight(const gf_edit *e, gf_model *m, gf_network *net, gf_error *err)
{
    int rc = GF_OK;

    for (int32_t l = 0; !rc && l < gf_model_link_count(m); l++) {
        const gf_link *lk = gf_model_link(m, l);
        int64_t c;
        if (e->mode >= 0 && (int)lk->mode != e->mode)
            continue;
        rc = gf_edit_scale(lk->cost_cents_per_t, e->pct_bp, &c, err);
        if (!rc)
            rc = gf_model_set_link_cost(m, l, c, err);
        if (!rc && net)
            rc = gf_network_sync_link(net, l, err);
    }
    return rc;
}

static int scale_rows(const gf_edit *e, gf_model *m, gf_network *net, bool demand, gf_error *err)
{
    int32_t n = demand ? gf_model_demand_count(m) : gf_model_supply_count(m);
    int rc = GF_OK;

    for (int32_t i = 0; !rc && i < n; i++) {
        int32_t node = demand ? gf_model_demand(m, i)->node : gf_model_supply(m, i)->node;
        int64_t t = demand ? gf_model_demand(m, i)->t : gf_model_supply(m, i)->t;
        if (e->node_ix >= 0 && node != e->node_ix)
            continue;
        rc = gf_edit_scale(t, e->pct_bp, &t, err);
        if (!rc)
            rc = demand ? gf_model_set_demand_t(m, i, t, err) : gf_model_set_supply_t(m, i, t, err);
        if (!rc && net)
            rc = demand ? gf_network_sync_demand(net, i, err) : gf_network_sync_supply(net, i, err);
    }
    return rc;
}

static int set_node(const gf_edit *e, gf_model *m, gf_network *net, bool *rebuild, gf_error *err)
{
    const gf_node *nd = gf_model_node(m, e->node_ix);
    int64_t h = e->set & GF_EDIT_SET_HANDLING ? e->handling_cents_per_t : nd->handling_cents_per_t;
    int64_t tp = e->set & GF_EDIT_SET_THROUGHPUT ? e->throughput_t : nd->throughput_t;
    int64_t st = e->set & GF_EDIT_SET_STORAGE ? e->storage_t : nd->storage_t;
    int64_t sf =
        e->set & GF_EDIT_SET_STORAGE_FEE ? e->storage_cents_per_t : nd->storage_cents_per_t;
    int rc = gf_model_set_node_figures(m, e->node_ix, h, tp, st, sf, err);

    if (!rc && net && !*rebuild)
        rc = synced(gf_network_sync_node(net, e->node_ix, err), rebuild, err);
    return rc;
}

/* The FOB price of the rows e names (resolved: each has alt_from). */
static int scale_alt_fob(const gf_edit *e, gf_model *m, gf_error *err)
{
    int rc = GF_OK;

    for (int32_t i = 0; !rc && i < gf_model_demand_count(m); i++) {
        const gf_demand *d = gf_model_demand(m, i);
        int64_t fob;
        if (!d->has_alt_from || (e->node_ix >= 0 && d->node != e->node_ix) ||
            (e->product_ix >= 0 && d->product != e->product_ix))
            continue;
        rc = gf_edit_scale(d->alt_fob_cents_per_t, e->pct_bp, &fob, err);
        if (!rc)
            rc = gf_model_set_alt_fob(m, i, fob, err);
    }
    return rc;
}

/* Alternative prices tied to freight (demand rows with alt_from, model.h)
 * follow the freight and handling just edited, in the model and in net. */
static int refresh_alt(gf_model *m, gf_network *net, gf_error *err)
{
    int rc = gf_model_refresh_alt(m, err);

    for (int32_t i = 0; !rc && net && i < gf_model_demand_count(m); i++)
        if (gf_model_demand(m, i)->has_alt_from)
            rc = gf_network_sync_demand(net, i, err);
    return rc;
}

int gf_edits_apply_model(const gf_edits *list, gf_model *m, gf_network *net, bool *rebuild,
                         gf_error *err)
{
    int rc = GF_OK;

    if (!list || !m || !rebuild)
        return gf_fail(err, GF_EINVAL, "gf_edits_apply_model: NULL argument");
    *rebuild = false;
    for (int32_t i = 0; !rc && i < list->n; i++) {
        const gf_edit *e = &list->e[i];
        gf_network *n = *rebuild ? NULL : net; /* a network to rebuild needs no syncing */
        switch (e->op) {
        case GF_EDIT_SCALE_FREIGHT:
            rc = scale_freight(e, m, n, err);
            break;
        case GF_EDIT_SET_NODE:
            rc = set_node(e, m, n, rebuild, err);
            break;
        case GF_EDIT_SCALE_SUPPLY:
        case GF_EDIT_SCALE_DEMAND:
            rc = scale_rows(e, m, n, e->op == GF_EDIT_SCALE_DEMAND, err);
            break;
        case GF_EDIT_SCALE_ALT_FOB: /* the prices follow in refresh_alt below */
            rc = scale_alt_fob(e, m, err);
            break;
        case GF_EDIT_SET_HUB: /* a MIP's figure: no network has hubs */
            rc = gf_model_set_hub_fixed(m, e->option_ix, e->fixed_cents_per_year, err);
            break;
        case GF_EDIT_CLOSE_LINK:
        case GF_EDIT_CLOSE_NODE:
        case GF_EDIT_CLOSE_TRANSIT:
            break;
        }
        if (rc && err && !err->input[0]) { /* a figure out of range: say which edit */
            char input[32];
            if (e->src_cli)
                snprintf(input, sizeof input, "--edit #%d", e->src_index + 1);
            else
                snprintf(input, sizeof input, "/edits/%d", e->src_index);
            gf_error_at(err, input, 0, 0);
        }
    }
    return rc ? rc : refresh_alt(m, *rebuild ? NULL : net, err);
}

/* Close e's link (or transit) in period t (every period for -1); a node is
 * closed in all its periods at once (gf_edits_apply_network). */
static int close_in(const gf_edit *e, gf_network *net, int32_t t, gf_error *err)
{
    const gf_model *m = net->model;
    int rc = GF_OK;

    if (e->op == GF_EDIT_CLOSE_TRANSIT)
        return gf_network_close_transit(net, e->node_ix, err);
    for (int32_t l = 0; !rc && l < gf_model_link_count(m); l++)
        if (link_matches(gf_model_link(m, l), e))
            rc = gf_network_close_link(net, l, t, err);
    return rc;
}

int gf_edits_apply_network(const gf_edits *list, gf_network *net, gf_error *err)
{
    int rc = GF_OK;

    if (!list || !net)
        return gf_fail(err, GF_EINVAL, "gf_edits_apply_network: NULL argument");
    for (int32_t i = 0; !rc && i < list->n; i++) {
        const gf_edit *e = &list->e[i];
        if (e->op != GF_EDIT_CLOSE_LINK && e->op != GF_EDIT_CLOSE_NODE &&
            e->op != GF_EDIT_CLOSE_TRANSIT)
            continue;
        if (e->op == GF_EDIT_CLOSE_NODE) /* its periods in one pass over the links and rows */
            rc = gf__network_close_node_periods(net, e->node_ix, e->periods, e->n_periods, err);
        else if (!e->n_periods)
            rc = close_in(e, net, -1, err);
        for (int32_t k = 0; !rc && e->op != GF_EDIT_CLOSE_NODE && k < e->n_periods; k++)
            rc = close_in(e, net, e->periods[k], err);
    }
    return rc;
}
