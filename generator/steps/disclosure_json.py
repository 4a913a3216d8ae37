"""The whole disclosure as JSON (``gongkai-disclosure/1``): the model without positions, layouts or personal data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from typing import Any

from generator.layouts.spec import TableKind
from generator.model.document import Disclosure, Part, Section, TextBlock
from generator.model.money import Dash
from generator.model.tables import Table
from generator.steps import Output

# positions, layouts and personal data are not published
_LEFT_OUT = frozenset(
    (
        "loc",
        "layout",
        "value_locs",
        "total_value_locs",
        "total_loc",
        "budget_locs",
        "unpublished",
        "private",
        "field_locs",
        "list_locs",
        "directory",
        "files",
        "computed",
        "unit_given",
    )
)


def _plain(value: Any) -> Any:
    """Model objects → JSON-ready data; figures as strings so no digit is lost, a printed dash as
    the dash printed (``"—"``: published, no amount), a blank cell as null."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, Dash):
        return value.printed
    if isinstance(value, (dt.date,)):
        return value.isoformat()
    if isinstance(value, TableKind):
        return value.id
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            if f.name in _LEFT_OUT:
                continue
            out[f.name] = _plain(getattr(value, f.name))
        if isinstance(value, (Table, Section, TextBlock, Part)):
            out = {"type": type(value).__name__, **out}
        return out
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def disclosure_json(disclosure: Disclosure) -> str:
    data = _plain(disclosure)
    data.pop("slug", None)
    data = {"format": "gongkai-disclosure/1", "slug": disclosure.slug, **data}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def run(output: Output) -> None:
    for view in output.fresh():
        output.write(f"{view.path}/data/{view.disclosure.slug}.json", disclosure_json(view.disclosure).encode("utf-8"))
