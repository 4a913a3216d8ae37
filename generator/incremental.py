"""What a build may take over from the previous output instead of making it again.

A disclosure's folder in the output (its pages, CSV, XLSX, JSON, data package) is decided by:
its own source files (everything in its content folder: includes cannot leave it), ``site.yml``,
the layout files, the templates and assets, Gongkai's own code and the libraries that write the
files, whether PDFs are linked, and the list of all disclosures (the portal's neighbours: a page
may link the same department's other year), and for a 决算 the 预算 its tables are shown beside
(render/comparison.py). :func:`disclosure_key` hashes all of that. The key is
stored in the folder as ``.gongkai-key`` together with the pages it holds; when the next build
computes the same key, the folder is hard-linked from the previous output (copied where links are
not possible) and none of its files is made again. PDFs keep their own key (``pdf/cache.py``).

The search index is taken over the same way when no page of the site changed. A build that takes
over everything writes the same bytes as a clean build (tests/test_incremental.py).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from generator.layouts.registry import layout_files
from generator.load.content import SITE_FILE
from generator.model.document import Disclosure

KEY_FILE = ".gongkai-key"
PACKAGE = Path(__file__).resolve().parent
# the libraries whose version changes the bytes written
LIBRARIES = ("jinja2", "markdown-it-py", "pyyaml", "xlsxwriter", "pagefind")
# made by their own step, with their own key (pdf/cache.py): never linked with the folder
NOT_TAKEN_OVER = (".pdf", ".pdf.key")


def _digest_files(h: hashlib._Hash, files: Iterable[Path], base: Path) -> None:
    for path in files:
        h.update(path.relative_to(base).as_posix().encode("utf-8") + b"\0")
        h.update(path.read_bytes() + b"\0")


def _tree(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def engine_digest(templates: Path) -> str:
    """Gongkai's code, its shipped layouts, the templates and assets, and the writing libraries."""
    h = hashlib.sha256()
    _digest_files(h, (p for p in _tree(PACKAGE) if p.suffix in (".py", ".yml")), PACKAGE)
    _digest_files(h, _tree(templates), templates)
    for library in LIBRARIES:
        try:
            h.update(f"{library} {version(library)}\n".encode())
        except PackageNotFoundError:
            h.update(f"{library} -\n".encode())
    return h.hexdigest()


def site_digest(content_root: Path, templates: Path, disclosures: list[Disclosure], *, pdf: bool) -> str:
    """What every disclosure's pages share: the engine, site.yml, the site's layouts, the list of disclosures."""
    h = hashlib.sha256(engine_digest(templates).encode())
    h.update(f"pdf={pdf}\n".encode())
    site_file = content_root / SITE_FILE
    h.update(site_file.read_bytes() if site_file.is_file() else b"-")
    root = content_root.resolve()
    site_layouts = [p for p in layout_files(root) if p.resolve().is_relative_to(root)]  # the package's: in the engine
    _digest_files(h, site_layouts, root)
    for d in disclosures:
        line = [
            str(d.year),
            d.kind,
            d.slug,
            d.department.code or "",
            d.department.name,
            d.title,
            str(d.published),
            d.scope,
        ]
        h.update(json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n")
    return h.hexdigest()


def disclosure_key(site: str, disclosure: Disclosure, also: Iterable[Disclosure] = ()) -> str:
    """``also``: other disclosures whose content the pages show (a 决算's 预算 beside it)."""
    h = hashlib.sha256(site.encode())
    for d in (disclosure, *also):
        _digest_files(h, _tree(d.directory), d.directory)
    return h.hexdigest()


def stored(previous: Path | None, path: str, key: str) -> list[str] | None:
    """The pages of the previous build's folder ``path`` when it was made with ``key``, else None."""
    if previous is None:
        return None
    try:
        record = json.loads((previous / path / KEY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("key") != key:
        return None
    pages = record.get("pages")
    if not isinstance(pages, list) or not all(isinstance(p, str) for p in pages):
        return None
    return pages


def take_over(previous: Path, staging: Path, path: str) -> None:
    """Link the previous build's folder ``path`` into the staging folder (PDFs excepted)."""
    source, target = previous / path, staging / path
    for old in _tree(source):
        if old.name.endswith(NOT_TAKEN_OVER):
            continue
        new = target / old.relative_to(source)
        new.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(old, new)
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                raise
            shutil.copy2(old, new)


def store(staging: Path, path: str, key: str, pages: list[str]) -> None:
    record = {"key": key, "pages": pages}
    (staging / path / KEY_FILE).write_text(json.dumps(record, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
