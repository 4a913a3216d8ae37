"""Figures a 情况说明 states in words (机关运行经费, 三公经费, 基本支出 …) against the tables.

A section lists them under ``figures:``. Each must equal its table cell (layouts/
stated_figures.yml), and must really appear in the section's own text, so that the list
cannot drift away from what is published.
"""

from __future__ import annotations

from decimal import Decimal

from generator.diagnostics import Reporter
from generator.layouts import stated_figures
from generator.model.document import Disclosure, Section, TextBlock
from generator.model.money import format_money, format_plain
from generator.model.tables import ClassifiedTable, FixedTable
from generator.validate.tolerance import compare


def _cell(disclosure: Disclosure, where: dict[str, str]) -> tuple[bool, Decimal | None, str]:
    """(found, value, description) of the table cell a stated figure refers to."""
    tables = disclosure.tables(where["table"])
    if not tables:
        return False, None, ""
    table = tables[0]
    if isinstance(table, ClassifiedTable) and "total" in where:
        return True, table.total.get(where["total"]), f"{table.title}合计行的“{where['total']}”"
    if isinstance(table, FixedTable):
        value = table.value(where["side"], where["row"], where["column"])
        return True, value, f"{table.title}“{where['row']}”"
    return False, None, ""


def _text_of(section: Section) -> str:
    return "\n".join(b.markdown for b in section.body if isinstance(b, TextBlock))


def check_stated_figures(disclosure: Disclosure, reporter: Reporter) -> None:
    cells = stated_figures()
    for section in disclosure.sections():
        text = _text_of(section)
        for name, stated in section.figures.items():
            loc = section.figure_locs[name]
            if format_plain(stated) not in text and format_money(stated) not in text:
                reporter.warning(
                    loc,
                    "GK036",
                    f"“{section.heading}”的 figures 写了{name} {format_plain(stated)}，但该节文字中没有这个数字",
                )
            found, value, described = _cell(disclosure, cells[name])
            if not found:
                reporter.warning(loc, "GK036", f"“{section.heading}”写了{name}，但没有可以核对的表")
                continue
            compare(reporter, loc, "GK036", f"“{section.heading}”文中的{name}", stated, value, 1, described)
