"""The archival PDFs, printed by Chromium from the full-document pages (``generator/pdf``).

A document that fails is reported and the build's status is 1; its 目录 page is written again
without the PDF link, so that no page links a PDF that is not there.
"""

from __future__ import annotations

from generator.steps import Output


def run(output: Output) -> None:
    if not output.pdf:
        return
    from generator.pdf.build import build_pdfs  # Playwright is loaded only when PDFs are printed

    failed = build_pdfs(
        output.views, output.staging, previous=output.previous, log=output.log, base_url=output.site.base_url
    )
    output.failed.update(failed)
    for view in output.views:
        if view.path in failed:
            output.write_page(output.renderer.toc(view, pdf=False))
