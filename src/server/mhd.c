/* src/server/mhd.c: the HTTP adapter on libmicrohttpd, start and stop.
 *
 * The only file that includes microhttpd.h. MHD runs one thread per
 * connection; the access handler is called once with the headers, then with
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
#include <sys/stat.h>
#include <unistd.h>

#include "grainflow/alloc.h"
#include "grainflow/whatif.h"
#include "server/server_int.h"

#define DEFAULT_LISTEN       "127.0.0.1:8080"
#define DEFAULT_DB           "grainflow.db"
#define DEFAULT_SCENARIO     "kz-ma-africa"
#define CONNECTION_LIMIT     64
#define CONNECTION_TIMEOUT_S 60

typedef struct conn_ctx {
    char *body;
    size_t len, cap;
    bool too_large;
} conn_ctx;

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

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    conn_free(*con_cls);
    *con_cls = NULL;
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
        res->fd = -1; /* MHD closes it */
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

/* A 413 answer before or while the body is read. */
static enum MHD_Result too_large(gf_server *srv, struct MHD_Connection *conn, const char *url)
{
    gf__request req = {0};
    gf__response res = {0};

    res.fd = -1;
    req.method = "POST";
    req.path = url;
    req.arg = query_arg;
    req.conn = conn;
    req.body = "";
    req.too_large = true;
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
    if (!c) {
        c = calloc(1, sizeof *c);
        if (!c)
            return MHD_NO;
        *con_cls = c;
        if (length_too_large(conn, srv->cfg.max_body))
            return too_large(srv, conn, url);
        return MHD_YES;
    }
    if (*upload_data_size) {
        collect(c, upload_data, *upload_data_size, srv->cfg.max_body);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (c->too_large)
        return too_large(srv, conn, url);
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
    gf__server_route(srv, &req, &res);
    ok = send_response(conn, &res);
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
    bool fresh = stat(srv->db_path, &sb) != 0;
    gf_store *st = gf_store_open(srv->db_path, err);
    int rc;

    if (!st)
        return err && err->code ? err->code : GF_EIO;
    rc = gf_store_recover(st, NULL, err);
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
    if (srv->static_dir && !realpath(srv->static_dir, srv->static_real))
        return gf_fail(err, GF_EIO, "--static %s: %s", srv->static_dir, strerror(errno));
    return GF_OK;
}

static void free_server(gf_server *srv)
{
    if (!srv)
        return;
    gf__store_pool_fini(srv);
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

    d = MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0,
        NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR, sa, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)CONNECTION_LIMIT, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_TIMEOUT_S,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_LISTENING_ADDRESS_REUSE,
        (unsigned)1, MHD_OPTION_END);
    if (!d)
        return gf_fail(err, GF_EIO, "cannot listen on %s (in use, or not allowed)", srv->listen);
    srv->daemon = d;
    info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : ntohs(sa->sin_port);
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

void gf_server_stop(gf_server *s)
{
    if (!s)
        return;
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    gf__runs_drain(s);
    free_server(s);
}
