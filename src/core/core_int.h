/* src/core/core_int.h: blocks that remember their own size.
 *
 * Some allocators call free without a size (jansson's free_fn, libcsv's
 * free function) and some of our results are handed to the caller as a bare
 * pointer (texts, buffers: gf_release). Those blocks carry a header holding
 * their size, so that gf_free is always told the size it allocated, and the
 * embedder's hook can count memory exactly.
 * SPDX-License-Identifier: MIT */
#ifndef GF_CORE_INT_H
#define GF_CORE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "grainflow/error.h"

/* n bytes after a size header; NULL on failure or n == 0. */
void *gf__sized_alloc(size_t n);
/* Resize a sized block (NULL p allocates); NULL on failure, p untouched. */
void *gf__sized_realloc(void *p, size_t n);
/* Free a sized block (NULL is fine). */
void gf__sized_free(void *p);

/* Whether a jansson allocation has failed on this thread since the last
 * gf__json_oom_clear: a reader whose json_loads fails asks, and answers
 * GF_ENOMEM rather than the syntax error jansson reports. */
void gf__json_oom_clear(void);
bool gf__json_oom(void);

/* The system calls through which output files are written, replaceable so
 * that tests can make them fail (tests/support/failing_io.c): NULL members,
 * or a NULL ops, mean the libc call. Process-wide; set it while no other
 * thread writes files. */
typedef struct gf_io_ops {
    ssize_t (*write)(int fd, const void *buf, size_t n);
    int (*fsync)(int fd);
    int (*rename)(const char *from, const char *to);
} gf_io_ops;

void gf__io_set(const gf_io_ops *ops);
ssize_t gf__io_write(int fd, const void *buf, size_t n);
int gf__io_fsync(int fd);
int gf__io_rename(const char *from, const char *to);

/* Open path for reading without blocking on a FIFO, and refuse anything but
 * a regular file (a folder, FIFO, socket or device: GF_EINVAL "... is not a
 * regular file; <hint>") or one over max_bytes (0: no limit; GF_ELIMIT).
 * Returns the descriptor, in blocking mode again, or -1 with *err
 * (GF_ENOTFOUND when it does not exist, GF_EIO). The scenario and DIMACS
 * readers open their inputs with it. */
int gf__open_regular(const char *path, uint64_t max_bytes, const char *hint, gf_error *err);

/* The text of v in decimal, and of cents as money (the bytes of
 * gf_cents_format: "-12.34"), into b (at least GF__FMT_CAP bytes), NUL
 * terminated; they return the length (src/core/fmt.c: why not printf). */
#define GF__FMT_CAP 32
size_t gf__fmt_int(char *b, int64_t v);
size_t gf__fmt_cents(char *b, int64_t cents);

#endif
