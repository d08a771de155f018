/* src/core/gdal_dl.c: fills GDAL's table on first use (why: gdal_dl.h).
 *
 * GF_GDAL_SONAME is the soname of the libgdal the build compiled against
 * (the Makefile reads it off the libgdal.so the compiler links, `cc
 * -print-file-name=libgdal.so`), so the
 * run loads the same ABI the headers described, never an unversioned
 * libgdal.so that a -dev package happens to provide. The handle is kept
 * for the life of the process (GDAL's drivers and error handlers live in
 * it), as a linked library would be.
 * SPDX-License-Identifier: MIT */
#define GF__GDAL_LOADER
#include "core/gdal_dl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#ifndef GF_GDAL_SONAME
#define GF_GDAL_SONAME "libgdal.so"
#endif

gf__gdal_api gf__gdal;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_failure[512]; /* empty once loaded */

static void load(void)
{
    gf__gdal_api api;
    void *h = dlopen(GF_GDAL_SONAME, RTLD_LAZY | RTLD_LOCAL);

    if (!h) {
        const char *why = dlerror();
        snprintf(load_failure, sizeof load_failure, "%s", why ? why : GF_GDAL_SONAME);
        return;
    }
#define GF__GDAL_SYM(f)                                                 \
    if (!load_failure[0] && !(api.f = (__typeof__(api.f))dlsym(h, #f))) \
        snprintf(load_failure, sizeof load_failure, "%s has no function %s", GF_GDAL_SONAME, #f);
    GF__GDAL_FUNCS(GF__GDAL_SYM)
#undef GF__GDAL_SYM
    if (load_failure[0]) {
        dlclose(h);
        return;
    }
    api.GDALAllRegister();
    gf__gdal = api;
}

int gf__gdal_load(gf_error *err)
{
    pthread_once(&load_once, load);
    if (load_failure[0])
        return gf_fail(err, GF_EIO,
                       "GDAL (for workbooks and plan.gpkg) cannot be loaded: %s; install "
                       "Debian's libgdal (tools/install-deps installs it)",
                       load_failure);
    return GF_OK;
}
