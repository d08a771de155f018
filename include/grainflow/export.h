/* include/grainflow/export.h: write a plan as JSON, CSV tables and GeoJSON.
 *
 * Money is written in US dollars with cents (numbers, not strings), printed
 * exactly from integer cents (5764602027583731.75 for 576460202758373175
 * cents), tonnes as integers, periods 1-based. The JSON writers stream: no
 * document is built in memory. A text that is not valid UTF-8 is refused
 * (GF_EINVAL), never written. gf_export_plan_dir writes every file through a
 * temporary name in the same folder and renames it into place, so a failed
 * export never leaves a partial file under a final name.
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_EXPORT_H
#define GRAINFLOW_EXPORT_H

#include <stdio.h>

#include "grainflow/alloc.h"
#include "grainflow/error.h"
#include "grainflow/jsonw.h"
#include "grainflow/mcf.h"
#include "grainflow/plan.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One JSON object: status, total_cost_usd, cost{...}, delivered_t, unmet_t,
 * co2_t, flows, stocks, markets, market_summary, bottlenecks, routes, hubs,
 * network. GF_EIO on a write error, GF_ENOMEM. */
GF_API int gf_export_plan_json(const gf_plan *p, FILE *f, gf_error *err);

/* The plan's JSON object (as gf_export_plan_json, without its final line
 * break) and its GeoJSON through w, for a caller that streams them into a
 * response or a larger document; the writer is not flushed. Return w->rc
 * (gf_jsonw_finish reports it with *err). */
GF_API int gf_export_plan_jsonw(gf_jsonw *w, const gf_plan *p);
GF_API int gf_export_geojson_jsonw(gf_jsonw *w, const gf_plan *p);

/* The comparison as one JSON object: node, with, without (market rows and
 * totals each), difference_usd, breakeven_handling_usd_per_t (the first
 * node's; null: none at any fee >= 0), mode ("transit" or "remove") and
 * nodes (each node's transshipped_t or arriving_t and break-even fee). */
GF_API int gf_export_compare_json(const gf_plan_compare_result *r, FILE *f, gf_error *err);

/* A CSV table: "flows", "markets", "stocks", "bottlenecks" or "routes". */
GF_API int gf_export_plan_csv(const gf_plan *p, const char *table, FILE *f, gf_error *err);

/* RFC 7946 FeatureCollection: every node a Point, every link with flow a
 * LineString with its tonnes, cost and mode. */
GF_API int gf_export_plan_geojson(const gf_plan *p, FILE *f, gf_error *err);

/* The output of a writer above (gf_export_plan_json, _geojson) as one
 * NUL-terminated text: returns owned memory (gf_release it) or NULL with
 * *err (the writer's error, or GF_ENOMEM). */
GF_API char *gf_export_plan_text(const gf_plan *p,
                                 int (*writer)(const gf_plan *, FILE *, gf_error *), gf_error *err);

/* Writes what an output file holds to f (borrowed); returns a gf_status. */
typedef int (*gf_export_fn)(void *ctx, FILE *f, gf_error *err);

/* Write the file path through fn(ctx, f, err), all or nothing: into a new
 * temporary file beside it, fsync'd, renamed over path, folder fsync'd. A
 * symlink at path is written through (its target is replaced; a dangling
 * link is refused); a path that exists and is not a regular file (a device,
 * a FIFO, a folder) is refused with GF_EINVAL before anything is written.
 * On failure (fn's error, GF_EIO, GF_ENOMEM, GF_ELIMIT for a path over 4095
 * bytes) path is as it was and no temporary file is left; *err names path.
 * Used for every file the library and the CLI write (src/export/export_file.c
 * holds the details). */
GF_API int gf_export_file(const char *path, gf_export_fn fn, void *ctx, gf_error *err);

/* Write flows.csv, markets.csv, stocks.csv, bottlenecks.csv, routes.csv,
 * plan.json, plan.geojson, plan.xlsx (one sheet per CSV table) and plan.gpkg
 * (GeoPackage: places and flows) into dir. A new dir is written whole beside
 * itself and renamed into place (a failure leaves nothing); into an existing
 * dir (its other files are kept) the nine files move only once all are
 * written and synced. A symlink to a folder is written through; anything
 * else that is not a folder is refused (GF_EINVAL). */
GF_API int gf_export_plan_dir(const gf_plan *p, const char *dir, gf_error *err);

/* The solver's flows (gf_dimacs_write_flows) into the file path, as
 * gf_export_file writes it. For `grainflow solve --flows FILE`. */
GF_API int gf_export_mcf_flows(const char *path, const gf_mcf *mcf, int64_t cost, gf_error *err);

#ifdef __cplusplus
}
#endif
#endif
