#!/usr/bin/env python3
"""Check a scenario folder against scenario format version 1 and summarise it.

Usage: tools/check_scenario.py [DIR] [--max-periods N] [--quiet]
                               [--supply-price-delta USD]
  DIR  default data/kz-ma-africa-v1 relative to the repository root
  --supply-price-delta  shifts every supply price in the analysis and the
                        DIMACS file (e.g. -50: the 2024/25 freight subsidy)
  --dimacs FILE         writes the time-expanded network (DESIGN.md) as a
                        DIMACS min-cost-flow problem, costs in cents
  --flows FILE          summarises a DIMACS flow solution of that network
  --close ID,ID         drops every link into or out of these nodes

Checks every file, header and cell (ids resolve, kinds and modes valid,
numbers in range, costs to the cent, tonnes whole, periods in 1..periods,
lat/lon in range) and prints errors as file:line: message. Exit status 0 when
the scenario is valid, 1 when it is not, 2 on bad usage.

Then prints a back-of-the-envelope reading of the scenario, ignoring time:
- the cheapest landed cost at every market (Dijkstra over link cost + the
  arrival node's handling, starting from each origin at its cheapest offer)
  against its alternative price, directly and through each hub;
- a static minimum-cost flow (annual totals, and the peak supply week with
  no storage) that shows which capacities bind, also with the Russian and
  then also the Baltic corridors closed.
Standard library only.
"""

import argparse
import csv
import heapq
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

KINDS = {"origin", "junction", "border", "port", "hub", "market"}
MODES = {"rail", "road", "sea", "ferry", "river"}
HORIZONS = {"cyclic", "open"}

# file -> (required columns, optional columns)
COLUMNS = {
    "scenario.csv": (["key", "value"], []),
    "nodes.csv": (["id", "name", "country", "kind", "lat", "lon"],
                  ["handling_usd_per_t", "throughput_t_per_period",
                   "storage_t", "storage_usd_per_t_per_period"]),
    "links.csv": (["from", "to", "mode", "distance_km", "cost_usd_per_t",
                   "transit_days"],
                  ["capacity_t_per_period", "co2_kg_per_tkm", "both_ways",
                   "vessel_class", "class_cargo_t"]),
    "supply.csv": (["node", "product", "t"], ["period", "price_usd_per_t"]),
    "demand.csv": (["node", "product", "t", "alt_price_usd_per_t"],
                   ["period"]),
}

MONEY_RE = re.compile(r"^\d+(\.\d{1,2})?$")
INT_RE = re.compile(r"^\d+$")
NUM_RE = re.compile(r"^-?\d+(\.\d+)?$")

INF = float("inf")


class Checker:
    def __init__(self, folder):
        self.folder = folder
        self.errors = []
        self.warnings = []

    def err(self, f, line, msg):
        self.errors.append("%s:%s: %s" % (f, line, msg))

    def warn(self, f, line, msg):
        self.warnings.append("%s:%s: %s" % (f, line, msg))

    def read(self, name):
        path = os.path.join(self.folder, name)
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError as e:
            self.err(name, 0, "cannot read: %s" % e)
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            self.err(name, 0, "not UTF-8: %s" % e)
            return None
        if text.startswith("\ufeff"):
            self.warn(name, 1, "starts with a byte-order mark")
            text = text[1:]
        rows = list(csv.reader(text.splitlines()))
        if not rows:
            self.err(name, 1, "empty file (no header row)")
            return None
        header = rows[0]
        req, opt = COLUMNS[name]
        for c in header:
            if c not in req and c not in opt:
                self.err(name, 1, "unknown column %r" % c)
        for c in req:
            if c not in header:
                self.err(name, 1, "missing required column %r" % c)
        if len(set(header)) != len(header):
            self.err(name, 1, "duplicate column")
        out = []
        for i, r in enumerate(rows[1:], start=2):
            if not r:
                self.err(name, i, "blank line")
                continue
            if len(r) != len(header):
                self.err(name, i, "%d fields, header has %d" % (len(r),
                                                                  len(header)))
                continue
            d = dict(zip(header, r))
            for c in opt:
                d.setdefault(c, "")
            out.append((i, d))
        return out

    # typed cell readers: return None (and record an error) when bad
    def money(self, f, i, col, s, default=None):
        if s == "" and default is not None:
            return default
        if not MONEY_RE.match(s):
            self.err(f, i, "%s: %r is not a non-negative amount to the cent"
                     % (col, s))
            return None
        whole, _, frac = s.partition(".")
        return int(whole) * 100 + int((frac + "00")[:2])

    def whole(self, f, i, col, s, default=None, positive=False):
        if s == "" and default is not None:
            return default
        if not INT_RE.match(s):
            self.err(f, i, "%s: %r is not a whole non-negative number"
                     % (col, s))
            return None
        v = int(s)
        if positive and v <= 0:
            self.err(f, i, "%s: must be > 0" % col)
            return None
        return v

    def number(self, f, i, col, s, lo=None, hi=None, default=None):
        if s == "" and default is not None:
            return default
        if not NUM_RE.match(s):
            self.err(f, i, "%s: %r is not a number" % (col, s))
            return None
        v = float(s)
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            self.err(f, i, "%s: %s out of range [%s, %s]" % (col, s, lo, hi))
            return None
        return v


def check(folder, max_periods):
    c = Checker(folder)
    sc = {}
    rows = c.read("scenario.csv") or []
    for i, d in rows:
        k = d["key"]
        if k in sc:
            c.err("scenario.csv", i, "duplicate key %r" % k)
        if k not in ("name", "periods", "period_days", "horizon",
                     "start_month"):
            c.warn("scenario.csv", i, "unknown key %r" % k)
        sc[k] = (i, d["value"])
    periods = 1
    if "periods" in sc and sc["periods"][1] != "":
        periods = c.whole("scenario.csv", sc["periods"][0], "periods",
                          sc["periods"][1], positive=True) or 1
    if periods > max_periods:
        c.err("scenario.csv", sc["periods"][0],
              "periods %d above %d" % (periods, max_periods))
    period_days = 7.0
    if "period_days" in sc and sc["period_days"][1] != "":
        period_days = c.number("scenario.csv", sc["period_days"][0],
                               "period_days", sc["period_days"][1]) or 7.0
        if period_days <= 0:
            c.err("scenario.csv", sc["period_days"][0], "period_days <= 0")
            period_days = 7.0
    horizon = "cyclic"
    if "horizon" in sc and sc["horizon"][1] != "":
        horizon = sc["horizon"][1]
        if horizon not in HORIZONS:
            c.err("scenario.csv", sc["horizon"][0], "horizon %r" % horizon)
    if "start_month" in sc and sc["start_month"][1] != "":
        sm = c.whole("scenario.csv", sc["start_month"][0], "start_month",
                     sc["start_month"][1], positive=True)
        if sm is not None and sm > 12:
            c.err("scenario.csv", sc["start_month"][0],
                  "start_month %d not a month 1..12" % sm)
    if "name" not in sc or not sc["name"][1]:
        c.warn("scenario.csv", 1, "no name")

    nodes = {}
    for i, d in c.read("nodes.csv") or []:
        f = "nodes.csv"
        nid = d["id"]
        if not nid:
            c.err(f, i, "empty id")
            continue
        if nid in nodes:
            c.err(f, i, "duplicate id %r (first on line %d)"
                  % (nid, nodes[nid]["line"]))
            continue
        if d["kind"] not in KINDS:
            c.err(f, i, "kind %r not one of %s" % (d["kind"], sorted(KINDS)))
        n = {
            "line": i, "name": d["name"], "country": d["country"],
            "kind": d["kind"],
            "lat": c.number(f, i, "lat", d["lat"], -90, 90),
            "lon": c.number(f, i, "lon", d["lon"], -180, 180),
            "handling": c.money(f, i, "handling_usd_per_t",
                                d["handling_usd_per_t"], 0),
            "thr": None if d["throughput_t_per_period"] == "" else c.whole(
                f, i, "throughput_t_per_period", d["throughput_t_per_period"],
                positive=True),
            "storage": c.whole(f, i, "storage_t", d["storage_t"], 0),
            "storage_c": c.money(f, i, "storage_usd_per_t_per_period",
                                 d["storage_usd_per_t_per_period"], 0),
        }
        if not d["name"]:
            c.warn(f, i, "empty name")
        nodes[nid] = n

    links = []
    for i, d in c.read("links.csv") or []:
        f = "links.csv"
        ok = True
        for col in ("from", "to"):
            if d[col] not in nodes:
                c.err(f, i, "%s: unknown node %r" % (col, d[col]))
                ok = False
        if d["from"] == d["to"]:
            c.err(f, i, "link from a node to itself")
            ok = False
        if d["mode"] not in MODES:
            c.err(f, i, "mode %r not one of %s" % (d["mode"], sorted(MODES)))
        if not re.match(r"^[A-Za-z0-9_-]{0,31}$", d["vessel_class"]):
            c.err(f, i, "vessel_class %r: letters, digits, _ and - only, "
                  "at most 31" % d["vessel_class"])
        c.whole(f, i, "class_cargo_t", d["class_cargo_t"], 0)
        if d["vessel_class"] and d["mode"] not in ("sea", "river"):
            c.warn(f, i, "vessel_class on a %s link" % d["mode"])
        bw = d["both_ways"] or "no"
        if bw not in ("yes", "no"):
            c.err(f, i, "both_ways %r not yes/no" % bw)
        lk = {
            "line": i, "from": d["from"], "to": d["to"], "mode": d["mode"],
            "km": c.number(f, i, "distance_km", d["distance_km"], 0),
            "cost": c.money(f, i, "cost_usd_per_t", d["cost_usd_per_t"]),
            "days": c.number(f, i, "transit_days", d["transit_days"], 0),
            "cap": None if d["capacity_t_per_period"] == "" else c.whole(
                f, i, "capacity_t_per_period", d["capacity_t_per_period"],
                positive=True),
            "co2": c.number(f, i, "co2_kg_per_tkm", d["co2_kg_per_tkm"], 0,
                            None, 0.0),
        }
        if not ok or lk["cost"] is None or lk["days"] is None:
            continue
        lk["lag"] = int(-(-lk["days"] // period_days)) if lk["days"] else 0
        if lk["lag"] == 0:
            c.warn(f, i, "transit_days 0: arrives in the same period")
        if lk["lag"] >= periods and horizon == "cyclic":
            c.warn(f, i, "lag %d >= periods %d" % (lk["lag"], periods))
        links.append(lk)
        if bw == "yes":
            rev = dict(lk)
            rev["from"], rev["to"] = lk["to"], lk["from"]
            links.append(rev)

    def period_of(f, i, s):
        if s == "":
            return None
        p = c.whole(f, i, "period", s, positive=True)
        if p is not None and p > periods:
            c.err(f, i, "period %d outside 1..%d" % (p, periods))
            return None
        return p

    products = set()
    supply = []
    for i, d in c.read("supply.csv") or []:
        f = "supply.csv"
        if d["node"] not in nodes:
            c.err(f, i, "unknown node %r" % d["node"])
            continue
        products.add(d["product"])
        s = {"line": i, "node": d["node"],
             "period": period_of(f, i, d["period"]),
             "t": c.whole(f, i, "t", d["t"]),
             "price": c.money(f, i, "price_usd_per_t", d["price_usd_per_t"],
                              0)}
        if s["t"] is None or s["price"] is None:
            continue
        if nodes[d["node"]]["kind"] != "origin":
            c.warn(f, i, "supply at %s of kind %s" % (d["node"],
                                                       nodes[d["node"]]["kind"]))
        supply.append(s)

    demand = []
    for i, d in c.read("demand.csv") or []:
        f = "demand.csv"
        if d["node"] not in nodes:
            c.err(f, i, "unknown node %r" % d["node"])
            continue
        products.add(d["product"])
        s = {"line": i, "node": d["node"],
             "period": period_of(f, i, d["period"]),
             "t": c.whole(f, i, "t", d["t"]),
             "alt": c.money(f, i, "alt_price_usd_per_t",
                            d["alt_price_usd_per_t"])}
        if s["t"] is None or s["alt"] is None:
            continue
        demand.append(s)
    if len(products) > 1:
        c.err("supply.csv", 0, "more than one product: %s" % sorted(products))

    # reachability: every market with demand reachable from some origin
    adj = {}
    for lk in links:
        adj.setdefault(lk["from"], []).append(lk)
    origins = {s["node"] for s in supply}
    seen = set(origins)
    stack = list(origins)
    while stack:
        u = stack.pop()
        for lk in adj.get(u, []):
            if lk["to"] not in seen:
                seen.add(lk["to"])
                stack.append(lk["to"])
    for nid, n in nodes.items():
        if nid not in seen:
            c.warn("nodes.csv", n["line"], "%s not reachable from any "
                   "supply node" % nid)
    for s in demand:
        if s["node"] not in seen:
            c.warn("demand.csv", s["line"], "market %s unreachable"
                   % s["node"])
    return c, {"periods": periods, "period_days": period_days,
               "horizon": horizon, "name": sc.get("name", (0, ""))[1],
               "nodes": nodes, "links": links, "supply": supply,
               "demand": demand}


# ---------------------------------------------------------------------------
# analysis


def usd(cents):
    return "%.2f" % (cents / 100.0)


def dijkstra(S, starts):
    """starts: {node: cost in cents}; cost of a link = cost + handling(to)."""
    nodes, links = S["nodes"], S["links"]
    adj = {}
    for lk in links:
        adj.setdefault(lk["from"], []).append(lk)
    dist = {n: INF for n in nodes}
    pred = {}
    pq = []
    for n, v in starts.items():
        dist[n] = v
        heapq.heappush(pq, (v, n))
    while pq:
        d, u = heapq.heappop(pq)
        if d > dist[u]:
            continue
        for lk in adj.get(u, []):
            nd = d + lk["cost"] + nodes[lk["to"]]["handling"]
            if nd < dist[lk["to"]]:
                dist[lk["to"]] = nd
                pred[lk["to"]] = lk
                heapq.heappush(pq, (nd, lk["to"]))
    return dist, pred


def path_of(pred, n, starts):
    p = [n]
    while n in pred and n not in starts:
        n = pred[n]["from"]
        p.append(n)
    return list(reversed(p))


def supply_by_node(S):
    """Annual tonnes and the cheapest price per origin, and the weekly total."""
    P = S["periods"]
    annual, price, week = {}, {}, [0] * P
    for s in S["supply"]:
        mult = P if s["period"] is None else 1
        annual[s["node"]] = annual.get(s["node"], 0) + s["t"] * mult
        price[s["node"]] = min(price.get(s["node"], s["price"]), s["price"])
        for p in (range(P) if s["period"] is None else [s["period"] - 1]):
            week[p] += s["t"]
    return annual, price, week


def demand_by_node(S):
    P = S["periods"]
    annual, alt = {}, {}
    for s in S["demand"]:
        mult = P if s["period"] is None else 1
        annual[s["node"]] = annual.get(s["node"], 0) + s["t"] * mult
        alt[s["node"]] = s["alt"]  # one row per market in the default data
    return annual, alt


class MinCostFlow:
    """Successive shortest paths with potentials (integer costs)."""

    def __init__(self):
        self.g = {}
        self.edges = []

    def add(self, u, v, cap, cost, tag=None):
        e = [v, cap, cost, None, tag, 0]
        r = [u, 0, -cost, e, None, 0]
        e[3] = r
        self.g.setdefault(u, []).append(e)
        self.g.setdefault(v, []).append(r)
        self.edges.append(e)
        return e

    def run(self, s, t):
        # initial potentials by Bellman-Ford (costs may be negative, no cycle)
        nodes = list(self.g)
        pot = {n: INF for n in nodes}
        pot[s] = 0
        for _ in range(len(nodes)):
            changed = False
            for u in nodes:
                if pot[u] == INF:
                    continue
                for e in self.g[u]:
                    if e[1] > 0 and pot[u] + e[2] < pot[e[0]]:
                        pot[e[0]] = pot[u] + e[2]
                        changed = True
            if not changed:
                break
        total = 0
        while True:
            dist = {n: INF for n in nodes}
            prev = {}
            dist[s] = 0
            pq = [(0, s)]
            while pq:
                d, u = heapq.heappop(pq)
                if d > dist[u]:
                    continue
                for e in self.g[u]:
                    if e[1] <= 0 or pot[u] == INF or pot[e[0]] == INF:
                        continue
                    nd = d + e[2] + pot[u] - pot[e[0]]
                    if nd < dist[e[0]]:
                        dist[e[0]] = nd
                        prev[e[0]] = e
                        heapq.heappush(pq, (nd, e[0]))
            if dist[t] == INF:
                break
            for n in nodes:
                if dist[n] < INF:
                    pot[n] += dist[n]
            path_cost = pot[t] - pot[s]
            if path_cost >= 0:
                break
            f = INF
            v = t
            while v != s:
                e = prev[v]
                f = min(f, e[1])
                v = e[3][0]
            v = t
            while v != s:
                e = prev[v]
                e[1] -= f
                e[3][1] += f
                e[5] += f
                e[3][5] -= f
                v = e[3][0]
            total += f * path_cost
        return total


def static_flow(S, supply_t, demand_t, scale, closed=()):
    """One static period: supply_t/demand_t per node; capacities x scale."""
    nodes, links = S["nodes"], S["links"]
    price = supply_by_node(S)[1]
    alt = demand_by_node(S)[1]
    mcf = MinCostFlow()
    BIG = 10 ** 15
    thr_edges = {}
    for nid, n in nodes.items():
        cap = BIG if n["thr"] is None or nid in closed else n["thr"] * scale
        if nid in closed:
            cap = 0
        thr_edges[nid] = mcf.add(("in", nid), ("out", nid), cap, 0,
                                 ("node", nid))
    link_edges = []
    for lk in links:
        cap = BIG if lk["cap"] is None else lk["cap"] * scale
        e = mcf.add(("out", lk["from"]), ("in", lk["to"]), cap,
                    lk["cost"] + nodes[lk["to"]]["handling"], ("link", lk))
        link_edges.append((lk, e))
    for n, t in supply_t.items():
        mcf.add(("src",), ("out", n), t, price[n], ("supply", n))
    dem_edges = {}
    for n, t in demand_t.items():
        dem_edges[n] = mcf.add(("out", n), ("snk",), t, -alt[n], ("demand", n))
    profit = -mcf.run(("src",), ("snk",))
    return profit, thr_edges, link_edges, dem_edges


def report_flow(S, title, supply_t, demand_t, scale, closed=()):
    nodes = S["nodes"]
    profit, thr, links, dem = static_flow(S, supply_t, demand_t, scale,
                                          closed)
    print("\n%s" % title)
    tot = sum(e[5] for e in dem.values())
    print("  delivered %s t of %s t offered; margin over the alternative "
          "supplier USD %s" % (format(tot, ","),
                               format(sum(supply_t.values()), ","),
                               format(round(profit / 100), ",")))
    served = sorted(((e[5], n) for n, e in dem.items() if e[5] > 0),
                    reverse=True)
    print("  markets served: " + (", ".join(
        "%s %s t" % (n, format(f, ",")) for f, n in served) or "none"))
    used = {}
    for lk, e in links:
        if e[5] > 0:
            key = (lk["from"], lk["to"])
            used[key] = used.get(key, 0) + e[5]
    print("  legs used: " + ", ".join(
        "%s>%s %s" % (a, b, format(f, ",")) for (a, b), f in
        sorted(used.items(), key=lambda x: -x[1])))
    binding = []
    for nid, e in thr.items():
        n = nodes[nid]
        if n["thr"] is not None and nid not in closed:
            cap = n["thr"] * scale
            if e[5] >= cap:
                binding.append("node %s throughput %s t" % (nid,
                                                           format(cap, ",")))
    for lk, e in links:
        if lk["cap"] is not None and e[5] >= lk["cap"] * scale:
            binding.append("link %s>%s capacity %s t" % (
                lk["from"], lk["to"], format(lk["cap"] * scale, ",")))
    print("  binding capacities: " + ("; ".join(binding) or "none"))
    return profit


def analyse(S):
    nodes, links = S["nodes"], S["links"]
    P = S["periods"]
    s_annual, s_price, s_week = supply_by_node(S)
    d_annual, d_alt = demand_by_node(S)

    print("\n== summary: %s" % S["name"])
    kinds = {}
    for n in nodes.values():
        kinds[n["kind"]] = kinds.get(n["kind"], 0) + 1
    modes = {}
    for lk in links:
        modes[lk["mode"]] = modes.get(lk["mode"], 0) + 1
    print("periods %d x %g days, %s; nodes %d (%s); links %d (%s)" % (
        P, S["period_days"], S["horizon"], len(nodes),
        ", ".join("%s %d" % kv for kv in sorted(kinds.items())), len(links),
        ", ".join("%s %d" % kv for kv in sorted(modes.items()))))
    print("time expansion: %d node copies, %d link arcs, %d storage arcs" % (
        len(nodes) * P, len(links) * P,
        sum(1 for n in nodes.values() if n["storage"] > 0) * P))
    print("supply %s t/yr: %s" % (format(sum(s_annual.values()), ","), ", ".join(
        "%s %s" % (n, format(t, ",")) for n, t in s_annual.items())))
    wmax = max(s_week)
    print("weekly supply %s..%s t (peak week %d)" % (
        format(min(s_week), ","), format(wmax, ","), s_week.index(wmax) + 1))
    print("demand %s t/yr over %d markets" % (
        format(sum(d_annual.values()), ","), len(d_annual)))

    # cheapest landed cost per market, direct and through each hub
    starts = {n: p for n, p in s_price.items()}
    dist, _pred = dijkstra(S, starts)
    hubs = [n for n, v in nodes.items() if v["kind"] == "hub"]
    from_hub = {h: dijkstra(S, {h: 0})[0] for h in hubs}

    def no_hub_dist():
        # the same search with hubs closed to transit (a hub may still be the
        # market itself)
        adj_links = [lk for lk in links if nodes[lk["from"]]["kind"] != "hub"]
        T = dict(S)
        T["links"] = adj_links
        return dijkstra(T, starts)

    dist_nh, pred_nh = no_hub_dist()
    print("\n== cheapest landed cost vs alternative price (USD/t; supply "
          "price + links + handling on arrival; time ignored)")
    print("%-16s %9s %9s %8s  %-8s %s" % ("market", "alt", "direct", "margin",
                                          "best hub", "via best hub (margin)"))
    hub_stats = {h: [0, 0, 0] for h in hubs}  # markets below alt, t, penalty
    for m in sorted(d_alt, key=lambda n: nodes[n]["line"]):
        alt = d_alt[m]
        direct = dist_nh[m]
        best_h, best_v = None, INF
        for h in hubs:
            if h == m:
                continue
            v = dist[h] + from_hub[h][m]
            if v < best_v:
                best_h, best_v = h, v
            if v < alt:
                hub_stats[h][0] += 1
                hub_stats[h][1] += d_annual[m]
        path = " > ".join(path_of(pred_nh, m, starts))
        dtxt = usd(direct) if direct < INF else "-"
        mtxt = usd(alt - direct) if direct < INF else "-"
        htxt = "-" if best_h is None or best_v == INF else "%s (%s)" % (
            usd(best_v), usd(alt - best_v))
        print("%-16s %9s %9s %8s  %-15s %s" % (
            m, usd(alt), dtxt, mtxt,
            (best_h or "-").replace("MA_", ""), htxt))
        print("%-16s   direct path: %s" % ("", path))

    print("\n== Moroccan hubs: landed cost at the hub, own demand, transit "
          "markets below their alt price via the hub")
    for h in hubs:
        own = ""
        if h in d_alt:
            own = "own demand %s t/yr, alt %s, margin %s" % (
                format(d_annual[h], ","), usd(d_alt[h]),
                usd(d_alt[h] - dist[h]))
        pen = []
        for m in d_alt:
            if m == h or nodes[m]["kind"] == "hub":
                continue
            v = dist[h] + from_hub[h][m]
            if v < INF and dist_nh[m] < INF:
                pen.append(v - dist_nh[m])
        avg = sum(pen) / len(pen) if pen else INF
        print("  %-15s landed %s; storage %s t; %s; via-hub markets below "
              "alt %d (%s t/yr); mean hub penalty vs direct %s" % (
                  h, usd(dist[h]), format(nodes[h]["storage"], ","), own,
                  hub_stats[h][0], format(hub_stats[h][1], ","),
                  usd(avg) if avg < INF else "-"))

    print("\n== origins: cheapest margin at any market (USD/t)")
    for o in s_price:
        d1, _ = dijkstra(S, {o: s_price[o]})
        best = max(((d_alt[m] - d1[m], m) for m in d_alt if d1[m] < INF),
                   default=(None, None))
        print("  %-13s %s t/yr  best margin %s at %s" % (
            o, format(s_annual[o], ","),
            usd(best[0]) if best[0] is not None else "-", best[1]))

    # static flows
    wk = {m: 0 for m in d_annual}
    for s in S["demand"]:
        wk[s["node"]] += s["t"] if s["period"] is None else 0
    peak = s_week.index(max(s_week)) + 1
    peak_supply = {}
    for s in S["supply"]:
        if s["period"] in (None, peak):
            peak_supply[s["node"]] = peak_supply.get(s["node"], 0) + s["t"]
    print("\n== static min-cost flow (no time: a check of capacities, not "
          "the plan)")
    report_flow(S, "annual totals, capacities x %d" % P, s_annual, d_annual,
                P)
    report_flow(S, "peak week %d, no storage, weekly capacities" % peak,
                peak_supply, wk, 1)
    ru = tuple(n for n in nodes if n.startswith("RU_"))
    report_flow(S, "annual, Russian ports closed (%s)" % ", ".join(ru),
                s_annual, d_annual, P, closed=ru)
    report_flow(S, "peak week %d, Russian ports closed" % peak, peak_supply,
                wk, 1, closed=ru)
    bal = ru + tuple(n for n in nodes if n.startswith("LV_"))
    report_flow(S, "peak week %d, Russian and Baltic ports closed" % peak,
                peak_supply, wk, 1, closed=bal)
    report_flow(S, "annual, Russian and Baltic ports closed", s_annual,
                d_annual, P, closed=bal)


def write_dimacs(S, path):
    """The time expansion of DESIGN.md as a DIMACS min-cost-flow problem.

    Node (n,t) for every node and period, split into in/out copies joined by
    an arc of the node's throughput when it has one (link arrivals enter at
    'in'; supply, storage and demand use 'out'). Link arc out(u,t) ->
    in(v,t+lag), cost = link cost + handling(v) in cents, capacity per
    period; cyclic wraps t+lag, open drops arcs that would arrive after the
    last period. Storage arc out(n,t) -> out(n,t+1) (cyclic: last -> first).
    Supply arc source -> out(o,t), demand arc out(m,t) -> sink at -alt, and
    source -> sink at 0 for supply that stays home. Costs in US cents,
    flows in tonnes; minus the optimal cost is the margin over buying
    elsewhere.
    """
    nodes, links, P = S["nodes"], S["links"], S["periods"]
    cyclic = S["horizon"] == "cyclic"
    ids = {}
    nxt = [1]

    def new_id():
        nxt[0] += 1
        return nxt[0] - 1

    for nid in nodes:
        for t in range(P):
            o = new_id()
            i = new_id() if nodes[nid]["thr"] is not None else o
            ids[(nid, t)] = (i, o)
    src, snk = new_id(), new_id()
    arcs = []
    for nid, n in nodes.items():
        if n["thr"] is not None:
            for t in range(P):
                i, o = ids[(nid, t)]
                arcs.append((i, o, n["thr"], 0, ("thr", nid, t)))
    for lk in links:
        for t in range(P):
            t2 = t + lk["lag"]
            if t2 >= P:
                if not cyclic:
                    continue
                t2 %= P
            arcs.append((ids[(lk["from"], t)][1], ids[(lk["to"], t2)][0],
                         lk["cap"], lk["cost"] + nodes[lk["to"]]["handling"],
                         ("link", lk["from"], lk["to"], t)))
    for nid, n in nodes.items():
        if n["storage"] > 0:
            for t in range(P):
                if t + 1 >= P and not cyclic:
                    continue
                arcs.append((ids[(nid, t)][1], ids[(nid, (t + 1) % P)][1],
                             n["storage"], n["storage_c"], ("store", nid, t)))
    total = 0
    for s in S["supply"]:
        for t in (range(P) if s["period"] is None else [s["period"] - 1]):
            arcs.append((src, ids[(s["node"], t)][1], s["t"], s["price"],
                         ("supply", s["node"], t)))
            total += s["t"]
    for d in S["demand"]:
        for t in (range(P) if d["period"] is None else [d["period"] - 1]):
            arcs.append((ids[(d["node"], t)][1], snk, d["t"], -d["alt"],
                         ("demand", d["node"], t)))
    arcs.append((src, snk, total, 0, ("home",)))
    if path is None:
        return arcs
    with open(path, "w", encoding="ascii") as f:
        f.write("c time expansion of scenario '%s': %d periods, %s\n" % (
            S["name"], P, S["horizon"]))
        f.write("c node %d = source, %d = sink; costs in cents, flows in t\n"
                % (src, snk))
        f.write("p min %d %d\n" % (nxt[0] - 1, len(arcs)))
        f.write("n %d %d\n" % (src, total))
        f.write("n %d %d\n" % (snk, -total))
        for u, v, cap, cost, _c in arcs:
            f.write("a %d %d 0 %d %d\n" % (u, v, total if cap is None
                                            else cap, cost))
    return nxt[0] - 1, len(arcs)


def report_solution(S, path):
    """Summarise a DIMACS flow file ('f U V X' lines, as LEMON or grainflow
    write them) for the network write_dimacs builds from the same folder.
    Parallel arcs with the same ends (vessel classes with the same lag) are
    summed, which is all this summary needs."""
    arcs = write_dimacs(S, None)
    by_ends = {}
    for u, v, _cap, _cost, what in arcs:
        by_ends.setdefault((u, v), what)
    agg = {"supply": {}, "demand": {}, "link": {}, "store": {}}
    store_max = {}
    cost = None
    with open(path, encoding="ascii") as f:
        for line in f:
            p = line.split()
            if p and p[0] == "s":
                cost = int(p[1])
            if not p or p[0] != "f":
                continue
            u, v, x = int(p[1]), int(p[2]), int(p[3])
            what = by_ends.get((u, v))
            if what is None or x == 0:
                continue
            k = what[0]
            if k == "home" or k == "thr":
                continue
            key = what[1] if k != "link" else (what[1], what[2])
            agg[k][key] = agg[k].get(key, 0) + x
            if k == "store":
                store_max[what[1]] = max(store_max.get(what[1], 0), x)
    print("\n== solution %s%s" % (path, "" if cost is None else
                                   " (cost %s cents)" % format(cost, ",")))
    print("supply taken: " + (", ".join("%s %s" % (n, format(t, ",")) for
                                        n, t in agg["supply"].items())
                              or "none"))
    print("delivered: " + (", ".join("%s %s" % (n, format(t, ",")) for n, t
                                     in sorted(agg["demand"].items(),
                                               key=lambda kv: -kv[1]))
                           or "none"))
    print("legs: " + ", ".join("%s>%s %s" % (a, b, format(t, ",")) for
                               (a, b), t in sorted(agg["link"].items(),
                                                   key=lambda kv: -kv[1])))
    print("storage (tonne-periods; peak stock): " + (", ".join(
        "%s %s; %s" % (n, format(t, ","), format(store_max[n], ","))
        for n, t in agg["store"].items()) or "none"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", nargs="?",
                    default=os.path.join(REPO, "data", "kz-ma-africa-v1"))
    ap.add_argument("--max-periods", type=int, default=52)
    ap.add_argument("--quiet", action="store_true",
                    help="checks only, no analysis")
    ap.add_argument("--dimacs", metavar="FILE",
                    help="also write the time-expanded network (DESIGN.md "
                    "formulation) as a DIMACS min-cost-flow problem")
    ap.add_argument("--close", metavar="ID,ID", default="",
                    help="drop every link into or out of these nodes, for "
                    "the analysis and the DIMACS file")
    ap.add_argument("--flows", metavar="FILE",
                    help="summarise a DIMACS flow solution of the --dimacs "
                    "network (same folder and options)")
    ap.add_argument("--supply-price-delta", type=float, default=0.0,
                    metavar="USD",
                    help="add USD/t to every supply price in the analysis "
                    "and the DIMACS file "
                    "(e.g. -50 for the 2024/25 Kazakh freight subsidy of "
                    "USD 40-60/t)")
    args = ap.parse_args()
    if not os.path.isdir(args.dir):
        sys.stderr.write("check_scenario: no folder %s\n" % args.dir)
        sys.exit(2)
    c, S = check(args.dir, args.max_periods)
    for w in c.warnings:
        print("warning: " + w)
    for e in c.errors:
        print("error: " + e)
    print("%s: %s (%d errors, %d warnings)" % (
        os.path.relpath(args.dir), "valid" if not c.errors else "INVALID",
        len(c.errors), len(c.warnings)))
    if c.errors:
        sys.exit(1)
    if args.supply_price_delta:
        delta = int(round(args.supply_price_delta * 100))
        for sp in S["supply"]:
            sp["price"] = max(0, sp["price"] + delta)
        print("every supply price shifted by USD %+.2f/t for the analysis "
              "and the DIMACS file" % (delta / 100.0))
    closed = [x for x in args.close.split(",") if x]
    for x in closed:
        if x not in S["nodes"]:
            sys.stderr.write("check_scenario: --close: no node %s\n" % x)
            sys.exit(2)
    if closed:
        S["links"] = [lk for lk in S["links"] if lk["from"] not in closed
                      and lk["to"] not in closed]
        print("closed %s: %d links left" % (", ".join(closed),
                                            len(S["links"])))
    if args.dimacs:
        n, m = write_dimacs(S, args.dimacs)
        print("wrote %s: %d nodes, %d arcs" % (args.dimacs, n, m))
    if args.flows:
        report_solution(S, args.flows)
    if not args.quiet:
        analyse(S)


if __name__ == "__main__":
    main()
