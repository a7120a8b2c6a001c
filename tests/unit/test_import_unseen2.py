"""The unseen2 plans (tests/corpus/unseen2, written by make_unseen2.py there): eight plans in
the layouts of ../shared/IMPORT-LAYOUTS.md, mixed as offices mix them, whose expected readings
were committed before the importer first read them, and which no change to the importer has
used.  The score is bench/score_unseen.py's (one definition); issue #9's Done-when: every item
found, none refused, at least 95% of lead and responsible units exact.

First reading (importer as of main 292f125, unchanged): 72/72 items, 0 refused, 175/181 units
exact (96.7%), 69/72 items with both unit sets exact.  Every miss is in u05: the heading
`（三）加强职业技能培训（县人社局、县教育局）。一是…；二是…；三是…。` became an untitled group
holding an extra item 加强职业技能培训 with the bracket's units, and the three 一是 items got
none (6 units); it is counted here as found-with-one-extra-leaf, not hidden."""
import pytest

from bench.score_unseen import UNSEEN, score_file, score_all

DOCS = sorted(p for p in UNSEEN.iterdir() if p.suffix in (".txt", ".docx", ".xlsx"))


def test_the_set_is_the_one_written():
    assert len(DOCS) == 8
    assert sum(p.suffix == ".txt" for p in DOCS) >= 3
    assert sum(p.suffix == ".docx" for p in DOCS) >= 3
    assert sum(p.suffix == ".xlsx" for p in DOCS) >= 2


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_unseen_plan_reads_every_item_and_is_not_refused(path):
    row = score_file(path)
    assert not row["refused"], row["refusal"]
    assert row["items_found"] == row["items_expected"], row["misses"]


def test_unseen_plans_have_95_percent_of_units_exact():
    _, tot = score_all(DOCS)
    assert tot["units_exact"] >= 0.95 * tot["units_expected"], tot
