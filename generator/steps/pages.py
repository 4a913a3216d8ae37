"""Every HTML page: per disclosure its 目录, item pages and full document; the portal; search, 无障碍说明, 404."""

from __future__ import annotations

from generator.steps import Output


def run(output: Output) -> None:
    renderer = output.renderer
    for view in output.views:
        if view.path in output.taken_over:
            output.pages.extend(output.taken_over[view.path])
            continue
        for page in renderer.disclosure(view, pdf=output.pdf):
            output.write_page(page)
    output.write_page(renderer.portal(output.views))
    for page in renderer.site_pages():
        output.write_page(page)
