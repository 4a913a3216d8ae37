"""Gongkai at province scale, against mkdocs-material on the same pages in the same run (issue 15).

    .venv/bin/python benchmarks/site_scale.py [N ...] [--no-mkdocs]   (default: 100 1000 disclosures)

For each N: N disclosures made from the example content (each copy its own department), then

* a clean ``gongkai build --no-pdf`` (search index included): pages, seconds, CPU seconds, pages/s
  and the peak memory of the whole process tree (Gongkai, its forked workers and the Pagefind indexer,
  sampled from /proc every 50 ms), both as the sum of the resident sizes (RSS: the pages a forked
  worker shares with the build counted in each process) and as the sum of the proportional sizes
  (PSS, from ``smaps_rollup``: each shared page divided among its sharers, what the tree takes);
* a rebuild with nothing changed, and a rebuild after one disclosure's text changed;
* mkdocs-material building the same pages (each page's <main> as raw HTML in a Markdown file,
  its search plugin on), timed the same way; the ratio is mkdocs' seconds over Gongkai's. On a machine
  shared with other work the wall times vary with its load (printed before and after each size); the
  CPU seconds vary less.

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
from dataclasses import dataclass, field
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


def _tree(root: int) -> list[int]:
    """A process and all its descendants."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return found


def _rss(pid: int) -> int:
    """Resident memory of one process, in bytes: the pages it shares with others counted in full."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _pss(pid: int) -> int:
    """Proportional set size of one process, in bytes: each shared page divided among its sharers
    (a forked worker's pages shared with the build count once in the sum, not once per process)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


@dataclass
class Run:
    seconds: float
    rss: int  # peak of the sum of the tree's resident sizes (shared pages counted in each process)
    pss: int  # peak of the sum of the tree's proportional sizes (what the tree takes from the machine)
    cpu: float  # user + system seconds of the command and its children
    # each process's own peak PSS, by what it is ("build", "worker", "pagefind"): which one peaks
    peaks: dict[str, int] = field(default_factory=dict)
    at_peak: dict[str, int] = field(default_factory=dict)  # the PSS of each kind when the sum peaked


def _kind(pid: int, root: int) -> str:
    if pid == root:
        return "build"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            command = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return "?"
    return "pagefind" if "pagefind" in command else "worker" if "generator" in command else command[:40]


def run(command: list[str], cwd: Path | None = None) -> Run:
    """Wall seconds, peak memory (the process tree, sampled every 50 ms) and CPU time of a command."""
    started = time.perf_counter()
    before = os.times()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    rss = pss = 0
    peaks: dict[str, int] = {}
    at_peak: dict[str, int] = {}
    done = threading.Event()

    def sample() -> None:
        nonlocal rss, pss, at_peak
        while not done.is_set():
            pids = _tree(process.pid)
            rss = max(rss, sum(_rss(pid) for pid in pids))
            sizes = {pid: _pss(pid) for pid in pids}
            if sum(sizes.values()) > pss:
                pss = sum(sizes.values())
                at_peak = {}
                for pid, size in sizes.items():
                    at_peak[_kind(pid, process.pid)] = at_peak.get(_kind(pid, process.pid), 0) + size
            for pid, size in sizes.items():
                kind = _kind(pid, process.pid)
                peaks[kind] = max(peaks.get(kind, 0), size)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    out, _ = process.communicate()
    seconds = time.perf_counter() - started
    after = os.times()
    done.set()
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"failed ({process.returncode}): {' '.join(command)}\n{out.decode('utf-8', 'replace')[-2000:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return Run(seconds, rss, pss, cpu, peaks, at_peak)


def gongkai(content: Path, output: Path) -> Run:
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


def mkdocs(project: Path) -> Run:
    env_mkdocs = str(Path(PYTHON).with_name("mkdocs"))
    return run([env_mkdocs, "build", "--quiet", "--site-dir", str(project / "site")], project)


def main(sizes: list[int], with_mkdocs: bool = True) -> None:
    print(f"load average before: {os.getloadavg()[0]:.1f}", flush=True)
    print(
        f"{'公开数':>6} {'页面数':>7} {'Gongkai 秒':>10} {'CPU 秒':>7} {'页/秒':>7} {'RSS 合计':>8} {'PSS 合计':>8} "
        f"{'无改动重建':>8} {'改一个重建':>8} {'mkdocs 秒':>9} {'mkdocs CPU':>10} {'倍数':>6} {'load':>5}"
    )
    for count in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            content, output = Path(tmp) / "content", Path(tmp) / "output"
            content.mkdir()
            make_content(content, count)
            clean = gongkai(content, output)
            pages = sum(1 for p in output.rglob("*.html") if p.relative_to(output).parts[0] != "pagefind")
            unchanged = gongkai(content, output)
            changed_file = sorted(content.glob("*/*/disclosure.yml"))[0]
            text = changed_file.read_text(encoding="utf-8")
            # a word of its text (not its title: the portal lists titles, so every page would change)
            changed_file.write_text(text.replace("。", "；", 1), encoding="utf-8")
            one_changed = gongkai(content, output)
            reference = Run(float("nan"), 0, 0, float("nan"))
            if with_mkdocs:
                project = Path(tmp) / "mkdocs"
                mkdocs_project(output, project)
                reference = mkdocs(project)
            print(
                f"{count:>6} {pages:>7} {clean.seconds:>10.1f} {clean.cpu:>7.1f} {pages / clean.seconds:>7.0f} "
                f"{clean.rss / 2**20:>6.0f}MB {clean.pss / 2**20:>6.0f}MB "
                f"{unchanged.seconds:>9.1f}s {one_changed.seconds:>9.1f}s {reference.seconds:>9.1f} "
                f"{reference.cpu:>10.1f} {reference.seconds / clean.seconds:>6.2f} {os.getloadavg()[0]:>5.1f}",
                flush=True,
            )
            if "--by-process" in sys.argv:
                mb = {kind: f"{size / 2**20:.0f}MB" for kind, size in clean.peaks.items()}
                print(
                    f"       clean build: each process's peak PSS {mb}; at the peak of the sum "
                    f"{ {kind: f'{size / 2**20:.0f}MB' for kind, size in clean.at_peak.items()} }"
                )


if __name__ == "__main__":
    # --no-mkdocs: Gongkai's figures only (to compare two versions of Gongkai in the same conditions);
    # --by-process: also each kind of process's peak memory in the clean build (build, worker, pagefind)
    main([int(a) for a in sys.argv[1:] if a.isdigit()] or [100, 1000], "--no-mkdocs" not in sys.argv)
