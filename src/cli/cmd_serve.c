/* src/cli/cmd_serve.c: grainflow serve: the HTTP server and the web page.
 *
 * Parses the options, blocks SIGINT and SIGTERM (so that every server thread
 * inherits the mask), starts the server, prints the address it listens on
 * (as bound, not as assumed) and waits
 * for one of the signals with sigwait; then stops the server, which lets
 * running requests and plan runs finish and closes the store.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "grainflow/server.h"

static const char usage_text[] =
    "usage: grainflow serve [--listen 127.0.0.1:8080] [--db PATH] [--static DIR] [--data DIR]\n"
    "                       [limits...]\n"
    "\n"
    "Serve the JSON API under /api/v1/ (described at /api/v1/openapi.json) and the\n"
    "web page at /. Scenarios and runs are kept in an SQLite file; a new file gets\n"
    "the default scenario (id kz-ma-africa). One server owns a store: a second one\n"
    "on the same --db refuses to start. Stop with Ctrl-C (SIGINT) or SIGTERM: runs\n"
    "not finished are marked interrupted at once. Cancel a run with\n"
    "DELETE /api/v1/runs/{id}.\n"
    "\n"
    "  --listen HOST:PORT  address (default 127.0.0.1:8080; port 0 = any free port);\n"
    "                      loopback only unless --allow-remote\n"
    "  --db PATH           the store (default grainflow.db)\n"
    "  --static DIR        the web page's folder (default: web/ beside the program)\n"
    "  --data DIR          the default scenario folder (default: data/kz-ma-africa)\n"
    "\n"
    "Authentication: set GRAINFLOW_TOKEN=TOKEN in the environment and every API\n"
    "request must send \"Authorization: Bearer TOKEN\" (401 otherwise).\n"
    "  --token TOKEN       the same, but other local users can read it in the\n"
    "                      process list (ps): prefer GRAINFLOW_TOKEN\n"
    "\n"
    "Limits (the defaults are safe for one machine):\n"
    "  --max-runs N        plan runs at once (default 4; more get 429)\n"
    "  --max-body BYTES    largest request body (default and ceiling 8388608; 413)\n"
    "  --max-arcs N        a run's network size, estimated from its scenario before\n"
    "                      anything is built as (links + 2 x nodes) x periods +\n"
    "                      supply rows + demand rows; about 150 bytes of memory\n"
    "                      each (default 1000000; over it: 413)\n"
    "  --run-timeout S     a run still solving after S seconds is failed and its\n"
    "                      result dropped (default 300)\n"
    "  --max-run-memory MB what one run's solve and outputs may allocate (default\n"
    "                      1024); the allocation that would pass it is refused and\n"
    "                      the run fails naming this limit\n"
    "  --max-conns N       open connections in all (default 512; more are refused)\n"
    "  --max-conns-per-ip N  open connections from one address (default 32)\n"
    "  --request-timeout S a request's head and body must arrive within S seconds of\n"
    "                      its start, or the connection is cut (default 30)\n"
    "  --idle-timeout S    close a connection idle for S seconds (default 15)\n"
    "  --threads N         event-loop threads (default max-runs + 4)\n"
    "  --keep-runs N       finished runs kept in the store, the newest (default\n"
    "                      10000); older ones are deleted when a run finishes\n"
    "  --quick-ms MS       a run done within MS answers 201, else 202 (default 2000)\n"
    "  --test-delay-ms MS  tests only: every run waits MS before solving\n";

typedef struct serve_opts {
    gf_server_config cfg;
    char data[PATH_MAX];
    char web[PATH_MAX];
} serve_opts;

/* A web folder: a directory holding index.html. */
static bool is_dir(const char *p)
{
    struct stat sb;
    char index[PATH_MAX];

    if ((size_t)snprintf(index, sizeof index, "%s/index.html", p) >= sizeof index)
        return false;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode) && stat(index, &sb) == 0;
}

/* The web folder: $GF_WEB_DIR, then web/ or share/grainflow/web beside the
 * executable. 0 and the path in buf, or -1. */
static int default_web(char *buf, size_t size)
{
    const char *env = getenv("GF_WEB_DIR");
    char exe[PATH_MAX];
    ssize_t n;

    if (env && env[0] && is_dir(env)) {
        snprintf(buf, size, "%s", env);
        return 0;
    }
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return -1;
    exe[n] = '\0';
    if (strrchr(exe, '/'))
        *strrchr(exe, '/') = '\0';
    if ((size_t)snprintf(buf, size, "%s/../web", exe) < size && is_dir(buf))
        return 0;
    if ((size_t)snprintf(buf, size, "%s/../share/grainflow/web", exe) < size && is_dir(buf))
        return 0;
    return -1;
}

static int parse_int(const char *opt, const char *s, long lo, long hi, long *out)
{
    char *end = NULL;

    errno = 0;
    *out = strtol(s, &end, 10);
    if (errno || end == s || *end || *out < lo || *out > hi) {
        fprintf(stderr, "grainflow serve: %s must be a whole number from %ld to %ld (got '%s')\n",
                opt, lo, hi, s);
        return 2;
    }
    return 0;
}

/* One option with a value at argv[*i]; 0, 2 on a usage error. */
static int parse_value(serve_opts *o, const char *a, const char *v)
{
    long n = 0;
    int rc = 0;

    if (!strcmp(a, "--listen"))
        o->cfg.listen = v;
    else if (!strcmp(a, "--db"))
        o->cfg.db_path = v;
    else if (!strcmp(a, "--token"))
        o->cfg.token = v;
    else if (!strcmp(a, "--static"))
        o->cfg.static_dir = v;
    else if (!strcmp(a, "--data"))
        o->cfg.default_dir = v;
    else if (!strcmp(a, "--max-runs") && !(rc = parse_int(a, v, 1, 64, &n)))
        o->cfg.max_runs = (int)n;
    else if (!strcmp(a, "--max-body") && !(rc = parse_int(a, v, 1024, 8 << 20, &n)))
        o->cfg.max_body = (size_t)n;
    else if (!strcmp(a, "--quick-ms") && !(rc = parse_int(a, v, 1, 600000, &n)))
        o->cfg.quick_ms = (int)n;
    else if (!strcmp(a, "--test-delay-ms") && !(rc = parse_int(a, v, 0, 600000, &n)))
        o->cfg.test_delay_ms = (int)n;
    else if (!strcmp(a, "--max-conns") && !(rc = parse_int(a, v, 1, 100000, &n)))
        o->cfg.max_conns = (int)n;
    else if (!strcmp(a, "--max-conns-per-ip") && !(rc = parse_int(a, v, 1, 100000, &n)))
        o->cfg.max_conns_per_ip = (int)n;
    else if (!strcmp(a, "--request-timeout") && !(rc = parse_int(a, v, 1, 3600, &n)))
        o->cfg.request_timeout_s = (int)n;
    else if (!strcmp(a, "--idle-timeout") && !(rc = parse_int(a, v, 1, 3600, &n)))
        o->cfg.idle_timeout_s = (int)n;
    else if (!strcmp(a, "--threads") && !(rc = parse_int(a, v, 1, 256, &n)))
        o->cfg.threads = (int)n;
    else if (!strcmp(a, "--keep-runs") && !(rc = parse_int(a, v, 1, 100000000, &n)))
        o->cfg.keep_runs = (int)n;
    else if (!strcmp(a, "--max-arcs") && !(rc = parse_int(a, v, 1000, 2000000000, &n)))
        o->cfg.max_arcs = n;
    else if (!strcmp(a, "--run-timeout") && !(rc = parse_int(a, v, 1, 86400, &n)))
        o->cfg.run_timeout_s = (int)n;
    else if (!strcmp(a, "--max-run-memory") && !(rc = parse_int(a, v, 1, 1048576, &n)))
        o->cfg.max_run_memory_mb = n;
    else if (!rc) {
        fprintf(stderr, "grainflow serve: unknown option '%s'\n%s", a, usage_text);
        rc = 2;
    }
    return rc;
}

static int parse_args(int argc, char **argv, serve_opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int rc;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage_text, stdout);
            return -1;
        }
        if (!strcmp(a, "--allow-remote")) {
            o->cfg.allow_remote = true;
            continue;
        }
        if (a[0] != '-' || i + 1 >= argc) {
            fprintf(stderr, "grainflow serve: '%s' needs a value or is not an option\n%s", a,
                    usage_text);
            return 2;
        }
        rc = parse_value(o, a, argv[++i]);
        if (rc)
            return rc;
    }
    if (o->cfg.token)
        fprintf(stderr, "grainflow serve: warning: --token can be read by other local users in "
                        "the process list; set GRAINFLOW_TOKEN in the environment instead\n");
    if (!o->cfg.token && getenv("GRAINFLOW_TOKEN"))
        o->cfg.token = getenv("GRAINFLOW_TOKEN");
    if (!o->cfg.default_dir && gf_cli_default_scenario(o->data, sizeof o->data) == 0)
        o->cfg.default_dir = o->data;
    if (!o->cfg.static_dir && default_web(o->web, sizeof o->web) == 0)
        o->cfg.static_dir = o->web;
    if (!o->cfg.default_dir)
        fprintf(stderr, "grainflow serve: the default scenario data/kz-ma-africa was not found "
                        "(--data DIR or GF_DATA_DIR); a new store starts empty\n");
    if (!o->cfg.static_dir)
        fprintf(stderr, "grainflow serve: the web folder was not found (--static DIR or "
                        "GF_WEB_DIR); serving the API only\n");
    return 0;
}

int gf_cli_serve(int argc, char **argv)
{
    serve_opts o = {0};
    gf_error err = {0};
    gf_server *srv;
    sigset_t set;
    int rc, sig = 0;

    rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    srv = gf_server_start(&o.cfg, &err);
    if (!srv)
        return gf_cli_report(&err);
    printf("grainflow: serving http://%s:%d/ (store %s%s%s)\n", gf_server_host(srv),
           gf_server_port(srv), o.cfg.db_path ? o.cfg.db_path : "grainflow.db",
           o.cfg.static_dir ? ", web " : "", o.cfg.static_dir ? o.cfg.static_dir : "");
    fflush(stdout);
    sigwait(&set, &sig);
    fprintf(stderr, "grainflow: stopping (signal %d)\n", sig);
    gf_server_stop(srv);
    return 0;
}
