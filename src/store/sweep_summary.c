/* src/store/sweep_summary.c: a sweep's summary from the store, and the summary and tornado as JSON.
 *
 * See include/grainflow/sweep_summary.h. A percentile is one walk of the
 * store's (sweep, result, value) index (gf_store_sweep_nth); the mean, the
 * count and the count above 0 one aggregate (gf_store_sweep_stats). The
 * JSON is the shape `grainflow sweep --json` has always printed.
 * SPDX-License-Identifier: MIT */
#include <math.h>

#include "grainflow/sweep_summary.h"

int gf_sweep_stat_read(gf_store *st, int64_t sweep_id, int32_t k, gf_sweep_stat *out, gf_error *err)
{
    static const double q[3] = {0.1, 0.5, 0.9};
    double *p[3], n_pos = 0;
    int rc;

    if (!st || !out)
        return gf_fail(err, GF_EINVAL, "gf_sweep_stat_read: NULL argument");
    p[0] = &out->p10;
    p[1] = &out->p50;
    p[2] = &out->p90;
    rc = gf_store_sweep_stats(st, sweep_id, k, &out->n, &out->mean, &n_pos, err);
    for (int i = 0; i < 3; i++) {
        int64_t at = (int64_t)ceil(q[i] * (double)out->n) - 1; /* nearest rank */
        *p[i] = NAN;
        if (!rc && out->n)
            rc = gf_store_sweep_nth(st, sweep_id, k, at < 0 ? 0 : at, p[i], err);
    }
    out->p_positive = !rc && out->n ? n_pos / (double)out->n : NAN;
    if (rc || !out->n)
        out->mean = NAN;
    return rc;
}

static void tornado_jsonw(gf_jsonw *j, const gf_sweep *sw, const gf_sweep_tornado_table *t)
{
    gf_jsonw_kreal(j, "tornado_base_saving_usd", t->base_usd);
    gf_jsonw_key(j, "tornado");
    gf_jsonw_array(j);
    for (int32_t r = 0; r < t->n; r++) {
        int32_t i = t->order[r];
        double lo, hi;
        gf_sweep_input_ends(sw, i, &lo, &hi);
        gf_jsonw_object(j);
        gf_jsonw_kstring(j, "input", gf_sweep_input_name(sw, i));
        gf_jsonw_kstring(j, "kind", gf_sweep_input_is_event(sw, i) ? "event" : "parameter");
        gf_jsonw_kreal(j, "input_low", lo);
        gf_jsonw_kreal(j, "input_high", hi);
        gf_jsonw_kreal(j, "saving_low_usd", t->low_usd[i]);
        gf_jsonw_kreal(j, "saving_high_usd", t->high_usd[i]);
        gf_jsonw_end(j);
    }
    gf_jsonw_end(j);
}

int gf_sweep_summary_jsonw(gf_jsonw *j, gf_store *st, int64_t sweep_id, const gf_sweep *sw,
                           const gf_sweep_tornado_table *t, gf_error *err)
{
    int rc = GF_OK;

    if (!j || !st || !sw || !t)
        return gf_fail(err, GF_EINVAL, "gf_sweep_summary_jsonw: NULL argument");
    gf_jsonw_key(j, "summary");
    gf_jsonw_array(j);
    for (int32_t k = 0; !rc && k < gf_sweep_value_count(sw); k++) {
        gf_sweep_stat s;
        rc = gf_sweep_stat_read(st, sweep_id, k, &s, err);
        if (rc)
            break;
        gf_jsonw_object(j);
        gf_jsonw_kstring(j, "result", gf_sweep_value_name(sw, k));
        gf_jsonw_kint(j, "runs", s.n);
        gf_jsonw_kreal(j, "mean", s.mean);
        gf_jsonw_kreal(j, "p10", s.p10);
        gf_jsonw_kreal(j, "p50", s.p50);
        gf_jsonw_kreal(j, "p90", s.p90);
        if (gf_sweep_value_is_hub(sw, k))
            gf_jsonw_kreal(j, "p_carries_flow", s.p_positive);
        gf_jsonw_end(j);
    }
    gf_jsonw_end(j);
    tornado_jsonw(j, sw, t);
    return rc;
}
