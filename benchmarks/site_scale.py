"""Gongkai at province scale, against mkdocs-material on the same pages in the same run (issue 15).

    .venv/bin/python benchmarks/site_scale.py [N ...]        (default: 100 1000 disclosures)

For each N: N disclosures made from the example content (each copy its own department), then

* a clean ``gongkai build --no-pdf`` (search index included): pages, seconds, pages/s and the peak
  memory of the whole process tree (Gongkai and the Pagefind indexer together, sampled from /proc);
* a rebuild with nothing changed, and a rebuild after one disclosure's text changed;
* mkdocs-material building the same pages (each page's <main> as raw HTML in a Markdown file,
  its search plugin on), timed the same way; the ratio is mkdocs' seconds over Gongkai's.

Each build runs as its own process, as a user runs it. Nothing here is a test: the figures go to
the README's performance table.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
MAIN = re.compile(r"<main\b[^>]*>(.*?)</main>", re.S)


def make_content(target: Path, count: int) -> None:
    """``count`` disclosures, the example ones in turn, each copy a department of its own."""
    source = ROOT / "content"
    shutil.copy(source / "site.yml", target / "site.yml")
    if (source / "layouts").is_dir():
        shutil.copytree(source / "layouts", target / "layouts")
    originals = sorted(p.parent for p in source.glob("*/*/disclosure.yml"))
    for n in range(count):
        folder = originals[n % len(originals)]
        dest = target / folder.parent.name / f"{folder.name}-{n:05d}"
        shutil.copytree(folder, dest)
        text = (dest / "disclosure.yml").read_text(encoding="utf-8")
        text = re.sub(r"(\n  name: )(\S+)", rf"\g<1>\g<2>（副本{n:05d}）", text, count=1)
        (dest / "disclosure.yml").write_text(text, encoding="utf-8")


def _tree_rss(root: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return total


def run(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak memory (the process tree, sampled every 20 ms) of a command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    out, _ = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"failed ({process.returncode}): {' '.join(command)}\n{out.decode('utf-8', 'replace')[-2000:]}")
    return seconds, peak


def gongkai(content: Path, output: Path) -> tuple[float, int]:
    return run([PYTHON, "-m", "generator.cli", "build", str(content), "--output", str(output), "--no-pdf"], ROOT)


def mkdocs_project(site: Path, project: Path) -> int:
    """The Gongkai site's pages as a mkdocs-material project: each page's <main> as raw HTML."""
    docs = project / "docs"
    pages = 0
    for page in sorted(site.rglob("*.html")):
        if page.relative_to(site).parts[0] in ("pagefind", "assets"):
            continue
        match = MAIN.search(page.read_text(encoding="utf-8"))
        body = match.group(1) if match else ""
        target = docs / page.relative_to(site).with_suffix(".md")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f'<div markdown="0">\n{body}\n</div>\n', encoding="utf-8")
        pages += 1
    (project / "mkdocs.yml").write_text(
        # the nav holds the index only: a nav of every page grows quadratically (each page renders it)
        # and would flatter the ratio; the other pages are built all the same (mkdocs builds every file)
        "site_name: bench\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\nnav:\n  - index.md\n",
        encoding="utf-8",
    )
    return pages


def mkdocs(project: Path) -> tuple[float, int]:
    env_mkdocs = str(Path(PYTHON).with_name("mkdocs"))
    return run([env_mkdocs, "build", "--quiet", "--site-dir", str(project / "site")], project)


def main(sizes: list[int]) -> None:
    print(
        f"{'公开数':>6} {'页面数':>7} {'Gongkai 秒':>10} {'页/秒':>7} {'峰值内存':>8} "
        f"{'无改动重建':>8} {'改一个重建':>8} {'mkdocs 秒':>9} {'倍数':>6}"
    )
    for count in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            content, output = Path(tmp) / "content", Path(tmp) / "output"
            content.mkdir()
            make_content(content, count)
            clean, peak = gongkai(content, output)
            pages = sum(1 for p in output.rglob("*.html") if p.relative_to(output).parts[0] != "pagefind")
            unchanged, _ = gongkai(content, output)
            changed_file = sorted(content.glob("*/*/disclosure.yml"))[0]
            text = changed_file.read_text(encoding="utf-8")
            # a word of its text (not its title: the portal lists titles, so every page would change)
            changed_file.write_text(text.replace("。", "；", 1), encoding="utf-8")
            one_changed, _ = gongkai(content, output)
            project = Path(tmp) / "mkdocs"
            mkdocs_project(output, project)
            reference, _ = mkdocs(project)
            print(
                f"{count:>6} {pages:>7} {clean:>10.1f} {pages / clean:>7.0f} {peak / 2**20:>6.0f}MB "
                f"{unchanged:>9.1f}s {one_changed:>9.1f}s {reference:>9.1f} {reference / clean:>6.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000])
