"""YAML reading that keeps the file, line and column of every value.

All scalars are kept as text: a figure such as ``4140.30`` must reach the
model as exactly that text (then ``Decimal``), never through a float, and a
code such as ``0101`` must keep its leading zero. Plain empty values (``~``,
``null`` or nothing) become ``None`` so that an empty cell stays distinct
from a zero.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Location
from generator.load.compose import Composer
from generator.load.nodes import DuplicateKey, LocDict, LocList, LocStr, YamlError
from generator.load.source import read_source

try:  # libyaml's parser is much faster and gives the same events, marks counted in characters as well
    from yaml._yaml import CParser as _Parser

    _C_PARSER = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

    _C_PARSER = False

# PyYAML's usual complaints, in the users' language (the original follows in brackets).
_PROBLEMS = {
    "did not find expected node content": '缺少值（列表中的空单元格请写 ""）',
    "did not find expected key": "缩进不一致，或缺少“键:”",
    "did not find expected ',' or ']'": "列表 [..] 没有正确结束：缺少“,”或“]”",
    "did not find expected ',' or '}'": "映射 {..} 没有正确结束：缺少“,”或“}”",
    "mapping values are not allowed": "此处不能有“: ”（含冒号加空格的文字请加引号）",
    "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请用空格",
    "found character that cannot start any token": "此处有不能开始一个值的字符（Tab 缩进或特殊符号开头的文字请加引号）",
    "found undefined alias": "引用了未定义的锚点（*名称）",
    "expected alphabetic or numeric character": "锚点或别名的名称无效（& 或 * 后应为字母或数字）",
    "found unexpected end of stream": "文件意外结束：引号或括号没有闭合",
    "could not find expected ':'": "缺少“:”",
    "expected <block end>, but found '-'": "列表项“- ”的缩进不对",
    "while scanning a quoted scalar": "引号没有闭合",
    "found unknown escape character": "双引号中的反斜杠“\\”无效，请改用单引号",
}


def _explain(problem: str) -> str:
    for english, chinese in _PROBLEMS.items():
        if problem.startswith(english):
            return f"{chinese}（{problem}）"
    return problem


__all__ = ["DuplicateKey", "LocDict", "LocList", "LocStr", "YamlError", "load_file", "parse"]


def parse(text: str, display_path: str) -> Any:
    """Parse one YAML document; raise :class:`YamlError` with a location on bad input or a broken limit."""
    composer = Composer(display_path)
    try:
        composer.run(_Parser(text).get_event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = _explain(exc.problem or exc.context or "无法解析")
        raise YamlError(Location(display_path, line, col), f"YAML 语法错误：{problem}") from exc
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, display_path) from exc
    except yaml.YAMLError as exc:
        raise YamlError(Location(display_path, 0, 0), f"YAML 语法错误：{exc}") from exc
    return composer.root


def _reader_error(exc: yaml.reader.ReaderError, text: str, display_path: str) -> YamlError:
    """A character YAML does not allow (a NUL, another control character), located and named."""
    position = exc.position if isinstance(exc.position, int) and exc.position >= 0 else 0
    # The C reader counts bytes of the UTF-8 text, the Python one characters.
    before = text.encode("utf-8")[:position].decode("utf-8", "ignore") if _C_PARSER else text[:position]
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    return YamlError(
        Location(display_path, line, col), f"YAML 语法错误：文件中有不允许的控制字符 U+{character:04X}（请删除它）"
    )


def load_file(path: Path, display_path: str) -> Any:
    """Read (only a regular file, only so big: :mod:`generator.load.source`) and parse one YAML file."""
    data = read_source(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlError(Location(display_path, 1, 1), f"文件不是 UTF-8 编码：{exc.reason}") from exc
    return parse(text, display_path)
