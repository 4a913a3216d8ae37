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

Each shard of the search index is taken over the same way when none of its pages changed
(steps/search.py). A folder is taken over only while it still holds every file listed in its key
file, at its size. A build that takes over everything writes the same bytes as a clean build
(tests/test_incremental.py).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
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


def _files(folder: Path) -> dict[str, int]:
    """The files of a folder the next build may take over, with their sizes (PDFs have their own key)."""
    return {
        p.relative_to(folder).as_posix(): p.stat().st_size
        for p in _tree(folder)
        if p.name != KEY_FILE and not p.name.endswith(NOT_TAKEN_OVER)
    }


def stored(previous: Path | None, path: str, key: str) -> list[str] | None:
    """The pages of the previous build's folder ``path`` when it was made with ``key`` and still holds
    every file it was made with (none missing, none of another size), else None."""
    if previous is None:
        return None
    try:
        record = json.loads((previous / path / KEY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("key") != key:
        return None
    pages, files = record.get("pages"), record.get("files")
    if not isinstance(pages, list) or not all(isinstance(p, str) for p in pages) or not isinstance(files, dict):
        return None
    folder = os.path.join(previous, path)  # strings, not Paths: this runs for every file of the site
    for name, size in files.items():
        try:
            if not isinstance(name, str) or os.stat(os.path.join(folder, name)).st_size != size:
                return None
        except OSError:
            return None
    return pages


def take_over(previous: Path, staging: Path, path: str) -> None:
    """Link the files the previous build made in its folder ``path`` into the staging folder."""
    source, target = os.path.join(previous, path), os.path.join(staging, path)
    with open(os.path.join(source, KEY_FILE), encoding="utf-8") as f:
        record = json.load(f)
    folders: set[str] = set()  # made already: one mkdir per folder, not per file
    for name in [*record["files"], KEY_FILE]:
        old, new = os.path.join(source, name), os.path.join(target, name)
        parent = os.path.dirname(new)
        if parent not in folders:
            os.makedirs(parent, exist_ok=True)
            folders.add(parent)
        try:
            os.link(old, new)
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                raise
            shutil.copy2(old, new)


def pages_by_folder(pages: Iterable[str]) -> dict[str, list[str]]:
    """The pages of each disclosure folder (``<年度>/<目录名>``), in their order: one pass over the
    site's pages, not one per disclosure (quadratic at a province's size)."""
    folders: dict[str, list[str]] = {}
    for page in pages:
        parts = page.split("/", 2)
        if len(parts) == 3:
            folders.setdefault(f"{parts[0]}/{parts[1]}", []).append(page)
    return folders


def store(staging: Path, path: str, key: str, pages: list[str]) -> None:
    """The key of the folder ``path`` just made, its pages and its files (with their sizes)."""
    record = {"key": key, "pages": pages, "files": _files(staging / path)}
    (staging / path / KEY_FILE).write_text(json.dumps(record, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


# --- A build with nothing changed -------------------------------------------------------------
#
# ``gongkai build`` first hashes every input (each file of the content folder, the engine, the
# options); when the digest equals the one recorded by the previous build of the same output, and
# the output is still exactly the tree that build left (every file's size, time and inode), nothing
# is loaded nor written: the check's diagnostics recorded then are printed again, as they were.
# The record lives beside the output (``.<name>.gongkai-build``, like the lock), not in it: the
# output stays the same bytes as a clean build's.

RECORD_SUFFIX = ".gongkai-build"


@dataclass(frozen=True)
class Checked:
    """What the check of the content printed: its diagnostics, one line each, and the counts."""

    lines: list[str]
    errors: int
    warnings: int
    disclosures: int
    site: bool  # site.yml was read


def record_path(output: Path) -> Path:
    return output.parent / f".{output.name}{RECORD_SUFFIX}"


def inputs_digest(content_root: Path, shown: str, templates: Path, *, pdf: bool) -> str | None:
    """Every input of a build: the content folder's files, the engine, the options; None when the
    content holds what this cannot vouch for (a link to a folder, an unreadable file)."""
    h = hashlib.sha256(engine_digest(templates).encode())
    options = {
        "content": shown,  # diagnostics name files as the command line did
        "cwd": os.getcwd(),
        "pdf": pdf,
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH"),
    }
    h.update(json.dumps(options, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n")
    if pdf:
        from generator.pdf.cache import environment_digest  # the browser, fonts, PDF code

        h.update(environment_digest().encode())
    try:
        for folder, dirs, files in os.walk(content_root):
            dirs.sort()
            base = Path(folder)
            h.update(b"D " + base.relative_to(content_root).as_posix().encode("utf-8", "surrogateescape") + b"\0")
            if any(os.path.islink(base / name) for name in dirs):
                return None
            for name in sorted(files):
                path = base / name
                h.update(b"F " + path.relative_to(content_root).as_posix().encode("utf-8", "surrogateescape") + b"\0")
                if path.is_symlink():
                    h.update(os.readlink(path).encode("utf-8", "surrogateescape") + b"\0")
                data = path.read_bytes()
                h.update(f"{len(data)}\0".encode() + data)
    except (OSError, ValueError):
        return None
    return h.hexdigest()


def output_stamp(output: Path) -> str:
    """The output tree as it lies on disk: each entry's name, type, size, time and inode."""
    h = hashlib.sha256()
    todo = [(os.fspath(output), "")]
    while todo:  # each folder's entries in name order, then its subfolders (depth first)
        folder, rel = todo.pop()
        with os.scandir(folder) as entries:
            listed = sorted(entries, key=lambda e: e.name)
        lines = []
        subfolders = []
        for entry in listed:
            st = entry.stat(follow_symlinks=False)
            lines.append(f"{rel}{entry.name}\0{st.st_mode} {st.st_size} {st.st_mtime_ns} {st.st_ino}\n")
            if entry.is_dir(follow_symlinks=False):
                subfolders.append((entry.path, f"{rel}{entry.name}/"))
        h.update("".join(lines).encode("utf-8", "surrogateescape"))
        todo.extend(reversed(subfolders))
    return h.hexdigest()


def unchanged(output: Path, inputs: str | None) -> tuple[Checked, int] | None:
    """The recorded check and page count when ``output`` is the build of exactly ``inputs``."""
    if inputs is None or not output.is_dir():
        return None
    try:
        record = json.loads(record_path(output).read_text(encoding="utf-8"))
        if record["inputs"] != inputs or record["output"] != str(output.resolve()):
            return None
        checked = Checked(
            [str(line) for line in record["lines"]],
            int(record["errors"]),
            int(record["warnings"]),
            int(record["disclosures"]),
            bool(record["site"]),
        )
        pages = int(record["pages"])
        stamp = record["stamp"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if stamp != output_stamp(output):
        return None
    return checked, pages


def record_build(output: Path, inputs: str, checked: Checked, pages: int) -> None:
    """After a build swapped ``output`` in (under its lock): what the next build compares with."""
    record = {
        "inputs": inputs,
        "output": str(output.resolve()),
        "stamp": output_stamp(output),
        "pages": pages,
        "lines": checked.lines,
        "errors": checked.errors,
        "warnings": checked.warnings,
        "disclosures": checked.disclosures,
        "site": checked.site,
    }
    path = record_path(output)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    temporary.replace(path)
