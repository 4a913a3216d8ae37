"""Money is Decimal from the YAML text to the printed figure: no float anywhere, no digit lost or added."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from generator.model.money import MoneyError, format_money, format_plain, parse_money, resolution, total
from generator.model.tables import (
    ClassifiedTable,
    FixedTable,
    FormTable,
    GroupedItemsTable,
    ItemListTable,
)
from generator.pipeline import load_content

CONTENT = Path(__file__).resolve().parent.parent / "content"


@pytest.mark.parametrize("text", ["4140.30", "0.6924", "91.9361", "0", "0.00", "70.08", "-1.50", "18532.34", "3490.1"])
def test_parse_round_trips_the_text(text):
    value = parse_money(text)
    assert isinstance(value, Decimal)
    assert str(value) == text
    assert format_plain(value) == text


def test_parse_strips_blanks():
    assert parse_money(" 12.50 ") == Decimal("12.50")


@pytest.mark.parametrize(
    "text", ["26,10", "26，10", "1,234.00", "abc", "12%", "1e3", "", ".5", "5.", "NaN", "Infinity", "0x10"]
)
def test_parse_rejects_what_is_not_a_plain_decimal(text):
    with pytest.raises(MoneyError):
        parse_money(text)


def test_comma_hint():
    with pytest.raises(MoneyError, match="逗号"):
        parse_money("26,10")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("4140.30", "4140.30"),
        ("0.6924", "0.6924"),  # 平罗: four decimals are published, keep them
        ("91.9361", "91.9361"),
        ("92.4", "92.40"),  # pad to the printed two decimals
        ("64", "64.00"),
        ("0", "0.00"),
        ("0.00", "0.00"),
        ("0.10", "0.10"),
    ],
)
def test_format_money(text, shown):
    assert format_money(parse_money(text)) == shown


def test_format_empty_is_blank_not_zero():
    assert format_money(None) == ""
    assert format_plain(None) == ""


def test_sum_is_exact():
    values = [parse_money(t) for t in ("0.10", "0.20", "0.30")]
    assert total(values) == Decimal("0.60")
    assert format_money(total(values)) == "0.60"
    assert total([None, None]) is None
    assert total([None, Decimal("0")]) == Decimal("0")


def test_resolution():
    assert resolution([Decimal("1.00"), Decimal("2.5")]) == Decimal("0.01")
    assert resolution([Decimal("0.6924")]) == Decimal("0.0001")


# ----- no float anywhere in the loaded real content ---------------------------------------------------------------
def _money_values(table) -> Iterator[object]:
    if isinstance(table, ClassifiedTable):
        yield from table.total.values()
        for code_row in table.rows:
            yield from code_row.values.values()
    elif isinstance(table, FixedTable):
        for side in table.values.values():
            for row in side.values():
                yield from row.values()
    elif isinstance(table, FormTable):
        for value in table.fields.values():
            if isinstance(value, dict):
                yield from (v for v in value.values() if not isinstance(v, str))
            elif not isinstance(value, (str, list)):
                yield value
    elif isinstance(table, GroupedItemsTable):
        yield from table.total.values()
        for group in table.groups:
            yield from group.subtotal.values()
            for item in group.items:
                yield from item.money.values()
    elif isinstance(table, ItemListTable):
        yield table.total
        for listed in table.rows:
            yield from listed.values.values()


def test_every_money_value_in_the_content_is_decimal_or_none():
    content = load_content(CONTENT)
    assert len(content.disclosures) == 6
    seen = 0
    for disclosure in content.disclosures:
        for table in disclosure.tables():
            for value in _money_values(table):
                assert value is None or type(value) is Decimal, (disclosure.slug, table.heading, value)
                assert not isinstance(value, float)
                seen += value is not None
    assert seen > 400
