"""What every importer shares: the one error type, the parsed result, and the small readers of
the office's writing habits (unit lists, deadlines, numbering, PDF line breaks)."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from db.drafts import PlanDraft
from db.errors import KnownError

class ParseError(KnownError):
    """A file or text that cannot be read as a plan; ``place`` names file, sheet and row."""

def place_of(file: str = "", sheet: str = "", row: int | None = None) -> str:
    parts = [p for p in (file, f"工作表“{sheet}”" if sheet else "",
                         f"第 {row} 行" if row else "") if p]
    return "，".join(parts)

@dataclass
class ParsedPlan:
    """A plan read from a file or pasted text, not yet stored; ``warnings`` are for the clerk."""

    draft: PlanDraft
    warnings: list[str] = field(default_factory=list)
    source: str = ""
    from_table: bool = False

CJK = "\u4e00-\u9fff"
CJK_PUNCT = "，。、；：？！“”‘’（）《》【】—…·"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{CJK}{CJK_PUNCT}])[ \t\u3000\xa0]+|[ \t\u3000\xa0]+(?=[{CJK}{CJK_PUNCT}])")

def tidy(text: str) -> str:
    """Collapse PDF/Word spacing: no spaces next to Chinese characters, no markdown bold."""
    text = (text or "").replace("**", "").replace("\r", "")
    text = _SPACE_NEAR_CJK.sub("", text)
    return text.strip()

def one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", "", tidy(text))

CN_NUM = "一二三四五六七八九十百零〇两"
NUMBER_PREFIX = re.compile(
    rf"^\s*(?:[（(][{CN_NUM}]+[）)]|[{CN_NUM}]+[、.．]|\d+[、.．](?!\d)|[（(]\d+[）)]|"
    rf"\d+[）)]|[①-⑳]|第[{CN_NUM}\d]+[章节条项部分]\s*)\s*")

def strip_number(text: str) -> str:
    """（一）关键… → 关键…;  1.持续… → 持续…  (numbers are derived, never stored)."""
    return NUMBER_PREFIX.sub("", text, count=1).strip()

def strip_end(text: str) -> str:
    return text.strip().rstrip("。；;，,：:").strip()

# --- deadlines -----------------------------------------------------------------------------------

def _month_end(year: int, month: int) -> dt.date | None:
    if not (1900 < year < 2200 and 1 <= month <= 12):
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])

_QUARTERS = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}

def parse_deadline(value, year: int | None = None) -> tuple[dt.date | None, str]:
    """(date meant, text as written).  2025年12月底前 → 2025-12-31; 年底前 → plan year's
    31 December; 长期坚持 → no date.  A cell may already hold a date."""
    if isinstance(value, dt.datetime):
        return value.date(), value.date().isoformat()
    if isinstance(value, dt.date):
        return value, value.isoformat()
    text = one_line(str(value or ""))
    if not text:
        return None, ""
    # the last date mentioned is the deadline (2023年—2025年 → 2025)
    found: dt.date | None = None
    for m in re.finditer(r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]?\s*(?:(\d{1,2})\s*日?)?", text):
        y, mo, d = int(m.group(1)), int(m.group(2)), m.group(3)
        end = _month_end(y, mo)
        if end is None:
            continue
        if d and 1 <= int(d) <= end.day:
            found = dt.date(y, mo, int(d))
        else:
            found = end
    if found:
        return found, text
    years = re.findall(r"(\d{4})\s*年", text)
    plain_year = int(years[-1]) if years else year
    if years and not re.search(r"上半年|年中|季度|\d{1,2}\s*月", text):
        return _month_end(plain_year, 12), text
    if plain_year is None:
        return None, text
    if re.search(r"上半年|年中", text):
        return _month_end(plain_year, 6), text
    m = re.search(r"第?([一二三四1-4])季度", text)
    if m:
        return _month_end(plain_year, _QUARTERS[m.group(1)]), text
    m = re.search(r"(\d{1,2})\s*月", text)
    if m:
        return _month_end(plain_year, int(m.group(1))), text
    if re.search(r"年底|年末|下半年|全年|年内|本年度", text):
        return _month_end(plain_year, 12), text
    return None, text  # 长期坚持, 持续推进 …

_DATE_PART = (r"(?:(?:20\d\d|二[〇零][一二三四五六七八九〇零]{2})\s*年\s*)?"
              r"(?:\d{1,2}\s*月(?:份)?(?:底|末|中旬|上旬|下旬|\d{1,2}日)?|年底|年末|上半年|下半年|年中|"
              r"第?[一二三四1-4]季度(?:末|底)?)|(?:20\d\d)\s*年(?:底|末)?")
_PROSE_DEADLINE = re.compile(
    rf"(?P<when>(?:到|至|于|在)?(?:{_DATE_PART})(?:前|以前|之前)?)(?:全面|全部|基本|如期|顺利|)?"
    r"(?P<verb>竣工|完工|完成|建成|投产|投用|投入使用|实现|出台|落地|到位|验收|交付|通车|开业|"
    r"开工|动工|启动|开始|印发|制定|挂牌|达到|覆盖)?")
_START_VERBS = ("开工", "动工", "启动", "开始")

def prose_deadline(text: str, year: int | None = None) -> tuple[dt.date | None, str]:
    """The completion date written in a sentence: ``2026年10月开工，2027年5月竣工`` → May 2027;
    ``年底前完成`` → the plan year's end; a start date is never a deadline; a bare date with no
    前 and no completion verb is not one either (it may be a fact: 2026年共新增…)."""
    best = ""
    for m in _PROSE_DEADLINE.finditer(text or ""):
        when, verb = m.group("when"), m.group("verb") or ""
        if verb in _START_VERBS:
            continue
        if not verb and not re.search(r"(?:前|以前|之前)$", when):
            continue
        best = re.sub(r"^(?:到|至|于|在)", "", when)
    if not best:
        return None, ""
    date, written = parse_deadline(arabic_years(best), year)
    return (date, best) if date else (None, "")

def arabic_years(text: str) -> str:
    """二〇二七年 → 2027年 (for the date readers)."""
    digits = str.maketrans("〇零一二三四五六七八九", "00123456789")
    return re.sub(r"二[〇零][一二三四五六七八九〇零]{2}(?=\s*年)",
                  lambda m: m.group(0).translate(digits), text)

# --- plan title, region, year --------------------------------------------------------------------

def region_from_title(title: str) -> str:
    m = re.match(rf"^(?:关于)?([{CJK}]{{1,6}}?(?:自治县|县|市|区|旗))", title or "")
    if not m:
        return ""
    region = m.group(1)
    return region if not region.startswith(("关于", "印发")) else ""

def year_from(*texts: str) -> int | None:
    for text in texts:
        m = re.search(r"(20\d{2})\s*年", arabic_years(text or ""))
        if m:
            return int(m.group(1))
    return None

_LIST_SUFFIX = re.compile(r"(?:重点)?(?:工作)?任务(?:分解)?清单$|重点工作清单$|任务分工表?$")

def plan_title_from_table_title(text: str) -> str:
    """攸县打好…重点工作任务清单 → 攸县打好…工作方案 (the plan the list belongs to)."""
    text = one_line(text)
    if _LIST_SUFFIX.search(text):
        return _LIST_SUFFIX.sub("", text) + "工作方案"
    return text
