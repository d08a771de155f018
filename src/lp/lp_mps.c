/* src/lp/lp_mps.c: write the LP/MIP of a model in free MPS (grainflow export --mps).
 *
 * Free MPS, as Debian's clp, cbc and glpsol --freemps read it: names
 * without spaces, fields separated by blanks. Names say what each row and
 * column is (x<link>_<period>_<product>, ship<link>_<period>, y<option>,
 * bal<node>_<period>_<product>, ...; 0-based model indices, listed in the
 * comment lines at the top). Numbers are printed with %.17g so they read
 * back exactly. Integer columns sit between INTORG/INTEND markers and always
 * get explicit bounds (UP, or PL for none), since readers disagree on the
 * default bounds of a marked column. A row with no finite bound (a hub arc
 * row left unbounded) is written as a free N row, which every reader keeps
 * as no constraint. The objective is in cents without the constant sum alt
 * x demand, which a comment gives: total cost = objective + constant.
 * Written to a temporary file beside path and renamed over it, so a failed
 * write never leaves half a file.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "grainflow/alloc.h"
#include "lp/lp_int.h"

/* "n..." columns upset CoinMpsIO's free-format bounds reader: departures are "ship" */
static const char *const col_prefix[] = {"x", "s", "b", "d", "c", "ship", "y"};
static const char *const row_prefix[] = {"bal",  "cap",  "dep",  "thr", "sto",
                                         "harc", "pick", "hubs", "lot"};

static void name_of(char *buf, size_t n, const char *prefix, int32_t ref, int32_t t, int32_t p)
{
    if (ref < 0)
        snprintf(buf, n, "%s", prefix);
    else if (t < 0)
        snprintf(buf, n, "%s%d", prefix, (int)ref);
    else if (p < 0)
        snprintf(buf, n, "%s%d_%d", prefix, (int)ref, (int)t);
    else
        snprintf(buf, n, "%s%d_%d_%d", prefix, (int)ref, (int)t, (int)p);
}

static void col_name(char *buf, size_t n, const gf__lp_prog *g, int32_t c)
{
    const gf__lp_col *k = &g->col[c];
    int32_t p = k->kind == GF__LP_COL_FLOW || k->kind == GF__LP_COL_STOCK ? k->product : -1;
    int32_t t = k->kind == GF__LP_COL_BUY || k->kind == GF__LP_COL_DELIVER ? -1 : k->period;

    name_of(buf, n, col_prefix[k->kind], k->ref, t, p);
}

static void row_name(char *buf, size_t n, const gf__lp_prog *g, int32_t r)
{
    const gf__lp_row *w = &g->row[r];

    name_of(buf, n, row_prefix[w->kind], w->ref, w->period,
            w->kind == GF__LP_ROW_BALANCE ? w->product : -1);
}

static char row_type(const gf__lp_row *w)
{
    bool lo = w->lo > -GF__LP_INF, up = w->up < GF__LP_INF;

    if (lo && up)
        return w->lo == w->up ? 'E' : 'G'; /* G with a range up - lo */
    return lo ? 'G' : up ? 'L' : 'N';
}

static void write_rows(FILE *f, const gf__lp_prog *g)
{
    char nm[64];

    fputs("ROWS\n N COST\n", f);
    for (int32_t r = 0; r < g->nrow; r++) {
        row_name(nm, sizeof nm, g, r);
        fprintf(f, " %c %s\n", row_type(&g->row[r]), nm);
    }
}

static void write_columns(FILE *f, const gf__lp_prog *g)
{
    char nm[64], rn[64];
    bool in_int = false;

    fputs("COLUMNS\n", f);
    for (int32_t c = 0; c < g->ncol; c++) {
        if (g->col[c].is_int != in_int) {
            in_int = g->col[c].is_int;
            fprintf(f, " M%d 'MARKER' '%s'\n", (int)c, in_int ? "INTORG" : "INTEND");
        }
        col_name(nm, sizeof nm, g, c);
        /* every column appears, even with no entry and no cost */
        fprintf(f, " %s COST %.17g\n", nm, g->col[c].obj);
        for (int64_t e = g->start[c]; e < g->start[c + 1]; e++) {
            row_name(rn, sizeof rn, g, g->index[e]);
            fprintf(f, " %s %s %.17g\n", nm, rn, g->value[e]);
        }
    }
    if (in_int)
        fprintf(f, " M%d 'MARKER' 'INTEND'\n", (int)g->ncol);
}

static void write_rhs(FILE *f, const gf__lp_prog *g)
{
    char nm[64];

    fputs("RHS\n", f);
    for (int32_t r = 0; r < g->nrow; r++) {
        const gf__lp_row *w = &g->row[r];
        char t = row_type(w);
        double v = t == 'L' ? w->up : w->lo;
        if (t == 'N' || v == 0)
            continue;
        row_name(nm, sizeof nm, g, r);
        fprintf(f, " RHS %s %.17g\n", nm, v);
    }
    fputs("RANGES\n", f);
    for (int32_t r = 0; r < g->nrow; r++) {
        const gf__lp_row *w = &g->row[r];
        if (row_type(w) != 'G' || !(w->up < GF__LP_INF))
            continue;
        row_name(nm, sizeof nm, g, r);
        fprintf(f, " RNG %s %.17g\n", nm, w->up - w->lo);
    }
}

static void write_bounds(FILE *f, const gf__lp_prog *g)
{
    char nm[64];

    fputs("BOUNDS\n", f);
    for (int32_t c = 0; c < g->ncol; c++) {
        const gf__lp_col *k = &g->col[c];
        col_name(nm, sizeof nm, g, c);
        if (k->lo == k->up) {
            fprintf(f, " FX BND %s %.17g\n", nm, k->lo);
            continue;
        }
        if (k->lo != 0)
            fprintf(f, " LO BND %s %.17g\n", nm, k->lo);
        if (k->up < GF__LP_INF)
            fprintf(f, " UP BND %s %.17g\n", nm, k->up);
        else if (k->is_int)
            fprintf(f, " PL BND %s\n", nm);
    }
}

static void write_header(FILE *f, const gf__lp_prog *g, const gf_model *m)
{
    fprintf(f, "* grainflow LP/MIP of scenario '%s': %d columns (%d integer), %d rows\n",
            gf_model_name(m), (int)g->ncol, (int)g->n_int, (int)g->nrow);
    fprintf(f, "* objective in US cents; total cost = objective + constant %lld\n",
            (long long)g->alt_all_cents);
    fputs("* columns: x<link>_<period>_<product> tonnes departing, s<node>_<period>_<product>\n"
          "*   stock to the next period, b<supply row>, d<demand row>, c<conversion>_<period>\n"
          "*   tonnes in, ship<link>_<period> departures, y<hub option> chosen\n"
          "* rows: bal balance, cap link capacity, dep departures, thr throughput, sto storage,\n"
          "*   harc hub arc link, pick one option per hub, hubs min..max open hubs\n"
          "* indices are 0-based rows of the model (links in links.csv order, both_ways\n"
          "*   reverses right after their link)\n",
          f);
    fprintf(f, "NAME grainflow\n");
}

int gf__lp_write_mps(const gf__lp_prog *g, const gf_model *m, const char *path, gf_error *err)
{
    char tmp[4096];
    FILE *f = NULL;
    int rc = GF_OK;

    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid()) >= sizeof tmp)
        return gf_fail(err, GF_EINVAL, "the MPS path is too long (%zu bytes)", strlen(path));
    f = fopen(tmp, "w");
    if (!f)
        return gf_fail(err, GF_EIO,
                       "cannot write '%s': %s; check the folder exists and is "
                       "writable",
                       path, strerror(errno));
    write_header(f, g, m);
    write_rows(f, g);
    write_columns(f, g);
    write_rhs(f, g);
    write_bounds(f, g);
    fputs("ENDATA\n", f);
    if (ferror(f) | fclose(f)) {
        rc = gf_fail(err, GF_EIO, "cannot write '%s': %s; check the disk has room", path,
                     strerror(errno));
        remove(tmp);
        return rc;
    }
    if (rename(tmp, path) != 0) {
        rc = gf_fail(err, GF_EIO, "cannot write '%s': %s", path, strerror(errno));
        remove(tmp);
    }
    return rc;
}

int gf_lp_write_mps(const gf_model *m, const gf_lp_options *o, const char *path, gf_error *err)
{
    gf_lp_options def;
    gf__lp_prog g = {0};
    int rc;

    if (!m || !path)
        return gf_fail(err, GF_EINVAL, "gf_lp_write_mps: NULL argument");
    if (!o) {
        gf_lp_options_init(&def);
        o = &def;
    }
    rc = gf__lp_build(&g, m, o, err);
    if (!rc)
        rc = gf__lp_write_mps(&g, m, path, err);
    gf__lp_prog_fini(&g);
    return rc;
}
