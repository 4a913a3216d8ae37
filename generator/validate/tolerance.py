"""One rule for every comparison: equal is fine, within rounding is a warning, beyond is an error.

The exact bound (domain.md): if n published items are each rounded to a step s and
their published total is the rounded true total, |Σ items − total| < (n + 1)·s/2; the
difference is a multiple of s, so it is at most ⌊n/2⌋·s. A single item (a figure copied
to another table or into the text) must be equal. Messages give both figures, the
difference and the bound.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from generator.diagnostics import Location, Reporter
from generator.model.money import Dash, Figure, amount, format_plain, resolution
from generator.model.money import total as sum_of


def rounding_bound(items: int, step: Decimal) -> Decimal:
    """The largest difference that n items, each rounded to ``step``, can make: ⌊n/2⌋·step."""
    return step * (max(items, 1) // 2)


def _shown(value: Figure, blank: str = "空白") -> str:
    if isinstance(value, Dash):
        return f"“{value.printed}”（无数）"
    return blank if value is None else format_plain(value)


def compare(
    reporter: Reporter,
    loc: Location,
    code: str,
    what: str,
    given: Figure,
    expected: Figure,
    items: int,
    expected_label: str,
) -> None:
    """Report ``given`` ≠ ``expected``. A blank cell or a printed dash has no amount: it counts as
    0 when the other side is a figure, and against a 0 it is a warning (blank is not zero)."""
    figure_a, figure_b = amount(given), amount(expected)
    if figure_a is None and figure_b is None:
        return
    if (figure_a is None) != (figure_b is None) and (figure_a or figure_b or Decimal(0)) == 0:
        # blank is not zero: one side printed 0, the other left the cell blank or printed a dash
        shown, other = _shown(given), _shown(expected)
        why = "横线表示没有数，" if isinstance(given, Dash) or isinstance(expected, Dash) else "空白"
        reporter.warning(
            loc,
            code,
            f"{what}为{shown}，{expected_label}为{other}：{why}不等于 0，应在表中印 0，或不在文字中写出这个数",
        )
        return
    a = figure_a if figure_a is not None else Decimal(0)
    b = figure_b if figure_b is not None else Decimal(0)
    difference = a - b
    if difference == 0:
        return
    step = resolution([v for v in (figure_a, figure_b) if v is not None])
    allowed = rounding_bound(items, step)
    shown_a = _shown(given, "空")
    shown_b = _shown(expected, "空")
    message = f"{what}为 {shown_a}，{expected_label}为 {shown_b}（相差 {format_plain(difference)}）"
    if abs(difference) <= allowed:
        reporter.warning(loc, code, message + f"，在 {items} 项各自舍入可能造成的误差（±{format_plain(allowed)}）之内")
    else:
        reporter.error(
            loc, code, message + f"，超出 {items} 项舍入可能造成的误差（±{format_plain(allowed)}），不是舍入所致"
        )


# A unit as the power of ten of 元 it counts: a figure converts between units exactly (Decimal scaleb).
UNIT_POWERS = {"元": 0, "万元": 4}


def convert(value: Decimal, unit: str, to: str) -> Decimal:
    """``value`` in ``unit`` expressed in ``to``, exactly: 15050.00 元 → 1.505 万元."""
    return value.scaleb(UNIT_POWERS.get(unit, 0) - UNIT_POWERS.get(to, 0))


def compare_in_units(
    reporter: Reporter,
    loc: Location,
    code: str,
    what: str,
    given: Figure,
    unit: str,
    parts: Sequence[tuple[Figure, str, int]],
    items: int,
    expected_label: str,
) -> None:
    """``given`` (in ``unit``) against Σ ``parts``, each ``(figure, its unit, how many published
    figures it stands for)``. In one unit this is :func:`compare` with ``items`` figures.

    With figures in another unit (a form in 元 against a table in 万元), each is converted exactly
    (1 万元 = 10000 元) and the sum is what the total should round to: equal when the converted sum
    rounds to the total at the total's decimals. Otherwise the difference can be rounding only if it
    is below half the total's step plus half of each part's own step (in the total's unit): a
    warning within that bound, an error beyond it."""
    if all(u == unit for _, u, _ in parts):
        one = parts[0][0] if len(parts) == 1 else sum_of([p for p, _, _ in parts])  # a dash stays a dash
        compare(reporter, loc, code, what, given, one, items, expected_label)
        return
    converted = [convert(p, u, unit) if isinstance(p, Decimal) else p for p, u, _ in parts]
    expected = sum_of(converted)
    others = sorted({u for p, u, _ in parts if u != unit and isinstance(p, Decimal)})
    label = f"{expected_label}（以{'、'.join(others)}为单位的数按 1 万元 = 10000 元换算为{unit}）"
    if not isinstance(given, Decimal) or expected is None:
        compare(reporter, loc, code, what, given, expected, items, label)
        return
    step = resolution([given])
    if expected.quantize(step, rounding=ROUND_HALF_UP) == given:
        return
    slack = step + sum(
        (convert(resolution([p]), u, unit) * n for p, u, n in parts if isinstance(p, Decimal)), Decimal(0)
    )
    allowed = slack / 2
    places = _places(given)
    difference = given - expected
    message = (
        f"{what}为 {format_plain(given)}{unit}，{label}为 {_trimmed(expected, places)}{unit}"
        f"（相差 {_trimmed(difference, places)}）"
    )
    if abs(difference) < allowed:
        reporter.warning(loc, code, message + f"，在各数舍入可能造成的误差（±{format_plain(allowed)}）之内")
    else:
        reporter.error(loc, code, message + f"，超出各数舍入可能造成的误差（±{format_plain(allowed)}），不是舍入所致")


def settle(
    reporter: Reporter,
    values: dict[str, Any],
    key: str,
    parts: Sequence[Figure],
    loc: Location,
    code: str,
    what: str,
    expected_label: str,
    fill: bool = True,
) -> bool:
    """A sum the standard defines: filled in when the source left it out, checked when given.

    A printed dash is given (published, no amount): never filled in, checked like a blank part.
    The rounding bound counts only the figures given (a blank or dash part adds nothing).
    A difference (a term subtracted, ``fill=False``) is only checked: a blank 年末结转和结余 is
    not made up from the other columns. Returns whether it was filled in (computed).
    """
    expected = sum_of(parts)
    if values.get(key) is None:
        if not fill:
            return False
        values[key] = expected
        return expected is not None
    figures = len([p for p in parts if isinstance(p, Decimal)])
    compare(reporter, loc, code, what, values[key], expected, figures, expected_label)
    return False


def _trimmed(value: Decimal, places: int) -> str:
    """A converted figure without the trailing zeros of its conversion, to at least ``places``
    decimals: 4.005000 → 4.005, 4.000000 → 4.00."""
    normal = value.normalize()
    return format_plain(normal if _places(normal) >= places else value.quantize(Decimal(1).scaleb(-places)))


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _percent(numerator: Decimal, denominator: Decimal, places: int) -> Decimal:
    return (numerator * 100 / denominator).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def compare_rate(
    reporter: Reporter,
    loc: Location,
    code: str,
    what: str,
    stated: Decimal,
    numerator: Decimal,
    denominator: Decimal,
    numerator_items: int,
    denominator_items: int,
    computed_label: str,
    forced_to_100: bool = False,
) -> None:
    """A printed percentage against numerator ÷ denominator, to the decimals it is printed with.

    The bound is the range the percentage can take while numerator and denominator move within
    the rounding of the figures they are made of (each of ``*_items`` printed figures is off by
    at most half a step): inside it a warning, beyond it an error. A percentage of a set that
    the publisher made add up to 100 % (``forced_to_100``) is a warning too, saying so.
    """
    places = _places(stated)
    computed = _percent(numerator, denominator, places)
    if computed == stated:
        return
    step = resolution([numerator, denominator])
    ends = []
    for n in (numerator - step * numerator_items / 2, numerator + step * numerator_items / 2):
        for d in (denominator - step * denominator_items / 2, denominator + step * denominator_items / 2):
            if d != 0 and (d > 0) == (denominator > 0):
                ends.append(_percent(n, d, places))
    low, high = (min(ends), max(ends)) if ends else (computed, computed)
    unit = Decimal(1).scaleb(-places)
    difference = (stated - computed).quantize(unit)
    message = (
        f"{what}为 {format_plain(stated)}%，按 {computed_label} 计算为 {format_plain(computed)}%"
        f"（相差 {format_plain(difference)} 个百分点）"
    )
    span = f"{format_plain(low)}%–{format_plain(high)}%"
    if low <= stated <= high:
        reporter.warning(loc, code, message + f"，在各数舍入可能造成的范围（{span}）之内")
    elif forced_to_100:
        reporter.warning(
            loc, code, message + f"，超出舍入范围（{span}）；同组各项占比之和恰为 100%，这一项像是为凑足 100% 而调整的"
        )
    elif -stated == computed:
        reporter.error(loc, code, message + "：减少或下降应写作负数（如 -1.87）")
    else:
        reporter.error(loc, code, message + f"，超出各数舍入可能造成的范围（{span}），不是舍入所致")
