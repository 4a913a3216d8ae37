"""Workbooks as departments' software exports them, written by the import tests with openpyxl
(and xlwt for the old .xls format): merged titles and headers, 编制部门 and 单位 lines, 类/款/项
split with 类 stored as a number, 合计 at the top, figures stored as floats, a 三公 sheet in 万元,
a cover, a 目录 and a sheet that matches no layout."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

DEPARTMENT = "测试市司法局"

# 部门收入总表 in 元: (类, 款, 项, 名称, 合计, 财政拨款收入); 类 is a number as Excel stores it
INCOME_ROWS: list[tuple[Any, str, str, str, float, float]] = [
    (201, "", "", "一般公共服务支出", 1200000.5, 1200000.5),
    (201, "01", "", "人大事务", 1200000.5, 1200000.5),
    (201, "01", "01", "行政运行", 1000000.0, 1000000.0),
    (201, "01", "02", "一般行政管理事务", 200000.50000000001, 200000.50000000001),
    (208, "", "", "社会保障和就业支出", 150000.0, 150000.0),
    (208, "05", "", "行政事业单位养老支出", 150000.0, 150000.0),
    (208, "05", "05", "机关事业单位基本养老保险缴费支出", 150000.0, 150000.0),
]
INCOME_TOTAL = 1350000.5


def _title(ws: Any, row: int, text: str, width: int) -> None:
    ws.cell(row, 1, text)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def income_sheet(ws: Any, *, total: float = INCOME_TOTAL, title: str = "2025年部门收入预算总表") -> None:
    """部门收入总表 as the 一体化 system exports it."""
    money = "#,##0.00"
    _title(ws, 1, title, 14)
    ws.cell(2, 1, f"编制部门：{DEPARTMENT}")
    ws.cell(2, 14, "单位：元")
    # header: 项目 over 类/款/项/科目名称; 本年收入 over its columns
    ws.cell(3, 1, "项目")
    ws.merge_cells("A3:D3")
    for col, label in ((5, "合计"), (15, "上年结转")):
        ws.cell(3, col, label)
    ws.cell(3, 6, "本年收入")
    ws.merge_cells(start_row=3, start_column=6, end_row=3, end_column=13)
    for col, label in enumerate(("类", "款", "项", "科目名称"), 1):
        ws.cell(4, col, label)
    labels = (
        "小计",
        "财政拨款收入",
        "财政专户收入",
        "事业收入",
        "经营收入",
        "上级补助收入",
        "附属单位上缴收入",
        "其他收入",
    )
    for col, label in enumerate(labels, 6):
        ws.cell(4, col, label)
    ws.merge_cells("E3:E4")
    ws.merge_cells("O3:O4")
    ws.cell(5, 4, "合计")
    for col in (5, 6, 7):
        ws.cell(5, col, total).number_format = money
    for r, (lei, kuan, xiang, name, amount, fiscal) in enumerate(INCOME_ROWS, 6):
        ws.cell(r, 1, lei)
        ws.cell(r, 2, kuan)
        ws.cell(r, 3, xiang)
        ws.cell(r, 4, name)
        for col, value in ((5, amount), (6, fiscal), (7, fiscal)):
            ws.cell(r, col, value).number_format = money
        ws.cell(r, 8, "-")  # 财政专户收入 printed as a dash: published, no amount


def summary_sheet(ws: Any) -> None:
    """部门收支总表: two sides, each a 项目 / 预算数 pair, in 元."""
    _title(ws, 1, "2025年部门收支预算总表", 4)
    ws.cell(2, 1, f"编制部门：{DEPARTMENT}")
    ws.cell(2, 4, "单位：元")
    ws.cell(3, 1, "收入")
    ws.merge_cells("A3:B3")
    ws.cell(3, 3, "支出")
    ws.merge_cells("C3:D3")
    for col, label in enumerate(("项目", "预算数", "项目", "预算数"), 1):
        ws.cell(4, col, label)
    income = [
        ("一、一般公共预算拨款收入", INCOME_TOTAL),
        ("二、政府性基金预算拨款收入", None),
        ("本年收入合计", INCOME_TOTAL),
        ("上年结转结余", None),
        ("收入总计", INCOME_TOTAL),
    ]
    spending = [
        ("一、一般公共服务支出", 1200000.5),
        ("二、社会保障和就业支出", 150000.0),
        ("本年支出合计", INCOME_TOTAL),
        ("年终结转结余", None),
        ("支出总计", INCOME_TOTAL),
    ]
    for r, ((a, x), (b, y)) in enumerate(zip(income, spending, strict=True), 5):
        ws.cell(r, 1, a)
        ws.cell(r, 3, b)
        for col, value in ((2, x), (4, y)):
            if value is not None:
                ws.cell(r, col, value).number_format = "0.00"


def three_public_sheet(ws: Any) -> None:
    """The 三公 table in 万元 beside tables in 元."""
    _title(ws, 1, "2025年财政拨款“三公”经费预算表", 5)
    ws.cell(2, 1, f"编制部门：{DEPARTMENT}")
    ws.cell(2, 5, "单位：万元")
    ws.cell(3, 1, "项目")
    ws.cell(3, 2, "资金性质")
    ws.merge_cells("B3:E3")
    for col, label in enumerate(("合计", "一般公共预算财政拨款", "政府性基金预算拨款", "国有资本经营预算财政拨款"), 2):
        ws.cell(4, col, label)
    rows = [
        ("“三公”经费小计", 2.5),
        ("一、因公出国（境）费", 0),
        ("二、公务用车购置及运维费", 0),
        ("三、公务接待费", 2.5),
    ]
    for r, (label, value) in enumerate(rows, 5):
        ws.cell(r, 1, label)
        for col in (2, 3):
            ws.cell(r, col, value).number_format = "0.00"


def write_export(path: Path, *, income_total: float = INCOME_TOTAL) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    cover["A3"] = f"{DEPARTMENT}2025年部门预算公开表"
    contents = wb.create_sheet("目录")
    for r, name in enumerate(("部门收支总表", "部门收入总表", "“三公”经费预算表"), 1):
        contents.cell(r, 1, r)
        contents.cell(r, 2, name)
    summary_sheet(wb.create_sheet("2.15单位收支总表"))
    income_sheet(wb.create_sheet("部门收入总表"), total=income_total)
    three_public_sheet(wb.create_sheet("三公"))
    people = wb.create_sheet("人员情况")
    for r, row in enumerate((("人员类别", "编制数", "实有人数"), ("行政", 20, 18), ("事业", 5, 5)), 1):
        for c, value in enumerate(row, 1):
            people.cell(r, c, value)
    wb.save(path)
    return path


def write_xls(path: Path) -> Path:
    """The same 收入总表 in the old binary format (Excel 97–2003)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("部门收入总表")
    ws.write_merge(0, 0, 0, 13, "2025年部门收入预算总表")
    ws.write(1, 0, f"编制部门：{DEPARTMENT}")
    ws.write(1, 13, "单位：元")
    ws.write_merge(2, 2, 0, 3, "项目")
    ws.write_merge(2, 3, 4, 4, "合计")
    ws.write_merge(2, 2, 5, 12, "本年收入")
    ws.write_merge(2, 3, 13, 13, "上年结转")
    for c, label in enumerate(("类", "款", "项", "科目名称")):
        ws.write(3, c, label)
    labels = (
        "小计",
        "财政拨款收入",
        "财政专户收入",
        "事业收入",
        "经营收入",
        "上级补助收入",
        "附属单位上缴收入",
        "其他收入",
    )
    for c, label in enumerate(labels, 5):
        ws.write(3, c, label)
    money = xlwt.easyxf(num_format_str="0.00")
    ws.write(4, 3, "合计")
    for c in (4, 5, 6):
        ws.write(4, c, INCOME_TOTAL, money)
    for r, (lei, kuan, xiang, name, amount, fiscal) in enumerate(INCOME_ROWS, 5):
        ws.write(r, 0, lei)
        ws.write(r, 1, kuan)
        ws.write(r, 2, xiang)
        ws.write(r, 3, name)
        for c, value in ((4, amount), (5, fiscal), (6, fiscal)):
            ws.write(r, c, value, money)
    book.save(str(path))
    return path


PASTED_TSV = "\n".join(
    [
        "科目编码\t科目名称\t合计\t基本支出\t项目支出",
        "\t合计\t1350000.50\t1150000.00\t200000.50",
        "201\t一般公共服务支出\t1200000.50\t1000000.00\t200000.50",
        "20101\t人大事务\t1200000.50\t1000000.00\t200000.50",
        "2010101\t行政运行\t1000000.00\t1000000.00\t",
        "2010102\t一般行政管理事务\t200000.50\t\t200000.50",
        "208\t社会保障和就业支出\t150000.00\t150000.00\t",
        "20805\t行政事业单位养老支出\t150000.00\t150000.00\t",
        "2080505\t机关事业单位基本养老保险缴费支出\t150000.00\t150000.00\t",
    ]
)


def final_summary_sheet(ws: Any) -> None:
    """收入支出决算总表 as the 决算 software exports it: 项目 / 行次 / 金额 on each side, figures with
    thousands separators stored as text, and the 类 numbered as printed (一、一般公共服务支出)."""
    _title(ws, 1, "Z01 收入支出决算总表", 6)
    ws.cell(2, 1, "编制单位：上海市普陀区财政局")
    ws.cell(2, 6, "金额单位：万元")
    ws.cell(3, 1, "收入")
    ws.merge_cells("A3:C3")
    ws.cell(3, 4, "支出")
    ws.merge_cells("D3:F3")
    for col, label in enumerate(("项目", "行次", "决算数", "项目", "行次", "决算数"), 1):
        ws.cell(4, col, label)
    income = [
        ("一、一般公共预算财政拨款收入", "2,940.05"),
        ("八、其他收入", "6.20"),
        ("本年收入合计", "2,946.25"),
        ("年初结转和结余", "49.14"),
        ("总计", "2,995.39"),
    ]
    spending = [
        ("一、一般公共服务支出", "2,106.66"),
        ("八、社会保障和就业支出", "326.71"),
        ("十、卫生健康支出", "60.99"),
        ("十九、住房保障支出", "445.69"),
        ("本年支出合计", "2,940.05"),
        ("年末结转和结余", "55.34"),
        ("总计", "2,995.39"),
    ]
    for i in range(len(spending)):
        r = 5 + i
        if i < len(income):
            ws.cell(r, 1, income[i][0])
            ws.cell(r, 2, i + 1)
            ws.cell(r, 3, income[i][1])
        ws.cell(r, 4, spending[i][0])
        ws.cell(r, 5, 30 + i)
        ws.cell(r, 6, spending[i][1])


def explanation_sheet(ws: Any, sections: list[tuple[str, str, str]], *, title: str = "部门预算情况说明") -> None:
    """A 情况说明 sheet as departments keep it: the title, then for each section its heading
    ("一、部门职责及机构设置情况") and its paragraphs, one cell a line, merged across the page."""
    _title(ws, 1, title, 8)
    r = 2
    for number, heading, text in sections:
        _title(ws, r, f"{number}{heading}", 8)
        r += 1
        for paragraph in (p for p in text.split("\n") if p.strip()):
            _title(ws, r, paragraph.strip(), 8)
            r += 1


def project_form_sheet(ws: Any, form: dict[str, Any]) -> None:
    """A 河北 项目绩效目标表 in the shape of the usual Excel export, from a hand-written form
    (content/…/projects/NN.yml): label cells with their values beside them (merged), the 预算规模
    block with 预算数 / 其中：财政资金 / 其他资金 and 资金用途 beside it, 资金支出计划 as a row of
    months over a row of shares, then the indicator grid with 一级 and 二级 merged down."""
    _title(ws, 1, f"{form.get('number', '')}{form['title']}", 6)
    if form.get("unit_line"):
        ws.cell(2, 1, form["unit_line"])  # the line above the form: 315001兴隆县司法局本级
    ws.cell(2, 6, "单位：万元")
    ws.cell(3, 1, "项目编码")
    ws.cell(3, 2, form.get("code", ""))
    ws.merge_cells("B3:C3")
    ws.cell(3, 4, "项目名称")
    ws.cell(3, 5, form["name"])
    ws.merge_cells("E3:F3")
    ws.cell(4, 1, "预算规模及资金用途")
    ws.merge_cells("A4:A6")
    budget = form.get("budget") or {}
    for r, (label, part) in enumerate(
        (("预算数：", "预算数"), ("其中：财政资金：", "财政资金"), ("其他资金：", "其他资金")), 4
    ):
        ws.cell(r, 2, label)
        if budget.get(part) is not None:
            ws.cell(r, 3, float(budget[part])).number_format = "0.00"
    ws.cell(4, 4, "资金用途：")
    ws.cell(4, 5, (form.get("purpose") or "").strip())
    ws.merge_cells("E4:F6")
    ws.cell(7, 1, "资金支出计划（%）")
    ws.merge_cells("A7:A8")
    plan = form.get("spending_plan") or {}
    for c, month in enumerate(("3月底", "6月底", "10月底", "12月底"), 2):
        ws.cell(7, c, month)
        if plan.get(month):
            ws.cell(8, c, str(plan[month]))
    ws.cell(9, 1, "绩效目标")
    ws.cell(9, 2, str(form.get("goal", "")).strip())
    ws.merge_cells("B9:F9")
    for c, label in enumerate(("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"), 1):
        ws.cell(10, c, label)
    rows = form["indicators"]
    first = 11
    for i, row in enumerate(rows):
        for c, value in enumerate(row, 1):
            if c > 2 or i == 0 or rows[i - 1][:c] != row[:c]:
                ws.cell(first + i, c, value)
    for c in (1, 2):  # merge each run of one 一级 (二级) indicator down
        start = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i][:c] != rows[start][:c]:
                if i - start > 1:
                    ws.merge_cells(start_row=first + start, start_column=c, end_row=first + i - 1, end_column=c)
                start = i


def _merge_runs(ws: Any, rows: list[list[Any]], first: int, columns: tuple[int, ...], offset: int = 1) -> None:
    """Merge each run of one 一级 (二级) indicator down its rows, as the export prints them; the
    cells below the first of a run are left empty (``rows`` start at sheet row ``first``, list
    column i at sheet column ``offset + i``)."""
    for i, row in enumerate(rows):
        for c, value in enumerate(row):
            if c >= len(columns) or i == 0 or rows[i - 1][: c + 1] != row[: c + 1]:
                _cell(ws, first + i, offset + c, value)
    for c in columns:
        start = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i][: c + 1] != rows[start][: c + 1]:
                if i - start > 1:
                    ws.merge_cells(
                        start_row=first + start, start_column=offset + c, end_row=first + i - 1, end_column=offset + c
                    )
                start = i


def _cell(ws: Any, row: int, col: int, value: Any) -> None:
    """A figure as Excel stores it (a float shown with two decimals), a text as it is."""
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+\.[0-9]+", value):
        ws.cell(row, col, float(value)).number_format = "0." + "0" * len(value.partition(".")[2])
    elif isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value):
        ws.cell(row, col, int(value))
    else:
        ws.cell(row, col, value)


def self_evaluation_sheet(ws: Any, form: dict[str, Any], *, separators: bool) -> None:
    """A 项目支出 or 部门整体支出绩效自评表 as the 一体化 system exports it (the 财政部 template):
    the title merged across, （2024年度） and 单位：万元 lines, the form's labels in column A
    merged down their block (项目资金（万元）, 年度总体目标, 绩效指标), the funds' row names under
    a blank header cell, the 预期目标 | 实际完成情况 pair over their texts, the indicators with 一级
    and 二级 merged down, the 总分 row with its figures under 分值 and 得分; ``separators`` puts a
    blank row between the blocks."""
    width = 9
    project = "name" in form
    _title(ws, 1, form["title"], width)
    _title(ws, 2, form["period"], width)
    ws.cell(3, width, "单位：万元")
    r = 4
    if project:
        ws.cell(r, 1, "项目名称")
        ws.cell(r, 2, form["name"])
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=width)
        ws.cell(r + 1, 1, "主管部门")
        ws.cell(r + 1, 2, form["department"])
        ws.merge_cells(start_row=r + 1, start_column=2, end_row=r + 1, end_column=4)
        ws.cell(r + 1, 5, "实施单位")
        ws.cell(r + 1, 6, form["implementer"])
        ws.merge_cells(start_row=r + 1, start_column=6, end_row=r + 1, end_column=width)
        r += 2
    else:
        ws.cell(r, 1, "部门（单位）名称")
        ws.cell(r, 2, form["department_name"])
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=width)
        r += 1
    r += separators

    def block(label: str, header: list[str], rows: list[list[Any]], merge: tuple[int, ...] = ()) -> None:
        nonlocal r
        ws.cell(r, 1, label)
        ws.merge_cells(start_row=r, start_column=1, end_row=r + len(rows), end_column=1)
        for c, text in enumerate(header, 2):
            ws.cell(r, c, text)
        if merge:
            _merge_runs(ws, rows, r + 1, merge, offset=2)
        else:
            for i, row in enumerate(rows, 1):
                for c, value in enumerate(row, 2):
                    _cell(ws, r + i, c, value)
        r += len(rows) + 1 + separators

    funds_header = ["", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    block("项目资金（万元）" if project else "年度预算资金（万元）", funds_header, form["funds"])
    if not project:
        block("年度主要任务", ["任务名称", "主要内容", "预算数", "执行数"], form["tasks"])
    ws.cell(r, 1, "年度总体目标")
    ws.merge_cells(start_row=r, start_column=1, end_row=r + 1, end_column=1)
    for c0, c1, part in ((2, 5, "预期目标"), (6, width, "实际完成情况")):
        ws.cell(r, c0, part)
        ws.cell(r + 1, c0, form["goal"][part])
        for row in (r, r + 1):
            ws.merge_cells(start_row=row, start_column=c0, end_row=row, end_column=c1)
    r += 2 + separators
    indicators = form["indicators"]
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    block("绩效指标", header, indicators, merge=(0, 1))
    r -= separators  # the 总分 row right below the indicators
    ws.cell(r, 1, "总分")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
    _cell(ws, r, 7, form["score"]["分值"])
    _cell(ws, r, 8, form["score"]["得分"])


def ningxia_form_sheet(ws: Any, form: dict[str, Any]) -> None:
    """A 宁夏 部门项目支出预算绩效目标表 as exported (the layout of 平罗's published forms):
    title and （2024 年度） merged across, 项目名称 over the row, 主管部门及代码 | … | 实施单位 | …,
    项目属性 | … | 项目期 | …, 项目资金 (万元) merged down over 年度资金总额: / 其中:财政拨款 /
    其他资金 with their figures beside them, 年度总体目标, then the indicators under a 名称 |
    一级指标 | 二级指标 | 三级指标 | 指标值 header with 绩效指标 merged down column A."""
    width = 5
    _title(ws, 1, form["title"], width)
    _title(ws, 2, form["period"], width)
    rows: list[tuple[Any, ...]] = [
        ("项目名称", form["name"]),
        ("主管部门及代码", form["department"], "实施单位", form["implementer"]),
        ("项目属性", form["attribute"], "项目期", form["term"]),
    ]
    for r, row in enumerate(rows, 3):
        for c, value in enumerate(row, 1):
            ws.cell(r, c, value)
    ws.merge_cells(start_row=3, start_column=2, end_row=3, end_column=width)
    ws.cell(6, 1, "项目资金 (万元)")
    ws.merge_cells("A6:A8")
    funds = form["funds"]
    for r, (label, part) in enumerate(
        (("年度资金总额:", "年度资金总额"), ("其中:财政拨款", "财政拨款"), ("其他资金", "其他资金")), 6
    ):
        ws.cell(r, 2, label)
        if funds.get(part) is not None:
            ws.cell(r, 3, float(funds[part]))  # General format: 0.6924 as stored
    ws.cell(9, 1, "年度总体目标")
    ws.cell(9, 2, str(form["goal"]).strip())
    ws.merge_cells(start_row=9, start_column=2, end_row=9, end_column=width)
    for c, label in enumerate(("名称", "一级指标", "二级指标", "三级指标", "指标值"), 1):
        ws.cell(10, c, label)
    indicators = form["indicators"]
    ws.cell(11, 1, "绩效指标")
    ws.merge_cells(start_row=11, start_column=1, end_row=10 + len(indicators), end_column=1)
    _merge_runs(ws, indicators, 11, (0, 1), offset=2)
