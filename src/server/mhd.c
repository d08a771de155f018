/* src/server/mhd.c: the HTTP adapter on libmicrohttpd, start and stop.
 *
 * The only file that includes microhttpd.h. MHD serves every connection
 * from a pool of event-loop threads (poll): a slow or idle client holds a
 * socket, never a thread. Not epoll: with libmicrohttpd 0.9.75's epoll mode
 * the soak test (server_soak.sh) left connections that clients had closed
 * in CLOSE-WAIT until the idle timeout, which filled the per-address limit
 * and refused 40% of its requests; with poll none are lost. MHD limits the connections
 * in all and per address, and closes idle ones; MHD's own timeout restarts
 * on every byte, so a client trickling a header line every few seconds
 * would hold its socket for ever: a deadline thread (reaper) shuts down the
 * socket of any connection whose awaited request has not fully arrived
 * within request_timeout_s; the same thread stops runs past their time
 * limit (runs.c). A %00 in the raw URL is seen before MHD decodes
 * it (the URI callback) and refused. The access handler is called once with
 * the headers, then with
 * each piece of the body, then once more with none: the body is collected up
 * to the limit (a Content-Length over the limit is refused before anything
 * is read, a chunked body as soon as it passes the limit), and the whole
 * request goes to gf__server_route. Responses from a file use the file
 * descriptor directly.
 * SPDX-License-Identifier: MIT */
#define _XOPEN_SOURCE 700 /* realpath */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "grainflow/alloc.h"
#include "grainflow/whatif.h"
#include "server/server_int.h"

#define DEFAULT_LISTEN   "127.0.0.1:8080"
#define DEFAULT_DB       "grainflow.db"
#define DEFAULT_SCENARIO "kz-ma-africa"
#define REAPER_TICK_MS   250

/* One request: its body as it arrives. */
typedef struct conn_ctx {
    char *body;
    size_t len, cap;
    bool too_large;
    bool nul_in_url; /* the raw URL holds %00 */
    bool started;    /* the access handler has seen the head */
} conn_ctx;

/* One open connection (the socket context), in srv->conns. since: when the
 * request now awaited started to arrive (the connection's opening, or the
 * end of its previous request); busy: a complete request is being answered,
 * so no deadline runs. */
struct gf__conn {
    struct gf__conn *prev, *next;
    int fd;
    struct timespec since;
    bool busy;
};

/* ---- requests ---- */

static const char *query_arg(const gf__request *r, const char *key)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)r->conn, MHD_GET_ARGUMENT_KIND,
                                       key);
}

static void conn_free(conn_ctx *c)
{
    if (!c)
        return;
    free(c->body);
    free(c);
}

static struct gf__conn *conn_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

    return ci ? ci->socket_context : NULL;
}

/* The socket of conn into req (has_fd), so a long answer can watch it. */
static void set_fd(gf_server *srv, struct MHD_Connection *conn, gf__request *req)
{
    struct gf__conn *t = conn_of(conn);

    if (!t)
        return;
    pthread_mutex_lock(&srv->conn_lock);
    req->fd = t->fd;
    req->has_fd = t->fd >= 0;
    pthread_mutex_unlock(&srv->conn_lock);
}

/* Mark conn answering (no deadline) or waiting for its next request. */
static void set_busy(gf_server *srv, struct MHD_Connection *conn, bool busy)
{
    struct gf__conn *t = conn_of(conn);

    if (!t)
        return;
    pthread_mutex_lock(&srv->conn_lock);
    t->busy = busy;
    clock_gettime(CLOCK_MONOTONIC, &t->since);
    pthread_mutex_unlock(&srv->conn_lock);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    set_busy(cls, conn, false); /* the next request's deadline starts now */
    conn_free(*con_cls);
    *con_cls = NULL;
}

/* Called with the raw request line's URI, before MHD decodes it: a %00
 * would cut the decoded path, so it is noted here and refused. The context
 * returned is the request's *con_cls. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    conn_ctx *c = calloc(1, sizeof *c);

    (void)cls;
    (void)conn;
    if (c)
        c->nul_in_url = strstr(uri, "%00") != NULL;
    return c;
}

/* Keep the list of open connections for the deadline thread. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    gf_server *srv = cls;
    struct gf__conn *t = *socket_context;
    const union MHD_ConnectionInfo *ci;

    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        t = calloc(1, sizeof *t);
        ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (!t || !ci) {
            free(t);
            return;
        }
        t->fd = ci->connect_fd;
        clock_gettime(CLOCK_MONOTONIC, &t->since);
        pthread_mutex_lock(&srv->conn_lock);
        t->next = srv->conns;
        if (srv->conns)
            srv->conns->prev = t;
        srv->conns = t;
        pthread_mutex_unlock(&srv->conn_lock);
        *socket_context = t;
    } else if (t) { /* closed: MHD closes the socket after this returns */
        pthread_mutex_lock(&srv->conn_lock);
        if (t->prev)
            t->prev->next = t->next;
        else
            srv->conns = t->next;
        if (t->next)
            t->next->prev = t->prev;
        pthread_mutex_unlock(&srv->conn_lock);
        free(t);
        *socket_context = NULL;
    }
}

static double seconds_since(const struct timespec *a, const struct timespec *now)
{
    return (double)(now->tv_sec - a->tv_sec) + (double)(now->tv_nsec - a->tv_nsec) / 1e9;
}

/* The deadline thread: every tick, shut down the socket of each connection
 * whose awaited request is older than request_timeout_s; the event loop
 * then sees the socket fail and closes the connection itself. The socket is
 * still open here: it is closed only after the CLOSED notice, which takes
 * conn_lock to leave the list. */
static void *reaper(void *arg)
{
    gf_server *srv = arg;
    struct timespec now, until;

    pthread_mutex_lock(&srv->conn_lock);
    while (!srv->stopping) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        for (struct gf__conn *t = srv->conns; t; t = t->next)
            if (!t->busy && t->fd >= 0 &&
                seconds_since(&t->since, &now) > srv->cfg.request_timeout_s) {
                shutdown(t->fd, SHUT_RDWR);
                t->fd = -1; /* once */
            }
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += REAPER_TICK_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&srv->conn_cond, &srv->conn_lock, &until);
        pthread_mutex_unlock(&srv->conn_lock);
        gf__runs_tick(srv); /* runs past run_timeout_s */
        pthread_mutex_lock(&srv->conn_lock);
    }
    pthread_mutex_unlock(&srv->conn_lock);
    return NULL;
}

/* Append a piece of the body; past the limit only remember that it was. */
static void collect(conn_ctx *c, const char *data, size_t n, size_t limit)
{
    if (c->too_large || n > limit - c->len) {
        c->too_large = true;
        return;
    }
    if (c->len + n + 1 > c->cap) {
        size_t cap = c->cap ? c->cap : 4096;
        char *p;
        while (cap < c->len + n + 1)
            cap *= 2;
        p = realloc(c->body, cap);
        if (!p) {
            c->too_large = true; /* answered as 413: the server cannot hold it */
            return;
        }
        c->body = p;
        c->cap = cap;
    }
    memcpy(c->body + c->len, data, n);
    c->len += n;
    c->body[c->len] = '\0';
}

static enum MHD_Result send_response(struct MHD_Connection *conn, gf__response *res)
{
    struct MHD_Response *r;
    enum MHD_Result ok;
    char num[32];

    if (res->fd >= 0) {
        r = MHD_create_response_from_fd64(res->fd_size, res->fd);
        res->fd = -1;                         /* MHD closes it */
    } else if (res->body && res->body_free) { /* a stored text, sent without a copy */
        r = MHD_create_response_from_buffer_with_free_callback(res->body_len, res->body,
                                                               res->body_free);
        res->body = NULL;
    } else {
        r = MHD_create_response_from_buffer(res->body_len, res->body ? res->body : (char *)"",
                                            res->body ? MHD_RESPMEM_MUST_FREE
                                                      : MHD_RESPMEM_PERSISTENT);
        res->body = NULL;
    }
    if (!r)
        return MHD_NO;
    if (res->content_type)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res->content_type);
    if (res->location[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, res->location);
    if (res->allow[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, res->allow);
    if (res->retry_after > 0) {
        snprintf(num, sizeof num, "%d", res->retry_after);
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, num);
    }
    if (res->www_auth)
        MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"grainflow\"");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    ok = MHD_queue_response(conn, (unsigned)res->status, r);
    MHD_destroy_response(r);
    return ok;
}

/* A 413 (too_large) or 400 (%00 in the URL) answer before or while the body
 * is read. */
static enum MHD_Result refuse(gf_server *srv, struct MHD_Connection *conn, const char *url,
                              const conn_ctx *c)
{
    gf__request req = {0};
    gf__response res = {0};

    res.fd = -1;
    req.method = "POST";
    req.path = url;
    req.arg = query_arg;
    req.conn = conn;
    req.body = "";
    req.too_large = c->too_large;
    req.nul_in_url = c->nul_in_url;
    gf__server_route(srv, &req, &res);
    return send_response(conn, &res);
}

static bool length_too_large(struct MHD_Connection *conn, size_t limit)
{
    const char *cl =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    char *end = NULL;
    unsigned long long n;

    if (!cl)
        return false;
    errno = 0;
    n = strtoull(cl, &end, 10);
    return errno || end == cl || n > limit;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    gf_server *srv = cls;
    conn_ctx *c = *con_cls;
    gf__request req = {0};
    gf__response res = {0};
    enum MHD_Result ok;

    (void)version;
    if (!c)
        return MHD_NO; /* on_uri could not allocate: close the connection */
    if (!c->started) {
        c->started = true;
        c->too_large = length_too_large(conn, srv->cfg.max_body);
        if (c->too_large || c->nul_in_url)
            return refuse(srv, conn, url, c);
        return MHD_YES;
    }
    if (*upload_data_size) {
        collect(c, upload_data, *upload_data_size, srv->cfg.max_body);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (c->too_large)
        return refuse(srv, conn, url, c);
    set_busy(srv, conn, true); /* complete: answering takes what it takes */
    res.fd = -1;
    req.method = method;
    req.path = url;
    req.auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    req.content_type =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    req.body = c->body ? c->body : "";
    req.body_len = c->len;
    req.arg = query_arg;
    req.conn = conn;
    set_fd(srv, conn, &req);
    gf__server_route(srv, &req, &res);
    ok = send_response(conn, &res);
    if (res.body_free)
        res.body_free(res.body);
    else
        free(res.body);
    if (res.fd >= 0)
        close(res.fd);
    return ok;
}

/* ---- start and stop ---- */

static char *dup_str(const char *s)
{
    size_t n;
    char *p;

    if (!s)
        return NULL;
    n = strlen(s) + 1;
    p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* Parse "HOST:PORT" (IPv4 dotted or "localhost") into *sa. */
static int parse_listen(const char *s, bool allow_remote, struct sockaddr_in *sa, gf_error *err)
{
    const char *colon = strrchr(s, ':');
    char host[64];
    char *end = NULL;
    long port;

    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    if (!colon || (size_t)(colon - s) >= sizeof host)
        return gf_fail(err, GF_EINVAL, "--listen must be HOST:PORT (got \"%.64s\")", s);
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    errno = 0;
    port = strtol(colon + 1, &end, 10);
    if (errno || end == colon + 1 || *end || port < 0 || port > 65535)
        return gf_fail(err, GF_EINVAL, "--listen port must be 0..65535 (got \"%.16s\")", colon + 1);
    sa->sin_port = htons((uint16_t)port);
    if (!strcmp(host, "localhost"))
        snprintf(host, sizeof host, "127.0.0.1");
    if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
        return gf_fail(err, GF_EINVAL, "--listen host must be an IPv4 address (got \"%s\")", host);
    if (!allow_remote && (ntohl(sa->sin_addr.s_addr) >> 24) != 127)
        return gf_fail(err, GF_EINVAL,
                       "--listen %s is not a loopback address; the server has no TLS, so it "
                       "listens on 127.0.0.1 unless --allow-remote is given",
                       host);
    return GF_OK;
}

/* On a new database file, load the default scenario as "kz-ma-africa". */
static int load_default(gf_server *srv, gf_store *st, gf_error *err)
{
    gf_whatif *w = NULL;
    size_t len = 0;
    char *json;
    int rc;

    if (!srv->default_dir)
        return GF_OK;
    json = gf_scenario_json_from_csv(srv->default_dir, &len, err);
    if (!json)
        return err && err->code ? err->code : GF_EIO;
    w = gf_whatif_create(json, len, NULL, 0, err); /* validate before storing */
    rc = w ? gf_store_put_scenario(st, DEFAULT_SCENARIO, gf_model_name(gf_whatif_model(w)), json,
                                   len, NULL, err)
           : (err && err->code ? err->code : GF_EINVAL);
    gf_whatif_destroy(w);
    gf_free(json, len + 1);
    return rc;
}

static int open_store(gf_server *srv, gf_error *err)
{
    struct stat sb;
    bool fresh;
    gf_store *st;
    int rc;

    srv->owner = gf_store_own(srv->db_path, err); /* before anything reads or recovers */
    if (!srv->owner)
        return err && err->code ? err->code : GF_EIO;
    fresh = stat(srv->db_path, &sb) != 0;
    st = gf_store_open(srv->db_path, err);

    if (!st)
        return err && err->code ? err->code : GF_EIO;
    rc = gf_store_recover(st, NULL, err); /* ours alone: we own the store */
    if (!rc)
        rc = gf_store_prune_runs(st, srv->cfg.keep_runs, NULL, err);
    if (!rc && fresh)
        rc = load_default(srv, st, err);
    if (rc) {
        gf_store_close(st);
        if (fresh)
            unlink(srv->db_path);
        return rc;
    }
    gf__store_release(srv, st);
    return GF_OK;
}

static int copy_config(gf_server *srv, const gf_server_config *cfg, gf_error *err)
{
    srv->cfg = *cfg;
    srv->listen = dup_str(cfg->listen ? cfg->listen : DEFAULT_LISTEN);
    srv->db_path = dup_str(cfg->db_path ? cfg->db_path : DEFAULT_DB);
    srv->token = cfg->token && cfg->token[0] ? dup_str(cfg->token) : NULL;
    srv->static_dir = cfg->static_dir ? dup_str(cfg->static_dir) : NULL;
    srv->default_dir = cfg->default_dir ? dup_str(cfg->default_dir) : NULL;
    if (!srv->listen || !srv->db_path || (cfg->token && cfg->token[0] && !srv->token) ||
        (cfg->static_dir && !srv->static_dir) || (cfg->default_dir && !srv->default_dir))
        return gf_fail(err, GF_ENOMEM, "out of memory");
    srv->cfg.listen = srv->listen;
    srv->cfg.db_path = srv->db_path;
    srv->cfg.token = srv->token;
    srv->cfg.static_dir = srv->static_dir;
    srv->cfg.default_dir = srv->default_dir;
    if (!srv->cfg.max_body || srv->cfg.max_body > GF_SERVER_MAX_BODY)
        srv->cfg.max_body = GF_SERVER_MAX_BODY;
    if (srv->cfg.max_runs <= 0)
        srv->cfg.max_runs = GF_SERVER_MAX_RUNS;
    if (srv->cfg.quick_ms <= 0)
        srv->cfg.quick_ms = 2000;
    if (srv->cfg.threads <= 0)
        srv->cfg.threads = srv->cfg.max_runs + 4;
    if (srv->cfg.max_conns <= 0)
        srv->cfg.max_conns = GF_SERVER_MAX_CONNS;
    if (srv->cfg.max_conns_per_ip <= 0)
        srv->cfg.max_conns_per_ip = GF_SERVER_MAX_CONNS_PER_IP;
    if (srv->cfg.request_timeout_s <= 0)
        srv->cfg.request_timeout_s = GF_SERVER_REQUEST_TIMEOUT_S;
    if (srv->cfg.idle_timeout_s <= 0)
        srv->cfg.idle_timeout_s = GF_SERVER_IDLE_TIMEOUT_S;
    if (srv->cfg.keep_runs <= 0)
        srv->cfg.keep_runs = GF_SERVER_KEEP_RUNS;
    if (srv->cfg.max_arcs <= 0)
        srv->cfg.max_arcs = GF_SERVER_MAX_ARCS;
    if (srv->cfg.run_timeout_s <= 0)
        srv->cfg.run_timeout_s = GF_SERVER_RUN_TIMEOUT_S;
    if (srv->cfg.max_run_memory_mb <= 0)
        srv->cfg.max_run_memory_mb = GF_SERVER_MAX_RUN_MEMORY_MB;
    if (srv->cfg.stop_grace_ms <= 0)
        srv->cfg.stop_grace_ms = GF_SERVER_STOP_GRACE_MS;
    if (srv->static_dir && !realpath(srv->static_dir, srv->static_real))
        return gf_fail(err, GF_EIO, "--static %s: %s", srv->static_dir, strerror(errno));
    return GF_OK;
}

static void stop_reaper(gf_server *srv)
{
    if (!srv->reaper_started)
        return;
    pthread_mutex_lock(&srv->conn_lock);
    srv->stopping = true;
    pthread_cond_broadcast(&srv->conn_cond);
    pthread_mutex_unlock(&srv->conn_lock);
    pthread_join(srv->reaper, NULL);
    srv->reaper_started = false;
}

static void free_server(gf_server *srv)
{
    if (!srv)
        return;
    stop_reaper(srv);
    if (srv->daemon)
        MHD_stop_daemon(srv->daemon);
    gf__store_pool_fini(srv);
    gf_store_disown(srv->owner);
    pthread_cond_destroy(&srv->conn_cond);
    pthread_mutex_destroy(&srv->conn_lock);
    pthread_cond_destroy(&srv->cond);
    pthread_mutex_destroy(&srv->lock);
    free(srv->listen);
    free(srv->db_path);
    free(srv->token);
    free(srv->static_dir);
    free(srv->default_dir);
    free(srv);
}

static int start_daemon(gf_server *srv, const struct sockaddr_in *sa, gf_error *err)
{
    const union MHD_DaemonInfo *info;
    struct MHD_Daemon *d;
    const gf_server_config *c = &srv->cfg;

    d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ERROR_LOG, 0, NULL, NULL,
        on_request, srv, MHD_OPTION_SOCK_ADDR, sa, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)c->threads, MHD_OPTION_CONNECTION_LIMIT, (unsigned)c->max_conns,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)c->max_conns_per_ip,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)c->idle_timeout_s, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, srv, MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv, MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
        MHD_OPTION_END);
    if (!d)
        return gf_fail(err, GF_EIO, "cannot listen on %s (in use, or not allowed)", srv->listen);
    srv->daemon = d;
    info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : ntohs(sa->sin_port);
    inet_ntop(AF_INET, &sa->sin_addr, srv->host, sizeof srv->host);
    if (pthread_create(&srv->reaper, NULL, reaper, srv) != 0)
        return gf_fail(err, GF_EINTERNAL, "cannot start the request deadline thread");
    srv->reaper_started = true;
    return GF_OK;
}

gf_server *gf_server_start(const gf_server_config *cfg, gf_error *err)
{
    struct sockaddr_in sa;
    gf_server *srv;
    int rc;

    if (!cfg) {
        gf_fail(err, GF_EINVAL, "gf_server_start: NULL config");
        return NULL;
    }
    srv = calloc(1, sizeof *srv);
    if (!srv) {
        gf_fail(err, GF_ENOMEM, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&srv->lock, NULL);
    pthread_cond_init(&srv->cond, NULL);
    pthread_mutex_init(&srv->conn_lock, NULL);
    pthread_cond_init(&srv->conn_cond, NULL);
    rc = copy_config(srv, cfg, err);
    if (!rc)
        rc = parse_listen(srv->listen, cfg->allow_remote, &sa, err);
    if (!rc)
        rc = open_store(srv, err);
    if (!rc)
        rc = start_daemon(srv, &sa, err);
    if (rc) {
        free_server(srv);
        return NULL;
    }
    return srv;
}

int gf_server_port(const gf_server *s)
{
    return s ? s->port : -1;
}

const char *gf_server_host(const gf_server *s)
{
    return s ? s->host : "";
}

void gf_server_stop(gf_server *s)
{
    if (!s)
        return;
    gf__runs_stop_all(s); /* runs failed "interrupted" now; waiting requests answer */
    stop_reaper(s);
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    s->daemon = NULL;
    if (!gf__runs_drain(s, s->cfg.stop_grace_ms)) {
        fprintf(stderr,
                "grainflow: a solve is still running after %d ms; leaving it to end "
                "with the process (its run is marked interrupted)\n",
                s->cfg.stop_grace_ms);
        return; /* s stays allocated: the worker still uses it */
    }
    free_server(s);
}
