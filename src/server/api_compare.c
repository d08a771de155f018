/* src/server/api_compare.c: /api/v1/compare, two finished runs side by side.
 * SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server_int.h"

/* ---- compare two runs ---- */

static double num_at(const json_t *o, const char *k1, const char *k2)
{
    const json_t *v = json_object_get(o, k1);

    if (k2)
        v = json_object_get(v, k2);
    return json_number_value(v);
}

static json_t *triple(double a, double b)
{
    return json_pack("{s:f, s:f, s:f}", "a", a, "b", b, "diff", b - a);
}

static json_t *compare_markets(const json_t *ra, const json_t *rb)
{
    const json_t *ma = json_object_get(ra, "market_summary");
    const json_t *mb = json_object_get(rb, "market_summary");
    json_t *out = json_array(), *x, *y;
    size_t i, j;

    json_array_foreach(ma, i, x)
    {
        const char *node = json_string_value(json_object_get(x, "node"));
        json_t *row;
        y = NULL;
        for (j = 0; node && !y && j < json_array_size(mb); j++)
            if (json_equal(json_object_get(json_array_get(mb, j), "node"),
                           json_object_get(x, "node")))
                y = json_array_get(mb, j);
        if (!y)
            continue;
        row = json_pack(
            "{s:s, s:o, s:o, s:o}", "node", node, "delivered_t",
            triple(num_at(x, "delivered_t", NULL), num_at(y, "delivered_t", NULL)),
            "landed_usd_per_t",
            triple(num_at(x, "landed_usd_per_t", NULL), num_at(y, "landed_usd_per_t", NULL)),
            "saving_usd_per_t",
            triple(num_at(x, "saving_usd_per_t", NULL), num_at(y, "saving_usd_per_t", NULL)));
        json_array_append_new(out, row);
    }
    return out;
}

static json_t *compare_json(int64_t a, int64_t b, const json_t *ra, const json_t *rb)
{
    static const char *const totals[] = {"total_cost_usd", "delivered_t", "unmet_t", "co2_t"};
    static const char *const costs[] = {"procurement_usd", "transport_usd", "handling_usd",
                                        "storage_usd", "unmet_usd"};
    json_t *o = json_pack("{s:I, s:I}", "a", (json_int_t)a, "b", (json_int_t)b);
    json_t *c = json_object();

    for (size_t i = 0; o && i < sizeof totals / sizeof totals[0]; i++)
        json_object_set_new(o, totals[i],
                            triple(num_at(ra, totals[i], NULL), num_at(rb, totals[i], NULL)));
    for (size_t i = 0; c && i < sizeof costs / sizeof costs[0]; i++)
        json_object_set_new(c, costs[i],
                            triple(num_at(ra, "cost", costs[i]), num_at(rb, "cost", costs[i])));
    json_object_set_new(o, "cost", c);
    json_object_set_new(o, "markets", compare_markets(ra, rb));
    return o;
}

static json_t *load_result(gf_store *st, const gf__request *req, gf__response *res, int64_t id)
{
    char *text = gf__run_text(st, req, res, id, "result");
    json_t *v;

    if (!text)
        return NULL;
    v = json_loads(text, 0, NULL);
    gf_store_free(text);
    if (!v)
        gf__fail(res, 500, GF_EINTERNAL, req->path, "a stored result does not parse");
    return v;
}

void gf__compare_runs(gf_server *srv, const gf__request *req, gf__response *res)
{
    int64_t a = gf__parse_id(req->arg(req, "a")), b = gf__parse_id(req->arg(req, "b"));
    json_t *ra = NULL, *rb = NULL;
    gf_store *st;

    if (a < 0 || b < 0) {
        gf__fail(res, 400, GF_EINVAL, req->path, "compare needs ?a=RUN&b=RUN (two run ids)");
        return;
    }
    st = gf__store_or_fail(srv, req, res);
    if (!st)
        return;
    ra = load_result(st, req, res, a);
    rb = ra ? load_result(st, req, res, b) : NULL;
    gf__store_release(srv, st);
    if (ra && rb)
        gf__reply_json(res, 200, compare_json(a, b, ra, rb));
    json_decref(ra);
    json_decref(rb);
}
