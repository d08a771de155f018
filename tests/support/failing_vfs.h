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
 *   FAILING_VFS_CRASH  the process ends (_exit) at call n instead of making
 *                      it, the way kill -9 or a crash ends it: what was
 *                      written before stays (in the OS's cache), call n and
 *                      all after never happen. Only in a forked child.
 *   FAILING_VFS_TORN   the same, but call n, if it is a write, first writes
 *                      the first half of its bytes (a write cut short).
 * A crash exits with FAILING_VFS_EXIT + the kind of file the call was on
 * (failing_vfs_file: the database, its WAL, a rollback journal, other) and
 * + FAILING_VFS_EXIT_SYNC when it was a sync, so the parent can tell a crash
 * in a checkpoint (a write to the database file itself in WAL mode) from
 * one in a commit (a write to the WAL).
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
    FAILING_VFS_IOERR,
    FAILING_VFS_CRASH,
    FAILING_VFS_TORN
} failing_vfs_kind;

/* What a crash's exit status says about the call it stopped. */
enum {
    FAILING_VFS_EXIT = 80,     /* + failing_vfs_file */
    FAILING_VFS_EXIT_SYNC = 8, /* added for a sync */
};
typedef enum failing_vfs_file {
    FAILING_VFS_DB = 0,
    FAILING_VFS_WAL,
    FAILING_VFS_JOURNAL,
    FAILING_VFS_OTHER
} failing_vfs_file;

/* 0 on success, an SQLite code otherwise. Idempotent. */
int failing_vfs_install(void);
void failing_vfs_arm(failing_vfs_kind kind, long n);
long failing_vfs_calls(void);
void failing_vfs_disarm(void);
/* skip != 0: every sync returns success without syncing (armed or not; a
 * crash point is still counted). For crash tests only: a process crash
 * keeps what the OS was given, so a sync changes nothing but the time. */
void failing_vfs_skip_syncs(int skip);

#endif
