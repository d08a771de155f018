/* src/server/api_compare.c: /api/v1/compare, through the planner.
 *
 * Two forms:
 *   ?a=RUN&b=RUN          two done runs side by side. Each is planned again
 *                         by the planner from what it planned (its stored
 *                         scenario and edits, gf_store_get_run_input) and the
 *                         two gf_plans are compared figure by figure in their
 *                         own units, integer cents and tonnes, so a
 *                         difference is exact, and written by the exact JSON
 *                         writer (money from cents); nothing is read back
 *                         from the stored JSON through doubles. A run whose scenario
 *                         was replaced since is refused (409): its text is no
 *                         longer what it planned.
 *   ?scenario=ID&node=ID[,ID...][&remove=1]
 *                         gf_plan_compare_nodes, as `grainflow compare
 *                         --without ID... [--remove] --json` prints it: the
 *                         scenario with and without the nodes, closed
 *                         together, and each node's break-even handling fee.
 *                         By default only their transit is closed (each
 *                         keeps its own supply and demand: "the corridor
 *                         without the hub"); remove=1 takes them out whole.
 *                         Several nodes are one comma-separated node=, as a
 *                         query names each key once.
 *                         On a version-2 scenario (CLP/CBC) it is
 *                         gf_plan_v2_compare, answered as `grainflow compare
 *                         --json` prints it there (export_v2.c); optional
 *                         time_limit=S (seconds per solve) and gap=PCT as the
 *                         CLI's (default 0.1: GF_LP_GAP_SHARE_DEFAULT).
 *                         Each of the two solves is held to at most 40%
 *                         of run_timeout_s, so a compare ends within a
 *                         run's time; a plan stopped there is answered
 *                         with its status and gap, never as optimal. The
 *                         solves are a job (runs.c, gf__job_enter) on
 *                         this request's thread: the server's stop, the
 *                         run timeout or the client hanging up sets its
 *                         halt flag, CBC's interrupt, which CBC reads
 *                         between the nodes of its search; an interrupted
 *                         compare is answered only when the client is
 *                         still there (as its plans' "interrupted"
 *                         status), and at a shutdown with 503.
 * Both solve, so each holds a run slot while it does (429 when max_runs are
 * busy), like a run.
 * SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grainflow/export.h"
#include "grainflow/jsonw.h"
#include "grainflow/plan_v2.h"
#include "grainflow/scenario.h"
#include "server/server_int.h"

/* The most nodes one compare closes (gf_plan_compare_nodes' own limit). */
#define MAX_NODES 64

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

/* A figure of a run in its own unit: cents and tonnes exact, other
 * measures (CO2, $/t averages) as reals. */
typedef enum unit {
    UNIT_CENTS,
    UNIT_TONNES,
    UNIT_REAL
} unit;

typedef union figure {
    int64_t i; /* UNIT_CENTS, UNIT_TONNES */
    double r;  /* UNIT_REAL */
} figure;

static figure fig_i(int64_t v)
{
    return (figure){.i = v};
}

static figure fig_r(double v)
{
    return (figure){.r = v};
}

static void put_figure(gf_jsonw *w, const char *k, unit u, figure f)
{
    if (u == UNIT_CENTS)
        gf_jsonw_kcents(w, k, f.i);
    else if (u == UNIT_TONNES)
        gf_jsonw_kint(w, k, f.i);
    else
        gf_jsonw_kreal(w, k, f.r);
}

/* "k": {"a", "b", "diff"} of one figure of both runs; the difference is
 * taken in the figure's unit (cents, tonnes), so money stays exact. */
static void put_pair(gf_jsonw *w, const char *k, unit u, figure a, figure b)
{
    gf_jsonw_key(w, k);
    gf_jsonw_object(w);
    put_figure(w, "a", u, a);
    put_figure(w, "b", u, b);
    put_figure(w, "diff", u, u == UNIT_REAL ? fig_r(b.r - a.r) : fig_i(b.i - a.i));
    gf_jsonw_end(w);
}

static const gf_plan_market_sum *market_of(const gf_plan *p, const char *node)
{
    for (int32_t i = 0; i < p->n_market_sums; i++)
        if (!strcmp(gf_model_node(p->model, p->market_sums[i].node)->id, node))
            return &p->market_sums[i];
    return NULL;
}

/* Every market of a that b also has, by node id (the two models may differ). */
static void compare_markets(gf_jsonw *w, const gf_plan *a, const gf_plan *b)
{
    gf_jsonw_key(w, "markets");
    gf_jsonw_array(w);
    for (int32_t i = 0; !w->rc && i < a->n_market_sums; i++) {
        const gf_plan_market_sum *x = &a->market_sums[i];
        const char *node = gf_model_node(a->model, x->node)->id;
        const gf_plan_market_sum *y = market_of(b, node);
        gf_market_figures fx, fy;
        if (!y)
            continue;
        gf_plan_market_figures(x, &fx);
        gf_plan_market_figures(y, &fy);
        gf_jsonw_object(w);
        gf_jsonw_kstring(w, "node", node);
        put_pair(w, "delivered_t", UNIT_TONNES, fig_i(x->delivered_t), fig_i(y->delivered_t));
        put_pair(w, "landed_avg_usd_per_t", UNIT_REAL, fig_r(fx.landed_usd), fig_r(fy.landed_usd));
        put_pair(w, "saving_usd_per_t", UNIT_REAL, fig_r(fx.saving_usd), fig_r(fy.saving_usd));
        gf_jsonw_end(w);
    }
    gf_jsonw_end(w);
}

/* The comparison of runs ia and ib (plans a and b) through the exact writer:
 * money from integer cents, tonnes as integers. */
static void compare_json(gf_jsonw *w, int64_t ia, int64_t ib, const gf_plan *a, const gf_plan *b)
{
    gf_jsonw_object(w);
    gf_jsonw_kint(w, "a", ia);
    gf_jsonw_kint(w, "b", ib);
    put_pair(w, "total_cost_usd", UNIT_CENTS, fig_i(a->cost.total), fig_i(b->cost.total));
    put_pair(w, "delivered_t", UNIT_TONNES, fig_i(a->delivered_t), fig_i(b->delivered_t));
    put_pair(w, "unmet_t", UNIT_TONNES, fig_i(a->unmet_t), fig_i(b->unmet_t));
    put_pair(w, "co2_t", UNIT_REAL, fig_r(a->co2_t), fig_r(b->co2_t));
    gf_jsonw_key(w, "cost");
    gf_jsonw_object(w);
    put_pair(w, "procurement_usd", UNIT_CENTS, fig_i(a->cost.procurement),
             fig_i(b->cost.procurement));
    put_pair(w, "transport_usd", UNIT_CENTS, fig_i(a->cost.transport), fig_i(b->cost.transport));
    put_pair(w, "handling_usd", UNIT_CENTS, fig_i(a->cost.handling), fig_i(b->cost.handling));
    put_pair(w, "storage_usd", UNIT_CENTS, fig_i(a->cost.storage), fig_i(b->cost.storage));
    put_pair(w, "unmet_usd", UNIT_CENTS, fig_i(a->cost.unmet), fig_i(b->cost.unmet));
    gf_jsonw_end(w);
    compare_markets(w, a, b);
    gf_jsonw_end(w);
}

/* Answer 200 with the comparison, written into a malloc'd body (freed by the HTTP adapter). */
static void reply_compare(gf__response *res, const gf__request *req, int64_t ia, int64_t ib,
                          const gf_plan *a, const gf_plan *b)
{
    gf_error err = {0};
    char *out = NULL;
    size_t out_len = 0;
    FILE *f = open_memstream(&out, &out_len);
    gf_jsonw w;
    int rc;

    if (!f) {
        gf_fail(&err, GF_ENOMEM, "out of memory writing the comparison");
        gf__problem(res, 503, &err, req->path);
        return;
    }
    gf_jsonw_init_file(&w, f, false);
    compare_json(&w, ia, ib, a, b);
    rc = gf_jsonw_finish(&w, &err);
    if (fclose(f) && !rc)
        rc = gf_fail(&err, GF_ENOMEM, "out of memory writing the comparison");
    if (rc) {
        free(out);
        gf__problem(res, 0, &err, req->path);
        return;
    }
    gf__reply_text(res, 200, GF__JSON_TYPE, out, out_len);
}

static void compare_two_runs(gf_server *srv, const gf__request *req, gf__response *res, int64_t a,
                             int64_t b)
{
    planned pa = {0}, pb = {0};

    if (plan_run(srv, req, res, a, &pa) && plan_run(srv, req, res, b, &pb))
        reply_compare(res, req, a, b, pa.p, pb.p);
    planned_fini(&pa);
    planned_fini(&pb);
}

/* The node ids of list ("A,B,C") in m into nodes[GF_COMPARE_MAX_NODES];
 * false with *err naming the id that is unknown or one too many (a repeated
 * one is refused by gf_plan_compare_nodes). */
static bool find_nodes(const gf_model *m, const char *list, const char *scn, int32_t *nodes,
                       int32_t *n, gf_error *err)
{
    *n = 0;
    for (const char *s = list;; s++) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        char id[256];
        int32_t k;
        if (len == 0 || len >= sizeof id) {
            gf_fail(err, GF_EINVAL,
                    "node=%.64s: give node ids separated by commas (node=A or node=A,B)", list);
            return false;
        }
        memcpy(id, s, len);
        id[len] = '\0';
        k = gf_model_find_node(m, id);
        if (k < 0) {
            gf_fail(err, GF_EINVAL, "no node \"%.64s\" in scenario \"%.64s\"", id, scn);
            return false;
        }
        if (*n == MAX_NODES) {
            gf_fail(err, GF_EINVAL, "node=%.64s: at most %d nodes", list, MAX_NODES);
            return false;
        }
        nodes[(*n)++] = k;
        if (!e)
            return true;
        s = e;
    }
}

/* The v2 solve options of a compare request: time_limit (seconds > 0) and
 * gap (percent, 0 <= gap < 100), each solve capped at 40% of the run
 * timeout. false with *err naming the bad parameter. */
static bool v2_options(const gf_server *srv, const gf__request *req, gf_lp_options *o,
                       gf_error *err)
{
    const char *tl = req->arg(req, "time_limit"), *gap = req->arg(req, "gap");
    double cap = 0.4 * srv->cfg.run_timeout_s, v;
    char *end = NULL;

    gf_lp_options_init(o);
    o->time_limit_s = cap;
    o->gap_share = GF_LP_GAP_SHARE_DEFAULT; /* what site proves (lp.h) */
    if (tl) {
        v = strtod(tl, &end);
        if (end == tl || *end || !(v > 0) || v > 1e9) {
            gf_fail(err, GF_EINVAL, "time_limit must be a number of seconds > 0 (got \"%.32s\")",
                    tl);
            return false;
        }
        o->time_limit_s = v < cap ? v : cap;
    }
    if (gap) {
        v = strtod(gap, &end);
        if (end == gap || *end || !(v >= 0) || v >= 100) {
            gf_fail(err, GF_EINVAL,
                    "gap must be a percentage of the saving, at least 0 and below 100 (got "
                    "\"%.32s\"); 0 proves the optimum",
                    gap);
            return false;
        }
        o->gap_share = v / 100;
    }
    return true;
}

/* The version-2 compare of m (taken) into *out (malloc'd JSON); the
 * closed plan's model is the copy gf_plan_v2_compare makes, so the stored
 * text is parsed once. *http: the status of an error other than its code's
 * (503 when the server's stop interrupted it). */
static int compare_v2(gf_server *srv, const gf__request *req, gf_model *m, const int32_t *nodes,
                      int32_t n, bool remove, char **out, size_t *out_len, int *http, gf_error *err)
{
    gf_plan_v2_compare_result r = {0};
    gf_lp_options o;
    gf__job_head job;
    FILE *f = NULL;
    int rc = v2_options(srv, req, &o, err) ? GF_OK : GF_EINVAL;

    if (!rc) {
        gf__job_enter(srv, &job, GF__JOB_COMPARE, req->has_fd ? req->fd : -1);
        o.interrupt = &job.halt;
        rc = gf_plan_v2_compare(m, NULL, nodes, n, remove ? GF_COMPARE_REMOVE : GF_COMPARE_TRANSIT,
                                &o, &r, err);
        gf__job_leave(&job);
        if (atomic_load(&job.stop) == GF__STOP_SHUTDOWN) { /* whatever the solves gave */
            gf_plan_v2_compare_fini(&r);
            gf_error_clear(err);
            rc = gf_fail(err, GF_ESTATE,
                         "the server is stopping: the compare was interrupted; retry once it "
                         "is back");
            *http = 503;
        }
    }
    if (!rc) {
        f = open_memstream(out, out_len);
        rc = f ? gf_export_compare_v2_json(&r, f, err) : gf_fail(err, GF_ENOMEM, "out of memory");
        if (f && fclose(f) && !rc)
            rc = gf_fail(err, GF_ENOMEM, "out of memory writing the comparison");
    }
    gf_plan_v2_compare_fini(&r);
    gf_model_destroy(m);
    return rc;
}

/* gf_plan_compare_nodes on scenario scn without the nodes of list, closed
 * together (transit only, or whole when remove), answered as `grainflow
 * compare --json` prints it. */
static void compare_node(gf_server *srv, const gf__request *req, gf__response *res, const char *scn,
                         const char *list, bool remove)
{
    gf_plan_compare_result r = {0};
    gf_error err = {0};
    gf_store *st = gf__store_or_fail(srv, req, res);
    gf_model *m = NULL;
    bool v2 = false;
    char *text = NULL, *out = NULL;
    size_t len = 0, out_len = 0;
    int32_t nodes[MAX_NODES], n = 0;
    FILE *f = NULL;
    int rc, http = 0;

    if (!st)
        return;
    rc = gf_store_get_scenario(st, scn, &text, &len, &err);
    gf__store_release(srv, st);
    m = rc ? NULL : gf_scenario_read_json(text, len, &err);
    if (!rc && !m)
        rc = err.code ? err.code : GF_EINVAL;
    if (!rc && !find_nodes(m, list, scn, nodes, &n, &err))
        rc = err.code;
    if (!rc && gf_lp_model_kind(m) != GF_LP_KIND_NETWORK) { /* version 2: CLP/CBC */
        rc = compare_v2(srv, req, m, nodes, n, remove, &out, &out_len, &http, &err);
        m = NULL;
        v2 = true;
    }
    if (!rc && !v2)
        rc = gf_plan_compare_nodes(m, nodes, n, remove ? GF_COMPARE_REMOVE : GF_COMPARE_TRANSIT, &r,
                                   &err);
    if (rc == GF_EINVAL && !remove && strstr(err.msg, "close the whole node instead")) {
        size_t k = strlen(err.msg); /* say how, here */
        snprintf(err.msg + k, sizeof err.msg - k, " (remove=1)");
    }
    if (!rc && !v2) {
        f = open_memstream(&out, &out_len);
        rc = f ? gf_export_compare_json(&r, f, &err) : gf_fail(&err, GF_ENOMEM, "out of memory");
        if (f && fclose(f) && !rc)
            rc = gf_fail(&err, GF_ENOMEM, "out of memory writing the comparison");
    }
    if (rc) {
        gf__problem(res, http, &err, req->path);
    } else {
        gf__reply_text(res, 200, GF__JSON_TYPE, out, out_len);
        out = NULL;
    }
    free(out);
    gf_plan_compare_fini(&r); /* before its model */
    gf_model_destroy(m);
    gf_store_free(text);
}

void gf__compare_runs(gf_server *srv, const gf__request *req, gf__response *res)
{
    const char *scn = req->arg(req, "scenario"), *node = req->arg(req, "node");
    const char *remove = req->arg(req, "remove");
    int64_t a = gf__parse_id(req->arg(req, "a")), b = gf__parse_id(req->arg(req, "b"));
    bool by_node = scn || node;

    if (by_node ? !gf_store_id_is_valid(scn) || !node || !node[0] : a < 0 || b < 0) {
        gf__fail(res, 400, GF_EINVAL, req->path,
                 "compare needs ?a=RUN&b=RUN (two run ids) or ?scenario=ID&node=NODE[,NODE...]");
        return;
    }
    if (remove && strcmp(remove, "0") && strcmp(remove, "1")) {
        gf__fail(res, 400, GF_EINVAL, req->path,
                 "remove must be 1 (take the nodes out whole) or 0 (the default: close their "
                 "transit only)");
        return;
    }
    if (!gf__runs_reserve(srv)) {
        gf__fail(res, 429, GF_ELIMIT, req->path,
                 "too many runs at once; retry after a second (compare solves like a run)");
        res->retry_after = 1;
        return;
    }
    if (by_node)
        compare_node(srv, req, res, scn, node, remove && !strcmp(remove, "1"));
    else
        compare_two_runs(srv, req, res, a, b);
    gf__runs_unreserve(srv);
}
