#!/usr/bin/env python3
"""tools/hub_sweep.py: at what onward cost does a Moroccan hub pay?

Copies a scenario, lowers the cost of every sea link leaving a node of kind
`hub` by X USD/t for each X given, plans each copy with `grainflow plan
--json`, and prints the tonnes transshipped (sea flow leaving a hub) and the
main hub lanes. Used for the README's walk-through of the default scenario.

    tools/hub_sweep.py [--grainflow build/grainflow] [--scenario DIR] X [X ...]
"""
import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def plan_with_discount(gf, scenario, x, work):
    kinds = {r["id"]: r["kind"] for r in csv.DictReader(open(scenario / "nodes.csv"))}
    copy = work / f"x{x}"
    shutil.copytree(scenario, copy)
    rows = list(csv.DictReader(open(scenario / "links.csv")))
    with open(copy / "links.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        for r in rows:
            if r["mode"] == "sea" and kinds.get(r["from"]) == "hub":
                r["cost_usd_per_t"] = "%.2f" % max(0.0, float(r["cost_usd_per_t"]) - x)
            w.writerow(r)
    run = subprocess.run([gf, "plan", str(copy), "--json"], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"hub_sweep: grainflow plan failed for X={x}: {run.stderr.strip()}")
    plan = json.loads(run.stdout)
    lanes = {}
    for fl in plan["flows"]:
        if kinds.get(fl["from"]) == "hub" and fl["mode"] == "sea":
            key = f'{fl["from"]}->{fl["to"]}'
            lanes[key] = lanes.get(key, 0) + fl["t"]
    return plan, lanes


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--grainflow", default=str(ROOT / "build" / "grainflow"))
    ap.add_argument("--scenario", default=str(ROOT / "data" / "kz-ma-africa"))
    ap.add_argument("x", nargs="+", type=float, help="USD/t off every sea link leaving a hub")
    args = ap.parse_args()
    print("x_usd_per_t,delivered_t,transshipped_t,total_cost_usd,top_lanes")
    with tempfile.TemporaryDirectory() as tmp:
        for x in args.x:
            plan, lanes = plan_with_discount(args.grainflow, Path(args.scenario), x, Path(tmp))
            top = sorted(lanes.items(), key=lambda kv: -kv[1])[:3]
            print(f'{x:g},{plan["delivered_t"]},{sum(lanes.values())},'
                  f'{plan["total_cost_usd"]:.2f},"{"; ".join(f"{k} {v}" for k, v in top)}"')


if __name__ == "__main__":
    main()
