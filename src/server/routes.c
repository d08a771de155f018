/* src/server/routes.c: the JSON API under /api/v1/ and the static files.
 *
 * Each route checks its input first and answers a problem+json (RFC 9457)
 * for anything it refuses, before it changes anything: the store is written
 * only once a body has parsed and a scenario has been read and validated by
 * the same reader as the CLI. Request bodies are parsed with jansson; stored
 * JSON texts (scenarios, runs, results) are passed through as they are.
 * Static files are looked up under the realpath of the static folder and
 * served only if their own realpath stays inside it.
 * SPDX-License-Identifier: MIT */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grainflow/alloc.h"
#include "grainflow/report.h"
#include "grainflow/scenario.h"
#include "server/multipart.h"
#include "server/server_int.h"

#define JSON_TYPE    "application/json"
#define PROBLEM_TYPE "application/problem+json"
#define API          "/api/v1/"
#define MAX_PARTS    8

/* ---- answers ---- */

static void reply_text(gf__response *res, int status, const char *type, char *text, size_t len)
{
    res->status = status;
    res->content_type = type;
    res->body = text; /* taken */
    res->body_len = text ? len : 0;
}

static void reply_json(gf__response *res, int status, json_t *v)
{
    char *t = v ? json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;

    json_decref(v);
    if (!t) {
        reply_text(res, 503, "text/plain", NULL, 0);
        return;
    }
    reply_text(res, status, JSON_TYPE, t, strlen(t));
}

/* Copy a text owned by the store into a malloc'd response body. */
static void reply_store_text(gf__response *res, int status, const char *type, char *text)
{
    size_t n = strlen(text);
    char *t = malloc(n + 1);

    if (t)
        memcpy(t, text, n + 1);
    gf_store_free(text);
    if (!t) {
        reply_text(res, 503, "text/plain", NULL, 0);
        return;
    }
    reply_text(res, status, type, t, n);
}

static const char *status_name(int code)
{
    switch (code) {
#define GF_X_NAME(name, num, http, text) \
    case num:                            \
        return #name;
        GF_STATUS_MAP(GF_X_NAME)
#undef GF_X_NAME
    default:
        return "GF_EUNKNOWN";
    }
}

static const char *reason(int http)
{
    switch (http) {
    case 400:
        return "bad request";
    case 401:
        return "unauthorized";
    case 404:
        return "not found";
    case 405:
        return "method not allowed";
    case 409:
        return "conflict";
    case 413:
        return "content too large";
    case 415:
        return "unsupported media type";
    case 429:
        return "too many requests";
    case 503:
        return "service unavailable";
    default:
        return "error";
    }
}

/* The field an input names: "edits[0].pct" -> "pct"; NULL if none. */
static const char *input_field(const char *input)
{
    const char *dot = strrchr(input, '.');

    return strncmp(input, "edits[", 6) == 0 && dot ? dot + 1 : NULL;
}

/* A problem+json answer for err, with HTTP status http (0 = from the code).
 * The type and title follow the gf_status when it maps to that HTTP status,
 * else the HTTP status (a 401 raised as GF_EINVAL is "unauthorized"). */
static void problem(gf__response *res, int http, const gf_error *err, const char *path)
{
    char type[64], src[160];
    const char *title = gf_strerror(err->code), *field = input_field(err->input);
    json_t *o;

    if (!http)
        http = gf_status_http(err->code);
    if (http == gf_status_http(err->code)) {
        snprintf(type, sizeof type, "urn:grainflow:problem:%s", status_name(err->code));
    } else {
        snprintf(type, sizeof type, "urn:grainflow:problem:http-%d", http);
        title = reason(http);
    }
    snprintf(src, sizeof src, "%s:%d", err->src_file ? err->src_file : "", err->src_line);
    o = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:s}", "type", type, "title", title, "status",
                  http, "detail", err->msg, "instance", path ? path : "", "code",
                  status_name(err->code), "src", src);
    if (o && err->input[0])
        json_object_set_new(o, "input", json_string(err->input));
    if (o && field)
        json_object_set_new(o, "field", json_string(field));
    if (o && err->line > 0)
        json_object_set_new(o, "line", json_integer(err->line));
    if (o && err->column > 0)
        json_object_set_new(o, "column", json_integer(err->column));
    reply_json(res, http, o);
    if (res->status == http)
        res->content_type = PROBLEM_TYPE;
}

/* A problem from a fresh message. */
static void fail(gf__response *res, int http, int code, const char *path, const char *msg)
{
    gf_error err = {0};

    gf_fail(&err, code, "%s", msg);
    problem(res, http, &err, path);
}

/* ---- helpers ---- */

static bool token_ok(const gf_server *srv, const char *auth)
{
    size_t n, i;
    unsigned char diff = 0;

    if (!srv->token)
        return true;
    if (!auth || strncmp(auth, "Bearer ", 7) != 0)
        return false;
    auth += 7;
    n = strlen(srv->token);
    if (strlen(auth) != n)
        return false;
    for (i = 0; i < n; i++) /* constant time in the token's length */
        diff |= (unsigned char)(auth[i] ^ srv->token[i]);
    return diff == 0;
}

/* Parse a positive decimal id; -1 when s is not one. */
static int64_t parse_id(const char *s)
{
    char *end = NULL;
    long long v;

    if (!s || !*s || *s == '+' || *s == '-' || strlen(s) > 18)
        return -1;
    errno = 0;
    v = strtoll(s, &end, 10);
    return errno || *end || v <= 0 ? -1 : (int64_t)v;
}

/* The JSON body as an object; NULL after answering 400/415. */
static json_t *body_object(const gf__request *req, gf__response *res)
{
    json_error_t je;
    gf_error err = {0};
    json_t *v;

    if (req->content_type && strncasecmp(req->content_type, "application/json", 16) != 0) {
        fail(res, 415, GF_EINVAL, req->path,
             "the body must be application/json (or multipart/form-data for a CSV upload)");
        return NULL;
    }
    v = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je);
    if (!v) {
        gf_fail(&err, GF_EPARSE, "%s", je.text);
        gf_error_at(&err, "request body", je.line > 0 ? je.line : 1, je.column > 0 ? je.column : 0);
        problem(res, 400, &err, req->path);
        return NULL;
    }
    if (!json_is_object(v)) {
        json_decref(v);
        fail(res, 400, GF_EINVAL, req->path, "the body must be a JSON object");
        return NULL;
    }
    return v;
}

/* A store handle, or NULL after answering 503. */
static gf_store *store_or_fail(gf_server *srv, const gf__request *req, gf__response *res)
{
    gf_error err = {0};
    gf_store *st = gf__store_acquire(srv, &err);

    if (!st)
        problem(res, 503, &err, req->path);
    return st;
}

/* ---- scenarios ---- */

static void list_scenarios(gf_server *srv, const gf__request *req, gf__response *res)
{
    gf_error err = {0};
    gf_store *st = store_or_fail(srv, req, res);
    char *text = NULL;

    if (!st)
        return;
    if (gf_store_list_scenarios(st, &text, &err))
        problem(res, 0, &err, req->path);
    else
        reply_store_text(res, 200, JSON_TYPE, text);
    gf__store_release(srv, st);
}

static void get_scenario(gf_server *srv, const gf__request *req, gf__response *res, const char *id)
{
    gf_error err = {0};
    gf_store *st = store_or_fail(srv, req, res);
    char *text = NULL;

    if (!st)
        return;
    if (gf_store_get_scenario(st, id, &text, NULL, &err))
        problem(res, 0, &err, req->path);
    else
        reply_store_text(res, 200, JSON_TYPE, text);
    gf__store_release(srv, st);
}

static void delete_scenario(gf_server *srv, const gf__request *req, gf__response *res,
                            const char *id)
{
    gf_error err = {0};
    gf_store *st = store_or_fail(srv, req, res);

    if (!st)
        return;
    if (gf_store_delete_scenario(st, id, &err))
        problem(res, 0, &err, req->path);
    else
        reply_text(res, 204, NULL, NULL, 0);
    gf__store_release(srv, st);
}

/* Validate the JSON scenario text and store it as id; answers 200/201. */
static void store_scenario(gf_server *srv, const gf__request *req, gf__response *res,
                           const char *id, const char *text, size_t len, bool replace)
{
    gf_error err = {0};
    gf_whatif *w = gf_whatif_create(text, len, NULL, 0, &err);
    gf_store *st = NULL;
    int created = 0, rc;
    json_t *o;

    if (!w) {
        problem(res, err.code == GF_ENOMEM ? 503 : 400, &err, req->path);
        return;
    }
    st = store_or_fail(srv, req, res);
    if (!st)
        goto out;
    if (replace)
        rc = gf_store_put_scenario(st, id, gf_model_name(gf_whatif_model(w)), text, len, &created,
                                   &err);
    else
        rc = gf_store_create_scenario(st, id, gf_model_name(gf_whatif_model(w)), text, len, &err);
    if (rc) {
        problem(res, 0, &err, req->path);
        goto out;
    }
    created = created || !replace;
    snprintf(res->location, sizeof res->location, API "scenarios/%s", id);
    o = json_pack("{s:s, s:s, s:i, s:i}", "id", id, "name", gf_model_name(gf_whatif_model(w)),
                  "nodes", gf_model_node_count(gf_whatif_model(w)), "links",
                  gf_model_link_count(gf_whatif_model(w)));
    reply_json(res, created ? 201 : 200, o);
out:
    gf__store_release(srv, st);
    gf_whatif_destroy(w);
}

/* The tables of a JSON body, as compact text without "id" and "name". */
static char *scenario_body_text(json_t *body)
{
    json_object_del(body, "id");
    json_object_del(body, "name");
    if (!json_object_get(body, "format"))
        json_object_set_new(body, "format", json_integer(1));
    return json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(15));
}

static void remove_upload(const char *dir)
{
    static const char *const files[] = {"scenario.csv", "nodes.csv", "links.csv", "supply.csv",
                                        "demand.csv"};
    char path[PATH_MAX];

    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* Write the known parts as CSV files; "id" goes to idbuf. -1 on a bad part. */
static int write_parts(const gf__part *parts, int n, const char *dir, char *idbuf, size_t size,
                       char *bad, size_t bad_size)
{
    static const char *const tables[] = {"scenario", "nodes", "links", "supply", "demand"};

    for (int i = 0; i < n; i++) {
        char name[64], path[PATH_MAX];
        size_t k = strcspn(parts[i].name, ".");
        bool known = false;
        FILE *f;
        snprintf(name, sizeof name, "%.*s", (int)k, parts[i].name);
        if (!strcmp(name, "id")) {
            snprintf(idbuf, size, "%.*s", (int)(parts[i].len < size ? parts[i].len : size - 1),
                     parts[i].data);
            continue;
        }
        for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
            known = known || !strcmp(name, tables[t]);
        if (!known) {
            snprintf(bad, bad_size,
                     "unknown form field \"%.40s\"; send id and the files "
                     "scenario, nodes, links, supply, demand",
                     parts[i].name);
            return -1;
        }
        snprintf(path, sizeof path, "%s/%s.csv", dir, name);
        f = fopen(path, "wb");
        if (!f || fwrite(parts[i].data, 1, parts[i].len, f) != parts[i].len) {
            if (f)
                fclose(f);
            snprintf(bad, bad_size, "cannot keep the uploaded %s", name);
            return -1;
        }
        fclose(f);
    }
    return 0;
}

/* Strip dir from err->input so that errors name nodes.csv, not a temp path. */
static void strip_dir(gf_error *err, const char *dir)
{
    size_t n = strlen(dir);

    if (!strncmp(err->input, dir, n) && err->input[n] == '/')
        memmove(err->input, err->input + n + 1, strlen(err->input + n + 1) + 1);
}

/* POST /api/v1/scenarios as multipart/form-data: id + CSV files. */
static void upload_scenario(gf_server *srv, const gf__request *req, gf__response *res,
                            const char *delim, const char *path_id)
{
    gf__part parts[MAX_PARTS];
    char dir[] = "/tmp/grainflow-upload-XXXXXX", id[80] = "", bad[160] = "";
    gf_error err = {0};
    gf_model *m = NULL;
    char *json = NULL;
    size_t len = 0;
    int n = 0;

    if (gf__multipart_parse(req->body, req->body_len, delim, parts, MAX_PARTS, &n)) {
        fail(res, 400, GF_EPARSE, req->path, "malformed multipart/form-data body");
        return;
    }
    if (!mkdtemp(dir)) {
        fail(res, 503, GF_EIO, req->path, "cannot keep the upload (no temporary folder)");
        return;
    }
    if (write_parts(parts, n, dir, id, sizeof id, bad, sizeof bad)) {
        fail(res, 400, GF_EINVAL, req->path, bad);
        goto out;
    }
    if (path_id)
        snprintf(id, sizeof id, "%s", path_id);
    if (!gf_store_id_is_valid(id)) {
        fail(res, 400, GF_EINVAL, req->path,
             "the form field id must be 1 to 64 letters, digits, '_', '-' or '.'");
        goto out;
    }
    m = gf_scenario_read_csv(dir, &err);
    if (m)
        json = gf_scenario_json_from_csv(dir, &len, &err);
    if (!json) {
        strip_dir(&err, dir);
        problem(res, err.code == GF_ENOMEM ? 503 : 400, &err, req->path);
        goto out;
    }
    store_scenario(srv, req, res, id, json, len, path_id != NULL);
out:
    gf_model_destroy(m);
    if (json)
        gf_free(json, len + 1);
    remove_upload(dir);
}

/* POST /api/v1/scenarios (path_id NULL) or PUT /api/v1/scenarios/{id}. */
static void put_scenario(gf_server *srv, const gf__request *req, gf__response *res,
                         const char *path_id)
{
    char delim[80];
    const char *id = path_id;
    json_t *body;
    char *text;

    if (!gf__multipart_boundary(req->content_type, delim, sizeof delim)) {
        upload_scenario(srv, req, res, delim, path_id);
        return;
    }
    body = body_object(req, res);
    if (!body)
        return;
    if (!id)
        id = json_string_value(json_object_get(body, "id"));
    if (!gf_store_id_is_valid(id)) {
        json_decref(body);
        fail(res, 400, GF_EINVAL, req->path,
             "the scenario needs an \"id\" of 1 to 64 letters, digits, '_', '-' or '.'");
        return;
    }
    {
        char idcopy[GF_STORE_MAX_ID + 1];
        snprintf(idcopy, sizeof idcopy, "%s", id);
        text = scenario_body_text(body);
        json_decref(body);
        if (!text) {
            fail(res, 503, GF_ENOMEM, req->path, "out of memory");
            return;
        }
        store_scenario(srv, req, res, idcopy, text, strlen(text), path_id != NULL);
    }
    free(text);
}

/* ---- runs ---- */

/* The run as stored, with its result when with_result. */
static void reply_run(gf_server *srv, const gf__request *req, gf__response *res, int64_t id,
                      int status, bool with_result)
{
    gf_error err = {0};
    gf_store *st = store_or_fail(srv, req, res);
    char *text = NULL;

    if (!st)
        return;
    if (gf_store_get_run(st, id, with_result, &text, &err))
        problem(res, 0, &err, req->path);
    else
        reply_store_text(res, status, JSON_TYPE, text);
    gf__store_release(srv, st);
}

/* Read the body of POST /runs: scenario id and edits text (malloc). */
static int run_body(const gf__request *req, gf__response *res, char *scenario, size_t size,
                    char **edits)
{
    json_t *body = body_object(req, res), *sv, *ev;
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
            fail(res, 400, GF_EINVAL, req->path, msg);
            return -1;
        }
    }
    sv = json_object_get(body, "scenario");
    ev = json_object_get(body, "edits");
    if (!json_is_string(sv) || !gf_store_id_is_valid(json_string_value(sv))) {
        json_decref(body);
        fail(res, 400, GF_EINVAL, req->path, "\"scenario\" must be the id of a scenario");
        return -1;
    }
    snprintf(scenario, size, "%s", json_string_value(sv));
    *edits = ev ? json_dumps(ev, JSON_COMPACT | JSON_ENCODE_ANY) : strdup("[]");
    json_decref(body);
    if (!*edits) {
        fail(res, 503, GF_ENOMEM, req->path, "out of memory");
        return -1;
    }
    return 0;
}

static int wait_ms(const gf_server *srv, const gf__request *req)
{
    const char *w = req->arg(req, "wait_ms");
    int64_t v;

    if (!w)
        return srv->cfg.quick_ms;
    if (!strcmp(w, "0"))
        return 0;
    v = parse_id(w);
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
        problem(res, 0, &err, req->path);
        return;
    }
    if (gf__runs_start(srv, w, id, wait_ms(srv, req), &done, &err)) {
        gf_store_update_run(st, id, GF_RUN_FAILED, "{\"title\":\"could not start\"}", NULL);
        gf__store_release(srv, st);
        problem(res, 503, &err, req->path);
        return;
    }
    gf__store_release(srv, st);
    snprintf(res->location, sizeof res->location, API "runs/%lld", (long long)id);
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
    size_t len = 0;

    if (run_body(req, res, scenario, sizeof scenario, &edits))
        return;
    if (gf_whatif_check_edits(edits, strlen(edits), &err)) {
        problem(res, 400, &err, req->path);
        goto out;
    }
    if (!gf__runs_reserve(srv)) {
        fail(res, 429, GF_ELIMIT, req->path,
             "too many runs at once; retry after a second (see max_runs in openapi.json)");
        res->retry_after = 1;
        goto out;
    }
    st = store_or_fail(srv, req, res);
    if (!st || gf_store_get_scenario(st, scenario, &text, &len, &err)) {
        if (st)
            problem(res, 0, &err, req->path);
        gf__runs_unreserve(srv);
        goto out;
    }
    w = gf_whatif_create(text, len, edits, strlen(edits), &err);
    if (!w) {
        problem(res, err.code == GF_ENOMEM ? 503 : 400, &err, req->path);
        gf__runs_unreserve(srv);
        goto out;
    }
    launch_run(srv, req, res, st, w, scenario, edits); /* takes w, releases st */
    st = NULL;
out:
    gf__store_release(srv, st);
    gf_store_free(text);
    free(edits);
}

static void list_runs(gf_server *srv, const gf__request *req, gf__response *res)
{
    const char *scn = req->arg(req, "scenario"), *lim = req->arg(req, "limit");
    int64_t limit = lim ? parse_id(lim) : 50;
    gf_error err = {0};
    gf_store *st;
    char *text = NULL;

    if (limit < 1 || limit > 1000) {
        fail(res, 400, GF_EINVAL, req->path, "limit must be a whole number from 1 to 1000");
        return;
    }
    st = store_or_fail(srv, req, res);
    if (!st)
        return;
    if (gf_store_list_runs(st, scn, (int)limit, &text, &err))
        problem(res, 0, &err, req->path);
    else
        reply_store_text(res, 200, JSON_TYPE, text);
    gf__store_release(srv, st);
}

/* The stored text what ("result", "geojson") of run id, or NULL after an answer:
 * 404 for an unknown run, 409 for one not done. */
static char *run_text(gf_store *st, const gf__request *req, gf__response *res, int64_t id,
                      const char *what)
{
    gf_error err = {0};
    char *text = NULL, *run = NULL;

    if (!gf_store_get_run_text(st, id, what, &text, &err))
        return text;
    gf_error_clear(&err);
    if (gf_store_get_run(st, id, 0, &run, &err)) {
        problem(res, 0, &err, req->path);
        return NULL;
    }
    gf_store_free(run);
    fail(res, 409, GF_ESTATE, req->path, "the run is not done; poll GET /api/v1/runs/{id}");
    return NULL;
}

static void run_geojson(gf_server *srv, const gf__request *req, gf__response *res, int64_t id)
{
    gf_store *st = store_or_fail(srv, req, res);
    char *text;

    if (!st)
        return;
    text = run_text(st, req, res, id, "geojson");
    if (text)
        reply_store_text(res, 200, "application/geo+json", text);
    gf__store_release(srv, st);
}

static void run_report(gf_server *srv, const gf__request *req, gf__response *res, int64_t id)
{
    gf_store *st = store_or_fail(srv, req, res);
    char *plan = NULL, *geo = NULL, *buf = NULL, title[64];
    gf_error err = {0};
    size_t len = 0;
    FILE *f;

    if (!st)
        return;
    plan = run_text(st, req, res, id, "result");
    geo = plan ? run_text(st, req, res, id, "geojson") : NULL;
    gf__store_release(srv, st);
    if (!geo)
        goto out;
    snprintf(title, sizeof title, "grainflow run %lld", (long long)id);
    f = open_memstream(&buf, &len);
    if (!f || gf_export_report_html(f, title, plan, geo, &err)) {
        if (!err.code)
            gf_fail(&err, GF_ENOMEM, "out of memory writing the report");
        problem(res, 0, &err, req->path);
    }
    if (f && !fclose(f) && !err.code) {
        reply_text(res, 200, "text/html; charset=utf-8", buf, len);
        buf = NULL;
    }
out:
    free(buf);
    gf_store_free(plan);
    gf_store_free(geo);
}

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
            "landed_avg_usd_per_t",
            triple(num_at(x, "landed_avg_usd_per_t", NULL),
                   num_at(y, "landed_avg_usd_per_t", NULL)),
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
    char *text = run_text(st, req, res, id, "result");
    json_t *v;

    if (!text)
        return NULL;
    v = json_loads(text, 0, NULL);
    gf_store_free(text);
    if (!v)
        fail(res, 500, GF_EINTERNAL, req->path, "a stored result does not parse");
    return v;
}

static void compare_runs(gf_server *srv, const gf__request *req, gf__response *res)
{
    int64_t a = parse_id(req->arg(req, "a")), b = parse_id(req->arg(req, "b"));
    json_t *ra = NULL, *rb = NULL;
    gf_store *st;

    if (a < 0 || b < 0) {
        fail(res, 400, GF_EINVAL, req->path, "compare needs ?a=RUN&b=RUN (two run ids)");
        return;
    }
    st = store_or_fail(srv, req, res);
    if (!st)
        return;
    ra = load_result(st, req, res, a);
    rb = ra ? load_result(st, req, res, b) : NULL;
    gf__store_release(srv, st);
    if (ra && rb)
        reply_json(res, 200, compare_json(a, b, ra, rb));
    json_decref(ra);
    json_decref(rb);
}

/* ---- static files ---- */

static const char *mime(const char *path)
{
    static const char *const types[][2] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(path, '.');

    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(dot, types[i][0]))
            return types[i][1];
    return "application/octet-stream";
}

static bool path_is_safe(const char *p)
{
    if (p[0] != '/' || strchr(p, '\\') || strchr(p, '%'))
        return false;
    for (const char *s = p; (s = strchr(s, '/')) != NULL; s++)
        if (s[1] == '.') /* "..", hidden files */
            return false;
    return true;
}

static void serve_static(gf_server *srv, const gf__request *req, gf__response *res)
{
    const char *path = strcmp(req->path, "/") == 0 ? "/index.html" : req->path;
    char full[PATH_MAX * 2], real[PATH_MAX];
    size_t n = strlen(srv->static_real);
    struct stat sb;
    int fd;

    if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
        snprintf(res->allow, sizeof res->allow, "GET, HEAD");
        fail(res, 405, GF_EINVAL, req->path, "static files answer GET and HEAD only");
        return;
    }
    if (!srv->static_real[0] || !path_is_safe(path) ||
        (size_t)snprintf(full, sizeof full, "%s%s", srv->static_real, path) >= sizeof full ||
        !realpath(full, real) || strncmp(real, srv->static_real, n) != 0 || real[n] != '/') {
        fail(res, 404, GF_ENOTFOUND, req->path, "no such file");
        return;
    }
    fd = open(real, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
        if (fd >= 0)
            close(fd);
        fail(res, 404, GF_ENOTFOUND, req->path, "no such file");
        return;
    }
    res->status = 200;
    res->fd = fd;
    res->fd_size = (size_t)sb.st_size;
    res->content_type = mime(real);
}

/* ---- routing ---- */

static void method_not_allowed(gf__response *res, const char *path, const char *allow)
{
    snprintf(res->allow, sizeof res->allow, "%s", allow);
    fail(res, 405, GF_EINVAL, path, "method not allowed here; see the Allow header");
}

static void route_scenarios(gf_server *srv, const gf__request *req, gf__response *res,
                            const char *rest)
{
    const char *m = req->method;

    if (!rest[0]) {
        if (!strcmp(m, "GET"))
            list_scenarios(srv, req, res);
        else if (!strcmp(m, "POST"))
            put_scenario(srv, req, res, NULL);
        else
            method_not_allowed(res, req->path, "GET, POST");
        return;
    }
    if (!gf_store_id_is_valid(rest)) {
        fail(res, 404, GF_ENOTFOUND, req->path, "no scenario with this id");
        return;
    }
    if (!strcmp(m, "GET"))
        get_scenario(srv, req, res, rest);
    else if (!strcmp(m, "PUT"))
        put_scenario(srv, req, res, rest);
    else if (!strcmp(m, "DELETE"))
        delete_scenario(srv, req, res, rest);
    else
        method_not_allowed(res, req->path, "GET, PUT, DELETE");
}

static void route_runs(gf_server *srv, const gf__request *req, gf__response *res, const char *rest)
{
    char idtext[24];
    const char *slash = strchr(rest, '/'), *sub = slash ? slash + 1 : "";
    size_t n = slash ? (size_t)(slash - rest) : strlen(rest);
    int64_t id;

    if (!rest[0]) {
        if (!strcmp(req->method, "GET"))
            list_runs(srv, req, res);
        else if (!strcmp(req->method, "POST"))
            post_run(srv, req, res);
        else
            method_not_allowed(res, req->path, "GET, POST");
        return;
    }
    snprintf(idtext, sizeof idtext, "%.*s", (int)(n < sizeof idtext ? n : sizeof idtext - 1), rest);
    id = n < sizeof idtext ? parse_id(idtext) : -1;
    if (id < 0 || (sub[0] && strcmp(sub, "geojson") && strcmp(sub, "report"))) {
        fail(res, 404, GF_ENOTFOUND, req->path, "no such run resource");
        return;
    }
    if (strcmp(req->method, "GET") != 0) {
        method_not_allowed(res, req->path, "GET");
        return;
    }
    if (!sub[0])
        reply_run(srv, req, res, id, 200, true);
    else if (!strcmp(sub, "geojson"))
        run_geojson(srv, req, res, id);
    else
        run_report(srv, req, res, id);
}

static void health(gf_server *srv, const gf__request *req, gf__response *res)
{
    gf_error err = {0};
    gf_store *st = store_or_fail(srv, req, res);
    int rc, active;

    if (!st)
        return;
    rc = gf_store_check(st, &err);
    pthread_mutex_lock(&srv->lock);
    active = srv->active_runs;
    pthread_mutex_unlock(&srv->lock);
    if (rc)
        problem(res, 500, &err, req->path);
    else
        reply_json(res, 200,
                   json_pack("{s:s, s:s, s:i, s:i, s:I}", "status", "ok", "store", "ok",
                             "schema_version", gf_store_schema_version(st), "active_runs", active,
                             "max_body", (json_int_t)srv->cfg.max_body));
    gf__store_release(srv, st);
}

static void route_api(gf_server *srv, const gf__request *req, gf__response *res)
{
    const char *rest = req->path + strlen(API);

    if (!token_ok(srv, req->auth)) {
        res->www_auth = true;
        fail(res, 401, GF_EINVAL, req->path,
             "this server needs \"Authorization: Bearer TOKEN\" (the --token it was started "
             "with)");
        return;
    }
    if (!strncmp(rest, "scenarios", 9) && (rest[9] == '\0' || rest[9] == '/')) {
        route_scenarios(srv, req, res, rest[9] ? rest + 10 : "");
    } else if (!strncmp(rest, "runs", 4) && (rest[4] == '\0' || rest[4] == '/')) {
        route_runs(srv, req, res, rest[4] ? rest + 5 : "");
    } else if (!strcmp(rest, "compare")) {
        if (strcmp(req->method, "GET") != 0)
            method_not_allowed(res, req->path, "GET");
        else
            compare_runs(srv, req, res);
    } else if (!strcmp(rest, "openapi.json")) {
        char *t = malloc(gf__server_openapi_json_len + 1);
        if (t)
            memcpy(t, gf__server_openapi_json, gf__server_openapi_json_len + 1);
        reply_text(res, t ? 200 : 503, JSON_TYPE, t, gf__server_openapi_json_len);
    } else if (!strcmp(rest, "health")) {
        health(srv, req, res);
    } else {
        fail(res, 404, GF_ENOTFOUND, req->path, "no such API route; see /api/v1/openapi.json");
    }
}

void gf__server_route(gf_server *srv, const gf__request *req, gf__response *res)
{
    res->fd = -1;
    if (req->too_large) {
        char msg[128];
        snprintf(msg, sizeof msg, "the request body is over the limit of %zu bytes",
                 srv->cfg.max_body);
        fail(res, 413, GF_ELIMIT, req->path, msg);
        return;
    }
    if (!strncmp(req->path, API, strlen(API)))
        route_api(srv, req, res);
    else if (!strcmp(req->path, "/api/v1") || !strncmp(req->path, "/api/", 5))
        fail(res, 404, GF_ENOTFOUND, req->path, "the API lives under /api/v1/");
    else
        serve_static(srv, req, res);
}
