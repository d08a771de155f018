/* tests/unit/test_jsonw.c: the streaming JSON writer.
 *
 * Money exact at the extremes of int64 cents, every control character and
 * invalid UTF-8 in strings (refused, see jsonw.h), nesting and its limits,
 * misuse, the three sinks (FILE *, text, callback) and their failures.
 * Texts are compared byte for byte and parsed back with jansson.
 * SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "grainflow/alloc.h"
#include "grainflow/jsonw.h"
#include "support/failing_alloc.h"

/* A writer over a text; text_of finishes it and returns the text. */
typedef struct doc {
    gf_jsonw w;
    gf_jsonw_text t;
} doc;

static void doc_init(doc *d, bool pretty)
{
    memset(&d->t, 0, sizeof d->t);
    gf_jsonw_init_text(&d->w, &d->t, pretty);
}

static const char *text_of(doc *d)
{
    gf_error err = {0};

    assert_int_equal(gf_jsonw_finish(&d->w, &err), GF_OK);
    assert_non_null(d->t.data);
    return d->t.data;
}

static void test_jsonw_money_is_exact_at_the_extremes(void **state)
{
    static const struct {
        int64_t cents;
        const char *text;
    } cases[] = {
        {0, "0.00"},
        {-1, "-0.01"},
        {1, "0.01"},
        {-100, "-1.00"},
        {576460202758373175, "5764602027583731.75"},
        {INT64_C(4611686018427387904), "46116860184273879.04"}, /* 2^62 */
        {-INT64_C(4611686018427387904), "-46116860184273879.04"},
        {INT64_MAX, "92233720368547758.07"},
        {INT64_MIN, "-92233720368547758.08"},
    };
    char want[64];

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        doc d;
        json_t *j;
        doc_init(&d, false);
        gf_jsonw_array(&d.w);
        gf_jsonw_cents(&d.w, cases[i].cents);
        gf_jsonw_end(&d.w);
        snprintf(want, sizeof want, "[%s]", cases[i].text);
        if (strcmp(text_of(&d), want) != 0)
            fail_msg("%lld cents: got %s, want %s", (long long)cases[i].cents, d.t.data, want);
        j = json_loads(d.t.data, 0, NULL);
        assert_non_null(j); /* a JSON number jansson reads back as a real */
        assert_true(json_is_real(json_array_get(j, 0)));
        json_decref(j);
        gf_release(d.t.data);
    }
}

static void test_jsonw_integers_and_reals(void **state)
{
    doc d;

    (void)state;
    doc_init(&d, false);
    gf_jsonw_array(&d.w);
    gf_jsonw_int(&d.w, INT64_MIN);
    gf_jsonw_int(&d.w, INT64_MAX);
    gf_jsonw_int(&d.w, 0);
    gf_jsonw_real(&d.w, 7.0);
    gf_jsonw_real(&d.w, 0.1);
    gf_jsonw_real(&d.w, 1e300);
    gf_jsonw_real(&d.w, -0.0);
    gf_jsonw_real(&d.w, 1.0 / 0.0);
    gf_jsonw_real(&d.w, 0.0 / 0.0);
    gf_jsonw_bool(&d.w, true);
    gf_jsonw_bool(&d.w, false);
    gf_jsonw_null(&d.w);
    gf_jsonw_end(&d.w);
    assert_string_equal(text_of(&d), "[-9223372036854775808,9223372036854775807,0,7.0,0.1,1e+300,"
                                     "-0.0,null,null,true,false,null]");
    gf_release(d.t.data);
}

static void test_jsonw_escapes_every_control_character(void **state)
{
    char in[40], want[256];
    size_t n = 0, o = 0;
    doc d;
    json_t *j;

    (void)state;
    for (int c = 1; c < 0x20; c++)
        in[n++] = (char)c;
    in[n++] = '"';
    in[n++] = '\\';
    in[n++] = '/';
    in[n++] = 0x7f;
    in[n] = '\0';
    want[o++] = '"';
    for (int c = 1; c < 0x20; c++) {
        const char *s = c == '\b'   ? "\\b"
                        : c == '\f' ? "\\f"
                        : c == '\n' ? "\\n"
                        : c == '\r' ? "\\r"
                        : c == '\t' ? "\\t"
                                    : NULL;
        if (s)
            o += (size_t)snprintf(want + o, sizeof want - o, "%s", s);
        else
            o += (size_t)snprintf(want + o, sizeof want - o, "\\u%04x", c);
    }
    snprintf(want + o, sizeof want - o, "\\\"\\\\/\x7f\"");
    doc_init(&d, false);
    gf_jsonw_string(&d.w, in);
    assert_string_equal(text_of(&d), want);
    j = json_loads(d.t.data, JSON_DECODE_ANY, NULL);
    assert_non_null(j);
    assert_string_equal(json_string_value(j), in);
    json_decref(j);
    gf_release(d.t.data);
}

static void test_jsonw_utf8_valid_passes_invalid_is_refused(void **state)
{
    static const char *const good[] = {"Niamey",           "F\xc3\xa8s",   "\xe2\x82\xac",
                                       "\xf0\x9f\x8c\xbe", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf"};
    static const char *const bad[] = {
        "O\xc3",            /* truncated (issue 12's node id) */
        "\x80",             /* stray continuation */
        "\xc0\xaf",         /* overlong '/' */
        "\xe0\x80\xaf",     /* overlong, 3 bytes */
        "\xed\xa0\x80",     /* surrogate U+D800 */
        "\xf4\x90\x80\x80", /* above U+10FFFF */
        "\xf5\x80\x80\x80", /* lead byte 0xf5 */
        "ok\xe2\x82",       /* truncated at the end */
        "\xe2\x28\xa1",     /* bad continuation */
        "\xff",             /* never in UTF-8 */
        /* after 48 valid bytes: the message quotes 40 of them from a whole character */
        "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
        "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
        "\xe2\x82\xac\xe2\x82\xac\xff",
    };

    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        doc d;
        json_t *j;
        doc_init(&d, false);
        gf_jsonw_string(&d.w, good[i]);
        j = json_loads(text_of(&d), JSON_DECODE_ANY, NULL);
        assert_non_null(j);
        assert_string_equal(json_string_value(j), good[i]);
        json_decref(j);
        gf_release(d.t.data);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        doc d;
        gf_error err = {0};
        doc_init(&d, false);
        gf_jsonw_array(&d.w);
        gf_jsonw_string(&d.w, bad[i]);
        gf_jsonw_int(&d.w, 1); /* ignored after the failure */
        gf_jsonw_end(&d.w);
        assert_int_equal(gf_jsonw_finish(&d.w, &err), GF_EINVAL);
        assert_non_null(strstr(err.msg, "not valid UTF-8"));
        assert_int_equal(gf_jsonw_check_utf8(err.msg, strlen(err.msg)), strlen(err.msg));
        assert_true(gf_jsonw_check_utf8(bad[i], strlen(bad[i])) < strlen(bad[i]));
        /* nothing of the refused string reached the sink */
        assert_true(d.t.data == NULL || strstr(d.t.data, "\"") == NULL);
        gf_release(d.t.data);
    }
}

static void test_jsonw_pretty_layout_matches_jansson(void **state)
{
    doc d;
    json_t *j;
    char *ref;

    (void)state;
    doc_init(&d, true);
    gf_jsonw_object(&d.w);
    gf_jsonw_kstring(&d.w, "a", "x");
    gf_jsonw_key(&d.w, "b");
    gf_jsonw_array(&d.w);
    gf_jsonw_int(&d.w, 1);
    gf_jsonw_object(&d.w);
    gf_jsonw_kint(&d.w, "c", 2);
    gf_jsonw_end(&d.w);
    gf_jsonw_array(&d.w);
    gf_jsonw_end(&d.w);
    gf_jsonw_end(&d.w);
    gf_jsonw_key(&d.w, "e");
    gf_jsonw_object(&d.w);
    gf_jsonw_end(&d.w);
    gf_jsonw_kreal(&d.w, "f", 2.5);
    gf_jsonw_end(&d.w);
    j = json_loads(text_of(&d), 0, NULL);
    assert_non_null(j);
    ref = json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
    assert_string_equal(d.t.data, ref);
    gf_release(ref); /* jansson's texts are the library's sized blocks */
    json_decref(j);
    gf_release(d.t.data);
}

static void test_jsonw_nesting_limit_and_misuse_fail(void **state)
{
    doc d;
    gf_error err = {0};

    (void)state;
    doc_init(&d, false);
    for (int i = 0; i < GF_JSONW_MAX_DEPTH; i++)
        gf_jsonw_array(&d.w);
    for (int i = 0; i < GF_JSONW_MAX_DEPTH; i++)
        gf_jsonw_end(&d.w);
    assert_int_equal(strlen(text_of(&d)), 2 * GF_JSONW_MAX_DEPTH);
    gf_release(d.t.data);

    doc_init(&d, false);
    for (int i = 0; i <= GF_JSONW_MAX_DEPTH; i++)
        gf_jsonw_array(&d.w);
    assert_int_equal(gf_jsonw_finish(&d.w, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "nesting"));
    gf_release(d.t.data);

    doc_init(&d, false);
    gf_jsonw_object(&d.w);
    gf_jsonw_int(&d.w, 1); /* a value without a key */
    gf_error_clear(&err);
    assert_int_equal(gf_jsonw_finish(&d.w, &err), GF_EINVAL);
    gf_release(d.t.data);

    doc_init(&d, false);
    gf_jsonw_array(&d.w);
    gf_jsonw_key(&d.w, "k"); /* a key in an array */
    gf_error_clear(&err);
    assert_int_equal(gf_jsonw_finish(&d.w, &err), GF_EINVAL);
    gf_release(d.t.data);

    doc_init(&d, false);
    gf_jsonw_end(&d.w); /* nothing open */
    gf_error_clear(&err);
    assert_int_equal(gf_jsonw_finish(&d.w, &err), GF_EINVAL);
    gf_release(d.t.data);
}

/* A callback sink that takes at most cap bytes in total, then fails. */
typedef struct capped {
    char got[1 << 16];
    size_t len, cap;
    int calls;
} capped;

static int capped_sink(void *ud, const char *data, size_t n)
{
    capped *c = ud;

    c->calls++;
    if (c->len + n > c->cap)
        return GF_EIO;
    memcpy(c->got + c->len, data, n);
    c->len += n;
    return GF_OK;
}

/* 5,000 members of "aaaa..." strings: longer than the staging buffer. */
static void write_long_array(gf_jsonw *w)
{
    gf_jsonw_array(w);
    for (int i = 0; i < 5000; i++)
        gf_jsonw_string(w, "abcdefghij");
    gf_jsonw_end(w);
}

static void test_jsonw_callback_sink_streams_in_chunks(void **state)
{
    static capped c;
    gf_jsonw w;
    gf_error err = {0};

    (void)state;
    memset(&c, 0, sizeof c);
    c.cap = sizeof c.got;
    gf_jsonw_init(&w, capped_sink, &c, false);
    write_long_array(&w);
    assert_int_equal(gf_jsonw_finish(&w, &err), GF_OK);
    assert_int_equal(c.len, 2 + 5000 * 12 + 4999);
    assert_true(c.calls >= 7); /* streamed: 65 KB through an 8 KB buffer */
    memset(&c, 0, sizeof c);
    c.cap = 10000; /* the sink fails part way */
    gf_jsonw_init(&w, capped_sink, &c, false);
    write_long_array(&w);
    assert_int_equal(gf_jsonw_finish(&w, &err), GF_EIO);
    assert_int_equal(c.calls, 2); /* nothing more was tried after the failure */
}

static void test_jsonw_text_sink_limit_and_out_of_memory(void **state)
{
    gf_jsonw_text t = {.limit = 100};
    gf_jsonw w;
    gf_error err = {0};
    long fail_at;

    (void)state;
    gf_jsonw_init_text(&w, &t, false);
    write_long_array(&w);
    assert_int_equal(gf_jsonw_finish(&w, &err), GF_ELIMIT);
    gf_release(t.data);
    for (fail_at = 0;; fail_at++) {
        gf_jsonw_text u = {0};
        int rc;
        gf_error_clear(&err);
        failing_alloc_arm(fail_at);
        gf_jsonw_init_text(&w, &u, true);
        write_long_array(&w);
        rc = gf_jsonw_finish(&w, &err);
        failing_alloc_disarm();
        gf_release(u.data);
        if (rc == GF_OK)
            break;
        assert_int_equal(rc, GF_ENOMEM);
    }
    assert_true(fail_at > 3); /* the text grew several times */
}

static void test_jsonw_file_sink_reports_a_full_disk(void **state)
{
    FILE *f = fopen("/dev/full", "w");
    gf_jsonw w;
    gf_error err = {0};

    (void)state;
    if (!f)
        fail_msg("cannot open /dev/full");
    setvbuf(f, NULL, _IONBF, 0);
    gf_jsonw_init_file(&w, f, false);
    write_long_array(&w);
    assert_int_equal(gf_jsonw_finish(&w, &err), GF_EIO);
    assert_non_null(strstr(err.msg, "cannot write JSON output"));
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonw_money_is_exact_at_the_extremes),
        cmocka_unit_test(test_jsonw_integers_and_reals),
        cmocka_unit_test(test_jsonw_escapes_every_control_character),
        cmocka_unit_test(test_jsonw_utf8_valid_passes_invalid_is_refused),
        cmocka_unit_test(test_jsonw_pretty_layout_matches_jansson),
        cmocka_unit_test(test_jsonw_nesting_limit_and_misuse_fail),
        cmocka_unit_test(test_jsonw_callback_sink_streams_in_chunks),
        cmocka_unit_test(test_jsonw_text_sink_limit_and_out_of_memory),
        cmocka_unit_test(test_jsonw_file_sink_reports_a_full_disk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
