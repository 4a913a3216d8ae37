"""Every HTML page: per disclosure its 目录, item pages and full document; the portal and a 公开目录 per
year; search, 无障碍说明, 404."""

from __future__ import annotations

from generator.render.views import catalogue
from generator.steps import Output
from generator.steps.datapackage import amounts_name, has_amounts


def run(output: Output) -> None:
    renderer = output.renderer
    site = catalogue(output.views)  # links each disclosure to the others of its department
    for view in output.views:
        if view.path in output.taken_over:  # what the open-data step wrote for the same key
            view.open_data = (output.staging / view.path / "data" / amounts_name(view)).is_file()
        else:
            view.open_data = has_amounts(view.disclosure)  # what the open-data step will write
    for view in output.views:
        if view.path in output.taken_over:
            output.pages.extend(output.taken_over[view.path])
            continue
        for page in renderer.disclosure(view, pdf=output.pdf):
            output.write_page(page)
    output.write_page(renderer.portal(output.views, site))
    for page in renderer.years(output.views, site):
        output.write_page(page)
    for page in renderer.site_pages():
        output.write_page(page)
