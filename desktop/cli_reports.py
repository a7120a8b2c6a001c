"""``taizhang export``: write one of the official reports in any format of the registry."""
from __future__ import annotations

import argparse
from pathlib import Path

from db.errors import InvalidInput
from desktop.command_registry import command, open_db


def _export_args(p: argparse.ArgumentParser) -> None:
    from exports.renderers import RENDERERS
    from exports.report import FOOTER_FIELDS, OLD_KIND_NAMES, REPORT_KINDS

    kinds = "、".join(f"{k}={v.label}" for k, v in REPORT_KINDS.items())
    # Old names still accepted (a clerk's scripts): listed after today's, said as such.
    old = "、".join(f"{old}（即 {new}）" for old, new in OLD_KIND_NAMES.items())
    p.add_argument("--plan", type=int, required=True, help="工作方案编号")
    p.add_argument("--report", required=True, choices=[*REPORT_KINDS, *OLD_KIND_NAMES],
                   help=f"报表：{kinds}；旧名仍可用：{old}")
    p.add_argument("--month", "--to", dest="month", help="月份 YYYY-MM（默认本月）；考评表的截止月份")
    p.add_argument("--from", dest="first_month", help="考评表（scorecard）的起始月份 YYYY-MM")
    p.add_argument("--weights", help="考评表权重：报送及时率,完成率,未滞后率（默认 40,40,20）")
    p.add_argument("--unit", help="只含这个牵头单位的事项（单位名称或别名）")
    p.add_argument("--format", choices=list(RENDERERS),
                   help=f"{' 或 '.join(RENDERERS)}（默认按输出文件的扩展名）")
    p.add_argument("--title", default="", help="标题（默认按方案名称和报表种类生成）")
    p.add_argument("--annex", default="", help="附件标注，如 附件2")
    p.add_argument("--columns", help="列（逗号分隔的列名，默认该报表的常用列）")
    labels = "、".join(f"{label}" for _key, label in FOOTER_FIELDS)
    p.add_argument("--field", action="append", default=[], metavar="栏目=内容",
                   help=f"表尾落款的内容，可重复：--field 填报人=张三（栏目：{labels}）")
    p.add_argument("--first-page", type=int, default=1, metavar="N",
                   help="PDF 和 Word 的起始页码（附件接着正文编页），默认 1")
    p.add_argument("-o", "--output", required=True, help="输出文件")


@command("export", "导出报表（PDF、Excel 或 Word）", _export_args)
def run_export(args: argparse.Namespace) -> int:
    from exports.renderers import renderer_for
    from exports.report import ReportOptions, build_report, current_kind_name

    out = Path(args.output)
    renderer = renderer_for(args.format, out)
    columns = None
    if args.columns:
        columns = tuple(c.strip() for c in args.columns.split(",") if c.strip())
    weights = None
    if args.weights:
        from db.scorecard import parse_weights

        w = parse_weights(args.weights)
        weights = (w.timely, w.done, w.not_late)
    options = ReportOptions(kind=current_kind_name(args.report), month=args.month, unit=args.unit,
                            columns=columns, title=args.title, annex_label=args.annex,
                            first_month=args.first_month, weights=weights,
                            footer_values=footer_values(args.field),
                            first_page=args.first_page)
    table = build_report(open_db(args), args.plan, options)
    pages = renderer.render(table, out)
    size = f"{pages} 页，" if pages is not None else ""
    print(f"已导出 {out}（{renderer.label}，{size}{len(table.rows)} 行）。")
    return 0


def footer_values(pairs: list[str]) -> dict[str, str]:
    """``填报人=张三`` (the label, its short forms or the key) → {"filled_by": "张三"}."""
    from exports.report import FOOTER_FIELDS

    names = {}
    for key, label in FOOTER_FIELDS:
        names[key] = key
        names[label] = key
        for part in label.replace("（盖章）", "").split("/"):
            names[part] = key
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        key = names.get(name.strip())
        if not sep or key is None:
            known = "、".join(label for _key, label in FOOTER_FIELDS)
            raise InvalidInput(f"--field “{pair}”无效：应为 栏目=内容，栏目为{known}。")
        out[key] = value.strip()
    return out
