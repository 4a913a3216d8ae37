"""The whole disclosure as JSON (``gongkai-disclosure/1``): the model without positions, layouts or personal data.

A 决算 shown beside the 预算 of its department and year also gives the comparisons its pages show
(``comparisons``: each table's rows with the 年初预算, the 决算 and the 完成率, figures as printed);
the key is absent when there is none."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from generator.layouts.spec import TableKind
from generator.model.document import Disclosure, Part, Section, TextBlock
from generator.model.money import Dash
from generator.model.tables import Table
from generator.render.json_text import pretty_json
from generator.render.views import DisclosureView
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


_SCALARS = (str, int, bool, type(None))
_FIELDS: dict[type, tuple[str, ...]] = {}  # a dataclass's published fields, in order


def _published_fields(cls: type) -> tuple[str, ...]:
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.name not in _LEFT_OUT)
    return found


def _plain(value: Any) -> Any:
    """Model objects → JSON-ready data; figures as strings so no digit is lost, a printed dash as
    the dash printed (``"—"``: published, no amount), a blank cell as null."""
    if type(value) in _SCALARS:  # most of the values: as they are
        return value
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, Dash):
        return value.printed
    if isinstance(value, (dt.date,)):
        return value.isoformat()
    if isinstance(value, TableKind):
        return value.id
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {name: _plain(getattr(value, name)) for name in _published_fields(type(value))}
        if isinstance(value, (Table, Section, TextBlock, Part)):
            out = {"type": type(value).__name__, **out}
        return out
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def comparisons(view: DisclosureView) -> list[dict[str, Any]]:
    """The 决算 tables shown beside the 年初预算, as their pages show them: per row and compared column
    the 年初预算 and the 决算 as printed, the 完成率 in percent (null, with the note why, when there is
    none)."""
    out: list[dict[str, Any]] = []
    for block in view.tables:
        c = block.comparison
        if c is None or block.table is None:
            continue
        rows = []
        for row in c.rows:
            figures = [
                {
                    "column": label,
                    "budget": _plain(f.budget),
                    "final": _plain(f.final),
                    "completion_rate": _plain(f.rate),
                    "note": f.note,
                }
                for label, f in zip(c.columns, row.figures, strict=True)
            ]
            rows.append({"code": row.code, "name": row.name, "level": row.level, "figures": figures, "note": row.only})
        out.append(
            {
                "caption": c.caption,
                "table": {"kind": block.table.kind.id, "heading": block.heading, "unit": c.units[0]},
                "budget": {
                    "disclosure": c.budget_path,
                    "label": c.budget_label,
                    "kind": c.budget_kind,
                    "heading": c.budget_table,
                    "unit": c.units[1],
                },
                "columns": list(c.columns),
                "rows": rows,
                "explanation": c.explanation,
            }
        )
    return out


def disclosure_json(disclosure: Disclosure, view: DisclosureView | None = None) -> str:
    data = _plain(disclosure)
    data.pop("slug", None)
    data = {"format": "gongkai-disclosure/1", "slug": disclosure.slug, **data}
    compared = comparisons(view) if view is not None else []
    if compared:
        data["comparisons"] = compared
    return pretty_json(data) + "\n"


def run(output: Output) -> None:
    for view in output.fresh():
        data = disclosure_json(view.disclosure, view).encode("utf-8")
        output.write(f"{view.path}/data/{view.disclosure.slug}.json", data)
