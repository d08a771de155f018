/* src/core/io.c: the replaceable system calls of output files.
 *
 * Writers of files (src/export/export_file.c) call write, fsync and rename
 * through here, so the I/O-fault tests can fail each call in turn (a full
 * disk, a short write, a failed fsync or rename) and check that nothing
 * partial is left. In normal runs these are the libc calls.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
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
