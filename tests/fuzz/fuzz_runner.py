"""Run fuzz cases through `gongkai check` (and, when a case passes, the page rendering) and count outcomes.

``python tests/fuzz/fuzz_runner.py --cases 10000`` (``make fuzz``) prints counts by exit status,
the slowest case and the peak memory, and exits 1 on any internal error, crash, hang or output
line that is not ``path:line:col: severity GKnnn: message``.

Most cases run in this process (fast); the classes that stress the C YAML parser, and every
``--isolate-every``-th case, run in a subprocess, where a segmentation fault is a counted crash
instead of the end of the run. A hang is a case over ``--timeout`` seconds (SIGALRM in-process,
a subprocess timeout otherwise).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzz_cases import ROOT, Case, bases, case, write_case  # noqa: E402
from jinja2 import Environment  # noqa: E402

from generator.build import render_site  # noqa: E402
from generator.cli import main as gongkai  # noqa: E402
from generator.pipeline import load_content  # noqa: E402
from generator.render.environment import environment  # noqa: E402

LINE = re.compile(r"^[^\n]+:\d+:\d+: (error|warning) GK\d{3}: .+$")
SUMMARY = re.compile(r"^检查(通过|未通过)：\d+ 个公开，\d+ 个错误，\d+ 个警告$")
MEMORY_LIMIT = 1024 * 1024 * 1024  # a subprocess is stopped beyond 1 GB (the target is 500 MB)


class Hang(BaseException):
    """Raised by SIGALRM: a BaseException, so that the command's own handlers do not take it."""


@dataclass
class Outcome:
    status: str  # "0", "1", "2", "3" (internal error), "crash", "hang", "bad-output"
    seconds: float
    detail: str = ""
    rss_kb: int = 0


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)
    by_class: Counter = field(default_factory=Counter)
    failures: list[tuple[int, str, Outcome]] = field(default_factory=list)
    slowest: tuple[float, int, str] = (0.0, -1, "")
    child_rss_kb: int = 0

    @property
    def bad(self) -> int:
        return sum(n for status, n in self.counts.items() if status not in ("0", "1"))

    def add(self, index: int, c: Case, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1
        self.by_class[c.name] += 1
        if outcome.status not in ("0", "1"):
            self.failures.append((index, c.name, outcome))
        if outcome.seconds > self.slowest[0]:
            self.slowest = (outcome.seconds, index, c.name)
        self.child_rss_kb = max(self.child_rss_kb, outcome.rss_kb)


def _alarm(_signum, _frame):
    raise Hang()


def _check_output(out: str) -> str:
    """'' when every line is a located diagnostic and the last the summary; else the first odd line."""
    lines = out.splitlines()
    if not lines or not SUMMARY.match(lines[-1]):
        return f"no summary line: {lines[-1:]!r}"
    odd = [line for line in lines[:-1] if not LINE.match(line)]
    return f"unlocated line: {odd[0][:200]!r}" if odd else ""


_ENV: list[Environment] = []


def _environment() -> Environment:
    if not _ENV:
        _ENV.append(environment())
    return _ENV[0]


def run_in_process(root: Path, render_into: Path, timeout: float, render: bool = True) -> Outcome:
    started = time.perf_counter()
    out, err = io.StringIO(), io.StringIO()
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = gongkai(["--debug", "check", str(root)])
            if code == 0 and render:  # `check` passed: the pages must render too (a build crashed where check passed)
                content = load_content(root)
                render_site(content, render_into, pdf=False, env=_environment())
    except Hang:
        return Outcome("hang", time.perf_counter() - started)
    except BaseException as exc:  # noqa: BLE001 - a crash of the rendering is what we are looking for
        return Outcome("crash", time.perf_counter() - started, f"{type(exc).__name__}: {exc}"[:500])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    seconds = time.perf_counter() - started
    if code == 3:
        return Outcome("3", seconds, err.getvalue()[-2000:])
    if code in (0, 1) and (problem := _check_output(out.getvalue())):
        return Outcome("bad-output", seconds, problem)
    return Outcome(str(code), seconds, err.getvalue()[:500])


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_isolated(root: Path, timeout: float) -> Outcome:
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "--debug", "check", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_limit_memory,
        cwd=ROOT,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return Outcome("hang", time.perf_counter() - started)
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    seconds = time.perf_counter() - started
    if proc.returncode < 0:
        return Outcome("crash", seconds, f"signal {-proc.returncode}: {err[-500:]}", rss)
    if proc.returncode == 3:
        return Outcome("3", seconds, err[-2000:], rss)
    if proc.returncode in (0, 1) and (problem := _check_output(out)):
        return Outcome("bad-output", seconds, problem, rss)
    return Outcome(str(proc.returncode), seconds, err[:500], rss)


def run(
    count: int,
    seed: int,
    *,
    start: int = 0,
    timeout: float = 20.0,
    isolate_every: int = 0,
    render_every: int = 4,
    progress: bool = False,
) -> Report:
    """Cases ``start`` … ``start + count - 1`` of run ``seed``. A case that passes `check` is also rendered
    (pages and downloads, no search index or PDF) when it is of a named class, and one in ``render_every``
    random mutations (rendering takes ten times as long as checking)."""
    report = Report()
    all_bases = bases()
    with tempfile.TemporaryDirectory(prefix="gongkai-fuzz-") as tmp:
        root, rendered = Path(tmp) / "content", Path(tmp) / "rendered"
        for index in range(start, start + count):
            c = case(seed, index, all_bases)
            write_case(c, root)
            isolated = c.isolate or (isolate_every > 0 and index % isolate_every == 0)
            render = c.name != "mutation" or index % render_every == 0
            outcome = run_isolated(root, timeout) if isolated else run_in_process(root, rendered, timeout, render)
            report.add(index, c, outcome)
            if progress and (index - start + 1) % 500 == 0:
                print(f"  {index - start + 1} 例：{dict(sorted(report.counts.items()))}", flush=True)
    return report


def peak_rss_mb(report: Report) -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return max(own, report.child_rss_kb) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="gongkai check 的模糊测试")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--start", type=int, default=0, help="从第几例开始（重现某一例）")
    parser.add_argument("--timeout", type=float, default=20.0, help="一例超过这么多秒算挂起")
    parser.add_argument("--isolate-every", type=int, default=100, help="每隔多少例在子进程中运行一例")
    parser.add_argument("--render-every", type=int, default=4, help="通过检查的随机变异中每隔多少例也生成网页")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    started = time.perf_counter()
    report = run(
        args.cases,
        args.seed,
        start=args.start,
        timeout=args.timeout,
        isolate_every=args.isolate_every,
        render_every=args.render_every,
        progress=True,
    )
    seconds = time.perf_counter() - started
    total = sum(report.counts.values())
    print(f"模糊测试：{total} 例（种子 {args.seed}），用时 {seconds:.0f} 秒")
    names = {
        "0": "通过",
        "1": "内容错误",
        "2": "用法/环境错误",
        "3": "内部错误",
        "crash": "崩溃",
        "hang": "挂起",
        "bad-output": "输出格式不对",
    }
    for status in ("0", "1", "2", "3", "crash", "hang", "bad-output"):
        print(f"  退出状态 {status:>10} {names[status]}：{report.counts.get(status, 0)}")
    print("  各类：" + "，".join(f"{name} {n}" for name, n in sorted(report.by_class.items())))
    print(f"  最慢一例：{report.slowest[0]:.2f} 秒（第 {report.slowest[1]} 例，{report.slowest[2]}）")
    print(f"  内存峰值：{peak_rss_mb(report):.0f} MB（本进程与子进程中较大者）")
    for index, name, outcome in report.failures[:20]:
        print(f"  失败：第 {index} 例（{name}）：{outcome.status}：{outcome.detail}")
    return 1 if report.bad or peak_rss_mb(report) > 500 else 0


if __name__ == "__main__":
    sys.exit(main())
