/* src/export/export_csv.c: the plan's tables as CSV.
 *
 * Each table has a header row; text fields are quoted when they hold a comma,
 * a quote or a line break (quotes doubled, RFC 4180). Output folders and
 * files are written by export_file.c. The two field writers
 * (gf__export_put_str, gf__export_put_usd) are shared with export_v2.c
 * through export_int.h.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "export/export_int.h"
#include "grainflow/export.h"

void gf__export_put_str(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void gf__export_put_usd(FILE *f, int64_t cents)
{
    char b[32];

    fputs(gf_cents_format(cents, b, sizeof b), f);
}

static const char *node_id(const gf_plan *p, int32_t n)
{
    return gf_model_node(p->model, n)->id;
}

static void write_flows(const gf_plan *p, FILE *f)
{
    fputs("from,to,mode,period,arrival_period,t,cost_usd_per_t,vessel_class\n", f);
    for (int32_t i = 0; i < p->n_flows; i++) {
        const gf_link *l = gf_model_link(p->model, p->flows[i].link);
        gf__export_put_str(f, node_id(p, l->from));
        fputc(',', f);
        gf__export_put_str(f, node_id(p, l->to));
        fprintf(f, ",%s,%d,%d,%lld,", gf_mode_name(l->mode), p->flows[i].period + 1,
                gf_model_arrival(p->model, p->flows[i].link, p->flows[i].period) + 1,
                (long long)p->flows[i].t);
        gf__export_put_usd(f, l->cost_cents_per_t);
        fputc(',', f);
        gf__export_put_str(f, l->vessel_class);
        fputc('\n', f);
    }
}

static void write_markets(const gf_plan *p, FILE *f)
{
    fputs(
        "node,period,demand_t,delivered_t,unmet_t,landed_marginal_usd_per_t,alt_price_usd_per_t\n",
        f);
    for (int32_t i = 0; i < p->n_markets; i++) {
        const gf_plan_market *mk = &p->markets[i];
        gf__export_put_str(f, node_id(p, mk->node));
        fprintf(f, ",%d,%lld,%lld,%lld,", mk->period + 1, (long long)mk->demand_t,
                (long long)mk->delivered_t, (long long)mk->unmet_t);
        gf__export_put_usd(f, mk->landed_cents_per_t);
        fputc(',', f);
        gf__export_put_usd(f, mk->alt_cents_per_t);
        fputc('\n', f);
    }
}

static void write_stocks(const gf_plan *p, FILE *f)
{
    fputs("node,period,t\n", f);
    for (int32_t i = 0; i < p->n_stocks; i++) {
        gf__export_put_str(f, node_id(p, p->stocks[i].node));
        fprintf(f, ",%d,%lld\n", p->stocks[i].period + 1, (long long)p->stocks[i].t);
    }
}

static void write_bottlenecks(const gf_plan *p, FILE *f)
{
    static const char *const kinds[] = {"link", "throughput", "storage"};

    fputs("kind,from,to,period,used_t,capacity_t,shadow_usd_per_t\n", f);
    for (int32_t i = 0; i < p->n_bottlenecks; i++) {
        const gf_plan_bottleneck *b = &p->bottlenecks[i];
        int32_t from = b->ref, to = b->ref;
        if (b->kind == GF_BOTTLENECK_LINK) {
            from = gf_model_link(p->model, b->ref)->from;
            to = gf_model_link(p->model, b->ref)->to;
        }
        fprintf(f, "%s,", kinds[b->kind]);
        gf__export_put_str(f, node_id(p, from));
        fputc(',', f);
        gf__export_put_str(f, node_id(p, to));
        fprintf(f, ",%d,%lld,%lld,", b->period + 1, (long long)b->used_t, (long long)b->capacity_t);
        gf__export_put_usd(f, b->shadow_cents_per_t);
        fputc('\n', f);
    }
}

/* The route's chain of nodes as "A>B>C" (storage legs left out). */
static void put_chain(const gf_plan *p, const gf_plan_route *r, FILE *f)
{
    char buf[4096];
    size_t n = 0;

    n += (size_t)snprintf(buf, sizeof buf, "%s",
                          node_id(p, gf_model_supply(p->model, r->supply)->node));
    for (int32_t k = 0; k < r->n_legs && n < sizeof buf; k++)
        if (r->legs[k].kind == GF_LEG_LINK)
            n += (size_t)snprintf(buf + n, sizeof buf - n, ">%s",
                                  node_id(p, gf_model_link(p->model, r->legs[k].ref)->to));
    gf__export_put_str(f, buf);
}

/* The route's legs as "rail O>P 12.00; store H 1.00; sea P>M 20.00". */
static void put_legs(const gf_plan *p, const gf_plan_route *r, FILE *f)
{
    char buf[8192], usd[32];
    size_t n = 0;

    buf[0] = '\0';
    for (int32_t k = 0; k < r->n_legs && n < sizeof buf; k++) {
        const gf_route_leg *g = &r->legs[k];
        gf_cents_format(g->cents_per_t, usd, sizeof usd);
        if (g->kind == GF_LEG_LINK) {
            const gf_link *l = gf_model_link(p->model, g->ref);
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s%s%s %s>%s %s", k ? "; " : "",
                                  gf_mode_name(l->mode), l->vessel_class[0] ? ":" : "",
                                  l->vessel_class, node_id(p, l->from), node_id(p, l->to), usd);
        } else {
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%sstore %s %s", k ? "; " : "",
                                  node_id(p, g->ref), usd);
        }
    }
    gf__export_put_str(f, buf);
}

static void write_routes(const gf_plan *p, FILE *f)
{
    fputs("market,origin,supply_period,delivery_period,t,purchase_usd_per_t,usd_per_t,days,"
          "kg_co2_per_t,storage_periods,nodes,legs_usd_per_t\n",
          f);
    for (int32_t i = 0; i < p->n_routes; i++) {
        const gf_plan_route *r = &p->routes[i];
        const gf_supply *s = gf_model_supply(p->model, r->supply);
        const gf_demand *d = gf_model_demand(p->model, r->demand);
        int32_t stored = 0;
        for (int32_t k = 0; k < r->n_legs; k++)
            stored += r->legs[k].kind == GF_LEG_STORAGE;
        gf__export_put_str(f, node_id(p, d->node));
        fputc(',', f);
        gf__export_put_str(f, node_id(p, s->node));
        fprintf(f, ",%d,%d,%lld,", s->period + 1, d->period + 1, (long long)r->t);
        gf__export_put_usd(f, s->price_cents_per_t);
        fputc(',', f);
        gf__export_put_usd(f, r->cents_per_t);
        fprintf(f, ",%.2f,%.3f,%d,", r->days, r->kg_co2_per_t, stored);
        put_chain(p, r, f);
        fputc(',', f);
        put_legs(p, r, f);
        fputc('\n', f);
    }
}

int gf_export_plan_csv(const gf_plan *p, const char *table, FILE *f, gf_error *err)
{
    if (!p || !table || !f)
        return gf_fail(err, GF_EINVAL, "gf_export_plan_csv: NULL argument");
    if (strcmp(table, "flows") == 0)
        write_flows(p, f);
    else if (strcmp(table, "markets") == 0)
        write_markets(p, f);
    else if (strcmp(table, "stocks") == 0)
        write_stocks(p, f);
    else if (strcmp(table, "bottlenecks") == 0)
        write_bottlenecks(p, f);
    else if (strcmp(table, "routes") == 0)
        write_routes(p, f);
    else
        return gf_fail(err, GF_EINVAL, "unknown table '%s'", table);
    if (fflush(f) || ferror(f))
        return gf_fail(err, GF_EIO, "cannot write %s.csv", table);
    return GF_OK;
}
