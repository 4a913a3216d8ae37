"""Load, validate and settle the content: what ``gongkai check`` runs and ``gongkai build`` starts with.

The stages, in order:

1. load      — every disclosure folder and ``site.yml``, each value with its file, line and column;
2. validate  — the schema and each table's structure, giving the typed model (``validate/structure.py``);
3. settle    — the sums a layout declares: filled in where the source left them out (marked computed),
               checked where it gives them (``validate/arithmetic.settle_sums``);
4. check     — what reads the settled figures: identities across tables, figures stated in the text,
               completeness; then the ``acknowledged:`` entries turn their errors into warnings.

The rest of the build (views, pages, downloads, search, PDFs) is ``generator/build.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Reporter
from generator.layouts import Registry, load_registry
from generator.load.content import DISCLOSURE_FILE, discover
from generator.model.document import Disclosure, Site
from generator.validate.acknowledged import apply_acknowledgements
from generator.validate.arithmetic import settle_sums
from generator.validate.completeness import check_completeness
from generator.validate.cross_tables import check_cross_tables
from generator.validate.stated import check_stated_figures
from generator.validate.structure import build_disclosures, build_site


@dataclass
class Content:
    root: Path
    site: Site | None
    disclosures: list[Disclosure]
    reporter: Reporter
    registry: Registry

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


def load_content(root: Path) -> Content:
    """Load, validate, settle and check everything under ``root``; never raises for bad input."""
    reporter = Reporter()
    only: Path | None = None
    if (root / DISCLOSURE_FILE).is_file():
        # one disclosure folder (content/<年度>/<目录名>): check it within its content directory
        only, root = root.resolve(), root.resolve().parent.parent
    registry = load_registry(root, reporter)
    raw = discover(root, reporter)
    if only is not None:
        raw.disclosures = [d for d in raw.disclosures if d.directory.resolve() == only]
    site = build_site(raw, reporter)
    disclosures = build_disclosures(raw, reporter, registry)
    settle(disclosures, reporter)
    check(disclosures, reporter, registry)
    disclosures.sort(key=lambda d: (-d.year, d.department.name, d.kind))
    return Content(root, site, disclosures, reporter, registry)
