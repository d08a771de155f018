/* src/export/export_int.h: private declarations shared by the exporters.
 * SPDX-License-Identifier: MIT */
#ifndef GF_EXPORT_INT_H
#define GF_EXPORT_INT_H

#include "grainflow/plan.h"

/* plan.xlsx (export_xlsx.c, libxlsxwriter) and plan.gpkg (export_gpkg.c,
 * GDAL) written straight to path (removed on failure). Called only by
 * gf_export_plan_dir (export_file.c) inside its temporary folder, which is
 * synced and renamed into place with the other files, so a renaming of their
 * own would be a second one. */
int gf__export_plan_xlsx(const gf_plan *p, const char *path, gf_error *err);
int gf__export_plan_gpkg(const gf_plan *p, const char *path, gf_error *err);

#endif
