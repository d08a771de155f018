/* include/grainflow/jsonw.h: a streaming JSON writer.
 *
 * Implemented in src/export/jsonw.c. Public so that the server (its own
 * library, libgrainflow-server) and embedders can stream a document, for
 * example a plan (gf_export_plan_jsonw) into an HTTP response, through the
 * same writer as the exporters. Texts from gf_jsonw_init_text are freed with
 * gf_release.
 *
 * Values are written as they are given, through a small staging buffer, to
 * a sink: a FILE *, a growing text in memory, or any callback (the server's
 * response body). No document tree is built, so memory does not grow with
 * the output. Money is written exactly from integer cents ("-1234.56", never
 * through a double); tonnes and counts as integers; other measures
 * (co2, days, degrees) with 15 significant digits, as a real ("12.0").
 *
 * Errors are sticky: the first failure (the sink's GF_EIO, GF_ENOMEM,
 * GF_ELIMIT for a text over its ceiling, GF_EINVAL for a string that is not
 * valid UTF-8, nesting deeper than GF_JSONW_MAX_DEPTH or a key outside an
 * object) is kept in w->rc and every later call does nothing;
 * gf_jsonw_finish returns it with *err filled. So writers call the value
 * functions without checking each one, and check once at the end.
 *
 * Strings: '"', '\\' and every control character below 0x20 are escaped
 * (\b \f \n \r \t, the others \u00XX); everything else is copied as is.
 * Invalid UTF-8 (a stray continuation byte, a truncated sequence, an
 * overlong form, a surrogate, a code point above U+10FFFF) is refused, not
 * repaired: the readers refuse such bytes at the input, and a writer that
 * silently replaced them would print an id that matches nothing.
 * Layout: pretty (two-space indent, "key": value, one member per line, as
 * jansson's JSON_INDENT(2)) or compact (one line, no spaces).
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_JSONW_H
#define GRAINFLOW_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "grainflow/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GF_JSONW_MAX_DEPTH 64

/* A sink takes n bytes; returns 0, or a gf_status (GF_EIO) to stop. */
typedef int (*gf_jsonw_sink)(void *ud, const char *data, size_t n);

/* A growing text in memory (the sink of gf_jsonw_init_text). data is a
 * sized block (gf_release), NUL-terminated after every flush. */
typedef struct gf_jsonw_text {
    char *data;
    size_t len, cap;
    size_t limit; /* most bytes it may hold; 0: no ceiling */
} gf_jsonw_text;

typedef struct gf_jsonw {
    gf_jsonw_sink sink;
    void *ud;
    int rc; /* first failure, GF_OK while none */
    char msg[160];
    bool pretty;
    int depth;
    bool has_member[GF_JSONW_MAX_DEPTH + 1]; /* a value already written at this depth */
    bool is_object[GF_JSONW_MAX_DEPTH + 1];
    bool after_key;
    size_t len;
    char buf[8192];
} gf_jsonw;

GF_API void gf_jsonw_init(gf_jsonw *w, gf_jsonw_sink sink, void *ud, bool pretty);
/* Write to f (borrowed); a failed fwrite is GF_EIO. */
GF_API void gf_jsonw_init_file(gf_jsonw *w, FILE *f, bool pretty);
/* Write into *t (borrowed, zeroed or holding a text to append to). */
GF_API void gf_jsonw_init_text(gf_jsonw *w, gf_jsonw_text *t, bool pretty);
/* Flush what is staged; returns w->rc, with *err filled on failure.
 * Does not close anything; a writer may go on writing afterwards. */
GF_API int gf_jsonw_finish(gf_jsonw *w, gf_error *err);
/* Write raw bytes (already JSON, or a line break between documents). */
GF_API void gf_jsonw_raw(gf_jsonw *w, const char *s, size_t n);

GF_API void gf_jsonw_object(gf_jsonw *w);
GF_API void gf_jsonw_array(gf_jsonw *w);
GF_API void gf_jsonw_end(gf_jsonw *w); /* closes the innermost object or array */
GF_API void gf_jsonw_key(gf_jsonw *w, const char *k);

GF_API void gf_jsonw_string(gf_jsonw *w, const char *s);
GF_API void gf_jsonw_int(gf_jsonw *w, int64_t v);
GF_API void gf_jsonw_cents(gf_jsonw *w, int64_t cents); /* dollars, two decimals */
GF_API void gf_jsonw_real(gf_jsonw *w, double v);       /* null if not finite */
GF_API void gf_jsonw_bool(gf_jsonw *w, bool v);
GF_API void gf_jsonw_null(gf_jsonw *w);

/* Shorthands: key then value. */
GF_API void gf_jsonw_kstring(gf_jsonw *w, const char *k, const char *s);
GF_API void gf_jsonw_kint(gf_jsonw *w, const char *k, int64_t v);
GF_API void gf_jsonw_kcents(gf_jsonw *w, const char *k, int64_t cents);
GF_API void gf_jsonw_kreal(gf_jsonw *w, const char *k, double v);

/* The check gf_jsonw_string applies: the offset of the first byte that is
 * not part of valid UTF-8 in s[0..n), or n when all is valid. */
GF_API size_t gf_jsonw_check_utf8(const char *s, size_t n);

#ifdef __cplusplus
}
#endif
#endif
