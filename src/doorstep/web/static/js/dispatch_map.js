/* The dispatcher's routes over map tiles (Leaflet, vendored; no CDN). The tile URL comes from
   the bank's setting DOORSTEP_MAP_TILE_URL; without it the board shows its plain drawing and
   this script is not loaded. Data comes from data-* attributes (CSP: no inline scripts). */
(function () {
  "use strict";
  var el = document.getElementById("route-map");
  if (!el || !window.L) { return; }
  var routes = JSON.parse(el.dataset.routes || "[]");
  var map = L.map(el, { scrollWheelZoom: false });
  L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  var bounds = [];
  routes.forEach(function (r) {
    var line = [r.home];
    L.marker(r.home, { icon: L.divIcon({ className: "map-home", html: "<span style=\"background:" + r.colour + "\"></span>", iconSize: [14, 14] }), title: r.name + " " + (el.dataset.home || "") }).addTo(map);
    r.stops.forEach(function (s) {
      line.push([s[0], s[1]]);
      L.circleMarker([s[0], s[1]], { radius: 9, color: r.colour, weight: 2, fillColor: "#fff", fillOpacity: 1 })
        .bindTooltip(String(s[2]), { permanent: true, direction: "center", className: "map-stop-number" })
        .bindPopup(r.name + " · " + s[2] + " · " + s[3]).addTo(map);
    });
    line.push(r.home);
    L.polyline(line, { color: r.colour, weight: 3, opacity: 0.8, className: "team-route-line" }).addTo(map);
    bounds = bounds.concat(line);
  });
  if (bounds.length) { map.fitBounds(bounds, { padding: [20, 20] }); } else { map.setView([22.54, 114.06], 12); }
  el.dataset.ready = "1";
})();
