/* web/app.js: the grainflow page (live, on the server's API) and the report
 * (window.GF_DATA inlined by grainflow plan --report): a map of the corridor,
 * charts, tables; live, also what-if controls that re-plan on the server,
 * and a list of runs to reopen and compare. Uses d3 and topojson-client
 * (globals), served from the server's own folder: nothing from the internet.
 * SPDX-License-Identifier: MIT */
(function () {
  "use strict";

  var SCENARIO = "kz-ma-africa";
  var MODE_COLOUR = { rail: "#8e5b3a", road: "#e67e22", sea: "#1f6fb2", ferry: "#16a085",
                      river: "#5dade2" };
  var KIND_COLOUR = { origin: "#6b8e23", junction: "#95a5a6", border: "#7f8c8d", port: "#566573",
                      hub: "#f39c12", market: "#bbb" };
  var report = !!window.GF_DATA;
  var state = {
    plan: null, geo: null, world: null, base: null, runId: null, edits: [], picked: [],
    hub: null, market: null, busy: false
  };

  var fmtT = d3.format(",.0f");
  var fmtUsd = function (v) { return "$" + d3.format(",.2f")(v); };
  var fmtBig = function (v) { return "$" + d3.format(".4~s")(v).replace("G", "B"); };

  function $(id) { return document.getElementById(id); }

  function setStatus(text) { $("status").textContent = text; }

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

  function delta(v, b, money) {
    if (b === null || b === undefined || Math.abs(v - b) < 1e-9) return "";
    var d = v - b;
    var cls = d > 0 ? "up" : "down";
    var txt = (d > 0 ? "+" : "-") + (money ? fmtBig(Math.abs(d)) : fmtT(Math.abs(d)));
    return '<span class="delta ' + cls + '">' + txt + "</span>";
  }

  function drawFigures() {
    var p = state.plan, b = state.base;
    var saving = 0, delivered = 0;
    p.market_summary.forEach(function (m) {
      saving += m.saving_usd_per_t * m.delivered_t;
      delivered += m.delivered_t;
    });
    var items = [
      ["total cost", fmtBig(p.total_cost_usd), delta(p.total_cost_usd, b && b.total_cost_usd, true),
       "fig-total"],
      ["delivered, t", fmtT(p.delivered_t), delta(p.delivered_t, b && b.delivered_t), "fig-delivered"],
      ["unmet demand, t", fmtT(p.unmet_t), delta(p.unmet_t, b && b.unmet_t), "fig-unmet"],
      ["transport", fmtBig(p.cost.transport_usd),
       delta(p.cost.transport_usd, b && b.cost.transport_usd, true), "fig-transport"],
      ["saving per tonne", delivered ? fmtUsd(saving / delivered) : "-", "", "fig-saving"],
      ["CO2, t", fmtT(p.co2_t), delta(p.co2_t, b && b.co2_t), "fig-co2"]
    ];
    $("figures").innerHTML = items.map(function (it) {
      return '<div class="figure" id="' + it[3] + '"><small>' + it[0] + "</small><b>" + it[1] +
        it[2] + "</b></div>";
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
    var savings = state.plan.market_summary.map(function (m) { return m.saving_usd_per_t; });
    var smax = Math.max(1, d3.max(savings.map(Math.abs)) || 1);
    var colour = d3.scaleDiverging([-smax, 0, smax], d3.interpolateRdYlGn);
    var lines = state.geo.features.filter(function (f) { return f.geometry.type === "LineString"; });
    var tmax = d3.max(lines, function (f) { return f.properties.t; }) || 1;
    var width = d3.scaleSqrt([0, tmax], [0.6, 9]);
    var closedHubs = state.edits.filter(function (e) { return e.op === "close_node"; })
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
      .attr("stroke-width", function (f) { return width(f.properties.t); })
      .on("mousemove", function (ev, f) {
        var p = f.properties;
        showTip(ev, "<b>" + p.from + " &rarr; " + p.to + "</b><br>" + p.mode + ", " +
          fmtT(p.t) + " t a year<br>" + fmtUsd(p.cost_usd_per_t) + "/t, " +
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
            " period" + (b.periods.length > 1 ? "s" : "") + " (" + b.periods[0] +
            (b.periods.length > 1 ? "&ndash;" + b.periods[b.periods.length - 1] : "") +
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
    drawLegend(smax);
  }

  function nodeTip(p, sums) {
    var s = "<b>" + p.name + "</b> (" + p.kind + ", " + p.country + ")";
    var m = sums[p.id];
    if (m) {
      s += "<br>delivered " + fmtT(m.delivered_t) + " of " + fmtT(m.demand_t) + " t";
      if (m.delivered_t > 0)
        s += "<br>landed " + fmtUsd(m.landed_avg_usd_per_t) + "/t vs alternative " +
          fmtUsd(m.alt_price_usd_per_t) + "/t<br>saving " + fmtUsd(m.saving_usd_per_t) + "/t";
    }
    if (p.throughput_t) s += "<br>throughput " + fmtT(p.throughput_t) + " t";
    if (p.peak_stock_t) s += "<br>peak stock " + fmtT(p.peak_stock_t) + " t";
    return s;
  }

  function drawLegend(smax) {
    var modes = Object.keys(MODE_COLOUR).map(function (m) {
      return '<span class="sw" style="background:' + MODE_COLOUR[m] + '"></span>' + m;
    }).join(" ");
    $("legend").innerHTML = "links: " + modes + "<br>markets: saving per tonne " +
      '<span style="color:#a50026">-' + fmtUsd(smax) + "</span> &hellip; " +
      '<span style="color:#006837">+' + fmtUsd(smax) + "</span>, grey = none delivered; " +
      'hub: orange ring; <span style="color:#c0392b">&times;</span> bottleneck';
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
    var hubs = p.hubs.filter(function (h) { return h.kind === "hub"; })
      .sort(function (a, b) { return b.throughput_t - a.throughput_t; });
    if (!hubs.length) return;
    if (!state.hub || !hubs.some(function (h) { return h.node === state.hub; }))
      state.hub = hubs[0].node;
    fillSelect("stock-hub", hubs.map(function (h) { return h.node; }), state.hub);
    var stock = new Array(P).fill(0), arr = new Array(P).fill(0);
    p.stocks.forEach(function (s) { if (s.node === state.hub) stock[s.period - 1] += s.t; });
    p.flows.forEach(function (f) { if (f.to === state.hub) arr[f.period - 1] += f.t; });
    var c = chartFrame("#chart-stock", { l: 55, r: 10, t: 10, b: 25 });
    var x = d3.scaleBand(d3.range(1, P + 1), [0, c.iw]).padding(0.15);
    var y = d3.scaleLinear([0, Math.max(1, d3.max(arr), d3.max(stock))], [c.ih, 0]).nice();
    c.g.append("g").attr("class", "axis").attr("transform", "translate(0," + c.ih + ")")
      .call(d3.axisBottom(x).tickValues(x.domain().filter(function (d) { return d % 4 === 1; })));
    c.g.append("g").attr("class", "axis").call(d3.axisLeft(y).ticks(5, "~s"));
    c.g.selectAll("rect").data(arr).join("rect")
      .attr("x", function (d, i) { return x(i + 1); }).attr("width", x.bandwidth())
      .attr("y", function (d) { return y(d); }).attr("height", function (d) { return c.ih - y(d); })
      .attr("fill", "#aed6f1").append("title")
      .text(function (d, i) { return "week " + (i + 1) + ": " + fmtT(d) + " t arrive"; });
    c.g.append("path").datum(stock).attr("fill", "none").attr("stroke", "#d35400")
      .attr("stroke-width", 2)
      .attr("d", d3.line().x(function (d, i) { return x(i + 1) + x.bandwidth() / 2; })
        .y(function (d) { return y(d); }));
    c.g.append("text").attr("x", c.iw).attr("y", 10).attr("text-anchor", "end")
      .attr("font-size", 10).text("bars: arrivals per week; line: stock carried");
  }

  function drawMonths() {
    var p = state.plan, days = p.period_days || 7;
    var top = p.market_summary.slice().sort(function (a, b) { return b.delivered_t - a.delivered_t; })
      .filter(function (m) { return m.delivered_t > 0; }).slice(0, 8).map(function (m) { return m.node; });
    var keys = top.concat(["other"]);
    var months = d3.range(12).map(function (i) {
      var o = { month: i };
      keys.forEach(function (k) { o[k] = 0; });
      return o;
    });
    p.markets.forEach(function (m) {
      var mo = Math.min(11, Math.floor((m.period - 1) * days / 30.4375));
      var k = top.indexOf(m.node) >= 0 ? m.node : "other";
      months[mo][k] += m.delivered_t;
    });
    var series = d3.stack().keys(keys)(months);
    var c = chartFrame("#chart-months", { l: 55, r: 90, t: 10, b: 25 });
    var names = "JFMAMJJASOND".split("");
    var x = d3.scaleBand(d3.range(12), [0, c.iw]).padding(0.2);
    var y = d3.scaleLinear([0, Math.max(1, d3.max(series, function (s) {
      return d3.max(s, function (d) { return d[1]; });
    }))], [c.ih, 0]).nice();
    var z = d3.scaleOrdinal(keys, d3.schemeTableau10);
    c.g.append("g").attr("class", "axis").attr("transform", "translate(0," + c.ih + ")")
      .call(d3.axisBottom(x).tickFormat(function (d) { return names[d]; }));
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
        return [m.node, fmtT(m.demand_t), fmtT(m.delivered_t), m.delivered_t ? fmtUsd(m.landed_avg_usd_per_t) : "-",
          fmtUsd(m.alt_price_usd_per_t), m.delivered_t ? fmtUsd(m.saving_usd_per_t) : "-",
          (m.main_route || []).join(" &rsaquo; ")];
      });
    var hubs = p.hubs.filter(function (h) { return h.throughput_t > 0 || h.kind === "hub"; })
      .map(function (h) {
        return [h.node, h.kind, fmtT(h.throughput_t), fmtT(h.peak_stock_t),
          h.peak_period === null ? "-" : h.peak_period];
      });
    var bn = p.bottlenecks.slice(0, 15).map(function (b) {
      return [(b.from || b.node) + (b.to ? " &rarr; " + b.to : ""), b.period, fmtT(b.used_t),
        fmtT(b.capacity_t), fmtUsd(b.shadow_usd_per_t)];
    });
    $("tables").innerHTML =
      table("Markets", ["market", "demand t", "delivered t", "landed $/t", "alternative $/t",
        "saving $/t", "main route"], markets) +
      table("Hubs and ports", ["node", "kind", "throughput t", "peak stock t", "peak week"], hubs) +
      (bn.length ? table("Bottlenecks", ["link or node", "period", "used t", "capacity t",
        "one more tonne saves"], bn) : "<p>No capacity binds in this plan.</p>") +
      table("Cost", ["item", "USD"], Object.keys(p.cost).map(function (k) {
        return [k.replace("_usd", ""), fmtUsd(p.cost[k])];
      }).concat([["total", fmtUsd(p.total_cost_usd)]]));
  }

  function drawAll() {
    drawFigures();
    drawMap();
    drawStock();
    drawMonths();
    drawCost();
    drawTables();
    $("scenario-name").textContent = state.plan.scenario || "";
  }

  /* ---- live: runs and what-if ---- */

  function showRun(run) {
    if (run.status !== "done") throw new Error("run " + run.id + " " + run.status +
      (run.error && run.error.detail ? ": " + run.error.detail : ""));
    return api("GET", "runs/" + run.id + "/geojson").catch(function () {
      return { body: null };
    }).then(function (g) {
      state.plan = run.result;
      if (g.body) state.geo = g.body;
      state.runId = run.id;
      if (!state.base) state.base = run.result;
      drawAll();
      document.body.setAttribute("data-run", run.id);
    });
  }

  function replan() {
    var t0 = performance.now();
    state.busy = true;
    setStatus("planning...");
    return api("POST", "runs", { scenario: SCENARIO, edits: state.edits }).then(function (r) {
      return r.status === 201 ? r.body : poll(r.body.id, 100);
    }).then(showRun).then(function () {
      setStatus("run " + state.runId + ": planned and drawn in " +
        Math.round(performance.now() - t0) + " ms");
      drawEdits();
      return loadRuns();
    }).catch(function (e) {
      setStatus("error: " + e.message);
    }).then(function () { state.busy = false; });
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
        e.op === "close_node" ? "off:" + e.node :
        e.op === "set_node" ? "fee:" + e.node :
        e.op === "close_link" ? "link:" + e.from + ">" + e.to + ">" + (e.mode || "") : "other:" + state.edits.length;
      if (key === "sea") sea = e.pct;
      setEdit(key, Object.assign({}, e));
    });
    $("sea").value = sea;
    $("sea-out").textContent = (sea > 0 ? "+" : "") + sea + "%";
    $("hub-on").checked = !state.edits.some(function (e) {
      return e.op === "close_node" && e.node === $("hub").value;
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
    var tl = tonnesByLink();
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

  function compare() {
    var a = state.picked[0], b = state.picked[1];
    api("GET", "compare?a=" + a + "&b=" + b).then(function (r) {
      var c = r.body;
      var rows = ["total_cost_usd", "delivered_t", "unmet_t", "co2_t"].map(function (k) {
        return [k, fmtT(c[k].a), fmtT(c[k].b), fmtT(c[k].diff)];
      });
      var mrows = c.markets.filter(function (m) {
        return m.delivered_t.diff !== 0 || m.landed_avg_usd_per_t.diff !== 0;
      }).map(function (m) {
        return [m.node, fmtT(m.delivered_t.a), fmtT(m.delivered_t.b), fmtT(m.delivered_t.diff),
          fmtUsd(m.saving_usd_per_t.a), fmtUsd(m.saving_usd_per_t.b)];
      });
      $("compare").hidden = false;
      $("compare").innerHTML = table("Run #" + a + " vs run #" + b, ["figure", "#" + a, "#" + b,
        "difference"], rows) + table("Markets that change", ["market", "t #" + a, "t #" + b,
        "difference", "saving/t #" + a, "saving/t #" + b], mrows);
    }).catch(function (e) { setStatus("error: " + e.message); });
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
        return e.op === "close_node" && e.node === state.hub;
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
      setEdit("off:" + hub, this.checked ? null : { op: "close_node", node: hub });
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
        api("GET", "runs/" + id).then(function (r) { adoptEdits(r.body.edits); return showRun(r.body); })
          .then(function () { setStatus("run " + id + " reopened"); })
          .catch(function (e) { setStatus("error: " + e.message); });
      } else if (ev.target.tagName === "INPUT") {
        state.picked = state.picked.filter(function (x) { return x !== id; });
        if (ev.target.checked) state.picked.push(id);
        while (state.picked.length > 2) state.picked.shift();
        $("compare-go").disabled = state.picked.length !== 2;
        loadRuns();
      }
    });
    $("compare-go").addEventListener("click", compare);
    $("stock-hub").addEventListener("change", function () { state.hub = this.value; drawStock(); });
    $("cost-market").addEventListener("change", function () { state.market = this.value; drawCost(); });
    window.addEventListener("resize", function () { if (state.plan) drawAll(); });
  }

  function startLive() {
    wire();
    drawEdits();
    var origEdits = state.edits;
    state.edits = origEdits;
    var world = fetch("node_modules/world-atlas/countries-110m.json").then(function (r) {
      return r.json();
    });
    var first = api("POST", "runs", { scenario: SCENARIO, edits: [] }).then(function (r) {
      return r.status === 201 ? r.body : poll(r.body.id, 100);
    });
    Promise.all([world, first]).then(function (v) {
      state.world = v[0];
      return showRun(v[1]);
    }).then(function () {
      fillControls();
      setStatus("run " + state.runId + ": the base plan");
      return loadRuns();
    }).catch(function (e) { setStatus("error: " + e.message); });
  }

  function startReport() {
    var d = window.GF_DATA;
    state.plan = d.plan;
    state.geo = d.geojson;
    state.world = d.world;
    $("status").textContent = d.title;
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
