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

#define GF_DIMACS_MAX_LINE  4096
#define GF_DIMACS_MAX_NODES (1 << 26)
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

/* Read a problem from path ("-" = stdin; a name ending ".gz" is read through
 * zlib). Fills *out (owned; gf_dimacs_fini). On failure *out is empty and *err
 * says where and why (GF_EIO, GF_EPARSE, GF_ELIMIT, GF_ENOMEM). */
GF_API int gf_dimacs_read(const char *path, gf_dimacs *out, gf_error *err);

/* The same from a memory buffer; name is used in error messages. */
GF_API int gf_dimacs_read_mem(const char *data, size_t len, const char *name, gf_dimacs *out,
                              gf_error *err);

GF_API void gf_dimacs_fini(gf_dimacs *d);

/* Build a solver from a problem (borrowed). NULL with *err on failure. */
GF_API gf_mcf *gf_dimacs_to_mcf(const gf_dimacs *d, gf_error *err);

/* Write a problem in DIMACS form to f (for tools and tests). */
GF_API int gf_dimacs_write(FILE *f, const gf_dimacs *d, gf_error *err);

/* Write the solution of an OPTIMAL solve: "s COST", then "f U V FLOW" (1-based
 * ids) for every arc with nonzero flow. GF_EIO on a write error. */
GF_API int gf_dimacs_write_flows(FILE *f, const gf_mcf *mcf, int64_t cost, gf_error *err);

#ifdef __cplusplus
}
#endif
#endif
