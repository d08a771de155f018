/* src/scenario/scenario_workbook.c: read a scenario from one .xlsx or .ods workbook.
 *
 * A workbook holds one sheet per table, named like the folder's CSV files
 * without ".csv" (scenario, nodes, links, supply, demand, any case), with
 * the same header row and columns. Each sheet is read through GDAL's C API
 * (the OGR XLSX and ODS drivers: GDAL already writes plan.gpkg, and
 * it is a maintained reader of both formats, so there is no zip or XML code
 * of ours) with every cell as text (OGR_XLSX_FIELD_TYPES / OGR_ODS_FIELD_TYPES
 * STRING, set for this thread only) and no header guessing (..._HEADERS
 * DISABLE, so row 1 comes back as the first feature and each feature's FID
 * is its row number). The cells are written out as CSV text, one line per
 * row, and handed to gf_scenario_read_texts: there is one parser, and a
 * workbook is accepted or refused exactly as the same tables in a folder.
 * Line L of a sheet's CSV text is row L of the sheet: a row GDAL skips (an
 * empty one) becomes an empty line, which the CSV reader skips too, so
 * every line number the reader and the model keep (gf_link.line, ...) is
 * the row the spreadsheet shows. An error the reader reports at
 * "links.csv" line L, field C is turned back into the workbook's terms,
 * "corridor.xlsx: sheet links, row L, column E", and gf_scenario_where
 * names a model row the same way for the CLI's warnings. A number cell arrives as
 * GDAL prints it (up to 15 significant digits, so 133.93 stays 133.93). A
 * cell holding a line break is refused at its sheet, row and column (the
 * CSV reader has no such value). Sheets with other names go to the reader
 * too, which refuses an unknown table by name.
 * SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/gdal_dl.h"
#include "grainflow/alloc.h"
#include "grainflow/scenario.h"
#include "grainflow/whatif.h"
#include "scenario/scenario_int.h"

#define MAX_SHEETS 32

/* One sheet as CSV text, line L holding row L. */
typedef struct sheet {
    char name[64]; /* "nodes.csv" */
    char *text;
    size_t len, cap;
    long n_rows; /* rows (lines) written */
} sheet;

typedef struct book {
    const char *label; /* the workbook's name in errors */
    sheet sheets[MAX_SHEETS];
    int n;
} book;

bool gf_scenario_is_workbook(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;

    return dot &&
           (!strcasecmp(dot, ".xlsx") || !strcasecmp(dot, ".xlsm") || !strcasecmp(dot, ".ods"));
}

static int put(sheet *s, const char *p, size_t n, gf_error *err)
{
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 4096;
        char *t;
        while (cap < s->len + n + 1)
            cap *= 2;
        t = gf_realloc(s->text, s->cap, cap);
        if (!t)
            return gf_fail(err, GF_ENOMEM, "out of memory reading a workbook");
        s->text = t;
        s->cap = cap;
    }
    memcpy(s->text + s->len, p, n);
    s->len += n;
    s->text[s->len] = 0;
    return GF_OK;
}

/* Start row (its FID) in s: an empty line for each row GDAL skipped, up to
 * a spreadsheet's most rows (2^20 in Excel and LibreOffice). */
static int add_row(sheet *s, long row, gf_error *err)
{
    int rc = GF_OK;

    if (row > (1L << 20))
        return gf_fail(err, GF_ELIMIT, "a row past a spreadsheet's %ld rows", 1L << 20);
    while (!rc && s->n_rows + 1 < row) {
        rc = put(s, "\n", 1, err);
        s->n_rows++;
    }
    s->n_rows++;
    return rc;
}

/* Column 1 as "A", 27 as "AA". */
static const char *column_name(long col, char buf[8])
{
    char tmp[8];
    int n = 0, k = 0;

    while (col > 0 && n < 7) {
        tmp[n++] = (char)('A' + (col - 1) % 26);
        col = (col - 1) / 26;
    }
    while (n > 0)
        buf[k++] = tmp[--n];
    buf[k] = 0;
    return buf;
}

/* "label: sheet S, row R, column C" into buf, without the parts that are
 * 0 (not known); sheet_name may end in ".csv". */
static void sheet_terms(char *buf, size_t size, const char *label, const char *sheet_name, long row,
                        long col)
{
    char c[8];
    size_t n = strlen(sheet_name);

    if (n > 4 && !strcmp(sheet_name + n - 4, ".csv"))
        n -= 4;
    if (row > 0 && col > 0)
        snprintf(buf, size, "%s: sheet %.*s, row %ld, column %s", label, (int)n, sheet_name, row,
                 column_name(col, c));
    else if (row > 0)
        snprintf(buf, size, "%s: sheet %.*s, row %ld", label, (int)n, sheet_name, row);
    else
        snprintf(buf, size, "%s: sheet %.*s", label, (int)n, sheet_name);
}

/* Point err at the workbook's sheet, row and column (0: not known). */
static void locate(gf_error *err, const char *label, const char *sheet_name, long row, long col)
{
    sheet_terms(err->input, sizeof err->input, label, sheet_name, row, col);
    err->line = err->column = 0;
}

const char *gf_scenario_where(const char *path, const char *table, long line, char *buf,
                              size_t size)
{
    if (!buf || !size)
        return "";
    if (!path)
        path = "";
    if (!table)
        table = "";
    if (gf_scenario_is_workbook(path))
        sheet_terms(buf, size, path, table, line, 0);
    else if (line > 0)
        snprintf(buf, size, "%s/%s:%ld", path, table, line);
    else
        snprintf(buf, size, "%s/%s", path, table);
    return buf;
}

/* The cells of one layer as CSV text into s. */
static int read_layer(OGRLayerH layer, const book *b, sheet *s, gf_error *err)
{
    OGRFeatureH f;
    int rc = GF_OK;

    OGR_L_ResetReading(layer);
    while (!rc && (f = OGR_L_GetNextFeature(layer)) != NULL) {
        int nf = OGR_F_GetFieldCount(f);
        long row = (long)OGR_F_GetFID(f);
        rc = add_row(s, row, err);
        if (rc == GF_ELIMIT)
            locate(err, b->label, s->name, row, 0);
        for (int i = 0; !rc && i < nf; i++) {
            const char *v = OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsString(f, i) : "";
            if (i > 0)
                rc = put(s, ",", 1, err);
            if (!rc && strpbrk(v, "\r\n")) {
                rc = gf_fail(err, GF_EPARSE,
                             "a cell holds a line break; a scenario value is one line");
                locate(err, b->label, s->name, row, i + 1);
            }
            if (!rc)
                rc = put(s, "\"", 1, err);
            for (const char *p = v; !rc && *p; p++)
                rc = *p == '"' ? put(s, "\"\"", 2, err) : put(s, p, 1, err);
            if (!rc)
                rc = put(s, "\"", 1, err);
        }
        if (!rc)
            rc = put(s, "\n", 1, err);
        OGR_F_Destroy(f);
    }
    return rc;
}

static int read_sheets(GDALDatasetH ds, book *b, gf_error *err)
{
    int n = GDALDatasetGetLayerCount(ds), rc = GF_OK;

    if (n > MAX_SHEETS)
        return gf_fail(err, GF_ELIMIT, "%s has %d sheets; a scenario workbook has at most %d",
                       b->label, n, MAX_SHEETS);
    for (int i = 0; !rc && i < n; i++) {
        OGRLayerH layer = GDALDatasetGetLayer(ds, i);
        const char *name = OGR_L_GetName(layer);
        sheet *s = &b->sheets[b->n++];
        size_t k = 0;
        for (; name[k] && k + 5 < sizeof s->name; k++)
            s->name[k] = (char)tolower((unsigned char)name[k]);
        memcpy(s->name + k, ".csv", 5);
        rc = put(s, "", 0, err); /* an empty sheet is an empty text, not NULL */
        if (!rc)
            rc = read_layer(layer, b, s, err);
    }
    return rc;
}

static void book_fini(book *b)
{
    for (int i = 0; i < b->n; i++)
        gf_free(b->sheets[i].text, b->sheets[i].cap);
}

/* Back from "nodes.csv":L:C to the sheet's row and column. */
static void to_sheet_terms(const book *b, gf_error *err)
{
    size_t n;

    for (int i = 0; i < b->n; i++) {
        const sheet *s = &b->sheets[i];
        if (strcmp(err->input, s->name) != 0)
            continue;
        locate(err, b->label, s->name, err->line, err->line > 0 ? err->column : 0);
        return;
    }
    n = strlen(err->input);
    if (n > 4 && !strcmp(err->input + n - 4, ".csv")) { /* a table with no sheet */
        char name[sizeof err->input];
        memcpy(name, err->input, sizeof name);
        locate(err, b->label, name, 0, 0);
        if (err->code == GF_ENOTFOUND)
            snprintf(err->msg, sizeof err->msg,
                     "no such sheet; add a sheet named %.*s with the columns of %s", (int)(n - 4),
                     name, name);
    }
}

/* Every cell as text and no header guessing, for this thread only, while
 * the workbook is read (the drivers load a sheet when it is first read, so
 * the options hold until the dataset is closed); old keeps what was set. */
static const char *const option_keys[4] = {"OGR_XLSX_FIELD_TYPES", "OGR_XLSX_HEADERS",
                                           "OGR_ODS_FIELD_TYPES", "OGR_ODS_HEADERS"};

static void set_options(char *old[4])
{
    static const char *const values[4] = {"STRING", "DISABLE", "STRING", "DISABLE"};

    for (int i = 0; i < 4; i++) {
        const char *o = CPLGetThreadLocalConfigOption(option_keys[i], NULL);
        old[i] = o ? CPLStrdup(o) : NULL;
        CPLSetThreadLocalConfigOption(option_keys[i], values[i]);
    }
}

static void restore_options(char *old[4])
{
    for (int i = 0; i < 4; i++) {
        CPLSetThreadLocalConfigOption(option_keys[i], old[i]);
        CPLFree(old[i]);
    }
}

/* Read the workbook at path; json: also its JSON form (NULL: not wanted). */
static gf_model *read_book(const char *path, const char *label, char **json, size_t *json_len,
                           gf_error *err)
{
    static const char *const drivers[] = {"XLSX", "ODS", NULL};
    char *old[4];
    book b;
    gf_scenario_file files[MAX_SHEETS];
    gf_model *m = NULL;
    GDALDatasetH ds;
    int rc;

    memset(&b, 0, sizeof b);
    b.label = label;
    if (gf__gdal_load(err)) {
        gf_error_at(err, label, 0, 0);
        return NULL;
    }
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
    set_options(old);
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    if (!ds) {
        restore_options(old);
        gf_fail(err, GF_EPARSE,
                "not a workbook GDAL can read as .xlsx or .ods (%.120s); save it from Excel or "
                "LibreOffice as .xlsx or .ods",
                CPLGetLastErrorMsg()[0] ? CPLGetLastErrorMsg() : "unknown format");
        gf_error_at(err, label, 0, 0);
        CPLPopErrorHandler();
        return NULL;
    }
    rc = read_sheets(ds, &b, err);
    GDALClose(ds);
    restore_options(old);
    CPLPopErrorHandler();
    for (int i = 0; !rc && i < b.n; i++)
        files[i] = (gf_scenario_file){b.sheets[i].name, b.sheets[i].text, b.sheets[i].len};
    if (!rc) {
        m = gf_scenario_read_texts(files, b.n, err);
        if (!m)
            to_sheet_terms(&b, err);
    }
    if (m && json) {
        *json = gf_scenario_json_from_texts(files, b.n, json_len, err);
        if (!*json) {
            gf_model_destroy(m);
            m = NULL;
        }
    }
    book_fini(&b);
    return m;
}

gf_model *gf_scenario_read_workbook(const char *path, gf_error *err)
{
    struct stat st;

    if (!path) {
        gf_fail(err, GF_EINVAL, "gf_scenario_read_workbook: NULL path");
        return NULL;
    }
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        gf_fail(err, stat(path, &st) != 0 ? GF_ENOTFOUND : GF_EINVAL,
                "no workbook file here (a regular .xlsx or .ods file)");
        gf_error_at(err, path, 0, 0);
        return NULL;
    }
    return read_book(path, path, NULL, NULL, err);
}

gf_model *gf_scenario_read_workbook_mem(const void *data, size_t len, const char *name,
                                        gf_error *err)
{
    return gf_scenario_read_workbook_json(data, len, name, NULL, NULL, err);
}

gf_model *gf_scenario_read_workbook_json(const void *data, size_t len, const char *name,
                                         char **json, size_t *json_len, gf_error *err)
{
    static atomic_uint seq;
    char path[96];
    VSILFILE *f;
    gf_model *m;
    const char *ext = name && strrchr(name, '.') ? strrchr(name, '.') : ".xlsx";

    if (!data || !len) {
        gf_fail(err, GF_EINVAL, "an empty workbook");
        gf_error_at(err, name ? name : "workbook", 0, 0);
        return NULL;
    }
    if (gf__gdal_load(err)) {
        gf_error_at(err, name ? name : "workbook", 0, 0);
        return NULL;
    }
    snprintf(path, sizeof path, "/vsimem/grainflow-workbook-%u%.8s", atomic_fetch_add(&seq, 1u),
             ext);
    f = VSIFileFromMemBuffer(path, (GByte *)(uintptr_t)data, (vsi_l_offset)len, FALSE);
    if (!f) {
        gf_fail(err, GF_ENOMEM, "out of memory opening the workbook");
        return NULL;
    }
    VSIFCloseL(f);
    m = read_book(path, name ? name : "workbook", json, json_len, err);
    VSIUnlink(path);
    return m;
}

gf_model *gf_scenario_read_path(const char *path, gf_error *err)
{
    struct stat st;

    if (path && gf_scenario_is_workbook(path) && stat(path, &st) == 0 && S_ISREG(st.st_mode))
        return gf_scenario_read_workbook(path, err);
    return gf_scenario_read_csv(path, err);
}
