"""State forces named by nationality, against ACLED's own actor coding.

    python benchmarks/actor_nationality.py ACLED.jsonl

ACLED.jsonl: training/collect/acled.py's output (real ACLED records: the coder's note, the
event's country, actor1 and actor2). For every force a note names by nationality
("Turkish forces", "Russian troops") in a record whose actors include some military force,
is the force the events stage names one of ACLED's two actors? Compared with naming it after
the event's country, as the stage did before it read the nationality.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transforms.events.actors import national_forces  # noqa: E402

_SINCE = re.compile(r"\s*\(\d{4}-\d{0,4}\)\s*$")  # "Military Forces of Russia (2000-)"


def main(path: Path) -> int:
    total = by_nationality = by_event_country = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        acled = {_SINCE.sub("", record.get(k) or "").strip() for k in ("actor1", "actor2")}
        if not any(a.startswith("Military Forces of") for a in acled):
            continue
        for _, _, name in national_forces(record["text"].lower()):
            if name.startswith("Military Forces of"):
                total += 1
                by_nationality += name in acled
                by_event_country += f"Military Forces of {record['country']}" in acled
    print(f"{total} forces named by nationality in ACLED notes; ACLED codes the same force: "
          f"{by_nationality / max(1, total):.3f} (named by nationality), "
          f"{by_event_country / max(1, total):.3f} (named after the event's country)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python benchmarks/actor_nationality.py ACLED.jsonl", file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(main(Path(sys.argv[1])))
