"""Loading and checking the content at province scale (issue 15): ``gongkai check`` of N disclosures.

    .venv/bin/python benchmarks/load_speed.py [N ...]   (default: 200 1000 disclosures)

For each N: N disclosures made from the example content (``site_scale.make_content``), then
``gongkai check`` run as a user runs it, with its forked loading workers (both cores), and the
same loading in one process; each printed with its wall seconds, CPU seconds (user + system, the
workers included) and peak resident memory, and the load average of the machine before and after
(on a shared machine the wall times follow its load; the CPU seconds vary less).
Nothing here is a test: the figures go to the report of issue 15.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_scale import make_content  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ONE_PROCESS = (
    "import sys; from pathlib import Path; from generator.pipeline import load_content; "
    "c = load_content(Path(sys.argv[1]), jobs=1); print(len(c.disclosures), len(c.reporter.items))"
)


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def measure(label: str, command: list[str]) -> str:
    """One run: wall and CPU seconds and peak memory of the process (its waited-for workers included)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": str(ROOT)}
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        lines = out.read().strip().splitlines()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{label} failed:\n" + "\n".join(lines[-20:]))
    cpu = usage.ru_utime + usage.ru_stime
    last = lines[-1] if lines else ""
    return f"{label:<24} {wall:7.1f} s wall {cpu:7.1f} s CPU {usage.ru_maxrss // 1024:5d} MB peak  ({last})"


def main(sizes: list[int]) -> None:
    for count in sizes:
        with tempfile.TemporaryDirectory(prefix="gongkai-load-") as folder:
            content = Path(folder) / "content"
            content.mkdir()
            make_content(content, count)
            print(f"{count} disclosures (load average before: {load_average()})")
            print(measure("gongkai check", [sys.executable, "-m", "generator.cli", "check", str(content)]))
            print(measure("loading in one process", [sys.executable, "-c", ONE_PROCESS, str(content)]))
            print(f"  (load average after: {load_average()})")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [200, 1000])
