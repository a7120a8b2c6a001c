"""Writes the held-back plans y5.docx (a Word table split in two, merged 攻坚行动 and 责任领导
    cells, a title row) and y6.xlsx (header on row 3, 完成时限 before the unit columns, a 备注
    column) with their expectations.  Run once; the files are kept as written."""
import json
from pathlib import Path

import docx
import openpyxl

HERE = Path(__file__).parent
doc = docx.Document()
for line in ["青山示例县2027年优化营商环境攻坚行动方案", "一、工作目标",
             "到2027年底，企业开办时间压缩至0.5个工作日，政务服务满意度达到99%以上。",
             "二、重点任务", "重点任务详见附表。",
             "三、推进机制",
             "成立县优化营商环境攻坚工作专班，由常务副县长冯某某任召集人，县行政审批局局长任副召集人，成员单位包括县行政审批局、县市场监管局、县税务局、县住建局，专班办公室设在县行政审批局，负责统筹调度。"]:
    doc.add_paragraph(line)
header = ["序号", "攻坚行动", "具体措施", "责任领导", "牵头单位", "责任单位", "完成时限"]
rows = [
 ["1", "政务服务提速行动", "推行企业开办“一日办结”", "冯某某", "县市场监管局", "县税务局、县公安局", "2027年6月底前"],
 ["2", "政务服务提速行动", "建成24小时自助服务区8个", "冯某某", "县行政审批局", "各乡镇人民政府", "年底前"],
 ["3", "要素保障行动", "推行工业用地“标准地”出让", "褚某某（副县长）", "县自然资源局", "县经开区管委会、县发改局", "2027年第二季度"],
 ["4", "要素保障行动", "设立企业续贷过桥资金2亿元", "褚某某（副县长）", "县财政局", "县金融办，县城投公司", "持续推进"],
 ["5", "法治保障行动", "开展涉企执法检查“综合查一次”", "", "县司法局", "县直各有关单位", "2027年9月底前"],
]
def table(part, title=False):
    t = doc.add_table(rows=len(part) + 1 + (1 if title else 0), cols=len(header))
    t.style = "Table Grid"
    off = 0
    if title:
        c = t.cell(0, 0).merge(t.cell(0, len(header) - 1)); c.text = "青山示例县2027年优化营商环境攻坚任务清单"; off = 1
    for c, h in enumerate(header):
        t.cell(off, c).text = h
    start = None
    for r, row in enumerate(part, start=off + 1):
        for c, v in enumerate(row):
            if c in (1, 3):
                continue
            t.cell(r, c).text = v
        for col in (1, 3):
            prev = part[r - off - 2][col] if r - off - 2 >= 0 else None
            if prev == row[col] and r > off + 1:
                t.cell(r - 1, col).merge(t.cell(r, col))
            else:
                t.cell(r, col).text = row[col]
    doc.add_paragraph("")
doc.add_paragraph("附表")
table(rows[:3], title=True)
table(rows[3:])
doc.save(HERE / "y5.docx")
exp = {"items": [[r[2][:10], [r[4]], [u for u in r[5].replace("，", "、").split("、")], [r[3]] if r[3] else [],
                  {"2027年6月底前": "2027-06-30", "年底前": "2027-12-31", "2027年第二季度": "2027-06-30",
                   "持续推进": None, "2027年9月底前": "2027-09-30"}[r[6]]] for r in rows]}
json.dump(exp, open(HERE / "y5.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)

wb = openpyxl.Workbook(); ws = wb.active; ws.title = "分工"
ws["A1"] = "清溪示例县2027年招商引资重点工作任务清单"; ws.merge_cells("A1:G1")
ws["A2"] = "填报单位：县商务局"
head = ["序号", "工作类别", "工作任务", "完成时限", "牵头单位", "责任单位", "备注"]
for c, h in enumerate(head, 1): ws.cell(3, c, h)
data = [
 ["1", "项目招引", "全年引进亿元以上项目15个", "年底前", "县商务局", "县经开区管委会、各乡镇人民政府", ""],
 ["2", "项目招引", "开展“走进长三角”招商活动3次", "2027年10月底前", "县商务局", "县投资促进中心", "每次活动后报送总结"],
 ["3", "项目落地", "推动签约项目开工率达到70%", "2027年第四季度", "县发改局", "县自然资源局、县住建局、县行政审批局", ""],
 ["4", "项目落地", "建立重大项目县级领导联系制度", "长期坚持", "县委办、县政府办", "县直各有关单位", ""],
]
for r, row in enumerate(data, 4):
    for c, v in enumerate(row, 1):
        if c == 2 and r in (5, 7): continue
        ws.cell(r, c, v)
ws.merge_cells("B4:B5"); ws.merge_cells("B6:B7")
wb.save(HERE / "y6.xlsx")
exp = {"items": [[d[2][:10], d[4].split("、"), d[5].split("、"), [],
                  {"年底前": "2027-12-31", "2027年10月底前": "2027-10-31", "2027年第四季度": "2027-12-31", "长期坚持": None}[d[3]]] for d in data]}
json.dump(exp, open(HERE / "y6.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
