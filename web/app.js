/* web/app.js: the grainflow page (live, on the server's API) and the report
 * (window.GF_DATA inlined by grainflow plan --report): a map of the corridor,
 * charts, tables; live, also what-if controls that re-plan on the server,
 * and a list of runs to reopen and compare. Uses d3 and topojson-client
 * (globals), served from the server's own folder: nothing from the internet.
 *
 * Design decisions a newcomer needs:
 * - The page leads with what the corridor does (delivered tonnes, saving
 *   against the alternative suppliers, hub throughput, what each origin
 *   earns), not with the total cost, which is mostly the alternative
 *   purchases: that total sits last, labelled so.
 * - Colours carry meaning, not sign: every figure says whether more is
 *   better (FIGURES[].better), and a difference is green when it is good.
 * - Dates come from the plan's start_month (period 1 starts on the 1st of
 *   that month; default 1 = January): every chart and table is labelled
 *   from it, so a plan that starts in July shows July first.
 * - The line-width and market-colour scales are fixed by the first plan
 *   shown (the base plan) and kept for every run opened or compared after
 *   it, so two maps can be compared by eye; the legend shows both scales.
 * - Live, the page lists the stored scenarios (GET scenarios), lets one
 *   upload a scenario's CSV files or one workbook (POST scenarios,
 *   multipart), and opens
 *   the newest stored run without edits of the chosen scenario as its base
 *   plan; it plans one only when there is none, so page loads do not pile
 *   up base runs.
 * - The week slider redraws the map with one week's flows (and the stock
 *   chart marks that week); "all year" shows the year's tonnes.
 * SPDX-License-Identifier: MIT */
(function () {
  "use strict";

  var scenario = null; /* the stored scenario shown (live) */
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var MODE_COLOUR = { rail: "#8e5b3a", road: "#e67e22", sea: "#1f6fb2", ferry: "#16a085",
                      river: "#5dade2" };
  var KIND_COLOUR = { origin: "#6b8e23", junction: "#95a5a6", border: "#7f8c8d", port: "#566573",
                      hub: "#f39c12", market: "#bbb" };
  var report = !!window.GF_DATA;
  var state = {
    plan: null, geo: null, world: null, base: null, runId: null, edits: [], picked: [],
    hub: null, market: null, week: 0, scale: null
  };

  var fmtT = d3.format(",.0f");
  var fmtUsd = function (v) { return "$" + d3.format(",.2f")(v); };
  var fmtBig = function (v) { return "$" + d3.format(".4~s")(v).replace("G", "B"); };

  function $(id) { return document.getElementById(id); }

  function setStatus(text) { $("status").textContent = text; }

  /* ---- dates: period 1 starts on the 1st of start_month ---- */

  function startMonth() {
    var m = state.plan && state.plan.start_month;
    return m >= 1 && m <= 12 ? m : 1;
  }

  /* The first day of period k (1-based) as a Date (a non-leap year). */
  function periodDate(k) {
    var days = (state.plan && state.plan.period_days) || 7;
    return new Date(Date.UTC(2001, startMonth() - 1, 1 + (k - 1) * days));
  }

  function periodLabel(k) {
    var d = periodDate(k);
    return "week " + k + " (" + d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + ")";
  }

  /* Month slot 0..11 of period k, counted from start_month. */
  function monthSlot(k) {
    return (periodDate(k).getUTCMonth() - (startMonth() - 1) + 12) % 12;
  }

  /* The marginal landed cost (the dual) and the average landed cost of the
   * delivered tonnes, under their new names or the old one until the
   * exporter's rename is merged. */
  function marginal(m) {
    return m.landed_marginal_usd_per_t !== undefined ? m.landed_marginal_usd_per_t :
      m.landed_usd_per_t;
  }
  function average(m) {
    return m.landed_avg_usd_per_t !== undefined ? m.landed_avg_usd_per_t : m.landed_usd_per_t;
  }

  /* ---- API ---- */

  function token() {
    var m = /token=([^&]+)/.exec(location.hash);
    if (m) sessionStorage.setItem("gf-token", decodeURIComponent(m[1]));
    return sessionStorage.getItem("gf-token");
  }

  function api(method, path, body) {
    var headers = { "Accept": "application/json" };
    var t = token();
    if (t) headers.Authorization = "Bearer " + t;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch("api/v1/" + path, {
      method: method, headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) {
          var where = j.input ? " (" + j.input + (j.line ? ":" + j.line : "") + ")" : "";
          throw new Error((j.detail || j.title || r.status) + where);
        }
        return { status: r.status, body: j, location: r.headers.get("Location") };
      });
    });
  }

  function poll(id, tries) {
    return api("GET", "runs/" + id).then(function (r) {
      if (r.body.status === "done" || r.body.status === "failed" || tries <= 0) return r.body;
      return new Promise(function (ok) { setTimeout(ok, 200); }).then(function () {
        return poll(id, tries - 1);
      });
    });
  }

  /* ---- plan helpers ---- */

  function nodeIndex() {
    var idx = {};
    state.geo.features.forEach(function (f) {
      if (f.geometry.type === "Point") idx[f.properties.id] = f;
    });
    return idx;
  }

  function nodesOfKind(kind) {
    return state.geo.features.filter(function (f) {
      return f.geometry.type === "Point" && f.properties.kind === kind;
    }).map(function (f) { return f.properties.id; });
  }

  function tonnesByLink() {
    var t = {};
    state.plan.flows.forEach(function (f) {
      var k = f.from + ">" + f.to + ">" + f.mode;
      t[k] = (t[k] || 0) + f.t;
    });
    return t;
  }

  /* ---- figures ---- */

  /* A difference v - b, green when it is good: better is "up" or "down". */
  function delta(v, b, fmt, better) {
    if (b === null || b === undefined || Math.abs(v - b) < 1e-9) return "";
    var d = v - b;
    var good = (d > 0) === (better === "up");
    return '<span class="delta ' + (good ? "good" : "bad") + '">' + (d > 0 ? "+" : "-") +
      fmt(Math.abs(d)) + "</span>";
  }

  /* The corridor's figures: what it delivers and saves first. */
  function figures(p) {
    var saving = 0, delivered = 0, hubT = 0;
    p.market_summary.forEach(function (m) {
      saving += m.saving_usd_per_t * m.delivered_t;
      delivered += m.delivered_t;
    });
    p.hubs.forEach(function (h) { if (h.kind === "hub") hubT += h.throughput_t; });
    return { delivered: p.delivered_t, saving: saving,
             saving_t: delivered ? saving / delivered : 0, hub: hubT, co2: p.co2_t,
             total: p.total_cost_usd, unmet: p.unmet_t };
  }

  var FIGURES = [
    ["delivered", "delivered by the corridor, t", fmtT, "up", "fig-delivered"],
    ["saving", "saving vs alternative suppliers", fmtBig, "up", "fig-saving-total"],
    ["saving_t", "saving per delivered tonne", fmtUsd, "up", "fig-saving"],
    ["hub", "through Moroccan hubs, t", fmtT, "up", "fig-hub"],
    ["co2", "CO2, t", fmtT, "down", "fig-co2"],
    ["total", "total cost incl. alternative purchases", fmtBig, "down", "fig-total"]
  ];

  function drawFigures() {
    var f = figures(state.plan), b = state.base && figures(state.base);
    $("figures").innerHTML = FIGURES.map(function (it) {
      return '<div class="figure' + (it[0] === "total" ? " minor" : "") + '" id="' + it[4] +
        '"><small>' + it[1] + "</small><b>" + it[2](f[it[0]]) +
        delta(f[it[0]], b && b[it[0]], it[2], it[3]) + "</b></div>";
    }).join("");
  }

  /* ---- map ---- */

  /* Bottlenecks per link or node: the periods it binds in, the top shadow price. */
  function bottleneckGroups() {
    var groups = {}, list = [];
    state.plan.bottlenecks.forEach(function (b) {
      var from = b.from || b.node, to = b.to || b.node;
      var k = (b.kind || "") + ">" + from + ">" + to;
      if (!groups[k]) {
        groups[k] = { kind: b.kind, from: from, to: to, periods: [], shadow: 0,
                      capacity_t: b.capacity_t };
        list.push(groups[k]);
      }
      groups[k].periods.push(b.period);
      groups[k].shadow = Math.max(groups[k].shadow, b.shadow_usd_per_t);
    });
    list.forEach(function (g) { g.periods.sort(function (x, y) { return x - y; }); });
    return list;
  }

  function showTip(ev, html) {
    var tip = $("tip");
    tip.innerHTML = html;
    tip.hidden = false;
    tip.style.left = (ev.clientX + 12) + "px";
    tip.style.top = (ev.clientY + 12) + "px";
  }

  function hideTip() { $("tip").hidden = true; }

  function drawMap() {
    var svg = d3.select("#map");
    var box = svg.node().getBoundingClientRect();
    var w = box.width || 900, h = box.height || 520;
    var idx = nodeIndex();
    var points = Object.keys(idx).map(function (k) { return idx[k]; });
    var proj = d3.geoMercator().fitExtent([[20, 20], [w - 20, h - 20]],
      { type: "FeatureCollection", features: points });
    var path = d3.geoPath(proj);
    var sums = {};
    state.plan.market_summary.forEach(function (m) { sums[m.node] = m; });
    var lines = state.geo.features.filter(function (f) { return f.geometry.type === "LineString"; });
    var weekT = weekTonnes();
    if (!state.scale) { /* fixed by the first plan shown, kept for every run after it */
      var savings = state.plan.market_summary.map(function (m) { return m.saving_usd_per_t; });
      state.scale = { smax: Math.max(1, d3.max(savings.map(Math.abs)) || 1),
                      tmax: d3.max(lines, function (f) { return f.properties.t; }) || 1 };
    }
    var smax = state.scale.smax, P = state.plan.periods || 52;
    var colour = d3.scaleDiverging([-smax, 0, smax], d3.interpolateRdYlGn);
    var width = d3.scaleSqrt([0, state.scale.tmax], [0.6, 9]).clamp(true);
    /* a week's tonnes drawn at the width of the same rate over a year */
    var lineT = function (f) {
      return weekT ? (weekT[f.properties.from + ">" + f.properties.to + ">" + f.properties.mode] || 0) * P :
        f.properties.t;
    };
    if (weekT) lines = lines.filter(function (f) { return lineT(f) > 0; });
    var closedHubs = state.edits.filter(function (e) {
      return e.op === "close_node" || e.op === "close_transit";
    })
      .map(function (e) { return e.node; });

    hideTip();
    svg.attr("viewBox", "0 0 " + w + " " + h);
    svg.selectAll("*").remove();
    if (state.world) {
      var land = topojson.feature(state.world, state.world.objects.countries);
      svg.append("g").selectAll("path").data(land.features).join("path")
        .attr("class", "land").attr("d", path);
    }
    svg.append("g").selectAll("path").data(lines).join("path")
      .attr("class", "link")
      .attr("d", path)
      .attr("stroke", function (f) { return MODE_COLOUR[f.properties.mode] || "#555"; })
      .attr("stroke-width", function (f) { return width(lineT(f)); })
      .on("mousemove", function (ev, f) {
        var p = f.properties;
        showTip(ev, "<b>" + p.from + " &rarr; " + p.to + "</b><br>" + p.mode + ", " +
          fmtT(p.t) + " t a year" + (weekT ? ", " + fmtT(lineT(f) / P) + " t in " +
          periodLabel(state.week) : "") + "<br>" + fmtUsd(p.cost_usd_per_t) + "/t, " +
          fmtT(p.distance_km) + " km");
      })
      .on("mouseleave", hideTip);
    var bn = svg.append("g");
    bottleneckGroups().forEach(function (b) {
      var a = idx[b.from], z = idx[b.to];
      if (!a || !z) return;
      var pa = proj(a.geometry.coordinates), pz = proj(z.geometry.coordinates);
      var at = b.from === b.to ? [pa[0] + 9, pa[1] - 9] : [(pa[0] + pz[0]) / 2, (pa[1] + pz[1]) / 2];
      bn.append("path").attr("class", "bottleneck")
        .attr("d", d3.symbol(d3.symbolCross, 90)())
        .attr("transform", "translate(" + at + ") rotate(45)")
        .on("mousemove", function (ev) {
          showTip(ev, "<b>bottleneck</b>: " + (b.kind || "link") + " " + b.from +
            (b.to !== b.from ? " &rarr; " + b.to : "") + "<br>binds in " + b.periods.length +
            " week" + (b.periods.length > 1 ? "s" : "") + " (" + periodLabel(b.periods[0]) +
            (b.periods.length > 1 ? " &ndash; " + periodLabel(b.periods[b.periods.length - 1]) : "") +
            "), capacity " + fmtT(b.capacity_t) + " t<br>one more tonne saves up to " +
            fmtUsd(b.shadow) + "/t");
        })
        .on("mouseleave", hideTip);
    });
    var g = svg.append("g").selectAll("g").data(points).join("g")
      .attr("transform", function (f) { return "translate(" + proj(f.geometry.coordinates) + ")"; });
    g.append("circle")
      .attr("class", function (f) {
        var k = f.properties.kind;
        if (k !== "hub") return "node " + k;
        return closedHubs.indexOf(f.properties.id) >= 0 ? "node hub-off" : "node hub";
      })
      .attr("r", function (f) {
        var k = f.properties.kind;
        return k === "hub" ? 6 + Math.min(6, Math.sqrt(f.properties.throughput_t || 0) / 120) :
          k === "market" ? 6 : 4;
      })
      .attr("fill", function (f) {
        var p = f.properties;
        if (p.kind === "market" && sums[p.id])
          return sums[p.id].delivered_t > 0 ? colour(sums[p.id].saving_usd_per_t) : "#ccc";
        return KIND_COLOUR[p.kind] || "#999";
      })
      .on("mousemove", function (ev, f) { showTip(ev, nodeTip(f.properties, sums)); })
      .on("mouseleave", hideTip);
    g.filter(function (f) { return f.properties.kind === "hub" || f.properties.kind === "market"; })
      .append("text").attr("class", "label").attr("x", 8).attr("y", 3)
      .text(function (f) { return f.properties.name.split(/[ (,]/)[0]; });
    drawLegend(smax, width);
  }

  /* Tonnes per link in the slider's week, or null for the whole year. */
  function weekTonnes() {
    if (!state.week) return null;
    var t = {};
    state.plan.flows.forEach(function (f) {
      if (f.period !== state.week) return;
      var k = f.from + ">" + f.to + ">" + f.mode;
      t[k] = (t[k] || 0) + f.t;
    });
    return t;
  }

  function nodeTip(p, sums) {
    var s = "<b>" + p.name + "</b> (" + p.kind + ", " + p.country + ")";
    var m = sums[p.id];
    if (m) {
      s += "<br>delivered " + fmtT(m.delivered_t) + " of " + fmtT(m.demand_t) + " t";
      if (m.delivered_t > 0)
        s += "<br>avg landed " + fmtUsd(average(m)) + "/t vs alternative " +
          fmtUsd(m.alt_price_usd_per_t) + "/t<br>saving " + fmtUsd(m.saving_usd_per_t) + "/t";
    }
    if (p.throughput_t) s += "<br>throughput " + fmtT(p.throughput_t) + " t";
    if (p.peak_stock_t) s += "<br>peak stock " + fmtT(p.peak_stock_t) + " t";
    return s;
  }

  function drawLegend(smax, width) {
    var modes = Object.keys(MODE_COLOUR).map(function (m) {
      return '<span class="sw" style="background:' + MODE_COLOUR[m] + '"></span>' + m;
    }).join(" ");
    var tmax = width.domain()[1];
    var steps = [tmax / 100, tmax / 10, tmax].map(function (t) {
      return '<span class="wd"><span style="height:' + width(t).toFixed(1) + 'px"></span>' +
        d3.format(".2~s")(t) + " t</span>";
    }).join("");
    var ramp = d3.range(-1, 1.01, 0.25).map(function (v) {
      return '<span class="rc" style="background:' + d3.interpolateRdYlGn((v + 1) / 2) + '"></span>';
    }).join("");
    $("legend").innerHTML = "<b>links</b> by mode: " + modes + '<br><span class="lw">width: t a year ' +
      steps + "</span>" + (state.week ? "<br>showing " + periodLabel(state.week) +
      " (width at that rate over a year)" : "") +
      '<br><b>markets</b>: saving per tonne <span class="ramp">' + ramp + "</span> " +
      fmtUsd(-smax) + " &hellip; +" + fmtUsd(smax) +
      "; grey = none delivered<br>scales fixed by the base plan for every run" +
      '<br>hub: orange ring; <span style="color:#c0392b">&times;</span> bottleneck';
  }

  /* ---- charts ---- */

  function chartFrame(id, m) {
    var svg = d3.select(id);
    var box = svg.node().getBoundingClientRect();
    var w = box.width || 400, h = box.height || 240;
    svg.attr("viewBox", "0 0 " + w + " " + h);
    svg.selectAll("*").remove();
    return { svg: svg, w: w, h: h, m: m, iw: w - m.l - m.r, ih: h - m.t - m.b,
             g: svg.append("g").attr("transform", "translate(" + m.l + "," + m.t + ")") };
  }

  function fillSelect(id, values, chosen, label) {
    var s = $(id);
    s.innerHTML = values.map(function (v) {
      return "<option" + (v === chosen ? " selected" : "") + ' value="' + v + '">' +
        (label ? label(v) : v) + "</option>";
    }).join("");
  }

  function drawStock() {
    var p = state.plan, P = p.periods;
    var v2 = window.GF_V2 && GF_V2.isV2(p) ? GF_V2.stockData(p) : null; /* web/v2.js */
    var hubs = v2 ? v2.nodes : p.hubs.filter(function (h) { return h.kind === "hub"; })
      .sort(function (a, b) { return b.throughput_t - a.throughput_t; });
    if (!hubs.length) { /* clear what an earlier plan drew */
      fillSelect("stock-hub", [], null);
      chartFrame("#chart-stock", { l: 0, r: 0, t: 0, b: 0 });
      return;
    }
    if (!state.hub || !hubs.some(function (h) { return h.node === state.hub; }))
      state.hub = hubs[0].node;
    fillSelect("stock-hub", hubs.map(function (h) { return h.node; }), state.hub);
    var stock = new Array(P).fill(0), arr = new Array(P).fill(0);
    (v2 ? v2.stocks : p.stocks).forEach(function (s) {
      if (s.node === state.hub) stock[s.period - 1] += s.t;
    });
    (v2 ? v2.arrivals : p.flows).forEach(function (f) {
      if (f.to === state.hub) arr[f.period - 1] += f.t;
    });
    var c = chartFrame("#chart-stock", { l: 55, r: 10, t: 10, b: 25 });
    var x = d3.scaleBand(d3.range(1, P + 1), [0, c.iw]).padding(0.15);
    var y = d3.scaleLinear([0, Math.max(1, d3.max(arr), d3.max(stock))], [c.ih, 0]).nice();
    c.g.append("g").attr("class", "axis").attr("transform", "translate(0," + c.ih + ")")
      .call(d3.axisBottom(x).tickValues(x.domain().filter(function (d) {
        return periodDate(d).getUTCDate() <= ((p.period_days || 7));
      })).tickFormat(function (d) { return MONTHS[periodDate(d).getUTCMonth()]; }));
    if (state.week)
      c.g.append("rect").attr("class", "week-mark").attr("x", x(state.week) - 1)
        .attr("width", x.bandwidth() + 2).attr("y", 0).attr("height", c.ih);
    c.g.append("g").attr("class", "axis").call(d3.axisLeft(y).ticks(5, "~s"));
    c.g.selectAll("rect").data(arr).join("rect")
      .attr("x", function (d, i) { return x(i + 1); }).attr("width", x.bandwidth())
      .attr("y", function (d) { return y(d); }).attr("height", function (d) { return c.ih - y(d); })
      .attr("fill", "#aed6f1").append("title")
      .text(function (d, i) { return periodLabel(i + 1) + ": " + fmtT(d) + " t arrive"; });
    c.g.append("path").datum(stock).attr("fill", "none").attr("stroke", "#d35400")
      .attr("stroke-width", 2)
      .attr("d", d3.line().x(function (d, i) { return x(i + 1) + x.bandwidth() / 2; })
        .y(function (d) { return y(d); }));
    c.g.append("text").attr("x", c.iw).attr("y", 10).attr("text-anchor", "end")
      .attr("font-size", 10).text("bars: arrivals per week; line: stock carried");
  }

  function drawMonths() {
    var p = state.plan;
    var top = p.market_summary.slice().sort(function (a, b) { return b.delivered_t - a.delivered_t; })
      .filter(function (m) { return m.delivered_t > 0; }).slice(0, 8).map(function (m) { return m.node; });
    var keys = top.concat(["other"]);
    var months = d3.range(12).map(function (i) {
      var o = { month: i };
      keys.forEach(function (k) { o[k] = 0; });
      return o;
    });
    p.markets.forEach(function (m) {
      var mo = monthSlot(m.period);
      var k = top.indexOf(m.node) >= 0 ? m.node : "other";
      months[mo][k] += m.delivered_t;
    });
    var series = d3.stack().keys(keys)(months);
    var c = chartFrame("#chart-months", { l: 55, r: 90, t: 10, b: 32 });
    var names = d3.range(12).map(function (i) { return MONTHS[(startMonth() - 1 + i) % 12]; });
    var x = d3.scaleBand(d3.range(12), [0, c.iw]).padding(0.2);
    var y = d3.scaleLinear([0, Math.max(1, d3.max(series, function (s) {
      return d3.max(s, function (d) { return d[1]; });
    }))], [c.ih, 0]).nice();
    var z = d3.scaleOrdinal(keys, d3.schemeTableau10);
    c.g.append("g").attr("class", "axis").attr("transform", "translate(0," + c.ih + ")")
      .call(d3.axisBottom(x).tickFormat(function (d) { return names[d]; }))
      .selectAll("text").attr("transform", "rotate(-45)").attr("text-anchor", "end")
      .attr("dx", "-0.3em").attr("dy", "0.5em");
    c.g.append("g").attr("class", "axis").call(d3.axisLeft(y).ticks(5, "~s"));
    c.g.selectAll("g.s").data(series).join("g").attr("class", "s")
      .attr("fill", function (s) { return z(s.key); })
      .selectAll("rect").data(function (s) { return s.map(function (d) { d.key = s.key; return d; }); })
      .join("rect")
      .attr("x", function (d) { return x(d.data.month); }).attr("width", x.bandwidth())
      .attr("y", function (d) { return y(d[1]); })
      .attr("height", function (d) { return y(d[0]) - y(d[1]); })
      .append("title").text(function (d) {
        return d.key + ", " + names[d.data.month] + ": " + fmtT(d[1] - d[0]) + " t";
      });
    var lg = c.svg.append("g").attr("transform", "translate(" + (c.w - c.m.r + 8) + ",12)");
    keys.forEach(function (k, i) {
      lg.append("rect").attr("y", i * 14).attr("width", 10).attr("height", 10).attr("fill", z(k));
      lg.append("text").attr("x", 14).attr("y", i * 14 + 9).attr("font-size", 10).text(k);
    });
  }

  function legCategory(leg, kinds) {
    if (leg.kind === "storage") return "storage";
    var to = kinds[leg.to];
    if (to === "hub") return leg.mode + " to hub";
    if (to === "market") return "last leg (" + leg.mode + ")";
    if (to === "port") return leg.mode + " to port";
    return leg.mode;
  }

  function drawCost() {
    var p = state.plan, kinds = {};
    state.geo.features.forEach(function (f) {
      if (f.geometry.type === "Point") kinds[f.properties.id] = f.properties.kind;
    });
    var served = p.market_summary.filter(function (m) { return m.delivered_t > 0; })
      .map(function (m) { return m.node; });
    if (!served.length) { chartFrame("#chart-cost", { l: 0, r: 0, t: 0, b: 0 }); return; }
    if (served.indexOf(state.market) < 0) state.market = served[0];
    fillSelect("cost-market", served, state.market);
    var parts = {}, order = ["purchase"], total = 0;
    parts.purchase = 0;
    p.routes.forEach(function (r) {
      if (r.market !== state.market) return;
      total += r.t;
      parts.purchase += r.purchase_usd_per_t * r.t;
      r.legs.forEach(function (l) {
        var k = legCategory(l, kinds);
        if (!(k in parts)) { parts[k] = 0; order.push(k); }
        parts[k] += l.usd_per_t * r.t;
      });
    });
    var sum = state.plan.market_summary.filter(function (m) { return m.node === state.market; })[0];
    var acc = 0;
    var bars = order.map(function (k) {
      var v = total ? parts[k] / total : 0;
      var b = { key: k, v: v, x0: acc };
      acc += v;
      return b;
    });
    var c = chartFrame("#chart-cost", { l: 110, r: 20, t: 10, b: 25 });
    var x = d3.scaleLinear([0, Math.max(acc, sum ? sum.alt_price_usd_per_t : 0)], [0, c.iw]).nice();
    var y = d3.scaleBand(order.concat(["landed", "alternative"]), [0, c.ih]).padding(0.2);
    c.g.append("g").attr("class", "axis").attr("transform", "translate(0," + c.ih + ")")
      .call(d3.axisBottom(x).ticks(5).tickFormat(function (d) { return "$" + d; }));
    c.g.append("g").attr("class", "axis").call(d3.axisLeft(y));
    c.g.selectAll("rect.b").data(bars).join("rect").attr("class", "b")
      .attr("x", function (d) { return x(d.x0); }).attr("width", function (d) { return x(d.v) - x(0); })
      .attr("y", function (d) { return y(d.key); }).attr("height", y.bandwidth())
      .attr("fill", function (d) {
        var m = /^(\w+)/.exec(d.key.replace("last leg (", ""));
        return d.key === "purchase" ? "#6b8e23" : MODE_COLOUR[m && m[1]] || "#999";
      })
      .append("title").text(function (d) { return d.key + ": " + fmtUsd(d.v) + "/t"; });
    c.g.append("rect").attr("x", 0).attr("width", x(acc) - x(0)).attr("y", y("landed"))
      .attr("height", y.bandwidth()).attr("fill", "#34495e")
      .append("title").text("landed: " + fmtUsd(acc) + "/t");
    if (sum)
      c.g.append("rect").attr("x", 0).attr("width", x(sum.alt_price_usd_per_t) - x(0))
        .attr("y", y("alternative")).attr("height", y.bandwidth()).attr("fill", "#b03a2e")
        .append("title").text("alternative supplier: " + fmtUsd(sum.alt_price_usd_per_t) + "/t");
  }

  /* ---- tables ---- */

  function table(caption, head, rows) {
    return "<table><caption>" + caption + "</caption><tr>" + head.map(function (h) {
      return "<th>" + h + "</th>";
    }).join("") + "</tr>" + rows.map(function (r) {
      return "<tr>" + r.map(function (c) { return "<td>" + c + "</td>"; }).join("") + "</tr>";
    }).join("") + "</table>";
  }

  function drawTables() {
    var p = state.plan;
    var markets = p.market_summary.slice().sort(function (a, b) { return b.delivered_t - a.delivered_t; })
      .map(function (m) {
        return [m.node, fmtT(m.demand_t), fmtT(m.delivered_t), m.delivered_t ? fmtUsd(average(m)) : "-",
          fmtUsd(m.alt_price_usd_per_t), m.delivered_t ? fmtUsd(m.saving_usd_per_t) : "-",
          (m.main_route || []).join(" &rsaquo; ")];
      });
    var hubs = p.hubs.filter(function (h) { return h.throughput_t > 0 || h.kind === "hub"; })
      .map(function (h) {
        return [h.node, h.kind, fmtT(h.throughput_t), fmtT(h.peak_stock_t),
          h.peak_period === null ? "-" : periodLabel(h.peak_period)];
      });
    var bn = p.bottlenecks.slice(0, 15).map(function (b) {
      return [(b.from || b.node) + (b.to ? " &rarr; " + b.to : ""), periodLabel(b.period), fmtT(b.used_t),
        fmtT(b.capacity_t), fmtUsd(b.shadow_usd_per_t)];
    });
    $("tables").innerHTML = originsTable(p) +
      table("Markets", ["market", "demand t", "delivered t", "avg landed $/t", "alternative $/t",
        "saving $/t", "main route"], markets) +
      table("Hubs and ports", ["node", "kind", "throughput t", "peak stock t", "peak week"], hubs) +
      (bn.length ? table("Bottlenecks", ["link or node", "week", "used t", "capacity t",
        "one more tonne saves"], bn) : "<p>No capacity binds in this plan.</p>") +
      table("Cost", ["item", "USD"], Object.keys(p.cost).map(function (k) {
        return [k.replace("_usd", ""), fmtUsd(p.cost[k])];
      }).concat([["total, including the alternative purchases", fmtUsd(p.total_cost_usd)]]));
  }

  /* Per origin: tonnes shipped, netback (what a tonne earns at the origin:
   * the alternative price it displaces minus its logistics), whether every
   * tonne offered is bought and what one more tonne would save. */
  function origins(p) {
    var alt = {}, by = {}, list = [];
    p.market_summary.forEach(function (m) { alt[m.node] = m.alt_price_usd_per_t; });
    function get(node) {
      if (!by[node]) { by[node] = { node: node, t: 0, earn: 0, offered: 0, bought: 0, next: 0 };
                       list.push(by[node]); }
      return by[node];
    }
    p.routes.forEach(function (r) {
      var o = get(r.origin);
      o.t += r.t;
      o.earn += (alt[r.market] - (r.usd_per_t - r.purchase_usd_per_t)) * r.t;
    });
    (p.supply_limits || []).forEach(function (l) {
      var o = get(l.node);
      o.offered += l.offered_t;
      o.bought += l.bought_t;
      o.next = Math.max(o.next, l.shadow_usd_per_t);
    });
    return list.sort(function (a, b) { return b.t - a.t; });
  }

  function originsTable(p) {
    var rows = origins(p).map(function (o) {
      var limited = o.offered > 0 && o.bought >= o.offered;
      return ['<span class="origin-row">' + o.node + "</span>", fmtT(o.t),
        o.t ? fmtUsd(o.earn / o.t) : "-",
        limited ? '<span class="bad">supply-limited</span>' : (o.t ? "no" : "sells nothing"),
        o.next > 0 ? '<span class="good">' + fmtUsd(o.next) + "</span>" : "-"];
    });
    var limited = origins(p).filter(function (o) { return o.offered > 0 && o.bought >= o.offered; });
    return '<p id="finding">' + (limited.length ?
      "<b>Supply is the limit:</b> " + limited.map(function (o) { return o.node; }).join(", ") +
      " sell every tonne they offer; their next tonne would save up to " +
      fmtUsd(d3.max(limited, function (o) { return o.next; })) + "/t." :
      "No origin sells every tonne it offers.") + "</p>" +
      table("Origins", ["origin", "shipped t", "netback $/t (alternative price - logistics)",
        "supply-limited", "next tonne saves"], rows);
  }

  function drawAll() {
    if (window.GF_V2 && GF_V2.isV2(state.plan)) { /* a version-2 plan: web/v2.js draws it */
      GF_V2.draw(state, { show: showTip, hide: hideTip });
      drawStock();
      $("scenario-name").textContent = state.plan.name || "";
      return;
    }
    document.body.classList.remove("v2");
    drawFigures();
    drawMap();
    drawStock();
    drawMonths();
    drawCost();
    drawTables();
    $("scenario-name").textContent = state.plan.scenario || "";
  }

  /* ---- live: runs and what-if ---- */

  /* Only the latest request draws. A user may change the scenario while a
   * what-if is still solving; the answer that comes back later must not be
   * drawn over the newer one, nor be taken as the new scenario's base plan.
   * Each request that ends in showRun takes a ticket (view()); showRun and the
   * steps after it throw STALE when a newer ticket was taken, and the error
   * handlers (fail) say nothing about it. */
  var STALE = { stale: true, message: "superseded by a newer request" };
  var viewTicket = 0;
  function view() { return ++viewTicket; }
  function current(ticket) { if (ticket !== viewTicket) throw STALE; }
  function fail(e) { if (e !== STALE) setStatus("error: " + e.message); }

  function showRun(run, ticket) {
    current(ticket);
    if (run.status !== "done") throw new Error("run " + run.id + " " + run.status +
      (run.error && run.error.detail ? ": " + run.error.detail : ""));
    return api("GET", "runs/" + run.id + "/geojson").catch(function () {
      return { body: null };
    }).then(function (g) {
      current(ticket);
      state.plan = run.result;
      window.GF_START_MONTH = run.result.start_month; /* for web/sweep.js's week labels */
      if (g.body) state.geo = g.body;
      state.runId = run.id;
      if ($("week")) $("week").max = run.result.periods || 52;
      if (!state.base) state.base = run.result;
      drawAll();
      document.body.setAttribute("data-run", run.id);
    });
  }

  function replan() {
    var t0 = performance.now(), ticket = view();
    setStatus("planning...");
    return api("POST", "runs", { scenario: scenario, edits: state.edits }).then(function (r) {
      return r.status === 201 ? r.body : poll(r.body.id, 100);
    }).then(function (run) { return showRun(run, ticket); }).then(function () {
      current(ticket);
      setStatus("run " + state.runId + ": planned and drawn in " +
        Math.round(performance.now() - t0) + " ms");
      drawEdits();
      return loadRuns();
    }).catch(fail);
  }

  function setEdit(key, edit) {
    state.edits = state.edits.filter(function (e) { return e._key !== key; });
    if (edit) { edit._key = key; state.edits.push(edit); }
  }

  function describe(e) {
    switch (e.op) {
      case "scale_freight": return (e.mode || "all") + " freight " + (e.pct > 0 ? "+" : "") + e.pct + "%";
      case "close_link": return "closed " + e.from + " > " + e.to + (e.mode ? " (" + e.mode + ")" : "");
      case "close_node": return "closed " + e.node;
      case "close_transit": return "no transit at " + e.node;
      case "set_node": return e.node + " fee $" + e.handling_usd_per_t + "/t";
      default: return e.op;
    }
  }

  function drawEdits() {
    $("edits").innerHTML = state.edits.length ? state.edits.map(function (e) {
      return '<span class="chip">' + describe(e) + "</span>";
    }).join("") : "<small>no edits: the base plan</small>";
  }

  /* Take a reopened run's edits as the ones in force, and show them in the controls. */
  function adoptEdits(edits) {
    var sea = 0;
    state.edits = [];
    (edits || []).forEach(function (e) {
      var key = e.op === "scale_freight" && e.mode === "sea" ? "sea" :
        e.op === "close_node" || e.op === "close_transit" ? "off:" + e.node :
        e.op === "set_node" ? "fee:" + e.node :
        e.op === "close_link" ? "link:" + e.from + ">" + e.to + ">" + (e.mode || "") : "other:" + state.edits.length;
      if (key === "sea") sea = e.pct;
      setEdit(key, Object.assign({}, e));
    });
    $("sea").value = sea;
    $("sea-out").textContent = (sea > 0 ? "+" : "") + sea + "%";
    $("hub-on").checked = !state.edits.some(function (e) {
      return (e.op === "close_node" || e.op === "close_transit") && e.node === $("hub").value;
    });
    drawEdits();
  }

  function editsForApi() {
    return state.edits.map(function (e) {
      var o = {};
      Object.keys(e).forEach(function (k) { if (k !== "_key") o[k] = e[k]; });
      return o;
    });
  }

  function fillControls() {
    var tl = window.GF_V2 && GF_V2.isV2(state.plan) ? GF_V2.tonnesByLink(state.plan) : tonnesByLink();
    var links = Object.keys(tl).sort(function (a, b) { return tl[b] - tl[a]; }).slice(0, 60);
    $("close-link").innerHTML = '<option value="">(choose a link with flow)</option>' +
      links.map(function (k) {
        var p = k.split(">");
        return '<option value="' + k + '">' + p[0] + " > " + p[1] + " (" + p[2] + ", " +
          d3.format(".3~s")(tl[k]) + " t)</option>";
      }).join("");
    var hubs = nodesOfKind("hub");
    fillSelect("hub", hubs, state.hub);
  }

  function loadRuns() {
    return api("GET", "runs?limit=20").then(function (r) {
      $("runs").innerHTML = r.body.map(function (run) {
        var label = run.edits.length ? run.edits.map(describe).join("; ") : "base plan";
        return '<li><input type="checkbox" data-id="' + run.id + '"' +
          (state.picked.indexOf(run.id) >= 0 ? " checked" : "") + '> <a data-id="' + run.id +
          '">#' + run.id + "</a> " + label + " <small>" + run.status +
          (run.duration_ms !== null ? ", " + run.duration_ms + " ms" : "") + "</small></li>";
      }).join("");
    });
  }

  /* The comparison: labelled, formatted figures and their differences,
   * coloured by what they mean. */
  var COMPARE_ROWS = [
    ["delivered_t", "delivered by the corridor, t", fmtT, "up"],
    ["unmet_t", "bought from alternative suppliers, t", fmtT, "down"],
    ["co2_t", "CO2, t", fmtT, "down"],
    ["total_cost_usd", "total cost incl. alternative purchases", fmtUsd, "down"]
  ];

  function diffCell(d, fmt, better) {
    if (Math.abs(d) < 1e-9) return "0";
    return '<span class="' + ((d > 0) === (better === "up") ? "good" : "bad") + '">' +
      (d > 0 ? "+" : "-") + fmt(Math.abs(d)) + "</span>";
  }

  function compare() {
    var a = state.picked[0], b = state.picked[1];
    api("GET", "compare?a=" + a + "&b=" + b).then(function (r) {
      var c = r.body;
      var rows = COMPARE_ROWS.filter(function (k) { return c[k[0]]; }).map(function (k) {
        var v = c[k[0]];
        return [k[1], k[2](v.a), k[2](v.b), diffCell(v.diff, k[2], k[3])];
      });
      var mrows = c.markets.filter(function (m) {
        return m.delivered_t.diff !== 0 || (m.saving_usd_per_t && m.saving_usd_per_t.diff !== 0);
      }).map(function (m) {
        return [m.node, fmtT(m.delivered_t.a), fmtT(m.delivered_t.b),
          diffCell(m.delivered_t.diff, fmtT, "up"), fmtUsd(m.saving_usd_per_t.a),
          fmtUsd(m.saving_usd_per_t.b), diffCell(m.saving_usd_per_t.diff, fmtUsd, "up")];
      });
      $("compare").hidden = false;
      $("compare").innerHTML = table("Run #" + a + " vs run #" + b + " (difference = #" + b +
        " - #" + a + "; green = better)", ["figure", "run #" + a, "run #" + b, "difference"], rows) +
        table("Markets that change", ["market", "delivered t #" + a, "delivered t #" + b,
        "difference", "saving $/t #" + a, "saving $/t #" + b, "difference"], mrows);
    }).catch(function (e) { setStatus("error: " + e.message); });
  }

  /* ---- live: scenarios and the base plan ---- */

  function loadScenarios(chosen) {
    return api("GET", "scenarios").then(function (r) {
      var ids = r.body.map(function (x) { return x.id; });
      if (!chosen || ids.indexOf(chosen) < 0)
        chosen = ids.indexOf("kz-ma-africa") >= 0 ? "kz-ma-africa" : ids[0];
      fillSelect("scenario", ids, chosen);
      return chosen;
    });
  }

  /* Open the newest stored run of the scenario without edits; plan one only
   * when there is none (a page load never adds a base run of its own). */
  function openBase(id) {
    var ticket = view();
    scenario = id;
    state.base = null;
    state.scale = null;
    state.edits = [];
    return api("GET", "runs?scenario=" + encodeURIComponent(id) + "&limit=50").then(function (r) {
      var base = r.body.filter(function (x) {
        return x.status === "done" && !(x.edits && x.edits.length);
      })[0];
      if (base) return api("GET", "runs/" + base.id).then(function (g) { return g.body; });
      return api("POST", "runs", { scenario: id, edits: [] }).then(function (p) {
        return p.status === 201 ? p.body : poll(p.body.id, 100);
      });
    }).then(function (run) { return showRun(run, ticket); }).then(function () {
      current(ticket);
      fillControls();
      drawEdits();
      setStatus("run " + state.runId + ": the base plan of " + id);
      return loadRuns();
    });
  }

  /* POST the chosen CSV files as a new scenario (fields named after the
   * files: scenario, nodes, links, supply, demand), or one .xlsx / .ods
   * workbook with a sheet per table (field workbook.xlsx or workbook.ods,
   * which tells the server its format). */
  function uploadScenario() {
    var files = $("upload-files").files, id = $("upload-id").value.trim();
    if (!id || !files.length) {
      setStatus("choose the CSV files or a workbook, and a new scenario id");
      return;
    }
    var form = new FormData(), books = 0;
    form.append("id", id);
    for (var i = 0; i < files.length; i++) {
      var book = /\.(xlsx|ods)$/i.exec(files[i].name);
      if (book) books++;
      form.append(book ? "workbook." + book[1].toLowerCase() : files[i].name.replace(/\.csv$/i, ""),
                  files[i], files[i].name);
    }
    if (books && files.length > 1) {
      setStatus("choose CSV files or one workbook, not both");
      return;
    }
    var headers = { "Accept": "application/json" };
    if (token()) headers.Authorization = "Bearer " + token();
    setStatus("uploading " + id + "...");
    return fetch("api/v1/scenarios", { method: "POST", headers: headers, body: form })
      .then(function (r) {
        return r.json().then(function (j) {
          if (!r.ok) throw new Error((j.detail || j.title || r.status) +
            (j.input ? " (" + j.input + (j.line ? ":" + j.line : "") + ")" : ""));
          return loadScenarios(id);
        });
      }).then(openBase).catch(fail);
  }

  function wire() {
    $("sea").addEventListener("input", function () {
      $("sea-out").textContent = (this.value > 0 ? "+" : "") + this.value + "%";
    });
    $("sea").addEventListener("change", function () {
      var v = +this.value;
      setEdit("sea", v ? { op: "scale_freight", mode: "sea", pct: v } : null);
      replan();
    });
    $("close-link-go").addEventListener("click", function () {
      var v = $("close-link").value;
      if (!v) return;
      var p = v.split(">");
      setEdit("link:" + v, { op: "close_link", from: p[0], to: p[1], mode: p[2] });
      replan();
    });
    $("hub").addEventListener("change", function () {
      state.hub = this.value;
      $("hub-on").checked = !state.edits.some(function (e) {
        return (e.op === "close_node" || e.op === "close_transit") && e.node === state.hub;
      });
    });
    $("hub-fee-go").addEventListener("click", function () {
      var fee = parseFloat($("hub-fee").value);
      if (!(fee >= 0)) { setStatus("the fee must be a number >= 0"); return; }
      setEdit("fee:" + $("hub").value, { op: "set_node", node: $("hub").value, handling_usd_per_t: fee });
      replan();
    });
    $("hub-on").addEventListener("change", function () {
      var hub = $("hub").value;
      // "hub open" off: nothing passes through it, its own imports stay
      setEdit("off:" + hub, this.checked ? null : { op: "close_transit", node: hub });
      replan();
    });
    $("reset").addEventListener("click", function () {
      state.edits = [];
      $("sea").value = 0;
      $("sea-out").textContent = "+0%";
      $("hub-on").checked = true;
      replan();
    });
    $("runs").addEventListener("click", function (ev) {
      var id = +ev.target.getAttribute("data-id");
      if (!id) return;
      if (ev.target.tagName === "A") {
        var ticket = view();
        api("GET", "runs/" + id).then(function (r) {
          current(ticket);
          adoptEdits(r.body.edits);
          return showRun(r.body, ticket);
        }).then(function () { current(ticket); setStatus("run " + id + " reopened"); })
          .catch(fail);
      } else if (ev.target.tagName === "INPUT") {
        state.picked = state.picked.filter(function (x) { return x !== id; });
        if (ev.target.checked) state.picked.push(id);
        while (state.picked.length > 2) state.picked.shift();
        $("compare-go").disabled = state.picked.length !== 2;
        loadRuns();
      }
    });
    $("compare-go").addEventListener("click", compare);
    $("scenario").addEventListener("change", function () {
      openBase(this.value).catch(fail);
    });
    $("upload-go").addEventListener("click", uploadScenario);
    $("stock-hub").addEventListener("change", function () { state.hub = this.value; drawStock(); });
    $("cost-market").addEventListener("change", function () { state.market = this.value; drawCost(); });
    window.addEventListener("resize", function () { if (state.plan) drawAll(); });
  }

  function startLive() {
    wire();
    wireWeek();
    drawEdits();
    var world = fetch("node_modules/world-atlas/countries-110m.json").then(function (r) {
      return r.json();
    });
    Promise.all([world, loadScenarios(null)]).then(function (v) {
      state.world = v[0];
      return openBase(v[1]);
    }).catch(fail);
  }

  /* The week slider: 0 = the whole year, else one week's flows. */
  function wireWeek() {
    var w = $("week");
    if (!w) return;
    w.addEventListener("input", function () {
      state.week = +this.value;
      $("week-out").textContent = state.week ? periodLabel(state.week) : "all year";
      if (state.plan && window.GF_V2 && GF_V2.isV2(state.plan)) drawAll(); /* web/v2.js */
      else if (state.plan) { drawMap(); drawStock(); }
    });
  }

  function startReport() {
    var d = window.GF_DATA;
    state.plan = d.plan;
    state.geo = d.geojson;
    state.world = d.world;
    $("status").textContent = d.title;
    wireWeek();
    ["stock-hub", "cost-market"].forEach(function (id) {
      $(id).addEventListener("change", function () {
        if (id === "stock-hub") { state.hub = this.value; drawStock(); }
        else { state.market = this.value; drawCost(); }
      });
    });
    drawAll();
  }

  /* the edit list sent to the server never carries the page's own keys */
  var rawApi = api;
  api = function (method, path, body) {
    if (body && body.edits) body = { scenario: body.scenario, edits: editsForApi() };
    return rawApi(method, path, body);
  };

  if (report) startReport(); else startLive();
})();
