"""Money as ``Decimal``: parsing exactly what was published, formatting without changing it."""

from __future__ import annotations

import decimal
import re
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


class MoneyError(ValueError):
    pass


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


def format_money(value: Decimal | None) -> str:
    """Two decimals as the tables print them, but never drop a published digit."""
    if value is None:
        return ""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return f"{value:f}"
    return f"{value.quantize(Decimal('0.01')):f}"


def format_plain(value: Decimal | None) -> str:
    """The figure exactly as written in the source (for quantities and prose fields)."""
    return "" if value is None else f"{value:f}"


def resolution(values: list[Decimal]) -> Decimal:
    """The rounding step of published figures: 0.01 unless a figure has more decimals."""
    step = Decimal("0.01")
    for value in values:
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -2:
            step = min(step, Decimal(1).scaleb(exponent))
    return step


def total(values: list[Decimal | None]) -> Decimal | None:
    """Sum of the non-empty values; ``None`` when every value is empty."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    return sum(present, Decimal(0))


def format_figure(value: Decimal | None) -> str:
    """A figure in a table, exactly as published (11.1 stays 11.1, 60 stays 60).

    A sum Gongkai computed has the precision of its parts (Decimal addition keeps the
    finest exponent), so it needs no rounding either.
    """
    return format_plain(value)
