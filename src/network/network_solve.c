/* src/network/network_solve.c: the network simplex behind gf_network_solve.
 *
 * The only file that calls the solver (network.c takes only its limits from
 * mcf.h): the adapter between the
 * solver-neutral arrays of a gf_network and a gf_mcf. The first solve loads
 * every arc with gf_mcf_create_arcs (upper GF_UNLIMITED becomes an
 * uncapacitated arc). Later solves pass only the arcs the edits listed
 * in one gf_mcf_set_arcs call, which reads the network's own arrays by arc
 * id, and the supplies that differ), which keeps the gf_mcf's basis, so the
 * solve is warm. The results are copied into the caller's gf_solution,
 * whose arrays are allocated once and reused; a lean one (solution.h, what
 * a what-if asks for) borrows the solver's flow and potential arrays instead
 * of copying their 30,000 and 2,500 entries and gets no reduced costs,
 * which extraction computes from the duals for the few arcs it reports.
 * An LP/MIP backend (src/lp/) is a second adapter of the same shape: it
 * reads the same arrays and fills the same gf_solution.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "grainflow/alloc.h"
#include "grainflow/mcf.h"
#include "network/network_int.h"

struct gf_network_solver {
    gf_mcf *mcf;
    /* The node supplies as last passed to mcf (n_nodes entries), so that
     * finding those an edit changed is a comparison of two arrays inline,
     * not a gf_mcf_supply call a node (2,500 a what-if: 20,000
     * instructions down to 7,500). */
    int64_t *supply;
    int32_t n_nodes;
};

void gf__network_solver_destroy(gf_network_solver *s)
{
    if (!s)
        return;
    gf_mcf_destroy(s->mcf);
    gf_free(s->supply, ((size_t)s->n_nodes + 1) * sizeof *s->supply);
    gf_free(s, sizeof *s);
}

void gf_solution_fini(gf_solution *s)
{
    if (!s)
        return;
    if (!s->flow_borrowed) { /* a lean solution's flows and duals are the solver's */
        gf_free(s->flow, (size_t)s->n_arcs * sizeof(int64_t));
        gf_free(s->dual, (size_t)s->n_nodes * sizeof(int64_t));
    }
    gf_free(s->reduced_cost, (size_t)s->n_arcs * sizeof(int64_t));
    memset(s, 0, sizeof *s);
}

const char *gf_solve_status_name(gf_solve_status status)
{
    static const char *const names[] = {"not_solved", "optimal",         "infeasible",
                                        "unbounded",  "iteration_limit", "interrupted"};

    return (unsigned)status < sizeof names / sizeof names[0] ? names[status] : "not_solved";
}

/* A gf_mcf holding every arc of net. */
static gf_network_solver *load(const gf_network *net, gf_error *err)
{
    gf_network_solver *s = gf_calloc(1, sizeof *s);
    uint8_t *unc = gf_malloc((size_t)net->n_arcs + 1);
    gf_mcf_arcs arcs = {net->n_arcs, net->tail, net->head, net->lower, net->upper, unc, net->cost};

    if (s) {
        s->n_nodes = net->n_nodes;
        s->supply = gf_malloc(((size_t)net->n_nodes + 1) * sizeof *s->supply);
    }
    if (!s || !unc || !s->supply) {
        gf_fail(err, GF_ENOMEM, "out of memory loading the network into the solver");
        goto out;
    }
    if (net->n_nodes > 0)
        memcpy(s->supply, net->supply, (size_t)net->n_nodes * sizeof *s->supply);
    for (int32_t e = 0; e < net->n_arcs; e++)
        unc[e] = net->upper[e] == GF_UNLIMITED;
    s->mcf = gf_mcf_create_arcs(net->n_nodes, net->supply, &arcs, err);
out:
    gf_free(unc, (size_t)net->n_arcs + 1);
    if (s && !s->mcf) {
        gf__network_solver_destroy(s);
        s = NULL;
    }
    return s;
}

/* Pass the edits listed since the last solve to the gf_mcf in one call
 * (gf_mcf_set_arcs reads net's arrays by arc id), and clear them. No lower
 * bounds are passed: every arc's is 0 (no edit call sets one), and a what-if
 * passes thousands of arcs. The flags are cleared arc by arc when few were
 * listed, with one memset when many were (a freight edit lists a mode's
 * every arc: a pass over n_arcs bytes is cheaper than over the list). */
static int take_changes(gf_network *net, gf_network_solver *s, gf_error *err)
{
    gf_mcf *mcf = s->mcf;
    int rc = gf_mcf_set_arcs(mcf, net->n_changed, net->changed, NULL, net->upper, GF_UNLIMITED,
                             net->cost, err);

    for (int32_t v = 0; !rc && net->supply_changed && v < net->n_nodes; v++)
        if (s->supply[v] != net->supply[v]) {
            rc = gf_mcf_set_supply(mcf, v, net->supply[v], err);
            if (!rc)
                s->supply[v] = net->supply[v];
        }
    if (rc)
        return rc;
    if (net->n_changed > net->n_arcs / 16)
        memset(net->is_changed, 0, (size_t)net->n_arcs);
    else
        for (int32_t i = 0; i < net->n_changed; i++)
            net->is_changed[net->changed[i]] = 0;
    net->n_changed = 0;
    net->supply_changed = false;
    return GF_OK;
}

/* Size sol's arrays for net (kept when they already fit). A lean solution
 * owns none: its flows and duals are the solver's (fill). */
static int size_solution(gf_solution *sol, const gf_network *net, gf_error *err)
{
    bool lean = sol->lean;

    if (sol->n_arcs == net->n_arcs && sol->n_nodes == net->n_nodes &&
        (lean ? sol->flow_borrowed
              : !sol->flow_borrowed && sol->flow && sol->dual && sol->reduced_cost))
        return GF_OK;
    gf_solution_fini(sol);
    sol->lean = lean;
    sol->flow_borrowed = lean;
    sol->n_arcs = net->n_arcs;
    sol->n_nodes = net->n_nodes;
    if (lean)
        return GF_OK;
    sol->dual = gf_malloc((size_t)net->n_nodes * sizeof(int64_t));
    sol->flow = gf_malloc((size_t)net->n_arcs * sizeof(int64_t));
    sol->reduced_cost = gf_malloc((size_t)net->n_arcs * sizeof(int64_t));
    if (!sol->dual || !sol->flow || !sol->reduced_cost) {
        gf_solution_fini(sol);
        sol->lean = lean;
        return gf_fail(err, GF_ENOMEM, "out of memory for the solution");
    }
    return GF_OK;
}

static gf_solve_status status_of(gf_mcf_status s)
{
    switch (s) {
    case GF_MCF_OPTIMAL:
        return GF_SOLVE_OPTIMAL;
    case GF_MCF_INFEASIBLE:
        return GF_SOLVE_INFEASIBLE;
    case GF_MCF_UNBOUNDED:
        return GF_SOLVE_UNBOUNDED;
    case GF_MCF_ITERATION_LIMIT:
        return GF_SOLVE_ITERATION_LIMIT;
    case GF_MCF_INTERRUPTED:
        return GF_SOLVE_INTERRUPTED;
    default:
        return GF_SOLVE_NOT_SOLVED;
    }
}

static void fill(gf_solution *sol, const gf_network *net, const gf_mcf *mcf,
                 const gf_mcf_result *res)
{
    const int64_t *pi = gf_mcf_potentials(mcf);
    const int32_t *u = net->tail, *v = net->head;
    const int64_t *c = net->cost;

    sol->status = status_of(res->status);
    sol->objective_cents = res->cost;
    sol->pivots = res->stats.pivots;
    sol->solve_seconds = res->stats.solve_seconds;
    sol->warm = res->stats.warm;
    if (sol->lean) { /* the solver's own arrays, valid until its next solve */
        sol->flow = (int64_t *)gf_mcf_flows(mcf);
        sol->dual = (int64_t *)pi; /* its 2,500 entries not copied: 20,000 instructions */
        return;
    }
    memcpy(sol->dual, pi, (size_t)sol->n_nodes * sizeof(int64_t));
    memcpy(sol->flow, gf_mcf_flows(mcf), (size_t)sol->n_arcs * sizeof(int64_t));
    for (int32_t e = 0; e < sol->n_arcs; e++) /* the solver's arcs are net's, in order */
        sol->reduced_cost[e] = c[e] + pi[u[e]] - pi[v[e]];
}

int gf_network_solve(gf_network *net, gf_solution *sol, gf_error *err)
{
    gf_mcf_result res = {0};
    int rc;

    if (!net || !sol)
        return gf_fail(err, GF_EINVAL, "gf_network_solve: NULL argument");
    rc = gf__network_refresh_totals(net, err);
    if (!rc)
        rc = size_solution(sol, net, err);
    if (rc)
        return rc;
    if (!net->solver) {
        net->solver = load(net, err);
        if (!net->solver)
            return err && err->code ? err->code : GF_ENOMEM;
        for (int32_t i = 0; i < net->n_changed; i++) /* loaded as they are now */
            net->is_changed[net->changed[i]] = 0;
        net->n_changed = 0;
        net->supply_changed = false;
    } else {
        rc = take_changes(net, net->solver, err);
        if (rc)
            return rc;
    }
    gf_mcf_set_interrupt(net->solver->mcf, net->interrupt);
    rc = gf_mcf_solve(net->solver->mcf, NULL, &res, err);
    if (rc)
        return rc;
    fill(sol, net, net->solver->mcf, &res);
    return GF_OK;
}

void gf_network_set_interrupt(gf_network *net, const volatile sig_atomic_t *flag)
{
    if (net)
        net->interrupt = flag;
}

/* A network's copy of a basis is the solver's (mcf.h: gf_mcf_basis). */
struct gf_network_basis {
    gf_mcf_basis *mcf;
};

int gf_network_basis_save(const gf_network *net, gf_network_basis **basis, gf_error *err)
{
    if (!net || !basis)
        return gf_fail(err, GF_EINVAL, "gf_network_basis_save: NULL argument");
    if (!net->solver)
        return gf_fail(err, GF_ESTATE, "gf_network_basis_save: the network was never solved");
    if (!*basis && !(*basis = gf_calloc(1, sizeof **basis)))
        return gf_fail(err, GF_ENOMEM, "out of memory for a copy of the basis");
    return gf_mcf_basis_save(net->solver->mcf, &(*basis)->mcf, err);
}

int gf_network_basis_load(gf_network *net, const gf_network_basis *basis, gf_error *err)
{
    if (!net || !basis || !basis->mcf)
        return gf_fail(err, GF_EINVAL, "gf_network_basis_load: NULL or empty copy");
    if (!net->solver)
        return gf_fail(err, GF_ESTATE, "gf_network_basis_load: the network was never solved");
    return gf_mcf_basis_load(net->solver->mcf, basis->mcf, err);
}

void gf_network_basis_destroy(gf_network_basis *basis)
{
    if (!basis)
        return;
    gf_mcf_basis_destroy(basis->mcf);
    gf_free(basis, sizeof *basis);
}
