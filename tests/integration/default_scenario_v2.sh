#!/bin/sh
# tests/integration/default_scenario_v2.sh: the committed version-2 default
# scenario (data/kz-ma-africa, format version 2) is what the generator builds from
# ../shared/data, two builds give the same bytes, SOURCES.md's hashes are
# those of the inputs, every row names nodes, products and links that exist,
# a full ship costs what version 1 charges per tonne, alt_from reproduces
# version 1's alternative prices, and the variants (--no-subsidy,
# --fertiliser, --flour-market, --hubs, version 1 with --winter) change what they
# say and nothing else. Without ../shared/data only the committed folder is
# checked and the script exits 77 (a skip for tests/run.sh, a failure in CI).
#   sh tests/integration/default_scenario_v2.sh      (from the repository root)
# Needs python3 (tools/install-deps). GF_SHARED_DATA overrides the data path.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
V1="$ROOT/data/kz-ma-africa-v1"
V2="$ROOT/data/kz-ma-africa"
BUILD_PY="$ROOT/tools/build_default_scenario.py"
SHARED=${GF_SHARED_DATA:-$ROOT/../shared/data}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

say() { echo "default_scenario_v2: $*"; }

# check DIR [SHARED]: referential integrity and the cost identities, in
# Python (standard library). Prints one line per problem; exit 1 if any.
check() {
    python3 - "$1" "$V1" "${2:-}" <<'PY'
import csv, hashlib, heapq, os, re, sys
from decimal import Decimal, ROUND_HALF_UP

d, v1, shared = sys.argv[1], sys.argv[2], sys.argv[3]
bad = []
def rows(name, folder=d):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return None
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
C = Decimal("0.01")
nodes = {r["id"]: r for r in rows("nodes.csv")}
links = rows("links.csv")
prods = [r["id"] for r in rows("products.csv")]
supply, demand = rows("supply.csv"), rows("demand.csv")
hubs, conv = rows("hubs.csv"), rows("conversions.csv")
periods = int({r["key"]: r["value"] for r in rows("scenario.csv")}["periods"])
for i, r in enumerate(links, 2):
    for end in ("from", "to"):
        if r[end] not in nodes:
            bad.append("links.csv:%d: %s %s is no node" % (i, end, r[end]))
    for p in filter(None, r["products"].split(";")):
        if p not in prods:
            bad.append("links.csv:%d: product %s unknown" % (i, p))
    if bool(r["vessel_t"]) != bool(r["usd_per_departure"]):
        bad.append("links.csv:%d: vessel_t without usd_per_departure" % i)
hub_nodes = {n for n, r in nodes.items() if r["kind"] == "hub"}
for name, table in (("supply.csv", supply), ("demand.csv", demand)):
    for i, r in enumerate(table, 2):
        if r["node"] not in nodes:
            bad.append("%s:%d: node %s unknown" % (name, i, r["node"]))
        if r["product"] not in prods:
            bad.append("%s:%d: product %s unknown" % (name, i, r["product"]))
        if r["node"] in hub_nodes:
            bad.append("%s:%d: a hub facility has a %s row" % (name, i, name))
for i, r in enumerate(demand, 2):
    forms = bool(r.get("alt_price_usd_per_t")) + bool(r.get("alt_from"))
    if forms != 1:
        bad.append("demand.csv:%d: %d alternative-price forms" % (i, forms))
    if r.get("alt_from") and r["alt_from"] not in nodes:
        bad.append("demand.csv:%d: alt_from %s unknown" % (i, r["alt_from"]))
for i, r in enumerate(hubs, 2):
    if r["node"] not in hub_nodes:
        bad.append("hubs.csv:%d: %s is not a hub node" % (i, r["node"]))
    if not r["throughput_t_per_period"]:
        bad.append("hubs.csv:%d: no throughput" % i)
if hub_nodes - {r["node"] for r in hubs}:
    bad.append("hub nodes without options: %s"
               % sorted(hub_nodes - {r["node"] for r in hubs}))
for i, r in enumerate(conv, 2):
    if r["node"] not in nodes:
        bad.append("conversions.csv:%d: node unknown" % i)
    for p in (r["from_product"], r["to_product"]):
        if p not in prods:
            bad.append("conversions.csv:%d: product %s unknown" % (i, p))
keys = {(r["from"], r["to"], r["mode"]) for r in links}
for i, r in enumerate(rows("link_periods.csv") or [], 2):
    if (r["from"], r["to"], r["mode"]) not in keys:
        bad.append("link_periods.csv:%d: no such link" % i)
    if not 1 <= int(r["period"]) <= periods:
        bad.append("link_periods.csv:%d: period out of range" % i)
for i, r in enumerate(rows("node_periods.csv") or [], 2):
    if r["node"] not in nodes or not 1 <= int(r["period"]) <= periods:
        bad.append("node_periods.csv:%d: bad node or period" % i)

# A full ship costs what version 1 charges per tonne (to the cent): the
# version-1 row of the same lane and class, hubs mapped to their port.
v1cost = {}
for r in rows("links.csv", v1):
    v1cost[(r["from"], r["to"], r["vessel_class"])] = Decimal(r["cost_usd_per_t"])
def port(n):
    return n[:-4] if n.endswith("_HUB") else n
n_dep = 0
for i, r in enumerate(links, 2):
    if not r["vessel_t"]:
        continue
    n_dep += 1
    full = Decimal(r["cost_usd_per_t"]) + (Decimal(r["usd_per_departure"])
                                           / Decimal(r["vessel_t"]))
    want = v1cost.get((port(r["from"]), port(r["to"]), r["vessel_class"]))
    if want is None or abs(full - want) > C:
        bad.append("links.csv:%d: a full ship costs %s/t, version 1 %s"
                   % (i, full.quantize(C), want))
# alt_from: the cheapest path (link cost + departure / vessel_t, handling of
# every node entered, through no hub) + alt_fob = version 1's price.
v1alt = {(r["node"], r["product"]): Decimal(r["alt_price_usd_per_t"])
         for r in rows("demand.csv", v1)}
def link_cost(r):
    c = Decimal(r["cost_usd_per_t"])
    if r["vessel_t"]:
        c += (Decimal(r["usd_per_departure"]) / Decimal(r["vessel_t"])
              ).quantize(C, rounding=ROUND_HALF_UP)
    return c
def cheapest(src, product):
    dist, pq = {src: Decimal(0)}, [(Decimal(0), src)]
    while pq:
        c, u = heapq.heappop(pq)
        if c > dist[u]:
            continue
        for r in links:
            if r["from"] != u or r["to"] in hub_nodes:
                continue
            if r["products"] and product not in r["products"].split(";"):
                continue
            nc = c + link_cost(r) + Decimal(nodes[r["to"]]["handling_usd_per_t"])
            if nc < dist.get(r["to"], nc + 1):
                dist[r["to"]] = nc
                heapq.heappush(pq, (nc, r["to"]))
    return dist
paths = {}
for i, r in enumerate(demand, 2):
    if not r.get("alt_from"):
        continue
    key = (r["alt_from"], r["product"])
    if key not in paths:
        paths[key] = cheapest(*key)
    got = Decimal(r["alt_fob_usd_per_t"]) + paths[key][r["node"]]
    want = v1alt.get((r["node"], r["product"]))
    if got != want:
        bad.append("demand.csv:%d: alt_from gives %s, version 1 %s"
                   % (i, got, want))
# The size SOURCES.md reports is the folder's.
md = open(os.path.join(d, "SOURCES.md"), encoding="utf-8").read()
m = re.search(r"with departures \(`vessel_t`\): (\d+) ", md)
if not m or int(m.group(1)) != n_dep:
    bad.append("SOURCES.md: departures %s, links.csv has %d"
               % (m and m.group(1), n_dep))
if shared:
    for f, h in re.findall(r"^- `shared/data/([^`]+)` ([0-9a-f]{64})$", md,
                           re.M):
        with open(os.path.join(shared, f), "rb") as fh:
            if hashlib.sha256(fh.read()).hexdigest() != h:
                bad.append("SOURCES.md: hash of %s differs" % f)
    if "hub_costs.csv" not in md:
        bad.append("SOURCES.md: no hash of the version-2 inputs")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
}

check "$V2" "$( [ -d "$SHARED" ] && echo "$SHARED")" || {
    say "committed data/kz-ma-africa fails the checks above"
    fail=1
}

if [ -d "$SHARED" ]; then
    python3 "$BUILD_PY" "$SHARED" --version 2 --out "$tmp/a" >/dev/null || {
        say "generator --version 2 failed"
        fail=1
    }
    python3 "$BUILD_PY" "$SHARED" --version 2 --out "$tmp/b" >/dev/null
    diff -r "$tmp/a" "$tmp/b" >/dev/null || {
        say "two builds differ: the generator is not deterministic"
        fail=1
    }
    diff -r "$tmp/a" "$V2" >"$tmp/diff" || {
        head -20 "$tmp/diff"
        say "data/kz-ma-africa differs from a fresh build: re-run tools/build_default_scenario.py --version 2"
        fail=1
    }
    # --no-subsidy: no subsidy anywhere, the rest of links.csv as the base.
    python3 "$BUILD_PY" "$SHARED" --version 2 --no-subsidy --out "$tmp/ns" >/dev/null || fail=1
    n=$(awk -F, 'NR > 1 && $15 != ""' "$tmp/ns/links.csv" | wc -l)
    base=$(awk -F, 'NR > 1 && $15 != ""' "$V2/links.csv" | wc -l)
    [ "$n" -eq 0 ] && [ "$base" -eq 13 ] || {
        say "--no-subsidy: $n subsidised links (base $base, expected 0 and 13)"
        fail=1
    }
    # The subsidy is paid per tonne exported by a route: every path of the
    # Azerbaijan-Georgia route from an origin to Poti or Batumi collects
    # 30,000 KZT/t = USD 58.82 in all, spread over the route's own legs; the
    # Russian routes USD 39.22 on their last leg; Liepaja its last leg's
    # cost (58.46: the legs before the border are shared with the Russian
    # routes).
    python3 - "$V2/links.csv" <<'PY' || fail=1
import csv, sys
from decimal import Decimal
sub = {}
for r in csv.DictReader(open(sys.argv[1], newline="")):
    if r["subsidy_usd_per_t"]:
        sub[(r["from"], r["to"])] = Decimal(r["subsidy_usd_per_t"])
def path(*nodes):
    return sum(sub.get((a, b), Decimal(0)) for a, b in zip(nodes, nodes[1:]))
want = {
    ("KZ_KOSTANAY", "KZ_AKTAU", "AZ_ALAT", "AZ_GE_BORDER", "GE_POTI"): "58.82",
    ("KZ_AKTOBE", "KZ_KURYK", "AZ_ALAT", "AZ_GE_BORDER", "GE_POTI"): "58.82",
    ("KZ_NORTH", "KZ_KURYK", "AZ_ALAT", "AZ_GE_BORDER", "GE_BATUMI"): "58.82",
    ("KZ_EAST", "KZ_AKTAU", "AZ_ALAT", "AZ_GE_BORDER", "GE_BATUMI"): "58.82",
    ("KZ_KOSTANAY", "KZ_RU_BORDER", "RU_NOVOROSSIYSK"): "39.22",
    ("KZ_PAVLODAR", "KZ_RU_BORDER", "RU_TAMAN"): "39.22",
    ("KZ_AKMOLA", "KZ_RU_BORDER", "LV_LIEPAJA"): "58.46",
}
bad = 0
for p, v in want.items():
    if path(*p) != Decimal(v):
        print("default_scenario_v2: subsidy along %s is %s, expected %s"
              % (" -> ".join(p), path(*p), v))
        bad = 1
sys.exit(bad)
PY
    cut -d, -f1-14 "$tmp/ns/links.csv" >"$tmp/ns.cut"
    cut -d, -f1-14 "$V2/links.csv" >"$tmp/base.cut"
    cmp -s "$tmp/ns.cut" "$tmp/base.cut" || {
        say "--no-subsidy changed links.csv beyond the subsidy column"
        fail=1
    }
    # --fertiliser: the backhaul product, 50 kt/yr offered at Jorf Lasfar,
    # over links that carry fertiliser only; the checks above still hold.
    python3 "$BUILD_PY" "$SHARED" --version 2 --fertiliser --out "$tmp/fe" >/dev/null || fail=1
    check "$tmp/fe" || { say "--fertiliser build fails the checks"; fail=1; }
    t=$(awk -F, '$2 == "fertiliser" { s += $4 } END { print s + 0 }' "$tmp/fe/supply.csv")
    [ "$t" -eq 50024 ] || { say "--fertiliser: $t t/yr offered, expected 50024 (962 x 52)"; fail=1; }
    n=$(awk -F, 'NR > 1 && $12 == "fertiliser"' "$tmp/fe/links.csv" | wc -l)
    [ "$n" -eq 4 ] || { say "--fertiliser: $n fertiliser-only links, expected 4"; fail=1; }
    grep -q '^fertiliser,' "$tmp/fe/products.csv" || { say "--fertiliser: no product"; fail=1; }
    grep -q ',fertiliser,' "$V2/supply.csv" && { say "base case carries fertiliser"; fail=1; }
    # --flour-market: flour demand only where no ban or duty (not Mali,
    # Burkina Faso, Nigeria, Morocco).
    python3 "$BUILD_PY" "$SHARED" --version 2 --flour-market --out "$tmp/fl" >/dev/null || fail=1
    check "$tmp/fl" || { say "--flour-market build fails the checks"; fail=1; }
    n=$(awk -F, '$2 == "flour"' "$tmp/fl/demand.csv" | wc -l)
    [ "$n" -eq 11 ] || { say "--flour-market: $n flour rows, expected 11"; fail=1; }
    grep -Eq '^(ML_BAMAKO|BF_OUAGADOUGOU|NG_LAGOS|MA_[A-Z_]*),flour,' "$tmp/fl/demand.csv" && {
        say "--flour-market: flour demand where the sources say it is banned or taxed out"
        fail=1
    }
    grep -q ',flour,' "$V2/demand.csv" && { say "base case has flour demand"; fail=1; }
    # --hubs: a smaller MIP with one candidate; still consistent.
    python3 "$BUILD_PY" "$SHARED" --version 2 --hubs MA_JORF_LASFAR --out "$tmp/j" >/dev/null || fail=1
    check "$tmp/j" || { say "--hubs build fails the checks"; fail=1; }
    n=$(awk -F, 'NR > 1 && $4 == "hub"' "$tmp/j/nodes.csv" | wc -l)
    o=$(awk -F, 'NR > 1 && $1 == "MA_JORF_LASFAR_HUB"' "$tmp/j/hubs.csv" | wc -l)
    [ "$n" -eq 1 ] && [ "$o" -eq 3 ] || { say "--hubs MA_JORF_LASFAR: $n hub nodes, $o options (expected 1, 3)"; fail=1; }
    python3 "$BUILD_PY" "$SHARED" --version 2 --hubs MA_ATLANTIS --out "$tmp/x" >/dev/null 2>&1 && {
        say "--hubs with an unknown port was accepted"
        fail=1
    }
    # Version 1: period files only with --winter; the default has none.
    python3 "$BUILD_PY" "$SHARED" --version 1 --winter --out "$tmp/w1" >/dev/null || fail=1
    for f in link_periods.csv node_periods.csv; do
        cmp -s "$tmp/w1/$f" "$V2/$f" || { say "--winter: $f differs from version 2's"; fail=1; }
        [ -e "$V1/$f" ] && { say "the version-1 default has $f"; fail=1; }
    done
    for f in scenario.csv nodes.csv links.csv supply.csv demand.csv; do
        cmp -s "$tmp/w1/$f" "$V1/$f" || { say "--winter changed $f"; fail=1; }
    done
    # A rebuild into a used folder leaves no stale period files behind.
    python3 "$BUILD_PY" "$SHARED" --version 1 --out "$tmp/w1" >/dev/null
    [ -e "$tmp/w1/link_periods.csv" ] && { say "a build without --winter kept link_periods.csv"; fail=1; }
    python3 "$BUILD_PY" "$SHARED" --version 1 --fertiliser >/dev/null 2>&1 && {
        say "--fertiliser without --version 2 was accepted"
        fail=1
    }
elif [ "$fail" -eq 0 ]; then
    say "skipped: no $SHARED, so the rebuild comparison did not run (the other checks passed)"
    exit 77
fi

[ "$fail" -eq 0 ] && say "ok"
exit "$fail"
