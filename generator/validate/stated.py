"""Figures a 情况说明 states in words, as named quantities (layouts/stated_figures.yml).

A section lists them under ``figures:``. A name is a quantity (收入总计, 基本支出, 三公经费 …),
a 功能分类 类 (一般公共服务支出, or 一般公共预算财政拨款支出·住房保障支出), optionally with
a period (·上年, ·年初预算, ·全年预算, ·增减) or a derived figure (·增长率, ·占比, ·占<名称>,
·完成率, ·全年完成率). A quantity's value is its table cell when the disclosure has the table,
else the figure the text states; so a disclosure with text only is checked as thoroughly as one
with tables:

- each stated figure must really appear in its section's text, and equal its table cell (GK036);
- a name stated twice must carry one figure (GK046);
- the identities over names in layouts/identities.yml (收入总计 = Σ 来源, 支出总计 = 基本 + 项目,
  Σ 类 = 合计, 三公 = Σ 构成 …) hold for this year, 上年, 年初预算, 全年预算 and 增减 (their codes);
- a 占比 equals item ÷ total (GK047), a 增减 this year − 上年 and a 增长率 增减 ÷ 上年 (GK048), a
  完成率 决算 ÷ 年初预算 (GK049), each to its printed decimals with the inputs' rounding as the
  bound; a zero base makes the rate undefined, which is reported.

Nothing here names a table kind or a quantity: the names, their cells and the identities are data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Location, Reporter
from generator.layouts import package_registry
from generator.layouts.spec import split_term
from generator.load.located_yaml import LocDict, LocList
from generator.model.document import Disclosure, Section, TextBlock
from generator.model.money import Dash, Figure, MoneyError, amount, format_money, format_plain, parse_money, resolution
from generator.model.tables import ClassifiedTable
from generator.validate.cross_tables import cell, identities
from generator.validate.fields import describe, suggest
from generator.validate.tolerance import compare, compare_in_units, compare_rate, convert, rounding_bound

STATED = Path(__file__).resolve().parents[1] / "layouts" / "stated_figures.yml"
SEP = "·"
PERIODS = ("上年", "年初预算", "全年预算", "增减")  # figures of their own, in 万元
RATES = ("增长率", "占比", "完成率", "全年完成率")  # percentages derived from figures
SHARE = "占"  # ·占<名称>: a share of the quantity named
PERIOD_LABEL = {
    "": "{q}",
    "上年": "上年{q}",
    "年初预算": "{q}年初预算",
    "全年预算": "{q}全年预算",
    "增减": "{q}较上年增减",
}
RATE_LABEL = {"增长率": "{q}增长率", "占比": "{q}占比", "完成率": "{q}完成率", "全年完成率": "{q}全年预算完成率"}


# ----- the catalogue of names ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    name: str
    cells: dict[str, tuple[str, ...]]  # period ("" = this year) → cell references, the first present wins
    share_of: str | None = None


@dataclass(frozen=True)
class Name:
    """A parsed figure name: quantity (or scope·类), period, derived rate, share denominator."""

    quantity: str
    period: str = ""
    rate: str = ""
    of: str | None = None  # ·占<名称>

    @property
    def key(self) -> str:
        tail = self.period or (SHARE + self.of if self.of else self.rate)
        return self.quantity + (SEP + tail if tail else "")


LEVELS = {"类": 3, "款": 5, "项": 7}  # 功能分类 levels and the length of their codes
SUBJECT = re.compile(r"(?P<name>[^（）()]+)[（(](?P<tag>[0-9]{3}|[0-9]{5}|[0-9]{7}|类|款|项)[）)]")


@dataclass(frozen=True)
class Subject:
    """A 功能分类 科目 a text names: 行政运行（2010601）, or 行政运行（项） by name only."""

    scope: str
    name: str
    code: str | None  # None: by name only, bound to the table row of that name and level
    length: int  # 3, 5 or 7

    @property
    def level(self) -> str:
        return next(word for word, n in LEVELS.items() if n == self.length)

    def quantity(self, default_scope: str) -> str:
        head = "" if self.scope == default_scope else self.scope + SEP
        return f"{head}{self.name}（{self.code or self.level}）"


@dataclass
class Catalogue:
    quantities: dict[str, Quantity] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    scopes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # scope quantity → cell templates
    rows: dict[str, tuple[str, ...]] = field(default_factory=dict)  # scope → a 科目 row's cell, by {code}
    classes: dict[str, str] = field(default_factory=dict)  # 类 name → code

    def subject(self, quantity: str) -> Subject | None:
        """The 款 or 项 a quantity names (a 类 is :meth:`class_of`'s); None for any other name."""
        scope, _, rest = quantity.rpartition(SEP)
        if scope and scope not in self.scopes:
            return None
        found = SUBJECT.fullmatch(rest)
        if found is None:
            return None
        tag = found["tag"]
        code = tag if tag.isdigit() else None
        return Subject(scope or self.default_scope, found["name"].strip(), code, len(code) if code else LEVELS[tag])

    @property
    def default_scope(self) -> str:
        return next(iter(self.scopes))

    def canonical(self, name: str) -> str:
        return self.aliases.get(name, name)

    def class_of(self, quantity: str) -> tuple[str, str] | None:
        """(scope, 类名) of a 类 quantity; None for any other name."""
        if quantity in self.classes:
            return self.default_scope, quantity
        scope, _, name = quantity.partition(SEP)
        if scope in self.scopes and name in self.classes:
            return scope, name
        return None

    def cells(self, quantity: str, period: str) -> tuple[str, ...]:
        if quantity in self.quantities:
            return self.quantities[quantity].cells.get(period, ())
        subject = self.subject(quantity)
        if subject is not None:
            if subject.code is None or period:
                return ()
            return tuple(t.replace("{code}", subject.code) for t in self.rows.get(subject.scope, ()))
        found = self.class_of(quantity)
        if found is None or period:
            return ()
        scope, name = found
        code = self.classes[name]
        return tuple(t.replace("{name}", name).replace("{code}", code) for t in self.scopes[scope])

    def share_of(self, quantity: str) -> str | None:
        if quantity in self.quantities:
            return self.quantities[quantity].share_of
        subject = self.subject(quantity)
        if subject is not None:
            return subject.scope
        found = self.class_of(quantity)
        return found[0] if found else None

    def known_names(self) -> list[str]:
        return [*self.quantities, *self.aliases, *self.classes]


@cache
def catalogue() -> Catalogue:
    raw = yaml.safe_load(STATED.read_text(encoding="utf-8"))
    result = Catalogue()
    for name, spec in raw["quantities"].items():
        spec = spec or {}
        cells = {"": tuple(spec.get("cells", ()))}
        cells.update({p: tuple(spec[p]) for p in PERIODS if p in spec})
        result.quantities[name] = Quantity(name, cells, spec.get("share_of"))
        result.aliases.update({alias: name for alias in spec.get("aliases", ())})
    result.scopes = {scope: tuple(spec["cells"]) for scope, spec in raw["classes"].items()}
    result.rows = {scope: tuple(spec.get("rows", ())) for scope, spec in raw["classes"].items()}
    for classes in package_registry().class_lists.values():
        for c in classes:
            if c.code:
                result.classes.setdefault(c.name, c.code)
    return result


@lru_cache(maxsize=4096)  # the same few hundred names in every disclosure, looked up ~200 times each
def parse_name(text: str) -> tuple[Name | None, str]:
    """A figure name, or None and why not (with a suggestion)."""
    cat = catalogue()
    head, *rest = text.split(SEP)
    head = cat.canonical(head)
    if head in cat.scopes and rest and (rest[0] in cat.classes or SUBJECT.fullmatch(rest[0])):
        head, rest = f"{head}{SEP}{rest[0]}", rest[1:]
    subject = cat.subject(head)
    if subject is not None:
        head, why = _subject_quantity(cat, subject)
        if not head:
            return None, why
    if head not in cat.quantities and cat.class_of(head) is None and cat.subject(head) is None:
        return None, f"未知的名称“{head}”" + _hint(head, cat.known_names())
    if len(rest) > 1:
        return None, f"“{text}”的后缀只能有一个（如 ·上年、·增减、·增长率、·占比、·完成率）"
    if not rest:
        return Name(head), ""
    tail = rest[0]
    if tail in PERIODS:
        return Name(head, period=tail), ""
    if tail in RATES:
        return Name(head, rate=tail), ""
    if tail.startswith(SHARE) and cat.canonical(tail[1:]) in cat.quantities:
        return Name(head, rate="占比", of=cat.canonical(tail[1:])), ""
    return None, f"未知的后缀“{SEP}{tail}”" + _hint(tail, [*PERIODS, *RATES], "，可用：")


def _subject_quantity(cat: Catalogue, subject: Subject) -> tuple[str, str]:
    """A 科目 name as its quantity: a 类 is the 类 quantity (一般公共服务支出（201） = 一般公共服务支出)."""
    if subject.length == LEVELS["类"]:
        code = cat.classes.get(subject.name)
        if code is None:
            return "", f"未知的类级科目“{subject.name}”" + _hint(subject.name, list(cat.classes))
        if subject.code not in (None, code):
            return "", f"“{subject.name}”的类级编码是 {code}，不是 {subject.code}"
        return (subject.name if subject.scope == cat.default_scope else subject.scope + SEP + subject.name), ""
    if subject.code is not None and not subject.code.startswith(tuple(cat.classes.values())):
        return "", f"“{subject.code}”不是已知类级科目下的编码（应以类级编码开头，如 201）"
    return subject.quantity(cat.default_scope), ""


def _hint(word: str, candidates: list[str], listing: str = "") -> str:
    close = suggest(word, candidates)
    hint = f"，是否想写“{close}”？" if close else "。"
    return hint + (listing + "、".join(candidates) if listing else "")


def parse_figures(raw: Any, loc: Location, reporter: Reporter) -> tuple[dict[str, Decimal], dict[str, Location]]:
    """A section's ``figures:`` mapping → canonical name → figure (a percentage as its number)."""
    figures: dict[str, Decimal] = {}
    locs: dict[str, Location] = {}
    if raw is None:
        return figures, locs
    if not isinstance(raw, LocDict):
        reporter.error(loc, "GK005", f"figures（文中数字）应为映射（名称: 数字），而不是{describe(raw)}")
        return figures, locs
    for key, value in raw.items():
        name, why = parse_name(str(key))
        if name is None:
            reporter.error(raw.key_locs[key], "GK003", f"figures（文中数字）中：{why}")
            continue
        value_loc = raw.value_locs[key]
        if value is None or isinstance(value, (LocDict, LocList)):
            reporter.error(value_loc, "GK005", f"figures·{key} 应为一个数字，而不是{describe(value)}")
            continue
        text = str(value).strip()
        if text.endswith("%"):
            if not name.rate:
                reporter.error(value_loc, "GK007", f"figures·{key}：“{text}”是百分比，而{key}是金额（万元）")
                continue
            text = text[:-1]
        try:
            number = parse_money(text)
        except MoneyError as exc:
            reporter.error(value_loc, "GK007", f"figures·{key}：{exc}")
            continue
        if name.key in figures and figures[name.key] != number:
            reporter.error(
                value_loc,
                "GK046",
                f"figures 中{_label(name)}写了两次：{format_plain(figures[name.key])} 和 {format_plain(number)}",
            )
            continue
        figures[name.key], locs[name.key] = number, value_loc
    return figures, locs


def _label(name: Name) -> str:
    quantity = name.quantity.replace(SEP, "中的")
    if name.of:
        return f"{quantity}占{name.of}的比例"
    if name.rate:
        return RATE_LABEL[name.rate].format(q=quantity)
    return PERIOD_LABEL[name.period].format(q=quantity)


# ----- values ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Known:
    value: Decimal | None  # the amount: None for a blank cell or a printed dash
    label: str  # the table cell, or the name of a stated figure
    loc: Location
    from_text: bool
    section: str = ""  # the heading of the section that states it
    dash: Dash | None = None  # the table cell printed a dash (published, no amount)
    unit: str = ""  # a table cell in another unit than the disclosure's (元): ``value`` is converted
    printed: Decimal | None = None  # …and this is the cell as printed, in ``unit``

    @property
    def shown(self) -> Figure:
        """What the cell holds as published, for a comparison to name: a dash as printed."""
        return self.dash if self.dash is not None else self.value

    def named(self, here: str = "") -> str:
        """How a message names it; a figure of the section ``here`` needs no section."""
        return self.label if not self.from_text or self.section == here else f"“{self.section}”中的{self.label}"


@dataclass
class Stated:
    value: Decimal
    loc: Location
    section: Section


class Figures:
    """The named quantities of one disclosure: table cells first, else the figures its text states."""

    def __init__(self, disclosure: Disclosure) -> None:
        self.disclosure = disclosure
        self.cat = catalogue()
        self.stated: dict[str, list[Stated]] = {}
        self.problems: list[tuple[Location, str, str, bool]] = []  # loc, code, message, is_error
        self._cells: dict[tuple[str, str], Known | None] = {}
        for section in disclosure.sections():
            for key, value in section.figures.items():
                self.stated.setdefault(self._bind(key, section.figure_locs[key]), []).append(
                    Stated(value, section.figure_locs[key], section)
                )

    def scope_table(self, scope: str) -> ClassifiedTable | None:
        """The classification table that lists the 科目 of a scope (支出决算表, 一般公共预算…支出表)."""
        for template in self.cat.rows.get(scope, ()):
            tables = self.disclosure.tables(template.split(".")[0])
            if tables and isinstance(tables[0], ClassifiedTable):
                return tables[0]
        return None

    def _bind(self, key: str, loc: Location) -> str:
        """A 款 or 项 named without its code is the table row of that name and level (same quantity)."""
        name, _ = parse_name(key)
        subject = self.cat.subject(name.quantity) if name is not None else None
        if name is None or subject is None:
            return key
        table = self.scope_table(subject.scope)
        if table is None:
            if subject.code is None:  # a text-only disclosure: the same name stated with its code
                coded = {
                    s.code
                    for other in self.disclosure.sections()
                    for k in other.figures
                    if (n := parse_name(k)[0]) is not None
                    and (s := self.cat.subject(n.quantity)) is not None
                    and s.code is not None
                    and (s.scope, s.name, s.length) == (subject.scope, subject.name, subject.length)
                }
                if len(coded) == 1:
                    return self._rekey(name, subject, coded.pop())
            return key
        if subject.code is not None:
            row = table.row(subject.code)
            if row is not None and row.name != subject.name:
                self.problems.append(
                    (
                        loc,
                        "GK023",
                        f"figures 中科目 {subject.code} 写作“{subject.name}”，{table.title}中为“{row.name}”",
                        False,
                    )
                )
            return key
        rows = [r for r in table.rows if r.name == subject.name and len(r.code) == subject.length]
        if len(rows) == 1:
            return self._rekey(name, subject, rows[0].code)
        if rows:
            codes = "、".join(r.code for r in rows)
            message = (
                f"figures 中的“{subject.name}（{subject.level}）”在{table.title}中有 {len(rows)} 个同名科目（{codes}），"
                f"请写出编码，如“{subject.name}（{rows[0].code}）”"
            )
        else:
            message = f"figures 中的“{subject.name}（{subject.level}）”在{table.title}中没有同名的{subject.level}级科目"
        self.problems.append((loc, "GK036", message, True))
        return key

    def _rekey(self, name: Name, subject: Subject, code: str) -> str:
        bound = Subject(subject.scope, subject.name, code, subject.length)
        return Name(bound.quantity(self.cat.default_scope), name.period, name.rate, name.of).key

    def cell(self, quantity: str, period: str) -> Known | None:
        """The table cell of a quantity (None: the disclosure has none of its tables); asked ~160 times
        a disclosure, found once (the settled tables do not change while their figures are checked)."""
        key = (quantity, period)
        if key not in self._cells:
            self._cells[key] = self._cell(quantity, period)
        return self._cells[key]

    def _cell(self, quantity: str, period: str) -> Known | None:
        for ref in self.cat.cells(quantity, period):
            kind = ref.split(".")[0]
            tables = self.disclosure.tables(kind)
            if not tables:
                continue
            found = cell(self.disclosure, ref)
            if found.found:
                dash = found.value if isinstance(found.value, Dash) else None
                value = amount(found.value)
                if value is not None and found.unit != self.disclosure.unit:
                    # a table in 元 in a disclosure in 万元: the same quantity, converted exactly
                    converted = convert(value, found.unit, self.disclosure.unit)
                    return Known(converted, found.label, found.loc, False, unit=found.unit, printed=value)
                return Known(value, found.label, found.loc, False, dash=dash)
            # the table is there but has no such 科目 row: nothing was spent on it (blank)
            return Known(None, found.label or f"{tables[0].title}", tables[0].loc, False)
        return None

    def text(self, key: str) -> Known | None:
        stated = self.stated.get(key)
        if not stated:
            return None
        first = stated[0]
        name, _ = parse_name(key)
        label = _label(name) if name else key
        return Known(first.value, label, first.loc, True, first.section.heading)

    def known(self, quantity: str, period: str = "") -> Known | None:
        """The table cell if the disclosure has that table, else the stated figure."""
        found = self.cell(quantity, period)
        if found is not None:
            return found
        return self.text(Name(quantity, period).key)

    def value(self, quantity: str, period: str = "") -> Known | None:
        """Like :meth:`known`, but a blank cell gives way to a figure the text states (for rates)."""
        found = self.known(quantity, period)
        if found is not None and found.value is None:
            return self.text(Name(quantity, period).key) or found
        return found


# ----- the checks --------------------------------------------------------------------------------------------------


def _text_of(section: Section) -> str:
    return "\n".join(b.markdown for b in section.body if isinstance(b, TextBlock))


def _in_text(name: Name, value: Decimal, text: str) -> bool:
    shown = abs(value)
    if name.period == "增减" and value == 0 and "持平" in text:
        return True
    return format_plain(shown) in text or (not name.rate and format_money(shown) in text)


def check_stated_figures(disclosure: Disclosure, reporter: Reporter) -> None:
    figures = Figures(disclosure)
    for loc, code, message, is_error in figures.problems:
        (reporter.error if is_error else reporter.warning)(loc, code, message)
    for key, occurrences in figures.stated.items():
        name, _ = parse_name(key)
        if name is None:  # pragma: no cover - parse_figures keeps only names it read
            continue
        for stated in occurrences:
            _check_in_text(name, stated, reporter)
        _check_against_table(figures, name, occurrences, reporter)
        _check_repeated(name, occurrences, reporter)
        for stated in occurrences:
            if name.period == "增减":
                _check_change(figures, name, stated, reporter)
            elif name.rate == "增长率":
                _check_growth(figures, name, stated, reporter)
            elif name.rate == "占比":
                _check_share(figures, name, stated, reporter)
            elif name.rate in ("完成率", "全年完成率"):
                _check_completion(figures, name, stated, reporter)
    for rule in identities():
        if rule.get("for") not in (None, disclosure.kind):
            continue
        if "sum" in rule:
            _check_sum(figures, rule["sum"], rule["of"], rule.get("optional", []), rule["code"], reporter)
        elif "classes" in rule:
            scope = rule["classes"]
            parts = [q for q in figures.cat.classes if q not in (scope,)]
            members = [q if scope == figures.cat.default_scope else f"{scope}{SEP}{q}" for q in parts]
            _check_sum(figures, scope, [], members, rule["code"], reporter, all_listed=True)
        elif "subjects" in rule:
            _check_subjects(figures, rule["subjects"], rule["code"], reporter)


def _check_in_text(name: Name, stated: Stated, reporter: Reporter) -> None:
    if not _in_text(name, stated.value, _text_of(stated.section)):
        reporter.warning(
            stated.loc,
            "GK036",
            f"“{stated.section.heading}”的 figures 写了{_label(name)} {format_plain(stated.value)}，"
            "但该节文字中没有这个数字",
        )


def _check_against_table(figures: Figures, name: Name, occurrences: list[Stated], reporter: Reporter) -> None:
    if name.rate:
        return
    found = figures.cell(name.quantity, name.period)
    if found is None:
        return
    for stated in occurrences:
        what = f"“{stated.section.heading}”文中的{_label(name)}"
        if found.unit and found.printed is not None:
            unit = figures.disclosure.unit
            parts = [(found.printed, found.unit, 1)]
            compare_in_units(reporter, stated.loc, "GK036", what, stated.value, unit, parts, 1, found.label)
            continue
        compare(reporter, stated.loc, "GK036", what, stated.value, found.shown, 1, found.label)


def _check_repeated(name: Name, occurrences: list[Stated], reporter: Reporter) -> None:
    first = occurrences[0]
    for later in occurrences[1:]:
        compare(
            reporter,
            later.loc,
            "GK046",
            f"“{later.section.heading}”中的{_label(name)}",
            later.value,
            first.value,
            1,
            f"“{first.section.heading}”中的同一数字",
        )


def _check_change(figures: Figures, name: Name, stated: Stated, reporter: Reporter) -> None:
    here = stated.section.heading
    now, before = figures.value(name.quantity), figures.value(name.quantity, "上年")
    if now is None or before is None or now.value is None or before.value is None:
        return
    compare(
        reporter,
        stated.loc,
        "GK048",
        f"“{stated.section.heading}”中的{_label(name)}",
        stated.value,
        now.value - before.value,
        2,
        f"{now.named(here)} {format_plain(now.value)} 减{before.named(here)} {format_plain(before.value)}",
    )


def _check_growth(figures: Figures, name: Name, stated: Stated, reporter: Reporter) -> None:
    """增长率 = 增减 ÷ 上年, with 上年 stated or this year − 增减 (and 增减 stated or this year − 上年)."""
    here = stated.section.heading
    now = figures.value(name.quantity)
    before = figures.value(name.quantity, "上年")
    change = figures.value(name.quantity, "增减")
    what = f"“{stated.section.heading}”中的{_label(name)}"
    if before is not None and before.value is not None:
        base, base_label, base_spread = before.value, f"{before.named(here)} {format_plain(before.value)}", 1
        if change is not None and change.value is not None:
            delta, delta_label, delta_spread = change.value, f"{change.named(here)} {format_plain(change.value)}", 1
        elif now is not None and now.value is not None:
            delta, delta_label, delta_spread = now.value - base, f"{_plain(now, here)} 减上年", 2
        else:
            return
    elif now is not None and now.value is not None and change is not None and change.value is not None:
        delta, delta_label, delta_spread = change.value, f"{change.named(here)} {format_plain(change.value)}", 1
        base, base_label, base_spread = (
            now.value - delta,
            f"上年（{_plain(now, here)} 减增减）{format_plain(now.value - delta)}",
            2,
        )
    else:
        return
    if base == 0:
        reporter.error(
            stated.loc,
            "GK048",
            f"{what}为 {format_plain(stated.value)}%，但{base_label}为 0：以 0 为基数的增长率没有意义，不应写出",
        )
        return
    compare_rate(
        reporter,
        stated.loc,
        "GK048",
        what,
        stated.value,
        delta,
        base,
        delta_spread,
        base_spread,
        f"{delta_label} ÷ {base_label}",
    )


def _plain(known: Known, here: str = "") -> str:
    return f"{known.named(here)} {format_plain(known.value)}"


def _check_share(figures: Figures, name: Name, stated: Stated, reporter: Reporter) -> None:
    here = stated.section.heading
    total_name = name.of or figures.cat.share_of(name.quantity)
    what = f"“{stated.section.heading}”中的{_label(name)}"
    if total_name is None:
        reporter.warning(stated.loc, "GK047", f"{what}：不知道是占哪个数的比例，请写作“{name.quantity}{SEP}占<名称>”")
        return
    part, whole = figures.value(name.quantity), figures.value(total_name)
    if part is None or whole is None or part.value is None or whole.value is None:
        return
    if whole.value == 0:
        reporter.error(
            stated.loc, "GK047", f"{what}为 {format_plain(stated.value)}%，但{_plain(whole, here)}为 0：占比无从计算"
        )
        return
    # a set of shares of one total that the publisher forced to add up to 100%
    siblings = [
        occurrence.value
        for key, occurrences in figures.stated.items()
        if (n := parse_name(key)[0]) is not None
        and n.rate == "占比"
        and (n.of or figures.cat.share_of(n.quantity)) == total_name
        for occurrence in occurrences[:1]
    ]
    forced = len(siblings) > 1 and sum(siblings, Decimal(0)) == 100
    compare_rate(
        reporter,
        stated.loc,
        "GK047",
        what,
        stated.value,
        part.value,
        whole.value,
        1,
        1,
        f"{_plain(part, here)} ÷ {_plain(whole, here)}",
        forced_to_100=forced,
    )


def _check_completion(figures: Figures, name: Name, stated: Stated, reporter: Reporter) -> None:
    here = stated.section.heading
    period = "年初预算" if name.rate == "完成率" else "全年预算"
    done, budget = figures.value(name.quantity), figures.value(name.quantity, period)
    what = f"“{stated.section.heading}”中的{_label(name)}"
    if done is None or budget is None or done.value is None:
        return
    if not budget.value:
        shown = f"“{budget.dash}”（无数）" if budget.dash else "空白" if budget.value is None else "0"
        if period == "年初预算":
            advice = f"年初预算为 0 时（年中新设或追加的资金）应与全年预算（调整后预算）比较：写作“{name.quantity}{SEP}全年完成率”并写出“{name.quantity}{SEP}全年预算”"
        else:
            advice = "以 0 为基数的完成率没有意义，不应写出"
        reporter.error(
            stated.loc, "GK049", f"{what}为 {format_plain(stated.value)}%，但{budget.named(here)}为{shown}：{advice}"
        )
        return
    compare_rate(
        reporter,
        stated.loc,
        "GK049",
        what,
        stated.value,
        done.value,
        budget.value,
        1,
        1,
        f"{_plain(done, here)} ÷ {_plain(budget, here)}",
    )


def _check_sum(
    figures: Figures,
    total: str,
    required: Iterable[str],
    optional: Iterable[str],
    code: str,
    reporter: Reporter,
    all_listed: bool = False,
) -> None:
    """total = Σ parts, for this year and alike for each period, where one of its figures comes from the text.

    A part written ``−name`` is subtracted (年末结转和结余 = 年初 + 收入 − 支出)."""
    required_terms = [split_term(q) for q in required]
    optional_terms = [split_term(q) for q in optional]
    for period in ("", *PERIODS):
        whole = figures.known(total, period)
        if whole is None:
            continue
        needed = [(t, figures.known(t.id, period)) for t in required_terms]
        if any(k is None for _, k in needed):
            continue
        extra = [(t, figures.known(t.id, period)) for t in optional_terms]
        parts = [(t, k) for t, k in needed + extra if k is not None]
        if not parts or not any(k.from_text for k in [whole, *(k for _, k in parts)]):
            continue
        if all_listed and not any(k.from_text for _, k in parts):
            continue
        missing = [t.id for t, k in extra if k is None]
        values = [-k.value if t.negative else k.value for t, k in parts if k.value is not None]
        expected = sum(values, Decimal(0)) if values else None
        where = next(k for k in [whole, *(k for _, k in parts)] if k.from_text)
        here = where.section
        difference = any(t.negative for t, _ in parts)
        labels = "".join(("－" if t.negative else "＋" if i else "") + k.named(here) for i, (t, k) in enumerate(parts))
        what = f"“{here}”中的{whole.named(here)}" if whole.from_text else whole.label
        label = f"按 {labels} 计算" if difference else f"{labels}之和"
        if all_listed:
            label += "（未写出的类按无支出计）"
        if missing:  # optional parts the text does not state count as none; say which
            label += f"（未写出的{'、'.join(q.replace(SEP, '中的') for q in missing)}按无计）"
        compare(reporter, where.loc, code, what, whole.shown, expected, len(values), label)


def _check_subjects(figures: Figures, scope: str, code: str, reporter: Reporter) -> None:
    """A stated 类 or 款 = Σ the 款 or 项 stated under it, and the scope = Σ the 项 where no 类 is known.

    In full where the scope's table shows every 科目 under it stated (any period: the 年初预算 of
    each 项 the text lists against the 年初预算 it states), else only a sum of parts above the whole
    (a text may name the main 项 only). Where all the figures are table cells the tables' own
    hierarchy sums (GK031) check them.
    """
    cat = figures.cat
    stated: dict[str, str] = {}  # code → quantity, for the 款 and 项 the text states in this scope
    for key in figures.stated:
        name, _ = parse_name(key)
        subject = cat.subject(name.quantity) if name is not None else None
        if subject is not None and subject.code is not None and subject.scope == scope:
            stated[subject.code] = name.quantity if name is not None else key
    if not stated:
        return
    classes = {c: (q if scope == cat.default_scope else f"{scope}{SEP}{q}") for q, c in cat.classes.items()}
    table = figures.scope_table(scope)
    leaves = (
        []
        if table is None
        else [r.code for r in table.rows if not any(o.code != r.code and o.code.startswith(r.code) for o in table.rows)]
    )
    for period in ("", *PERIODS):
        known = {c: k for c, q in {**classes, **stated}.items() if (k := figures.known(q, period)) is not None}
        known = {c: k for c, k in known.items() if k.value is not None or k.from_text}
        whole = figures.known(scope, period)
        parents: list[tuple[str, Known | None]] = [(c, k) for c, k in known.items() if len(c) < 7]
        if whole is not None and not any(len(c) == 3 for c in known):
            parents.append(("", whole))
        for parent_code, parent in parents:
            if parent is None or parent.value is None:
                continue
            children = [
                c
                for c in known
                if c.startswith(parent_code)
                and len(c) > len(parent_code)
                and not any(len(parent_code) < len(o) < len(c) and c.startswith(o) for o in known)
            ]
            parts = [known[c] for c in children]
            if not parts or not any(k.from_text for k in [parent, *parts]):
                continue
            under = [leaf for leaf in leaves if leaf.startswith(parent_code)]
            complete = bool(under) and all(any(leaf.startswith(c) for c in children) for leaf in under)
            values = [k.value for k in parts if k.value is not None]
            expected = sum(values, Decimal(0))
            allowed = rounding_bound(len(values), resolution([parent.value, *values]))
            if not complete and expected - parent.value <= allowed:
                continue  # the text may name only the main 科目 under it
            where = parent if parent.from_text else next(k for k in parts if k.from_text)
            here = where.section
            what = f"“{here}”中的{parent.named(here)}" if parent.from_text else parent.label
            label = f"文中所写下级科目（{'、'.join(children)}）{PERIOD_NOTE.get(period, '')}之和"
            if not complete:
                label += "（文中未写出全部下级科目，只核对其和不超过上级）"
            compare(reporter, where.loc, code, what, parent.value, expected, len(values), label)


PERIOD_NOTE = {"上年": "的上年数", "年初预算": "的年初预算", "全年预算": "的全年预算", "增减": "的增减"}
