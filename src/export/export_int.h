/* src/export/export_int.h: private declarations shared by the exporters.
 * SPDX-License-Identifier: MIT */
#ifndef GF_EXPORT_INT_H
#define GF_EXPORT_INT_H

#include <stdio.h>

#include "core/core_int.h"
#include "grainflow/export.h"
#include "grainflow/jsonw.h"
#include "grainflow/plan.h"
#include "grainflow/plan_v2.h"

/* A CSV text field: as is, or quoted (quotes doubled, RFC 4180) when it
 * holds a comma, a quote or a line break. */
void gf__export_put_str(FILE *f, const char *s);
/* Money from cents, exactly: "-12.34". */
void gf__export_put_usd(FILE *f, int64_t cents);
/* An integer in decimal. */
void gf__export_put_int(FILE *f, int64_t v);
/* A link's ends and mode as three CSV fields: "from,to,mode" (node ids). */
void gf__export_put_link(FILE *f, const gf_model *m, const gf_link *l);

/* gf__fmt_int, gf__fmt_cents: src/core/fmt.c (core_int.h). */

/* JSON pieces (export_json.c) that both plan versions' JSON write alike:
 * gf__json_link_ends writes a link's "from", "to" (node ids) and "mode";
 * gf__json_real_or_null writes "k": v, or "k": null when !has (a market
 * that received nothing has no landed cost); gf__json_finish ends a
 * document written into f with a line break, flushes f and checks it
 * (GF_EIO when a write failed), returning the writer's first error. */
void gf__json_link_ends(gf_jsonw *w, const gf_model *m, const gf_link *l);
void gf__json_real_or_null(gf_jsonw *w, const char *k, bool has, double v);
int gf__json_finish(gf_jsonw *w, FILE *f, gf_error *err);

/* GeoJSON pieces (export_json.c), for both plan versions' GeoJSON:
 * gf__geo_feature_begin writes {"type": "Feature", "geometry": {"type":
 * type, "coordinates": and leaves the coordinates to the caller (positions
 * by gf__geo_position, [lon, lat]); gf__geo_feature_properties closes the
 * geometry and opens "properties"; gf__geo_feature_end closes both. */
void gf__geo_position(gf_jsonw *w, double lon, double lat);
void gf__geo_feature_begin(gf_jsonw *w, const char *type);
void gf__geo_feature_properties(gf_jsonw *w);
void gf__geo_feature_end(gf_jsonw *w);

/* One file of an output folder: written through fn into a FILE * (with the
 * fault-injectable I/O of export_file.c), or, when fn is NULL, by path_fn to
 * its path (a library that opens its own file: libxlsxwriter, GDAL). */
typedef struct gf__dir_file {
    const char *name; /* "flows.csv" */
    gf_export_fn fn;
    int (*path_fn)(void *ctx, const char *path, gf_error *err);
    void *ctx;
} gf__dir_file;

/* The one -o folder build of both plan versions (export_file.c): the n files
 * are written and synced into a temporary folder beside dir, which is renamed
 * into place when dir did not exist (a failure leaves nothing), or whose
 * files are renamed into dir one by one when it exists (its other files are
 * kept). *err names dir. */
int gf__export_dir(const char *dir, const gf__dir_file *files, size_t n, gf_error *err);

/* plan.xlsx (export_xlsx.c, libxlsxwriter) of either plan version: a sheet
 * per table, read from the files TABLE.csv beside path, which the folder
 * build has written before it; and plan.gpkg (export_gpkg.c, GDAL) of a
 * version-1 or a version-2 plan. Written straight to path (removed on
 * failure). Called only by the folder build above, inside its temporary
 * folder, which is synced and renamed into place with the other files, so
 * a renaming of their own would be a second one. */
int gf__export_xlsx_tables(const char *path, const char *const *tables, size_t n, gf_error *err);
int gf__export_plan_gpkg(const gf_plan *p, const char *path, gf_error *err);
int gf__export_plan_v2_gpkg(const gf_plan_v2 *p, const char *path, gf_error *err);

#endif
