#!/usr/bin/env bash
# Copy the front-end libraries installed by npm into static/vendor (git-ignored), so
# pages load them from this server and never from a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=static/vendor
nm=node_modules
rm -rf "$dest"

# vendor FOLDER FILE...: copy the files into static/vendor/FOLDER, each with the source map
# it names. `collectstatic` (hashed names, in `make run` and production) follows those
# references and stops on one that is missing; a library that names a map it does not ship
# stops this script instead.
# It also rewrites every url(...) of a stylesheet, even one inside an SVG written into a
# data: URI, where it turns Geoman's `mask="url(%23id)"` into `mask="url("#id#id")"` and
# breaks the icon: such a reference is written with its parentheses percent-encoded too
# (`url%28%23id%29`), which the browser decodes to the same SVG and collectstatic leaves alone.
vendor() {
  local folder="$dest/$1" file map
  shift
  mkdir -p "$folder"
  for file in "$@"; do
    cp "$file" "$folder/"
    case "$file" in
      *.css) sed -i -E 's/url\(%23([^)]*)\)/url%28%23\1%29/g' "$folder/$(basename "$file")" ;;
    esac
    map=$(sed -nE 's@^(//|/\*)# sourceMappingURL=([^ *]+).*@\2@p' "$file" | tail -n 1)
    if [ -n "$map" ] && [ "${map#data:}" = "$map" ]; then
      cp "$(dirname "$file")/$map" "$folder/"
    fi
  done
}

vendor bootstrap/css $nm/bootstrap/dist/css/bootstrap.min.css
vendor bootstrap/js $nm/bootstrap/dist/js/bootstrap.bundle.min.js
vendor bootstrap-icons $nm/bootstrap-icons/font/bootstrap-icons.min.css
vendor bootstrap-icons/fonts $nm/bootstrap-icons/font/fonts/bootstrap-icons.{woff2,woff}
vendor htmx $nm/htmx.org/dist/htmx.min.js
vendor swagger-ui $nm/swagger-ui-dist/{swagger-ui.css,swagger-ui-bundle.js,swagger-ui-standalone-preset.js}
vendor axe-core $nm/axe-core/axe.min.js
vendor chart.js $nm/chart.js/dist/chart.umd.min.js
# Maps: Leaflet (with its marker images), Geoman for drawing, and the country boundaries of
# Natural Earth as TopoJSON with the client that turns them into GeoJSON in the browser.
vendor leaflet $nm/leaflet/dist/leaflet.{js,css}
cp -r $nm/leaflet/dist/images "$dest/leaflet/"
vendor leaflet-geoman $nm/@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.{min.js,css}
vendor topojson-client $nm/topojson-client/dist/topojson-client.min.js
vendor world-atlas $nm/world-atlas/countries-50m.json
echo "front-end libraries copied to $dest"
