"""Where every element will print, without printing: the page breaks laid out in the browser.

A print costs Chromium its layout, painting and PDF writing; the page breaks alone are a layout.
Chromium breaks pages and CSS columns with the same fragmentation engine, so the document is laid
out once more as it will print: ``main`` becomes a column box as wide and as tall as a page's
content box, each column a page, every forced page break (a ``break-before: page``, a change of
named page, paginate.py's stretches) a forced column break. An element's column is its page
within its stretch, its height in the column how far down the page it starts. Stretches of
landscape pages are laid out in a second, landscape-sized pass.

paginate.py settles the page breaks on these positions (each pass a layout, not a print), then
prints once to verify: a fault the print still shows is fixed from the print, so correctness
never depends on the prediction, only the number of prints does.

The page's content box comes from the document's own ``@page`` rules (size and margin, per named
page). Chromium makes the printed content box a whole number of CSS pixels, rounded up (measured:
A4 with 18 mm and 16 mm margins holds 995 px, not 994.02), and so does this.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from playwright.async_api import Page

PX_PER = {"px": 1.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0, "pt": 96 / 72, "pc": 16.0, "q": 96 / 101.6}
SIZES_MM = {  # CSS page-size keywords, portrait (width, height)
    "a5": (148, 210),
    "a4": (210, 297),
    "a3": (297, 420),
    "b5": (176, 250),
    "b4": (250, 353),
    "jis-b5": (182, 257),
    "jis-b4": (257, 364),
    "letter": (215.9, 279.4),
    "legal": (215.9, 355.6),
    "ledger": (279.4, 431.8),
}
# Playwright's page.pdf() without a CSS size: Letter, and Chromium's default margins of about 1 cm
DEFAULT_SIZE = (215.9 * PX_PER["mm"], 279.4 * PX_PER["mm"])
DEFAULT_MARGIN = 0.4 * 96
# LayoutUnit: Chromium keeps content ending this little past the page's end on the page
EPSILON = 1 / 64

# a page's content box for LAYOUT: [width, height, top margin, page height] in CSS px
Box = list[float]


class Unsupported(ValueError):
    """An @page rule this module cannot size: the pages are then found by printing only."""


def _length(text: str) -> float:
    match = re.fullmatch(r"(-?[\d.]+)([a-z]*)", text.strip().lower())
    if not match:
        raise Unsupported(text)
    number, unit = float(match.group(1)), match.group(2) or "px"
    if unit not in PX_PER or (unit == "px" and match.group(2) == "" and number != 0):
        raise Unsupported(text)
    return number * PX_PER[unit]


def _blocks(css: str) -> list[tuple[str, str]]:
    """Every ``@page [name]`` rule: (name, its own declarations, margin boxes left out)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found: list[tuple[str, str]] = []
    for match in re.finditer(r"@page\b([^{]*)\{", css):
        depth, at, own = 1, match.end(), []
        start = at
        while depth and at < len(css):
            if css[at] == "{":
                if depth == 1:
                    own.append(css[start:at])
                depth += 1
            elif css[at] == "}":
                depth -= 1
                if depth == 1:
                    start = at + 1
                elif depth == 0:
                    own.append(css[start:at])
            at += 1
        found.append((match.group(1).strip(), "".join(own)))
    return found


def _declarations(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in text.split(";"):
        if ":" in part:
            name, value = part.split(":", 1)
            found[name.strip().lower()] = value.replace("!important", "").strip()
    return found


def _size(value: str) -> tuple[float, float]:
    words = value.lower().split()
    orientation = next((w for w in words if w in ("portrait", "landscape")), "")
    rest = [w for w in words if w not in ("portrait", "landscape")]
    if len(rest) == 1 and rest[0] in SIZES_MM:
        w, h = (x * PX_PER["mm"] for x in SIZES_MM[rest[0]])
    elif len(rest) in (1, 2) and all(re.match(r"[\d.]", w) for w in rest):
        w = _length(rest[0])
        h = _length(rest[-1])
    elif not rest:
        w, h = DEFAULT_SIZE
    else:
        raise Unsupported(value)
    if orientation == "landscape" and w < h or orientation == "portrait" and w > h:
        w, h = h, w
    return w, h


def _margins(values: dict[str, str], into: list[float]) -> list[float]:
    top, right, bottom, left = into
    if "margin" in values:
        parts = [_length(p) for p in values["margin"].split()]
        if not 1 <= len(parts) <= 4:
            raise Unsupported(values["margin"])
        if len(parts) < 4:  # CSS's shorthand: top [right [bottom]]; left as right, bottom as top
            parts = [parts[0], parts[-1 if len(parts) < 3 else 1], parts[0 if len(parts) < 3 else 2]]
            parts.append(parts[1])
        top, right, bottom, left = parts
    sides = {"margin-top": 0, "margin-right": 1, "margin-bottom": 2, "margin-left": 3}
    result = [top, right, bottom, left]
    for name, index in sides.items():
        if name in values:
            result[index] = _length(values[name])
    return result


def page_boxes(sheets: list[str], names: list[str]) -> dict[str, Box]:
    """The content box of each named page (``auto`` the unnamed), from the ``@page`` rules in order."""
    rules = [(name, _declarations(text)) for css in sheets for name, text in _blocks(css)]
    boxes: dict[str, Box] = {}
    for page in ["auto", *names]:
        size = DEFAULT_SIZE
        margins = [DEFAULT_MARGIN] * 4
        for name, values in rules:
            if name.startswith(":"):
                continue  # :first, :left … are not told apart here
            if name not in ("", page):
                continue
            if "size" in values:
                size = _size(values["size"])
            margins = _margins(values, margins)
        width = size[0] - margins[1] - margins[3]
        height = size[1] - margins[0] - margins[2]
        if width <= 0 or height <= 0:
            raise Unsupported(f"@page {page}")
        boxes[page] = [float(math.ceil(width - 1e-6)), math.ceil(height - 1e-6) + EPSILON, margins[0], size[1]]
    return boxes


SHEETS = r"""() => ({
  links: Array.from(document.querySelectorAll('link[rel~="stylesheet"]')).map((l) => l.href),
  inline: Array.from(document.querySelectorAll('style')).map((s) => s.textContent),
  names: Array.from(new Set(Array.from(document.querySelectorAll('main *'))
    .map((el) => getComputedStyle(el).page).filter((p) => p && p !== 'auto'))),
})"""


async def boxes_of(page: Page) -> dict[str, Box] | None:
    """The page's content boxes, or None when its stylesheets cannot be read or sized (then only
    printing tells the page breaks)."""
    found: dict[str, Any] = await page.evaluate(SHEETS)
    sheets: list[str] = []
    for href in found["links"]:
        url = urlparse(href)
        if url.scheme != "file":
            return None
        try:
            sheets.append(Path(unquote(url.path)).read_text(encoding="utf-8"))
        except OSError:
            return None
    sheets.extend(found["inline"])
    try:
        return page_boxes(sheets, [*found["names"], "wide", "cover", "front"])
    except Unsupported:
        return None


# Lays the document out as it prints (see the module's docstring), from the stretches MARK found
# (window.gkStretches); returns {positions: {id: [page, depth]}, pages}. ``depth`` is measured as
# Chromium writes a named destination: from the top of the content box, over the page's height.
# Switching the column box on or off costs a whole layout (tens of ms for 廊坊), a change inside it
# a few ms: the document stays laid out in portrait columns from pass to pass (MARK and the fixes
# work on it as well), and the landscape stretches, laid out in a pass of their own, are reused as
# long as no fix touched one (``dirty``). ``LAYOUT_OFF`` restores the page before it prints.
LAYOUT = r"""([boxes, dirty]) => {
  const state = window.gkStretches;
  const main = document.querySelector('main') || document.body;
  const GAP = 400;
  const memo = window.gkLayout ?? (window.gkLayout = {
    sheet: new CSSStyleSheet(), on: '', marked: [], cache: new Map(),
  });
  if (!document.adoptedStyleSheets.includes(memo.sheet)) {
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, memo.sheet];
  }
  for (const [el, cls] of memo.marked) el.classList.remove(cls);
  memo.marked = [...state.starts.map((el) => [el, 'gk-colbreak']), ...state.afters.map((el) => [el, 'gk-colafter'])];
  for (const [el, cls] of memo.marked) el.classList.add(cls);
  const use = (key) => {
    if (memo.on === key) return;
    const [w, h] = key.split('x').map(Number);
    memo.sheet.replaceSync(`
      main { columns: ${w}px 1 !important; column-gap: ${GAP}px !important; column-fill: auto !important;
        height: ${h}px !important; width: ${w}px !important; max-width: none !important; margin: 0 !important;
        padding: 0 !important; border: 0 !important; box-sizing: content-box !important; overflow: visible !important; }
      .gk-colbreak { break-before: column !important; } .gk-colafter { break-after: column !important; }`);
    memo.on = key;
  };
  const keyOf = (name) => (boxes[name] ?? boxes.auto).slice(0, 2).join('x');
  const home = keyOf('auto');
  const targets = [];
  for (const a of document.querySelectorAll('a[href^="#"]')) {
    const el = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
    if (el && main.contains(el) && state.segment.has(el)) targets.push(el);
  }
  const keys = [...new Set(state.names.map(keyOf))].sort((a, b) => (a === home) - (b === home));
  const rel = new Map();   // element → [column within its stretch, y]
  const count = new Map(); // stretch → pages
  for (const key of keys) {
    const w = Number(key.split('x')[0]);
    const mine = (s) => keyOf(state.names[s]) === key;
    const cached = key !== home && !dirty ? memo.cache.get(key) : undefined;
    if (cached && state.firsts.every((el, s) => !mine(s) || cached.count.has(el))) {
      state.firsts.forEach((el, s) => { if (mine(s)) count.set(s, cached.count.get(el)); });
      for (const el of targets) if (cached.rel.has(el)) rel.set(el, cached.rel.get(el));
      continue;
    }
    use(key);
    const origin = main.getBoundingClientRect();
    const colOf = (r) => Math.floor((r.left - origin.left + 1) / (w + GAP));
    const first = [];
    state.firsts.forEach((el, s) => {
      const r = el.getClientRects()[0];
      if (r) first.push([s, colOf(r), el]);
    });
    let end = 0;
    for (const el of state.lasts) {
      const rects = el.getClientRects();
      if (rects.length) end = Math.max(end, colOf(rects[rects.length - 1]));
    }
    const starts = new Map();
    const counts = new Map();
    first.forEach(([s, col, el], i) => {
      if (!mine(s)) return;
      starts.set(s, col);
      const n = (i + 1 < first.length ? first[i + 1][1] : end + 1) - col;
      count.set(s, n);
      counts.set(el, n);
    });
    const rels = new Map();
    for (const el of targets) {
      const s = state.segment.get(el);
      if (!starts.has(s)) continue;
      const r = el.getClientRects()[0];
      if (r) rels.set(el, [colOf(r) - starts.get(s), r.top - origin.top]);
    }
    for (const [el, v] of rels) rel.set(el, v);
    memo.cache.set(key, { count: counts, rel: rels });
  }
  use(home);
  const startPage = new Map();
  let page = 1;
  state.names.forEach((_, s) => {
    if (!count.has(s)) return;
    startPage.set(s, page);
    page += count.get(s);
  });
  const positions = {};
  for (const el of targets) {
    const s = state.segment.get(el);
    if (!rel.has(el) || !startPage.has(s)) continue;
    const [col, y] = rel.get(el);
    positions[el.id] = [startPage.get(s) + col, Math.max(0, y) / (boxes[state.names[s]] ?? boxes.auto)[3]];
  }
  return JSON.stringify({ positions, pages: page - 1 });  // one string: Playwright's value by value is slower
}"""

LAYOUT_OFF = r"""() => {
  const memo = window.gkLayout;
  if (!memo) return;
  for (const [el, cls] of memo.marked) el.classList.remove(cls);
  document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== memo.sheet);
  delete window.gkLayout;
}"""
