"""The events stage's fields on real events, against ACLED's own coding of them.

    python benchmarks/event_fields.py ACLED.jsonl [--split test|dev] [--count 4000] [--show N]
        [--show-far N] [--show-sides N]

ACLED.jsonl: training/collect/acled.py's output (real ACLED records: the coder's note and the
event's country, place, day and fatalities as ACLED coded them). The records are split by the
export they come from, as training/folds.json places the exports: **dev** is the exports of
folds 0 and 1, whose misses may be read while rules are written (`--show`); **test** is the
exports of folds 2 and 3, whose notes are never read: totals only. Each split's notes are
shuffled with a fixed seed and the first `--count` go through the events stage, one note per
article, published the day after ACLED's date (a news report of the next day).

The coder's annotations are taken off first ("[size=...]", "[Palestinian Ministry of Health
reported ...]", "(coded as ...)", "Fatalities coded as 0 (VoJ reported 2).", a closing "3
fatalities"): news has none, and they tell the coded count or ACLED's own bookkeeping. The note's opening date stays: news dates its events too.

Figures over the notes that get a row, each with a 95% bootstrap interval:
- country: the first row's country is ACLED's;
- place: the first row's place (as written or as the gazetteer names it) is ACLED's location,
  case, accents and punctuation aside;
- place by distance (records with ACLED's coordinates): the first row names a place finer than
  its country (not a village set at its country's centre for want of anything finer) whose
  coordinates lie within 50 km of ACLED's ("near": a village's barangay or
  a city's quarter counts, as it should, where the name test above misses it); and, over the
  rows that name such a place, how many lie more than 100 km away ("far": a wrong place, such
  as a foreign namesake);
- actors: the first row's actor1 is ACLED's actor1, and its actor2 ACLED's actor2 (both none
  counts), names compared as ACLED writes them less its years and acronyms ("Military Forces
  of Mali (2021-)" is "Military Forces of Mali", "NPA: New People's Army" is "New People's
  Army", "Hamas Movement" and "Unidentified Armed Group (Kenya)" begin with ours);
- day: the first row's event_date is ACLED's, over the rows whose day the note tells (a row
  dated by its publication is counted apart);
- rows: how many rows a note gives (ACLED coded one event each; a note may still tell two);
- fatalities: the note's rows' fatalities summed (no figure counts 0) equal ACLED's, over all
  notes and over those ACLED coded with deaths; and how often the stage counts more or fewer.
A note without a row is counted apart: it is the relevance model's miss, not a field's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
import sys
import unicodedata
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "training"))

from train_events import ACLED_GROUP, FATALITY_NOTE, GAZETTEER_NAME, proportion_interval  # noqa: E402

from transforms.events.gazetteer import distance_km, index  # noqa: E402
from transforms.events.rules import extract_events  # noqa: E402

# Training's annotation pattern stops at 120 characters (its notes' cache keeps it so); the
# coders' bookkeeping brackets ("[Palestinian Ministry of Health reported …]") run longer.
_ANNOTATION = re.compile(r"\[[^\]]*\]?|\((?:coded|reported) as [^)]*\)", re.IGNORECASE)
# The coder's word on the count ("Fatalities coded as 0 (VoJ reported 2).", "Fatalities split
# across two events."): a sentence of ACLED's, not of the report.
_CODERS_SENTENCE = re.compile(r"[^.]*\b(?:coded (?:as|at)|fatalit(?:y|ies) (?:\w+ )?(?:split|spread|coded|divided))\b[^.]*\.?",
                              re.IGNORECASE)
_DAY_FORMATS = ("%d-%b-%y", "%d %B %Y", "%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y")


def note_text(note: str) -> str:
    """The note as news would tell it: the coder's annotations off, its opening date kept."""
    return " ".join(FATALITY_NOTE.sub("", _CODERS_SENTENCE.sub(" ", _ANNOTATION.sub(" ", note))).split())


def coded_day(value: object) -> dt.date | None:
    """ACLED's event_date as the exports write it ("9-May-20", "2020-05-09T00:00:00Z", ...)."""
    text = str(value or "").strip()
    for fmt in _DAY_FORMATS:
        try:
            return dt.datetime.strptime(text[:10] if fmt == "%Y-%m-%d" else text, fmt).date()
        except ValueError:
            continue
    return None


def same_name(a: object, b: object) -> bool:
    def key(s: object) -> str:
        text = unicodedata.normalize("NFKD", str(s or "")).encode("ascii", "ignore").decode().lower()
        return re.sub(r"[^a-z0-9]+", "", text)
    return bool(key(a)) and key(a) == key(b)


_NEAR_KM, _FAR_KM = 50, 100


def _actor_name(name: object) -> str:
    text = re.sub(r"\(\d{4}-(?:\d{4})?\)", "", str(name or "")).lower()
    return " ".join(re.sub(r"\bthe\b", "", text).split())


def same_actor(ours: object, acled: object) -> bool:
    """Our actor name is ACLED's, as the module docstring says; no actor matches none."""
    coded = _actor_name(acled)
    if coded in ("", "na"):
        return not ours
    mine = _actor_name(ours)
    return bool(mine) and any(part == mine or part.startswith(mine + " ")
                              for part in (coded, *(p.strip() for p in coded.split(":"))))


def rate(hits: list[bool]) -> str:
    if not hits:
        return "no notes"
    right = np.array(hits)
    low, high = proportion_interval(right)
    return f"{right.mean():.3f} ({low:.3f}-{high:.3f}) of {len(right)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("acled", type=Path)
    parser.add_argument("--split", choices=("test", "dev"), default="test")
    parser.add_argument("--count", type=int, default=4000)
    parser.add_argument("--show", type=int, default=0, help="print this many fatality misses (dev split only)")
    parser.add_argument("--show-far", type=int, default=0,
                        help=f"print this many rows placed over {_FAR_KM} km from ACLED's place (dev split only)")
    parser.add_argument("--show-sides", type=int, default=0,
                        help="print this many notes whose first row's actor1 or actor2 is not ACLED's (dev split only)")
    args = parser.parse_args(argv)
    if (args.show or args.show_far or args.show_sides) and args.split != "dev":
        parser.error("--show reads misses: only the dev split may be read")
    if not args.acled.is_file():
        parser.error(f"{args.acled}: no such file (training/collect/acled.py writes it)")
    pinned = json.loads((REPO / "training" / "folds.json").read_text(encoding="utf-8"))["groups"]
    folds = {"dev": (0, 1), "test": (2, 3)}[args.split]
    code_of = {place.name: code for code, place in index().countries.items()}
    code_of |= {acled: code_of[name] for acled, name in GAZETTEER_NAME.items()}
    records = [record for record in map(json.loads, args.acled.read_text(encoding="utf-8").splitlines())
               if pinned.get(ACLED_GROUP + record["origin"].split(":")[0]) in folds]
    random.Random(0).shuffle(records)
    country, place, day, deaths, deaths_coded, more, fewer = [], [], [], [], [], [], []
    near, far, actor1, actor2, row_counts = [], [], [], [], []
    no_row = undated = shown = shown_far = shown_sides = 0
    for n, record in enumerate(records[:args.count]):
        text = note_text(record["text"])
        coded = coded_day(record.get("event_date"))
        published = (dt.datetime.combine(coded + dt.timedelta(days=1), dt.time(12), dt.UTC)
                     if coded else None)
        rows = extract_events({"article_id": str(n), "title": None, "text": text, "published_at": published,
                               "language": "en", "story_id": str(n)})
        if not rows:
            no_row += 1
            continue
        first = rows[0]
        row_counts.append(len(rows))
        if (code := code_of.get(record["country"])) is not None:
            country.append(first["country_code"] == code)
        if record.get("location"):
            place.append(same_name(first.get("location"), record["location"])
                         or same_name(first.get("location_resolved"), record["location"]))
        if record.get("latitude") is not None and record.get("longitude") is not None:
            centre = index().countries.get(first["country_code"])
            # a village the gazetteer lacks, with nothing finer than its country to anchor it,
            # sits at the country's centre: not placed finer than a country
            local = (first["geo_precision"] not in ("country", "none") and first["latitude"] is not None
                     and not (centre and (first["latitude"], first["longitude"]) == (centre.latitude, centre.longitude)))
            km = (distance_km(first["latitude"], first["longitude"], record["latitude"], record["longitude"])
                  if local else math.inf)
            near.append(km <= _NEAR_KM)
            if local:
                far.append(km > _FAR_KM)
                if km > _FAR_KM and shown_far < args.show_far:
                    shown_far += 1
                    print(f"far {km:.0f} km: {first['location']} -> {first['location_resolved']} "
                          f"({first['country_code']}), ACLED {record['location']}: {text[:300]}\n")
        actor1.append(same_actor(first["actor1"], record.get("actor1")))
        actor2.append(same_actor(first["actor2"], record.get("actor2")))
        if not (actor1[-1] and actor2[-1]) and shown_sides < args.show_sides:
            shown_sides += 1
            print(f"sides {first['sub_event_type']}: ours {first['actor1']} / {first['actor2']}, "
                  f"ACLED {record.get('actor1')} / {record.get('actor2')}: {text[:300]}\n")
        if coded is not None:
            if first["event_day_source"] == "published":
                undated += 1
            else:
                day.append(first["event_date"] == coded)
        if isinstance(record.get("fatalities"), int):
            counted = sum(r["fatalities"] or 0 for r in rows)
            deaths.append(counted == record["fatalities"])
            more.append(counted > record["fatalities"])
            fewer.append(counted < record["fatalities"])
            if record["fatalities"] > 0:
                deaths_coded.append(counted == record["fatalities"])
            if counted != record["fatalities"] and shown < args.show:
                shown += 1
                print(f"coded {record['fatalities']}, counted {counted} "
                      f"{[r['fatalities'] for r in rows]}: {text[:400]}\n")
    print(f"{min(args.count, len(records))} ACLED notes of the {args.split} exports; {no_row} without a row")
    print(f"  rows per note (ACLED coded one event each): {np.mean(row_counts):.3f}; "
          f"notes with two or more: {rate([n > 1 for n in row_counts])}")
    print(f"  first row's country = ACLED's: {rate(country)}")
    print(f"  first row's place = ACLED's location: {rate(place)}")
    print(f"  first row's place within {_NEAR_KM} km of ACLED's: {rate(near)}; "
          f"over {_FAR_KM} km away, of the rows placed finer than a country: {rate(far)}")
    print(f"  first row's actor1 = ACLED's actor1: {rate(actor1)}; actor2 = ACLED's actor2: {rate(actor2)}")
    print(f"  first row's day = ACLED's event_date, the day told: {rate(day)}; {undated} rows dated by publication")
    print(f"  fatalities of the note's rows = ACLED's: {rate(deaths)}; counted more {np.mean(more):.3f}, "
          f"fewer {np.mean(fewer):.3f}")
    print(f"  the same, notes ACLED coded with deaths: {rate(deaths_coded)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
