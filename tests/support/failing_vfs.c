/* tests/support/failing_vfs.c: an SQLite VFS shim that fails writes on cue.
 *
 * Each file the shim opens is a fv_file: the shim's sqlite3_file header,
 * then the real VFS's file (szOsFile bytes) right after it. Every method
 * forwards to the real file; the write-side ones (xWrite, xTruncate,
 * xSync) first count themselves and, once the count reaches the armed n,
 * fail instead. Reads, locks and the shared-memory calls always pass, so
 * what is tested is exactly "the disk refused a write". In the crash kinds
 * the call at the count ends the process instead (_exit: no atexit
 * handler, no SQLite cleanup, no unlock: as kill -9 leaves a file); each
 * fv_file remembers from its open flags which kind of file it is, for the
 * exit status.
 * SPDX-License-Identifier: MIT */
#include "failing_vfs.h"

#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

typedef struct fv_file {
    sqlite3_file base;
    sqlite3_file *real;    /* points just past this struct */
    failing_vfs_file kind; /* from the open flags */
} fv_file;

static sqlite3_vfs shim;
static sqlite3_vfs *real_vfs;
static int installed;
static int armed;
static failing_vfs_kind fault_kind;
static long fail_at, calls;
static int skip_syncs;

/* 1 when this write-side call must fail. */
static int hit(void)
{
    if (!armed)
        return 0;
    return calls++ >= fail_at;
}

void failing_vfs_arm(failing_vfs_kind kind, long n)
{
    fault_kind = kind;
    fail_at = n;
    calls = 0;
    armed = 1;
}

long failing_vfs_calls(void)
{
    return calls;
}

void failing_vfs_disarm(void)
{
    armed = 0;
}

void failing_vfs_skip_syncs(int skip)
{
    skip_syncs = skip;
}

static sqlite3_file *real_of(sqlite3_file *f)
{
    return ((fv_file *)f)->real;
}

static int is_crash(void)
{
    return fault_kind == FAILING_VFS_CRASH || fault_kind == FAILING_VFS_TORN;
}

/* End the process at a crash point: a torn write first writes half. */
static void crash(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off, int sync)
{
    sqlite3_file *r = real_of(f);

    if (buf && fault_kind == FAILING_VFS_TORN && n > 1)
        (void)r->pMethods->xWrite(r, buf, n / 2, off);
    _exit(FAILING_VFS_EXIT + (int)((fv_file *)f)->kind + (sync ? FAILING_VFS_EXIT_SYNC : 0));
}

static int fv_close(sqlite3_file *f)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods ? r->pMethods->xClose(r) : SQLITE_OK;
}

static int fv_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xRead(r, buf, n, off);
}

static int fv_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
    sqlite3_file *r = real_of(f);
    if (hit()) {
        if (is_crash())
            crash(f, buf, n, off, 0);
        return fault_kind == FAILING_VFS_FULL ? SQLITE_FULL : SQLITE_IOERR_WRITE;
    }
    return r->pMethods->xWrite(r, buf, n, off);
}

static int fv_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    sqlite3_file *r = real_of(f);
    if (hit()) {
        if (is_crash())
            crash(f, NULL, 0, 0, 0);
        return fault_kind == FAILING_VFS_FULL ? SQLITE_FULL : SQLITE_IOERR_TRUNCATE;
    }
    return r->pMethods->xTruncate(r, size);
}

static int fv_sync(sqlite3_file *f, int flags)
{
    sqlite3_file *r = real_of(f);
    /* A full disk does not fail a sync; a failing one does; a crash can
     * come at one. */
    if (fault_kind != FAILING_VFS_FULL && hit()) {
        if (is_crash())
            crash(f, NULL, 0, 0, 1);
        return SQLITE_IOERR_FSYNC;
    }
    if (skip_syncs)
        return SQLITE_OK;
    return r->pMethods->xSync(r, flags);
}

static int fv_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xFileSize(r, size);
}

static int fv_lock(sqlite3_file *f, int level)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xLock(r, level);
}

static int fv_unlock(sqlite3_file *f, int level)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xUnlock(r, level);
}

static int fv_check_reserved(sqlite3_file *f, int *out)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xCheckReservedLock(r, out);
}

static int fv_file_control(sqlite3_file *f, int op, void *arg)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xFileControl(r, op, arg);
}

static int fv_sector_size(sqlite3_file *f)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xSectorSize(r);
}

static int fv_device_characteristics(sqlite3_file *f)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xDeviceCharacteristics(r);
}

static int fv_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **p)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xShmMap(r, pg, pgsz, extend, p);
}

static int fv_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xShmLock(r, offset, n, flags);
}

static void fv_shm_barrier(sqlite3_file *f)
{
    sqlite3_file *r = real_of(f);
    r->pMethods->xShmBarrier(r);
}

static int fv_shm_unmap(sqlite3_file *f, int del)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xShmUnmap(r, del);
}

/* Version 2 methods: no memory mapping (xFetch/xUnfetch), so every page
 * read and written goes through xRead/xWrite above. */
static const sqlite3_io_methods fv_methods = {
    2,
    fv_close,
    fv_read,
    fv_write,
    fv_truncate,
    fv_sync,
    fv_file_size,
    fv_lock,
    fv_unlock,
    fv_check_reserved,
    fv_file_control,
    fv_sector_size,
    fv_device_characteristics,
    fv_shm_map,
    fv_shm_lock,
    fv_shm_barrier,
    fv_shm_unmap,
    NULL,
    NULL,
};

static int fv_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
    fv_file *ff = (fv_file *)f;
    int rc;

    (void)vfs;
    ff->real = (sqlite3_file *)(ff + 1);
    ff->kind = (flags & SQLITE_OPEN_MAIN_DB)        ? FAILING_VFS_DB
               : (flags & SQLITE_OPEN_WAL)          ? FAILING_VFS_WAL
               : (flags & SQLITE_OPEN_MAIN_JOURNAL) ? FAILING_VFS_JOURNAL
                                                    : FAILING_VFS_OTHER;
    memset(ff->real, 0, (size_t)real_vfs->szOsFile);
    rc = real_vfs->xOpen(real_vfs, name, ff->real, flags, out_flags);
    /* The header's methods are set even on failure when the real file has
     * some, so that SQLite's xClose reaches it. */
    ff->base.pMethods = ff->real->pMethods ? &fv_methods : NULL;
    return rc;
}

static int fv_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
    (void)vfs;
    return real_vfs->xDelete(real_vfs, name, sync_dir);
}

static int fv_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    (void)vfs;
    return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int fv_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    (void)vfs;
    return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static void *fv_dl_open(sqlite3_vfs *vfs, const char *name)
{
    (void)vfs;
    return real_vfs->xDlOpen(real_vfs, name);
}

static void fv_dl_error(sqlite3_vfs *vfs, int n, char *msg)
{
    (void)vfs;
    real_vfs->xDlError(real_vfs, n, msg);
}

static void (*fv_dl_sym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
    (void)vfs;
    return real_vfs->xDlSym(real_vfs, h, sym);
}

static void fv_dl_close(sqlite3_vfs *vfs, void *h)
{
    (void)vfs;
    real_vfs->xDlClose(real_vfs, h);
}

static int fv_randomness(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return real_vfs->xRandomness(real_vfs, n, out);
}

static int fv_sleep(sqlite3_vfs *vfs, int us)
{
    (void)vfs;
    return real_vfs->xSleep(real_vfs, us);
}

static int fv_current_time(sqlite3_vfs *vfs, double *t)
{
    (void)vfs;
    return real_vfs->xCurrentTime(real_vfs, t);
}

static int fv_get_last_error(sqlite3_vfs *vfs, int n, char *buf)
{
    (void)vfs;
    return real_vfs->xGetLastError ? real_vfs->xGetLastError(real_vfs, n, buf) : 0;
}

static int fv_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *t)
{
    (void)vfs;
    return real_vfs->xCurrentTimeInt64(real_vfs, t);
}

int failing_vfs_install(void)
{
    if (installed)
        return SQLITE_OK;
    real_vfs = sqlite3_vfs_find(NULL);
    if (!real_vfs)
        return SQLITE_ERROR;
    shim.iVersion = 2;
    shim.szOsFile = (int)sizeof(fv_file) + real_vfs->szOsFile;
    shim.mxPathname = real_vfs->mxPathname;
    shim.zName = "grainflow-failing";
    shim.xOpen = fv_open;
    shim.xDelete = fv_delete;
    shim.xAccess = fv_access;
    shim.xFullPathname = fv_full_pathname;
    shim.xDlOpen = fv_dl_open;
    shim.xDlError = fv_dl_error;
    shim.xDlSym = fv_dl_sym;
    shim.xDlClose = fv_dl_close;
    shim.xRandomness = fv_randomness;
    shim.xSleep = fv_sleep;
    shim.xCurrentTime = fv_current_time;
    shim.xGetLastError = fv_get_last_error;
    shim.xCurrentTimeInt64 = fv_current_time_int64;
    if (sqlite3_vfs_register(&shim, 1) != SQLITE_OK)
        return SQLITE_ERROR;
    installed = 1;
    return SQLITE_OK;
}
