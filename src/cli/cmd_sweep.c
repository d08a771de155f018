/* src/cli/cmd_sweep.c: `grainflow sweep SPEC [DIR] [-j N] [-o OUT] [--json] [--resume]`.
 *
 * Runs the sweep of SPEC (sweep.h) on the scenario in DIR on N worker
 * threads (gf_sweep_exec), and under grainflow-mpi (mpirun -np K) on K
 * processes too: rank r takes the runs r, r + K, ...; ranks other than 0
 * send each run's answer to rank 0, which after each of its own runs i
 * receives i + 1 .. i + K - 1 from ranks 1 .. K - 1 in turn, so it writes
 * the table in run order (MPI keeps the order of messages between two
 * ranks). The table is bit-for-bit the same for any N and K.
 *
 * Rank 0 streams each row to OUT/runs.csv (written as runs.csv.part and
 * renamed when complete) and keeps it in the SQLite store (OUT/sweep.db, or
 * --store PATH; a temporary file without either), committed every 256 runs.
 * --resume finds the sweep in the store by its spec and scenario texts,
 * skips the runs kept there and writes their kept rows in their place, so
 * the resumed table equals an uninterrupted one. The summary (mean and
 * P10 / P50 / P90 of each result, nearest rank over the runs that solved;
 * P(> 0) for the hubs) is read back from the store sorted, so memory stays
 * flat in the number of runs. The tornado (sweep.h) follows. A progress
 * line goes to stderr only when it is a terminal.
 *
 * On a version-2 scenario (gf_sweep_is_v2) each run is a site analysis
 * taking seconds (sweep_v2.c), so a line per run goes to stderr instead,
 * terminal or not (run i/N, its saving and the hubs it opens, time so far
 * and left); the text summary gives each hub's probability of opening and
 * of carrying flow, and that of any hub opening. MPI carries version-2 runs
 * unchanged (a run's message is its row and values either way), and is
 * the way to run them side by side: a process solves one CBC MIP at a
 * time (sweep_v2.c), so -j N gives the same table as -j 1, no faster.
 * --list SPEC prints what the spec resolves to on the scenario (parameters
 * with their P10 / base / P90, events with p, runs, grid, seed, chains, the
 * results) and runs nothing.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "grainflow/alloc.h"
#include "grainflow/jsonw.h"
#include "grainflow/scenario.h"
#include "grainflow/store.h"
#include "grainflow/sweep.h"
#include "grainflow/sweep_summary.h"
#include "grainflow/whatif.h"
#include "sweep/mpi/sweep_mpi.h"

/* Linked in grainflow-mpi only (src/sweep/mpi/sweep_mpi.c). */
#pragma weak gf__cli_sweep_mpi

static const char usage[] =
    "usage: grainflow sweep SPEC [DIR] [-j N] [-o OUT] [--json] [--resume] [--store PATH]\n"
    "       grainflow sweep --list SPEC [DIR]\n"
    "       mpirun -np K grainflow-mpi sweep SPEC [DIR] [-j N] [-o OUT] [--json]\n"
    "\n"
    "Run the scenario in DIR (default: the bundled data/kz-ma-africa) many times\n"
    "with the figures SPEC varies: a grid of lists, Monte Carlo draws and stress\n"
    "events (the spec's form: include/grainflow/sweep.h; examples/sweep-*.json).\n"
    "Each worker re-solves one network warm; a run that fails is a row with its\n"
    "reason and the sweep goes on. Run i's random numbers come from (seed, i)\n"
    "alone, so the table is the same for any -j and any number of processes.\n"
    "\n"
    "  -j N          worker threads (default 1)\n"
    "  -o OUT        write OUT/runs.csv (one row per run: the sampled inputs,\n"
    "                delivered t, saving, total cost, tonnes through each hub,\n"
    "                per market delivered t and marginal landed cost, what binds),\n"
    "                OUT/summary.csv (mean, P10, P50, P90 of each result; for a\n"
    "                hub the probability that it carries flow) and\n"
    "                OUT/tornado.csv (each parameter alone at its P10 and P90,\n"
    "                the others at base, ranked by the swing in saving); the\n"
    "                store OUT/sweep.db keeps every run\n"
    "  --json        print the summary and the tornado as JSON\n"
    "  --resume      go on with a sweep that was stopped: runs kept in the store\n"
    "                are not run again (needs -o or --store; one process)\n"
    "  --store PATH  the SQLite store to keep the runs in (default OUT/sweep.db)\n"
    "  --list        print what SPEC resolves to on the scenario (parameters with\n"
    "                their P10, base and P90, events with p, runs, seed) and stop\n"
    "  -h, --help    this text\n"
    "\n"
    "On a version-2 scenario (hubs.csv, departures, products) each run is the\n"
    "hub decision of grainflow site (CBC, within the spec's gap_pct of the\n"
    "saving, default 0.1; time_limit_s per solve): seconds a run. The run\n"
    "table then gives per hub whether it opens and with which option, the\n"
    "best hub's value, the subsidy bill, the gap and the proof (optimal,\n"
    "within_gap, time_limit); the summary the probability each hub opens.\n"
    "CBC 2.10 cannot solve on two threads at once, so -j N gives the same\n"
    "table but no speed-up there: use mpirun -np K grainflow-mpi for that.\n"
    "Spec: hub_fixed (op multiply, add or set USD/year; \"nodes\": hubs) and\n"
    "subsidy (multiply, add or set USD/t; links as link_cost) take version 2.\n"
    "\n"
    "A progress line (runs done, runs/s, time left) goes to stderr when it is a\n"
    "terminal; on a version-2 scenario, one line per run, always. grainflow-mpi is built beside "
    "grainflow when mpicc is found.\n"
    "Exit codes: 0 ok, 1 no run solved, 2 bad input or usage, 3 internal error.\n";

typedef struct opts {
    const char *spec, *dir, *out, *store;
    int threads;
    bool json, resume, list;
    char dirbuf[PATH_MAX];
} opts;

typedef struct writer {
    const gf_sweep *sw;
    FILE *csv;
    gf_store *store;
    int64_t sweep_id, in_batch, n_ok, n_failed, n_written, n_resumed;
    bool progress;
    double t0, last_draw;
    const gf_cli_mpi *mpi;
    int size;
    void *buf; /* a received message */
    size_t buf_cap;
    gf_sweep_result tmp; /* a received run */
} writer;

static int parse_args(int argc, char **argv, opts *o)
{
    int n_pos = 0;

    o->threads = 1;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r;
        if (gf_cli_is_help(argv[i])) {
            fputs(usage, stdout);
            return -1;
        }
        if (strcmp(argv[i], "--json") == 0) {
            o->json = true;
            continue;
        }
        if (strcmp(argv[i], "--resume") == 0) {
            o->resume = true;
            continue;
        }
        if (strcmp(argv[i], "--list") == 0) {
            o->list = true;
            continue;
        }
        r = gf_cli_option_value(argc, argv, &i, "sweep", "-o", &o->out);
        if (!r)
            r = gf_cli_option_value(argc, argv, &i, "sweep", "--store", &o->store);
        if (!r && (r = gf_cli_option_value(argc, argv, &i, "sweep", "-j", &v)) == 1) {
            char *end;
            long n;
            errno = 0;
            n = strtol(v, &end, 10);
            if (errno || *end || n < 1 || n > 256)
                return gf_cli_usage_error("sweep", "-j takes a number of threads 1..256 (got %s)",
                                          v);
            o->threads = (int)n;
        }
        if (r < 0)
            return GF_EXIT_USAGE;
        if (r)
            continue;
        if (argv[i][0] == '-' && argv[i][1])
            return gf_cli_usage_error("sweep", "unknown option %s", argv[i]);
        if (n_pos++ == 0)
            o->spec = argv[i];
        else if (n_pos == 2)
            o->dir = argv[i];
        else
            return gf_cli_usage_error("sweep", "too many arguments (%s)", argv[i]);
    }
    if (!o->spec)
        return gf_cli_usage_error("sweep", "no SPEC given: the sweep's JSON file");
    if (o->resume && !o->out && !o->store)
        return gf_cli_usage_error("sweep", "--resume needs -o OUT or --store PATH: the store "
                                           "that holds the stopped sweep");
    if (!o->dir) {
        if (gf_cli_default_scenario(o->dirbuf, sizeof o->dirbuf))
            return gf_cli_usage_error("sweep", "no DIR given and the default scenario "
                                               "(data/kz-ma-africa) was not found");
        o->dir = o->dirbuf;
    }
    return 0;
}

/* The spec file's text (owned: gf_free(p, *len + 1)). */
static char *read_spec(const char *path, size_t *len, gf_error *err)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t n = 0;

    if (!f) {
        gf_fail(err, GF_EIO, "cannot open the sweep spec: %s", strerror(errno));
        gf_error_at(err, path, 0, 0);
        return NULL;
    }
    text = gf_malloc(GF_SWEEP_MAX_SPEC + 2);
    if (text)
        n = fread(text, 1, GF_SWEEP_MAX_SPEC + 1, f);
    if (!text || ferror(f) || n > GF_SWEEP_MAX_SPEC) {
        gf_fail(err, text ? (n > GF_SWEEP_MAX_SPEC ? GF_ELIMIT : GF_EIO) : GF_ENOMEM,
                "cannot read the sweep spec (at most %zu bytes)", GF_SWEEP_MAX_SPEC);
        gf_error_at(err, path, 0, 0);
        gf_free(text, GF_SWEEP_MAX_SPEC + 2);
        text = NULL;
    } else {
        char *t = gf_realloc(text, GF_SWEEP_MAX_SPEC + 2, n + 1);
        text = t ? t : text;
        if (!t)
            n = GF_SWEEP_MAX_SPEC + 1; /* keep the size gf_free must be told */
        text[n < GF_SWEEP_MAX_SPEC + 1 ? n : 0] = '\0';
        *len = n;
    }
    fclose(f);
    return text;
}

/* A spec error: "SPEC: /parameters/0/how: error: ..." (or SPEC:line:col). */
static int report_spec(const char *path, const gf_error *e)
{
    if (e->input[0] == '/')
        fprintf(stderr, "%s: %s: error: %s\n", path, e->input, e->msg);
    else if (e->line)
        fprintf(stderr, "%s:%ld:%ld: error: %s\n", path, e->line, e->column, e->msg);
    else
        return gf_cli_report(e);
    return gf_cli_exit_code(e->code);
}

/* ---- the run table ---- */

static void draw_progress(writer *w, bool last)
{
    double now = gf_cli_now(), rate;
    int64_t total = gf_sweep_runs(w->sw), done = w->n_written;
    int bar = 30, full;

    if (!w->progress || (!last && now - w->last_draw < 0.1) || gf_sweep_is_v2(w->sw))
        return;
    w->last_draw = now;
    rate = now > w->t0 ? (double)(done - w->n_resumed) / (now - w->t0) : 0;
    full = (int)((double)bar * (double)done / (double)total);
    fprintf(stderr, "\r[%.*s%.*s] %lld/%lld runs  %.0f runs/s  %.0f s left ", full,
            "##############################", bar - full, "..............................",
            (long long)done, (long long)total, rate,
            rate > 0 ? (double)(total - done) / rate : 0.0);
    if (last)
        fputc('\n', stderr);
    fflush(stderr);
}

/* True when run is the last of its chain (sweep.h). */
static bool chain_ends(const gf_sweep *sw, int64_t run)
{
    return (run + 1) % gf_sweep_chain_runs(sw) == 0 || run + 1 == gf_sweep_runs(sw);
}

/* A version-2 run done: one line on stderr (runs take seconds). */
static void run_line(writer *w, int64_t run, const gf_sweep_result *res)
{
    const gf_sweep *sw = w->sw;
    double now = gf_cli_now(), per = 0;
    int64_t total = gf_sweep_runs(sw), solved = w->n_written - w->n_resumed;
    int n_open = 0;

    if (solved > 0)
        per = (now - w->t0) / (double)solved;
    fprintf(stderr, "grainflow sweep: run %lld (%lld/%lld) ", (long long)run,
            (long long)w->n_written, (long long)total);
    if (!res)
        fputs("kept from the stopped sweep", stderr);
    else if (!res->ok)
        fputs("failed (its reason is in the run table)", stderr);
    else {
        fprintf(stderr, "saving $%.0f, opens", res->saving_usd);
        for (int32_t k = 0; k < gf_sweep_value_count(sw); k++)
            if (strncmp(gf_sweep_value_name(sw, k), "hub_open:", 9) == 0 && res->values[k] > 0)
                fprintf(stderr, "%s %s", n_open++ ? "," : "", gf_sweep_value_name(sw, k) + 9);
        if (!n_open)
            fputs(" no hub", stderr);
    }
    fprintf(stderr, "; %.0f s so far, about %.0f s left\n", now - w->t0,
            per * (double)(total - w->n_written));
}

/* One row to runs.csv and the store, in run order. */
static int write_row(writer *w, int64_t run, const gf_sweep_result *res, gf_error *err)
{
    char *kept = NULL;
    const char *row;
    bool ok;
    int rc = GF_OK;

    if (!res) {
        rc = gf_store_sweep_row(w->store, w->sweep_id, run, &kept, err);
        if (rc)
            return rc;
        row = kept;
        ok = strstr(row, ",ok,") == strchr(row, ',');
        w->n_resumed++;
    } else {
        row = res->row;
        ok = res->ok;
        rc = gf_store_sweep_put(w->store, w->sweep_id, run, ok, row, res->values,
                                gf_sweep_value_count(w->sw), err);
        w->in_batch++;
    }
    /* Commit whole chains only: a resumed sweep then finds whole chains,
     * which it skips without changing the basis of any run after them. */
    if (!rc && w->in_batch && chain_ends(w->sw, run)) {
        rc = gf_store_sweep_commit(w->store, err);
        if (!rc)
            rc = gf_store_sweep_begin(w->store, err);
        w->in_batch = 0;
    }
    if (!rc && w->csv && fputs(row, w->csv) < 0)
        rc = gf_fail(err, GF_EIO, "cannot write runs.csv: %s", strerror(errno));
    gf_store_free(kept);
    w->n_ok += ok;
    w->n_failed += !ok;
    w->n_written++;
    draw_progress(w, false);
    if (!rc && gf_sweep_is_v2(w->sw))
        run_line(w, run, res);
    return rc;
}

/* A run's answer as one message: ok byte, the values, the row. */
static int encode(const gf_sweep *sw, const gf_sweep_result *res, void **buf, size_t *cap,
                  size_t *n)
{
    size_t nv = (size_t)gf_sweep_value_count(sw) * sizeof(double);

    *n = 1 + nv + res->row_len;
    if (*n > *cap) {
        void *p = gf_realloc(*buf, *cap, *n);
        if (!p)
            return GF_ENOMEM;
        *buf = p;
        *cap = *n;
    }
    ((char *)*buf)[0] = res->ok ? 1 : 0;
    memcpy((char *)*buf + 1, res->values, nv);
    memcpy((char *)*buf + 1 + nv, res->row, res->row_len);
    return GF_OK;
}

static int decode(writer *w, size_t n, gf_error *err)
{
    size_t nv = (size_t)gf_sweep_value_count(w->sw) * sizeof(double);
    gf_sweep_result *r = &w->tmp;

    if (n < 1 + nv)
        return gf_fail(err, GF_EINTERNAL, "mpi: a run message of %zu bytes is too short", n);
    if (gf_sweep_result_init(w->sw, r, err))
        return GF_ENOMEM;
    if (n - nv + 1 > r->row_cap) {
        char *p = gf_realloc(r->row, r->row_cap, n - nv + 1);
        if (!p)
            return gf_fail(err, GF_ENOMEM, "out of memory");
        r->row = p;
        r->row_cap = n - nv + 1;
    }
    r->ok = ((char *)w->buf)[0] != 0;
    memcpy(r->values, (char *)w->buf + 1, nv);
    r->row_len = n - 1 - nv;
    memcpy(r->row, (char *)w->buf + 1 + nv, r->row_len);
    r->row[r->row_len] = '\0';
    return GF_OK;
}

/* Rank 0: its own run; after the last of one of its chains c, the chains
 * c + 1 .. c + K - 1 from ranks 1 .. K - 1 in turn. */
static int sink_root(void *ud, int64_t run, const gf_sweep_result *res, gf_error *err)
{
    writer *w = ud;
    int64_t l = gf_sweep_chain_runs(w->sw), runs = gf_sweep_runs(w->sw), c = run / l;
    int rc = write_row(w, run, res, err);

    if (!chain_ends(w->sw, run))
        return rc;
    for (int r = 1; !rc && r < w->size; r++)
        for (int64_t j = (c + r) * l; !rc && j < (c + r + 1) * l && j < runs; j++) {
            size_t n = 0;
            if (w->mpi->recv(r, &w->buf, &n, &w->buf_cap))
                return gf_fail(err, GF_EIO, "mpi: cannot receive run %lld from rank %d",
                               (long long)j, r);
            rc = decode(w, n, err);
            if (!rc)
                rc = write_row(w, j, &w->tmp, err);
        }
    return rc;
}

/* Ranks 1..K-1: every answer to rank 0. */
static int sink_send(void *ud, int64_t run, const gf_sweep_result *res, gf_error *err)
{
    writer *w = ud;
    size_t n = 0;

    if (!res || encode(w->sw, res, &w->buf, &w->buf_cap, &n))
        return gf_fail(err, GF_ENOMEM, "out of memory");
    if (w->mpi->send(w->buf, n))
        return gf_fail(err, GF_EIO, "mpi: cannot send run %lld to rank 0", (long long)run);
    return GF_OK;
}

/* ---- the summary (sweep_summary.h: shared with the server) ---- */

static void print_num(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, ",%.2f", v);
    else
        fputs(",", f);
}

static int write_summary_csv(writer *w, const char *path, gf_error *err)
{
    FILE *f = fopen(path, "w");
    int rc = GF_OK;

    if (!f)
        return gf_fail(err, GF_EIO, "cannot write %s: %s", path, strerror(errno));
    fputs("result,runs,mean,p10,p50,p90,p_carries_flow\n", f);
    for (int32_t k = 0; !rc && k < gf_sweep_value_count(w->sw); k++) {
        gf_sweep_stat s;
        rc = gf_sweep_stat_read(w->store, w->sweep_id, k, &s, err);
        fprintf(f, "%s,%lld", gf_sweep_value_name(w->sw, k), (long long)s.n);
        print_num(f, s.mean);
        print_num(f, s.p10);
        print_num(f, s.p50);
        print_num(f, s.p90);
        if (gf_sweep_value_is_hub(w->sw, k) && isfinite(s.p_positive))
            fprintf(f, ",%.4f", s.p_positive);
        else
            fputs(",", f);
        fputc('\n', f);
    }
    if (fclose(f) && !rc)
        rc = gf_fail(err, GF_EIO, "cannot write %s", path);
    return rc;
}

static int write_tornado_csv(const gf_sweep *sw, const gf_sweep_tornado_table *t, const char *path,
                             gf_error *err)
{
    FILE *f = fopen(path, "w");

    if (!f)
        return gf_fail(err, GF_EIO, "cannot write %s: %s", path, strerror(errno));
    fprintf(f, "rank,input,kind,input_low,input_high,saving_low_usd,saving_high_usd,"
               "swing_usd,saving_base_usd\n");
    for (int32_t r = 0; r < t->n; r++) {
        int32_t i = t->order[r];
        double lo, hi, sw_usd = gf_sweep_tornado_swing(t, i);
        gf_sweep_input_ends(sw, i, &lo, &hi);
        fprintf(f, "%d,%s,%s,%g,%g", (int)r + 1, gf_sweep_input_name(sw, i),
                gf_sweep_input_is_event(sw, i) ? "event" : "parameter", lo, hi);
        print_num(f, t->low_usd[i]);
        print_num(f, t->high_usd[i]);
        print_num(f, sw_usd >= 0 ? sw_usd : NAN);
        print_num(f, t->base_usd);
        fputc('\n', f);
    }
    return fclose(f) ? gf_fail(err, GF_EIO, "cannot write %s", path) : GF_OK;
}

static void print_text(writer *w, const gf_sweep_tornado_table *t, double secs, int threads,
                       int procs)
{
    const gf_sweep *sw = w->sw;
    char a[32], b[32], c[32], d[32];
    int32_t n_idle = 0, n_onward_idle = 0;

    printf("sweep: %lld runs (%lld solved, %lld failed%s) on %d thread%s x %d process%s "
           "in %.2f s\n",
           (long long)gf_sweep_runs(sw), (long long)w->n_ok, (long long)w->n_failed,
           w->n_resumed ? ", some kept from the stopped sweep" : "", threads,
           threads == 1 ? "" : "s", procs, procs == 1 ? "" : "es", secs);
    printf("%-34s %16s %16s %16s %16s\n", "result", "mean", "P10", "P50", "P90");
    for (int32_t k = 0; k < gf_sweep_value_count(sw); k++) {
        gf_sweep_stat s;
        bool hub = gf_sweep_value_is_hub(sw, k);
        if (gf_sweep_stat_read(w->store, w->sweep_id, k, &s, NULL))
            continue;
        if (k >= 3 && !hub && !gf_sweep_is_v2(sw))
            break;                                               /* per-market rows: summary.csv */
        if (hub && !(s.p_positive > 0) && !gf_sweep_is_v2(sw)) { /* listed in summary.csv */
            if (strncmp(gf_sweep_value_name(sw, k), "hub_onward_t:", 13) == 0)
                n_onward_idle++;
            else
                n_idle++;
            continue;
        }
        printf("%-34s %16s %16s %16s %16s", gf_sweep_value_name(sw, k),
               isfinite(s.mean) ? (snprintf(a, sizeof a, "%.0f", s.mean), a) : "-",
               isfinite(s.p10) ? (snprintf(b, sizeof b, "%.0f", s.p10), b) : "-",
               isfinite(s.p50) ? (snprintf(c, sizeof c, "%.0f", s.p50), c) : "-",
               isfinite(s.p90) ? (snprintf(d, sizeof d, "%.0f", s.p90), d) : "-");
        if (hub && strncmp(gf_sweep_value_name(sw, k), "hub_open:", 9) == 0)
            printf("   opens in %.1f %% of runs", 100 * s.p_positive);
        else if (hub)
            printf("   carries flow in %.1f %% of runs", 100 * s.p_positive);
        else if (strcmp(gf_sweep_value_name(sw, k), "any_hub_open") == 0 && isfinite(s.mean))
            printf("   some hub opens in %.1f %% of runs", 100 * s.mean);
        putchar('\n');
    }
    if (n_idle || n_onward_idle)
        printf("(in no run: %d hub%s receive%s grain, %d ship%s grain onward; all in "
               "summary.csv)\n",
               (int)n_idle, n_idle == 1 ? "" : "s", n_idle == 1 ? "s" : "", (int)n_onward_idle,
               n_onward_idle == 1 ? "s" : "");
    printf("tornado: saving with each input alone at its P10 / P90 (events: on), the others at "
           "base ($%.0f)\n",
           t->base_usd);
    for (int32_t r = 0; r < t->n; r++) {
        int32_t i = t->order[r];
        double lo, hi, sw_usd = gf_sweep_tornado_swing(t, i);
        gf_sweep_input_ends(sw, i, &lo, &hi);
        printf("  %-28s %10g -> $%-14.0f %10g -> $%-14.0f swing $%.0f\n",
               gf_sweep_input_name(sw, i), lo, t->low_usd[i], hi, t->high_usd[i],
               sw_usd >= 0 ? sw_usd : NAN);
    }
}

static int print_json(writer *w, const gf_sweep_tornado_table *t, double secs, gf_error *err)
{
    gf_jsonw j;
    int rc;

    gf_jsonw_init_file(&j, stdout, true);
    gf_jsonw_object(&j);
    gf_jsonw_kint(&j, "runs", gf_sweep_runs(w->sw));
    gf_jsonw_kint(&j, "solved", w->n_ok);
    gf_jsonw_kint(&j, "failed", w->n_failed);
    gf_jsonw_kreal(&j, "seconds", secs);
    rc = gf_sweep_summary_jsonw(&j, w->store, w->sweep_id, w->sw, t, err);
    gf_jsonw_end(&j);
    gf_jsonw_raw(&j, "\n", 1);
    return rc ? rc : gf_jsonw_finish(&j, err);
}

/* ---- files ---- */

static int path_in(char *buf, size_t size, const char *dir, const char *name)
{
    return snprintf(buf, size, "%s/%s", dir, name) < (int)size ? 0 : -1;
}

/* The store's path: --store, OUT/sweep.db, or a new temporary file. */
static int store_path(const opts *o, char *buf, size_t size, bool *temp, gf_error *err)
{
    const char *tmp = getenv("TMPDIR");
    int fd;

    *temp = false;
    if (o->store)
        return snprintf(buf, size, "%s", o->store) < (int)size
                   ? GF_OK
                   : gf_fail(err, GF_ELIMIT, "the --store path is too long");
    if (o->out)
        return path_in(buf, size, o->out, "sweep.db") ? gf_fail(err, GF_ELIMIT, "OUT is too long")
                                                      : GF_OK;
    if (snprintf(buf, size, "%s/grainflow-sweep-XXXXXX", tmp && tmp[0] ? tmp : "/tmp") >= (int)size)
        return gf_fail(err, GF_ELIMIT, "TMPDIR is too long");
    fd = mkstemp(buf);
    if (fd < 0)
        return gf_fail(err, GF_EIO, "cannot create a temporary store in %s: %s",
                       tmp && tmp[0] ? tmp : "/tmp", strerror(errno));
    close(fd);
    *temp = true;
    return GF_OK;
}

static void remove_store(const char *path)
{
    char p[PATH_MAX + 8];

    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

/* ---- the command ---- */

typedef struct job {
    opts o;
    gf_model *model;
    gf_sweep *sw;
    char *spec, *scenario;
    size_t spec_len, scenario_len;
    uint8_t *done;
    int rank, size;
    char store[PATH_MAX], part[PATH_MAX], csv[PATH_MAX];
    bool temp_store;
} job;

static int setup(job *jb, writer *w, gf_error *err)
{
    int rc;
    int64_t runs = gf_sweep_runs(jb->sw), n_done = 0;

    if (jb->o.out && mkdir(jb->o.out, 0777) && errno != EEXIST)
        return gf_fail(err, GF_EIO, "cannot create the folder %s: %s", jb->o.out, strerror(errno));
    rc = store_path(&jb->o, jb->store, sizeof jb->store, &jb->temp_store, err);
    if (rc)
        return rc;
    w->store = gf_store_open(jb->store, err);
    if (!w->store)
        return err->code;
    rc = gf_store_sweep_open(w->store, jb->spec, jb->scenario, gf_sweep_header(jb->sw), runs,
                             !jb->o.resume, &w->sweep_id, err);
    if (!rc && jb->o.resume) {
        jb->done = gf_calloc((size_t)(runs / 8 + 1), 1);
        rc = jb->done ? gf_store_sweep_done(w->store, w->sweep_id, jb->done, runs, &n_done, err)
                      : gf_fail(err, GF_ENOMEM, "out of memory");
        if (!rc && !jb->o.json)
            fprintf(stderr, "grainflow sweep: resuming: %lld of %lld runs kept in %s\n",
                    (long long)n_done, (long long)runs, jb->store);
    }
    if (!rc && jb->o.out) {
        if (path_in(jb->part, sizeof jb->part, jb->o.out, "runs.csv.part") ||
            path_in(jb->csv, sizeof jb->csv, jb->o.out, "runs.csv"))
            return gf_fail(err, GF_ELIMIT, "OUT is too long");
        w->csv = fopen(jb->part, "w");
        if (!w->csv)
            return gf_fail(err, GF_EIO, "cannot write %s: %s", jb->part, strerror(errno));
        if (fputs(gf_sweep_header(jb->sw), w->csv) < 0)
            rc = gf_fail(err, GF_EIO, "cannot write %s", jb->part);
    }
    return rc ? rc : gf_store_sweep_begin(w->store, err);
}

/* Read the scenario (model and JSON text) and the spec. */
static int load(job *jb, gf_error *err)
{
    jb->model = gf_scenario_read_csv(jb->o.dir, err);
    if (!jb->model)
        return err->code;
    jb->scenario = gf_scenario_json_from_csv(jb->o.dir, &jb->scenario_len, err);
    if (!jb->scenario)
        return err->code;
    jb->spec = read_spec(jb->o.spec, &jb->spec_len, err);
    if (!jb->spec)
        return err->code;
    jb->sw = gf_sweep_create(jb->spec, jb->spec_len, jb->model, err);
    return jb->sw ? GF_OK : err->code;
}

static int finish(job *jb, writer *w, double secs, gf_error *err)
{
    gf_sweep_tornado_table t = {0};
    char p[PATH_MAX];
    int rc = gf_store_sweep_commit(w->store, err);

    draw_progress(w, true);
    if (!rc && w->csv) {
        FILE *f = w->csv;
        w->csv = NULL;
        if (fclose(f))
            rc = gf_fail(err, GF_EIO, "cannot write %s", jb->part);
        if (!rc && rename(jb->part, jb->csv))
            rc = gf_fail(err, GF_EIO, "cannot rename %s: %s", jb->part, strerror(errno));
    }
    if (!rc)
        rc = gf_sweep_tornado_table_make_threads(jb->sw, jb->o.threads, &t, err);
    if (!rc && jb->o.out && !path_in(p, sizeof p, jb->o.out, "summary.csv"))
        rc = write_summary_csv(w, p, err);
    if (!rc && jb->o.out && !path_in(p, sizeof p, jb->o.out, "tornado.csv"))
        rc = write_tornado_csv(jb->sw, &t, p, err);
    if (!rc && jb->o.json)
        rc = print_json(w, &t, secs, err);
    else if (!rc)
        print_text(w, &t, secs, jb->o.threads, jb->size);
    gf_sweep_tornado_table_fini(&t);
    return rc;
}

static void job_fini(job *jb, writer *w)
{
    if (w->csv)
        fclose(w->csv);
    gf_store_close(w->store);
    if (jb->temp_store)
        remove_store(jb->store);
    gf_free(w->buf, w->buf_cap);
    gf_sweep_result_fini(&w->tmp);
    if (jb->done)
        gf_free(jb->done, (size_t)(gf_sweep_runs(jb->sw) / 8 + 1));
    gf_sweep_destroy(jb->sw);
    gf_model_destroy(jb->model);
    if (jb->spec)
        gf_free(jb->spec, jb->spec_len + 1);
    if (jb->scenario)
        gf_free(jb->scenario, jb->scenario_len + 1);
}

/* --list: what the spec resolves to, and no run. */
static int list_spec(job *jb, gf_error *err)
{
    const gf_sweep *sw;
    int rc = load(jb, err);

    if (rc)
        return rc;
    sw = jb->sw;
    printf("sweep %s on %s: a version-%d scenario%s\n", jb->o.spec, jb->o.dir,
           gf_model_version(jb->model),
           gf_sweep_is_v2(sw) ? " (each run is the hub decision of grainflow site)" : "");
    printf("runs %lld, seed %llu, chains of %lld runs\n", (long long)gf_sweep_runs(sw),
           (unsigned long long)gf_sweep_seed(sw), (long long)gf_sweep_chain_runs(sw));
    printf("parameters (%d):\n", (int)gf_sweep_param_count(sw));
    for (int32_t p = 0; p < gf_sweep_param_count(sw); p++)
        printf("  %-24s P10 %-12g base %-12g P90 %g\n", gf_sweep_param_name(sw, p),
               gf_sweep_param_quantile(sw, p, 0.1), gf_sweep_param_base(sw, p),
               gf_sweep_param_quantile(sw, p, 0.9));
    printf("events (%d):\n", (int)gf_sweep_event_count(sw));
    for (int32_t e = 0; e < gf_sweep_event_count(sw); e++)
        printf("  %-24s p %g\n", gf_sweep_event_name(sw, e), gf_sweep_event_p(sw, e));
    printf("results (%d):", (int)gf_sweep_value_count(sw));
    for (int32_t k = 0; k < gf_sweep_value_count(sw); k++)
        printf(" %s", gf_sweep_value_name(sw, k));
    putchar('\n');
    return GF_OK;
}

static int run_job(job *jb, writer *w, gf_error *err)
{
    gf_sweep_exec_opts eo = {0};
    double t0 = gf_cli_now();
    int rc = load(jb, err);

    if (rc)
        return rc;
    w->sw = jb->sw;
    w->size = jb->size;
    eo.threads = jb->o.threads;
    eo.first = jb->rank;
    eo.step = jb->size;
    if (jb->rank > 0) /* a sender: no files, no store */
        return gf_sweep_exec(jb->sw, &eo, sink_send, w, err);
    rc = setup(jb, w, err);
    if (rc)
        return rc;
    eo.done = jb->done;
    w->progress = isatty(2) && !jb->o.json;
    w->t0 = w->last_draw = gf_cli_now();
    rc = gf_sweep_exec(jb->sw, &eo, sink_root, w, err);
    if (w->progress && rc)
        fputc('\n', stderr);
    return rc ? rc : finish(jb, w, gf_cli_now() - t0, err);
}

int gf_cli_sweep(int argc, char **argv)
{
    const gf_cli_mpi *mpi = gf__cli_sweep_mpi ? gf__cli_sweep_mpi() : NULL;
    job jb = {0};
    writer w = {0};
    gf_error err = {0};
    int rc;

    jb.size = 1;
    rc = parse_args(argc, argv, &jb.o);
    if (rc)
        return rc < 0 ? GF_EXIT_OK : rc;
    if (jb.o.list) {
        rc = list_spec(&jb, &err);
        if (rc)
            rc = err.input[0] == '/' || (!err.input[0] && err.line) ? report_spec(jb.o.spec, &err)
                                                                    : gf_cli_report(&err);
        job_fini(&jb, &w);
        return rc;
    }
    if (mpi && mpi->init(&argc, &argv, &jb.rank, &jb.size)) {
        fprintf(stderr, "grainflow sweep: error: MPI_Init failed\n");
        return GF_EXIT_INTERNAL;
    }
    if (jb.size > 1 && jb.o.resume) {
        if (jb.rank == 0)
            gf_cli_usage_error("sweep", "--resume runs in one process: run it without mpirun");
        mpi->finish(0);
        return GF_EXIT_USAGE;
    }
    w.mpi = mpi;
    rc = run_job(&jb, &w, &err);
    if (rc && jb.rank == 0)
        rc = err.input[0] == '/' || (!err.input[0] && err.line) ? report_spec(jb.o.spec, &err)
                                                                : gf_cli_report(&err);
    else if (rc)
        rc = gf_cli_exit_code(err.code);
    else if (jb.rank == 0 && w.n_ok == 0)
        rc = GF_EXIT_NO_SOLUTION;
    job_fini(&jb, &w);
    if (mpi)
        mpi->finish(rc && jb.size > 1 ? rc : 0);
    return rc;
}
