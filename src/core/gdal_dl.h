/* src/core/gdal_dl.h: GDAL, loaded the first time a file needs it.
 *
 * Why. libgdal brings 113 shared libraries with it (Debian's build links
 * every driver's dependency: PROJ, GEOS, HDF5, NetCDF, Poppler, libheif,
 * the database clients, ...). Linked into the library, the dynamic linker
 * loads and relocates all of them in every process, before main: 52 ms of
 * process time for an empty program linked against -lgdal alone, against
 * 15 ms for the rest of grainflow's libraries (`perf stat -r 20 -e
 * task-clock`, 2 cores AMD EPYC), so `grainflow --version` took 71 ms and
 * the default scenario's `plan` 80 ms, over issue 3's 0.1 s for a whole
 * plan. Only two files use GDAL: plan.gpkg (export_gpkg.c) and reading a
 * workbook (scenario_workbook.c). They now reach it through this table,
 * which gf__gdal_load fills once per process (dlopen of the soname the
 * build found, GF_GDAL_SONAME, and dlsym of each function), and every
 * other run never maps it.
 *
 * How. The two files include this header instead of GDAL's, call
 * gf__gdal_load before their first GDAL call, and are otherwise written
 * against GDAL's own names: the macros at the end turn each name into its
 * slot in the table, with GDAL's own prototype (the slots are declared
 * with __typeof__ of the real declarations, so a wrong argument is still a
 * compile error). A function not in GF__GDAL_FUNCS is an undefined symbol
 * at link time (libgrainflow links with --no-undefined and no -lgdal),
 * never a silent direct call. If GDAL cannot be loaded, the call that
 * wanted it fails with GF_EIO and dlopen's reason; nothing else changes.
 * SPDX-License-Identifier: MIT */
#ifndef GF_CORE_GDAL_DL_H
#define GF_CORE_GDAL_DL_H

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "grainflow/error.h"

/* Every GDAL function grainflow calls. CPLFree is GDAL's macro for VSIFree;
 * CPLQuietErrorHandler is passed as a handler, so it is a slot too. */
#define GF__GDAL_FUNCS(X)            \
    X(CPLErrorReset)                 \
    X(CPLGetLastErrorMsg)            \
    X(CPLGetThreadLocalConfigOption) \
    X(CPLPopErrorHandler)            \
    X(CPLPushErrorHandler)           \
    X(CPLQuietErrorHandler)          \
    X(CPLSetThreadLocalConfigOption) \
    X(CPLStrdup)                     \
    X(GDALAllRegister)               \
    X(GDALClose)                     \
    X(GDALCreate)                    \
    X(GDALDatasetCommitTransaction)  \
    X(GDALDatasetCreateLayer)        \
    X(GDALDatasetGetLayer)           \
    X(GDALDatasetGetLayerCount)      \
    X(GDALDatasetStartTransaction)   \
    X(GDALGetDriverByName)           \
    X(GDALOpenEx)                    \
    X(OGR_F_Create)                  \
    X(OGR_F_Destroy)                 \
    X(OGR_F_GetFID)                  \
    X(OGR_F_GetFieldAsString)        \
    X(OGR_F_GetFieldCount)           \
    X(OGR_F_GetFieldIndex)           \
    X(OGR_F_IsFieldSetAndNotNull)    \
    X(OGR_F_SetFieldDouble)          \
    X(OGR_F_SetFieldInteger)         \
    X(OGR_F_SetFieldInteger64)       \
    X(OGR_F_SetFieldString)          \
    X(OGR_F_SetGeometryDirectly)     \
    X(OGR_Fld_Create)                \
    X(OGR_Fld_Destroy)               \
    X(OGR_G_AddPoint_2D)             \
    X(OGR_G_CreateGeometry)          \
    X(OGR_G_DestroyGeometry)         \
    X(OGR_G_SetPoint_2D)             \
    X(OGR_L_CreateFeature)           \
    X(OGR_L_CreateField)             \
    X(OGR_L_GetLayerDefn)            \
    X(OGR_L_GetName)                 \
    X(OGR_L_GetNextFeature)          \
    X(OGR_L_ResetReading)            \
    X(OSRDestroySpatialReference)    \
    X(OSRImportFromEPSG)             \
    X(OSRNewSpatialReference)        \
    X(OSRSetAxisMappingStrategy)     \
    X(VSIFCloseL)                    \
    X(VSIFileFromMemBuffer)          \
    X(VSIFree)                       \
    X(VSIUnlink)

/* One slot a function, typed by GDAL's own declaration (no macro names a
 * GDAL function yet at this point). */
typedef struct gf__gdal_api {
#define GF__GDAL_SLOT(f) __typeof__(f) *f;
    GF__GDAL_FUNCS(GF__GDAL_SLOT)
#undef GF__GDAL_SLOT
} gf__gdal_api;

/* Filled by gf__gdal_load; all NULL before it has succeeded. */
extern gf__gdal_api gf__gdal;

/* Loads GDAL and registers its drivers, once per process (thread-safe: the
 * server reads workbooks on several threads). GF_OK, or GF_EIO with dlopen's
 * or dlsym's reason and the fix in *err; a failure is remembered, and every
 * later call fails the same way. */
int gf__gdal_load(gf_error *err);

/* GDAL's names, as slots of the table (gdal_dl.c, which fills it, does
 * without them). */
#ifndef GF__GDAL_LOADER
#define CPLErrorReset                 (gf__gdal.CPLErrorReset)
#define CPLGetLastErrorMsg            (gf__gdal.CPLGetLastErrorMsg)
#define CPLGetThreadLocalConfigOption (gf__gdal.CPLGetThreadLocalConfigOption)
#define CPLPopErrorHandler            (gf__gdal.CPLPopErrorHandler)
#define CPLPushErrorHandler           (gf__gdal.CPLPushErrorHandler)
#define CPLQuietErrorHandler          (gf__gdal.CPLQuietErrorHandler)
#define CPLSetThreadLocalConfigOption (gf__gdal.CPLSetThreadLocalConfigOption)
#define CPLStrdup                     (gf__gdal.CPLStrdup)
#define GDALAllRegister               (gf__gdal.GDALAllRegister)
#define GDALClose                     (gf__gdal.GDALClose)
#define GDALCreate                    (gf__gdal.GDALCreate)
#define GDALDatasetCommitTransaction  (gf__gdal.GDALDatasetCommitTransaction)
#define GDALDatasetCreateLayer        (gf__gdal.GDALDatasetCreateLayer)
#define GDALDatasetGetLayer           (gf__gdal.GDALDatasetGetLayer)
#define GDALDatasetGetLayerCount      (gf__gdal.GDALDatasetGetLayerCount)
#define GDALDatasetStartTransaction   (gf__gdal.GDALDatasetStartTransaction)
#define GDALGetDriverByName           (gf__gdal.GDALGetDriverByName)
#define GDALOpenEx                    (gf__gdal.GDALOpenEx)
#define OGR_F_Create                  (gf__gdal.OGR_F_Create)
#define OGR_F_Destroy                 (gf__gdal.OGR_F_Destroy)
#define OGR_F_GetFID                  (gf__gdal.OGR_F_GetFID)
#define OGR_F_GetFieldAsString        (gf__gdal.OGR_F_GetFieldAsString)
#define OGR_F_GetFieldCount           (gf__gdal.OGR_F_GetFieldCount)
#define OGR_F_GetFieldIndex           (gf__gdal.OGR_F_GetFieldIndex)
#define OGR_F_IsFieldSetAndNotNull    (gf__gdal.OGR_F_IsFieldSetAndNotNull)
#define OGR_F_SetFieldDouble          (gf__gdal.OGR_F_SetFieldDouble)
#define OGR_F_SetFieldInteger         (gf__gdal.OGR_F_SetFieldInteger)
#define OGR_F_SetFieldInteger64       (gf__gdal.OGR_F_SetFieldInteger64)
#define OGR_F_SetFieldString          (gf__gdal.OGR_F_SetFieldString)
#define OGR_F_SetGeometryDirectly     (gf__gdal.OGR_F_SetGeometryDirectly)
#define OGR_Fld_Create                (gf__gdal.OGR_Fld_Create)
#define OGR_Fld_Destroy               (gf__gdal.OGR_Fld_Destroy)
#define OGR_G_AddPoint_2D             (gf__gdal.OGR_G_AddPoint_2D)
#define OGR_G_CreateGeometry          (gf__gdal.OGR_G_CreateGeometry)
#define OGR_G_DestroyGeometry         (gf__gdal.OGR_G_DestroyGeometry)
#define OGR_G_SetPoint_2D             (gf__gdal.OGR_G_SetPoint_2D)
#define OGR_L_CreateFeature           (gf__gdal.OGR_L_CreateFeature)
#define OGR_L_CreateField             (gf__gdal.OGR_L_CreateField)
#define OGR_L_GetLayerDefn            (gf__gdal.OGR_L_GetLayerDefn)
#define OGR_L_GetName                 (gf__gdal.OGR_L_GetName)
#define OGR_L_GetNextFeature          (gf__gdal.OGR_L_GetNextFeature)
#define OGR_L_ResetReading            (gf__gdal.OGR_L_ResetReading)
#define OSRDestroySpatialReference    (gf__gdal.OSRDestroySpatialReference)
#define OSRImportFromEPSG             (gf__gdal.OSRImportFromEPSG)
#define OSRNewSpatialReference        (gf__gdal.OSRNewSpatialReference)
#define OSRSetAxisMappingStrategy     (gf__gdal.OSRSetAxisMappingStrategy)
#define VSIFCloseL                    (gf__gdal.VSIFCloseL)
#define VSIFileFromMemBuffer          (gf__gdal.VSIFileFromMemBuffer)
#define VSIFree                       (gf__gdal.VSIFree)
#define VSIUnlink                     (gf__gdal.VSIUnlink)
#endif

#endif
