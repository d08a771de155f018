/* src/export/export_int.h: figures shared by the exporters.
 * SPDX-License-Identifier: MIT */
#ifndef GF_EXPORT_INT_H
#define GF_EXPORT_INT_H

#include <stdbool.h>

#include "grainflow/plan.h"

/* Write through fn into path via a temporary file and rename. */
int gf__write_atomic(const char *path, int (*fn)(const gf_plan *, FILE *, gf_error *),
                     const gf_plan *p, gf_error *err);

/* plan.xlsx (export_xlsx.c, libxlsxwriter) and plan.gpkg (export_gpkg.c,
 * GDAL) at path, through a temporary name renamed into place. */
int gf__export_plan_xlsx(const gf_plan *p, const char *path, gf_error *err);
int gf__export_plan_gpkg(const gf_plan *p, const char *path, gf_error *err);

#endif
