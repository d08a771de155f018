/* src/export/export_int.h: figures shared by the exporters.
 * SPDX-License-Identifier: MIT */
#ifndef GF_EXPORT_INT_H
#define GF_EXPORT_INT_H

#include <stdbool.h>

#include "export/jsonw.h"
#include "grainflow/plan.h"

/* The plan's JSON object / its GeoJSON through w (no trailing newline, no
 * flush); return w->rc. For writers that stream into other documents (the
 * report) or sinks (the server). */
int gf__export_plan_jsonw(gf_jsonw *w, const gf_plan *p);
int gf__export_geojson_jsonw(gf_jsonw *w, const gf_plan *p);

#endif
