/* tests/fuzz/fuzz_upload.c: fuzz the upload -> store -> run path of the server.
 *
 * One server (gf_server_start on 127.0.0.1:0, a store in a fresh folder
 * under TMPDIR, small limits) lives for the whole process; each input goes
 * through the router exactly as a request from libmicrohttpd would
 * (gf__server_route), without sockets:
 *   PUT /api/v1/scenarios/fz   the input's body (its first byte picks the
 *                              type: 'm' multipart/form-data with boundary
 *                              "xyz", anything else JSON);
 * and when the scenario was stored (200 or 201):
 *   GET /api/v1/scenarios/fz   must answer 200 with JSON;
 *   POST /api/v1/runs          {"scenario":"fz"} must answer 201, 202
 *                              (a run), 413 (over the size limit) or 4xx
 *                              with a reason, never 5xx but 503/429;
 *   GET /api/v1/runs/{id}      polled until the run is done or failed
 *                              (bounded): a stored scenario always ends
 *                              its run, and a done run's result and GeoJSON
 *                              parse as JSON;
 *   DELETE /api/v1/scenarios/fz.
 * Every response must carry a JSON body (problem+json for errors) and every
 * refusal a 4xx status. abort() on any broken promise; ASan and UBSan (the
 * replay in make check) catch the rest.
 * SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "grainflow/server.h"
#include "server/server_int.h"
#include "support/tmpdir.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static gf_server *srv;
static char dir[512], db[600];

static const char *no_args(const gf__request *r, const char *key)
{
    (void)r;
    return strcmp(key, "wait_ms") == 0 ? "5000" : NULL;
}

static void stop_server(void)
{
    char p[700];

    gf_server_stop(srv);
    snprintf(p, sizeof p, "%s-wal", db);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", db);
    unlink(p);
    snprintf(p, sizeof p, "%s.lock", db);
    unlink(p);
    unlink(db);
    rmdir(dir);
}

static void start_server(void)
{
    gf_server_config cfg = {0};
    gf_error err = {0};

    test_tmp_template(dir, sizeof dir, "gf_fuzz_upload");
    if (!mkdtemp(dir))
        abort();
    snprintf(db, sizeof db, "%s/store.db", dir);
    cfg.listen = "127.0.0.1:0";
    cfg.db_path = db;
    cfg.max_runs = 2;
    cfg.max_arcs = 20000; /* keeps each run small: bigger ones must be refused (413) */
    cfg.run_timeout_s = 20;
    cfg.keep_runs = 20;
    cfg.max_run_memory_mb = 64;
    srv = gf_server_start(&cfg, &err);
    if (!srv) {
        fprintf(stderr, "fuzz_upload: cannot start the server: %s\n", err.msg);
        abort();
    }
    atexit(stop_server);
}

/* Send one request; the response's body is returned (malloc'd, NUL-ended). */
static int call(const char *method, const char *path, const char *type, const char *body,
                size_t len, char **out)
{
    gf__request req = {0};
    gf__response res = {0};
    char *nul_body = malloc(len + 1);

    if (!nul_body)
        abort();
    if (len)
        memcpy(nul_body, body, len);
    nul_body[len] = '\0';
    req.method = method;
    req.path = path;
    req.content_type = type;
    req.body = nul_body;
    req.body_len = len;
    req.arg = no_args;
    gf__server_route(srv, &req, &res);
    free(nul_body);
    if (res.status < 200 || res.status > 599)
        abort(); /* no status set */
    if (res.fd >= 0)
        abort(); /* an API route never answers with a file */
    if (!res.body && res.status != 204)
        abort(); /* every API answer has a body */
    if (res.status >= 500 && res.status != 503)
        abort(); /* an internal error is a bug; 503 is "out of memory, retry" */
    *out = res.body;
    return res.status;
}

static json_t *parsed(const char *text)
{
    json_t *v = text ? json_loads(text, 0, NULL) : NULL;

    if (!v)
        abort(); /* every body is JSON */
    return v;
}

static void run_it(void)
{
    const char *body = "{\"scenario\":\"fz\"}";
    char path[64], *out = NULL;
    json_t *v;
    json_int_t id;
    int st;

    st = call("POST", "/api/v1/runs", "application/json", body, strlen(body), &out);
    v = parsed(out);
    free(out);
    if (st != 201 && st != 202) {
        if (st < 400)
            abort();
        json_decref(v);
        return;
    }
    id = json_integer_value(json_object_get(v, "id"));
    json_decref(v);
    if (id <= 0)
        abort();
    snprintf(path, sizeof path, "/api/v1/runs/%lld", (long long)id);
    for (int i = 0; i < 400; i++) {
        const char *status;
        struct timespec slice = {0, 50 * 1000000L};
        st = call("GET", path, NULL, "", 0, &out);
        if (st != 200)
            abort();
        v = parsed(out);
        free(out);
        status = json_string_value(json_object_get(v, "status"));
        if (!status)
            abort();
        if (!strcmp(status, "done")) {
            if (!json_is_object(json_object_get(v, "result")))
                abort(); /* a done run has its result */
            json_decref(v);
            snprintf(path, sizeof path, "/api/v1/runs/%lld/geojson", (long long)id);
            st = call("GET", path, NULL, "", 0, &out);
            if (st != 200)
                abort();
            json_decref(parsed(out));
            free(out);
            return;
        }
        if (!strcmp(status, "failed")) {
            if (json_is_null(json_object_get(v, "error")))
                abort(); /* a failed run says why */
            json_decref(v);
            return;
        }
        json_decref(v);
        nanosleep(&slice, NULL);
    }
    abort(); /* the run never ended */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *type;
    char *out = NULL;
    int st;

    if (!srv)
        start_server();
    if (size < 1 || size > 256 * 1024)
        return 0;
    type = data[0] == 'm' ? "multipart/form-data; boundary=xyz" : "application/json";
    st = call("PUT", "/api/v1/scenarios/fz", type, (const char *)data + 1, size - 1, &out);
    json_decref(parsed(out));
    free(out);
    if (st != 200 && st != 201) {
        if (st < 400)
            abort();
        return 0;
    }
    st = call("GET", "/api/v1/scenarios/fz", NULL, "", 0, &out);
    if (st != 200)
        abort(); /* what was stored can be read back */
    json_decref(parsed(out));
    free(out);
    run_it();
    st = call("DELETE", "/api/v1/scenarios/fz", NULL, "", 0, &out);
    if (st != 200 && st != 204)
        abort();
    free(out);
    return 0;
}
