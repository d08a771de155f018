#!/usr/bin/env python3
"""Build the default scenario data/kz-ma-africa/ from the public figures.

Reads the research tables in ../shared/data/ (nodes, links, ports, supply,
demand, prices, emissions, vessels, sources; for version 2 also hub_costs,
port_calls, flour, fertiliser, subsidy) and writes a scenario folder:
scenario.csv, nodes.csv, links.csv, supply.csv, demand.csv, estimates.csv
and SOURCES.md, which says where every figure comes from and which are
estimates (estimates.csv is its machine-readable digest).

Usage: tools/build_default_scenario.py [SHARED_DATA_DIR] [--out DIR]
           [--version 1|2] [--price-incl-vat] [--winter]
           [--no-subsidy] [--fertiliser] [--flour-market] [--hubs P,P]
  SHARED_DATA_DIR  default ../shared/data relative to the repository root
  --out DIR        default data/kz-ma-africa (data/kz-ma-africa-v1 with
                   --version 1) relative to the repository root
  --version 1      scenario format version 1: one product, per-tonne costs,
                   no hub options (data/kz-ma-africa-v1: the network-simplex
                   corridor the solver, what-if and sweep benches measure)
  --version 2      format version 2 (the default, what make demo plans;
                   issue 8): hub facility nodes with sized
                   options (hubs.csv), departures on the sea legs where lot
                   size matters, wheat and flour with milling at the hubs
                   (products.csv, conversions.csv), competitors' prices from
                   alt_from, the Kazakh freight subsidy per route, and the
                   winter limits; see the "version 2" comment below
  --price-incl-vat the high case: supply at USD 150/t, the ex-elevator price
                   with Kazakhstan's 12% VAT, instead of the default ex-VAT
                   133.93 (exports are zero-rated; NOTES.md 5)
  --winter         also write link_periods.csv and node_periods.csv (issue
                   9: the Aktau intake halt, the Caspian winter); always on
                   with --version 2
  --no-subsidy     version 2 without the subsidy (the sources conflict on
                   whether it continues: NOTES.md 2.6)
  --fertiliser     version 2 with the phosphate backhaul at its 50 kt/yr
                   upper bound (the base case carries none)
  --flour-market   version 2 with flour demand where no ban or duty keeps
                   it out (the base case has none: the sources find none)
  --hubs P,P       version 2 with only these hub candidates (a smaller MIP)

Both versions route the rail rows that cross a border through border nodes
(KZ_RU_BORDER, AZ_GE_BORDER, IR_INCHE_BURUN: see add_borders), so that
closing a crossing is one edit.

Standard library only. The output depends on the input files alone (no
clock, no randomness, fixed row order), so running it twice gives the same
bytes; SOURCES.md records the SHA-256 of every input file.
"""

import argparse
import csv
import hashlib
import io
import math
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
    "TM_TURKMENBASHI": "only link is Turkmenbashi -> Alat; no link reaches "
    "it from Kazakhstan ('not modelled from Kazakh origins')",
    "RO_CONSTANTA": "comparator origin: no rail link from Kazakhstan, no "
    "Kazakh supply can reach it",
    "LV_RIGA": "no rail link from Kazakhstan (the Baltic rail rows end at "
    "Liepaja), so unreachable",
}

# Border crossings (issue 9): rail rows that cross a border are rerouted
# through a border node, so that closing a crossing ("Russian transit closed
# for eight weeks") is one node_periods row or one close_node edit. Each
# border is (node, the rows it takes: (mode, destination ports), how the legs
# are fixed); see split_through_border. KZ_RU_BORDER and AZ_GE_BORDER are not
# in shared/data/nodes.csv: their rows below are estimates (positions of a
# real crossing, the KZ-RU node standing for every crossing together).
# IR_INCHE_BURUN is shared/data's own border station.
NEW_BORDER_NODES = [
    # (insert after, id, name, country, lat, lon)
    ("KZ_KURYK", "KZ_RU_BORDER", "Kazakhstan-Russia rail border (all "
     "crossings together; placed at Iletsk)", "KZ", "51.19", "54.98"),
    ("AZ_ALAT", "AZ_GE_BORDER", "Azerbaijan-Georgia rail border "
     "(Beyuk-Kesik / Gardabani)", "AZ", "41.33", "45.07"),
]
# The common leg of each border, and the origin whose rows fix the other legs
# exactly (every other origin's rows through the border may differ from
# links.csv by a few cents or dollars: SOURCES.md lists each difference).
#  KZ-RU: border -> Novorossiysk = Aktobe's row (the origin nearest the
#    border) less ~220 km Aktobe-Iletsk (estimate) at the Russian transit
#    rate 0.020 USD/t-km; each origin -> border = its Novorossiysk row less
#    that leg; border -> Taman and -> Liepaja = Kostanay's rows (the origin
#    of the 2025 Liepaja trains, WG_KZMA) less Kostanay -> border.
#  AZ-GE: Alat -> border ~460 km of the 830 km to Poti (Baku-Tbilisi-border
#    estimate) at the Caucasus rate 0.040 USD/t-km; border -> Poti/Batumi =
#    the rows less that leg (exact).
#  Iran: Inche-Burun -> Bandar Abbas = great-circle x 1.5 (the links.csv
#    rule for rail distances) at the rate of Kostanay's row; origin ->
#    Inche-Burun = the row less that leg (exact).
RU_TRANSIT_USD_PER_TKM = Decimal("0.020")
CAUCASUS_USD_PER_TKM = Decimal("0.040")
AKTOBE_TO_RU_BORDER_KM = Decimal(220)
ALAT_TO_GE_BORDER_KM = Decimal(460)
RAIL_KM_PER_DAY = Decimal(300)  # links.csv: rail time = km/300 + 1 day

# Winter and disruption limits (issue 9; written with --winter, and always in
# the version-2 build): capacities for some periods, as link_periods.csv and
# node_periods.csv rows. The sources report the events, not the figures, so
# every figure below is an estimate (SOURCES.md, estimates.csv):
#  - Aktau intake halt: KTZ stopped accepting export grain for Aktau on
#    10 Oct 2025 (INFORM_AKTAU); its length was not reported: assumed to the
#    end of October. KZ_AKTAU throughput 0 in those weeks.
#  - Caspian winter storms (LADA; NOTES 2.3, 3.1): the small bulkers
#    Aktau -> Alat carry at most half the Aktau terminal's weekly rate from
#    1 December to the end of February (the fraction is an estimate).
#  - Kuryk: none; its rail ferries run year-round (ASTANA_SEP24).
AKTAU_HALT = ((10, 10), (10, 31))  # (month, day) first and last day
CASPIAN_WINTER = ((12, 1), (2, 28))
CASPIAN_WINTER_SHARE = Decimal("0.5")

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


def great_circle_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km (mean Earth radius 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = (math.sin(dp / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2)
    return 2 * 6371 * math.asin(math.sqrt(h))


def leg(km, cost, days):
    return {"km": Decimal(km), "cost": Decimal(cost).quantize(CENT),
            "days": Decimal(days).quantize(Decimal("0.1"),
                                           rounding=ROUND_HALF_UP)}


def one_cap(border, rows, end, nid):
    caps = {r["cap_kt"] for r in rows if r[end] == nid}
    if len(caps) != 1:
        die("%s: the rows %s %s carry differing capacities %r"
            % (border, end, nid, caps))
    return caps.pop()


def split_through_border(kept, border, rows, first, last, cap_on="last"):
    """Replace the rail rows `rows` (X -> P) by X -> border and border -> P.

    first[X] and last[P] are the legs ({km, cost, days}); one of them is
    fixed by the caller and the other derived from a reference row, so the
    legs are shared: one X -> border row per X, one border -> P row per P.
    The border -> P row keeps the rows' capacity (a port-side limit, equal on
    every row into P) and X -> border has none; with cap_on="first" it is the
    other way round (a limit on the rows out of X). Returns the differences per
    replaced row: (X, P, old cost, new cost, old lag, new lag).
    """
    ids = {id(k) for k in rows}
    out, diffs, done_first, done_last = [], [], set(), set()
    for k in kept:
        if id(k) not in ids:
            out.append(k)
            continue
        x, p = k["from"], k["to"]
        if x not in done_first:
            done_first.add(x)
            f = first[x]
            out.append(dict(k, to=border, km=f["km"], cost=f["cost"],
                            days=f["days"], extra=[], via=border,
                            cap_kt=one_cap(border, rows, "from", x)
                            if cap_on == "first" else None))
        if p not in done_last:
            done_last.add(p)
            g = last[p]
            out.append(dict(k, **{"from": border}, km=g["km"], cost=g["cost"],
                            days=g["days"], extra=[], via=border,
                            cap_kt=one_cap(border, rows, "to", p)
                            if cap_on == "last" else None))
        new_cost = first[x]["cost"] + last[p]["cost"]
        old_lag = math.ceil(k["days"] / PERIOD_DAYS)
        new_lag = (math.ceil(first[x]["days"] / PERIOD_DAYS)
                   + math.ceil(last[p]["days"] / PERIOD_DAYS))
        diffs.append((x, p, k["cost"], new_cost, old_lag, new_lag))
    # keep the border legs together, in the order first seen
    return out, diffs


def add_borders(kept, node_pos):
    """Reroute the rail rows that cross a border (NEW_BORDER_NODES,
    IR_INCHE_BURUN). Returns (kept, {border: diffs})."""
    diffs = {}

    def rail_into(ports):
        return [k for k in kept if k["mode"] == "rail" and k["to"] in ports]

    # Kazakhstan-Russia: Novorossiysk, Taman, Liepaja.
    rows = rail_into({"RU_NOVOROSSIYSK", "RU_TAMAN", "LV_LIEPAJA"})
    row = {(k["from"], k["to"]): k for k in rows}
    aktobe = row[("KZ_AKTOBE", "RU_NOVOROSSIYSK")]
    km_bn = aktobe["km"] - AKTOBE_TO_RU_BORDER_KM
    days_bn = km_bn / RAIL_KM_PER_DAY + 1  # the border day
    last = {"RU_NOVOROSSIYSK": leg(km_bn, km_bn * RU_TRANSIT_USD_PER_TKM,
                                   days_bn)}
    first = {}
    for (x, p), k in row.items():
        if p == "RU_NOVOROSSIYSK":
            g = last[p]
            first[x] = leg(k["km"] - g["km"], k["cost"] - g["cost"],
                           max(Decimal("0.1"), k["days"] - g["days"]))
    for x, _p in row:
        if x not in first:
            die("%s has a rail row through Russia but none to Novorossiysk"
                % x)
    ref = "KZ_KOSTANAY"
    for p in ("RU_TAMAN", "LV_LIEPAJA"):
        k, f = row[(ref, p)], first[ref]
        last[p] = leg(k["km"] - f["km"], k["cost"] - f["cost"],
                      max(Decimal("0.1"), k["days"] - f["days"]))
    kept, diffs["KZ_RU_BORDER"] = split_through_border(
        kept, "KZ_RU_BORDER", rows, first, last)

    # Azerbaijan-Georgia: Alat -> Poti, Batumi.
    rows = [k for k in kept if k["mode"] == "rail" and k["from"] == "AZ_ALAT"]
    poti = next(k for k in rows if k["to"] == "GE_POTI")
    first = {"AZ_ALAT": leg(ALAT_TO_GE_BORDER_KM,
                            ALAT_TO_GE_BORDER_KM * CAUCASUS_USD_PER_TKM,
                            ALAT_TO_GE_BORDER_KM / RAIL_KM_PER_DAY
                            + Decimal("0.5"))}
    if first["AZ_ALAT"]["days"] >= poti["days"]:
        die("AZ_GE_BORDER: Alat -> border is not shorter than Alat -> Poti")
    last = {k["to"]: leg(k["km"] - first["AZ_ALAT"]["km"],
                         k["cost"] - first["AZ_ALAT"]["cost"],
                         k["days"] - first["AZ_ALAT"]["days"]) for k in rows}
    kept, diffs["AZ_GE_BORDER"] = split_through_border(
        kept, "AZ_GE_BORDER", rows, first, last, cap_on="first")

    # Turkmenistan-Iran (Inche-Burun): origin -> Bandar Abbas.
    rows = rail_into({"IR_BANDAR_ABBAS"})
    ref = next(k for k in rows if k["from"] == "KZ_KOSTANAY")
    (la, lo), (lb, lob) = node_pos["IR_INCHE_BURUN"], node_pos["IR_BANDAR_ABBAS"]
    km = Decimal(round(great_circle_km(la, lo, lb, lob) * 1.5))
    rate = ref["cost"] / ref["km"]
    last = {"IR_BANDAR_ABBAS": leg(km, km * rate, km / RAIL_KM_PER_DAY + 1)}
    g = last["IR_BANDAR_ABBAS"]
    first = {k["from"]: leg(k["km"] - g["km"], k["cost"] - g["cost"],
                            k["days"] - g["days"]) for k in rows}
    kept, diffs["IR_INCHE_BURUN"] = split_through_border(
        kept, "IR_INCHE_BURUN", rows, first, last)
    return kept, diffs


def week_of(month, day):
    """The 1-based week of (month, day) in the year that starts on 1 July."""
    months = MONTHS[:]  # Jul..Jun; month 7 is MONTHS[0]
    name = months[(month - START_MONTH) % 12]
    before = sum(MONTH_DAYS[m] for m in months[:months.index(name)])
    return min(PERIODS, (before + day - 1) // PERIOD_DAYS + 1)


def weeks_between(first, last):
    """Weeks from the week of `first` to the week of `last`, wrapping June."""
    a, b = week_of(*first), week_of(*last)
    return list(range(a, b + 1)) if a <= b else (
        list(range(a, PERIODS + 1)) + list(range(1, b + 1)))


def winter_limits(kept, node_info):
    """link_periods.csv and node_periods.csv rows for the limits above, and
    a line per limit for SOURCES.md."""
    lp, npr, notes = [], [], []
    halt = weeks_between(*AKTAU_HALT)
    for w in halt:
        npr.append(["KZ_AKTAU", w, 0])
    notes.append("`node_periods.csv`: `KZ_AKTAU` throughput 0 in weeks %d-%d "
                 "(10-31 October): KTZ halted export grain intake for Aktau "
                 "on 10 Oct 2025 (%%s); the halt's length was not reported, "
                 "so the end of October is an **estimate**." % (
                     halt[0], halt[-1]))
    rows = [k for k in kept if k["from"] == "KZ_AKTAU"
            and k["to"] == "AZ_ALAT" and k["mode"] == "sea"]
    if len(rows) != 1:
        die("winter: expected one Aktau -> Alat sea link")
    cap = int((Decimal(node_info["KZ_AKTAU"]["thr"]) * CASPIAN_WINTER_SHARE)
              .quantize(Decimal(1), rounding=ROUND_HALF_UP))
    winter = weeks_between(*CASPIAN_WINTER)
    for w in winter:
        lp.append(["KZ_AKTAU", "AZ_ALAT", "sea", w, cap])
    notes.append("`link_periods.csv`: the Aktau -> Alat small bulkers carry "
                 "at most %s t a week in weeks %d-%d (1 December - end of "
                 "February), %s of the Aktau terminal's %s t/week: Caspian "
                 "winter storms (%%s) with no reported figure, so the share "
                 "is an **estimate**. The Kuryk rail ferry keeps its "
                 "capacity: ferries run year-round (%%s)." % (
                     format(cap, ","), winter[0], winter[-1],
                     "%d %%%%" % int(CASPIAN_WINTER_SHARE * 100),
                     format(node_info["KZ_AKTAU"]["thr"], ",")))
    return lp, npr, notes


# ---------------------------------------------------------------------------
# Scenario format version 2 (issue 8): `--version 2`. Built from the version-1
# network above; what changes is decided here, and SOURCES.md's "Version 2"
# section says why. In short:
#  - Hub candidates are separate facility nodes (`<PORT>_HUB`, kind hub) at
#    HUB_CANDIDATES' ports; the port node keeps Morocco's own imports (kind
#    port) and no longer re-exports: only a hub transships.
#  - Departures (vessel_t, usd_per_departure) only on the sea legs where lot
#    size matters: into a hub (the largest class the lane takes), out of a
#    hub and the long direct legs from the export ports to West Africa (the
#    largest class the lane takes and small Handysize, the smallest ocean
#    class: two rows per lane, the other class rows dropped). Legs into the
#    Moroccan port nodes (Morocco imports 7.5 Mt/yr: its lots fill ships) and
#    the Caspian keep the version-1 per-tonne rate.
#  - A departure costs the voyage's fixed part (NOTES 3.6's voyage model:
#    hire for the days at sea, in ballast and waiting, fuel, two port calls,
#    the Turkish Straits or Suez), and cost_usd_per_t keeps the rest of the
#    version-1 rate, so a full ship costs what version 1 charged per tonne.
#  - West African gateways get storage (the importers' silos) so that a ship
#    can be drawn down over the weeks; without it a whole departure would
#    have to meet one week's demand.
#  - Products wheat and flour; milling (wheat -> flour) at every hub; flour
#    demand only with --flour-market (the sources find none: FL10, FL36).
#    Only the links out of a hub and the inland legs from the gateways carry
#    flour; every other link is wheat only (fertiliser links: fertiliser).
#  - Fertiliser backhaul (Jorf Lasfar -> Poti -> Alat -> Aktau) only with
#    --fertiliser, at the 50 kt/yr upper bound (FE20).
#  - Competitors' prices: alt_from RU_NOVOROSSIYSK + alt_fob (prices.csv's
#    import-parity rule, computed by the reader along the links).
#  - The Kazakh export freight subsidy per route (subsidy.csv SU01, SU02,
#    SU04), spread over the route's own legs (spread_subsidy); --no-subsidy
#    drops it.
#  - The winter limits (link_periods.csv, node_periods.csv) always.
HUB_CANDIDATES = ["MA_CASABLANCA", "MA_JORF_LASFAR", "MA_TANGER_MED",
                  "MA_DAKHLA_ATL"]
# Hub options: storage t. Capex USD 400/t of storage (the central band of
# hub_costs.csv HC36-HC43), annualised at 10% over 25 years (HC31: 25-year
# appraisal; 10% between HC44's 8% and HC32's 12%), plus fixed O&M of 2% of
# capex a year (no source: NOTES 10.1 suggests 1-3% as a placeholder).
# Throughput per week: what the silo can take in a week, capped by the
# discharge of one berth at 10,000 t/day (LE360_2020) for 7 days; the 200 kt
# option has two berths.
HUB_OPTIONS = [("silo_50kt", 50_000, 1), ("silo_100kt", 100_000, 1),
               ("silo_200kt", 200_000, 2)]
HUB_CAPEX_USD_PER_T = Decimal(400)
HUB_RATE = Decimal("0.10")
HUB_LIFE_YEARS = 25
HUB_OM_SHARE = Decimal("0.02")
BERTH_T_PER_WEEK = 10_000 * 7
# Voyage model (NOTES 3.6): fuel prices, port calls per class (x 1.5 in West
# Africa), Straits and Suez, commission.
VLSFO_USD_PER_T = Decimal(591)
MGO_USD_PER_T = Decimal(785)
PORT_CALL_USD = {"small_handysize": 30_000, "handysize": 40_000,
                 "supramax": 50_000, "panamax": 60_000}
WEST_AFRICA_CALL_FACTOR = Decimal("1.5")
STRAITS_USD = 10_000
SUEZ_USD = {"small_handysize": 120_000, "handysize": 155_000,
            "supramax": 225_000, "panamax": 300_000}  # NOTES 3.6: 120-300k
COMMISSION = Decimal("0.0375")
BALLAST_SHARE = Decimal("0.5")
CLASS_ORDER = ["caspian_river_sea", "small_handysize", "handysize",
               "supramax", "panamax"]
SMALLEST_OCEAN_CLASS = "small_handysize"
# Milling at the hub (flour.csv): yield 0.75 (FL20 72%, FL21/FL22 77.5%),
# conversion cost USD 45 per t of flour (FL23) = 33.75 per t of wheat, plus
# the mill's capital charge: 100 MDH for 100 kt/yr (FL24) at ~10 MAD/USD
# (assumed) annualised as the hub (CRF 10%, 25 y), per t of capacity.
FLOUR_YIELD = Decimal("0.75")
MILL_USD_PER_T_FLOUR = Decimal(45)
MILL_CAPEX_USD = Decimal(10_000_000)
MILL_T_PER_YEAR = 100_000
# --flour-market: flour demand at the gateways with no ban or prohibitive
# duty (not Mali, Burkina Faso: FL34, NOTES 5; not Nigeria: FL33; not
# Morocco: FL27-FL28): 10% of their wheat demand as flour (estimate), at the
# local millers' parity: (wheat alternative price) / yield + USD 45 (FL23).
FLOUR_MARKET_SHARE = Decimal("0.10")
FLOUR_MARKETS = ["MR_NOUAKCHOTT", "SN_DAKAR", "GM_BANJUL", "GN_CONAKRY",
                 "SL_FREETOWN", "LR_MONROVIA", "CI_ABIDJAN", "GH_TEMA",
                 "TG_LOME", "BJ_COTONOU", "CM_DOUALA"]
# Subsidy: KZT/t by route (subsidy.csv) at ~510 KZT/USD (SU01's rate).
KZT_PER_USD = Decimal(510)
SUBSIDY_ROUTES = [  # (subsidy.csv id, from, to)
    ("SU01", "KZ_RU_BORDER", "RU_NOVOROSSIYSK"),
    ("SU01", "KZ_RU_BORDER", "RU_TAMAN"),
    ("SU02", "KZ_RU_BORDER", "LV_LIEPAJA"),
    ("SU04", "AZ_GE_BORDER", "GE_POTI"),
    ("SU04", "AZ_GE_BORDER", "GE_BATUMI"),
]
# Fertiliser variant (fertiliser.csv): 50 kt/yr (FE20's upper bound) offered
# at Jorf Lasfar at DAP FOB Baltic's low end USD 520 (FE15; FE18: no FOB
# Morocco quote) and wanted at Aktau at up to USD 719.50 (FE17, the only
# landed DAP price found: an upper bound for what a Kazakh buyer would pay).
FERT = "fertiliser"
FERT_KT_PER_YEAR = Decimal(50)


def crf(rate, years):
    """Capital recovery factor: the annuity that repays 1 over `years`."""
    return rate / (1 - (1 + rate) ** -years)


def spread_subsidy(links, c, sub_rows, sub_info):
    """Place each route's subsidy (SUBSIDY_ROUTES) on the links of the route.

    The format pays a link's subsidy per tonne on that link and refuses one
    above the link's own per-tonne cost, while the scheme pays per tonne
    exported by the route, which can exceed the last leg's cost (Poti:
    USD 58.82 against a 14.80 leg). So the amount is spread upstream over
    the links that only that route's tonnes can use: a node is "committed"
    to a route when it has no demand and every wheat link out of it leads to
    the route's ports or to committed nodes (Alat, Aktau and Kuryk for the
    Azerbaijan-Georgia route). r(v), what a tonne at v is still owed, is
    0 at the route's ports and, going upstream, as much as the links allow:
    r(v) = min(S, min over links v->w of r(w) + cost(v->w)); a link u->v then
    pays r(u) - r(v), with r(u) = S where u is not committed. Every path of
    the route through committed nodes is then paid exactly S when the links
    allow it, and never more; a link shared with another route (KZ_RU_BORDER
    towards both the Russian ports and Liepaja) takes nothing, so a route
    whose last leg costs less than its rate (Liepaja: 58.46 against 58.82)
    loses the difference, which the item says."""
    def per_t(k):
        return k["cost_t"] if k.get("vessel") else k["cost"]

    wheat = [k for k in links if "wheat" in k["products"].split(";")]
    demand_nodes = {d["node"] for d in c["demand_info"]}
    by_route = {}
    for sid, a, b in SUBSIDY_ROUTES:
        by_route.setdefault((sid, a), []).append(b)
    for (sid, border), ports in by_route.items():
        kzt = Decimal(by_id(c["subsidy_in"], sid, "subsidy.csv")["value"])
        S = (kzt / KZT_PER_USD).quantize(CENT, rounding=ROUND_HALF_UP)
        for b in ports:
            if len([k for k in wheat if k["from"] == border
                    and k["to"] == b]) != 1:
                die("subsidy %s: expected one link %s -> %s" % (sid, border, b))
        r = {p: Decimal(0) for p in ports}
        # committed nodes, found backwards from the route's ports
        changed = True
        while changed:
            changed = False
            for v in sorted({k["from"] for k in wheat}):
                if v in r or v in demand_nodes:
                    continue
                outs = [k for k in wheat if k["from"] == v]
                if outs and all(k["to"] in r for k in outs):
                    r[v] = min([S] + [r[k["to"]] + per_t(k) for k in outs])
                    changed = True
        short = Decimal(0)  # the most any entry link falls short of S
        for k in wheat:
            if k["to"] not in r or k["from"] in ports:
                continue
            if k["from"] in r:
                pay = r[k["from"]] - r[k["to"]]
                if pay < 0 or pay > per_t(k):
                    die("subsidy %s: cannot spread it on %s -> %s (owed "
                        "%s)" % (sid, k["from"], k["to"], money(pay)))
            else:  # a route's entry: a tonne here is owed all of S
                want = S - r[k["to"]]
                pay = min(want, per_t(k))
                short = max(short, want - pay)
            k["subsidy"] += pay
        for b in ports:
            paid = S - short
            item = sub_rows[sid]["item"]
            if short > 0:
                item = "%s; USD %s of it paid: the legs before %s are " \
                    "shared with other routes, and a link pays at most its " \
                    "own cost" % (item, money(paid), border)
            else:
                mid = sorted(v for v in r if v not in ports and r[v] < S)
                if mid:
                    item = "%s; spread over the route's own legs through " \
                        "%s" % (item, ", ".join(mid))
            sub_info.append((sid, border, b, kzt, paid, item))


def by_id(rows, rid, path):
    r = next((x for x in rows if x["id"] == rid), None)
    if r is None:
        die("%s: no row %s" % (path, rid))
    return r


def v2_vessel_t(k, ports, vessels, port_of):
    """Tonnes per departure: the class cargo, cut to a port's largest grain
    parcel when the class is the largest that port takes (NOTES 3.6)."""
    cargo = Decimal(vessels[k["cls"]]["cargo_t"])
    for end in (k["from"], k["to"]):
        p = ports.get(port_of(end))
        if p and p["max_vessel_class"] == k["cls"] and p["max_parcel_kt"]:
            cargo = min(cargo, Decimal(p["max_parcel_kt"]) * 1000)
    return int(cargo)


def v2_departure_usd(k, ports, vessels, src_kind, port_of):
    """The voyage's fixed part: hire for the laden, ballast and waiting days,
    fuel at sea and waiting, two port calls, Straits or Suez, commission."""
    v = vessels[k["cls"]]
    a, b = port_of(k["from"]), port_of(k["to"])
    laden = k["km"] / (Decimal(v["speed_kn"]) * Decimal("1.852") * 24)
    sea = laden * (1 + BALLAST_SHARE)
    wait = Decimal(ports[a]["wait_days"]) + Decimal(ports[b]["wait_days"])
    usd = (Decimal(v["usd_per_day"]) * (sea + wait)
           + VLSFO_USD_PER_T * Decimal(v["fuel_t_per_day"]) * sea
           + MGO_USD_PER_T * Decimal(v["port_fuel_t_per_day"]) * wait)
    for p in (a, b):
        call = Decimal(PORT_CALL_USD[k["cls"]])
        if src_kind[p] == "import_port":
            call *= WEST_AFRICA_CALL_FACTOR
        usd += call
    if "black_sea_port" in (src_kind[a], src_kind[b]):
        usd += STRAITS_USD
    if "gulf_port" in (src_kind[a], src_kind[b]):
        usd += SUEZ_USD[k["cls"]]
    return (usd / (1 - COMMISSION)).quantize(CENT, rounding=ROUND_HALF_UP)


def build_v2(c, opt):
    """The version-2 tables from the version-1 build's context `c`."""
    kept, ports, vessels = c["kept"], c["ports"], c["vessels"]
    src_kind = c["src_kind"]
    cands = opt.hubs
    hub_of = {p: p + "_HUB" for p in cands}
    port_of_hub = {h: p for p, h in hub_of.items()}

    def port_of(n):
        return port_of_hub.get(n, n)

    for p in cands:
        if src_kind.get(p) != "hub_candidate":
            die("hub candidate %s is not a Moroccan port" % p)
    export_ports = {n for n, kd in src_kind.items()
                    if kd in ("black_sea_port", "baltic_port", "gulf_port")}
    links, dropped = [], {}

    def drop(why, k):
        dropped.setdefault(why, []).append(k["src_line"])

    def largest(rows):
        return max(rows, key=lambda k: CLASS_ORDER.index(k["cls"]))

    lanes = {}
    for k in kept:
        if k["mode"] == "sea" and k["cls"] != "caspian_river_sea":
            lanes.setdefault((k["from"], k["to"]), []).append(k)

    for k in kept:
        a, b = k["from"], k["to"]
        sea = k["mode"] == "sea" and k["cls"] != "caspian_river_sea"
        if not sea:
            links.append(dict(k, vessel=False, products=""))
            continue
        lane = lanes[(a, b)]
        big = largest(lane)
        if src_kind[a] == "hub_candidate":
            # re-exports leave only from a hub facility
            if a not in hub_of:
                drop("re-export from a Moroccan port that is not a hub "
                     "candidate", k)
                continue
            if k is big or k["cls"] == SMALLEST_OCEAN_CLASS:
                links.append(dict(k, **{"from": hub_of[a]}, vessel=True,
                                  products=""))
            else:
                drop("a middle vessel class on a lane with departures "
                     "(the largest and small Handysize are kept)", k)
            continue
        if a in export_ports and src_kind[b] == "hub_candidate":
            # Morocco's own imports: every class, per tonne, as version 1
            links.append(dict(k, vessel=False, products=""))
            if b in hub_of and k is big:
                links.append(dict(k, to=hub_of[b], vessel=True, products="",
                                  extra=list(k["extra"])))
            continue
        if a in export_ports and src_kind[b] == "import_port":
            if k is big or k["cls"] == SMALLEST_OCEAN_CLASS:
                links.append(dict(k, vessel=True, products=""))
            else:
                drop("a middle vessel class on a lane with departures "
                     "(the largest and small Handysize are kept)", k)
            continue
        die("v2: sea row %s -> %s not classified" % (a, b))

    # products: flour exists only from a hub's mill onwards, so only the
    # links out of a hub and the inland legs from the gateways may carry it;
    # every other link carries wheat alone (no flour variables where flour
    # cannot be).
    hubs_set = set(hub_of.values())
    for k in links:
        onward = k["from"] in hubs_set or (
            src_kind.get(k["from"]) == "import_port"
            and src_kind.get(k["to"]) == "inland_demand")
        k["products"] = "wheat;flour" if onward else "wheat"

    # departures: fixed part from the voyage model, the rest per tonne
    clamped, per_t = [], []
    for k in links:
        if not k["vessel"]:
            continue
        vt = v2_vessel_t(k, ports, vessels, port_of)
        dep = v2_departure_usd(k, ports, vessels, src_kind, port_of)
        rest = k["cost"] - (dep / vt).quantize(CENT, rounding=ROUND_HALF_UP)
        if rest < 0:
            clamped.append((k["from"], k["to"], k["cls"], rest))
            dep = (k["cost"] * vt).quantize(CENT)
            rest = Decimal(0)
        k.update(vessel_t=vt, departure=dep, cost_t=rest)
        per_t.append(rest)

    # subsidy
    sub_rows = {r["id"]: r for r in c["subsidy_in"]}
    for k in links:
        k["subsidy"] = Decimal(0)
    sub_info = []
    if opt.subsidy:
        spread_subsidy(links, c, sub_rows, sub_info)

    # nodes: Moroccan ports become ports; hub facilities; market storage
    nodes = []
    info = c["node_info"]
    week_store = HUB_USD_PER_T_MONTH * 12 / PERIODS
    market_store = {}
    for row in c["node_rows"]:
        nid = row[0]
        row = list(row)
        if src_kind[nid] == "hub_candidate":
            row[3] = "port"
        if src_kind[nid] == "import_port":
            kt = ports[nid]["storage_capacity_kt"]
            if kt:
                st, how = int(Decimal(kt) * 1000), "ports.csv"
            else:
                st = 2 * int(Decimal(ports[nid]["max_parcel_kt"]) * 1000)
                how = "estimate: 2 x the largest parcel"
            row[8], row[9] = st, money(week_store)
            market_store[nid] = (st, how)
        nodes.append(row)
        if nid in hub_of:
            h = hub_of[nid]
            nodes.append([h, clean_text(info[nid]["name"]) + " - hub "
                          "facility (candidate)", "MA", "hub", row[4], row[5],
                          money(info[nid]["handling"]), "", 0,
                          money(week_store)])

    # hub options
    cr = crf(HUB_RATE, HUB_LIFE_YEARS)
    hub_rows, hub_info = [], []
    for p in cands:
        for name, st, berths in HUB_OPTIONS:
            capex = HUB_CAPEX_USD_PER_T * st
            fixed = (capex * (cr + HUB_OM_SHARE)).quantize(
                CENT, rounding=ROUND_HALF_UP)
            thr = min(st, berths * BERTH_T_PER_WEEK)
            hub_rows.append([hub_of[p], name, money(fixed), thr, st])
            hub_info.append((name, st, capex, capex * cr, fixed, thr))
    for rid, st in (("HC36", 50_000), ("HC39", 100_000), ("HC42", 200_000)):
        want = Decimal(by_id(c["hub_costs_in"], rid, "hub_costs.csv")["value"])
        got = (HUB_CAPEX_USD_PER_T * st * cr / 1_000_000).quantize(CENT)
        if got != want:
            die("hub_costs.csv %s: capital charge %s M, the generator "
                "computes %s M" % (rid, want, got))

    # products, conversions
    products = [["wheat", "wheat"], ["flour", "wheat flour"]]
    if opt.fertiliser:
        products.append([FERT, "phosphate fertiliser (DAP/MAP/TSP)"])
    mill_capital = (MILL_CAPEX_USD * cr / MILL_T_PER_YEAR)
    mill_cost = (MILL_USD_PER_T_FLOUR * FLOUR_YIELD + mill_capital).quantize(
        CENT, rounding=ROUND_HALF_UP)
    mill_cap = int((Decimal(MILL_T_PER_YEAR) / PERIODS).quantize(
        Decimal(1), rounding=ROUND_HALF_UP))
    conv_rows = [[hub_of[p], "wheat", "flour", FLOUR_YIELD, money(mill_cost),
                  mill_cap] for p in cands]

    # demand: alt_from / alt_fob for wheat; flour at local milling parity
    fob = c["fob"]
    demand = []
    for d in c["demand_info"]:
        demand.append([d["node"], "wheat", "", d["weekly"], "",
                       "RU_NOVOROSSIYSK", money(fob)])
    flour_rows = []
    if opt.flour_market:
        alt = {d["node"]: d["alt"] for d in c["demand_info"]}
        wk = {d["node"]: d["weekly"] for d in c["demand_info"]}
        for n in FLOUR_MARKETS:
            t = int((wk[n] * FLOUR_MARKET_SHARE * FLOUR_YIELD).quantize(
                Decimal(1), rounding=ROUND_HALF_UP))
            price = (alt[n] / FLOUR_YIELD + MILL_USD_PER_T_FLOUR).quantize(
                CENT, rounding=ROUND_HALF_UP)
            demand.append([n, "flour", "", t, money(price), "", ""])
            flour_rows.append((n, t, price))
    supply = [list(r) for r in c["supply_rows"]]

    fert_info = None
    if opt.fertiliser:
        fe15 = by_id(c["fertiliser_in"], "FE15", "fertiliser.csv")["value"]
        price = Decimal(fe15.split("-")[0])
        alt = Decimal(by_id(c["fertiliser_in"], "FE17",
                            "fertiliser.csv")["value"])
        t = per_week(FERT_KT_PER_YEAR)
        for w in range(1, PERIODS + 1):
            supply.append(["MA_JORF_LASFAR", FERT, w, t, money(price)])
        demand.append(["KZ_AKTAU", FERT, "", t, money(alt), "", ""])
        # the return path: backhaul sea rows of links.csv and the Caucasus
        # rail back at the forward rate (estimate)
        back = []
        for i, r in enumerate(c["links_in"], start=2):
            if (r["from"], r["to"], r["mode"]) in (
                    ("MA_JORF_LASFAR", "GE_POTI",
                     "sea_small_handysize_backhaul"),
                    ("AZ_ALAT", "KZ_AKTAU", "sea_small_bulk_backhaul")):
                m = r["mode"][:-len("_backhaul")]
                back.append({"from": r["from"], "to": r["to"], "mode": "sea",
                             "cls": r["vessel_class"] or m[4:],
                             "km": Decimal(r["distance_km"]),
                             "cost": Decimal(r["cost_usd_per_t"]),
                             "days": Decimal(r["transit_days"]),
                             "cap_kt": None, "co2": c["emis"][m],
                             "extra": [], "src_line": i})
        if len(back) != 2:
            die("fertiliser: backhaul rows Jorf Lasfar -> Poti, Alat -> "
                "Aktau not found in links.csv")
        fwd = {(k["from"], k["to"]): k for k in links if k["mode"] == "rail"}
        for a, b in (("GE_POTI", "AZ_GE_BORDER"),
                     ("AZ_GE_BORDER", "AZ_ALAT")):
            f = fwd[(b, a)]
            back.append(dict(f, **{"from": a}, to=b, cap_kt=None, extra=[]))
        for k in back:
            links.append(dict(k, vessel=False, products=FERT,
                              subsidy=Decimal(0)))
        fert_info = (price, alt, t)

    return {"links": links, "nodes": nodes, "hubs": hub_rows,
            "hub_info": hub_info, "products": products, "conv": conv_rows,
            "mill": (mill_cost, mill_capital, mill_cap), "demand": demand,
            "supply": supply, "dropped": dropped, "clamped": clamped,
            "per_t": per_t, "subsidy": sub_info, "market_store": market_store,
            "flour": flour_rows, "fert": fert_info, "crf": cr,
            "hub_of": hub_of}


def v2_link_rows(links, vessels):
    rows = []
    for k in links:
        km = int(k["km"]) if k["km"] == k["km"].to_integral_value() else k["km"]
        cap = per_week(k["cap_kt"]) if k["cap_kt"] is not None else ""
        cargo = vessels[k["cls"]]["cargo_t"] if k["cls"] in vessels else ""
        if k["vessel"]:
            cost, vt, dep = money(k["cost_t"]), k["vessel_t"], money(
                k["departure"])
        else:
            cost, vt, dep = money(k["cost"]), "", ""
        rows.append([k["from"], k["to"], k["mode"], km, cost, k["days"], cap,
                     k["co2"], "no", k["cls"], cargo, k["products"], vt, dep,
                     money(k["subsidy"]) if k["subsidy"] else ""])
    return rows


V2_LINK_HEADER = ["from", "to", "mode", "distance_km", "cost_usd_per_t",
                  "transit_days", "capacity_t_per_period", "co2_kg_per_tkm",
                  "both_ways", "vessel_class", "class_cargo_t", "products",
                  "vessel_t", "usd_per_departure", "subsidy_usd_per_t"]


class Options:
    """What to build: the format version and the variants (see main)."""

    def __init__(self, version=1, winter=False, subsidy=True,
                 fertiliser=False, flour_market=False, hubs=None):
        self.version = version
        self.hubs = list(hubs or HUB_CANDIDATES)
        self.winter = winter or version == 2
        self.subsidy = subsidy
        self.fertiliser = fertiliser
        self.flour_market = flour_market


# Files a build may write besides the version-1 six; a build that does not
# write one removes a stale copy, so the folder is always one build's output.
OPTIONAL_FILES = ["products.csv", "conversions.csv", "hubs.csv",
                  "link_periods.csv", "node_periods.csv"]


def build(src, out, price_kind=PRICE_KIND, opt=None):
    opt = opt or Options()
    nodes_in = read_table(src, "nodes.csv")
    for after, nid, name, country, lat, lon in NEW_BORDER_NODES:
        pos = next((i for i, r in enumerate(nodes_in) if r["id"] == after),
                   None)
        if pos is None or any(r["id"] == nid for r in nodes_in):
            die("nodes.csv: cannot add border node %s after %s" % (nid, after))
        nodes_in.insert(pos + 1, {
            "id": nid, "name": name, "country": country,
            "kind": "rail_border", "lat": lat, "lon": lon,
            "source": "estimate: position of the crossing (+/-0.1 deg)"})
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

    node_pos = {r["id"]: (float(r["lat"]), float(r["lon"]))
                for r in nodes_in}
    kept, border_diffs = add_borders(kept, node_pos)

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

    # ---- version 2, winter limits --------------------------------------
    src_kind = {r["id"]: r["kind"] for r in nodes_in}
    v2 = None
    if opt.version == 2:
        v2 = build_v2({
            "kept": kept, "ports": ports, "vessels": vessels,
            "src_kind": src_kind, "node_info": node_info,
            "node_rows": node_rows, "demand_info": demand_info,
            "supply_rows": supply_rows, "fob": fob, "emis": emis,
            "links_in": links_in,
            "subsidy_in": read_table(src, "subsidy.csv"),
            "hub_costs_in": read_table(src, "hub_costs.csv"),
            "fertiliser_in": read_table(src, "fertiliser.csv")}, opt)
    winter = winter_limits(kept, node_info) if opt.winter else None

    # ---- write --------------------------------------------------------
    os.makedirs(out, exist_ok=True)
    name = SCENARIO_NAME if price_kind == PRICE_KIND else HIGH_NAME
    if v2:
        name = name.replace("(default;", "(version 2;").replace(
            "(high case:", "(version 2; high case:")
    write_csv(os.path.join(out, "scenario.csv"), ["key", "value"], [
        ["name", clean_text(name)], ["periods", PERIODS],
        ["period_days", PERIOD_DAYS], ["horizon", "cyclic"],
        ["start_month", START_MONTH]])
    write_csv(os.path.join(out, "nodes.csv"),
              ["id", "name", "country", "kind", "lat", "lon",
               "handling_usd_per_t", "throughput_t_per_period", "storage_t",
               "storage_usd_per_t_per_period"],
              v2["nodes"] if v2 else node_rows)
    link_rows = []
    for k in kept:
        km = int(k["km"]) if k["km"] == k["km"].to_integral_value() else k["km"]
        cap = per_week(k["cap_kt"]) if k["cap_kt"] is not None else ""
        cargo = vessels[k["cls"]]["cargo_t"] if k["cls"] else ""
        link_rows.append([k["from"], k["to"], k["mode"], km, money(k["cost"]),
                          k["days"], cap, k["co2"], "no", k["cls"], cargo])
    if v2:
        link_rows = v2_link_rows(v2["links"], vessels)
        write_csv(os.path.join(out, "links.csv"), V2_LINK_HEADER, link_rows)
    else:
        write_csv(os.path.join(out, "links.csv"),
                  ["from", "to", "mode", "distance_km", "cost_usd_per_t",
                   "transit_days", "capacity_t_per_period", "co2_kg_per_tkm",
                   "both_ways", "vessel_class", "class_cargo_t"], link_rows)
    write_csv(os.path.join(out, "estimates.csv"),
              ["file", "column", "rows", "what"],
              estimate_rows(demand_info, price_kind, opt))
    if v2:
        supply_rows = v2["supply"]
        demand_rows = v2["demand"]
    write_csv(os.path.join(out, "supply.csv"),
              ["node", "product", "period", "t", "price_usd_per_t"],
              supply_rows)
    demand_header = ["node", "product", "period", "t", "alt_price_usd_per_t"]
    if v2:
        demand_header += ["alt_from", "alt_fob_usd_per_t"]
        if all(r[4] == "" for r in demand_rows):
            # every row prices its alternative by alt_from: the column of
            # the version-1 form is left out
            del demand_header[4]
            demand_rows = [r[:4] + r[5:] for r in demand_rows]
    write_csv(os.path.join(out, "demand.csv"), demand_header, demand_rows)
    extra = {}
    if v2:
        extra["products.csv"] = (["id", "name"], v2["products"])
        extra["conversions.csv"] = (
            ["node", "from_product", "to_product", "yield", "cost_usd_per_t",
             "capacity_t_per_period"], v2["conv"])
        extra["hubs.csv"] = (
            ["node", "option", "fixed_usd_per_year",
             "throughput_t_per_period", "storage_t"], v2["hubs"])
    if winter:
        extra["link_periods.csv"] = (
            ["from", "to", "mode", "period", "capacity_t"], winter[0])
        extra["node_periods.csv"] = (["node", "period", "throughput_t"],
                                     winter[1])
    for f in OPTIONAL_FILES:
        path = os.path.join(out, f)
        if f in extra:
            write_csv(path, *extra[f])
        elif os.path.exists(path):
            os.remove(path)

    files = ["nodes.csv", "links.csv", "ports.csv", "supply.csv",
             "demand.csv", "prices.csv", "emissions.csv", "vessels.csv",
             "sources.csv", "NOTES.md"]
    if v2:
        files[-1:-1] = ["hub_costs.csv", "port_calls.csv", "flour.csv",
                        "fertiliser.csv", "subsidy.csv"]
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
        price_kind=price_kind, border_diffs=border_diffs,
        node_pos=node_pos, winter=winter, v2=v2, opt=opt,
        link_rows=link_rows)
    with open(os.path.join(out, "SOURCES.md"), "w", encoding="utf-8",
              newline="") as f:
        f.write(md)
    return (len(v2["nodes"]) if v2 else len(node_rows), len(link_rows),
            len(supply_rows), len(demand_rows))


def estimate_rows(demand_info, price_kind, opt):
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
    rows.append(["nodes.csv", "lat lon", "KZ_RU_BORDER AZ_GE_BORDER",
                 "border crossings placed at one real crossing each; "
                 "KZ_RU_BORDER stands for every Kazakhstan-Russia crossing"])
    rows.append(["links.csv", "distance_km cost_usd_per_t transit_days",
                 "rail rows through KZ_RU_BORDER AZ_GE_BORDER IR_INCHE_BURUN",
                 "each rail row split at its border; one leg per origin and "
                 "per port (SOURCES.md lists what changed)"])
    if opt.winter:
        rows.append(["node_periods.csv", "throughput_t", "KZ_AKTAU",
                     "Aktau intake halt from 10 Oct 2025; its end (31 "
                     "October) assumed"])
        rows.append(["link_periods.csv", "capacity_t", "KZ_AKTAU AZ_ALAT",
                     "Caspian winter: half the Aktau rate Dec-Feb (no figure "
                     "in the sources)"])
    if opt.version == 2:
        rows += [
            ["links.csv", "usd_per_departure", "all with vessel_t",
             "NOTES 3.6 voyage model: hire and fuel per day; port calls "
             "USD 30-60k by class x 1.5 in West Africa; Straits or Suez"],
            ["links.csv", "cost_usd_per_t", "all with vessel_t",
             "the version-1 rate less usd_per_departure / vessel_t"],
            ["links.csv", "vessel_t", "all with vessel_t",
             "class cargo cut to the port's largest parcel"],
            ["links.csv", "subsidy_usd_per_t", "each route's own legs",
             "KZT rates quoted; converted at ~510 KZT/USD; the scheme's "
             "continuation is disputed (NOTES 2.6)"],
            ["hubs.csv", "fixed_usd_per_year", "all",
             "capex USD 400/t of storage (foreign terminals) at 10% over 25 "
             "years plus 2% O&M (no source)"],
            ["hubs.csv", "throughput_t_per_period", "all",
             "the silo's size a week capped by 10 000 t/day per berth"],
            ["conversions.csv", "yield cost_usd_per_t capacity_t_per_period",
             "all", "yield 0.75; USD 45/t of flour; a 100 kt/yr mill's "
             "capital charge"],
            ["nodes.csv", "storage_t", "West African gateways",
             "importers' silos: Lagos quoted; the others 2 x the largest "
             "parcel"],
        ]
        if opt.flour_market:
            rows.append(["demand.csv", "t alt_price_usd_per_t", "flour",
                         "10% of wheat demand as flour at local milling "
                         "parity (no flour import figures found)"])
        if opt.fertiliser:
            rows.append(["supply.csv demand.csv", "price t", "fertiliser",
                         "50 kt/yr upper bound; DAP prices from Baltic and "
                         "India proxies"])
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


def border_section(w, a, cite):
    """SOURCES.md: the border nodes and what rerouting through them did to
    each rail row's cost and weekly lag."""
    w("## Border crossings\n")
    w("Issue 9: the rail rows that cross a border pass a node of kind "
      "`border`, so that a closed crossing is one edit (a `node_periods.csv` "
      "row with `throughput_t` 0, or a `close_node` what-if edit). Handling "
      "0, no throughput limit, no storage: a crossing costs nothing and "
      "limits nothing until an edit says so.")
    w("- `KZ_RU_BORDER` (**estimate**: one node for every Kazakhstan-Russia "
      "rail crossing, placed at Iletsk, %s) carries the rows to Novorossiysk, "
      "Taman and Liepaja (Russian transit, %s; the Liepaja trains also cross "
      "Russia-Latvia, not a node). Border -> Novorossiysk = Aktobe's row "
      "(the origin nearest the border) less %s km Aktobe-Iletsk "
      "(**estimate**) at the Russian-transit rate USD %s/t-km; each "
      "origin -> border = its Novorossiysk row less that leg; border -> "
      "Taman and -> Liepaja = Kostanay's rows (the origin of the 2025 "
      "Liepaja trains, %s) less Kostanay -> border. One node for all "
      "crossings means one leg per origin and per port, so rows other than "
      "these reference rows change by the amounts below." % (
          ", ".join("%s %s" % (x, y) for x, y in [a["node_pos"][
              "KZ_RU_BORDER"]]), cite("RU_TRANSIT"),
          AKTOBE_TO_RU_BORDER_KM, RU_TRANSIT_USD_PER_TKM, cite("WG_KZMA")))
    w("- `AZ_GE_BORDER` (**estimate**: Beyuk-Kesik / Gardabani, %s) on the "
      "Middle Corridor's rail from Alat to Poti and Batumi (line Poti-Baku "
      "%s): Alat -> border %s km (**estimate**, Baku to the border of the "
      "830 km to Poti) at USD %s/t-km, border -> Poti/Batumi the rest of "
      "each row, so their costs are unchanged. The Middle Corridor's 6 "
      "Mt/yr stays on Alat (rows out of it)." % (
          ", ".join("%s %s" % (x, y) for x, y in [a["node_pos"][
              "AZ_GE_BORDER"]]), cite("POTIBAKU"), ALAT_TO_GE_BORDER_KM,
          CAUCASUS_USD_PER_TKM))
    w("- `IR_INCHE_BURUN` (`shared/data/nodes.csv`, the Turkmenistan-Iran "
      "border station of the Uzen-Gorgan line, %s) on the rows to Bandar "
      "Abbas: Inche-Burun -> Bandar Abbas = great-circle x 1.5 (the "
      "links.csv rule for rail) at the rate of Kostanay's row; each "
      "origin -> Inche-Burun = its row less that leg (costs unchanged). The "
      "Kazakhstan-Turkmenistan crossing is not a node." % cite("FT_INCHE"))
    w("- Times: each leg km/300 + 1 day (the links.csv rule: a loading day "
      "on the first leg, the border day on the second), the first leg the "
      "rest of the row; a row's lag in weeks is the sum of its legs' lags, "
      "so a route through a border can take one week more than the row it "
      "replaces (below). In the cyclic year this moves deliveries, not "
      "costs: the default plan's total and saving are unchanged to the "
      "cent.\n")
    w("| border | from | to | USD/t in links.csv | USD/t through the border "
      "| difference | lag weeks before | after |")
    w("|---|---|---|---|---|---|---|---|")
    for b, diffs in a["border_diffs"].items():
        for x, p, old, new, lag0, lag1 in diffs:
            w("| %s | %s | %s | %s | %s | %+.2f | %d | %d |" % (
                b, x, p, money(old), money(new), new - old, lag0, lag1))
    w("")


def winter_section(w, a, cite):
    w("## Winter and disruption limits (link_periods.csv, node_periods.csv)"
      "\n")
    w("Issue 9: capacities that change over time; a row replaces the "
      "constant figure in that week (0 closes). Written with `--winter` and "
      "in every version-2 build (the version-1 build, data/kz-ma-africa-v1, "
      "stays without them).")
    notes = a["winter"][2]
    w("- " + notes[0] % cite("INFORM_AKTAU"))
    w("- " + notes[1] % (cite("LADA"), cite("ASTANA_SEP24")))
    w("- Not modelled: Poti's storm closures (%s: frequent, no figure) and "
      "ice: the sources give neither dates nor durations.\n"
      % cite("GEOTIMES_POTI"))


def v2_section(w, a, cite):
    v, opt = a["v2"], a["opt"]
    S = a["sources"]
    w("## Version 2: hubs, departures, products, subsidies\n")
    w("Built with `tools/build_default_scenario.py --version 2` (variants: "
      "`--no-subsidy`, `--fertiliser`, `--flour-market`). This build: "
      "subsidy %s, fertiliser backhaul %s, flour market %s.\n" % (
          "on" if opt.subsidy else "off", "on" if opt.fertiliser else "off",
          "on" if opt.flour_market else "off"))
    rows = a["link_rows"]
    n_dep = sum(1 for r in rows if r[12] != "")
    into = sum(1 for r in rows if r[12] != "" and r[1].endswith("_HUB"))
    outof = sum(1 for r in rows if r[12] != "" and r[0].endswith("_HUB"))
    w("### Size\n")
    w("| what | value |\n|---|---|")
    w("| nodes | %d (%d hub facilities) |" % (len(v["nodes"]),
                                             len(opt.hubs)))
    w("| links | %d; with departures (`vessel_t`): %d = %d into a hub + %d "
      "out of a hub + %d direct export port -> West Africa |" % (
          len(rows), n_dep, into, outof, n_dep - into - outof))
    w("| integer departure counts | %d links x %d weeks = %d |" % (
        n_dep, PERIODS, n_dep * PERIODS))
    w("| hub choices | %d candidates x %d options = %d binaries |" % (
        len(opt.hubs), len(HUB_OPTIONS),
        len(opt.hubs) * len(HUB_OPTIONS)))
    w("| products | %s |" % ", ".join(p[0] for p in v["products"]))
    w("| period overrides | %d link, %d node rows |\n" % (
        len(a["winter"][0]), len(a["winter"][1])))
    w("### Hub candidates (`hubs.csv`)\n")
    w("- Facility nodes `%s`, kind `hub`, one per candidate port, at the "
      "port's position with its handling (the discharge move; the re-loading "
      "move is in the cost of every sea link out of the hub, as in version "
      "1). The port node itself becomes kind `port`: it keeps Morocco's own "
      "imports (demand.csv) and no longer re-exports, so that closing a hub "
      "leaves them alone. Candidates: Casablanca (the existing grain port; "
      "Handysize), Jorf Lasfar (the only Moroccan grain port taking "
      "Panamax), Tanger Med (deep water on the Mediterranean route, no grain "
      "terminal) and Dakhla Atlantique (deep water nearest West Africa, "
      "under construction): the four that NOTES 8 and `ports.csv` make "
      "plausible; Agadir, Safi, Nador and Nador West Med keep their imports "
      "only.%s" % ("`, `".join(v["hub_of"][p] for p in opt.hubs),
                   "" if opt.hubs == HUB_CANDIDATES else " **This build "
                   "(`--hubs`) has only %s.**" % ", ".join(opt.hubs)))
    w("- Options (every candidate the same; **estimates**, L): capex USD %s "
      "per t of storage, the central band of `hub_costs.csv` (HC36-HC43: "
      "brownfield 250-340, greenfield 380-480, a complete port silo 886), "
      "annualised with the capital recovery factor at %s %% over %d years = "
      "%.5f (HC31: 25-year appraisal, %s; the rate between HC44's 8 %% and "
      "HC32's 12 %%); **operating cost is a gap** in the sources: assumed a "
      "fixed O&M of %s %% of capex a year (NOTES 10.1's 1-3 %% placeholder) "
      "on top; handling per tonne stays the port's fee. The generator checks "
      "that its capital charge equals HC36, HC39 and HC42 to the USD 10k." % (
          HUB_CAPEX_USD_PER_T, int(HUB_RATE * 100), HUB_LIFE_YEARS, v["crf"],
          url(S, "WBTOOLKIT") if "WBTOOLKIT" in S else "ITS Leeds for the "
          "World Bank", int(HUB_OM_SHARE * 100)))
    w("- Throughput per week = the silo's size (it cannot take in more in a "
      "week than it holds), capped by one berth discharging 10,000 t/day "
      "for 7 days (Casablanca's 2020 average, %s); the 200 kt option has two "
      "berths. Storage = the silo. Over a year that allows 52 x the weekly "
      "figure, more than the 17-25 turns real terminals make (HC34): the "
      "plan, not the option, decides the turns.\n" % cite("LE360_2020"))
    w("| option | storage t | capex USD | capital charge USD/yr | fixed "
      "USD/yr (with O&M) | throughput t/week |")
    w("|---|---|---|---|---|---|")
    seen = set()
    for name, st, capex, cap_charge, fixed, thr in v["hub_info"]:
        if name in seen:
            continue
        seen.add(name)
        w("| %s | %s | %s | %s | %s | %s |" % (
            name, format(st, ","), format(int(capex), ","),
            money(cap_charge), money(fixed), format(thr, ",")))
    w("")
    w("Fixed cost for the 52-week horizon = fixed USD/yr x 52 x 7 / 365 "
      "(the format's rule).\n")
    w("### Departures (`vessel_t`, `usd_per_departure`)\n")
    w("- **Which legs.** A naive MIP with weekly departures on every sea "
      "link (486 in `shared/data`) does not close in 240 s (issue 8), so "
      "departures are given only where lot size matters: (1) into a hub, "
      "on the largest class the lane takes (a hub exists to receive large "
      "ships); (2) out of a hub and (3) the long direct legs from the "
      "export ports to West Africa, each on two classes: the largest the "
      "lane takes and small Handysize (20 kt, the smallest ocean class), "
      "so that a small market can be served by a small ship either way; "
      "dropped: %s. Legs "
      "into the Moroccan port nodes (Morocco imports 7.5 Mt/yr: its lots "
      "fill ships) and the Caspian (5 kt river-sea bulkers priced by "
      "benchmark, NOTES 3.1) keep the version-1 per-tonne rate, no "
      "departures." % "; ".join("%s, %d rows" % (why, len(x))
                                for why, x in v["dropped"].items()))
    w("- **Tonnes per departure** (`vessel_t`): the class's grain cargo "
      "(`vessels.csv`), cut to a port's `max_parcel_kt` when the class is "
      "the largest that port takes (NOTES 3.6; e.g. Supramax 50 kt into "
      "Dakar).")
    w("- **Cost per departure**: the fixed part of NOTES 3.6's voyage "
      "model: hire (`vessels.csv` usd_per_day) x (laden sea days + %s x "
      "that in ballast + both ports' waiting days, `ports.csv`) + VLSFO USD "
      "%s/t x sea fuel x sea days + MGO USD %s/t x port fuel x waiting days "
      "(%s) + two port calls (USD 30k / 40k / 50k / 60k for small Handysize "
      "/ Handysize / Supramax / Panamax, x %s at West African ports: NOTES "
      "3.6, **estimate**; the NPA's published dues alone are USD 32k-56k "
      "per call at Lagos, `port_calls.csv` PC01-PC04) + USD %s for the "
      "Turkish Straits from the Black Sea or USD 120k-300k for Suez from "
      "Bandar Abbas (NOTES 3.6, split by class: **estimate**), all / (1 - "
      "3.75 %% commission). Laden days = km / (knots x 1.852 x 24)." % (
          BALLAST_SHARE, VLSFO_USD_PER_T, MGO_USD_PER_T, cite("SHIPBUNKER"),
          WEST_AFRICA_CALL_FACTOR, format(STRAITS_USD, ",")))
    per_t = v["per_t"]
    w("- **Cost per tonne** (`cost_usd_per_t`) = the version-1 rate less "
      "usd_per_departure / vessel_t, so a full ship costs what version 1 "
      "charged per tonne (to the cent) and a part-laden one more. What "
      "remains per tonne is the cargo-proportional time (loading and "
      "discharge days at the ports' rates) and, on legs out of a hub, the "
      "re-loading move: USD %s-%s/t over the %d legs%s.\n" % (
          money(min(per_t)), money(max(per_t)), len(per_t),
          "" if not v["clamped"] else "; on %d legs the fixed part came "
          "out above the version-1 rate (the Suez split by class is an "
          "estimate), so the whole rate is per departure and nothing per "
          "tonne: %s" % (len(v["clamped"]), ", ".join(
              "%s -> %s %s (by USD %s/t)" % (x, y, cls, money(-r))
              for x, y, cls, r in v["clamped"]))))
    w("### Products and milling (`products.csv`, `conversions.csv`)\n")
    mc, mcap, mcap_t = v["mill"]
    w("- Products: %s. Milling wheat -> flour at every hub facility: yield "
      "%s (`flour.csv` FL20: 72 %% straight flour; FL21, FL22: 77.5 %%), "
      "cost USD %s per t of wheat in = USD %s per t of flour (FL23) x %s + "
      "USD %s of mill capital (FL24: 100 MDH for a 100 kt/yr mill at ~10 "
      "MAD/USD, assumed, annualised as the hubs), capacity %s t of wheat a "
      "week (that mill). **Estimates**, M." % (
          ", ".join(p[0] for p in v["products"]), FLOUR_YIELD, money(mc),
          MILL_USD_PER_T_FLOUR, FLOUR_YIELD, money(mcap),
          format(mcap_t, ",")))
    n_flour = sum(1 for r in a["link_rows"] if "flour" in r[11].split(";"))
    w("- `links.csv` `products`: flour exists only from a hub's mill "
      "onwards, so only the %d links out of a hub and inland from a gateway "
      "carry `wheat;flour`; the others carry `wheat` (the fertiliser "
      "variant's return links `fertiliser`), which keeps flour variables "
      "off the rest of the network." % n_flour)
    w("- **Flour demand: none in the base case.** The sources find no "
      "Kazakh flour in Africa (FL10) and no flour import volumes for the "
      "gateways (FL36); Mali and Burkina Faso ban flour imports (FL34, "
      "NOTES 5), Nigeria taxes them at 70 %% (FL33), Morocco's mills run at "
      "half capacity with flour exports closed (FL27, FL28), so NOTES 10.3 "
      "says to test a flour market of zero. `--flour-market` adds flour "
      "demand at the gateways without a ban or duty (%s): %s %% of their "
      "wheat demand as flour (**estimate**), at the local millers' parity "
      "= the wheat alternative price / %s + USD %s (FL23)." % (
          ", ".join(FLOUR_MARKETS), int(FLOUR_MARKET_SHARE * 100),
          FLOUR_YIELD, MILL_USD_PER_T_FLOUR))
    if v["flour"]:
        w("  This build's flour rows: " + "; ".join(
            "%s %s t/week at %s" % (n, format(t, ","), money(p))
            for n, t, p in v["flour"]) + ".")
    w("- **Fertiliser backhaul: none in the base case** (`fertiliser.csv` "
      "FE05-FE13, FE20: Kazakhstan is a net phosphate exporter). "
      "`--fertiliser` offers FE20's 50 kt/yr upper bound at Jorf Lasfar at "
      "DAP FOB Baltic's low end (FE15; FE18: no FOB Morocco quote) and "
      "wants it at Aktau at up to FE17's USD 719.50 (the only landed DAP "
      "price found), over the backhaul rows of `links.csv` (Jorf Lasfar -> "
      "Poti small Handysize, Alat -> Aktau) and the Caucasus rail back at "
      "the forward rate (**estimate**); those links carry fertiliser only."
      "%s\n" % ("" if not v["fert"] else " This build: %s t/week at USD %s, "
                 "alternative USD %s." % (format(v["fert"][2], ","),
                                          money(v["fert"][0]),
                                          money(v["fert"][1]))))
    w("### Competitors' prices (`alt_from`, `alt_fob_usd_per_t`)\n")
    w("- Every wheat demand row: `alt_from` RU_NOVOROSSIYSK, `alt_fob` USD "
      "%s (`prices.csv`, 3 Oct 2024): the import-parity rule, now computed "
      "by the reader along the cheapest path (departure / vessel_t "
      "included) through no hub, so a freight edit moves the competitor's "
      "price too. On this build it reproduces version 1's "
      "`alt_price_usd_per_t` at every market to the cent (checked by "
      "`tests/integration/default_scenario_v2.sh`).\n" % money(a["fob"]))
    w("### Subsidy (`subsidy_usd_per_t`)\n")
    if v["subsidy"]:
        w("- The Kazakh export freight subsidy (Prodcorporation) by route, "
          "spread over the legs only that route's tonnes use (so each path of "
          "the route collects the rate once), converted at "
          "~%s KZT/USD (SU01's rate; **estimate**):" % KZT_PER_USD)
        for sid, x, y, kzt, usd, item in v["subsidy"]:
            w("  - %s -> %s: %s KZT/t = USD %s/t (`subsidy.csv` %s: %s)." % (
                x, y, format(int(kzt), ","), money(usd), sid, item))
        w("- **Conflict** (NOTES 2.6): `ZAKON_SUBSIDY` says no subsidy was "
          "paid in 2025/26; SU06/SU08 say the scheme runs into 2026 with at "
          "least 30 bn KZT, which caps the subsidised volume at about 1-1.5 "
          "Mt at these rates: the format has no budget cap, so the base "
          "case may subsidise more. `--no-subsidy` builds the variant "
          "without it. Iran and Turkmenistan routes were considered (SU09) "
          "but no rate was found: none.\n")
    else:
        w("- None: this is the `--no-subsidy` variant (NOTES 2.6: the "
          "sources conflict on whether the scheme continues).\n")
    w("### West African gateway storage\n")
    w("- A departure lands a whole cargo in one week; the importers' silos "
      "let it be drawn down over the next weeks. `storage_t`: "
      + "; ".join("%s %s (%s)" % (n, format(t, ","), how)
                  for n, (t, how) in v["market_store"].items())
      + ". Fee USD %s/t/month as the hubs (**estimate**)." %
      HUB_USD_PER_T_MONTH)
    w("")


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
      "generator or its inputs and re-run it. Scenario format version %d%s.\n"
      % (a["opt"].version, "" if a["opt"].version == 1 else
         ": the sections up to *Known limits* describe the version-1 network "
         "it is built from; *Version 2* says what changes"))
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
      "junction and rail_border -> border; waypoint -> dropped. Three "
      "border nodes carry the rail rows that cross a border (section "
      "*Border crossings* below).")
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

    border_section(w, a, cite)

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
    if a["v2"]:
        w("- **The freight subsidy** is in (section *Subsidy*), with no "
          "budget cap; the sources conflict on whether it continues.")
    else:
        w("- **No freight subsidy.** Kazakhstan reimbursed 20-30k KZT/t "
          "(about USD 40-60/t) of transport on far-abroad grain exports in "
          "2024/25 and paid none in 2025/26 (%s); the base follows current "
          "policy. `tools/check_scenario.py --supply-price-delta -50` shows "
          "the 2024/25 case; the version-2 build has the subsidy by route."
          % cite("ZAKON_SUBSIDY"))
    w("- **Rail tariffs are 2025 levels.** The KTZ draft would multiply the "
      "grain network tariff by ~3.1 in 2026 (%s); not applied." %
      cite("LOGISTAN_KTZ"))
    w("- **Russian transit capacity is the whole terminal** (6 Mt/yr at "
      "Novorossiysk, 5.5 at Taman), which Russian exports also use; no "
      "figure for a Kazakh share was found, so this is optimistic.")
    if a["winter"]:
        w("- **Seasonal capacity** only where the section *Winter and "
          "disruption limits* says; every other capacity is the same in "
          "every week.")
    else:
        w("- **No seasonal capacity.** This folder has one capacity per "
          "link and node for all periods: Caspian winter storms and the "
          "October 2025 Aktau intake halt (%s) are not represented; "
          "`--winter` (and `--version 2`) adds them as `link_periods.csv` "
          "and `node_periods.csv`." % cite("INFORM_AKTAU"))
    if a["v2"]:
        w("- **Sea links have no capacity per vessel class** (none in the "
          "sources); lot sizes and per-call costs are modelled only on the "
          "legs with departures (section *Departures*).")
    else:
        w("- **Sea links have no capacity per vessel class** (none in the "
          "sources) and v1 has no lot sizes or per-call costs, so the "
          "network cannot see the hub's lot-splitting benefit (NOTES 8.6); "
          "on cost alone NOTES 8 finds the hub USD 12-18/t dearer than "
          "direct shipping for every West African gateway (the version-2 "
          "build has departures).")
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
    if a["winter"]:
        winter_section(w, a, cite)
    if a["v2"]:
        v2_section(w, a, cite)
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
    ap.add_argument("--out", default=None,
                    help="output folder (default data/kz-ma-africa, or "
                    "data/kz-ma-africa-v1 with --version 1)")
    ap.add_argument("--version", type=int, choices=(1, 2), default=2,
                    help="scenario format version (default 2, what make "
                    "demo plans: hubs, departures, products, subsidies and "
                    "the winter limits; 1 is the one-product network-"
                    "simplex corridor)")
    ap.add_argument("--price-incl-vat", action="store_true",
                    help="high case: supply at the ex-elevator price with "
                    "Kazakhstan's 12%% VAT (USD 150/t) instead of the ex-VAT "
                    "default; give it its own --out")
    ap.add_argument("--winter", action="store_true",
                    help="also write link_periods.csv and node_periods.csv "
                    "(the Aktau intake halt and the Caspian winter; always "
                    "with --version 2)")
    ap.add_argument("--no-subsidy", action="store_true",
                    help="version 2: without the Kazakh export freight "
                    "subsidy (the sources conflict on whether it continues)")
    ap.add_argument("--fertiliser", action="store_true",
                    help="version 2: the phosphate backhaul Jorf Lasfar -> "
                    "Aktau at its 50 kt/yr upper bound (base case: none)")
    ap.add_argument("--flour-market", action="store_true",
                    help="version 2: flour demand at the West African "
                    "gateways without a flour ban or duty (base case: none)")
    ap.add_argument("--hubs", metavar="PORT,PORT",
                    help="version 2: only these hub candidates (default %s), "
                    "for a smaller MIP" % ",".join(HUB_CANDIDATES))
    args = ap.parse_args()
    if not os.path.isdir(args.src):
        die("no data folder %s (pass the path to shared/data)" % args.src)
    if args.version == 1 and (args.no_subsidy or args.fertiliser
                              or args.flour_market or args.hubs):
        die("--no-subsidy, --fertiliser, --flour-market and --hubs need "
            "--version 2")
    hubs = None
    if args.hubs is not None:
        hubs = [h.strip() for h in args.hubs.split(",") if h.strip()]
        unknown = [h for h in hubs if h not in HUB_CANDIDATES]
        if unknown or not hubs or len(set(hubs)) != len(hubs):
            die("--hubs %r: give one or more of %s, each once" % (
                args.hubs, ",".join(HUB_CANDIDATES)))
        hubs = [h for h in HUB_CANDIDATES if h in hubs]  # fixed order
    out = args.out or os.path.join(REPO, "data", "kz-ma-africa" + (
        "-v1" if args.version == 1 else ""))
    kind = PRICE_KIND_INCL_VAT if args.price_incl_vat else PRICE_KIND
    opt = Options(version=args.version, winter=args.winter,
                  subsidy=not args.no_subsidy, fertiliser=args.fertiliser,
                  flour_market=args.flour_market, hubs=hubs)
    n, l, s, d = build(args.src, out, kind, opt)
    print("wrote %s: %d nodes, %d links, %d supply rows, %d demand rows"
          % (os.path.relpath(out), n, l, s, d))


if __name__ == "__main__":
    main()
