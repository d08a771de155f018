/* src/scenario/scenario_int.h: private declarations of the scenario readers (CSV rows).
 *
 * gf_csv holds a whole CSV file in memory as rows of NUL-terminated fields with
 * the 1-based line of each row; row 0 is the header. Only csv.c sees libcsv.
 * SPDX-License-Identifier: MIT */
#ifndef GF_SCENARIO_INT_H
#define GF_SCENARIO_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "grainflow/error.h"
#include "grainflow/scenario.h"

#define GF_CSV_MAX_BYTES  ((size_t)256 << 20) /* a file larger than this is refused */
#define GF_CSV_MAX_FIELDS 1024                /* per row */

typedef struct gf_csv gf_csv;

/* Read the CSV file at path. Returns owned (gf__csv_free) or NULL with *err
 * (GF_EIO naming path, GF_EPARSE with line and field, GF_ELIMIT, GF_ENOMEM).
 * A file that does not exist gives GF_ENOTFOUND; a FIFO, device, socket or
 * folder GF_EINVAL at once (never blocks). A UTF-8 byte-order mark is
 * skipped; bytes that are not UTF-8 and NUL bytes are GF_EPARSE. */
gf_csv *gf__csv_read(const char *path, gf_error *err);
/* Parse len bytes of CSV text in memory (borrowed for the call), as
 * gf__csv_read does a file's content; errors and gf__csv_path name it name. */
gf_csv *gf__csv_parse(const char *text, size_t len, const char *name, gf_error *err);
void gf__csv_free(gf_csv *csv);

const char *gf__csv_path(const gf_csv *csv);
/* Data rows (the header excluded); row r of 0..rows-1. */
int32_t gf__csv_rows(const gf_csv *csv);
long gf__csv_line(const gf_csv *csv, int32_t r);
/* Field c (0-based) of data row r; "" when the row is shorter or c < 0. */
const char *gf__csv_get(const gf_csv *csv, int32_t r, int32_t c);
/* True when every field of data row r is empty (",,,," or spaces only):
 * spreadsheets leave such rows at the end of an export. */
bool gf__csv_row_is_blank(const gf_csv *csv, int32_t r);
/* Number of fields of data row r; of the header when r is -1. */
int32_t gf__csv_fields(const gf_csv *csv, int32_t r);
/* Column index of a header name, or -1. */
int32_t gf__csv_col(const gf_csv *csv, const char *name);
/* Line of the header row. */
long gf__csv_header_line(const gf_csv *csv);

/* Where a scenario's files come from: a folder (dir set) or texts in memory. */
typedef struct gf__scenario_source {
    const char *dir;
    const gf_scenario_file *files;
    int n_files;
} gf__scenario_source;

/* Open file ("nodes.csv") of src: NULL with *missing set when it is absent
 * and optional, else NULL with *err naming it (scenario_read.c). */
gf_csv *gf__scenario_open(const gf__scenario_source *src, const char *file, bool optional,
                          bool *missing, gf_error *err);

/* ---- row readers shared by scenario_read.c and scenario_v2.c ---- */

/* One row being read: where errors point. */
typedef struct gf__reader {
    const gf_csv *csv;
    int32_t r;
    gf_error *err;
} gf__reader;

static inline const char *gf__cell(const gf__reader *rd, int32_t col)
{
    return gf__csv_get(rd->csv, rd->r, col);
}

static inline bool gf__is_blank(const char *s)
{
    return s[0] == '\0';
}

/* Fail with the position of column col of the current row (0-based col). */
int gf__rd_fail(const gf__reader *rd, int32_t col, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* GF_EPARSE unless the row has one field per header column (blank rows pass). */
int gf__check_width(const gf__reader *rd);
/* A fixed-point field: money (scale 2, cents) or tonnes (scale 0), >= 0.
 * Empty: an error when required, else def. */
int gf__get_fixed(const gf__reader *rd, int32_t col, const char *name, int scale, bool required,
                  int64_t def, int64_t *out);
/* A real field in [lo, hi]; empty takes def unless required. */
int gf__get_real(const gf__reader *rd, int32_t col, const char *name, bool required, double def,
                 double lo, double hi, double *out);
/* A period field: empty = -1 (every period), else an integer 1..periods (0-based out). */
int gf__get_period(const gf__reader *rd, int32_t col, int32_t periods, int32_t *out);
/* A node id field that must name an existing node. */
int gf__get_node(const gf__reader *rd, const gf_model *m, int32_t col, const char *name,
                 int32_t *out);
/* Find the columns in names[] (n of them); the first `required` are required
 * and any column not in names[] is refused. cols[i] = -1 when absent. */
int gf__find_cols(const gf_csv *csv, const char *const *names, int n, int required, int32_t *cols,
                  gf_error *err);
/* Read file of src with fn; an optional missing file is skipped. */
int gf__read_file(const gf__scenario_source *src, const char *file, bool optional, gf_model *m,
                  int (*fn)(const gf_csv *, gf_model *, gf_error *), gf_error *err);

/* The version-2 files and period overrides (scenario_v2.c), each optional:
 * products.csv, conversions.csv, hubs.csv, link_periods.csv, node_periods.csv. */
int gf__read_products(const gf_csv *csv, gf_model *m, gf_error *err);
int gf__read_conversions(const gf_csv *csv, gf_model *m, gf_error *err);
int gf__read_hubs(const gf_csv *csv, gf_model *m, gf_error *err);
int gf__read_link_periods(const gf_csv *csv, gf_model *m, gf_error *err);
int gf__read_node_periods(const gf_csv *csv, gf_model *m, gf_error *err);
/* A product id field: an id of products.csv, or (no products.csv, add_new)
 * a new product is added; empty gives product 0 (the first). */
int gf__get_product(const gf__reader *rd, gf_model *m, int32_t col, const char *name, bool add_new,
                    int32_t *out);

/* Every file a scenario may hold, scenario.csv first; the first
 * GF__SCENARIO_REQUIRED + 1 are the version-1 files. */
#define GF__SCENARIO_N_FILES 10
extern const char *const gf__scenario_known_files[GF__SCENARIO_N_FILES];

/* GF_EINVAL naming the first unknown or repeated file name. */
int gf__scenario_check_names(const gf_scenario_file *files, int n_files, gf_error *err);

/* Check the header against the n columns a reader knows (its table, kept
 * next to the reader): every header field must be one of them, and none may
 * be empty or appear twice. GF_OK, or GF_EPARSE at the header's line and the
 * column, naming the nearest known name ("did you mean") or listing them all. */
int gf__csv_check_header(const gf_csv *csv, const char *const *known, int n, gf_error *err);
/* The name in known[0..n) nearest to name by edit distance (ASCII case
 * folded), if near enough to be a likely misspelling; else NULL. */
const char *gf__csv_nearest(const char *name, const char *const *known, int n);
/* names[0..n) as "a, b, c" into buf (truncated to size). */
void gf__csv_list(char *buf, size_t size, const char *const *names, int n);

#endif
