/* include/grainflow/report.h: the self-contained HTML report of a plan.
 *
 * One HTML file holding everything it shows: the plan JSON, its GeoJSON,
 * the Natural Earth outlines (world-atlas countries-110m), d3,
 * topojson-client, the page script and styles, all inline and embedded in
 * the library at build time: it opens offline and prints to PDF. The report
 * draws the same map, charts and tables as the web page, without the what-if
 * controls. gf_export_plan_report_with also opens it with what a reader needs
 * to trust and use it: the program version, the date, the scenario's folder
 * with a SHA-256 of each input file (as sha256sum prints it) and one over that
 * listing, a short narrative of what the plan says, the supply limits per
 * origin, and the scenario's assumptions and estimates (its estimates.csv:
 * file, column, rows, what).
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_REPORT_H
#define GRAINFLOW_REPORT_H

#include <stdio.h>

#include "grainflow/error.h"
#include "grainflow/plan.h"
#include "grainflow/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Write the report of a plan given as its JSON (gf_export_plan_json) and
 * GeoJSON (gf_export_plan_geojson) texts to f. Borrows everything; "</" in
 * the texts is written as "<\/" so that no text can end a script element.
 * GF_EIO on a write error. */
GF_API int gf_export_report_html(FILE *f, const char *title, const char *plan_json,
                                 const char *geojson, gf_error *err);

/* Write the report of p to the file path, through a temporary name in the
 * same folder renamed into place (never a partial file under path).
 * GF_EIO, GF_ENOMEM. For `grainflow plan --report FILE.html`. */
GF_API int gf_export_plan_report(const gf_plan *p, const char *path, gf_error *err);

/* What the report says about where the plan came from. */
typedef struct gf_report_info {
    const char *scenario_dir; /* its CSV files are hashed, its estimates.csv
                               * listed; a workbook file (scenario.h) is
                               * hashed itself; NULL: no provenance section
                               * unless inputs are given */
    const char *date;         /* shown as given; NULL: today's UTC date */
    /* Inputs held in memory (a scenario from the server's store), hashed
     * by name instead of a folder's files; scenario_name names them. */
    const gf_scenario_file *inputs;
    int n_inputs;
    const char *scenario_name;
} gf_report_info;

/* gf_export_plan_report with the provenance, narrative, supply-limits and
 * estimates sections (info may be NULL). A scenario file that cannot be read
 * fails with GF_EIO naming it; a missing optional file is skipped. */
GF_API int gf_export_plan_report_with(const gf_plan *p, const gf_report_info *info,
                                      const char *path, gf_error *err);
/* As gf_export_plan_report_with, written to f (a response being built);
 * GF_EIO when f fails. */
GF_API int gf_export_plan_report_stream(const gf_plan *p, const gf_report_info *info, FILE *f,
                                        gf_error *err);

#ifdef __cplusplus
}
#endif
#endif
