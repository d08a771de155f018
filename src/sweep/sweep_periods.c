/* src/sweep/sweep_periods.c: a run's delivered tonnes and saving per period (spec "per_period").
 *
 * For the fan chart of deliveries and saving over the year (P10 / P50 / P90
 * per week, over the runs): the period of each arc is the network's
 * arc_period, so period t's delivered tonnes are the flow on its demand
 * arcs, and its saving is minus the cost of the flow on its arcs (a demand
 * arc costs -alt, so the alternative purchases a delivery displaces count
 * as saving in the week the grain arrives; a storage arc counts in the week
 * it leaves). The periods add up to the run's saving exactly (test_sweep
 * checks it). Off by default: 2 x periods more columns, and more rows in
 * the store's value index, which a large CLI sweep need not pay for.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "grainflow/alloc.h"
#include "sweep/sweep_int.h"

int gf__sweep_period_names(gf_sweep *s, gf_error *err)
{
    int32_t k0 = SW_V_PERIODS(s);

    for (int32_t t = 0; t < s->n_periods; t++) {
        char *a = gf__sweep_alloc(s, 40), *b = gf__sweep_alloc(s, 40);
        if (!a || !b)
            return gf_fail(err, GF_ENOMEM, "out of memory");
        snprintf(a, 40, "period_delivered_t:%d", (int)t + 1);
        snprintf(b, 40, "period_saving_usd:%d", (int)t + 1);
        s->value_names[k0 + t] = a;
        s->value_names[k0 + s->n_periods + t] = b;
    }
    return GF_OK;
}

int gf__sweep_period_results(const gf_sweep *s, const gf_network *net, const gf_solution *sol,
                             double *val, gf_sweep_result *res)
{
    int32_t np = s->n_periods, k0 = SW_V_PERIODS(s);
    int64_t *t_del = gf_calloc((size_t)np + 1, sizeof *t_del);
    __int128 *cost = gf_calloc((size_t)np + 1, sizeof *cost);
    int rc = t_del && cost ? GF_OK : GF_ENOMEM;

    for (int32_t e = 0; !rc && e < net->n_arcs; e++) {
        int32_t t = net->arc_period[e];
        if (t < 0 || t >= np || !sol->flow[e])
            continue;
        cost[t] += (__int128)net->cost[e] * sol->flow[e];
        if (net->arc_kind[e] == GF_ARC_DEMAND)
            t_del[t] += sol->flow[e];
    }
    for (int32_t t = 0; !rc && t < np; t++) {
        val[k0 + t] = (double)t_del[t];
        rc = gf__sweep_row_printf(res, ",%lld", (long long)t_del[t]);
    }
    for (int32_t t = 0; !rc && t < np; t++) {
        val[k0 + np + t] = (double)-cost[t] / 100;
        rc = gf__sweep_row_printf(res, ",") || gf__sweep_row_cents(res, (int64_t)-cost[t]);
    }
    gf_free(t_del, ((size_t)np + 1) * sizeof *t_del);
    gf_free(cost, ((size_t)np + 1) * sizeof *cost);
    return rc;
}
