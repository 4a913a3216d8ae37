"""Where an ``include:`` may lead: a file inside the disclosure's own folder, not too deep, not too many."""

from __future__ import annotations

import os
from pathlib import Path

from generator.load.limits import MAX_INCLUDE_DEPTH, MAX_INCLUDES, MAX_PATH_CHARS
from generator.load.source import explain


class IncludeError(Exception):
    """The include is refused; the message says why (reported as GK009)."""


def include_path(directory: Path, root: Path, target: object, including: list[Path], count: int) -> Path:
    """The file ``target`` names, relative to ``directory``; :class:`IncludeError` when it may not be read.

    ``including`` are the files being included right now (to find loops and depth), ``count``
    the files the disclosure has read so far; ``root`` is the content directory.
    """
    if not isinstance(target, str) or not target.strip():
        raise IncludeError("include 应为文件路径（相对于 disclosure.yml）")
    shown = target if len(target) <= 80 else target[:80] + "…"
    if "\0" in target or len(target) > MAX_PATH_CHARS:
        raise IncludeError(
            f"include 的路径“{shown.replace(chr(0), '')}”无效（含有 NUL 字符或超过 {MAX_PATH_CHARS} 个字符）"
        )
    if Path(target).is_absolute():
        raise IncludeError(f"include 的文件“{shown}”应写相对于 disclosure.yml 的路径，不能是绝对路径")
    if len(including) >= MAX_INCLUDE_DEPTH:
        raise IncludeError(f"include 嵌套过深（最多 {MAX_INCLUDE_DEPTH} 层）：“{shown}”")
    if count >= MAX_INCLUDES:
        raise IncludeError(f"一个公开最多读取 {MAX_INCLUDES} 个文件：“{shown}”未读取")
    try:  # symlinks followed (each path resolved once: a build resolves thousands)
        path, folder, top = (directory / target).resolve(), directory.resolve(), root.resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop lies nowhere
        path = folder = top = Path("/")
    if folder not in path.parents or top not in path.parents:
        raise IncludeError(
            f"include 的文件“{shown}”必须在本公开的目录内（不能用 .. 或符号链接指向别处，也不能是循环的符号链接）"
        )
    if path in including:
        raise IncludeError(f"include 循环引用：“{shown}”")
    try:
        os.stat(path)
    except FileNotFoundError as exc:
        raise IncludeError(f"include 的文件“{shown}”不存在") from exc
    except OSError as exc:  # a name over 255 bytes, no permission, …
        raise IncludeError(f"include 的文件“{shown}”无法读取：{explain(exc)}") from exc
    return path
