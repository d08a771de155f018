/* src/server/api_compare.c: /api/v1/compare, through the planner.
 *
 * Two forms:
 *   ?a=RUN&b=RUN          two done runs side by side. Each is planned again
 *                         by the planner from what it planned (its stored
 *                         scenario and edits, gf_store_get_run_input) and the
 *                         two gf_plans are compared figure by figure in their
 *                         own units, integer cents and tonnes, so a
 *                         difference is exact; nothing is read back from the
 *                         stored JSON through doubles. A run whose scenario
 *                         was replaced since is refused (409): its text is no
 *                         longer what it planned.
 *   ?scenario=ID&node=ID  gf_plan_compare: the scenario with and without the
 *                         node, and the node's break-even handling fee,
 *                         answered as `grainflow compare --json` prints it.
 * Both solve, so each holds a run slot while it does (429 when max_runs are
 * busy), like a run.
 * SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grainflow/export.h"
#include "server/server_int.h"

/* A planned run: its what-if (owns the model) and the plan. */
typedef struct planned {
    gf_whatif *w;
    gf_plan *p;
} planned;

static void planned_fini(planned *x)
{
    gf_plan_destroy(x->p);
    gf_whatif_destroy(x->w);
    x->p = NULL;
    x->w = NULL;
}

/* Plan run id again from its stored input; false after an answer. */
static bool plan_run(gf_server *srv, const gf__request *req, gf__response *res, int64_t id,
                     planned *out)
{
    gf_error err = {0};
    gf_store *st = gf__store_or_fail(srv, req, res);
    char *scn = NULL, *edits = NULL;
    size_t len = 0;
    int rc;

    if (!st)
        return false;
    rc = gf_store_get_run_input(st, id, &scn, &len, &edits, &err);
    gf__store_release(srv, st);
    if (!rc) {
        out->w = gf_whatif_create(scn, len, edits, strlen(edits), &err);
        out->p = out->w ? gf_whatif_solve(out->w, &err) : NULL;
        rc = out->p ? GF_OK : err.code ? err.code : GF_EINTERNAL;
    }
    gf_store_free(scn);
    gf_store_free(edits);
    if (rc)
        gf__problem(res, 0, &err, req->path);
    return rc == GF_OK;
}

static json_t *usd_of(int64_t cents)
{
    return json_real((double)cents / 100.0);
}

/* {"a", "b", "diff"} of two money figures in cents: the difference is taken
 * in cents, then written in dollars. */
static json_t *money3(int64_t a, int64_t b)
{
    return json_pack("{s:o, s:o, s:o}", "a", usd_of(a), "b", usd_of(b), "diff", usd_of(b - a));
}

static json_t *tonnes3(int64_t a, int64_t b)
{
    return json_pack("{s:I, s:I, s:I}", "a", (json_int_t)a, "b", (json_int_t)b, "diff",
                     (json_int_t)(b - a));
}

static json_t *real3(double a, double b)
{
    return json_pack("{s:f, s:f, s:f}", "a", a, "b", b, "diff", b - a);
}

static const gf_plan_market_sum *market_of(const gf_plan *p, const char *node)
{
    for (int32_t i = 0; i < p->n_market_sums; i++)
        if (!strcmp(gf_model_node(p->model, p->market_sums[i].node)->id, node))
            return &p->market_sums[i];
    return NULL;
}

/* Every market of a that b also has, by node id (the two models may differ). */
static json_t *compare_markets(const gf_plan *a, const gf_plan *b)
{
    json_t *out = json_array();

    for (int32_t i = 0; out && i < a->n_market_sums; i++) {
        const gf_plan_market_sum *x = &a->market_sums[i];
        const char *node = gf_model_node(a->model, x->node)->id;
        const gf_plan_market_sum *y = market_of(b, node);
        gf_market_figures fx, fy;
        if (!y)
            continue;
        gf_plan_market_figures(x, &fx);
        gf_plan_market_figures(y, &fy);
        json_array_append_new(out,
                              json_pack("{s:s, s:o, s:o, s:o}", "node", node, "delivered_t",
                                        tonnes3(x->delivered_t, y->delivered_t), "landed_usd_per_t",
                                        real3(fx.landed_usd, fy.landed_usd), "saving_usd_per_t",
                                        real3(fx.saving_usd, fy.saving_usd)));
    }
    return out;
}

static json_t *compare_json(int64_t ia, int64_t ib, const gf_plan *a, const gf_plan *b)
{
    json_t *o = json_pack("{s:I, s:I}", "a", (json_int_t)ia, "b", (json_int_t)ib);

    if (!o)
        return NULL;
    json_object_set_new(o, "total_cost_usd", money3(a->cost.total, b->cost.total));
    json_object_set_new(o, "delivered_t", tonnes3(a->delivered_t, b->delivered_t));
    json_object_set_new(o, "unmet_t", tonnes3(a->unmet_t, b->unmet_t));
    json_object_set_new(o, "co2_t", real3(a->co2_t, b->co2_t));
    json_object_set_new(o, "cost",
                        json_pack("{s:o, s:o, s:o, s:o, s:o}", "procurement_usd",
                                  money3(a->cost.procurement, b->cost.procurement), "transport_usd",
                                  money3(a->cost.transport, b->cost.transport), "handling_usd",
                                  money3(a->cost.handling, b->cost.handling), "storage_usd",
                                  money3(a->cost.storage, b->cost.storage), "unmet_usd",
                                  money3(a->cost.unmet, b->cost.unmet)));
    json_object_set_new(o, "markets", compare_markets(a, b));
    return o;
}

static void compare_two_runs(gf_server *srv, const gf__request *req, gf__response *res, int64_t a,
                             int64_t b)
{
    planned pa = {0}, pb = {0};

    if (plan_run(srv, req, res, a, &pa) && plan_run(srv, req, res, b, &pb))
        gf__reply_json(res, 200, compare_json(a, b, pa.p, pb.p));
    planned_fini(&pa);
    planned_fini(&pb);
}

/* gf_plan_compare on scenario scn without node, as the CLI's compare --json. */
static void compare_node(gf_server *srv, const gf__request *req, gf__response *res, const char *scn,
                         const char *node)
{
    gf_plan_compare_result r = {0};
    gf_error err = {0};
    gf_store *st = gf__store_or_fail(srv, req, res);
    gf_whatif *w = NULL;
    char *text = NULL, *out = NULL;
    size_t len = 0, out_len = 0;
    int32_t k = -1;
    FILE *f = NULL;
    int rc;

    if (!st)
        return;
    rc = gf_store_get_scenario(st, scn, &text, &len, &err);
    gf__store_release(srv, st);
    w = rc ? NULL : gf_whatif_create(text, len, NULL, 0, &err);
    if (!rc && !w)
        rc = err.code ? err.code : GF_EINVAL;
    if (!rc && (k = gf_model_find_node(gf_whatif_model(w), node)) < 0)
        rc = gf_fail(&err, GF_EINVAL, "no node \"%.64s\" in scenario \"%.64s\"", node, scn);
    if (!rc)
        rc = gf_plan_compare(gf_whatif_model(w), k, &r, &err);
    if (!rc) {
        f = open_memstream(&out, &out_len);
        rc = f ? gf_export_compare_json(&r, f, &err) : gf_fail(&err, GF_ENOMEM, "out of memory");
        if (f && fclose(f) && !rc)
            rc = gf_fail(&err, GF_ENOMEM, "out of memory writing the comparison");
    }
    if (rc) {
        gf__problem(res, 0, &err, req->path);
    } else {
        gf__reply_text(res, 200, GF__JSON_TYPE, out, out_len);
        out = NULL;
    }
    free(out);
    gf_plan_compare_fini(&r);
    gf_whatif_destroy(w);
    gf_store_free(text);
}

void gf__compare_runs(gf_server *srv, const gf__request *req, gf__response *res)
{
    const char *scn = req->arg(req, "scenario"), *node = req->arg(req, "node");
    int64_t a = gf__parse_id(req->arg(req, "a")), b = gf__parse_id(req->arg(req, "b"));
    bool by_node = scn || node;

    if (by_node ? !gf_store_id_is_valid(scn) || !node || !node[0] : a < 0 || b < 0) {
        gf__fail(res, 400, GF_EINVAL, req->path,
                 "compare needs ?a=RUN&b=RUN (two run ids) or ?scenario=ID&node=NODE");
        return;
    }
    if (!gf__runs_reserve(srv)) {
        gf__fail(res, 429, GF_ELIMIT, req->path,
                 "too many runs at once; retry after a second (compare solves like a run)");
        res->retry_after = 1;
        return;
    }
    if (by_node)
        compare_node(srv, req, res, scn, node);
    else
        compare_two_runs(srv, req, res, a, b);
    gf__runs_unreserve(srv);
}
