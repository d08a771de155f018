/* tests/support/failing_io.h: make the output files' system calls fail.
 *
 * failing_io_arm(kind, n) replaces (through gf__io_set, src/core/core_int.h)
 * the write, fsync and rename of the library's file writers, and makes call
 * number n (0-based) of that kind fail:
 *   FAILING_IO_FULL    write n and every later write: -1, ENOSPC (a full disk)
 *   FAILING_IO_SHORT   write n writes only half its bytes (not an error: the
 *                      caller must write the rest)
 *   FAILING_IO_FSYNC   fsync n: -1, EIO
 *   FAILING_IO_RENAME  rename n: -1, EIO
 * failing_io_calls() is how many calls of the armed kind were made since
 * arming: when it is <= n, the fault was never reached and the loop of
 * "fail each call in turn" is done. Process-wide; not for concurrent tests.
 * SPDX-License-Identifier: MIT */
#ifndef GF_TESTS_FAILING_IO_H
#define GF_TESTS_FAILING_IO_H

typedef enum failing_io_kind {
    FAILING_IO_FULL = 0,
    FAILING_IO_SHORT,
    FAILING_IO_FSYNC,
    FAILING_IO_RENAME
} failing_io_kind;

void failing_io_arm(failing_io_kind kind, long n);
long failing_io_calls(void);
void failing_io_disarm(void);

#endif
