/* src/server/problem.c: answers, and errors as problem+json (RFC 9457).
 *
 * Every error answer of the API is application/problem+json with the
 * gf_error fields about the user's input: input, line, column, field. Where
 * our own code raised the error (gf_error's src_file:src_line) is not the
 * client's business and would leak the program's layout: it goes to the
 * server log (one line on stderr per error answer), not into the answer.
 * The type and title follow the gf_status when it maps to the HTTP status
 * answered, else the HTTP status (a 401 raised as GF_EINVAL is titled
 * "unauthorized"). Bodies are malloc'd and taken by the response. A
 * message may quote the client's bytes (a form field's name, a value):
 * gf_error_set replaces those that are not UTF-8 by '?', and the path is
 * sanitized here, so that the answer is always valid JSON (a problem that
 * could not be encoded was once an empty 503 for a 400).
 * SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server_int.h"

void gf__reply_text(gf__response *res, int status, const char *type, char *text, size_t len)
{
    res->status = status;
    res->content_type = type;
    res->body = text; /* taken */
    res->body_len = text ? len : 0;
}

void gf__reply_json(gf__response *res, int status, json_t *v)
{
    char *t = v ? json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;

    json_decref(v);
    if (!t) {
        gf__reply_text(res, 503, "text/plain", NULL, 0);
        return;
    }
    gf__reply_text(res, status, GF__JSON_TYPE, t, strlen(t));
}

/* Copy a text owned by the store into a malloc'd response body. */
void gf__reply_store_text(gf__response *res, int status, const char *type, char *text)
{
    size_t n = strlen(text);
    char *t = malloc(n + 1);

    if (t)
        memcpy(t, text, n + 1);
    gf_store_free(text);
    if (!t) {
        gf__reply_text(res, 503, "text/plain", NULL, 0);
        return;
    }
    gf__reply_text(res, status, type, t, n);
}

static const char *status_name(int code)
{
    switch (code) {
#define GF_X_NAME(name, num, http, text) \
    case num:                            \
        return #name;
        GF_STATUS_MAP(GF_X_NAME)
#undef GF_X_NAME
    default:
        return "GF_EUNKNOWN";
    }
}

static const char *reason(int http)
{
    switch (http) {
    case 400:
        return "bad request";
    case 401:
        return "unauthorized";
    case 404:
        return "not found";
    case 405:
        return "method not allowed";
    case 409:
        return "conflict";
    case 413:
        return "content too large";
    case 415:
        return "unsupported media type";
    case 429:
        return "too many requests";
    case 503:
        return "service unavailable";
    default:
        return "error";
    }
}

/* The field a JSON pointer names: "/edits/0/pct" -> "pct"; NULL if none. */
static const char *input_field(const char *input)
{
    const char *slash = strrchr(input, '/');

    return strncmp(input, "/edits/", 7) == 0 && strchr(input + 7, '/') ? slash + 1 : NULL;
}

/* One line in the server log (stderr) for an error answer: where our code
 * raised it stays there and is never sent to the client. */
static void log_problem(int http, const gf_error *err, const char *path)
{
    fprintf(stderr, "grainflow: %d %s: %s: %s%s%s [%s:%d]\n", http, path ? path : "",
            status_name(err->code), err->input, err->input[0] ? ": " : "", err->msg,
            err->src_file ? err->src_file : "?", err->src_line);
}

/* A problem+json answer for err, with HTTP status http (0 = from the code).
 * The type and title follow the gf_status when it maps to that HTTP status,
 * else the HTTP status (a 401 raised as GF_EINVAL is "unauthorized"). */
void gf__problem(gf__response *res, int http, const gf_error *err, const char *path)
{
    char type[64], instance[256];
    const char *title = gf_strerror(err->code), *field;
    json_t *o;

    if (!http)
        http = gf_status_http(err->code);
    if (http == gf_status_http(err->code)) {
        snprintf(type, sizeof type, "urn:grainflow:problem:%s", status_name(err->code));
    } else {
        snprintf(type, sizeof type, "urn:grainflow:problem:http-%d", http);
        title = reason(http);
    }
    log_problem(http, err, path);
    snprintf(instance, sizeof instance, "%s", path ? path : "");
    gf_utf8_sanitize(instance); /* the message and input are already (gf_error_set) */
    field = input_field(err->input);
    o = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s}", "type", type, "title", title, "status", http,
                  "detail", err->msg, "instance", instance, "code", status_name(err->code));
    if (o && err->input[0])
        json_object_set_new(o, "input", json_string(err->input));
    if (o && field)
        json_object_set_new(o, "field", json_string(field));
    if (o && err->line > 0)
        json_object_set_new(o, "line", json_integer(err->line));
    if (o && err->column > 0)
        json_object_set_new(o, "column", json_integer(err->column));
    gf__reply_json(res, http, o);
    if (res->status == http)
        res->content_type = GF__PROBLEM_TYPE;
}

/* A problem from a fresh message. */
void gf__fail(gf__response *res, int http, int code, const char *path, const char *msg)
{
    gf_error err = {0};

    gf_fail(&err, code, "%s", msg);
    gf__problem(res, http, &err, path);
}
