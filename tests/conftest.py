"""Shared fixtures for the `gongkai check` tests (prefixed ``check_``)."""

from __future__ import annotations

import fcntl
import itertools
import os
import re
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from _pytest.mark.expression import Expression

from generator.pdf.chromium import ARGS, EXECUTABLE

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = Path(__file__).resolve().parents[1] / "content"
MINIMAL_SITE = "title: 测试平台\nowner: 测试财政局\n"


@pytest.fixture(scope="session")
def example_content():
    """The example content/ loaded and validated once per test session."""
    from generator.pipeline import load_content

    return load_content(EXAMPLE)


@pytest.fixture(scope="session")
def example_disclosures(example_content) -> dict:
    """The example disclosures by folder name (slug)."""
    return {d.slug: d for d in example_content.disclosures}


@pytest.fixture(scope="module")
def doc(request, example_disclosures):
    """The example disclosure named by the test module's ``SLUG``."""
    return example_disclosures[request.module.SLUG]


@pytest.fixture(scope="module")
def projects(doc):
    """Its 项目绩效目标表, in document order."""
    return doc.projects()


@pytest.fixture
def check_tree(tmp_path: Path) -> Callable[..., Path]:
    """Write a content tree: ``{relative path: YAML text}`` (dedented) under ``tmp_path/content``.

    A valid ``site.yml`` is added unless the files give one (``None`` = leave it out).
    """

    def write(files: dict[str, str | bytes | None]) -> Path:
        root = tmp_path / "content"
        root.mkdir(exist_ok=True)
        files = {"site.yml": MINIMAL_SITE, **files}
        for name, text in files.items():
            if text is None:
                continue
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return write


@pytest.fixture
def check_minimal(tmp_path: Path) -> Callable[..., Path]:
    """Copy tests/fixtures/minimal (a clean, complete disclosure) and apply text edits.

    ``edits`` maps a file below ``2025/ceshi-sifaju/`` to ``[(old, new), …]``; each ``old`` must occur once.
    """

    def make(edits: dict[str, list[tuple[str, str]]] | None = None) -> Path:
        root = tmp_path / "content"
        shutil.copytree(FIXTURES / "minimal", root)
        for name, replacements in (edits or {}).items():
            path = root / "2025" / "ceshi-sifaju" / name
            text = path.read_text(encoding="utf-8")
            for old, new in replacements:
                assert text.count(old) == 1, f"{old!r} must occur once in {name}"
                text = text.replace(old, new)
            path.write_text(text, encoding="utf-8")
        return root

    return make


# ---------------------------------------------------------------------------
# Browser tests (marked ``browser``): the example site built once, served on loopback,
# driven by one Debian Chromium for the whole session.

PROJECT_ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_CONTENT = PROJECT_ROOT / "content"
CHROMIUM = EXECUTABLE
CHROMIUM_ARGS = ARGS


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """content/ built once (no PDFs) into a temporary ``output`` directory; tests only read it.

    Under pytest-xdist the workers of one run share it: the first to ask builds it (under a lock)
    in the run's own temporary folder, the others wait for it instead of building it again."""
    from generator.build import build

    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        folder = tmp_path_factory.mktemp("built")
    else:
        folder = tmp_path_factory.getbasetemp().parent / "built-site"  # the run's folder, above each worker's
        folder.mkdir(exist_ok=True)
    output, done = folder / "output", folder / "built"
    with (folder / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            code, result = build(EXAMPLE_CONTENT, output, pdf=False, log=lambda *_: None)
            assert code == 0 and result is not None, "the example content must build"
            done.touch()
    return output


@pytest.fixture(scope="session")
def site_server(built_site: Path):
    """The built site over http on 127.0.0.1 (Pagefind fetches its index, so file:// will not do).

    Yields the base URL, ending in ``/``.
    """
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        extensions_map = {
            **SimpleHTTPRequestHandler.extensions_map,
            ".wasm": "application/wasm",
            ".js": "text/javascript",
            ".json": "application/json",
        }

        def log_message(self, *args) -> None:  # keep the test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's) for the whole session."""
    if not Path(CHROMIUM).exists():  # a missing browser is a broken setup, not a reason to skip
        pytest.fail(f"{CHROMIUM} is not installed: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


class PageRecord:
    """A page with what it asked the network for and what it logged."""

    def __init__(self, page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    @property
    def problems(self) -> list[str]:
        """Console errors and warnings (CSP violations are logged as errors) and uncaught exceptions."""
        return [m for m in self.console if m.startswith(("error", "warning"))] + self.errors


@pytest.fixture
def open_page(browser):
    """``open_page(url=None, **context_options) -> PageRecord``: a fresh context each call, closed after the test."""
    contexts = []

    def make(url: str | None = None, **options) -> PageRecord:
        options.setdefault("viewport", {"width": 1280, "height": 800})
        context = browser.new_context(**options)
        contexts.append(context)
        record = PageRecord(context.new_page())
        if url:
            record.page.goto(url)
        return record

    yield make
    for context in contexts:
        context.close()


def _build_fixture(name: str, output: Path) -> Path:
    from generator.build import build

    code, result = build(FIXTURES / name, output, pdf=False, log=lambda *_: None)
    assert code == 0 and result is not None, f"tests/fixtures/{name} must build"
    return output


@pytest.fixture(scope="session")
def pair_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/pair built (某某县财政局 2024: its 预算 and its 决算), for the 决算 page's comparison."""
    return _build_fixture("pair", tmp_path_factory.mktemp("pair") / "output")


@pytest.fixture(scope="session")
def selfeval_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/selfeval built: a 项目支出绩效自评表 and a 部门整体支出绩效自评表 (content/ has none)."""
    return _build_fixture("selfeval", tmp_path_factory.mktemp("selfeval") / "output")


# A module whose ``pytestmark = pytest.mark.<name>`` line the ``-m`` expression deselects whatever
# other marks its tests carry is not imported at all: `make test-fast` then skips importing Playwright,
# pikepdf and pypdf in each xdist worker (about a second of every worker's collection).
MODULE_MARK = re.compile(r"^pytestmark = pytest\.mark\.(\w+)\b", re.M)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    expression = config.getoption("markexpr")
    if not expression or collection_path.suffix != ".py" or not collection_path.name.startswith("test_"):
        return None
    found = MODULE_MARK.search(collection_path.read_text(encoding="utf-8"))
    if found is None:
        return None
    compiled = Expression.compile(expression)
    others = sorted(set(re.findall(r"\b\w+\b", expression)) - {"and", "or", "not", found[1]})
    # deselected for every combination of the marks the expression names: no test of it can run
    for chosen in itertools.product((False, True), repeat=len(others)):
        marks = {found[1], *(name for name, on in zip(others, chosen, strict=True) if on)}
        if compiled.evaluate(_Marked(marks)):
            return None
    return True


class _Marked:
    """What ``-m`` asks of a test: whether it carries a mark of that name."""

    def __init__(self, marks: set[str]) -> None:
        self.marks = marks

    def __call__(self, name: str, /, **kwargs: str | int | bool | None) -> bool:
        return name in self.marks
