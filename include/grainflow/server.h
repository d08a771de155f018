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
 * Connections: a pool of event-loop threads (poll) serves every connection,
 * so an idle or slow client costs a socket, not a thread. At most max_conns
 * are open, max_conns_per_ip from one address; a request whose head and body
 * have not arrived within request_timeout_s of its start (the connection's
 * opening, or the end of its previous request) is cut off, however slowly it
 * trickles, and a connection idle for idle_timeout_s is closed.
 * Runs: one worker thread per plan run, at most max_runs; each run has its
 * own model, network and solver; the store is used through one connection
 * per thread (pool.c). Finished runs beyond the newest keep_runs are pruned.
 * A run's network is estimated from its model before anything is built:
 * (links + 2 x nodes) x periods + supply rows + demand rows arcs; over
 * max_arcs (about 150 bytes of memory each) the run is refused with 413 and
 * the estimate, so no memory is spent on it. What a run's solve and its
 * outputs allocate is charged to a memory budget of max_run_memory_mb
 * (alloc.h): the allocation that would pass it is refused, so the memory
 * is never spent, and the run fails naming the limit. A run can be cancelled
 * (DELETE /api/v1/runs/{id}, or POST .../cancel): a queued run is failed
 * "cancelled" at once, a running one is marked failed at once and its result
 * dropped when its solve returns; a run still solving after run_timeout_s is
 * failed the same way. Each run carries a stop token (server_int.h) that the
 * solver will poll between pivots once it takes one; until then a solve runs
 * to its end in the background.
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
#define GF_SERVER_MAX_BODY          ((size_t)8 << 20)
#define GF_SERVER_MAX_RUNS          4
#define GF_SERVER_MAX_CONNS         512
#define GF_SERVER_MAX_CONNS_PER_IP  32
#define GF_SERVER_REQUEST_TIMEOUT_S 30
#define GF_SERVER_IDLE_TIMEOUT_S    15
#define GF_SERVER_KEEP_RUNS         10000
#define GF_SERVER_MAX_ARCS          1000000LL
#define GF_SERVER_RUN_TIMEOUT_S     300
#define GF_SERVER_MAX_RUN_MEMORY_MB 1024
#define GF_SERVER_STOP_GRACE_MS     2000

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
    /* Connections (0 = the default in brackets). */
    int threads;           /* event-loop threads [max_runs + 4] */
    int max_conns;         /* open connections in all [512]; more are refused */
    int max_conns_per_ip;  /* open connections from one address [32] */
    int request_timeout_s; /* a request's head and body must arrive within this [30] */
    int idle_timeout_s;    /* a connection idle this long is closed [15] */
    /* Runs. */
    int keep_runs;      /* finished runs kept in the store, the newest [10000]; older pruned */
    long long max_arcs; /* a run's network size, estimated before building [1000000] */
    int run_timeout_s;  /* a run still solving after this is failed, its result dropped [300] */
    long long max_run_memory_mb; /* what a run's solve may allocate; over it the run fails [1024] */
    int stop_grace_ms;           /* gf_server_stop waits this long for running solves [2000] */
} gf_server_config;

/* Start serving. Borrows cfg (strings are copied). Returns owned
 * (gf_server_stop) or NULL with *err: GF_EINVAL for a bad address or a
 * non-loopback one without allow_remote, GF_EIO when the port cannot be bound
 * or the store opened, the default scenario's own errors. */
GF_API gf_server *gf_server_start(const gf_server_config *cfg, gf_error *err);

/* The port actually bound (useful with port 0). */
GF_API int gf_server_port(const gf_server *s);

/* The IPv4 address listened on, dotted ("127.0.0.2"); borrowed from s. */
GF_API const char *gf_server_host(const gf_server *s);

/* Stop: every run still queued or running is marked failed ("interrupted")
 * in the store at once and its stop token set, waiting requests are
 * answered, the listener stops, and running solves get stop_grace_ms to end.
 * Then the store is closed and s freed; if a solve is still running after
 * the grace (it cannot be interrupted before the solver polls the stop
 * token), s is left allocated for its thread and the function returns
 * anyway, so that a process can exit promptly. NULL is fine. */
GF_API void gf_server_stop(gf_server *s);

#ifdef __cplusplus
}
#endif
#endif
