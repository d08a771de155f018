/* src/export/sea_lanes.h: the geometry of a leg, routed along sea lanes.
 *
 * Sea and ferry legs follow the waypoint graph of sea passages in
 * data/sea_lanes.csv (embedded in the library at build time); every other
 * mode is the straight line between its two places. Used by the GeoJSON and
 * GeoPackage writers, so the page, the report and the GIS files draw the
 * same lines. See sea_lanes.c for the routing rule.
 * SPDX-License-Identifier: MIT */
#ifndef GF_EXPORT_SEA_LANES_H
#define GF_EXPORT_SEA_LANES_H

#include <stdint.h>

#include "grainflow/error.h"
#include "grainflow/model.h"

#define GF_SEA_LANES_MAX_WAYPOINTS 256
/* Room for any path: both ends and every waypoint at most once. */
#define GF_SEA_LANE_MAX_POINTS (GF_SEA_LANES_MAX_WAYPOINTS + 2)

/* The embedded table (tools/embed.sh of data/sea_lanes.csv). */
extern const unsigned char gf__sea_lanes_csv[];
extern const size_t gf__sea_lanes_csv_len; /* without the final NUL */

/* The line of link l of m as (lon, lat) pairs into pts (room for cap
 * points; GF_SEA_LANE_MAX_POINTS always suffices). Borrows m. Returns the
 * number of points (2 for a straight line, more along sea lanes), or a
 * negative status with *err: GF_ELIMIT when cap is too small, GF_EPARSE when
 * the embedded table is malformed (names its line). */
int32_t gf__sea_lane_path(const gf_model *m, int32_t l, double (*pts)[2], int32_t cap,
                          gf_error *err);

/* The same for any two places and a mode, from a given table text (tests
 * feed their own tables). */
int32_t gf__sea_lane_route(const char *table, gf_mode mode, double lon0, double lat0, double lon1,
                           double lat1, double (*pts)[2], int32_t cap, gf_error *err);

#endif
