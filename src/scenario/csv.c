/* src/scenario/csv.c: read a CSV file into rows of fields with line numbers (libcsv).
 *
 * The file is read whole, then fed to libcsv one physical line at a time, so
 * that a row's line is the line being fed when its first field ends. Fields are
 * appended to one text arena (NUL-terminated) and indexed by offset. Empty lines
 * are skipped by libcsv. This is the only file that includes libcsv's csv.h.
 * SPDX-License-Identifier: MIT */
#include <csv.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/core_int.h"
#include "grainflow/alloc.h"
#include "scenario/scenario_int.h"

typedef struct csv_row {
    long line;
    int32_t first; /* index into off */
    int32_t n;
} csv_row;

struct gf_csv {
    char *path;
    char *text; /* arena of NUL-terminated fields */
    size_t text_len, text_cap;
    size_t *off; /* field offsets into text */
    int32_t n_off, cap_off;
    csv_row *rows;
    int32_t n_rows, cap_rows;
    /* parse state */
    long cur_line;
    long next_row_line; /* the line after the last complete row */
    bool row_open;
    int fail; /* first error code in a callback */
};

static void *csv_realloc(void *p, size_t n)
{
    return gf__sized_realloc(p, n); /* libcsv does not pass the old size: a header does */
}

static void csv_free_block(void *p)
{
    gf__sized_free(p);
}

static int reserve(void **p, size_t used, size_t *cap, size_t need, size_t sz)
{
    size_t nc;
    void *q;

    if (used + need <= *cap)
        return 0;
    nc = *cap ? *cap : 64;
    while (nc < used + need)
        nc *= 2;
    q = gf_realloc(*p, *cap * sz, nc * sz);
    if (!q)
        return -1;
    *p = q;
    *cap = nc;
    return 0;
}

static int reserve32(void **p, int32_t used, int32_t *cap, size_t sz)
{
    size_t c = (size_t)*cap;

    if (used >= INT32_MAX / 2)
        return -1;
    if (reserve(p, (size_t)used, &c, 1, sz))
        return -1;
    *cap = (int32_t)c;
    return 0;
}

static void on_field(void *s, size_t len, void *data)
{
    gf_csv *c = data;
    csv_row *row;

    if (c->fail)
        return;
    if (!c->row_open) {
        if (reserve32((void **)&c->rows, c->n_rows, &c->cap_rows, sizeof *c->rows)) {
            c->fail = GF_ENOMEM;
            return;
        }
        c->rows[c->n_rows] = (csv_row){c->cur_line, c->n_off, 0};
        c->n_rows++;
        c->row_open = true;
    }
    row = &c->rows[c->n_rows - 1];
    if (row->n >= GF_CSV_MAX_FIELDS) {
        c->fail = GF_ELIMIT;
        return;
    }
    if (memchr(s ? s : "", '\0', s ? len : 0)) {
        c->fail = GF_EPARSE;
        return;
    }
    if (reserve((void **)&c->text, c->text_len, &c->text_cap, len + 1, 1) ||
        reserve32((void **)&c->off, c->n_off, &c->cap_off, sizeof *c->off)) {
        c->fail = GF_ENOMEM;
        return;
    }
    if (len)
        memcpy(c->text + c->text_len, s, len);
    c->text[c->text_len + len] = '\0';
    c->off[c->n_off++] = c->text_len;
    c->text_len += len + 1;
    row->n++;
}

static void on_row(int ch, void *data)
{
    gf_csv *c = data;

    (void)ch;
    c->row_open = false;
    c->next_row_line = c->cur_line + 1;
}

void gf__csv_free(gf_csv *csv)
{
    if (!csv)
        return;
    gf_free(csv->path, strlen(csv->path) + 1);
    gf_free(csv->text, csv->text_cap);
    gf_free(csv->off, (size_t)csv->cap_off * sizeof *csv->off);
    gf_free(csv->rows, (size_t)csv->cap_rows * sizeof *csv->rows);
    gf_free(csv, sizeof *csv);
}

/* Read the whole file into *buf (owned, size *len + 1). */
static int slurp(const char *path, char **buf, size_t *len, size_t *cap, gf_error *err)
{
    FILE *f = fopen(path, "rb");
    int rc = GF_OK;
    size_t n;

    *buf = NULL;
    *len = 0;
    *cap = 0;
    if (!f) {
        rc = gf_fail(err, errno == ENOENT ? GF_ENOTFOUND : GF_EIO, "cannot open file: %s",
                     strerror(errno));
        gf_error_at(err, path, 0, 0);
        return rc;
    }
    do {
        if (reserve((void **)buf, *len, cap, 65536 + 1, 1)) {
            rc = gf_fail(err, GF_ENOMEM, "out of memory reading the file");
            goto out;
        }
        n = fread(*buf + *len, 1, *cap - *len - 1, f);
        *len += n;
        if (*len > GF_CSV_MAX_BYTES) {
            rc = gf_fail(err, GF_ELIMIT, "file is larger than %zu bytes", GF_CSV_MAX_BYTES);
            goto out;
        }
    } while (n > 0);
    if (ferror(f))
        rc = gf_fail(err, GF_EIO, "read error");
out:
    fclose(f);
    if (rc) {
        gf_error_at(err, path, 0, 0);
        gf_free(*buf, *cap);
        *buf = NULL;
    }
    return rc;
}

static int parse_lines(gf_csv *c, struct csv_parser *p, const char *buf, size_t len, gf_error *err)
{
    size_t pos = 0;

    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    c->cur_line = 1;
    c->next_row_line = 1;
    while (pos < len && !c->fail) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (buf + pos)) + 1 : len - pos;
        if (csv_parse(p, buf + pos, n, on_field, on_row, c) != n) {
            if (csv_error(p) == CSV_ENOMEM)
                return gf_fail(err, GF_ENOMEM, "out of memory");
            gf_fail(err, GF_EPARSE, "malformed CSV (%s); check the quotes on this line",
                    csv_strerror(csv_error(p)));
            gf_error_at(err, c->path, c->cur_line, 0);
            return GF_EPARSE;
        }
        pos += n;
        if (nl)
            c->cur_line++;
    }
    if (!c->fail && csv_fini(p, on_field, on_row, c) != 0) {
        if (csv_error(p) == CSV_ENOMEM)
            return gf_fail(err, GF_ENOMEM, "out of memory");
        gf_fail(err, GF_EPARSE,
                "malformed CSV: a quote opened in the row starting here is never closed");
        gf_error_at(err, c->path, c->next_row_line, 0);
        return GF_EPARSE;
    }
    if (c->fail) {
        if (c->fail == GF_ENOMEM)
            gf_fail(err, GF_ENOMEM, "out of memory");
        else if (c->fail == GF_ELIMIT)
            gf_fail(err, GF_ELIMIT, "more than %d fields in a row", GF_CSV_MAX_FIELDS);
        else
            gf_fail(err, GF_EPARSE, "a field contains a NUL byte; the file must be UTF-8 text");
        gf_error_at(err, c->path, c->cur_line, 0);
        return c->fail;
    }
    return GF_OK;
}

gf_csv *gf__csv_read(const char *path, gf_error *err)
{
    struct csv_parser p;
    bool p_init = false;
    gf_csv *c = NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int rc;

    c = gf_calloc(1, sizeof *c);
    if (!c || !(c->path = gf_malloc(strlen(path) + 1))) {
        rc = gf_fail(err, GF_ENOMEM, "out of memory");
        goto out;
    }
    memcpy(c->path, path, strlen(path) + 1);
    rc = slurp(path, &buf, &len, &cap, err);
    if (rc)
        goto out;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        rc = gf_fail(err, GF_ENOMEM, "out of memory");
        goto out;
    }
    p_init = true;
    csv_set_realloc_func(&p, csv_realloc);
    csv_set_free_func(&p, csv_free_block);
    rc = parse_lines(c, &p, buf, len, err);
    if (!rc && c->n_rows == 0) {
        rc = gf_fail(err, GF_EPARSE, "the file is empty; a header row is required");
        gf_error_at(err, path, 1, 0);
    }
out:
    if (p_init)
        csv_free(&p);
    gf_free(buf, cap);
    if (rc) {
        if (c && c->path)
            gf__csv_free(c);
        else
            gf_free(c, sizeof *c);
        return NULL;
    }
    return c;
}

const char *gf__csv_path(const gf_csv *csv)
{
    return csv->path;
}

int32_t gf__csv_rows(const gf_csv *csv)
{
    return csv->n_rows - 1;
}

long gf__csv_line(const gf_csv *csv, int32_t r)
{
    return csv->rows[r + 1].line;
}

long gf__csv_header_line(const gf_csv *csv)
{
    return csv->rows[0].line;
}

const char *gf__csv_get(const gf_csv *csv, int32_t r, int32_t c)
{
    const csv_row *row = &csv->rows[r + 1];

    if (c < 0 || c >= row->n)
        return "";
    return csv->text + csv->off[row->first + c];
}

bool gf__csv_row_is_blank(const gf_csv *csv, int32_t r)
{
    const csv_row *row = &csv->rows[r + 1];

    for (int32_t c = 0; c < row->n; c++)
        if (csv->text[csv->off[row->first + c]] != '\0')
            return false;
    return true;
}

int32_t gf__csv_fields(const gf_csv *csv, int32_t r)
{
    return csv->rows[r + 1].n;
}

int32_t gf__csv_col(const gf_csv *csv, const char *name)
{
    const csv_row *row = &csv->rows[0];

    for (int32_t c = 0; c < row->n; c++)
        if (strcmp(csv->text + csv->off[row->first + c], name) == 0)
            return c;
    return -1;
}
