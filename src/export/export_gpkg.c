/* src/export/export_gpkg.c: the plan's places and flows as a GeoPackage (plan.gpkg).
 *
 * The only file that includes GDAL (Debian libgdal-dev): its C API writes the
 * OGC GeoPackage format that QGIS, ArcGIS and ogrinfo open, and it is the
 * library the tests already use (ogrinfo) to read files back. Two layers in
 * WGS 84 (EPSG:4326): "places", a point per node with its kind and, where
 * they apply, throughput, demand and delivered tonnes (as in plan.geojson);
 * "flows", a line per link with flow, with its tonnes a year, mode, cost and
 * distance, drawn along sea lanes for sea and ferry legs (sea_lanes.c), so
 * the map in QGIS is the page's map. One transaction, written straight to
 * its path (which must end in .gpkg: the driver wants the extension):
 * gf_export_plan_dir calls it inside the output's temporary folder, which is
 * synced and renamed into place with the other files. GDAL's own messages are silenced (the library
 * prints nothing) and its last error text goes into *err. SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "export/export_int.h"
#include "export/sea_lanes.h"
#include "grainflow/export.h"

typedef struct field {
    const char *name;
    OGRFieldType type;
} field;

static const field place_fields[] = {{"id", OFTString},
                                     {"name", OFTString},
                                     {"country", OFTString},
                                     {"kind", OFTString},
                                     {"throughput_t", OFTInteger64},
                                     {"demand_t", OFTInteger64},
                                     {"delivered_t", OFTInteger64}};
static const field flow_fields[] = {{"from", OFTString},         {"to", OFTString},
                                    {"mode", OFTString},         {"t", OFTInteger64},
                                    {"cost_usd_per_t", OFTReal}, {"distance_km", OFTReal}};

static int gdal_fail(gf_error *err, const char *what, const char *path)
{
    return gf_fail(err, GF_EIO, "cannot write %s: %s (%s)", path, what, CPLGetLastErrorMsg());
}

static OGRLayerH make_layer(GDALDatasetH ds, const char *name, OGRwkbGeometryType type,
                            const field *f, size_t n)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OGRLayerH layer = NULL;

    if (srs && OSRImportFromEPSG(srs, 4326) == OGRERR_NONE) {
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER); /* lon, lat */
        layer = GDALDatasetCreateLayer(ds, name, srs, type, NULL);
    }
    OSRDestroySpatialReference(srs);
    for (size_t i = 0; layer && i < n; i++) {
        OGRFieldDefnH d = OGR_Fld_Create(f[i].name, f[i].type);
        if (OGR_L_CreateField(layer, d, 1) != OGRERR_NONE)
            layer = NULL;
        OGR_Fld_Destroy(d);
    }
    return layer;
}

/* Add feature ft with geometry g to layer (takes g). */
static bool add(OGRLayerH layer, OGRFeatureH ft, OGRGeometryH g)
{
    bool ok = ft && g && OGR_F_SetGeometryDirectly(ft, g) == OGRERR_NONE;

    if (!ok)
        OGR_G_DestroyGeometry(g);
    ok = ok && OGR_L_CreateFeature(layer, ft) == OGRERR_NONE;
    OGR_F_Destroy(ft);
    return ok;
}

static bool write_places(const gf_plan *p, OGRLayerH layer)
{
    const gf_model *m = p->model;
    bool ok = true;

    for (int32_t n = 0; ok && n < gf_model_node_count(m); n++) {
        const gf_node *nd = gf_model_node(m, n);
        OGRFeatureH ft = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
        if (ft) {
            OGR_F_SetFieldString(ft, 0, nd->id);
            OGR_F_SetFieldString(ft, 1, nd->name);
            OGR_F_SetFieldString(ft, 2, nd->country);
            OGR_F_SetFieldString(ft, 3, gf_node_kind_name(nd->kind));
            for (int32_t k = 0; k < p->n_hubs; k++)
                if (p->hubs[k].node == n)
                    OGR_F_SetFieldInteger64(ft, 4, p->hubs[k].throughput_t);
            for (int32_t k = 0; k < p->n_market_sums; k++)
                if (p->market_sums[k].node == n) {
                    OGR_F_SetFieldInteger64(ft, 5, p->market_sums[k].demand_t);
                    OGR_F_SetFieldInteger64(ft, 6, p->market_sums[k].delivered_t);
                }
        }
        if (g)
            OGR_G_SetPoint_2D(g, 0, nd->lon, nd->lat);
        ok = add(layer, ft, g);
    }
    return ok;
}

/* One line per link with flow (the flows are grouped by link, as for the
 * GeoJSON). Fails with *err on a sea lane error. */
static int write_flows(const gf_plan *p, OGRLayerH layer, bool *ok, gf_error *err)
{
    static double pts[GF_SEA_LANE_MAX_POINTS][2];
    const gf_model *m = p->model;

    for (int32_t i = 0; *ok && i < p->n_flows;) {
        int32_t l = p->flows[i].link, n;
        const gf_link *lk = gf_model_link(m, l);
        OGRFeatureH ft;
        OGRGeometryH g;
        int64_t t = 0;
        for (; i < p->n_flows && p->flows[i].link == l; i++)
            t += p->flows[i].t;
        n = gf__sea_lane_path(m, l, pts, GF_SEA_LANE_MAX_POINTS, err);
        if (n < 0)
            return n;
        ft = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        g = OGR_G_CreateGeometry(wkbLineString);
        for (int32_t k = 0; g && k < n; k++)
            OGR_G_AddPoint_2D(g, pts[k][0], pts[k][1]);
        if (ft) {
            OGR_F_SetFieldString(ft, 0, gf_model_node(m, lk->from)->id);
            OGR_F_SetFieldString(ft, 1, gf_model_node(m, lk->to)->id);
            OGR_F_SetFieldString(ft, 2, gf_mode_name(lk->mode));
            OGR_F_SetFieldInteger64(ft, 3, t);
            OGR_F_SetFieldDouble(ft, 4, (double)lk->cost_cents_per_t / 100.0);
            OGR_F_SetFieldDouble(ft, 5, lk->distance_km);
        }
        *ok = add(layer, ft, g);
    }
    return GF_OK;
}

static int write_dataset(const gf_plan *p, const char *tmp, gf_error *err)
{
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    GDALDatasetH ds = drv ? GDALCreate(drv, tmp, 0, 0, 0, GDT_Unknown, NULL) : NULL;
    OGRLayerH places, flows;
    bool ok;
    int rc;

    if (!ds)
        return gdal_fail(err, "no GeoPackage driver or cannot create the file", tmp);
    ok = GDALDatasetStartTransaction(ds, 0) == OGRERR_NONE;
    places = ok ? make_layer(ds, "places", wkbPoint, place_fields,
                             sizeof place_fields / sizeof place_fields[0])
                : NULL;
    flows = places ? make_layer(ds, "flows", wkbLineString, flow_fields,
                                sizeof flow_fields / sizeof flow_fields[0])
                   : NULL;
    ok = flows && write_places(p, places);
    rc = ok ? write_flows(p, flows, &ok, err) : GF_OK;
    ok = ok && !rc && GDALDatasetCommitTransaction(ds) == OGRERR_NONE;
    if (!ok && !rc)
        rc = gdal_fail(err, "a layer or feature was refused", tmp);
    GDALClose(ds);
    return rc;
}

int gf__export_plan_gpkg(const gf_plan *p, const char *path, gf_error *err)
{
    int rc;

    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALAllRegister();
    remove(path);
    rc = write_dataset(p, path, err);
    CPLPopErrorHandler();
    if (rc)
        remove(path);
    return rc;
}
