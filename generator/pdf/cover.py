"""The cover's last lines: 发布日期 and 信息来源, as the 目录 page of the site gives them.

The full-document page's cover names the department, the title and the year; the archival PDF
adds, under them, the date the disclosure was published (``published``; without it the date the
build was told by ``SOURCE_DATE_EPOCH``, called 生成日期 since it is not a publication date; else
“未注明”, as the site says) and where it comes from. Added in the page only while it is printed.
"""

from __future__ import annotations

import datetime as dt
import os

from playwright.async_api import Page

from generator.render.views import DisclosureView

ADD = """(lines) => {
  const cover = document.querySelector('main .cover');
  if (!cover || cover.querySelector('.cover-facts')) return;
  const facts = document.createElement('div');
  facts.className = 'cover-facts';
  for (const line of lines) {
    const p = document.createElement('p');
    p.textContent = line;
    facts.append(p);
  }
  cover.append(facts);
}"""


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def cover_lines(view: DisclosureView) -> tuple[str, ...]:
    d = view.disclosure
    if d.published is not None:
        date = f"发布日期：{_day(d.published)}"
    else:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        when = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date() if epoch.isdigit() else None
        date = f"生成日期：{_day(when)}" if when else "发布日期：未注明"
    return (date, f"信息来源：{d.department.name}")


async def add_cover_lines(page: Page, lines: tuple[str, ...]) -> None:
    if lines:
        await page.evaluate(ADD, list(lines))
