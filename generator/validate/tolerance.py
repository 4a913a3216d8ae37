"""One rule for every comparison: equal is fine, within rounding is a warning, beyond is an error.

Published figures are rounded to 0.01 (万元); a sum of n rounded items may be off by
up to 0.01 × n. Messages always give both figures and the difference.
"""

from __future__ import annotations

from decimal import Decimal

from generator.diagnostics import Location, Reporter
from generator.model.money import format_plain, resolution
from generator.model.money import total as sum_of


def compare(
    reporter: Reporter,
    loc: Location,
    code: str,
    what: str,
    given: Decimal | None,
    expected: Decimal | None,
    items: int,
    expected_label: str,
) -> None:
    """Report ``given`` ≠ ``expected`` (an empty cell counts as 0 when the other side is not empty)."""
    if given is None and expected is None:
        return
    a = given if given is not None else Decimal(0)
    b = expected if expected is not None else Decimal(0)
    difference = a - b
    if difference == 0:
        return
    step = resolution([v for v in (given, expected) if v is not None])
    allowed = step * max(items, 1)
    shown_a = format_plain(given) if given is not None else "空"
    shown_b = format_plain(expected) if expected is not None else "空"
    message = f"{what}为 {shown_a}，{expected_label}为 {shown_b}（相差 {format_plain(difference)}）"
    if abs(difference) <= allowed:
        reporter.warning(loc, code, message + f"，在 {items} 项舍入误差（±{format_plain(allowed)}）之内")
    else:
        reporter.error(loc, code, message)


def settle(
    reporter: Reporter,
    values: dict,
    key: str,
    parts: list[Decimal | None],
    loc: Location,
    code: str,
    what: str,
    expected_label: str,
) -> bool:
    """A sum the standard defines: filled in when the source left it out, checked when given.

    Returns whether it was filled in (computed).
    """
    expected = sum_of(parts)
    if values.get(key) is None:
        values[key] = expected
        return expected is not None
    compare(reporter, loc, code, what, values[key], expected, len([p for p in parts if p is not None]),
            expected_label)
    return False
