/* src/export/export_gpkg.c: a plan's places and flows as a GeoPackage (plan.gpkg).
 *
 * GDAL (Debian libgdal-dev, loaded on first use: core/gdal_dl.h) writes the
 * OGC GeoPackage format that QGIS, ArcGIS and ogrinfo open, and it is the
 * library the tests already use (ogrinfo) to read files back. Two layers in
 * WGS 84 (EPSG:4326), for both plan versions:
 *  - "places", a point per node with its id, name, country and kind;
 *    version 1 adds, where they apply, throughput, demand and delivered
 *    tonnes (as in plan.geojson); version 2 flags a hub facility node
 *    (hub 1) with its chosen option (hub_option, unset when it stays
 *    closed), fixed cost and throughput over the horizon.
 *  - "flows", lines drawn along sea lanes for sea and ferry legs
 *    (sea_lanes.c), so the map in QGIS is the page's map, with from, to,
 *    mode, cost and distance: version 1 a line per link with flow and its
 *    tonnes a year (integer); version 2 a line per link, period and product
 *    with flow, as the rows of its flows.csv, tonnes with three decimals.
 * The point and line features are made by one pair of helpers (fields set
 * by name, so each version keeps its own field order); each version only
 * adds its own fields. One transaction, written straight to its path (which
 * must end in .gpkg: the driver wants the extension): the -o folder build
 * (gf__export_dir, export_file.c) calls it inside the output's temporary
 * folder, which is synced and renamed into place with the other files.
 * GDAL's own messages are silenced (the library prints nothing) and its
 * last error text goes into *err. SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "core/gdal_dl.h"
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
static const field place_fields_v2[] = {{"id", OFTString},      {"name", OFTString},
                                        {"country", OFTString}, {"kind", OFTString},
                                        {"hub", OFTInteger},    {"hub_option", OFTString},
                                        {"fixed_usd", OFTReal}, {"throughput_t", OFTReal}};
static const field flow_fields_v2[] = {{"from", OFTString},         {"to", OFTString},
                                       {"mode", OFTString},         {"period", OFTInteger},
                                       {"product", OFTString},      {"t", OFTReal},
                                       {"cost_usd_per_t", OFTReal}, {"distance_km", OFTReal}};

#define N_FIELDS(a) (sizeof(a) / sizeof(a)[0])

/* Fills the layers of one plan; *ok false when GDAL refused something,
 * returns a gf_status for an error of ours (a sea lane). */
typedef int (*fill_fn)(const void *plan, OGRLayerH places, OGRLayerH flows, bool *ok,
                       gf_error *err);

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

static void set_str(OGRFeatureH ft, const char *name, const char *v)
{
    OGR_F_SetFieldString(ft, OGR_F_GetFieldIndex(ft, name), v);
}

static void set_real(OGRFeatureH ft, const char *name, double v)
{
    OGR_F_SetFieldDouble(ft, OGR_F_GetFieldIndex(ft, name), v);
}

/* A new point feature of layer at node n with its id, name, country and
 * kind (NULL when out of memory); the caller adds its fields, then add(). */
static OGRFeatureH place_feature(OGRLayerH layer, const gf_model *m, int32_t n, OGRGeometryH *g)
{
    const gf_node *nd = gf_model_node(m, n);
    OGRFeatureH ft = OGR_F_Create(OGR_L_GetLayerDefn(layer));

    *g = OGR_G_CreateGeometry(wkbPoint);
    if (*g)
        OGR_G_SetPoint_2D(*g, 0, nd->lon, nd->lat);
    if (ft) {
        set_str(ft, "id", nd->id);
        set_str(ft, "name", nd->name);
        set_str(ft, "country", nd->country);
        set_str(ft, "kind", gf_node_kind_name(nd->kind));
    }
    return ft;
}

/* A new line feature of layer along link l (pts, n points: its sea lane
 * path) with from, to, mode, cost and distance; the caller adds its
 * fields, then add(). */
static OGRFeatureH line_feature(OGRLayerH layer, const gf_model *m, int32_t l,
                                const double (*pts)[2], int32_t n, OGRGeometryH *g)
{
    const gf_link *lk = gf_model_link(m, l);
    OGRFeatureH ft = OGR_F_Create(OGR_L_GetLayerDefn(layer));

    *g = OGR_G_CreateGeometry(wkbLineString);
    for (int32_t k = 0; *g && k < n; k++)
        OGR_G_AddPoint_2D(*g, pts[k][0], pts[k][1]);
    if (ft) {
        set_str(ft, "from", gf_model_node(m, lk->from)->id);
        set_str(ft, "to", gf_model_node(m, lk->to)->id);
        set_str(ft, "mode", gf_mode_name(lk->mode));
        set_real(ft, "cost_usd_per_t", (double)lk->cost_cents_per_t / 100.0);
        set_real(ft, "distance_km", lk->distance_km);
    }
    return ft;
}

static bool write_places(const gf_plan *p, OGRLayerH layer)
{
    const gf_model *m = p->model;
    bool ok = true;

    for (int32_t n = 0; ok && n < gf_model_node_count(m); n++) {
        OGRGeometryH g;
        OGRFeatureH ft = place_feature(layer, m, n, &g);
        if (ft) {
            for (int32_t k = 0; k < p->n_hubs; k++)
                if (p->hubs[k].node == n)
                    OGR_F_SetFieldInteger64(ft, 4, p->hubs[k].throughput_t);
            for (int32_t k = 0; k < p->n_market_sums; k++)
                if (p->market_sums[k].node == n) {
                    OGR_F_SetFieldInteger64(ft, 5, p->market_sums[k].demand_t);
                    OGR_F_SetFieldInteger64(ft, 6, p->market_sums[k].delivered_t);
                }
        }
        ok = add(layer, ft, g);
    }
    return ok;
}

/* One line per link with flow (the flows are grouped by link, as for the
 * GeoJSON). Fails with *err on a sea lane error. */
static int fill_v1(const void *plan, OGRLayerH places, OGRLayerH layer, bool *ok, gf_error *err)
{
    static double pts[GF_SEA_LANE_MAX_POINTS][2];
    const gf_plan *p = plan;
    const gf_model *m = p->model;

    *ok = write_places(p, places);
    for (int32_t i = 0; *ok && i < p->n_flows;) {
        int32_t l = p->flows[i].link, n;
        OGRFeatureH ft;
        OGRGeometryH g;
        int64_t t = 0;
        for (; i < p->n_flows && p->flows[i].link == l; i++)
            t += p->flows[i].t;
        n = gf__sea_lane_path(m, l, pts, GF_SEA_LANE_MAX_POINTS, err);
        if (n < 0)
            return n;
        ft = line_feature(layer, m, l, (const double(*)[2])pts, n, &g);
        if (ft)
            OGR_F_SetFieldInteger64(ft, 3, t);
        *ok = add(layer, ft, g);
    }
    return GF_OK;
}

/* Every node, a hub facility flagged with its option; then a line per
 * link, period and product with flow (flows.csv's rows, in its order). */
static int fill_v2(const void *plan, OGRLayerH places, OGRLayerH layer, bool *ok, gf_error *err)
{
    static double pts[GF_SEA_LANE_MAX_POINTS][2];
    const gf_plan_v2 *p = plan;
    const gf_model *m = p->model;
    int32_t np = p->lp.periods, k = p->lp.products;

    for (int32_t n = 0; *ok && n < gf_model_node_count(m); n++) {
        OGRGeometryH g;
        OGRFeatureH ft = place_feature(places, m, n, &g);
        for (int32_t i = 0; ft && i < p->n_hubs; i++) {
            const gf_plan_v2_hub *h = &p->hubs[i];
            if (h->node != n)
                continue;
            OGR_F_SetFieldInteger(ft, OGR_F_GetFieldIndex(ft, "hub"), 1);
            if (h->option >= 0)
                set_str(ft, "hub_option", gf_model_hub_option(m, h->option)->option);
            set_real(ft, "fixed_usd", (double)h->fixed_cents / 100.0);
            set_real(ft, "throughput_t", (double)h->throughput_mt / 1000.0);
        }
        *ok = add(places, ft, g);
    }
    for (int32_t l = 0; *ok && l < p->lp.n_links; l++) {
        int32_t n = -1;
        for (int32_t t = 0; *ok && t < np; t++)
            for (int32_t q = 0; *ok && q < k; q++) {
                int64_t mt =
                    p->lp.flow_mt[((size_t)l * (size_t)np + (size_t)t) * (size_t)k + (size_t)q];
                OGRFeatureH ft;
                OGRGeometryH g;
                if (mt == 0)
                    continue;
                if (n < 0 && (n = gf__sea_lane_path(m, l, pts, GF_SEA_LANE_MAX_POINTS, err)) < 0)
                    return n;
                ft = line_feature(layer, m, l, (const double(*)[2])pts, n, &g);
                if (ft) {
                    OGR_F_SetFieldInteger(ft, OGR_F_GetFieldIndex(ft, "period"), t + 1);
                    set_str(ft, "product", gf_model_product_id(m, q));
                    set_real(ft, "t", (double)mt / 1000.0);
                }
                *ok = add(layer, ft, g);
            }
    }
    return GF_OK;
}

typedef struct gpkg_spec {
    const field *place, *flow;
    size_t n_place, n_flow;
    fill_fn fill;
} gpkg_spec;

static int write_dataset(const gpkg_spec *sp, const void *plan, const char *tmp, gf_error *err)
{
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    GDALDatasetH ds = drv ? GDALCreate(drv, tmp, 0, 0, 0, GDT_Unknown, NULL) : NULL;
    OGRLayerH places, flows;
    bool ok;
    int rc;

    if (!ds)
        return gdal_fail(err, "no GeoPackage driver or cannot create the file", tmp);
    ok = GDALDatasetStartTransaction(ds, 0) == OGRERR_NONE;
    places = ok ? make_layer(ds, "places", wkbPoint, sp->place, sp->n_place) : NULL;
    flows = places ? make_layer(ds, "flows", wkbLineString, sp->flow, sp->n_flow) : NULL;
    ok = flows != NULL;
    rc = ok ? sp->fill(plan, places, flows, &ok, err) : GF_OK;
    ok = ok && !rc && GDALDatasetCommitTransaction(ds) == OGRERR_NONE;
    if (!ok && !rc)
        rc = gdal_fail(err, "a layer or feature was refused", tmp);
    GDALClose(ds);
    return rc;
}

static int write_gpkg(const gpkg_spec *sp, const void *plan, const char *path, gf_error *err)
{
    int rc = gf__gdal_load(err);

    if (rc)
        return rc;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    remove(path);
    rc = write_dataset(sp, plan, path, err);
    CPLPopErrorHandler();
    if (rc)
        remove(path);
    return rc;
}

int gf__export_plan_gpkg(const gf_plan *p, const char *path, gf_error *err)
{
    static const gpkg_spec sp = {place_fields, flow_fields, N_FIELDS(place_fields),
                                 N_FIELDS(flow_fields), fill_v1};

    return write_gpkg(&sp, p, path, err);
}

int gf__export_plan_v2_gpkg(const gf_plan_v2 *p, const char *path, gf_error *err)
{
    static const gpkg_spec sp = {place_fields_v2, flow_fields_v2, N_FIELDS(place_fields_v2),
                                 N_FIELDS(flow_fields_v2), fill_v2};

    return write_gpkg(&sp, p, path, err);
}
