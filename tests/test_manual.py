"""The user manual (mkdocs-material): it builds strictly, loads nothing from outside, and its examples are real.

Examples in ``docs/*.md`` are marked with HTML comments (invisible in the manual) before a fenced block:

- ``<!-- example: NAME file: PATH -->`` — the block is the whole file ``PATH`` of the complete example
  ``NAME``, a content directory.
- ``<!-- example: NAME from: BASE file: PATH -->`` before a ``diff`` block — example ``NAME`` is ``BASE``
  with the lines marked ``-`` in ``PATH`` replaced by those marked ``+`` (lines starting with a space are
  context, kept).
- ``<!-- check-output: NAME -->`` — the block is exactly what ``gongkai check content`` prints for
  example ``NAME`` (run in the folder holding ``content``).

Every example must pass ``gongkai check`` (exit 0) unless the manual shows its output, and then the
output must be what the manual shows, line for line. So the manual cannot drift from the code.
After a deliberate change of the messages, ``GONGKAI_UPDATE_MANUAL=1 pytest tests/test_manual.py`` pastes the
real output into the manual (and still fails once, so that the change is reviewed).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.cli import main
from generator.diagnostics import CODES

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

MARKER = re.compile(
    r"<!--\s*(?P<what>example|check-output):\s*(?P<args>.*?)\s*-->\s*\n```(?P<lang>[^\n]*)\n(?P<body>.*?)^```",
    re.S | re.M,
)
ARGS = re.compile(r"(\w[\w-]*):\s*(\S+)")


@dataclass
class Example:
    name: str
    files: dict[str, str] = field(default_factory=dict)
    base: str | None = None
    edits: list[tuple[str, str, str]] = field(default_factory=list)  # (path, old, new)
    output: list[str] | None = None
    output_page: Path | None = None  # where the shown output is, for GONGKAI_UPDATE_MANUAL=1
    where: list[str] = field(default_factory=list)


def manual_pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def collect_examples() -> dict[str, Example]:
    examples: dict[str, Example] = {}
    for page in manual_pages():
        text = page.read_text(encoding="utf-8")
        for m in MARKER.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            where = f"{page.relative_to(ROOT)}:{line}"
            if m["what"] == "check-output":
                name = m["args"].strip()
                ex = examples.setdefault(name, Example(name))
                assert ex.output is None, f"{where}: a second check-output for {name}"
                ex.output = m["body"].rstrip("\n").split("\n")
                ex.output_page = page
                ex.where.append(where)
                continue
            args = dict(ARGS.findall(m["args"]))
            assert set(args) <= {"example", "from", "file"} and "file" in args, f"{where}: bad marker {m['args']}"
            name = m["args"].split()[0]
            ex = examples.setdefault(name, Example(name))
            ex.where.append(where)
            if "from" in args:
                assert m["lang"].strip() == "diff", f"{where}: an example made from another is a diff block"
                ex.base = args["from"]
                old, new = [], []
                for diff_line in m["body"].rstrip("\n").split("\n"):
                    sign, rest = diff_line[:1], diff_line[1:]
                    assert sign in "-+ ", f"{where}: diff line {diff_line!r}"
                    if sign in "- ":
                        old.append(rest)
                    if sign in "+ ":
                        new.append(rest)
                ex.edits.append((args["file"], "\n".join(old) + "\n", "\n".join(new) + "\n"))
            else:
                assert m["lang"].strip() == "yaml", f"{where}: a complete example file is a yaml block"
                ex.files[args["file"]] = m["body"]
    return examples


EXAMPLES = collect_examples()


def materialize(name: str) -> dict[str, str]:
    ex = EXAMPLES[name]
    files = dict(materialize(ex.base)) if ex.base else {}
    files.update(ex.files)
    for path, old, new in ex.edits:
        assert path in files, f"{ex.where}: {path} is not a file of {ex.base}"
        assert files[path].count(old) == 1, f"{ex.where}: the '-' lines must occur once in {path}:\n{old}"
        files[path] = files[path].replace(old, new)
    return files


def test_the_manual_has_complete_examples():
    names = set(EXAMPLES)
    assert {"shili", "hainan"} <= names, names
    assert any(ex.output and any(" error GK" in line for line in ex.output) for ex in EXAMPLES.values())


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_manual_example_checks_as_shown(name, tmp_path, monkeypatch, capsys):
    ex = EXAMPLES[name]
    files = materialize(name)
    assert files, f"{ex.where}: example {name} has no files"
    assert "site.yml" in files, f"{ex.where}: example {name} has no site.yml"
    for path, text in files.items():
        target = tmp_path / "content" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["check", "content"])
    lines = capsys.readouterr().out.rstrip("\n").split("\n")
    if ex.output is None:
        assert code == 0, f"{ex.where}: the complete example {name} does not pass gongkai check:\n" + "\n".join(lines)
    else:
        if lines != ex.output and os.environ.get("GONGKAI_UPDATE_MANUAL") == "1" and ex.output_page is not None:
            # After a deliberate change of the messages: paste what gongkai check really prints, then read the diff.
            shown = f"<!-- check-output: {name} -->\n```text\n" + "\n".join(ex.output) + "\n```"
            page = ex.output_page.read_text(encoding="utf-8")
            assert page.count(shown) == 1, ex.where
            real = f"<!-- check-output: {name} -->\n```text\n" + "\n".join(lines) + "\n```"
            ex.output_page.write_text(page.replace(shown, real), encoding="utf-8")
            pytest.fail(
                f"{ex.where}: the manual now shows the real output of gongkai check for {name}; review the diff"
            )
        assert lines == ex.output, (
            f"{ex.where}: gongkai check prints for {name} (GONGKAI_UPDATE_MANUAL=1 pastes it into the manual):\n"
            + "\n".join(lines)
        )
        assert code == (1 if lines[-1].startswith("检查未通过") else 0)


def build_manual(site_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.fixture(scope="module")
def manual(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("manual") / "site"
    result = build_manual(site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.mark.docs
def test_manual_builds_strictly(manual):
    for page in ("index.html", "publish/index.html", "check/index.html", "build/index.html", "pdf/index.html"):
        assert (manual / page).exists(), page
    for page in ("final-accounts/index.html", "province-layout/index.html", "content-format/index.html"):
        assert (manual / page).exists(), page


# A resource a page loads: a stylesheet, preconnect or preload link, a script, an image, a frame, a CSS import.
LOADS = re.compile(
    r"<link\b[^>]*\bhref=\"(?P<link>[^\"]+)\"[^>]*>|<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc=\"(?P<src>[^\"]+)\""
    r"|@import\s+(?:url\()?[\"']?(?P<imp>[^\"')\s]+)|url\([\"']?(?P<url>https?:[^\"')]+)",
    re.I,
)


@pytest.mark.docs
def test_manual_loads_nothing_from_outside(manual):
    assert "font: false" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    external = []
    files = [p for p in manual.rglob("*") if p.suffix in (".html", ".css", ".js")]
    assert len([p for p in files if p.suffix == ".html"]) >= 9
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        if "fonts.googleapis" in text or "fonts.gstatic" in text:
            external.append(f"{path.relative_to(manual)}: Google Fonts")
        for m in LOADS.finditer(text):
            if m["link"] is not None:
                tag = m.group(0)
                rel = re.search(r"\brel=\"([^\"]*)\"", tag)
                if rel and rel.group(1).lower() in ("canonical", "alternate", "author", "license", "next", "prev"):
                    continue  # a link the reader may follow, not something the page loads
            url = next(u for u in (m["link"], m["src"], m["imp"], m["url"]) if u is not None)
            if re.match(r"(?i)(https?:)?//", url):
                external.append(f"{path.relative_to(manual)}: {url}")
    assert not external, external


@pytest.mark.docs
def test_manual_lists_render_as_lists(manual):
    """A list written without a blank line before it renders as a paragraph with literal '*' or '-'."""
    bad = []
    for page in manual.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for p in re.findall(r"<p>(.*?)</p>", html, re.S):
            if re.search(r"(^|\n)\s*[*+-] \S", p):
                bad.append(f"{page.relative_to(manual)}: {p[:80]!r}")
    assert not bad, bad


def test_manual_is_in_chinese():
    """Prose outside code is Chinese: no paragraph of English left (issue 12)."""
    english = []
    for page in manual_pages():
        text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"`[^`]*`|<!--.*?-->|\([^)]*\)|\{[^}]*\}", "", text, flags=re.S)
        for line in text.split("\n"):
            if len(re.findall(r"\b[A-Za-z]{3,}\b", line)) >= 6 and not re.search(r"[\u4e00-\u9fff]", line):
                english.append(f"{page.relative_to(ROOT)}: {line[:80]}")
    assert not english, english


@pytest.mark.browser
@pytest.mark.docs
def test_manual_pages_load_only_local_files_and_fit_a_phone(manual, open_page):
    """At 375 px no page is wider than the screen (long code lines scroll inside their block), and nothing
    but the manual's own files is requested."""
    for html in sorted(manual.rglob("*.html")):
        if html.name == "404.html":
            continue
        record = open_page(html.as_uri(), viewport={"width": 375, "height": 800})
        page = record.page
        page.wait_for_load_state("load")
        outside = [u for u in record.requests if not u.startswith(("file://", "data:", "blob:"))]
        assert not outside, (html, outside)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (html.relative_to(manual), width)
        overflowing = page.evaluate(
            """() => [...document.querySelectorAll('pre')].filter(pre => {
                   const r = pre.getBoundingClientRect();
                   return r.right > window.innerWidth + 1;
               }).length"""
        )
        assert overflowing == 0, html


def test_every_code_is_documented():
    manual = (ROOT / "docs" / "reference" / "codes.md").read_text(encoding="utf-8")
    for code, meaning in CODES.items():
        assert f"| {code} | {meaning} |" in manual, f"{code} is not in docs/reference/codes.md: run `make reference`"
    assert "reference/codes.md" in (ROOT / "docs" / "check.md").read_text(encoding="utf-8")


def test_the_home_page_introduces_gongkai_and_leads_to_a_chapter_per_task():
    """Issue 12: a real home page (what Gongkai is, the two commands, screenshots) and a chapter per
    user task (publish a department, read `check`, build and upload, archive PDFs)."""
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert "静态网站生成器" in home
    assert "make site" in home and "make test" in home
    for chapter in ("publish.md", "check.md", "build.md", "pdf.md"):
        assert f"]({chapter})" in home, chapter
        assert (ROOT / "docs" / chapter).is_file(), chapter


def test_every_screenshot_is_made_by_the_script_and_shown_in_the_manual():
    """docs/images holds exactly what `make screenshots` writes (nothing made by hand), the phone's
    tables scrolled into their cards among them, and the manual shows each one."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("gongkai_screenshots", ROOT / "scripts" / "screenshots.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = script  # its dataclass looks its module up there
    try:
        spec.loader.exec_module(script)
    finally:
        del sys.modules[spec.name]
    names = {shot.name for shot in script.SHOTS}
    assert names == {p.name for p in (ROOT / "docs" / "images").glob("*.png")}
    assert any(shot.device is script.PHONE and shot.scroll in ("cards", "blocks") for shot in script.SHOTS)
    text = "".join(p.read_text(encoding="utf-8") for p in manual_pages())
    assert all(f"images/{name}" in text for name in names), names
