/* src/sweep/mpi/sweep_mpi.h: how `grainflow sweep` talks to other processes (Open MPI).
 *
 * The only MPI adapter is src/sweep/mpi/sweep_mpi.c, linked into the
 * separate binary grainflow-mpi (built when mpicc is found; see the
 * Makefile); libgrainflow and the plain grainflow never link MPI. The CLI
 * names gf__cli_sweep_mpi as a weak symbol: NULL in grainflow, the adapter
 * in grainflow-mpi. Messages are plain bytes (a run's answer, encoded by
 * cmd_sweep.c), sent to rank 0 in the order of the sender's runs; MPI keeps
 * the order of messages between two ranks, which is what lets rank 0 write
 * the run table in run order.
 * SPDX-License-Identifier: MIT */
#ifndef GF_SWEEP_MPI_H
#define GF_SWEEP_MPI_H

#include <stddef.h>

typedef struct gf_cli_mpi {
    /* MPI_Init; this process's rank and the number of processes. 0 or -1. */
    int (*init)(int *argc, char ***argv, int *rank, int *size);
    /* Send n bytes to rank 0. 0 or -1. */
    int (*send)(const void *data, size_t n);
    /* Receive the next message from rank from into *buf (grown with
     * gf_realloc, *cap bytes; the caller frees it with gf_free(*buf, *cap));
     * its length in *n. 0 or -1. */
    int (*recv)(int from, void **buf, size_t *n, size_t *cap);
    /* MPI_Finalize (code 0), or MPI_Abort(code) after a failure. */
    void (*finish)(int code);
} gf_cli_mpi;

/* The adapter; a weak reference in cmd_sweep.c, NULL when not linked. */
const gf_cli_mpi *gf__cli_sweep_mpi(void);

#endif
