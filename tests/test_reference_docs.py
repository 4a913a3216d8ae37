"""The manual's reference pages are generated from the layout registry and CODES, and committed up to date."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import CODES
from generator.layouts import package_registry
from generator.reference import DETAILS, PAGES, REFERENCE, codes_markdown, generate, layouts_markdown, main


@pytest.mark.parametrize("name", sorted(PAGES))
def test_committed_reference_is_what_the_code_generates(name):
    path = REFERENCE / name
    assert path.exists(), f"docs/reference/{name} is missing: run `make reference`"
    assert path.read_text(encoding="utf-8") == generate()[name], (
        f"docs/reference/{name} differs from what the layouts and CODES generate: run `make reference`"
    )


def test_every_shipped_kind_is_documented_with_its_declaration():
    page = layouts_markdown()
    for kind in package_registry().kinds.values():
        assert f"### `{kind.id}` {kind.title} {{#{kind.id}}}" in page, kind.id
        assert f"[`{kind.id}`](#{kind.id})" in page, kind.id
    # what a reader needs from the declarations: unit, required_in, columns, fields, sums
    sichuan = page[page.index("### `project_sichuan`") : page.index("### `project_anhui`")]
    for text in (
        "单位：元（表式规定）",
        "完整公开必备：否（可选）",
        "`budget`",
        "合计、财政拨款、其他资金",
        "权重（数量）",
        "列表 `indicators` 的“权重”列之和 = 100（GK037）",
        "`budget.合计` = `budget.财政拨款` + `budget.其他资金`（GK030）",
    ):
        assert text in sichuan, text
    summary = page[page.index("### `budget_summary`") : page.index("### `income`")]
    assert "完整公开必备：预算" in summary
    assert "`income.收入总计.预算数` = `expenditure.支出总计.预算数`" in summary
    funds = page[page.index("### `three_public_funds`") : page.index("### `three_public_funds_line`")]
    assert "| `财政拨款小计` |  |  | 金额 | 一般公共预算 + 政府性基金 + 国有资本经营预算 |" in funds
    assert "| `公务用车购置费` | 其中：公务用车购置费 | 其中 |  |" in funds


def test_every_code_is_listed():
    page = codes_markdown()
    for code, meaning in CODES.items():
        assert f"| {code} | {meaning} |" in page, code
    assert set(DETAILS) <= set(CODES)


def test_check_mode_reports_a_stale_page(tmp_path: Path, capsys):
    assert main(["--check", "--output", str(tmp_path)]) == 1  # nothing written yet
    assert not list(tmp_path.iterdir())
    assert main(["--output", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(PAGES)
    assert main(["--check", "--output", str(tmp_path)]) == 0
    (tmp_path / "codes.md").write_text("# old\n", encoding="utf-8")
    assert main(["--check", "--output", str(tmp_path)]) == 1
    assert "codes.md" in capsys.readouterr().out
