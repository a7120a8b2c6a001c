"""Every document of our own corpus (tests/corpus/import, written by make_corpus.py) reads
exactly as its JSON says: items, lead and responsible units, leaders, deadlines, top level,
work group, and the items left without units."""
import json
import re
from pathlib import Path

import pytest

from exports.importers import parse_file

CORPUS = Path(__file__).parents[1] / "corpus" / "import"
DOCUMENTS = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".docx", ".xlsx"))


def test_the_corpus_is_large_and_every_document_has_its_expectation():
    assert len(DOCUMENTS) >= 40
    assert all(p.with_suffix(".json").exists() for p in DOCUMENTS)
    assert {p.suffix for p in DOCUMENTS} == {".txt", ".docx", ".xlsx"}


def reading(path: Path) -> dict:
    parsed = parse_file(path)
    draft = parsed.draft
    leaves = [t for t in draft.all_tasks() if not t.children]
    got = {"title": draft.title,
           "items": [{"text": re.sub(r"\s", "", t.content or t.title)[:14].rstrip("。"),
                      "lead": t.lead_units, "responsible": t.responsible_units,
                      "leaders": t.responsible_leaders,
                      "deadline": t.deadline.isoformat() if t.deadline else None}
                     for t in leaves],
           "top": [t.title for t in draft.tasks],
           "number_style": draft.number_style,
           "unassigned": sum(1 for t in leaves if not t.lead_units)}
    wg = draft.work_group
    got["work_group"] = {"name": wg.name, "convener": wg.convener,
                         "deputy_conveners": wg.deputy_conveners,
                         "office_unit": wg.office_unit, "member_units": wg.member_units} \
        if wg.name else None
    return got


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_corpus_document_reads_as_expected(path):
    want = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    got = reading(path)
    want.setdefault("unassigned", 0)
    for key in want:
        assert got[key] == want[key], key
