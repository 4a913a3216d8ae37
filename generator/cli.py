"""The ``gongkai`` command: ``check`` validates content, ``build`` writes the site.

Exit status: 0 fine, 1 content errors (or warnings with ``--strict``), 2 a usage or environment
error (bad path, no permission, output refused), 3 an internal error: one Chinese line asking to
report it, the traceback only with ``--debug``.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator import incremental
from generator.build import build
from generator.diagnostics import CODES
from generator.incremental import Checked
from generator.layouts.registry import disclosure_kinds
from generator.pipeline import Content, cache_dir, load_content
from generator.render.environment import TEMPLATES
from generator.write.output_dir import OutputRefused, check_target

OK, CONTENT_ERRORS, USAGE, INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    """A bad path or a refused output: exit status 2."""


def checked(content: Content) -> Checked:
    """What the check of ``content`` prints (``gongkai build`` records it to print it again unchanged)."""
    return Checked(
        [diagnostic.format() for diagnostic in content.reporter.sorted()],
        len(content.reporter.errors),
        len(content.reporter.warnings),
        len(content.disclosures),
        content.site is not None,
    )


def report(result: Checked, strict: bool) -> int:
    for line in result.lines:
        print(line)
    failed = result.errors > 0 or not result.site or (strict and result.warnings > 0)
    verdict = "未通过" if failed else "通过"
    print(f"检查{verdict}：{result.disclosures} 个公开，{result.errors} 个错误，{result.warnings} 个警告")
    return 1 if failed else 0


def print_diagnostics(content: Content, strict: bool) -> int:
    return report(checked(content), strict)


def cmd_check(args: argparse.Namespace) -> int:
    if args.codes:
        for code, meaning in CODES.items():
            print(f"{code}  {meaning}")
        return 0
    content = load_content(content_dir(args.content))
    return print_diagnostics(content, args.strict)


def content_dir(argument: str) -> Path:
    path = Path(argument)
    if not argument.strip() or not path.is_dir():
        what = "不是目录" if path.exists() else "不存在"
        raise UsageError(f"内容目录“{argument}”{what}")
    return path


def cmd_build(args: argparse.Namespace) -> int:
    root = content_dir(args.content)
    try:  # refuse a bad --output before the work of checking the content
        check_target(args.output, root)
    except OutputRefused as exc:
        raise UsageError(f"拒绝生成：{exc}") from exc
    output = Path(args.output)
    # nothing changed since the last build of this output: its check again, and nothing written
    # each content file is read once, here: the load cache's keys and the output's are made from this
    digest = incremental.content_digest(root, args.content, TEMPLATES, pdf=not args.no_pdf)
    inputs = digest.inputs
    previous = incremental.unchanged(output, inputs)
    if previous is not None:
        result, pages = previous
        status = report(result, args.strict)
        if status != 0:
            print(f"内容有错误，未生成网站；{args.output} 保持不变")
            return status
        print(f"内容、模板和选项与上次生成时相同：{args.output} 已是最新（{pages} 个页面），未重新生成")
        return 0
    content = load_content(root, cache=cache_dir(output), jobs=args.jobs, folders=digest.folders)
    result = checked(content)
    status = report(result, args.strict)
    if status != 0:
        print(f"内容有错误，未生成网站；{args.output} 保持不变")
        return status
    record = (inputs, result) if inputs is not None else None
    code, _ = build(root, output, pdf=not args.no_pdf, content=content, jobs=args.jobs, record=record)
    return code


def add_import_command(sub: Any, common: argparse.ArgumentParser) -> None:
    command = sub.add_parser(
        "import", parents=[common], help="从 Excel（.xlsx/.xls）、CSV、TSV 或粘贴的表格导入为内容，再检查"
    )
    command.add_argument(
        "files", nargs="+", metavar="文件", help="要导入的文件；“-”表示从标准输入读取粘贴的表格（制表符分隔）"
    )
    command.add_argument("--to", required=True, help="写入的公开目录：content/<年度>/<目录名>")
    command.add_argument("--department", help="部门名称（工作簿没有写时）")
    command.add_argument("--year", type=int, help="年度（工作簿没有写时）")
    command.add_argument("--kind", choices=list(disclosure_kinds()), help="公开种类（工作簿没有写时）")
    command.add_argument("--unit", choices=["万元", "元"], help="金额单位（工作簿没有写时）")
    command.add_argument("--force", action="store_true", help="目录已存在时仍导入：原有文件先移到 .gongkai-backup/")
    command.add_argument(
        "--table",
        action="append",
        default=[],
        metavar="工作表=表式",
        help="指定某个工作表是哪种表（表式名如 income，或 skip 略过、text 情况说明文字）；可写多次",
    )
    command.set_defaults(func=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    from generator.importer.command import ImportRefused, Options, run_import
    from generator.importer.sheets import ReadError

    tables: dict[str, str] = {}
    for given in args.table:
        sheet, sep, kind = given.rpartition("=")
        if not sep or not sheet.strip() or not kind.strip():
            raise UsageError(f"--table 应写成 工作表=表式（如 --table 部门收入总表=income），而不是“{given}”")
        tables[sheet.strip()] = kind.strip()
    options = Options(Path(args.to), args.department, args.year, args.kind, args.unit, args.force, tables)
    try:
        run_import(args.files, options)
    except (ImportRefused, ReadError) as exc:
        raise UsageError(str(exc)) from exc
    print(f"检查 {options.to}：")
    content = load_content(options.to)
    return print_diagnostics(content, args.strict if "strict" in args else False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gongkai", description="部门预算信息公开静态网站生成器")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="内部错误时显示完整的出错位置（traceback）"
    )
    parser.add_argument("--debug", action="store_true", help="内部错误时显示完整的出错位置（traceback）")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", parents=[common], help="检查内容：语法、表式、勾稽关系、完整性")
    check.add_argument("content", nargs="?", default="content", help="内容目录（默认 content）")
    check.add_argument("--strict", action="store_true", help="有警告也算失败")
    check.add_argument("--codes", action="store_true", help="列出所有问题代码")
    check.set_defaults(func=cmd_check)
    build = sub.add_parser("build", parents=[common], help="生成网站到 output/")
    build.add_argument("content", nargs="?", default="content", help="内容目录（默认 content）")
    build.add_argument("--output", "-o", default="output", help="输出目录（默认 output）")
    build.add_argument("--no-pdf", action="store_true", help="不生成 PDF")
    build.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        metavar="N",
        help="同时读取内容和生成网页的进程数（默认为可用 CPU 数，最多 4）",
    )
    build.add_argument("--strict", action="store_true", help="有警告也不生成")
    build.set_defaults(func=cmd_build)
    add_import_command(sub, common)
    args = parser.parse_args(argv)
    return run(args)


def run(args: argparse.Namespace) -> int:
    """Run the command; whatever goes wrong becomes an exit status and one line, never a traceback."""
    try:
        command: Callable[[argparse.Namespace], int] = args.func
        return command(args)
    except KeyboardInterrupt:  # pragma: no cover
        print("已中断", file=sys.stderr)
        return 130
    except UsageError as exc:
        print(f"gongkai：{exc}", file=sys.stderr)
        return USAGE
    except OSError as exc:  # the environment: no permission, disk full, a path that cannot be used
        where = f"“{exc.filename}”" if exc.filename else ""
        print(f"gongkai：无法读写{where}：{exc.strerror or exc}", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return USAGE
    except Exception as exc:
        print(
            f"gongkai：内部错误（{type(exc).__name__}），这是 Gongkai 的缺陷而不是内容的问题；"
            "请把这一行和所用的内容报告给维护者（加 --debug 可显示出错位置）",
            file=sys.stderr,
        )
        if args.debug:
            traceback.print_exc()
        return INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
