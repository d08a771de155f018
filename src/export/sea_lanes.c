/* src/export/sea_lanes.c: route sea and ferry legs along sea lanes.
 *
 * A sea leg drawn as the straight line between two ports crosses Turkey and
 * the Sahara. Instead, data/sea_lanes.csv holds a small graph of sea
 * passages: one row per waypoint (id, lat, lon, the ids it links to, the
 * passage it marks), placed in open water at the straits (Kerch, Bosphorus,
 * Dardanelles, Gibraltar, Sicily, Oresund, Dover, Hormuz, Bab-el-Mandeb,
 * Suez) and off the capes (Finisterre, St Vincent, Cap-Vert, Palmas, Good
 * Hope) and off each port of the default scenario. Positions are read off
 * the charted passages (Natural Earth 1:50m coastlines, the outlines the
 * page draws); tests/integration/sea_lanes.sh checks that no sea leg of the
 * default plan crosses land in those outlines. Links are undirected.
 *
 * Routing: each end of the leg joins the waypoint nearest to it, and any
 * other within 1.25 times that distance (a port between two lanes may take
 * either); then Dijkstra on great-circle km gives the shortest path from
 * one end to the other through waypoints only. There is no direct edge
 * between the two ends, even for a short coastal hop: a straight line along
 * a coast cuts its headlands. When the graph offers no path (ends in seas
 * it does not connect, or an empty table) the leg stays a straight line.
 * Other modes are straight lines. The table is embedded in the library
 * (tools/embed.sh) and parsed on each call into fixed arrays: a few
 * hundred rows, no allocation, no global state. Its text is our own (no
 * quoting: fields hold no comma but the last, which takes the rest).
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "export/sea_lanes.h"

#define MAX_LINKS  8   /* per waypoint */
#define MAX_LINE   512 /* bytes per row */
#define MAX_ID     32
#define ATTACH     1.25 /* an end joins waypoints up to this times its nearest distance */
#define EARTH_KM   6371.0
#define DEG_TO_RAD 0.017453292519943295

typedef struct waypoint {
    char id[MAX_ID];
    double lat, lon;
    int32_t link[MAX_LINKS];
    int32_t n_links;
} waypoint;

typedef struct lanes {
    waypoint wp[GF_SEA_LANES_MAX_WAYPOINTS];
    int32_t n;
} lanes;

/* Great-circle distance in km (haversine). */
static double km(double lat0, double lon0, double lat1, double lon1)
{
    double dlat = (lat1 - lat0) * DEG_TO_RAD, dlon = (lon1 - lon0) * DEG_TO_RAD;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat0 * DEG_TO_RAD) * cos(lat1 * DEG_TO_RAD) * sin(dlon / 2) * sin(dlon / 2);

    return 2 * EARTH_KM * asin(sqrt(a < 1 ? a : 1));
}

/* Split row (modified in place) at commas into at most 5 fields; the last
 * takes the rest. Returns the field count. */
static int split(char *row, char *field[5])
{
    int n = 0;

    field[n++] = row;
    for (char *c = row; *c && n < 5; c++)
        if (*c == ',') {
            *c = '\0';
            field[n++] = c + 1;
        }
    return n;
}

static int parse_deg(const char *s, double lo, double hi, double *out, long line, gf_error *err)
{
    char *end;

    errno = 0;
    *out = strtod(s, &end);
    if (errno || end == s || *end || *out < lo || *out > hi)
        return gf_fail(err, GF_EPARSE,
                       "sea_lanes.csv:%ld: '%s' is not a number in %g..%g (degrees)", line, s, lo,
                       hi);
    return GF_OK;
}

static int32_t find(const lanes *ln, const char *id)
{
    for (int32_t i = 0; i < ln->n; i++)
        if (strcmp(ln->wp[i].id, id) == 0)
            return i;
    return -1;
}

/* Add the undirected link a-b (once). */
static int add_link(lanes *ln, int32_t a, int32_t b, long line, gf_error *err)
{
    int32_t ends[2] = {a, b};

    for (int k = 0; k < 2; k++) {
        waypoint *w = &ln->wp[ends[k]];
        int32_t other = ends[1 - k];
        bool have = false;
        for (int32_t j = 0; j < w->n_links; j++)
            have = have || w->link[j] == other;
        if (have)
            continue;
        if (w->n_links == MAX_LINKS)
            return gf_fail(err, GF_ELIMIT, "sea_lanes.csv:%ld: %s has more than %d links", line,
                           w->id, MAX_LINKS);
        w->link[w->n_links++] = other;
    }
    return GF_OK;
}

/* The links of one row ("A B C"; modified in place), once every waypoint
 * is known. */
static int read_links(lanes *ln, int32_t from, char *links, long line, gf_error *err)
{
    int rc = GF_OK;

    while (*links && !rc) {
        char *id = links + strspn(links, " ");
        size_t len = strcspn(id, " ");
        int32_t to;
        links = id + len + (id[len] == ' ');
        if (!len)
            break;
        id[len] = '\0';
        to = find(ln, id);
        if (to < 0 || to == from)
            return gf_fail(err, GF_EPARSE,
                           "sea_lanes.csv:%ld: links: '%s' is not another waypoint's id", line, id);
        rc = add_link(ln, from, to, line, err);
    }
    return rc;
}

/* One data row; pass 0 reads the waypoint, pass 1 its links. */
static int read_row(lanes *ln, char *row, long line, int pass, gf_error *err)
{
    char *f[5];
    waypoint *w;
    int rc;

    if (split(row, f) != 5 || !*f[0] || strlen(f[0]) >= MAX_ID)
        return gf_fail(err, GF_EPARSE,
                       "sea_lanes.csv:%ld: expected id,lat,lon,links,passage with an id "
                       "of 1 to %d characters",
                       line, MAX_ID - 1);
    if (pass == 1)
        return read_links(ln, find(ln, f[0]), f[3], line, err);
    if (find(ln, f[0]) >= 0)
        return gf_fail(err, GF_EPARSE, "sea_lanes.csv:%ld: duplicate id '%s'", line, f[0]);
    if (ln->n == GF_SEA_LANES_MAX_WAYPOINTS)
        return gf_fail(err, GF_ELIMIT, "sea_lanes.csv:%ld: more than %d waypoints", line,
                       GF_SEA_LANES_MAX_WAYPOINTS);
    w = &ln->wp[ln->n];
    memset(w, 0, sizeof *w);
    memcpy(w->id, f[0], strlen(f[0]) + 1);
    rc = parse_deg(f[1], -90, 90, &w->lat, line, err);
    if (!rc)
        rc = parse_deg(f[2], -180, 180, &w->lon, line, err);
    if (!rc)
        ln->n++;
    return rc;
}

/* Parse table into ln: the header row, then one waypoint per row. */
static int parse(const char *table, lanes *ln, gf_error *err)
{
    static const char header[] = "id,lat,lon,links,passage";
    char row[MAX_LINE];
    int rc = GF_OK;

    ln->n = 0;
    for (int pass = 0; pass < 2 && !rc; pass++) {
        const char *s = table;
        for (long line = 1; *s && !rc; line++) {
            size_t len = strcspn(s, "\n");
            size_t keep = len && s[len - 1] == '\r' ? len - 1 : len;
            if (keep >= sizeof row)
                return gf_fail(err, GF_ELIMIT, "sea_lanes.csv:%ld: row longer than %d bytes", line,
                               MAX_LINE - 1);
            memcpy(row, s, keep);
            row[keep] = '\0';
            s += len + (s[len] == '\n');
            if (line == 1 && strcmp(row, header) != 0)
                return gf_fail(err, GF_EPARSE, "sea_lanes.csv:1: the header must be '%s'", header);
            if (line > 1 && keep)
                rc = read_row(ln, row, line, pass, err);
        }
    }
    return rc;
}

/* Distance from end (lat, lon) to waypoint i if it may join it, else -1. */
static void attach(const lanes *ln, double lat, double lon, double *to)
{
    double best = -1;

    for (int32_t i = 0; i < ln->n; i++) {
        to[i] = km(lat, lon, ln->wp[i].lat, ln->wp[i].lon);
        if (best < 0 || to[i] < best)
            best = to[i];
    }
    for (int32_t i = 0; i < ln->n; i++)
        if (to[i] > best * ATTACH)
            to[i] = -1;
}

/* Dijkstra from the start end (joined by from[]) to the end (joined by
 * to[]) over the waypoints. Fills prev[] (-1 = joined from the start) and
 * returns the waypoint the end is reached from, or -1 if none. */
static int32_t shortest(const lanes *ln, const double *from, const double *to, int32_t *prev)
{
    double dist[GF_SEA_LANES_MAX_WAYPOINTS], best = -1;
    bool done[GF_SEA_LANES_MAX_WAYPOINTS] = {false};
    int32_t last = -1;

    for (int32_t i = 0; i < ln->n; i++) {
        dist[i] = from[i];
        prev[i] = -1;
    }
    for (;;) {
        int32_t u = -1;
        for (int32_t i = 0; i < ln->n; i++)
            if (!done[i] && dist[i] >= 0 && (u < 0 || dist[i] < dist[u]))
                u = i;
        if (u < 0 || (best >= 0 && dist[u] >= best))
            break;
        done[u] = true;
        if (to[u] >= 0 && (best < 0 || dist[u] + to[u] < best)) {
            best = dist[u] + to[u];
            last = u;
        }
        for (int32_t j = 0; j < ln->wp[u].n_links; j++) {
            int32_t v = ln->wp[u].link[j];
            double d = dist[u] + km(ln->wp[u].lat, ln->wp[u].lon, ln->wp[v].lat, ln->wp[v].lon);
            if (!done[v] && (dist[v] < 0 || d < dist[v])) {
                dist[v] = d; /* dist[v] = min(dist[v], dist[u] + km(u, v)) */
                prev[v] = u;
            }
        }
    }
    return last;
}

int32_t gf__sea_lane_route(const char *table, gf_mode mode, double lon0, double lat0, double lon1,
                           double lat1, double (*pts)[2], int32_t cap, gf_error *err)
{
    lanes ln;
    double from[GF_SEA_LANES_MAX_WAYPOINTS], to[GF_SEA_LANES_MAX_WAYPOINTS];
    int32_t prev[GF_SEA_LANES_MAX_WAYPOINTS], n = 0, last = -1;
    int rc;

    if (!table || !pts)
        return gf_fail(err, GF_EINVAL, "gf__sea_lane_route: NULL argument");
    if (cap < 2)
        return gf_fail(err, GF_ELIMIT, "gf__sea_lane_route: room for %d points, need 2", cap);
    if (mode == GF_MODE_SEA || mode == GF_MODE_FERRY) {
        rc = parse(table, &ln, err);
        if (rc)
            return rc;
        attach(&ln, lat0, lon0, from);
        attach(&ln, lat1, lon1, to);
        last = shortest(&ln, from, to, prev);
    }
    for (int32_t w = last; w >= 0; w = prev[w])
        n++;
    if (n + 2 > cap)
        return gf_fail(err, GF_ELIMIT, "gf__sea_lane_route: room for %d points, need %d", cap,
                       n + 2);
    pts[0][0] = lon0;
    pts[0][1] = lat0;
    for (int32_t w = last, k = n; w >= 0; w = prev[w], k--) {
        pts[k][0] = ln.wp[w].lon;
        pts[k][1] = ln.wp[w].lat;
    }
    pts[n + 1][0] = lon1;
    pts[n + 1][1] = lat1;
    return n + 2;
}

int32_t gf__sea_lane_path(const gf_model *m, int32_t l, double (*pts)[2], int32_t cap,
                          gf_error *err)
{
    const gf_link *lk;
    const gf_node *u, *v;

    if (!m || l < 0 || l >= gf_model_link_count(m))
        return gf_fail(err, GF_EINVAL, "gf__sea_lane_path: no link %d", l);
    lk = gf_model_link(m, l);
    u = gf_model_node(m, lk->from);
    v = gf_model_node(m, lk->to);
    return gf__sea_lane_route((const char *)gf__sea_lanes_csv, lk->mode, u->lon, u->lat, v->lon,
                              v->lat, pts, cap, err);
}
