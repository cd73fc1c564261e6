#!/usr/bin/env bash
# Re-fetch the dashboard's vendored JavaScript, CSS and basemap from the npm registry and
# copy them into wirewatch/web/static/ (see wirewatch/web/static/VENDORED.md).
# Needs npm and the repository's .venv. Run from the repository root.
set -euo pipefail
static=wirewatch/web/static
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && for spec in leaflet@1.9.4 leaflet.markercluster@1.5.3 swagger-ui-dist@5.35.0 \
    world-atlas@2.0.2; do
    npm pack -q "$spec" >/dev/null
done && for tgz in *.tgz; do mkdir "${tgz%.tgz}" && tar xzf "$tgz" -C "${tgz%.tgz}"; done)
sha256sum "$work"/*.tgz

leaflet=$work/leaflet-1.9.4/package
mkdir -p "$static/vendor/leaflet/images"
cp "$leaflet/dist/leaflet.js" "$leaflet/dist/leaflet.css" "$leaflet/LICENSE" "$static/vendor/leaflet/"
cp "$leaflet"/dist/images/* "$static/vendor/leaflet/images/"

cluster=$work/leaflet.markercluster-1.5.3/package
mkdir -p "$static/vendor/markercluster"
cp "$cluster"/dist/{leaflet.markercluster.js,MarkerCluster.css,MarkerCluster.Default.css} \
    "$static/vendor/markercluster/"
cp "$cluster/MIT-LICENCE.txt" "$static/vendor/markercluster/LICENSE"

swagger=$work/swagger-ui-dist-5.35.0/package
mkdir -p "$static/vendor/swagger-ui"
cp "$swagger"/{swagger-ui-bundle.js,swagger-ui-bundle.js.LICENSE.txt,swagger-ui.css,LICENSE,NOTICE} \
    "$static/vendor/swagger-ui/"

# Source maps are not shipped: drop the comments that would make a browser ask for them.
sed -i 's#//\# sourceMappingURL=.*##' "$static"/vendor/*/*.js
sed -i 's#/\*\# sourceMappingURL=.*\*/##' "$static"/vendor/*/*.css

atlas=$work/world-atlas-2.0.2/package
mkdir -p "$static/basemap"
.venv/bin/python tools/web/topojson_to_geojson.py "$atlas/countries-50m.json" \
    "$static/basemap/countries-50m.geojson" --digits 2
cp "$atlas/LICENSE" "$static/basemap/LICENSE-world-atlas"
