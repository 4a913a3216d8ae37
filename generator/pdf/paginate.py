"""Page breaks an archivist accepts: no heading ends a page, no table leaves one row behind, and every
page a table continues onto starts with the table's title and "（续表）".

CSS alone does not get there in Chromium: ``break-after: avoid`` is not kept when what follows is
a table (the break falls inside it, after the header rows), a change of named page (a landscape
table after a portrait heading) always breaks, and nothing repeats a title on a continuation page.
So the page is printed, read back and corrected, before the 目录's numbers are filled in:

1. ``MARK`` gives an id to every element the rules look at and links them from a hidden list, so
   that Chromium writes a named destination (its page) for each: the keep-with-next elements
   (headings, a table's 单位 line, a short paragraph ending in "：" that introduces what follows),
   the first block after each run of them, and every body row of every table.
2. The printed PDF tells the page of each (``reading.read``); ``plan`` finds the faults:
   * a run of headings not on the page of what it introduces: a page break before the run, or,
     when what follows is on another named page (a landscape table), the run moves to that page;
   * a table whose first page holds a single body row, or a form (a project's header) less than
     half of it: the table (and its headings) moves on;
   * a table whose last page holds a single row: two rows go over instead (when that leaves ≥ 2),
     split there at once when the table is not a continuation yet;
   * a table over several pages: split where Chromium broke it; the rest becomes a table of its
     own that starts a page, its header rows repeated under a title row "表名（续表）　单位：万元",
     which Chromium repeats on every further page with the header rows.
3. ``APPLY`` makes the changes in the page (classes from pdf.css: ``gk-break``, ``gk-continued``)
   and the page is printed again. A fix moves what follows it only up to the next forced page
   break, so each stretch between forced breaks gets its first fault fixed in the same pass.
4. ``UNMARK`` removes the ids and the hidden list: the final PDF has no trace of them.

The decisions depend only on the printed layout, so the same page always gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from playwright.async_api import Page

from generator.pdf.browser import print_pdf
from generator.pdf.layout import LAYOUT, LAYOUT_OFF, boxes_of
from generator.pdf.reading import Reading, read

# each pass fixes the first fault of every stretch between forced breaks; 廊坊's 24 project pages
# need 23 passes. Running out is an error, never a PDF with faults left in it.
MAX_PASSES = 200
# a stretch whose last line is less than this far down a page of its own is printed tighter
SPILL = 0.25

# The computed styles MARK reads (display, visibility, page, break-before, break-after), kept from
# pass to pass: a MutationObserver forgets those of every element a change may have touched (a class,
# an inline style, inserted or removed elements, changed text), with its subtree (descendant
# selectors), its following siblings' subtrees (sibling selectors) and its ancestors (:has(), :empty).
# The passes' own traffic changes none of these styles and is not counted: the column-break classes
# layout.py toggles, the probes' ids and hidden links, the stretches' end markers.
STYLES = r"""() => {
  let map = new WeakMap();
  const OWN = new Set(['id', 'data-gk-probe', 'href', 'headers']);
  const plain = (v) => (v ?? '').split(/\s+/).filter((c) => c && c !== 'gk-colbreak' && c !== 'gk-colafter').sort().join(' ');
  const own = (n) => n.nodeType === 1 && (n.id === 'gk-probes' || n.classList.contains('gk-end'));
  const touched = new Set();
  const note = (records) => {
    for (const r of records) {
      if (r.type === 'attributes') {
        if (OWN.has(r.attributeName)) continue;
        if (r.attributeName === 'class' && plain(r.oldValue) === plain(r.target.getAttribute('class'))) continue;
        touched.add(r.target);
      } else if (r.type === 'childList') {
        if (r.target.id === 'gk-probes' || [...r.addedNodes, ...r.removedNodes].every(own)) continue;
        touched.add(r.target);
      } else {
        touched.add(r.target.parentElement);
      }
    }
  };
  const observer = new MutationObserver(note);
  observer.observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, attributeOldValue: true, characterData: true,
  });
  const forget = (el) => {
    map.delete(el);
    for (const child of el.querySelectorAll('*')) map.delete(child);
  };
  return {
    current() {
      note(observer.takeRecords());
      if (touched.has(document.documentElement) || touched.has(document.body)) map = new WeakMap();
      for (const el of touched) {
        if (!(el instanceof Element)) continue;
        forget(el);
        for (let s = el.nextElementSibling; s; s = s.nextElementSibling) forget(s);
        for (let a = el.parentElement; a; a = a.parentElement) map.delete(a);
      }
      touched.clear();
      return map;
    },
  };
}"""

MARK = r"""() => {
  const main = document.querySelector('main') || document.body;
  // the last pass's end markers stay where they still mark a stretch's end (a marker moved is a
  // relayout); meanwhile they count for nothing
  const marker = (el) => el.classList.contains('gk-end');
  const stale = new Set(document.querySelectorAll('.gk-end'));
  // ids stay from pass to pass (a fix is remembered by the id of the element it changed)
  const idOf = (el) => {
    if (!el.id) {
      window.gkProbes = (window.gkProbes ?? 0) + 1;
      el.id = 'gkp-' + window.gkProbes;
      el.dataset.gkProbe = '1';
    }
    return el.id;
  };
  // one computed style read per element, kept from pass to pass until the element may have changed
  // (STYLES): reading five properties of every element was most of a pass (40 of 60 ms for 廊坊)
  const styles = (window.gkStyles ?? (window.gkStyles = (STYLES)())).current();
  const styleOf = (el) => {
    let s = styles.get(el);
    if (!s) {
      const c = getComputedStyle(el);
      s = { display: c.display, visibility: c.visibility, page: c.page, before: c.breakBefore, after: c.breakAfter };
      styles.set(el, s);
    }
    return s;
  };
  const hidden = (el) => {
    if (marker(el)) return true;
    const s = styleOf(el);
    return s.display === 'none' || s.visibility === 'hidden';
  };
  const pages = new Map();
  const pageName = (el) => {
    if (!el || el === document.documentElement) return 'auto';
    let p = pages.get(el);
    if (p === undefined) {
      const own = styleOf(el).page;
      p = own && own !== 'auto' ? own : pageName(el.parentElement);
      pages.set(el, p);
    }
    return p;
  };
  const displayed = new Map();  // neither it nor an ancestor is display: none
  const shownAll = (el) => {
    if (!el || el === main) return true;
    let d = displayed.get(el);
    if (d === undefined) {
      d = styleOf(el).display !== 'none' && shownAll(el.parentElement);
      displayed.set(el, d);
    }
    return d;
  };
  const rendered = (el) => shownAll(el) && el.getClientRects().length > 0;
  const excluded = (el) => el.closest('.cover, .doc-toc, #gk-probes');
  const isKeep = (el) => {
    if (!/^(H[1-6]|P)$/.test(el.tagName) || excluded(el) || hidden(el)) return false;
    if (/^H[1-6]$/.test(el.tagName)) return true;
    if (el.matches('p.table-meta')) return true;
    if (el.tagName === 'P') {
      const t = el.textContent.trim();
      return t.length > 0 && t.length <= 40 && /[：:]$/.test(t);
    }
    return false;
  };
  const containers = new Set(['SECTION', 'DIV', 'OL', 'UL', 'BLOCKQUOTE', 'TBODY', 'ARTICLE', 'DL']);
  const firstBlock = (el) => {
    while (el) {
      if (el.tagName === 'TABLE') return el.querySelector(':scope > tbody:not(.gk-ghost) > tr') || el;
      if (!containers.has(el.tagName)) return el;
      let child = el.firstElementChild;
      while (child && hidden(child)) child = child.nextElementSibling;
      if (!child) return el;
      el = child;
    }
    return el;
  };
  const after = (el) => {
    while (el && el !== main) {
      let s = el.nextElementSibling;
      while (s && hidden(s)) s = s.nextElementSibling;
      if (s) return s;
      el = el.parentElement;
    }
    return null;
  };
  // Stretches between forced page breaks: a fix moves what follows it only up to the next one.
  // A change of named page breaks between two boxes when the first ends on another page than the
  // second starts on: a box starts on its first child's page and ends on its last child's (a
  // section whose heading moved to a landscape page starts on one).
  const segment = new Map();
  let seg = 0;
  const forced = (v) => ['page', 'left', 'right', 'recto', 'verso'].includes(v);
  // the column breaks layout.py's LAYOUT stands in for the page breaks are the last pass's: taken
  // off while the breaks are read, put back for this pass's stretches before anything is laid out
  const layout = window.gkLayout;
  for (const [el, cls] of layout?.marked ?? []) el.classList.remove(cls);
  const shown = (el) => el && !marker(el) && styleOf(el).display !== 'none';
  const edge = (el, which, memo) => {
    if (memo.has(el)) return memo.get(el);
    let child = which === 'start' ? el.firstElementChild : el.lastElementChild;
    while (child && !shown(child)) child = which === 'start' ? child.nextElementSibling : child.previousElementSibling;
    const name = child ? edge(child, which, memo) : pageName(el);
    memo.set(el, name);
    return name;
  };
  const starting = new Map();
  const ending = new Map();
  const starts = [];
  const afters = [];
  const names = [];
  const firsts = [];
  const everything = Array.from(main.querySelectorAll('*')).filter((el) => !marker(el));
  let cell = null;  // inside a table cell nothing breaks a page: a cell's elements are in its row's stretch
  for (const el of everything) {
    if (cell && cell.contains(el)) {
      segment.set(el, seg);
      continue;
    }
    cell = el.tagName === 'TD' || el.tagName === 'TH' ? el : null;
    const s = styleOf(el);
    let prev = el.previousElementSibling;
    while (prev && !shown(prev)) prev = prev.previousElementSibling;
    if (names.length === 0) names.push(edge(el, 'start', starting));
    if (s.display !== 'none' && (forced(s.before) || (prev && forced(styleOf(prev).after))
        || (prev && edge(prev, 'end', ending) !== edge(el, 'start', starting)))) {
      seg += 1;
      starts.push(el);
      names.push(edge(el, 'start', starting));
    }
    if (forced(s.after)) afters.push(el);
    segment.set(el, seg);
  }
  if (layout) {
    layout.marked = [...starts.map((el) => [el, 'gk-colbreak']), ...afters.map((el) => [el, 'gk-colafter'])];
    for (const [el, cls] of layout.marked) el.classList.add(cls);
  }
  for (const el of everything) {
    const s = segment.get(el);
    if (firsts[s] === undefined && rendered(el)) firsts[s] = el;
  }
  const ids = [];
  const probe = (el) => { const id = idOf(el); ids.push(id); return id; };
  // Where each stretch starts and where its last line is (an empty marker after its last element):
  // a stretch that spills a few lines onto a page of their own is printed tighter (see ``plan``).
  const firstOf = new Map();
  const lastOf = new Map();
  const tablesOf = new Map();
  const outside = (el) => !shownAll(el) || excluded(el);
  for (const el of everything) {
    const s = segment.get(el) ?? 0;
    if (!firstOf.has(s) && !outside(el) && el.getClientRects().length > 0) firstOf.set(s, el);
    if (el.tagName === 'TABLE' && !outside(el) && el.getClientRects().length > 0) {
      tablesOf.set(s, [...(tablesOf.get(s) ?? []), idOf(el)]);
    }
  }
  for (let i = everything.length - 1; i >= 0; i--) {
    const el = everything[i];
    const s = segment.get(el) ?? 0;
    if (firstOf.has(s) && !lastOf.has(s) && !outside(el) && el.getClientRects().length > 0) lastOf.set(s, el);
  }
  const voids = new Set(['BR', 'HR', 'IMG', 'INPUT', 'WBR', 'COL', 'TABLE', 'TBODY', 'THEAD', 'TR', 'UL', 'OL']);
  const ends = [];
  for (const [s, last] of [...lastOf].sort((a, b) => a[0] - b[0])) {
    const there = voids.has(last.tagName) ? last.nextSibling : last.lastChild;
    let end = there;
    if (there instanceof Element && stale.has(there)) {
      stale.delete(there);
    } else {
      end = document.createElement('span');
      end.className = 'gk-end';
      end.dataset.gkProbe = '1';
      end.style.cssText = 'display:inline-block;width:0;height:0';
      if (voids.has(last.tagName)) last.after(end); else last.append(end);
    }
    segment.set(end, s);
    ends.push({ segment: s, start: probe(firstOf.get(s)), end: probe(end), tables: tablesOf.get(s) ?? [] });
  }
  for (const end of stale) end.remove();
  const chains = [];
  const seen = new Set();
  for (const el of main.querySelectorAll('*')) {
    if (seen.has(el) || !isKeep(el)) continue;
    const chain = [el];
    seen.add(el);
    let target = null;
    for (let cur = el; ;) {
      const next = after(cur);
      if (!next) break;
      const block = firstBlock(next);
      if (isKeep(block)) { chain.push(block); seen.add(block); cur = block; continue; }
      target = block;
      break;
    }
    if (!target || excluded(target)) continue;
    chains.push({
      chain: chain.map(probe), target: probe(target), segment: segment.get(chain[0]) ?? 0,
      page: pageName(chain[0]), target_page: pageName(target),
    });
  }
  const tables = [];
  for (const table of main.querySelectorAll('table')) {
    if (excluded(table) || hidden(table)) continue;
    const rows = Array.from(table.querySelectorAll(':scope > tbody:not(.gk-ghost) > tr'));
    if (rows.length === 0) continue;
    const covered = new Array(rows.length).fill(false);
    rows.forEach((row, i) => {
      for (const cell of row.cells) {
        for (let k = 1; k < cell.rowSpan && i + k < rows.length; k++) covered[i + k] = true;
      }
    });
    const block = table.closest('section');
    const caption = table.querySelector(':scope > caption.gk-subtitle');
    tables.push({
      id: idOf(table), rows: rows.map(probe), free: covered.map((c) => !c),
      caption: caption ? probe(caption) : '', holder: idOf(table.parentElement),
      form: table.classList.contains('layout-form'),
      block: block ? idOf(block) : '',
      segments: rows.map((r) => segment.get(r) ?? 0),
      continued: table.closest('.gk-continued') !== null,
    });
  }
  // the hidden list stays from pass to pass, its links replaced: inserting it again dirtied the
  // layout of the whole document after MARK had read it, and LAYOUT laid it out once more
  let list = document.getElementById('gk-probes');
  if (!list) {
    list = document.createElement('div');
    list.id = 'gk-probes';
    list.hidden = true;
    document.body.append(list);
  }
  list.replaceChildren(...ids.map((id) => {
    const a = document.createElement('a');
    a.href = '#' + id;
    return a;
  }));
  // for layout.py's LAYOUT: the stretches, as elements
  window.gkStretches = {
    starts, afters, names, firsts, segment, lasts: Array.from(document.querySelectorAll('.gk-end')),
  };
  return JSON.stringify({ chains, tables, ends, names });
}"""
MARK = MARK.replace("= (STYLES)()", f"= ({STYLES})()")

# A grid's caption is the title of a sub-table (阳新's 部门总体资金情况（万元）, 项目支出情况 …): the
# PDF prints it, as the source does, above its grid. A caption that only repeats the table's
# heading (a table of one grid) or is derived from it ("{heading}·绩效指标", a name for screen
# readers), or that is the label of the grid's first row (阳新's 长期目标), is not printed: the
# same words are right above it or beside it. Run once, before the first print.
CAPTIONS = r"""() => {
  const plain = (t) => (t ?? '').replace(/\s+/g, '');
  for (const caption of document.querySelectorAll('main table > caption')) {
    const section = caption.closest('section');
    const heading = section ? section.querySelector(':scope > :is(h1, h2, h3, h4, h5, h6)') : null;
    const title = plain(heading?.textContent);
    const text = plain(caption.textContent);
    const label = plain(caption.parentElement.querySelector(':scope > tbody > tr > th')?.textContent);
    const repeats = !text || text === title || (title && text.startsWith(title + '·')) || text === label;
    if (repeats) caption.classList.add('gk-repeats');
    else caption.classList.add('gk-subtitle');
  }
}"""

UNMARK = r"""() => {
  delete window.gkStretches;
  document.getElementById('gk-probes')?.remove();
  for (const end of document.querySelectorAll('.gk-end')) end.remove();
  for (const el of document.querySelectorAll('[data-gk-probe]')) {
    el.removeAttribute('id');
    delete el.dataset.gkProbe;
  }
}"""

APPLY = r"""(fixes) => {
  let copies = document.querySelectorAll('.gk-continued').length;
  for (const fix of fixes) {
    if (fix.kind === 'tight') {
      for (const id of fix.tables) document.getElementById(id)?.classList.add(`gk-tight${fix.level}`);
    } else if (fix.kind === 'break') {
      document.getElementById(fix.id)?.classList.add('gk-break');
    } else if (fix.kind === 'page') {
      for (const id of fix.ids) document.getElementById(id)?.style.setProperty('page', fix.name);
    } else if (fix.kind === 'split' || fix.kind === 'title') {
      const table = document.getElementById(fix.table);
      const rows = Array.from(table.querySelectorAll(':scope > tbody:not(.gk-ghost) > tr'));
      const holder = table.parentElement;
      let target = table;
      let wrap = holder;
      const renamed = new Map();
      copies += 1;
      if (fix.kind === 'split') {
        wrap = holder.cloneNode(false);
        for (const attr of ['id', 'role', 'tabindex', 'aria-labelledby', 'aria-label']) wrap.removeAttribute(attr);
        delete wrap.dataset.gkProbe;
        target = table.cloneNode(false);
        target.removeAttribute('id');
        delete target.dataset.gkProbe;
        const head = table.tHead ? table.tHead.cloneNode(true) : document.createElement('thead');
        for (const el of head.querySelectorAll('[id]')) {
          const id = `${el.id}-x${copies}`;
          renamed.set(el.id, id);
          el.id = id;
        }
        target.append(head);
        // a merged cell running across the split (a 一级指标 down its indicators) is cut in two:
        // the continuation starts with a copy of it spanning the rows that went over
        const taken = rows.map(() => new Set());
        const carried = [];
        rows.slice(0, fix.row).forEach((row, i) => {
          let col = 0;
          for (const cell of row.cells) {
            while (taken[i].has(col)) col += 1;
            for (let k = 1; k < cell.rowSpan && i + k < rows.length; k++) {
              for (let c = 0; c < cell.colSpan; c++) taken[i + k].add(col + c);
            }
            const rest = Math.min(i + cell.rowSpan, rows.length) - fix.row;
            if (rest > 0) carried.push({ cell, col, rest });
            col += cell.colSpan;
          }
        });
        const first = rows[fix.row];
        first.classList.remove('gk-break');  // the continuation starts a page itself (not a second time under ghost rows)
        const starts = [];
        let at = 0;
        for (const cell of first.cells) {
          while (taken[fix.row].has(at)) at += 1;
          starts.push([cell, at]);
          at += cell.colSpan;
        }
        for (const { cell, col, rest } of carried) {
          const copy = cell.cloneNode(true);
          cell.rowSpan -= rest;
          copy.rowSpan = rest;
          if (copy.id) {
            const id = `${copy.id}-x${copies}`;
            renamed.set(copy.id, id);
            copy.id = id;
          }
          delete copy.dataset.gkProbe;
          const next = starts.find(([, c]) => c > col);
          first.insertBefore(copy, next ? next[0] : null);
        }
        const body = document.createElement('tbody');
        for (const row of rows.slice(fix.row)) {
          for (const cell of row.querySelectorAll('[headers]')) {
            const refs = cell.getAttribute('headers').split(/\s+/).map((h) => renamed.get(h) ?? h);
            cell.setAttribute('headers', refs.join(' '));
          }
          body.append(row);
        }
        target.append(body);
        wrap.append(target);
        holder.after(wrap);
      } else if (!table.tHead) {
        table.createTHead();
      }
      wrap.classList.add('gk-continued');
      let columns = 0;
      for (const cell of (target.tHead.rows[0] ?? target.tBodies[0].rows[0]).cells) columns += cell.colSpan;
      const title = document.createElement('tr');
      title.className = 'gk-continued-title';
      const th = document.createElement('th');
      th.colSpan = columns;
      th.scope = 'colgroup';
      const name = document.createElement('span');
      name.className = 'gk-continued-name';
      const section = table.closest('section');
      const heading = section ? section.querySelector(':scope > :is(h1, h2, h3, h4, h5, h6)') : null;
      const caption = table.querySelector(':scope > caption');
      name.textContent = `${(heading ?? caption)?.textContent.trim() ?? ''}（续表）`;
      th.append(name);
      if (fix.unit) {
        const unit = document.createElement('span');
        unit.className = 'gk-continued-unit';
        unit.textContent = fix.unit;
        th.append(unit);
      }
      title.append(th);
      target.tHead.prepend(title);
      if (fix.kind === 'split') {
        // Both parts lay their columns out from the same cells: each carries the other's rows
        // as ghost rows (no height, not painted, not tagged, yet counted for the column
        // widths, pdf.css), so the continuation's columns fall exactly under the first part's.
        const ghost = (rows) => {
          const body = document.createElement('tbody');
          body.className = 'gk-ghost';
          body.setAttribute('aria-hidden', 'true');
          for (const row of rows) {
            const copy = row.cloneNode(true);
            for (const el of [copy, ...copy.querySelectorAll('*')]) {
              for (const attr of ['id', 'headers', 'data-gk-probe']) el.removeAttribute(attr);
              el.classList.remove('gk-break');
            }
            body.append(copy);
          }
          return body;
        };
        // above the rows (no height can make them spill onto a page of their own)
        const own = (t) => Array.from(t.querySelectorAll(':scope > tbody:not(.gk-ghost) > tr'));
        const first = own(table);
        table.tBodies[0].before(ghost([title, ...own(target)]));
        target.tBodies[0].before(ghost(first));
      }
    }
  }
}"""

# The 单位 line of a table, for its continuation's title row (the unit the source prints on every page).
UNITS = r"""(ids) => ids.map((id) => {
  const block = document.getElementById(id)?.closest('section');
  const meta = block ? block.querySelector(':scope > p.table-meta') : null;
  for (const span of meta ? meta.querySelectorAll('span') : []) {
    const t = span.textContent.trim();
    if (t.startsWith('单位')) return t;
  }
  return '';
})"""

# The fixes, in one call: the continuations' units read (UNITS) before anything is changed, then APPLY.
FIX = f"""(fixes) => {{
  const titled = fixes.filter((f) => f.kind === 'split' || f.kind === 'title');
  ({UNITS})(titled.map((f) => f.table)).forEach((unit, i) => {{ titled[i].unit = unit; }});
  ({APPLY})(fixes);
}}"""


@dataclass
class Fix:
    kind: str  # "break", "page", "split", "title" or "tight"
    page: int  # where the fault is (the first page it touches); 0 puts it first in its stretch
    segment: int
    key: str  # never the same fix twice
    payload: dict[str, Any] = field(default_factory=dict)
    start: int = 0  # the first page the fix can change (its page, unless given)

    @property
    def moves_from(self) -> int:
        return self.start or self.page


def _groups(pages: list[int]) -> list[list[int]]:
    """Row indexes grouped by page, in order."""
    groups: list[list[int]] = []
    for index, number in enumerate(pages):
        if groups and pages[groups[-1][-1]] == number:
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def spills(probes: dict[str, Any], places: dict[str, tuple[int, float]], done: set[str]) -> list[Fix]:
    """Stretches that end a few lines into a page of their own (廊坊's 收支总表 leaving two rows
    above a landscape table, 政府采购 its note): their tables print tighter, one step, then a second."""
    found: list[Fix] = []
    for end in probes.get("ends", []):
        if end["start"] not in places or end["end"] not in places or not end["tables"]:
            continue
        (first, _), (last, depth) = places[end["start"]], places[end["end"]]
        if last == first or depth >= SPILL:
            continue
        for level in (1, 2):
            key = f"tight{level}:{end['tables'][0]}"
            if key not in done:
                payload = {"tables": end["tables"], "level": level}
                found.append(Fix("tight", 0, end["segment"], key, payload, start=first))
                break
    return found


def plan(
    probes: dict[str, Any], pages: dict[str, int], done: set[str], places: dict[str, tuple[int, float]] | None = None
) -> list[Fix]:
    """Every fault the printed layout shows, as a fix (see the module's docstring)."""
    faults: list[Fix] = spills(probes, places or {}, done)
    starts = {c["target"]: c for c in probes["chains"]}
    for chain in probes["chains"]:
        ids = chain["chain"] + [chain["target"]]
        if any(i not in pages for i in ids):
            continue
        placed = {pages[i] for i in ids}
        if len(placed) == 1:
            continue
        first = chain["chain"][0]
        if chain["page"] != chain["target_page"]:
            fix = Fix(
                "page",
                pages[first],
                chain["segment"],
                f"page:{first}",
                {"ids": chain["chain"], "name": chain["target_page"]},
            )
        else:
            fix = Fix("break", pages[first], chain["segment"], f"break:{first}", {"id": first})
        faults.append(fix)
    previous: dict[str, int] = {}  # block → page of the last row of its previous table
    for table in probes["tables"]:
        rows = table["rows"]
        if any(r not in pages for r in rows):
            continue
        caption = table.get("caption")
        if caption and caption in pages and pages[caption] != pages[rows[0]]:
            # a sub-table's title ends a page, its rows on the next: the sub-table starts a page
            holder = table["holder"]
            faults.append(Fix("break", pages[caption], table["segments"][0], f"break:{holder}", {"id": holder}))
            continue
        before_page = previous.get(table["block"]) if table["block"] else None
        previous[table["block"]] = pages[rows[-1]]
        if before_page is not None and pages[rows[0]] > before_page and not table["continued"]:
            # a later grid of the same titled table (a project's 绩效指标) starts a page: title it
            key = f"title:{table['id']}"
            faults.append(Fix("title", pages[rows[0]], table["segments"][0], key, {"table": table["id"]}))
        groups = _groups([pages[r] for r in rows])
        if len(groups) < 2:
            continue
        free = table["free"]
        # a table whose first page holds one row, or a form (a project's header: 项目名称, 预算 …)
        # whose first page holds less of it than the next: it starts on the next page, whole
        short = len(groups[0]) == 1 or (table.get("form") and len(groups) == 2 and len(groups[0]) < len(groups[1]))
        if short and not table["continued"]:
            chain = starts.get(rows[0])
            first = chain["chain"][0] if chain else table["id"]
            faults.append(Fix("break", pages[rows[0]], table["segments"][0], f"break:{first}", {"id": first}))
            continue
        last, before = groups[-1], groups[-2]
        if len(last) == 1 and len(before) >= 3 and (table["continued"] or len(groups) == 2):
            move = last[0] - 1
            while move > before[0] + 1 and not free[move]:
                move -= 1
            if free[move] and table["continued"]:
                faults.append(
                    Fix("break", pages[rows[move]], table["segments"][move], f"break:{rows[move]}", {"id": rows[move]})
                )
                continue
            if free[move]:  # split there at once: the same as a break before the row, then the split, a pass less
                key = f"split:{rows[move]}"
                payload = {"table": table["id"], "row": move}
                faults.append(Fix("split", pages[rows[0]], table["segments"][move], key, payload))
                continue
        if not table["continued"]:
            split = groups[1][0]
            while split > 0 and not free[split]:
                split -= 1
            if split == 0:  # merged cells run across the whole first page: split where it broke
                split = groups[1][0]
            if split > 0:
                faults.append(
                    Fix(
                        "split",
                        pages[rows[0]],
                        table["segments"][split],
                        f"split:{rows[split]}",
                        {"table": table["id"], "row": split},
                    )
                )
    fixes: dict[int, Fix] = {}
    for fault in sorted(faults, key=lambda f: (f.page, f.segment)):
        if fault.key in done:
            continue
        # the first page the fix changes: where the element it breaks before or moves is
        changed = [pages[i] for i in [fault.payload.get("id"), *fault.payload.get("ids", [])] if i in pages]
        fault.start = min([fault.moves_from, *changed])
        fixes.setdefault(fault.segment, fault)  # the first fault of each stretch between forced breaks
    return list(fixes.values())


def positions(pdf: bytes) -> dict[str, tuple[int, float]]:
    """Anchor id → (1-based page, how far down the page it starts, 0 at the top, 1 at the bottom)."""
    return read(pdf).places


async def measure(page: Page, start: int = 1) -> bytes:
    """A print for reading positions back only: untagged, without outline, and from page ``start``
    on (the pages before it did not change), each of which makes it several times faster."""
    return await page.pdf(
        prefer_css_page_size=True,
        print_background=True,
        tagged=False,
        outline=False,
        page_ranges=f"{start}-" if start > 1 else "",
    )


def _box(boxes: dict[str, list[float]] | None, name: str) -> list[float]:
    found = (boxes or {}).get(name) or (boxes or {}).get("auto", [])
    return found[:2]


async def settle(page: Page) -> int:
    """Lay out, find the faults, fix them in the page, until none is left; then print to verify.
    Returns the prints made.

    The passes lay the document out as it will print (layout.py) instead of printing it: a pass
    costs a layout, not a print. When the layout shows no fault left, a print verifies it; a fault
    the print still shows is fixed, and the passes go on, until a print shows none. Without page
    sizes layout.py can read, every pass prints, as before.

    A fix moves only what follows it, so the pages before the first fix of a pass stay as they
    were: a print after a printed pass starts from that page and keeps what it knew of the pages
    before it.
    """
    done: set[str] = set()
    await page.evaluate("() => document.documentElement.classList.add('gk-print')")  # pdf.css: the PDF's flow
    await page.evaluate(CAPTIONS)
    boxes = await boxes_of(page)
    known: dict[str, tuple[int, float]] = {}
    start = 1
    prints = 0
    laid_out = boxes is not None
    dirty = True
    for _ in range(MAX_PASSES):
        probes = json.loads(await page.evaluate(MARK))
        if laid_out:
            layout = json.loads(await page.evaluate(LAYOUT, [boxes, dirty]))
            places = {k: (int(v[0]), float(v[1])) for k, v in layout["positions"].items()}
        else:
            pdf = await measure(page, start)
            prints += 1
            places = {k: v for k, v in known.items() if v[0] < start}
            places.update({k: (number + start - 1, depth) for k, (number, depth) in positions(pdf).items()})
            known = places
        fixes = plan(probes, {k: v[0] for k, v in places.items()}, done, places)
        if not fixes:
            if laid_out:  # none left in the layout: a print verifies it, all of it
                await page.evaluate(LAYOUT_OFF)
                laid_out, start, known = False, 1, {}
                continue
            break
        await page.evaluate(FIX, [{"kind": f.kind, **f.payload} for f in fixes])
        # a fix in a stretch on other pages than portrait ones, or moving headings to them
        dirty = any(f.kind == "page" or _box(boxes, probes["names"][f.segment]) != _box(boxes, "auto") for f in fixes)
        done.update(f.key for f in fixes)
        if laid_out or boxes is None:
            start = max(1, min(f.moves_from for f in fixes))
        else:  # the print found what the layout did not: lay out again, then verify again
            laid_out, dirty = True, True
    else:
        raise RuntimeError(f"分页在 {MAX_PASSES} 次排版后仍有标题落在页末或续表缺标题")
    await page.evaluate(UNMARK)
    return prints


# The end markers are for the layout's spill check only: the print that is published has none (an
# empty marker after a block adds a line of its own). The probes' ids and hidden links stay for it.
DROP_ENDS = r"""() => { for (const end of document.querySelectorAll('.gk-end')) end.remove(); }"""

# The anchors the document itself links to: the published PDF's named destinations (those only the
# probes' hidden links made are taken out again, metadata.finalize).
LINKED = r"""() => Array.from(document.querySelectorAll('a[href^="#"]'))
  .filter((a) => !a.closest('#gk-probes'))
  .map((a) => decodeURIComponent(a.getAttribute('href').slice(1)))"""

# a pass's probes and positions in one call (a call costs a round trip to the browser)
MARK_AND_LAYOUT = f"(layout) => '[' + ({MARK})() + ',' + ({LAYOUT})(layout) + ']'"

Numbers = Callable[[dict[str, int], int], Awaitable[bool]]


@dataclass
class Settled:
    pdf: bytes  # the published print (tagged, with its outline)
    prints: int
    linked: set[str]  # the named destinations it keeps
    reading: Reading  # where its anchors and headings fell (reading.py)


async def print_settled(page: Page, number: Numbers) -> Settled | None:
    """Settle the page breaks on the layout, number the 目录 from it, then print once: the print
    that is published is also the one that verifies (its faults, its 目录's numbers). A fault or a
    number the print shows differently is fixed and the document laid out and printed again.

    ``number(pages, count)`` fills the 目录's numbers and the footer's total from where the anchors
    fall and the page count, and says whether that changed anything. Returns None when the page's
    sizes cannot be read (``settle`` then prints every pass).
    """
    await page.evaluate("() => document.documentElement.classList.add('gk-print')")  # pdf.css: the PDF's flow
    await page.evaluate(CAPTIONS)
    boxes = await boxes_of(page)
    if boxes is None:
        return None
    done: set[str] = set()
    prints = 0
    dirty = True
    layout_numbers = True  # until a print shows other page numbers than the layout
    for _ in range(MAX_PASSES):
        probes, layout = json.loads(await page.evaluate(MARK_AND_LAYOUT, [boxes, dirty]))
        places = {k: (int(v[0]), float(v[1])) for k, v in layout["positions"].items()}
        fixes = plan(probes, {k: v[0] for k, v in places.items()}, done, places)
        if not fixes and layout_numbers and await number({k: v[0] for k, v in places.items()}, int(layout["pages"])):
            dirty = False
            continue
        if not fixes:
            await page.evaluate(LAYOUT_OFF)
            await page.evaluate(DROP_ENDS)
            pdf = await print_pdf(page)
            prints += 1
            reading = read(pdf)
            places = reading.places
            fixes = plan(probes, reading.pages, done, places)
            if not fixes:
                if not await number(reading.pages, reading.count):
                    linked = set(await page.evaluate(LINKED))
                    await page.evaluate(UNMARK)
                    return Settled(pdf, prints, linked, reading)
                layout_numbers = False
                continue
        await _apply(page, fixes, done)
        dirty = any(f.kind == "page" or _box(boxes, probes["names"][f.segment]) != _box(boxes, "auto") for f in fixes)
    raise RuntimeError(f"分页在 {MAX_PASSES} 次排版后仍有标题落在页末或续表缺标题")


async def _apply(page: Page, fixes: list[Fix], done: set[str]) -> None:
    await page.evaluate(FIX, [{"kind": f.kind, **f.payload} for f in fixes])
    done.update(f.key for f in fixes)
