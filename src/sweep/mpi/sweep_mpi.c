/* src/sweep/mpi/sweep_mpi.c: the Open MPI adapter of `grainflow sweep` (grainflow-mpi only).
 *
 * The only file that includes mpi.h. Rank r of N sweeps the runs r, r + N,
 * ... and sends each run's answer to rank 0 as one MPI_BYTE message (tag
 * 1); rank 0 probes for the size, grows its buffer and receives. Rank 0
 * also solves runs on its own worker threads, so it polls (MPI_Iprobe and a
 * 100 us sleep) instead of Open MPI's busy-waiting blocking probe, which
 * would take a core from them. See
 * sweep_mpi.h for the contract and cmd_sweep.c for the order of receives.
 * SPDX-License-Identifier: MIT */
#include <limits.h>
#include <mpi.h>
#include <time.h>

#include "grainflow/alloc.h"
#include "sweep/mpi/sweep_mpi.h"

#define TAG_RUN 1

static int mpi_init(int *argc, char ***argv, int *rank, int *size)
{
    int provided = 0;

    /* worker threads never call MPI; the main thread (the writer) does */
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS ||
        provided < MPI_THREAD_FUNNELED)
        return -1;
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
    return 0;
}

static int mpi_send(const void *data, size_t n)
{
    if (n > INT_MAX)
        return -1;
    return MPI_Send(data, (int)n, MPI_BYTE, 0, TAG_RUN, MPI_COMM_WORLD) == MPI_SUCCESS ? 0 : -1;
}

static int mpi_recv(int from, void **buf, size_t *n, size_t *cap)
{
    MPI_Status st;
    int count = 0;

    for (int got = 0; !got;) {
        struct timespec pause = {0, 100000};
        if (MPI_Iprobe(from, TAG_RUN, MPI_COMM_WORLD, &got, &st) != MPI_SUCCESS)
            return -1;
        if (!got)
            nanosleep(&pause, NULL);
    }
    if (MPI_Get_count(&st, MPI_BYTE, &count) != MPI_SUCCESS || count < 0)
        return -1;
    if ((size_t)count + 1 > *cap) {
        void *p = gf_realloc(*buf, *cap, (size_t)count + 1);
        if (!p)
            return -1;
        *buf = p;
        *cap = (size_t)count + 1;
    }
    if (MPI_Recv(*buf, count, MPI_BYTE, from, TAG_RUN, MPI_COMM_WORLD, MPI_STATUS_IGNORE) !=
        MPI_SUCCESS)
        return -1;
    *n = (size_t)count;
    return 0;
}

/* A rank that is done waits for the others in a barrier polled with 1 ms
 * sleeps: MPI_Finalize's own wait spins, and a rank done early would burn
 * a core that rank 0 still needs for its runs. */
static void mpi_finish(int code)
{
    MPI_Request req;
    int done = 0;

    if (code) {
        MPI_Abort(MPI_COMM_WORLD, code);
        return;
    }
    if (MPI_Ibarrier(MPI_COMM_WORLD, &req) == MPI_SUCCESS)
        while (!done && MPI_Test(&req, &done, MPI_STATUS_IGNORE) == MPI_SUCCESS && !done) {
            struct timespec pause = {0, 1000000};
            nanosleep(&pause, NULL);
        }
    MPI_Finalize();
}

static const gf_cli_mpi adapter = {mpi_init, mpi_send, mpi_recv, mpi_finish};

const gf_cli_mpi *gf__cli_sweep_mpi(void)
{
    return &adapter;
}
