#!/usr/bin/env python3
"""Write a synthetic grain-corridor scenario (format version 1) for bench/plan.sh.

Usage: tools/gen_scenario.py PLACES OUTDIR [--seed N] [--periods N] [--scale F]

PLACES places (>= 20) are spread over max(2, PLACES // 250) regions, each a
cluster of points around its own centre: 30 % origins, 25 % junctions, 10 %
ports, 5 % hubs and 30 % markets (every region gets at least one of each).
Links:
  - inland: every non-port place is joined both ways to its 3 nearest places
    of the same region (rail above 400 km or for origins, road otherwise),
    and every port to its 2 nearest inland places; some rail links carry a
    weekly capacity;
  - sea: every port is joined both ways to its 3 nearest ports in other
    regions, with 1 to 3 parallel rows per lane (vessel classes: handysize,
    supramax, panamax: cheaper and slower as they grow, the larger with a
    weekly capacity).
Origins and hubs store grain; ports have a weekly throughput limit. Supply is
offered at every origin in every week, following a harvest profile (most of
it in weeks 27-40). Demand is the same every week at every market, with an
alternative price drawn so that the markets close to supply are served and
some far ones are not. Every tonnage (crops, demand, storage, throughput,
capacities) is multiplied by --scale, by default min(1, 1000 / PLACES): a
bigger scenario is a finer map of the same grain (districts, not regions),
and its worst-case objective stays inside the solver's 2^61 bound, which
counts every finite capacity once per period (at full size, 5000 places
are refused: "the objective could exceed 2^61"). The output depends on PLACES, --seed and --periods
only (Python's random.Random with an integer seed), so the same arguments
give the same bytes.

Standard library only. Writes scenario.csv, nodes.csv, links.csv,
supply.csv and demand.csv into OUTDIR (created if missing).
"""

import argparse
import math
import os
import random
import sys

KINDS = (("origin", 30), ("junction", 25), ("port", 10), ("hub", 5), ("market", 30))
VESSELS = (  # name, cost per t per 1000 km, speed km/day, capacity t/week (None = open)
    ("handysize", 4.2, 520, None),
    ("supramax", 3.4, 480, 12000),
    ("panamax", 2.7, 440, 18000),
)


def km(a, b):
    """Great-circle distance in km between (lat, lon) pairs."""
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(
        (lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def plan_kinds(places, regions):
    """The kind of every place, region by region (at least one of each)."""
    out = []
    per = [places // regions + (1 if r < places % regions else 0) for r in range(regions)]
    for r, n in enumerate(per):
        counts = [max(1, n * share // 100) for _, share in KINDS]
        counts[1] += n - sum(counts)  # junctions absorb the rounding
        if counts[1] < 1:
            raise SystemExit("gen_scenario: too few places per region")
        for (kind, _), c in zip(KINDS, counts):
            out.extend((r, kind) for _ in range(c))
    return out


def tonnes(x, scale):
    """A tonnage x scale as a whole number of tonnes, at least 1."""
    return "%d" % max(1, round(x * scale))


def make_nodes(rng, places, regions, scale):
    centres = [(rng.uniform(-30, 55), rng.uniform(-20, 100)) for _ in range(regions)]
    nodes = []
    for i, (r, kind) in enumerate(plan_kinds(places, regions)):
        c = centres[r]
        lat = max(-80.0, min(80.0, c[0] + rng.gauss(0, 4)))
        lon = max(-179.0, min(179.0, c[1] + rng.gauss(0, 6)))
        n = {"id": "P%05d" % i, "region": r, "kind": kind, "lat": lat, "lon": lon,
             "handling": "", "throughput": "", "storage": "", "storage_fee": ""}
        if kind == "origin":
            n["storage"] = tonnes(rng.randrange(10000, 80000, 100), scale)
            n["storage_fee"] = "%.2f" % rng.uniform(0.15, 0.35)
        elif kind == "hub":
            n["storage"] = tonnes(rng.randrange(5000, 40000, 100), scale)
            n["storage_fee"] = "%.2f" % rng.uniform(0.20, 0.60)
            n["handling"] = "%.2f" % rng.uniform(2, 6)
        elif kind == "port":
            n["handling"] = "%.2f" % rng.uniform(3, 9)
            n["throughput"] = tonnes(rng.randrange(5000, 25000, 100), scale)
        nodes.append(n)
    return nodes


def nearest(nodes, i, cands, k):
    p = (nodes[i]["lat"], nodes[i]["lon"])
    ds = sorted((km(p, (nodes[j]["lat"], nodes[j]["lon"])), j) for j in cands if j != i)
    return ds[:k]


def make_links(rng, nodes, regions, scale):
    links, seen = [], set()
    by_region = [[] for _ in range(regions)]
    for i, n in enumerate(nodes):
        by_region[n["region"]].append(i)

    def inland(i, j, d):
        key = (min(i, j), max(i, j))
        if key in seen:
            return
        seen.add(key)
        d = max(d, 5.0)
        rail = d > 400 or "origin" in (nodes[i]["kind"], nodes[j]["kind"])
        rate, speed = (0.018, 350.0) if rail else (0.045, 500.0)
        cap = ""
        if rail and rng.random() < 0.3:
            cap = tonnes(rng.randrange(1000, 8000, 100), scale)
        links.append((i, j, "rail" if rail else "road", d, 1.5 + rate * d, d / speed, cap,
                      0.022 if rail else 0.062))

    for members in by_region:
        land = [j for j in members if nodes[j]["kind"] != "port"]
        for i in members:
            k = 2 if nodes[i]["kind"] == "port" else 3
            for d, j in nearest(nodes, i, land, k):
                inland(i, j, d)
    ports = [i for i, n in enumerate(nodes) if n["kind"] == "port"]
    for i in ports:
        other = [j for j in ports if nodes[j]["region"] != nodes[i]["region"]]
        for d, j in nearest(nodes, i, other, 3):
            key = (min(i, j), max(i, j), "sea")
            if key in seen:
                continue
            seen.add(key)
            d = d * 1.25 + 50  # sailing distance
            for name, rate, speed, cap in VESSELS[:rng.randint(1, 3)]:
                links.append((i, j, "sea", d, 2.0 + rate * d / 1000, d / speed + 1.5,
                              "" if cap is None else tonnes(cap, scale), 0.008 if name == "handysize"
                              else 0.006))
    return links


def harvest(period, periods):
    """Share weight of a week: most of the crop in weeks 27-40 of 52."""
    w = (period - 1) * 52.0 / periods + 1
    return 6.0 if 27 <= w <= 40 else 0.6


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(str(x) for x in r) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("places", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--periods", type=int, default=52)
    ap.add_argument("--scale", type=float, default=None)
    a = ap.parse_args()
    if a.places < 20 or a.places > 1000000 or a.periods < 1 or a.periods > 10000:
        ap.error("PLACES must be in [20, 1000000] and --periods in [1, 10000]")
    rng = random.Random(a.seed)
    regions = max(2, a.places // 250)
    scale = a.scale if a.scale is not None else min(1.0, 1000.0 / a.places)
    if not 0 < scale <= 1000:
        ap.error("--scale must be in (0, 1000]")
    nodes = make_nodes(rng, a.places, regions, scale)
    links = make_links(rng, nodes, regions, scale)
    os.makedirs(a.outdir, exist_ok=True)
    out = lambda name: os.path.join(a.outdir, name)
    write_csv(out("scenario.csv"), ("key", "value"), [
        ("name", "synthetic %d places seed %d" % (a.places, a.seed)),
        ("periods", a.periods), ("period_days", 7), ("horizon", "cyclic")])
    write_csv(out("nodes.csv"), ("id", "name", "country", "kind", "lat", "lon",
                                 "handling_usd_per_t", "throughput_t_per_period", "storage_t",
                                 "storage_usd_per_t_per_period"),
              [(n["id"], "place %s" % n["id"], "R%03d" % n["region"], n["kind"],
                "%.4f" % n["lat"], "%.4f" % n["lon"], n["handling"], n["throughput"],
                n["storage"], n["storage_fee"]) for n in nodes])
    write_csv(out("links.csv"), ("from", "to", "mode", "distance_km", "cost_usd_per_t",
                                 "transit_days", "capacity_t_per_period", "co2_kg_per_tkm",
                                 "both_ways"),
              [(nodes[i]["id"], nodes[j]["id"], mode, "%.0f" % d, "%.2f" % c, "%.1f" % days,
                cap, "%.4f" % co2, "yes") for i, j, mode, d, c, days, cap, co2 in links])
    total_w = sum(harvest(t, a.periods) for t in range(1, a.periods + 1))
    supply = []
    for n in (n for n in nodes if n["kind"] == "origin"):
        crop = rng.randrange(20000, 300000) * scale
        price = rng.uniform(140, 190)
        for t in range(1, a.periods + 1):
            supply.append((n["id"], "wheat", t, max(1, round(crop * harvest(t, a.periods) / total_w)),
                           "%.2f" % price))
    write_csv(out("supply.csv"), ("node", "product", "period", "t", "price_usd_per_t"), supply)
    demand = []
    for n in (n for n in nodes if n["kind"] == "market"):
        weekly = tonnes(rng.randrange(100, 4000), scale)
        demand.append((n["id"], "wheat", "", weekly, "%.2f" % rng.uniform(170, 300)))
    write_csv(out("demand.csv"), ("node", "product", "period", "t", "alt_price_usd_per_t"),
              demand)
    print("gen_scenario: %s: %d places, %d links, %d supply rows, %d demand rows"
          % (a.outdir, len(nodes), len(links), len(supply), len(demand)), file=sys.stderr)


if __name__ == "__main__":
    main()
