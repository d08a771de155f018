// tests/web/sea_legs_on_land.js: report where sea and ferry legs of a plan's
// GeoJSON cross land in Natural Earth's 1:50m land outlines (world-atlas, the
// package the page already ships). Usage: node sea_legs_on_land.js PLAN.geojson
// Each leg is sampled every 5 km along the great circles between its points
// (as d3 draws them on the page); samples within END_KM of either end are
// skipped, since at 1:50m a port's quay often lies inside the outline.
// Prints one line per leg and exits 1 if any sample lies on land.
"use strict";
const path = require("path");
const web = path.join(__dirname, "../../web/node_modules/");
const d3 = require(web + "d3");
const topojson = require(web + "topojson-client");
const world = require(web + "world-atlas/land-50m.json");
const fs = require("fs");

const END_KM = 30, STEP_KM = 5, R_KM = 6371;
// land as separate polygons with their bounds, so a sample is tested only
// against the few polygons whose box holds it (the whole outline is slow)
const land = topojson.feature(world, world.objects.land);
const polys = [];
for (const f of land.features) {
  const g = f.geometry;
  for (const rings of g.type === "Polygon" ? [g.coordinates] : g.coordinates) {
    const poly = { type: "Polygon", coordinates: rings };
    polys.push({ poly: poly, box: d3.geoBounds(poly) });
  }
}
function onLand(q) {
  return polys.some(p => {
    const b = p.box, inLon = b[0][0] <= b[1][0] ? q[0] >= b[0][0] && q[0] <= b[1][0] :
      q[0] >= b[0][0] || q[0] <= b[1][0];
    return inLon && q[1] >= b[0][1] && q[1] <= b[1][1] && d3.geoContains(p.poly, q);
  });
}
const seen = new Map(); // segment "lon,lat>lon,lat" -> its samples on land
const plan = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
let legs = 0, bad = 0;
for (const f of plan.features) {
  const p = f.properties;
  if (f.geometry.type !== "LineString" || (p.mode !== "sea" && p.mode !== "ferry")) continue;
  const c = f.geometry.coordinates, a = c[0], z = c[c.length - 1];
  const hits = [];
  for (let i = 0; i + 1 < c.length; i++) {
    const key = c[i].join(",") + ">" + c[i + 1].join(",");
    if (!seen.has(key)) {
      const n = Math.max(1, Math.ceil(d3.geoDistance(c[i], c[i + 1]) * R_KM / STEP_KM));
      const at = d3.geoInterpolate(c[i], c[i + 1]);
      const on = [];
      for (let k = 0; k <= n; k++) {
        const q = at(k / n);
        if (onLand(q)) on.push(q);
      }
      seen.set(key, on);
    }
    for (const q of seen.get(key))
      if (d3.geoDistance(q, a) * R_KM >= END_KM && d3.geoDistance(q, z) * R_KM >= END_KM)
        hits.push(q.map(v => v.toFixed(2)).join(","));
  }
  legs++;
  if (hits.length) bad++;
  console.log((hits.length ? "LAND " : "sea  ") + p.from + " > " + p.to + " (" + p.mode + ", " +
              c.length + " points)" + (hits.length ? ": " + hits.length + " samples on land, " +
              "first at lon,lat " + hits[0] + ", last at " + hits[hits.length - 1] : ""));
}
console.log(legs + " sea legs, " + bad + " cross land");
process.exit(legs > 0 && bad === 0 ? 0 : 1);
