"""``gongkai import FILE... --to content/<年度>/<目录名>``: read → recognise → write → check."""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from generator.diagnostics import Reporter
from generator.importer.extract import Attempt, Context, Finding, similarity
from generator.importer.readers import FALLBACK, READERS
from generator.importer.shape import FIGURE, Shape, norm, shape_of
from generator.importer.sheets import Sheet, read_sources
from generator.importer.text import TextPart, all_sections, is_text_sheet, part_block, read_text
from generator.importer.yaml_out import Document, Figure, Note
from generator.layouts import Registry, load_registry
from generator.layouts.spec import FormSpec
from generator.load.content import DISCLOSURE_FILE
from generator.validate.completeness import REQUIRED_TOPICS
from generator.validate.structure import TOPICS

BACKUP_DIR = ".gongkai-backup"  # beside the year folders' disclosures, one level deeper than any
LONG_TABLE = 120  # rows: a longer table goes to a file of its own, included from disclosure.yml
SKIP = ("skip", "略过")  # --table SHEET=skip
TEXT = ("text", "情况说明")  # --table SHEET=text: the sheet is 情况说明 text
TIE = 0.1  # scores closer than this: the choice is said in the output and the YAML
_NUMBER = re.compile(
    r"^([一二三四五六七八九十]+、|[0-9]+(?:\.[0-9]+)*[、.．]\s*|表[一二三四五六七八九十0-9]+[、:：\s]*)"
)


class ImportRefused(Exception):
    """A target that must not be written (exists without --force, not <年度>/<目录名>)."""


@dataclass
class Options:
    to: Path
    department: str | None = None
    year: int | None = None
    kind: str | None = None
    unit: str | None = None
    force: bool = False
    tables: dict[str, str] = field(default_factory=dict)  # --table SHEET=KIND


@dataclass
class Recognised:
    sheet: Sheet
    shape: Shape
    attempt: Attempt
    runner_up: Attempt | None = None


@dataclass
class Skipped:
    sheet: Sheet
    reason: str


@dataclass
class TextFound:
    sheet: Sheet
    part: TextPart


@dataclass
class ImportResult:
    tables: list[Recognised] = field(default_factory=list)
    texts: list[TextFound] = field(default_factory=list)
    order: list[Recognised | TextFound] = field(default_factory=list)  # as the workbook has them
    skipped: list[Skipped] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    backup: Path | None = None


def recognise(
    sheet: Sheet, registry: Registry, kind_hint: str | None, forced: str | None = None
) -> Recognised | Skipped | TextFound:
    """The kind a sheet is (or the 情况说明 text it holds), or why it is skipped. ``forced`` is
    what ``--table`` says: a kind id, skip or text."""
    if forced in SKIP:
        return Skipped(sheet, "按 --table 略过")
    if sheet.hidden and forced is None:
        return Skipped(sheet, "隐藏的工作表")
    if not sheet.rows:
        return Skipped(sheet, "空表")
    if forced in TEXT or (forced is None and is_text_sheet(sheet)):
        return TextFound(sheet, read_text(sheet))
    shape = shape_of(sheet)
    disclosure_kind = kind_hint or shape.disclosure_kind
    kinds = [registry.kinds[forced]] if forced else list(registry.kinds.values())
    attempts: list[Attempt] = []
    for kind in kinds:
        reader = READERS.get(kind.structure) or (FALLBACK.get(kind.structure) if forced else None)
        if reader is None:
            continue
        context = Context(sheet, shape, registry)
        attempt = reader(context, kind)
        attempt.findings = context.findings
        attempt.score += similarity(shape.title or sheet.name, kind.title)
        if disclosure_kind and kind.required_in and disclosure_kind not in kind.required_in:
            attempt.score -= 1  # a 决算 sheet is not a 预算 table of the same columns
        attempts.append(attempt)
    fitting = sorted((a for a in attempts if a.ok), key=lambda a: -a.score)
    if forced:
        if fitting:
            return Recognised(sheet, shape, fitting[0])
        kind = registry.kinds[forced]
        why = attempts[0].reason if attempts else "导入还不能读这种结构的表"
        return Skipped(sheet, f"按 --table 应为“{kind.title}”（{kind.id}），但{why}")
    if fitting:
        return Recognised(sheet, shape, fitting[0], fitting[1] if len(fitting) > 1 else None)
    if not any(shape.leaves):
        return Skipped(sheet, "没有表格（封面、目录或文字）")
    closest = max(attempts, key=lambda a: similarity(shape.title or sheet.name, a.kind.title), default=None)
    why = f"最接近“{closest.kind.title}”（{closest.kind.id}），但{closest.reason}" if closest else ""
    generic = _generic(sheet, shape, registry)
    if generic is not None and shape.title and "目录" not in shape.title + sheet.name:
        generic.reason = f"表头与任何表式都不匹配：{why}"
        return Recognised(sheet, shape, generic)
    if not any(FIGURE.fullmatch(v.replace(",", "")) for row in sheet.rows[shape.body_start :] for v in row[1:] if v):
        return Skipped(sheet, "没有金额（封面、目录或文字）")
    return Skipped(sheet, f"表头与任何表式都不匹配：{why}")


def _generic(sheet: Sheet, shape: Shape, registry: Registry) -> Attempt | None:
    """The sheet as a table given cell by cell, when the registry has a kind for that."""
    kind = next((k for k in registry.kinds.values() if k.structure in FALLBACK), None)
    if kind is None:
        return None
    attempt = FALLBACK[kind.structure](Context(sheet, shape, registry), kind)
    return attempt if attempt.ok else None


def resolve_tables(tables: dict[str, str], sheets: list[Sheet], registry: Registry) -> dict[int, str]:
    """``--table SHEET=KIND`` → sheet index → kind id (or skip/text); a sheet or kind that does not
    exist is refused with the names that do."""
    forced: dict[int, str] = {}
    for name, wanted in tables.items():
        matches = [i for i, s in enumerate(sheets) if _names(s, name)]
        if not matches:
            names = "、".join(f"“{s.name or s.source}”" for s in sheets)
            raise ImportRefused(f"--table {name}={wanted}：没有名为“{name}”的工作表；有：{names}")
        kind = _kind_named(wanted, registry)
        if kind is None:
            kinds = "、".join(f"{k.id}（{k.title}）" for k in registry.kinds.values())
            raise ImportRefused(
                f"--table {name}={wanted}：没有“{wanted}”这种表式；可用：{kinds}，或 skip（略过）、text（情况说明文字）"
            )
        for i in matches:
            forced[i] = kind
    return forced


def _names(sheet: Sheet, name: str) -> bool:
    """``--table`` names a sheet by its name, file:name, or the file (CSV, and "-" for standard input)."""
    if name in (sheet.label, sheet.source) or (sheet.name and norm(name) == norm(sheet.name)):
        return True
    return not sheet.name and (Path(sheet.source).name == name or (name == "-" and sheet.source == "标准输入"))


def _kind_named(wanted: str, registry: Registry) -> str | None:
    if wanted in SKIP or wanted in TEXT:
        return wanted
    if wanted in registry.kinds:
        return wanted
    titled = [k.id for k in registry.kinds.values() if norm(k.title) == norm(wanted)]
    return titled[0] if len(titled) == 1 else None


def run_import(
    sources: list[str], options: Options, log: Callable[[str], None] = print, stdin: TextIO | None = None
) -> tuple[int, ImportResult]:
    """Import ``sources`` into ``options.to``; the exit status is that of ``gongkai check`` on the result."""
    target = _check_target(options)
    content_root = target.parent.parent
    reporter = Reporter()
    registry = load_registry(content_root, reporter)
    sheets = read_sources(sources, stdin if stdin is not None else sys.stdin)
    forced = resolve_tables(options.tables, sheets, registry)
    result = ImportResult()
    for index, sheet in enumerate(sheets):
        found = recognise(sheet, registry, options.kind, forced.get(index))
        if isinstance(found, Skipped):
            result.skipped.append(found)
            log(f"  {sheet.label}：略过（{found.reason}）")
            continue
        result.order.append(found)
        if isinstance(found, TextFound):
            result.texts.append(found)
            sections = "、".join(f"{s.number}{s.title}" for s in found.part.sections[:3])
            more = f"等 {len(found.part.sections)} 节" if len(found.part.sections) > 3 else ""
            if subsections := sum(len(s.subsections) for s in found.part.sections):
                more += f"（另有 {subsections} 个小节）"
            what = (
                f"，{len(found.part.sections)} 节：{sections}{more}"
                if found.part.sections
                else "（没有“一、”式的标题，全文作为引言）"
            )
            log(f"  {sheet.label} → 情况说明文字“{found.part.title}”{what}")
            continue
        result.tables.append(found)
        result.findings.extend(found.attempt.findings)
        if sheet.padded:
            result.findings.append(
                Finding(sheet.label, "这种文件不带数字格式：有分位的列一律按两位小数导入，请与打印的表核对")
            )
        kind = found.attempt.kind
        if found.attempt.reason:  # a table given cell by cell: no kind fits
            log(f"  {sheet.label} → {kind.title}（{kind.id}），逐格照录：{found.attempt.reason}")
            continue
        guess = ""
        if found.runner_up is not None and found.attempt.score - found.runner_up.score < TIE:
            guess = (
                f"；也可能是“{found.runner_up.kind.title}”"
                f"（用 --table “{sheet.name or sheet.source}={found.runner_up.kind.id}”指定）"
            )
        log(f"  {sheet.label} → {kind.title}（{kind.id}）{guess}")
    document = _document(result, options, sources, registry)
    result.backup = _make_room(target, options.force)
    result.written = _write(target, document, result)
    for finding in result.findings:
        log(f"{finding.where}: 注意: {finding.message}")
    if result.backup is not None:
        log(f"原有文件已备份到 {result.backup}")
    texts = f"、{len(result.texts)} 份情况说明文字" if result.texts else ""
    log(f"导入 {len(result.tables)} 张表{texts}，略过 {len(result.skipped)} 个工作表，写入 {target / DISCLOSURE_FILE}")
    return 0, result


def _check_target(options: Options) -> Path:
    target = options.to
    if not re.fullmatch(r"(19|20)[0-9]{2}", target.parent.name or ""):
        raise ImportRefused(f"--to 应为 content/<年度>/<目录名>（例如 content/2026/langfang-sifaju），而不是“{target}”")
    if target.exists() and not target.is_dir():
        raise ImportRefused(f"“{target}”已存在且不是目录")
    if target.is_dir() and any(target.iterdir()) and not options.force:
        raise ImportRefused(
            f"“{target}”已存在且不为空；加 --force 导入（原有文件先备份到 {target.parent / BACKUP_DIR}）"
        )
    return target


def _make_room(target: Path, force: bool) -> Path | None:
    """With --force, move what is there into a backup folder; nothing is deleted or overwritten."""
    if not target.is_dir() or not any(target.iterdir()):
        return None
    assert force
    backups = target.parent / BACKUP_DIR
    backups.mkdir(exist_ok=True)
    n = 1
    while (backups / f"{target.name}.{n}").exists():
        n += 1
    backup = backups / f"{target.name}.{n}"
    os.rename(target, backup)
    return backup


def _common(values: list[Any]) -> Any:
    present = [v for v in values if v]
    return Counter(present).most_common(1)[0][0] if present else None


def _document(result: ImportResult, options: Options, sources: list[str], registry: Registry) -> Document:
    shapes = [t.shape for t in result.tables]
    root: dict[str, Any] = {}
    header = [
        f"由 gongkai import 从 {'、'.join(Path(s).name if s != '-' else '标准输入' for s in sources)} 导入。",
        "以 “导入：” 开头的注释是导入时的推断，核对后可删去。",
    ]
    department = options.department or _common([s.department for s in shapes])
    code = _common([s.department_code for s in shapes])
    year = options.year or _common([s.year for s in shapes]) or _year_of(options.to)
    kinds = [k for t in result.tables for k in t.attempt.kind.required_in]
    kind = options.kind or _common([s.disclosure_kind for s in shapes]) or _common(kinds) or "预算"
    units = [s.unit for s in shapes]
    unit = options.unit or _common(units)
    dept: dict[str, Any] = {}
    if code:
        dept["code"] = code
    if department:
        dept["name"] = department
    else:
        dept["_"] = Note("导入：工作簿里没有找到部门名称（如“编制部门：…”），请填写或用 --department 指定")
        dept["name"] = ""
    root["department"] = dept
    root["year"] = Figure(str(year))
    root["kind"] = kind
    missing = [k.title for k in registry.required_in(kind) if k.id not in {t.attempt.kind.id for t in result.tables}]
    topics = {topic for t in result.texts for s in all_sections(t.part) if (topic := _topic(s.title))}
    missing += [f"“{text}”的说明" for topic, text in REQUIRED_TOPICS.items() if topic not in topics]
    if registry.required_in(kind) and not missing:
        root["scope"] = "full"
    else:
        root["_scope"] = Note(f"导入：缺少{'、'.join(missing)}，按部分公开（scope: partial）；补齐后改为 full")
        root["scope"] = "partial"
    if not options.department and department:
        root["_title"] = Note("导入：标题按部门、年度拼成，请改为文件印的标题")
    root["title"] = f"{department or ''}{year}年部门{kind}"
    if not unit:
        root["_unit"] = Note("导入：工作簿没有写金额单位，按万元；请核对")
    root["unit"] = unit or "万元"
    parts: list[dict[str, Any]] = []
    tables: list[Any] | None = None
    for found in result.order:
        if isinstance(found, TextFound):
            parts.append(part_block(found.part, root["unit"], TOPICS))
            tables = None
            continue
        if tables is None:
            tables = []
            parts.append({"part": "", "items": tables})
        tables.append(_block(found, root["unit"]))
    for part in parts:
        if not part["part"]:
            part["part"] = _table_part_title(part["items"], registry, kind)
    root["contents"] = parts
    return Document(root=root, header=header)


def _topic(title: str) -> str | None:
    from generator.importer.text import topic_of

    return topic_of(title)


def _table_part_title(items: list[dict[str, Any]], registry: Registry, kind: str) -> str:
    """部门预算公开表 for the standard tables; else the title of the forms it holds (项目绩效目标表)."""
    kinds = [registry.kinds[b["table"]] for b in items if b.get("table") in registry.kinds]
    if any(kind in k.required_in for k in kinds) or not kinds:
        return f"部门{kind}公开表"
    return _common([k.title for k in kinds]) or f"部门{kind}公开表"


def _year_of(target: Path) -> int:
    return int(target.parent.name)


def _block(table: Recognised, unit: str) -> dict[str, Any]:
    kind = table.attempt.kind
    block: dict[str, Any] = {"table": kind.id}
    title = table.shape.title
    number = _NUMBER.match(title)
    form = isinstance(kind.spec, FormSpec) and kind.spec.subject is not None  # "1、" numbers the projects
    if number and (form or not re.fullmatch(r"[0-9.、．]+\s*", number.group(1))):
        block["number"] = number.group(1).strip()
    if number:
        title = title[number.end() :].strip()
    if title and norm(title) != norm(kind.title):
        block["title"] = title
    elif not title and kind.structure in FALLBACK:  # a table given cell by cell must be titled
        block["_title"] = Note("导入：工作表没有表题，按工作表名称；请改为文件印的表题")
        block["title"] = table.sheet.name or Path(table.sheet.source).stem
    if table.shape.unit and table.shape.unit != unit:
        block["unit"] = table.shape.unit
    if table.runner_up is not None and table.attempt.score - table.runner_up.score < TIE:
        block = {"_": Note(f"导入：也可能是 {table.runner_up.kind.id}（{table.runner_up.kind.title}）"), **block}
    subject = kind.spec.subject if isinstance(kind.spec, FormSpec) else None
    named = table.attempt.data.get(subject) if subject else None
    if isinstance(named, str) and block.get("title", "").endswith(f"（{named}）"):
        block["title"] = block["title"][: -len(named) - 2]  # the heading prints the title with （项目名称）
        if norm(block["title"]) == norm(kind.title):
            del block["title"]
    block.update(table.attempt.data)
    if form:
        block["_form"] = True  # written to projects/NN.yml
    return block


def _write(target: Path, document: Document, result: ImportResult) -> list[Path]:
    """disclosure.yml; each form of a project in projects/NN.yml and each long table in a file of
    its own, included where it stands (as hand-written content does)."""
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    forms = 0
    for part in document.root["contents"]:
        items = part["items"]
        for index, block in enumerate(items):
            if "table" not in block:
                continue
            rows = block.get("rows")
            name = ""
            if block.get("_form"):
                forms += 1
                name = f"projects/{forms:02d}.yml"
            elif isinstance(rows, list) and len(rows) > LONG_TABLE:
                name = f"tables/{index + 1:02d}-{block['table']}.yml"
            block.pop("_form", None)
            if not name:
                continue
            path = target / name
            path.parent.mkdir(exist_ok=True)
            path.write_text(Document(root=block, header=document.header[:1]).dump(), encoding="utf-8")
            written.append(path)
            items[index] = {"include": name}
    path = target / DISCLOSURE_FILE
    path.write_text(document.dump(), encoding="utf-8")
    return [path, *written]
