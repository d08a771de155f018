/* src/export/export_xlsx.c: a plan's tables as one Excel workbook (plan.xlsx).
 *
 * The only file that includes libxlsxwriter (Debian libxlsxwriter-dev): a
 * maintained C library that writes .xlsx directly, with no zip or XML code
 * of ours. One sheet per CSV table, named like the file, with the same
 * header row and rows: version 1's flows, markets, stocks, bottlenecks,
 * routes (gf_export_plan_csv), version 2's flows, links, products, hubs,
 * conversions (gf_export_plan_v2_csv). Each sheet is read from the CSV file
 * the folder build wrote just before, beside the workbook, and split back
 * into fields (RFC 4180 quoting, as that writer quotes): every figure is
 * formatted once, the workbook and the CSV files cannot disagree, and one
 * sheet writer serves both versions: it knows only a table's name and text.
 * libxlsxwriter runs in constant_memory mode (rows go to a temporary file as
 * they are written, not into a tree of every cell held until the end), which
 * on the 5,000-place synthetic scenario (3.5 M cells) is what keeps plan
 * -o's time and memory in bounds (bench/plan.sh).
 * A field becomes a number cell when it parses whole as a number and its
 * column is not a text column (ids, mode, kind, products, hub options, node
 * chains), so an id like "1" stays text; an empty field is an empty cell (a
 * closed hub's option). Written straight to its path: the -o folder build
 * (gf__export_dir, export_file.c) calls it inside the output's temporary
 * folder, which is synced and renamed into place with the other files.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "export/export_int.h"
#include "grainflow/alloc.h"
#include "grainflow/export.h"

#define MAX_COLS 16

static const char *const text_cols[] = {
    "from",           "to",      "mode",   "node",         "kind",      "market", "origin", "nodes",
    "legs_usd_per_t", "product", "option", "from_product", "to_product"};

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
            char *end = field[c];
            double v = text_col[c] || !*field[c] ? 0 : strtod(field[c], &end);
            if (end != field[c] && !*end)
                worksheet_write_number(ws, r, (lxw_col_t)c, v, NULL);
            else if (*field[c])
                worksheet_write_string(ws, r, (lxw_col_t)c, field[c], NULL);
        }
    }
    return GF_OK;
}

/* The sheet named table of wb from the file "DIR/TABLE.csv", DIR being the
 * folder of path (the workbook's own path). */
static int table_sheet(lxw_workbook *wb, const char *path, const char *table, gf_error *err)
{
    const char *slash = strrchr(path, '/');
    char csv[4096 + 64];
    char *text = NULL;
    FILE *f;
    long size = 0;
    int rc = GF_OK;

    if (slash)
        snprintf(csv, sizeof csv, "%.*s/%s.csv", (int)(slash - path), path, table);
    else
        snprintf(csv, sizeof csv, "%s.csv", table);
    f = fopen(csv, "rb");
    if (!f)
        return gf_fail(err, GF_EINTERNAL,
                       "cannot read %s for sheet %s of plan.xlsx: %s (the folder build writes "
                       "the tables before the workbook)",
                       csv, table, strerror(errno));
    if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
        rc = gf_fail(err, GF_EIO, "cannot read %s: %s", csv, strerror(errno));
    if (!rc && !(text = gf_malloc((size_t)size + 1)))
        rc = gf_fail(err, GF_ENOMEM, "out of memory writing sheet %s of plan.xlsx", table);
    if (!rc && fread(text, 1, (size_t)size, f) != (size_t)size)
        rc = gf_fail(err, GF_EIO, "cannot read %s: %s", csv, strerror(errno));
    fclose(f);
    if (!rc) {
        text[size] = '\0';
        rc = write_sheet(wb, table, text, err);
    }
    if (text)
        gf_free(text, (size_t)size + 1);
    return rc;
}

int gf__export_xlsx_tables(const char *path, const char *const *tables, size_t n, gf_error *err)
{
    /* constant_memory: each row goes to a temporary file as it is written,
     * instead of a tree of every cell held until workbook_close; strings
     * are then inline cells, not a shared string table (read alike) */
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    lxw_error e;
    int rc = GF_OK;

    if (!wb)
        return gf_fail(err, GF_EIO, "cannot create %s", path);
    for (size_t i = 0; !rc && i < n; i++)
        rc = table_sheet(wb, path, tables[i], err);
    e = workbook_close(wb); /* writes the file and frees wb */
    if (!rc && e != LXW_NO_ERROR)
        rc = gf_fail(err, GF_EIO, "cannot write %s: %s", path, lxw_strerror(e));
    if (rc)
        remove(path);
    return rc;
}
