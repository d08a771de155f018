/* web/v2.js: the page's view of a version-2 plan (products, departures, hubs, mills).
 *
 * app.js hands a run over here when its result says "version": 2 (the plan
 * JSON of src/export/export_v2.c; its GeoJSON carries every node, a hub
 * facility's chosen option, and each link's tonnes, departures, load factor
 * and tonnes per product). What it draws, in the page's own containers:
 * - the figures: whether the plan is proven optimal (else the gap, in
 *   dollars and as a share of the saving, and "NOT proven optimal"), the
 *   saving against the alternative suppliers, the subsidy bill, the hubs'
 *   fixed costs, departures;
 * - the map: land, the links with flow of the product chosen in the
 *   product selector (all products by default), sea legs labelled with their
 *   load factor, hub facilities as markers (open: ring and "node: option";
 *   closed: dashed grey);
 * - the tables: hubs and their options (fixed cost, throughput against the
 *   option's, transshipped per product), departures and load factors per
 *   link, tonnes per product, conversions, and the cost breakdown with the
 *   subsidy and the hub fixed costs.
 * - the week slider (state.week, set by app.js): the map then draws one
 *   week's flows, of the chosen product, at the width of the same rate over
 *   the year (as the version-1 map does), from the plan's "flows" per link,
 *   period and product;
 * - the stock chart: app.js's own drawStock, fed by stockData(plan): the
 *   nodes to choose from (hub facilities, open first, then any node that
 *   holds stock, the largest first), their stock per week and arrivals per
 *   week (by arrival period), of the chosen product or of all.
 * The month and cost charts have no version-2 counterpart (they read
 * routes, which a version-2 plan has not): body.v2 hides them (style.css).
 * window.GF_V2 is the whole interface: isV2(plan), draw(state, tip),
 * tonnesByLink(plan) for the what-if link list, stockData(plan).
 * SPDX-License-Identifier: MIT */
(function () {
  "use strict";

  var fmtT = d3.format(",.0f");
  var fmtUsd = function (v) { return "$" + d3.format(",.2f")(v); };
  var fmtPct = d3.format(".1%");
  var MODE_COLOUR = { rail: "#8e5b3a", road: "#e67e22", sea: "#1f6fb2", ferry: "#16a085",
                      river: "#5dade2" };
  var chosen = ""; /* the product shown on the map, "" = all */

  function $(id) { return document.getElementById(id); }
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c];
    });
  }

  function isV2(plan) { return !!plan && plan.version === 2; }

  /* "FROM>TO>mode" -> tonnes, as app.js's tonnesByLink for version 1. */
  function tonnesByLink(plan) {
    var t = {};
    plan.links.forEach(function (l) { t[l.from + ">" + l.to + ">" + l.mode] = l.t; });
    return t;
  }

  function figure(id, value, label, cls) {
    return '<div class="figure' + (cls ? " " + cls : "") + '" id="' + id + '"><b>' + value +
      "</b><small>" + label + "</small></div>";
  }

  function drawFigures(p) {
    var proven = p.optimal === true;
    // within_gap: stopped once proven within the asked share of the saving
    // (the server asks 0.1%, as grainflow site): proven to that, not optimal
    var within = p.status === "within_gap";
    var open = p.hubs.filter(function (h) { return h.option !== null; });
    $("figures").innerHTML = [
      figure("fig-v2-status", proven ? "proven optimal" : within ?
             "proven within " + p.gap_pct_of_saving.toFixed(2) + "% of the saving" :
             "NOT proven optimal", esc(p.status_text), proven ? "good" : within ? "" : "bad"),
      figure("fig-v2-saving", fmtUsd(p.saving_usd), "saving vs alternative suppliers"),
      figure("fig-v2-hubs", open.length ? open.map(function (h) {
        return esc(h.node) + ": " + esc(h.option);
      }).join(", ") : "none open", "hubs and options"),
      figure("fig-v2-fixed", fmtUsd(p.cost.hub_fixed_usd), "hub fixed costs"),
      figure("fig-v2-subsidy", fmtUsd(p.subsidy_bill_usd), "subsidy bill (paid by the state)"),
      figure("fig-v2-departures", fmtT(p.departures), "ship departures"),
      figure("fig-v2-total", fmtUsd(p.total_cost_usd), "total cost incl. alternative purchases",
             "minor")
    ].join("");
  }

  function key(from, to, mode) { return from + ">" + to + ">" + mode; }

  /* Tonnes per link in week k of the chosen product (all when none). */
  function weekTonnes(plan, k) {
    var t = {};
    (plan.flows || []).forEach(function (f) {
      if (f.period !== k || (chosen && f.product !== chosen)) return;
      t[key(f.from, f.to, f.mode)] = (t[key(f.from, f.to, f.mode)] || 0) + f.t;
    });
    return t;
  }

  var weekT = null; /* weekTonnes of the slider's week while one is shown */
  var lastPlan = null;
  function periodsOf(plan) { return (plan && plan.periods) || 52; }

  /* A link's tonnes: the year's, or the week's at the same yearly rate. */
  function lineT(f) {
    var q = f.properties;
    if (weekT) return (weekT[key(q.from, q.to, q.mode)] || 0) * periodsOf(lastPlan);
    if (!chosen) return q.t;
    return (q.products || {})[chosen] || 0;
  }

  /* What app.js's stock chart draws for a version-2 plan (see the top). */
  function stockData(plan) {
    var peak = {}, stocks = [], arrivals = [];
    (plan.stocks || []).forEach(function (s) {
      if (chosen && s.product !== chosen) return;
      stocks.push({ node: s.node, period: s.period, t: s.t });
      peak[s.node] = Math.max(peak[s.node] || 0, s.t);
    });
    (plan.flows || []).forEach(function (f) {
      if ((chosen && f.product !== chosen) || !(f.arrival_period > 0)) return;
      arrivals.push({ to: f.to, period: f.arrival_period, t: f.t });
    });
    var hubs = plan.hubs.slice().sort(function (a, b) {
      return (b.option !== null) - (a.option !== null) || b.throughput_t - a.throughput_t;
    }).map(function (h) { return { node: h.node }; });
    var others = Object.keys(peak).filter(function (n) {
      return !plan.hubs.some(function (h) { return h.node === n; });
    }).sort(function (a, b) { return peak[b] - peak[a]; }).map(function (n) { return { node: n }; });
    return { nodes: hubs.concat(others), stocks: stocks, arrivals: arrivals };
  }

  function drawMap(state, tip) {
    var svg = d3.select("#map");
    var w = $("map").clientWidth || 900, h = $("map").clientHeight || 520;
    var pts = state.geo.features.filter(function (f) { return f.geometry.type === "Point"; });
    var lines = state.geo.features.filter(function (f) {
      return f.geometry.type === "LineString" && lineT(f) > 0;
    });
    var proj = d3.geoMercator().fitExtent([[20, 20], [w - 20, h - 20]],
      { type: "FeatureCollection", features: pts });
    var path = d3.geoPath(proj);
    var tmax = d3.max(lines, lineT) || 1;
    var width = d3.scaleSqrt([0, tmax], [0.8, 9]);
    svg.selectAll("*").remove();
    if (state.world)
      svg.append("g").selectAll("path")
        .data(topojson.feature(state.world, state.world.objects.countries).features)
        .join("path").attr("class", "land").attr("d", path);
    svg.append("g").selectAll("path").data(lines).join("path")
      .attr("class", "link").attr("d", path)
      .attr("stroke", function (f) { return MODE_COLOUR[f.properties.mode] || "#555"; })
      .attr("stroke-width", function (f) { return width(lineT(f)); })
      .on("mousemove", function (ev, f) {
        var q = f.properties;
        tip.show(ev, esc(q.from) + " &rarr; " + esc(q.to) + " (" + esc(q.mode) +
          (q.vessel_class ? ", " + esc(q.vessel_class) : "") + ")<br>" +
          fmtT(weekT ? lineT(f) / periodsOf(state.plan) : lineT(f)) + " t" +
          (chosen ? " " + esc(chosen) : "") +
          (weekT ? " in " + esc($("week-out").textContent) : "") +
          (q.departures ? "<br>" + q.departures + " departures, load " + fmtPct(q.load_factor) : ""));
      })
      .on("mouseleave", tip.hide);
    svg.append("g").selectAll("text").data(lines.filter(function (f) {
      return f.properties.departures > 0;
    })).join("text").attr("class", "label load")
      .attr("transform", function (f) {
        var c = f.geometry.coordinates;
        return "translate(" + proj(c[Math.floor(c.length / 2)]) + ")";
      })
      .text(function (f) { return fmtPct(f.properties.load_factor); });
    var g = svg.append("g").selectAll("g").data(pts.filter(function (f) {
      return f.properties.kind !== "junction" || "hub_option" in f.properties;
    })).join("g")
      .attr("transform", function (f) { return "translate(" + proj(f.geometry.coordinates) + ")"; });
    g.append("circle")
      .attr("class", function (f) {
        if (!("hub_option" in f.properties)) return "node";
        return f.properties.hub_option === null ? "node hub-off" : "node hub";
      })
      .attr("r", function (f) { return "hub_option" in f.properties ? 7 : 4; })
      .attr("fill", "#fff")
      .on("mousemove", function (ev, f) {
        var q = f.properties;
        tip.show(ev, "<b>" + esc(q.name) + "</b> (" + esc(q.kind) + ")" + ("hub_option" in q ?
          "<br>" + (q.hub_option === null ? "closed" : "open: " + esc(q.hub_option) + ", fixed " +
          fmtUsd(q.fixed_usd) + ", " + fmtT(q.throughput_t) + " t through") : ""));
      })
      .on("mouseleave", tip.hide);
    g.filter(function (f) { return "hub_option" in f.properties; }).append("text")
      .attr("class", "label hub-label").attr("x", 9).attr("y", 4)
      .text(function (f) {
        var q = f.properties;
        return q.id + ": " + (q.hub_option === null ? "closed" : q.hub_option);
      });
    $("legend").innerHTML = "<b>" + (chosen ? esc(chosen) : "all products") + "</b>" +
      (weekT ? " <b>showing " + esc($("week-out").textContent) + "</b> (at its yearly rate)" : "") +
      Object.keys(MODE_COLOUR).map(function (m) {
        return '<span class="sw" style="background:' + MODE_COLOUR[m] + '"></span>' + m;
      }).join("") + "<br>widest line " + fmtT(tmax) + " t; % on a sea leg: its load factor " +
      "(tonnes / departures &times; vessel t); ring: open hub, dashed: closed";
  }

  function table(id, caption, head, rows) {
    return '<table id="' + id + '"><caption>' + caption + "</caption><tr>" + head.map(function (x) {
      return "<th>" + x + "</th>";
    }).join("") + "</tr>" + rows.map(function (r) {
      return "<tr>" + r.map(function (c) { return "<td>" + c + "</td>"; }).join("") + "</tr>";
    }).join("") + "</table>";
  }

  function drawTables(state) {
    var p = state.plan;
    var ids = p.products.map(function (x) { return x.product; });
    var prod = '<label>Product <select id="v2-product"><option value="">all products</option>' +
      ids.map(function (id) {
        return '<option value="' + esc(id) + '"' + (id === chosen ? " selected" : "") + ">" +
          esc(id) + "</option>";
      }).join("") + "</select></label>";
    var hubs = p.hubs.map(function (h) {
      var ts = Object.keys(h.transshipped_t).filter(function (k) { return h.transshipped_t[k] > 0; });
      return [esc(h.node), h.option === null ? "closed" : esc(h.option), fmtUsd(h.fixed_usd),
              fmtT(h.throughput_t), h.capacity_t ? fmtPct(h.throughput_t / h.capacity_t) : "-",
              ts.map(function (k) { return esc(k) + " " + fmtT(h.transshipped_t[k]); }).join("; ")];
    });
    var deps = p.links.filter(function (l) { return l.departures > 0; }).map(function (l) {
      return [esc(l.from) + " &rarr; " + esc(l.to), esc(l.vessel_class || l.mode), fmtT(l.t),
              l.departures, fmtT(l.vessel_t), fmtPct(l.load_factor), fmtUsd(l.subsidy_usd)];
    });
    var flows = p.links.filter(function (l) {
      return (chosen ? l.products[chosen] : l.t) > 0;
    }).sort(function (a, b) {
      return (chosen ? b.products[chosen] - a.products[chosen] : b.t - a.t);
    }).slice(0, 40).map(function (l) {
      return [esc(l.from) + " &rarr; " + esc(l.to), esc(l.mode),
              fmtT(chosen ? l.products[chosen] : l.t)];
    });
    var products = p.products.map(function (x) {
      return [esc(x.product), fmtT(x.bought_t), fmtT(x.demand_t), fmtT(x.delivered_t),
              fmtT(x.unmet_t)];
    });
    var conv = p.conversions.map(function (c) {
      return [esc(c.node), esc(c.from_product) + " &rarr; " + esc(c.to_product), fmtT(c.in_t),
              fmtT(c.out_t), fmtUsd(c.cost_usd)];
    });
    var c = p.cost;
    var cost = [["purchases", c.purchases_usd], ["link costs", c.link_usd],
                ["subsidy (paid by the state)", -c.subsidy_usd], ["handling", c.handling_usd],
                ["storage", c.storage_usd], ["conversions", c.conversion_usd],
                ["departures", c.departures_usd], ["hub fixed costs", c.hub_fixed_usd],
                ["alternative purchases", c.alternative_usd],
                ["total (incl. alternative purchases)", p.total_cost_usd]]
      .map(function (r) { return [r[0], fmtUsd(r[1])]; });
    $("tables").innerHTML = prod +
      '<p id="v2-status" class="' + (p.optimal ? "good" : "bad") + '">' + esc(p.status_text) +
      "</p>" +
      table("v2-hubs", "Hubs and options", ["hub", "option", "fixed cost", "throughput t",
            "of capacity", "transshipped t"], hubs) +
      table("v2-departures", "Departures and load factors", ["link", "vessel", "t", "departures",
            "vessel t", "load", "subsidy"], deps) +
      table("v2-flows", "Flows: " + (chosen ? esc(chosen) : "all products"), ["link", "mode", "t"],
            flows) +
      table("v2-products", "Products", ["product", "bought t", "demand t", "delivered t",
            "unmet t"], products) +
      (conv.length ? table("v2-conversions", "Conversions", ["node", "product", "in t", "out t",
                           "cost"], conv) : "") +
      table("v2-cost", "Cost breakdown", ["item", "USD"], cost);
    $("v2-product").addEventListener("change", function () {
      chosen = this.value;
      draw(state, lastTip);
      /* app.js redraws the stock chart on its selector's change, now of this product */
      $("stock-hub").dispatchEvent(new Event("change"));
    });
  }

  var lastTip = null;

  function draw(state, tip) {
    lastTip = tip;
    lastPlan = state.plan;
    weekT = state.week ? weekTonnes(state.plan, state.week) : null;
    if (chosen && !state.plan.products.some(function (x) { return x.product === chosen; }))
      chosen = "";
    document.body.classList.add("v2");
    drawFigures(state.plan);
    drawMap(state, tip);
    drawTables(state);
  }

  window.GF_V2 = { isV2: isV2, draw: draw, tonnesByLink: tonnesByLink, stockData: stockData };
})();
