/* src/export/export_int.h: private declarations shared by the exporters.
 * SPDX-License-Identifier: MIT */
#ifndef GF_EXPORT_INT_H
#define GF_EXPORT_INT_H

#include <stdio.h>

#include "grainflow/jsonw.h"
#include "grainflow/plan.h"

/* A CSV text field: as is, or quoted (quotes doubled, RFC 4180) when it
 * holds a comma, a quote or a line break. */
void gf__export_put_str(FILE *f, const char *s);
/* Money from cents, exactly: "-12.34". */
void gf__export_put_usd(FILE *f, int64_t cents);

/* GeoJSON pieces (export_json.c), for both plan versions' GeoJSON:
 * gf__geo_feature_begin writes {"type": "Feature", "geometry": {"type":
 * type, "coordinates": and leaves the coordinates to the caller (positions
 * by gf__geo_position, [lon, lat]); gf__geo_feature_properties closes the
 * geometry and opens "properties"; gf__geo_feature_end closes both. */
void gf__geo_position(gf_jsonw *w, double lon, double lat);
void gf__geo_feature_begin(gf_jsonw *w, const char *type);
void gf__geo_feature_properties(gf_jsonw *w);
void gf__geo_feature_end(gf_jsonw *w);

/* plan.xlsx (export_xlsx.c, libxlsxwriter) and plan.gpkg (export_gpkg.c,
 * GDAL) written straight to path (removed on failure). Called only by
 * gf_export_plan_dir (export_file.c) inside its temporary folder, which is
 * synced and renamed into place with the other files, so a renaming of their
 * own would be a second one. */
int gf__export_plan_xlsx(const gf_plan *p, const char *path, gf_error *err);
int gf__export_plan_gpkg(const gf_plan *p, const char *path, gf_error *err);

#endif
