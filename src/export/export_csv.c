/* src/export/export_csv.c: the plan's tables as CSV.
 *
 * Each table has a header row; text fields are quoted when they hold a comma,
 * a quote or a line break (quotes doubled, RFC 4180). Output folders and
 * files are written by export_file.c. The field writers (gf__export_put_str,
 * gf__export_put_usd, gf__export_put_link: a link's from,to,mode) are
 * shared with export_v2.c through export_int.h.
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
    char b[GF__FMT_CAP];

    fwrite(b, 1, gf__fmt_cents(b, cents), f);
}

void gf__export_put_int(FILE *f, int64_t v)
{
    char b[GF__FMT_CAP];

    fwrite(b, 1, gf__fmt_int(b, v), f);
}

/* ",v1,v2,...,vn," */
static void put_ints(FILE *f, const int64_t *v, int n)
{
    for (int i = 0; i < n; i++) {
        fputc(',', f);
        gf__export_put_int(f, v[i]);
    }
    fputc(',', f);
}

static const char *node_id(const gf_plan *p, int32_t n)
{
    return gf_model_node(p->model, n)->id;
}

void gf__export_put_link(FILE *f, const gf_model *m, const gf_link *l)
{
    gf__export_put_str(f, gf_model_node(m, l->from)->id);
    fputc(',', f);
    gf__export_put_str(f, gf_model_node(m, l->to)->id);
    fputc(',', f);
    fputs(gf_mode_name(l->mode), f);
}

static void write_flows(const gf_plan *p, FILE *f)
{
    fputs("from,to,mode,period,arrival_period,t,cost_usd_per_t,vessel_class\n", f);
    for (int32_t i = 0; i < p->n_flows; i++) {
        const gf_link *l = gf_model_link(p->model, p->flows[i].link);
        gf__export_put_link(f, p->model, l);
        put_ints(f,
                 (int64_t[]){p->flows[i].period + 1,
                             gf_model_arrival(p->model, p->flows[i].link, p->flows[i].period) + 1,
                             p->flows[i].t},
                 3);
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
        put_ints(f, (int64_t[]){mk->period + 1, mk->demand_t, mk->delivered_t, mk->unmet_t}, 4);
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
        fputc(',', f);
        gf__export_put_int(f, p->stocks[i].period + 1);
        fputc(',', f);
        gf__export_put_int(f, p->stocks[i].t);
        fputc('\n', f);
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
        fputs(kinds[b->kind], f);
        fputc(',', f);
        gf__export_put_str(f, node_id(p, from));
        fputc(',', f);
        gf__export_put_str(f, node_id(p, to));
        put_ints(f, (int64_t[]){b->period + 1, b->used_t, b->capacity_t}, 3);
        gf__export_put_usd(f, b->shadow_cents_per_t);
        fputc('\n', f);
    }
}

/* Append s to the text of buf (cap bytes) whose length would be n, as
 * snprintf(buf + n, cap - n, "%s", s) does: truncated, NUL-terminated, and
 * the length it would have returned added. */
static size_t cat(char *buf, size_t cap, size_t n, const char *s)
{
    size_t len = strlen(s);

    if (n < cap) {
        size_t k = len < cap - 1 - n ? len : cap - 1 - n;
        memcpy(buf + n, s, k);
        buf[n + k] = '\0';
    }
    return n + len;
}

/* The route's chain of nodes as "A>B>C" (storage legs left out). */
static void put_chain(const gf_plan *p, const gf_plan_route *r, FILE *f)
{
    char buf[4096];
    size_t n = cat(buf, sizeof buf, 0, node_id(p, gf_model_supply(p->model, r->supply)->node));

    for (int32_t k = 0; k < r->n_legs && n < sizeof buf; k++)
        if (r->legs[k].kind == GF_LEG_LINK) {
            n = cat(buf, sizeof buf, n, ">");
            n = cat(buf, sizeof buf, n, node_id(p, gf_model_link(p->model, r->legs[k].ref)->to));
        }
    gf__export_put_str(f, buf);
}

/* The route's legs as "rail O>P 12.00; store H 1.00; sea P>M 20.00". */
static void put_legs(const gf_plan *p, const gf_plan_route *r, FILE *f)
{
    char buf[8192], usd[GF__FMT_CAP];
    size_t n = 0;

    buf[0] = '\0';
    for (int32_t k = 0; k < r->n_legs && n < sizeof buf; k++) {
        const gf_route_leg *g = &r->legs[k];
        gf__fmt_cents(usd, g->cents_per_t);
        if (k)
            n = cat(buf, sizeof buf, n, "; ");
        if (g->kind == GF_LEG_LINK) {
            const gf_link *l = gf_model_link(p->model, g->ref);
            n = cat(buf, sizeof buf, n, gf_mode_name(l->mode));
            if (l->vessel_class[0]) {
                n = cat(buf, sizeof buf, n, ":");
                n = cat(buf, sizeof buf, n, l->vessel_class);
            }
            n = cat(buf, sizeof buf, n, " ");
            n = cat(buf, sizeof buf, n, node_id(p, l->from));
            n = cat(buf, sizeof buf, n, ">");
            n = cat(buf, sizeof buf, n, node_id(p, l->to));
        } else {
            n = cat(buf, sizeof buf, n, "store ");
            n = cat(buf, sizeof buf, n, node_id(p, g->ref));
        }
        n = cat(buf, sizeof buf, n, " ");
        n = cat(buf, sizeof buf, n, usd);
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
        put_ints(f, (int64_t[]){s->period + 1, d->period + 1, r->t}, 3);
        gf__export_put_usd(f, s->price_cents_per_t);
        fputc(',', f);
        gf__export_put_usd(f, r->cents_per_t);
        fprintf(f, ",%.2f,%.3f,", r->days, r->kg_co2_per_t);
        gf__export_put_int(f, stored);
        fputc(',', f);
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
