#!/usr/bin/env bash
# Copy the front-end libraries installed by npm into static/vendor (git-ignored), so
# pages load them from this server and never from a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=static/vendor
rm -rf "$dest"
mkdir -p "$dest"/{bootstrap/css,bootstrap/js,bootstrap-icons/fonts,htmx,swagger-ui,axe-core} \
  "$dest"/{leaflet,leaflet-geoman,topojson-client,world-atlas}
nm=node_modules
cp $nm/bootstrap/dist/css/bootstrap.min.css $nm/bootstrap/dist/css/bootstrap.min.css.map "$dest/bootstrap/css/"
cp $nm/bootstrap/dist/js/bootstrap.bundle.min.js $nm/bootstrap/dist/js/bootstrap.bundle.min.js.map "$dest/bootstrap/js/"
cp $nm/bootstrap-icons/font/bootstrap-icons.min.css "$dest/bootstrap-icons/"
cp $nm/bootstrap-icons/font/fonts/bootstrap-icons.woff2 $nm/bootstrap-icons/font/fonts/bootstrap-icons.woff "$dest/bootstrap-icons/fonts/"
cp $nm/htmx.org/dist/htmx.min.js "$dest/htmx/"
# Source maps too: the manifest storage of production follows their references.
for f in swagger-ui.css swagger-ui-bundle.js swagger-ui-standalone-preset.js; do
  cp $nm/swagger-ui-dist/$f "$dest/swagger-ui/"
  if [ -f "$nm/swagger-ui-dist/$f.map" ]; then cp "$nm/swagger-ui-dist/$f.map" "$dest/swagger-ui/"; fi
done
cp $nm/axe-core/axe.min.js "$dest/axe-core/"
# Maps: Leaflet (with its marker images), Geoman for drawing, and the country boundaries of
# Natural Earth as TopoJSON with the client that turns them into GeoJSON in the browser.
cp $nm/leaflet/dist/leaflet.js $nm/leaflet/dist/leaflet.js.map $nm/leaflet/dist/leaflet.css "$dest/leaflet/"
cp -r $nm/leaflet/dist/images "$dest/leaflet/"
cp $nm/@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.min.js \
   $nm/@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.min.js.map \
   $nm/@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css "$dest/leaflet-geoman/"
cp $nm/topojson-client/dist/topojson-client.min.js "$dest/topojson-client/"
cp $nm/world-atlas/countries-50m.json "$dest/world-atlas/"
echo "front-end libraries copied to $dest"
