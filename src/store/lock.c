/* src/store/lock.c: one owner per store file.
 *
 * Two servers on one store used to lose results: the second one's start-up
 * recovery marked the first one's running plans failed. The owner of a store
 * holds an exclusive flock(2) on a file beside it, PATH.lock, for as long as
 * it serves; a second owner is refused at once with the first one's pid.
 * flock, not fcntl: its lock belongs to the open file, so a second claim in
 * the same process is refused too, and it never meets SQLite's own fcntl
 * locks on the database file. The kernel drops the lock when the owner dies
 * in any way (kill -9 included), so a crash never leaves a store locked.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "grainflow/alloc.h"
#include "grainflow/store.h"

struct gf_store_owner {
    int fd;
};

/* The pid written in a lock file, 0 if none can be read. */
static long owner_pid(int fd)
{
    char buf[32] = {0};
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    long pid = 0;

    if (n > 0 && sscanf(buf, "%ld", &pid) != 1)
        pid = 0;
    return pid;
}

gf_store_owner *gf_store_own(const char *path, gf_error *err)
{
    char lock[4096], pid[32];
    gf_store_owner *o = NULL;
    int fd = -1, n;

    if (!path || !path[0]) {
        gf_fail(err, GF_EINVAL, "store: no database path given");
        return NULL;
    }
    if ((size_t)snprintf(lock, sizeof lock, "%s.lock", path) >= sizeof lock) {
        gf_fail(err, GF_ELIMIT, "store: the path %.64s... is too long", path);
        return NULL;
    }
    if (strcmp(path, ":memory:") != 0) /* an in-memory store is never shared */
        fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0 && strcmp(path, ":memory:") != 0) {
        gf_fail(err, GF_EIO, "store: cannot open the lock file %s: %s", lock, strerror(errno));
        goto fail;
    }
    if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            gf_fail(err, GF_ESTATE,
                    "the store %s is in use by another grainflow server (pid %ld); stop it, "
                    "or give this one another --db",
                    path, owner_pid(fd));
        else
            gf_fail(err, GF_EIO, "store: cannot lock %s: %s", lock, strerror(errno));
        goto fail;
    }
    n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (fd >= 0 && (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n)) {
        gf_fail(err, GF_EIO, "store: cannot write the lock file %s: %s", lock, strerror(errno));
        goto fail;
    }
    o = gf_malloc(sizeof *o);
    if (!o) {
        gf_fail(err, GF_ENOMEM, "store: out of memory");
        goto fail;
    }
    o->fd = fd;
    return o;
fail:
    if (fd >= 0)
        close(fd);
    return NULL;
}

void gf_store_disown(gf_store_owner *o)
{
    if (!o)
        return;
    if (o->fd >= 0)
        close(o->fd); /* drops the lock; the file stays (removing it would race a new owner) */
    gf_free(o, sizeof *o);
}
