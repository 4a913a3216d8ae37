"""The ``gongkai`` command: ``check`` validates content, ``build`` writes the site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.diagnostics import CODES
from generator.pipeline import Content, load_content
from generator.write.site import build


def print_diagnostics(content: Content, strict: bool) -> int:
    for diagnostic in content.reporter.sorted():
        print(diagnostic.format())
    errors, warnings = len(content.reporter.errors), len(content.reporter.warnings)
    failed = errors > 0 or content.site is None or (strict and warnings > 0)
    verdict = "未通过" if failed else "通过"
    print(f"检查{verdict}：{len(content.disclosures)} 个公开，{errors} 个错误，{warnings} 个警告")
    return 1 if failed else 0


def cmd_check(args: argparse.Namespace) -> int:
    if args.codes:
        for code, meaning in CODES.items():
            print(f"{code}  {meaning}")
        return 0
    content = load_content(Path(args.content))
    return print_diagnostics(content, args.strict)


def cmd_build(args: argparse.Namespace) -> int:
    content = load_content(Path(args.content))
    status = print_diagnostics(content, args.strict)
    if status != 0:
        print(f"内容有错误，未生成网站；{args.output} 保持不变")
        return status
    code, _ = build(Path(args.content), Path(args.output), pdf=not args.no_pdf, content=content)
    return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gongkai", description="部门预算信息公开静态网站生成器")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="检查内容：语法、表式、勾稽关系、完整性")
    check.add_argument("content", nargs="?", default="content", help="内容目录（默认 content）")
    check.add_argument("--strict", action="store_true", help="有警告也算失败")
    check.add_argument("--codes", action="store_true", help="列出所有问题代码")
    check.set_defaults(func=cmd_check)
    build = sub.add_parser("build", help="生成网站到 output/")
    build.add_argument("content", nargs="?", default="content", help="内容目录（默认 content）")
    build.add_argument("--output", "-o", default="output", help="输出目录（默认 output）")
    build.add_argument("--no-pdf", action="store_true", help="不生成 PDF")
    build.add_argument("--strict", action="store_true", help="有警告也不生成")
    build.set_defaults(func=cmd_build)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:  # pragma: no cover
        print("已中断", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
