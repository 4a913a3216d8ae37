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

try:  # the C parser is much faster and behaves the same for composing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_NULLS = {"", "~", "null", "Null", "NULL"}

# PyYAML's usual complaints, in the users' language (the original follows in brackets).
_PROBLEMS = {
    "did not find expected node content": "缺少值（列表中的空单元格请写 \"\"）",
    "did not find expected key": "缩进不一致，或缺少“键:”",
    "did not find expected ',' or ']'": "列表 [..] 没有正确结束：缺少“,”或“]”",
    "did not find expected ',' or '}'": "映射 {..} 没有正确结束：缺少“,”或“}”",
    "mapping values are not allowed": "此处不能有“: ”（含冒号加空格的文字请加引号）",
    "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请用空格",
    "found character that cannot start any token": "此处有不能开始一个值的字符（Tab 缩进或特殊符号开头的文字请加引号）",
    "found undefined alias": "引用了未定义的锚点（*名称）",
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


class LocStr(str):
    """A string that knows where it was written."""

    loc: Location

    def __new__(cls, value: str, loc: Location) -> LocStr:
        obj = super().__new__(cls, value)
        obj.loc = loc
        return obj


class LocDict(dict):
    """A mapping with the location of itself, of each key and of each value."""

    loc: Location
    key_locs: dict[str, Location]
    value_locs: dict[str, Location]


class LocList(list):
    """A sequence with the location of itself and of each item."""

    loc: Location
    item_locs: list[Location]


class YamlError(Exception):
    """A syntax error, with the place the parser stopped at."""

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(message)
        self.location = location
        self.message = message


class DuplicateKey(YamlError):
    pass


def _location(path: str, node: yaml.Node) -> Location:
    mark = node.start_mark
    return Location(path, mark.line + 1, mark.column + 1)


def _convert(node: yaml.Node, path: str) -> Any:
    loc = _location(path, node)
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.value in _NULLS:
            return None
        return LocStr(node.value, loc)
    if isinstance(node, yaml.SequenceNode):
        seq = LocList(_convert(child, path) for child in node.value)
        seq.loc = loc
        seq.item_locs = [_location(path, child) for child in node.value]
        return seq
    if isinstance(node, yaml.MappingNode):
        mapping = LocDict()
        mapping.loc = loc
        mapping.key_locs = {}
        mapping.value_locs = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(_location(path, key_node), "键必须是文字，不能是列表或映射")
            key = key_node.value
            if key in mapping:
                first = mapping.key_locs[key]
                raise DuplicateKey(
                    _location(path, key_node),
                    f"键“{key}”重复（第一次出现在第 {first.line} 行）",
                )
            mapping[key] = _convert(value_node, path)
            mapping.key_locs[key] = _location(path, key_node)
            mapping.value_locs[key] = _location(path, value_node)
        return mapping
    raise YamlError(loc, f"不支持的 YAML 节点：{node.tag}")  # pragma: no cover


def parse(text: str, display_path: str) -> Any:
    """Parse one YAML document; raise :class:`YamlError` with a location on bad input."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = _explain(exc.problem or exc.context or "无法解析")
        raise YamlError(Location(display_path, line, col), f"YAML 语法错误：{problem}") from exc
    except yaml.YAMLError as exc:
        raise YamlError(Location(display_path, 0, 0), f"YAML 语法错误：{exc}") from exc
    if node is None:
        return None
    return _convert(node, display_path)


def load_file(path: Path, display_path: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlError(Location(display_path, 1, 1), f"文件不是 UTF-8 编码：{exc.reason}") from exc
    return parse(text, display_path)
