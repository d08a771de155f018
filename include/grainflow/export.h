/* include/grainflow/export.h: write a plan as JSON, CSV tables and GeoJSON.
 *
 * Money is written in US dollars with cents (numbers, not strings), tonnes as
 * integers, periods 1-based. gf_export_plan_dir writes every file through a
 * temporary name in the same folder and renames it into place, so a failed
 * export never leaves a partial file under a final name.
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_EXPORT_H
#define GRAINFLOW_EXPORT_H

#include <stdio.h>

#include "grainflow/error.h"
#include "grainflow/plan.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One JSON object: status, total_cost_usd, cost{...}, delivered_t, unmet_t,
 * co2_t, flows, stocks, markets, market_summary, bottlenecks, routes, hubs,
 * network. GF_EIO on a write error, GF_ENOMEM. */
GF_API int gf_export_plan_json(const gf_plan *p, FILE *f, gf_error *err);

/* The comparison as one JSON object: node, with, without (market rows and
 * totals each), difference_usd, breakeven_handling_usd_per_t. */
GF_API int gf_export_compare_json(const gf_plan_compare_result *r, FILE *f, gf_error *err);

/* A CSV table: "flows", "markets", "stocks", "bottlenecks" or "routes". */
GF_API int gf_export_plan_csv(const gf_plan *p, const char *table, FILE *f, gf_error *err);

/* RFC 7946 FeatureCollection: every node a Point, every link with flow a
 * LineString with its tonnes, cost and mode. */
GF_API int gf_export_plan_geojson(const gf_plan *p, FILE *f, gf_error *err);

/* The output of a writer above (gf_export_plan_json, _geojson) as one
 * NUL-terminated text: returns owned memory (free() it: it comes from
 * open_memstream) or NULL with *err (the writer's error, or GF_ENOMEM). */
GF_API char *gf_export_plan_text(const gf_plan *p,
                                 int (*writer)(const gf_plan *, FILE *, gf_error *), gf_error *err);

/* Write flows.csv, markets.csv, stocks.csv, bottlenecks.csv, routes.csv,
 * plan.json, plan.geojson, plan.xlsx (one sheet per CSV table) and
 * plan.gpkg (GeoPackage: places and flows) into dir (created if missing). */
GF_API int gf_export_plan_dir(const gf_plan *p, const char *dir, gf_error *err);

#ifdef __cplusplus
}
#endif
#endif
