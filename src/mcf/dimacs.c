/* src/mcf/dimacs.c: read and write DIMACS minimum-cost-flow files.
 *
 * Reading is one pass over lines. A line source (a memory buffer, or a zlib
 * stream, which also reads uncompressed files transparently) copies one line
 * at a time into a fixed buffer of GF_DIMACS_MAX_LINE bytes; the line is split
 * into tokens at spaces and tabs and checked field by field with strtoll.
 * Raw bytes are read with gzread rather than gzgets so that a NUL byte inside
 * a line is seen and reported instead of silently ending the line. A UTF-8
 * byte-order mark at the start of the first line is skipped (columns still
 * count it, so they are byte offsets into the line as it is on disk).
 *
 * Memory follows the lines, not the header: the arc arrays grow by doubling
 * as "a" lines arrive, with the "p" line's arc count only as a ceiling, and
 * "n" lines are kept in a list of the same kind. A 40-byte file announcing
 * 2^26 nodes and 2^28 arcs therefore fails at its end ("the input ends after
 * 0 of the 268435456 arcs") having allocated a few bytes. Only a complete
 * file gets its supply array of the announced node count: then the "n" lines
 * are scattered into it, and a node named twice is reported (at its second
 * line) only there, after any error further down the file.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "core/core_int.h"
#include "grainflow/alloc.h"
#include "grainflow/dimacs.h"

#define CHUNK_SIZE (64 * 1024) /* bytes per gzread */
#ifdef GF_TEST_SMALL
#define FIRST_ROOM 1 /* every growth path runs in every test */
#else
#define FIRST_ROOM 64
#endif
#define QUOTE_MAX 40 /* bytes of a bad token quoted in a message */

/* Where lines come from: data[pos..len) is what is buffered; for a zlib
 * stream it is refilled from gz until eof. */
typedef struct source {
    const char *name;
    gzFile gz;        /* NULL: reading memory */
    char *chunk;      /* CHUNK_SIZE bytes when gz is set */
    const char *data; /* the memory buffer, or chunk */
    size_t len, pos;
    bool eof;       /* nothing more to refill */
    long line_no;   /* lines handed out so far (1-based number of the current one) */
    bool last_nl;   /* the last line ended with '\n' (true before any line) */
    size_t raw_len; /* length of the last line as read, '\r' included */
    char line[GF_DIMACS_MAX_LINE + 2]; /* a line, an optional '\r', NUL */
    size_t line_len;
} source;

typedef struct node_line {
    int64_t supply;
    int32_t id; /* 0-based */
    int32_t column;
    long line;
} node_line;

typedef struct parser {
    source src;
    gf_dimacs d;             /* being filled; n_nodes set by the "p" line */
    int32_t arc_room;        /* entries each arc array holds */
    node_line *nl;           /* the "n" lines so far */
    int32_t n_nl, nl_room;   /* how many, and room */
    int64_t arcs_told;       /* arc count of the "p" line */
    long p_line;             /* line of the "p" line; 0 before it */
    size_t pos;              /* 0-based offset of the next token search in the line */
    const char *tok;         /* the current token (not NUL-terminated) */
    size_t tok_len, tok_col; /* its length and 1-based column */
} parser;

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

static int vfail(const parser *ps, gf_error *err, int code, long line, long col, const char *fmt,
                 va_list ap) PRINTF_LIKE(6, 0);
static int fail_pos(const parser *ps, gf_error *err, int code, long line, long col, const char *fmt,
                    ...) PRINTF_LIKE(6, 7);
static int fail_at(const parser *ps, gf_error *err, int code, size_t col, const char *fmt, ...)
    PRINTF_LIKE(5, 6);

/* Record an error at line:col of the input (the first error wins; err may
 * be NULL). Returns code. */
static int vfail(const parser *ps, gf_error *err, int code, long line, long col, const char *fmt,
                 va_list ap)
{
    char msg[sizeof err->msg];

    if (!err || err->code != GF_OK)
        return code;
    vsnprintf(msg, sizeof msg, fmt, ap);
    gf_error_set(err, code, __FILE__, __LINE__, "%s", msg);
    gf_error_at(err, ps->src.name, line, col);
    return code;
}

static int fail_pos(const parser *ps, gf_error *err, int code, long line, long col, const char *fmt,
                    ...)
{
    va_list ap;

    va_start(ap, fmt);
    code = vfail(ps, err, code, line, col, fmt, ap);
    va_end(ap);
    return code;
}

/* At column col of the current line. */
static int fail_at(const parser *ps, gf_error *err, int code, size_t col, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    code = vfail(ps, err, code, ps->src.line_no, (long)col, fmt, ap);
    va_end(ap);
    return code;
}

/* The end of the input as a position: the start of the line after a final
 * newline, or just past the last character of an unterminated last line. */
static long eof_line(const parser *ps)
{
    return ps->src.last_nl ? ps->src.line_no + 1 : ps->src.line_no;
}

static long eof_col(const parser *ps)
{
    return ps->src.last_nl ? 1 : (long)ps->src.raw_len + 1;
}

/* Copy at most QUOTE_MAX bytes of s[0..len) into buf for a message: bytes
 * that are not printable ASCII become '?', a longer token ends in "...". */
static const char *quote(const char *s, size_t len, char *buf, size_t size)
{
    size_t k = 0;

    for (size_t i = 0; i < len && i < QUOTE_MAX && k + 1 < size; i++) {
        unsigned char c = (unsigned char)s[i];
        buf[k++] = (c >= 0x20 && c < 0x7f && c != '"') ? (char)c : '?';
    }
    if (len > QUOTE_MAX && k + 4 < size) {
        memcpy(buf + k, "...", 3);
        k += 3;
    }
    buf[k] = '\0';
    return buf;
}

/* ---- the line source ------------------------------------------------------ */

/* Refill the buffer from the zlib stream; at its end set eof. A truncated
 * gzip stream is an error, not a short file. (A memory source starts with
 * eof set, so it never comes here.) */
static int refill(parser *ps, gf_error *err)
{
    source *s = &ps->src;
    int got, errnum = Z_OK;
    const char *why;

    got = gzread(s->gz, s->chunk, CHUNK_SIZE);
    if (got <= 0) {
        why = gzerror(s->gz, &errnum);
        if (got < 0 || errnum != Z_OK) {
            if (errnum == Z_ERRNO)
                why = strerror(errno);
            return fail_pos(ps, err, GF_EIO, eof_line(ps), eof_col(ps), "cannot read the file: %s",
                            why);
        }
        s->eof = true;
        got = 0;
    }
    s->data = s->chunk;
    s->len = (size_t)got;
    s->pos = 0;
    return GF_OK;
}

/* Copy the next line into s->line (NUL-terminated, line end stripped: "\n"
 * or "\r\n"). Returns 1 for a line, 0 at the end of the input, or an error:
 * a line over GF_DIMACS_MAX_LINE bytes (GF_ELIMIT), a NUL byte (GF_EPARSE). */
static int next_line(parser *ps, gf_error *err)
{
    source *s = &ps->src;
    bool any = false, nl = false;
    const char *p, *end, *zero;
    size_t take;
    int rc;

    s->line_len = 0;
    while (!nl) {
        if (s->pos == s->len) {
            if (s->eof)
                break;
            rc = refill(ps, err);
            if (rc)
                return rc;
            continue;
        }
        p = s->data + s->pos;
        end = memchr(p, '\n', s->len - s->pos);
        take = end ? (size_t)(end - p) : s->len - s->pos;
        nl = end != NULL;
        any = true;
        if (take > GF_DIMACS_MAX_LINE + 1 - s->line_len) {
            s->line_no++;
            return fail_at(ps, err, GF_ELIMIT, GF_DIMACS_MAX_LINE + 1,
                           "line longer than %d bytes; a DIMACS line is a few numbers",
                           GF_DIMACS_MAX_LINE);
        }
        memcpy(s->line + s->line_len, p, take);
        s->line_len += take;
        s->pos += take + (nl ? 1 : 0);
    }
    if (!any)
        return 0;
    s->line_no++;
    s->last_nl = nl;
    s->raw_len = s->line_len;
    if (s->line_len > 0 && s->line[s->line_len - 1] == '\r')
        s->line_len--; /* CRLF line ends */
    if (s->line_len > GF_DIMACS_MAX_LINE)
        return fail_at(ps, err, GF_ELIMIT, GF_DIMACS_MAX_LINE + 1,
                       "line longer than %d bytes; a DIMACS line is a few numbers",
                       GF_DIMACS_MAX_LINE);
    s->line[s->line_len] = '\0';
    zero = memchr(s->line, '\0', s->line_len);
    if (zero)
        return fail_at(ps, err, GF_EPARSE, (size_t)(zero - s->line) + 1,
                       "NUL byte in the line; a DIMACS file is plain text");
    ps->pos = 0;
    if (s->line_no == 1 && s->line_len >= 3 && memcmp(s->line, "\xEF\xBB\xBF", 3) == 0)
        ps->pos = 3; /* a UTF-8 byte-order mark (editors on Windows add one) */
    return 1;
}

/* ---- tokens and fields ---------------------------------------------------- */

/* Set ps->tok to the next token of the line; false at the line's end (the
 * token is then empty and tok_col just past the last character). */
static bool take_token(parser *ps)
{
    const char *line = ps->src.line;
    size_t i = ps->pos, n = ps->src.line_len;

    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    ps->tok = line + i;
    ps->tok_col = i + 1;
    while (i < n && line[i] != ' ' && line[i] != '\t')
        i++;
    ps->tok_len = (size_t)(line + i - ps->tok);
    ps->pos = i;
    return ps->tok_len > 0;
}

/* How a field's accepted range reads in a message. */
typedef enum range_kind {
    RANGE_TEXT,    /* field.range as it is */
    RANGE_NODE_ID, /* 1..hi, hi being the node count */
    RANGE_CAPACITY /* lo..2^50, lo being the lower bound */
} range_kind;

/* One integer field: what names it ("arc capacity"), range says what is
 * accepted, shape is the line's form for a missing field. Values above hi
 * fail with GF_ELIMIT when hi_limit (a size cap), and every magnitude past
 * int64_t or GF_MCF_MAX_VALUE does. */
typedef struct field {
    const char *what;
    range_kind kind;
    const char *range; /* RANGE_TEXT: "an integer between 0 and 2^50" */
    const char *shape;
    int64_t lo, hi;
    bool hi_limit;
} field;

/* Only on the error path: formatting it for every line cost 17% of a read. */
static const char *describe_range(const field *f, char *buf, size_t size)
{
    if (f->kind == RANGE_NODE_ID)
        snprintf(buf, size, "an integer between 1 and %lld (the node count)", (long long)f->hi);
    else if (f->kind == RANGE_CAPACITY)
        snprintf(buf, size, "an integer >= the lower bound %lld and <= 2^50", (long long)f->lo);
    else
        snprintf(buf, size, "%s", f->range);
    return buf;
}

static int bad_value(parser *ps, const field *f, int code, gf_error *err)
{
    char q[QUOTE_MAX + 8], range[96];

    return fail_at(ps, err, code, ps->tok_col, "%s must be %s (got \"%s\")", f->what,
                   describe_range(f, range, sizeof range),
                   quote(ps->tok, ps->tok_len, q, sizeof q));
}

static int take_int(parser *ps, const field *f, int64_t *out, gf_error *err)
{
    char *end = NULL;
    long long v;

    if (!take_token(ps))
        return fail_at(ps, err, GF_EPARSE, ps->tok_col, "missing %s; %s", f->what, f->shape);
    errno = 0;
    v = strtoll(ps->tok, &end, 10);
    if (end != ps->tok + ps->tok_len)
        return bad_value(ps, f, GF_EPARSE, err);
    if (errno == ERANGE || v > GF_MCF_MAX_VALUE || v < -GF_MCF_MAX_VALUE ||
        (v > f->hi && f->hi_limit))
        return bad_value(ps, f, GF_ELIMIT, err);
    if (v < f->lo || v > f->hi)
        return bad_value(ps, f, GF_EPARSE, err);
    *out = (int64_t)v;
    return GF_OK;
}

/* The line must end here (spaces and tabs may follow). */
static int take_end(parser *ps, const char *after, const char *shape, gf_error *err)
{
    char q[QUOTE_MAX + 8];

    if (!take_token(ps))
        return GF_OK;
    return fail_at(ps, err, GF_EPARSE, ps->tok_col, "unexpected \"%s\" after the %s; %s",
                   quote(ps->tok, ps->tok_len, q, sizeof q), after, shape);
}

/* ---- growing the arrays ------------------------------------------------- */

/* Swap each *slot[i] (room_old entries of size[i] bytes) for a block of
 * room_new entries, copying the old entries and zeroing the rest. All or
 * nothing: on failure every old block is untouched. */
static int regrow(void **slot[], const size_t size[], int k, size_t room_old, size_t room_new)
{
    void *fresh[5] = {0};
    int i;

    for (i = 0; i < k; i++) {
        fresh[i] = gf_calloc(room_new, size[i]);
        if (!fresh[i])
            break;
    }
    if (i < k) {
        while (i-- > 0)
            gf_free(fresh[i], room_new * size[i]);
        return GF_ENOMEM;
    }
    for (i = 0; i < k; i++) {
        if (room_old > 0)
            memcpy(fresh[i], *slot[i], room_old * size[i]);
        gf_free(*slot[i], room_old * size[i]);
        *slot[i] = fresh[i];
    }
    return GF_OK;
}

/* Room for one more arc: double, never past the announced count. */
static int grow_arcs(parser *ps, gf_error *err)
{
    gf_dimacs *d = &ps->d;
    void **slot[5] = {(void **)&d->src, (void **)&d->dst, (void **)&d->lower, (void **)&d->upper,
                      (void **)&d->cost};
    const size_t size[5] = {sizeof *d->src, sizeof *d->dst, sizeof *d->lower, sizeof *d->upper,
                            sizeof *d->cost};
    int64_t room = ps->arc_room > 0 ? (int64_t)ps->arc_room * 2 : FIRST_ROOM;

    if (room > ps->arcs_told)
        room = ps->arcs_told;
    if (regrow(slot, size, 5, (size_t)ps->arc_room, (size_t)room))
        return fail_at(ps, err, GF_ENOMEM, 1, "out of memory for %lld arcs", (long long)room);
    ps->arc_room = (int32_t)room;
    return GF_OK;
}

/* Room for one more "n" line: double, never past one line per node. */
static int grow_node_lines(parser *ps, gf_error *err)
{
    void **slot[1] = {(void **)&ps->nl};
    const size_t size[1] = {sizeof *ps->nl};
    int64_t room = ps->nl_room > 0 ? (int64_t)ps->nl_room * 2 : FIRST_ROOM;

    if (room > ps->d.n_nodes)
        room = ps->d.n_nodes;
    if (regrow(slot, size, 1, (size_t)ps->nl_room, (size_t)room))
        return fail_at(ps, err, GF_ENOMEM, 1, "out of memory for %lld node lines", (long long)room);
    ps->nl_room = (int32_t)room;
    return GF_OK;
}

/* The supply array of all n_nodes nodes from the "n" lines, in file order.
 * The first line that names a node named before is the error. */
static int scatter_supplies(parser *ps, gf_error *err)
{
    size_t n = (size_t)ps->d.n_nodes, bytes = n / 8 + 1;
    uint8_t *seen = NULL;
    int rc = GF_OK;

    if (n == 0)
        return GF_OK;
    ps->d.supply = gf_calloc(n, sizeof *ps->d.supply);
    seen = gf_calloc(bytes, 1);
    if (!ps->d.supply || !seen) {
        rc = fail_at(ps, err, GF_ENOMEM, 1, "out of memory for %ld nodes", (long)n);
        goto out;
    }
    for (int32_t i = 0; i < ps->n_nl; i++) {
        const node_line *l = &ps->nl[i];
        size_t byte = (size_t)l->id / 8;
        uint8_t bit = (uint8_t)(1u << ((unsigned)l->id % 8));
        if (seen[byte] & bit) {
            rc = fail_pos(ps, err, GF_EPARSE, l->line, l->column,
                          "node %ld already has a supply line; give each node at most one",
                          (long)l->id + 1);
            goto out;
        }
        seen[byte] |= bit;
        ps->d.supply[l->id] = l->supply;
    }
out:
    gf_free(seen, bytes);
    return rc;
}

/* ---- the lines ----------------------------------------------------------- */

#define P_SHAPE "the problem line is \"p min NODES ARCS\""
#define N_SHAPE "a node line is \"n ID FLOW\""
#define A_SHAPE "an arc line is \"a SRC DST LOW CAP COST\""
#define VALUES  "an integer between -2^50 and 2^50"

/* The fields whose range does not depend on the problem. */
static const field node_count = {"node count", RANGE_TEXT, "an integer between 0 and 4194304",
                                 P_SHAPE,      0,          GF_DIMACS_MAX_NODES,
                                 true};
static const field arc_count = {"arc count", RANGE_TEXT, "an integer between 0 and 268435456",
                                P_SHAPE,     0,          GF_DIMACS_MAX_ARCS,
                                true};
static const field node_supply = {"node supply",     RANGE_TEXT,       VALUES, N_SHAPE,
                                  -GF_MCF_MAX_VALUE, GF_MCF_MAX_VALUE, true};
static const field arc_lower = {
    "arc lower bound", RANGE_TEXT, "an integer between 0 and 2^50", A_SHAPE, 0,
    GF_MCF_MAX_VALUE,  true};
static const field arc_cost = {"arc cost",        RANGE_TEXT,       VALUES, A_SHAPE,
                               -GF_MCF_MAX_VALUE, GF_MCF_MAX_VALUE, true};

/* "p min NODES ARCS": once, before any node or arc line. */
static int parse_problem(parser *ps, gf_error *err)
{
    char q[QUOTE_MAX + 8];
    int64_t n, m;
    int rc;

    if (ps->p_line)
        return fail_at(ps, err, GF_EPARSE, ps->tok_col,
                       "second problem line; the first is on line %ld and a file holds one "
                       "problem",
                       ps->p_line);
    if (!take_token(ps))
        return fail_at(ps, err, GF_EPARSE, ps->tok_col, "missing problem type; " P_SHAPE);
    if (ps->tok_len != 3 || memcmp(ps->tok, "min", 3) != 0)
        return fail_at(ps, err, GF_EPARSE, ps->tok_col,
                       "problem type must be \"min\" (got \"%s\"); only minimum-cost flow "
                       "problems are read",
                       quote(ps->tok, ps->tok_len, q, sizeof q));
    rc = take_int(ps, &node_count, &n, err);
    if (!rc)
        rc = take_int(ps, &arc_count, &m, err);
    if (!rc)
        rc = take_end(ps, "arc count", P_SHAPE, err);
    if (rc)
        return rc;
    ps->d.n_nodes = (int32_t)n;
    ps->arcs_told = m;
    ps->p_line = ps->src.line_no;
    return GF_OK;
}

static int need_problem(parser *ps, const char *kind, gf_error *err)
{
    if (ps->p_line)
        return GF_OK;
    return fail_at(ps, err, GF_EPARSE, ps->tok_col,
                   "%s line before the problem line; the file must begin (after comments) "
                   "with \"p min NODES ARCS\"",
                   kind);
}

/* "n ID FLOW": the supply of node ID (negative: a demand), at most once. */
static int parse_node(parser *ps, gf_error *err)
{
    field id = {"node id", RANGE_NODE_ID, NULL, N_SHAPE, 1, ps->d.n_nodes, false};
    int64_t v, b;
    size_t id_col;
    int32_t i = ps->n_nl;
    int rc = need_problem(ps, "node", err);

    if (rc)
        return rc;
    rc = take_int(ps, &id, &v, err);
    id_col = ps->tok_col;
    if (!rc)
        rc = take_int(ps, &node_supply, &b, err);
    if (!rc)
        rc = take_end(ps, "supply", N_SHAPE, err);
    if (rc)
        return rc;
    if (i == ps->d.n_nodes) { /* more lines than nodes: some node is named twice */
        rc = scatter_supplies(ps, err);
        return rc ? rc
                  : fail_at(ps, err, GF_EPARSE, id_col,
                            "node %lld already has a supply line; give each node at most one",
                            (long long)v);
    }
    if (i == ps->nl_room)
        rc = grow_node_lines(ps, err);
    if (rc)
        return rc;
    ps->nl[i].supply = b;
    ps->nl[i].id = (int32_t)(v - 1);
    ps->nl[i].column = (int32_t)id_col;
    ps->nl[i].line = ps->src.line_no;
    ps->n_nl = i + 1;
    return GF_OK;
}

/* "a SRC DST LOW CAP COST": one arc, 0 <= LOW <= CAP. */
static int parse_arc(parser *ps, gf_error *err)
{
    field src = {"arc source node", RANGE_NODE_ID, NULL, A_SHAPE, 1, ps->d.n_nodes, false};
    field dst = {"arc destination node", RANGE_NODE_ID, NULL, A_SHAPE, 1, ps->d.n_nodes, false};
    field cap = {"arc capacity", RANGE_CAPACITY, NULL, A_SHAPE, 0, GF_MCF_MAX_VALUE, true};
    int64_t u, v, lo, hi, c;
    int32_t e = ps->d.n_arcs;
    int rc = need_problem(ps, "arc", err);

    if (rc)
        return rc;
    if (e >= ps->arcs_told)
        return fail_at(ps, err, GF_EPARSE, ps->tok_col,
                       "more arc lines than the %lld announced on line %ld; fix the count in "
                       "the problem line",
                       (long long)ps->arcs_told, ps->p_line);
    rc = take_int(ps, &src, &u, err);
    if (!rc)
        rc = take_int(ps, &dst, &v, err);
    if (!rc)
        rc = take_int(ps, &arc_lower, &lo, err);
    if (!rc) {
        cap.lo = lo;
        rc = take_int(ps, &cap, &hi, err);
    }
    if (!rc)
        rc = take_int(ps, &arc_cost, &c, err);
    if (!rc)
        rc = take_end(ps, "cost", A_SHAPE, err);
    if (!rc && e == ps->arc_room)
        rc = grow_arcs(ps, err);
    if (rc)
        return rc;
    ps->d.src[e] = (int32_t)(u - 1);
    ps->d.dst[e] = (int32_t)(v - 1);
    ps->d.lower[e] = lo;
    ps->d.upper[e] = hi;
    ps->d.cost[e] = c;
    ps->d.n_arcs = e + 1;
    return GF_OK;
}

static int parse_line(parser *ps, gf_error *err)
{
    char q[QUOTE_MAX + 8];

    if (!take_token(ps) || ps->tok[0] == 'c')
        return GF_OK; /* blank line or comment */
    if (ps->tok_len == 1 && ps->tok[0] == 'p')
        return parse_problem(ps, err);
    if (ps->tok_len == 1 && ps->tok[0] == 'n')
        return parse_node(ps, err);
    if (ps->tok_len == 1 && ps->tok[0] == 'a')
        return parse_arc(ps, err);
    return fail_at(ps, err, GF_EPARSE, ps->tok_col,
                   "unknown line type \"%s\"; a line starts with c (comment), p (problem), "
                   "n (node) or a (arc)",
                   quote(ps->tok, ps->tok_len, q, sizeof q));
}

/* After the last line: the problem line was there, every announced arc
 * came, and the supply array covers every node. */
static int finish(parser *ps, gf_error *err)
{
    if (!ps->p_line)
        return fail_pos(ps, err, GF_EPARSE, eof_line(ps), eof_col(ps),
                        "no problem line \"p min NODES ARCS\" in the input; is this a "
                        "DIMACS min-cost-flow file?");
    if (ps->d.n_arcs < ps->arcs_told)
        return fail_pos(ps, err, GF_EPARSE, eof_line(ps), eof_col(ps),
                        "the input ends after %ld of the %lld arcs announced on line %ld "
                        "(truncated file?)",
                        (long)ps->d.n_arcs, (long long)ps->arcs_told, ps->p_line);
    return scatter_supplies(ps, err);
}

static void parser_fini(parser *ps)
{
    gf_dimacs *d = &ps->d;
    size_t ka = (size_t)ps->arc_room, kn = d->supply ? (size_t)d->n_nodes : 0;

    gf_free(d->src, ka * sizeof *d->src);
    gf_free(d->dst, ka * sizeof *d->dst);
    gf_free(d->lower, ka * sizeof *d->lower);
    gf_free(d->upper, ka * sizeof *d->upper);
    gf_free(d->cost, ka * sizeof *d->cost);
    gf_free(d->supply, kn * sizeof *d->supply);
    gf_free(ps->nl, (size_t)ps->nl_room * sizeof *ps->nl);
    memset(ps, 0, sizeof *ps);
}

/* Read every line of ps->src; on success move the problem to *out. */
static int parse_all(parser *ps, gf_dimacs *out, gf_error *err)
{
    int rc;

    ps->src.last_nl = true;
    while ((rc = next_line(ps, err)) == 1) {
        rc = parse_line(ps, err);
        if (rc)
            break;
    }
    if (rc == 0)
        rc = finish(ps, err);
    if (rc == GF_OK) {
        *out = ps->d; /* arc_room == n_arcs here */
        memset(&ps->d, 0, sizeof ps->d);
        ps->arc_room = 0;
    }
    parser_fini(ps);
    return rc;
}

/* ---- public functions ---------------------------------------------------- */

int gf_dimacs_read_mem(const char *data, size_t len, const char *name, gf_dimacs *out,
                       gf_error *err)
{
    parser *ps;
    int rc;

    if (out)
        memset(out, 0, sizeof *out);
    if (!out || (!data && len > 0))
        return gf_fail(err, GF_EINVAL, "gf_dimacs_read_mem: NULL argument");
    ps = gf_calloc(1, sizeof *ps);
    if (!ps)
        return gf_fail(err, GF_ENOMEM, "out of memory for the DIMACS reader");
    ps->src.name = name ? name : "<memory>";
    ps->src.data = data;
    ps->src.len = len;
    ps->src.eof = true;
    rc = parse_all(ps, out, err);
    gf_free(ps, sizeof *ps);
    return rc;
}

/* Open path (or a duplicate of stdin for "-") as a zlib stream. */
static gzFile open_input(const char *path, gf_error *err)
{
    gzFile gz = NULL;
    int fd;

    errno = 0;
    if (strcmp(path, "-") == 0) {
        fd = dup(STDIN_FILENO);
        if (fd >= 0) {
            gz = gzdopen(fd, "rb");
            if (!gz) /* only when zlib's own malloc fails: not reached in tests */
                close(fd);
        }
    } else {
        /* a FIFO or device would block or never end: regular files only */
        fd = gf__open_regular(path, 0, "give a plain or gzip DIMACS file", err);
        if (fd < 0) {
            gf_error_at(err, path, 0, 0);
            return NULL;
        }
        gz = gzdopen(fd, "rb");
        if (!gz)
            close(fd);
    }
    if (!gz) {
        int code = errno == ENOENT ? GF_ENOTFOUND : GF_EIO;
        gf_fail(err, code, "cannot open the file: %s", errno ? strerror(errno) : "out of memory");
        gf_error_at(err, path, 0, 0);
    }
    return gz;
}

int gf_dimacs_read(const char *path, gf_dimacs *out, gf_error *err)
{
    parser *ps = NULL;
    gzFile gz = NULL;
    char *chunk = NULL;
    int rc;

    if (out)
        memset(out, 0, sizeof *out);
    if (!path || !out)
        return gf_fail(err, GF_EINVAL, "gf_dimacs_read: NULL argument");
    ps = gf_calloc(1, sizeof *ps);
    chunk = gf_malloc(CHUNK_SIZE);
    if (!ps || !chunk) {
        rc = gf_fail(err, GF_ENOMEM, "out of memory for the DIMACS reader");
        goto out;
    }
    gz = open_input(path, err);
    if (!gz) {
        rc = err ? err->code : GF_EIO;
        goto out;
    }
    ps->src.name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    gzbuffer(gz, CHUNK_SIZE); /* before the first read; 8 KiB by default */
    ps->src.gz = gz;
    ps->src.chunk = chunk;
    ps->src.data = chunk;
    rc = parse_all(ps, out, err);
out:
    if (gz)
        gzclose(gz);
    gf_free(chunk, CHUNK_SIZE);
    gf_free(ps, sizeof *ps);
    return rc;
}

void gf_dimacs_fini(gf_dimacs *d)
{
    size_t n, m;

    if (!d)
        return;
    n = d->n_nodes > 0 ? (size_t)d->n_nodes : 0;
    m = d->n_arcs > 0 ? (size_t)d->n_arcs : 0;
    gf_free(d->supply, n * sizeof *d->supply);
    gf_free(d->src, m * sizeof *d->src);
    gf_free(d->dst, m * sizeof *d->dst);
    gf_free(d->lower, m * sizeof *d->lower);
    gf_free(d->upper, m * sizeof *d->upper);
    gf_free(d->cost, m * sizeof *d->cost);
    memset(d, 0, sizeof *d);
}

static bool dimacs_ok(const gf_dimacs *d)
{
    if (!d || d->n_nodes < 0 || d->n_arcs < 0)
        return false;
    if (d->n_nodes > 0 && !d->supply)
        return false;
    return d->n_arcs == 0 || (d->src && d->dst && d->lower && d->upper && d->cost);
}

gf_mcf *gf_dimacs_to_mcf(const gf_dimacs *d, gf_error *err)
{
    gf_mcf_arcs arcs = {0};

    if (!dimacs_ok(d)) {
        gf_fail(err, GF_EINVAL, "gf_dimacs_to_mcf: NULL or inconsistent problem");
        return NULL;
    }
    arcs.n_arcs = d->n_arcs;
    arcs.src = d->src;
    arcs.dst = d->dst;
    arcs.lower = d->lower;
    arcs.upper = d->upper; /* every DIMACS arc has a finite capacity */
    arcs.uncapacitated = NULL;
    arcs.cost = d->cost;
    return gf_mcf_create_arcs(d->n_nodes, d->supply, &arcs, err);
}

static int write_failed(gf_error *err, const char *what)
{
    return gf_fail(err, GF_EIO, "cannot write the %s: %s", what,
                   errno ? strerror(errno) : "write error");
}

/* Both writers stop at the first failed fprintf; a buffered stream may only
 * fail later, at the caller's fflush or fclose, which the caller checks. */
int gf_dimacs_write(FILE *f, const gf_dimacs *d, gf_error *err)
{
    bool ok;

    if (!f || !dimacs_ok(d))
        return gf_fail(err, GF_EINVAL, "gf_dimacs_write: NULL or inconsistent problem");
    errno = 0;
    ok = fprintf(f, "p min %ld %ld\n", (long)d->n_nodes, (long)d->n_arcs) >= 0;
    for (int32_t v = 0; ok && v < d->n_nodes; v++)
        if (d->supply[v] != 0)
            ok = fprintf(f, "n %ld %lld\n", (long)v + 1, (long long)d->supply[v]) >= 0;
    for (int32_t e = 0; ok && e < d->n_arcs; e++)
        ok = fprintf(f, "a %ld %ld %lld %lld %lld\n", (long)d->src[e] + 1, (long)d->dst[e] + 1,
                     (long long)d->lower[e], (long long)d->upper[e], (long long)d->cost[e]) >= 0;
    if (!ok || ferror(f))
        return write_failed(err, "problem");
    return GF_OK;
}

int gf_dimacs_write_flows(FILE *f, const gf_mcf *mcf, int64_t cost, gf_error *err)
{
    int32_t m;
    bool ok;

    if (!f || !mcf)
        return gf_fail(err, GF_EINVAL, "gf_dimacs_write_flows: NULL argument");
    m = gf_mcf_arc_count(mcf);
    errno = 0;
    ok = fprintf(f, "s %lld\n", (long long)cost) >= 0;
    for (int32_t e = 0; ok && e < m; e++) {
        int64_t x = gf_mcf_flow(mcf, e);
        if (x != 0)
            ok = fprintf(f, "f %ld %ld %lld\n", (long)gf_mcf_arc_src(mcf, e) + 1,
                         (long)gf_mcf_arc_dst(mcf, e) + 1, (long long)x) >= 0;
    }
    if (!ok || ferror(f))
        return write_failed(err, "solution");
    return GF_OK;
}
