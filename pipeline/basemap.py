"""The world basemap of the run report: Natural Earth admin-0 countries (public domain).

`pipeline/data/world.json` is made once from the 1:110m `naturalearth_lowres` shapefile that
geopandas 0.14.4 bundled (the last release that shipped it), read here with a small ESRI
shapefile reader (polygons only), so no GIS library is needed:

    pip download geopandas==0.14.4 --no-deps -d /tmp/gpd
    unzip /tmp/gpd/geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*' -d /tmp/gpd
    python -m pipeline.basemap /tmp/gpd/geopandas/datasets/naturalearth_lowres/naturalearth_lowres

Coordinates are stored as integer tenths of a degree (about 11 km, finer than the 1:110m
source), consecutive repeats dropped, each ring a flat [lon, lat, lon, lat, ...] list.
"""

from __future__ import annotations

import json
import struct
import sys
from functools import cache
from pathlib import Path

BASEMAP = Path(__file__).parent / "data" / "world.json"
_POLYGON = 5


def read_polygons(shp: bytes) -> list[list[list[tuple[float, float]]]]:
    """Each record's rings of (lon, lat) from an ESRI .shp of polygons (type 5)."""
    records, offset = [], 100
    while offset < len(shp):
        _number, words = struct.unpack(">ii", shp[offset:offset + 8])
        body = shp[offset + 8:offset + 8 + 2 * words]
        offset += 8 + 2 * words
        (kind,) = struct.unpack("<i", body[:4])
        if kind != _POLYGON:
            records.append([])
            continue
        parts, points = struct.unpack("<ii", body[36:44])
        starts = list(struct.unpack(f"<{parts}i", body[44:44 + 4 * parts])) + [points]
        base = 44 + 4 * parts
        xy = struct.unpack(f"<{2 * points}d", body[base:base + 16 * points])
        records.append([[(xy[2 * i], xy[2 * i + 1]) for i in range(starts[p], starts[p + 1])]
                        for p in range(parts)])
    return records


def read_names(dbf: bytes, field: str) -> list[str]:
    """One text field of every record of a dBase III .dbf file."""
    count, header, record = struct.unpack("<IHH", dbf[4:12])
    fields, at, position = {}, 32, 1  # byte 0 of a record is its deletion flag
    while dbf[at] != 0x0D:
        name = dbf[at:at + 11].split(b"\0")[0].decode("ascii")
        fields[name] = (position, dbf[at + 16])
        position += dbf[at + 16]
        at += 32
    start, width = fields[field]
    return [dbf[header + i * record + start:header + i * record + start + width]
            .decode("utf-8", "replace").strip() for i in range(count)]


def compact_ring(ring: list[tuple[float, float]]) -> list[int]:
    """A ring as flat tenths of a degree, with points that round onto their neighbour dropped."""
    flat: list[int] = []
    for lon, lat in ring:
        point = [round(lon * 10), round(lat * 10)]
        if flat[-2:] != point:
            flat += point
    return flat if len(flat) >= 6 else []


def convert(stem: str) -> dict:
    shapes = read_polygons(Path(stem + ".shp").read_bytes())
    names = read_names(Path(stem + ".dbf").read_bytes(), "name")
    countries = []
    for name, rings in zip(names, shapes, strict=True):
        flat = [r for r in (compact_ring(ring) for ring in rings) if r]
        if flat:
            countries.append({"name": name, "rings": flat})
    return {"source": "Natural Earth 1:110m admin-0 countries (public domain), via "
                      "geopandas 0.14.4 naturalearth_lowres",
            "unit": "0.1 degree", "countries": countries}


@cache
def world() -> dict:
    """The basemap: {"countries": [{"name", "rings": [[lon10, lat10, ...], ...]}]}."""
    return json.loads(BASEMAP.read_text(encoding="utf-8"))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m pipeline.basemap PATH/naturalearth_lowres (no extension)",
              file=sys.stderr)
        return 2
    BASEMAP.parent.mkdir(exist_ok=True)
    BASEMAP.write_text(json.dumps(convert(argv[0]), separators=(",", ":")) + "\n",
                       encoding="utf-8")
    print(f"wrote {BASEMAP} ({BASEMAP.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
