"""Golden output, as Pelican does it: ``tests/fixtures/minimal`` built (no PDF) must give exactly the
files committed under ``tests/golden/minimal``, so that any change to a page or a download shows
as a diff in review.

After an intended change (a template, the page plan, an export), regenerate and read the diff:

    make golden        (= .venv/bin/python tests/test_golden.py)
    git diff tests/golden

Left out: ``pagefind/`` (Pagefind's binary index, whose bytes change with its version), ``assets/``
(copied unchanged from ``site_templates/assets``) and ``*.xlsx`` (zip archives; their cells are
compared with the HTML in ``test_site_data.py``): their names are still compared.
"""

from __future__ import annotations

import difflib
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import generator.steps.search as search_step  # noqa: E402
from generator.build import build  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
GOLDEN = ROOT / "tests" / "golden" / "minimal"
NOT_COMPARED = ("pagefind/", "assets/")


def compared(name: str) -> bool:
    # .gongkai-key: a hash of Gongkai's own code (generator/incremental.py), new with every change of it
    return not name.startswith(NOT_COMPARED) and not name.endswith((".xlsx", ".gongkai-key"))


def build_fixture(output: Path) -> dict[str, bytes]:
    """The fixture built into ``output`` (no search index, no PDF): every file by its path."""
    index_search = search_step.index_search
    search_step.index_search = lambda shard: None
    try:
        code, _ = build(FIXTURE, output, pdf=False, log=lambda *_: None)
    finally:
        search_step.index_search = index_search
    assert code == 0, "tests/fixtures/minimal must build"
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


def golden_files() -> dict[str, bytes]:
    return {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in sorted(GOLDEN.rglob("*")) if p.is_file()}


def test_the_minimal_site_is_built_as_committed(tmp_path: Path) -> None:
    built = build_fixture(tmp_path / "output")
    names = sorted(n for n in built if not n.startswith(NOT_COMPARED))
    listed = (GOLDEN.parent / "minimal.files").read_text(encoding="utf-8").split()
    assert names == listed, "the files written changed: run `make golden` and review `git diff tests/golden`"
    golden = golden_files()
    assert sorted(golden) == sorted(n for n in names if compared(n))
    differing = []
    for name in sorted(golden):
        if built[name] != golden[name]:
            diff = difflib.unified_diff(
                golden[name].decode("utf-8", "replace").splitlines(),
                built[name].decode("utf-8", "replace").splitlines(),
                f"golden/{name}",
                f"built/{name}",
                lineterm="",
                n=1,
            )
            differing.append("\n".join(list(diff)[:30]))
    assert not differing, (
        "the built site differs from tests/golden (if intended: `make golden`, then review the diff):\n"
        + "\n".join(differing[:5])
    )


def regenerate() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        built = build_fixture(Path(tmp) / "output")
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for name, data in built.items():
        if compared(name):
            target = GOLDEN / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    names = sorted(n for n in built if not n.startswith(NOT_COMPARED))
    (GOLDEN.parent / "minimal.files").write_text("\n".join(names) + "\n", encoding="utf-8")
    print(f"tests/golden/minimal: {sum(compared(n) for n in built)} files written; review with `git diff tests/golden`")


if __name__ == "__main__":
    regenerate()
