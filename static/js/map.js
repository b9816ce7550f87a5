// Coalition's maps: Leaflet on boundaries served by this server (countries from world-atlas,
// first-level areas from the gazetteer), a tile layer only when MAP_TILES_URL is set.
// One script, six modes chosen by the page's JSON config (#map-config, no inline script):
//   main          zones by risk level, routes as directed lines, risk per area; editors draw
//   public        publishable zones counted per first-level area, nothing more precise
//   feature       one zone or route on its record's page
//   zone-editor   draw or edit the zone's point or polygon (Leaflet-Geoman)
//   route-editor  click places in order to add the route's stops
//   place-editor  click to set a place's coordinates
// Names come from users: popups and tooltips are built with textContent, never as HTML.
(function () {
  "use strict";
  var el = document.getElementById("map");
  var configEl = document.getElementById("map-config");
  if (!el || !configEl || !window.L) { return; }
  var L = window.L;
  var config = JSON.parse(configEl.textContent);
  var labels = config.labels;
  var RISK_COLORS = { low: "#1a9850", medium: "#d4a106", high: "#f46d43", critical: "#a50026" };
  var RISK_ORDER = ["low", "medium", "high", "critical"];
  var ROUTE_COLOR = "#3f2a8c";
  var REGION = [[6.5, -92.5], [20.5, -68.0]]; // Central America and the Dominican Republic
  var status = document.getElementById("map-status");

  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (m, key) {
      return values[key] === undefined || values[key] === null ? "" : values[key];
    });
  }

  function say(text) { if (status) { status.textContent = text; } }

  function node(tag, text, className) {
    var n = document.createElement(tag);
    if (text !== undefined && text !== null) { n.textContent = text; }
    if (className) { n.className = className; }
    return n;
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json, application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      });
  }

  // --- the base map ----------------------------------------------------------------------

  var map = L.map(el, { zoomSnap: 0.5, minZoom: 3, maxZoom: 16 });
  map.fitBounds(REGION);
  map.attributionControl.setPrefix(false);
  map.createPane("countries").style.zIndex = 200;
  map.createPane("areas").style.zIndex = 350;
  map.createPane("routes").style.zIndex = 450;
  var baseLayers = {};
  if (config.tiles) {
    baseLayers[labels.tilesLayer] = L.tileLayer(config.tiles, {
      attribution: config.tilesAttribution || "", maxZoom: 18,
    }).addTo(map);
  } else {
    el.classList.add("coalition-map-offline");
  }
  getJSON(config.countries).then(function (topology) {
    var countries = window.topojson.feature(topology, topology.objects.countries);
    L.geoJSON(countries, {
      pane: "countries",
      interactive: false,
      style: { color: "#8a94a6", weight: 1, fillColor: "#f4f1ea", fillOpacity: config.tiles ? 0 : 1 },
    }).addTo(map);
  }).catch(function () { say(labels.failed); });

  // --- shared drawing ----------------------------------------------------------------------

  function query() { return window.location.search || ""; }

  // Geoman titles its buttons' containers, not the buttons: screen readers need the name.
  function nameDrawingButtons() {
    el.querySelectorAll(".button-container[title]").forEach(function (container) {
      var button = container.querySelector("a");
      if (button) { button.setAttribute("aria-label", container.title); }
    });
  }

  function popupFor(props, lines) {
    var box = node("div", null, "map-popup");
    box.appendChild(node("strong", props.name));
    lines.forEach(function (line) { if (line) { box.appendChild(node("div", line, "small")); } });
    if (props.url) {
      var link = node("a", labels.open);
      link.href = props.url;
      box.appendChild(link);
    }
    return box;
  }

  // A small arrow at the middle of each segment, pointing along the route. Web Mercator keeps
  // angles, so the rotation computed once stays right at every zoom.
  function arrows(latlngs, group) {
    for (var i = 0; i + 1 < latlngs.length; i++) {
      var a = L.latLng(latlngs[i]), b = L.latLng(latlngs[i + 1]);
      var pa = map.project(a, 0), pb = map.project(b, 0);
      var angle = Math.atan2(pb.y - pa.y, pb.x - pa.x) * 180 / Math.PI;
      var middle = L.latLng((a.lat + b.lat) / 2, (a.lng + b.lng) / 2);
      var marker = L.marker(middle, {
        interactive: false, keyboard: false, pane: "routes",
        icon: L.divIcon({ className: "route-arrow-icon", html: "<span class=\"route-arrow\"></span>", iconSize: [14, 14] }),
      });
      marker.on("add", (function (deg) {
        return function (event) {
          var span = event.target.getElement().firstChild;
          span.style.transform = "rotate(" + deg + "deg)";
        };
      })(angle));
      group.addLayer(marker);
    }
  }

  function routeLine(latlngs, group, props) {
    var line = L.polyline(latlngs, { color: ROUTE_COLOR, weight: 3, opacity: 0.85, pane: "routes" });
    if (props) {
      var stops = (props.stops || []).map(function (s) { return s.name + " (" + s.stage_label + ")"; });
      line.bindPopup(popupFor(props, [props.country_name, labels.stops + ": " + stops.join(" → "), (props.exploitation_labels || []).join(", "), props.period]));
      line.bindTooltip(props.name, { sticky: true });
    }
    group.addLayer(line);
    arrows(latlngs, group);
    return line;
  }

  function zoneStyle(level, dashed) {
    return { color: RISK_COLORS[level] || "#555", weight: 2, fillOpacity: 0.3, dashArray: dashed ? "6 4" : null };
  }

  function areaLayer(collection, options) {
    return L.geoJSON(collection, Object.assign({ pane: "areas" }, options));
  }

  function choropleth(collection, template) {
    var layer = areaLayer(collection, {
      style: function (f) {
        var risk = f.properties.max_risk;
        return {
          color: "#6c757d", weight: 0.8,
          fillColor: risk ? RISK_COLORS[risk] : "#ffffff",
          fillOpacity: risk ? 0.55 : 0.15,
        };
      },
      onEachFeature: function (f, l) {
        var p = f.properties;
        var risk = p.max_risk ? labels.risk[p.max_risk] : "—";
        var text = p.zones ? fmt(template, { count: p.zones, risk: risk }) : labels.noZones;
        var tip = node("div");
        tip.appendChild(node("strong", p.name));
        tip.appendChild(node("div", text, "small"));
        if (p.note) { tip.appendChild(node("div", p.note, "small text-muted")); }
        l.bindTooltip(tip, { sticky: true });
      },
    });
    return layer;
  }

  function outlines(collection) {
    return areaLayer(collection, {
      interactive: false,
      style: { color: "#9aa5b1", weight: 0.6, fill: false },
    });
  }

  function fitTo(layer, maxZoom) {
    var bounds = layer.getBounds && layer.getBounds();
    if (bounds && bounds.isValid()) { map.fitBounds(bounds, { maxZoom: maxZoom || 9, padding: [20, 20] }); }
  }

  // --- main map ------------------------------------------------------------------------------

  function mainMap() {
    var control = L.control.layers(baseLayers, {}, { collapsed: false, position: "topright" }).addTo(map);
    var zoneGroups = {};
    RISK_ORDER.slice().reverse().forEach(function (level) {
      zoneGroups[level] = L.featureGroup().addTo(map);
      control.addOverlay(zoneGroups[level], labels.zones + ": " + labels.risk[level]);
    });
    var routeGroup = L.featureGroup().addTo(map);
    control.addOverlay(routeGroup, labels.routes);
    var current = { choropleth: null, outlines: null };

    function clear() {
      Object.keys(zoneGroups).forEach(function (k) { zoneGroups[k].clearLayers(); });
      routeGroup.clearLayers();
      ["choropleth", "outlines"].forEach(function (k) {
        if (current[k]) {
          var shown = map.hasLayer(current[k]);
          control.removeLayer(current[k]);
          map.removeLayer(current[k]);
          current[k + "Shown"] = shown;
        }
      });
    }

    function load() {
      say(labels.loading);
      var q = query();
      // One after the other: each request renews the session, and SQLite writes one at a time.
      var areas;
      return getJSON(config.areas + q).then(function (result) {
        areas = result;
        return getJSON(config.data + q);
      }).then(function (data) {
        clear();
        var areaGeometry = {};
        areas.features.forEach(function (f) { areaGeometry[f.properties.id] = f.geometry; });
        current.outlines = outlines(areas);
        current.choropleth = choropleth(areas, labels.zoneCount);
        if (current.outlinesShown !== false) { current.outlines.addTo(map); }
        if (current.choroplethShown) { current.choropleth.addTo(map); }
        control.addOverlay(current.outlines, labels.areas);
        control.addOverlay(current.choropleth, labels.choropleth);
        var zones = 0, routes = 0;
        data.features.forEach(function (f) {
          var p = f.properties;
          if (p.record === "zone") {
            var geometry = f.geometry || areaGeometry[p.area_id];
            if (!geometry) { return; }
            var group = zoneGroups[p.risk_level] || zoneGroups.medium;
            var layer = L.geoJSON(geometry, {
              style: zoneStyle(p.risk_level, !f.geometry),
              pointToLayer: function (g, latlng) {
                return L.circleMarker(latlng, { radius: 7, color: "#fff", weight: 1.5, fillColor: RISK_COLORS[p.risk_level], fillOpacity: 0.95 });
              },
            });
            layer.bindPopup(popupFor(p, [p.kind_label + " · " + p.risk_label, p.country_name + (p.area ? " · " + p.area : ""), p.period]));
            layer.bindTooltip(p.name, { sticky: true });
            group.addLayer(layer);
            zones++;
          } else if (p.record === "route" && f.geometry) {
            var latlngs = f.geometry.coordinates.map(function (c) { return [c[1], c[0]]; });
            routeLine(latlngs, routeGroup, p);
            routes++;
          }
        });
        say(fmt(labels.shown, { zones: zones, routes: routes }));
        el.dataset.loaded = "true";
      }).catch(function () { say(labels.failed); });
    }

    var form = document.getElementById("map-filters");
    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var params = new URLSearchParams(new FormData(form));
        // An empty country stays: it asks for all countries, over the scope switcher's.
        Array.from(params.keys()).forEach(function (k) { if (!params.get(k) && k !== "country") { params.delete(k); } });
        var search = params.toString();
        window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
        ["export-geojson", "export-kml"].forEach(function (id) {
          var link = document.getElementById(id);
          if (link) {
            var url = new URL(link.href);
            var format = url.searchParams.get("format");
            url.search = search ? "?" + search + "&format=" + format : "?format=" + format;
            link.href = url.toString();
          }
        });
        load();
      });
    }
    load();

    if (config.draw && map.pm) {
      map.pm.setLang(config.language && config.language.indexOf("es") === 0 ? "es" : "en");
      map.pm.addControls({
        position: "topleft", drawMarker: true, drawPolygon: true, drawCircleMarker: false,
        drawPolyline: false, drawRectangle: false, drawCircle: false, drawText: false,
        editMode: false, dragMode: false, cutPolygon: false, removalMode: false, rotateMode: false,
      });
      nameDrawingButtons();
      map.on("pm:create", function (event) {
        var geometry = event.layer.toGeoJSON().geometry;
        window.location.href = config.zoneCreate + "?geometry=" + encodeURIComponent(JSON.stringify(geometry));
      });
    }
  }

  // --- public map ----------------------------------------------------------------------------

  function publicMap() {
    say(labels.loading);
    getJSON(config.areas + query()).then(function (areas) {
      var layer = choropleth(areas, labels.publicCount).addTo(map);
      var counted = areas.features.filter(function (f) { return f.properties.zones; });
      var zones = counted.reduce(function (n, f) { return n + f.properties.zones; }, 0);
      fitTo(layer, 8);
      say(fmt(labels.publicShown, { zones: zones, areas: counted.length }));
      el.dataset.loaded = "true";
    }).catch(function () { say(labels.failed); });
  }

  // --- one record ------------------------------------------------------------------------------

  function featureMap() {
    var f = config.feature;
    if (!f || !f.geometry) { return; }
    var group = L.featureGroup().addTo(map);
    if (f.geometry.type === "LineString") {
      routeLine(f.geometry.coordinates.map(function (c) { return [c[1], c[0]]; }), group, null);
    } else {
      group.addLayer(L.geoJSON(f.geometry, {
        style: zoneStyle(f.properties.risk_level, false),
        pointToLayer: function (g, latlng) {
          return L.circleMarker(latlng, { radius: 8, color: "#fff", weight: 2, fillColor: RISK_COLORS[f.properties.risk_level], fillOpacity: 0.95 });
        },
      }));
    }
    fitTo(group, 9);
    getJSON(config.areas).then(function (areas) { outlines(areas).addTo(map); });
  }

  // --- editors ---------------------------------------------------------------------------------

  function zoneEditor() {
    var input = document.getElementById("id_geometry");
    var areaSelect = document.getElementById("id_area");
    var countrySelect = document.getElementById("id_country");
    var drawn = L.featureGroup().addTo(map);
    var areasLayer = null;

    function setShape(value) {
      var radio = document.querySelector("input[name=shape][value=" + value + "]");
      if (radio) { radio.checked = true; }
    }
    function write() {
      var layers = drawn.getLayers();
      if (!layers.length) { input.value = ""; return; }
      var geometry = layers[layers.length - 1].toGeoJSON().geometry;
      input.value = JSON.stringify(geometry);
      setShape(geometry.type === "Point" ? "point" : "polygon");
    }
    function watch(layer) {
      layer.on("pm:edit pm:dragend pm:markerdragend", write);
      layer.on("pm:remove", function () { drawn.removeLayer(layer); write(); });
    }
    if (input.value) {
      try {
        L.geoJSON(JSON.parse(input.value), {
          pointToLayer: function (g, latlng) { return L.marker(latlng); },
        }).eachLayer(function (layer) { drawn.addLayer(layer); watch(layer); });
        fitTo(drawn, 10);
      } catch (e) { input.value = ""; }
    }
    if (map.pm) {
      map.pm.setLang(config.language && config.language.indexOf("es") === 0 ? "es" : "en");
      map.pm.addControls({
        position: "topleft", drawMarker: true, drawPolygon: true, drawCircleMarker: false,
        drawPolyline: false, drawRectangle: false, drawCircle: false, drawText: false,
        editMode: true, dragMode: true, cutPolygon: false, removalMode: true, rotateMode: false,
      });
      nameDrawingButtons();
      map.on("pm:create", function (event) {
        drawn.getLayers().forEach(function (old) { drawn.removeLayer(old); map.removeLayer(old); });
        drawn.addLayer(event.layer);
        watch(event.layer);
        write();
      });
    }
    function highlight() {
      var shape = document.querySelector("input[name=shape]:checked");
      var isArea = shape && shape.value === "area";
      // The area is chosen for an area zone only; a point or polygon gets its own on saving.
      var wrapper = areaSelect && areaSelect.closest(".mb-3");
      if (wrapper) { wrapper.hidden = !isArea; }
      if (!areasLayer) { return; }
      var chosen = areaSelect && areaSelect.value;
      areasLayer.eachLayer(function (layer) {
        var on = isArea && String(layer.feature.properties.id) === chosen;
        layer.setStyle(on
          ? { color: "#a50026", weight: 2.5, fill: true, fillColor: "#f46d43", fillOpacity: 0.35 }
          : { color: "#9aa5b1", weight: 0.6, fill: false });
        if (on) { fitTo(layer, 9); }
      });
    }
    getJSON(config.areas).then(function (areas) {
      areasLayer = outlines(areas).addTo(map);
      highlight();
    });
    if (areaSelect) { areaSelect.addEventListener("change", highlight); }
    document.querySelectorAll("input[name=shape]").forEach(function (r) { r.addEventListener("change", highlight); });
    if (countrySelect) {
      countrySelect.addEventListener("change", function () {
        if (!areasLayer || drawn.getLayers().length) { return; }
        var code = (config.countryCodes || {})[countrySelect.value];
        var inCountry = areasLayer.getLayers().filter(function (l) { return l.feature.properties.country === code; });
        if (inCountry.length) { fitTo(L.featureGroup(inCountry), 8); }
      });
    }
  }

  function routeEditor() {
    var body = document.getElementById("stops");
    var template = document.getElementById("stop-template");
    var total = document.getElementById("id_stops-TOTAL_FORMS");
    var addButton = document.getElementById("add-stop");
    var places = {};
    (config.places || []).forEach(function (p) { places[p.id] = p; });
    var preview = L.featureGroup().addTo(map);

    function rows() {
      return Array.from(body.querySelectorAll("tr.stop-row")).filter(function (row) {
        var del = row.querySelector("input[name$=DELETE]");
        return !(del && del.checked);
      });
    }
    function ordered() {
      return rows().map(function (row, index) {
        var order = parseInt(row.querySelector("input[name$=ORDER]").value, 10);
        return { row: row, order: isNaN(order) ? 1000 + index : order, index: index };
      }).sort(function (a, b) { return a.order - b.order || a.index - b.index; });
    }
    function redraw() {
      preview.clearLayers();
      var latlngs = ordered().map(function (item) {
        var p = places[item.row.querySelector("select[name$=place]").value];
        return p ? [p.lat, p.lon] : null;
      }).filter(Boolean);
      if (latlngs.length > 1) { routeLine(latlngs, preview, null); }
    }
    function addRow(placeId) {
      // Fill an empty row first (the form's spare rows), then add new ones.
      var empty = rows().filter(function (row) { return !row.querySelector("select[name$=place]").value; })[0];
      var row = empty;
      if (!row) {
        var index = parseInt(total.value, 10);
        var holder = document.createElement("tbody");
        holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
        row = holder.querySelector("tr");
        body.appendChild(row);
        total.value = String(index + 1);
      }
      var highest = ordered().reduce(function (n, item) {
        return item.row === row || item.order >= 1000 ? n : Math.max(n, item.order);
      }, 0);
      row.querySelector("input[name$=ORDER]").value = String(highest + 1);
      var stage = row.querySelector("select[name$=stage]");
      if (!stage.value) { stage.value = highest === 0 ? "recruitment" : "transit"; }
      if (placeId) { row.querySelector("select[name$=place]").value = String(placeId); }
      redraw();
      return row;
    }
    (config.places || []).forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], {
        radius: 5, color: "#1f4e79", weight: 1.5, fillColor: "#ffffff", fillOpacity: 1,
      }).addTo(map);
      marker.bindTooltip(p.name + " (" + p.country + ")");
      marker.on("click", function () { addRow(p.id); });
    });
    body.addEventListener("change", redraw);
    if (addButton) { addButton.addEventListener("click", function () { addRow(null).querySelector("select").focus(); }); }
    redraw();
    if (preview.getLayers().length) { fitTo(preview, 8); }
  }

  function placeEditor() {
    var lat = document.getElementById("id_latitude");
    var lon = document.getElementById("id_longitude");
    var marker = null;
    function place() {
      var a = parseFloat(lat.value), b = parseFloat(lon.value);
      if (isNaN(a) || isNaN(b)) { return; }
      if (!marker) { marker = L.marker([a, b]).addTo(map); } else { marker.setLatLng([a, b]); }
    }
    map.on("click", function (event) {
      lat.value = event.latlng.lat.toFixed(4);
      lon.value = event.latlng.lng.toFixed(4);
      place();
    });
    lat.addEventListener("change", place);
    lon.addEventListener("change", place);
    place();
    if (marker) { map.setView(marker.getLatLng(), 9); }
    getJSON(config.areas).then(function (areas) { outlines(areas).addTo(map); });
  }

  var modes = {
    main: mainMap, public: publicMap, feature: featureMap,
    "zone-editor": zoneEditor, "route-editor": routeEditor, "place-editor": placeEditor,
  };
  (modes[config.mode] || mainMap)();
})();
