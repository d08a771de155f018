/* src/server/server_int.h: private declarations of the server module.
 *
 * mhd.c (the only file that sees libmicrohttpd) turns each HTTP request into
 * a gf__request with its whole body and hands it to gf__server_route
 * (router.c), which sends it to its resource (api_scenarios.c, api_runs.c,
 * api_compare.c, static.c); each fills a gf__response, errors through
 * problem.c. Runs are started by runs.c; store handles come from pool.c.
 * SPDX-License-Identifier: MIT */
#ifndef GF_SERVER_INT_H
#define GF_SERVER_INT_H

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "grainflow/error.h"
#include "grainflow/jsonw.h"
#include "grainflow/server.h"
#include "grainflow/store.h"
#include "grainflow/whatif.h"

#define GF__STORE_POOL   16
#define GF__JSON_TYPE    "application/json"
#define GF__PROBLEM_TYPE "application/problem+json"
#define GF__API          "/api/v1/"

typedef struct gf__request {
    const char *method;
    const char *path; /* decoded, without the query */
    const char *auth; /* Authorization header or NULL */
    const char *content_type;
    const char *body; /* NUL-terminated; body_len bytes */
    size_t body_len;
    bool too_large;  /* the body is over the limit: answer 413 */
    bool nul_in_url; /* the raw URL holds %00: answer 400, never cut the path there */
    /* query argument key, or NULL */
    const char *(*arg)(const struct gf__request *r, const char *key);
    void *conn;
    /* The client's socket when has_fd (mhd.c sets both): a long answer (a v2
     * compare) watches it for a hang-up. */
    bool has_fd;
    int fd;
} gf__request;

typedef struct gf__response {
    int status;
    const char *content_type;
    char *body; /* malloc'd (free), or freed by body_free when that is set */
    size_t body_len;
    void (*body_free)(void *body); /* how the response lets body go; NULL: free */
    int fd;                        /* a static file when >= 0, fd_size bytes */
    size_t fd_size;
    char location[128];
    char allow[64];
    int retry_after; /* seconds, 0 = none */
    bool www_auth;
} gf__response;

struct gf_server {
    char *listen, *db_path, *token, *static_dir, *default_dir;
    char static_real[PATH_MAX]; /* realpath of static_dir, "" if none */
    gf_server_config cfg;       /* limits; string members point at the copies above */
    void *daemon;
    int port;
    char host[16]; /* dotted IPv4 listened on */
    /* Connections open (mhd.c), and the thread that cuts off slow requests. */
    pthread_mutex_t conn_lock;
    pthread_cond_t conn_cond;
    struct gf__conn *conns; /* list, under conn_lock */
    bool reaper_started, stopping;
    pthread_t reaper;
    pthread_mutex_t lock; /* guards everything below */
    pthread_cond_t cond;
    gf_store_owner *owner; /* our claim on the store file */
    gf_store *pool[GF__STORE_POOL];
    int n_pool;
    int active_runs;           /* runs started and not finished */
    int workers;               /* worker threads alive */
    struct gf__job_head *jobs; /* runs, sweeps and v2 compares that can be stopped (runs.c) */
    bool runs_stopping;        /* the server is stopping: no new runs */
};

/* ---- pool.c ---- */

/* A store connection for this thread (from the pool or newly opened); NULL
 * with *err. Give it back with gf__store_release. */
gf_store *gf__store_acquire(gf_server *srv, gf_error *err);
void gf__store_release(gf_server *srv, gf_store *st);
/* Close every pooled connection (at stop, once no thread uses the store). */
void gf__store_pool_fini(gf_server *srv);

/* ---- router.c ---- */

/* Answer one request. */
void gf__server_route(gf_server *srv, const gf__request *req, gf__response *res);

/* Parse a positive decimal id; -1 when s is not one. */
int64_t gf__parse_id(const char *s);
/* The ?limit= of a list (default 50, 1..1000), or 0 after answering 400. */
int gf__query_limit(const gf__request *req, gf__response *res);
/* The JSON body as an object; NULL after answering 400/415. */
json_t *gf__body_object(const gf__request *req, gf__response *res);
/* A store handle, or NULL after answering 503. */
gf_store *gf__store_or_fail(gf_server *srv, const gf__request *req, gf__response *res);
/* A 405 naming the allowed methods. */
void gf__method_not_allowed(gf__response *res, const char *path, const char *allow);

/* ---- problem.c ---- */

/* Answer status with text (taken, malloc'd; len bytes) of content type type. */
void gf__reply_text(gf__response *res, int status, const char *type, char *text, size_t len);
/* An answer the server builds itself, through the streaming writer:
 * gf__answer_begin(&w, &t), the gf_jsonw_* calls, then gf__answer_end,
 * which answers status with the compact JSON text (a malloc'd copy, like
 * every body; the writer's text is released), or 503 when writing failed. */
void gf__answer_begin(gf_jsonw *w, gf_jsonw_text *t);
void gf__answer_end(gf__response *res, int status, gf_jsonw *w, gf_jsonw_text *t);

/* v as JSON text (json_dumpb flags) in a malloc'd buffer (free(), not
 * gf_release: it can be a response body); *len its length when len is not
 * NULL. NULL when v is NULL or out of memory. */
char *gf__json_malloc(const json_t *v, size_t flags, size_t *len);
/* Answer status with a text owned by the store (taken). */
void gf__reply_store_text(gf__response *res, int status, const char *type, char *text);
/* A problem+json answer for err, with HTTP status http (0 = from the code). */
void gf__problem(gf__response *res, int http, const gf_error *err, const char *path);
/* A problem from a fresh message. */
void gf__fail(gf__response *res, int http, int code, const char *path, const char *msg);

/* ---- the resources ---- */

void gf__route_scenarios(gf_server *srv, const gf__request *req, gf__response *res,
                         const char *rest);
void gf__route_runs(gf_server *srv, const gf__request *req, gf__response *res, const char *rest);
void gf__compare_runs(gf_server *srv, const gf__request *req, gf__response *res);
void gf__serve_static(gf_server *srv, const gf__request *req, gf__response *res);
void gf__route_sweeps(gf_server *srv, const gf__request *req, gf__response *res, const char *rest);
/* Mark sweep id failed with the reason why (GF__STOP_*) as the sweep's
 * error object; GF_ESTATE when it is finished already. Called by runs.c's
 * stop of the jobs and by a sweep's cancel. */
int gf__sweep_mark_stopped(gf_server *srv, gf_store *st, int64_t id, int why, gf_error *err);

/* The routing both job resources (/v1/runs, /v1/sweeps) share (api_runs.c):
 * gf__route_jobs answers the collection itself, GET by list and POST by
 * post (405 otherwise); gf__path_id reads /{id}[/sub] from rest, the id (a
 * positive decimal, else -1) and *sub (what follows the slash, "" when
 * none); gf__is_cancel says whether the request cancels the job (POST
 * /{id}/cancel or DELETE /{id}): 1, 0 when it is no cancel, -1 after
 * answering 405 to another method. */
typedef void gf__job_handler(gf_server *srv, const gf__request *req, gf__response *res);
void gf__route_jobs(gf_server *srv, const gf__request *req, gf__response *res,
                    gf__job_handler *list, gf__job_handler *post);
int64_t gf__path_id(const char *rest, const char **sub);
int gf__is_cancel(const gf__request *req, gf__response *res, const char *sub);

/* The ?wait_ms= of a POST that starts a run or a sweep (api_runs.c): how
 * long to wait for the job before answering 202 (0..60000); the server's
 * quick limit when absent or not a whole number. */
int gf__wait_ms(const gf_server *srv, const gf__request *req);

/* The stored text what ("result", "geojson") of run id, or NULL after an
 * answer: 404 for an unknown run, 409 for one not done. */
char *gf__run_text(gf_store *st, const gf__request *req, gf__response *res, int64_t id,
                   const char *what);

/* ---- runs.c ---- */

/* Why a run must stop: the value of its stop token (0 = it may go on). The
 * token is an atomic int, so the solver can poll it between pivots. */
enum {
    GF__STOP_NONE = 0,
    GF__STOP_CANCEL,
    GF__STOP_TIMEOUT,
    GF__STOP_SHUTDOWN
};

/* ---- jobs (runs.c) ----
 * What the server can stop: a plan run and a sweep, each on a worker thread
 * of its own (gf__job_start), and a version-2 compare on its request's
 * thread (gf__job_enter). Each begins with this header and is on one list,
 * srv->jobs, under srv->lock. Whoever stops one (a DELETE, the deadline
 * thread past run_timeout_s, the server's stop, for a compare its client's
 * hang-up) sets its stop token, then its halt flag, which the solver (lp.h
 * interrupt, the network simplex's) or gf_sweep_exec (its cancel) polls; a
 * run or sweep is also marked failed in the store with the reason. */
enum {
    GF__JOB_RUN = 1,
    GF__JOB_SWEEP = 2,
    GF__JOB_COMPARE = 4
};

typedef struct gf__job_head {
    gf_server *srv;
    int kind;                   /* GF__JOB_* */
    int64_t id;                 /* the run's or sweep's id; 0 for a compare */
    atomic_int stop;            /* GF__STOP_*: GF__STOP_NONE while it may go on */
    volatile sig_atomic_t halt; /* 1 once stop is set: what the solve polls */
    struct timespec until;      /* CLOCK_MONOTONIC: run_timeout_s after the start */
    bool done;                  /* the worker has ended (under srv->lock) */
    int refs;                   /* the worker and the request (under srv->lock); the last frees */
    int fd;                     /* a compare's client socket, watched for a hang-up; else -1 */
    struct gf__job_head *next;  /* srv->jobs, under srv->lock */
} gf__job_head;

/* Start h (the header of a job the caller calloc'd, its payload set) as
 * kind and id on a worker thread running fn(h) in a reserved slot (given
 * back when the worker calls gf__job_finish), and wait up to wait_ms for
 * it: *done says whether it ended. When no thread starts (GF_EINTERNAL,
 * "cannot start a <what> thread") h is off the list and still the
 * caller's: it frees the payload and h and releases the slot. */
int gf__job_start(gf_server *srv, gf__job_head *h, int kind, int64_t id, void *(*fn)(void *),
                  const char *what, int wait_ms, bool *done, gf_error *err);
/* The worker's last act: done, its slot and worker count back, the
 * waiters woken, its reference dropped (the last one frees the job). */
void gf__job_finish(gf__job_head *h);
/* A job on the calling request's own thread (h its own, on its stack):
 * on srv->jobs between enter and leave, so a shutdown or timeout stops it;
 * fd >= 0: the client's socket, and its hang-up stops it too. */
void gf__job_enter(gf_server *srv, gf__job_head *h, int kind, int fd);
void gf__job_leave(gf__job_head *h);
/* Set the stop token of the job of kind and id, if it runs here: true if
 * it was (then marking it in the store is the caller's). */
bool gf__jobs_cancel(gf_server *srv, int kind, int64_t id);

/* Reserve a run slot: false when max_runs are running or the server is
 * stopping (answer 429). */
bool gf__runs_reserve(gf_server *srv);
void gf__runs_unreserve(gf_server *srv);

/* GF_ELIMIT (with the estimate and how to fix it) when the network of m
 * would be over max_arcs; checked before anything is built. */
int gf__runs_check_size(const gf_server *srv, const gf_model *m, gf_error *err);

/* Start run run_id of w (taken) on a worker thread holding a reserved slot
 * (released when the run ends), and wait up to wait_ms for it: *done says
 * whether it ended. GF_ENOMEM / GF_EINTERNAL when no thread could start (the
 * run is then marked failed and the slot released). */
int gf__runs_start(gf_server *srv, gf_whatif *w, int64_t run_id, int wait_ms, bool *done,
                   gf_error *err);

/* What the run and sweep workers share (runs.c). gf__deadline_in: now on
 * clock plus ms. gf__worker_spawn: fn(arg) on a detached thread; GF_EINTERNAL
 * "cannot start a <what> thread" when it cannot. gf__worker_wait_locked
 * (srv->lock held): wait up to wait_ms for *done, or for the server to stop;
 * returns *done. gf__worker_end_locked (srv->lock held, the job's done set):
 * give back the slot and the worker count, and wake the waiters. */
void gf__deadline_in(struct timespec *ts, clockid_t clock, long ms);
int gf__worker_spawn(void *(*fn)(void *), void *arg, const char *what, gf_error *err);
bool gf__worker_wait_locked(gf_server *srv, const bool *done, int wait_ms);
void gf__worker_end_locked(gf_server *srv);

/* Mark run_id failed "cancelled" (GF_ESTATE when it is finished already). */
int gf__runs_mark_cancelled(gf_store *st, int64_t run_id, gf_error *err);
/* Stop the jobs past run_timeout_s and the compares whose client hung up
 * (called by the deadline thread). */
void gf__runs_tick(gf_server *srv);
/* Stop every job (runs and sweeps failed "interrupted") and wake the
 * requests waiting. */
void gf__runs_stop_all(gf_server *srv);
/* Wait up to grace_ms for every worker to end; false if some still run. */
bool gf__runs_drain(gf_server *srv, int grace_ms);

/* Text of the OpenAPI description (embedded at build time). */
extern const unsigned char gf__server_openapi_json[];
extern const size_t gf__server_openapi_json_len;
/* The shipped sweep specs, {"sweep-NAME": spec, ...} (embedded at build time). */
extern const unsigned char gf__server_sweep_examples_json[];
extern const size_t gf__server_sweep_examples_json_len;

#endif
