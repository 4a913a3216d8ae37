"""A few hundred fuzz cases on every `make test` (fixed seed); `make fuzz` runs ten thousand and more."""

from __future__ import annotations

import fuzz_runner
import pytest
from fuzz_cases import NAMED, bases, case
from fuzz_runner import run, run_in_process

SEED = 11
CASES = 250


def test_the_cases_are_reproducible_and_cover_every_class() -> None:
    all_bases = bases()
    first = [case(SEED, i, all_bases) for i in range(CASES)]
    again = [case(SEED, i, all_bases) for i in range(CASES)]
    assert [(c.name, c.files, c.symlinks, c.fifos) for c in first] == [
        (c.name, c.files, c.symlinks, c.fifos) for c in again
    ]
    assert {c.name for c in first} == {"mutation"} | {f.__name__ for f in NAMED}


@pytest.mark.slow
def test_fuzz_never_an_internal_error_a_crash_or_a_hang() -> None:
    report = run(CASES, SEED, timeout=20.0)
    failures = [f"第 {i} 例（{name}）：{o.status}：{o.detail}" for i, name, o in report.failures]
    assert not failures, "\n".join(failures)
    assert report.counts["0"] > 0 and report.counts["1"] > 0
    assert fuzz_runner.peak_rss_mb(report) < 500


def test_the_harness_sees_an_internal_error(check_minimal, tmp_path, monkeypatch) -> None:
    """A bug anywhere in `check` shows up as status 3, with its traceback (the runner asks for --debug)."""
    root = check_minimal()

    def broken(_root):
        raise KeyError("a bug")

    monkeypatch.setattr("generator.cli.load_content", broken)
    outcome = run_in_process(root, tmp_path / "rendered", timeout=20.0)
    assert outcome.status == "3" and "KeyError: 'a bug'" in outcome.detail


def test_the_harness_sees_a_rendering_crash(check_minimal, tmp_path, monkeypatch) -> None:
    def broken(*_args, **_kwargs):
        raise ArithmeticError("cannot print")

    monkeypatch.setattr(fuzz_runner, "render_site", broken)
    outcome = run_in_process(check_minimal(), tmp_path / "rendered", timeout=20.0)
    assert outcome.status == "crash" and "ArithmeticError" in outcome.detail
