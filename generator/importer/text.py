"""A sheet of paragraphs (部门预算情况说明, 部门决算情况说明) read as the 情况说明 part.

A text sheet holds prose, not a table: most lines are one cell, and some cells are long
sentences. Its title becomes the part, "一、…" headings become sections (with ``number`` and,
where the heading says it, the ``topic`` the completeness check looks for), the paragraphs
their text. Figures the text states under a name the check knows (收入总计, 基本支出,
机关运行经费, 三公经费 …) are listed under ``figures:``, so ``gongkai check`` compares them with
the tables, as it does for hand-written content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.importer.sheets import Sheet
from generator.importer.yaml_out import Figure, Flow, Note, Text

_HEADING = re.compile(r"^\s*([一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)\s*(\S.*?)\s*$")
_SUBHEADING = re.compile(r"^\s*([（(][一二三四五六七八九十]+[)）])\s*(\S.*?)\s*$")
_ARABIC_SUBHEADING = re.compile(r"^\s*([0-9]{1,2}、)\s*(\S.*?)\s*$")  # 廊坊's “1、收入说明”
_INNER_PUNCTUATION = re.compile(r"[，。；：,;:！？]")
_PROSE = re.compile(r"[，。；：,;]")
LONG = 40  # characters: a cell this long with punctuation is a paragraph, not a label
_TEXT_TITLE = re.compile(r"说明$")  # 部门预算情况说明, 部门决算情况说明, 编制说明

# A heading's words → the section topic (validate/structure.py TOPICS), first match wins.
_TOPICS: tuple[tuple[str, str], ...] = (
    ("名词解释", "名词解释"),
    ("机关运行经费", "机关运行经费"),
    ("三公", "三公经费"),
    ("政府采购", "政府采购"),
    ("国有资产", "国有资产"),
    ("专项资金", "专项资金"),
    ("项目", "项目绩效"),
    ("绩效", "绩效目标"),
    ("职责", "部门职责"),
    ("机构设置", "部门职责"),
    ("总体情况", "总体情况"),
    ("收支", "总体情况"),
    ("其他", "其他"),
)
# words that make a figure a change or another period's, not the quantity itself
_NOT_THIS = ("增加", "减少", "增长", "下降", "比上年", "较上年", "同比", "上年", "年初", "持平", "占", "%", "％")


@dataclass
class TextPart:
    title: str
    intro: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


@dataclass
class Section:
    number: str
    title: str
    paragraphs: list[str] = field(default_factory=list)  # the text before its first sub-section
    subsections: list[Section] = field(default_factory=list)  # （一）…, （二）…


def lines_of(sheet: Sheet) -> list[str]:
    """Each row's texts, joined; a cell holding several lines gives several paragraphs."""
    lines: list[str] = []
    for row in sheet.rows:
        texts = [v for v in row if v]
        if not texts:
            continue
        for line in "".join(texts).splitlines():
            if line.strip():
                lines.append(line.strip())
    return lines


def is_text_sheet(sheet: Sheet) -> bool:
    """Prose: every row holds at most two texts, and some cell is a long sentence."""
    filled = [[v for v in row if v] for row in sheet.rows]
    filled = [r for r in filled if r]
    if not filled:
        return False
    if sum(1 for r in filled if len(r) > 2) > len(filled) // 10:
        return False  # a table: several cells a row
    if any(len(v) >= LONG and _PROSE.search(v) for r in filled for v in r):
        return True
    # a short 情况说明 (headings and one-line paragraphs): its name or title says what it is
    return bool(_TEXT_TITLE.search(sheet.name.strip()) or _TEXT_TITLE.search(filled[0][0].strip()))


def read_text(sheet: Sheet) -> TextPart:
    lines = lines_of(sheet)
    title = ""
    if lines and not _HEADING.match(lines[0]) and len(lines[0]) < LONG and not _PROSE.search(lines[0]):
        title = lines.pop(0)
    part = TextPart(title=title or sheet.name)
    top = _HEADING if any(_is_heading(_HEADING, line) for line in lines) else _SUBHEADING
    current: Section | None = None
    for line in lines:
        heading = top.match(line)
        if heading and _is_heading(top, line):
            current = Section(number=heading.group(1), title=heading.group(2))
            part.sections.append(current)
        elif current is None:
            part.intro.append(line)
        else:
            current.paragraphs.append(line)
    if top is _HEADING:
        for section in part.sections:
            _split_subsections(section)
    return part


def _is_heading(pattern: re.Pattern[str], line: str) -> bool:
    """A short line led by a heading number: “一、部门职责及机构设置情况”, and for the second
    level “（一）机关运行经费支出情况” (a final 。 allowed, as some texts print one)."""
    heading = pattern.match(line)
    if heading is None or len(line) >= LONG:
        return False
    if pattern is _HEADING:
        return not line.endswith("。")
    return not _INNER_PUNCTUATION.search(heading.group(2).removesuffix("。"))


def _split_subsections(section: Section) -> None:
    """The （一）、（二） headings in a section's text as its sub-sections, or where it has none the
    1、 2、 ones, when every line led by such a number is a heading: a list of duties “（一）承担……。
    组织协调……” or “1、完成……。” stays the section's text."""
    for pattern in (_SUBHEADING, _ARABIC_SUBHEADING):
        led = [p for p in section.paragraphs if pattern.match(p)]
        if led:
            break
    if not led or not all(_is_heading(pattern, p) for p in led):
        return
    paragraphs, section.paragraphs = section.paragraphs, []
    current: Section | None = None
    for line in paragraphs:
        heading = pattern.match(line)
        if heading:
            current = Section(number=heading.group(1), title=heading.group(2))
            section.subsections.append(current)
        elif current is None:
            section.paragraphs.append(line)
        else:
            current.paragraphs.append(line)


def topic_of(title: str) -> str | None:
    return next((topic for word, topic in _TOPICS if word in title), None)


_NUMBER = r"(-?[0-9][0-9,]*(?:\.[0-9]+)?)"
_CHANGE = re.compile(r"(增加|减少)" + _NUMBER + r"(万元|元)")
_GROWTH = re.compile(r"(增长|下降)(?:了|为)?([0-9]+(?:\.[0-9]+)?)[%％]")
_SHARE = re.compile(r"占(?:比为|比|)(?:([^0-9，。；、%％]{2,20}?)的)?([0-9]+(?:\.[0-9]+)?)[%％]")
_COMPLETION = re.compile(r"完成(年初预算|全年预算|预算)的([0-9]+(?:\.[0-9]+)?)[%％]")
_COMPARED = re.compile(r"较|比|相比|同比")  # a change against another year, not a plain 增加
_SENTENCE = re.compile(r"[。；;\n]")
_JOINERS = "年度的中为是和及与"  # a name right after one of these still starts its own phrase


def stated_figures(text: str, unit: str) -> dict[str, str]:
    """Figures the text states after a name ``gongkai check`` knows (``基本支出3466.47万元``), in
    the disclosure's unit, and what it says of them where the vocabulary of stated_figures.yml
    has a name for it: a change (``较上年增加207.32万元`` → ·增减, ``下降1.87%`` → ·增长率), a share
    (``占99.79%`` → ·占比, ``占本年支出合计的100.00%`` → ·占本年支出合计) and a completion rate
    (``完成年初预算的98.20%`` → ·完成率). A name found with two different figures is left out."""
    from generator.validate.stated import catalogue, parse_name

    plain = text.replace("“", "").replace("”", "").replace('"', "")
    names = sorted(catalogue().quantities, key=len, reverse=True)
    names += sorted(catalogue().aliases, key=len, reverse=True)
    amount = re.compile(
        r"(?:为|是|共计|合计|安排|预算|决算)?[^0-9，。；、（）()]{0,6}?(-?[0-9][0-9,]*(?:\.[0-9]+)?)(万元|元)"
    )
    found: dict[str, set[str]] = {}
    first: dict[str, int] = {}  # where the text first states it: the figures in the text's order
    taken: list[tuple[int, int]] = []
    spots: list[tuple[int, int, str]] = []  # every name the text writes: (start, end, name)

    def state(name: str, suffix: str, value: str, at: int) -> None:
        key, _ = parse_name(name + suffix)
        if key is not None:
            found.setdefault(key.key, set()).add(value)
            first.setdefault(key.key, at)

    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(re.escape(name), plain):
            start, end = m.span()
            if any(a <= start < b or a < end <= b for a, b in taken):
                continue  # part of a longer name (一般公共预算财政拨款收入 holds 财政拨款收入)
            taken.append((start, end))
            spots.append((start, end, name))
            before = re.split(r"[，。；：,;:]", plain[max(0, start - 4) : start])[-1]  # this clause only
            after = amount.match(plain, end)
            if after is None or after.group(2) != unit:
                continue
            between = plain[end : after.start(1)]
            if any(w in before + between for w in _NOT_THIS):
                continue
            state(name, "", after.group(1).replace(",", ""), start)
    spots.sort()
    for m in _CHANGE.finditer(plain):
        subject = _subject(plain, spots, m.start())
        if subject and m.group(3) == unit and _COMPARED.search(plain[: m.start()]):
            sign = "-" if m.group(1) == "减少" else ""
            state(subject, "·增减", sign + m.group(2).replace(",", ""), m.start())
    for m in _GROWTH.finditer(plain):
        if subject := _subject(plain, spots, m.start()):
            state(subject, "·增长率", ("-" if m.group(1) == "下降" else "") + m.group(2) + "%", m.start())
    for m in _SHARE.finditer(plain):
        if subject := _subject(plain, spots, m.start()):
            state(subject, f"·占{m.group(1)}" if m.group(1) else "·占比", m.group(2) + "%", m.start())
    for m in _COMPLETION.finditer(plain):
        if subject := _subject(plain, spots, m.start()):
            suffix = "·全年完成率" if m.group(1) == "全年预算" else "·完成率"
            state(subject, suffix, m.group(2) + "%", m.start())
    return {k: next(iter(found[k])) for k in sorted(found, key=lambda k: first[k]) if len(found[k]) == 1}


def _subject(plain: str, spots: list[tuple[int, int, str]], at: int) -> str | None:
    """The name a change, share or rate at ``at`` is said of: the last name before it in the same
    sentence, written as a phrase of its own (not the tail of 收入支出总计), with at most its own
    figure between them (not 一般公共预算财政拨款支出2940.05万元，…：一般公共服务支出（类）2106.66万元，占…)."""
    before = [(start, end, name) for start, end, name in spots if end <= at]
    if not before:
        return None
    start, end, name = before[-1]
    between = plain[end:at]
    if _SENTENCE.search(between):
        return None
    if start > 0 and "\u4e00" <= plain[start - 1] <= "\u9fff" and plain[start - 1] not in _JOINERS:
        return None
    figures = len(re.findall(r"[0-9][0-9,]*(?:\.[0-9]+)?(?:万元|元)", between)) - len(_CHANGE.findall(between))
    return name if figures <= 1 and "%" not in between and "％" not in between else None


def part_block(part: TextPart, unit: str, topics: tuple[str, ...]) -> dict[str, Any]:
    """The part as content writes it: part, intro, items of sections."""
    block: dict[str, Any] = {"part": part.title}
    if part.intro:
        block["intro"] = Text("\n\n".join(part.intro) + "\n")
    block["items"] = [_section_block(section, unit, topics, None) for section in part.sections]
    return block


def _section_block(section: Section, unit: str, topics: tuple[str, ...], parent_topic: str | None) -> dict[str, Any]:
    """A section as content writes it; a sub-section says its topic only where it is not its
    parent's (机关运行经费 under 其他重要事项)."""
    entry: dict[str, Any] = {"section": section.title, "number": section.number}
    topic = topic_of(section.title)
    if topic in topics and topic != parent_topic:
        entry["_topic"] = Note("导入：主题（topic）按标题推断，供完整性检查；请核对")
        entry["topic"] = topic
    text = "\n\n".join(section.paragraphs)
    figures = stated_figures(text, unit) if text else {}
    if figures:
        entry["_figures"] = Note("导入：文中按名称找到的数字，检查时与表核对；请核对、补充")
        entry["figures"] = Flow({k: Figure(v) for k, v in figures.items()})
    body: list[Any] = [{"text": Text(text + "\n")}] if text else []
    body += [_section_block(sub, unit, topics, topic) for sub in section.subsections]
    entry["body"] = body
    return entry


def all_sections(part: TextPart) -> list[Section]:
    """The part's sections and their sub-sections, in the text's order."""
    return [s for top in part.sections for s in (top, *top.subsections)]
