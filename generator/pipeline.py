"""Load, validate and settle the content: what ``gongkai check`` runs and ``gongkai build`` starts with.

The stages, in order:

1. load      — every disclosure folder and ``site.yml``, each value with its file, line and column;
2. validate  — the schema and each table's structure, giving the typed model (``validate/structure.py``);
3. settle    — the sums a layout declares: filled in where the source left them out (marked computed),
               checked where it gives them (``validate/arithmetic.settle_sums``);
4. check     — what reads the settled figures: identities across tables, figures stated in the text,
               completeness; then the ``acknowledged:`` entries turn their errors into warnings.

The rest of the build (views, pages, downloads, search, PDFs) is ``generator/build.py``.

Each disclosure goes through stages 1-4 by itself (its own reporter), so that the disclosures can be
loaded by several forked processes (``jobs``, both cores of a 2-core server) and handed back pickled;
the check across disclosures (GK010, one department's year published twice) runs in the parent. What
is printed is the same whichever process loaded a disclosure. (One disclosure folder given to
``gongkai check`` is checked in one process, as before.)

``gongkai build`` keeps a cache of the loaded disclosures beside its output (``.<name>.gongkai-cache/``):
each disclosure's model after stages 1-4 and the diagnostics it gave, keyed by every file of its folder
(includes cannot leave it), the site's layouts and ``site.yml``, and Gongkai's own code. A rebuild after
one disclosure changed loads that one; the others are read back from the cache, with the same
diagnostics. Only the check across disclosures (GK010, one department's year published twice) runs
again over all of them.
"""

from __future__ import annotations

import copy
import gc
import hashlib
import io
import multiprocessing
import os
import pickle
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from generator.diagnostics import Diagnostic, Reporter
from generator.layouts import Registry, load_registry
from generator.layouts.registry import layout_files
from generator.layouts.spec import TableKind
from generator.load.content import (
    DISCLOSURE_FILE,
    SITE_FILE,
    RawDisclosure,
    disclosure_files,
    discover,
    display,
    read_content_yaml,
)
from generator.model.document import Disclosure, Part, Site
from generator.validate.acknowledged import apply_acknowledgements
from generator.validate.arithmetic import settle_sums
from generator.validate.completeness import check_completeness
from generator.validate.cross_tables import check_cross_tables
from generator.validate.stated import check_stated_figures
from generator.validate.structure import Builder, build_disclosures, build_site, report_published_twice


@dataclass
class Content:
    root: Path
    site: Site | None
    disclosures: list[Disclosure]
    reporter: Reporter
    registry: Registry
    # the digest of each disclosure folder's files, when the build read them before loading
    # (incremental.content_digest): the output's keys are made from them without reading them again
    folders: dict[Path, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.site is not None and not self.reporter.errors


def settle(disclosures: list[Disclosure], reporter: Reporter) -> None:
    """Fill in the left-out sums and check the given ones, table by table."""
    for disclosure in disclosures:
        settle_sums(disclosure, reporter)


def check(disclosures: list[Disclosure], reporter: Reporter, registry: Registry) -> None:
    """The checks over settled figures, then the acknowledged errors."""
    for disclosure in disclosures:
        check_cross_tables(disclosure, reporter)
        check_stated_figures(disclosure, reporter)
        check_completeness(disclosure, reporter, registry)
        apply_acknowledgements(disclosure, reporter)


def load_content(
    root: Path, cache: Path | None = None, jobs: int | None = None, folders: dict[Path, str] | None = None
) -> Content:
    """Load, validate, settle and check everything under ``root``; never raises for bad input.

    ``cache``: a folder keeping each disclosure's loaded model (see the module's docstring).
    ``jobs``: processes loading the disclosures (default: the CPUs available, at most 4); each
    disclosure is loaded by itself, so which process loaded it changes nothing in the result.
    ``folders``: each disclosure folder's digest, if read already (``incremental.content_digest``)."""
    reporter = Reporter()
    only: Path | None = None
    if (root / DISCLOSURE_FILE).is_file():
        # one disclosure folder (content/<年度>/<目录名>): check it within its content directory
        only, root = root.resolve(), root.resolve().parent.parent
    registry = load_registry(root, reporter)
    if only is None:
        raw = discover(root, reporter, read_disclosures=False)
        site = build_site(raw, reporter)
        folders = folders or {}
        disclosures = _load_all(root, reporter, registry, cache, default_jobs() if jobs is None else jobs, folders)
        return Content(root, site, disclosures, reporter, registry, folders)
    raw = discover(root, reporter)
    raw.disclosures = [d for d in raw.disclosures if d.directory.resolve() == only]
    site = build_site(raw, reporter)
    disclosures = build_disclosures(raw, reporter, registry)
    settle(disclosures, reporter)
    check(disclosures, reporter, registry)
    disclosures.sort(key=lambda d: (-d.year, d.department.name, d.kind))
    return Content(root, site, disclosures, reporter, registry)


def default_jobs() -> int:
    return max(1, min(4, len(os.sched_getaffinity(0))))


# (the disclosure or None, the diagnostics of reading and validating it, all its diagnostics after
# settling, checking and its acknowledgements)
Loaded = tuple[Disclosure | None, list[Diagnostic], list[Diagnostic]]
CACHE_SUFFIX = ".pickle"  # the whole model and its diagnostics
SUMMARY_SUFFIX = ".summary"  # the disclosure without its parts and its diagnostics (CachedDisclosure)


def _load_one(path: Path, root: Path, registry: Registry) -> Loaded:
    """Stages 1-4 for one disclosure, with a reporter of its own."""
    reporter = Reporter()
    raw = RawDisclosure(path.parent, read_content_yaml(path, root, reporter), display(path, root))
    disclosure = Builder(raw, root, reporter, registry).build()
    validated = list(reporter.items)
    if disclosure is not None:
        settle([disclosure], reporter)
        check([disclosure], reporter, registry)
    return disclosure, validated, reporter.items


def _cache_base(root: Path) -> hashlib._Hash:
    from generator.incremental import PACKAGE, _digest_files, _tree  # the code that loads and checks

    h = hashlib.sha256(f"{root}\n".encode("utf-8", "surrogateescape"))
    _digest_files(h, (p for p in _tree(PACKAGE) if p.suffix in (".py", ".yml")), PACKAGE)
    site_file = root / SITE_FILE
    h.update(site_file.read_bytes() if site_file.is_file() else b"-")
    resolved = root.resolve()
    _digest_files(h, [p for p in layout_files(resolved) if p.resolve().is_relative_to(resolved)], resolved)
    return h


def _cache_key(base: hashlib._Hash, folder: Path, digest: str | None) -> str | None:
    from generator.incremental import folder_digest

    h = base.copy()
    h.update(f"{folder.name}\n{folder.parent.name}\n".encode("utf-8", "surrogateescape"))  # its locations
    try:
        if folder.is_symlink():
            return None
        h.update((digest or folder_digest(folder)).encode())
    except (OSError, ValueError):
        return None  # read by the loader, which reports it
    return h.hexdigest()


class CachedDisclosure(Disclosure):
    """A disclosure read back from the load cache as its summary (everything but its parts). Its
    parts (the tables and the text: most of the model, and most of reading it back) are read from
    the cache when first asked for: a rebuild after one change lays out that one disclosure, and
    the portal, the catalogue and the output's keys need the others' summaries only."""

    _parts: list[Part] | None = None
    _whole: Path  # the cache entry holding the whole model
    _source: tuple[Path, Path, Registry]  # disclosure.yml, the content root, the layouts: read again if need be

    @property
    def parts(self) -> list[Part]:
        if self._parts is None:
            registry = self._source[2]
            try:
                with _collector_paused():
                    disclosure = _loads(self._whole.read_bytes(), registry)[0]
            except Exception:  # removed or damaged since its summary was read: loaded again
                disclosure = _load_one(*self._source)[0]
            if disclosure is None:
                raise RuntimeError(f"{self._source[0]} 在生成过程中被改动，无法读取")
            self._parts = disclosure.parts
        return self._parts

    @parts.setter
    def parts(self, value: list[Part]) -> None:
        self._parts = value

    def release(self) -> None:
        """Let the parts go (after its files are written): read again from the cache if asked for.
        What :meth:`walk` remembers goes with them (it holds every block: the worker making a chunk
        after another kept them all, and a walk of the parts read again must see those)."""
        self._parts = None
        self.__dict__.pop("_walked", None)
        self.__dict__.pop("_tables", None)


def _summary(disclosure: Disclosure | None) -> Disclosure | None:
    """What the cache keeps beside the whole model: the disclosure without its parts."""
    if disclosure is None:
        return None
    summary = copy.copy(disclosure)
    summary.parts = []
    return summary


def _read_summary(cache: Path, key: str, source: tuple[Path, Path, Registry]) -> Loaded | None:
    try:
        with _collector_paused():
            summary, validated, diagnostics = _loads((cache / (key + SUMMARY_SUFFIX)).read_bytes(), source[2])
    except Exception:  # absent, or written by another version: loaded again
        return None
    if not (cache / (key + CACHE_SUFFIX)).is_file():
        return None
    if summary is None:
        return None, validated, diagnostics
    disclosure = CachedDisclosure.__new__(CachedDisclosure)
    disclosure.__dict__.update(summary.__dict__)
    del disclosure.__dict__["parts"]
    disclosure._parts = None
    disclosure._whole = cache / (key + CACHE_SUFFIX)
    disclosure._source = source
    return disclosure, validated, diagnostics


def _load_all(
    root: Path, reporter: Reporter, registry: Registry, cache: Path | None, jobs: int, folders: dict[Path, str]
) -> list[Disclosure]:
    """Stages 1-4 for every disclosure (from the cache when it holds them), then GK010 across them."""
    with _collector_paused():  # (it would go through the growing model again and again: a fifth of the time)
        return _load_all_now(root, reporter, registry, cache, jobs, folders)


def _load_all_now(
    root: Path, reporter: Reporter, registry: Registry, cache: Path | None, jobs: int, folders: dict[Path, str]
) -> list[Disclosure]:
    paths = disclosure_files(root)
    keys: list[str | None] = [None] * len(paths)
    found: list[Loaded | None] = [None] * len(paths)
    if cache is not None:
        try:
            base = _cache_base(root)
        except OSError:
            base = None
        for i, path in enumerate(paths):
            key = keys[i] = _cache_key(base, path.parent, folders.get(path.parent)) if base is not None else None
            if key is not None:
                found[i] = _read_summary(cache, key, (path, root, registry))
    missing = [i for i, loaded in enumerate(found) if loaded is None]
    for i, (loaded, pickled) in zip(
        missing, _load_many([paths[i] for i in missing], root, registry, jobs), strict=True
    ):
        found[i] = loaded
        key = keys[i]
        if (
            cache is not None
            and key is not None
            and _store(cache, key + CACHE_SUFFIX, loaded, registry, pickled)
            and _store(cache, key + SUMMARY_SUFFIX, (_summary(loaded[0]), *loaded[1:]), registry)
        ):
            # kept as its summary, as if read back: a build of a thousand disclosures does not
            # hold a thousand models (each is read back by the process making its files)
            found[i] = _read_summary(cache, key, (paths[i], root, registry)) or loaded
    disclosures: list[Disclosure] = []
    seen: dict[tuple[int, str, str], Disclosure] = {}
    for entry in found:
        assert entry is not None
        disclosure, validated, diagnostics = entry
        if disclosure is not None and disclosure.key in seen:  # as build_disclosures: reported, not checked
            reporter.extend(validated)
            report_published_twice(reporter, disclosure, seen[disclosure.key])
            continue
        reporter.extend(diagnostics)
        if disclosure is not None:
            seen[disclosure.key] = disclosure
            disclosures.append(disclosure)
    if cache is not None:
        _prune(cache, {key + suffix for key in keys if key is not None for suffix in (CACHE_SUFFIX, SUMMARY_SUFFIX)})
    disclosures.sort(key=lambda d: (-d.year, d.department.name, d.kind))
    return disclosures


# Below this many disclosures to load, one process: forking costs a few tens of milliseconds a worker.
MIN_PARALLEL = 8
# Disclosures a worker loads per task: small enough to keep both workers busy to the end on a shared machine.
CHUNK = 16
_JOB: tuple[Path, Registry] | None = None  # what each forked worker inherits


def _load_chunk(paths: list[Path]) -> list[bytes | None]:
    """In a worker: stages 1-4 for ``paths``, each result pickled (None: it cannot be, loaded again by the parent)."""
    assert _JOB is not None
    root, registry = _JOB
    results: list[bytes | None] = []
    gc.disable()  # as in the parent (a worker lives for the loading only)
    for path in paths:
        try:
            results.append(_dumps(_load_one(path, root, registry), registry))
        except (pickle.PicklingError, RecursionError):
            results.append(None)
    return results


def _load_many(paths: list[Path], root: Path, registry: Registry, jobs: int) -> list[tuple[Loaded, bytes | None]]:
    """:func:`_load_one` for each of ``paths``, in ``jobs`` forked processes when there are enough of them;
    each result with its pickle when a worker made one (the cache stores it as it is)."""
    global _JOB
    if (
        jobs < 2
        or len(paths) < MIN_PARALLEL
        or "fork" not in multiprocessing.get_all_start_methods()
        or threading.active_count() > 1  # a fork copies one thread only: another's locks could stay held
    ):
        return [(_load_one(path, root, registry), None) for path in paths]
    chunks = [paths[n : n + CHUNK] for n in range(0, len(paths), CHUNK)]
    _JOB = (root, registry)
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(chunks))) as pool:
            pickled = [blob for blobs in pool.map(_load_chunk, chunks, chunksize=1) for blob in blobs]
    finally:
        _JOB = None
    with _collector_paused():
        unpickled = [_loads(blob, registry) if blob is not None else None for blob in pickled]
    return [
        (loaded, blob) if loaded is not None else (_load_one(path, root, registry), None)
        for path, blob, loaded in zip(paths, pickled, unpickled, strict=True)
    ]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the disclosures are loaded or unpickled: all their objects are
    kept, and each of its passes would go through all of them again (it more than doubled the time of
    unpickling a thousand disclosures). Loading leaves little cyclic garbage (2,540 objects at 200)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Pickler(pickle.Pickler):
    """A loaded disclosure's tables name their layouts (the registry's ``TableKind``) by id: the
    registry is the same when it is unpickled (the cache's key holds the layouts), so each table
    is given back the registry's own layout, not a copy of it for each disclosure."""

    def __init__(self, file: io.BytesIO, registry: Registry) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.registry = registry

    def persistent_id(self, obj: Any) -> str | None:
        if type(obj) is TableKind and self.registry.kinds.get(obj.id) is obj:
            return obj.id
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, registry: Registry) -> None:
        super().__init__(file)
        self.registry = registry

    def persistent_load(self, pid: Any) -> TableKind:
        kind = self.registry.kinds.get(pid) if isinstance(pid, str) else None
        if kind is None:  # not this registry's: loaded again (the caller catches it)
            raise pickle.UnpicklingError(f"unknown layout {pid!r}")
        return kind


def _dumps(loaded: Loaded, registry: Registry) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, registry).dump(loaded)
    return buffer.getvalue()


def _loads(data: bytes, registry: Registry) -> Loaded:
    return cast(Loaded, _Unpickler(io.BytesIO(data), registry).load())


def _store(cache: Path, name: str, loaded: Loaded, registry: Registry, pickled: bytes | None = None) -> bool:
    try:
        cache.mkdir(parents=True, exist_ok=True)
        temporary = cache / f".{name}.{os.getpid()}.tmp"
        temporary.write_bytes(pickled or _dumps(loaded, registry))
        temporary.replace(cache / name)
    except (OSError, pickle.PicklingError, RecursionError):
        return False  # a cache: the next build loads this disclosure again
    return True


def _prune(cache: Path, used: set[str]) -> None:
    """Entries of disclosures no longer in the content (only files this cache wrote)."""
    try:
        for entry in cache.iterdir():
            if entry.name.endswith((CACHE_SUFFIX, SUMMARY_SUFFIX)) and entry.name not in used:
                entry.unlink(missing_ok=True)
    except OSError:
        pass


def cache_dir(output: Path) -> Path:
    """The load cache of the builds of ``output``: beside it, like its lock."""
    return output.parent / f".{output.name}.gongkai-cache"
