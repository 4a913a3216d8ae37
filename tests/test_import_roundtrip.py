"""Round trip: the XLSX Gongkai publishes for each example disclosure imports back into content
whose tables equal the original's, figure by figure and empty cell by empty cell."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.importer.command import Options, run_import
from generator.importer.extract import READERS
from generator.model.money import format_plain
from generator.model.tables import ClassifiedTable, FixedTable, ItemListTable, Table
from generator.pipeline import load_content

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
    raise AssertionError(f"no comparison for {type(table).__name__}")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("published") / "site"
    subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", str(CONTENT), "--output", str(site), "--no-pdf"],
        check=True,
        capture_output=True,
    )
    return site


@pytest.fixture(scope="module")
def original() -> dict[str, Any]:
    content = load_content(CONTENT)
    return {d.slug: d for d in content.disclosures}


SLUGS = sorted(p.name for p in CONTENT.glob("*/*") if (p / "disclosure.yml").is_file())


@pytest.mark.parametrize("slug", SLUGS)
def test_published_workbook_imports_back_to_the_same_tables(
    slug: str, published: Path, original: dict[str, Any], tmp_path: Path
) -> None:
    disclosure = original[slug]
    workbook = next(published.glob(f"*/{slug}/data/{slug}.xlsx"), None)
    importable = [t for t in disclosure.tables() if t.kind.structure in READERS]
    if workbook is None:
        assert not disclosure.tables(), "a disclosure with tables publishes a workbook"
        return
    shutil.copy(CONTENT / "site.yml", tmp_path / "site.yml")
    target = tmp_path / str(disclosure.year) / slug
    # the department line is printed above the standard tables only: a workbook of forms needs --department
    options = Options(to=target, department=None if importable else disclosure.department.name)
    status, result = run_import([str(workbook)], options, log=lambda _: None)
    assert status == 0
    imported = load_content(target)
    assert imported.disclosures, [d.format() for d in imported.reporter.errors]
    back = imported.disclosures[0]
    assert [t.kind.id for t in back.tables()] == [t.kind.id for t in importable]
    for before, after in zip(importable, back.tables(), strict=True):
        assert table_figures(after) == table_figures(before), before.heading
        assert after.unit == before.unit
    # every sheet not imported is named with a reason
    assert len(result.tables) + len(result.skipped) == len(disclosure.tables())
    assert all(s.reason for s in result.skipped)
    # the metadata the workbook carries comes back too
    assert back.department.name == disclosure.department.name
    assert (back.year, back.kind) == (disclosure.year, disclosure.kind)
    if importable:
        assert back.department.code == disclosure.department.code
