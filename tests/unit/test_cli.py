"""The CLI contract: demo, plans, dump; Chinese errors on stderr with a non-zero exit."""
import json
import subprocess
import sys
from pathlib import Path

from desktop.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_plans_dump(tmp_path, capsys):
    dbfile = str(tmp_path / "cli.db")
    code, out, _ = run(capsys, "--db", dbfile, "demo", "--tasks", "25", "--months", "2")
    assert code == 0
    plan_id = int(out.strip().splitlines()[-1])

    code, out, _ = run(capsys, "--db", dbfile, "plans")
    assert code == 0
    pid, title, year = out.strip().split("\t")
    assert int(pid) == plan_id and "示例县" in title and year.isdigit()

    code, out, _ = run(capsys, "--db", dbfile, "dump", "--plan", str(plan_id))
    assert code == 0
    plan = json.loads(out)
    assert set(plan) >= {"id", "title", "region", "year", "work_group", "indicators", "tasks"}
    assert plan["region"] == "示例县"
    assert plan["work_group"]["office"] == "县科工信局"
    assert plan["work_group"]["member_units"][0] == "县科工信局"
    assert plan["indicators"][0]["comparator"] in ("以上", "左右", "达到")

    def leaves(nodes):
        for n in nodes:
            if n["children"]:
                yield from leaves(n["children"])
            else:
                yield n

    items = list(leaves(plan["tasks"]))
    assert len(items) == 25
    assert plan["tasks"][0]["number"] == "（一）"
    assert plan["tasks"][0]["children"][0]["number"] == "1."
    assert all(n["lead_units"] for n in items)
    months = {p["month"] for n in items for p in n["progress"]}
    assert len(months) == 2
    statuses = {p["status"] for n in items for p in n["progress"]}
    assert len(statuses) >= 3  # mixed statuses
    assert any(n["deadline"] for n in items) and any(n["deadline"] is None for n in items)
    node = items[0]
    assert set(node) == {"id", "number", "title", "content", "lead_units", "responsible_units",
                         "responsible_leaders", "deadline", "deadline_text", "progress",
                         "deadline_changes", "deadline_requests", "evidence", "children"}
    assert set(node["progress"][0]) == {"month", "status", "percent", "progress", "problems",
                                        "next_steps", "closeout", "closeout_on", "closeout_by",
                                        "closeout_note"}


def test_missing_plan_is_a_chinese_error(tmp_path, capsys):
    code, out, err = run(capsys, "--db", str(tmp_path / "e.db"), "dump", "--plan", "42")
    assert code == 2 and out == ""
    assert "工作方案不存在" in err


def test_cli_as_a_process_exits_non_zero_with_chinese_stderr(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all" * 50)
    proc = subprocess.run([sys.executable, "-m", "desktop.cli", "--db", str(bad), "plans"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode != 0
    assert "不是台账数据库" in proc.stderr
    assert "Traceback" not in proc.stderr
