"""CPU milliseconds per disclosure of each per-disclosure writer, on the example content (issue 15).

    .venv/bin/python benchmarks/disclosure_writers.py [ROUNDS]     (default: 10)

The example content is loaded once; then, ROUNDS times over its disclosures, each part of a clean
build's per-disclosure work: the views (every table laid out as grids), the HTML pages, the table
CSVs, the workbook, the disclosure JSON and the open data (tidy rows and their CSV). Each figure is
the least CPU time of three runs (the machine is shared: CPU time varies less than wall time),
divided by the disclosures written. Loading and checking the content, the search index and the
PDFs are not measured here (benchmarks/site_scale.py measures whole builds).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.pipeline import load_content  # noqa: E402
from generator.render.environment import environment  # noqa: E402
from generator.render.pages import PageRenderer  # noqa: E402
from generator.render.views import DisclosureView, catalogue, disclosure_view  # noqa: E402
from generator.steps import datapackage, disclosure_json, tables_csv, workbook  # noqa: E402


def main(rounds: int) -> None:
    content = load_content(ROOT / "content")
    assert content.site is not None
    renderer = PageRenderer(environment(), content.site)

    def views() -> list[DisclosureView]:
        made = [disclosure_view(d) for d in content.disclosures]
        catalogue(made)
        return made

    def pages(view: DisclosureView) -> None:
        renderer.disclosure(view, pdf=False)

    def csv(view: DisclosureView) -> None:
        for table in view.tables:
            tables_csv.table_csv(table)
            if table.comparison is not None:
                tables_csv.comparison_csv(table.comparison)

    def xlsx(view: DisclosureView) -> None:
        if view.tables:
            workbook.workbook(view)

    def json(view: DisclosureView) -> None:
        disclosure_json.disclosure_json(view.disclosure, view)

    def open_data(view: DisclosureView) -> None:
        datapackage.tidy_csv(datapackage.tidy_rows(view.disclosure))

    writers: dict[str, Callable[[DisclosureView], None]] = {
        "网页": pages,
        "表格 CSV": csv,
        "Excel 工作簿": xlsx,
        "公开 JSON": json,
        "开放数据": open_data,
    }
    count = len(content.disclosures) * rounds
    print(f"{len(content.disclosures)} 个公开 × {rounds} 轮，每个公开的 CPU 毫秒（三次取最少）")

    def best(work: Callable[[list[list[DisclosureView]]], None]) -> float:
        """The least CPU time of three runs of ``work`` over fresh views (made untimed: nothing
        that an earlier run made, a grid's rows or HTML, is reused), per disclosure."""
        times = []
        for _ in range(3):
            fresh = [views() for _ in range(rounds)]
            started = time.process_time()
            work(fresh)
            times.append(time.process_time() - started)
        return min(times) / count * 1000

    def make_views(fresh: list[list[DisclosureView]]) -> None:
        for _ in fresh:
            views()

    print(f"{'视图（表格排版）':<12} {best(make_views):>7.2f}")
    total = 0.0
    for name, writer in writers.items():

        def run(fresh: list[list[DisclosureView]], writer: Callable[[DisclosureView], None] = writer) -> None:
            for made in fresh:
                for view in made:
                    writer(view)

        spent = best(run)
        total += spent
        print(f"{name:<12} {spent:>7.2f}")
    print(f"{'写出合计':<12} {total:>7.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 10)
