"""Round trip: the XLSX Gongkai publishes for each example disclosure imports back into content
whose tables equal the original's, figure by figure and empty cell by empty cell: the nine tables,
the project forms (湖北's 申报表 too, whose header prints the years), 政府采购 and the tables given
cell by cell."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from generator.importer.command import Options, run_import
from generator.model.money import format_plain
from generator.model.tables import (
    ClassifiedTable,
    FixedTable,
    FormTable,
    GenericTable,
    GroupedItemsTable,
    ItemListTable,
    Table,
)
from generator.pipeline import load_content
from generator.render.markdown import to_plain

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"


def table_figures(table: Table) -> Any:
    """Every cell of a table as text (a figure exactly as published, "" for an empty cell)."""
    if isinstance(table, ClassifiedTable):
        return [
            (
                group.id,
                {c: format_plain(v) for c, v in group.total.items()},
                [(row.code, row.name, {c: format_plain(v) for c, v in row.values.items()}) for row in group.rows],
            )
            for group in table.groups
        ]
    if isinstance(table, ItemListTable):
        rows = [(r.label, r.part_of_previous, {c: format_plain(v) for c, v in r.values.items()}) for r in table.rows]
        return (format_plain(table.total), table.date, rows)
    if isinstance(table, FixedTable):
        return {
            side: {row: {c: format_plain(v) for c, v in cells.items()} for row, cells in rows.items()}
            for side, rows in table.values.items()
        }
    if isinstance(table, FormTable):
        kinds = {f.key: f for f in table.layout.fields}
        return (
            {
                key: to_plain(value) if kinds[key].type == "markdown" else _field(value)
                for key, value in table.fields.items()
                # what is never published (填报人) cannot come back; a Markdown field is printed as its text
                if key in kinds and kinds[key].place != "private"
            },
            {key: [[cell.strip() for cell in row] for row in rows] for key, rows in table.lists.items()},
        )
    if isinstance(table, GroupedItemsTable):
        return (
            {c: format_plain(v) for c, v in table.total.items()},
            [
                (
                    group.label,
                    {c: format_plain(v) for c, v in group.subtotal.items()},
                    [(item.values, {c: format_plain(v) for c, v in item.money.items()}) for item in group.items],
                )
                for group in table.groups
            ],
        )
    if isinstance(table, GenericTable):
        return [[(c.text, c.colspan, c.rowspan) for c in row] for row in table.header + table.rows]
    raise AssertionError(f"no comparison for {type(table).__name__}")


def _field(value: Any) -> Any:
    """A form field as printed: texts without the block's final newline, amounts as published."""
    if isinstance(value, dict):
        return {k: _field(v) for k, v in value.items() if v is not None}
    if isinstance(value, Decimal):
        return format_plain(value)
    return str(value).strip()


@pytest.fixture(scope="module")
def published(built_site: Path) -> Path:
    """The example site as the session built it (content/, no PDFs): its workbooks are the published ones."""
    return built_site


@pytest.fixture(scope="module")
def original(example_disclosures: dict[str, Any]) -> dict[str, Any]:
    return example_disclosures


SLUGS = sorted(p.name for p in CONTENT.glob("*/*") if (p / "disclosure.yml").is_file())


@pytest.mark.parametrize("slug", SLUGS)
def test_published_workbook_imports_back_to_the_same_tables(
    slug: str, published: Path, original: dict[str, Any], tmp_path: Path
) -> None:
    disclosure = original[slug]
    workbook = next(published.glob(f"*/{slug}/data/{slug}.xlsx"), None)
    if workbook is None:
        assert not disclosure.tables(), "a disclosure with tables publishes a workbook"
        return
    shutil.copy(CONTENT / "site.yml", tmp_path / "site.yml")
    target = tmp_path / str(disclosure.year) / slug
    standard = any(t.kind.required_in for t in disclosure.tables())
    # the department line is printed above the standard tables only: a workbook of forms needs --department
    options = Options(to=target, department=None if standard else disclosure.department.name)
    status, result = run_import([str(workbook)], options, log=lambda _: None)
    assert status == 0
    imported = load_content(target)
    assert imported.disclosures, [d.format() for d in imported.reporter.errors]
    back = imported.disclosures[0]
    # every table comes back, in the workbook's order: forms, 政府采购 and tables given cell by cell too
    assert len(back.tables()) == len(disclosure.tables())
    assert not result.skipped
    for before, after in zip(disclosure.tables(), back.tables(), strict=True):
        assert after.kind.id == before.kind.id, before.heading
        assert table_figures(after) == table_figures(before), before.heading
        assert (after.title, after.number) == (before.title, before.number), before.heading
        if before.kind.show_unit:
            assert after.unit == before.unit, before.heading
    # the metadata the workbook carries comes back too
    assert back.department.name == disclosure.department.name
    assert (back.year, back.kind) == (disclosure.year, disclosure.kind)
    if standard:
        assert back.department.code == disclosure.department.code


def test_the_self_evaluation_workbook_imports_back(selfeval_site: Path, tmp_path: Path) -> None:
    """Both 绩效自评表 of tests/fixtures/selfeval, published, come back figure by figure: a part
    printed under a caption that names its field (预期目标 under 年度总体目标, 得分 under 总分) is
    read as that field's part."""
    fixture = ROOT / "tests" / "fixtures" / "selfeval"
    (disclosure,) = load_content(fixture).disclosures
    shutil.copy(fixture / "site.yml", tmp_path / "site.yml")
    target = tmp_path / "2024" / "moumou-sifaju"
    workbook = selfeval_site / "2024" / "moumou-sifaju" / "data" / "moumou-sifaju.xlsx"
    status, result = run_import([str(workbook)], Options(to=target, department="某某县司法局"), log=lambda _: None)
    assert status == 0 and not result.skipped
    (back,) = load_content(target).disclosures
    assert [t.kind.id for t in back.tables()] == ["project_self_evaluation", "dept_self_evaluation"]
    for before, after in zip(disclosure.tables(), back.tables(), strict=True):
        assert table_figures(after) == table_figures(before), before.heading
