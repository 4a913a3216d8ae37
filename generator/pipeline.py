"""The whole pipeline in one place: load → validate → model → (render → write → pdf)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Reporter
from generator.layouts import Registry, load_registry
from generator.load.content import DISCLOSURE_FILE, discover
from generator.model.document import Disclosure, Site
from generator.validate.acknowledged import apply_acknowledgements
from generator.validate.arithmetic import check_disclosure
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


def load_content(root: Path) -> Content:
    """Load and validate everything under ``root``; never raises for bad input."""
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
    for disclosure in disclosures:
        check_disclosure(disclosure, reporter)
        check_cross_tables(disclosure, reporter)
        check_stated_figures(disclosure, reporter)
        check_completeness(disclosure, reporter, registry)
        apply_acknowledgements(disclosure, reporter)
    disclosures.sort(key=lambda d: (-d.year, d.department.name, d.kind))
    return Content(root, site, disclosures, reporter, registry)
