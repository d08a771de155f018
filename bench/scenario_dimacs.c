/* bench/scenario_dimacs.c: a scenario's time-expanded network as a DIMACS file.
 *
 *   scenario_dimacs DIR OUT.min
 *
 * Reads the scenario folder DIR, builds its network (gf_network_build, the
 * planner's own expansion) and writes it to OUT.min in the arc order the
 * planner hands to the solver, so that bench/gf_driver and the LEMON driver
 * can time the planner's solve alone (issue 11: the 5,000-place scenario).
 * DIMACS has no uncapacitated arc: an arc without a limit gets the total
 * supply as its capacity, which no flow can exceed, so the optimum is the
 * same (the pivots may differ a little from the planner's, where such an arc
 * never blocks). Prints "nodes=N arcs=M" on success.
 * Exit status 0 ok, 2 bad usage or input.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

#include "grainflow/grainflow.h"

int main(int argc, char **argv)
{
    gf_error err = {0};
    gf_model *m = NULL;
    gf_network *net = NULL;
    gf_dimacs d = {0};
    FILE *f = NULL;
    int rc = 2;

    if (argc != 3) {
        fprintf(stderr, "usage: %s DIR OUT.min\n", argv[0]);
        return 2;
    }
    m = gf_scenario_read_path(argv[1], &err);
    if (m)
        net = gf_network_build(m, &err);
    if (!net) {
        fprintf(stderr, "%s: %s\n", argv[1], err.msg);
        goto out;
    }
    int64_t big = 0;
    for (int32_t v = 0; v < net->n_nodes; v++)
        big += net->supply[v] > 0 ? net->supply[v] : 0;
    d.n_nodes = net->n_nodes;
    d.n_arcs = net->n_arcs;
    d.supply = net->supply;
    d.src = net->tail;
    d.dst = net->head;
    d.lower = net->lower;
    d.cost = net->cost;
    d.upper = malloc((size_t)(net->n_arcs > 0 ? net->n_arcs : 1) * sizeof *d.upper);
    if (!d.upper) {
        fprintf(stderr, "out of memory\n");
        goto out;
    }
    for (int32_t e = 0; e < net->n_arcs; e++)
        d.upper[e] = net->upper[e] == GF_UNLIMITED ? big : net->upper[e];
    f = fopen(argv[2], "w");
    if (!f) {
        perror(argv[2]);
        goto out;
    }
    if (gf_dimacs_write(f, &d, &err)) {
        fprintf(stderr, "%s: %s\n", argv[2], err.msg);
        goto out;
    }
    printf("nodes=%ld arcs=%ld\n", (long)net->n_nodes, (long)net->n_arcs);
    rc = 0;
out:
    if (f && fclose(f) != 0 && rc == 0) {
        perror(argv[2]);
        rc = 2;
    }
    free(d.upper);
    gf_network_destroy(net);
    gf_model_destroy(m);
    return rc;
}
