/* src/export/jsonw.c: the streaming JSON writer (see jsonw.h for the rules).
 *
 * Bytes are staged in w->buf and handed to the sink 8 KiB at a time, so a
 * FILE * sink costs one fwrite per 8 KiB and a callback sink (an HTTP
 * response) gets large chunks. Separators are decided per depth: a comma
 * before every member but the first, and in pretty mode a line break and
 * the indent before each member and before a closing bracket that closes a
 * non-empty container.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "core/core_int.h"
#include "export/export_int.h"
#include "grainflow/jsonw.h"
#include "grainflow/plan.h"

static void fail(gf_jsonw *w, int rc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void fail(gf_jsonw *w, int rc, const char *fmt, ...)
{
    va_list ap;

    if (w->rc)
        return;
    w->rc = rc;
    va_start(ap, fmt);
    vsnprintf(w->msg, sizeof w->msg, fmt, ap);
    va_end(ap);
}

static void flush(gf_jsonw *w)
{
    int rc;

    if (w->rc || w->len == 0)
        return;
    rc = w->sink(w->ud, w->buf, w->len);
    w->len = 0;
    if (rc)
        fail(w, rc,
             rc == GF_ENOMEM   ? "out of memory writing JSON"
             : rc == GF_ELIMIT ? "JSON output is over its size limit"
                               : "cannot write JSON output: %s",
             strerror(errno));
}

static void put(gf_jsonw *w, const char *s, size_t n)
{
    while (!w->rc && n > 0) {
        size_t k = sizeof w->buf - w->len;
        if (k > n)
            k = n;
        memcpy(w->buf + w->len, s, k);
        w->len += k;
        s += k;
        n -= k;
        if (w->len == sizeof w->buf)
            flush(w);
    }
}

static void putc_(gf_jsonw *w, char c)
{
    if (w->len == sizeof w->buf)
        flush(w);
    if (!w->rc)
        w->buf[w->len++] = c;
}

static void newline(gf_jsonw *w, int depth)
{
    static const char spaces[] = "                                ";

    putc_(w, '\n');
    for (int k = 2 * depth; k > 0; k -= 32)
        put(w, spaces, (size_t)(k < 32 ? k : 32));
}

/* Separator before a value: none after a key, else a comma if needed. */
static void before_value(gf_jsonw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth > 0 && w->is_object[w->depth])
        fail(w, GF_EINVAL, "JSON writer: a value inside an object needs a key");
    if (w->depth > 0 && w->has_member[w->depth])
        putc_(w, ',');
    if (w->depth > 0 && w->pretty)
        newline(w, w->depth);
    w->has_member[w->depth] = true;
}

void gf_jsonw_init(gf_jsonw *w, gf_jsonw_sink sink, void *ud, bool pretty)
{
    memset(w, 0, offsetof(gf_jsonw, buf));
    w->sink = sink;
    w->ud = ud;
    w->pretty = pretty;
}

static int file_sink(void *ud, const char *data, size_t n)
{
    return fwrite(data, 1, n, (FILE *)ud) == n ? GF_OK : GF_EIO;
}

void gf_jsonw_init_file(gf_jsonw *w, FILE *f, bool pretty)
{
    gf_jsonw_init(w, file_sink, f, pretty);
}

/* Grow t to hold n more bytes and a NUL, doubling. */
static int text_sink(void *ud, const char *data, size_t n)
{
    gf_jsonw_text *t = ud;
    size_t need = t->len + n + 1, cap = t->cap ? t->cap : 256;
    char *d;

    if (t->limit && t->len + n > t->limit)
        return GF_ELIMIT;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    if (cap != t->cap) {
        d = gf__sized_realloc(t->data, cap);
        if (!d)
            return GF_ENOMEM;
        t->data = d;
        t->cap = cap;
    }
    memcpy(t->data + t->len, data, n);
    t->len += n;
    t->data[t->len] = '\0';
    return GF_OK;
}

void gf_jsonw_init_text(gf_jsonw *w, gf_jsonw_text *t, bool pretty)
{
    gf_jsonw_init(w, text_sink, t, pretty);
}

int gf_jsonw_finish(gf_jsonw *w, gf_error *err)
{
    flush(w);
    if (w->rc)
        return gf_fail(err, w->rc, "%s", w->msg);
    return GF_OK;
}

void gf_jsonw_raw(gf_jsonw *w, const char *s, size_t n)
{
    put(w, s, n);
}

static void open_container(gf_jsonw *w, char c, bool object)
{
    before_value(w);
    if (w->depth >= GF_JSONW_MAX_DEPTH) {
        fail(w, GF_EINVAL, "JSON writer: nesting deeper than %d", GF_JSONW_MAX_DEPTH);
        return;
    }
    putc_(w, c);
    w->depth++;
    w->has_member[w->depth] = false;
    w->is_object[w->depth] = object;
}

void gf_jsonw_object(gf_jsonw *w)
{
    open_container(w, '{', true);
}

void gf_jsonw_array(gf_jsonw *w)
{
    open_container(w, '[', false);
}

void gf_jsonw_end(gf_jsonw *w)
{
    if (w->depth == 0 || w->after_key) {
        fail(w, GF_EINVAL, "JSON writer: end without an open object or array, or after a key");
        return;
    }
    if (w->pretty && w->has_member[w->depth])
        newline(w, w->depth - 1);
    putc_(w, w->is_object[w->depth] ? '}' : ']');
    w->depth--;
}

/* Decode one UTF-8 sequence at s (n bytes left); its length, 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    uint32_t cp;
    size_t len;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        len = 2, cp = s[0] & 0x1fu;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        len = 3, cp = s[0] & 0x0fu;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
        len = 4, cp = s[0] & 0x07u;
    else
        return 0; /* continuation byte, 0xc0/0xc1 (overlong), 0xf5.. */
    if (n < len)
        return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[k] & 0x3fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

size_t gf_jsonw_check_utf8(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, k;

    while (i < n) {
        k = utf8_seq(u + i, n - i);
        if (!k)
            return i;
        i += k;
    }
    return n;
}

static void put_escaped(gf_jsonw *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t run = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        size_t en = 6;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        put(w, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
        case '\\':
            e[1] = (char)c, en = 2;
            break;
        case '\b':
            e[1] = 'b', en = 2;
            break;
        case '\f':
            e[1] = 'f', en = 2;
            break;
        case '\n':
            e[1] = 'n', en = 2;
            break;
        case '\r':
            e[1] = 'r', en = 2;
            break;
        case '\t':
            e[1] = 't', en = 2;
            break;
        default:
            break;
        }
        put(w, e, en);
    }
    put(w, s + run, n - run);
}

/* The length of the start of s (n bytes) that is printable ASCII other than
 * '"' and '\\': bytes that are valid UTF-8 and copied as they are. */
static size_t plain_prefix(const char *s, size_t n)
{
    size_t i = 0;

    while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x80 && s[i] != '"' &&
           s[i] != '\\')
        i++;
    return i;
}

static void put_string(gf_jsonw *w, const char *s)
{
    size_t n = s ? strlen(s) : 0, bad;

    /* the common case (ids, keys, modes): quoted and copied in one go */
    if (s && !w->rc && n + 2 <= sizeof w->buf - w->len && plain_prefix(s, n) == n) {
        w->buf[w->len] = '"';
        memcpy(w->buf + w->len + 1, s, n);
        w->buf[w->len + 1 + n] = '"';
        w->len += n + 2;
        return;
    }
    bad = s ? gf_jsonw_check_utf8(s, n) : 0;
    if (!s) {
        fail(w, GF_EINVAL, "JSON writer: NULL string");
        return;
    }
    if (bad < n) {
        /* quote at most 40 valid bytes before it, from a character's start,
         * so that the message itself stays UTF-8 */
        const char *from = bad > 40 ? s + bad - 40 : s;
        while (from < s + bad && ((unsigned char)*from & 0xc0) == 0x80)
            from++;
        fail(w, GF_EINVAL,
             "text is not valid UTF-8 (byte 0x%02x at offset %zu, after \"%.*s\"); "
             "fix the input's encoding",
             (unsigned)(unsigned char)s[bad], bad, (int)(s + bad - from), from);
        return;
    }
    putc_(w, '"');
    put_escaped(w, s, n);
    putc_(w, '"');
}

void gf_jsonw_key(gf_jsonw *w, const char *k)
{
    if (w->depth == 0 || !w->is_object[w->depth] || w->after_key) {
        fail(w, GF_EINVAL, "JSON writer: key \"%s\" outside an object", k ? k : "");
        return;
    }
    if (w->has_member[w->depth])
        putc_(w, ',');
    if (w->pretty)
        newline(w, w->depth);
    w->has_member[w->depth] = true;
    put_string(w, k);
    put(w, ": ", w->pretty ? 2 : 1);
    w->after_key = true;
}

void gf_jsonw_string(gf_jsonw *w, const char *s)
{
    before_value(w);
    put_string(w, s);
}

void gf_jsonw_int(gf_jsonw *w, int64_t v)
{
    char b[GF__FMT_CAP];
    size_t n = gf__fmt_int(b, v);

    before_value(w);
    put(w, b, n);
}

void gf_jsonw_cents(gf_jsonw *w, int64_t cents)
{
    char b[GF__FMT_CAP];
    size_t n = gf__fmt_cents(b, cents);

    before_value(w);
    put(w, b, n);
}

void gf_jsonw_real(gf_jsonw *w, double v)
{
    char b[40];
    int n;

    if (!isfinite(v)) {
        gf_jsonw_null(w);
        return;
    }
    before_value(w);
    n = snprintf(b, sizeof b, "%.15g", v);
    if (!strpbrk(b, ".e"))
        n += snprintf(b + n, sizeof b - (size_t)n, ".0");
    put(w, b, (size_t)n);
}

void gf_jsonw_bool(gf_jsonw *w, bool v)
{
    before_value(w);
    put(w, v ? "true" : "false", v ? 4 : 5);
}

void gf_jsonw_null(gf_jsonw *w)
{
    before_value(w);
    put(w, "null", 4);
}

void gf_jsonw_kstring(gf_jsonw *w, const char *k, const char *s)
{
    gf_jsonw_key(w, k);
    gf_jsonw_string(w, s);
}

void gf_jsonw_kint(gf_jsonw *w, const char *k, int64_t v)
{
    gf_jsonw_key(w, k);
    gf_jsonw_int(w, v);
}

void gf_jsonw_kcents(gf_jsonw *w, const char *k, int64_t cents)
{
    gf_jsonw_key(w, k);
    gf_jsonw_cents(w, cents);
}

void gf_jsonw_kreal(gf_jsonw *w, const char *k, double v)
{
    gf_jsonw_key(w, k);
    gf_jsonw_real(w, v);
}
