"""Table layouts as data: the layout language (``spec``) and the registry of kinds (``registry``).

Nothing here knows a particular document; validation, rendering, export and the reference
docs all read the same declarations, so a layout change is made in one place.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import cast

import yaml

from generator.layouts.registry import FunctionalClass, Registry, chinese_number, load_registry, package_registry
from generator.layouts.spec import Column, TableKind

HERE = Path(__file__).parent


@cache
def stated_figures() -> dict[str, dict[str, str]]:
    """Names of figures a 情况说明 may state, and the table cell each must equal."""
    return cast(dict[str, dict[str, str]], yaml.safe_load((HERE / "stated_figures.yml").read_text(encoding="utf-8")))


__all__ = [
    "Column",
    "FunctionalClass",
    "Registry",
    "TableKind",
    "chinese_number",
    "load_registry",
    "package_registry",
    "stated_figures",
]
