/* tests/support/failing_vfs.h: make the store's disk writes fail.
 *
 * failing_vfs_install() registers, as SQLite's default VFS, a shim over the
 * real one (unix) that passes every call through, except that once armed
 * with failing_vfs_arm(kind, n) write-side call number n (0-based, counted
 * over every file SQLite opens: the database, its WAL and shared memory
 * index) and every later one fails the way a disk does:
 *   FAILING_VFS_FULL   xWrite and xTruncate answer SQLITE_FULL (disk full)
 *   FAILING_VFS_IOERR  xWrite, xTruncate and xSync answer SQLITE_IOERR_WRITE /
 *                      SQLITE_IOERR_FSYNC (a failing disk)
 * failing_vfs_calls() is how many write-side calls were made since arming:
 * when it is <= n the fault was never reached, and a "fail each call in
 * turn" loop is done. The store under test is opened normally
 * (gf_store_open): it picks up the default VFS. Process-wide; not for
 * concurrent tests.
 * SPDX-License-Identifier: MIT */
#ifndef GF_TESTS_FAILING_VFS_H
#define GF_TESTS_FAILING_VFS_H

typedef enum failing_vfs_kind {
    FAILING_VFS_FULL = 0,
    FAILING_VFS_IOERR
} failing_vfs_kind;

/* 0 on success, an SQLite code otherwise. Idempotent. */
int failing_vfs_install(void);
void failing_vfs_arm(failing_vfs_kind kind, long n);
long failing_vfs_calls(void);
void failing_vfs_disarm(void);

#endif
