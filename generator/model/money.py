"""Money as ``Decimal``: parsing exactly what was published, formatting without changing it."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_MONEY = re.compile(r"^-?\d+(\.\d+)?$")

UNITS = ("万元", "元")


class MoneyError(ValueError):
    pass


def parse_money(text: str) -> Decimal:
    """``"4140.30"`` → ``Decimal("4140.30")``; anything but a plain decimal number is an error."""
    cleaned = text.strip()
    if not _MONEY.match(cleaned):
        hint = ""
        if "," in cleaned or "，" in cleaned:
            hint = "（不要用逗号：小数点写“.”，也不要写千位分隔符）"
        elif cleaned.endswith("%"):
            hint = "（百分比不是金额）"
        raise MoneyError(f"“{text}”不是金额{hint}")
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
