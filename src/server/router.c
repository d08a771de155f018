/* src/server/router.c: route a request to its resource, and shared request helpers.
 *
 * /api/v1/ requests check the bearer token first, then go by their first
 * path segment to a resource file: scenarios (api_scenarios.c), runs
 * (api_runs.c), sweeps (api_sweeps.c), compare (api_compare.c),
 * openapi.json and health here.
 * HEAD is answered as GET (the adapter drops the body). Anything else
 * outside /api/ is a static file (static.c). Each route checks
 * its input first and answers a problem+json (problem.c) for anything it
 * refuses, before it changes anything.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server/server_int.h"

/* ---- helpers ---- */

/* "Authorization: Bearer TOKEN". The scheme is case-insensitive and may be
 * followed by more than one space (RFC 7235 section 2.1, RFC 6750). */
static bool token_ok(const gf_server *srv, const char *auth)
{
    size_t n, i;
    unsigned char diff = 0;

    if (!srv->token)
        return true;
    if (!auth || strncasecmp(auth, "Bearer ", 7) != 0)
        return false;
    auth += 7;
    while (*auth == ' ')
        auth++;
    n = strlen(srv->token);
    if (strlen(auth) != n)
        return false;
    for (i = 0; i < n; i++) /* constant time in the token's length */
        diff |= (unsigned char)(auth[i] ^ srv->token[i]);
    return diff == 0;
}

/* Parse a positive decimal id; -1 when s is not one. */
int64_t gf__parse_id(const char *s)
{
    char *end = NULL;
    long long v;

    if (!s || !*s || *s == '+' || *s == '-' || strlen(s) > 18)
        return -1;
    errno = 0;
    v = strtoll(s, &end, 10);
    return errno || *end || v <= 0 ? -1 : (int64_t)v;
}

int gf__query_limit(const gf__request *req, gf__response *res)
{
    const char *lim = req->arg(req, "limit");
    int64_t limit = lim ? gf__parse_id(lim) : 50;

    if (limit < 1 || limit > 1000) {
        gf__fail(res, 400, GF_EINVAL, req->path, "limit must be a whole number from 1 to 1000");
        return 0;
    }
    return (int)limit;
}

/* The JSON body as an object; NULL after answering 400/415. */
json_t *gf__body_object(const gf__request *req, gf__response *res)
{
    json_error_t je;
    gf_error err = {0};
    json_t *v;

    if (req->content_type && strncasecmp(req->content_type, "application/json", 16) != 0) {
        gf__fail(res, 415, GF_EINVAL, req->path,
                 "the body must be application/json (or multipart/form-data for a CSV upload)");
        return NULL;
    }
    v = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je);
    if (!v) {
        gf_fail(&err, GF_EPARSE, "%s", je.text);
        gf_error_at(&err, "request body", je.line > 0 ? je.line : 1, je.column > 0 ? je.column : 0);
        gf__problem(res, 400, &err, req->path);
        return NULL;
    }
    if (!json_is_object(v)) {
        json_decref(v);
        gf__fail(res, 400, GF_EINVAL, req->path, "the body must be a JSON object");
        return NULL;
    }
    return v;
}

/* A store handle, or NULL after answering 503. */
gf_store *gf__store_or_fail(gf_server *srv, const gf__request *req, gf__response *res)
{
    gf_error err = {0};
    gf_store *st = gf__store_acquire(srv, &err);

    if (!st)
        gf__problem(res, 503, &err, req->path);
    return st;
}

void gf__method_not_allowed(gf__response *res, const char *path, const char *allow)
{
    snprintf(res->allow, sizeof res->allow, "%s", allow);
    gf__fail(res, 405, GF_EINVAL, path, "method not allowed here; see the Allow header");
}

static void health(gf_server *srv, const gf__request *req, gf__response *res)
{
    gf_error err = {0};
    gf_store *st = gf__store_or_fail(srv, req, res);
    int rc, active;

    if (!st)
        return;
    rc = gf_store_check(st, &err);
    pthread_mutex_lock(&srv->lock);
    active = srv->active_runs;
    pthread_mutex_unlock(&srv->lock);
    if (rc)
        gf__problem(res, 500, &err, req->path);
    else {
        gf_jsonw w;
        gf_jsonw_text t;
        gf__answer_begin(&w, &t);
        gf_jsonw_object(&w);
        gf_jsonw_kstring(&w, "status", "ok");
        gf_jsonw_kstring(&w, "store", "ok");
        gf_jsonw_kint(&w, "schema_version", gf_store_schema_version(st));
        gf_jsonw_kint(&w, "active_runs", active);
        gf_jsonw_kint(&w, "max_body", (int64_t)srv->cfg.max_body);
        gf_jsonw_end(&w);
        gf__answer_end(res, 200, &w, &t);
    }
    gf__store_release(srv, st);
}

static void route_api(gf_server *srv, const gf__request *req, gf__response *res)
{
    const char *rest = req->path + strlen(GF__API);
    gf__request get;

    if (!strcmp(req->method, "HEAD")) { /* as GET; the adapter sends no body */
        get = *req;
        get.method = "GET";
        req = &get;
    }

    if (!token_ok(srv, req->auth)) {
        res->www_auth = true;
        gf__fail(res, 401, GF_EINVAL, req->path,
                 "this server needs \"Authorization: Bearer TOKEN\" (the --token it was started "
                 "with)");
        return;
    }
    if (!strncmp(rest, "scenarios", 9) && (rest[9] == '\0' || rest[9] == '/')) {
        gf__route_scenarios(srv, req, res, rest[9] ? rest + 10 : "");
    } else if (!strncmp(rest, "runs", 4) && (rest[4] == '\0' || rest[4] == '/')) {
        gf__route_runs(srv, req, res, rest[4] ? rest + 5 : "");
    } else if (!strncmp(rest, "sweeps", 6) && (rest[6] == '\0' || rest[6] == '/')) {
        gf__route_sweeps(srv, req, res, rest[6] ? rest + 7 : "");
    } else if (!strcmp(rest, "compare")) {
        if (strcmp(req->method, "GET") != 0)
            gf__method_not_allowed(res, req->path, "GET");
        else
            gf__compare_runs(srv, req, res);
    } else if (!strcmp(rest, "openapi.json")) {
        char *t = malloc(gf__server_openapi_json_len + 1);
        if (t)
            memcpy(t, gf__server_openapi_json, gf__server_openapi_json_len + 1);
        gf__reply_text(res, t ? 200 : 503, GF__JSON_TYPE, t, gf__server_openapi_json_len);
    } else if (!strcmp(rest, "health")) {
        health(srv, req, res);
    } else {
        gf__fail(res, 404, GF_ENOTFOUND, req->path, "no such API route; see /api/v1/openapi.json");
    }
}

void gf__server_route(gf_server *srv, const gf__request *req, gf__response *res)
{
    res->fd = -1;
    if (req->too_large) {
        char msg[128];
        snprintf(msg, sizeof msg, "the request body is over the limit of %zu bytes",
                 srv->cfg.max_body);
        gf__fail(res, 413, GF_ELIMIT, req->path, msg);
        return;
    }
    if (req->nul_in_url) {
        gf__fail(res, 400, GF_EINVAL, req->path,
                 "the URL holds %00 (a NUL byte), which no path or query may contain");
        return;
    }
    if (!strncmp(req->path, GF__API, strlen(GF__API)))
        route_api(srv, req, res);
    else if (!strcmp(req->path, "/api/v1") || !strncmp(req->path, "/api/", 5))
        gf__fail(res, 404, GF_ENOTFOUND, req->path, "the API lives under /api/v1/");
    else
        gf__serve_static(srv, req, res);
}
