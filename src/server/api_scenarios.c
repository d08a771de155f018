/* src/server/api_scenarios.c: /api/v1/scenarios, list, get, store, delete.
 *
 * The store is written only once a body has parsed and a scenario has been
 * read and validated by the same reader as the CLI. A JSON body is stored
 * without its "id" and "name"; a multipart/form-data upload of CSV files is
 * read in memory by the CSV reader (gf_scenario_read_texts: no temporary
 * folder) and stored in its JSON form, and so is one workbook sent as the
 * field "workbook.xlsx" or "workbook.ods" (gf_scenario_read_workbook_json). Stored JSON texts are
 * passed through to the client as they are.
 * SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grainflow/alloc.h"
#include "grainflow/scenario.h"
#include "server/multipart.h"
#include "server/server_int.h"

#define MAX_PARTS 11 /* id and the ten scenario files */

/* ---- scenarios ---- */

static void list_scenarios(gf_server *srv, const gf__request *req, gf__response *res)
{
    gf_error err = {0};
    gf_store *st = gf__store_or_fail(srv, req, res);
    char *text = NULL;

    if (!st)
        return;
    if (gf_store_list_scenarios(st, &text, &err))
        gf__problem(res, 0, &err, req->path);
    else
        gf__reply_store_text(res, 200, GF__JSON_TYPE, text);
    gf__store_release(srv, st);
}

static void get_scenario(gf_server *srv, const gf__request *req, gf__response *res, const char *id)
{
    gf_error err = {0};
    gf_store *st = gf__store_or_fail(srv, req, res);
    char *text = NULL;

    if (!st)
        return;
    if (gf_store_get_scenario(st, id, &text, NULL, &err))
        gf__problem(res, 0, &err, req->path);
    else
        gf__reply_store_text(res, 200, GF__JSON_TYPE, text);
    gf__store_release(srv, st);
}

static void delete_scenario(gf_server *srv, const gf__request *req, gf__response *res,
                            const char *id)
{
    gf_error err = {0};
    gf_store *st = gf__store_or_fail(srv, req, res);

    if (!st)
        return;
    if (gf_store_delete_scenario(st, id, &err))
        gf__problem(res, 0, &err, req->path);
    else
        gf__reply_text(res, 204, NULL, NULL, 0);
    gf__store_release(srv, st);
}

/* Validate the JSON scenario text and store it as id; answers 200/201. */
static void store_scenario(gf_server *srv, const gf__request *req, gf__response *res,
                           const char *id, const char *text, size_t len, bool replace)
{
    gf_error err = {0};
    gf_whatif *w = gf_whatif_create(text, len, NULL, 0, &err);
    gf_store *st = NULL;
    int created = 0, rc;
    gf_jsonw jw;
    gf_jsonw_text jt;

    if (!w) {
        gf__problem(res, err.code == GF_ENOMEM ? 503 : 400, &err, req->path);
        return;
    }
    st = gf__store_or_fail(srv, req, res);
    if (!st)
        goto out;
    if (replace)
        rc = gf_store_put_scenario(st, id, gf_model_name(gf_whatif_model(w)), text, len, &created,
                                   &err);
    else
        rc = gf_store_create_scenario(st, id, gf_model_name(gf_whatif_model(w)), text, len, &err);
    if (rc) {
        gf__problem(res, 0, &err, req->path);
        goto out;
    }
    created = created || !replace;
    snprintf(res->location, sizeof res->location, GF__API "scenarios/%s", id);
    gf__answer_begin(&jw, &jt);
    gf_jsonw_object(&jw);
    gf_jsonw_kstring(&jw, "id", id);
    gf_jsonw_kstring(&jw, "name", gf_model_name(gf_whatif_model(w)));
    gf_jsonw_kint(&jw, "nodes", gf_model_node_count(gf_whatif_model(w)));
    gf_jsonw_kint(&jw, "links", gf_model_link_count(gf_whatif_model(w)));
    gf_jsonw_end(&jw);
    gf__answer_end(res, created ? 201 : 200, &jw, &jt);
out:
    gf__store_release(srv, st);
    gf_whatif_destroy(w);
}

/* The tables of a JSON body, as compact text without "id" and "name". */
static char *scenario_body_text(json_t *body)
{
    json_object_del(body, "id");
    json_object_del(body, "name");
    if (!json_object_get(body, "format"))
        json_object_set_new(body, "format", json_integer(1));
    return gf__json_malloc(body, JSON_COMPACT | JSON_REAL_PRECISION(15), NULL);
}

/* The known parts as scenario files (pointing into the body, nothing is
 * written); "id" goes to idbuf. -1 on a bad part. */
static int collect_parts(const gf__part *parts, int n, gf_scenario_file *files, int *n_files,
                         const gf__part **book, char *idbuf, size_t size, char *bad,
                         size_t bad_size)
{
    static const char *const tables[] = {"scenario",     "nodes",       "links",       "supply",
                                         "demand",       "products",    "conversions", "hubs",
                                         "link_periods", "node_periods"};
    static const char *const names[] = {
        "scenario.csv", "nodes.csv",       "links.csv", "supply.csv",       "demand.csv",
        "products.csv", "conversions.csv", "hubs.csv",  "link_periods.csv", "node_periods.csv"};

    *n_files = 0;
    for (int i = 0; i < n; i++) {
        char name[64];
        size_t k = strcspn(parts[i].name, ".");
        int known = -1;
        snprintf(name, sizeof name, "%.*s", (int)k, parts[i].name);
        if (!strcmp(parts[i].name, "workbook.xlsx") || !strcmp(parts[i].name, "workbook.ods") ||
            !strcmp(parts[i].name, "workbook")) {
            *book = &parts[i]; /* one .xlsx or .ods (scenario_workbook.c) */
            continue;
        }
        if (!strcmp(name, "id")) {
            snprintf(idbuf, size, "%.*s", (int)(parts[i].len < size ? parts[i].len : size - 1),
                     parts[i].data);
            continue;
        }
        for (int t = 0; t < (int)(sizeof tables / sizeof tables[0]); t++)
            known = !strcmp(name, tables[t]) ? t : known;
        if (known < 0 || *n_files >= (int)(sizeof names / sizeof names[0])) {
            snprintf(bad, bad_size,
                     "unknown form field \"%.40s\"; send id and the files "
                     "scenario, nodes, links, supply, demand, products, conversions, hubs, "
                     "link_periods, node_periods, or one workbook",
                     parts[i].name);
            return -1;
        }
        files[(*n_files)++] = (gf_scenario_file){names[known], parts[i].data, parts[i].len};
    }
    return 0;
}

/* POST /api/v1/scenarios as multipart/form-data: id + CSV files. */
static void upload_scenario(gf_server *srv, const gf__request *req, gf__response *res,
                            const char *delim, const char *path_id)
{
    gf__part parts[MAX_PARTS];
    const gf__part *book = NULL;
    gf_scenario_file files[10];
    char id[80] = "", bad[200] = "";
    gf_error err = {0};
    gf_model *m = NULL;
    char *json = NULL;
    size_t len = 0;
    int n = 0, n_files = 0;

    if (gf__multipart_parse(req->body, req->body_len, delim, parts, MAX_PARTS, &n)) {
        gf__fail(res, 400, GF_EPARSE, req->path, "malformed multipart/form-data body");
        return;
    }
    if (collect_parts(parts, n, files, &n_files, &book, id, sizeof id, bad, sizeof bad)) {
        gf__fail(res, 400, GF_EINVAL, req->path, bad);
        goto out;
    }
    if (book && n_files) {
        gf__fail(res, 400, GF_EINVAL, req->path, "send CSV files or one workbook, not both");
        goto out;
    }
    if (path_id)
        snprintf(id, sizeof id, "%s", path_id);
    if (!gf_store_id_is_valid(id)) {
        gf__fail(res, 400, GF_EINVAL, req->path,
                 "the form field id must be 1 to 64 letters, digits, '_', '-' or '.'");
        goto out;
    }
    if (book)
        m = gf_scenario_read_workbook_json(
            book->data, book->len, strstr(book->name, ".ods") ? "workbook.ods" : "workbook.xlsx",
            &json, &len, &err);
    else
        m = gf_scenario_read_texts(files, n_files, &err);
    if (m && !book)
        json = gf_scenario_json_from_texts(files, n_files, &len, &err);
    if (!json) {
        gf__problem(res, err.code == GF_ENOMEM ? 503 : 400, &err, req->path);
        goto out;
    }
    store_scenario(srv, req, res, id, json, len, path_id != NULL);
out:
    gf_model_destroy(m);
    if (json)
        gf_free(json, len + 1);
}

/* POST /api/v1/scenarios (path_id NULL) or PUT /api/v1/scenarios/{id}. */
static void put_scenario(gf_server *srv, const gf__request *req, gf__response *res,
                         const char *path_id)
{
    char delim[80];
    const char *id = path_id;
    json_t *body;
    char *text;

    if (!gf__multipart_boundary(req->content_type, delim, sizeof delim)) {
        upload_scenario(srv, req, res, delim, path_id);
        return;
    }
    body = gf__body_object(req, res);
    if (!body)
        return;
    if (!id)
        id = json_string_value(json_object_get(body, "id"));
    if (!gf_store_id_is_valid(id)) {
        json_decref(body);
        gf__fail(res, 400, GF_EINVAL, req->path,
                 "the scenario needs an \"id\" of 1 to 64 letters, digits, '_', '-' or '.'");
        return;
    }
    {
        char idcopy[GF_STORE_MAX_ID + 1];
        snprintf(idcopy, sizeof idcopy, "%s", id);
        text = scenario_body_text(body);
        json_decref(body);
        if (!text) {
            gf__fail(res, 503, GF_ENOMEM, req->path, "out of memory");
            return;
        }
        store_scenario(srv, req, res, idcopy, text, strlen(text), path_id != NULL);
    }
    free(text);
}

void gf__route_scenarios(gf_server *srv, const gf__request *req, gf__response *res,
                         const char *rest)
{
    const char *m = req->method;

    if (!rest[0]) {
        if (!strcmp(m, "GET"))
            list_scenarios(srv, req, res);
        else if (!strcmp(m, "POST"))
            put_scenario(srv, req, res, NULL);
        else
            gf__method_not_allowed(res, req->path, "GET, POST");
        return;
    }
    if (!gf_store_id_is_valid(rest)) {
        gf__fail(res, 404, GF_ENOTFOUND, req->path, "no scenario with this id");
        return;
    }
    if (!strcmp(m, "GET"))
        get_scenario(srv, req, res, rest);
    else if (!strcmp(m, "PUT"))
        put_scenario(srv, req, res, rest);
    else if (!strcmp(m, "DELETE"))
        delete_scenario(srv, req, res, rest);
    else
        gf__method_not_allowed(res, req->path, "GET, PUT, DELETE");
}
