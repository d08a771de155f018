/* include/grainflow/error.h: status codes and the caller-owned error record.
 *
 * Every user-facing failure fills a gf_error with a code from GF_STATUS_MAP, a
 * one-line message, and where known the input and the 1-based line and column.
 * The status table is append-only: codes are never renumbered or removed.
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_ERROR_H
#define GRAINFLOW_ERROR_H

#include <stddef.h>

#include "grainflow/version.h"

#ifdef __cplusplus
extern "C" {
#endif

/* X(name, code, http status, description) */
#define GF_STATUS_MAP(X)                                   \
    X(GF_OK, 0, 200, "success")                            \
    X(GF_ENOMEM, -1, 503, "out of memory")                 \
    X(GF_EINVAL, -2, 400, "invalid argument")              \
    X(GF_EPARSE, -3, 400, "malformed input")               \
    X(GF_ELIMIT, -4, 413, "size limit exceeded")           \
    X(GF_EIO, -5, 500, "input/output error")               \
    X(GF_ENOTFOUND, -6, 404, "not found")                  \
    X(GF_EINTERNAL, -7, 500, "internal error")             \
    X(GF_EOVERFLOW, -8, 422, "numbers too large to solve") \
    X(GF_ESTATE, -9, 409, "invalid state for this call") /* append new codes below */

typedef enum gf_status {
#define GF_X_ENUM(name, code, http, text) name = code,
    GF_STATUS_MAP(GF_X_ENUM)
#undef GF_X_ENUM
} gf_status;

typedef struct gf_error {
    int code;             /* gf_status; GF_OK while nothing failed */
    char msg[256];        /* one line: "capacity_t must be >= 0 (got -5)" */
    char input[128];      /* "links.csv", "POST /v1/plan body"; "" if none */
    long line, column;    /* 1-based position in input; 0 if not applicable */
    const char *src_file; /* our code that raised it: __FILE__, __LINE__ */
    int src_line;
} gf_error;

/* The fixed description of a status code ("out of memory"); never NULL. */
GF_API const char *gf_strerror(int code);

/* The HTTP status that a server answers for a status code (500 if unknown). */
GF_API int gf_status_http(int code);

/* Fill *err (if err is not NULL and holds no error yet) and return code.
 * The first error recorded wins. Use through gf_fail(). */
GF_API int gf_error_set(gf_error *err, int code, const char *src_file, int src_line,
                        const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Record the input name and position of an error already set (no-op on NULL). */
GF_API void gf_error_at(gf_error *err, const char *input, long line, long column);

/* Reset *err to "no error". */
GF_API void gf_error_clear(gf_error *err);

/* Format "input:line:column: error: msg" (parts that are unknown are left out)
 * into buf; returns buf. */
/* UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF; and no NUL byte). gf_utf8_bad_at: offset of the first byte of
 * s[0, len) that does not start a complete, valid sequence, len if none.
 * gf_utf8_sanitize: replace, in place, each such byte of the NUL-terminated
 * text by '?' (valid text is unchanged). gf_error_set and gf_error_at apply
 * it to the message and the input name, so every error prints and encodes
 * as JSON whatever bytes it quotes. */
GF_API size_t gf_utf8_bad_at(const char *s, size_t len);
GF_API void gf_utf8_sanitize(char *text);

GF_API char *gf_error_format(const gf_error *err, char *buf, unsigned long size);

#define gf_fail(err, code, ...) gf_error_set((err), (code), __FILE__, __LINE__, __VA_ARGS__)

#ifdef __cplusplus
}
#endif
#endif
