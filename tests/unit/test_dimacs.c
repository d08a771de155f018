/* tests/unit/test_dimacs.c: the DIMACS reader and writers.
 *
 * Valid files (comments, blank lines, tabs, CRLF, no final newline), round
 * trips through gf_dimacs_write on seeded random problems, every class of
 * bad input with the line and column it must be reported at, gzip files and
 * stdin, the allocation ceiling on a hostile header, and every allocation
 * failed in turn.
 * SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "grainflow/alloc.h"
#include "grainflow/dimacs.h"
#include "grainflow/mcf.h"
#include "support/failing_alloc.h"
#include "support/tmpdir.h"

static int read_str(const char *text, gf_dimacs *d, gf_error *err)
{
    return gf_dimacs_read_mem(text, strlen(text), "t.min", d, err);
}

/* A fresh temporary directory; path receives "<dir>/<name>". */
static void temp_path(char *dir, size_t dsize, char *path, size_t psize, const char *name)
{
    test_tmp_template(dir, dsize, "gf_dimacs");
    assert_non_null(mkdtemp(dir));
    snprintf(path, psize, "%s/%s", dir, name);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

static void assert_same_problem(const gf_dimacs *a, const gf_dimacs *b)
{
    assert_int_equal(a->n_nodes, b->n_nodes);
    assert_int_equal(a->n_arcs, b->n_arcs);
    for (int32_t v = 0; v < a->n_nodes; v++)
        assert_int_equal(a->supply[v], b->supply[v]);
    for (int32_t e = 0; e < a->n_arcs; e++) {
        assert_int_equal(a->src[e], b->src[e]);
        assert_int_equal(a->dst[e], b->dst[e]);
        assert_int_equal(a->lower[e], b->lower[e]);
        assert_int_equal(a->upper[e], b->upper[e]);
        assert_int_equal(a->cost[e], b->cost[e]);
    }
}

static const char *small_text = "c a small problem\n"
                                "\n"
                                "p min 4 5\r\n"
                                "n 1 7\n"
                                "n\t4\t-7\n"
                                "c arcs follow\n"
                                "a 1 2 0 4 2\n"
                                "a 1 3 1 8 -5   \n"
                                "  a 2 4 0 9 3\n"
                                "a 3 4 0 1125899906842624 0\n"
                                "a 3 3 0 0 -1125899906842624";

static void test_dimacs_reads_valid_file(void **state)
{
    gf_dimacs d = {0};
    gf_error err = {0};
    (void)state;

    assert_int_equal(read_str(small_text, &d, &err), GF_OK);
    assert_int_equal(err.code, GF_OK);
    assert_int_equal(d.n_nodes, 4);
    assert_int_equal(d.n_arcs, 5);
    assert_int_equal(d.supply[0], 7);
    assert_int_equal(d.supply[1], 0);
    assert_int_equal(d.supply[2], 0);
    assert_int_equal(d.supply[3], -7);
    assert_int_equal(d.src[1], 0);
    assert_int_equal(d.dst[1], 2);
    assert_int_equal(d.lower[1], 1);
    assert_int_equal(d.upper[1], 8);
    assert_int_equal(d.cost[1], -5);
    assert_int_equal(d.src[2], 1);
    assert_int_equal(d.upper[3], GF_MCF_MAX_VALUE);
    assert_int_equal(d.src[4], 2);
    assert_int_equal(d.dst[4], 2);
    assert_int_equal(d.cost[4], -GF_MCF_MAX_VALUE);
    gf_dimacs_fini(&d);
    assert_null(d.src);
    gf_dimacs_fini(&d); /* twice is fine */
    gf_dimacs_fini(NULL);
}

/* A UTF-8 byte-order mark opening the file is skipped, whatever the first
 * line is; anywhere else it is still an unknown line type. Columns count it. */
static void test_dimacs_skips_byte_order_mark(void **state)
{
    gf_dimacs d = {0};
    gf_error err = {0};
    (void)state;

    assert_int_equal(read_str("\xEF\xBB\xBFp min 2 1\na 1 2 0 5 3\n", &d, &err), GF_OK);
    assert_int_equal(d.n_nodes, 2);
    assert_int_equal(d.n_arcs, 1);
    assert_int_equal(d.cost[0], 3);
    gf_dimacs_fini(&d);
    assert_int_equal(read_str("\xEF\xBB\xBF"
                              "c comment\np min 1 0\n",
                              &d, &err),
                     GF_OK);
    assert_int_equal(d.n_nodes, 1);
    gf_dimacs_fini(&d);
    assert_int_equal(read_str("\xEF\xBB\xBFp min 0 x\n", &d, &err), GF_EPARSE);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 12); /* after the BOM's 3 bytes and "p min 0 " */
    err = (gf_error){0};
    assert_int_equal(read_str("p min 2 0\n\xEF\xBB\xBFn 1 0\n", &d, &err), GF_EPARSE);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "unknown line type"));
    assert_int_equal(read_str("\xEF\xBBp min 1 0\n", &d, &err), GF_EPARSE); /* half a mark */
}

static void test_dimacs_reads_empty_network(void **state)
{
    gf_dimacs d = {0};
    gf_error err = {0};
    (void)state;

    assert_int_equal(read_str("p min 0 0\n", &d, &err), GF_OK);
    assert_int_equal(d.n_nodes, 0);
    assert_int_equal(d.n_arcs, 0);
    gf_dimacs_fini(&d);
    assert_int_equal(read_str("p min 3 0", &d, &err), GF_OK);
    assert_int_equal(d.n_nodes, 3);
    assert_int_equal(d.supply[2], 0);
    gf_dimacs_fini(&d);
}

/* Lines of exactly GF_DIMACS_MAX_LINE bytes pass, with or without a '\r';
 * one byte more fails at that byte's column. */
static void test_dimacs_line_length_limit(void **state)
{
    size_t k = GF_DIMACS_MAX_LINE;
    char *text = malloc(k + 64);
    gf_dimacs d = {0};
    gf_error err = {0};
    (void)state;

    assert_non_null(text);
    memset(text, 'x', k);
    text[0] = 'c';
    snprintf(text + k, 64, "\r\np min 1 0\n");
    assert_int_equal(read_str(text, &d, &err), GF_OK);
    gf_dimacs_fini(&d);
    text[k] = 'x';
    snprintf(text + k + 1, 63, "\np min 1 0\n");
    assert_int_equal(read_str(text, &d, &err), GF_ELIMIT);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, GF_DIMACS_MAX_LINE + 1);
    assert_non_null(strstr(err.msg, "longer than 4096"));
    free(text);
}

typedef struct bad_case {
    const char *text;
    size_t len; /* 0: strlen(text) */
    int code;
    long line, column;
    const char *msg; /* a part of the message */
} bad_case;

static const bad_case bad_cases[] = {
    {"", 0, GF_EPARSE, 1, 1, "no problem line"},
    {"c nothing\n", 0, GF_EPARSE, 2, 1, "no problem line"},
    {"c nothing", 0, GF_EPARSE, 1, 10, "no problem line"},
    {"a 1 2 0 1 1\n", 0, GF_EPARSE, 1, 1, "arc line before the problem line"},
    {"c x\n  n 1 5\n", 0, GF_EPARSE, 2, 3, "node line before the problem line"},
    {"p min 2 1\np min 2 1\n", 0, GF_EPARSE, 2, 1, "second problem line; the first is on line 1"},
    {"p max 2 1\n", 0, GF_EPARSE, 1, 3, "problem type must be \"min\" (got \"max\")"},
    {"p\n", 0, GF_EPARSE, 1, 2, "missing problem type"},
    {"p min\n", 0, GF_EPARSE, 1, 6, "missing node count"},
    {"p min 2\n", 0, GF_EPARSE, 1, 8, "missing arc count"},
    {"p min x 1\n", 0, GF_EPARSE, 1, 7, "node count must be an integer"},
    {"p min -1 1\n", 0, GF_EPARSE, 1, 7, "node count must be"},
    {"p min 67108865 0\n", 0, GF_ELIMIT, 1, 7, "(got \"67108865\")"},
    {"p min 2 268435457\n", 0, GF_ELIMIT, 1, 9, "arc count must be"},
    {"p min 2 99999999999999999999999\n", 0, GF_ELIMIT, 1, 9, "arc count"},
    {"p min 2 1 extra\n", 0, GF_EPARSE, 1, 11, "unexpected \"extra\" after the arc count"},
    {"p min 2 1\na 1 2 0 1 1\na 1 2 0 1 1\n", 0, GF_EPARSE, 3, 1,
     "more arc lines than the 1 announced on line 1"},
    {"p min 2 2\na 1 2 0 1 1\n", 0, GF_EPARSE, 3, 1, "ends after 1 of the 2 arcs"},
    {"p min 2 2\na 1 2 0 1 1", 0, GF_EPARSE, 2, 12, "truncated"},
    {"p min 2 268435456\n", 0, GF_EPARSE, 2, 1, "ends after 0 of the 268435456 arcs"},
    {"p min 2 1\na 0 2 0 1 1\n", 0, GF_EPARSE, 2, 3,
     "arc source node must be an integer between 1 and 2"},
    {"p min 2 1\na 1 3 0 1 1\n", 0, GF_EPARSE, 2, 5, "arc destination node must be"},
    {"p min 2 1\na 1 2 -1 1 1\n", 0, GF_EPARSE, 2, 7, "arc lower bound must be"},
    {"p min 2 1\na 1 2 0 -5 1\n", 0, GF_EPARSE, 2, 9, "arc capacity must be an integer >="},
    {"p min 2 1\na 1 2 5 4 1\n", 0, GF_EPARSE, 2, 9,
     "arc capacity must be an integer >= the lower bound 5"},
    {"p min 2 1\na 1 2 0 abc 1\n", 0, GF_EPARSE, 2, 9, "(got \"abc\")"},
    {"p min 2 1\na 1 2 0 0x10 1\n", 0, GF_EPARSE, 2, 9, "(got \"0x10\")"},
    {"p min 2 1\na 1 2 0 1 1.5\n", 0, GF_EPARSE, 2, 11, "arc cost must be"},
    {"p min 2 1\na 1 2 0 1 99999999999999999999\n", 0, GF_ELIMIT, 2, 11, "arc cost"},
    {"p min 2 1\na 1 2 0 1125899906842625 1\n", 0, GF_ELIMIT, 2, 9, "arc capacity"},
    {"p min 2 1\na 1 2 0 1 -1125899906842625\n", 0, GF_ELIMIT, 2, 11, "arc cost"},
    {"p min 2 1\na 1 2 0 1 1 junk\n", 0, GF_EPARSE, 2, 13, "unexpected \"junk\" after the cost"},
    {"p min 2 1\na 1 2 0 1\n", 0, GF_EPARSE, 2, 10, "missing arc cost"},
    {"p min 2 0\nn 3 1\n", 0, GF_EPARSE, 2, 3, "node id must be an integer between 1 and 2"},
    {"p min 0 0\nn 1 1\n", 0, GF_EPARSE, 2, 3, "node id"},
    {"p min 3 0\nn 1 1\nn 2 -1\nn 1 2\n", 0, GF_EPARSE, 4, 3, "node 1 already has a supply"},
    {"p min 2 0\nn 1 1\nn 2 -1\nn  2 2\n", 0, GF_EPARSE, 4, 4, "node 2 already has a supply"},
    {"p min 2 0\nn 1 1\nn 1 -1\nn 2 2\n", 0, GF_EPARSE, 3, 3, "node 1 already has a supply"},
    {"p min 3 1\nn 1 1\nn 1 1\na 1 2 0 x 1\n", 0, GF_EPARSE, 4, 9, "arc capacity"},
    {"p min 2 0\nn 1 1.5\n", 0, GF_EPARSE, 2, 5, "node supply must be"},
    {"p min 2 0\nn 1 2251799813685248\n", 0, GF_ELIMIT, 2, 5, "node supply"},
    {"p min 2 0\nn 1\n", 0, GF_EPARSE, 2, 4, "missing node supply"},
    {"p min 2 0\nx 1 2\n", 0, GF_EPARSE, 2, 1, "unknown line type \"x\""},
    {"p min 2 0\nab 1 2\n", 0, GF_EPARSE, 2, 1, "unknown line type \"ab\""},
    {"p min 2 0\nn 1\0 1\n", 16, GF_EPARSE, 2, 4, "NUL byte"},
    {"p min 2 0\r\r\n", 0, GF_EPARSE, 1, 9, "arc count must be"},
    {"p min 2 0\nn 1 \x01\x7f\n", 0, GF_EPARSE, 2, 5, "(got \"??\")"},
};

static void test_dimacs_rejects_bad_input(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case *c = &bad_cases[i];
        size_t len = c->len ? c->len : strlen(c->text);
        gf_dimacs d = {0};
        gf_error err = {0};
        int rc = gf_dimacs_read_mem(c->text, len, "t.min", &d, &err);

        if (rc != c->code || err.code != c->code || err.line != c->line ||
            err.column != c->column || !strstr(err.msg, c->msg) || strcmp(err.input, "t.min"))
            fail_msg("case %zu: got rc %d, %s:%ld:%ld: %s; want %d at %ld:%ld with \"%s\"", i, rc,
                     err.input, err.line, err.column, err.msg, c->code, c->line, c->column, c->msg);
        if (d.n_nodes || d.n_arcs || d.supply || d.src)
            fail_msg("case %zu: *out not empty after a failure", i);
    }
}

static void test_dimacs_quotes_long_tokens_briefly(void **state)
{
    gf_dimacs d = {0};
    gf_error err = {0};
    char text[600];
    char buf[512];
    (void)state;

    snprintf(text, sizeof text, "p min 2 0\nn 1 %0500d\n", 7);
    memset(text + 14, 'z', 3);
    assert_int_equal(read_str(text, &d, &err), GF_EPARSE);
    assert_non_null(strstr(err.msg, "...\")"));
    assert_true(strlen(err.msg) < 200);
    gf_error_format(&err, buf, sizeof buf);
    assert_true(strncmp(buf, "t.min:2:5: error: node supply must be", 37) == 0);
}

static void test_dimacs_rejects_null_arguments(void **state)
{
    gf_dimacs d = {0};
    gf_error err = {0};
    (void)state;

    assert_int_equal(gf_dimacs_read_mem(NULL, 3, "x", &d, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_dimacs_read_mem("p", 1, "x", NULL, &err), GF_EINVAL);
    gf_error_clear(&err);
    assert_int_equal(gf_dimacs_read(NULL, &d, &err), GF_EINVAL);
    assert_null(gf_dimacs_to_mcf(NULL, NULL));
    assert_int_equal(gf_dimacs_write(stdout, NULL, NULL), GF_EINVAL);
    assert_int_equal(gf_dimacs_write_flows(stdout, NULL, 0, NULL), GF_EINVAL);
    {
        int64_t supply[2] = {0, 0};
        gf_dimacs bad = {.n_nodes = 2, .n_arcs = 1, .supply = supply};
        assert_null(gf_dimacs_to_mcf(&bad, NULL)); /* arcs announced, no arrays */
        bad.n_arcs = 0;
        bad.supply = NULL;
        assert_int_equal(gf_dimacs_write(stdout, &bad, NULL), GF_EINVAL);
        bad.n_nodes = -1;
        assert_null(gf_dimacs_to_mcf(&bad, NULL));
    }
    /* the first error recorded wins */
    gf_error_clear(&err);
    gf_fail(&err, GF_EIO, "earlier");
    assert_int_equal(read_str("p min x 0\n", &d, &err), GF_EPARSE);
    assert_int_equal(err.code, GF_EIO);
    assert_string_equal(err.msg, "earlier");
    assert_int_equal(err.line, 0);
    /* empty memory is an empty file, not a NULL argument */
    gf_error_clear(&err);
    assert_int_equal(gf_dimacs_read_mem(NULL, 0, NULL, &d, &err), GF_EPARSE);
    assert_string_equal(err.input, "<memory>");
}

/* A seeded random problem as DIMACS text with varied spacing. */
static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static int64_t rng_range(uint64_t *s, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rng_next(s) % (uint64_t)(hi - lo + 1));
}

static char *random_problem(uint64_t seed, gf_dimacs *want)
{
    uint64_t s = seed * 2654435761u + 1;
    int32_t n = (int32_t)rng_range(&s, 1, 40), m = (int32_t)rng_range(&s, 0, 150);
    size_t size = 128 + (size_t)(n + m) * 120, k = 0;
    char *text = malloc(size);
    const char *sep[] = {" ", "  ", "\t", " \t "};

    assert_non_null(text);
    want->n_nodes = n;
    want->n_arcs = m;
    want->supply = calloc((size_t)n, sizeof *want->supply);
    want->src = calloc((size_t)m + 1, sizeof *want->src);
    want->dst = calloc((size_t)m + 1, sizeof *want->dst);
    want->lower = calloc((size_t)m + 1, sizeof *want->lower);
    want->upper = calloc((size_t)m + 1, sizeof *want->upper);
    want->cost = calloc((size_t)m + 1, sizeof *want->cost);
    k += (size_t)snprintf(text + k, size - k, "c seed %llu\np min %d %d\n",
                          (unsigned long long)seed, n, m);
    for (int32_t v = 0; v < n; v++) {
        if (rng_next(&s) % 3 == 0)
            continue;
        want->supply[v] =
            rng_range(&s, -GF_MCF_MAX_VALUE, GF_MCF_MAX_VALUE) >> rng_range(&s, 0, 50);
        k += (size_t)snprintf(text + k, size - k, "n%s%d %lld\n", sep[rng_next(&s) % 4], v + 1,
                              (long long)want->supply[v]);
    }
    for (int32_t e = 0; e < m; e++) {
        want->src[e] = (int32_t)rng_range(&s, 0, n - 1);
        want->dst[e] = (int32_t)rng_range(&s, 0, n - 1);
        want->lower[e] = rng_range(&s, 0, 100);
        want->upper[e] =
            want->lower[e] + (rng_range(&s, 0, GF_MCF_MAX_VALUE - 100) >> rng_range(&s, 0, 50));
        want->cost[e] = rng_range(&s, -GF_MCF_MAX_VALUE, GF_MCF_MAX_VALUE) >> rng_range(&s, 0, 50);
        k += (size_t)snprintf(text + k, size - k, "a %d%s%d %lld %lld%s%lld%s\n", want->src[e] + 1,
                              sep[rng_next(&s) % 4], want->dst[e] + 1, (long long)want->lower[e],
                              (long long)want->upper[e], sep[rng_next(&s) % 4],
                              (long long)want->cost[e], rng_next(&s) % 5 ? "" : " \r");
        if (rng_next(&s) % 10 == 0)
            k += (size_t)snprintf(text + k, size - k, "c comment between arcs\n");
    }
    assert_true(k < size);
    return text;
}

static void free_want(gf_dimacs *w)
{
    free(w->supply);
    free(w->src);
    free(w->dst);
    free(w->lower);
    free(w->upper);
    free(w->cost);
}

/* Random text -> read -> write -> read again: the same problem each time. */
static void test_dimacs_round_trip(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 200; seed++) {
        gf_dimacs want = {0}, d = {0}, d2 = {0};
        gf_error err = {0};
        char *text = random_problem(seed, &want), *out = NULL;
        size_t out_len = 0;
        FILE *f;

        if (read_str(text, &d, &err))
            fail_msg("seed %llu: %s:%ld:%ld: %s", (unsigned long long)seed, err.input, err.line,
                     err.column, err.msg);
        assert_same_problem(&want, &d);
        f = open_memstream(&out, &out_len);
        assert_non_null(f);
        assert_int_equal(gf_dimacs_write(f, &d, &err), GF_OK);
        assert_int_equal(fclose(f), 0);
        assert_int_equal(gf_dimacs_read_mem(out, out_len, "written", &d2, &err), GF_OK);
        assert_same_problem(&d, &d2);
        gf_dimacs_fini(&d);
        gf_dimacs_fini(&d2);
        free(out);
        free(text);
        free_want(&want);
    }
}

static void test_dimacs_reads_files_and_gzip(void **state)
{
    char dir[64], plain[128], gzpath[128];
    gf_dimacs want = {0}, d = {0};
    gf_error err = {0};
    gzFile gz;
    (void)state;

    temp_path(dir, sizeof dir, plain, sizeof plain, "p.min");
    snprintf(gzpath, sizeof gzpath, "%s/p.min.gz", dir);
    write_file(plain, small_text);
    gz = gzopen(gzpath, "wb");
    assert_non_null(gz);
    assert_int_equal(gzputs(gz, small_text), (int)strlen(small_text));
    assert_int_equal(gzclose(gz), Z_OK);

    assert_int_equal(read_str(small_text, &want, &err), GF_OK);
    assert_int_equal(gf_dimacs_read(plain, &d, &err), GF_OK);
    assert_same_problem(&want, &d);
    gf_dimacs_fini(&d);
    assert_int_equal(gf_dimacs_read(gzpath, &d, &err), GF_OK);
    assert_same_problem(&want, &d);
    gf_dimacs_fini(&d);
    gf_dimacs_fini(&want);
    unlink(plain);
    unlink(gzpath);
    rmdir(dir);
}

/* Larger than one read chunk, so lines cross chunk boundaries. */
static void test_dimacs_reads_large_gzip(void **state)
{
    char dir[64], path[128];
    gf_dimacs d = {0};
    gf_error err = {0};
    gzFile gz;
    const int32_t m = 20000;
    (void)state;

    temp_path(dir, sizeof dir, path, sizeof path, "big.min.gz");
    gz = gzopen(path, "wb");
    assert_non_null(gz);
    gzprintf(gz, "p min 100 %d\nn 1 %d\nn 100 -%d\n", m, m, m);
    for (int32_t e = 0; e < m; e++)
        gzprintf(gz, "a %d %d 0 %d %d\n", 1 + e % 100, 1 + (e * 7) % 100, e + 1, e % 13 - 6);
    assert_int_equal(gzclose(gz), Z_OK);
    assert_int_equal(gf_dimacs_read(path, &d, &err), GF_OK);
    assert_int_equal(d.n_arcs, m);
    for (int32_t e = 0; e < m; e++) {
        assert_int_equal(d.src[e], e % 100);
        assert_int_equal(d.dst[e], (e * 7) % 100);
        assert_int_equal(d.upper[e], e + 1);
        assert_int_equal(d.cost[e], e % 13 - 6);
    }
    gf_dimacs_fini(&d);
    unlink(path);
    rmdir(dir);
}

static void test_dimacs_reports_file_errors(void **state)
{
    char dir[64], path[128], buf[512];
    gf_dimacs d = {0};
    gf_error err = {0};
    FILE *f;
    gzFile gz;
    long size;
    char *bytes;
    (void)state;

    temp_path(dir, sizeof dir, path, sizeof path, "missing.min");
    assert_int_equal(gf_dimacs_read(path, &d, &err), GF_ENOTFOUND);
    assert_string_equal(err.input, path);
    assert_non_null(strstr(err.msg, "cannot open"));

    /* a parse error in a file names the file */
    write_file(path, "p min 2 1\na 1 2 0 x 1\n");
    gf_error_clear(&err);
    assert_int_equal(gf_dimacs_read(path, &d, &err), GF_EPARSE);
    snprintf(buf, sizeof buf, "%s:2:9: error: arc capacity must be an integer >= the lower bound 0",
             path);
    {
        char got[512];
        gf_error_format(&err, got, sizeof got);
        assert_true(strncmp(got, buf, strlen(buf)) == 0);
    }

    /* a directory: refused before reading, as the scenario readers do */
    gf_error_clear(&err);
    assert_int_equal(gf_dimacs_read(dir, &d, &err), GF_EINVAL);
    assert_string_equal(err.input, dir);
    assert_non_null(strstr(err.msg, "a folder is not a regular file"));

    /* a truncated gzip stream is an error, not a short file */
    gz = gzopen(path, "wb");
    assert_non_null(gz);
    for (int i = 0; i < 2000; i++)
        gzprintf(gz, "c line %d of padding to make the stream long\n", i);
    gzprintf(gz, "p min 1 0\n");
    assert_int_equal(gzclose(gz), Z_OK);
    f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    bytes = malloc((size_t)size);
    assert_int_equal(fread(bytes, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    assert_int_equal(gf_dimacs_read(path, &d, &err), GF_OK); /* whole: fine */
    gf_dimacs_fini(&d);
    f = fopen(path, "wb");
    assert_int_equal(fwrite(bytes, 1, (size_t)size / 2, f), (size_t)size / 2);
    fclose(f);
    gf_error_clear(&err);
    assert_int_equal(gf_dimacs_read(path, &d, &err), GF_EIO);
    assert_non_null(strstr(err.msg, "cannot read"));
    free(bytes);
    unlink(path);
    rmdir(dir);
}

static void test_dimacs_reads_stdin(void **state)
{
    char dir[64], path[128];
    gf_dimacs d = {0};
    gf_error err = {0};
    int saved = dup(STDIN_FILENO);
    FILE *f;
    (void)state;

    temp_path(dir, sizeof dir, path, sizeof path, "in.min");
    write_file(path, "p min 2 1\nn 1 3\nn 2 -3\na 1 2 0 5 1\nq\n");
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_true(dup2(fileno(f), STDIN_FILENO) >= 0);
    assert_int_equal(gf_dimacs_read("-", &d, &err), GF_EPARSE);
    assert_string_equal(err.input, "<stdin>");
    assert_int_equal(err.line, 5);
    fclose(f);
    write_file(path, "p min 2 1\nn 1 3\nn 2 -3\na 1 2 0 5 1\n");
    f = fopen(path, "rb");
    assert_true(dup2(fileno(f), STDIN_FILENO) >= 0);
    assert_int_equal(gf_dimacs_read("-", &d, NULL), GF_OK);
    assert_int_equal(d.n_arcs, 1);
    assert_int_equal(d.supply[1], -3);
    gf_dimacs_fini(&d);
    fclose(f);
    assert_true(dup2(saved, STDIN_FILENO) >= 0);
    close(saved);
    unlink(path);
    rmdir(dir);
}

/* Peak bytes held through the library's allocator. */
static size_t held, peak;

static void *counting_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    (void)ud;
    held -= ptr ? old_size : 0;
    if (new_size == 0) {
        free(ptr);
        return NULL;
    }
    held += new_size;
    if (held > peak)
        peak = held;
    return realloc(ptr, new_size);
}

/* A header announcing the largest sizes costs what the lines need, not what
 * it announces. */
static void test_dimacs_hostile_header_allocates_little(void **state)
{
    static const char *texts[] = {
        "p min 4194304 268435456\na 1 2 0 1 1\na 2 3 0 1 1\n",
        "p min 4194304 268435456\nn 4194304 5\n",
        "p min 4194304 268435456\nn 1 1\nn 2 1\nn 1 1\n",
    };
    (void)state;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        gf_dimacs d = {0};
        gf_error err = {0};

        held = peak = 0;
        gf_set_allocator(counting_alloc, NULL);
        assert_int_equal(read_str(texts[i], &d, &err), GF_EPARSE);
        gf_set_allocator(NULL, NULL);
        assert_int_equal(held, 0); /* everything freed */
        if (peak > (1u << 20))
            fail_msg("text %zu: peak %zu bytes", i, peak);
    }
}

/* Every allocation of each entry point fails in turn; each failure is
 * GF_ENOMEM and leaks nothing (LeakSanitizer), and the loop ends with a
 * complete run. */
static void test_dimacs_survives_failing_allocations(void **state)
{
    char dir[64], path[128];
    gf_dimacs d = {0}, want = {0};
    gf_mcf *mcf = NULL;
    long tries = 0;
    (void)state;

    assert_int_equal(read_str(small_text, &want, NULL), GF_OK);
    for (long fail_at = 0;; fail_at++, tries++) {
        gf_error err = {0};
        int rc;
        failing_alloc_arm(fail_at);
        rc = read_str(small_text, &d, &err);
        failing_alloc_disarm();
        if (rc == GF_OK)
            break;
        assert_int_equal(rc, GF_ENOMEM);
        assert_int_equal(err.code, GF_ENOMEM);
        assert_null(d.supply);
    }
    assert_true(tries >= 3);
    assert_same_problem(&want, &d);
    gf_dimacs_fini(&d);

    temp_path(dir, sizeof dir, path, sizeof path, "p.min");
    write_file(path, small_text);
    for (long fail_at = 0;; fail_at++) {
        gf_error err = {0};
        int rc;
        failing_alloc_arm(fail_at);
        rc = gf_dimacs_read(path, &d, &err);
        failing_alloc_disarm();
        if (rc == GF_OK)
            break;
        assert_int_equal(rc, GF_ENOMEM);
    }
    assert_same_problem(&want, &d);
    gf_dimacs_fini(&d);
    unlink(path);
    rmdir(dir);

    for (long fail_at = 0; !mcf; fail_at++) {
        gf_error err = {0};
        failing_alloc_arm(fail_at);
        mcf = gf_dimacs_to_mcf(&want, &err);
        failing_alloc_disarm();
        if (!mcf)
            assert_int_equal(err.code, GF_ENOMEM);
    }
    gf_mcf_destroy(mcf);
    gf_dimacs_fini(&want);
}

static void test_dimacs_to_mcf_keeps_arcs(void **state)
{
    gf_dimacs d = {0};
    gf_error err = {0};
    gf_mcf *mcf;
    (void)state;

    assert_int_equal(read_str(small_text, &d, &err), GF_OK);
    mcf = gf_dimacs_to_mcf(&d, &err);
    assert_non_null(mcf);
    assert_int_equal(gf_mcf_node_count(mcf), 4);
    assert_int_equal(gf_mcf_arc_count(mcf), 5);
    for (int32_t v = 0; v < 4; v++)
        assert_int_equal(gf_mcf_supply(mcf, v), d.supply[v]);
    for (int32_t e = 0; e < 5; e++) {
        assert_int_equal(gf_mcf_arc_src(mcf, e), d.src[e]);
        assert_int_equal(gf_mcf_arc_dst(mcf, e), d.dst[e]);
        assert_int_equal(gf_mcf_arc_lower(mcf, e), d.lower[e]);
        assert_int_equal(gf_mcf_arc_upper(mcf, e), d.upper[e]);
        assert_int_equal(gf_mcf_arc_cost(mcf, e), d.cost[e]);
        assert_false(gf_mcf_arc_is_uncapacitated(mcf, e));
    }
    gf_mcf_destroy(mcf);
    gf_dimacs_fini(&d);
}

/* 1 -> 2 -> 3 costs 2 a unit but 1 -> 2 holds 3; the other 2 units take
 * 1 -> 3 at 3 a unit: cost 3*2 + 2*3 = 12. 4 -> 5 stays empty. */
static void test_dimacs_writes_flows(void **state)
{
    const char *text = "p min 5 4\nn 1 5\nn 3 -5\n"
                       "a 1 2 0 3 1\na 2 3 0 10 1\na 4 5 0 10 1\na 1 3 0 10 3\n";
    gf_dimacs d = {0};
    gf_error err = {0};
    gf_mcf_result res = {0};
    gf_mcf *mcf;
    char *out = NULL;
    size_t out_len = 0;
    FILE *f;
    (void)state;

    assert_int_equal(read_str(text, &d, &err), GF_OK);
    mcf = gf_dimacs_to_mcf(&d, &err);
    assert_non_null(mcf);
    assert_int_equal(gf_mcf_solve(mcf, NULL, &res, &err), GF_OK);
    assert_int_equal(res.status, GF_MCF_OPTIMAL);
    assert_int_equal(res.cost, 12);
    f = open_memstream(&out, &out_len);
    assert_int_equal(gf_dimacs_write_flows(f, mcf, res.cost, &err), GF_OK);
    fclose(f);
    assert_string_equal(out, "s 12\nf 1 2 3\nf 2 3 3\nf 1 3 2\n");
    free(out);

    /* a write error is GF_EIO */
    f = fopen("/dev/full", "w");
    if (f) {
        setvbuf(f, NULL, _IONBF, 0);
        gf_error_clear(&err);
        assert_int_equal(gf_dimacs_write_flows(f, mcf, res.cost, &err), GF_EIO);
        gf_error_clear(&err);
        assert_int_equal(gf_dimacs_write(f, &d, &err), GF_EIO);
        fclose(f);
    }
    /* and half-way through: room for the first line or two only */
    for (size_t room = 4; room <= 24; room += 10) {
        char buf[32];
        f = fmemopen(buf, room, "w");
        assert_non_null(f);
        setvbuf(f, NULL, _IONBF, 0);
        gf_error_clear(&err);
        assert_int_equal(gf_dimacs_write_flows(f, mcf, res.cost, &err), GF_EIO);
        rewind(f);
        gf_error_clear(&err);
        assert_int_equal(gf_dimacs_write(f, &d, &err), GF_EIO);
        fclose(f);
    }
    gf_mcf_destroy(mcf);
    gf_dimacs_fini(&d);
}

static gf_mcf *solve_text(const char *text, gf_mcf_result *res)
{
    gf_dimacs d = {0};
    gf_error err = {0};
    gf_mcf *mcf;

    assert_int_equal(read_str(text, &d, &err), GF_OK);
    mcf = gf_dimacs_to_mcf(&d, &err);
    assert_non_null(mcf);
    gf_dimacs_fini(&d);
    if (gf_mcf_solve(mcf, NULL, res, &err))
        fail_msg("solve: %s", err.msg);
    return mcf;
}

/* Found by fuzz_dimacs: an empty network failed with "out of memory" (a
 * zero-byte solver array), and a self-loop's lower bound was shifted into
 * its node's balance, so a feasible network looked unbalanced (and an
 * infeasible one got an empty cut). */
static void test_dimacs_solves_edge_networks(void **state)
{
    gf_mcf_result res = {0};
    gf_mcf_cut cut = {0};
    gf_mcf *mcf;
    (void)state;

    mcf = solve_text("p min 0 0\n", &res);
    assert_int_equal(res.status, GF_MCF_OPTIMAL);
    assert_int_equal(res.cost, 0);
    gf_mcf_destroy(mcf);

    mcf = solve_text("p min 2 2\nn 1 2\nn 2 -2\na 1 2 0 5 1\na 2 2 1 3 4\n", &res);
    assert_int_equal(res.status, GF_MCF_OPTIMAL);
    assert_int_equal(res.cost, 2 * 1 + 1 * 4);
    assert_int_equal(gf_mcf_flow(mcf, 1), 1);
    gf_mcf_destroy(mcf);

    /* node 3 is a dead end, so 1 -> 2 (at most 3) is all that leaves {1, 3} */
    mcf = solve_text("p min 4 4\nn 1 6\nn 4 -6\na 1 2 0 3 1\na 2 4 0 3 1\na 1 3 0 3 2\n"
                     "a 4 4 1 3 2\n",
                     &res);
    assert_int_equal(res.status, GF_MCF_INFEASIBLE);
    assert_int_equal(gf_mcf_infeasible_cut(mcf, &cut, NULL), GF_OK);
    assert_int_equal(cut.dir, GF_MCF_CUT_OUT);
    assert_int_equal(cut.n_nodes, 2);
    assert_int_equal(cut.nodes[0], 0);
    assert_int_equal(cut.nodes[1], 2);
    assert_int_equal(cut.supply, 6);
    assert_int_equal(cut.capacity, 3);
    gf_mcf_cut_fini(&cut);
    gf_mcf_destroy(mcf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dimacs_reads_valid_file),
        cmocka_unit_test(test_dimacs_reads_empty_network),
        cmocka_unit_test(test_dimacs_skips_byte_order_mark),
        cmocka_unit_test(test_dimacs_line_length_limit),
        cmocka_unit_test(test_dimacs_rejects_bad_input),
        cmocka_unit_test(test_dimacs_quotes_long_tokens_briefly),
        cmocka_unit_test(test_dimacs_rejects_null_arguments),
        cmocka_unit_test(test_dimacs_round_trip),
        cmocka_unit_test(test_dimacs_reads_files_and_gzip),
        cmocka_unit_test(test_dimacs_reads_large_gzip),
        cmocka_unit_test(test_dimacs_reports_file_errors),
        cmocka_unit_test(test_dimacs_reads_stdin),
        cmocka_unit_test(test_dimacs_hostile_header_allocates_little),
        cmocka_unit_test(test_dimacs_survives_failing_allocations),
        cmocka_unit_test(test_dimacs_to_mcf_keeps_arcs),
        cmocka_unit_test(test_dimacs_writes_flows),
        cmocka_unit_test(test_dimacs_solves_edge_networks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
