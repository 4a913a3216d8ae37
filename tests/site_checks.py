"""What a reader sees of a built page, measured in the browser (Playwright ``page.evaluate``
scripts shared by the browser tests of the site's layout and reading modes)."""

from __future__ import annotations

# The reading modes as a reader leaves them (site.js reads them before the first paint).
MODE_PREFS = {
    "normal": {},
    "large-text": {"large-text": True},
    "high-contrast": {"high-contrast": True},
    "both": {"large-text": True, "high-contrast": True},
}


def prefs_script(mode: str) -> str:
    """An init script that sets the reading mode ``mode`` before any page of the context loads."""
    import json

    return f"localStorage.setItem('gongkai-prefs', {json.dumps(json.dumps(MODE_PREFS[mode]))})"


# For every value cell of every table on the page, with each table box scrolled sideways to the
# start, a third, two thirds and the end: the cell's text box (a Range over its text, so padding
# does not count) is brought into the window, and each corner is checked. A corner outside the
# window or outside the table's box is "cut"; a corner where another element is on top is
# "covered" (elementFromPoint). Returns the problems found, at most 20.
CHECK_CELLS = """(strict) => {
  const problems = [];
  const boxes = [...document.querySelectorAll('.table-scroll')];
  for (const box of boxes) {
    const range = box.scrollWidth - box.clientWidth;
    const positions = range > 0 ? [0, range / 3, 2 * range / 3, range] : [0];
    for (const pos of positions) {
      box.scrollLeft = pos;
      for (const cell of box.querySelectorAll('tbody td')) {
        if (!cell.textContent.trim() || cell.classList.contains('empty')) continue;
        const text = document.createRange();
        text.selectNodeContents(cell);
        let r = text.getBoundingClientRect();
        if (!r.width) continue;
        window.scrollBy(0, r.top - innerHeight / 3);
        r = text.getBoundingClientRect();
        const b = box.getBoundingClientRect();
        const clip = {left: b.left + box.clientLeft, right: b.left + box.clientLeft + box.clientWidth};
        // a text taller than the window (a long 部门职能 paragraph) is checked at the window's edges
        const top = Math.max(r.top, 0) + 1, bottom = Math.min(r.bottom, innerHeight) - 1;
        const corners = [[r.left + 1, top], [r.right - 1, top], [r.left + 1, bottom], [r.right - 1, bottom]];
        const name = `${box.querySelector('caption')?.textContent} ${cell.textContent.trim().slice(0, 40)} @${Math.round(pos)}`;
        const shown = corners.filter(([x, y]) => x >= clip.left && x <= clip.right && x >= 0 && x <= innerWidth
                                              && y >= 0 && y <= innerHeight);
        if (strict && shown.length < 4) problems.push(`cut: ${name}`);
        for (const [x, y] of shown) {
          const hit = document.elementFromPoint(x, y);
          if (!(hit === cell || cell.contains(hit))) {
            problems.push(`covered by ${hit && hit.tagName}.${hit && hit.className} "${hit && hit.textContent.trim().slice(0, 12)}": ${name}`);
            break;
          }
        }
        if (problems.length >= 20) return problems;
      }
    }
  }
  return problems;
}"""


# Scrolled sideways to the start, the middle and the end, each column header stays over its column;
# on a phone's cards (the thead moved off screen) each value's visible label names its own column.
HEADERS_OVER_COLUMNS = """() => {
  const out = [];
  for (const box of document.querySelectorAll('.table-scroll')) {
    if (!box.getClientRects().length) continue;  // the arrangement not displayed at this width
    const range = box.scrollWidth - box.clientWidth;
    for (const pos of [0, range / 2, range]) {
      box.scrollLeft = pos;
      for (const cell of box.querySelectorAll('tbody td[headers]')) {
        if (!cell.getClientRects().length) continue;
        if (box.classList.contains('stack-rows') && !cell.matches('th ~ td')) continue;  // the card's title band
        const ids = cell.getAttribute('headers').split(' ');
        const heads = ids.map(id => document.getElementById(id)).filter(h => h && h.closest('thead'));
        const own = heads.filter(h => !/^\\d+$/.test(h.textContent.trim()) && h.textContent.trim() !== '栏次');
        if (!own.length) continue;
        const label = getComputedStyle(cell, '::before').content;
        if (getComputedStyle(box.querySelector('thead')).position === 'absolute') {
          // a card: the value's visible label names its column
          const last = own[own.length - 1].textContent.trim();
          if (!cell.classList.contains('empty') && !label.includes(last))
            out.push(`${last} missing from the label ${label} of ${cell.textContent}`);
          continue;
        }
        const c = cell.getBoundingClientRect();
        for (const h of heads) {
          const r = h.getBoundingClientRect();
          if (r.left > c.left + 1 || r.right < c.right - 1)
            out.push(`${h.textContent.trim()} [${Math.round(r.left)}, ${Math.round(r.right)}] is not over ` +
                     `its column [${Math.round(c.left)}, ${Math.round(c.right)}] at scroll ${Math.round(pos)}`);
        }
      }
    }
  }
  return out.slice(0, 10);
}"""


# Colours as WCAG 2.x computes them: relative luminance of sRGB, a background found by walking up
# the ancestors (semi-transparent ones composited over what is behind them).
_COLOUR = """
  const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const over = (top, below) => { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + below[i] * (1 - a)).concat([1]); };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let bg = [255, 255, 255, 1];  // the canvas
    for (const layer of layers.reverse()) bg = over(layer, bg);
    return bg;
  };
  const lum = (c) => 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2]);
  const ch = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  // displayed, and not visually hidden (an sr-only text, a phone card's clipped thead)
  const shown = (el) => {
    if (!el.getClientRects().length) return false;
    const s = getComputedStyle(el);
    if (s.visibility !== 'visible') return false;
    for (let e = el; e; e = e.parentElement) {
      const a = getComputedStyle(e);
      if (a.clip !== 'auto' || a.clipPath !== 'none' || parseFloat(a.opacity) === 0) return false;
    }
    return true;
  };
  const name = (el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''}`;
"""

# Every piece of text a reader sees (an element's own text, and the labels drawn by ::before and
# ::after, like a phone card's 合计) against the background behind it: at least 4.5:1, or 3:1 for
# large text (24px, or 18.66px bold), WCAG 1.4.3. Returns the failures, at most 20.
TEXT_CONTRAST = (
    """() => {"""
    + _COLOUR
    + """
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (['SCRIPT', 'STYLE', 'TITLE', 'OPTION'].includes(el.tagName) || !shown(el)) continue;
    const texts = [];
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
    if (own) texts.push([getComputedStyle(el), own]);
    for (const pseudo of ['::before', '::after']) {
      const s = getComputedStyle(el, pseudo);
      if (s.display !== 'none' && /^".+"$/.test(s.content)) texts.push([s, s.content.slice(1, -1)]);
    }
    if (!texts.length) continue;
    const bg = background(el);
    for (const [style, text] of texts) {
      const fg = over(parse(style.color), bg);
      const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
      const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      const r = ratio(fg, bg);
      if (r < need - 0.005)
        out.push(`${name(el)} "${text.slice(0, 20)}": ${style.color} on rgb(${bg.slice(0, 3).map(Math.round)}) is ${r.toFixed(2)}:1 (needs ${need}:1)`);
      if (out.length >= 20) return out;
    }
  }
  return out;
}"""
)

# Every control a keyboard reaches (links, buttons, fields, the focusable table boxes), focused as
# the keyboard does (:focus-visible): a ring is drawn, at least 2px wide, 3:1 or more against the
# background around it (WCAG 1.4.11; the ring sits outside the element, on its parent's background).
FOCUS_RINGS = (
    """() => {"""
    + _COLOUR
    + """
  const out = [];
  let checked = 0;
  const controls = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')];
  for (const el of controls) {
    if (!shown(el) || el.closest('[hidden]')) continue;
    el.focus();
    if (document.activeElement !== el) continue;
    checked += 1;
    if (!el.matches(':focus-visible')) { out.push(`${name(el)}: focused without a visible ring`); continue; }
    const s = getComputedStyle(el);
    const width = parseFloat(s.outlineWidth);
    if (s.outlineStyle === 'none' || width < 2) { out.push(`${name(el)} "${el.textContent.trim().slice(0, 20)}": ring ${s.outlineStyle} ${s.outlineWidth}`); continue; }
    const ring = over(parse(s.outlineColor), background(el.parentElement || el));
    const r = ratio(ring, background(el.parentElement || el));
    if (r < 3) out.push(`${name(el)} "${el.textContent.trim().slice(0, 20)}": ring ${s.outlineColor} on rgb(${background(el.parentElement || el).slice(0, 3).map(Math.round)}) is ${r.toFixed(2)}:1`);
    if (out.length >= 20) break;
  }
  document.activeElement && document.activeElement.blur();
  return {checked, problems: out};
}"""
)


# In each column of a table (the cells under one column header), every figure and text is aligned
# the same way: amounts and percentages of one column once were not. Returns the columns that mix.
COLUMN_ALIGNMENT = """() => {
  const out = [];
  for (const table of document.querySelectorAll('table.grid')) {
    if (!table.getClientRects().length) continue;
    const columns = new Map();
    for (const cell of table.querySelectorAll('tbody td[headers]')) {
      if (!cell.getClientRects().length || cell.classList.contains('empty') || !cell.textContent.trim()) continue;
      const heads = cell.getAttribute('headers').split(' ').filter(id => document.getElementById(id)?.closest('thead'));
      if (!heads.length) continue;
      const key = heads[heads.length - 1];
      const align = getComputedStyle(cell).textAlign;
      if (!columns.has(key)) columns.set(key, new Map());
      const seen = columns.get(key);
      if (!seen.has(align)) seen.set(align, cell.textContent.trim().slice(0, 16));
    }
    for (const [key, seen] of columns)
      if (seen.size > 1)
        out.push(`${table.querySelector('caption')?.textContent.trim()} / ${document.getElementById(key).textContent.trim()}: ` +
                 [...seen].map(([a, t]) => `${t} ${a}`).join(', '));
  }
  return out;
}"""


# Each text cell of a data table (a 采购物品名称, a 单位名称: not a figure, not a code) has room for
# five characters a line, or for its whole text if shorter: 法律援助服务 once read 法律 / 援助 / 服务.
TEXT_CELL_WIDTHS = """() => {
  const out = [];
  for (const cell of document.querySelectorAll('table.grid.layout-data tbody td:not(.num):not(.code):not(.empty)')) {
    if (!cell.getClientRects().length) continue;
    const text = cell.textContent.trim();
    if (!text) continue;
    const s = getComputedStyle(cell);
    const room = cell.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    const need = Math.min([...text].length, 5) * parseFloat(s.fontSize) - 1;
    if (room < need)
      out.push(`${cell.closest('table').querySelector('caption')?.textContent.trim()}: ${text.slice(0, 20)} has ` +
               `${(room / parseFloat(s.fontSize)).toFixed(1)} characters a line`);
  }
  return out.slice(0, 20);
}"""


# A label a reader sees in a table (a row's label cell, a phone card's ::before label) that starts
# with the name shown right above it, the table's caption: "人员经费 · 决算数" under 人员经费,
# "年度总体目标·预期目标" under 年度总体目标. Returns those labels.
LABELS_REPEATING_THEIR_CAPTION = """() => {
  const out = [];
  for (const table of document.querySelectorAll('main table.grid')) {
    const caption = table.querySelector('caption');
    if (!table.getClientRects().length || !caption || !caption.getClientRects().length) continue;
    const shown = getComputedStyle(caption).clipPath === 'none' && caption.getBoundingClientRect().width > 1;
    const name = caption.textContent.trim();
    if (!shown || !name) continue;
    for (const cell of table.querySelectorAll('tbody th, tbody td')) {
      if (!cell.getClientRects().length) continue;
      const before = getComputedStyle(cell, '::before').content;
      const labels = [cell.tagName === 'TH' ? cell.textContent.trim() : '',
                      /^".+"$/.test(before) ? before.slice(1, -1) : ''];
      for (const label of labels)
        if (label.length > name.length && label.startsWith(name) && /^\\s*[·・]/.test(label.slice(name.length)))
          out.push(`${name}: ${label}`);
    }
  }
  return [...new Set(out)];
}"""
