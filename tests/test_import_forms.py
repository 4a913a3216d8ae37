"""`gongkai import` on the forms published with a 决算 and by Ningxia, in the shape their
export has: a 项目支出绩效自评表 and a 部门整体支出绩效自评表 as the 一体化 system writes them
(the 财政部 template: title row, （2024年度） and 单位 lines, labels merged down their block,
blank separator rows), and 平罗's six 部门项目支出预算绩效目标表 (宁夏) laid out as published.
Each imports to its kind with every figure as printed, and `gongkai check` runs on the result."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from import_workbooks import ningxia_form_sheet, self_evaluation_sheet

from generator.cli import main
from generator.importer.command import Options, run_import
from generator.model.tables import FormTable
from generator.pipeline import load_content

ROOT = Path(__file__).resolve().parents[1]
PINGLUO = ROOT / "content" / "2024" / "pingluo-sifaju"

# A 项目支出绩效自评表 of a county 司法局 (万元): 执行率 = 11.76 ÷ 12.00, 得分 = 98.00% × 10, the
# indicators' 分值 add up to 90; the rows below 年度资金总额 print “—” where the template does.
PROJECT: dict[str, Any] = {
    "title": "项目支出绩效自评表",
    "period": "（2024年度）",
    "name": "法律援助经费",
    "department": "平罗县司法局",
    "implementer": "平罗县法律援助中心",
    "funds": [
        ["年度资金总额", "10.00", "12.00", "11.76", "10", "98.00%", "9.80"],
        ["其中：当年财政拨款", "10.00", "12.00", "11.76", "—", "—", "—"],
        ["上年结转资金", "0.00", "0.00", "0.00", "—", "—", "—"],
        ["其他资金", "", "", "", "—", "—", "—"],
    ],
    "goal": {
        "预期目标": "为经济困难群众和特殊案件当事人提供法律援助，保障困难群众合法权益。",
        "实际完成情况": "全年办理法律援助案件215件，受援人满意度95%。",
    },
    "indicators": [
        ["产出指标", "数量指标", "办理法律援助案件数", "≥200件", "215件", "20", "20", ""],
        ["产出指标", "质量指标", "案件质量评查合格率", "≥95%", "98%", "15", "15", ""],
        ["产出指标", "时效指标", "案件指派时限", "3个工作日内", "3个工作日内", "10", "10", ""],
        ["产出指标", "成本指标", "单件案件补贴标准", "≤600元/件", "546.98元/件", "5", "5", ""],
        [
            "效益指标",
            "社会效益指标",
            "困难群众合法权益保障",
            "有效保障",
            "有效保障",
            "20",
            "18",
            "个别案件办理周期较长，下一步加强跟踪督办",
        ],
        ["效益指标", "可持续影响指标", "法律援助工作机制", "持续完善", "持续完善", "10", "10", ""],
        ["满意度指标", "服务对象满意度指标", "受援人满意度", "≥90%", "95%", "10", "10", ""],
    ],
    "score": {"分值": "100", "得分": "97.80"},
}

# A 部门整体支出绩效自评表 of the same 司法局: its funds by 资金性质, its 年度主要任务.
DEPARTMENT: dict[str, Any] = {
    "title": "部门整体支出绩效自评表",
    "period": "（2024年度）",
    "department_name": "平罗县司法局",
    "funds": [
        ["年度资金总额", "850.00", "900.00", "882.00", "10", "98.00%", "9.80"],
        ["其中：一般公共预算财政拨款", "850.00", "900.00", "882.00", "—", "—", "—"],
        ["政府性基金预算财政拨款", "0.00", "0.00", "0.00", "—", "—", "—"],
        ["其他资金", "", "", "", "—", "—", "—"],
    ],
    "tasks": [
        ["法律援助", "为困难群众提供法律援助服务", "12.00", "11.76"],
        ["人民调解", "开展矛盾纠纷排查化解", "20.00", "19.50"],
        ["社区矫正", "社区矫正对象监督管理和教育帮扶", "30.00", "29.10"],
    ],
    "goal": {
        "预期目标": "推进法治政府建设，完善公共法律服务体系，维护社会和谐稳定。",
        "实际完成情况": "完成年度各项工作任务，法律服务群众满意度持续提高。",
    },
    "indicators": [
        ["产出指标", "数量指标", "调解纠纷案件数", "≥2500起", "2612起", "20", "20", ""],
        ["产出指标", "质量指标", "社区矫正对象再犯罪率", "≤0.2%", "0", "20", "20", ""],
        ["产出指标", "时效指标", "法律援助案件指派及时率", "100%", "100%", "10", "10", ""],
        [
            "效益指标",
            "社会效益指标",
            "群众法治意识",
            "明显提升",
            "有所提升",
            "20",
            "17",
            "普法覆盖面仍需扩大，下一步加强基层宣传",
        ],
        ["效益指标", "可持续影响指标", "公共法律服务体系", "持续完善", "持续完善", "10", "10", ""],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥95%", "96%", "10", "10", ""],
    ],
    "score": {"分值": "100", "得分": "96.80"},
}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    root.mkdir()
    shutil.copy(ROOT / "content" / "site.yml", root / "site.yml")
    return root


def _texts(value: Any) -> Any:
    """A form's value as the text it prints: figures exactly as published, "" for an empty cell."""
    if isinstance(value, dict):
        return {k: _texts(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_texts(v) for v in value]
    return str(value).strip()


@pytest.mark.parametrize("separators", [True, False], ids=["blank-rows", "no-blank-rows"])
def test_self_evaluation_forms_in_the_export_shape(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], separators: bool
) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    self_evaluation_sheet(wb.create_sheet("项目自评"), PROJECT, separators=separators)
    self_evaluation_sheet(wb.create_sheet("部门整体自评"), DEPARTMENT, separators=separators)
    wb.save(tmp_path / "自评.xlsx")
    target = content / "2024" / "pingluo-ziping"
    lines: list[str] = []
    options = Options(to=target, kind="决算", department="平罗县司法局")  # a form's 主管部门 is not the publisher
    status, _ = run_import([str(tmp_path / "自评.xlsx")], options, log=lines.append)
    assert any("项目自评 → 项目支出绩效自评表（project_self_evaluation）" in x for x in lines), lines
    assert any("部门整体自评 → 部门整体支出绩效自评表（dept_self_evaluation）" in x for x in lines), lines
    back = load_content(target)
    assert not back.reporter.errors, [e.format() for e in back.reporter.errors]
    project, department = back.disclosures[0].tables()
    assert isinstance(project, FormTable) and isinstance(department, FormTable)
    assert (project.kind.id, department.kind.id) == ("project_self_evaluation", "dept_self_evaluation")
    for table, form in ((project, PROJECT), (department, DEPARTMENT)):
        keys = [f.key for f in table.layout.fields if f.key in form] + [x.key for x in table.layout.lists]
        assert {k: _texts(table.fields.get(k, table.lists.get(k))) for k in keys} == {k: form[k] for k in keys}
        assert table.unit == "万元"
    # the year the target folder gives; the （2024年度） line stays the form's period
    assert back.disclosures[0].year == 2024
    assert (project.fields["period"], department.fields["period"]) == ("（2024年度）", "（2024年度）")
    # check runs on what was written: the forms' ratios and sums hold, so it passes
    capsys.readouterr()
    assert main(["check", str(content)]) == 0
    out = capsys.readouterr()
    assert "检查通过：1 个公开，0 个错误" in out.out + out.err
    assert status == 0


def test_ningxia_project_forms_in_the_export_shape(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import Workbook

    original = [t for t in load_content(PINGLUO).disclosures[0].tables() if isinstance(t, FormTable)]
    assert len(original) == 6 and all(t.kind.id == "project_ningxia" for t in original)
    wb = Workbook()
    wb.remove(wb.active)
    for n, table in enumerate(original, 1):
        ningxia_form_sheet(wb.create_sheet(f"项目{n}"), {"title": table.title, **table.fields, **table.lists})
    wb.save(tmp_path / "宁夏.xlsx")
    target = content / "2024" / "pingluo-sifaju"
    lines: list[str] = []
    run_import([str(tmp_path / "宁夏.xlsx")], Options(to=target, department="平罗县司法局"), log=lines.append)
    assert sum("→ 部门项目支出预算绩效目标表（project_ningxia）" in x for x in lines) == 6, lines
    back = load_content(target)
    assert not back.reporter.errors, [e.format() for e in back.reporter.errors]
    imported = [t for t in back.disclosures[0].tables() if isinstance(t, FormTable)]
    assert [(t.kind.id, _texts(t.fields), t.lists) for t in imported] == [
        (t.kind.id, _texts(t.fields), t.lists) for t in original
    ]
    capsys.readouterr()
    status = main(["check", str(content)])
    out = capsys.readouterr()
    assert "检查通过：1 个公开，0 个错误" in out.out + out.err and status == 0
