/* src/sweep/sweep_sample.c: draw a run's values from (seed, run) alone.
 *
 * Counter-based: the d-th random number of run i is splitmix64's finaliser
 * applied to (seed, i, d) in turn, u = (top 53 bits + 1/2) / 2^53 in (0, 1).
 * Parameter p uses draw p; event e draw GF_SWEEP_MAX_PARAMS + e. No state
 * carries from one run to the next, so any worker, thread or process that
 * runs i draws the same values. A distribution is sampled through its
 * quantile function (inverse transform), so the tornado's P10 / P90 and a
 * sample are the same function: uniform a + (b - a) u; triangular by its
 * closed-form inverse; normal mean + sd probit(u) (Acklam's rational
 * approximation, relative error below 1.2e-9, then one Halley step on
 * erfc); lognormal exp(mu + sigma probit(u)); list and discrete by the
 * first value whose cumulative weight reaches u (a list in a grid takes its
 * cell instead). Samples are rounded once (gf__sweep_round) so what the
 * table prints is exactly what was applied.
 * SPDX-License-Identifier: MIT */
#include <math.h>

#include "sweep/sweep_int.h"

static uint64_t mix(uint64_t z)
{
    z += 0x9e3779b97f4a7c15u;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

double gf__sweep_uniform(uint64_t seed, int64_t run, uint64_t draw)
{
    uint64_t x = mix(mix(mix(seed) ^ (uint64_t)run) ^ draw);

    return ((double)(x >> 11) + 0.5) * 0x1p-53;
}

double gf__sweep_round(const sw_param *p, double v)
{
    if (p->add) /* money: to the cent */
        return round(v * 100) / 100;
    return round(v * 1e6) / 1e6; /* a factor: to 1e-6 */
}

double gf__sweep_probit(double u)
{
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                               -2.759285104469687e+02, 1.383577518672690e+02,
                               -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                               -1.556989798598866e+02, 6.680131188771972e+01,
                               -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                               -2.400758277161838e+00, -2.549732539343734e+00,
                               4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    double q, r, x, e;

    if (u <= 0)
        return -INFINITY;
    if (u >= 1)
        return INFINITY;
    if (u < 0.02425 || u > 1 - 0.02425) {
        q = sqrt(-2 * log(u < 0.5 ? u : 1 - u));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        x = u < 0.5 ? x : -x;
    } else {
        q = u - 0.5;
        r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
    e = 0.5 * erfc(-x / sqrt(2)) - u; /* one Halley step */
    r = e * 2.5066282746310002 * exp(x * x / 2);
    return x - r / (1 + x * r / 2);
}

/* The first value whose cumulative weight reaches u. */
static double pick(const double *values, const double *cum, int32_t n, double u)
{
    for (int32_t i = 0; i < n - 1; i++)
        if (u <= cum[i])
            return values[i];
    return values[n - 1];
}

/* Parameter p's value at u in (0, 1), before rounding. */
static double quantile(const sw_param *p, double u)
{
    double a = p->a, b = p->b, c = p->c, f;

    switch (p->dist) {
    case SW_FIXED:
        return a;
    case SW_UNIFORM:
        return a + (b - a) * u;
    case SW_TRIANGULAR:
        f = (b - a) / (c - a);
        return u < f ? a + sqrt(u * (c - a) * (b - a)) : c - sqrt((1 - u) * (c - a) * (c - b));
    case SW_NORMAL:
        return a + b * gf__sweep_probit(u);
    case SW_LOGNORMAL:
        return exp(a + b * gf__sweep_probit(u));
    case SW_LIST:
    case SW_DISCRETE:
        return pick(p->sorted, p->sorted_cum, p->n_values, u);
    }
    return a;
}

double gf_sweep_param_quantile(const gf_sweep *s, int32_t p, double q)
{
    if (!s || p < 0 || p >= s->n_params || !(q > 0 && q < 1))
        return NAN;
    return gf__sweep_round(&s->params[p], quantile(&s->params[p], q));
}

void gf_sweep_sample(const gf_sweep *s, int64_t run, double *values, bool *events)
{
    for (int32_t i = 0; i < s->n_params; i++) {
        const sw_param *p = &s->params[i];
        double u = gf__sweep_uniform(s->seed, run, (uint64_t)i);
        double v;
        if (p->dist == SW_LIST)
            v = p->values[(run / p->grid_step) % p->n_values];
        else if (p->dist == SW_DISCRETE)
            v = pick(p->values, p->cum, p->n_values, u);
        else
            v = quantile(p, u);
        values[i] = gf__sweep_round(p, v);
    }
    for (int32_t e = 0; e < s->n_events; e++)
        events[e] =
            gf__sweep_uniform(s->seed, run, (uint64_t)(GF_SWEEP_MAX_PARAMS + e)) < s->events[e].p;
}
