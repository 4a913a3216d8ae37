"""Money as ``Decimal``: parsing exactly what was published, formatting without changing it.

An amount cell holds one of three things: a figure (``Decimal``), a printed dash (:class:`Dash`:
the table printed “—”, “-”, “－” or “/” to say there is no amount), or nothing (``None``, a
blank cell). A dash is published, so it is shown exactly as printed; it is not blank (the source
printed something) and not zero (it prints no figure): in every sum it counts as no amount.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from generator.load.limits import MAX_FIGURE_DIGITS

# Only ASCII digits make a figure: Python's \d would also take full-width １２３ and others.
_MONEY = re.compile(r"-?[0-9]+(\.[0-9]+)?")

# Every figure has at most MAX_FIGURE_DIGITS digits, so sums of up to 10**(PRECISION - 2 * 30)
# of them, and every quantize() to cents, are exact at this precision (the default, 28, is not:
# a 27-digit figure could not even be printed with two decimals). Set for this thread and as the
# default of threads started later; nothing in Gongkai sets another context.
PRECISION = 2 * MAX_FIGURE_DIGITS + 20
decimal.DefaultContext.prec = PRECISION
decimal.getcontext().prec = PRECISION

UNITS = ("万元", "元")


# What real tables print in an amount cell to say “no amount” (kept exactly as printed).
DASHES = ("—", "——", "-", "--", "－", "―", "–", "/", "／")


class MoneyError(ValueError):
    pass


@dataclass(frozen=True)
class Dash:
    """An amount cell printed with a dash: published, no amount. Not blank, not zero."""

    printed: str  # one of DASHES, the very character the table prints

    def __post_init__(self) -> None:
        if self.printed not in DASHES:
            raise MoneyError(f"“{self.printed}”不是表示“无数”的横线（可用：{'、'.join(DASHES)}）")

    def __str__(self) -> str:
        return self.printed


# An amount cell: a figure, a printed dash, or blank (None).
Figure = Decimal | Dash | None


def amount(value: Figure) -> Decimal | None:
    """The figure of a cell, or None when it has no amount (blank or a printed dash)."""
    return value if isinstance(value, Decimal) else None


def is_dash(text: str) -> bool:
    return text.strip() in DASHES


def parse_cell(text: str) -> Decimal | Dash:
    """An amount cell as written: a figure (:func:`parse_money`) or a printed dash, kept as printed."""
    if is_dash(text):
        return Dash(text.strip())
    return parse_money(text)


def parse_money(text: str) -> Decimal:
    """``"4140.30"`` → ``Decimal("4140.30")``; anything but a plain decimal number is an error."""
    cleaned = text.strip()
    shown = text if len(text) <= 40 else text[:40] + "…"
    foreign = next((ch for ch in cleaned if ch.isnumeric() and ch not in "0123456789"), None)
    if foreign is not None:
        raise MoneyError(f"“{shown}”中的“{foreign}”（U+{ord(foreign):04X}）不是半角数字：金额只能用 0–9 书写")
    digits = sum(ch in "0123456789" for ch in cleaned)
    if digits > MAX_FIGURE_DIGITS:
        raise MoneyError(f"“{shown}”有 {digits} 位数字，一个金额最多 {MAX_FIGURE_DIGITS} 位")
    if not _MONEY.fullmatch(cleaned):
        hint = ""
        if "," in cleaned or "，" in cleaned:
            hint = "（不要用逗号：小数点写“.”，也不要写千位分隔符）"
        elif cleaned.endswith("%"):
            hint = "（百分比不是金额）"
        raise MoneyError(f"“{shown}”不是金额{hint}")
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise MoneyError(f"“{text}”不是金额") from exc


def format_money(value: Figure) -> str:
    """Two decimals as the tables print them, but never drop a published digit; a dash as printed."""
    if value is None:
        return ""
    if isinstance(value, Dash):
        return value.printed
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return f"{value:f}"
    return f"{value.quantize(Decimal('0.01')):f}"


def format_plain(value: Figure) -> str:
    """The figure exactly as written in the source (for quantities and prose fields); a dash as printed."""
    if isinstance(value, Dash):
        return value.printed
    return "" if value is None else f"{value:f}"


def resolution(values: list[Decimal]) -> Decimal:
    """The rounding step of published figures: 0.01 unless a figure has more decimals."""
    step = Decimal("0.01")
    for value in values:
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -2:
            step = min(step, Decimal(1).scaleb(exponent))
    return step


def total(values: Sequence[Figure]) -> Decimal | None:
    """Sum of the figures given (a blank or a dash is no amount); ``None`` when there is none."""
    present = [v for v in values if isinstance(v, Decimal)]
    if not present:
        return None
    return sum(present, Decimal(0))


def format_figure(value: Figure) -> str:
    """A figure in a table, exactly as published (11.1 stays 11.1, 60 stays 60).

    A sum Gongkai computed has the precision of its parts (Decimal addition keeps the
    finest exponent), so it needs no rounding either. A printed dash stays the dash it is.
    """
    return format_plain(value)
