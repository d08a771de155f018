#!/usr/bin/env python3
"""Build the default scenario data/kz-ma-africa/ from the public figures.

Reads the research tables in ../shared/data/ (nodes, links, ports, supply,
demand, prices, emissions, vessels, sources) and writes scenario format
version 1: scenario.csv, nodes.csv, links.csv, supply.csv, demand.csv and
SOURCES.md, which says where every figure comes from and which are estimates.

Usage: tools/build_default_scenario.py [SHARED_DATA_DIR] [--out DIR]
                                      [--price-incl-vat]
  SHARED_DATA_DIR  default ../shared/data relative to the repository root
  --out DIR        default data/kz-ma-africa relative to the repository root
  --price-incl-vat the high case: supply at USD 150/t, the ex-elevator price
                   with Kazakhstan's 12% VAT, instead of the default ex-VAT
                   133.93 (exports are zero-rated; NOTES.md 5)

Standard library only. The output depends on the input files alone (no
clock, no randomness, fixed row order), so running it twice gives the same
bytes; SOURCES.md records the SHA-256 of every input file.
"""

import argparse
import csv
import hashlib
import io
import os
import sys
from decimal import ROUND_HALF_UP, Decimal

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PERIODS = 52
PERIOD_DAYS = 7
START_MONTH = 7  # period 1 starts on 1 July, the marketing year of supply.csv
PRODUCT = "wheat"
SCENARIO_NAME = "Kazakh wheat to Africa through a Moroccan hub (default; 2024/25 basis)"
HIGH_NAME = ("Kazakh wheat to Africa through a Moroccan hub (high case: supply price "
             "incl. 12% VAT; 2024/25 basis)")

# The supply price: the ex-elevator price without Kazakhstan's 12 % VAT
# (exports are zero-rated, input VAT refunded: NOTES.md 5, the correction at
# its end). --price-incl-vat writes the high case, the same price with VAT
# (an exporter waiting for the refund), under HIGH_NAME.
PRICE_KIND = "domestic_ex_elevator_ex_vat"
PRICE_KIND_INCL_VAT = "domestic_ex_elevator"

# Node kinds of shared/data/nodes.csv -> the six kinds of format v1.
KIND_MAP = {
    "supply": "origin",
    "rail_junction": "junction",
    "rail_border": "border",
    "caspian_port": "port",
    "black_sea_port": "port",
    "baltic_port": "port",
    "gulf_port": "port",
    "hub_candidate": "hub",
    "import_port": "market",
    "inland_demand": "market",
}

# Nodes left out, with the reason (checked: none of them is on a path from a
# Kazakh origin to a market through the links kept).
EXCLUDED_NODES = {
    "WP_BOSPHORUS": "sea-distance waypoint, no link in links.csv",
    "WP_GIBRALTAR": "sea-distance waypoint, no link in links.csv",
    "WP_SUEZ": "sea-distance waypoint, no link in links.csv",
    "KZ_BEINEU": "rail junction with no link in links.csv",
    "IR_INCHE_BURUN": "border station with no link in links.csv (the Iran "
    "rail rows run origin -> Bandar Abbas directly)",
    "TM_TURKMENBASHI": "only link is Turkmenbashi -> Alat; no link reaches "
    "it from Kazakhstan ('not modelled from Kazakh origins')",
    "RO_CONSTANTA": "comparator origin: no rail link from Kazakhstan, no "
    "Kazakh supply can reach it",
    "LV_RIGA": "no rail link from Kazakhstan (the Baltic rail rows end at "
    "Liepaja), so unreachable",
}

# links.csv mode -> (format mode, emissions.csv row). Backhaul and Cape rows
# are dropped (see DROPPED_MODE_SUFFIXES).
MODE_MAP = {
    "rail": "rail",
    "truck": "road",
    "rail_ferry": "ferry",
    "sea_small_bulk": "sea",
    "sea_small_handysize": "sea",
    "sea_handysize": "sea",
    "sea_supramax": "sea",
    "sea_panamax": "sea",
}
DROPPED_MODE_SUFFIXES = {
    "_backhaul": "return legs for the phosphate backhaul placeholder; this "
    "scenario moves wheat only, outbound",
    "_cape": "Bandar Abbas -> Casablanca round the Cape: same vessel class "
    "as the Suez row, dearer and slower, and sea links are uncapacitated, "
    "so it can never be chosen (keep it for a Red-Sea-closure variant)",
}

# Port-side limits that links.csv repeats on every rail row into the port (or,
# for Alat, on both rows out of it). They bound all Kazakh grain through the
# port together, so they become the node's throughput (tonnes arriving per
# period) and the links lose the capacity.
NODE_LIMIT_FROM_LINKS = {
    "KZ_AKTAU": ("in", "Aktau grain terminal 800 kt/yr (ASTANA_SEP24)"),
    "KZ_KURYK": ("in", "Kuryk grain terminal 240 kt/yr now, 1.5 Mt design "
                 "(VIBEWIRE_KURYK)"),
    "RU_NOVOROSSIYSK": ("in", "Novorossiysk NZT 6 Mt/yr terminal (NZT, KSK); "
                        "shared with Russian exports"),
    "RU_TAMAN": ("in", "Taman ZTKT 5.5 Mt/yr (ZTKT)"),
    "IR_BANDAR_ABBAS": ("in", "Uzen-Gorgan line via Inche-Burun 3 Mt/yr "
                        "initially, all cargo (FT_INCHE)"),
    "AZ_ALAT": ("out", "Middle Corridor 6 Mt/yr, all cargo, 2024 "
                "(TREND_MC, DARYO_GE)"),
}

# Handling overrides (USD/t per tonne arriving). The format charges a node's
# handling on every tonne arriving over any link; these nodes need a
# different treatment (see SOURCES.md, nodes.csv).
HANDLING_OVERRIDE = {
    "KZ_KURYK": Decimal("0"),  # wagons roll onto the rail ferry: no transshipment
    "AZ_ALAT": Decimal("0"),  # ferry wagons roll off; ship discharge is in the link
}

# Storage: elevators in the origin regions and silos at the Moroccan hubs.
KZ_ELEVATOR_T = 13_400_000  # GRAINUNION_3228: 13.4 Mt at 191 licensed elevators
ELEVATOR_USD_PER_T_MONTH = Decimal("1.0")  # estimate (no source)
HUB_USD_PER_T_MONTH = Decimal("1.5")  # estimate: NOTES 3.7, USD 1-2/t/month

MONTHS = ["Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr",
          "May", "Jun"]
MONTH_DAYS = {"Jul": 31, "Aug": 31, "Sep": 30, "Oct": 31, "Nov": 30,
              "Dec": 31, "Jan": 31, "Feb": 28, "Mar": 31, "Apr": 30,
              "May": 31, "Jun": 30}

CENT = Decimal("0.01")


def die(msg):
    sys.stderr.write("build_default_scenario: %s\n" % msg)
    sys.exit(1)


def money(x):
    """A USD figure rounded half up to the cent, as text with two decimals."""
    return str(Decimal(x).quantize(CENT, rounding=ROUND_HALF_UP))


def per_week(kt_per_year):
    """kt/year -> whole tonnes per weekly period (half up)."""
    t = Decimal(kt_per_year) * 1000 / PERIODS
    return int(t.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def read_table(src, name):
    path = os.path.join(src, name)
    try:
        with open(path, newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))
    except OSError as e:
        die("cannot read %s: %s" % (path, e))


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def clean_text(s):
    """Names go into unquoted CSV fields: no comma, quote or line break."""
    s = s.replace(",", " -").replace('"', "").replace("\n", " ")
    return " ".join(s.split())


def write_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        cells = ["" if c is None else str(c) for c in r]
        for c in cells:
            if any(ch in c for ch in ',"\n\r'):
                die("%s: field needs quoting: %r" % (path, c))
        w.writerow(cells)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    return len(rows)


def weekly_shares(profile):
    """Monthly shares (Jul..Jun) -> 52 weekly shares.

    Period 1 starts on 1 July (the marketing year in supply.csv). Each day of
    a 365-day year gets its month's share / days in month; a week is 7 days;
    the 365th day (30 June) goes to week 52.
    """
    daily = []
    for m in MONTHS:
        d = MONTH_DAYS[m]
        daily.extend([profile[m] / d] * d)
    assert len(daily) == 365
    weeks = [sum(daily[7 * w:7 * w + 7]) for w in range(PERIODS)]
    weeks[-1] += daily[364]
    return weeks


def split_whole(total, shares):
    """Whole tonnes per week summing exactly to total (largest remainder)."""
    s = sum(shares)
    exact = [Decimal(total) * x / s for x in shares]
    base = [int(e) for e in exact]
    rest = total - sum(base)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - base[i]), i))
    for i in order[:rest]:
        base[i] += 1
    return base


def parse_profile(text):
    prof = {}
    for part in text.split(";"):
        m, v = part.split(":")
        prof[m.strip()] = Decimal(v)
    if sorted(prof) != sorted(MONTHS):
        die("profile does not name the twelve months: %r" % text)
    if sum(prof.values()) != 1:
        die("profile does not sum to 1: %r" % text)
    return prof


def sea_class(row):
    return row["vessel_class"] or ""


def build(src, out, price_kind=PRICE_KIND):
    nodes_in = read_table(src, "nodes.csv")
    links_in = read_table(src, "links.csv")
    ports = {r["id"]: r for r in read_table(src, "ports.csv")}
    supply_in = read_table(src, "supply.csv")
    demand_in = read_table(src, "demand.csv")
    prices = read_table(src, "prices.csv")
    emis = {r["mode"]: Decimal(r["kg_co2_per_tkm"])
            for r in read_table(src, "emissions.csv")}
    sources = {r["id"]: r for r in read_table(src, "sources.csv")}
    vessels = {r["class"]: r for r in read_table(src, "vessels.csv")}

    node_ids = {r["id"] for r in nodes_in}
    for nid in EXCLUDED_NODES:
        if nid not in node_ids:
            die("excluded node %s is not in nodes.csv" % nid)

    # ---- prices -------------------------------------------------------
    fob = None
    fob_source = ex_elev_source = ""
    ex_elev = None
    for p in prices:
        if p["product"] != PRODUCT:
            continue
        if p["price_kind"] == "benchmark_fob" and p["as_of"] == "2024-10-03":
            fob = Decimal(p["usd_per_t"])
            fob_source = p["source"]
        if p["price_kind"] == price_kind:
            ex_elev = Decimal(p["usd_per_t"])
            ex_elev_source = p["source"]
    if fob is None or ex_elev is None:
        die("prices.csv lacks the 2024-10-03 FOB or the %s price" % price_kind)

    # ---- links --------------------------------------------------------
    kept = []  # dicts: from,to,mode,src_mode,cls,km,cost,days,cap_kt,extra
    dropped = {}
    for i, r in enumerate(links_in, start=2):
        a, b, m = r["from"], r["to"], r["mode"]
        if a not in node_ids or b not in node_ids:
            die("links.csv:%d names an unknown node" % i)
        if a in EXCLUDED_NODES or b in EXCLUDED_NODES:
            dropped.setdefault("touches an excluded node", []).append(i)
            continue
        suffix = next((s for s in DROPPED_MODE_SUFFIXES if m.endswith(s)), None)
        if suffix:
            dropped.setdefault(suffix, []).append(i)
            continue
        if m not in MODE_MAP:
            die("links.csv:%d: unmapped mode %s" % (i, m))
        if m not in emis:
            die("links.csv:%d: no emission factor for %s" % (i, m))
        if sea_class(r) and sea_class(r) not in vessels:
            die("links.csv:%d: vessel class %s not in vessels.csv"
                % (i, sea_class(r)))
        kept.append({
            "from": a, "to": b, "mode": MODE_MAP[m], "src_mode": m,
            "cls": sea_class(r), "km": Decimal(r["distance_km"]),
            "cost": Decimal(r["cost_usd_per_t"]),
            "days": Decimal(r["transit_days"]),
            "cap_kt": Decimal(r["capacity_kt_per_year"])
            if r["capacity_kt_per_year"] else None,
            "co2": emis[m], "extra": [], "src_line": i,
        })

    kind_of = {r["id"]: KIND_MAP[r["kind"]] for r in nodes_in
               if r["id"] not in EXCLUDED_NODES}

    # Port-side limits -> node throughput.
    throughput_kt = {}
    for nid, (side, _why) in NODE_LIMIT_FROM_LINKS.items():
        rows = [k for k in kept if (k["to"] == nid if side == "in"
                                    else k["from"] == nid)]
        caps = {k["cap_kt"] for k in rows}
        if len(caps) != 1 or None in caps:
            die("%s: links carry differing or no capacities %r" % (nid, caps))
        throughput_kt[nid] = caps.pop()
        for k in rows:
            k["cap_kt"] = None

    # Hub re-loading move and Alat discharge go into the link cost.
    for k in kept:
        if kind_of[k["from"]] == "hub" and k["mode"] == "sea":
            h = Decimal(ports[k["from"]]["handling_usd_per_t"])
            k["cost"] += h
            k["extra"].append("re-loading at %s %s" % (k["from"], money(h)))
        if k["from"] == "KZ_AKTAU" and k["to"] == "AZ_ALAT":
            h = Decimal(ports["AZ_ALAT"]["handling_usd_per_t"])
            k["cost"] += h
            k["extra"].append("ship discharge at AZ_ALAT %s" % money(h))

    # ---- supply -------------------------------------------------------
    west = [r for r in supply_in if r["product"] == "wheat_westbound_potential"]
    if not west:
        die("supply.csv has no wheat_westbound_potential rows")
    west_total_kt = sum(Decimal(r["kt_per_year"]) for r in west)
    supply_rows = []
    supply_annual = {}
    supply_week_total = [0] * PERIODS
    for r in west:
        nid = r["region"]
        if kind_of.get(nid) != "origin":
            die("supply.csv: %s is not an origin node" % nid)
        prof = parse_profile(r["monthly_profile"])
        shares = weekly_shares(prof)
        annual_t = int(Decimal(r["kt_per_year"]) * 1000)
        weeks = split_whole(annual_t, shares)
        supply_annual[nid] = annual_t
        for w, t in enumerate(weeks, start=1):
            supply_rows.append([nid, PRODUCT, w, t, money(ex_elev)])
            supply_week_total[w - 1] += t
    profile_text = west[0]["monthly_profile"]
    if any(r["monthly_profile"] != profile_text for r in west):
        die("regions have different profiles; SOURCES.md assumes one")

    # ---- nodes --------------------------------------------------------
    week_storage_origin = ELEVATOR_USD_PER_T_MONTH * 12 / PERIODS
    week_storage_hub = HUB_USD_PER_T_MONTH * 12 / PERIODS
    node_rows = []
    node_info = {}
    for r in nodes_in:
        nid = r["id"]
        if nid in EXCLUDED_NODES:
            continue
        kind = kind_of[nid]
        handling = Decimal(0)
        if nid in ports:
            handling = Decimal(ports[nid]["handling_usd_per_t"])
        if nid in HANDLING_OVERRIDE:
            handling = HANDLING_OVERRIDE[nid]
        thr = per_week(throughput_kt[nid]) if nid in throughput_kt else None
        storage_t, storage_c = 0, Decimal(0)
        if kind == "origin":
            share = Decimal(supply_annual[nid]) / (west_total_kt * 1000)
            storage_t = int((KZ_ELEVATOR_T * share).quantize(
                Decimal(1), rounding=ROUND_HALF_UP))
            storage_c = week_storage_origin
        elif kind == "hub":
            kt = ports[nid]["storage_capacity_kt"]
            storage_t = int(Decimal(kt or "0") * 1000)
            storage_c = week_storage_hub if storage_t > 0 else Decimal(0)
        lat, lon = Decimal(r["lat"]), Decimal(r["lon"])
        node_rows.append([nid, clean_text(r["name"]), r["country"], kind,
                          r["lat"], r["lon"], money(handling),
                          "" if thr is None else thr, storage_t,
                          money(storage_c)])
        node_info[nid] = {"kind": kind, "handling": handling, "thr": thr,
                          "storage_t": storage_t, "storage_c": storage_c,
                          "lat": lat, "lon": lon, "name": r["name"],
                          "country": r["country"], "src_kind": r["kind"],
                          "wpi": "shashank4602" in r["source"]}

    # ---- demand and the import-parity alternative price --------------
    novo_sea = {}
    for k in kept:
        if k["from"] == "RU_NOVOROSSIYSK" and k["mode"] == "sea":
            best = novo_sea.get(k["to"])
            if best is None or k["cost"] < best[0]:
                novo_sea[k["to"]] = (k["cost"], k["cls"])

    def parity(port):
        if port not in novo_sea:
            die("no direct sea link Novorossiysk -> %s for the parity rule"
                % port)
        c, cls = novo_sea[port]
        h = node_info[port]["handling"]
        return fob + c + h, "FOB %s + %s Novorossiysk->%s %s + handling %s" % (
            money(fob), cls, port, money(c), money(h))

    inland_of = {"ML": "ML_BAMAKO", "BF": "BF_OUAGADOUGOU", "NE": "NE_NIAMEY"}
    demand_rows = []
    demand_info = []
    for r in demand_in:
        if r["product"] != PRODUCT:
            dropped.setdefault("demand: not wheat", []).append(r["gateway_port"])
            continue
        kt = Decimal(r["kt_per_year"])
        weekly = per_week(kt)
        if r["country"] in inland_of:
            node = inland_of[r["country"]]
            best = None
            for k in kept:
                if k["to"] != node:
                    continue
                p, how = parity(k["from"])
                v = p + k["cost"]
                cand = (v, "%s; + %s %s->%s %s" % (how, k["mode"], k["from"],
                                                  node, money(k["cost"])))
                if best is None or cand[0] < best[0]:
                    best = cand
            alt, how = best
        else:
            node = r["gateway_port"]
            alt, how = parity(node)
        demand_rows.append([node, PRODUCT, "", weekly, money(alt)])
        demand_info.append({"node": node, "country": r["country"], "kt": kt,
                            "weekly": weekly, "alt": alt, "how": how,
                            "source": r["source"]})

    # ---- write --------------------------------------------------------
    os.makedirs(out, exist_ok=True)
    write_csv(os.path.join(out, "scenario.csv"), ["key", "value"], [
        ["name", clean_text(SCENARIO_NAME if price_kind == PRICE_KIND
                            else HIGH_NAME)], ["periods", PERIODS],
        ["period_days", PERIOD_DAYS], ["horizon", "cyclic"],
        ["start_month", START_MONTH]])
    write_csv(os.path.join(out, "nodes.csv"),
              ["id", "name", "country", "kind", "lat", "lon",
               "handling_usd_per_t", "throughput_t_per_period", "storage_t",
               "storage_usd_per_t_per_period"], node_rows)
    link_rows = []
    for k in kept:
        km = int(k["km"]) if k["km"] == k["km"].to_integral_value() else k["km"]
        cap = per_week(k["cap_kt"]) if k["cap_kt"] is not None else ""
        cargo = vessels[k["cls"]]["cargo_t"] if k["cls"] else ""
        link_rows.append([k["from"], k["to"], k["mode"], km, money(k["cost"]),
                          k["days"], cap, k["co2"], "no", k["cls"], cargo])
    write_csv(os.path.join(out, "links.csv"),
              ["from", "to", "mode", "distance_km", "cost_usd_per_t",
               "transit_days", "capacity_t_per_period", "co2_kg_per_tkm",
               "both_ways", "vessel_class", "class_cargo_t"], link_rows)
    write_csv(os.path.join(out, "estimates.csv"),
              ["file", "column", "rows", "what"],
              estimate_rows(demand_info, price_kind))
    write_csv(os.path.join(out, "supply.csv"),
              ["node", "product", "period", "t", "price_usd_per_t"],
              supply_rows)
    write_csv(os.path.join(out, "demand.csv"),
              ["node", "product", "period", "t", "alt_price_usd_per_t"],
              demand_rows)

    files = ["nodes.csv", "links.csv", "ports.csv", "supply.csv",
             "demand.csv", "prices.csv", "emissions.csv", "vessels.csv",
             "sources.csv", "NOTES.md"]
    hashes = [(f, sha256(os.path.join(src, f))) for f in files
              if os.path.exists(os.path.join(src, f))]
    md = sources_md(
        node_info=node_info, kept=kept, dropped=dropped,
        throughput_kt=throughput_kt, supply_annual=supply_annual,
        supply_week_total=supply_week_total, profile_text=profile_text,
        demand_info=demand_info, fob=fob, ex_elev=ex_elev, sources=sources,
        hashes=hashes, week_storage_origin=week_storage_origin,
        week_storage_hub=week_storage_hub, emis=emis,
        n_wpi=sum(1 for v in node_info.values() if v["wpi"]),
        fob_source=fob_source, ex_elev_source=ex_elev_source,
        price_kind=price_kind)
    with open(os.path.join(out, "SOURCES.md"), "w", encoding="utf-8",
              newline="") as f:
        f.write(md)
    return len(node_rows), len(link_rows), len(supply_rows), len(demand_rows)


def estimate_rows(demand_info, price_kind):
    """estimates.csv: which inputs are estimates rather than quoted figures
    (a machine-readable digest of SOURCES.md, read by the HTML report)."""
    est_markets = [d["node"] for d in demand_info
                   if d["source"].lower().startswith("estimate")]
    price = ("ex-elevator wheat price quoted in KZT incl. VAT; converted at "
             "~500 KZT/USD%s" % ("; VAT taken out (150 / 1.12)"
                                 if price_kind == PRICE_KIND else ""))
    rows = [
        ["supply.csv", "price_usd_per_t", "all", price],
        ["supply.csv", "t", "all", "westbound potential 2 Mt/yr split "
         "by 2018 harvest shares"],
        ["supply.csv", "period", "all", "monthly shipment profile "
         "anchored on rail export volumes; spread over the weeks by day"],
        ["demand.csv", "t", " ".join(est_markets), "volumes from "
         "national shares or per-capita use where no import figure was found"],
        ["demand.csv", "t", "all", "one weekly figure all year: no "
         "seasonal import profile is documented"],
        ["demand.csv", "alt_price_usd_per_t", "all", "import-parity "
         "rule: Black Sea FOB + the cheapest Novorossiysk sea row + port "
         "handling"],
        ["nodes.csv", "handling_usd_per_t", "ports without a public tariff",
         "USD 6-12/t port handling"],
        ["nodes.csv", "storage_usd_per_t_per_period", "all",
         "elevator USD 1.0 and hub USD 1.5 per t and month"],
        ["nodes.csv", "storage_t", "origins and hubs", "origin "
         "elevators: 13.4 Mt split by supply share (upper bound); some hub "
         "silos are shares of national port silos"],
        ["links.csv", "cost_usd_per_t", "sea", "voyage model: hire, "
         "fuel, port calls and ballast per vessel class"],
        ["links.csv", "cost_usd_per_t", "rail road ferry", "tariffs "
         "scaled by distance from a few quoted rates (2025 levels)"],
        ["links.csv", "transit_days", "all", "rail km/300 + 1 day; "
         "sea times from the voyage model incl. port days"],
        ["links.csv", "co2_kg_per_tkm", "all", "emission factors per "
         "mode (emissions.csv)"],
        ["links.csv", "class_cargo_t", "sea", "one vessel's cargo per "
         "class (vessels.csv)"],
    ]
    # write_csv refuses fields that need quoting: no commas in the texts
    return [[c.replace(", ", "; ") for c in r] for r in rows]


def line_ranges(lines):
    """[3, 4, 5, 9] -> '3-5, 9'."""
    out = []
    for x in sorted(lines):
        if out and x == out[-1][1] + 1:
            out[-1][1] = x
        else:
            out.append([x, x])
    return ", ".join("%d" % a if a == b else "%d-%d" % (a, b) for a, b in out)


def url(sources, sid):
    s = sources.get(sid)
    if s is None:
        die("SOURCES.md cites unknown source id %s" % sid)
    return "`%s` (%s, %s)" % (sid, s["url"], s["date"])


def sources_md(**a):
    S = a["sources"]
    ni = a["node_info"]
    kept = a["kept"]
    L = []
    w = L.append

    def cite(*ids):
        return "; ".join(url(S, i) for i in ids)

    n_kind = {}
    for v in ni.values():
        n_kind[v["kind"]] = n_kind.get(v["kind"], 0) + 1
    n_mode = {}
    for k in kept:
        n_mode[k["mode"]] = n_mode.get(k["mode"], 0) + 1
    sea_by_cls = {}
    for k in kept:
        if k["mode"] == "sea":
            sea_by_cls[k["cls"]] = sea_by_cls.get(k["cls"], 0) + 1

    w("# Default scenario `kz-ma-africa`: sources and assumptions\n")
    w("Generated by `tools/build_default_scenario.py` from the research "
      "tables in `shared/data/` (`NOTES.md` there explains every figure and "
      "its confidence). Do not edit the CSV files by hand: change the "
      "generator or its inputs and re-run it. Scenario format version 1.\n")
    w("`tools/check_scenario.py` validates the folder and prints what the "
      "figures imply (cheapest landed cost per market against its "
      "alternative price, hub penalties, binding capacities).\n")
    w("`estimates.csv` lists, one row per file and column, which inputs "
      "are estimates (a digest of this page that `grainflow plan --report` "
      "prints). `scenario.csv` has `start_month` 7: period 1 starts on 1 "
      "July. Sea links name their `vessel_class` and `class_cargo_t`, one "
      "vessel's cargo of that class from `shared/data/vessels.csv` "
      "(informational: the plan summary flags sea flows below it as not a "
      "real shipment until departures are modelled).\n")
    w("**Estimate** marks a figure that is not a quoted statistic (derived, "
      "assumed or modelled); the confidence codes H/M/L are those of "
      "`NOTES.md`. Source ids in back-quotes are rows of "
      "`shared/data/sources.csv`.\n")

    # ---- totals -------------------------------------------------------
    tot_supply = sum(a["supply_annual"].values())
    w("## Totals\n")
    w("| what | value |\n|---|---|")
    w("| periods | %d weeks of %d days, cyclic (period 1 starts 1 July) |"
      % (PERIODS, PERIOD_DAYS))
    w("| nodes | %d (%s) |" % (len(ni), ", ".join(
        "%d %s" % (n_kind[k], k) for k in sorted(n_kind))))
    w("| links | %d (%s); sea rows by vessel class: %s |" % (
        len(kept), ", ".join("%d %s" % (n_mode[m], m) for m in sorted(n_mode)),
        ", ".join("%d %s" % (sea_by_cls[c], c) for c in sorted(sea_by_cls))))
    w("| time-expanded size | %d node copies, %d link arcs (x %d periods) |"
      % (len(ni) * PERIODS, len(kept) * PERIODS, PERIODS))
    w("| annual supply | %s t (westbound potential), offered at USD %s/t |"
      % (format(tot_supply, ","), money(a["ex_elev"])))
    wk = a["supply_week_total"]
    w("| weekly supply | min %s t, max %s t (week %d) |" % (
        format(min(wk), ","), format(max(wk), ","), wk.index(max(wk)) + 1))
    tot_dem = sum(d["weekly"] * PERIODS for d in a["demand_info"])
    w("| annual demand | %s t over %d markets (52 x the weekly figure) |\n"
      % (format(tot_dem, ","), len(a["demand_info"])))

    w("Supply by origin (t/year): " + ", ".join(
        "%s %s" % (n, format(t, ",")) for n, t in a["supply_annual"].items())
      + ".\n")
    w("Demand by market:\n")
    w("| market node | country | kt/year (source) | t/week | t/year in "
      "scenario | alt price USD/t | how the alt price is built | "
      "source of the volume |")
    w("|---|---|---|---|---|---|---|---|")
    for d in a["demand_info"]:
        src = d["source"].replace("|", "/")
        if src.startswith("estimate"):
            src = "**estimate**" + src[len("estimate"):]
        w("| %s | %s | %s | %s | %s | %s | %s (**estimate**: parity rule) | "
          "%s |" % (
              d["node"], d["country"], d["kt"], format(d["weekly"], ","),
              format(d["weekly"] * PERIODS, ","), money(d["alt"]), d["how"],
              src))
    w("")

    # ---- scenario.csv -------------------------------------------------
    w("## scenario.csv\n")
    w("- `periods` = 52, `period_days` = 7: weekly planning over one "
      "marketing year; `horizon` = `cyclic`: a steady-state year (July follows "
      "June), which suits a seasonal harvest with storage.")
    w("- Period 1 is the week starting 1 July (the Jul-Jun marketing year of "
      "`supply.csv`); week *w* covers days 7(*w*-1)+1 .. 7*w* of the year and "
      "week 52 also takes 30 June (day 365).\n")

    # ---- nodes --------------------------------------------------------
    w("## nodes.csv\n")
    w("- `id`, `name`, `country`, `lat`, `lon`: `shared/data/nodes.csv`. "
      "%d coordinates come from %s; the others are approximate positions "
      "(+/-0.05 deg, **estimate**; Kazakh regions are centroids, Nador West "
      "Med and Dakhla are sites under construction). Commas in names are "
      "replaced by ` -` so that no CSV field needs quoting." % (
          a["n_wpi"], cite("WPI_LIST")))
    w("- `kind`: mapped from the research kinds: supply -> origin; "
      "caspian_port, black_sea_port, baltic_port, gulf_port -> port; "
      "hub_candidate -> hub (all eight Moroccan ports); import_port -> market "
      "(every gateway has demand); inland_demand -> market; rail_junction -> "
      "junction and rail_border -> border (none kept, see below); waypoint "
      "-> dropped.")
    w("- Nodes left out (none lies on a path from a Kazakh origin to a "
      "market):")
    for nid, why in EXCLUDED_NODES.items():
        w("  - `%s`: %s." % (nid, why))
    w("- `handling_usd_per_t` (paid by every tonne arriving at the node): "
      "`ports.csv` handling per move. Quoted: Aktau 13.25 (%s); Casablanca "
      "6 from the ANP silo-transit tariff of 45-65 MAD/t (%s, converted, "
      "**estimate**). All other port figures (USD 6-12) are **estimates** "
      "(no public tariff found). Origins and inland markets: 0 (no figure; "
      "loading at the elevator is in the supply price, unloading at the mill "
      "is not costed)." % (cite("GU_2229"), cite("AGROLIGNE_2009")))
    w("  - `KZ_KURYK` = 0: the only way out of Kuryk is the rail ferry, on "
      "which wagons ride without transshipment (links.csv note; NOTES 8.1 "
      "charges nothing there).")
    w("  - `AZ_ALAT` = 0: ferry wagons roll off without transshipment; the "
      "ship discharge at Alat (ports.csv, USD 10, **estimate**) is added to "
      "the cost of the Aktau -> Alat sea link instead, the only link that "
      "needs it.")
    w("  - Moroccan hubs: the format charges handling once, on arrival "
      "(the discharge move, which a tonne for Morocco's own mills also "
      "pays). A re-exported tonne pays a second move, the re-loading; it is "
      "added to the cost of every sea link leaving a Moroccan port (so "
      "`cost_usd_per_t` of a hub -> Africa row = links.csv + the hub's "
      "handling), as in NOTES 8.2 (\"ports.csv handling x 2\").")
    w("- `throughput_t_per_period` (tonnes arriving per week): port-side "
      "limits that `links.csv` repeats on each rail row into the port (on "
      "the rows out of Alat) are shared by every origin, so they are put on "
      "the node once: kt/year x 1000 / 52, rounded half up:")
    for nid, kt in a["throughput_kt"].items():
        w("  - `%s`: %s kt/year -> %s t/week; %s." % (
            nid, kt, format(ni[nid]["thr"], ","),
            NODE_LIMIT_FROM_LINKS[nid][1]))
    w("  All other nodes: unlimited (empty).")
    w("- `storage_t`, `storage_usd_per_t_per_period`:")
    w("  - Origins (elevators): the region's share of the westbound supply x "
      "13.4 Mt of licensed elevator capacity (%s). It is an upper bound that "
      "ignores the other grain in those elevators (**estimate**); it does not "
      "bind. Cost USD %s/t/month -> %s/t/week (x 12 / 52, **estimate**: no "
      "Kazakh elevator tariff in the sources; the low end of the hub range "
      "was used)." % (cite("GRAINUNION_3228"),
                      ELEVATOR_USD_PER_T_MONTH,
                      money(a["week_storage_origin"])))
    w("  - Moroccan hubs: `ports.csv` storage_capacity_kt. Casablanca 172 kt "
      "= MCM 68 kt (%s) + SOSIPO 34 kt (%s) + the 1990s 70 kt silo (%s); "
      "Jorf Lasfar 80 kt and Agadir 40 kt are **estimates** (shares of the "
      "360 kt national port silos, %s); Safi 24 kt and Nador 16 kt are 1990s "
      "figures (%s); Tanger Med, Nador West Med and Dakhla have no grain "
      "terminal: 0. The space is shared with Morocco's own imports. Cost USD "
      "%s/t/month -> %s/t/week (**estimate**, midpoint of NOTES 3.7's USD "
      "1-2/t/month, which has no source)." % (
          cite("LESECO_MCM"), cite("BTP_SOSIPO"), cite("FAO_MA_SILOS"),
          cite("FELLAH_2018"), cite("FAO_MA_SILOS"), HUB_USD_PER_T_MONTH,
          money(a["week_storage_hub"])))
    w("  - Other ports: 0. Novorossiysk has 370 kt of silos (%s) but Russia "
      "lets Kazakh grain transit only straight from wagon to ship (%s); "
      "Aktau (22.5 kt), Poti (22 kt) and Lagos (396 kt) are listed in "
      "`ports.csv` but were left out to keep storage where the issue puts "
      "it (origins and hub).\n" % (cite("BAIRD_NOVO"), cite("RU_TRANSIT")))

    # ---- links --------------------------------------------------------
    w("## links.csv\n")
    w("- One row per `shared/data/links.csv` row kept, in the same order; "
      "`both_ways` = no everywhere (every leg is directed, outbound).")
    w("- `mode`: rail -> rail; truck -> road; rail_ferry (Kuryk -> Alat, "
      "wagons on the ferry) -> ferry; sea_small_bulk (Aktau -> Alat on 3-7 kt "
      "river-sea bulkers, cargo transshipped) -> sea; sea_<class> -> sea, one "
      "row per vessel class (see the appendix).")
    w("- Rows dropped:")
    for why, lines in a["dropped"].items():
        if why.startswith("demand"):
            continue
        text = DROPPED_MODE_SUFFIXES.get(why, why)
        w("  - %s: %d row(s), `shared/data/links.csv` lines %s." % (
            text, len(lines), line_ranges(lines)))
    w("- `distance_km`, `transit_days`: as in links.csv. Rail distances are "
      "great-circle x 1.28-1.5 and rail times km/300 + 1 day (**estimates**); "
      "sea distances come from a waypoint great-circle graph and sea times "
      "from the voyage model incl. port days (**estimates**, NOTES 3.6).")
    w("- `cost_usd_per_t`: as in links.csv plus the two handling moves "
      "described under nodes.csv (hub re-loading on hub -> Africa rows; "
      "Alat discharge on Aktau -> Alat). In links.csv:")
    w("  - rail: 0.018 USD/t-km in Kazakhstan, 0.020 in Russian transit, "
      "0.040 Caucasus (Alat -> Poti/Batumi) (**estimates**; anchors %s); "
      "Kostanay -> Bandar Abbas = the USD 120/t through rate Iran proposed "
      "(%s, 2015), other Iran rows scaled by distance (**estimate**)." % (
          cite("EXPIDK_2010", "RAILAGENT_DTJ", "TJ_RZD", "FIELDCROPS"),
          cite("FT_120")))
    w("  - Caspian: Aktau -> Alat USD 20/t on small bulkers, Kuryk -> Alat "
      "rail ferry USD 18/t (about USD 1,200 per loaded wagon) (**estimates**, "
      "no published grain rate; benchmarks %s)." % cite(
          "SEALINES_05_20", "SEALINES_39_21", "SEALINES_48_21"))
    w("  - sea: the per-class voyage-cost model of NOTES 3.6 (2025 Baltic "
      "time-charter averages %s, VLSFO USD 591/t %s, port days from "
      "`ports.csv`, port-call costs and ballast **estimates**). It matches "
      "Black Sea -> Morocco quotes (%s) and undershoots voyages into "
      "congested discharge ports (the Liepaja -> Douala quote by 15-25 %%, "
      "%s): treat the West African legs as lower bounds (**estimate**, L)."
      % (
          cite("NAUTICAL_2025"), cite("SHIPBUNKER"), cite("FF_KAVKAZ"),
          cite("ISM_BALTIC_JUN22")))
    w("  - road/rail inland: Cotonou -> Niamey USD 95/t, 15 days (%s); "
      "Dakar -> Bamako USD 75/t from 1.6-2.0 M FCFA per 40 t truck (%s, "
      "**estimate**); Abidjan -> Ouagadougou rail (Sitarail) USD 58/t = the "
      "road cost less 15-20 %%, the rail/road gap quoted for Dakar-Bamako "
      "(%s, **estimate**); the other inland rows "
      "0.063-0.08 USD/t-km (**estimates**)." % (
          cite("NIGER_INFO"), cite("CMTR"), cite("JA_RAIL")))
    w("- `capacity_t_per_period`: kt/year x 1000 / 52, rounded half up. "
      "Only the Kuryk -> Alat rail ferry keeps a link capacity (4 Mt/yr "
      "ferry complex, %s -> %s t/week); the port-side limits moved to the "
      "nodes (above). Sea links are uncapacitated: `shared/data` has no "
      "capacity per vessel class, so parallel class rows differ in cost and "
      "transit time only and the cheapest class a lane allows wins unless a "
      "variant closes it." % (
          cite("RAILWAYPRO_KURYK"),
          format(per_week(Decimal(4000)), ",")))
    w("- `co2_kg_per_tkm`: `emissions.csv` by mode and, for sea, by vessel "
      "class (tank-to-wheel basis): rail %s (**estimate**, between %s and "
      "%s); road %s (%s); ferry %s (GLEC ro-ro, %s); Caspian small bulker "
      "%s (%s); Handysize and Supramax %s (GLEC 35-60k dwt, %s); small "
      "Handysize %s and Panamax %s (**estimates** derived from it).\n" % (
          a["emis"]["rail"], cite("CN_EF"), cite("MODESHIFT"),
          a["emis"]["truck"], cite("DEFRA_2012"), a["emis"]["rail_ferry"],
          cite("CLIMATIQ_RORO"), a["emis"]["sea_small_bulk"],
          cite("MODESHIFT"), a["emis"]["sea_handysize"],
          cite("CLIMATIQ_BULK"), a["emis"]["sea_small_handysize"],
          a["emis"]["sea_panamax"]))

    # ---- supply -------------------------------------------------------
    w("## supply.csv\n")
    w("- **Choice: the westbound potential (2 Mt/yr), not the national "
      "export total (~10 Mt).** About 8 of Kazakhstan's ~10 Mt of wheat "
      "exports go by rail to Central Asia, Iran, Afghanistan and China "
      "(%s), markets this network does not contain; what can realistically "
      "move west through Black Sea/Baltic ports is the up to 2 Mt the "
      "government considered for Azerbaijan, Iran, Iraq, North Africa and "
      "the EU (%s), which NOTES 2.1 adopts as the westbound potential. "
      "NOTES gives no argument for the total instead." % (
          cite("WNAM"), cite("ASTANA_DEC24")))
    w("- Split by region with the 2018 harvest shares (%s): the kt/year of "
      "each `wheat_westbound_potential` row (**estimate**, L; shares H)."
      % cite("APK_2018"))
    w("- Weekly profile: the monthly shares of `supply.csv` (Jul..Jun) "
      "`%s` (**estimate**, L: anchored on 6.1 Mt railed Sep 2024-early Mar "
      "2025, %s, and the 1.0-1.2 Mt/month rail ceiling, %s) spread over the "
      "weeks day by day (each day gets its month's share / days in month), "
      "then whole tonnes by largest remainder, so each origin's 52 rows add "
      "up to its annual figure exactly." % (
          a["profile_text"], cite("WNAM"), cite("GRAINUNION_3310")))
    w("- `price_usd_per_t` = %s (**estimate**): northern Kazakh 3rd-class "
      "wheat ex elevator (`prices.csv` %s: \"%s\"; the price itself from "
      "the same source as its Saryagash row, %s). The same price for every "
      "region and week (no regional or seasonal price found). Cross-check: "
      "DAP Saryagash 188-194 less ~USD 35 of rail is ~155." % (
          money(a["ex_elev"]), a["price_kind"], a["ex_elev_source"],
          cite("FORKAGRO")))
    if a["price_kind"] == PRICE_KIND:
        w("- **Why without VAT.** The quoted 73,000-76,000 KZT/t (USD 150/t) "
          "includes Kazakhstan's 12 %% VAT; export sales are zero-rated and "
          "the exporter deducts the input VAT, so the grain costs an exporter "
          "USD 150 / 1.12 = %s once the refund is paid (`NOTES.md` 5, the "
          "correction at its end). **High case** (USD 150/t, an exporter "
          "still waiting for the refund): `tools/build_default_scenario.py "
          "--price-incl-vat --out DIR` writes the same scenario at that "
          "price." % money(a["ex_elev"]))
    else:
        w("- **High case.** This is the price with Kazakhstan's 12 %% VAT "
          "(an exporter waiting for the refund); the default scenario uses "
          "the ex-VAT %s row (exports are zero-rated)." % PRICE_KIND)
    w("- Offers not taken stay home (the format's source -> sink arc).\n")

    # ---- demand -------------------------------------------------------
    w("## demand.csv\n")
    w("- One row per market with `period` empty (every week): t = annual "
      "kt x 1000 / 52, rounded half up (no seasonal import profile is "
      "documented for any market). Volumes and their sources are in the "
      "table above; `estimate` there marks per-capita and share-based "
      "figures.")
    w("- Morocco's own imports sit on the five Moroccan ports that take "
      "grain (kind `hub`: the format allows demand at any node): 7.5 Mt "
      "(%s) split Casablanca 56 %%, Agadir 15 %%, Jorf Lasfar 13 %% (%s), "
      "rest 50/50 Nador/Safi (**estimates**)." % (
          cite("BARLAMAN_75"), cite("PORTAILSUD")))
    w("- Mali, Burkina Faso and Niger sit at their inland capitals "
      "(`ML_BAMAKO`, `BF_OUAGADOUGOU`, `NE_NIAMEY`; `shared/data` puts them "
      "on their gateway port) so that the inland legs are part of the "
      "plan.")
    w("- The phosphate backhaul row (`KZ_AKTAU`, not wheat) is dropped, "
      "and so is the backhaul supply row (`MA_JORF_LASFAR`).")
    w("- **`alt_price_usd_per_t` (estimate): the import-parity rule of "
      "`prices.csv`**: what the best other supplier's wheat costs landed = "
      "Black Sea benchmark FOB USD %s (Russian 12.5 %%, 3 Oct 2024: %s; "
      "range check USD 226-229 in July 2024, %s) + the cheapest direct sea row "
      "Novorossiysk -> that port in links.csv (any class the port takes) + "
      "the port's handling. For the inland capitals the rule is extended: "
      "the cheapest over their gateways of (gateway parity + the inland "
      "link). The rule gives USD 258.40 at Dakar against USD ~268 paid by "
      "Dakar millers in June 2024 (%s), within 4 %%." % (
          money(a["fob"]), a["fob_source"], cite("RU_FOB"),
          cite("RFI_SN_2024")))
    w("- Consequence worth knowing: the competitor's freight is the same sea "
      "row Kazakh grain would take from Novorossiysk, so through "
      "Novorossiysk every market has the same margin, FOB - (supply price + "
      "rail + Novorossiysk handling): markets differ only through routes "
      "that avoid Novorossiysk, capacities, and the hub's extra moves.\n")

    # ---- limits -------------------------------------------------------
    w("## Known limits of this scenario\n")
    w("- **No freight subsidy.** Kazakhstan reimbursed 20-30k KZT/t (about "
      "USD 40-60/t) of transport on far-abroad grain exports in 2024/25 and "
      "paid none in 2025/26 (%s); the base follows current policy. "
      "`tools/check_scenario.py --supply-price-delta -50` shows the 2024/25 "
      "case." % cite("ZAKON_SUBSIDY"))
    w("- **Rail tariffs are 2025 levels.** The KTZ draft would multiply the "
      "grain network tariff by ~3.1 in 2026 (%s); not applied." %
      cite("LOGISTAN_KTZ"))
    w("- **Russian transit capacity is the whole terminal** (6 Mt/yr at "
      "Novorossiysk, 5.5 at Taman), which Russian exports also use; no "
      "figure for a Kazakh share was found, so this is optimistic.")
    w("- **No seasonal capacity.** Format v1 has one capacity per link and "
      "node for all periods: Caspian winter storms and the October 2025 "
      "Aktau intake halt (%s) are not represented." % cite("INFORM_AKTAU"))
    w("- **Sea links have no capacity per vessel class** (none in the "
      "sources) and v1 has no lot sizes or per-call costs, so the network "
      "cannot see the hub's lot-splitting benefit (NOTES 8.6); on cost "
      "alone NOTES 8 finds the hub USD 12-18/t dearer than direct shipping "
      "for every West African gateway.")
    w("- **Supply is already a shipment profile.** The monthly shares are "
      "anchored on rail export volumes (they peak at the 1.0-1.2 Mt/month "
      "rail ceiling), and demand (19.9 Mt/yr) far exceeds supply "
      "(2.0 Mt/yr) in every week, so storage has little to do unless a "
      "variant tightens a capacity or a market.")
    w("- **Alternative prices follow one rule** (Black Sea FOB + freight from "
      "Novorossiysk), even where the usual supplier is another origin "
      "(France for Cote d'Ivoire, 80 %: `CI_WHEAT`).\n")

    # ---- appendix: vessel classes --------------------------------------
    w("## Appendix: vessel class of every sea row\n")
    w("Line numbers are those of `links.csv` (header = line 1). Class "
      "limits per port are in `shared/data/ports.csv` (`max_vessel_class`, "
      "NOTES 3.8): only classes both ports take have a row. Classes: "
      "small_handysize (28k dwt, 20 kt parcel), handysize (38k dwt, 33 kt), "
      "supramax (58-63k dwt, 55 kt), panamax (75-82k dwt, 65 kt), "
      "caspian_river_sea (~7k dwt, 3-7 kt).\n")
    w("| line | from | to | class | USD/t | days |")
    w("|---|---|---|---|---|---|")
    for i, k in enumerate(kept, start=2):
        if k["mode"] == "sea":
            w("| %d | %s | %s | %s | %s | %s |" % (
                i, k["from"], k["to"], k["cls"], money(k["cost"]), k["days"]))
    w("")
    w("## Input files (SHA-256)\n")
    for f, h in a["hashes"]:
        w("- `shared/data/%s` %s" % (f, h))
    w("")
    return "\n".join(L)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("src", nargs="?",
                    default=os.path.join(REPO, "..", "shared", "data"),
                    help="shared data folder (default ../shared/data "
                    "relative to the repository root)")
    ap.add_argument("--out", default=os.path.join(REPO, "data",
                                                  "kz-ma-africa"))
    ap.add_argument("--price-incl-vat", action="store_true",
                    help="high case: supply at the ex-elevator price with "
                    "Kazakhstan's 12%% VAT (USD 150/t) instead of the ex-VAT "
                    "default; give it its own --out")
    args = ap.parse_args()
    if not os.path.isdir(args.src):
        die("no data folder %s (pass the path to shared/data)" % args.src)
    kind = PRICE_KIND_INCL_VAT if args.price_incl_vat else PRICE_KIND
    n, l, s, d = build(args.src, args.out, kind)
    print("wrote %s: %d nodes, %d links, %d supply rows, %d demand rows"
          % (os.path.relpath(args.out), n, l, s, d))


if __name__ == "__main__":
    main()
