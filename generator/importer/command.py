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
from generator.importer.extract import READERS, Attempt, Context, Finding, similarity
from generator.importer.shape import FIGURE, Shape, norm, shape_of
from generator.importer.sheets import Sheet, read_sources
from generator.importer.yaml_out import Document, Figure, Note
from generator.layouts import Registry, load_registry
from generator.load.content import DISCLOSURE_FILE

BACKUP_DIR = ".gongkai-backup"  # beside the year folders' disclosures, one level deeper than any
LONG_TABLE = 120  # rows: a longer table goes to a file of its own, included from disclosure.yml
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
class ImportResult:
    tables: list[Recognised] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    backup: Path | None = None


def recognise(sheet: Sheet, registry: Registry, kind_hint: str | None) -> Recognised | Skipped:
    if sheet.hidden:
        return Skipped(sheet, "隐藏的工作表")
    if not sheet.rows:
        return Skipped(sheet, "空表")
    shape = shape_of(sheet)
    if not any(shape.leaves):
        return Skipped(sheet, "没有表格（封面、目录或文字）")
    disclosure_kind = kind_hint or shape.disclosure_kind
    attempts: list[Attempt] = []
    for kind in registry.kinds.values():
        reader = READERS.get(kind.structure)
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
    if not fitting and not any(
        FIGURE.fullmatch(v.replace(",", "")) for row in sheet.rows[shape.body_start :] for v in row[1:] if v
    ):
        return Skipped(sheet, "没有金额（封面、目录或文字）")
    if not fitting:
        closest = max(attempts, key=lambda a: similarity(shape.title or sheet.name, a.kind.title), default=None)
        why = f"最接近“{closest.kind.title}”（{closest.kind.id}），但{closest.reason}" if closest else ""
        return Skipped(sheet, f"表头与任何表式都不匹配：{why}")
    return Recognised(sheet, shape, fitting[0], fitting[1] if len(fitting) > 1 else None)


def run_import(
    sources: list[str], options: Options, log: Callable[[str], None] = print, stdin: TextIO | None = None
) -> tuple[int, ImportResult]:
    """Import ``sources`` into ``options.to``; the exit status is that of ``gongkai check`` on the result."""
    target = _check_target(options)
    content_root = target.parent.parent
    reporter = Reporter()
    registry = load_registry(content_root, reporter)
    sheets = read_sources(sources, stdin if stdin is not None else sys.stdin)
    result = ImportResult()
    for sheet in sheets:
        found = recognise(sheet, registry, options.kind)
        if isinstance(found, Skipped):
            result.skipped.append(found)
            log(f"  {sheet.label}：略过（{found.reason}）")
            continue
        result.tables.append(found)
        result.findings.extend(found.attempt.findings)
        if sheet.padded:
            result.findings.append(
                Finding(sheet.label, "这种文件不带数字格式：有分位的列一律按两位小数导入，请与打印的表核对")
            )
        guess = ""
        if found.runner_up is not None and found.attempt.score - found.runner_up.score < 0.1:
            guess = f"；也可能是“{found.runner_up.kind.title}”"
        log(f"  {sheet.label} → {found.attempt.kind.title}（{found.attempt.kind.id}）{guess}")
    document = _document(result, options, sources, registry)
    result.backup = _make_room(target, options.force)
    result.written = _write(target, document, result)
    for finding in result.findings:
        log(f"{finding.where}: 注意: {finding.message}")
    if result.backup is not None:
        log(f"原有文件已备份到 {result.backup}")
    log(f"导入 {len(result.tables)} 张表，略过 {len(result.skipped)} 个工作表，写入 {target / DISCLOSURE_FILE}")
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
    required = {k.id for k in registry.required_in(kind)}
    imported = {t.attempt.kind.id for t in result.tables}
    if required and required <= imported:
        root["scope"] = "full"
    else:
        missing = [k.title for k in registry.required_in(kind) if k.id not in imported]
        root["_scope"] = Note(f"导入：缺少{'、'.join(missing)}，按部分公开（scope: partial）；补齐后改为 full")
        root["scope"] = "partial"
    if not options.department and department:
        root["_title"] = Note("导入：标题按部门、年度拼成，请改为文件印的标题")
    root["title"] = f"{department or ''}{year}年部门{kind}"
    if not unit:
        root["_unit"] = Note("导入：工作簿没有写金额单位，按万元；请核对")
    root["unit"] = unit or "万元"
    items: list[Any] = []
    for table in result.tables:
        items.append(_block(table, root["unit"]))
    root["contents"] = [{"part": f"部门{kind}公开表", "items": items}]
    return Document(root=root, header=header)


def _year_of(target: Path) -> int:
    return int(target.parent.name)


def _block(table: Recognised, unit: str) -> dict[str, Any]:
    kind = table.attempt.kind
    block: dict[str, Any] = {"table": kind.id}
    title = table.shape.title
    number = _NUMBER.match(title)
    if number and not re.fullmatch(r"[0-9.、．]+\s*", number.group(1)):
        block["number"] = number.group(1).strip()
    if number:
        title = title[number.end() :].strip()
    if title and norm(title) != norm(kind.title):
        block["title"] = title
    if table.shape.unit and table.shape.unit != unit:
        block["unit"] = table.shape.unit
    if table.runner_up is not None and table.attempt.score - table.runner_up.score < 0.1:
        block = {"_": Note(f"导入：也可能是 {table.runner_up.kind.id}（{table.runner_up.kind.title}）"), **block}
    block.update(table.attempt.data)
    return block


def _write(target: Path, document: Document, result: ImportResult) -> list[Path]:
    """disclosure.yml, and a file of its own for each long table (included where it stands)."""
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    items = document.root["contents"][0]["items"]
    for index, block in enumerate(items):
        rows = block.get("rows")
        if isinstance(rows, list) and len(rows) > LONG_TABLE:
            name = f"tables/{index + 1:02d}-{block['table']}.yml"
            (target / "tables").mkdir(exist_ok=True)
            part = target / name
            part.write_text(Document(root=block, header=document.header[:1]).dump(), encoding="utf-8")
            written.append(part)
            items[index] = {"include": name}
    path = target / DISCLOSURE_FILE
    path.write_text(document.dump(), encoding="utf-8")
    return [path, *written]
