/* include/grainflow/dimacs.h: the DIMACS minimum-cost-flow format.
 *
 * Problem files ("p min N M", "n ID FLOW", "a U V LOW CAP COST", "c ..."
 * comments) are read into a gf_dimacs (plain arrays, 1-based ids in the file,
 * 0-based in memory) and turned into a gf_mcf. Solutions are written as
 * "s COST" and one "f U V FLOW" line per arc with nonzero flow, in arc order.
 *
 * The reader is safe on hostile input: every error names the file, line and
 * column and says what was expected; sizes are capped (GF_DIMACS_MAX_*), lines
 * longer than GF_DIMACS_MAX_LINE are refused, and it never allocates more than
 * the "p" line announces (itself capped) before the lines exist to fill it.
 *
 * Accepted: "c" comments and blank lines anywhere; tokens separated by
 * spaces or tabs; "\n" or "\r\n" line ends; a last line without one. One
 * "p min N M" line (0 <= N <= 2^26, 0 <= M <= 2^28) before any "n" or "a"
 * line; at most one "n" line per node, ids 1..N, |FLOW| <= 2^50 (nodes
 * without one have supply 0); exactly M "a" lines, 0 <= LOW <= CAP <= 2^50,
 * |COST| <= 2^50 (GF_MCF_MAX_VALUE), self-loops and parallel arcs allowed.
 * Numbers are decimal integers (an optional sign, no "0x", no fraction).
 * Refused with GF_EPARSE: anything else, a NUL byte, trailing tokens, a
 * missing or second "p" line, fewer or more "a" lines than announced.
 * Refused with GF_ELIMIT: a line over GF_DIMACS_MAX_LINE bytes, a number
 * past int64_t or 2^50, announced sizes over the caps. A node named by two
 * "n" lines is reported at the second one, but only once the rest of the
 * file has been read without error.
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_DIMACS_H
#define GRAINFLOW_DIMACS_H

#include <stdint.h>
#include <stdio.h>

#include "grainflow/error.h"
#include "grainflow/mcf.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GF_DIMACS_MAX_LINE 4096
/* 4,194,304 nodes: a solver costs about 100 bytes a node whether or not
 * arcs use it, so a 17-byte "p min N 0" may cost at most ~420 MB. */
#define GF_DIMACS_MAX_NODES (1 << 22)
#define GF_DIMACS_MAX_ARCS  (1 << 28)

typedef struct gf_dimacs {
    int32_t n_nodes;
    int32_t n_arcs;  /* as read so far == as announced once complete */
    int64_t *supply; /* size n_nodes */
    int32_t *src;    /* size n_arcs, 0-based */
    int32_t *dst;    /* size n_arcs, 0-based */
    int64_t *lower;  /* size n_arcs */
    int64_t *upper;  /* size n_arcs */
    int64_t *cost;   /* size n_arcs */
} gf_dimacs;

/* Read a problem from path ("-" = stdin). Everything is read through zlib,
 * which inflates gzip data (whatever the name) and passes plain text as it
 * is; a truncated gzip stream is GF_EIO. Fills *out (owned; gf_dimacs_fini).
 * On failure *out is empty and *err says where and why: GF_ENOTFOUND (no
 * such file), GF_EIO, GF_EPARSE, GF_ELIMIT, GF_ENOMEM, GF_EINVAL (NULL, or
 * a path that is not a regular file: a folder, FIFO, socket or device is
 * refused at once, never read, as the scenario readers do). */
GF_API int gf_dimacs_read(const char *path, gf_dimacs *out, gf_error *err);

/* The same from len bytes at data (borrowed; need not end in NUL, may
 * contain any bytes); name (NULL: "<memory>") is used in error messages. */
GF_API int gf_dimacs_read_mem(const char *data, size_t len, const char *name, gf_dimacs *out,
                              gf_error *err);

/* Free what a successful read filled in and empty *d; NULL and an empty
 * (zeroed) *d are fine. Not for arrays the caller allocated itself. */
GF_API void gf_dimacs_fini(gf_dimacs *d);

/* Build a solver from a problem (borrowed) through gf_mcf_create_arcs; arc e
 * of d is arc e of the network, every arc capacitated. Returns owned memory
 * (gf_mcf_destroy), or NULL with *err: GF_EINVAL (NULL or inconsistent d,
 * or a value gf_mcf_create_arcs refuses), GF_ENOMEM. */
GF_API gf_mcf *gf_dimacs_to_mcf(const gf_dimacs *d, gf_error *err);

/* Write a problem in DIMACS form to f (for tools and tests): the "p" line,
 * an "n" line per node with nonzero supply, the "a" lines in order. Reading
 * the result gives back the same problem. GF_EIO on a write error (checked
 * with ferror; f is not flushed), GF_EINVAL on NULL or inconsistent d. */
GF_API int gf_dimacs_write(FILE *f, const gf_dimacs *d, gf_error *err);

/* Write the solution of an OPTIMAL solve: "s COST", then "f U V FLOW" (1-based
 * ids) for every arc with nonzero flow. GF_EIO on a write error. */
GF_API int gf_dimacs_write_flows(FILE *f, const gf_mcf *mcf, int64_t cost, gf_error *err);

#ifdef __cplusplus
}
#endif
#endif
