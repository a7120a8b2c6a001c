"""Score the importer on the unseen2 plans (issue #9: "plans you have not seen … import with every
item found and at least 95% of lead and responsible units exact, and none is refused").

    .venv/bin/python bench/score_unseen.py [--json FILE] [--dir tests/corpus/unseen2] [-v]

For each plan (expected reading in the JSON beside it, written before the importer read it):
items found / expected (an expected item is found when the next leaf of the parsed tree, in
order, contains its key text; leaves beyond the expected ones are counted as extra), units exact
(as tests/unit/test_import_heldback.py counts: each expected lead unit found among the item's
lead units, each responsible unit among its responsible units), items whose lead and responsible
sets are both exactly right, and whether the file was refused (ParseError).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from exports.importers import ParseError, parse_file  # noqa: E402

UNSEEN = ROOT / "tests" / "corpus" / "unseen2"


def _norm(s: str) -> str:
    return re.sub(r"\s", "", s or "")


def score_file(path: Path, verbose: bool = False) -> dict:
    want = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    expected = [it for g in want["groups"] for it in g["items"]]
    units = sum(len(it["lead"]) + len(it["responsible"]) for it in expected)
    row = {"file": path.name, "items_expected": len(expected), "items_found": 0, "extra_leaves": 0,
           "units_expected": units, "units_exact": 0, "items_units_exact": 0,
           "refused": False, "refusal": "", "misses": []}
    try:
        plan = parse_file(path)
    except ParseError as exc:
        row["refused"] = True
        row["refusal"] = str(exc)
        return row
    leaves = [t for t in plan.draft.all_tasks() if not t.children]
    pos = 0
    for it in expected:
        key = _norm(it["key"])
        hit = next((i for i in range(pos, len(leaves))
                    if key in _norm(leaves[i].title) + _norm(leaves[i].content)), None)
        if hit is None:
            row["misses"].append({"key": it["key"], "why": "item not found"})
            continue
        got = leaves[hit]
        pos = hit + 1
        row["items_found"] += 1
        lead_ok = len(set(it["lead"]) & set(got.lead_units))
        resp_ok = len(set(it["responsible"]) & set(got.responsible_units))
        row["units_exact"] += lead_ok + resp_ok
        if set(it["lead"]) == set(got.lead_units) and set(it["responsible"]) == set(got.responsible_units):
            row["items_units_exact"] += 1
        else:
            row["misses"].append({"key": it["key"], "why": "units",
                                  "want": [it["lead"], it["responsible"]],
                                  "got": [list(got.lead_units), list(got.responsible_units)]})
    row["extra_leaves"] = max(0, len(leaves) - row["items_found"])
    if verbose:
        row["leaves"] = [[t.title, t.content, list(t.lead_units), list(t.responsible_units)]
                         for t in leaves]
    return row


def score_all(docs, verbose: bool = False) -> tuple[list[dict], dict]:
    """Per-file rows and the overall figures."""
    rows = [score_file(p, verbose) for p in docs]
    tot = {k: sum(r[k] for r in rows) for k in ("items_expected", "items_found", "extra_leaves",
                                               "units_expected", "units_exact", "items_units_exact")}
    tot["refused"] = sum(r["refused"] for r in rows)
    tot["units_exact_share"] = round(tot["units_exact"] / tot["units_expected"], 4) if tot["units_expected"] else 1.0
    tot["met"] = (tot["items_found"] == tot["items_expected"] and tot["refused"] == 0
                  and tot["units_exact_share"] >= 0.95)
    return rows, tot


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", default=str(UNSEEN))
    ap.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the misses")
    args = ap.parse_args(argv)
    docs = sorted(p for p in Path(args.dir).iterdir() if p.suffix in (".txt", ".docx", ".xlsx"))
    rows, tot = score_all(docs, args.verbose)
    print(f"{'file':34} {'items':>7} {'extra':>5} {'units':>7} {'items·units':>11} refused")
    for r in rows:
        print(f"{r['file']:34} {r['items_found']:>3}/{r['items_expected']:<3} {r['extra_leaves']:>5} "
              f"{r['units_exact']:>3}/{r['units_expected']:<3} {r['items_units_exact']:>5}/{r['items_expected']:<5} "
              f"{'yes: ' + r['refusal'] if r['refused'] else 'no'}")
        if args.verbose:
            for m in r["misses"]:
                print("    -", json.dumps(m, ensure_ascii=False))
    print(f"{'overall':34} {tot['items_found']:>3}/{tot['items_expected']:<3} {tot['extra_leaves']:>5} "
          f"{tot['units_exact']:>3}/{tot['units_expected']:<3} {tot['items_units_exact']:>5}/{tot['items_expected']:<5} "
          f"{tot['refused']} refused; units exact {tot['units_exact_share']:.1%}; "
          f"done-when {'met' if tot['met'] else 'NOT met'}")
    if args.json:
        Path(args.json).write_text(json.dumps({"files": rows, "overall": tot}, ensure_ascii=False, indent=1),
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
