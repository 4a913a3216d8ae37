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


_ENGINE: dict[tuple[str, ...], str] = {}  # engine_digest's answers, by the files' names, sizes and times


def engine_digest(templates: Path) -> str:
    """Gongkai's code, its shipped layouts, the templates and assets, and the writing libraries.

    Asked several times a build (the inputs, the site, each search shard): the files are read once
    a process, and again only when one of them changed (its size or time)."""
    files = [p for p in _tree(PACKAGE) if p.suffix in (".py", ".yml")] + _tree(templates)
    signature = (str(templates), *(f"{p} {p.stat().st_size} {p.stat().st_mtime_ns}" for p in files))
    if signature not in _ENGINE:
        _ENGINE.clear()
        _ENGINE[signature] = _engine_digest(templates)
    return _ENGINE[signature]


def _engine_digest(templates: Path) -> str:
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


def disclosure_key(
    site: str, disclosure: Disclosure, also: Iterable[Disclosure] = (), folders: dict[Path, str] | None = None
) -> str:
    """``also``: other disclosures whose content the pages show (a 决算's 预算 beside it).
    ``folders``: the digest of each disclosure folder, when the build read them already
    (:func:`content_digest`): the files are not read again."""
    h = hashlib.sha256(site.encode())
    for d in (disclosure, *also):
        digest = folders.get(d.directory) if folders is not None else None
        h.update((digest or folder_digest(d.directory)).encode() + b"\n")
    return h.hexdigest()


def _files(folder: Path) -> dict[str, int]:
    """The files of a folder the next build may take over, with their sizes (PDFs have their own key)."""
    return {
        p.relative_to(folder).as_posix(): p.stat().st_size
        for p in _tree(folder)
        if p.name != KEY_FILE and not p.name.endswith(NOT_TAKEN_OVER)
    }


def _record(previous: Path | None, path: str, key: str) -> tuple[list[str], dict[str, int]] | None:
    """The pages and files (with their sizes) of the previous build's folder ``path`` if made with ``key``."""
    if previous is None:
        return None
    try:
        with open(os.path.join(previous, path, KEY_FILE), encoding="utf-8") as f:
            record = json.load(f)
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("key") != key:
        return None
    pages, files = record.get("pages"), record.get("files")
    if not isinstance(pages, list) or not all(isinstance(p, str) for p in pages) or not isinstance(files, dict):
        return None
    if not all(isinstance(name, str) and isinstance(size, int) for name, size in files.items()):
        return None
    return pages, files


def take_over(previous: Path | None, staging: Path, path: str, key: str) -> list[str] | None:
    """Link the files the previous build made in its folder ``path`` into the staging folder, when it
    was made with ``key`` and still holds every file it was made with (none missing, none of another
    size); its pages, or None (and nothing linked)."""
    record = _record(previous, path, key)
    if record is None or previous is None:
        return None
    pages, files = record
    source, target = os.path.join(previous, path), os.path.join(staging, path)
    by_folder: dict[str, list[tuple[str, int]]] = {}  # the files of each subfolder: one folder lookup each
    for name, size in files.items():
        folder, _, base = name.rpartition("/")
        by_folder.setdefault(folder, []).append((base, size))
    by_folder.setdefault("", []).append((KEY_FILE, -1))
    try:
        for folder, names in by_folder.items():
            _link_all(os.path.join(source, folder), os.path.join(target, folder), names)
    except FileNotFoundError:
        shutil.rmtree(target, ignore_errors=True)  # nothing of it is kept: the folder is made in full
        return None
    return pages


def _link_all(source: str, target: str, names: list[tuple[str, int]]) -> None:
    """Link each named file of ``source`` into ``target`` (copied where links are not possible); a file
    of another size than given (-1: any) is FileNotFoundError, as a missing one."""
    os.makedirs(target, exist_ok=True)
    old = os.open(source, os.O_RDONLY | os.O_DIRECTORY)
    try:
        new = os.open(target, os.O_RDONLY | os.O_DIRECTORY)
        try:
            for name, size in names:
                if size >= 0 and os.stat(name, dir_fd=old).st_size != size:
                    raise FileNotFoundError(os.path.join(source, name))  # changed since it was made: made again
                try:
                    os.link(name, name, src_dir_fd=old, dst_dir_fd=new)
                except OSError as exc:
                    if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                        raise
                    shutil.copy2(os.path.join(source, name), os.path.join(target, name))
        finally:
            os.close(new)
    finally:
        os.close(old)


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


@dataclass(frozen=True)
class ContentDigest:
    """The content folder read once: the digest of every input of the build, and of each
    disclosure folder's files (the load cache's and the output's keys are made from them)."""

    inputs: str | None  # None when the content holds what this cannot vouch for (a link to a folder)
    folders: dict[Path, str]  # each ``<root>/<年度>/<目录名>`` (as the loader names it) → :func:`folder_digest`


def _file_digests(root: Path) -> list[tuple[str, str, bytes]] | None:
    """Every file below ``root``: its path from ``root``, a symlink's target ("" if none) and the
    SHA-256 of its bytes, in path order (each folder too, with a "/" and no bytes); None when the
    tree holds a link to a folder."""
    found: list[tuple[str, str, bytes]] = []
    for folder, dirs, files in os.walk(root):
        base = os.path.relpath(folder, root)
        prefix = "" if base == "." else base.replace(os.sep, "/") + "/"
        if any(os.path.islink(os.path.join(folder, name)) for name in dirs):
            return None
        found.extend((f"{prefix}{name}/", "", b"") for name in dirs)  # an empty folder counts too
        for name in files:
            path = os.path.join(folder, name)
            link = os.readlink(path) if os.path.islink(path) else ""
            with open(path, "rb") as f:
                found.append((prefix + name, link, hashlib.file_digest(f, "sha256").digest()))
    found.sort()
    return found


def _fold(entries: Iterable[tuple[str, str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, link, digest in entries:
        h.update(name.encode("utf-8", "surrogateescape") + b"\0" + link.encode("utf-8", "surrogateescape") + b"\0")
        h.update(digest)
    return h.hexdigest()


def folder_digest(folder: Path) -> str:
    """A disclosure folder's files (their names and bytes): what its pages are made from."""
    try:
        entries = _file_digests(folder)
    except (OSError, ValueError):
        entries = None
    if entries is None:  # a link to a folder, or unreadable: each file as it reads (the loader reports it)
        h = hashlib.sha256(b"unvouched\0")
        _digest_files(h, _tree(folder), folder)
        return h.hexdigest()
    return _fold(entries)


def content_digest(content_root: Path, shown: str, templates: Path, *, pdf: bool) -> ContentDigest:
    """Every input of a build: the content folder's files (each read once), the engine, the options."""
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
        entries = _file_digests(content_root)
    except (OSError, ValueError):
        entries = None
    if entries is None:
        return ContentDigest(None, {})
    h.update(_fold(entries).encode())
    by_folder: dict[str, list[tuple[str, str, bytes]]] = {}
    for name, link, digest in entries:
        parts = name.split("/", 2)
        if len(parts) == 3:  # <年度>/<目录名>/<file>
            by_folder.setdefault(f"{parts[0]}/{parts[1]}", []).append((parts[2], link, digest))
    folders = {content_root / name: _fold(files) for name, files in by_folder.items()}
    return ContentDigest(h.hexdigest(), folders)


def inputs_digest(content_root: Path, shown: str, templates: Path, *, pdf: bool) -> str | None:
    """Every input of a build (see :func:`content_digest`)."""
    return content_digest(content_root, shown, templates, pdf=pdf).inputs


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
