/* src/scenario/scenario_estimates.c: read a scenario's estimates.csv.
 *
 * estimates.csv says which inputs of a scenario are estimates rather than
 * quoted statistics, one row per file and column: file, column, rows (which
 * rows: "all", a list of ids, a description), what (how it was estimated).
 * It is optional and not part of the model: the HTML report lists it under
 * "assumptions and estimates". The rows point into the CSV text, which the
 * result keeps (one allocation to free).
 * SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "grainflow/alloc.h"
#include "grainflow/scenario.h"
#include "scenario/scenario_int.h"

void gf_scenario_estimates_destroy(gf_scenario_estimates *e)
{
    if (!e)
        return;
    if (e->rows) /* as allocated: one entry per CSV row, + 1 */
        gf_free(e->rows, ((size_t)gf__csv_rows(e->csv) + 1) * sizeof *e->rows);
    gf__csv_free(e->csv);
    gf_free(e, sizeof *e);
}

/* The columns, or GF_EPARSE at the header naming the missing one. */
static int find_columns(const gf_csv *csv, int32_t *col, gf_error *err)
{
    static const char *const names[] = {"file", "column", "rows", "what"};

    for (int i = 0; i < 4; i++) {
        col[i] = gf__csv_col(csv, names[i]);
        if (col[i] < 0) {
            gf_fail(err, GF_EPARSE,
                    "missing required column '%s'; the header row must name the columns "
                    "file,column,rows,what",
                    names[i]);
            gf_error_at(err, gf__csv_path(csv), gf__csv_header_line(csv), 1);
            return GF_EPARSE;
        }
    }
    return GF_OK;
}

int gf_scenario_read_estimates(const char *dir, gf_scenario_estimates **out, gf_error *err)
{
    char path[4096];
    gf_error e = {0};
    gf_scenario_estimates *r = NULL;
    int32_t col[4];
    int rc;

    if (!dir || !out)
        return gf_fail(err, GF_EINVAL, "gf_scenario_read_estimates: NULL argument");
    *out = NULL;
    if ((size_t)snprintf(path, sizeof path, "%s/estimates.csv", dir) >= sizeof path)
        return gf_fail(err, GF_ELIMIT, "scenario folder path is too long");
    r = gf_calloc(1, sizeof *r);
    if (!r)
        return gf_fail(err, GF_ENOMEM, "out of memory reading %s", path);
    r->csv = gf__csv_read(path, &e);
    if (!r->csv) {
        gf_scenario_estimates_destroy(r);
        if (e.code == GF_ENOTFOUND)
            return GF_OK; /* optional file */
        if (err && !err->code)
            *err = e;
        return e.code;
    }
    rc = find_columns(r->csv, col, err);
    if (!rc) {
        r->rows = gf_calloc((size_t)gf__csv_rows(r->csv) + 1, sizeof *r->rows);
        rc = r->rows ? GF_OK : gf_fail(err, GF_ENOMEM, "out of memory reading %s", path);
    }
    for (int32_t i = 0; !rc && i < gf__csv_rows(r->csv); i++) {
        if (gf__csv_row_is_blank(r->csv, i))
            continue;
        r->rows[r->n++] =
            (gf_scenario_estimate){gf__csv_get(r->csv, i, col[0]), gf__csv_get(r->csv, i, col[1]),
                                   gf__csv_get(r->csv, i, col[2]), gf__csv_get(r->csv, i, col[3])};
    }
    if (rc) {
        gf_scenario_estimates_destroy(r);
        return rc;
    }
    *out = r;
    return GF_OK;
}
