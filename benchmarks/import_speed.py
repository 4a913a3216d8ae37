"""How long `gongkai import` takes on a large export: a 5,000-row 收入总表 in one workbook.

The target (issue #10) is under 2 s on this machine. Run: `.venv/bin/python benchmarks/import_speed.py`.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from generator.importer.command import Options, run_import

ROWS = 5000
ROOT = Path(__file__).resolve().parents[1]


def workbook(path: Path, rows: int) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "部门收入总表"
    ws.append(["2025年部门收入预算总表"])
    ws.append(["编制部门：测试市司法局", "", "", "", "", "", "", "", "", "", "", "单位：元"])
    ws.append(["科目编码", "科目名称", "合计", "本年收入", "", "", "", "", "", "", "", "上年结转"])
    ws.append(
        [
            "",
            "",
            "",
            "小计",
            "财政拨款收入",
            "财政专户收入",
            "事业收入",
            "经营收入",
            "上级补助收入",
            "附属单位上缴收入",
            "其他收入",
            "",
        ]
    )
    ws.merge_cells("D3:K3")
    ws.append(["", "合计", rows * 1.25, rows * 1.25, rows * 1.25])
    for i in range(rows):
        # one 类 per 100 rows, so that the codes stay valid; the figures need not add up here
        code = f"2{i // 100 % 100:02d}{i % 100:02d}{i % 10:02d}"
        ws.append([code, f"科目{i}", 1.25, 1.25, 1.25, None, None, None, None, None, None, None])
    wb.save(path)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "large.xlsx"
        workbook(source, ROWS)
        content = folder / "content"
        content.mkdir()
        shutil.copy(ROOT / "content" / "site.yml", content / "site.yml")
        started = time.perf_counter()
        run_import([str(source)], Options(to=content / "2025" / "large"), log=lambda _: None)
        seconds = time.perf_counter() - started
        size = sum(p.stat().st_size for p in (content / "2025" / "large").rglob("*.yml"))
        print(f"import of {ROWS} rows: {seconds:.2f} s (read, recognise, write {size // 1024} KiB YAML; target < 2 s)")


if __name__ == "__main__":
    main()
