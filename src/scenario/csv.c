/* src/scenario/csv.c: read a CSV file into rows of fields with line numbers (libcsv).
 *
 * The file is read whole, then fed to libcsv one physical line at a time, so
 * that a row's line is the line being fed when its first field ends. Fields are
 * appended to one text arena (NUL-terminated) and indexed by offset. Empty lines
 * are skipped by libcsv. This is the only file that includes libcsv's csv.h.
 *
 * What is refused here, so that every reader refuses it the same way:
 * - anything but a regular file: the path is opened with O_NONBLOCK and
 *   fstat'ed before the first read, so a FIFO, device, socket or directory
 *   fails at once instead of blocking the reader for ever;
 * - bytes that are not UTF-8 (RFC 3629: no overlong forms, no surrogates,
 *   nothing above U+10FFFF) and NUL bytes, in any field, header included: the
 *   outputs (JSON above all) must be able to carry every text that was read;
 * - a header with a column the reader does not know, an empty or a duplicate
 *   column (gf__csv_check_header, called by each reader with its own table
 *   of columns), with the nearest known name as a hint: by edit distance
 *   when about one character in four differs, else a known name the column
 *   begins ("alt_price" for alt_price_usd_per_t), else the whole list.
 * A callback error is recorded with the line and field where it happened: the
 * feed loop moves on to the next line before it looks at the error, and a
 * field may span lines inside quotes, so the line is counted back from the
 * field's end (the line being fed) over the newlines after the bad byte.
 * SPDX-License-Identifier: MIT */
#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
    long next_row_line; /* the line where the next row can start */
    bool row_open;
    int fail;                 /* first error code in a callback */
    long fail_line, fail_col; /* where it happened (1-based line and field) */
    unsigned char fail_byte;  /* the first byte that is not UTF-8 */
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

/* Record the first callback error, at field col (1-based) of the line that
 * holds byte `at` of a field of len bytes ending on the line being fed. */
static void field_fail(gf_csv *c, int code, const char *s, size_t len, size_t at, long col)
{
    long line = c->cur_line;

    for (size_t i = at; s && i < len; i++)
        if (s[i] == '\n')
            line--;
    c->fail = code;
    c->fail_line = line;
    c->fail_col = col;
    c->fail_byte = s && at < len ? (unsigned char)s[at] : 0;
}

static void on_field(void *s, size_t len, void *data)
{
    gf_csv *c = data;
    csv_row *row;
    size_t bad;

    if (c->fail)
        return;
    if (!c->row_open) {
        if (reserve32((void **)&c->rows, c->n_rows, &c->cap_rows, sizeof *c->rows)) {
            field_fail(c, GF_ENOMEM, NULL, 0, 0, 1);
            return;
        }
        c->rows[c->n_rows] = (csv_row){c->cur_line, c->n_off, 0};
        c->n_rows++;
        c->row_open = true;
    }
    row = &c->rows[c->n_rows - 1];
    if (row->n >= GF_CSV_MAX_FIELDS) {
        field_fail(c, GF_ELIMIT, s, len, len, (long)row->n + 1);
        return;
    }
    bad = s ? gf_utf8_bad_at((const char *)s, len) : len;
    if (bad < len) {
        field_fail(c, GF_EPARSE, s, len, bad, (long)row->n + 1);
        return;
    }
    if (reserve((void **)&c->text, c->text_len, &c->text_cap, len + 1, 1) ||
        reserve32((void **)&c->off, c->n_off, &c->cap_off, sizeof *c->off)) {
        field_fail(c, GF_ENOMEM, NULL, 0, 0, (long)row->n + 1);
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

/* Read the whole regular file into *buf (owned, size *cap). */
static int slurp(const char *path, char **buf, size_t *len, size_t *cap, gf_error *err)
{
    int fd = gf__open_regular(path, GF_CSV_MAX_BYTES, "give a plain CSV file", err), rc = GF_OK;
    ssize_t n = 0;

    *buf = NULL;
    *len = 0;
    *cap = 0;
    if (fd < 0) {
        gf_error_at(err, path, 0, 0);
        return err && err->code ? err->code : GF_EIO;
    }
    do {
        if (reserve((void **)buf, *len, cap, 65536 + 1, 1)) {
            rc = gf_fail(err, GF_ENOMEM, "out of memory reading the file");
            goto out;
        }
        n = read(fd, *buf + *len, *cap - *len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = gf_fail(err, GF_EIO, "read error: %s", strerror(errno));
            goto out;
        }
        *len += (size_t)n;
        if (*len > GF_CSV_MAX_BYTES) {
            rc = gf_fail(err, GF_ELIMIT, "file is larger than %zu bytes", GF_CSV_MAX_BYTES);
            goto out;
        }
    } while (n != 0);
out:
    close(fd);
    if (rc) {
        gf_error_at(err, path, 0, 0);
        gf_free(*buf, *cap);
        *buf = NULL;
    }
    return rc;
}

/* Turn the first callback error into *err at the line and field it names. */
static int callback_error(const gf_csv *c, gf_error *err)
{
    if (c->fail == GF_ENOMEM)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    if (c->fail == GF_ELIMIT)
        gf_fail(err, GF_ELIMIT, "more than %d fields in a row; a scenario table has far fewer",
                GF_CSV_MAX_FIELDS);
    else if (c->fail_byte == 0)
        gf_fail(err, GF_EPARSE, "a field contains a NUL byte; the file must be UTF-8 text");
    else
        gf_fail(err, GF_EPARSE,
                "the byte 0x%02X here is not UTF-8; save the file as UTF-8 text "
                "(in a spreadsheet: CSV UTF-8)",
                c->fail_byte);
    gf_error_at(err, c->path, c->fail_line, c->fail_col);
    return c->fail;
}

static bool is_blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

/* The field a parse error is in: the next one of the open row, else the first. */
static long open_field(const gf_csv *c)
{
    return c->row_open ? (long)c->rows[c->n_rows - 1].n + 1 : 1;
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
            gf_error_at(err, c->path, c->cur_line, open_field(c));
            return GF_EPARSE;
        }
        /* a blank line between rows: the next row starts after it */
        if (!c->row_open && c->next_row_line == c->cur_line && is_blank_line(buf + pos, n))
            c->next_row_line = c->cur_line + 1;
        pos += n;
        if (nl)
            c->cur_line++;
    }
    if (c->fail)
        return callback_error(c, err);
    if (csv_fini(p, on_field, on_row, c) != 0) {
        if (csv_error(p) == CSV_ENOMEM)
            return gf_fail(err, GF_ENOMEM, "out of memory");
        gf_fail(err, GF_EPARSE,
                "malformed CSV: a quote opened in the row starting here is never closed");
        gf_error_at(err, c->path, c->next_row_line, open_field(c));
        return GF_EPARSE;
    }
    return c->fail ? callback_error(c, err) : GF_OK;
}

gf_csv *gf__csv_parse(const char *text, size_t len, const char *name, gf_error *err)
{
    struct csv_parser p;
    bool p_init = false;
    gf_csv *c = NULL;
    int rc;

    if (len > GF_CSV_MAX_BYTES) {
        gf_fail(err, GF_ELIMIT, "file is larger than %zu bytes", GF_CSV_MAX_BYTES);
        gf_error_at(err, name, 0, 0);
        return NULL;
    }
    c = gf_calloc(1, sizeof *c);
    if (!c || !(c->path = gf_malloc(strlen(name) + 1))) {
        rc = gf_fail(err, GF_ENOMEM, "out of memory");
        goto out;
    }
    memcpy(c->path, name, strlen(name) + 1);
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        rc = gf_fail(err, GF_ENOMEM, "out of memory");
        goto out;
    }
    p_init = true;
    csv_set_realloc_func(&p, csv_realloc);
    csv_set_free_func(&p, csv_free_block);
    rc = parse_lines(c, &p, text, len, err);
    if (!rc && c->n_rows == 0) {
        rc = gf_fail(err, GF_EPARSE, "the file is empty; a header row is required");
        gf_error_at(err, name, 1, 0);
    }
out:
    if (p_init)
        csv_free(&p);
    if (rc) {
        if (c && c->path)
            gf__csv_free(c);
        else
            gf_free(c, sizeof *c);
        return NULL;
    }
    return c;
}

gf_csv *gf__csv_read(const char *path, gf_error *err)
{
    gf_csv *c = NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0;

    if (!slurp(path, &buf, &len, &cap, err))
        c = gf__csv_parse(buf, len, path, err);
    gf_free(buf, cap);
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

/* Edit distance (Levenshtein, ASCII case folded) between a and b, or a large
 * number when b is longer than the names this is meant for. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t row[65], nb = strlen(b), na = strlen(a);

    if (nb >= sizeof row / sizeof row[0] || na > 4 * (sizeof row / sizeof row[0]))
        return (size_t)-1;
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t sub =
                diag + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
            size_t best = up + 1 < row[j - 1] + 1 ? up + 1 : row[j - 1] + 1;
            row[j] = sub < best ? sub : best;
            diag = up;
        }
    }
    return row[nb];
}

/* True when name (3 characters or more) begins known, case folded: "price"
 * for "price_usd_per_t" is the name without its unit. */
static bool is_prefix(const char *name, const char *known)
{
    size_t n = strlen(name);

    if (n < 3 || n >= strlen(known))
        return false;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)name[i]) != tolower((unsigned char)known[i]))
            return false;
    return true;
}

const char *gf__csv_nearest(const char *name, const char *const *known, int n)
{
    const char *best = NULL, *prefix_of = NULL;
    size_t best_d = (size_t)-1;

    for (int i = 0; i < n; i++) {
        size_t d = edit_distance(name, known[i]);
        size_t len = strlen(known[i]) > strlen(name) ? strlen(known[i]) : strlen(name);
        if (d < best_d && d <= (len + 2) / 4) { /* about one edit in four characters */
            best = known[i];
            best_d = d;
        }
        if (!prefix_of && is_prefix(name, known[i]))
            prefix_of = known[i];
    }
    return best ? best : prefix_of;
}

void gf__csv_list(char *buf, size_t size, const char *const *names, int n)
{
    size_t len = 0;

    buf[0] = '\0';
    for (int i = 0; i < n && len < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "", names[i]);
}

/* Fail at column col (0-based) of the header. */
static int header_fail(const gf_csv *csv, int32_t col, gf_error *err)
{
    gf_error_at(err, csv->path, csv->rows[0].line, (long)col + 1);
    return GF_EPARSE;
}

int gf__csv_check_header(const gf_csv *csv, const char *const *known, int n, gf_error *err)
{
    const csv_row *h = &csv->rows[0];
    char list[200];

    gf__csv_list(list, sizeof list, known, n);
    for (int32_t c = 0; c < h->n; c++) {
        const char *name = csv->text + csv->off[h->first + c], *hint;
        int32_t first = gf__csv_col(csv, name);
        bool is_known = false;
        for (int i = 0; i < n && !is_known; i++)
            is_known = strcmp(name, known[i]) == 0;
        if (!name[0]) {
            gf_fail(err, GF_EPARSE,
                    "column %d of the header has no name; delete the extra comma or name one "
                    "of the columns %s",
                    (int)c + 1, list);
            return header_fail(csv, c, err);
        }
        if (!is_known && (hint = gf__csv_nearest(name, known, n))) {
            gf_fail(err, GF_EPARSE, "unknown column \"%.64s\"; did you mean \"%s\"?", name, hint);
            return header_fail(csv, c, err);
        }
        if (!is_known) {
            gf_fail(err, GF_EPARSE, "unknown column \"%.64s\"; the columns are %s", name, list);
            return header_fail(csv, c, err);
        }
        if (first < c) {
            gf_fail(err, GF_EPARSE, "duplicate column \"%s\" (also column %d); keep one of them",
                    name, (int)first + 1);
            return header_fail(csv, c, err);
        }
    }
    return GF_OK;
}
