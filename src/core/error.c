/* src/core/error.c: the status table's strings and filling a gf_error.
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "grainflow/error.h"

const char *gf_strerror(int code)
{
    switch (code) {
#define GF_X_TEXT(name, num, http, text) \
    case num:                            \
        return text;
        GF_STATUS_MAP(GF_X_TEXT)
#undef GF_X_TEXT
    default:
        return "unknown error";
    }
}

int gf_status_http(int code)
{
    switch (code) {
#define GF_X_HTTP(name, num, http, text) \
    case num:                            \
        return http;
        GF_STATUS_MAP(GF_X_HTTP)
#undef GF_X_HTTP
    default:
        return 500;
    }
}

int gf_error_set(gf_error *err, int code, const char *src_file, int src_line, const char *fmt, ...)
{
    va_list ap;

    if (!err || err->code != GF_OK)
        return code;
    err->code = code;
    err->src_file = src_file;
    err->src_line = src_line;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    gf_utf8_sanitize(err->msg); /* a quoted value may hold any bytes */
    va_end(ap);
    return code;
}

void gf_error_at(gf_error *err, const char *input, long line, long column)
{
    if (!err)
        return;
    if (input && !err->input[0])
        snprintf(err->input, sizeof err->input, "%s", input);
    gf_utf8_sanitize(err->input);
    if (line > 0 && err->line == 0) {
        err->line = line;
        err->column = column;
    }
}

void gf_error_clear(gf_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

char *gf_error_format(const gf_error *err, char *buf, unsigned long size)
{
    const char *msg = err->msg[0] ? err->msg : gf_strerror(err->code);

    if (err->input[0] && err->line > 0 && err->column > 0)
        snprintf(buf, size, "%s:%ld:%ld: error: %s", err->input, err->line, err->column, msg);
    else if (err->input[0] && err->line > 0)
        snprintf(buf, size, "%s:%ld: error: %s", err->input, err->line, msg);
    else if (err->input[0])
        snprintf(buf, size, "%s: error: %s", err->input, msg);
    else
        snprintf(buf, size, "error: %s", msg);
    return buf;
}
