/* src/sweep/mpi/sweep_mpi.c: the Open MPI adapter of `grainflow sweep` (grainflow-mpi only).
 *
 * The only file that includes mpi.h. Rank r of N sweeps the runs r, r + N,
 * ... and sends each run's answer to rank 0 as one MPI_BYTE message (tag
 * 1); rank 0 probes for the size, grows its buffer and receives. Rank 0
 * also solves runs on its own worker threads, so it polls (MPI_Iprobe and a
 * 100 us sleep) instead of Open MPI's busy-waiting blocking probe, which
 * would take a core from them.
 *
 * The senders never block in MPI either. Rank 0 takes a rank's chain only
 * after writing its own chain before it, so a sender runs up to a chain
 * ahead, and a blocking MPI_Send of that many messages waits for rank 0,
 * spinning: measured before (h9-speed2), `mpirun -np 2 /usr/bin/time
 * grainflow-mpi sweep` of 3,000 runs spent 5.44 CPU s on rank 1 against
 * 3.69 on rank 0, which solves as many runs and writes the table, and made
 * mpirun -np 2 0.76x as fast as 2 threads. So a send copies the message
 * into a ring of SEND_RING buffers and posts an MPI_Isend (MPI keeps the
 * order of sends between two ranks as posted); it waits, polling with
 * MPI_Test and a 100 us sleep, only while the ring is full, and finish
 * waits the same way for the last ones. See
 * sweep_mpi.h for the contract and cmd_sweep.c for the order of receives.
 * SPDX-License-Identifier: MIT */
#include <limits.h>
#include <mpi.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "grainflow/alloc.h"
#include "sweep/mpi/sweep_mpi.h"

#define TAG_RUN   1
#define SEND_RING 1024 /* messages in flight from a sender: a few chains */

/* A sender's messages in flight (only the main thread calls MPI). */
static struct {
    MPI_Request req;
    void *buf;
    size_t cap;
} ring[SEND_RING];
static int ring_head, ring_used; /* the oldest message in flight; how many */

static void pause_us(long us)
{
    struct timespec t = {0, us * 1000};

    nanosleep(&t, NULL);
}

/* Free the oldest messages that have gone; with wait, until one has. */
static int ring_reap(bool wait)
{
    while (ring_used) {
        int done = 0;
        if (MPI_Test(&ring[ring_head].req, &done, MPI_STATUS_IGNORE) != MPI_SUCCESS)
            return -1;
        if (!done) {
            if (!wait)
                return 0;
            pause_us(100);
            continue;
        }
        ring_head = (ring_head + 1) % SEND_RING;
        ring_used--;
        wait = false;
    }
    return 0;
}

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
    int slot;

    if (n > INT_MAX || ring_reap(ring_used == SEND_RING))
        return -1;
    slot = (ring_head + ring_used) % SEND_RING;
    if (n > ring[slot].cap) {
        void *p = gf_realloc(ring[slot].buf, ring[slot].cap, n);
        if (!p)
            return -1;
        ring[slot].buf = p;
        ring[slot].cap = n;
    }
    memcpy(ring[slot].buf, data, n);
    if (MPI_Isend(ring[slot].buf, (int)n, MPI_BYTE, 0, TAG_RUN, MPI_COMM_WORLD, &ring[slot].req) !=
        MPI_SUCCESS)
        return -1;
    ring_used++;
    return 0;
}

static int mpi_recv(int from, void **buf, size_t *n, size_t *cap)
{
    MPI_Status st;
    int count = 0;

    for (int got = 0; !got;) {
        if (MPI_Iprobe(from, TAG_RUN, MPI_COMM_WORLD, &got, &st) != MPI_SUCCESS)
            return -1;
        if (!got)
            pause_us(100);
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

/* A rank that is done waits for its last sends and then for the others in
 * a barrier, polled with 1 ms sleeps: MPI_Finalize's own wait spins, and a
 * rank done early would burn a core that rank 0 still needs for its runs. */
static void mpi_finish(int code)
{
    MPI_Request req;
    int done = 0;

    if (code) {
        MPI_Abort(MPI_COMM_WORLD, code);
        return;
    }
    while (ring_used && ring_reap(false) == 0 && ring_used)
        pause_us(1000);
    if (MPI_Ibarrier(MPI_COMM_WORLD, &req) == MPI_SUCCESS)
        while (!done && MPI_Test(&req, &done, MPI_STATUS_IGNORE) == MPI_SUCCESS && !done)
            pause_us(1000);
    MPI_Finalize();
    for (int i = 0; i < SEND_RING; i++)
        gf_free(ring[i].buf, ring[i].cap);
}

static const gf_cli_mpi adapter = {mpi_init, mpi_send, mpi_recv, mpi_finish};

const gf_cli_mpi *gf__cli_sweep_mpi(void)
{
    return &adapter;
}
