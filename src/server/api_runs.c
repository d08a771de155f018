/* src/server/api_runs.c: /api/v1/runs, start, list and read plan runs.
 *
 * POST checks the body and the edits, reserves a run slot (429 when
 * max_runs are running), validates the what-if against its stored scenario,
 * records the run and starts it on a worker (runs.c), answering 201 with the
 * result when it ends within the quick limit, else 202 with a Location to
 * poll. Results, GeoJSON and the HTML report are read from the store. A run
 * whose network would be over max_arcs is refused with 413 before anything
 * is built. DELETE /runs/{id} (or POST /runs/{id}/cancel) cancels a run.
 * SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grainflow/lp.h"
#include "grainflow/plan_v2.h"
#include "grainflow/report.h"
#include "server/server_int.h"

/* ---- runs ---- */

/* The run as stored, with its result when with_result. */
static void reply_run(gf_server *srv, const gf__request *req, gf__response *res, int64_t id,
                      int status, bool with_result)
{
    gf_error err = {0};
    gf_store *st = gf__store_or_fail(srv, req, res);
    char *text = NULL;

    if (!st)
        return;
    if (gf_store_get_run(st, id, with_result, &text, &err))
        gf__problem(res, 0, &err, req->path);
    else
        gf__reply_store_text(res, status, GF__JSON_TYPE, text);
    gf__store_release(srv, st);
}

/* Read the body of POST /runs: scenario id and edits text (malloc). */
static int run_body(const gf__request *req, gf__response *res, char *scenario, size_t size,
                    char **edits)
{
    json_t *body = gf__body_object(req, res), *sv, *ev;
    const char *k;
    json_t *v;

    *edits = NULL;
    if (!body)
        return -1;
    json_object_foreach(body, k, v)
    {
        if (strcmp(k, "scenario") != 0 && strcmp(k, "edits") != 0) {
            char msg[160];
            snprintf(msg, sizeof msg, "unknown field \"%.64s\"; a run takes scenario and edits", k);
            json_decref(body);
            gf__fail(res, 400, GF_EINVAL, req->path, msg);
            return -1;
        }
    }
    sv = json_object_get(body, "scenario");
    ev = json_object_get(body, "edits");
    if (!json_is_string(sv) || !gf_store_id_is_valid(json_string_value(sv))) {
        json_decref(body);
        gf__fail(res, 400, GF_EINVAL, req->path, "\"scenario\" must be the id of a scenario");
        return -1;
    }
    snprintf(scenario, size, "%s", json_string_value(sv));
    *edits = ev ? gf__json_malloc(ev, JSON_COMPACT | JSON_ENCODE_ANY, NULL) : strdup("[]");
    json_decref(body);
    if (!*edits) {
        gf__fail(res, 503, GF_ENOMEM, req->path, "out of memory");
        return -1;
    }
    return 0;
}

int gf__wait_ms(const gf_server *srv, const gf__request *req)
{
    const char *w = req->arg(req, "wait_ms");
    int64_t v;

    if (!w)
        return srv->cfg.quick_ms;
    if (!strcmp(w, "0"))
        return 0;
    v = gf__parse_id(w);
    return v < 0 ? srv->cfg.quick_ms : (int)(v > 60000 ? 60000 : v);
}

/* Create the run of a validated what-if w (taken) and start it. */
static void launch_run(gf_server *srv, const gf__request *req, gf__response *res, gf_store *st,
                       gf_whatif *w, const char *scenario, const char *edits)
{
    gf_error err = {0};
    int64_t id = 0;
    bool done = false;

    if (gf_store_create_run(st, scenario, edits, &id, &err)) {
        gf_whatif_destroy(w);
        gf__runs_unreserve(srv);
        gf__store_release(srv, st);
        gf__problem(res, 0, &err, req->path);
        return;
    }
    if (gf__runs_start(srv, w, id, gf__wait_ms(srv, req), &done, &err)) {
        gf_store_update_run(st, id, GF_RUN_FAILED, "{\"title\":\"could not start\"}", NULL);
        gf__store_release(srv, st);
        gf__problem(res, 503, &err, req->path);
        return;
    }
    gf__store_release(srv, st);
    snprintf(res->location, sizeof res->location, GF__API "runs/%lld", (long long)id);
    reply_run(srv, req, res, id, done ? 201 : 202, done);
    if (!done)
        res->retry_after = 1;
}

static void post_run(gf_server *srv, const gf__request *req, gf__response *res)
{
    char scenario[GF_STORE_MAX_ID + 1];
    char *edits = NULL, *text = NULL;
    gf_error err = {0};
    gf_store *st = NULL;
    gf_whatif *w = NULL;
    gf_edits *list = NULL;
    size_t len = 0;

    if (run_body(req, res, scenario, sizeof scenario, &edits))
        return;
    list = gf_edits_create(&err); /* parsed once, here; the run takes the list */
    if (!list || gf_edits_parse_json(list, edits, strlen(edits), &err)) {
        gf__problem(res, list ? 400 : 503, &err, req->path);
        goto out;
    }
    if (!gf__runs_reserve(srv)) {
        gf__fail(res, 429, GF_ELIMIT, req->path,
                 "too many runs at once; retry after a second (see max_runs in openapi.json)");
        res->retry_after = 1;
        goto out;
    }
    st = gf__store_or_fail(srv, req, res);
    if (!st || gf_store_get_scenario(st, scenario, &text, &len, &err)) {
        if (st)
            gf__problem(res, 0, &err, req->path);
        gf__runs_unreserve(srv);
        goto out;
    }
    w = gf_whatif_create_parsed(text, len, list, &err);
    list = NULL;
    if (w && gf__runs_check_size(srv, gf_whatif_model(w), &err)) { /* before building */
        gf_whatif_destroy(w);
        w = NULL;
    }
    if (!w) {
        gf__problem(res,
                    err.code == GF_ENOMEM   ? 503
                    : err.code == GF_ELIMIT ? 413
                                            : 400,
                    &err, req->path);
        gf__runs_unreserve(srv);
        goto out;
    }
    launch_run(srv, req, res, st, w, scenario, edits); /* takes w, releases st */
    st = NULL;
out:
    gf_edits_destroy(list);
    gf__store_release(srv, st);
    gf_store_free(text);
    free(edits);
}

static void list_runs(gf_server *srv, const gf__request *req, gf__response *res)
{
    const char *scn = req->arg(req, "scenario");
    int limit = gf__query_limit(req, res);
    gf_error err = {0};
    gf_store *st;
    char *text = NULL;

    if (!limit)
        return;
    st = gf__store_or_fail(srv, req, res);
    if (!st)
        return;
    if (gf_store_list_runs(st, scn, limit, &text, &err))
        gf__problem(res, 0, &err, req->path);
    else
        gf__reply_store_text(res, 200, GF__JSON_TYPE, text);
    gf__store_release(srv, st);
}

/* The stored text what ("result", "geojson") of run id, or NULL after an answer:
 * 404 for an unknown run, 409 for one not done. */
char *gf__run_text(gf_store *st, const gf__request *req, gf__response *res, int64_t id,
                   const char *what)
{
    gf_error err = {0};
    char *text = NULL, *run = NULL;

    if (!gf_store_get_run_text(st, id, what, &text, &err))
        return text;
    gf_error_clear(&err);
    if (gf_store_get_run(st, id, 0, &run, &err)) {
        gf__problem(res, 0, &err, req->path);
        return NULL;
    }
    gf_store_free(run);
    gf__fail(res, 409, GF_ESTATE, req->path, "the run is not done; poll GET /api/v1/runs/{id}");
    return NULL;
}

static void run_geojson(gf_server *srv, const gf__request *req, gf__response *res, int64_t id)
{
    gf_store *st = gf__store_or_fail(srv, req, res);
    char *text;

    if (!st)
        return;
    text = gf__run_text(st, req, res, id, "geojson");
    if (text)
        gf__reply_store_text(res, 200, "application/geo+json", text);
    gf__store_release(srv, st);
}

/* The report of version-2 run id (plan_v2.h), planned again from its stored
 * scenario and edits as run_report does, with those texts hashed. */
static void v2_report(const gf__request *req, gf__response *res, int64_t id, const char *scn,
                      size_t scn_len, const char *edits, gf_error *err)
{
    gf_scenario_file in[2] = {{"scenario.json", scn, scn_len},
                              {"edits.json", edits, strlen(edits)}};
    gf_report_info info = {.inputs = in, .n_inputs = 2, .scenario_name = NULL};
    gf_model *m = NULL;
    gf_plan_v2 *p = gf_plan_v2_whatif(scn, scn_len, edits, strlen(edits), NULL, &m, err);
    char *buf = NULL, name[160];
    size_t len = 0;
    FILE *f = p ? open_memstream(&buf, &len) : NULL;

    if (p) {
        snprintf(name, sizeof name, "run %lld: %.120s", (long long)id, gf_model_name(m));
        info.scenario_name = name;
    }
    if (p && !f)
        gf_fail(err, GF_ENOMEM, "out of memory writing the report");
    if (f)
        gf_export_plan_v2_report_stream(p, &info, f, err);
    if (f && fclose(f) && !err->code)
        gf_fail(err, GF_ENOMEM, "out of memory writing the report");
    if (!p || err->code) {
        gf__problem(res, 0, err, req->path);
    } else {
        gf__reply_text(res, 200, "text/html; charset=utf-8", buf, len);
        buf = NULL;
    }
    free(buf);
    gf_plan_v2_destroy(p);
    gf_model_destroy(m);
}

/* The run's report as the CLI writes it, facts section included: the run
 * is planned again from its stored scenario and edits (as compare does),
 * and those two texts are the inputs the facts hash. */
static void run_report(gf_server *srv, const gf__request *req, gf__response *res, int64_t id)
{
    gf_store *st = gf__store_or_fail(srv, req, res);
    char *plan = NULL, *scn = NULL, *edits = NULL, *buf = NULL, name[160];
    gf_error err = {0};
    gf_whatif *w = NULL;
    gf_plan *p = NULL;
    size_t len = 0, scn_len = 0;
    FILE *f = NULL;

    if (!st)
        return;
    plan = gf__run_text(st, req, res, id, "result"); /* replies 404 / 409 itself */
    if (plan && gf_store_get_run_input(st, id, &scn, &scn_len, &edits, &err))
        gf__problem(res, 0, &err, req->path);
    gf__store_release(srv, st);
    if (!scn || !edits)
        goto out;
    w = gf_whatif_create(scn, scn_len, edits, strlen(edits), &err);
    if (w && gf_lp_model_kind(gf_whatif_model(w)) != GF_LP_KIND_NETWORK) { /* version 2 */
        v2_report(req, res, id, scn, scn_len, edits, &err);
        goto out;
    }
    p = w ? gf_whatif_solve(w, &err) : NULL;
    if (p) {
        gf_scenario_file in[2] = {{"scenario.json", scn, scn_len},
                                  {"edits.json", edits, strlen(edits)}};
        gf_report_info info = {.inputs = in, .n_inputs = 2, .scenario_name = name};
        snprintf(name, sizeof name, "run %lld: %.120s", (long long)id,
                 gf_model_name(gf_whatif_model(w)));
        f = open_memstream(&buf, &len);
        if (!f)
            gf_fail(&err, GF_ENOMEM, "out of memory writing the report");
        else
            gf_export_plan_report_stream(p, &info, f, &err);
        if (f && fclose(f) && !err.code)
            gf_fail(&err, GF_ENOMEM, "out of memory writing the report");
    }
    if (!p || err.code) {
        gf__problem(res, 0, &err, req->path);
    } else {
        gf__reply_text(res, 200, "text/html; charset=utf-8", buf, len);
        buf = NULL;
    }
out:
    free(buf);
    gf_plan_destroy(p);
    gf_whatif_destroy(w);
    gf_store_free(plan);
    gf_store_free(scn);
    gf_store_free(edits);
}

/* DELETE /runs/{id} or POST /runs/{id}/cancel: mark the run failed
 * "cancelled" in the store at once (a queued run then never starts), and set
 * its stop token if it is solving here, so that its result is dropped. 200
 * with the run; 409 when it is finished already. */
static void cancel_run(gf_server *srv, const gf__request *req, gf__response *res, int64_t id)
{
    gf_error err = {0};
    gf_store *st = gf__store_or_fail(srv, req, res);
    int rc;

    if (!st)
        return;
    rc = gf__runs_mark_cancelled(st, id, &err);
    gf__store_release(srv, st);
    if (!rc)
        gf__jobs_cancel(srv, GF__JOB_RUN, id);
    if (rc == GF_ESTATE)
        gf__problem(res, 409, &err, req->path);
    else if (rc)
        gf__problem(res, 0, &err, req->path);
    else
        reply_run(srv, req, res, id, 200, false);
}

void gf__route_jobs(gf_server *srv, const gf__request *req, gf__response *res,
                    gf__job_handler *list, gf__job_handler *post)
{
    if (!strcmp(req->method, "GET"))
        list(srv, req, res);
    else if (!strcmp(req->method, "POST"))
        post(srv, req, res);
    else
        gf__method_not_allowed(res, req->path, "GET, POST");
}

int64_t gf__path_id(const char *rest, const char **sub)
{
    char idtext[24];
    const char *slash = strchr(rest, '/');
    size_t n = slash ? (size_t)(slash - rest) : strlen(rest);

    *sub = slash ? slash + 1 : "";
    snprintf(idtext, sizeof idtext, "%.*s", (int)(n < sizeof idtext ? n : sizeof idtext - 1), rest);
    return n < sizeof idtext ? gf__parse_id(idtext) : -1;
}

int gf__is_cancel(const gf__request *req, gf__response *res, const char *sub)
{
    if (strcmp(sub, "cancel") != 0 && (sub[0] || strcmp(req->method, "DELETE") != 0))
        return 0;
    if (strcmp(req->method, sub[0] ? "POST" : "DELETE") != 0) {
        gf__method_not_allowed(res, req->path, "POST");
        return -1;
    }
    return 1;
}

void gf__route_runs(gf_server *srv, const gf__request *req, gf__response *res, const char *rest)
{
    const char *sub;
    int64_t id;
    int cancel;

    if (!rest[0]) {
        gf__route_jobs(srv, req, res, list_runs, post_run);
        return;
    }
    id = gf__path_id(rest, &sub);
    if (id < 0 ||
        (sub[0] && strcmp(sub, "geojson") && strcmp(sub, "report") && strcmp(sub, "cancel"))) {
        gf__fail(res, 404, GF_ENOTFOUND, req->path, "no such run resource");
        return;
    }
    cancel = gf__is_cancel(req, res, sub);
    if (cancel) {
        if (cancel > 0)
            cancel_run(srv, req, res, id);
        return;
    }
    if (strcmp(req->method, "GET") != 0) {
        gf__method_not_allowed(res, req->path, sub[0] ? "GET" : "GET, DELETE");
        return;
    }
    if (!sub[0])
        reply_run(srv, req, res, id, 200, true);
    else if (!strcmp(sub, "geojson"))
        run_geojson(srv, req, res, id);
    else
        run_report(srv, req, res, id);
}
