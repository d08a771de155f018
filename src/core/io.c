/* src/core/io.c: the replaceable system calls of output files, and opening inputs.
 *
 * Writers of files (src/export/export_file.c) call write, fsync and rename
 * through here, so the I/O-fault tests can fail each call in turn (a full
 * disk, a short write, a failed fsync or rename) and check that nothing
 * partial is left. In normal runs these are the libc calls. Readers open
 * their inputs with gf__open_regular, which never blocks on a FIFO.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core_int.h"

static gf_io_ops io_ops;

void gf__io_set(const gf_io_ops *ops)
{
    io_ops = ops ? *ops : (gf_io_ops){0};
}

ssize_t gf__io_write(int fd, const void *buf, size_t n)
{
    return io_ops.write ? io_ops.write(fd, buf, n) : write(fd, buf, n);
}

int gf__io_fsync(int fd)
{
    return io_ops.fsync ? io_ops.fsync(fd) : fsync(fd);
}

int gf__io_rename(const char *from, const char *to)
{
    return io_ops.rename ? io_ops.rename(from, to) : rename(from, to);
}

/* What st is, for the error on a file that is not a regular one. */
static const char *file_kind(const struct stat *st)
{
    if (S_ISDIR(st->st_mode))
        return "a folder";
    if (S_ISFIFO(st->st_mode))
        return "a FIFO (named pipe)";
    if (S_ISSOCK(st->st_mode))
        return "a socket";
    if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
        return "a device";
    return "not a regular file";
}

int gf__open_regular(const char *path, uint64_t max_bytes, const char *hint, gf_error *err)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), flags;

    if (fd < 0) {
        gf_fail(err, errno == ENOENT ? GF_ENOTFOUND : GF_EIO, "cannot open file: %s",
                strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) != 0) {
        gf_fail(err, GF_EIO, "cannot read file: %s", strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        gf_fail(err, GF_EINVAL, "%s is not a regular file; %s", file_kind(&st), hint);
    } else if (max_bytes && (uint64_t)st.st_size > max_bytes) {
        gf_fail(err, GF_ELIMIT, "file is larger than %llu bytes", (unsigned long long)max_bytes);
    } else if ((flags = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) {
        gf_fail(err, GF_EIO, "cannot read file: %s", strerror(errno));
    } else {
        return fd;
    }
    close(fd);
    return -1;
}
