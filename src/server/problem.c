/* src/server/problem.c: answers, and errors as problem+json (RFC 9457).
 *
 * Every error answer of the API is application/problem+json with the
 * gf_error fields about the user's input: input, line, column, field. Where
 * our own code raised the error (gf_error's src_file:src_line) is not the
 * client's business and would leak the program's layout: it goes to the
 * server log (one line on stderr per error answer), not into the answer.
 * The type and title follow the gf_status when it maps to the HTTP status
 * answered, else the HTTP status (a 401 raised as GF_EINVAL is titled
 * "unauthorized"). Bodies are malloc'd and taken by the response; a text
 * from the store is taken as it is, with gf_store_free to let it go. The
 * answers the server builds itself (problems, the health check, a created
 * scenario) go through the project's streaming writer (jsonw.h,
 * gf__answer_begin / gf__answer_end), not a jansson tree: jansson is for
 * parsing requests. A
 * message may quote the client's bytes (a form field's name, a value):
 * gf_error_set replaces those that are not UTF-8 by '?', and the path is
 * sanitized here, so that the answer is always valid JSON (a problem that
 * could not be encoded was once an empty 503 for a 400).
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grainflow/alloc.h"
#include "grainflow/jsonw.h"
#include "server/server_int.h"

void gf__reply_text(gf__response *res, int status, const char *type, char *text, size_t len)
{
    res->status = status;
    res->content_type = type;
    res->body = text; /* taken */
    res->body_len = text ? len : 0;
    res->body_free = NULL; /* free(): gf__reply_store_text sets its own */
}

char *gf__json_malloc(const json_t *v, size_t flags, size_t *len)
{
    size_t n = v ? json_dumpb(v, NULL, 0, flags) : 0;
    char *t = n ? malloc(n + 1) : NULL;

    if (t && json_dumpb(v, t, n, flags) != n) {
        free(t);
        t = NULL;
    }
    if (t)
        t[n] = '\0';
    if (len)
        *len = t ? n : 0;
    return t;
}

void gf__answer_begin(gf_jsonw *w, gf_jsonw_text *t)
{
    memset(t, 0, sizeof *t);
    gf_jsonw_init_text(w, t, false);
}

void gf__answer_end(gf__response *res, int status, gf_jsonw *w, gf_jsonw_text *t)
{
    gf_error err = {0};
    char *body = NULL;

    /* the writer's text is a sized block (gf_release); a response body is
     * malloc'd unless body_free says otherwise, and every taker of a body
     * (the HTTP adapter, the fuzz harnesses) relies on that: copy the few
     * hundred bytes of an answer the server builds itself */
    if (!gf_jsonw_finish(w, &err) && t->data)
        body = malloc(t->len + 1);
    if (body)
        memcpy(body, t->data, t->len + 1);
    if (body)
        gf__reply_text(res, status, GF__JSON_TYPE, body, t->len);
    else
        gf__reply_text(res, 503, "text/plain", NULL, 0);
    gf_release(t->data);
    memset(t, 0, sizeof *t);
}

static void free_store_text(void *text)
{
    gf_store_free(text);
}

/* A text owned by the store is the response body as it is: libmicrohttpd
 * sends it and hands it back to gf_store_free, so a stored result (the
 * largest answer) is neither re-parsed nor copied on its way out. */
void gf__reply_store_text(gf__response *res, int status, const char *type, char *text)
{
    gf__reply_text(res, status, type, text, strlen(text));
    res->body_free = free_store_text;
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
    gf_jsonw w;
    gf_jsonw_text t;

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
    gf__answer_begin(&w, &t);
    gf_jsonw_object(&w);
    gf_jsonw_kstring(&w, "type", type);
    gf_jsonw_kstring(&w, "title", title);
    gf_jsonw_kint(&w, "status", http);
    gf_jsonw_kstring(&w, "detail", err->msg);
    gf_jsonw_kstring(&w, "instance", instance);
    gf_jsonw_kstring(&w, "code", status_name(err->code));
    if (err->input[0])
        gf_jsonw_kstring(&w, "input", err->input);
    if (field)
        gf_jsonw_kstring(&w, "field", field);
    if (err->line > 0)
        gf_jsonw_kint(&w, "line", err->line);
    if (err->column > 0)
        gf_jsonw_kint(&w, "column", err->column);
    gf_jsonw_end(&w);
    gf__answer_end(res, http, &w, &t);
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
