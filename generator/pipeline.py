"""Load, validate and settle the content: what ``gongkai check`` runs and ``gongkai build`` starts with.

The stages, in order:

1. load      — every disclosure folder and ``site.yml``, each value with its file, line and column;
2. validate  — the schema and each table's structure, giving the typed model (``validate/structure.py``);
3. settle    — the sums a layout declares: filled in where the source left them out (marked computed),
               checked where it gives them (``validate/arithmetic.settle_sums``);
4. check     — what reads the settled figures: identities across tables, figures stated in the text,
               completeness; then the ``acknowledged:`` entries turn their errors into warnings.

The rest of the build (views, pages, downloads, search, PDFs) is ``generator/build.py``.

``gongkai build`` keeps a cache of the loaded disclosures beside its output (``.<name>.gongkai-cache/``):
each disclosure's model after stages 1-4 and the diagnostics it gave, keyed by every file of its folder
(includes cannot leave it), the site's layouts and ``site.yml``, and Gongkai's own code. A rebuild after
one disclosure changed loads that one; the others are read back from the cache, with the same
diagnostics. Only the check across disclosures (GK010, one department's year published twice) runs
again over all of them.
"""

from __future__ import annotations

import copy
import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostic, Reporter
from generator.layouts import Registry, load_registry
from generator.layouts.registry import layout_files
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


def load_content(root: Path, cache: Path | None = None, folders: dict[Path, str] | None = None) -> Content:
    """Load, validate, settle and check everything under ``root``; never raises for bad input.

    ``cache``: a folder keeping each disclosure's loaded model (see the module's docstring);
    ``folders``: each disclosure folder's digest, if read already (``incremental.content_digest``)."""
    reporter = Reporter()
    only: Path | None = None
    if (root / DISCLOSURE_FILE).is_file():
        # one disclosure folder (content/<年度>/<目录名>): check it within its content directory
        only, root = root.resolve(), root.resolve().parent.parent
    registry = load_registry(root, reporter)
    if cache is not None and only is None:
        return _load_cached(root, reporter, registry, cache, folders or {})
    raw = discover(root, reporter)
    if only is not None:
        raw.disclosures = [d for d in raw.disclosures if d.directory.resolve() == only]
    site = build_site(raw, reporter)
    disclosures = build_disclosures(raw, reporter, registry)
    settle(disclosures, reporter)
    check(disclosures, reporter, registry)
    disclosures.sort(key=lambda d: (-d.year, d.department.name, d.kind))
    return Content(root, site, disclosures, reporter, registry)


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
            try:
                loaded: Loaded = pickle.loads(self._whole.read_bytes())
                disclosure = loaded[0]
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
        """Let the parts go (after its files are written): read again from the cache if asked for."""
        self._parts = None


def _summary(disclosure: Disclosure | None) -> Disclosure | None:
    """What the cache keeps beside the whole model: the disclosure without its parts."""
    if disclosure is None:
        return None
    summary = copy.copy(disclosure)
    summary.parts = []
    return summary


def _read_summary(cache: Path, key: str, source: tuple[Path, Path, Registry]) -> Loaded | None:
    try:
        summary, validated, diagnostics = pickle.loads((cache / (key + SUMMARY_SUFFIX)).read_bytes())
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


def _load_cached(root: Path, reporter: Reporter, registry: Registry, cache: Path, folders: dict[Path, str]) -> Content:
    raw = discover(root, reporter, read_disclosures=False)
    site = build_site(raw, reporter)
    try:
        base = _cache_base(root)
    except OSError:
        base = None
    used: set[str] = set()
    disclosures: list[Disclosure] = []
    seen: dict[tuple[int, str, str], Disclosure] = {}
    for path in disclosure_files(root):
        key = _cache_key(base, path.parent, folders.get(path.parent)) if base is not None else None
        loaded: Loaded | None = None
        if key is not None:
            used.update((key + CACHE_SUFFIX, key + SUMMARY_SUFFIX))
            loaded = _read_summary(cache, key, (path, root, registry))
        if loaded is None:
            loaded = _load_one(path, root, registry)
            stored = key is not None and _store(cache, key + CACHE_SUFFIX, loaded)
            if key is not None and stored and _store(cache, key + SUMMARY_SUFFIX, (_summary(loaded[0]), *loaded[1:])):
                # kept as its summary, as if read back: a build of a thousand disclosures does not
                # hold a thousand models (each is read back by the process making its files)
                loaded = _read_summary(cache, key, (path, root, registry)) or loaded
        disclosure, validated, diagnostics = loaded
        if disclosure is not None and disclosure.key in seen:  # as build_disclosures: reported, not checked
            reporter.items.extend(validated)
            report_published_twice(reporter, disclosure, seen[disclosure.key])
            continue
        reporter.items.extend(diagnostics)
        if disclosure is not None:
            seen[disclosure.key] = disclosure
            disclosures.append(disclosure)
    _prune(cache, used)
    disclosures.sort(key=lambda d: (-d.year, d.department.name, d.kind))
    return Content(root, site, disclosures, reporter, registry, folders)


def _store(cache: Path, name: str, loaded: object) -> bool:
    try:
        cache.mkdir(parents=True, exist_ok=True)
        temporary = cache / f".{name}.{os.getpid()}.tmp"
        temporary.write_bytes(pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL))
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
