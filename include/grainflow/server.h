/* include/grainflow/server.h: the HTTP server (JSON API, web page, store).
 *
 * gf_server_start listens on one address (loopback unless allow_remote),
 * opens the SQLite store (creating it with the default scenario loaded on
 * first start), and answers on its own threads until gf_server_stop. The API
 * lives under /api/v1/ and is described by GET /api/v1/openapi.json; anything
 * else is a file of static_dir (the web page), never outside that folder.
 * Every error answer is application/problem+json (RFC 9457) with the gf_error
 * fields: input, line, column, field and code; where our code raised it goes
 * to the server log (stderr), never to the client.
 * Limits: request bodies up to max_body bytes (413 above), max_runs plan runs
 * at once (429 above), with a token every /api/ request needs
 * "Authorization: Bearer TOKEN" (401 otherwise).
 * Threads: one per connection, one per plan run; each run has its own model,
 * network and solver; the store is used through one connection per thread
 * (a pool under a mutex).
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_SERVER_H
#define GRAINFLOW_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "grainflow/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Default and ceiling of a request body (documented in openapi.json). */
#define GF_SERVER_MAX_BODY ((size_t)8 << 20)
#define GF_SERVER_MAX_RUNS 4

typedef struct gf_server gf_server;

typedef struct gf_server_config {
    const char *listen;      /* "HOST:PORT", IPv4; NULL = "127.0.0.1:8080"; port 0 = any */
    const char *db_path;     /* NULL = "grainflow.db" */
    const char *token;       /* NULL or "" = no authentication */
    const char *static_dir;  /* NULL = no web page */
    const char *default_dir; /* scenario folder loaded as "kz-ma-africa" into a new store */
    bool allow_remote;       /* listen on a non-loopback address */
    size_t max_body;         /* 0 = GF_SERVER_MAX_BODY */
    int max_runs;            /* 0 = GF_SERVER_MAX_RUNS */
    int quick_ms;            /* a run done within this answers 201, else 202; 0 = 2000 */
    int test_delay_ms;       /* tests only: each run sleeps this long before solving */
} gf_server_config;

/* Start serving. Borrows cfg (strings are copied). Returns owned
 * (gf_server_stop) or NULL with *err: GF_EINVAL for a bad address or a
 * non-loopback one without allow_remote, GF_EIO when the port cannot be bound
 * or the store opened, the default scenario's own errors. */
GF_API gf_server *gf_server_start(const gf_server_config *cfg, gf_error *err);

/* The port actually bound (useful with port 0). */
GF_API int gf_server_port(const gf_server *s);

/* Stop accepting, wait for running requests and plan runs, close the store.
 * NULL is fine. */
GF_API void gf_server_stop(gf_server *s);

#ifdef __cplusplus
}
#endif
#endif
