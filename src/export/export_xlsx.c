/* src/export/export_xlsx.c: the plan's tables as one Excel workbook (plan.xlsx).
 *
 * The only file that includes libxlsxwriter (Debian libxlsxwriter-dev): a
 * maintained C library that writes .xlsx directly, with no zip or XML code
 * of ours. One sheet per CSV table (flows, markets, stocks, bottlenecks,
 * routes), named like the file, with the same header row and rows: each
 * table is produced by gf_export_plan_csv into memory and split back into
 * fields (RFC 4180 quoting, as that writer quotes), so the workbook and the
 * CSV files cannot disagree. A field becomes a number cell when it parses
 * whole as a number and its column is not a text column (ids, mode, kind,
 * node chains), so an id like "1" stays text. Written straight to its path:
 * gf_export_plan_dir calls it inside the output's temporary folder, which is
 * synced and renamed into place with the other files (export_file.c).
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "export/export_int.h"
#include "grainflow/export.h"

#define MAX_COLS 16

static const char *const tables[] = {"flows", "markets", "stocks", "bottlenecks", "routes"};
static const char *const text_cols[] = {"from",   "to",     "mode",  "node",          "kind",
                                        "market", "origin", "nodes", "legs_usd_per_t"};

static bool is_text_col(const char *name)
{
    for (size_t i = 0; i < sizeof text_cols / sizeof text_cols[0]; i++)
        if (strcmp(name, text_cols[i]) == 0)
            return true;
    return false;
}

/* Split the next CSV row of *s (modified in place: fields unquoted and
 * NUL-terminated) into field[]; advances *s. Returns the field count. */
static int next_row(char **s, char *field[MAX_COLS])
{
    char *r = *s, *w = *s;
    int n = 0;

    field[n++] = w;
    while (*r && *r != '\n') {
        if (*r == '"') {
            for (r++; *r && !(*r == '"' && r[1] != '"'); r++)
                *w++ = *r == '"' ? *r++ : *r; /* "" -> " */
            r += *r == '"';
        } else if (*r == ',') {
            *w++ = '\0';
            r++;
            if (n < MAX_COLS)
                field[n++] = w;
        } else {
            *w++ = *r++;
        }
    }
    *s = *r ? r + 1 : r; /* before the NUL below, which may land on the '\n' */
    *w = '\0';
    return n;
}

static int write_sheet(lxw_workbook *wb, const gf_plan *p, const char *table, gf_error *err)
{
    char *text = NULL, *s, *head[MAX_COLS], *field[MAX_COLS];
    char text_col[MAX_COLS] = {0};
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    lxw_worksheet *ws = workbook_add_worksheet(wb, table);
    int rc, n_head;

    if (!f || !ws) {
        if (f)
            fclose(f);
        free(text);
        return gf_fail(err, GF_ENOMEM, "out of memory writing sheet %s of plan.xlsx", table);
    }
    rc = gf_export_plan_csv(p, table, f, err);
    if (fclose(f) && !rc)
        rc = gf_fail(err, GF_ENOMEM, "out of memory writing sheet %s of plan.xlsx", table);
    if (rc)
        goto out;
    s = text;
    n_head = next_row(&s, head);
    for (int c = 0; c < n_head; c++) {
        text_col[c] = is_text_col(head[c]);
        worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
    }
    for (lxw_row_t r = 1; *s; r++) {
        int n = next_row(&s, field);
        for (int c = 0; c < n; c++) {
            char *end;
            double v = strtod(field[c], &end);
            if (!text_col[c] && *field[c] && !*end)
                worksheet_write_number(ws, r, (lxw_col_t)c, v, NULL);
            else if (*field[c])
                worksheet_write_string(ws, r, (lxw_col_t)c, field[c], NULL);
        }
    }
out:
    free(text);
    return rc;
}

int gf__export_plan_xlsx(const gf_plan *p, const char *path, gf_error *err)
{
    lxw_workbook *wb = workbook_new(path);
    lxw_error e;
    int rc = GF_OK;

    if (!wb)
        return gf_fail(err, GF_EIO, "cannot create %s", path);
    for (size_t i = 0; !rc && i < sizeof tables / sizeof tables[0]; i++)
        rc = write_sheet(wb, p, tables[i], err);
    e = workbook_close(wb); /* writes the file and frees wb */
    if (!rc && e != LXW_NO_ERROR)
        rc = gf_fail(err, GF_EIO, "cannot write %s: %s", path, lxw_strerror(e));
    if (rc)
        remove(path);
    return rc;
}
