"""Plans written differently from the corpus and held back while the importer was built (the
"unseen" check; the figures first measured are in the issue note).  Now they guard: every item
found, no document refused, at least 95% of lead and responsible units exact.

y1–y8 were written afterwards, by another hand, and first read before any change: y1 gave 7
of its 9 items (一是… inside a numbered item stayed one item) and y4 one wrong item instead of
4 (its 责任单位（标*的为牵头单位） header was not seen as a table, so it read as prose); the other
six read exactly; units exact 75 of 81 among the items read.  The fixes made them read whole,
so they too are no longer unseen.

Each JSON lists items as [text starts with, lead units, responsible units, (leaders,
deadline)]."""
import json
import re
from pathlib import Path

from exports.importers import parse_file

HELD = Path(__file__).parents[1] / "corpus" / "heldback"


def test_held_back_plans_read_with_every_item_and_95_percent_of_units():
    docs = sorted(p for p in HELD.iterdir() if p.suffix in (".txt", ".docx", ".xlsx"))
    assert len(docs) >= 12
    units = exact = 0
    for path in docs:
        want = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["items"]
        leaves = [t for t in parse_file(path).draft.all_tasks() if not t.children]
        assert len(leaves) == len(want), path.name
        for w, got in zip(want, leaves):
            assert re.sub(r"\s", "", got.content or got.title).startswith(w[0]), path.name
            units += len(w[1]) + len(w[2])
            exact += len(set(w[1]) & set(got.lead_units)) + len(set(w[2]) & set(got.responsible_units))
            if len(w) > 3:
                assert got.responsible_leaders == w[3], (path.name, w[0])
            if len(w) > 4:
                assert (got.deadline.isoformat() if got.deadline else None) == w[4], (path.name, w[0])
    assert exact >= 0.95 * units
