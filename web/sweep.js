/* web/sweep.js: the page's Sweep panel: many runs of the scenario shown, on the server.
 *
 * Design decisions a newcomer needs:
 * - The specs are the shipped examples (examples/sweep-*.json), served by
 *   GET api/v1/sweeps/examples as the server embedded them: nothing is
 *   copied here. The panel posts one as it is, with the runs asked for and
 *   "per_period": true (each run then records its weekly delivered tonnes
 *   and saving), on the scenario picked in the page's Scenario list.
 * - Progress comes from GET api/v1/sweeps/{id} (runs_done, runs_per_s),
 *   polled every 400 ms while the sweep runs; "Stop" is DELETE.
 * - The fan charts (deliveries and saving per week: the P10-P90 band and
 *   the P50 line) and the tornado read the sweep's result (the summary and
 *   tornado of `grainflow sweep --json`), so they show exactly what the CLI
 *   prints; the histogram of the Moroccan ports' tonnes (received over
 *   links, and shipped onward) reads the run table (GET .../runs as JSON),
 *   one value per run.
 * - Tornado bars are coloured by meaning, as the page's differences are:
 *   green where the input's end raises the saving above base, red below.
 * - Weeks are labelled from the scenario's start_month when the page has a
 *   plan (window.GF_START_MONTH, else July as in the default scenario).
 * Standalone: it uses d3 (a global) and the page's #scenario select only.
 * SPDX-License-Identifier: MIT */
(function () {
  "use strict";

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var examples = {};
  var current = null; /* the sweep being followed: {id, timer} */
  var fmtT = d3.format(",.0f");
  var fmtUsd = function (v) { return "$" + d3.format(".3~s")(v).replace("G", "B"); };

  function $(id) { return document.getElementById(id); }

  function say(text) { $("sweep-progress").textContent = text; }

  function api(method, path, body) {
    var opt = { method: method, headers: {} };
    if (body) {
      opt.headers["Content-Type"] = "application/json";
      opt.body = JSON.stringify(body);
    }
    return fetch("api/v1/" + path, opt).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) throw new Error((j.input ? j.input + ": " : "") + (j.detail || r.statusText));
        return j;
      });
    });
  }

  /* A chart frame: the svg's inner group and its size. */
  function frame(sel, m) {
    var svg = d3.select(sel);
    var box = svg.node().getBoundingClientRect();
    var w = Math.max(200, box.width) - m.l - m.r, h = Math.max(120, box.height) - m.t - m.b;
    svg.selectAll("*").remove();
    return { g: svg.append("g").attr("transform", "translate(" + m.l + "," + m.t + ")"), w: w, h: h };
  }

  function weekLabel(t) {
    var start = window.GF_START_MONTH >= 1 && window.GF_START_MONTH <= 12 ? window.GF_START_MONTH : 7;
    return MONTHS[(start - 1 + Math.floor((t - 1) * 12 / 52)) % 12];
  }

  /* The summary rows named PREFIX:1.. in week order. */
  function perWeek(summary, prefix) {
    return summary.filter(function (r) { return r.result.indexOf(prefix + ":") === 0; })
      .map(function (r) { return { t: +r.result.slice(prefix.length + 1), p10: r.p10, p50: r.p50, p90: r.p90 }; })
      .sort(function (a, b) { return a.t - b.t; });
  }

  function drawFan(sel, rows, fmt) {
    var c = frame(sel, { l: 58, r: 10, t: 10, b: 28 });
    var x = d3.scaleLinear().domain([1, Math.max(2, rows.length)]).range([0, c.w]);
    var lo = d3.min(rows, function (r) { return r.p10; }), hi = d3.max(rows, function (r) { return r.p90; });
    var y = d3.scaleLinear().domain([Math.min(0, lo), hi || 1]).nice().range([c.h, 0]);
    c.g.append("path").datum(rows).attr("class", "fan-band")
      .attr("d", d3.area().x(function (r) { return x(r.t); })
        .y0(function (r) { return y(r.p10); }).y1(function (r) { return y(r.p90); }));
    c.g.append("path").datum(rows).attr("class", "fan-median")
      .attr("d", d3.line().x(function (r) { return x(r.t); }).y(function (r) { return y(r.p50); }));
    c.g.append("g").attr("class", "axis").attr("transform", "translate(0," + c.h + ")")
      .call(d3.axisBottom(x).tickFormat(weekLabel).tickValues(rows.map(function (r) { return r.t; })
        .filter(function (t) { return t === 1 || weekLabel(t) !== weekLabel(t - 1); })));
    c.g.append("g").attr("class", "axis").call(d3.axisLeft(y).ticks(5).tickFormat(fmt));
  }

  /* Per run: the tonnes the Moroccan hubs received and shipped onward. */
  function hubTonnes(table) {
    var cols = table.columns, inK = [], outK = [];
    cols.forEach(function (name, k) {
      if (/^hub_t:MA_/.test(name)) inK.push(k);
      if (/^hub_onward_t:MA_/.test(name)) outK.push(k);
    });
    var sum = function (row, ks) { return ks.reduce(function (s, k) { return s + (row[k] || 0); }, 0); };
    var ok = cols.indexOf("status");
    return table.runs.filter(function (r) { return r[ok] === "ok"; }).map(function (r) {
      return { received: sum(r, inK), onward: sum(r, outK) };
    });
  }

  function drawHistogram(runs) {
    var c = frame("#chart-sweep-hubs", { l: 48, r: 10, t: 22, b: 30 });
    var top = d3.max(runs, function (r) { return Math.max(r.received, r.onward); }) || 1;
    var x = d3.scaleLinear().domain([0, top]).nice().range([0, c.w]);
    var bin = d3.bin().domain(x.domain()).thresholds(x.ticks(20));
    var series = [{ key: "received", cls: "hist-in", label: "received over links" },
                  { key: "onward", cls: "hist-out", label: "shipped onward" }];
    var bins = series.map(function (s) { return bin(runs.map(function (r) { return r[s.key]; })); });
    var y = d3.scaleLinear().domain([0, d3.max(bins, function (b) { return d3.max(b, function (d) { return d.length; }); })])
      .nice().range([c.h, 0]);
    series.forEach(function (s, i) {
      c.g.selectAll("rect." + s.cls).data(bins[i].filter(function (d) { return d.length; })).enter()
        .append("rect").attr("class", "bar " + s.cls)
        .attr("x", function (d) { return x(d.x0) + 1; })
        .attr("width", function (d) { return Math.max(1, x(d.x1) - x(d.x0) - 2); })
        .attr("y", function (d) { return y(d.length); })
        .attr("height", function (d) { return c.h - y(d.length); })
        .append("title").text(function (d) {
          return s.label + " " + fmtT(d.x0) + "-" + fmtT(d.x1) + " t: " + d.length + " runs";
        });
      c.g.append("text").attr("class", "legend " + s.cls).attr("x", 4 + i * 160).attr("y", -8)
        .text("\u25a0 " + s.label);
    });
    c.g.append("g").attr("class", "axis").attr("transform", "translate(0," + c.h + ")")
      .call(d3.axisBottom(x).ticks(5).tickFormat(d3.format(".2~s")));
    c.g.append("g").attr("class", "axis").call(d3.axisLeft(y).ticks(4));
  }

  function drawTornado(result) {
    var rows = result.tornado, base = result.tornado_base_saving_usd;
    var c = frame("#chart-sweep-tornado", { l: 150, r: 16, t: 10, b: 28 });
    var vals = [base];
    rows.forEach(function (r) { vals.push(r.saving_low_usd, r.saving_high_usd); });
    var x = d3.scaleLinear().domain(d3.extent(vals.filter(isFinite))).nice().range([0, c.w]);
    var y = d3.scaleBand().domain(rows.map(function (r) { return r.input; })).range([0, c.h]).padding(0.25);
    rows.forEach(function (r) {
      [["saving_low_usd", "P10"], ["saving_high_usd", "P90"]].forEach(function (e) {
        var v = r[e[0]];
        if (!isFinite(v)) return;
        c.g.append("rect").attr("class", "bar " + (v < base ? "torn-worse" : "torn-better"))
          .attr("x", x(Math.min(v, base))).attr("width", Math.max(1, Math.abs(x(v) - x(base))))
          .attr("y", y(r.input)).attr("height", y.bandwidth())
          .append("title").text(r.input + (r.kind === "event" ? (e[1] === "P10" ? " off" : " on") :
            " at its " + e[1] + " (" + (e[1] === "P10" ? r.input_low : r.input_high) + ")") +
            ": saving " + fmtUsd(v));
      });
    });
    c.g.append("line").attr("class", "torn-base").attr("x1", x(base)).attr("x2", x(base))
      .attr("y1", 0).attr("y2", c.h);
    c.g.append("g").attr("class", "axis").attr("transform", "translate(0," + c.h + ")")
      .call(d3.axisBottom(x).ticks(5).tickFormat(fmtUsd));
    c.g.append("g").attr("class", "axis inputs").call(d3.axisLeft(y));
  }

  function showResult(sweep) {
    var r = sweep.result, s = r.summary;
    var saving = s.filter(function (x) { return x.result === "saving_usd"; })[0];
    say("sweep " + sweep.id + ": " + r.solved + " of " + r.runs + " runs solved in " +
        r.seconds.toFixed(1) + " s; saving P10 " + fmtUsd(saving.p10) + ", P50 " +
        fmtUsd(saving.p50) + ", P90 " + fmtUsd(saving.p90));
    $("sweep-charts").hidden = false;
    drawFan("#chart-sweep-delivered", perWeek(s, "period_delivered_t"), d3.format(".2~s"));
    drawFan("#chart-sweep-saving", perWeek(s, "period_saving_usd"), fmtUsd);
    drawTornado(r);
    return api("GET", "sweeps/" + sweep.id + "/runs").then(function (t) {
      drawHistogram(hubTonnes(t));
      $("sweep-panel").setAttribute("data-done", String(sweep.id));
    });
  }

  function follow(id) {
    api("GET", "sweeps/" + id).then(function (sw) {
      if (!current || current.id !== id) return;
      if (sw.status === "done") {
        current = null;
        $("sweep-go").disabled = false;
        $("sweep-stop").disabled = true;
        return showResult(sw);
      }
      if (sw.status === "failed") {
        current = null;
        $("sweep-go").disabled = false;
        $("sweep-stop").disabled = true;
        say("sweep " + id + " " + (sw.error ? sw.error.title + ": " + sw.error.detail : "failed"));
        return;
      }
      say("sweep " + id + ": " + sw.runs_done + " / " + sw.runs + " runs" +
          (sw.runs_per_s ? ", " + fmtT(sw.runs_per_s) + " runs/s" : ""));
      current.timer = setTimeout(function () { follow(id); }, 400);
    }).catch(function (e) { say("sweep " + id + ": " + e.message); });
  }

  function start() {
    var name = $("sweep-spec").value, runs = +$("sweep-runs").value;
    var spec = JSON.parse(JSON.stringify(examples[name]));
    var scenario = ($("scenario") && $("scenario").value) || "kz-ma-africa";
    if (runs >= 1) spec.runs = runs;
    spec.per_period = true;
    $("sweep-go").disabled = true;
    say("starting...");
    api("POST", "sweeps?wait_ms=0", { scenario: scenario, spec: spec }).then(function (sw) {
      current = { id: sw.id, timer: null };
      $("sweep-stop").disabled = false;
      follow(sw.id);
    }).catch(function (e) {
      $("sweep-go").disabled = false;
      say("refused: " + e.message);
    });
  }

  function stop() {
    if (!current) return;
    clearTimeout(current.timer);
    var id = current.id;
    current = null;
    api("DELETE", "sweeps/" + id).then(function () {
      say("sweep " + id + " stopped");
    }).catch(function (e) { say(e.message); })
      .then(function () { $("sweep-go").disabled = false; $("sweep-stop").disabled = true; });
  }

  function init() {
    if (!$("sweep-panel") || window.GF_DATA) return; /* the report has no server */
    api("GET", "sweeps/examples").then(function (ex) {
      examples = ex;
      var sel = d3.select("#sweep-spec");
      Object.keys(ex).forEach(function (k) {
        sel.append("option").attr("value", k).text(ex[k].name || k);
      });
      $("sweep-go").disabled = false;
      $("sweep-go").addEventListener("click", start);
      $("sweep-stop").addEventListener("click", stop);
    }).catch(function (e) { say("no sweeps on this server: " + e.message); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
