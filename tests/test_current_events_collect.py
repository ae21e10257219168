"""training/collect/current_events.py: the portal's items, their heading, without their sources."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("current_events",
                                               ROOT / "training" / "collect" / "current_events.py")
current_events = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(current_events)

DAY = """Date: '2016-03-04'
Source_URI: Portal:Current events/2016 March 4
Intelligence_Payload:
  Armed conflict and attacks:
  - Gunmen storm a care home in the south of the city, killing sixteen people including four nuns. (BBC) (Reuters)
  - Yemeni Civil War
  Disasters:
  - A ferry capsizes off the coast during a storm, and at least thirty passengers are missing. (AP)
  Uncategorized:
  - The parliament elects a new speaker after a vote that lasted two days.
"""


def test_items_keep_the_portal_heading_and_lose_their_sources():
    items = current_events.items_of("2016/03/2016-03-04.yaml", DAY)
    by_text = {it["text"]: it for it in items}
    attack = by_text["Gunmen storm a care home in the south of the city, killing sixteen people including four nuns."]
    assert attack["heading"] == "Armed conflicts and attacks"  # the portal's spelling variant, merged
    assert attack["date"] == "2016-03-04"
    ferry = by_text["A ferry capsizes off the coast during a storm, and at least thirty passengers are missing."]
    assert ferry["heading"] == "Disasters and accidents"
    assert by_text["The parliament elects a new speaker after a vote that lasted two days."]["heading"] is None
    assert not any("Yemeni" in t for t in by_text)  # a story title, not an item
    assert all(it["id"] == "cep-" + it["text_sha1"][:10] for it in items)


def test_files_of_another_layout_are_left_out():
    assert current_events.items_of("2026/03/2026-03-01.yaml", "dataset:\n  items:\n  - Something happened today in a city.\n") == []
    assert current_events.items_of("2026/03/2026-03-02.yaml", ": not yaml: [") == []
