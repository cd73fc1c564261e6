"""Convert a world-atlas TopoJSON file (Natural Earth countries) into the GeoJSON basemap.

Usage: python tools/web/topojson_to_geojson.py countries-50m.json OUT.geojson [--digits 3]

The dashboard and the briefing's static map draw country borders from the GeoJSON this
writes (wirewatch/web/static/basemap/); see wirewatch/web/static/VENDORED.md for where the
input came from. Standard library only, so it runs anywhere.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def decode_arcs(topology: dict) -> list[list[list[float]]]:
    """Absolute [lon, lat] points of every arc (quantised, delta-encoded in the file)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([list(p[:2]) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy in (p[:2] for p in arc):
            x, y = x + dx, y + dy
            points.append([x * sx + tx, y * sy + ty])
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[list[list[float]]], digits: int) -> list[list[float]]:
    """One closed ring from arc indices; ``~i`` (negative) is arc i reversed."""
    points: list[list[float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share their joining point: keep it once.
        points.extend(arc if not points else arc[1:])
    rounded = [[round(x, digits), round(y, digits)] for x, y in points]
    deduped = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
    return deduped


def geometry(obj: dict, arcs: list, digits: int) -> dict | None:
    kind = obj.get("type")
    if kind == "Polygon":
        return {"type": kind, "coordinates": [ring(r, arcs, digits) for r in obj["arcs"]]}
    if kind == "MultiPolygon":
        polygons = [[ring(r, arcs, digits) for r in poly] for poly in obj["arcs"]]
        return {"type": kind, "coordinates": polygons}
    return None


def convert(topology: dict, object_name: str, digits: int) -> dict:
    arcs = decode_arcs(topology)
    features = []
    for obj in topology["objects"][object_name]["geometries"]:
        geom = geometry(obj, arcs, digits)
        if geom is None:
            continue
        properties = {"name": obj.get("properties", {}).get("name"), "iso_n3": obj.get("id")}
        features.append({"type": "Feature", "properties": properties, "geometry": geom})
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--object", default="countries")
    parser.add_argument("--digits", type=int, default=3, help="decimal places kept")
    args = parser.parse_args()
    topology = json.loads(args.topojson.read_text("utf-8"))
    collection = convert(topology, args.object, args.digits)
    args.out.write_text(json.dumps(collection, separators=(",", ":")) + "\n", "utf-8")
    print(f"{len(collection['features'])} features -> {args.out}")


if __name__ == "__main__":
    main()
