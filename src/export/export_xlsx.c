/* src/export/export_xlsx.c: a plan's tables as one Excel workbook (plan.xlsx).
 *
 * The only file that includes libxlsxwriter (Debian libxlsxwriter-dev): a
 * maintained C library that writes .xlsx directly, with no zip or XML code
 * of ours. One sheet per CSV table, named like the file, with the same
 * header row and rows: version 1's flows, markets, stocks, bottlenecks,
 * routes (gf_export_plan_csv), version 2's flows, links, products, hubs,
 * conversions (gf_export_plan_v2_csv). Each table is produced by its CSV
 * writer into memory and split back into fields (RFC 4180 quoting, as that
 * writer quotes), so the workbook and the CSV files cannot disagree, and one
 * sheet writer serves both versions: it knows only a table's name and text.
 * A field becomes a number cell when it parses whole as a number and its
 * column is not a text column (ids, mode, kind, products, hub options, node
 * chains), so an id like "1" stays text; an empty field is an empty cell (a
 * closed hub's option). Written straight to its path: the -o folder build
 * (gf__export_dir, export_file.c) calls it inside the output's temporary
 * folder, which is synced and renamed into place with the other files.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "export/export_int.h"
#include "grainflow/export.h"

#define MAX_COLS 16

static const char *const tables_v1[] = {"flows", "markets", "stocks", "bottlenecks", "routes"};
static const char *const tables_v2[] = {"flows", "links", "products", "hubs", "conversions"};
static const char *const text_cols[] = {
    "from",           "to",      "mode",   "node",         "kind",      "market", "origin", "nodes",
    "legs_usd_per_t", "product", "option", "from_product", "to_product"};

/* Writes table (one of the plan's CSV tables) of plan to f. */
typedef int (*csv_fn)(const void *plan, const char *table, FILE *f, gf_error *err);

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

/* The sheet named table of wb from the CSV text of that table (modified in
 * place: split into fields). */
static int write_sheet(lxw_workbook *wb, const char *table, char *text, gf_error *err)
{
    char *s = text, *head[MAX_COLS], *field[MAX_COLS];
    char text_col[MAX_COLS] = {0};
    lxw_worksheet *ws = workbook_add_worksheet(wb, table);
    int n_head;

    if (!ws)
        return gf_fail(err, GF_ENOMEM, "out of memory writing sheet %s of plan.xlsx", table);
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
    return GF_OK;
}

/* The CSV text of one table of plan into a new sheet of wb. */
static int table_sheet(lxw_workbook *wb, csv_fn csv, const void *plan, const char *table,
                       gf_error *err)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    int rc;

    if (!f)
        return gf_fail(err, GF_ENOMEM, "out of memory writing sheet %s of plan.xlsx", table);
    rc = csv(plan, table, f, err);
    if (fclose(f) && !rc)
        rc = gf_fail(err, GF_ENOMEM, "out of memory writing sheet %s of plan.xlsx", table);
    if (!rc)
        rc = write_sheet(wb, table, text, err);
    free(text);
    return rc;
}

/* The workbook at path: a sheet per table of plan, in order. */
static int write_book(const char *path, csv_fn csv, const void *plan, const char *const *tables,
                      size_t n, gf_error *err)
{
    lxw_workbook *wb = workbook_new(path);
    lxw_error e;
    int rc = GF_OK;

    if (!wb)
        return gf_fail(err, GF_EIO, "cannot create %s", path);
    for (size_t i = 0; !rc && i < n; i++)
        rc = table_sheet(wb, csv, plan, tables[i], err);
    e = workbook_close(wb); /* writes the file and frees wb */
    if (!rc && e != LXW_NO_ERROR)
        rc = gf_fail(err, GF_EIO, "cannot write %s: %s", path, lxw_strerror(e));
    if (rc)
        remove(path);
    return rc;
}

static int csv_v1(const void *plan, const char *table, FILE *f, gf_error *err)
{
    return gf_export_plan_csv(plan, table, f, err);
}

static int csv_v2(const void *plan, const char *table, FILE *f, gf_error *err)
{
    return gf_export_plan_v2_csv(plan, table, f, err);
}

int gf__export_plan_xlsx(const gf_plan *p, const char *path, gf_error *err)
{
    return write_book(path, csv_v1, p, tables_v1, sizeof tables_v1 / sizeof tables_v1[0], err);
}

int gf__export_plan_v2_xlsx(const gf_plan_v2 *p, const char *path, gf_error *err)
{
    return write_book(path, csv_v2, p, tables_v2, sizeof tables_v2 / sizeof tables_v2[0], err);
}
