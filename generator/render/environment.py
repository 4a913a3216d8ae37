"""The Jinja environment over ``site_templates/`` and where a template error happened.

The templates and their assets ship inside the installed package (``generator/site_templates``
in the wheel, mapped from the top-level ``site_templates/`` by ``pyproject.toml``); in a source
checkout they are read from the top-level folder itself.
"""

from __future__ import annotations

import traceback
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError, select_autoescape
from markupsafe import Markup

from generator.render.grid import Grid
from generator.render.grid_html import grid_table


def resource_dir(name: str) -> Path:
    """A folder shipped with Gongkai: inside the installed package, else at the top of the checkout."""
    packaged = Path(str(files("generator") / name))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


TEMPLATES = resource_dir("site_templates")


def environment(templates: Path = TEMPLATES) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    env.globals["grid_table"] = grid_table
    grid_tables(env)
    return env


class GridTables:
    """``grid_table_once(grid, anchor, index)`` for the templates: ``grid_table`` (render/grid_html.py),
    its HTML made once per grid while a disclosure's pages are rendered. A table
    is shown on its item page and again on the full page: its grid (most of a page's HTML, and of
    the build's Jinja time) is the same bytes both times. The memo lives for one disclosure only."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.memo: dict[tuple[int, str, int], tuple[Grid, Markup]] | None = None

    def __call__(self, grid: Grid, anchor: str, index: int) -> Markup:
        if self.memo is None:
            return grid_table(grid, anchor, index)
        key = (id(grid), anchor, index)  # the grid is kept with its HTML: its id is not reused meanwhile
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = (grid, grid_table(grid, anchor, index))
        return found[1]


def grid_tables(env: Environment) -> GridTables:
    """The environment's ``grid_table_once`` (added when it has none)."""
    found = env.globals.get("grid_table_once")
    if not isinstance(found, GridTables):
        found = env.globals["grid_table_once"] = GridTables(env)
    return found


def template_location(exc: TemplateError) -> str:
    """``item.html:12``: where in the templates a rendering error happened."""
    if isinstance(exc, TemplateSyntaxError):
        return f"{exc.filename or exc.name}:{exc.lineno}"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml"))]
    if not frames:
        return "模板"
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}"
