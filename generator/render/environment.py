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


def resource_dir(name: str) -> Path:
    """A folder shipped with Gongkai: inside the installed package, else at the top of the checkout."""
    packaged = Path(str(files("generator") / name))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


TEMPLATES = resource_dir("site_templates")


def environment(templates: Path = TEMPLATES) -> Environment:
    return Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )


def template_location(exc: TemplateError) -> str:
    """``item.html:12``: where in the templates a rendering error happened."""
    if isinstance(exc, TemplateSyntaxError):
        return f"{exc.filename or exc.name}:{exc.lineno}"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml"))]
    if not frames:
        return "模板"
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}"
