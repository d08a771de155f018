/* tests/support/failing_io.c: output system calls that fail on demand.
 *
 * Counts the calls of the armed kind and fails the n-th as failing_io.h
 * says; every other call goes to libc unchanged.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "core/core_int.h"
#include "support/failing_io.h"

static failing_io_kind armed;
static long fail_at, calls;

static ssize_t io_write(int fd, const void *buf, size_t n)
{
    if (armed == FAILING_IO_FULL && calls++ >= fail_at) {
        errno = ENOSPC;
        return -1;
    }
    if (armed == FAILING_IO_SHORT && calls++ == fail_at && n > 1)
        n /= 2;
    return write(fd, buf, n);
}

static int io_fsync(int fd)
{
    if (armed == FAILING_IO_FSYNC && calls++ == fail_at) {
        errno = EIO;
        return -1;
    }
    return fsync(fd);
}

static int io_rename(const char *from, const char *to)
{
    if (armed == FAILING_IO_RENAME && calls++ == fail_at) {
        errno = EIO;
        return -1;
    }
    return rename(from, to);
}

void failing_io_arm(failing_io_kind kind, long n)
{
    static const gf_io_ops ops = {io_write, io_fsync, io_rename};

    armed = kind;
    fail_at = n;
    calls = 0;
    gf__io_set(&ops);
}

long failing_io_calls(void)
{
    return calls;
}

void failing_io_disarm(void)
{
    gf__io_set(NULL);
}
