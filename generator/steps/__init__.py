"""Stage 5 — the outputs of a build, one step per module, run in order by ``generator/build.py``.

Each step takes the :class:`Output` (the checked content, its views, the staging folder) and adds
its files to the staging folder:

* ``pages``            — every HTML page (rendered by ``render/pages.py``)
* ``tables_csv``       — one CSV per printed table
* ``workbook``         — one XLSX workbook per disclosure
* ``disclosure_json``  — the disclosure as JSON
* ``assets``           — CSS, scripts, icon
* ``sitemap``          — ``sitemap.xml`` of the pages
* ``search``           — the Pagefind index (needs every page)
* ``pdf``              — the archival PDFs (needs the full-document pages and the assets)

Adding an output is a new module with a ``run(output)`` function and one line in
``generator.build.STEPS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.model.document import Site
from generator.render.pages import Page, PageRenderer
from generator.render.views import DisclosureView


class BuildError(Exception):
    """A step could not do its job (a tool failed): the build stops, ``output/`` stays as it was."""


@dataclass
class Output:
    site: Site
    views: list[DisclosureView]
    staging: Path  # the folder being built; it replaces the output folder when every step is done
    previous: Path | None  # the output folder of the previous build (PDFs are reused from it)
    renderer: PageRenderer
    templates: Path  # site_templates/ (its assets/ are copied)
    pdf: bool  # whether the archival PDFs are printed (and linked)
    log: Callable[[str], None] = print
    pages: list[str] = field(default_factory=list)  # the HTML pages written, in order
    failed: dict[str, str] = field(default_factory=dict)  # a step's failed documents: view.path → reason
    # disclosures whose folder was taken over from the previous build (generator/incremental.py):
    # view.path → the pages it holds; the per-disclosure steps skip them
    taken_over: dict[str, list[str]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # view.path → its key (generator/incremental.py)
    made_elsewhere: set[str] = field(default_factory=set)  # taken over from a worker of this build (parallel.py)
    _seen: set[str] = field(default_factory=set, repr=False)
    _seen_upto: int = field(default=0, repr=False)  # how much of ``pages`` is in ``_seen``

    def fresh(self) -> list[DisclosureView]:
        """The disclosures whose files this build makes (not taken over from the previous build)."""
        return [view for view in self.views if view.path not in self.taken_over]

    def write(self, path: str, data: bytes) -> None:
        out = self.staging / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.unlink(missing_ok=True)  # it may be a hard link into the previous output: never write through it
        out.write_bytes(data)

    def write_page(self, page: Page) -> None:
        self.write(page.path, page.html.encode("utf-8"))
        if page.path.endswith(".html"):
            listed = self._listed
            if page.path not in listed:
                self.pages.append(page.path)
                listed.add(page.path)
                self._seen_upto += 1

    @property
    def _listed(self) -> set[str]:
        """The pages as a set (a list lookup made a province's 120,000 pages quadratic). Steps also
        extend ``pages`` directly (a taken-over folder's pages): only what was added since is added
        here; the set was rebuilt from the whole list for every page, quadratic again."""
        if self._seen_upto > len(self.pages):  # the list was replaced by a shorter one
            self._seen, self._seen_upto = set(), 0
        if self._seen_upto < len(self.pages):
            self._seen.update(self.pages[self._seen_upto :])
            self._seen_upto = len(self.pages)
        return self._seen


Step = Callable[[Output], None]
